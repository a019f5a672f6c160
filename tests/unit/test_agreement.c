/*
 * agreement: kappa, its standard error and interval, PABAK and the
 * prevalence and bias indices on published worked examples, edge tables
 * and the Landis & Koch band boundaries.
 *
 * Tables are written (a, b, c, d): a both include, b only the first
 * reviewer includes, c only the second, d both exclude. Rows are the first
 * reviewer, columns the second.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <limits.h>
#include <math.h>

#include "agreement.h"

static struct agree_stats
stats_of(long a, long b, long c, long d)
{
	struct agree_table t = { a, b, c, d };
	struct agree_stats st;

	cr_assert_eq(agree_compute(&t, &st), 0, "(%ld, %ld, %ld, %ld)", a, b,
		     c, d);
	return st;
}

static void
expect_near(double got, double want, double eps, const char *what)
{
	cr_expect(fabs(got - want) <= eps, "%s = %.7f, want %.7f +- %g", what,
		  got, want, eps);
}

/*
 * Sim J, Wright CC. The kappa statistic in reliability studies: use,
 * interpretation, and sample size requirements. Phys Ther 2005;85:257-68,
 * Table 1: relevance of lateral shift judged by two clinicians, n = 39.
 * Published: kappa = .67.
 *
 *	(22, 2, 4, 11)	first 24 yes / 15 no, second 26 yes / 13 no
 *	po = 33/39 = 0.8462
 *	pe = (24*26 + 15*13) / 39^2 = 819/1521 = 0.5385
 *	kappa = (0.8462 - 0.5385) / (1 - 0.5385) = 2/3
 *
 * Standard error (Fleiss, Cohen & Everitt 1969), proportions p11 = 22/39,
 * p12 = 2/39, p21 = 4/39, p22 = 11/39, margins r1 = 24/39, r2 = 15/39,
 * c1 = 26/39, c2 = 13/39, 1 - kappa = 1/3:
 *	diagonal	p11 (1 - (r1 + c1)/3)^2 + p22 (1 - (r2 + c2)/3)^2
 *			= 0.18498 + 0.16321 = 0.34819
 *	off-diagonal	(1/3)^2 (p12 (c1 + r2)^2 + p21 (c2 + r1)^2) = 0.01655
 *	correction	(kappa - pe/3)^2 = (0.6667 - 0.1795)^2 = 0.23734
 *	var = (0.34819 + 0.01655 - 0.23734) / (39 (1 - 0.5385)^2)
 *	    = 0.12740 / 8.30769 = 0.015335, SE = 0.12384
 *	95% CI 0.6667 -+ 1.959964 * 0.12384 = 0.4240 to 0.9094
 *	PABAK = 2 * 0.8462 - 1 = 0.6923
 *	prevalence index (22 - 11)/39 = 0.2821, bias index (2 - 4)/39 = -0.0513
 */
Test(agreement, sim_wright_table1)
{
	struct agree_stats st = stats_of(22, 2, 4, 11);

	cr_expect_eq(st.n, 39);
	/* as published, to two decimals */
	expect_near(st.kappa, 0.67, 0.005, "kappa");
	/* as computed above */
	expect_near(st.percent, 0.8462, 1e-4, "po");
	expect_near(st.expected, 0.5385, 1e-4, "pe");
	expect_near(st.kappa, 2.0 / 3.0, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.12384, 1e-5, "se");
	expect_near(st.kappa_low, 0.4240, 1e-4, "low");
	expect_near(st.kappa_high, 0.9094, 1e-4, "high");
	expect_near(st.pabak, 0.6923, 1e-4, "pabak");
	expect_near(st.prevalence_index, 0.2821, 1e-4, "prevalence");
	expect_near(st.bias_index, -0.0513, 1e-4, "bias");
	cr_expect_eq(st.band, AGREE_SUBSTANTIAL);
}

