/*
 * report: what the authors take to the paper, counted from the store and
 * written into one folder: an HTML page and its Markdown twin with the
 * PRISMA 2020 diagram, the screening agreement, the tables of the
 * included studies and every frequency table of the charting form with
 * its chart; each table also as CSV, each figure as SVG.
 */
#ifndef SK_REPORT_H
#define SK_REPORT_H

#include <stddef.h>

#include "err.h"
#include "form.h"
#include "store.h"

struct report_options {
	const char *dir;	/* the folder to write */
	/* what the frequency tables count; -1: units if the review has
	 * some, else studies */
	int level;
	const char *const *tables;	/* queries shown as tables, in order */
	size_t ntables;
	const char *store_name;	/* the store's file, as the page names it */
	const char *date;	/* the day the page says it was made */
};

/* What went into the folder. */
struct report_summary {
	size_t files, tables, figures;
};

/*
 * Count everything and write the folder. Nothing is written unless every
 * part was counted: a PRISMA flow that does not add up, a query that
 * fails, a folder that holds files of something else are refused with
 * the reason. The folder is made if missing; an earlier report's files
 * in it are replaced. The store is only read.
 */
int report_write(struct store *st, const struct report_options *o,
		 struct report_summary *sum, struct sk_err *err);

#endif
