/*
 * Format detection from the head of the input, by content, never by the
 * file name: PubMed XML, EndNote XML, RIS, MEDLINE, Web of Science tagged
 * text, CSV with a header row scopekit knows; and a helpful refusal for
 * what people export by mistake (PDF, Ovid tagged text, BibTeX, other XML,
 * binary data, empty files) or a CSV whose columns need naming.
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

static const struct {
	const char *name;
	enum import_format fmt;
} format_names[] = {
	{ "auto", IMPORT_AUTO },	/* detect from the content */
	{ "pubmed", IMPORT_PUBMED },	/* PubMed XML */
	{ "medline", IMPORT_MEDLINE },	/* MEDLINE tagged text, .nbib */
	{ "ris", IMPORT_RIS },		/* RIS */
	{ "wos", IMPORT_WOS },		/* Web of Science field-tagged text */
	{ "csv", IMPORT_CSV },		/* CSV, ';' or tab separated too */
	{ "endnote", IMPORT_ENDNOTE },	/* EndNote XML library */
};

const char *
import_format_name(enum import_format fmt)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names);
	     i++)
		if (format_names[i].fmt == fmt)
			return format_names[i].name;
	return "unknown";
}

int
import_format_parse(const char *name, enum import_format *fmt)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names);
	     i++) {
		if (!strcmp(format_names[i].name, name)) {
			*fmt = format_names[i].fmt;
			return 0;
		}
	}
	return -1;
}

/* XML root elements that are neither, with what to say about them. */
static const struct {
	const char *root;
	const char *says;
} xml_roots[] = {
	{ "eSearchResult", "this is an E-utilities esearch answer (a list "
			   "of PMIDs), not PubMed XML: fetch the records with "
			   "efetch" },	/* esearch.fcgi output */
	{ "eSummaryResult", "this is an E-utilities esummary answer, not "
			    "PubMed XML: fetch the records with efetch "
			    "rettype=xml" },	/* esummary.fcgi output */
	{ "eLinkResult", "this is an E-utilities elink answer, not PubMed "
			 "XML" },	/* elink.fcgi output */
	{ "MedlineCitationSet", "this is old MEDLINE XML "
				"(<MedlineCitationSet>), not PubMed XML" },	/* pre-2017 leasing format */
};

/* Markers that make XML PubMed XML (a DOCTYPE naming them counts too). */
static const char *const pubmed_markers[] = {
	"<PubmedArticleSet",	/* efetch, baseline and update files */
	"<PubmedArticle",	/* a bare article */
	"<PubmedBookArticle",	/* a book chapter, e.g. GeneReviews */
	"DOCTYPE PubmedArticleSet",	/* the DOCTYPE, before the root */
	"DOCTYPE PubmedBookArticleSet",	/* the books DOCTYPE */
};

struct head {
	const char *file;
	char *text;	/* the head as ASCII-ish text, NUL-terminated */
	size_t len;
	int whole;	/* the head is the whole file */
};

/* --- decoding the head ---------------------------------------------------- */

/* UTF-16 to ASCII-ish: non-ASCII units become '?'. */
static void
from_utf16(struct head *h, const unsigned char *s, size_t n, int big)
{
	h->text = xmalloc(n / 2 + 1);
	h->len = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned hi = big ? s[i] : s[i + 1];
		unsigned lo = big ? s[i + 1] : s[i];

		h->text[h->len++] = (char)(hi ? '?' : lo ? lo : 1);
	}
	h->text[h->len] = '\0';
}

static int
utf16_pattern(const unsigned char *s, size_t n, int *big)
{
	size_t even = 0, odd = 0, pairs = 0;

	for (size_t i = 0; i + 1 < n && pairs < 2048; i += 2, pairs++) {
		even += s[i] == 0;
		odd += s[i + 1] == 0;
	}
	if (pairs < 2)
		return 0;
	if (odd > pairs * 3 / 4 && even == 0) {
		*big = 0;
		return 1;
	}
	if (even > pairs * 3 / 4 && odd == 0) {
		*big = 1;
		return 1;
	}
	return 0;
}

static void
decode_head(struct head *h, const unsigned char *s, size_t n)
{
	int big = 0;

	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
		       (s[0] == 0xfe && s[1] == 0xff))) {
		from_utf16(h, s + 2, n - 2, s[0] == 0xfe);
		return;
	}
	if (utf16_pattern(s, n, &big)) {
		from_utf16(h, s, n, big);
		return;
	}
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		s += 3, n -= 3;
	h->text = xmalloc(n + 1);
	memcpy(h->text, s, n);
	h->text[n] = '\0';
	h->len = n;
}

/* --- what the text looks like --------------------------------------------- */

