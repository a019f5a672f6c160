#!/usr/bin/env bash
# EndNote XML: real libraries found by content and imported exactly, the
# fields as `records --format json` lists them, the original text, the RIS
# round trip, and broken or hostile files refused with the store unchanged.
. "$TESTS/e2e/lib.sh"
sweep=$CORPUS/dedup/dedupe-sweep

run_ok sk init --title 'EndNote'

# Found by content, whatever the name; .gz read as it is.
cp "$sweep/tafenoquine_endnote.xml.gz" library.dat
run_ok sk import library.dat --source Tafenoquine --searched 2020-06-01
contains "$TMP/out" 'library.dat +endnote +as declared in the XML +179 +0 +0'
run_ok sk import "$sweep/copper_endnote.xml.gz" \
	"$sweep/respiratory_endnote.xml.gz" --source 'Copper and respiratory'
same '179|505|1988' "$(sql "SELECT group_concat(records, '|') FROM (SELECT records FROM source_file ORDER BY id)")"
same 'endnote' "$(sql "SELECT group_concat(DISTINCT format) FROM source_file")"

# Fields, as listed.
run_ok sk records --source Tafenoquine --format json
json=$TMP/tafenoquine.json
cp "$TMP/out" "$json"
same 179 "$(grep -c '^    "title": ' "$json")"
contains "$json" '"title": "8-Aminoquinoline Therapy for Latent Malaria"'
contains "$json" '"pmid": "31366609"'
contains "$json" '"pmcid": "PMC6750137"'
contains "$json" '"doi": "10.1128/cmr.00011-19"'
contains "$json" '"pubdate": "2019 Sep 18"'
contains "$json" '"name": "Baird, J. K.", "family": "Baird", "given": "J. K."'
contains "$json" '"accession": "WOS:000520500900002"'
same 178 "$(grep -c '"type": "JOUR"' "$json")"
same 1 "$(grep -c '"type": "GEN"' "$json")"
# PMIDs: 73 PubMed records (accession + NLM) and 26 Cochrane "PUBMED n".
same 99 "$(sql "SELECT count(pmid) FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Tafenoquine'")"
same 'Jpen: Journal of Parenteral & Enteral Nutrition|1996|91-92' \
	"$(sql "SELECT journal, year, pages FROM record WHERE file_id = 3 AND position = 1")"

# The original text is the record's XML.
id=$(sql "SELECT id FROM record WHERE file_id = 1 AND position = 1")
run_ok sk show "$id" --original
contains "$TMP/out" '^<record><database name="Tafenoquine prophylaxis master.enl"'
contains "$TMP/out" '<ref-type name="Journal Article">17</ref-type>'
contains "$TMP/out" '</record>$'

# The hand-written fixture, with --format given.
run_ok sk import "$FIXTURES/endnote/sample.xml" --source Fixture --format endnote
same 'JOUR|BOOK|CHAP|CPAPER|THES|ELEC|GEN|JOUR' "$(sql "SELECT group_concat(type, '|') FROM (SELECT type FROM record WHERE file_id = 4 ORDER BY position)")"
same '4|Effect of Lactobacillus on low back pain & disability|34567890|10.1234/jbpr.2021.0003|8765-432X' \
	"$(sql "SELECT line, title, pmid, doi, issn FROM record WHERE file_id = 4 AND position = 1")"
same 'Smith|John A.' "$(sql "SELECT family, given FROM author a JOIN record r ON r.id = a.record_id WHERE r.file_id = 4 AND r.position = 1 ORDER BY a.position LIMIT 1")"

# Exported as RIS and read back: the same fields. (RIS export writes the
# PMID in AN only when there is no accession number: Cochrane's records
# keep their CN- number there and lose the PMID.)
fields="type, title, doi, pmcid, year, pubdate, journal, journal_abbrev,
	volume, issue, pages, issn, accession, database, abstract, keywords,
	languages, pubtypes, CASE WHEN accession IS NULL THEN pmid END"
