#!/usr/bin/env bash
# Several reviewers screening one store at once, each from their own
# process: four of them write 1,000 judgements each, one command per
# judgement; every judgement is there afterwards, none was refused.
. "$TESTS/e2e/lib.sh"

run_ok sk init --title 'Concurrent screening'
for i in $(seq 1 1000); do
	printf 'TY  - JOUR\nTI  - Trial %d of care pathways for low back pain\nPY  - 2020\nER  - \n\n' "$i"
done > many.ris
run_ok sk import many.ris --source 'Many records'
run_ok sk reviewer add R1 R2 R3 R4

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

for who in R1 R2 R3 R4; do
	screen_all "$who" >"$who.out" 2>"$who.err" &
done
wait

checks=$((checks + 1))
if [ -s R1.err ] || [ -s R2.err ] || [ -s R3.err ] || [ -s R4.err ] ||
   [ -s R1.out ] || [ -s R2.out ] || [ -s R3.out ] || [ -s R4.out ]; then
	fail "a judgement failed:"
	cat R?.err R?.out | sort | uniq -c | head >&2
fi
same 4000 "$(sql 'SELECT count(*) FROM decision')"
same 4000 "$(sql 'SELECT count(DISTINCT uuid) FROM decision')"
same '1000|1000|1000|1000' "$(sql "SELECT group_concat(n, '|') FROM (SELECT count(DISTINCT record_id) AS n FROM decision GROUP BY reviewer ORDER BY reviewer)")"
# Each reviewer's verdicts are the ones they gave.
same 0 "$(sql "SELECT count(*) FROM decision WHERE verdict <> CASE (record_id + substr(reviewer, 2)) % 3 WHEN 0 THEN 'include' WHEN 1 THEN 'exclude' ELSE 'maybe' END")"
same ok "$(sql 'PRAGMA integrity_check')"
run_ok sk screen status --stage ta --format json
contains "$TMP/out" '"records":1000,"no_judgement":0,"awaiting_another":0,"all_judgements":1000'

done_testing
