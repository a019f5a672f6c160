/*
 * merge: reviewer copies and merging them back.
 *
 * A copy is the whole store (VACUUM INTO), then the facts that would
 * unblind its reviewer deleted, then copied again (VACUUM INTO) so that
 * no page a deleted row was on goes into the copy. Merging attaches each
 * copy read-only and adds, kind by kind, the facts whose uuid the store
 * lacks, mapping the few things whose ids are local (duplicate pairs by
 * their records, form versions by key and version, studies and units by
 * uuid, else name).
 * Records, sources and files keep their ids in copies: a copy cannot
 * import, and a copy with a record the store lacks is refused.
 */
#include "merge.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "duplicates.h"
#include "review.h"
#include "rules.h"
#include "screen.h"
#include "xalloc.h"
#include "banned.h"

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	return col(s, i) ? xstrdup(col(s, i)) : NULL;
}

/*
 * SQL from a template: "{c}" becomes the attached copy's schema name and
 * "{t}" the alias of the fact table. Both are names made here, never
 * user text. The caller frees the result.
 */
static char *
fill(const char *tmpl, const char *copy, const char *alias)
{
	struct buf b = BUF_INIT;

	for (const char *p = tmpl; *p; p++) {
		if (!strncmp(p, "{c}", 3)) {
			buf_adds(&b, copy);
			p += 2;
		} else if (!strncmp(p, "{t}", 3)) {
			buf_adds(&b, alias);
			p += 2;
		} else {
			buf_addch(&b, *p);
		}
	}
	return buf_detach(&b, NULL);
}

static int
prepare_filled(struct store *st, sqlite3_stmt **s, const char *tmpl,
	       const char *copy, struct sk_err *err)
{
	char *sql = fill(tmpl, copy, "t");
	int rc = store_prepare(st, s, sql, err);

	free(sql);
	return rc;
}

/* Run a template without results; *changes (may be NULL) gets the rows. */
static int
exec_filled(struct store *st, const char *tmpl, const char *copy,
	    const char *bind1, long *changes, const char *what,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare_filled(st, &s, tmpl, copy, err) < 0)
		return -1;
	if (bind1)
		store_bind_text(s, 1, bind1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, what);
	if (changes)
		*changes = sqlite3_changes(st->db);
	return 0;
}

/* One integer from a template's first row (0 if none). */
static int
int_filled(struct store *st, const char *tmpl, const char *copy,
	   long long *v, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare_filled(st, &s, tmpl, copy, err) < 0)
		return -1;
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the store");
}

/* ---- copies ---- */

int
merge_info_load(struct store *st, int *is_copy, struct merge_info *info,
		struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	memset(info, 0, sizeof(*info));
	*is_copy = 0;
	if (store_prepare(st, &s, "SELECT uuid, made_for, made_from, made_at "
			  "FROM copy_info WHERE id = 1", err) < 0)
		return -1;
	row = sqlite3_step(s);
	if (row == SQLITE_ROW) {
		*is_copy = 1;
		info->uuid = col_dup(s, 0);
		info->made_for = col_dup(s, 1);
		info->made_from = col_dup(s, 2);
		info->made_at = col_dup(s, 3);
	}
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the store");
}

void
merge_info_release(struct merge_info *info)
{
	free(info->uuid);
	free(info->made_for);
	free(info->made_from);
	free(info->made_at);
	memset(info, 0, sizeof(*info));
}

int
merge_refuse_copy(struct store *st, const char *doing, struct sk_err *err)
{
	struct merge_info info;
	int is_copy;

	if (merge_info_load(st, &is_copy, &info, err) < 0)
		return -1;
	if (is_copy)
		sk_fail(err, SK_E_CONFLICT, st->path, 0, "this store is %s's "
			"copy of %s, for judging: %s", info.made_for,
			info.made_from, doing);
	merge_info_release(&info);
	return is_copy ? -1 : 0;
}

/*
 * A record's unit and stage have all the judgements they need: then the
 * store shows every judgement to everyone (screen_may_see_all), and so
 * does a copy. Only these keep the other reviewers' judgements.
 */
static const char *const blind_sql[] = {
	"CREATE TEMP TABLE merge_complete (unit INTEGER, stage TEXT, "
	"PRIMARY KEY (unit, stage)) WITHOUT ROWID",
	"INSERT INTO temp.merge_complete SELECT unit, stage FROM "
	"decision_current GROUP BY unit, stage HAVING count(*) >= ?2",
	"DELETE FROM decision WHERE reviewer <> ?1 AND NOT EXISTS (SELECT 1 "
	"FROM temp.merge_complete c WHERE c.stage = decision.stage AND c.unit "
	"= coalesce((SELECT canonical FROM dup_member WHERE record_id = "
	"decision.record_id), decision.record_id))",
	"DELETE FROM resolution WHERE NOT EXISTS (SELECT 1 FROM "
	"temp.merge_complete c WHERE c.stage = resolution.stage AND c.unit = "
	"coalesce((SELECT canonical FROM dup_member WHERE record_id = "
	"resolution.record_id), resolution.record_id))",
	"DELETE FROM extraction WHERE extractor <> ?1",
	"DELETE FROM consensus WHERE agreed_by <> ?1",
	"DROP TABLE temp.merge_complete",
};

static int
copy_blind(struct store *cp, const char *reviewer, int needed,
	   struct merge_copy_report *rep, struct sk_err *err)
{
	long *counts[] = { NULL, NULL, &rep->judgements, &rep->settlements,
			   &rep->values, &rep->consensus, NULL };

	for (size_t i = 0; i < sizeof(blind_sql) / sizeof(*blind_sql); i++) {
		sqlite3_stmt *s;
		int rc;

		if (store_prepare(cp, &s, blind_sql[i], err) < 0)
			return -1;
		if (sqlite3_bind_parameter_count(s) >= 1)
			store_bind_text(s, 1, reviewer);
		if (sqlite3_bind_parameter_count(s) >= 2)
			sqlite3_bind_int(s, 2, needed);
		rc = sqlite3_step(s);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_fail(cp, err, "leaving others' work out");
		if (counts[i])
			*counts[i] = sqlite3_changes(cp->db);
	}
	return 0;
}