/*
 * A second table worked through the same standard error, n = 105:
 *
 *	(58, 12, 4, 31)	first 70 / 35, second 62 / 43
 *	po = 89/105 = 0.8476
 *	pe = (70*62 + 35*43) / 105^2 = 5845/11025 = 0.5302
 *	kappa = (0.8476 - 0.5302) / 0.4698 = 25/37 = 0.6757
 *	diagonal 0.36389, off-diagonal 0.01490, correction 0.25375
 *	var = 0.12504 / (105 * 0.4698^2) = 0.12504 / 23.1788 = 0.0053946
 *	SE = 0.073448, 95% CI 0.5317 to 0.8196
 *	PABAK 0.6952, prevalence (58 - 31)/105 = 0.2571,
 *	bias (12 - 4)/105 = 0.0762
 */
Test(agreement, standard_error_worked)
{
	struct agree_stats st = stats_of(58, 12, 4, 31);

	expect_near(st.percent, 0.8476, 1e-4, "po");
	expect_near(st.expected, 0.5302, 1e-4, "pe");
	expect_near(st.kappa, 25.0 / 37.0, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.073448, 1e-6, "se");
	expect_near(st.kappa_low, 0.5317, 1e-4, "low");
	expect_near(st.kappa_high, 0.8196, 1e-4, "high");
	expect_near(st.pabak, 0.6952, 1e-4, "pabak");
	expect_near(st.prevalence_index, 0.2571, 1e-4, "prevalence");
	expect_near(st.bias_index, 0.0762, 1e-4, "bias");
	cr_expect_eq(st.band, AGREE_SUBSTANTIAL);
}

/*
 * The standard error and the indices do not depend on which reviewer is
 * "first" nor on which verdict is "include": swapping the reviewers (b and
 * c) negates the bias index, swapping the verdicts (a and d, b and c)
 * negates both indices.
 */
Test(agreement, symmetries)
{
	static const long tables[][4] = {
		{ 22, 2, 4, 11 }, { 58, 12, 4, 31 }, { 3, 9, 1, 40 },
		{ 0, 30, 20, 0 }, { 95, 4, 1, 0 },
	};

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const long *t = tables[i];
		struct agree_stats st = stats_of(t[0], t[1], t[2], t[3]);
		struct agree_stats sw = stats_of(t[0], t[2], t[1], t[3]);
		struct agree_stats fl = stats_of(t[3], t[2], t[1], t[0]);

		expect_near(sw.kappa, st.kappa, 1e-12, "swapped kappa");
		expect_near(sw.kappa_se, st.kappa_se, 1e-12, "swapped se");
		expect_near(sw.bias_index, -st.bias_index, 1e-12,
			    "swapped bias");
		expect_near(sw.prevalence_index, st.prevalence_index, 1e-12,
			    "swapped prevalence");
		expect_near(fl.kappa, st.kappa, 1e-12, "flipped kappa");
		expect_near(fl.kappa_se, st.kappa_se, 1e-12, "flipped se");
		expect_near(fl.bias_index, -st.bias_index, 1e-12,
			    "flipped bias");
		expect_near(fl.prevalence_index, -st.prevalence_index, 1e-12,
			    "flipped prevalence");
		expect_near(fl.pabak, st.pabak, 1e-12, "flipped pabak");
	}
}

/*
 * The example of the Wikipedia article "Cohen's kappa": 50 proposals, A and
 * B both yes 20, A yes B no 5, A no B yes 10, both no 15. Published:
 * po = 0.7, pe = 0.5, kappa = 0.4.
 *
 *	pe = (25*30 + 25*20) / 50^2 = 1250/2500 = 0.5
 *	kappa = (0.7 - 0.5) / 0.5 = 0.4 exactly: the top of "fair"
 *	diagonal 0.10972, off-diagonal 0.10188, correction 0.01
 *	var = 0.2016 / (50 * 0.25) = 0.016128, SE = 0.12700
 *	95% CI 0.1511 to 0.6489; PABAK 0.4; prevalence (20 - 15)/50 = 0.1;
 *	bias (5 - 10)/50 = -0.1
 */
