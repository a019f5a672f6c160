/*
 * terms: a record's title and abstract never change, so their words are
 * counted once, the first time a ranking needs the record, and kept as
 * (term id, count) pairs; idf and lengths depend on which records are
 * ranked and are applied as the vectors are made. Counting happens
 * outside any lock; only writing the counts takes the store, briefly,
 * and a store that cannot be written gets its vectors from the texts.
 */
#include "terms.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/*
 * How the counts are made: tfidf_tokens over title and abstract, words
 * and word pairs. Raise it when that changes: every record is then
 * counted again.
 */
#define TERMS_VERSION 1

/* How long to wait for another writer before working in memory. */
#define TERMS_WAIT_MS 250

/* The rows' counts as read or made: LEB128 (term, count) pairs. */
struct kept {
	struct buf blobs;	/* one row after another */
	size_t *off, *len;	/* by row */
	unsigned char *have;	/* by row: its counts are in blobs */
	size_t missing;		/* rows without */
	long long version;	/* of the counts in the store, 0 if none */
	long long max_term;	/* the store's highest term id */
};

static void
kept_init(struct kept *k, size_t n)
{
	memset(k, 0, sizeof(*k));
	buf_init(&k->blobs);
	k->off = xcalloc(n + 1, sizeof(*k->off));
	k->len = xcalloc(n + 1, sizeof(*k->len));
	k->have = xcalloc(n + 1, 1);
}

static void
kept_release(struct kept *k)
{
	buf_release(&k->blobs);
	free(k->off);
	free(k->len);
	free(k->have);
}

static void
kept_add(struct kept *k, size_t row, const void *blob, size_t len)
{
	k->off[row] = k->blobs.len;
	k->len[row] = len;
	buf_add(&k->blobs, blob, len);
	if (!k->have[row])
		k->missing--;
	k->have[row] = 1;
}

/* ---- the encoding ---- */

static void
put_varint(struct buf *b, uint64_t v)
{
	for (; v >= 0x80; v >>= 7)
		buf_addch(b, (int)((v & 0x7f) | 0x80));
	buf_addch(b, (int)v);
}

static int
get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0; shift < 64 && *p < end; shift += 7) {
		unsigned char c = *(*p)++;

		x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = x;
			return 0;
		}
	}
	return -1;
}

/*
 * A row's counts into ids and counts (grown as needed; NULL ids: only
 * checked); -1 if they are damaged: a bad varint, a term the vocabulary
 * lacks, a count of 0.
 */
static long
decode(const unsigned char *p, size_t len, long long max_term,
       uint32_t **ids, uint32_t **counts, size_t *cap)
{
	const unsigned char *end = p + len;
	size_t n = 0;

	while (p < end) {
		uint64_t id, count;

		if (get_varint(&p, end, &id) < 0 ||
		    get_varint(&p, end, &count) < 0 || id < 1 ||
		    id > (uint64_t)max_term || id >= UINT32_MAX ||
		    count < 1 || count > UINT32_MAX)
			return -1;
		if (ids && n == *cap) {
			*ids = xgrow(*ids, cap, n + 1, sizeof(**ids));
			*counts = xrealloc(*counts, *cap * sizeof(**counts));
		}
		if (ids) {
			(*ids)[n] = (uint32_t)id;
			(*counts)[n] = (uint32_t)count;
		}
		n++;
	}
	return (long)n;
}

static int
valid(const void *blob, size_t len, long long max_term)
{
	return decode(blob, len, max_term, NULL, NULL, NULL) >= 0;
}

/* ---- reading what is kept ---- */

static int
read_version(struct store *st, struct kept *k, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT (SELECT version FROM term_counting "
			  "WHERE id = 1), (SELECT max(id) FROM term)", err) < 0)
		return -1;
	row = sqlite3_step(s);
	k->version = row == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	k->max_term = row == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading the store");
}

