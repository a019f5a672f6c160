/*
 * agreement: kappa and its companions for two reviewers' 2x2 table.
 *
 * Kappa's numerator and denominator are kept as exact integers, so the
 * Landis & Koch band of a table whose kappa is exactly 0.20 does not depend
 * on how the division rounds.
 */
#include <math.h>
#include <stddef.h>

#include "agreement.h"
#include "banned.h"

/* The 97.5th percentile of the standard normal distribution. */
#define AGREE_Z975 1.959963984540054

/*
 * Landis & Koch band of kappa = num / den (den > 0), compared as integers:
 * kappa <= k/5 is 5 num <= k den.
 */
static enum agree_band
agree_band_of(long long num, long long den)
{
	if (num < 0)
		return AGREE_POOR;
	if (5 * num <= den)
		return AGREE_SLIGHT;
	if (5 * num <= 2 * den)
		return AGREE_FAIR;
	if (5 * num <= 3 * den)
		return AGREE_MODERATE;
	if (5 * num <= 4 * den)
		return AGREE_SUBSTANTIAL;
	return AGREE_ALMOST_PERFECT;
}

/*
 * Variance of kappa not assuming kappa = 0: Fleiss, Cohen & Everitt, Large
 * sample standard errors of kappa and weighted kappa, Psychol Bull 1969;
 * 72:323-7, as Fleiss, Levin & Paik (Statistical Methods for Rates and
 * Proportions, 2003) restate it. With cell proportions p_ij, the first
 * reviewer's margins p_i. and the second's p_.j:
 *
 *   [ sum_i p_ii (1 - (p_i. + p_.i)(1 - k))^2
 *     + (1 - k)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
 *     - (k - pe (1 - k))^2 ] / (n (1 - pe)^2)
 */
static double
agree_variance(const struct agree_table *t, double n, double kappa,
	       double pe)
{
	double p11 = (double)t->both_include / n;
	double p12 = (double)t->first_only / n;
	double p21 = (double)t->second_only / n;
	double p22 = (double)t->both_exclude / n;
	double r1 = p11 + p12, r2 = p21 + p22;	/* first reviewer */
	double c1 = p11 + p21, c2 = p12 + p22;	/* second reviewer */
	double q = 1 - kappa;
	double diag, off, corr, var;

	diag = p11 * (1 - (r1 + c1) * q) * (1 - (r1 + c1) * q) +
	       p22 * (1 - (r2 + c2) * q) * (1 - (r2 + c2) * q);
	off = q * q *
	      (p12 * (c1 + r2) * (c1 + r2) + p21 * (c2 + r1) * (c2 + r1));
	corr = (kappa - pe * q) * (kappa - pe * q);
	var = (diag + off - corr) / (n * (1 - pe) * (1 - pe));
	/* 0 in theory at kappa = +-1: rounding must not make it negative. */
	return var > 0 ? var : 0;
}

int
agree_compute(const struct agree_table *t, struct agree_stats *st)
{
	long long a = t->both_include, b = t->first_only;
	long long c = t->second_only, d = t->both_exclude;
	long long n, chance, num, den;
	double nd, se;

	if (a < 0 || b < 0 || c < 0 || d < 0 || a > AGREE_MAX_N ||
	    b > AGREE_MAX_N || c > AGREE_MAX_N || d > AGREE_MAX_N)
		return -1;
	n = a + b + c + d;
	if (n == 0 || n > AGREE_MAX_N)
		return -1;

	/* pe = chance / n^2, kappa = (n (a + d) - chance) / (n^2 - chance) */
	chance = (a + b) * (a + c) + (c + d) * (b + d);
	num = n * (a + d) - chance;
	den = n * n - chance;
	nd = (double)n;

	st->n = (long)n;
	st->percent = (double)(a + d) / nd;
	st->expected = (double)chance / (nd * nd);
	st->pabak = 2 * st->percent - 1;
	st->prevalence_index = (double)(a - d) / nd;
	st->bias_index = (double)(b - c) / nd;

	/* pe == 1: a == n or d == n, nothing for chance to be corrected by. */
	if (den == 0) {
		st->kappa = (double)NAN;
		st->kappa_se = (double)NAN;
		st->kappa_low = (double)NAN;
		st->kappa_high = (double)NAN;
		st->band = AGREE_UNDEFINED;
		return 0;
	}
	st->kappa = (double)num / (double)den;
	se = sqrt(agree_variance(t, nd, st->kappa, st->expected));
	st->kappa_se = se;
	st->kappa_low = fmax(st->kappa - AGREE_Z975 * se, -1.0);
	st->kappa_high = fmin(st->kappa + AGREE_Z975 * se, 1.0);
	st->band = agree_band_of(num, den);
	return 0;
}

const char *
agree_band_name(enum agree_band b)
{
	static const char *const names[] = {
		"undefined", "poor", "slight", "fair", "moderate",
		"substantial", "almost perfect",
	};

	if ((unsigned)b >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[b];
}
