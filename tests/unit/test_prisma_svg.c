/*
 * prisma_svg: the flow diagram drawn from counts filled in by hand: every
 * box's words and numbers, user text escaped, each line inside its box,
 * arrows from box to box, and the dot graph of the same flow.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prisma_svg.h"
#include "svg.h"
#include "xalloc.h"

/* The glyphs above and below a baseline, in em, as the diagram allows. */
#define ASCENT 0.93
#define DESCENT 0.24

/* ---- the reviews ---- */

static char long_reason[201];

static void
add_item(struct prisma_items *it, const char *name, long n)
{
	it->v = xgrow(it->v, &it->cap, it->n + 1, sizeof(*it->v));
	it->v[it->n].name = xstrdup(name);
	it->v[it->n].n = n;
	it->n++;
}

static void
release_items(struct prisma_items *it)
{
	for (size_t i = 0; i < it->n; i++)
		free(it->v[i].name);
	free(it->v);
}

static void
release(struct prisma *p)
{
	for (int b = 0; b <= PB_CITATIONS; b++)
		release_items(&p->sources[b]);
	release_items(&p->reasons);
	release_items(&p->other_reasons);
}

/* 200 characters: words, then one too long for any line. */
static const char *
make_long_reason(void)
{
	const char *start = "Population outside the protocol, see ";
	const char *url = "https://example.org/protocols/2024/"
			  "an-identifier-far-too-long-for-one-line-0123456789";

	snprintf(long_reason, sizeof(long_reason), "%s%s", start, url);
	while (strlen(long_reason) + 5 <= 200)
		memcpy(long_reason + strlen(long_reason), " word", 6);
	while (strlen(long_reason) < 200)
		memcpy(long_reason + strlen(long_reason), "s", 2);
	cr_assert_eq(strlen(long_reason), 200);
	return long_reason;
}

static const long counts[PB_COUNT] = {
	[PB_DATABASES] = 1234567,
	[PB_REGISTERS] = 120,
	[PB_WEBSITES] = 35,
	[PB_ORGANISATIONS] = 12,
	[PB_CITATIONS] = 48,
	[PB_DUPLICATES] = 1203,
	[PB_AUTOMATION] = 310,
	[PB_OTHER_REMOVED] = 7,
	[PB_SCREENED] = 2681,
	[PB_EXCLUDED] = 2039,
	[PB_SOUGHT] = 642,
	[PB_NOT_RETRIEVED] = 31,
	[PB_ASSESSED] = 611,
	[PB_REPORTS_EXCLUDED] = 540,
	[PB_OTHER_SOUGHT] = 95,
	[PB_OTHER_NOT_RETRIEVED] = 4,
	[PB_OTHER_ASSESSED] = 91,
	[PB_OTHER_EXCLUDED] = 44,
	[PB_STUDIES] = 83,
	[PB_REPORTS] = 118,
};

static void
fill(struct prisma *p, int has_other)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->n, counts, sizeof(counts));
	add_item(&p->sources[PB_DATABASES], "MEDLINE & PubMed <Ovid>", 4081);
	add_item(&p->sources[PB_DATABASES],
		 "Embase \"Elsevier\" 'EMTREE' \\ v2", 1200);
	add_item(&p->sources[PB_DATABASES], "CNKI 中国知网数据库", 300);
	add_item(&p->sources[PB_DATABASES],
		 "Base de données en santé publique — Épidémiologie", 81);
	add_item(&p->sources[PB_REGISTERS], "ClinicalTrials.gov", 100);
	add_item(&p->sources[PB_REGISTERS], "WHO ICTRP\tbell\x07" "end", 20);
	add_item(&p->sources[PB_WEBSITES], "Google Scholar", 35);
	add_item(&p->sources[PB_ORGANISATIONS], "Cochrane & Campbell", 12);
	add_item(&p->sources[PB_CITATIONS], "Backward citation chasing", 48);
	add_item(&p->reasons, "Wrong population", 300);
	add_item(&p->reasons, "Wrong outcome <primary>", 120);
	add_item(&p->reasons, make_long_reason(), 100);
	add_item(&p->reasons, "日本語の理由", 20);
	add_item(&p->other_reasons, "Wrong design", 30);
	add_item(&p->other_reasons, "No full text & \"other\"", 14);
	p->other_duplicates = 9;
	p->has_other = has_other;
}

