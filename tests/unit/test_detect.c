/*
 * Format detection, and every file of the text corpus: detection gives the
 * format in tests/corpus/text.tsv and the parser the exact record count.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Detect the format of a file; returns the detect result. */
static int
detect_file(const char *path, enum import_format *fmt, struct sk_err *err)
{
	struct input *in;
	int r;

	cr_assert_eq(input_open(&in, path, err), 0, "%s", err->msg);
	r = import_detect(in, fmt, err);
	input_close(in);
	return r;
}

static int
count_record(void *ctx, struct record *rec, struct sk_err *err)
{
	(void)rec;
	(void)err;
	(*(long *)ctx)++;
	return 0;
}

static int
stop_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	(void)ctx;
	return sk_fail(err, SK_E_INPUT, "bad", line, "%s", reason);
}

TestSuite(detect, .init = make_tmp, .fini = drop_tmp);

Test(detect, corpus_table)
{
	char path[1024], line[2048];
	FILE *tsv = fopen(TESTS_DIR "/corpus/text.tsv", "r");
	int rows = 0;

	cr_assert_not_null(tsv);
	while (fgets(line, sizeof(line), tsv)) {
		char *rel;
		char *save = NULL, *fmtname, *count;
		struct sk_err err = SK_ERR_INIT;
		enum import_format fmt = IMPORT_AUTO;
		struct input *in;
		long n = 0;
		struct record_sink sink = { &n, count_record, stop_bad, NULL };
		int r;

		if (line[0] == '#')
			continue;
		rel = strtok_r(line, "\t", &save);
		fmtname = strtok_r(NULL, "\t", &save);
		count = strtok_r(NULL, "\t", &save);
		cr_assert(rel && fmtname && count);
		snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, rel);
		cr_assert_eq(input_open(&in, path, &err), 0, "%s", err.msg);
		r = import_detect(in, &fmt, &err);
		if (!strcmp(fmtname, "refuse")) {
			cr_assert_eq(r, -1, "%s: detected as %s", rel,
				     import_format_name(fmt));
			cr_assert_eq(err.kind, SK_E_INPUT);
			cr_assert_str_eq(err.file, path);
			cr_assert_gt(strlen(err.msg), 10);
		} else {
			cr_assert_eq(r, 0, "%s: %s", rel, err.msg);
			cr_assert_str_eq(import_format_name(fmt), fmtname, "%s",
					 rel);
			r = fmt == IMPORT_RIS ? ris_parse(in, &sink, &err)
			    : fmt == IMPORT_WOS ? wos_parse(in, &sink, &err)
			    : fmt == IMPORT_CSV ? csv_parse(in, NULL, &sink, &err)
					        : medline_parse(in, &sink, &err);
			cr_assert_eq(r, 0, "%s: %s:%ld: %s", rel, err.file,
				     err.line, err.msg);
			cr_assert_eq(n, strtol(count, NULL, 10),
				     "%s: %ld records, expected %s", rel, n,
				     count);
		}
		input_close(in);
		rows++;
	}
	fclose(tsv);
	cr_assert_geq(rows, 160);
}

static void
assert_refused(const char *name, const void *data, size_t n, const char *msg)
{
	struct sk_err err = SK_ERR_INIT;
	enum import_format fmt;
	const char *path = write_tmp(name, data, n);

	cr_assert_eq(detect_file(path, &fmt, &err), -1, "%s", name);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_str_eq(err.file, path);
	cr_assert(strstr(err.msg, msg), "%s: message \"%s\"", name, err.msg);
}

static void
assert_detected(const char *name, const void *data, size_t n,
		enum import_format want)
{
	struct sk_err err = SK_ERR_INIT;
	enum import_format fmt = IMPORT_AUTO;
	const char *path = write_tmp(name, data, n);

	cr_assert_eq(detect_file(path, &fmt, &err), 0, "%s: %s", name, err.msg);
	cr_assert_eq(fmt, want, "%s", name);
}

Test(detect, empty_and_bom_only)
{
	assert_refused("empty.ris", "", 0, "file is empty");
	assert_refused("bom.ris", "\xef\xbb\xbf", 3, "file is empty");
	assert_refused("bom16.ris", "\xff\xfe", 2, "file is empty");
	assert_refused("blank.ris", "\n\n  \r\n", 5, "file is empty");
}

Test(detect, pdf_and_binary)
{
	static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\n";
	unsigned char junk[4096];

	assert_refused("paper.ris", pdf, sizeof(pdf) - 1,
		       "this is a PDF, not a bibliographic export");
	srand(7);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	junk[1] = 0;
	assert_refused("junk.ris", junk, sizeof(junk),
		       "binary data, not a text export");
}

