/*
 * tfidf: the vocabulary is an open-addressing hash table over one arena
 * of terms; each record is kept as (term, count) pairs until the last one
 * is in, because idf needs every record's terms first.
 */
#include "tfidf.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "xalloc.h"
#include "banned.h"

/*
 * A slot holds the term id and the top of its hash, so most probes that
 * miss are told apart without reading the term.
 */
struct slot {
	uint32_t id;		/* term id + 1, 0 when free */
	uint32_t tag;		/* hash >> 32 */
};

struct tfidf_builder {
	struct tfidf_options opt;
	/* vocabulary */
	struct buf arena;	/* terms, NUL-ended */
	size_t *off;		/* by term id */
	uint64_t *hash;		/* by term id, to grow the table */
	uint32_t *len;		/* by term id */
	uint32_t *seen, *count;	/* by term id: in the record being added */
	size_t nterms, capterms;
	struct slot *slots;	/* open addressing, linear probing */
	size_t nslots;		/* a power of two */
	/* records as sorted (term, count) runs */
	size_t *rowptr;
	size_t nrows, caprows;
	uint32_t *tcol, *tcnt;
	size_t nnz, capnnz;
	/* scratch */
	struct buf text, tokens, pair;
	uint32_t *ids;
	size_t nids, capids;
};

/* ---- tokens ---- */

static int
is_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return cp == '_';
	}
}

/* Bytes that are not UTF-8 become spaces, so folding cannot fail. */
static void
clean_utf8(const char *s, struct buf *out)
{
	size_t n = strlen(s), i = 0;

	buf_reset(out);
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(n - i), &cp);

		if (k <= 0) {
			buf_addch(out, ' ');
			i++;
		} else {
			buf_add(out, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
}

/*
 * ASCII text folds to lower case and nothing else, so it takes a short
 * way: most English titles and abstracts are ASCII throughout.
 */
static size_t
ascii_tokens(const char *text, struct buf *out)
{
	size_t count = 0;

	for (const char *p = text; *p;) {
		const char *start;

		while (*p && !(isalnum((unsigned char)*p) || *p == '_'))
			p++;
		start = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p - start < 2)
			continue;
		for (const char *q = start; q < p; q++)
			buf_addch(out, tolower((unsigned char)*q));
		buf_addch(out, '\0');
		count++;
	}
	return count;
}

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/*
 * Words of two or more letters, digits or underscores (the token rule of
 * common TF-IDF tools, so vocabularies compare), after compatibility
 * composition and case folding: "Naïve", "NAÏVE" and "naïve" are one.
 */
size_t
tfidf_tokens(const char *text, struct buf *out)
{
	struct buf clean = BUF_INIT;
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len, i = 0;
	size_t start = out->len, count = 0, chars = 0;

	if (is_ascii(text))
		return ascii_tokens(text, out);
	clean_utf8(text, &clean);
	len = utf8proc_map((const utf8proc_uint8_t *)clean.data,
			   (utf8proc_ssize_t)clean.len, &folded,
			   UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				   UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
				   UTF8PROC_IGNORE);
	buf_release(&clean);
	if (len < 0)
		return 0;
	while (i <= len) {
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = i < len ?
			utf8proc_iterate(folded + i, len - i, &cp) : 0;

		if (k > 0 && is_word_char(cp)) {
			buf_add(out, folded + i, (size_t)k);
			chars++;
		} else if (chars) {
			if (chars >= 2) {
				buf_addch(out, '\0');
				start = out->len;
				count++;
			} else {
				buf_setlen(out, start);
			}
			chars = 0;
		}
		i += k > 0 ? k : 1;
	}
	free(folded);
	return count;
}

/* ---- the vocabulary ---- */

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static void
table_grow(struct tfidf_builder *b)
{
	size_t n = b->nslots ? b->nslots * 2 : 1024;

	free(b->slots);
	b->slots = xcalloc(n, sizeof(*b->slots));
	b->nslots = n;
	for (size_t id = 0; id < b->nterms; id++) {
		size_t j = (size_t)b->hash[id] & (n - 1);

		while (b->slots[j].id)
			j = (j + 1) & (n - 1);
		b->slots[j].id = (uint32_t)id + 1;
		b->slots[j].tag = (uint32_t)(b->hash[id] >> 32);
	}
}

