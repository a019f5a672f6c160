/*
 * tui: the interactive screen, for one reviewer at one stage.
 *
 * The queue is worked out once, at the start; after that each key
 * touches one record only (its state, its text, one judgement committed
 * on its own), so a key costs the same in a review of 100 records or of
 * 100,000, and another reviewer's screen or a crash loses nothing.
 * Layout lives in tui_text.c; this file draws and reads keys.
 */
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "keywords.h"
#include "records.h"
#include "screen.h"
#include "tui_text.h"
#include "xalloc.h"
#include "banned.h"

#define NOTE_MAX 1000		/* bytes of a note typed on the screen */
#define MIN_COLS 40		/* below this the screen asks for more room */
#define MIN_ROWS 10
#define MIN_ABSTRACT 5		/* rows the abstract keeps below a pinned head */
#define POLL_MS 200		/* how often a waiting screen checks for signals */
#define KEY_STOP (-2)		/* read_key: a signal asks the screen to stop */

enum style {
	ST_PLAIN,
	ST_HEADER,	/* the top bar */
	ST_TITLE,
	ST_DIM,		/* journal, year, identifiers */
	ST_INCLUDE,	/* a keyword of the include list */
	ST_EXCLUDE,	/* a keyword of the exclude list */
	ST_PILOT,	/* the pilot-sample badge */
	ST_ERROR,
	ST_OK,
	ST_KEY,		/* a key in the key bar */
	ST_VERDICT,	/* the reviewer's own judgement */
	ST_RULE,	/* the line above the abstract */
	ST_COUNT,
};

static attr_t styles[ST_COUNT];
static volatile sig_atomic_t stop_signal;

/* The record on the screen. */
struct view {
	long long unit;
	int back;		/* judged in this session, shown again */
	size_t back_idx;	/* its place in struct tui's done */
	int loaded;		/* the fields below describe unit */
	struct unit_detail d;
	enum verdict own;	/* the reviewer's judgement that counts */
	char own_reason[NOTE_MAX + 1];
	char own_note[NOTE_MAX + 1];
	struct record rec;
	char *authors;		/* "Family, Given; ..." */
	char *meta;		/* journal · year · PMID · DOI · record id */
	struct keyword_span *title_spans, *abstract_spans;
	size_t ntitle, nabstract;
};

struct tui {
	struct store *st;
	const char *reviewer;
	enum stage stage;
	struct screen_settings set;
	struct keywords *kw;
	char **reasons;		/* the review's, in their order */
	size_t nreasons;

	long long *queue;	/* the units awaiting the reviewer at the start */
	size_t qn, qpos;	/* queue[qpos] is the next one to show */
	size_t npilot;		/* the pilot sample heads the queue */
	enum screen_order order;
	struct screen_rank rank;	/* title and abstract, not imported order */
	int ranked;
	long long *done;	/* units judged in this session, first first */
	size_t ndone, done_cap;
	long long *history;	/* the session's judgements, newest last */
	size_t nhistory, history_cap;
	long judged;		/* units the reviewer has judged at the stage */
	size_t at_stage;	/* units screened at the stage at all */

	struct view v;
	int at_end;		/* no record left: the closing message */

	long long note_unit;	/* the record a typed note waits for, or 0 */
	char note[NOTE_MAX + 1];

	size_t scroll;		/* first row shown of what scrolls */
	size_t page;		/* rows it scrolls in */
	size_t below;		/* rows of it below the screen */
	char status[512];
	int status_style;
	int status_rows;	/* a long message takes two */
	int quit;

	struct tui_piece *pieces;	/* drawing scratch */
	size_t pieces_cap;
};

/* ---- loading ---- */

static int
load_queue(struct tui *t, struct sk_err *err)
{
	struct screen_state ss;
	int rc;

	if (screen_state_load(t->st, &ss, err) < 0)
		return -1;
	t->set = ss.set;
	for (size_t i = 0; i < ss.n; i++)
		if (unit_at_stage(&ss.units[i], t->stage))
			t->at_stage++;
	t->ranked = t->stage == STAGE_TA && t->order != SCREEN_ORDER_IMPORTED;
	if (t->ranked &&
	    screen_rank_load(t->st, &ss, t->reviewer, &t->rank, err) < 0) {
		screen_state_release(&ss);
		return -1;
	}
	rc = screen_rank_queue(t->st, &ss, t->ranked ? &t->rank : NULL,
			       t->order, t->reviewer, t->stage, &t->queue,
			       &t->qn, &t->npilot, err);
	screen_state_release(&ss);
	return rc;
}

/*
 * Learn a judgement just saved and rank what is left again: the records
 * after the one on the screen (or from first), the pilot sample kept
 * ahead. A refit takes a millisecond or two at review sizes.
 */
static void
rerank(struct tui *t, long long unit, enum verdict v, size_t first)
{
	if (!t->ranked)
		return;
	screen_rank_learn(&t->rank, unit, v);
	if (first < t->npilot)
		first = t->npilot;
	if (first < t->qn)
		screen_rank_sort(&t->rank, t->order, t->queue + first,
				 t->qn - first);
}

static int
count_judged(struct tui *t, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	/*
	 * As decision_current, but filtered before the window so that the
	 * index on (reviewer, stage) reads this reviewer's rows only.
	 */
	if (store_prepare(t->st, &s, "SELECT count(*) FROM (SELECT d.verdict, "
			  "row_number() OVER (PARTITION BY coalesce(m.canonical, "
			  "d.record_id) ORDER BY " STORE_NEWEST("d.", "decided_at")
			  ") AS n FROM decision d LEFT JOIN dup_member m ON "
			  "m.record_id = d.record_id WHERE d.reviewer = ? AND "
			  "d.stage = ?) WHERE n = 1 AND verdict <> 'undo'",
			  err) < 0)
		return -1;
	store_bind_text(s, 1, t->reviewer);
	store_bind_text(s, 2, stage_name(t->stage));
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		t->judged = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 :
	       store_fail(t->st, err, "counting your judgements");
}

