#!/usr/bin/env bash
# Charting: the form (checked with every problem's line, loaded, versioned),
# studies and units, values checked against the form, the extraction sheet's
# round trip, dual extraction compared and agreed, the history kept; and the
# worked example charted completely, its consensus equal to Tables 1 and 2.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc
form=$FIXTURES/../extract_forms/pcc-lbp-moc.yaml

# ---- forms ----
run_ok sk form check "$form"
contains "$TMP/err" "form 'pcc-lbp-moc' version 1 is valid: 5 sections, 25 fields \(5 per report, 11 per study, 9 per unit\)"

cat > bad.yaml <<'EOF'
form: bad
version: 1
title: A form with slips
sections:
  - section: Study
    level: report
    fields:
      - key: year
        label: Year
        type: year
      - key: design
        label: Design
        type: dropdown
      - key: year
        label: Year again
        type: integer
      - key: country
        label: Country
        type: single choice
      - key: doi
        label: DOI
        type: text
        pattern: '10\.(\d+'
EOF
run_fails 1 'bad.yaml:23:18: the pattern of field' sk form check bad.yaml
same "scopekit: form: bad.yaml:13:15: unknown type 'dropdown': a field is text, long text, integer, number, year, date, single choice, multiple choice or yes/no
scopekit: form: bad.yaml:14:14: field key 'year' is used twice (first at line 8)
scopekit: form: bad.yaml:17:9: field 'country' is a single choice but has no choices
scopekit: form: bad.yaml:23:18: the pattern of field 'doi' is not valid: missing closing parenthesis (at character 9)" "$(cat "$TMP/err")"
printf 'form: bad\nversion: 1\ntitle: T\nsections:\n  - section: S\n    fields:\n      - key: a\n        label: Year: of study\n' > slip.yaml
run_fails 1 "slip.yaml:8:.*put text that holds ': ' in quotes" sk form check slip.yaml
run_fails 1 'no such file|cannot open' sk form check missing.yaml

run_ok sk init --title 'LBP models of care'
run_fails 1 'has no charting form yet' sk form show
before=$(store_dump)
run_fails 1 'bad.yaml:13:15: unknown type' sk form load bad.yaml
same "$before" "$(store_dump)"
run_ok sk form load "$form"
contains "$TMP/err" "version 1 loaded"
run_ok sk form load "$form"
contains "$TMP/err" 'was loaded already; nothing changed'
same 1 "$(sql 'SELECT count(*) FROM form')"
same 25 "$(sql 'SELECT count(*) FROM form_field')"
run_ok sk form show --format csv
same 26 "$(wc -l < "$TMP/out")"
contains "$TMP/out" '^Concept,type_of_care,Type of care,single choice,study,yes,Stratified; Stepped; Hybrid \(stratified/stepped\),,'
run_ok sk form show --text
same "$(cat "$form")" "$(cat "$TMP/out")"
# The same version changed is refused; a newer version is kept beside it,
# an older one refused (in a store of its own).
sed 's/^title: .*/title: Changed/' "$form" > v1-changed.yaml
run_fails 1 "version 1 of form 'pcc-lbp-moc' is loaded already with other content: raise 'version'" sk form load v1-changed.yaml
sed 's/^version: 1/version: 2/; s/^          - Neck pain$/          - Neck pain\n          - Sciatica/' "$form" > v2.yaml
run_ok sk --db versions.db init --title 'Versions'
run_ok sk --db versions.db form load v2.yaml
run_fails 1 "version 1 of form 'pcc-lbp-moc' is older than version 2" sk --db versions.db form load "$form"
run_ok sk --db versions.db form load v2.yaml
contains "$TMP/err" 'was loaded already'
run_fails 1 'there is no version 1 of the form' sk --db versions.db form show --version 1
run_ok sk --db versions.db form show --version 2 --format csv
contains "$TMP/out" '^Population,population,Target population,multiple choice,study,yes,LBP; Radicular pain; Radiculopathy; Neck pain; Sciatica; Other: ...,'

# ---- studies and units ----
for f in pubmed.nbib embase.ris scopus.ris other.ris; do
	run_ok sk import "$fx/$f" --source "$f"
