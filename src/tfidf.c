/*
 * tfidf: the vocabulary is an open-addressing hash table over one arena
 * of terms (struct tfidf_counter); each record is kept as (term, count)
 * pairs until the last one is in, because idf needs every record's terms
 * first. Records counted before (terms.c) come with ids of their own
 * vocabulary, numbered here in the order first met, as texts would be.
 */
#include "tfidf.h"

#include <assert.h>
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

struct tfidf_counter {
	int ngram_max;
	/* vocabulary */
	struct buf arena;	/* terms, NUL-ended */
	size_t *off;		/* by term id */
	uint64_t *hash;		/* by term id, to grow the table */
	uint32_t *len;		/* by term id */
	uint32_t *seen, *count;	/* by term id: in the record being counted */
	size_t nterms, capterms;
	struct slot *slots;	/* open addressing, linear probing */
	size_t nslots;		/* a power of two */
	uint32_t mark;		/* records counted so far */
	/* the record counted last: ids in the order first met, counts */
	uint32_t *ids, *counts;
	size_t nids, capids, capcounts;
	/* scratch */
	struct buf text, tokens, pair;
};

struct tfidf_builder {
	struct tfidf_options opt;
	struct tfidf_counter *c;	/* records added as text */
	/* records added counted: the caller's ids and ours */
	uint32_t *ext_to;	/* by the caller's id: ours + 1, 0 if unseen */
	size_t capext_to;
	uint32_t *ext_of;	/* by our id: the caller's */
	size_t next, capext_of;
	int counted;		/* 1 once a record is added counted */
	/*
	 * Records as sorted (term, count) runs. Counts are floats (exact
	 * below 2^24; a record has far fewer words) so the weights can
	 * take their place.
	 */
	size_t *rowptr;
	size_t nrows, caprows;
	uint32_t *tcol;
	float *tcnt;
	size_t nnz, capnnz;
	uint64_t *keys;		/* scratch: (term << 32) | count */
	size_t capkeys;
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
table_grow(struct tfidf_counter *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 1024;

	free(c->slots);
	c->slots = xcalloc(n, sizeof(*c->slots));
	c->nslots = n;
	for (size_t id = 0; id < c->nterms; id++) {
		size_t j = (size_t)c->hash[id] & (n - 1);

		while (c->slots[j].id)
			j = (j + 1) & (n - 1);
		c->slots[j].id = (uint32_t)id + 1;
		c->slots[j].tag = (uint32_t)(c->hash[id] >> 32);
	}
}

/* The id of a term, added to the vocabulary if new. */
static uint32_t
term_id(struct tfidf_counter *c, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	uint32_t tag = (uint32_t)(h >> 32);
	size_t j;

	if (2 * (c->nterms + 1) > c->nslots)
		table_grow(c);
	for (j = (size_t)h & (c->nslots - 1); c->slots[j].id;
	     j = (j + 1) & (c->nslots - 1)) {
		uint32_t id = c->slots[j].id - 1;

		if (c->slots[j].tag == tag && c->len[id] == n &&
		    !memcmp(c->arena.data + c->off[id], s, n))
			return id;
	}
	if (c->nterms == c->capterms) {
		c->off = xgrow(c->off, &c->capterms, c->nterms + 1,
			       sizeof(*c->off));
		c->hash = xrealloc(c->hash, c->capterms * sizeof(*c->hash));
		c->len = xrealloc(c->len, c->capterms * sizeof(*c->len));
		c->seen = xrealloc(c->seen, c->capterms * sizeof(*c->seen));
		c->count = xrealloc(c->count, c->capterms * sizeof(*c->count));
	}
	c->seen[c->nterms] = 0;
	c->off[c->nterms] = c->arena.len;
	c->hash[c->nterms] = h;
	c->len[c->nterms] = (uint32_t)n;
	buf_add(&c->arena, s, n);
	buf_addch(&c->arena, '\0');
	c->slots[j].id = (uint32_t)c->nterms + 1;
	c->slots[j].tag = tag;
	return (uint32_t)c->nterms++;
}

/* ---- counting one record ---- */

struct tfidf_counter *
tfidf_counter_new(int ngram_max)
{
	struct tfidf_counter *c = xcalloc(1, sizeof(*c));

	c->ngram_max = ngram_max;
	buf_init(&c->arena);
	buf_init(&c->text);
	buf_init(&c->tokens);
	buf_init(&c->pair);
	return c;
}

void
tfidf_counter_free(struct tfidf_counter *c)
{
	if (!c)
		return;
	buf_release(&c->arena);
	buf_release(&c->text);
	buf_release(&c->tokens);
	buf_release(&c->pair);
	free(c->off);
	free(c->hash);
	free(c->len);
	free(c->seen);
	free(c->count);
	free(c->slots);
	free(c->ids);
	free(c->counts);
	free(c);
}

/*
 * A term of the record being counted: counted where it was first seen in
 * the record (seen[] holds the record's mark), so the record's terms are
 * listed once each, in the order first met.
 */
static void
add_id(struct tfidf_counter *c, uint32_t id)
{
	if (c->seen[id] == c->mark) {
		c->count[id]++;
		return;
	}
	c->seen[id] = c->mark;
	c->count[id] = 1;
	c->ids = xgrow(c->ids, &c->capids, c->nids + 1, sizeof(*c->ids));
	c->ids[c->nids++] = id;
}

/* Words, and each word with the one before it, in the order of the text. */
static void
count_tokens(struct tfidf_counter *c, size_t ntok)
{
	const char *prev = NULL;
	size_t prevlen = 0, off = 0;

	for (size_t t = 0; t < ntok; t++) {
		const char *tok = c->tokens.data + off;
		size_t len = strlen(tok);

		add_id(c, term_id(c, tok, len));
		if (c->ngram_max >= 2 && prev) {
			buf_reset(&c->pair);
			buf_add(&c->pair, prev, prevlen);
			buf_addch(&c->pair, ' ');
			buf_add(&c->pair, tok, len);
			add_id(c, term_id(c, c->pair.data, c->pair.len));
		}
		prev = tok;
		prevlen = len;
		off += len + 1;
	}
}

size_t
tfidf_counter_count(struct tfidf_counter *c, const char *const *fields,
		    size_t nfields, const uint32_t **ids,
		    const uint32_t **counts)
{
	buf_reset(&c->text);
	for (size_t i = 0; i < nfields; i++) {
		if (!fields[i] || !*fields[i])
			continue;
		if (c->text.len)
			buf_addch(&c->text, ' ');
		buf_adds(&c->text, fields[i]);
	}
	buf_reset(&c->tokens);
	c->nids = 0;
	c->mark++;
	count_tokens(c, tfidf_tokens(c->text.data, &c->tokens));
	if (c->nids > c->capcounts)
		c->counts = xgrow(c->counts, &c->capcounts, c->nids,
				  sizeof(*c->counts));
	for (size_t i = 0; i < c->nids; i++)
		c->counts[i] = c->count[c->ids[i]];
	*ids = c->ids;
	*counts = c->counts;
	return c->nids;
}

const char *
tfidf_counter_term(const struct tfidf_counter *c, uint32_t id, size_t *len)
{
	if (len)
		*len = c->len[id];
	return c->arena.data + c->off[id];
}

size_t
tfidf_counter_nterms(const struct tfidf_counter *c)
{
	return c->nterms;
}

/* ---- records ---- */

struct tfidf_builder *
tfidf_builder_new(const struct tfidf_options *o)
{
	struct tfidf_builder *b = xcalloc(1, sizeof(*b));

	b->opt = *o;
	b->c = tfidf_counter_new(o->ngram_max);
	b->rowptr = xgrow(NULL, &b->caprows, 1, sizeof(*b->rowptr));
	b->rowptr[0] = 0;
	return b;
}

/* Insertion sort for short runs. */
static void
sort_short(uint64_t *k, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = k[i];
		size_t j = i;

		for (; j > 0 && k[j - 1] > v; j--)
			k[j] = k[j - 1];
		k[j] = v;
	}
}

