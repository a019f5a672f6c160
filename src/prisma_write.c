/*
 * prisma_write: the PRISMA 2020 flow counts written as text, JSON, CSV and
 * the PRISMA2020 template's CSV. Reads a struct prisma only.
 */
#include "prisma_write.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "output.h"
#include "banned.h"

/* ---- the lines of the flow ---- */

static void
line(prisma_line_fn fn, void *ctx, int depth, const char *label, long n)
{
	struct prisma_line l = { depth, label, n };

	fn(ctx, &l);
}

static void
items(prisma_line_fn fn, void *ctx, const struct prisma_items *it)
{
	for (size_t i = 0; i < it->n; i++)
		line(fn, ctx, 3, it->v[i].name, it->v[i].n);
}

static void
box(prisma_line_fn fn, void *ctx, const struct prisma *p, enum prisma_box b,
    int depth)
{
	line(fn, ctx, depth, prisma_box_label(b), p->n[b]);
	if (b <= PB_CITATIONS)
		items(fn, ctx, &p->sources[b]);
	else if (b == PB_REPORTS_EXCLUDED)
		items(fn, ctx, &p->reasons);
	else if (b == PB_OTHER_EXCLUDED)
		items(fn, ctx, &p->other_reasons);
}

static void
boxes(prisma_line_fn fn, void *ctx, const struct prisma *p, int first,
      int last, int depth)
{
	for (int b = first; b <= last; b++)
		box(fn, ctx, p, (enum prisma_box)b, depth);
}

void
prisma_lines(const struct prisma *p, prisma_line_fn fn, void *ctx)
{
	line(fn, ctx, 0, "Identification of new studies via databases and "
	     "registers", -1);
	boxes(fn, ctx, p, PB_DATABASES, PB_REGISTERS, 1);
	line(fn, ctx, 1, "Records removed before screening:", -1);
	boxes(fn, ctx, p, PB_DUPLICATES, PB_OTHER_REMOVED, 2);
	line(fn, ctx, 0, "Screening", -1);
	boxes(fn, ctx, p, PB_SCREENED, PB_REPORTS_EXCLUDED, 1);
	if (p->has_other) {
		line(fn, ctx, 0, "Identification of new studies via other "
		     "methods", -1);
		boxes(fn, ctx, p, PB_WEBSITES, PB_CITATIONS, 1);
		boxes(fn, ctx, p, PB_OTHER_SOUGHT, PB_OTHER_EXCLUDED, 1);
	}
	line(fn, ctx, 0, "Included", -1);
	boxes(fn, ctx, p, PB_STUDIES, PB_REPORTS, 1);
}

void
prisma_other_note(const struct prisma *p, struct buf *b)
{
	if (p->other_duplicates)
		buf_addf(b, "%ld records from other methods were found by the "
			 "database searches too and are counted there.",
			 p->other_duplicates);
}

/* ---- text ---- */

static void
text_line(void *ctx, const struct prisma_line *l)
{
	FILE *f = ctx;
	int indent = 2 * l->depth;

	if (l->n < 0)
		fprintf(f, "%*s%s\n", indent, "", l->label);
	else
		fprintf(f, "%*s%-*s %7ld\n", indent, "", 52 - indent,
			l->label, l->n);
}

void
prisma_write_text(FILE *f, const struct prisma *p, const char *title)
{
	struct buf note = BUF_INIT;

	fprintf(f, "PRISMA 2020 flow: %s\n\n", title);
	prisma_lines(p, text_line, f);
	prisma_other_note(p, &note);
	if (note.len)
		fprintf(f, "\n%s\n", note.data);
	buf_release(&note);
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

void
prisma_write_json(FILE *f, const struct prisma *p, const char *title)
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

int
prisma_write_csv(FILE *f, const struct prisma *p)
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

int
prisma_write_template(FILE *f, const struct prisma *p)
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
