/*
 * screen_rank: the vectors are made when a screen, a sheet or a status
 * opens, from the units at title and abstract (which judgements do not
 * change) and their words as kept in the store, so one reviewer's
 * judgements cannot move another's order.
 */
#include "screen_rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

static const char *const order_names[] = {
	"auto", "relevance", "random", "imported",
};

int
screen_order_option(const char *value, enum screen_order *o,
		    struct sk_err *err)
{
	for (int i = SCREEN_ORDER_RELEVANCE; i <= SCREEN_ORDER_IMPORTED; i++)
		if (!strcmp(value, order_names[i])) {
			*o = (enum screen_order)i;
			return 0;
		}
	return sk_fail(err, SK_E_USAGE, NULL, 0, "--order is relevance, "
		       "random or imported, not '%s'", value);
}

const char *
screen_order_name(enum screen_order o)
{
	return order_names[o];
}

void
screen_rank_params(struct rank_params *p)
{
	rank_params_default(RANK_SVM, p);
}

/* ---- loading ---- */

/*
 * The units at title and abstract, in id order; their words are counted
 * once and kept in the store (terms), so a queue opens without reading
 * every text again. Keywords measured worse (docs/BENCHMARKS.md): title
 * and abstract.
 */
static int
load_vectors(struct store *st, const struct screen_state *ss,
	     struct screen_rank *r, struct sk_err *err)
{
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	size_t n = 0;

	r->units = xmalloc((ss->n ? ss->n : 1) * sizeof(*r->units));
	for (size_t i = 0; i < ss->n; i++)
		if (unit_at_stage(&ss->units[i], STAGE_TA))
			r->units[n++] = ss->units[i].unit;
	return terms_tfidf(st, r->units, n, &o, &r->x, &r->way, err);
}

long
screen_rank_row(const struct screen_rank *r, long long unit)
{
	size_t lo = 0, hi = r->x.nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->units[mid] < unit)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->x.nrows && r->units[lo] == unit ? (long)lo : -1;
}

static void
refit(struct screen_rank *r)
{
	struct sk_err ignored = SK_ERR_INIT;

	r->judged[0] = rank_model_count(r->model, 0);
	r->judged[1] = rank_model_count(r->model, 1);
	r->fitted = r->judged[0] && r->judged[1] &&
		    rank_model_fit(r->model, &ignored) == 0;
}

/* The reviewer's own judgements that count at title and abstract. */
static int
load_own(struct store *st, struct screen_rank *r, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT unit, verdict FROM decision_current "
			  "WHERE reviewer = ? AND stage = 'ta' ORDER BY unit",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, r->reviewer);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long at = screen_rank_row(r, sqlite3_column_int64(s, 0));
		enum verdict v;

		if (at >= 0 && verdict_parse((const char *)
					     sqlite3_column_text(s, 1), &v) == 0)
			rank_model_label(r->model, (size_t)at,
					 v == VERDICT_EXCLUDE ? 0 : 1);
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading judgements");
}

int
screen_rank_load(struct store *st, const struct screen_state *ss,
		 const char *reviewer, struct screen_rank *r,
		 struct sk_err *err)
{
	struct rank_params p;

	memset(r, 0, sizeof(*r));
	buf_init(&r->names);
	r->reviewer = xstrdup(reviewer);
	if (load_vectors(st, ss, r, err) < 0) {
		screen_rank_release(r);
		return -1;
	}
	screen_rank_params(&p);
	r->model = rank_model_new(&r->x, &p);
	if (load_own(st, r, err) < 0) {
		screen_rank_release(r);
		return -1;
	}
	refit(r);
	return 0;
}

void
screen_rank_release(struct screen_rank *r)
{
	rank_model_free(r->model);
	tfidf_release(&r->x);
	buf_release(&r->names);
	free(r->units);
	free(r->reviewer);
	memset(r, 0, sizeof(*r));
}

void
screen_rank_learn(struct screen_rank *r, long long unit, enum verdict v)
{
	long at = screen_rank_row(r, unit);

	if (at < 0)
		return;
	rank_model_label(r->model, (size_t)at, v == VERDICT_NONE ? -1 :
			 v == VERDICT_EXCLUDE ? 0 : 1);
	refit(r);
}

enum screen_order
screen_rank_effective(const struct screen_rank *r, enum screen_order o)
{
	/* relevance without a model yet is random, as the help says */
	if (o != SCREEN_ORDER_AUTO && o != SCREEN_ORDER_RELEVANCE)
		return o;
	return r && r->fitted ? SCREEN_ORDER_RELEVANCE : SCREEN_ORDER_RANDOM;
}

/* ---- ordering ---- */

