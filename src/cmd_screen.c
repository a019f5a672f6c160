/*
 * scopekit screen: judge records at title and abstract or full text, on
 * the interactive screen, through a spreadsheet, or one command at a
 * time; and see how far screening has come.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "output.h"
#include "screen.h"
#include "screen_rank.h"
#include "screen_sheet.h"
#include "stopping.h"
#include "tui.h"
#include "xalloc.h"
#include "banned.h"

#define OPT_STAGE 's'
#define OPT_REVIEWER 'r'
#define OPT_ORDER 'O'

/* The reviewer named by --reviewer or $SCOPEKIT_REVIEWER, or a usage error. */
static int
need_reviewer(const char *option, const char **name, struct sk_err *err)
{
	*name = cli_reviewer(option);
	if (!*name)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say who is screening: --reviewer NAME (or set "
			       "SCOPEKIT_REVIEWER)");
	return 0;
}

/* ---- scopekit screen: the interactive screen ---- */

static int
screen_interactive(struct cli_ctx *ctx, int argc, char **argv,
		   struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "order", required_argument, NULL, OPT_ORDER },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reviewer = NULL;
	enum stage stage = STAGE_TA;
	enum screen_order order = SCREEN_ORDER_AUTO;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_REVIEWER)
			reviewer = optarg;
		else if (c == OPT_ORDER) {
			if (screen_order_option(optarg, &order, err) < 0)
				return -1;
		} else if (c == OPT_STAGE) {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown screen command '%s' (sheet, load, "
			       "decide, status)", argv[optind]);
	if (need_reviewer(reviewer, &reviewer, err) < 0)
		return -1;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the interactive screen needs a terminal; "
			       "use 'screen sheet' and 'screen load', or "
			       "'screen decide'");
	/* Each judgement is committed on its own: no transaction is held. */
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    store_commit(ctx->st, err) < 0 ||
	    screen_reviewer_check(ctx->st, reviewer, err) < 0)
		return -1;
	return tui_screen(ctx->st, reviewer, stage, order, err);
}

/* ---- scopekit screen decide ---- */

#define OPT_RECORD 'R'
#define OPT_NOTE 'n'
#define OPT_REASON 'w'

static int
add_record(const char *value, long **ids, size_t *n, size_t *cap,
	   struct sk_err *err)
{
	long id;

	if (cli_parse_long("--record", value, 1, &id, err) < 0)
		return -1;
	*ids = xgrow(*ids, cap, *n + 1, sizeof(**ids));
	(*ids)[(*n)++] = id;
	return 0;
}

static int
set_verdict(enum verdict v, enum verdict *out, int *given, struct sk_err *err)
{
	if ((*given)++)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give one of "
			       "--include, --exclude, --maybe and --undo");
	*out = v;
	return 0;
}

static int
decide_records(struct cli_ctx *ctx, struct screen_fact *f, const long *ids,
	       size_t n, struct sk_err *err)
{
	struct screen_settings set;

	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    screen_settings_load(ctx->st, &set, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		f->record = ids[i];
		if (screen_decide(ctx->st, &set, f, err) < 0)
			return -1;
	}
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: screen: %s: %s %zu record%s at %s\n",
			f->reviewer, f->verdict == VERDICT_NONE ? "took back" :
			verdict_name(f->verdict), n, n == 1 ? "" : "s",
			stage_label(f->stage));
	return 0;
}

