/*
 * extract: charting kept in the store. Forms are kept whole (their YAML),
 * so any value can be read against the version it was charted with;
 * membership of studies and units, values and consensus are appended
 * facts with a uuid and a millisecond time, as screening keeps its
 * judgements, so a store's copies can later be merged fact by fact.
 */
#include "extract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "xalloc.h"
#include "banned.h"

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Step a statement to its end and finalize it; -1 with err if it failed. */
static int
step_done(struct store *st, sqlite3_stmt *s, const char *what,
	  struct sk_err *err)
{
	int rc = sqlite3_step(s);

	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, what);
}

/* ---- forms ---- */

/* Does any value (or consensus) exist? */
static int
anything_charted(struct store *st, int *yes, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT EXISTS (SELECT 1 FROM extraction) "
			  "OR EXISTS (SELECT 1 FROM consensus)", err) < 0)
		return -1;
	row = sqlite3_step(s);
	*yes = row == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading the store");
}

/* Refuse what would make the form's history inconsistent. */
static int
form_may_load(struct store *st, const struct form *f, const char *text,
	      int *loaded, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row, charted, rc = 0;

	*loaded = 1;
	if (store_prepare(st, &s, "SELECT key, version, text = ?3, "
			  "key = ?1 AND version = ?2 FROM form ORDER BY id "
			  "DESC", err) < 0)
		return -1;
	store_bind_text(s, 1, f->key);
	sqlite3_bind_int64(s, 2, f->version);
	store_bind_text(s, 3, text);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW && strcmp(col(s, 0), f->key)) {
		if (anything_charted(st, &charted, err) < 0)
			rc = -1;
		else if (charted)
			rc = sk_fail(err, SK_E_CONFLICT, NULL, 0, "this review "
				     "charts with form '%s' and has values: "
				     "change that form and raise its version "
				     "instead", col(s, 0));
		row = SQLITE_DONE;	/* a new form before any charting */
	}
	for (; rc == 0 && row == SQLITE_ROW; row = sqlite3_step(s)) {
		if (strcmp(col(s, 0), f->key))
			continue;
		if (sqlite3_column_int(s, 3) && sqlite3_column_int(s, 2)) {
			*loaded = 0;
			break;
		}
		if (sqlite3_column_int(s, 3))
			rc = sk_fail(err, SK_E_CONFLICT, NULL, 0, "version %ld "
				     "of form '%s' is loaded already with "
				     "other content: raise 'version' in the "
				     "file", f->version, f->key);
		else if (sqlite3_column_int64(s, 1) > f->version)
			rc = sk_fail(err, SK_E_CONFLICT, NULL, 0, "version %ld "
				     "of form '%s' is older than version %lld, "
				     "loaded already", f->version, f->key,
				     sqlite3_column_int64(s, 1));
	}
	if (rc == 0 && row != SQLITE_ROW && row != SQLITE_DONE)
		rc = store_fail(st, err, "reading the forms");
	sqlite3_finalize(s);
	return rc;
}

static int
form_insert_fields(struct store *st, const struct form *f, long long id,
		   struct sk_err *err)
{
	sqlite3_stmt *fs, *cs;
	int rc = 0;

	if (store_prepare(st, &fs, "INSERT INTO form_field (form_id, key, "
			  "position, section, label, help, type, level, "
			  "required, other, pattern) VALUES (?, ?, ?, ?, ?, ?, "
			  "?, ?, ?, ?, ?)", err) < 0)
		return -1;
	if (store_prepare(st, &cs, "INSERT INTO form_choice (form_id, field, "
			  "position, label) VALUES (?, ?, ?, ?)", err) < 0) {
		sqlite3_finalize(fs);
		return -1;
	}
	for (size_t i = 0; rc == 0 && i < f->nfields; i++) {
		const struct form_field *fld = &f->fields[i];

		sqlite3_bind_int64(fs, 1, id);
		store_bind_static(fs, 2, fld->key);
		sqlite3_bind_int64(fs, 3, (long long)i + 1);
		store_bind_static(fs, 4, fld->section);
		store_bind_static(fs, 5, fld->label);
		store_bind_static(fs, 6, fld->help);
		store_bind_static(fs, 7, field_type_name(fld->type));
		store_bind_static(fs, 8, chart_level_name(fld->level));
		sqlite3_bind_int(fs, 9, fld->required);
		store_bind_static(fs, 10, fld->other);
		store_bind_static(fs, 11, fld->pattern);
		if (sqlite3_step(fs) != SQLITE_DONE)
			rc = store_fail(st, err, "saving the form");
		sqlite3_reset(fs);
		for (size_t j = 0; rc == 0 && j < fld->nchoices; j++) {
			sqlite3_bind_int64(cs, 1, id);
			store_bind_static(cs, 2, fld->key);
			sqlite3_bind_int64(cs, 3, (long long)j + 1);
			store_bind_static(cs, 4, fld->choices[j]);
			if (sqlite3_step(cs) != SQLITE_DONE)
				rc = store_fail(st, err, "saving the form");
			sqlite3_reset(cs);
		}
	}
	sqlite3_finalize(fs);
	sqlite3_finalize(cs);
	return rc;
}

