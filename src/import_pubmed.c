/*
 * import_pubmed: PubMed XML (efetch answers, annual baseline and update
 * files, bare <PubmedArticle> fragments) into records.
 *
 * Design: one libxml2 SAX2 pass through xmlsax (which also keeps each
 * record's original text and refuses entity tricks), no tree. A small
 * state machine keeps a stack of element ids; a table of (element,
 * parent, grandparent) rules says which element holds which field, so a
 * PMID in CommentsCorrections or a DOI in a ReferenceList never reaches
 * the record.
 *
 * Conventions: MeSH headings as MEDLINE's MH field, "Descriptor/Qual"
 * with '*' before a major-topic descriptor or qualifier; a book with an
 * ArticleTitle is a chapter (CHAP), else a book (BOOK); its authors come from
 * the lists not typed "editors", the editors only when there are none. A
 * record with a title but no PMID is imported with pmid NULL; one with
 * neither is a bad record.
 *
 * Why SAX2 and not xmlTextReader + xmlTextReaderExpand: on a generated
 * 311 MB file of 29,268 corpus records (input_read, gzip layer and SHA-256
 * included, Release build, 2 shared cores), a bare SAX2 pass took 0.86 s
 * and a bare reader pass 2.9 s, before any tree was expanded, walked or
 * dumped. This parser, fields and original text included, took 1.2-1.35 s
 * with a peak RSS of 9 MB, the same for a file twice the record size:
 * memory does not grow with the file. The hot paths (escaping the
 * original, white-space normalisation) scan with memchr or loops the
 * compiler vectorises; element names are interned by libxml2, so they are
 * matched by pointer through a small cache.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "xalloc.h"
#include "xmlsax.h"
#include "banned.h"

#define PM_MATHML_NS "http://www.w3.org/1998/Math/MathML"
/* The elements the parser knows; everything else is EL_OTHER. */
enum pm_el {
	EL_OTHER = 0,
	EL_ANY,		/* in rules: any parent */
	EL_MATH,	/* any MathML element */
	EL_ABSTRACT,
	EL_ABSTRACT_TEXT,
	EL_AFFILIATION,
	EL_AFFILIATION_INFO,
	EL_ARTICLE,
	EL_ARTICLE_DATE,
	EL_ARTICLE_ID,
	EL_ARTICLE_ID_LIST,
	EL_ARTICLE_TITLE,
	EL_AUTHOR,
	EL_AUTHOR_LIST,
	EL_BOOK,
	EL_BOOK_DOCUMENT,
	EL_BOOK_TITLE,
	EL_COLLECTIVE_NAME,
	EL_DAY,
	EL_DELETE_CITATION,
	EL_DESCRIPTOR_NAME,
	EL_ELOCATION_ID,
	EL_END_PAGE,
	EL_FORE_NAME,
	EL_INITIALS,
	EL_ISO_ABBREVIATION,
	EL_ISSN,
	EL_ISSN_LINKING,
	EL_ISSUE,
	EL_JOURNAL,
	EL_JOURNAL_ISSUE,
	EL_KEYWORD,
	EL_KEYWORD_LIST,
	EL_LANGUAGE,
	EL_LAST_NAME,
	EL_MEDLINE_CITATION,
	EL_MEDLINE_DATE,
	EL_MEDLINE_JOURNAL_INFO,
	EL_MEDLINE_PGN,
	EL_MEDLINE_TA,
	EL_MESH_HEADING,
	EL_MESH_HEADING_LIST,
	EL_MONTH,
	EL_PAGINATION,
	EL_PMID,
	EL_PUB_DATE,
	EL_PUBLICATION_TYPE,
	EL_PUBLICATION_TYPE_LIST,
	EL_PUBLISHER,
	EL_PUBLISHER_NAME,
	EL_PUBMED_ARTICLE,
	EL_PUBMED_ARTICLE_SET,
	EL_PUBMED_BOOK_ARTICLE,
	EL_PUBMED_BOOK_ARTICLE_SET,
	EL_PUBMED_BOOK_DATA,
	EL_PUBMED_DATA,
	EL_QUALIFIER_NAME,
	EL_SEASON,
	EL_START_PAGE,
	EL_TITLE,
	EL_VERNACULAR_TITLE,
	EL_VOLUME,
	EL_YEAR,
	EL_COUNT
};

