/*
 * test_pubmed: the PubMed XML parser over the real corpus (counts from
 * tests/corpus/pubmed.tsv), field by field on real records, and over
 * hostile input built in a temporary folder.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "import.h"
#include "record.h"
#include "xalloc.h"
#include "banned.h"

#define PUBMED_DIR CORPUS_DIR "/pubmed"

/* What the tests keep of one record: copies, since the parser reuses it. */
struct got_record {
	long line;
	char *type, *pmid, *pmcid, *doi, *title, *abstract, *journal;
	char *journal_abbrev, *issn, *pubdate, *volume, *issue, *pages;
	char *publisher, *database;
	int year;
	size_t n_authors;
	char *au_name, *au_family, *au_given, *au_aff;
	int au_collective;
	char *last_au_name;
	int last_au_collective;
	char *languages, *pubtypes, *mesh, *keywords; /* joined by '|' */
	char *original;
};

struct got {
	struct got_record *v;
	size_t n, cap;
	size_t n_deleted;
	char deleted[16][16];
	size_t n_bad;
	long bad_line;
	char bad_reason[1024];
	int skip_bad;		/* the sink's --skip-bad */
	int stop_after;		/* the record sink fails after this many */
	const char *path;	/* the file, for the sink's messages */
};

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *
join_list(const struct strlist *l)
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
copy_authors(struct got_record *g, const struct record *r)
{
	g->n_authors = r->n_authors;
	if (!r->n_authors)
		return;
	g->au_name = dup_or_null(r->authors[0].name);
	g->au_family = dup_or_null(r->authors[0].family);
	g->au_given = dup_or_null(r->authors[0].given);
	g->au_aff = dup_or_null(r->authors[0].affiliation);
	g->au_collective = r->authors[0].collective;
	g->last_au_name = dup_or_null(r->authors[r->n_authors - 1].name);
	g->last_au_collective = r->authors[r->n_authors - 1].collective;
}

static int
sink_record(void *ctx, struct record *r, struct sk_err *err)
{
	struct got *got = ctx;
	struct got_record *g;

	if (got->stop_after && (int)got->n == got->stop_after)
		return sk_fail(err, SK_E_DB, "store", 0, "sink is full");
	got->v = xgrow(got->v, &got->cap, got->n + 1, sizeof(*got->v));
	g = &got->v[got->n++];
	memset(g, 0, sizeof(*g));
	g->line = r->line;
	g->type = dup_or_null(r->type);
	g->pmid = dup_or_null(r->pmid);
	g->pmcid = dup_or_null(r->pmcid);
	g->doi = dup_or_null(r->doi);
	g->title = dup_or_null(r->title);
	g->abstract = dup_or_null(r->abstract);
	g->journal = dup_or_null(r->journal);
	g->journal_abbrev = dup_or_null(r->journal_abbrev);
	g->issn = dup_or_null(r->issn);
	g->pubdate = dup_or_null(r->pubdate);
	g->volume = dup_or_null(r->volume);
	g->issue = dup_or_null(r->issue);
	g->pages = dup_or_null(r->pages);
	g->publisher = dup_or_null(r->publisher);
	g->database = dup_or_null(r->database);
	g->year = r->year;
	copy_authors(g, r);
	g->languages = join_list(&r->languages);
	g->pubtypes = join_list(&r->pubtypes);
	g->mesh = join_list(&r->mesh);
	g->keywords = join_list(&r->keywords);
	g->original = xstrdup(r->original.data);
	return 0;
}

static int
sink_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	struct got *got = ctx;

	got->n_bad++;
	got->bad_line = line;
	snprintf(got->bad_reason, sizeof(got->bad_reason), "%s", reason);
	if (got->skip_bad)
		return 0;
	return sk_fail(err, SK_E_INPUT, got->path, line, "%s", reason);
}

static void
sink_deleted(void *ctx, const char *pmid)
{
	struct got *got = ctx;

	if (got->n_deleted < 16)
		snprintf(got->deleted[got->n_deleted], 16, "%s", pmid);
	got->n_deleted++;
}