/* The user texts as the diagram shows them: controls become spaces. */
static const char *const user_texts[] = {
	"MEDLINE & PubMed <Ovid> (n = 4,081)",
	"Embase \"Elsevier\" 'EMTREE' \\ v2 (n = 1,200)",
	"CNKI 中国知网数据库 (n = 300)",
	"Base de données en santé publique — Épidémiologie (n = 81)",
	"ClinicalTrials.gov (n = 100)",
	"WHO ICTRP bell end (n = 20)",
	"Wrong population (n = 300)",
	"Wrong outcome <primary> (n = 120)",
	"日本語の理由 (n = 20)",
};

/* Each box's words and numbers; joined lines, spaces aside. */
static const struct {
	const char *id, *text;
	int other;
} expected[] = {
	{ "dbr_header", "Identification of studies via databases and registers", 0 },
	{ "dbr_identified", "Records identified from*:", 0 },
	{ "dbr_identified", "Databases (n = 1,234,567)", 0 },
	{ "dbr_identified", "Registers (n = 120)", 0 },
	{ "dbr_identified", "MEDLINE & PubMed <Ovid> (n = 4,081)", 0 },
	{ "dbr_identified", "Embase \"Elsevier\" 'EMTREE' \\ v2 (n = 1,200)", 0 },
	{ "dbr_identified", "CNKI 中国知网数据库 (n = 300)", 0 },
	{ "dbr_identified", "WHO ICTRP bell end (n = 20)", 0 },
	{ "dbr_removed", "Records removed before screening:", 0 },
	{ "dbr_removed", "Duplicate records removed (n = 1,203)", 0 },
	{ "dbr_removed", "Records marked as ineligible by automation tools "
			 "(n = 310)", 0 },
	{ "dbr_removed", "Records removed for other reasons (n = 7)", 0 },
	{ "records_screened", "Records screened (n = 2,681)", 0 },
	{ "records_excluded", "Records excluded** (n = 2,039)", 0 },
	{ "dbr_sought_reports", "Reports sought for retrieval (n = 642)", 0 },
	{ "dbr_notretrieved_reports", "Reports not retrieved (n = 31)", 0 },
	{ "dbr_assessed", "Reports assessed for eligibility (n = 611)", 0 },
	{ "dbr_excluded", "Reports excluded (n = 540):", 0 },
	{ "dbr_excluded", "Wrong population (n = 300)", 0 },
	{ "dbr_excluded", "Wrong outcome <primary> (n = 120)", 0 },
	{ "dbr_excluded", "日本語の理由 (n = 20)", 0 },
	{ "new_studies", "Studies included in review (n = 83)", 0 },
	{ "new_studies", "Reports of included studies (n = 118)", 0 },
	{ "other_header", "Identification of studies via other methods", 1 },
	{ "other_identified", "Records identified from", 1 },
	{ "other_identified", "Websites (n = 35)", 1 },
	{ "other_identified", "Google Scholar (n = 35)", 1 },
	{ "other_identified", "Organisations (n = 12)", 1 },
	{ "other_identified", "Cochrane & Campbell (n = 12)", 1 },
	{ "other_identified", "Citation searching (n = 48)", 1 },
	{ "other_identified", "Backward citation chasing (n = 48)", 1 },
	{ "other_sought_reports", "Reports sought for retrieval (n = 95)", 1 },
	{ "other_notretrieved_reports", "Reports not retrieved (n = 4)", 1 },
	{ "other_assessed", "Reports assessed for eligibility (n = 91)", 1 },
	{ "other_excluded", "Reports excluded (n = 44):", 1 },
	{ "other_excluded", "Wrong design (n = 30)", 1 },
	{ "other_excluded", "No full text & \"other\" (n = 14)", 1 },
	{ "phase_identification", "Identification", 0 },
	{ "phase_screening", "Screening", 0 },
	{ "phase_included", "Included", 0 },
	{ "notes", "*Records identified from each database or register", 0 },
	{ "notes", "**Records excluded by reviewers", 0 },
	{ "notes", "records marked ineligible by automation rules are "
		   "counted before screening.", 0 },
	{ "notes", "9 had already been identified via databases", 1 },
};

