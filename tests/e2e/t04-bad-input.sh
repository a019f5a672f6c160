#!/usr/bin/env bash
# Hostile and broken input: a clear message naming the file and line,
# exit 1, and the store exactly as it was.
. "$TESTS/e2e/lib.sh"

run_ok sk init --title 'Bad input'
run_ok sk import "$FIXTURES/lbp-moc/embase.ris" --source EMBASE
before=$(store_dump)

# refuse PATTERN FILE [options]: exit 1 with PATTERN, store unchanged.
refuse() {
	local pattern=$1
	shift
	run_fails 1 "$pattern" sk import "$@" --source Bad
	same "$before" "$(store_dump)" || echo "  (store changed by: $*)" >&2
}

# Truncated PubMed XML: cut inside a record.
xml=$CORPUS/pubmed/fatcat_pubmedsample_2019.xml
head -c $(($(wc -c < "$xml") * 6 / 10)) "$xml" > truncated.xml
refuse '^scopekit: import: truncated.xml:[0-9]+(:[0-9]+)?: ' truncated.xml

# Binary junk, with and without a .ris name.
LC_ALL=C awk 'BEGIN { srand(7); for (i = 0; i < 8192; i++) printf "%c", int(rand() * 256) }' > junk.bin
refuse 'junk.bin: .*binary' junk.bin
cp junk.bin junk.ris
refuse 'junk.ris: .*binary' junk.ris --format ris

# An XML external entity pointing at a local file: refused, content never shown.
echo 'TOP-SECRET-5f1c' > secret.txt
cat > xxe.xml <<XML
<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file://$TMP/secret.txt"> ]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>
XML
refuse 'xxe.xml:[0-9]+(:[0-9]+)?: .*entit' xxe.xml
grep -q 'TOP-SECRET' "$TMP/err" "$TMP/out" && fail 'secret leaked into the output'
grep -q 'TOP-SECRET' "$SCOPEKIT_DB"* && fail 'secret leaked into the store'

# A "billion laughs" entity bomb.
{
	echo '<?xml version="1.0"?>'
	echo '<!DOCTYPE PubmedArticleSet ['
	echo '<!ENTITY l0 "ha">'
	for i in 1 2 3 4 5 6 7 8 9; do
		p=$((i - 1))
		echo "<!ENTITY l$i \"&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;&l$p;\">"
	done
	echo ']>'
	echo '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>2</PMID><Article>'
	echo '<ArticleTitle>&l9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>'
} > laughs.xml
refuse 'laughs.xml:[0-9]+(:[0-9]+)?: .*entit' laughs.xml

# A 20 MB title, in RIS and in PubMed XML.
{
	printf 'TY  - JOUR\nTI  - '
	head -c 20000000 /dev/zero | tr '\0' 'a'
	printf '\nER  - \n'
} > huge.ris
refuse 'huge.ris:[12]: .*(longer than|too long)' huge.ris
{
	printf '<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>3</PMID><Article><ArticleTitle>'
	head -c 20000000 /dev/zero | tr '\0' 'a'
	printf '</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n'
} > huge.xml
refuse 'huge.xml:1(:[0-9]+)?: ' huge.xml

# A PDF saved with a .ris name.
{ printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'; cat junk.bin; } > export.ris
refuse 'export.ris: .*PDF' export.ris

# An empty file, a file of only a UTF-8 BOM, only blank lines.
: > empty.ris
refuse 'empty.ris: .*empty' empty.ris
printf '\xef\xbb\xbf' > bom.ris
refuse 'bom.ris: .*empty' bom.ris

# Invalid UTF-8 after 64 KiB of good records: the line is named.
{
	for i in $(seq 1 1000); do
		printf 'TY  - JOUR\nTI  - Record number %d about low back pain and models of care in primary healthcare\nER  - \n\n' "$i"
	done
	printf 'TY  - JOUR\nTI  - Bad byte \xff here\nER  - \n'
} > late.ris
refuse 'late.ris:4002(:[0-9]+)?: .*not valid UTF-8.*--encoding' late.ris
# --skip-bad imports the good ones and lists the bad one.
run_ok sk import late.ris --source 'Late' --skip-bad
contains "$TMP/err" 'late.ris:4001: skipped: '
same 1000 "$(sql "SELECT records FROM source_file WHERE name = 'late.ris'")"
same 1 "$(sql "SELECT skipped FROM source_file WHERE name = 'late.ris'")"

# SQL in a title is just text.
printf "TY  - JOUR\nTI  - Robert'); DROP TABLE record;--\nAU  - O'Brien, J.\nER  - \n" > sql.ris
run_ok sk import sql.ris --source 'SQL'
same "Robert'); DROP TABLE record;--" "$(sql "SELECT title FROM record r JOIN source_file f ON f.id = r.file_id WHERE f.name = 'sql.ris'")"
same "O'Brien, J." "$(sql "SELECT a.name FROM author a JOIN record r ON r.id = a.record_id JOIN source_file f ON f.id = r.file_id WHERE f.name = 'sql.ris'")"

# Windows-1252 text is converted, never stored as mojibake.
printf 'TY  - JOUR\r\nTI  - Caf\xe9 r\xe9sum\xe9 \x96 a \x93study\x94\r\nAU  - M\xfcller, J.\r\nER  - \r\n' > cp1252.ris
run_ok sk import cp1252.ris --source 'Latin'
same 'Café résumé – a “study”|Windows-1252' "$(sql "SELECT r.title, f.encoding FROM record r JOIN source_file f ON f.id = r.file_id WHERE f.name = 'cp1252.ris'")"
# The encoding can be given; a wrong one is a usage error.
run_ok sk import cp1252.ris --source 'Latin again' --encoding cp1252 --again
same 'Café résumé – a “study”' "$(sql "SELECT r.title FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Latin again'")"
run_fails 2 '--encoding is auto, utf-8, cp1252' sk import cp1252.ris --source X --encoding klingon
# UTF-16 with a BOM.
printf 'TY  - JOUR\nTI  - Schmerz im R\xc3\xbccken\nER  - \n' | iconv -f UTF-8 -t UTF-16 > utf16.ris
run_ok sk import utf16.ris --source 'UTF-16'
same 'Schmerz im Rücken' "$(sql "SELECT r.title FROM record r JOIN source_file f ON f.id = r.file_id WHERE f.name = 'utf16.ris'")"

# A file that cannot be opened.
run_fails 1 'missing.ris: cannot open' sk import missing.ris --source X

done_testing