static int
load_reasons(struct tui *t, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	if (store_prepare(t->st, &s, "SELECT label FROM reason "
			  "ORDER BY position, label", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		t->reasons = xgrow(t->reasons, &cap, t->nreasons + 1,
				   sizeof(*t->reasons));
		t->reasons[t->nreasons++] =
			xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 :
	       store_fail(t->st, err, "reading the exclusion reasons");
}

/* ---- messages on the status line ---- */

static void say(struct tui *t, int style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the status line; a second message in one key joins the first. */
static void
say(struct tui *t, int style, const char *fmt, ...)
{
	size_t len = strlen(t->status);
	va_list ap;

	if (len && len + 2 < sizeof(t->status)) {
		t->status[len++] = ' ';
		t->status[len] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(t->status + len, sizeof(t->status) - len, fmt, ap);
	va_end(ap);
	if (!len || style == ST_ERROR)
		t->status_style = style;
}

static void
say_error(struct tui *t, const char *what, const struct sk_err *err)
{
	say(t, ST_ERROR, "%s: %s", what, err->msg);
}

/* ---- the record on the screen ---- */

static void
view_clear(struct view *v)
{
	free(v->authors);
	free(v->meta);
	free(v->title_spans);
	free(v->abstract_spans);
	v->authors = v->meta = NULL;
	v->title_spans = v->abstract_spans = NULL;
	v->ntitle = v->nabstract = 0;
	v->loaded = 0;
}

static void
view_texts(struct tui *t)
{
	struct view *v = &t->v;
	struct record *r = &v->rec;
	struct buf b = BUF_INIT;
	const char *journal = r->journal ? r->journal : r->journal_abbrev;

	for (size_t i = 0; i < r->n_authors; i++)
		if (r->authors[i].name)
			buf_addf(&b, "%s%s", b.len ? "; " : "",
				 r->authors[i].name);
	v->authors = buf_detach(&b, NULL);
	buf_adds(&b, journal ? journal : "no journal");
	if (r->year)
		buf_addf(&b, " · %d", r->year);
	if (r->pmid)
		buf_addf(&b, " · PMID %s", r->pmid);
	if (r->doi)
		buf_addf(&b, " · doi %s", r->doi);
	buf_addf(&b, " · record %lld", v->unit);
	v->meta = buf_detach(&b, NULL);
	if (r->title)
		v->ntitle = keywords_find(t->kw, r->title, strlen(r->title),
					  &v->title_spans);
	if (r->abstract)
		v->nabstract = keywords_find(t->kw, r->abstract,
					     strlen(r->abstract),
					     &v->abstract_spans);
}

/* Whether the unit on the screen still awaits the reviewer. */
static int
view_awaits(const struct tui *t)
{
	const struct unit_state *u = &t->v.d.u;

	return unit_at_stage(u, t->stage) &&
	       u->out[t->stage].state == OUTCOME_AWAITING &&
	       t->v.own == VERDICT_NONE;
}

/*
 * Show unit. With check, a unit that no longer awaits the reviewer is
 * not shown: 0. Returns 1 when shown, -1 with err if it cannot be read.
 */
static int
view_show(struct tui *t, long long unit, int check, struct sk_err *err)
{
	struct view *v = &t->v;

	view_clear(v);
	v->unit = unit;
	v->back = 0;
	t->scroll = 0;
	if (screen_unit_load(t->st, &t->set, unit, &v->d, err) < 0 ||
	    screen_own_vote(t->st, unit, t->stage, t->reviewer, &v->own,
			    v->own_reason, v->own_note, sizeof(v->own_note),
			    err) < 0)
		return -1;
	if (check && !view_awaits(t))
		return 0;
	if (records_load(t->st, unit, &v->rec, err) < 0)
		return -1;
	view_texts(t);
	v->loaded = 1;
	return 1;
}

/* ---- moving between records ---- */

/* Show the next record of the queue that still awaits the reviewer. */
static void
go_forward(struct tui *t)
{
	struct sk_err err = SK_ERR_INIT;
	size_t skipped = 0;
	int rc = 0;

	t->at_end = 0;
	while (t->qpos < t->qn &&
	       (rc = view_show(t, t->queue[t->qpos], 1, &err)) == 0) {
		t->qpos++;
		skipped++;
	}
	if (skipped)
		say(t, ST_OK, "%zu record%s skipped: %s no longer await%s you "
		    "(judged by others meanwhile).", skipped,
		    skipped == 1 ? "" : "s", skipped == 1 ? "it" : "they",
		    skipped == 1 ? "s" : "");
	if (rc < 0) {
		say_error(t, "Cannot show the next record", &err);
	} else if (t->qpos >= t->qn) {
		view_clear(&t->v);
		t->at_end = 1;
	}
}

static void
show_back(struct tui *t, size_t i)
{
	struct sk_err err = SK_ERR_INIT;

	t->at_end = 0;
	if (view_show(t, t->done[i], 0, &err) < 0)
		say_error(t, "Cannot show the record", &err);
	t->v.back = 1;
	t->v.back_idx = i;
}

static void
go_back(struct tui *t)
{
	if (!t->ndone) {
		say(t, ST_ERROR, "You have not judged a record in this "
		    "session yet.");
	} else if (t->v.back && !t->v.back_idx) {
		say(t, ST_ERROR, "This is the first record you judged in this "
		    "session.");
	} else {
		show_back(t, t->v.back ? t->v.back_idx - 1 : t->ndone - 1);
	}
}

static void
go_next(struct tui *t)
{
	if (!t->v.back)
		say(t, ST_ERROR, "This is the next record awaiting you: judge "
		    "it with i, e or m.");
	else if (t->v.back_idx + 1 < t->ndone)
		show_back(t, t->v.back_idx + 1);
	else
		go_forward(t);
}

/* Show the record that could not be read again, after an error. */
static void
retry(struct tui *t)
{
	if (t->v.back)
		show_back(t, t->v.back_idx);
	else
		go_forward(t);
}

/* ---- judging ---- */

static int
list_has(const long long *v, size_t n, long long unit)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == unit)
			return 1;
	return 0;
}

static void
list_remove(long long *v, size_t *n, long long unit)
{
	size_t k = 0;

	for (size_t i = 0; i < *n; i++)
		if (v[i] != unit)
			v[k++] = v[i];
	*n = k;
}

static const char *
verdict_done(enum verdict v)
{
	return v == VERDICT_INCLUDE ? "included" :
	       v == VERDICT_EXCLUDE ? "excluded" : "marked maybe";
}

/* Save one judgement in a transaction of its own; -1 said on the screen. */
static int
save(struct tui *t, const struct screen_fact *f)
{
	struct sk_err err = SK_ERR_INIT;

	if (store_begin(t->st, &err) < 0 ||
	    screen_decide(t->st, &t->set, f, &err) < 0 ||
	    store_commit(t->st, &err) < 0) {
		store_rollback(t->st);
		say_error(t, "Not saved", &err);
		return -1;
	}
	return 0;
}

/* Judge the record on the screen; then move on, or show it again. */
static void
judge(struct tui *t, enum verdict verdict, const char *reason,
      const char *note, int advance)
{
	struct screen_fact f = { t->v.unit, t->stage, t->reviewer, verdict,
				 reason, note };
	struct sk_err err = SK_ERR_INIT;
	long long unit = t->v.unit;

	if (save(t, &f) < 0)
		return;
	if (t->v.own == VERDICT_NONE)
		t->judged++;
	if (!list_has(t->done, t->ndone, unit)) {
		t->done = xgrow(t->done, &t->done_cap, t->ndone + 1,
				sizeof(*t->done));
		t->done[t->ndone++] = unit;
	}
	t->history = xgrow(t->history, &t->history_cap, t->nhistory + 1,
			sizeof(*t->history));
	t->history[t->nhistory++] = unit;
	say(t, ST_OK, "Saved: record %lld %s%s%s%s.", unit,
	    verdict_done(verdict), reason ? " (" : "", reason ? reason : "",
	    reason ? ")" : "");
	if (note)
		say(t, ST_OK, "With your note.");
	if (t->note_unit == unit)
		t->note_unit = 0;
	if (!advance) {
		if (view_show(t, unit, 0, &err) < 0)
			say_error(t, "Cannot show the record", &err);
		t->v.back = 1;	/* only a judged record is judged in place */
		t->v.back_idx = t->ndone - 1;
		for (size_t i = 0; i < t->ndone; i++)
			if (t->done[i] == unit)
				t->v.back_idx = i;
	} else if (t->v.back) {
		rerank(t, unit, verdict, t->qpos);
		go_next(t);
	} else {
		t->qpos++;
		rerank(t, unit, verdict, t->qpos);
		go_forward(t);
	}
	if (!advance)
		rerank(t, unit, verdict, t->qpos + !t->at_end);
}

static int
same_text(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

/* Judge with the note that goes with it: one typed, else the one kept. */
static void
judge_key(struct tui *t, enum verdict verdict, const char *reason)
{
	const char *note = NULL;

	if (t->note_unit == t->v.unit && t->note[0])
		note = t->note;
	else if (t->v.own != VERDICT_NONE && t->v.own_note[0])
		note = t->v.own_note;
	/* The same judgement again writes nothing: it only moves on. */
	if (t->v.own == verdict && same_text(reason, t->v.own_reason) &&
	    same_text(note, t->v.own_note)) {
		say(t, ST_OK, "Unchanged: record %lld stays %s.", t->v.unit,
		    verdict_done(verdict));
		go_next(t);
		return;
	}
	judge(t, verdict, reason, note, 1);
}

static void
undo(struct tui *t)
{
	struct screen_fact f;
	long long unit;

	if (!t->nhistory) {
		say(t, ST_ERROR, "Nothing to undo: you have not judged a "
		    "record in this session.");
		return;
	}
	unit = t->history[t->nhistory - 1];
	f = (struct screen_fact){ unit, t->stage, t->reviewer, VERDICT_NONE,
				  NULL, NULL };
	if (save(t, &f) < 0)
		return;
	list_remove(t->history, &t->nhistory, unit);
	list_remove(t->done, &t->ndone, unit);
	t->judged--;
	rerank(t, unit, VERDICT_NONE, t->qpos);
	/* It is next again; the slots before qpos are spent. */
	if (t->qpos > 0) {
		t->queue[--t->qpos] = unit;
	} else {
		t->queue = xrealloc(t->queue, (t->qn + 1) * sizeof(*t->queue));
		memmove(t->queue + 1, t->queue, t->qn * sizeof(*t->queue));
		t->queue[0] = unit;
		t->qn++;
		if (t->npilot)	/* the pilot sample moved up one place */
			t->npilot++;
	}
	say(t, ST_OK, "Taken back: your judgement of record %lld. Judge it "
	    "again.", unit);
	go_forward(t);
}

/* ---- keys ---- */

static int
read_key(wint_t *ch)
{
	for (;;) {
		int rc;

		if (stop_signal)
			return KEY_STOP;
		rc = get_wch(ch);
		if (rc != ERR)
			return rc;
	}
}

static int
is_enter(int rc, wint_t ch)
{
	return rc == KEY_CODE_YES ? ch == KEY_ENTER : ch == '\n' || ch == '\r';
}

/* ---- drawing ---- */

static void
styles_init(void)
{
	int bg = COLOR_BLACK;

	styles[ST_HEADER] = A_REVERSE;
	styles[ST_TITLE] = A_BOLD;
	styles[ST_DIM] = A_DIM;
	styles[ST_INCLUDE] = A_BOLD | A_UNDERLINE;
	styles[ST_EXCLUDE] = A_BOLD | A_REVERSE;
	styles[ST_PILOT] = A_BOLD | A_REVERSE;
	styles[ST_ERROR] = A_BOLD;
	styles[ST_KEY] = A_BOLD;
	styles[ST_VERDICT] = A_BOLD;
	styles[ST_RULE] = A_DIM;
	if (!has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == OK)
		bg = -1;
	init_pair(1, COLOR_GREEN, bg);
	init_pair(2, COLOR_RED, bg);
	init_pair(3, COLOR_BLACK, COLOR_YELLOW);
	init_pair(4, COLOR_CYAN, bg);
	init_pair(5, COLOR_WHITE, COLOR_BLUE);
	/* Colour adds to the marks, which stay for those who cannot see it. */
	styles[ST_INCLUDE] |= COLOR_PAIR(1);
	styles[ST_EXCLUDE] |= COLOR_PAIR(2);
	styles[ST_PILOT] = A_BOLD | COLOR_PAIR(3);
	styles[ST_ERROR] |= COLOR_PAIR(2);
	styles[ST_OK] = COLOR_PAIR(1);
	styles[ST_VERDICT] |= COLOR_PAIR(4);
	styles[ST_HEADER] = A_BOLD | COLOR_PAIR(5);
}

/* Draw text[0..len) at the cursor; a control character shows as a blank. */
static void
put_text(const char *text, size_t len, attr_t attr)
{
	attrset(attr);
	for (size_t pos = 0; pos < len; ) {
		struct tui_char c;

		tui_char_at(text, len, pos, &c);
		if (tui_char_printable(c.cp))
			addnstr(text + pos, (int)c.len);
		else
			addch(c.cp < 0 ? '?' : ' ');
		pos += c.len;
	}
	attrset(A_NORMAL);
}

/* Draw as much of s as fits in width columns. */
static void
put_cut(const char *s, size_t width, attr_t attr)
{
	put_text(s, tui_fit(s, strlen(s), width), attr);
}

/* One row of the record: a piece of a text, with its keywords marked. */
struct row {
	const char *text;
	size_t start, end;
	int style;
	const struct keyword_span *spans;
	size_t nspans;
	int cut;	/* more was left out: an ellipsis follows */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static void
rows_add(struct rows *r, const char *text, size_t start, size_t end,
	 int style, const struct keyword_span *spans, size_t nspans)
{
	r->v = xgrow(r->v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v[r->n] = (struct row){ text, start, end, style, spans, nspans, 0 };
	r->n++;
}

/* Wrap text into rows; with max, at most max rows, the last cut short. */
static void
rows_wrap(struct rows *r, const char *text, size_t width, int style,
	  const struct keyword_span *spans, size_t nspans, size_t max)
{
	struct tui_lines l = TUI_LINES_INIT;
	size_t n;

	tui_wrap(text, strlen(text), width, &l);
	n = max && l.n > max ? max : l.n;
	for (size_t i = 0; i < n; i++)
		rows_add(r, text, l.v[i].start, l.v[i].end, style, spans,
			 nspans);
	if (n < l.n) {
		struct row *last = &r->v[r->n - 1];

		last->end = last->start + tui_fit(text + last->start,
						  last->end - last->start,
						  width - 1);
		last->cut = 1;
	}
	tui_lines_release(&l);
}

static void
draw_row(struct tui *t, const struct row *r, int y)
{
	size_t n;

	if (r->style == ST_RULE) {
		attrset(styles[ST_RULE]);
		mvhline(y, 0, ACS_HLINE, COLS);
		move(y, 2);
		put_text(" ", 1, A_NORMAL);
		put_text(r->text + r->start, r->end - r->start,
			 styles[ST_TITLE]);
		put_text(" ", 1, A_NORMAL);
		return;
	}
	move(y, 1);
	n = tui_pieces(r->start, r->end, r->spans, r->nspans, &t->pieces,
		       &t->pieces_cap);
	for (size_t i = 0; i < n; i++) {
		const struct tui_piece *p = &t->pieces[i];
		attr_t a = styles[r->style];

		if (p->highlight == KEYWORD_INCLUDE)
			a |= styles[ST_INCLUDE];
		else if (p->highlight == KEYWORD_EXCLUDE)
			a |= styles[ST_EXCLUDE];
		put_text(r->text + p->start, p->end - p->start, a);
	}
	if (r->cut)
		put_text("…", strlen("…"), styles[r->style]);
}

static void
draw_header(struct tui *t)
{
	char left[256], right[128];
	unsigned pilot = t->stage == STAGE_TA ? UNIT_PILOT_TA : UNIT_PILOT_FT;
	int is_pilot = !t->at_end && t->v.loaded && (t->v.d.u.flags & pilot);
	size_t wr, room;
	long total = t->judged + (long)(t->qn - t->qpos);

	snprintf(left, sizeof(left), " Screening · %s · %s%s%s",
		 stage_label(t->stage), t->reviewer,
		 t->ranked ? " · by " : "", t->ranked ?
		 screen_order_name(screen_rank_effective(&t->rank, t->order)) :
		 "");
	if (t->at_end)
		snprintf(right, sizeof(right), "%ld judged ", t->judged);
	else if (t->v.back)
		snprintf(right, sizeof(right), "judged: %ld of %ld ",
			 t->judged - (long)(t->ndone - t->v.back_idx) + 1,
			 total);
	else
		snprintf(right, sizeof(right), "%ld of %ld ", t->judged + 1,
			 total);
	attrset(styles[ST_HEADER]);
	mvhline(0, 0, ' ', COLS);
	wr = tui_width(right, strlen(right)) + (is_pilot ? 8 : 0);
	room = (size_t)COLS > wr + 2 ? (size_t)COLS - wr - 2 : 0;
	move(0, 0);
	put_cut(left, room, styles[ST_HEADER]);
	move(0, COLS - (int)wr);
	if (is_pilot) {
		put_text(" PILOT ", 7, styles[ST_PILOT]);
		put_text(" ", 1, styles[ST_HEADER]);
	}
	put_text(right, strlen(right), styles[ST_HEADER]);
}

/* The lines about the reviewer's own judgement and note. */
static void
own_lines(struct tui *t, struct buf *verdict, struct buf *note)
{
	struct view *v = &t->v;

	if (v->own != VERDICT_NONE) {
		buf_addf(verdict, "Your judgement: %s", verdict_name(v->own));
		if (v->own_reason[0])
			buf_addf(verdict, " (%s)", v->own_reason);
		buf_adds(verdict, ". Change it with i, e, m or r; "
			 "f goes forward.");
		if (v->own_note[0])
			buf_addf(note, "Your note: %s", v->own_note);
	}
	if (t->note_unit == v->unit && t->note[0]) {
		buf_reset(note);
		buf_addf(note, "Note, saved with your judgement: %s", t->note);
	}
}

static void
draw_record(struct tui *t)
{
	struct view *v = &t->v;
	struct rows r = { NULL, 0, 0 };
	struct buf verdict = BUF_INIT, note = BUF_INIT;
	size_t width = (size_t)COLS - 2;
	size_t body = (size_t)(LINES - 2 - t->status_rows);
	size_t head, pinned, shown, max_scroll;
	static const char rule[] = "Abstract";

	own_lines(t, &verdict, &note);
	rows_wrap(&r, v->rec.title ? v->rec.title : "(no title)", width,
		  ST_TITLE, v->title_spans, v->ntitle, 0);
	if (*v->authors)
		rows_wrap(&r, v->authors, width, ST_PLAIN, NULL, 0, 2);
	rows_wrap(&r, v->meta, width, ST_DIM, NULL, 0, 0);
	rows_wrap(&r, verdict.data, width, ST_VERDICT, NULL, 0, 0);
	rows_wrap(&r, note.data, width, ST_VERDICT, NULL, 0, 3);
	rows_add(&r, rule, 0, strlen(rule), ST_RULE, NULL, 0);
	head = r.n;
	if (v->rec.abstract)
		rows_wrap(&r, v->rec.abstract, width, ST_PLAIN,
			  v->abstract_spans, v->nabstract, 0);
	else
		rows_wrap(&r, "(no abstract)", width, ST_DIM, NULL, 0, 0);
	/* The head stays while the abstract scrolls, if that leaves room. */
	pinned = head + MIN_ABSTRACT <= body ? head : 0;
	t->page = body - pinned;
	max_scroll = r.n - pinned > t->page ? r.n - pinned - t->page : 0;
	if (t->scroll > max_scroll)
		t->scroll = max_scroll;
	for (size_t i = 0; i < pinned; i++)
		draw_row(t, &r.v[i], 1 + (int)i);
	shown = r.n - pinned - t->scroll;
	if (shown > t->page)
		shown = t->page;
	for (size_t i = 0; i < shown; i++)
		draw_row(t, &r.v[pinned + t->scroll + i], 1 + (int)(pinned + i));
	t->below = r.n - pinned - t->scroll - shown;
	free(r.v);
	buf_release(&verdict);
	buf_release(&note);
}

/* Draw wrapped text from row y on; returns the next row. */
static int
draw_text_at(struct tui *t, const char *text, int y, int style)
{
	struct tui_lines l = TUI_LINES_INIT;

	tui_wrap(text, strlen(text), (size_t)COLS - 4, &l);
	for (size_t i = 0; i < l.n && y < LINES - 1 - t->status_rows;
	     i++, y++) {
		move(y, 2);
		put_text(text + l.v[i].start, l.v[i].end - l.v[i].start,
			 styles[style]);
	}
	tui_lines_release(&l);
	return y;
}

static void
draw_end(struct tui *t)
{
	struct buf b = BUF_INIT;
	const char *stage = stage_label(t->stage);

	if (t->ndone)
		buf_addf(&b, "You have judged every record awaiting you at %s: "
			 "%zu in this session, %ld in all.\n\n", stage,
			 t->ndone, t->judged);
	else
		buf_addf(&b, "No records await you at %s.\n\n", stage);
	if (!t->ndone && t->stage == STAGE_FT && !t->at_stage)
		buf_adds(&b, "Full-text screening starts with the records "
			 "included at title and abstract, and there are none "
			 "yet.\n\n");
	else if (!t->ndone && t->judged)
		buf_addf(&b, "You have judged %ld records at this stage; the "
			 "others need no judgement of yours.\n\n", t->judged);
	buf_adds(&b, "Screening status: scopekit screen status\n\n");
	if (t->nhistory)
		buf_adds(&b, "Press u to take back your last judgement, b to "
			 "go back to the records you judged, or any other key "
			 "to leave.");
	else if (t->ndone)
		buf_adds(&b, "Press b to go back to the records you judged, "
			 "or any other key to leave.");
	else
		buf_adds(&b, "Press any key to leave.");
	draw_text_at(t, b.data, 2, ST_PLAIN);
	buf_release(&b);
}

static void
draw_failed(struct tui *t)
{
	char msg[192];

	snprintf(msg, sizeof(msg), "Record %lld could not be shown (the "
		 "reason is below). Press i, e or m to try again, or q to "
		 "leave.", t->v.unit);
	draw_text_at(t, msg, 2, ST_PLAIN);
}

/*
 * The status line: the message, on two rows if it needs them (a message
 * is never cut to fit beside the scroll hint, which gives way instead).
 */
static void
status_layout(struct tui *t, struct tui_lines *l)
{
	tui_wrap(t->status, strlen(t->status), (size_t)COLS - 2, l);
	t->status_rows = l->n > 1 ? 2 : 1;
}

static void
draw_status(struct tui *t, const struct tui_lines *l)
{
	char more[64] = "";
	size_t wm, used = 0, n = l->n > 2 ? 2 : l->n;
	int y = LINES - 1 - t->status_rows;

	for (size_t i = 0; i < n; i++) {
		const struct tui_line *line = &l->v[i];
		size_t len = line->end - line->start;

		/* A third row's worth is cut with an ellipsis. */
		if (i == 1 && l->n > 2)
			len = tui_fit(t->status + line->start, len,
				      (size_t)COLS - 3);
		move(y + (int)i, 1);
		put_text(t->status + line->start, len,
			 styles[t->status_style]);
		if (i == 1 && l->n > 2)
			put_text("…", strlen("…"), styles[t->status_style]);
		used = tui_width(t->status + line->start, len);
	}
	if (!t->at_end && t->v.loaded && t->below)
		snprintf(more, sizeof(more), " ↓ %zu more line%s ", t->below,
			 t->below == 1 ? "" : "s");
	wm = tui_width(more, strlen(more));
	if (wm && used + wm + 2 <= (size_t)COLS - 1) {
		move(LINES - 2, COLS - (int)wm - 1);
		put_text(more, strlen(more), styles[ST_DIM]);
	}
}

struct key_hint {
	const char *key;
	const char *label;
};

static const struct key_hint keys_forward[] = {
	{ "i", "include" }, { "e", "exclude" }, { "m", "maybe" },
	{ "n", "note" }, { "r", "reason" }, { "u", "undo" }, { "b", "back" },
	{ "?", "help" }, { "q", "quit" },
};

static const struct key_hint keys_back[] = {
	{ "i e m", "change" }, { "r", "reason" }, { "n", "note" },
	{ "f", "forward" }, { "b", "back" }, { "u", "undo" },
	{ "?", "help" }, { "q", "quit" },
};

static const struct key_hint keys_end[] = {
	{ "u", "undo" }, { "b", "back" }, { "?", "help" },
	{ "any other key", "leave" },
};

static size_t
hint_width(const struct key_hint *k)
{
	return tui_width(k->key, strlen(k->key)) + 1 +
	       tui_width(k->label, strlen(k->label));
}

/* The key bar; hints that do not fit go, '?' (which lists them) stays. */
static void
draw_keys(struct tui *t)
{
	const struct key_hint *k = keys_forward;
	size_t n = sizeof(keys_forward) / sizeof(*keys_forward), total = 0;
	int drop[16] = { 0 };

	if (t->at_end) {
		k = keys_end;
		n = sizeof(keys_end) / sizeof(*keys_end);
		if (!t->ndone)
			k += 3, n -= 3;
	} else if (t->v.back) {
		k = keys_back;
		n = sizeof(keys_back) / sizeof(*keys_back);
	}
	for (size_t i = 0; i < n; i++)
		total += hint_width(&k[i]) + (i ? 2 : 0);
	for (size_t i = n; i-- > 0 && total > (size_t)COLS - 1; ) {
		if (k[i].key[0] == '?' || k[i].key[0] == 'q' || i == 0)
			continue;
		drop[i] = 1;
		total -= hint_width(&k[i]) + 2;
	}
	/* The margin goes before a hint does; the last column stays free. */
	move(LINES - 1, total <= (size_t)COLS - 2 ? 1 : 0);
	for (size_t i = 0, first = 1; i < n; i++) {
		if (drop[i])
			continue;
		if (!first)
			put_text("  ", 2, A_NORMAL);
		first = 0;
		put_text(k[i].key, strlen(k[i].key), styles[ST_KEY]);
		put_text(" ", 1, A_NORMAL);
		put_text(k[i].label, strlen(k[i].label), A_NORMAL);
	}
}

static void
draw(struct tui *t)
{
	struct tui_lines status = TUI_LINES_INIT;

	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		move(0, 0);
		put_cut("Make the window larger: at least 40 columns and 10 "
			"lines.", (size_t)COLS, A_NORMAL);
		return;
	}
	status_layout(t, &status);
	draw_header(t);
	if (t->at_end)
		draw_end(t);
	else if (!t->v.loaded)
		draw_failed(t);
	else
		draw_record(t);
	draw_status(t, &status);
	draw_keys(t);
	tui_lines_release(&status);
}

/* ---- dialogs: a note, a reason, the help ---- */

/* Take the last character off a UTF-8 string of len bytes. */
static size_t
drop_last_char(char *buf, size_t len)
{
	while (len && ((unsigned char)buf[len - 1] & 0xC0) == 0x80)
		len--;
	if (len)
		len--;
	buf[len] = '\0';
	return len;
}

static void
draw_prompt(const char *label, const char *buf, size_t len)
{
	size_t wl = tui_width(label, strlen(label));
	size_t room = (size_t)COLS - 3 > wl ? (size_t)COLS - 3 - wl : 1;
	size_t skip = 0;

	/* The end of a long note stays in sight as it is typed. */
	while (tui_width(buf + skip, len - skip) > room) {
		struct tui_char c;

		tui_char_at(buf, len, skip, &c);
		skip += c.len;
	}
	move(LINES - 2, 0);
	clrtoeol();
	move(LINES - 2, 1);
	put_text(label, strlen(label), A_BOLD);
	put_text(buf + skip, len - skip, A_NORMAL);
}

/*
 * Read a line into buf (which holds the text to start from). Returns 1
 * when Enter ends it, 0 when Esc cancels, -1 on a signal.
 */
static int
prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	size_t len = strlen(buf);
	int rc = 0;
	wint_t ch;

	curs_set(1);
	for (;;) {
		draw(t);
		draw_prompt(label, buf, len);
		refresh();
		rc = read_key(&ch);
		if (rc == KEY_STOP) {
			rc = -1;
			break;
		}
		if (is_enter(rc, ch)) {
			rc = 1;
			break;
		}
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_BACKSPACE)
				len = drop_last_char(buf, len);
		} else if (ch == 27) {
			rc = 0;
			break;
		} else if (ch == 127 || ch == 8) {
			len = drop_last_char(buf, len);
		} else if (ch == 21) {	/* Ctrl-U clears the line */
			len = 0;
			buf[0] = '\0';
		} else if (ch >= 0x20) {
			char mb[MB_LEN_MAX];
			mbstate_t ps;
			size_t n;

			memset(&ps, 0, sizeof(ps));
			n = wcrtomb(mb, (wchar_t)ch, &ps);
			if (n != (size_t)-1 && len + n < size) {
				memcpy(buf + len, mb, n);
				len += n;
				buf[len] = '\0';
			}
		}
	}
	curs_set(0);
	return rc;
}

static void
note_key(struct tui *t)
{
	char buf[NOTE_MAX + 1];
	int judged = t->v.own != VERDICT_NONE;
	struct buf b = BUF_INIT;
	int rc;

	snprintf(buf, sizeof(buf), "%s", judged ? t->v.own_note :
		 t->note_unit == t->v.unit ? t->note : "");
	rc = prompt(t, judged ? "Note (saved at once): " :
		    "Note (saved with your judgement): ", buf, sizeof(buf));
	if (rc <= 0) {
		if (rc == 0)
			say(t, ST_OK, "Note left as it was.");
		return;
	}
	buf_adds(&b, buf);
	buf_trim(&b);
	if (judged) {
		judge(t, t->v.own, t->v.own_reason[0] ? t->v.own_reason : NULL,
		      b.len ? b.data : NULL, 0);
	} else {
		snprintf(t->note, sizeof(t->note), "%s", b.data);
		t->note_unit = b.len ? t->v.unit : 0;
		say(t, ST_OK, b.len ? "Note kept: it is saved with your "
		    "judgement of this record." : "Note cleared.");
	}
	buf_release(&b);
}

static void
draw_reasons(struct tui *t, const char *question, size_t sel, size_t *top)
{
	int y0 = 4, rows = LINES - 3 - y0;
	char num[32];

	for (int y = 1; y < LINES - 2; y++) {
		move(y, 0);
		clrtoeol();
	}
	move(2, 1);
	put_cut(question, (size_t)COLS - 2, A_BOLD);
	if (rows < 1)
		rows = 1;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + (size_t)rows)
		*top = sel - (size_t)rows + 1;
	for (size_t i = *top; i < t->nreasons && i < *top + (size_t)rows; i++) {
		attr_t a = i == sel ? A_REVERSE : A_NORMAL;

		snprintf(num, sizeof(num), "%2zu  ", i + 1);
		move(y0 + (int)(i - *top), 1);
		put_text(num, strlen(num), a | A_BOLD);
		put_cut(t->reasons[i], (size_t)COLS - 10, a);
	}
	move(LINES - 2, 0);
	clrtoeol();
	move(LINES - 2, 1);
	put_cut(t->nreasons > 9 ? "A number key picks 1 to 9; ↑ ↓ and Enter "
		"pick any. Esc: back without excluding." : "Press its number "
		"(or ↑ ↓ and Enter). Esc: back without excluding.",
		(size_t)COLS - 2, styles[ST_DIM]);
}

