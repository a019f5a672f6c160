/*
 * extract_sheet: the extraction spreadsheet. Its first columns say what a
 * row charts (level and id), whose it is and which form version it was
 * written for, so a sheet loaded back cannot land on the wrong person,
 * target or form; every other column is a field, named by its key. A
 * blank cell is a value not charted; "not reported" and "unclear" are
 * answers.
 */
#include "extract_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"
#include "sheet.h"
#include "xalloc.h"
#include "banned.h"

enum { COL_LEVEL, COL_ID, COL_TITLE, COL_EXTRACTOR, COL_FORM, COL_VERSION,
       NFIXED };

static const char *const fixed_names[NFIXED] = {
	"level", "id", "title", "extractor", "form", "version",
};

/* ---- writing ---- */

/* One value that counts, for filling in the sheet. */
struct cell {
	int level;
	long long target;
	size_t field;		/* index in the form */
	char *text;		/* as people type it */
};

static int
cell_cmp(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;

	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return x->field < y->field ? -1 : x->field > y->field;
}

struct cells {
	struct cell *v;
	size_t n, cap;
};

static void
cells_release(struct cells *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].text);
	free(c->v);
}

/* The extractor's values that count, sorted for lookup. */
static int
load_cells(struct store *st, const struct form *f, const char *extractor,
	   struct cells *c, struct sk_err *err)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *s;
	enum chart_level level;
	enum answer a;
	int row;

	memset(c, 0, sizeof(*c));
	if (!extractor)
		return 0;
	if (store_prepare(st, &s, "SELECT level, target, field, answer, value "
			  "FROM extraction_current WHERE extractor = ?",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, extractor);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const struct form_field *fld =
			form_find(f, (const char *)sqlite3_column_text(s, 2));

		if (!fld || chart_level_parse((const char *)
					      sqlite3_column_text(s, 0),
					      &level) < 0 ||
		    answer_parse((const char *)sqlite3_column_text(s, 3),
				 &a) < 0)
			continue;	/* a field this version dropped */
		buf_reset(&b);
		form_value_display(fld, a, (const char *)
				   sqlite3_column_text(s, 4), &b);
		c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
		c->v[c->n].level = (int)level;
		c->v[c->n].target = sqlite3_column_int64(s, 1);
		c->v[c->n].field = (size_t)(fld - f->fields);
		c->v[c->n++].text = xstrdup(b.data);
	}
	sqlite3_finalize(s);
	buf_release(&b);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the values");
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cell_cmp);
	return 0;
}

static const char *
cell_text(const struct cells *c, int level, long long target, size_t field)
{
	struct cell key = { level, target, field, NULL }, *hit;

	if (!c->n)
		return NULL;
	hit = bsearch(&key, c->v, c->n, sizeof(*c->v), cell_cmp);
	return hit ? hit->text : NULL;
}

/* Rows of each level: id (as text), target, title. */
static const char *const rows_sql[LEVEL_COUNT] = {
	"SELECT c.record_id, c.record_id, coalesce((SELECT coalesce(family, "
	"name) FROM author WHERE record_id = c.record_id ORDER BY position "
	"LIMIT 1), '?') || ' ' || coalesce(r.year, '') || '. ' || "
	"coalesce(r.title, '') FROM study_report_current c JOIN record r ON "
	"r.id = c.record_id ORDER BY c.study_id, c.record_id",
	"SELECT s.name, s.id, (SELECT group_concat(cited, '; ') FROM (SELECT "
	"coalesce((SELECT coalesce(family, name) FROM author WHERE record_id "
	"= c.record_id ORDER BY position LIMIT 1), '?') || ' ' || "
	"coalesce((SELECT year FROM record WHERE id = c.record_id), '') AS "
	"cited FROM study_report_current c WHERE c.study_id = s.id ORDER BY "
	"c.record_id)) FROM study s ORDER BY s.id",
	"SELECT u.name, u.id, (SELECT group_concat(name, '; ') FROM (SELECT "
	"s.name FROM unit_study_current us JOIN study s ON s.id = us.study_id "
	"WHERE us.unit_id = u.id ORDER BY s.id)) FROM unit u ORDER BY u.id",
};

