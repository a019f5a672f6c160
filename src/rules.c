/*
 * rules: automation rules and what they hit.
 *
 * Records never change after import and their ids only grow, so each
 * rule remembers the last record id it has checked (checked_to) and only
 * newer records are ever looked at again. A hit is a fact kept for good;
 * removing a rule only makes its hits stop counting (screen.c reads them).
 */
#include "rules.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "json.h"
#include "xalloc.h"
#include "banned.h"

/* ---- names ---- */

static const char *const kind_names[] = {
	[RULE_YEAR] = "year",
	[RULE_LANGUAGE] = "language",
	[RULE_PUBTYPE] = "pubtype",
	[RULE_PATTERN] = "pattern",
};

static const char *const field_names[] = {
	[RULE_FIELD_ANY] = "any",
	[RULE_FIELD_TITLE] = "title",
	[RULE_FIELD_ABSTRACT] = "abstract",
};

int
rule_kind_parse(const char *name, enum rule_kind *kind)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(*kind_names); i++)
		if (!strcmp(name, kind_names[i])) {
			*kind = (enum rule_kind)i;
			return 0;
		}
	return -1;
}

const char *
rule_kind_name(enum rule_kind kind)
{
	return kind_names[kind];
}

int
rule_field_parse(const char *name, enum rule_field *field)
{
	for (size_t i = 0; i < sizeof(field_names) / sizeof(*field_names); i++)
		if (!strcmp(name, field_names[i])) {
			*field = (enum rule_field)i;
			return 0;
		}
	return -1;
}

const char *
rule_field_name(enum rule_field field)
{
	return field_names[field];
}

/* ---- text helpers ---- */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* s[0..*n) without spaces at either end. */
static const char *
trimmed(const char *s, size_t *n)
{
	while (*n && is_space((unsigned char)*s)) {
		s++;
		(*n)--;
	}
	while (*n && is_space((unsigned char)s[*n - 1]))
		(*n)--;
	return s;
}

/* s[0..n) equals the string t, ignoring ASCII case. */
static int
same_text(const char *s, size_t n, const char *t)
{
	return strlen(t) == n && strncasecmp(s, t, n) == 0;
}

/* Call f on each trimmed, non-empty piece of s between separators. */
static void
each_piece(const char *s, const char *seps,
	   void (*f)(void *ctx, const char *p, size_t n), void *ctx)
{
	while (*s) {
		size_t len = strcspn(s, seps), n = len;
		const char *p = trimmed(s, &n);

		if (n)
			f(ctx, p, n);
		s += len;
		if (*s)
			s++;
	}
}

/* "A", "A or B", "A, B or C" */
static void
add_or_list(struct buf *b, const struct strlist *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(b, i + 1 == n ? " or " : ", ");
		buf_adds(b, l->v[i]);
	}
}

/* ---- languages ---- */

struct language {
	const char *name;	/* English name, as shown and stored */
	const char *codes;	/* ISO 639-1, 639-2/B, 639-2/T, other names */
};

/*
 * The languages of MEDLINE's LA field and more. Exports name them by
 * MEDLINE's ISO 639-2/B code ("eng", "ger", "chi"), by English name
 * (Embase, Scopus, Web of Science, most RIS: "English"), by ISO 639-1
 * code (OpenAlex, Zotero: "en", "en-GB"), and now and then by 639-2/T
 * code ("deu", "zho") or the language's own name ("Español").
 */
