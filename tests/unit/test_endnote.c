/*
 * test_endnote: the EndNote XML reader over the real corpus (counts from
 * tests/corpus/endnote.tsv), field by field on real records and on the
 * hand-written fixture, and over hostile input built in a temporary
 * folder: errors name the line and column.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "harness.h"
#include "buf.h"
#include "record.h"
#include "xalloc.h"

#define SWEEP CORPUS_DIR "/dedup/dedupe-sweep/"
#define SAMPLE FIXTURES_DIR "/endnote/sample.xml"

/* What the tests keep of one record: copies, since the parser reuses it. */
struct en_rec {
	long line;
	char *type, *title, *abstract, *journal, *abbrev, *issn, *pubdate;
	char *volume, *issue, *pages, *doi, *pmid, *pmcid, *url, *accession;
	char *database, *publisher, *original;
	int year;
	size_t n_authors;
	char *au_name, *au_family, *au_given, *last_au;
	char *languages, *pubtypes, *keywords;	/* joined by '|' */
};

struct en_got {
	struct en_rec *v;
	size_t n, cap;
	size_t n_bad;
	long bad_line;
	char bad_reason[1024];
	int skip_bad;
	size_t stop_after;	/* the record sink fails after this many */
};

static char *
dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *
join(const struct strlist *l)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addch(&b, '|');
		buf_adds(&b, l->v[i]);
	}
	return buf_detach(&b, NULL);
}

static void
copy_authors(struct en_rec *g, const struct record *r)
{
	g->n_authors = r->n_authors;
	if (!r->n_authors)
		return;
	g->au_name = dup(r->authors[0].name);
	g->au_family = dup(r->authors[0].family);
	g->au_given = dup(r->authors[0].given);
	g->last_au = dup(r->authors[r->n_authors - 1].name);
}

static int
sink_record(void *ctx, struct record *r, struct sk_err *err)
{
	struct en_got *got = ctx;
	struct en_rec *g;

	if (got->stop_after && got->n == got->stop_after)
		return sk_fail(err, SK_E_DB, "store", 0, "sink is full");
	got->v = xgrow(got->v, &got->cap, got->n + 1, sizeof(*got->v));
	g = &got->v[got->n++];
	memset(g, 0, sizeof(*g));
	g->line = r->line;
	g->type = dup(r->type);
	g->title = dup(r->title);
	g->abstract = dup(r->abstract);
	g->journal = dup(r->journal);
	g->abbrev = dup(r->journal_abbrev);
	g->issn = dup(r->issn);
	g->pubdate = dup(r->pubdate);
	g->volume = dup(r->volume);
	g->issue = dup(r->issue);
	g->pages = dup(r->pages);
	g->doi = dup(r->doi);
	g->pmid = dup(r->pmid);
	g->pmcid = dup(r->pmcid);
	g->url = dup(r->url);
	g->accession = dup(r->accession);
	g->database = dup(r->database);
	g->publisher = dup(r->publisher);
	g->original = xstrdup(r->original.data);
	g->year = r->year;
	copy_authors(g, r);
	g->languages = join(&r->languages);
	g->pubtypes = join(&r->pubtypes);
	g->keywords = join(&r->keywords);
	return 0;
}

static int
sink_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	struct en_got *got = ctx;

	got->n_bad++;
	got->bad_line = line;
	snprintf(got->bad_reason, sizeof(got->bad_reason), "%s", reason);
	if (got->skip_bad)
		return 0;
	return sk_fail(err, SK_E_INPUT, "sink", line, "%s", reason);
}

static void
release(struct en_got *got)
{
	for (size_t i = 0; i < got->n; i++) {
		struct en_rec *g = &got->v[i];
		char *all[] = {
			g->type, g->title, g->abstract, g->journal, g->abbrev,
			g->issn, g->pubdate, g->volume, g->issue, g->pages,
			g->doi, g->pmid, g->pmcid, g->url, g->accession,
			g->database, g->publisher, g->original, g->au_name,
			g->au_family, g->au_given, g->last_au, g->languages,
			g->pubtypes, g->keywords,
		};

		for (size_t j = 0; j < sizeof(all) / sizeof(all[0]); j++)
			free(all[j]);
	}
	free(got->v);
	memset(got, 0, sizeof(*got));
}

