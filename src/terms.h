/*
 * terms: the words and word pairs of each record's title and abstract,
 * counted once and kept in the store (schema 8), and the TF-IDF vectors
 * of chosen records made from them.
 */
#ifndef SK_TERMS_H
#define SK_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "store.h"
#include "tfidf.h"

/* How terms_tfidf made the vectors. */
enum terms_way {
	TERMS_KEPT,		/* every record's counts were in the store */
	TERMS_COUNTED,		/* some were counted now and kept */
	TERMS_IN_MEMORY,	/* from the texts: the counts could not be
				   kept (read-only or busy store) */
};

/*
 * The TF-IDF vectors of the title and abstract of records ids[0..n), a
 * row each in that order, with options o: byte for byte the vectors
 * tfidf_builder_add makes of the texts. Records not counted yet are
 * counted and kept, in a transaction of their own (a savepoint inside
 * one already open); if the store cannot be written (read-only, or
 * another writer holds it), the vectors are made from the texts in
 * memory, with nothing kept. The columns' terms are then in t->terms
 * (TERMS_IN_MEMORY) or t->term_id (terms_text). way may be NULL.
 * Release t with tfidf_release.
 */
int terms_tfidf(struct store *st, const long long *ids, size_t n,
		const struct tfidf_options *o, struct tfidf *t,
		enum terms_way *way, struct sk_err *err);

/* Set *text to term j of t, from the store if t holds term ids. */
int terms_text(struct store *st, const struct tfidf *t, size_t j,
	       struct buf *text, struct sk_err *err);

#endif
