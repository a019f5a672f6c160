/*
 * csv: RFC 4180 rows from text lines: the separator, quoted cells with ""
 * escapes, cells that run over several lines, Excel's ="..." cells.
 */
#ifndef SK_CSV_H
#define SK_CSV_H

#include <stddef.h>

#include "buf.h"

struct csv_cell {
	size_t off;		/* of the value in csv.text */
	size_t len;
	long line;		/* where the cell starts */
	int quoted;		/* written in quotes (or as ="...") */
};

enum csv_state {
	CSV_CELL_START = 0,	/* before the first character of a cell */
	CSV_PLAIN,		/* in an unquoted cell */
	CSV_QUOTED,		/* in a quoted cell */
	CSV_QUOTE_END,		/* after the closing quote of a cell */
};

/*
 * One row being read. Values are kept up to cell_max bytes each, row_max
 * bytes in all and max_cells cells; what goes over is counted, not kept,
 * so a hostile file cannot make the row grow without bound.
 */
struct csv {
	char sep;		/* ',', ';' or '\t' */
	size_t cell_max;
	size_t row_max;
	size_t max_cells;
	struct buf text;	/* the values, each followed by a NUL */
	struct csv_cell *cells;
	size_t n;		/* cells kept */
	size_t cap;
	long line;		/* line where the row starts */
	enum csv_state state;
	long quote_line;	/* where the open quoted cell started */
	long too_long;		/* line of the first cell over a limit, or 0 */
	int row_too_long;	/* that was the row limit, not the cell limit */
	size_t seen;		/* cells in the row, kept or not */
	size_t extra;		/* cells over max_cells that are not empty */
	long extra_line;	/* line of the first of them */
	/* the cell being read */
	long cell_line;
	int keep;		/* within max_cells: its value is kept */
	int quoted;		/* it opened with a quote */
	int blank;		/* nothing but blanks in it so far */
};

void csv_init(struct csv *c, char sep, size_t cell_max, size_t row_max,
	      size_t max_cells);
void csv_release(struct csv *c);

/*
 * Read one line of text (without its line end) into the row. Returns 1
 * when the row is complete, 0 when a quoted cell goes on to the next line
 * (the line break becomes "\n" in the value). A complete row stays in c
 * until the next call.
 */
int csv_feed(struct csv *c, const char *s, size_t n, long line);

/* 1 if the row is inside a quoted cell: the input ended too early. */
static inline int
csv_open_quote(const struct csv *c)
{
	return c->state == CSV_QUOTED;
}

/* The value of cell i of a complete row, NUL-terminated. */
static inline const char *
csv_value(const struct csv *c, size_t i)
{
	return c->text.data + c->cells[i].off;
}

/* 1 if every cell of the row is empty or blank. */
int csv_row_blank(const struct csv *c);

/*
 * The separator a header line uses: the most frequent of ',', ';' and tab
 * outside quotes; ',' when there is none.
 */
char csv_sniff_sep(const char *s, size_t n);

/*
 * 1 if the line is Excel's "sep=;" hint, which names the separator before
 * the header; the separator goes to *sep.
 */
int csv_sep_hint(const char *s, size_t n, char *sep);

#endif
