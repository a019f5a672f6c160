/*
 * dedupe: pairs of real-looking records that are one article (the same
 * paper from PubMed, Embase and Scopus) and the traps that are not (a
 * protocol and its trial, an erratum, a conference abstract and its
 * article, a shared proceedings DOI), and the blocking of dd_find.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedupe.h"

/* A record for the tests: authors as one "Family;Family" string. */
struct rec {
	const char *type, *pmid, *doi, *title, *journal, *abbrev, *issn;
	const char *volume, *issue, *pages, *pubtypes, *authors;
	int year;
};

static size_t
add(struct dd_set *s, long long id, const struct rec *r)
{
	char names[512], *families[32];
	size_t n = 0;
	struct dd_input in = {
		.id = id, .type = r->type, .pmid = r->pmid, .doi = r->doi,
		.title = r->title, .journal = r->journal,
		.journal_abbrev = r->abbrev, .issn = r->issn,
		.volume = r->volume, .issue = r->issue, .pages = r->pages,
		.pubtypes = r->pubtypes, .year = r->year,
	};

	snprintf(names, sizeof(names), "%s", r->authors ? r->authors : "");
	for (char *t = strtok(names, ";"); t && n < 32; t = strtok(NULL, ";"))
		families[n++] = t;
	in.families = (const char *const *)families;
	in.n_families = n;
	return dd_set_add(s, &in);
}

static struct dd_pair
compare(const struct rec *a, const struct rec *b)
{
	struct dd_set *s = dd_set_new();
	struct dd_pair p;

	dd_compare(s, add(s, 1, a), add(s, 2, b), &p);
	dd_set_free(s);
	return p;
}

/* STarT Back main results, as three databases export them. */
static const struct rec startback_pubmed = {
	"JOUR", "21963002", "10.1016/S0140-6736(11)60937-9",
	"Comparison of stratified primary care management for low back pain "
	"with current best practice (STarT Back): a randomised controlled "
	"trial.",
	"Lancet (London, England)", "Lancet", "1474-547X", "378", "9802",
	"1560-71", "[\"Journal Article\",\"Randomized Controlled Trial\"]",
	"Hill;Whitehurst;Lewis;Bryan;Dunn;Foster;Konstantinou;Main;Mason;"
	"Somerville;Sowden;Vohora;Hay", 2011,
};

static const struct rec startback_embase = {
	"JOUR", NULL, "10.1016/S0140-6736(11)60937-9",
	"Comparison of stratified primary care management for low back pain "
	"with current best practice (STarT Back): A randomised controlled "
	"trial",
	"The Lancet", NULL, "0140-6736", "378", "9802", "1560-1571", NULL,
	"Hill;Whitehurst;Lewis;Bryan;Dunn;Foster;Konstantinou;Main;Mason;"
	"Somerville;Sowden;Vohora;Hay", 2011,
};

static const struct rec startback_scopus = {
	"JOUR", NULL, "https://doi.org/10.1016/S0140-6736(11)60937-9",
	"Comparison of stratified primary care management for low back pain "
	"with current best practice (STarT Back): A randomised controlled "
	"trial",
	"The Lancet", NULL, NULL, "378", "9802", "1560-1571", NULL,
	"Hill;Whitehurst;Lewis;Bryan;Dunn;Foster;Konstantinou", 2011,
};

Test(dedupe, one_article_from_three_databases)
{
	struct dd_pair p = compare(&startback_pubmed, &startback_embase);

	cr_expect_geq(p.score, 0.95, "PubMed/Embase: %f", p.score);
	cr_expect_eq(p.rule, DD_RULE_DOI);
	cr_expect_eq(p.verdict[DD_DOI], DD_SAME);
	cr_expect_eq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_eq(p.verdict[DD_PAGES], DD_SAME, "1560-71 is 1560-1571");
	cr_expect_eq(p.verdict[DD_JOURNAL], DD_SAME, "Lancet / The Lancet");
	p = compare(&startback_embase, &startback_scopus);
	cr_expect_geq(p.score, 0.95, "Embase/Scopus: %f", p.score);
	cr_expect_eq(p.verdict[DD_AUTHORS], DD_SAME, "first 7 of 13 authors");
}

Test(dedupe, protocol_and_its_trial_are_two_articles)
{
	static const struct rec protocol = {
		"JOUR", "19563650", "10.1186/1471-2474-10-67",
		"Effectiveness of stratified care for low back pain in primary "
		"care (STarT Back): study protocol for a randomised controlled "
		"trial.",
		"BMC musculoskeletal disorders", "BMC Musculoskelet Disord",
		"1471-2474", "10", NULL, "67", NULL,
		"Hill;Whitehurst;Lewis;Bryan;Dunn;Foster;Hay", 2009,
	};
	struct dd_pair p = compare(&protocol, &startback_pubmed);

	cr_expect_lt(p.score, 0.5, "protocol/trial: %f", p.score);
	cr_expect_eq(p.verdict[DD_PMID], DD_DIFFER);
	cr_expect_eq(p.verdict[DD_TITLE], DD_DIFFER);
}

