/*
 * tui_text: the text layout of the screening screen, kept apart from the
 * terminal so it can be tested: UTF-8 text wrapped to a display width,
 * and each line cut into plain and highlighted pieces.
 */
#ifndef SK_TUI_TEXT_H
#define SK_TUI_TEXT_H

#include <stddef.h>

#include "keywords.h"

/* One line of wrapped text: bytes [start, end) of the text. */
struct tui_line {
	size_t start;
	size_t end;
};

struct tui_lines {
	struct tui_line *v;
	size_t n, cap;
};

#define TUI_LINES_INIT { NULL, 0, 0 }

void tui_lines_release(struct tui_lines *l);

/*
 * One character as shown: a base character with the marks that combine
 * with it (a grapheme cluster), never split across lines.
 */
struct tui_char {
	size_t len;	/* bytes */
	size_t width;	/* terminal columns */
	int cp;		/* its first code point; -1 for a byte that is not UTF-8 */
};

/* The character at text[pos] (pos < len). */
void tui_char_at(const char *text, size_t len, size_t pos,
		 struct tui_char *c);

/*
 * Whether the first code point cp of a character is drawn as it is; a
 * control character or a byte that is not UTF-8 is drawn as one blank
 * or '?' column instead (and measured so by tui_char_at).
 */
int tui_char_printable(int cp);

/* Display width of text[0..len). */
size_t tui_width(const char *text, size_t len);

/* How many bytes of text[0..len), in whole characters, fit in width columns. */
size_t tui_fit(const char *text, size_t len, size_t width);

/*
 * Wrap text[0..len) to lines of at most width columns (at least 1),
 * appending them to lines. Lines break at spaces, which are left out at
 * the break, or after a hyphen or slash inside a word; a word wider than
 * a line is cut between characters. A line feed ends a paragraph, and
 * an empty paragraph is an empty line. Empty text gives no line.
 */
void tui_wrap(const char *text, size_t len, size_t width,
	      struct tui_lines *lines);

/* A piece of a line: plain (highlight -1) or a keyword of a list. */
struct tui_piece {
	size_t start;
	size_t end;
	int highlight;	/* -1 or an enum keyword_list */
};

/*
 * Cut line [start, end) into pieces by spans (sorted and apart, as
 * keywords_find gives them); a span crossing the line's ends is cut to
 * it. The pieces go to *v (grown as needed, *cap its room; the caller
 * frees it) and their number is returned: 0 for an empty line.
 */
size_t tui_pieces(size_t start, size_t end, const struct keyword_span *spans,
		  size_t nspans, struct tui_piece **v, size_t *cap);

#endif
