/*
 * import_endnote: EndNote XML libraries (EndNote's File > Export, "XML")
 * into records.
 *
 * The file is <xml><records><record>...</record>...</records></xml>, often
 * on one line; a record holds an element per field, and a field's text is
 * usually split into <style face=".." font=".." size="..">runs</style>
 * whose text is joined. One libxml2 SAX2 pass through xmlsax (shared with
 * PubMed XML: the same safety, the original text rebuilt from the events),
 * no tree, so memory does not grow with the library. A table of (element,
 * parent, grandparent) rules says which element holds which field.
 *
 * The fields are mapped as the RIS reader maps the tags EndNote writes
 * for them, so an XML and a RIS export of one library give the same
 * records:
 * - ref-type: its name attribute (else its number) to a RIS type code;
 *   a type not in the table is GEN.
 * - contributors/authors/author: the authors, "Family, Given" split;
 *   secondary (editors), tertiary... authors stay in the original text.
 * - titles/title the title; periodical/full-title, else
 *   titles/secondary-title (the journal, or the book of a section), the
 *   journal; periodical/abbr-1, else titles/alt-title, the abbreviation.
 * - dates/year gives the year, else the date does (unlike RIS, where a
 *   DA's year wins: Year is the field EndNote cites); the date is
 *   pub-dates/date when it holds a year ("2019/08/02"), else the year
 *   before it ("2019 Sep 18"), else the year.
 * - isbn: ISSN-looking values only, the one marked print first.
 * - electronic-resource-num: the DOI, without "https://doi.org/".
 * - accession-num and remote-database-name (else -provider): accession
 *   and database.
 * - keywords, language, work-type (publication types, RIS M3): one item a
 *   line; abstract: one paragraph a line.
 * - urls/related-urls (else web-urls): the first http, https or ftp URL.
 * - custom1-3: "PMC..." is the PMCID, "PUBMED 123" or "123 [PMID]" the
 *   PMID (EndNote's PubMed import and Cochrane CENTRAL write them there).
 * The PMID, conservatively, is else an accession number of at most nine
 * digits when the database or provider names PubMed, MEDLINE or NLM and
 * neither names Embase (whose record numbers have nine digits too); it is
 * then stored as the PMID, not also as the accession (as the RIS reader
 * does). Failing that, a PubMed address among the URLs gives it. Notes
 * are free text and never searched; Embase's custom5 is not read either.
 *
 * Every <record> is a record, so the count is the library's; a field
 * longer than RECORD_FIELD_MAX or a record longer than RECORD_ORIGINAL_MAX
 * makes it a bad record. Anything but <records> in <xml>, or <record> in
 * <records>, is not EndNote XML and is refused.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "record.h"
#include "tagged.h"
#include "xalloc.h"
#include "xmlsax.h"
#include "banned.h"

/* The elements the parser knows; everything else is EN_OTHER. */
enum en_el {
	EN_OTHER = 0,
	EN_ABBR_1,
	EN_ABSTRACT,
	EN_ACCESSION_NUM,
	EN_ALT_PERIODICAL,
	EN_ALT_TITLE,
	EN_AUTHOR,
	EN_AUTHORS,
	EN_CONTRIBUTORS,
	EN_CUSTOM1,
	EN_CUSTOM2,
	EN_CUSTOM3,
	EN_DATE,
	EN_DATES,
	EN_ELECTRONIC_RESOURCE_NUM,
	EN_FULL_TITLE,
	EN_ISBN,
	EN_KEYWORD,
	EN_KEYWORDS,
	EN_LANGUAGE,
	EN_NUMBER,
	EN_PAGES,
	EN_PERIODICAL,
	EN_PUB_DATES,
	EN_PUBLISHER,
	EN_RECORD,
	EN_RECORDS,
	EN_REF_TYPE,
	EN_RELATED_URLS,
	EN_REMOTE_DATABASE_NAME,
	EN_REMOTE_DATABASE_PROVIDER,
	EN_SECONDARY_TITLE,
	EN_STYLE,
	EN_TITLE,
	EN_TITLES,
	EN_URL,
	EN_URLS,
	EN_VOLUME,
	EN_WEB_URLS,
	EN_WORK_TYPE,
	EN_XML,
	EN_YEAR,
};

