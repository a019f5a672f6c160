/*
 * CSV reader: a header row, then one record per row. Comma, semicolon or
 * tab separated (spreadsheets in some locales write ';'), as csv.c reads
 * them; lines come from the input module, so every encoding it decodes
 * works here too.
 *
 * Which column holds which field comes from the header: the table
 * csv_headers[] knows the columns of PubMed, Covidence, Rayyan, Cochrane
 * CENTRAL, EBSCO, Google Scholar, Scopus and Zotero exports and of the
 * ASReview, bib-dedupe and ASySD data sets; --map FIELD=Column names
 * others, or overrides them. When two columns give one field, the better
 * rank wins, and a column that is empty in a row gives way to the next.
 *
 * Rules from the corpus:
 * - Entirely empty rows are skipped; a row with fewer cells than the
 *   header has empty cells; more cells than the header is a bad row,
 *   unless the extra cells are empty (legacy PubMed ends every row with a
 *   comma).
 * - An unquoted NA is a missing value (R's write.csv writes them so, and
 *   quotes every string: ASySD); a quoted "NA" is text.
 * - Excel's ="0123" (EBSCO) is the value 0123.
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "input.h"
#include "tagged.h"
#include "xalloc.h"
#include "banned.h"

/* A header with more columns than this is not a bibliographic export. */
#define CSV_MAX_COLUMNS 4096

enum csv_field {
	CF_NONE = 0,
	CF_TYPE,
	CF_TITLE,
	CF_ABSTRACT,
	CF_AUTHORS,
	CF_JOURNAL,
	CF_ABBREV,
	CF_YEAR,
	CF_PUBDATE,
	CF_MONTH,
	CF_DAY,
	CF_VOLUME,
	CF_ISSUE,
	CF_PAGES,
	CF_START,
	CF_END,
	CF_ARTICLE_NO,
	CF_DOI,
	CF_PMID,
	CF_PMCID,
	CF_ISSN,
	CF_ISBN,
	CF_PUBLISHER,
	CF_URL,
	CF_KEYWORDS,
	CF_MESH,
	CF_LANGUAGES,
	CF_PUBTYPES,
	CF_ACCESSION,
	CF_DATABASE,
	CF_CITATION,
	CF_COUNT
};

/* The fields --map can name: scopekit's record fields. */
static const struct {
	const char *name;
	unsigned char field;
} csv_fields[] = {
	{ "type", CF_TYPE },		/* RIS code, or article, book, inproceedings... */
	{ "title", CF_TITLE },
	{ "abstract", CF_ABSTRACT },
	{ "authors", CF_AUTHORS },	/* a list: "A, B; C, D", "A B, C D", "A and B" */
	{ "journal", CF_JOURNAL },
	{ "journal_abbrev", CF_ABBREV },
	{ "year", CF_YEAR },
	{ "pubdate", CF_PUBDATE },
	{ "volume", CF_VOLUME },
	{ "issue", CF_ISSUE },
	{ "pages", CF_PAGES },
	{ "start_page", CF_START },	/* with end_page: pages "start-end" */
	{ "end_page", CF_END },
	{ "doi", CF_DOI },
	{ "pmid", CF_PMID },
	{ "pmcid", CF_PMCID },
	{ "issn", CF_ISSN },
	{ "isbn", CF_ISBN },		/* as RIS SN: kept when it is an ISSN */
	{ "publisher", CF_PUBLISHER },
	{ "url", CF_URL },
	{ "keywords", CF_KEYWORDS },	/* lists: ";" between items */
	{ "mesh", CF_MESH },
	{ "languages", CF_LANGUAGES },
	{ "pubtypes", CF_PUBTYPES },
	{ "accession", CF_ACCESSION },	/* the exporter's record id */
	{ "database", CF_DATABASE },
};

/*
 * Known column headers (compared without case). rank: the lower wins when
 * two columns give one field (--map entries have rank 0). with: the
 * column only means this when the header also has that column.
 */
