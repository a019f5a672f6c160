#!/usr/bin/env bash
# Crash safety: scopekit killed (SIGKILL) at random moments during a large
# import, a deduplication, a screening sheet load and an extraction load,
# 20 times each. After every kill the store passes integrity_check, holds
# all that was committed before and nothing of the interrupted command,
# and the same command run again completes.
. "$TESTS/e2e/lib.sh"

RANDOM=20261123
# kill_during CMD...: start CMD, SIGKILL it after a random 0-0.4 s (it may
# finish first); returns nothing, the test checks the store.
kill_during() {
	"$SCOPEKIT" "$@" >/dev/null 2>&1 &
	local pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 400)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

intact() {
	same ok "$(sql 'PRAGMA integrity_check')"
}

run_ok sk init --title 'Crash safety'
for i in $(seq 1 20000); do
	printf 'TY  - JOUR\nTI  - Record %05d on care pathways for low back pain\nAU  - Author, A%d\nPY  - %d\nJO  - Journal %d\nER  - \n\n' "$i" $((i % 97)) $((2000 + i % 23)) $((i % 31))
done > big.ris
# The same titles again, as a second database would export them.
sed 's/^JO  - Journal/JO  - J/' big.ris > copy.ris

# ---- import: all of a file or none of it ----
imported=0
for k in $(seq 1 20); do
	kill_during import big.ris --source Big
	intact
	n=$(sql 'SELECT count(*) FROM record')
	checks=$((checks + 1))
	case $n in
	0) ;;
	20000) imported=$((imported + 1)); break ;;
	*) fail "kill $k left $n records: a partial import" ;;
	esac
done
# Run again, the import completes (or, if a kill came too late, it was
# complete and is refused as imported before).
if [ "$imported" -eq 0 ]; then
	run_ok sk import big.ris --source Big
else
	run_fails 1 'imported before' sk import big.ris --source Big
fi
same 20000 "$(sql 'SELECT count(*) FROM record')"
run_ok sk import copy.ris --source Copy
# A killed import left a hot journal; the store is back in WAL mode.
same wal "$(sql 'PRAGMA journal_mode')"
[ ! -e "$SCOPEKIT_DB-journal" ] || fail "a journal was left behind"
committed=$(sql 'SELECT count(*) FROM record')

# ---- dedupe: the judgements of a run all there, or none ----
for k in $(seq 1 20); do
	kill_during dedupe
	intact
	same "$committed" "$(sql 'SELECT count(*) FROM record')"
	pairs=$(sql 'SELECT count(*) FROM dup_pair')
	members=$(sql 'SELECT count(*) FROM dup_member')
	checks=$((checks + 1))
	if [ "$pairs" -ne 0 ] && [ "$members" -eq 0 ]; then
		fail "kill $k left $pairs pairs without their clusters"
	fi
done
run_ok sk dedupe
intact
# Each record of the second export is a copy of one of the first, and the
# titles differ only by their number: 20,000 duplicates, no false merge.
same 20000 "$(sql 'SELECT count(*) FROM dup_member WHERE canonical <> record_id')"
same 0 "$(sql 'SELECT count(*) FROM dup_member m JOIN record a ON a.id = m.record_id JOIN record b ON b.id = m.canonical WHERE a.title <> b.title')"

# ---- a screening sheet: every row or none ----
run_ok sk reviewer add AD
{
	echo 'record,decision,note'
	sql "SELECT id FROM record WHERE id NOT IN (SELECT record_id FROM dup_member WHERE canonical <> record_id)" |
		awk '{ print $1 "," ($1 % 3 ? "exclude" : "include") ",row " NR }'
} > sheet.csv
for k in $(seq 1 20); do
	kill_during screen load sheet.csv --reviewer AD --stage ta
	intact
	n=$(sql 'SELECT count(*) FROM decision')
	checks=$((checks + 1))
	case $n in
	0|20000) ;;
	*) fail "kill $k left $n judgements: a partial sheet" ;;
	esac
done
run_ok sk screen load sheet.csv --reviewer AD --stage ta
same 20000 "$(sql 'SELECT count(*) FROM decision')"
same 20000 "$(sql 'SELECT count(DISTINCT record_id) FROM decision')"

# ---- extraction: the worked example's sheets, every value or none ----
fx=$FIXTURES/lbp-moc
export SCOPEKIT_DB=$TMP/chart.db
run_ok sk init --title 'Charting'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
run_ok sk import "$fx/other.ris" --source Grey --kind other
run_ok sk dedupe
run_ok sk reviewer add STD AM
run_ok sk form load "$FIXTURES/../extract_forms/pcc-lbp-moc.yaml"
while IFS=$'\t' read -r study unit refs records; do
	sk study add "$study" ${records//;/ } --force >/dev/null 2>&1
	sk unit add "$unit" "$study" >/dev/null 2>&1
done < <(tail -n +2 "$fx/charting/studies.tsv")
same 11 "$(sql 'SELECT count(*) FROM unit')"
for k in $(seq 1 20); do
	"$SCOPEKIT" extract load "$fx/charting/extraction-STD.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(printf '%02d' $((RANDOM % 60)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	intact
	n=$(sql 'SELECT count(*) FROM extraction')
	[ "$n" -eq 0 ] || break
done
full=$(sql 'SELECT count(*) FROM extraction')
run_ok sk extract load "$fx/charting/extraction-STD.csv"
after=$(sql 'SELECT count(*) FROM extraction')
checks=$((checks + 1))
# Either the interrupted load wrote everything (and the rerun adds
# nothing new) or nothing (and the rerun writes it all).
if [ "$full" -ne 0 ] && [ "$full" -ne "$after" ]; then
	fail "an interrupted extraction load left $full of $after values"
fi
checks=$((checks + 1))
[ "$after" -gt 300 ] || fail "the extraction sheet loaded only $after values"

done_testing
