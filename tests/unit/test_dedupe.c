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

/* LILACS gives a title in two languages; MEDLINE gives the English one. */
Test(dedupe, title_in_two_languages)
{
	static const struct rec lilacs = {
		"JOUR", NULL, NULL,
		"Effect of continuous positive airway pressure on fluid "
		"absorption among patients with pleural effusion due to "
		"tuberculosis; Efeito da press\xC3\xA3o positiva nas vias "
		"a\xC3\xA9reas sobre a absor\xC3\xA7\xC3\xA3o do derrame pleural",
		"Braz. j. phys. ther. (Impr.)", NULL, NULL, "14", NULL,
		"127-132", NULL, "Oliveira;Mello;Rodrigues;Boechat;Conde;Menezes",
		2010,
	};
	static const struct rec medline = {
		"JOUR", NULL, NULL,
		"Effect of continuous positive airway pressure on fluid "
		"absorption among patients with pleural effusion due to "
		"tuberculosis",
		"Revista brasileira de fisioterapia (S\xC3\xA3o Carlos (S\xC3\xA3o "
		"Paulo, Brazil))", "Rev Bras Fisioter", NULL, "14", NULL,
		"127-32", NULL, "Oliveira;Mello;Rodrigues;Boechat;Conde;Menezes",
		2010,
	};
	static const struct rec original = {
		"JOUR", NULL, NULL,
		"[Neoadjuvant chemotherapy and chemoradiotherapy in locally "
		"advanced stage IIIA and IIIB of non-small-cell bronchial "
		"carcinoma (the Essen concept)] <ORIGINAL> NEOADJUVANTE "
		"CHEMOTHERAPIE UND CHEMORADIOTHERAPIE",
		"Schweizerische Rundschau fur Medizin Praxis = Revue suisse de "
		"medecine Praxis", NULL, NULL, "86", NULL, "1647-1653", NULL,
		"Eberhardt", 1997,
	};
	struct rec translated = original;
	struct dd_pair p = compare(&lilacs, &medline);

	cr_expect_eq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_eq(p.weights[DD_TITLE], 8, "half a title is a short title");
	cr_expect_geq(p.score, 0.95, "%f", p.score);
	translated.title = "[Neoadjuvant chemotherapy and chemoradiotherapy in "
			   "locally advanced stage IIIA and IIIB of "
			   "non-small-cell bronchial carcinoma (the Essen "
			   "concept)]";
	translated.journal = "Praxis";
	p = compare(&original, &translated);
	cr_expect_eq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_geq(p.score, 0.95, "%f", p.score);
}

/* What follows a semicolon may be a subtitle: half a title is not it. */
Test(dedupe, a_shared_first_half_is_not_the_title)
{
	static const struct rec results = {
		"JOUR", NULL, NULL,
		"Primary result of the second multicentre intrapleural sepsis "
		"(MIST2) trial; randomised trial of intrapleural tPA and DNase "
		"in pleural infection",
		"Thorax", NULL, NULL, "65", NULL, "A1-A2", NULL,
		"Rahman;Maskell;Davies;Hedley", 2010,
	};
	static const struct rec costs = {
		"JOUR", NULL, NULL,
		"Primary result of the second multicentre intrapleural sepsis "
		"(MIST2) trial; health economic analysis of intrapleural tPA "
		"and DNase",
		"Thorax", NULL, NULL, "65", NULL, "A64", NULL,
		"Rahman;Maskell;Davies;Hedley", 2010,
	};
	static const struct rec aphasia = {
		"JOUR", NULL, NULL, "Stroke and aphasia; overcoming the "
		"challenges of capacity evaluation",
		"Stroke", NULL, NULL, "41", NULL, "e505", NULL,
		"Carling-Rowland;Black", 2010,
	};
	struct rec other = aphasia;
	struct dd_pair p = compare(&results, &costs);

	cr_expect_leq(p.weights[DD_TITLE], 8);
	cr_expect_lt(p.score, 0.95, "%f", p.score);
	/* a first half this short is compared whole only */
	other.title = "Stroke and aphasia";
	p = compare(&aphasia, &other);
	cr_expect_neq(p.verdict[DD_TITLE], DD_SAME);
	cr_expect_lt(p.score, 0.95, "%f", p.score);
}

