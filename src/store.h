/*
 * store: the review store, one SQLite file: open with the right pragmas,
 * schema migrations by PRAGMA user_version, transactions, and helpers
 * that turn SQLite errors into struct sk_err.
 */
#ifndef SK_STORE_H
#define SK_STORE_H

#include <sqlite3.h>

#include "err.h"

enum store_mode {
	STORE_READ,	/* must exist; no transaction is begun */
	STORE_WRITE,	/* must exist */
	STORE_WRITE_ALONE,	/* must exist; a large write (store_write_alone) */
	STORE_CREATE,	/* must not hold a review yet; created if missing */
};

struct store {
	sqlite3 *db;
	char *path;
	int in_transaction;
	int read_only;	/* the file could only be opened for reading */
	int query_only;	/* writes refused for good (query_read_only) */
	int alone;	/* rollback journal until closed (store_write_alone) */
};

/* The store path: the --db value, else $SCOPEKIT_DB, else ./review.db. */
const char *store_default_path(const char *db_option);

/*
 * Open (or create) the store at path and bring its schema up to date.
 * Before migrating an existing store to a newer schema, a copy is saved
 * beside it as PATH.bak-vN. Refuses files that are not scopekit stores
 * and stores made by a newer scopekit. The caller frees with store_close.
 */
int store_open(struct store **st, const char *path, enum store_mode mode,
	       struct sk_err *err);
void store_close(struct store *st);

/*
 * Before a large write (an import), with no transaction open: use a
 * rollback journal instead of WAL until store_close(), so each page is
 * written once. Other scopekit commands wait for it (or give up with
 * "busy") while it runs. With another connection open the journal cannot
 * change, and the write goes through WAL as usual.
 */
int store_write_alone(struct store *st, struct sk_err *err);

int store_begin(struct store *st, struct sk_err *err);
/*
 * Begin writing if no other writer holds the store for longer than ms
 * milliseconds: 1 if begun; 0 if the store is busy or cannot be written
 * (nothing begun, err untouched); -1 on other errors.
 */
int store_try_begin(struct store *st, int ms, struct sk_err *err);
int store_commit(struct store *st, struct sk_err *err);
/* Roll back if a transaction is open; never fails. */
void store_rollback(struct store *st);

/* Run SQL without results. */
int store_exec(struct store *st, const char *sql, struct sk_err *err);
/* Prepare one statement; the caller finalizes it. */
int store_prepare(struct store *st, sqlite3_stmt **stmt, const char *sql,
		  struct sk_err *err);
/* Turn the store's last error into err; returns -1. */
int store_fail(struct store *st, struct sk_err *err, const char *what);

/* Bind a string or NULL (SQLite copies it). */
int store_bind_text(sqlite3_stmt *stmt, int idx, const char *s);
/* Bind without a copy: s must stay unchanged until the statement is reset. */
int store_bind_static(sqlite3_stmt *stmt, int idx, const char *s);

/* The schema version this build writes. */
int store_schema_latest(void);
/*
 * How facts are ordered, newest first, in an ORDER BY: by their time t,
 * then by the copy they were made in, then by local id (schema 5), so a
 * merged store orders them the same whatever order copies came in. p is
 * the table's alias with its dot, or "".
 */
#define STORE_NEWEST(p, t) \
	p t " DESC, coalesce(" p "origin, '') DESC, " p "id DESC"

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void store_now(char out[32]);
/* The same to the millisecond, "YYYY-MM-DDTHH:MM:SS.mmmZ": judgements made
 * within one second keep their order. */
void store_now_ms(char out[32]);

#endif