/*
 * A record's (term << 32 | count) keys by term: least significant digit
 * first, a byte at a time, only as many bytes as the largest term needs
 * (qsort took a sixth of making the vectors from texts, and most of it
 * from kept counts). Terms are distinct, so any sort gives this order.
 */
static void
sort_keys(uint64_t *k, uint64_t *tmp, size_t n, uint32_t most)
{
	uint64_t *from = k, *to = tmp;

	if (n <= 32) {
		sort_short(k, n);
		return;
	}
	for (int shift = 32; shift < 64 && (most >> (shift - 32)); shift += 8) {
		size_t at[256] = { 0 }, sum = 0;

		for (size_t i = 0; i < n; i++)
			at[(from[i] >> shift) & 0xff]++;
		for (int d = 0; d < 256; d++) {
			size_t c = at[d];

			at[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[at[(from[i] >> shift) & 0xff]++] = from[i];
		from = to;
		to = from == k ? tmp : k;
	}
	if (from != k)
		memcpy(k, from, n * sizeof(*k));
}

/* The record in b->keys[0..n): its run, in column order, and its row. */
static void
add_run(struct tfidf_builder *b, size_t n, uint32_t most)
{
	sort_keys(b->keys, b->keys + b->capkeys / 2, n, most);
	if (b->nnz + n > b->capnnz) {
		b->tcol = xgrow(b->tcol, &b->capnnz, b->nnz + n,
				sizeof(*b->tcol));
		b->tcnt = xrealloc(b->tcnt, b->capnnz * sizeof(*b->tcnt));
	}
	for (size_t i = 0; i < n; i++) {
		b->tcol[b->nnz] = (uint32_t)(b->keys[i] >> 32);
		b->tcnt[b->nnz++] = (float)(uint32_t)b->keys[i];
	}
	b->rowptr = xgrow(b->rowptr, &b->caprows, b->nrows + 2,
			  sizeof(*b->rowptr));
	b->rowptr[++b->nrows] = b->nnz;
}

/* Keys for n terms, and as many again to sort them. */
static void
keys_room(struct tfidf_builder *b, size_t n)
{
	if (2 * n > b->capkeys)
		b->keys = xgrow(b->keys, &b->capkeys, 2 * n,
				sizeof(*b->keys));
}

void
tfidf_builder_add(struct tfidf_builder *b, const char *const *fields,
		  size_t nfields)
{
	const uint32_t *ids, *counts;
	size_t n = tfidf_counter_count(b->c, fields, nfields, &ids, &counts);

	assert(!b->counted);
	keys_room(b, n);
	for (size_t i = 0; i < n; i++)
		b->keys[i] = (uint64_t)ids[i] << 32 | counts[i];
	/* ids are numbered as first met: the record's last is its largest */
	add_run(b, n, n ? (uint32_t)tfidf_counter_nterms(b->c) - 1 : 0);
}

/* Our id of the caller's term id, given in the order first met. */
static uint32_t
ext_id(struct tfidf_builder *b, uint32_t ext)
{
	if (ext >= b->capext_to) {
		size_t old = b->capext_to;

		b->ext_to = xgrow(b->ext_to, &b->capext_to, (size_t)ext + 1,
				  sizeof(*b->ext_to));
		memset(b->ext_to + old, 0,
		       (b->capext_to - old) * sizeof(*b->ext_to));
	}
	if (!b->ext_to[ext]) {
		b->ext_of = xgrow(b->ext_of, &b->capext_of, b->next + 1,
				  sizeof(*b->ext_of));
		b->ext_of[b->next] = ext;
		b->ext_to[ext] = (uint32_t)++b->next;
	}
	return b->ext_to[ext] - 1;
}

void
tfidf_builder_reserve(struct tfidf_builder *b, size_t nrows, size_t nnz)
{
	b->rowptr = xgrow(b->rowptr, &b->caprows, b->nrows + nrows + 1,
			  sizeof(*b->rowptr));
	if (b->nnz + nnz > b->capnnz) {
		b->tcol = xgrow(b->tcol, &b->capnnz, b->nnz + nnz,
				sizeof(*b->tcol));
		b->tcnt = xrealloc(b->tcnt, b->capnnz * sizeof(*b->tcnt));
	}
}

void
tfidf_builder_add_counted(struct tfidf_builder *b, const uint32_t *ids,
			  const uint32_t *counts, size_t n)
{
	assert(!b->c->nterms);
	b->counted = 1;
	keys_room(b, n);
	for (size_t i = 0; i < n; i++)
		b->keys[i] = (uint64_t)ext_id(b, ids[i]) << 32 | counts[i];
	add_run(b, n, b->next ? (uint32_t)(b->next - 1) : 0);
}

/* ---- the matrix ---- */

static void
builder_free(struct tfidf_builder *b)
{
	tfidf_counter_free(b->c);
	free(b->ext_to);
	free(b->ext_of);
	free(b->rowptr);
	free(b->tcol);
	free(b->tcnt);
	free(b->keys);
	free(b);
}

/*
 * Columns of the kept terms, in first-seen order; *map gives each term
 * id its column, or UINT32_MAX when it is dropped (in too many records).
 */
static void
keep_terms(struct tfidf_builder *b, struct tfidf *t, uint32_t **map)
{
	size_t nterms = b->counted ? b->next : b->c->nterms;
	size_t room = nterms ? nterms : 1;
	uint32_t *df = xcalloc(room, sizeof(*df));
	double most = b->opt.max_df * (double)b->nrows;

	for (size_t k = 0; k < b->nnz; k++)
		df[b->tcol[k]]++;
	*map = xmalloc(room * sizeof(**map));
	t->df = xmalloc(room * sizeof(*t->df));
	if (b->counted)
		t->term_id = xmalloc(room * sizeof(*t->term_id));
	else
		t->term_off = xmalloc(room * sizeof(*t->term_off));
	t->ncols = 0;
	for (size_t id = 0; id < nterms; id++) {
		if (b->opt.max_df < 1.0 && (double)df[id] > most) {
			(*map)[id] = UINT32_MAX;
			continue;
		}
		(*map)[id] = (uint32_t)t->ncols;
		t->df[t->ncols] = df[id];
		if (b->counted)
			t->term_id[t->ncols++] = b->ext_of[id];
		else
			t->term_off[t->ncols++] = b->c->off[id];
	}
	free(df);
}

/*
 * The weights, written over the runs they come from (an entry is never
 * written ahead of the one read): the matrix takes the builder's arrays.
 */
static void
weigh_rows(struct tfidf_builder *b, struct tfidf *t, const uint32_t *map)
{
	size_t nnz = 0, start = 0;

	t->idf = xmalloc((t->ncols ? t->ncols : 1) * sizeof(*t->idf));
	for (size_t j = 0; j < t->ncols; j++)
		t->idf[j] = log((1.0 + (double)t->nrows) /
				(1.0 + (double)t->df[j])) + 1.0;
	tfidf_builder_reserve(b, 0, 1);		/* never NULL, even empty */
	t->rowptr = b->rowptr;
	t->col = b->tcol;
	t->val = b->tcnt;
	b->rowptr = NULL;
	b->tcol = NULL;
	b->tcnt = NULL;
	for (size_t i = 0; i < t->nrows; i++) {
		size_t first = nnz, end = t->rowptr[i + 1];
		double norm = 0.0;

		for (size_t k = start; k < end; k++) {
			uint32_t j = map[t->col[k]];
			double tf = t->val[k];

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
		start = end;
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
	t->terms = b->c->arena;
	buf_init(&b->c->arena);
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
	free(t->term_id);
	buf_release(&t->terms);
	memset(t, 0, sizeof(*t));
}

const char *
tfidf_term(const struct tfidf *t, size_t j)
{
	return j < t->ncols && t->term_off ? t->terms.data + t->term_off[j] :
	       "";
}
