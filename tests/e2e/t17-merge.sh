#!/usr/bin/env bash
# Screening and charting on reviewers' copies of the store: a copy keeps
# the others' work out (and out of its file), merging brings every fact
# back once, in any order to the same store, refuses copies of another
# review or schema, reports facts made apart that disagree, and a merge
# killed at any moment leaves the store as it was.
. "$TESTS/e2e/lib.sh"
form=$FIXTURES/../extract_forms/pcc-lbp-moc.yaml

# The facts and what they add up to, without ids local to a store.
canon() {
	sqlite3 "$1" <<'SQL'
SELECT 'decision', uuid, record_id, stage, reviewer, verdict, reason, note, decided_at, origin FROM decision ORDER BY uuid;
SELECT 'resolution', uuid, record_id, stage, verdict, reason, resolver, method, note, decided_at, origin FROM resolution ORDER BY uuid;
SELECT 'retrieval', uuid, record_id, status, reason, reviewer, noted_at, origin FROM retrieval ORDER BY uuid;
SELECT 'duplicate', d.uuid, p.a, p.b, p.rule, p.score, p.evidence, d.verdict, d.method, d.reviewer, d.decided_at, d.origin FROM dup_decision d JOIN dup_pair p ON p.id = d.pair_id ORDER BY d.uuid;
SELECT 'study report', r.uuid, s.name, r.record_id, r.action, r.basis, r.by_whom, r.noted_at, r.origin FROM study_report r JOIN study s ON s.id = r.study_id ORDER BY r.uuid;
SELECT 'unit study', m.uuid, u.name, s.name, m.action, m.noted_at, m.origin FROM unit_study m JOIN unit u ON u.id = m.unit_id JOIN study s ON s.id = m.study_id ORDER BY m.uuid;
SELECT 'value', e.uuid, f.key, f.version, e.level, e.record_id, s.name, u.name, e.field, e.extractor, e.answer, e.value, e.charted_at, e.origin FROM extraction e JOIN form f ON f.id = e.form_id LEFT JOIN study s ON s.id = e.study_id LEFT JOIN unit u ON u.id = e.unit_id ORDER BY e.uuid;
SELECT 'consensus', e.uuid, f.key, f.version, e.level, e.record_id, s.name, u.name, e.field, e.agreed_by, e.answer, e.value, e.agreed_at, e.origin FROM consensus e JOIN form f ON f.id = e.form_id LEFT JOIN study s ON s.id = e.study_id LEFT JOIN unit u ON u.id = e.unit_id ORDER BY e.uuid;
SELECT 'reviewer', name, created_at FROM reviewer ORDER BY name;
SELECT 'rule', uuid, kind, value, label, removed_at FROM screen_rule ORDER BY uuid;
SELECT 'hit', r.uuid, h.record_id FROM rule_hit h JOIN screen_rule r ON r.id = h.rule_id ORDER BY 2, 3;
SELECT 'form', key, version, title, text FROM form ORDER BY key, version;
SELECT 'study', name FROM study ORDER BY name;
SELECT 'unit', name FROM unit ORDER BY name;
SELECT 'cluster', record_id, canonical FROM dup_member ORDER BY record_id;
SELECT 'stop', uuid, stage, action, reason, decided_by, decided_at, origin FROM screen_stop ORDER BY uuid;
SELECT 'conflict', kind, a, b FROM merge_conflict ORDER BY 2, 3, 4;
SELECT 'merged', uuid, made_for, made_at FROM merged_copy ORDER BY uuid;
SELECT 'counts', unit, stage, reviewer, verdict, reason, decided_at FROM decision_current ORDER BY 2, 3, 4;
SELECT 'settled', unit, stage, verdict, reason, resolver, decided_at FROM resolution_current ORDER BY 2, 3;
SELECT 'retrieved', unit, status, noted_at FROM retrieval_current ORDER BY 2;
SELECT 'charted', c.level, t.name, c.field, c.extractor, c.answer, c.value FROM extraction_current c JOIN chart_target t ON t.level = c.level AND t.target = c.target ORDER BY 2, 3, 4, 5;
SELECT 'agreed', c.level, t.name, c.field, c.answer, c.value, c.how FROM consensus_current c JOIN chart_target t ON t.level = c.level AND t.target = c.target ORDER BY 2, 3, 4;
SQL
	# ...and what the commands make of it.
	local db=$1 c
	for c in 'screen status --format json' 'conflicts --stage ta --all --format csv' \
		 'agreement --stage ta --format csv' 'prisma --format json' \
		 'merge --conflicts --all --format csv' 'extract list --consensus --format csv'; do
		echo "== $c"
		# shellcheck disable=SC2086
		"$SCOPEKIT" --db "$db" $c 2>&1
	done
}