static const struct language languages[] = {
	{ "Afrikaans", "af|afr" },
	{ "Albanian", "sq|alb|sqi" },
	{ "Amharic", "am|amh" },
	{ "Arabic", "ar|ara" },
	{ "Armenian", "hy|arm|hye" },
	{ "Azerbaijani", "az|aze" },
	{ "Basque", "eu|baq|eus" },
	{ "Belarusian", "be|bel" },
	{ "Bengali", "bn|ben|Bangla" },
	{ "Bosnian", "bs|bos" },
	{ "Bulgarian", "bg|bul" },
	{ "Burmese", "my|bur|mya" },
	{ "Catalan", "ca|cat" },
	{ "Chinese", "zh|chi|zho|Mandarin|Cantonese" },
	{ "Croatian", "hr|hrv|scr" },
	{ "Czech", "cs|cze|ces" },
	{ "Danish", "da|dan|Dansk" },
	{ "Dutch", "nl|dut|nld|Flemish|Nederlands" },
	{ "English", "en|eng" },
	{ "Esperanto", "eo|epo" },
	{ "Estonian", "et|est" },
	{ "Filipino", "fil|tl|tgl|Tagalog" },
	{ "Finnish", "fi|fin|Suomi" },
	{ "French", "fr|fre|fra|Français|Francais" },
	{ "Galician", "gl|glg" },
	{ "Georgian", "ka|geo|kat" },
	{ "German", "de|ger|deu|Deutsch" },
	{ "Greek", "el|gre|ell|Modern Greek" },
	{ "Gujarati", "gu|guj" },
	{ "Hausa", "ha|hau" },
	{ "Hebrew", "he|heb|iw" },
	{ "Hindi", "hi|hin" },
	{ "Hungarian", "hu|hun|Magyar" },
	{ "Icelandic", "is|ice|isl" },
	{ "Indonesian", "id|ind|Bahasa Indonesia" },
	{ "Irish", "ga|gle" },
	{ "Italian", "it|ita|Italiano" },
	{ "Japanese", "ja|jpn" },
	{ "Kannada", "kn|kan" },
	{ "Kazakh", "kk|kaz" },
	{ "Khmer", "km|khm" },
	{ "Kinyarwanda", "rw|kin" },
	{ "Korean", "ko|kor" },
	{ "Kurdish", "ku|kur" },
	{ "Kyrgyz", "ky|kir|Kirghiz" },
	{ "Lao", "lo|lao" },
	{ "Latin", "la|lat" },
	{ "Latvian", "lv|lav" },
	{ "Lithuanian", "lt|lit" },
	{ "Luxembourgish", "lb|ltz" },
	{ "Macedonian", "mk|mac|mkd" },
	{ "Malagasy", "mg|mlg" },
	{ "Malay", "ms|may|msa" },
	{ "Malayalam", "ml|mal" },
	{ "Maltese", "mt|mlt" },
	{ "Maori", "mi|mao|mri" },
	{ "Marathi", "mr|mar" },
	{ "Mongolian", "mn|mon" },
	{ "Nepali", "ne|nep" },
	{ "Norwegian", "no|nor|nb|nob|nn|nno|Norsk|Bokmål|Nynorsk|"
		       "Norwegian Bokmål|Norwegian Nynorsk" },
	{ "Pashto", "ps|pus|Pushto" },
	{ "Persian", "fa|per|fas|Farsi" },
	{ "Polish", "pl|pol|Polski" },
	{ "Portuguese", "pt|por|Português|Portugues" },
	{ "Punjabi", "pa|pan|Panjabi" },
	{ "Romanian", "ro|rum|ron|Moldavian|Moldovan" },
	{ "Russian", "ru|rus" },
	{ "Sanskrit", "sa|san" },
	{ "Scottish Gaelic", "gd|gla|Gaelic" },
	{ "Serbian", "sr|srp|scc" },
	{ "Serbo-Croatian", "sh|hbs" },
	{ "Sinhala", "si|sin|Sinhalese" },
	{ "Slovak", "sk|slo|slk" },
	{ "Slovenian", "sl|slv|Slovene" },
	{ "Somali", "so|som" },
	{ "Spanish", "es|spa|Castilian|Español|Espanol" },
	{ "Swahili", "sw|swa" },
	{ "Swedish", "sv|swe|Svenska" },
	{ "Tajik", "tg|tgk" },
	{ "Tamil", "ta|tam" },
	{ "Telugu", "te|tel" },
	{ "Thai", "th|tha" },
	{ "Tibetan", "bo|tib|bod" },
	{ "Turkish", "tr|tur|Türkçe" },
	{ "Turkmen", "tk|tuk" },
	{ "Ukrainian", "uk|ukr" },
	{ "Urdu", "ur|urd" },
	{ "Uzbek", "uz|uzb" },
	{ "Vietnamese", "vi|vie" },
	{ "Welsh", "cy|wel|cym" },
	{ "Xhosa", "xh|xho" },
	{ "Yiddish", "yi|yid" },
	{ "Yoruba", "yo|yor" },
	{ "Zulu", "zu|zul" },
};

#define NLANGUAGES (sizeof(languages) / sizeof(*languages))

/*
 * Values that name no language: MEDLINE's "und" (undetermined) and
 * ISO's "zxx" (no linguistic content). A record with only these names
 * no language. ("mul", several languages, is left unrecognised: one of
 * them may be a language kept.)
 */
static const char *const no_language[] = {
	"und", "zxx", "Undetermined", "Unknown", "No linguistic content",
};

/*
 * The language s[0..n) names exactly (any case), or NULL; by its English
 * name and other names only unless codes.
 */
static const struct language *
language_exact(const char *s, size_t n, int codes)
{
	for (size_t i = 0; i < NLANGUAGES; i++) {
		const char *c = languages[i].codes;

		if (same_text(s, n, languages[i].name))
			return &languages[i];
		while (*c) {
			size_t len = strcspn(c, "|");
			/* codes are the lower-case entries: "en", "eng" */
			int code = *c >= 'a' && *c <= 'z';

			if ((codes || !code) && len == n &&
			    strncasecmp(s, c, n) == 0)
				return &languages[i];
			c += len;
			if (*c)
				c++;
		}
	}
	return NULL;
}

static int
is_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* The sentinel for values that name no language. */
static const struct language none = { "", "" };

/*
 * The language s[0..n) names: exactly, else by its first word, which
 * reads "en-GB", "pt_BR", "Chinese (Simplified)" and "English <!-- ...
 * -->" (a web page's remains in a real export). A first word followed by
 * anything but a region tag must be a name: "no" is Norwegian only alone.
 * &none for "und"; NULL if unknown.
 */
static const struct language *
language_find(const char *s, size_t n)
{
	const struct language *l;
	size_t w = 0;

	s = trimmed(s, &n);
	for (size_t i = 0; i < sizeof(no_language) / sizeof(*no_language); i++)
		if (same_text(s, n, no_language[i]))
			return &none;
	if ((l = language_exact(s, n, 1)))
		return l;
	while (w < n && is_letter((unsigned char)s[w]))
		w++;
	if (!w || w == n)
		return NULL;
	return language_exact(s, w, s[w] == '-' || s[w] == '_');
}

