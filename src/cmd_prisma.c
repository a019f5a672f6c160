/*
 * scopekit prisma: the PRISMA 2020 flow diagram's counts, as text, JSON,
 * CSV, the PRISMA2020 template CSV, SVG or dot; --explain lists the
 * records behind a box.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "prisma.h"
#include "prisma_svg.h"
#include "prisma_write.h"
#include "review.h"
#include "banned.h"

/* ---- --explain ---- */

struct explain_out {
	struct store *st;
	struct output *o;
	sqlite3_stmt *s;
};

static int
explain_row(void *ctx, long long record, const char *reason)
{
	struct explain_out *e = ctx;
	const char *cells[5];
	char id[32];

	snprintf(id, sizeof(id), "%lld", record);
	sqlite3_bind_int64(e->s, 1, record);
	if (sqlite3_step(e->s) != SQLITE_ROW) {
		sqlite3_reset(e->s);
		return -1;
	}
	cells[0] = id;
	cells[1] = (const char *)sqlite3_column_text(e->s, 0);
	cells[2] = (const char *)sqlite3_column_text(e->s, 1);
	cells[3] = (const char *)sqlite3_column_text(e->s, 2);
	cells[4] = reason;
	output_row(e->o, cells);
	sqlite3_reset(e->s);
	return 0;
}

static int
explain_box(struct cli_ctx *ctx, const char *box_id, enum output_format fmt,
	    struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "record", 1, 0 }, { "source", 0, 20 }, { "year", 1, 0 },
		{ "title", 0, 60 }, { "reason", 0, 0 },
	};
	struct explain_out e = { ctx->st, NULL, NULL };
	enum prisma_box box;
	int rc;

	if (prisma_box_parse(box_id, &box) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "no box '%s': the "
			       "boxes are named as in the PRISMA2020 CSV "
			       "(records_screened, dbr_excluded...; scopekit "
			       "prisma --format csv lists them)", box_id);
	if (store_prepare(ctx->st, &e.s, "SELECT s.name, r.year, r.title FROM "
			  "record r JOIN source s ON s.id = r.source_id WHERE "
			  "r.id = ?", err) < 0)
		return -1;
	e.o = output_new(ctx->out, fmt, cols, 5);
	rc = prisma_explain(ctx->st, box, explain_row, &e, err);
	if (output_finish(e.o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	sqlite3_finalize(e.s);
	return rc;
}

/* ---- the command ---- */

static int
print_flow(struct cli_ctx *ctx, const char *format, struct sk_err *err)
{
	struct prisma p;
	struct review r;
	int rc = 0;

	if (review_load(ctx->st, &r, err) < 0)
		return -1;
	if (prisma_count(ctx->st, &p, err) < 0) {
		review_release(&r);
		return -1;
	}
	if (!strcmp(format, "text"))
		prisma_write_text(ctx->out, &p, r.title);
	else if (!strcmp(format, "json"))
		prisma_write_json(ctx->out, &p, r.title);
	else if (!strcmp(format, "csv"))
		rc = prisma_write_csv(ctx->out, &p);
	else if (!strcmp(format, "svg"))
		rc = prisma_write_svg(ctx->out, &p, r.title);
	else if (!strcmp(format, "dot"))
		rc = prisma_write_dot(ctx->out, &p, r.title);
	else
		rc = prisma_write_template(ctx->out, &p);
	prisma_release(&p);
	review_release(&r);
	return rc < 0 ? sk_fail(err, SK_E_IO, "stdout", 0,
				"cannot write the output") : 0;
}

static int
prisma_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "explain", required_argument, NULL, 'x' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const char *const formats[] = {
		"text", "json", "csv", "prisma2020", "svg", "dot", NULL,
	};
	const char *format = NULL, *box = NULL;
	enum output_format fmt = OUTPUT_TABLE;
	int c, known = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'x')
			box = optarg;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (box) {
		if (format && cli_format(format, &fmt, err) < 0)
			return -1;
		return cli_store(ctx, STORE_READ, err) < 0 ? -1 :
		       explain_box(ctx, box, fmt, err);
	}
	if (!format)
		format = "text";
	for (const char *const *f = formats; *f; f++)
		known |= !strcmp(*f, format);
	if (!known)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--format is text, "
			       "json, csv, prisma2020, svg or dot, not '%s'",
			       format);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	return print_flow(ctx, format, err);
}

const struct command cmd_prisma = {
	.name = "prisma",
	.summary = "The PRISMA 2020 flow diagram, counted from the store",
	.usage = "scopekit prisma [--format FORMAT] [--explain BOX]",
	.help =
	"Counts every box of the PRISMA 2020 flow diagram for new reviews from\n"
	"what the store holds: the records each search found, duplicates,\n"
	"records marked by automation rules, screening, retrieval and full-text\n"
	"exclusions with their reasons. Nothing is typed in by hand. If the\n"
	"store cannot make a consistent diagram (screening not finished,\n"
	"judgements that contradict each other), it says why and draws nothing.\n\n"
	"Sources of kind 'other' (scopekit import --kind other) make the second\n"
	"column, 'other methods', which has no screening: their reports go\n"
	"straight to retrieval. A source named for citations or references\n"
	"counts as citation searching, one named for organisations or experts\n"
	"as organisations, any other as websites.\n\n"
	"Options:\n"
	"  --format text        the boxes, in order (default)\n"
	"  --format json        every count, source and reason\n"
	"  --format csv         one row per box, source and reason\n"
	"  --format prisma2020  the CSV the PRISMA2020 R package and web app read\n"
	"  --format svg         the diagram, laid out like the PRISMA 2020\n"
	"                       template, for a browser or print (A4 wide)\n"
	"  --format dot         the flow as a Graphviz graph\n"
	"  --explain BOX        the records behind a box, named as in the\n"
	"                       PRISMA2020 CSV: database_results, duplicates,\n"
	"                       excluded_automatic, records_screened,\n"
	"                       records_excluded, dbr_sought_reports,\n"
	"                       dbr_notretrieved_reports, dbr_assessed,\n"
	"                       dbr_excluded, other_sought_reports, new_reports...\n"
	"                       (--format table, csv, tsv or json)\n",
	.run = prisma_run,
};