int
extract_form_load(struct store *st, const struct form *f, const char *text,
		  const char *file, const char *who, int *loaded,
		  struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];

	if (form_may_load(st, f, text, loaded, err) < 0)
		return -1;
	if (!*loaded)
		return 0;
	if (store_prepare(st, &s, "INSERT INTO form (uuid, key, version, "
			  "title, text, file, loaded_by, loaded_at) VALUES "
			  "(lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?, ?)",
			  err) < 0)
		return -1;
	store_now_ms(now);
	store_bind_text(s, 1, f->key);
	sqlite3_bind_int64(s, 2, f->version);
	store_bind_text(s, 3, f->title);
	store_bind_text(s, 4, text);
	store_bind_text(s, 5, file);
	store_bind_text(s, 6, who);
	store_bind_text(s, 7, now);
	if (step_done(st, s, "saving the form", err) < 0)
		return -1;
	return form_insert_fields(st, f, sqlite3_last_insert_rowid(st->db),
				  err);
}

int
extract_form_current(struct store *st, struct form *f, long long *form_id,
		     struct sk_err *err)
{
	sqlite3_stmt *s;
	char name[300];
	int row, rc;

	memset(f, 0, sizeof(*f));
	if (store_prepare(st, &s, "SELECT id, text, key, version FROM "
			  "form_current", err) < 0)
		return -1;
	row = sqlite3_step(s);
	if (row != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (row != SQLITE_DONE)
			return store_fail(st, err, "reading the form");
		return sk_fail(err, SK_E_INPUT, NULL, 0, "this review has no "
			       "charting form yet: load one with 'scopekit "
			       "form load FILE'");
	}
	*form_id = sqlite3_column_int64(s, 0);
	snprintf(name, sizeof(name), "form '%s' version %lld (in the store)",
		 col(s, 2), sqlite3_column_int64(s, 3));
	rc = form_parse(f, col(s, 1), (size_t)sqlite3_column_bytes(s, 1), name,
			NULL, err);
	sqlite3_finalize(s);
	return rc;
}

/* ---- studies and units ---- */

/* A name people type for a study or unit: one line, 1 to 200 bytes. */
static int
check_name(const char *what, const char *name, struct sk_err *err)
{
	size_t n = strlen(name);

	if (!n || n > 200 || strpbrk(name, "\t\r\n") || name[0] == ' ' ||
	    name[n - 1] == ' ')
		return sk_fail(err, SK_E_USAGE, NULL, 0, "a %s's name is 1 to "
			       "200 characters on one line, not '%s'", what,
			       name);
	return 0;
}

/* The id of the study or unit (table) called name; 0 if there is none. */
static int
named_id(struct store *st, const char *table, const char *name,
	 long long *id, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, !strcmp(table, "study") ?
			  "SELECT id FROM study WHERE name = ?" :
			  "SELECT id FROM unit WHERE name = ?", err) < 0)
		return -1;
	store_bind_text(s, 1, name);
	row = sqlite3_step(s);
	*id = row == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the store");
}

/* The id of study or unit name, created if new. */
static int
named_create(struct store *st, const char *table, const char *name,
	     const char *who, long long *id, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];

	if (named_id(st, table, name, id, err) < 0)
		return -1;
	if (*id)
		return 0;
	if (store_prepare(st, &s, !strcmp(table, "study") ?
			  "INSERT INTO study (uuid, name, created_by, "
			  "created_at) VALUES (lower(hex(randomblob(16))), ?, "
			  "?, ?)" :
			  "INSERT INTO unit (uuid, name, created_by, "
			  "created_at) VALUES (lower(hex(randomblob(16))), ?, "
			  "?, ?)", err) < 0)
		return -1;
	store_now_ms(now);
	store_bind_text(s, 1, name);
	store_bind_text(s, 2, who);
	store_bind_text(s, 3, now);
	if (step_done(st, s, "saving a name", err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
need_named(struct store *st, const char *table, const char *name,
	   long long *id, struct sk_err *err)
{
	if (named_id(st, table, name, id, err) < 0)
		return -1;
	if (!*id)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no %s '%s' "
			       "(scopekit %s list)", table, name, table);
	return 0;
}

/*
 * The study a report (canonical record) is in now: name into buf, or "".
 * Reports merged from copies may be in two at once: then prefer, if it is
 * one of them.
 */
static int
study_of(struct store *st, long long record, long long prefer, char *name,
	 size_t size, long long *study, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT s.id, s.name FROM "
			  "study_report_current c JOIN study s ON s.id = "
			  "c.study_id WHERE c.record_id = ? ORDER BY s.id = ? "
			  "DESC, s.id", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, record);
	sqlite3_bind_int64(s, 2, prefer);
	row = sqlite3_step(s);
	*study = row == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	snprintf(name, size, "%s", row == SQLITE_ROW ? col(s, 1) : "");
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the studies");
}

