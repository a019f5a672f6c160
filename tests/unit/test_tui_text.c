/*
 * tui_text: wrapping titles and abstracts to the screen's width (wide
 * and combining characters, long words, paragraphs) and cutting lines
 * into plain and highlighted pieces.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "tui_text.h"

/*
 * Whether a line fits the width: it must, unless it is one character
 * wider than the whole line (a CJK character on a line of one column).
 */
static int
fits(const char *text, const struct tui_line *line, size_t width)
{
	struct tui_char c;
	size_t n = line->end - line->start;

	if (tui_width(text + line->start, n) <= width)
		return 1;
	tui_char_at(text, line->end, line->start, &c);
	return c.len == n;
}

/* The wrapped lines joined by '|', for one-line assertions. */
static const char *
wrapped(const char *text, size_t width)
{
	struct tui_lines l = TUI_LINES_INIT;
	static char out[4096];
	size_t len = 0;

	tui_wrap(text, strlen(text), width, &l);
	out[0] = '\0';
	for (size_t i = 0; i < l.n; i++) {
		size_t n = l.v[i].end - l.v[i].start;

		cr_assert_leq(l.v[i].start, l.v[i].end);
		cr_assert(fits(text, &l.v[i], width),
			  "line %zu of \"%s\" is wider than %zu", i, text,
			  width);
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%.*s",
					i ? "|" : "", (int)n,
					text + l.v[i].start);
	}
	tui_lines_release(&l);
	return out;
}

Test(tui_text, widths)
{
	cr_expect_eq(tui_width("back pain", 9), 9);
	cr_expect_eq(tui_width("腰痛", strlen("腰痛")), 4);
	/* e and a combining acute: one column */
	cr_expect_eq(tui_width("e\xcc\x81", 3), 1);
	cr_expect_eq(tui_width("a\tb", 3), 3);
	cr_expect_eq(tui_width("\xff", 1), 1);
	cr_expect_eq(tui_width("", 0), 0);
}

Test(tui_text, characters)
{
	struct tui_char c;
	const char *s = "e\xcc\x81\xcc\xa3x";	/* e, acute, dot below, x */

	tui_char_at(s, strlen(s), 0, &c);
	cr_expect_eq(c.len, 5, "the marks stay with their letter");
	cr_expect_eq(c.width, 1);
	cr_expect_eq(c.cp, 'e');
	tui_char_at("\xc3(", 2, 0, &c);
	cr_expect_eq(c.cp, -1);
	cr_expect_eq(c.len, 1);
	tui_char_at("\t", 1, 0, &c);
	cr_expect_not(tui_char_printable(c.cp));
	cr_expect_eq(c.width, 1);
	cr_expect(tui_char_printable(0xe9));
	cr_expect_not(tui_char_printable(0x85));
}

Test(tui_text, fit)
{
	cr_expect_eq(tui_fit("腰痛x", strlen("腰痛x"), 3), 3);
	cr_expect_eq(tui_fit("腰痛x", strlen("腰痛x"), 5), 7);
	cr_expect_eq(tui_fit("ae\xcc\x81", 4, 2), 4);
	cr_expect_eq(tui_fit("abc", 3, 0), 0);
}

Test(tui_text, words)
{
	cr_expect_str_eq(wrapped("Models of care for low back pain", 12),
			 "Models of|care for low|back pain");
	cr_expect_str_eq(wrapped("abcde fghij", 5), "abcde|fghij");
	cr_expect_str_eq(wrapped("one", 80), "one");
	cr_expect_str_eq(wrapped("", 10), "");
}

Test(tui_text, spaces_at_breaks_are_left_out)
{
	cr_expect_str_eq(wrapped("aaa    bbb", 5), "aaa|bbb");
	cr_expect_str_eq(wrapped("aaa \t bbb  ", 7), "aaa|bbb");
	cr_expect_str_eq(wrapped("aaa bbb   ", 20), "aaa bbb");
}

Test(tui_text, paragraphs)
{
	cr_expect_str_eq(wrapped("BACKGROUND: Pain.\n\nMETHODS: Trial.", 40),
			 "BACKGROUND: Pain.||METHODS: Trial.");
	cr_expect_str_eq(wrapped("a\r\nb", 5), "a|b");
	cr_expect_str_eq(wrapped("a\n", 5), "a");
}

Test(tui_text, long_words_are_cut)
{
	cr_expect_str_eq(wrapped("see pneumonoultramicroscopic x", 10),
			 "see|pneumonoul|tramicrosc|opic x");
	cr_expect_str_eq(wrapped("https://doi.org/10.1136/bmjopen-2023-079276",
				 20),
			 "https://doi.org/|10.1136/bmjopen-|2023-079276");
}

Test(tui_text, hyphens_and_slashes)
{
	cr_expect_str_eq(wrapped("self-management programme", 12),
			 "self-|management|programme");
	cr_expect_str_eq(wrapped("and/or both", 5), "and/|or|both");
	/* A lone dash is no place to break after */
	cr_expect_str_eq(wrapped("pain - care", 6), "pain -|care");
}