static const struct xmlsax_name en_names[] = {
	{ "abbr-1", EN_ABBR_1 },
	{ "abstract", EN_ABSTRACT },
	{ "accession-num", EN_ACCESSION_NUM },
	{ "alt-periodical", EN_ALT_PERIODICAL },
	{ "alt-title", EN_ALT_TITLE },
	{ "author", EN_AUTHOR },
	{ "authors", EN_AUTHORS },
	{ "contributors", EN_CONTRIBUTORS },
	{ "custom1", EN_CUSTOM1 },
	{ "custom2", EN_CUSTOM2 },
	{ "custom3", EN_CUSTOM3 },
	{ "date", EN_DATE },
	{ "dates", EN_DATES },
	{ "electronic-resource-num", EN_ELECTRONIC_RESOURCE_NUM },
	{ "full-title", EN_FULL_TITLE },
	{ "isbn", EN_ISBN },
	{ "keyword", EN_KEYWORD },
	{ "keywords", EN_KEYWORDS },
	{ "language", EN_LANGUAGE },
	{ "number", EN_NUMBER },
	{ "pages", EN_PAGES },
	{ "periodical", EN_PERIODICAL },
	{ "pub-dates", EN_PUB_DATES },
	{ "publisher", EN_PUBLISHER },
	{ "record", EN_RECORD },
	{ "records", EN_RECORDS },
	{ "ref-type", EN_REF_TYPE },
	{ "related-urls", EN_RELATED_URLS },
	{ "remote-database-name", EN_REMOTE_DATABASE_NAME },
	{ "remote-database-provider", EN_REMOTE_DATABASE_PROVIDER },
	{ "secondary-title", EN_SECONDARY_TITLE },
	{ "style", EN_STYLE },
	{ "title", EN_TITLE },
	{ "titles", EN_TITLES },
	{ "url", EN_URL },
	{ "urls", EN_URLS },
	{ "volume", EN_VOLUME },
	{ "web-urls", EN_WEB_URLS },
	{ "work-type", EN_WORK_TYPE },
	{ "xml", EN_XML },
	{ "year", EN_YEAR },
};

#define EN_NAMES (sizeof(en_names) / sizeof(en_names[0]))

/*
 * What an element holds. Those before ES_VALUES keep one value each in
 * en_parser.val (the first wins) until the record ends; the others go
 * into the record, or a list, as they come.
 */
enum en_slot {
	ES_NONE = 0,
	ES_TYPE,		/* ref-type's number; the name is an attribute */
	ES_TITLE,
	ES_PERIODICAL,		/* periodical/full-title */
	ES_SECONDARY,		/* titles/secondary-title */
	ES_ALT_PERIODICAL,	/* alt-periodical/full-title */
	ES_ABBR,		/* periodical/abbr-1 */
	ES_ALT_TITLE,		/* titles/alt-title */
	ES_ALT_ABBR,		/* alt-periodical/abbr-1 */
	ES_PAGES,
	ES_VOLUME,
	ES_ISSUE,
	ES_YEAR,
	ES_DATE,
	ES_ISBN,		/* kept as given: ISSNs are found in it */
	ES_ACCESSION,
	ES_DOI,
	ES_PUBLISHER,
	ES_DB_NAME,
	ES_DB_PROVIDER,
	ES_URL,			/* the first link of related-urls */
	ES_WEB_URL,		/* the first link of web-urls */
	ES_VALUES,
	ES_ABSTRACT = ES_VALUES,
	ES_AUTHOR,
	ES_KEYWORD,
	ES_LANGUAGE,
	ES_WORK_TYPE,
	ES_IDS,			/* custom fields that may hold a PMID, PMCID */
};

