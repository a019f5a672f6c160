/*
 * screen: screening facts in the store and the state they add up to.
 *
 * Nothing here is stored as "the state": each command works it out from
 * the appended facts (decision, resolution, retrieval, rule_hit, pilot)
 * through verdict.c, so a changed mind, an undone merge or a removed
 * rule takes effect at once and every count can be traced to its rows.
 */
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "splitmix.h"
#include "banned.h"

#define UNIT_MEMBERS SCREEN_UNIT_MEMBERS

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static void
copy_cut(char *dst, size_t size, const char *src)
{
	if (!size)
		return;
	snprintf(dst, size, "%s", src ? src : "");
}

/* ---- settings ---- */

const char *const screen_setting_keys[] = {
	"screeners", "maybe", "pilot-pass", NULL,
};

static void
settings_default(struct screen_settings *set)
{
	set->policy.needed = 2;
	set->policy.maybe_includes = 0;
	set->pilot_pass = 0.75;
}

/* Parse one value into set; -1 with a message naming the key if bad. */
static int
setting_apply(struct screen_settings *set, const char *key,
	      const char *value, struct sk_err *err)
{
	char *end;

	if (strcmp(key, "screeners") == 0) {
		long n = strtol(value, &end, 10);

		if (end == value || *end || n < 1 || n > 9)
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "screeners is the number of independent "
				       "reviewers per record, 1 to 9, not '%s'",
				       value);
		set->policy.needed = (int)n;
	} else if (strcmp(key, "maybe") == 0) {
		if (strcmp(value, "include") == 0)
			set->policy.maybe_includes = 1;
		else if (strcmp(value, "conflict") == 0)
			set->policy.maybe_includes = 0;
		else
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "maybe is 'conflict' (a maybe needs "
				       "settling) or 'include' (a maybe goes on "
				       "to full text), not '%s'", value);
	} else if (strcmp(key, "pilot-pass") == 0) {
		double v = strtod(value, &end);

		if (end != value && *end == '%' && !end[1]) {
			v /= 100.0;
			end++;
		}
		if (end == value || *end || !(v > 0.0 && v <= 1.0))
			return sk_fail(err, SK_E_USAGE, NULL, 0,
				       "pilot-pass is the agreement a pilot "
				       "needs, like 0.75 or 75%%, not '%s'",
				       value);
		set->pilot_pass = v;
	} else {
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown setting '%s' (screeners, maybe, "
			       "pilot-pass)", key);
	}
	return 0;
}

int
screen_settings_load(struct store *st, struct screen_settings *set,
		     struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	settings_default(set);
	if (store_prepare(st, &s, "SELECT key, value FROM setting", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		/* A key this build does not know is left alone. */
		struct sk_err ignored = SK_ERR_INIT;

		setting_apply(set, col(s, 0), col(s, 1), &ignored);
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the settings");
	return 0;
}

int
screen_setting_set(struct store *st, const char *key, const char *value,
		   struct sk_err *err)
{
	struct screen_settings set;
	sqlite3_stmt *s;
	int rc;

	settings_default(&set);
	if (setting_apply(&set, key, value, err) < 0)
		return -1;
	if (store_prepare(st, &s, "INSERT OR REPLACE INTO setting (key, value) "
			  "VALUES (?, ?)", err) < 0)
		return -1;
	store_bind_text(s, 1, key);
	store_bind_text(s, 2, value);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "saving a setting");
}

const char *
screen_setting_describe(const struct screen_settings *set, const char *key,
			char *buf, size_t size)
{
	if (strcmp(key, "screeners") == 0)
		snprintf(buf, size, "%d", set->policy.needed);
	else if (strcmp(key, "maybe") == 0)
		snprintf(buf, size, "%s",
			 set->policy.maybe_includes ? "include" : "conflict");
	else if (strcmp(key, "pilot-pass") == 0)
		snprintf(buf, size, "%g%%", set->pilot_pass * 100.0);
	else
		return NULL;
	return buf;
}

/* ---- reviewers and reasons ---- */

/* 1 if the query with one text parameter finds a row, 0 if not, -1. */
static int
exists_text(struct store *st, const char *sql, const char *value,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	store_bind_text(s, 1, value);
	row = sqlite3_step(s);
	sqlite3_finalize(s);
	if (row != SQLITE_ROW && row != SQLITE_DONE)
		return store_fail(st, err, "reading the store");
	return row == SQLITE_ROW;
}

int
screen_reviewer_add(struct store *st, const char *name, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int found, rc;

	if (!*name || strlen(name) > 100 || strpbrk(name, "\t\r\n"))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "a reviewer's name is 1 to 100 characters on "
			       "one line, not '%s'", name);
	found = exists_text(st, "SELECT 1 FROM reviewer WHERE name = ?",
			    name, err);
	if (found)
		return found < 0 ? -1 :
		       sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "reviewer '%s' exists already", name);
	if (store_prepare(st, &s, "INSERT INTO reviewer (name, created_at) "
			  "VALUES (?, ?)", err) < 0)
		return -1;
	store_now(now);
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "adding a reviewer");
}

