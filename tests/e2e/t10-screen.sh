#!/usr/bin/env bash
# Dual screening of the worked example's 29 reports: a pilot sample, two
# reviewers (one by spreadsheet, one by command), conflicts settled by a
# third, retrieval, full text with reasons; the counts, agreement, blinding
# and history asserted against the scenario worked out by hand below.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc

run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
# Grey literature searched in a database; other methods are tested with PRISMA.
run_ok sk import "$fx/other.ris" --source 'Grey literature'
run_ok sk dedupe

# ---- setup: reviewers, reasons, settings ----
run_ok sk reviewer add AD CF TS
run_fails 1 "reviewer 'AD' exists already" sk reviewer add AD
run_ok sk reasons add 'Wrong population' 'Not a model of care' 'Wrong setting'
run_ok sk reasons add 'Wrong publication type' --at 1
run_ok sk reasons move 'Wrong publication type' 4
run_ok sk reasons --format csv
same 'position,reason,judgements
1,Wrong population,0
2,Not a model of care,0
3,Wrong setting,0
4,Wrong publication type,0' "$(tr -d '\r' < "$TMP/out")"
run_fails 2 'screeners is the number' sk settings screeners 0
run_ok sk settings --format csv
contains "$TMP/out" '^maybe,conflict,'
contains "$TMP/out" '^pilot-pass,75%,'

# ---- pilot sample: the same seed draws the same records ----
run_ok sk sample --stage ta --n 5 --seed 7
pilot=$(sql "SELECT group_concat(record_id) FROM (SELECT record_id FROM pilot WHERE stage = 'ta' ORDER BY record_id)")
same 5 "$(sql "SELECT count(*) FROM pilot")"
cp "$SCOPEKIT_DB" again.db
sqlite3 again.db "DELETE FROM pilot"
run_ok sk --db again.db sample --stage ta --n 5 --seed 7
same "$pilot" "$(sqlite3 again.db "SELECT group_concat(record_id) FROM (SELECT record_id FROM pilot ORDER BY record_id)")"
run_fails 1 'has its pilot sample already' sk sample --stage ta --n 5

# The queue: the pilot first, then the other reports in imported order.
units="SELECT r.id FROM record r WHERE NOT EXISTS (SELECT 1 FROM dup_member m WHERE m.record_id = r.id AND m.canonical <> r.id)"
mapfile -t P < <(sql "SELECT record_id FROM pilot ORDER BY record_id; SELECT id FROM ($units) WHERE id NOT IN (SELECT record_id FROM pilot) ORDER BY id")
same 29 "${#P[@]}"
p() { echo "${P[$(($1 - 1))]}"; }   # the record at queue position N

# The spreadsheet lists AD's queue in that order, decision columns empty.
run_ok sk screen sheet --reviewer AD --stage ta --order imported -o ad.csv
same "$(printf '%s\n' "${P[@]}")" "$(sqlite3 :memory: '.import --csv ad.csv t' 'SELECT record FROM t')"
same '29||' "$(sqlite3 :memory: '.import --csv ad.csv t' "SELECT count(*), group_concat(DISTINCT decision), group_concat(DISTINCT note) FROM t WHERE reviewer = 'AD' AND stage = 'ta'")"
run_fails 1 'the file exists' sk screen sheet --reviewer AD --stage ta --order imported -o ad.csv
# Loaded back untouched, the sheet changes nothing.
before=$(store_dump)
run_ok sk screen load ad.csv
contains "$TMP/err" '0 included, 0 excluded, 0 maybe; 0 unchanged, 29 left blank'
same "$before" "$(store_dump)"

# ---- title and abstract, by hand ----
# Position:  1-5 (pilot)   6-11   12  13  14  15-29
# AD:        I I E E E     I x6   I   I   E   E x15
# CF:        I E E E E     I x6   E   M   I   E x15
# Agreed include 1, 6-11; agreed exclude 3-5, 15-29; conflicts 2, 12, 13, 14.
# Settled: 2 include (TS), 12 exclude (TS), 13 include (AD: consensus),
# 14 exclude (TS). Included: 9; excluded: 20.
ad_verdict() {
	case $1 in
	1|2|6|7|8|9|10|11|12|13) echo include ;;
	*) echo exclude ;;
	esac
}
{
	printf 'Record,Decision,Note\r\n'
	for i in $(seq 1 29); do
		printf '%s,%s,%s\r\n' "$(p "$i")" "$(ad_verdict "$i")" "$([ "$i" = 13 ] && echo '=probably')"
	done
} > ad-filled.csv

