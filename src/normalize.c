/*
 * normalize: the keys that deduplication compares.
 *
 * Each key is built in passes over a struct buf, so every pass is a small
 * function that reads one string and writes the next. What databases do
 * to the same value (prefixes, markup, notes, dashes) is kept in tables.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "buf.h"
#include "normalize.h"
#include "xalloc.h"
#include "banned.h"

static int
nz_is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static int
nz_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
nz_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
nz_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static int
nz_hex(unsigned char c)
{
	if (nz_is_digit(c))
		return c - '0';
	c = nz_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Length of a UTF-8 no-break space (U+00A0) at s, else 0. */
static size_t
nz_nbsp(const char *s)
{
	return (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0 ? 2 :
									     0;
}

/* A buf's text as a new string, or NULL when it is empty. */
static char *
nz_take(struct buf *b)
{
	if (!b->len) {
		buf_release(b);
		return NULL;
	}
	return buf_detach(b, NULL);
}

/* ---- DOIs ---- */

struct doi_prefix {
	const char *text;
	int url;		/* a URL: %XX escapes are decoded after it */
};

/* What stands before a DOI; matched in any case, longest first. */
static const struct doi_prefix doi_prefixes[] = {
	{ "https://www.doi.org/", 1 },	/* the resolver, long form */
	{ "http://www.doi.org/", 1 },	/* the same without TLS */
	{ "https://dx.doi.org/", 1 },	/* the old resolver (Embase, Scopus) */
	{ "http://dx.doi.org/", 1 },	/* the same, most common in RIS UR/DO */
	{ "https://doi.org/", 1 },	/* the resolver, as Crossref shows it */
	{ "http://doi.org/", 1 },	/* the same without TLS */
	{ "www.doi.org/", 1 },		/* resolvers without a scheme */
	{ "dx.doi.org/", 1 },
	{ "doi.org/", 1 },
	{ "info:doi/", 0 },		/* OpenURL identifiers (rft_id) */
	{ "urn:doi:", 0 },		/* URN form */
	{ "doi:", 0 },			/* the DOI handbook's own form */
	{ "doi ", 0 },			/* "DOI 10.1007/..." (Springer, WoS) */
};

/* Characters that never end a DOI: sentence punctuation and quotes. */
static const char doi_trailing[] = ".,;:'\"";

/* Closing brackets, removed at the end when they close nothing. */
static const char doi_closers[] = ")]}>";
static const char doi_openers[] = "([{<";

/* Skip spaces and every known prefix; *url is set if a URL was removed. */
static const char *
doi_skip_prefixes(const char *s, int *url)
{
	size_t n = sizeof(doi_prefixes) / sizeof(doi_prefixes[0]);
	size_t i = 0;

	while (i < n) {
		size_t len = strlen(doi_prefixes[i].text);

		while (nz_is_space((unsigned char)*s) || nz_nbsp(s))
			s += nz_nbsp(s) ? 2 : 1;
		if (strncasecmp(s, doi_prefixes[i].text, len) == 0) {
			*url |= doi_prefixes[i].url;
			s += len;
			i = 0;
			continue;
		}
		i++;
	}
	return s;
}

/*
 * Copy s up to the first space, lowercasing ASCII and decoding %XX for
 * printable ASCII when url. Returns -1 on a control character or when
 * the DOI is too long.
 */
static int
doi_copy(const char *s, int url, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p && !nz_is_space(*p) && !nz_nbsp((const char *)p)) {
		unsigned char c = *p++;

		if (c == '%' && url && nz_hex(p[0]) >= 0 && nz_hex(p[1]) >= 0) {
			unsigned char d = (unsigned char)(nz_hex(p[0]) * 16 +
							  nz_hex(p[1]));

			if (d > 0x20 && d < 0x7F) {
				c = d;
				p += 2;
			}
		}
		if (c < 0x20 || c == 0x7F)
			return -1;
		buf_addch(out, nz_lower(c));
		if (out->len > NORMALIZE_DOI_MAX)
			return -1;
	}
	return 0;
}

/* 1 if the closing bracket at the end of b closes nothing in b. */
static int
doi_unbalanced(const struct buf *b, char close)
{
	char open = doi_openers[strchr(doi_closers, close) - doi_closers];
	long depth = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == open)
			depth++;
		else if (b->data[i] == close)
			depth--;
	}
	return depth < 0;
}