/*
 * After a stop, the records somebody judged at title and abstract stay
 * screened, though the copy may leave out their judgements: note which,
 * before they go. The store's queues show as much to everyone then.
 */
static int
copy_judged(struct store *cp, struct merge_copy_report *rep,
	    struct sk_err *err)
{
	if (!rep->stopped)
		return 0;
	if (store_exec(cp, "INSERT INTO copy_judged (record_id) SELECT "
		       "DISTINCT unit FROM decision_current WHERE stage = "
		       "'ta'", err) < 0)
		return store_fail(cp, err, "noting the records judged");
	rep->judged = sqlite3_changes(cp->db);
	return 0;
}

static int
copy_note(struct store *cp, const char *reviewer, const char *from,
	  struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_prepare(cp, &s, "INSERT INTO copy_info (id, uuid, made_for, "
			  "made_from, made_at) VALUES (1, lower(hex(randomblob("
			  "16))), ?, ?, ?)", err) < 0)
		return -1;
	store_now_ms(now);
	store_bind_text(s, 1, reviewer);
	store_bind_text(s, 2, from);
	store_bind_text(s, 3, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(cp, err, "marking the copy");
}

/* VACUUM INTO: a compact copy of db's store at path, no free pages. */
static int
vacuum_into(sqlite3 *db, const char *path, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	/*
	 * The memory VACUUM INTO takes grows with the cache: on 100,000
	 * records, 4 MiB of cache copied in 0.5 s and 72 MB, the store's
	 * usual 16 MiB in the same time and 275 MB.
	 */
	sqlite3_exec(db, "PRAGMA cache_size = -4096", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &s, NULL) != SQLITE_OK)
		return sk_fail(err, SK_E_DB, path, 0,
			       "cannot copy the store: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sk_fail(err, SK_E_IO, path, 0,
			       "cannot write the copy: %s", sqlite3_errmsg(db));
	return 0;
}

/*
 * The copy: the whole store at whole, blinded there in one transaction,
 * then copied again to blind, so that the pages the deleted rows were on
 * are left behind with whole.
 */
static int
copy_write(struct store *st, const char *reviewer, int needed,
	   const char *whole, const char *blind, struct merge_copy_report *rep,
	   struct sk_err *err)
{
	struct store *cp = NULL;
	int rc;

	if (vacuum_into(st->db, whole, err) < 0 ||
	    store_open(&cp, whole, STORE_WRITE, err) < 0)
		return -1;
	rc = store_begin(cp, err);
	if (rc == 0)
		rc = copy_judged(cp, rep, err);
	if (rc == 0)
		rc = copy_blind(cp, reviewer, needed, rep, err);
	if (rc == 0)
		rc = copy_note(cp, reviewer, st->path, err);
	if (rc == 0)
		rc = store_commit(cp, err);
	if (rc == 0)
		rc = vacuum_into(cp->db, blind, err);
	store_close(cp);
	return rc;
}

static void
remove_part(const char *part)
{
	static const char *const ends[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; i < sizeof(ends) / sizeof(*ends); i++) {
		char *p = xasprintf("%s%s", part, ends[i]);

		unlink(p);
		free(p);
	}
}

int
merge_copy(struct store *st, const char *reviewer, const char *out,
	   struct merge_copy_report *rep, struct sk_err *err)
{
	struct screen_settings set;
	struct screen_stop stop;
	struct stat sb;
	char *whole, *blind;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (merge_refuse_copy(st, "make copies from the main store", err) < 0 ||
	    screen_reviewer_check(st, reviewer, err) < 0 ||
	    screen_settings_load(st, &set, err) < 0 ||
	    screen_stop_load(st, STAGE_TA, &stop, err) < 0)
		return -1;
	rep->stopped = stop.stopped;
	if (stat(out, &sb) == 0)
		return sk_fail(err, SK_E_IO, out, 0, "the file exists (a copy "
			       "is always a new file)");
	/* Written beside, and linked to its name only when done. */
	whole = xasprintf("%s.part%ld", out, (long)getpid());
	blind = xasprintf("%s.blind%ld", out, (long)getpid());
	rc = copy_write(st, reviewer, set.policy.needed, whole, blind, rep,
			err);
	if (rc == 0 && link(blind, out) < 0)
		rc = sk_fail(err, SK_E_IO, out, 0, "cannot write the copy: %s",
			     errno == EEXIST ? "the file exists" :
			     strerror(errno));
	remove_part(whole);
	remove_part(blind);
	free(whole);
	free(blind);
	return rc;
}

/* ---- kinds of facts ---- */

/* The unit (cluster's canonical record) of a fact's record, in main. */
#define UNIT_OF \
	"coalesce((SELECT canonical FROM main.dup_member WHERE record_id = " \
	"{t}.record_id), {t}.record_id)"
#define TARGET_OF \
	"{t}.level || ' ' || CASE {t}.level WHEN 'report' THEN " UNIT_OF \
	" WHEN 'study' THEN {t}.study_id ELSE {t}.unit_id END"
#define TARGET_NAME \
	"CASE {t}.level WHEN 'report' THEN 'report ' || " UNIT_OF " WHEN " \
	"'study' THEN 'study ' || (SELECT name FROM main.study WHERE id = " \
	"{t}.study_id) ELSE 'unit ' || (SELECT name FROM main.unit WHERE " \
	"id = {t}.unit_id) END"
#define ANSWER_SAYS \
	"CASE {t}.answer WHEN 'value' THEN {t}.value ELSE " \
	"replace({t}.answer, '_', ' ') END"
#define CHART_COLUMNS \
	"form_id, level, record_id, study_id, unit_id, field, "
#define CHART_SELECT \
	"fm.to_id, {t}.level, {t}.record_id, sm.to_id, um.to_id, {t}.field, "
#define CHART_JOINS \
	"JOIN temp.merge_map fm ON fm.kind = 'form' AND fm.from_id = " \
	"{t}.form_id LEFT JOIN temp.merge_map sm ON sm.kind = 'study' AND " \
	"sm.from_id = {t}.study_id LEFT JOIN temp.merge_map um ON um.kind = " \
	"'unit' AND um.from_id = {t}.unit_id"

/*
 * One table of appended facts: how to copy its rows (ids mapped), what
 * two facts must share to be about one thing (key) and what they say,
 * and how to name them for people.
 */