static void
got_release(struct got *got)
{
	for (size_t i = 0; i < got->n; i++) {
		struct got_record *g = &got->v[i];
		char *all[] = {
			g->type, g->pmid, g->pmcid, g->doi, g->title,
			g->abstract, g->journal, g->journal_abbrev, g->issn,
			g->pubdate, g->volume, g->issue, g->pages,
			g->publisher, g->database, g->au_name, g->au_family,
			g->au_given, g->au_aff, g->last_au_name, g->languages,
			g->pubtypes, g->mesh, g->keywords, g->original,
		};

		for (size_t j = 0; j < sizeof(all) / sizeof(all[0]); j++)
			free(all[j]);
	}
	free(got->v);
	memset(got, 0, sizeof(*got));
}

/* Parse path into got; returns pubmed_parse's result. */
static int
parse(const char *path, struct got *got, struct sk_err *err)
{
	struct record_sink sink = { got, sink_record, sink_bad, sink_deleted };
	struct input *in;
	int rc;

	sk_err_clear(err);
	got->path = path;
	if (input_open(&in, path, err) < 0)
		return -2;
	rc = pubmed_parse(in, &sink, err);
	input_close(in);
	return rc;
}

static const struct got_record *
find_pmid(const struct got *got, const char *pmid)
{
	for (size_t i = 0; i < got->n; i++)
		if (got->v[i].pmid && strcmp(got->v[i].pmid, pmid) == 0)
			return &got->v[i];
	cr_assert_fail("no record with PMID %s", pmid);
	return NULL;
}

static int
starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* ---- temporary files ---- */

static char tmpdir[256];

static void
make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sk-test-pubmed-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void
remove_tmpdir(void)
{
	char cmd[512];

	if (!tmpdir[0])
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(pubmed, .init = make_tmpdir, .fini = remove_tmpdir);

static char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;

	cr_assert_not_null(f, "cannot read %s", path);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	return buf_detach(&b, len);
}

static size_t
count_substr(const char *s, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);

	for (size_t i = 0; i + nl <= len; i++)
		if (memcmp(s + i, needle, nl) == 0)
			n++;
	return n;
}

/* ---- the corpus, counted independently in tests/corpus/pubmed.tsv ---- */

static void
check_corpus_row(const char *rel, const char *expected, long deleted)
{
	char *path = xasprintf("%s/%s", CORPUS_DIR, rel);
	struct got got = { 0 };
	struct sk_err err;
	int rc = parse(path, &got, &err);

	if (strcmp(expected, "refuse") == 0) {
		cr_expect_eq(rc, -1, "%s: expected a refusal, got %zu records",
			     rel, got.n);
		cr_expect_eq(err.kind, SK_E_INPUT, "%s: kind %d", rel,
			     err.kind);
		cr_expect(err.msg[0] != '\0', "%s: no message", rel);
		cr_expect(strstr(err.file, rel) != NULL, "%s: file '%s'", rel,
			  err.file);
	} else {
		cr_expect_eq(rc, 0, "%s: %s", rel, err.msg);
		cr_expect_eq(got.n, strtoul(expected, NULL, 10),
			     "%s: %zu records, expected %s", rel, got.n,
			     expected);
		cr_expect_eq(got.n_deleted, (size_t)deleted,
			     "%s: %zu deleted, expected %ld", rel,
			     got.n_deleted, deleted);
	}
	got_release(&got);
	free(path);
}

Test(pubmed, corpus_counts_match_tsv)
{
	FILE *f = fopen(TESTS_DIR "/corpus/pubmed.tsv", "r");
	char line[4096];
	int rows = 0;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *rel = line, *expected, *deleted, *end;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		expected = strchr(rel, '\t');
		cr_assert_not_null(expected, "bad TSV line: %s", line);
		*expected++ = '\0';
		deleted = strchr(expected, '\t');
		cr_assert_not_null(deleted, "bad TSV line for %s", rel);
		*deleted++ = '\0';
		check_corpus_row(rel, expected, strtol(deleted, &end, 10));
		rows++;
	}
	fclose(f);
	cr_assert_gt(rows, 200, "only %d rows in pubmed.tsv", rows);
}

/* ---- fields of real records ---- */