static const struct xmlsax_name pm_names[] = {
	{ "Abstract", EL_ABSTRACT },
	{ "AbstractText", EL_ABSTRACT_TEXT },
	{ "Affiliation", EL_AFFILIATION },
	{ "AffiliationInfo", EL_AFFILIATION_INFO },
	{ "Article", EL_ARTICLE },
	{ "ArticleDate", EL_ARTICLE_DATE },
	{ "ArticleId", EL_ARTICLE_ID },
	{ "ArticleIdList", EL_ARTICLE_ID_LIST },
	{ "ArticleTitle", EL_ARTICLE_TITLE },
	{ "Author", EL_AUTHOR },
	{ "AuthorList", EL_AUTHOR_LIST },
	{ "Book", EL_BOOK },
	{ "BookDocument", EL_BOOK_DOCUMENT },
	{ "BookTitle", EL_BOOK_TITLE },
	{ "CollectiveName", EL_COLLECTIVE_NAME },
	{ "Day", EL_DAY },
	{ "DeleteCitation", EL_DELETE_CITATION },
	{ "DescriptorName", EL_DESCRIPTOR_NAME },
	{ "ELocationID", EL_ELOCATION_ID },
	{ "EndPage", EL_END_PAGE },
	{ "ForeName", EL_FORE_NAME },
	{ "ISOAbbreviation", EL_ISO_ABBREVIATION },
	{ "ISSN", EL_ISSN },
	{ "ISSNLinking", EL_ISSN_LINKING },
	{ "Initials", EL_INITIALS },
	{ "Issue", EL_ISSUE },
	{ "Journal", EL_JOURNAL },
	{ "JournalIssue", EL_JOURNAL_ISSUE },
	{ "Keyword", EL_KEYWORD },
	{ "KeywordList", EL_KEYWORD_LIST },
	{ "Language", EL_LANGUAGE },
	{ "LastName", EL_LAST_NAME },
	{ "MedlineCitation", EL_MEDLINE_CITATION },
	{ "MedlineDate", EL_MEDLINE_DATE },
	{ "MedlineJournalInfo", EL_MEDLINE_JOURNAL_INFO },
	{ "MedlinePgn", EL_MEDLINE_PGN },
	{ "MedlineTA", EL_MEDLINE_TA },
	{ "MeshHeading", EL_MESH_HEADING },
	{ "MeshHeadingList", EL_MESH_HEADING_LIST },
	{ "Month", EL_MONTH },
	{ "PMID", EL_PMID },
	{ "Pagination", EL_PAGINATION },
	{ "PubDate", EL_PUB_DATE },
	{ "PublicationType", EL_PUBLICATION_TYPE },
	{ "PublicationTypeList", EL_PUBLICATION_TYPE_LIST },
	{ "Publisher", EL_PUBLISHER },
	{ "PublisherName", EL_PUBLISHER_NAME },
	{ "PubmedArticle", EL_PUBMED_ARTICLE },
	{ "PubmedArticleSet", EL_PUBMED_ARTICLE_SET },
	{ "PubmedBookArticle", EL_PUBMED_BOOK_ARTICLE },
	{ "PubmedBookArticleSet", EL_PUBMED_BOOK_ARTICLE_SET },
	{ "PubmedBookData", EL_PUBMED_BOOK_DATA },
	{ "PubmedData", EL_PUBMED_DATA },
	{ "QualifierName", EL_QUALIFIER_NAME },
	{ "Season", EL_SEASON },
	{ "StartPage", EL_START_PAGE },
	{ "Title", EL_TITLE },
	{ "VernacularTitle", EL_VERNACULAR_TITLE },
	{ "Volume", EL_VOLUME },
	{ "Year", EL_YEAR },
};

/*
 * What an element holds. The ones before S_TEXT are containers with work
 * at their start and end; the others capture their text (inline markup
 * flattened). Simple text slots keep their value in pm_parser.val until
 * the record ends, when the precedence rules pick among them.
 */
enum pm_slot {
	S_NONE = 0,
	S_AUTHOR_LIST,
	S_AUTHOR,
	S_MESH_HEADING,
	S_TEXT,
	S_PMID = S_TEXT,
	S_DELETED_PMID,
	S_TITLE,
	S_VERNACULAR,
	S_BOOK_TITLE,
	S_JOURNAL,
	S_ISO_ABBREV,
	S_MEDLINE_TA,
	S_ISSN,		/* refined by IssnType */
	S_ISSN_PRINT,
	S_ISSN_ELECTRONIC,
	S_ISSN_LINKING,
	S_VOLUME,
	S_ISSUE,
	S_PUB_YEAR,
	S_PUB_PART,	/* Month, Day, Season of PubDate */
	S_MEDLINE_DATE,
	S_ARTICLE_YEAR,
	S_MEDLINE_PGN,
	S_START_PAGE,
	S_END_PAGE,
	S_ELOCATION,	/* refined by EIdType */
	S_ELOCATION_DOI,
	S_ABSTRACT_TEXT,
	S_LAST_NAME,
	S_FORE_NAME,
	S_INITIALS,
	S_COLLECTIVE,
	S_AFFILIATION,
	S_LANGUAGE,
	S_PUBTYPE,
	S_DESCRIPTOR,
	S_QUALIFIER,
	S_KEYWORD,
	S_ARTICLE_ID,	/* refined by IdType */
	S_ID_DOI,
	S_ID_PMC,
	S_PUBLISHER,
	S_COUNT
};