col1() { sqlite3 :memory: ".import --csv $1 t" 'SELECT record FROM t'; }

# ---- the review: 40 reports, one of them found twice ----
for i in $(seq 1 40); do
	printf 'TY  - JOUR\nTI  - Trial %d of care pathways for low back pain\nAU  - Author%d, A\nPY  - 2020\nDO  - 10.1000/trial.%d\nER  - \n\n' "$i" "$i" "$i"
done > reports.ris
printf 'TY  - JOUR\nTI  - Trial 7 of care pathways for low back pain\nAU  - Author7, A\nPY  - 2020\nDO  - 10.1000/trial.7\nER  - \n' > again.ris
run_ok sk init --title 'Copies and merges'
run_ok sk import reports.ris --source MEDLINE
run_ok sk import again.ris --source Embase
run_ok sk dedupe
same '7|41' "$(sql 'SELECT canonical, record_id FROM dup_member WHERE record_id <> canonical')"
run_ok sk reviewer add AD CF TS
run_ok sk reasons add 'Wrong population' 'Wrong setting'
run_ok sk form load "$form"
run_ok sk study add Trial 1 2 --force
run_ok sk unit add MoC Trial

# ---- a copy is blind ----
# AD has judged five reports, CF one of them; AD has charted a value.
run_ok sk screen decide --reviewer AD --stage ta --include 1 --note 'seen-by-all'
run_ok sk screen decide --reviewer AD --stage ta --include 2 3 4 5 --note 'ad-secret-4711'
run_ok sk screen decide --reviewer CF --stage ta --include 1
run_ok sk extract set --extractor AD --unit MoC moc_name=ad-value-5813
run_ok sk copy --for CF cf.db
contains "$TMP/err" 'wrote cf.db for CF; left out: 4 judgements and 0 settlements .* 1 values'
# Record 1 has both judgements (the store shows both to all); 2-5 only AD's.
same '1|AD|seen-by-all
1|CF|' "$(sqlite3 cf.db 'SELECT record_id, reviewer, note FROM decision ORDER BY reviewer')"
same 0 "$(sqlite3 cf.db 'SELECT count(*) FROM extraction')"
same 'CF' "$(sqlite3 cf.db 'SELECT made_for FROM copy_info')"
# Nothing left out is in the file, free pages included.
same 0 "$(grep -c -a -e ad-secret-4711 -e ad-value-5813 cf.db)"
checks=$((checks + 1))
grep -q -a ad-secret-4711 review.db || fail 'the main store lost a note'
# The same ids, the same review.
same "$(sql 'SELECT uuid FROM review')" "$(sqlite3 cf.db 'SELECT uuid FROM review')"
same "$(sql 'SELECT group_concat(id) FROM record')" "$(sqlite3 cf.db 'SELECT group_concat(id) FROM record')"
run_ok sk copy --for AD ad.db
same 5 "$(sqlite3 ad.db "SELECT count(*) FROM decision WHERE reviewer = 'AD'")"
# A copy is for judging.
run_fails 1 "this store is CF's copy of .*review.db, for judging: import into the main store" sk --db cf.db import again.ris --source Again --again
run_fails 1 'make copies from the main store' sk --db cf.db copy --for CF cf2.db
run_fails 1 'merge into the main store' sk --db cf.db merge ad.db
run_fails 1 'the file exists' sk copy --for CF cf.db
run_fails 1 "'ZZ' is not a reviewer" sk copy --for ZZ zz.db
run_fails 2 'say whose copy it is' sk copy zz.db
checks=$((checks + 1))
[ -e zz.db ] && fail 'a refused copy left a file'

