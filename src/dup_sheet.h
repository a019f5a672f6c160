/*
 * dup_sheet: judgements on duplicate pairs from a spreadsheet (CSV with
 * a pair and a decision column), applied in the caller's transaction.
 */
#ifndef SK_DUP_SHEET_H
#define SK_DUP_SHEET_H

#include "duplicates.h"

struct dup_sheet_counts {
	long duplicate;	/* pairs judged one article */
	long distinct;	/* pairs judged different articles */
	long skipped;	/* rows with an empty decision */
};

/*
 * Read the CSV at path and append a judgement, by reviewer, for every row
 * whose decision is filled in: duplicate (also yes, same, 1) or distinct
 * (also no, different, 0), with the row's note. Returns -1 with err
 * naming the file and line at the first bad row; the caller rolls back.
 * Clusters are not rebuilt: call dup_rebuild.
 */
int dup_sheet_apply(struct store *st, const char *path, const char *reviewer,
		    struct dup_sheet_counts *counts, struct sk_err *err);

#endif
