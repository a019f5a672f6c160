#include "eutils.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "xalloc.h"
#include "banned.h"

/* ---- parameters --------------------------------------------------- */

static void
add_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			buf_addch(b, c);
		} else {
			buf_addch(b, '%');
			buf_addch(b, hex[c >> 4]);
			buf_addch(b, hex[c & 15]);
		}
	}
}

void
eutils_param(struct buf *b, const char *name, const char *value)
{
	if (b->len)
		buf_addch(b, '&');
	add_encoded(b, name);
	buf_addch(b, '=');
	add_encoded(b, value);
}

void
eutils_param_long(struct buf *b, const char *name, long value)
{
	char n[24];

	snprintf(n, sizeof(n), "%ld", value);
	eutils_param(b, name, n);
}

/* ---- rate limit and backoff --------------------------------------- */

void
eutils_rate_init(struct eutils_rate *r, int have_key)
{
	/* A little over 1/3 s and 1/10 s: clocks on both sides differ. */
	r->interval = have_key ? 0.11 : 0.35;
	r->next = 0;
}

double
eutils_rate_reserve(struct eutils_rate *r, double now)
{
	double start = now > r->next ? now : r->next;

	r->next = start + r->interval;
	return start - now;
}

double
eutils_backoff(int attempt, double retry_after, double rand01)
{
	double d = 1.0;

	for (int i = 1; i < attempt && d < EUTILS_BACKOFF_MAX; i++)
		d *= 2;
	if (d > EUTILS_BACKOFF_MAX)
		d = EUTILS_BACKOFF_MAX;
	if (rand01 < 0 || rand01 >= 1)
		rand01 = 0;
	/* Jitter: clients that failed together do not retry together. */
	d *= 0.5 + 0.5 * rand01;
	if (retry_after > EUTILS_RETRY_AFTER_MAX)
		retry_after = EUTILS_RETRY_AFTER_MAX;
	return retry_after > d ? retry_after : d;
}

/* ---- answers ------------------------------------------------------ */

void
eutils_search_release(struct eutils_search *s)
{
	free(s->webenv);
	free(s->query_key);
	free(s->translation);
	for (size_t i = 0; i < s->nids; i++)
		free(s->ids[i]);
	free(s->ids);
	buf_release(&s->notes);
	memset(s, 0, sizeof(*s));
	buf_init(&s->notes);
}

static char *
json_strdup(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? xstrdup(v) : NULL;
}

/* A count as esearch writes it: a string of digits (or a number). */
static int
json_count(json_t *v, long *out)
{
	const char *s = json_string_value(v);
	char *end;

	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (long)json_integer_value(v);
		return 0;
	}
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int
is_pmid(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++)
		if (!isdigit((unsigned char)s[n]))
			return 0;
	return n > 0 && n <= 12;
}

/* Phrases PubMed dropped or ignored: the search ran without them. */
static void
add_notes(struct buf *notes, json_t *list, const char *label, const char *key)
{
	json_t *a = json_object_get(list, key), *v;
	size_t i;

	json_array_foreach(a, i, v) {
		if (json_string_value(v) && *json_string_value(v))
			buf_addf(notes, "%s: %s\n", label, json_string_value(v));
	}
}

static int
read_ids(json_t *r, const char *name, struct eutils_search *out,
	 struct sk_err *err)
{
	json_t *ids = json_object_get(r, "idlist"), *v;
	long shown = -1;
	size_t i;

	if (ids && !json_is_array(ids))
		return sk_fail(err, SK_E_INPUT, name, 0,
			       "the esearch answer's idlist is not a list");
	json_array_foreach(ids, i, v) {
		const char *s = json_string_value(v);

		if (!s || !is_pmid(s))
			return sk_fail(err, SK_E_INPUT, name, 0,
				       "the esearch answer lists '%s' as a PMID",
				       s ? s : "(not a string)");
		out->ids = xgrow(out->ids, &out->cap_ids, out->nids + 1,
				 sizeof(*out->ids));
		out->ids[out->nids++] = xstrdup(s);
	}
	/* retmax in the answer is the number of PMIDs it shows. */
	if (json_object_get(r, "retmax") &&
	    (json_count(json_object_get(r, "retmax"), &shown) < 0 ||
	     (size_t)shown != out->nids))
		return sk_fail(err, SK_E_INPUT, name, 0,
			       "the esearch answer shows %zu PMIDs but says %s",
			       out->nids, shown < 0 ? "something else" :
			       "another number");
	return 0;
}

