/*
 * svg: what the SVG writers share: text measured by an estimate of common
 * sans-serif fonts, wrapped to a width, made fit for XML, and numbers.
 */
#ifndef SK_SVG_H
#define SK_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "record.h"

/* The fonts the measure allows for, widest last. */
#define SVG_FONT_STACK \
	"Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

/* The glyphs above and below a baseline, in em. */
#define SVG_ASCENT	0.93
#define SVG_DESCENT	0.24

/*
 * Holds words together: wrapping never breaks at it, it is measured as a
 * space, and a writer turns it into a space when it writes the line.
 */
#define SVG_GLUE	'\x1f'
#define SVG_GLUE_S	"\x1f"

/*
 * The width, in SVG user units, allowed for UTF-8 text at a font size
 * (bold or not): on the wide side of common sans-serif fonts, so text
 * measured to fit does fit whichever font the viewer has.
 */
double svg_text_width(const char *s, double size, int bold);
double svg_text_width_n(const char *s, size_t len, double size, int bold);

/*
 * Wrap one paragraph at spaces: the first line within first_w, the others
 * within width; a word wider than its line is cut where the line is full.
 * Runs of spaces count as one. The lines are appended to lines.
 */
void svg_wrap(struct strlist *lines, const char *text, double first_w,
	      double width, double size, int bold);

/*
 * Append user text made fit for XML and one line: control characters
 * become spaces, bytes that are not UTF-8 (and U+FFFE, U+FFFF) U+FFFD.
 */
void svg_clean_text(struct buf *out, const char *s);

/* Append n with thousands set apart by commas: "4,081". */
void svg_add_number(struct buf *b, long n);

/* Write a length with at most one decimal, whatever the locale. */
void svg_num(FILE *f, double v);
/* Write ' name="v"'. */
void svg_attr(FILE *f, const char *name, double v);
/* Write text with &, <, >, " and ' escaped. */
void svg_escape(FILE *f, const char *s);

#endif