Test(detect, xml)
{
	static const char pm[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE "
				 "PubmedArticleSet PUBLIC \"x\" \"y\">\n"
				 "<PubmedArticleSet><PubmedArticle/>"
				 "</PubmedArticleSet>\n";
	static const char book[] = "<PubmedBookArticle></PubmedBookArticle>";
	static const char endnote[] = "<?xml version=\"1.0\" encoding=\"UTF-8\""
				      " ?><xml><records><record/></records>"
				      "</xml>";
	/* pretty-printed, a comment first, a record mentioning PubMed */
	static const char endnote2[] = "\xef\xbb\xbf<?xml version=\"1.0\"?>\n"
				       "<!-- library -->\n<xml>\n  <records>\n"
				       "<record><notes>DOCTYPE PubmedArticleSet"
				       "</notes></record></records></xml>";
	static const char empty_library[] = "<xml><records/></xml>";
	static const char other_xml[] = "<xml><library><record/></library>"
					"</xml>";
	static const char esearch[] = "<?xml version=\"1.0\" ?>\n<!DOCTYPE "
				      "eSearchResult PUBLIC \"a\" \"b\">\n"
				      "<eSearchResult><Count>2</Count>"
				      "</eSearchResult>";
	static const char other[] = "<?xml version=\"1.0\"?><!-- c -->"
				    "<rss version=\"2.0\"></rss>";

	assert_detected("a.xml", pm, sizeof(pm) - 1, IMPORT_PUBMED);
	assert_detected("b.xml", book, sizeof(book) - 1, IMPORT_PUBMED);
	assert_detected("e.xml", endnote, sizeof(endnote) - 1, IMPORT_ENDNOTE);
	assert_detected("e2.xml", endnote2, sizeof(endnote2) - 1,
			IMPORT_ENDNOTE);
	assert_detected("e3.xml", empty_library, sizeof(empty_library) - 1,
			IMPORT_ENDNOTE);
	assert_refused("x.xml", other_xml, sizeof(other_xml) - 1,
		       "XML with root element <xml>, not PubMed or EndNote "
		       "XML");
	assert_refused("s.xml", esearch, sizeof(esearch) - 1,
		       "E-utilities esearch answer");
	assert_refused("o.xml", other, sizeof(other) - 1,
		       "XML with root element <rss>, not PubMed or EndNote "
		       "XML");
}

Test(detect, text_formats)
{
	static const char ris[] = "\xef\xbb\xbfTY  - JOUR\nTI  - x\nER  - \n";
	static const char med[] = "\nPMID- 1\nOWN - NLM\nTI  - x\n";
	static const char wos[] = "FN Thomson Reuters Web of Knowledge\n"
				  "VR 1.0\nPT J\nAU Li, W\nER\n";
	static const char ovid[] = "<1. >\nVN  - Ovid Technologies\n"
				   "DB  - Embase\nUI  - 1\nTI  - x\n";
	static const char bib[] = "@article{key,\n  title={x},\n}\n";
	static const char csv[] = "Title,Authors,Year\n\"x\",\"y\",2020\n";
	static const char semi[] = "sep=;\r\nArticle Title;Author\r\nx;y\r\n";
	static const char tabs[] = "\n\"ID\"\t\"title\"\t\"year\"\n1\tx\t2\n";
	static const char unknown[] = "Study,Registry,Start\nx,y,2020\n";
	static const char prose[] = "Dear colleague,\nhere are the papers.\n";

	assert_detected("a.ris", ris, sizeof(ris) - 1, IMPORT_RIS);
	assert_detected("a.txt", med, sizeof(med) - 1, IMPORT_MEDLINE);
	assert_detected("w.txt", wos, sizeof(wos) - 1, IMPORT_WOS);
	assert_refused("o.txt", ovid, sizeof(ovid) - 1, "Ovid tagged export");
	assert_refused("b.bib", bib, sizeof(bib) - 1, "BibTeX");
	assert_detected("c.csv", csv, sizeof(csv) - 1, IMPORT_CSV);
	assert_detected("s.csv", semi, sizeof(semi) - 1, IMPORT_CSV);
	assert_detected("t.tsv", tabs, sizeof(tabs) - 1, IMPORT_CSV);
	assert_refused("u.csv", unknown, sizeof(unknown) - 1,
		       "looks like a CSV file, but no column of its first line "
		       "is a title column scopekit knows: give --format csv "
		       "--map title=COLUMN");
	assert_refused("p.txt", prose, sizeof(prose) - 1,
		       "not a recognised export");
}

Test(detect, utf16)
{
	static const char le[] = "\xff\xfeT\0Y\0 \0 \0-\0 \0J\0O\0U\0R\0\n\0";
	static const char be[] = "\xfe\xff\0T\0Y\0 \0 \0-\0 \0J\0O\0U\0R\0\n";
	static const char nobom[] = "P\0M\0I\0D\0-\0 \0001\0\n\0T\0I\0 \0 \0"
				    "-\0 \0x\0\n\0";

	assert_detected("le.ris", le, sizeof(le) - 1, IMPORT_RIS);
	assert_detected("be.ris", be, sizeof(be) - 1, IMPORT_RIS);
	assert_detected("n.txt", nobom, sizeof(nobom) - 1, IMPORT_MEDLINE);
}

Test(detect, format_names)
{
	enum import_format f;

	cr_assert_str_eq(import_format_name(IMPORT_PUBMED), "pubmed");
	cr_assert_str_eq(import_format_name(IMPORT_MEDLINE), "medline");
	cr_assert_str_eq(import_format_name(IMPORT_RIS), "ris");
	cr_assert_str_eq(import_format_name(IMPORT_CSV), "csv");
	cr_assert_eq(import_format_parse("csv", &f), 0);
	cr_assert_eq(f, IMPORT_CSV);
	cr_assert_str_eq(import_format_name(IMPORT_ENDNOTE), "endnote");
	cr_assert_eq(import_format_parse("auto", &f), 0);
	cr_assert_eq(f, IMPORT_AUTO);
	cr_assert_eq(import_format_parse("ris", &f), 0);
	cr_assert_eq(f, IMPORT_RIS);
	cr_assert_eq(import_format_parse("medline", &f), 0);
	cr_assert_eq(f, IMPORT_MEDLINE);
	cr_assert_eq(import_format_parse("pubmed", &f), 0);
	cr_assert_eq(f, IMPORT_PUBMED);
	cr_assert_eq(import_format_parse("endnote", &f), 0);
	cr_assert_eq(f, IMPORT_ENDNOTE);
	cr_assert_eq(import_format_parse("bibtex", &f), -1);
}
