#!/usr/bin/env bash
# Frequency tables and the query runner over the worked example, built as
# scripts/demo builds it (imports, dedupe, the screening sheets, the
# charting sheets and their consensus). Each count is asserted against
# the paper's Tables 1 and 2 (Duarte et al., BMJ Open 2024), written out
# by hand here; where the paper's text says otherwise,
# docs/EXAMPLE.md says why. Then the formats, the refusals, and
# 'scopekit query': embedded queries, files, parameters, no writes.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc
sc=$fx/screening
ch=$fx/charting
form=$FIXTURES/../extract_forms/pcc-lbp-moc.yaml

# ---- the worked example, as scripts/demo makes it ----
run_ok sk init --title 'Low back pain management in primary healthcare: a scoping review on models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)' --searched 2022-12
run_ok sk import "$fx/embase.ris" --source EMBASE --searched 2022-12
run_ok sk import "$fx/scopus.ris" --source Scopus --searched 2022-12
run_ok sk import "$fx/other.ris" --source 'Grey literature and handsearching' --kind other
run_ok sk dedupe

# Before any charting: no form, then nothing charted.
run_fails 1 "this review has no charting form yet: load one with 'scopekit form load FILE'" sk freq countries

run_ok sk reviewer add STD DC AM
run_ok sk reasons add 'Population: not low back pain' 'Concept: not a model of care' \
	'Context: not primary healthcare' 'Published before 2000'