static void
doi_strip_trailing(struct buf *b)
{
	while (b->len) {
		char c = b->data[b->len - 1];

		if (b->len >= 5 &&
		    strcmp(b->data + b->len - 5, "[doi]") == 0)
			buf_setlen(b, b->len - 5);
		else if (strchr(doi_trailing, c))
			buf_setlen(b, b->len - 1);
		else if (strchr(doi_closers, c) && doi_unbalanced(b, c))
			buf_setlen(b, b->len - 1);
		else
			break;
	}
}

/* "10." registrant "/" suffix, the registrant digits with inner dots. */
static int
doi_valid(const char *s)
{
	size_t i = 3;

	if (strncmp(s, "10.", 3) != 0 || !nz_is_digit((unsigned char)s[i]))
		return 0;
	while (nz_is_digit((unsigned char)s[i]) || s[i] == '.')
		i++;
	return s[i] == '/' && s[i - 1] != '.' && s[i + 1] != '\0';
}

char *
normalize_doi(const char *s)
{
	struct buf b = BUF_INIT;
	int url = 0;

	if (!s)
		return NULL;
	s = doi_skip_prefixes(s, &url);
	if (doi_copy(s, url, &b) < 0)
		goto fail;
	doi_strip_trailing(&b);
	if (!doi_valid(b.data))
		goto fail;
	return nz_take(&b);
fail:
	buf_release(&b);
	return NULL;
}

/* ---- character references and markup ---- */

struct nz_entity {
	const char *name;
	const char *text;
};

/* Named references seen in titles exported as text (HTML names). */
static const struct nz_entity nz_entities[] = {
	{ "amp", "&" },		/* "&amp;" left by XML-to-text exporters */
	{ "lt", "<" },		/* escaped markup "&lt;i&gt;" */
	{ "gt", ">" },
	{ "quot", "\"" },
	{ "apos", "'" },
	{ "nbsp", " " },	/* HTML no-break space */
	{ "ndash", "-" },	/* "Hemolytic&ndash;Uremic" */
	{ "mdash", "-" },
	{ "lsquo", "'" },	/* quotes and apostrophes from web pages */
	{ "rsquo", "'" },
	{ "ldquo", "\"" },
	{ "rdquo", "\"" },
	{ "szlig", "ss" },	/* letters without a base letter */
	{ "aelig", "ae" },
	{ "oelig", "oe" },
	{ "oslash", "o" },
	{ "micro", "\xC2\xB5" },
	/* Greek letters, as publishers' HTML writes them ("TNF-&alpha;") */
	{ "alpha", "\xCE\xB1" }, { "beta", "\xCE\xB2" },
	{ "gamma", "\xCE\xB3" }, { "delta", "\xCE\xB4" },
	{ "epsilon", "\xCE\xB5" }, { "zeta", "\xCE\xB6" },
	{ "eta", "\xCE\xB7" }, { "theta", "\xCE\xB8" },
	{ "iota", "\xCE\xB9" }, { "kappa", "\xCE\xBA" },
	{ "lambda", "\xCE\xBB" }, { "mu", "\xCE\xBC" },
	{ "nu", "\xCE\xBD" }, { "xi", "\xCE\xBE" },
	{ "omicron", "\xCE\xBF" }, { "pi", "\xCF\x80" },
	{ "rho", "\xCF\x81" }, { "sigma", "\xCF\x83" },
	{ "tau", "\xCF\x84" }, { "upsilon", "\xCF\x85" },
	{ "phi", "\xCF\x86" }, { "chi", "\xCF\x87" },
	{ "psi", "\xCF\x88" }, { "omega", "\xCF\x89" },
};

/*
 * Accented Latin letters are named by the letter and its mark
 * ("&eacute;", "&Uuml;"); the key drops marks, so the letter is enough.
 */
static const char *const nz_entity_marks[] = {
	"acute", "grave", "circ", "uml", "tilde", "ring", "cedil", "caron",
	"macr", "breve", "ogon", "dot",
};

