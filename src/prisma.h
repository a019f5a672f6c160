/*
 * prisma: the PRISMA 2020 flow counts, worked out from the store (sources,
 * duplicates, rules, screening, retrieval), checked, and traced back to
 * the records behind each box.
 */
#ifndef SK_PRISMA_H
#define SK_PRISMA_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/*
 * The boxes, named as the data ids of the PRISMA2020 CSV template. The
 * "other methods" column has no screening: its reports go straight to
 * retrieval.
 */
enum prisma_box {
	PB_DATABASES,		/* database_results */
	PB_REGISTERS,		/* register_results */
	PB_WEBSITES,		/* website_results */
	PB_ORGANISATIONS,	/* organisation_results */
	PB_CITATIONS,		/* citations_results */
	PB_DUPLICATES,		/* duplicates */
	PB_AUTOMATION,		/* excluded_automatic */
	PB_OTHER_REMOVED,	/* excluded_other */
	PB_SCREENED,		/* records_screened */
	PB_EXCLUDED,		/* records_excluded */
	PB_SOUGHT,		/* dbr_sought_reports */
	PB_NOT_RETRIEVED,	/* dbr_notretrieved_reports */
	PB_ASSESSED,		/* dbr_assessed */
	PB_REPORTS_EXCLUDED,	/* dbr_excluded */
	PB_OTHER_SOUGHT,	/* other_sought_reports */
	PB_OTHER_NOT_RETRIEVED,	/* other_notretrieved_reports */
	PB_OTHER_ASSESSED,	/* other_assessed */
	PB_OTHER_EXCLUDED,	/* other_excluded */
	PB_STUDIES,		/* new_studies */
	PB_REPORTS,		/* new_reports */
	PB_COUNT,
};

/* A source or an exclusion reason with its count, in display order. */
struct prisma_item {
	char *name;
	long n;
};

struct prisma_items {
	struct prisma_item *v;
	size_t n, cap;
};

struct prisma {
	long n[PB_COUNT];
	struct prisma_items sources[PB_CITATIONS + 1];	/* per identification box */
	struct prisma_items reasons;		/* PB_REPORTS_EXCLUDED, in order */
	struct prisma_items other_reasons;	/* PB_OTHER_EXCLUDED */
	long other_duplicates;	/* other-methods records already found by a database */
	int has_other;		/* the review used other methods: two columns */
};

/* The data id of a box ("records_screened"); prisma_box_parse the reverse. */
const char *prisma_box_id(enum prisma_box b);
int prisma_box_parse(const char *id, enum prisma_box *b);
/* What the box says, as the template words it ("Records screened"). */
const char *prisma_box_label(enum prisma_box b);

/*
 * Count every box. Fails with SK_E_CONFLICT, saying what to do, when the
 * store cannot make a consistent diagram: records awaiting a title and
 * abstract or full-text outcome, full-text judgements on records not
 * sought, exclusion reasons missing from the review's list, or flow
 * arithmetic that does not add up. Free with prisma_release.
 */
int prisma_count(struct store *st, struct prisma *p, struct sk_err *err);
void prisma_release(struct prisma *p);

/*
 * The records behind a box: fn is called with each record id (for the
 * identification and duplicate boxes) or each screened record (a
 * cluster's canonical record) and, for exclusions, its reason. Works on a
 * store whose flow is not complete yet.
 */
int prisma_explain(struct store *st, enum prisma_box box,
		   int (*fn)(void *ctx, long long record, const char *reason),
		   void *ctx, struct sk_err *err);

#endif
