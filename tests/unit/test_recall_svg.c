/*
 * recall_svg: the plot is well-formed SVG with a step line per run that
 * starts at the origin and reaches full recall where the run did, the
 * random-order diagonal, and a hostile title kept as text.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recall_svg.h"

static xmlDocPtr
plot(const struct sim_run *runs, size_t n, const char *title)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	xmlDocPtr doc;

	cr_assert_not_null(f);
	cr_assert_eq(recall_svg_write(f, runs, n, 100, 4, title, "caption"),
		     0);
	cr_assert_eq(fclose(f), 0);
	doc = xmlReadMemory(text, (int)len, "recall.svg", NULL,
			    XML_PARSE_NONET);
	free(text);
	cr_assert_not_null(doc, "the SVG is not well-formed XML");
	return doc;
}

/* The elements named name, in document order. */
static size_t
find(xmlNodePtr n, const char *name, xmlNodePtr *out, size_t max)
{
	size_t k = 0;

	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    !strcmp((const char *)n->name, name) && k < max)
			out[k++] = n;
		k += find(n->children, name, out + k, max - k);
	}
	return k;
}

Test(recall_svg, runs_and_diagonal)
{
	size_t a[] = { 1, 5, 20, 60 }, b[] = { 2, 3, 4, 90 };
	struct sim_run runs[2];
	xmlNodePtr lines[64], texts[64];
	xmlDocPtr doc;
	xmlChar *pts;
	size_t n, dashed = 0, found = 0;

	memset(runs, 0, sizeof(runs));
	runs[0].seed = 0;
	runs[0].found_at = a;
	runs[0].nfound = 4;
	runs[1].seed = 7;
	runs[1].found_at = b;
	runs[1].nfound = 4;
	doc = plot(runs, 2, "Recall <&> \x01 title");
	n = find(xmlDocGetRootElement(doc), "polyline", lines, 64);
	cr_assert_eq(n, 2);
	/* drawn last first, so seed 0 lies on top; it rises four times */
	pts = xmlGetProp(lines[1], (const xmlChar *)"points");
	cr_expect_eq(strncmp((const char *)pts, "72,396 ", 7), 0, "%s", pts);
	for (const char *p = (const char *)pts; (p = strchr(p, ' ')); p++)
		found++;
	cr_expect_eq(found, 8);		/* 1 + 2 per find, space-separated */
	xmlFree(pts);
	n = find(xmlDocGetRootElement(doc), "line", lines, 64);
	for (size_t i = 0; i < n; i++) {
		xmlChar *d = xmlGetProp(lines[i],
					(const xmlChar *)"stroke-dasharray");

		dashed += d != NULL;
		xmlFree(d);
	}
	cr_expect_eq(dashed, 2);	/* the diagonal and its legend */
	n = find(xmlDocGetRootElement(doc), "text", texts, 64);
	cr_assert_gt(n, 0);
	{
		xmlChar *t = xmlNodeGetContent(texts[0]);

		cr_expect_str_eq((const char *)t, "Recall <&>   title");
		xmlFree(t);
	}
	xmlFreeDoc(doc);
}
