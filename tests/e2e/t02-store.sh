#!/usr/bin/env bash
# The review store: creation, pragmas, identity, versions, --db and $SCOPEKIT_DB.
. "$TESTS/e2e/lib.sh"

run_fails 1 'review.db: no review store here' sk sources
run_fails 2 'give the review.s title with --title' sk init

run_ok sk init --title 'Models of care for low back pain' \
	--question 'Which models exist?' --population 'Adults with LBP' \
	--concept 'Models of care' --context 'Primary care'
same 'wal' "$(sql 'PRAGMA journal_mode')"
same '8' "$(sql 'PRAGMA user_version')"
same '1399542390' "$(sql 'PRAGMA application_id')"
same 'Models of care for low back pain|Adults with LBP|Models of care|Primary care' \
	"$(sql 'SELECT title, population, concept, context FROM review')"
same '32' "$(sql 'SELECT length(uuid) FROM review')"

run_fails 1 'already holds a review' sk init --title 'Again'
same '1' "$(sql 'SELECT count(*) FROM review')"

# --db wins over $SCOPEKIT_DB, before or after the command.
run_ok sk --db other.db init --title 'Other review'
run_ok sk sources --db other.db
test -f other.db || fail 'other.db not created'
same 'Other review' "$(sqlite3 other.db 'SELECT title FROM review')"

# A SQLite file of another program is refused and left alone.
sqlite3 foreign.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
run_fails 1 'foreign.db: not a scopekit review store' sk --db foreign.db sources
run_fails 1 'not a scopekit review store' sk --db foreign.db init --title X
same '1' "$(sqlite3 foreign.db 'SELECT count(*) FROM t')"

# A file that is not SQLite at all.
echo 'hello' > text.db
run_fails 1 'text.db: file is not a database' sk --db text.db sources

# A store from a newer scopekit is refused, not touched.
cp review.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 99'
run_fails 1 'made by a newer scopekit \(schema 99' sk --db newer.db sources
run_fails 1 'made by a newer scopekit' sk --db newer.db import x.ris --source X
same '99' "$(sqlite3 newer.db 'PRAGMA user_version')"

# A store of schema 1 is migrated on open, after a backup is saved.
sqlite3 old.db < "$TESTS/../src/schema/001-initial.sql"
sqlite3 old.db "PRAGMA application_id = 1399542390; PRAGMA user_version = 1;
	INSERT INTO review VALUES (1, 'abc', 'Old review', NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z');"
run_ok sk --db old.db sources
same '8' "$(sqlite3 old.db 'PRAGMA user_version')"
same '1' "$(sqlite3 old.db.bak-v1 'PRAGMA user_version')"
same 'Old review' "$(sqlite3 old.db 'SELECT title FROM review')"
same '0' "$(sqlite3 old.db 'SELECT count(*) FROM dup_pair')"
same '0' "$(sqlite3 old.db 'SELECT count(*) FROM decision')"

# An empty store lists no sources: the header line only.
run_ok sk sources --format csv
same 'id,source,kind,searched,files,records,skipped,deleted,query,found,translation' "$(tr -d '\r' < "$TMP/out")"

done_testing
