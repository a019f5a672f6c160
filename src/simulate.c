/*
 * simulate: the reading of a labelled set, the active-learning loop and
 * its metrics. The priors are drawn the way NumPy's legacy RandomState
 * draws them (Mersenne Twister, permutation by Fisher-Yates from the top),
 * so a run and another tool's run with the same seed start from the same
 * two records and differ only by their models.
 */
#include "simulate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sheet.h"
#include "xalloc.h"
#include "banned.h"

/* ---- the Mersenne Twister (MT19937) and NumPy's draws from it ---- */

#define MT_N 624
#define MT_M 397

struct mt {
	uint32_t s[MT_N];
	int i;
};

static void
mt_seed(struct mt *mt, uint32_t seed)
{
	mt->s[0] = seed;
	for (int i = 1; i < MT_N; i++)
		mt->s[i] = 1812433253U * (mt->s[i - 1] ^ (mt->s[i - 1] >> 30)) +
			   (uint32_t)i;
	mt->i = MT_N;
}

static uint32_t
mt_next(struct mt *mt)
{
	uint32_t y;

	if (mt->i >= MT_N) {
		for (int k = 0; k < MT_N; k++) {
			y = (mt->s[k] & 0x80000000U) |
			    (mt->s[(k + 1) % MT_N] & 0x7fffffffU);
			mt->s[k] = mt->s[(k + MT_M) % MT_N] ^ (y >> 1) ^
				   ((y & 1U) ? 0x9908b0dfU : 0U);
		}
		mt->i = 0;
	}
	y = mt->s[mt->i++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	return y ^ (y >> 18);
}

/* A number in [0, max], by masking and rejecting (NumPy's interval). */
static uint32_t
mt_interval(struct mt *mt, uint32_t max)
{
	uint32_t mask = max, v;

	if (!max)
		return 0;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	while ((v = mt_next(mt) & mask) > max)
		;
	return v;
}

/* The first element of a random permutation of 0..n-1 (n > 0). */
static size_t
mt_pick(struct mt *mt, size_t n)
{
	size_t *perm = xmalloc(n * sizeof(*perm)), first;

	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = mt_interval(mt, (uint32_t)i), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	first = perm[0];
	free(perm);
	return first;
}

/* The k-th row (0-based) with the given label. */
static size_t
nth_row(const struct sim_data *d, int label, size_t k)
{
	for (size_t i = 0; i < d->x.nrows; i++)
		if (d->relevant[i] == label && k-- == 0)
			return i;
	return 0;
}

void
sim_priors(const struct sim_data *d, unsigned seed, size_t prior[2])
{
	struct mt mt;

	mt_seed(&mt, seed);
	prior[0] = nth_row(d, 1, mt_pick(&mt, d->nrelevant));
	prior[1] = nth_row(d, 0, mt_pick(&mt, d->x.nrows - d->nrelevant));
}

/* ---- the labelled set ---- */

static int
check_labels(struct sim_data *d, const char *what, struct sk_err *err)
{
	size_t n = d->x.nrows;

	if (n < 3)
		return sk_fail(err, SK_E_INPUT, what, 0, "%zu record%s: a "
			       "simulation starts from one relevant and one "
			       "irrelevant record and needs more to screen",
			       n, n == 1 ? "" : "s");
	if (!d->nrelevant)
		return sk_fail(err, SK_E_INPUT, what, 0, "no record is "
			       "labelled relevant (1): there is nothing to "
			       "find");
	if (d->nrelevant < 2)
		return sk_fail(err, SK_E_INPUT, what, 0, "only one record is "
			       "labelled relevant: it starts the simulation, "
			       "and nothing is left to find");
	if (d->nrelevant == n)
		return sk_fail(err, SK_E_INPUT, what, 0, "every record is "
			       "labelled relevant: a simulation needs "
			       "irrelevant ones too");
	return 0;
}

int
sim_data_from(struct sim_data *d, const char *const *texts, size_t nfields,
	      const unsigned char *relevant, size_t n,
	      const struct tfidf_options *o, struct sk_err *err)
{
	struct tfidf_builder *b = tfidf_builder_new(o);

	memset(d, 0, sizeof(*d));
	d->relevant = xmalloc(n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		tfidf_builder_add(b, texts + i * nfields, nfields);
		d->relevant[i] = relevant[i] ? 1 : 0;
		d->nrelevant += d->relevant[i];
	}
	tfidf_builder_finish(b, &d->x);
	if (check_labels(d, NULL, err) < 0) {
		sim_data_release(d);
		return -1;
	}
	return 0;
}

int
sim_data_take(struct sim_data *d, struct tfidf *x,
	      const unsigned char *relevant, struct sk_err *err)
{
	size_t n = x->nrows;

	memset(d, 0, sizeof(*d));
	d->x = *x;
	memset(x, 0, sizeof(*x));
	d->relevant = xmalloc(n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		d->relevant[i] = relevant[i] ? 1 : 0;
		d->nrelevant += d->relevant[i];
	}
	if (check_labels(d, NULL, err) < 0) {
		sim_data_release(d);
		return -1;
	}
	return 0;
}

void
sim_data_release(struct sim_data *d)
{
	tfidf_release(&d->x);
	free(d->relevant);
	memset(d, 0, sizeof(*d));
}

struct csv_read {
	const struct sim_read_options *o;
	struct tfidf_builder *b;
	long title, abstract, keywords, label;
	unsigned char *relevant;
	size_t n, cap, nrelevant;
};

static const char *const title_names[] = {
	"title", "primary_title", "ti", NULL,
};
static const char *const abstract_names[] = {
	"abstract", "abstract_note", "ab", NULL,
};
static const char *const keyword_names[] = { "keywords", "kw", NULL };

static int
csv_header(struct sheet *s, struct sk_err *err)
{
	struct csv_read *r = s->ctx;
	const char *label[2] = { r->o->label, NULL };

	r->title = sheet_column(s, title_names);
	r->abstract = sheet_column(s, abstract_names);
	r->keywords = r->o->keywords ? sheet_column(s, keyword_names) : -1;
	r->label = sheet_column(s, label);
	if (r->title < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(s), sheet_line(s),
			       "no title column: the header needs 'title'");
	if (r->label < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(s), sheet_line(s),
			       "no label column '%s' (--label names it)",
			       r->o->label);
	return 0;
}

static int
csv_row(struct sheet *s, struct sk_err *err)
{
	struct csv_read *r = s->ctx;
	const char *v = sheet_cell(s, r->label);
	const char *f[3];

	if (strcmp(v, "0") && strcmp(v, "1"))
		return sk_fail(err, SK_E_INPUT, sheet_name(s), sheet_line(s),
			       "%s is '%s': labels are 1 (relevant) or 0",
			       r->o->label, v);
	f[0] = sheet_cell(s, r->title);
	f[1] = sheet_cell(s, r->abstract);
	f[2] = sheet_cell(s, r->keywords);
	tfidf_builder_add(r->b, f, 3);
	r->relevant = xgrow(r->relevant, &r->cap, r->n + 1,
			    sizeof(*r->relevant));
	r->relevant[r->n++] = *v == '1';
	r->nrelevant += *v == '1';
	return 0;
}

int
sim_data_read_csv(struct sim_data *d, const char *path,
		  const struct sim_read_options *o, struct sk_err *err)
{
	struct csv_read r;
	struct sheet s;
	int rc;

	memset(d, 0, sizeof(*d));
	memset(&r, 0, sizeof(r));
	memset(&s, 0, sizeof(s));
	r.o = o;
	r.b = tfidf_builder_new(&o->tfidf);
	s.ctx = &r;
	s.header = csv_header;
	s.row = csv_row;
	rc = sheet_read(&s, path, "a header row and labelled records", err);
	tfidf_builder_finish(r.b, &d->x);
	d->relevant = r.relevant ? r.relevant : xcalloc(1, 1);
	d->nrelevant = r.nrelevant;
	if (rc == 0)
		rc = check_labels(d, path, err);
	if (rc < 0)
		sim_data_release(d);
	return rc;
}

/* ---- one run ---- */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, size_t n)
{
	if (!n)
		return 0.0;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Index in pool (kept in row order) of the highest score; first on a tie. */
static size_t
best_in_pool(const struct rank_model *m, const size_t *pool, size_t n)
{
	size_t best = 0;
	double top = -INFINITY;

	for (size_t i = 0; i < n; i++) {
		double s = rank_model_score(m, pool[i]);

		if (s > top) {
			top = s;
			best = i;
		}
	}
	return best;
}

/*
 * Label a share of the pool ahead (for timing a step late in a large
 * review): a Fisher-Yates draw from the seed, the rest kept in row order.
 */
static size_t
prelabel(const struct sim_data *d, struct rank_model *m, unsigned seed,
	 double share, const size_t prior[2], size_t *pool, size_t *npool)
{
	size_t want = (size_t)(share * (double)d->x.nrows), kept = 0, rel = 0;
	unsigned char *taken = xcalloc(d->x.nrows, 1);
	struct mt mt;

	mt_seed(&mt, seed ^ 0x5bd1e995U);
	if (want > *npool)
		want = *npool;
	for (size_t i = 0; i < want; i++) {
		size_t j = i + mt_next(&mt) % (uint32_t)(*npool - i), t = pool[i];

		pool[i] = pool[j];
		pool[j] = t;
		taken[pool[i]] = 1;
		rank_model_label(m, pool[i], d->relevant[pool[i]]);
		rel += d->relevant[pool[i]];
	}
	for (size_t i = 0; i < d->x.nrows; i++)
		if (!taken[i] && i != prior[0] && i != prior[1])
			pool[kept++] = i;
	*npool = kept;
	free(taken);
	return rel;
}

int
sim_run(const struct sim_data *d, const struct rank_params *p, unsigned seed,
	const struct sim_limits *lim, struct sim_run *r, struct sk_err *err)
{
	size_t n = d->x.nrows, npool = 0, found = 1, nsteps = 0;
	size_t *pool = xmalloc(n * sizeof(*pool));
	double *steps = xmalloc(n * sizeof(*steps));
	struct rank_model *m = rank_model_new(&d->x, p);
	int rc = 0;

	memset(r, 0, sizeof(*r));
	r->seed = seed;
	sim_priors(d, seed, r->prior);
	r->order = xmalloc(n * sizeof(*r->order));
	r->found_at = xmalloc(d->nrelevant * sizeof(*r->found_at));
	for (size_t i = 0; i < n; i++)
		if (i != r->prior[0] && i != r->prior[1])
			pool[npool++] = i;
	rank_model_label(m, r->prior[0], 1);
	rank_model_label(m, r->prior[1], 0);
	if (lim && lim->labelled > 0.0)
		found += prelabel(d, m, seed, lim->labelled, r->prior, pool,
				  &npool);
	while (found < d->nrelevant && npool &&
	       !(lim && lim->max_steps && nsteps >= lim->max_steps)) {
		double t0 = now_ms();
		size_t k, row;

		if ((rc = rank_model_fit(m, err)) < 0)
			break;
		k = best_in_pool(m, pool, npool);
		steps[nsteps++] = now_ms() - t0;
		row = pool[k];
		memmove(&pool[k], &pool[k + 1], (npool - k - 1) * sizeof(*pool));
		npool--;
		r->order[r->norder++] = row;
		rank_model_label(m, row, d->relevant[row]);
		if (d->relevant[row]) {
			r->found_at[r->nfound++] = r->norder;
			found++;
		}
	}
	r->step_ms = median(steps, nsteps);
	rank_model_free(m);
	free(pool);
	free(steps);
	if (rc < 0)
		sim_run_release(r);
	return rc;
}

void
sim_run_release(struct sim_run *r)
{
	free(r->order);
	free(r->found_at);
	memset(r, 0, sizeof(*r));
}

/* ---- metrics ---- */

void
sim_metrics(const size_t *pos, size_t R, size_t N, struct sim_metrics *m)
{
	/* ceil(0.95 R) without 0.95 R landing a hair above a whole number */
	size_t k = (size_t)ceil(0.95 * (double)R - 1e-9);
	size_t cut = (size_t)floor(0.10 * (double)N), early = 0;
	double sum = 0.0;

	if (k < 1)
		k = 1;
	m->n95 = pos[k - 1];
	m->n100 = pos[R - 1];
	m->wss95 = (double)k / (double)R - (double)m->n95 / (double)N;
	m->wss100 = 1.0 - (double)m->n100 / (double)N;
	for (size_t i = 0; i < R; i++) {
		early += pos[i] <= cut;
		sum += (double)pos[i] / (double)N;
	}
	m->rrf10 = (double)early / (double)R;
	m->atd = sum / (double)R;
}
