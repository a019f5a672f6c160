/*
 * keywords: where the include and exclude lists match in real-looking
 * titles and abstracts (case, Unicode, overlapping patterns), patterns
 * refused with PCRE2's message, and the lists in a store.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keywords.h"
#include "store.h"

/* The matched texts as "list:text|list:text", for one-line assertions. */
static char *
spans_text(struct keywords *k, const char *text)
{
	struct keyword_span *s;
	size_t n = keywords_find(k, text, strlen(text), &s);
	static char out[1024];
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		cr_assert_lt(s[i].start, s[i].end);
		if (i)
			cr_assert_geq(s[i].start, s[i - 1].end, "spans overlap");
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%c:%.*s",
					i ? "|" : "",
					s[i].list == KEYWORD_INCLUDE ? 'i' : 'e',
					(int)(s[i].end - s[i].start),
					text + s[i].start);
	}
	free(s);
	return out;
}

static struct keywords *
set_of(const char *const *include, const char *const *exclude)
{
	struct keywords *k = keywords_new();
	struct sk_err err = SK_ERR_INIT;

	for (; include && *include; include++)
		cr_assert_eq(keywords_add(k, KEYWORD_INCLUDE, *include, &err), 0,
			     "%s: %s", *include, err.msg);
	for (; exclude && *exclude; exclude++)
		cr_assert_eq(keywords_add(k, KEYWORD_EXCLUDE, *exclude, &err), 0,
			     "%s: %s", *exclude, err.msg);
	return k;
}

Test(keywords, plain_words_any_case)
{
	static const char *const inc[] = { "back pain", "primary care", NULL };
	static const char *const exc[] = { "surgery", NULL };
	struct keywords *k = set_of(inc, exc);
	const char *title = "Stratified Primary Care for Low BACK PAIN: a "
			    "randomised trial versus SURGERY";
	struct keyword_span *s;
	size_t n = keywords_find(k, title, strlen(title), &s);

	cr_assert_eq(n, 3);
	cr_expect_eq(s[0].start, 11);
	cr_expect_eq(s[0].end, 23);
	cr_expect_eq(s[0].list, KEYWORD_INCLUDE);
	cr_expect_eq(s[1].start, 32);
	cr_expect_eq(s[1].end, 41);
	cr_expect_eq(s[2].list, KEYWORD_EXCLUDE);
	cr_expect_str_eq(spans_text(k, title),
			 "i:Primary Care|i:BACK PAIN|e:SURGERY");
	free(s);
	keywords_free(k);
}

Test(keywords, inside_words_unless_bounded)
{
	static const char *const inc[] = { "random", "\\bpain\\b", NULL };
	struct keywords *k = set_of(inc, NULL);

	cr_expect_str_eq(spans_text(k, "Randomised and randomized trials of "
				    "painful conditions: pain in Spain"),
			 "i:Random|i:random|i:pain");
	keywords_free(k);
}

/* Offsets are bytes of UTF-8 text; case folds beyond ASCII. */
Test(keywords, unicode_text_and_patterns)
{
	static const char *const inc[] = { "lombalgie", "naïve", "qualité", NULL };
	static const char *const exc[] = { "\\bö\\w+", "ΠΌΝΟΣ", NULL };
	struct keywords *k = set_of(inc, exc);
	const char *t = "Qualité de vie et LOMBALGIE chez les patients NAÏVE "
			"— Österreich, πόνος";

	cr_expect_str_eq(spans_text(k, t), "i:Qualité|i:LOMBALGIE|i:NAÏVE|"
			 "e:Österreich|e:πόνος");
	keywords_free(k);
}

/* \w and \b know letters beyond ASCII (PCRE2_UCP). */
Test(keywords, word_classes_are_unicode)
{
	static const char *const inc[] = { "\\bpatient\\w*", NULL };
	struct keywords *k = set_of(inc, NULL);

	cr_expect_str_eq(spans_text(k, "patientèle, patients' views, "
				    "outpatient"),
			 "i:patientèle|i:patients");
	keywords_free(k);
}

