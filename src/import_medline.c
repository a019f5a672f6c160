/*
 * MEDLINE tagged text reader (PubMed "PubMed format" / .nbib, ERIC nbib).
 *
 * A tag is up to four capitals padded with spaces, then '-' and the value
 * ("PMID- 123", "TI  - ...", "FAU - Smith, John", also "PMID-123").
 * Any other non-blank line continues the value before it (PubMed indents
 * them by six spaces). A blank line ends a record; "PMID-" also starts a
 * new one. Tag knowledge is the table medline_tags[].
 */
#include "import.h"

#include <string.h>

#include "input.h"
#include "tagged.h"
#include "xalloc.h"
#include "banned.h"

enum medline_field {
	MF_NONE = 0,	/* kept in the original text only */
	MF_PMID,
	MF_TITLE,
	MF_BOOK_TITLE,
	MF_ABSTRACT,
	MF_FULL_AUTHOR,
	MF_AUTHOR,
	MF_GROUP,
	MF_AFFILIATION,
	MF_JOURNAL,
	MF_ABBREV,
	MF_ISSN,
	MF_DATE,
	MF_VOLUME,
	MF_ISSUE,
	MF_PAGES,
	MF_LANGUAGE,
	MF_PUBTYPE,
	MF_MESH,
	MF_KEYWORD,
	MF_ARTICLE_ID,
	MF_LOCATION_ID,
	MF_PMCID,
	MF_PUBLISHER,
	MF_ACCESSION,
};

static const struct {
	char tag[5];
	unsigned char field;
} medline_tags[] = {
	{ "PMID", MF_PMID },		/* PubMed id */
	{ "TI", MF_TITLE },		/* article title */
	{ "BTI", MF_BOOK_TITLE },	/* book title (PubMed Books) */
	{ "AB", MF_ABSTRACT },		/* abstract */
	{ "FAU", MF_FULL_AUTHOR },	/* "Family, Given": starts an author */
	{ "AU", MF_AUTHOR },		/* "Family IN": the FAU's short form, or an author alone */
	{ "CN", MF_GROUP },		/* collective (group) author, in byline order */
	{ "AD", MF_AFFILIATION },	/* affiliation of the author before it */
	{ "JT", MF_JOURNAL },		/* journal title */
	{ "TA", MF_ABBREV },		/* NLM journal abbreviation */
	{ "IS", MF_ISSN },		/* "1234-5678 (Print)", "(Electronic)", "(Linking)" */
	{ "ISSN", MF_ISSN },		/* ERIC: "ISSN-1234-4567" */
	{ "DP", MF_DATE },		/* date of publication "2019 Mar 15" */
	{ "VI", MF_VOLUME },		/* volume */
	{ "IP", MF_ISSUE },		/* issue */
	{ "PG", MF_PAGES },		/* pagination "123-30" */
	{ "LA", MF_LANGUAGE },		/* language "eng" */
	{ "PT", MF_PUBTYPE },		/* publication type */
	{ "MH", MF_MESH },		/* MeSH heading "*Back Pain/therapy" */
	{ "OT", MF_KEYWORD },		/* other term (author keyword) */
	{ "AID", MF_ARTICLE_ID },	/* "10.1/x [doi]", "PMC123 [pmc]", "S01 [pii]"; ERIC: DOI URL */
	{ "LID", MF_LOCATION_ID },	/* "10.1/x [doi]", "e123 [pii]" */
	{ "PMC", MF_PMCID },		/* PubMed Central id */
	{ "PB", MF_PUBLISHER },		/* publisher (books) */
	{ "OID", MF_ACCESSION },	/* other id: ERIC's "EJ1131633" */
};

struct medline {
	struct tagged t;
	int in_record;
	int fau_open;		/* the last author came from FAU, no AU yet */
	int is_book;
	int field;		/* of the value being read, -1 if none */
	char cur_name[5];
	long cur_line;
	struct buf val;
};

/* --- field values -------------------------------------------------------- */

/* "value [kind]": 1 if the bracketed kind matches, *n shortened to value. */
static int
id_kind(const char *s, size_t *n, const char *kind)
{
	size_t k = strlen(kind), len = *n;

	if (len < k + 2 || s[len - 1] != ']' || s[len - k - 2] != '[' ||
	    memcmp(s + len - k - 1, kind, k) != 0)
		return 0;
	*n = len - k - 2;
	return 1;
}

