/*
 * report: what the authors take to the paper, counted from the store and
 * written into one folder: an HTML page and its Markdown twin with the
 * PRISMA 2020 diagram, the screening agreement, the tables of the
 * included studies and every frequency table of the charting form with
 * its chart; each table also as CSV, each figure as SVG.
 *
 * Every file is made in memory first, so a part that cannot be counted
 * leaves the folder as it was; then each is written beside its final
 * name and renamed over it.
 */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agreement_rows.h"
#include "doc.h"
#include "extract.h"
#include "freq.h"
#include "freq_write.h"
#include "prisma.h"
#include "prisma_svg.h"
#include "prisma_write.h"
#include "query.h"
#include "review.h"
#include "screen.h"
#include "xalloc.h"
#include "banned.h"

#define PAGE_HTML "report.html"
#define PAGE_MD "report.md"

struct memfile {
	char *name;
	char *data;
	size_t len;
};

struct report {
	struct doc doc;
	struct memfile *files;
	size_t nfiles, cap;
	struct report_summary sum;
};

/* ---- files made in memory ---- */

struct mem {
	FILE *f;
	char *data;
	size_t len;
};

static FILE *
mem_open(struct mem *m)
{
	m->data = NULL;
	m->len = 0;
	m->f = open_memstream(&m->data, &m->len);
	if (!m->f)
		abort();	/* only when memory runs out, as xalloc */
	return m->f;
}

/*
 * Close m and keep it as the report's file name, or drop it when the
 * writer failed (rc < 0). Returns the kept file, or NULL.
 */
static const struct memfile *
mem_keep(struct report *r, struct mem *m, const char *name, int rc,
	 struct sk_err *err)
{
	struct memfile *f;

	if (fclose(m->f) != 0 || rc < 0) {
		free(m->data);
		sk_fail(err, SK_E_IO, name, 0, "cannot make the file");
		return NULL;
	}
	r->files = xgrow(r->files, &r->cap, r->nfiles + 1, sizeof(*r->files));
	f = &r->files[r->nfiles++];
	f->name = xstrdup(name);
	f->data = m->data;
	f->len = m->len;
	r->sum.files++;
	return f;
}

static void
report_release(struct report *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		free(r->files[i].data);
	}
	free(r->files);
	doc_release(&r->doc);
}

/* A figure: its SVG made by write into name, then shown on the page. */
static int
add_figure(struct report *r, const char *name, const char *alt,
	   int (*write)(FILE *f, const void *ctx, const void *arg),
	   const void *ctx, const void *arg, struct sk_err *err)
{
	struct mem m;
	const struct memfile *f;

	mem_open(&m);
	f = mem_keep(r, &m, name, write(m.f, ctx, arg), err);
	if (!f)
		return -1;
	doc_figure(&r->doc, alt, name, f->data, f->len);
	r->sum.figures++;
	return 0;
}

/* Rows kept as text, to go both on the page and into a CSV file. */
struct rows {
	size_t ncols, n, cap;
	char **cells;
};

static void
rows_add(struct rows *t, const char *const *cells)
{
	t->cells = xgrow(t->cells, &t->cap, (t->n + 1) * t->ncols,
			 sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->n * t->ncols + i] = cells[i] ? xstrdup(cells[i]) :
						NULL;
	t->n++;
}