struct fact_kind {
	const char *table;
	const char *time;	/* its time column */
	const char *who;	/* who made it, or NULL */
	const char *columns;	/* inserted, besides uuid and origin */
	const char *select;	/* the same, from the copy's row {t} */
	const char *joins;	/* mapping the copy's local ids */
	const char *key;	/* over {t} in main */
	const char *says;
	const char *subject;
	const char *what;
	/* A cheap part of the key, from columns only: facts that differ in
	 * it cannot be about one thing. */
	const char *near;
};

static const struct fact_kind kinds[MERGE_KINDS] = {
	[MERGE_JUDGEMENT] = {
		"decision", "decided_at", "{t}.reviewer",
		"record_id, stage, reviewer, verdict, reason, note, decided_at",
		"{t}.record_id, {t}.stage, {t}.reviewer, {t}.verdict, "
		"{t}.reason, {t}.note, {t}.decided_at", "",
		UNIT_OF " || ' ' || {t}.stage || ' ' || {t}.reviewer",
		"{t}.verdict || coalesce(' (' || {t}.reason || ')', '')",
		"'record ' || " UNIT_OF, "{t}.stage",
		"{t}.stage || ' ' || {t}.reviewer",
	},
	[MERGE_SETTLEMENT] = {
		"resolution", "decided_at", "{t}.resolver",
		"record_id, stage, verdict, reason, resolver, method, note, "
		"decided_at",
		"{t}.record_id, {t}.stage, {t}.verdict, {t}.reason, "
		"{t}.resolver, {t}.method, {t}.note, {t}.decided_at", "",
		UNIT_OF " || ' ' || {t}.stage",
		"{t}.verdict || coalesce(' (' || {t}.reason || ')', '')",
		"'record ' || " UNIT_OF, "{t}.stage",
		"{t}.stage",
	},
	[MERGE_RETRIEVAL] = {
		"retrieval", "noted_at", "{t}.reviewer",
		"record_id, status, reason, reviewer, noted_at",
		"{t}.record_id, {t}.status, {t}.reason, {t}.reviewer, "
		"{t}.noted_at", "",
		UNIT_OF, "replace({t}.status, '_', ' ')",
		"'record ' || " UNIT_OF, "''",
		"1",
	},
	[MERGE_DUPLICATE] = {
		"dup_decision", "decided_at", "{t}.reviewer",
		"pair_id, verdict, method, reviewer, note, decided_at",
		"mp.id, {t}.verdict, {t}.method, {t}.reviewer, {t}.note, "
		"{t}.decided_at",
		"JOIN {c}.dup_pair cp ON cp.id = {t}.pair_id "
		"JOIN main.dup_pair mp ON mp.a = cp.a AND mp.b = cp.b",
		"{t}.pair_id", "{t}.verdict",
		"(SELECT 'records ' || a || ' and ' || b FROM main.dup_pair "
		"WHERE id = {t}.pair_id)", "''",
		"{t}.pair_id",
	},
	[MERGE_STUDY_REPORT] = {
		"study_report", "noted_at", "{t}.by_whom",
		"study_id, record_id, action, basis, by_whom, noted_at",
		"sm.to_id, {t}.record_id, {t}.action, {t}.basis, {t}.by_whom, "
		"{t}.noted_at",
		"JOIN temp.merge_map sm ON sm.kind = 'study' AND sm.from_id = "
		"{t}.study_id",
		/* a report is in one study at a time: facts made apart that
		 * put it in two disagree */
		"{t}.record_id",
		"{t}.action || ' ' || (SELECT name FROM main.study WHERE id = "
		"{t}.study_id)",
		"'report ' || {t}.record_id", "'study'",
		"{t}.record_id",
	},
	[MERGE_UNIT_STUDY] = {
		"unit_study", "noted_at", "{t}.by_whom",
		"unit_id, study_id, action, by_whom, noted_at",
		"um.to_id, sm.to_id, {t}.action, {t}.by_whom, {t}.noted_at",
		"JOIN temp.merge_map um ON um.kind = 'unit' AND um.from_id = "
		"{t}.unit_id JOIN temp.merge_map sm ON sm.kind = 'study' AND "
		"sm.from_id = {t}.study_id",
		"{t}.unit_id || ' ' || {t}.study_id", "{t}.action",
		"'unit ' || (SELECT name FROM main.unit WHERE id = "
		"{t}.unit_id)",
		"'study ' || (SELECT name FROM main.study WHERE id = "
		"{t}.study_id)",
		"{t}.unit_id || ' ' || {t}.study_id",
	},
	[MERGE_VALUE] = {
		"extraction", "charted_at", "{t}.extractor",
		CHART_COLUMNS "extractor, answer, value, note, charted_at",
		CHART_SELECT "{t}.extractor, {t}.answer, {t}.value, {t}.note, "
		"{t}.charted_at", CHART_JOINS,
		TARGET_OF " || ' ' || {t}.field || ' ' || {t}.extractor",
		ANSWER_SAYS, TARGET_NAME, "{t}.field",
		"{t}.field || ' ' || {t}.extractor",
	},
	[MERGE_CONSENSUS] = {
		"consensus", "agreed_at", "{t}.agreed_by",
		CHART_COLUMNS "agreed_by, answer, value, note, agreed_at",
		CHART_SELECT "{t}.agreed_by, {t}.answer, {t}.value, {t}.note, "
		"{t}.agreed_at", CHART_JOINS,
		TARGET_OF " || ' ' || {t}.field", ANSWER_SAYS, TARGET_NAME,
		"{t}.field",
		"{t}.field",
	},
	/* a stop and a resumption made apart disagree; two stops do not */
	[MERGE_STOP] = {
		"screen_stop", "decided_at", "{t}.decided_by",
		"stage, action, reason, decided_by, decided_at",
		"{t}.stage, {t}.action, {t}.reason, {t}.decided_by, "
		"{t}.decided_at", "",
		"{t}.stage", "{t}.action",
		"'screening'", "{t}.stage",
		"{t}.stage",
	},
};

static const char *const kind_names[MERGE_KINDS] = {
	"judgement", "settlement", "retrieval", "duplicate", "study report",
	"unit study", "value", "consensus", "stop",
};

const char *
merge_kind_name(enum merge_kind kind)
{
	return kind_names[kind];
}

