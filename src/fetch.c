#include "fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "import.h"
#include "input.h"
#include "json.h"
#include "progress.h"
#include "xalloc.h"
#include "banned.h"

/* A PMID list: what a search found or a file named, in order. */
struct pmids {
	char **v;
	size_t n;
	size_t cap;
};

static void
pmids_add(struct pmids *l, const char *s, size_t len)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(s, len);
}

static void
pmids_release(struct pmids *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* qsort and bsearch must not see the NULL of an empty list. */
static void
pmids_sort(struct pmids *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
}

static int
pmids_has(const struct pmids *sorted, const char *pmid)
{
	return sorted->n && bsearch(&pmid, sorted->v, sorted->n,
				    sizeof(*sorted->v), cmp_str);
}

int
fetch_check_date(const char *date, struct sk_err *err)
{
	return import_check_date(date, err);
}

/* 2024-05-01 as E-utilities write dates: 2024/05/01. */
static char *
ncbi_date(const char *d)
{
	char *s = xstrdup(d);

	for (char *p = s; *p; p++)
		if (*p == '-')
			*p = '/';
	return s;
}

/* Today (UTC) as YYYY-MM-DD, the date a search was run. */
static void
today(char out[11])
{
	char now[32];

	store_now(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

/* The search's date range as sent: both ends, since NCBI needs both. */
struct date_range {
	char *datetype;
	char *mindate;
	char *maxdate;
};

static void
date_range_from(struct date_range *r, const struct fetch_options *o)
{
	memset(r, 0, sizeof(*r));
	if (!o->mindate && !o->maxdate)
		return;
	r->datetype = xstrdup(o->datetype ? o->datetype : "pdat");
	r->mindate = ncbi_date(o->mindate ? o->mindate : "1000");
	r->maxdate = ncbi_date(o->maxdate ? o->maxdate : "3000");
}

static void
date_range_release(struct date_range *r)
{
	free(r->datetype);
	free(r->mindate);
	free(r->maxdate);
}

static int
esearch_check(const char *body, size_t len, const char *name,
	      struct sk_err *err)
{
	struct eutils_search s;
	int rc = eutils_esearch_parse(body, len, name, &s, err);

	eutils_search_release(&s);
	return rc;
}

/* esearch term over range, with the history server, retmax PMIDs shown. */
static int
esearch(struct eutils_client *c, const char *term,
	const struct date_range *r, long retmax, struct eutils_search *out,
	struct sk_err *err)
{
	struct buf params = BUF_INIT, body = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->notes);
	eutils_param(&params, "term", term);
	eutils_param(&params, "usehistory", "y");
	eutils_param(&params, "retmode", "json");
	eutils_param_long(&params, "retmax", retmax);
	if (r->datetype) {
		eutils_param(&params, "datetype", r->datetype);
		eutils_param(&params, "mindate", r->mindate);
		eutils_param(&params, "maxdate", r->maxdate);
	}
	rc = eutils_call(c, "esearch.fcgi", &params, esearch_check, &body,
			 NULL, err);
	if (rc == 0)
		rc = eutils_esearch_parse(body.data, body.len, "esearch.fcgi",
					  out, err);
	buf_release(&params);
	buf_release(&body);
	return rc;
}

int
fetch_count(struct eutils_client *c, const struct fetch_options *o,
	    struct eutils_search *out, struct sk_err *err)
{
	struct date_range r;
	int rc;

	date_range_from(&r, o);
	rc = esearch(c, o->query, &r, 0, out, err);
	date_range_release(&r);
	return rc;
}

/* A file of PMIDs: separated by spaces, commas or lines; # comments. */
static int
read_pmid_file(const char *path, struct pmids *l, struct sk_err *err)
{
	struct input *in;
	const char *line;
	size_t len;
	int rc;

	if (input_open(&in, path, err) < 0)
		return -1;
	if (input_set_encoding(in, INPUT_ENC_AUTO, err) < 0) {
		input_close(in);
		return -1;
	}
	while ((rc = input_getline(in, &line, &len, err)) > 0) {
		size_t i = 0;

		while (i < len && line[i] != '#') {
			size_t start;

			while (i < len && strchr(" \t,;", line[i]))
				i++;
			start = i;
			while (i < len && !strchr(" \t,;#", line[i]))
				i++;
			if (i == start)
				continue;
			if (i - start > 12 ||
			    strspn(line + start, "0123456789") < i - start) {
				rc = sk_fail(err, SK_E_INPUT, path,
					     input_line(in),
					     "'%.*s' is not a PMID",
					     (int)(i - start > 40 ? 40 : i - start),
					     line + start);
				goto done;
			}
			pmids_add(l, line + start, i - start);
		}
	}
	if (rc == 0 && l->n == 0)
		rc = sk_fail(err, SK_E_INPUT, path, 0, "the file holds no PMIDs");
done:
	input_close(in);
	return rc < 0 ? -1 : 0;
}

struct ranked {
	const char *pmid;
	size_t at;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->pmid, y->pmid);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* Keep the first of PMIDs named twice, in order; how many were dropped. */
static size_t
pmids_unique(struct pmids *l)
{
	struct ranked *r = xcalloc(l->n + 1, sizeof(*r));
	char *twice = xcalloc(l->n + 1, 1);
	size_t kept = 0, dropped;

	for (size_t i = 0; i < l->n; i++)
		r[i] = (struct ranked){ l->v[i], i };
	qsort(r, l->n, sizeof(*r), cmp_ranked);
	for (size_t i = 1; i < l->n; i++)
		if (!strcmp(r[i].pmid, r[i - 1].pmid))
			twice[r[i].at] = 1;
	for (size_t i = 0; i < l->n; i++) {
		if (twice[i])
			free(l->v[i]);
		else
			l->v[kept++] = l->v[i];
	}
	dropped = l->n - kept;
	l->n = kept;
	free(r);
	free(twice);
	return dropped;
}

/* What a new fetch row and its source hold. */
struct new_fetch {
	const struct fetch_options *o;
	const char *source;
	const char *source_kind;
	const char *kind;	/* search | pmids */
	const char *base_url;
	const char *term;
	const char *translation;
	const struct date_range *range;
	const char *webenv;
	const char *query_key;
	char searched_at[32];
	long count;
	long known;
	long parts;		/* date ranges the search was listed in */
	long long update_of;
	const struct pmids *ids;
};

static int
insert_source(struct store *st, const struct new_fetch *f, long long *id,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	char *query = NULL;
	int rc;

	if (store_prepare(st, &s,
			  "INSERT INTO source (name, kind, searched_on, query, "
			  "created_at) VALUES (?, ?, substr(?, 1, 10), ?, ?)",
			  err) < 0)
		return -1;
	if (!f->term)
		query = xasprintf("PMIDs listed in %s", f->o->pmid_file);
	store_bind_text(s, 1, f->source);
	store_bind_text(s, 2, f->source_kind);
	store_bind_text(s, 3, f->searched_at);
	store_bind_text(s, 4, f->term ? f->term : query);
	store_bind_text(s, 5, f->searched_at);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(query);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0,
			       "there is a source called '%s' already: name "
			       "this search with --source", f->source);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot save the source");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
insert_fetch(struct store *st, const struct new_fetch *f, long long source_id,
	     long long *id, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s,
			  "INSERT INTO fetch (source_id, kind, base_url, query, "
			  "translation, datetype, mindate, maxdate, pmid_file, "
			  "searched_at, count, known, webenv, query_key, "
			  "batch_size, update_of, parts) "
			  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, source_id);
	store_bind_text(s, 2, f->kind);
	store_bind_text(s, 3, f->base_url);
	store_bind_text(s, 4, f->term);
	store_bind_text(s, 5, f->translation);
	store_bind_text(s, 6, f->range ? f->range->datetype : NULL);
	store_bind_text(s, 7, f->range ? f->range->mindate : NULL);
	store_bind_text(s, 8, f->range ? f->range->maxdate : NULL);
	store_bind_text(s, 9, f->o->pmid_file);
	store_bind_text(s, 10, f->searched_at);
	sqlite3_bind_int64(s, 11, f->count);
	sqlite3_bind_int64(s, 12, f->known);
	store_bind_text(s, 13, f->webenv);
	store_bind_text(s, 14, f->query_key);
	sqlite3_bind_int64(s, 15, f->o->batch);
	if (f->update_of)
		sqlite3_bind_int64(s, 16, f->update_of);
	sqlite3_bind_int64(s, 17, f->parts > 1 ? f->parts : 1);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot save the search");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
insert_pmids(struct store *st, long long id, const struct pmids *l,
	     struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;

	if (store_prepare(st, &s,
			  "INSERT INTO fetch_pmid (fetch_id, position, pmid) "
			  "VALUES (?, ?, ?)", err) < 0)
		return -1;
	for (size_t i = 0; i < l->n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i);
		store_bind_static(s, 3, l->v[i]);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot save the PMIDs");
	return 0;
}

/* Source, fetch and PMIDs in one transaction. */
static int
save_fetch(struct store *st, const struct new_fetch *f, long long *id,
	   struct sk_err *err)
{
	long long source_id = 0;

	if (store_begin(st, err) < 0)
		return -1;
	if (insert_source(st, f, &source_id, err) < 0 ||
	    insert_fetch(st, f, source_id, id, err) < 0 ||
	    insert_pmids(st, *id, f->ids, err) < 0 ||
	    store_commit(st, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/*
 * How many PMIDs esearch lists of one search: 10,000 for PubMed. The
 * tests lower it ($SCOPEKIT_EUTILS_MAX_IDS) to split small searches.
 */
static long
ids_cap(void)
{
	const char *s = getenv("SCOPEKIT_EUTILS_MAX_IDS");
	long v = s ? strtol(s, NULL, 10) : 0;

	return v >= 1 && v <= EUTILS_MAX_IDS ? v : EUTILS_MAX_IDS;
}

/* ---- dates as day numbers, to halve a date range ---- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, char out[64])
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(out, 64, "%04ld/%02ld/%02ld", y + (m <= 2), m, d);
}

/* YYYY, YYYY/MM or YYYY/MM/DD as a day: its first, or its last (end). */
static long
day_of(const char *date, int end)
{
	long y = 0, m = 0, d = 0;
	int n = sscanf(date, "%4ld/%2ld/%2ld", &y, &m, &d);

	if (n < 2)
		m = end ? 12 : 1;
	if (n < 3)
		return end ? days_from_civil(y + (m == 12), m % 12 + 1, 1) - 1 :
			     days_from_civil(y, m, 1);
	return days_from_civil(y, m, d);
}

/* The search run again over parts of its date range. */
struct split {
	struct eutils_client *c;
	const char *term;
	const char *datetype;
	long cap;
	struct pmids *ids;
	long parts;
};

static int
split_search(struct split *sp, long lo, long hi, struct sk_err *err)
{
	struct eutils_search s;
	struct date_range r;
	char a[64], b[64];
	int rc;

	civil_from_days(lo, a);
	civil_from_days(hi, b);
	r.datetype = (char *)sp->datetype;
	r.mindate = a;
	r.maxdate = b;
	rc = esearch(sp->c, sp->term, &r, sp->cap, &s, err);
	if (rc == 0 && s.count <= sp->cap) {
		if (s.nids != (size_t)s.count)
			rc = sk_fail(err, SK_E_INPUT, "esearch.fcgi", 0,
				     "from %s to %s the search found %ld "
				     "records but PubMed listed %zu", a, b,
				     s.count, s.nids);
		for (size_t i = 0; rc == 0 && i < s.nids; i++)
			pmids_add(sp->ids, s.ids[i], strlen(s.ids[i]));
		sp->parts++;
	} else if (rc == 0 && lo == hi) {
		rc = sk_fail(err, SK_E_INPUT, NULL, 0,
			     "on %s alone the search finds %ld records, more "
			     "than the %ld PubMed lists: make the search "
			     "narrower", a, s.count, sp->cap);
	} else if (rc == 0) {
		long mid = lo + (hi - lo) / 2;

		rc = split_search(sp, lo, mid, err);
		if (rc == 0)
			rc = split_search(sp, mid + 1, hi, err);
	}
	eutils_search_release(&s);
	return rc;
}

/*
 * PubMed lists at most 10,000 PMIDs of a search: a larger one is run
 * again over halves of its date range (publication date, unless it was
 * given by another) until each part is listed whole, and the parts must
 * add up to the whole, so nothing is left out silently.
 */
static int
list_by_dates(struct eutils_client *c, const char *term,
	      const struct date_range *r, long count, struct pmids *l,
	      long *parts, struct sk_err *err)
{
	struct split sp = { c, term, r && r->datetype ? r->datetype : "pdat",
			    ids_cap(), l, 0 };
	char day[11];
	long lo, hi, twice;

	today(day);
	/* Open ends: from before PubMed's oldest record to beyond its newest. */
	lo = day_of(r && r->mindate ? r->mindate : "1600", 0);
	hi = r && r->maxdate && strcmp(r->maxdate, "3000") ?
		     day_of(r->maxdate, 1) : day_of(day, 0) + 5 * 366;
	if (lo < day_of("1600", 0))
		lo = day_of("1600", 0);
	if (hi < lo)
		hi = lo;
	if (split_search(&sp, lo, hi, err) < 0)
		return -1;
	twice = (long)pmids_unique(l);
	*parts = sp.parts;
	if ((long)l->n != count || twice)
		return sk_fail(err, SK_E_INPUT, NULL, 0,
			       "the search finds %ld records, but its date "
			       "ranges found %zu (%ld in two): PubMed changed "
			       "meanwhile, or records lack the date; run it "
			       "again", count, l->n, twice);
	sk_warn("the search finds %ld records, more than the %ld PubMed "
		"lists at once: listed in %ld date ranges", count, sp.cap,
		sp.parts);
	return 0;
}

/*
 * The PMIDs a search found, into l: as the whole search's answer s
 * listed them (moved out of s), else by date ranges. At most o->max.
 */
static int
list_pmids(struct eutils_client *c, const char *term,
	   const struct date_range *r, const struct fetch_options *o,
	   struct eutils_search *s, struct pmids *l, long *parts,
	   struct sk_err *err)
{
	long want = o->max > 0 && o->max < s->count ? o->max : s->count;

	*parts = 1;
	if (want > ids_cap()) {
		if (list_by_dates(c, term, r, s->count, l, parts, err) < 0)
			return -1;
	} else if ((long)s->nids != want) {
		return sk_fail(err, SK_E_INPUT, "esearch.fcgi", 0,
			       "the search found %ld records but PubMed "
			       "listed %zu", s->count, s->nids);
	} else {
		l->v = s->ids;
		l->n = s->nids;
		l->cap = s->cap_ids;
		s->ids = NULL;
		s->nids = s->cap_ids = 0;
	}
	while (l->n > (size_t)want)
		free(l->v[--l->n]);
	return 0;
}

static void
warn_notes(const struct eutils_search *s)
{
	const char *p = s->notes.data;

	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		sk_warn("PubMed: %.*s", n, p);
		p += n + (nl != NULL);
	}
}

static long
search_retmax(const struct fetch_options *o)
{
	long cap = ids_cap();

	return o->max > 0 && o->max < cap ? o->max : cap;
}

static int
start_search(struct store *st, struct eutils_client *c,
	     const struct fetch_options *o, long long *id, struct sk_err *err)
{
	struct eutils_search s;
	struct date_range r;
	struct new_fetch f;
	struct pmids l = { NULL, 0, 0 };
	int rc = -1;

	date_range_from(&r, o);
	memset(&f, 0, sizeof(f));
	store_now(f.searched_at);
	if (esearch(c, o->query, &r, search_retmax(o), &s, err) < 0 ||
	    list_pmids(c, o->query, r.datetype ? &r : NULL, o, &s, &l,
		       &f.parts, err) < 0)
		goto done;
	warn_notes(&s);
	f.o = o;
	f.source = o->source;
	f.source_kind = o->kind ? o->kind : "database";
	f.kind = "search";
	f.base_url = eutils_base_url(c);
	f.term = o->query;
	f.translation = s.translation;
	f.range = r.datetype ? &r : NULL;
	/* Listed by parts, the set has no one history entry. */
	f.webenv = f.parts == 1 ? s.webenv : NULL;
	f.query_key = f.parts == 1 ? s.query_key : NULL;
	f.count = s.count;
	f.ids = &l;
	rc = save_fetch(st, &f, id, err);
done:
	pmids_release(&l);
	eutils_search_release(&s);
	date_range_release(&r);
	return rc;
}

static int
start_pmids(struct store *st, struct eutils_client *c,
	    const struct fetch_options *o, long long *id, struct sk_err *err)
{
	struct pmids l = { NULL, 0, 0 };
	struct new_fetch f;
	size_t twice;
	int rc = -1;

	if (read_pmid_file(o->pmid_file, &l, err) < 0)
		goto done;
	twice = pmids_unique(&l);
	if (twice)
		sk_warn("%s: %zu PMIDs listed twice are fetched once",
			o->pmid_file, twice);
	if (o->max > 0 && l.n > (size_t)o->max) {
		for (size_t i = (size_t)o->max; i < l.n; i++)
			free(l.v[i]);
		l.n = (size_t)o->max;
	}
	memset(&f, 0, sizeof(f));
	store_now(f.searched_at);
	f.o = o;
	f.source = o->source;
	f.source_kind = o->kind ? o->kind : "database";
	f.kind = "pmids";
	f.base_url = eutils_base_url(c);
	f.count = (long)l.n;
	f.ids = &l;
	rc = save_fetch(st, &f, id, err);
done:
	pmids_release(&l);
	return rc;
}

int
fetch_start(struct store *st, struct eutils_client *c,
	    const struct fetch_options *o, long long *id, struct sk_err *err)
{
	if (o->pmid_file)
		return start_pmids(st, c, o, id, err);
	return start_search(st, c, o, id, err);
}

/* ---- updates ------------------------------------------------------ */

/* The saved search an update starts from: the first of its chain. */
struct saved {
	long long first;
	char *name;		/* the first search's source */
	char *kind;		/* its source's kind */
	char *query;
	struct date_range range;
	char last[11];		/* YYYY-MM-DD of the chain's latest search */
};

static void
saved_release(struct saved *s)
{
	free(s->name);
	free(s->kind);
	free(s->query);
	date_range_release(&s->range);
}

static char *
column_dup(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v ? xstrdup(v) : NULL;
}

static int
load_saved(struct store *st, const char *of, struct saved *sv,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(sv, 0, sizeof(*sv));
	if (store_prepare(st, &s,
			  "WITH f AS (SELECT coalesce(x.update_of, x.id) AS id "
			  "FROM fetch x JOIN source y ON y.id = x.source_id "
			  "WHERE y.name = ?) "
			  "SELECT a.id, src.name, src.kind, a.kind, a.query, "
			  "a.datetype, a.mindate, a.maxdate, "
			  "(SELECT max(searched_at) FROM fetch c "
			  " WHERE c.id = a.id OR c.update_of = a.id), "
			  "(SELECT count(*) FROM fetch c WHERE (c.id = a.id OR "
			  " c.update_of = a.id) AND c.finished_at IS NULL) "
			  "FROM f JOIN fetch a ON a.id = f.id "
			  "JOIN source src ON src.id = a.source_id", err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, of, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(s, 3);
		const char *last = (const char *)sqlite3_column_text(s, 8);

		sv->first = sqlite3_column_int64(s, 0);
		sv->name = column_dup(s, 1);
		sv->kind = column_dup(s, 2);
		sv->query = column_dup(s, 4);
		sv->range.datetype = column_dup(s, 5);
		sv->range.mindate = column_dup(s, 6);
		sv->range.maxdate = column_dup(s, 7);
		snprintf(sv->last, sizeof(sv->last), "%.10s", last ? last : "");
		if (strcmp(kind, "search"))
			rc = sk_fail(err, SK_E_USAGE, NULL, 0,
				     "source '%s' was fetched from a list of "
				     "PMIDs, not a search: there is no search "
				     "to update", of);
		else if (sqlite3_column_int(s, 9))
			rc = sk_fail(err, SK_E_CONFLICT, NULL, 0,
				     "a fetch of search '%s' is unfinished: "
				     "finish it first with 'scopekit fetch "
				     "--resume'", sv->name);
		else
			rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "there is no fetched search called '%s' (see "
			     "'scopekit sources')", of);
	} else {
		rc = store_fail(st, err, "cannot read the saved search");
	}
	sqlite3_finalize(s);
	return rc;
}

/* PMIDs that searches of the chain already listed, sorted. */
static int
load_known(struct store *st, long long first, struct pmids *known,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s,
			  "SELECT DISTINCT p.pmid FROM fetch_pmid p "
			  "JOIN fetch f ON f.id = p.fetch_id "
			  "WHERE f.id = ?1 OR f.update_of = ?1 ORDER BY 1",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, first);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		pmids_add(known, (const char *)sqlite3_column_text(s, 0),
			  (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read the PMIDs found before");
	pmids_sort(known);
	return 0;
}

/* Drop from l what known holds; how many were dropped. */
static long
drop_known(struct pmids *l, const struct pmids *known)
{
	size_t kept = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (pmids_has(known, l->v[i])) {
			free(l->v[i]);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	kept = l->n - kept;
	l->n -= kept;
	return (long)kept;
}

/*
 * The update's term: the saved one, with its publication date range
 * moved into the term, since the request's dates now select the records
 * added (Entrez date) since the last search.
 */
static char *
update_term(const struct saved *sv)
{
	if (sv->range.datetype && !strcmp(sv->range.datetype, "pdat"))
		return xasprintf("(%s) AND (%s:%s[dp])", sv->query,
				 sv->range.mindate, sv->range.maxdate);
	return xstrdup(sv->query);
}

int
fetch_start_update(struct store *st, struct eutils_client *c, const char *of,
		   const struct fetch_options *o, long long *id,
		   struct sk_err *err)
{
	struct pmids known = { NULL, 0, 0 }, l = { NULL, 0, 0 };
	struct eutils_search s;
	struct date_range r;
	struct new_fetch f;
	struct saved sv;
	char day[11], *term = NULL, *name = NULL;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	buf_init(&s.notes);
	if (load_saved(st, of, &sv, err) < 0 ||
	    load_known(st, sv.first, &known, err) < 0)
		goto done;
	today(day);
	r.datetype = xstrdup("edat");
	r.mindate = ncbi_date(sv.last);
	r.maxdate = ncbi_date(day);
	term = update_term(&sv);
	memset(&f, 0, sizeof(f));
	store_now(f.searched_at);
	if (esearch(c, term, &r, search_retmax(o), &s, err) < 0 ||
	    list_pmids(c, term, &r, o, &s, &l, &f.parts, err) < 0)
		goto release_range;
	warn_notes(&s);
	f.known = drop_known(&l, &known);
	name = o->source ? xstrdup(o->source) :
			   xasprintf("%s (update %s)", sv.name, day);
	f.o = o;
	f.source = name;
	f.source_kind = sv.kind;
	f.kind = "search";
	f.base_url = eutils_base_url(c);
	f.term = term;
	f.translation = s.translation;
	f.range = &r;
	/* Positions in the history set no longer match the list. */
	f.webenv = f.known || f.parts > 1 ? NULL : s.webenv;
	f.query_key = f.known || f.parts > 1 ? NULL : s.query_key;
	f.count = s.count;
	f.update_of = sv.first;
	f.ids = &l;
	rc = save_fetch(st, &f, id, err);
release_range:
	date_range_release(&r);
done:
	eutils_search_release(&s);
	pmids_release(&known);
	pmids_release(&l);
	saved_release(&sv);
	free(term);
	free(name);
	return rc;
}

int
fetch_find_unfinished(struct store *st, const char *source, long long *id,
		      struct sk_err *err)
{
	sqlite3_stmt *s;
	struct buf names = BUF_INIT;
	int rc, n = 0;

	if (store_prepare(st, &s,
			  "SELECT f.id, s.name FROM fetch f "
			  "JOIN source s ON s.id = f.source_id "
			  "WHERE f.finished_at IS NULL AND (?1 IS NULL OR "
			  "s.name = ?1) ORDER BY f.id", err) < 0)
		return -1;
	store_bind_static(s, 1, source);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		buf_addf(&names, "%s'%s'", n ? ", " : "",
			 (const char *)sqlite3_column_text(s, 1));
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		rc = store_fail(st, err, "cannot read the fetches");
	else if (n == 1)
		rc = 0;
	else if (n == 0 && source)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "source '%s' has no unfinished fetch", source);
	else if (n == 0)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "there is no unfinished fetch to resume");
	else
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "%d fetches are unfinished (%s): say which with "
			     "--source NAME", n, names.data);
	buf_release(&names);
	return rc;
}

char *
fetch_base_url(struct store *st, long long id)
{
	sqlite3_stmt *s;
	char *url = NULL;

	if (sqlite3_prepare_v2(st->db, "SELECT base_url FROM fetch WHERE id = ?",
			       -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		url = column_dup(s, 0);
	sqlite3_finalize(s);
	return url;
}

/* ---- downloading -------------------------------------------------- */

/* A fetch as the download needs it. */
struct job {
	struct store *st;
	struct eutils_client *c;
	long long id;
	long long source_id;
	char *webenv;		/* NULL: ask by PMID */
	char *query_key;
	long batch;
	struct pmids ids;
	struct fetch_report *rep;
};

static int
load_job(struct job *j, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(j->st, &s,
			  "SELECT f.source_id, s.name, f.webenv, f.query_key, "
			  "f.batch_size, f.count, f.known, f.fetched, "
			  "f.missing, f.update_of IS NOT NULL "
			  "FROM fetch f JOIN source s ON s.id = f.source_id "
			  "WHERE f.id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, j->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		j->source_id = sqlite3_column_int64(s, 0);
		j->rep->source = column_dup(s, 1);
		j->webenv = column_dup(s, 2);
		j->query_key = column_dup(s, 3);
		j->batch = sqlite3_column_int(s, 4);
		j->rep->count = sqlite3_column_int(s, 5);
		j->rep->known = sqlite3_column_int(s, 6);
		j->rep->done_before = sqlite3_column_int(s, 7);
		j->rep->missing = sqlite3_column_int(s, 8);
		j->rep->is_update = sqlite3_column_int(s, 9);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_fail(j->st, err, "cannot read the fetch");
	if (j->batch < 1)
		j->batch = FETCH_BATCH_DEFAULT;
	if (store_prepare(j->st, &s,
			  "SELECT pmid FROM fetch_pmid WHERE fetch_id = ? "
			  "ORDER BY position", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, j->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		pmids_add(&j->ids, (const char *)sqlite3_column_text(s, 0),
			  (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(j->st, err, "cannot read the PMIDs");
	j->rep->total = (long)j->ids.n;
	j->rep->done = j->rep->done_before;
	return 0;
}

static void
batch_params(const struct job *j, size_t first, size_t n, struct buf *p)
{
	eutils_param(p, "retmode", "xml");
	if (j->webenv) {
		eutils_param(p, "WebEnv", j->webenv);
		eutils_param(p, "query_key", j->query_key ? j->query_key : "1");
		eutils_param_long(p, "retstart", (long)first);
		eutils_param_long(p, "retmax", (long)n);
		return;
	}
	eutils_param(p, "id", "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(p, "%2C");
		buf_adds(p, j->ids.v[first + i]);
	}
}

/* One batch's body; falls back to PMIDs when the history set is gone. */
static int
download(struct job *j, size_t first, size_t n, struct buf *body,
	 int *requests, struct sk_err *err)
{
	struct buf params = BUF_INIT;
	int rc, more = 0;

	*requests = 0;
	for (;;) {
		buf_reset(&params);
		batch_params(j, first, n, &params);
		rc = eutils_call(j->c, "efetch.fcgi", &params,
				 eutils_efetch_check, body, &more, err);
		*requests += more;
		if (rc == 0 || !j->webenv || err->kind != SK_E_INPUT)
			break;
		sk_warn("%s; asking by PMID instead of the search's history",
			err->msg);
		free(j->webenv);
		j->webenv = NULL;
	}
	buf_release(&params);
	return rc;
}

/*
 * Compare the PMIDs imported from a batch with those asked for: extra
 * records fail; the missing are listed in missing (JSON) and counted.
 */
static int
check_batch(struct job *j, long long file_id, size_t first, size_t n,
	    struct buf *missing, long *nmissing, long *got, struct sk_err *err)
{
	struct pmids asked = { NULL, 0, 0 }, have = { NULL, 0, 0 };
	sqlite3_stmt *s;
	size_t a = 0, h = 0;
	int rc;

	if (store_prepare(j->st, &s,
			  "SELECT coalesce(pmid, '') FROM record "
			  "WHERE file_id = ? ORDER BY 1", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, file_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		pmids_add(&have, (const char *)sqlite3_column_text(s, 0),
			  (size_t)sqlite3_column_bytes(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		rc = store_fail(j->st, err, "cannot read the batch");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		pmids_add(&asked, j->ids.v[first + i],
			  strlen(j->ids.v[first + i]));
	pmids_sort(&asked);
	pmids_sort(&have);
	*got = (long)have.n;
	*nmissing = 0;
	buf_reset(missing);
	rc = 0;
	while (a < asked.n || h < have.n) {
		int c = a == asked.n ? 1 : h == have.n ? -1 :
			strcmp(asked.v[a], have.v[h]);

		if (c == 0) {
			a++, h++;
		} else if (c < 0) {
			buf_adds(missing, *nmissing ? "," : "[");
			json_add_string(missing, asked.v[a++]);
			(*nmissing)++;
		} else {
			rc = sk_fail(err, SK_E_INPUT, NULL, 0,
				     "the efetch answer holds a record not "
				     "asked for (PMID '%s')", have.v[h]);
			goto done;
		}
	}
	if (*nmissing)
		buf_addch(missing, ']');
done:
	pmids_release(&asked);
	pmids_release(&have);
	return rc;
}

static int
save_batch(struct job *j, long long file_id, size_t first, size_t n,
	   long got, const struct buf *missing, long nmissing, int requests,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_prepare(j->st, &s,
			  "INSERT INTO fetch_batch (fetch_id, first, asked, got, "
			  "missing, file_id, requests, fetched_at) "
			  "VALUES (?,?,?,?,?,?,?,?)", err) < 0)
		return -1;
	store_now(now);
	sqlite3_bind_int64(s, 1, j->id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)first);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)n);
	sqlite3_bind_int64(s, 4, got);
	store_bind_text(s, 5, nmissing ? missing->data : NULL);
	sqlite3_bind_int64(s, 6, file_id);
	sqlite3_bind_int(s, 7, requests);
	store_bind_text(s, 8, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(j->st, err, "cannot save the batch");
	if (store_prepare(j->st, &s,
			  "UPDATE fetch SET fetched = ?, missing = missing + ? "
			  "WHERE id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)(first + n));
	sqlite3_bind_int64(s, 2, nmissing);
	sqlite3_bind_int64(s, 3, j->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(j->st, err, "cannot save the progress");
	return 0;
}

/*
 * Import body as one file of the source, check it, and save the batch,
 * in one transaction. Returns 0 committed, 1 rolled back to try again
 * (records missing, tries left), -1 rolled back with err.
 */
static int
import_batch(struct job *j, size_t first, size_t n, const struct buf *body,
	     int requests, int last_try, struct sk_err *err)
{
	struct import_options opt;
	struct import_report rep;
	struct buf missing = BUF_INIT;
	char *name = xasprintf("efetch records %zu-%zu", first + 1, first + n);
	long got = 0, nmissing = 0;
	int rc = -1;

	memset(&opt, 0, sizeof(opt));
	opt.source = j->rep->source;
	opt.format = IMPORT_PUBMED;
	opt.again = 1;	/* the same records may come in two searches */
	memset(&rep, 0, sizeof(rep));
	if (store_begin(j->st, err) < 0)
		goto done;
	if (import_memory(j->st, &opt, j->source_id, name, body->data,
			  body->len, &rep, err) < 0 ||
	    check_batch(j, rep.files[0].id, first, n, &missing, &nmissing,
			&got, err) < 0)
		goto done;
	if (nmissing && !last_try) {
		sk_warn("%s: %ld of the %zu records asked for are missing; "
			"asking again", name, nmissing, n);
		rc = 1;
		goto done;
	}
	if (nmissing)
		sk_warn("%s: PubMed did not return %ld PMIDs: %s (deleted or "
			"merged records?)", name, nmissing, missing.data);
	if (save_batch(j, rep.files[0].id, first, n, got, &missing, nmissing,
		       requests, err) < 0 ||
	    store_commit(j->st, err) < 0)
		goto done;
	j->rep->records += got;
	j->rep->missing += nmissing;
	rc = 0;
done:
	if (rc != 0)
		store_rollback(j->st);
	import_report_release(&rep);
	buf_release(&missing);
	free(name);
	return rc;
}

/* Download and import one batch, asking again when it does not add up. */
static int
fetch_batch(struct job *j, size_t first, size_t n, struct buf *body,
	    struct sk_err *err)
{
	int requests = 0, rc = -1;

	for (int tries = 1; tries <= FETCH_BATCH_TRIES; tries++) {
		int more;

		if (download(j, first, n, body, &more, err) < 0)
			return -1;
		requests += more;
		rc = import_batch(j, first, n, body, requests,
				  tries == FETCH_BATCH_TRIES, err);
		if (rc <= 0 && (rc == 0 || err->kind != SK_E_INPUT ||
				tries == FETCH_BATCH_TRIES))
			break;
		if (rc < 0)
			sk_warn("records %zu-%zu: %s; asking again", first + 1,
				first + n, err->msg);
	}
	return rc == 0 ? 0 : -1;
}

static int
finish(struct job *j, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_begin(j->st, err) < 0)
		return -1;
	if (store_prepare(j->st, &s,
			  "UPDATE fetch SET finished_at = ? WHERE id = ?",
			  err) < 0) {
		store_rollback(j->st);
		return -1;
	}
	store_now(now);
	store_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, j->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		store_fail(j->st, err, "cannot save the fetch");
		store_rollback(j->st);
		return -1;
	}
	return store_commit(j->st, err);
}

int
fetch_download(struct store *st, struct eutils_client *c, long long id,
	       struct fetch_report *rep, struct sk_err *err)
{
	struct buf body = BUF_INIT;
	struct progress p;
	struct job j;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	memset(&j, 0, sizeof(j));
	j.st = st;
	j.c = c;
	j.id = id;
	j.rep = rep;
	if (load_job(&j, err) < 0)
		goto done;
	progress_start(&p, rep->source);
	while ((size_t)rep->done < j.ids.n) {
		size_t first = (size_t)rep->done;
		size_t n = j.ids.n - first < (size_t)j.batch ?
				   j.ids.n - first : (size_t)j.batch;

		progress_of(&p, rep->done, rep->total);
		if (fetch_batch(&j, first, n, &body, err) < 0) {
			progress_end(&p);
			goto done;
		}
		rep->done += (long)n;
	}
	progress_of(&p, rep->done, rep->total);
	progress_end(&p);
	rc = finish(&j, err);
done:
	rep->requests = eutils_requests(c);
	rep->retries = eutils_retries(c);
	free(j.webenv);
	free(j.query_key);
	pmids_release(&j.ids);
	buf_release(&body);
	return rc;
}

void
fetch_report_release(struct fetch_report *rep)
{
	free(rep->source);
	memset(rep, 0, sizeof(*rep));
}
