/*
 * Web of Science field-tagged text reader ("Plain text" / .ciw export,
 * also Zoological Record and other Clarivate databases).
 *
 * The file opens with "FN ..." and "VR 1.0" and ends with "EF". A record
 * runs from "PT " to a line "ER". A tag is a capital and a capital or
 * digit, one space, then the value ("TI Soil fauna..."). A line starting
 * with spaces continues the tag above: for authors, affiliations and cited
 * references each such line is a new item, for the rest the text goes on
 * after a space. Tag knowledge is the table wos_tags[].
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "tagged.h"
#include "xalloc.h"
#include "banned.h"

enum wos_field {
	WF_NONE = 0,	/* kept in the original text only */
	WF_TYPE,
	WF_TITLE,
	WF_FULL_AUTHOR,
	WF_AUTHOR,
	WF_GROUP,
	WF_JOURNAL,
	WF_ABBREV_J9,
	WF_ABBREV_JI,
	WF_ISSN_PRINT,
	WF_ISSN_E,
	WF_YEAR,
	WF_DATE,
	WF_VOLUME,
	WF_ISSUE,
	WF_BEGIN_PAGE,
	WF_END_PAGE,
	WF_ARTICLE_NO,
	WF_DOI,
	WF_PMID,
	WF_ACCESSION,
	WF_KEYWORD,
	WF_LANGUAGE,
	WF_PUBTYPE,
	WF_ABSTRACT,
	WF_PUBLISHER,
};

/* How a tag's continuation lines are read. */
enum wos_flags {
	WT_LINES = 1 << 0,	/* each continuation line is a new item */
};

static const struct {
	char tag[3];
	unsigned char field;
	unsigned char flags;
} wos_tags[] = {
	{ "PT", WF_TYPE, 0 },			/* publication type: J, B, S, P, C */
	{ "TI", WF_TITLE, 0 },			/* document title */
	{ "AF", WF_FULL_AUTHOR, WT_LINES },	/* author full name "Family, Given" */
	{ "AU", WF_AUTHOR, WT_LINES },		/* author "Family, GI", used without AF */
	{ "CA", WF_GROUP, WT_LINES },		/* group (collective) author */
	{ "C1", WF_NONE, WT_LINES },		/* "[authors] address": original only */
	{ "CR", WF_NONE, WT_LINES },		/* cited references: original only */
	{ "SO", WF_JOURNAL, 0 },		/* source title, often in capitals */
	{ "J9", WF_ABBREV_J9, 0 },		/* 29-character source abbreviation */
	{ "JI", WF_ABBREV_JI, 0 },		/* ISO source abbreviation (preferred) */
	{ "SN", WF_ISSN_PRINT, 0 },		/* print ISSN */
	{ "EI", WF_ISSN_E, 0 },			/* electronic ISSN */
	{ "PY", WF_YEAR, 0 },			/* year published */
	{ "PD", WF_DATE, 0 },			/* publication date "MAR 15", "DEC 16 2020" */
	{ "VL", WF_VOLUME, 0 },			/* volume */
	{ "IS", WF_ISSUE, 0 },			/* issue */
	{ "BP", WF_BEGIN_PAGE, 0 },		/* beginning page */
	{ "EP", WF_END_PAGE, 0 },		/* ending page */
	{ "AR", WF_ARTICLE_NO, 0 },		/* article number: the pages without BP */
	{ "DI", WF_DOI, 0 },			/* DOI */
	{ "PM", WF_PMID, 0 },			/* PubMed id */
	{ "UT", WF_ACCESSION, 0 },		/* accession "WOS:000514379300001" */
	{ "DE", WF_KEYWORD, 0 },		/* author keywords, "; " between */
	{ "ID", WF_KEYWORD, 0 },		/* Keywords Plus, "; " between */
	{ "LA", WF_LANGUAGE, 0 },		/* languages "English; French" */
	{ "DT", WF_PUBTYPE, 0 },		/* document types "Article; Early Access" */
	{ "AB", WF_ABSTRACT, 0 },		/* abstract */
	{ "PU", WF_PUBLISHER, 0 },		/* publisher */
};

