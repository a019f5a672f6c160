#!/usr/bin/env bash
# Automation rules: year, publication type and pattern rules on the worked
# example (48 records, 29 articles), language and type rules on real
# PubMed, MEDLINE and Web of Science exports; every count checked against
# SQL of its own; dry run, records imported after a rule, removal, errors.
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc

# The counts of rule ID in 'scopekit rules --format csv': "records,articles".
counts() {
	sk rules --all --format csv | tr -d '\r' |
		awk -F, -v id="$1" '$1 == id { print $(NF-4) "," $(NF-3) }'
}
# Articles (records screened: canonical or alone) hit by an active rule,
# as screen.c reads them.
ineligible() {
	sql "SELECT count(DISTINCT h.record_id) FROM rule_hit h
	     JOIN screen_rule r ON r.id = h.rule_id
	     WHERE r.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM dup_member m
	       WHERE m.record_id = h.record_id AND m.canonical <> h.record_id)"
}

run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
run_ok sk dedupe
run_ok sk rules
same 'id,kind,rule,records,articles,added_by,added_at,removed_at' \
	"$(sk rules --format csv | tr -d '\r')"

# The search ran up to December 2022: records of 2023 are out of range.
# Two records (PubMed and Embase) are one article.
before=$(store_dump)
run_ok sk rules add --year 2000-2022 --dry-run
same "Rule (not added): year outside 2000–2022.
Records it would mark ineligible: 2 (1 articles to screen, duplicates counted once; 1 of them not marked by another rule).
Articles marked ineligible by all the rules, with this one: 1.
Nothing was written (--dry-run)." "$(cat "$TMP/out")"
same "$before" "$(store_dump)"

run_ok sk rules add --year 2000-2022 --reviewer ana
contains "$TMP/out" '^Added rule 1: year outside 2000–2022\.$'
same "$(sql "SELECT count(*) FROM record WHERE year NOT BETWEEN 2000 AND 2022")" 2
same '2,1' "$(counts 1)"
same '1|ana|0' "$(sql "SELECT id, created_by, length(uuid) <> 32 FROM screen_rule")"
same 1 "$(ineligible)"

# Grey literature comes as RIS reports (TY RPRT): a type rule finds them,
# also when imported after the rule was added.
run_ok sk rules add --pubtype 'Report, Editorial'
contains "$TMP/out" '^Records it marks ineligible: 0 '
run_ok sk import "$fx/other.ris" --source 'Grey literature' --kind other
same "$(sql "SELECT count(*) FROM record WHERE type = 'RPRT'"),2" "$(counts 2)"
same "$(sql "SELECT max(id) FROM record")" \
	"$(sql "SELECT min(checked_to) FROM screen_rule")"
same 3 "$(ineligible)"

# A pattern on titles, against the search index's own matching (FTS5
# splits words as \b does, and ignores case).
run_ok sk rules add --pattern '\b(stratified|stratification)\b' --field title
want=$(sk records --search 'title: (stratified OR stratification)' --format csv --limit 100 2>/dev/null | tail -n +2 | wc -l)
test "$want" -gt 5 || fail "expected stratified titles, got $want"
same "$want" "$(counts 3 | cut -d, -f1)"
same "$(sql "SELECT count(*) FROM record WHERE title LIKE '%stratifi%'
	AND id NOT IN (SELECT record_id FROM dup_member WHERE record_id <> canonical)")" \
	"$(counts 3 | cut -d, -f2)"
run_ok sk rules show 3 --format csv
same "$((want + 1))" "$(wc -l < "$TMP/out")"
same 'id,year,languages,types,title,screened_as' "$(head -1 "$TMP/out" | tr -d '\r')"
run_ok sk rules show 2
contains "$TMP/out" 'RPRT +National back pain and Radicular pain pathway'

# Errors: exit code, message, and nothing written.
before=$(store_dump)
run_fails 2 'the range of years .2022-2000. ends before it starts' sk rules add --year 2022-2000
contains "$TMP/err" "try 'scopekit help rules'"
run_fails 2 "'20O0-' is not a range of years: write 2000-2022" sk rules add --year 20O0-
run_fails 2 "'Englsh' is not a language scopekit knows" sk rules add --language 'Englsh, Spanish'
run_fails 2 "the pattern '\\\\b\(rat' is not valid: missing closing parenthesis \(at character 7\)" \
	sk rules add --pattern '\b(rat'
run_fails 2 'matches empty text, so it would hit every record' sk rules add --pattern 'mice|'
run_fails 2 'say what the rule marks ineligible' sk rules add
run_fails 2 'one rule at a time: give --year or --language, not both' \
	sk rules add --year 2000- --language English
