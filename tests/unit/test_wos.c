/*
 * Web of Science tagged text reader: real exports (Web of Science Core
 * Collection, Zoological Record), continuation lines, record boundaries,
 * and hostile input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* What the shared snapshot does not keep, for one chosen record. */
struct extra {
	long want;		/* 0-based position of the record to keep */
	long n;
	char *accession, *database, *volume, *issue, *publisher;
	char *lang0, *pubtype0, *kw[32];
	size_t n_kw;
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
keep_extra(void *ctx, struct record *r, struct sk_err *err)
{
	struct extra *x = ctx;

	(void)err;
	if (x->n++ != x->want)
		return 0;
	x->accession = dup_or_null(r->accession);
	x->database = dup_or_null(r->database);
	x->volume = dup_or_null(r->volume);
	x->issue = dup_or_null(r->issue);
	x->publisher = dup_or_null(r->publisher);
	x->lang0 = r->languages.n ? strdup(r->languages.v[0]) : NULL;
	x->pubtype0 = r->pubtypes.n ? strdup(r->pubtypes.v[0]) : NULL;
	for (size_t i = 0; i < r->keywords.n && i < 32; i++)
		x->kw[x->n_kw++] = strdup(r->keywords.v[i]);
	return 0;
}

static void
free_extra(struct extra *x)
{
	free(x->accession);
	free(x->database);
	free(x->volume);
	free(x->issue);
	free(x->publisher);
	free(x->lang0);
	free(x->pubtype0);
	for (size_t i = 0; i < x->n_kw; i++)
		free(x->kw[i]);
}

/* Read record number want (0-based) of a file into x. */
static void
extra_of(const char *path, long want, struct extra *x)
{
	struct sk_err err = SK_ERR_INIT;
	struct record_sink sink = { x, keep_extra, note_bad, NULL };
	struct input *in;

	memset(x, 0, sizeof(*x));
	x->want = want;
	cr_assert_eq(input_open(&in, path, &err), 0, "%s", err.msg);
	cr_assert_eq(wos_parse(in, &sink, &err), 0, "%s:%ld: %s", err.file,
		     err.line, err.msg);
	input_close(in);
}

static struct got *
wos_file(const char *path)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(parse_with(wos_parse, path, INPUT_ENC_AUTO, g, &err), 0,
		     "%s:%ld: %s", err.file, err.line, err.msg);
	return g;
}

static struct got *
wos_text(const char *text)
{
	return wos_file(write_tmp("t.ciw", text, strlen(text)));
}

TestSuite(wos, .init = make_tmp, .fini = drop_tmp);

Test(wos, core_collection_full_record)
{
	const char *path = C("ris/wos_tagged/knh_WoS_other_reference_"
			     "software_r4001-4012.txt");
	struct got *g = wos_file(path);
	struct extra x;

	cr_assert_eq(g->n, 12);
	cr_assert_eq(g->v[0].line, 3);
	STR_EQ(g->v[0].type, "JOUR");
	STR_EQ(g->v[0].title, "Caregivers' views on stigmatization and "
			      "discrimination of people affected by leprosy "
			      "in Ghana");
	/* AF, not AU: full given names */
	cr_assert_eq(g->v[0].n_authors, 3);
	STR_EQ(g->v[0].author0, "Asampong, Emmanuel");
	STR_EQ(g->v[0].family0, "Asampong");
	STR_EQ(g->v[0].given0, "Emmanuel");
	cr_assert_null(g->v[0].affil0);	/* C1 stays in the original */
	cr_assert_eq(g->v[0].year, 2018);
	STR_EQ(g->v[0].pubdate, "2018 JAN");
	STR_EQ(g->v[0].doi, "10.1371/journal.pntd.0006219");
	STR_EQ(g->v[0].pmid, "29377890");
	STR_EQ(g->v[0].journal, "PLOS NEGLECTED TROPICAL DISEASES");
	STR_EQ(g->v[0].abbrev, "Plos Neglect. Trop. Dis.");	/* JI over J9 */
	STR_EQ(g->v[0].issn, "1935-2735");
	STR_EQ(g->v[0].pages, "e0006219");	/* AR without BP */
	STARTS(g->v[0].abstract, "Background Leprosy is a condition that has "
				 "long been associated with stigma");
	STR_EQ(g->v[0].kw0, "MENTAL-HEALTH");
	STR_EQ(g->v[0].kwlast, "INDIA");
	cr_assert_eq(g->v[0].n_keywords, 3);

	extra_of(path, 0, &x);
	cr_assert_eq(x.n, 12);
	STR_EQ(x.accession, "WOS:000424022700066");
	STR_EQ(x.database, "Web of Science");
	STR_EQ(x.volume, "12");
	STR_EQ(x.issue, "1");
	STR_EQ(x.publisher, "PUBLIC LIBRARY SCIENCE");
	STR_EQ(x.lang0, "English");
	STR_EQ(x.pubtype0, "Article");
	free_extra(&x);
}

