/*
 * review: the review itself, one row per store: title, question and PCC
 * (population, concept, context).
 */
#ifndef SK_REVIEW_H
#define SK_REVIEW_H

#include "err.h"
#include "store.h"

struct review {
	char *uuid;
	char *title;
	char *question;
	char *population;
	char *concept;
	char *context;
	char *created_at;
};

/* Create the review row; SK_E_CONFLICT if the store already has one. */
int review_create(struct store *st, const struct review *r,
		  struct sk_err *err);
/* Read the review; SK_E_INPUT if the store has none. Free with review_release. */
int review_load(struct store *st, struct review *r, struct sk_err *err);
void review_release(struct review *r);

#endif