/* An accented letter's reference name[0..n): write the letter. */
static int
nz_marked_letter(const char *name, size_t n, struct buf *out)
{
	if (n < 2 || !nz_is_alpha((unsigned char)name[0]))
		return 0;
	for (size_t i = 0;
	     i < sizeof(nz_entity_marks) / sizeof(nz_entity_marks[0]); i++)
		if (strlen(nz_entity_marks[i]) == n - 1 &&
		    strncmp(name + 1, nz_entity_marks[i], n - 1) == 0) {
			buf_addch(out, name[0]);
			return 1;
		}
	return 0;
}

/* A numeric reference "#233" or "#xE9" (without & and ;) as UTF-8. */
static int
nz_numeric_ref(const char *s, size_t n, struct buf *out)
{
	int base = 10;
	long cp = 0;
	size_t i = 1;
	utf8proc_uint8_t enc[4];

	if (n < 2 || s[0] != '#')
		return 0;
	if (s[1] == 'x' || s[1] == 'X') {
		base = 16;
		i = 2;
	}
	if (i >= n || n - i > 7)
		return 0;
	for (; i < n; i++) {
		int d = base == 16 ? nz_hex((unsigned char)s[i]) :
		       nz_is_digit((unsigned char)s[i]) ? s[i] - '0' : -1;

		if (d < 0)
			return 0;
		cp = cp * base + d;
	}
	if (cp <= 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
		return 0;
	buf_add(out, enc, (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
							 enc));
	return 1;
}

/* Decode the reference at s ("&...;"); returns bytes used, 0 if none. */
static size_t
nz_reference(const char *s, struct buf *out)
{
	size_t n = 0;

	/* the longest reference we decode is "&#x10FFFF;" */
	while (n < 10 && s[n + 1] && s[n + 1] != ';')
		n++;
	if (s[n + 1] != ';')
		return 0;
	if (nz_numeric_ref(s + 1, n, out) || nz_marked_letter(s + 1, n, out))
		return n + 2;
	for (size_t i = 0; i < sizeof(nz_entities) / sizeof(nz_entities[0]);
	     i++) {
		/* any case: the key folds "&Beta;" as it folds "&beta;" */
		if (strlen(nz_entities[i].name) == n &&
		    strncasecmp(s + 1, nz_entities[i].name, n) == 0) {
			buf_adds(out, nz_entities[i].text);
			return n + 2;
		}
	}
	return 0;
}

static void
nz_unescape(const char *s, struct buf *out)
{
	while (*s) {
		size_t used = *s == '&' ? nz_reference(s, out) : 0;

		if (used) {
			s += used;
			continue;
		}
		buf_addch(out, *s++);
	}
}

struct nz_tag {
	const char *name;
	int separates;		/* 1: the tag stands between words */
};

/* Inline markup found in titles (PubMed XML, Crossref JATS, Scopus). */
static const struct nz_tag nz_tags[] = {
	{ "i", 0 },		/* italics: species, genes */
	{ "b", 0 },		/* bold */
	{ "u", 0 },		/* underline */
	{ "em", 0 },
	{ "strong", 0 },
	{ "sub", 0 },		/* subscripts: "CO<sub>2</sub>" */
	{ "sup", 0 },		/* superscripts: "Ca<sup>2+</sup>" */
	{ "inf", 0 },		/* subscript in some publishers' markup */
	{ "sc", 0 },		/* small caps */
	{ "scp", 0 },		/* small caps, Wiley */
	{ "span", 0 },
	{ "italic", 0 },	/* JATS */
	{ "bold", 0 },		/* JATS */
	{ "br", 1 },		/* line break */
	{ "p", 1 },		/* paragraph */
};

/* 1 if name[0..n) is a known tag; *separates tells how to replace it. */
static int
nz_known_tag(const char *name, size_t n, int *separates)
{
	if (n > 4 && strncasecmp(name, "mml:", 4) == 0) {
		*separates = 0;	/* MathML: keep the content, drop the tags */
		return 1;
	}
	for (size_t i = 0; i < sizeof(nz_tags) / sizeof(nz_tags[0]); i++) {
		if (strlen(nz_tags[i].name) == n &&
		    strncasecmp(name, nz_tags[i].name, n) == 0) {
			*separates = nz_tags[i].separates;
			return 1;
		}
	}
	return 0;
}

/* Length of a known tag at s ("<i>", "</sub>", "<br/>"), else 0. */
static size_t
nz_tag_at(const char *s, int *separates)
{
	size_t i = 1, name;

	if (s[i] == '/')
		i++;
	name = i;
	while (nz_is_alpha((unsigned char)s[i]) ||
	       nz_is_digit((unsigned char)s[i]) || s[i] == ':' || s[i] == '-')
		i++;
	if (i == name || !nz_known_tag(s + name, i - name, separates))
		return 0;
	/* attributes, up to the end of the tag */
	for (size_t k = 0; s[i] && s[i] != '<' && k < 1024; i++, k++)
		if (s[i] == '>')
			return i + 1;
	return 0;
}

static void
nz_strip_markup(const char *s, struct buf *out)
{
	while (*s) {
		int separates = 0;
		size_t used = *s == '<' ? nz_tag_at(s, &separates) : 0;

		if (used) {
			if (separates)
				buf_addch(out, ' ');
			s += used;
			continue;
		}
		buf_addch(out, *s++);
	}
}

/* ---- bracketed notes and titles ---- */

/* Remove spaces and the given characters at the end of b. */
static void
nz_trim_end(struct buf *b, const char *also)
{
	while (b->len && (nz_is_space((unsigned char)b->data[b->len - 1]) ||
			  strchr(also, b->data[b->len - 1])))
		buf_setlen(b, b->len - 1);
}

enum nz_note {
	NOTE_NONE,		/* not an Ovid note: part of the title */
	NOTE_WORD,		/* one word, a language after the notes below */
	NOTE_SURE,		/* "[Review]" or "[108 refs]" */
};

/* Languages Ovid and Embase name after a translated title: "[Spanish]". */
static const char *const nz_languages[] = {
	"afrikaans", "arabic", "bulgarian", "catalan", "chinese", "croatian",
	"czech", "danish", "dutch", "english", "estonian", "finnish",
	"french", "german", "greek", "hebrew", "hungarian", "icelandic",
	"indonesian", "italian", "japanese", "korean", "latvian",
	"lithuanian", "malay", "norwegian", "persian", "polish",
	"portuguese", "romanian", "russian", "serbian", "slovak",
	"slovene", "slovenian", "spanish", "swedish", "thai", "turkish",
	"ukrainian", "vietnamese",
};

static int
nz_language(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(nz_languages) / sizeof(*nz_languages);
	     i++)
		if (strlen(nz_languages[i]) == n &&
		    strncasecmp(s, nz_languages[i], n) == 0)
			return 1;
	return 0;
}