static int
screen_decide_cmd(struct cli_ctx *ctx, int argc, char **argv,
		  struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "include", no_argument, NULL, 'i' },
		{ "exclude", no_argument, NULL, 'e' },
		{ "maybe", no_argument, NULL, 'm' },
		{ "undo", no_argument, NULL, 'u' },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "note", required_argument, NULL, OPT_NOTE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_fact f;
	const char *reviewer = NULL;
	long *ids = NULL;
	size_t n = 0, cap = 0;
	int c, given = 0, stage_given = 0, rc = -1;

	memset(&f, 0, sizeof(f));
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case OPT_REVIEWER: reviewer = optarg; break;
		case OPT_REASON: f.reason = optarg; break;
		case OPT_NOTE: f.note = optarg; break;
		case OPT_STAGE:
			stage_given = 1;
			if (stage_option(optarg, &f.stage, err) < 0)
				goto done;
			break;
		case OPT_RECORD:
			if (add_record(optarg, &ids, &n, &cap, err) < 0)
				goto done;
			break;
		case 'i': case 'e': case 'm': case 'u':
			if (set_verdict(c == 'i' ? VERDICT_INCLUDE :
					c == 'e' ? VERDICT_EXCLUDE :
					c == 'm' ? VERDICT_MAYBE : VERDICT_NONE,
					&f.verdict, &given, err) < 0)
				goto done;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				goto done;
		}
	}
	for (int i = optind; i < argc; i++)
		if (add_record(argv[i], &ids, &n, &cap, err) < 0)
			goto done;
	if (!given)
		sk_fail(err, SK_E_USAGE, NULL, 0, "give the judgement: "
			"--include, --exclude, --maybe or --undo");
	else if (!stage_given)
		sk_fail(err, SK_E_USAGE, NULL, 0, "give the stage: --stage ta "
			"(title and abstract) or --stage ft (full text)");
	else if (!n)
		sk_fail(err, SK_E_USAGE, NULL, 0, "name the records: --record "
			"ID (or ids after the options)");
	else if (need_reviewer(reviewer, &f.reviewer, err) == 0)
		rc = decide_records(ctx, &f, ids, n, err);
done:
	free(ids);
	return rc;
}

/* ---- scopekit screen sheet / load ---- */

static int
screen_sheet_cmd(struct cli_ctx *ctx, int argc, char **argv,
		 struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "order", required_argument, NULL, OPT_ORDER },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_state ss;
	const char *reviewer = NULL, *path = NULL;
	enum stage stage = STAGE_TA;
	enum screen_order order = SCREEN_ORDER_AUTO;
	FILE *f;
	int c, all = 0, rc;

	while ((c = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
		if (c == OPT_REVIEWER)
			reviewer = optarg;
		else if (c == OPT_ORDER) {
			if (screen_order_option(optarg, &order, err) < 0)
				return -1;
		} else if (c == 'a')
			all = 1;
		else if (c == 'o')
			path = optarg;
		else if (c == OPT_STAGE) {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (need_reviewer(reviewer, &reviewer, err) < 0 ||
	    cli_store(ctx, STORE_READ, err) < 0 ||
	    screen_reviewer_check(ctx->st, reviewer, err) < 0 ||
	    screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	if (!(f = cli_open_output(ctx, path, err))) {
		screen_state_release(&ss);
		return -1;
	}
	rc = screen_sheet_write(ctx->st, &ss, reviewer, stage, order, all, f,
				err);
	screen_state_release(&ss);
	return cli_close_output(ctx, f, path, rc, err);
}

static int
screen_load_cmd(struct cli_ctx *ctx, int argc, char **argv,
		struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_sheet_counts n;
	struct screen_settings set;
	const char *reviewer = NULL;
	enum stage stage;
	int c, stage_given = -1;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_REVIEWER)
			reviewer = optarg;
		else if (c == OPT_STAGE) {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
			stage_given = (int)stage;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give the one sheet to load");
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    screen_settings_load(ctx->st, &set, err) < 0 ||
	    screen_sheet_load(ctx->st, &set, argv[optind], reviewer,
			      stage_given, &n, err) < 0)
		return -1;
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: screen: %s: %ld included, %ld "
			"excluded, %ld maybe; %ld unchanged, %ld left blank\n",
			argv[optind], n.verdicts[VERDICT_INCLUDE],
			n.verdicts[VERDICT_EXCLUDE], n.verdicts[VERDICT_MAYBE],
			n.unchanged, n.blank);
	return 0;
}

/* ---- scopekit screen status ---- */

struct stage_counts {
	long units;		/* records at the stage */
	long ruled;		/* marked ineligible by automation rules */
	long sought, not_retrieved;	/* full text only */
	long none, some, complete;	/* by judgements: 0, short, enough */
	long agreed[4], settled[4], conflicts;	/* by enum verdict */
	long pilot, pilot_complete;
	long not_screened;	/* left when the team stopped */
};

static void
count_stage(const struct screen_state *ss, enum stage stage,
	    struct stage_counts *c)
{
	unsigned pilot = stage == STAGE_TA ? UNIT_PILOT_TA : UNIT_PILOT_FT;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < ss->n; i++) {
		const struct unit_state *u = &ss->units[i];
		const struct outcome *o = &u->out[stage];

		if (stage == STAGE_TA && (u->flags & UNIT_RULE_HIT) &&
		    !(u->flags & UNIT_OTHER))
			c->ruled++;
		if (stage == STAGE_FT && unit_sought(u)) {
			c->sought++;
			c->not_retrieved += !!(u->flags & UNIT_NOT_RETRIEVED);
		}
		if (!unit_at_stage(u, stage))
			continue;
		if (unit_not_screened(ss, u, stage)) {
			c->not_screened++;
			continue;
		}
		c->units++;
		if (u->votes[stage] == 0)
			c->none++;
		else if (u->votes[stage] < ss->set.policy.needed)
			c->some++;
		else
			c->complete++;
		if (o->state == OUTCOME_AGREED)
			c->agreed[o->final]++;
		else if (o->state == OUTCOME_RESOLVED)
			c->settled[o->final]++;
		else if (o->state == OUTCOME_CONFLICT)
			c->conflicts++;
		if (u->flags & pilot) {
			c->pilot++;
			c->pilot_complete +=
				u->votes[stage] >= ss->set.policy.needed;
		}
	}
}

