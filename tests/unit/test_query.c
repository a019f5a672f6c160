/*
 * query: the embedded queries (each prepares on a fresh store, each says
 * what it computes and what its parameters are), files from disk, named
 * parameters bound and checked, and every kind of write refused with its
 * line while the store stays as it was.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "query.h"
#include "sql_embed.h"
#include "store.h"

static struct store *st;

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

static void
setup(void)
{
	struct sk_err err = SK_ERR_INIT;
	char path[300];

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	ok(store_open(&st, path, STORE_CREATE, &err), &err);
	ok(store_exec(st, "INSERT INTO review(uuid, title, created_at) "
		      "VALUES ('u', 'T', 'now')", &err), &err);
}

static void
teardown(void)
{
	store_close(st);
	drop_tmp();
}

TestSuite(query, .init = setup, .fini = teardown);

static long long
one_int(const char *sql)
{
	sqlite3_stmt *s;
	long long v;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(st->db));
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* A query from text, as if read from a file name. */
static struct query
text_query(const char *sql)
{
	struct query q = { (char *)"q.sql", (char *)sql, 0 };

	return q;
}

Test(query, every_embedded_query_prepares_and_says_what_it_is)
{
	struct buf b = BUF_INIT;
	int n = 0;

	for (const struct sql_file *f = sql_queries; f->name; f++, n++) {
		struct sk_err err = SK_ERR_INIT;
		struct query_param p[8];
		char names[8][64];
		struct query q;
		sqlite3_stmt *s;
		int np, rc;

		query_summary(f->sql, &b);
		cr_expect(b.len > 10, "%s: no summary", f->name);
		ok(query_load(&q, f->name, &err), &err);
		cr_expect(q.embedded);
		/* its parameters, each given "x" and each explained */
		cr_assert_eq(sqlite3_prepare_v2(st->db, f->sql, -1, &s, NULL),
			     SQLITE_OK, "%s: %s", f->name,
			     sqlite3_errmsg(st->db));
		np = sqlite3_bind_parameter_count(s);
		cr_assert(np <= 8);
		for (int i = 0; i < np; i++) {
			snprintf(names[i], sizeof(names[i]), "%s",
				 sqlite3_bind_parameter_name(s, i + 1) + 1);
			p[i].name = names[i];
			p[i].value = "x";
		}
		for (int i = 0; i < np; i++) {
			query_param_help(f->sql, p[i].name, &b);
			cr_expect(b.len > 5, "%s: :%s is not explained",
				  f->name, p[i].name);
		}
		sqlite3_finalize(s);
		ok(query_prepare(st, &q, p, (size_t)np, &s, &err), &err);
		/* and runs through, whatever it finds */
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			;
		cr_expect_eq(rc, SQLITE_DONE, "%s: %s", f->name,
			     sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
		query_release(&q);
	}
	cr_expect(n >= 4);
	buf_release(&b);
}

Test(query, summary_and_parameter_help)
{
	static const char sql[] =
		"-- counts: how many of each\n--\n"
		"-- Parameters:\n--   :field   the field's key, as countries\n"
		"--   :lvl\tthe level\n--\n-- Columns: n\nSELECT :field, :lvl\n";
	struct buf b = BUF_INIT;

	query_summary(sql, &b);
	cr_expect_str_eq(b.data, "how many of each");
	query_param_help(sql, "field", &b);
	cr_expect_str_eq(b.data, "the field's key, as countries");
	query_param_help(sql, "lvl", &b);
	cr_expect_str_eq(b.data, "the level");
	query_param_help(sql, "fiel", &b);
	cr_expect_str_eq(b.data, "");
	query_summary("SELECT 1", &b);
	cr_expect_str_eq(b.data, "");
	query_summary("-- no name, just words\nSELECT 1", &b);
	cr_expect_str_eq(b.data, "no name, just words");
	buf_release(&b);
}

static void
refused(const char *sql, long line, const char *words)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query(sql);
	sqlite3_stmt *s = (sqlite3_stmt *)&err;

	cr_assert_eq(query_prepare(st, &q, NULL, 0, &s, &err), -1,
		     "not refused: %s", sql);
	cr_expect_null(s);
	cr_expect_eq(err.kind, SK_E_INPUT, "%s", sql);
	cr_expect_str_eq(err.file, "q.sql");
	cr_expect_eq(err.line, line, "%s: line %ld", sql, err.line);
	cr_expect(strstr(err.msg, words), "%s: \"%s\" not in \"%s\"", sql,
		  words, err.msg);
}

