/*
 * MEDLINE (.nbib) reader: PubMed and ERIC exports, authors with their
 * affiliations and group authors, identifiers, and the format's quirks.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static struct got *
med_file(const char *path)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(parse_with(medline_parse, path, INPUT_ENC_AUTO, g, &err),
		     0, "%s:%ld: %s", err.file, err.line, err.msg);
	return g;
}

static struct got *
med_text(const char *text)
{
	return med_file(write_tmp("t.nbib", text, strlen(text)));
}

TestSuite(medline, .init = make_tmp, .fini = drop_tmp);

Test(medline, pubmed_nbib)
{
	struct got *g = med_file(C("medline/rayyan_example.nbib"));

	cr_assert_eq(g->n, 1);
	cr_assert_eq(g->v[0].line, 2);	/* after a leading blank line */
	STR_EQ(g->v[0].pmid, "27919275");
	STR_EQ(g->v[0].title,
	       "Rayyan-a web and mobile app for systematic reviews.");
	STR_EQ(g->v[0].type, "JOUR");
	cr_assert_eq(g->v[0].year, 2016);
	STR_EQ(g->v[0].pubdate, "2016 Dec 05");
	STR_EQ(g->v[0].doi, "10.1186/s13643-016-0384-4");
	STR_EQ(g->v[0].pmcid, "PMC5139140");
	STR_EQ(g->v[0].issn, "2046-4053");
	STR_EQ(g->v[0].pages, "210");
	/* six-space continuation lines join with a space */
	STARTS(g->v[0].abstract, "BACKGROUND: Synthesis of multiple randomized "
				 "controlled trials (RCTs) in a systematic "
				 "review can");
	STR_EQ(g->v[0].journal, "Systematic reviews");
	STR_EQ(g->v[0].abbrev, "Syst Rev");
}

Test(medline, authors_affiliations_groups)
{
	struct got *g = med_file(C("medline/revtools_restoration_pubmed.nbib"));
	int found_group = 0;

	cr_assert_eq(g->n, 104);
	STR_EQ(g->v[0].author0, "Wu, Dan");
	STR_EQ(g->v[0].family0, "Wu");
	STR_EQ(g->v[0].given0, "Dan");
	cr_assert_eq(g->v[0].n_authors, 5);	/* AU lines pair with FAU */
	STARTS(g->v[0].affil0, "Nanjing Institute of Environmental Sciences, "
			       "Ministry of Environmental");
	STR_EQ(g->v[0].issn, "1932-6203");
	for (long i = 0; i < g->n; i++)
		found_group += strstr(g->v[i].original, "CN  - EndoReCo") != NULL;
	cr_assert_eq(found_group, 1);
}

Test(medline, group_author_in_byline_order)
{
	struct got *g = med_text("PMID- 1\nTI  - t\nCN  - Trial Group\n"
				 "FAU - Smith, John\nAU  - Smith J\n"
				 "AD  - Place A\nAD  - Place B\nAU  - Lee K\n");

	cr_assert_eq(g->n, 1);
	cr_assert_eq(g->v[0].n_authors, 3);
	STR_EQ(g->v[0].author0, "Trial Group");
	cr_assert_eq(g->v[0].collective0, 1);
	cr_assert_null(g->v[0].family0);
}

Test(medline, mesh_and_keywords)
{
	struct got *g = med_file(C("medline/biopython_pubmed_result2.txt"));

	cr_assert_eq(g->n, 4);
	STR_EQ(g->v[0].title, "A high level interface to SCOP and ASTRAL "
			      "implemented in python.");
	STR_EQ(g->v[0].mesh0, "*Database Management Systems");
	STR_EQ(g->v[0].author0, "Casbon, James A");
	g = med_file(C("medline/synthesisr_res_synth_methods.txt"));
	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[0].pmid, "32336025");
	STR_EQ(g->v[0].doi, "10.1002/jrsm.1411");
	STR_EQ(g->v[0].kw0, "Data visualization");
	STR_EQ(g->v[0].author0, "McGuinness, Luke A");
	STR_EQ(g->v[0].journal, "Research synthesis methods");
}

Test(medline, eric)
{
	struct got *g = med_file(C("medline/colrev_eric_nbib.nbib"));

	cr_assert_eq(g->n, 1);
	cr_assert_null(g->v[0].pmid);
	STR_EQ(g->v[0].title, "Paper title");
	STR_EQ(g->v[0].author0, "Smith, Tom");
	cr_assert_eq(g->v[0].year, 2000);
	STR_EQ(g->v[0].doi, "10.1000/123456789");
	STR_EQ(g->v[0].issn, "1234-4567");
	STR_EQ(g->v[0].journal, "Journal Name");
	STR_EQ(g->v[0].kw0, "Keyword 1");
	STR_EQ(g->v[0].pages, "1-9");
	STR_EQ(g->v[0].abstract, "Abstract ...");
}

Test(medline, misnamed_ris)
{
	struct got *g = med_file(C("medline/cff__baseline_pubmed_misnamed.ris"));

	cr_assert_eq(g->n, 50);
	for (long i = 0; i < g->n; i++)
		cr_assert_not_null(g->v[i].pmid);
}

Test(medline, quirks)
{
	struct got *g = med_file(
		C("medline/jabref/MedlinePlainImporterTestMultipleEntries.txt"));

	cr_assert_eq(g->n, 7);
	g = med_text("PMID-22664220\nPT  - Technical Report\n"
		     "AID - doi:10.1016/j.cpr.2005.02.002\n\n"
		     "PMC - PMC123\nTI  - no pmid\nPMCR- 1\n"
		     "PMID- 5\nTI  - next without blank\nIS  - 1111-2222 "
		     "(Electronic)\nIS  - 3333-4444 (Print)\n"
		     "LID - 10.9/x [doi]\n");
	cr_assert_eq(g->n, 3);
	STR_EQ(g->v[0].pmid, "22664220");
	STR_EQ(g->v[0].doi, "10.1016/j.cpr.2005.02.002");
	cr_assert_null(g->v[1].pmid);
	STR_EQ(g->v[1].pmcid, "PMC123");
	STR_EQ(g->v[1].title, "no pmid");
	STR_EQ(g->v[2].pmid, "5");
	STR_EQ(g->v[2].issn, "3333-4444");	/* the print one first */
	STR_EQ(g->v[2].doi, "10.9/x");
}

Test(medline, book)
{
	struct got *g = med_text("PMID- 20301577\nBTI - GeneReviews\n"
				 "PB  - University of Washington\n"
				 "DP  - 1993\n");

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].type, "BOOK");
	STR_EQ(g->v[0].title, "GeneReviews");
}

Test(medline, no_records)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *p = write_tmp("x.txt", "\n\n", 2);

	cr_assert_eq(parse_with(medline_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert(strstr(err.msg, "no MEDLINE records found"));
}

Test(medline, bad_line_skips_record)
{
	static const char text[] = "PMID- 1\nTI  - one\n\nPMID- 2\nTI  - "
				   "b\x80\x80\nAB  - x\n\nPMID- 3\nTI  - three\n";
	struct got *g = new_got(1);
	struct sk_err err = SK_ERR_INIT;
	const char *p = write_tmp("b.txt", text, sizeof(text) - 1);

	cr_assert_eq(parse_with(medline_parse, p, INPUT_ENC_UTF8, g, &err), 0);
	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[1].pmid, "3");
	cr_assert_eq(g->bad_line[0], 4);
	cr_assert(strstr(g->bad_reason[0], "line 5: "));
}