/* ---- the report ---- */

static struct merge_count *
count_for(struct merge_report *rep, size_t copy, enum merge_kind kind,
	  const char *who)
{
	struct merge_count *c;

	for (size_t i = 0; i < rep->ncounts; i++) {
		c = &rep->counts[i];
		if (c->copy == copy && c->kind == kind &&
		    (c->who && who ? !strcmp(c->who, who) : c->who == who))
			return c;
	}
	rep->counts = xgrow(rep->counts, &rep->cap, rep->ncounts + 1,
			    sizeof(*rep->counts));
	c = &rep->counts[rep->ncounts++];
	memset(c, 0, sizeof(*c));
	c->copy = copy;
	c->kind = kind;
	c->who = who ? xstrdup(who) : NULL;
	return c;
}

void
merge_report_release(struct merge_report *rep)
{
	for (size_t i = 0; i < rep->ncopies; i++) {
		free(rep->copies[i].path);
		free(rep->copies[i].uuid);
		free(rep->copies[i].made_for);
		free(rep->copies[i].after_stop_ids);
	}
	free(rep->copies);
	free(rep->stopped_at);
	for (size_t i = 0; i < rep->ncounts; i++)
		free(rep->counts[i].who);
	free(rep->counts);
	memset(rep, 0, sizeof(*rep));
}

int
merge_max_copies(struct store *st)
{
	return sqlite3_limit(st->db, SQLITE_LIMIT_ATTACHED, -1);
}

/* ---- checking a copy ---- */

/* The copy's file as a read-only SQLite URI; the caller frees it. */
static char *
copy_uri(const char *abs)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "file:");
	for (const char *p = abs; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_addf(&b, "%%%02X", (unsigned char)*p);
		else
			buf_addch(&b, *p);
	}
	buf_adds(&b, "?mode=ro");
	return buf_detach(&b, NULL);
}

static int
copy_attach(struct store *st, const char *path, const char *schema,
	    struct sk_err *err)
{
	char abs[PATH_MAX], *uri, *sql;
	sqlite3_stmt *s;
	int rc;

	if (!realpath(path, abs))
		return sk_fail(err, SK_E_IO, path, 0,
			       "cannot read the copy: %s", strerror(errno));
	uri = copy_uri(abs);
	sql = xasprintf("ATTACH ? AS %s", schema);
	rc = store_prepare(st, &s, sql, err);
	free(sql);
	if (rc == 0) {
		store_bind_text(s, 1, uri);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 :
		     sk_fail(err, SK_E_IO, path, 0, "cannot read the copy: %s",
			     sqlite3_errmsg(st->db));
		sqlite3_finalize(s);
	}
	free(uri);
	return rc;
}

/* An integer pragma of the attached copy; -1 if it cannot be read. */
static long long
copy_pragma(struct store *st, const char *schema, const char *name)
{
	char *sql = xasprintf("PRAGMA %s.%s", schema, name);
	sqlite3_stmt *s;
	long long v = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	free(sql);
	return v;
}

static int
check_identity(struct store *st, const char *schema, const char *path,
	       struct sk_err *err)
{
	long long app = copy_pragma(st, schema, "application_id");
	long long ours = copy_pragma(st, "main", "application_id");
	long long version = copy_pragma(st, schema, "user_version");
	int latest = store_schema_latest();

	if (app < 0 || app != ours)
		return sk_fail(err, SK_E_INPUT, path, 0,
			       "not a scopekit review store");
	if (version > latest)
		return sk_fail(err, SK_E_INPUT, path, 0, "the copy was made by "
			       "a newer scopekit (schema %lld; this scopekit "
			       "knows up to %d): merge it with that scopekit",
			       version, latest);
	if (version != latest)
		return sk_fail(err, SK_E_INPUT, path, 0, "the copy has "
			       "schema %lld and this store %d: a copy merges "
			       "only into a store of its own schema version",
			       version, latest);
	return 0;
}

/* Read what the copy says of itself and check it is one of this review. */
static int
check_copy(struct store *st, const char *schema, const char *path,
	   const struct review *ours, struct merge_source *src,
	   struct sk_err *err)
{
	char *sql = xasprintf("SELECT c.uuid, c.made_for, r.uuid, r.title "
			      "FROM %s.review r LEFT JOIN %s.copy_info c",
			      schema, schema);
	sqlite3_stmt *s;
	int rc;

	rc = store_prepare(st, &s, sql, err);
	free(sql);
	if (rc < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		rc = sk_fail(err, SK_E_INPUT, path, 0,
			     "the copy holds no review");
	else if (!col(s, 0))
		rc = sk_fail(err, SK_E_INPUT, path, 0, "not a copy made by "
			     "'scopekit copy' (only copies can be merged)");
	else if (strcmp(col(s, 2), ours->uuid))
		rc = sk_fail(err, SK_E_CONFLICT, path, 0, "a copy of another "
			     "review ('%s'), not of '%s'", col(s, 3),
			     ours->title);
	else
		rc = 0;
	if (rc == 0) {
		src->uuid = col_dup(s, 0);
		src->made_for = col_dup(s, 1);
	}
	sqlite3_finalize(s);
	return rc;
}

static int
check_records(struct store *st, const char *schema, const char *path,
	      struct sk_err *err)
{
	long long missing;