/* ---- reading what was written ---- */

struct out {
	char *text;
	size_t len;
};

static struct out
write_with(int (*fn)(FILE *, const struct prisma *, const char *),
	   const struct prisma *p, const char *title)
{
	struct out o = { NULL, 0 };
	FILE *f = open_memstream(&o.text, &o.len);

	cr_assert_not_null(f);
	cr_assert_eq(fn(f, p, title), 0);
	cr_assert_eq(fclose(f), 0);
	return o;
}

static xmlDocPtr
parse_svg(const struct out *o)
{
	/* no XML_PARSE_NOENT: entities stay unexpanded, the network unused */
	xmlDocPtr doc = xmlReadMemory(o->text, (int)o->len, "prisma.svg", NULL,
				      XML_PARSE_NONET);
	xmlNodePtr root;

	cr_assert_not_null(doc, "the SVG is not well-formed XML");
	cr_assert_null(doc->intSubset, "the SVG has a DOCTYPE");
	root = xmlDocGetRootElement(doc);
	cr_assert_str_eq((const char *)root->name, "svg");
	return doc;
}

static int
named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

/* An attribute's value, or "" if missing; the caller frees. */
static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static double
num_attr(xmlNodePtr n, const char *name)
{
	char *s = attr(n, name);
	double v = strtod(s, NULL);

	free(s);
	return v;
}

/* An attribute set on the element or the nearest ancestor that has it. */
static char *
inherited(xmlNodePtr n, const char *name)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (xmlHasProp(n, (const xmlChar *)name))
			return attr(n, name);
	return xstrdup("");
}

static xmlNodePtr
find_id(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		xmlNodePtr hit;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlHasProp(n, (const xmlChar *)"id")) {
			char *v = attr(n, "id");
			int same = !strcmp(v, id);

			free(v);
			if (same)
				return n;
		}
		if ((hit = find_id(n->children, id)))
			return hit;
	}
	return NULL;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (named(n, name))
			return n;
	return NULL;
}

static char *
content(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = xstrdup((const char *)c);

	xmlFree(c);
	return s;
}

/* The lines of a box joined by spaces; the caller frees. */
static char *
box_text(xmlNodePtr g)
{
	size_t len = 0;
	char *all = xstrdup("");

	for (xmlNodePtr n = g->children; n; n = n->next) {
		char *line;

		if (!named(n, "text"))
			continue;
		line = content(n);
		all = xrealloc(all, len + strlen(line) + 2);
		memcpy(all + len, line, strlen(line) + 1);
		len += strlen(line);
		all[len++] = ' ';
		all[len] = '\0';
		free(line);
	}
	return all;
}

/* Without spaces: a line may break at any of them. */
static char *
squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
	return out;
}

static int
holds(const char *hay, const char *needle)
{
	char *h = squeeze(hay), *n = squeeze(needle);
	int ok = strstr(h, n) != NULL;

	free(h);
	free(n);
	return ok;
}

/* Every element, depth first. */
static void
walk(xmlNodePtr n, void (*fn)(xmlNodePtr, void *), void *ctx)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		fn(n, ctx);
		walk(n->children, fn, ctx);
	}
}

struct page {
	double w, h;
	int counts_may_break;
};

static struct page
view_box(xmlDocPtr doc)
{
	char *vb = attr(xmlDocGetRootElement(doc), "viewBox");
	struct page pg = { 0, 0, 0 };
	double x = -1, y = -1;

	cr_assert_eq(sscanf(vb, "%lf %lf %lf %lf", &x, &y, &pg.w, &pg.h), 4,
		     "viewBox \"%s\"", vb);
	cr_assert(x == 0 && y == 0 && pg.w > 0 && pg.h > 0);
	free(vb);
	return pg;
}

/* ---- the checks ---- */

static void
check_boxes(xmlDocPtr doc, int has_other)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);

	for (size_t i = 0; i < sizeof(expected) / sizeof(*expected); i++) {
		xmlNodePtr g = find_id(root, expected[i].id);
		char *text;

		if (expected[i].other && !has_other) {
			if (g) {
				text = box_text(g);
				cr_expect(!holds(text, expected[i].text),
					  "%s shows \"%s\" without other methods",
					  expected[i].id, expected[i].text);
				free(text);
			}
			continue;
		}
		cr_assert_not_null(g, "no box %s", expected[i].id);
		text = box_text(g);
		cr_expect(holds(text, expected[i].text),
			  "%s: \"%s\" not in \"%s\"", expected[i].id,
			  expected[i].text, text);
		free(text);
	}
}