static const struct {
	const char *name;
	unsigned char field;
	unsigned char rank;
	const char *with;
} csv_headers[] = {
	{ "title", CF_TITLE, 2, NULL },			/* most exporters and data sets */
	{ "article title", CF_TITLE, 2, NULL },		/* EBSCO */
	{ "authors", CF_AUTHORS, 2, NULL },		/* PubMed, Covidence, Rayyan, Google Scholar, Scopus, ASReview */
	{ "author", CF_AUTHORS, 2, NULL },		/* EBSCO, Zotero, bib-dedupe, ASySD */
	{ "author(s)", CF_AUTHORS, 2, NULL },		/* Cochrane CENTRAL */
	{ "author_full", CF_AUTHORS, 1, NULL },		/* bib-dedupe: full names beside folded ones */
	{ "description", CF_AUTHORS, 2, "entrezuid" },	/* legacy PubMed: the byline */
	{ "abstract", CF_ABSTRACT, 2, NULL },
	{ "abstract note", CF_ABSTRACT, 2, NULL },	/* Zotero */
	{ "journal", CF_JOURNAL, 2, NULL },		/* Covidence, Rayyan, data sets */
	{ "journal title", CF_JOURNAL, 2, NULL },	/* EBSCO */
	{ "publication", CF_JOURNAL, 2, NULL },		/* Google Scholar */
	{ "source title", CF_JOURNAL, 2, NULL },	/* Scopus */
	{ "publication title", CF_JOURNAL, 2, NULL },	/* Zotero */
	{ "source", CF_JOURNAL, 2, "central id" },	/* Cochrane CENTRAL */
	{ "booktitle", CF_JOURNAL, 3, NULL },		/* BibTeX: proceedings or book, without a journal */
	{ "container_title", CF_JOURNAL, 3, NULL },	/* bib-dedupe */
	{ "journal/book", CF_ABBREV, 2, NULL },		/* PubMed: the NLM abbreviation */
	{ "abbreviated source title", CF_ABBREV, 2, NULL },	/* Scopus */
	{ "journal abbreviation", CF_ABBREV, 2, NULL },	/* Zotero */
	{ "year", CF_YEAR, 2, NULL },
	{ "publication year", CF_YEAR, 2, NULL },	/* PubMed, Zotero */
	{ "published year", CF_YEAR, 2, NULL },		/* Covidence */
	{ "published month", CF_MONTH, 2, NULL },	/* Covidence */
	{ "month", CF_MONTH, 2, NULL },			/* Rayyan */
	{ "day", CF_DAY, 2, NULL },			/* Rayyan */
	{ "publication date", CF_PUBDATE, 2, NULL },	/* EBSCO: ="4/3/2024" */
	{ "date", CF_PUBDATE, 2, NULL },		/* Zotero */
	{ "volume", CF_VOLUME, 2, NULL },
	{ "issue", CF_ISSUE, 2, NULL },
	{ "number", CF_ISSUE, 3, NULL },		/* BibTeX, Google Scholar */
	{ "pages", CF_PAGES, 2, NULL },
	{ "first page", CF_START, 2, NULL },		/* EBSCO (with "Page Count": original only) */
	{ "page start", CF_START, 2, NULL },		/* Scopus */
	{ "page end", CF_END, 2, NULL },		/* Scopus */
	{ "art. no.", CF_ARTICLE_NO, 2, NULL },		/* Scopus: the pages of an article without page numbers */
	{ "doi", CF_DOI, 2, NULL },
	{ "pmid", CF_PMID, 2, NULL },			/* PubMed */
	{ "pubmed id", CF_PMID, 2, NULL },		/* Cochrane ("PUBMED 21314913"), Scopus */
	{ "pubmed_id", CF_PMID, 2, NULL },		/* Rayyan */
	{ "pubmedid", CF_PMID, 2, NULL },		/* ASReview data sets */
	{ "entrezuid", CF_PMID, 2, NULL },		/* legacy PubMed */
	{ "pmcid", CF_PMCID, 2, NULL },			/* PubMed */
	{ "pmc_id", CF_PMCID, 2, NULL },		/* Rayyan */
	{ "issn", CF_ISSN, 2, NULL },			/* EBSCO writes ="19326203" */
	{ "isbn", CF_ISBN, 3, NULL },			/* ASySD holds ISSNs here */
	{ "covidence #", CF_ACCESSION, 1, NULL },	/* Covidence's number wins over the database's */
	{ "accession number", CF_ACCESSION, 2, NULL },	/* EBSCO, Covidence */
	{ "central id", CF_ACCESSION, 2, NULL },	/* Cochrane CENTRAL "CN-00778158" */
	{ "key", CF_ACCESSION, 2, NULL },		/* Rayyan "rayyan-42924189", Zotero */
	{ "id", CF_ACCESSION, 2, NULL },		/* bib-dedupe: the benchmark's labels refer to it */
	{ "record_id", CF_ACCESSION, 2, NULL },		/* ASReview, ASySD */
	{ "eid", CF_ACCESSION, 2, NULL },		/* Scopus */
	{ "publisher", CF_PUBLISHER, 2, NULL },
	{ "url", CF_URL, 2, NULL },
	{ "link", CF_URL, 2, NULL },			/* Scopus */
	{ "plink", CF_URL, 2, NULL },			/* EBSCO */
	{ "keywords", CF_KEYWORDS, 2, NULL },
	{ "author keywords", CF_KEYWORDS, 2, NULL },	/* Scopus */
	{ "index keywords", CF_KEYWORDS, 2, NULL },	/* Scopus */
	{ "subjects", CF_KEYWORDS, 2, NULL },		/* EBSCO subject headings */
	{ "manual tags", CF_KEYWORDS, 2, NULL },	/* Zotero */
	{ "automatic tags", CF_KEYWORDS, 2, NULL },	/* Zotero */
	{ "mesh", CF_MESH, 2, NULL },
	{ "mesh terms", CF_MESH, 2, NULL },
	{ "language", CF_LANGUAGES, 2, NULL },		/* Rayyan, Zotero */
	{ "language of original document", CF_LANGUAGES, 2, NULL },	/* Scopus */
	{ "publication type", CF_PUBTYPES, 2, NULL },	/* Cochrane CENTRAL */
	{ "doctype", CF_PUBTYPES, 2, NULL },		/* EBSCO */
	{ "document type", CF_PUBTYPES, 2, NULL },	/* Scopus */
	{ "entrytype", CF_TYPE, 2, NULL },		/* BibTeX entry type (bib-dedupe) */
	{ "item type", CF_TYPE, 2, NULL },		/* Zotero */
	{ "database name", CF_DATABASE, 2, NULL },	/* Cochrane CENTRAL */
	{ "source", CF_DATABASE, 2, "eid" },		/* Scopus: "Scopus" */
	{ "db", CF_DATABASE, 2, "entrezuid" },		/* legacy PubMed: "pubmed" */
	{ "citation", CF_CITATION, 2, NULL },		/* PubMed: "J. 2020 Feb;63(2):103640. doi: ..." */
	{ "details", CF_CITATION, 2, "entrezuid" },	/* legacy PubMed, the same */
};

