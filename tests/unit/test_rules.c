/*
 * rules: what each kind of automation rule hits, on values as real
 * exports store them (MEDLINE codes, Embase and RIS names, EndNote's
 * joined types), bad rules, and the rules in a store: records imported
 * later, screening units, the queue, removal and the cost of a refresh.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "import.h"
#include "rules.h"
#include "screen.h"
#include "store.h"

/* ---- records as the importers give them ---- */

struct rec_spec {
	int year;
	const char *languages[4];
	const char *type;
	const char *pubtypes[4];
	const char *title;
	const char *abstract;
};

static void
make_record(struct record *r, const struct rec_spec *s)
{
	record_init(r);
	r->year = s->year;
	for (int i = 0; i < 4 && s->languages[i]; i++)
		strlist_add(&r->languages, s->languages[i],
			    strlen(s->languages[i]));
	for (int i = 0; i < 4 && s->pubtypes[i]; i++)
		strlist_add(&r->pubtypes, s->pubtypes[i],
			    strlen(s->pubtypes[i]));
	if (s->type)
		record_set(&r->type, s->type, strlen(s->type));
	if (s->title)
		record_set(&r->title, s->title, strlen(s->title));
	if (s->abstract)
		record_set(&r->abstract, s->abstract, strlen(s->abstract));
}

/* The rule's verdict on one record. */
static int
verdict(struct rule *rule, const struct rec_spec *s)
{
	struct record r;
	struct sk_err err = SK_ERR_INIT;
	int m;

	make_record(&r, s);
	m = rule_match(rule, &r, &err);
	cr_assert_geq(m, 0, "%s", err.msg);
	record_release(&r);
	return m;
}

static void
parse_ok(struct rule *r, enum rule_kind kind, const char *value,
	 enum rule_field field)
{
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(rule_parse(r, kind, value, field, &err), 0,
		     "'%s': %s", value, err.msg);
}

/* A bad value: a usage error whose message holds want. */
static void
parse_bad(enum rule_kind kind, const char *value, const char *want)
{
	struct rule r;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(rule_parse(&r, kind, value, RULE_FIELD_ANY, &err), -1,
		     "'%s' was taken", value);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert(strstr(err.msg, want), "'%s': \"%s\" lacks \"%s\"", value,
		  err.msg, want);
	rule_release(&r);
}

/* ---- year ---- */

Test(rules, year_range_edges)
{
	struct rule r;

	parse_ok(&r, RULE_YEAR, "2000-2022", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "2000-2022");
	cr_assert_str_eq(r.label, "year outside 2000\xE2\x80\x93" "2022");
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 1999 }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2000 }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2022 }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2023 }), RULE_HIT);
	/* No year (a conference abstract, a web page): a person decides. */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 0 }), RULE_MISS);
	rule_release(&r);
}

Test(rules, year_open_ranges_and_spellings)
{
	struct rule r;

	parse_ok(&r, RULE_YEAR, " 2000 - ", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "2000-");
	cr_assert_str_eq(r.label, "year before 2000");
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 1999 }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2999 }), RULE_MISS);
	rule_release(&r);

	parse_ok(&r, RULE_YEAR, "-2022", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "-2022");
	cr_assert_str_eq(r.label, "year after 2022");
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 1950 }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2023 }), RULE_HIT);
	rule_release(&r);

	/* The en dash of a label copied back. */
	parse_ok(&r, RULE_YEAR, "2000\xE2\x80\x93" "2022", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "2000-2022");
	rule_release(&r);
	parse_ok(&r, RULE_YEAR, "\xE2\x80\x93" "2022", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "-2022");
	rule_release(&r);

	parse_ok(&r, RULE_YEAR, "2015", RULE_FIELD_ANY);
	cr_assert_str_eq(r.label, "year other than 2015");
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2015 }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2016 }), RULE_HIT);
	rule_release(&r);
}

Test(rules, year_bad_ranges)
{
	parse_bad(RULE_YEAR, "2022-2000", "ends before it starts");
	parse_bad(RULE_YEAR, "20x0-2022", "'20x0-2022' is not a range of years");
	parse_bad(RULE_YEAR, "", "is not a range of years");
	parse_bad(RULE_YEAR, "-", "is not a range of years");
	parse_bad(RULE_YEAR, "99-2000", "is not a range of years");
	parse_bad(RULE_YEAR, "20000", "is not a range of years");
	parse_bad(RULE_YEAR, "2000-2010-2020", "is not a range of years");
	parse_bad(RULE_YEAR, "2000 to 2022", "write 2000-2022");
}

