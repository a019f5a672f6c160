#!/usr/bin/env bash
# The main commands under valgrind memcheck: no invalid access, no leak.
. "$TESTS/e2e/lib.sh"
command -v valgrind >/dev/null || { fail 'valgrind is not installed'; done_testing; }

vg() {
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$SCOPEKIT" "$@"
}

run_ok vg init --title 'Memcheck'
run_ok vg import "$CORPUS/pubmed/fatcat_pubmedsample_2019.xml" --source PubMed
run_ok vg import "$CORPUS/dedup/dedupe-sweep/tafenoquine_endnote.xml.gz" \
	"$FIXTURES/endnote/sample.xml" --source EndNote
run_ok vg import "$CORPUS/ris/revtools/restoration_scopus.ris" \
	"$CORPUS/medline/revtools_restoration_pubmed.nbib" \
	"$CORPUS/ris/citation-file-formatting/_baseline_cochrane_endnote.ris" --source Mixed
run_ok vg import "$CORPUS/ris/citation-file-formatting/csv/_baseline_pubmed.csv" \
	"$FIXTURES/csv/excel-semicolon.csv" --source CSV
run_ok vg import "$FIXTURES/csv/trial-register.csv" --source Trials --map 'title=Study Title'
run_ok vg records --format json
run_ok vg records --search 'restoration OR hospital' --format ris
run_ok vg sources --format csv
run_ok vg show 5
run_ok vg dedupe --review-threshold 0.1
run_ok vg dedupe review --format json
run_ok vg dedupe review
run_ok vg sources --overlap
member=$(sql 'SELECT max(record_id) FROM dup_member')
run_ok vg dedupe explain "$member"
run_ok vg dedupe undo "$member"
run_ok vg dedupe accept "$(sql 'SELECT min(id) FROM dup_pair')"
# Automation rules: each kind, a dry run, an import they check, removal.
run_ok vg rules add --year 2000-2019 --dry-run
run_ok vg rules add --year 2000-2019 --reviewer ana
run_ok vg rules add --language 'English, spa'
run_ok vg rules add --pubtype 'Editorial, Letter; Comment'
run_ok vg rules add --pattern '\b(rats?|mice|mouse|café)\b' --field any
run_ok vg import "$CORPUS/medline/p1m_pubmed_result_23_medline.txt" --source Later
run_ok vg rules --format json
run_ok vg rules show 2
run_ok vg rules remove 1 3
run_ok vg rules --all
run_fails 2 'missing closing parenthesis' vg rules add --pattern '(mice'
run_fails 2 'not a language' vg rules add --language Englsh
run_fails 1 'says that already' vg rules add --language 'eng,es'
run_fails 1 'there is no rule 99' vg rules remove 99
printf 'pair,decision,note\n%s,no,"a note"\n' "$(sql 'SELECT max(id) FROM dup_pair')" > sheet.csv
run_ok vg dedupe review --from sheet.csv
printf 'pair,decision\n1,"maybe\n' > bad-sheet.csv
run_fails 1 'no closing quote' vg dedupe review --from bad-sheet.csv
# Screening: two reviewers, a pilot, a sheet, a conflict settled, full text.
run_ok vg reviewer add AD CF TS
run_ok vg reasons add 'Wrong population' 'Wrong setting'
run_ok vg settings maybe include
run_ok vg sample --stage ta --n 4 --seed 3
run_ok vg screen sheet --reviewer AD --stage ta --order imported -o ad.csv
first=$(sql 'SELECT min(record_id) FROM pilot')
printf 'record,decision,note\n%s,include,"keep"\n%s,exclude,\n' "$first" "$(sql 'SELECT max(record_id) FROM pilot')" > ad-filled.csv
run_ok vg screen load ad-filled.csv --reviewer AD --stage ta
# AD has included and excluded: a ranked queue, why, a stop taken back.
run_ok vg screen sheet --reviewer AD --stage ta -o ad-ranked.csv
run_ok vg show "$first" --why --reviewer AD
run_ok vg screen stop --stage ta --reason 'knee reached'
run_ok vg screen stop --stage ta --undo
run_ok vg screen decide --reviewer CF --stage ta --exclude "$first" --note 'off topic'
run_ok vg screen decide --reviewer CF --stage ta --maybe "$(sql 'SELECT max(record_id) FROM pilot')"
run_ok vg conflicts --stage ta --all
run_ok vg resolve "$first" --stage ta --include --by TS
run_ok vg retrieve
run_ok vg screen decide --reviewer AD --stage ft --exclude --reason 'Wrong setting' "$first"
run_ok vg screen status --format json
run_ok vg screen status
run_ok vg agreement --stage ta --pilot
run_ok vg log --format json
run_fails 1 'not finished' vg prisma
run_ok vg prisma --explain records_screened --format json
run_ok vg log "$first" --reviewer AD
other=$(sql "SELECT min(r.id) FROM record r WHERE r.id NOT IN (SELECT record_id FROM pilot) AND r.id NOT IN (SELECT record_id FROM dup_member) AND r.id NOT IN (SELECT h.record_id FROM rule_hit h JOIN screen_rule u ON u.id = h.rule_id WHERE u.removed_at IS NULL)")
run_ok vg screen decide --reviewer AD --stage ta --include "$other"
run_fails 1 'hidden from TS' vg log "$other" --reviewer TS
printf 'record,decision\n%s,perhaps\n' "$first" > bad.csv
run_fails 1 'bad.csv:2: decision' vg screen load bad.csv --reviewer AD --stage ta
run_ok vg keywords add --include 'restoration|forest' '\bhospital\w*'
run_ok vg keywords remove --include 'restoration|forest'
run_ok vg keywords --format json
run_fails 1 'missing closing parenthesis' vg keywords add --exclude 'rats?' 'mice('
# Charting: a form, studies and units, values, a sheet, compare, agree.
form=$FIXTURES/../extract_forms/pcc-lbp-moc.yaml
run_ok vg form check "$form"
printf 'form: f\nversion: 1\ntitle: T\nsections:\n  - section: S\n    level: unit\n    fields:\n      - key: a\n        label: A\n        type: dropdown\n      - key: a\n        label: B\n        type: single choice\n        pattern: "("\n' > bad-form.yaml
run_fails 1 'bad-form.yaml:10:15: unknown type' vg form check bad-form.yaml
run_ok vg form load "$form"
run_ok vg form show --format json
run_ok vg form list
run_ok vg study add 'Trial' 1 2 --force
run_ok vg unit add 'MoC' 'Trial'
run_ok vg study --format json
run_ok vg unit
run_ok vg extract set --extractor AD --unit MoC moc_name=X countries='uk; Other: Wales' referral='not reported'
run_fails 1 'not one of the choices' vg extract set --extractor AD --unit MoC countries=Narnia
run_ok vg extract sheet --extractor AD -o chart.csv
run_ok vg extract load chart.csv
printf 'level,id,extractor,moc_name,countries\nunit,MoC,CF,Y,Sweden\nstudy,Trial,CF,,\n' > cf.csv
run_ok vg extract load cf.csv
run_ok vg extract compare --format json
run_ok vg extract compare --by-field
run_ok vg extract agree --reviewer TS --unit MoC --take AD moc_name countries
printf 'level,id,referral\nunit,MoC,GP\n' > agreed.csv
run_ok vg extract agree --reviewer TS --from agreed.csv
run_ok vg extract list --consensus --format json
run_ok vg extract list --history
# Frequency tables and queries over that consensus.
run_ok vg freq countries
run_ok vg freq countries --format md
run_ok vg freq countries --format json
run_ok vg freq countries --format svg
run_ok vg freq referral --by countries --format csv
run_ok vg freq referral --by countries --format svg
run_ok vg freq countries --others
run_fails 1 "did you mean 'countries'" vg freq contries
run_fails 2 'charted per unit' vg freq countries --level study
run_ok vg query --list
run_ok vg query freq --param field=countries --param level=unit --format json
run_ok vg query units_table2
printf 'SELECT 1;\nDELETE FROM record;\n' > write.sql
run_fails 1 'write.sql:2: this statement would delete' vg query write.sql
run_fails 2 'needs --param' vg query freq
printf 'level,id,extractor,moc_name,countries\nunit,MoC,CF,Y,Narnia\n' > bad-chart.csv
run_fails 1 "bad-chart.csv:2: countries: 'Narnia'" vg extract load bad-chart.csv
# Copies and merging: blind copies, facts back, conflicts listed.
run_ok vg copy --for CF cf.db
run_ok vg copy --for TS ts.db
run_ok vg --db cf.db screen decide --reviewer CF --stage ta --include "$other"
run_ok vg --db cf.db extract set --extractor CF --unit MoC moc_name=Z
run_ok vg --db ts.db resolve "$first" --stage ta --exclude --by TS
run_ok vg merge cf.db ts.db --format json
run_ok vg merge cf.db ts.db
run_ok vg merge --conflicts --all --format json
run_fails 1 'import into the main store' vg --db cf.db import "$FIXTURES/csv/trial-register.csv" --source X --map 'title=Study Title'
run_fails 1 'not a copy made by' vg merge "$SCOPEKIT_DB"
run_fails 1 'the file exists' vg copy --for CF cf.db
# A copy made after a stop carries it; a record judged there after it is
# merged and named; the words kept in the store make simulate's vectors.
run_ok vg screen stop --stage ta --reason 'enough'
run_ok vg copy --for AD ad.db
run_ok vg --db ad.db screen sheet --reviewer AD -o ad-stopped.csv
fresh=$(sql "SELECT max(r.id) FROM record r WHERE r.id NOT IN (SELECT record_id FROM pilot) AND r.id NOT IN (SELECT record_id FROM dup_member) AND r.id NOT IN (SELECT h.record_id FROM rule_hit h JOIN screen_rule u ON u.id = h.rule_id WHERE u.removed_at IS NULL) AND r.id NOT IN (SELECT record_id FROM decision)")
run_ok vg --db ad.db screen decide --reviewer AD --stage ta --exclude "$fresh"
run_ok vg merge ad.db
contains "$TMP/err" 'nobody had judged when title and abstract screening stopped'
run_ok vg screen stop --stage ta --undo
run_fails 1 'a simulation starts from one relevant' vg simulate --store
# Failures take the error paths: they must free as well.
run_fails 1 'not well-formed|truncated|could not be read' \
	vg import "$CORPUS/pubmed/jabref/MedlineImporterTestMalformedEntry.xml" --source Bad
