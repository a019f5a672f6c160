/*
 * doc: a page built by hand with hostile text written as HTML and as
 * Markdown: well-formed (parsed with libxml2), every text escaped, the
 * figure inside the page byte for byte, rows, indents and notes in order.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static const char hostile[] = "<script>alert('x')</script> & | *bold* "
			      "[link](javascript:x) \"q\"\n# heading";
static const char svg[] = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://"
			  "www.w3.org/2000/svg\" width=\"10\" height=\"5\">"
			  "<text>&lt;é&gt;</text></svg>\n";

static void
build(struct doc *d)
{
	static const char *const head[] = { "Value", "n" };
	static const int numeric[] = { 0, 1 };
	const char *rows[][2] = {
		{ "Band", NULL }, { "Box", "27" }, { "Source", "13" },
		{ hostile, "1" },
	};

	memset(d, 0, sizeof(*d));
	doc_heading(d, 1, hostile);
	doc_text(d, "A paragraph with a bad byte: \xff and a tab\there.");
	doc_table(d, "Counts", "counts.csv", 2, head, numeric);
	doc_row(d, rows[0], 0, DOC_ROW_GROUP);
	doc_row(d, rows[1], 0, DOC_ROW_PLAIN);
	doc_row(d, rows[2], 2, DOC_ROW_PLAIN);
	doc_row(d, rows[3], 9, DOC_ROW_PLAIN);
	doc_note(d, "Percentages add up to more than 100.");
	doc_figure(d, "Flow diagram", "flow.svg", svg, strlen(svg));
}

static char *
render(int html, size_t *len)
{
	struct doc d;
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	build(&d);
	cr_assert_eq(html ? doc_write_html(f, &d, hostile) :
		     doc_write_md(f, &d), 0);
	fclose(f);
	doc_release(&d);
	return out;
}

static char *
xpath_text(xmlDocPtr x, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(x);
	xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	char *s = NULL;

	if (r && r->nodesetval && r->nodesetval->nodeNr > 0)
		s = (char *)xmlNodeGetContent(r->nodesetval->nodeTab[0]);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return s;
}

static int
count(xmlDocPtr x, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(x);
	xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	int n = r && r->nodesetval ? r->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return n;
}

static size_t
unbase64(const char *in, unsigned char *out)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0;
	unsigned long v = 0;
	int bits = 0;

	for (; *in && *in != '='; in++) {
		v = v << 6 | (unsigned long)(strchr(digits, *in) - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(v >> bits & 0xff);
		}
	}
	return n;
}

Test(doc, html_is_well_formed_and_escapes_every_text)
{
	size_t len;
	char *html = render(1, &len);
	xmlDocPtr x = xmlReadMemory(html, (int)len, "page.html", "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR);
	char *title, *h1, *cell, *p;

	cr_assert_not_null(x, "the page is not well-formed XML:\n%s", html);
	cr_assert_null(strstr(html, "<script"));
	title = xpath_text(x, "/html/head/title");
	h1 = xpath_text(x, "//h1");
	/* the text reads as typed, on one line */
	cr_assert_str_eq(title, "<script>alert('x')</script> & | *bold* "
			 "[link](javascript:x) \"q\" # heading");
	cr_assert_str_eq(h1, title);
	cell = xpath_text(x, "//tbody/tr[4]/td[1]");
	cr_assert_str_eq(cell, title);
	/* a byte that is not UTF-8 becomes U+FFFD, a tab a space */
	p = xpath_text(x, "//p[1]");
	cr_assert_str_eq(p, "A paragraph with a bad byte: \xef\xbf\xbd and a "
			 "tab here.");
	cr_assert_eq(count(x, "//style"), 1);
	xmlFree(title);
	xmlFree(h1);
	xmlFree(cell);
	xmlFree(p);
	xmlFreeDoc(x);
	free(html);
}