static const struct en_rule {
	unsigned char el;
	unsigned char parent;
	unsigned char grandparent;
	unsigned char slot;
} en_rules[] = {
	/* <ref-type name="Journal Article">17</ref-type> */
	{ EN_REF_TYPE, EN_RECORD, EN_RECORDS, ES_TYPE },
	/* authors; secondary-authors (editors) and others are not */
	{ EN_AUTHOR, EN_AUTHORS, EN_CONTRIBUTORS, ES_AUTHOR },
	{ EN_TITLE, EN_TITLES, EN_RECORD, ES_TITLE },
	/* the journal, or the book of a book section */
	{ EN_SECONDARY_TITLE, EN_TITLES, EN_RECORD, ES_SECONDARY },
	/* "Alternate Journal": an abbreviation (RIS J2) */
	{ EN_ALT_TITLE, EN_TITLES, EN_RECORD, ES_ALT_TITLE },
	{ EN_FULL_TITLE, EN_PERIODICAL, EN_RECORD, ES_PERIODICAL },
	{ EN_ABBR_1, EN_PERIODICAL, EN_RECORD, ES_ABBR },
	{ EN_FULL_TITLE, EN_ALT_PERIODICAL, EN_RECORD, ES_ALT_PERIODICAL },
	{ EN_ABBR_1, EN_ALT_PERIODICAL, EN_RECORD, ES_ALT_ABBR },
	{ EN_PAGES, EN_RECORD, EN_RECORDS, ES_PAGES },
	{ EN_VOLUME, EN_RECORD, EN_RECORDS, ES_VOLUME },
	/* the issue */
	{ EN_NUMBER, EN_RECORD, EN_RECORDS, ES_ISSUE },
	{ EN_YEAR, EN_DATES, EN_RECORD, ES_YEAR },
	/* "Sep 18", "2019/08/02" */
	{ EN_DATE, EN_PUB_DATES, EN_DATES, ES_DATE },
	/* ISSN or ISBN, several on lines: "0893-8512 (Print)" */
	{ EN_ISBN, EN_RECORD, EN_RECORDS, ES_ISBN },
	{ EN_ACCESSION_NUM, EN_RECORD, EN_RECORDS, ES_ACCESSION },
	/* the DOI, maybe as a URL */
	{ EN_ELECTRONIC_RESOURCE_NUM, EN_RECORD, EN_RECORDS, ES_DOI },
	{ EN_ABSTRACT, EN_RECORD, EN_RECORDS, ES_ABSTRACT },
	{ EN_PUBLISHER, EN_RECORD, EN_RECORDS, ES_PUBLISHER },
	{ EN_REMOTE_DATABASE_NAME, EN_RECORD, EN_RECORDS, ES_DB_NAME },
	{ EN_REMOTE_DATABASE_PROVIDER, EN_RECORD, EN_RECORDS, ES_DB_PROVIDER },
	{ EN_URL, EN_RELATED_URLS, EN_URLS, ES_URL },
	{ EN_URL, EN_WEB_URLS, EN_URLS, ES_WEB_URL },
	{ EN_KEYWORD, EN_KEYWORDS, EN_RECORD, ES_KEYWORD },
	{ EN_LANGUAGE, EN_RECORD, EN_RECORDS, ES_LANGUAGE },
	/* type of work: "Journal Article", "Conference Abstract" */
	{ EN_WORK_TYPE, EN_RECORD, EN_RECORDS, ES_WORK_TYPE },
	/* as RIS C1-C3: PMCID in custom2 (PubMed), "PUBMED 123" (Cochrane) */
	{ EN_CUSTOM1, EN_RECORD, EN_RECORDS, ES_IDS },
	{ EN_CUSTOM2, EN_RECORD, EN_RECORDS, ES_IDS },
	{ EN_CUSTOM3, EN_RECORD, EN_RECORDS, ES_IDS },
};

#define EN_RULES (sizeof(en_rules) / sizeof(en_rules[0]))