Test(agreement, cohen_wikipedia_example)
{
	struct agree_stats st = stats_of(20, 5, 10, 15);

	expect_near(st.percent, 0.7, 1e-12, "po");
	expect_near(st.expected, 0.5, 1e-12, "pe");
	expect_near(st.kappa, 0.4, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.12700, 1e-5, "se");
	expect_near(st.kappa_low, 0.1511, 1e-4, "low");
	expect_near(st.kappa_high, 0.6489, 1e-4, "high");
	expect_near(st.pabak, 0.4, 1e-12, "pabak");
	expect_near(st.prevalence_index, 0.1, 1e-12, "prevalence");
	expect_near(st.bias_index, -0.1, 1e-12, "bias");
	cr_expect_eq(st.band, AGREE_FAIR);
}

/*
 * Gerstman BB. Epidemiology Kept Simple, Illustrative Example 10.1: X-ray
 * readings by two raters, N = 19790, a = 1467, d = 16232, first rater's
 * positives f1 = 2249, second's g1 = 2776, so b = 2249 - 1467 = 782 and
 * c = 2776 - 1467 = 1309. Published: pobs = 0.8943, pexp = 0.7780,
 * kappa = 0.524, moderate.
 *
 *	po = 17699/19790 = 0.89434
 *	pe = (2249*2776 + 17541*17014) / 19790^2 = 0.77797
 *	kappa = (0.89434 - 0.77797) / 0.22203 = 0.52413
 *	SE = 0.0090937, 95% CI 0.5063 to 0.5420
 *	PABAK 0.7887, prevalence (1467 - 16232)/19790 = -0.7461,
 *	bias (782 - 1309)/19790 = -0.0266
 */
Test(agreement, gerstman_xray)
{
	struct agree_stats st = stats_of(1467, 782, 1309, 16232);

	cr_expect_eq(st.n, 19790);
	expect_near(st.percent, 0.8943, 5e-5, "po");
	expect_near(st.expected, 0.7780, 5e-5, "pe");
	expect_near(st.kappa, 0.524, 5e-4, "kappa");
	expect_near(st.kappa, 0.52413, 1e-5, "kappa");
	expect_near(st.kappa_se, 0.0090937, 1e-7, "se");
	expect_near(st.kappa_low, 0.5063, 1e-4, "low");
	expect_near(st.kappa_high, 0.5420, 1e-4, "high");
	expect_near(st.pabak, 0.7887, 1e-4, "pabak");
	expect_near(st.prevalence_index, -0.7461, 1e-4, "prevalence");
	expect_near(st.bias_index, -0.0266, 1e-4, "bias");
	cr_expect_eq(st.band, AGREE_MODERATE);
}

/*
 * Feinstein AR, Cicchetti DV. High agreement but low kappa: I. The
 * problems of two paradoxes. J Clin Epidemiol 1990;43:543-9, as Gerstman
 * (Epidemiology Kept Simple, Table 10.6) gives it: the same po = 0.85,
 * published kappa 0.70 with balanced margins and 0.32 when one class
 * dominates.
 *
 * A	(40, 9, 6, 45)	first 49/51, second 46/54
 *	pe = (49*46 + 51*54) / 100^2 = 0.5008, kappa = 0.3492/0.4992 = 0.6995
 *	SE = 0.071394, 95% CI 0.5596 to 0.8394
 *	PABAK 0.70, prevalence (40 - 45)/100 = -0.05, bias (9 - 6)/100 = 0.03
 * B	(80, 10, 5, 5)	first 90/10, second 85/15
 *	pe = (90*85 + 10*15) / 100^2 = 0.78, kappa = 0.07/0.22 = 0.3182
 *	SE = 0.13346, 95% CI 0.0566 to 0.5798
 *	PABAK 0.70, prevalence (80 - 5)/100 = 0.75, bias (10 - 5)/100 = 0.05
 *
 * PABAK is the same for both: it sees only po.
 */