/* ---- language ---- */

/* An expected name of "" means not a language. */
struct name_case {
	char given[64];
	char name[16];
};

ParameterizedTestParameters(rules, language_names)
{
	static struct name_case cases[] = {
		/* MEDLINE LA (ISO 639-2/B), PubMed XML, EndNote from PubMed */
		{ "eng", "English" }, { "ger", "German" }, { "fre", "French" },
		{ "chi", "Chinese" }, { "dut", "Dutch" }, { "geo", "Georgian" },
		{ "per", "Persian" }, { "gre", "Greek" }, { "cze", "Czech" },
		{ "rum", "Romanian" }, { "slo", "Slovak" }, { "ice", "Icelandic" },
		/* ISO 639-2/T, 639-1 (OpenAlex, Zotero), region tags */
		{ "deu", "German" }, { "zho", "Chinese" }, { "fas", "Persian" },
		{ "ell", "Greek" }, { "en", "English" }, { "nl", "Dutch" },
		{ "en-GB", "English" }, { "pt_BR", "Portuguese" },
		{ "nob", "Norwegian" }, { "nn", "Norwegian" },
		/* English names in any case (Embase, Scopus, WoS, RIS) */
		{ "English", "English" }, { "ENGLISH", "English" },
		{ "english", "English" }, { "Eng", "English" },
		{ "ENG", "English" }, { "Farsi", "Persian" },
		{ "Slovene", "Slovenian" }, { "Modern Greek", "Greek" },
		/* the language's own name */
		{ "Español", "Spanish" }, { "Deutsch", "German" },
		{ "Français", "French" },
		/* leftovers around a name in real exports */
		{ "English <!-- Page not cached by WP Super Cache. -->",
		  "English" },
		{ "Chinese (Simplified)", "Chinese" },
		/* a code is a code alone or before a region tag only */
		{ "no language given", "" }, { "it is not stated", "" },
		{ "no", "Norwegian" },
		/* not languages */
		{ "und", "" }, { "mul", "" }, { "Language", "" },
		{ "Klingon", "" }, { "", "" }, { "xx", "" },
	};

	return cr_make_param_array(struct name_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct name_case *c, rules, language_names)
{
	const char *got = rules_language_name(c->given);

	if (c->name[0])
		cr_assert_str_eq(got ? got : "(null)", c->name, "'%s'",
				 c->given);
	else
		cr_assert_null(got, "'%s' gave %s", c->given, got);
}

Test(rules, language_keeps_names_and_codes_alike)
{
	struct rule r, codes;

	parse_ok(&r, RULE_LANGUAGE, "English, Spanish", RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "English, Spanish");
	cr_assert_str_eq(r.label, "language not English or Spanish");
	parse_ok(&codes, RULE_LANGUAGE, " eng ,spa;en ", RULE_FIELD_ANY);
	cr_assert_str_eq(codes.value, "English, Spanish");
	rule_release(&codes);

	/* kept, whatever the export calls them */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "eng" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "English" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "en" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "spa" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "Español" } }),
		     RULE_MISS);
	/* in several languages, one of them kept (MEDLINE, WoS) */
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "por", "eng" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "Turkish", "English" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "eng; fre" } }),
		     RULE_MISS);
	/* none kept */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "ger" } }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "German" } }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "eng", "fre" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "fre", "ger", "und" } }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "zho" } }),
		     RULE_HIT);
	/* nothing to go on: never hit */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2001 }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "und" } }),
		     RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .languages = { "Language" } }),
		     RULE_UNSURE);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
				     .languages = { "fre", "mul" } }),
		     RULE_UNSURE);
	rule_release(&r);
}

Test(rules, language_bad_lists)
{
	parse_bad(RULE_LANGUAGE, "Englsh, Spanish", "'Englsh' is not a language");
	parse_bad(RULE_LANGUAGE, "English, Klingon", "'Klingon'");
	parse_bad(RULE_LANGUAGE, " , ;", "name the languages to keep");
	parse_bad(RULE_LANGUAGE, "", "name the languages to keep");
}

/* ---- publication type ---- */

