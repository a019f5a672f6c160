/*
 * screen_sheet: screening by spreadsheet: a reviewer's queue written as
 * CSV, and the filled-in sheet read back as judgements.
 */
#ifndef SK_SCREEN_SHEET_H
#define SK_SCREEN_SHEET_H

#include <stdio.h>

#include "screen.h"
#include "screen_rank.h"

/*
 * Write the reviewer's queue at a stage to f, one row per record with
 * empty decision, reason and note columns, in order at title and
 * abstract (the pilot sample first); with all, also the records they
 * judged already, with their judgement filled in.
 */
int screen_sheet_write(struct store *st, const struct screen_state *ss,
		       const char *reviewer, enum stage stage,
		       enum screen_order order, int all, FILE *f,
		       struct sk_err *err);

struct screen_sheet_counts {
	long verdicts[4];	/* by enum verdict: judgements added */
	long unchanged;		/* rows equal to the judgement that counts */
	long blank;		/* rows with no decision */
};

/*
 * Read a filled-in sheet and append the judgements, in the caller's
 * transaction. reviewer and stage (stage < 0: not given) may come from
 * the caller or from the sheet's columns; they must agree. Fails at the
 * first bad row, naming the file and line; the caller rolls back.
 */
int screen_sheet_load(struct store *st, const struct screen_settings *set,
		      const char *path, const char *reviewer, int stage,
		      struct screen_sheet_counts *counts, struct sk_err *err);

#endif
