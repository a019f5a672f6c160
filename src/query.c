/*
 * query: running the SQL of queries/ and users' own files without any
 * chance of a write. Three locks, each enough alone for what it covers:
 * PRAGMA query_only (no change to the file), no ATTACH (no new file), and
 * an authorizer that refuses every action but reading, so the refusal can
 * say what the statement would have done; sqlite3_stmt_readonly catches
 * what no authorizer action names (VACUUM, VACUUM INTO a new file).
 */
#include "query.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "input.h"
#include "sql_embed.h"
#include "xalloc.h"
#include "nearest.h"
#include "banned.h"

#define QUERY_TEXT_MAX (1024 * 1024)

/* ---- finding and loading ---- */

const char *
query_embedded(const char *name)
{
	for (const struct sql_file *f = sql_queries; f->name; f++)
		if (!strcmp(f->name, name))
			return f->sql;
	return NULL;
}

static const char *
nearest(const char *name)
{
	const char *best = NULL;
	size_t best_d = strlen(name) / 2 + 1;

	for (const struct sql_file *f = sql_queries; f->name; f++) {
		size_t d = name_distance(name, f->name);

		if (d < best_d) {
			best_d = d;
			best = f->name;
		}
	}
	return best;
}

static int
read_text(const char *path, char **text, struct sk_err *err)
{
	return input_read_text(path, QUERY_TEXT_MAX, "query", text, NULL, err);
}

/* A file; for "freq.sql" that is not here, a word on the embedded one. */
static int
read_file(struct query *q, struct sk_err *err)
{
	char stem[128];
	size_t n = strlen(q->name);

	if (read_text(q->name, &q->sql, err) == 0)
		return 0;
	if (access(q->name, F_OK) == 0 || strchr(q->name, '/') ||
	    n - 4 >= sizeof(stem))
		return -1;
	memcpy(stem, q->name, n - 4);
	stem[n - 4] = '\0';
	if (!query_embedded(stem))
		return -1;
	return sk_fail(err, SK_E_INPUT, q->name, 0, "there is no such file "
		       "here; the query compiled in is named '%s' (without "
		       ".sql)", stem);
}

static int
looks_like_path(const char *s)
{
	size_t n = strlen(s);

	return strchr(s, '/') || (n > 4 && !strcmp(s + n - 4, ".sql"));
}

int
query_load(struct query *q, const char *name, struct sk_err *err)
{
	const char *sql, *hint;

	memset(q, 0, sizeof(*q));
	q->name = xstrdup(name);
	if (!looks_like_path(name) && (sql = query_embedded(name))) {
		q->sql = xstrdup(sql);
		q->embedded = 1;
		return 0;
	}
	if (looks_like_path(name))
		return read_file(q, err);
	hint = nearest(name);
	if (hint)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no query "
			       "'%s' (did you mean '%s'?); 'scopekit query "
			       "--list' lists them", name, hint);
	return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no query '%s'; "
		       "'scopekit query --list' lists them, and a file is "
		       "named by its path (ending .sql)", name);
}

void
query_release(struct query *q)
{
	free(q->name);
	free(q->sql);
	memset(q, 0, sizeof(*q));
}

/* ---- the opening comment ---- */

/* The text of a "--" comment line at s, or NULL if s is not one. */
static const char *
comment_text(const char *s, size_t *len)
{
	const char *end = strchr(s, '\n');

	if (strncmp(s, "--", 2))
		return NULL;
	s += 2;
	if (!end)
		end = s + strlen(s);
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	*len = (size_t)(end - s);
	while (*len && isspace((unsigned char)s[*len - 1]))
		(*len)--;
	return s;
}

static const char *
next_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? nl + 1 : s + strlen(s);
}

void
query_summary(const char *sql, struct buf *out)
{
	const char *t, *colon;
	size_t len;

	buf_reset(out);
	while (*sql == '\n' || *sql == ' ' || *sql == '\r')
		sql++;
	t = comment_text(sql, &len);
	if (!t)
		return;
	/* "freq: how many..." names the file first */
	colon = memchr(t, ':', len);
	if (colon && colon + 1 < t + len && colon[1] == ' ' &&
	    !memchr(t, ' ', (size_t)(colon - t))) {
		len -= (size_t)(colon + 2 - t);
		t = colon + 2;
	}
	buf_add(out, t, len);
}