/* Parse path into got (kept from one call to the next unless released). */
static int
parse(const char *path, struct en_got *got, struct sk_err *err)
{
	struct record_sink sink = { got, sink_record, sink_bad, NULL };
	struct input *in;
	int rc;

	sk_err_clear(err);
	cr_assert_eq(input_open(&in, path, err), 0, "%s", err->msg);
	rc = endnote_parse(in, &sink, err);
	input_close(in);
	return rc;
}

static void
parse_ok(const char *path, struct en_got *got)
{
	struct sk_err err;

	cr_assert_eq(parse(path, got, &err), 0, "%s:%ld:%ld: %s", err.file,
		     err.line, err.column, err.msg);
}

static const char *
text(const char *name, const char *doc)
{
	return write_tmp(name, doc, strlen(doc));
}

TestSuite(endnote, .init = make_tmp, .fini = drop_tmp);

/* ---- the corpus, counted independently in tests/corpus/endnote.tsv ---- */

static void
check_row(const char *rel, long expected)
{
	char path[4096];
	struct en_got got = { 0 };
	struct sk_err err = SK_ERR_INIT;
	enum import_format fmt = IMPORT_AUTO;
	struct input *in;

	snprintf(path, sizeof(path), "%s/%s", CORPUS_DIR, rel);
	cr_assert_eq(input_open(&in, path, &err), 0, "%s", err.msg);
	cr_assert_eq(import_detect(in, &fmt, &err), 0, "%s: %s", rel, err.msg);
	cr_expect_eq(fmt, IMPORT_ENDNOTE, "%s: detected as %s", rel,
		     import_format_name(fmt));
	input_close(in);
	parse_ok(path, &got);
	cr_expect_eq((long)got.n, expected, "%s: %zu records, expected %ld",
		     rel, got.n, expected);
	cr_expect_eq(got.n_bad, 0);
	for (size_t i = 0; i < got.n; i++) {
		cr_expect_not_null(got.v[i].type, "%s: record %zu", rel, i);
		cr_expect(!strncmp(got.v[i].original, "<record>", 8));
	}
	release(&got);
}

Test(endnote, corpus_counts_match_tsv)
{
	FILE *f = fopen(TESTS_DIR "/corpus/endnote.tsv", "r");
	char line[2048];
	int rows = 0;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *rel = line, *format, *count;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		format = strchr(rel, '\t');
		cr_assert_not_null(format);
		*format++ = '\0';
		count = strchr(format, '\t');
		cr_assert_not_null(count);
		*count++ = '\0';
		cr_assert_str_eq(format, "endnote", "%s", rel);
		check_row(rel, strtol(count, NULL, 10));
		rows++;
	}
	fclose(f);
	cr_assert_geq(rows, 3);
}

/* ---- fields of real records ---- */