static int
is_binary(const struct head *h)
{
	size_t ctl = 0;

	if (memchr(h->text, '\0', h->len))
		return 1;
	for (size_t i = 0; i < h->len; i++) {
		unsigned char c = (unsigned char)h->text[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
		     c != '\f') || c == 0x7f)
			ctl++;
	}
	return ctl * 100 > h->len;
}

static int
is_blank_text(const struct head *h)
{
	for (size_t i = 0; i < h->len; i++)
		if (!strchr(" \t\r\n\f", h->text[i]))
			return 0;
	return 1;
}

static const char *
skip_space(const char *s)
{
	while (*s && strchr(" \t\r\n\f", *s))
		s++;
	return s;
}

/*
 * The name of the nth start tag (0 is the root) after prolog, comments and
 * DOCTYPE; "" if the head has fewer.
 */
static void
xml_element(const char *s, int nth, char *out, size_t size)
{
	size_t k = 0;

	out[0] = '\0';
	while ((s = strchr(s, '<'))) {
		s++;
		if (*s == '?' || *s == '!' || *s == '/' || nth-- > 0)
			continue;
		while (k + 1 < size && *s && !strchr(" \t\r\n>/", *s))
			out[k++] = *s++;
		out[k] = '\0';
		return;
	}
}

/* EndNote's "XML" export: <xml><records><record>... */
static int
is_endnote(const char *s)
{
	char root[8], second[16];

	xml_element(s, 0, root, sizeof(root));
	xml_element(s, 1, second, sizeof(second));
	return !strcmp(root, "xml") && !strcmp(second, "records");
}

static int
detect_xml(const struct head *h, enum import_format *fmt, struct sk_err *err)
{
	char root[64];

	/* first: a record's text may mention the PubMed markers */
	if (is_endnote(h->text)) {
		*fmt = IMPORT_ENDNOTE;
		return 0;
	}
	for (size_t i = 0; i < sizeof(pubmed_markers) / sizeof(*pubmed_markers);
	     i++) {
		if (strstr(h->text, pubmed_markers[i])) {
			*fmt = IMPORT_PUBMED;
			return 0;
		}
	}
	xml_element(h->text, 0, root, sizeof(root));
	for (size_t i = 0; i < sizeof(xml_roots) / sizeof(*xml_roots); i++)
		if (!strcmp(root, xml_roots[i].root))
			return sk_fail(err, SK_E_INPUT, h->file, 0, "%s",
				       xml_roots[i].says);
	return sk_fail(err, SK_E_INPUT, h->file, 0,
		       "this is XML with root element <%s>, not PubMed or "
		       "EndNote XML",
		       root[0] ? root : "?");
}

static int
looks_xml(const char *s)
{
	s = skip_space(s);
	return s[0] == '<' && (s[1] == '?' || s[1] == '!' ||
			       (s[1] >= 'A' && s[1] <= 'Z') ||
			       (s[1] >= 'a' && s[1] <= 'z'));
}

/* Line-level evidence, counted over the head. */
struct clues {
	int ris_ty;		/* "TY  - " */
	int ris_er;		/* "ER  - " or a bare "ER" */
	int ris_tags;		/* "XX  - " lines */
	int medline_pmid;	/* "PMID-" */
	int medline_tags;	/* MEDLINE-only tags: OWN, STAT, FAU, DP... */
	int wos;		/* "FN Clarivate...", "PT J", "VR 1.0": Web of Science */
	int ovid;		/* "<12. >" separators, "VN  - Ovid" */
	int bibtex;		/* "@article{" */
	int csv;		/* the first line as a CSV header: csv_header_kind */
};

/* Tags only MEDLINE writes (RIS has two-letter tags). */
static const char *const medline_only[] = {
	"OWN ", "STAT", "FAU ", "DCOM", "LR  ", "JID ", "EDAT", "MHDA",
	"CRDT", "PHST", "AID ", "PST ", "SO  ", "IP  ", "VI  ", "DP  ",
	"JT  ", "TA  ", "MH  ", "OT  ", "PT  ", "LID ", "PMC ", "OID ",
	"PMCR",
};

static int
is_tag_line(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || !(s[0] >= 'A' && s[0] <= 'Z') ||
	    !((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= '0' && s[1] <= '9')))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i > 2 && i < n && s[i] == '-';
}

