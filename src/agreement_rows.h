/*
 * agreement_rows: a pair of reviewers' agreement as the cells of a row,
 * the same for 'scopekit agreement' and the report.
 */
#ifndef SK_AGREEMENT_ROWS_H
#define SK_AGREEMENT_ROWS_H

#include "agreement.h"
#include "output.h"
#include "screen.h"

enum agreement_col {
	AC_FIRST, AC_SECOND, AC_N, AC_II, AC_IE, AC_EI, AC_EE, AC_PERCENT,
	AC_KAPPA, AC_LOW, AC_HIGH, AC_PABAK, AC_PREVALENCE, AC_BIAS, AC_BAND,
	AC_PASS, AC_COUNT
};

/* first, second, records, both_include ... band, pilot_pass. */
extern const struct output_column agreement_columns[AC_COUNT];

struct agreement_row {
	struct agree_stats stats;
	char num[AC_COUNT][32];
	const char *cells[AC_COUNT];	/* point into num and the pair */
};

/*
 * Fill row from p: counts, statistics to three decimals (empty when
 * undefined), the band, and for a pilot pass or fail against pass (a
 * share of agreement); cells point into row and p.
 */
void agreement_row_fill(struct agreement_row *row, const struct screen_pair *p,
			int pilot, double pass);

#endif
