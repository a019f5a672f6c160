/*
 * scopekit prisma: the PRISMA 2020 flow diagram's counts, as text, JSON,
 * CSV, the PRISMA2020 template CSV, SVG or dot; --explain lists the
 * records behind a box.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "prisma.h"
#include "prisma_svg.h"
#include "review.h"
#include "banned.h"

/* ---- text ---- */

static void
text_line(FILE *f, int indent, const char *label, long n)
{
	fprintf(f, "%*s%-*s %7ld\n", indent, "", 52 - indent, label, n);
}

static void
text_items(FILE *f, const struct prisma_items *items)
{
	for (size_t i = 0; i < items->n; i++)
		text_line(f, 6, items->v[i].name, items->v[i].n);
}

static void
text_box(FILE *f, const struct prisma *p, enum prisma_box b, int indent)
{
	text_line(f, indent, prisma_box_label(b), p->n[b]);
	if (b <= PB_CITATIONS)
		text_items(f, &p->sources[b]);
	else if (b == PB_REPORTS_EXCLUDED)
		text_items(f, &p->reasons);
	else if (b == PB_OTHER_EXCLUDED)
		text_items(f, &p->other_reasons);
}

static void
print_text(FILE *f, const struct prisma *p, const char *title)
{
	fprintf(f, "PRISMA 2020 flow: %s\n\n", title);
	fputs("Identification of new studies via databases and registers\n", f);
	text_box(f, p, PB_DATABASES, 2);
	text_box(f, p, PB_REGISTERS, 2);
	fputs("  Records removed before screening:\n", f);
	for (int b = PB_DUPLICATES; b <= PB_OTHER_REMOVED; b++)
		text_box(f, p, (enum prisma_box)b, 4);
	fputs("Screening\n", f);
	for (int b = PB_SCREENED; b <= PB_REPORTS_EXCLUDED; b++)
		text_box(f, p, (enum prisma_box)b, 2);
	if (p->has_other) {
		fputs("Identification of new studies via other methods\n", f);
		for (int b = PB_WEBSITES; b <= PB_CITATIONS; b++)
			text_box(f, p, (enum prisma_box)b, 2);
		for (int b = PB_OTHER_SOUGHT; b <= PB_OTHER_EXCLUDED; b++)
			text_box(f, p, (enum prisma_box)b, 2);
	}
	fputs("Included\n", f);
	text_box(f, p, PB_STUDIES, 2);
	text_box(f, p, PB_REPORTS, 2);
	if (p->other_duplicates)
		fprintf(f, "\n%ld records from other methods were found by the "
			"database searches too and are counted there.\n",
			p->other_duplicates);
}

/* ---- JSON and CSV ---- */

static void
json_items(struct buf *b, const char *key, const struct prisma_items *items)
{
	buf_addf(b, ",\"%s\":[", key);
	for (size_t i = 0; i < items->n; i++) {
		buf_adds(b, i ? ",{\"name\":" : "{\"name\":");
		json_add_string(b, items->v[i].name);
		buf_addf(b, ",\"n\":%ld}", items->v[i].n);
	}
	buf_addch(b, ']');
}

static void
print_json(FILE *f, const struct prisma *p, const char *title)
{
	static const char *const source_keys[] = {
		"databases", "registers", "websites", "organisations",
		"citations",
	};
	struct buf b = BUF_INIT;

	buf_adds(&b, "{\"review\":");
	json_add_string(&b, title);
	buf_adds(&b, ",\"boxes\":{");
	for (int i = 0; i < PB_COUNT; i++)
		buf_addf(&b, "%s\"%s\":%ld", i ? "," : "",
			 prisma_box_id((enum prisma_box)i), p->n[i]);
	buf_addch(&b, '}');
	for (int i = 0; i <= PB_CITATIONS; i++)
		json_items(&b, source_keys[i], &p->sources[i]);
	json_items(&b, "reasons", &p->reasons);
	json_items(&b, "other_reasons", &p->other_reasons);
	buf_addf(&b, ",\"other_methods\":%s,\"other_duplicates\":%ld}\n",
		 p->has_other ? "true" : "false", p->other_duplicates);
	fputs(b.data, f);
	buf_release(&b);
}

static void
csv_row(struct output *o, enum prisma_box b, const char *item, long n)
{
	char num[32];
	const char *cells[4] = { prisma_box_id(b), prisma_box_label(b), item,
				 num };

	snprintf(num, sizeof(num), "%ld", n);
	output_row(o, cells);
}

static void
csv_items(struct output *o, enum prisma_box b, const struct prisma_items *items)
{
	for (size_t i = 0; i < items->n; i++)
		csv_row(o, b, items->v[i].name, items->v[i].n);
}

static int
print_csv(FILE *f, const struct prisma *p)
{
	static const struct output_column cols[] = {
		{ "box", 0, 0 }, { "label", 0, 0 }, { "item", 0, 0 },
		{ "n", 1, 0 },
	};
	struct output *o = output_new(f, OUTPUT_CSV, cols, 4);

	for (int i = 0; i < PB_COUNT; i++) {
		enum prisma_box b = (enum prisma_box)i;

		csv_row(o, b, NULL, p->n[b]);
		if (b <= PB_CITATIONS)
			csv_items(o, b, &p->sources[b]);
		else if (b == PB_REPORTS_EXCLUDED)
			csv_items(o, b, &p->reasons);
		else if (b == PB_OTHER_EXCLUDED)
			csv_items(o, b, &p->other_reasons);
	}
	return output_finish(o);
}

/* ---- the PRISMA2020 template CSV ---- */