/* Entry types (BibTeX, Zotero) to RIS types; compared without case. */
static const struct {
	const char *name;
	const char *type;
} csv_types[] = {
	{ "article", "JOUR" },		/* BibTeX */
	{ "journalArticle", "JOUR" },	/* Zotero */
	{ "inproceedings", "CONF" },	/* BibTeX */
	{ "conference", "CONF" },	/* BibTeX, the old name */
	{ "proceedings", "CONF" },	/* BibTeX: a whole volume */
	{ "conferencePaper", "CONF" },	/* Zotero */
	{ "book", "BOOK" },
	{ "incollection", "CHAP" },	/* BibTeX */
	{ "inbook", "CHAP" },		/* BibTeX */
	{ "bookSection", "CHAP" },	/* Zotero */
	{ "phdthesis", "THES" },	/* BibTeX */
	{ "mastersthesis", "THES" },	/* BibTeX */
	{ "thesis", "THES" },		/* Zotero, biblatex */
	{ "techreport", "RPRT" },	/* BibTeX */
	{ "report", "RPRT" },		/* Zotero, biblatex */
	{ "unpublished", "UNPB" },	/* BibTeX */
	{ "online", "ELEC" },		/* biblatex */
	{ "webpage", "ELEC" },		/* Zotero */
	{ "patent", "PAT" },
	{ "dataset", "DATA" },
	{ "misc", "GEN" },		/* BibTeX */
};

/* Which column gives which field. */
struct csv_col {
	size_t col;
	unsigned char field;
	unsigned char rank;
	size_t seq;		/* order among equal ranks */
};

struct csvr {
	struct tagged t;
	const char *map;	/* --map, or NULL */
	struct csv csv;
	int started;		/* the separator is known */
	int have_header;
	int header_bad;		/* the header line could not be read */
	long header_line;
	char **headers;
	size_t nheaders;
	struct csv_col *cols;	/* by rank, then seq */
	size_t ncols;
	struct buf scratch;
	/* parts of the row put together at its end */
	const char *authors, *year, *month, *day, *start, *end, *article;
	const char *citation;
};

/* --- small helpers -------------------------------------------------------- */

static void
trim(const char **s, size_t *n)
{
	while (*n && (tagged_is_space(**s) || **s == '\n'))
		(*s)++, (*n)--;
	while (*n && (tagged_is_space((*s)[*n - 1]) || (*s)[*n - 1] == '\n'))
		(*n)--;
}

static int
is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* s[0..n) equals name, ignoring case and surrounding blanks. */
static int
same_name(const char *s, size_t n, const char *name)
{
	trim(&s, &n);
	return strlen(name) == n && !strncasecmp(s, name, n);
}

/* The list of --map field names, for messages. */
static void
list_fields(struct buf *b)
{
	for (size_t i = 0; i < sizeof(csv_fields) / sizeof(*csv_fields); i++) {
		if (i)
			buf_adds(b, ", ");
		buf_adds(b, csv_fields[i].name);
	}
}

/* --- --map ---------------------------------------------------------------- */

struct map_entry {
	int field;
	const char *name;	/* the field as written */
	size_t name_len;
	const char *column;
	size_t column_len;
};

/* Length of the field name at s: letters and '_'. */
static size_t
name_len(const char *s)
{
	size_t i = 0;

	while (is_lower((unsigned char)s[i]) || is_upper((unsigned char)s[i]) ||
	       s[i] == '_')
		i++;
	return i;
}

/* 1 if s starts a "field=" entry: blanks, a name, blanks, '='. */
static int
entry_start(const char *s)
{
	size_t k;

	while (*s == ' ')
		s++;
	k = name_len(s);
	s += k;
	while (*s == ' ')
		s++;
	return k && *s == '=';
}

/*
 * Read the entry at *s ("title=Article Title") into e and move *s past
 * it. A comma ends the column name only where another "field=" follows,
 * so "Journal, Book" can be a column.
 */
static int
map_entry(const char **s, struct map_entry *e, struct sk_err *err)
{
	const char *p = *s, *end;
	struct buf b = BUF_INIT;

	while (*p == ' ')
		p++;
	if (!entry_start(p)) {
		end = p + strcspn(p, ",");
		sk_fail(err, SK_E_USAGE, NULL, 0,
			"--map takes FIELD=COLUMN, not '%.*s' (e.g. --map "
			"'title=Article Title,year=Pub Year')",
			(int)(end - p), p);
		return -1;
	}
	e->name = p;
	e->name_len = name_len(p);
	e->column = strchr(p, '=') + 1;
	for (end = e->column; *end && !(*end == ',' && entry_start(end + 1));
	     end++)
		;
	e->column_len = (size_t)(end - e->column);
	*s = *end ? end + 1 : end;
	trim(&e->column, &e->column_len);
	e->field = -1;
	for (size_t i = 0; i < sizeof(csv_fields) / sizeof(*csv_fields); i++)
		if (same_name(e->name, e->name_len, csv_fields[i].name))
			e->field = csv_fields[i].field;
	if (e->field < 0) {
		list_fields(&b);
		sk_fail(err, SK_E_USAGE, NULL, 0,
			"--map: '%.*s' is not a field; the fields are %s",
			(int)e->name_len, e->name, b.data);
		buf_release(&b);
		return -1;
	}
	if (!e->column_len)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--map: '%.*s=' names no column",
			       (int)e->name_len, e->name);
	return 0;
}

int
csv_map_check(const char *map, struct sk_err *err)
{
	struct map_entry e;

	while (map && *map)
		if (map_entry(&map, &e, err) < 0)
			return -1;
	return 0;
}

/* --- the header ----------------------------------------------------------- */