/* The index of the reason chosen, or -1 (cancelled, none, a signal). */
static int
choose_reason(struct tui *t)
{
	size_t sel = 0, top = 0;
	wint_t ch;
	int rc;

	if (!t->nreasons) {
		say(t, ST_ERROR, "No exclusion reasons yet: add them with "
		    "'scopekit reasons add LABEL'.");
		return -1;
	}
	for (size_t i = 0; i < t->nreasons; i++)
		if (!strcmp(t->reasons[i], t->v.own_reason))
			sel = i;
	for (;;) {
		draw(t);
		draw_reasons(t, "Why is this record excluded?", sel, &top);
		refresh();
		rc = read_key(&ch);
		if (rc == KEY_STOP)
			return -1;
		if (is_enter(rc, ch))
			return (int)sel;
		if (rc == KEY_CODE_YES) {
			if (ch == KEY_UP && sel > 0)
				sel--;
			else if (ch == KEY_DOWN && sel + 1 < t->nreasons)
				sel++;
		} else if (ch >= '1' && ch <= '9' &&
			   (size_t)(ch - '1') < t->nreasons) {
			return (int)(ch - '1');
		} else if (ch == 27 || ch == 'q') {
			say(t, ST_OK, "Not excluded: no reason chosen.");
			return -1;
		}
	}
}

