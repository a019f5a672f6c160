/*
 * duplicates: deduplication in the store. Finds pairs (dedupe.c), keeps
 * them with their evidence, appends judgements, and rebuilds the clusters
 * the current judgements make, with the canonical record of each.
 */
#ifndef SK_DUPLICATES_H
#define SK_DUPLICATES_H

#include "dedupe.h"
#include "err.h"
#include "store.h"

/* Defaults, measured on the labelled sets (docs/BENCHMARKS.md). */
#define DUP_AUTO_THRESHOLD 0.95
#define DUP_REVIEW_THRESHOLD 0.50

struct dup_options {
	double auto_threshold;	/* pairs at or above are merged */
	double review_threshold;	/* pairs at or above are kept for review */
};

struct dup_report {
	long records;
	long found[DD_RULE_FIELDS + 1];	/* new pairs by the rule that found them */
	long merged;		/* new pairs merged automatically */
	long to_review;		/* pairs awaiting a person, in all */
	long kept;		/* pairs judged before, left as judged */
	long clusters;		/* clusters of two or more records */
	long removed;		/* records that are not their cluster's canonical */
	long conflicts;		/* pairs judged distinct inside one cluster */
};

/* Find duplicates, merge the sure ones, queue the rest; rebuild clusters. */
int dup_run(struct store *st, const struct dup_options *opt,
	    struct dup_report *rep, struct sk_err *err);

/*
 * Judge a pair: verdict "duplicate" or "distinct", method "review" or
 * "undo", by reviewer, with an optional note. Clusters are not rebuilt:
 * call dup_rebuild after the last judgement.
 */
int dup_decide(struct store *st, long long pair, const char *verdict,
	       const char *method, const char *reviewer, const char *note,
	       struct sk_err *err);

/* 1 if the pair exists, 0 if not, -1 with err if the store failed. */
int dup_pair_exists(struct store *st, long long pair, struct sk_err *err);

/*
 * Take a record out of its cluster: every pair of it currently judged
 * duplicate is judged distinct ("undo"). Returns the number of pairs.
 */
int dup_undo_record(struct store *st, long long record, const char *reviewer,
		    long *pairs, struct sk_err *err);

/* Rebuild dup_member from the current judgements; fills the counts. */
int dup_rebuild(struct store *st, struct dup_report *rep, struct sk_err *err);

#endif