/* PT codes to RIS types. */
static const struct {
	const char *code;
	const char *type;
} wos_types[] = {
	{ "J", "JOUR" },	/* journal */
	{ "B", "BOOK" },	/* book */
	{ "S", "SER" },		/* book in series */
	{ "P", "PAT" },		/* patent */
	{ "C", "CONF" },	/* conference proceedings */
};

struct wos {
	struct tagged t;
	int in_record;
	int field;		/* of the value being read, -1 if none */
	int flags;
	int abbrev_iso;		/* the abbreviation came from JI */
	char cur_name[3];
	long cur_line;
	struct buf val;
	/* parts put together at the end of the record */
	struct strlist full_authors, authors;
	char *date, *year, *begin, *end, *article;
};

/* --- field values -------------------------------------------------------- */

/* Add each "; "-separated item of s[0..n) to a list. */
static void
add_split(struct strlist *l, const char *s, size_t n)
{
	while (n) {
		size_t k = 0;

		while (k < n && !(s[k] == ';' && k + 1 < n && s[k + 1] == ' '))
			k++;
		strlist_add(l, s, k);
		if (k == n)
			break;
		s += k + 2;
		n -= k + 2;
	}
}

static void
set_type(struct record *r, const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(wos_types) / sizeof(*wos_types); i++) {
		if (strlen(wos_types[i].code) == n &&
		    !memcmp(wos_types[i].code, s, n)) {
			tagged_set_first(&r->type, wos_types[i].type,
				  strlen(wos_types[i].type));
			return;
		}
	}
	tagged_set_first(&r->type, "GEN", 3);	/* a code this table lacks */
}

static void
set_abbrev(struct wos *p, const char *s, size_t n, int iso)
{
	if (p->abbrev_iso || (p->t.rec.journal_abbrev && !iso))
		return;
	record_set(&p->t.rec.journal_abbrev, s, n);
	p->abbrev_iso = iso;
}

/*
 * An author item; Zoological Record adds the e-mail address after the
 * name: "Stillman, Andrew N. (andrew.stillman@uconn.edu)".
 */
static void
add_name(struct strlist *l, const char *s, size_t n)
{
	const char *open = n && s[n - 1] == ')' ? memchr(s, '(', n) : NULL;

	if (open && memchr(open, '@', n - (size_t)(open - s)))
		n = (size_t)(open - s);
	strlist_add(l, s, n);
}

static void
add_group(struct record *r, const char *s, size_t n)
{
	struct author *a = record_add_author(r);

	record_set(&a->name, s, n);
	a->collective = 1;
}

static void
commit(struct wos *p, int field, const char *s, size_t n)
{
	struct record *r = &p->t.rec;

	while (n && tagged_is_space(*s))
		s++, n--;
	while (n && tagged_is_space(s[n - 1]))
		n--;
	if (!n)
		return;
	switch ((enum wos_field)field) {
	case WF_TYPE: set_type(r, s, n); break;
	case WF_TITLE: tagged_set_first(&r->title, s, n); break;
	case WF_FULL_AUTHOR: add_name(&p->full_authors, s, n); break;
	case WF_AUTHOR: add_name(&p->authors, s, n); break;
	case WF_GROUP: add_group(r, s, n); break;
	case WF_JOURNAL: tagged_set_first(&r->journal, s, n); break;
	case WF_ABBREV_J9: set_abbrev(p, s, n, 0); break;
	case WF_ABBREV_JI: set_abbrev(p, s, n, 1); break;
	case WF_ISSN_PRINT: tagged_set_issn(&p->t, s, n, 1); break;
	case WF_ISSN_E: tagged_set_issn(&p->t, s, n, 0); break;
	case WF_YEAR: tagged_set_first(&p->year, s, n); break;
	case WF_DATE: tagged_set_first(&p->date, s, n); break;
	case WF_VOLUME: tagged_set_first(&r->volume, s, n); break;
	case WF_ISSUE: tagged_set_first(&r->issue, s, n); break;
	case WF_BEGIN_PAGE: tagged_set_first(&p->begin, s, n); break;
	case WF_END_PAGE: tagged_set_first(&p->end, s, n); break;
	case WF_ARTICLE_NO: tagged_set_first(&p->article, s, n); break;
	case WF_DOI: tagged_set_doi(r, s, n); break;
	case WF_PMID: tagged_set_pmid(r, s, n); break;
	case WF_ACCESSION: tagged_set_first(&r->accession, s, n); break;
	case WF_KEYWORD: add_split(&r->keywords, s, n); break;
	case WF_LANGUAGE: add_split(&r->languages, s, n); break;
	case WF_PUBTYPE: add_split(&r->pubtypes, s, n); break;
	case WF_ABSTRACT: tagged_set_first(&r->abstract, s, n); break;
	case WF_PUBLISHER: tagged_set_first(&r->publisher, s, n); break;
	case WF_NONE: break;
	}
}