const char *
rules_language_name(const char *s)
{
	const struct language *l = language_find(s, strlen(s));

	return l && l != &none ? l->name : NULL;
}

/* ---- publication types ---- */

/*
 * Names of one publication type across databases, so that leaving out
 * one leaves out all. RIS type codes are compared with the record's type.
 * RIS has no type for an editorial, letter or comment: those come from
 * the publication types (PubMed PT, Embase and Ovid M3, EndNote's work
 * type), which already use those words.
 */
static const char *const pubtype_names[][7] = {
	/* Embase, EndNote ("Journal: Conference Abstract"); WoS; RIS */
	{ "Conference Abstract", "Meeting Abstract", "ABST" },
	{ "Conference Paper", "Proceedings Paper", "Conference Proceeding",
	  "Meeting paper", "CPAPER", "CONF" },
	{ "Conference Review", "Meeting Review" },
	{ "Editorial", "Editorial Material" },		/* WoS */
	{ "Erratum", "Published Erratum", "Correction" },
	{ "Case Reports", "Case Report" },
	{ "Book", "BOOK", "EBOOK", "EDBOOK" },
	{ "Book Chapter", "Chapter", "CHAP", "ECHAP" },
	{ "Thesis", "Dissertation", "THES" },
	{ "Report", "Technical Report", "RPRT" },
	{ "News", "Newspaper Article", "NEWS" },
	{ "Article in Press", "INPR" },
	{ "Patent", "PAT" },
};

/* Add s[0..n) to l unless it is there (in any case). */
static void
add_unique(struct strlist *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (same_text(s, n, l->v[i]))
			return;
	strlist_add(l, s, n);
}

/* Add the other names of the type s[0..n) to l. */
static void
add_pubtype_names(struct strlist *l, const char *s, size_t n)
{
	size_t rows = sizeof(pubtype_names) / sizeof(*pubtype_names);

	for (size_t r = 0; r < rows; r++) {
		const char *const *names = pubtype_names[r];
		int in = 0;

		for (size_t i = 0; i < 7 && names[i]; i++)
			in |= same_text(s, n, names[i]);
		for (size_t i = 0; in && i < 7 && names[i]; i++)
			add_unique(l, names[i], strlen(names[i]));
	}
}

static int
pubtype_left_out(const struct rule *r, const char *s, size_t n)
{
	for (size_t i = 0; i < r->terms.n; i++)
		if (same_text(s, n, r->terms.v[i]))
			return 1;
	return 0;
}

/*
 * One publication type of a record against the rule. EndNote joins a
 * record's PubMed types with "; ", and Embase through EndNote writes
 * "Journal: Editorial": each part counts, and so does the part after
 * the colon.
 */
static int
pubtype_hits(const struct rule *r, const char *value)
{
	while (*value) {
		size_t len = strcspn(value, ";"), n = len;
		const char *p = trimmed(value, &n);
		const char *colon = memchr(p, ':', n);

		if (n && pubtype_left_out(r, p, n))
			return 1;
		if (colon) {
			size_t rest = n - (size_t)(colon + 1 - p);
			const char *tail = trimmed(colon + 1, &rest);

			if (rest && pubtype_left_out(r, tail, rest))
				return 1;
		}
		value += len;
		if (*value)
			value++;
	}
	return 0;
}

/* ---- patterns ---- */

struct rule_re {
	pcre2_code *code;
	pcre2_match_data *md;
};

static void
re_free(struct rule_re *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

/* Characters (not bytes) in s[0..n): PCRE2 counts its offsets in bytes. */
static size_t
utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* 1 if matched, 0 if not, -1 with err. */
static int
re_match(struct rule_re *re, const char *s, size_t n, struct sk_err *err)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->md, NULL);
	PCRE2_UCHAR msg[256];

	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return sk_fail(err, SK_E_INPUT, NULL, 0, "the pattern cannot be "
		       "matched (%s): make it simpler", (const char *)msg);
}

