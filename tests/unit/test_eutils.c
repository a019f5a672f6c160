/*
 * eutils: the parts that need no network. Request parameters and their
 * encoding, the rate limiter's spacing, the backoff schedule's bounds,
 * esearch answers (with the error shapes NCBI puts in a 200), error
 * bodies, and the check that an efetch answer is whole.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eutils.h"

static struct buf
params_of(const char *name, const char *value)
{
	struct buf b = BUF_INIT;

	eutils_param(&b, name, value);
	return b;
}

Test(eutils, params_encoded)
{
	struct buf b = params_of("term", "\"low back pain\"[MeSH] AND #1");

	cr_expect_str_eq(b.data, "term=%22low%20back%20pain%22%5BMeSH%5D%20"
				 "AND%20%231");
	buf_release(&b);
	/* UTF-8 bytes one by one; unreserved characters as they are. */
	b = params_of("term", "caf\xc3\xa9 a-b_c.d~e/f&g=h+i");
	cr_expect_str_eq(b.data, "term=caf%C3%A9%20a-b_c.d~e%2Ff%26g%3Dh%2Bi");
	buf_release(&b);
}

Test(eutils, params_joined)
{
	struct buf b = BUF_INIT;

	eutils_param(&b, "db", "pubmed");
	eutils_param(&b, "WebEnv", "MCID_6927d6e7fee3e90f880ec190");
	eutils_param_long(&b, "retstart", 10000);
	eutils_param(&b, "empty", "");
	cr_expect_str_eq(b.data, "db=pubmed&WebEnv=MCID_6927d6e7fee3e90f880ec190"
				 "&retstart=10000&empty=");
	buf_release(&b);
}

/* The waits for requests wanting to start at the times in at[]. */
static void
expect_waits(int have_key, const double *at, const double *wait, int n)
{
	struct eutils_rate r;

	eutils_rate_init(&r, have_key);
	for (int i = 0; i < n; i++) {
		double w = eutils_rate_reserve(&r, at[i]);

		cr_expect(fabs(w - wait[i]) < 1e-9, "request %d at %.2f waits "
			  "%.3f, not %.3f", i, at[i], w, wait[i]);
	}
}

Test(eutils, rate_spacing)
{
	/* Three at once wait their turn; after a pause, no wait; half an
	 * interval after a request, the other half. */
	static const double at[] = { 100, 100, 100, 200, 200.2 };
	static const double wait[] = { 0, 0.35, 0.70, 0, 0.15 };
	static const double key_at[] = { 5, 5, 5.5 };
	static const double key_wait[] = { 0, 0.11, 0 };

	expect_waits(0, at, wait, 5);
	expect_waits(1, key_at, key_wait, 3);
}

/* Whatever the arrivals, no second holds more than the limit. */
static void
check_window(int have_key, int limit)
{
	struct eutils_rate r;
	double starts[400], now = 0;
	unsigned int seed = 7;

	eutils_rate_init(&r, have_key);
	for (int i = 0; i < 400; i++) {
		seed = seed * 1103515245u + 12345u;
		now += (double)(seed >> 16 & 0xff) / 1000.0;	/* 0-255 ms */
		starts[i] = now + eutils_rate_reserve(&r, now);
		now = starts[i];
	}
	for (int i = limit; i < 400; i++)
		cr_expect_gt(starts[i] - starts[i - limit], 1.0,
			     "%d requests within %.3f s", limit + 1,
			     starts[i] - starts[i - limit]);
}

Test(eutils, rate_window)
{
	check_window(0, 3);
	check_window(1, 10);
}

static void
expect_backoff(int attempt, double retry_after, double u, double want)
{
	double d = eutils_backoff(attempt, retry_after, u);

	cr_expect(fabs(d - want) < 1e-9, "backoff(%d, %g, %g) = %.4f, not %.4f",
		  attempt, retry_after, u, d, want);
}

Test(eutils, backoff_bounds)
{
	for (int attempt = 1; attempt <= 12; attempt++) {
		double full = fmin(pow(2, attempt - 1), EUTILS_BACKOFF_MAX);

		for (double u = 0; u < 1; u += 0.125) {
			double d = eutils_backoff(attempt, 0, u);

			cr_expect(d >= full / 2 - 1e-9 && d <= full + 1e-9,
				  "attempt %d, u %.3f: %.3f not in [%.3f, %.3f]",
				  attempt, u, d, full / 2, full);
		}
	}
	/* The jitter spreads: not every client waits the same. */
	cr_expect_neq(eutils_backoff(3, 0, 0.0), eutils_backoff(3, 0, 0.9));
	/* Retry-After is kept, up to its cap; a bad random number is 0. */
	expect_backoff(1, 5, 0.5, 5.0);
	expect_backoff(6, 5, 0.999, 31.984);
	expect_backoff(1, 3600, 0.5, EUTILS_RETRY_AFTER_MAX);
	expect_backoff(1, 0, 7.0, 0.5);
	expect_backoff(1, 0, -1.0, 0.5);
}

