/*
 * RIS reader. Tag knowledge is the table ris_tags[]; the rest is the line
 * state machine:
 *
 * - A tag line is [A-Z][A-Z0-9], blanks, '-', the value ("TY  - JOUR",
 *   "A1  -Bergel", "KW - x", "A1\t- x"), or the 4-letter "PMID  - ";
 *   "ER" alone ends a record too. A lone CR inside a line is a line break
 *   (Web of Science puts "\rAN  - ..." inside LF files).
 * - A record starts at TY. It ends at ER, at the end of the file, or at a
 *   TY that follows a blank line (a missing ER); a TY right after other
 *   tags is a repeated tag of the same record.
 * - Tags outside a record followed by ER form a record without a type
 *   (CiteSource writes no TY at all; Rayyan drops it), if they hold a
 *   title, author, DOI, journal or abstract; otherwise they are noise
 *   (Ovid's "NL  - " after ER, EndNote's "UK  - Unknown Tag").
 * - An untagged line continues the tag before it: a new keyword for KW,
 *   more text for titles, abstracts and notes (after a blank line, a new
 *   paragraph); for identifiers, dates and numbers it is kept in the
 *   original text only. Outside a record untagged lines are noise
 *   ("Record #1 of 784", "Provider: ...", "1.", "Link to ...").
 * - Single fields keep the value of the best tag (lowest prio), the first
 *   one of equal rank; the others stay in the original text.
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "tagged.h"
#include "xalloc.h"
#include "banned.h"

enum ris_field {
	RF_NONE = 0,	/* kept in the original text only */
	RF_TYPE,
	RF_TITLE,
	RF_ABSTRACT,
	RF_AUTHOR,
	RF_DATE,
	RF_JOURNAL,
	RF_ABBREV,
	RF_ISSN,
	RF_VOLUME,
	RF_ISSUE,
	RF_START,
	RF_END,
	RF_PAGES,
	RF_DOI,
	RF_ACCESSION,
	RF_DATABASE,
	RF_KEYWORD,
	RF_LANGUAGE,
	RF_PUBLISHER,
	RF_URL,
	RF_PMID,
	RF_IDS,		/* custom fields that may hold "123 [PMID]", "PMC1" */
	RF_PUBTYPE,
	RF_MESH,
	RF_NOTE,	/* free text kept in the original only */
	RF_COUNT
};

/* How an untagged line after the tag is read. */
enum ris_cont {
	RC_DROP = 0,	/* identifiers, numbers: original text only */
	RC_TEXT,	/* more text, joined with a space */
	RC_ITEM,	/* a new list item (keywords) */
};

struct ris_tag {
	unsigned char field;
	unsigned char prio;	/* lower wins for single fields */
	unsigned char cont;
};

#define RIS_KEY(a, b) (((a) - 'A') * 36 + ((b) >= 'A' ? (b) - 'A' + 10 : (b) - '0'))
#define RIS_KEYS (26 * 36)