static long
find_column(struct csvr *p, const char *name, size_t n)
{
	for (size_t i = 0; i < p->nheaders; i++)
		if (same_name(name, n, p->headers[i]))
			return (long)i;
	return -1;
}

static void
add_col(struct csvr *p, size_t col, int field, int rank, size_t seq)
{
	struct csv_col *c;

	p->cols = xrealloc(p->cols, (p->ncols + 1) * sizeof(*p->cols));
	c = &p->cols[p->ncols++];
	c->col = col;
	c->field = (unsigned char)field;
	c->rank = (unsigned char)rank;
	c->seq = seq;
}

/* The header's columns, for messages: "Title, Authors, Year". */
static void
list_columns(struct csvr *p, struct buf *b)
{
	for (size_t i = 0; i < p->nheaders && b->len < 300; i++)
		buf_addf(b, "%s'%s'", i ? ", " : "", p->headers[i]);
	if (b->len >= 300)
		buf_adds(b, "...");
}

static int
header_fail(struct csvr *p, const char *what, const char *name, size_t n)
{
	struct buf b = BUF_INIT;

	list_columns(p, &b);
	sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in), p->header_line,
		"%s '%.*s': the columns are %s", what, (int)n, name, b.data);
	buf_release(&b);
	return -1;
}

/* --map entries first; they take their columns and fields from the table. */
static int
map_columns(struct csvr *p, int *mapped, unsigned char *taken)
{
	const char *s = p->map;
	struct map_entry e;
	size_t seq = 0;
	long col;

	while (s && *s) {
		if (map_entry(&s, &e, p->t.err) < 0)
			return -1;
		col = find_column(p, e.column, e.column_len);
		if (col < 0)
			return header_fail(p, "--map: the header has no column",
					   e.column, e.column_len);
		add_col(p, (size_t)col, e.field, 0, seq++);
		mapped[e.field] = 1;
		taken[col] = 1;
	}
	return 0;
}

static int
has_column(struct csvr *p, const char *name)
{
	return !name || find_column(p, name, strlen(name)) >= 0;
}

static void
known_columns(struct csvr *p, const int *mapped, const unsigned char *taken)
{
	for (size_t col = 0; col < p->nheaders; col++) {
		if (taken[col])
			continue;
		for (size_t i = 0; i < sizeof(csv_headers) / sizeof(*csv_headers);
		     i++) {
			if (!same_name(p->headers[col], strlen(p->headers[col]),
				       csv_headers[i].name) ||
			    mapped[csv_headers[i].field] ||
			    !has_column(p, csv_headers[i].with))
				continue;
			add_col(p, col, csv_headers[i].field,
				csv_headers[i].rank, col);
			break;
		}
	}
}

static int
by_rank(const void *a, const void *b)
{
	const struct csv_col *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
has_field(struct csvr *p, int field)
{
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i].field == field)
			return 1;
	return 0;
}

static int
read_header(struct csvr *p)
{
	struct csv *c = &p->csv;
	int mapped[CF_COUNT] = { 0 };
	unsigned char *taken;
	int r = -1;

	p->header_line = c->line;
	if (c->too_long || c->extra)
		return sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in),
			       c->line, "the header row is too long to be a "
			       "CSV export's header");
	p->nheaders = c->n;
	p->headers = xcalloc(c->n, sizeof(*p->headers));
	for (size_t i = 0; i < c->n; i++) {
		const char *v = csv_value(c, i);
		size_t n = c->cells[i].len;

		trim(&v, &n);
		p->headers[i] = xstrndup(v, n);
	}
	taken = xcalloc(c->n, 1);
	if (map_columns(p, mapped, taken) < 0)
		goto done;
	known_columns(p, mapped, taken);
	if (p->ncols)
		qsort(p->cols, p->ncols, sizeof(*p->cols), by_rank);
	if (!p->map && !has_field(p, CF_TITLE)) {
		struct buf b = BUF_INIT;

		list_columns(p, &b);
		sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in), c->line,
			"no column of the header is a title column known to "
			"scopekit (the columns are %s): name it with --map "
			"title=COLUMN", b.data);
		buf_release(&b);
		goto done;
	}
	c->max_cells = p->nheaders;
	p->have_header = 1;
	tagged_drop(&p->t);	/* no record starts at the header */
	r = 0;
done:
	free(taken);
	return r;
}

/* --- field values --------------------------------------------------------- */

/* Add each ";"-separated item to a list ("a; b", "a;b"). */
static void
add_items(struct strlist *l, const char *s, size_t n)
{
	while (n) {
		size_t k = 0;

		while (k < n && s[k] != ';')
			k++;
		strlist_add(l, s, k);
		if (k == n)
			break;
		s += k + 1;
		n -= k + 1;
	}
}

static void
set_type(struct record *r, const char *s, size_t n)
{
	size_t upper = 0;

	for (size_t i = 0; i < sizeof(csv_types) / sizeof(*csv_types); i++) {
		if (same_name(s, n, csv_types[i].name)) {
			tagged_set_first(&r->type, csv_types[i].type,
					 strlen(csv_types[i].type));
			return;
		}
	}
	while (upper < n && is_upper((unsigned char)s[upper]))
		upper++;
	if (upper == n && n >= 3 && n <= 6)
		tagged_set_first(&r->type, s, n);	/* a RIS code already */
	else
		tagged_set_first(&r->type, "GEN", 3);
}

