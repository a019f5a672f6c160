/*
 * doc: a report's page as a list of blocks (headings, paragraphs, tables
 * with their notes, figures), written as one self-contained HTML page or
 * as Markdown. Knows nothing of the store: the report fills it.
 */
#ifndef SK_DOC_H
#define SK_DOC_H

#include <stddef.h>
#include <stdio.h>

#include "record.h"

enum doc_kind { DOC_HEADING, DOC_TEXT, DOC_TABLE, DOC_FIGURE };

/* How a table row is shown. */
enum doc_row_style {
	DOC_ROW_PLAIN = 0,
	DOC_ROW_GROUP = 1,	/* heads the rows under it, in bold */
};

struct doc_table {
	size_t ncols, nrows;
	size_t cap;		/* rows allocated */
	char **head;		/* ncols column names */
	char **cells;		/* nrows x ncols, row by row; NULL is empty */
	int *depth;		/* per row: the first cell's indent, 0-3 */
	int *style;		/* per row: enum doc_row_style */
	int *numeric;		/* per column: numbers, aligned right */
};

struct doc_block {
	enum doc_kind kind;
	int level;		/* a heading's: 1 to 3 */
	char *text;		/* a heading, a paragraph, a table's caption or
				 * a figure's description */
	char *file;		/* the file beside the page holding the same
				 * table (CSV) or figure (SVG), or NULL */
	struct doc_table table;
	struct strlist notes;	/* sentences under a table */
	char *svg;		/* a figure's SVG document */
	size_t svg_len;
};

struct doc {
	struct doc_block *v;
	size_t n, cap;
};

void doc_heading(struct doc *d, int level, const char *text);
void doc_text(struct doc *d, const char *text);
/*
 * Start a table of ncols columns named head; numeric[i] (or NULL for
 * none) marks the columns of numbers. file names its CSV, or is NULL.
 */
void doc_table(struct doc *d, const char *caption, const char *file,
	       size_t ncols, const char *const *head, const int *numeric);
/* Add a row (ncols cells, NULL for empty) to the table last started. */
void doc_row(struct doc *d, const char *const *cells, int depth, int style);
/* Add a sentence under the table last started. */
void doc_note(struct doc *d, const char *note);
/* A figure: an SVG document, its description, and its file's name. */
void doc_figure(struct doc *d, const char *alt, const char *file,
		const char *svg, size_t len);
void doc_release(struct doc *d);

/*
 * One HTML5 page that needs nothing beside it: the style in the head,
 * each figure as a data: URI, every text escaped. The markup is also
 * well-formed XML. Returns -1 if writing failed.
 */
int doc_write_html(FILE *f, const struct doc *d, const char *title);
/*
 * The same page as Markdown: figures and CSV files linked by their file
 * names, so the page reads beside its files. Returns -1 if writing
 * failed.
 */
int doc_write_md(FILE *f, const struct doc *d);

#endif