static const struct {
	const char *sql, *words;
} writes[] = {
	{ "DELETE FROM review", "would delete from 'review'" },
	{ "UPDATE review SET title = 'x'", "would update 'review'" },
	{ "INSERT INTO reviewer(name, created_at) VALUES ('x', 'y')",
	  "would insert into 'reviewer'" },
	{ "WITH x AS (SELECT 1) DELETE FROM review", "would delete from" },
	{ "CREATE TABLE t(x)", "would create a table, index, view or trigger" },
	{ "CREATE TEMP VIEW v AS SELECT 1", "would create a table" },
	{ "DROP VIEW unit_item", "would drop a table, index, view or trigger" },
	{ "ALTER TABLE review ADD COLUMN x", "would alter table" },
	{ "PRAGMA user_version = 9", "would set PRAGMA 'user_version'" },
	{ "PRAGMA query_only = 0", "would set PRAGMA 'query_only'" },
	{ "PRAGMA journal_mode = DELETE", "would set PRAGMA 'journal_mode'" },
	{ "PRAGMA optimize", "would set PRAGMA 'optimize'" },
	{ "ATTACH 'other.db' AS o", "would attach a database" },
	{ "BEGIN", "would begin or end a transaction" },
	{ "SAVEPOINT a", "would set a savepoint" },
	{ "VACUUM", "would change the store" },
	{ "VACUUM INTO 'copy.db'", "would change the store" },
	{ "REINDEX", "would change the schema" },
	{ "UPDATE sqlite_master SET sql = ''", "may not be modified" },
};

Test(query, writes_are_refused_with_their_line)
{
	long long objects = one_int("SELECT count(*) FROM sqlite_schema");
	char sql[512];

	for (size_t i = 0; i < sizeof(writes) / sizeof(*writes); i++) {
		/* after a comment, a blank line and a block comment */
		snprintf(sql, sizeof(sql), "-- %zu\n\n/* a\nb */ %s;\n", i,
			 writes[i].sql);
		refused(sql, 4, writes[i].words);
	}
	/* a read before a write: the write is found all the same */
	refused("SELECT 1;\n\nDELETE FROM review;\n", 3, "would delete from");
	cr_expect_eq(one_int("SELECT count(*) FROM review"), 1);
	cr_expect_eq(one_int("SELECT count(*) FROM sqlite_schema"), objects);
	cr_expect_eq(one_int("PRAGMA user_version"), store_schema_latest());
	cr_expect_eq(access("copy.db", F_OK), -1);
	cr_expect_eq(access("other.db", F_OK), -1);
}

Test(query, reading_pragmas_and_table_functions_pass)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query("SELECT value FROM json_each('[7]')");
	sqlite3_stmt *s;

	/* a table-valued function's first use in the connection */
	ok(query_read_only(st, &err), &err);
	ok(query_prepare(st, &q, NULL, 0, &s, &err), &err);
	cr_expect_eq(sqlite3_step(s), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int(s, 0), 7);
	sqlite3_finalize(s);
	q = text_query("SELECT name FROM pragma_table_info('review') LIMIT 1");
	ok(query_prepare(st, &q, NULL, 0, &s, &err), &err);
	cr_expect_eq(sqlite3_step(s), SQLITE_ROW);
	sqlite3_finalize(s);
	q = text_query("PRAGMA table_info(review)");

	ok(query_prepare(st, &q, NULL, 0, &s, &err), &err);
	cr_expect_eq(sqlite3_step(s), SQLITE_ROW);
	sqlite3_finalize(s);
	q = text_query("PRAGMA user_version");
	ok(query_prepare(st, &q, NULL, 0, &s, &err), &err);
	sqlite3_finalize(s);
}

Test(query, one_statement)
{
	refused("SELECT 1;\n-- and\nSELECT 2;\n", 3, "a query is one "
		"statement, and this is a second one");
	refused("-- nothing but words\n\n", 0, "there is no SQL statement");
	refused("SELECT 1;\nSELEC 2;\n", 2, "syntax error");
	refused("SELECT\n  nosuch\nFROM review", 2, "no such column: nosuch");
}

