/*
 * screen_sheet: the spreadsheet round trip. The sheet carries the record
 * id, the stage and the reviewer, so a sheet loaded back cannot land on
 * the wrong person or stage; the decision column takes the words people
 * type (include, exclude, maybe, yes, no, in, out...).
 */
#include "screen_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"
#include "sheet.h"
#include "xalloc.h"
#include "banned.h"

/* ---- writing ---- */

enum {
	COL_RECORD, COL_DECISION, COL_REASON, COL_NOTE, COL_YEAR, COL_TITLE,
	COL_AUTHORS, COL_JOURNAL, COL_ABSTRACT, COL_DOI, COL_PMID, COL_STAGE,
	COL_REVIEWER, NCOLS
};

static const struct output_column sheet_columns[NCOLS] = {
	{ "record", 1, 0 }, { "decision", 0, 0 }, { "reason", 0, 0 },
	{ "note", 0, 0 }, { "year", 1, 0 }, { "title", 0, 0 },
	{ "authors", 0, 0 }, { "journal", 0, 0 }, { "abstract", 0, 0 },
	{ "doi", 0, 0 }, { "pmid", 0, 0 }, { "stage", 0, 0 },
	{ "reviewer", 0, 0 },
};

static int
sheet_record(struct store *st, sqlite3_stmt *s, struct output *o,
	     long long unit, const char *reviewer, enum stage stage,
	     struct sk_err *err)
{
	const char *cells[NCOLS] = { NULL };
	char reason[256], note[1024], id[32];
	enum verdict v;
	int row;

	if (screen_own_vote(st, unit, stage, reviewer, &v, reason, note,
			    sizeof(reason), err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	row = sqlite3_step(s);
	if (row != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_fail(st, err, "reading a record");
	}
	snprintf(id, sizeof(id), "%lld", unit);
	cells[COL_RECORD] = id;
	if (v != VERDICT_NONE) {
		cells[COL_DECISION] = verdict_name(v);
		cells[COL_REASON] = reason;
		cells[COL_NOTE] = note;
	}
	for (int i = COL_YEAR; i <= COL_PMID; i++)
		cells[i] = (const char *)sqlite3_column_text(s, i - COL_YEAR);
	cells[COL_STAGE] = stage_name(stage);
	cells[COL_REVIEWER] = reviewer;
	output_row(o, cells);
	sqlite3_reset(s);
	return 0;
}

int
screen_sheet_write(struct store *st, const struct screen_state *ss,
		   const char *reviewer, enum stage stage,
		   enum screen_order order, int all, FILE *f,
		   struct sk_err *err)
{
	struct screen_rank rank;
	struct output *o;
	sqlite3_stmt *s, *mine = NULL;
	long long *ids;
	size_t n;
	int rc = 0, row, ranked;

	ranked = stage == STAGE_TA && order != SCREEN_ORDER_IMPORTED;
	if (ranked && screen_rank_load(st, ss, reviewer, &rank, err) < 0)
		return -1;
	rc = screen_rank_queue(st, ss, ranked ? &rank : NULL, order, reviewer,
			       stage, &ids, &n, NULL, err);
	if (ranked)
		screen_rank_release(&rank);
	if (rc < 0)
		return -1;
	if (store_prepare(st, &s, "SELECT year, title, (SELECT group_concat("
			  "name, '; ') FROM (SELECT name FROM author WHERE "
			  "record_id = r.id ORDER BY position)), journal, "
			  "abstract, doi, pmid FROM record r WHERE id = ?",
			  err) < 0) {
		free(ids);
		return -1;
	}
	o = output_new(f, OUTPUT_CSV, sheet_columns, NCOLS);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = sheet_record(st, s, o, ids[i], reviewer, stage, err);
	free(ids);
	if (rc == 0 && all &&
	    store_prepare(st, &mine, "SELECT unit FROM decision_current WHERE "
			  "reviewer = ? AND stage = ? ORDER BY unit", err) < 0)
		rc = -1;
	if (mine) {
		store_bind_text(mine, 1, reviewer);
		store_bind_text(mine, 2, stage_name(stage));
		while (rc == 0 && (row = sqlite3_step(mine)) == SQLITE_ROW)
			rc = sheet_record(st, s, o, sqlite3_column_int64(mine, 0),
					  reviewer, stage, err);
		if (rc == 0 && row != SQLITE_DONE)
			rc = store_fail(st, err, "reading judgements");
		sqlite3_finalize(mine);
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, NULL, 0, "cannot write the sheet");
	return rc;
}

/* ---- reading ---- */

static const struct {
	const char *word;
	enum verdict verdict;
} decision_words[] = {
	{ "include", VERDICT_INCLUDE }, { "included", VERDICT_INCLUDE },
	{ "in", VERDICT_INCLUDE }, { "yes", VERDICT_INCLUDE },
	{ "y", VERDICT_INCLUDE }, { "i", VERDICT_INCLUDE },
	{ "1", VERDICT_INCLUDE },
	{ "exclude", VERDICT_EXCLUDE }, { "excluded", VERDICT_EXCLUDE },
	{ "out", VERDICT_EXCLUDE }, { "no", VERDICT_EXCLUDE },
	{ "n", VERDICT_EXCLUDE }, { "e", VERDICT_EXCLUDE },
	{ "0", VERDICT_EXCLUDE },
	{ "maybe", VERDICT_MAYBE }, { "m", VERDICT_MAYBE },
	{ "unsure", VERDICT_MAYBE }, { "?", VERDICT_MAYBE },
};

struct load {
	struct store *st;
	const struct screen_settings *set;
	const char *reviewer;
	int stage;
	long col[NCOLS];
	struct screen_sheet_counts *counts;
};

static int
load_header(struct sheet *sh, struct sk_err *err)
{
	static const char *const names[NCOLS][3] = {
		{ "record", "id", NULL }, { "decision", "verdict", NULL },
		{ "reason", NULL }, { "note", "notes", NULL },
		{ NULL }, { NULL }, { NULL }, { NULL }, { NULL }, { NULL },
		{ NULL }, { "stage", NULL }, { "reviewer", NULL },
	};
	struct load *l = sh->ctx;

	for (int i = 0; i < NCOLS; i++)
		l->col[i] = names[i][0] ? sheet_column(sh, names[i]) : -1;
	if (l->col[COL_RECORD] < 0 || l->col[COL_DECISION] < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the header needs a 'record' and a 'decision' "
			       "column (as 'scopekit screen sheet' writes "
			       "them)");
	return 0;
}

/* A note written back by a spreadsheet may keep the formula guard. */
static const char *
unguard(const char *s)
{
	return s[0] == '\'' && output_formula_like(s + 1) ? s + 1 : s;
}

/* The sheet's value for reviewer or stage agrees with the caller's. */
static int
row_who(struct sheet *sh, struct load *l, const char **reviewer,
	enum stage *stage, struct sk_err *err)
{
	const char *r = sheet_cell(sh, l->col[COL_REVIEWER]);
	const char *s = sheet_cell(sh, l->col[COL_STAGE]);

	if (*r && l->reviewer && strcmp(r, l->reviewer))
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "this row is %s's, not %s's", r, l->reviewer);
	*reviewer = l->reviewer ? l->reviewer : r;
	if (!**reviewer)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the sheet has no reviewer column: say whose it "
			       "is with --reviewer");
	if (*s && stage_parse(s, stage) < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "stage '%s' is neither ta nor ft", s);
	if (*s && l->stage >= 0 && (int)*stage != l->stage)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "this row is for stage %s, not %s", s,
			       stage_name((enum stage)l->stage));
	if (!*s && l->stage < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the sheet has no stage column: give --stage");
	if (!*s)
		*stage = (enum stage)l->stage;
	return 0;
}

