/*
 * freq: the field is found on the review's form and checked (charted at
 * or below the level counted, charted at all, agreed on at all) before
 * the embedded queries count it, so that a reader gets a sentence saying
 * what to do instead of an empty table. The counting itself is SQL, in
 * queries/, where anyone can read and rerun it.
 */
#include "freq.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "query.h"
#include "xalloc.h"
#include "banned.h"

static const char *const kind_names[FREQ_KIND_COUNT] = {
	[FREQ_CHOICE] = "choice",
	[FREQ_OTHER] = "other",
	[FREQ_VALUE] = "value",
	[FREQ_NOT_REPORTED] = "not reported",
	[FREQ_UNCLEAR] = "unclear",
	[FREQ_AWAITING] = "awaiting consensus",
	[FREQ_NOT_CHARTED] = "not charted",
};

const char *
freq_kind_name(enum freq_kind k)
{
	return kind_names[k];
}

static enum freq_kind
kind_parse(const char *s)
{
	for (int k = 0; k < FREQ_KIND_COUNT; k++)
		if (s && !strcmp(s, kind_names[k]))
			return (enum freq_kind)k;
	return FREQ_VALUE;
}

/* What one and many targets at each level are called. */
static const char *const nouns[LEVEL_COUNT][2] = {
	[LEVEL_REPORT] = { "report", "reports" },
	[LEVEL_STUDY] = { "study", "studies" },
	[LEVEL_UNIT] = { "unit", "units" },
};

const char *
freq_noun(const struct freq *f, long n)
{
	return n == 1 ? f->noun_one : f->noun_many;
}

/* ---- the field ---- */

/* "Type of care" or "Type-Of-Care" as the key it spells: type_of_care. */
static char *
key_of(const char *s)
{
	char *k = xstrdup(s);

	for (char *c = k; *c; c++)
		*c = *c == ' ' || *c == '-' ? '_' :
		     (char)tolower((unsigned char)*c);
	return k;
}

static const struct form_field *
find_field(const struct form *form, const char *name, struct sk_err *err)
{
	const struct form_field *fld, *near;
	char *key = key_of(name);

	fld = form_find(form, key);
	for (size_t i = 0; !fld && i < form->nfields; i++)
		if (!strcasecmp(form->fields[i].label, name))
			fld = &form->fields[i];
	near = fld ? NULL : form_nearest(form, key);
	free(key);
	if (fld)
		return fld;
	if (near)
		sk_fail(err, SK_E_INPUT, NULL, 0, "the form has no field '%s' "
			"(did you mean '%s'?)", name, near->key);
	else
		sk_fail(err, SK_E_INPUT, NULL, 0, "the form has no field '%s'; "
			"'scopekit form' lists them", name);
	return NULL;
}

/* A field charted per unit has no value per study or report. */
static int
check_level(const struct form_field *fld, enum chart_level level,
	    struct sk_err *err)
{
	if (fld->level <= level)
		return 0;
	return sk_fail(err, SK_E_USAGE, NULL, 0, "%s is charted per %s, so it "
		       "cannot be counted per %s: count it per %s (--level %s)"
		       "%s", fld->key, chart_level_name(fld->level),
		       chart_level_name(level), chart_level_name(fld->level),
		       chart_level_name(fld->level),
		       fld->level == LEVEL_STUDY ? " or per unit" : "");
}

/* Refuse a field nobody has charted, or nobody agreed on, yet. */
static int
check_charted(struct store *st, const char *key, const char *label,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	long agreed = 0, charted = 0;
	int rc;

	if (store_prepare(st, &s, "SELECT (SELECT count(*) FROM "
			  "consensus_current WHERE field = ?1), (SELECT "
			  "count(*) FROM extraction_current WHERE field = ?1)",
			  err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		agreed = sqlite3_column_int(s, 0);
		charted = sqlite3_column_int(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "reading the store");
	if (agreed)
		return 0;
	if (!charted)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "nothing is charted "
			       "for %s (%s) yet: the extractors chart it with "
			       "'scopekit extract'", key, label);
	return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no consensus on "
		       "%s (%s) yet: %ld %s charted, but the extractors agree "
		       "on none and none is settled; see 'scopekit extract "
		       "compare', and record the consensus with 'scopekit "
		       "extract agree'", key, label, charted,
		       charted == 1 ? "value is" : "values are");
}