/* What the bracket content s[0..n) is as an Ovid trailing note. */
static enum nz_note
nz_note_kind(const char *s, size_t n)
{
	size_t i = 0;

	if ((n == 6 && strncasecmp(s, "review", 6) == 0) || nz_language(s, n))
		return NOTE_SURE;
	while (i < n && nz_is_digit((unsigned char)s[i]))
		i++;
	if (i > 0 && n - i == 5 && strncasecmp(s + i, " refs", 5) == 0)
		return NOTE_SURE;
	for (i = 0; i < n; i++)
		if (!nz_is_alpha((unsigned char)s[i]))
			return NOTE_NONE;
	return n ? NOTE_WORD : NOTE_NONE;
}

/*
 * Ovid MEDLINE ends titles with "[Review] [108 refs] [Romanian]". Remove
 * such a run of bracketed notes when it holds a review or refs note and
 * some title stands before it.
 */
static void
nz_strip_notes(struct buf *b)
{
	size_t cut = 0, end;
	int sure = 0;

	nz_trim_end(b, "");
	end = b->len;
	while (end && b->data[end - 1] == ']') {
		const char *open = NULL;
		enum nz_note kind;

		for (size_t i = end - 1; i > 0 && !open; i--)
			if (b->data[i - 1] == '[')
				open = b->data + i - 1;
			else if (b->data[i - 1] == ']')
				break;
		if (!open || open == b->data)
			break;
		kind = nz_note_kind(open + 1,
				    (size_t)(b->data + end - open) - 2);
		if (kind == NOTE_NONE)
			break;
		sure |= kind == NOTE_SURE;
		cut = (size_t)(open - b->data);
		end = cut;
		while (end && nz_is_space((unsigned char)b->data[end - 1]))
			end--;
	}
	if (sure)
		buf_setlen(b, cut);
}