/* Whether the screening unit was included at full text in this store. */
static int
included_at_full_text(struct store *st, const struct screen_settings *set,
		      long long unit, int *yes, struct sk_err *err)
{
	struct unit_detail d;

	if (screen_unit_load(st, set, unit, &d, err) < 0)
		return -1;
	*yes = unit_decided(&d.u, STAGE_FT) &&
	       d.u.out[STAGE_FT].final == VERDICT_INCLUDE;
	return 0;
}

static int
member_fact(struct store *st, const char *sql, long long a, long long b,
	    const char *action, const char *basis, const char *who,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];

	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	store_now_ms(now);
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int64(s, 2, b);
	store_bind_text(s, 3, action);
	store_bind_text(s, 4, who);
	store_bind_text(s, 5, now);
	if (basis)
		store_bind_text(s, 6, basis);
	return step_done(st, s, "saving a membership", err);
}

#define STUDY_FACT \
	"INSERT INTO study_report (uuid, study_id, record_id, action, " \
	"by_whom, noted_at, basis) VALUES (lower(hex(randomblob(16))), ?1, " \
	"?2, ?3, ?4, ?5, ?6)"
#define UNIT_FACT \
	"INSERT INTO unit_study (uuid, unit_id, study_id, action, by_whom, " \
	"noted_at) VALUES (lower(hex(randomblob(16))), ?1, ?2, ?3, ?4, ?5)"

static int
study_add_one(struct store *st, const struct screen_settings *set,
	      const char *study, long long *study_id, long long record,
	      int force, const char *who, struct sk_err *err)
{
	char in[256];
	long long unit, in_id;
	int included;

	if (screen_unit_of(st, record, &unit, err) < 0 ||
	    included_at_full_text(st, set, unit, &included, err) < 0)
		return -1;
	if (!included && !force)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "record %lld is not "
			       "included at full text in this review; add "
			       "--force to chart it all the same (a report "
			       "charted without a screening record in this "
			       "store)", record);
	if (study_of(st, unit, 0, in, sizeof(in), &in_id, err) < 0)
		return -1;
	if (in_id && strcmp(in, study))
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "record %lld is in "
			       "study '%s' already (take it out first: "
			       "scopekit study remove '%s' %lld)", record, in,
			       in, record);
	if (in_id)
		return 0;
	if (!*study_id && named_create(st, "study", study, who, study_id,
				       err) < 0)
		return -1;
	return member_fact(st, STUDY_FACT, *study_id, unit, "add",
			   included ? "included" : "forced", who, err);
}

