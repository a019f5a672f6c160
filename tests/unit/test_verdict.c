/*
 * verdict: what two (or more) reviewers' judgements add up to, under the
 * review's settings, at each stage.
 */
#include <criterion/criterion.h>

#include "verdict.h"

static const struct screen_policy dual = { 2, 0 };
static const struct screen_policy dual_maybe_in = { 2, 1 };

#define I { VERDICT_INCLUDE, NULL }
#define E { VERDICT_EXCLUDE, NULL }
#define M { VERDICT_MAYBE, NULL }
#define E_POP { VERDICT_EXCLUDE, "Wrong population" }
#define E_SET { VERDICT_EXCLUDE, "Wrong setting" }

static struct outcome
outcome_of(const struct vote *v, size_t n, const struct vote *settled,
	   enum stage stage, const struct screen_policy *p)
{
	struct outcome o;

	verdict_outcome(v, n, settled, stage, p, &o);
	return o;
}

Test(verdict, awaits_until_both_have_judged)
{
	struct vote one[] = { I };
	struct outcome o = outcome_of(one, 0, NULL, STAGE_TA, &dual);

	cr_expect_eq(o.state, OUTCOME_AWAITING);
	o = outcome_of(one, 1, NULL, STAGE_TA, &dual);
	cr_expect_eq(o.state, OUTCOME_AWAITING);
	cr_expect_eq(o.final, VERDICT_NONE);
}

Test(verdict, both_include_or_both_exclude_agree)
{
	struct vote ii[] = { I, I }, ee[] = { E, E };
	struct outcome o = outcome_of(ii, 2, NULL, STAGE_TA, &dual);

	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_eq(o.final, VERDICT_INCLUDE);
	o = outcome_of(ee, 2, NULL, STAGE_TA, &dual);
	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_eq(o.final, VERDICT_EXCLUDE);
	cr_expect_null(o.reason);
}

Test(verdict, include_against_exclude_is_a_conflict)
{
	struct vote ie[] = { I, E }, ei[] = { E, I };

	cr_expect_eq(outcome_of(ie, 2, NULL, STAGE_TA, &dual).state,
		     OUTCOME_CONFLICT);
	cr_expect_eq(outcome_of(ei, 2, NULL, STAGE_FT, &dual).state,
		     OUTCOME_CONFLICT);
	cr_expect_eq(outcome_of(ie, 2, NULL, STAGE_TA, &dual).final,
		     VERDICT_NONE);
}

Test(verdict, maybe_is_a_conflict_unless_the_review_says_include)
{
	struct vote im[] = { I, M }, mm[] = { M, M }, em[] = { E, M };
	struct outcome o;

	cr_expect_eq(outcome_of(im, 2, NULL, STAGE_TA, &dual).state,
		     OUTCOME_CONFLICT);
	cr_expect_eq(outcome_of(mm, 2, NULL, STAGE_TA, &dual).state,
		     OUTCOME_CONFLICT);
	o = outcome_of(im, 2, NULL, STAGE_TA, &dual_maybe_in);
	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_eq(o.final, VERDICT_INCLUDE);
	o = outcome_of(mm, 2, NULL, STAGE_TA, &dual_maybe_in);
	cr_expect_eq(o.final, VERDICT_INCLUDE);
	/* A maybe as include still disagrees with an exclude. */
	cr_expect_eq(outcome_of(em, 2, NULL, STAGE_TA, &dual_maybe_in).state,
		     OUTCOME_CONFLICT);
}

Test(verdict, full_text_exclusions_need_the_same_reason)
{
	struct vote same[] = { E_POP, E_POP }, differ[] = { E_POP, E_SET };
	struct outcome o = outcome_of(same, 2, NULL, STAGE_FT, &dual);

	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_str_eq(o.reason, "Wrong population");
	cr_expect_eq(outcome_of(differ, 2, NULL, STAGE_FT, &dual).state,
		     OUTCOME_CONFLICT);
	/* At title and abstract the reasons are optional notes. */
	o = outcome_of(differ, 2, NULL, STAGE_TA, &dual);
	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_str_eq(o.reason, "Wrong population");
}

Test(verdict, title_abstract_keeps_any_reason_given)
{
	struct vote v[] = { E, E_SET };
	struct outcome o = outcome_of(v, 2, NULL, STAGE_TA, &dual);

	cr_expect_eq(o.state, OUTCOME_AGREED);
	cr_expect_str_eq(o.reason, "Wrong setting");
}

Test(verdict, a_settlement_counts_over_the_votes)
{
	struct vote ie[] = { I, E };
	struct vote settled = E_SET;
	struct outcome o = outcome_of(ie, 2, &settled, STAGE_FT, &dual);

	cr_expect_eq(o.state, OUTCOME_RESOLVED);
	cr_expect_eq(o.final, VERDICT_EXCLUDE);
	cr_expect_str_eq(o.reason, "Wrong setting");
	/* Even when a judgement was taken back after the settlement. */
	o = outcome_of(ie, 1, &settled, STAGE_FT, &dual);
	cr_expect_eq(o.state, OUTCOME_RESOLVED);
}

Test(verdict, single_and_triple_screening)
{
	struct vote one[] = { E }, three[] = { I, I, E }, all3[] = { I, I, I };
	struct screen_policy single = { 1, 0 }, triple = { 3, 0 };

	cr_expect_eq(outcome_of(one, 1, NULL, STAGE_TA, &single).state,
		     OUTCOME_AGREED);
	cr_expect_eq(outcome_of(three, 2, NULL, STAGE_TA, &triple).state,
		     OUTCOME_AWAITING);
	cr_expect_eq(outcome_of(three, 3, NULL, STAGE_TA, &triple).state,
		     OUTCOME_CONFLICT);
	cr_expect_eq(outcome_of(all3, 3, NULL, STAGE_TA, &triple).final,
		     VERDICT_INCLUDE);
	/* More judgements than needed all count. */
	cr_expect_eq(outcome_of(three, 3, NULL, STAGE_TA, &dual).state,
		     OUTCOME_CONFLICT);
}

Test(verdict, names_round_trip)
{
	enum stage s;
	enum verdict v;

	cr_expect_eq(stage_parse("ft", &s), 0);
	cr_expect_eq(s, STAGE_FT);
	cr_expect_str_eq(stage_name(STAGE_TA), "ta");
	cr_expect_str_eq(stage_label(STAGE_FT), "full text");
	cr_expect_eq(stage_parse("TA", &s), -1);
	cr_expect_eq(verdict_parse("maybe", &v), 0);
	cr_expect_eq(v, VERDICT_MAYBE);
	cr_expect_eq(verdict_parse("none", &v), -1);
	cr_expect_eq(verdict_parse("undo", &v), -1);
	cr_expect_str_eq(verdict_name(VERDICT_EXCLUDE), "exclude");
}