/* "31301691", "PUBMED 21314913" (Cochrane), "PMID:31301691" */
static void
set_pmid(struct record *r, const char *s, size_t n)
{
	if (n > 6 && !strncasecmp(s, "pubmed", 6))
		s += 6, n -= 6;
	else if (n > 4 && !strncasecmp(s, "pmid", 4))
		s += 4, n -= 4;
	while (n && (*s == ' ' || *s == ':' || *s == '-'))
		s++, n--;
	tagged_set_pmid(r, s, n);
}

/* "PMC7026692", or the digits alone */
static void
set_pmcid(struct record *r, const char *s, size_t n)
{
	char id[32];

	if (r->pmcid)
		return;
	if (n > 3 && !strncasecmp(s, "PMC", 3) && is_digit(s[3])) {
		record_set(&r->pmcid, s, n);
		memcpy(r->pmcid, "PMC", 3);
	} else if (tagged_all_digits(s, n) && n < sizeof(id) - 3) {
		memcpy(id, "PMC", 3);
		memcpy(id + 3, s, n);
		record_set(&r->pmcid, id, n + 3);
	}
}

/* The first link, up to a blank (Rayyan appends "     U2  - L123"). */
static void
set_url(struct record *r, const char *s, size_t n)
{
	size_t k = 0;

	if (r->url || !(!strncasecmp(s, "http://", 7) ||
			!strncasecmp(s, "https://", 8) ||
			!strncasecmp(s, "ftp://", 6)))
		return;
	while (k < n && !tagged_is_space(s[k]) && s[k] != '\n')
		k++;
	record_set(&r->url, s, k);
}

static void
keep_part(const char **part, const char *s)
{
	if (!*part)
		*part = s;
}

/* One non-empty cell value, trimmed and NUL-terminated, for a field. */
static void
commit(struct csvr *p, int field, const char *s, size_t n)
{
	struct record *r = &p->t.rec;

	switch ((enum csv_field)field) {
	case CF_TYPE: set_type(r, s, n); break;
	case CF_TITLE: tagged_set_first(&r->title, s, n); break;
	case CF_ABSTRACT: tagged_set_first(&r->abstract, s, n); break;
	case CF_AUTHORS: keep_part(&p->authors, s); break;
	case CF_JOURNAL: tagged_set_first(&r->journal, s, n); break;
	case CF_ABBREV: tagged_set_first(&r->journal_abbrev, s, n); break;
	case CF_YEAR: keep_part(&p->year, s); break;
	case CF_PUBDATE: tagged_set_first(&r->pubdate, s, n); break;
	case CF_MONTH: keep_part(&p->month, s); break;
	case CF_DAY: keep_part(&p->day, s); break;
	case CF_VOLUME: tagged_set_first(&r->volume, s, n); break;
	case CF_ISSUE: tagged_set_first(&r->issue, s, n); break;
	case CF_PAGES: tagged_set_first(&r->pages, s, n); break;
	case CF_START: keep_part(&p->start, s); break;
	case CF_END: keep_part(&p->end, s); break;
	case CF_ARTICLE_NO: keep_part(&p->article, s); break;
	case CF_DOI: tagged_set_doi(r, s, n); break;
	case CF_PMID: set_pmid(r, s, n); break;
	case CF_PMCID: set_pmcid(r, s, n); break;
	case CF_ISSN:
	case CF_ISBN: tagged_set_issn(&p->t, s, n, -1); break;
	case CF_PUBLISHER: tagged_set_first(&r->publisher, s, n); break;
	case CF_URL: set_url(r, s, n); break;
	case CF_KEYWORDS: add_items(&r->keywords, s, n); break;
	case CF_MESH: add_items(&r->mesh, s, n); break;
	case CF_LANGUAGES: add_items(&r->languages, s, n); break;
	case CF_PUBTYPES: add_items(&r->pubtypes, s, n); break;
	case CF_ACCESSION: tagged_set_first(&r->accession, s, n); break;
	case CF_DATABASE: tagged_set_first(&r->database, s, n); break;
	case CF_CITATION: keep_part(&p->citation, s); break;
	case CF_NONE:
	case CF_COUNT: break;
	}
}

/* --- authors -------------------------------------------------------------- */