struct writer {
	const struct form *f;
	const char *extractor;
	size_t *fields;		/* form index of each field column */
	size_t nfields;
	const struct cells *cells;
	struct output *o;
	const char **row;
	char version[32];
};

static int
write_level(struct store *st, struct writer *w, enum chart_level level,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, rows_sql[level], err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long long target = sqlite3_column_int64(s, 1);

		memset(w->row, 0, (NFIXED + w->nfields) * sizeof(*w->row));
		w->row[COL_LEVEL] = chart_level_name(level);
		w->row[COL_ID] = (const char *)sqlite3_column_text(s, 0);
		w->row[COL_TITLE] = (const char *)sqlite3_column_text(s, 2);
		w->row[COL_EXTRACTOR] = w->extractor;
		w->row[COL_FORM] = w->f->key;
		w->row[COL_VERSION] = w->version;
		for (size_t i = 0; i < w->nfields; i++)
			if (w->f->fields[w->fields[i]].level == level)
				w->row[NFIXED + i] =
					cell_text(w->cells, (int)level, target,
						  w->fields[i]);
		output_row(w->o, w->row);
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading the "
						   "studies and units");
}

int
extract_sheet_write(struct store *st, const struct form *f,
		    const char *extractor, int level, FILE *out,
		    struct sk_err *err)
{
	struct output_column *cols;
	struct writer w;
	struct cells cells;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	if (load_cells(st, f, extractor, &cells, err) < 0)
		return -1;
	cols = xcalloc(NFIXED + f->nfields, sizeof(*cols));
	w.fields = xcalloc(f->nfields + 1, sizeof(*w.fields));
	for (size_t i = 0; i < NFIXED; i++)
		cols[i].name = fixed_names[i];
	for (size_t i = 0; i < f->nfields; i++) {
		if (level >= 0 && f->fields[i].level != (enum chart_level)level)
			continue;
		cols[NFIXED + w.nfields].name = f->fields[i].key;
		w.fields[w.nfields++] = i;
	}
	w.f = f;
	w.extractor = extractor;
	w.cells = &cells;
	w.row = xcalloc(NFIXED + w.nfields, sizeof(*w.row));
	snprintf(w.version, sizeof(w.version), "%ld", f->version);
	w.o = output_new(out, OUTPUT_CSV, cols, NFIXED + w.nfields);
	for (int l = 0; l < LEVEL_COUNT && rc == 0; l++)
		if (level < 0 || l == level)
			rc = write_level(st, &w, (enum chart_level)l, err);
	if (output_finish(w.o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, NULL, 0, "cannot write the sheet");
	free(w.row);
	free(w.fields);
	free(cols);
	cells_release(&cells);
	return rc;
}

/* ---- reading ---- */

struct loader {
	struct store *st;
	const struct form *f;
	long long form_id;
	const char *who;
	int consensus;
	struct extract_sheet_counts *n;
	long fixed[NFIXED];
	long note;		/* the 'note' column, or -1 */
	long *field_col;	/* sheet column of each form field, or -1 */
	char **seen;		/* "level\tid" of each row read */
	long *seen_line;
	size_t nseen, seen_cap;
	struct buf value;
};

static int
load_header(struct sheet *sh, struct sk_err *err)
{
	struct loader *l = sh->ctx;
	const struct form_field *fld, *near;

	for (int i = 0; i < NFIXED; i++)
		l->fixed[i] = -1;
	l->note = -1;
	for (size_t i = 0; i < l->f->nfields; i++)
		l->field_col[i] = -1;
	for (size_t c = 0; c < sh->csv.n; c++) {
		const char *name = csv_value(&sh->csv, c);
		int i;

		for (i = 0; i < NFIXED && strcasecmp(name, fixed_names[i]); i++)
			;
		if (i < NFIXED) {
			l->fixed[i] = (long)c;
			continue;
		}
		if (!strcasecmp(name, "note")) {
			l->note = (long)c;
			continue;
		}
		fld = form_find(l->f, name);
		near = fld ? NULL : form_nearest(l->f, name);
		if (!fld && near)
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "column '%s' is not a "
				       "field of the form (did you mean '%s'?)",
				       name, near->key);
		if (!fld)
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "column '%s' is not a "
				       "field of the form", name);
		if (l->field_col[fld - l->f->fields] >= 0)
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "column '%s' is in the "
				       "sheet twice", name);
		l->field_col[fld - l->f->fields] = (long)c;
	}
	if (l->fixed[COL_LEVEL] < 0 || l->fixed[COL_ID] < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the header needs a 'level' and an 'id' column "
			       "(as 'scopekit extract sheet' writes them)");
	return 0;
}