/* Two English versions of one French title: the citation names it. */
Test(dedupe, translated_titles_with_one_citation)
{
	static const struct rec embase = {
		"JOUR", NULL, NULL,
		"Antibiotic prophylaxis in pulmonary surgery. A controlled "
		"double-blind study of amoxicillin versus cefamandole",
		"Ann Fr Anesth Reanim", NULL, NULL, "13", NULL, "280-284", NULL,
		"Train;Soulard;Bouyer;Bizouarn;Blanloeil", 1994,
	};
	static const struct rec medline = {
		"JOUR", NULL, NULL,
		"[Comparison of amoxicillin and cefamandole in the prevention of "
		"bronchopulmonary infections in pulmonary surgery. A randomized "
		"double-blind study]",
		"Annales francaises d'anesthesie et de reanimation", NULL, NULL,
		"13", NULL, "280-4", NULL,
		"Train;Soulard;Bouyer;Bizouarn;Blanloeil", 1994,
	};
	struct rec abstract_a = embase, abstract_b = medline;
	struct dd_pair p = compare(&embase, &medline);

	cr_expect_eq(p.verdict[DD_TITLE], DD_DIFFER);
	cr_expect_eq(p.weights[DD_TITLE], 0);
	cr_expect_eq(p.weights[DD_PAGES], 4, "a range names an article");
	cr_expect_geq(p.score, 0.95, "%f", p.score);
	/* Two abstracts of one group on one supplement page are two. */
	abstract_a.pages = abstract_b.pages = "S45";
	p = compare(&abstract_a, &abstract_b);
	cr_expect_eq(p.weights[DD_TITLE], -10);
	cr_expect_lt(p.score, 0.5, "%f", p.score);
	/* Another first author: the citation is not enough. */
	abstract_b = medline;
	abstract_b.authors = "Soulard;Train;Bouyer";
	cr_expect_lt(compare(&embase, &abstract_b).score, 0.5);
}

Test(dedupe, pages_in_another_order_or_off_by_two)
{
	struct rec a = startback_embase, b = startback_embase;

	a.doi = b.doi = NULL;
	a.pages = "233-238+230-235+246-251";
	b.pages = "230-5, 246-51, 233-8";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_SAME);
	a.pages = "678-684";
	b.pages = "676-682";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_CLOSE);
	/* neighbours share a page: one ends where the next begins */
	a.pages = "246-250";
	b.pages = "250-254";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_DIFFER);
	/* a supplement numbered in roman: "viii108" is page 108 */
	a.pages = "108";
	b.pages = "viii108";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_CLOSE);
	a.pages = "5-9";
	cr_expect_eq(compare(&a, &b).verdict[DD_PAGES], DD_DIFFER);
}

/* Online first: no volume yet, pages 1-6 (a spreadsheet's "01-Jun"). */
Test(dedupe, online_first_and_in_print)
{
	static const struct rec online = {
		"JOUR", NULL, NULL,
		"Management of peripancreatic fluid collections following "
		"partial pancreatectomy: a comparison of percutaneous versus "
		"EUS-guided drainage",
		"Surgical Endoscopy", NULL, NULL, NULL, NULL, "01-Jun", NULL,
		"Kwon;Gerdes;Schattner;Brown;Covey", 2013,
	};
	struct rec print = online, longer;
	struct dd_pair p;

	print.journal = "Surg Endosc";
	print.volume = "27";
	print.issue = "7";
	print.pages = "2422-2427";
	p = compare(&online, &print);
	cr_expect_eq(p.verdict[DD_PAGES], DD_CLOSE);
	cr_expect_geq(p.score, 0.95, "%f", p.score);
	/* as many pages online as in print, or they are not one article */
	longer = print;
	longer.pages = "2422-2435";
	cr_expect_eq(compare(&online, &longer).verdict[DD_PAGES], DD_DIFFER);
}