/* EndNote reference types: name, number, RIS code (as EndNote's RIS export). */
static const struct en_type {
	const char *name;
	int number;	/* 0: matched by name only */
	const char *ris;
} en_types[] = {
	{ "Journal Article", 17, "JOUR" },
	{ "Book", 6, "BOOK" },
	{ "Book Section", 5, "CHAP" },
	{ "Conference Proceedings", 10, "CONF" },
	{ "Conference Paper", 47, "CPAPER" },
	{ "Thesis", 32, "THES" },
	{ "Report", 27, "RPRT" },
	{ "Web Page", 12, "ELEC" },
	{ "Generic", 13, "GEN" },
	{ "Edited Book", 28, "EDBOOK" },
	{ "Electronic Article", 43, "EJOUR" },
	{ "Electronic Book", 44, "EBOOK" },
	{ "Electronic Book Section", 60, "ECHAP" },
	{ "Magazine Article", 19, "MGZN" },
	{ "Newspaper Article", 23, "NEWS" },
	{ "Unpublished Work", 34, "UNPB" },
	{ "Manuscript", 36, "MANSCPT" },
	{ "Government Document", 46, "GOVDOC" },
	{ "Serial", 57, "SER" },
	{ "Patent", 25, "PAT" },
	{ "Personal Communication", 26, "PCOMM" },
	{ "Dataset", 59, "DATA" },
	{ "Computer Program", 9, "COMP" },
	{ "Online Database", 45, "DBASE" },
	{ "Aggregated Database", 55, "AGGR" },
	{ "Online Multimedia", 48, "MULTI" },
	{ "Audiovisual Material", 3, "ADVS" },
	{ "Film or Broadcast", 21, "MPCT" },
	{ "Standard", 58, "STAND" },
	{ "Statute", 31, "STAT" },
	{ "Bill", 4, "BILL" },
	{ "Case", 7, "CASE" },
	{ "Hearing", 14, "HEAR" },
	{ "Legal Rule or Regulation", 50, "LEGAL" },
	{ "Grant", 54, "GRANT" },
	{ "Catalog", 8, "CTLG" },
	{ "Dictionary", 52, "DICT" },
	{ "Encyclopedia", 53, "ENCYC" },
	{ "Ancient Text", 51, "ANCIENT" },
	{ "Classical Work", 49, "CLSWK" },
	{ "Artwork", 2, "ART" },
	{ "Chart or Table", 38, "CHART" },
	{ "Equation", 39, "EQUA" },
	{ "Figure", 37, "FIGURE" },
	{ "Map", 20, "MAP" },
	{ "Music", 61, "MUSIC" },
	{ "Pamphlet", 24, "PAMP" },
	{ "Blog", 56, "BLOG" },
	{ "Interview", 0, "INTV" },	/* EndNote 20 types */
	{ "Podcast", 0, "POD" },
	{ "Press Release", 0, "PRESS" },
};

struct en_frame {
	unsigned char el;
	unsigned char slot;	/* what it captures, ES_NONE if nothing */
	const xmlChar *name;	/* interned by the parser */
	long line, col;		/* where it starts, for messages */
};

struct en_parser {
	struct xmlsax x;
	struct xmlsax_names names;
	struct en_frame stack[XMLSAX_DEPTH_MAX]; /* xmlsax refuses more */
	size_t depth;

	/* the record being read */
	int in_record;
	struct record rec;
	char *val[ES_VALUES];
	char *type_name;	/* ref-type's name attribute */
	char *url_pmid;		/* the PMID of the first PubMed URL */
	struct buf abstract;
	int rec_bad;
	long bad_line, bad_col;
	char bad_reason[256];

	/* the innermost element but <style>, and the length of its text */
	size_t field;		/* its depth, 0 if none */
	size_t field_len;

	/* text capture */
	size_t cap_depth;	/* depth of the capturing element, 0 if none */
	int cap_long;
	struct buf text;
	struct buf line;	/* one line of a value */
};

/* ---- reference types ---- */

static const char *
en_type_code(const char *name, const char *number)
{
	size_t n = sizeof(en_types) / sizeof(en_types[0]);
	long k;

	if (name)
		for (size_t i = 0; i < n; i++)
			if (!strcasecmp(name, en_types[i].name))
				return en_types[i].ris;
	if (number && tagged_all_digits(number, strlen(number)) &&
	    strlen(number) < 4) {
		k = strtol(number, NULL, 10);
		for (size_t i = 0; i < n; i++)
			if (en_types[i].number && en_types[i].number == k)
				return en_types[i].ris;
	}
	return "GEN";
}

/* ---- bad records ---- */

static void
en_mark_bad(struct en_parser *p, const struct en_frame *f)
{
	if (p->rec_bad)
		return;
	p->rec_bad = 1;
	p->bad_line = f->line;
	p->bad_col = f->col;
	snprintf(p->bad_reason, sizeof(p->bad_reason),
		 "<%s> is longer than %d bytes", (const char *)f->name,
		 RECORD_FIELD_MAX);
}

/* ---- values ---- */

static char *
en_move(struct en_parser *p, enum en_slot slot)
{
	char *s = p->val[slot];

	p->val[slot] = NULL;
	return s;
}

static char *
en_first(struct en_parser *p, enum en_slot a, enum en_slot b,
	 enum en_slot c)
{
	if (p->val[a])
		return en_move(p, a);
	if (p->val[b])
		return en_move(p, b);
	return c == ES_NONE ? NULL : en_move(p, c);
}

/*
 * The PMID in a PubMed address: pubmed.ncbi.nlm.nih.gov/123,
 * www.ncbi.nlm.nih.gov/pubmed/123, or the Entrez links of older EndNote
 * versions (query.fcgi?db=PubMed&list_uids=123). s is NUL-terminated.
 */