# ---- two reviewers on their copies ----
# AD by spreadsheet: 6-20 include, 21-40 exclude (1-5 judged already).
{
	echo 'record,decision'
	for i in $(seq 6 40); do
		[ "$i" -le 20 ] && echo "$i,include" || echo "$i,exclude"
	done
} > ad-sheet.csv
run_ok sk --db ad.db screen load ad-sheet.csv --reviewer AD --stage ta
# CF one command at a time: 2-15 and 21-25 include, the rest exclude.
run_ok sk --db cf.db screen decide --reviewer CF --stage ta --include $(seq 2 15) $(seq 21 25)
run_ok sk --db cf.db screen decide --reviewer CF --stage ta --exclude $(seq 16 20) $(seq 26 40)
# In the copy, CF still sees none of AD's judgements of 2-40.
run_ok sk --db cf.db conflicts --stage ta --format csv
same 'record,year,title,judgements' "$(tr -d '\r' < "$TMP/out")"

cp review.db m1.db
cp review.db m2.db
run_ok sk --db m1.db merge ad.db cf.db --format csv
# What was there before the copies were made is present already.
same 'copy,for,kind,by,added,present,conflicts
ad.db,AD,judgement,AD,35,5,0
ad.db,AD,judgement,CF,0,1,0
ad.db,AD,duplicate,,0,1,0
ad.db,AD,study report,,0,2,0
ad.db,AD,unit study,,0,1,0
ad.db,AD,value,AD,0,1,0
cf.db,CF,judgement,AD,0,1,0
cf.db,CF,judgement,CF,39,1,0
cf.db,CF,duplicate,,0,1,0
cf.db,CF,study report,,0,2,0
cf.db,CF,unit study,,0,1,0' "$(tr -d '\r' < "$TMP/out")"
contains "$TMP/err" '2 copies: 74 facts added, 17 present already, 0 conflicts'
run_ok sk --db m2.db merge cf.db
run_ok sk --db m2.db merge ad.db
same "$(canon m1.db)" "$(canon m2.db)"
run_ok sk --db m1.db screen status --stage ta --format json
contains "$TMP/out" '"agreed_include":15,"agreed_exclude":15,"conflicts":10'
# Merging again changes nothing at all.
before=$(sqlite3 m1.db .dump)
run_ok sk --db m1.db merge cf.db ad.db
contains "$TMP/err" '0 facts added, 91 present already'
same "$before" "$(sqlite3 m1.db .dump)"

# ---- three reviewers: settlements, retrieval, duplicates, charting ----
run_ok sk merge ad.db cf.db
run_ok sk copy --for TS ts.db
run_ok sk copy --for AD ad2.db
run_ok sk copy --for CF cf2.db
# TS settles the ten conflicts; AD settles 16 the other way and 21 the same.
run_ok sk --db ts.db resolve $(seq 16 20) --stage ta --include --by TS
run_ok sk --db ts.db resolve $(seq 21 25) --stage ta --exclude --by TS
run_ok sk --db ad2.db resolve 16 21 --stage ta --exclude --by AD
run_ok sk --db ts.db retrieve 1 --not-retrieved --reason 'no access' --reviewer TS
run_ok sk --db ts.db rules add --pattern 'Trial 3[0-4] ' --field title --reviewer TS
# CF takes the duplicate apart; the extractors chart, TS and AD agree apart.
run_ok sk --db cf2.db dedupe undo 41 --reviewer CF
run_ok sk --db ad2.db extract set --extractor AD --unit MoC moc_name=Alpha
run_ok sk --db cf2.db extract set --extractor CF --unit MoC moc_name=Beta
printf 'level,id,moc_name\nunit,MoC,Gamma\n' > ts-agreed.csv
run_ok sk --db ts.db extract agree --reviewer TS --from ts-agreed.csv
printf 'level,id,moc_name\nunit,MoC,Alpha\n' > ad-agreed.csv
run_ok sk --db ad2.db extract agree --reviewer AD --from ad-agreed.csv
run_ok sk --db ad2.db study add Trial 3 --force
# CF puts the same report in another study: a report is in one at a time.
run_ok sk --db cf2.db study add 'Other trial' 3 --force