Test(dedupe, volumes_that_are_not_numbers)
{
	struct rec a = startback_embase, b = startback_embase;
	struct dd_pair p;

	a.doi = b.doi = NULL;
	a.volume = "378 Suppl 1";
	p = compare(&a, &b);
	cr_expect_eq(p.verdict[DD_VOLUME], DD_CLOSE);
	cr_expect_geq(p.score, 0.95, "%f", p.score);
	a.volume = "(Jul)";
	cr_expect_eq(compare(&a, &b).verdict[DD_VOLUME], DD_UNKNOWN);
	a.volume = "Ph.D.";
	cr_expect_eq(compare(&a, &b).verdict[DD_VOLUME], DD_UNKNOWN);
	a.volume = "379";
	cr_expect_eq(compare(&a, &b).verdict[DD_VOLUME], DD_DIFFER);
}

Test(dedupe, journal_names_and_abbreviations)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
		{ "Ai zheng = Aizheng = Chinese journal of cancer",
		  "Chinese Journal of Cancer", 1 },
		{ "Jthoraccardiovascsurg",
		  "Journal of Thoracic & Cardiovascular Surgery", 1 },
		{ "Dtsch-Med-Wochenschr",
		  "Deutsche medizinische Wochenschrift (1946)", 1 },
		{ "Proc Natl Acad Sci U S A",
		  "Proceedings of the National Academy of Sciences of the "
		  "United States of America", 1 },
		{ "Pediatric Nephrology.Conference: 44th Annual Scientific "
		  "Meeting of the European Society for Paediatric Nephrology",
		  "Pediatr Nephrol", 1 },
		{ "Clin Infect Dis", "Clinical Imaging", 0 },
		{ "Ann Oncol", "Annals of Otology, Rhinology and Laryngology",
		  0 },
		{ "J Clin Oncol", "Journal of Clinical Virology", 0 },
		{ "Praxis", "Schweizerische Rundschau fur Medizin Praxis", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct rec a = startback_embase, b = startback_embase;

		a.journal = cases[i].a;
		b.journal = cases[i].b;
		a.issn = b.issn = NULL;
		cr_expect_eq(compare(&a, &b).verdict[DD_JOURNAL],
			     cases[i].same ? DD_SAME : DD_DIFFER, "%s / %s",
			     cases[i].a, cases[i].b);
	}
}

Test(dedupe, family_names_given_in_part)
{
	struct rec a = startback_embase, b = startback_embase;
	struct dd_pair p;

	a.authors = "Il Cheong";
	b.authors = "Cheong";
	cr_expect_eq(compare(&a, &b).verdict[DD_AUTHORS], DD_SAME);
	a.authors = "van Kessel;Geurts;Brouwer;Fasotti";
	b.authors = "Kessel;Geurts;Brouwer;Fasotti;et al.";
	cr_expect_eq(compare(&a, &b).verdict[DD_AUTHORS], DD_SAME);
	a.authors = "Hernandez Pedro;Rios Trejo";
	b.authors = "Pedro;Trejo";
	cr_expect_eq(compare(&a, &b).verdict[DD_AUTHORS], DD_SAME);
	/* a shared particle is not a shared name */
	a.authors = "Goicoechea de;Harris";
	b.authors = "de Jorge;Esparza";
	p = compare(&a, &b);
	cr_expect_eq(p.verdict[DD_AUTHORS], DD_DIFFER);
	a.authors = "Le";
	b.authors = "Le Quintrec";
	cr_expect_neq(compare(&a, &b).verdict[DD_AUTHORS], DD_SAME);
}

/* Embase names an erratum by its article's citation. */
Test(dedupe, erratum_named_by_its_citation)
{
	static const struct rec article = {
		"JOUR", NULL, NULL,
		"Eculizumab for atypical hemolytic-uremic syndrome",
		"New England Journal of Medicine", NULL, NULL, "360", "5",
		"542-544", NULL, "Nurnberger;Philipp;Witzke;Saez;Vester", 2009,
	};
	static const struct rec embase = {
		"JOUR", NULL, NULL,
		"Eculizumab for atypical hemolytic-uremic syndrome (New England "
		"Journal of Medicine (2009) 360 (542-544))",
		"New England Journal of Medicine.", NULL, NULL, "360", "23",
		"2487", NULL, "Philipp", 2009,
	};
	struct rec wos = embase;

	wos.title = "Eculizumab for Atypical Hemolytic-Uremic Syndrome (vol "
		    "360, pg 542, 2009)";
	cr_expect_lt(compare(&embase, &article).score, 0.5);
	cr_expect_geq(compare(&embase, &wos).score, 0.95);
}

