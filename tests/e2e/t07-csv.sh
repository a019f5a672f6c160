#!/usr/bin/env bash
# CSV import: real exports found by their header, fields as JSON, the
# record's original text, a Windows-1252 file, --map, and errors that
# leave the store as it was.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/csv
cff=$CORPUS/ris/citation-file-formatting/csv

# json QUERY: one value from the JSON in $TMP/out (SQLite's JSON functions)
json() { sqlite3 :memory: "SELECT $1 FROM json_each(CAST(readfile('$TMP/out') AS TEXT))"; }

run_ok sk init --title 'CSV'

# A Covidence export, found by its header.
run_ok sk import "$cff/_baseline_covidence.csv" --source Covidence
contains "$TMP/out" ' csv +UTF-8 +10 +0 +0$'
contains "$TMP/out" 'Imported 10 records into source .Covidence. \(new\)'
run_ok sk records --source Covidence --format json
same 10 "$(json 'count(*)')"
same '#1|Yang|Z.|2024|10.1038/s41467-024-48400-3' \
	"$(json "value->>'accession', value->'authors'->0->>'family', value->'authors'->0->>'given', value->>'year', value->>'doi'" | head -1)"
same 'Cellular structure of dinosaur scales reveals retention of reptile-type skin during the evolutionary transition to feathers' \
	"$(json "value->>'title'" | head -1)"

# The bib-dedupe benchmark: the ID column is the accession, which the
# benchmark's duplicate clusters refer to.
run_ok sk import "$CORPUS/dedup/bib-dedupe/stroke/records_pre_merged.csv" --source Stroke
run_ok sk records --source Stroke --format json
same 1292 "$(json 'count(*)')"
same 1292 "$(json "count(DISTINCT value->>'accession')")"
same 'id_0000003|Zekry|JOUR|2012|149-155|Diabetes & metabolism' \
	"$(json "value->>'accession', value->'authors'->0->>'family', value->>'type', value->>'year', value->>'pages', value->>'journal'" | sed -n 3p)"

# Windows-1252 (ASySD): converted, not garbled.
run_ok sk import "$CORPUS/dedup/asysd/labelled_test_set.csv" --source ASySD
contains "$TMP/out" ' csv +Windows-1252 +1845 +0 +0$'
# Python's csv module over the file decoded as cp1252: 504 abstracts hold a ©
same 504 "$(sql "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'ASySD' AND abstract LIKE '%©%'")"
same 0 "$(sql "SELECT count(*) FROM record WHERE abstract LIKE '%Â©%' OR title LIKE '%Ã%'")"

# A spreadsheet saved with ';' separators: BOM, CRLF, a cell over two lines.
run_ok sk import "$fx/excel-semicolon.csv" --source Excel
contains "$TMP/out" ' csv +UTF-8 with BOM +3 +0 +0$'
run_ok sk records --source Excel --format json
same 'Stratified care; a trial|Hill|J C|10.5555/csv-fixture-2' \
	"$(json "value->>'title', value->'authors'->0->>'family', value->'authors'->0->>'given', value->>'doi'" | sed -n 2p)"
same 'Müller' "$(json "value->'authors'->0->>'family'" | sed -n 3p)"

# The original text: "Column: value" lines; more lines of a value indented.
id=$(sql "SELECT r.id FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Excel' AND r.position = 1")
run_ok sk show "$id" --original
same 'Title: Models of care for low back pain: a scoping review
Authors: Duarte, S.; Lee, K.
Year: 2024
Journal: BMJ Open
DOI: https://doi.org/10.5555/csv-fixture-1
Abstract: Objectives: to map models of care.
  Design: scoping review.' "$(tail -n +2 "$TMP/out")"

# Errors name the file and line, exit 1, and write nothing.
before=$(store_dump)
run_fails 1 "^scopekit: import: $fx/broken-quote.csv:5: a quoted cell starting here has no closing quote" \
	sk import "$fx/broken-quote.csv" --source Broken
same "$before" "$(store_dump)"
printf 'Title,Year\nok,2001\ntoo,2002,many\n' > extra.csv
run_fails 1 '^scopekit: import: extra.csv:3: the row has 3 cells, but the header has 2 columns' \
	sk import extra.csv --source Extra
same "$before" "$(store_dump)"
run_fails 1 "trial-register.csv: this looks like a CSV file, .*give --format csv --map title=COLUMN" \
	sk import "$fx/trial-register.csv" --source Trials
run_fails 1 "trial-register.csv:1: no column of the header is a title column .*'NCT Number', 'Study Title'" \
	sk import "$fx/trial-register.csv" --source Trials --format csv
run_fails 1 "trial-register.csv:1: --map: the header has no column 'Title of study'" \
	sk import "$fx/trial-register.csv" --source Trials --map 'title=Title of study'
same "$before" "$(store_dump)"
run_fails 2 "--map: 'titel' is not a field; the fields are type, title," \
	sk import "$fx/trial-register.csv" --source Trials --map 'titel=Study Title'
run_fails 2 '--map names the columns of CSV files; it cannot be used with --format ris' \
	sk import "$fx/trial-register.csv" --source Trials --format ris --map 'title=Study Title'
run_fails 2 '--map takes FIELD=COLUMN' sk import x.csv --source X --map 'Study Title'
same "$before" "$(store_dump)"

# --skip-bad keeps the good rows and lists the bad one.
run_ok sk import "$fx/broken-quote.csv" --source Broken --skip-bad
contains "$TMP/err" 'broken-quote.csv:5: skipped: a quoted cell starting here has no closing quote'
same '2|1' "$(sql "SELECT records || '|' || skipped FROM source_file WHERE name LIKE '%broken-quote.csv'")"

# --map reads unknown columns (several --map add up) ...
run_ok sk import "$fx/trial-register.csv" --source Trials \
	--map 'title=Study Title,accession=NCT Number' --map 'url=Study URL,pubdate=Start Date'
run_ok sk records --source Trials --format json
same 'NCT07654321|Stratified physiotherapy: "STarT Back" in primary care|2021|https://clinicaltrials.gov/study/NCT07654321' \
	"$(json "value->>'accession', value->>'title', value->>'year', value->>'url'" | sed -n 2p)"
# ... and overrides the known ones.
run_ok sk import "$cff/_baseline_covidence.csv" --source 'Covidence studies' --again \
	--map 'title=Study,accession=Ref'
run_ok sk records --source 'Covidence studies' --format json
same 'Yang 2024|' "$(json "value->>'title', value->>'accession'" | head -1)"

# CSV records read back from RIS with the same fields (a record without a
# type is written as GEN, so the type is left out).
fields="title, abstract, journal, journal_abbrev, issn, pubdate, year, volume, issue, pages, doi, pmid, pmcid, publisher, url, database, languages, pubtypes, keywords, mesh"
authors="(SELECT group_concat(name || '|' || coalesce(family, '') || '|' || coalesce(given, ''), ';') FROM (SELECT * FROM author a WHERE a.record_id = r.id ORDER BY position))"
run_ok sk records --source Covidence --format ris
cp "$TMP/out" roundtrip.ris
run_ok sk --db rt.db init --title rt
run_ok sk --db rt.db import roundtrip.ris --source rt
same "$(sql "SELECT $fields, $authors FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Covidence' ORDER BY r.id")" \
	"$(sqlite3 rt.db "SELECT $fields, $authors FROM record r ORDER BY r.id")"

done_testing