static const struct pm_rule {
	enum pm_el el;
	enum pm_el parent;
	enum pm_el grandparent;
	enum pm_slot slot;
} pm_rules[] = {
	/* the record's own PMID, not CommentsCorrections' */
	{ EL_PMID, EL_MEDLINE_CITATION, EL_ANY, S_PMID },
	{ EL_PMID, EL_BOOK_DOCUMENT, EL_ANY, S_PMID },
	{ EL_PMID, EL_DELETE_CITATION, EL_ANY, S_DELETED_PMID },
	/* titles: article or chapter, its translation, the book */
	{ EL_ARTICLE_TITLE, EL_ARTICLE, EL_ANY, S_TITLE },
	{ EL_ARTICLE_TITLE, EL_BOOK_DOCUMENT, EL_ANY, S_TITLE },
	{ EL_VERNACULAR_TITLE, EL_ARTICLE, EL_ANY, S_VERNACULAR },
	{ EL_VERNACULAR_TITLE, EL_BOOK_DOCUMENT, EL_ANY, S_VERNACULAR },
	{ EL_BOOK_TITLE, EL_BOOK, EL_ANY, S_BOOK_TITLE },
	/* the journal */
	{ EL_TITLE, EL_JOURNAL, EL_ANY, S_JOURNAL },
	{ EL_ISO_ABBREVIATION, EL_JOURNAL, EL_ANY, S_ISO_ABBREV },
	{ EL_MEDLINE_TA, EL_MEDLINE_JOURNAL_INFO, EL_ANY, S_MEDLINE_TA },
	{ EL_ISSN, EL_JOURNAL, EL_ANY, S_ISSN },
	{ EL_ISSN_LINKING, EL_MEDLINE_JOURNAL_INFO, EL_ANY, S_ISSN_LINKING },
	{ EL_VOLUME, EL_JOURNAL_ISSUE, EL_ANY, S_VOLUME },
	{ EL_VOLUME, EL_BOOK, EL_ANY, S_VOLUME },
	{ EL_ISSUE, EL_JOURNAL_ISSUE, EL_ANY, S_ISSUE },
	/* the publication date of the issue or book, not History's */
	{ EL_YEAR, EL_PUB_DATE, EL_JOURNAL_ISSUE, S_PUB_YEAR },
	{ EL_YEAR, EL_PUB_DATE, EL_BOOK, S_PUB_YEAR },
	{ EL_MONTH, EL_PUB_DATE, EL_JOURNAL_ISSUE, S_PUB_PART },
	{ EL_MONTH, EL_PUB_DATE, EL_BOOK, S_PUB_PART },
	{ EL_DAY, EL_PUB_DATE, EL_JOURNAL_ISSUE, S_PUB_PART },
	{ EL_DAY, EL_PUB_DATE, EL_BOOK, S_PUB_PART },
	{ EL_SEASON, EL_PUB_DATE, EL_JOURNAL_ISSUE, S_PUB_PART },
	{ EL_SEASON, EL_PUB_DATE, EL_BOOK, S_PUB_PART },
	{ EL_MEDLINE_DATE, EL_PUB_DATE, EL_ANY, S_MEDLINE_DATE },
	{ EL_YEAR, EL_ARTICLE_DATE, EL_ARTICLE, S_ARTICLE_YEAR },
	/* pages */
	{ EL_MEDLINE_PGN, EL_PAGINATION, EL_ANY, S_MEDLINE_PGN },
	{ EL_START_PAGE, EL_PAGINATION, EL_ANY, S_START_PAGE },
	{ EL_END_PAGE, EL_PAGINATION, EL_ANY, S_END_PAGE },
	/* ids: the record's own lists, never a ReferenceList's */
	{ EL_ELOCATION_ID, EL_ARTICLE, EL_ANY, S_ELOCATION },
	{ EL_ELOCATION_ID, EL_BOOK_DOCUMENT, EL_ANY, S_ELOCATION },
	{ EL_ELOCATION_ID, EL_BOOK, EL_ANY, S_ELOCATION },
	{ EL_ARTICLE_ID, EL_ARTICLE_ID_LIST, EL_PUBMED_DATA, S_ARTICLE_ID },
	{ EL_ARTICLE_ID, EL_ARTICLE_ID_LIST, EL_PUBMED_BOOK_DATA,
	  S_ARTICLE_ID },
	{ EL_ARTICLE_ID, EL_ARTICLE_ID_LIST, EL_BOOK_DOCUMENT, S_ARTICLE_ID },
	/* the abstract, not OtherAbstract */
	{ EL_ABSTRACT_TEXT, EL_ABSTRACT, EL_ANY, S_ABSTRACT_TEXT },
	/* authors of the article, chapter or book; not investigators */
	{ EL_AUTHOR_LIST, EL_ARTICLE, EL_ANY, S_AUTHOR_LIST },
	{ EL_AUTHOR_LIST, EL_BOOK_DOCUMENT, EL_ANY, S_AUTHOR_LIST },
	{ EL_AUTHOR_LIST, EL_BOOK, EL_ANY, S_AUTHOR_LIST },
	{ EL_AUTHOR, EL_AUTHOR_LIST, EL_ANY, S_AUTHOR },
	{ EL_LAST_NAME, EL_AUTHOR, EL_ANY, S_LAST_NAME },
	{ EL_FORE_NAME, EL_AUTHOR, EL_ANY, S_FORE_NAME },
	{ EL_INITIALS, EL_AUTHOR, EL_ANY, S_INITIALS },
	{ EL_COLLECTIVE_NAME, EL_AUTHOR, EL_ANY, S_COLLECTIVE },
	{ EL_AFFILIATION, EL_AFFILIATION_INFO, EL_AUTHOR, S_AFFILIATION },
	/* lists */
	{ EL_LANGUAGE, EL_ARTICLE, EL_ANY, S_LANGUAGE },
	{ EL_LANGUAGE, EL_BOOK_DOCUMENT, EL_ANY, S_LANGUAGE },
	{ EL_PUBLICATION_TYPE, EL_PUBLICATION_TYPE_LIST, EL_ANY, S_PUBTYPE },
	{ EL_PUBLICATION_TYPE, EL_BOOK_DOCUMENT, EL_ANY, S_PUBTYPE },
	{ EL_MESH_HEADING, EL_MESH_HEADING_LIST, EL_ANY, S_MESH_HEADING },
	{ EL_DESCRIPTOR_NAME, EL_MESH_HEADING, EL_ANY, S_DESCRIPTOR },
	{ EL_QUALIFIER_NAME, EL_MESH_HEADING, EL_ANY, S_QUALIFIER },
	{ EL_KEYWORD, EL_KEYWORD_LIST, EL_ANY, S_KEYWORD },
	{ EL_PUBLISHER_NAME, EL_PUBLISHER, EL_ANY, S_PUBLISHER },
};

