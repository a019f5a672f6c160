/*
 * svg: text measured, wrapped and escaped for the SVG writers (the PRISMA
 * diagram, the frequency charts). Without font files at hand, a line is
 * measured by a table of advances that is never narrower than the fonts
 * of the stack, so text laid out to fit stays inside its frame.
 */
#include "svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "output.h"
#include "xalloc.h"
#include "banned.h"

#define BOLD_WIDER	1.13	/* bold advances against regular */

/* ---- measuring text ---- */

/*
 * Advances of ASCII in em, each at least its advance in DejaVu Sans and
 * Liberation Sans (Arial's metrics), regular or bold, whichever font the
 * stack ends on.
 */
static const struct {
	const char *chars;
	double em;
} advances[] = {
	{ " " SVG_GLUE_S "',./I\\ijl|", 0.34 },
	{ "!()[]-:;frt", 0.44 },
	{ "\"*`Jsz", 0.54 },
	{ "EPSY", 0.70 },
	{ "ABCDGHKNOQRUVXZ&", 0.80 },
	{ "#+<=>^~w", 0.84 },
	{ "%MWm", 1.00 },
	{ "@", 1.04 },
};

#define ADVANCE_DEFAULT 0.64	/* other letters and the digits */

static double
ascii_em(int c)
{
	for (size_t i = 0; i < sizeof(advances) / sizeof(*advances); i++)
		if (c && strchr(advances[i].chars, c))
			return advances[i].em;
	return ADVANCE_DEFAULT;
}

/* A code point beyond ASCII: wide ones (CJK) are a full em. */
static double
other_em(const unsigned char *p, size_t n, utf8proc_int32_t cp)
{
	utf8proc_int32_t parts[8];
	utf8proc_ssize_t nparts;
	char one[8];
	size_t width;

	memcpy(one, p, n);
	one[n] = '\0';
	width = output_width(one);
	if (width == 0)
		return 0;	/* combining marks */
	if (width > 1)
		return 1.0;
	/* a letter with accents is as wide as the letter */
	nparts = utf8proc_decompose_char(cp, parts, 8, UTF8PROC_DECOMPOSE, NULL);
	if (nparts > 0 && nparts <= 8 && parts[0] < 0x80)
		return ascii_em(parts[0]);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LO:
		return 0.8;
	default:
		return 1.0;	/* dashes, ellipses, symbols */
	}
}

double
svg_text_width_n(const char *s, size_t len, double size, int bold)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	double em = 0;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, end - p, &cp);

		if (n <= 0) {
			em += 1.0;
			p++;
		} else {
			em += cp < 0x80 ? ascii_em(cp) : other_em(p, (size_t)n, cp);
			p += n;
		}
	}
	return em * size * (bold ? BOLD_WIDER : 1.0);
}

double
svg_text_width(const char *s, double size, int bold)
{
	return svg_text_width_n(s, strlen(s), size, bold);
}

/* Bytes of the longest start of s that fits width; one code point at least. */
static size_t
fit_prefix(const char *s, size_t len, double width, double size, int bold)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;
	double w = 0;

	while (used < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + used, len - used, &cp);
		size_t step = n > 0 ? (size_t)n : 1;

		w += svg_text_width_n(s + used, step, size, bold);
		if (used && w > width)
			break;
		used += step;
	}
	return used;
}

/* ---- wrapping ---- */

struct wrap {
	struct strlist *lines;
	size_t first;		/* the paragraph's first line in lines */
	double first_w, width, size;
	int bold;
	struct buf line;
};

static double
wrap_room(const struct wrap *w)
{
	return w->lines->n > w->first ? w->width : w->first_w;
}

static void
wrap_push(struct wrap *w)
{
	strlist_add(w->lines, w->line.data, w->line.len);
	buf_reset(&w->line);
}

static void
wrap_word(struct wrap *w, const char *word, size_t len)
{
	for (;;) {
		double room = wrap_room(w);
		size_t had = w->line.len, cut;

		if (had)
			buf_addch(&w->line, ' ');
		buf_add(&w->line, word, len);
		if (svg_text_width_n(w->line.data, w->line.len, w->size,
				     w->bold) <= room)
			return;
		buf_setlen(&w->line, had);
		if (had) {
			wrap_push(w);
			continue;
		}
		/* alone and still too wide: cut where the line is full */
		cut = fit_prefix(word, len, room, w->size, w->bold);
		buf_add(&w->line, word, cut);
		if (cut == len)
			return;
		wrap_push(w);
		word += cut;
		len -= cut;
	}
}

void
svg_wrap(struct strlist *lines, const char *text, double first_w,
	 double width, double size, int bold)
{
	struct wrap w = { lines, lines->n, first_w, width, size, bold,
			  BUF_INIT };
	const char *s;

	for (s = text; *s;) {
		size_t len;

		if (*s == ' ') {
			s++;
			continue;
		}
		len = strcspn(s, " ");
		wrap_word(&w, s, len);
		s += len;
	}
	if (w.line.len)
		wrap_push(&w);
	buf_release(&w.line);
}

/* ---- text and numbers ---- */

void
svg_clean_text(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);

		if (n <= 0) {
			buf_adds(out, "\xef\xbf\xbd");
			p++;
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			buf_addch(out, ' ');
		else if (cp == 0xfffe || cp == 0xffff)
			buf_adds(out, "\xef\xbf\xbd");
		else
			buf_add(out, p, (size_t)n);
		p += n;
	}
}

void
svg_add_number(struct buf *b, long n)
{
	char digits[32];
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	int len = snprintf(digits, sizeof(digits), "%lu", u);

	if (n < 0)
		buf_addch(b, '-');
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			buf_addch(b, ',');
		buf_addch(b, digits[i]);
	}
}

void
svg_num(FILE *f, double v)
{
	long t = lround(v * 10);

	if (t < 0) {
		fputc('-', f);
		t = -t;
	}
	fprintf(f, "%ld", t / 10);
	if (t % 10)
		fprintf(f, ".%ld", t % 10);
}

void
svg_attr(FILE *f, const char *name, double v)
{
	fprintf(f, " %s=\"", name);
	svg_num(f, v);
	fputc('"', f);
}

void
svg_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}
