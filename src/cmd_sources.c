/* scopekit sources: the searches in the store and their record counts. */
#include "cli.h"

#include <string.h>

#include "output.h"
#include "banned.h"

static int
sources_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "source", 0, 30 }, { "kind", 0, 0 },
		{ "searched", 0, 0 }, { "files", 1, 0 }, { "records", 1, 0 },
		{ "skipped", 1, 0 }, { "deleted", 1, 0 }, { "query", 0, 40 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	sqlite3_stmt *s;
	struct output *o;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (output_format_parse(optarg, &fmt) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--format is table, csv, tsv "
					       "or json, not '%s'", optarg);
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT s.id, s.name, s.kind, s.searched_on, "
			  "count(f.id), coalesce(sum(f.records), 0), "
			  "coalesce(sum(f.skipped), 0), "
			  "coalesce(sum(f.deleted), 0), s.query "
			  "FROM source s LEFT JOIN source_file f "
			  "ON f.source_id = s.id GROUP BY s.id ORDER BY s.id",
			  err) < 0)
		return -1;
	o = output_new(ctx->out, fmt, cols, 9);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[9];

		for (int i = 0; i < 9; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i);
		output_row(o, cells);
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	if (rc != SQLITE_DONE)
		return store_fail(ctx->st, err, "cannot list the sources");
	return 0;
}

const struct command cmd_sources = {
	.name = "sources",
	.summary = "List the searches (sources) and their record counts",
	.usage = "scopekit sources [--format table|csv|tsv|json]",
	.help =
	"One line per source: how many files and records were imported from\n"
	"it, records skipped as unreadable (--skip-bad), PubMed citations\n"
	"marked deleted, and the search date and query when they were given.\n",
	.run = sources_run,
};