Test(doc, html_table_rows_classes_notes_and_file)
{
	size_t len;
	char *html = render(1, &len);
	xmlDocPtr x = xmlReadMemory(html, (int)len, "page.html", "UTF-8",
				    XML_PARSE_NONET);
	char *caption = xpath_text(x, "//figure[@class='table']/figcaption");
	char *note = xpath_text(x, "//ul[@class='notes']/li");
	char *link = xpath_text(x, "//p[@class='file']/a/@href");

	cr_assert_str_eq(caption, "Counts");
	cr_assert_eq(count(x, "//thead/tr/th"), 2);
	cr_assert_eq(count(x, "//tbody/tr"), 4);
	cr_assert_eq(count(x, "//tbody/tr[@class='group']"), 1);
	cr_assert_eq(count(x, "//tbody/tr[3]/td[@class='d2']"), 1);
	/* an indent past the deepest is the deepest */
	cr_assert_eq(count(x, "//tbody/tr[4]/td[@class='d3']"), 1);
	cr_assert_eq(count(x, "//td[@class='n']"), 4);
	cr_assert_str_eq(note, "Percentages add up to more than 100.");
	cr_assert_str_eq(link, "counts.csv");
	/* a table of few columns keeps its own width */
	cr_assert_eq(count(x, "//table[@class='wide']"), 0);
	xmlFree(caption);
	xmlFree(note);
	xmlFree(link);
	xmlFreeDoc(x);
	free(html);
}

Test(doc, html_figure_is_the_svg_itself)
{
	size_t len, n;
	char *html = render(1, &len);
	const char *mark = "src=\"data:image/svg+xml;base64,";
	char *start = strstr(html, mark), *end;
	unsigned char decoded[512];

	cr_assert_not_null(start);
	cr_assert_not_null(strstr(html, "<img alt=\"Flow diagram\""));
	start += strlen(mark);
	end = strchr(start, '"');
	cr_assert_not_null(end);
	*end = '\0';
	cr_assert_eq(strlen(start) % 4, 0);
	n = unbase64(start, decoded);
	cr_assert_eq(n, strlen(svg));
	cr_assert_eq(memcmp(decoded, svg, n), 0);
	free(html);
}

Test(doc, markdown_escapes_and_links)
{
	size_t len;
	char *md = render(0, &len);

	cr_assert_not_null(strstr(md, "# \\<script\\>alert('x')\\</script\\> "
				  "& \\| \\*bold\\* \\[link\\](javascript:x) "
				  "\"q\" \\# heading\n"), "%s", md);
	cr_assert_not_null(strstr(md, "**Counts**\n\n| Value | n |\n"
				  "| :--- | ---: |\n| **Band** |  |\n"
				  "| Box | 27 |\n| &emsp;&emsp;Source | 13 |\n"), "%s",
			   md);
	cr_assert_not_null(strstr(md, "\nPercentages add up to more than "
				  "100.\n\nThe same table as CSV: "
				  "[counts.csv](counts.csv)\n"));
	cr_assert_not_null(strstr(md, "\n![Flow diagram](flow.svg)\n"));
	free(md);
}

Test(doc, a_table_with_many_columns_takes_the_page_width)
{
	static const char *const head[] = { "a", "b", "c", "d", "e" };
	const char *row[] = { "1", "2", NULL, "4", "5" };
	struct doc d;
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	memset(&d, 0, sizeof(d));
	doc_table(&d, "Wide", NULL, 5, head, NULL);
	for (int i = 0; i < 100; i++)
		doc_row(&d, row, 0, DOC_ROW_PLAIN);
	cr_assert_eq(d.v[0].table.nrows, 100);
	cr_assert_eq(doc_write_html(f, &d, "t"), 0);
	fclose(f);
	cr_assert_not_null(strstr(out, "<table class=\"wide\">"));
	cr_assert_null(strstr(out, "The same table as CSV"));
	cr_assert_not_null(strstr(out, "<td>2</td><td></td><td>4</td>"));
	doc_release(&d);
	free(out);
}
