/*
 * output: the writers of listed data (table, CSV, TSV, JSON); the only
 * code that writes rows to stdout. Messages go to stderr elsewhere.
 */
#ifndef SK_OUTPUT_H
#define SK_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

enum output_format {
	OUTPUT_TABLE,
	OUTPUT_CSV,
	OUTPUT_TSV,
	OUTPUT_JSON,
};

struct output_column {
	const char *name;
	int numeric;	/* JSON writes the value as a number */
	int max_width;	/* table: cut longer cells with an ellipsis; 0 = no limit */
};

struct output;

/* Parse "table", "csv", "tsv" or "json"; -1 if unknown. */
int output_format_parse(const char *name, enum output_format *fmt);

/* Start writing rows with these columns to f; cols must outlive output. */
struct output *output_new(FILE *f, enum output_format fmt,
			  const struct output_column *cols, size_t ncols);
/* One row; cells[i] may be NULL (empty, or null in JSON). */
void output_row(struct output *o, const char *const *cells);
/*
 * One row whose cells say themselves whether they are numbers (JSON
 * writes them bare, CSV never guards them), numeric[i] overriding the
 * column's; a numeric cell must be a JSON number.
 */
void output_row_typed(struct output *o, const char *const *cells,
		      const int *numeric);
/* Finish (a table is written here) and free. Returns -1 on write error. */
int output_finish(struct output *o);

/*
 * 1 if a spreadsheet would take text starting like s for a formula: CSV
 * output writes such cells with a leading ' so they stay text.
 */
int output_formula_like(const char *s);

/* Display width of UTF-8 text in terminal columns. */
size_t output_width(const char *s);

#endif
