/*
 * recall_svg: the recall curve of simulated screening runs against the
 * diagonal of screening in random order, as an SVG image.
 */
#ifndef SK_RECALL_SVG_H
#define SK_RECALL_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "simulate.h"

/*
 * Draw the runs (each found its R relevant records among N, as
 * sim_run's found_at) with a title and a caption line under it.
 * Returns -1 if f could not be written.
 */
int recall_svg_write(FILE *f, const struct sim_run *runs, size_t nruns,
		     size_t N, size_t R, const char *title,
		     const char *caption);

#endif