# A bad row anywhere: the whole sheet is refused, with its line.
sed 's/^\([0-9]*\),include,/\1,perhaps,/' ad-filled.csv | head -4 > bad.csv
before=$(store_dump)
run_fails 1 'bad.csv:2: decision .perhaps. is not include, exclude or maybe' sk screen load bad.csv --reviewer AD --stage ta
{ head -3 ad-filled.csv; printf '99999,include,\r\n'; } > bad.csv
run_fails 1 'bad.csv:4: there is no record 99999' sk screen load bad.csv --reviewer AD --stage ta
run_fails 1 'no stage column: give --stage' sk screen load ad-filled.csv --reviewer AD
run_fails 1 "'ZZ' is not a reviewer" sk screen load ad-filled.csv --reviewer ZZ --stage ta
run_fails 1 'bad.csv:2: record [0-9]+ is not at full text' sk screen load bad.csv --reviewer AD --stage ft
printf 'record,decision,reviewer,stage\r\n%s,include,CF,ta\r\n' "$(p 1)" > bad.csv
run_fails 1 "bad.csv:2: this row is CF's, not AD's" sk screen load bad.csv --reviewer AD
same "$before" "$(store_dump)"

run_ok sk screen load ad-filled.csv --reviewer AD --stage ta
contains "$TMP/err" '10 included, 19 excluded, 0 maybe; 0 unchanged, 0 left blank'
# The formula guard a spreadsheet would keep is taken off the note.
same '=probably' "$(sql "SELECT note FROM decision WHERE record_id = $(p 13)")"
# Loading it again adds nothing.
run_ok sk screen load ad-filled.csv --reviewer AD --stage ta
contains "$TMP/err" '0 included, 0 excluded, 0 maybe; 29 unchanged'
# The sheet with --all shows AD's judgements; the queue is empty.
run_ok sk screen sheet --reviewer AD --stage ta --order imported --all -o ad-all.csv
same '19|10' "$(sqlite3 :memory: '.import --csv ad-all.csv t' "SELECT sum(decision = 'exclude'), sum(decision = 'include') FROM t")"

# Blinding: CF has not judged yet, so AD's votes stay hidden from CF.
run_fails 1 'hidden from CF until they judge it' sk log "$(p 1)" --reviewer CF
run_fails 1 'hidden until it has them all' sk log "$(p 1)"
run_ok sk log "$(p 1)" --reviewer AD
contains "$TMP/out" 'judgement +AD +include'
run_ok sk log --reviewer CF --format csv
same 'time,record,stage,what,who,verdict,reason,note' "$(tr -d '\r' < "$TMP/out")"
run_ok sk conflicts --stage ta --format csv
same 'record,year,title,judgements' "$(tr -d '\r' < "$TMP/out")"

# CF, one command per verdict; a change of mind on the way.
cf() { run_ok sk screen decide --reviewer CF --stage ta "$@"; }
cf --include "$(p 1)" $(for i in 6 7 8 9 10 11; do p $i; done)
cf --exclude $(for i in 2 3 4 5 12; do p $i; done) $(for i in $(seq 15 29); do p $i; done)
cf --maybe "$(p 13)"
cf --include "$(p 14)" --note 'mentions a pathway'
cf --include "$(p 15)"
cf --undo "$(p 15)"
cf --exclude "$(p 15)"
same 'exclude|include|undo|exclude' "$(sql "SELECT group_concat(verdict, '|') FROM (SELECT verdict FROM decision WHERE reviewer = 'CF' AND record_id = $(p 15) ORDER BY id)")"
run_fails 2 'give one of --include' sk screen decide --reviewer CF --stage ta --include --exclude 1
run_fails 2 'say who is screening' env -u SCOPEKIT_REVIEWER "$SCOPEKIT" screen decide --stage ta --include 1
run_fails 1 'no judgement of record .* to take back' sk screen decide --reviewer TS --stage ta --undo "$(p 1)"
run_fails 2 'a reason goes with an exclusion only' sk screen decide --reviewer TS --stage ta --include --reason 'Wrong setting' "$(p 1)"
run_fails 1 "'Off topic' is not one of the review's exclusion reasons" sk screen decide --reviewer TS --stage ta --exclude --reason 'Off topic' "$(p 1)"
run_fails 1 'record .* is not at full text' sk screen decide --reviewer AD --stage ft --include "$(p 3)"

