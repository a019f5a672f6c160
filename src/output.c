#include "output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "buf.h"
#include "json.h"
#include "xalloc.h"
#include "banned.h"

struct output {
	FILE *f;
	enum output_format fmt;
	const struct output_column *cols;
	size_t ncols;
	size_t nrows;
	/* table: rows kept until the widths are known */
	char **cells;
	size_t ncells;
	size_t cap;
};

int
output_format_parse(const char *name, enum output_format *fmt)
{
	static const struct {
		const char *name;
		enum output_format fmt;
	} names[] = {
		{ "table", OUTPUT_TABLE },
		{ "csv", OUTPUT_CSV },
		{ "tsv", OUTPUT_TSV },
		{ "json", OUTPUT_JSON },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

size_t
output_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t width = 0;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);

		if (n <= 0) {
			p++;
			width++;
			continue;
		}
		if (cp >= 0x20)
			width += (size_t)utf8proc_charwidth(cp);
		p += n;
	}
	return width;
}

/*
 * A text cell that a spreadsheet would run as a formula (=HYPERLINK(...)
 * in a title) starts with a quote mark, which spreadsheets show as text.
 */
int
output_formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s) != NULL;
}

static void
csv_cell(FILE *f, const char *s, int numeric)
{
	int guard;

	if (!s)
		return;
	guard = !numeric && output_formula_like(s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* TSV has no quoting: tabs and line ends inside a cell become spaces. */
static void
tsv_cell(FILE *f, const char *s)
{
	if (!s)
		return;
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void
json_row(struct output *o, const char *const *cells, const int *numeric)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, o->nrows ? ",\n  {" : "[\n  {");
	for (size_t i = 0; i < o->ncols; i++) {
		if (i)
			buf_adds(&b, ", ");
		json_add_string(&b, o->cols[i].name);
		buf_adds(&b, ": ");
		if (cells[i] && (numeric ? numeric[i] : o->cols[i].numeric))
			buf_adds(&b, cells[i]);
		else
			json_add_string(&b, cells[i]);
	}
	buf_addch(&b, '}');
	fwrite(b.data, 1, b.len, o->f);
	buf_release(&b);
}

struct output *
output_new(FILE *f, enum output_format fmt, const struct output_column *cols,
	   size_t ncols)
{
	struct output *o = xcalloc(1, sizeof(*o));

	o->f = f;
	o->fmt = fmt;
	o->cols = cols;
	o->ncols = ncols;
	if (fmt == OUTPUT_CSV || fmt == OUTPUT_TSV) {
		for (size_t i = 0; i < ncols; i++) {
			if (i)
				fputc(fmt == OUTPUT_CSV ? ',' : '\t', f);
			fputs(cols[i].name, f);
		}
		fputs(fmt == OUTPUT_CSV ? "\r\n" : "\n", f);
	}
	return o;
}

void
output_row(struct output *o, const char *const *cells)
{
	output_row_typed(o, cells, NULL);
}

void
output_row_typed(struct output *o, const char *const *cells,
		 const int *numeric)
{
	switch (o->fmt) {
	case OUTPUT_TABLE:
		o->cells = xgrow(o->cells, &o->cap, o->ncells + o->ncols,
				 sizeof(*o->cells));
		for (size_t i = 0; i < o->ncols; i++)
			o->cells[o->ncells++] = xstrdup(cells[i] ? cells[i] : "");
		break;
	case OUTPUT_CSV:
	case OUTPUT_TSV:
		for (size_t i = 0; i < o->ncols; i++) {
			if (i)
				fputc(o->fmt == OUTPUT_CSV ? ',' : '\t', o->f);
			if (o->fmt == OUTPUT_CSV)
				csv_cell(o->f, cells[i], numeric ? numeric[i] :
					 o->cols[i].numeric);
			else
				tsv_cell(o->f, cells[i]);
		}
		fputs(o->fmt == OUTPUT_CSV ? "\r\n" : "\n", o->f);
		break;
	case OUTPUT_JSON:
		json_row(o, cells, numeric);
		break;
	}
	o->nrows++;
}

/* Cut s to at most width columns, ending with an ellipsis if cut. */
static void
fit_cell(struct buf *b, const char *s, size_t width)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t used = 0;

	buf_reset(b);
	if (output_width(s) <= width) {
		for (; *s; s++)
			buf_addch(b, *s == '\n' || *s == '\t' ? ' ' : *s);
		return;
	}
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);
		size_t w;

		if (n <= 0)
			break;
		w = cp >= 0x20 ? (size_t)utf8proc_charwidth(cp) : 1;
		if (used + w + 1 > width)
			break;
		if (cp == '\n' || cp == '\t')
			buf_addch(b, ' ');
		else
			buf_add(b, p, (size_t)n);
		used += w;
		p += n;
	}
	buf_adds(b, "\xe2\x80\xa6");
}

static void
write_table(struct output *o)
{
	size_t *width = xcalloc(o->ncols, sizeof(*width));
	struct buf cell = BUF_INIT;

	for (size_t c = 0; c < o->ncols; c++) {
		width[c] = output_width(o->cols[c].name);
		for (size_t r = 0; r < o->nrows; r++) {
			size_t w = output_width(o->cells[r * o->ncols + c]);

			if (o->cols[c].max_width && w > (size_t)o->cols[c].max_width)
				w = (size_t)o->cols[c].max_width;
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t r = 0; r <= o->nrows; r++) {
		for (size_t c = 0; c < o->ncols; c++) {
			const char *s = r ? o->cells[(r - 1) * o->ncols + c] :
					    o->cols[c].name;
			size_t w;

			fit_cell(&cell, s, width[c]);
			w = output_width(cell.data);
			if (o->cols[c].numeric && r)
				fprintf(o->f, "%*s%s", (int)(width[c] - w), "",
					cell.data);
			else if (c + 1 < o->ncols)
				fprintf(o->f, "%s%*s", cell.data,
					(int)(width[c] - w), "");
			else
				fputs(cell.data, o->f);
			if (c + 1 < o->ncols)
				fputs("  ", o->f);
		}
		fputc('\n', o->f);
	}
	buf_release(&cell);
	free(width);
}

int
output_finish(struct output *o)
{
	int rc;

	if (o->fmt == OUTPUT_TABLE)
		write_table(o);
	else if (o->fmt == OUTPUT_JSON)
		fputs(o->nrows ? "\n]\n" : "[]\n", o->f);
	for (size_t i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	rc = fflush(o->f) == 0 && !ferror(o->f) ? 0 : -1;
	free(o);
	return rc;
}