done
run_ok sk dedupe
run_ok sk reviewer add STD AM DC
# studies.tsv names the reports by the record ids this import order gives;
# each must be the report its reference number names in included.tsv.
charting=$fx/charting
while IFS=$'\t' read -r study unit refs records; do
	IFS=';' read -ra R <<<"$refs"
	IFS=';' read -ra I <<<"$records"
	for k in "${!R[@]}"; do
		title=$(awk -F'\t' -v r="${R[$k]}" '$1 == r {print $5}' "$fx/included.tsv")
		same "$title" "$(sql "SELECT rtrim(title, '.') FROM record WHERE id = ${I[$k]}")"
		same "${I[$k]}" "$(sql "SELECT unit FROM screen_unit WHERE record_id = ${I[$k]}")"
	done
done < <(tail -n +2 "$charting/studies.tsv")

# Only reports included at full text, unless forced.
run_ok sk settings screeners 1
run_ok sk screen decide --reviewer STD --stage ta --include 1 2
run_ok sk screen decide --reviewer STD --stage ft --include 1
run_ok sk study add 'STarT Back trial' 1
run_fails 1 'record 2 is not included at full text in this review; add --force' sk study add 'STarT Back trial' 2
run_fails 1 'there is no record 999' sk study add 'STarT Back trial' 999 --force
run_fails 2 'a record id wants a whole number' sk study add 'STarT Back trial' two
run_ok sk study add 'STarT Back trial' 2 --force
run_ok sk study add 'STarT Back trial' 2 --force
run_fails 1 "record 2 is in study 'STarT Back trial' already" sk study add 'Other' 2 --force
# A duplicate record stands for its cluster's canonical record.
dup=$(sql 'SELECT min(record_id) FROM dup_member WHERE canonical = 11 AND record_id <> 11')
run_ok sk study add 'IMPaCT Back' "$dup" --force
run_ok sk study --format csv
same 'study,reports,records,cited as,units,forced
STarT Back trial,2,1; 2,Hill 2011; Whitehurst 2012,,1
IMPaCT Back,1,11,Foster 2014,,1' "$(tr -d '\r' < "$TMP/out")"
run_ok sk study remove 'IMPaCT Back' 11
run_fails 1 "record 11 is not in study 'IMPaCT Back'" sk study remove 'IMPaCT Back' 11
run_fails 1 "there is no study 'Nope'" sk unit add 'X' 'Nope'
same 0 "$(sql 'SELECT count(*) FROM unit')"
while IFS=$'\t' read -r study unit refs records; do
	[ "$study" = 'STarT Back trial' ] && continue
	run_ok sk study add "$study" ${records//;/ } --force
done < <(tail -n +2 "$charting/studies.tsv")
while IFS=$'\t' read -r study unit refs records; do
	run_ok sk unit add "$unit" "$study"
done < <(tail -n +2 "$charting/studies.tsv")
run_ok sk unit --format tsv
same "unit	studies	reports	study names
STarT Back	4	6	STarT Back trial; IMPaCT Back; STarT Back Ireland; STarT Back Denmark
SCOPiC	1	3	SCOPiC trial
MATCH	1	2	MATCH trial
TARGET	1	3	TARGET trial
BetterBack	1	4	BetterBack trial
Low back and radicular pain pathway	3	5	National pathway; North of England pathway; North East pathway
Beating Back Pain Service (BBPS)	1	1	BBPS
North East Essex Primary Care Trust manual therapy service	1	1	North East Essex PCT
Interprofessional Spine Assessment and Education Clinics (ISAEC)	1	1	ISAEC
Saskatchewan Spine Pathway (SSP)	1	2	SSP
Back Pain Assessment Clinic (BAC)	1	1	BAC" "$(cat "$TMP/out")"
same 29 "$(sql 'SELECT count(*) FROM study_report_current')"
same 16 "$(sql 'SELECT count(*) FROM study')"
# Membership is appended: the history keeps the removal.
same 'add remove add' "$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM study_report WHERE record_id = 11 ORDER BY id)")"