struct keyed {
	long long unit;
	double key;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return (x->unit > y->unit) - (x->unit < y->unit);
}

/* A number in [0, 1) fixed by reviewer and unit. */
static double
random_key(const char *reviewer, long long unit)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (const char *p = reviewer; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	h ^= (unsigned long long)unit;
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return (double)(h >> 11) / 9007199254740992.0;
}

void
screen_rank_sort(const struct screen_rank *r, enum screen_order o,
		 long long *ids, size_t n)
{
	struct keyed *k;

	o = screen_rank_effective(r, o);
	if (!n || !r)
		o = SCREEN_ORDER_IMPORTED;
	k = xmalloc((n ? n : 1) * sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		long at = screen_rank_row(r, ids[i]);

		k[i].unit = ids[i];
		if (o == SCREEN_ORDER_RELEVANCE)
			k[i].key = at < 0 ? -INFINITY :
				   rank_model_score(r->model, (size_t)at);
		else if (o == SCREEN_ORDER_RANDOM)
			k[i].key = random_key(r->reviewer, ids[i]);
		else
			k[i].key = 0.0;
	}
	if (n)
		qsort(k, n, sizeof(*k), cmp_keyed);
	for (size_t i = 0; i < n; i++)
		ids[i] = k[i].unit;
	free(k);
}

int
screen_rank_queue(struct store *st, const struct screen_state *ss,
		  const struct screen_rank *r, enum screen_order o,
		  const char *reviewer, enum stage stage, long long **ids,
		  size_t *n, size_t *npilot, struct sk_err *err)
{
	unsigned pilot = stage == STAGE_TA ? UNIT_PILOT_TA : UNIT_PILOT_FT;
	size_t first = 0;

	if (screen_queue(st, ss, reviewer, stage, ids, n, err) < 0)
		return -1;
	/* screen_queue puts the pilot sample first; it stays there */
	while (first < *n) {
		const struct unit_state *u = screen_state_find(ss,
							       (*ids)[first]);

		if (!u || !(u->flags & pilot))
			break;
		first++;
	}
	if (npilot)
		*npilot = first;
	if (stage == STAGE_TA && r)
		screen_rank_sort(r, o, *ids + first, *n - first);
	return 0;
}

/* ---- explaining ---- */

static int
cmp_part(const void *a, const void *b)
{
	double x = fabs(((const struct rank_term *)a)->part);
	double y = fabs(((const struct rank_term *)b)->part);

	return (x < y) - (x > y);
}

/* The texts of the row's terms into r->names; terms[k].term point there. */
static int
name_terms(struct store *st, struct screen_rank *r, long at,
	   struct rank_term *terms, struct sk_err *err)
{
	struct buf one = BUF_INIT;
	size_t k = 0, *off;
	int rc = 0;

	off = xmalloc((r->x.rowptr[at + 1] - r->x.rowptr[at] + 1) *
		      sizeof(*off));
	buf_reset(&r->names);
	for (size_t e = r->x.rowptr[at]; rc == 0 && e < r->x.rowptr[at + 1];
	     e++) {
		rc = terms_text(st, &r->x, r->x.col[e], &one, err);
		off[k++] = r->names.len;
		buf_add(&r->names, one.data, one.len + 1);
	}
	for (size_t i = 0; rc == 0 && i < k; i++)
		terms[i].term = r->names.data + off[i];
	buf_release(&one);
	free(off);
	return rc;
}

int
screen_rank_why(struct store *st, struct screen_rank *r, long long unit,
		struct rank_term **terms, size_t *n, double *score,
		double *bias, struct sk_err *err)
{
	long at = screen_rank_row(r, unit);
	const double *w;
	size_t k = 0;

	*terms = NULL;
	*n = 0;
	if (at < 0)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "record %lld is not "
			       "screened at title and abstract", unit);
	if (!r->fitted)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "%s has no model yet: "
			       "it learns once they have included and excluded "
			       "a record at title and abstract", r->reviewer);
	w = rank_model_weights(r->model, bias);
	*score = rank_model_score(r->model, (size_t)at);
	*terms = xmalloc((r->x.rowptr[at + 1] - r->x.rowptr[at] + 1) *
			 sizeof(**terms));
	for (size_t e = r->x.rowptr[at]; e < r->x.rowptr[at + 1]; e++)
		(*terms)[k++].part = w[r->x.col[e]] * r->x.val[e];
	if (name_terms(st, r, at, *terms, err) < 0) {
		free(*terms);
		*terms = NULL;
		return -1;
	}
	if (k)
		qsort(*terms, k, sizeof(**terms), cmp_part);
	*n = k;
	return 0;
}
