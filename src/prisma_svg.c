/*
 * prisma_svg: the PRISMA 2020 flow diagram for new reviews, laid out as
 * the template draws it: a column for databases and registers, one for
 * other methods when the review used them, phase bands on the left.
 *
 * Both writers draw the same model: each box's text wrapped to its width
 * by an estimate of the font's advances, boxes as tall as their text,
 * rows as tall as their tallest box.
 */
#include "prisma_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "svg.h"
#include "xalloc.h"
#include "banned.h"

/*
 * Geometry in SVG user units. The page is always PAGE_W wide and printed
 * PAGE_MM wide (A4 portrait), so the type prints at one size (about 8 pt)
 * with one column or two: boxes take the width the columns leave.
 */
#define PAGE_W		760.0
#define PAGE_MM		210.0
#define MARGIN		16.0
#define BAND_W		26.0	/* the phase bands on the left */
#define BAND_GAP	10.0
#define SIDE_GAP	34.0	/* a box and the box beside it, for an arrow */
#define COL_GAP		22.0	/* the two columns */
#define ROW_GAP		24.0	/* a row and the next, for an arrow */
#define PAD		6.0	/* inside a box, around its text */
#define INDENT		10.0	/* a list item under its heading */
#define HANG		8.0	/* the lines after an item's first */
#define FONT		10.0
#define HEAD_FONT	11.0
#define TITLE_FONT	14.0
#define NOTE_FONT	8.5
#define LEADING		1.25	/* baseline to baseline, in em */
#define ASCENT		SVG_ASCENT
#define DESCENT		SVG_DESCENT
#define FONT_STACK	SVG_FONT_STACK

/* ---- the template as tables ---- */

enum col { C_BAND, C_DB, C_DB_SIDE, C_OTHER, C_OTHER_SIDE, C_COUNT };
enum row { R_HEAD, R_IDENT, R_SCREEN, R_SOUGHT, R_ASSESSED, R_INCLUDED,
	   R_COUNT };

enum slot {
	S_DB_HEAD, S_OTHER_HEAD,
	S_IDENT, S_REMOVED, S_SCREENED, S_EXCLUDED, S_SOUGHT,
	S_NOT_RETRIEVED, S_ASSESSED, S_REPORTS_EXCLUDED, S_INCLUDED,
	S_O_IDENT, S_O_SOUGHT, S_O_NOT_RETRIEVED, S_O_ASSESSED, S_O_EXCLUDED,
	S_COUNT
};

enum look { K_BOX, K_DB_HEAD, K_OTHER_HEAD, K_BAND };

static const struct {
	const char *class, *fill, *stroke;
	double rx;
} looks[] = {
	[K_BOX] = { "box", "#ffffff", "#000000", 0 },
	/* the template's gold, grey and blue, lightened for print */
	[K_DB_HEAD] = { "head", "#ffe699", "#000000", 6 },
	[K_OTHER_HEAD] = { "head", "#d9d9d9", "#000000", 6 },
	[K_BAND] = { "band", "#c6dbef", "none", 6 },
};

enum form {
	F_NONE,		/* the parts end */
	F_TEXT,		/* the label alone */
	F_COUNT,	/* the label, then "(n = x)" on a line of its own */
	F_ITEM,		/* "label (n = x)" indented, its sources further */
	F_TOTAL,	/* "label (n = x):" and its list under it */
};

enum list { L_NONE, L_SOURCES, L_REASONS, L_OTHER_REASONS };

struct part {
	enum form form;
	const char *label;
	int box;		/* enum prisma_box counted, or -1 */
	enum list list;
	int dagger;		/* F_TEXT: a dagger, when due, and a colon */
};