Test(endnote, copper_embase_nlm_and_cochrane_records)
{
	struct en_got got = { 0 };
	const struct en_rec *r;

	parse_ok(SWEEP "copper_endnote.xml.gz", &got);
	cr_assert_eq(got.n, 505);
	/* the Embase record: style runs joined, seven authors */
	r = &got.v[0];
	STR_EQ(r->type, "JOUR");
	STR_EQ(r->title, "Zinc, copper, CD4 T-cell count and some "
			 "hematological parameters of HIV-infected subjects "
			 "in Southern Nigeria");
	cr_expect_eq(r->n_authors, 7);
	STR_EQ(r->au_name, "Asemota, E. A.");
	STR_EQ(r->au_family, "Asemota");
	STR_EQ(r->au_given, "E. A.");
	STR_EQ(r->last_au, "Udomah, F.");
	cr_expect_eq(r->year, 2018);
	STR_EQ(r->journal, "Integrative Medicine Research");
	STR_EQ(r->doi, "10.1016/j.imr.2018.01.008");
	STR_EQ(r->pages, "53-60");
	STR_EQ(r->volume, "7");
	STR_EQ(r->issue, "1");
	STR_EQ(r->issn, "2213-4239");
	STR_EQ(r->database, "Embase");
	cr_expect_null(r->pmid);
	STARTS(r->keywords, "copper|hemoglobin|zinc|adult|");
	STARTS(r->abstract, "Background: Low concentration of trace elements");
	STR_EQ(r->languages, "English");
	STR_EQ(r->pubtypes, "Article");
	STARTS(r->url, "http://www.embase.com/search/results?");
	/* the same article from PubMed: the accession is the PMID */
	r = &got.v[1];
	STR_EQ(r->pmid, "29629291");
	cr_expect_null(r->accession);
	STR_EQ(r->database, "NLM");
	STR_EQ(r->pmcid, "PMC5884009");
	STR_EQ(r->issn, "2213-4220");	/* "2213-4220 (Print)" first */
	STR_EQ(r->pubdate, "2018 Mar");
	STR_EQ(r->journal, "Integr Med Res");
	/* Cochrane CENTRAL: "PUBMED 6401636" in custom3, CN- accession */
	r = &got.v[19];
	STARTS(r->title, "Two years' experience with two levonorgestrel-");
	STR_EQ(r->pmid, "6401636");
	STR_EQ(r->accession, "CN-00029950");
	cr_expect_null(r->database);
	STR_EQ(r->au_name, "Nilsson, C. G.");
	cr_expect_eq(r->year, 1983);
	STR_EQ(r->journal, "Fertility and sterility");
	/* POPLINE (PIP): its digits are not a PMID; CRs are paragraphs */
	r = &got.v[62];
	STR_EQ(r->accession, "12321237");
	STR_EQ(r->database, "PIP");
	cr_expect_null(r->pmid);
	STARTS(r->abstract, "This article offers a protocol for reducing");
	cr_expect(strstr(r->abstract, "\n\neng") != NULL, "%s", r->abstract);
	release(&got);
}

Test(endnote, copper_languages_and_generic_type)
{
	struct en_got got = { 0 };
	const struct en_rec *r;

	parse_ok(SWEEP "copper_endnote.xml.gz", &got);
	/* "Turkish\rEnglish": one language a line */
	r = &got.v[103];
	STR_EQ(r->languages, "Turkish|English");
	STR_EQ(r->pubtypes, "Conference Abstract");
	STR_EQ(r->au_name, "Gungor, M.");
	cr_expect_eq(r->year, 2014);
	/* ref-type Generic 13; titles/alt-title as the abbreviation */
	r = &got.v[157];
	STR_EQ(r->type, "GEN");
	STR_EQ(r->abbrev, "BJOG Int. J. Obstet. Gynaecol.");
	STR_EQ(r->doi, "10.1111/1471-0528.14572");
	STR_EQ(r->au_family, "Bryan-McInnes");
	cr_expect_eq(r->year, 2017);
	release(&got);
}

Test(endnote, respiratory_entities_and_sparse_records)
{
	struct en_got got = { 0 };
	const struct en_rec *r;

	parse_ok(SWEEP "respiratory_endnote.xml.gz", &got);
	cr_assert_eq(got.n, 1988);
	r = &got.v[0];
	STR_EQ(r->title, "Perioperative nutritional support in patients "
			 "undergoing hepatectomy for hepatocellular carcinoma");
	STR_EQ(r->au_family, "Ziegler");
	STR_EQ(r->journal, "Jpen: Journal of Parenteral & Enteral Nutrition");
	STR_EQ(r->pages, "91-92");
	STR_EQ(r->volume, "20");
	STR_EQ(r->issue, "1112");
	cr_expect_eq(r->year, 1996);
	cr_expect_null(r->abstract);
	cr_expect_null(r->doi);
	r = &got.v[2];
	STR_EQ(r->title, "[A study on the use of mycobacterium vaccine in the "
			 "treatment of tuberculous pleurisy]");
	STR_EQ(r->au_name, "Zhou, Xiangdong");
	STR_EQ(r->au_given, "Xiangdong");
	cr_expect_eq(r->n_authors, 3);
	cr_expect_eq(r->year, 2002);
	/* the last record has no authors at all */
	r = &got.v[1987];
	STR_EQ(r->title, "Clinical screening of epipodophyllotoxin VM26 in "
			 "malignant lymphomas and solid tumours");
	cr_expect_eq(r->n_authors, 0);
	STR_EQ(r->journal, "British Medical Journal");
	cr_expect_eq(r->year, 1972);
	release(&got);
}

