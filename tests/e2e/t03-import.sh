#!/usr/bin/env bash
# Import: the worked example's searches, sources, records, search, show,
# re-import detection, dry run, stdin, gzip and RIS round trip.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc


run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)' \
	--searched 2022-12-31 --query 'low back pain AND model of care'
contains "$TMP/out" 'Imported 25 records into source .MEDLINE \(PubMed\). \(new\)'
run_ok sk import "$fx/embase.ris" --source EMBASE --searched 2022-12-31
run_ok sk import "$fx/scopus.ris" --source Scopus
contains "$TMP/out" 'scopus.ris +ris +UTF-8 with BOM +8 +0 +0'
run_ok sk import "$fx/other.ris" --source 'Grey literature' --kind other

same '25|13|8|2' "$(sql "SELECT group_concat(n, '|') FROM (SELECT count(*) n FROM record GROUP BY source_id ORDER BY source_id)")"
run_ok sk sources --format tsv
same 'id	source	kind	searched	files	records	skipped	deleted	query	found	translation
1	MEDLINE (PubMed)	database	2022-12-31	1	25	0	0	low back pain AND model of care		
2	EMBASE	database	2022-12-31	1	13	0	0			
3	Scopus	database		1	8	0	0			
4	Grey literature	other		1	2	0	0			' "$(cat "$TMP/out")"

# The same content again is refused, whatever its name, unless --again.
cp "$fx/embase.ris" copy.ris
before=$(store_dump)
run_fails 1 "copy.ris: the same content was imported before, as '.*embase.ris' into source 'EMBASE'" \
	sk import copy.ris --source 'EMBASE 2'
same "$before" "$(store_dump)"
run_ok sk import copy.ris --source 'EMBASE again' --again
same 13 "$(sql "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'EMBASE again'")"

# A source keeps its search details: a different query is a conflict.
run_fails 1 "source 'MEDLINE \(PubMed\)' already has a different --query" \
	sk import "$CORPUS/medline/biopython_pubmed_result1.txt" --source 'MEDLINE (PubMed)' --query 'other'

# The search strategy from a file (any encoding), kept verbatim.
printf '#1 "low back pain"[MeSH]\n#2 model* of care\n#3 #1 AND #2\n' > strategy.txt
run_ok sk import "$CORPUS/ris/synthesisr/Ovid_ris_example.ris" --source 'Embase via Ovid' \
	--kind database --searched 2022-01 --query-file strategy.txt
same '#1 "low back pain"[MeSH]
#2 model* of care
#3 #1 AND #2|2022-01' "$(sql "SELECT query, searched_on FROM source WHERE name = 'Embase via Ovid'")"
run_fails 2 'give --query or --query-file, not both' \
	sk import x.ris --source X --query q --query-file strategy.txt
run_fails 1 'nothing.txt: cannot open' sk import x.ris --source X --query-file nothing.txt
run_ok sk import "$CORPUS/ris/citesource/benchmark_data_Search1_1.ris" --source 'ClinicalTrials.gov' --kind register
same register "$(sql "SELECT kind FROM source WHERE name = 'ClinicalTrials.gov'")"

# --dry-run reads and reports, writes nothing.
before=$(store_dump)
run_ok sk import "$CORPUS/ris/revtools/restoration_scopus.ris" --source 'Scopus 2' --dry-run
contains "$TMP/out" 'Would import 286 records'
same "$before" "$(store_dump)"

# Several files in one command, gzip and stdin.
gzip -c "$CORPUS/ris/revtools/restoration_scopus.ris" > scopus.ris.gz
run_ok sk import scopus.ris.gz --source 'Restoration Scopus'
same 286 "$(sql "SELECT records FROM source_file WHERE name = 'scopus.ris.gz'")"
run_ok sk import - --source 'Restoration PubMed' < "$CORPUS/medline/revtools_restoration_pubmed.nbib"
same 'stdin|medline|104' "$(sql "SELECT name, format, records FROM source_file WHERE name = 'stdin'")"
run_ok sk import "$CORPUS/pubmed/fatcat_pubmedsample_2019.xml" \
	"$CORPUS/pubmed/metapub_book_20301577.xml" --source 'PubMed XML'
same '177|1' "$(sql "SELECT sum(records), count(*) - 1 FROM source_file f JOIN source s ON s.id = f.source_id WHERE s.name = 'PubMed XML'")"

# The original text is kept whole.
id=$(sql "SELECT id FROM record WHERE source_id = 1 AND position = 1")
run_ok sk show "$id" --original
contains "$TMP/out" '^OWN - NLM'
contains "$TMP/out" '^FAU - Hill, J C'