static const struct key_hint help_keys[] = {
	{ "i", "include the record" },
	{ "e", "exclude it (at full text, choose the reason first)" },
	{ "m", "maybe: unsure, to talk over" },
	{ "r", "exclude with one of the review's reasons (a number key "
	  "picks it)" },
	{ "n", "write a note: it is saved with your next judgement of the "
	  "record, or at once on a record you judged already" },
	{ "u", "undo: take back your last judgement of this session and see "
	  "that record again" },
	{ "b ←", "back to the record judged before; change it with i, e, m "
	  "or r" },
	{ "f →", "forward again, towards the records awaiting you" },
	{ "↑ ↓", "scroll the abstract; PgUp, PgDn and space by a page" },
	{ "q", "quit: each judgement is saved as you make it, and the next "
	  "screen starts where you stopped" },
};

static const char help_notes[] =
	"\"n of N\": the record you are on, of those you have judged at this "
	"stage and those awaiting you. PILOT marks the pilot sample, screened "
	"first. Keywords are green and underlined (include list) or red and "
	"reversed (exclude list): see scopekit keywords.";

/* The keys, each with its meaning wrapped beside it. */
static void
draw_help(struct tui *t)
{
	struct tui_lines l = TUI_LINES_INIT;
	int y = 2, last = LINES - 2;

	for (int row = 1; row < LINES - 1; row++) {
		move(row, 0);
		clrtoeol();
	}
	move(1, 1);
	put_cut("Keys", (size_t)COLS - 2, A_BOLD);
	for (size_t i = 0; i < sizeof(help_keys) / sizeof(*help_keys); i++) {
		const char *text = help_keys[i].label;

		tui_lines_release(&l);
		tui_wrap(text, strlen(text), (size_t)COLS - 9, &l);
		move(y, 2);
		put_text(help_keys[i].key, strlen(help_keys[i].key),
			 styles[ST_KEY]);
		for (size_t j = 0; j < l.n && y < last; j++, y++) {
			move(y, 8);
			put_text(text + l.v[j].start, l.v[j].end - l.v[j].start,
				 A_NORMAL);
		}
	}
	tui_lines_release(&l);
	t->status_rows = 1;
	draw_text_at(t, help_notes, y + 1, ST_PLAIN);
	move(LINES - 2, 0);
	clrtoeol();
	move(LINES - 2, 1);
	put_cut("Press any key to go back.", (size_t)COLS - 2, styles[ST_DIM]);
}