struct reviewer_counts {
	char *name;
	long judged, awaiting;
	struct stopping stop;	/* title and abstract only */
};

/*
 * The reviewer's own judgements at title and abstract in the order made
 * (a maybe counts as an include: a vote to look further), and what the
 * knee method makes of them.
 */
static int
reviewer_stopping(struct store *st, const struct screen_state *ss,
		  struct reviewer_counts *r, struct sk_err *err)
{
	unsigned char *rel = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT unit, verdict FROM decision_current "
			  "WHERE stage = 'ta' AND reviewer = ? ORDER BY "
			  "decided_at, id", err) < 0)
		return -1;
	store_bind_text(s, 1, r->name);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const struct unit_state *u =
			screen_state_find(ss, sqlite3_column_int64(s, 0));

		if (!u || !unit_at_stage(u, STAGE_TA))
			continue;
		rel = xgrow(rel, &cap, n + 1, 1);
		rel[n++] = strcmp((const char *)sqlite3_column_text(s, 1),
				  "exclude") != 0;
	}
	sqlite3_finalize(s);
	if (row == SQLITE_DONE)
		stopping_knee(rel, n, (size_t)r->awaiting, &r->stop);
	free(rel);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading judgements");
}

/* Judgements that count on records at the stage, per reviewer. */
static int
count_judged(struct store *st, const struct screen_state *ss,
	     enum stage stage, struct reviewer_counts *r, size_t n,
	     struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT reviewer, unit FROM "
			  "decision_current WHERE stage = ? ORDER BY reviewer",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, stage_name(stage));
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *who = (const char *)sqlite3_column_text(s, 0);
		const struct unit_state *u =
			screen_state_find(ss, sqlite3_column_int64(s, 1));

		if (!u || !unit_at_stage(u, stage))
			continue;
		for (size_t i = 0; i < n; i++)
			if (!strcmp(r[i].name, who))
				r[i].judged++;
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading judgements");
}

