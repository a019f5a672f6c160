/*
 * normalize: DOI, title, name and page keys on real and hostile values,
 * and every DOI and title of real exports.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "harness.h"
#include "normalize.h"

/* An expected key of "" means NULL. */
struct key_case {
	char in[160];
	char want[128];
};

static void
check_key(char *(*fn)(const char *), const struct key_case *c)
{
	char *got = fn(c->in);

	if (!c->want[0])
		cr_expect_null(got, "\"%s\" -> \"%s\", want NULL", c->in, got);
	else
		cr_expect_str_eq(got ? got : "(null)", c->want, "\"%s\"",
				 c->in);
	free(got);
}

ParameterizedTestParameters(normalize, doi)
{
	static struct key_case cases[] = {
		/* Scopus, as stored */
		{ "10.1016/j.psyneuen.2019.104501",
		  "10.1016/j.psyneuen.2019.104501" },
		/* sentence full stop (PubMed XML has "10.1038/oby.2012.97.") */
		{ "10.1016/j.xxx.2019.01.001.", "10.1016/j.xxx.2019.01.001" },
		{ "10.1038/oby.2012.97.", "10.1038/oby.2012.97" },
		/* SICI DOI as a URL: <, >, ;, # and parentheses are its own */
		{ "https://doi.org/10.1002/(SICI)1097-0274(199601)29:1<23::"
		  "AID-AJIM4>3.0.CO;2-#",
		  "10.1002/(sici)1097-0274(199601)29:1<23::aid-ajim4>"
		  "3.0.co;2-#" },
		/* MEDLINE AID/LID */
		{ "10.1371/journal.pone.0209483 [doi]",
		  "10.1371/journal.pone.0209483" },
		{ "10.1371/journal.pone.0209483[DOI]",
		  "10.1371/journal.pone.0209483" },
		/* RIS DO/UR as old resolver URLs */
		{ "http://dx.doi.org/10.1080/09638288.2017.1419289",
		  "10.1080/09638288.2017.1419289" },
		{ "https://dx.doi.org/10.1186/s13643-019-1074-9",
		  "10.1186/s13643-019-1074-9" },
		{ "HTTPS://DOI.ORG/10.1000/ABC", "10.1000/abc" },
		{ "https://www.doi.org/10.1000/x", "10.1000/x" },
		{ "doi.org/10.1000/x", "10.1000/x" },
		{ "doi:10.1000/XYZ", "10.1000/xyz" },
		{ "DOI 10.1007/s00586-016-4596-z",
		  "10.1007/s00586-016-4596-z" },
		{ "DOI: https://doi.org/10.1000/xyz", "10.1000/xyz" },
		{ "info:doi/10.1000/x", "10.1000/x" },
		/* URL escapes decoded only in URLs */
		{ "https://doi.org/10.1002%2F%28SICI%291098-2795",
		  "10.1002/(sici)1098-2795" },
		{ "10.1000/a%2Fb", "10.1000/a%2fb" },
		/* spaces around (RIS "DO  -  10.5093/pi2022a2") */
		{ "  10.5093/pi2022a2 \t", "10.5093/pi2022a2" },
		/* balanced parentheses stay, unbalanced closers go */
		{ "10.1016/0006-8993(93)91335-P",
		  "10.1016/0006-8993(93)91335-p" },
		{ "10.1044/1092-4388(2002/080)",
		  "10.1044/1092-4388(2002/080)" },
		{ "10.1000/abc).", "10.1000/abc" },
		{ "10.1000/abc];,", "10.1000/abc" },
		{ "10.7176/RHSS/9-", "10.7176/rhss/9-" },
		/* the next field on the same line (Embase via CiteSource) */
		{ "10.1002/ar.25299     LK  - https://example.org/?id=doi:x",
		  "10.1002/ar.25299" },
		/* registrant with a subdivision */
		{ "10.1000.10/123456", "10.1000.10/123456" },
		/* not DOIs */
		{ "", "" },
		{ "   ", "" },
		{ "10.", "" },
		{ "10.1234", "" },
		{ "10.1234/", "" },
		{ "10.1234/.", "" },
		{ "10./abc", "" },
		{ "10.1234./x", "" },
		{ "10.abc/def", "" },
		{ "11.1234/abc", "" },
		{ "doi:", "" },
		{ "https://doi.org/", "" },
		{ "http://link.springer.com/10.1007/s00586-016-4596-z", "" },
		{ "S0140-6736(19)31991-9 [pii]", "" },
		{ "'; DROP TABLE record; --", "" },
		{ "10.1234/ab\x01" "c", "" },
		{ "x10.1234/abc", "" },
	};
	return cr_make_param_array(struct key_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct key_case *c, normalize, doi)
{
	check_key(normalize_doi, c);
}

Test(normalize, doi_null_and_huge)
{
	size_t n = 1024 * 1024;
	char *s = malloc(n + 1);
	char *k;

	cr_assert_null(normalize_doi(NULL));
	/* a megabyte of suffix is not a DOI */
	memcpy(s, "10.1234/", 8);
	memset(s + 8, 'A', n - 8);
	s[n] = '\0';
	cr_assert_null(normalize_doi(s));
	/* a megabyte of prefixes ends in a DOI */
	for (size_t i = 0; i + 4 <= n; i += 4)
		memcpy(s + i, "doi:", 4);
	memcpy(s + n - 12, "10.1000/ABCD", 12);
	k = normalize_doi(s);
	cr_assert_str_eq(k ? k : "(null)", "10.1000/abcd");
	free(k);
	/* the longest DOI taken */
	memcpy(s, "10.1234/", 8);
	memset(s + 8, 'a', NORMALIZE_DOI_MAX - 8);
	s[NORMALIZE_DOI_MAX] = '\0';
	k = normalize_doi(s);
	cr_assert_not_null(k);
	cr_assert_eq(strlen(k), NORMALIZE_DOI_MAX);
	free(k);
	free(s);
}

ParameterizedTestParameters(normalize, title)
{
	static struct key_case cases[] = {
		/* accents and case */
		{ "Über die Wirkung", "uber die wirkung" },
		{ "The EFFECT of Café au Lait", "the effect of cafe au lait" },
		{ "Ørsted and Łódź: Straße", "orsted and lodz strasse" },
		/* punctuation runs become one space */
		{ "Stress -- and: the brain/gut axis!!",
		  "stress and the brain gut axis" },
		{ "Results of 2019–2020: 95% CI (n = 12)",
		  "results of 2019 2020 95 ci n 12" },
		{ "  lots \t of\n\n  space  ", "lots of space" },
		/* markup, escaped or not */
		{ "<i>Escherichia coli</i> in CO<sub>2</sub>-rich water",
		  "escherichia coli in co2 rich water" },
		{ "&lt;i&gt;In vitro&lt;/i&gt; study", "in vitro study" },
		{ "Smith &amp; Jones: a study", "smith jones a study" },
		{ "&#233;tude &#xE9;l&#233;gante", "etude elegante" },
		{ "p<0.05 in <b>bold</b> trials<br/>end",
		  "p 0 05 in bold trials end" },
		{ "Ca<sup>2+</sup> & <mml:math><mml:mi>x</mml:mi></mml:math>",
		  "ca2 x" },
		/* translated titles and Ovid's notes */
		{ "[Effect of fetal and neonatal growth on diseases].",
		  "effect of fetal and neonatal growth on diseases" },
		{ "[Current aspects of HUS in children]. [Review] [16 refs] "
		  "[Romanian]", "current aspects of hus in children" },
		{ "Desensitization protocols and their outcome. [Review]",
		  "desensitization protocols and their outcome" },
		{ "[A] and [B]", "a and b" },
		/* scripts other than Latin are letters */
		{ "新型冠状病毒，临床特征", "新型冠状病毒 临床特征" },
		{ "Лечение БОЛИ в спине", "лечение боли в спине" },
		/* Greek letters spelled out, as PubMed spells them */
		{ "β-blockers", "beta blockers" },
		{ "TGF-β1 and TNF-α", "tgf beta1 and tnf alpha" },
		{ "ΑΒΓ-ω, Ἄλφα", "alphabetagamma omega alphalambdaphialpha" },
		/* HTML references exported as text */
		{ "TNF-&alpha; and &Beta;-cells", "tnf alpha and beta cells" },
		{ "&Eacute;tude r&eacute;sum&eacute;e, Gr&uuml;nd&szlig;",
		  "etude resumee grundss" },
		{ "Hemolytic&ndash;Uremic &ldquo;HUS&rdquo; &amp;c",
		  "hemolytic uremic hus c" },
		{ "&notanentity; &alphabet;", "notanentity alphabet" },
		/* apostrophes, ligatures, soft hyphens */
		{ "Parkinson’s disease and women's health",
		  "parkinsons disease and womens health" },
		{ "The ﬁrst soft\xC2\xAD" "hyphen", "the first softhyphen" },
		/* nothing usable */
		{ "", "" },
		{ "!!! ... ---", "" },
		{ "[Not Available].", "" },
		{ "[No title available]", "" },
	};
	return cr_make_param_array(struct key_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct key_case *c, normalize, title)
{
	check_key(normalize_title, c);
}

ParameterizedTestParameters(normalize, name)
{
	static struct key_case cases[] = {
		{ "O'Brien", "obrien" },
		{ "Müller-Lüdenscheidt", "mullerludenscheidt" },
		{ "van der Berg", "vanderberg" },
		{ "GARCÍA-MÁRQUEZ", "garciamarquez" },
		{ "Ødegård", "odegard" },
		{ "D’Angelo", "dangelo" },
		{ "Nguyễn", "nguyen" },
		{ "St. John", "stjohn" },
		{ "Słowik", "slowik" },
		{ "Иванов", "иванов" },
		{ "王", "王" },
		{ "", "" },
		{ " - ' ", "" },
	};
	return cr_make_param_array(struct key_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct key_case *c, normalize, name)
{
	check_key(normalize_name, c);
}

Test(normalize, name_null)
{
	cr_assert_null(normalize_name(NULL));
	cr_assert_null(normalize_title(NULL));
}

/* An expected first page of "" means -1. */
struct first_page_case {
	char in[64];
	char want[32];
};

ParameterizedTestParameters(normalize, first_page)
{
	static struct first_page_case cases[] = {
		{ "123-130", "123" },
		{ "e0209483", "e0209483" },
		{ "S129–35", "s129" },
		{ "pp. 12-19", "12" },
		{ "  45 ", "45" },
		{ "R45-R50", "r45" },
		{ "xiv-xvi", "xiv" },
		{ "Article 104501", "104501" },
		/* a spreadsheet's dates for "1-6" and "12-15" */
		{ "01-Jun", "1" },
		{ "Dec-15", "12" },
		/* a count of pages is not a place */
		{ "215 p", "" },
		{ "62 pp.", "" },
		{ "12 pages", "" },
		{ "", "" },
		{ "n/a", "" },
		{ "in press", "" },
		{ "-", "" },
		{ "123456789012345678901234567890123456789", "" },
	};
	return cr_make_param_array(struct first_page_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct first_page_case *c, normalize, first_page)
{
	char out[32];
	int rc = normalize_first_page(c->in, out, sizeof(out));

	if (!c->want[0]) {
		cr_expect_eq(rc, -1, "\"%s\" -> \"%s\"", c->in, out);
		cr_expect_str_empty(out);
	} else {
		cr_expect_eq(rc, 0, "\"%s\"", c->in);
		cr_expect_str_eq(out, c->want, "\"%s\"", c->in);
	}
}

Test(normalize, first_page_small_buffer)
{
	char out[4] = "xyz";

	cr_assert_eq(normalize_first_page("1234-5", out, sizeof(out)), -1);
	cr_assert_str_empty(out);
	cr_assert_eq(normalize_first_page("123-5", out, sizeof(out)), 0);
	cr_assert_str_eq(out, "123");
	cr_assert_eq(normalize_first_page("1", out, 0), -1);
	cr_assert_eq(normalize_first_page(NULL, out, sizeof(out)), -1);
}

struct pages_case {
	char a[48];
	char b[48];
	int equal;
};

ParameterizedTestParameters(normalize, pages_equal)
{
	static struct pages_case cases[] = {
		{ "1560-71", "1560-1571", 1 },
		{ "1796-802", "1796-1802", 1 },
		{ "123-130", "123–130", 1 },
		{ "123 - 130", "123-130", 1 },
		{ "S129–35", "S129-S135", 1 },
		{ "S129-135", "s129-s135", 1 },
		{ "123", "123-123", 1 },
		{ "pp. 12-19", "12-19", 1 },
		{ "12-5, 30", "12-15; 30", 1 },
		{ "e0209483", "E0209483", 1 },
		{ "xiv-xvi", "xiv-xvi", 1 },
		/* the parts of a scattered article, in another order */
		{ "233-238+230-235+246-251", "230-5, 246-51, 233-8", 1 },
		{ "01-Jun", "1-6", 1 },
		{ "123", "123-130", 0 },
		{ "123-130", "123-131", 0 },
		{ "1560-71", "1560-1570", 0 },
		{ "1-10", "11-20", 0 },
		{ "12-5, 30", "12-15", 0 },
		{ "", "", 0 },
		{ "n/a", "n/a", 0 },
	};
	return cr_make_param_array(struct pages_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct pages_case *c, normalize, pages_equal)
{
	cr_expect_eq(normalize_pages_equal(c->a, c->b), c->equal,
		     "\"%s\" vs \"%s\"", c->a, c->b);
	cr_expect_eq(normalize_pages_equal(c->b, c->a), c->equal,
		     "\"%s\" vs \"%s\"", c->b, c->a);
}

struct span_case {
	char in[32];
	long first, last;	/* 0 and 0: -1 expected */
};

ParameterizedTestParameters(normalize, page_span)
{
	static struct span_case cases[] = {
		{ "1560-71", 1560, 1571 },
		{ "S129-35", 129, 135 },
		{ "pp. 12-19", 12, 19 },
		{ "45", 45, 45 },
		{ "01-Sep", 1, 9 },
		{ "233-8, 230-5", 233, 238 },
		{ "e0209483", 209483, 209483 },
		{ "xiv-xvi", 0, 0 },
		{ "S3-4e", 0, 0 },
		{ "20-10", 0, 0 },
		{ "215 p", 0, 0 },
		{ "", 0, 0 },
	};
	return cr_make_param_array(struct span_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct span_case *c, normalize, page_span)
{
	long first = -5, last = -5;
	int rc = normalize_page_span(c->in, &first, &last);

	if (!c->first) {
		cr_expect_eq(rc, -1, "\"%s\" -> %ld-%ld", c->in, first, last);
		return;
	}
	cr_expect_eq(rc, 0, "\"%s\"", c->in);
	cr_expect_eq(first, c->first, "\"%s\"", c->in);
	cr_expect_eq(last, c->last, "\"%s\"", c->in);
}

Test(normalize, pages_null)
{
	cr_assert_eq(normalize_pages_equal(NULL, NULL), 0);
	cr_assert_eq(normalize_pages_equal("12", NULL), 0);
	cr_assert_eq(normalize_page_span(NULL, &(long){ 0 }, &(long){ 0 }),
		     -1);
}

/* 1 for a lowercase or caseless letter, or a digit. */
static int
key_letter(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* 1 if s holds only letters, digits and single inner spaces. */
static int
key_clean(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp, prev = ' ';

	while (*p) {
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &cp);

		if (n <= 0 || (cp >= 'A' && cp <= 'Z'))
			return 0;
		if (cp == ' ' ? prev == ' ' : !key_letter(cp))
			return 0;
		prev = cp;
		p += n;
	}
	return prev != ' ';
}

#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/* The harness has no release for struct got; free what keep_record kept. */
static void
check_corpus_file(const char *path, long *n_doi, long *n_title)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(parse_with(ris_parse, path, INPUT_ENC_AUTO, g, &err), 0,
		     "%s:%ld: %s", err.file, err.line, err.msg);
	cr_assert_gt(g->n, 0, "%s", path);
	for (long i = 0; i < g->n; i++) {
		char *doi = normalize_doi(g->v[i].doi);
		char *title = normalize_title(g->v[i].title);
		char *again = normalize_title(title);

		if (g->v[i].doi) {
			cr_expect_not_null(doi, "%s", g->v[i].doi);
			STARTS(doi, "10.");
			cr_expect(doi && !strpbrk(doi, UPPER " \t\r\n"), "%s",
				  doi);
			(*n_doi)++;
		}
		if (g->v[i].title) {
			cr_expect(title && key_clean(title), "\"%s\" -> \"%s\"",
				  g->v[i].title, title ? title : "(null)");
			cr_expect_str_eq(again ? again : "(null)",
					 title ? title : "(null)");
			(*n_title)++;
		}
		free(doi);
		free(title);
		free(again);
	}
	free_got(g);
}

TestSuite(normalize_corpus, .init = make_tmp, .fini = drop_tmp);

Test(normalize_corpus, every_doi_and_title)
{
	static const char *const files[] = {
		C("ris/revtools/restoration_scopus.ris"),
		C("ris/asreview/scopus.ris"),
		C("ris/asreview/web_of_science.txt"),
	};
	long n_doi = 0, n_title = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		check_corpus_file(files[i], &n_doi, &n_title);
	cr_expect_gt(n_doi, 100);
	cr_expect_gt(n_title, 250);
}
