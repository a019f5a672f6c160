/*
 * doc: a report's page as a list of blocks (headings, paragraphs, tables
 * with their notes, figures), written as one self-contained HTML page or
 * as Markdown. Knows nothing of the store: the report fills it.
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "svg.h"
#include "xalloc.h"
#include "banned.h"

/* ---- building ---- */

static struct doc_block *
add_block(struct doc *d, enum doc_kind kind, const char *text)
{
	struct doc_block *b;

	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->text = xstrdup(text ? text : "");
	return b;
}

void
doc_heading(struct doc *d, int level, const char *text)
{
	add_block(d, DOC_HEADING, text)->level = level < 1 ? 1 :
						 level > 3 ? 3 : level;
}

void
doc_text(struct doc *d, const char *text)
{
	add_block(d, DOC_TEXT, text);
}

void
doc_table(struct doc *d, const char *caption, const char *file, size_t ncols,
	  const char *const *head, const int *numeric)
{
	struct doc_block *b = add_block(d, DOC_TABLE, caption);
	struct doc_table *t = &b->table;

	b->file = file ? xstrdup(file) : NULL;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->numeric = xcalloc(ncols, sizeof(*t->numeric));
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = xstrdup(head[i] ? head[i] : "");
		t->numeric[i] = numeric ? numeric[i] : 0;
	}
}

static struct doc_block *
last_table(struct doc *d)
{
	for (size_t i = d->n; i > 0; i--)
		if (d->v[i - 1].kind == DOC_TABLE)
			return &d->v[i - 1];
	abort();	/* a row or note before any table is a bug */
}

void
doc_row(struct doc *d, const char *const *cells, int depth, int style)
{
	struct doc_table *t = &last_table(d)->table;
	size_t cap = t->cap;

	/* the row's depth sets the capacity; style and cells follow it */
	t->depth = xgrow(t->depth, &t->cap, t->nrows + 1, sizeof(*t->depth));
	if (t->cap != cap) {
		t->style = xrealloc(t->style, t->cap * sizeof(*t->style));
		t->cells = xrealloc(t->cells, t->cap * t->ncols *
				    sizeof(*t->cells));
	}
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] =
			cells[i] ? xstrdup(cells[i]) : NULL;
	t->depth[t->nrows] = depth < 0 ? 0 : depth > 3 ? 3 : depth;
	t->style[t->nrows] = style;
	t->nrows++;
}

void
doc_note(struct doc *d, const char *note)
{
	struct doc_block *b = last_table(d);

	strlist_add(&b->notes, note, strlen(note));
}

void
doc_figure(struct doc *d, const char *alt, const char *file, const char *svg,
	   size_t len)
{
	struct doc_block *b = add_block(d, DOC_FIGURE, alt);

	b->file = xstrdup(file);
	b->svg = xmalloc(len + 1);
	memcpy(b->svg, svg, len);
	b->svg[len] = '\0';
	b->svg_len = len;
}