static int
describe(struct freq *f, const struct form *form, const char *field,
	 const char *by, struct sk_err *err)
{
	const struct form_field *fld = find_field(form, field, err), *b = NULL;

	if (!fld || check_level(fld, f->level, err) < 0)
		return -1;
	if (by && (!(b = find_field(form, by, err)) ||
		   check_level(b, f->level, err) < 0))
		return -1;
	if (b == fld)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--by names %s again: "
			       "a cross-tabulation needs another field",
			       fld->key);
	f->field = xstrdup(fld->key);
	f->label = xstrdup(fld->label);
	f->type = fld->type;
	f->field_level = fld->level;
	if (b) {
		f->by = xstrdup(b->key);
		f->by_label = xstrdup(b->label);
		f->by_type = b->type;
		f->by_level = b->level;
	}
	if (f->level == LEVEL_UNIT && form->unit_one) {
		f->noun_one = xstrdup(form->unit_one);
		f->noun_many = xstrdup(form->unit_many);
	} else {
		f->noun_one = xstrdup(nouns[f->level][0]);
		f->noun_many = xstrdup(nouns[f->level][1]);
	}
	return 0;
}

/* ---- counting ---- */

static int
prepare(struct store *st, const char *name, const struct query_param *p,
	size_t np, sqlite3_stmt **s, struct sk_err *err)
{
	struct query q;
	int rc = query_load(&q, name, err);

	if (rc == 0)
		rc = query_prepare(st, &q, p, np, s, err);
	query_release(&q);
	return rc;
}

static int
finish(struct store *st, sqlite3_stmt *s, int rc, struct sk_err *err)
{
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "counting");
}

/* freq.sql for field: its rows in order, and the total. */
static int
load_rows(struct store *st, const char *field, enum chart_level level,
	  struct freq_row **rows, size_t *nrows, long *total,
	  struct sk_err *err)
{
	const struct query_param p[] = {
		{ "field", field }, { "level", chart_level_name(level) },
	};
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (prepare(st, "freq", p, 2, &s, err) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *value;
		struct freq_row *r;

		*rows = xgrow(*rows, &cap, *nrows + 1, sizeof(**rows));
		r = &(*rows)[(*nrows)++];
		memset(r, 0, sizeof(*r));
		value = (const char *)sqlite3_column_text(s, 0);
		r->value = xstrdup(value ? value : "");
		r->kind = kind_parse((const char *)sqlite3_column_text(s, 1));
		r->n = sqlite3_column_int(s, 2);
		*total = sqlite3_column_int(s, 3);
		r->percent = sqlite3_column_double(s, 4);
	}
	return finish(st, s, rc, err);
}

static int
load_others(struct store *st, struct freq *f, struct sk_err *err)
{
	const struct query_param p[] = {
		{ "field", f->field }, { "level", chart_level_name(f->level) },
	};
	sqlite3_stmt *s;
	size_t cap = 0;
	int rc;

	if (prepare(st, "freq_others", p, 2, &s, err) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		f->others = xgrow(f->others, &cap, f->nothers + 1,
				  sizeof(*f->others));
		f->others[f->nothers].text =
			xstrdup((const char *)sqlite3_column_text(s, 0));
		f->others[f->nothers++].n = sqlite3_column_int(s, 1);
	}
	return finish(st, s, rc, err);
}

static struct freq_row *
find_row(struct freq_row *rows, size_t n, const char *value)
{
	for (size_t i = 0; i < n; i++)
		if (value && !strcmp(rows[i].value, value))
			return &rows[i];
	return NULL;
}