#define TEXT(l)		{ F_TEXT, l, -1, L_NONE, 0 }
#define TEXT_DAGGER(l)	{ F_TEXT, l, -1, L_NONE, 1 }
#define COUNT(l, b)	{ F_COUNT, l, b, L_NONE, 0 }
#define ITEM(l, b)	{ F_ITEM, l, b, L_NONE, 0 }
#define SOURCES(l, b)	{ F_ITEM, l, b, L_SOURCES, 0 }
#define TOTAL(l, b, ls)	{ F_TOTAL, l, b, ls, 0 }

struct spec {
	const char *id;		/* SVG group id and dot node name */
	enum row row;
	enum col col, last;	/* the columns it spans */
	enum look look;
	int centred;		/* counts centred; lists read from the left */
	struct part part[4];
};

#define CENTRED(r, c)	r, c, c, K_BOX, 1
#define LEFT(r, c)	r, c, c, K_BOX, 0

/*
 * The boxes, with the template's words. Their ids are the template's
 * data ids where one fits.
 */
static const struct spec specs[S_COUNT] = {
	[S_DB_HEAD] = { "dbr_header", R_HEAD, C_DB, C_DB_SIDE, K_DB_HEAD, 1,
		{ TEXT("Identification of studies via databases and "
		       "registers") } },
	[S_OTHER_HEAD] = { "other_header",
		R_HEAD, C_OTHER, C_OTHER_SIDE, K_OTHER_HEAD, 1,
		{ TEXT("Identification of studies via other methods") } },
	[S_IDENT] = { "dbr_identified", LEFT(R_IDENT, C_DB), {
		TEXT("Records identified from*:"),
		SOURCES("Databases", PB_DATABASES),
		SOURCES("Registers", PB_REGISTERS) } },
	[S_REMOVED] = { "dbr_removed", LEFT(R_IDENT, C_DB_SIDE), {
		TEXT("Records removed before screening:"),
		ITEM("Duplicate records removed", PB_DUPLICATES),
		ITEM("Records marked as ineligible by automation tools",
		     PB_AUTOMATION),
		ITEM("Records removed for other reasons", PB_OTHER_REMOVED) } },
	[S_SCREENED] = { "records_screened", CENTRED(R_SCREEN, C_DB),
		{ COUNT("Records screened", PB_SCREENED) } },
	[S_EXCLUDED] = { "records_excluded", LEFT(R_SCREEN, C_DB_SIDE),
		{ COUNT("Records excluded**", PB_EXCLUDED) } },
	[S_SOUGHT] = { "dbr_sought_reports", CENTRED(R_SOUGHT, C_DB),
		{ COUNT("Reports sought for retrieval", PB_SOUGHT) } },
	[S_NOT_RETRIEVED] = { "dbr_notretrieved_reports",
		LEFT(R_SOUGHT, C_DB_SIDE),
		{ COUNT("Reports not retrieved", PB_NOT_RETRIEVED) } },
	[S_ASSESSED] = { "dbr_assessed", CENTRED(R_ASSESSED, C_DB),
		{ COUNT("Reports assessed for eligibility", PB_ASSESSED) } },
	[S_REPORTS_EXCLUDED] = { "dbr_excluded", LEFT(R_ASSESSED, C_DB_SIDE),
		{ TOTAL("Reports excluded", PB_REPORTS_EXCLUDED, L_REASONS) } },
	[S_INCLUDED] = { "new_studies", CENTRED(R_INCLUDED, C_DB), {
		COUNT("Studies included in review", PB_STUDIES),
		COUNT("Reports of included studies", PB_REPORTS) } },
	[S_O_IDENT] = { "other_identified", LEFT(R_IDENT, C_OTHER), {
		TEXT_DAGGER("Records identified from"),
		SOURCES("Websites", PB_WEBSITES),
		SOURCES("Organisations", PB_ORGANISATIONS),
		SOURCES("Citation searching", PB_CITATIONS) } },
	[S_O_SOUGHT] = { "other_sought_reports", CENTRED(R_SOUGHT, C_OTHER),
		{ COUNT("Reports sought for retrieval", PB_OTHER_SOUGHT) } },
	[S_O_NOT_RETRIEVED] = { "other_notretrieved_reports",
		LEFT(R_SOUGHT, C_OTHER_SIDE),
		{ COUNT("Reports not retrieved", PB_OTHER_NOT_RETRIEVED) } },
	[S_O_ASSESSED] = { "other_assessed", CENTRED(R_ASSESSED, C_OTHER),
		{ COUNT("Reports assessed for eligibility",
			PB_OTHER_ASSESSED) } },
	[S_O_EXCLUDED] = { "other_excluded", LEFT(R_ASSESSED, C_OTHER_SIDE),
		{ TOTAL("Reports excluded", PB_OTHER_EXCLUDED,
			L_OTHER_REASONS) } },
};

