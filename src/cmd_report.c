/*
 * scopekit report: the review's results in one folder, an HTML page and
 * its Markdown twin with every table as CSV and every figure as SVG.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"
#include "xalloc.h"
#include "banned.h"

#define TABLES_MAX 32

/* Today, or the day SOURCE_DATE_EPOCH says, so a report can be rebuilt
 * byte for byte. */
static void
report_date(char out[16])
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t = epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) :
		   time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static const char *
file_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
report_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "level", required_argument, NULL, 'l' },
		{ "table", required_argument, NULL, 't' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char *const default_tables[] = {
		"studies_table1", "units_table2",
	};
	const char *tables[TABLES_MAX];
	struct report_options o = { NULL, -1, NULL, 0, NULL, NULL };
	struct report_summary sum;
	enum chart_level level;
	char date[16];
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'o') {
			o.dir = optarg;
		} else if (c == 'l') {
			if (chart_level_parse(optarg, &level) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			o.level = (int)level;
		} else if (c == 't') {
			if (o.ntables == TABLES_MAX)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "at most %d --table options",
					       TABLES_MAX);
			tables[o.ntables++] = optarg;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!o.dir || !*o.dir)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the folder to "
			       "write with --out DIR, as 'scopekit report --out "
			       "results'");
	o.tables = o.ntables ? tables : default_tables;
	if (!o.ntables)
		o.ntables = sizeof(default_tables) / sizeof(*default_tables);
	report_date(date);
	o.date = date;
	o.store_name = file_name(store_default_path(ctx->db_option));
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    report_write(ctx->st, &o, &sum, err) < 0)
		return -1;
	if (!sk_is_quiet())
		fprintf(stderr, "Report written to %s/report.html and "
			"report.md: %zu table%s, %zu figure%s, %zu files in "
			"all\n", o.dir, sum.tables, sum.tables == 1 ? "" : "s",
			sum.figures, sum.figures == 1 ? "" : "s", sum.files);
	return 0;
}

const struct command cmd_report = {
	.name = "report",
	.summary = "The results in one folder: an HTML page, Markdown, CSV, SVG",
	.usage = "scopekit report --out DIR [--level report|study|unit] "
		 "[--table QUERY]...",
	.help =
	"Writes the review's results into the folder DIR, counted from the\n"
	"store as it is now:\n"
	"  report.html     one page that needs nothing beside it (open it in a\n"
	"                  browser, print it, or send it)\n"
	"  report.md       the same page in Markdown, showing the files below\n"
	"  prisma.svg      the PRISMA 2020 flow diagram; prisma.csv its counts,\n"
	"                  prisma2020.csv the same for the PRISMA2020 app\n"
	"  agreement.csv   screening agreement of each pair of reviewers\n"
	"  QUERY.csv       each table of the included studies\n"
	"  freq-FIELD.csv  each frequency table of the charting form (every\n"
	"  freq-FIELD.svg  field with choices) and its bar chart\n\n"
	"Nothing is written unless everything can be counted: a PRISMA flow\n"
	"that does not add up yet (records still awaiting a decision, say) is\n"
	"refused with what to do, as 'scopekit prisma' does. Frequency tables\n"
	"need the charting form and agreed values; until then the page says\n"
	"so. DIR is made if it does not exist; it may hold an earlier report,\n"
	"whose files are replaced, but no other files. The store is only read.\n\n"
	"Options:\n"
	"  --out DIR       the folder to write (required)\n"
	"  --level L       what the frequency tables count: unit, study or\n"
	"                  report (default: units when the review has some,\n"
	"                  else studies)\n"
	"  --table QUERY   a table of the included studies: a query of\n"
	"                  'scopekit query --list' or an SQL file; give it\n"
	"                  again for more (default: studies_table1 and\n"
	"                  units_table2, the worked example's Tables 1 and 2)\n\n"
	"SOURCE_DATE_EPOCH, when set, is the date the page gives.\n\n"
	"Examples:\n"
	"  scopekit report --out results\n"
	"  scopekit report --out results --level study --table my_table.sql\n",
	.run = report_run,
};
