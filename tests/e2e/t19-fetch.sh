#!/usr/bin/env bash
# fetch: PubMed searched through a local stand-in for the E-utilities
# (tests/mock/mock_eutils.c) serving real efetch XML. Every failure the
# server can make (429 with Retry-After, 500, a reset mid-body, XML cut
# short, a slow answer, an error in a 200, a record left out, a history
# set forgotten) is retried or reported; the rate limit is kept as the
# server saw it; a fetch killed resumes without duplicates; the records
# equal an import of the same XML; the search's provenance is stored.
. "$TESTS/e2e/lib.sh"
: "${MOCK_EUTILS:?set MOCK_EUTILS to the mock server}"
fx=$FIXTURES/fetch

# Waits (backoff, Retry-After, timeouts) at 1/100; the rate limit is real.
export SCOPEKIT_EUTILS_SCALE=0.01 NCBI_EMAIL=review@example.org
unset NCBI_API_KEY

mock_pid=
mock_stop() {
	if [ -n "$mock_pid" ]; then
		kill "$mock_pid" 2>/dev/null
		wait "$mock_pid" 2>/dev/null
	fi
	mock_pid=
}
trap 'mock_stop; rm -rf "$TMP"' EXIT

# mock_start [--fault N:ACTION[:ARG]]...: a fresh server, log in mock.log
mock_start() {
	mock_stop
	rm -f port mock.log
	"$MOCK_EUTILS" --port-file port --log mock.log --search "$fx/search.xml" \
		--new "$fx/update.xml" "$@" &
	mock_pid=$!
	for _ in $(seq 100); do [ -s port ] && break; sleep 0.05; done
	export SCOPEKIT_EUTILS_URL="http://127.0.0.1:$(cat port)/"
}

# Column 5 of the log: what the server did (ok or the fault).
served() { awk '{print $4 ":" $5}' mock.log | tr '\n' ' ' | sed 's/ $//'; }
requests() { wc -l < mock.log | tr -d ' '; }
# rate N: the shortest time, in ms, that N+1 requests in a row took.
rate() {
	awk -v n="$1" '{t[NR] = $1} END {m = 1e9; for (i = n + 1; i <= NR; i++)
		if (t[i] - t[i - n] < m) m = t[i] - t[i - n]; printf "%d\n", m * 1000}' mock.log
}
src_id() { sql "SELECT id FROM source WHERE name = '$1'"; }

fields="type, title, abstract, journal, journal_abbrev, issn, pubdate, year, volume, issue, pages, doi, pmid, pmcid, publisher, url, accession, database, languages, pubtypes, keywords, mesh, hex(original)"
authors="(SELECT group_concat(name || '|' || coalesce(family, '') || '|' || coalesce(given, '') || '|' || coalesce(affiliation, ''), ';') FROM (SELECT * FROM author a WHERE a.record_id = r.id ORDER BY position))"
# records_of DB SOURCE: every field of a source's records, by PMID
records_of() {
	sqlite3 "$1" "SELECT $fields, $authors FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = '$2' ORDER BY pmid"
}
# The same XML imported, as the reference the fetched records must equal.
run_ok sk --db ref.db init --title ref
run_ok sk --db ref.db import "$fx/search.xml" "$fx/update.xml" --source Ref
ref=$(sqlite3 ref.db "SELECT $fields, $authors FROM record r WHERE file_id = 1 ORDER BY pmid")
[ "$(sqlite3 ref.db 'SELECT count(*) FROM record WHERE file_id = 1')" = 20 ] || fail 'reference import'
run_ok sk init --title 'Fetch'

# ---- --dry-run: the count and translation, one request, nothing stored ----
mock_start
before=$(store_dump)
run_ok sk fetch --dry-run --query 'low back pain' --mindate 2000 --maxdate 2022-12-31
contains "$TMP/out" '^Records: +20$'
contains "$TMP/out" '^PubMed ran: +\(low back pain\)\[All Fields\]$'
same 'esearch.fcgi:ok' "$(served)"
contains mock.log 'term=low%20back%20pain&usehistory=y&retmode=json&retmax=0&datetype=pdat&mindate=2000&maxdate=2022%2F12%2F31&tool=scopekit&email=review%40example.org'
contains mock.log 'ua=scopekit/[0-9.]+ \(systematic review tool; tool=scopekit\)'
same "$before" "$(store_dump)"

# ---- every failure on the way, retried; rate kept; provenance ----
mock_start --fault 3:429:2 --fault 4:500 --fault 5:reset --fault 6:truncate \
	--fault 8:slow:6000 --fault 9:errorjson --fault 11:short