	/* "+m.id": both sides read the (file, position) index only, never
	 * the large rows with their original text. */
	if (int_filled(st, "SELECT count(*) FROM {c}.record r WHERE NOT "
		       "EXISTS (SELECT 1 FROM main.record m WHERE +m.id = r.id "
		       "AND m.file_id = r.file_id AND m.position = "
		       "r.position)", schema, &missing, err) < 0)
		return -1;
	if (missing)
		return sk_fail(err, SK_E_CONFLICT, path, 0, "the copy has %lld "
			       "record%s this store lacks (records imported "
			       "into a copy cannot be merged)", missing,
			       missing == 1 ? "" : "s");
	return 0;
}

/* Reasons are the review's list, kept in order: a copy cannot add one. */
static int
check_reasons(struct store *st, const char *schema, const char *path,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare_filled(st, &s, "SELECT reason FROM {c}.decision WHERE "
			   "reason IS NOT NULL AND reason NOT IN (SELECT label "
			   "FROM main.reason) UNION SELECT reason FROM "
			   "{c}.resolution WHERE reason IS NOT NULL AND reason "
			   "NOT IN (SELECT label FROM main.reason) LIMIT 1",
			   schema, err) < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = sk_fail(err, SK_E_CONFLICT, path, 0, "the copy's "
			     "judgements give the reason '%s', which this "
			     "review's list lacks: add it (scopekit reasons "
			     "add) and merge again", col(s, 0));
	else
		rc = rc == SQLITE_DONE ? 0 :
		     store_fail(st, err, "reading the copy");
	sqlite3_finalize(s);
	return rc;
}

static int
check_forms(struct store *st, const char *schema, const char *path,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (prepare_filled(st, &s, "SELECT c.key, c.version FROM {c}.form c "
			   "JOIN main.form m ON m.key = c.key AND m.version = "
			   "c.version WHERE m.text <> c.text LIMIT 1", schema,
			   err) < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = sk_fail(err, SK_E_CONFLICT, path, 0, "version %lld of "
			     "form '%s' is in this store with other content",
			     sqlite3_column_int64(s, 1), col(s, 0));
	else
		rc = rc == SQLITE_DONE ? 0 :
		     store_fail(st, err, "reading the copy");
	sqlite3_finalize(s);
	return rc;
}

/* ---- what facts need: reviewers, rules, forms, studies, units ---- */

static const char merge_map_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS merge_map (kind TEXT NOT NULL, "
	"from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, PRIMARY KEY "
	"(kind, from_id)) WITHOUT ROWID";

/*
 * Setup a copy brings, in order; what a step adds is counted in the
 * report's field at the offset given (0, the list of copies: not counted).
 */
static const struct {
	const char *sql;
	size_t counts;		/* offset in struct merge_report, or 0 */
} setup_steps[] = {
	/* Reviewers by name; the earliest creation time wins. */
	{ "INSERT INTO main.reviewer (name, created_at) SELECT name, "
	  "created_at FROM {c}.reviewer WHERE name NOT IN (SELECT name FROM "
	  "main.reviewer)", offsetof(struct merge_report, reviewers) },
	{ "UPDATE main.reviewer SET created_at = (SELECT c.created_at FROM "
	  "{c}.reviewer c WHERE c.name = reviewer.name) WHERE created_at > "
	  "(SELECT c.created_at FROM {c}.reviewer c WHERE c.name = "
	  "reviewer.name)", 0 },
	/* Rules by uuid, checked afresh; a rule removed anywhere is
	 * removed, at the earliest time. */
	{ "INSERT INTO main.screen_rule (uuid, kind, value, field, label, "
	  "created_by, created_at, removed_at, checked_to) SELECT uuid, kind, "
	  "value, field, label, created_by, created_at, removed_at, 0 FROM "
	  "{c}.screen_rule WHERE uuid NOT IN (SELECT uuid FROM "
	  "main.screen_rule) ORDER BY id",
	  offsetof(struct merge_report, rules) },
	{ "UPDATE main.screen_rule SET removed_at = (SELECT c.removed_at FROM "
	  "{c}.screen_rule c WHERE c.uuid = screen_rule.uuid) WHERE "
	  "coalesce(removed_at, '9') > (SELECT coalesce(c.removed_at, '9') "
	  "FROM {c}.screen_rule c WHERE c.uuid = screen_rule.uuid)", 0 },
	/* Form versions by key and version, with their fields. */
	{ "DELETE FROM temp.merge_map", 0 },
	{ "INSERT INTO main.form (uuid, key, version, title, text, file, "
	  "loaded_by, loaded_at) SELECT uuid, key, version, title, text, file, "
	  "loaded_by, loaded_at FROM {c}.form c WHERE NOT EXISTS (SELECT 1 "
	  "FROM main.form m WHERE m.key = c.key AND m.version = c.version) "
	  "ORDER BY id", offsetof(struct merge_report, forms) },
	{ "INSERT INTO temp.merge_map SELECT 'form', c.id, m.id FROM "
	  "{c}.form c JOIN main.form m ON m.key = c.key AND m.version = "
	  "c.version", 0 },
	{ "INSERT INTO temp.merge_map SELECT 'new form', from_id, to_id FROM "
	  "temp.merge_map mp WHERE kind = 'form' AND NOT EXISTS (SELECT 1 "
	  "FROM main.form_field x WHERE x.form_id = mp.to_id)", 0 },
	{ "INSERT INTO main.form_field SELECT mp.to_id, f.key, f.position, "
	  "f.section, f.label, f.help, f.type, f.level, f.required, f.other, "
	  "f.pattern FROM {c}.form_field f JOIN temp.merge_map mp ON mp.kind "
	  "= 'new form' AND mp.from_id = f.form_id", 0 },
	{ "INSERT INTO main.form_choice SELECT mp.to_id, f.field, f.position, "
	  "f.label FROM {c}.form_choice f JOIN temp.merge_map mp ON mp.kind = "
	  "'new form' AND mp.from_id = f.form_id", 0 },
	/* Studies and units by uuid, else by name: people name them. */
	{ "INSERT INTO main.study (uuid, name, created_by, created_at) "
	  "SELECT uuid, name, created_by, created_at FROM {c}.study WHERE "
	  "uuid NOT IN (SELECT uuid FROM main.study) AND name NOT IN (SELECT "
	  "name FROM main.study) ORDER BY id",
	  offsetof(struct merge_report, studies) },
	{ "INSERT INTO temp.merge_map SELECT 'study', c.id, coalesce((SELECT "
	  "id FROM main.study m WHERE m.uuid = c.uuid), (SELECT id FROM "
	  "main.study m WHERE m.name = c.name)) FROM {c}.study c", 0 },
	{ "INSERT INTO main.unit (uuid, name, created_by, created_at) "
	  "SELECT uuid, name, created_by, created_at FROM {c}.unit WHERE "
	  "uuid NOT IN (SELECT uuid FROM main.unit) AND name NOT IN (SELECT "
	  "name FROM main.unit) ORDER BY id",
	  offsetof(struct merge_report, units) },
	{ "INSERT INTO temp.merge_map SELECT 'unit', c.id, coalesce((SELECT "
	  "id FROM main.unit m WHERE m.uuid = c.uuid), (SELECT id FROM "
	  "main.unit m WHERE m.name = c.name)) FROM {c}.unit c", 0 },
	/* Pairs judged in the copy, by their records: pair ids are local. */
	{ "INSERT INTO main.dup_pair (a, b, rule, score, evidence, found_at) "
	  "SELECT a, b, rule, score, evidence, found_at FROM {c}.dup_pair "
	  "WHERE id IN (SELECT pair_id FROM {c}.dup_decision WHERE uuid NOT IN "
	  "(SELECT uuid FROM main.dup_decision)) ORDER BY id "
	  "ON CONFLICT (a, b) DO NOTHING", 0 },
};

static int
merge_setup(struct store *st, const char *schema, struct merge_report *rep,
	    struct sk_err *err)
{
	for (size_t i = 0; i < sizeof(setup_steps) / sizeof(*setup_steps);
	     i++) {
		long n = 0;

		if (exec_filled(st, setup_steps[i].sql, schema, NULL, &n,
				"merging the copy's setup", err) < 0)
			return -1;
		if (setup_steps[i].counts)
			*(long *)((char *)rep + setup_steps[i].counts) += n;
	}
	return 0;
}

/* ---- facts ---- */

/* The ids a copy's facts were given here, per kind; lo > hi if none. */
struct merged {
	char schema[32];
	long long lo[MERGE_KINDS], hi[MERGE_KINDS];
};

/* Add the counts of a "who, count" query to the report. */
static int
add_counts(struct store *st, sqlite3_stmt *s, struct merge_report *rep,
	   size_t copy, enum merge_kind kind, int added, struct sk_err *err)
{
	int row;

	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct merge_count *c = count_for(rep, copy, kind, col(s, 0));
		long n = (long)sqlite3_column_int64(s, 1);

		if (added) {
			c->added += n;
			c->present -= n;
			rep->added += n;
			rep->present -= n;
		} else {
			c->present += n;
			rep->present += n;
		}
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "counting facts");
}

static int
merge_kind(struct store *st, struct merged *m, size_t copy,
	   const char *origin, enum merge_kind k, struct merge_report *rep,
	   struct sk_err *err)
{
	const struct fact_kind *fk = &kinds[k];
	char *tmpl;
	sqlite3_stmt *s;
	int rc;

	tmpl = xasprintf("SELECT coalesce(max(id), 0) + 1 FROM main.%s",
			 fk->table);
	rc = int_filled(st, tmpl, m->schema, &m->lo[k], err);
	free(tmpl);
	if (rc < 0)
		return -1;
	tmpl = xasprintf("INSERT INTO main.%s (uuid, %s, origin) SELECT "
			 "{t}.uuid, %s, coalesce({t}.origin, ?1) FROM {c}.%s "
			 "{t} %s WHERE {t}.uuid NOT IN (SELECT uuid FROM "
			 "main.%s) ORDER BY {t}.id", fk->table, fk->columns,
			 fk->select, fk->table, fk->joins, fk->table);
	rc = exec_filled(st, tmpl, m->schema, origin, NULL, "merging facts",
			 err);
	free(tmpl);
	if (rc < 0)
		return -1;
	m->hi[k] = m->lo[k] - 1 + sqlite3_changes(st->db);
	/* Every fact of the copy is present; those just added are not. */
	tmpl = xasprintf("SELECT %s, count(*) FROM {c}.%s {t} GROUP BY 1",
			 fk->who, fk->table);
	rc = prepare_filled(st, &s, tmpl, m->schema, err);
	free(tmpl);
	if (rc < 0 || add_counts(st, s, rep, copy, k, 0, err) < 0)
		return -1;
	tmpl = xasprintf("SELECT %s, count(*) FROM main.%s {t} WHERE {t}.id "
			 "BETWEEN %lld AND %lld GROUP BY 1", fk->who,
			 fk->table, m->lo[k], m->hi[k]);
	rc = prepare_filled(st, &s, tmpl, m->schema, err);
	free(tmpl);
	if (rc < 0)
		return -1;
	return add_counts(st, s, rep, copy, k, 1, err);
}

static int
merge_one(struct store *st, const char *path, const struct review *ours,
	  size_t i, struct merged *m, struct merge_report *rep,
	  struct sk_err *err)
{
	struct merge_source *src = &rep->copies[i];

	snprintf(m->schema, sizeof(m->schema), "copy%zu", i + 1);
	src->path = xstrdup(path);
	if (copy_attach(st, path, m->schema, err) < 0 ||
	    check_identity(st, m->schema, path, err) < 0 ||
	    check_copy(st, m->schema, path, ours, src, err) < 0 ||
	    check_records(st, m->schema, path, err) < 0 ||
	    check_reasons(st, m->schema, path, err) < 0 ||
	    check_forms(st, m->schema, path, err) < 0 ||
	    merge_setup(st, m->schema, rep, err) < 0)
		return -1;
	for (int k = 0; k < MERGE_KINDS; k++)
		if (merge_kind(st, m, i, src->uuid, (enum merge_kind)k, rep,
			       err) < 0)
			return -1;
	return 0;
}

/* ---- conflicts ---- */

/*
 * The newest fact the copy added for each key (h), against the newest
 * fact of each other origin for that key that the copy did not have (g):
 * made without its reviewer knowing, and the other way round. Where they
 * say different things, facts made apart disagree. %1 key, %2 says,
 * %3 time, %4 who, %5 table, %6 near.
 */
static const char conflict_tmpl[] =
	"WITH h AS (SELECT * FROM (SELECT {t}.uuid, %1$s AS k, %2$s AS v, "
	"%4$s AS who, row_number() OVER (PARTITION BY %1$s ORDER BY "
	"{t}.%3$s DESC, coalesce({t}.origin, '') DESC, {t}.id DESC) AS n "
	"FROM main.%5$s {t} WHERE {t}.id BETWEEN ?1 AND ?2) WHERE n = 1), "
	"g AS (SELECT * FROM (SELECT {t}.uuid, %1$s AS k, %2$s AS v, "
	"row_number() OVER (PARTITION BY %1$s, coalesce({t}.origin, '') "
	"ORDER BY {t}.%3$s DESC, {t}.id DESC) AS n FROM main.%5$s {t} WHERE "
	"{t}.id NOT BETWEEN ?1 AND ?2 AND %6$s IN (SELECT %6$s FROM "
	"main.%5$s {t} WHERE {t}.id BETWEEN ?1 AND ?2) AND {t}.uuid NOT IN "
	"(SELECT uuid FROM {c}.%5$s) AND %1$s IN (SELECT k FROM h)) WHERE "
	"n = 1) "
	"SELECT h.uuid, g.uuid, h.who FROM h JOIN g ON g.k = h.k AND g.v IS "
	"NOT h.v";

/* Whether any fact the copy lacks is near one it added: else no conflict. */
static const char conflict_near_tmpl[] =
	"SELECT EXISTS (SELECT 1 FROM main.%1$s {t} WHERE {t}.id NOT BETWEEN "
	"?1 AND ?2 AND %2$s IN (SELECT %2$s FROM main.%1$s {t} WHERE {t}.id "
	"BETWEEN ?1 AND ?2) AND {t}.uuid NOT IN (SELECT uuid FROM {c}.%1$s))";

static int
record_conflict(struct store *st, sqlite3_stmt *ins, const char *kind,
		const char *a, const char *b, const char *now,
		struct sk_err *err)
{
	int rc;

	store_bind_text(ins, 1, kind);
	store_bind_text(ins, 2, strcmp(a, b) < 0 ? a : b);
	store_bind_text(ins, 3, strcmp(a, b) < 0 ? b : a);
	store_bind_text(ins, 4, now);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	return rc == SQLITE_DONE ? 0 :
	       store_fail(st, err, "recording a conflict");
}

static int
find_conflicts(struct store *st, const struct merged *m, size_t copy,
	       enum merge_kind k, sqlite3_stmt *ins, const char *now,
	       struct merge_report *rep, struct sk_err *err)
{
	const struct fact_kind *fk = &kinds[k];
	sqlite3_stmt *s;
	char *tmpl;
	int rc, row;

	if (m->lo[k] > m->hi[k])
		return 0;
	tmpl = xasprintf(conflict_near_tmpl, fk->table, fk->near);
	rc = prepare_filled(st, &s, tmpl, m->schema, err);
	free(tmpl);
	if (rc < 0)
		return -1;
	sqlite3_bind_int64(s, 1, m->lo[k]);
	sqlite3_bind_int64(s, 2, m->hi[k]);
	row = sqlite3_step(s);
	rc = row == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
	sqlite3_finalize(s);
	if (rc <= 0)
		return rc == 0 ? 0 :
		       store_fail(st, err, "looking for conflicts");
	tmpl = xasprintf(conflict_tmpl, fk->key, fk->says, fk->time, fk->who,
			 fk->table, fk->near);
	rc = prepare_filled(st, &s, tmpl, m->schema, err);
	free(tmpl);
	if (rc < 0)
		return -1;
	sqlite3_bind_int64(s, 1, m->lo[k]);
	sqlite3_bind_int64(s, 2, m->hi[k]);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		if (record_conflict(st, ins, kind_names[k], col(s, 0),
				    col(s, 1), now, err) < 0) {
			sqlite3_finalize(s);
			return -1;
		}
		count_for(rep, copy, k, col(s, 2))->conflicts++;
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "looking for conflicts");
}

static int
conflicts_all(struct store *st, const struct merged *m, size_t n,
	      struct merge_report *rep, struct sk_err *err)
{
	sqlite3_stmt *ins;
	long long before, after;
	char now[32];
	int rc = 0;

