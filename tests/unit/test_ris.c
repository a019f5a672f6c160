/*
 * RIS reader: field mapping on real exports from many databases, and the
 * quirks (BOM, CRLF, lone CR, continuation lines, noise, missing ER or TY,
 * huge records, hostile values, bad lines).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct got *
ris_file(const char *path)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(parse_with(ris_parse, path, INPUT_ENC_AUTO, g, &err), 0,
		     "%s:%ld: %s", err.file, err.line, err.msg);
	return g;
}

static struct got *
ris_text(const char *text)
{
	return ris_file(write_tmp("t.ris", text, strlen(text)));
}

TestSuite(ris, .init = make_tmp, .fini = drop_tmp);

Test(ris, scopus)
{
	struct got *g = ris_file(C("ris/asreview/scopus.ris"));

	cr_assert_eq(g->n, 6);
	STARTS(g->v[0].title, "Stress and the brain-gut axis in functional");
	STR_EQ(g->v[0].author0, "Labanski, A.");
	STR_EQ(g->v[0].family0, "Labanski");
	STR_EQ(g->v[0].given0, "A.");
	cr_assert_eq(g->v[0].year, 2020);
	STR_EQ(g->v[0].doi, "10.1016/j.psyneuen.2019.104501");
	STR_EQ(g->v[0].journal, "Psychoneuroendocrinology");
	STR_EQ(g->v[0].issn, "0306-4530");
	STR_EQ(g->v[0].kw0, "Brain-gut axis");
	STARTS(g->v[0].abstract, "The broad role of stress in the brain-gut");
	/* the N1 reference list stays in the original text */
	cr_assert(strstr(g->v[0].original, "N1  - References:"));
}

Test(ris, web_of_science)
{
	struct got *g = ris_file(C("ris/asreview/web_of_science.txt"));

	cr_assert_eq(g->n, 10);
	STR_EQ(g->v[0].title, "Holding Yourself Captive: Perceptions of "
			      "Custody During Interviews and Interrogations");
	STR_EQ(g->v[0].author0, "Alceste, F");
	cr_assert_eq(g->v[0].n_authors, 3);
	cr_assert_eq(g->v[0].year, 2018);
	STR_EQ(g->v[0].doi, "10.1016/j.jarmac.2018.03.001");
	STR_EQ(g->v[0].journal,
	       "JOURNAL OF APPLIED RESEARCH IN MEMORY AND COGNITION");
	STR_EQ(g->v[0].issn, "2211-3681");
	STR_EQ(g->v[0].pages, "387-397");
	STR_EQ(g->v[0].kw0, "Police custody");
	STARTS(g->v[0].abstract, "Police custody activates important legal");
}

Test(ris, embase)
{
	struct got *g = ris_file(C("ris/asreview/embase.ris"));

	cr_assert_eq(g->n, 6);
	STR_EQ(g->v[0].title, "Duplication cysts: Diagnosis, management, and "
			      "the role of endoscopic ultrasound");
	STR_EQ(g->v[0].author0, "Liu R.");
	STR_EQ(g->v[0].family0, "Liu");
	STR_EQ(g->v[0].given0, "R.");
	cr_assert_eq(g->v[0].year, 2014);
	STR_EQ(g->v[0].doi, "10.4103/2303-9027.138783");
	STR_EQ(g->v[0].journal, "Endoscopic Ultrasound");
	STR_EQ(g->v[0].pages, "152-160");
	STR_EQ(g->v[0].kw0, "article");
	STARTS(g->v[0].abstract, "Gastrointestinal tract duplication cysts");
}

