/*
 * agreement: how well two screening reviewers agree, from the 2x2 table of
 * their include/exclude verdicts on the same records. Pure arithmetic: no
 * store, no output, no state.
 */
#ifndef SK_AGREEMENT_H
#define SK_AGREEMENT_H

/*
 * A table with more records than this is refused: the exact integer
 * arithmetic of agree_compute() needs 5 n^2 to fit in 64 bits.
 */
#define AGREE_MAX_N 1000000000L

/* A 2x2 table of two reviewers' verdicts on the same records. */
struct agree_table {
	long both_include;	/* a: both include */
	long first_only;	/* b: first includes, second excludes */
	long second_only;	/* c: first excludes, second includes */
	long both_exclude;	/* d: both exclude */
};

/*
 * Landis & Koch (1977) strength of agreement for a kappa. Each band holds
 * its upper bound, and the gaps of the published table (0.20-0.21...) go
 * to the band above:
 *
 *	kappa < 0		poor
 *	0 <= kappa <= 0.20	slight
 *	0.20 < kappa <= 0.40	fair		(0.205 is fair)
 *	0.40 < kappa <= 0.60	moderate
 *	0.60 < kappa <= 0.80	substantial
 *	0.80 < kappa <= 1	almost perfect
 *
 * AGREE_UNDEFINED is for a kappa that does not exist (NAN): it is no
 * strength of agreement, and it sorts below every real band, so a test
 * such as band >= AGREE_MODERATE never passes for it.
 */
enum agree_band {
	AGREE_UNDEFINED,
	AGREE_POOR,
	AGREE_SLIGHT,
	AGREE_FAIR,
	AGREE_MODERATE,
	AGREE_SUBSTANTIAL,
	AGREE_ALMOST_PERFECT,
};

struct agree_stats {
	long n;			/* records both reviewers judged */
	double percent;		/* observed agreement po = (a + d) / n */
	double expected;	/* chance agreement pe, from the margins */
	/*
	 * Cohen's kappa (po - pe) / (1 - pe); NAN when pe == 1, which happens
	 * only when both reviewers put every record in the same class.
	 */
	double kappa;
	/*
	 * Large-sample standard error of kappa not assuming kappa = 0
	 * (Fleiss, Cohen & Everitt 1969), and the 95% Wald interval
	 * kappa -+ 1.959964 SE clipped to [-1, 1]. All three NAN when kappa
	 * is. When kappa is 1 or -1 the SE is 0 and the interval is kappa.
	 */
	double kappa_se;
	double kappa_low, kappa_high;
	/*
	 * Byrt, Bishop & Carlin (1993): PABAK = 2 po - 1, the kappa of a table
	 * with balanced margins and the same po; prevalence index (a - d) / n,
	 * > 0 when agreed inclusions outnumber agreed exclusions; bias index
	 * (b - c) / n, > 0 when the first reviewer includes more often. Both
	 * indices are signed and lie in [-1, 1].
	 */
	double pabak;
	double prevalence_index;
	double bias_index;
	enum agree_band band;	/* of kappa; AGREE_UNDEFINED when it is NAN */
};

/*
 * Fills st from t. Returns 0, or -1 without touching st when the table is
 * empty (no record judged by both reviewers), has a negative cell, or
 * holds more than AGREE_MAX_N records.
 */
int agree_compute(const struct agree_table *t, struct agree_stats *st);

/*
 * "undefined", "poor", "slight", "fair", "moderate", "substantial",
 * "almost perfect"; NULL for a value outside the enum.
 */
const char *agree_band_name(enum agree_band b);

#endif