/* Give a store-side or value error the sheet's place. */
static int
at_row(struct sheet *sh, struct sk_err *err)
{
	if (!err->file[0] && err->kind != SK_E_DB) {
		snprintf(err->file, sizeof(err->file), "%s", sheet_name(sh));
		err->line = sheet_line(sh);
		if (err->kind == SK_E_USAGE)
			err->kind = SK_E_INPUT;
	}
	return -1;
}

/* A cell written back by a spreadsheet may keep the formula guard. */
static const char *
unguard(const char *s)
{
	return s[0] == '\'' && output_formula_like(s + 1) ? s + 1 : s;
}

static int
row_checks(struct sheet *sh, struct loader *l, const char **who,
	   struct sk_err *err)
{
	const char *x = sheet_cell(sh, l->fixed[COL_EXTRACTOR]);
	const char *fk = sheet_cell(sh, l->fixed[COL_FORM]);
	const char *fv = sheet_cell(sh, l->fixed[COL_VERSION]);
	char version[32];

	snprintf(version, sizeof(version), "%ld", l->f->version);
	if ((*fk && strcmp(fk, l->f->key)) || (*fv && strcmp(fv, version)))
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "this row was written for form '%s' version %s; "
			       "the review's form is '%s' version %s: write a "
			       "new sheet (scopekit extract sheet)",
			       *fk ? fk : l->f->key, *fv ? fv : version,
			       l->f->key, version);
	*who = l->who;
	if (l->consensus)
		return 0;
	if (*x && l->who && strcmp(x, l->who))
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "this row is %s's, not %s's", x, l->who);
	if (!l->who)
		*who = x;
	if (!**who)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the row says not whose it is: fill in the "
			       "extractor column or give --extractor");
	return 0;
}

/* A target may have one row in a sheet. */
static int
first_row_of(struct sheet *sh, struct loader *l, const char *level,
	     const char *id, struct sk_err *err)
{
	char *key = xasprintf("%s\t%s", level, id);

	for (size_t i = 0; i < l->nseen; i++) {
		if (!strcmp(l->seen[i], key)) {
			free(key);
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "%s %s has a row "
				       "already (line %ld)", level, id,
				       l->seen_line[i]);
		}
	}
	l->seen = xgrow(l->seen, &l->seen_cap, l->nseen + 1, sizeof(*l->seen));
	l->seen_line = xrealloc(l->seen_line, l->seen_cap *
				sizeof(*l->seen_line));
	l->seen_line[l->nseen] = sheet_line(sh);
	l->seen[l->nseen++] = key;
	return 0;
}

/* A required field left blank, with nothing charted for it before. */
static int
check_required(struct sheet *sh, struct loader *l,
	       const struct chart_target *t, const char *who,
	       struct sk_err *err)
{
	struct buf now = BUF_INIT;
	enum answer a;
	int found;

	for (size_t i = 0; i < l->f->nfields; i++) {
		const struct form_field *fld = &l->f->fields[i];

		if (!fld->required || fld->level != t->level ||
		    l->field_col[i] < 0 ||
		    *sheet_cell(sh, l->field_col[i]))
			continue;
		if (extract_get(l->st, t, fld->key, l->consensus ? NULL : who,
				&found, &a, &now, err) < 0) {
			buf_release(&now);
			return at_row(sh, err);
		}
		if (!found) {
			buf_release(&now);
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "%s is required: write "
				       "its value, 'not reported' or 'unclear'",
				       fld->key);
		}
	}
	buf_release(&now);
	return 0;
}