Test(wos, keywords_split_over_continuation_lines)
{
	const char *path = C("ris/wos_tagged/revtools_restoration_WoS.ciw");
	struct got *g = wos_file(path);
	struct extra x;

	cr_assert_eq(g->n, 247);
	/* title on two lines, joined with a space */
	STR_EQ(g->v[0].title, "Do magnetic phosphorus adsorbents used for lake "
			      "restoration impact on zooplankton community?");
	STR_EQ(g->v[0].author0, "Alvarez-Manzaneda, I.");
	STR_EQ(g->v[0].family0, "Alvarez-Manzaneda");
	STR_EQ(g->v[0].given0, "I.");
	cr_assert_eq(g->v[0].n_authors, 6);
	STR_EQ(g->v[0].pubdate, "2019 MAR 15");	/* PD MAR 15 + PY 2019 */
	cr_assert_eq(g->v[0].year, 2019);
	STR_EQ(g->v[0].pages, "598-607");
	STR_EQ(g->v[0].issn, "0048-9697");	/* SN before EI */
	STR_EQ(g->v[0].doi, "10.1016/j.scitotenv.2018.11.375");
	STR_EQ(g->v[0].pmid, "30529964");
	STR_EQ(g->v[0].journal, "SCIENCE OF THE TOTAL ENVIRONMENT");
	STARTS(g->v[0].abstract, "Magnetic microparticles (MPs) have been "
				 "recently proposed");
	/* DE (4) then ID (10), the ID list running over four lines */
	cr_assert_eq(g->v[0].n_keywords, 14);
	STR_EQ(g->v[0].kw0, "Magnetic particles");
	STR_EQ(g->v[0].kwlast, "SEDIMENT");

	extra_of(path, 0, &x);
	STR_EQ(x.accession, "WOS:000455039600059");
	STR_EQ(x.kw[3], "Lake restoration");
	STR_EQ(x.kw[6], "TROPHIC STATE INDEX");	/* across a line break */
	STR_EQ(x.kw[8], "FRESH-WATER");
	STR_EQ(x.kw[9], "CYLINDROSPERMOPSIS-RACIBORSKII");
	STR_EQ(x.volume, "656");
	free_extra(&x);
}