static void
rows_release(struct rows *t)
{
	for (size_t i = 0; i < t->n * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* The rows as a CSV file of the report. */
static int
add_csv(struct report *r, const char *name, const struct output_column *cols,
	const struct rows *t, struct sk_err *err)
{
	struct mem m;
	struct output *o = output_new(mem_open(&m), OUTPUT_CSV, cols,
				      t->ncols);

	for (size_t i = 0; i < t->n; i++)
		output_row(o, (const char *const *)&t->cells[i * t->ncols]);
	return mem_keep(r, &m, name, output_finish(o), err) ? 0 : -1;
}

/* ---- the head of the page ---- */

static void
labelled_text(struct doc *d, const char *label, const char *text)
{
	struct buf b = BUF_INIT;

	if (!text || !*text)
		return;
	buf_addf(&b, "%s: %s", label, text);
	doc_text(d, b.data);
	buf_release(&b);
}

static void
add_head(struct report *r, const struct review *rv,
	 const struct report_options *o)
{
	struct buf b = BUF_INIT;

	doc_heading(&r->doc, 1, rv->title);
	labelled_text(&r->doc, "Review question", rv->question);
	labelled_text(&r->doc, "Population", rv->population);
	labelled_text(&r->doc, "Concept", rv->concept);
	labelled_text(&r->doc, "Context", rv->context);
	buf_addf(&b, "Counted by scopekit %s from the review store %s on %s. "
		 "Every number here comes from the store; each table is also "
		 "a CSV file, and each figure an SVG file, in this folder.",
		 SCOPEKIT_VERSION, o->store_name, o->date);
	doc_text(&r->doc, b.data);
	buf_release(&b);
}

/* ---- the PRISMA 2020 flow ---- */

static int
write_prisma_svg(FILE *f, const void *p, const void *title)
{
	return prisma_write_svg(f, p, title);
}

static void
flow_line(void *ctx, const struct prisma_line *l)
{
	struct doc *d = ctx;
	char n[32];
	const char *cells[2] = { l->label, NULL };

	if (l->n >= 0) {
		snprintf(n, sizeof(n), "%ld", l->n);
		cells[1] = n;
	}
	doc_row(d, cells, l->depth ? l->depth - 1 : 0,
		l->depth == 0 && l->n < 0 ? DOC_ROW_GROUP : DOC_ROW_PLAIN);
}

static int
add_flow(struct report *r, struct store *st, const char *title,
	 struct sk_err *err)
{
	static const char *const head[] = { "Box", "n" };
	static const int numeric[] = { 0, 1 };
	struct prisma p;
	struct mem m;
	struct buf note = BUF_INIT;
	int rc;

	if (prisma_count(st, &p, err) < 0)
		return -1;
	doc_heading(&r->doc, 2, "Flow of records (PRISMA 2020)");
	rc = add_figure(r, "prisma.svg", "PRISMA 2020 flow diagram",
			write_prisma_svg, &p, title, err);
	if (rc == 0) {
		doc_table(&r->doc, "PRISMA 2020 flow counts", "prisma.csv", 2,
			  head, numeric);
		prisma_lines(&p, flow_line, &r->doc);
		prisma_other_note(&p, &note);
		if (note.len)
			doc_note(&r->doc, note.data);
		r->sum.tables++;
		mem_open(&m);
		if (!mem_keep(r, &m, "prisma.csv", prisma_write_csv(m.f, &p),
			      err))
			rc = -1;
	}
	if (rc == 0) {
		mem_open(&m);
		if (!mem_keep(r, &m, "prisma2020.csv",
			      prisma_write_template(m.f, &p), err))
			rc = -1;
		doc_text(&r->doc, "prisma2020.csv holds the same counts in the "
			 "form the PRISMA2020 R package and its web app read, "
			 "to restyle the diagram there.");
	}
	buf_release(&note);
	prisma_release(&p);
	return rc;
}

/* ---- screening agreement ---- */

enum { AG_STAGE, AG_SAMPLE, AG_REST };

/* v to two decimals, never "-0.00". */
static double
hundredths(double v)
{
	return round(v * 100) / 100 + 0.0;
}

/* The page's cells of a pair: counts, then the statistics, worded. */
static void
agreement_shown(const struct agreement_row *row, const char *stage,
		int pilot, char text[4][64], const char *cells[11])
{
	const struct agree_stats *a = &row->stats;
	char names[128];

	snprintf(names, sizeof(names), "%s, %s", row->cells[AC_FIRST],
		 row->cells[AC_SECOND]);
	snprintf(text[0], 64, "%s%s", stage, pilot ? " (pilot)" : "");
	snprintf(text[1], 64, "%.1f%%", 100 * a->percent);
	if (isnan(a->kappa))
		snprintf(text[2], 64, "undefined");
	else
		snprintf(text[2], 64, "%.2f (%.2f to %.2f)", hundredths(a->kappa),
			 hundredths(a->kappa_low), hundredths(a->kappa_high));
	snprintf(text[3], 64, "%.2f", hundredths(a->pabak));
	cells[0] = text[0];
	cells[1] = xstrdup(names);
	cells[2] = row->cells[AC_N];
	cells[3] = row->cells[AC_II];
	cells[4] = row->cells[AC_IE];
	cells[5] = row->cells[AC_EI];
	cells[6] = row->cells[AC_EE];
	cells[7] = text[1];
	cells[8] = text[2];
	cells[9] = text[3];
	cells[10] = row->cells[AC_BAND];
}

static void
agreement_pairs(struct doc *d, struct rows *csv, const struct screen_pair *p,
		size_t n, enum stage stage, int pilot, double pass)
{
	for (size_t i = 0; i < n; i++) {
		struct agreement_row row;
		const char *cells[11], *line[AG_REST + AC_COUNT];
		char text[4][64];

		agreement_row_fill(&row, &p[i], pilot, pass);
		agreement_shown(&row, stage_label(stage), pilot, text, cells);
		doc_row(d, cells, 0, DOC_ROW_PLAIN);
		free((char *)cells[1]);
		line[AG_STAGE] = stage_name(stage);
		line[AG_SAMPLE] = pilot ? "pilot" : "all";
		memcpy(line + AG_REST, row.cells, sizeof(row.cells));
		rows_add(csv, line);
	}
}

static int
agreement_stage(struct report *r, struct store *st,
		const struct screen_state *ss, enum stage stage,
		struct rows *csv, struct sk_err *err)
{
	for (int pilot = 0; pilot <= 1; pilot++) {
		struct screen_pair *pairs;
		size_t n;

		if (screen_pairs(st, ss, stage, pilot, &pairs, &n, err) < 0)
			return -1;
		agreement_pairs(&r->doc, csv, pairs, n, stage, pilot,
				ss->set.pilot_pass);
		screen_pairs_release(pairs, n);
	}
	return 0;
}

static int
add_agreement(struct report *r, struct store *st, struct sk_err *err)
{
	static const char *const head[] = {
		"Stage", "Reviewers", "Records", "Both include",
		"First only", "Second only", "Both exclude", "Agreement",
		"Cohen's kappa (95% CI)", "PABAK", "Strength",
	};
	static const int numeric[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
	struct output_column cols[AG_REST + AC_COUNT] = {
		{ "stage", 0, 0 }, { "sample", 0, 0 },
	};
	struct rows csv = { AG_REST + AC_COUNT, 0, 0, NULL };
	struct screen_state ss;
	int rc = 0;

	memcpy(cols + AG_REST, agreement_columns, sizeof(agreement_columns));
	if (screen_state_load(st, &ss, err) < 0)
		return -1;
	doc_heading(&r->doc, 2, "Screening agreement");
	doc_table(&r->doc, "Agreement of each pair of reviewers on the records "
		  "both judged", "agreement.csv", 11, head, numeric);
	for (int s = 0; s < STAGE_COUNT && rc == 0; s++)
		rc = agreement_stage(r, st, &ss, (enum stage)s, &csv, err);
	if (rc == 0) {
		if (!csv.n)
			doc_note(&r->doc, "No two reviewers have judged the same "
				 "records yet.");
		doc_note(&r->doc, "A maybe counts as include: a vote to look "
			 "further. The pilot sample is measured apart.");
		doc_note(&r->doc, "Kappa's 95% confidence interval uses the "
			 "standard error of Fleiss, Cohen and Everitt (1969); "
			 "PABAK is 2 x agreement - 1 (Byrt, Bishop and Carlin "
			 "1993); the strength of agreement is that of Landis "
			 "and Koch (1977).");
		r->sum.tables++;
		rc = add_csv(r, "agreement.csv", cols, &csv, err);
	}
	rows_release(&csv);
	screen_state_release(&ss);
	return rc;
}

/* ---- tables from queries ---- */

/* A file name made of the query's name: letters, digits, '.', '_', '-'. */
static char *
table_file(const char *query)
{
	const char *base = strrchr(query, '/');
	size_t len;
	char *name;

	base = base ? base + 1 : query;
	len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".sql"))
		len -= 4;
	name = xasprintf("%.*s.csv", (int)len, base);
	for (char *c = name; c < name + len; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-", *c))
			*c = '-';
	if (name[0] == '.')
		name[0] = '-';
	return name;
}

/* The statement's rows as text; numeric[i] stays 1 while column i holds
 * only numbers. */
static int
query_rows(struct store *st, const struct query *q, sqlite3_stmt *s,
	   struct rows *t, int *numeric, struct sk_err *err)
{
	const char **cells = xcalloc(t->ncols, sizeof(*cells));
	int row;

	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < t->ncols; i++) {
			int type = sqlite3_column_type(s, (int)i);

			if (type != SQLITE_INTEGER && type != SQLITE_FLOAT &&
			    type != SQLITE_NULL)
				numeric[i] = 0;
			cells[i] = type == SQLITE_BLOB ? "(blob)" :
				   (const char *)sqlite3_column_text(s, (int)i);
		}
		rows_add(t, cells);
	}
	free(cells);
	if (row != SQLITE_DONE)
		return sk_fail(err, SK_E_INPUT, q->name, 0, "%s",
			       sqlite3_errmsg(st->db));
	return 0;
}

