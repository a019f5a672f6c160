/*
 * freq_svg: the bar chart of a frequency table. Bars are scaled to the
 * total (a full bar is every unit), so charts of different fields can be
 * set side by side; "not reported" and the other answers are grey and set
 * apart from the values. The layout is worked out first (labels wrapped
 * to their column, the widest count measured), then written.
 */
#include "freq_svg.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "svg.h"
#include "xalloc.h"
#include "banned.h"

/* Geometry in SVG user units; the page prints PAGE_MM wide. */
#define PAGE_W		640.0
#define PAGE_MM		170.0
#define MARGIN		16.0
#define GAP		8.0	/* label to bar, bar to its count */
#define FONT		10.0
#define TITLE_FONT	13.0
#define SMALL_FONT	8.5
#define LEADING		1.25
#define BAR_H		14.0
#define GROUP_BAR_H	9.0	/* a cross-tabulation's bars */
#define GROUP_BAR_GAP	1.5
#define ROW_GAP		6.0
#define GROUP_GAP	10.0	/* between a cross-tabulation's rows */
#define ANSWER_GAP	8.0	/* before "not reported" and the rest */
#define LABEL_SHARE	0.42	/* of the width, at most, for labels */
#define SWATCH		9.0
/* A count's baseline below the middle of its bar, in em. */
#define COUNT_DROP	0.35

static const char *const bar_fill = "#4477aa";
static const char *const answer_fill = "#bbbbbb";
static const char *const grid_stroke = "#d9d9d9";
/* Okabe and Ito's colours, apart to most eyes, then two more. */
static const char *const palette[FREQ_SVG_COLUMNS_MAX] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
	"#999933", "#882255",
};

struct row {
	struct strlist label;	/* wrapped */
	double y, h;
	int answer;		/* a row of answers, not values */
};

/* A colour of a cross-tabulation's chart and the column it stands for. */
struct key {
	struct strlist lines;	/* one, unless wider than a line */
	double x, y;		/* the swatch's left, the top line's top */
};

struct chart {
	const struct freq *f;
	size_t ncols;		/* columns drawn */
	struct strlist title, notes;
	struct key *keys;
	struct row *rows;
	double label_w, value_w;
	double x0, x1;		/* where bars start and a full one ends */
	double subtitle_y, rows_top, rows_bottom, notes_y, height;
};

static int
is_answer(enum freq_kind k)
{
	return k == FREQ_NOT_REPORTED || k == FREQ_UNCLEAR ||
	       k == FREQ_AWAITING || k == FREQ_NOT_CHARTED;
}

static double
block_h(size_t lines, double size)
{
	if (!lines)
		return 0;
	return (double)(lines - 1) * size * LEADING +
	       (SVG_ASCENT + SVG_DESCENT) * size;
}

/* ---- the text ---- */

static void
clean(struct buf *b, const char *s)
{
	buf_reset(b);
	svg_clean_text(b, s);
}

/* "5 (45.5%)"; a cross-tabulation's cells are counts alone. */
static void
count_text(struct buf *b, long n, double percent, int with_percent)
{
	buf_reset(b);
	svg_add_number(b, n);
	if (with_percent)
		buf_addf(b, " (%.1f%%)", percent);
}

static double
widest_count(const struct chart *c)
{
	const struct freq *f = c->f;
	struct buf b = BUF_INIT;
	double w = 0;

	for (size_t i = 0; i < f->nrows; i++) {
		size_t n = c->ncols ? c->ncols : 1;

		for (size_t k = 0; k < n; k++) {
			double tw;

			if (c->ncols)
				count_text(&b, f->rows[i].cells[k], 0, 0);
			else
				count_text(&b, f->rows[i].n,
					   f->rows[i].percent, 1);
			tw = svg_text_width(b.data, FONT, 0);
			if (tw > w)
				w = tw;
		}
	}
	buf_release(&b);
	/* the axis label "100%" is centred on a full bar's end */
	if (w < svg_text_width("100%", SMALL_FONT, 0) / 2)
		w = svg_text_width("100%", SMALL_FONT, 0) / 2;
	return w;
}

