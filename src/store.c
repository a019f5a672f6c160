#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sql_embed.h"
#include "xalloc.h"
#include "banned.h"

/* "SkRv": marks a SQLite file as a scopekit store (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x536b5276

/* How long a command waits for another writer to let go. */
#define STORE_BUSY_MS 10000

const char *
store_default_path(const char *db_option)
{
	const char *env = getenv("SCOPEKIT_DB");

	if (db_option && *db_option)
		return db_option;
	if (env && *env)
		return env;
	return "review.db";
}

int
store_schema_latest(void)
{
	int n = 0;

	while (sql_schema[n].name)
		n++;
	return n;
}

void
store_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void
store_now_ms(char out[32])
{
	struct timespec ts;
	struct tm tm;
	char sec[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, 32, "%.19s.%03dZ", sec, (int)(ts.tv_nsec / 1000000) % 1000);
}

int
store_fail(struct store *st, struct sk_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return sk_fail(err, SK_E_DB, st->path, 0,
			       "%s: the store is busy (another scopekit is "
			       "writing to it); try again", what);
	if (code == SQLITE_READONLY || (code & 0xff) == SQLITE_READONLY)
		return sk_fail(err, SK_E_DB, st->path, 0,
			       "%s: the store is read-only", what);
	if (code == SQLITE_FULL)
		return sk_fail(err, SK_E_IO, st->path, 0,
			       "%s: the disk is full", what);
	return sk_fail(err, SK_E_DB, st->path, 0, "%s: %s", what, msg);
}

int
store_exec(struct store *st, const char *sql, struct sk_err *err)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		sk_fail(err, SK_E_DB, st->path, 0, "%s", msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql,
	      struct sk_err *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return store_fail(st, err, "cannot prepare a query");
	}
	return 0;
}

int
store_bind_text(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_TRANSIENT);
}

int
store_bind_static(sqlite3_stmt *stmt, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(stmt, idx);
	return sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
}

int
store_begin(struct store *st, struct sk_err *err)
{
	if (store_exec(st, "BEGIN IMMEDIATE", err) < 0)
		return store_fail(st, err, "cannot start writing");
	st->in_transaction = 1;
	return 0;
}

int
store_try_begin(struct store *st, int ms, struct sk_err *err)
{
	int rc;

	if (st->read_only || st->query_only)
		return 0;
	sqlite3_busy_timeout(st->db, ms);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	switch (rc & 0xff) {
	case SQLITE_OK:
		st->in_transaction = 1;
		return 1;
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_READONLY:
		return 0;
	default:
		return store_fail(st, err, "cannot start writing");
	}
}

int
store_commit(struct store *st, struct sk_err *err)
{
	if (store_exec(st, "COMMIT", err) < 0)
		return store_fail(st, err, "cannot save the changes");
	st->in_transaction = 0;
	return 0;
}

void
store_rollback(struct store *st)
{
	if (st && st->in_transaction) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		st->in_transaction = 0;
	}
}

static int
pragma_int(struct store *st, const char *sql, int *value, struct sk_err *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (store_prepare(st, &stmt, sql, err) < 0)
		return -1;
	rc = sqlite3_step(stmt);
	*value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read the store");
	return 0;
}

/* Copy the store file aside before a migration changes it. */
static int
backup_before_migration(struct store *st, int from, struct sk_err *err)
{
	char *dest = xasprintf("%s.bak-v%d", st->path, from);
	sqlite3 *out = NULL;
	sqlite3_backup *b;
	int rc;

	rc = sqlite3_open(dest, &out);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(out, "main", st->db, "main");
		if (b) {
			sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
		}
		rc = sqlite3_errcode(out);
	}
	sqlite3_close(out);
	if (rc != SQLITE_OK) {
		sk_fail(err, SK_E_IO, dest, 0,
			"cannot back up the store before upgrading it");
		free(dest);
		return -1;
	}
	free(dest);
	return 0;
}

static int
migrate(struct store *st, int version, struct sk_err *err)
{
	int latest = store_schema_latest();

	if (version > latest)
		return sk_fail(err, SK_E_DB, st->path, 0,
			       "this store was made by a newer scopekit "
			       "(schema %d; this scopekit knows up to %d): "
			       "upgrade scopekit to open it",
			       version, latest);
	if (version == latest)
		return 0;
	if (version > 0 && backup_before_migration(st, version, err) < 0)
		return -1;
	for (int v = version; v < latest; v++) {
		char pragma[64];

		if (store_begin(st, err) < 0)
			return -1;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 v + 1);
		if (store_exec(st, sql_schema[v].sql, err) < 0 ||
		    store_exec(st, pragma, err) < 0) {
			store_rollback(st);
			return sk_fail(err, SK_E_DB, st->path, 0,
				       "cannot upgrade the store to schema "
				       "%d (%s): %s", v + 1,
				       sql_schema[v].name, err->msg);
		}
		if (store_commit(st, err) < 0)
			return -1;
	}
	return 0;
}