Test(endnote, tafenoquine_pubmed_embase_and_wos_records)
{
	struct en_got got = { 0 };
	const struct en_rec *r;

	parse_ok(SWEEP "tafenoquine_endnote.xml.gz", &got);
	cr_assert_eq(got.n, 179);
	r = &got.v[0];
	STR_EQ(r->title, "8-Aminoquinoline Therapy for Latent Malaria");
	STR_EQ(r->au_name, "Baird, J. K.");
	cr_expect_eq(r->year, 2019);
	STR_EQ(r->pubdate, "2019 Sep 18");	/* the date holds no year */
	STR_EQ(r->doi, "10.1128/cmr.00011-19");
	STR_EQ(r->pmid, "31366609");
	STR_EQ(r->pmcid, "PMC6750137");
	STR_EQ(r->journal, "Clin Microbiol Rev");
	STR_EQ(r->issn, "0893-8512");
	STR_EQ(r->keywords, "Aminoquinolines/*therapeutic use|Antimalarials/"
			    "therapeutic use|Humans|Malaria/*drug therapy|"
			    "*8-aminoquinolines|*cyp2d6|*G6PD deficiency|"
			    "*Plasmodium vivax|*hemolytic toxicity|*latency|"
			    "*plasmochin|*primaquine|*tafenoquine|*therapy");
	STARTS(r->abstract, "The technical genesis and practice of "
			    "8-aminoquinoline therapy of latent malaria");
	/* an Embase book chapter typed Generic */
	r = &got.v[2];
	STR_EQ(r->type, "GEN");
	STR_EQ(r->title, "8-aminoquinolines: Primaquine and tafenoquine");
	STR_EQ(r->doi, "10.1007/978-3-0346-0480-2_4");
	STR_EQ(r->au_family, "Waters");
	STR_EQ(r->pages, "69-94");
	cr_expect_null(r->issn);	/* an ISBN only */
	/* Web of Science: the accession is not a PMID */
	r = &got.v[72];
	STR_EQ(r->accession, "WOS:000520500900002");
	cr_expect_null(r->pmid);
	STR_EQ(r->journal, "Malaria Journal");
	STR_EQ(r->abbrev, "Malar. J.");
	STR_EQ(r->doi, "10.1186/s12936-020-03184-x");
	STR_EQ(r->pubdate, "2020 Mar");
	STR_EQ(r->pubtypes, "Review");
	/* periodical/abbr-1 before titles/alt-title */
	r = &got.v[81];
	STR_EQ(r->abbrev, "Pharmacogenet. Genomics");
	STR_EQ(r->journal, "Pharmacogenetics and Genomics");
	STR_EQ(r->au_name, "St Jean, P. L.");
	STR_EQ(r->au_family, "St Jean");
	cr_expect_eq(r->n_authors, 18);
	release(&got);
}

/* Every original is well-formed XML, from <record> to </record>. */
Test(endnote, original_text_is_the_record_as_read)
{
	struct en_got got = { 0 };
	const char *o;

	parse_ok(SWEEP "respiratory_endnote.xml.gz", &got);
	o = got.v[0].original;
	STARTS(o, "<record><database name=\"Respiratory.enl\" path=\"C:\\Users"
		  "\\jrathbon\\Dropbox\\Bigger UT\\Deduplication datasets");
	cr_expect(strstr(o, "<ref-type name=\"Journal Article\">17"
			 "</ref-type>"));
	cr_expect(strstr(o, "<secondary-title><style face=\"normal\" "
			 "font=\"default\" size=\"100%\">Jpen: Journal of "
			 "Parenteral &amp; Enteral Nutrition</style>"
			 "</secondary-title>"));
	cr_expect(strstr(o, "<caption><style face=\"normal\" font=\"default\" "
			 "size=\"100%\">Duplicate</style></caption>"));
	cr_expect_str_eq(o + strlen(o) - 16, "<urls/></record>");
	release(&got);

	parse_ok(SWEEP "tafenoquine_endnote.xml.gz", &got);
	/* a line break inside a field survives as a character reference */
	cr_expect(strstr(got.v[0].original,
			 "kbaird@eocru.org.&#13;Centre for Tropical Medicine"));
	for (size_t i = 0; i < got.n; i++) {
		o = got.v[i].original;
		xmlDocPtr doc = xmlReadMemory(o, (int)strlen(o), "record.xml",
					      NULL, XML_PARSE_NONET);

		cr_expect_not_null(doc, "record %zu: not well-formed", i);
		xmlFreeDoc(doc);
	}
	release(&got);
}