/* The label column: as wide as the widest label, up to its share. */
static void
place_labels(struct chart *c)
{
	const struct freq *f = c->f;
	double max = (PAGE_W - 2 * MARGIN) * LABEL_SHARE, w = 0;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < f->nrows; i++) {
		double tw;

		clean(&b, f->rows[i].value);
		tw = svg_text_width(b.data, FONT, 0);
		if (tw > w)
			w = tw;
	}
	c->label_w = w < max ? w : max;
	c->rows = xcalloc(f->nrows ? f->nrows : 1, sizeof(*c->rows));
	for (size_t i = 0; i < f->nrows; i++) {
		clean(&b, f->rows[i].value);
		svg_wrap(&c->rows[i].label, b.data, c->label_w, c->label_w,
			 FONT, 0);
		c->rows[i].answer = is_answer(f->rows[i].kind);
	}
	buf_release(&b);
	c->value_w = widest_count(c);
	c->x0 = MARGIN + c->label_w + GAP;
	c->x1 = PAGE_W - MARGIN - GAP - c->value_w;
}

/*
 * The legend of a cross-tabulation: keys flow along lines; a key that
 * does not fit the rest of a line starts the next, and one wider than a
 * whole line is wrapped into lines of its own.
 */
static double
place_legend(struct chart *c, double top)
{
	double room = PAGE_W - 2 * MARGIN - SWATCH - 4, x = MARGIN, y = top;
	double line = SMALL_FONT * LEADING;
	struct buf b = BUF_INIT;

	c->keys = xcalloc(c->ncols, sizeof(*c->keys));
	for (size_t k = 0; k < c->ncols; k++) {
		struct key *key = &c->keys[k];
		double w;

		clean(&b, c->f->cols[k].value);
		svg_wrap(&key->lines, b.data, room, room, SMALL_FONT, 0);
		w = SWATCH + 4 + (key->lines.n == 1 ?
			svg_text_width(key->lines.v[0], SMALL_FONT, 0) : room);
		if (x > MARGIN && x + w > PAGE_W - MARGIN) {
			x = MARGIN;
			y += line;
		}
		key->x = x;
		key->y = y;
		if (key->lines.n > 1) {
			y += (double)key->lines.n * line;
			x = MARGIN;
		} else {
			x += w + 14;
		}
	}
	buf_release(&b);
	return (x > MARGIN ? y + line : y) + 6;
}

/* A cross-tabulation's row draws a bar for each cell that is not 0. */
static size_t
bars_of(const struct chart *c, const struct freq_row *r)
{
	size_t n = 0;

	for (size_t k = 0; k < c->ncols; k++)
		n += r->cells[k] != 0;
	return n;
}

/* The height of a row's bars: one bar, or a cross-tabulation's group. */
static double
bars_h(const struct chart *c, const struct freq_row *r)
{
	size_t n = c->ncols ? bars_of(c, r) : 1;

	if (!c->ncols)
		return BAR_H;
	if (!n)
		return block_h(1, FONT);	/* "0" alone */
	return (double)n * (GROUP_BAR_H + GROUP_BAR_GAP) - GROUP_BAR_GAP;
}

static void
place_rows(struct chart *c, double top)
{
	const struct freq *f = c->f;
	double y = top;

	c->rows_top = top;
	for (size_t i = 0; i < f->nrows; i++) {
		struct row *r = &c->rows[i];
		double text = block_h(r->label.n, FONT);
		double bars = bars_h(c, &f->rows[i]);

		if (r->answer && i && !c->rows[i - 1].answer)
			y += ANSWER_GAP;
		r->y = y;
		r->h = text > bars ? text : bars;
		y += r->h + (c->ncols ? GROUP_GAP : ROW_GAP);
	}
	c->rows_bottom = y - (c->ncols ? GROUP_GAP : ROW_GAP);
}

static void
chart_build(struct chart *c, const struct freq *f,
	    const struct strlist *notes)
{
	struct buf b = BUF_INIT;
	double y = MARGIN, w = PAGE_W - 2 * MARGIN;

	memset(c, 0, sizeof(*c));
	c->f = f;
	c->ncols = f->ncols < FREQ_SVG_COLUMNS_MAX ? f->ncols :
		   FREQ_SVG_COLUMNS_MAX;
	svg_clean_text(&b, f->label);
	if (f->by) {
		buf_adds(&b, " by ");
		svg_clean_text(&b, f->by_label);
	}
	svg_wrap(&c->title, b.data, w, w, TITLE_FONT, 1);
	y += block_h(c->title.n, TITLE_FONT) + 6;
	c->subtitle_y = y;
	y += block_h(1, FONT) + 10;
	place_labels(c);
	if (c->ncols)
		y = place_legend(c, y);
	place_rows(c, y);
	/* the axis labels under the rows, then the notes */
	y = c->rows_bottom + 4 + block_h(1, SMALL_FONT) + 10;
	for (size_t i = 0; notes && i < notes->n; i++) {
		clean(&b, notes->v[i]);
		svg_wrap(&c->notes, b.data, w, w, SMALL_FONT, 0);
	}
	if (f->ncols > c->ncols) {
		buf_reset(&b);
		buf_addf(&b, "The chart draws the first %d columns of %zu; the "
			 "table has them all.", FREQ_SVG_COLUMNS_MAX, f->ncols);
		svg_wrap(&c->notes, b.data, w, w, SMALL_FONT, 0);
	}
	c->notes_y = y;
	c->height = y + block_h(c->notes.n, SMALL_FONT) + MARGIN;
	buf_release(&b);
}