Test(wos, authors_from_au_without_af)
{
	struct got *g = wos_file(C("ris/wos_tagged/synthesisr_WoS_txt_"
				   "example.txt"));
	struct extra x;

	cr_assert_eq(g->n, 4);
	STR_EQ(g->v[0].title, "Soil fauna diversity at different stages of reed "
			      "restoration in a lakeshore wetland at Lake "
			      "Taihu, China");
	cr_assert_eq(g->v[0].n_authors, 10);	/* one per AU line */
	STR_EQ(g->v[0].author0, "Li, Wei");
	STR_EQ(g->v[0].family0, "Li");
	STR_EQ(g->v[0].given0, "Wei");
	STR_EQ(g->v[0].pubdate, "2020 DEC 16");	/* PD DEC 16 2020 */
	cr_assert_eq(g->v[0].year, 2020);
	STR_EQ(g->v[0].pages, "UNSP 1722034");
	STR_EQ(g->v[0].doi, "10.1080/20964129.2020.1722034");
	STR_EQ(g->v[0].issn, "2096-4129");
	cr_assert_null(g->v[0].pmid);
	STR_EQ(g->v[1].pages, "9-20");
	STR_EQ(g->v[1].author0, "Higgins, Kathleen Marie");

	extra_of(C("ris/wos_tagged/synthesisr_WoS_txt_example.txt"), 0, &x);
	STR_EQ(x.accession, "WOS:000514379300001");
	free_extra(&x);
}

Test(wos, zoological_record_with_bom)
{
	const char *path = C("ris/wos_tagged/synthesisr_zoorec.txt");
	struct got *g = wos_file(path);
	struct extra x;

	cr_assert_eq(g->n, 134);
	cr_assert_eq(g->v[0].line, 3);
	STR_EQ(g->v[0].title, "Nest site selection and nest survival of "
			      "Black-backed Woodpeckers after wildfire.");
	/* "(andrew.stillman@uconn.edu)" after the name is dropped */
	STR_EQ(g->v[0].author0, "Stillman, Andrew N.");
	STR_EQ(g->v[0].family0, "Stillman");
	STR_EQ(g->v[0].given0, "Andrew N.");
	cr_assert_eq(g->v[0].n_authors, 6);
	STR_EQ(g->v[0].journal, "Condor");
	STR_EQ(g->v[0].pubdate, "2019 Aug 1");
	cr_assert_eq(g->v[0].year, 2019);
	STR_EQ(g->v[0].issn, "0010-5422");
	STARTS(g->v[0].abstract, "Recently burned coniferous forests host "
				 "wildlife communities");
	cr_assert(strncmp(g->v[0].original, "PT J\nAN ZOOR15512090342\n",
			  24) == 0, "%.40s", g->v[0].original);

	extra_of(path, 0, &x);
	STR_EQ(x.accession, "ZOOREC:ZOOR15512090342");
	STR_EQ(x.lang0, "English");
	STR_EQ(x.volume, "121");
	STR_EQ(x.issue, "3");
	free_extra(&x);
}

Test(wos, every_corpus_file_counts)
{
	cr_assert_eq(wos_file(C("ris/wos_tagged/synthesisr_WoS_ciw_"
				"example.ciw"))->n, 5);
	cr_assert_eq(wos_file(C("ris/rispy/example_wos.ris"))->n, 2);
}

Test(wos, original_holds_every_line)
{
	static const char text[] =
		"FN Clarivate Analytics Web of Science\nVR 1.0\n"
		"PT J\nAU Smith, J\n   Lee, K\nAF Smith, John\n   Lee, Kim\n"
		"TI A title that goes\n   on here\nC1 [Smith, John] Univ A.\n"
		"   [Lee, Kim] Univ B.\nCA Trial Group\n"
		"DT Article; Early Access\nLA English; French\nPY 2001\n"
		"BP 5\nAR e12\nPM 123\nDI https://doi.org/10.1/xyz\nER\n"
		"\nEF\n";
	struct got *g = wos_text(text);
	const char *start = strstr(text, "PT J");
	size_t n = (size_t)(strstr(text, "\nER\n") - start) + 3;

	cr_assert_eq(g->n, 1);
	cr_assert_eq(g->v[0].line, 3);
	/* from "PT J" to "ER", nothing else */
	cr_assert_eq(strlen(g->v[0].original), n, "%s", g->v[0].original);
	cr_assert(!strncmp(g->v[0].original, start, n));
	STR_EQ(g->v[0].title, "A title that goes on here");
	STR_EQ(g->v[0].type, "JOUR");	/* the first PT */
	cr_assert_eq(g->v[0].n_authors, 3);	/* two persons and a group */
	STR_EQ(g->v[0].author0, "Smith, John");
	cr_assert_null(g->v[0].affil0);
	STR_EQ(g->v[0].pages, "5");	/* BP wins over AR */
	STR_EQ(g->v[0].pmid, "123");
	STR_EQ(g->v[0].doi, "10.1/xyz");
	STR_EQ(g->v[0].pubdate, "2001");
}