static int
read_blobs(struct store *st, const long long *ids, size_t n, struct kept *k,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int row = SQLITE_DONE;

	if (store_prepare(st, &s, "SELECT terms FROM record_terms WHERE "
			  "record_id = ?", err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, ids[i]);
		row = sqlite3_step(s);
		if (row == SQLITE_ROW)
			kept_add(k, i, sqlite3_column_blob(s, 0),
				 (size_t)sqlite3_column_bytes(s, 0));
		else if (row != SQLITE_DONE)
			break;
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the word counts");
}

/* Every row's counts the store keeps, in one read transaction. */
static int
read_kept(struct store *st, const long long *ids, size_t n, struct kept *k,
	  struct sk_err *err)
{
	int own = !st->in_transaction, rc;

	k->missing = n;
	if (own && store_exec(st, "BEGIN", err) < 0)
		return -1;
	rc = read_version(st, k, err);
	if (rc == 0 && k->version == TERMS_VERSION)
		rc = read_blobs(st, ids, n, k, err);
	if (own)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* ---- counting ---- */

/* The missing rows counted from their texts, with the counter's ids. */
struct counted {
	struct tfidf_counter *c;
	struct buf blobs;
	size_t *off, *len;	/* by row */
};

/* The title and abstract of a record, valid until s is reset. */
static int
record_text(struct store *st, sqlite3_stmt *s, long long id, const char *f[2],
	    struct sk_err *err)
{
	int row;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW) {
		f[0] = (const char *)sqlite3_column_text(s, 0);
		f[1] = (const char *)sqlite3_column_text(s, 1);
		return 0;
	}
	if (row == SQLITE_DONE)
		return sk_fail(err, SK_E_DB, st->path, 0, "record %lld is "
			       "missing from the store", id);
	return store_fail(st, err, "reading records");
}

static int
count_missing(struct store *st, const long long *ids, size_t n,
	      const struct kept *k, struct counted *cn, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	cn->c = tfidf_counter_new(2);
	cn->off = xcalloc(n + 1, sizeof(*cn->off));
	cn->len = xcalloc(n + 1, sizeof(*cn->len));
	if (store_prepare(st, &s, "SELECT title, abstract FROM record WHERE "
			  "id = ?", err) < 0)
		return -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const uint32_t *tid, *cnt;
		const char *f[2];
		size_t nt;

		if (k->have[i] || (rc = record_text(st, s, ids[i], f, err)) < 0)
			continue;
		nt = tfidf_counter_count(cn->c, f, 2, &tid, &cnt);
		cn->off[i] = cn->blobs.len;
		for (size_t j = 0; j < nt; j++) {
			put_varint(&cn->blobs, tid[j]);
			put_varint(&cn->blobs, cnt[j]);
		}
		cn->len[i] = cn->blobs.len - cn->off[i];
	}
	sqlite3_finalize(s);
	return rc;
}

static void
counted_release(struct counted *cn)
{
	tfidf_counter_free(cn->c);
	buf_release(&cn->blobs);
	free(cn->off);
	free(cn->len);
}

/* ---- keeping the counts ---- */

struct writer {
	sqlite3_stmt *get, *add_term, *find_term, *put;
	uint32_t *map;		/* by the counter's id: the store's, or 0 */
	struct buf blob;
};

static int
writer_open(struct store *st, struct writer *w, size_t nterms,
	    struct sk_err *err)
{
	memset(w, 0, sizeof(*w));
	buf_init(&w->blob);
	w->map = xcalloc(nterms ? nterms : 1, sizeof(*w->map));
	return store_prepare(st, &w->get, "SELECT terms FROM record_terms "
			     "WHERE record_id = ?", err) < 0 ||
	       store_prepare(st, &w->add_term, "INSERT INTO term (text) "
			     "VALUES (?) ON CONFLICT (text) DO NOTHING",
			     err) < 0 ||
	       store_prepare(st, &w->find_term, "SELECT id FROM term WHERE "
			     "text = ?", err) < 0 ||
	       store_prepare(st, &w->put, "INSERT OR REPLACE INTO "
			     "record_terms (record_id, terms) VALUES (?, ?)",
			     err) < 0 ? -1 : 0;
}

static void
writer_close(struct writer *w)
{
	sqlite3_finalize(w->get);
	sqlite3_finalize(w->add_term);
	sqlite3_finalize(w->find_term);
	sqlite3_finalize(w->put);
	free(w->map);
	buf_release(&w->blob);
}

/* The store's id of a term, added to the vocabulary if new; 0 failed. */
static uint32_t
store_term(struct store *st, struct writer *w, const char *text, size_t len)
{
	sqlite3_int64 id = 0;

	sqlite3_bind_text(w->add_term, 1, text, (int)len, SQLITE_STATIC);
	if (sqlite3_step(w->add_term) == SQLITE_DONE &&
	    sqlite3_changes(st->db) == 1)
		id = sqlite3_last_insert_rowid(st->db);
	sqlite3_reset(w->add_term);
	if (!id) {
		sqlite3_bind_text(w->find_term, 1, text, (int)len,
				  SQLITE_STATIC);
		if (sqlite3_step(w->find_term) == SQLITE_ROW)
			id = sqlite3_column_int64(w->find_term, 0);
		sqlite3_reset(w->find_term);
	}
	return id > 0 && id < UINT32_MAX ? (uint32_t)id : 0;
}