/* --- putting the parts together ------------------------------------------ */

/* "PD MAR 15" with "PY 2019" is "2019 MAR 15"; "PD DEC 16 2020" too. */
static void
finish_date(struct wos *p)
{
	struct record *r = &p->t.rec;
	struct buf b = BUF_INIT;
	const char *s = p->date;

	if (!p->year) {
		if (s) {
			record_set(&r->pubdate, s, strlen(s));
			r->year = record_year_from(s);
		}
		return;
	}
	buf_adds(&b, p->year);
	while (s && *s) {
		size_t k = strcspn(s, " ");

		if (k && (k != strlen(p->year) || memcmp(s, p->year, k))) {
			buf_addch(&b, ' ');
			buf_add(&b, s, k);
		}
		s += k;
		while (*s == ' ')
			s++;
	}
	record_set(&r->pubdate, b.data, b.len);
	r->year = record_year_from(p->year);
	buf_release(&b);
}

static void
finish_pages(struct wos *p)
{
	struct record *r = &p->t.rec;

	if (p->begin && p->end && strcmp(p->begin, p->end)) {
		record_set(&r->pages, p->begin, strlen(p->begin));
		record_append(&r->pages, p->end, strlen(p->end), "-");
	} else if (p->begin) {
		record_set(&r->pages, p->begin, strlen(p->begin));
	} else if (p->article) {
		record_set(&r->pages, p->article, strlen(p->article));
	}
}

static void
finish_authors(struct wos *p)
{
	struct strlist *l = p->full_authors.n ? &p->full_authors : &p->authors;
	struct author *groups = p->t.rec.authors;
	size_t ngroups = p->t.rec.n_authors;

	/* persons first, in byline order, then the group authors (CA) */
	p->t.rec.authors = NULL;
	p->t.rec.n_authors = p->t.rec.cap_authors = 0;
	for (size_t i = 0; i < l->n; i++)
		tagged_author(&p->t.rec, l->v[i], strlen(l->v[i]));
	for (size_t i = 0; i < ngroups; i++)
		*record_add_author(&p->t.rec) = groups[i];
	free(groups);
}

static void
parts_reset(struct wos *p)
{
	char **parts[] = { &p->date, &p->year, &p->begin, &p->end,
			   &p->article };

	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		free(*parts[i]);
		*parts[i] = NULL;
	}
	strlist_release(&p->full_authors);
	strlist_release(&p->authors);
	p->abbrev_iso = 0;
}

/* --- records and values --------------------------------------------------- */

static void
flush(struct wos *p)
{
	if (p->field >= 0 && !p->t.skipping)
		commit(p, p->field, p->val.data, p->val.len);
	p->field = -1;
	buf_reset(&p->val);
}

static int
add_value(struct wos *p, const char *s, size_t n)
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
record_begin(struct wos *p)
{
	tagged_drop(&p->t);
	parts_reset(p);
	p->in_record = 1;
	p->field = -1;
	p->t.rec.line = input_line(p->t.in);
}

static int
record_end(struct wos *p)
{
	struct record *r = &p->t.rec;

	flush(p);
	p->in_record = 0;
	if (p->t.skipping) {
		tagged_drop(&p->t);
		parts_reset(p);
		return 0;
	}
	finish_authors(p);
	finish_date(p);
	finish_pages(p);
	parts_reset(p);
	if (!r->type)
		r->type = xstrdup("JOUR");
	r->database = xstrdup("Web of Science");
	return tagged_emit(&p->t);
}

