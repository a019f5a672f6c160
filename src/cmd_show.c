/* scopekit show: one record in full. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "export.h"
#include "json.h"
#include "records.h"
#include "screen_rank.h"
#include "xalloc.h"
#include "banned.h"

/* Where the record came from: source, file and line. */
static int
show_origin(struct cli_ctx *ctx, long long id, char **source,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(ctx->st, &s,
			  "SELECT s.name, f.name, r.line, r.position "
			  "FROM record r JOIN source s ON s.id = r.source_id "
			  "JOIN source_file f ON f.id = r.file_id "
			  "WHERE r.id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*source = xstrdup((const char *)sqlite3_column_text(s, 0));
		fprintf(ctx->out, "Record %lld from %s (%s, line %lld, record "
			"%lld of the file)\n", id, *source,
			sqlite3_column_text(s, 1), sqlite3_column_int64(s, 2),
			sqlite3_column_int64(s, 3));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return sk_fail(err, SK_E_INPUT, NULL, 0,
			       "there is no record %lld ('scopekit records' "
			       "lists them)", id);
	if (rc != SQLITE_ROW)
		return store_fail(ctx->st, err, "cannot read the record");
	return 0;
}

#define WHY_TERMS 12	/* terms listed each way */

/* The terms that moved one record up or down in a reviewer's queue. */
static void
why_list(FILE *f, const char *what, const struct rank_term *t, size_t n,
	 int sign)
{
	size_t shown = 0;

	fprintf(f, "  %s\n", what);
	for (size_t i = 0; i < n && shown < WHY_TERMS; i++)
		/* parts too small to print move nothing worth naming */
		if ((t[i].part > 0) == (sign > 0) &&
		    fabs(t[i].part) >= 0.00005) {
			fprintf(f, "    %+8.4f  %s\n", t[i].part, t[i].term);
			shown++;
		}
	if (!shown)
		fputs("    (none)\n", f);
}

static void
why_json(FILE *f, long long id, const char *reviewer, double score,
	 double bias, const struct rank_term *t, size_t n)
{
	struct buf b = BUF_INIT;

	json_add_string(&b, reviewer);
	fprintf(f, "{\"record\": %lld, \"reviewer\": %s, \"score\": %.6f, "
		"\"bias\": %.6f, \"terms\": [", id, b.data, score, bias);
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		json_add_string(&b, t[i].term);
		fprintf(f, "%s{\"term\": %s, \"part\": %.6f}", i ? ", " : "",
			b.data, t[i].part);
	}
	fputs("]}\n", f);
	buf_release(&b);
}

/* Where the unit stands in the reviewer's queue (1-based), 0 if not in it. */
static int
queue_place(struct store *st, const struct screen_state *ss,
	    const struct screen_rank *r, long long unit, size_t *place,
	    size_t *n, struct sk_err *err)
{
	long long *ids;

	*place = 0;
	if (screen_rank_queue(st, ss, r, SCREEN_ORDER_AUTO, r->reviewer,
			      STAGE_TA, &ids, n, NULL, err) < 0)
		return -1;
	for (size_t i = 0; i < *n && !*place; i++)
		if (ids[i] == unit)
			*place = i + 1;
	free(ids);
	return 0;
}

static int
show_why(struct cli_ctx *ctx, long id, const char *reviewer, int json,
	 struct sk_err *err)
{
	struct screen_state ss;
	struct screen_rank r;
	struct rank_term *terms = NULL;
	long long unit;
	size_t n, place = 0, awaiting = 0;
	double score, bias;
	int rc;