#define PM_RULES (sizeof(pm_rules) / sizeof(pm_rules[0]))
#define PM_NAMES (sizeof(pm_names) / sizeof(pm_names[0]))

struct pm_frame {
	enum pm_el el;
	enum pm_slot slot;
	int flag;	/* MajorTopicYN="Y", or an Author with ValidYN="N" */
};

struct pm_parser {
	struct xmlsax x;

	/* element stack: xmlsax refuses deeper nesting */
	struct pm_frame stack[XMLSAX_DEPTH_MAX];
	size_t depth;
	enum pm_el root;
	struct xmlsax_names names;
	unsigned char rule_first[EL_COUNT];	/* rules of each element */
	unsigned char rule_n[EL_COUNT];
	unsigned char rule_order[PM_RULES];

	/* the record being read */
	int in_record;
	size_t rec_depth;
	enum pm_el rec_el;
	long rec_line;
	int rec_bad;
	char bad_reason[256];
	long bad_line, bad_col;	/* where the bad value begins, 0 if nowhere */
	struct record rec;
	struct record editors;	/* a book's editors, used when no authors */
	int editors_list;	/* the open AuthorList is Type="editors" */
	char *val[S_COUNT];
	struct buf pubdate;
	struct buf abstract;
	struct buf mesh;
	char *label;

	/* the author being read */
	char *a_last, *a_fore, *a_init, *a_coll;
	struct buf a_aff;

	/* text capture */
	size_t cap_depth;	/* depth of the capturing element, 0 if none */
	int cap_long;
	long cap_line, cap_col;	/* where the capturing element starts */
	size_t math_depth;
	struct buf text;
};

static enum pm_el
pm_element(struct pm_parser *p, const xmlChar *name, const xmlChar *uri)
{
	if (uri)
		return strcmp((const char *)uri, PM_MATHML_NS) == 0 ?
			       EL_MATH : EL_OTHER;
	return (enum pm_el)xmlsax_name_id(&p->names, name);
}

/* Index pm_rules by element, keeping their order within an element. */
static void
pm_index_rules(struct pm_parser *p)
{
	size_t at = 0;

	for (int el = 0; el < EL_COUNT; el++) {
		p->rule_first[el] = (unsigned char)at;
		for (size_t i = 0; i < PM_RULES; i++)
			if (pm_rules[i].el == (enum pm_el)el)
				p->rule_order[at++] = (unsigned char)i;
		p->rule_n[el] = (unsigned char)(at - p->rule_first[el]);
	}
}