/* ---- the hand-written fixture ---- */

Test(endnote, fixture_style_runs_authors_keywords)
{
	struct en_got got = { 0 };
	const struct en_rec *r;

	parse_ok(SAMPLE, &got);
	cr_assert_eq(got.n, 8);
	r = &got.v[0];
	cr_expect_eq(r->line, 4);
	STR_EQ(r->type, "JOUR");
	/* three runs, one over a line break, and &amp; */
	STR_EQ(r->title, "Effect of Lactobacillus on low back pain & "
			 "disability");
	/* authors, not the editor; a name split between two runs */
	cr_expect_eq(r->n_authors, 4);
	STR_EQ(r->au_name, "Smith, John A.");
	STR_EQ(r->au_family, "Smith");
	STR_EQ(r->au_given, "John A.");
	STR_EQ(r->last_au, "Back Pain Study Group,");
	cr_expect(strstr(r->original, "<author><style face=\"normal\" "
			 "font=\"default\" size=\"100%\">Garc</style>"));
	STR_EQ(r->journal, "Journal of Back Pain Research");
	STR_EQ(r->abbrev, "J Back Pain Res");
	STR_EQ(r->pages, "123-130");
	STR_EQ(r->volume, "12");
	STR_EQ(r->issue, "3");
	STR_EQ(r->keywords, "Low Back Pain/*therapy|Probiotics|primary care");
	cr_expect_eq(r->year, 2021);
	STR_EQ(r->pubdate, "2021 Mar 15");
	STR_EQ(r->issn, "8765-432X");	/* the one marked print */
	STR_EQ(r->doi, "10.1234/jbpr.2021.0003");
	STR_EQ(r->pmid, "34567890");	/* not the notes' 11111111 */
	cr_expect_null(r->accession);
	STR_EQ(r->pmcid, "PMC8000001");
	STR_EQ(r->database, "NLM");
	STR_EQ(r->abstract, "BACKGROUND: Low back pain is common.\n\n"
			    "METHODS: We randomised 120 adults.\n\n"
			    "RESULTS: Pain fell.");
	STR_EQ(r->pubtypes, "Randomized Controlled Trial");
	STR_EQ(r->url, "https://pubmed.ncbi.nlm.nih.gov/34567890/");
	release(&got);
}

Test(endnote, fixture_types_ids_urls_dates)
{
	struct en_got got = { 0 };
	const struct en_rec *v;

	parse_ok(SAMPLE, &got);
	v = got.v;
	/* a book without <style> runs; an ISBN is not an ISSN */
	STR_EQ(v[1].type, "BOOK");
	cr_expect_eq(v[1].line, 54);
	STR_EQ(v[1].au_name, "Lee, K.");
	STR_EQ(v[1].publisher, "Example Press");
	cr_expect_null(v[1].issn);
	STR_EQ(v[1].languages, "English|French");
	/* a book section: the book is the journal; the editor is no author */
	STR_EQ(v[2].type, "CHAP");
	STR_EQ(v[2].journal, "Models of Care in Musculoskeletal Health");
	cr_expect_eq(v[2].n_authors, 1);
	STR_EQ(v[2].au_family, "Hill");
	STR_EQ(v[2].au_given, "JC");
	STR_EQ(v[2].pubdate, "2019/06/01");
	STR_EQ(v[2].pages, "45-67");
	STR_EQ(v[3].type, "CPAPER");
	STR_EQ(v[3].doi, "10.5555/conf.2020.12");
	/* a number without a name */
	STR_EQ(v[4].type, "THES");
	cr_expect_eq(v[4].year, 2018);
	STR_EQ(v[4].pubdate, "c2018");
	/* the web page: the file link is skipped */
	STR_EQ(v[5].type, "ELEC");
	STR_EQ(v[5].url, "http://example.org/guideline");
	cr_expect_eq(v[5].year, 0);
	/* an unknown type; a PMID from an old Entrez link only */
	STR_EQ(v[6].type, "GEN");
	STR_EQ(v[6].pmid, "9876543");
	STR_EQ(v[6].accession, "123456789012");
	/* Embase's nine digits are not a PMID; Cochrane's custom3 is */
	STR_EQ(v[7].accession, "620761946");
	STR_EQ(v[7].database, "Embase Medline");
	STR_EQ(v[7].pmid, "31234567");
	STR_EQ(v[7].pubdate, "2020/05/04");
	cr_expect_eq(v[7].line, 104);
	release(&got);
}

