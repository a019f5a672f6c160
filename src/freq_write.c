/*
 * freq_write: a frequency table written as a table for the terminal,
 * Markdown with its notes, CSV, TSV, JSON or an SVG bar chart.
 */
#include "freq_write.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "freq_svg.h"
#include "json.h"
#include "markdown.h"
#include "output.h"
#include "xalloc.h"
#include "banned.h"

static const struct {
	const char *name;
	enum freq_format fmt;
} formats[] = {
	{ "table", FF_TABLE }, { "md", FF_MD }, { "markdown", FF_MD },
	{ "csv", FF_CSV }, { "tsv", FF_TSV }, { "json", FF_JSON },
	{ "svg", FF_SVG },
};

int
freq_format_parse(const char *s, enum freq_format *fmt, struct sk_err *err)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(s, formats[i].name)) {
			*fmt = formats[i].fmt;
			return 0;
		}
	return sk_fail(err, SK_E_USAGE, NULL, 0, "--format is table, md, csv, "
		       "tsv, json or svg, not '%s'", s);
}

static void
percent_text(char *out, size_t size, const struct freq_row *r)
{
	snprintf(out, size, "%.1f", r->percent);
}

/* "Countries where ... (countries), per model of care" and so on. */
void
freq_caption(const struct freq *f, struct buf *b)
{
	buf_addf(b, "%s (%s)", f->label, f->field);
	if (f->by)
		buf_addf(b, " by %s (%s)", f->by_label, f->by);
}

void
freq_subcaption(const struct freq *f, struct buf *b)
{
	buf_addf(b, "n = %ld %s, counted from the consensus", f->total,
		 freq_noun(f, f->total));
}

/* ---- rows for the table, CSV and TSV writers ---- */

/* The columns: value, kind, [a column per value of by], n, %, total. */
static struct output_column *
table_columns(const struct freq *f, int with_kind, size_t *ncols)
{
	size_t n = 0, max = f->ncols + 5;
	struct output_column *c = xcalloc(max, sizeof(*c));

	c[n++] = (struct output_column){ with_kind ? "value" : f->field, 0,
					 0 };
	if (with_kind)
		c[n++] = (struct output_column){ "kind", 0, 0 };
	for (size_t i = 0; i < f->ncols; i++)
		c[n++] = (struct output_column){ f->cols[i].value, 1, 0 };
	c[n++] = (struct output_column){ f->by ? "all" : "n", 1, 0 };
	c[n++] = (struct output_column){ with_kind ? "percent" : "%", 1, 0 };
	if (with_kind)
		c[n++] = (struct output_column){ "total", 1, 0 };
	*ncols = n;
	return c;
}

static int
write_rows(FILE *out, const struct freq *f, enum output_format fmt)
{
	int with_kind = fmt != OUTPUT_TABLE;
	size_t ncols;
	struct output_column *cols = table_columns(f, with_kind, &ncols);
	const char **cells = xcalloc(ncols, sizeof(*cells));
	char (*num)[32] = xcalloc(ncols, sizeof(*num));
	struct output *o = output_new(out, fmt, cols, ncols);
	int rc;

	for (size_t i = 0; i < f->nrows; i++) {
		const struct freq_row *r = &f->rows[i];
		size_t k = 0;

		cells[k++] = r->value;
		if (with_kind)
			cells[k++] = freq_kind_name(r->kind);
		for (size_t c = 0; c < f->ncols; c++, k++) {
			snprintf(num[k], sizeof(num[k]), "%ld", r->cells[c]);
			cells[k] = num[k];
		}
		snprintf(num[k], sizeof(num[k]), "%ld", r->n);
		cells[k] = num[k];
		k++;
		percent_text(num[k], sizeof(num[k]), r);
		cells[k] = num[k];
		k++;
		if (with_kind) {
			snprintf(num[k], sizeof(num[k]), "%ld", f->total);
			cells[k] = num[k];
		}
		output_row(o, cells);
	}
	rc = output_finish(o);
	free(num);
	free(cells);
	free(cols);
	return rc;
}

static void
write_notes(FILE *out, const struct strlist *notes, const char *bullet)
{
	for (size_t i = 0; i < notes->n; i++)
		fprintf(out, "%s%s\n", bullet, notes->v[i]);
}

static int
write_table(FILE *out, const struct freq *f, const struct strlist *notes)
{
	struct buf b = BUF_INIT;
	int rc;

	freq_caption(f, &b);
	buf_adds(&b, "\n");
	freq_subcaption(f, &b);
	fprintf(out, "%s\n\n", b.data);
	buf_release(&b);
	rc = write_rows(out, f, OUTPUT_TABLE);
	if (notes->n) {
		fputc('\n', out);
		write_notes(out, notes, "");
	}
	return rc;
}

/* ---- Markdown ---- */

static void
md_header(FILE *out, const struct freq *f)
{
	fputs("| ", out);
	md_write_text(out, f->label);
	for (size_t c = 0; c < f->ncols; c++) {
		fputs(" | ", out);
		md_write_text(out, f->cols[c].value);
	}
	fputs(f->by ? " | all | % |\n| :--- |" : " | n | % |\n| :--- |", out);
	for (size_t c = 0; c < f->ncols; c++)
		fputs(" ---: |", out);
	fputs(" ---: | ---: |\n", out);
}