Test(rules, pubtype_pubmed_ris_embase_endnote)
{
	struct rule r;

	parse_ok(&r, RULE_PUBTYPE, "Editorial, letter ,Comment",
		 RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "Editorial; letter; Comment");
	cr_assert_str_eq(r.label, "publication type Editorial, letter or Comment");
	/* PubMed PT */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "Journal Article", "Editorial" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "Letter", "Comment" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "Journal Article", "Review" } }), RULE_MISS);
	/* Embase RIS M3, another case */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "EDITORIAL" } }), RULE_HIT);
	/* EndNote joins PubMed's types; Embase through EndNote prefixes */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Clinical Trial; Journal Article; Randomized Controlled Trial" } }),
		RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Comment; Journal Article" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Journal: Editorial" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Journal: Article" } }), RULE_MISS);
	/* Web of Science's name for an editorial */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Editorial Material" } }), RULE_HIT);
	/* a word inside another type is not the type */
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .pubtypes = {
		"Letter to the Editor Response" } }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR" }),
		     RULE_MISS);
	rule_release(&r);
}

Test(rules, pubtype_ris_type_codes)
{
	struct rule r;

	parse_ok(&r, RULE_PUBTYPE, "Conference Abstract", RULE_FIELD_ANY);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "ABST" }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "Meeting Abstract" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR",
		.pubtypes = { "Journal: Conference Abstract" } }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "CPAPER",
		.pubtypes = { "Conference Paper" } }), RULE_MISS);
	rule_release(&r);

	/* Grey literature: the worked example's reports are TY RPRT. */
	parse_ok(&r, RULE_PUBTYPE, "report", RULE_FIELD_ANY);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "RPRT" }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "JOUR" }),
		     RULE_MISS);
	rule_release(&r);

	parse_ok(&r, RULE_PUBTYPE, "BOOK", RULE_FIELD_ANY);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "EDBOOK" }),
		     RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .type = "CHAP" }),
		     RULE_MISS);
	rule_release(&r);
}

Test(rules, pubtype_with_a_comma)
{
	struct rule r;
	const struct rec_spec nih = { .pubtypes = {
		"Journal Article", "Research Support, N.I.H., Extramural" } };

	/* ';' separates types that hold commas (PubMed's funding types). */
	parse_ok(&r, RULE_PUBTYPE, "Letter; Research Support, N.I.H., Extramural",
		 RULE_FIELD_ANY);
	cr_assert_str_eq(r.value, "Letter; Research Support, N.I.H., Extramural");
	cr_assert_eq(verdict(&r, &nih), RULE_HIT);
	rule_release(&r);
	parse_ok(&r, RULE_PUBTYPE, "Research Support, N.I.H., Extramural;",
		 RULE_FIELD_ANY);
	cr_assert_eq(r.terms.n, 1);
	cr_assert_eq(verdict(&r, &nih), RULE_HIT);
	rule_release(&r);
	/* without ';' the commas separate: "Research Support" is no type */
	parse_ok(&r, RULE_PUBTYPE, "Research Support, N.I.H., Extramural",
		 RULE_FIELD_ANY);
	cr_assert_eq(r.terms.n, 3);
	cr_assert_eq(verdict(&r, &nih), RULE_MISS);
	rule_release(&r);
	parse_bad(RULE_PUBTYPE, " ; ", "name the publication types");
}

/* ---- pattern ---- */

Test(rules, pattern_words_and_fields)
{
	struct rule r;

	parse_ok(&r, RULE_PATTERN, "\\b(rats?|mice|mouse)\\b", RULE_FIELD_ANY);
	cr_assert_str_eq(r.label, "title or abstract matches "
			 "/\\b(rats?|mice|mouse)\\b/");
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Stratified care in MICE" }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .title = "A cohort",
		.abstract = "METHODS: Rats were fed" }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Response ratio of mousetraps" }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .year = 2000 }),
		     RULE_MISS);
	rule_release(&r);

	parse_ok(&r, RULE_PATTERN, "\\bmice\\b", RULE_FIELD_TITLE);
	cr_assert_str_eq(r.label, "title matches /\\bmice\\b/");
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .title = "A cohort",
		.abstract = "in mice" }), RULE_MISS);
	rule_release(&r);
	parse_ok(&r, RULE_PATTERN, "\\bmice\\b", RULE_FIELD_ABSTRACT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .title = "mice",
		.abstract = "none" }), RULE_MISS);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .title = "A cohort",
		.abstract = "in mice" }), RULE_HIT);
	rule_release(&r);
}

