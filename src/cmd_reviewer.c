/* scopekit reviewer: the people who screen and chart, by name. */
#include "cli.h"

#include <string.h>

#include "screen.h"
#include "banned.h"

static int
reviewer_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "reviewer", 0, 0 }, { "ta", 1, 0 }, { "ft", 1, 0 },
		{ "settled", 1, 0 }, { "added", 0, 0 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT v.name, (SELECT count(*) FROM decision_current "
			  "WHERE reviewer = v.name AND stage = 'ta'), "
			  "(SELECT count(*) FROM decision_current WHERE "
			  "reviewer = v.name AND stage = 'ft'), "
			  "(SELECT count(*) FROM resolution_current WHERE "
			  "resolver = v.name), v.created_at FROM reviewer v "
			  "ORDER BY v.created_at, v.name", err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, 5, s, err);
}

static int
reviewer_remove(struct store *st, const char *name, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (screen_reviewer_check(st, name, err) < 0 ||
	    store_prepare(st, &s, "SELECT (SELECT count(*) FROM decision "
			  "WHERE reviewer = ?1) + (SELECT count(*) FROM "
			  "resolution WHERE resolver = ?1) + (SELECT count(*) "
			  "FROM retrieval WHERE reviewer = ?1) + (SELECT "
			  "count(*) FROM extraction WHERE extractor = ?1) + "
			  "(SELECT count(*) FROM consensus WHERE agreed_by = "
			  "?1)", err) < 0)
		return -1;
	store_bind_text(s, 1, name);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
		sk_fail(err, SK_E_CONFLICT, NULL, 0, "%s has %lld judgements "
			"in the store (screening or charting); a reviewer with "
			"work stays", name,
			sqlite3_column_int64(s, 0));
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_ROW)
		return store_fail(st, err, "reading judgements");
	if (store_prepare(st, &s, "DELETE FROM reviewer WHERE name = ?",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, name);
	row = sqlite3_step(s);
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "removing");
}

static int
reviewer_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *verb;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	verb = optind < argc ? argv[optind++] : "list";
	if (!strcmp(verb, "list")) {
		if (optind < argc)
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "unexpected argument '%s'", argv[optind]);
		return reviewer_list(ctx, fmt, err);
	}
	if (strcmp(verb, "add") && strcmp(verb, "remove"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown reviewer "
			       "command '%s' (add, list, remove)", verb);
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "name the reviewers to %s", verb);
	if (cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		int rc = !strcmp(verb, "add") ?
			 screen_reviewer_add(ctx->st, argv[i], err) :
			 reviewer_remove(ctx->st, argv[i], err);

		if (rc < 0)
			return -1;
	}
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: reviewer: %s %d reviewer%s\n",
			!strcmp(verb, "add") ? "added" : "removed",
			argc - optind, argc - optind == 1 ? "" : "s");
	return 0;
}

const struct command cmd_reviewer = {
	.name = "reviewer",
	.summary = "Add and list the review's reviewers",
	.usage = "scopekit reviewer [add|list|remove] [NAME...] [options]",
	.help =
	"Everyone who screens, settles conflicts or charts data is a reviewer of\n"
	"the review, known by a short name (initials will do). Their judgements\n"
	"are kept under that name.\n\n"
	"  scopekit reviewer add NAME...      add reviewers\n"
	"  scopekit reviewer [list]           the reviewers and their judgements\n"
	"                                     that count, per stage\n"
	"  scopekit reviewer remove NAME...   remove reviewers who have no\n"
	"                                     judgement in the store\n\n"
	"Options:\n"
	"  --format table|csv|tsv|json   how to list (default table)\n\n"
	"Example:\n"
	"  scopekit reviewer add AD CF   (then: export SCOPEKIT_REVIEWER=AD)\n",
	.run = reviewer_run,
};
