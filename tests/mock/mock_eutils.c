/*
 * mock_eutils: a local stand-in for NCBI's E-utilities, for the tests of
 * scopekit fetch. It serves esearch (JSON) and efetch (PubMed XML) from
 * real efetch files, logs every request with its time, and does what it
 * is told to request number N: answer 429 or 500, reset the connection
 * in the middle of the body, cut the XML short, answer slowly, put an
 * error in a 200 answer, or leave a record out.
 *
 *   mock_eutils --port-file F --log F --search XML [--new XML]
 *               [--fault N:ACTION[:ARG]]... [--forget-history] [--dates]
 *
 * ACTION: 429[:RETRY_AFTER] 500 reset truncate slow:MS errorjson
 *         error:TEXT short
 * An esearch with datetype=edat finds the --new records (query_key 2),
 * any other the --search records (query_key 1), with --dates only those
 * published within mindate and maxdate; efetch by id serves either. Binds 127.0.0.1 on a free port and writes the port to the
 * port file. One request at a time; every answer closes the connection.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct article {
	char pmid[16];
	long pdate;	/* publication date as YYYYMMDD, for mindate/maxdate */
	char *text;
};

struct set {
	struct article *a;
	size_t n;
};

struct fault {
	long request;
	char action[16];
	char arg[256];
};

static struct set search_set, new_set;
static struct fault faults[64];
static size_t nfaults;
static int forget_history;
static int by_dates;		/* --dates: mindate/maxdate select */
static FILE *log_file;

static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("mock_eutils: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f)
		die("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n)
		die("cannot read %s", path);
	data[n] = '\0';
	fclose(f);
	return data;
}

static long
tag_number(const char *from, const char *to, const char *tag)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *p = strstr(from, tag);

	if (!p || p > to)
		return 0;
	p += strlen(tag);
	if (isdigit((unsigned char)*p))
		return strtol(p, NULL, 10);
	for (int m = 0; m < 12; m++)
		if (!strncmp(p, months + 3 * m, 3))
			return m + 1;
	return 0;
}

/* <PubDate>: Year, Month (a number or a name) and Day; MedlineDate's year. */
static long
pub_date(const char *text)
{
	const char *p = strstr(text, "<PubDate>"), *end;
	long y, m, d;

	if (!p || !(end = strstr(p, "</PubDate>")))
		return 0;
	y = tag_number(p, end, "<Year>");
	if (!y)
		y = tag_number(p, end, "<MedlineDate>");
	m = tag_number(p, end, "<Month>");
	d = tag_number(p, end, "<Day>");
	return y * 10000 + (m ? m : 1) * 100 + (d ? d : 1);
}

