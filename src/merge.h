/*
 * merge: copies of the store for one reviewer, with what would unblind
 * them left out, and merging copies back fact by fact (by uuid), keeping
 * and recording facts made independently that disagree.
 */
#ifndef SK_MERGE_H
#define SK_MERGE_H

#include <stddef.h>

#include "err.h"
#include "store.h"

/* ---- copies ---- */

/* What a copy says of itself (table copy_info). */
struct merge_info {
	char *uuid;
	char *made_for;
	char *made_from;
	char *made_at;
};

/*
 * Whether st is a copy: *is_copy 1 and info filled (free with
 * merge_info_release), else 0 and info empty.
 */
int merge_info_load(struct store *st, int *is_copy, struct merge_info *info,
		    struct sk_err *err);
void merge_info_release(struct merge_info *info);

/*
 * 0 if st is a main store; SK_E_CONFLICT if it is a copy, saying that
 * doing is for the main store ("import records").
 */
int merge_refuse_copy(struct store *st, const char *doing,
		      struct sk_err *err);

/* What a copy left out. */
struct merge_copy_report {
	long judgements;	/* other reviewers' judgements */
	long settlements;	/* settlements of records short of votes */
	long values;		/* other extractors' values */
	long consensus;		/* consensus recorded by others */
	int stopped;		/* title and abstract screening had stopped */
	long judged;		/* then: records somebody had judged there */
};

/*
 * Write a copy of st (a main store, no transaction open) for reviewer
 * to out, which must not exist: every record, source and setting, the
 * reviewer's own judgements and values, the others' judgements only of
 * records that have all the judgements they need (as the store shows
 * them), no other extractor's values and no consensus but the
 * reviewer's. After a stop at title and abstract, the copy notes which
 * records somebody had judged there (not who or how), so its queues
 * leave out the same records as the store's. The copy is written afresh
 * after the deletion, so what was left out is not in its file, not even
 * in free pages; and it appears under its name only when complete.
 */
int merge_copy(struct store *st, const char *reviewer, const char *out,
	       struct merge_copy_report *rep, struct sk_err *err);

/* ---- merging ---- */

enum merge_kind {
	MERGE_JUDGEMENT,	/* decision */
	MERGE_SETTLEMENT,	/* resolution */
	MERGE_RETRIEVAL,	/* retrieval */
	MERGE_DUPLICATE,	/* dup_decision */
	MERGE_STUDY_REPORT,	/* study_report */
	MERGE_UNIT_STUDY,	/* unit_study */
	MERGE_VALUE,		/* extraction */
	MERGE_CONSENSUS,	/* consensus */
	MERGE_STOP,		/* screen_stop */
	MERGE_KINDS
};

/* "judgement", "settlement"... as in merge_conflict.kind. */
const char *merge_kind_name(enum merge_kind kind);

/* Facts of one kind from one copy, made by one person. */
struct merge_count {
	size_t copy;		/* index into merge_report.copies */
	enum merge_kind kind;
	char *who;		/* NULL: nobody (an automatic judgement) */
	long added;		/* new to the store */
	long present;		/* in the store already */
	long conflicts;		/* disagreeing with a fact made elsewhere */
};

struct merge_source {
	char *path;		/* as given */
	char *uuid;		/* the copy's */
	char *made_for;
	/*
	 * Records judged at title and abstract by this copy's judgements
	 * that count, when nobody had judged them before the stop that
	 * counts now: screened after all, they need their other judgements.
	 */
	long after_stop;
	char *after_stop_ids;	/* the first few, "12, 13, 20" */
};

struct merge_report {
	struct merge_source *copies;
	size_t ncopies;
	struct merge_count *counts;	/* by copy, kind, then first seen */
	size_t ncounts, cap;
	long added, present, conflicts;	/* all facts */
	long reviewers, rules, forms, studies, units;	/* set up in copies */
	char *stopped_at;	/* the stop that counts now, if any */
};

/*
 * Merge the copies at paths into st (a main store, inside a
 * transaction): every fact of theirs the store lacks, with the reviewers,
 * rules, form versions, studies and units they need; then the clusters
 * and rules are brought up to date and disagreements recorded in
 * merge_conflict. Stops and resumptions merge as facts too; judgements a
 * copy made of records that nobody had judged when the stop that counts
 * was made are merged like any other and told (after_stop). Refused
 * (nothing merged): a file that is not a copy, a copy of another review
 * or of another schema version, a copy with records the store lacks or
 * reasons not in its list. Release rep with merge_report_release, also
 * after a failure.
 */
int merge_run(struct store *st, const char *const *paths, size_t n,
	      struct merge_report *rep, struct sk_err *err);
void merge_report_release(struct merge_report *rep);

/* How many copies one merge may take (SQLite attaches them all). */
int merge_max_copies(struct store *st);

/*
 * The recorded conflicts as a statement to step, one row each: kind,
 * subject, what, then for each of the two facts who, what it says, when
 * and where it was made, and counts ("first", "second", or "later" when
 * a newer fact counts). Without all, only those where one of the two
 * still counts. The caller finalizes *s.
 */
int merge_conflicts(struct store *st, int all, sqlite3_stmt **s,
		    struct sk_err *err);
#define MERGE_CONFLICT_COLUMNS 12

#endif