static enum pm_el
pm_up(const struct pm_parser *p, size_t n)
{
	return p->depth > n ? p->stack[p->depth - 1 - n].el : EL_OTHER;
}

static enum pm_slot
pm_rule_slot(const struct pm_parser *p, enum pm_el el)
{
	enum pm_el parent = pm_up(p, 0), grand = pm_up(p, 1);

	for (size_t i = 0; i < p->rule_n[el]; i++) {
		const struct pm_rule *r =
			&pm_rules[p->rule_order[p->rule_first[el] + i]];

		if (r->parent == parent &&
		    (r->grandparent == EL_ANY || r->grandparent == grand))
			return r->slot;
	}
	return S_NONE;
}

static long
pm_line(const struct pm_parser *p)
{
	return xmlsax_line(&p->x);
}

static void
pm_mark_bad(struct pm_parser *p, const char *what)
{
	if (p->rec_bad)
		return;
	p->rec_bad = 1;
	p->bad_line = p->cap_line;
	p->bad_col = p->cap_col;
	snprintf(p->bad_reason, sizeof(p->bad_reason),
		 "%s is longer than %d bytes", what, RECORD_FIELD_MAX);
}

/* Append to a joined value (abstract, affiliations), within the limit. */
static void
pm_join(struct pm_parser *p, struct buf *b, const char *sep,
	const char *s, size_t n, const char *what)
{
	if (!n)
		return;
	if (b->len + strlen(sep) + n > RECORD_FIELD_MAX) {
		pm_mark_bad(p, what);
		return;
	}
	if (b->len)
		buf_adds(b, sep);
	buf_add(b, s, n);
}

static void
pm_take_mesh(struct pm_parser *p, enum pm_slot slot, int major,
	     const char *s, size_t n)
{
	if (slot == S_DESCRIPTOR) {
		buf_reset(&p->mesh);
		if (major)
			buf_addch(&p->mesh, '*');
	} else {
		buf_addch(&p->mesh, '/');
		if (major)
			buf_addch(&p->mesh, '*');
	}
	buf_add(&p->mesh, s, n);
}

static void
pm_take_abstract(struct pm_parser *p, const char *s, size_t n)
{
	struct buf section = BUF_INIT;

	if (!n)
		return;
	if (p->label && *p->label)
		buf_addf(&section, "%s: ", p->label);
	buf_add(&section, s, n);
	pm_join(p, &p->abstract, "\n\n", section.data, section.len,
		"the abstract");
	buf_release(&section);
}

static void
pm_take_deleted(struct pm_parser *p, const char *s, size_t n)
{
	char *pmid;

	if (!n || !p->x.sink->deleted)
		return;
	pmid = xstrndup(s, n);
	p->x.sink->deleted(p->x.sink->ctx, pmid);
	free(pmid);
}

/* An element that captured text ends: put the text where it belongs. */
static void
pm_take(struct pm_parser *p, const struct pm_frame *f)
{
	const char *s;
	size_t n;

	xmlsax_collapse(&p->text);
	s = p->text.data;
	n = p->text.len;
	switch (f->slot) {
	case S_DELETED_PMID: pm_take_deleted(p, s, n); break;
	case S_PUB_YEAR:
		record_set(&p->val[S_PUB_YEAR], s, n);
		pm_join(p, &p->pubdate, " ", s, n, "PubDate");
		break;
	case S_PUB_PART: pm_join(p, &p->pubdate, " ", s, n, "PubDate"); break;
	case S_ABSTRACT_TEXT: pm_take_abstract(p, s, n); break;
	case S_LAST_NAME: record_set(&p->a_last, s, n); break;
	case S_FORE_NAME: record_set(&p->a_fore, s, n); break;
	case S_INITIALS: record_set(&p->a_init, s, n); break;
	case S_COLLECTIVE: record_set(&p->a_coll, s, n); break;
	case S_AFFILIATION:
		pm_join(p, &p->a_aff, "; ", s, n, "an affiliation list");
		break;
	case S_LANGUAGE: strlist_add(&p->rec.languages, s, n); break;
	case S_PUBTYPE: strlist_add(&p->rec.pubtypes, s, n); break;
	case S_KEYWORD: strlist_add(&p->rec.keywords, s, n); break;
	case S_DESCRIPTOR:
	case S_QUALIFIER: pm_take_mesh(p, f->slot, f->flag, s, n); break;
	default:
		/* the first value wins, as a record holds one of each */
		if (!p->val[f->slot])
			record_set(&p->val[f->slot], s, n);
		break;
	}
}

/* ---- authors ---- */