static int
count_reviewers(struct store *st, const struct screen_state *ss,
		enum stage stage, struct reviewer_counts **out, size_t *n,
		struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row, rc = 0;

	*out = NULL;
	*n = 0;
	if (store_prepare(st, &s, "SELECT name FROM reviewer ORDER BY "
			  "created_at, name", err) < 0)
		return -1;
	while (rc == 0 && (row = sqlite3_step(s)) == SQLITE_ROW) {
		struct reviewer_counts *r;
		long long *ids;
		size_t nids;

		*out = xgrow(*out, &cap, *n + 1, sizeof(**out));
		r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->name = xstrdup((const char *)sqlite3_column_text(s, 0));
		rc = screen_queue(st, ss, r->name, stage, &ids, &nids, err);
		r->awaiting = (long)nids;
		if (rc == 0)
			free(ids);
		if (rc == 0 && stage == STAGE_TA)
			rc = reviewer_stopping(st, ss, r, err);
	}
	if (rc == 0 && row != SQLITE_DONE)
		rc = store_fail(st, err, "reading reviewers");
	sqlite3_finalize(s);
	return rc < 0 ? -1 : count_judged(st, ss, stage, *out, *n, err);
}

static void
free_reviewers(struct reviewer_counts *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].name);
	free(r);
}

/* Per reviewer at title and abstract, with the knee method's figures. */
static void
print_stopping_text(FILE *f, const struct reviewer_counts *r, size_t nr)
{
	if (!nr)
		return;
	fprintf(f, "\n  %-16s %7s %8s %8s %10s %12s %9s\n", "reviewer",
		"judged", "awaiting", "included", "since last", "knee ratio",
		"est. left");
	for (size_t i = 0; i < nr; i++) {
		const struct stopping *k = &r[i].stop;
		char ratio[32] = "-", left[32] = "-";

		if (k->knee && k->ratio > 0.0) {
			snprintf(ratio, sizeof(ratio), "%.0f of %.0f%s",
				 k->ratio, k->needed, k->suggest ? "*" : "");
			snprintf(left, sizeof(left), "%.1f", k->left);
		}
		fprintf(f, "  %-16s %7ld %8ld %8zu %10zu %12s %9s\n",
			r[i].name, r[i].judged, r[i].awaiting, k->found,
			k->since_last, ratio, left);
	}
	fputs("  (own judgements only, a maybe counted as an include; the knee\n"
	      "  method, Cormack and Grossman 2016: * marks a ratio that has\n"
	      "  reached the figure after 'of', with 150 or more judged, where\n"
	      "  stopping is worth discussing; est. left: the include rate since\n"
	      "  the knee times the records awaiting. The team decides: scopekit\n"
	      "  screen stop --stage ta --reason TEXT)\n", f);
}

static void
print_stage_text(FILE *f, enum stage stage, const struct screen_settings *set,
		 const struct stage_counts *c, const struct reviewer_counts *r,
		 size_t nr, const struct screen_stop *stop)
{
	int need = set->policy.needed;

	fprintf(f, "%c%s: %d reviewer%s per record, a maybe %s\n",
		stage == STAGE_TA ? 'T' : 'F', stage_label(stage) + 1, need,
		need == 1 ? "" : "s", set->policy.maybe_includes ?
		"counts as include" : "is a conflict");
	if (stop->stopped)
		fprintf(f, "  stopped on %s%s%s: %s\n", stop->at,
			stop->by[0] ? " by " : "", stop->by, stop->reason);
	if (stage == STAGE_TA && c->ruled)
		fprintf(f, "  %-28s %6ld\n", "marked ineligible by rules",
			c->ruled);
	if (stage == STAGE_FT) {
		fprintf(f, "  %-28s %6ld\n", "reports sought", c->sought);
		fprintf(f, "  %-28s %6ld\n", "not retrieved",
			c->not_retrieved);
	}
	fprintf(f, "  %-28s %6ld\n", "records to screen", c->units);
	fprintf(f, "  %-28s %6ld\n", "no judgement yet", c->none);
	if (need > 1)
		fprintf(f, "  %-28s %6ld   awaiting another reviewer\n",
			need == 2 ? "one judgement" : "fewer than needed",
			c->some);
	fprintf(f, "  %-28s %6ld\n", need == 2 ? "two judgements or more" :
		"all judgements", c->complete);
	fprintf(f, "    %-26s %6ld\n", "agreed: include",
		c->agreed[VERDICT_INCLUDE]);
	fprintf(f, "    %-26s %6ld\n", "agreed: exclude",
		c->agreed[VERDICT_EXCLUDE]);
	fprintf(f, "    %-26s %6ld", "in conflict", c->conflicts);
	if (c->conflicts)
		fprintf(f, "   scopekit conflicts --stage %s",
			stage_name(stage));
	fputc('\n', f);
	fprintf(f, "    %-26s %6ld   (%ld include, %ld exclude)\n", "settled",
		c->settled[VERDICT_INCLUDE] + c->settled[VERDICT_EXCLUDE],
		c->settled[VERDICT_INCLUDE], c->settled[VERDICT_EXCLUDE]);
	if (c->pilot)
		fprintf(f, "  %-28s %6ld   (%ld judged by all)\n",
			"pilot sample", c->pilot, c->pilot_complete);
	if (c->not_screened)
		fprintf(f, "  %-28s %6ld   screening stopped\n",
			"not screened", c->not_screened);
	if (stage == STAGE_TA) {
		print_stopping_text(f, r, nr);
		return;
	}
	if (nr)
		fprintf(f, "\n  %-20s %8s %8s\n", "reviewer", "judged",
			"awaiting");
	for (size_t i = 0; i < nr; i++)
		fprintf(f, "  %-20s %8ld %8ld\n", r[i].name, r[i].judged,
			r[i].awaiting);
}