static int
bind_fails(const char *sql, const struct query_param *p, size_t np,
	   enum sk_err_kind kind, const char *words)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query(sql);
	sqlite3_stmt *s;

	cr_assert_eq(query_prepare(st, &q, p, np, &s, &err), -1, "%s", sql);
	cr_expect_eq(err.kind, kind);
	cr_expect(strstr(err.msg, words), "\"%s\" not in \"%s\"", words,
		  err.msg);
	return 0;
}

static char *
typed(const char *value)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query("SELECT typeof(:v) || ':' || :v");
	struct query_param p = { "v", value };
	sqlite3_stmt *s;
	char *out;

	ok(query_prepare(st, &q, &p, 1, &s, &err), &err);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

Test(query, parameters)
{
	static const char sql[] = "-- x: y\n--   :level   report, study or "
				  "unit\nSELECT :level, @a";
	const struct query_param level = { "level", "unit" };
	const struct query_param both[] = { { "level", "unit" },
					    { "a", "1" } };
	const struct query_param extra[] = { { "level", "unit" },
					     { "a", "1" }, { "b", "2" } };
	static const char *const values[][2] = {
		{ "2020", "integer:2020" }, { "-5", "integer:-5" },
		{ "007", "text:007" }, { "1.5", "text:1.5" },
		{ "unit", "text:unit" }, { "", "text:" },
		{ "99999999999999999999", "text:99999999999999999999" },
	};
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query(sql);
	sqlite3_stmt *s;

	bind_fails(sql, NULL, 0, SK_E_USAGE,
		   "q.sql needs --param level=VALUE (report, study or unit)");
	bind_fails(sql, &level, 1, SK_E_USAGE, "q.sql needs --param a=VALUE");
	bind_fails(sql, extra, 3, SK_E_USAGE,
		   "q.sql has no parameter ':b' (it has :level, @a)");
	bind_fails("SELECT 1", &level, 1, SK_E_USAGE,
		   "q.sql has no parameter ':level' (it takes none)");
	bind_fails("SELECT ?", NULL, 0, SK_E_INPUT, "name each one");
	ok(query_prepare(st, &q, both, 2, &s, &err), &err);
	sqlite3_finalize(s);
	for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++) {
		char *got = typed(values[i][0]);

		cr_expect_str_eq(got, values[i][1]);
		free(got);
	}
}

Test(query, loading)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q;
	const char *path;

	ok(query_load(&q, "freq", &err), &err);
	cr_expect(q.embedded);
	cr_expect_str_eq(q.sql, query_embedded("freq"));
	query_release(&q);
	cr_assert_eq(query_load(&q, "frq", &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect(strstr(err.msg, "there is no query 'frq' (did you mean "
			 "'freq'?)"), "%s", err.msg);
	query_release(&q);
	cr_assert_eq(query_load(&q, "zzzzzzzzzzzz", &err), -1);
	cr_expect(strstr(err.msg, "'scopekit query --list' lists them"));
	query_release(&q);
	path = write_tmp("mine.sql", "\xef\xbb\xbfSELECT 'caf\xc3\xa9'\n", 18);
	ok(query_load(&q, path, &err), &err);
	cr_expect(!q.embedded);
	cr_expect_str_eq(q.sql, "SELECT 'caf\xc3\xa9'\n");
	query_release(&q);
	path = write_tmp("bin.sql", "SELECT 1\0junk\n", 14);
	cr_assert_eq(query_load(&q, path, &err), -1);
	cr_expect(strstr(err.msg, "NUL"), "%s", err.msg);
	query_release(&q);
	cr_assert_eq(query_load(&q, "no/such.sql", &err), -1);
	query_release(&q);
}

Test(query, a_locked_store_refuses_writes)
{
	struct sk_err err = SK_ERR_INIT;
	struct query q = text_query("SELECT count(*) FROM review");
	sqlite3_stmt *s;

	ok(query_read_only(st, &err), &err);
	cr_expect_eq(one_int("PRAGMA query_only"), 1);
	cr_expect_eq(store_exec(st, "DELETE FROM review", &err), -1);
	cr_expect_eq(store_exec(st, "PRAGMA query_only = 0", &err), -1);
	cr_expect_eq(store_exec(st, "ATTACH 'x.db' AS x", &err), -1);
	cr_expect_eq(one_int("SELECT count(*) FROM review"), 1);
	/* reading still works */
	ok(query_prepare(st, &q, NULL, 0, &s, &err), &err);
	cr_expect_eq(sqlite3_step(s), SQLITE_ROW);
	cr_expect_eq(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
}