static void
pm_author_clear(struct pm_parser *p)
{
	free(p->a_last);
	free(p->a_fore);
	free(p->a_init);
	free(p->a_coll);
	p->a_last = p->a_fore = p->a_init = p->a_coll = NULL;
	buf_reset(&p->a_aff);
}

static void
pm_author_end(struct pm_parser *p, int invalid)
{
	struct author *a;
	const char *given = p->a_fore ? p->a_fore : p->a_init;

	if (invalid || (!p->a_last && !p->a_coll && !given))
		goto done;
	a = record_add_author(p->editors_list ? &p->editors : &p->rec);
	if (p->a_coll && !p->a_last) {
		a->collective = 1;
		a->name = xstrdup(p->a_coll);
	} else if (p->a_last) {
		a->family = xstrdup(p->a_last);
		a->given = given ? xstrdup(given) : NULL;
		a->name = given ? xasprintf("%s, %s", p->a_last, given) :
				  xstrdup(p->a_last);
	} else {
		a->name = xstrdup(given);
		a->given = xstrdup(given);
	}
	if (p->a_aff.len)
		a->affiliation = xstrdup(p->a_aff.data);
done:
	pm_author_clear(p);
}

/* ---- records ---- */

static void
pm_record_clear(struct pm_parser *p)
{
	record_reset(&p->rec);
	record_reset(&p->editors);
	for (size_t i = 0; i < S_COUNT; i++) {
		free(p->val[i]);
		p->val[i] = NULL;
	}
	free(p->label);
	p->label = NULL;
	buf_reset(&p->pubdate);
	buf_reset(&p->abstract);
	buf_reset(&p->mesh);
	pm_author_clear(p);
	p->rec_bad = 0;
	p->bad_line = p->bad_col = 0;
	p->editors_list = 0;
}

static const char *
pm_el_name(enum pm_el el)
{
	for (size_t i = 0; i < PM_NAMES; i++)
		if (pm_names[i].id == (int)el)
			return pm_names[i].name;
	return "element";
}

static void
pm_record_start(struct pm_parser *p, enum pm_el el)
{
	pm_record_clear(p);
	p->in_record = 1;
	p->rec_el = el;
	p->rec_depth = p->depth;
	xmlsax_record_begin(&p->x, &p->rec.original, pm_el_name(el));
	p->rec_line = p->x.rec_line;
	p->rec.line = p->rec_line;
}

/* Move a value out of the scratch slots into the record. */
static char *
pm_move(struct pm_parser *p, enum pm_slot slot)
{
	char *s = p->val[slot];

	p->val[slot] = NULL;
	return s;
}

static char *
pm_first(struct pm_parser *p, enum pm_slot a, enum pm_slot b,
	 enum pm_slot c)
{
	if (p->val[a])
		return pm_move(p, a);
	if (p->val[b])
		return pm_move(p, b);
	return c == S_NONE ? NULL : pm_move(p, c);
}

static void
pm_finish_title(struct pm_parser *p)
{
	struct record *r = &p->rec;

	if (p->rec_el == EL_PUBMED_BOOK_ARTICLE) {
		r->type = xstrdup(p->val[S_TITLE] ? "CHAP" : "BOOK");
		r->journal = p->val[S_BOOK_TITLE] ?
				     xstrdup(p->val[S_BOOK_TITLE]) : NULL;
		r->title = pm_first(p, S_TITLE, S_BOOK_TITLE, S_VERNACULAR);
	} else {
		r->type = xstrdup("JOUR");
		r->journal = pm_move(p, S_JOURNAL);
		r->title = pm_first(p, S_TITLE, S_VERNACULAR, S_NONE);
	}
}

static void
pm_finish_pages(struct pm_parser *p)
{
	struct record *r = &p->rec;

	if (p->val[S_MEDLINE_PGN])
		r->pages = pm_move(p, S_MEDLINE_PGN);
	else if (p->val[S_START_PAGE] && p->val[S_END_PAGE])
		r->pages = xasprintf("%s-%s", p->val[S_START_PAGE],
				     p->val[S_END_PAGE]);
	else
		r->pages = pm_move(p, S_START_PAGE);
}

static void
pm_finish_date(struct pm_parser *p)
{
	struct record *r = &p->rec;

	if (p->val[S_MEDLINE_DATE])
		r->pubdate = xstrdup(p->val[S_MEDLINE_DATE]);
	else
		record_set(&r->pubdate, p->pubdate.data, p->pubdate.len);
	r->year = record_year_from(p->val[S_PUB_YEAR]);
	if (!r->year)
		r->year = record_year_from(p->val[S_MEDLINE_DATE]);
	if (!r->year)
		r->year = record_year_from(p->val[S_ARTICLE_YEAR]);
}