static void
collect_text(xmlNodePtr n, void *ctx)
{
	char **all = ctx, *line;
	size_t len;

	if (!named(n, "text"))
		return;
	line = content(n);
	len = strlen(*all);
	*all = xrealloc(*all, len + strlen(line) + 2);
	memcpy(*all + len, line, strlen(line));
	(*all)[len + strlen(line)] = ' ';
	(*all)[len + strlen(line) + 1] = '\0';
	free(line);
}

static char *
all_text(xmlDocPtr doc)
{
	char *all = xstrdup("");

	walk(xmlDocGetRootElement(doc), collect_text, &all);
	return all;
}

/* A line's extent by the diagram's own measure, inside its frame. */
static void
check_line(xmlNodePtr t, void *ctx)
{
	const struct page *pg = ctx;
	xmlNodePtr rect = named(t->parent, "g") ? child(t->parent, "rect")
						: NULL;
	char *size_s = inherited(t, "font-size");
	char *weight = inherited(t, "font-weight");
	char *anchor = inherited(t, "text-anchor");
	char *turn = attr(t, "transform"), *line = content(t);
	double size = strtod(size_s, NULL);
	double w = svg_text_width(line, size, !strcmp(weight, "bold"));
	double x = num_attr(t, "x"), y = num_attr(t, "y");
	double left = !strcmp(anchor, "middle") ? x - w / 2 : x;
	double rx = 0, ry = 0, rw = pg->w, rh = pg->h;

	cr_assert(size > 0, "no font size for \"%s\"", line);
	if (rect) {
		rx = num_attr(rect, "x");
		ry = num_attr(rect, "y");
		rw = num_attr(rect, "width");
		rh = num_attr(rect, "height");
	}
	if (*turn) {
		double cx, cy;

		/* a band's label reads upwards, centred on the band */
		cr_assert_eq(sscanf(turn, "rotate(-90 %lf %lf)", &cx, &cy), 2,
			     "transform %s", turn);
		cr_expect(cy - w / 2 >= ry && cy + w / 2 <= ry + rh,
			  "\"%s\" overflows its band", line);
		cr_expect(cx > rx && cx < rx + rw);
	} else {
		cr_expect(left >= rx - 0.05 && left + w <= rx + rw + 0.05,
			  "\"%s\" (%.1f to %.1f) overflows %.1f to %.1f",
			  line, left, left + w, rx, rx + rw);
		cr_expect(y - ASCENT * size >= ry - 0.05 &&
			  y + DESCENT * size <= ry + rh + 0.05,
			  "\"%s\" at y %.1f outside %.1f to %.1f", line, y,
			  ry, ry + rh);
	}
	/* a count never breaks over two lines */
	if (strstr(line, "(n =") && !pg->counts_may_break)
		cr_expect(strchr(strstr(line, "(n ="), ')'),
			  "\"%s\" breaks its count", line);
	free(size_s);
	free(weight);
	free(anchor);
	free(turn);
	free(line);
}

static void
check_text_element(xmlNodePtr n, void *ctx)
{
	if (named(n, "text"))
		check_line(n, ctx);
}

struct frames {
	double r[64][4];
	int n;
	struct page pg;
};

static void
collect_frame(xmlNodePtr n, void *ctx)
{
	struct frames *fr = ctx;
	double *r;

	if (!named(n, "rect") || !named(n->parent, "g"))
		return;
	cr_assert_lt(fr->n, 64);
	r = fr->r[fr->n++];
	r[0] = num_attr(n, "x");
	r[1] = num_attr(n, "y");
	r[2] = r[0] + num_attr(n, "width");
	r[3] = r[1] + num_attr(n, "height");
	cr_expect(r[0] >= 0 && r[1] >= 0 && r[2] <= fr->pg.w &&
		  r[3] <= fr->pg.h, "a box lies outside the page");
}