/*
 * Ovid MEDLINE adds links to other records after a title, often cut
 * short: "Title.[Erratum appears in J Pediatr. 2003 Jun". Everything from
 * such a link on is removed, when some title stands before it.
 */
static void
nz_strip_links(struct buf *b)
{
	static const char *const links[] = {
		"[erratum appears in", "[erratum in", "[comment in",
		"[comment on", "[retraction in", "[retraction of",
		"[retracted", "[update in", "[update of",
		"[summary for patients in", "[republished", "[corrected and republished",
		"[expression of concern in",
	};

	for (size_t at = 1; at < b->len; at++) {
		if (b->data[at] != '[')
			continue;
		for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++)
			if (strncasecmp(b->data + at, links[i],
					strlen(links[i])) == 0) {
				buf_setlen(b, at);
				return;
			}
	}
}

/*
 * "[Effect of X on Y]." -> "Effect of X on Y": only when the first
 * bracket closes at the end, so "[A] and [B]" stays as it is.
 */
static void
nz_unbracket(struct buf *b)
{
	long depth = 0;
	size_t i;

	nz_trim_end(b, ".");
	if (b->len < 2 || b->data[0] != '[' || b->data[b->len - 1] != ']')
		return;
	for (i = 0; i < b->len; i++) {
		depth += b->data[i] == '[';
		depth -= b->data[i] == ']';
		if (depth == 0)
			break;
	}
	if (i != b->len - 1)
		return;
	buf_setlen(b, b->len - 1);
	memmove(b->data, b->data + 1, b->len);	/* with the NUL */
	b->len--;
}

/* ---- folding ---- */

struct nz_letter {
	utf8proc_int32_t cp;
	const char *ascii;
};

/*
 * Letters (after case folding) that Unicode does not decompose but that
 * databases spell in ASCII ("Ørsted" / "Orsted").
 */
static const struct nz_letter nz_letters[] = {
	{ 0x00E6, "ae" },	/* æ, Latin ligature ae */
	{ 0x00F0, "d" },	/* ð, eth */
	{ 0x00F8, "o" },	/* ø, Danish and Norwegian o with stroke */
	{ 0x00FE, "th" },	/* þ, thorn */
	{ 0x0111, "d" },	/* đ, Croatian and Vietnamese d with stroke */
	{ 0x0127, "h" },	/* ħ, Maltese h with stroke */
	{ 0x0131, "i" },	/* ı, Turkish dotless i */
	{ 0x0142, "l" },	/* ł, Polish l with stroke */
	{ 0x0153, "oe" },	/* œ, ligature oe */
	{ 0x0167, "t" },	/* ŧ, t with stroke */
};

/* Apostrophes: removed without a space ("Parkinson's" -> "parkinsons"). */
static const utf8proc_int32_t nz_apostrophes[] = {
	0x0027,			/* ' */
	0x2018,			/* ‘ left single quote, used as one */
	0x2019,			/* ’ right single quotation mark */
	0x02BC,			/* ʼ modifier letter apostrophe */
	0x0060,			/* ` grave accent typed as one */
};

static int
nz_is_apostrophe(utf8proc_int32_t cp)
{
	for (size_t i = 0;
	     i < sizeof(nz_apostrophes) / sizeof(nz_apostrophes[0]); i++)
		if (nz_apostrophes[i] == cp)
			return 1;
	return 0;
}

