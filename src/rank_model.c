/*
 * rank_model: every kind ends as one weight per term and a bias, so
 * scoring, ranking and explaining a record are the same for all of them.
 */
#include "rank_model.h"

#include <linear.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "splitmix.h"
#include "banned.h"

struct rank_model {
	const struct tfidf *x;
	struct rank_params p;
	signed char *label;		/* by row: 1, 0 or -1 */
	size_t *rows;			/* labelled rows, sorted */
	size_t nrows, caprows;
	size_t count[2];		/* irrelevant, relevant */
	double *w;			/* by column */
	double bias;
	/*
	 * The warm SVM: each labelled row's dual variable, and the weights
	 * they add up to (the bias last), kept between fits.
	 */
	double *alpha;
	double *wd;
	double *sqnorm;			/* by row, with the bias */
	unsigned long long rng;
	/* naive Bayes: each class's summed values, by column, and in all */
	double *sum[2];
	double total[2];
	/* liblinear: every row as its nodes, the bias node last */
	struct feature_node *nodes;
	struct feature_node **xrow;
};

static const char *const rank_kind_names[RANK_KIND_COUNT] = {
	"nb", "svm", "logistic",
};

void
rank_params_default(enum rank_kind kind, struct rank_params *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->eps = 0.1;
	p->seed = 1;
	switch (kind) {
	case RANK_NB:
		p->alpha = 3.822;
		p->ratio = 1.2;
		break;
	case RANK_SVM:
		/* measured on every labelled set at once (BENCHMARKS.md) */
		p->c = 0.08;
		p->ratio = 40.0;
		p->warm = 1;
		break;
	default:
		p->c = 1.0;
		p->ratio = 9.8;
		break;
	}
}

int
rank_kind_parse(const char *name, enum rank_kind *kind)
{
	for (int k = 0; k < RANK_KIND_COUNT; k++)
		if (!strcmp(name, rank_kind_names[k])) {
			*kind = (enum rank_kind)k;
			return 0;
		}
	return -1;
}

const char *
rank_kind_name(enum rank_kind kind)
{
	return kind < RANK_KIND_COUNT ? rank_kind_names[kind] : "?";
}

/* liblinear reports its iterations on stdout, which holds data only. */
static void
quiet_print(const char *s)
{
	(void)s;
}

static void
build_nodes(struct rank_model *m)
{
	const struct tfidf *x = m->x;
	size_t k = 0;

	m->nodes = xmalloc((x->rowptr[x->nrows] + 2 * x->nrows + 1) *
			   sizeof(*m->nodes));
	m->xrow = xmalloc((x->nrows ? x->nrows : 1) * sizeof(*m->xrow));
	for (size_t i = 0; i < x->nrows; i++) {
		m->xrow[i] = &m->nodes[k];
		for (size_t e = x->rowptr[i]; e < x->rowptr[i + 1]; e++) {
			m->nodes[k].index = (int)x->col[e] + 1;
			m->nodes[k++].value = x->val[e];
		}
		m->nodes[k].index = (int)x->ncols + 1;	/* the bias */
		m->nodes[k++].value = 1.0;
		m->nodes[k++].index = -1;
	}
	set_print_string_function(quiet_print);
}

static void
warm_init(struct rank_model *m)
{
	const struct tfidf *x = m->x;
	size_t n = x->nrows ? x->nrows : 1;

	m->alpha = xcalloc(n, sizeof(*m->alpha));
	m->wd = xcalloc(x->ncols + 1, sizeof(*m->wd));
	m->sqnorm = xmalloc(n * sizeof(*m->sqnorm));
	for (size_t i = 0; i < x->nrows; i++) {
		double s = 1.0;		/* the bias feature */

		for (size_t e = x->rowptr[i]; e < x->rowptr[i + 1]; e++)
			s += (double)x->val[e] * x->val[e];
		m->sqnorm[i] = s;
	}
	m->rng = m->p.seed;
}

struct rank_model *
rank_model_new(const struct tfidf *x, const struct rank_params *p)
{
	struct rank_model *m = xcalloc(1, sizeof(*m));
	size_t ncols = x->ncols ? x->ncols : 1;

	m->x = x;
	m->p = *p;
	m->label = xmalloc((x->nrows ? x->nrows : 1) * sizeof(*m->label));
	memset(m->label, -1, x->nrows);
	m->w = xcalloc(ncols, sizeof(*m->w));
	if (p->kind == RANK_NB) {
		m->sum[0] = xcalloc(ncols, sizeof(*m->sum[0]));
		m->sum[1] = xcalloc(ncols, sizeof(*m->sum[1]));
	} else if (p->kind == RANK_SVM && p->warm) {
		warm_init(m);
	} else {
		build_nodes(m);
	}
	return m;
}

