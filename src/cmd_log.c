/*
 * scopekit log: the history of judgements, settlements and retrieval
 * notes, oldest first, within what blinding lets the asker see.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "xalloc.h"
#include "banned.h"

enum { L_TIME, L_RECORD, L_STAGE, L_WHAT, L_WHO, L_VERDICT, L_REASON, L_NOTE,
       NCOLS };

/* Every fact, with the unit it counts for. */
#define FACTS_SQL                                                          \
	"SELECT f.at, f.record_id, coalesce(m.canonical, f.record_id), "   \
	"f.stage, f.what, f.who, f.verdict, f.reason, f.note FROM ("        \
	"SELECT decided_at AS at, id, record_id, stage, 'judgement' AS "   \
	"what, reviewer AS who, verdict, reason, note FROM decision "      \
	"UNION ALL SELECT decided_at, id, record_id, stage, 'settlement ("  \
	"' || method || ')', resolver, verdict, reason, note FROM "        \
	"resolution UNION ALL SELECT noted_at, id, record_id, 'ft', "      \
	"'retrieval', reviewer, replace(status, '_', ' '), reason, NULL "  \
	"FROM retrieval) f LEFT JOIN dup_member m ON m.record_id = "       \
	"f.record_id ORDER BY f.at, f.what, f.id"

struct log_query {
	long long *units;	/* the records asked about (their units), or none */
	size_t nunits;
	int stage;		/* -1: both */
	const char *asker;	/* NULL: nobody in particular */
};

static int
wanted(const struct log_query *q, long long unit)
{
	if (!q->nunits)
		return 1;
	for (size_t i = 0; i < q->nunits; i++)
		if (q->units[i] == unit)
			return 1;
	return 0;
}

/*
 * A judgement is shown to its author, and to everyone once the record
 * has all its judgements at that stage. Settlements and retrieval notes
 * come after that point and are always shown.
 */
static int
visible(const struct screen_state *ss, sqlite3_stmt *s, const char *asker,
	long long unit, enum stage stage)
{
	const struct unit_state *u = screen_state_find(ss, unit);
	const char *who = (const char *)sqlite3_column_text(s, L_WHO + 1);

	if (strcmp((const char *)sqlite3_column_text(s, L_WHAT + 1),
		   "judgement"))
		return 1;
	if (asker && who && !strcmp(asker, who))
		return 1;
	return u && screen_may_see_all(u, stage, &ss->set);
}

/* Refuse to show a record whose judgements the asker may not see yet. */
static int
check_blind(struct store *st, const struct screen_state *ss,
	    const struct log_query *q, struct sk_err *err)
{
	for (size_t i = 0; i < q->nunits; i++) {
		const struct unit_state *u = screen_state_find(ss, q->units[i]);

		for (int s = 0; u && s < STAGE_COUNT; s++) {
			char none[1];
			enum verdict own = VERDICT_NONE;

			if ((q->stage >= 0 && q->stage != s) || !u->votes[s] ||
			    screen_may_see_all(u, (enum stage)s, &ss->set))
				continue;
			if (q->asker &&
			    screen_own_vote(st, u->unit, (enum stage)s, q->asker,
					    &own, none, none, sizeof(none),
					    err) < 0)
				return -1;
			if (own != VERDICT_NONE)
				continue;
			if (q->asker)
				return sk_fail(err, SK_E_CONFLICT, NULL, 0,
					       "record %lld awaits judgements at "
					       "%s: its history stays hidden "
					       "from %s until they judge it",
					       u->unit, stage_label((enum stage)s),
					       q->asker);
			return sk_fail(err, SK_E_CONFLICT, NULL, 0,
				       "record %lld awaits judgements at %s: "
				       "its history stays hidden until it has "
				       "them all (or say who asks: --reviewer)",
				       u->unit, stage_label((enum stage)s));
		}
	}
	return 0;
}

static int
print_log(struct cli_ctx *ctx, const struct log_query *q,
	  enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[NCOLS] = {
		{ "time", 0, 0 }, { "record", 1, 0 }, { "stage", 0, 0 },
		{ "what", 0, 0 }, { "who", 0, 0 }, { "verdict", 0, 0 },
		{ "reason", 0, 0 }, { "note", 0, 0 },
	};
	struct screen_state ss;
	struct output *o;
	sqlite3_stmt *s;
	int row, rc = 0;

	if (screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	if (check_blind(ctx->st, &ss, q, err) < 0 ||
	    store_prepare(ctx->st, &s, FACTS_SQL, err) < 0) {
		screen_state_release(&ss);
		return -1;
	}
	o = output_new(ctx->out, fmt, cols, NCOLS);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long long unit = sqlite3_column_int64(s, 2);
		const char *cells[NCOLS];
		enum stage stage;

		stage_parse((const char *)sqlite3_column_text(s, 3), &stage);
		if (!wanted(q, unit) || (q->stage >= 0 && (int)stage != q->stage) ||
		    !visible(&ss, s, q->asker, unit, stage))
			continue;
		cells[0] = (const char *)sqlite3_column_text(s, 0);
		for (int i = 1; i < NCOLS; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i + 1);
		cells[L_RECORD] = (const char *)sqlite3_column_text(s, 1);
		output_row(o, cells);
	}
	if (row != SQLITE_DONE)
		rc = store_fail(ctx->st, err, "reading the history");
	sqlite3_finalize(s);
	if (output_finish(o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	screen_state_release(&ss);
	return rc;
}

static int
log_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "reviewer", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct log_query q = { NULL, 0, -1, NULL };
	enum output_format fmt = OUTPUT_TABLE;
	const char *reviewer = NULL;
	int c, rc = -1;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		enum stage stage;

		if (c == 's') {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
			q.stage = (int)stage;
		} else if (c == 'r') {
			reviewer = optarg;
		} else if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	q.asker = cli_reviewer(reviewer);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	q.units = xcalloc((size_t)(argc - optind) + 1, sizeof(*q.units));
	for (int i = optind; i < argc; i++) {
		long id;

		if (cli_parse_long("the record id", argv[i], 1, &id, err) < 0 ||
		    screen_unit_of(ctx->st, id, &q.units[q.nunits++], err) < 0)
			goto done;
	}
	rc = print_log(ctx, &q, fmt, err);
done:
	free(q.units);
	return rc;
}

const struct command cmd_log = {
	.name = "log",
	.summary = "The history of judgements and settlements",
	.usage = "scopekit log [RECORD...] [--stage ta|ft] [--reviewer NAME] "
		 "[options]",
	.help =
	"Every judgement, settlement and retrieval note, oldest first: a changed\n"
	"mind shows as a newer judgement (the newest counts; 'undo' takes one\n"
	"back). With records, only theirs.\n\n"
	"Screening is blind: you see your own judgements, and the others' only\n"
	"once a record has all the judgements it needs. Asking for the history\n"
	"of a record you have not judged while others have is refused.\n\n"
	"Options:\n"
	"  --stage ta|ft                 one stage only\n"
	"  --reviewer NAME               who is asking (default:\n"
	"                                $SCOPEKIT_REVIEWER)\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = log_run,
};