/* The id of a term, added to the vocabulary if new. */
static uint32_t
term_id(struct tfidf_builder *b, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	uint32_t tag = (uint32_t)(h >> 32);
	size_t j;

	if (2 * (b->nterms + 1) > b->nslots)
		table_grow(b);
	for (j = (size_t)h & (b->nslots - 1); b->slots[j].id;
	     j = (j + 1) & (b->nslots - 1)) {
		uint32_t id = b->slots[j].id - 1;

		if (b->slots[j].tag == tag && b->len[id] == n &&
		    !memcmp(b->arena.data + b->off[id], s, n))
			return id;
	}
	if (b->nterms == b->capterms) {
		b->off = xgrow(b->off, &b->capterms, b->nterms + 1,
			       sizeof(*b->off));
		b->hash = xrealloc(b->hash, b->capterms * sizeof(*b->hash));
		b->len = xrealloc(b->len, b->capterms * sizeof(*b->len));
		b->seen = xrealloc(b->seen, b->capterms * sizeof(*b->seen));
		b->count = xrealloc(b->count, b->capterms * sizeof(*b->count));
	}
	b->seen[b->nterms] = 0;
	b->off[b->nterms] = b->arena.len;
	b->hash[b->nterms] = h;
	b->len[b->nterms] = (uint32_t)n;
	buf_add(&b->arena, s, n);
	buf_addch(&b->arena, '\0');
	b->slots[j].id = (uint32_t)b->nterms + 1;
	b->slots[j].tag = tag;
	return (uint32_t)b->nterms++;
}

/* ---- records ---- */

struct tfidf_builder *
tfidf_builder_new(const struct tfidf_options *o)
{
	struct tfidf_builder *b = xcalloc(1, sizeof(*b));

	b->opt = *o;
	buf_init(&b->arena);
	buf_init(&b->text);
	buf_init(&b->tokens);
	buf_init(&b->pair);
	b->rowptr = xgrow(NULL, &b->caprows, 1, sizeof(*b->rowptr));
	b->rowptr[0] = 0;
	return b;
}

/*
 * A term of the record being added: counted where it was first seen in
 * the record (seen[] holds the record's number + 1), so the record's
 * terms need sorting once each, not once per occurrence.
 */
