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

#include <ctype.h>
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
	unsigned short title_split;	/* a second version's start, or 0 */
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

/*
 * A volume as its key ("35 Suppl 1" -> "35suppl1"), or NULL when it does
 * not start with a number: "Ph.D." (a thesis) and "(Jul)" are not
 * volumes, and "Suppl 2" alone says too little.
 */
static const char *
dd_volume_key(struct dd_set *s, const char *volume)
{
	if (!volume)
		return NULL;
	volume += strspn(volume, " \t");
	if (!isdigit((unsigned char)*volume))
		return NULL;
	return dd_alnum_key(s, volume, 24);
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

/*
 * Embase names an erratum by its article's citation: "Title (New England
 * Journal of Medicine (2009) 360 (542-544))": a journal, a year in
 * parentheses, then a group with the pages.
 */
static int
dd_embase_correction(const char *s, size_t n)
{
	size_t cut = dd_without_last_group(s, n), i;

	if (cut == n || n - cut < 20 || !isalpha((unsigned char)s[cut + 1]))
		return 0;
	for (i = cut + 1; i + 6 < n; i++)
		if (s[i] == '(' && strspn(s + i + 1, "0123456789") == 4 &&
		    s[i + 5] == ')')
			break;
	if (i + 6 >= n)
		return 0;
	for (i += 6; i + 1 < n; i++)
		if (s[i] == '(' && isdigit((unsigned char)s[i + 1]))
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
	if (kind == DD_ARTICLE && (dd_wos_correction(t, *len) ||
				   dd_embase_correction(t, *len)))
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
static char *
dd_title_fold(const char *title, size_t n, size_t *len)
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
	*len = k;
	key[k] = '\0';
	return key;
}

/*
 * What stands between a title and the same title in another language:
 * LILACS and SciELO give both ("Derrame pleural maligno...; Malignant
 * pleural effusion..."), some exports add the original after a mark.
 */
static const char *const dd_title_versions[] = {
	"; ",		/* "Original; English", or a subtitle */
	" = ",		/* parallel titles */
	"<ORIGINAL>",	/* "Title in English. <ORIGINAL> TITRE" */
};

/* Where the first version mark outside brackets is in s[0..n), or n. */
static size_t
dd_version_mark(const char *s, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		depth += s[i] == '(' || s[i] == '[';
		depth -= s[i] == ')' || s[i] == ']';
		if (s[i] != ';' && s[i] != ' ' && s[i] != '<')
			continue;	/* the common case: no mark here */
		for (size_t k = 0; depth <= 0 && k < sizeof(dd_title_versions) /
				   sizeof(*dd_title_versions); k++)
			if (strncasecmp(s + i, dd_title_versions[k],
					strlen(dd_title_versions[k])) == 0)
				return i;
	}
	return n;
}

/*
 * The title key, and where in it a second version begins (0 if none):
 * the key of the text before the mark, when the whole key starts with it.
 */
static const char *
dd_title_key(struct dd_set *s, const char *title, size_t n,
	     unsigned short *len, unsigned short *split)
{
	size_t k, k1, mark = dd_version_mark(title, n);
	char *key = dd_title_fold(title, n, &k), *first;

	*len = (unsigned short)k;
	*split = 0;
	if (!key || mark == n)
		return dd_keep_owned(s, key);
	first = dd_title_fold(title, mark, &k1);
	if (first && k1 < k && memcmp(key, first, k1) == 0)
		*split = (unsigned short)k1;
	free(first);
	return dd_keep_owned(s, key);
}