int
eutils_esearch_parse(const char *body, size_t len, const char *name,
		     struct eutils_search *out, struct sk_err *err)
{
	json_error_t jerr;
	json_t *root, *r;
	const char *e;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	buf_init(&out->notes);
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return sk_fail_at(err, SK_E_INPUT, name, jerr.line, jerr.column,
				  "the esearch answer is not JSON: %s",
				  jerr.text);
	r = json_object_get(root, "esearchresult");
	if (!json_is_object(r)) {
		sk_fail(err, SK_E_INPUT, name, 0,
			"the answer is not an esearch result");
		goto done;
	}
	e = json_string_value(json_object_get(r, "ERROR"));
	if (e) {
		sk_fail(err, SK_E_INPUT, name, 0, "PubMed answered: %s", e);
		goto done;
	}
	if (json_count(json_object_get(r, "count"), &out->count) < 0) {
		sk_fail(err, SK_E_INPUT, name, 0,
			"the esearch answer has no count");
		goto done;
	}
	out->webenv = json_strdup(r, "webenv");
	out->query_key = json_strdup(r, "querykey");
	out->translation = json_strdup(r, "querytranslation");
	add_notes(&out->notes, json_object_get(r, "errorlist"),
		  "phrase not found", "phrasesnotfound");
	add_notes(&out->notes, json_object_get(r, "errorlist"),
		  "field not found", "fieldsnotfound");
	add_notes(&out->notes, json_object_get(r, "warninglist"),
		  "phrase ignored", "phrasesignored");
	add_notes(&out->notes, json_object_get(r, "warninglist"),
		  "quoted phrase not found", "quotedphrasesnotfound");
	add_notes(&out->notes, json_object_get(r, "warninglist"),
		  "PubMed says", "outputmessages");
	rc = read_ids(r, name, out, err);
done:
	json_decref(root);
	return rc;
}

static void
copy_msg(char *msg, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(msg, s, n);
	msg[n] = '\0';
}

static int
json_error_body(const char *body, size_t len, char *msg, size_t size)
{
	json_t *root = json_loadb(body, len, 0, NULL);
	const char *e = NULL;

	if (!root)
		return 0;
	e = json_string_value(json_object_get(root, "error"));
	if (!e)
		e = json_string_value(json_object_get(root, "ERROR"));
	if (!e)
		e = json_string_value(json_object_get(
			json_object_get(root, "esearchresult"), "ERROR"));
	if (e)
		copy_msg(msg, size, e, strlen(e));
	json_decref(root);
	return e != NULL;
}

/* Skip the XML declaration, DOCTYPE, comments and space before the root. */
static const char *
xml_root(const char *p, const char *end)
{
	while (p < end) {
		if (isspace((unsigned char)*p)) {
			p++;
		} else if (end - p >= 2 && p[0] == '<' &&
			   (p[1] == '?' || p[1] == '!')) {
			const char *close = memchr(p, '>', (size_t)(end - p));

			if (!close)
				return end;
			p = close + 1;
		} else {
			return p;
		}
	}
	return end;
}

static int
root_is(const char *root, const char *end, const char *name)
{
	size_t n = strlen(name);

	return end - root > (ptrdiff_t)n + 1 && root[0] == '<' &&
	       memcmp(root + 1, name, n) == 0 &&
	       (root[n + 1] == '>' || root[n + 1] == '/' ||
		isspace((unsigned char)root[n + 1]));
}