static void
check_frames(xmlDocPtr doc, struct frames *fr)
{
	fr->n = 0;
	fr->pg = view_box(doc);
	walk(xmlDocGetRootElement(doc), collect_frame, fr);
	for (int i = 0; i < fr->n; i++)
		for (int j = i + 1; j < fr->n; j++) {
			const double *a = fr->r[i], *b = fr->r[j];

			cr_expect(a[2] <= b[0] || b[2] <= a[0] ||
				  a[3] <= b[1] || b[3] <= a[1],
				  "boxes %d and %d overlap", i, j);
		}
}

/* 1 if (x, y) lies on the border of a box. */
static int
on_frame(const struct frames *fr, double x, double y)
{
	for (int i = 0; i < fr->n; i++) {
		const double *r = fr->r[i];
		int in_x = x >= r[0] - 0.1 && x <= r[2] + 0.1;
		int in_y = y >= r[1] - 0.1 && y <= r[3] + 0.1;

		if ((in_x && (fabs(y - r[1]) < 0.1 || fabs(y - r[3]) < 0.1)) ||
		    (in_y && (fabs(x - r[0]) < 0.1 || fabs(x - r[2]) < 0.1)))
			return 1;
	}
	return 0;
}

/* Each arrow leaves a box and ends, with a head, on another. */
static int
check_arrows(xmlDocPtr doc, const struct frames *fr)
{
	xmlNodePtr g = find_id(xmlDocGetRootElement(doc), "arrows");
	int n = 0;

	cr_assert_not_null(g);
	for (xmlNodePtr a = g->children; a; a = a->next) {
		char *d, *marker, *s;
		double x0, y0, x, y;

		if (!named(a, "path"))
			continue;
		d = attr(a, "d");
		marker = attr(a, "marker-end");
		cr_expect_str_eq(marker, "url(#arrowhead)");
		cr_assert_eq(sscanf(d, "M%lf %lf", &x0, &y0), 2, "path %s", d);
		x = x0;
		y = y0;
		for (s = d + 1; (s = strpbrk(s, "HV")); s++) {
			if (*s == 'H')
				x = strtod(s + 1, NULL);
			else
				y = strtod(s + 1, NULL);
		}
		cr_expect(on_frame(fr, x0, y0), "arrow %s leaves no box", d);
		cr_expect(on_frame(fr, x, y), "arrow %s reaches no box", d);
		free(d);
		free(marker);
		n++;
	}
	cr_assert_not_null(find_id(xmlDocGetRootElement(doc), "arrowhead"));
	return n;
}

static void
check_svg(const struct prisma *p, const char *title)
{
	struct out o = write_with(prisma_write_svg, p, title);
	xmlDocPtr doc = parse_svg(&o);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct frames fr;
	char *all, *width = attr(root, "width");
	struct page pg = view_box(doc);

	cr_expect_str_eq(width, "210mm");
	check_boxes(doc, p->has_other);
	all = all_text(doc);
	for (size_t i = 0; i < sizeof(user_texts) / sizeof(*user_texts); i++)
		cr_expect(holds(all, user_texts[i]), "\"%s\" missing",
			  user_texts[i]);
	cr_expect(holds(all, long_reason), "the long reason is missing");
	cr_expect(holds(all, "(n = 100)"));
	walk(root, check_text_element, &pg);
	check_frames(doc, &fr);
	cr_expect_eq(check_arrows(doc, &fr), p->has_other ? 13 : 8);
	free(all);
	free(width);
	xmlFreeDoc(doc);
	free(o.text);
}

Test(prisma_svg, draws_both_columns)
{
	struct prisma p;

	fill(&p, 1);
	check_svg(&p, "Exercise & back pain: a <scoping> \"review\"");
	release(&p);
}

Test(prisma_svg, draws_databases_only)
{
	struct prisma p;

	fill(&p, 0);
	check_svg(&p, NULL);
	release(&p);
}

Test(prisma_svg, other_methods_absent_without_them)
{
	struct prisma p;
	struct out o;
	xmlDocPtr doc;
	char *all;

	fill(&p, 0);
	o = write_with(prisma_write_svg, &p, NULL);
	cr_expect_null(strstr(o.text, "id=\"other_"));
	doc = parse_svg(&o);
	all = all_text(doc);
	cr_expect_null(strstr(all, "other methods"));
	cr_expect_null(strstr(all, "Websites"));
	cr_expect_null(strstr(all, "Wrong design"));
	cr_expect_null(strstr(all, "\xe2\x80\xa0"), "dagger without its column");
	free(all);
	xmlFreeDoc(doc);
	free(o.text);
	release(&p);
}