run_ok sk fetch --query 'low back pain' --source 'MEDLINE (PubMed)' \
	--mindate 2000 --maxdate 2022-12-31 --batch 5
same 'esearch.fcgi:ok efetch.fcgi:ok efetch.fcgi:429 efetch.fcgi:500 efetch.fcgi:reset efetch.fcgi:truncate efetch.fcgi:ok efetch.fcgi:slow efetch.fcgi:errorjson efetch.fcgi:ok efetch.fcgi:short efetch.fcgi:ok' "$(served)"
contains "$TMP/out" "^Fetched 20 records into source 'MEDLINE \(PubMed\)'$"
contains "$TMP/out" '^Requests: 12, 6 of them retries$'
contains "$TMP/err" 'HTTP 429: API rate limit exceeded; asking again'
contains "$TMP/err" 'HTTP 500; asking again'
contains "$TMP/err" 'efetch.fcgi: .*(reset|Recv failure|transfer closed).*; asking again'
contains "$TMP/err" 'cut off: it does not end with </PubmedArticleSet>; asking again'
contains "$TMP/err" 'efetch.fcgi: .*(too slow|[Tt]imeout|timed out).*; asking again'
contains "$TMP/err" 'the server answered: Search Backend failed; asking again'
contains "$TMP/err" 'efetch records 16-20: 1 of the 5 records asked for are missing; asking again'
# Retry-After: 2 s (scaled to 20 ms) was waited at least.
after=$(awk '$2 == 3 {a = $1} $2 == 4 {printf "%d\n", ($1 - a) * 1000}' mock.log)
[ "$after" -ge 20 ] || fail "Retry-After not kept: $after ms"
checks=$((checks + 1))
# At most 3 requests in any second: 4 in a row take more than 1 s.
[ "$(rate 3)" -ge 1000 ] || fail "4 requests within $(rate 3) ms"
checks=$((checks + 1))
id=$(src_id 'MEDLINE (PubMed)')
same '20|20' "$(sql "SELECT count(*), count(DISTINCT pmid) FROM record WHERE source_id = $id")"
same "$ref" "$(records_of "$SCOPEKIT_DB" 'MEDLINE (PubMed)')"
same "search|low back pain|(low back pain)[All Fields]|pdat|2000|2022/12/31|20|0|MCID_mock0001|1|5|20|0|1|" \
	"$(sql "SELECT kind, query, translation, datetype, mindate, maxdate, count, known, webenv, query_key, batch_size, fetched, missing, finished_at IS NOT NULL, update_of FROM fetch WHERE source_id = $id")"
same "$(date -u +%Y-%m-%d)|low back pain|database" "$(sql "SELECT searched_on, query, kind FROM source WHERE id = $id")"
same '0|5|1 5|5|5 10|5|3 15|5|2' "$(sql "SELECT group_concat(first || '|' || got || '|' || requests, ' ') FROM (SELECT * FROM fetch_batch ORDER BY first)")"
contains "$TMP/out" '^PMIDs: 20 of 20 fetched$'
run_ok sk sources --format tsv
contains "$TMP/out" "^$id	MEDLINE \(PubMed\)	database	$(date -u +%Y-%m-%d)	4	20	0	0	low back pain	20	\(low back pain\)\[All Fields\]$"
# PRISMA counts the fetched records as identified from databases.
run_ok sk prisma --explain database_results --format csv
same 20 "$(grep -c ',MEDLINE (PubMed),' "$TMP/out")"

# From here on an API key (10 requests a second) keeps the test short.
export NCBI_API_KEY=test-key

# ---- errors that asking again does not mend, and giving up ----
mock_start --fault '1:error:Invalid query syntax'
before=$(store_dump)
run_fails 1 "fetch: .*esearch.fcgi: the server answered: Invalid query syntax$" \
	sk fetch --query 'x[zz' --source Bad
same 1 "$(requests)"
same "$before" "$(store_dump)"
mock_start --fault 1:errorjson
run_ok sk fetch --dry-run --query 'low back pain'
same 'esearch.fcgi:errorjson esearch.fcgi:ok' "$(served)"
mock_start --fault 3:500 --fault 4:500 --fault 5:500 --fault 6:500 --fault 7:500 --fault 8:500
run_fails 1 "efetch.fcgi: HTTP 500 \(gave up after 6 requests\); 5 of 20 PMIDs are done: go on with 'scopekit fetch --resume --source \"Gave up\"'" \
	sk fetch --query 'low back pain' --source 'Gave up' --batch 5
