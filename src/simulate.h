/*
 * simulate: screening prioritisation replayed on fully labelled records,
 * as methods papers measure it: the labelled set, one run, its metrics.
 */
#ifndef SK_SIMULATE_H
#define SK_SIMULATE_H

#include <stddef.h>

#include "err.h"
#include "rank_model.h"
#include "tfidf.h"

/* Records with their labels, as TF-IDF vectors. */
struct sim_data {
	struct tfidf x;
	unsigned char *relevant;	/* by row: 1 or 0 */
	size_t nrelevant;
};

struct sim_read_options {
	const char *label;		/* label column: "label_included" */
	int keywords;			/* keywords join title and abstract */
	struct tfidf_options tfidf;
};

/*
 * Read a labelled CSV with a header row: a title column, an abstract and
 * keywords column if present, the label column with 1 (relevant) or 0 in
 * every row. Refused with the file and line: no title or label column, a
 * label other than 0 or 1, fewer than two relevant records or no
 * irrelevant one (a run starts from one of each and must have something
 * left to find). Release d with sim_data_release.
 */
int sim_data_read_csv(struct sim_data *d, const char *path,
		      const struct sim_read_options *o, struct sk_err *err);
/*
 * The same from texts and labels in memory (a store's records): texts[i]
 * holds nfields fields of record i.
 */
int sim_data_from(struct sim_data *d, const char *const *texts,
		  size_t nfields, const unsigned char *relevant, size_t n,
		  const struct tfidf_options *o, struct sk_err *err);
/*
 * The same from vectors made already (a row per record of relevant,
 * x->nrows of them), which d takes over: x is left empty.
 */
int sim_data_take(struct sim_data *d, struct tfidf *x,
		  const unsigned char *relevant, struct sk_err *err);
void sim_data_release(struct sim_data *d);

/* One run: the order in which the records after the two priors came. */
struct sim_run {
	unsigned seed;
	size_t prior[2];	/* the relevant and the irrelevant start */
	size_t *found_at;	/* 1-based positions of the R relevant found */
	size_t nfound;
	size_t *order;		/* rows screened after the priors */
	size_t norder;
	double step_ms;		/* median time of one retrain and rank */
};

/* For measuring speed at a size: runs cut short, labels given ahead. */
struct sim_limits {
	double labelled;	/* share of the records labelled at random
				   before the first step (0: the priors only) */
	size_t max_steps;	/* stop after this many steps (0: no limit) */
};

/*
 * Start from one relevant and one irrelevant record drawn from seed (the
 * same two the NumPy RandomState of that seed draws, so runs of other
 * tools with the same seed start alike), retrain after every label,
 * always take the highest score (the lowest row on a tie), until every
 * relevant record is found. Release r with sim_run_release.
 */
int sim_run(const struct sim_data *d, const struct rank_params *p,
	    unsigned seed, const struct sim_limits *lim, struct sim_run *r,
	    struct sk_err *err);
void sim_run_release(struct sim_run *r);

/* The priors a seed draws (exposed for tests). */
void sim_priors(const struct sim_data *d, unsigned seed, size_t prior[2]);

struct sim_metrics {
	double wss95, wss100;	/* work saved over sampling, fractions */
	double rrf10;		/* share of R found in the first 10% */
	double atd;		/* mean share screened when each is found */
	size_t n95, n100;	/* screened to reach 95% and 100% recall */
};

/*
 * The metrics of an order of N records (after the priors) in which the R
 * relevant ones were found at 1-based positions pos (ascending):
 * n95 = pos[k - 1] with k = ceil(0.95 R); wss95 = k / R - n95 / N;
 * wss100 = 1 - n100 / N; rrf10 = share of pos <= floor(0.1 N);
 * atd = mean of pos / N. R and N must be at least 1.
 */
void sim_metrics(const size_t *pos, size_t R, size_t N,
		 struct sim_metrics *m);

#endif