enum route {
	GO_RIGHT,	/* to the box beside, at the row's middle */
	GO_DOWN,	/* to the box below, at the column's middle */
	GO_DOWN_LEFT,	/* down to the target's middle, then left into it */
};

static const struct {
	enum slot from, to;
	enum route route;
} arrows[] = {
	{ S_IDENT, S_REMOVED, GO_RIGHT },
	{ S_IDENT, S_SCREENED, GO_DOWN },
	{ S_SCREENED, S_EXCLUDED, GO_RIGHT },
	{ S_SCREENED, S_SOUGHT, GO_DOWN },
	{ S_SOUGHT, S_NOT_RETRIEVED, GO_RIGHT },
	{ S_SOUGHT, S_ASSESSED, GO_DOWN },
	{ S_ASSESSED, S_REPORTS_EXCLUDED, GO_RIGHT },
	{ S_ASSESSED, S_INCLUDED, GO_DOWN },
	/* other methods have no screening: identified go straight to retrieval */
	{ S_O_IDENT, S_O_SOUGHT, GO_DOWN },
	{ S_O_SOUGHT, S_O_NOT_RETRIEVED, GO_RIGHT },
	{ S_O_SOUGHT, S_O_ASSESSED, GO_DOWN },
	{ S_O_ASSESSED, S_O_EXCLUDED, GO_RIGHT },
	{ S_O_ASSESSED, S_INCLUDED, GO_DOWN_LEFT },
};

#define NBANDS 3

static const struct {
	const char *id, *label;
	int first, last;	/* enum row */
} bands[NBANDS] = {
	{ "phase_identification", "Identification", R_IDENT, R_IDENT },
	{ "phase_screening", "Screening", R_SCREEN, R_ASSESSED },
	{ "phase_included", "Included", R_INCLUDED, R_INCLUDED },
};

/* The template's footnotes, saying what scopekit counted. */
static const char *const notes[] = {
	"*Records identified from each database or register searched, as "
	"imported, before duplicates were removed.",
	"**Records excluded by reviewers at title and abstract screening; "
	"records marked ineligible by automation rules are counted before "
	"screening.",
};

static const char cite[] =
	"From: Page MJ, McKenzie JE, Bossuyt PM, et al. The PRISMA 2020 "
	"statement: an updated guideline for reporting systematic reviews. "
	"BMJ 2021;372:n71. doi: 10.1136/bmj.n71";

#define DAGGER "\xe2\x80\xa0"

/* Holds "(n = x)" on one line; written as a space. */
#define GLUE SVG_GLUE
#define GLUE_S SVG_GLUE_S

static void
add_count(struct buf *b, long n)
{
	buf_adds(b, "(n" GLUE_S "=" GLUE_S);
	svg_add_number(b, n);
	buf_addch(b, ')');
}

/* ---- the model ---- */

struct line {
	char *text;
	double dx;	/* from the inner left edge, when not centred */
};

struct box {
	const char *id;
	enum look look;
	int centred, bold;
	double size;
	double x, y, w, h;
	struct line *v;
	size_t n, cap;
};