/* The keys; any key goes back. Returns KEY_STOP on a signal, else 0. */
static int
show_help(struct tui *t)
{
	wint_t ch;

	for (;;) {
		int rc;

		draw(t);
		draw_help(t);
		refresh();
		rc = read_key(&ch);
		if (rc == KEY_STOP)
			return KEY_STOP;
		if (rc != KEY_CODE_YES || ch != KEY_RESIZE)
			return 0;
	}
}

/* ---- the loop ---- */

static void
scroll_by(struct tui *t, long rows)
{
	if (rows < 0)
		t->scroll = (size_t)-rows > t->scroll ? 0 :
			    t->scroll - (size_t)-rows;
	else
		t->scroll += (size_t)rows;	/* drawing keeps it in range */
}

static void
function_key(struct tui *t, wint_t ch)
{
	long page = t->page > 1 ? (long)t->page - 1 : 1;

	switch (ch) {
	case KEY_UP: scroll_by(t, -1); break;
	case KEY_DOWN: scroll_by(t, 1); break;
	case KEY_PPAGE: scroll_by(t, -page); break;
	case KEY_NPAGE: scroll_by(t, page); break;
	case KEY_HOME: t->scroll = 0; break;
	case KEY_END: t->scroll = SIZE_MAX / 2; break;
	case KEY_LEFT: go_back(t); break;
	case KEY_RIGHT: go_next(t); break;
	case KEY_RESIZE: break;	/* the next draw fits the new size */
	default: break;
	}
}