/* A mindate or maxdate (YYYY[/MM[/DD]]) as YYYYMMDD. */
static long
date_param(const char *s, int end)
{
	long y = 0, m = end ? 12 : 1, d = end ? 31 : 1;

	sscanf(s, "%4ld/%2ld/%2ld", &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

/* Cut a PubmedArticleSet into its <PubmedArticle> elements. */
static void
load_set(struct set *s, const char *path)
{
	char *data = read_file(path), *p = data;

	while ((p = strstr(p, "<PubmedArticle>"))) {
		char *end = strstr(p, "</PubmedArticle>"), *id;
		struct article *a;

		if (!end)
			die("%s: unclosed PubmedArticle", path);
		end += strlen("</PubmedArticle>");
		s->a = realloc(s->a, (s->n + 1) * sizeof(*s->a));
		a = &s->a[s->n++];
		a->text = strndup(p, (size_t)(end - p));
		id = strstr(a->text, "<PMID");
		if (!id || sscanf(strchr(id, '>') + 1, "%15[0-9]", a->pmid) != 1)
			die("%s: a record without a PMID", path);
		a->pdate = pub_date(a->text);
		p = end;
	}
	free(data);
}

static const struct article *
find_pmid(const char *pmid)
{
	const struct set *sets[] = { &search_set, &new_set };

	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < sets[k]->n; i++)
			if (!strcmp(sets[k]->a[i].pmid, pmid))
				return &sets[k]->a[i];
	return NULL;
}

/* ---- a growable string ---- */

struct str {
	char *s;
	size_t len, cap;
};

static void
str_add(struct str *b, const char *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			die("out of memory");
	}
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
str_addf(struct str *b, const char *fmt, ...)
{
	char tmp[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		die("line too long");
	str_add(b, tmp, (size_t)n);
}

/* ---- requests ---- */

struct request {
	char method[8];
	char path[256];
	char agent[256];
	struct str params;	/* query string and body, '&'-joined */
};

static int
hexval(int c)
{
	return isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
}

/* The decoded value of name in the form-encoded params, or NULL. */
static char *
param(const struct request *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->params.s;

	while (p && *p) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);

		if (len > n && !strncmp(p, name, n) && p[n] == '=') {
			char *v = malloc(len), *o = v;

			for (const char *q = p + n + 1; q < p + len; q++) {
				if (*q == '+') {
					*o++ = ' ';
				} else if (*q == '%' && q + 2 < p + len + 1 &&
					   isxdigit((unsigned char)q[1]) &&
					   isxdigit((unsigned char)q[2])) {
					*o++ = (char)(hexval(q[1]) * 16 +
						      hexval(q[2]));
					q += 2;
				} else {
					*o++ = *q;
				}
			}
			*o = '\0';
			return v;
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static long
param_long(const struct request *r, const char *name, long def)
{
	char *v = param(r, name);
	long n = v ? strtol(v, NULL, 10) : def;

	free(v);
	return n;
}

static void
send_all(int fd, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, data, n, MSG_NOSIGNAL);

		if (w <= 0)
			return;
		data += w;
		n -= (size_t)w;
	}
}

static int
read_request(int fd, struct request *r)
{
	struct str in = { NULL, 0, 0 };
	char buf[8192], *hdr_end = NULL, *q, *h;
	long clen = 0;

	while (!hdr_end) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n <= 0)
			return -1;
		str_add(&in, buf, (size_t)n);
		hdr_end = strstr(in.s, "\r\n\r\n");
	}
	*hdr_end = '\0';
	if (sscanf(in.s, "%7s %255s", r->method, r->path) != 2)
		return -1;
	for (h = in.s; (h = strchr(h, '\n')); h++) {
		if (!strncasecmp(h + 1, "Content-Length:", 15))
			clen = strtol(h + 16, NULL, 10);
		if (!strncasecmp(h + 1, "User-Agent:", 11))
			sscanf(h + 12, " %255[^\r\n]", r->agent);
		if (!strncasecmp(h + 1, "Expect: 100-continue", 20))
			send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	}
	q = strchr(r->path, '?');
	if (q) {
		*q++ = '\0';
		str_add(&r->params, q, strlen(q));
	}
	{
		size_t have = in.len - (size_t)(hdr_end + 4 - in.s);
		struct str body = { NULL, 0, 0 };

		str_add(&body, hdr_end + 4, have);
		while ((long)body.len < clen) {
			ssize_t n = recv(fd, buf, sizeof(buf), 0);

			if (n <= 0)
				break;
			str_add(&body, buf, (size_t)n);
		}
		if (body.len) {
			if (r->params.len)
				str_add(&r->params, "&", 1);
			str_add(&r->params, body.s, body.len);
		}
		free(body.s);
	}
	free(in.s);
	return 0;
}

/* ---- answers ---- */

static void
json_escape(struct str *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			str_addf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			str_addf(b, "\\u%04x", *s);
		else
			str_add(b, s, 1);
	}
}

static void
esearch(const struct request *r, struct str *body)
{
	char *term = param(r, "term"), *datetype = param(r, "datetype");
	char *mindate = param(r, "mindate"), *maxdate = param(r, "maxdate");
	int edat = datetype && !strcmp(datetype, "edat");
	const struct set *s = edat ? &new_set : &search_set;
	long retmax = param_long(r, "retmax", 20);
	long lo = mindate ? date_param(mindate, 0) : 0;
	long hi = maxdate ? date_param(maxdate, 1) : 99999999;
	const struct article **found = calloc(s->n + 1, sizeof(*found));
	size_t n = 0, shown;

	/* Publication dates select; the update's Entrez dates do not here. */
	for (size_t i = 0; i < s->n; i++)
		if (edat || !by_dates ||
		    (s->a[i].pdate >= lo && s->a[i].pdate <= hi))
			found[n++] = &s->a[i];
	shown = (size_t)retmax < n ? (size_t)retmax : n;
	if (!term || !*term) {
		str_addf(body, "{\"header\":{\"type\":\"esearch\",\"version\":"
			 "\"0.3\"},\"esearchresult\":{\"ERROR\":\"Empty term "
			 "and query_key - nothing todo\"}}");
		goto done;
	}
	str_addf(body, "{\"header\":{\"type\":\"esearch\",\"version\":\"0.3\"},"
		 "\"esearchresult\":{\"count\":\"%zu\",\"retmax\":\"%zu\","
		 "\"retstart\":\"0\",\"querykey\":\"%d\",\"webenv\":"
		 "\"MCID_mock0001\",\"idlist\":[", n, shown, edat ? 2 : 1);
	for (size_t i = 0; i < shown; i++)
		str_addf(body, "%s\"%s\"", i ? "," : "", found[i]->pmid);
	str_addf(body, "],\"translationset\":[],\"querytranslation\":\"");
	json_escape(body, "(");
	json_escape(body, term);
	json_escape(body, ")[All Fields]");
	str_addf(body, "\"}}\n");
done:
	free(found);
	free(term);
	free(datetype);
	free(mindate);
	free(maxdate);
}