run_fails 2 'give --pubtype once' sk rules add --pubtype Letter --pubtype Comment
run_fails 2 '--field goes with --pattern only' sk rules add --year 2000- --field title
run_fails 2 "--field is title, abstract or any" sk rules add --pattern mice --field keywords
run_fails 1 'rule 1 says that already \(year outside 2000–2022\)' sk rules add --year '2000 - 2022'
run_fails 1 'there is no rule 9 ' sk rules remove 9
run_fails 1 'there is no rule 9 ' sk rules show 9
run_fails 2 'give the rule numbers' sk rules remove
run_fails 2 'the rule number wants a whole number' sk rules remove two
run_fails 2 "unknown rules command 'delete'" sk rules delete 1
run_fails 2 "--format is table, csv, tsv or json, not 'xml'" sk rules --format xml
same "$before" "$(store_dump)"

# Removing a rule brings its articles back; the hits stay as history.
run_ok sk rules remove 2
same "Removed rule 2: publication type Report or Editorial. Articles back to screening: 2.
Articles marked ineligible by all the rules: $(ineligible)." "$(cat "$TMP/out")"
same "1
3" "$(sk rules --format csv | tail -n +2 | cut -d, -f1)"
same 2 "$(sql "SELECT count(*) FROM rule_hit WHERE rule_id = 2")"
contains <(sk rules --all --format tsv) $'^2\tpubtype\tpublication type Report or Editorial\t2\t2\t\t[0-9T:-]+Z\t[0-9T:-]+Z$'
run_fails 1 'rule 2 was removed on' sk rules remove 2
run_ok sk rules show 2
contains "$TMP/err" 'rule 2 was removed on .*: the records it hit are screened again'
run_ok sk rules remove 1 3
contains "$TMP/out" '^Articles marked ineligible by all the rules: 0\.$'
same 0 "$(ineligible)"

# Real exports: MEDLINE codes (PubMed XML, MEDLINE text) and English names
# (Web of Science RIS) in one store.
export SCOPEKIT_DB="$TMP/mixed.db"
run_ok sk init --title 'Mixed'
run_ok sk import "$CORPUS/pubmed/fatcat_pubmedsample_2019.xml" --source PubMed
run_ok sk import "$CORPUS/ris/citesource/valid_data_WoS_79.ris" --source 'Web of Science'
run_ok sk rules add --language English --dry-run
run_ok sk rules add --language English
# Hit: names languages, none of them English ("und" names none).
not_english="SELECT count(*) FROM record WHERE languages IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM json_each(languages) WHERE value IN ('eng', 'English'))
	AND languages <> '[\"und\"]'"
want=$(sql "$not_english")
test "$want" -gt 10 || fail "expected records in other languages, got $want"
same "$want,$want" "$(counts 1)"
same 0 "$(sql "SELECT count(*) FROM rule_hit h JOIN record r ON r.id = h.record_id
	WHERE r.languages LIKE '%\"eng\"%' OR r.languages LIKE '%\"English\"%'")"
# The same languages by code are the same rule.
run_fails 1 'rule 1 says that already \(language not English\)' sk rules add --language ' eng '
# Records imported later: a MEDLINE file with Portuguese and German ones.
run_ok sk import "$CORPUS/medline/p1m_pubmed_result_23_medline.txt" --source MEDLINE
same "$(sql "$not_english")" "$(counts 1 | cut -d, -f1)"
test "$(sql "$not_english")" -gt "$want" || fail "the MEDLINE file added no hit"
same 0 "$(sql "SELECT count(*) FROM rule_hit WHERE record_id IN (SELECT id FROM record WHERE languages = '[\"eng\",\"por\"]')")"

run_ok sk rules add --pubtype 'editorial, Letter, COMMENT'
same "$(sql "SELECT count(*) FROM record WHERE EXISTS (SELECT 1 FROM json_each(pubtypes)
	WHERE value IN ('Editorial', 'Letter', 'Comment'))")" "$(counts 2 | cut -d, -f1)"
run_ok sk rules add --pattern '\b(rats?|mice|mouse)\b'
want=$(sk records --search 'rat OR rats OR mice OR mouse' --format csv --limit 1000 2>/dev/null | tail -n +2 | wc -l)
test "$want" -gt 5 || fail "expected records on rodents, got $want"
same "$want" "$(counts 3 | cut -d, -f1)"
run_ok sk rules add --year 1990-2010
same "$(sql "SELECT count(*) FROM record WHERE year < 1990 OR year > 2010")" "$(counts 4 | cut -d, -f1)"
run_ok sk rules --format json
contains "$TMP/out" '"kind": "pattern", "rule": "title or abstract matches /\\\\b\(rats\?\|mice\|mouse\)\\\\b/", "records": '"$want,"

done_testing