Test(pubmed, baseline_sample_medline_date_mesh_and_deletions)
{
	struct got got = { 0 };
	struct sk_err err;
	const struct got_record *r;

	cr_assert_eq(parse(PUBMED_DIR "/fatcat_pubmedsample_2019.xml", &got,
			   &err), 0, "%s", err.msg);
	cr_assert_eq(got.n, 176);
	cr_assert_eq(got.n_deleted, 7);
	r = find_pmid(&got, "10188493");
	cr_expect_str_eq(r->type, "JOUR");
	cr_expect_str_eq(r->title, "Women's health osteopathy: an alternative view.");
	cr_expect_str_eq(r->pubdate, "1998 Dec-1999 Jan");
	cr_expect_eq(r->year, 1998);
	cr_expect_str_eq(r->au_name, "Hyne, J");
	cr_expect_str_eq(r->au_family, "Hyne");
	cr_expect_str_eq(r->au_given, "J");
	cr_expect_str_eq(r->journal,
			 "Nursing management (Harrow, London, England : 1994)");
	cr_expect_str_eq(r->journal_abbrev, "Nurs Manag (Harrow)");
	cr_expect_str_eq(r->issn, "1354-5760");
	cr_expect_str_eq(r->volume, "5");
	cr_expect_str_eq(r->issue, "8");
	cr_expect_str_eq(r->pages, "6-9");
	cr_expect_str_eq(r->mesh, "Female|Humans|Osteopathic Medicine/*methods|"
			 "State Medicine|United Kingdom|*Women's Health");
	cr_expect_str_eq(r->database, "PubMed");
	cr_expect_null(r->doi);
	cr_expect(starts_with(r->original, "<PubmedArticle>"));
	cr_expect(strstr(r->original, "<PMID Version=\"1\">10188493</PMID>"));
	got_release(&got);
}

Test(pubmed, baseline_sample_collective_structured_pmc_invalid_author)
{
	struct got got = { 0 };
	struct sk_err err;
	const struct got_record *r;

	cr_assert_eq(parse(PUBMED_DIR "/fatcat_pubmedsample_2019.xml", &got,
			   &err), 0, "%s", err.msg);
	r = find_pmid(&got, "11237011");
	cr_expect_str_eq(r->doi, "10.1038/35057062");
	cr_expect_str_eq(r->last_au_name,
			 "International Human Genome Sequencing Consortium");
	cr_expect_eq(r->last_au_collective, 1);
	r = find_pmid(&got, "8941094");
	cr_expect(starts_with(r->abstract, "BACKGROUND: To date, late "
				"redistribution after resting 201Tl"),
		  "%s", r->abstract);
	cr_expect(strstr(r->abstract, ".\n\nMETHODS AND RESULTS: "), "%s",
		  r->abstract);
	cr_expect_str_eq(r->pubdate, "1996 Dec 01");
	cr_expect(strstr(r->mesh, "|*Thallium Radioisotopes/pharmacokinetics|"));
	r = find_pmid(&got, "10097079");
	cr_expect_str_eq(r->pmcid, "PMC22336");
	/* an Author with ValidYN="N" is left out */
	r = find_pmid(&got, "9634358");
	cr_expect_eq(r->n_authors, 6);
	cr_expect_str_eq(r->last_au_name, "Pavan-Langston, D");
	got_release(&got);
}

