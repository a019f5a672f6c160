#!/usr/bin/env bash
# Deduplication: the worked example's 48 records are 29 reports; dry run,
# a second run, undo, accept, reject, review listing, explain, errors; and
# a real three-database export (PubMed, Scopus, Web of Science).
. "$TESTS/e2e/lib.sh"
fx=$FIXTURES/lbp-moc

run_ok sk init --title 'LBP models of care'
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk import "$fx/scopus.ris" --source Scopus
run_ok sk import "$fx/other.ris" --source 'Grey literature' --kind other

# A dry run reports and writes nothing.
before=$(store_dump)
run_ok sk dedupe --dry-run
contains "$TMP/out" 'Would merge 23 pairs'
contains "$TMP/out" '19 duplicate records removed, 29 records left to screen'
same "$before" "$(store_dump)"

# 48 records, 29 reports (fixtures/lbp-moc/README.md): each cluster holds
# one report's copies, and every report is one cluster or one record.
run_ok sk dedupe
contains "$TMP/out" '^Compared 48 records: 23 new duplicate pairs'
contains "$TMP/out" '15 clusters of duplicates; 19 duplicate records removed, 29 records left to screen'
same '29' "$(sql "SELECT count(DISTINCT coalesce(m.canonical, r.id)) FROM record r LEFT JOIN dup_member m ON m.record_id = r.id")"
same '29' "$(sql "SELECT count(DISTINCT lower(rtrim(title, '.'))) FROM record")"
same '0' "$(sql "SELECT count(*) FROM (SELECT canonical FROM dup_member m JOIN record r ON r.id = m.record_id GROUP BY canonical HAVING count(DISTINCT lower(rtrim(r.title, '.'))) > 1)")"
same '23|23|auto' "$(sql "SELECT count(*), count(DISTINCT uuid), group_concat(DISTINCT method) FROM dup_decision")"
# The canonical record is the most complete: the PubMed one, with an abstract.
same '0' "$(sql "SELECT count(*) FROM dup_member m JOIN record r ON r.id = m.canonical WHERE r.abstract IS NULL AND EXISTS (SELECT 1 FROM dup_member n JOIN record s ON s.id = n.record_id WHERE n.canonical = m.canonical AND s.abstract IS NOT NULL)")"

# Running again changes nothing: pairs judged stay judged.
run_ok sk dedupe --format json
same '{"records":48,"found":{"pmid":0,"pmcid":0,"doi":0,"fields":0},"merged":0,"kept":23,"to_review":0,"clusters":15,"removed":19,"conflicts":0,"dry_run":false}' "$(cat "$TMP/out")"

# Overlap: unique and shared articles per source, as CiteSource shows them.
run_ok sk sources --overlap --format csv
same 'source,records,articles,unique,with MEDLINE (PubMed),with EMBASE,with Scopus,with Grey literature
MEDLINE (PubMed),25,25,10,,12,7,0
EMBASE,13,13,1,12,,4,0
Scopus,8,8,1,7,4,,0
Grey literature,2,2,2,0,0,0,' "$(tr -d '\r' < "$TMP/out")"
same '29' "$(sql "SELECT count(DISTINCT coalesce(m.canonical, r.id)) FROM record r LEFT JOIN dup_member m ON m.record_id = r.id WHERE r.source_id IN (1, 2, 3, 4)")"

# Explain: members, the screened one, and how each pair was judged.
canon=$(sql "SELECT canonical FROM dup_member GROUP BY canonical HAVING count(*) = 3 ORDER BY canonical LIMIT 1")
member=$(sql "SELECT max(record_id) FROM dup_member WHERE canonical = $canon")
run_ok sk dedupe explain "$member"
contains "$TMP/out" "^Record $member is one of 3 duplicate records; record $canon \(\*\) is the one screened"
contains "$TMP/out" "^  \* $canon +MEDLINE \(PubMed\)"
contains "$TMP/out" 'found by fields, score (0\.9[0-9]+|1\.000): duplicate \(auto, '
contains "$TMP/out" 'title same \+(8|10), authors same \+3, year same \+2'

# Undo takes a record out; a new run does not merge it again.
run_ok sk dedupe undo "$member" --reviewer ana
contains "$TMP/out" "Record $member: [12] merges undone"
contains "$TMP/out" '18 duplicate records removed'
same '' "$(sql "SELECT canonical FROM dup_member WHERE record_id = $member")"
run_ok sk dedupe
contains "$TMP/out" '18 duplicate records removed'
pair=$(sql "SELECT min(id) FROM dup_pair WHERE a = $member OR b = $member")
run_ok sk dedupe accept "$pair" --reviewer ben --note 'same DOI on the PDF'
contains "$TMP/out" 'Judged 1 pairs duplicate \(by ben\)'
same "$canon" "$(sql "SELECT canonical FROM dup_member WHERE record_id = $member")"
run_ok sk dedupe explain "$member"
contains "$TMP/out" "duplicate \(auto, [^)]*\) then distinct \(undo, ana, [^)]*\) then duplicate \(review, ben, [^)]*: same DOI on the PDF\)"

# Errors: nothing is written.
before=$(store_dump)
run_fails 1 'there is no pair 9999' sk dedupe accept 9999
alone=$(sql "SELECT min(id) FROM record WHERE id NOT IN (SELECT record_id FROM dup_member)")
run_fails 1 "record $alone is not merged with any other" sk dedupe undo "$alone"
run_fails 2 '--auto-threshold is a score from 0 to 1' sk dedupe --auto-threshold 2
run_fails 2 'is above --auto-threshold' sk dedupe --review-threshold 0.9 --auto-threshold 0.8
run_fails 2 "unknown dedupe command 'merge'" sk dedupe merge
run_fails 2 'name the pair number' sk dedupe reject
same "$before" "$(store_dump)"