int
screen_reviewer_check(struct store *st, const char *name, struct sk_err *err)
{
	int found = exists_text(st, "SELECT 1 FROM reviewer WHERE name = ?",
				name, err);

	if (found)
		return found < 0 ? -1 : 0;
	return sk_fail(err, SK_E_INPUT, NULL, 0,
		       "'%s' is not a reviewer of this review (add them: "
		       "scopekit reviewer add '%s')", name, name);
}

int
screen_reason_check(struct store *st, const char *label, struct sk_err *err)
{
	int found = exists_text(st, "SELECT 1 FROM reason WHERE label = ?",
				label, err);

	if (found)
		return found < 0 ? -1 : 0;
	return sk_fail(err, SK_E_INPUT, NULL, 0,
		       "'%s' is not one of the review's exclusion reasons "
		       "(scopekit reasons lists them)", label);
}

/* ---- the state of one unit ---- */

int
screen_unit_of(struct store *st, long long record, long long *unit,
	       struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT coalesce(m.canonical, r.id) FROM "
			  "record r LEFT JOIN dup_member m ON m.record_id = "
			  "r.id WHERE r.id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, record);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		*unit = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (row == SQLITE_ROW)
		return 0;
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the store");
	return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no record %lld",
		       record);
}

/* Run a query on unit ?1 returning one integer; *out = 0 if no row. */
static int
unit_int(struct store *st, const char *sql, long long unit, long long *out,
	 struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	*out = 0;
	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	while ((row = sqlite3_step(s)) == SQLITE_ROW)
		*out |= sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading the store");
}

static int
unit_flags(struct store *st, long long unit, unsigned *flags,
	   struct sk_err *err)
{
	long long hit, pilot, retrieval, other;

	if (unit_int(st, "SELECT 1 FROM rule_hit h JOIN screen_rule r ON "
		     "r.id = h.rule_id WHERE h.record_id = ?1 AND "
		     "r.removed_at IS NULL LIMIT 1", unit, &hit, err) < 0 ||
	    unit_int(st, "SELECT CASE stage WHEN 'ta' THEN 2 ELSE 4 END FROM "
		     "pilot WHERE record_id IN " UNIT_MEMBERS, unit, &pilot,
		     err) < 0 ||
	    unit_int(st, "SELECT CASE status WHEN 'retrieved' THEN 16 ELSE 8 "
		     "END FROM retrieval WHERE record_id IN " UNIT_MEMBERS
		     " ORDER BY " STORE_NEWEST("", "noted_at") " LIMIT 1",
		     unit,
		     &retrieval, err) < 0 ||
	    unit_int(st, "SELECT min(s.kind = 'other') FROM record r JOIN "
		     "source s ON s.id = r.source_id WHERE r.id IN "
		     UNIT_MEMBERS, unit, &other, err) < 0)
		return -1;
	*flags = (hit ? UNIT_RULE_HIT : 0) | (unsigned)pilot |
		 (unsigned)retrieval | (other ? UNIT_OTHER : 0);
	return 0;
}

#define MAX_VOTES 16	/* reviewers counted per record and stage */

static int
unit_stage_load(struct store *st, const struct screen_settings *set,
		long long unit, enum stage stage, struct unit_detail *d,
		struct sk_err *err)
{
	struct vote votes[MAX_VOTES], settled;
	char reasons[MAX_VOTES][256];
	sqlite3_stmt *s;
	int row, n = 0, have_settled = 0;

