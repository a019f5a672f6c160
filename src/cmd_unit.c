/*
 * scopekit unit: the charting units (a model of care, an intervention):
 * what the review's tables give one row for, each made of studies.
 */
#include "cli.h"

#include <string.h>

#include "extract.h"
#include "screen.h"
#include "banned.h"

static int
unit_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "unit", 0, 40 }, { "studies", 1, 0 }, { "reports", 1, 0 },
		{ "study names", 0, 80 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT u.name, (SELECT count(*) FROM "
			  "unit_study_current us WHERE us.unit_id = u.id), "
			  "(SELECT count(*) FROM unit_member m WHERE "
			  "m.unit_id = u.id AND m.level = 'report'), "
			  "(SELECT group_concat(name, '; ') FROM (SELECT s.name "
			  "FROM unit_study_current us JOIN study s ON s.id = "
			  "us.study_id WHERE us.unit_id = u.id ORDER BY s.id)) "
			  "FROM unit u ORDER BY u.id", err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, sizeof(cols) / sizeof(*cols), s, err);
}

static int
unit_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *verb, *who = NULL;
	const char *const *studies;
	int c, add;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (c == 'r') {
			who = optarg;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	verb = optind < argc ? argv[optind++] : "list";
	if (!strcmp(verb, "list")) {
		if (optind < argc)
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "unexpected argument '%s'", argv[optind]);
		return unit_list(ctx, fmt, err);
	}
	if (strcmp(verb, "add") && strcmp(verb, "remove"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown unit command "
			       "'%s' (add, remove, list)", verb);
	if (argc - optind < 2)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the unit's name "
			       "and the names of its studies");
	add = !strcmp(verb, "add");
	who = cli_reviewer(who);
	studies = (const char *const *)argv + optind + 1;
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    (who && screen_reviewer_check(ctx->st, who, err) < 0))
		return -1;
	return add ? extract_unit_add(ctx->st, argv[optind], studies,
				      (size_t)(argc - optind - 1), who, err) :
	       extract_unit_remove(ctx->st, argv[optind], studies,
				   (size_t)(argc - optind - 1), who, err);
}

const struct command cmd_unit = {
	.name = "unit",
	.summary = "Charting units (a model of care, say) made of studies",
	.usage = "scopekit unit [add|remove|list] [NAME STUDY...] [options]",
	.help =
	"A charting unit is what the review's tables give one row for: a model\n"
	"of care, an intervention, a programme. It is made of the studies that\n"
	"describe it; where the form asks for a value per unit, the unit is\n"
	"charted once for all of them.\n\n"
	"  scopekit unit add NAME STUDY...      add studies to a unit, made if\n"
	"                                       it is new\n"
	"  scopekit unit remove NAME STUDY...   take studies out of a unit\n"
	"  scopekit unit [list]                 the units and their studies\n\n"
	"Options:\n"
	"  --reviewer NAME              who makes the change (noted with it)\n"
	"  --format table|csv|tsv|json  how to list (default table)\n\n"
	"Example:\n"
	"  scopekit unit add 'STarT Back' 'STarT Back trial' 'IMPaCT Back'\n",
	.run = unit_run,
};