/* The query's summary, from a capital: "Table 1, characteristics..." */
static void
caption_of(const struct query *q, struct buf *b)
{
	query_summary(q->sql, b);
	if (!b->len)
		buf_adds(b, q->name);
	else if (b->data[0] >= 'a' && b->data[0] <= 'z')
		b->data[0] = (char)(b->data[0] - 'a' + 'A');
}

static void
table_to_doc(struct doc *d, const struct rows *t, const char *caption,
	     const char *file, const char *const *head, const int *numeric)
{
	doc_table(d, caption, file, t->ncols, head, numeric);
	for (size_t i = 0; i < t->n; i++)
		doc_row(d, (const char *const *)&t->cells[i * t->ncols], 0,
			DOC_ROW_PLAIN);
	if (!t->n)
		doc_note(d, "No rows yet.");
}

static int
add_query_table(struct report *r, struct store *st, const char *name,
		struct sk_err *err)
{
	struct query q;
	sqlite3_stmt *s = NULL;
	struct rows t = { 0, 0, 0, NULL };
	struct output_column *cols = NULL;
	const char **head = NULL;
	int *numeric = NULL, rc;
	struct buf caption = BUF_INIT;
	char *file = table_file(name);

	rc = query_load(&q, name, err);
	if (rc == 0)
		rc = query_prepare(st, &q, NULL, 0, &s, err);
	if (rc == 0) {
		t.ncols = (size_t)sqlite3_column_count(s);
		cols = xcalloc(t.ncols, sizeof(*cols));
		head = xcalloc(t.ncols, sizeof(*head));
		numeric = xcalloc(t.ncols, sizeof(*numeric));
		for (size_t i = 0; i < t.ncols; i++) {
			/* copied: stepping may prepare the statement again */
			head[i] = xstrdup(sqlite3_column_name(s, (int)i));
			cols[i].name = head[i];
			numeric[i] = 1;
		}
		rc = query_rows(st, &q, s, &t, numeric, err);
	}
	if (rc == 0) {
		for (size_t i = 0; i < t.ncols; i++)
			cols[i].numeric = numeric[i] = numeric[i] && t.n;
		caption_of(&q, &caption);
		table_to_doc(&r->doc, &t, caption.data, file, head, numeric);
		r->sum.tables++;
		rc = add_csv(r, file, cols, &t, err);
	}
	sqlite3_finalize(s);
	buf_release(&caption);
	rows_release(&t);
	free(numeric);
	for (size_t i = 0; head && i < t.ncols; i++)
		free((char *)head[i]);
	free(head);
	free(cols);
	free(file);
	query_release(&q);
	return rc;
}

