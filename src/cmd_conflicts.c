/*
 * scopekit conflicts and scopekit resolve: the records two reviewers
 * judged differently, and their settlement by a third reviewer or by
 * consensus.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "screen.h"
#include "xalloc.h"
#include "banned.h"

/* ---- scopekit conflicts ---- */

enum { C_RECORD, C_YEAR, C_TITLE, C_JUDGEMENTS, C_SETTLED, NCOLS };

/* "AD: include; CF: exclude (Wrong population) - note" for one unit. */
static int
judgements_text(struct store *st, sqlite3_stmt *s, long long unit,
		struct buf *b, struct sk_err *err)
{
	int row;

	buf_reset(b);
	sqlite3_bind_int64(s, 1, unit);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(s, 2);
		const char *note = (const char *)sqlite3_column_text(s, 3);

		buf_addf(b, "%s%s: %s", b->len ? "; " : "",
			 sqlite3_column_text(s, 0), sqlite3_column_text(s, 1));
		if (reason)
			buf_addf(b, " (%s)", reason);
		if (note)
			buf_addf(b, " \"%s\"", note);
	}
	sqlite3_reset(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading judgements");
}

static int
conflict_row(struct cli_ctx *ctx, struct output *o, sqlite3_stmt *rec,
	     sqlite3_stmt *votes, const struct unit_state *u, enum stage stage,
	     struct sk_err *err)
{
	const char *cells[NCOLS];
	struct buf b = BUF_INIT, settled = BUF_INIT;
	char id[32];
	int rc;

	snprintf(id, sizeof(id), "%lld", u->unit);
	if (judgements_text(ctx->st, votes, u->unit, &b, err) < 0) {
		buf_release(&b);
		return -1;
	}
	if (u->out[stage].state == OUTCOME_RESOLVED)
		buf_addf(&settled, "%s%s%s%s", verdict_name(u->out[stage].final),
			 u->out[stage].reason ? " (" : "",
			 u->out[stage].reason ? u->out[stage].reason : "",
			 u->out[stage].reason ? ")" : "");
	sqlite3_bind_int64(rec, 1, u->unit);
	rc = sqlite3_step(rec);
	cells[C_RECORD] = id;
	cells[C_YEAR] = rc == SQLITE_ROW ?
			(const char *)sqlite3_column_text(rec, 0) : NULL;
	cells[C_TITLE] = rc == SQLITE_ROW ?
			 (const char *)sqlite3_column_text(rec, 1) : NULL;
	cells[C_JUDGEMENTS] = b.data;
	cells[C_SETTLED] = settled.data;
	output_row(o, cells);
	sqlite3_reset(rec);
	buf_release(&b);
	buf_release(&settled);
	return rc == SQLITE_ROW ? 0 : store_fail(ctx->st, err, "reading a record");
}

static int
list_conflicts(struct cli_ctx *ctx, enum stage stage, int all,
	       enum output_format fmt, long *count, struct sk_err *err)
{
	static const struct output_column cols[NCOLS] = {
		{ "record", 1, 0 }, { "year", 1, 0 }, { "title", 0, 50 },
		{ "judgements", 0, 0 }, { "settled", 0, 0 },
	};
	struct screen_state ss;
	sqlite3_stmt *rec = NULL, *votes = NULL;
	struct output *o = NULL;
	int rc = -1;