# Now both have judged: the history is open, the conflicts are listed.
run_ok sk log "$(p 1)"
contains "$TMP/out" 'AD +include'
contains "$TMP/out" 'CF +include'
run_ok sk conflicts --stage ta --format csv
same "record
$(for i in 2 12 13 14; do p $i; done | sort -n)" "$(sqlite3 :memory: '.import --csv '"$TMP/out"' t' 'SELECT record FROM t' | sed '1i record')"
contains "$TMP/out" 'AD: include ""=probably""; CF: maybe'
contains "$TMP/out" 'AD: exclude; CF: include ""mentions a pathway""'

run_ok sk screen status --stage ta --format json
same '[{"stage":"ta","ineligible_by_rules":0,"sought":0,"not_retrieved":0,"records":29,"no_judgement":0,"awaiting_another":0,"all_judgements":29,"agreed_include":7,"agreed_exclude":18,"conflicts":4,"settled_include":0,"settled_exclude":0,"pilot":5,"pilot_complete":5,"reviewers":[{"reviewer":"AD","judged":29,"awaiting":0,"included":10,"since_last_include":16,"knee_ratio":12.308,"knee_needed":146,"knee_suggests_stop":false,"estimated_relevant_left":0.000},{"reviewer":"CF","judged":29,"awaiting":0,"included":9,"since_last_include":1,"knee_ratio":7.333,"knee_needed":147,"knee_suggests_stop":false,"estimated_relevant_left":0.000},{"reviewer":"TS","judged":0,"awaiting":0,"included":0,"since_last_include":0,"knee_ratio":null,"knee_needed":156,"knee_suggests_stop":false,"estimated_relevant_left":null}],"not_screened":0,"stopped":null}]' "$(cat "$TMP/out")"

# ---- agreement, by hand ----
# Pilot (positions 1-5): a=1 b=1 c=0 d=3; po=.8, pe=(2*1+3*4)/25=.56,
# kappa=.24/.44=.545 (moderate); 80% passes the 75% mark.
run_ok sk agreement --stage ta --pilot --format csv
# SE (Fleiss, Cohen and Everitt) .3621: the interval -.164 to 1 (clipped).
same 'first,second,records,both_include,first_only,second_only,both_exclude,agreement,kappa,kappa_low,kappa_high,pabak,prevalence,bias,band,pilot_pass
AD,CF,5,1,1,0,3,0.800,0.545,-0.164,1.000,0.600,-0.400,0.200,moderate,pass' "$(tr -d '\r' < "$TMP/out")"
# The rest (positions 6-29; the maybe counts as include): a=7 b=1 c=1
# d=15; po=22/24=.917, pe=(8*8+16*16)/576=.556, kappa=.8125 (almost
# perfect), PABAK=.833, prevalence=(7-15)/24=-.333, bias 0.
run_ok sk agreement --stage ta --format csv
# SE .1267: the interval .564 to 1 (clipped).
contains "$TMP/out" '^AD,CF,24,7,1,1,15,0.917,0.812,0.564,1.000,0.833,-0.333,0.000,almost perfect'
run_ok sk settings pilot-pass 0.9
run_ok sk agreement --stage ta --pilot --format json
contains "$TMP/out" '"pilot_pass": "fail"'

# ---- settling the conflicts ----
run_fails 1 'is not in conflict at title and abstract \(the reviewers agree\)' sk resolve "$(p 1)" --stage ta --include --by TS
run_fails 2 'say who settles' env -u SCOPEKIT_REVIEWER "$SCOPEKIT" resolve "$(p 2)" --stage ta --include
run_ok sk resolve "$(p 2)" --stage ta --include --by TS --note 'describes a MoC'
run_ok sk resolve "$(p 12)" "$(p 14)" --stage ta --exclude --by TS
run_ok sk resolve "$(p 13)" --stage ta --include --by AD
same 'third|third|third|consensus' "$(sql "SELECT group_concat(method, '|') FROM (SELECT method FROM resolution ORDER BY id)")"
# A settlement taken back reopens the conflict; settled again, it counts.
run_ok sk resolve "$(p 12)" --stage ta --undo --by TS
run_ok sk conflicts --stage ta --format csv
same "$(p 12)" "$(tr -d '\r' < "$TMP/out" | sed 1d | cut -d, -f1)"
run_ok sk resolve "$(p 12)" --stage ta --exclude --by TS
run_ok sk conflicts --stage ta --all --format csv
same 4 "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"