# ---- values, one at a time ----
run_fails 2 'say who is charting: --extractor NAME' sk extract set --unit SCOPiC moc_name=SCOPiC
run_fails 2 'say what is charted: --report ID, --study NAME or --unit NAME' sk extract set --extractor STD moc_name=SCOPiC
run_fails 2 "write each value as FIELD=VALUE, not 'SCOPiC'" sk extract set --extractor STD --unit SCOPiC SCOPiC
run_fails 1 "'Bob' is not a reviewer of this review" sk extract set --extractor Bob --unit SCOPiC moc_name=SCOPiC
run_fails 1 "there is no unit 'Scopic'" sk extract set --extractor STD --unit Scopic moc_name=SCOPiC
run_fails 1 'there is no record 999' sk extract set --extractor STD --report 999 year=2011
before=$(store_dump)
run_fails 1 "the form has no field 'contries' \(did you mean 'countries'\?\)" sk extract set --extractor STD --unit SCOPiC moc_name=SCOPiC contries=UK
run_fails 1 'year is charted per report, not per unit' sk extract set --extractor STD --unit SCOPiC year=2020
run_fails 1 "countries: 'England' is not one of the choices: 'UK', 'Ireland', 'Denmark', 'Sweden', 'USA', 'Canada', 'Australia' or 'Other: ...'" sk extract set --extractor STD --unit SCOPiC moc_name=SCOPiC countries=England
run_fails 1 "year: '20' is not a year \(four digits, as 2019\)" sk extract set --extractor STD --report 22 year=20
run_fails 1 "authors: 'saunders et al' is not written as the form asks" sk extract set --extractor STD --report 22 authors='saunders et al'
run_fails 1 "goals: 'promote EBP' is not one of the choices \(did you mean 'Promote EBP and/or guideline-concordant care'\?\)" sk extract set --extractor STD --study 'SCOPiC trial' goals='promote EBP'
run_fails 1 "grey_literature: 'perhaps' is neither yes nor no" sk extract set --extractor STD --report 22 grey_literature=perhaps
same "$before" "$(store_dump)"
run_ok sk extract set --extractor STD --unit SCOPiC moc_name=SCOPiC countries='uk;UK' referral='not reported'
contains "$TMP/err" "STD: 3 values set for unit 'SCOPiC'"
run_ok sk extract set --extractor STD --unit SCOPiC moc_name=SCOPiC referral='GP; self-referral'
contains "$TMP/err" "STD: 1 value set for unit 'SCOPiC' \(the others unchanged\)"
run_ok sk extract list --unit SCOPiC --format csv
same 'level,target,field,extractor,value,version,charted
unit,SCOPiC,moc_name,STD,SCOPiC,1,
unit,SCOPiC,countries,STD,UK,1,
unit,SCOPiC,referral,STD,GP; Self-referral,1,' "$(tr -d '\r' < "$TMP/out" | sed 's/,[0-9T:.-]*Z$/,/')"
run_ok sk extract list --history --field referral --format csv
same 'not reported
GP; Self-referral' "$(tr -d '\r' < "$TMP/out" | tail -n +2 | cut -d, -f7 | sed 's/^"//; s/"$//')"
same 4 "$(sql 'SELECT count(DISTINCT uuid) FROM extraction')"
# A duplicate record's id charts its cluster's report.
run_ok sk extract set --extractor STD --report "$dup" year=2014
same 11 "$(sql "SELECT record_id FROM extraction WHERE field = 'year'")"
run_ok sk extract list --report 11 --format tsv
contains "$TMP/out" '^report	11	year	STD	2014	1	'