Test(ris, ovid)
{
	struct got *g = ris_file(C("ris/synthesisr/Ovid_ris_example.ris"));

	cr_assert_eq(g->n, 4);
	STR_EQ(g->v[0].title, "Detection of retention trees on clearcuts, a "
			      "50-year perspective.");
	STR_EQ(g->v[0].author0, "Holmstrom, E.");
	cr_assert_eq(g->v[0].year, 2020);
	STR_EQ(g->v[0].pubdate, "2020");	/* "2020//" */
	/* "DO  - http://dx.doi.org/10.4236/..." */
	STR_EQ(g->v[0].doi, "10.4236/ojf.2020.101008");
	STR_EQ(g->v[0].journal, "Open Journal of Forestry");
	STR_EQ(g->v[0].kw0, "aerial photography");
	STARTS(g->v[0].abstract, "Changes in clearcut management over time");
}

Test(ris, ovid_psycinfo_noise)
{
	struct got *g = ris_file(C("ris/asreview/ovid_psycinfo.ris"));

	/* "1.", "NL  - " after ER and "Link to the Ovid..." are noise */
	cr_assert_eq(g->n, 6);
	cr_assert_eq(g->v[0].line, 2);
	cr_assert_eq(g->v[1].line, 31);
	STR_EQ(g->v[0].doi, "10.1002/cpp.2398");
	cr_assert_null(g->v[0].pages);	/* "SP  - No", "EP  - Specified" */
	cr_assert_null(strstr(g->v[1].original, "Link to the Ovid"));
}

Test(ris, ebsco)
{
	struct got *g = ris_file(C("ris/synthesisr/ASP_ris_example.ris"));

	cr_assert_eq(g->n, 4);
	STARTS(g->v[0].title, "\xe2\x80\x9cLiving on the edge\xe2\x80\x9d: "
			      "The role of field margins");
	STR_EQ(g->v[0].author0, "Rodr\xc3\xadguez-Pastor, Ruth");
	cr_assert_eq(g->v[0].year, 2016);
	STR_EQ(g->v[0].journal, "Agriculture, Ecosystems & Environment");
	STR_EQ(g->v[0].pages, "206-217");
	STARTS(g->v[0].abstract, "Small rodents are common inhabitants");
}

Test(ris, cochrane)
{
	struct got *g = ris_file(
		C("ris/citation-file-formatting/_baseline_cochrane_endnote.ris"));

	/* "Record #3 of 18 / Provider / Content" preamble, "TY  -  JOUR" */
	cr_assert_eq(g->n, 3);
	STR_EQ(g->v[0].type, "JOUR");
	STARTS(g->v[0].title, "The Incredible Years Therapeutic Dinosaur");
	STR_EQ(g->v[0].author0, "Bywater, T");
	cr_assert_eq(g->v[0].year, 2011);
	STR_EQ(g->v[0].doi, "10.1186/1745-6215-12-39");
	STR_EQ(g->v[0].pmid, "21314913");	/* "C3  -  PUBMED 21314913" */
	STR_EQ(g->v[0].abbrev, "Trials");
	STR_EQ(g->v[0].kw0, "*school health service");
	STARTS(g->v[0].abstract, "BACKGROUND: School interventions");
}

Test(ris, psycinfo_pmid_tag)
{
	struct got *g = ris_file(C("ris/colrev/psycinfo_ris.ris"));

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].pmid, "33355555");	/* "PMID  - 33355555" */
	STR_EQ(g->v[0].title, "Primary Title");
	STR_EQ(g->v[0].author0, "Author-One, Matthias");
	STR_EQ(g->v[0].issn, "0222-6666");	/* the (Print) one */
	STR_EQ(g->v[0].pages, "1023-1095");
}

Test(ris, endnote_from_pubmed)
{
	struct got *g = ris_file(C("ris/asreview/pubmed_endnote.txt"));

	cr_assert_eq(g->n, 6);
	STR_EQ(g->v[0].title, "Boswellia serrata: an overall assessment of in "
			      "vitro, preclinical, pharmacokinetic and "
			      "clinical data");
	STR_EQ(g->v[0].author0, "Abdel-Tawab, M.");
	/* "AN  - 21553931" with "DP  - NLM" */
	STR_EQ(g->v[0].pmid, "21553931");
	STR_EQ(g->v[0].doi, "10.2165/11586800-000000000-00000");
	STR_EQ(g->v[0].pages, "349-69");
	cr_assert_eq(g->v[0].year, 2011);
}