static void
en_url_pmid(struct en_parser *p, const char *s)
{
	static const struct {
		const char *mark;	/* the PMID follows it */
		const char *also;	/* and the address says this too */
	} forms[] = {
		{ "pubmed.ncbi.nlm.nih.gov/", "" },
		{ "ncbi.nlm.nih.gov/pubmed/", "" },
		{ "list_uids=", "db=pubmed" },	/* other databases use it too */
	};
	const char *at = NULL;
	size_t d = 0;

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]) && !at; i++)
		if ((at = tagged_find_nocase(s, forms[i].mark)) &&
		    (!*forms[i].also || tagged_find_nocase(s, forms[i].also)))
			at += strlen(forms[i].mark);
		else
			at = NULL;
	if (!at)
		return;
	while (at[d] >= '0' && at[d] <= '9')
		d++;
	if (d && d <= 9 && strchr("/?#&", at[d]))
		record_set(&p->url_pmid, at, d);
}

static void
en_url(struct en_parser *p, enum en_slot slot, const char *s, size_t n)
{
	if (!tagged_is_link(s, n))
		return;
	tagged_set_first(&p->val[slot], s, n);
	if (!p->url_pmid)
		en_url_pmid(p, s);
}

/* One line of a value that holds a line per item. s is NUL-terminated. */
static void
en_item(struct en_parser *p, enum en_slot slot, const char *s, size_t n)
{
	struct record *r = &p->rec;

	switch (slot) {
	case ES_ABSTRACT:
		if (p->abstract.len)
			buf_adds(&p->abstract, "\n\n");
		buf_add(&p->abstract, s, n);
		break;
	case ES_AUTHOR: tagged_author(r, s, n); break;
	case ES_KEYWORD: strlist_add(&r->keywords, s, n); break;
	case ES_LANGUAGE: strlist_add(&r->languages, s, n); break;
	case ES_WORK_TYPE: strlist_add(&r->pubtypes, s, n); break;
	case ES_IDS: tagged_set_ids(r, s, n); break;
	case ES_URL:
	case ES_WEB_URL: en_url(p, slot, s, n); break;
	default: break;
	}
}

/* Each line of s[0..n) (CR, LF or CRLF end one), white space collapsed. */
static void
en_lines(struct en_parser *p, enum en_slot slot, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && s[j] != '\r' && s[j] != '\n')
			j++;
		buf_reset(&p->line);
		buf_add(&p->line, s + i, j - i);
		xmlsax_collapse(&p->line);
		if (p->line.len)
			en_item(p, slot, p->line.data, p->line.len);
		i = j + 1;
	}
}

/* A capturing element ends: put its text where it belongs. */
static void
en_take(struct en_parser *p, const struct en_frame *f)
{
	enum en_slot slot = (enum en_slot)f->slot;
	struct buf *t = &p->text;

	if (slot >= ES_VALUES || slot == ES_URL || slot == ES_WEB_URL) {
		en_lines(p, slot, t->data, t->len);
		/* paragraph breaks take two bytes where the input had one */
		if (p->abstract.len > RECORD_FIELD_MAX)
			en_mark_bad(p, f);
		return;
	}
	if (p->val[slot])
		return;	/* a record holds one of each: the first wins */
	if (slot != ES_ISBN)
		xmlsax_collapse(t);
	record_set(&p->val[slot], t->data, t->len);
}

/* ---- the record ---- */

/* The date when it has a year, else the year and what the date says. */
static void
en_finish_date(struct en_parser *p)
{
	struct record *r = &p->rec;
	const char *date = p->val[ES_DATE], *year = p->val[ES_YEAR];
	int date_year = record_year_from(date);

	r->year = record_year_from(year);
	if (!r->year)
		r->year = date_year;
	if (date && !date_year && year && strlen(year) <= 8)
		r->pubdate = xasprintf("%s %s", year, date);
	else if (date && date_year)
		r->pubdate = en_move(p, ES_DATE);
	else
		r->pubdate = en_first(p, ES_YEAR, ES_DATE, ES_NONE);
}

/* The database or provider says PubMed, MEDLINE or NLM, and not Embase. */
static int
en_from_pubmed(const char *name, const char *provider)
{
	int says = (name && tagged_names_medline(name)) ||
		   (provider && tagged_names_medline(provider));
	int embase = (name && tagged_find_nocase(name, "embase")) ||
		     (provider && tagged_find_nocase(provider, "embase"));

	return says && !embase;
}