static int
re_compile(struct rule *r, struct sk_err *err)
{
	int code;
	PCRE2_SIZE off;
	PCRE2_UCHAR msg[256];
	struct rule_re *re;

	if (!*r->value)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the pattern is empty");
	re = xcalloc(1, sizeof(*re));
	/* Records hold valid UTF-8 (the import sees to it); were one not to,
	 * PCRE2_MATCH_INVALID_UTF lets the match go on instead of failing. */
	re->code = pcre2_compile((PCRE2_SPTR)r->value, PCRE2_ZERO_TERMINATED,
				 PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP |
				 PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	if (!re->code) {
		free(re);
		pcre2_get_error_message(code, msg, sizeof(msg));
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the pattern '%s' is not valid: %s (at "
			       "character %zu)", r->value, (const char *)msg,
			       utf8_chars(r->value, off) + 1);
	}
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	r->re = re;
	/* "x*" or "a|" match any text: the rule would hit every record. */
	if (re_match(re, "", 0, err) != 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the pattern '%s' matches empty text, so it "
			       "would hit every record", r->value);
	return 0;
}

/* ---- building rules ---- */

/* A year of four digits at *p; moves *p past it. */
static int
read_year(const char **p, int *year)
{
	const char *s = *p;
	int y = 0, i;

	for (i = 0; i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
		y = y * 10 + (s[i] - '0');
	if (i < 4 || (s[4] >= '0' && s[4] <= '9') || y < 1000 || y > 2999)
		return -1;
	*year = y;
	*p = s + 4;
	return 0;
}

static const char *
skip_spaces(const char *s)
{
	while (is_space((unsigned char)*s))
		s++;
	return s;
}

/* A dash: '-', or the en dash or hyphen a copied label may hold. */
static const char *
skip_dash(const char *s)
{
	if (*s == '-')
		return s + 1;
	if (!strncmp(s, "\xE2\x80\x93", 3) || !strncmp(s, "\xE2\x80\x90", 3))
		return s + 3;
	return NULL;
}

static int
build_year(struct rule *r, const char *value, struct sk_err *err)
{
	const char *p = skip_spaces(value), *after;
	int dash = 0;

	if (!skip_dash(p) && read_year(&p, &r->year_from) < 0)
		goto bad;
	p = skip_spaces(p);
	if ((after = skip_dash(p))) {
		dash = 1;
		p = skip_spaces(after);
		if (*p && read_year(&p, &r->year_to) < 0)
			goto bad;
		p = skip_spaces(p);
	}
	if (*p || (!r->year_from && !r->year_to))
		goto bad;
	if (!dash)
		r->year_to = r->year_from;
	if (r->year_to && r->year_from > r->year_to)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the range of years '%s' ends before it starts",
			       value);
	if (r->year_from == r->year_to) {
		r->value = xasprintf("%d", r->year_from);
		r->label = xasprintf("year other than %d", r->year_from);
	} else if (r->year_from && r->year_to) {
		r->value = xasprintf("%d-%d", r->year_from, r->year_to);
		r->label = xasprintf("year outside %d\xE2\x80\x93%d",
				     r->year_from, r->year_to);
	} else if (r->year_from) {
		r->value = xasprintf("%d-", r->year_from);
		r->label = xasprintf("year before %d", r->year_from);
	} else {
		r->value = xasprintf("-%d", r->year_to);
		r->label = xasprintf("year after %d", r->year_to);
	}
	return 0;
bad:
	return sk_fail(err, SK_E_USAGE, NULL, 0,
		       "'%s' is not a range of years: write 2000-2022, 2000- "
		       "(from 2000 on), -2022 (up to 2022) or 2022", value);
}

struct language_list {
	struct strlist *kept;
	struct buf unknown;	/* the first piece not recognised */
};

static void
add_language(void *ctx, const char *p, size_t n)
{
	struct language_list *ll = ctx;
	const struct language *l = language_exact(p, n, 1);

	if (l)
		add_unique(ll->kept, l->name, strlen(l->name));
	else if (!ll->unknown.len)
		buf_add(&ll->unknown, p, n);
}

static int
build_language(struct rule *r, const char *value, struct sk_err *err)
{
	struct language_list ll = { &r->terms, BUF_INIT };
	struct buf b = BUF_INIT;
	int rc = 0;

	each_piece(value, ",;", add_language, &ll);
	if (ll.unknown.len)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "'%s' is not a language scopekit knows: write its "
			     "English name (Spanish) or its ISO code (es, spa)",
			     ll.unknown.data);
	else if (!r->terms.n)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0,
			     "name the languages to keep, e.g. 'English, "
			     "Spanish'");
	buf_release(&ll.unknown);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < r->terms.n; i++) {
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, r->terms.v[i]);
	}
	r->value = buf_detach(&b, NULL);
	buf_adds(&b, "language not ");
	add_or_list(&b, &r->terms, r->terms.n);
	r->label = buf_detach(&b, NULL);
	return 0;
}

static void
add_piece(void *ctx, const char *p, size_t n)
{
	add_unique(ctx, p, n);
}

/*
 * Types are separated by ';' when stored, and by ',' when typed unless
 * the value holds a ';' ("Research Support, Non-U.S. Gov't; Letter").
 */
static int
build_pubtype(struct rule *r, const char *value, int stored,
	      struct sk_err *err)
{
	struct buf b = BUF_INIT;
	size_t given;

	each_piece(value, stored || strchr(value, ';') ? ";" : ",", add_piece,
		   &r->terms);
	if (!r->terms.n)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "name the publication types to leave out, e.g. "
			       "'Editorial, Letter'");
	given = r->terms.n;
	for (size_t i = 0; i < given; i++) {
		if (i)
			buf_adds(&b, "; ");
		buf_adds(&b, r->terms.v[i]);
	}
	r->value = buf_detach(&b, NULL);
	buf_adds(&b, "publication type ");
	add_or_list(&b, &r->terms, given);
	r->label = buf_detach(&b, NULL);
	/* Only now: the other names are matched but not shown. */
	for (size_t i = 0; i < given; i++)
		add_pubtype_names(&r->terms, r->terms.v[i],
				  strlen(r->terms.v[i]));
	return 0;
}