Test(agreement, feinstein_cicchetti_paradox)
{
	struct agree_stats a = stats_of(40, 9, 6, 45);
	struct agree_stats b = stats_of(80, 10, 5, 5);

	expect_near(a.percent, 0.85, 1e-12, "A po");
	expect_near(a.expected, 0.50, 0.005, "A pe");
	expect_near(a.kappa, 0.70, 0.005, "A kappa");
	expect_near(a.expected, 0.5008, 1e-12, "A pe");
	expect_near(a.kappa, 0.6995, 1e-4, "A kappa");
	expect_near(a.kappa_se, 0.071394, 1e-6, "A se");
	expect_near(a.kappa_low, 0.5596, 1e-4, "A low");
	expect_near(a.kappa_high, 0.8394, 1e-4, "A high");
	expect_near(a.pabak, 0.70, 1e-12, "A pabak");
	expect_near(a.prevalence_index, -0.05, 1e-12, "A prevalence");
	expect_near(a.bias_index, 0.03, 1e-12, "A bias");
	cr_expect_eq(a.band, AGREE_SUBSTANTIAL);

	expect_near(b.percent, 0.85, 1e-12, "B po");
	expect_near(b.expected, 0.78, 1e-12, "B pe");
	expect_near(b.kappa, 0.32, 0.005, "B kappa");
	expect_near(b.kappa, 0.3182, 1e-4, "B kappa");
	expect_near(b.kappa_se, 0.13346, 1e-5, "B se");
	expect_near(b.kappa_low, 0.0566, 1e-4, "B low");
	expect_near(b.kappa_high, 0.5798, 1e-4, "B high");
	expect_near(b.pabak, 0.70, 1e-12, "B pabak");
	expect_near(b.prevalence_index, 0.75, 1e-12, "B prevalence");
	expect_near(b.bias_index, 0.05, 1e-12, "B bias");
	cr_expect_eq(b.band, AGREE_FAIR);
}

/*
 * The high-prevalence paradox at its extreme, the 2x2 table of Cunningham
 * M. More than just the kappa coefficient. SAS Global Forum 2009, paper
 * 242-2009, Figure 2: 95% agreement, yet kappa below 0.
 *
 *	(95, 4, 1, 0)	first 99/1, second 96/4
 *	po = 0.95, pe = (99*96 + 1*4) / 100^2 = 0.9508
 *	kappa = (0.95 - 0.9508) / 0.0492 = -2/123 = -0.0163
 *	diagonal 0.91556, off-diagonal 0.04983, correction 0.96535
 *	var = 0.0000423 / (100 * 0.0492^2) = 0.00017476, SE = 0.013220
 *	95% CI -0.04217 to 0.00965
 *	PABAK 0.90, prevalence 0.95, bias (4 - 1)/100 = 0.03
 */
Test(agreement, high_prevalence_negative_kappa)
{
	struct agree_stats st = stats_of(95, 4, 1, 0);

	expect_near(st.percent, 0.95, 1e-12, "po");
	expect_near(st.expected, 0.9508, 1e-12, "pe");
	expect_near(st.kappa, -2.0 / 123.0, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.013220, 1e-6, "se");
	expect_near(st.kappa_low, -0.04217, 1e-5, "low");
	expect_near(st.kappa_high, 0.00965, 1e-5, "high");
	expect_near(st.pabak, 0.90, 1e-12, "pabak");
	expect_near(st.prevalence_index, 0.95, 1e-12, "prevalence");
	expect_near(st.bias_index, 0.03, 1e-12, "bias");
	cr_expect_eq(st.band, AGREE_POOR);
}

/*
 * Perfect agreement with both verdicts used: (30, 0, 0, 70).
 *	po = 1, pe = (30*30 + 70*70) / 100^2 = 0.58, kappa = 0.42/0.42 = 1
 *	diagonal 0.3 + 0.7 = 1, off-diagonal 0, correction (1 - 0)^2 = 1:
 *	variance 0, so SE 0 and the interval is [1, 1].
 */
Test(agreement, perfect_agreement)
{
	struct agree_stats st = stats_of(30, 0, 0, 70);

	expect_near(st.percent, 1, 0, "po");
	expect_near(st.expected, 0.58, 1e-12, "pe");
	expect_near(st.kappa, 1, 0, "kappa");
	expect_near(st.kappa_se, 0, 1e-7, "se");
	expect_near(st.kappa_low, 1, 1e-6, "low");
	expect_near(st.kappa_high, 1, 0, "high");
	expect_near(st.pabak, 1, 0, "pabak");
	expect_near(st.prevalence_index, -0.4, 1e-12, "prevalence");
	expect_near(st.bias_index, 0, 0, "bias");
	cr_expect_eq(st.band, AGREE_ALMOST_PERFECT);
}