static const struct ris_tag ris_tags[RIS_KEYS] = {
	[RIS_KEY('T', 'Y')] = { RF_TYPE, 1, RC_DROP },	/* type of reference */
	[RIS_KEY('T', 'I')] = { RF_TITLE, 1, RC_TEXT },	/* title */
	[RIS_KEY('T', '1')] = { RF_TITLE, 1, RC_TEXT },	/* primary title (RIS v1, Ovid, Embase) */
	[RIS_KEY('C', 'T')] = { RF_TITLE, 2, RC_TEXT },	/* title of unpublished work (old RIS) */
	[RIS_KEY('B', 'T')] = { RF_TITLE, 3, RC_TEXT },	/* book title: the title of a BOOK without TI */
	[RIS_KEY('A', 'B')] = { RF_ABSTRACT, 1, RC_TEXT },	/* abstract */
	[RIS_KEY('N', '2')] = { RF_ABSTRACT, 1, RC_TEXT },	/* abstract (RIS v1, Ovid, Embase, Cochrane ProCite) */
	[RIS_KEY('A', 'U')] = { RF_AUTHOR, 0, RC_DROP },	/* author */
	[RIS_KEY('A', '1')] = { RF_AUTHOR, 0, RC_DROP },	/* primary author (RIS v1); A2-A4 are editors, series editors, translators: original only */
	[RIS_KEY('D', 'A')] = { RF_DATE, 1, RC_DROP },	/* date "2021/04/21/": the fullest; rank 3 without a year ("SEP") */
	[RIS_KEY('P', 'Y')] = { RF_DATE, 2, RC_DROP },	/* publication year, "2019///" */
	[RIS_KEY('Y', '1')] = { RF_DATE, 2, RC_DROP },	/* primary date "2019/03/15/" */
	[RIS_KEY('J', 'F')] = { RF_JOURNAL, 1, RC_TEXT },	/* full journal name (Embase, Ovid) */
	[RIS_KEY('T', '2')] = { RF_JOURNAL, 2, RC_TEXT },	/* secondary title: journal (Scopus, WoS, Zotero) or book */
	[RIS_KEY('J', 'O')] = { RF_JOURNAL, 3, RC_TEXT },	/* journal name: full in Embase, Dimensions, JSTOR */
	[RIS_KEY('J', 'A')] = { RF_ABBREV, 1, RC_TEXT },	/* standard abbreviation (Ovid, Cochrane) */
	[RIS_KEY('J', '2')] = { RF_ABBREV, 2, RC_TEXT },	/* alternate title: abbreviation (Scopus, Zotero) */
	[RIS_KEY('J', '1')] = { RF_ABBREV, 3, RC_TEXT },	/* user abbreviation 1 */
	[RIS_KEY('S', 'N')] = { RF_ISSN, 0, RC_DROP },	/* ISSN or ISBN: ISSN-looking values only */
	[RIS_KEY('V', 'L')] = { RF_VOLUME, 1, RC_DROP },	/* volume */
	[RIS_KEY('V', 'O')] = { RF_VOLUME, 2, RC_DROP },	/* volume (IEEE, rispy) */
	[RIS_KEY('I', 'S')] = { RF_ISSUE, 1, RC_DROP },	/* issue */
	[RIS_KEY('C', 'P')] = { RF_ISSUE, 2, RC_DROP },	/* issue (old RIS "city/place" misuse) */
	[RIS_KEY('S', 'P')] = { RF_START, 0, RC_DROP },	/* start page, or "123-130" */
	[RIS_KEY('E', 'P')] = { RF_END, 0, RC_DROP },	/* end page */
	[RIS_KEY('P', 'G')] = { RF_PAGES, 0, RC_DROP },	/* pages "123-130" (Covidence) */
	[RIS_KEY('D', 'O')] = { RF_DOI, 1, RC_DROP },	/* DOI, maybe as a URL, maybe several */
	[RIS_KEY('D', 'I')] = { RF_DOI, 2, RC_DROP },	/* DOI (WoS-style exporters) */
	[RIS_KEY('A', 'N')] = { RF_ACCESSION, 1, RC_DROP },	/* accession number; a PMID when DB is MEDLINE */
	[RIS_KEY('D', 'B')] = { RF_DATABASE, 1, RC_TEXT },	/* name of database */
	[RIS_KEY('D', 'P')] = { RF_DATABASE, 2, RC_TEXT },	/* database provider */
	[RIS_KEY('K', 'W')] = { RF_KEYWORD, 0, RC_ITEM },	/* keyword; untagged lines after it are keywords too */
	[RIS_KEY('L', 'A')] = { RF_LANGUAGE, 0, RC_DROP },	/* language */
	[RIS_KEY('P', 'B')] = { RF_PUBLISHER, 1, RC_TEXT },	/* publisher */
	[RIS_KEY('U', 'R')] = { RF_URL, 1, RC_DROP },	/* URL (http only: PsycInfo puts "ORCID: ..." here) */
	[RIS_KEY('L', '2')] = { RF_URL, 2, RC_DROP },	/* related link */
	[RIS_KEY('L', 'K')] = { RF_URL, 3, RC_DROP },	/* link (Embase) */
	[RIS_KEY('L', '1')] = { RF_URL, 4, RC_DROP },	/* file attachment: only when it is http */
	[RIS_KEY('U', '1')] = { RF_IDS, 0, RC_TEXT },	/* "35957633 [PMID]", "PMC9359172 [PMCID]" (Dimensions) */
	[RIS_KEY('U', '2')] = { RF_IDS, 0, RC_TEXT },	/* "PMC123[pmcid]" */
	[RIS_KEY('C', '1')] = { RF_IDS, 0, RC_TEXT },	/* "PUBMED-123" (Cochrane) */
	[RIS_KEY('C', '2')] = { RF_IDS, 0, RC_TEXT },	/* PMCID (EndNote/Zotero from PubMed) */
	[RIS_KEY('C', '3')] = { RF_IDS, 0, RC_TEXT },	/* "PUBMED 21314913" (Cochrane) */
	[RIS_KEY('M', '3')] = { RF_PUBTYPE, 0, RC_DROP },	/* type of work: "Journal Article" (EndNote, scopekit) */
	[RIS_KEY('M', 'H')] = { RF_MESH, 0, RC_TEXT },	/* MeSH heading (Ovid, scopekit) */
	[RIS_KEY('N', '1')] = { RF_NOTE, 0, RC_TEXT },	/* notes: original only */
	[RIS_KEY('M', '1')] = { RF_NOTE, 0, RC_TEXT },	/* misc (Embase affiliations): original only */
	[RIS_KEY('A', 'D')] = { RF_NOTE, 0, RC_TEXT },	/* address: original only */
};