int
eutils_error_body(const char *body, size_t len, char *msg, size_t size)
{
	const char *end = body + len, *root, *e, *close;

	root = xml_root(body, end);
	if (root < end && *root == '{')
		return json_error_body(body, len, msg, size);
	if (root >= end || *root != '<' ||
	    root_is(root, end, "PubmedArticleSet"))
		return 0;
	/* <eFetchResult><ERROR>...</ERROR>, or a bare <ERROR>. */
	e = root;
	if (!root_is(root, end, "ERROR")) {
		const char *head_end = end - root > 65536 ? root + 65536 : end;

		e = NULL;
		for (const char *p = root; p + 7 <= head_end; p++)
			if (memcmp(p, "<ERROR>", 7) == 0) {
				e = p;
				break;
			}
		if (!e)
			return 0;
	}
	e = memchr(e, '>', (size_t)(end - e));
	if (!e)
		return 0;
	e++;
	close = e;
	while (close < end && *close != '<')
		close++;
	copy_msg(msg, size, e, (size_t)(close - e));
	if (!*msg)
		copy_msg(msg, size, "an empty ERROR", 14);
	return 1;
}

int
eutils_error_transient(const char *msg)
{
	static const char *const words[] = {
		"rate limit", "backend", "temporar", "unavailable", "timeout",
		"timed out", "try again", "too many", "busy",
	};
	char lower[256];
	size_t i;

	for (i = 0; msg[i] && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)msg[i]);
	lower[i] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strstr(lower, words[i]))
			return 1;
	return 0;
}

int
eutils_efetch_check(const char *body, size_t len, const char *name,
		    struct sk_err *err)
{
	static const char close_tag[] = "</PubmedArticleSet>";
	const size_t nclose = sizeof(close_tag) - 1;
	const char *end = body + len, *root;

	root = xml_root(body, end);
	if (root >= end)
		return sk_fail(err, SK_E_INPUT, name, 0,
			       "the efetch answer is empty");
	if (!root_is(root, end, "PubmedArticleSet")) {
		size_t n = 0;

		while (root + n < end && n < 40 && root[n] != '>' &&
		       root[n] != '\n')
			n++;
		return sk_fail(err, SK_E_INPUT, name, 0,
			       "the efetch answer is not PubMed XML: it "
			       "begins '%.*s'", (int)n, root);
	}
	while (end > root && isspace((unsigned char)end[-1]))
		end--;
	/* <PubmedArticleSet/>: an answer with no records, whole. */
	if (end - root >= 2 && end[-1] == '>' && end[-2] == '/' &&
	    !memchr(root + 1, '<', (size_t)(end - root - 1)))
		return 0;
	if ((size_t)(end - root) < nclose ||
	    memcmp(end - nclose, close_tag, nclose) != 0)
		return sk_fail(err, SK_E_INPUT, name, 0,
			       "the efetch answer is cut off: it does not "
			       "end with </PubmedArticleSet>");
	return 0;
}

/* ---- the client --------------------------------------------------- */

struct eutils_client {
	CURL *curl;
	struct curl_slist *headers;
	char *base_url;
	char *api_key;
	char *email;
	char *user_agent;
	struct eutils_rate rate;
	double scale;		/* $SCOPEKIT_EUTILS_SCALE */
	unsigned long long seed;	/* jitter */
	long requests;
	long retries;
	struct buf *body;	/* where the running request writes */
	int too_big;
	char errbuf[CURL_ERROR_SIZE];
};