# ---- retrieval and full text ----
mapfile -t F < <(sql "SELECT id FROM record WHERE id IN ($(for i in 1 2 6 7 8 9 10 11 13; do p $i; done | paste -sd,)) ORDER BY id")
same 9 "${#F[@]}"
f() { echo "${F[$(($1 - 1))]}"; }
run_ok sk retrieve --format csv
same 9 "$(tr -d '\r' < "$TMP/out" | grep -c ',sought,')"
run_fails 1 'is not sought for retrieval' sk retrieve "$(p 3)" --not-retrieved --reason 'no access'
run_fails 2 'say why the report was not retrieved' sk retrieve "$(f 9)" --not-retrieved
run_ok sk retrieve "$(f 9)" --not-retrieved --reason 'Paywalled; authors did not reply' --reviewer TS

# Position:  f1 f2 f3 f4  f5  f6  f7  f8   (f9 not retrieved)
# AD:        I  I  I  I   E:p E:m E:p I
# CF:        I  I  I  E:s E:p E:p E:p I    (p population, m model, s setting)
# Agreed include 4, agreed exclude 2 (population); conflicts f4 (verdicts)
# and f6 (reasons). Settled: f4 setting, f6 model.
ad() { run_ok sk screen decide --reviewer AD --stage ft "$@"; }
cf() { run_ok sk screen decide --reviewer CF --stage ft "$@"; }
ad --include "$(f 1)" "$(f 2)" "$(f 3)" "$(f 4)" "$(f 8)"
ad --exclude --reason 'Wrong population' "$(f 5)" "$(f 7)"
ad --exclude --reason 'Not a model of care' "$(f 6)"
cf --include "$(f 1)" "$(f 2)" "$(f 3)" "$(f 8)"
cf --exclude --reason 'Wrong setting' "$(f 4)"
cf --exclude --reason 'Wrong population' "$(f 5)" "$(f 6)" "$(f 7)"
run_fails 1 'is marked not retrieved' sk screen decide --reviewer AD --stage ft --include "$(f 9)"
run_fails 2 'excluding at full text needs a reason' sk screen decide --reviewer TS --stage ft --exclude "$(f 1)"
printf 'record,decision,reason\r\n%s,include,\r\n%s,exclude,\r\n' "$(f 1)" "$(f 2)" > bad.csv
run_fails 1 'bad.csv:3: excluding at full text needs a reason' sk screen load bad.csv --reviewer TS --stage ft
run_ok sk conflicts --stage ft --format csv
same "$(f 4)
$(f 6)" "$(tr -d '\r' < "$TMP/out" | sed 1d | cut -d, -f1)"
contains "$TMP/out" 'AD: exclude \(Not a model of care\); CF: exclude \(Wrong population\)'
run_fails 2 'excluding at full text needs a reason' sk resolve "$(f 4)" --stage ft --exclude --by TS
run_ok sk resolve "$(f 4)" --stage ft --exclude --reason 'Wrong setting' --by TS
run_ok sk resolve "$(f 6)" --stage ft --exclude --reason 'Not a model of care' --by TS

run_ok sk screen status --stage ft --format json
same '[{"stage":"ft","ineligible_by_rules":0,"sought":9,"not_retrieved":1,"records":8,"no_judgement":0,"awaiting_another":0,"all_judgements":8,"agreed_include":4,"agreed_exclude":2,"conflicts":0,"settled_include":0,"settled_exclude":2,"pilot":0,"pilot_complete":0,"reviewers":[{"reviewer":"AD","judged":8,"awaiting":0},{"reviewer":"CF","judged":8,"awaiting":0},{"reviewer":"TS","judged":0,"awaiting":0}]}]' "$(cat "$TMP/out")"
# Full text: a=4 b=1 c=0 d=3 (reasons aside): po=7/8.
run_ok sk agreement --stage ft --format csv
contains "$TMP/out" '^AD,CF,8,4,1,0,3,0.875,'
run_ok sk reasons --format csv
same 'position,reason,judgements
1,Wrong population,5
2,Not a model of care,2
3,Wrong setting,2
4,Wrong publication type,0' "$(tr -d '\r' < "$TMP/out")"
run_fails 1 "'Wrong setting' was given in 2 judgements" sk reasons remove 'Wrong setting'
run_ok sk reasons remove 'Wrong publication type'
run_fails 1 'AD has .* judgements in the store' sk reviewer remove AD

