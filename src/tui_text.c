/*
 * tui_text: wrapping and cutting UTF-8 text for the screening screen.
 *
 * Everything is measured in terminal columns (a CJK character takes two,
 * a combining accent none) and offsets stay byte offsets into the
 * original text, so keyword spans found on the whole abstract apply to
 * its wrapped lines unchanged.
 */
#include "tui_text.h"

#include <stdlib.h>
#include <utf8proc.h>

#include "xalloc.h"
#include "banned.h"

void
tui_lines_release(struct tui_lines *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int
tui_char_printable(int cp)
{
	return cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

static size_t
cp_width(int cp)
{
	int w;

	if (!tui_char_printable(cp))
		return 1;
	w = utf8proc_charwidth(cp);
	return w > 0 ? (size_t)w : 0;
}

void
tui_char_at(const char *text, size_t len, size_t pos, struct tui_char *c)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
	utf8proc_int32_t cp, next;
	utf8proc_int32_t state = 0;
	utf8proc_ssize_t n;

	n = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(len - pos), &cp);
	if (n <= 0) {
		c->len = 1;
		c->width = 1;
		c->cp = -1;
		return;
	}
	c->len = (size_t)n;
	c->cp = cp;
	c->width = cp_width(cp);
	if (!tui_char_printable(cp))
		return;
	/* Marks that combine with the character stay with it. */
	while (pos + c->len < len) {
		n = utf8proc_iterate(p + pos + c->len,
				     (utf8proc_ssize_t)(len - pos - c->len),
				     &next);
		if (n <= 0 || !tui_char_printable(next) ||
		    utf8proc_grapheme_break_stateful(cp, next, &state))
			break;
		c->len += (size_t)n;
		c->width += cp_width(next);
		cp = next;
	}
}

size_t
tui_width(const char *text, size_t len)
{
	size_t w = 0;

	for (size_t pos = 0; pos < len; ) {
		struct tui_char c;

		tui_char_at(text, len, pos, &c);
		w += c.width;
		pos += c.len;
	}
	return w;
}

size_t
tui_fit(const char *text, size_t len, size_t width)
{
	size_t pos = 0, w = 0;

	while (pos < len) {
		struct tui_char c;

		tui_char_at(text, len, pos, &c);
		if (w + c.width > width)
			break;
		w += c.width;
		pos += c.len;
	}
	return pos;
}

static int
is_blank(int cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r';
}

static void
add_line(struct tui_lines *l, const char *text, size_t start, size_t end)
{
	/* Blanks at the end of a line are not shown. */
	while (end > start && is_blank((unsigned char)text[end - 1]))
		end--;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->n++;
}

static size_t
skip_blanks(const char *text, size_t len, size_t pos)
{
	while (pos < len && is_blank((unsigned char)text[pos]))
		pos++;
	return pos;
}

/*
 * One line from pos: where it ends, and where the next begins. A break
 * may come before a blank, or after a hyphen or slash that follows a
 * character of the line and precedes one that is not a blank.
 */
static size_t
wrap_line(const char *text, size_t len, size_t width, size_t pos,
	  struct tui_lines *lines)
{
	size_t start = pos, used = 0, brk = 0;
	int ink = 0;	/* a character other than a blank is on the line */

	while (pos < len) {
		struct tui_char c;

		tui_char_at(text, len, pos, &c);
		if (c.cp == '\n') {
			add_line(lines, text, start, pos);
			return pos + 1;
		}
		if (used + c.width > width && !is_blank(c.cp)) {
			if (brk) {
				add_line(lines, text, start, brk);
				return skip_blanks(text, len, brk);
			}
			/* A word wider than the line; one character at least. */
			if (pos == start)
				pos += c.len;
			add_line(lines, text, start, pos);
			return pos;
		}
		if (is_blank(c.cp)) {
			if (ink)
				brk = pos;
		} else if ((c.cp == '-' || c.cp == '/') && ink &&
			   !is_blank((unsigned char)text[pos - 1]) &&
			   pos + 1 < len && text[pos + 1] != '\n' &&
			   !is_blank((unsigned char)text[pos + 1])) {
			brk = pos + 1;
		}
		if (!is_blank(c.cp))
			ink = 1;
		used += c.width;
		pos += c.len;
	}
	add_line(lines, text, start, pos);
	return pos;
}

void
tui_wrap(const char *text, size_t len, size_t width, struct tui_lines *lines)
{
	size_t pos = 0;

	if (!width)
		width = 1;
	while (pos < len)
		pos = wrap_line(text, len, width, pos, lines);
}

/* The first span that ends after pos (spans are sorted and apart). */
static size_t
first_span_after(const struct keyword_span *spans, size_t n, size_t pos)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (spans[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
add_piece(struct tui_piece **v, size_t *cap, size_t n, size_t start,
	  size_t end, int highlight)
{
	*v = xgrow(*v, cap, n + 1, sizeof(**v));
	(*v)[n].start = start;
	(*v)[n].end = end;
	(*v)[n].highlight = highlight;
	return n + 1;
}

size_t
tui_pieces(size_t start, size_t end, const struct keyword_span *spans,
	   size_t nspans, struct tui_piece **v, size_t *cap)
{
	size_t n = 0, pos = start;

	for (size_t i = first_span_after(spans, nspans, start);
	     i < nspans && spans[i].start < end && pos < end; i++) {
		size_t s = spans[i].start > pos ? spans[i].start : pos;
		size_t e = spans[i].end < end ? spans[i].end : end;

		if (s > pos)
			n = add_piece(v, cap, n, pos, s, -1);
		n = add_piece(v, cap, n, s, e, (int)spans[i].list);
		pos = e;
	}
	if (pos < end)
		n = add_piece(v, cap, n, pos, end, -1);
	return n;
}
