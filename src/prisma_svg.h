/*
 * prisma_svg: the PRISMA 2020 flow diagram drawn from counted boxes, as a
 * standalone SVG page or a Graphviz dot graph. Reads a struct prisma only.
 */
#ifndef SK_PRISMA_SVG_H
#define SK_PRISMA_SVG_H

#include <stdio.h>

#include "prisma.h"

/*
 * The diagram as a standalone SVG document (UTF-8), for a browser or
 * print: as wide as an A4 portrait page, as tall as its content. title
 * (may be NULL) heads the page. Returns 0, or -1 if writing to f failed.
 */
int prisma_write_svg(FILE *f, const struct prisma *p, const char *title);

/* The same flow as a Graphviz dot graph; 0, or -1 if writing failed. */
int prisma_write_dot(FILE *f, const struct prisma *p, const char *title);

#endif