Test(pubmed, inline_markup_doi_pmc_labels_affiliation)
{
	struct got got = { 0 };
	struct sk_err err;
	const struct got_record *r;

	cr_assert_eq(parse(PUBMED_DIR "/biopython_pubmed4.xml", &got, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(got.n, 1);
	r = &got.v[0];
	cr_expect_str_eq(r->pmid, "27797938");
	cr_expect_str_eq(r->title, "Leucocyte telomere length, genetic variants "
			 "at the TERT gene region and risk of pancreatic "
			 "cancer.");
	cr_expect_str_eq(r->doi, "10.1136/gutjnl-2016-312510");
	cr_expect_str_eq(r->pmcid, "PMC5442267");
	cr_expect(starts_with(r->abstract, "OBJECTIVE: Telomere shortening"));
	cr_expect_str_eq(r->au_name, "Bao, Ying");
	cr_expect(starts_with(r->au_aff, "Channing Division of Network "
			      "Medicine"), "%s", r->au_aff);
	cr_expect_str_eq(r->journal, "Gut");
	cr_expect_str_eq(r->issn, "1468-3288");
	cr_expect_eq(r->year, 2017);
	got_release(&got);
}

Test(pubmed, sub_and_sup_flatten_without_spaces)
{
	struct got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(PUBMED_DIR "/metapub_pmid_28731372.xml", &got, &err),
		     0, "%s", err.msg);
	cr_assert_eq(got.n, 1);
	cr_expect_str_eq(got.v[0].title, "Exploring the effect of vitamin D3 "
			 "supplementation on the anti-EBV antibody response "
			 "in relapsing-remitting multiple sclerosis.");
	cr_expect_str_eq(got.v[0].doi, "10.1177/1352458517722646");
	cr_expect(starts_with(got.v[0].abstract, "BACKGROUND: "));
	got_release(&got);
	/* "SnO<sub>2</sub>thin": no space is invented */
	cr_assert_eq(parse(PUBMED_DIR "/metapub_pmid_xml/38914053.xml", &got,
			   &err), 0, "%s", err.msg);
	cr_expect(starts_with(got.v[0].title, "Doped SnO2thin films"));
	got_release(&got);
	/* &#x3b2; becomes UTF-8 */
	cr_assert_eq(parse(PUBMED_DIR "/metapub_pmid_xml/32743745.xml", &got,
			   &err), 0, "%s", err.msg);
	cr_expect(starts_with(got.v[0].title,
			      "The existence of A\xce\xb2 strains"));
	got_release(&got);
}

Test(pubmed, mathml_keywords_languages_pubtypes)
{
	struct got got = { 0 };
	struct sk_err err;
	const struct got_record *r;

	cr_assert_eq(parse(PUBMED_DIR "/biopython_pubmed6.xml", &got, &err), 0,
		     "%s", err.msg);
	r = &got.v[0];
	cr_expect_str_eq(r->pmid, "30108519");
	/* MathML layout white space dropped, the text's own spaces kept */
	cr_expect(strstr(r->abstract, "maximal oxygen uptake ( V.O2max ) 67.6"),
		  "%s", r->abstract);
	cr_expect(strstr(r->abstract, "LEmin") != NULL);
	cr_expect_str_eq(r->languages, "eng");
	cr_expect_str_eq(r->pubtypes, "Journal Article");
	cr_expect(starts_with(r->keywords, "Owles' point|aerobic capacity|"));
	cr_expect_str_eq(r->journal_abbrev, "Front Physiol");
	cr_expect_str_eq(r->pages, "1034");
	got_release(&got);
}

Test(pubmed, book_chapter_uses_authors_not_editors)
{
	struct got got = { 0 };
	struct sk_err err;
	const struct got_record *r;

	cr_assert_eq(parse(PUBMED_DIR "/metapub_book_20301577.xml", &got, &err),
		     0, "%s", err.msg);
	cr_assert_eq(got.n, 1);
	r = &got.v[0];
	cr_expect_str_eq(r->type, "CHAP");
	cr_expect_str_eq(r->pmid, "20301577");
	cr_expect_str_eq(r->title, "CACNA1C-Related Disorders");
	cr_expect_str_eq(r->journal, "GeneReviews\xc2\xae");
	cr_expect_str_eq(r->publisher, "University of Washington, Seattle");
	cr_expect_eq(r->year, 1993);
	cr_expect_eq(r->n_authors, 2);
	cr_expect_str_eq(r->au_name, "Napolitano, Carlo");
	cr_expect(starts_with(r->abstract, "CLINICAL CHARACTERISTICS: The "
			      "clinical manifestations of CACNA1C-related"));
	cr_expect_str_eq(r->pubtypes, "Review");
	cr_expect(starts_with(r->original, "<PubmedBookArticle>"));
	got_release(&got);
}

Test(pubmed, book_set_fragment_and_missing_pmid)
{
	struct got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(PUBMED_DIR "/jabref/MedlineImporterTestBookArticleSet"
			   ".xml", &got, &err), 0, "%s", err.msg);
	cr_assert_eq(got.n, 2);
	cr_expect_str_eq(got.v[0].type, "CHAP");
	cr_expect_str_eq(got.v[0].title, "Title for some article");
	cr_expect_str_eq(got.v[0].au_name,
			 "National Collaborating Centre for Chronic Conditions "
			 "(UK)");
	cr_expect_eq(got.v[0].au_collective, 1);
	cr_expect_str_eq(got.v[1].type, "BOOK");
	cr_expect_str_eq(got.v[1].pmid, "21413195");
	got_release(&got);

	cr_assert_eq(parse(PUBMED_DIR "/fatcat_pubmed_31393839_fragment.xml",
			   &got, &err), 0, "%s", err.msg);
	cr_assert_eq(got.n, 1);
	cr_expect_eq(got.v[0].line, 1);
	cr_expect_str_eq(got.v[0].title, "Career-Turning Moments.");
	got_release(&got);

	/* imported without a PMID: it has a title */
	cr_assert_eq(parse(PUBMED_DIR "/fatcat_pubmedsample_no_pmid_2019.xml",
			   &got, &err), 0, "%s", err.msg);
	cr_assert_eq(got.n, 1);
	cr_expect_null(got.v[0].pmid);
	cr_expect_str_eq(got.v[0].title,
			 "Hospital debt management and cost reimbursement.");
	cr_expect_str_eq(got.v[0].pubdate, "1976 Fall");
	got_release(&got);
}