/*
 * Both reviewers exclude every record: (0, 0, 0, 50). They agree on all
 * of them (po = 1, PABAK = 1), but chance would have too (pe = 1), so
 * kappa is 0/0: NAN, with its SE, interval and band.
 */
Test(agreement, all_excluded_by_both)
{
	struct agree_stats st = stats_of(0, 0, 0, 50);

	cr_expect_eq(st.n, 50);
	expect_near(st.percent, 1, 0, "po");
	expect_near(st.expected, 1, 0, "pe");
	cr_expect(isnan(st.kappa), "kappa %f", st.kappa);
	cr_expect(isnan(st.kappa_se), "se %f", st.kappa_se);
	cr_expect(isnan(st.kappa_low), "low %f", st.kappa_low);
	cr_expect(isnan(st.kappa_high), "high %f", st.kappa_high);
	expect_near(st.pabak, 1, 0, "pabak");
	expect_near(st.prevalence_index, -1, 0, "prevalence");
	expect_near(st.bias_index, 0, 0, "bias");
	cr_expect_eq(st.band, AGREE_UNDEFINED);
	cr_expect_str_eq(agree_band_name(st.band), "undefined");
}

/* The same with every record included, and with a single record. */
Test(agreement, all_included_by_both)
{
	struct agree_stats st = stats_of(12, 0, 0, 0);

	expect_near(st.percent, 1, 0, "po");
	cr_expect(isnan(st.kappa), "kappa %f", st.kappa);
	cr_expect(isnan(st.kappa_low), "low %f", st.kappa_low);
	expect_near(st.pabak, 1, 0, "pabak");
	expect_near(st.prevalence_index, 1, 0, "prevalence");
	cr_expect_eq(st.band, AGREE_UNDEFINED);

	st = stats_of(0, 0, 0, 1);
	cr_expect(isnan(st.kappa), "kappa %f", st.kappa);
	cr_expect_eq(st.band, AGREE_UNDEFINED);
}

/*
 * No record judged by both (only one reviewer has screened), a negative
 * count, or a table too large for exact arithmetic: -1, and st is left
 * as it was.
 */