/* Tags longer than two letters that some exporters write. */
static const struct {
	const char *tag;
	struct ris_tag def;
} ris_long_tags[] = {
	{ "PMID", { RF_PMID, 1, RC_DROP } },	/* APA PsycNet, CoLRev: "PMID  - 33355555" */
};

struct ris {
	struct tagged t;
	int in_record;
	int has_ty;		/* the record started at TY */
	int gap;		/* a blank line since the last tag line */
	int para;		/* a blank line since the last text line */
	const struct ris_tag *cur;	/* tag of the value being read */
	char cur_name[5];
	long cur_line;
	struct buf val;		/* its value, with continuation lines */
	unsigned char prio[RF_COUNT];	/* rank of the tag that set a field */
	int year_prio;
	const struct ris_tag *abstract_tag;	/* the tag that set the abstract */
	struct buf sp, ep;	/* first SP and EP */
};

/* --- field values -------------------------------------------------------- */

static void
set_ranked(struct ris *p, char **field, const struct ris_tag *tag,
	   const char *s, size_t n)
{
	unsigned char *rank = &p->prio[tag->field];

	if (*rank && *rank <= tag->prio)
		return;
	record_set(field, s, n);
	if (*field)
		*rank = tag->prio;
}

static void
trim(const char **s, size_t *n)
{
	while (*n && tagged_is_space(**s))
		(*s)++, (*n)--;
	while (*n && tagged_is_space((*s)[*n - 1]))
		(*n)--;
}

static void
set_date(struct ris *p, const struct ris_tag *tag, const char *s, size_t n)
{
	int y;

	struct ris_tag rank = *tag;
	char tmp[64];
	size_t k;

	n = tagged_date_len(s, n);
	k = n < sizeof(tmp) - 1 ? n : sizeof(tmp) - 1;
	memcpy(tmp, s, k);
	tmp[k] = '\0';
	y = record_year_from(tmp);
	if (!y)
		rank.prio = 3;	/* "SEP", "Jun": only if nothing better */
	set_ranked(p, &p->t.rec.pubdate, &rank, s, n);
	if (y && (!p->year_prio || rank.prio < p->year_prio)) {
		p->t.rec.year = y;
		p->year_prio = rank.prio;
	}
}

static void
set_url(struct ris *p, const struct ris_tag *tag, const char *s, size_t n)
{
	if (tagged_is_link(s, n))
		set_ranked(p, &p->t.rec.url, tag, s, n);
}