static int
build_pattern(struct rule *r, const char *value, struct sk_err *err)
{
	static const char *const where[] = {
		[RULE_FIELD_ANY] = "title or abstract",
		[RULE_FIELD_TITLE] = "title",
		[RULE_FIELD_ABSTRACT] = "abstract",
	};

	r->value = xstrdup(value);
	r->label = xasprintf("%s matches /%s/", where[r->field], value);
	return re_compile(r, err);
}

static int
rule_build(struct rule *r, enum rule_kind kind, const char *value,
	   enum rule_field field, int stored, struct sk_err *err)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->field = kind == RULE_PATTERN ? field : RULE_FIELD_ANY;
	switch (kind) {
	case RULE_YEAR:
		return build_year(r, value, err);
	case RULE_LANGUAGE:
		return build_language(r, value, err);
	case RULE_PUBTYPE:
		return build_pubtype(r, value, stored, err);
	case RULE_PATTERN:
		return build_pattern(r, value, err);
	}
	return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown kind of rule");
}

int
rule_parse(struct rule *r, enum rule_kind kind, const char *value,
	   enum rule_field field, struct sk_err *err)
{
	return rule_build(r, kind, value, field, 0, err);
}

void
rule_release(struct rule *r)
{
	free(r->value);
	free(r->label);
	strlist_release(&r->terms);
	re_free(r->re);
	memset(r, 0, sizeof(*r));
}

/* ---- matching ---- */

static int
match_year(const struct rule *r, const struct record *rec)
{
	if (!rec->year)
		return RULE_MISS;	/* no year: a person decides */
	if ((r->year_from && rec->year < r->year_from) ||
	    (r->year_to && rec->year > r->year_to))
		return RULE_HIT;
	return RULE_MISS;
}

struct language_tally {
	const struct rule *r;
	int named, kept, unknown;
};

static void
tally_language(void *ctx, const char *p, size_t n)
{
	struct language_tally *t = ctx;
	const struct language *l = language_find(p, n);

	if (!l) {
		t->unknown++;
		return;
	}
	if (l == &none)
		return;
	t->named++;
	for (size_t i = 0; i < t->r->terms.n; i++)
		if (!strcmp(t->r->terms.v[i], l->name))
			t->kept++;
}

/*
 * Hit only when the record names languages, recognises them all, and
 * keeps none: a record in English and Portuguese stays for English.
 */
static int
match_language(const struct rule *r, const struct record *rec)
{
	struct language_tally t = { r, 0, 0, 0 };

	/* Some exports put several languages in one value: "eng; fre". */
	for (size_t i = 0; i < rec->languages.n; i++)
		each_piece(rec->languages.v[i], ";,", tally_language, &t);
	if (t.kept)
		return RULE_MISS;
	if (t.unknown)
		return RULE_UNSURE;
	return t.named ? RULE_HIT : RULE_MISS;
}

static int
match_pubtype(const struct rule *r, const struct record *rec)
{
	if (rec->type && pubtype_left_out(r, rec->type, strlen(rec->type)))
		return RULE_HIT;
	for (size_t i = 0; i < rec->pubtypes.n; i++)
		if (pubtype_hits(r, rec->pubtypes.v[i]))
			return RULE_HIT;
	return RULE_MISS;
}

static int
match_pattern(struct rule *r, const struct record *rec, struct sk_err *err)
{
	const char *texts[2] = { NULL, NULL };
	int m;

	if (r->field != RULE_FIELD_ABSTRACT)
		texts[0] = rec->title;
	if (r->field != RULE_FIELD_TITLE)
		texts[1] = rec->abstract;
	for (int i = 0; i < 2; i++) {
		if (!texts[i])
			continue;
		m = re_match(r->re, texts[i], strlen(texts[i]), err);
		if (m)
			return m < 0 ? -1 : RULE_HIT;
	}
	return RULE_MISS;
}

int
rule_match(struct rule *r, const struct record *rec, struct sk_err *err)
{
	switch (r->kind) {
	case RULE_YEAR:
		return match_year(r, rec);
	case RULE_LANGUAGE:
		return match_language(r, rec);
	case RULE_PUBTYPE:
		return match_pubtype(r, rec);
	case RULE_PATTERN:
		return match_pattern(r, rec, err);
	}
	return RULE_MISS;
}

/* ---- checking records in the store ---- */

/* What each kind reads; rows without those fields can never be hit. */
static const char *const check_sql[] = {
	[RULE_YEAR] = "SELECT id, year FROM record WHERE id > ?1 AND "
		      "id <= ?2 AND year IS NOT NULL ORDER BY id",
	[RULE_LANGUAGE] = "SELECT id, languages FROM record WHERE id > ?1 "
			  "AND id <= ?2 AND languages IS NOT NULL ORDER BY id",
	[RULE_PUBTYPE] = "SELECT id, type, pubtypes FROM record WHERE id > ?1 "
			 "AND id <= ?2 AND (type IS NOT NULL OR pubtypes IS "
			 "NOT NULL) ORDER BY id",
	[RULE_PATTERN] = "SELECT id, title, abstract FROM record WHERE id > ?1 "
			 "AND id <= ?2 AND (title IS NOT NULL OR abstract IS "
			 "NOT NULL) ORDER BY id",
};

static char *
column_copy(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	return t ? xstrdup(t) : NULL;
}