static int
nz_is_alnum(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/*
 * Greek letters (after case folding: U+03B1 to U+03C9) by their names,
 * as PubMed and many exports spell them: "TNF-α" meets "TNF-alpha".
 * Final sigma folds to sigma before this.
 */
static const char *const nz_greek[] = {
	"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
	"iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
	"sigma", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
};

static void
nz_add_letter(struct buf *out, utf8proc_int32_t cp)
{
	utf8proc_uint8_t enc[4];

	if (cp >= 0x03B1 && cp <= 0x03C9) {
		buf_adds(out, nz_greek[cp - 0x03B1]);
		return;
	}
	for (size_t i = 0; i < sizeof(nz_letters) / sizeof(nz_letters[0]); i++)
		if (nz_letters[i].cp == cp) {
			buf_adds(out, nz_letters[i].ascii);
			return;
		}
	buf_add(out, enc, (size_t)utf8proc_encode_char(cp, enc));
}

/*
 * Fold s (case, compatibility forms, marks, ignorables) and keep its
 * letters and digits; with spaces, each run of anything else becomes one
 * space between them, else it is dropped. Returns -1 on invalid UTF-8.
 */
static int
nz_fold(const char *s, size_t n, int spaces, struct buf *out)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len, i = 0;
	int gap = 0;

	len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			   &folded,
			   UTF8PROC_STABLE | UTF8PROC_COMPOSE |
				   UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
				   UTF8PROC_IGNORE | UTF8PROC_STRIPMARK);
	if (len < 0)
		return -1;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(folded + i, len - i, &cp);

		i += k > 0 ? k : 1;
		if (k > 0 && nz_is_alnum(cp)) {
			if (gap && spaces && out->len)
				buf_addch(out, ' ');
			gap = 0;
			nz_add_letter(out, cp);
		} else if (k <= 0 || !nz_is_apostrophe(cp)) {
			gap = 1;
		}
	}
	free(folded);
	return 0;
}

/* ---- titles and names ---- */

/* Keys of titles that stand for "no title" (PubMed, Embase, Scopus). */
static const char *const nz_no_titles[] = {
	"not available",	/* PubMed "[Not Available]." */
	"no title available",	/* Embase, Scopus */
	"no title",
	"title not available",
	"untitled",
};

static int
nz_placeholder(const char *key)
{
	for (size_t i = 0; i < sizeof(nz_no_titles) / sizeof(nz_no_titles[0]);
	     i++)
		if (strcmp(key, nz_no_titles[i]) == 0)
			return 1;
	return 0;
}

char *
normalize_title(const char *s)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	char *key = NULL;

	if (!s)
		return NULL;
	nz_unescape(s, &a);
	nz_strip_markup(a.data, &b);
	nz_strip_links(&b);
	nz_strip_notes(&b);
	nz_unbracket(&b);
	buf_reset(&a);
	if (nz_fold(b.data, b.len, 1, &a) == 0)
		key = nz_take(&a);
	if (key && nz_placeholder(key)) {
		free(key);
		key = NULL;
	}
	buf_release(&a);
	buf_release(&b);
	return key;
}

char *
normalize_name(const char *family)
{
	struct buf b = BUF_INIT;

	if (!family || nz_fold(family, strlen(family), 0, &b) < 0) {
		buf_release(&b);
		return NULL;
	}
	return nz_take(&b);
}

/* ---- pages ---- */

#define NZ_PAGE_MAX 32		/* longest page we take: "e0209483" is 8 */
#define NZ_RANGES_MAX 16	/* ranges compared in one field */

struct nz_range {
	char first[NZ_PAGE_MAX];
	char last[NZ_PAGE_MAX];	/* expanded; equal to first for one page */
};

/* Dashes between pages, beside "-" (UTF-8). */
static const char *const nz_dashes[] = {
	"\xE2\x80\x90",		/* U+2010 hyphen */
	"\xE2\x80\x91",		/* U+2011 non-breaking hyphen */
	"\xE2\x80\x92",		/* U+2012 figure dash */
	"\xE2\x80\x93",		/* U+2013 en dash, the typographer's range */
	"\xE2\x80\x94",		/* U+2014 em dash */
	"\xE2\x80\x95",		/* U+2015 horizontal bar */
	"\xE2\x88\x92",		/* U+2212 minus sign */
};

/* Length of a dash at s, else 0. */
static size_t
nz_dash(const char *s)
{
	if (*s == '-')
		return 1;
	for (size_t i = 0; i < sizeof(nz_dashes) / sizeof(nz_dashes[0]); i++)
		if (strncmp(s, nz_dashes[i], 3) == 0)
			return 3;
	return 0;
}

static const char *
nz_skip_blanks(const char *s)
{
	while (nz_is_space((unsigned char)*s))
		s++;
	return s;
}

/* 1 if a token can be a page: it has a digit or is a roman numeral. */
static int
nz_page_like(const char *t)
{
	if (strpbrk(t, "0123456789"))
		return 1;
	return *t && strspn(t, "ivxlcdm") == strlen(t);
}

