/*
 * keywords: the include and exclude lists, compiled with PCRE2.
 *
 * Patterns are compiled caselessly with Unicode character classes, so a
 * plain word matches as typed in any case ("Back pain", "BACK PAIN") and
 * \w or \b know letters such as "é". Matching never fails a screen: text
 * that is not UTF-8 or a pattern that runs too long just matches less.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "keywords.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/*
 * Work allowed per match attempt: plenty for any sensible pattern over
 * an abstract, and a bound on a runaway one such as (a+)+b, so a key
 * press never waits on it.
 */
#define MATCH_LIMIT 1000000

struct pattern {
	pcre2_code *code;
	pcre2_match_data *md;
	enum keyword_list list;
};

struct keywords {
	struct pattern *v;
	size_t n, cap;
	pcre2_match_context *mctx;
};

const char *
keyword_list_name(enum keyword_list list)
{
	return list == KEYWORD_INCLUDE ? "include" : "exclude";
}

struct keywords *
keywords_new(void)
{
	struct keywords *k = xcalloc(1, sizeof(*k));

	k->mctx = pcre2_match_context_create(NULL);
	if (!k->mctx)
		abort();	/* out of memory, as xmalloc */
	pcre2_set_match_limit(k->mctx, MATCH_LIMIT);
	return k;
}

void
keywords_free(struct keywords *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->n; i++) {
		pcre2_match_data_free(k->v[i].md);
		pcre2_code_free(k->v[i].code);
	}
	free(k->v);
	pcre2_match_context_free(k->mctx);
	free(k);
}

size_t
keywords_count(const struct keywords *k)
{
	return k->n;
}