	if (int_filled(st, "SELECT count(*) FROM main.merge_conflict", "",
		       &before, err) < 0 ||
	    store_prepare(st, &ins, "INSERT INTO main.merge_conflict (kind, a, "
			  "b, found_at) VALUES (?, ?, ?, ?) ON CONFLICT DO "
			  "NOTHING", err) < 0)
		return -1;
	store_now_ms(now);
	for (size_t i = 0; i < n && rc == 0; i++)
		for (int k = 0; k < MERGE_KINDS && rc == 0; k++)
			rc = find_conflicts(st, &m[i], i, (enum merge_kind)k,
					    ins, now, rep, err);
	sqlite3_finalize(ins);
	if (rc == 0 && int_filled(st, "SELECT count(*) FROM "
				  "main.merge_conflict", "", &after, err) < 0)
		rc = -1;
	rep->conflicts = rc == 0 ? (long)(after - before) : 0;
	return rc;
}

/* ---- merging ---- */

/* Clusters and rule hits follow from the facts: bring them up to date. */
static int
merge_derive(struct store *st, const struct merged *m, size_t n,
	     const struct merge_report *rep, struct sk_err *err)
{
	struct dup_report dr;
	int judged = 0;

	for (size_t i = 0; i < n; i++)
		if (m[i].lo[MERGE_DUPLICATE] <= m[i].hi[MERGE_DUPLICATE])
			judged = 1;
	memset(&dr, 0, sizeof(dr));
	if (judged && dup_rebuild(st, &dr, err) < 0)
		return -1;
	return rep->rules ? rules_refresh(st, NULL, err) : 0;
}

/*
 * The records a copy's judgements that count (ids lo..hi) screen although
 * nobody had judged them when the stop that counts (at) was made.
 */
static int
after_stop(struct store *st, const struct merged *m, const char *at,
	   struct merge_source *src, struct sk_err *err)
{
	struct buf ids = BUF_INIT;
	sqlite3_stmt *s;
	int row;