static int
add_query_tables(struct report *r, struct store *st,
		 const struct report_options *o, struct sk_err *err)
{
	if (!o->ntables)
		return 0;
	doc_heading(&r->doc, 2, "Included studies");
	for (size_t i = 0; i < o->ntables; i++)
		if (add_query_table(r, st, o->tables[i], err) < 0)
			return -1;
	return 0;
}

/* ---- frequency tables ---- */

static int
write_freq_svg(FILE *f, const void *fr, const void *unused)
{
	(void)unused;
	return freq_write(f, fr, FF_SVG, 0);
}

static void
freq_to_doc(struct doc *d, const struct freq *f, const char *file)
{
	const char *head[] = { f->label, "n", "%" };
	static const int numeric[] = { 0, 1, 1 };
	struct strlist notes = { NULL, 0, 0 };
	struct buf b = BUF_INIT;

	freq_caption(f, &b);
	buf_adds(&b, "; ");
	freq_subcaption(f, &b);
	doc_table(d, b.data, file, 3, head, numeric);
	for (size_t i = 0; i < f->nrows; i++) {
		char n[32], pct[32];
		const char *cells[3] = { f->rows[i].value, n, pct };

		snprintf(n, sizeof(n), "%ld", f->rows[i].n);
		snprintf(pct, sizeof(pct), "%.1f", f->rows[i].percent);
		doc_row(d, cells, 0, DOC_ROW_PLAIN);
	}
	freq_notes(f, &notes);
	for (size_t i = 0; i < notes.n; i++)
		doc_note(d, notes.v[i]);
	strlist_release(&notes);
	buf_release(&b);
}

