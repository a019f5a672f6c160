#!/usr/bin/env bash
# scopekit report over the worked example, built as scripts/demo builds
# it, under a title full of markup: every file is there, every number is
# the one the commands print, the HTML is well-formed with its figures
# inside, the text is escaped, the same store gives the same bytes, and
# a store whose flow does not add up leaves the folder as it was.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc
sc=$fx/screening
ch=$fx/charting
form=$FIXTURES/../extract_forms/pcc-lbp-moc.yaml
title='Low back pain <script>alert(1)</script> | *models* & "care"'

run_ok sk init --title "$title" --question 'Which models of care exist?' \
	--population 'Adults with low back pain'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)' --searched 2022-12
run_ok sk import "$fx/embase.ris" --source EMBASE --searched 2022-12
run_ok sk import "$fx/scopus.ris" --source Scopus --searched 2022-12
run_ok sk import "$fx/other.ris" --source 'Grey literature and handsearching' --kind other
run_ok sk dedupe
run_ok sk reviewer add STD DC AM
run_ok sk reasons add 'Population: not low back pain' 'Concept: not a model of care' \
	'Context: not primary healthcare' 'Published before 2000'
run_ok sk rules add --year 2000-
run_ok sk screen load "$sc/ta-STD.csv"
run_ok sk screen load "$sc/ta-DC.csv"

# Before the flow adds up: refused, and nothing is made.
run_fails 1 'screening is not finished: 2 records have no title and abstract outcome yet' sk report --out results
[ ! -e results ] || fail 'a refused report made its folder'

run_ok sk resolve 12 22 --stage ta --include --by DC
run_ok sk retrieve
run_ok sk screen load "$sc/ft-STD.csv"
run_ok sk screen load "$sc/ft-AM.csv"
run_ok sk resolve 43 --stage ft --include --by DC

# Screened, not charted yet: the page says so instead of counting.
run_ok sk report --out early
contains early/report.md '^No frequency tables: this review has no charting form yet'
contains early/report.md '^No rows yet\.$'
[ ! -e early/freq-countries.csv ] || fail 'a frequency table before any charting'