Test(wos, missing_er_ends_at_pt_ef_and_eof)
{
	struct got *g = wos_text("FN Clarivate Analytics Web of Science\n"
				 "VR 1.0\nPT J\nTI One\nPT B\nTI Two\nEF\n");
	struct got *h = wos_text("FN Thomson Reuters Web of Science\nVR 1.0\n"
				 "PT S\nTI Three\nPY 2010\n   ");

	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[0].title, "One");
	STR_EQ(g->v[0].original, "PT J\nTI One");
	STR_EQ(g->v[1].title, "Two");
	STR_EQ(g->v[1].type, "BOOK");
	cr_assert_eq(g->v[1].line, 5);
	cr_assert_eq(h->n, 1);
	STR_EQ(h->v[0].title, "Three");
	STR_EQ(h->v[0].type, "SER");
	cr_assert_eq(h->v[0].year, 2010);
}

Test(wos, types_from_pt)
{
	struct got *g = wos_text("PT P\nTI a\nER\nPT C\nTI b\nER\n"
				 "PT X\nTI c\nER\n");

	cr_assert_eq(g->n, 3);
	STR_EQ(g->v[0].type, "PAT");
	STR_EQ(g->v[1].type, "CONF");
	STR_EQ(g->v[2].type, "GEN");
}

Test(wos, header_only_is_an_error)
{
	static const char text[] =
		"FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n";
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *path = write_tmp("empty.ciw", text, strlen(text));

	cr_assert_eq(parse_with(wos_parse, path, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert(strstr(err.msg, "no Web of Science records found"), "%s",
		  err.msg);
	cr_assert_eq(g->n, 0);
}

Test(wos, title_over_1_mib_is_a_bad_record)
{
	struct buf b = BUF_INIT;
	struct got *g = new_got(1);
	struct sk_err err = SK_ERR_INIT;
	const char *path;

	buf_adds(&b, "FN Clarivate Analytics Web of Science\nVR 1.0\n"
		     "PT J\nTI Good\nER\n\nPT J\nTI x");
	for (int i = 0; i < 1100; i++) {
		buf_adds(&b, "\n   ");
		for (int k = 0; k < 1000; k++)
			buf_addch(&b, 'a');
	}
	buf_adds(&b, "\nPY 2020\nER\n\nPT J\nTI After\nER\nEF\n");
	path = write_tmp("big.ciw", b.data, b.len);
	buf_release(&b);

	cr_assert_eq(parse_with(wos_parse, path, INPUT_ENC_AUTO, g, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(g->n, 2);
	STR_EQ(g->v[0].title, "Good");
	STR_EQ(g->v[1].title, "After");
	cr_assert_eq(g->n_bad, 1);
	cr_assert_eq(g->bad_line[0], 7);
	cr_assert(strstr(g->bad_reason[0], "longer than 1 MiB"), "%s",
		  g->bad_reason[0]);
}

Test(wos, bad_record_stops_without_skip_bad)
{
	struct buf b = BUF_INIT;
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *path;

	buf_adds(&b, "PT J\nTI ");
	for (int k = 0; k < 1024 * 1024 + 8; k++)
		buf_addch(&b, 'a');
	buf_adds(&b, "\nER\n");
	path = write_tmp("big1.ciw", b.data, b.len);
	buf_release(&b);

	cr_assert_eq(parse_with(wos_parse, path, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(g->n_bad, 1);
	cr_assert_eq(g->n, 0);
	cr_assert_eq(err.kind, SK_E_INPUT);
}
