/*
 * prisma_write: the PRISMA 2020 flow counts written as text, JSON, CSV and
 * the PRISMA2020 template's CSV. Reads a struct prisma only.
 */
#ifndef SK_PRISMA_WRITE_H
#define SK_PRISMA_WRITE_H

#include <stdio.h>

#include "buf.h"
#include "prisma.h"

/*
 * A line of the flow as the text lists it, in order: a band's heading
 * (depth 0) or a subheading (n < 0), a box (depth 1 or 2), or a source or
 * exclusion reason under its box (depth 3).
 */
struct prisma_line {
	int depth;
	const char *label;
	long n;
};
typedef void (*prisma_line_fn)(void *ctx, const struct prisma_line *l);

void prisma_lines(const struct prisma *p, prisma_line_fn fn, void *ctx);
/*
 * Append the sentence saying how many records of other methods the
 * databases found too, or nothing when there are none.
 */
void prisma_other_note(const struct prisma *p, struct buf *b);

/* The boxes as indented lines under their bands, headed by title. */
void prisma_write_text(FILE *f, const struct prisma *p, const char *title);
/* One JSON object: the review, every box by its data id, the lists. */
void prisma_write_json(FILE *f, const struct prisma *p, const char *title);
/* CSV: box, label, item (a source or reason, or empty), n. */
int prisma_write_csv(FILE *f, const struct prisma *p);
/*
 * The CSV the PRISMA2020 R package and web app read: one row per data id
 * (data,node,box,description,boxtext,tooltips,url,n), reason lists as
 * "Reason, n; Reason, n". Returns -1 if writing failed.
 */
int prisma_write_template(FILE *f, const struct prisma *p);

#endif