# A record found again through another database is screened once: a
# judgement given to a duplicate counts for its cluster.
dup=$(sql "SELECT record_id FROM dup_member WHERE canonical = $(f 1) AND record_id <> canonical LIMIT 1")
run_ok sk log "$dup" --stage ft --format csv
contains "$TMP/out" "^.*,$(f 1),ft,judgement,AD,include"

# The whole history: every fact in order, with who and why.
run_ok sk log --format csv
same "$(sql "SELECT (SELECT count(*) FROM decision) + (SELECT count(*) FROM resolution) + (SELECT count(*) FROM retrieval)")" "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
contains "$TMP/out" 'retrieval,TS,not retrieved,Paywalled; authors did not reply'
contains "$TMP/out" 'settlement \(third\),TS,exclude,Wrong setting'

# Facts carry unique ids and millisecond times, for merging copies.
same 0 "$(sql "SELECT count(*) FROM decision WHERE length(uuid) <> 32 OR decided_at NOT GLOB '????-??-??T??:??:??.???Z'")"

# ---- the PRISMA 2020 flow of this scenario ----
# 48 records, 19 duplicates, 29 screened, 20 excluded, 9 sought, 1 not
# retrieved, 8 assessed, 4 excluded (population 2, model 1, setting 1), 4
# included.
run_ok sk prisma --format json
same '{"database_results":48,"register_results":0,"website_results":0,"organisation_results":0,"citations_results":0,"duplicates":19,"excluded_automatic":0,"excluded_other":0,"records_screened":29,"records_excluded":20,"dbr_sought_reports":9,"dbr_notretrieved_reports":1,"dbr_assessed":8,"dbr_excluded":4,"other_sought_reports":0,"other_notretrieved_reports":0,"other_assessed":0,"other_excluded":0,"new_studies":4,"new_reports":4}' "$(sed 's/.*"boxes":\({[^}]*}\).*/\1/' "$TMP/out")"
contains "$TMP/out" '"reasons":\[\{"name":"Wrong population","n":2\},\{"name":"Not a model of care","n":1\},\{"name":"Wrong setting","n":1\}\]'
run_ok sk prisma
contains "$TMP/out" '^  Records screened +29$'
contains "$TMP/out" '^      Wrong population +2$'
# The PRISMA2020 template CSV: each data id once, reasons as "Reason, n; ...".
run_ok sk prisma --format prisma2020
same 'data,node,box,description,boxtext,tooltips,url,n' "$(head -1 "$TMP/out" | tr -d '\r')"
same 0 "$(tr -d '\r' < "$TMP/out" | cut -d, -f1 | sort | uniq -d | wc -l)"
contains "$TMP/out" '^dbr_excluded,.*,"Wrong population, 2; Not a model of care, 1; Wrong setting, 1"'
contains "$TMP/out" '^database_specific_results,.*,"MEDLINE \(PubMed\), 25; EMBASE, 13; Scopus, 8; Grey literature, 2"'
# The records behind a box are the ones counted.
run_ok sk prisma --explain dbr_excluded --format csv
same "$(for i in 4 5 6 7; do f $i; done | sort -n)" "$(tr -d '\r' < "$TMP/out" | sed 1d | cut -d, -f1 | sort -n)"
run_ok sk prisma --explain dbr_notretrieved_reports --format csv
same "$(f 9)" "$(tr -d '\r' < "$TMP/out" | sed 1d | cut -d, -f1)"
run_ok sk prisma --explain duplicates --format csv
same 19 "$(tr -d '\r' < "$TMP/out" | sed 1d | wc -l)"
run_fails 2 "no box 'screened'" sk prisma --explain screened
# A judgement that contradicts the flow is refused, never drawn.
run_ok sk retrieve "$(f 9)" --retrieved
run_fails 1 'full-text screening is not finished: 1 reports' sk prisma

done_testing
