#!/usr/bin/env bash
# The command line: help, version, usage errors, "did you mean".
. "$TESTS/e2e/lib.sh"

run_ok sk --version
contains "$TMP/out" '^scopekit [0-9]+\.[0-9]+\.[0-9]+$'

run_ok sk --help
contains "$TMP/out" '^usage: scopekit'
commands=$(awk '/^Commands:/{on=1; next} on && /^  [a-z]/{print $1} on && /^$/{exit}' "$TMP/out")
same "init import fetch sources records show dedupe rules reviewer reasons settings screen keywords conflicts resolve log retrieve sample agreement simulate prisma form study unit extract freq query report copy merge help" "$(echo $commands)"

# Every command's help, three ways, starts with its usage line.
for c in $commands; do
	run_ok sk "$c" --help
	contains "$TMP/out" "^usage: scopekit $c"
	run_ok sk help "$c"
	contains "$TMP/out" "^usage: scopekit $c"
done
run_ok sk import -h
contains "$TMP/out" '--skip-bad'

run_fails 2 "'imprt' is not a scopekit command; did you mean 'import'\?" sk imprt x.ris
run_fails 2 "unknown option '--frobnicate'" sk records --frobnicate
contains "$TMP/err" "try 'scopekit help records'"
run_fails 2 "option '--source' needs a value" sk import x.ris --source
run_fails 2 "--source NAME" sk import x.ris
run_fails 2 "name the files" sk import --source X
run_fails 2 "not a date" sk import x.ris --source X --searched 2022-13-01
run_fails 2 "--kind is database, register or other" sk import x.ris --source X --kind web
run_fails 2 "--format is auto, pubmed, medline, ris, wos, csv or endnote" sk import x.ris --source X --format bibtex
run_fails 2 "--limit wants a whole number" sk records --limit many
run_fails 2 "^usage: scopekit" sk

done_testing