Test(dedupe, erratum_is_not_its_article)
{
	static const struct rec erratum = {
		"JOUR", NULL, "10.1016/S0140-6736(11)60937-9",
		"Erratum: Comparison of stratified primary care management for "
		"low back pain with current best practice (STarT Back): a "
		"randomised controlled trial",
		"The Lancet", NULL, NULL, "378", "9802", "1560", NULL, "Hill",
		2011,
	};
	static const struct rec published_erratum = {
		"JOUR", "22000001", NULL,
		"Comparison of stratified primary care management for low back "
		"pain with current best practice (STarT Back): a randomised "
		"controlled trial.",
		"Lancet", NULL, NULL, "379", "9813", "330", 
		"[\"Journal Article\",\"Published Erratum\"]", "Hill", 2012,
	};
	struct dd_pair p = compare(&erratum, &startback_embase);

	cr_expect_lt(p.score, 0.5, "same DOI, erratum: %f", p.score);
	cr_expect_eq(p.verdict[DD_KIND], DD_DIFFER);
	p = compare(&published_erratum, &startback_embase);
	cr_expect_lt(p.score, 0.5, "PubMed erratum type: %f", p.score);
}

Test(dedupe, retraction_notice_and_comment_are_not_the_article)
{
	static const struct rec notice = {
		"JOUR", NULL, NULL,
		"Retraction notice to \"Comparison of stratified primary care "
		"management for low back pain with current best practice (STarT "
		"Back): a randomised controlled trial\"",
		"The Lancet", NULL, NULL, "378", "9802", "1560-1571", NULL,
		"Hill;Whitehurst;Lewis", 2011,
	};
	static const struct rec comment = {
		"JOUR", NULL, NULL,
		"Comment on: Comparison of stratified primary care management "
		"for low back pain with current best practice (STarT Back): a "
		"randomised controlled trial",
		"The Lancet", NULL, NULL, "378", "9802", "1560-1571", NULL,
		"Hill", 2011,
	};
	static const struct rec marked = {
		"JOUR", NULL, "10.1016/S0140-6736(11)60937-9",
		"RETRACTED: Comparison of stratified primary care management "
		"for low back pain with current best practice (STarT Back): a "
		"randomised controlled trial",
		"The Lancet", NULL, NULL, "378", "9802", "1560-1571", NULL,
		"Hill;Whitehurst;Lewis;Bryan", 2011,
	};

	cr_expect_lt(compare(&notice, &startback_embase).score, 0.5);
	cr_expect_lt(compare(&comment, &startback_embase).score, 0.5);
	/* The article marked RETRACTED by its publisher is the article. */
	cr_expect_geq(compare(&marked, &startback_embase).score, 0.95);
}

Test(dedupe, conference_abstract_waits_for_a_person)
{
	static const struct rec abstract = {
		"JOUR", NULL, NULL,
		"Neurological involvement in a child with atypical hemolytic "
		"uremic syndrome",
		"Pediatric Nephrology", NULL, NULL, "25", "9", "1875", NULL,
		"Koehl;Boyer;Kossorotoff;Biebuyck;Boddaert;Niaudet", 2010,
	};
	static const struct rec article = {
		"JOUR", NULL, NULL,
		"Neurological involvement in a child with atypical hemolytic "
		"uremic syndrome",
		"Pediatric Nephrology", NULL, NULL, "25", "12", "2539-2542",
		NULL, "Koehl;Boyer;Biebuyck-Gouge;Kossorotoff;Fremeaux-Bacchi;"
		"Boddaert;Niaudet", 2010,
	};
	struct dd_pair p = compare(&abstract, &article);

	cr_expect_lt(p.score, 0.95, "abstract/article merged: %f", p.score);
	cr_expect_eq(p.verdict[DD_PAGES], DD_DIFFER);
}

Test(dedupe, shared_proceedings_doi_does_not_merge_abstracts)
{
	static const struct rec a = {
		"CONF", NULL, "10.1136/annrheumdis-2019-eular.1234",
		"Stratified care for back pain in Danish general practice",
		"Annals of the Rheumatic Diseases", NULL, NULL, "78", "Suppl 2",
		"S1021", NULL, "Nielsen;Kongsted", 2019,
	};
	static const struct rec b = {
		"CONF", NULL, "10.1136/annrheumdis-2019-eular.1234",
		"Tapentadol versus oxycodone in chronic low back pain: a cohort "
		"study",
		"Annals of the Rheumatic Diseases", NULL, NULL, "78", "Suppl 2",
		"S1688", NULL, "Baron;Binder", 2019,
	};

	cr_expect_lt(compare(&a, &b).score, 0.5);
}