copies=(ts.db ad2.db cf2.db)
orders=('0 1 2' '0 2 1' '1 0 2' '1 2 0' '2 0 1' '2 1 0')
first=
for o in "${!orders[@]}"; do
	cp review.db "o$o.db"
	read -r -a idx <<<"${orders[$o]}"
	if [ $((o % 2)) -eq 0 ]; then
		run_ok sk --db "o$o.db" merge "${copies[${idx[0]}]}" "${copies[${idx[1]}]}" "${copies[${idx[2]}]}"
	else
		for i in "${idx[@]}"; do
			run_ok sk --db "o$o.db" merge "${copies[$i]}"
		done
	fi
	dump=$(canon "o$o.db")
	if [ -z "$first" ]; then
		first=$dump
	else
		same "$first" "$dump" || echo "  (order ${orders[$o]})" >&2
	fi
done
# What the merged store says.
db=o0.db
same 3 "$(sqlite3 $db 'SELECT count(*) FROM merge_conflict')"
same 'consensus|settlement|study report' "$(sqlite3 $db "SELECT group_concat(kind, '|') FROM (SELECT kind FROM merge_conflict ORDER BY kind)")"
same 2 "$(sqlite3 $db 'SELECT count(*) FROM resolution WHERE record_id = 16')"
same 0 "$(sqlite3 $db 'SELECT count(*) FROM dup_member')"
same 'TS|not_retrieved' "$(sqlite3 $db 'SELECT reviewer, status FROM retrieval')"
same 5 "$(sqlite3 $db 'SELECT count(*) FROM rule_hit')"
same 'Alpha|Beta' "$(sqlite3 $db "SELECT group_concat(value, '|') FROM (SELECT value FROM extraction_current WHERE field = 'moc_name' ORDER BY value)")"
run_ok sk --db o1.db merge --conflicts --format csv
same 'kind,subject,what,first_by,first,first_at,first_from,second_by,second,second_at,second_from,status' "$(head -1 "$TMP/out" | tr -d '\r')"
contains "$TMP/out" "^settlement,record 16,ta,TS,include,[^,]+,TS's copy,AD,exclude,[^,]+,AD's copy,open"
contains "$TMP/out" "^consensus,unit MoC,moc_name,TS,Gamma,[^,]+,TS's copy,AD,Alpha,[^,]+,AD's copy,open"
contains "$TMP/out" "^study report,report 3,study,,add Trial,[^,]+,AD's copy,,add Other trial,[^,]+,CF's copy,open"
# The summary told, per reviewer.
run_ok sk --db o3.db merge ts.db ad2.db cf2.db --format csv
contains "$TMP/err" '0 facts added'
cp review.db s.db
run_ok sk --db s.db merge ts.db ad2.db cf2.db --format csv
contains "$TMP/out" '^ts.db,TS,settlement,TS,10,0,1'
contains "$TMP/out" '^ad2.db,AD,settlement,AD,2,0,1'
contains "$TMP/out" '^ad2.db,AD,consensus,AD,1,0,1'
contains "$TMP/out" '^cf2.db,CF,duplicate,CF,1,0,0'
contains "$TMP/out" '^cf2.db,CF,duplicate,,0,1,0'
contains "$TMP/out" '^ad2.db,AD,study report,,1,2,1'
contains "$TMP/out" '^cf2.db,CF,study report,,1,2,1'
contains "$TMP/err" '3 conflicts'
contains "$TMP/err" "facts made apart disagree: both are kept and the newest counts"
# Settled again here, the conflict is no longer open.
run_ok sk --db s.db resolve 16 --stage ta --include --by TS
run_ok sk --db s.db merge --conflicts --format csv
same 2 "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
# So is the report's study, once it is taken out of one.
run_ok sk --db s.db study remove 'Other trial' 3
run_ok sk --db s.db merge --conflicts --format csv
same 1 "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
same '1|Trial' "$(sqlite3 s.db "SELECT count(*), group_concat(s.name) FROM study_report_current r JOIN study s ON s.id = r.study_id WHERE r.record_id = 3")"
# Keeping the value that counts now settles its conflict as well: the
# same consensus, given again, is recorded this once.
agreed=$(sqlite3 s.db 'SELECT count(*) FROM consensus')
run_ok sk --db s.db extract agree --reviewer TS --from ad-agreed.csv
same $((agreed + 1)) "$(sqlite3 s.db 'SELECT count(*) FROM consensus')"
run_ok sk --db s.db merge --conflicts --format csv
same 0 "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
run_ok sk --db s.db merge --conflicts --all --format csv
contains "$TMP/out" '^settlement,record 16,.*,settled'