	if (store_prepare(st, &s, SCREEN_UNIT_VOTES_SQL, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_text(s, 2, stage_name(stage), -1, SQLITE_STATIC);
	while ((row = sqlite3_step(s)) == SQLITE_ROW && n < MAX_VOTES) {
		verdict_parse(col(s, 1), &votes[n].verdict);
		copy_cut(reasons[n], sizeof(reasons[n]), col(s, 2));
		votes[n].reason = col(s, 2) ? reasons[n] : NULL;
		n++;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE && row != SQLITE_ROW)
		return store_fail(st, err, "reading judgements");
	if (store_prepare(st, &s, "SELECT verdict, reason FROM resolution "
			  "WHERE record_id IN " UNIT_MEMBERS " AND stage = ?2 "
			  "ORDER BY " STORE_NEWEST("", "decided_at") " LIMIT 1",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_text(s, 2, stage_name(stage), -1, SQLITE_STATIC);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW && verdict_parse(col(s, 0), &settled.verdict) == 0) {
		copy_cut(d->reasons[stage], sizeof(d->reasons[stage]),
			 col(s, 1));
		settled.reason = col(s, 1) ? d->reasons[stage] : NULL;
		have_settled = 1;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE && row != SQLITE_ROW)
		return store_fail(st, err, "reading settlements");
	d->u.votes[stage] = n;
	verdict_outcome(votes, (size_t)n, have_settled ? &settled : NULL,
			stage, &set->policy, &d->u.out[stage]);
	if (!have_settled && d->u.out[stage].reason) {
		copy_cut(d->reasons[stage], sizeof(d->reasons[stage]),
			 d->u.out[stage].reason);
		d->u.out[stage].reason = d->reasons[stage];
	}
	return 0;
}

int
screen_unit_load(struct store *st, const struct screen_settings *set,
		 long long unit, struct unit_detail *d, struct sk_err *err)
{
	memset(d, 0, sizeof(*d));
	d->u.unit = unit;
	if (unit_flags(st, unit, &d->u.flags, err) < 0)
		return -1;
	for (int i = 0; i < STAGE_COUNT; i++)
		if (unit_stage_load(st, set, unit, (enum stage)i, d, err) < 0)
			return -1;
	return 0;
}

int
unit_decided(const struct unit_state *u, enum stage s)
{
	return u->out[s].state == OUTCOME_AGREED ||
	       u->out[s].state == OUTCOME_RESOLVED;
}

int
unit_sought(const struct unit_state *u)
{
	if (u->flags & UNIT_OTHER)
		return 1;
	return !(u->flags & UNIT_RULE_HIT) && unit_decided(u, STAGE_TA) &&
	       u->out[STAGE_TA].final == VERDICT_INCLUDE;
}

int
unit_at_stage(const struct unit_state *u, enum stage s)
{
	if (s == STAGE_TA)
		return !(u->flags & (UNIT_RULE_HIT | UNIT_OTHER));
	return unit_sought(u) && !(u->flags & UNIT_NOT_RETRIEVED);
}

int
screen_may_see_all(const struct unit_state *u, enum stage stage,
		   const struct screen_settings *set)
{
	return u->votes[stage] >= set->policy.needed;
}

/* ---- appending facts ---- */

static int
need_at_stage(const struct unit_state *u, long long record, enum stage s,
	      struct sk_err *err)
{
	if (unit_at_stage(u, s))
		return 0;
	if (u->flags & UNIT_OTHER)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld was found by other methods, which "
			       "go straight to full text", record);
	if (u->flags & UNIT_RULE_HIT)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld is marked ineligible by an "
			       "automation rule (scopekit rules list)", record);
	if (u->flags & UNIT_NOT_RETRIEVED)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld is marked not retrieved (scopekit "
			       "retrieve %lld --retrieved, once found)", record,
			       record);
	return sk_fail(err, SK_E_CONFLICT, NULL, 0,
		       "record %lld is not at full text: it has not been "
		       "included at title and abstract", record);
}

/* An exclusion at full text needs a reason; any reason given must exist. */
static int
check_reason(struct store *st, const struct screen_fact *f,
	     struct sk_err *err)
{
	if (f->reason && f->verdict != VERDICT_EXCLUDE)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "a reason goes with an exclusion only");
	if (f->reason)
		return screen_reason_check(st, f->reason, err);
	if (f->verdict == VERDICT_EXCLUDE && f->stage == STAGE_FT)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "excluding at full text needs a reason "
			       "(--reason; 'scopekit reasons' lists them)");
	return 0;
}

static const char *
stored_verdict(enum verdict v)
{
	return v == VERDICT_NONE ? "undo" : verdict_name(v);
}

