#include "record.h"

#include <stdlib.h>
#include <string.h>

#include <lz4.h>

#include "xalloc.h"
#include "banned.h"

void
record_init(struct record *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->original);
	buf_init(&r->packed);
}

static void
free_author(struct author *a)
{
	free(a->name);
	free(a->family);
	free(a->given);
	free(a->affiliation);
}

void
strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
record_reset(struct record *r)
{
	char **strings[] = {
		&r->type, &r->pmid, &r->pmcid, &r->doi, &r->title,
		&r->abstract, &r->journal, &r->journal_abbrev, &r->issn,
		&r->pubdate, &r->volume, &r->issue, &r->pages, &r->publisher,
		&r->url, &r->accession, &r->database,
	};
	struct buf original = r->original, packed = r->packed;

	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		free(*strings[i]);
	strlist_release(&r->languages);
	strlist_release(&r->pubtypes);
	strlist_release(&r->keywords);
	strlist_release(&r->mesh);
	for (size_t i = 0; i < r->n_authors; i++)
		free_author(&r->authors[i]);
	free(r->authors);
	memset(r, 0, sizeof(*r));
	/* Keep the text buffers' memory: importers reuse records. */
	r->original = original;
	r->packed = packed;
	buf_reset(&r->original);
	buf_reset(&r->packed);
}

void
record_release(struct record *r)
{
	record_reset(r);
	buf_release(&r->original);
	buf_release(&r->packed);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void
trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

void
record_set(char **field, const char *s, size_t n)
{
	free(*field);
	*field = NULL;
	trim(&s, &n);
	if (n)
		*field = xstrndup(s, n);
}

void
record_append(char **field, const char *s, size_t n, const char *sep)
{
	size_t old, seplen = strlen(sep);
	char *p;

	trim(&s, &n);
	if (!n)
		return;
	if (!*field) {
		*field = xstrndup(s, n);
		return;
	}
	old = strlen(*field);
	p = xrealloc(*field, old + seplen + n + 1);
	memcpy(p + old, sep, seplen);
	memcpy(p + old + seplen, s, n);
	p[old + seplen + n] = '\0';
	*field = p;
}

void
strlist_add(struct strlist *l, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		return;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrndup(s, n);
}

struct author *
record_add_author(struct record *r)
{
	struct author *a;

	r->authors = xgrow(r->authors, &r->cap_authors, r->n_authors + 1,
			   sizeof(*r->authors));
	a = &r->authors[r->n_authors++];
	memset(a, 0, sizeof(*a));
	return a;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
record_year_from(const char *s)
{
	if (!s)
		return 0;
	for (const char *p = s; *p; p++) {
		if (p != s && is_digit(p[-1]))
			continue;
		if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
		    is_digit(p[3]) && !is_digit(p[4]) &&
		    (p[0] == '1' || p[0] == '2'))
			return (p[0] - '0') * 1000 + (p[1] - '0') * 100 +
			       (p[2] - '0') * 10 + (p[3] - '0');
	}
	return 0;
}

void
record_normalize(struct record *r)
{
	char *p = r->pmcid;
	size_t digits;

	if (!p || strncmp(p, "PMC", 3) != 0)
		return;
	digits = strspn(p + 3, "0123456789");
	if (digits)
		p[3 + digits] = '\0';
}

struct record_packer {
	LZ4_stream_t lz4;
};

struct record_packer *
record_packer_new(void)
{
	struct record_packer *p = xmalloc(sizeof(*p));

	LZ4_initStream(&p->lz4, sizeof(p->lz4));
	return p;
}

void
record_packer_free(struct record_packer *p)
{
	free(p);
}

/*
 * The abstract as dictionary takes the original text of 100,000 RIS
 * records from 173 to 65 MB (a store of 406 MB to 291 MB), at no cost
 * in time. Where the abstract is a small part of the record (PubMed XML:
 * references and MeSH) the dictionary gains little and LZ4's dictionary
 * mode is slower, so such records are packed plain.
 */
#define RECORD_DICT_SHARE 4	/* the abstract is at least a quarter */

void
record_pack(struct record *r, struct record_packer *p)
{
	int bound = LZ4_compressBound((int)r->original.len);
	const char *dict = r->abstract ? r->abstract : "";
	size_t dict_len = strlen(dict);
	int n;

	buf_reset(&r->packed);
	buf_grow(&r->packed, (size_t)bound);
	if (dict_len * RECORD_DICT_SHARE < r->original.len) {
		n = LZ4_compress_default(r->original.data, r->packed.data,
					 (int)r->original.len, bound);
	} else {
		LZ4_loadDict(&p->lz4, dict, (int)dict_len);
		n = LZ4_compress_fast_continue(&p->lz4, r->original.data,
					       r->packed.data,
					       (int)r->original.len, bound, 1);
	}
	buf_setlen(&r->packed, (size_t)n);
}

/*
 * A block packed without a dictionary never refers back past its own
 * start, so decoding it with one gives the same text: stores made
 * before the abstract was used need no migration.
 */
int
record_unpack(const void *packed, size_t len, size_t size,
	      const char *abstract, struct buf *out)
{
	const char *dict = abstract ? abstract : "";

	buf_reset(out);
	if (size > RECORD_ORIGINAL_MAX)
		return -1;
	if (!size)
		return 0;
	buf_grow(out, size);
	if (LZ4_decompress_safe_usingDict(packed, out->data, (int)len,
					  (int)size, dict,
					  (int)strlen(dict)) != (int)size)
		return -1;
	buf_setlen(out, size);
	return 0;
}