/* ---- bad input ---- */

static const char doc_head[] =
	"<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n";

static char *
article(const char *pmid, const char *title)
{
	return xasprintf("<PubmedArticle><MedlineCitation><PMID>%s</PMID>"
			 "<Article><ArticleTitle>%s</ArticleTitle></Article>"
			 "</MedlineCitation></PubmedArticle>\n", pmid, title);
}

Test(pubmed, truncated_file_is_an_error_or_skipped)
{
	size_t len, cut;
	char *data = read_file(PUBMED_DIR "/fatcat_pubmedsample_2019.xml", &len);
	char *path = tmp_path("truncated.xml");
	struct got got = { 0 };
	struct sk_err err;
	size_t complete;

	cut = len * 6 / 10;
	write_file(path, data, cut);
	complete = count_substr(data, cut, "</PubmedArticle>");
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_gt(err.line, 1000);
	cr_expect(strstr(err.msg, "file ends inside <PubmedArticle> begun at "
			 "line ") && strstr(err.msg, "(truncated?)"),
		  "%s", err.msg);
	cr_expect_eq(got.n, complete);
	got_release(&got);

	got.skip_bad = 1;
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.n, complete);
	cr_expect_eq(got.n_bad, 1);
	cr_expect(starts_with(got.bad_reason, "the rest of the file from line "),
		  "%s", got.bad_reason);
	got_release(&got);
	free(data);
	free(path);
}

Test(pubmed, malformed_xml_names_line_and_column)
{
	struct got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(PUBMED_DIR "/jabref/MedlineImporterTestMalformedEntry"
			   ".xml", &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 4);
	cr_expect_gt(err.column, 0);
	cr_expect(starts_with(err.msg, "XML is not well-formed: opening and "
			      "ending tag mismatch"), "%s", err.msg);
	got_release(&got);
}

Test(pubmed, binary_junk_is_refused)
{
	char *path = tmp_path("junk.xml");
	unsigned char junk[4096];
	struct got got = { 0 };
	struct sk_err err;
	unsigned state = 12345;

	for (size_t i = 0; i < sizeof(junk); i++) {
		state = state * 1103515245u + 12345u;
		junk[i] = (unsigned char)(state >> 16);
	}
	junk[0] = 0x89;	/* not '<', not a BOM */
	write_file(path, junk, sizeof(junk));
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect(starts_with(err.msg, "not PubMed XML"), "%s", err.msg);
	cr_expect_eq(got.n, 0);
	got_release(&got);
	free(path);
}

Test(pubmed, empty_file_is_refused)
{
	char *path = tmp_path("empty.xml");
	struct got got = { 0 };
	struct sk_err err;

	write_file(path, "", 0);
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect(strstr(err.msg, "empty"), "%s", err.msg);
	got_release(&got);
	free(path);
}