Test(rules, pattern_unicode)
{
	struct rule r;

	/* Case is ignored beyond ASCII; \b knows accented letters. */
	parse_ok(&r, RULE_PATTERN, "\\bcafé\\b", RULE_FIELD_ANY);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "CAFÉ consumption and back pain" }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Cafés in Lisbon" }), RULE_MISS);
	rule_release(&r);
	parse_ok(&r, RULE_PATTERN, "ΜΕΛΈΤΗ|dor lombar", RULE_FIELD_ANY);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Μια μελέτη κοορτής" }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Dor Lombar na atenção primária" }), RULE_HIT);
	cr_assert_eq(verdict(&r, &(struct rec_spec){
		.title = "Low back pain in primary care" }), RULE_MISS);
	rule_release(&r);
	/* \w is a letter in any script (PCRE2_UCP). */
	parse_ok(&r, RULE_PATTERN, "^\\w+ção$", RULE_FIELD_TITLE);
	cr_assert_eq(verdict(&r, &(struct rec_spec){ .title = "Reabilitação" }),
		     RULE_HIT);
	rule_release(&r);
}

Test(rules, pattern_refused)
{
	struct rule r;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(rule_parse(&r, RULE_PATTERN, "\\b(rat|mice", RULE_FIELD_ANY,
				&err), -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert_str_eq(err.msg, "the pattern '\\b(rat|mice' is not valid: "
			 "missing closing parenthesis (at character 12)");
	rule_release(&r);
	/* the place counts characters, not bytes */
	cr_assert_eq(rule_parse(&r, RULE_PATTERN, "é[", RULE_FIELD_ANY, &err), -1);
	cr_assert(strstr(err.msg, "missing terminating ] for character class "
			 "(at character 3)"), "%s", err.msg);
	rule_release(&r);
	parse_bad(RULE_PATTERN, "mice|", "matches empty text, so it would hit "
		  "every record");
	parse_bad(RULE_PATTERN, "(rats)?", "matches empty text");
	parse_bad(RULE_PATTERN, "", "the pattern is empty");
	parse_bad(RULE_PATTERN, "a{2,1}", "is not valid");
}

Test(rules, names)
{
	enum rule_kind k;
	enum rule_field f;

	cr_assert_eq(rule_kind_parse("pubtype", &k), 0);
	cr_assert_eq(k, RULE_PUBTYPE);
	cr_assert_str_eq(rule_kind_name(RULE_LANGUAGE), "language");
	cr_assert_eq(rule_kind_parse("Year", &k), -1);
	cr_assert_eq(rule_field_parse("abstract", &f), 0);
	cr_assert_eq(f, RULE_FIELD_ABSTRACT);
	cr_assert_eq(rule_field_parse("keywords", &f), -1);
}

/* ---- rules in a store ---- */

static struct store *st;

static void
store_setup(void)
{
	struct sk_err err = SK_ERR_INIT;
	char path[300];

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s",
		     err.msg);
}

static void
store_teardown(void)
{
	store_close(st);
	drop_tmp();
}

TestSuite(rules_store, .init = store_setup, .fini = store_teardown);