Test(prisma_svg, title_and_user_text_are_escaped)
{
	struct prisma p;
	struct out o;
	xmlDocPtr doc;
	xmlNodePtr t;
	char *s;

	fill(&p, 1);
	o = write_with(prisma_write_svg, &p, "A <b>&amp; \"c\"\x01");
	cr_expect_not_null(strstr(o.text, "MEDLINE &amp; PubMed"));
	cr_expect_not_null(strstr(o.text, "&lt;Ovid&gt;"));
	cr_expect_not_null(strstr(o.text, "&quot;Elsevier&quot;"));
	cr_expect_null(strstr(o.text, "\x07"));
	cr_expect_null(strstr(o.text, "\x01"));
	doc = parse_svg(&o);
	t = child(xmlDocGetRootElement(doc), "title");
	cr_assert_not_null(t);
	s = content(t);
	cr_expect_str_eq(s, "PRISMA 2020 flow diagram: A <b>&amp; \"c\" ");
	free(s);
	s = box_text(find_id(xmlDocGetRootElement(doc), "title"));
	cr_expect(holds(s, "A <b>&amp; \"c\""), "heading \"%s\"", s);
	free(s);
	xmlFreeDoc(doc);
	free(o.text);
	release(&p);
}

/* No sources, no reasons; the widest numbers a long holds. */
Test(prisma_svg, empty_flow_and_extreme_numbers)
{
	for (int other = 0; other <= 1; other++) {
		struct prisma p;
		struct out o;
		xmlDocPtr doc;
		xmlNodePtr root;
		struct page pg;
		char *s;

		memset(&p, 0, sizeof(p));
		p.has_other = other;
		p.n[PB_STUDIES] = LONG_MAX;
		p.n[PB_REPORTS] = LONG_MIN;
		o = write_with(prisma_write_svg, &p, "");
		doc = parse_svg(&o);
		root = xmlDocGetRootElement(doc);
		s = box_text(find_id(root, "new_studies"));
		cr_expect(holds(s, "(n = 9,223,372,036,854,775,807)"), "%s", s);
		cr_expect(holds(s, "(n = -9,223,372,036,854,775,808)"), "%s", s);
		free(s);
		s = box_text(find_id(root, "dbr_excluded"));
		cr_expect(holds(s, "Reports excluded (n = 0)"), "%s", s);
		cr_expect_null(strchr(s, ':'), "a colon before no reasons: %s", s);
		free(s);
		cr_expect_null(find_id(root, "title"));
		pg = view_box(doc);
		/* too long for a narrow box, a count is cut like any word */
		pg.counts_may_break = other;
		walk(root, check_text_element, &pg);
		xmlFreeDoc(doc);
		free(o.text);
	}
}

Test(prisma_svg, page_prints_at_a4_width)
{
	struct prisma p;
	struct out o;
	xmlDocPtr doc;
	char *h;
	struct page pg;

	fill(&p, 1);
	o = write_with(prisma_write_svg, &p, NULL);
	doc = parse_svg(&o);
	pg = view_box(doc);
	h = attr(xmlDocGetRootElement(doc), "height");
	cr_assert(strstr(h, "mm"), "height %s", h);
	/* the page keeps the diagram's proportions */
	cr_expect(fabs(strtod(h, NULL) / 210.0 - pg.h / pg.w) < 0.001);
	free(h);
	xmlFreeDoc(doc);
	free(o.text);
	release(&p);
}

Test(prisma_svg, write_errors_are_reported)
{
	struct prisma p;
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		cr_skip_test("no /dev/full");
	fill(&p, 1);
	cr_expect_eq(prisma_write_svg(f, &p, "t"), -1);
	clearerr(f);
	cr_expect_eq(prisma_write_dot(f, &p, "t"), -1);
	fclose(f);
	release(&p);
}