static int
is_et_al(const char *s, size_t n)
{
	while (n && (s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	return n == 5 && !strncasecmp(s, "et al", 5);
}

/* One name; "{World Health Organization}" (BibTeX braces) is a group. */
static void
add_author(struct record *r, const char *s, size_t n)
{
	struct author *a;

	trim(&s, &n);
	while (n && s[n - 1] == ',')
		n--;
	if (!n || is_et_al(s, n))
		return;
	if (n > 2 && s[0] == '{' && s[n - 1] == '}') {
		a = record_add_author(r);
		record_set(&a->name, s + 1, n - 2);
		a->collective = 1;
		return;
	}
	tagged_author(r, s, n);
}

/* 1 if s[0..n) is "Family Initials" ("Griffin DK", "Smith J.") */
static int
family_initials(const char *s, size_t n)
{
	trim(&s, &n);
	return tagged_initials(s, n) > 0;
}

/*
 * "Griffin DK, Larkin DM, O'Connor RE." (PubMed), "Smith J., Jones K."
 * (Scopus): comma-separated "Family Initials", perhaps with "et al." or
 * a group name after the first. "Curry Rogers, Kristina A." is one name.
 */
static int
initials_list(const char *s, size_t n)
{
	size_t parts = 0;

	while (n) {
		const char *part = s;
		size_t k = 0, len;

		while (k < n && s[k] != ',')
			k++;
		len = k;
		trim(&part, &len);
		if (!family_initials(part, len) &&
		    (!parts || !(is_et_al(part, len) || memchr(part, ' ', len))))
			return 0;
		parts++;
		if (k == n)
			break;
		s += k + 1;
		n -= k + 1;
	}
	return parts >= 2;
}

/*
 * The full stop that ends PubMed's list ("..., Hamilton R."): the only
 * one in the text, after a capital. For one name ("Sereno PC.") it must
 * follow two capitals: "Adeli K." is a name with its initial's stop.
 */
static size_t
drop_full_stop(const char *s, size_t n, int one_name)
{
	if (n >= 3 && s[n - 1] == '.' && is_upper((unsigned char)s[n - 2]) &&
	    (!one_name || is_upper((unsigned char)s[n - 3])) &&
	    !memchr(s, '.', n - 1))
		return n - 1;
	return n;
}

/* Add the authors of s[0..n), split at sep (outside BibTeX braces). */
static void
split_at(struct record *r, const char *s, size_t n, const char *sep)
{
	size_t k = strlen(sep), start = 0;
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		depth += (s[i] == '{') - (s[i] == '}');
		if (depth > 0 || i + k > n || memcmp(s + i, sep, k))
			continue;
		add_author(r, s + start, i - start);
		start = i + k;
		i += k - 1;
	}
	add_author(r, s + start, n - start);
}

/*
 * ASySD glues names together: "Adeli K.Lewis G. F.Gan L. M.". A full stop
 * followed at once by a capital and a small letter (or a letter outside
 * ASCII) starts a new name; initials never look like that.
 */
static void
split_glued(struct record *r, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i + 2 < n; i++) {
		unsigned char a = (unsigned char)s[i + 1];
		unsigned char b = (unsigned char)s[i + 2];

		if (s[i] != '.' || !((is_upper(a) && (is_lower(b) || b == '\'')) ||
				     a >= 0xc0))
			continue;
		add_author(r, s + start, i + 1 - start);
		start = i + 1;
	}
	add_author(r, s + start, n - start);
}

/* A part of a ";" or " and " list that is itself "A B, C D". */
static void
split_part(struct record *r, const char *s, size_t n)
{
	if (memchr(s, ',', n) && initials_list(s, n))
		split_at(r, s, drop_full_stop(s, n, 0), ",");
	else
		add_author(r, s, n);
}

static void
split_list(struct record *r, const char *s, size_t n, const char *sep)
{
	size_t k = strlen(sep), start = 0;

	for (size_t i = 0; i + k <= n; i++) {
		if (memcmp(s + i, sep, k))
			continue;
		split_part(r, s + start, i - start);
		start = i + k;
		i += k - 1;
	}
	split_part(r, s + start, n - start);
}

static int
contains(const char *s, size_t n, const char *what)
{
	size_t k = strlen(what);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, what, k))
			return 1;
	return 0;
}

/*
 * The shapes of author lists in CSV exports: "A, B; C, D" (Covidence,
 * EBSCO, Cochrane, Google Scholar), "A, B and C, D" (BibTeX, Rayyan),
 * "A B, C D." (PubMed), "A B." (one PubMed author), "A B.C D." (ASySD).
 */
static void
split_authors(struct record *r, const char *s)
{
	size_t n = strlen(s);

	trim(&s, &n);
	if (memchr(s, ';', n))
		split_list(r, s, n, ";");
	else if (contains(s, n, " and "))
		split_at(r, s, n, " and ");
	else if (memchr(s, ',', n))
		split_part(r, s, n);
	else if (memchr(s, '.', n) && memchr(s, '.', n) != s + n - 1)
		split_glued(r, s, n);
	else
		add_author(r, s, drop_full_stop(s, n, 1));
}

/* --- PubMed's citation ---------------------------------------------------- */

/* "63(2):103640" after the date: volume, issue, pages. */
static void
citation_numbers(struct record *r, const char *s)
{
	size_t k = strcspn(s, "(:.;");

	tagged_set_first(&r->volume, s, k);
	s += k;
	if (*s == '(') {
		k = strcspn(s + 1, ")");
		if (s[1 + k] != ')')
			return;
		tagged_set_first(&r->issue, s + 1, k);
		s += k + 2;
	}
	if (*s == ':')
		tagged_set_first(&r->pages, s + 1, strcspn(s + 1, ". "));
}

/*
 * PubMed's "Citation" (and the legacy "Details"): "Eur J Med Genet. 2020
 * Feb;63(2):103640. doi: 10.1016/j.ejmg.2019.03.004. Epub 2019 Mar 25."
 * Gives what no column gave: abbreviation, date, volume, issue, pages,
 * DOI. Books ("In: Adam MP, ... editors. GeneReviews") give the DOI only.
 */
static void
apply_citation(struct record *r, const char *s)
{
	const char *dot = strstr(s, ". "), *doi = strstr(s, "doi: ");
	char date[64];
	size_t k;

	if (doi) {
		doi += 5;
		k = strcspn(doi, " ");
		if (k && doi[k - 1] == '.')
			k--;
		tagged_set_doi(r, doi, k);
	}
	if (!dot || !strncmp(s, "In: ", 4))
		return;
	tagged_set_first(&r->journal_abbrev, s, (size_t)(dot - s));
	s = dot + 2;
	k = strcspn(s, ";:.");
	if (k >= sizeof(date))
		return;
	memcpy(date, s, k);
	date[k] = '\0';
	if (!record_year_from(date))
		return;
	tagged_set_first(&r->pubdate, s, k);
	if (s[k] == ';')
		citation_numbers(r, s + k + 1);
	else if (s[k] == ':')
		tagged_set_first(&r->pages, s + k + 1, strcspn(s + k + 1, ". "));
}

/* --- finishing a record --------------------------------------------------- */