Test(ris, dimensions_ids)
{
	struct got *g = ris_file(
		C("ris/citesource/new_stage_data_Dimensions_246.ris"));

	cr_assert_eq(g->n, 246);
	STR_EQ(g->v[0].pmid, "35957633");	/* "U1  - 35957633 [PMID]" */
	STR_EQ(g->v[0].pmcid, "PMC9359172");
	STR_EQ(g->v[0].journal, "European Journal of Psychotraumatology");
}

Test(ris, zotero_crlf_mixed)
{
	struct got *g = ris_file(C("ris/asysd/zotero_export.ris"));

	cr_assert_eq(g->n, 1000);
	for (long i = 0; i < g->n && i < 2000; i++) {
		cr_assert_null(strchr(g->v[i].title ? g->v[i].title : "", '\r'));
		cr_assert_not_null(g->v[i].type);
	}
}

Test(ris, lone_cr_splits_tags)
{
	struct got *g = ris_file(C("ris/asysd/wos_test.ris"));

	/* "...\rAN  - WOS:..." inside LF lines */
	cr_assert_eq(g->n, 50);
	for (long i = 0; i < g->n; i++)
		cr_assert_not_null(g->v[i].title);
	g = ris_text("TY  - JOUR\nTI  - a\rAU  - X, Y\rDO  - 10.1/z\nER  - \n");
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "a");
	STR_EQ(g->v[0].author0, "X, Y");
	STR_EQ(g->v[0].doi, "10.1/z");
}

Test(ris, bom_and_crlf)
{
	struct got *g = ris_text("\xef\xbb\xbfTY  - JOUR\r\nTI  - T\r\nER  - "
				 "\r\n");

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].type, "JOUR");
	STR_EQ(g->v[0].title, "T");
	STR_EQ(g->v[0].original, "TY  - JOUR\nTI  - T\nER  - ");
	g = ris_file(C("ris/rispy/example_bom.ris"));
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].type, "JOUR");
}

Test(ris, whole_file_lone_cr)
{
	struct got *g = ris_text("TY  - JOUR\rTI  - Old Mac\rER  - \r\rTY  - "
				 "BOOK\rTI  - Two\rER  - \r");

	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[1].title, "Two");
	cr_assert_eq(g->v[1].line, 5);
}

Test(ris, continuation_lines)
{
	struct got *g = ris_text("TY  - JOUR\nTI  - A long\n  title\n"
				 "AB  - First part\nsecond part\n\nNew "
				 "paragraph\nKW  - one\ntwo\nthree\n"
				 "DO  - 10.5/x\nnot a doi\nER  - \n");

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "A long title");
	STR_EQ(g->v[0].abstract, "First part second part\n\nNew paragraph");
	cr_assert_eq(g->v[0].n_keywords, 3);
	STR_EQ(g->v[0].kwlast, "three");
	STR_EQ(g->v[0].doi, "10.5/x");
	cr_assert(strstr(g->v[0].original, "\nnot a doi\n"));
}

Test(ris, keyword_continuations_in_corpus)
{
	struct got *g = ris_file(
		C("ris/citesource/working_example_data_AGRIS.ris"));

	cr_assert_eq(g->n, 12);
	STR_EQ(g->v[0].kw0, "species");
	cr_assert_eq(g->v[0].n_keywords, 8);
	g = ris_file(C("ris/asreview/schoot-lgmm-ptsd-included-2.ris"));
	cr_assert_eq(g->n, 38);
	STR_EQ(g->v[0].kw0, "Adolescent");
	cr_assert_gt(g->v[0].n_keywords, 5);
	STR_EQ(g->v[0].pmid, "25657356");	/* AN with DB NLM */
}