	*count = 0;
	if (screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	if (store_prepare(ctx->st, &rec, "SELECT year, title FROM record "
			  "WHERE id = ?", err) < 0 ||
	    store_prepare(ctx->st, &votes, SCREEN_UNIT_VOTES_SQL, err) < 0)
		goto done;
	store_bind_text(votes, 2, stage_name(stage));
	o = output_new(ctx->out, fmt, cols, all ? NCOLS : NCOLS - 1);
	rc = 0;
	for (size_t i = 0; i < ss.n && rc == 0; i++) {
		const struct unit_state *u = &ss.units[i];
		enum outcome_state state = u->out[stage].state;

		if (!unit_at_stage(u, stage) || !(state == OUTCOME_CONFLICT ||
		    (all && state == OUTCOME_RESOLVED)))
			continue;
		rc = conflict_row(ctx, o, rec, votes, u, stage, err);
		(*count)++;
	}
done:
	if (o && output_finish(o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	sqlite3_finalize(rec);
	sqlite3_finalize(votes);
	screen_state_release(&ss);
	return rc;
}

static int
conflicts_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	enum stage stage = STAGE_TA;
	int c, all = 0;
	long count;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 's') {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
		} else if (c == 'a') {
			all = 1;
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
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    list_conflicts(ctx, stage, all, fmt, &count, err) < 0)
		return -1;
	if (!sk_is_quiet() && fmt == OUTPUT_TABLE)
		fprintf(stderr, "scopekit: conflicts: %ld record%s at %s%s\n",
			count, count == 1 ? "" : "s", stage_label(stage),
			count && !all ? "; settle each with scopekit resolve" :
			"");
	return 0;
}

const struct command cmd_conflicts = {
	.name = "conflicts",
	.summary = "List the records the reviewers disagree on",
	.usage = "scopekit conflicts --stage ta|ft [--all] [options]",
	.help =
	"Lists the records whose reviewers all judged them but disagree: one\n"
	"includes and another excludes, or one says maybe (unless the review\n"
	"counts a maybe as include: scopekit settings maybe include). At full\n"
	"text, two exclusions for different reasons are a conflict too: PRISMA\n"
	"counts each report under one reason. Settle each with scopekit resolve.\n\n"
	"Options:\n"
	"  --stage ta|ft                 title and abstract (default) or full text\n"
	"  --all                         also the conflicts settled already, with\n"
	"                                their settlement\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = conflicts_run,
};

/* ---- scopekit resolve ---- */

static int
resolve_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "include", no_argument, NULL, 'i' },
		{ "exclude", no_argument, NULL, 'e' },
		{ "undo", no_argument, NULL, 'u' },
		{ "reason", required_argument, NULL, 'w' },
		{ "by", required_argument, NULL, 'b' },
		{ "note", required_argument, NULL, 'n' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_settings set;
	struct screen_fact f;
	const char *by = NULL;
	int c, given = 0, stage_given = 0;

	memset(&f, 0, sizeof(f));
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 's':
			stage_given = 1;
			if (stage_option(optarg, &f.stage, err) < 0)
				return -1;
			break;
		case 'i': case 'e': case 'u':
			if (given++)
				return sk_fail(err, SK_E_USAGE, NULL, 0, "give "
					       "one of --include, --exclude "
					       "and --undo");
			f.verdict = c == 'i' ? VERDICT_INCLUDE :
				    c == 'e' ? VERDICT_EXCLUDE : VERDICT_NONE;
			break;
		case 'w': f.reason = optarg; break;
		case 'b': by = optarg; break;
		case 'n': f.note = optarg; break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (!given || !stage_given || optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the records, "
			       "--stage, and --include, --exclude or --undo");
	if (!(f.reviewer = cli_reviewer(by)))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say who settles: "
			       "--by NAME (or set SCOPEKIT_REVIEWER)");
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    screen_settings_load(ctx->st, &set, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		long id;

		if (cli_parse_long("the record id", argv[i], 1, &id, err) < 0)
			return -1;
		f.record = id;
		if (screen_resolve(ctx->st, &set, &f, err) < 0)
			return -1;
	}
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: resolve: %s %d record%s at %s\n",
			f.verdict == VERDICT_NONE ? "reopened" :
			f.verdict == VERDICT_INCLUDE ? "included" : "excluded",
			argc - optind, argc - optind == 1 ? "" : "s",
			stage_label(f.stage));
	return 0;
}

const struct command cmd_resolve = {
	.name = "resolve",
	.summary = "Settle a conflict between reviewers",
	.usage = "scopekit resolve RECORD... --stage ta|ft --include|--exclude "
		 "--by NAME [options]",
	.help =
	"Records the settlement of records in conflict: by a third reviewer, or\n"
	"by the reviewers together (consensus: when the one settling judged the\n"
	"record too). The settlement counts from then on; the reviewers'\n"
	"judgements stay as they were. A record settled as include at title and\n"
	"abstract goes on to full text.\n\n"
	"Options:\n"
	"  --stage ta|ft     the stage of the conflict\n"
	"  --include         the record is included\n"
	"  --exclude         the record is excluded (at full text with --reason)\n"
	"  --undo            take the settlement back: the conflict reopens\n"
	"  --reason REASON   why excluded, from 'scopekit reasons'\n"
	"  --by NAME         who settles (default: $SCOPEKIT_REVIEWER)\n"
	"  --note TEXT       a note kept with the settlement\n",
	.run = resolve_run,
};