/* Leftmost first; the longest of those starting there; never overlapping. */
Test(keywords, overlapping_patterns)
{
	static const char *const inc[] = { "back pain", "low back pain",
					   "pain management", "care", NULL };
	static const char *const exc[] = { "primary care", "pain", NULL };
	struct keywords *k = set_of(inc, exc);

	cr_expect_str_eq(spans_text(k, "Chronic low back pain management in "
				    "primary care and hospital care"),
			 "i:low back pain|e:primary care|i:care");
	cr_expect_str_eq(spans_text(k, "pain management"),
			 "i:pain management");
	keywords_free(k);
}

/* The same text in both lists counts as the include list's. */
Test(keywords, tie_goes_to_include)
{
	static const char *const inc[] = { "exercise", NULL };
	static const char *const exc[] = { "exercise", "exercise therapy", NULL };
	struct keywords *k = set_of(inc, exc);

	cr_expect_str_eq(spans_text(k, "exercise and exercise therapy"),
			 "i:exercise|e:exercise therapy");
	keywords_free(k);
}

Test(keywords, adjacent_and_repeated)
{
	static const char *const inc[] = { "trial", "s", NULL };
	struct keywords *k = set_of(inc, NULL);

	cr_expect_str_eq(spans_text(k, "trialstrial"), "i:trial|i:s|i:trial");
	keywords_free(k);
}

/* A pattern that can match nothing highlights nothing. */
Test(keywords, empty_matches_are_skipped)
{
	static const char *const inc[] = { "x*", "(?=a)", NULL };
	struct keywords *k = set_of(inc, NULL);

	cr_expect_str_eq(spans_text(k, "abc"), "");
	cr_expect_str_eq(spans_text(k, "a xx b"), "i:xx");
	keywords_free(k);
}

Test(keywords, nothing_to_match)
{
	struct keywords *k = keywords_new();
	struct keyword_span *s = (struct keyword_span *)1;

	cr_expect_eq(keywords_find(k, "back pain", 9, &s), 0);
	cr_expect_null(s);
	cr_expect_eq(keywords_find(NULL, "back pain", 9, &s), 0);
	cr_expect_eq(keywords_count(k), 0);
	keywords_free(k);
}

/* Bad bytes in a text do not stop the matches around them. */
Test(keywords, invalid_utf8_text)
{
	static const char *const inc[] = { "back pain", "caf.", NULL };
	struct keywords *k = set_of(inc, NULL);

	cr_expect_str_eq(spans_text(k, "caf\xff \xc3 back pain \xe2\x82"),
			 "i:back pain");
	keywords_free(k);
}

/* A runaway pattern gives up quickly instead of hanging the screen. */
Test(keywords, runaway_pattern_is_bounded)
{
	static const char *const inc[] = { "(a+)+b", "pain", NULL };
	struct keywords *k = set_of(inc, NULL);
	char text[4096];
	clock_t t0;

	memset(text, 'a', 200);
	snprintf(text + 200, sizeof(text) - 200, " pain");
	t0 = clock();
	cr_expect_str_eq(spans_text(k, text), "i:pain");
	cr_expect_lt((double)(clock() - t0) / CLOCKS_PER_SEC, 2.0);
	keywords_free(k);
}

struct bad_case {
	const char *pattern;
	const char *message;
	long column;
};