static void
efetch_head(struct str *body)
{
	str_addf(body, "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet "
		 "PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
		 "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">"
		 "\n<PubmedArticleSet>\n");
}

/* Returns the HTTP status. */
static int
efetch(const struct request *r, struct str *body, int leave_one_out)
{
	char *webenv = param(r, "WebEnv"), *ids = param(r, "id");
	int status = 200;
	size_t nout = 0;
	const struct article *out[20000];

	if (webenv && forget_history) {
		str_addf(body, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
			 "<!DOCTYPE eFetchResult PUBLIC \"-//NLM//DTD "
			 "efetch 20131226//EN\" \"https://eutils.ncbi.nlm.nih."
			 "gov/eutils/dtd/20131226/efetch.dtd\">\n<eFetchResult>\n"
			 "\t<ERROR>Unable to obtain query #1</ERROR>\n"
			 "</eFetchResult>\n");
	} else if (webenv) {
		long key = param_long(r, "query_key", 1);
		const struct set *s = key == 2 ? &new_set : &search_set;
		long start = param_long(r, "retstart", 0);
		long max = param_long(r, "retmax", 20);

		for (long i = start; i < start + max && i < (long)s->n; i++)
			out[nout++] = &s->a[i];
	} else if (ids) {
		for (char *t = strtok(ids, ","); t && nout < 20000;
		     t = strtok(NULL, ",")) {
			const struct article *a = find_pmid(t);

			if (a)
				out[nout++] = a;
		}
	} else {
		str_addf(body, "{\"error\":\"Empty id list - nothing todo\"}");
	}
	if (leave_one_out && nout > 0)
		nout--;
	if (body->len == 0) {
		efetch_head(body);
		for (size_t i = 0; i < nout; i++) {
			str_add(body, out[i]->text, strlen(out[i]->text));
			str_add(body, "\n", 1);
		}
		str_addf(body, "</PubmedArticleSet>\n");
	}
	free(webenv);
	free(ids);
	return status;
}

static const struct fault *
fault_for(long n)
{
	for (size_t i = 0; i < nfaults; i++)
		if (faults[i].request == n)
			return &faults[i];
	return NULL;
}

static void
respond(int fd, int status, const char *type, const char *extra,
	const char *body, size_t len, size_t send_len)
{
	char head[512];
	const char *reason = status == 200 ? "OK" : status == 429 ?
			     "Too Many Requests" : status == 404 ? "Not Found" :
			     "Internal Server Error";
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
			 "Content-Length: %zu\r\n%sConnection: close\r\n\r\n",
			 status, reason, type, len, extra ? extra : "");

	send_all(fd, head, (size_t)n);
	send_all(fd, body, send_len);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Read and log the request; the answer is made in a child process. */
static int
take(int fd, long n, struct request *r)
{
	const struct fault *f = fault_for(n);
	const char *util;

	memset(r, 0, sizeof(*r));
	if (read_request(fd, r) < 0)
		return -1;
	util = strrchr(r->path, '/') ? strrchr(r->path, '/') + 1 : r->path;
	fprintf(log_file, "%.6f %ld %s %s %s ua=%s %s\n", now(), n, r->method,
		util, f ? f->action : "ok", r->agent,
		r->params.s ? r->params.s : "");
	fflush(log_file);
	return 0;
}