# ---- stopping screening, on copies ----
# The same facts made on copies and merged (in any order), or made in one
# store, give the same stop, queues and PRISMA counts.
run_ok sk --db st0.db init --title 'Stops'
run_ok sk --db st0.db import reports.ris --source MEDLINE
run_ok sk --db st0.db reviewer add AD CF TS
cp st0.db direct.db
both() { run_ok sk --db st0.db "$@" && run_ok sk --db direct.db "$@"; }
# AD has judged 1-10, CF 1-5, when AD takes a copy.
both screen decide --reviewer AD --stage ta --include 1 2
both screen decide --reviewer AD --stage ta --exclude $(seq 3 10)
both screen decide --reviewer CF --stage ta --include 1 2
both screen decide --reviewer CF --stage ta --exclude 3 4 5
run_ok sk --db st0.db copy --for AD st-ad.db
# The team stops. CF's copy, made after, carries the stop: its queue is
# CF's queue in the store (6-10, which only AD has judged), though AD's
# judgements of them are not in it.
both screen stop --stage ta --reason 'knee reached' --reviewer TS
run_ok sk --db st0.db copy --for CF st-cf.db
contains "$TMP/err" 'screening has stopped: .* somebody had judged \(10 records\)'
same 0 "$(sqlite3 st-cf.db "SELECT count(*) FROM decision WHERE reviewer = 'AD' AND record_id > 5")"
run_ok sk --db st0.db screen sheet --reviewer CF -o cf-main.csv
run_ok sk --db st-cf.db screen sheet --reviewer CF -o cf-copy.csv
same '6 7 8 9 10' "$(col1 cf-copy.csv | sort -n | xargs)"
same "$(cat cf-main.csv)" "$(cat cf-copy.csv)"
run_ok sk --db st-cf.db screen status --stage ta --format json
same 'knee reached 30' "$(jq -r '.[0] | "\(.stopped.reason) \(.not_screened)"' "$TMP/out")"
# CF judges them, resumes in the copy, judges 11 and 12 and stops again;
# AD, whose copy never heard of a stop, judges 11 and 13 meanwhile, and
# 20 after the second stop.
both_cf() { run_ok sk --db st-cf.db "$@" && run_ok sk --db direct.db "$@"; }
both_ad() { run_ok sk --db st-ad.db "$@" && run_ok sk --db direct.db "$@"; }
both_cf screen decide --reviewer CF --stage ta --exclude $(seq 6 10)
both_cf screen stop --stage ta --undo --reviewer CF
both_cf screen decide --reviewer CF --stage ta --exclude 11 12
both_ad screen decide --reviewer AD --stage ta --exclude 11 13
both_cf screen stop --stage ta --reason 'second knee' --reviewer CF
both_ad screen decide --reviewer AD --stage ta --exclude 20
cp st0.db sm1.db
cp st0.db sm2.db
run_ok sk --db sm1.db merge st-ad.db st-cf.db --format csv
contains "$TMP/out" '^st-cf.db,CF,stop,CF,2,0,0'
contains "$TMP/out" '^st-cf.db,CF,stop,TS,0,1,0'
contains "$TMP/out" '^st-ad.db,AD,judgement,AD,3,10,0'
# 20 was judged after the stop that counts: merged, and told.
contains "$TMP/err" "warning: st-ad.db: 1 record that nobody had judged when title and abstract screening stopped \([0-9T:.Z-]+\) was judged in AD's copy: 20\. It is screened now"
checks=$((checks + 1))
grep -q 'st-cf.db: .* nobody had judged' "$TMP/err" && fail "CF's copy judged only records judged before the stop"
run_ok sk --db sm2.db merge st-cf.db
run_ok sk --db sm2.db merge st-ad.db
contains "$TMP/err" "st-ad.db: 1 record that nobody had judged .*: 20\."
same "$(canon sm1.db)" "$(canon sm2.db)"
same 3 "$(sqlite3 sm1.db 'SELECT count(*) FROM screen_stop')"
same "$(sqlite3 st-cf.db 'SELECT uuid FROM copy_info')" \
	"$(sqlite3 sm1.db "SELECT group_concat(DISTINCT origin) FROM screen_stop WHERE decided_by = 'CF'")"