static int
load_cell(struct sheet *sh, struct loader *l, const struct chart_target *t,
	  size_t i, const char *who, struct sk_err *err)
{
	const struct form_field *fld = &l->f->fields[i];
	const char *text = unguard(sheet_cell(sh, l->field_col[i]));
	const char *note = sheet_cell(sh, l->note);
	struct chart_value v = { t, fld->key, ANSWER_VALUE, NULL,
				 *note ? unguard(note) : NULL };
	int changed;

	if (!*text) {
		l->n->blank += fld->level == t->level;
		return 0;
	}
	if (extract_check(l->f, t, fld->key, text, &v.answer, &l->value,
			  err) < 0)
		return at_row(sh, err);
	v.value = v.answer == ANSWER_VALUE ? l->value.data : NULL;
	if ((l->consensus ? extract_agree(l->st, l->form_id, &v, who, &changed,
					  err) :
	     extract_set(l->st, l->form_id, &v, who, &changed, err)) < 0)
		return at_row(sh, err);
	if (changed)
		l->n->values++;
	else
		l->n->unchanged++;
	return 0;
}

static int
load_row(struct sheet *sh, struct sk_err *err)
{
	struct loader *l = sh->ctx;
	const char *level_text = sheet_cell(sh, l->fixed[COL_LEVEL]);
	const char *id = sheet_cell(sh, l->fixed[COL_ID]);
	struct chart_target t;
	enum chart_level level;
	const char *who = NULL;
	long written;
	int any = 0;

	if (chart_level_parse(level_text, &level) < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "level '%s' is not report, study or unit",
			       level_text);
	for (size_t i = 0; i < l->f->nfields; i++)
		any |= l->field_col[i] >= 0 && *sheet_cell(sh, l->field_col[i]);
	if (!any)
		return 0;
	if (row_checks(sh, l, &who, err) < 0 ||
	    first_row_of(sh, l, chart_level_name(level), id, err) < 0)
		return -1;
	if (extract_target(l->st, level, id, &t, err) < 0)
		return at_row(sh, err);
	for (size_t i = 0; i < l->f->nfields; i++)
		if (l->field_col[i] >= 0 && l->f->fields[i].level != level &&
		    *sheet_cell(sh, l->field_col[i]))
			return sk_fail(err, SK_E_INPUT, sheet_name(sh),
				       sheet_line(sh), "%s is charted per %s, "
				       "not per %s: leave its cell blank in "
				       "this row", l->f->fields[i].key,
				       chart_level_name(l->f->fields[i].level),
				       chart_level_name(level));
	written = l->n->values;
	for (size_t i = 0; i < l->f->nfields; i++)
		if (l->field_col[i] >= 0 &&
		    load_cell(sh, l, &t, i, who, err) < 0)
			return -1;
	l->n->rows++;
	/*
	 * A row that changes something must answer the required fields; a
	 * consensus sheet holds the values that were settled, no more.
	 */
	if (l->consensus || l->n->values == written)
		return 0;
	return check_required(sh, l, &t, who, err);
}

int
extract_sheet_load(struct store *st, const struct form *f, long long form_id,
		   const char *path, const char *who, int consensus,
		   struct extract_sheet_counts *counts, struct sk_err *err)
{
	struct loader l;
	struct sheet sh;
	int rc;

	memset(&l, 0, sizeof(l));
	memset(counts, 0, sizeof(*counts));
	l.st = st;
	l.f = f;
	l.form_id = form_id;
	l.who = who;
	l.consensus = consensus;
	l.n = counts;
	l.field_col = xcalloc(f->nfields + 1, sizeof(*l.field_col));
	buf_init(&l.value);
	memset(&sh, 0, sizeof(sh));
	sh.ctx = &l;
	sh.header = load_header;
	sh.row = load_row;
	rc = sheet_read(&sh, path, "the CSV of 'scopekit extract sheet'", err);
	for (size_t i = 0; i < l.nseen; i++)
		free(l.seen[i]);
	free(l.seen);
	free(l.seen_line);
	free(l.field_col);
	buf_release(&l.value);
	return rc;
}