static void
en_finish_ids(struct en_parser *p)
{
	struct record *r = &p->rec;
	const char *an = p->val[ES_ACCESSION];
	char issn[10];

	if (p->val[ES_DOI])
		tagged_set_doi(r, p->val[ES_DOI], strlen(p->val[ES_DOI]));
	if (p->val[ES_ISBN] &&
	    tagged_issn(p->val[ES_ISBN], strlen(p->val[ES_ISBN]), issn))
		record_set(&r->issn, issn, 9);
	if (!r->pmid && an && strlen(an) <= 9 &&
	    tagged_all_digits(an, strlen(an)) &&
	    en_from_pubmed(p->val[ES_DB_NAME], p->val[ES_DB_PROVIDER]))
		r->pmid = en_move(p, ES_ACCESSION);
	if (!r->pmid && p->url_pmid) {
		r->pmid = p->url_pmid;
		p->url_pmid = NULL;
	}
	r->accession = en_move(p, ES_ACCESSION);
	r->database = en_first(p, ES_DB_NAME, ES_DB_PROVIDER, ES_NONE);
}

static void
en_finish(struct en_parser *p)
{
	struct record *r = &p->rec;

	r->type = xstrdup(en_type_code(p->type_name, p->val[ES_TYPE]));
	r->title = en_move(p, ES_TITLE);
	r->journal = en_first(p, ES_PERIODICAL, ES_SECONDARY,
			      ES_ALT_PERIODICAL);
	r->journal_abbrev = en_first(p, ES_ABBR, ES_ALT_TITLE, ES_ALT_ABBR);
	r->pages = en_move(p, ES_PAGES);
	r->volume = en_move(p, ES_VOLUME);
	r->issue = en_move(p, ES_ISSUE);
	r->publisher = en_move(p, ES_PUBLISHER);
	r->url = en_first(p, ES_URL, ES_WEB_URL, ES_NONE);
	record_set(&r->abstract, p->abstract.data, p->abstract.len);
	en_finish_date(p);
	en_finish_ids(p);
}

static void
en_record_clear(struct en_parser *p)
{
	record_reset(&p->rec);
	for (size_t i = 0; i < ES_VALUES; i++) {
		free(p->val[i]);
		p->val[i] = NULL;
	}
	free(p->type_name);
	free(p->url_pmid);
	p->type_name = p->url_pmid = NULL;
	buf_reset(&p->abstract);
	p->rec_bad = 0;
	p->bad_line = p->bad_col = 0;
	p->field = p->field_len = 0;
}

static void
en_record_start(struct en_parser *p)
{
	en_record_clear(p);
	p->in_record = 1;
	xmlsax_record_begin(&p->x, &p->rec.original, "record");
	p->rec.line = p->x.rec_line;
}

/* The record's end tag: hand it to the sink, or report it as bad. */
static void
en_record_end(struct en_parser *p)
{
	p->in_record = 0;
	if (!p->rec_bad && p->x.orig_long) {
		p->rec_bad = 1;
		snprintf(p->bad_reason, sizeof(p->bad_reason),
			 "record is longer than %d bytes",
			 RECORD_ORIGINAL_MAX);
	}
	if (p->rec_bad) {
		xmlsax_bad(&p->x, p->rec.line, p->bad_line, p->bad_col,
			   p->bad_reason);
	} else {
		en_finish(p);
		xmlsax_emit(&p->x, &p->rec);
	}
	xmlsax_record_end(&p->x);
	en_record_clear(p);
}

/* ---- parse events ---- */

/* <xml>, in it <records>, in that <record>s: else it is not EndNote XML. */
static void
en_check_place(struct en_parser *p, enum en_el el, const xmlChar *name)
{
	const char *s = (const char *)name;

	if (p->depth == 0 && el != EN_XML)
		xmlsax_fail(&p->x, XMLSAX_REFUSED,
			    "not EndNote XML: the root element is <%s>, not "
			    "<xml>", s);
	else if (p->depth == 1 && el != EN_RECORDS)
		xmlsax_fail(&p->x, XMLSAX_REFUSED,
			    "not EndNote XML: <xml> holds <%s>, not <records>",
			    s);
	else if (p->depth == 2 && el != EN_RECORD)
		xmlsax_fail(&p->x, XMLSAX_REFUSED,
			    "not EndNote XML: <records> holds <%s>, not "
			    "<record>", s);
}