/* A key on the closing message: undo, back, help or leave. */
static void
end_key(struct tui *t, int rc, wint_t ch)
{
	int fkey = rc == KEY_CODE_YES;

	if (!fkey && ch == 'u' && t->nhistory)
		undo(t);
	else if (((!fkey && ch == 'b') || (fkey && ch == KEY_LEFT)) &&
		 t->ndone)
		go_back(t);
	else if (fkey && ch == KEY_RESIZE)
		;	/* the next draw fits the new size */
	else if (!fkey && ch == '?')
		t->quit = show_help(t) == KEY_STOP;
	else
		t->quit = 1;
}

static void
record_key(struct tui *t, wint_t ch)
{
	int i;

	if (ch < 0x80 && ch >= 'A' && ch <= 'Z')
		ch += 'a' - 'A';	/* Caps Lock on is no mistake */
	if (!t->v.loaded && strchr("iemrn", (int)ch)) {
		retry(t);
		return;
	}
	switch (ch) {
	case 'i': judge_key(t, VERDICT_INCLUDE, NULL); break;
	case 'm': judge_key(t, VERDICT_MAYBE, NULL); break;
	case 'e':
		if (t->stage == STAGE_FT) {
			if ((i = choose_reason(t)) >= 0)
				judge_key(t, VERDICT_EXCLUDE, t->reasons[i]);
		} else {
			judge_key(t, VERDICT_EXCLUDE, NULL);
		}
		break;
	case 'r':
		if ((i = choose_reason(t)) >= 0)
			judge_key(t, VERDICT_EXCLUDE, t->reasons[i]);
		break;
	case 'n': note_key(t); break;
	case 'u': undo(t); break;
	case 'b': go_back(t); break;
	case 'f': go_next(t); break;
	case ' ': scroll_by(t, t->page > 1 ? (long)t->page - 1 : 1); break;
	case '?': t->quit = show_help(t) == KEY_STOP; break;
	case 'q': t->quit = 1; break;
	case 12: clearok(curscr, TRUE); break;	/* Ctrl-L: redraw */
	default:
		say(t, ST_ERROR, "That key does nothing here: ? lists the "
		    "keys.");
		break;
	}
}