static void
set_article_id(struct record *r, const char *s, size_t n, int location)
{
	if (id_kind(s, &n, "doi")) {
		tagged_set_doi(r, s, n);
	} else if (id_kind(s, &n, "pmc")) {
		tagged_set_first(&r->pmcid, s, n);
	} else if (!memchr(s, '[', n) && !location) {
		tagged_set_doi(r, s, n);	/* ERIC: "http://dx.doi.org/10..." */
	}
}

static void
add_author(struct medline *p, const char *s, size_t n, int full)
{
	if (!full && p->fau_open) {
		p->fau_open = 0;	/* the short form of the FAU before */
		return;
	}
	tagged_author(&p->t.rec, s, n);
	p->fau_open = full;
}

static void
add_group(struct medline *p, const char *s, size_t n)
{
	struct author *a = record_add_author(&p->t.rec);

	record_set(&a->name, s, n);
	a->collective = 1;
	p->fau_open = 0;
}

static void
add_affiliation(struct medline *p, const char *s, size_t n)
{
	struct record *r = &p->t.rec;

	if (r->n_authors)
		record_append(&r->authors[r->n_authors - 1].affiliation, s, n,
			      "; ");
}

static void
set_date(struct record *r, const char *s, size_t n)
{
	if (r->pubdate)
		return;
	record_set(&r->pubdate, s, n);
	r->year = record_year_from(r->pubdate);
}

static void
commit(struct medline *p, int field, const char *s, size_t n)
{
	struct record *r = &p->t.rec;

	while (n && tagged_is_space(*s))
		s++, n--;
	while (n && tagged_is_space(s[n - 1]))
		n--;
	if (!n)
		return;
	switch ((enum medline_field)field) {
	case MF_PMID: tagged_set_pmid(r, s, n); break;
	case MF_TITLE: tagged_set_first(&r->title, s, n); break;
	case MF_BOOK_TITLE:
		p->is_book = 1;
		tagged_set_first(&r->journal, s, n);
		break;
	case MF_ABSTRACT: tagged_set_first(&r->abstract, s, n); break;
	case MF_FULL_AUTHOR: add_author(p, s, n, 1); break;
	case MF_AUTHOR: add_author(p, s, n, 0); break;
	case MF_GROUP: add_group(p, s, n); break;
	case MF_AFFILIATION: add_affiliation(p, s, n); break;
	case MF_JOURNAL: tagged_set_first(&r->journal, s, n); break;
	case MF_ABBREV: tagged_set_first(&r->journal_abbrev, s, n); break;
	case MF_ISSN: tagged_set_issn(&p->t, s, n, -1); break;
	case MF_DATE: set_date(r, s, n); break;
	case MF_VOLUME: tagged_set_first(&r->volume, s, n); break;
	case MF_ISSUE: tagged_set_first(&r->issue, s, n); break;
	case MF_PAGES: tagged_set_first(&r->pages, s, n); break;
	case MF_LANGUAGE: strlist_add(&r->languages, s, n); break;
	case MF_PUBTYPE: strlist_add(&r->pubtypes, s, n); break;
	case MF_MESH: strlist_add(&r->mesh, s, n); break;
	case MF_KEYWORD: strlist_add(&r->keywords, s, n); break;
	case MF_ARTICLE_ID: set_article_id(r, s, n, 0); break;
	case MF_LOCATION_ID: set_article_id(r, s, n, 1); break;
	case MF_PMCID: tagged_set_first(&r->pmcid, s, n); break;
	case MF_PUBLISHER: tagged_set_first(&r->publisher, s, n); break;
	case MF_ACCESSION: tagged_set_first(&r->accession, s, n); break;
	case MF_NONE: break;
	}
}

/* --- records and values --------------------------------------------------- */

static void
flush(struct medline *p)
{
	if (p->field >= 0 && !p->t.skipping)
		commit(p, p->field, p->val.data, p->val.len);
	p->field = -1;
	buf_reset(&p->val);
}