/* Authors first; a book's editors stand in when it names no authors. */
static void
pm_finish_authors(struct pm_parser *p)
{
	struct record *r = &p->rec, *e = &p->editors;

	if (r->n_authors || !e->n_authors)
		return;
	r->authors = e->authors;
	r->n_authors = e->n_authors;
	r->cap_authors = e->cap_authors;
	e->authors = NULL;
	e->n_authors = e->cap_authors = 0;
}

static void
pm_finish(struct pm_parser *p)
{
	struct record *r = &p->rec;

	pm_finish_title(p);
	pm_finish_pages(p);
	pm_finish_date(p);
	pm_finish_authors(p);
	r->pmid = pm_move(p, S_PMID);
	r->doi = pm_first(p, S_ID_DOI, S_ELOCATION_DOI, S_NONE);
	r->pmcid = pm_move(p, S_ID_PMC);
	r->journal_abbrev = pm_first(p, S_ISO_ABBREV, S_MEDLINE_TA, S_NONE);
	r->issn = pm_first(p, S_ISSN_PRINT, S_ISSN_ELECTRONIC, S_ISSN_LINKING);
	r->volume = pm_move(p, S_VOLUME);
	r->issue = pm_move(p, S_ISSUE);
	r->publisher = pm_move(p, S_PUBLISHER);
	record_set(&r->abstract, p->abstract.data, p->abstract.len);
	r->database = xstrdup("PubMed");
}

/* A record's end tag: hand it to the sink, or report it as bad. */
static void
pm_record_end(struct pm_parser *p)
{
	p->in_record = 0;
	if (!p->rec_bad && p->x.orig_long) {
		p->rec_bad = 1;
		snprintf(p->bad_reason, sizeof(p->bad_reason),
			 "record is longer than %d bytes",
			 RECORD_ORIGINAL_MAX);
	}
	pm_finish(p);
	if (!p->rec_bad && !p->rec.pmid && !p->rec.title) {
		p->rec_bad = 1;
		snprintf(p->bad_reason, sizeof(p->bad_reason),
			 "%s has neither a PMID nor a title",
			 pm_el_name(p->rec_el));
	}
	if (p->rec_bad)
		xmlsax_bad(&p->x, p->rec_line, p->bad_line, p->bad_col,
			   p->bad_reason);
	else
		xmlsax_emit(&p->x, &p->rec);
	xmlsax_record_end(&p->x);
	pm_record_clear(p);
}

/* ---- parse events ---- */

/* The root says whether this is PubMed XML at all. */
static void
pm_root(struct pm_parser *p, const xmlChar *name, enum pm_el el)
{
	const char *s = (const char *)name;

	p->root = el;
	if (el == EL_PUBMED_ARTICLE_SET || el == EL_PUBMED_BOOK_ARTICLE_SET ||
	    el == EL_PUBMED_ARTICLE || el == EL_PUBMED_BOOK_ARTICLE)
		return;
	if ((s[0] == 'e' && s[1] >= 'A' && s[1] <= 'Z') ||
	    strcmp(s, "ERROR") == 0)
		xmlsax_fail(&p->x, XMLSAX_REFUSED,
			    "no PubMed articles: this is an E-utilities %s "
			    "response", s);
	else
		xmlsax_fail(&p->x, XMLSAX_REFUSED,
			    "not PubMed XML: the root element is <%s>, not "
			    "<PubmedArticleSet>", s);
}

static int
pm_is_record(const struct pm_parser *p, enum pm_el el)
{
	if (el != EL_PUBMED_ARTICLE && el != EL_PUBMED_BOOK_ARTICLE)
		return 0;
	return p->depth == 0 || (p->depth == 1 &&
				 (p->root == EL_PUBMED_ARTICLE_SET ||
				  p->root == EL_PUBMED_BOOK_ARTICLE_SET));
}

/* Refine a slot by the element's attributes. */
static enum pm_slot
pm_slot_attrs(struct pm_parser *p, enum pm_slot slot, const xmlChar **attrs,
	      int natt, int *flag)
{
	switch (slot) {
	case S_ISSN:
		return xmlsax_attr_is(attrs, natt, "IssnType", "Electronic") ?
			       S_ISSN_ELECTRONIC : S_ISSN_PRINT;
	case S_ELOCATION:
		return xmlsax_attr_is(attrs, natt, "EIdType", "doi") &&
			       !xmlsax_attr_is(attrs, natt, "ValidYN", "N") ?
			       S_ELOCATION_DOI : S_NONE;
	case S_ARTICLE_ID:
		if (xmlsax_attr_is(attrs, natt, "IdType", "doi"))
			return S_ID_DOI;
		return xmlsax_attr_is(attrs, natt, "IdType", "pmc") ? S_ID_PMC :
								  S_NONE;
	case S_DESCRIPTOR:
	case S_QUALIFIER:
		*flag = xmlsax_attr_is(attrs, natt, "MajorTopicYN", "Y");
		return slot;
	case S_ABSTRACT_TEXT:
		free(p->label);
		p->label = xmlsax_attr_dup(attrs, natt, "Label");
		return slot;
	case S_AUTHOR_LIST:
		p->editors_list = xmlsax_attr_is(attrs, natt, "Type",
						 "editors");
		return slot;
	case S_AUTHOR:
		pm_author_clear(p);
		*flag = xmlsax_attr_is(attrs, natt, "ValidYN", "N");
		return slot;
	case S_MESH_HEADING:
		buf_reset(&p->mesh);
		return slot;
	default:
		return slot;
	}
}