static void
set_first(struct buf *b, const char *s, size_t n)
{
	if (!b->len)
		buf_add(b, s, n);
}

/* Store the value of one tag in the record. */
static void
commit(struct ris *p, const struct ris_tag *tag, const char *s, size_t n)
{
	struct record *r = &p->t.rec;

	trim(&s, &n);
	if (!n)
		return;
	switch ((enum ris_field)tag->field) {
	case RF_TYPE:
		set_ranked(p, &r->type, tag, s, n);
		break;
	case RF_TITLE:
		set_ranked(p, &r->title, tag, s, n);
		break;
	case RF_ABSTRACT:
		if (r->abstract && p->abstract_tag == tag) {
			/* the same tag again: a new paragraph (scopekit, EndNote) */
			record_append(&r->abstract, s, n, "\n\n");
			break;
		}
		set_ranked(p, &r->abstract, tag, s, n);
		if (r->abstract && p->prio[RF_ABSTRACT] == tag->prio &&
		    !p->abstract_tag)
			p->abstract_tag = tag;
		break;
	case RF_AUTHOR:
		tagged_author(r, s, n);
		break;
	case RF_DATE:
		set_date(p, tag, s, n);
		break;
	case RF_JOURNAL:
		set_ranked(p, &r->journal, tag, s, n);
		break;
	case RF_ABBREV:
		set_ranked(p, &r->journal_abbrev, tag, s, n);
		break;
	case RF_ISSN:
		tagged_set_issn(&p->t, s, n, -1);
		break;
	case RF_VOLUME:
		set_ranked(p, &r->volume, tag, s, n);
		break;
	case RF_ISSUE:
		set_ranked(p, &r->issue, tag, s, n);
		break;
	case RF_START:
		set_first(&p->sp, s, n);
		break;
	case RF_END:
		set_first(&p->ep, s, n);
		break;
	case RF_PAGES:
		if (!r->pages)
			record_set(&r->pages, s, n);
		break;
	case RF_DOI:
		tagged_set_doi(&p->t.rec, s, n);
		break;
	case RF_ACCESSION:
		set_ranked(p, &r->accession, tag, s, n);
		break;
	case RF_DATABASE:
		set_ranked(p, &r->database, tag, s, n);
		break;
	case RF_KEYWORD:
		strlist_add(&r->keywords, s, n);
		break;
	case RF_LANGUAGE:
		strlist_add(&r->languages, s, n);
		break;
	case RF_PUBTYPE:
		strlist_add(&r->pubtypes, s, n);
		break;
	case RF_MESH:
		strlist_add(&r->mesh, s, n);
		break;
	case RF_PUBLISHER:
		set_ranked(p, &r->publisher, tag, s, n);
		break;
	case RF_URL:
		set_url(p, tag, s, n);
		break;
	case RF_PMID:
		tagged_set_pmid(r, s, n);
		break;
	case RF_IDS:
		tagged_set_ids(r, s, n);
		break;
	case RF_NONE:
	case RF_NOTE:
	case RF_COUNT:
		break;
	}
}

