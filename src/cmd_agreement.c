/*
 * scopekit agreement: how well each pair of reviewers agreed at a stage
 * (or on its pilot sample): the 2x2 table, percent agreement, Cohen's
 * kappa with its 95% interval, PABAK, prevalence and bias indices.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "agreement_rows.h"
#include "screen.h"
#include "banned.h"

static int
agreement_print(struct cli_ctx *ctx, enum stage stage, int pilot,
		enum output_format fmt, struct sk_err *err)
{
	struct screen_state ss;
	struct screen_pair *pairs;
	struct output *o;
	size_t n;
	int rc;

	if (screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	rc = screen_pairs(ctx->st, &ss, stage, pilot, &pairs, &n, err);
	if (rc == 0) {
		o = output_new(ctx->out, fmt, agreement_columns,
			       pilot ? AC_COUNT : AC_COUNT - 1);
		for (size_t i = 0; i < n; i++) {
			struct agreement_row row;

			agreement_row_fill(&row, &pairs[i], pilot,
					   ss.set.pilot_pass);
			output_row(o, row.cells);
		}
		if (output_finish(o) < 0)
			rc = sk_fail(err, SK_E_IO, "stdout", 0,
				     "cannot write the output");
	}
	if (rc == 0 && !n && !sk_is_quiet())
		fprintf(stderr, "scopekit: agreement: no two reviewers have "
			"judged the same %srecords at %s yet\n",
			pilot ? "pilot " : "", stage_label(stage));
	screen_pairs_release(pairs, n);
	screen_state_release(&ss);
	return rc;
}

static int
agreement_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "pilot", no_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	enum stage stage = STAGE_TA;
	int c, pilot = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 's') {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
		} else if (c == 'p') {
			pilot = 1;
		} else if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	return agreement_print(ctx, stage, pilot, fmt, err);
}

const struct command cmd_agreement = {
	.name = "agreement",
	.summary = "Inter-rater agreement: percent, Cohen's kappa, PABAK",
	.usage = "scopekit agreement [--stage ta|ft] [--pilot] [options]",
	.help =
	"For each pair of reviewers, the records both judged at the stage\n"
	"(a maybe counts as include: a vote to look further), as a 2x2 table:\n"
	"both include, only the first includes, only the second includes, both\n"
	"exclude. Then:\n"
	"  agreement    the share of records judged alike\n"
	"  kappa        Cohen's kappa: agreement beyond chance, with its 95%\n"
	"               confidence interval (kappa_low to kappa_high; standard\n"
	"               error of Fleiss, Cohen and Everitt 1969)\n"
	"  pabak        prevalence- and bias-adjusted kappa, 2 x agreement - 1\n"
	"  prevalence   (both include - both exclude) / records; far from 0\n"
	"               when one verdict dominates, which lowers kappa\n"
	"  bias         (first only - second only) / records; far from 0 when\n"
	"               one reviewer includes more readily (Byrt, Bishop and\n"
	"               Carlin 1993)\n"
	"  band         Landis and Koch (1977): poor (below 0), slight (to\n"
	"               0.20), fair (to 0.40), moderate (to 0.60), substantial\n"
	"               (to 0.80), almost perfect; undefined when both\n"
	"               reviewers gave every record the same verdict\n\n"
	"The pilot sample (scopekit sample) is measured apart: --pilot measures\n"
	"it alone, with pass or fail against the pass mark (scopekit settings\n"
	"pilot-pass, 75% by default); without --pilot it is left out.\n\n"
	"Options:\n"
	"  --stage ta|ft                 title and abstract (default) or full text\n"
	"  --pilot                       the pilot sample only\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = agreement_run,
};