/* --- lines ---------------------------------------------------------------- */

static int
is_tag_char(char c, int first)
{
	return (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

/* "XX value" or "XX" alone: 1 with the tag in name, else 0. */
static int
parse_tag(const char *s, size_t n, char name[3])
{
	if (n < 2 || !is_tag_char(s[0], 1) || !is_tag_char(s[1], 0))
		return 0;
	if (n > 2 && s[2] != ' ')
		return 0;
	name[0] = s[0];
	name[1] = s[1];
	name[2] = '\0';
	return 1;
}

static int
on_tag(struct wos *p, const char *s, size_t n, const char *name)
{
	size_t val = n > 3 ? 3 : n;

	if (!strcmp(name, "ER") || !strcmp(name, "EF")) {
		if (!p->in_record)
			return 0;
		if (name[1] == 'R' && tagged_original(&p->t, s, n) < 0)
			return -1;
		return record_end(p);
	}
	/* PT starts a record: the ER before it is missing */
	if (p->in_record && !strcmp(name, "PT") && record_end(p) < 0)
		return -1;
	if (!p->in_record) {
		if (!strcmp(name, "FN") || !strcmp(name, "VR"))
			return 0;	/* the file's header */
		record_begin(p);
	}
	flush(p);
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	p->field = WF_NONE;
	p->flags = 0;
	for (size_t t = 0; t < sizeof(wos_tags) / sizeof(*wos_tags); t++) {
		if (!strcmp(wos_tags[t].tag, name)) {
			p->field = wos_tags[t].field;
			p->flags = wos_tags[t].flags;
			break;
		}
	}
	p->cur_line = input_line(p->t.in);
	memcpy(p->cur_name, name, 3);
	return add_value(p, s + val, n - val);
}

static int
on_continuation(struct wos *p, const char *s, size_t n)
{
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	while (n && tagged_is_space(*s))
		s++, n--;
	if (p->flags & WT_LINES) {
		int field = p->field;

		flush(p);	/* the line above was an item of its own */
		p->field = field;
		p->cur_line = input_line(p->t.in);
	} else if (p->val.len && add_value(p, " ", 1) < 0) {
		return -1;
	}
	return add_value(p, s, n);
}

static int
on_line(struct wos *p, const char *s, size_t n)
{
	char name[3];

	/* a byte-order mark the decoder left on the first line */
	if (n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, n -= 3;
	if (tagged_is_blank(s, n)) {
		if (p->in_record)
			return tagged_original(&p->t, s, n) < 0 ? -1 : 0;
		return 0;
	}
	if (parse_tag(s, n, name))
		return on_tag(p, s, n, name);
	if (!p->in_record)
		return 0;	/* noise outside records */
	if (tagged_is_space(*s))
		return on_continuation(p, s, n);
	/* an untagged line: keep it, as text going on */
	return on_continuation(p, s, n);
}

static int
reader_line(void *p, const char *s, size_t n)
{
	return on_line(p, s, n);
}

/* A bad line: skip to the end of its record, the next ER. */
static void
reader_skip(void *p)
{
	struct wos *m = p;

	if (!m->in_record)
		m->in_record = 1, m->field = -1;
}

static int
reader_end(void *p)
{
	struct wos *m = p;

	return m->in_record ? record_end(m) : 0;
}

static const struct tagged_reader wos_reader = {
	reader_line, reader_skip, reader_end,
	"no Web of Science records found (no \"PT \" or tag lines)",
};

int
wos_parse(struct input *in, struct record_sink *sink, struct sk_err *err)
{
	struct wos p;
	int r;

	memset(&p, 0, sizeof(p));
	tagged_init(&p.t, in, sink, err);
	buf_init(&p.val);
	p.field = -1;
	r = tagged_run(&p.t, &wos_reader, &p);
	buf_release(&p.val);
	parts_reset(&p);
	tagged_release(&p.t);
	return r;
}