int
screen_decide(struct store *st, const struct screen_settings *set,
	      const struct screen_fact *f, struct sk_err *err)
{
	struct unit_detail d;
	long long unit;
	enum verdict own;
	sqlite3_stmt *s;
	char now[32], none[1];
	int rc;

	if (screen_reviewer_check(st, f->reviewer, err) < 0 ||
	    check_reason(st, f, err) < 0 ||
	    screen_unit_of(st, f->record, &unit, err) < 0 ||
	    screen_unit_load(st, set, unit, &d, err) < 0 ||
	    need_at_stage(&d.u, f->record, f->stage, err) < 0)
		return -1;
	if (f->verdict == VERDICT_NONE) {
		if (screen_own_vote(st, unit, f->stage, f->reviewer, &own,
				    none, none, sizeof(none), err) < 0)
			return -1;
		if (own == VERDICT_NONE)
			return sk_fail(err, SK_E_CONFLICT, NULL, 0,
				       "%s has no judgement of record %lld at "
				       "%s to take back", f->reviewer,
				       f->record, stage_label(f->stage));
	}
	if (store_prepare(st, &s, "INSERT INTO decision (uuid, record_id, "
			  "stage, reviewer, verdict, reason, note, decided_at) "
			  "VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?, ?, "
			  "?, ?)", err) < 0)
		return -1;
	store_now_ms(now);
	sqlite3_bind_int64(s, 1, f->record);
	store_bind_text(s, 2, stage_name(f->stage));
	store_bind_text(s, 3, f->reviewer);
	store_bind_text(s, 4, stored_verdict(f->verdict));
	store_bind_text(s, 5, f->reason);
	store_bind_text(s, 6, f->note);
	store_bind_text(s, 7, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "saving a judgement");
}

int
screen_resolve(struct store *st, const struct screen_settings *set,
	       const struct screen_fact *f, struct sk_err *err)
{
	struct unit_detail d;
	long long unit;
	enum verdict own;
	sqlite3_stmt *s;
	char now[32], none[1];
	enum outcome_state state;
	int rc;

	if (f->verdict == VERDICT_MAYBE)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "a settlement is include or exclude");
	if (screen_reviewer_check(st, f->reviewer, err) < 0 ||
	    check_reason(st, f, err) < 0 ||
	    screen_unit_of(st, f->record, &unit, err) < 0 ||
	    screen_unit_load(st, set, unit, &d, err) < 0 ||
	    need_at_stage(&d.u, f->record, f->stage, err) < 0)
		return -1;
	state = d.u.out[f->stage].state;
	if (state != OUTCOME_CONFLICT && state != OUTCOME_RESOLVED)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld is not in conflict at %s (%s)",
			       f->record, stage_label(f->stage),
			       state == OUTCOME_AGREED ? "the reviewers agree" :
			       "it awaits its judgements");
	if (f->verdict == VERDICT_NONE && state != OUTCOME_RESOLVED)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld has no settlement at %s to take "
			       "back", f->record, stage_label(f->stage));
	if (screen_own_vote(st, unit, f->stage, f->reviewer, &own, none, none,
			    sizeof(none), err) < 0)
		return -1;
	if (store_prepare(st, &s, "INSERT INTO resolution (uuid, record_id, "
			  "stage, verdict, reason, resolver, method, note, "
			  "decided_at) VALUES (lower(hex(randomblob(16))), ?, ?, "
			  "?, ?, ?, ?, ?, ?)", err) < 0)
		return -1;
	store_now_ms(now);
	sqlite3_bind_int64(s, 1, f->record);
	store_bind_text(s, 2, stage_name(f->stage));
	store_bind_text(s, 3, stored_verdict(f->verdict));
	store_bind_text(s, 4, f->reason);
	store_bind_text(s, 5, f->reviewer);
	store_bind_text(s, 6, own == VERDICT_NONE ? "third" : "consensus");
	store_bind_text(s, 7, f->note);
	store_bind_text(s, 8, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "saving a settlement");
}