void
query_param_help(const char *sql, const char *name, struct buf *out)
{
	size_t nlen = strlen(name);

	buf_reset(out);
	for (const char *s = sql; *s; s = next_line(s)) {
		size_t len;
		const char *t = comment_text(s, &len);

		if (!t) {
			if (*s == '\n' || *s == '\r')
				continue;
			break;	/* the opening comment ends */
		}
		if (len > nlen + 1 && t[0] == ':' &&
		    !strncmp(t + 1, name, nlen) &&
		    (t[nlen + 1] == ' ' || t[nlen + 1] == '\t')) {
			t += nlen + 1;
			len -= nlen + 1;
			while (len && (*t == ' ' || *t == '\t')) {
				t++;
				len--;
			}
			buf_add(out, t, len);
			return;
		}
	}
}

/* ---- refusing writes ---- */

/* What a refused action would have done, for the message. */
struct denial {
	int denied;
	char what[256];
};

static const struct {
	int code;
	const char *verb;
	int named;	/* the table, index or pragma follows the verb */
} actions[] = {
	{ SQLITE_INSERT, "insert into", 1 },
	{ SQLITE_UPDATE, "update", 1 },
	{ SQLITE_DELETE, "delete from", 1 },
	{ SQLITE_CREATE_TABLE, "create table", 1 },
	{ SQLITE_CREATE_TEMP_TABLE, "create table", 1 },
	{ SQLITE_CREATE_INDEX, "create index", 1 },
	{ SQLITE_CREATE_TEMP_INDEX, "create index", 1 },
	{ SQLITE_CREATE_VIEW, "create view", 1 },
	{ SQLITE_CREATE_TEMP_VIEW, "create view", 1 },
	{ SQLITE_CREATE_TRIGGER, "create trigger", 1 },
	{ SQLITE_CREATE_TEMP_TRIGGER, "create trigger", 1 },
	{ SQLITE_CREATE_VTABLE, "create table", 1 },
	{ SQLITE_DROP_TABLE, "drop table", 1 },
	{ SQLITE_DROP_TEMP_TABLE, "drop table", 1 },
	{ SQLITE_DROP_INDEX, "drop index", 1 },
	{ SQLITE_DROP_TEMP_INDEX, "drop index", 1 },
	{ SQLITE_DROP_VIEW, "drop view", 1 },
	{ SQLITE_DROP_TEMP_VIEW, "drop view", 1 },
	{ SQLITE_DROP_TRIGGER, "drop trigger", 1 },
	{ SQLITE_DROP_TEMP_TRIGGER, "drop trigger", 1 },
	{ SQLITE_DROP_VTABLE, "drop table", 1 },
	{ SQLITE_ALTER_TABLE, "alter table", 0 },
	{ SQLITE_REINDEX, "rebuild index", 1 },
	{ SQLITE_ANALYZE, "analyse", 1 },
	{ SQLITE_PRAGMA, "set PRAGMA", 1 },
	{ SQLITE_TRANSACTION, "begin or end a transaction", 0 },
	{ SQLITE_SAVEPOINT, "set a savepoint", 0 },
	{ SQLITE_ATTACH, "attach a database", 0 },
	{ SQLITE_DETACH, "detach a database", 0 },
};

/* PRAGMAs that only report, whatever their argument. */
static const char *const pragmas_report[] = {
	"table_info", "table_xinfo", "table_list", "index_list", "index_info",
	"index_xinfo", "foreign_key_list", "foreign_key_check",
	"function_list", "pragma_list", "module_list", "collation_list",
	"compile_options", "database_list", "integrity_check", "quick_check",
	NULL,
};

/* PRAGMAs that report when given no value (and set one otherwise). */
static const char *const pragmas_read[] = {
	"user_version", "application_id", "schema_version", "data_version",
	"page_count", "page_size", "freelist_count", "encoding",
	"foreign_keys", "query_only", NULL,
};

static int
listed(const char *const *list, const char *name)
{
	for (; name && *list; list++)
		if (!strcasecmp(*list, name))
			return 1;
	return 0;
}

static int
pragma_reads(const char *name, const char *value)
{
	return listed(pragmas_report, name) ||
	       (!value && listed(pragmas_read, name));
}