run_fails 1 'no closing quote' vg import "$FIXTURES/csv/broken-quote.csv" --source Bad
run_fails 1 "no column 'Nope'" vg import "$FIXTURES/csv/trial-register.csv" --source Bad --map title=Nope
zcat "$CORPUS/dedup/dedupe-sweep/tafenoquine_endnote.xml.gz" | head -c 300000 > cut.xml
run_fails 1 'truncated' vg import cut.xml --source Cut
# Simulation on the first 200 labelled records of the ADHD set.
head -201 "$CORPUS/screening/cohen2006_ADHD.csv" > labelled.csv
run_ok vg simulate labelled.csv --plot recall.svg
run_ok vg simulate labelled.csv --model logistic --format json
run_ok vg simulate labelled.csv --model nb --runs 2 --keywords
run_fails 1 "no label column 'label_included'" vg simulate ad.csv
run_fails 1 'imported before' vg import "$CORPUS/ris/revtools/restoration_scopus.ris" --source Again
run_fails 1 'binary|not a recognised' vg import "$SCOPEKIT" --source Binary
run_fails 2 'unknown option' vg records --bogus

# Fetching from a local stand-in for the E-utilities, with a retry.
if [ -n "${MOCK_EUTILS:-}" ]; then
	"$MOCK_EUTILS" --port-file port --log mock.log --search "$FIXTURES/fetch/search.xml" \
		--new "$FIXTURES/fetch/update.xml" --fault 2:500 &
	mock=$!
	for _ in $(seq 100); do [ -s port ] && break; sleep 0.05; done
	export SCOPEKIT_EUTILS_URL="http://127.0.0.1:$(cat port)/" \
		SCOPEKIT_EUTILS_SCALE=0.01 NCBI_EMAIL=review@example.org
	run_ok vg fetch --query 'low back pain' --batch 7 --source 'PubMed search'
	contains "$TMP/err" 'HTTP 500; asking again'
	run_ok vg fetch --update 'PubMed search'
	run_fails 1 'not a PMID' vg fetch --pmid-file labelled.csv
	kill "$mock"
	wait "$mock" 2>/dev/null
fi

done_testing