static void
run(struct tui *t)
{
	while (!t->quit && !stop_signal) {
		wint_t ch;
		int rc;

		draw(t);
		refresh();
		rc = read_key(&ch);
		if (rc == KEY_STOP)
			break;
		t->status[0] = '\0';
		t->status_style = ST_PLAIN;
		if (t->at_end)
			end_key(t, rc, ch);
		else if (rc == KEY_CODE_YES)
			function_key(t, ch);
		else
			record_key(t, ch);
	}
}

/* ---- the terminal ---- */

static void
on_signal(int sig)
{
	stop_signal = sig;
}

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };
#define NCAUGHT (sizeof(caught) / sizeof(*caught))

/*
 * Before the terminal is taken: a signal then only sets a flag that the
 * key loop sees (no SA_RESTART, and keys are polled), so the terminal is
 * restored on the way out rather than from inside a handler.
 */
static void
signals_catch(struct sigaction *old)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &old[i]);
}

static void
signals_restore(const struct sigaction *old)
{
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &old[i], NULL);
}

/*
 * Records are UTF-8 whatever the locale says; in a locale that is not,
 * characters would be drawn as escapes, so its UTF-8 twin is tried.
 */
static void
locale_utf8(void)
{
	const char *cs;

	setlocale(LC_ALL, "");
	cs = nl_langinfo(CODESET);
	if (cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8")))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

static SCREEN *
curses_start(struct sk_err *err)
{
	/* newterm, unlike initscr, returns on a terminal it cannot drive. */
	SCREEN *scr = newterm(NULL, stdout, stdin);
	const char *term = getenv("TERM");

	if (!scr) {
		sk_fail(err, SK_E_USAGE, NULL, 0, "cannot drive this terminal "
			"(TERM=%s); use 'screen sheet' and 'screen load', or "
			"'screen decide'", term ? term : "unset");
		return NULL;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	timeout(POLL_MS);
	set_escdelay(25);
	curs_set(0);
	styles_init();
	return scr;
}

static void
tui_release(struct tui *t)
{
	view_clear(&t->v);
	record_release(&t->v.rec);
	keywords_free(t->kw);
	for (size_t i = 0; i < t->nreasons; i++)
		free(t->reasons[i]);
	free(t->reasons);
	free(t->queue);
	free(t->done);
	free(t->history);
	free(t->pieces);
	if (t->ranked)
		screen_rank_release(&t->rank);
}

int
tui_screen(struct store *st, const char *reviewer, enum stage stage,
	   enum screen_order order, struct sk_err *err)
{
	struct tui t;
	struct sigaction old[NCAUGHT];
	SCREEN *scr;
	size_t bad = 0;
	int rc = -1;

	memset(&t, 0, sizeof(t));
	t.st = st;
	t.reviewer = reviewer;
	t.stage = stage;
	t.order = order;
	record_init(&t.v.rec);
	stop_signal = 0;
	locale_utf8();
	if (load_queue(&t, err) < 0 || count_judged(&t, err) < 0 ||
	    load_reasons(&t, err) < 0 ||
	    keywords_load(st, &t.kw, &bad, err) < 0)
		goto done;
	signals_catch(old);
	scr = curses_start(err);
	if (!scr) {
		signals_restore(old);
		goto done;
	}
	go_forward(&t);
	if (bad)
		say(&t, ST_ERROR, "%zu keyword%s could not be read and %s not "
		    "highlighted (scopekit keywords).", bad, bad == 1 ? "" : "s",
		    bad == 1 ? "is" : "are");
	run(&t);
	endwin();
	delscreen(scr);
	signals_restore(old);
	if (stop_signal) {
		rc = sk_fail(err, SK_E_INPUT, NULL, 0, "stopped by a signal; "
			     "every judgement made before is saved");
		goto done;
	}
	printf("%zu record%s judged at %s in this session; %zu await%s you.\n",
	       t.ndone, t.ndone == 1 ? "" : "s", stage_label(stage),
	       t.qn - t.qpos, t.qn - t.qpos == 1 ? "s" : "");
	rc = 0;
done:
	tui_release(&t);
	return rc;
}