/* A thesis and its abstract a year apart: nothing else ties them. */
Test(dedupe, a_year_apart_needs_a_venue)
{
	static const struct rec dai = {
		"JOUR", NULL, NULL,
		"A within-subjects experimental evaluation of the Television "
		"Assisted Prompting (TAP) system to maximize completion of "
		"home-delivered swallow strengthening exercises",
		"Dissertation Abstracts International: Section B: The Sciences "
		"and Engineering", NULL, NULL, "69", "8-B", "4714", NULL,
		"Lemoncello", 2009,
	};
	struct rec thesis = dai;
	struct dd_pair p;

	thesis.journal = NULL;
	thesis.volume = "Ph.D.";
	thesis.issue = NULL;
	thesis.pages = "62 p";
	thesis.year = 2008;
	p = compare(&dai, &thesis);
	cr_expect_eq(p.verdict[DD_PAGES], DD_UNKNOWN, "62 p is a count");
	cr_expect_eq(p.weights[DD_YEAR], -1);
	cr_expect_geq(p.score, 0.5, "%f", p.score);
	cr_expect_lt(p.score, 0.95, "%f", p.score);
}

/* One abstract at two meetings: for a person to judge, not a merge. */
Test(dedupe, same_title_and_authors_wait_for_review)
{
	static const struct rec bjh = {
		"JOUR", NULL, NULL,
		"Modification of the standard eculizumab dose to successfully "
		"manage intravascular haemolysis breakthrough in patients with "
		"paroxysmal nocturnal haemoglobinuria",
		"British Journal of Haematology", NULL, NULL, "145", "Suppl. 1",
		"23", NULL, "Kelly;Arnold;Richards;van Bijnen;Muus;Hillmen",
		2009,
	};
	struct rec haematologica = bjh;
	struct dd_set *s = dd_set_new();
	struct buf b = BUF_INIT;
	struct dd_pair p;

	haematologica.journal = "Haematologica-the Hematology Journal";
	haematologica.volume = "94";
	haematologica.issue = "Suppl. 2";
	haematologica.pages = "239-240";
	dd_compare(s, add(s, 1, &bjh), add(s, 2, &haematologica), &p);
	cr_expect_eq(p.score, 0.5, "%f", p.score);
	cr_expect(p.raised);
	dd_evidence_json(&p, &b);
	cr_expect(strstr(b.data, "\"raised\":\"same title and authors\""),
		  "%s", b.data);
	buf_release(&b);
	dd_set_free(s);
}

Test(dedupe, greek_letters_spelled_out)
{
	struct rec a = startback_embase, b = startback_embase;

	a.doi = b.doi = NULL;
	a.title = "Hepcidin and \xCE\xB2-thalassaemia: TNF-\xCE\xB1 in "
		  "erythropoiesis";
	b.title = "Hepcidin and beta-thalassaemia: TNF-alpha in "
		  "erythropoiesis";
	cr_expect_eq(compare(&a, &b).verdict[DD_TITLE], DD_SAME);
}

/* Names that could be cut in countless ways: the matcher gives up. */
Test(dedupe, journal_abbreviation_gives_up, .timeout = 5)
{
	struct rec a = startback_embase, b = startback_embase;
	char run[128], words[160];

	memset(run, 'a', sizeof(run) - 2);
	run[sizeof(run) - 2] = 'x';
	run[sizeof(run) - 1] = '\0';
	for (size_t i = 0; i + 5 < sizeof(words); i += 5)
		memcpy(words + i, "aaaa ", 5);
	words[sizeof(words) - 5] = '\0';
	a.journal = run;
	b.journal = words;
	a.issn = b.issn = NULL;
	cr_expect_eq(compare(&a, &b).verdict[DD_JOURNAL], DD_DIFFER);
}