/* Title and abstract: records not screened, and the stop that counts. */
static void
stop_json(FILE *f, const struct stage_counts *c,
	  const struct screen_stop *stop, struct buf *b)
{
	fprintf(f, ",\"not_screened\":%ld,\"stopped\":", c->not_screened);
	if (!stop->stopped) {
		fputs("null", f);
		return;
	}
	buf_reset(b);
	buf_adds(b, "{\"at\":");
	json_add_string(b, stop->at);
	buf_adds(b, ",\"by\":");
	if (stop->by[0])
		json_add_string(b, stop->by);
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"reason\":");
	json_add_string(b, stop->reason);
	fprintf(f, "%s}", b->data);
}

static void
print_stage_json(FILE *f, enum stage stage, const struct stage_counts *c,
		 const struct reviewer_counts *r, size_t nr,
		 const struct screen_stop *stop)
{
	struct buf b = BUF_INIT;

	fprintf(f, "{\"stage\":\"%s\",\"ineligible_by_rules\":%ld,"
		"\"sought\":%ld,\"not_retrieved\":%ld,\"records\":%ld,"
		"\"no_judgement\":%ld,\"awaiting_another\":%ld,"
		"\"all_judgements\":%ld,\"agreed_include\":%ld,"
		"\"agreed_exclude\":%ld,\"conflicts\":%ld,"
		"\"settled_include\":%ld,\"settled_exclude\":%ld,"
		"\"pilot\":%ld,\"pilot_complete\":%ld,\"reviewers\":[",
		stage_name(stage), c->ruled, c->sought, c->not_retrieved,
		c->units, c->none, c->some, c->complete,
		c->agreed[VERDICT_INCLUDE], c->agreed[VERDICT_EXCLUDE],
		c->conflicts, c->settled[VERDICT_INCLUDE],
		c->settled[VERDICT_EXCLUDE], c->pilot, c->pilot_complete);
	for (size_t i = 0; i < nr; i++) {
		const struct stopping *k = &r[i].stop;

		buf_reset(&b);
		json_add_string(&b, r[i].name);
		fprintf(f, "%s{\"reviewer\":%s,\"judged\":%ld,\"awaiting\":%ld",
			i ? "," : "", b.data, r[i].judged, r[i].awaiting);
		if (stage == STAGE_TA && k->knee && k->ratio > 0.0)
			fprintf(f, ",\"included\":%zu,\"since_last_include\":%zu,"
				"\"knee_ratio\":%.3f,\"knee_needed\":%.0f,"
				"\"knee_suggests_stop\":%s,"
				"\"estimated_relevant_left\":%.3f", k->found,
				k->since_last, k->ratio, k->needed,
				k->suggest ? "true" : "false", k->left);
		else if (stage == STAGE_TA)
			fprintf(f, ",\"included\":%zu,\"since_last_include\":%zu,"
				"\"knee_ratio\":null,\"knee_needed\":%.0f,"
				"\"knee_suggests_stop\":false,"
				"\"estimated_relevant_left\":null", k->found,
				k->since_last, k->needed);
		fputc('}', f);
	}
	fputc(']', f);
	if (stage == STAGE_TA)
		stop_json(f, c, stop, &b);
	fputc('}', f);
	buf_release(&b);
}