int
screen_retrieval(struct store *st, const struct screen_settings *set,
		 long long record, int retrieved, const char *reason,
		 const char *reviewer, struct sk_err *err)
{
	struct unit_detail d;
	long long unit;
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (!retrieved && (!reason || !*reason))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say why the report was not retrieved "
			       "(--reason)");
	if ((reviewer && screen_reviewer_check(st, reviewer, err) < 0) ||
	    screen_unit_of(st, record, &unit, err) < 0 ||
	    screen_unit_load(st, set, unit, &d, err) < 0)
		return -1;
	if (!unit_sought(&d.u))
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "record %lld is not sought for retrieval: it "
			       "has not been included at title and abstract",
			       record);
	if (store_prepare(st, &s, "INSERT INTO retrieval (uuid, record_id, "
			  "status, reason, reviewer, noted_at) VALUES "
			  "(lower(hex(randomblob(16))), ?, ?, ?, ?, ?)",
			  err) < 0)
		return -1;
	store_now_ms(now);
	sqlite3_bind_int64(s, 1, record);
	store_bind_text(s, 2, retrieved ? "retrieved" : "not_retrieved");
	store_bind_text(s, 3, reason);
	store_bind_text(s, 4, reviewer);
	store_bind_text(s, 5, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "saving a retrieval note");
}