static double
clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_for(double seconds)
{
	struct timespec ts;

	if (seconds <= 0)
		return;
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* xorshift64*: jitter needs no more than this. */
static double
next_random(struct eutils_client *c)
{
	c->seed ^= c->seed >> 12;
	c->seed ^= c->seed << 25;
	c->seed ^= c->seed >> 27;
	return (double)((c->seed * 2685821657736338717ULL) >> 11) /
	       9007199254740992.0;
}

static size_t
write_body(char *data, size_t size, size_t n, void *ctx)
{
	struct eutils_client *c = ctx;

	if (c->body->len + n > EUTILS_BODY_MAX) {
		c->too_big = 1;
		return 0;
	}
	buf_add(c->body, data, n * size);
	return n * size;
}

static double
env_scale(void)
{
	const char *s = getenv("SCOPEKIT_EUTILS_SCALE");
	char *end;
	double v;

	if (!s || !*s)
		return 1.0;
	v = strtod(s, &end);
	return *end || !(v >= 0) || v > 1000 ? 1.0 : v;
}

static int
setup_curl(struct eutils_client *c, struct sk_err *err)
{
	CURL *h = c->curl;
	long connect_ms = (long)(30000 * c->scale) + 1;
	long total_ms = (long)(300000 * c->scale) + 1;
	long stall_s = (long)(60 * c->scale + 0.999);

	if (stall_s < 1)
		stall_s = 1;
	/* No "Expect: 100-continue" wait before a long POST body. */
	c->headers = curl_slist_append(NULL, "Expect:");
	if (!c->headers ||
	    curl_easy_setopt(h, CURLOPT_HTTPHEADER, c->headers) ||
	    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf) ||
	    curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent) ||
	    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body) ||
	    curl_easy_setopt(h, CURLOPT_WRITEDATA, c) ||
	    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") ||
	    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms) ||
	    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms) ||
	    /* A stalled answer: under 1 byte/s for a minute. */
	    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L) ||
	    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, stall_s) ||
	    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L))
		return sk_fail(err, SK_E_NET, c->base_url, 0,
			       "cannot set up the HTTP client");
	return 0;
}

int
eutils_client_new(struct eutils_client **cp, const struct eutils_options *o,
		  struct sk_err *err)
{
	struct eutils_client *c;
	const char *base = o->base_url;
	size_t n;

	*cp = NULL;
	if (!base || !*base)
		base = getenv("SCOPEKIT_EUTILS_URL");
	if (!base || !*base)
		base = EUTILS_BASE_URL;
	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the E-utilities address must begin with "
			       "http:// or https://, not '%s'", base);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return sk_fail(err, SK_E_NET, base, 0,
			       "cannot start the HTTP library");
	c = xcalloc(1, sizeof(*c));
	n = strlen(base);
	c->base_url = xasprintf("%s%s", base,
				n && base[n - 1] == '/' ? "" : "/");
	c->api_key = o->api_key && *o->api_key ? xstrdup(o->api_key) : NULL;
	c->email = o->email && *o->email ? xstrdup(o->email) : NULL;
	c->user_agent = xasprintf("scopekit/%s (systematic review tool; "
				  "tool=scopekit) libcurl/%s",
				  SCOPEKIT_VERSION,
				  curl_version_info(CURLVERSION_NOW)->version);
	eutils_rate_init(&c->rate, c->api_key != NULL);
	c->scale = env_scale();
	c->seed = ((unsigned long long)time(NULL) * 2654435761ULL ^
		   (unsigned long long)getpid()) | 1;
	c->curl = curl_easy_init();
	if (!c->curl || setup_curl(c, err) < 0) {
		if (!c->curl)
			sk_fail(err, SK_E_NET, base, 0,
				"cannot start the HTTP client");
		eutils_client_free(c);
		return -1;
	}
	*cp = c;
	return 0;
}

void
eutils_client_free(struct eutils_client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	curl_slist_free_all(c->headers);
	free(c->base_url);
	free(c->api_key);
	free(c->email);
	free(c->user_agent);
	free(c);
	curl_global_cleanup();
}

const char *
eutils_base_url(const struct eutils_client *c)
{
	return c->base_url;
}

long
eutils_requests(const struct eutils_client *c)
{
	return c->requests;
}

long
eutils_retries(const struct eutils_client *c)
{
	return c->retries;
}

/* What one request came back with. */
struct reply {
	CURLcode code;
	long status;
	double retry_after;	/* seconds, 0 if none */
};

static void
perform(struct eutils_client *c, const char *url, const struct buf *post,
	struct buf *out, struct reply *r)
{
	curl_off_t after = 0;