static void
note_denial(struct denial *d, int action, const char *name)
{
	size_t i;

	d->denied = 1;
	/* a CREATE or DROP is refused as it writes SQLite's schema table */
	if (name && !strncmp(name, "sqlite_", 7) && action != SQLITE_READ) {
		snprintf(d->what, sizeof(d->what), "%s",
			 action == SQLITE_INSERT ?
			 "create a table, index, view or trigger" :
			 action == SQLITE_DELETE ?
			 "drop a table, index, view or trigger" :
			 "change the schema");
		return;
	}
	for (i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (actions[i].code == action)
			break;
	if (i == sizeof(actions) / sizeof(*actions))
		snprintf(d->what, sizeof(d->what), "change the store");
	else if (actions[i].named && name)
		snprintf(d->what, sizeof(d->what), "%s '%s'", actions[i].verb,
			 name);
	else
		snprintf(d->what, sizeof(d->what), "%s", actions[i].verb);
}

static int
authorize(void *ctx, int action, const char *a1, const char *a2,
	  const char *db, const char *trigger)
{
	struct denial *d = ctx;

	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_FUNCTION:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		if (pragma_reads(a1, a2))
			return SQLITE_OK;
		break;
	case SQLITE_UPDATE:
		/*
		 * A table-valued function (json_each, pragma_table_info) is
		 * asked this on its first use, as it declares its columns.
		 * No statement can really update the schema table: that
		 * takes PRAGMA writable_schema, refused above, and
		 * query_prepare checks sqlite3_stmt_readonly besides.
		 */
		if (a1 && (!strcmp(a1, "sqlite_master") ||
			   !strcmp(a1, "sqlite_temp_master")))
			return SQLITE_OK;
		break;
	}
	if (d && !d->denied)
		note_denial(d, action, a1);
	return SQLITE_DENY;
}

int
query_read_only(struct store *st, struct sk_err *err)
{
	if (store_exec(st, "PRAGMA query_only = ON", err) < 0)
		return -1;
	sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(st->db, authorize, NULL);
	st->query_only = 1;
	return 0;
}

/* ---- preparing ---- */

/* The line of the first token at or after s (skipping comments). */
static long
token_line(const char *sql, const char *s)
{
	long line = 1;

	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!strncmp(s, "--", 2))
			s = next_line(s);
		else if (!strncmp(s, "/*", 2) && strstr(s + 2, "*/"))
			s = strstr(s + 2, "*/") + 2;
		else
			break;
	}
	for (const char *p = sql; p < s; p++)
		line += *p == '\n';
	return line;
}

static long
offset_line(const char *sql, const char *at)
{
	long line = 1;

	for (const char *p = sql; p < at && *p; p++)
		line += *p == '\n';
	return line;
}

/*
 * Prepare the statement at *at under an authorizer that notes what it
 * refuses; *at moves past it. *s is NULL when only comments were left.
 */
static int
prepare_one(struct store *st, const struct query *q, const char **at,
	    sqlite3_stmt **s, struct sk_err *err)
{
	struct denial d = { 0, "" };
	const char *start = *at;
	int rc, off;

	sqlite3_set_authorizer(st->db, authorize, &d);
	rc = sqlite3_prepare_v2(st->db, start, -1, s, at);
	off = sqlite3_error_offset(st->db);
	/* a store locked for reading keeps refusing; any other is let be */
	sqlite3_set_authorizer(st->db, st->query_only ? authorize : NULL,
			       NULL);
	if (rc == SQLITE_OK && *s && !sqlite3_stmt_readonly(*s)) {
		d.denied = 1;
		snprintf(d.what, sizeof(d.what), "change the store");
	}
	if (d.denied) {
		sqlite3_finalize(*s);
		*s = NULL;
		return sk_fail(err, SK_E_INPUT, q->name,
			       token_line(q->sql, start), "this statement "
			       "would %s: a query only reads", d.what);
	}
	if (rc != SQLITE_OK)
		return sk_fail(err, SK_E_INPUT, q->name, off >= 0 ?
			       offset_line(q->sql, start + off) :
			       token_line(q->sql, start), "%s",
			       sqlite3_errmsg(st->db));
	return 0;
}

/* Look at every statement: none may write; there must be exactly one. */
static int
prepare_all(struct store *st, const struct query *q, sqlite3_stmt **out,
	    struct sk_err *err)
{
	const char *at = q->sql, *second = NULL;
	sqlite3_stmt *s;
	int n = 0;

