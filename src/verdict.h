/*
 * verdict: what the reviewers' judgements on one record at one stage add
 * up to: awaiting, agreed, in conflict or settled. Pure logic, no store.
 */
#ifndef SK_VERDICT_H
#define SK_VERDICT_H

#include <stddef.h>

#include "err.h"

enum stage {
	STAGE_TA,	/* title and abstract */
	STAGE_FT,	/* full text */
	STAGE_COUNT,
};

enum verdict {
	VERDICT_NONE,
	VERDICT_INCLUDE,
	VERDICT_EXCLUDE,
	VERDICT_MAYBE,
};

enum outcome_state {
	OUTCOME_AWAITING,	/* fewer judgements than the review needs */
	OUTCOME_AGREED,		/* every reviewer judged alike */
	OUTCOME_CONFLICT,	/* they differ: awaits a settlement */
	OUTCOME_RESOLVED,	/* settled by a third reviewer or consensus */
};

/* One reviewer's judgement that counts, or a settlement. */
struct vote {
	enum verdict verdict;
	const char *reason;	/* exclusion reason, or NULL */
};

struct screen_policy {
	int needed;		/* independent judgements per record: 2 */
	int maybe_includes;	/* maybe counts as include, not as conflict */
};

struct outcome {
	enum outcome_state state;
	enum verdict final;	/* include or exclude once agreed or resolved */
	const char *reason;	/* of the exclusion, when agreed or resolved */
};

/*
 * Work out the outcome of n judgements and an optional settlement (NULL
 * if none; a settlement always counts). Full-text exclusions with
 * different reasons are a conflict: PRISMA counts each report under one.
 */
void verdict_outcome(const struct vote *votes, size_t n,
		     const struct vote *settled, enum stage stage,
		     const struct screen_policy *policy, struct outcome *out);

/* Names as stored and typed: "ta"/"ft", "include"/"exclude"/"maybe". */
const char *stage_name(enum stage s);
int stage_parse(const char *name, enum stage *s);
/* Parse a --stage value; a usage error that says what is allowed. */
int stage_option(const char *value, enum stage *s, struct sk_err *err);
/* A label for people: "title and abstract", "full text". */
const char *stage_label(enum stage s);
const char *verdict_name(enum verdict v);
int verdict_parse(const char *name, enum verdict *v);

#endif