Test(ris, tag_separator_variants)
{
	struct got *g = ris_file(C("ris/rayyan_ref_parsers/example.ris"));

	/* "A1  -Bergel", "A1  -    Bray", a bare "ER", a record with no TY */
	cr_assert_eq(g->n, 3);
	cr_assert_eq(g->v[0].n_authors, 3);
	STR_EQ(g->v[0].author0, "Bergel, F");
	STR_EQ(g->v[0].pages, "238-245");
	cr_assert_null(g->v[1].type);
	STR_EQ(g->v[1].title, "second title");
	cr_assert_eq(g->v[1].line, 13);
	STR_EQ(g->v[2].title, "third title");
	g = ris_text("TY\t- JOUR\nA1\t- Tab, A\nKW - single\nER\n");
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].author0, "Tab, A");
	STR_EQ(g->v[0].kw0, "single");
}

Test(ris, missing_er_and_no_ty)
{
	struct got *g = ris_file(C("ris/colrev/loader_ris_data.ris"));

	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[0].title, "Title of a conference paper");
	STR_EQ(g->v[0].pmid, "12345678");	/* "PMID - 12345678" */
	/* the untagged "% Comment" before the next TY stays in the original */
	cr_assert(strstr(g->v[0].original, "% Comment"));
	STR_EQ(g->v[1].title, "Title of a journal paper");
	g = ris_text("TY  - JOUR\nTI  - last\n");	/* no ER at the end */
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "last");
	g = ris_file(C("ris/jabref/RisImporterCorrupted.ris"));
	cr_assert_eq(g->n, 1);
	cr_assert_null(g->v[0].type);
	STR_EQ(g->v[0].author0, "Harrison, Warren");
	STR_EQ(g->v[0].pubdate, "2001/09/01");
}

Test(ris, many_ty_in_one_record)
{
	struct got *g = ris_file(C("ris/jabref/RisImporterTest1.ris"));

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].type, "BOOK");	/* BOOK, the first TY */
	STR_EQ(g->v[0].title, "Editorial: Open Source and Empirical Software "
			      "Engineering:");
}

Test(ris, empty_type_and_unknown_tags)
{
	struct got *g = ris_text("TY  -\nTI  - x\nZZ  - kept\nER  -\n");

	cr_assert_eq(g->n, 1);
	cr_assert_null(g->v[0].type);
	cr_assert(strstr(g->v[0].original, "ZZ  - kept"));
	g = ris_file(C("ris/rispy/example_multi_unknown_tags.ris"));
	cr_assert_eq(g->n, 1);
	cr_assert(strstr(g->v[0].original, "JP  - "));
	g = ris_file(C("ris/asreview/baseline_reference_types.ris"));
	cr_assert_eq(g->n, 61);
}

Test(ris, stray_tags_are_noise)
{
	struct got *g = ris_file(
		C("ris/asreview/baseline_tag_and_field_definitions.ris"));

	/* "UK  - Unknown Tag" then "ER  -" after the record's ER */
	cr_assert_eq(g->n, 1);
}

Test(ris, many_authors)
{
	struct got *g = ris_file(C("ris/asreview/ris_many_authors.ris"));

	cr_assert_eq(g->n, 1);
	cr_assert_eq(g->v[0].n_authors, 7456);
}

Test(ris, dates_pages_doi_forms)
{
	struct got *g = ris_text(
		"TY  - JOUR\nPY  - 2019///\nSP  - 123\nEP  - 130\n"
		"DO  - https://doi.org/10.1000/ABC.1 10.1000/second\n"
		"SN  - 978-3-16-148410-0; 1234-567x (Print)\nER  - \n"
		"TY  - JOUR\nY1  - 2019/03/15/\nSP  - 5-9\nEP  - 9\n"
		"DO  - doi:10.2/y\nER  - \n");

	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[0].pubdate, "2019");
	cr_assert_eq(g->v[0].year, 2019);
	STR_EQ(g->v[0].pages, "123-130");
	STR_EQ(g->v[0].doi, "10.1000/ABC.1");
	STR_EQ(g->v[0].issn, "1234-567X");
	STR_EQ(g->v[1].pubdate, "2019/03/15");
	STR_EQ(g->v[1].pages, "5-9");
	STR_EQ(g->v[1].doi, "10.2/y");
}