/* "Name, n; Name, n", as the template's reason and source cells read. */
static void
items_cell(struct buf *b, const struct prisma_items *items)
{
	buf_reset(b);
	for (size_t i = 0; i < items->n; i++)
		buf_addf(b, "%s%s, %ld", i ? "; " : "", items->v[i].name,
			 items->v[i].n);
}

/* The template's rows: data id, node, box, description, box text. */
static const struct {
	const char *data, *node, *box, *description, *boxtext;
} template_rows[] = {
	{ "previous_studies", "node5", "box1", "Studies included in previous version of review", "Studies included in previous version of review" },
	{ "previous_reports", "NA", "box1", "Reports of studies included in previous version of review", "Reports of studies included in previous version of review" },
	{ "database_results", "node7", "box2", "Records identified from: Databases", "Databases" },
	{ "database_specific_results", "NA", "box2", "Records identified from: specific databases", "Specific Databases" },
	{ "register_results", "NA", "box2", "Records identified from: Registers", "Registers" },
	{ "register_specific_results", "NA", "box2", "Records identified from: specific registers", "Specific Registers" },
	{ "website_results", "node17", "box11", "Records identified from: Websites", "Websites" },
	{ "organisation_results", "NA", "box11", "Records identified from: Organisations", "Organisations" },
	{ "citations_results", "NA", "box11", "Records identified from: Citation searching", "Citation searching" },
	{ "duplicates", "node8", "box3", "Duplicate records", "Duplicate records" },
	{ "excluded_automatic", "NA", "box3", "Records marked as ineligible by automation tools", "Records marked as ineligible by automation tools" },
	{ "excluded_other", "NA", "box3", "Records removed for other reasons", "Records removed for other reasons" },
	{ "records_screened", "node9", "box4", "Records screened (databases and registers)", "Records screened" },
	{ "records_excluded", "node10", "box5", "Records excluded (databases and registers)", "Records excluded" },
	{ "dbr_sought_reports", "node11", "box6", "Reports sought for retrieval (databases and registers)", "Reports sought for retrieval" },
	{ "dbr_notretrieved_reports", "node12", "box7", "Reports not retrieved (databases and registers)", "Reports not retrieved" },
	{ "other_sought_reports", "node18", "box12", "Reports sought for retrieval (other)", "Reports sought for retrieval" },
	{ "other_notretrieved_reports", "node19", "box13", "Reports not retrieved (other)", "Reports not retrieved" },
	{ "dbr_assessed", "node13", "box8", "Reports assessed for eligibility (databases and registers)", "Reports assessed for eligibility" },
	{ "dbr_excluded", "node14", "box9", "Reports excluded (databases and registers)", "Reports excluded" },
	{ "other_assessed", "node20", "box14", "Reports assessed for eligibility (other)", "Reports assessed for eligibility" },
	{ "other_excluded", "node21", "box15", "Reports excluded (other)", "Reports excluded" },
	{ "new_studies", "node15", "box10", "New studies included in review", "New studies included in review" },
	{ "new_reports", "NA", "box10", "Reports of new included studies", "Reports of new included studies" },
	{ "total_studies", "node22", "box16", "Total studies included in review", "Total studies included in review" },
	{ "total_reports", "NA", "box16", "Reports of total included studies", "Reports of total included studies" },
};

/* The n of a template row: a count, or a "Name, n; ..." list. */
static const char *
template_n(const struct prisma *p, const char *data, struct buf *b)
{
	enum prisma_box box;

	if (!strcmp(data, "database_specific_results"))
		items_cell(b, &p->sources[PB_DATABASES]);
	else if (!strcmp(data, "register_specific_results"))
		items_cell(b, &p->sources[PB_REGISTERS]);
	else if (!strcmp(data, "dbr_excluded"))
		items_cell(b, &p->reasons);
	else if (!strcmp(data, "other_excluded"))
		items_cell(b, &p->other_reasons);
	else if (!strcmp(data, "total_studies"))
		buf_addf((buf_reset(b), b), "%ld", p->n[PB_STUDIES]);
	else if (!strcmp(data, "total_reports"))
		buf_addf((buf_reset(b), b), "%ld", p->n[PB_REPORTS]);
	else if (prisma_box_parse(data, &box) == 0)
		buf_addf((buf_reset(b), b), "%ld", p->n[box]);
	else
		buf_addf((buf_reset(b), b), "0");
	return b->data;
}

static int
print_prisma2020(FILE *f, const struct prisma *p)
{
	static const struct output_column cols[] = {
		{ "data", 0, 0 }, { "node", 0, 0 }, { "box", 0, 0 },
		{ "description", 0, 0 }, { "boxtext", 0, 0 },
		{ "tooltips", 0, 0 }, { "url", 0, 0 }, { "n", 0, 0 },
	};
	struct output *o = output_new(f, OUTPUT_CSV, cols, 8);
	struct buf n = BUF_INIT;
	int rc;

	for (size_t i = 0; i < sizeof(template_rows) / sizeof(*template_rows);
	     i++) {
		const char *cells[8] = {
			template_rows[i].data, template_rows[i].node,
			template_rows[i].box, template_rows[i].description,
			template_rows[i].boxtext, template_rows[i].description,
			"NA", template_n(p, template_rows[i].data, &n),
		};

		output_row(o, cells);
	}
	rc = output_finish(o);
	buf_release(&n);
	return rc;
}

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
		print_text(ctx->out, &p, r.title);
	else if (!strcmp(format, "json"))
		print_json(ctx->out, &p, r.title);
	else if (!strcmp(format, "csv"))
		rc = print_csv(ctx->out, &p);
	else if (!strcmp(format, "svg"))
		rc = prisma_write_svg(ctx->out, &p, r.title);
	else if (!strcmp(format, "dot"))
		rc = prisma_write_dot(ctx->out, &p, r.title);
	else
		rc = print_prisma2020(ctx->out, &p);
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