	sleep_for(eutils_rate_reserve(&c->rate, clock_now()));
	buf_reset(out);
	c->body = out;
	c->too_big = 0;
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, post->data);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)post->len);
	c->requests++;
	r->code = curl_easy_perform(c->curl);
	r->status = 0;
	r->retry_after = 0;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	if (curl_easy_getinfo(c->curl, CURLINFO_RETRY_AFTER, &after) ==
	    CURLE_OK && after > 0)
		r->retry_after = (double)after;
	c->body = NULL;
}

/*
 * Judge one reply: 0 good, 1 try again (why in err), -1 give up (err).
 */
static int
judge(struct eutils_client *c, const char *name, const struct reply *r,
      const struct buf *body, eutils_check_fn check, struct sk_err *err)
{
	char msg[512];

	if (r->code != CURLE_OK) {
		if (c->too_big)
			return sk_fail(err, SK_E_NET, name, 0,
				       "the answer is larger than %zu MiB",
				       EUTILS_BODY_MAX >> 20);
		sk_fail(err, SK_E_NET, name, 0, "%s",
			c->errbuf[0] ? c->errbuf : curl_easy_strerror(r->code));
		/* A bad address will not get better. */
		return r->code == CURLE_URL_MALFORMAT ||
		       r->code == CURLE_UNSUPPORTED_PROTOCOL ? -1 : 1;
	}
	if (eutils_error_body(body->data, body->len, msg, sizeof(msg))) {
		if (r->status == 200)
			sk_fail(err, SK_E_INPUT, name, 0,
				"the server answered: %s", msg);
		else
			sk_fail(err, SK_E_INPUT, name, 0, "HTTP %ld: %s",
				r->status, msg);
		return r->status == 429 || r->status >= 500 ||
		       eutils_error_transient(msg) ? 1 : -1;
	}
	if (r->status != 200) {
		sk_fail(err, r->status == 429 || r->status >= 500 ? SK_E_NET :
			SK_E_INPUT, name, 0, "HTTP %ld", r->status);
		return r->status == 429 || r->status >= 500 ? 1 : -1;
	}
	if (check && check(body->data, body->len, name, err) < 0)
		return 1;	/* cut off or garbled on the way */
	return 0;
}

int
eutils_call(struct eutils_client *c, const char *util,
	    const struct buf *params, eutils_check_fn check,
	    struct buf *out, int *requests, struct sk_err *err)
{
	struct buf post = BUF_INIT;
	char *url = xasprintf("%s%s", c->base_url, util);
	struct reply r;
	int attempt, verdict = -1;

	eutils_param(&post, "db", "pubmed");
	if (params->len)
		buf_addf(&post, "&%s", params->data);
	eutils_param(&post, "tool", "scopekit");
	if (c->email)
		eutils_param(&post, "email", c->email);
	if (c->api_key)
		eutils_param(&post, "api_key", c->api_key);
	for (attempt = 1; attempt <= EUTILS_ATTEMPTS; attempt++) {
		double wait;

		perform(c, url, &post, out, &r);
		verdict = judge(c, util, &r, out, check, err);
		if (verdict <= 0 || attempt == EUTILS_ATTEMPTS)
			break;
		wait = eutils_backoff(attempt, r.retry_after, next_random(c)) *
		       c->scale;
		sk_warn("%s: %s; asking again in %.1f s", util, err->msg, wait);
		c->retries++;
		sleep_for(wait);
	}
	if (requests)
		*requests = attempt;
	if (verdict > 0) {
		char last[sizeof(err->msg)];

		snprintf(last, sizeof(last), "%s", err->msg);
		sk_fail(err, SK_E_NET, url, 0, "%s (gave up after %d requests)",
			last, EUTILS_ATTEMPTS);
	} else if (verdict < 0 && !strcmp(err->file, util)) {
		snprintf(err->file, sizeof(err->file), "%s", url);
	}
	free(url);
	buf_release(&post);
	return verdict == 0 ? 0 : -1;
}