struct diagram {
	const struct prisma *p;
	double box_w;
	double col_x[C_COUNT];
	double row_y[R_COUNT], row_h[R_COUNT];
	struct box box[S_COUNT];
	int drawn[S_COUNT];
	struct box band[NBANDS];
	struct box title, notes;	/* text without a frame */
	double height;
};

static void
box_init(struct box *b, const char *id, enum look look, double size,
	 int bold, double w)
{
	memset(b, 0, sizeof(*b));
	b->id = id;
	b->look = look;
	b->size = size;
	b->bold = bold;
	b->w = w;
}

static void
box_release(struct box *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].text);
	free(b->v);
}

static void
box_push(struct box *b, const char *line, double dx)
{
	char *text = xstrdup(line);

	for (char *c = text; (c = strchr(c, GLUE)) != NULL; c++)
		*c = ' ';
	b->v = xgrow(b->v, &b->cap, b->n + 1, sizeof(*b->v));
	b->v[b->n].text = text;
	b->v[b->n].dx = dx;
	b->n++;
}

static double
box_text_h(const struct box *b)
{
	if (!b->n)
		return 0;
	return (double)(b->n - 1) * b->size * LEADING +
	       (ASCENT + DESCENT) * b->size;
}

/*
 * One paragraph of clean text, wrapped at spaces to the box; a word wider
 * than a line is cut. Runs of spaces count as one.
 */
static void
box_para(struct box *b, const char *text, double indent, double hang)
{
	struct strlist lines = { NULL, 0, 0 };
	double room = b->w - 2 * PAD - indent;

	svg_wrap(&lines, text, room, room - hang, b->size, b->bold);
	for (size_t i = 0; i < lines.n; i++)
		box_push(b, lines.v[i], indent + (i ? hang : 0));
	strlist_release(&lines);
}

static const struct prisma_items *
part_list(const struct prisma *p, const struct part *pt)
{
	switch (pt->list) {
	case L_SOURCES:
		return &p->sources[pt->box];
	case L_REASONS:
		return &p->reasons;
	case L_OTHER_REASONS:
		return &p->other_reasons;
	case L_NONE:
		break;
	}
	return NULL;
}

static void
box_items(struct box *b, const struct prisma_items *items, double indent)
{
	struct buf t = BUF_INIT;

	for (size_t i = 0; items && i < items->n; i++) {
		buf_reset(&t);
		if (items->v[i].name)
			svg_clean_text(&t, items->v[i].name);
		buf_addch(&t, ' ');
		add_count(&t, items->v[i].n);
		box_para(b, t.data, indent, HANG);
	}
	buf_release(&t);
}

static void
box_part(struct box *b, const struct part *pt, const struct prisma *p)
{
	const struct prisma_items *items = part_list(p, pt);
	struct buf t = BUF_INIT;
	double indent = 0;

	buf_adds(&t, pt->label);
	switch (pt->form) {
	case F_NONE:
		break;
	case F_TEXT:
		/* records found both ways are told in a note */
		if (pt->dagger && p->other_duplicates > 0)
			buf_adds(&t, DAGGER);
		if (pt->dagger)
			buf_addch(&t, ':');
		box_para(b, t.data, 0, 0);
		break;
	case F_COUNT:
		box_para(b, t.data, 0, 0);
		buf_reset(&t);
		add_count(&t, p->n[pt->box]);
		box_para(b, t.data, 0, 0);
		break;
	case F_ITEM:
		indent = INDENT;
		/* fall through */
	case F_TOTAL:
		buf_addch(&t, ' ');
		add_count(&t, p->n[pt->box]);
		if (pt->form == F_TOTAL && items && items->n)
			buf_addch(&t, ':');
		box_para(b, t.data, indent, HANG);
		box_items(b, items, indent + INDENT);
		break;
	}
	buf_release(&t);
}

/* The columns right of the databases' are for other methods. */
static int
slot_drawn(const struct prisma *p, enum slot s)
{
	return specs[s].col < C_OTHER || p->has_other;
}