/*
 * Read a run of ASCII letters and digits at *s into tok, lowercased.
 * Returns its length, or -1 when it does not fit.
 */
static int
nz_token(const char **s, char tok[NZ_PAGE_MAX])
{
	size_t n = 0;
	const char *p = *s;

	while (nz_is_alpha((unsigned char)*p) ||
	       nz_is_digit((unsigned char)*p)) {
		if (n + 1 >= NZ_PAGE_MAX)
			return -1;
		tok[n++] = (char)nz_lower((unsigned char)*p++);
	}
	tok[n] = '\0';
	*s = p;
	return (int)n;
}

/*
 * An end page of digits alone takes the letters and the leading digits
 * it lacks from the first page: "1560" "71" -> "1571", "s129" "35" ->
 * "s135", "s129" "135" -> "s135".
 */
static void
nz_expand(const char *first, char last[NZ_PAGE_MAX])
{
	size_t lp = strspn(first, "abcdefghijklmnopqrstuvwxyz");
	size_t fd = strspn(first + lp, "0123456789");
	size_t ld = strlen(last);
	size_t keep = lp + (fd > ld ? fd - ld : 0);
	char full[NZ_PAGE_MAX];

	if (first[lp + fd] != '\0' || fd == 0 || ld == 0 ||
	    strspn(last, "0123456789") != ld || keep + ld >= NZ_PAGE_MAX)
		return;
	memcpy(full, first, keep);
	memcpy(full + keep, last, ld + 1);
	memcpy(last, full, keep + ld + 1);
}

/* "01" is page 1: spreadsheets and some exports pad pages with zeros. */
static void
nz_strip_zeros(char tok[NZ_PAGE_MAX])
{
	size_t z = strspn(tok, "0");

	if (z && nz_is_digit((unsigned char)tok[z]) &&
	    strspn(tok, "0123456789") == strlen(tok))
		memmove(tok, tok + z, strlen(tok + z) + 1);
}

/*
 * A spreadsheet reads the pages "1-6" as a date and writes "01-Jun", or
 * "12-15" as "Dec-15": a month's name beside a number is its number.
 */
static const char *const nz_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};

/* Replace a month's name in tok by its number; 1 if it was one. */
static int
nz_month(char tok[NZ_PAGE_MAX])
{
	for (int i = 0; i < 12; i++)
		if (strcmp(tok, nz_months[i]) == 0) {
			tok[0] = (char)(i >= 9 ? '1' : '0' + i + 1);
			tok[1] = i >= 9 ? (char)('0' + i - 9) : '\0';
			tok[2] = '\0';
			return 1;
		}
	return 0;
}

/* "Dec-15": a month, a dash and digits at *s; the month as a number. */
static int
nz_month_first(const char **s, struct nz_range *r)
{
	const char *q = *s;
	char tok[NZ_PAGE_MAX];

	if (nz_token(&q, tok) <= 0 || !nz_month(tok))
		return 0;
	q = nz_skip_blanks(q);
	if (!nz_dash(q) || !nz_is_digit((unsigned char)
					 *nz_skip_blanks(q + nz_dash(q))))
		return 0;
	memcpy(r->first, tok, NZ_PAGE_MAX);
	*s = q;
	return 1;
}

/*
 * After a first page: a dash and an end page, expanded into r->last.
 * Without them nothing is read. Returns -1 on a page too long.
 */
static int
nz_range_end(const char **s, struct nz_range *r)
{
	const char *q = nz_skip_blanks(*s);
	size_t d = nz_dash(q);
	char tok[NZ_PAGE_MAX];

	if (!d)
		return 0;
	q = nz_skip_blanks(q + d);
	if (nz_token(&q, tok) < 0)
		return -1;
	if (strspn(r->first, "0123456789") == strlen(r->first))
		nz_month(tok);
	if (!nz_page_like(tok))
		return 0;
	nz_strip_zeros(tok);
	nz_expand(r->first, tok);
	memcpy(r->last, tok, NZ_PAGE_MAX);
	*s = q;
	return 0;
}

/*
 * The next range in *s: skips words that are not pages ("pp", "Article")
 * and separators. Returns 1 with a range, 0 at the end, -1 on a page too
 * long to be one.
 */