Test(keywords, bad_patterns_are_refused)
{
	static const struct bad_case cases[] = {
		{ "pain(", "missing closing parenthesis at offset 5", 6 },
		{ "[lumbar", "missing terminating ] for character class", 8 },
		{ "*pain", "quantifier does not follow a repeatable item", 1 },
		{ "lombalgie (ï", "missing closing parenthesis at offset 13",
		  13 },
		{ "", "cannot be empty", 0 },
		{ "back\npain", "one line", 0 },
	};
	struct keywords *k = keywords_new();

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct sk_err err = SK_ERR_INIT;

		cr_expect_eq(keywords_add(k, KEYWORD_INCLUDE, cases[i].pattern,
					  &err), -1, "%s", cases[i].pattern);
		cr_expect_eq(err.kind, SK_E_INPUT);
		cr_expect(strstr(err.msg, cases[i].message), "%s: %s",
			  cases[i].pattern, err.msg);
		cr_expect_eq(err.column, cases[i].column, "%s: column %ld",
			     cases[i].pattern, err.column);
	}
	cr_expect_eq(keywords_count(k), 0);
	keywords_free(k);
}

Test(keywords, long_pattern_is_refused)
{
	struct keywords *k = keywords_new();
	struct sk_err err = SK_ERR_INIT;
	char *p = malloc(KEYWORD_PATTERN_MAX + 2);

	memset(p, 'a', KEYWORD_PATTERN_MAX + 1);
	p[KEYWORD_PATTERN_MAX + 1] = '\0';
	cr_expect_eq(keywords_add(k, KEYWORD_EXCLUDE, p, &err), -1);
	cr_expect(strstr(err.msg, "at most 1000 characters"), "%s", err.msg);
	p[KEYWORD_PATTERN_MAX] = '\0';
	cr_expect_eq(keywords_add(k, KEYWORD_EXCLUDE, p, &err), 0, "%s",
		     err.msg);
	free(p);
	keywords_free(k);
}

/* ---- the lists in a store ---- */

static char dir[] = "/tmp/sk-keywords-XXXXXX";
static struct store *st;

static void
open_store(void)
{
	char path[300];
	struct sk_err err = SK_ERR_INIT;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/review.db", dir);
	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s",
		     err.msg);
}

static void
close_store(void)
{
	char cmd[300];

	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(keywords, store_round_trip, .init = open_store, .fini = close_store)
{
	struct sk_err err = SK_ERR_INIT;
	struct keywords *k;
	size_t bad;
	int changed;

	cr_assert_eq(keywords_store_add(st, KEYWORD_INCLUDE, "back pain",
					&changed, &err), 0, "%s", err.msg);
	cr_expect_eq(changed, 1);
	cr_assert_eq(keywords_store_add(st, KEYWORD_INCLUDE, "back pain",
					&changed, &err), 0);
	cr_expect_eq(changed, 0, "added twice");
	cr_assert_eq(keywords_store_add(st, KEYWORD_EXCLUDE, "rats?|mice",
					&changed, &err), 0);
	cr_expect_eq(keywords_store_add(st, KEYWORD_EXCLUDE, "rats?|mice(",
					&changed, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	/* A pattern stored behind scopekit's back that does not compile. */
	cr_assert_eq(store_exec(st, "INSERT INTO keyword VALUES "
				"('include', 'pain(')", &err), 0);

	cr_assert_eq(keywords_load(st, &k, &bad, &err), 0, "%s", err.msg);
	cr_expect_eq(bad, 1);
	cr_expect_eq(keywords_count(k), 2);
	cr_expect_str_eq(spans_text(k, "Back pain in mice"),
			 "i:Back pain|e:mice");
	keywords_free(k);

	cr_assert_eq(keywords_store_remove(st, KEYWORD_EXCLUDE, "back pain",
					   &changed, &err), 0);
	cr_expect_eq(changed, 0, "removed from the wrong list");
	cr_assert_eq(keywords_store_remove(st, KEYWORD_INCLUDE, "back pain",
					   &changed, &err), 0);
	cr_expect_eq(changed, 1);
	cr_assert_eq(keywords_load(st, &k, &bad, &err), 0);
	cr_expect_str_eq(spans_text(k, "Back pain in mice"), "e:mice");
	keywords_free(k);
}