/* Columns share the page: two boxes and an arrow's room per column. */
static void
place_columns(struct diagram *d)
{
	int cols = d->p->has_other ? 2 : 1;
	double x = MARGIN;

	d->box_w = (PAGE_W - 2 * MARGIN - BAND_W - BAND_GAP -
		    cols * SIDE_GAP - (cols - 1) * COL_GAP) / (2 * cols);
	d->col_x[C_BAND] = x;
	x += BAND_W + BAND_GAP;
	for (int c = C_DB; c < C_DB + 2 * cols; c++) {
		d->col_x[c] = x;
		x += d->box_w + (c == C_DB || c == C_OTHER ? SIDE_GAP : COL_GAP);
	}
}

static void
fill_boxes(struct diagram *d)
{
	for (int s = 0; s < S_COUNT; s++) {
		const struct spec *sp = &specs[s];
		struct box *b = &d->box[s];
		int head = sp->look != K_BOX;
		double w = d->col_x[sp->last] + d->box_w - d->col_x[sp->col];

		d->drawn[s] = slot_drawn(d->p, (enum slot)s);
		if (!d->drawn[s])
			continue;
		box_init(b, sp->id, sp->look, head ? HEAD_FONT : FONT, head, w);
		b->centred = sp->centred;
		for (size_t i = 0; i < 4 && sp->part[i].form != F_NONE; i++)
			box_part(b, &sp->part[i], d->p);
		b->h = box_text_h(b) + 2 * PAD;
	}
}

static void
fill_notes(struct diagram *d)
{
	struct buf t = BUF_INIT;
	double w = PAGE_W - 2 * MARGIN + 2 * PAD;

	box_init(&d->notes, "notes", K_BOX, NOTE_FONT, 0, w);
	for (size_t i = 0; i < sizeof(notes) / sizeof(*notes); i++)
		box_para(&d->notes, notes[i], 0, 0);
	if (d->p->has_other && d->p->other_duplicates > 0) {
		buf_adds(&t, DAGGER "Of the records identified via other "
			 "methods, ");
		svg_add_number(&t, d->p->other_duplicates);
		buf_adds(&t, " had already been identified via databases or "
			 "registers.");
		box_para(&d->notes, t.data, 0, 0);
	}
	box_para(&d->notes, cite, 0, 0);
	d->notes.h = box_text_h(&d->notes);
	buf_release(&t);
}

/* Each row as tall as its tallest box. */
static void
size_rows(struct diagram *d)
{
	for (int s = 0; s < S_COUNT; s++) {
		double *h = &d->row_h[specs[s].row];

		if (d->drawn[s] && d->box[s].h > *h)
			*h = d->box[s].h;
	}
}

/* A band is at least as tall as its label; its rows grow to make room. */
static void
size_bands(struct diagram *d)
{
	for (int i = 0; i < NBANDS; i++) {
		struct box *b = &d->band[i];
		double need, have = 0;
		int rows = bands[i].last - bands[i].first + 1;

		box_init(b, bands[i].id, K_BAND, HEAD_FONT, 1, BAND_W);
		box_push(b, bands[i].label, 0);
		need = svg_text_width(b->v[0].text, b->size, 1) + 4 * PAD;
		for (int r = bands[i].first; r <= bands[i].last; r++)
			have += d->row_h[r];
		have += (rows - 1) * ROW_GAP;
		if (have < need)
			for (int r = bands[i].first; r <= bands[i].last; r++)
				d->row_h[r] += (need - have) / rows;
	}
}

