/*
 * scopekit merge: bring the work done in reviewers' copies back into the
 * store, all copies in one transaction, and list the facts made apart
 * that disagree.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "merge.h"
#include "banned.h"

static int
merge_list_conflicts(struct cli_ctx *ctx, int all, enum output_format fmt,
		     struct sk_err *err)
{
	static const struct output_column cols[MERGE_CONFLICT_COLUMNS] = {
		{ "kind", 0, 0 }, { "subject", 0, 30 }, { "what", 0, 20 },
		{ "first_by", 0, 0 }, { "first", 0, 30 }, { "first_at", 0, 0 },
		{ "first_from", 0, 0 }, { "second_by", 0, 0 },
		{ "second", 0, 30 }, { "second_at", 0, 0 },
		{ "second_from", 0, 0 }, { "status", 0, 0 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    merge_conflicts(ctx->st, all, &s, err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, MERGE_CONFLICT_COLUMNS, s, err);
}

/* The report: a row per copy, kind of fact and who made them. */
static int
merge_print(struct cli_ctx *ctx, const struct merge_report *rep,
	    enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "copy", 0, 30 }, { "for", 0, 0 }, { "kind", 0, 0 },
		{ "by", 0, 0 }, { "added", 1, 0 }, { "present", 1, 0 },
		{ "conflicts", 1, 0 },
	};
	struct output *o = output_new(ctx->out, fmt, cols, 7);

	for (size_t i = 0; i < rep->ncounts; i++) {
		const struct merge_count *c = &rep->counts[i];
		const struct merge_source *src = &rep->copies[c->copy];
		char n[3][24];
		const char *cells[7] = {
			src->path, src->made_for, merge_kind_name(c->kind),
			c->who, n[0], n[1], n[2],
		};

		snprintf(n[0], sizeof(n[0]), "%ld", c->added);
		snprintf(n[1], sizeof(n[1]), "%ld", c->present);
		snprintf(n[2], sizeof(n[2]), "%ld", c->conflicts);
		output_row(o, cells);
	}
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

static void
merge_summary(const struct merge_report *rep)
{
	if (sk_is_quiet())
		return;
	fprintf(stderr, "scopekit: merge: %zu cop%s: %ld facts added, %ld "
		"present already, %ld conflicts", rep->ncopies,
		rep->ncopies == 1 ? "y" : "ies", rep->added, rep->present,
		rep->conflicts);
	if (rep->reviewers || rep->rules || rep->forms || rep->studies ||
	    rep->units)
		fprintf(stderr, "; new: %ld reviewers, %ld rules, %ld form "
			"versions, %ld studies, %ld units", rep->reviewers,
			rep->rules, rep->forms, rep->studies, rep->units);
	fputc('\n', stderr);
	if (rep->conflicts)
		fputs("scopekit: merge: facts made apart disagree: both are "
		      "kept and the newest counts; 'scopekit merge "
		      "--conflicts' lists them\n", stderr);
}

/*
 * Judgements made in a copy that did not know of the stop (or made after
 * it anyway): merged as facts, so the records count as screened; said so
 * the team can take them back instead.
 */
static void
merge_warn_stops(const struct merge_report *rep)
{
	for (size_t i = 0; i < rep->ncopies; i++) {
		const struct merge_source *c = &rep->copies[i];

		if (!c->after_stop)
			continue;
		sk_warn("%s: %ld record%s that nobody had judged when title "
			"and abstract screening stopped (%s) %s judged in %s's "
			"copy: %s. %s screened now and await%s the judgements "
			"still needed; 'scopekit screen decide --undo' takes a "
			"judgement back", c->path, c->after_stop,
			c->after_stop == 1 ? "" : "s", rep->stopped_at,
			c->after_stop == 1 ? "was" : "were", c->made_for,
			c->after_stop_ids, c->after_stop == 1 ? "It is" :
			"They are", c->after_stop == 1 ? "s" : "");
	}
}

static int
merge_cmd_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "conflicts", no_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct merge_report rep;
	int c, conflicts = 0, all = 0, rc;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'c') {
			conflicts = 1;
		} else if (c == 'a') {
			all = 1;
		} else if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (conflicts && optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--conflicts lists; "
			       "merge copies without it");
	if (all && !conflicts)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--all goes with "
			       "--conflicts");
	if (conflicts)
		return merge_list_conflicts(ctx, all, fmt, err);
	if (optind == argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the copies to "
			       "merge");
	if (cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	rc = merge_run(ctx->st, (const char *const *)argv + optind,
		       (size_t)(argc - optind), &rep, err);
	if (rc == 0)
		rc = merge_print(ctx, &rep, fmt, err);
	if (rc == 0) {
		merge_summary(&rep);
		merge_warn_stops(&rep);
	}
	merge_report_release(&rep);
	return rc;
}

const struct command cmd_merge = {
	.name = "merge",
	.summary = "Bring back the work done in reviewers' copies",
	.usage = "scopekit merge COPY.db... [--format FMT] | "
		 "scopekit merge --conflicts [--all] [--format FMT]",
	.help =
	"Adds to this store every judgement, settlement, retrieval note,\n"
	"duplicate judgement, study and unit membership, extraction value,\n"
	"consensus, and stop or resumption of screening made in copies\n"
	"('scopekit copy'), with the reviewers, rules, form versions, studies\n"
	"and units they need. Facts are recognised by their uuid: merging a\n"
	"copy again adds nothing, and the order of the copies does not\n"
	"matter. Nothing is overwritten; the newest fact counts, as always.\n"
	"All copies go in one transaction: if one is refused or the merge is\n"
	"stopped, the store is left as it was.\n\n"
	"Refused: a file that is not a copy, a copy of another review or of\n"
	"another schema version, a copy with records this store lacks, and a\n"
	"copy whose judgements give a reason this review's list lacks.\n\n"
	"Facts made apart that disagree (two settlements of one record, two\n"
	"consensus values of one field, a pair judged duplicate in one copy\n"
	"and distinct in another, a stop and a resumption...) are both kept\n"
	"and listed: the summary counts them, and --conflicts lists them until\n"
	"a newer fact settles them.\n\n"
	"Stopping screening is a fact like the others: the newest stop or\n"
	"resumption counts, wherever it was made. A copy made before a stop\n"
	"does not know of it, and its reviewer may judge records that nobody\n"
	"had judged when the team stopped. Those judgements are merged (work\n"
	"done is never thrown away), so the records count as screened and\n"
	"await the judgements they still need, as they would had they been\n"
	"judged here; the merge names them, and 'scopekit screen decide\n"
	"--undo' takes a judgement back if the team would rather leave them\n"
	"unscreened.\n\n"
	"The summary has a row per copy, kind of fact and who made them:\n"
	"added, present already, and in conflict.\n\n"
	"Options:\n"
	"  --conflicts                   list the disagreements found\n"
	"  --all                         with --conflicts: those settled too\n"
	"  --format table|csv|tsv|json   how to list (default table)\n\n"
	"Example:\n"
	"  scopekit merge ad.db cf.db\n"
	"  scopekit merge --conflicts\n",
	.run = merge_cmd_run,
};
