/*
 * terms: the vectors made from the counts kept in the store are byte for
 * byte those made from the texts (first count, counts kept, any choice
 * and order of records, records imported later, damaged counts, another
 * way of counting), and a store that cannot be written gets the vectors
 * from the texts with nothing kept.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "import.h"
#include "review.h"
#include "store.h"
#include "terms.h"

/* Folding, ligatures, accents, an empty abstract, no title, repeats. */
static const char extra_ris[] =
	"TY  - JOUR\nTI  - Naïve Bayes for NAÏVE screening\n"
	"AB  - Straße und \xef\xac\x81sh: naïve, nai\xcc\x88ve.\nER  - \n\n"
	"TY  - JOUR\nTI  - Methylphenidate in adults\nER  - \n\n"
	"TY  - JOUR\nAB  - An abstract without a title, about adults and "
	"methylphenidate in adults.\nER  - \n\n"
	"TY  - JOUR\nTI  - COVID-19 2019 x_y (e.g. a b c)\nAB  - 19 19 19 "
	"covid covid\nER  - \n";

static char path[300];

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

static void
import_file(struct store *st, const char *file, const char *source)
{
	struct sk_err err = SK_ERR_INIT;
	struct import_options opt = { .source = source };
	struct import_report rep;
	char *paths[1] = { (char *)file };

	ok(store_begin(st, &err), &err);
	ok(import_run(st, &opt, paths, 1, &rep, &err), &err);
	import_report_release(&rep);
	ok(store_commit(st, &err), &err);
}

static struct store *
open_store(void)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st;

	ok(store_open(&st, path, STORE_WRITE, &err), &err);
	return st;
}

static void
setup(void)
{
	struct sk_err err = SK_ERR_INIT;
	struct review r = { 0 };
	struct store *st;

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	ok(store_open(&st, path, STORE_CREATE, &err), &err);
	r.title = (char *)"Terms";
	ok(review_create(st, &r, &err), &err);
	import_file(st, C("screening/cohen2006_ADHD.csv"), "ADHD");
	store_close(st);
}

static void
teardown(void)
{
	drop_tmp();
}

TestSuite(terms, .init = setup, .fini = teardown);

static long long
one(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Every record id, in the order asked: 1 ascending, -1 descending. */
static long long *
all_ids(struct store *st, int order, size_t *n)
{
	long long max = one(st, "SELECT max(id) FROM record");
	long long *ids = calloc((size_t)max, sizeof(*ids));

	for (long long i = 0; i < max; i++)
		ids[i] = order > 0 ? i + 1 : max - i;
	*n = (size_t)max;
	return ids;
}

/* The vectors as tfidf makes them from the texts, as before schema 8. */
static void
from_texts(struct store *st, const long long *ids, size_t n,
	   struct tfidf *t)
{
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	struct tfidf_builder *b = tfidf_builder_new(&o);
	sqlite3_stmt *s;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT title, abstract FROM "
					"record WHERE id = ?", -1, &s, NULL),
		     SQLITE_OK);
	for (size_t i = 0; i < n; i++) {
		const char *f[2];

		sqlite3_bind_int64(s, 1, ids[i]);
		cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
		f[0] = (const char *)sqlite3_column_text(s, 0);
		f[1] = (const char *)sqlite3_column_text(s, 1);
		tfidf_builder_add(b, f, 2);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	tfidf_builder_finish(b, t);
}