run_ok sk rules add --year 2000-
run_ok sk rules add --language 'English, Portuguese, Spanish'
run_ok sk screen load "$sc/ta-STD.csv"
run_ok sk screen load "$sc/ta-DC.csv"
run_ok sk resolve 12 22 --stage ta --include --by DC --note 'discussed: the MoC is described'
run_ok sk retrieve
run_ok sk screen load "$sc/ft-STD.csv"
run_ok sk screen load "$sc/ft-AM.csv"
run_ok sk resolve 43 --stage ft --include --by DC --note 'primary care triage is part of the pathway'
run_ok sk form load "$form"
while IFS=$'\t' read -r study unit refs records; do
	run_ok sk study add "$study" ${records//;/ }
	run_ok sk unit add "$unit" "$study"
done < <(tail -n +2 "$ch/studies.tsv")
run_fails 1 'nothing is charted for countries \(Countries where the model of care was implemented\) yet' sk freq countries
run_ok sk extract load "$ch/extraction-STD.csv"
# One extractor alone is no consensus.
run_fails 1 'there is no consensus on countries \(Countries where the model of care was implemented\) yet: 11 values are charted' sk freq countries
run_ok sk extract load "$ch/extraction-AM.csv"
# STarT Back's countries are one of the ten differences: awaiting.
run_ok sk freq countries --format tsv
contains "$TMP/out" '^awaiting consensus	awaiting consensus	1	9\.1	11$'
run_ok sk extract agree --from "$ch/consensus.csv" --reviewer DC

# freq VALUE... as "value n" lines, rows with n > 0 only
counts() {
	sk freq "$@" --format tsv > "$TMP/freq" || fail "freq $* failed"
	tail -n +2 "$TMP/freq" | awk -F'\t' '$3 > 0 {print $1 " " $3}'
}

# ---- the paper's counts ----
# Results, General description: "Most implementations (n=5) were set in
# the UK, followed by the USA (n=2) and Canada (n=2)"; STarT Back also in
# Ireland and Denmark, BetterBack in Sweden, BAC in Australia (Table 1).
same 'UK 5
Ireland 1
Denmark 1
Sweden 1
USA 2
Canada 2
Australia 1' "$(counts countries)"
# Table 1's Country column, per study (Table 2's 16 rows): the UK's 8 are
# STarT Back and IMPaCT Back, SCOPiC, the three pathway sites, BBPS and
# North East Essex.
same 'UK 8
Ireland 1
Denmark 1
Sweden 1
USA 2
Canada 2
Australia 1' "$(counts country --level study)"
# The country charted per study, rolled up to the models: the same as
# the Results' countries.
same "$(counts countries)" "$(counts country)"

# Table 2, Type of care, per model: stratified 6 (STarT Back, SCOPiC,
# MATCH, TARGET, ISAEC, SSP), hybrid 4 (BetterBack, the pathway, BBPS,
# North East Essex), stepped 1 (BAC). The text says 7 stratified.
same 'Stratified 6
Stepped 1
Hybrid (stratified/stepped) 4' "$(counts type_of_care)"
# Per implementation (Table 2's rows): the pathway's North site is "Not
# reported".
same 'Stratified 9
Stepped 1
Hybrid (stratified/stepped) 5
not reported 1' "$(counts type_of_care --level study)"
# What patients are stratified by (Table 2, in brackets; the Results for
# BetterBack and the pathway). BAC's stepped care has none: not charted.
same 'Prognosis 6
Pattern diagnosis 3
Patient preference 2
not charted 1' "$(counts care_basis)"

# Table 1, Type of study, per report (29).
same 'RCT 3
Cluster RCT 4
RCT (cost-utility) 2
Non-randomised controlled trial 1
Observational cohort 4
Observational cohort, before-after 2
Observational cohort pilot study 1
Retrospective study, registry based 2
Qualitative 5
Mixed methods 4
Report 1' "$(counts design --level report)"
same 'n = 29 reports, counted from the consensus' "$(sk freq design --level report | sed -n 2p)"
# Grouped as the Results count them: RCTs 9, observational cohorts 9,
# quantitative 19; qualitative 5 in 5 MoCs; mixed methods 4 reports in
# 4 MoCs (the text: 5 in 3 MoCs); one report (Greenough, grey literature).
run_ok sk query study_designs --format tsv
same 'approach	design	reports	units
quantitative	randomised controlled trials	9	5
quantitative	observational cohorts	9	7
quantitative	non-randomised controlled trials	1	1
quantitative	all	19	10
qualitative	qualitative	5	5
mixed methods	mixed methods	4	4
other	reports	1	1
other	other designs	0	0' "$(cat "$TMP/out")"
# Grey literature: Table 1 marks two reports (refs 44 and 47).
same 'yes 2
no 27' "$(counts grey_literature --level report)"
# Published between 2011 and 2022 (Results, Search results).
same '2011 2022' "$(counts year --level report | awk 'NR == 1 {a = $1} {b = $1} END {print a, b}')"

# Table 2, Health professionals, per model.
same 'GPs 5
Primary care physicians 4
Nurses 1
Nurse practitioners/physician assistants 2
PTs 9
Specialist PTs 2
TTPs 1
Chiropractors 3
Osteopaths 2
Acupuncturists 1
Occupational therapists 1
Psychotherapists 1
Pharmacists 1
Spinal surgeons 5
Neurosurgeons 1
Rheumatologists 2
Pain specialists 1
Multidisciplinary staff 1' "$(counts professionals)"
# "Four models also include osteopaths, chiropractors and acupuncturists":
# the models with any of the three, by a query file of one's own.
cat > manual.sql <<'EOF'
-- manual: the units with any of three choices of a field
--   :field  the field
--   :a      a choice
--   :b      another
--   :c      a third
SELECT count(DISTINCT unit) AS units FROM unit_item
WHERE field = :field AND choice IN (:a, :b, :c)
EOF
run_ok sk query manual.sql --param field=professionals --param a=Osteopaths \
	--param b=Chiropractors --param c=Acupuncturists --format csv
same 'units
4' "$(tr -d '\r' < "$TMP/out")"
any_of() {	# FIELD A B C: the units with any of the three
	sk query manual.sql --param field="$1" --param a="$2" --param b="$3" \
		--param c="$4" --format tsv | tail -n +2
}
# "Four MoCs also include advanced practice clinicians": TTPs or
# specialist PTs in 3 (Table 2 lists none for ISAEC, which the text cites).
same 3 "$(any_of professionals TTPs 'Specialist PTs' none)"
# "general practitioners and physiotherapists ... in all MoCs": a GP or
# another primary care physician in 9, PTs of either kind in 10.
same 9 "$(any_of professionals GPs 'Primary care physicians' none)"
same 10 "$(any_of professionals PTs 'Specialist PTs' none)"

# Table 2, Settings, as levels of care, per model: all in primary care.
same 'Primary healthcare 11
Community care 3
Primary/secondary care interface 2
Secondary care 2
Tertiary care 1
Specialist spine clinics 2
Specialist pain management services 1' "$(counts levels_of_care)"
# "Most MoCs (n=10) encompass multiple healthcare settings": by levels
# of care, 7 do; the 4 in primary care alone are STarT Back, MATCH,
# TARGET and BetterBack (the text names the last three).
cat > levels.sql <<'EOF'
-- levels: how many units have more than one value of a field, and which do not
--   :field  the field
SELECT sum(k > 1) AS several, group_concat(CASE WHEN k = 1 THEN unit END, '; ') AS one
FROM (SELECT unit, count(*) AS k FROM unit_item WHERE field = :field GROUP BY unit ORDER BY unit)
EOF
run_ok sk query levels.sql --param field=levels_of_care --format tsv
same '7	BetterBack; MATCH; STarT Back; TARGET' "$(tail -n +2 "$TMP/out")"
# "SCOPiC, Low Back and Radicular Pain Pathway and BAC also include other
# settings, such as interface, secondary and tertiary care services".
same 3 "$(any_of levels_of_care 'Primary/secondary care interface' 'Secondary care' 'Tertiary care')"

# Table 2, Population; Results: North East Essex and BAC include neck pain.
same 'LBP 11
Radicular pain 4
Radiculopathy 2
Neck pain 2
Other 1' "$(counts population)"
run_ok sk freq population --others --format tsv
same 'other	n
suspected sciatica	1' "$(cat "$TMP/out")"
# "BBPS and Irish STarT Back were the only MoCs that established the
# duration of pain": 2 of the 16 studies.
same 'more than 3 months 1
more than 6 weeks 1
not reported 14' "$(counts pain_duration --level study)"
# Table 2, MoC goals: "Most MoCs (n=8) aimed to promote evidence-informed
# practice"; equitable access only in the pathway and North East Essex.
counts goals > goals.txt
contains goals.txt '^Promote EBP and/or guideline-concordant care 8$'
contains goals.txt '^Promote timely and/or equitable access to care 2$'
# Results, Referral and assessment.
same 'GP 11
Self-referral 3
Other health professionals 3
Surgeons 2' "$(counts referral)"
# Counts of the text against the references it cites, each reference's
# MoC from Table 1 (studies.tsv maps references to record ids).
cat > cited.sql <<'EOF'
-- cited: how many units a list of reports belongs to
--   :records  the reports' record ids as a JSON array
SELECT count(DISTINCT us.unit_id) AS units
FROM study_report_current sr
JOIN unit_study_current us ON us.study_id = sr.study_id
WHERE sr.record_id IN (SELECT value FROM json_each(:records))
EOF
cited() {	# REF...: the number of MoCs those references report
	local refs=" $* " json
	json=$(tail -n +2 "$ch/studies.tsv" | awk -F'\t' -v refs="$refs" '
		{ n = split($3, r, ";"); split($4, id, ";")
		  for (i = 1; i <= n; i++) if (index(refs, " " r[i] " ")) out = out (out ? "," : "") id[i] }
		END { print "[" out "]" }')
	sk query cited.sql --param records="$json" --format tsv | tail -n +2
}
# "clinical effectiveness and efficacy of nine MoCs": 8
same 8 "$(cited 34 39 42 44 46 48 49 51 55 57 58 60 61 62)"
# "healthcare resources utilisation of seven MoCs": 6
same 6 "$(cited 34 39 46 52 53 54 56 57 58 60 61 62)"
# "economic evaluations were solely performed for three MoCs": 2
same 2 "$(cited 34 35 46 58 60 61)"
# "Qualitative studies (n=5; 5 MoCs)", mixed methods "3 MoCs": as cited
same 5 "$(cited 36 37 41 45 59)"
same 3 "$(cited 38 47 50)"
# Interventions (education n=10, exercise n=9...) come from the online
# supplement, which the worked example does not chart.
run_fails 1 'nothing is charted for interventions \(Health interventions\) yet' sk freq interventions

# ---- the table and its notes ----
run_ok sk freq countries
same 'Countries where the model of care was implemented (countries)
n = 11 models of care, counted from the consensus' "$(head -2 "$TMP/out")"
contains "$TMP/out" '^UK +5 +45\.5$'
contains "$TMP/out" '^Other +0 +0\.0$'
contains "$TMP/out" '^not reported +0 +0\.0$'
contains "$TMP/out" '^unclear +0 +0\.0$'
contains "$TMP/out" '^A multiple choice: each model of care is counted once for each of its values, so the percentages add up to more than 100\.$'
contains "$TMP/out" '^Choices on the form that no model of care has are shown with 0\.$'
run_ok sk freq population --format md
contains "$TMP/out" '^\| Target population \| n \| % \|$'
contains "$TMP/out" '^\| :--- \| ---: \| ---: \|$'
contains "$TMP/out" '^\| LBP \| 11 \| 100\.0 \|$'
contains "$TMP/out" '^Other, as charted: suspected sciatica \(1\)\.$'
run_ok sk freq care_basis --level study --format csv
contains "$TMP/out" '^not charted,not charted,1,6\.3,16'
run_ok sk freq type_of_care --by countries --format csv
same 'value,kind,UK,Ireland,Denmark,Sweden,USA,Canada,Australia,all,percent,total
Stratified,choice,2,1,1,0,2,2,0,6,54.5,11
Stepped,choice,0,0,0,0,0,0,1,1,9.1,11
Hybrid (stratified/stepped),choice,3,0,0,1,0,0,0,4,36.4,11
not reported,not reported,0,0,0,0,0,0,0,0,0.0,11
unclear,unclear,0,0,0,0,0,0,0,0,0.0,11' "$(tr -d '\r' < "$TMP/out")"
run_ok sk freq countries --format json
if command -v jq >/dev/null; then
	same '11 5 45.5' "$(jq -r '"\(.total) \(.rows[0].n) \(.rows[0].percent)"' "$TMP/out")"
	same 'models of care' "$(jq -r .counted "$TMP/out")"
fi
run_ok sk freq professionals --format svg
contains "$TMP/out" '^<svg '
contains "$TMP/out" '>PTs</text>'
contains "$TMP/out" '>9 \(81\.8%\)</text>'
if command -v xmllint >/dev/null; then
	xmllint --noout --nonet "$TMP/out" 2>"$TMP/xmlerr" || fail "the chart is not well-formed: $(cat "$TMP/xmlerr")"
fi
# The same numbers from the query itself.
run_ok sk query freq --param field=countries --param level=unit --format tsv
same 'UK	choice	5	11	45.5' "$(sed -n 2p "$TMP/out")"

# ---- refusals ----
run_fails 1 "the form has no field 'contries' \(did you mean 'countries'\?\)" sk freq contries
run_fails 2 'countries is charted per unit, so it cannot be counted per study: count it per unit \(--level unit\)' sk freq countries --level study
run_fails 2 "--level is report, study or unit, not 'moc'" sk freq countries --level moc
run_fails 2 "--format is table, md, csv, tsv, json or svg, not 'pdf'" sk freq countries --format pdf
run_fails 2 'name the field to count' sk freq
run_fails 2 "--by names countries again" sk freq countries --by countries
to_full() { "$@" > /dev/full; }
run_fails 1 'cannot write the output' to_full sk freq countries --format svg
run_fails 1 'cannot write the output' to_full sk query freq --param field=countries --param level=unit

# ---- query: the list, the SQL, parameters, files ----
run_ok sk query --list --format tsv
same 'query	computes
freq	n and % of the units, studies or reports with each value of a field
freq_by	a cross-tabulation of two fields, n for each pair of values
freq_others	the texts charted after "Other:" for a field, with n
studies_table1	Table 1, characteristics of the included studies, a row per report
study_designs	the worked example'"'"'s types of study, grouped as its text
units_table2	Table 2, characteristics of each unit (model of care), a row per study' "$(cat "$TMP/out")"
run_ok sk query --show freq
same "$(cat "$FIXTURES/../queries/freq.sql")" "$(cat "$TMP/out")"
# Table 1 and Table 2 again, a row each.
run_ok sk query studies_table1 --format tsv
same 30 "$(wc -l < "$TMP/out")"
same 'STarT Back (Subgroups for targeted treatment)	UK	Hill et al (2011)' "$(sed -n 2p "$TMP/out" | cut -f1-3)"
contains "$TMP/out" '^Low back and radicular pain pathway	UK \(National\)	Greenough \(2017\)	.*	Report \(grey literature\)$'
run_ok sk query units_table2 --format tsv
same 17 "$(wc -l < "$TMP/out")"
contains "$TMP/out" '^SCOPiC	SCOPiC trial	.*	Stratified \(by prognosis; pattern diagnosis\)	'
run_fails 2 'freq needs --param level=VALUE \(what is counted: report, study or unit\)' sk query freq --param field=countries
run_fails 2 "freq has no parameter ':lvl' \(it has :field, :level\)" sk query freq --param field=countries --param level=unit --param lvl=x
run_fails 2 '--param field is given twice' sk query freq --param field=a --param field=b
run_fails 2 "write a parameter as --param NAME=VALUE, not 'field'" sk query freq --param field
run_fails 1 "there is no query 'frq' \(did you mean 'freq'\?\)" sk query frq
run_fails 2 'name the query' sk query
run_fails 1 'no such file|cannot open' sk query missing.sql
run_fails 1 "freq.sql: there is no such file here; the query compiled in is named 'freq'" sk query freq.sql

# ---- query never writes ----
before=$(store_dump)
printf -- '-- tidy up\n\nDELETE FROM decision\n  WHERE 1;\n' > delete.sql
run_fails 1 "delete.sql:3: this statement would delete from 'decision': a query only reads" sk query delete.sql
printf 'SELECT 1;\nUPDATE record SET title = NULL;\n' > update.sql
run_fails 1 "update.sql:2: this statement would update 'record'" sk query update.sql
printf 'DROP TABLE record' > drop.sql
run_fails 1 'drop.sql:1: this statement would drop a table, index, view or trigger' sk query drop.sql
printf "ATTACH 'x.db' AS x" > attach.sql
run_fails 1 'attach.sql:1: this statement would attach a database' sk query attach.sql
printf 'PRAGMA query_only = OFF' > pragma.sql
run_fails 1 "pragma.sql:1: this statement would set PRAGMA 'query_only'" sk query pragma.sql
printf "VACUUM INTO 'copy.db'" > vacuum.sql
run_fails 1 'vacuum.sql:1: this statement would change the store' sk query vacuum.sql
printf 'SELECT 1;\nSELECT 2;\n' > two.sql
run_fails 1 'two.sql:2: a query is one statement' sk query two.sql
printf 'SELECT\n  nosuch\nFROM record' > typo.sql
run_fails 1 'typo.sql:2: no such column: nosuch' sk query typo.sql
same "$before" "$(store_dump)"
[ -e x.db ] && fail 'ATTACH made x.db'
[ -e copy.db ] && fail 'VACUUM INTO made copy.db'

done_testing
