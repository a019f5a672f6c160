/*
 * scopekit freq: how many models of care (or studies, or reports) have
 * each value of a charted field, from the consensus: a table, Markdown
 * with its notes, CSV, JSON, or a bar chart in SVG; --by cross-tabulates.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "freq.h"
#include "freq_write.h"
#include "query.h"
#include "banned.h"

struct freq_opts {
	const char *by;
	enum chart_level level;
	enum freq_format fmt;
	int others;
};

static int
freq_run_cmd(struct cli_ctx *ctx, const char *field,
	     const struct freq_opts *o, struct sk_err *err)
{
	struct freq f;
	int rc;

	if (o->others && (o->by || o->fmt == FF_SVG))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--others lists the "
			       "texts of Other: without --by, and as a table, "
			       "CSV, TSV or JSON");
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    query_read_only(ctx->st, err) < 0)
		return -1;
	rc = freq_count(ctx->st, field, o->by, o->level, &f, err);
	if (rc == 0 && (freq_write(ctx->out, &f, o->fmt, o->others) < 0 ||
			fflush(ctx->out) != 0 || ferror(ctx->out)))
		rc = sk_fail(err, SK_E_IO, "stdout", 0,
			     "cannot write the output");
	freq_release(&f);
	return rc;
}

static int
freq_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "level", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "others", no_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct freq_opts o = { NULL, LEVEL_UNIT, FF_TABLE, 0 };
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			o.by = optarg;
			break;
		case 'o':
			o.others = 1;
			break;
		case 'l':
			if (chart_level_parse(optarg, &o.level) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			break;
		case 'f':
			if (freq_format_parse(optarg, &o.fmt, err) < 0)
				return -1;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the field to "
			       "count, as 'scopekit freq countries' ('scopekit "
			       "form' lists the fields)");
	if (optind + 1 < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unexpected argument "
			       "'%s': one field at a time (--by FIELD for a "
			       "second)", argv[optind + 1]);
	return freq_run_cmd(ctx, argv[optind], &o, err);
}

const struct command cmd_freq = {
	.name = "freq",
	.summary = "Frequency tables and bar charts of a charted field",
	.usage = "scopekit freq FIELD [--by FIELD2] [--level report|study|unit] "
		 "[--format FORMAT]",
	.help =
	"Counts how many units (models of care, say), studies or reports have\n"
	"each value of a field of the charting form, from the consensus of the\n"
	"extractors, with the percentage of all of them (n = 11 models of\n"
	"care). Every choice on the form is a row, in the form's order, even\n"
	"with 0; 'not reported' and 'unclear' are rows too, and so are units\n"
	"still awaiting consensus or not charted. A multiple choice counts a\n"
	"unit once for each value it has, so its percentages add up to more\n"
	"than 100 (a note says so). A field charted per study or per report,\n"
	"counted per unit, gives each unit the values of all its studies and\n"
	"their reports. Every 'Other: text' counts under Other; a note lists\n"
	"the texts.\n\n"
	"The counting is the SQL of queries/freq.sql, freq_by.sql and\n"
	"freq_others.sql: 'scopekit query freq --param field=F --param\n"
	"level=unit' gives the same numbers.\n\n"
	"Options:\n"
	"  --by FIELD2    a cross-tabulation: FIELD's values in rows, FIELD2's\n"
	"                 in columns, each cell the units that have both\n"
	"  --level L      what is counted: unit (default), study or report\n"
	"  --format F     table (default), md (Markdown with its notes), csv,\n"
	"                 tsv, json, or svg (a horizontal bar chart)\n"
	"  --others       list the texts written after 'Other:', with counts\n\n"
	"Examples:\n"
	"  scopekit freq countries\n"
	"  scopekit freq type_of_care --format md\n"
	"  scopekit freq professionals --format svg > professionals.svg\n"
	"  scopekit freq design --level report\n"
	"  scopekit freq type_of_care --by countries\n",
	.run = freq_cmd,
};