static int
has_digit(const char *s)
{
	for (; s && *s; s++)
		if (is_digit(*s))
			return 1;
	return 0;
}

/* First and last page into pages, as RIS SP/EP; else Scopus' article number. */
static void
finish_pages(struct csvr *p)
{
	struct record *r = &p->t.rec;

	if (r->pages)
		return;
	if (has_digit(p->start)) {
		record_set(&r->pages, p->start, strlen(p->start));
		if (!strchr(p->start, '-') && has_digit(p->end) &&
		    strcmp(r->pages, p->end))
			record_append(&r->pages, p->end, strlen(p->end), "-");
	} else if (p->article) {
		record_set(&r->pages, p->article, strlen(p->article));
	}
}

/* The date as given; else "2024 Mar 5" from year, month and day columns. */
static void
finish_date(struct csvr *p)
{
	struct record *r = &p->t.rec;
	const char *parts[] = { p->year, p->month, p->day };

	if (!r->pubdate)
		for (size_t i = 0; i < 3 && p->year; i++)
			if (parts[i])
				record_append(&r->pubdate, parts[i],
					      strlen(parts[i]), " ");
	r->year = record_year_from(p->year);
	if (!r->year)
		r->year = record_year_from(r->pubdate);
}

static void
parts_reset(struct csvr *p)
{
	p->authors = p->year = p->month = p->day = NULL;
	p->start = p->end = p->article = p->citation = NULL;
}

/* --- rows ----------------------------------------------------------------- */

/* The value of a cell, trimmed; n = 0 for an empty cell or a bare NA. */
static const char *
cell(struct csvr *p, size_t i, size_t *n)
{
	const struct csv *c = &p->csv;
	const char *v;

	*n = 0;
	if (i >= c->n)
		return "";
	v = csv_value(c, i);
	*n = c->cells[i].len;
	trim(&v, n);
	if (*n == 2 && !c->cells[i].quoted && !memcmp(v, "NA", 2))
		*n = 0;
	return v;
}

/*
 * The original text is the row as "Column: value" lines, one per cell
 * that is not empty: without its header a CSV row means nothing to a
 * reader of `scopekit show --original`, and every value can be found in
 * it again. A value's own line breaks are kept, its further lines
 * indented by two spaces so that they cannot pass for a column.
 */
static int
add_original(struct csvr *p, size_t i)
{
	const char *v = csv_value(&p->csv, i);
	size_t n = p->csv.cells[i].len, len;
	struct buf *b = &p->scratch;

	cell(p, i, &len);
	if (!len)
		return 0;
	buf_reset(b);
	buf_addf(b, "%s: ", p->headers[i][0] ? p->headers[i] : "(no name)");
	while (n && (tagged_is_space(v[n - 1]) || v[n - 1] == '\n'))
		n--;
	for (size_t k = 0; k < n; k++) {
		buf_addch(b, v[k]);
		if (v[k] == '\n')
			buf_adds(b, "  ");
	}
	return tagged_original(&p->t, b->data, b->len);
}

/*
 * A line break inside a cell is a space, except in an abstract, whose
 * paragraphs it may separate (titles broken over lines: Kitchenham).
 */
static void
fold_lines(struct csv *c, size_t i)
{
	char *v = c->text.data + c->cells[i].off;
	size_t n = c->cells[i].len, k = 0;

	if (!memchr(v, '\n', n))
		return;
	for (size_t j = 0; j < n; j++) {
		if (v[j] != '\n') {
			v[k++] = v[j];
			continue;
		}
		while (k && tagged_is_space(v[k - 1]))
			k--;
		while (j + 1 < n && (tagged_is_space(v[j + 1]) ||
				     v[j + 1] == '\n'))
			j++;
		v[k++] = ' ';
	}
	v[k] = '\0';
	c->cells[i].len = k;
}

static int
build_record(struct csvr *p)
{
	struct record *r = &p->t.rec;
	const char *v;
	size_t n;

	for (size_t i = 0; i < p->csv.n; i++) {
		int rc = add_original(p, i);

		if (rc < 0)
			return -1;
		if (rc) {
			tagged_drop(&p->t);	/* too long: reported */
			return 0;
		}
	}
	parts_reset(p);
	for (size_t i = 0; i < p->ncols; i++)
		if (p->cols[i].field != CF_ABSTRACT && p->cols[i].col < p->csv.n)
			fold_lines(&p->csv, p->cols[i].col);
	for (size_t i = 0; i < p->ncols; i++) {
		v = cell(p, p->cols[i].col, &n);
		if (n)
			commit(p, p->cols[i].field, v, n);
	}
	if (p->authors)
		split_authors(r, p->authors);
	if (p->citation)
		apply_citation(r, p->citation);
	finish_pages(p);
	finish_date(p);
	return tagged_emit(&p->t);
}

/* A cell value that ends before its NUL: parts are read with strlen. */
static void
end_values(struct csvr *p)
{
	struct csv *c = &p->csv;

	for (size_t i = 0; i < c->n; i++) {
		char *v = c->text.data + c->cells[i].off;
		size_t n = c->cells[i].len;

		while (n && (tagged_is_space(v[n - 1]) || v[n - 1] == '\n'))
			n--;
		v[n] = '\0';
		c->cells[i].len = n;
	}
}

