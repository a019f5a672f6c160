/*
 * extract_sheet: charting by spreadsheet: the extraction template as CSV
 * (a row per report, study and unit, a column per field) and the filled-in
 * sheet read back as values or as the consensus.
 */
#ifndef SK_EXTRACT_SHEET_H
#define SK_EXTRACT_SHEET_H

#include <stdio.h>

#include "extract.h"

/*
 * Write the sheet to out: rows for every report in a study, every study
 * and every unit (only one level's rows and fields if level >= 0), in
 * that order; columns level, id, title, extractor, form, version, then
 * one per field. With extractor, their values that count are filled in
 * (a multiple choice as "a; b"), so the sheet can be edited and loaded
 * again.
 */
int extract_sheet_write(struct store *st, const struct form *f,
			const char *extractor, int level, FILE *out,
			struct sk_err *err);

struct extract_sheet_counts {
	long rows;		/* rows with at least one value */
	long values;		/* values written */
	long unchanged;		/* values equal to what counts already */
	long blank;		/* empty cells of the row's fields */
};

/*
 * Read a filled-in sheet and append its values as who's (an extractor),
 * or with consensus as the consensus recorded by who. who may be NULL
 * when the sheet has an extractor column. Every row is checked: the
 * level and id, each value against the form, required fields answered,
 * no target twice, the form version the sheet was written for. The first
 * bad row fails with the file and line and the caller's transaction is
 * rolled back: all or nothing.
 */
int extract_sheet_load(struct store *st, const struct form *f,
		       long long form_id, const char *path, const char *who,
		       int consensus, struct extract_sheet_counts *counts,
		       struct sk_err *err);

#endif