static void
place(struct diagram *d, double top)
{
	double y = top;

	for (int r = 0; r < R_COUNT; r++) {
		d->row_y[r] = y;
		y += d->row_h[r] + ROW_GAP;
	}
	for (int s = 0; s < S_COUNT; s++) {
		const struct spec *sp = &specs[s];
		struct box *b = &d->box[s];

		if (!d->drawn[s])
			continue;
		/* the header boxes of a row match; others sit in its middle */
		if (sp->look != K_BOX)
			b->h = d->row_h[sp->row];
		b->x = d->col_x[sp->col];
		b->y = d->row_y[sp->row] + (d->row_h[sp->row] - b->h) / 2;
	}
	for (int i = 0; i < NBANDS; i++) {
		struct box *b = &d->band[i];

		b->x = d->col_x[C_BAND];
		b->y = d->row_y[bands[i].first];
		b->h = d->row_y[bands[i].last] + d->row_h[bands[i].last] - b->y;
	}
	d->notes.x = MARGIN - PAD;
	d->notes.y = y - ROW_GAP + 2 * PAD;
	d->height = d->notes.y + d->notes.h + MARGIN;
}

static void
diagram_build(struct diagram *d, const struct prisma *p, const char *title)
{
	double top = MARGIN;

	memset(d, 0, sizeof(*d));
	d->p = p;
	place_columns(d);
	box_init(&d->title, "title", K_BOX, TITLE_FONT, 1,
		 PAGE_W - 2 * MARGIN + 2 * PAD);
	if (title && *title) {
		struct buf t = BUF_INIT;

		svg_clean_text(&t, title);
		box_para(&d->title, t.data, 0, 0);
		buf_release(&t);
		d->title.x = MARGIN - PAD;
		d->title.y = MARGIN;
		d->title.h = box_text_h(&d->title);
		top += d->title.h + ROW_GAP / 2;
	}
	fill_boxes(d);
	fill_notes(d);
	size_rows(d);
	size_bands(d);
	place(d, top);
}

static void
diagram_release(struct diagram *d)
{
	for (int s = 0; s < S_COUNT; s++)
		if (d->drawn[s])
			box_release(&d->box[s]);
	for (int i = 0; i < NBANDS; i++)
		box_release(&d->band[i]);
	box_release(&d->title);
	box_release(&d->notes);
}