static void
serve(int fd, long n, struct request *rp)
{
	struct request r = *rp;
	struct str body = { NULL, 0, 0 };
	const struct fault *f = fault_for(n);
	const char *util, *type = "text/xml; charset=UTF-8";
	int status = 200;

	util = strrchr(r.path, '/') ? strrchr(r.path, '/') + 1 : r.path;
	if (f && !strcmp(f->action, "slow"))
		usleep((useconds_t)(strtol(f->arg, NULL, 10) * 1000));
	if (f && !strcmp(f->action, "429")) {
		char extra[320];
		const char *e = "{\"error\":\"API rate limit exceeded\","
				"\"api-key\":\"127.0.0.1\",\"count\":\"4\","
				"\"limit\":\"3\"}\n";

		snprintf(extra, sizeof(extra), "Retry-After: %s\r\n",
			 f->arg[0] ? f->arg : "1");
		respond(fd, 429, "application/json", extra, e, strlen(e),
			strlen(e));
		goto done;
	}
	if (f && !strcmp(f->action, "500")) {
		const char *e = "<html><body>Internal Server Error</body></html>";

		respond(fd, 500, "text/html", NULL, e, strlen(e), strlen(e));
		goto done;
	}
	if (f && (!strcmp(f->action, "errorjson") || !strcmp(f->action, "error"))) {
		str_addf(&body, "{\"header\":{\"type\":\"esearch\",\"version\":"
			 "\"0.3\"},\"esearchresult\":{\"ERROR\":\"");
		json_escape(&body, !strcmp(f->action, "error") ? f->arg :
			    "Search Backend failed");
		str_addf(&body, "\"}}\n");
		respond(fd, 200, "application/json", NULL, body.s, body.len,
			body.len);
		goto done;
	}
	if (!strcmp(util, "esearch.fcgi")) {
		esearch(&r, &body);
		type = "application/json; charset=UTF-8";
	} else if (!strcmp(util, "efetch.fcgi")) {
		status = efetch(&r, &body, f && !strcmp(f->action, "short"));
	} else {
		status = 404;
		str_addf(&body, "not found\n");
	}
	if (f && !strcmp(f->action, "truncate")) {
		respond(fd, status, type, NULL, body.s, body.len / 2,
			body.len / 2);
	} else if (f && !strcmp(f->action, "reset")) {
		struct linger lg = { 1, 0 };

		respond(fd, status, type, NULL, body.s, body.len, body.len / 2);
		/* Close with a reset, as a dropped connection looks. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	} else {
		respond(fd, status, type, NULL, body.s, body.len, body.len);
	}
done:
	free(body.s);
	free(r.params.s);
}

static void
add_fault(const char *spec)
{
	struct fault *f;

	if (nfaults == sizeof(faults) / sizeof(*faults))
		die("too many faults");
	f = &faults[nfaults++];
	memset(f, 0, sizeof(*f));
	if (sscanf(spec, "%ld:%15[^:]:%255[^\n]", &f->request, f->action,
		   f->arg) < 2)
		die("bad --fault '%s': N:ACTION[:ARG]", spec);
}

int
main(int argc, char **argv)
{
	const char *port_file = NULL, *log_path = NULL;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	FILE *pf;
	long n = 0;
	int s, one = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--forget-history")) {
			forget_history = 1;
			continue;
		}
		if (!strcmp(a, "--dates")) {
			by_dates = 1;
			continue;
		}
		if (!v)
			die("%s needs a value", a);
		i++;
		if (!strcmp(a, "--port-file"))
			port_file = v;
		else if (!strcmp(a, "--log"))
			log_path = v;
		else if (!strcmp(a, "--search"))
			load_set(&search_set, v);
		else if (!strcmp(a, "--new"))
			load_set(&new_set, v);
		else if (!strcmp(a, "--fault"))
			add_fault(v);
		else
			die("unknown option %s", a);
	}
	if (!port_file || !log_path || !search_set.n)
		die("usage: mock_eutils --port-file F --log F --search XML "
		    "[--new XML] [--fault N:ACTION[:ARG]]... [--forget-history] "
		    "[--dates]");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_IGN);	/* children reap themselves */
	log_file = fopen(log_path, "a");
	if (!log_file)
		die("cannot write %s", log_path);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (s < 0 || bind(s, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(s, 16) < 0 ||
	    getsockname(s, (struct sockaddr *)&addr, &alen) < 0)
		die("cannot listen: %s", strerror(errno));
	{
		char tmp[4096];

		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		pf = fopen(tmp, "w");
		if (!pf)
			die("cannot write %s", tmp);
		fprintf(pf, "%d\n", ntohs(addr.sin_port));
		fclose(pf);
		if (rename(tmp, port_file) < 0)
			die("cannot write %s", port_file);
	}
	for (;;) {
		int fd = accept(s, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept: %s", strerror(errno));
		}
		struct request r;

		n++;
		/*
		 * Requests are logged here, in order, as they come; each is
		 * answered by a child, so a slow answer holds up no other.
		 */
		if (take(fd, n, &r) == 0 && fork() == 0) {
			serve(fd, n, &r);
			close(fd);
			_exit(0);
		}
		free(r.params.s);
		close(fd);
	}
}