static void
pm_push(struct pm_parser *p, enum pm_el el, enum pm_slot slot, int flag)
{
	struct pm_frame *f = &p->stack[p->depth++];

	f->el = el;
	f->slot = slot;
	f->flag = flag;
}

static void
pm_start(void *owner, const xmlChar *name, const xmlChar *uri, int natt,
	 const xmlChar **attrs)
{
	struct pm_parser *p = owner;
	enum pm_el el = pm_element(p, name, uri);
	enum pm_slot slot = S_NONE;
	int flag = 0;

	if (p->depth == 0)
		pm_root(p, name, el);
	if (p->x.stop)
		return;
	if (!p->in_record && pm_is_record(p, el))
		pm_record_start(p, el);
	if (el == EL_MATH)
		p->math_depth++;
	if (!p->cap_depth && (p->in_record || el == EL_PMID))
		slot = pm_slot_attrs(p, pm_rule_slot(p, el), attrs, natt,
				     &flag);
	pm_push(p, el, slot, flag);
	if (slot >= S_TEXT) {
		p->cap_depth = p->depth;
		p->cap_long = 0;
		p->cap_line = pm_line(p);
		p->cap_col = xmlsax_column(&p->x);
		buf_reset(&p->text);
	}
}

static void
pm_end_slot(struct pm_parser *p, const struct pm_frame *f)
{
	if (f->slot >= S_TEXT && p->cap_depth == p->depth + 1) {
		p->cap_depth = 0;
		if (p->cap_long)
			pm_mark_bad(p, pm_el_name(f->el));
		else
			pm_take(p, f);
	} else if (f->slot == S_AUTHOR) {
		pm_author_end(p, f->flag);
	} else if (f->slot == S_MESH_HEADING && p->mesh.len) {
		strlist_add(&p->rec.mesh, p->mesh.data, p->mesh.len);
	} else if (f->slot == S_AUTHOR_LIST) {
		p->editors_list = 0;
	}
}

static void
pm_end(void *owner)
{
	struct pm_parser *p = owner;
	struct pm_frame f;

	if (!p->depth)
		return;
	f = p->stack[--p->depth];
	if (f.el == EL_MATH && p->math_depth)
		p->math_depth--;
	pm_end_slot(p, &f);
	if (p->in_record && p->depth == p->rec_depth)
		pm_record_end(p);
}

static int
pm_blank(const xmlChar *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!xmlsax_is_space(s[i]))
			return 0;
	return 1;
}

static void
pm_capture(struct pm_parser *p, const xmlChar *s, int n)
{
	/* MathML's layout white space is not part of the formula's text */
	if (p->math_depth && pm_blank(s, n))
		return;
	if (p->cap_long || p->text.len + (size_t)n > RECORD_FIELD_MAX) {
		p->cap_long = 1;
		return;
	}
	buf_add(&p->text, s, (size_t)n);
}

static void
pm_characters(void *owner, const xmlChar *s, int n)
{
	struct pm_parser *p = owner;

	if (p->cap_depth)
		pm_capture(p, s, n);
}

static const struct xmlsax_handler pm_handler = {
	pm_start, pm_end, pm_characters,
};

static void
pm_parser_release(struct pm_parser *p)
{
	pm_record_clear(p);
	record_release(&p->rec);
	record_release(&p->editors);
	buf_release(&p->pubdate);
	buf_release(&p->abstract);
	buf_release(&p->mesh);
	buf_release(&p->a_aff);
	buf_release(&p->text);
}

int
pubmed_parse(struct input *in, struct record_sink *sink, struct sk_err *err)
{
	struct pm_parser *p = xcalloc(1, sizeof(*p));
	int rc;

	record_init(&p->rec);
	record_init(&p->editors);
	xmlsax_names_init(&p->names, pm_names, PM_NAMES);
	pm_index_rules(p);
	xmlsax_init(&p->x, in, sink, err, "PubMed XML", &pm_handler, p);
	rc = xmlsax_run(&p->x);
	pm_parser_release(p);
	free(p);
	return rc;
}