static int
add_freq(struct report *r, const struct freq *f, struct sk_err *err)
{
	char *csv = xasprintf("freq-%s.csv", f->field);
	char *svg = xasprintf("freq-%s.svg", f->field);
	struct mem m;
	int rc = 0;

	doc_heading(&r->doc, 3, f->label);
	freq_to_doc(&r->doc, f, csv);
	r->sum.tables++;
	mem_open(&m);
	if (!mem_keep(r, &m, csv, freq_write(m.f, f, FF_CSV, 0), err) ||
	    add_figure(r, svg, f->label, write_freq_svg, f, NULL, err) < 0)
		rc = -1;
	free(csv);
	free(svg);
	return rc;
}

static int
counted_field(const struct form_field *fld, enum chart_level level)
{
	return (fld->type == FIELD_SINGLE || fld->type == FIELD_MULTIPLE ||
		fld->type == FIELD_YESNO) && fld->level <= level;
}

static int
default_level(struct store *st, enum chart_level *level, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT EXISTS (SELECT 1 FROM "
			  "unit_study_current)", err) < 0)
		return -1;
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		*level = sqlite3_column_int(s, 0) ? LEVEL_UNIT : LEVEL_STUDY;
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading units");
}

/* Whether there is anything at level to count: studies, units... */
static int
targets_exist(struct store *st, enum chart_level level, int *exist,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT EXISTS (SELECT 1 FROM chart_target "
			  "WHERE level = ?)", err) < 0)
		return -1;
	store_bind_text(s, 1, chart_level_name(level));
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		*exist = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "reading targets");
}

/*
 * A table that cannot be counted yet (nothing charted for the field, no
 * consensus) says why on the page; a failure of another kind stops the
 * report.
 */
static int
freq_not_counted(struct report *r, const char *prefix, struct sk_err *err)
{
	struct buf b = BUF_INIT;

	if (err->kind != SK_E_INPUT)
		return -1;
	buf_addf(&b, "%s%s.", prefix, err->msg);
	doc_text(&r->doc, b.data);
	buf_release(&b);
	sk_err_clear(err);
	return 0;
}

static int
add_field_freq(struct report *r, struct store *st,
	       const struct form_field *fld, enum chart_level level,
	       struct sk_err *err)
{
	struct freq f;
	int rc;

	if (freq_count(st, fld->key, NULL, level, &f, err) == 0) {
		rc = add_freq(r, &f, err);
	} else {
		doc_heading(&r->doc, 3, fld->label);
		rc = freq_not_counted(r, "Not counted: ", err);
	}
	freq_release(&f);
	return rc;
}

static int
add_freqs(struct report *r, struct store *st, int level_opt,
	  struct sk_err *err)
{
	struct form form;
	long long form_id;
	enum chart_level level = (enum chart_level)level_opt;
	int rc = 0, exist = 0;

	doc_heading(&r->doc, 2, "Frequency tables");
	if (level_opt < 0 && default_level(st, &level, err) < 0)
		return -1;
	if (extract_form_current(st, &form, &form_id, err) < 0)
		return freq_not_counted(r, "No frequency tables: ", err);
	rc = targets_exist(st, level, &exist, err);
	if (rc == 0 && !exist)
		doc_text(&r->doc, "No frequency tables yet: nothing is charted "
			 "at this level; chart the included studies first "
			 "(scopekit study, unit and extract).");
	for (size_t i = 0; i < form.nfields && rc == 0 && exist; i++)
		if (counted_field(&form.fields[i], level))
			rc = add_field_freq(r, st, &form.fields[i], level, err);
	form_release(&form);
	return rc;
}

