/*
 * prisma: one walk over the store puts every record and every screened
 * report in its boxes; counting and explaining are two visitors of that
 * walk, so a count and the records listed behind it cannot disagree.
 *
 * Columns: a report (a cluster, or a record alone) found by at least one
 * database or register search is in the first column; a report found
 * only by other methods (sources of kind 'other') is in the second, which
 * has no screening: it goes straight to retrieval.
 */
#include "prisma.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "xalloc.h"
#include "banned.h"

static const struct {
	const char *id;
	const char *label;
} boxes[PB_COUNT] = {
	[PB_DATABASES] = { "database_results", "Records identified from databases" },
	[PB_REGISTERS] = { "register_results", "Records identified from registers" },
	[PB_WEBSITES] = { "website_results", "Records identified from websites" },
	[PB_ORGANISATIONS] = { "organisation_results",
			       "Records identified from organisations" },
	[PB_CITATIONS] = { "citations_results",
			   "Records identified from citation searching" },
	[PB_DUPLICATES] = { "duplicates", "Duplicate records removed" },
	[PB_AUTOMATION] = { "excluded_automatic",
			    "Records marked as ineligible by automation tools" },
	[PB_OTHER_REMOVED] = { "excluded_other",
			       "Records removed for other reasons" },
	[PB_SCREENED] = { "records_screened", "Records screened" },
	[PB_EXCLUDED] = { "records_excluded", "Records excluded" },
	[PB_SOUGHT] = { "dbr_sought_reports", "Reports sought for retrieval" },
	[PB_NOT_RETRIEVED] = { "dbr_notretrieved_reports",
			       "Reports not retrieved" },
	[PB_ASSESSED] = { "dbr_assessed", "Reports assessed for eligibility" },
	[PB_REPORTS_EXCLUDED] = { "dbr_excluded", "Reports excluded" },
	[PB_OTHER_SOUGHT] = { "other_sought_reports",
			      "Reports sought for retrieval (other methods)" },
	[PB_OTHER_NOT_RETRIEVED] = { "other_notretrieved_reports",
				     "Reports not retrieved (other methods)" },
	[PB_OTHER_ASSESSED] = { "other_assessed", "Reports assessed for "
				"eligibility (other methods)" },
	[PB_OTHER_EXCLUDED] = { "other_excluded",
				"Reports excluded (other methods)" },
	[PB_STUDIES] = { "new_studies", "Studies included in review" },
	[PB_REPORTS] = { "new_reports", "Reports of included studies" },
};

const char *
prisma_box_id(enum prisma_box b)
{
	return boxes[b].id;
}

const char *
prisma_box_label(enum prisma_box b)
{
	return boxes[b].label;
}

int
prisma_box_parse(const char *id, enum prisma_box *b)
{
	for (int i = 0; i < PB_COUNT; i++) {
		if (strcmp(id, boxes[i].id) == 0) {
			*b = (enum prisma_box)i;
			return 0;
		}
	}
	return -1;
}

/*
 * Which "other methods" box a source of kind 'other' counts under, from
 * its name: the template knows websites, organisations and citation
 * searching; anything else (handsearching, grey literature) is websites.
 */
static enum prisma_box
other_box(const char *source)
{
	char lower[256];
	size_t i;

	static const char *const citations[] = {
		"citation", "reference", "snowball", "forward", "backward",
		"cited", NULL,
	};
	static const char *const organisations[] = {
		"organisation", "organization", "expert", "contact", NULL,
	};

	for (i = 0; source[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)source[i]);
	lower[i] = '\0';
	for (const char *const *w = citations; *w; w++)
		if (strstr(lower, *w))
			return PB_CITATIONS;
	for (const char *const *w = organisations; *w; w++)
		if (strstr(lower, *w))
			return PB_ORGANISATIONS;
	return PB_WEBSITES;
}

/* ---- the walk ---- */

/* Called for each record or report in each box; label: source or reason. */
typedef int (*visit_fn)(void *ctx, enum prisma_box box, long long record,
			const char *label, struct sk_err *err);

