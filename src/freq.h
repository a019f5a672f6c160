/*
 * freq: frequency tables of charted fields, counted from the consensus by
 * the queries freq, freq_by and freq_others: n and % per value, cross-tabs.
 */
#ifndef SK_FREQ_H
#define SK_FREQ_H

#include <stddef.h>

#include "err.h"
#include "form.h"
#include "record.h"
#include "store.h"

/* What a row counts. */
enum freq_kind {
	FREQ_CHOICE,		/* a choice on the form (yes or no too) */
	FREQ_OTHER,		/* "Other: ...", every text together */
	FREQ_VALUE,		/* a value that is not a choice */
	FREQ_NOT_REPORTED,
	FREQ_UNCLEAR,
	FREQ_AWAITING,		/* charted, not agreed on yet */
	FREQ_NOT_CHARTED,
	FREQ_KIND_COUNT
};

struct freq_row {
	char *value;		/* as the form spells it, or the kind */
	enum freq_kind kind;
	long n;			/* targets with the value */
	double percent;		/* n of the total */
	long *cells;		/* a cross-tab's n per column, or NULL */
};

/* A text written after "Other:", and how many targets have it. */
struct freq_other {
	char *text;
	long n;
};

/* The notes a table needs, as flags; freq_note words them. */
enum freq_notes {
	FREQ_NOTE_MULTIPLE = 1 << 0,	/* a multiple choice: % over 100 */
	FREQ_NOTE_ROLLED = 1 << 1,	/* values of members counted */
	FREQ_NOTE_SEVERAL = 1 << 2,	/* rolled up: some have two values */
	FREQ_NOTE_ZEROS = 1 << 3,	/* choices nobody has are shown */
	FREQ_NOTE_AWAITING = 1 << 4,
	FREQ_NOTE_NOT_CHARTED = 1 << 5,
	FREQ_NOTE_DROPPED = 1 << 6,	/* cross-tab columns left out */
};

struct freq {
	char *field, *label;		/* the field counted */
	enum field_type type;
	enum chart_level field_level;	/* where it is charted */
	enum chart_level level;		/* what is counted */
	char *noun_one, *noun_many;	/* "model of care", "...s of care" */
	long total;			/* targets at the level */
	struct freq_row *rows;
	size_t nrows;
	struct freq_other *others;
	size_t nothers;
	/* a cross-tab's columns: the values of by that some target has */
	char *by, *by_label;
	enum field_type by_type;
	enum chart_level by_level;
	struct freq_row *cols;
	size_t ncols;
	size_t dropped;			/* by's values no target has */
	unsigned notes;			/* enum freq_notes */
};

/*
 * Count field (a key; a label's words or another case are taken as the
 * key they spell) per target at level, with a cross-tab by a second field
 * if by is not NULL. Refused with a message for a reader: no form loaded,
 * an unknown field (with the nearest), a field charted per unit counted
 * per study (or per study counted per report), nothing charted yet, no
 * consensus yet, no targets at the level. Release f with freq_release
 * (also after a failure).
 */
int freq_count(struct store *st, const char *field, const char *by,
	       enum chart_level level, struct freq *f, struct sk_err *err);
void freq_release(struct freq *f);

/* "choice", "other", "value", "not reported"... as the queries spell it. */
const char *freq_kind_name(enum freq_kind k);

/* The noun for n targets: "1 model of care", "11 models of care". */
const char *freq_noun(const struct freq *f, long n);

/*
 * The notes a table of f needs below it, a sentence each, appended to
 * notes: what is counted when a target has several values, which rows
 * mean what, the texts of Other.
 */
void freq_notes(const struct freq *f, struct strlist *notes);

#endif
