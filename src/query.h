/*
 * query: the SQL files of queries/ (compiled in) and others read from
 * disk, run read-only, with named parameters bound from NAME=VALUE.
 */
#ifndef SK_QUERY_H
#define SK_QUERY_H

#include <stddef.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "store.h"

/* A query's text and the name its messages give. */
struct query {
	char *name;	/* "freq", or the file's path */
	char *sql;
	int embedded;
};

/* A parameter's value: name as in the SQL without its ':'. */
struct query_param {
	const char *name;
	const char *value;
};

/* The SQL of an embedded query (queries/NAME.sql), or NULL. */
const char *query_embedded(const char *name);

/*
 * Load a query: a file if name_or_path names one (a path, or a name
 * ending in .sql), else the embedded query of that name. A file is read
 * as text (a BOM, UTF-16 or Windows-1252 converted) of at most 1 MiB.
 * SK_E_INPUT for an unknown name, with the nearest as a hint. Release
 * with query_release (also after a failure).
 */
int query_load(struct query *q, const char *name_or_path, struct sk_err *err);
void query_release(struct query *q);

/*
 * The opening comment's first line, without its "name: " (what the query
 * computes), into out; empty if the query opens with no comment.
 */
void query_summary(const char *sql, struct buf *out);

/*
 * What the opening comment says of parameter :name (its line
 * "--   :name  text..."), into out; empty if it says nothing.
 */
void query_param_help(const char *sql, const char *name, struct buf *out);

/*
 * Make the connection refuse writes for good: query_only on, no ATTACH,
 * and an authorizer that lets nothing but reading through. Call it once,
 * after the store is open (and migrated); a command that only reads may
 * call it before any query.
 */
int query_read_only(struct store *st, struct sk_err *err);

/*
 * Prepare q's one statement and bind its parameters. Refused, naming q
 * and the line: a statement that would write or change the connection
 * (SK_E_INPUT), more than one statement, none, an SQL error; and
 * (SK_E_USAGE) a parameter the statement names that params lacks, a
 * param it does not name, a positional '?'. A value that is a whole
 * number is bound as an integer, any other as text. The caller
 * finalizes *stmt.
 */
int query_prepare(struct store *st, const struct query *q,
		  const struct query_param *params, size_t nparams,
		  sqlite3_stmt **stmt, struct sk_err *err);

#endif