run_ok sk records --source Tafenoquine --format ris
cp "$TMP/out" tafenoquine.ris
run_ok sk import tafenoquine.ris --source 'Round trip'
same "$(sql "SELECT $fields FROM record WHERE source_id = 1 ORDER BY position")" \
	"$(sql "SELECT $fields FROM record WHERE source_id = 4 ORDER BY position")"
authors() {
	sql "SELECT r.position, a.position, a.name, a.family, a.given
		FROM author a JOIN record r ON r.id = a.record_id
		WHERE r.source_id = $1 ORDER BY r.position, a.position"
}
same "$(authors 1)" "$(authors 4)"

before=$(store_dump)

# refuse PATTERN FILE [options]: exit 1 with PATTERN, store unchanged.
refuse() {
	local pattern=$1
	shift
	run_fails 1 "$pattern" sk import "$@" --source Bad
	same "$before" "$(store_dump)" || echo "  (store changed by: $*)" >&2
}

# Truncated: the one line, the column, nothing written.
zcat "$sweep/copper_endnote.xml.gz" | head -c 2000000 > cut.xml
refuse '^scopekit: import: cut.xml:1:[0-9]+: file ends inside <record> begun at line 1, column [0-9]+ \(truncated\?\)$' cut.xml
# with --skip-bad the complete records are kept, the rest is listed
run_ok sk import cut.xml --source Cut --skip-bad
contains "$TMP/err" 'cut.xml:1: skipped: the rest of the file from line 1, column [0-9]+ could not be read'
same "$(grep -o '</record>' cut.xml | wc -l)" "$(sql "SELECT records FROM source_file WHERE name = 'cut.xml'")"
before=$(store_dump)

# Entity declarations: refused, the file never read.
echo 'TOP-SECRET-8d2e' > secret.txt
cat > xxe.xml <<XML
<?xml version="1.0"?>
<!DOCTYPE xml [ <!ENTITY xxe SYSTEM "file://$TMP/secret.txt"> ]>
<xml><records><record><titles><title>&xxe;</title></titles></record></records></xml>
XML
refuse 'xxe.xml:2:[0-9]+: the document declares the entity .xxe.' xxe.xml
grep -q 'TOP-SECRET' "$TMP/err" "$TMP/out" && fail 'secret leaked into the output'
grep -q 'TOP-SECRET' "$SCOPEKIT_DB"* && fail 'secret leaked into the store'

# Binary junk named .xml and read as EndNote XML.
LC_ALL=C awk 'BEGIN { srand(3); for (i = 0; i < 8192; i++) printf "%c", 128 + int(rand() * 128) }' > junk.xml
refuse 'junk.xml: .*binary|junk.xml: .*not a recognised' junk.xml
refuse 'junk.xml:1:[0-9]+: not EndNote XML' junk.xml --format endnote

# A 2 MB title: line and column named; --skip-bad imports the rest.
{
	printf '<xml><records>\n<record><titles><title>ok</title></titles></record>\n'
	printf '<record><titles><title><style face="normal">'
	head -c 2000000 /dev/zero | tr '\0' 'a'
	printf '</style></title></titles></record>\n</records></xml>\n'
} > huge.xml
refuse '^scopekit: import: huge.xml:3:23: <title> is longer than 1048576 bytes$' huge.xml
run_ok sk import huge.xml --source Huge --skip-bad
contains "$TMP/err" 'huge.xml:3: skipped: line 3, column 23: <title> is longer than 1048576 bytes'
same '1|1' "$(sql "SELECT records, skipped FROM source_file WHERE name = 'huge.xml'")"
before=$(store_dump)

# Elements nested 10,000 deep.
{
	printf '<xml><records><record>'
	for i in $(seq 10000); do printf '<a>'; done
	printf '</record></records></xml>\n'
} > deep.xml
refuse 'deep.xml:1:400: elements are nested more than 128 deep' deep.xml

# Other XML under --format endnote.
refuse 'fatcat_pubmedsample_2019.xml:[0-9]+:[0-9]+: not EndNote XML: the root element is <PubmedArticleSet>' \
	"$CORPUS/pubmed/fatcat_pubmedsample_2019.xml" --format endnote

done_testing