Test(prisma_svg, measures_text)
{
	double e = svg_text_width("e", 10, 0);

	cr_expect_eq(svg_text_width("", 10, 0), 0);
	cr_expect(svg_text_width("W", 10, 0) >
		  svg_text_width("i", 10, 0));
	/* accents cost nothing, a wide CJK character a full em */
	cr_expect(fabs(svg_text_width("\xc3\xa9", 10, 0) - e) < 1e-9);
	cr_expect(fabs(svg_text_width("e\xcc\x81", 10, 0) - e) < 1e-9);
	cr_expect(fabs(svg_text_width("中", 10, 0) - 10) < 1e-9);
	cr_expect(svg_text_width("Records", 10, 1) >
		  svg_text_width("Records", 10, 0));
	cr_expect(svg_text_width("Records", 20, 0) >
		  svg_text_width("Records", 10, 0));
}

/* ---- dot ---- */

/* Braces balance outside strings, and every string ends. */
static void
check_dot_syntax(const char *s)
{
	int depth = 0, in_string = 0;

	for (; *s; s++) {
		if (in_string) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_string = 0;
			continue;
		}
		if (*s == '"')
			in_string = 1;
		else if (*s == '{')
			depth++;
		else if (*s == '}')
			cr_assert_geq(--depth, 0, "a closing brace too many");
	}
	cr_expect_eq(in_string, 0, "a string never ends");
	cr_expect_eq(depth, 0, "braces do not balance");
}

/* A node's label, unescaped, lines joined by spaces; NULL if none. */
static char *
dot_label(const char *dot, const char *id)
{
	char key[96], *out, *o;
	const char *s;

	snprintf(key, sizeof(key), "\t%s [label=\"", id);
	if (!(s = strstr(dot, key)))
		return NULL;
	o = out = xmalloc(strlen(s) + 1);
	for (s += strlen(key); *s && *s != '"'; s++) {
		if (*s == '\\') {
			s++;
			*o++ = (*s == 'n' || *s == 'l') ? ' ' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

static void
check_dot(const struct prisma *p)
{
	struct out o = write_with(prisma_write_dot, p, "Review \"X\" \\ Y");

	cr_assert(!strncmp(o.text, "digraph prisma {", 16));
	check_dot_syntax(o.text);
	cr_expect_not_null(strstr(o.text, "label=\"Review \\\"X\\\" \\\\ Y"));
	cr_expect_not_null(strstr(o.text, "subgraph cluster_dbr"));
	cr_expect_eq(strstr(o.text, "subgraph cluster_other") != NULL,
		     p->has_other);
	cr_expect_eq(strstr(o.text, "other_") != NULL, p->has_other);
	for (size_t i = 0; i < sizeof(expected) / sizeof(*expected); i++) {
		char *label;

		if (expected[i].other && !p->has_other)
			continue;
		if (strstr(expected[i].id, "header")) {
			cr_expect(strstr(o.text, expected[i].text),
				  "cluster \"%s\"", expected[i].text);
			continue;
		}
		if (!strncmp(expected[i].id, "phase_", 6))
			continue;
		label = dot_label(o.text, expected[i].id);
		cr_assert_not_null(label, "no node %s", expected[i].id);
		cr_expect(holds(label, expected[i].text),
			  "%s: \"%s\" not in \"%s\"", expected[i].id,
			  expected[i].text, label);
		free(label);
	}
	/* quotes and backslashes escaped (the labels above read back whole) */
	cr_expect_not_null(strstr(o.text, "\\\"Elsevier\\\""));
	cr_expect_null(strstr(o.text, "\x07"));
	cr_expect_not_null(strstr(o.text,
		"{ rank=same; records_screened; records_excluded; }"));
	cr_expect_not_null(strstr(o.text, "dbr_assessed -> new_studies;"));
	if (p->has_other) {
		cr_expect_not_null(strstr(o.text, "other_identified -> "
					  "other_sought_reports [minlen=2];"));
		cr_expect_not_null(strstr(o.text,
					  "other_assessed -> new_studies;"));
	}
	free(o.text);
}

Test(prisma_dot, both_columns)
{
	struct prisma p;

	fill(&p, 1);
	check_dot(&p);
	release(&p);
}

Test(prisma_dot, databases_only)
{
	struct prisma p;

	fill(&p, 0);
	check_dot(&p);
	release(&p);
}
