/*
 * screen: screening kept in the store: reviewers, exclusion reasons and
 * settings; judgements, settlements and retrieval notes appended as
 * facts; and the state of every record at each stage worked out from them.
 */
#ifndef SK_SCREEN_H
#define SK_SCREEN_H

#include <stddef.h>

#include "agreement.h"
#include "err.h"
#include "store.h"
#include "verdict.h"

/*
 * SQL for one unit's facts without going through the views, which work
 * out every unit: the records of unit ?1 (itself and its cluster's
 * members), and the judgements that count at stage ?2, by reviewer.
 */
#define SCREEN_UNIT_MEMBERS \
	"(SELECT ?1 UNION SELECT record_id FROM dup_member WHERE canonical = ?1)"
#define SCREEN_UNIT_VOTES_SQL                                              \
	"SELECT reviewer, verdict, reason, note FROM (SELECT d.*, "          \
	"row_number() OVER (PARTITION BY reviewer ORDER BY "                 \
	STORE_NEWEST("", "decided_at") ") AS n FROM decision d WHERE "       \
	"record_id IN "                                                      \
	SCREEN_UNIT_MEMBERS " AND stage = ?2) WHERE n = 1 AND verdict <> "   \
	"'undo' ORDER BY reviewer"

/* ---- settings ('scopekit settings') ---- */

struct screen_settings {
	struct screen_policy policy;
	double pilot_pass;	/* agreement a pilot needs to pass: 0.75 */
};

int screen_settings_load(struct store *st, struct screen_settings *set,
			 struct sk_err *err);
/* Check and store one setting: "maybe", "screeners" or "pilot-pass". */
int screen_setting_set(struct store *st, const char *key, const char *value,
		       struct sk_err *err);
/* The value as text (default if unset); NULL for an unknown key. */
const char *screen_setting_describe(const struct screen_settings *set,
				    const char *key, char *buf, size_t size);
extern const char *const screen_setting_keys[];

/* ---- reviewers and reasons ---- */

/* SK_E_CONFLICT if the reviewer exists already. */
int screen_reviewer_add(struct store *st, const char *name,
			struct sk_err *err);
/* 0 if registered, else SK_E_INPUT telling how to add them. */
int screen_reviewer_check(struct store *st, const char *name,
			  struct sk_err *err);
/* 0 if label is one of the review's reasons, else SK_E_INPUT. */
int screen_reason_check(struct store *st, const char *label,
			struct sk_err *err);

/* ---- facts ---- */

struct screen_fact {
	long long record;	/* any record of the unit */
	enum stage stage;
	const char *reviewer;	/* who judged or settled */
	enum verdict verdict;	/* VERDICT_NONE takes the judgement back */
	const char *reason;	/* exclusion reason, or NULL */
	const char *note;	/* or NULL */
};

/*
 * Append a reviewer's judgement. Checks the reviewer, the reason (needed
 * to exclude at full text) and that the record is at this stage (not
 * hit by a rule; at full text, included at title and abstract and not
 * marked not retrieved).
 */
int screen_decide(struct store *st, const struct screen_settings *set,
		  const struct screen_fact *f, struct sk_err *err);

/*
 * Settle the record's conflict at a stage (include or exclude; NONE
 * reopens it). Refused unless the record is in conflict or settled.
 * The method is 'consensus' if the settler judged the record, else 'third'.
 */
int screen_resolve(struct store *st, const struct screen_settings *set,
		   const struct screen_fact *f, struct sk_err *err);

/*
 * Note a full text retrieved (reason: where it is, optional) or not
 * retrieved (reason: why, required). Only for reports sought, which are
 * the records included at title and abstract.
 */
int screen_retrieval(struct store *st, const struct screen_settings *set,
		     long long record, int retrieved, const char *reason,
		     const char *reviewer, struct sk_err *err);

/* ---- state ---- */

enum unit_flag {
	UNIT_RULE_HIT = 1,	/* marked ineligible by an automation rule */
	UNIT_PILOT_TA = 2,	/* in the calibration sample of a stage */
	UNIT_PILOT_FT = 4,
	UNIT_NOT_RETRIEVED = 8,
	UNIT_RETRIEVED = 16,
	UNIT_OTHER = 32,	/* found only by other methods (handsearching,
				   websites, citations): straight to full text */
	UNIT_JUDGED_APART = 64,	/* in a copy made after a stop: judged at
				   title and abstract in the main store by
				   someone the copy leaves out (copy_judged) */
};

/* One record as screened: a cluster's canonical record, or a record alone. */
struct unit_state {
	long long unit;
	unsigned flags;
	int votes[STAGE_COUNT];	/* judgements that count */
	struct outcome out[STAGE_COUNT];
};

