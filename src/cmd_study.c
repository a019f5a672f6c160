/*
 * scopekit study: group the included reports into studies (a trial and
 * its economic evaluation, say), which are charted together.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "screen.h"
#include "xalloc.h"
#include "banned.h"

/* "Hill 2011" for a report: first author's family name and year. */
#define CITATION(r) \
	"coalesce((SELECT coalesce(family, name) FROM author WHERE " \
	"record_id = " r " ORDER BY position LIMIT 1), '?') || ' ' || " \
	"coalesce((SELECT year FROM record WHERE id = " r "), '')"

static int
study_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "study", 0, 40 }, { "reports", 1, 0 }, { "records", 0, 0 },
		{ "cited as", 0, 60 }, { "units", 0, 40 }, { "forced", 1, 0 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT s.name, (SELECT count(*) FROM "
			  "study_report_current c WHERE c.study_id = s.id), "
			  "(SELECT group_concat(record_id, '; ') FROM (SELECT "
			  "record_id FROM study_report_current c WHERE "
			  "c.study_id = s.id ORDER BY record_id)), "
			  "(SELECT group_concat(cited, '; ') FROM (SELECT "
			  CITATION("c.record_id") " AS cited FROM "
			  "study_report_current c WHERE c.study_id = s.id "
			  "ORDER BY c.record_id)), "
			  "(SELECT group_concat(name, '; ') FROM (SELECT u.name "
			  "FROM unit_study_current us JOIN unit u ON u.id = "
			  "us.unit_id WHERE us.study_id = s.id ORDER BY u.id)), "
			  "(SELECT count(*) FROM study_report_current c WHERE "
			  "c.study_id = s.id AND c.basis = 'forced') "
			  "FROM study s ORDER BY s.id", err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, sizeof(cols) / sizeof(*cols), s, err);
}

static int
parse_records(int argc, char **argv, long long **ids, size_t *n,
	      struct sk_err *err)
{
	*ids = xcalloc((size_t)argc + 1, sizeof(**ids));
	*n = 0;
	for (int i = 0; i < argc; i++) {
		long v;

		if (cli_parse_long("a record id", argv[i], 1, &v, err) < 0) {
			free(*ids);
			return -1;
		}
		(*ids)[(*n)++] = v;
	}
	return 0;
}

static int
study_change(struct cli_ctx *ctx, int add, const char *name, int argc,
	     char **argv, int force, const char *who, struct sk_err *err)
{
	long long *ids;
	size_t n;
	int rc;

	if (!argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the study's name "
			       "and the record ids of its reports");
	if (parse_records(argc, argv, &ids, &n, err) < 0)
		return -1;
	rc = cli_store(ctx, STORE_WRITE, err);
	if (rc == 0 && who)
		rc = screen_reviewer_check(ctx->st, who, err);
	if (rc == 0)
		rc = add ? extract_study_add(ctx->st, name, ids, n, force, who,
					     err) :
		     extract_study_remove(ctx->st, name, ids, n, who, err);
	free(ids);
	return rc;
}

static int
study_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "force", no_argument, NULL, 'F' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *verb, *who = NULL;
	int c, force = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (c == 'F') {
			force = 1;
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
		return study_list(ctx, fmt, err);
	}
	if (strcmp(verb, "add") && strcmp(verb, "remove"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown study command "
			       "'%s' (add, remove, list)", verb);
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the study's name "
			       "and the record ids of its reports");
	return study_change(ctx, !strcmp(verb, "add"), argv[optind],
			    argc - optind - 1, argv + optind + 1, force,
			    cli_reviewer(who), err);
}

const struct command cmd_study = {
	.name = "study",
	.summary = "Group the included reports into studies",
	.usage = "scopekit study [add|remove|list] [NAME RECORD...] [options]",
	.help =
	"A study is one piece of research, told in one or more reports: a trial\n"
	"and its economic evaluation, say. Its reports are charted together\n"
	"where the form asks for a value per study. A report belongs to one\n"
	"study; a study may belong to several charting units (scopekit unit).\n\n"
	"  scopekit study add NAME RECORD...      add reports (record ids) to a\n"
	"                                         study, made if it is new\n"
	"  scopekit study remove NAME RECORD...   take reports out of a study\n"
	"  scopekit study [list]                  the studies and their reports\n\n"
	"Only reports included at full text can be added. --force adds any\n"
	"record: a report charted without a screening record in this store\n"
	"(screened elsewhere, say); the list counts them as 'forced'.\n\n"
	"Options:\n"
	"  --force                      add records not included at full text\n"
	"  --reviewer NAME              who makes the change (noted with it)\n"
	"  --format table|csv|tsv|json  how to list (default table)\n\n"
	"Example:\n"
	"  scopekit study add 'STarT Back trial' 1 5\n",
	.run = study_run,
};