/* Refuse SQLite files that some other program made. */
static int
check_identity(struct store *st, int *version, struct sk_err *err)
{
	int app_id = 0, objects = 0;

	if (pragma_int(st, "PRAGMA application_id", &app_id, err) < 0 ||
	    pragma_int(st, "PRAGMA user_version", version, err) < 0 ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &objects,
		       err) < 0)
		return -1;
	if (app_id == STORE_APPLICATION_ID)
		return 0;
	if (app_id != 0 || objects > 0)
		return sk_fail(err, SK_E_DB, st->path, 0,
			       "not a scopekit review store");
	return 0;
}

static int
set_pragmas(struct store *st, struct sk_err *err)
{
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (store_exec(st, "PRAGMA foreign_keys = ON", err) < 0)
		return -1;
	if (st->read_only)
		return 0;
	/*
	 * 64 KiB pages: records carry their original text and abstract, and
	 * with small pages most rows spill into overflow chains; large pages
	 * cut an import's writes by a third. Only a new file takes it.
	 */
	return store_exec(st,
			  "PRAGMA page_size = 65536;"
			  "PRAGMA journal_mode = WAL;"
			  "PRAGMA synchronous = FULL;"
			  "PRAGMA cache_size = -16384", err);
}

static int
file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/*
 * Open read-write even for reading, so an older store can be migrated on
 * any command; fall back to read-only for a reader of a read-only file.
 */
static int
open_db(struct store *st, enum store_mode mode, struct sk_err *err)
{
	/*
	 * One connection per process, used by one thread: no mutexes. URIs
	 * let merge attach copies read-only ("file:...?mode=ro").
	 */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
		    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;

	if (mode == STORE_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK &&
	    mode == STORE_READ) {
		sqlite3_close(st->db);
		st->db = NULL;
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW |
			SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
		st->read_only = 1;
		sqlite3_open_v2(st->path, &st->db, flags, NULL);
	}
	if (sqlite3_errcode(st->db) != SQLITE_OK)
		return sk_fail(err, SK_E_IO, st->path, 0,
			       "cannot open the store: %s",
			       sqlite3_errmsg(st->db));
	sqlite3_extended_result_codes(st->db, 1);
	return 0;
}

int
store_open(struct store **stp, const char *path, enum store_mode mode,
	   struct sk_err *err)
{
	struct store *st;
	int version = 0;
	char pragma[64];

	*stp = NULL;
	if (mode != STORE_CREATE && !file_exists(path))
		return sk_fail(err, SK_E_IO, path, 0,
			       "no review store here: create one with "
			       "'scopekit init --title TITLE' or give --db");
	st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	if (open_db(st, mode, err) < 0 || set_pragmas(st, err) < 0 ||
	    check_identity(st, &version, err) < 0)
		goto fail;
	if (version == 0 && mode != STORE_CREATE) {
		sk_fail(err, SK_E_DB, st->path, 0,
			"not a scopekit review store (an empty file)");
		goto fail;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d",
		 STORE_APPLICATION_ID);
	if (version == 0 && store_exec(st, pragma, err) < 0)
		goto fail;
	if (migrate(st, version, err) < 0)
		goto fail;
	*stp = st;
	return 0;
fail:
	store_close(st);
	return -1;
}

/*
 * In WAL mode every page is written twice, to the log and then by the
 * checkpoint into the store, and a transaction of a million records
 * grows the log to the size of the store. With a rollback journal the
 * pages added at the end of the file are written once and not
 * journaled at all: a large import takes a third less time.
 */
int
store_write_alone(struct store *st, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (st->read_only || st->in_transaction)
		return 0;
	if (store_prepare(st, &s, "PRAGMA journal_mode = DELETE", err) < 0)
		return -1;
	/* Busy at once if another connection has the store: WAL stays. */
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		st->alone = sqlite3_stricmp(
			(const char *)sqlite3_column_text(s, 0), "delete") == 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_BUSY &&
	    rc != SQLITE_LOCKED)
		return store_fail(st, err, "cannot take the store for writing");
	return 0;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	store_rollback(st);
	/* Back to WAL; if another reader holds it now, the next open does. */
	if (st->alone)
		sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL,
			     NULL);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}
