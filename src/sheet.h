/*
 * sheet: reading a filled-in spreadsheet (CSV, any separator, with a
 * header row) row by row, with the file and line of each row for errors.
 */
#ifndef SK_SHEET_H
#define SK_SHEET_H

#include "csv.h"
#include "err.h"
#include "input.h"

struct sheet {
	struct input *in;
	struct csv csv;		/* the current row */
	int started, have_header;
	void *ctx;
	/* Called with the header row, then with every other row. */
	int (*header)(struct sheet *s, struct sk_err *err);
	int (*row)(struct sheet *s, struct sk_err *err);
};

/*
 * Read path through s->header and s->row (set, with s->ctx, before the
 * call). what names the expected file in the message for an empty one.
 */
int sheet_read(struct sheet *s, const char *path, const char *what,
	       struct sk_err *err);

/* The column of the header whose name is one of names (any case), or -1. */
long sheet_column(const struct sheet *s, const char *const *names);
/* The value of column col of the current row; "" if it has none. */
const char *sheet_cell(const struct sheet *s, long col);
/* For messages: the file's name and the current row's line. */
const char *sheet_name(const struct sheet *s);
long sheet_line(const struct sheet *s);

#endif