#define SAME_ARRAY(a, b, n) \
	cr_assert(!memcmp((a), (b), (n) * sizeof(*(a))), #a " differs")

/* Byte for byte, terms included. */
static void
same_vectors(struct store *st, const struct tfidf *want,
	     const struct tfidf *got)
{
	struct sk_err err = SK_ERR_INIT;
	struct buf term = BUF_INIT;

	cr_assert_eq(got->nrows, want->nrows);
	cr_assert_eq(got->ncols, want->ncols);
	SAME_ARRAY(got->rowptr, want->rowptr, want->nrows + 1);
	SAME_ARRAY(got->col, want->col, want->rowptr[want->nrows]);
	SAME_ARRAY(got->val, want->val, want->rowptr[want->nrows]);
	SAME_ARRAY(got->idf, want->idf, want->ncols);
	SAME_ARRAY(got->df, want->df, want->ncols);
	for (size_t j = 0; j < want->ncols; j++) {
		ok(terms_text(st, got, j, &term, &err), &err);
		cr_assert_str_eq(term.data, tfidf_term(want, j),
				 "column %zu", j);
	}
	buf_release(&term);
}

/* terms_tfidf of ids is what the texts give; returns how it was made. */
static enum terms_way
check(struct store *st, const long long *ids, size_t n)
{
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	struct sk_err err = SK_ERR_INIT;
	struct tfidf want, got;
	enum terms_way way;

	from_texts(st, ids, n, &want);
	ok(terms_tfidf(st, ids, n, &o, &got, &way, &err), &err);
	same_vectors(st, &want, &got);
	tfidf_release(&want);
	tfidf_release(&got);
	return way;
}

Test(terms, counted_once_then_kept)
{
	struct store *st = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	cr_assert_eq(n, 851);
	cr_expect_eq(check(st, ids, n), TERMS_COUNTED);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 851);
	cr_expect_eq(one(st, "SELECT version FROM term_counting"), 1);
	cr_expect_eq(check(st, ids, n), TERMS_KEPT);
	/* another choice and order of records: other columns, same rule */
	free(ids);
	ids = all_ids(st, -1, &n);
	cr_expect_eq(check(st, ids, n), TERMS_KEPT);
	for (size_t i = 0; i < n / 3; i++)
		ids[i] = ids[3 * i + 1];
	cr_expect_eq(check(st, ids, n / 3), TERMS_KEPT);
	cr_expect_eq(check(st, ids, 0), TERMS_KEPT);
	free(ids);
	store_close(st);
}

Test(terms, records_imported_later)
{
	struct store *st = open_store();
	long long first[] = { 1, 2, 3, 851 };
	long long terms;
	size_t n;
	long long *ids;

	cr_expect_eq(check(st, first, 4), TERMS_COUNTED);
	terms = one(st, "SELECT count(*) FROM term");
	import_file(st, write_tmp("extra.ris", extra_ris, strlen(extra_ris)),
		    "Extra");
	ids = all_ids(st, 1, &n);
	cr_assert_eq(n, 855);
	/* the records counted before keep their counts and terms' ids */
	cr_expect_eq(check(st, ids, n), TERMS_COUNTED);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 855);
	cr_expect_gt(one(st, "SELECT count(*) FROM term"), terms);
	cr_expect_eq(check(st, ids + 851, 4), TERMS_KEPT);
	cr_expect_eq(check(st, ids, n), TERMS_KEPT);
	free(ids);
	store_close(st);
}

Test(terms, read_only_store_works_in_memory)
{
	struct store *st = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	st->read_only = 1;
	cr_expect_eq(check(st, ids, n), TERMS_IN_MEMORY);
	st->read_only = 0;
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 0);
	free(ids);
	store_close(st);
}

Test(terms, busy_store_works_in_memory)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st = open_store(), *other = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	ok(store_begin(other, &err), &err);
	cr_expect_eq(check(st, ids, n), TERMS_IN_MEMORY);
	store_rollback(other);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 0);
	cr_expect_eq(check(st, ids, n), TERMS_COUNTED);
	store_close(other);
	free(ids);
	store_close(st);
}

Test(terms, inside_a_transaction)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	ok(store_begin(st, &err), &err);
	cr_expect_eq(check(st, ids, 10), TERMS_COUNTED);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 10);
	/* the caller's transaction decides */
	store_rollback(st);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 0);
	free(ids);
	store_close(st);
}

Test(terms, damaged_counts_are_counted_again)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	cr_expect_eq(check(st, ids, n), TERMS_COUNTED);
	ok(store_exec(st, "UPDATE record_terms SET terms = x'ff' WHERE "
		      "record_id = 5; UPDATE record_terms SET terms = "
		      "x'8180808001' WHERE record_id = 7", &err), &err);
	cr_expect_eq(check(st, ids, n), TERMS_COUNTED);
	cr_expect_eq(check(st, ids, n), TERMS_KEPT);
	free(ids);
	store_close(st);
}

Test(terms, another_way_of_counting)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st = open_store();
	size_t n;
	long long *ids = all_ids(st, 1, &n);

	cr_expect_eq(check(st, ids, 20), TERMS_COUNTED);
	/* an older scopekit's counts are counted again, all of them */
	ok(store_exec(st, "UPDATE term_counting SET version = 0", &err), &err);
	cr_expect_eq(check(st, ids + 20, 5), TERMS_COUNTED);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 5);
	cr_expect_eq(one(st, "SELECT version FROM term_counting"), 1);
	/* a newer one's are left alone */
	ok(store_exec(st, "UPDATE term_counting SET version = 99", &err), &err);
	cr_expect_eq(check(st, ids, n), TERMS_IN_MEMORY);
	cr_expect_eq(one(st, "SELECT count(*) FROM record_terms"), 5);
	free(ids);
	store_close(st);
}