/* Columns 1.. of a check_sql row into rec, by their names. */
static void
load_fields(sqlite3_stmt *s, struct record *rec)
{
	record_reset(rec);
	for (int i = 1; i < sqlite3_column_count(s); i++) {
		const char *name = sqlite3_column_name(s, i);
		const char *text = (const char *)sqlite3_column_text(s, i);

		if (!strcmp(name, "year"))
			rec->year = sqlite3_column_int(s, i);
		else if (!strcmp(name, "languages") && text)
			json_parse_strlist(text, &rec->languages);
		else if (!strcmp(name, "pubtypes") && text)
			json_parse_strlist(text, &rec->pubtypes);
		else if (!strcmp(name, "type"))
			rec->type = column_copy(s, i);
		else if (!strcmp(name, "title"))
			rec->title = column_copy(s, i);
		else if (!strcmp(name, "abstract"))
			rec->abstract = column_copy(s, i);
	}
}

static long long
last_record(struct store *st, struct sk_err *err)
{
	sqlite3_stmt *s;
	long long last = -1;

	if (store_prepare(st, &s, "SELECT coalesce(max(id), 0) FROM record",
			  err) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return last < 0 ? store_fail(st, err, "reading records") : last;
}

struct check {
	struct store *st;
	struct rule *r;
	long long id;		/* the rule */
	long long from, to;	/* records after from, up to to */
	long hits, unsure;
};

static int
save_hit(struct check *c, sqlite3_stmt *ins, long long record,
	 struct sk_err *err)
{
	int rc;

	sqlite3_bind_int64(ins, 1, c->id);
	sqlite3_bind_int64(ins, 2, record);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	if (rc != SQLITE_DONE)
		return store_fail(c->st, err, "saving what a rule hits");
	c->hits += sqlite3_changes(c->st->db);
	return 0;
}

/* Check the records from c->from to c->to; move the rule's checked_to. */
static int
check_records(struct check *c, struct sk_err *err)
{
	sqlite3_stmt *s = NULL, *ins = NULL, *upd = NULL;
	struct record rec;
	int row = SQLITE_DONE, rc = -1;

	record_init(&rec);
	if (store_prepare(c->st, &s, check_sql[c->r->kind], err) < 0 ||
	    store_prepare(c->st, &ins, "INSERT OR IGNORE INTO rule_hit "
			  "(rule_id, record_id) VALUES (?, ?)", err) < 0 ||
	    store_prepare(c->st, &upd, "UPDATE screen_rule SET checked_to = ? "
			  "WHERE id = ?", err) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, c->from);
	sqlite3_bind_int64(s, 2, c->to);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(s, 0);
		int m;

		load_fields(s, &rec);
		m = rule_match(c->r, &rec, err);
		if (m < 0) {
			char why[sizeof(err->msg)];

			snprintf(why, sizeof(why), "%s", err->msg);
			sk_fail(err, err->kind, NULL, 0, "rule %lld on record "
				"%lld: %s", c->id, id, why);
			goto done;
		}
		if (m == RULE_UNSURE)
			c->unsure++;
		if (m == RULE_HIT && save_hit(c, ins, id, err) < 0)
			goto done;
	}
	if (row != SQLITE_DONE) {
		store_fail(c->st, err, "reading records");
		goto done;
	}
	sqlite3_bind_int64(upd, 1, c->to);
	sqlite3_bind_int64(upd, 2, c->id);
	if (sqlite3_step(upd) != SQLITE_DONE) {
		store_fail(c->st, err, "saving a rule");
		goto done;
	}
	rc = 0;
done:
	record_release(&rec);
	sqlite3_finalize(s);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return rc;
}

/* ---- counting ---- */

/* The record is screened: its cluster's canonical record, or alone. */
#define IS_UNIT(rec)                                                        \
	"NOT EXISTS (SELECT 1 FROM dup_member m WHERE m.record_id = " rec    \
	" AND m.canonical <> " rec ")"

/* No other active rule hits the record. */
#define ONLY_RULE(h)                                                        \
	"NOT EXISTS (SELECT 1 FROM rule_hit o JOIN screen_rule q ON q.id = "  \
	"o.rule_id WHERE o.record_id = " h ".record_id AND o.rule_id <> "     \
	h ".rule_id AND q.removed_at IS NULL)"

/* A reviewer has judged the unit (any of its records). */
#define JUDGED(h)                                                           \
	"EXISTS (SELECT 1 FROM decision d WHERE d.verdict <> 'undo' AND "     \
	"(d.record_id = " h ".record_id OR d.record_id IN (SELECT record_id " \
	"FROM dup_member WHERE canonical = " h ".record_id)))"

static int
count_hits(struct store *st, long long id, struct rule_counts *c,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s,
			  "SELECT count(*), coalesce(sum(u), 0), "
			  "coalesce(sum(u AND " ONLY_RULE("h") "), 0), "
			  "coalesce(sum(u AND " JUDGED("h") "), 0), "
			  "(SELECT count(DISTINCT a.record_id) FROM rule_hit a "
			  " JOIN screen_rule q ON q.id = a.rule_id WHERE "
			  " q.removed_at IS NULL AND "
			  IS_UNIT("a.record_id") ") "
			  "FROM (SELECT x.*, " IS_UNIT("x.record_id") " AS u "
			  "FROM rule_hit x WHERE x.rule_id = ?) h", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW) {
		c->records = sqlite3_column_int(s, 0);
		c->units = sqlite3_column_int(s, 1);
		c->only = sqlite3_column_int(s, 2);
		c->judged = sqlite3_column_int(s, 3);
		c->total = sqlite3_column_int(s, 4);
	}
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(st, err, "counting hits");
}