run_ok sk form load "$form"
while IFS=$'\t' read -r study unit refs records; do
	run_ok sk study add "$study" ${records//;/ }
	run_ok sk unit add "$unit" "$study"
done < <(tail -n +2 "$ch/studies.tsv")
run_ok sk extract load "$ch/extraction-STD.csv"
run_ok sk extract load "$ch/extraction-AM.csv"
run_ok sk extract agree --from "$ch/consensus.csv" --reviewer DC

# ---- the report ----
export SOURCE_DATE_EPOCH=1700000000
run_ok sk report --out results
contains "$TMP/err" '^Report written to results/report.html and report.md: [0-9]+ tables, [0-9]+ figures, [0-9]+ files in all$'
for f in report.html report.md prisma.svg prisma.csv prisma2020.csv \
	agreement.csv studies_table1.csv units_table2.csv \
	freq-countries.csv freq-countries.svg freq-type_of_care.csv \
	freq-professionals.svg freq-design.csv; do
	[ -s "results/$f" ] || fail "results/$f is missing or empty"
done
# Fields without choices get no table; no temporary file is left.
[ ! -e results/freq-moc_name.csv ] || fail 'a table of a free-text field'
same '' "$(find results -name '.*' -type f)"
contains results/report.md 'Counted by scopekit .* from the review store review\.db on 2023-11-14\.'

# Each file holds what the command of its own prints.
sk prisma --format csv > expect.csv
cmp -s expect.csv results/prisma.csv || fail 'prisma.csv differs from scopekit prisma --format csv'
sk prisma --format prisma2020 > expect.csv
cmp -s expect.csv results/prisma2020.csv || fail 'prisma2020.csv differs'
sk prisma --format svg > expect.svg
cmp -s expect.svg results/prisma.svg || fail 'prisma.svg differs'
for q in studies_table1 units_table2; do
	sk query $q --format csv > expect.csv
	cmp -s expect.csv results/$q.csv || fail "$q.csv differs from scopekit query $q"
done
for f in countries type_of_care professionals design levels_of_care; do
	sk freq $f --format csv > expect.csv
	cmp -s expect.csv results/freq-$f.csv || fail "freq-$f.csv differs"
	sk freq $f --format svg > expect.svg
	cmp -s expect.svg results/freq-$f.svg || fail "freq-$f.svg differs"
done
for stage in ta ft; do
	sk agreement --stage $stage --format csv | tr -d '\r' | tail -n +2 |
		sed "s/^/$stage,all,/; s/$/,/" >> expect-agree.csv
done
same "$(cat expect-agree.csv)" "$(tail -n +2 results/agreement.csv | tr -d '\r')"
same 'stage,sample,first,second,records,both_include,first_only,second_only,both_exclude,agreement,kappa,kappa_low,kappa_high,pabak,prevalence,bias,band,pilot_pass' \
	"$(head -1 results/agreement.csv | tr -d '\r')"

# The page's numbers are the store's: each PRISMA box, Table 1's 29
# reports, the countries of the 11 models of care.
sk prisma --format csv | tr -d '\r' > flow.csv
for box in database_results duplicates records_screened dbr_assessed new_studies new_reports; do
	label=$(awk -F, -v b=$box '$1 == b && $3 == "" {print $2}' flow.csv)
	n=$(awk -F, -v b=$box '$1 == b && $3 == "" {print $4}' flow.csv)
	contains results/report.md "^\| (&emsp;)?$label \| $n \|$"
	contains results/report.html "<td( class=\"d1\")?>$label</td><td class=\"n\">$n</td>"
done
same 29 "$(($(wc -l < results/studies_table1.csv) - 1))"
contains results/report.md '^\| UK \| 5 \| 45\.5 \|$'
contains results/report.md '^\| title and abstract \| DC, STD \| 27 \|'

# Escaped everywhere: no tag of the title survives, in HTML or Markdown.
contains results/report.html '<title>Low back pain &lt;script&gt;alert\(1\)&lt;/script&gt; \| \*models\* &amp; &quot;care&quot;</title>'
contains results/report.html '<h1>Low back pain &lt;script&gt;'
grep -q '<script' results/report.html && fail 'a <script> tag in the HTML'
contains results/report.md '^# Low back pain \\<script\\>alert\(1\)\\</script\\> \\\| \\\*models\\\* & "care"$'

# Well-formed, with each figure inside the page as the SVG file itself.
if command -v xmllint >/dev/null; then
	run_ok xmllint --noout results/report.html
fi
same 12 "$(grep -c 'src="data:image/svg+xml;base64,' results/report.html)"
grep -o 'src="data:image/svg+xml;base64,[^"]*"' results/report.html | head -1 |
	sed 's/^src="data:image\/svg+xml;base64,//; s/"$//' | base64 -d > inline.svg
cmp -s inline.svg results/prisma.svg || fail 'the page'"'"'s first figure is not prisma.svg'
contains results/report.md '^!\[PRISMA 2020 flow diagram\]\(prisma\.svg\)$'
contains results/report.md '^The same table as CSV: \[freq-countries\.csv\]\(freq-countries\.csv\)$'

# The same store and date give the same bytes.
run_ok sk report --out again
run_ok diff -r results again

# Counted per study instead, and a table of one's own query.
printf -- '-- reports_by_year: reports of included studies per year\nSELECT year, count(*) AS reports FROM record WHERE id IN (SELECT record_id FROM study_report_current) GROUP BY year ORDER BY year;\n' > 'by year.sql'
run_ok sk report --out per-study --level study --table 'by year.sql'
contains per-study/report.md '^\*\*Reports of included studies per year\*\*$'
[ -s per-study/by-year.csv ] || fail 'the table of a query file is not in by-year.csv'
[ ! -e per-study/studies_table1.csv ] || fail '--table replaces the default tables'
contains per-study/report.md 'counted from the consensus'
contains per-study/report.md 'n = 16 studies'
run_fails 1 'write\.sql' sk report --out per-study2 --table write.sql
printf 'DELETE FROM record;\n' > write.sql
run_fails 1 'write\.sql:1: this statement would delete from .record.' sk report --out per-study2 --table write.sql
[ ! -e per-study2 ] || fail 'a refused query left a folder'

# ---- the folder ----
run_fails 2 'name the folder to write with --out DIR' sk report
run_fails 2 '--level is report, study or unit' sk report --out x --level model
touch plain-file
run_fails 1 'plain-file: not a folder' sk report --out plain-file
mkdir mine && echo keep > mine/notes.txt
run_fails 1 'mine: the folder holds other files' sk report --out mine
same 'notes.txt' "$(ls mine)"
mkdir empty
run_ok sk report --out empty
run_fails 1 'cannot make the folder' sk report --out no/such/dir

# No leak or bad access in the whole report (a sanitizer build checks
# the same itself, and valgrind cannot run it).
if [ "${SCOPEKIT_SANITIZED:-0}" = 0 ] && command -v valgrind >/dev/null; then
	run_ok valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$SCOPEKIT" report --out empty
fi

# A later store: the flow no longer adds up, the earlier report stays.
before=$(cat results/* | md5sum)
run_ok sk import "$FIXTURES/csv/trial-register.csv" --source 'Trial register' --kind register --map 'title=Study Title'
run_fails 1 'screening is not finished' sk report --out results
same "$before" "$(cat results/* | md5sum)"
same '' "$(find results -name '.*' -type f)"

done_testing