struct screen_state {
	struct screen_settings set;
	int stopped[STAGE_COUNT];	/* the team stopped screening there */
	struct unit_state *units;	/* by unit id */
	size_t n;
	char **strings;		/* reasons the outcomes point at */
	size_t nstrings, cap;
};

/* The state of every unit. Free with screen_state_release. */
int screen_state_load(struct store *st, struct screen_state *ss,
		      struct sk_err *err);
void screen_state_release(struct screen_state *ss);
struct unit_state *screen_state_find(const struct screen_state *ss,
				     long long unit);

/* One unit's state, loaded alone; the outcomes' reasons live here. */
struct unit_detail {
	struct unit_state u;
	char reasons[STAGE_COUNT][256];
};

/* The state of one unit without loading the others (for each keypress). */
int screen_unit_load(struct store *st, const struct screen_settings *set,
		     long long unit, struct unit_detail *d,
		     struct sk_err *err);

/* The unit record is screened as; SK_E_INPUT if there is no such record. */
int screen_unit_of(struct store *st, long long record, long long *unit,
		   struct sk_err *err);

/*
 * Whether the unit's full text is sought: included at title and abstract,
 * or found by other methods (which have no title and abstract stage).
 */
int unit_sought(const struct unit_state *u);
/* Whether the unit is screened at the stage at all. */
int unit_at_stage(const struct unit_state *u, enum stage s);
/* The stage's outcome is include or exclude (agreed or settled). */
int unit_decided(const struct unit_state *u, enum stage s);

/*
 * The units awaiting reviewer at a stage: at the stage, not judged by
 * them, and short of the judgements the review needs. The pilot sample
 * comes first, then imported order. The caller frees *ids.
 */
int screen_queue(struct store *st, const struct screen_state *ss,
		 const char *reviewer, enum stage stage, long long **ids,
		 size_t *n, struct sk_err *err);

/*
 * The reviewer's own judgement of a unit that counts (VERDICT_NONE if
 * none); reason and note are copied into the buffers, cut to size.
 */
int screen_own_vote(struct store *st, long long unit, enum stage stage,
		    const char *reviewer, enum verdict *v, char *reason,
		    char *note, size_t size, struct sk_err *err);

/*
 * Blinding: whether every judgement of a unit at a stage may be shown.
 * Only once the unit has all the judgements it needs; before that, each
 * reviewer sees their own alone.
 */
int screen_may_see_all(const struct unit_state *u, enum stage stage,
		       const struct screen_settings *set);

/* ---- stopping early ---- */

/* The stop that counts at a stage, if any. */
struct screen_stop {
	int stopped;
	char reason[512];
	char by[128];		/* "" if nobody was named */
	char at[32];
};

int screen_stop_load(struct store *st, enum stage stage,
		     struct screen_stop *stop, struct sk_err *err);

/*
 * Record the team's decision to stop screening at a stage (title and
 * abstract only) with its reason, or take it back (reason NULL).
 * SK_E_CONFLICT when it is stopped already, or not stopped to resume.
 */
int screen_stop_set(struct store *st, enum stage stage, const char *reason,
		    const char *reviewer, struct sk_err *err);

/*
 * Whether a unit goes unscreened at a stage because the team stopped:
 * it is at the stage and nobody has judged it (in a copy: nor had when
 * the copy was made). A unit somebody judged still gets every judgement
 * it needs.
 */
int unit_not_screened(const struct screen_state *ss,
		      const struct unit_state *u, enum stage s);

/*
 * Draw the calibration sample of a stage: want units at the stage that
 * nobody has judged yet, chosen at random from seed (the same seed draws
 * the same sample from the same store). *drawn may be fewer if fewer
 * remain.
 */
int screen_pilot_draw(struct store *st, const struct screen_state *ss,
		      enum stage stage, size_t want, unsigned long long seed,
		      size_t *drawn, struct sk_err *err);

/* Two reviewers' verdicts on the records both judged at a stage. */
struct screen_pair {
	char *first, *second;	/* names, first < second */
	struct agree_table t;	/* a maybe counts as include */
};

/*
 * The 2x2 table of every pair of reviewers who both judged some units at
 * the stage: of the pilot sample alone, or (pilot 0) without it. Release
 * with screen_pairs_release.
 */
int screen_pairs(struct store *st, const struct screen_state *ss,
		 enum stage stage, int pilot, struct screen_pair **pairs,
		 size_t *n, struct sk_err *err);
void screen_pairs_release(struct screen_pair *pairs, size_t n);

#endif