Test(dedupe, translated_title_and_online_first_year)
{
	static const struct rec ovid = {
		"JOUR", NULL, NULL,
		"[Paroxysmal nocturnal hemoglobinuria therapy with eculizumab: "
		"Spanish experience]. [Spanish]",
		"Medicina clinica", NULL, NULL, "137", "1", "8-13", NULL,
		"Lopez Rubio;Morado;Gaya;Alonso Rosa;Ojeda;Munoz", 2011,
	};
	static const struct rec embase = {
		"JOUR", NULL, NULL,
		"Paroxysmal nocturnal hemoglobinuria therapy with eculizumab: "
		"Spanish experience",
		"Medicina Clinica", "Med Clin", NULL, "137", "1", "8-13", NULL,
		"Lopez Rubio;Morado;Gaya;Alonso Rosa;Ojeda;Munoz", 2010,
	};
	struct dd_pair p = compare(&ovid, &embase);

	cr_expect_geq(p.score, 0.95, "%f", p.score);
	cr_expect_eq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_eq(p.verdict[DD_YEAR], DD_CLOSE);
}

Test(dedupe, two_pubmed_records_are_two_articles)
{
	struct rec other = startback_pubmed;

	other.pmid = "21963003";
	cr_expect_lt(compare(&startback_pubmed, &other).score, 0.95);
}

Test(dedupe, missing_title_is_never_merged_automatically)
{
	struct rec untitled = startback_embase;

	untitled.title = "[No title available]";
	untitled.doi = NULL;
	struct dd_pair p = compare(&untitled, &startback_scopus);
	cr_expect_eq(p.verdict[DD_TITLE], DD_MISSING);
	cr_expect_lt(p.score, 0.95);
}

Test(dedupe, article_number_and_printed_pages)
{
	struct rec a = startback_embase, b = startback_embase;

	a.doi = b.doi = NULL;
	a.pages = "e12724";
	b.pages = "1-6";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_CLOSE);
	a.pages = "S27";
	b.pages = "1514-1520";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_DIFFER);
	a.pages = "125-128";
	b.pages = "2-8";	/* an export that lost digits */
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_CLOSE);
}

Test(dedupe, find_blocks_by_title_end_and_identifiers)
{
	static const struct rec heading = {
		"JOUR", NULL, NULL,
		"MEDICAL PROGRESS Atypical Hemolytic-Uremic Syndrome",
		"New England Journal of Medicine", NULL, NULL, "361", "17",
		"1676-1687", NULL, "Noris;Remuzzi", 2009,
	};
	static const struct rec plain = {
		"JOUR", NULL, NULL, "Atypical hemolytic-uremic syndrome.",
		"The New England journal of medicine", "N Engl J Med", NULL,
		"361", "17", "1676-87", NULL, "Noris;Remuzzi", 2009,
	};
	struct dd_set *s = dd_set_new();
	struct dd_pair *pairs;
	size_t n;

	add(s, 10, &startback_pubmed);
	add(s, 11, &heading);
	add(s, 12, &startback_embase);
	add(s, 13, &plain);
	add(s, 14, &startback_scopus);
	dd_find(s, 0.5, &pairs, &n);
	cr_assert_eq(n, 4, "3 STarT Back pairs and the NEJM pair, got %zu", n);
	for (size_t i = 0; i < n; i++) {
		long long a = dd_set_id(s, pairs[i].a);
		long long b = dd_set_id(s, pairs[i].b);
		int nejm = a == 11 || b == 11;

		cr_expect(nejm ? (a == 11 && b == 13) : (a % 2 == 0 && b % 2 == 0),
			  "pair %lld-%lld", a, b);
		cr_expect_lt(pairs[i].a, pairs[i].b);
	}
	free(pairs);
	dd_set_free(s);
}

Test(dedupe, evidence_names_every_field_compared)
{
	struct dd_pair p = compare(&startback_pubmed, &startback_embase);
	struct buf b = BUF_INIT;

	dd_evidence_json(&p, &b);
	cr_expect(strstr(b.data, "\"doi\":{\"verdict\":\"same\",\"weight\":8}"),
		  "%s", b.data);
	cr_expect(strstr(b.data, "\"title\":{\"verdict\":\"same\",\"weight\":10,"
			 "\"similarity\":1.000}"), "%s", b.data);
	cr_expect_null(strstr(b.data, "pmid"), "PMID is in one record only");
	cr_expect(strstr(b.data, "\"weight\":"), "%s", b.data);
	buf_release(&b);
}