static const char esearch_ok[] =
	"{\"header\":{\"type\":\"esearch\",\"version\":\"0.3\"},\n"
	" \"esearchresult\":{\"count\":\"42\",\"retmax\":\"3\",\"retstart\":\"0\","
	"\"querykey\":\"1\",\"webenv\":\"MCID_6927d6e7fee3e90f880ec190\","
	"\"idlist\":[\"38962805\",\"32894878\",\"11636720\"],"
	"\"translationset\":[{\"from\":\"back pain\",\"to\":\"\\\"back pain\\\""
	"[MeSH Terms]\"}],\"querytranslation\":\"\\\"back pain\\\"[MeSH Terms] "
	"OR zzqx[All Fields]\",\"errorlist\":{\"phrasesnotfound\":[\"zzqx\"],"
	"\"fieldsnotfound\":[]},\"warninglist\":{\"phrasesignored\":[],"
	"\"quotedphrasesnotfound\":[],\"outputmessages\":[]}}}";

Test(eutils, esearch_parsed)
{
	struct eutils_search s;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(eutils_esearch_parse(esearch_ok, strlen(esearch_ok),
					  "esearch.fcgi", &s, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(s.count, 42);
	cr_expect_str_eq(s.webenv, "MCID_6927d6e7fee3e90f880ec190");
	cr_expect_str_eq(s.query_key, "1");
	cr_expect_str_eq(s.translation,
			 "\"back pain\"[MeSH Terms] OR zzqx[All Fields]");
	cr_assert_eq(s.nids, 3);
	cr_expect_str_eq(s.ids[0], "38962805");
	cr_expect_str_eq(s.ids[2], "11636720");
	cr_expect_str_eq(s.notes.data, "phrase not found: zzqx\n");
	eutils_search_release(&s);
}

/* Parameters are copied into each test process: no pointers inside. */
struct bad_search {
	char body[128];
	char msg[80];
	long line;
};

ParameterizedTestParameters(eutils, esearch_refused)
{
	static struct bad_search cases[] = {
		{ "{\"esearchresult\":{\"ERROR\":\"Search Backend failed\"}}",
		  "PubMed answered: Search Backend failed", 0 },
		{ "{\"esearchresult\":{\"ERROR\":\"Empty term provided.\"}}",
		  "PubMed answered: Empty term provided.", 0 },
		{ "{\"error\":\"API rate limit exceeded\",\"count\":\"11\"}",
		  "the answer is not an esearch result", 0 },
		{ "{\"esearchresult\":{\"retmax\":\"0\",\"idlist\":[]}}",
		  "the esearch answer has no count", 0 },
		{ "{\"esearchresult\":{\"count\":\"2\",\"retmax\":\"2\","
		  "\"idlist\":[\"1\"]}}",
		  "the esearch answer shows 1 PMIDs but says another number", 0 },
		{ "{\"esearchresult\":{\"count\":\"1\",\"idlist\":[\"12a\"]}}",
		  "the esearch answer lists '12a' as a PMID", 0 },
		{ "{\"esearchresult\":{\"count\":\"x1\"}}",
		  "the esearch answer has no count", 0 },
		{ "{\"esearchresult\":\n{\"count\":\"1\",",
		  "the esearch answer is not JSON", 2 },
		{ "<html><body>502 Bad Gateway</body></html>",
		  "the esearch answer is not JSON", 1 },
	};
	return cr_make_param_array(struct bad_search, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct bad_search *c, eutils, esearch_refused)
{
	struct eutils_search s;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(eutils_esearch_parse(c->body, strlen(c->body), "es", &s,
					  &err), -1, "%s", c->body);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_str_eq(err.file, "es");
	cr_expect(strncmp(err.msg, c->msg, strlen(c->msg)) == 0,
		  "'%s' does not start '%s'", err.msg, c->msg);
	cr_expect_eq(err.line, c->line, "line %ld for %s", err.line, c->body);
	eutils_search_release(&s);
}

struct error_case {
	char body[256];
	int is_error;
	char msg[64];
	int transient;
};

ParameterizedTestParameters(eutils, error_bodies)
{
	static struct error_case cases[] = {
		{ "{\"error\":\"API rate limit exceeded\",\"api-key\":"
		  "\"157.131.198.215\",\"count\":\"5\",\"limit\":\"3\"}",
		  1, "API rate limit exceeded", 1 },
		{ "  {\"esearchresult\":{\"ERROR\":\"Search Backend failed\"}}",
		  1, "Search Backend failed", 1 },
		{ "{\"esearchresult\":{\"ERROR\":\"Empty term provided.\"}}",
		  1, "Empty term provided.", 0 },
		{ "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE "
		  "eFetchResult PUBLIC \"-//NLM//DTD efetch 20131226//EN\" "
		  "\"x.dtd\">\n<eFetchResult>\n\t<ERROR>Unable to obtain query "
		  "#1</ERROR>\n</eFetchResult>\n",
		  1, "Unable to obtain query #1", 0 },
		{ "<ERROR>Invalid db name specified: nothing</ERROR>", 1,
		  "Invalid db name specified: nothing", 0 },
		{ "<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n<PubmedArticle>"
		  "<ERROR>not an error</ERROR></PubmedArticle>"
		  "</PubmedArticleSet>", 0, "", 0 },
		{ "<html><body>Bad Gateway</body></html>", 0, "", 0 },
		{ "{\"esearchresult\":{\"count\":\"1\"}}", 0, "", 0 },
		{ "", 0, "", 0 },
	};
	return cr_make_param_array(struct error_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct error_case *c, eutils, error_bodies)
{
	char msg[128] = "";

	cr_expect_eq(eutils_error_body(c->body, strlen(c->body), msg,
				       sizeof(msg)), c->is_error, "%s", c->body);
	if (c->is_error) {
		cr_expect_str_eq(msg, c->msg);
		cr_expect_eq(eutils_error_transient(msg), c->transient, "%s",
			     msg);
	}
}

static char *
read_fixture(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	char *data;

	snprintf(path, sizeof(path), "%s/fetch/%s", FIXTURES_DIR, name);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(*len + 1);
	cr_assert_eq(fread(data, 1, *len, f), *len);
	fclose(f);
	return data;
}

Test(eutils, efetch_whole_or_not)
{
	struct sk_err err = SK_ERR_INIT;
	size_t len;
	char *xml = read_fixture("search.xml", &len);

	cr_expect_eq(eutils_efetch_check(xml, len, "b", &err), 0, "%s",
		     err.msg);
	/* Cut anywhere, even just before the last '>': refused. */
	for (size_t cut = 1; cut < len; cut += len / 37 + 1) {
		sk_err_clear(&err);
		cr_expect_eq(eutils_efetch_check(xml, cut, "b", &err), -1,
			     "cut at %zu", cut);
	}
	cr_expect_eq(eutils_efetch_check(xml, len - 2, "b", &err), -1);
	cr_expect_str_eq(err.msg, "the efetch answer is cut off: it does not "
				  "end with </PubmedArticleSet>");
	cr_expect_str_eq(err.file, "b");
	free(xml);
}

struct check_case {
	char body[128];
	int rc;
	char msg[96];
};

ParameterizedTestParameters(eutils, efetch_shapes)
{
	static struct check_case cases[] = {
		{ "<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n"
		  "</PubmedArticleSet>\n", 0, "" },
		{ "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet>"
		  "<!-- a comment -->\n<PubmedArticleSet/>\n\n", 0, "" },
		{ "<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>  ",
		  0, "" },
		{ "", -1, "the efetch answer is empty" },
		{ "  \n", -1, "the efetch answer is empty" },
		{ "<html><head><title>502", -1,
		  "the efetch answer is not PubMed XML: it begins '<html'" },
		{ "<eFetchResult><ERROR>x</ERROR></eFetchResult>", -1,
		  "the efetch answer is not PubMed XML: it begins "
		  "'<eFetchResult'" },
		{ "<PubmedArticleSetX></PubmedArticleSetX>", -1,
		  "the efetch answer is not PubMed XML" },
		{ "<PubmedArticleSet><PubmedArticle/>", -1,
		  "the efetch answer is cut off" },
		{ "<PubmedArticleSet><PubmedArticle/>/>", -1,
		  "the efetch answer is cut off" },
	};
	return cr_make_param_array(struct check_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct check_case *c, eutils, efetch_shapes)
{
	struct sk_err err = SK_ERR_INIT;

	cr_expect_eq(eutils_efetch_check(c->body, strlen(c->body), "b", &err),
		     c->rc, "%s", c->body);
	if (c->rc)
		cr_expect(strncmp(err.msg, c->msg, strlen(c->msg)) == 0,
			  "'%s' does not start '%s'", err.msg, c->msg);
}
