/*
 * freq_svg: a frequency table drawn as a horizontal bar chart in SVG, a
 * bar per row (grouped bars for a cross-tabulation). Reads a struct freq.
 */
#ifndef SK_FREQ_SVG_H
#define SK_FREQ_SVG_H

#include <stdio.h>

#include "freq.h"
#include "record.h"

/* Colours a cross-tabulation's chart can tell apart: its most columns. */
#define FREQ_SVG_COLUMNS_MAX 8

/*
 * The chart as a standalone SVG document (UTF-8), for a browser, a paper
 * or print: the field's label as its title, n = the total, a bar per row
 * as long as its share of the total with "n (%)" at its end, notes under
 * it. Every text is laid out to stay inside the page. A cross-tabulation
 * with more than FREQ_SVG_COLUMNS_MAX columns is drawn with that many and
 * a note. Returns 0, or -1 if writing to f failed.
 */
int freq_write_svg(FILE *f, const struct freq *fr, const struct strlist *notes);

#endif