# records: list, search (FTS5: case and accents ignored), formats.
run_ok sk records --source EMBASE --format csv
same 14 "$(wc -l < "$TMP/out")"
run_ok sk records --search 'STRATIFIED AND "low back pain"' --format tsv
test "$(wc -l < "$TMP/out")" -gt 1 || fail 'search found nothing'
run_ok sk records --search 'stratified' --source 'MEDLINE (PubMed)' --format json
contains "$TMP/out" '"title": "Comparison of stratified primary care management'
run_fails 2 "cannot read the search" sk records --search '"unbalanced'
# Every JSON output parses, and holds what the store holds.
json_ok() { sqlite3 :memory: "SELECT json_valid(CAST(readfile('$TMP/out') AS TEXT)) AND json_array_length(CAST(readfile('$TMP/out') AS TEXT))"; }
run_ok sk records --format json
same 1 "$(json_ok)"
same "$(sql 'SELECT count(*) FROM record')" "$(sqlite3 :memory: "SELECT json_array_length(CAST(readfile('$TMP/out') AS TEXT))")"
run_ok sk sources --format json
same 1 "$(json_ok)"
run_ok sk show "$(sql "SELECT min(id) FROM record WHERE source_id = (SELECT id FROM source WHERE name = 'PubMed XML')")" --format json
same 1 "$(json_ok)"
contains "$TMP/out" '"mesh": \['
run_ok sk records --limit 3
same 4 "$(wc -l < "$TMP/out")"

# The search index follows imports: records imported after a search are
# added at the next search, once.
run_ok sk records --search 'karst' --source 'Restoration PubMed' --format tsv
before=$(($(wc -l < "$TMP/out") - 1))
test "$before" -gt 0 || fail "no karst records before"
run_ok sk import "$CORPUS/medline/revtools_restoration_pubmed.nbib" --source 'Later' --again
run_ok sk records --search 'karst' --source 'Later' --format tsv
contains "$TMP/err" '^scopekit: records: 104 new records added to the search index'
same "$before" $(($(wc -l < "$TMP/out") - 1))
run_ok sk records --search 'karst' --format tsv
same '' "$(cat "$TMP/err")"
same "$(sql 'SELECT count(*) FROM record')" "$(sql 'SELECT count(*) FROM record_fts')"

# show: every field, and errors for missing ids.
run_ok sk show "$id"
contains "$TMP/out" "^Record $id from MEDLINE \(PubMed\)"
contains "$TMP/out" '^Title: +Comparison of stratified primary care management for low back pain with current best practice'
contains "$TMP/out" '^Volume: +378'
run_fails 1 'there is no record 999999' sk show 999999
run_fails 2 'give one record id' sk show

# RIS written by scopekit reads back to the same records.
fields="type, title, abstract, journal, journal_abbrev, issn, pubdate, year, volume, issue, pages, doi, pmid, pmcid, publisher, url, accession, database, languages, pubtypes, keywords, mesh"
authors="(SELECT group_concat(name || '|' || coalesce(family, '') || '|' || coalesce(given, ''), ';') FROM (SELECT * FROM author a WHERE a.record_id = r.id ORDER BY position))"
for src in 'MEDLINE (PubMed)' EMBASE Scopus 'Restoration Scopus' 'Restoration PubMed' 'PubMed XML'; do
	run_ok sk records --source "$src" --format ris
	cp "$TMP/out" roundtrip.ris
	run_ok sk --db rt.db init --title rt
	run_ok sk --db rt.db import roundtrip.ris --source rt
	a=$(sql "SELECT $fields, $authors FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = '$src' ORDER BY r.id")
	b=$(sqlite3 rt.db "SELECT $fields, $authors FROM record r ORDER BY r.id")
	[ -n "$a" ] || fail "no records for $src"
	if [ "$a" != "$b" ]; then
		fail "RIS round trip changed records of $src"
		diff <(echo "$a") <(echo "$b") | head -10 >&2
	fi
	rm -f rt.db rt.db-wal rt.db-shm
done

# An import writes with a rollback journal when it has the store to
# itself, and leaves it in WAL mode for the commands that share it.
same wal "$(sql 'PRAGMA journal_mode')"
[ ! -e "$SCOPEKIT_DB-journal" ] || fail "an import left its journal behind"
# With another connection reading, the import goes through WAL at once
# (no wait for the reader) and the reader keeps its view until it ends.
run_ok sk --db jm.db init --title 'Journal'
run_ok sk --db jm.db import "$fx/scopus.ris" --source A
before=$(sqlite3 jm.db 'SELECT count(*) FROM record')
mkfifo reader.in
{ sqlite3 jm.db < reader.in > reader.out; } &
reader=$!
exec 7>reader.in
printf 'BEGIN;\nSELECT count(*) FROM record;\n' >&7
start=$SECONDS
run_ok sk --db jm.db import "$fx/embase.ris" --source B
[ $((SECONDS - start)) -lt 8 ] || fail "the import waited for the reader"
printf 'SELECT count(*) FROM record;\nCOMMIT;\nPRAGMA journal_mode;\n' >&7
exec 7>&-
wait "$reader"
same "$before
$before
wal" "$(cat reader.out)"
[ "$(sqlite3 jm.db 'SELECT count(*) FROM record')" -gt "$before" ] ||
	fail "the second import added nothing"
rm -f jm.db jm.db-wal jm.db-shm reader.in reader.out

done_testing