	if (!reviewer)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--why needs the "
			       "reviewer whose queue it is: --reviewer NAME (or "
			       "set SCOPEKIT_REVIEWER)");
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    screen_reviewer_check(ctx->st, reviewer, err) < 0 ||
	    screen_unit_of(ctx->st, id, &unit, err) < 0 ||
	    screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	rc = screen_rank_load(ctx->st, &ss, reviewer, &r, err);
	if (rc == 0)
		rc = queue_place(ctx->st, &ss, &r, unit, &place, &awaiting,
				 err);
	screen_state_release(&ss);
	if (rc < 0) {
		screen_rank_release(&r);
		return -1;
	}
	rc = screen_rank_why(ctx->st, &r, unit, &terms, &n, &score, &bias, err);
	if (rc == 0 && json) {
		why_json(ctx->out, (long long)id, reviewer, score, bias, terms, n);
	} else if (rc == 0) {
		fprintf(ctx->out, "Record %lld%s in %s's title and abstract "
			"queue: score %.4f\n", (long long)id, unit == id ? "" :
			" (screened as its duplicate cluster)", reviewer,
			score);
		fprintf(ctx->out, "  learnt from %s's own judgements: %zu "
			"include%s or maybe, %zu exclude%s\n  the score starts "
			"at %.4f; each word or pair of words in the record\n"
			"  adds its part (its weight times how much the record "
			"holds it):\n", reviewer, r.judged[1],
			r.judged[1] == 1 ? "" : "s", r.judged[0],
			r.judged[0] == 1 ? "" : "s", bias);
		if (place)
			fprintf(ctx->out, "  place in the queue: %zu of %zu "
				"awaiting %s\n", place, awaiting, reviewer);
		why_list(ctx->out, "moved up by:", terms, n, 1);
		why_list(ctx->out, "moved down by:", terms, n, -1);
	}
	free(terms);
	screen_rank_release(&r);
	return rc;
}

static int
show_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "original", no_argument, NULL, 'o' },
		{ "why", no_argument, NULL, 'w' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text", *reviewer = NULL;
	enum export_format fmt;
	int c, original = 0, why = 0, rc = -1;
	long id;
	char *source = NULL;
	struct record rec;
	struct export *e;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			original = 1;
		else if (c == 'w')
			why = 1;
		else if (c == 'r')
			reviewer = optarg;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give one record id (see 'scopekit records')");
	if (cli_parse_long("the record id", argv[optind], 1, &id, err) < 0)
		return -1;
	if (why && strcmp(format, "text") && strcmp(format, "json"))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--why is shown as "
			       "text or json, not '%s'", format);
	if (why)
		return show_why(ctx, id, cli_reviewer(reviewer),
				!strcmp(format, "json"), err);
	if (!strcmp(format, "text"))
		fmt = EXPORT_TEXT;
	else if (!strcmp(format, "json"))
		fmt = EXPORT_JSON;
	else if (!strcmp(format, "ris"))
		fmt = EXPORT_RIS;
	else
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--format is text, json or ris, not '%s'",
			       format);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	record_init(&rec);
	if (fmt == EXPORT_TEXT && show_origin(ctx, id, &source, err) < 0)
		goto done;
	if (records_load(ctx->st, id, &rec, err) < 0)
		goto done;
	if (original) {
		fwrite(rec.original.data, 1, rec.original.len, ctx->out);
		if (rec.original.len && rec.original.data[rec.original.len - 1] != '\n')
			fputc('\n', ctx->out);
		rc = 0;
		goto done;
	}
	e = export_new(ctx->out, fmt);
	export_record(e, id, source, &rec);
	rc = export_finish(e);
	if (rc < 0)
		sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
done:
	free(source);
	record_release(&rec);
	return rc;
}

const struct command cmd_show = {
	.name = "show",
	.summary = "Show one record in full",
	.usage = "scopekit show ID [--format text|json|ris] [--original] "
		 "[--why]",
	.help =
	"Shows every field of a record, where it came from (source, file and\n"
	"line), and with --original the record's text exactly as imported.\n"
	"With --why, the words and word pairs that moved the record up or\n"
	"down in a reviewer's title and abstract queue: the model learns from\n"
	"that reviewer's own judgements only.\n\n"
	"Options:\n"
	"  --format F       text (default), json or ris\n"
	"  --original       the record as it was in the imported file\n"
	"  --why            why the record ranks where it does (text or json)\n"
	"  --reviewer NAME  whose queue, for --why (default:\n"
	"                   $SCOPEKIT_REVIEWER)\n",
	.run = show_run,
};
