/*
 * eutils: NCBI's E-utilities over HTTP (libcurl): request parameters, the
 * rate limit, retries with backoff, and the checks every answer passes.
 */
#ifndef SK_EUTILS_H
#define SK_EUTILS_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

#define EUTILS_BASE_URL "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
/* esearch shows at most this many PMIDs of a PubMed search. */
#define EUTILS_MAX_IDS 10000
/* Requests made for one call before giving up: 1 + retries. */
#define EUTILS_ATTEMPTS 6
/* The largest answer taken; a batch of 10,000 records is about 100 MB. */
#define EUTILS_BODY_MAX ((size_t)512 << 20)

/* --- pure parts: no network, no clock; the unit tests call them ---- */

/*
 * Append name=value to a form-encoded parameter list ("a=1&b=2"), the
 * value percent-encoded (RFC 3986 unreserved characters kept).
 */
void eutils_param(struct buf *b, const char *name, const char *value);
void eutils_param_long(struct buf *b, const char *name, long value);

/*
 * The rate limit: requests start at least interval seconds apart, so no
 * second holds more than NCBI allows (3 without an API key, 10 with).
 */
struct eutils_rate {
	double interval;
	double next;	/* earliest start of the next request; 0: any time */
};

void eutils_rate_init(struct eutils_rate *r, int have_key);
/*
 * Seconds to wait before a request may start at time now (any clock in
 * seconds), reserving that start for it.
 */
double eutils_rate_reserve(struct eutils_rate *r, double now);

/*
 * Seconds to wait before retry number attempt (1 for the first retry):
 * 1 s doubled each time, up to 32 s, times a jitter factor from rand01
 * (0 <= rand01 < 1) between 0.5 and 1, and never less than retry_after
 * (the server's Retry-After, 0 if none) up to 120 s.
 */
double eutils_backoff(int attempt, double retry_after, double rand01);
#define EUTILS_BACKOFF_MAX 32.0
#define EUTILS_RETRY_AFTER_MAX 120.0

/* What esearch answered. */
struct eutils_search {
	long count;		/* records found */
	char *webenv;		/* history server set, or NULL */
	char *query_key;
	char *translation;	/* the query as PubMed ran it, or NULL */
	char **ids;		/* the PMIDs shown (at most retmax) */
	size_t nids;
	size_t cap_ids;
	struct buf notes;	/* "phrase not found: x", one per line */
};

/*
 * Read an esearch answer (retmode=json). Returns 0, or -1 with err (the
 * name given as file) when it is not an esearch answer, carries an
 * error, or lists another number of PMIDs than it says. Release out with
 * eutils_search_release, also after a failure.
 */
int eutils_esearch_parse(const char *body, size_t len, const char *name,
			 struct eutils_search *out, struct sk_err *err);
void eutils_search_release(struct eutils_search *s);

/*
 * Does body carry an error instead of an answer? JSON with "error" (the
 * rate limit) or esearchresult.ERROR, or XML whose root is not the
 * answer but an eFetchResult/ERROR. Returns 1 and the message in msg,
 * else 0.
 */
int eutils_error_body(const char *body, size_t len, char *msg, size_t size);
/* Is the error one that may pass if asked again (rate, backend busy)? */
int eutils_error_transient(const char *msg);

/*
 * Is body one whole PubmedArticleSet? Returns 0, or -1 with err saying
 * what it is instead (cut off, HTML, another root element).
 */
int eutils_efetch_check(const char *body, size_t len, const char *name,
			struct sk_err *err);

/* --- the client ---------------------------------------------------- */

struct eutils_options {
	const char *base_url;	/* NULL: $SCOPEKIT_EUTILS_URL, else NCBI */
	const char *api_key;	/* NULL: none */
	const char *email;	/* NULL: none */
};

struct eutils_client;

/*
 * A client: one connection reused, the rate limit kept across all its
 * requests. $SCOPEKIT_EUTILS_SCALE (a number, default 1) multiplies every
 * wait but the rate limit: backoff, Retry-After and timeouts; the tests
 * set it small. Free with eutils_client_free.
 */
int eutils_client_new(struct eutils_client **c, const struct eutils_options *o,
		      struct sk_err *err);
void eutils_client_free(struct eutils_client *c);
const char *eutils_base_url(const struct eutils_client *c);
/* Requests made and retries among them, since the client was made. */
long eutils_requests(const struct eutils_client *c);
long eutils_retries(const struct eutils_client *c);

/*
 * Ask util ("esearch.fcgi") with params and the common ones (db, tool,
 * email, api_key), by POST, until an answer passes: HTTP 200, no error in
 * the body, and check (if not NULL). HTTP 429 and 5xx, network failures,
 * timeouts, transient errors in the body and answers failing check are
 * tried again after eutils_backoff, up to EUTILS_ATTEMPTS requests. The
 * body is left in out. Returns 0; or -1 with err: SK_E_INPUT when the
 * server answered an error that asking again will not mend, SK_E_NET
 * otherwise. *requests (if not NULL) gets the requests this call made.
 */
typedef int (*eutils_check_fn)(const char *body, size_t len, const char *name,
			       struct sk_err *err);
int eutils_call(struct eutils_client *c, const char *util,
		const struct buf *params, eutils_check_fn check,
		struct buf *out, int *requests, struct sk_err *err);

#endif