static int
finish(FILE *f)
{
	return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

/* ---- SVG ---- */

static void
svg_group(FILE *f, const struct box *b)
{
	fprintf(f, "<g id=\"%s\" class=\"%s\"", b->id, looks[b->look].class);
	if (b->size != FONT)
		svg_attr(f, "font-size", b->size);
	if (b->bold)
		fputs(" font-weight=\"bold\"", f);
	if (b->centred)
		fputs(" text-anchor=\"middle\"", f);
	fputs(">\n", f);
}

static void
svg_rect(FILE *f, const struct box *b)
{
	fputs("<rect", f);
	svg_attr(f, "x", b->x);
	svg_attr(f, "y", b->y);
	svg_attr(f, "width", b->w);
	svg_attr(f, "height", b->h);
	if (looks[b->look].rx)
		svg_attr(f, "rx", looks[b->look].rx);
	fprintf(f, " fill=\"%s\" stroke=\"%s\"/>\n", looks[b->look].fill,
		looks[b->look].stroke);
}

/* The lines of a box, its text block in the middle of its height. */
static void
svg_lines(FILE *f, const struct box *b)
{
	double y = b->y + (b->h - box_text_h(b)) / 2 + ASCENT * b->size;

	for (size_t i = 0; i < b->n; i++) {
		fputs("<text", f);
		svg_attr(f, "x", b->centred ? b->x + b->w / 2 :
			 b->x + PAD + b->v[i].dx);
		svg_attr(f, "y", y);
		fputc('>', f);
		svg_escape(f, b->v[i].text);
		fputs("</text>\n", f);
		y += b->size * LEADING;
	}
}

static void
svg_box(FILE *f, const struct box *b, int framed)
{
	svg_group(f, b);
	if (framed)
		svg_rect(f, b);
	svg_lines(f, b);
	fputs("</g>\n", f);
}

/* A phase band: its label turned to read upwards, centred. */
static void
svg_band(FILE *f, const struct box *b)
{
	double cx = b->x + b->w / 2, cy = b->y + b->h / 2;

	svg_group(f, b);
	svg_rect(f, b);
	fputs("<text text-anchor=\"middle\"", f);
	svg_attr(f, "x", cx);
	/* the baseline a third of an em right of the middle centres the caps */
	svg_attr(f, "y", cy + 0.35 * b->size);
	fputs(" transform=\"rotate(-90 ", f);
	svg_num(f, cx);
	fputc(' ', f);
	svg_num(f, cy);
	fputs(")\">", f);
	svg_escape(f, b->v[0].text);
	fputs("</text>\n</g>\n", f);
}

static void
svg_arrow(FILE *f, const struct box *a, const struct box *b,
	  enum route route)
{
	double ax = a->x + a->w / 2, ay = a->y + a->h / 2;

	fputs("<path d=\"M", f);
	switch (route) {
	case GO_RIGHT:
		svg_num(f, a->x + a->w);
		fputc(' ', f);
		svg_num(f, ay);
		fputs(" H", f);
		svg_num(f, b->x);
		break;
	case GO_DOWN:
		svg_num(f, ax);
		fputc(' ', f);
		svg_num(f, a->y + a->h);
		fputs(" V", f);
		svg_num(f, b->y);
		break;
	case GO_DOWN_LEFT:
		svg_num(f, ax);
		fputc(' ', f);
		svg_num(f, a->y + a->h);
		fputs(" V", f);
		svg_num(f, b->y + b->h / 2);
		fputs(" H", f);
		svg_num(f, b->x + b->w);
		break;
	}
	fputs("\" marker-end=\"url(#arrowhead)\"/>\n", f);
}

static void
svg_head(FILE *f, const struct diagram *d, const char *title)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"", f);
	fprintf(f, " width=\"%gmm\"", PAGE_MM);
	fputs(" height=\"", f);
	svg_num(f, d->height * PAGE_MM / PAGE_W);
	fputs("mm\" viewBox=\"0 0 ", f);
	svg_num(f, PAGE_W);
	fputc(' ', f);
	svg_num(f, d->height);
	fprintf(f, "\" font-family=\"%s\" font-size=\"%g\" fill=\"#000000\">\n",
		FONT_STACK, FONT);
	fputs("<title>PRISMA 2020 flow diagram", f);
	if (title && *title) {
		struct buf t = BUF_INIT;

		svg_clean_text(&t, title);
		fputs(": ", f);
		svg_escape(f, t.data);
		buf_release(&t);
	}
	fputs("</title>\n<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\""
	      " refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
	      " orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\""
	      " fill=\"#000000\"/></marker></defs>\n"
	      "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", f);
}

int
prisma_write_svg(FILE *f, const struct prisma *p, const char *title)
{
	struct diagram d;

	diagram_build(&d, p, title);
	svg_head(f, &d, title);
	if (d.title.n)
		svg_box(f, &d.title, 0);
	for (int s = 0; s < S_COUNT; s++)
		if (d.drawn[s])
			svg_box(f, &d.box[s], 1);
	for (int i = 0; i < NBANDS; i++)
		svg_band(f, &d.band[i]);
	fputs("<g id=\"arrows\" fill=\"none\" stroke=\"#000000\">\n", f);
	for (size_t i = 0; i < sizeof(arrows) / sizeof(*arrows); i++)
		if (d.drawn[arrows[i].from] && d.drawn[arrows[i].to])
			svg_arrow(f, &d.box[arrows[i].from],
				  &d.box[arrows[i].to], arrows[i].route);
	fputs("</g>\n", f);
	svg_box(f, &d.notes, 0);
	fputs("</svg>\n", f);
	diagram_release(&d);
	return finish(f);
}

/* ---- dot ---- */

