/*
 * rank_model: how likely each record is relevant, learnt from the records
 * labelled so far: multinomial naive Bayes, or a linear SVM or logistic
 * regression through liblinear, each with the rare relevant class weighted.
 */
#ifndef SK_RANK_MODEL_H
#define SK_RANK_MODEL_H

#include <stddef.h>

#include "err.h"
#include "tfidf.h"

enum rank_kind {
	RANK_NB,	/* multinomial naive Bayes */
	RANK_SVM,	/* L2-regularised linear SVM, squared hinge (dual) */
	RANK_LOGISTIC,	/* L2-regularised logistic regression (dual) */
	RANK_KIND_COUNT,
};

struct rank_params {
	enum rank_kind kind;
	double c;	/* SVM and logistic: the cost of errors */
	double ratio;	/* the relevant class weighs ratio times the
			   irrelevant class in all */
	double alpha;	/* naive Bayes: additive smoothing */
	double eps;	/* SVM and logistic: liblinear's stopping tolerance */
	unsigned seed;	/* liblinear's coordinate order */
	int warm;	/* SVM and logistic: solve the primal problem,
			   starting from the last fit */
};

/* The measured settings of a kind (docs/BENCHMARKS.md). */
void rank_params_default(enum rank_kind kind, struct rank_params *p);
/* "nb", "svm", "logistic"; -1 for another name. */
int rank_kind_parse(const char *name, enum rank_kind *kind);
const char *rank_kind_name(enum rank_kind kind);

/* The model of one screener over the records of x (which must outlive it). */
struct rank_model;

struct rank_model *rank_model_new(const struct tfidf *x,
				  const struct rank_params *p);
void rank_model_free(struct rank_model *m);

/*
 * Label a row 1 (relevant) or 0 (irrelevant), relabel it, or take its
 * label back (-1). Takes effect at the next rank_model_fit.
 */
void rank_model_label(struct rank_model *m, size_t row, int label);
/* Rows labelled relevant (label 1) or irrelevant (0). */
size_t rank_model_count(const struct rank_model *m, int label);

/*
 * Learn from the labelled rows: needs one of each class, else SK_E_INPUT.
 * Naive Bayes keeps its counts as labels come, so a fit costs the same
 * whatever the number of labels.
 */
int rank_model_fit(struct rank_model *m, struct sk_err *err);

/* After a fit: higher is more likely relevant (a linear score). */
double rank_model_score(const struct rank_model *m, size_t row);
/*
 * After a fit: the weight of each column (ncols of them) and the bias;
 * a row's score is the bias plus its values times these weights.
 */
const double *rank_model_weights(const struct rank_model *m, double *bias);

#endif