/* One corrigendum as Scopus and Web of Science title it (revtools corpus). */
Test(dedupe, corrigendum_meets_its_copy_not_its_article)
{
	static const struct rec scopus = {
		"JOUR", NULL, "10.1016/j.ecoleng.2018.04.023",
		"Corrigendum to \xE2\x80\x9CSoil carbon and nitrogen storage in "
		"recently restored and mature native Scirpus marshes in the "
		"Yangtze Estuary, China: Implications for restoration\xE2\x80\x9D "
		"(Ecological Engineering (2017) 104(PA) (150\xE2\x80\x93" "157), "
		"(S0925857417301921) (10.1016/j.ecoleng.2017.04.027))",
		"Ecological Engineering", NULL, NULL, "127", NULL, "592", NULL,
		"Yang;Tong;Chen", 2019,
	};
	static const struct rec wos = {
		"JOUR", NULL, "10.1016/j.ecoleng.2018.04.023",
		"Soil carbon and nitrogen storage in recently restored and mature "
		"native Scirpus marshes in the Yangtze Estuary, China: "
		"Implications for restoration (vol 104, pg 150, 2017)",
		"ECOLOGICAL ENGINEERING", NULL, NULL, "127", NULL, "592", NULL,
		"Yang;Tong;Chen", 2019,
	};
	static const struct rec article = {
		"JOUR", NULL, "10.1016/j.ecoleng.2017.04.027",
		"Soil carbon and nitrogen storage in recently restored and mature "
		"native Scirpus marshes in the Yangtze Estuary, China: "
		"Implications for restoration",
		"Ecological Engineering", NULL, NULL, "104", NULL, "150-157",
		NULL, "Yang;Tong;Chen", 2017,
	};
	struct dd_pair p = compare(&scopus, &wos);

	cr_expect_geq(p.score, 0.95, "%f", p.score);
	cr_expect_eq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_lt(compare(&wos, &article).score, 0.5);
	cr_expect_lt(compare(&scopus, &article).score, 0.5);
}

/* The two parts of one paper, from one database: alike but for a number. */
Test(dedupe, parts_of_a_series_are_different_articles)
{
	static const struct rec part1 = {
		"JOUR", NULL, NULL,
		"Models of care for musculoskeletal pain in primary care: "
		"part 1, a framework",
		"BMC Health Services Research", NULL, "1472-6963", "19", NULL,
		"101", NULL, "Briggs;Chan;Slater", 2019,
	};
	static const struct rec part2 = {
		"JOUR", NULL, NULL,
		"Models of care for musculoskeletal pain in primary care: "
		"part 2, an evaluation",
		"BMC Health Services Research", NULL, "1472-6963", "19", NULL,
		NULL, NULL, "Briggs;Chan;Slater", 2019,
	};
	static const struct rec type1 = {
		"JOUR", NULL, NULL,
		"Structured education for adults with type 1 diabetes in "
		"primary care",
		"Diabetic Medicine", NULL, NULL, NULL, NULL, NULL, NULL,
		"Smith;Jones", 2015,
	};
	static const struct rec type2 = {
		"JOUR", NULL, NULL,
		"Structured education for adults with type 2 diabetes in "
		"primary care",
		"Diabetic Medicine", NULL, NULL, NULL, NULL, NULL, NULL,
		"Smith;Jones", 2015,
	};
	struct dd_pair p = compare(&part1, &part2);

	cr_expect_eq(p.verdict[DD_TITLE], DD_DIFFER);
	cr_expect_lt(p.score, 0.5, "part 1 / part 2: %f", p.score);
	p = compare(&type1, &type2);
	cr_expect_eq(p.verdict[DD_TITLE], DD_DIFFER);
	cr_expect_lt(p.score, 0.5, "type 1 / type 2: %f", p.score);
}

/* A digit dropped from a marker's name is a slip, not another paper. */
Test(dedupe, a_dropped_digit_is_a_slip)
{
	static const struct rec exact = {
		"JOUR", NULL, NULL,
		"p16(INK4a) Expression does not predict the outcome of "
		"cervical intraepithelial neoplasia grade 2",
		"International Journal of Gynecological Cancer", NULL, NULL,
		"17", "5", "1090-1095", NULL, "Hariri;Oster", 2007,
	};
	static const struct rec slip = {
		"JOUR", NULL, NULL,
		"p6INK4a Expression does not predict the outcome of cervical "
		"intraepithelial neoplasia grade 2",
		"International Journal of Gynecological Cancer", NULL, NULL,
		"17", "5", "1090-1095", NULL, "Hariri;Oster", 2007,
	};
	struct dd_pair p = compare(&exact, &slip);

	cr_expect_eq(p.verdict[DD_TITLE], DD_CLOSE);
	cr_expect_geq(p.score, 0.95, "p16 / p6: %f", p.score);
}