	*out = NULL;
	while (*at) {
		const char *start = at;

		if (prepare_one(st, q, &at, &s, err) < 0)
			goto fail;
		if (!s)
			break;
		if (n++ == 0)
			*out = s;
		else {
			if (!second)
				second = start;
			sqlite3_finalize(s);
		}
	}
	if (n == 0)
		return sk_fail(err, SK_E_INPUT, q->name, 0, "there is no SQL "
			       "statement in the query");
	if (n > 1) {
		sk_fail(err, SK_E_INPUT, q->name, token_line(q->sql, second),
			"a query is one statement, and this is a second one");
		goto fail;
	}
	return 0;
fail:
	sqlite3_finalize(*out);
	*out = NULL;
	return -1;
}

/* The parameters the statement names, ":a, :b", for a message. */
static void
param_names(sqlite3_stmt *s, struct buf *out)
{
	int n = sqlite3_bind_parameter_count(s);

	for (int i = 1; i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);

		if (name)
			buf_addf(out, "%s%s", out->len ? ", " : "", name);
	}
}

static int
whole_number(const char *s, sqlite3_int64 *v)
{
	char *end;
	long long n;

	if (!*s || (!isdigit((unsigned char)*s) && *s != '-') ||
	    (*s == '0' && s[1]) || (*s == '-' && (s[1] == '0' || !s[1])))
		return 0;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || *end)
		return 0;
	*v = n;
	return 1;
}

static int
bind_one(sqlite3_stmt *s, int idx, const char *value)
{
	sqlite3_int64 v;

	if (whole_number(value, &v))
		return sqlite3_bind_int64(s, idx, v);
	return sqlite3_bind_text(s, idx, value, -1, SQLITE_TRANSIENT);
}

/* Does s have parameter name (as :name, @name or $name)? */
static int
names_param(sqlite3_stmt *s, const char *name)
{
	int n = sqlite3_bind_parameter_count(s);

	for (int i = 1; i <= n; i++) {
		const char *p = sqlite3_bind_parameter_name(s, i);

		if (p && !strcmp(p + 1, name))
			return 1;
	}
	return 0;
}

/* Each parameter of s from params; each of params used. */
static int
bind_params(const struct query *q, sqlite3_stmt *s,
	    const struct query_param *params, size_t np, struct sk_err *err)
{
	int n = sqlite3_bind_parameter_count(s);
	struct buf b = BUF_INIT;
	int rc = 0;

	for (int i = 1; rc == 0 && i <= n; i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		size_t k;

		if (!name) {
			rc = sk_fail(err, SK_E_INPUT, q->name, 0, "the query "
				     "has a '?' parameter: name each one, "
				     "as :field");
			break;
		}
		for (k = 0; k < np && strcmp(params[k].name, name + 1); k++)
			;
		if (k < np) {
			bind_one(s, i, params[k].value);
			continue;
		}
		query_param_help(q->sql, name + 1, &b);
		rc = sk_fail(err, SK_E_USAGE, NULL, 0, "%s needs --param "
			     "%s=VALUE%s%s%s", q->name, name + 1,
			     b.len ? " (" : "", b.data, b.len ? ")" : "");
	}
	for (size_t k = 0; rc == 0 && k < np; k++) {
		if (names_param(s, params[k].name))
			continue;
		buf_reset(&b);
		param_names(s, &b);
		if (b.len)
			rc = sk_fail(err, SK_E_USAGE, NULL, 0, "%s has no "
				     "parameter ':%s' (it has %s)", q->name,
				     params[k].name, b.data);
		else
			rc = sk_fail(err, SK_E_USAGE, NULL, 0, "%s has no "
				     "parameter ':%s' (it takes none)",
				     q->name, params[k].name);
	}
	buf_release(&b);
	return rc;
}

int
query_prepare(struct store *st, const struct query *q,
	      const struct query_param *params, size_t nparams,
	      sqlite3_stmt **stmt, struct sk_err *err)
{
	if (prepare_all(st, q, stmt, err) < 0)
		return -1;
	if (bind_params(q, *stmt, params, nparams, err) < 0) {
		sqlite3_finalize(*stmt);
		*stmt = NULL;
		return -1;
	}
	return 0;
}