	if (m->lo[MERGE_JUDGEMENT] > m->hi[MERGE_JUDGEMENT])
		return 0;
	if (store_prepare(st, &s, "WITH c AS MATERIALIZED (SELECT unit, id, "
			  "decided_at FROM main.decision_current WHERE stage = "
			  "'ta') SELECT DISTINCT unit FROM c WHERE id BETWEEN "
			  "?1 AND ?2 AND unit NOT IN (SELECT unit FROM c WHERE "
			  "decided_at <= ?3) ORDER BY unit", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, m->lo[MERGE_JUDGEMENT]);
	sqlite3_bind_int64(s, 2, m->hi[MERGE_JUDGEMENT]);
	store_bind_text(s, 3, at);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		if (src->after_stop < 10)
			buf_addf(&ids, "%s%lld", ids.len ? ", " : "",
				 sqlite3_column_int64(s, 0));
		else if (src->after_stop == 10)
			buf_adds(&ids, "...");
		src->after_stop++;
	}
	sqlite3_finalize(s);
	src->after_stop_ids = buf_detach(&ids, NULL);
	return row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading judgements");
}

/* Judgements of records left unscreened by the stop that counts now. */
static int
stops_report(struct store *st, const struct merged *m, size_t n,
	     struct merge_report *rep, struct sk_err *err)
{
	struct screen_stop stop;
	int rc = 0;