/* ---- adding, removing, refreshing ---- */

/* The id of an active rule saying the same, 0 if none, -1 with err. */
static long long
same_rule(struct store *st, const struct rule *r, struct sk_err *err)
{
	sqlite3_stmt *s;
	long long id = 0;
	int row;

	if (store_prepare(st, &s, "SELECT id FROM screen_rule WHERE kind = ? "
			  "AND value = ? AND coalesce(field, '') = ? AND "
			  "removed_at IS NULL", err) < 0)
		return -1;
	store_bind_text(s, 1, rule_kind_name(r->kind));
	store_bind_text(s, 2, r->value);
	store_bind_text(s, 3, r->kind == RULE_PATTERN ?
			rule_field_name(r->field) : "");
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (row != SQLITE_ROW && row != SQLITE_DONE)
		return store_fail(st, err, "reading the rules");
	return id;
}

static int
insert_rule(struct store *st, const struct rule *r, const char *by,
	    long long *id, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_prepare(st, &s, "INSERT INTO screen_rule (uuid, kind, value, "
			  "field, label, created_by, created_at) VALUES "
			  "(lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?)",
			  err) < 0)
		return -1;
	store_now(now);
	store_bind_text(s, 1, rule_kind_name(r->kind));
	store_bind_text(s, 2, r->value);
	store_bind_text(s, 3, r->kind == RULE_PATTERN ?
			rule_field_name(r->field) : NULL);
	store_bind_text(s, 4, r->label);
	store_bind_text(s, 5, by);
	store_bind_text(s, 6, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "saving the rule");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* Save, check and count, inside the caller's savepoint. */
static int
add_checked(struct store *st, struct rule *r, const struct rule_add *a,
	    long long *id, struct rule_counts *c, struct sk_err *err)
{
	struct check chk = { st, r, 0, 0, 0, 0, 0 };
	long long same = same_rule(st, r, err);

	if (same)
		return same < 0 ? -1 :
		       sk_fail(err, SK_E_CONFLICT, NULL, 0, "rule %lld says "
			       "that already (%s)", same, r->label);
	if (insert_rule(st, r, a->created_by, &chk.id, err) < 0 ||
	    (chk.to = last_record(st, err)) < 0 ||
	    check_records(&chk, err) < 0 ||
	    count_hits(st, chk.id, c, err) < 0)
		return -1;
	c->unsure = chk.unsure;
	*id = chk.id;
	return 0;
}

int
rules_add(struct store *st, const struct rule_add *a, long long *id,
	  struct rule_counts *c, struct sk_err *err)
{
	struct rule r;
	int rc;

	memset(c, 0, sizeof(*c));
	*id = 0;
	if (rule_parse(&r, a->kind, a->value, a->field, err) < 0) {
		rule_release(&r);
		return -1;
	}
	/* A savepoint lets a dry run count in the store, then undo. */
	rc = store_exec(st, "SAVEPOINT rules_add", err);
	if (rc == 0) {
		rc = add_checked(st, &r, a, id, c, err);
		if (rc < 0 || a->dry_run)
			sqlite3_exec(st->db, "ROLLBACK TO rules_add", NULL,
				     NULL, NULL);
		/* After a failure, keep its message, not RELEASE's. */
		if (store_exec(st, "RELEASE rules_add",
			       rc < 0 ? NULL : err) < 0)
			rc = -1;
	}
	if (a->dry_run)
		*id = 0;
	rule_release(&r);
	return rc;
}

int
rules_remove(struct store *st, long long id, struct rule_counts *c,
	     struct sk_err *err)
{
	struct rule_info *info;
	sqlite3_stmt *s;
	char now[32];
	int rc;

	memset(c, 0, sizeof(*c));
	if (rules_get(st, id, &info, err) < 0)
		return -1;
	if (info->removed_at) {
		sk_fail(err, SK_E_CONFLICT, NULL, 0, "rule %lld was removed "
			"on %s", id, info->removed_at);
		rules_list_free(info, 1);
		return -1;
	}
	rules_list_free(info, 1);
	if (count_hits(st, id, c, err) < 0 ||
	    store_prepare(st, &s, "UPDATE screen_rule SET removed_at = ? "
			  "WHERE id = ?", err) < 0)
		return -1;
	store_now(now);
	store_bind_text(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "removing the rule");
	c->total -= c->only;
	return 0;
}

struct pending {
	long long id, checked_to;
	long long last;		/* the newest record */
	enum rule_kind kind;
	enum rule_field field;
	char *value;
};

static void
pending_free(struct pending *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].value);
	free(v);
}

/*
 * The active rules that have not seen the newest records: one query,
 * and no row in a store without rules or with nothing new.
 */
