/*
 * freq_write: a frequency table written as a table for the terminal,
 * Markdown with its notes, CSV, TSV, JSON or an SVG bar chart.
 */
#ifndef SK_FREQ_WRITE_H
#define SK_FREQ_WRITE_H

#include <stdio.h>

#include "buf.h"
#include "err.h"
#include "freq.h"

enum freq_format { FF_TABLE, FF_MD, FF_CSV, FF_TSV, FF_JSON, FF_SVG };

/* "table", "md" (or "markdown"), "csv", "tsv", "json", "svg". */
int freq_format_parse(const char *s, enum freq_format *fmt,
		      struct sk_err *err);
/* "Countries (countries) by ...": the field counted, and the cross-tab's. */
void freq_caption(const struct freq *f, struct buf *b);
/* "n = 11 models of care, counted from the consensus". */
void freq_subcaption(const struct freq *f, struct buf *b);
/*
 * Write f in fmt with the notes it needs; with others, the texts of
 * Other and their counts instead (not for FF_MD or FF_SVG). Returns -1
 * if writing failed.
 */
int freq_write(FILE *out, const struct freq *f, enum freq_format fmt,
	       int others);

#endif