static int
add_value(struct medline *p, const char *s, size_t n)
{
	if (p->t.skipping || p->field < 0)
		return 0;
	if (p->val.len + n > RECORD_FIELD_MAX) {
		p->field = -1;
		buf_reset(&p->val);
		return tagged_bad(&p->t, p->cur_line,
				  "value of tag '%s' is longer than 1 MiB",
				  p->cur_name);
	}
	buf_add(&p->val, s, n);
	return 0;
}

static void
record_begin(struct medline *p)
{
	tagged_drop(&p->t);
	p->in_record = 1;
	p->fau_open = 0;
	p->is_book = 0;
	p->t.rec.line = input_line(p->t.in);
}

static int
record_end(struct medline *p)
{
	struct record *r = &p->t.rec;

	flush(p);
	p->in_record = 0;
	if (p->t.skipping) {
		tagged_drop(&p->t);
		return 0;
	}
	if (p->is_book && !r->title) {
		r->title = r->journal;	/* a whole book: BTI is its title */
		r->journal = NULL;
	}
	r->type = xstrdup(p->is_book ? "BOOK" : "JOUR");
	if (r->pmid && !r->database)
		r->database = xstrdup("PubMed");	/* as the XML reader */
	return tagged_emit(&p->t);
}

/* --- lines ---------------------------------------------------------------- */

/* A tag line: returns the field (MF_NONE if unknown) and the value offset. */
static int
parse_tag(const char *s, size_t n, size_t *val, char name[5])
{
	size_t k = 0, i;

	while (k < n && k < 4 && s[k] >= 'A' && s[k] <= 'Z')
		k++;
	if (k < 2)
		return -1;
	for (i = k; i < n && i < 5 && s[i] == ' '; i++)
		;
	if (i >= n || s[i] != '-')
		return -1;
	*val = i + 1;
	memcpy(name, s, k);
	name[k] = '\0';
	for (size_t t = 0; t < sizeof(medline_tags) / sizeof(*medline_tags);
	     t++)
		if (!strcmp(medline_tags[t].tag, name))
			return medline_tags[t].field;
	return MF_NONE;
}

static int
on_tag(struct medline *p, const char *s, size_t n, int field, size_t val,
       const char *name)
{
	/* PMID is always a record's first tag: a missing blank line */
	if (p->in_record && field == MF_PMID && record_end(p) < 0)
		return -1;
	if (!p->in_record)
		record_begin(p);
	flush(p);
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	p->field = field;
	p->cur_line = input_line(p->t.in);
	memcpy(p->cur_name, name, 5);
	return add_value(p, s + val, n - val);
}

static int
on_line(struct medline *p, const char *s, size_t n)
{
	char name[5];
	size_t val = 0;
	int field;

	if (tagged_is_blank(s, n))
		return p->in_record ? record_end(p) : 0;
	field = parse_tag(s, n, &val, name);
	if (field >= 0)
		return on_tag(p, s, n, field, val, name);
	if (!p->in_record)
		return 0;	/* noise outside records */
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	while (n && tagged_is_space(*s))
		s++, n--;
	if (p->val.len && add_value(p, " ", 1) < 0)
		return -1;
	return add_value(p, s, n);
}

static int
reader_line(void *p, const char *s, size_t n)
{
	return on_line(p, s, n);
}

/* A bad line: skip to the end of its record, the next blank line. */
static void
reader_skip(void *p)
{
	struct medline *m = p;

	if (!m->in_record)
		m->in_record = 1, m->field = -1;
}

static int
reader_end(void *p)
{
	struct medline *m = p;

	return m->in_record ? record_end(m) : 0;
}

static const struct tagged_reader medline_reader = {
	reader_line, reader_skip, reader_end,
	"no MEDLINE records found (no \"PMID- \" or tag lines)",
};

int
medline_parse(struct input *in, struct record_sink *sink, struct sk_err *err)
{
	struct medline p;
	int r;

	memset(&p, 0, sizeof(p));
	tagged_init(&p.t, in, sink, err);
	buf_init(&p.val);
	p.field = -1;
	r = tagged_run(&p.t, &medline_reader, &p);
	buf_release(&p.val);
	tagged_release(&p.t);
	return r;
}