same 8 "$(requests)"
same '5|5|' "$(sql "SELECT (SELECT count(*) FROM record WHERE source_id = f.source_id), fetched, finished_at FROM fetch f JOIN source s ON s.id = f.source_id WHERE s.name = 'Gave up'")"
run_fails 2 "there is no fetched search called 'Nothing'" sk fetch --update Nothing
run_fails 1 "a fetch of search 'Gave up' is unfinished" sk fetch --update 'Gave up'
run_fails 1 "there is a source called 'Gave up' already" sk fetch --query q --source 'Gave up'
# --resume asks for exactly what is left, at the server the fetch began on.
mock_start
run_ok sk fetch --resume
same 'efetch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok' "$(served)"
contains mock.log 'retstart=5&retmax=5'
contains "$TMP/out" "^Fetched 15 records into source 'Gave up' \(5 fetched before\)$"
same "$ref" "$(records_of "$SCOPEKIT_DB" 'Gave up')"
run_fails 2 'there is no unfinished fetch to resume' sk fetch --resume

# ---- killed (SIGKILL) mid-fetch: committed batches stay, resume adds the rest ----
mock_start --fault 4:slow:20000
"$SCOPEKIT" fetch --query 'low back pain' --source Killed --batch 5 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do [ "$(requests)" -ge 4 ] && break; sleep 0.05; done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
same ok "$(sql 'PRAGMA integrity_check')"
same '10|10|' "$(sql "SELECT (SELECT count(*) FROM record WHERE source_id = f.source_id), fetched, finished_at FROM fetch f JOIN source s ON s.id = f.source_id WHERE s.name = 'Killed'")"
mock_start
run_ok sk fetch --resume --source Killed
same "$ref" "$(records_of "$SCOPEKIT_DB" Killed)"
# Killed at random moments, resumed each time: never a duplicate, never a
# record without its batch, and in the end the same records.
mock_start --fault 2:500 --fault 3:500 --fault 4:500 --fault 5:500 --fault 6:500 --fault 7:500
run_fails 1 'gave up' sk fetch --query 'low back pain' --source Random --batch 2
mock_start
RANDOM=20261123
rid=$(src_id Random)
for k in $(seq 1 6); do
	"$SCOPEKIT" fetch --resume --source Random >/dev/null 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 900)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	same ok "$(sql 'PRAGMA integrity_check')"
	same "$(sql "SELECT fetched, fetched FROM fetch WHERE source_id = $rid")" \
		"$(sql "SELECT count(*), count(DISTINCT pmid) FROM record WHERE source_id = $rid")"
done
"$SCOPEKIT" fetch --resume --source Random >/dev/null 2>&1
same "$ref" "$(records_of "$SCOPEKIT_DB" Random)"

# ---- the history set forgotten: asked by PMID instead ----
mock_start --forget-history
run_ok sk fetch --query 'low back pain' --source Forgotten --batch 10
contains "$TMP/err" 'Unable to obtain query #1; asking by PMID instead'
same 'esearch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok' "$(served)"
contains mock.log 'efetch.fcgi ok .* db=pubmed&retmode=xml&id=38962805%2C32894878%2C'
same "$ref" "$(records_of "$SCOPEKIT_DB" Forgotten)"

# ---- --pmid-file: POSTed lists; a PMID named twice once; one PubMed lacks ----
printf '# included studies\n38962805, 32894878\n11636720 38866711\n\n38962805\n99999999 # gone\n' > pmids.txt
mock_start
run_ok sk fetch --pmid-file pmids.txt --source 'Citation searching' --kind other --batch 2
# Three batches; the one PubMed lacks is asked for three times.
same 'efetch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok efetch.fcgi:ok' "$(served)"
contains "$TMP/err" 'pmids.txt: 1 PMIDs listed twice are fetched once'
contains "$TMP/err" 'efetch records 5-5: PubMed did not return 1 PMIDs: \["99999999"\]'
contains "$TMP/out" '^Not returned by PubMed: 1 PMIDs'
contains mock.log 'id=38962805%2C32894878&'
same '4|other|PMIDs listed in pmids.txt' "$(sql "SELECT count(*), s.kind, s.query FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = 'Citation searching'")"
same 'pmids|5|1|["99999999"]' "$(sql "SELECT f.kind, f.count, f.missing, b.missing FROM fetch f JOIN source s ON s.id = f.source_id JOIN fetch_batch b ON b.fetch_id = f.id AND b.missing IS NOT NULL WHERE s.name = 'Citation searching'")"
printf '123\nPMID:456\n' > bad.txt
run_fails 1 "bad.txt:2: 'PMID:456' is not a PMID" sk fetch --pmid-file bad.txt --source Bad