/* Each EndNote type by name, by number alone, and unknown ones. */
Test(endnote, reference_types_map_to_ris_codes)
{
	static const struct {
		const char *ref_type;
		const char *code;
	} cases[] = {
		{ "<ref-type name=\"Journal Article\">17</ref-type>", "JOUR" },
		{ "<ref-type name=\"Book\">6</ref-type>", "BOOK" },
		{ "<ref-type name=\"Book Section\">5</ref-type>", "CHAP" },
		{ "<ref-type name=\"Conference Proceedings\">10</ref-type>",
		  "CONF" },
		{ "<ref-type name=\"Conference Paper\">47</ref-type>",
		  "CPAPER" },
		{ "<ref-type name=\"Thesis\">32</ref-type>", "THES" },
		{ "<ref-type name=\"Report\">27</ref-type>", "RPRT" },
		{ "<ref-type name=\"Web Page\">12</ref-type>", "ELEC" },
		{ "<ref-type name=\"Generic\">13</ref-type>", "GEN" },
		{ "<ref-type name=\"Electronic Article\">43</ref-type>",
		  "EJOUR" },
		{ "<ref-type name=\"Edited Book\">28</ref-type>", "EDBOOK" },
		{ "<ref-type name=\"Dataset\">59</ref-type>", "DATA" },
		{ "<ref-type>17</ref-type>", "JOUR" },
		{ "<ref-type>5</ref-type>", "CHAP" },
		{ "<ref-type>47</ref-type>", "CPAPER" },
		{ "<ref-type> 27 </ref-type>", "RPRT" },
		/* the name decides when name and number disagree */
		{ "<ref-type name=\"Book\">17</ref-type>", "BOOK" },
		{ "<ref-type name=\"Hologram\">999</ref-type>", "GEN" },
		{ "<ref-type>-1</ref-type>", "GEN" },
		{ "", "GEN" },
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	struct buf doc = BUF_INIT;
	struct en_got got = { 0 };

	buf_adds(&doc, "<xml><records>\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&doc, "<record>%s<titles><title>t%zu</title></titles>"
			 "</record>\n", cases[i].ref_type, i);
	buf_adds(&doc, "</records></xml>\n");
	parse_ok(write_tmp("types.xml", doc.data, doc.len), &got);
	cr_assert_eq(got.n, n);
	for (size_t i = 0; i < n; i++)
		cr_expect_str_eq(got.v[i].type, cases[i].code, "%s",
				 cases[i].ref_type);
	release(&got);
	buf_release(&doc);
}

/* ---- bad input ---- */

static char *
gunzip(const char *path, size_t *len)
{
	struct input *in;
	struct sk_err err = SK_ERR_INIT;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t got;

	cr_assert_eq(input_open(&in, path, &err), 0, "%s", err.msg);
	while ((got = input_read(in, chunk, sizeof(chunk), &err)) > 0)
		buf_add(&b, chunk, (size_t)got);
	cr_assert_eq(got, 0, "%s", err.msg);
	input_close(in);
	return buf_detach(&b, len);
}

static size_t
count(const char *s, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);

	for (size_t i = 0; i + k <= len; i++)
		n += !memcmp(s + i, needle, k);
	return n;
}

Test(endnote, truncated_file_names_the_record_and_column)
{
	size_t len, cut;
	char *data = gunzip(SWEEP "copper_endnote.xml.gz", &len);
	const char *path;
	struct en_got got = { 0 };
	struct sk_err err;

	cut = len * 6 / 10;
	path = write_tmp("truncated.xml", data, cut);
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 1);	/* EndNote writes one line */
	cr_expect_gt(err.column, 1000000);
	cr_expect(strstr(err.msg, "file ends inside <record> begun at line 1, "
			 "column ") && strstr(err.msg, "(truncated?)"),
		  "%s", err.msg);
	cr_expect_eq(got.n, count(data, cut, "</record>"));
	release(&got);

	got.skip_bad = 1;
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.n, count(data, cut, "</record>"));
	cr_expect_eq(got.n_bad, 1);
	STARTS(got.bad_reason, "the rest of the file from line 1, column ");
	release(&got);
	free(data);
}