Test(pubmed, eutils_response_is_refused)
{
	struct got got = { 0 };
	struct sk_err err;

	cr_assert_eq(parse(PUBMED_DIR "/eutils/biopython_esearch1.xml", &got,
			   &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 3);
	cr_expect_str_eq(err.msg, "no PubMed articles: this is an E-utilities "
			 "eSearchResult response");
	got_release(&got);
}

static void
expect_no_secret(const struct got *got, const struct sk_err *err,
		 const char *secret)
{
	cr_expect_null(strstr(err->msg, secret));
	for (size_t i = 0; i < got->n; i++) {
		const struct got_record *r = &got->v[i];

		cr_expect(!r->title || !strstr(r->title, secret));
		cr_expect(!r->abstract || !strstr(r->abstract, secret));
		cr_expect(!strstr(r->original, secret));
	}
}

Test(pubmed, external_entity_is_refused_and_never_read)
{
	const char *secret = "TOP-SECRET-7f3a9c";
	char *secret_path = tmp_path("secret.txt");
	char *path = tmp_path("xxe.xml");
	char *doc, *pdoc, *ppath = tmp_path("xxe-pe.xml");
	struct got got = { 0 };
	struct sk_err err;

	write_file(secret_path, secret, strlen(secret));
	doc = xasprintf("<?xml version=\"1.0\"?>\n"
			"<!DOCTYPE PubmedArticleSet [\n"
			"  <!ENTITY xxe SYSTEM \"file://%s\">\n]>\n"
			"<PubmedArticleSet><PubmedArticle><MedlineCitation>"
			"<PMID>1</PMID><Article><ArticleTitle>&xxe;"
			"</ArticleTitle></Article></MedlineCitation>"
			"</PubmedArticle></PubmedArticleSet>\n", secret_path);
	write_file(path, doc, strlen(doc));
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 3);
	cr_expect(strstr(err.msg, "declares the entity 'xxe'"), "%s", err.msg);
	cr_expect_eq(got.n, 0);
	expect_no_secret(&got, &err, secret);
	got_release(&got);

	/* a parameter entity, as out-of-band exfiltration uses */
	pdoc = xasprintf("<?xml version=\"1.0\"?>\n"
			 "<!DOCTYPE PubmedArticleSet [\n"
			 "  <!ENTITY %% pe SYSTEM \"file://%s\">\n  %%pe;\n]>\n"
			 "<PubmedArticleSet/>\n", secret_path);
	write_file(ppath, pdoc, strlen(pdoc));
	cr_assert_eq(parse(ppath, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect(strstr(err.msg, "entity"), "%s", err.msg);
	expect_no_secret(&got, &err, secret);
	got_release(&got);
	free(doc);
	free(pdoc);
	free(path);
	free(ppath);
	free(secret_path);
}

Test(pubmed, billion_laughs_is_refused)
{
	struct buf doc = BUF_INIT;
	char *path = tmp_path("lol.xml");
	struct got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
		 " <!ENTITY lol \"lol\">\n");
	for (int i = 1; i < 10; i++)
		buf_addf(&doc, " <!ENTITY lol%d \"&lol%s;&lol%s;&lol%s;&lol%s;"
			 "&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;\">\n", i,
			 "", "", "", "", "", "", "", "", "", "");
	buf_adds(&doc, "]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
		 "<PMID>1</PMID><Article><ArticleTitle>&lol9;</ArticleTitle>"
		 "</Article></MedlineCitation></PubmedArticle>"
		 "</PubmedArticleSet>\n");
	write_file(path, doc.data, doc.len);
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect(strstr(err.msg, "declares the entity 'lol'"), "%s", err.msg);
	cr_expect_eq(got.n, 0);
	got_release(&got);
	buf_release(&doc);
	free(path);
}

Test(pubmed, undeclared_entity_reference_is_refused)
{
	char *path = tmp_path("ref.xml");
	const char *doc =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet PUBLIC "
		"\"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
		"\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">"
		"\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
		"<PMID>1</PMID><Article><ArticleTitle>a &amp; b &#x3b2; &foo;"
		"</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
		"</PubmedArticleSet>\n";
	struct got got = { 0 };
	struct sk_err err;

	write_file(path, doc, strlen(doc));
	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 3);
	cr_expect(strstr(err.msg, "'&foo;' refused"), "%s", err.msg);
	got_release(&got);
	free(path);
}