Test(agreement, refused_tables)
{
	static const long bad[][4] = {
		{ 0, 0, 0, 0 },
		{ -1, 5, 5, 5 },
		{ 5, -1, 5, 5 },
		{ 5, 5, -1, 5 },
		{ 5, 5, 5, -1 },
		{ 10, -10, 0, 0 },
		{ AGREE_MAX_N + 1, 0, 0, 0 },
		{ AGREE_MAX_N / 2, AGREE_MAX_N / 2, 1, 0 },
		{ LONG_MAX, LONG_MAX, 0, 0 },
		{ LONG_MIN, 0, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct agree_table t = { bad[i][0], bad[i][1], bad[i][2],
					 bad[i][3] };
		struct agree_stats st = { .n = 4242, .kappa = 0.5 };

		cr_expect_eq(agree_compute(&t, &st), -1, "table %zu", i);
		cr_expect_eq(st.n, 4242, "table %zu", i);
		cr_expect(st.kappa == 0.5, "table %zu", i);
	}
}

/* The largest table allowed is computed, without overflow. */
Test(agreement, largest_table)
{
	struct agree_stats st = stats_of(AGREE_MAX_N / 4, AGREE_MAX_N / 4,
					 AGREE_MAX_N / 4, AGREE_MAX_N / 4);

	cr_expect_eq(st.n, AGREE_MAX_N);
	expect_near(st.percent, 0.5, 1e-12, "po");
	expect_near(st.expected, 0.5, 1e-12, "pe");
	expect_near(st.kappa, 0, 1e-12, "kappa");
	cr_expect_eq(st.band, AGREE_SLIGHT);
}

/*
 * Total disagreement.
 * (0, 25, 25, 0): po = 0, pe = (25*25 + 25*25) / 50^2 = 0.5,
 *	kappa = -0.5/0.5 = -1; diagonal 0, off-diagonal
 *	2^2 (0.5 (0.5 + 0.5)^2 + 0.5 (0.5 + 0.5)^2) = 4, correction
 *	(-1 - 0.5*2)^2 = 4: SE 0, interval [-1, -1]; PABAK -1.
 * (0, 30, 20, 0): po = 0, pe = (30*20 + 20*30) / 50^2 = 0.48,
 *	kappa = -0.48/0.52 = -12/13 = -0.9231; off-diagonal 3.55030,
 *	correction 3.40828, var = 0.14201 / (50 * 0.52^2) = 0.010504,
 *	SE = 0.10249; -0.9231 -+ 0.2009 = -1.1240 to -0.7222, clipped to
 *	-1 to -0.7222; PABAK -1, bias (30 - 20)/50 = 0.2.
 */
Test(agreement, total_disagreement)
{
	struct agree_stats st = stats_of(0, 25, 25, 0);

	expect_near(st.percent, 0, 0, "po");
	expect_near(st.expected, 0.5, 0, "pe");
	expect_near(st.kappa, -1, 0, "kappa");
	expect_near(st.kappa_se, 0, 1e-7, "se");
	expect_near(st.kappa_low, -1, 0, "low");
	expect_near(st.kappa_high, -1, 1e-6, "high");
	expect_near(st.pabak, -1, 0, "pabak");
	expect_near(st.prevalence_index, 0, 0, "prevalence");
	expect_near(st.bias_index, 0, 0, "bias");
	cr_expect_eq(st.band, AGREE_POOR);

	st = stats_of(0, 30, 20, 0);
	expect_near(st.expected, 0.48, 1e-12, "pe");
	expect_near(st.kappa, -12.0 / 13.0, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.10249, 1e-5, "se");
	expect_near(st.kappa_low, -1, 0, "low");
	expect_near(st.kappa_high, -0.7222, 1e-4, "high");
	expect_near(st.pabak, -1, 0, "pabak");
	expect_near(st.bias_index, 0.2, 1e-12, "bias");
	cr_expect_eq(st.band, AGREE_POOR);
}

/*
 * The first reviewer includes all 10 records, the second none:
 * (0, 10, 0, 0). po = 0, but pe = 1*0 + 0*1 = 0 too, so kappa = 0/1 = 0
 * ("slight": no better and no worse than chance), SE 0; PABAK -1,
 * bias 1.
 */
Test(agreement, one_reviewer_includes_all)
{
	struct agree_stats st = stats_of(0, 10, 0, 0);

	expect_near(st.percent, 0, 0, "po");
	expect_near(st.expected, 0, 0, "pe");
	expect_near(st.kappa, 0, 0, "kappa");
	expect_near(st.kappa_se, 0, 1e-12, "se");
	expect_near(st.pabak, -1, 0, "pabak");
	expect_near(st.prevalence_index, 0, 0, "prevalence");
	expect_near(st.bias_index, 1, 0, "bias");
	cr_expect_eq(st.band, AGREE_SLIGHT);
}

/*
 * The interval is clipped to [-1, 1].
 * (4, 1, 0, 3): po = 7/8, pe = (5*4 + 3*4) / 64 = 0.5, kappa = 0.75,
 *	SE = 0.22643; 0.75 -+ 0.44379 = 0.3062 to 1.1938, clipped to 1.
 * (1, 4, 3, 0): po = 1/8, pe = (5*4 + 3*4) / 64 = 0.5, kappa = -0.75,
 *	SE = 0.22643; -1.1938 clipped to -1, -0.3062.
 */
Test(agreement, interval_clipped)
{
	struct agree_stats st = stats_of(4, 1, 0, 3);

	expect_near(st.kappa, 0.75, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.22643, 1e-5, "se");
	expect_near(st.kappa_low, 0.3062, 1e-4, "low");
	expect_near(st.kappa_high, 1, 0, "high");

	st = stats_of(1, 4, 3, 0);
	expect_near(st.kappa, -0.75, 1e-12, "kappa");
	expect_near(st.kappa_se, 0.22643, 1e-5, "se");
	expect_near(st.kappa_low, -1, 0, "low");
	expect_near(st.kappa_high, -0.3062, 1e-4, "high");
}

/* Parameters are copied into each test process: no pointers inside. */
struct band_case {
	long a, b, c, d;
	enum agree_band band;
};

/*
 * Landis & Koch boundaries. With both reviewers' margins at half and half,
 * pe = 0.5 and kappa = 2 po - 1, so each kappa below is exact.
 */
ParameterizedTestParameters(agreement, bands)
{
	static struct band_case cases[] = {
		{ 4, 6, 6, 4, AGREE_POOR },	/* po 0.4: -0.2 */
		{ 499, 501, 501, 499, AGREE_POOR },	/* -0.002 */
		{ 5, 5, 5, 5, AGREE_SLIGHT },	/* 0 */
		{ 3, 2, 2, 3, AGREE_SLIGHT },	/* po 0.6: 0.20 */
		{ 241, 159, 159, 241, AGREE_FAIR },	/* po 0.6025: 0.205 */
		{ 301, 199, 199, 301, AGREE_FAIR },	/* po 0.602: 0.204 */
		{ 7, 3, 3, 7, AGREE_FAIR },	/* po 0.7: 0.40 */
		{ 281, 119, 119, 281, AGREE_MODERATE },	/* 0.405 */
		{ 4, 1, 1, 4, AGREE_MODERATE },	/* po 0.8: 0.60 */
		{ 321, 79, 79, 321, AGREE_SUBSTANTIAL },	/* 0.605 */
		{ 9, 1, 1, 9, AGREE_SUBSTANTIAL },	/* po 0.9: 0.80 */
		{ 361, 39, 39, 361, AGREE_ALMOST_PERFECT },	/* 0.805 */
		{ 50, 0, 0, 50, AGREE_ALMOST_PERFECT },	/* 1 */
	};

	return cr_make_param_array(struct band_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct band_case *c, agreement, bands)
{
	struct agree_stats st = stats_of(c->a, c->b, c->c, c->d);

	cr_expect_eq(st.band, c->band, "(%ld, %ld, %ld, %ld): kappa %.6f, %s",
		     c->a, c->b, c->c, c->d, st.kappa,
		     agree_band_name(st.band));
}

/* 0.20 and 0.80 reached with margins that are not balanced. */
Test(agreement, band_boundaries_unbalanced)
{
	/*
	 * (2, 1, 3, 4): po = 0.6, pe = (3*5 + 7*5) / 100 = 0.5, kappa 0.20.
	 * (17, 1, 1, 1): po = 0.9, pe = (18*18 + 2*2) / 400 = 0.82,
	 * kappa = 0.08/0.18 = 0.444: moderate.
	 * (40, 2, 2, 16): po = 56/60, pe = (42*42 + 18*18) / 3600 = 0.58,
	 * kappa = (56/60 - 0.58) / 0.42 = 0.8413: almost perfect.
	 */
	struct agree_stats st = stats_of(2, 1, 3, 4);

	expect_near(st.kappa, 0.2, 1e-12, "kappa");
	cr_expect_eq(st.band, AGREE_SLIGHT);
	st = stats_of(17, 1, 1, 1);
	expect_near(st.kappa, 4.0 / 9.0, 1e-12, "kappa");
	cr_expect_eq(st.band, AGREE_MODERATE);
	st = stats_of(40, 2, 2, 16);
	expect_near(st.kappa, 0.8413, 1e-4, "kappa");
	cr_expect_eq(st.band, AGREE_ALMOST_PERFECT);
}

Test(agreement, band_names)
{
	cr_expect_str_eq(agree_band_name(AGREE_UNDEFINED), "undefined");
	cr_expect_str_eq(agree_band_name(AGREE_POOR), "poor");
	cr_expect_str_eq(agree_band_name(AGREE_SLIGHT), "slight");
	cr_expect_str_eq(agree_band_name(AGREE_FAIR), "fair");
	cr_expect_str_eq(agree_band_name(AGREE_MODERATE), "moderate");
	cr_expect_str_eq(agree_band_name(AGREE_SUBSTANTIAL), "substantial");
	cr_expect_str_eq(agree_band_name(AGREE_ALMOST_PERFECT),
			 "almost perfect");
	cr_expect_null(agree_band_name((enum agree_band)(AGREE_ALMOST_PERFECT +
							 1)));
	cr_expect_null(agree_band_name((enum agree_band)-1));
}