# ---- --update: the records added since, a new source linked to the first ----
mock_start
run_ok sk fetch --update 'MEDLINE (PubMed)'
today=$(date -u +%Y/%m/%d)
contains mock.log "term=%28low%20back%20pain%29%20AND%20%282000%3A2022%2F12%2F31%5Bdp%5D%29&usehistory=y&retmode=json&retmax=10000&datetype=edat&mindate=${today//\//%2F}&maxdate=${today//\//%2F}"
upd="MEDLINE (PubMed) (update $(date -u +%Y-%m-%d))"
contains "$TMP/out" "^Fetched 4 records into source '$(echo "$upd" | sed 's/[()]/\\&/g')'"
contains "$TMP/out" 'PMIDs: 4 of 4 fetched; the search found 6, 2 of them found before'
same "6|2|edat|$(sql "SELECT id FROM fetch WHERE source_id = $id")|database" \
	"$(sql "SELECT f.count, f.known, f.datetype, f.update_of, s.kind FROM fetch f JOIN source s ON s.id = f.source_id WHERE s.name = '$upd'")"
same '' "$(sql "SELECT pmid FROM record r JOIN source s ON s.id = r.source_id WHERE s.name = '$upd' AND pmid IN (SELECT pmid FROM record WHERE source_id = $id)")"
# An update of the update goes back to the first search, and finds nothing new.
run_ok sk fetch --update "$upd" --source 'Second update'
same "0|6|$(sql "SELECT id FROM fetch WHERE source_id = $id")" "$(sql "SELECT f.total, f.known, f.update_of FROM (SELECT (SELECT count(*) FROM fetch_pmid p WHERE p.fetch_id = x.id) total, x.known, x.update_of FROM fetch x JOIN source s ON s.id = x.source_id WHERE s.name = 'Second update') f")"

# ---- with an API key: 10 requests a second, and the key sent ----
mock_start
run_ok sk fetch --query 'low back pain' --source Keyed --batch 2 --api-key SECRET123
same 11 "$(requests)"
contains mock.log 'api_key=SECRET123'
[ "$(rate 10)" -ge 1000 ] || fail "11 requests within $(rate 10) ms"
[ "$(rate 3)" -lt 1000 ] || fail "with a key, 4 requests took $(rate 3) ms"
checks=$((checks + 2))

# ---- more records than PubMed lists of one search: listed by date ranges ----
# (PubMed's cap of 10,000 lowered to 6 for the test)
mock_start --dates
export SCOPEKIT_EUTILS_MAX_IDS=6
run_ok sk fetch --query 'low back pain' --source Split --mindate 1970 --maxdate 2025 --batch 7
unset SCOPEKIT_EUTILS_MAX_IDS
parts=$(sql "SELECT parts FROM fetch f JOIN source s ON s.id = f.source_id WHERE s.name = 'Split'")
[ "$parts" -gt 3 ] || fail "listed in $parts date ranges"
checks=$((checks + 1))
contains "$TMP/err" "the search finds 20 records, more than the 6 PubMed lists at once: listed in $parts date ranges"
same '20||' "$(sql "SELECT count, webenv, query_key FROM fetch f JOIN source s ON s.id = f.source_id WHERE s.name = 'Split'")"
same 0 "$(grep -c 'efetch.fcgi .*WebEnv' mock.log)"
contains mock.log 'esearch.fcgi ok .*mindate=1970%2F01%2F01&maxdate=1997%2F12%2F31'
same "$ref" "$(records_of "$SCOPEKIT_DB" Split)"

# ---- usage ----
run_fails 2 'say what to fetch' sk fetch
run_fails 2 'say what to fetch' sk fetch --query a --pmid-file b
run_fails 2 'not a date' sk fetch --query a --mindate 2022-13-01
run_fails 2 '--datetype is pdat' sk fetch --query a --mindate 2020 --datetype mdat
run_fails 2 '--dry-run counts what a --query finds' sk fetch --resume --dry-run
run_fails 2 "unexpected argument 'back' \(put the search in quotes" sk fetch --query low back pain
run_fails 2 'must begin with http' sk fetch --query a --base-url ftp://x/
# A copy of the store cannot fetch (records keep their ids in copies).
run_ok sk reviewer add AD
run_ok sk copy --for AD ad.db
run_fails 1 'copy' sk --db ad.db fetch --query 'low back pain'

mock_stop
done_testing