static int
has_digit(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

/* SP and EP into pages: "123" + "130" -> "123-130"; "No"/"Specified" -> none. */
static void
finish_pages(struct ris *p)
{
	struct record *r = &p->t.rec;

	if (r->pages || !has_digit(p->sp.data, p->sp.len))
		return;
	record_set(&r->pages, p->sp.data, p->sp.len);
	if (!memchr(p->sp.data, '-', p->sp.len) &&
	    has_digit(p->ep.data, p->ep.len) &&
	    strcmp(p->sp.data, p->ep.data) != 0)
		record_append(&r->pages, p->ep.data, p->ep.len, "-");
}

/* An AN that is a PMID: digits, and DB/DP says MEDLINE, PubMed or NLM. */
static void
finish_ids(struct record *r)
{
	if (!r->accession || r->pmid || !r->database)
		return;
	if (strlen(r->accession) <= 9 &&
	    tagged_all_digits(r->accession, strlen(r->accession)) &&
	    tagged_names_medline(r->database)) {
		/* EndNote's PubMed convention: the AN is the PMID itself */
		r->pmid = r->accession;
		r->accession = NULL;
	}
}

/* --- the pending value ---------------------------------------------------- */

static int
flush(struct ris *p)
{
	if (p->cur && !p->t.skipping)
		commit(p, p->cur, p->val.data, p->val.len);
	p->cur = NULL;
	buf_reset(&p->val);
	return 0;
}

/* Add to the pending value; a value over RECORD_FIELD_MAX is a bad record. */
static int
add_value(struct ris *p, const char *s, size_t n)
{
	if (p->t.skipping || !p->cur)
		return 0;
	if (p->val.len + n > RECORD_FIELD_MAX) {
		long line = p->cur_line;

		p->cur = NULL;
		buf_reset(&p->val);
		return tagged_bad(&p->t, line,
				  "value of tag '%s' is longer than 1 MiB",
				  p->cur_name);
	}
	buf_add(&p->val, s, n);
	return 0;
}

static void
record_begin(struct ris *p, int has_ty)
{
	p->in_record = 1;
	p->has_ty = has_ty;
	p->gap = 0;
	p->t.rec.line = input_line(p->t.in);
	memset(p->prio, 0, sizeof(p->prio));
	p->year_prio = 0;
	p->abstract_tag = NULL;
	buf_reset(&p->sp);
	buf_reset(&p->ep);
}

static int
worth_keeping(const struct record *r)
{
	return r->title || r->n_authors || r->doi || r->journal ||
	       r->abstract;
}

/* End the record: hand it over, or drop it when it is noise. */
static int
record_end(struct ris *p)
{
	flush(p);
	p->in_record = 0;
	if (p->t.skipping) {
		tagged_drop(&p->t);
		return 0;
	}
	finish_pages(p);
	finish_ids(&p->t.rec);
	if (!p->has_ty && !worth_keeping(&p->t.rec)) {
		tagged_drop(&p->t);
		return 0;
	}
	return tagged_emit(&p->t);
}

/* --- lines ---------------------------------------------------------------- */

enum ris_line {
	RL_BLANK,
	RL_TEXT,	/* untagged */
	RL_TAG,
	RL_ER,
};

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_upalnum(char c)
{
	return is_upper(c) || (c >= '0' && c <= '9');
}

static const struct ris_tag unknown_tag = { RF_NONE, 0, RC_TEXT };

/* After the tag letters at s[k]: blanks, then '-'. Returns the value offset. */
static size_t
after_dash(const char *s, size_t n, size_t k)
{
	size_t i = k;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == k || i >= n || s[i] != '-')
		return 0;
	return i + 1;
}

static const struct ris_tag *
long_tag(const char *s, size_t n, size_t *val)
{
	for (size_t i = 0; i < sizeof(ris_long_tags) / sizeof(*ris_long_tags);
	     i++) {
		size_t k = strlen(ris_long_tags[i].tag);

		if (n > k && !memcmp(s, ris_long_tags[i].tag, k) &&
		    (*val = after_dash(s, n, k)))
			return &ris_long_tags[i].def;
	}
	return NULL;
}

static enum ris_line
classify(const char *s, size_t n, const struct ris_tag **tag, size_t *val)
{
	size_t i;

	if (n >= 2 && is_upper(s[0]) && is_upalnum(s[1])) {
		i = after_dash(s, n, 2);
		if (i) {
			*val = i;
			if (s[0] == 'E' && s[1] == 'R')
				return RL_ER;
			*tag = &ris_tags[RIS_KEY(s[0], s[1])];
			if (!(*tag)->field && !(*tag)->prio)
				*tag = &unknown_tag;
			return RL_TAG;
		}
		if (s[0] == 'E' && s[1] == 'R') {
			for (i = 2; i < n && tagged_is_space(s[i]); i++)
				;
			if (i == n)
				return RL_ER;	/* a bare "ER" */
		}
		if ((*tag = long_tag(s, n, val)))
			return RL_TAG;
	}
	for (i = 0; i < n; i++)
		if (!tagged_is_space(s[i]))
			return RL_TEXT;
	return RL_BLANK;
}