int
screen_own_vote(struct store *st, long long unit, enum stage stage,
		const char *reviewer, enum verdict *v, char *reason,
		char *note, size_t size, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	*v = VERDICT_NONE;
	copy_cut(reason, size, NULL);
	copy_cut(note, size, NULL);
	/* "+reviewer": look the record up by its index, not the reviewer's
	 * thousands of judgements by theirs. */
	if (store_prepare(st, &s, "SELECT verdict, reason, note FROM decision "
			  "WHERE record_id IN " UNIT_MEMBERS " AND stage = ?2 "
			  "AND +reviewer = ?3 ORDER BY "
			  STORE_NEWEST("", "decided_at") " LIMIT 1", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_text(s, 2, stage_name(stage), -1, SQLITE_STATIC);
	store_bind_text(s, 3, reviewer);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW && verdict_parse(col(s, 0), v) == 0) {
		copy_cut(reason, size, col(s, 1));
		copy_cut(note, size, col(s, 2));
	}
	sqlite3_finalize(s);
	if (row != SQLITE_ROW && row != SQLITE_DONE)
		return store_fail(st, err, "reading judgements");
	return 0;
}

/* ---- the state of every unit ---- */

static int
cmp_unit(const void *key, const void *elem)
{
	long long k = *(const long long *)key;
	long long u = ((const struct unit_state *)elem)->unit;

	return (k > u) - (k < u);
}

struct unit_state *
screen_state_find(const struct screen_state *ss, long long unit)
{
	if (!ss->n)	/* bsearch wants an array, even empty */
		return NULL;
	return bsearch(&unit, ss->units, ss->n, sizeof(*ss->units), cmp_unit);
}

static const char *
state_keep(struct screen_state *ss, const char *s)
{
	if (!s)
		return NULL;
	ss->strings = xgrow(ss->strings, &ss->cap, ss->nstrings + 1,
			    sizeof(*ss->strings));
	return ss->strings[ss->nstrings++] = xstrdup(s);
}

void
screen_state_release(struct screen_state *ss)
{
	for (size_t i = 0; i < ss->nstrings; i++)
		free(ss->strings[i]);
	free(ss->strings);
	free(ss->units);
	memset(ss, 0, sizeof(*ss));
}

static int
state_units(struct store *st, struct screen_state *ss, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	if (store_prepare(st, &s, "SELECT r.id FROM record r WHERE NOT EXISTS "
			  "(SELECT 1 FROM dup_member m WHERE m.record_id = r.id "
			  "AND m.canonical <> r.id) ORDER BY r.id", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct unit_state *u;

		ss->units = xgrow(ss->units, &cap, ss->n + 1,
				  sizeof(*ss->units));
		u = &ss->units[ss->n++];
		memset(u, 0, sizeof(*u));
		u->unit = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading records");
}

/* Set a flag on the units the query's first column names. */
static int
state_flag(struct store *st, struct screen_state *ss, const char *sql,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct unit_state *u =
			screen_state_find(ss, sqlite3_column_int64(s, 0));

		if (u)
			u->flags |= (unsigned)sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading the store");
}

static int
state_settlements(struct store *st, struct screen_state *ss,
		  struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT unit, stage, verdict, reason FROM "
			  "resolution_current", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct unit_state *u =
			screen_state_find(ss, sqlite3_column_int64(s, 0));
		struct vote settled;
		enum stage stage;

		if (!u || stage_parse(col(s, 1), &stage) < 0 ||
		    verdict_parse(col(s, 2), &settled.verdict) < 0)
			continue;
		settled.reason = state_keep(ss, col(s, 3));
		verdict_outcome(NULL, 0, &settled, stage, &ss->set.policy,
				&u->out[stage]);
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading settlements");
}

/* The judgements of one unit and stage, gathered row by row. */
struct vote_group {
	long long unit;
	enum stage stage;
	struct vote votes[MAX_VOTES];
	int n;
};

static void
group_flush(struct screen_state *ss, struct vote_group *g)
{
	struct unit_state *u = screen_state_find(ss, g->unit);

	if (u && g->n) {
		u->votes[g->stage] = g->n;
		if (u->out[g->stage].state != OUTCOME_RESOLVED)
			verdict_outcome(g->votes, (size_t)g->n, NULL, g->stage,
					&ss->set.policy, &u->out[g->stage]);
	}
	g->n = 0;
}

static int
state_votes(struct store *st, struct screen_state *ss, struct sk_err *err)
{
	struct vote_group g = { 0, STAGE_TA, { { 0, NULL } }, 0 };
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT unit, stage, verdict, reason FROM "
			  "decision_current ORDER BY unit, stage", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long long unit = sqlite3_column_int64(s, 0);
		enum stage stage;
		enum verdict v;

		if (stage_parse(col(s, 1), &stage) < 0 ||
		    verdict_parse(col(s, 2), &v) < 0)
			continue;
		if (unit != g.unit || stage != g.stage)
			group_flush(ss, &g);
		g.unit = unit;
		g.stage = stage;
		if (g.n < MAX_VOTES) {
			g.votes[g.n].verdict = v;
			g.votes[g.n].reason = state_keep(ss, col(s, 3));
			g.n++;
		}
	}
	group_flush(ss, &g);
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading judgements");
}

static int
state_stops(struct store *st, struct screen_state *ss, struct sk_err *err)
{
	struct screen_stop stop;

	if (screen_stop_load(st, STAGE_TA, &stop, err) < 0)
		return -1;
	ss->stopped[STAGE_TA] = stop.stopped;
	return 0;
}

int
screen_state_load(struct store *st, struct screen_state *ss,
		  struct sk_err *err)
{
	memset(ss, 0, sizeof(*ss));
	if (screen_settings_load(st, &ss->set, err) < 0 ||
	    state_units(st, ss, err) < 0 ||
	    state_flag(st, ss, "SELECT DISTINCT h.record_id, 1 FROM rule_hit h "
		       "JOIN screen_rule r ON r.id = h.rule_id WHERE "
		       "r.removed_at IS NULL", err) < 0 ||
	    state_flag(st, ss, "SELECT coalesce(m.canonical, p.record_id), "
		       "CASE p.stage WHEN 'ta' THEN 2 ELSE 4 END FROM pilot p "
		       "LEFT JOIN dup_member m ON m.record_id = p.record_id",
		       err) < 0 ||
	    state_flag(st, ss, "SELECT unit, CASE status WHEN 'retrieved' THEN "
		       "16 ELSE 8 END FROM retrieval_current", err) < 0 ||
	    state_flag(st, ss, "SELECT coalesce(m.canonical, r.id) AS unit, 32 "
		       "FROM record r JOIN source s ON s.id = r.source_id LEFT "
		       "JOIN dup_member m ON m.record_id = r.id GROUP BY unit "
		       "HAVING min(s.kind = 'other') = 1", err) < 0 ||
	    state_flag(st, ss, "SELECT coalesce(m.canonical, j.record_id), 64 "
		       "FROM copy_judged j LEFT JOIN dup_member m ON "
		       "m.record_id = j.record_id", err) < 0 ||
	    state_settlements(st, ss, err) < 0 ||
	    state_votes(st, ss, err) < 0 ||
	    state_stops(st, ss, err) < 0) {
		screen_state_release(ss);
		return -1;
	}
	return 0;
}

/* ---- queues ---- */

static int
cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The units the reviewer has judged at the stage, sorted. */
static int
own_units(struct store *st, const char *reviewer, enum stage stage,
	  long long **ids, size_t *n, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	*ids = NULL;
	*n = 0;
	/* The view works out every reviewer; this reads theirs only. */
	if (store_prepare(st, &s, "SELECT unit FROM (SELECT coalesce("
			  "m.canonical, d.record_id) AS unit, d.verdict, "
			  "row_number() OVER (PARTITION BY coalesce(m.canonical, "
			  "d.record_id) ORDER BY " STORE_NEWEST("d.", "decided_at")
			  ") AS n FROM decision d LEFT JOIN dup_member m ON "
			  "m.record_id = d.record_id WHERE d.reviewer = ? AND "
			  "d.stage = ?) WHERE n = 1 AND verdict <> 'undo'",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, reviewer);
	sqlite3_bind_text(s, 2, stage_name(stage), -1, SQLITE_STATIC);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = xgrow(*ids, &cap, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		return store_fail(st, err, "reading judgements");
	}
	if (*n)		/* qsort and bsearch want an array, even empty */
		qsort(*ids, *n, sizeof(**ids), cmp_id);
	return 0;
}

int
screen_queue(struct store *st, const struct screen_state *ss,
	     const char *reviewer, enum stage stage, long long **ids,
	     size_t *n, struct sk_err *err)
{
	unsigned pilot = stage == STAGE_TA ? UNIT_PILOT_TA : UNIT_PILOT_FT;
	long long *own;
	size_t nown, cap = 0;

	*ids = NULL;
	*n = 0;
	if (own_units(st, reviewer, stage, &own, &nown, err) < 0)
		return -1;
	/* Two passes: the pilot sample first, then the rest. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ss->n; i++) {
			const struct unit_state *u = &ss->units[i];

			if ((u->flags & pilot ? 0 : 1) != pass ||
			    !unit_at_stage(u, stage) ||
			    unit_not_screened(ss, u, stage) ||
			    u->out[stage].state != OUTCOME_AWAITING ||
			    (nown && bsearch(&u->unit, own, nown, sizeof(*own),
					     cmp_id)))
				continue;
			*ids = xgrow(*ids, &cap, *n + 1, sizeof(**ids));
			(*ids)[(*n)++] = u->unit;
		}
	}
	free(own);
	return 0;
}

/* ---- stopping early ---- */

int
unit_not_screened(const struct screen_state *ss, const struct unit_state *u,
		  enum stage s)
{
	return ss->stopped[s] && unit_at_stage(u, s) && u->votes[s] == 0 &&
	       !(s == STAGE_TA && (u->flags & UNIT_JUDGED_APART));
}

int
screen_stop_load(struct store *st, enum stage stage, struct screen_stop *stop,
		 struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	memset(stop, 0, sizeof(*stop));
	if (store_prepare(st, &s, "SELECT action, reason, decided_by, "
			  "decided_at FROM screen_stop WHERE stage = ? ORDER BY "
			  STORE_NEWEST("", "decided_at") " LIMIT 1", err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, stage_name(stage), -1, SQLITE_STATIC);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW && !strcmp(col(s, 0), "stop")) {
		stop->stopped = 1;
		copy_cut(stop->reason, sizeof(stop->reason), col(s, 1));
		copy_cut(stop->by, sizeof(stop->by), col(s, 2));
		copy_cut(stop->at, sizeof(stop->at), col(s, 3));
	}
	sqlite3_finalize(s);
	if (row != SQLITE_ROW && row != SQLITE_DONE)
		return store_fail(st, err, "reading when screening stopped");
	return 0;
}

int
screen_stop_set(struct store *st, enum stage stage, const char *reason,
		const char *reviewer, struct sk_err *err)
{
	struct screen_stop now_stop;
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (stage != STAGE_TA)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "screening stops at "
			       "title and abstract only (--stage ta): every "
			       "full text sought is assessed");
	if (reason && (!*reason || strlen(reason) > 500))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say why the team "
			       "stops, in 1 to 500 characters (--reason)");
	if ((reviewer && screen_reviewer_check(st, reviewer, err) < 0) ||
	    screen_stop_load(st, stage, &now_stop, err) < 0)
		return -1;
	if (reason && now_stop.stopped)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "screening at %s "
			       "stopped already, on %s: %s", stage_label(stage),
			       now_stop.at, now_stop.reason);
	if (!reason && !now_stop.stopped)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "screening at %s "
			       "has not stopped", stage_label(stage));
	if (store_prepare(st, &s, "INSERT INTO screen_stop (uuid, stage, "
			  "action, reason, decided_by, decided_at) VALUES "
			  "(lower(hex(randomblob(16))), ?, ?, ?, ?, ?)",
			  err) < 0)
		return -1;
	store_now_ms(now);
	store_bind_text(s, 1, stage_name(stage));
	store_bind_text(s, 2, reason ? "stop" : "resume");
	store_bind_text(s, 3, reason);
	store_bind_text(s, 4, reviewer);
	store_bind_text(s, 5, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "saving the stop");
}