# Merging again adds nothing.
before=$(sqlite3 sm1.db .dump)
run_ok sk --db sm1.db merge st-ad.db st-cf.db
contains "$TMP/err" '0 facts added'
same "$before" "$(sqlite3 sm1.db .dump)"
# What is left: 12 for AD, 13 and 20 for CF; the other 26 not screened.
for db in sm1.db direct.db; do
	for who in AD CF; do
		run_ok sk --db $db screen sheet --reviewer $who -o "left-$who-$db.csv"
	done
	run_ok sk --db $db screen status --stage ta --format json
	jq -c '.[0] | del(.stopped.at)' "$TMP/out" > "status-$db.json"
done
same '12' "$(col1 left-AD-sm1.db.csv | xargs)"
same '13 20' "$(col1 left-CF-sm1.db.csv | sort -n | xargs)"
for f in left-AD left-CF status; do
	same "$(cat $f-direct.db*)" "$(cat $f-sm1.db*)"
done
same 'second knee CF 26' "$(jq -r '"\(.stopped.reason) \(.stopped.by) \(.not_screened)"' status-sm1.db.json)"
# Finished alike, PRISMA counts them alike.
for db in sm1.db direct.db; do
	run_ok sk --db $db screen decide --reviewer AD --stage ta --exclude 12
	run_ok sk --db $db screen decide --reviewer CF --stage ta --exclude 13 20
	run_ok sk --db $db screen decide --reviewer AD --stage ft --include 1 2
	run_ok sk --db $db screen decide --reviewer CF --stage ft --include 1 2
	run_ok sk --db $db prisma --format json
	mv "$TMP/out" "prisma-$db.json"
done
same "$(cat prisma-direct.db.json)" "$(cat prisma-sm1.db.json)"
same '40 26 14 12 2' "$(jq -r '.boxes | "\(.database_results) \(.excluded_other) \(.records_screened) \(.records_excluded) \(.new_reports)"' prisma-sm1.db.json)"
# A resumption in a copy and a stop in the store, made apart, disagree:
# both are kept, the newer counts.
run_ok sk --db sm1.db copy --for TS st-ts.db
run_ok sk --db st-ts.db screen stop --stage ta --undo --reviewer TS
run_ok sk --db sm1.db screen stop --stage ta --undo --reviewer AD
run_ok sk --db sm1.db screen stop --stage ta --reason 'third knee' --reviewer AD
run_ok sk --db sm1.db merge st-ts.db
contains "$TMP/err" ' 1 conflicts'
run_ok sk --db sm1.db merge --conflicts --format csv
contains "$TMP/out" "^stop,screening,ta,TS,resume,[^,]+,TS's copy,AD,stop,[^,]+,this store,open"
run_ok sk --db sm1.db screen status --stage ta --format json
same 'third knee' "$(jq -r '.[0].stopped.reason' "$TMP/out")"