/* Keep the columns some target has; count those left out. */
static void
keep_columns(struct freq *f)
{
	size_t kept = 0;

	for (size_t i = 0; i < f->ncols; i++) {
		if (f->cols[i].n > 0)
			f->cols[kept++] = f->cols[i];
		else {
			free(f->cols[i].value);
			f->dropped++;
		}
	}
	f->ncols = kept;
}

/* freq_by.sql: each row's n per column. */
static int
load_cells(struct store *st, struct freq *f, struct sk_err *err)
{
	const struct query_param p[] = {
		{ "field", f->field }, { "by", f->by },
		{ "level", chart_level_name(f->level) },
	};
	sqlite3_stmt *s;
	int rc;

	for (size_t i = 0; i < f->nrows; i++)
		f->rows[i].cells = xcalloc(f->ncols ? f->ncols : 1,
					   sizeof(long));
	if (prepare(st, "freq_by", p, 3, &s, err) < 0)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct freq_row *r = find_row(f->rows, f->nrows,
			(const char *)sqlite3_column_text(s, 0));
		struct freq_row *c = find_row(f->cols, f->ncols,
			(const char *)sqlite3_column_text(s, 2));

		if (r && c)
			r->cells[c - f->cols] = sqlite3_column_int(s, 4);
	}
	return finish(st, s, rc, err);
}

static int
check_total(const struct freq *f, struct sk_err *err)
{
	static const char *const how[LEVEL_COUNT] = {
		[LEVEL_REPORT] = "add included reports to studies with "
				 "'scopekit study add'",
		[LEVEL_STUDY] = "group included reports into studies with "
				"'scopekit study add'",
		[LEVEL_UNIT] = "group studies into units with 'scopekit unit "
			       "add', or count per study (--level study)",
	};

	if (f->total > 0)
		return 0;
	return sk_fail(err, SK_E_INPUT, NULL, 0, "there are no %s to count "
		       "yet: %s", f->noun_many, how[f->level]);
}

static void
set_notes(struct freq *f)
{
	long sum = 0;

	for (size_t i = 0; i < f->nrows; i++) {
		const struct freq_row *r = &f->rows[i];

		sum += r->n;
		if ((r->kind == FREQ_CHOICE || r->kind == FREQ_OTHER) && !r->n)
			f->notes |= FREQ_NOTE_ZEROS;
		if (r->kind == FREQ_AWAITING && r->n)
			f->notes |= FREQ_NOTE_AWAITING;
		if (r->kind == FREQ_NOT_CHARTED && r->n)
			f->notes |= FREQ_NOTE_NOT_CHARTED;
	}
	if (f->type == FIELD_MULTIPLE)
		f->notes |= FREQ_NOTE_MULTIPLE;
	if (f->field_level < f->level)
		f->notes |= FREQ_NOTE_ROLLED;
	if (f->type != FIELD_MULTIPLE && sum > f->total)
		f->notes |= FREQ_NOTE_SEVERAL;
	if (f->dropped)
		f->notes |= FREQ_NOTE_DROPPED;
}

int
freq_count(struct store *st, const char *field, const char *by,
	   enum chart_level level, struct freq *f, struct sk_err *err)
{
	struct form form;
	long long form_id;
	long by_total = 0;
	int rc;

	memset(f, 0, sizeof(*f));
	f->level = level;
	if (extract_form_current(st, &form, &form_id, err) < 0)
		return -1;
	rc = describe(f, &form, field, by, err);
	form_release(&form);
	if (rc < 0)
		return -1;
	if (check_charted(st, f->field, f->label, err) < 0 ||
	    (f->by && check_charted(st, f->by, f->by_label, err) < 0) ||
	    load_rows(st, f->field, level, &f->rows, &f->nrows, &f->total,
		      err) < 0 || check_total(f, err) < 0)
		return -1;
	if (f->by && load_rows(st, f->by, level, &f->cols, &f->ncols,
			       &by_total, err) < 0)
		return -1;
	if (f->by) {
		keep_columns(f);
		if (load_cells(st, f, err) < 0)
			return -1;
	}
	if (load_others(st, f, err) < 0)
		return -1;
	set_notes(f);
	return 0;
}