static void
chart_release(struct chart *c)
{
	for (size_t i = 0; i < c->f->nrows; i++)
		strlist_release(&c->rows[i].label);
	free(c->rows);
	for (size_t k = 0; c->keys && k < c->ncols; k++)
		strlist_release(&c->keys[k].lines);
	free(c->keys);
	strlist_release(&c->title);
	strlist_release(&c->notes);
}

/* ---- writing ---- */

static void
text_line(FILE *f, double x, double y, const char *s)
{
	fputs("<text", f);
	svg_attr(f, "x", x);
	svg_attr(f, "y", y);
	fputc('>', f);
	svg_escape(f, s);
	fputs("</text>\n", f);
}

/* Lines from the baseline y down, one a line. */
static void
text_block(FILE *f, double x, double y, const struct strlist *l,
	   double size)
{
	for (size_t i = 0; i < l->n; i++)
		text_line(f, x, y + (double)i * size * LEADING, l->v[i]);
}

static void
rect(FILE *f, double x, double y, double w, double h, const char *fill)
{
	fputs("<rect", f);
	svg_attr(f, "x", x);
	svg_attr(f, "y", y);
	svg_attr(f, "width", w);
	svg_attr(f, "height", h);
	fprintf(f, " fill=\"%s\"/>\n", fill);
}

/* "n = 11 models of care, counted from the consensus" */
static void
subtitle(struct buf *b, const struct freq *f)
{
	buf_adds(b, "n = ");
	svg_add_number(b, f->total);
	buf_addch(b, ' ');
	svg_clean_text(b, freq_noun(f, f->total));
	buf_adds(b, ", counted from the consensus");
}

static void
write_head(FILE *f, const struct chart *c)
{
	struct buf t = BUF_INIT;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"", f);
	fprintf(f, " width=\"%gmm\" height=\"", PAGE_MM);
	svg_num(f, c->height * PAGE_MM / PAGE_W);
	fputs("mm\" viewBox=\"0 0 ", f);
	svg_num(f, PAGE_W);
	fputc(' ', f);
	svg_num(f, c->height);
	fprintf(f, "\" font-family=\"%s\" font-size=\"%g\" fill=\"#000000\">\n",
		SVG_FONT_STACK, FONT);
	fputs("<title>", f);
	for (size_t i = 0; i < c->title.n; i++)
		buf_addf(&t, "%s%s", i ? " " : "", c->title.v[i]);
	buf_adds(&t, ": ");
	subtitle(&t, c->f);
	svg_escape(f, t.data);
	fputs("</title>\n<rect width=\"100%\" height=\"100%\" "
	      "fill=\"#ffffff\"/>\n", f);
	buf_release(&t);
}

static void
write_titles(FILE *f, const struct chart *c)
{
	struct buf t = BUF_INIT;

	fputs("<g id=\"title\" font-weight=\"bold\"", f);
	svg_attr(f, "font-size", TITLE_FONT);
	fputs(">\n", f);
	text_block(f, MARGIN, MARGIN + SVG_ASCENT * TITLE_FONT, &c->title,
		   TITLE_FONT);
	fputs("</g>\n<g id=\"subtitle\">\n", f);
	subtitle(&t, c->f);
	text_line(f, MARGIN, c->subtitle_y + SVG_ASCENT * FONT, t.data);
	fputs("</g>\n", f);
	buf_release(&t);
}