static int
on_tag(struct ris *p, const char *s, size_t n, const struct ris_tag *tag,
       size_t val)
{
	int is_ty = tag->field == RF_TYPE;

	if (p->in_record && is_ty && (!p->has_ty || p->gap)) {
		/* A missing ER (after a blank line), or noise before TY. */
		if (p->has_ty) {
			if (record_end(p) < 0)
				return -1;
		} else {
			flush(p);
			tagged_drop(&p->t);
			p->in_record = 0;
		}
	}
	if (!p->in_record) {
		tagged_drop(&p->t);
		record_begin(p, is_ty);
	} else {
		flush(p);
	}
	p->gap = 0;
	p->para = 0;
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	p->cur = tag;
	p->cur_line = input_line(p->t.in);
	memcpy(p->cur_name, s, 2);
	p->cur_name[2] = '\0';
	if (tag->field == RF_PMID)
		memcpy(p->cur_name, "PMID", 5);
	return add_value(p, s + val, n - val);
}

static int
on_text(struct ris *p, const char *s, size_t n)
{
	if (!p->in_record)
		return 0;	/* noise between records */
	if (tagged_original(&p->t, s, n) < 0)
		return -1;
	if (!p->cur || p->t.skipping)
		return 0;
	if (p->cur->cont == RC_ITEM) {
		const struct ris_tag *tag = p->cur;

		flush(p);
		p->cur = tag;
		return add_value(p, s, n);
	}
	if (p->cur->cont == RC_DROP)
		return 0;
	trim(&s, &n);
	if (p->val.len && add_value(p, p->para ? "\n\n" : " ",
				    p->para ? 2 : 1) < 0)
		return -1;
	p->para = 0;
	return add_value(p, s, n);
}

static int
on_line(struct ris *p, const char *s, size_t n)
{
	const struct ris_tag *tag = NULL;
	size_t val = 0;

	switch (classify(s, n, &tag, &val)) {
	case RL_BLANK:
		if (p->in_record) {
			p->gap = 1;
			p->para = 1;
			return tagged_original(&p->t, s, n) < 0 ? -1 : 0;
		}
		return 0;
	case RL_TEXT:
		return on_text(p, s, n);
	case RL_ER:
		if (!p->in_record)
			return 0;	/* a stray ER */
		if (tagged_original(&p->t, s, n) < 0)
			return -1;
		return record_end(p);
	case RL_TAG:
		return on_tag(p, s, n, tag, val);
	}
	return 0;
}

/* Split a line at lone CRs: each part is a line of its own. */
static int
on_physical_line(struct ris *p, const char *s, size_t n)
{
	const char *cr;

	while ((cr = memchr(s, '\r', n))) {
		size_t k = (size_t)(cr - s);

		if (on_line(p, s, k) < 0)
			return -1;
		s += k + 1;
		n -= k + 1;
	}
	return on_line(p, s, n);
}

static int
reader_line(void *p, const char *s, size_t n)
{
	return on_physical_line(p, s, n);
}

static int
reader_end(void *p)
{
	struct ris *m = p;

	return m->in_record ? record_end(m) : 0;
}

static const struct tagged_reader ris_reader = {
	reader_line, NULL, reader_end,
	"no RIS records found (no \"TY  - \" lines)",
};

int
ris_parse(struct input *in, struct record_sink *sink, struct sk_err *err)
{
	struct ris p;
	int r;

	memset(&p, 0, sizeof(p));
	tagged_init(&p.t, in, sink, err);
	buf_init(&p.val);
	buf_init(&p.sp);
	buf_init(&p.ep);
	r = tagged_run(&p.t, &ris_reader, &p);
	buf_release(&p.val);
	buf_release(&p.sp);
	buf_release(&p.ep);
	tagged_release(&p.t);
	return r;
}