int
extract_study_add(struct store *st, const char *study,
		  const long long *records, size_t n, int force,
		  const char *who, struct sk_err *err)
{
	struct screen_settings set;
	long long id;

	if (check_name("study", study, err) < 0 ||
	    screen_settings_load(st, &set, err) < 0 ||
	    named_id(st, "study", study, &id, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (study_add_one(st, &set, study, &id, records[i], force, who,
				  err) < 0)
			return -1;
	return 0;
}

int
extract_study_remove(struct store *st, const char *study,
		     const long long *records, size_t n, const char *who,
		     struct sk_err *err)
{
	char in[256];
	long long id, unit, in_id;

	if (need_named(st, "study", study, &id, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (screen_unit_of(st, records[i], &unit, err) < 0 ||
		    study_of(st, unit, id, in, sizeof(in), &in_id, err) < 0)
			return -1;
		if (in_id != id)
			return sk_fail(err, SK_E_INPUT, NULL, 0, "record %lld "
				       "is not in study '%s'", records[i],
				       study);
		if (member_fact(st, STUDY_FACT, id, unit, "remove", NULL, who,
				err) < 0)
			return -1;
	}
	return 0;
}

/* 1 if the study is in the unit now. */
static int
unit_has(struct store *st, long long unit, long long study, int *yes,
	 struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT 1 FROM unit_study_current WHERE "
			  "unit_id = ? AND study_id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int64(s, 2, study);
	row = sqlite3_step(s);
	*yes = row == SQLITE_ROW;
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the units");
}

int
extract_unit_add(struct store *st, const char *unit,
		 const char *const *studies, size_t n, const char *who,
		 struct sk_err *err)
{
	long long id = 0, study;
	int has;

	if (check_name("unit", unit, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (need_named(st, "study", studies[i], &study, err) < 0)
			return -1;
	if (named_create(st, "unit", unit, who, &id, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (need_named(st, "study", studies[i], &study, err) < 0 ||
		    unit_has(st, id, study, &has, err) < 0)
			return -1;
		if (!has && member_fact(st, UNIT_FACT, id, study, "add", NULL,
					who, err) < 0)
			return -1;
	}
	return 0;
}

int
extract_unit_remove(struct store *st, const char *unit,
		    const char *const *studies, size_t n, const char *who,
		    struct sk_err *err)
{
	long long id, study;
	int has;

	if (need_named(st, "unit", unit, &id, err) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (need_named(st, "study", studies[i], &study, err) < 0 ||
		    unit_has(st, id, study, &has, err) < 0)
			return -1;
		if (!has)
			return sk_fail(err, SK_E_INPUT, NULL, 0, "study '%s' "
				       "is not in unit '%s'", studies[i], unit);
		if (member_fact(st, UNIT_FACT, id, study, "remove", NULL, who,
				err) < 0)
			return -1;
	}
	return 0;
}

/* ---- targets ---- */

int
extract_target(struct store *st, enum chart_level level, const char *text,
	       struct chart_target *t, struct sk_err *err)
{
	char in[256];
	long long record, study;
	char *end;

	memset(t, 0, sizeof(*t));
	t->level = level;
	if (level == LEVEL_STUDY || level == LEVEL_UNIT) {
		if (need_named(st, level == LEVEL_STUDY ? "study" : "unit",
			       text, &t->id, err) < 0)
			return -1;
		snprintf(t->name, sizeof(t->name), "%s", text);
		return 0;
	}
	record = strtoll(text, &end, 10);
	if (end == text || *end || record < 1)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "'%s' is not a record "
			       "id", text);
	if (screen_unit_of(st, record, &t->id, err) < 0 ||
	    study_of(st, t->id, 0, in, sizeof(in), &study, err) < 0)
		return -1;
	if (!study)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "report %lld is in no "
			       "study: group the reports first (scopekit "
			       "study add NAME %lld)", record, record);
	snprintf(t->name, sizeof(t->name), "%lld", t->id);
	return 0;
}

/* ---- values ---- */

int
extract_check(const struct form *f, const struct chart_target *t,
	      const char *field, const char *text, enum answer *answer,
	      struct buf *value, struct sk_err *err)
{
	const struct form_field *fld = form_find(f, field), *near;

	if (!fld) {
		near = form_nearest(f, field);
		if (near)
			return sk_fail(err, SK_E_INPUT, NULL, 0, "the form has "
				       "no field '%s' (did you mean '%s'?)",
				       field, near->key);
		return sk_fail(err, SK_E_INPUT, NULL, 0, "the form has no "
			       "field '%s' (scopekit form show lists them)",
			       field);
	}
	if (fld->level != t->level)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "%s is charted per "
			       "%s, not per %s", field,
			       chart_level_name(fld->level),
			       chart_level_name(t->level));
	return form_value_parse(fld, text, answer, value, err);
}

/* The column of a level's target, and the report's cluster members. */
static const char *const target_where[LEVEL_COUNT] = {
	("record_id IN " SCREEN_UNIT_MEMBERS),
	"study_id = ?1",
	"unit_id = ?1",
};

int
extract_get(struct store *st, const struct chart_target *t,
	    const char *field, const char *extractor, int *found,
	    enum answer *answer, struct buf *value, struct sk_err *err)
{
	sqlite3_stmt *s;
	char *sql;
	int row, rc;

	sql = xasprintf("SELECT answer, value FROM %s WHERE %s AND field = ?2 "
			"%s ORDER BY %s DESC, coalesce(origin, '') DESC, id "
			"DESC LIMIT 1",
			extractor ? "extraction" : "consensus",
			target_where[t->level],
			extractor ? "AND extractor = ?3" : "",
			extractor ? "charted_at" : "agreed_at");
	rc = store_prepare(st, &s, sql, err);
	free(sql);
	if (rc < 0)
		return -1;
	sqlite3_bind_int64(s, 1, t->id);
	store_bind_text(s, 2, field);
	if (extractor)
		store_bind_text(s, 3, extractor);
	row = sqlite3_step(s);
	*found = row == SQLITE_ROW;
	buf_reset(value);
	if (*found) {
		answer_parse(col(s, 0), answer);
		if (col(s, 1))
			buf_adds(value, col(s, 1));
	}
	sqlite3_finalize(s);
	return row == SQLITE_ROW || row == SQLITE_DONE ? 0 :
	       store_fail(st, err, "reading the values");
}

static const char *const target_column[LEVEL_COUNT] = {
	"record_id", "study_id", "unit_id",
};

/*
 * Whether a fact about v's value (the extractor's own, or the consensus)
 * is in a conflict between facts made apart in reviewer copies (scopekit
 * merge). Then even the value that counts already is appended: it is the
 * decision that settles the conflict.
 */
static int
in_merge_conflict(struct store *st, const struct chart_value *v,
		  const char *who, int consensus, int *yes,
		  struct sk_err *err)
{
	sqlite3_stmt *s;
	char *sql;
	int row;

	sql = xasprintf("SELECT EXISTS (SELECT 1 FROM %s x JOIN "
			"merge_conflict c ON x.uuid IN (c.a, c.b) WHERE "
			"x.level = ?1 AND x.field = ?2 AND (x.%s = ?3%s)%s)",
			consensus ? "consensus" : "extraction",
			target_column[v->target->level],
			v->target->level == LEVEL_REPORT ? " OR x.record_id IN "
			"(SELECT record_id FROM dup_member WHERE canonical = ?3)"
			: "", consensus ? "" : " AND x.extractor = ?4");
	row = store_prepare(st, &s, sql, err);
	free(sql);
	if (row < 0)
		return -1;
	store_bind_static(s, 1, chart_level_name(v->target->level));
	store_bind_static(s, 2, v->field);
	sqlite3_bind_int64(s, 3, v->target->id);
	if (!consensus)
		store_bind_static(s, 4, who);
	row = sqlite3_step(s);
	*yes = row == SQLITE_ROW && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading conflicts");
}

/*
 * Append v to table (extraction or consensus) unless it is the same, and
 * not in a conflict between copies.
 */
static int
append(struct store *st, long long form_id, const struct chart_value *v,
       const char *who, int consensus, int *changed, struct sk_err *err)
{
	struct buf now_value = BUF_INIT;
	enum answer now_answer = ANSWER_VALUE;
	sqlite3_stmt *s;
	char now[32], *sql;
	int found, rc;

	*changed = 0;
	if (screen_reviewer_check(st, who, err) < 0 ||
	    extract_get(st, v->target, v->field, consensus ? NULL : who,
			&found, &now_answer, &now_value, err) < 0) {
		buf_release(&now_value);
		return -1;
	}
	rc = found && now_answer == v->answer &&
	     !strcmp(now_value.data, v->value ? v->value : "");
	buf_release(&now_value);
	if (rc) {
		if (in_merge_conflict(st, v, who, consensus, &rc, err) < 0)
			return -1;
		if (!rc)
			return 0;
	}
	sql = xasprintf("INSERT INTO %s (uuid, form_id, level, %s, field, %s, "
			"answer, value, note, %s) VALUES (lower(hex(randomblob"
			"(16))), ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			consensus ? "consensus" : "extraction",
			target_column[v->target->level],
			consensus ? "agreed_by" : "extractor",
			consensus ? "agreed_at" : "charted_at");
	rc = store_prepare(st, &s, sql, err);
	free(sql);
	if (rc < 0)
		return -1;
	store_now_ms(now);
	sqlite3_bind_int64(s, 1, form_id);
	store_bind_static(s, 2, chart_level_name(v->target->level));
	sqlite3_bind_int64(s, 3, v->target->id);
	store_bind_static(s, 4, v->field);
	store_bind_static(s, 5, who);
	store_bind_static(s, 6, answer_name(v->answer));
	store_bind_static(s, 7, v->answer == ANSWER_VALUE ? v->value : NULL);
	store_bind_static(s, 8, v->note);
	store_bind_static(s, 9, now);
	if (step_done(st, s, "saving a value", err) < 0)
		return -1;
	*changed = 1;
	return 0;
}

int
extract_set(struct store *st, long long form_id, const struct chart_value *v,
	    const char *extractor, int *changed, struct sk_err *err)
{
	return append(st, form_id, v, extractor, 0, changed, err);
}

int
extract_agree(struct store *st, long long form_id, const struct chart_value *v,
	      const char *agreed_by, int *changed, struct sk_err *err)
{
	return append(st, form_id, v, agreed_by, 1, changed, err);
}