/* ---- the folder ---- */

/*
 * The folder may be new, empty, or hold an earlier report (its page);
 * anything else is someone's folder, not to be written into.
 */
static int
folder_check(const char *dir, int *exists, struct sk_err *err)
{
	struct stat sb;
	struct dirent *e;
	DIR *d;
	int others = 0, report = 0;

	*exists = stat(dir, &sb) == 0;
	if (!*exists)
		return errno == ENOENT ? 0 : sk_fail(err, SK_E_IO, dir, 0,
						     "%s", strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return sk_fail(err, SK_E_IO, dir, 0, "not a folder: --out "
			       "names the folder the report goes into");
	d = opendir(dir);
	if (!d)
		return sk_fail(err, SK_E_IO, dir, 0, "%s", strerror(errno));
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, PAGE_HTML) || !strcmp(e->d_name, PAGE_MD))
			report = 1;
		else if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			others = 1;
	}
	closedir(d);
	if (others && !report)
		return sk_fail(err, SK_E_CONFLICT, dir, 0, "the folder holds "
			       "other files: write the report into a new or "
			       "empty folder, or one holding an earlier report");
	return 0;
}

static char *
temp_path(const char *dir, const char *name)
{
	return xasprintf("%s/.%s.%ld.tmp", dir, name, (long)getpid());
}

static int
write_temp(const char *path, const struct memfile *f)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < f->len) {
		ssize_t w = write(fd, f->data + done, f->len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return close(fd);
}

/* Every file beside its final name first, then each renamed over it. */
static int
folder_write(const char *dir, const struct report *r, struct sk_err *err)
{
	size_t written = 0;
	int exists, rc = 0;

	if (folder_check(dir, &exists, err) < 0)
		return -1;
	if (!exists && mkdir(dir, 0777) < 0)
		return sk_fail(err, SK_E_IO, dir, 0, "cannot make the folder: "
			       "%s", strerror(errno));
	for (; written < r->nfiles && rc == 0; written++) {
		char *tmp = temp_path(dir, r->files[written].name);

		if (write_temp(tmp, &r->files[written]) < 0) {
			rc = sk_fail(err, SK_E_IO, dir, 0, "cannot write %s: %s",
				     r->files[written].name, strerror(errno));
			remove(tmp);
		}
		free(tmp);
	}
	for (size_t i = 0; i < written; i++) {
		char *tmp = temp_path(dir, r->files[i].name);
		char *path = xasprintf("%s/%s", dir, r->files[i].name);

		if (rc < 0)
			remove(tmp);
		else if (rename(tmp, path) < 0)
			rc = sk_fail(err, SK_E_IO, path, 0, "%s",
				     strerror(errno));
		free(path);
		free(tmp);
	}
	if (rc < 0 && !exists)
		rmdir(dir);
	return rc;
}

/* ---- the whole report ---- */

static int
add_pages(struct report *r, const char *title, struct sk_err *err)
{
	struct mem m;

	mem_open(&m);
	if (!mem_keep(r, &m, PAGE_HTML, doc_write_html(m.f, &r->doc, title),
		      err))
		return -1;
	mem_open(&m);
	return mem_keep(r, &m, PAGE_MD, doc_write_md(m.f, &r->doc), err) ?
	       0 : -1;
}

static int
count_all(struct report *r, struct store *st, const struct review *rv,
	  const struct report_options *o, struct sk_err *err)
{
	add_head(r, rv, o);
	if (add_flow(r, st, rv->title, err) < 0 ||
	    add_agreement(r, st, err) < 0 ||
	    query_read_only(st, err) < 0 ||
	    add_query_tables(r, st, o, err) < 0 ||
	    add_freqs(r, st, o->level, err) < 0)
		return -1;
	return add_pages(r, rv->title, err);
}

int
report_write(struct store *st, const struct report_options *o,
	     struct report_summary *sum, struct sk_err *err)
{
	struct report r;
	struct review rv;
	int rc;

	memset(&r, 0, sizeof(r));
	if (review_load(st, &rv, err) < 0)
		return -1;
	rc = count_all(&r, st, &rv, o, err);
	if (rc == 0)
		rc = folder_write(o->dir, &r, err);
	if (rc == 0 && sum)
		*sum = r.sum;
	report_release(&r);
	review_release(&rv);
	return rc;
}
