/*
 * scopekit freq: how many models of care (or studies, or reports) have
 * each value of a charted field, from the consensus: a table, Markdown
 * with its notes, CSV, JSON, or a bar chart in SVG; --by cross-tabulates.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "freq.h"
#include "freq_svg.h"
#include "json.h"
#include "query.h"
#include "xalloc.h"
#include "banned.h"

enum freq_format { FF_TABLE, FF_MD, FF_CSV, FF_TSV, FF_JSON, FF_SVG };

static const struct {
	const char *name;
	enum freq_format fmt;
} formats[] = {
	{ "table", FF_TABLE }, { "md", FF_MD }, { "markdown", FF_MD },
	{ "csv", FF_CSV }, { "tsv", FF_TSV }, { "json", FF_JSON },
	{ "svg", FF_SVG },
};

static int
format_parse(const char *s, enum freq_format *fmt, struct sk_err *err)
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
static void
caption(const struct freq *f, struct buf *b)
{
	buf_addf(b, "%s (%s)", f->label, f->field);
	if (f->by)
		buf_addf(b, " by %s (%s)", f->by_label, f->by);
}

static void
subcaption(const struct freq *f, struct buf *b)
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

	caption(f, &b);
	buf_adds(&b, "\n");
	subcaption(f, &b);
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

/* Text for a Markdown table cell: its syntax escaped, one line. */
static void
md_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
	}
}

static void
md_header(FILE *out, const struct freq *f)
{
	fputs("| ", out);
	md_text(out, f->label);
	for (size_t c = 0; c < f->ncols; c++) {
		fputs(" | ", out);
		md_text(out, f->cols[c].value);
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

	caption(f, &b);
	fputs("**", out);
	md_text(out, b.data);
	buf_reset(&b);
	subcaption(f, &b);
	fprintf(out, "** (%s)\n\n", b.data);
	buf_release(&b);
	md_header(out, f);
	for (size_t i = 0; i < f->nrows; i++) {
		const struct freq_row *r = &f->rows[i];
		char pct[32];

		fputs("| ", out);
		md_text(out, r->value);
		for (size_t c = 0; c < f->ncols; c++)
			fprintf(out, " | %ld", r->cells[c]);
		percent_text(pct, sizeof(pct), r);
		fprintf(out, " | %ld | %s |\n", r->n, pct);
	}
	for (size_t i = 0; i < notes->n; i++) {
		fputc('\n', out);
		md_text(out, notes->v[i]);
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

static int
write_freq(FILE *out, const struct freq *f, enum freq_format fmt,
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

struct freq_opts {
	const char *by;
	enum chart_level level;
	enum freq_format fmt;
	int others;
};

static int
freq_run_cmd(struct cli_ctx *ctx, const char *field,
	     const struct freq_opts *o, struct sk_err *err)
{
	struct freq f;
	int rc;

	if (o->others && (o->by || o->fmt == FF_SVG))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--others lists the "
			       "texts of Other: without --by, and as a table, "
			       "CSV, TSV or JSON");
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    query_read_only(ctx->st, err) < 0)
		return -1;
	rc = freq_count(ctx->st, field, o->by, o->level, &f, err);
	if (rc == 0 && (write_freq(ctx->out, &f, o->fmt, o->others) < 0 ||
			fflush(ctx->out) != 0 || ferror(ctx->out)))
		rc = sk_fail(err, SK_E_IO, "stdout", 0,
			     "cannot write the output");
	freq_release(&f);
	return rc;
}

static int
freq_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "level", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "others", no_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct freq_opts o = { NULL, LEVEL_UNIT, FF_TABLE, 0 };
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			o.by = optarg;
			break;
		case 'o':
			o.others = 1;
			break;
		case 'l':
			if (chart_level_parse(optarg, &o.level) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			break;
		case 'f':
			if (format_parse(optarg, &o.fmt, err) < 0)
				return -1;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the field to "
			       "count, as 'scopekit freq countries' ('scopekit "
			       "form' lists the fields)");
	if (optind + 1 < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unexpected argument "
			       "'%s': one field at a time (--by FIELD for a "
			       "second)", argv[optind + 1]);
	return freq_run_cmd(ctx, argv[optind], &o, err);
}

const struct command cmd_freq = {
	.name = "freq",
	.summary = "Frequency tables and bar charts of a charted field",
	.usage = "scopekit freq FIELD [--by FIELD2] [--level report|study|unit] "
		 "[--format FORMAT]",
	.help =
	"Counts how many units (models of care, say), studies or reports have\n"
	"each value of a field of the charting form, from the consensus of the\n"
	"extractors, with the percentage of all of them (n = 11 models of\n"
	"care). Every choice on the form is a row, in the form's order, even\n"
	"with 0; 'not reported' and 'unclear' are rows too, and so are units\n"
	"still awaiting consensus or not charted. A multiple choice counts a\n"
	"unit once for each value it has, so its percentages add up to more\n"
	"than 100 (a note says so). A field charted per study or per report,\n"
	"counted per unit, gives each unit the values of all its studies and\n"
	"their reports. Every 'Other: text' counts under Other; a note lists\n"
	"the texts.\n\n"
	"The counting is the SQL of queries/freq.sql, freq_by.sql and\n"
	"freq_others.sql: 'scopekit query freq --param field=F --param\n"
	"level=unit' gives the same numbers.\n\n"
	"Options:\n"
	"  --by FIELD2    a cross-tabulation: FIELD's values in rows, FIELD2's\n"
	"                 in columns, each cell the units that have both\n"
	"  --level L      what is counted: unit (default), study or report\n"
	"  --format F     table (default), md (Markdown with its notes), csv,\n"
	"                 tsv, json, or svg (a horizontal bar chart)\n"
	"  --others       list the texts written after 'Other:', with counts\n\n"
	"Examples:\n"
	"  scopekit freq countries\n"
	"  scopekit freq type_of_care --format md\n"
	"  scopekit freq professionals --format svg > professionals.svg\n"
	"  scopekit freq design --level report\n"
	"  scopekit freq type_of_care --by countries\n",
	.run = freq_cmd,
};
