/*
 * agreement_rows: a pair of reviewers' agreement as the cells of a row,
 * the same for 'scopekit agreement' and the report.
 */
#include "agreement_rows.h"

#include <math.h>
#include <stdio.h>

#include "banned.h"

const struct output_column agreement_columns[AC_COUNT] = {
	{ "first", 0, 0 }, { "second", 0, 0 }, { "records", 1, 0 },
	{ "both_include", 1, 0 }, { "first_only", 1, 0 },
	{ "second_only", 1, 0 }, { "both_exclude", 1, 0 },
	{ "agreement", 1, 0 }, { "kappa", 1, 0 }, { "kappa_low", 1, 0 },
	{ "kappa_high", 1, 0 }, { "pabak", 1, 0 }, { "prevalence", 1, 0 },
	{ "bias", 1, 0 }, { "band", 0, 0 }, { "pilot_pass", 0, 0 },
};

static void
number(char *buf, size_t size, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, size, "%.3f", v);
}

void
agreement_row_fill(struct agreement_row *row, const struct screen_pair *p,
		   int pilot, double pass)
{
	struct agree_stats *a = &row->stats;
	char (*num)[32] = row->num;

	agree_compute(&p->t, a);
	snprintf(num[AC_N], 32, "%ld", a->n);
	snprintf(num[AC_II], 32, "%ld", p->t.both_include);
	snprintf(num[AC_IE], 32, "%ld", p->t.first_only);
	snprintf(num[AC_EI], 32, "%ld", p->t.second_only);
	snprintf(num[AC_EE], 32, "%ld", p->t.both_exclude);
	number(num[AC_PERCENT], 32, a->percent);
	number(num[AC_KAPPA], 32, a->kappa);
	number(num[AC_LOW], 32, a->kappa_low);
	number(num[AC_HIGH], 32, a->kappa_high);
	number(num[AC_PABAK], 32, a->pabak);
	number(num[AC_PREVALENCE], 32, a->prevalence_index);
	number(num[AC_BIAS], 32, a->bias_index);
	for (int i = 0; i < AC_COUNT; i++)
		row->cells[i] = num[i];
	row->cells[AC_FIRST] = p->first;
	row->cells[AC_SECOND] = p->second;
	row->cells[AC_BAND] = agree_band_name(a->band);
	row->cells[AC_PASS] = !pilot ? NULL :
			      a->percent >= pass ? "pass" : "fail";
}