static int
screen_status_cmd(struct cli_ctx *ctx, int argc, char **argv,
		  struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct screen_state ss;
	int c, first = STAGE_TA, last = STAGE_FT, json = 0, rc = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		enum stage stage;

		if (c == OPT_STAGE) {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
			first = last = (int)stage;
		} else if (c == 'f') {
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--format is text or json, not "
					       "'%s'", optarg);
			json = !strcmp(optarg, "json");
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	if (json)
		fputs("[", ctx->out);
	for (int s = first; s <= last && rc == 0; s++) {
		struct stage_counts counts;
		struct reviewer_counts *r;
		struct screen_stop stop;
		size_t nr;

		if ((rc = screen_stop_load(ctx->st, (enum stage)s, &stop,
					   err)) < 0)
			break;
		count_stage(&ss, (enum stage)s, &counts);
		if ((rc = count_reviewers(ctx->st, &ss, (enum stage)s, &r, &nr,
					  err)) < 0) {
			free_reviewers(r, nr);
			break;
		}
		if (json) {
			if (s != first)
				fputc(',', ctx->out);
			print_stage_json(ctx->out, (enum stage)s, &counts, r, nr,
					 &stop);
		} else {
			if (s != first)
				fputc('\n', ctx->out);
			print_stage_text(ctx->out, (enum stage)s, &ss.set,
					 &counts, r, nr, &stop);
		}
		free_reviewers(r, nr);
	}
	if (json && rc == 0)
		fputs("]\n", ctx->out);
	screen_state_release(&ss);
	return rc;
}

/* ---- scopekit screen stop ---- */

static int
screen_stop_cmd(struct cli_ctx *ctx, int argc, char **argv,
		struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "undo", no_argument, NULL, 'u' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reason = NULL, *reviewer = NULL;
	enum stage stage = STAGE_TA;
	int c, undo = 0, stage_given = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_STAGE) {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
			stage_given = 1;
		} else if (c == OPT_REASON) {
			reason = optarg;
		} else if (c == OPT_REVIEWER) {
			reviewer = optarg;
		} else if (c == 'u') {
			undo = 1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!stage_given)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the stage: "
			       "--stage ta");
	if (undo == !!reason)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the team's "
			       "reason to stop (--reason TEXT), or --undo to "
			       "screen on");
	/* In a copy too: it merges back as a fact, as a judgement does. */
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    screen_stop_set(ctx->st, stage, reason,
			    cli_reviewer(reviewer), err) < 0)
		return -1;
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: screen: %s at %s%s\n", undo ?
			"screening goes on" : "screening stopped",
			stage_label(stage), undo ? "" : ": the records nobody "
			"has judged are not screened");
	return 0;
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} screen_commands[] = {
	{ "start", screen_interactive },
	{ "decide", screen_decide_cmd },
	{ "sheet", screen_sheet_cmd },
	{ "load", screen_load_cmd },
	{ "status", screen_status_cmd },
	{ "stop", screen_stop_cmd },
};

static int
screen_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	if (argc > 1)
		for (size_t i = 0;
		     i < sizeof(screen_commands) / sizeof(*screen_commands); i++)
			if (!strcmp(argv[1], screen_commands[i].name))
				return screen_commands[i].run(ctx, argc - 1,
							      argv + 1, err);
	return screen_interactive(ctx, argc, argv, err);
}