/* Inside a quoted label only these two are syntax ("\\l" ends a line). */
static void
dot_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* A box's lines, centred or left-aligned keeping their indents. */
static void
dot_label(FILE *f, const struct box *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (!b->centred)
			for (long k = lround(b->v[i].dx / 4); k > 0; k--)
				fputc(' ', f);
		dot_escape(f, b->v[i].text);
		fputs(b->centred ? "\\n" : "\\l", f);
	}
}

static void
dot_cluster(FILE *f, const struct diagram *d, enum slot head,
	    enum col first, enum col last)
{
	const struct box *h = &d->box[head];

	fprintf(f, "\tsubgraph cluster_%s {\n\t\tlabel=\"",
		head == S_DB_HEAD ? "dbr" : "other");
	dot_escape(f, specs[head].part[0].label);
	fprintf(f, "\";\n\t\tstyle=\"rounded,filled\"; fillcolor=\"%s\";\n",
		looks[h->look].fill);
	for (int s = 0; s < S_COUNT; s++) {
		if (!d->drawn[s] || specs[s].look != K_BOX ||
		    specs[s].col < first || specs[s].col > last)
			continue;
		fprintf(f, "\t\t%s [label=\"", specs[s].id);
		dot_label(f, &d->box[s]);
		fputs("\"];\n", f);
	}
	fputs("\t}\n", f);
}

/* Side boxes on the rank of the box their arrow leaves. */
static void
dot_ranks(FILE *f, const struct diagram *d)
{
	for (int r = R_IDENT; r < R_COUNT; r++) {
		int n = 0;

		for (int s = 0; s < S_COUNT; s++)
			n += d->drawn[s] && specs[s].row == (enum row)r;
		if (n < 2)
			continue;
		fputs("\t{ rank=same;", f);
		for (int s = 0; s < S_COUNT; s++)
			if (d->drawn[s] && specs[s].row == (enum row)r)
				fprintf(f, " %s;", specs[s].id);
		fputs(" }\n", f);
	}
}

static void
dot_edges(FILE *f, const struct diagram *d)
{
	for (size_t i = 0; i < sizeof(arrows) / sizeof(*arrows); i++) {
		enum slot a = arrows[i].from, b = arrows[i].to;
		int len = (int)specs[b].row - (int)specs[a].row;

		if (!d->drawn[a] || !d->drawn[b])
			continue;
		fprintf(f, "\t%s -> %s", specs[a].id, specs[b].id);
		/* other methods skip the screening rank */
		if (len > 1)
			fprintf(f, " [minlen=%d]", len);
		fputs(";\n", f);
	}
}

int
prisma_write_dot(FILE *f, const struct prisma *p, const char *title)
{
	struct diagram d;

	diagram_build(&d, p, title);
	fputs("digraph prisma {\n\tgraph [fontname=\"Helvetica,Arial,"
	      "sans-serif\", newrank=true, nodesep=0.4, ranksep=0.35", f);
	if (d.title.n) {
		fputs(", labelloc=t, fontsize=16, label=\"", f);
		dot_label(f, &d.title);
		fputc('"', f);
	}
	/*
	 * Boxes, not records: dot loses the edge between two records side
	 * by side on one rank.
	 */
	fputs("];\n\tnode [shape=box, fontname=\"Helvetica,Arial,"
	      "sans-serif\", fontsize=10, style=filled, fillcolor=\"#ffffff\"];\n"
	      "\tedge [arrowsize=0.7];\n", f);
	dot_cluster(f, &d, S_DB_HEAD, C_DB, C_DB_SIDE);
	if (d.drawn[S_OTHER_HEAD])
		dot_cluster(f, &d, S_OTHER_HEAD, C_OTHER, C_OTHER_SIDE);
	dot_ranks(f, &d);
	dot_edges(f, &d);
	fputs("\tnotes [label=\"", f);
	dot_label(f, &d.notes);
	fputs("\", shape=plaintext, fontsize=8];\n"
	      "\tnew_studies -> notes [style=invis];\n}\n", f);
	diagram_release(&d);
	return finish(f);
}