void
doc_release(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct doc_block *b = &d->v[i];
		struct doc_table *t = &b->table;

		for (size_t c = 0; c < t->ncols; c++)
			free(t->head[c]);
		for (size_t c = 0; c < t->nrows * t->ncols; c++)
			free(t->cells[c]);
		free(t->head);
		free(t->cells);
		free(t->depth);
		free(t->style);
		free(t->numeric);
		strlist_release(&b->notes);
		free(b->text);
		free(b->file);
		free(b->svg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* ---- HTML ---- */

static const char html_style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
	"sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;"
	"line-height:1.45;color:#111;background:#fff}\n"
	"h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.3rem;"
	"margin-top:2.2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem;"
	"margin-top:1.6rem}\n"
	"table{border-collapse:collapse;margin:.4rem 0;font-size:.9rem}\n"
	"table.wide{width:100%}.scroll{overflow-x:auto}\n"
	"figure.table figcaption{font-weight:600;font-size:.95rem;color:#111}\n"
	"th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;"
	"vertical-align:top;overflow-wrap:break-word;hyphens:auto}\n"
	"th{background:#eee}td.n{text-align:right;"
	"font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"tr.group td{font-weight:600;background:#f6f6f6}\n"
	"td.d1{padding-left:1.5rem}td.d2{padding-left:2.5rem}"
	"td.d3{padding-left:3.5rem}\n"
	".notes{font-size:.85rem;margin:.2rem 0 0;padding-left:1.2rem}\n"
	".file{font-size:.85rem;color:#444}\n"
	"figure{margin:1rem 0}figure img{max-width:100%;height:auto}\n"
	"figcaption{font-size:.85rem;color:#444}\n"
	"@media print{body{max-width:none;margin:0}h2{break-before:auto}"
	"figure{break-inside:avoid}}\n";

/* Text for HTML: one line, not UTF-8 made U+FFFD, markup escaped. */
static void
html_text(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	svg_clean_text(&b, s ? s : "");
	svg_escape(f, b.data ? b.data : "");
	buf_release(&b);
}

static void
base64(FILE *f, const unsigned char *p, size_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)p[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (unsigned long)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		fputc(digits[v >> 18 & 63], f);
		fputc(digits[v >> 12 & 63], f);
		fputc(left > 1 ? digits[v >> 6 & 63] : '=', f);
		fputc(left > 2 ? digits[v & 63] : '=', f);
	}
}

static void
html_file_link(FILE *f, const char *file)
{
	fputs("<a href=\"", f);
	html_text(f, file);
	fputs("\">", f);
	html_text(f, file);
	fputs("</a>", f);
}

static void
html_cell(FILE *f, const struct doc_table *t, size_t r, size_t c)
{
	const char *cell = t->cells[r * t->ncols + c];

	fputs("<td", f);
	if (t->numeric[c])
		fputs(" class=\"n\"", f);
	else if (c == 0 && t->depth[r])
		fprintf(f, " class=\"d%d\"", t->depth[r]);
	fputc('>', f);
	html_text(f, cell);
	fputs("</td>", f);
}

static void
html_table(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = &b->table;

	/* the caption as the figure's, as wide as the page, not the table */
	fputs("<figure class=\"table\"><figcaption>", f);
	html_text(f, b->text);
	/* many columns take the page's width, and wrap their text */
	fputs(t->ncols > 4 ? "</figcaption>\n<div class=\"scroll\"><table "
	      "class=\"wide\">\n" : "</figcaption>\n<div class=\"scroll\">"
	      "<table>\n", f);
	fputs("<thead><tr>", f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("<th scope=\"col\">", f);
		html_text(f, t->head[c]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs(t->style[r] == DOC_ROW_GROUP ? "<tr class=\"group\">" :
		      "<tr>", f);
		for (size_t c = 0; c < t->ncols; c++)
			html_cell(f, t, r, c);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	if (b->notes.n) {
		fputs("<ul class=\"notes\">\n", f);
		for (size_t i = 0; i < b->notes.n; i++) {
			fputs("<li>", f);
			html_text(f, b->notes.v[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	if (b->file) {
		fputs("<p class=\"file\">The same table as CSV: ", f);
		html_file_link(f, b->file);
		fputs("</p>\n", f);
	}
	fputs("</figure>\n", f);
}

static void
html_figure(FILE *f, const struct doc_block *b)
{
	fputs("<figure><img alt=\"", f);
	html_text(f, b->text);
	fputs("\" src=\"data:image/svg+xml;base64,", f);
	base64(f, (const unsigned char *)b->svg, b->svg_len);
	fputs("\"/>\n<figcaption>", f);
	html_text(f, b->text);
	fputs(" (", f);
	html_file_link(f, b->file);
	fputs(")</figcaption></figure>\n", f);
}

int
doc_write_html(FILE *f, const struct doc *d, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	      "content=\"width=device-width, initial-scale=1\"/>\n<title>", f);
	html_text(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		html_style);
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->v[i];

		switch (b->kind) {
		case DOC_HEADING:
			fprintf(f, "<h%d>", b->level);
			html_text(f, b->text);
			fprintf(f, "</h%d>\n", b->level);
			break;
		case DOC_TEXT:
			fputs("<p>", f);
			html_text(f, b->text);
			fputs("</p>\n", f);
			break;
		case DOC_TABLE:
			html_table(f, b);
			break;
		case DOC_FIGURE:
			html_figure(f, b);
			break;
		}
	}
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- Markdown ---- */

/* A file name as a link target: only names the report makes go here. */
static void
md_link(FILE *f, const char *text, const char *file)
{
	fputc('[', f);
	md_write_text(f, text);
	fprintf(f, "](%s)", file);
}

static void
md_table(FILE *f, const struct doc_block *b)
{
	const struct doc_table *t = &b->table;

	fputs("**", f);
	md_write_text(f, b->text);
	fputs("**\n\n|", f);
	for (size_t c = 0; c < t->ncols; c++) {
		fputc(' ', f);
		md_write_text(f, t->head[c]);
		fputs(" |", f);
	}
	fputs("\n|", f);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->numeric[c] ? " ---: |" : " :--- |", f);
	fputc('\n', f);
	for (size_t r = 0; r < t->nrows; r++) {
		fputc('|', f);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *cell = t->cells[r * t->ncols + c];
			int bold = t->style[r] == DOC_ROW_GROUP && cell && *cell;

			fputc(' ', f);
			for (int i = 0; c == 0 && i < t->depth[r]; i++)
				fputs("&emsp;", f);
			fputs(bold ? "**" : "", f);
			md_write_text(f, cell ? cell : "");
			fputs(bold ? "** |" : " |", f);
		}
		fputc('\n', f);
	}
	for (size_t i = 0; i < b->notes.n; i++) {
		fputs("\n", f);
		md_write_text(f, b->notes.v[i]);
		fputc('\n', f);
	}
	if (b->file) {
		fputs("\nThe same table as CSV: ", f);
		md_link(f, b->file, b->file);
		fputc('\n', f);
	}
}

int
doc_write_md(FILE *f, const struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct doc_block *b = &d->v[i];

		if (i)
			fputc('\n', f);
		switch (b->kind) {
		case DOC_HEADING:
			fprintf(f, "%.*s ", b->level, "###");
			md_write_text(f, b->text);
			fputc('\n', f);
			break;
		case DOC_TEXT:
			md_write_text(f, b->text);
			fputc('\n', f);
			break;
		case DOC_TABLE:
			md_table(f, b);
			break;
		case DOC_FIGURE:
			fputc('!', f);
			md_link(f, b->text, b->file);
			fputc('\n', f);
			break;
		}
	}
	return ferror(f) ? -1 : 0;
}