/* A report's place in a study (a study may have several reports). */
struct study_of {
	long long report;	/* the unit */
	long long study;
	char *name;
};

struct walk {
	struct store *st;
	struct screen_state ss;
	struct study_of *studies;	/* sorted by report */
	size_t nstudies;
	long long *study_ids;		/* each study once, sorted */
	unsigned char *counted;		/* per study_ids: counted already */
	size_t nids;
	visit_fn visit;
	void *ctx;
	long pending_ta, conflicts_ta, pending_ft, stray_ft;
	long other_duplicates;
};

/* The identification boxes and duplicates: one row per record. */
static int
walk_records(struct walk *w, struct sk_err *err)
{
	sqlite3_stmt *s;
	unsigned char *kept;	/* per unit: one of its records counted */
	int row, rc = 0;

	if (store_prepare(w->st, &s, "SELECT r.id, s.kind, s.name, "
			  "coalesce(m.canonical, r.id), (SELECT c.kind FROM "
			  "record k JOIN source c ON c.id = k.source_id WHERE "
			  "k.id = coalesce(m.canonical, r.id)) FROM record r "
			  "JOIN source s ON s.id = r.source_id LEFT JOIN "
			  "dup_member m ON m.record_id = r.id ORDER BY r.id",
			  err) < 0)
		return -1;
	kept = xcalloc(w->ss.n + 1, 1);
	while (rc == 0 && (row = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		const char *name = (const char *)sqlite3_column_text(s, 2);
		long long unit = sqlite3_column_int64(s, 3);
		const char *canon_kind = (const char *)sqlite3_column_text(s, 4);
		const struct unit_state *u = screen_state_find(&w->ss, unit);
		size_t k = u ? (size_t)(u - w->ss.units) : w->ss.n;
		int other = !strcmp(kind, "other");
		int first;

		if (!u)
			continue;
		if (other && !(u->flags & UNIT_OTHER)) {
			/* Found again by other methods: counted with the
			 * database record that found it first. */
			w->other_duplicates++;
			continue;
		}
		/* The record that stands for its report: the canonical one
		 * if it came from the same column, else the first met. */
		if (id == unit)
			first = 1;
		else
			first = !kept[k] && !strcmp(canon_kind, "other") && !other;
		if (other) {
			if (id != unit) {
				w->other_duplicates++;
				continue;
			}
			rc = w->visit(w->ctx, other_box(name), id, name, err);
			continue;
		}
		rc = w->visit(w->ctx, !strcmp(kind, "register") ? PB_REGISTERS :
			      PB_DATABASES, id, name, err);
		if (rc == 0 && !first)
			rc = w->visit(w->ctx, PB_DUPLICATES, id, NULL, err);
		if (first)
			kept[k] = 1;
	}
	free(kept);
	if (rc == 0 && row != SQLITE_DONE)
		rc = store_fail(w->st, err, "reading records");
	sqlite3_finalize(s);
	return rc;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The distinct study ids, sorted, each with a "counted" flag. */
static void
index_studies(struct walk *w)
{
	w->study_ids = xcalloc(w->nstudies + 1, sizeof(*w->study_ids));
	for (size_t i = 0; i < w->nstudies; i++)
		w->study_ids[i] = w->studies[i].study;
	if (w->nstudies)
		qsort(w->study_ids, w->nstudies, sizeof(*w->study_ids), cmp_ll);
	for (size_t i = 0; i < w->nstudies; i++)
		if (!w->nids || w->study_ids[w->nids - 1] != w->study_ids[i])
			w->study_ids[w->nids++] = w->study_ids[i];
	w->counted = xcalloc(w->nids + 1, 1);
}

static int
load_studies(struct walk *w, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	if (store_prepare(w->st, &s, "SELECT c.record_id, c.study_id, s.name "
			  "FROM study_report_current c JOIN study s ON s.id = "
			  "c.study_id ORDER BY c.record_id, c.study_id", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct study_of *o;

		w->studies = xgrow(w->studies, &cap, w->nstudies + 1,
				   sizeof(*w->studies));
		o = &w->studies[w->nstudies++];
		o->report = sqlite3_column_int64(s, 0);
		o->study = sqlite3_column_int64(s, 1);
		o->name = xstrdup((const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_finalize(s);
	index_studies(w);
	return row == SQLITE_DONE ? 0 : store_fail(w->st, err, "reading studies");
}

/* The first entry of report in w->studies (sorted by report), or n. */
static size_t
first_study_of(const struct walk *w, long long report)
{
	size_t lo = 0, hi = w->nstudies;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->studies[mid].report < report)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The studies an included report adds: each study it belongs to, the
 * first time one of its reports is met; a report in no study is a study
 * of its own.
 */
static int
walk_studies(struct walk *w, long long report, struct sk_err *err)
{
	size_t i = first_study_of(w, report);
	int grouped = 0;

	for (; i < w->nstudies && w->studies[i].report == report; i++) {
		long long *id = bsearch(&w->studies[i].study, w->study_ids,
					w->nids, sizeof(*w->study_ids), cmp_ll);
		unsigned char *counted = &w->counted[id - w->study_ids];

		grouped = 1;
		if (*counted)
			continue;
		*counted = 1;
		if (w->visit(w->ctx, PB_STUDIES, report, w->studies[i].name,
			     err) < 0)
			return -1;
	}
	return grouped ? 0 : w->visit(w->ctx, PB_STUDIES, report, NULL, err);
}

/* Full text: retrieval and eligibility, in either column. */
static int
walk_full_text(struct walk *w, const struct unit_state *u, int other,
	       struct sk_err *err)
{
	const struct outcome *o = &u->out[STAGE_FT];
	long long id = u->unit;

	if (w->visit(w->ctx, other ? PB_OTHER_SOUGHT : PB_SOUGHT, id, NULL,
		     err) < 0)
		return -1;
	if (u->flags & UNIT_NOT_RETRIEVED) {
		w->stray_ft += u->votes[STAGE_FT] > 0;
		return w->visit(w->ctx, other ? PB_OTHER_NOT_RETRIEVED :
				PB_NOT_RETRIEVED, id, NULL, err);
	}
	if (w->visit(w->ctx, other ? PB_OTHER_ASSESSED : PB_ASSESSED, id, NULL,
		     err) < 0)
		return -1;
	if (!unit_decided(u, STAGE_FT)) {
		w->pending_ft++;
		return 0;
	}
	if (o->final == VERDICT_EXCLUDE)
		return w->visit(w->ctx, other ? PB_OTHER_EXCLUDED :
				PB_REPORTS_EXCLUDED, id, o->reason, err);
	if (w->visit(w->ctx, PB_REPORTS, id, NULL, err) < 0)
		return -1;
	return walk_studies(w, id, err);
}

static int
walk_unit(struct walk *w, const struct unit_state *u, struct sk_err *err)
{
	const struct outcome *o = &u->out[STAGE_TA];

	if (u->flags & UNIT_OTHER)
		return walk_full_text(w, u, 1, err);
	if (u->flags & UNIT_RULE_HIT) {
		w->stray_ft += u->votes[STAGE_FT] > 0;
		return w->visit(w->ctx, PB_AUTOMATION, u->unit, NULL, err);
	}
	/* Left when the team stopped screening: never screened. */
	if (unit_not_screened(&w->ss, u, STAGE_TA))
		return w->visit(w->ctx, PB_OTHER_REMOVED, u->unit,
				"not screened: screening stopped", err);
	if (w->visit(w->ctx, PB_SCREENED, u->unit, NULL, err) < 0)
		return -1;
	if (!unit_decided(u, STAGE_TA)) {
		w->pending_ta++;
		w->conflicts_ta += o->state == OUTCOME_CONFLICT;
		return 0;
	}
	if (o->final == VERDICT_EXCLUDE) {
		w->stray_ft += u->votes[STAGE_FT] > 0;
		return w->visit(w->ctx, PB_EXCLUDED, u->unit, o->reason, err);
	}
	return walk_full_text(w, u, 0, err);
}

static int
walk(struct store *st, visit_fn visit, void *ctx, struct walk *w,
     struct sk_err *err)
{
	int rc;

	memset(w, 0, sizeof(*w));
	w->st = st;
	w->visit = visit;
	w->ctx = ctx;
	if (screen_state_load(st, &w->ss, err) < 0)
		return -1;
	rc = load_studies(w, err);
	if (rc == 0)
		rc = walk_records(w, err);
	for (size_t i = 0; rc == 0 && i < w->ss.n; i++)
		rc = walk_unit(w, &w->ss.units[i], err);
	for (size_t i = 0; i < w->nstudies; i++)
		free(w->studies[i].name);
	free(w->studies);
	free(w->study_ids);
	free(w->counted);
	screen_state_release(&w->ss);
	return rc;
}

/* ---- counting ---- */

static void
items_add(struct prisma_items *items, const char *name)
{
	for (size_t i = 0; i < items->n; i++) {
		if (!strcmp(items->v[i].name, name)) {
			items->v[i].n++;
			return;
		}
	}
	items->v = xgrow(items->v, &items->cap, items->n + 1,
			 sizeof(*items->v));
	items->v[items->n].name = xstrdup(name);
	items->v[items->n++].n = 1;
}

static void
items_release(struct prisma_items *items)
{
	for (size_t i = 0; i < items->n; i++)
		free(items->v[i].name);
	free(items->v);
	memset(items, 0, sizeof(*items));
}

static int
count_visit(void *ctx, enum prisma_box box, long long record,
	    const char *label, struct sk_err *err)
{
	struct prisma *p = ctx;

	(void)record;
	(void)err;
	p->n[box]++;
	if (box <= PB_CITATIONS)
		items_add(&p->sources[box], label);
	else if (box == PB_REPORTS_EXCLUDED || box == PB_OTHER_EXCLUDED)
		items_add(box == PB_REPORTS_EXCLUDED ? &p->reasons :
			  &p->other_reasons, label ? label : "(no reason)");
	return 0;
}

/* Put the reasons in the review's order; one missing from it is an error. */
static int
order_reasons(struct store *st, struct prisma_items *items,
	      struct sk_err *err)
{
	struct prisma_items sorted = { NULL, 0, 0 };
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT label FROM reason ORDER BY position",
			  err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *label = (const char *)sqlite3_column_text(s, 0);

		for (size_t i = 0; i < items->n; i++) {
			if (items->v[i].name && !strcmp(items->v[i].name, label)) {
				sorted.v = xgrow(sorted.v, &sorted.cap,
						 sorted.n + 1, sizeof(*sorted.v));
				sorted.v[sorted.n++] = items->v[i];
				items->v[i].name = NULL;
			}
		}
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < items->n; i++) {
		if (items->v[i].name) {
			sk_fail(err, SK_E_CONFLICT, NULL, 0, "%ld reports are "
				"excluded for '%s', which is not one of the "
				"review's reasons (scopekit reasons add)",
				items->v[i].n, items->v[i].name);
			free(items->v[i].name);
			row = -1;
		}
	}
	free(items->v);
	*items = sorted;
	if (row == -1)
		return -1;
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading reasons");
}

static long
items_sum(const struct prisma_items *items)
{
	long n = 0;

	for (size_t i = 0; i < items->n; i++)
		n += items->v[i].n;
	return n;
}

/* The flow must add up; the walk makes it so, this says it does. */
static int
check_arithmetic(const struct prisma *p, struct sk_err *err)
{
	const long *n = p->n;
	struct {
		const char *what;
		long got, want;
	} checks[] = {
		{ "records screened", n[PB_SCREENED],
		  n[PB_DATABASES] + n[PB_REGISTERS] - n[PB_DUPLICATES] -
		  n[PB_AUTOMATION] - n[PB_OTHER_REMOVED] },
		{ "reports sought", n[PB_SOUGHT], n[PB_SCREENED] - n[PB_EXCLUDED] },
		{ "reports assessed", n[PB_ASSESSED],
		  n[PB_SOUGHT] - n[PB_NOT_RETRIEVED] },
		{ "reports excluded", n[PB_REPORTS_EXCLUDED], items_sum(&p->reasons) },
		{ "reports assessed (other methods)", n[PB_OTHER_ASSESSED],
		  n[PB_OTHER_SOUGHT] - n[PB_OTHER_NOT_RETRIEVED] },
		{ "reports excluded (other methods)", n[PB_OTHER_EXCLUDED],
		  items_sum(&p->other_reasons) },
		{ "reports included", n[PB_REPORTS],
		  n[PB_ASSESSED] - n[PB_REPORTS_EXCLUDED] +
		  n[PB_OTHER_ASSESSED] - n[PB_OTHER_EXCLUDED] },
	};

	for (size_t i = 0; i < sizeof(checks) / sizeof(*checks); i++)
		if (checks[i].got != checks[i].want)
			return sk_fail(err, SK_E_CONFLICT, NULL, 0, "the flow "
				       "does not add up: %s is %ld, but the "
				       "boxes before it make %ld", checks[i].what,
				       checks[i].got, checks[i].want);
	return 0;
}

static int
check_finished(const struct walk *w, struct sk_err *err)
{
	if (w->pending_ta)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "screening is not "
			       "finished: %ld records have no title and "
			       "abstract outcome yet (%ld in conflict); see "
			       "scopekit screen status", w->pending_ta,
			       w->conflicts_ta);
	if (w->stray_ft)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "%ld records have "
			       "full-text judgements but are not assessed at "
			       "full text (excluded at title and abstract, "
			       "marked by a rule, or not retrieved); see "
			       "scopekit log", w->stray_ft);
	if (w->pending_ft)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "full-text "
			       "screening is not finished: %ld reports have no "
			       "outcome yet; see scopekit screen status --stage "
			       "ft", w->pending_ft);
	return 0;
}

int
prisma_count(struct store *st, struct prisma *p, struct sk_err *err)
{
	struct walk w;

	memset(p, 0, sizeof(*p));
	if (walk(st, count_visit, p, &w, err) < 0 ||
	    check_finished(&w, err) < 0 ||
	    order_reasons(st, &p->reasons, err) < 0 ||
	    order_reasons(st, &p->other_reasons, err) < 0 ||
	    check_arithmetic(p, err) < 0) {
		prisma_release(p);
		return -1;
	}
	p->other_duplicates = w.other_duplicates;
	p->has_other = p->n[PB_WEBSITES] + p->n[PB_ORGANISATIONS] +
		       p->n[PB_CITATIONS] > 0;
	return 0;
}

void
prisma_release(struct prisma *p)
{
	for (int i = 0; i <= PB_CITATIONS; i++)
		items_release(&p->sources[i]);
	items_release(&p->reasons);
	items_release(&p->other_reasons);
}

/* ---- explaining ---- */

struct explain {
	enum prisma_box box;
	int (*fn)(void *ctx, long long record, const char *reason);
	void *ctx;
};

static int
explain_visit(void *ctx, enum prisma_box box, long long record,
	      const char *label, struct sk_err *err)
{
	struct explain *e = ctx;

	if (box != e->box)
		return 0;
	if (e->fn(e->ctx, record, box <= PB_CITATIONS ? NULL : label) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

int
prisma_explain(struct store *st, enum prisma_box box,
	       int (*fn)(void *ctx, long long record, const char *reason),
	       void *ctx, struct sk_err *err)
{
	struct explain e = { box, fn, ctx };
	struct walk w;

	return walk(st, explain_visit, &e, &w, err);
}