# ---- the extraction sheet: template, errors, all or nothing ----
run_ok sk extract sheet --extractor STD -o std.csv
run_fails 1 'the file exists' sk extract sheet --extractor STD -o std.csv
same 'level,id,title,extractor,form,version,authors,year,objective,design,grey_literature,country,region,population,pain_duration,moc_name,moc_expansion,goals,type_of_care,care_basis,professionals,countries,levels_of_care,settings,context,referral,assessment,interventions,intervention_format,follow_up,discharge' "$(head -1 std.csv | tr -d '\r')"
same 57 "$(wc -l < std.csv)"
same 'report 29
study 16
unit 11' "$(tail -n +2 std.csv | cut -d, -f1 | uniq -c | awk '{print $2, $1}')"
contains std.csv '^report,11,Foster 2014\. Effect of stratified care for low back pain in family practice \(impact back\): a prospective population-based sequential comparison\.,STD,pcc-lbp-moc,1,,2014,'
contains std.csv '^study,STarT Back trial,Hill 2011; Whitehurst 2012,STD,pcc-lbp-moc,1,'
contains std.csv '^unit,SCOPiC,SCOPiC trial,STD,pcc-lbp-moc,1,,,,,,,,,,SCOPiC,,,,,,UK,,,,GP; Self-referral,'
run_ok sk extract sheet --level unit
same 'level,id,title,extractor,form,version,moc_name,moc_expansion,countries,referral,assessment,interventions,intervention_format,follow_up,discharge' "$(head -1 "$TMP/out" | tr -d '\r')"
same 12 "$(wc -l < "$TMP/out")"
# Untouched, it changes nothing.
before=$(store_dump)
run_ok sk extract load std.csv
contains "$TMP/err" 'std.csv: 2 rows, 0 values charted, 4 unchanged'
same "$before" "$(store_dump)"
# Every bad row is refused with its line, and nothing is written.
bad_sheet() {	# NAME SED-EXPRESSION: std.csv edited
	sed "$2" std.csv > "$1"
}
row_of() { grep -n "^$1" std.csv | cut -d: -f1; }	# line of a row
bad_sheet b1.csv 's/^unit,MATCH,MATCH trial,STD,pcc-lbp-moc,1,,,,,,,,,,,/unit,MATCH,MATCH trial,STD,pcc-lbp-moc,1,,,,,,,,,,MATCH,,,,,,U.S.A./'
run_fails 1 "b1.csv:$(row_of unit,MATCH,): countries: 'U.S.A.' is not one of the choices" sk extract load b1.csv
bad_sheet b2.csv 's/^report,25,\(.*\),STD,pcc-lbp-moc,1,,/report,25,\1,STD,pcc-lbp-moc,1,Cherkin et al,2018,,Cluster RCT,,USA,/'
run_fails 1 "b2.csv:$(row_of report,25,): country is charted per study, not per report: leave its cell blank" sk extract load b2.csv
bad_sheet b3.csv 's/^report,25,\(.*\),STD,pcc-lbp-moc,1,,/report,25,\1,STD,pcc-lbp-moc,1,Cherkin et al,,,Cluster RCT,/'
run_fails 1 "b3.csv:$(row_of report,25,): year is required: write its value, 'not reported' or 'unclear'" sk extract load b3.csv
bad_sheet b4.csv '1s/countries/contries/'
run_fails 1 "b4.csv:1: column 'contries' is not a field of the form \(did you mean 'countries'\?\)" sk extract load b4.csv
printf 'level,id,extractor,moc_name\nunit,MATCH,AM,MATCH\n' > b5.csv
run_fails 1 "b5.csv:2: this row is AM's, not STD's" sk extract load b5.csv --extractor STD
bad_sheet b6.csv 's/^unit,SCOPiC,SCOPiC trial,STD,pcc-lbp-moc,1,/unit,SCOPiC,SCOPiC trial,STD,pcc-lbp-moc,2,/'
run_fails 1 "b6.csv:.*written for form 'pcc-lbp-moc' version 2; the review's form is 'pcc-lbp-moc' version 1" sk extract load b6.csv
grep '^unit,SCOPiC,' std.csv > scopic-row
cat std.csv scopic-row > b7.csv
run_fails 1 "b7.csv:58: unit SCOPiC has a row already \\(line $(row_of unit,SCOPiC,)\\)" sk extract load b7.csv
printf 'level,id,moc_name\nmodel,SCOPiC,SCOPiC\n' > b8.csv
run_fails 1 "b8.csv:2: level 'model' is not report, study or unit" sk extract load b8.csv --extractor STD
printf 'level,id,moc_name\nunit,SCOPiC,SCOPiC\n' > b9.csv
run_fails 1 'b9.csv:2: the row says not whose it is' sk extract load b9.csv
printf 'level,id,moc_name\nunit,SCOPiC,"SCOPiC\n' > b10.csv
run_fails 1 'b10.csv:2: a quoted cell starting here has no closing quote' sk extract load b10.csv --extractor STD
printf 'id,moc_name\nSCOPiC,SCOPiC\n' > b11.csv
run_fails 1 "b11.csv:1: the header needs a 'level' and an 'id' column" sk extract load b11.csv --extractor STD
: > b12.csv
run_fails 1 'b12.csv: the file is empty' sk extract load b12.csv --extractor STD
same "$before" "$(store_dump)"
# A good edit, with a formula guard and a line break in a long text.
sed 's/^unit,MATCH,MATCH trial,STD,pcc-lbp-moc,1,,,,,,,,,,,,,,,,,,,,/unit,MATCH,MATCH trial,STD,pcc-lbp-moc,1,,,,,,,,,,MATCH,,,,,,USA,,,,GP; other health professionals,,,,"every 2 weeks\nthen monthly",'"'"'-on improvement/' std.csv > good.csv
run_ok sk extract load good.csv
contains "$TMP/err" 'good.csv: 3 rows, 5 values charted, 4 unchanged'
run_ok sk extract list --unit MATCH --format csv
contains "$TMP/out" '^unit,MATCH,referral,STD,GP; Other health professionals,1,'
same 'every 2 weeks
then monthly' "$(sql "SELECT value FROM extraction WHERE field = 'follow_up'")"
same '-on improvement' "$(sql "SELECT value FROM extraction WHERE field = 'discharge'")"
# Written again, the sheet holds what was loaded.
run_ok sk extract sheet --extractor STD -o std-again.csv
contains std-again.csv '^unit,MATCH,MATCH trial,STD,pcc-lbp-moc,1,,,,,,,,,,MATCH,,,,,,USA,,,,GP; Other health professionals,,,,"every 2 weeks$'
run_ok sk extract load std-again.csv
contains "$TMP/err" '3 rows, 0 values charted, 9 unchanged'
contains std-again.csv "^then monthly\",'-on improvement"