static void
add_id(struct tfidf_builder *b, uint32_t id)
{
	uint32_t mark = (uint32_t)b->nrows + 1;

	if (b->seen[id] == mark) {
		b->count[id]++;
		return;
	}
	b->seen[id] = mark;
	b->count[id] = 1;
	b->ids = xgrow(b->ids, &b->capids, b->nids + 1, sizeof(*b->ids));
	b->ids[b->nids++] = id;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The record's terms in column order, with their counts. */
static void
add_runs(struct tfidf_builder *b)
{
	if (b->nids)
		qsort(b->ids, b->nids, sizeof(*b->ids), cmp_u32);
	if (b->nnz + b->nids > b->capnnz) {
		b->tcol = xgrow(b->tcol, &b->capnnz, b->nnz + b->nids,
				sizeof(*b->tcol));
		b->tcnt = xrealloc(b->tcnt, b->capnnz * sizeof(*b->tcnt));
	}
	for (size_t i = 0; i < b->nids; i++) {
		b->tcol[b->nnz] = b->ids[i];
		b->tcnt[b->nnz++] = b->count[b->ids[i]];
	}
}

void
tfidf_builder_add(struct tfidf_builder *b, const char *const *fields,
		  size_t nfields)
{
	const char *prev = NULL;
	size_t ntok, prevlen = 0, off = 0;

	buf_reset(&b->text);
	for (size_t i = 0; i < nfields; i++) {
		if (!fields[i] || !*fields[i])
			continue;
		if (b->text.len)
			buf_addch(&b->text, ' ');
		buf_adds(&b->text, fields[i]);
	}
	buf_reset(&b->tokens);
	ntok = tfidf_tokens(b->text.data, &b->tokens);
	b->nids = 0;
	for (size_t t = 0; t < ntok; t++) {
		const char *tok = b->tokens.data + off;
		size_t len = strlen(tok);

		add_id(b, term_id(b, tok, len));
		if (b->opt.ngram_max >= 2 && prev) {
			buf_reset(&b->pair);
			buf_add(&b->pair, prev, prevlen);
			buf_addch(&b->pair, ' ');
			buf_add(&b->pair, tok, len);
			add_id(b, term_id(b, b->pair.data, b->pair.len));
		}
		prev = tok;
		prevlen = len;
		off += len + 1;
	}
	add_runs(b);
	b->rowptr = xgrow(b->rowptr, &b->caprows, b->nrows + 2,
			  sizeof(*b->rowptr));
	b->rowptr[++b->nrows] = b->nnz;
}

/* ---- the matrix ---- */

static void
builder_free(struct tfidf_builder *b)
{
	buf_release(&b->arena);
	buf_release(&b->text);
	buf_release(&b->tokens);
	buf_release(&b->pair);
	free(b->off);
	free(b->hash);
	free(b->len);
	free(b->seen);
	free(b->count);
	free(b->slots);
	free(b->rowptr);
	free(b->tcol);
	free(b->tcnt);
	free(b->ids);
	free(b);
}

/*
 * Columns of the kept terms, in first-seen order; *map gives each term
 * id its column, or UINT32_MAX when it is dropped (in too many records).
 */
static void
keep_terms(struct tfidf_builder *b, struct tfidf *t, uint32_t **map)
{
	uint32_t *df = xcalloc(b->nterms ? b->nterms : 1, sizeof(*df));
	double most = b->opt.max_df * (double)b->nrows;

	for (size_t k = 0; k < b->nnz; k++)
		df[b->tcol[k]]++;
	*map = xmalloc((b->nterms ? b->nterms : 1) * sizeof(**map));
	t->df = xmalloc((b->nterms ? b->nterms : 1) * sizeof(*t->df));
	t->term_off = xmalloc((b->nterms ? b->nterms : 1) *
			      sizeof(*t->term_off));
	t->ncols = 0;
	for (size_t id = 0; id < b->nterms; id++) {
		if (b->opt.max_df < 1.0 && (double)df[id] > most) {
			(*map)[id] = UINT32_MAX;
			continue;
		}
		(*map)[id] = (uint32_t)t->ncols;
		t->df[t->ncols] = df[id];
		t->term_off[t->ncols++] = b->off[id];
	}
	free(df);
}

static void
weigh_rows(struct tfidf_builder *b, struct tfidf *t, const uint32_t *map)
{
	size_t nnz = 0;

	t->idf = xmalloc((t->ncols ? t->ncols : 1) * sizeof(*t->idf));
	for (size_t j = 0; j < t->ncols; j++)
		t->idf[j] = log((1.0 + (double)t->nrows) /
				(1.0 + (double)t->df[j])) + 1.0;
	t->rowptr = xmalloc((t->nrows + 1) * sizeof(*t->rowptr));
	t->col = xmalloc((b->nnz ? b->nnz : 1) * sizeof(*t->col));
	t->val = xmalloc((b->nnz ? b->nnz : 1) * sizeof(*t->val));
	t->rowptr[0] = 0;
	for (size_t i = 0; i < t->nrows; i++) {
		size_t first = nnz;
		double norm = 0.0;

		for (size_t k = b->rowptr[i]; k < b->rowptr[i + 1]; k++) {
			uint32_t j = map[b->tcol[k]];
			double tf = b->tcnt[k];

			if (j == UINT32_MAX)
				continue;
			if (b->opt.sublinear)
				tf = 1.0 + log(tf);
			t->col[nnz] = j;
			t->val[nnz] = (float)(tf * t->idf[j]);
			norm += (double)t->val[nnz] * t->val[nnz];
			nnz++;
		}
		norm = sqrt(norm);
		for (size_t k = first; norm > 0.0 && k < nnz; k++)
			t->val[k] = (float)(t->val[k] / norm);
		t->rowptr[i + 1] = nnz;
	}
}

void
tfidf_builder_finish(struct tfidf_builder *b, struct tfidf *t)
{
	uint32_t *map;

	memset(t, 0, sizeof(*t));
	t->nrows = b->nrows;
	keep_terms(b, t, &map);
	weigh_rows(b, t, map);
	free(map);
	/* The arena moves over whole: the dropped terms are few. */
	t->terms = b->arena;
	buf_init(&b->arena);
	builder_free(b);
}

void
tfidf_release(struct tfidf *t)
{
	free(t->rowptr);
	free(t->col);
	free(t->val);
	free(t->idf);
	free(t->df);
	free(t->term_off);
	buf_release(&t->terms);
	memset(t, 0, sizeof(*t));
}

const char *
tfidf_term(const struct tfidf *t, size_t j)
{
	return j < t->ncols ? t->terms.data + t->term_off[j] : "";
}