static enum en_slot
en_rule_slot(const struct en_parser *p, enum en_el el)
{
	enum en_el parent = p->depth ? p->stack[p->depth - 1].el : EN_OTHER;
	enum en_el grand = p->depth > 1 ? p->stack[p->depth - 2].el : EN_OTHER;

	for (size_t i = 0; i < EN_RULES; i++)
		if (en_rules[i].el == el && en_rules[i].parent == parent &&
		    en_rules[i].grandparent == grand)
			return (enum en_slot)en_rules[i].slot;
	return ES_NONE;
}

/* Start capturing the text of a field element. */
static void
en_capture(struct en_parser *p, enum en_slot slot, int natt,
	   const xmlChar **attrs)
{
	p->cap_depth = p->depth;
	p->cap_long = 0;
	buf_reset(&p->text);
	if (slot == ES_TYPE && !p->type_name)
		p->type_name = xmlsax_attr_dup(attrs, natt, "name");
}

static void
en_start(void *owner, const xmlChar *name, const xmlChar *uri, int natt,
	 const xmlChar **attrs)
{
	struct en_parser *p = owner;
	enum en_el el = uri ? EN_OTHER :
			      (enum en_el)xmlsax_name_id(&p->names, name);
	enum en_slot slot = ES_NONE;
	struct en_frame *f;

	if (p->depth < 3) {
		en_check_place(p, el, name);
		if (p->x.stop)
			return;
		if (p->depth == 2)
			en_record_start(p);
	}
	if (p->in_record && !p->cap_depth)
		slot = en_rule_slot(p, el);
	f = &p->stack[p->depth++];
	f->el = (unsigned char)el;
	f->slot = (unsigned char)slot;
	f->name = name;
	f->line = xmlsax_line(&p->x);
	f->col = xmlsax_column(&p->x);
	if (p->in_record && el != EN_STYLE) {
		p->field = p->depth;
		p->field_len = 0;
	}
	if (slot != ES_NONE)
		en_capture(p, slot, natt, attrs);
}

/* The innermost open element but <style> holds the text from now on. */
static void
en_field_ends(struct en_parser *p)
{
	size_t d = p->depth;

	while (d && p->stack[d - 1].el == EN_STYLE)
		d--;
	p->field = d;
	p->field_len = 0;
}

static void
en_end(void *owner)
{
	struct en_parser *p = owner;
	const struct en_frame *f;

	if (!p->depth)
		return;
	f = &p->stack[--p->depth];
	if (p->cap_depth == p->depth + 1) {
		p->cap_depth = 0;
		if (!p->cap_long)
			en_take(p, f);
	}
	if (!p->in_record)
		return;
	if (f->el != EN_STYLE)
		en_field_ends(p);
	if (p->depth == 2)
		en_record_end(p);
}

static void
en_text(void *owner, const xmlChar *s, int n)
{
	struct en_parser *p = owner;

	if (!p->in_record)
		return;
	p->field_len += (size_t)n;
	if (p->field_len > RECORD_FIELD_MAX && p->field) {
		en_mark_bad(p, &p->stack[p->field - 1]);
		p->cap_long = 1;
	}
	if (!p->cap_depth || p->cap_long)
		return;
	if (p->text.len + (size_t)n > RECORD_FIELD_MAX) {
		/* inline markup other than <style> split the field */
		en_mark_bad(p, &p->stack[p->cap_depth - 1]);
		p->cap_long = 1;
		return;
	}
	buf_add(&p->text, s, (size_t)n);
}

static const struct xmlsax_handler en_handler = {
	en_start, en_end, en_text,
};

int
endnote_parse(struct input *in, struct record_sink *sink, struct sk_err *err)
{
	struct en_parser *p = xcalloc(1, sizeof(*p));
	int rc;

	record_init(&p->rec);
	buf_init(&p->abstract);
	buf_init(&p->text);
	buf_init(&p->line);
	xmlsax_names_init(&p->names, en_names, EN_NAMES);
	xmlsax_init(&p->x, in, sink, err, "EndNote XML", &en_handler, p);
	rc = xmlsax_run(&p->x);
	en_record_clear(p);
	record_release(&p->rec);
	buf_release(&p->abstract);
	buf_release(&p->text);
	buf_release(&p->line);
	free(p);
	return rc;
}