Test(ris, sql_text_verbatim)
{
	struct got *g = ris_text("TY  - JOUR\nTI  - '); DROP TABLE record;--"
				 "\nER  - \n");

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "'); DROP TABLE record;--");
}

Test(ris, no_records_is_an_error)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *p = write_tmp("none.ris", "just some text\n\n", 16);

	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	STR_EQ(err.file, p);
	cr_assert(strstr(err.msg, "no RIS records found"));
}

Test(ris, field_too_long)
{
	size_t n = 2 * 1024 * 1024;
	char *text = malloc(n + 100);
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *p;
	size_t k = 0;

	k += (size_t)snprintf(text, 100, "TY  - JOUR\nAB  - x\n");
	for (size_t i = 0; i < 4096; i++) {
		memset(text + k, 'a', 511);
		text[k + 511] = '\n';
		k += 512;
	}
	k += (size_t)snprintf(text + k, 100, "ER  - \n");
	p = write_tmp("long.ris", text, k);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.line, 2);
	cr_assert(strstr(err.msg, "value of tag 'AB' is longer than 1 MiB"),
		  "%s", err.msg);
	free(text);
}

Test(ris, bad_line_skips_record)
{
	static const char text[] = "TY  - JOUR\nTI  - one\nER  - \n"
				   "TY  - JOUR\nTI  - caf\xe9\nER  - \n"
				   "TY  - JOUR\nTI  - three\nER  - \n";
	struct got *g = new_got(1);
	struct sk_err err = SK_ERR_INIT;
	const char *p = write_tmp("bad.ris", text, sizeof(text) - 1);

	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_UTF8, g, &err), 0);
	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[1].title, "three");
	cr_assert_eq(g->n_bad, 1);
	cr_assert_eq(g->bad_line[0], 4);	/* the record's first line */
	cr_assert(strstr(g->bad_reason[0], "line 5: byte 0xe9 is not valid "
					   "UTF-8"), "%s", g->bad_reason[0]);
	g = new_got(0);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_UTF8, g, &err), -1);
	cr_assert_eq(err.line, 5);
	cr_assert(strstr(err.msg, "--encoding"));
}

Test(ris, huge_line_is_an_error)
{
	size_t n = 20 * 1024 * 1024;
	char *text = malloc(n + 100);
	struct got *g = new_got(1);
	struct sk_err err = SK_ERR_INIT;
	const char *p;
	size_t k = (size_t)snprintf(text, 100, "TY  - JOUR\nTI  - ");

	memset(text + k, 'x', n);
	k += n;
	k += (size_t)snprintf(text + k, 100, "\nER  - \nTY  - JOUR\nTI  - ok"
				   "\nER  - \n");
	p = write_tmp("huge.ris", text, k);
	free(text);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), 0);
	cr_assert_eq(g->n_bad, 1);
	cr_assert_eq(g->bad_line[0], 1);
	cr_assert(strstr(g->bad_reason[0], "line 2: line is longer than 1 MiB"));
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "ok");
	g = new_got(0);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 2);
}

Test(ris, gzip_same_records)
{
	char cmd[1024], path[600];
	struct got *a = ris_file(C("ris/revtools/restoration_scopus.ris")), *b;

	snprintf(path, sizeof(path), "%s/s.ris.gz", tmpdir);
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' > '%s'",
		 C("ris/revtools/restoration_scopus.ris"), path);
	cr_assert_eq(system(cmd), 0);
	b = ris_file(path);
	cr_assert_eq(a->n, 286);
	cr_assert_eq(b->n, a->n);
	for (long i = 0; i < a->n; i++) {
		STR_EQ(b->v[i].title, a->v[i].title ? a->v[i].title : "(null)");
		STR_EQ(b->v[i].original, a->v[i].original);
	}
}