void
rank_model_free(struct rank_model *m)
{
	if (!m)
		return;
	free(m->label);
	free(m->rows);
	free(m->w);
	free(m->alpha);
	free(m->wd);
	free(m->sqnorm);
	free(m->sum[0]);
	free(m->sum[1]);
	free(m->nodes);
	free(m->xrow);
	free(m);
}

/* Naive Bayes: add (sign 1) or take away (-1) a row from its class. */
static void
nb_count(struct rank_model *m, size_t row, int cls, double sign)
{
	const struct tfidf *x = m->x;

	for (size_t e = x->rowptr[row]; e < x->rowptr[row + 1]; e++) {
		m->sum[cls][x->col[e]] += sign * x->val[e];
		m->total[cls] += sign * x->val[e];
	}
}

/* Where row is, or would go, in the sorted list of labelled rows. */
static size_t
row_place(const struct rank_model *m, size_t row)
{
	size_t lo = 0, hi = m->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->rows[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The labelled rows are kept sorted, so the training set, and so the
 * model, depends on the labels alone, not on the order they came in.
 */
static void
rows_add(struct rank_model *m, size_t row)
{
	size_t i = row_place(m, row);

	m->rows = xgrow(m->rows, &m->caprows, m->nrows + 1, sizeof(*m->rows));
	memmove(&m->rows[i + 1], &m->rows[i],
		(m->nrows - i) * sizeof(*m->rows));
	m->rows[i] = row;
	m->nrows++;
}

static void
rows_remove(struct rank_model *m, size_t row)
{
	size_t i = row_place(m, row);

	if (i < m->nrows && m->rows[i] == row) {
		memmove(&m->rows[i], &m->rows[i + 1],
			(m->nrows - i - 1) * sizeof(*m->rows));
		m->nrows--;
	}
}

/* w += a y x for one row. */
static void
warm_axpy(struct rank_model *m, size_t row, double ay)
{
	const struct tfidf *x = m->x;

	for (size_t e = x->rowptr[row]; e < x->rowptr[row + 1]; e++)
		m->wd[x->col[e]] += ay * x->val[e];
	m->wd[x->ncols] += ay;
}

/* A row's label changes or goes: its part of w goes with it. */
static void
warm_drop(struct rank_model *m, size_t row, int old)
{
	if (m->alpha[row] != 0.0)
		warm_axpy(m, row, -m->alpha[row] * (old ? 1.0 : -1.0));
	m->alpha[row] = 0.0;
}

void
rank_model_label(struct rank_model *m, size_t row, int label)
{
	int old;

	if (row >= m->x->nrows || (old = m->label[row]) == label)
		return;
	if (old >= 0) {
		m->count[old]--;
		if (m->p.kind == RANK_NB)
			nb_count(m, row, old, -1.0);
		if (m->alpha)
			warm_drop(m, row, old);
		if (label < 0)
			rows_remove(m, row);
	} else {
		rows_add(m, row);
	}
	m->label[row] = (signed char)(label < 0 ? -1 : label > 0);
	if (label >= 0) {
		m->count[label > 0]++;
		if (m->p.kind == RANK_NB)
			nb_count(m, row, label > 0, 1.0);
	}
}

size_t
rank_model_count(const struct rank_model *m, int label)
{
	return m->count[label > 0];
}

/*
 * The weight of each class's records: the relevant ones 1, the others
 * n1 / (ratio n0), both scaled so the weights add up to the records (the
 * "balanced" weighting of screening tools, so settings carry over).
 */
static void
class_weights(const struct rank_model *m, double wt[2])
{
	double n0 = (double)m->count[0], n1 = (double)m->count[1];
	double w0 = n1 / (m->p.ratio * n0);
	double scale = (n0 + n1) / (n1 + n0 * w0);

	wt[0] = w0 * scale;
	wt[1] = scale;
}

static void
nb_fit(struct rank_model *m)
{
	double wt[2], den[2];
	double a = m->p.alpha, ncols = (double)m->x->ncols;

	class_weights(m, wt);
	for (int c = 0; c < 2; c++)
		den[c] = log(wt[c] * m->total[c] + a * ncols);
	for (size_t j = 0; j < m->x->ncols; j++)
		m->w[j] = log(wt[1] * m->sum[1][j] + a) - den[1] -
			  log(wt[0] * m->sum[0][j] + a) + den[0];
	m->bias = log(wt[1] * (double)m->count[1]) -
		  log(wt[0] * (double)m->count[0]);
}

static int
linear_fit(struct rank_model *m, struct sk_err *err)
{
	struct problem prob;
	struct parameter param;
	struct model *model;
	int labels[2] = { 1, -1 };
	double wt[2], cost[2];
	const char *msg;
	double sign;

	class_weights(m, wt);
	cost[0] = wt[1];
	cost[1] = wt[0];
	memset(&param, 0, sizeof(param));
	param.solver_type = m->p.kind == RANK_SVM ? L2R_L2LOSS_SVC_DUAL :
			    L2R_LR_DUAL;
	param.eps = m->p.eps;
	param.C = m->p.c;
	param.nr_weight = 2;
	param.weight_label = labels;
	param.weight = cost;
	prob.l = (int)m->nrows;
	prob.n = (int)m->x->ncols + 1;
	prob.bias = 1.0;
	prob.y = xmalloc(m->nrows * sizeof(*prob.y));
	prob.x = xmalloc(m->nrows * sizeof(*prob.x));
	for (size_t i = 0; i < m->nrows; i++) {
		prob.y[i] = m->label[m->rows[i]] ? 1.0 : -1.0;
		prob.x[i] = m->xrow[m->rows[i]];
	}
	if ((msg = check_parameter(&prob, &param))) {
		free(prob.y);
		free(prob.x);
		return sk_fail(err, SK_E_INPUT, NULL, 0, "the model: %s", msg);
	}
	/* liblinear visits the records in an order drawn with rand(). */
	srand(m->p.seed);
	model = train(&prob, &param);
	sign = model->label[0] == 1 ? 1.0 : -1.0;
	for (size_t j = 0; j < m->x->ncols; j++)
		m->w[j] = sign * model->w[j];
	m->bias = sign * model->w[m->x->ncols] * model->bias;
	free_and_destroy_model(&model);
	free(prob.y);
	free(prob.x);
	return 0;
}

/* One coordinate step on row i; returns its projected gradient. */
static double
warm_step(struct rank_model *m, size_t i, const double cost[2])
{
	const struct tfidf *x = m->x;
	double y = m->label[i] ? 1.0 : -1.0;
	double d = 0.5 / cost[m->label[i]];	/* the squared hinge's term */
	double g = m->wd[x->ncols], pg, a;

	for (size_t e = x->rowptr[i]; e < x->rowptr[i + 1]; e++)
		g += m->wd[x->col[e]] * x->val[e];
	g = y * g - 1.0 + d * m->alpha[i];
	pg = m->alpha[i] > 0.0 ? g : (g < 0.0 ? g : 0.0);
	if (fabs(pg) > 1e-12) {
		a = m->alpha[i] - g / (m->sqnorm[i] + d);
		if (a < 0.0)
			a = 0.0;
		warm_axpy(m, i, (a - m->alpha[i]) * y);
		m->alpha[i] = a;
	}
	return pg;
}

/*
 * The L2-regularised squared-hinge SVM by dual coordinate descent (the
 * method of liblinear's dual solver), started from the last fit's dual
 * variables. liblinear's own solvers cannot start from a previous
 * solution (its init_sol is for the primal solvers, which measured
 * slower here), and with one label more per step, a warm start needs an
 * epoch or two where a cold one needs tens (docs/BENCHMARKS.md). The
 * stopping rule is liblinear's: the spread of projected gradients over
 * an epoch under eps.
 */
static void
warm_fit(struct rank_model *m)
{
	size_t n = m->nrows, *order = xmalloc((n ? n : 1) * sizeof(*order));
	double wt[2], cost[2];

	class_weights(m, wt);
	cost[0] = m->p.c * wt[0];
	cost[1] = m->p.c * wt[1];
	memcpy(order, m->rows, n * sizeof(*order));
	for (int epoch = 0; epoch < 1000; epoch++) {
		double hi = -INFINITY, lo = INFINITY;

		for (size_t i = n; i > 1; i--) {
			size_t j = (size_t)(splitmix64(&m->rng) % i), t;

			t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t k = 0; k < n; k++) {
			double pg = warm_step(m, order[k], cost);

			hi = pg > hi ? pg : hi;
			lo = pg < lo ? pg : lo;
		}
		if (hi - lo <= m->p.eps)
			break;
	}
	free(order);
	memcpy(m->w, m->wd, m->x->ncols * sizeof(*m->w));
	m->bias = m->wd[m->x->ncols];
}

int
rank_model_fit(struct rank_model *m, struct sk_err *err)
{
	if (!m->count[0] || !m->count[1])
		return sk_fail(err, SK_E_INPUT, NULL, 0, "a model needs at "
			       "least one relevant and one irrelevant record");
	if (m->p.kind == RANK_NB) {
		nb_fit(m);
		return 0;
	}
	if (m->alpha) {
		warm_fit(m);
		return 0;
	}
	return linear_fit(m, err);
}

double
rank_model_score(const struct rank_model *m, size_t row)
{
	const struct tfidf *x = m->x;
	double s = m->bias;

	for (size_t e = x->rowptr[row]; e < x->rowptr[row + 1]; e++)
		s += m->w[x->col[e]] * x->val[e];
	return s;
}

const double *
rank_model_weights(const struct rank_model *m, double *bias)
{
	*bias = m->bias;
	return m->w;
}
