/*
 * dedupe: comparison keys, blocking and scoring of record pairs.
 *
 * Each record becomes a row of keys (identifiers, the title folded and
 * without spaces, family names, journal words...). Candidate pairs are
 * the records sharing a blocking key; each candidate is scored field by
 * field with the weights of field_weights[], and the weights add up to
 * the pair's weight: identifiers and the title weigh most, and a field
 * that differs counts against. Missing fields count for nothing, so two
 * sparse records cannot reach a high score on little evidence.
 */
#include "dedupe.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize.h"
#include "xalloc.h"
#include "banned.h"

#define DD_AUTHORS_MAX 32	/* family names kept per record */
#define DD_TITLE_CMP_MAX 512	/* title bytes compared */
#define DD_LONG_TITLE 60	/* bytes of a title key that is long */
#define DD_CONFLICT_MAX 11	/* highest weight with identifiers in conflict */
#define DD_BLOCK_ALL 32		/* a block this small: compare all pairs */
#define DD_WINDOW 10		/* else each record with its next neighbours */

enum dd_kind {
	DD_ARTICLE = 0,
	DD_ERRATUM,
	DD_RETRACTION,	/* retraction notice, expression of concern */
	DD_COMMENT,	/* comment, reply, response */
};

/* The comparison keys of one record; strings live in the set's arena. */
struct dd_record {
	long long id;
	const char *pmid;
	const char *pmcid;
	const char *doi;
	const char *title;	/* folded title key without spaces */
	const char *journal;	/* folded journal words without stop words */
	const char *journal_abbrev;
	const char *issn;
	const char *volume;
	const char *issue;
	const char *pages;	/* as given, for normalize_pages_equal */
	const char *first_page;
	const char *authors;	/* family keys, each followed by a space */
	int year;
	unsigned short n_authors;
	unsigned short title_len;
	unsigned char kind;
};

struct dd_chunk {
	struct dd_chunk *next;
	size_t used, cap;
	char data[];
};

struct dd_set {
	struct dd_record *v;
	size_t n, cap;
	struct dd_chunk *arena;
};

/* ---- the set and its string arena ---- */

struct dd_set *
dd_set_new(void)
{
	return xcalloc(1, sizeof(struct dd_set));
}

void
dd_set_free(struct dd_set *s)
{
	if (!s)
		return;
	while (s->arena) {
		struct dd_chunk *next = s->arena->next;

		free(s->arena);
		s->arena = next;
	}
	free(s->v);
	free(s);
}

size_t
dd_set_count(const struct dd_set *s)
{
	return s->n;
}

long long
dd_set_id(const struct dd_set *s, size_t i)
{
	return s->v[i].id;
}

