/*
 * scopekit reasons: the review's ordered list of reasons for excluding a
 * report at full text, as PRISMA lists them.
 */
#include "cli.h"

#include <string.h>

#include "screen.h"
#include "banned.h"

static int
reasons_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "position", 1, 0 }, { "reason", 0, 0 },
		{ "judgements", 1, 0 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT position, label, (SELECT count(*) FROM "
			  "decision_current WHERE reason = label) + (SELECT "
			  "count(*) FROM resolution_current WHERE reason = "
			  "label) FROM reason ORDER BY position", err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, 3, s, err);
}

/* Run one statement binding text ?1 and integer ?2 (where it has them). */
static int
step_text_int(struct store *st, const char *sql, const char *text, long n,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	store_bind_text(s, 1, text);
	sqlite3_bind_int64(s, 2, n);
	row = sqlite3_step(s);
	sqlite3_finalize(s);
	return row == SQLITE_DONE || row == SQLITE_ROW ? 0 :
	       store_fail(st, err, "saving the reasons");
}

static long
reasons_count(struct store *st)
{
	sqlite3_stmt *s;
	long n = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM reason", -1, &s,
			       NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* Put label at position at (1-based), shifting the others down. */
static int
reason_add(struct store *st, const char *label, long at, struct sk_err *err)
{
	long n = reasons_count(st);

	if (!*label || strlen(label) > 200 || strpbrk(label, "\t\r\n"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "a reason is 1 to 200 "
			       "characters on one line");
	if (screen_reason_check(st, label, err) == 0)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "'%s' is a reason already", label);
	if (err->kind == SK_E_DB)
		return -1;
	sk_err_clear(err);
	if (at <= 0 || at > n + 1)
		at = n + 1;
	if (step_text_int(st, "UPDATE reason SET position = position + 1 "
			  "WHERE position >= ?2", "", at,
			  err) < 0)
		return -1;
	return step_text_int(st, "INSERT INTO reason (label, position, "
			     "created_at) VALUES (?1, ?2, strftime('%Y-%m-%dT"
			     "%H:%M:%SZ', 'now'))", label, at, err);
}

static int
reason_remove(struct store *st, const char *label, struct sk_err *err)
{
	sqlite3_stmt *s;
	long used = 0;

	if (screen_reason_check(st, label, err) < 0 ||
	    store_prepare(st, &s, "SELECT (SELECT count(*) FROM decision WHERE "
			  "reason = ?1) + (SELECT count(*) FROM resolution "
			  "WHERE reason = ?1)", err) < 0)
		return -1;
	store_bind_text(s, 1, label);
	if (sqlite3_step(s) == SQLITE_ROW)
		used = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (used)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "'%s' was given in "
			       "%ld judgements; a reason in use stays", label,
			       used);
	return step_text_int(st, "UPDATE reason SET position = position - 1 "
			     "WHERE position > (SELECT position FROM reason "
			     "WHERE label = ?1)", label, 0, err) < 0 ||
	       step_text_int(st, "DELETE FROM reason WHERE label = ?1", label, 0, err) < 0 ? -1 : 0;
}

static int
reason_move(struct store *st, const char *label, long to, struct sk_err *err)
{
	long n = reasons_count(st);

	if (screen_reason_check(st, label, err) < 0)
		return -1;
	if (to < 1 || to > n)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "a position is 1 to %ld", n);
	/* Take it out of the order, then put it back at its new place. */
	return step_text_int(st, "UPDATE reason SET position = position - 1 "
			     "WHERE position > (SELECT position FROM reason "
			     "WHERE label = ?1)", label, 0, err) < 0 ||
	       step_text_int(st, "UPDATE reason SET position = 0 WHERE "
			     "label = ?1", label, 0, err) < 0 ||
	       step_text_int(st, "UPDATE reason SET position = position + 1 "
			     "WHERE position >= ?2 AND label <> ?1", label, to,
			     err) < 0 ||
	       step_text_int(st, "UPDATE reason SET position = ?2 WHERE "
			     "label = ?1", label, to, err) < 0 ? -1 : 0;
}

static int
reasons_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *verb;
	long at = 0, to;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (c == 'a') {
			if (cli_parse_long("--at", optarg, 1, &at, err) < 0)
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
		return reasons_list(ctx, fmt, err);
	}
	if (!strcmp(verb, "move")) {
		if (argc - optind != 2)
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "give a reason and its new position");
		return cli_parse_long("the position", argv[optind + 1], 1, &to,
				      err) < 0 ||
		       cli_store(ctx, STORE_WRITE, err) < 0 ?
		       -1 : reason_move(ctx->st, argv[optind], to, err);
	}
	if (strcmp(verb, "add") && strcmp(verb, "remove"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown reasons "
			       "command '%s' (add, list, move, remove)", verb);
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give the reasons to %s", verb);
	if (cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		int rc = !strcmp(verb, "add") ?
			 reason_add(ctx->st, argv[i], at ? at++ : 0, err) :
			 reason_remove(ctx->st, argv[i], err);

		if (rc < 0)
			return -1;
	}
	return 0;
}

const struct command cmd_reasons = {
	.name = "reasons",
	.summary = "The review's reasons for excluding a report",
	.usage = "scopekit reasons [add|list|move|remove] [REASON...] [options]",
	.help =
	"A report excluded at full text needs one reason from this list, and\n"
	"the PRISMA diagram counts the reports under each reason in this order.\n"
	"Put the reasons in the order the review checks them (population first,\n"
	"say): a report that fails several is counted under one.\n\n"
	"  scopekit reasons add REASON... [--at N]   add reasons, at the end or\n"
	"                                           from position N\n"
	"  scopekit reasons [list]                   the reasons in order, and\n"
	"                                           how many judgements give each\n"
	"  scopekit reasons move REASON N            move a reason to position N\n"
	"  scopekit reasons remove REASON...         remove reasons no judgement\n"
	"                                           has given\n\n"
	"Options:\n"
	"  --format table|csv|tsv|json   how to list (default table)\n\n"
	"Example:\n"
	"  scopekit reasons add 'Wrong population' 'Not a model of care' \\\n"
	"      'Not primary care' 'Wrong publication type'\n",
	.run = reasons_run,
};