/* Words left out of journal keys: "&" is already gone with punctuation. */
static int
dd_stop_word(const char *w, size_t n)
{
	static const char *const stop[] = { "and", "of", "the", "in", "for",
					    "on", "de", "la", "und", "d", "l" };

	for (size_t i = 0; i < sizeof(stop) / sizeof(*stop); i++)
		if (strlen(stop[i]) == n && memcmp(w, stop[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Add the folded words of name[0..n) but stop words to b, each followed
 * by a space. An apostrophe parts words here: "d'Anesthesie" is "d" and
 * "anesthesie", so that "Anesth" can abbreviate it.
 */
static void
dd_journal_words(const char *name, size_t n, struct buf *b)
{
	char *copy = NULL, *key;

	if (name[n] || strchr(name, '\'') || strstr(name, "\xE2\x80\x99")) {
		copy = xstrndup(name, n);
		for (char *c = copy; *c; c++)
			if (*c == '\'')
				*c = ' ';
			else if (strncmp(c, "\xE2\x80\x99", 3) == 0)
				memset(c, ' ', 3);	/* U+2019 */
	}
	key = normalize_title(copy ? copy : name);
	free(copy);
	for (char *w = key; w && *w;) {
		size_t len = strcspn(w, " ");

		if (!dd_stop_word(w, len)) {
			buf_add(b, w, len);
			buf_addch(b, ' ');
		}
		w += len;
		w += *w == ' ';
	}
	free(key);
}

/*
 * A journal's key: its folded words without stop words, each followed
 * by a space. MEDLINE gives a journal's names in several languages
 * ("Ai zheng = Aizheng = Chinese journal of cancer"): each is kept,
 * separated by '|'.
 */
static const char *
dd_journal_key(struct dd_set *s, const char *journal)
{
	struct buf b = BUF_INIT;
	const char *kept;

	while (journal && *journal) {
		size_t n = strcspn(journal, "=");
		size_t before = b.len;

		dd_journal_words(journal, n, &b);
		if (b.len > before && journal[n])
			buf_addch(&b, '|');
		journal += n + (journal[n] == '=');
	}
	if (b.len && b.data[b.len - 1] == '|')
		buf_setlen(&b, b.len - 1);
	kept = dd_keep(s, b.data, b.len);
	buf_release(&b);
	return kept;
}

/*
 * A family name's key: each of its words folded, joined by '-' ("van
 * Kessel" -> "van-kessel", "Fremeaux-Bacchi" -> "fremeaux-bacchi"), so
 * that a name given in part can still be matched word by word.
 */
static void
dd_family_key(const char *family, struct buf *out)
{
	size_t start = out->len;

	if (!strpbrk(family, " -")) {	/* one word: most names */
		char *word = normalize_name(family);

		if (word)
			buf_adds(out, word);
		free(word);
		return;
	}
	while (*family) {
		size_t n = strcspn(family, " -");
		char *copy = xstrndup(family, n);
		char *word = normalize_name(copy);

		if (word) {
			if (out->len > start)
				buf_addch(out, '-');
			buf_adds(out, word);
			free(word);
		}
		free(copy);
		family += n;
		family += strspn(family, " -");
	}
}

/* "et al." closes a list cut short: it is nobody. */
static int
dd_et_al(const char *key, size_t n)
{
	return (n == 4 && memcmp(key, "etal", 4) == 0) ||
	       (n == 5 && memcmp(key, "et-al", 5) == 0);
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
		size_t start = b.len;

		dd_family_key(in->families[i], &b);
		if (b.len == start || dd_et_al(b.data + start, b.len - start)) {
			buf_setlen(&b, start);
			continue;
		}
		buf_addch(&b, ' ');
		(*count)++;
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
		r->title = dd_title_key(s, core, n, &r->title_len,
					&r->title_split);
	}
	r->journal = dd_journal_key(s, in->journal);
	r->journal_abbrev = dd_journal_key(s, in->journal_abbrev);
	r->issn = dd_alnum_key(s, in->issn, 8);
	r->volume = dd_volume_key(s, in->volume);
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

/* Titles alike but for their numbers: different parts, types, phases. */
#define DD_NUMBERS_DIFFER -4
#define DD_TITLE_DIFFER -10
#define DD_PAGES_RANGE 4	/* the same range of several pages */
#define DD_TITLE_LONG_SAME 10	/* the same long title */
#define DD_REVIEW_WEIGHT 7	/* the weight that scores 0.5 */
#define DD_VERSION_MIN 24	/* bytes of a title version worth comparing */

/* Does the longer title start or end with the whole shorter one? */
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

/* How two title keys compare: a verdict, its weight, the similarity. */
struct dd_title_cmp {
	enum dd_verdict verdict;
	int weight;
	double similarity;
};

static struct dd_title_cmp
dd_titles(const char *a, size_t la, const char *b, size_t lb)
{
	size_t longer = la > lb ? la : lb, shorter = la < lb ? la : lb;
	int max = (int)(longer / 5);
	int d;
	double sim;

	if (la == lb && memcmp(a, b, la) == 0)
		/* A long title shared by chance is rarer than a short one. */
		return (struct dd_title_cmp){ DD_SAME,
					      la >= DD_LONG_TITLE ?
					      DD_TITLE_LONG_SAME : 8, 1 };
	d = dd_distance(a, la, b, lb, max);
	sim = d > max ? 0.0 : 1.0 - (double)d / (double)longer;
	if (dd_numbers_differ(a, b))
		return (struct dd_title_cmp){ DD_DIFFER, DD_NUMBERS_DIFFER,
					      sim };
	if (sim >= 0.95)
		return (struct dd_title_cmp){ DD_CLOSE, 6, sim };
	if (sim >= 0.90)
		return (struct dd_title_cmp){ DD_CLOSE, 4, sim };
	if (dd_contains(a, la, b, lb))
		/* A subtitle, a section heading or a citation more. */
		return (struct dd_title_cmp){
			DD_CLOSE, 4, (double)shorter / (double)longer };
	if (sim >= 0.80)
		return (struct dd_title_cmp){ DD_CLOSE, 1, sim };
	return (struct dd_title_cmp){ DD_DIFFER, DD_TITLE_DIFFER, sim };
}

/* A record's title and its versions: [0] whole, [1] and [2] the parts. */
static int
dd_versions(const struct dd_record *r, const char *v[3], size_t n[3])
{
	size_t cut = r->title_split;

	v[0] = r->title;
	n[0] = r->title_len;
	if (!cut || cut < DD_VERSION_MIN || r->title_len - cut < DD_VERSION_MIN)
		return 1;
	v[1] = r->title;
	n[1] = cut;
	v[2] = r->title + cut;
	n[2] = r->title_len - cut;
	return 3;
}

/*
 * The best match of one record's title, or a version of it, with the
 * other's: "Efeito da pressao...; Effect of continuous positive airway
 * pressure..." is the second title. A version matched whole counts as
 * a short title: half of a title is less evidence than all of it.
 */
static struct dd_title_cmp
dd_best_version(const struct dd_record *a, const struct dd_record *b,
		struct dd_title_cmp best)
{
	const char *va[3], *vb[3];
	size_t na[3], nb[3];
	int ca = dd_versions(a, va, na), cb = dd_versions(b, vb, nb);

	for (int i = 0; i < ca; i++)
		for (int j = i ? 0 : 1; j < cb; j++) {
			struct dd_title_cmp c = dd_titles(va[i], na[i], vb[j],
							  nb[j]);

			if (c.weight > 8)
				c.weight = 8;
			if (c.weight > best.weight)
				best = c;
		}
	return best;
}

static void
dd_compare_title(const struct dd_record *a, const struct dd_record *b,
		 struct dd_pair *p)
{
	struct dd_title_cmp c;

	if (!a->title || !b->title) {
		/* The title is the main evidence: without it, ask a person. */
		dd_set_field(p, DD_TITLE, DD_MISSING, -2);
		return;
	}
	c = dd_titles(a->title, a->title_len, b->title, b->title_len);
	if (c.weight < 8 && (a->title_split || b->title_split))
		c = dd_best_version(a, b, c);
	p->title_similarity = c.similarity;
	dd_set_field(p, DD_TITLE, c.verdict, c.weight);
}

/* Words that join a family name to its main word: "van", "de", "le". */
static int
dd_particle(const char *w, size_t n)
{
	static const char *const particles[] = {
		"al", "da", "das", "de", "del", "della", "den", "der", "des",
		"di", "do", "dos", "du", "el", "la", "le", "st", "ten", "ter",
		"van", "von", "y", "zu",
	};

	for (size_t i = 0; i < sizeof(particles) / sizeof(*particles); i++)
		if (strlen(particles[i]) == n &&
		    memcmp(particles[i], w, n) == 0)
			return 1;
	return 0;
}

/* The one word of family key x (n bytes) besides particles, or NULL. */
static const char *
dd_main_word(const char *x, size_t n, size_t *len)
{
	const char *found = NULL;

	for (const char *w = x; w < x + n;) {
		size_t m = strcspn(w, "- ");

		if (m > n - (size_t)(w - x))
			m = n - (size_t)(w - x);
		if (!dd_particle(w, m)) {
			if (found)
				return NULL;
			found = w;
			*len = m;
		}
		w += m + 1;
	}
	return found;
}

/* Is the word w (n bytes) one of the words of family key x? */
static int
dd_family_has(const char *x, size_t nx, const char *w, size_t n)
{
	for (const char *v = x; v < x + nx;) {
		size_t m = strcspn(v, "- ");

		if (m == n && memcmp(v, w, n) == 0)
			return 1;
		v += m + 1;
	}
	return 0;
}

/* Are two family keys one name, but for separators? */
static int
dd_family_letters_equal(const char *x, size_t nx, const char *y, size_t ny)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < nx && x[i] == '-')
			i++;
		while (j < ny && y[j] == '-')
			j++;
		if (i == nx || j == ny)
			return i == nx && j == ny;
		if (x[i++] != y[j++])
			return 0;
	}
}

/*
 * Are two family keys one person's? Equal, or one name is a single word
 * (besides particles) found in the other: databases drop a particle or
 * half a compound name ("Kessel" for "van Kessel", "Trejo" for "Rios
 * Trejo", "Cheong" for "Il Cheong").
 */
static int
dd_same_family(const char *x, size_t nx, const char *y, size_t ny)
{
	const char *w;
	size_t n = 0;

	if (nx == ny && memcmp(x, y, nx) == 0)
		return 1;
	if (!memchr(x, '-', nx) && !memchr(y, '-', ny))
		return 0;
	if (dd_family_letters_equal(x, nx, y, ny))
		return 1;
	if ((w = dd_main_word(x, nx, &n)) && n >= 3 &&
	    dd_family_has(y, ny, w, n))
		return 1;
	return (w = dd_main_word(y, ny, &n)) && n >= 3 &&
	       dd_family_has(x, nx, w, n);
}

/* Is family key w (n bytes) among the keys of list? */
static int
dd_has_author(const char *list, const char *w, size_t n)
{
	while (*list) {
		size_t m = strcspn(list, " ");

		if (dd_same_family(list, m, w, n))
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
	first_same = dd_same_family(a->authors, first_a, b->authors, first_b);
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

#define DD_ABBREV_STEPS 2048	/* tries before giving up a name */

/* Two journal names being matched: where each ends, tries left. */
struct dd_abbrev {
	const char *a_end, *b_end;
	int steps;
};

/*
 * The longest start of a's word (up to a space) that abbreviates the
 * word at b (m bytes): its first letter, then letters of b in order
 * ("dtsch" of "deutsche", "natl" of "national").
 */
static size_t
dd_abbrev_chunk(const struct dd_abbrev *x, const char *a, const char *b,
		size_t m)
{
	size_t i = 1;

	if (*a != *b)
		return 0;
	for (size_t j = 1; a + i < x->a_end && a[i] != ' ' && j < m; j++)
		if (a[i] == b[j])
			i++;
	return i;
}

/*
 * Does a (at a word's start when word_start, else within a word)
 * abbreviate the words from b on? A word of a stands for one word of b
 * or several run together ("jthoraccardiovascsurg"); words of b may be
 * left out, but not the first.
 */
static int
dd_abbrev_from(struct dd_abbrev *x, const char *a, const char *b,
	       int word_start, int first)
{
	size_t m;

	if (a == x->a_end)
		return 1;
	if (b >= x->b_end || --x->steps < 0)
		return 0;
	m = strcspn(b, " ");
	for (size_t k = dd_abbrev_chunk(x, a, b, m); k > 0; k--) {
		const char *rest = a + k;
		int ends = *rest == ' ';

		if (dd_abbrev_from(x, rest + ends, b + m + 1, ends, 0))
			return 1;
	}
	return word_start && !first &&
	       dd_abbrev_from(x, a, b + m + 1, 1, 0);
}

/*
 * Is a[0..na) an abbreviation of b[0..nb), both keys of one name ("curr
 * opin lipidol" of "current opinion lipidology", "dtsch med wochenschr"
 * of "deutsche medizinische wochenschrift")?
 */
static int
dd_abbreviates(const char *a, size_t na, const char *b, size_t nb)
{
	struct dd_abbrev x = { a + na, b + nb, DD_ABBREV_STEPS };

	return na && dd_abbrev_from(&x, a, b, 1, 1);
}

/* Do two journal keys share a name, whole or abbreviated? */
static int
dd_same_journal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (const char *x = a; *x;) {
		size_t nx = strcspn(x, "|");

		for (const char *y = b; *y;) {
			size_t ny = strcspn(y, "|");

			if ((nx == ny && memcmp(x, y, nx) == 0) ||
			    dd_abbreviates(x, nx, y, ny) ||
			    dd_abbreviates(y, ny, x, nx))
				return 1;
			y += ny + (y[ny] == '|');
		}
		x += nx + (x[nx] == '|');
	}
	return 0;
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

#define DD_LETTERS "abcdefghijklmnopqrstuvwxyz"
#define DD_DIGITS "0123456789"

/* Letters before a page that name a supplement: "S27", "viii108". */
static int
dd_supplement_letters(const char *page, size_t n)
{
	return (n == 1 && *page == 's') || strspn(page, "ivx") >= n;
}

/*
 * First pages that cannot be compared: an article number ("e12724",
 * "a1754") beside printed pages, or "c37" and "viii108" beside "37" and
 * "108". Supplement pages ("S27", "viii108") are pages otherwise: an
 * abstract in a supplement is not its article.
 */
static int
dd_other_numbering(const char *a, const char *b)
{
	size_t la = strspn(a, DD_LETTERS), lb = strspn(b, DD_LETTERS);
	const char *number = la ? a + la : b + lb;
	size_t digits = strspn(number, DD_DIGITS);

	if (!la == !lb)
		return 0;
	return strcmp(a + la, b + lb) == 0 ||
	       (!dd_supplement_letters(la ? a : b, la ? la : lb) &&
		digits >= 3 && !number[digits]);
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

/*
 * Do the first ranges of two page fields share pages: a single page
 * within the other's range ("488" in "487-488"), or ranges that overlap
 * by two pages or more ("676-682" and "678-684", one database's pages
 * off by two)? Ranges that share one page are neighbours: an article
 * often starts on the page where the one before ends.
 */
static int
dd_pages_overlap(const struct dd_record *a, const struct dd_record *b)
{
	long a0, a1, b0, b1;
	size_t la = strspn(a->first_page, DD_LETTERS);

	if (la != strspn(b->first_page, DD_LETTERS) ||
	    memcmp(a->first_page, b->first_page, la) != 0 ||
	    normalize_page_span(a->pages, &a0, &a1) < 0 ||
	    normalize_page_span(b->pages, &b0, &b1) < 0)
		return 0;
	if (a0 == a1 || b0 == b1)
		return a0 <= b1 && b0 <= a1;
	return (a1 < b1 ? a1 : b1) - (a0 > b0 ? a0 : b0) >= 1;
}

/*
 * An article online before its issue has no volume yet and pages of its
 * own, from 1, as many as in print ("1-6" for "2422-2427").
 */
static int
dd_online_first(const struct dd_record *a, const struct dd_record *b)
{
	long a0, a1, b0, b1;

	return !a->volume && b->volume &&
	       normalize_page_span(a->pages, &a0, &a1) == 0 && a0 == 1 &&
	       normalize_page_span(b->pages, &b0, &b1) == 0 &&
	       a1 - a0 == b1 - b0;
}

/* Is the page field one range of several pages? */
static int
dd_page_range(const char *pages)
{
	long first, last;

	return normalize_page_span(pages, &first, &last) == 0 && first < last;
}

static void
dd_compare_pages(const struct dd_record *a, const struct dd_record *b,
		 struct dd_pair *p)
{
	int equal;

	if (!a->first_page || !b->first_page)
		return;
	equal = normalize_pages_equal(a->pages, b->pages);
	if (equal && dd_page_range(a->pages))
		/* A whole range names an article better than its first page. */
		dd_set_field(p, DD_PAGES, DD_SAME, DD_PAGES_RANGE);
	else if (equal || strcmp(a->first_page, b->first_page) == 0)
		dd_set_field(p, DD_PAGES, DD_SAME, 3);
	else if (dd_other_numbering(a->first_page, b->first_page) ||
		 dd_same_last_page(a->pages, b->pages) ||
		 dd_pages_overlap(a, b) || dd_online_first(a, b) ||
		 dd_online_first(b, a))
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

/*
 * Volumes must agree; the same number with a supplement or part beside
 * it ("35 Suppl 1" and "35") is close: one database names the
 * supplement, the other only the volume.
 */
static void
dd_compare_volume(const struct dd_record *a, const struct dd_record *b,
		  struct dd_pair *p)
{
	size_t na, nb;

	if (!a->volume || !b->volume)
		return;
	if (strcmp(a->volume, b->volume) == 0) {
		dd_set_field(p, DD_VOLUME, DD_SAME, 2);
		return;
	}
	na = strspn(a->volume, "0123456789");
	nb = strspn(b->volume, "0123456789");
	if (na == nb && memcmp(a->volume, b->volume, na) == 0)
		dd_set_field(p, DD_VOLUME, DD_CLOSE, 0);
	else
		dd_set_field(p, DD_VOLUME, DD_DIFFER, -4);
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

/*
 * A title translated twice ("[Comparison of amoxicillin and cefamandole
 * ...]" and "Antibiotic prophylaxis in pulmonary surgery...") differs in
 * every word, but when the journal, volume, range of pages, year and
 * authors all agree the citation names one article: the title then
 * counts for nothing instead of against.
 */
static void
dd_translated_title(struct dd_pair *p)
{
	if (p->weights[DD_TITLE] != DD_TITLE_DIFFER ||
	    p->verdict[DD_JOURNAL] != DD_SAME ||
	    p->verdict[DD_VOLUME] != DD_SAME ||
	    p->weights[DD_PAGES] != DD_PAGES_RANGE ||
	    p->verdict[DD_AUTHORS] != DD_SAME ||
	    (p->verdict[DD_YEAR] != DD_SAME && p->verdict[DD_YEAR] != DD_CLOSE))
		return;
	p->weight -= p->weights[DD_TITLE];
	p->weights[DD_TITLE] = 0;
}

/*
 * A year apart is online first and in print when the journal, volume or
 * pages tie the records to one publication; without them it may as well
 * be a thesis and its paper, or an abstract and its article.
 */
static void
dd_year_apart(struct dd_pair *p)
{
	if (p->verdict[DD_YEAR] != DD_CLOSE ||
	    p->verdict[DD_JOURNAL] == DD_SAME ||
	    p->verdict[DD_VOLUME] == DD_SAME ||
	    p->verdict[DD_PAGES] == DD_SAME || p->verdict[DD_PAGES] == DD_CLOSE)
		return;
	p->weights[DD_YEAR] = -1;
	p->weight -= 1;
}

/*
 * A long title and the authors in common, within a year, are worth a
 * person's look whatever else differs: the same abstract at two
 * meetings, a guideline printed in two journals, an abstract and its
 * article elsewhere. Such a pair is raised to the review threshold,
 * never further; a notice and identifiers in conflict are not.
 */
static void
dd_worth_a_look(struct dd_pair *p)
{
	if (p->verdict[DD_TITLE] != DD_SAME ||
	    p->weights[DD_TITLE] < DD_TITLE_LONG_SAME ||
	    p->verdict[DD_AUTHORS] != DD_SAME ||
	    p->verdict[DD_YEAR] == DD_DIFFER ||
	    p->verdict[DD_KIND] == DD_DIFFER ||
	    p->verdict[DD_PMID] == DD_DIFFER ||
	    p->verdict[DD_PMCID] == DD_DIFFER ||
	    p->verdict[DD_DOI] == DD_DIFFER || p->weight >= DD_REVIEW_WEIGHT)
		return;
	p->weight = DD_REVIEW_WEIGHT;
	p->raised = 1;
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
	dd_compare_volume(a, b, p);
	/* Issues are written in too many ways to count against. */
	dd_compare_key(p, DD_ISSUE, a->issue, b->issue, 1, 0);
	dd_compare_pages(a, b, p);
	/* An erratum carries its article's title and often its DOI. */
	if (a->kind != b->kind)
		dd_set_field(p, DD_KIND, DD_DIFFER, -30);
	dd_translated_title(p);
	dd_year_apart(p);
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
	dd_worth_a_look(p);
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
		char year[8], first[64];
		size_t n = 0;
		int len = snprintf(year, sizeof(year), "%d", r->year);

		/* "van-kessel" blocks with "vankessel" */
		for (const char *c = r->authors; *c && *c != ' ' &&
						 n < sizeof(first); c++)
			if (*c != '-')
				first[n++] = *c;
		dd_add_key(k,
			   dd_hash('a', year, (size_t)len,
				   dd_hash('a', first, n, 0)),
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
	if (p->raised)
		buf_addf(out, "%s\"raised\":\"same title and authors\"", sep);
	buf_addf(out, "%s\"weight\":%d}", sep, p->weight);
}