Test(pubmed, huge_title_is_a_bad_record)
{
	struct buf doc = BUF_INIT;
	char *path = tmp_path("huge.xml");
	char *a = article("1", "first"), *c = article("3", "third");
	struct got got = { 0 };
	struct sk_err err;

	buf_adds(&doc, doc_head);
	buf_adds(&doc, a);
	buf_adds(&doc, "<PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
		 "<ArticleTitle>");
	for (int i = 0; i < (RECORD_FIELD_MAX + 100) / 10; i++)
		buf_adds(&doc, "long title");
	buf_adds(&doc, "</ArticleTitle></Article></MedlineCitation>"
		 "</PubmedArticle>\n");
	buf_adds(&doc, c);
	buf_adds(&doc, "</PubmedArticleSet>\n");
	write_file(path, doc.data, doc.len);

	cr_assert_eq(parse(path, &got, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, 4);
	cr_expect(strstr(err.msg, "ArticleTitle is longer than"), "%s",
		  err.msg);
	cr_expect_eq(got.n, 1);
	got_release(&got);

	got.skip_bad = 1;
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.n, 2);
	cr_expect_eq(got.n_bad, 1);
	cr_expect_eq(got.bad_line, 4);
	cr_expect_str_eq(got.v[1].pmid, "3");
	got_release(&got);
	buf_release(&doc);
	free(a);
	free(c);
	free(path);
}

Test(pubmed, whitespace_and_vernacular_title)
{
	char *path = tmp_path("ws.xml");
	const char *doc =
		"<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>"
		"<PMID>7</PMID><Article><ArticleTitle>\n   Spread\n  over"
		"\t<i>lines</i>  and <sup>2</sup>x\n</ArticleTitle>"
		"<Abstract><AbstractText>One\n two</AbstractText>"
		"<CopyrightInformation>(c) Someone</CopyrightInformation>"
		"</Abstract></Article></MedlineCitation></PubmedArticle>\n"
		"<PubmedArticle><MedlineCitation><PMID>8</PMID><Article>"
		"<ArticleTitle></ArticleTitle><VernacularTitle>Titre "
		"fran\xc3\xa7" "ais.</VernacularTitle></Article>"
		"</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>";
	struct got got = { 0 };
	struct sk_err err;

	write_file(path, doc, strlen(doc));
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_assert_eq(got.n, 2);
	cr_expect_str_eq(got.v[0].title, "Spread over lines and 2x");
	cr_expect_str_eq(got.v[0].abstract, "One two");
	cr_expect_str_eq(got.v[1].title, "Titre fran\xc3\xa7" "ais.");
	got_release(&got);
	free(path);
}

Test(pubmed, gzip_input_gives_the_same_records)
{
	size_t len;
	char *data = read_file(PUBMED_DIR "/fatcat_pubmedsample_2019.xml", &len);
	char *path = tmp_path("sample.xml.gz");
	gzFile gz = gzopen(path, "wb");
	struct got got = { 0 };
	struct sk_err err;

	cr_assert_not_null(gz);
	cr_assert_eq(gzwrite(gz, data, (unsigned)len), (int)len);
	cr_assert_eq(gzclose(gz), Z_OK);
	cr_assert_eq(parse(path, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.n, 176);
	cr_expect_eq(got.n_deleted, 7);
	got_release(&got);
	free(data);
	free(path);
}

Test(pubmed, sink_failure_stops_the_parse)
{
	struct got got = { 0 };
	struct sk_err err;

	got.stop_after = 3;
	cr_assert_eq(parse(PUBMED_DIR "/fatcat_pubmedsample_2019.xml", &got,
			   &err), -1);
	cr_expect_eq(err.kind, SK_E_DB);
	cr_expect_str_eq(err.msg, "sink is full");
	cr_expect_eq(got.n, 3);
	got_release(&got);
}