/* A counted row in the store's ids, written and kept. */
static int
write_row(struct store *st, struct writer *w, const struct counted *cn,
	  long long record, size_t row, struct kept *k)
{
	const unsigned char *p = (const unsigned char *)cn->blobs.data +
				 cn->off[row];
	const unsigned char *end = p + cn->len[row];
	int rc;

	buf_reset(&w->blob);
	while (p < end) {
		uint64_t id = 0, count = 0;

		if (get_varint(&p, end, &id) < 0 ||
		    get_varint(&p, end, &count) < 0)
			return -1;
		if (!w->map[id]) {
			size_t len;
			const char *text = tfidf_counter_term(cn->c,
							      (uint32_t)id,
							      &len);

			if (!(w->map[id] = store_term(st, w, text, len)))
				return -1;
		}
		put_varint(&w->blob, w->map[id]);
		put_varint(&w->blob, count);
	}
	sqlite3_bind_int64(w->put, 1, record);
	sqlite3_bind_blob(w->put, 2, w->blob.data, (int)w->blob.len,
			  SQLITE_STATIC);
	rc = sqlite3_step(w->put);
	sqlite3_reset(w->put);
	if (rc != SQLITE_DONE)
		return -1;
	kept_add(k, row, w->blob.data, w->blob.len);
	return 0;
}

/*
 * Each missing row: kept meanwhile by another scopekit (then that), or
 * written now. Inside the write transaction.
 */
static int
write_rows(struct store *st, const long long *ids, size_t n,
	   const struct counted *cn, struct kept *k, struct sk_err *err)
{
	struct writer w;
	int rc = writer_open(st, &w, tfidf_counter_nterms(cn->c), err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (k->have[i])
			continue;
		sqlite3_bind_int64(w.get, 1, ids[i]);
		if (sqlite3_step(w.get) == SQLITE_ROW &&
		    valid(sqlite3_column_blob(w.get, 0),
			  (size_t)sqlite3_column_bytes(w.get, 0), k->max_term))
			kept_add(k, i, sqlite3_column_blob(w.get, 0),
				 (size_t)sqlite3_column_bytes(w.get, 0));
		else
			rc = write_row(st, &w, cn, ids[i], i, k);
		sqlite3_reset(w.get);
	}
	writer_close(&w);
	return rc;
}

/* Counts of another way of counting go; this one's are written anew. */
static int
start_over(struct store *st, struct kept *k, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_exec(st, "DELETE FROM record_terms; DELETE FROM term",
		       err) < 0 ||
	    store_prepare(st, &s, "INSERT OR REPLACE INTO term_counting (id, "
			  "version) VALUES (1, ?)", err) < 0)
		return -1;
	sqlite3_bind_int(s, 1, TERMS_VERSION);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	k->max_term = 0;
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Keep the counted rows: 1 if kept, 0 if the store could not take them
 * (busy, read-only, full, or changed meanwhile), -1 on other errors.
 */
static int
keep_counts(struct store *st, const long long *ids, size_t n,
	    const struct counted *cn, struct kept *k, struct sk_err *err)
{
	struct sk_err ignored = SK_ERR_INIT;
	long long seen = k->version;
	int own = !st->in_transaction, rc;

	if (own)
		rc = store_try_begin(st, TERMS_WAIT_MS, err);
	else
		rc = store_exec(st, "SAVEPOINT terms", err) < 0 ? -1 : 1;
	if (rc <= 0)
		return rc;
	rc = read_version(st, k, &ignored);
	/* another scopekit started over meanwhile: its ids are not ours */
	if (rc == 0 && k->version != seen)
		rc = -1;
	if (rc == 0 && k->version != TERMS_VERSION)
		rc = start_over(st, k, &ignored);
	if (rc == 0)
		rc = write_rows(st, ids, n, cn, k, &ignored);
	/* the vocabulary has grown */
	if (rc == 0)
		rc = read_version(st, k, &ignored);
	if (rc == 0 && own)
		rc = store_commit(st, &ignored);
	else if (rc == 0)
		rc = store_exec(st, "RELEASE terms", &ignored);
	if (rc == 0)
		return 1;
	if (own)
		store_rollback(st);
	else
		sqlite3_exec(st->db, "ROLLBACK TO terms; RELEASE terms", NULL,
			     NULL, NULL);
	return 0;
}

/* ---- the vectors ---- */

/*
 * 0 if built; -1 if some rows' counts cannot be read (none should be):
 * they are marked missing, to be counted again.
 */
static int
build_kept(struct kept *k, size_t n, const struct tfidf_options *o,
	   struct tfidf *t)
{
	struct tfidf_builder *b = tfidf_builder_new(o);
	uint32_t *ids = NULL, *counts = NULL;
	size_t cap = 0, damaged = 0;

