/*
 * screen_rank: a reviewer's title and abstract queue in relevance order,
 * from a model that learns from that reviewer's own judgements only.
 */
#ifndef SK_SCREEN_RANK_H
#define SK_SCREEN_RANK_H

#include <stddef.h>

#include "rank_model.h"
#include "buf.h"
#include "screen.h"
#include "terms.h"
#include "tfidf.h"

enum screen_order {
	SCREEN_ORDER_AUTO,	/* relevance once the reviewer has included
				   and excluded a record, random before */
	SCREEN_ORDER_RELEVANCE,
	SCREEN_ORDER_RANDOM,	/* a fixed random order per reviewer */
	SCREEN_ORDER_IMPORTED,
};

/* "relevance", "random", "imported"; a usage error otherwise. */
int screen_order_option(const char *value, enum screen_order *o,
			struct sk_err *err);
const char *screen_order_name(enum screen_order o);

/* The model settings screening uses (the measured default). */
void screen_rank_params(struct rank_params *p);

/*
 * Every unit screened at title and abstract as TF-IDF vectors (title and
 * abstract), and one reviewer's model. Independence: only the
 * reviewer's own judgements at title and abstract are learnt (include and
 * maybe as relevant), never another's votes, settlements or outcomes.
 */
struct screen_rank {
	struct tfidf x;
	enum terms_way way;	/* how x was made */
	long long *units;	/* by row, ascending */
	struct rank_model *model;
	char *reviewer;
	size_t judged[2];	/* own judgements: excluded, included */
	int fitted;
	struct buf names;	/* the terms screen_rank_why names */
};

/* Build the vectors and learn; release with screen_rank_release. */
int screen_rank_load(struct store *st, const struct screen_state *ss,
		     const char *reviewer, struct screen_rank *r,
		     struct sk_err *err);
void screen_rank_release(struct screen_rank *r);

/* One more judgement of the reviewer (VERDICT_NONE takes it back); refits. */
void screen_rank_learn(struct screen_rank *r, long long unit,
		       enum verdict v);
/* The row of a unit, or -1 if it is not screened at title and abstract. */
long screen_rank_row(const struct screen_rank *r, long long unit);
/*
 * The order o gives now: AUTO and RELEVANCE are relevance once the model
 * has learnt (an include and an exclude), random before.
 */
enum screen_order screen_rank_effective(const struct screen_rank *r,
					enum screen_order o);

/*
 * Put ids in order (AUTO as it stands now). Relevance: highest score
 * first, the lower id on a tie; random: by a hash of reviewer and unit,
 * so the order stays put as records are judged; imported: by id.
 */
void screen_rank_sort(const struct screen_rank *r, enum screen_order o,
		      long long *ids, size_t n);

/*
 * The reviewer's queue at a stage (screen_queue), the pilot sample first
 * (*npilot of them, if npilot is not NULL), the rest in order o at title
 * and abstract (imported order at full text). r may be NULL for imported
 * order. The caller frees *ids.
 */
int screen_rank_queue(struct store *st, const struct screen_state *ss,
		      const struct screen_rank *r, enum screen_order o,
		      const char *reviewer, enum stage stage,
		      long long **ids, size_t *n, size_t *npilot,
		      struct sk_err *err);

/* One term's part in a record's score: its value times its weight. */
struct rank_term {
	const char *term;	/* in r, until the next screen_rank_why */
	double part;
};

/*
 * Why a unit scores as it does: every term it holds with its part, the
 * largest first by size; *bias is the model's starting point. -1 with
 * SK_E_INPUT if the unit is not at title and abstract or the model has
 * not learnt (it needs an include and an exclude). The terms are named
 * from st when the vectors were made from the counts it keeps. Caller
 * frees *terms.
 */
int screen_rank_why(struct store *st, struct screen_rank *r, long long unit,
		    struct rank_term **terms, size_t *n, double *score,
		    double *bias, struct sk_err *err);

#endif