Test(tui_text, wide_characters)
{
	cr_expect_str_eq(wrapped("腰痛腰痛腰痛", 5), "腰痛|腰痛|腰痛");
	cr_expect_str_eq(wrapped("腰痛 の 治療", 6), "腰痛|の|治療");
	cr_expect_str_eq(wrapped("腰痛 の 治療", 7), "腰痛 の|治療");
	/* A character wider than the line still goes somewhere */
	cr_expect_str_eq(wrapped("腰", 1), "腰");
}

Test(tui_text, combining_characters)
{
	/* "é" as e + U+0301, three times: two fit in two columns */
	cr_expect_str_eq(wrapped("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2),
			 "e\xcc\x81" "e\xcc\x81|e\xcc\x81");
	cr_expect_str_eq(wrapped("Qualite\xcc\x81 de vie", 8),
			 "Qualite\xcc\x81|de vie");
}

/* Every non-blank byte shows once, in order, at every width. */
Test(tui_text, nothing_lost)
{
	const char *text =
		"OBJECTIVE: To compare stratified primary care (STarT Back) "
		"with current best practice.\n\nRÉSULTATS : 腰痛の患者 851 "
		"patients—e\xcc\x81tude naïve; self-management/education, "
		"p<0.001. ThisIsAnUnreasonablyLongWordWithoutAnySpacesInIt.";

	for (size_t w = 1; w <= 90; w++) {
		struct tui_lines l = TUI_LINES_INIT;
		char a[1024], b[1024];
		size_t na = 0, nb = 0;

		tui_wrap(text, strlen(text), w, &l);
		for (size_t i = 0; i < l.n; i++) {
			cr_assert(fits(text, &l.v[i], w), "width %zu", w);
			if (i)
				cr_assert_geq(l.v[i].start, l.v[i - 1].end);
			for (size_t j = l.v[i].start; j < l.v[i].end; j++)
				if (!strchr(" \n", text[j]))
					a[na++] = text[j];
		}
		for (const char *p = text; *p; p++)
			if (!strchr(" \n", *p))
				b[nb++] = *p;
		cr_assert_eq(na, nb, "width %zu", w);
		cr_assert(!memcmp(a, b, na), "width %zu", w);
		tui_lines_release(&l);
	}
}

/* ---- pieces ---- */

static const char *
pieces_of(size_t start, size_t end, const struct keyword_span *s, size_t n)
{
	struct tui_piece *v = NULL;
	size_t cap = 0, k = tui_pieces(start, end, s, n, &v, &cap);
	static char out[512];
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < k; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len,
					"%s%zu-%zu%s", i ? " " : "",
					v[i].start, v[i].end,
					v[i].highlight < 0 ? "" :
					v[i].highlight == KEYWORD_INCLUDE ?
					"i" : "e");
	free(v);
	return out;
}

Test(tui_text, pieces)
{
	static const struct keyword_span s[] = {
		{ 2, 5, KEYWORD_INCLUDE }, { 8, 12, KEYWORD_EXCLUDE },
		{ 15, 25, KEYWORD_INCLUDE }, { 40, 41, KEYWORD_EXCLUDE },
	};

	cr_expect_str_eq(pieces_of(0, 20, s, 4),
			 "0-2 2-5i 5-8 8-12e 12-15 15-20i");
	cr_expect_str_eq(pieces_of(20, 30, s, 4), "20-25i 25-30");
	cr_expect_str_eq(pieces_of(26, 39, s, 4), "26-39");
	cr_expect_str_eq(pieces_of(2, 5, s, 4), "2-5i");
	cr_expect_str_eq(pieces_of(9, 10, s, 4), "9-10e");
	cr_expect_str_eq(pieces_of(7, 7, s, 4), "");
	cr_expect_str_eq(pieces_of(0, 10, NULL, 0), "0-10");
}

/* A keyword wrapped across two lines is marked on both. */
Test(tui_text, keyword_across_a_break)
{
	const char *text = "Effect of care for chronic low back pain in "
			   "general practice";
	static const char *const words[] = { "low back pain", "practice" };
	struct keywords *k = keywords_new();
	struct sk_err err = SK_ERR_INIT;
	struct tui_lines l = TUI_LINES_INIT;
	struct keyword_span *s;
	size_t n;

	for (int i = 0; i < 2; i++)
		cr_assert_eq(keywords_add(k, KEYWORD_INCLUDE, words[i], &err),
			     0);
	n = keywords_find(k, text, strlen(text), &s);
	cr_assert_eq(n, 2);
	tui_wrap(text, strlen(text), 30, &l);
	cr_assert_str_eq(wrapped(text, 30), "Effect of care for chronic low|"
			 "back pain in general practice");
	cr_expect_str_eq(pieces_of(l.v[0].start, l.v[0].end, s, n),
			 "0-27 27-30i");
	cr_expect_str_eq(pieces_of(l.v[1].start, l.v[1].end, s, n),
			 "31-40i 40-52 52-60i");
	tui_lines_release(&l);
	free(s);
	keywords_free(k);
}