# ---- refused: another review, another schema, not a copy ----
before=$(store_dump)
run_ok sk --db other.db init --title 'Another review'
run_ok sk --db other.db import reports.ris --source MEDLINE
run_ok sk --db other.db reviewer add AD
run_ok sk --db other.db copy --for AD other-ad.db
run_fails 1 "other-ad.db: a copy of another review \('Another review'\), not of 'Copies and merges'" sk merge ts.db other-ad.db
cp cf2.db old.db
sqlite3 old.db 'PRAGMA user_version = 4'
run_fails 1 'old.db: the copy has schema 4 and this store 8' sk merge old.db
sqlite3 old.db 'PRAGMA user_version = 99'
run_fails 1 'old.db: the copy was made by a newer scopekit \(schema 99' sk merge old.db
run_fails 1 'other.db: not a copy made by .scopekit copy.' sk merge other.db
run_fails 1 'reports.ris: not a scopekit review store|file is not a database' sk merge reports.ris
run_fails 1 'nowhere.db: cannot read the copy' sk merge nowhere.db
run_fails 2 'name the copies' sk merge
same "$before" "$(store_dump)"

# ---- a merge killed at any moment leaves the store as it was ----
export SCOPEKIT_DB=$TMP/big.db
for i in $(seq 1 30000); do
	printf 'TY  - JOUR\nTI  - Record %d\nER  - \n' "$i"
done > big.ris
run_ok sk init --title 'Interrupted'
run_ok sk import big.ris --source Big
run_ok sk reviewer add AD CF
run_ok sk copy --for AD big-ad.db
run_ok sk copy --for CF big-cf.db
# Many judgements, written straight into the copies for speed.
for who in AD CF; do
	sqlite3 "big-${who,,}.db" "INSERT INTO decision (uuid, record_id, stage, reviewer, verdict, decided_at) SELECT lower(hex(randomblob(16))), id, 'ta', '$who', CASE id % 3 WHEN 0 THEN 'exclude' ELSE 'include' END, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM record"
done
original=$(sqlite3 big.db .sha3sum)
rm -f try.db try.db-wal try.db-shm
cp big.db try.db
start=$(date +%s%N)
run_ok sk --db try.db merge big-ad.db big-cf.db
took=$((($(date +%s%N) - start) / 1000000))
echo "a merge of 60,000 judgements took $took ms" >&2
killed=0 attempts=0
while [ "$killed" -lt 5 ] && [ "$attempts" -lt 30 ]; do
	attempts=$((attempts + 1))
	rm -f try.db try.db-wal try.db-shm
	cp big.db try.db
	# Kill between 5% and 60% of the time a merge takes.
	delay=$((took * (5 + RANDOM % 56) / 100))
	"$SCOPEKIT" --db try.db merge big-ad.db big-cf.db >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -9 "$pid" 2>/dev/null
	rc=0
	wait "$pid" 2>/dev/null || rc=$?
	same ok "$(sqlite3 try.db 'PRAGMA integrity_check')"
	# Done before the kill: all is in; aim earlier next time.
	if [ "$rc" -ne 137 ] ||
	   [ "$(sqlite3 try.db 'SELECT count(*) FROM decision')" = 60000 ]; then
		took=$((took * 2 / 3))
		continue
	fi
	killed=$((killed + 1))
	same "$original" "$(sqlite3 try.db .sha3sum)" || echo "  (killed after ${delay} ms)" >&2
done
checks=$((checks + 1))
[ "$killed" -ge 5 ] || fail "only $killed of $attempts merges were killed before their commit"
# Run again, the merge completes.
rm -f try.db try.db-wal try.db-shm
cp big.db try.db
run_ok sk --db try.db merge big-ad.db big-cf.db
contains "$TMP/err" '60000 facts added'
same 60000 "$(sqlite3 try.db 'SELECT count(*) FROM decision')"

done_testing