/* A copy of s[0..n) in the arena, or NULL when n is 0. */
static const char *
dd_keep(struct dd_set *s, const char *str, size_t n)
{
	struct dd_chunk *c = s->arena;
	char *p;

	if (!n)
		return NULL;
	if (!c || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > 65536 ? n + 1 : 65536;

		c = xmalloc(sizeof(*c) + cap);
		c->next = s->arena;
		c->used = 0;
		c->cap = cap;
		s->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, str, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

/* Keep a string made by malloc, and free it. */
static const char *
dd_keep_owned(struct dd_set *s, char *str)
{
	const char *kept = str ? dd_keep(s, str, strlen(str)) : NULL;

	free(str);
	return kept;
}

/* ---- keys ---- */

/* Lowercase ASCII letters and digits of s: identifiers, volumes, issues. */
static const char *
dd_alnum_key(struct dd_set *s, const char *str, size_t max)
{
	char key[64];
	size_t n = 0;

	if (!str)
		return NULL;
	for (; *str && n < sizeof(key) && n < max; str++) {
		unsigned char c = (unsigned char)*str;

		if (c >= 'A' && c <= 'Z')
			key[n++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[n++] = (char)c;
	}
	return dd_keep(s, key, n);
}

/* Title openings that make a record a notice about another article. */
static const struct {
	const char *prefix;
	enum dd_kind kind;
} dd_notices[] = {
	{ "erratum", DD_ERRATUM },
	{ "errata", DD_ERRATUM },
	{ "corrigend", DD_ERRATUM },
	{ "correction:", DD_ERRATUM },
	{ "correction to ", DD_ERRATUM },
	{ "correction for ", DD_ERRATUM },
	{ "correction notice", DD_ERRATUM },
	{ "author correction", DD_ERRATUM },
	{ "publisher correction", DD_ERRATUM },
	{ "retraction:", DD_RETRACTION },
	{ "retraction of ", DD_RETRACTION },
	{ "retraction notice", DD_RETRACTION },
	{ "notice of retraction", DD_RETRACTION },
	{ "expression of concern", DD_RETRACTION },
	{ "comment on ", DD_COMMENT },
	{ "comment on:", DD_COMMENT },
	{ "comments on ", DD_COMMENT },
	{ "comments on:", DD_COMMENT },
	{ "commentary on ", DD_COMMENT },
	{ "commentary on:", DD_COMMENT },
	{ "re:", DD_COMMENT },
	{ "reply:", DD_COMMENT },
	{ "reply to ", DD_COMMENT },
	{ "in reply", DD_COMMENT },
	{ "response to ", DD_COMMENT },
	{ "response to:", DD_COMMENT },
	{ "authors' reply", DD_COMMENT },
	{ "author's reply", DD_COMMENT },
	{ "authors reply", DD_COMMENT },
};

/* Publication types (PubMed) that make a record a notice. */
static const struct {
	const char *pubtype;
	enum dd_kind kind;
} dd_notice_types[] = {
	{ "\"Published Erratum\"", DD_ERRATUM },
	{ "\"Retraction of Publication\"", DD_RETRACTION },
	{ "\"Expression of Concern\"", DD_RETRACTION },
};

static const char *
dd_skip_opening(const char *t)
{
	while (*t == ' ' || *t == '[' || *t == '"' || *t == '\'')
		t++;
	return t;
}

/* Length of s without a parenthesis group that ends it, if one does. */
static size_t
dd_without_last_group(const char *s, size_t n)
{
	int depth = 0;

	while (n && s[n - 1] == ' ')
		n--;
	if (!n || s[n - 1] != ')')
		return n;
	for (size_t i = n; i > 0; i--) {
		depth += s[i - 1] == ')';
		depth -= s[i - 1] == '(';
		if (depth == 0)
			return i - 1;
	}
	return n;
}

/* Web of Science names a correction by its article: "Title (vol 104, pg 150, 2017)". */
static int
dd_wos_correction(const char *s, size_t n)
{
	size_t cut = dd_without_last_group(s, n);

	if (cut == n || strncasecmp(s + cut, "(vol", 4) != 0)
		return 0;
	for (size_t i = cut; i + 5 <= n; i++)
		if (memcmp(s + i, ", pg ", 5) == 0)
			return 1;
	return 0;
}

/* Skip the words that join a notice to the title: "Corrigendum to". */
static const char *
dd_skip_notice(const char *t, size_t prefix)
{
	static const char *const joins[] = { "to ", "for ", "of ", "on ",
					     "notice ", "in " };
	int more = 1;

	t += prefix;
	while (*t && *t != ' ' && *t != ':')
		t++;
	while (more) {
		more = 0;
		while (*t == ' ' || *t == ':' || *t == '"' || *t == '\'')
			t++;
		for (size_t i = 0; i < sizeof(joins) / sizeof(*joins); i++)
			if (strncasecmp(t, joins[i], strlen(joins[i])) == 0) {
				t += strlen(joins[i]);
				more = 1;
			}
	}
	return t;
}

/*
 * The kind of a record and the part of its title that names the article:
 * a notice's title without its notice words and the citation that ends
 * it, so an erratum meets the same erratum from another database.
 * "RETRACTED: Title" is the article itself, marked by its publisher.
 */
static enum dd_kind
dd_title_parts(const char *title, const char *pubtypes, const char **core,
	       size_t *len)
{
	static const char *const marks[] = { "retracted article:",
					     "retracted:" };
	enum dd_kind kind = DD_ARTICLE;
	const char *t = dd_skip_opening(title);

	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++)
		if (strncasecmp(t, marks[i], strlen(marks[i])) == 0)
			t += strlen(marks[i]);
	for (size_t i = 0; i < sizeof(dd_notices) / sizeof(*dd_notices) &&
			   kind == DD_ARTICLE; i++)
		if (strncasecmp(t, dd_notices[i].prefix,
				strlen(dd_notices[i].prefix)) == 0) {
			kind = dd_notices[i].kind;
			t = dd_skip_notice(t, strlen(dd_notices[i].prefix));
		}
	*core = t;
	*len = strlen(t);
	if (kind == DD_ARTICLE && dd_wos_correction(t, *len))
		kind = DD_ERRATUM;
	if (kind == DD_ERRATUM)
		*len = dd_without_last_group(t, *len);
	for (size_t i = 0; pubtypes && kind == DD_ARTICLE &&
			   i < sizeof(dd_notice_types) / sizeof(*dd_notice_types);
	     i++)
		if (strstr(pubtypes, dd_notice_types[i].pubtype))
			kind = dd_notice_types[i].kind;
	return kind;
}

/* The folded title without spaces, so "COVID-19" meets "COVID19". */
static const char *
dd_title_key(struct dd_set *s, const char *title, size_t n,
	     unsigned short *len)
{
	char *copy = xstrndup(title, n);
	char *key = normalize_title(copy);
	size_t k = 0;

	free(copy);
	*len = 0;
	if (!key)
		return NULL;
	for (char *p = key; *p; p++)
		if (*p != ' ')
			key[k++] = *p;
	if (k > DD_TITLE_CMP_MAX)
		k = DD_TITLE_CMP_MAX;
	*len = (unsigned short)k;
	key[k] = '\0';
	return dd_keep_owned(s, key);
}

/* Words left out of journal keys: "&" is already gone with punctuation. */
static int
dd_stop_word(const char *w, size_t n)
{
	static const char *const stop[] = { "and", "of", "the", "in", "for",
					    "on", "de", "la", "und" };

	for (size_t i = 0; i < sizeof(stop) / sizeof(*stop); i++)
		if (strlen(stop[i]) == n && memcmp(w, stop[i], n) == 0)
			return 1;
	return 0;
}

/* Folded journal words without stop words, each followed by a space. */
static const char *
dd_journal_key(struct dd_set *s, const char *journal)
{
	char *key = journal ? normalize_title(journal) : NULL;
	struct buf b = BUF_INIT;
	const char *kept;

	if (!key)
		return NULL;
	for (char *w = key; *w;) {
		size_t n = strcspn(w, " ");

		if (!dd_stop_word(w, n)) {
			buf_add(&b, w, n);
			buf_addch(&b, ' ');
		}
		w += n;
		w += *w == ' ';
	}
	kept = dd_keep(s, b.data, b.len);
	buf_release(&b);
	free(key);
	return kept;
}

static const char *
dd_authors_key(struct dd_set *s, const struct dd_input *in,
	       unsigned short *count)
{
	struct buf b = BUF_INIT;
	const char *kept;

	*count = 0;
	for (size_t i = 0; i < in->n_families && *count < DD_AUTHORS_MAX;
	     i++) {
		char *key = normalize_name(in->families[i]);

		if (key) {
			buf_adds(&b, key);
			buf_addch(&b, ' ');
			(*count)++;
			free(key);
		}
	}
	kept = dd_keep(s, b.data, b.len);
	buf_release(&b);
	return kept;
}

size_t
dd_set_add(struct dd_set *s, const struct dd_input *in)
{
	struct dd_record *r;
	char page[32];

	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof(*s->v));
	r = &s->v[s->n];
	memset(r, 0, sizeof(*r));
	r->id = in->id;
	r->pmid = dd_alnum_key(s, in->pmid, 16);
	r->pmcid = dd_alnum_key(s, in->pmcid, 16);
	r->doi = dd_keep_owned(s, in->doi ? normalize_doi(in->doi) : NULL);
	if (in->title) {
		const char *core;
		size_t n;

		r->kind = (unsigned char)dd_title_parts(in->title, in->pubtypes,
							&core, &n);
		r->title = dd_title_key(s, core, n, &r->title_len);
	}
	r->journal = dd_journal_key(s, in->journal);
	r->journal_abbrev = dd_journal_key(s, in->journal_abbrev);
	r->issn = dd_alnum_key(s, in->issn, 8);
	r->volume = dd_alnum_key(s, in->volume, 24);
	r->issue = dd_alnum_key(s, in->issue, 24);
	r->pages = in->pages ? dd_keep(s, in->pages, strlen(in->pages)) : NULL;
	if (normalize_first_page(in->pages, page, sizeof(page)) == 0)
		r->first_page = dd_keep(s, page, strlen(page));
	r->authors = dd_authors_key(s, in, &r->n_authors);
	r->year = in->year;
	return s->n++;
}

/* ---- comparing fields ---- */

static void
dd_set_field(struct dd_pair *p, enum dd_field f, enum dd_verdict v, int w)
{
	p->verdict[f] = (signed char)v;
	p->weights[f] = (signed char)w;
	p->weight += w;
}

/* Compare two optional keys that must be equal. */
static enum dd_verdict
dd_equal(const char *a, const char *b)
{
	if (!a || !b)
		return DD_UNKNOWN;
	return strcmp(a, b) == 0 ? DD_SAME : DD_DIFFER;
}

/*
 * Edit distance between a and b, or max + 1 when it exceeds max. Only
 * the band |i - j| <= max is computed, and the count of each letter
 * gives a lower bound first: most candidates fail there cheaply.
 */
static int
dd_distance(const char *a, size_t la, const char *b, size_t lb, int max)
{
	int prev[DD_TITLE_CMP_MAX + 1], cur[DD_TITLE_CMP_MAX + 1];
	int hist[256] = { 0 };
	int diff = 0;

	if ((int)(la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (size_t i = 0; i < la; i++)
		hist[(unsigned char)a[i]]++;
	for (size_t j = 0; j < lb; j++)
		hist[(unsigned char)b[j]]--;
	for (int c = 0; c < 256; c++)
		diff += abs(hist[c]);
	if ((diff + 1) / 2 > max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > (size_t)max ? i - (size_t)max : 1;
		size_t hi = i + (size_t)max < lb ? i + (size_t)max : lb;
		int best = max + 1;

		cur[lo - 1] = lo == 1 ? (int)i : max + 1;
		for (size_t j = lo; j <= hi; j++) {
			int d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (j < i + (size_t)max && prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (hi < lb)
			cur[hi + 1] = max + 1;
		if (best > max)
			return max + 1;
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

/* Does the longer title start or end with the whole shorter one? */
/* Titles alike but for their numbers: different parts, types, phases. */
#define DD_NUMBERS_DIFFER -4

static int
dd_contains(const char *a, size_t la, const char *b, size_t lb)
{
	const char *shorter = la < lb ? a : b, *longer = la < lb ? b : a;
	size_t ns = la < lb ? la : lb, nl = la < lb ? lb : la;

	if (ns < 24)
		return 0;
	return strncmp(shorter, longer, ns) == 0 ||
	       strcmp(shorter, longer + nl - ns) == 0;
}

/*
 * Do the titles carry different numbers ("Part 1" and "Part 2", type 1
 * and type 2 diabetes, phase 2 and phase 3)? Both must have some: a
 * number one record lacks may just have been dropped; and numbers of
 * different lengths ("p6" for "p16") are more often a typing slip.
 */
static int
dd_numbers_differ(const char *a, const char *b)
{
	int seen_a = 0, seen_b = 0;

	for (;;) {
		size_t na, nb;

		a += strcspn(a, "0123456789");
		b += strcspn(b, "0123456789");
		na = strspn(a, "0123456789");
		nb = strspn(b, "0123456789");
		if (!na || !nb)
			return seen_a | seen_b ? (na || nb) : 0;
		if (na == nb && memcmp(a, b, na) != 0)
			return 1;
		seen_a = seen_b = 1;
		a += na;
		b += nb;
	}
}

static void
dd_compare_title(const struct dd_record *a, const struct dd_record *b,
		 struct dd_pair *p)
{
	size_t la = a->title_len, lb = b->title_len;
	size_t longer = la > lb ? la : lb, shorter = la < lb ? la : lb;
	int max = (int)(longer / 5);
	int d;

	if (!a->title || !b->title) {
		/* The title is the main evidence: without it, ask a person. */
		dd_set_field(p, DD_TITLE, DD_MISSING, -2);
		return;
	}
	if (strcmp(a->title, b->title) == 0) {
		/* A long title shared by chance is rarer than a short one. */
		p->title_similarity = 1.0;
		dd_set_field(p, DD_TITLE, DD_SAME, la >= DD_LONG_TITLE ? 10 : 8);
		return;
	}
	d = dd_distance(a->title, la, b->title, lb, max);
	p->title_similarity = d > max ? 0.0 : 1.0 - (double)d / (double)longer;
	if (dd_numbers_differ(a->title, b->title))
		dd_set_field(p, DD_TITLE, DD_DIFFER, DD_NUMBERS_DIFFER);
	else if (p->title_similarity >= 0.95)
		dd_set_field(p, DD_TITLE, DD_CLOSE, 6);
	else if (p->title_similarity >= 0.90)
		dd_set_field(p, DD_TITLE, DD_CLOSE, 4);
	else if (dd_contains(a->title, la, b->title, lb)) {
		/* A subtitle, a section heading or a citation more. */
		p->title_similarity = (double)shorter / (double)longer;
		dd_set_field(p, DD_TITLE, DD_CLOSE, 4);
	}
	else if (p->title_similarity >= 0.80)
		dd_set_field(p, DD_TITLE, DD_CLOSE, 1);
	else
		dd_set_field(p, DD_TITLE, DD_DIFFER, -10);
}

/* Is family key w (n bytes) among the keys of list? */
static int
dd_has_author(const char *list, const char *w, size_t n)
{
	while (*list) {
		size_t m = strcspn(list, " ");

		if (m == n && memcmp(list, w, n) == 0)
			return 1;
		list += m + 1;
	}
	return 0;
}

static void
dd_compare_authors(const struct dd_record *a, const struct dd_record *b,
		   struct dd_pair *p)
{
	size_t first_a, first_b, shared = 0, fewer;
	int first_same;

	if (!a->authors || !b->authors)
		return;
	first_a = strcspn(a->authors, " ");
	first_b = strcspn(b->authors, " ");
	first_same = first_a == first_b &&
		     memcmp(a->authors, b->authors, first_a) == 0;
	for (const char *w = a->authors; *w;) {
		size_t n = strcspn(w, " ");

		shared += dd_has_author(b->authors, w, n);
		w += n + 1;
	}
	fewer = a->n_authors < b->n_authors ? a->n_authors : b->n_authors;
	if (first_same && shared * 2 >= fewer)
		dd_set_field(p, DD_AUTHORS, DD_SAME, 3);
	else if (first_same)
		dd_set_field(p, DD_AUTHORS, DD_CLOSE, 2);
	else if (shared * 2 >= fewer)
		dd_set_field(p, DD_AUTHORS, DD_CLOSE, 1);
	else if (!shared)
		dd_set_field(p, DD_AUTHORS, DD_DIFFER, -4);
}

/*
 * Is a an abbreviation of b, word by word ("curr opin lipidol" of
 * "current opinion lipidology")? Every word of a must start a word of b,
 * in order, beginning with the first.
 */
static int
dd_abbreviates(const char *a, const char *b)
{
	int first = 1;

	while (*a) {
		size_t n = strcspn(a, " ");

		for (;;) {
			size_t m = strcspn(b, " ");

			if (!*b)
				return 0;
			if (n <= m && memcmp(a, b, n) == 0) {
				b += m + 1;
				break;
			}
			if (first)
				return 0;
			b += m + 1;
		}
		first = 0;
		a += n + 1;
	}
	return 1;
}

static int
dd_same_journal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	return strcmp(a, b) == 0 || dd_abbreviates(a, b) ||
	       dd_abbreviates(b, a);
}

static void
dd_compare_journal(const struct dd_record *a, const struct dd_record *b,
		   struct dd_pair *p)
{
	const char *ja[2] = { a->journal, a->journal_abbrev };
	const char *jb[2] = { b->journal, b->journal_abbrev };

	if (dd_equal(a->issn, b->issn) == DD_SAME) {
		dd_set_field(p, DD_JOURNAL, DD_SAME, 2);
		return;
	}
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++)
			if (dd_same_journal(ja[i], jb[j])) {
				dd_set_field(p, DD_JOURNAL, DD_SAME, 2);
				return;
			}
	if ((ja[0] || ja[1]) && (jb[0] || jb[1]))
		dd_set_field(p, DD_JOURNAL, DD_DIFFER, -2);
}

/*
 * First pages that cannot be compared: an article number ("e12724",
 * "a1754") beside printed pages, or "c37" beside "37". Supplement pages
 * ("S27") are pages: an abstract in a supplement is not its article.
 */
static int
dd_other_numbering(const char *a, const char *b)
{
	int la = *a >= 'a' && *a <= 'z', lb = *b >= 'a' && *b <= 'z';
	const char *number = la ? a : b;

	if (la == lb)
		return 0;
	return strcmp(a + la, b + lb) == 0 ||
	       (*number != 's' && strspn(number + 1, "0123456789") >= 3 &&
		!number[1 + strspn(number + 1, "0123456789")]);
}

/* The last run of digits of a page range, or NULL for a single page. */
static const char *
dd_last_digits(const char *pages, size_t *n)
{
	const char *end = NULL;

	if (!strchr(pages, '-') && !strstr(pages, "\xE2\x80\x93"))
		return NULL;
	for (const char *p = pages; *p; p++)
		if (*p >= '0' && *p <= '9' && !(p[1] >= '0' && p[1] <= '9'))
			end = p + 1;
	if (!end)
		return NULL;
	*n = 0;
	while (end - *n > pages && end[-(long)*n - 1] >= '0' &&
	       end[-(long)*n - 1] <= '9')
		(*n)++;
	return end - *n;
}

/* Do two ranges end alike, one abbreviated ("125-128" and "2-8")? */
static int
dd_same_last_page(const char *a, const char *b)
{
	size_t na, nb;
	const char *da = dd_last_digits(a, &na), *db = dd_last_digits(b, &nb);

	if (!da || !db)
		return 0;
	if (na < nb)
		return memcmp(da, db + nb - na, na) == 0;
	return memcmp(db, da + na - nb, nb) == 0;
}

/* Is a a single page within the range of b? */
static int
dd_page_in_range(const struct dd_record *a, const struct dd_record *b)
{
	const char *last;
	size_t n;
	long page, lo, hi;

	if (dd_last_digits(a->pages, &n) || !(last = dd_last_digits(b->pages, &n)))
		return 0;
	page = strtol(a->first_page, NULL, 10);
	lo = strtol(b->first_page, NULL, 10);
	hi = strtol(last, NULL, 10);
	return page > 0 && lo <= page && page <= hi;
}

static void
dd_compare_pages(const struct dd_record *a, const struct dd_record *b,
		 struct dd_pair *p)
{
	if (!a->first_page || !b->first_page)
		return;
	if (strcmp(a->first_page, b->first_page) == 0 ||
	    normalize_pages_equal(a->pages, b->pages))
		dd_set_field(p, DD_PAGES, DD_SAME, 3);
	else if (dd_other_numbering(a->first_page, b->first_page) ||
		 dd_same_last_page(a->pages, b->pages) ||
		 dd_page_in_range(a, b) || dd_page_in_range(b, a))
		/* Exports mangle pages: "S11-S15" and "Suppl-5", "488" for "487-488". */
		dd_set_field(p, DD_PAGES, DD_CLOSE, 0);
	else
		dd_set_field(p, DD_PAGES, DD_DIFFER, -7);
}

/* A field that must be equal: weights for same and for different. */
static void
dd_compare_key(struct dd_pair *p, enum dd_field f, const char *a,
	       const char *b, int same, int differ)
{
	enum dd_verdict v = dd_equal(a, b);

	if (v != DD_UNKNOWN)
		dd_set_field(p, f, v, v == DD_SAME ? same : differ);
}

static void
dd_compare_year(const struct dd_record *a, const struct dd_record *b,
		struct dd_pair *p)
{
	int d = a->year - b->year;

	if (!a->year || !b->year)
		return;
	if (d == 0)
		dd_set_field(p, DD_YEAR, DD_SAME, 2);
	else if (d == 1 || d == -1)
		/* Online first one year, in print the next. */
		dd_set_field(p, DD_YEAR, DD_CLOSE, 0);
	else
		dd_set_field(p, DD_YEAR, DD_DIFFER, -6);
}

double
dd_score(int weight)
{
	return 1.0 / (1.0 + exp(-(weight - 7) / 2.0));
}

void
dd_compare(const struct dd_set *s, size_t ia, size_t ib, struct dd_pair *p)
{
	const struct dd_record *a = &s->v[ia], *b = &s->v[ib];

	memset(p, 0, sizeof(*p));
	p->a = ia;
	p->b = ib;
	/* Two PubMed records are two articles; so are two DOIs, mostly. */
	dd_compare_key(p, DD_PMID, a->pmid, b->pmid, 12, -10);
	dd_compare_key(p, DD_PMCID, a->pmcid, b->pmcid, 12, -10);
	dd_compare_key(p, DD_DOI, a->doi, b->doi, 8, -6);
	dd_compare_title(a, b, p);
	dd_compare_authors(a, b, p);
	dd_compare_year(a, b, p);
	dd_compare_journal(a, b, p);
	dd_compare_key(p, DD_VOLUME, a->volume, b->volume, 2, -4);
	/* Issues are written in too many ways to count against. */
	dd_compare_key(p, DD_ISSUE, a->issue, b->issue, 1, 0);
	dd_compare_pages(a, b, p);
	/* An erratum carries its article's title and often its DOI. */
	if (a->kind != b->kind)
		dd_set_field(p, DD_KIND, DD_DIFFER, -30);
	/*
	 * Two PubMed records, or two DOIs, are two articles unless a person
	 * says otherwise (a preprint and its paper, a DOI typed wrong): such
	 * a pair can reach the review queue, never an automatic merge.
	 */
	if ((p->verdict[DD_PMID] == DD_DIFFER ||
	     p->verdict[DD_PMCID] == DD_DIFFER ||
	     p->verdict[DD_DOI] == DD_DIFFER) && p->weight > DD_CONFLICT_MAX) {
		p->weight = DD_CONFLICT_MAX;
		p->capped = 1;
	}
	if (p->verdict[DD_PMID] == DD_SAME)
		p->rule = DD_RULE_PMID;
	else if (p->verdict[DD_PMCID] == DD_SAME)
		p->rule = DD_RULE_PMCID;
	else if (p->verdict[DD_DOI] == DD_SAME)
		p->rule = DD_RULE_DOI;
	else
		p->rule = DD_RULE_FIELDS;
	p->score = dd_score(p->weight);
}

/* ---- blocking ---- */

struct dd_key {
	uint64_t hash;
	uint32_t rank;		/* the record's place in title order */
	uint32_t rec;
};

struct dd_keys {
	struct dd_key *v;
	size_t n, cap;
};

/* FNV-1a, with the key's kind mixed in so kinds never collide. */
static uint64_t
dd_hash(char kind, const char *s, size_t n, uint64_t h)
{
	if (!h)
		h = 1469598103934665603ULL ^ (unsigned char)kind;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void
dd_add_key(struct dd_keys *k, uint64_t hash, uint32_t rank, uint32_t rec)
{
	k->v = xgrow(k->v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v[k->n++] = (struct dd_key){ hash, rank, rec };
}

static void
dd_record_keys(const struct dd_record *r, uint32_t rank, uint32_t rec,
	       struct dd_keys *k)
{
	enum { PART = 24 };

	if (r->pmid)
		dd_add_key(k, dd_hash('p', r->pmid, strlen(r->pmid), 0), rank,
			   rec);
	if (r->pmcid)
		dd_add_key(k, dd_hash('c', r->pmcid, strlen(r->pmcid), 0), rank,
			   rec);
	if (r->doi)
		dd_add_key(k, dd_hash('d', r->doi, strlen(r->doi), 0), rank,
			   rec);
	if (r->title) {
		size_t n = r->title_len < PART ? r->title_len : PART;

		dd_add_key(k, dd_hash('h', r->title, n, 0), rank, rec);
		dd_add_key(k,
			   dd_hash('t', r->title + r->title_len - n, n, 0),
			   rank, rec);
	}
	if (r->authors && r->year) {
		char year[8];
		size_t n = strcspn(r->authors, " ");
		int len = snprintf(year, sizeof(year), "%d", r->year);

		dd_add_key(k,
			   dd_hash('a', year, (size_t)len,
				   dd_hash('a', r->authors, n, 0)),
			   rank, rec);
	}
	if (r->volume && r->first_page)
		dd_add_key(k,
			   dd_hash('v', r->first_page, strlen(r->first_page),
				   dd_hash('v', r->volume,
					   strlen(r->volume) + 1, 0)),
			   rank, rec);
}

static const struct dd_set *dd_sorting;

/* Titles in order; records without a title last, in the order added. */
static int
dd_title_order(const void *x, const void *y)
{
	const struct dd_record *a = &dd_sorting->v[*(const uint32_t *)x];
	const struct dd_record *b = &dd_sorting->v[*(const uint32_t *)y];
	int c;

	if (a->title && b->title && (c = strcmp(a->title, b->title)) != 0)
		return c;
	if (!a->title != !b->title)
		return a->title ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int
dd_key_order(const void *x, const void *y)
{
	const struct dd_key *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int
dd_u64_order(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

struct dd_candidates {
	uint64_t *v;
	size_t n, cap;
};

static void
dd_candidate(struct dd_candidates *c, uint32_t x, uint32_t y)
{
	uint32_t lo = x < y ? x : y, hi = x < y ? y : x;

	if (lo == hi)
		return;
	c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = (uint64_t)lo << 32 | hi;
}

/* Pairs within one block: all of a small block, neighbours in a big one. */
static void
dd_block_pairs(const struct dd_key *v, size_t n, struct dd_candidates *c)
{
	size_t reach = n <= DD_BLOCK_ALL ? n : DD_WINDOW + 1;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n && j < i + reach; j++)
			dd_candidate(c, v[i].rec, v[j].rec);
}

void
dd_find(const struct dd_set *s, double min_score, struct dd_pair **pairs,
	size_t *npairs)
{
	uint32_t *order = xmalloc(sizeof(*order) * (s->n ? s->n : 1));
	uint32_t *rank = xmalloc(sizeof(*rank) * (s->n ? s->n : 1));
	struct dd_keys keys = { NULL, 0, 0 };
	struct dd_candidates cand = { NULL, 0, 0 };
	size_t cap = 0;

	for (uint32_t i = 0; i < s->n; i++)
		order[i] = i;
	dd_sorting = s;
	qsort(order, s->n, sizeof(*order), dd_title_order);
	for (uint32_t i = 0; i < s->n; i++)
		rank[order[i]] = i;
	for (uint32_t i = 0; i < s->n; i++)
		dd_record_keys(&s->v[i], rank[i], i, &keys);
	if (keys.n)	/* qsort wants an array, even of nothing */
		qsort(keys.v, keys.n, sizeof(*keys.v), dd_key_order);
	for (size_t i = 0, j; i < keys.n; i = j) {
		for (j = i + 1; j < keys.n && keys.v[j].hash == keys.v[i].hash;
		     j++)
			;
		dd_block_pairs(keys.v + i, j - i, &cand);
	}
	if (cand.n)
		qsort(cand.v, cand.n, sizeof(*cand.v), dd_u64_order);
	*pairs = NULL;
	*npairs = 0;
	for (size_t i = 0; i < cand.n; i++) {
		struct dd_pair p;

		if (i && cand.v[i] == cand.v[i - 1])
			continue;
		dd_compare(s, (size_t)(cand.v[i] >> 32),
			   (size_t)(cand.v[i] & 0xffffffffu), &p);
		if (p.score < min_score)
			continue;
		*pairs = xgrow(*pairs, &cap, *npairs + 1, sizeof(**pairs));
		(*pairs)[(*npairs)++] = p;
	}
	free(cand.v);
	free(keys.v);
	free(rank);
	free(order);
}

/* ---- names and evidence ---- */

const char *
dd_rule_name(enum dd_rule rule)
{
	static const char *const names[] = { "pmid", "pmcid", "doi",
					     "fields" };

	return names[rule];
}

const char *
dd_field_name(enum dd_field f)
{
	static const char *const names[DD_NFIELDS] = {
		"pmid", "pmcid", "doi", "title", "authors", "year",
		"journal", "volume", "issue", "pages", "kind",
	};

	return names[f];
}

const char *
dd_verdict_name(enum dd_verdict v)
{
	static const char *const names[] = { "unknown", "same", "close",
					     "differ", "missing" };

	return names[v];
}

void
dd_evidence_json(const struct dd_pair *p, struct buf *out)
{
	const char *sep = "";

	buf_addch(out, '{');
	for (int f = 0; f < DD_NFIELDS; f++) {
		if (p->verdict[f] == DD_UNKNOWN)
			continue;
		buf_addf(out, "%s\"%s\":{\"verdict\":\"%s\",\"weight\":%d",
			 sep, dd_field_name(f), dd_verdict_name(p->verdict[f]),
			 p->weights[f]);
		if (f == DD_TITLE)
			buf_addf(out, ",\"similarity\":%.3f",
				 p->title_similarity);
		buf_addch(out, '}');
		sep = ",";
	}
	if (p->capped)
		buf_addf(out, "%s\"limited\":\"identifiers differ\"", sep);
	buf_addf(out, "%s\"weight\":%d}", sep, p->weight);
}
