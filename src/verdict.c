/*
 * verdict: the rules that turn judgements into an outcome, in one place
 * so that the screen, the conflict list, agreement and PRISMA all count
 * the same way.
 */
#include "verdict.h"

#include <string.h>

#include "banned.h"

static const char *const stage_names[STAGE_COUNT] = { "ta", "ft" };
static const char *const stage_labels[STAGE_COUNT] = {
	"title and abstract", "full text",
};
static const char *const verdict_names[] = {
	"none", "include", "exclude", "maybe",
};

const char *
stage_name(enum stage s)
{
	return stage_names[s];
}

const char *
stage_label(enum stage s)
{
	return stage_labels[s];
}

int
stage_parse(const char *name, enum stage *s)
{
	for (int i = 0; i < STAGE_COUNT; i++) {
		if (strcmp(name, stage_names[i]) == 0) {
			*s = (enum stage)i;
			return 0;
		}
	}
	return -1;
}

int
stage_option(const char *value, enum stage *s, struct sk_err *err)
{
	if (stage_parse(value, s) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--stage is ta (title and abstract) or ft "
			       "(full text), not '%s'", value);
	return 0;
}

const char *
verdict_name(enum verdict v)
{
	return verdict_names[v];
}

int
verdict_parse(const char *name, enum verdict *v)
{
	for (int i = VERDICT_INCLUDE; i <= VERDICT_MAYBE; i++) {
		if (strcmp(name, verdict_names[i]) == 0) {
			*v = (enum verdict)i;
			return 0;
		}
	}
	return -1;
}

static int
same_reason(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

void
verdict_outcome(const struct vote *votes, size_t n,
		const struct vote *settled, enum stage stage,
		const struct screen_policy *policy, struct outcome *out)
{
	enum verdict first;

	out->final = VERDICT_NONE;
	out->reason = NULL;
	if (settled) {
		out->state = OUTCOME_RESOLVED;
		out->final = settled->verdict;
		out->reason = settled->reason;
		return;
	}
	if (n == 0 || n < (size_t)policy->needed) {
		out->state = OUTCOME_AWAITING;
		return;
	}
	out->state = OUTCOME_CONFLICT;
	first = votes[0].verdict;
	if (first == VERDICT_MAYBE && policy->maybe_includes)
		first = VERDICT_INCLUDE;
	if (first == VERDICT_MAYBE)
		return;
	for (size_t i = 1; i < n; i++) {
		enum verdict v = votes[i].verdict;

		if (v == VERDICT_MAYBE && policy->maybe_includes)
			v = VERDICT_INCLUDE;
		if (v != first)
			return;
		if (first == VERDICT_EXCLUDE && stage == STAGE_FT &&
		    !same_reason(votes[i].reason, votes[0].reason))
			return;
	}
	out->state = OUTCOME_AGREED;
	out->final = first;
	if (first == VERDICT_EXCLUDE) {
		/* At title and abstract a reason is optional: keep any given. */
		for (size_t i = 0; i < n && !out->reason; i++)
			out->reason = votes[i].reason;
	}
}