/* Lines at 0, 25, 50, 75 and 100% of the total, labelled under the rows. */
static void
write_grid(FILE *f, const struct chart *c)
{
	double y = c->rows_bottom + 4 + SVG_ASCENT * SMALL_FONT;

	fprintf(f, "<g id=\"grid\" fill=\"none\" stroke=\"%s\">\n",
		grid_stroke);
	for (int q = 0; q <= 4; q++) {
		fputs("<path d=\"M", f);
		svg_num(f, c->x0 + (c->x1 - c->x0) * q / 4);
		fputc(' ', f);
		svg_num(f, c->rows_top - 3);
		fputs(" V", f);
		svg_num(f, c->rows_bottom + 2);
		fputs("\"/>\n", f);
	}
	fputs("</g>\n<g id=\"axis\" text-anchor=\"middle\"", f);
	svg_attr(f, "font-size", SMALL_FONT);
	fputs(">\n", f);
	for (int q = 0; q <= 4; q++) {
		char label[16];

		snprintf(label, sizeof(label), "%d%%", q * 25);
		text_line(f, c->x0 + (c->x1 - c->x0) * q / 4, y, label);
	}
	fputs("</g>\n", f);
}

static void
write_legend(FILE *f, const struct chart *c)
{
	fputs("<g id=\"legend\"", f);
	svg_attr(f, "font-size", SMALL_FONT);
	fputs(">\n", f);
	for (size_t k = 0; k < c->ncols; k++) {
		const struct key *key = &c->keys[k];

		rect(f, key->x, key->y + (block_h(1, SMALL_FONT) - SWATCH) / 2,
		     SWATCH, SWATCH, palette[k]);
		text_block(f, key->x + SWATCH + 4,
			   key->y + SVG_ASCENT * SMALL_FONT, &key->lines,
			   SMALL_FONT);
	}
	fputs("</g>\n", f);
}

/* One bar and its count, centred on the middle mid. */
static void
write_bar(FILE *f, const struct chart *c, double mid, double h, long n,
	  const char *fill, const char *count)
{
	double w = c->f->total ? (c->x1 - c->x0) * (double)n /
				 (double)c->f->total : 0;

	if (w > c->x1 - c->x0)
		w = c->x1 - c->x0;
	if (w > 0)
		rect(f, c->x0, mid - h / 2, w, h, fill);
	text_line(f, c->x0 + w + GAP / 2, mid + COUNT_DROP * FONT, count);
}

static void
write_row(FILE *f, const struct chart *c, size_t i, struct buf *b)
{
	const struct freq_row *fr = &c->f->rows[i];
	const struct row *r = &c->rows[i];
	double top = r->y + (r->h - block_h(r->label.n, FONT)) / 2;

	fprintf(f, "<g id=\"row-%zu\" class=\"%s\">\n", i + 1,
		r->answer ? "answer" : "value");
	text_block(f, MARGIN, top + SVG_ASCENT * FONT, &r->label, FONT);
	if (!c->ncols) {
		count_text(b, fr->n, fr->percent, 1);
		write_bar(f, c, r->y + r->h / 2, BAR_H,
			  fr->n, r->answer ? answer_fill : bar_fill, b->data);
	} else if (!bars_of(c, fr)) {
		write_bar(f, c, r->y + r->h / 2, GROUP_BAR_H, 0, answer_fill,
			  "0");
	} else {
		double y = r->y + (r->h - bars_h(c, fr)) / 2 + GROUP_BAR_H / 2;

		for (size_t k = 0; k < c->ncols; k++) {
			if (!fr->cells[k])
				continue;
			count_text(b, fr->cells[k], 0, 0);
			write_bar(f, c, y, GROUP_BAR_H, fr->cells[k],
				  palette[k], b->data);
			y += GROUP_BAR_H + GROUP_BAR_GAP;
		}
	}
	fputs("</g>\n", f);
}

int
freq_write_svg(FILE *f, const struct freq *fr, const struct strlist *notes)
{
	struct chart c;
	struct buf b = BUF_INIT;

	chart_build(&c, fr, notes);
	write_head(f, &c);
	write_titles(f, &c);
	if (c.ncols)
		write_legend(f, &c);
	write_grid(f, &c);
	fputs("<g id=\"bars\">\n", f);
	for (size_t i = 0; i < fr->nrows; i++)
		write_row(f, &c, i, &b);
	fputs("</g>\n<g id=\"notes\"", f);
	svg_attr(f, "font-size", SMALL_FONT);
	fputs(">\n", f);
	text_block(f, MARGIN, c.notes_y + SVG_ASCENT * SMALL_FONT, &c.notes,
		   SMALL_FONT);
	fputs("</g>\n</svg>\n", f);
	buf_release(&b);
	chart_release(&c);
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}