static int
parse_decision(const char *word, enum verdict *v)
{
	for (size_t i = 0; i < sizeof(decision_words) / sizeof(*decision_words);
	     i++) {
		if (!strcasecmp(word, decision_words[i].word)) {
			*v = decision_words[i].verdict;
			return 0;
		}
	}
	return -1;
}

static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Give a store-side error the sheet's place. */
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

static int
load_row(struct sheet *sh, struct sk_err *err)
{
	struct load *l = sh->ctx;
	const char *word = sheet_cell(sh, l->col[COL_DECISION]);
	const char *id = sheet_cell(sh, l->col[COL_RECORD]);
	const char *reason = sheet_cell(sh, l->col[COL_REASON]);
	const char *note = unguard(sheet_cell(sh, l->col[COL_NOTE]));
	struct screen_fact f;
	long long unit;
	char own_reason[1024], own_note[1024];
	enum verdict own;
	char *end;
	enum stage stage = STAGE_TA;

	if (!*word) {
		l->counts->blank++;
		return 0;
	}
	memset(&f, 0, sizeof(f));
	if (parse_decision(word, &f.verdict) < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "decision '%s' is not include, exclude or "
			       "maybe", word);
	f.record = strtoll(id, &end, 10);
	if (end == id || *end || f.record < 1)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "'%s' is not a record id", id);
	if (row_who(sh, l, &f.reviewer, &stage, err) < 0)
		return -1;
	f.stage = stage;
	f.reason = *reason ? reason : NULL;
	f.note = *note ? note : NULL;
	if (screen_unit_of(l->st, f.record, &unit, err) < 0 ||
	    screen_own_vote(l->st, unit, stage, f.reviewer, &own, own_reason,
			    own_note, sizeof(own_reason), err) < 0)
		return at_row(sh, err);
	if (own == f.verdict && same_text(own_reason, f.reason) &&
	    same_text(own_note, f.note)) {
		l->counts->unchanged++;
		return 0;
	}
	if (screen_decide(l->st, l->set, &f, err) < 0)
		return at_row(sh, err);
	l->counts->verdicts[f.verdict]++;
	return 0;
}

int
screen_sheet_load(struct store *st, const struct screen_settings *set,
		  const char *path, const char *reviewer, int stage,
		  struct screen_sheet_counts *counts, struct sk_err *err)
{
	struct load l = { st, set, reviewer, stage, { 0 }, counts };
	struct sheet sh;

	memset(counts, 0, sizeof(*counts));
	memset(&sh, 0, sizeof(sh));
	sh.ctx = &l;
	sh.header = load_header;
	sh.row = load_row;
	return sheet_read(&sh, path, "the CSV of 'scopekit screen sheet'",
			  err);
}