static int
on_row(struct csvr *p)
{
	struct csv *c = &p->csv;

	if (p->t.skipping || csv_row_blank(c)) {
		tagged_drop(&p->t);
		return 0;
	}
	p->t.rec.line = c->line;
	if (c->too_long) {
		if (tagged_bad(&p->t, c->too_long, c->row_too_long ?
			       "the row is longer than 16 MiB" :
			       "a cell is longer than 1 MiB") < 0)
			return -1;
		tagged_drop(&p->t);
		return 0;
	}
	if (c->extra) {
		if (tagged_bad(&p->t, c->extra_line, "the row has %zu cells, "
			       "but the header has %zu columns", c->seen,
			       p->nheaders) < 0)
			return -1;
		tagged_drop(&p->t);
		return 0;
	}
	end_values(p);
	return build_record(p);
}

/* --- lines ---------------------------------------------------------------- */

/* The first line that is not blank: the separator, from it or "sep=;". */
static int
start(struct csvr *p, const char *s, size_t n)
{
	char sep;

	if (tagged_is_blank(s, n))
		return 1;	/* blank lines before the header */
	if (csv_sep_hint(s, n, &sep)) {
		csv_init(&p->csv, sep, RECORD_FIELD_MAX, RECORD_ORIGINAL_MAX,
			 CSV_MAX_COLUMNS);
		p->started = 1;
		return 1;
	}
	csv_init(&p->csv, csv_sniff_sep(s, n), RECORD_FIELD_MAX,
		 RECORD_ORIGINAL_MAX, CSV_MAX_COLUMNS);
	p->started = 1;
	return 0;
}

static int
reader_line(void *arg, const char *s, size_t n)
{
	struct csvr *p = arg;
	long line = input_line(p->t.in);

	if (p->header_bad)
		return sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in),
			       p->header_line, "the header row cannot be read");
	if (line == 1 && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		s += 3, n -= 3;	/* a byte-order mark the decoder left */
	if (!p->started && start(p, s, n))
		return 0;
	if (!csv_open_quote(&p->csv))
		p->t.rec.line = line;	/* a row starts: bad lines name it */
	if (!csv_feed(&p->csv, s, n, line))
		return 0;
	if (!p->have_header)
		return p->csv.n == 1 && !p->csv.cells[0].len ? 0 :
		       read_header(p);
	return on_row(p);
}

/* A line that could not be read: its row is dropped when it ends. */
static void
reader_skip(void *arg)
{
	struct csvr *p = arg;

	if (!p->have_header) {
		p->header_bad = 1;
		p->header_line = p->t.rec.line ? p->t.rec.line
					       : input_line(p->t.in);
	} else if (!p->started || !csv_open_quote(&p->csv)) {
		tagged_drop(&p->t);
	}
}

static int
reader_end(void *arg)
{
	struct csvr *p = arg;
	long line = p->csv.quote_line;

	if (p->header_bad)
		return sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in),
			       p->header_line, "the header row cannot be read");
	if (!p->started || !csv_open_quote(&p->csv))
		return 0;
	if (!p->have_header)
		return sk_fail(p->t.err, SK_E_INPUT, input_name(p->t.in), line,
			       "a quoted cell of the header starting here has "
			       "no closing quote");
	if (p->t.skipping)
		return 0;
	p->t.rec.line = p->csv.line;
	return tagged_bad(&p->t, line, "a quoted cell starting here has no "
			  "closing quote") < 0 ? -1 : 0;
}

static const struct tagged_reader csv_reader = {
	reader_line, reader_skip, reader_end,
	"no CSV records found: a header row, then one row per record",
};

int
csv_parse(struct input *in, const char *map, struct record_sink *sink,
	  struct sk_err *err)
{
	struct csvr p;
	int r;

	memset(&p, 0, sizeof(p));
	tagged_init(&p.t, in, sink, err);
	buf_init(&p.scratch);
	p.map = map && *map ? map : NULL;
	r = csv_map_check(p.map, err);
	if (r == 0)
		r = tagged_run(&p.t, &csv_reader, &p);
	if (p.started)
		csv_release(&p.csv);
	for (size_t i = 0; i < p.nheaders; i++)
		free(p.headers[i]);
	free(p.headers);
	free(p.cols);
	buf_release(&p.scratch);
	tagged_release(&p.t);
	return r;
}

/* --- detection ------------------------------------------------------------ */

static int
is_title_column(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(csv_headers) / sizeof(*csv_headers); i++)
		if (csv_headers[i].field == CF_TITLE &&
		    same_name(s, n, csv_headers[i].name))
			return 1;
	return 0;
}

/* The next line of text[0..n) from *pos that is not blank, without its end. */
static size_t
next_line(const char *text, size_t n, size_t *pos, const char **line)
{
	size_t b, k;

	do {
		b = k = *pos;
		while (k < n && text[k] != '\n' && text[k] != '\r')
			k++;
		*pos = k < n ? k + 1 : k;
	} while (k < n && tagged_is_blank(text + b, k - b));
	*line = text + b;
	return k - b;
}

int
csv_header_kind(const char *text, size_t n)
{
	struct csv c;
	const char *line;
	size_t pos = 0, len;
	char sep = 0;
	int kind = 0;

	len = next_line(text, n, &pos, &line);
	if (csv_sep_hint(line, len, &sep))
		len = next_line(text, n, &pos, &line);
	csv_init(&c, sep ? sep : csv_sniff_sep(line, len), RECORD_FIELD_MAX,
		 RECORD_ORIGINAL_MAX, CSV_MAX_COLUMNS);
	csv_feed(&c, line, len, 1);
	for (size_t i = 0; c.n >= 2 && i < c.n && kind < 2; i++)
		if (is_title_column(csv_value(&c, i), c.cells[i].len))
			kind = 2;
	if (!kind && c.seen >= 3)
		kind = 1;
	csv_release(&c);
	return kind;
}