/* ---- the pilot sample ---- */

int
screen_pilot_draw(struct store *st, const struct screen_state *ss,
		  enum stage stage, size_t want, unsigned long long seed,
		  size_t *drawn, struct sk_err *err)
{
	unsigned long long state = seed;
	long long *pool = NULL;
	size_t n = 0, cap = 0;
	sqlite3_stmt *s;
	char now[32];
	int rc = 0;

	*drawn = 0;
	for (size_t i = 0; i < ss->n; i++) {
		const struct unit_state *u = &ss->units[i];

		if (unit_at_stage(u, stage) && u->votes[stage] == 0) {
			pool = xgrow(pool, &cap, n + 1, sizeof(*pool));
			pool[n++] = u->unit;
		}
	}
	if (want > n)
		want = n;
	/* The first want places of a Fisher-Yates shuffle. */
	for (size_t i = 0; i < want; i++) {
		size_t j = i + (size_t)(splitmix64(&state) % (n - i));
		long long t = pool[i];

		pool[i] = pool[j];
		pool[j] = t;
	}
	if (store_prepare(st, &s, "INSERT INTO pilot (stage, record_id, seed, "
			  "drawn_at) VALUES (?, ?, ?, ?)", err) < 0) {
		free(pool);
		return -1;
	}
	store_now(now);
	store_bind_text(s, 1, stage_name(stage));
	sqlite3_bind_int64(s, 3, (long long)(seed & 0x7fffffffffffffffULL));
	store_bind_text(s, 4, now);
	for (size_t i = 0; i < want && rc == 0; i++) {
		sqlite3_bind_int64(s, 2, pool[i]);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_fail(st, err, "saving the pilot sample");
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	free(pool);
	*drawn = rc == 0 ? want : 0;
	return rc;
}

/* ---- agreement tables ---- */

/* A maybe is a vote to look further, so it counts as include here. */
static int
includes(const char *verdict)
{
	return strcmp(verdict, "exclude") != 0;
}

static struct screen_pair *
pair_for(struct screen_pair **pairs, size_t *n, size_t *cap, const char *a,
	 const char *b)
{
	struct screen_pair *p;

	if (*n && !strcmp((*pairs)[*n - 1].first, a) &&
	    !strcmp((*pairs)[*n - 1].second, b))
		return &(*pairs)[*n - 1];
	*pairs = xgrow(*pairs, cap, *n + 1, sizeof(**pairs));
	p = &(*pairs)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->first = xstrdup(a);
	p->second = xstrdup(b);
	return p;
}

int
screen_pairs(struct store *st, const struct screen_state *ss, enum stage stage,
	     int pilot, struct screen_pair **pairs, size_t *n,
	     struct sk_err *err)
{
	unsigned flag = stage == STAGE_TA ? UNIT_PILOT_TA : UNIT_PILOT_FT;
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	*pairs = NULL;
	*n = 0;
	if (store_prepare(st, &s, "SELECT a.reviewer, b.reviewer, a.unit, "
			  "a.verdict, b.verdict FROM decision_current a JOIN "
			  "decision_current b ON b.unit = a.unit AND b.stage = "
			  "a.stage AND a.reviewer < b.reviewer WHERE a.stage = ? "
			  "ORDER BY a.reviewer, b.reviewer", err) < 0)
		return -1;
	store_bind_text(s, 1, stage_name(stage));
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const struct unit_state *u =
			screen_state_find(ss, sqlite3_column_int64(s, 2));
		struct screen_pair *p;
		int a, b;

		if (!u || !unit_at_stage(u, stage) ||
		    !(u->flags & flag) != !pilot)
			continue;
		p = pair_for(pairs, n, &cap,
			     (const char *)sqlite3_column_text(s, 0),
			     (const char *)sqlite3_column_text(s, 1));
		a = includes((const char *)sqlite3_column_text(s, 3));
		b = includes((const char *)sqlite3_column_text(s, 4));
		if (a && b)
			p->t.both_include++;
		else if (a)
			p->t.first_only++;
		else if (b)
			p->t.second_only++;
		else
			p->t.both_exclude++;
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading judgements");
}

void
screen_pairs_release(struct screen_pair *pairs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(pairs[i].first);
		free(pairs[i].second);
	}
	free(pairs);
}
