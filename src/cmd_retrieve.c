/*
 * scopekit retrieve: the full texts sought (every report included at
 * title and abstract) and those that could not be retrieved, with why.
 */
#include "cli.h"

#include <string.h>

#include "screen.h"
#include "banned.h"

static int
retrieve_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "record", 1, 0 }, { "status", 0, 0 }, { "reason", 0, 30 },
		{ "who", 0, 0 }, { "noted", 0, 0 }, { "year", 1, 0 },
		{ "title", 0, 50 },
	};
	struct screen_state ss;
	struct output *o;
	sqlite3_stmt *s;
	int rc = 0;

	if (screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	if (store_prepare(ctx->st, &s, "SELECT replace(t.status, '_', ' '), "
			  "t.reason, t.reviewer, t.noted_at, r.year, r.title "
			  "FROM record r LEFT JOIN (SELECT * FROM retrieval "
			  "WHERE record_id IN " SCREEN_UNIT_MEMBERS " ORDER BY "
			  STORE_NEWEST("", "noted_at") " LIMIT 1) t "
			  "WHERE r.id = ?1",
			  err) < 0) {
		screen_state_release(&ss);
		return -1;
	}
	o = output_new(ctx->out, fmt, cols, 7);
	for (size_t i = 0; i < ss.n && rc == 0; i++) {
		const struct unit_state *u = &ss.units[i];
		const char *cells[7];
		char id[32];

		if (!unit_sought(u))
			continue;
		sqlite3_bind_int64(s, 1, u->unit);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = store_fail(ctx->st, err, "reading a record");
			break;
		}
		snprintf(id, sizeof(id), "%lld", u->unit);
		cells[0] = id;
		for (int c = 1; c < 7; c++)
			cells[c] = (const char *)sqlite3_column_text(s, c - 1);
		if (!cells[1])
			cells[1] = "sought";
		output_row(o, cells);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	screen_state_release(&ss);
	return rc;
}

static int
retrieve_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "retrieved", no_argument, NULL, 'y' },
		{ "not-retrieved", no_argument, NULL, 'n' },
		{ "reason", required_argument, NULL, 'w' },
		{ "reviewer", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_settings set;
	enum output_format fmt = OUTPUT_TABLE;
	const char *reason = NULL, *reviewer = NULL;
	int c, status = -1;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'y' || c == 'n') {
			if (status >= 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0, "give "
					       "--retrieved or --not-retrieved, "
					       "not both");
			status = c == 'y';
		} else if (c == 'w') {
			reason = optarg;
		} else if (c == 'r') {
			reviewer = optarg;
		} else if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind == argc && status < 0)
		return cli_store(ctx, STORE_READ, err) < 0 ? -1 :
		       retrieve_list(ctx, fmt, err);
	if (optind == argc || status < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the records and "
			       "--retrieved or --not-retrieved --reason WHY");
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    screen_settings_load(ctx->st, &set, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		long id;

		if (cli_parse_long("the record id", argv[i], 1, &id, err) < 0 ||
		    screen_retrieval(ctx->st, &set, id, status, reason,
				     cli_reviewer(reviewer), err) < 0)
			return -1;
	}
	return 0;
}

const struct command cmd_retrieve = {
	.name = "retrieve",
	.summary = "Full texts sought and not retrieved",
	.usage = "scopekit retrieve [RECORD... --retrieved|--not-retrieved] "
		 "[options]",
	.help =
	"Every report included at title and abstract, and every report found\n"
	"by other methods (handsearching, websites, citations), is sought.\n"
	"Mark those whose full text could not be had, with why: PRISMA reports\n"
	"them, and they leave the full-text queue. Mark one retrieved again\n"
	"if it turns up.\n\n"
	"  scopekit retrieve                  the reports sought and their status\n"
	"  scopekit retrieve RECORD... --not-retrieved --reason WHY\n"
	"  scopekit retrieve RECORD... --retrieved [--reason WHERE]\n\n"
	"Options:\n"
	"  --reason TEXT                 why not retrieved (needed), or where\n"
	"                                the full text is\n"
	"  --reviewer NAME               who noted it (default:\n"
	"                                $SCOPEKIT_REVIEWER)\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = retrieve_run,
};