	/* a pair takes two bytes or more */
	tfidf_builder_reserve(b, n, k->blobs.len / 2);
	for (size_t i = 0; i < n; i++) {
		long m = decode((const unsigned char *)k->blobs.data +
				k->off[i], k->len[i], k->max_term, &ids,
				&counts, &cap);

		if (m < 0) {
			k->have[i] = 0;
			k->missing++;
			damaged++;
		} else if (!damaged) {
			tfidf_builder_add_counted(b, ids, counts, (size_t)m);
		}
	}
	tfidf_builder_finish(b, t);
	free(ids);
	free(counts);
	if (damaged)
		tfidf_release(t);
	return damaged ? -1 : 0;
}

static int
build_texts(struct store *st, const long long *ids, size_t n,
	    const struct tfidf_options *o, struct tfidf *t,
	    struct sk_err *err)
{
	struct tfidf_builder *b = tfidf_builder_new(o);
	sqlite3_stmt *s;
	int rc = store_prepare(st, &s, "SELECT title, abstract FROM record "
			       "WHERE id = ?", err);

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *f[2];

		if ((rc = record_text(st, s, ids[i], f, err)) == 0)
			tfidf_builder_add(b, f, 2);
	}
	sqlite3_finalize(s);
	tfidf_builder_finish(b, t);
	return rc;
}

/*
 * Count the missing rows and keep them: 0 if kept, 1 if the store cannot
 * take them now (then the vectors come from the texts), -1 on errors.
 */
static int
count_and_keep(struct store *st, const long long *ids, size_t n,
	       struct kept *k, struct sk_err *err)
{
	struct counted cn;
	int rc;

	if (st->read_only || st->query_only || k->version > TERMS_VERSION)
		return 1;
	/* a store busy now is likely busy still: do not count twice */
	if (!st->in_transaction) {
		if ((rc = store_try_begin(st, TERMS_WAIT_MS, err)) <= 0)
			return rc < 0 ? -1 : 1;
		store_rollback(st);
	}
	memset(&cn, 0, sizeof(cn));
	buf_init(&cn.blobs);
	rc = count_missing(st, ids, n, k, &cn, err);
	if (rc == 0)
		rc = keep_counts(st, ids, n, &cn, k, err);
	counted_release(&cn);
	return rc < 0 ? -1 : !rc;
}

/*
 * From the counts kept, counting and keeping the missing ones first: 1
 * if built, 0 if the vectors are to come from the texts, -1 on errors.
 */
static int
build_from_store(struct store *st, const long long *ids, size_t n,
		 const struct tfidf_options *o, struct tfidf *t,
		 enum terms_way *way, struct sk_err *err)
{
	struct kept k;
	int rc;

	kept_init(&k, n);
	rc = read_kept(st, ids, n, &k, err);
	*way = k.missing ? TERMS_COUNTED : TERMS_KEPT;
	if (rc == 0 && k.missing)
		rc = count_and_keep(st, ids, n, &k, err);
	/* damaged counts are counted again, once */
	if (rc == 0 && build_kept(&k, n, o, t) < 0) {
		*way = TERMS_COUNTED;
		rc = count_and_keep(st, ids, n, &k, err);
		if (rc == 0 && build_kept(&k, n, o, t) < 0)
			rc = 1;
	}
	kept_release(&k);
	return rc < 0 ? -1 : !rc;
}

int
terms_tfidf(struct store *st, const long long *ids, size_t n,
	    const struct tfidf_options *o, struct tfidf *t,
	    enum terms_way *way, struct sk_err *err)
{
	enum terms_way w = TERMS_IN_MEMORY;
	int built = 0;

	memset(t, 0, sizeof(*t));
	/* the counts are of words and word pairs */
	if (o->ngram_max == 2 &&
	    (built = build_from_store(st, ids, n, o, t, &w, err)) < 0)
		return -1;
	if (!built) {
		w = TERMS_IN_MEMORY;
		if (build_texts(st, ids, n, o, t, err) < 0) {
			tfidf_release(t);
			return -1;
		}
	}
	if (way)
		*way = w;
	return 0;
}

int
terms_text(struct store *st, const struct tfidf *t, size_t j,
	   struct buf *text, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	buf_reset(text);
	if (!t->term_id) {
		buf_adds(text, tfidf_term(t, j));
		return 0;
	}
	if (store_prepare(st, &s, "SELECT text FROM term WHERE id = ?",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, t->term_id[j]);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		buf_adds(text, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (row == SQLITE_DONE)
		return sk_fail(err, SK_E_DB, st->path, 0, "word %u of the "
			       "ranking is missing from the store",
			       (unsigned)t->term_id[j]);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading words");
}