/* The 1-based character of pattern at byte offset off. */
static long
char_column(const char *pattern, size_t off)
{
	long col = 1;

	for (size_t i = 0; i < off && pattern[i]; i++)
		if (((unsigned char)pattern[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Compile pattern; NULL with err filled in if it cannot be used. */
static pcre2_code *
compile(const char *pattern, struct sk_err *err)
{
	size_t len = strlen(pattern), off;
	PCRE2_UCHAR msg[256];
	pcre2_code *code;
	int code_err;

	if (!len) {
		sk_fail(err, SK_E_INPUT, NULL, 0,
			"a keyword cannot be empty: it would match everywhere");
		return NULL;
	}
	if (len > KEYWORD_PATTERN_MAX || strpbrk(pattern, "\r\n")) {
		sk_fail(err, SK_E_INPUT, NULL, 0,
			"a keyword is one line of at most %d characters",
			KEYWORD_PATTERN_MAX);
		return NULL;
	}
	code = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_CASELESS |
			     PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
			     &code_err, &off, NULL);
	if (code)
		return code;
	if (pcre2_get_error_message(code_err, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", code_err);
	sk_fail_at(err, SK_E_INPUT, NULL, 0, char_column(pattern, off),
		   "'%s' is not a valid pattern: %s at offset %zu (to match "
		   "one of \\ ( ) [ ] { } . * + ? | ^ $ as typed, put \\ "
		   "before it)", pattern, (const char *)msg, off);
	return NULL;
}

int
keywords_add(struct keywords *k, enum keyword_list list, const char *pattern,
	     struct sk_err *err)
{
	pcre2_code *code = compile(pattern, err);
	struct pattern *p;

	if (!code)
		return -1;
	k->v = xgrow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	p = &k->v[k->n++];
	p->code = code;
	p->list = list;
	p->md = pcre2_match_data_create_from_pattern(code, NULL);
	if (!p->md)
		abort();	/* out of memory, as xmalloc */
	return 0;
}

int
keywords_load(struct store *st, struct keywords **k, size_t *bad,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	*k = keywords_new();
	*bad = 0;
	if (store_prepare(st, &s, "SELECT list, pattern FROM keyword "
			  "ORDER BY list DESC, pattern", err) < 0)
		goto fail;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *list = (const char *)sqlite3_column_text(s, 0);
		const char *pattern = (const char *)sqlite3_column_text(s, 1);
		struct sk_err ignored = SK_ERR_INIT;

		if (!pattern || keywords_add(*k, strcmp(list, "exclude") ?
					     KEYWORD_INCLUDE : KEYWORD_EXCLUDE,
					     pattern, &ignored) < 0)
			(*bad)++;
	}
	sqlite3_finalize(s);
	if (row == SQLITE_DONE)
		return 0;
	store_fail(st, err, "reading the keywords");
fail:
	keywords_free(*k);
	*k = NULL;
	return -1;
}

/* ---- matching ---- */

/* The next match of one pattern, at or after where it was looked for. */
struct next {
	size_t start, end;
	int found;	/* 0 once the pattern matches nowhere further */
	int valid;	/* start/end hold a match */
};

/* Look for pattern p's first non-empty match in text from offset from. */
static void
next_match(struct keywords *k, struct pattern *p, const char *text,
	   size_t len, size_t from, struct next *nx)
{
	int rc = pcre2_match(p->code, (PCRE2_SPTR)text, len, from,
			     PCRE2_NOTEMPTY, p->md, k->mctx);
	PCRE2_SIZE *ov;

	nx->valid = 0;
	if (rc < 0) {
		nx->found = 0;	/* no match, or the pattern gave up */
		return;
	}
	ov = pcre2_get_ovector_pointer(p->md);
	/* \K in a lookbehind can report a start after the end. */
	if (ov[1] <= ov[0]) {
		nx->found = 0;
		return;
	}
	nx->start = ov[0];
	nx->end = ov[1];
	nx->valid = 1;
}

/* Whether match a (of pattern i) goes before match b (of pattern j). */
static int
better(const struct next *a, enum keyword_list la, const struct next *b,
       enum keyword_list lb)
{
	if (a->start != b->start)
		return a->start < b->start;
	if (a->end != b->end)
		return a->end > b->end;
	return la == KEYWORD_INCLUDE && lb != KEYWORD_INCLUDE;
}

size_t
keywords_find(struct keywords *k, const char *text, size_t len,
	      struct keyword_span **spans)
{
	struct next *nx;
	size_t n = 0, cap = 0, pos = 0;

	*spans = NULL;
	if (!k || !k->n || !text || !len)
		return 0;
	nx = xcalloc(k->n, sizeof(*nx));
	for (size_t i = 0; i < k->n; i++)
		nx[i].found = 1;
	for (;;) {
		struct next *best = NULL;
		size_t bi = 0;

		for (size_t i = 0; i < k->n; i++) {
			/* A match found earlier stays good until passed. */
			if (nx[i].found && (!nx[i].valid || nx[i].start < pos))
				next_match(k, &k->v[i], text, len, pos, &nx[i]);
			if (nx[i].valid && (!best || better(&nx[i], k->v[i].list,
							   best,
							   k->v[bi].list))) {
				best = &nx[i];
				bi = i;
			}
		}
		if (!best)
			break;
		*spans = xgrow(*spans, &cap, n + 1, sizeof(**spans));
		(*spans)[n].start = best->start;
		(*spans)[n].end = best->end;
		(*spans)[n].list = k->v[bi].list;
		n++;
		pos = best->end;
	}
	free(nx);
	return n;
}

/* ---- the lists in the store ---- */

static int
store_change(struct store *st, const char *sql, enum keyword_list list,
	     const char *pattern, int *changed, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s, sql, err) < 0)
		return -1;
	store_bind_text(s, 1, keyword_list_name(list));
	store_bind_text(s, 2, pattern);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "saving the keywords");
	*changed = sqlite3_changes(st->db) > 0;
	return 0;
}

int
keywords_store_add(struct store *st, enum keyword_list list,
		   const char *pattern, int *added, struct sk_err *err)
{
	pcre2_code *code = compile(pattern, err);

	if (!code)
		return -1;
	pcre2_code_free(code);
	return store_change(st, "INSERT OR IGNORE INTO keyword (list, pattern) "
			    "VALUES (?, ?)", list, pattern, added, err);
}

int
keywords_store_remove(struct store *st, enum keyword_list list,
		      const char *pattern, int *removed, struct sk_err *err)
{
	return store_change(st, "DELETE FROM keyword WHERE list = ? AND "
			    "pattern = ?", list, pattern, removed, err);
}