static int
nz_next_range(const char **s, struct nz_range *r)
{
	const char *p = *s;

	for (;;) {
		while (*p && !nz_is_alpha((unsigned char)*p) &&
		       !nz_is_digit((unsigned char)*p))
			p++;
		if (!*p)
			return 0;
		if (nz_month_first(&p, r))
			break;
		if (nz_token(&p, r->first) < 0)
			return -1;
		if (nz_page_like(r->first))
			break;
	}
	nz_strip_zeros(r->first);
	memcpy(r->last, r->first, NZ_PAGE_MAX);
	if (nz_range_end(&p, r) < 0)
		return -1;
	*s = p;
	return 1;
}

/* All ranges of a field; returns how many, or -1 if unreadable. */
static int
nz_ranges(const char *s, struct nz_range v[NZ_RANGES_MAX])
{
	int n = 0, rc;

	if (!s)
		return -1;
	while ((rc = nz_next_range(&s, &v[n])) == 1)
		if (++n == NZ_RANGES_MAX)
			return -1;
	return rc < 0 ? -1 : n;
}

/* Words after a number that make it a count of pages ("215 p."). */
static const char *const nz_count_words[] = { "p", "pp", "pages" };

/* Is the single page r, followed by s, a count of pages? */
static int
nz_page_count(const struct nz_range *r, const char *s)
{
	char tok[NZ_PAGE_MAX];

	if (strcmp(r->first, r->last) != 0)
		return 0;
	s = nz_skip_blanks(s);
	if (nz_token(&s, tok) <= 0)
		return 0;
	for (size_t i = 0; i < sizeof(nz_count_words) / sizeof(*nz_count_words);
	     i++)
		if (strcmp(tok, nz_count_words[i]) == 0)
			return 1;
	return 0;
}

int
normalize_first_page(const char *pages, char *out, size_t size)
{
	struct nz_range r;
	const char *s = pages;

	if (out && size)
		out[0] = '\0';
	if (!pages || !out || nz_next_range(&s, &r) != 1 ||
	    strlen(r.first) >= size || nz_page_count(&r, s))
		return -1;
	memcpy(out, r.first, strlen(r.first) + 1);
	return 0;
}

/* A page as its letters before the number and the number. */
static int
nz_page_number(const char *page, size_t *letters, long *number)
{
	size_t lp = strspn(page, "abcdefghijklmnopqrstuvwxyz");
	size_t nd = strspn(page + lp, "0123456789");

	if (!nd || page[lp + nd] || nd > 9)
		return -1;
	*letters = lp;
	*number = strtol(page + lp, NULL, 10);
	return 0;
}

int
normalize_page_span(const char *pages, long *first, long *last)
{
	struct nz_range r;
	const char *s = pages;
	size_t lf, ll;

	if (!pages || nz_next_range(&s, &r) != 1 || nz_page_count(&r, s) ||
	    nz_page_number(r.first, &lf, first) < 0 ||
	    nz_page_number(r.last, &ll, last) < 0)
		return -1;
	/* "S12-S15" is a span, "S12-15" was expanded to it; "e1-12" is not */
	if (lf != ll || memcmp(r.first, r.last, lf) != 0 || *last < *first)
		return -1;
	return 0;
}

static int
nz_range_order(const void *x, const void *y)
{
	const struct nz_range *a = x, *b = y;
	int c = strcmp(a->first, b->first);

	return c ? c : strcmp(a->last, b->last);
}

int
normalize_pages_equal(const char *a, const char *b)
{
	struct nz_range ra[NZ_RANGES_MAX], rb[NZ_RANGES_MAX];
	int na = nz_ranges(a, ra), nb = nz_ranges(b, rb);

	if (na <= 0 || na != nb)
		return 0;
	/* Databases list the parts of a scattered article in any order. */
	if (na > 1) {
		qsort(ra, (size_t)na, sizeof(*ra), nz_range_order);
		qsort(rb, (size_t)nb, sizeof(*rb), nz_range_order);
	}
	for (int i = 0; i < na; i++)
		if (strcmp(ra[i].first, rb[i].first) != 0 ||
		    strcmp(ra[i].last, rb[i].last) != 0)
			return 0;
	return 1;
}