const struct command cmd_screen = {
	.name = "screen",
	.summary = "Screen records: interactively, by spreadsheet or one by one",
	.usage = "scopekit screen [sheet|load|decide|status|stop] [options]",
	.help =
	"Two reviewers judge every record independently, first on title and\n"
	"abstract (stage ta), then on full text (stage ft). A reviewer sees only\n"
	"their own judgements until a record has both. A cluster of duplicates\n"
	"is screened once. The pilot sample (scopekit sample) comes first.\n\n"
	"At title and abstract, the records likely to be relevant come first:\n"
	"a model learns from your own judgements only (never another\n"
	"reviewer's) and ranks your queue again after each one. Until you have\n"
	"included and excluded a record, the order is random (a fixed order of\n"
	"your own). 'scopekit simulate' measures what the ranking saves. The\n"
	"words of each title and abstract are counted the first time a queue\n"
	"needs them and kept in the store, so queues open quickly after that.\n\n"
	"  scopekit screen [--stage ta|ft] [--order relevance|random|imported]\n"
	"      the interactive screen, one record at a time; each key is saved\n"
	"      at once, and the next session starts where this one stopped:\n"
	"        i include   e exclude   m maybe   r exclude with a reason\n"
	"        n note      u undo      b back    f forward   ? help   q quit\n"
	"        arrows, PgUp, PgDn, space: scroll the abstract\n"
	"      (at full text, an exclusion asks for one of the review's reasons;\n"
	"      words of 'scopekit keywords' are highlighted)\n"
	"  scopekit screen sheet [--stage ta|ft] [--order ORDER] [--all]\n"
	"      [-o FILE.csv]\n"
	"      your queue as a spreadsheet: fill in the decision column\n"
	"      (include, exclude or maybe; also yes, no, in, out), a reason\n"
	"      (needed to exclude at full text) and a note\n"
	"  scopekit screen load FILE.csv\n"
	"      read a filled-in sheet back: all rows or none, errors with lines\n"
	"  scopekit screen decide --stage ta|ft --include|--exclude|--maybe|--undo\n"
	"      [--reason REASON] [--note TEXT] RECORD...\n"
	"      judge records one command at a time\n"
	"  scopekit screen status [--stage ta|ft] [--format text|json]\n"
	"      per stage: records with no, one or all judgements, agreed,\n"
	"      in conflict, settled; per reviewer: judged and awaiting, and at\n"
	"      title and abstract what helps decide when to stop: includes\n"
	"      found, exclusions since the last include, and the knee method\n"
	"      (Cormack GV, Grossman MR. Engineering quality and reliability in\n"
	"      technology-assisted review. SIGIR 2016): the include rate before\n"
	"      the bend of the curve over the rate since; stopping is worth\n"
	"      discussing once it reaches 156 minus the includes (at least 6)\n"
	"      after 150 or more judged. 'est. left' applies the rate since the\n"
	"      bend to the records awaiting: an estimate, never a proof\n"
	"  scopekit screen stop --stage ta --reason TEXT | --undo\n"
	"      the team stops title and abstract screening (it never stops by\n"
	"      itself): records nobody has judged leave the queues and PRISMA\n"
	"      counts them as removed before screening (not screened); the\n"
	"      records somebody judged still get every judgement they need.\n"
	"      The newest stop or --undo counts; recorded in a reviewer's copy,\n"
	"      it merges back as a judgement does ('scopekit help merge'), and\n"
	"      copies made after a stop carry it\n\n"
	"Options:\n"
	"  --reviewer NAME   who is screening (default: $SCOPEKIT_REVIEWER)\n"
	"  --stage ta|ft     title and abstract (default) or full text\n"
	"  --order ORDER     title and abstract: relevance (the default once\n"
	"                    you have included and excluded a record), random\n"
	"                    or imported\n"
	"  --all             sheet: also the records you judged, to revise\n"
	"  -o, --output FILE sheet: write to FILE (never over an existing one)\n",
	.run = screen_cmd,
};