	if (screen_stop_load(st, STAGE_TA, &stop, err) < 0)
		return -1;
	if (!stop.stopped)
		return 0;
	rep->stopped_at = xstrdup(stop.at);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = after_stop(st, &m[i], stop.at, &rep->copies[i], err);
	return rc;
}

static int
note_copies(struct store *st, const struct merged *m, size_t n,
	    struct sk_err *err)
{
	char now[32];
	int rc = 0;

	store_now_ms(now);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = exec_filled(st, "INSERT INTO main.merged_copy (uuid, "
				 "made_for, made_at, merged_at) SELECT uuid, "
				 "made_for, made_at, ?1 FROM {c}.copy_info "
				 "WHERE true ON CONFLICT DO NOTHING",
				 m[i].schema, now, NULL, "noting the copies",
				 err);
	return rc;
}

int
merge_run(struct store *st, const char *const *paths, size_t n,
	  struct merge_report *rep, struct sk_err *err)
{
	struct review ours;
	struct merged *m;
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	if (merge_refuse_copy(st, "merge into the main store", err) < 0)
		return -1;
	if (n > (size_t)merge_max_copies(st))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "merge at most %d "
			       "copies at a time", merge_max_copies(st));
	if (review_load(st, &ours, err) < 0)
		return -1;
	rep->copies = xcalloc(n ? n : 1, sizeof(*rep->copies));
	rep->ncopies = n;
	m = xcalloc(n ? n : 1, sizeof(*m));
	rc = store_exec(st, merge_map_sql, err);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = merge_one(st, paths[i], &ours, i, &m[i], rep, err);
	if (rc == 0)
		rc = merge_derive(st, m, n, rep, err);
	if (rc == 0)
		rc = conflicts_all(st, m, n, rep, err);
	if (rc == 0)
		rc = stops_report(st, m, n, rep, err);
	if (rc == 0)
		rc = note_copies(st, m, n, err);
	if (rc == 0)
		rc = store_exec(st, "DROP TABLE temp.merge_map", err);
	free(m);
	review_release(&ours);
	return rc;
}

/* ---- listing conflicts ---- */

/* Where the fact {t} was made. */
#define FACT_FROM \
	"coalesce((SELECT made_for || '''s copy' FROM main.merged_copy " \
	"WHERE uuid = {t}.origin), CASE WHEN {t}.origin IS NULL THEN " \
	"'this store' ELSE 'a copy' END)"

/* Append tmpl with {t} as alias. */
static void
add_as(struct buf *b, const char *tmpl, const char *alias)
{
	char *s = fill(tmpl, "", alias);

	buf_adds(b, s);
	free(s);
}

/* cur<k>: the fact that counts now for each key of kind k. */
static void
conflict_current(struct buf *b, enum merge_kind k)
{
	const struct fact_kind *fk = &kinds[k];

	buf_addf(b, "%scur%d AS (SELECT uuid FROM (SELECT t.uuid, "
		 "row_number() OVER (PARTITION BY ", k ? ", " : "WITH ",
		 (int)k);
	add_as(b, fk->key, "t");
	buf_addf(b, " ORDER BY t.%s DESC, coalesce(t.origin, '') DESC, t.id "
		 "DESC) AS n FROM main.%s t WHERE EXISTS (SELECT 1 FROM "
		 "main.merge_conflict WHERE kind = '%s')) WHERE n = 1)",
		 fk->time, fk->table, kind_names[k]);
}

/* The conflicts of kind k, the older fact (a) first. */
static void
conflict_part(struct buf *b, enum merge_kind k)
{
	const struct fact_kind *fk = &kinds[k];
	const char *alias[] = { "a", "x" };

	buf_addf(b, "%sSELECT '%s', ", k ? " UNION ALL " : "", kind_names[k]);
	add_as(b, fk->subject, "x");
	buf_adds(b, ", ");
	add_as(b, fk->what, "x");
	for (int i = 0; i < 2; i++) {
		buf_adds(b, ", ");
		add_as(b, fk->who, alias[i]);
		buf_adds(b, ", ");
		add_as(b, fk->says, alias[i]);
		buf_addf(b, ", %s.%s, ", alias[i], fk->time);
		add_as(b, FACT_FROM, alias[i]);
	}
	buf_addf(b, ", CASE WHEN a.uuid IN (SELECT uuid FROM cur%d) OR x.uuid "
		 "IN (SELECT uuid FROM cur%d) THEN 'open' ELSE 'settled' END "
		 "AS status, %d AS k, c.found_at AS found FROM "
		 "main.merge_conflict c JOIN main.%s a ON a.uuid IN (c.a, c.b) "
		 "JOIN main.%s x ON x.uuid IN (c.a, c.b) AND (a.%s, "
		 "coalesce(a.origin, ''), a.id) < (x.%s, coalesce(x.origin, "
		 "''), x.id) WHERE c.kind = '%s'", (int)k, (int)k, (int)k,
		 fk->table, fk->table, fk->time, fk->time, kind_names[k]);
}

int
merge_conflicts(struct store *st, int all, sqlite3_stmt **s,
		struct sk_err *err)
{
	struct buf b = BUF_INIT;
	int rc;

	for (int k = 0; k < MERGE_KINDS; k++)
		conflict_current(&b, (enum merge_kind)k);
	buf_adds(&b, " SELECT * FROM (");
	for (int k = 0; k < MERGE_KINDS; k++)
		conflict_part(&b, (enum merge_kind)k);
	buf_addf(&b, ") %sORDER BY k, 2, 3, 6, 10",
		 all ? "" : "WHERE status = 'open' ");
	rc = store_prepare(st, s, b.data, err);
	buf_release(&b);
	return rc;
}