static void
clue_line(struct clues *c, const char *s, size_t n)
{
	if (is_tag_line(s, n)) {
		c->ris_tags++;
		c->ris_ty += s[0] == 'T' && s[1] == 'Y';
		c->ris_er += s[0] == 'E' && s[1] == 'R';
	} else if (n == 2 && s[0] == 'E' && s[1] == 'R') {
		c->ris_er++;
	}
	if (n >= 5 && !memcmp(s, "PMID", 4) && (s[4] == '-' || s[4] == ' ') &&
	    memchr(s, '-', n < 8 ? n : 8))
		c->medline_pmid++;
	for (size_t i = 0; n >= 6 && i < sizeof(medline_only) /
					       sizeof(*medline_only); i++)
		if (!memcmp(s, medline_only[i], 4) && s[4] == '-')
			c->medline_tags++;
	if ((n >= 3 && !memcmp(s, "FN ", 3) &&
	     (strstr(s, "Clarivate") || strstr(s, "Thomson") ||
	      strstr(s, "Web of Science") || strstr(s, "Zoological Record"))) ||
	    (n == 4 && !memcmp(s, "PT ", 3) && s[3] >= 'A' && s[3] <= 'Z') ||
	    (n == 6 && !memcmp(s, "VR 1.0", 6)))
		c->wos++;
	if ((n >= 4 && s[0] == '<' && s[1] >= '0' && s[1] <= '9' &&
	     !memcmp(s + n - 3, ". >", 3)) ||
	    (n >= 10 && !memcmp(s, "VN  - Ovid", 10)))
		c->ovid++;
	if (n >= 2 && s[0] == '@' && memchr(s, '{', n))
		c->bibtex++;
}

static void
gather(const struct head *h, struct clues *c)
{
	const char *s = h->text, *end = h->text + h->len;

	memset(c, 0, sizeof(*c));
	c->csv = csv_header_kind(h->text, h->len);
	while (s < end) {
		const char *nl = s;
		size_t n;

		while (nl < end && *nl != '\n' && *nl != '\r')
			nl++;
		if (nl == end && !h->whole)
			break;	/* a line cut by the end of the head */
		n = (size_t)(nl - s);
		if (n)
			clue_line(c, s, n);
		s = nl + 1;
	}
}

static int
decide(const struct head *h, const struct clues *c, enum import_format *fmt,
       struct sk_err *err)
{
	if (c->csv == 2) {
		*fmt = IMPORT_CSV;	/* checked first: cells may hold tags */
		return 0;
	}
	if (c->ris_ty) {
		*fmt = IMPORT_RIS;
		return 0;
	}
	if (c->wos) {
		*fmt = IMPORT_WOS;
		return 0;
	}
	if (c->ovid)
		return sk_fail(err, SK_E_INPUT, h->file, 0,
			       "this is an Ovid tagged export (\"<1. >\" "
			       "separators, VN/DB/UI tags), not RIS: in Ovid "
			       "choose the export format \"RIS\"");
	if (c->medline_pmid || c->medline_tags >= 2) {
		*fmt = IMPORT_MEDLINE;
		return 0;
	}
	if (c->ris_er && c->ris_tags > c->ris_er) {
		*fmt = IMPORT_RIS;	/* RIS without TY lines (CiteSource) */
		return 0;
	}
	if (c->bibtex)
		return sk_fail(err, SK_E_INPUT, h->file, 0,
			       "this is BibTeX, not RIS or MEDLINE: export RIS "
			       "instead");
	if (c->csv)
		return sk_fail(err, SK_E_INPUT, h->file, 0,
			       "this looks like a CSV file, but no column of "
			       "its first line is a title column scopekit "
			       "knows: give --format csv --map title=COLUMN "
			       "with the name of the column that holds the "
			       "titles");
	return sk_fail(err, SK_E_INPUT, h->file, 0,
		       "not a recognised export: expected RIS (\"TY  - \" "
		       "lines), MEDLINE (\"PMID- \" lines), PubMed XML or "
		       "EndNote XML or CSV with a header row");
}

static int
detect_text(const struct head *h, enum import_format *fmt, struct sk_err *err)
{
	struct clues c;

	if (h->len == 0 || is_blank_text(h))
		return sk_fail(err, SK_E_INPUT, h->file, 0, "file is empty");
	if (!strncmp(h->text, "%PDF-", 5))
		return sk_fail(err, SK_E_INPUT, h->file, 0,
			       "this is a PDF, not a bibliographic export");
	if (is_binary(h))
		return sk_fail(err, SK_E_INPUT, h->file, 0,
			       "binary data, not a text export");
	if (looks_xml(h->text))
		return detect_xml(h, fmt, err);
	gather(h, &c);
	return decide(h, &c, fmt, err);
}

int
import_detect(struct input *in, enum import_format *fmt, struct sk_err *err)
{
	const unsigned char *data;
	size_t n;
	struct head h;
	int r;

	if (input_peek(in, &data, &n, err) < 0)
		return -1;
	memset(&h, 0, sizeof(h));
	h.file = input_name(in);
	h.whole = n < INPUT_PEEK_MAX;
	decode_head(&h, data, n);
	r = detect_text(&h, fmt, err);
	free(h.text);
	return r;
}