# A stricter automatic threshold leaves pairs for review, side by side.
export SCOPEKIT_DB="$TMP/strict.db"
run_ok sk init --title 'Strict'
run_ok sk sources --overlap
contains "$TMP/err" "no duplicates found yet: run 'scopekit dedupe' first"
run_ok sk import "$fx/pubmed.nbib" --source 'MEDLINE (PubMed)'
run_ok sk import "$fx/embase.ris" --source EMBASE
run_ok sk dedupe --auto-threshold 1
contains "$TMP/out" 'Merged 0 pairs'
pending=$(sql "SELECT count(*) FROM dup_pair")
test "$pending" -gt 5 || fail "expected pairs to review, got $pending"
contains "$TMP/out" "^$pending pairs await review"
COLUMNS=100 run_ok sk dedupe review --limit 1
contains "$TMP/out" '^pair [0-9]+  score (0\.9[0-9]+|1\.000)  found by fields'
contains "$TMP/out" '^ +record [0-9]+ · MEDLINE \(PubMed\) +record [0-9]+ · EMBASE'
contains "$TMP/out" '^title +'
run_ok sk dedupe review --format csv
same "$((pending + 1))" "$(grep -c '^[0-9]*,\|^pair,' "$TMP/out")"
head -1 "$TMP/out" | grep -q '^pair,score,rule,evidence,a_id,a_source,a_title' || fail "CSV header: $(head -1 "$TMP/out")"
first=$(sql "SELECT id FROM dup_pair ORDER BY score DESC, id LIMIT 1")
second=$(sql "SELECT id FROM dup_pair ORDER BY score DESC, id LIMIT 1 OFFSET 1")
run_ok sk dedupe accept "$first"
run_ok sk dedupe reject "$second"
contains "$TMP/out" "Judged 1 pairs distinct"
same "$((pending - 2))" "$(sql "SELECT count(*) FROM dup_pair WHERE id NOT IN (SELECT pair_id FROM dup_decision)")"
same '2' "$(sql "SELECT count(*) FROM dup_member")"

# Judging in a spreadsheet: the review CSV read back as it was written
# judges nothing; filled-in decisions are judged, in one go or not at all.
run_ok sk dedupe review --format csv
cp "$TMP/out" sheet.csv
run_ok sk dedupe review --from sheet.csv
contains "$TMP/out" "Judged 0 pairs duplicate and 0 distinct \(by [^)]*\); $((pending - 2)) rows left undecided"
third=$(sql "SELECT id FROM dup_pair WHERE id NOT IN (SELECT pair_id FROM dup_decision) ORDER BY id LIMIT 1")
fourth=$(sql "SELECT id FROM dup_pair WHERE id NOT IN (SELECT pair_id FROM dup_decision) ORDER BY id LIMIT 1 OFFSET 1")
printf 'pair;decision;note\r\n%s;Yes;"checked the PDF; same trial"\r\n%s;distinct;\r\n' \
	"$third" "$fourth" > judged.csv
printf 'pair,decision\n%s,yes\n%s,maybe\n' "$third" "$fourth" > bad.csv
printf 'pair,verdict\n9999,no\n' > nopair.csv
printf 'id,what\n1,yes\n' > nocolumns.csv
before=$(store_dump)
run_fails 1 "bad.csv:3: decision 'maybe' is neither duplicate nor distinct" sk dedupe review --from bad.csv
run_fails 1 'nopair.csv:2: there is no pair 9999' sk dedupe review --from nopair.csv
run_fails 1 "nocolumns.csv:1: the header needs a 'pair' and a 'decision' column" sk dedupe review --from nocolumns.csv
run_fails 1 'missing.csv' sk dedupe review --from missing.csv
same "$before" "$(store_dump)"
run_ok sk dedupe review --from judged.csv --reviewer carla
contains "$TMP/out" 'Judged 1 pairs duplicate and 1 distinct \(by carla\)'
same 'duplicate|carla|checked the PDF; same trial' "$(sql "SELECT verdict, reviewer, note FROM dup_current WHERE pair_id = $third")"
same 'distinct||' "$(sql "SELECT verdict, note, '' FROM dup_current WHERE pair_id = $fourth" | cut -d'|' -f1-3)"

# Three databases' exports of one search: shared PMIDs and DOIs merge.
export SCOPEKIT_DB="$TMP/restoration.db"
run_ok sk init --title 'Restoration'
run_ok sk import "$CORPUS/medline/revtools_restoration_pubmed.nbib" --source PubMed
run_ok sk import "$CORPUS/ris/revtools/restoration_scopus.ris" --source Scopus
run_ok sk import "$CORPUS/ris/wos_tagged/revtools_restoration_WoS.ciw" --source 'Web of Science'
run_ok sk dedupe
contains "$TMP/out" '^Compared 637 records'
# Every pair of records sharing a DOI is in one cluster, and no cluster
# joins two records whose DOIs differ.
same '0' "$(sql "SELECT count(*) FROM record a JOIN record b ON lower(a.doi) = lower(b.doi) AND a.id < b.id LEFT JOIN dup_member ma ON ma.record_id = a.id LEFT JOIN dup_member mb ON mb.record_id = b.id WHERE ma.canonical IS NOT mb.canonical OR ma.canonical IS NULL")"
same '0' "$(sql "SELECT count(*) FROM dup_member ma JOIN dup_member mb ON ma.canonical = mb.canonical AND ma.record_id < mb.record_id JOIN record a ON a.id = ma.record_id JOIN record b ON b.id = mb.record_id WHERE lower(a.doi) <> lower(b.doi)")"

done_testing
