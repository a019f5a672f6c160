/*
 * stopping: the knee method on judgement sequences worked out by hand.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "stopping.h"

Test(stopping, knee_by_hand)
{
	unsigned char rel[300];
	struct stopping s;

	/* 10 relevant in the first 20, then 280 irrelevant */
	memset(rel, 0, sizeof(rel));
	for (int i = 0; i < 20; i += 2)
		rel[i] = 1;
	stopping_knee(rel, 300, 1000, &s);
	cr_expect_eq(s.screened, 300);
	cr_expect_eq(s.found, 10);
	cr_expect_eq(s.since_last, 281);	/* the last one is at 19 */
	cr_expect_eq(s.knee, 19);		/* 10 found by 19 */
	/* (10 / 19) / ((0 + 1) / 281) */
	cr_expect_float_eq(s.ratio, 10.0 / 19.0 * 281.0, 1e-9);
	cr_expect_float_eq(s.needed, 146.0, 1e-12);
	cr_expect(s.suggest);
	cr_expect_float_eq(s.left, 1000.0 / 281.0, 1e-9);
}

Test(stopping, too_early_or_nothing_found)
{
	unsigned char rel[100];
	struct stopping s;

	memset(rel, 0, sizeof(rel));
	stopping_knee(rel, 100, 50, &s);
	cr_expect_eq(s.found, 0);
	cr_expect_eq(s.knee, 0);
	cr_expect_not(s.suggest);
	cr_expect_eq(s.since_last, 100);
	rel[0] = 1;
	stopping_knee(rel, 100, 50, &s);
	cr_expect_eq(s.knee, 1);
	/* (1 / 1) / (1 / 99), short of 156 - 1 */
	cr_expect_float_eq(s.ratio, 99.0, 1e-9);
	cr_expect_float_eq(s.needed, 155.0, 1e-12);
	cr_expect_not(s.suggest);
	/* relevant at the very end: the knee is the end, no ratio */
	memset(rel, 0, sizeof(rel));
	rel[99] = 1;
	stopping_knee(rel, 100, 50, &s);
	cr_expect_eq(s.since_last, 0);
	cr_expect_float_eq(s.ratio, 0.0, 1e-12);
}
