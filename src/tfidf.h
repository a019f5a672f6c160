/*
 * tfidf: records as sparse TF-IDF vectors for screening prioritisation:
 * Unicode-folded word tokens, unigrams and bigrams, the vocabulary, idf.
 */
#ifndef SK_TFIDF_H
#define SK_TFIDF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct tfidf_options {
	int ngram_max;		/* 1: words; 2: words and word pairs */
	int sublinear;		/* tf = 1 + ln(count) instead of count */
	double max_df;		/* terms in more than this share of the
				   records are dropped (1.0 keeps all) */
};

/* Bigrams, sublinear tf, terms in over 95% of records dropped. */
#define TFIDF_OPTIONS_DEFAULT { 2, 1, 0.95 }

/*
 * The vectors of n records in compressed sparse rows: the terms of row i
 * are col[rowptr[i] .. rowptr[i + 1]), sorted, with their weights in val;
 * each row has length 1 (or is empty).
 */
struct tfidf {
	size_t nrows, ncols;
	size_t *rowptr;
	uint32_t *col;
	float *val;
	double *idf;		/* by column */
	uint32_t *df;		/* records that hold the term, by column */
	struct buf terms;	/* the terms, each ended by a NUL */
	size_t *term_off;	/* where column j's term starts in terms */
	uint32_t *term_id;	/* records added counted: the caller's id of
				   column j's term (terms is then empty);
				   NULL for records added as text */
};

/* Records are added one at a time, then the matrix is finished. */
struct tfidf_builder;

struct tfidf_builder *tfidf_builder_new(const struct tfidf_options *o);
/*
 * Add one record made of fields (NULL or empty fields are skipped; the
 * fields are joined by a space, so a pair may span two of them, as it
 * does in the joined text other tools use). Text must be UTF-8; bytes
 * that are not are taken as separators.
 */
void tfidf_builder_add(struct tfidf_builder *b, const char *const *fields,
		       size_t nfields);
/*
 * Add one record counted before (tfidf_counter_count): its terms' ids in
 * a vocabulary of the caller's, in the order they first occur in its
 * text, with how often each occurs. The matrix is then the one
 * tfidf_builder_add makes of the texts, columns in the same order, as
 * long as every record of b is added this way. Ids are below UINT32_MAX.
 */
void tfidf_builder_add_counted(struct tfidf_builder *b, const uint32_t *ids,
			       const uint32_t *counts, size_t n);
/* Room for nrows more records holding nnz terms in all (a hint). */
void tfidf_builder_reserve(struct tfidf_builder *b, size_t nrows, size_t nnz);
/*
 * Work out df, idf (smoothed: ln((1 + n) / (1 + df)) + 1) and the
 * L2-normalised weights into t, and free the builder. Release t with
 * tfidf_release.
 */
void tfidf_builder_finish(struct tfidf_builder *b, struct tfidf *t);

void tfidf_release(struct tfidf *t);

/* The term of column j ("word" or "word word"); "" if added counted. */
const char *tfidf_term(const struct tfidf *t, size_t j);

/*
 * One record's terms at a time, against a vocabulary that grows: what the
 * builder does with each text, for keeping the counts (terms.c).
 */
struct tfidf_counter;

/* ngram_max as in struct tfidf_options. Free with tfidf_counter_free. */
struct tfidf_counter *tfidf_counter_new(int ngram_max);
/*
 * Count the terms of one record (fields as for tfidf_builder_add): *ids
 * are their ids in c's vocabulary in the order they first occur, *counts
 * how often each occurs; both stay valid until the next call. Returns how
 * many terms there are.
 */
size_t tfidf_counter_count(struct tfidf_counter *c, const char *const *fields,
			   size_t nfields, const uint32_t **ids,
			   const uint32_t **counts);
/* The text of term id, NUL-ended; its length in *len (may be NULL). */
const char *tfidf_counter_term(const struct tfidf_counter *c, uint32_t id,
			       size_t *len);
/* How many terms c's vocabulary holds (ids are below it). */
size_t tfidf_counter_nterms(const struct tfidf_counter *c);
void tfidf_counter_free(struct tfidf_counter *c);

/*
 * The tokens of a text as tfidf sees them, folded, each ended by a NUL,
 * appended to out; returns how many. Exposed for tests and for showing
 * which words of a record weigh.
 */
size_t tfidf_tokens(const char *text, struct buf *out);

#endif
