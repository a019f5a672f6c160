#!/usr/bin/env bash
# PRISMA with a second column: reports found by other methods skip title
# and abstract screening and go straight to retrieval; a trial register
# counts as a register; an automation rule marks records before screening.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc

run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$FIXTURES/csv/trial-register.csv" --source 'Trial register' --kind register --map 'title=Study Title'
run_ok sk import "$fx/other.ris" --source 'Websites of health services' --kind other
run_ok sk dedupe
run_ok sk rules add --year 2015-
run_ok sk reviewer add AD CF
run_ok sk reasons add 'Wrong population'

db=$(sql "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.kind = 'database'")
reg=$(sql "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.kind = 'register'")
units="SELECT coalesce(m.canonical, r.id) AS u, max(s.kind <> 'other') AS left_col FROM record r JOIN source s ON s.id = r.source_id LEFT JOIN dup_member m ON m.record_id = r.id GROUP BY u"
left=$(sql "SELECT count(*) FROM ($units) WHERE left_col")
right=$(sql "SELECT count(*) FROM ($units) WHERE NOT left_col")
ruled=$(sql "SELECT count(*) FROM ($units) WHERE left_col AND u IN (SELECT record_id FROM rule_hit)")
same 2 "$right"

# Not screened yet: refused, with what to do.
run_fails 1 'screening is not finished: [0-9]+ records have no title and abstract outcome' sk prisma
# The other methods' reports are at full text at once, not at title and abstract.
other=$(sql "SELECT min(u) FROM ($units) WHERE NOT left_col")
run_fails 1 'found by other methods, which go straight to full text' sk screen decide --reviewer AD --stage ta --include "$other"

# Both include every record at title and abstract; at full text both
# exclude the first report sought and include the rest; one website
# report is not retrieved.
ta=$(sql "SELECT group_concat(u, ' ') FROM ($units) WHERE left_col AND u NOT IN (SELECT record_id FROM rule_hit)")
run_ok sk screen decide --reviewer AD --stage ta --include $ta
run_ok sk screen decide --reviewer CF --stage ta --include $ta
run_ok sk retrieve "$other" --not-retrieved --reason 'Page removed'
first=${ta%% *}
rest=$(sql "SELECT group_concat(u, ' ') FROM ($units) WHERE u <> $first AND u <> $other AND u NOT IN (SELECT record_id FROM rule_hit WHERE record_id IN (SELECT u FROM ($units) WHERE left_col))")
for r in AD CF; do
	run_ok sk screen decide --reviewer $r --stage ft --exclude --reason 'Wrong population' "$first"
	run_ok sk screen decide --reviewer $r --stage ft --include $rest
done

screened=$((left - ruled))
run_ok sk prisma --format json
same "{\"database_results\":$db,\"register_results\":$reg,\"website_results\":2,\"organisation_results\":0,\"citations_results\":0,\"duplicates\":$((db + reg - left)),\"excluded_automatic\":$ruled,\"excluded_other\":0,\"records_screened\":$screened,\"records_excluded\":0,\"dbr_sought_reports\":$screened,\"dbr_notretrieved_reports\":0,\"dbr_assessed\":$screened,\"dbr_excluded\":1,\"other_sought_reports\":2,\"other_notretrieved_reports\":1,\"other_assessed\":1,\"other_excluded\":0,\"new_studies\":$((screened - 1 + 1)),\"new_reports\":$((screened - 1 + 1))}" "$(sed 's/.*"boxes":\({[^}]*}\).*/\1/' "$TMP/out")"
contains "$TMP/out" '"websites":\[\{"name":"Websites of health services","n":2\}\]'
contains "$TMP/out" '"other_methods":true'
run_ok sk prisma
contains "$TMP/out" '^Identification of new studies via other methods$'
contains "$TMP/out" '^  Reports not retrieved \(other methods\) +1$'
run_ok sk prisma --explain excluded_automatic --format csv
same "$ruled" "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
run_ok sk prisma --explain other_notretrieved_reports --format csv
same "$other" "$(tr -d '\r' < "$TMP/out" | sed 1d | cut -d, -f1)"

# The diagram: SVG with every count in it, and the dot graph.
run_ok sk prisma --format svg
contains "$TMP/out" '^<svg '
contains "$TMP/out" "Records screened"
contains "$TMP/out" "\(n = $screened\)"
contains "$TMP/out" 'Websites of health'
run_ok sk prisma --format dot
contains "$TMP/out" '^digraph '

# Removing the rule brings its records back to screening: unfinished again.
run_ok sk rules remove 1
run_fails 1 "screening is not finished: $ruled records" sk prisma

done_testing
