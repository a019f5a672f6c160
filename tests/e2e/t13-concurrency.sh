#!/usr/bin/env bash
# Several reviewers screening and extracting in one store at once, each
# from their own process: four screeners write 1,000 judgements each and
# two extractors 300 values each, one command per fact; every fact is
# there afterwards, none was refused.
. "$TESTS/e2e/lib.sh"

run_ok sk init --title 'Concurrent screening'
for i in $(seq 1 1000); do
	printf 'TY  - JOUR\nTI  - Trial %d of care pathways for low back pain\nPY  - 2020\nER  - \n\n' "$i"
done > many.ris
run_ok sk import many.ris --source 'Many records'
run_ok sk reviewer add R1 R2 R3 R4 E1 E2
run_ok sk form load "$FIXTURES/../extract_forms/pcc-lbp-moc.yaml"
run_ok sk study add Trial 1 2 --force
run_ok sk unit add MoC Trial

screen_all() {
	local who=$1 verdict i
	for i in $(seq 1 1000); do
		case $(((i + ${who#R}) % 3)) in
		0) verdict=--include ;;
		1) verdict=--exclude ;;
		*) verdict=--maybe ;;
		esac
		"$SCOPEKIT" screen decide --quiet --reviewer "$who" --stage ta \
			"$verdict" "$i" || echo "$who: record $i failed"
	done
}

# chart_all EXTRACTOR: a new name for the model of care, 300 times.
chart_all() {
	local who=$1 i
	for i in $(seq 1 300); do
		"$SCOPEKIT" extract set --quiet --extractor "$who" --unit MoC \
			"moc_name=$who name $i" || echo "$who: value $i failed"
	done
}

for who in R1 R2 R3 R4; do
	screen_all "$who" >"$who.out" 2>"$who.err" &
done
for who in E1 E2; do
	chart_all "$who" >"$who.out" 2>"$who.err" &
done
wait

checks=$((checks + 1))
if [ -n "$(cat R?.err R?.out E?.err E?.out)" ]; then
	fail "a judgement or a value failed:"
	cat R?.err R?.out E?.err E?.out | sort | uniq -c | head >&2
fi
same 4000 "$(sql 'SELECT count(*) FROM decision')"
same 4000 "$(sql 'SELECT count(DISTINCT uuid) FROM decision')"
same '1000|1000|1000|1000' "$(sql "SELECT group_concat(n, '|') FROM (SELECT count(DISTINCT record_id) AS n FROM decision GROUP BY reviewer ORDER BY reviewer)")"
# Each reviewer's verdicts are the ones they gave.
same 0 "$(sql "SELECT count(*) FROM decision WHERE verdict <> CASE (record_id + substr(reviewer, 2)) % 3 WHEN 0 THEN 'include' WHEN 1 THEN 'exclude' ELSE 'maybe' END")"
# Each extractor's 300 values, in the order given; the last one counts.
same '300|300' "$(sql "SELECT group_concat(n, '|') FROM (SELECT count(DISTINCT value) AS n FROM extraction GROUP BY extractor ORDER BY extractor)")"
same 'E1 name 300|E2 name 300' "$(sql "SELECT group_concat(value, '|') FROM (SELECT value FROM extraction_current WHERE field = 'moc_name' ORDER BY extractor)")"
same ok "$(sql 'PRAGMA integrity_check')"
run_ok sk screen status --stage ta --format json
contains "$TMP/out" '"records":1000,"no_judgement":0,"awaiting_another":0,"all_judgements":1000'

done_testing