# ---- the worked example: Tables 1 and 2 charted by two, agreed ----
export SCOPEKIT_DB=$TMP/example.db
run_ok sk init --title 'Low back pain management in primary healthcare'
for f in pubmed.nbib embase.ris scopus.ris other.ris; do
	run_ok sk import "$fx/$f" --source "$f"
done
run_ok sk dedupe
run_ok sk reviewer add STD AM DC
run_ok sk form load "$form"
while IFS=$'\t' read -r study unit refs records; do
	run_ok sk study add "$study" ${records//;/ } --force
	run_ok sk unit add "$unit" "$study"
done < <(tail -n +2 "$charting/studies.tsv")
run_ok sk extract load "$charting/extraction-STD.csv"
contains "$TMP/err" 'extraction-STD.csv: 56 rows, 344 values charted, 0 unchanged'
run_ok sk extract load "$charting/extraction-AM.csv"
contains "$TMP/err" 'extraction-AM.csv: 56 rows, 344 values charted, 0 unchanged'
# The round trip: each extractor's sheet, written again, is the one loaded.
for x in STD AM; do
	run_ok sk extract sheet --extractor "$x" -o "again-$x.csv"
	checks=$((checks + 1))
	cmp -s "$charting/extraction-$x.csv" "again-$x.csv" ||
		fail "the sheet of $x differs once loaded and written again"
done
# Where the two differ, with both values.
run_ok sk extract compare --format csv
same 'level,target,field,STD,AM,consensus
report,9,year,2022,2023,
report,17,design,Observational cohort,"Retrospective study, registry based",
report,21,design,RCT,Cluster RCT,
report,47,authors,Greenough,Greenhough,
study,SCOPiC trial,population,LBP; Radicular pain; Other: suspected sciatica,LBP; Radicular pain,
study,MATCH trial,goals,Implement stratified care; Improve care effectiveness; Reduce healthcare resources use; Optimise referral behaviour for care and/or imaging,Implement stratified care; Improve care effectiveness; Reduce healthcare resources use,
study,North of England pathway,type_of_care,not reported,unclear,
study,North East pathway,professionals,not reported,GPs; TTPs,
study,BBPS,care_basis,Patient preference,unclear,
unit,STarT Back,countries,UK; Ireland; Denmark,UK,' "$(tr -d '\r' < "$TMP/out")"
run_ok sk extract compare --by-field --format csv
contains "$TMP/out" '^design,report,29,27,2,93\.1,0,0'
contains "$TMP/out" '^region,study,3,3,0,100\.0,0,0'
contains "$TMP/out" '^assessment,unit,0,0,0,,0,0'
contains "$TMP/out" '^\(all fields\),,344,334,10,97\.1,0,0'
run_fails 1 'only STD has charted|nobody' sk --db "$TMP/review.db" extract compare
run_ok sk extract compare --extractor AM --extractor STD --level unit --format csv
same 'level,target,field,AM,STD,consensus
unit,STarT Back,countries,UK,UK; Ireland; Denmark,' "$(tr -d '\r' < "$TMP/out")"
run_fails 2 'compare two different extractors' sk extract compare --extractor AM --extractor AM
# Agreed values are the consensus already; the rest is settled from a sheet.
same '334' "$(sql "SELECT count(*) FROM consensus_current WHERE how = 'agreed'")"
run_fails 2 'say who records the consensus: --reviewer NAME' sk extract agree --from "$charting/consensus.csv"
run_fails 2 '--from FILE takes the targets and values from the sheet' sk extract agree --from "$charting/consensus.csv" --reviewer DC --unit MATCH
run_ok sk extract agree --from "$charting/consensus.csv" --reviewer DC
contains "$TMP/err" 'consensus.csv: 10 rows, 10 values agreed, 0 unchanged'
run_ok sk extract compare --open
same 1 "$(wc -l < "$TMP/out")"
run_ok sk extract compare --format csv
contains "$TMP/out" '^report,9,year,2022,2023,2022'
same 'Table 1 gives 2022; the reference list prints 2023' "$(sql "SELECT note FROM consensus WHERE record_id = 9")"

# The consensus is Tables 1 and 2, value for value.
run_ok sk extract list --consensus --format tsv
same "$(tail -n +2 "$charting/expected.tsv" | cut -f1,2,4,5 | sort)" \
	"$(tail -n +2 "$TMP/out" | cut -f1,2,3,5 | sort)"
same '334 agreed
10 settled' "$(sql "SELECT count(*) || ' ' || how FROM consensus_current GROUP BY how ORDER BY how")"

# Counted per model of care with plain SQL over the views.
count() { sql "SELECT choice || ' ' || count(*) FROM unit_item WHERE field = '$1' GROUP BY choice ORDER BY count(*) DESC, choice"; }
same 'Stratified 6
Hybrid (stratified/stepped) 4
Stepped 1' "$(count type_of_care)"
same 'UK 5
Canada 2
USA 2
Australia 1
Denmark 1
Ireland 1
Sweden 1' "$(count countries)"
same 'Promote EBP and/or guideline-concordant care 8' "$(count goals | grep '^Promote EBP')"
same 'Promote timely and/or equitable access to care 2' "$(count goals | grep 'equitable')"
same 'GP 11
Other health professionals 3
Self-referral 3
Surgeons 2' "$(count referral)"
same 4 "$(sql "SELECT count(DISTINCT unit) FROM unit_item WHERE field = 'professionals' AND choice IN ('Chiropractors', 'Osteopaths', 'Acupuncturists')")"
same 'Mixed methods 4' "$(sql "SELECT choice || ' ' || count(*) FROM consensus_item WHERE field = 'design' AND choice = 'Mixed methods'")"
same 'Other suspected sciatica' "$(sql "SELECT choice || ' ' || other FROM consensus_item WHERE field = 'population' AND other IS NOT NULL")"

# ---- a changed mind: appended, the history kept ----
run_ok sk extract set --extractor STD --report 1 year=2012 --note 'misread'
run_ok sk extract compare --open --format csv
same 'report,1,year,2012,2011,' "$(tr -d '\r' < "$TMP/out" | tail -n +2)"
run_fails 1 'STD has not charted assessment for unit' sk extract agree --reviewer DC --unit 'STarT Back' --take STD assessment
run_fails 2 'name the fields to take from AM' sk extract agree --reviewer DC --report 1 --take AM
run_ok sk extract agree --reviewer DC --report 1 --take AM year
run_ok sk extract list --history --report 1 --field year --format csv
same 'STD,value,2011
AM,value,2011
STD,value,2012
DC,consensus,2011' "$(tr -d '\r' < "$TMP/out" | tail -n +2 | cut -d, -f2,3,7)"
same 3 "$(sql "SELECT count(*) FROM extraction WHERE record_id = 1 AND field = 'year'")"
# Stepped care has no basis of stratification: the team says so.
run_ok sk extract agree --reviewer DC --study BAC care_basis='not reported'
same 'not reported' "$(sql "SELECT choice FROM consensus_item WHERE field = 'care_basis' AND target_name = 'BAC'")"
run_fails 1 "there is no unit 'BAC'" sk extract agree --reviewer DC --unit BAC care_basis='not reported'

done_testing