static void
rows_release(struct freq_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].value);
		free(rows[i].cells);
	}
	free(rows);
}

void
freq_release(struct freq *f)
{
	rows_release(f->rows, f->nrows);
	rows_release(f->cols, f->ncols);
	for (size_t i = 0; i < f->nothers; i++)
		free(f->others[i].text);
	free(f->others);
	free(f->field);
	free(f->label);
	free(f->by);
	free(f->by_label);
	free(f->noun_one);
	free(f->noun_many);
	memset(f, 0, sizeof(*f));
}

/* ---- notes ---- */

static long
sum_n(const struct freq *f)
{
	long sum = 0;

	for (size_t i = 0; i < f->nrows; i++)
		sum += f->rows[i].n;
	return sum;
}

static void
add_note(struct strlist *notes, struct buf *b)
{
	strlist_add(notes, b->data, b->len);
	buf_reset(b);
}

static void
note_several(const struct freq *f, struct strlist *notes, struct buf *b)
{
	const char *adds = sum_n(f) > f->total ? "add up to more than 100" :
			   "need not add up to 100";

	if (f->notes & FREQ_NOTE_MULTIPLE) {
		buf_addf(b, "A multiple choice: each %s is counted once for "
			 "each of its values, so the percentages %s.",
			 f->noun_one, adds);
		add_note(notes, b);
	}
	if (f->notes & FREQ_NOTE_ROLLED) {
		int reports_of_studies = f->field_level == LEVEL_REPORT &&
					 f->level == LEVEL_UNIT;

		buf_addf(b, "Charted per %s: a %s has the values of all its "
			 "%s, and counts as not reported or unclear only when "
			 "none of them has a value.",
			 chart_level_name(f->field_level), f->noun_one,
			 reports_of_studies ? "studies' reports" :
			 nouns[f->field_level][1]);
		add_note(notes, b);
	}
	if (f->notes & FREQ_NOTE_SEVERAL) {
		buf_addf(b, "Some %s have more than one value, so the "
			 "percentages %s.", f->noun_many, adds);
		add_note(notes, b);
	}
}

static void
note_others(const struct freq *f, struct strlist *notes, struct buf *b)
{
	if (!f->nothers)
		return;
	buf_adds(b, "Other, as charted: ");
	for (size_t i = 0; i < f->nothers; i++)
		buf_addf(b, "%s%s (%ld)", i ? "; " : "", f->others[i].text,
			 f->others[i].n);
	buf_addch(b, '.');
	add_note(notes, b);
}

void
freq_notes(const struct freq *f, struct strlist *notes)
{
	struct buf b = BUF_INIT;

	note_several(f, notes, &b);
	if (f->notes & FREQ_NOTE_ZEROS) {
		buf_addf(&b, "Choices on the form that no %s has are shown "
			 "with 0.", f->noun_one);
		add_note(notes, &b);
	}
	note_others(f, notes, &b);
	if (f->notes & FREQ_NOTE_AWAITING) {
		buf_adds(&b, "awaiting consensus: charted, but the extractors "
			 "differ and no consensus is recorded yet (scopekit "
			 "extract compare).");
		add_note(notes, &b);
	}
	if (f->notes & FREQ_NOTE_NOT_CHARTED) {
		buf_addf(&b, "not charted: no value is charted for these %s.",
			 f->noun_many);
		add_note(notes, &b);
	}
	if (f->by) {
		buf_addf(&b, "Each cell counts the %s that have both values; a "
			 "%s with several values is counted in each of their "
			 "rows and columns.", f->noun_many, f->noun_one);
		add_note(notes, &b);
	}
	if (f->notes & FREQ_NOTE_DROPPED) {
		buf_addf(&b, "Values of %s that no %s has are left out of the "
			 "columns.", f->by, f->noun_one);
		add_note(notes, &b);
	}
	buf_release(&b);
}