Test(endnote, entity_declaration_is_refused_and_never_read)
{
	const char *secret = "TOP-SECRET-e1d0c4";
	const char *secret_path = write_tmp("secret.txt", secret,
					    strlen(secret));
	char *doc = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE xml [\n"
			      "  <!ENTITY xxe SYSTEM \"file://%s\">\n]>\n"
			      "<xml><records><record><titles><title>&xxe;"
			      "</title></titles></record></records></xml>\n",
			      secret_path);
	struct en_got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(text("xxe.xml", doc), &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 3);
	cr_expect_gt(err.column, 0);
	cr_expect(strstr(err.msg, "declares the entity 'xxe'") &&
		  strstr(err.msg, "EndNote XML never has them"), "%s",
		  err.msg);
	cr_expect_null(strstr(err.msg, secret));
	cr_expect_eq(got.n, 0);
	release(&got);
	free(doc);
}

Test(endnote, entity_bomb_and_undeclared_reference_are_refused)
{
	struct buf doc = BUF_INIT;
	struct en_got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE xml [\n"
		 " <!ENTITY lol \"lol\">\n");
	for (int i = 1; i < 10; i++)
		buf_addf(&doc, " <!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;\">\n",
			 i, i - 1, i - 1, i - 1);
	buf_adds(&doc, "]>\n<xml><records><record><titles><title>&lol9;"
		 "</title></titles></record></records></xml>\n");
	cr_assert_eq(parse(write_tmp("lol.xml", doc.data, doc.len), &got,
			   &err), -1);
	cr_expect(strstr(err.msg, "declares the entity 'lol'"), "%s",
		  err.msg);
	cr_expect_eq(err.line, 3);
	cr_expect_eq(got.n, 0);
	release(&got);

	cr_assert_eq(parse(text("ref.xml", "<xml><records>\n<record><titles>"
				"<title>a &amp; b &#x3b2; &foo;</title>"
				"</titles></record></records></xml>\n"),
			   &got, &err), -1);
	cr_expect_eq(err.line, 2);
	cr_expect_gt(err.column, 0);
	cr_expect(strstr(err.msg, "'&foo;' refused"), "%s", err.msg);
	release(&got);
	buf_release(&doc);
}

Test(endnote, binary_junk_and_empty_files_are_refused)
{
	unsigned char junk[4096];
	unsigned state = 4321;
	struct en_got got = { 0 };
	struct sk_err err;

	for (size_t i = 0; i < sizeof(junk); i++) {
		state = state * 1103515245u + 12345u;
		junk[i] = (unsigned char)(state >> 16);
	}
	junk[0] = 0x89;
	cr_assert_eq(parse(write_tmp("junk.xml", junk, sizeof(junk)), &got,
			   &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 1);
	STARTS(err.msg, "not EndNote XML: ");
	cr_expect_eq(got.n, 0);

	cr_assert_eq(parse(text("empty.xml", ""), &got, &err), -1);
	cr_expect(strstr(err.msg, "empty"), "%s", err.msg);

	/* an empty library is fine: no records */
	parse_ok(text("none.xml", "<?xml version=\"1.0\"?><xml><records>"
		      "</records></xml>"), &got);
	cr_expect_eq(got.n, 0);
	release(&got);
}

Test(endnote, other_xml_is_refused)
{
	struct en_got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(CORPUS_DIR "/pubmed/biopython_pubmed1.xml", &got,
			   &err), -1);
	cr_expect_eq(err.line, 3);
	STARTS(err.msg, "not EndNote XML: the root element is "
			"<PubmedArticleSet>, not <xml>");
	cr_assert_eq(parse(text("a.xml", "<xml>\n<library/></xml>"), &got,
			   &err), -1);
	cr_expect_eq(err.line, 2);
	cr_expect_eq(err.column, 9);	/* the end of "<library" */
	cr_expect_str_eq(err.msg, "not EndNote XML: <xml> holds <library>, "
			 "not <records>");
	cr_assert_eq(parse(text("b.xml", "<xml><records><record/><ref/>"
				"</records></xml>"), &got, &err), -1);
	cr_expect_str_eq(err.msg, "not EndNote XML: <records> holds <ref>, "
			 "not <record>");
	cr_expect_eq(got.n, 1);
	release(&got);
}

