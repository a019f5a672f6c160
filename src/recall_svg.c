/*
 * recall_svg: one plot, its axes in records screened and share of the
 * relevant records found, each run a step line that rises at every find.
 */
#include "recall_svg.h"

#include "buf.h"
#include "svg.h"
#include "banned.h"

#define W 640.0
#define H 460.0
#define LEFT 72.0
#define RIGHT 24.0
#define TOP 70.0
#define BOTTOM 64.0
#define FONT 12.0

/* Colours that stay apart for the common kinds of colour blindness. */
static const char *const run_colours[] = {
	"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9",
};

struct frame {
	double x0, y0, w, h;	/* plot area: x0, y0 its bottom left */
	double N;
};

static double
px(const struct frame *fr, double screened)
{
	return fr->x0 + fr->w * screened / fr->N;
}

static double
py(const struct frame *fr, double recall)
{
	return fr->y0 - fr->h * recall;
}

static void
text(FILE *f, double x, double y, const char *anchor, double size, int bold,
     const char *s)
{
	fputs("<text", f);
	svg_attr(f, "x", x);
	svg_attr(f, "y", y);
	fprintf(f, " text-anchor=\"%s\" font-size=\"", anchor);
	svg_num(f, size);
	fprintf(f, "\"%s>", bold ? " font-weight=\"bold\"" : "");
	svg_escape(f, s);
	fputs("</text>\n", f);
}

static void
line(FILE *f, double x1, double y1, double x2, double y2, const char *style)
{
	fputs("<line", f);
	svg_attr(f, "x1", x1);
	svg_attr(f, "y1", y1);
	svg_attr(f, "x2", x2);
	svg_attr(f, "y2", y2);
	fprintf(f, " %s/>\n", style);
}

static void
axes(FILE *f, const struct frame *fr)
{
	struct buf b = BUF_INIT;
	const char *grid = "stroke=\"#dddddd\" stroke-width=\"1\"";

	for (int q = 0; q <= 4; q++) {
		double y = py(fr, q / 4.0);
		double x = px(fr, fr->N * q / 4.0);
		long at = (long)(fr->N * q / 4.0 + 0.5);

		line(f, fr->x0, y, fr->x0 + fr->w, y, grid);
		buf_reset(&b);
		buf_addf(&b, "%d%%", q * 25);
		text(f, fr->x0 - 8, y + FONT * 0.35, "end", FONT, 0, b.data);
		line(f, x, fr->y0, x, fr->y0 + 5, "stroke=\"#333333\"");
		buf_reset(&b);
		svg_add_number(&b, at);
		text(f, x, fr->y0 + 8 + FONT, "middle", FONT, 0, b.data);
	}
	line(f, fr->x0, fr->y0, fr->x0 + fr->w, fr->y0, "stroke=\"#333333\"");
	line(f, fr->x0, fr->y0, fr->x0, fr->y0 - fr->h, "stroke=\"#333333\"");
	text(f, fr->x0 + fr->w / 2, fr->y0 + 16 + 2 * FONT, "middle", FONT, 0,
	     "records screened");
	fputs("<text transform=\"rotate(-90)\"", f);
	svg_attr(f, "x", -(fr->y0 - fr->h / 2));
	svg_attr(f, "y", 18.0);
	fputs(" text-anchor=\"middle\" font-size=\"12\">relevant records "
	      "found</text>\n", f);
	buf_release(&b);
}

static void
run_line(FILE *f, const struct frame *fr, const struct sim_run *r, size_t R,
	 const char *colour)
{
	fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" "
		"points=\"", colour);
	svg_num(f, px(fr, 0));
	fputc(',', f);
	svg_num(f, py(fr, 0));
	for (size_t i = 0; i < r->nfound && i < R; i++) {
		double x = px(fr, (double)r->found_at[i]);

		fputc(' ', f);
		svg_num(f, x);
		fputc(',', f);
		svg_num(f, py(fr, (double)i / (double)R));
		fputc(' ', f);
		svg_num(f, x);
		fputc(',', f);
		svg_num(f, py(fr, (double)(i + 1) / (double)R));
	}
	fputs("\"/>\n", f);
}

static void
legend(FILE *f, const struct frame *fr, const struct sim_run *runs,
       size_t nruns)
{
	struct buf b = BUF_INIT;
	size_t shown = nruns < 6 ? nruns : 6;
	double x = fr->x0 + fr->w - 150;
	double y = fr->y0 - 16 - (double)shown * (FONT + 6);

	for (size_t i = 0; i < shown; i++, y += FONT + 6) {
		buf_reset(&b);
		buf_addf(&b, "stroke=\"%s\" stroke-width=\"2\"",
			 run_colours[i % 6]);
		line(f, x, y, x + 24, y, b.data);
		buf_reset(&b);
		buf_addf(&b, "seed %u", runs[i].seed);
		if (i + 1 == shown && nruns > shown)
			buf_addf(&b, " (and %zu more)", nruns - shown);
		text(f, x + 30, y + FONT * 0.35, "start", FONT, 0, b.data);
	}
	line(f, x, y, x + 24, y, "stroke=\"#888888\" stroke-dasharray=\"5,4\"");
	text(f, x + 30, y + FONT * 0.35, "start", FONT, 0, "random order");
	buf_release(&b);
}

int
recall_svg_write(FILE *f, const struct sim_run *runs, size_t nruns, size_t N,
		 size_t R, const char *title, const char *caption)
{
	struct frame fr = { LEFT, H - BOTTOM, W - LEFT - RIGHT,
			    H - TOP - BOTTOM, (double)(N ? N : 1) };
	struct buf b = BUF_INIT;

	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\"", f);
	svg_attr(f, "width", W);
	svg_attr(f, "height", H);
	fprintf(f, " viewBox=\"0 0 %d %d\" font-family=\"%s\">\n", (int)W,
		(int)H, SVG_FONT_STACK);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
	svg_clean_text(&b, title);
	text(f, LEFT, 26, "start", 15, 1, b.data);
	buf_reset(&b);
	svg_clean_text(&b, caption);
	text(f, LEFT, 46, "start", FONT, 0, b.data);
	buf_release(&b);
	axes(f, &fr);
	line(f, px(&fr, 0), py(&fr, 0), px(&fr, fr.N), py(&fr, 1),
	     "stroke=\"#888888\" stroke-dasharray=\"5,4\"");
	for (size_t i = nruns; i-- > 0;)
		run_line(f, &fr, &runs[i], R, run_colours[i % 6]);
	legend(f, &fr, runs, nruns);
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}