static int
write_md(FILE *out, const struct freq *f, const struct strlist *notes)
{
	struct buf b = BUF_INIT;

	freq_caption(f, &b);
	fputs("**", out);
	md_write_text(out, b.data);
	buf_reset(&b);
	freq_subcaption(f, &b);
	fprintf(out, "** (%s)\n\n", b.data);
	buf_release(&b);
	md_header(out, f);
	for (size_t i = 0; i < f->nrows; i++) {
		const struct freq_row *r = &f->rows[i];
		char pct[32];

		fputs("| ", out);
		md_write_text(out, r->value);
		for (size_t c = 0; c < f->ncols; c++)
			fprintf(out, " | %ld", r->cells[c]);
		percent_text(pct, sizeof(pct), r);
		fprintf(out, " | %ld | %s |\n", r->n, pct);
	}
	for (size_t i = 0; i < notes->n; i++) {
		fputc('\n', out);
		md_write_text(out, notes->v[i]);
		fputc('\n', out);
	}
	return 0;
}

/* ---- JSON ---- */

static void
json_row(struct buf *b, const struct freq_row *r, size_t ncells)
{
	buf_adds(b, "{\"value\":");
	json_add_string(b, r->value);
	buf_adds(b, ",\"kind\":");
	json_add_string(b, freq_kind_name(r->kind));
	buf_addf(b, ",\"n\":%ld,\"percent\":%.1f", r->n, r->percent);
	if (r->cells) {
		buf_adds(b, ",\"cells\":[");
		for (size_t c = 0; c < ncells; c++)
			buf_addf(b, "%s%ld", c ? "," : "", r->cells[c]);
		buf_addch(b, ']');
	}
	buf_addch(b, '}');
}

static void
json_rows(struct buf *b, const char *key, const struct freq_row *rows,
	  size_t n, size_t ncells)
{
	buf_addf(b, ",\n \"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		buf_adds(b, i ? ",\n  " : "\n  ");
		json_row(b, &rows[i], ncells);
	}
	buf_adds(b, "]");
}

static int
write_json(FILE *out, const struct freq *f, const struct strlist *notes)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "{\"field\":");
	json_add_string(&b, f->field);
	buf_adds(&b, ",\"label\":");
	json_add_string(&b, f->label);
	buf_addf(&b, ",\"level\":\"%s\",\"charted_per\":\"%s\",\"total\":%ld,"
		 "\"counted\":", chart_level_name(f->level),
		 chart_level_name(f->field_level), f->total);
	json_add_string(&b, f->noun_many);
	if (f->by) {
		buf_adds(&b, ",\"by\":");
		json_add_string(&b, f->by);
		json_rows(&b, "columns", f->cols, f->ncols, 0);
	}
	json_rows(&b, "rows", f->rows, f->nrows, f->ncols);
	buf_adds(&b, ",\n \"others\":[");
	for (size_t i = 0; i < f->nothers; i++) {
		buf_adds(&b, i ? ",{\"text\":" : "{\"text\":");
		json_add_string(&b, f->others[i].text);
		buf_addf(&b, ",\"n\":%ld}", f->others[i].n);
	}
	buf_adds(&b, "],\n \"notes\":");
	json_add_strlist(&b, notes);
	buf_adds(&b, "}\n");
	fputs(b.data, out);
	buf_release(&b);
	return 0;
}

/* ---- --others: the texts of Other as the table ---- */

static int
write_others(FILE *out, const struct freq *f, enum freq_format fmt)
{
	static const struct output_column cols[] = {
		{ "other", 0, 60 }, { "n", 1, 0 },
	};
	enum output_format ofmt = fmt == FF_CSV ? OUTPUT_CSV : fmt == FF_TSV ?
				  OUTPUT_TSV : fmt == FF_JSON ? OUTPUT_JSON :
				  OUTPUT_TABLE;
	struct output *o = output_new(out, ofmt, cols, 2);

	for (size_t i = 0; i < f->nothers; i++) {
		char n[32];
		const char *cells[2] = { f->others[i].text, n };

		snprintf(n, sizeof(n), "%ld", f->others[i].n);
		output_row(o, cells);
	}
	return output_finish(o);
}

/* ---- the command ---- */

int
freq_write(FILE *out, const struct freq *f, enum freq_format fmt,
	   int others)
{
	struct strlist notes = { NULL, 0, 0 };
	int rc;

	if (others)
		return write_others(out, f, fmt);
	freq_notes(f, &notes);
	switch (fmt) {
	case FF_MD: rc = write_md(out, f, &notes); break;
	case FF_CSV: rc = write_rows(out, f, OUTPUT_CSV); break;
	case FF_TSV: rc = write_rows(out, f, OUTPUT_TSV); break;
	case FF_JSON: rc = write_json(out, f, &notes); break;
	case FF_SVG: rc = freq_write_svg(out, f, &notes); break;
	default: rc = write_table(out, f, &notes); break;
	}
	strlist_release(&notes);
	return rc;
}