/* A field over the limit: line and column of its element, or skipped. */
Test(endnote, huge_field_is_a_bad_record_with_line_and_column)
{
	struct buf doc = BUF_INIT;
	const char *path;
	struct en_got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, "<?xml version=\"1.0\"?>\n<xml><records>\n"
		 "<record><titles><title>first</title></titles></record>\n"
		 "<record><titles><title><style face=\"normal\">");
	for (int i = 0; i < (RECORD_FIELD_MAX + 100) / 10; i++)
		buf_adds(&doc, "long title");
	buf_adds(&doc, "</style></title></titles></record>\n"
		 "<record><titles><title>third</title></titles></record>\n"
		 "</records></xml>\n");
	path = write_tmp("huge.xml", doc.data, doc.len);
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 4);
	cr_expect_eq(err.column, 23);	/* the '>' of <record><titles><title> */
	cr_expect_str_eq(err.msg, "<title> is longer than 1048576 bytes");
	cr_expect_eq(got.n, 1);
	release(&got);

	got.skip_bad = 1;
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.n, 2);
	cr_expect_eq(got.n_bad, 1);
	cr_expect_eq(got.bad_line, 4);
	cr_expect_str_eq(got.bad_reason, "line 4, column 23: <title> is longer "
			 "than 1048576 bytes");
	STR_EQ(got.v[1].title, "third");
	release(&got);
	buf_release(&doc);
}

/* Fields the record does not map are limited too (<notes> here). */
Test(endnote, huge_unmapped_field_is_a_bad_record)
{
	struct buf doc = BUF_INIT;
	struct en_got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, "<xml><records><record><notes>");
	for (int i = 0; i < (RECORD_FIELD_MAX + 100) / 10; i++)
		buf_adds(&doc, "<style>n</style>0123456789");
	buf_adds(&doc, "</notes></record></records></xml>\n");
	cr_assert_eq(parse(write_tmp("notes.xml", doc.data, doc.len), &got,
			   &err), -1);
	cr_expect_eq(err.line, 1);
	cr_expect_eq(err.column, 29);
	cr_expect_str_eq(err.msg, "<notes> is longer than 1048576 bytes");
	release(&got);

	/* within the limit as read, over it with a paragraph a line */
	buf_reset(&doc);
	buf_adds(&doc, "<xml><records><record><abstract>");
	for (int i = 0; i < 500000; i++)
		buf_adds(&doc, "a&#xD;");
	buf_adds(&doc, "</abstract></record></records></xml>\n");
	cr_assert_eq(parse(write_tmp("abstract.xml", doc.data, doc.len), &got,
			   &err), -1);
	cr_expect_eq(err.column, 32);
	cr_expect_str_eq(err.msg, "<abstract> is longer than 1048576 bytes");
	release(&got);
	buf_release(&doc);
}

Test(endnote, deep_nesting_is_refused_with_line_and_column)
{
	struct buf doc = BUF_INIT;
	struct en_got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, "<xml><records><record>");
	for (int i = 0; i < 5000; i++)
		buf_adds(&doc, "<a>");
	for (int i = 0; i < 5000; i++)
		buf_adds(&doc, "</a>");
	buf_adds(&doc, "</record></records></xml>\n");
	cr_assert_eq(parse(write_tmp("deep.xml", doc.data, doc.len), &got,
			   &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 1);
	/* the '>' of the 129th element: 22 characters, then 126 "<a>" */
	cr_expect_eq(err.column, 22 + 126 * 3);
	cr_expect_str_eq(err.msg, "elements are nested more than 128 deep: "
			 "this is not EndNote XML");
	cr_expect_eq(got.n, 0);
	release(&got);
	buf_release(&doc);
}

Test(endnote, sink_failure_stops_the_parse)
{
	struct en_got got = { 0 };
	struct sk_err err;

	got.stop_after = 3;
	cr_assert_eq(parse(SWEEP "tafenoquine_endnote.xml.gz", &got, &err),
		     -1);
	cr_expect_eq(err.kind, SK_E_DB);
	cr_expect_str_eq(err.msg, "sink is full");
	cr_expect_eq(got.n, 3);
	release(&got);
}