static int
pending_rules(struct store *st, struct pending **v, size_t *n,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	*v = NULL;
	*n = 0;
	/* max(id) of an INTEGER PRIMARY KEY is one seek. */
	if (store_prepare(st, &s, "WITH last AS (SELECT coalesce(max(id), 0) "
			  "AS id FROM record) SELECT r.id, r.kind, r.value, "
			  "r.field, r.checked_to, last.id FROM screen_rule r, "
			  "last WHERE r.removed_at IS NULL AND r.checked_to < "
			  "last.id ORDER BY r.id", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct pending *p;
		const char *field = (const char *)sqlite3_column_text(s, 3);

		*v = xgrow(*v, &cap, *n + 1, sizeof(**v));
		p = &(*v)[(*n)++];
		memset(p, 0, sizeof(*p));
		p->id = sqlite3_column_int64(s, 0);
		p->checked_to = sqlite3_column_int64(s, 4);
		p->last = sqlite3_column_int64(s, 5);
		p->value = column_copy(s, 2);
		if (rule_kind_parse((const char *)sqlite3_column_text(s, 1),
				    &p->kind) < 0 ||
		    (field && rule_field_parse(field, &p->field) < 0) ||
		    !p->value) {
			row = SQLITE_CORRUPT;
			break;
		}
	}
	sqlite3_finalize(s);
	if (row == SQLITE_DONE)
		return 0;
	if (row == SQLITE_CORRUPT)
		sk_fail(err, SK_E_DB, st->path, 0, "rule %lld cannot be read: "
			"was it made by a newer scopekit?", (*v)[*n - 1].id);
	else
		store_fail(st, err, "reading the rules");
	pending_free(*v, *n);
	*v = NULL;
	*n = 0;
	return -1;
}

static int
refresh_one(struct store *st, const struct pending *p, long *hits,
	    struct sk_err *err)
{
	struct rule r;
	struct check chk = { st, &r, p->id, p->checked_to, p->last, 0, 0 };
	int rc = rule_build(&r, p->kind, p->value, p->field, 1, err);

	if (rc < 0) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		sk_fail(err, SK_E_DB, st->path, 0, "rule %lld cannot be read: "
			"%s", p->id, why);
	} else {
		rc = check_records(&chk, err);
	}
	*hits += chk.hits;
	rule_release(&r);
	return rc;
}

int
rules_refresh(struct store *st, long *hits, struct sk_err *err)
{
	struct pending *v;
	size_t n;
	long found = 0;
	int rc = 0;

	if (pending_rules(st, &v, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = refresh_one(st, &v[i], &found, err);
	pending_free(v, n);
	if (hits)
		*hits = found;
	return rc;
}

/* ---- listing ---- */

static int
load_rules(struct store *st, int all, long long only,
	   struct rule_info **rules, size_t *n, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap = 0;
	int row;

	*rules = NULL;
	*n = 0;
	if (store_prepare(st, &s,
			  "SELECT r.id, r.kind, r.value, r.field, r.label, "
			  "r.created_by, r.created_at, r.removed_at, "
			  "(SELECT count(*) FROM rule_hit h WHERE h.rule_id = "
			  " r.id), "
			  "(SELECT count(*) FROM rule_hit h JOIN screen_unit u "
			  " ON u.record_id = h.record_id AND u.unit = "
			  " h.record_id WHERE h.rule_id = r.id) "
			  "FROM screen_rule r WHERE (?1 OR r.removed_at IS "
			  "NULL) "
			  "AND (?2 = 0 OR r.id = ?2) ORDER BY r.id", err) < 0)
		return -1;
	sqlite3_bind_int(s, 1, all);
	sqlite3_bind_int64(s, 2, only);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct rule_info *r;

		*rules = xgrow(*rules, &cap, *n + 1, sizeof(**rules));
		r = &(*rules)[(*n)++];
		r->id = sqlite3_column_int64(s, 0);
		r->kind = column_copy(s, 1);
		r->value = column_copy(s, 2);
		r->field = column_copy(s, 3);
		r->label = column_copy(s, 4);
		r->created_by = column_copy(s, 5);
		r->created_at = column_copy(s, 6);
		r->removed_at = column_copy(s, 7);
		r->records = sqlite3_column_int(s, 8);
		r->units = sqlite3_column_int(s, 9);
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE) {
		rules_list_free(*rules, *n);
		*rules = NULL;
		*n = 0;
		return store_fail(st, err, "reading the rules");
	}
	return 0;
}

int
rules_list(struct store *st, int all, struct rule_info **rules, size_t *n,
	   struct sk_err *err)
{
	return load_rules(st, all, 0, rules, n, err);
}

int
rules_get(struct store *st, long long id, struct rule_info **r,
	  struct sk_err *err)
{
	size_t n;

	if (load_rules(st, 1, id, r, &n, err) < 0)
		return -1;
	if (n)
		return 0;
	free(*r);
	*r = NULL;
	return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no rule %lld "
		       "('scopekit rules --all' lists them)", id);
}

void
rules_list_free(struct rule_info *rules, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct rule_info *r = &rules[i];

		free(r->kind);
		free(r->value);
		free(r->field);
		free(r->label);
		free(r->created_by);
		free(r->created_at);
		free(r->removed_at);
	}
	free(rules);
}