/* Import RIS text as a file of source "Test", in one transaction. */
static void
import_text(const char *name, const char *ris)
{
	struct import_options opt = { .source = "Test" };
	struct import_report rep;
	struct sk_err err = SK_ERR_INIT;
	char *paths[1];

	paths[0] = (char *)write_tmp(name, ris, strlen(ris));
	cr_assert_eq(store_begin(st, &err), 0, "%s", err.msg);
	cr_assert_eq(import_run(st, &opt, paths, 1, &rep, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(store_commit(st, &err), 0, "%s", err.msg);
	import_report_release(&rep);
}

static long long
one_int(const char *sql)
{
	sqlite3_stmt *s;
	long long v;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(st->db));
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static long long
add_rule(enum rule_kind kind, const char *value, int dry_run,
	 struct rule_counts *c)
{
	struct rule_add a = { kind, value, RULE_FIELD_ANY, "ana", dry_run };
	struct sk_err err = SK_ERR_INIT;
	long long id;

	cr_assert_eq(rules_add(st, &a, &id, c, &err), 0, "%s", err.msg);
	return id;
}

/* Records 1-3: an old one, one in English, one in German. */
static const char first_file[] =
	"TY  - JOUR\nTI  - Back pain in rats\nPY  - 1995\nLA  - English\n"
	"ER  - \n\n"
	"TY  - JOUR\nTI  - Stratified care for low back pain\nPY  - 2010\n"
	"LA  - eng\nER  - \n\n"
	"TY  - JOUR\nTI  - Rückenschmerz in der Hausarztpraxis\nPY  - 2012\n"
	"LA  - German\nER  - \n";

/* Records 4-6, exported later: too old, in French, and one kept. */
static const char second_file[] =
	"TY  - JOUR\nTI  - An early survey\nPY  - 1990\nLA  - eng\nER  - \n\n"
	"TY  - JOUR\nTI  - Lombalgie en soins primaires\nPY  - 2015\n"
	"LA  - fre\nER  - \n\n"
	"TY  - JOUR\nTI  - A model of care\nPY  - 2016\nER  - \n";

Test(rules_store, records_imported_later_are_checked)
{
	struct rule_counts c;
	struct rule_info *v;
	size_t n;
	struct sk_err err = SK_ERR_INIT;
	long long year, lang;

	import_text("a.ris", first_file);
	year = add_rule(RULE_YEAR, "2000-", 0, &c);
	cr_assert_eq(c.records, 1);
	cr_assert_eq(c.units, 1);
	lang = add_rule(RULE_LANGUAGE, "English", 0, &c);
	cr_assert_eq(c.records, 1);
	cr_assert_eq(c.total, 2);
	cr_assert_eq(one_int("SELECT min(checked_to) FROM screen_rule"), 3);

	import_text("b.ris", second_file);
	cr_assert_eq(one_int("SELECT min(checked_to) FROM screen_rule"), 6);
	cr_assert_eq(rules_list(st, 0, &v, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 2);
	cr_assert_eq(v[0].id, year);
	cr_assert_str_eq(v[0].label, "year before 2000");
	cr_assert_str_eq(v[0].created_by, "ana");
	cr_assert_eq(v[0].records, 2);
	cr_assert_eq(v[1].id, lang);
	cr_assert_eq(v[1].records, 2);
	rules_list_free(v, n);
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit WHERE "
			     "record_id IN (1, 3, 4, 5)"), 4);
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit"), 4);
}

Test(rules_store, screening_leaves_hit_units_out_until_removed)
{
	struct rule_counts c;
	struct screen_state ss;
	struct sk_err err = SK_ERR_INIT;
	long long *queue;
	size_t n;
	long long rule;

	import_text("a.ris", first_file);
	import_text("b.ris", second_file);
	rule = add_rule(RULE_PATTERN, "\\brats?\\b", 0, &c);
	cr_assert_eq(c.records, 1);

	cr_assert_eq(screen_state_load(st, &ss, &err), 0, "%s", err.msg);
	cr_assert(screen_state_find(&ss, 1)->flags & UNIT_RULE_HIT);
	cr_assert_not(screen_state_find(&ss, 2)->flags & UNIT_RULE_HIT);
	cr_assert_eq(screen_queue(st, &ss, "ana", STAGE_TA, &queue, &n, &err),
		     0, "%s", err.msg);
	cr_assert_eq(n, 5);
	cr_assert_eq(queue[0], 2);
	free(queue);
	screen_state_release(&ss);

	cr_assert_eq(rules_remove(st, rule, &c, &err), 0, "%s", err.msg);
	cr_assert_eq(c.only, 1);
	cr_assert_eq(c.total, 0);
	cr_assert_eq(screen_state_load(st, &ss, &err), 0, "%s", err.msg);
	cr_assert_not(screen_state_find(&ss, 1)->flags & UNIT_RULE_HIT);
	cr_assert_eq(screen_queue(st, &ss, "ana", STAGE_TA, &queue, &n, &err),
		     0, "%s", err.msg);
	cr_assert_eq(n, 6);
	cr_assert_eq(queue[0], 1);
	free(queue);
	screen_state_release(&ss);

	/* The hit is kept as history; the rule is no longer checked. */
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit"), 1);
	import_text("c.ris", "TY  - JOUR\nTI  - Mice and rats\nER  - \n");
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit"), 1);
	cr_assert_eq(rules_remove(st, rule, &c, &err), -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert(strstr(err.msg, "was removed on"), "%s", err.msg);
	cr_assert_eq(rules_remove(st, 99, &c, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_str_eq(err.msg, "there is no rule 99 ('scopekit rules --all' "
			 "lists them)");
}

/* A cluster of duplicates is screened as its canonical record. */
Test(rules_store, clusters_count_by_canonical_record)
{
	struct rule_counts c;
	struct screen_state ss;
	struct sk_err err = SK_ERR_INIT;

	import_text("a.ris", first_file);
	import_text("b.ris", second_file);
	/* 2 and 4 are one article screened as 2; 5 and 3 one screened as 5 */
	cr_assert_eq(sqlite3_exec(st->db, "INSERT INTO dup_member VALUES "
				  "(2, 2), (4, 2), (3, 5), (5, 5)", NULL, NULL,
				  NULL), SQLITE_OK);
	add_rule(RULE_YEAR, "2000-", 0, &c);
	/* 1 alone and 4, a duplicate: one unit, since 2 is screened */
	cr_assert_eq(c.records, 2);
	cr_assert_eq(c.units, 1);
	cr_assert_eq(screen_state_load(st, &ss, &err), 0, "%s", err.msg);
	cr_assert_eq(ss.n, 4);
	cr_assert(screen_state_find(&ss, 1)->flags & UNIT_RULE_HIT);
	cr_assert_not(screen_state_find(&ss, 2)->flags & UNIT_RULE_HIT);
	screen_state_release(&ss);
	add_rule(RULE_LANGUAGE, "en", 0, &c);
	/* 3 German, 5 French: one unit, screened as 5 */
	cr_assert_eq(c.records, 2);
	cr_assert_eq(c.units, 1);
	cr_assert_eq(c.only, 1);
	cr_assert_eq(c.total, 2);
}

Test(rules_store, dry_run_and_same_rule)
{
	struct rule_counts c;
	struct rule_add a = { RULE_LANGUAGE, "eng", RULE_FIELD_ANY, NULL, 0 };
	struct sk_err err = SK_ERR_INIT;
	long long id;

	import_text("a.ris", first_file);
	id = add_rule(RULE_YEAR, "2011-", 1, &c);
	cr_assert_eq(id, 0);
	cr_assert_eq(c.records, 2);
	cr_assert_eq(c.total, 2);
	cr_assert_eq(one_int("SELECT count(*) FROM screen_rule"), 0);
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit"), 0);

	id = add_rule(RULE_LANGUAGE, "English", 0, &c);
	cr_assert_eq(rules_add(st, &a, &id, &c, &err), -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert_str_eq(err.msg, "rule 1 says that already (language not "
			 "English)");
	cr_assert_eq(one_int("SELECT count(*) FROM screen_rule"), 1);
	a.value = "Engl";
	cr_assert_eq(rules_add(st, &a, &id, &c, &err), -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert_eq(one_int("SELECT count(*) FROM screen_rule"), 1);
}

static int
count_statement(unsigned type, void *ctx, void *p, void *x)
{
	(void)type;
	(void)p;
	(void)x;
	(*(int *)ctx)++;
	return 0;
}

/* The import calls rules_refresh every time: it must cost next to nothing. */
Test(rules_store, refresh_is_one_query_when_nothing_is_new)
{
	struct rule_counts c;
	struct sk_err err = SK_ERR_INIT;
	long hits = -1;
	int statements = 0;

	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_statement,
			 &statements);
	cr_assert_eq(rules_refresh(st, &hits, &err), 0, "%s", err.msg);
	cr_assert_eq(statements, 1);
	cr_assert_eq(hits, 0);

	sqlite3_trace_v2(st->db, 0, NULL, NULL);
	import_text("a.ris", first_file);
	add_rule(RULE_YEAR, "2000-", 0, &c);
	add_rule(RULE_PATTERN, "back pain", 0, &c);
	statements = 0;
	sqlite3_trace_v2(st->db, SQLITE_TRACE_STMT, count_statement,
			 &statements);
	cr_assert_eq(rules_refresh(st, &hits, &err), 0, "%s", err.msg);
	cr_assert_eq(statements, 1);
	cr_assert_eq(hits, 0);
	sqlite3_trace_v2(st->db, 0, NULL, NULL);

	/* New records: each rule checks only them. */
	cr_assert_eq(sqlite3_exec(st->db, "INSERT INTO record (source_id, "
				  "file_id, position, title, year, original, "
				  "original_size) SELECT source_id, file_id, 9, "
				  "'Back pain in 1980', 1980, x'', 0 FROM record "
				  "WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(rules_refresh(st, &hits, &err), 0, "%s", err.msg);
	cr_assert_eq(hits, 2);
	cr_assert_eq(one_int("SELECT count(*) FROM rule_hit WHERE record_id = 4"),
		     2);
}
