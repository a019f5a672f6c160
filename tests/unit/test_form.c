/*
 * form: the seed review's form reads whole; bad forms fail at the line
 * of each problem (unknown type, key used twice, bad pattern, choices
 * missing, YAML slips), all problems listed at once; and every field
 * type's values are checked and put in one spelling.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "harness.h"

#define SEED_FORM FIXTURES_DIR "/../extract_forms/pcc-lbp-moc.yaml"

static void
parse_ok(struct form *f, const char *text)
{
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(form_parse(f, text, strlen(text), "t.yaml", NULL, &err),
		     0, "%ld: %s", err.line, err.msg);
}

/* The first problem of a bad form: its line and message. */
static void
parse_bad(const char *text, long line, const char *want)
{
	struct form f;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(form_parse(&f, text, strlen(text), "t.yaml", NULL, &err),
		     -1, "accepted: %s", text);
	cr_assert_eq(err.kind, SK_E_INPUT);
	STR_EQ(err.file, "t.yaml");
	cr_assert_eq(err.line, line, "line %ld, not %ld: %s", err.line, line,
		     err.msg);
	cr_assert(strstr(err.msg, want), "'%s' lacks '%s'", err.msg, want);
}

#define HEAD "form: t\nversion: 1\ntitle: T\nsections:\n" \
	     "  - section: S\n    level: report\n    fields:\n"

Test(form, seed_form_reads_whole)
{
	struct form f;
	struct sk_err err = SK_ERR_INIT;
	struct form_problems pr;
	const struct form_field *fld;
	char *text;
	size_t len, per[LEVEL_COUNT] = { 0 };

	cr_assert_eq(form_read_file(SEED_FORM, &text, &len, &err), 0, "%s",
		     err.msg);
	cr_assert_eq(form_parse(&f, text, len, "pcc-lbp-moc.yaml", &pr, &err),
		     0, "%ld: %s", err.line, err.msg);
	STR_EQ(f.key, "pcc-lbp-moc");
	cr_assert_eq(f.version, 1);
	cr_assert_eq(f.nsections, 5);
	STR_EQ(f.sections[1], "Population");
	cr_assert_eq(f.nfields, 25);
	for (size_t i = 0; i < f.nfields; i++)
		per[f.fields[i].level]++;
	cr_assert_eq(per[LEVEL_REPORT], 5);
	cr_assert_eq(per[LEVEL_STUDY], 11);
	cr_assert_eq(per[LEVEL_UNIT], 9);
	fld = form_find(&f, "type_of_care");
	cr_assert_not_null(fld);
	cr_assert_eq(fld->type, FIELD_SINGLE);
	cr_assert_eq(fld->level, LEVEL_STUDY);
	cr_assert(fld->required);
	cr_assert_eq(fld->nchoices, 3);
	STR_EQ(fld->choices[2], "Hybrid (stratified/stepped)");
	STR_EQ(fld->section, "Concept");
	fld = form_find(&f, "population");
	STR_EQ(fld->other, "Other");
	cr_assert_not_null(form_find(&f, "authors")->re);
	cr_assert_null(form_find(&f, "nope"));
	STR_EQ(form_nearest(&f, "contries")->key, "countries");
	STR_EQ(f.unit_one, "model of care");
	STR_EQ(f.unit_many, "models of care");
	form_release(&f);
	free(text);
}

Test(form, minimal_form)
{
	struct form f;

	parse_ok(&f, HEAD "      - key: year\n        label: Year\n"
		 "        type: year\n");
	cr_assert_eq(f.nfields, 1);
	cr_assert_eq(f.fields[0].level, LEVEL_REPORT);
	cr_assert_eq(f.fields[0].line, 8);
	cr_assert_eq(f.fields[0].required, 0);
	form_release(&f);
}

Test(form, unknown_type)
{
	parse_bad(HEAD "      - key: year\n        label: Year\n"
		  "        type: dropdown\n", 10,
		  "unknown type 'dropdown': a field is text, long text");
}

Test(form, duplicate_key)
{
	parse_bad(HEAD "      - key: year\n        label: Year\n"
		  "        type: year\n"
		  "      - key: year\n        label: Again\n"
		  "        type: integer\n", 11,
		  "field key 'year' is used twice (first at line 8)");
}

Test(form, setting_given_twice)
{
	parse_bad(HEAD "      - key: year\n        label: Year\n"
		  "        type: year\n        label: Again\n", 11,
		  "'label' is given twice in a field (first at line 9)");
}

Test(form, bad_pattern)
{
	parse_bad(HEAD "      - key: doi\n        label: DOI\n"
		  "        type: text\n        pattern: '10\\.(\\d+'\n", 11,
		  "the pattern of field 'doi' is not valid: missing closing "
		  "parenthesis");
}

Test(form, choices_missing)
{
	parse_bad(HEAD "      - key: design\n        label: Design\n"
		  "        type: single choice\n", 8,
		  "field 'design' is a single choice but has no choices");
	parse_bad(HEAD "      - key: design\n        label: Design\n"
		  "        type: multiple choice\n        choices: []\n", 11,
		  "field 'design' has an empty list of choices");
}

Test(form, choices_on_a_year)
{
	parse_bad(HEAD "      - key: year\n        label: Year\n"
		  "        type: year\n        choices:\n          - 2020\n", 12,
		  "only a single or multiple choice has choices");
}

Test(form, choice_twice_and_answers)
{
	parse_bad(HEAD "      - key: c\n        label: C\n"
		  "        type: single choice\n        choices:\n"
		  "          - UK\n          - uk\n", 13,
		  "choice 'uk' is listed twice in field 'c'");
	parse_bad(HEAD "      - key: c\n        label: C\n"
		  "        type: single choice\n        choices:\n"
		  "          - Not reported\n", 12,
		  "is an answer every field takes already");
	parse_bad(HEAD "      - key: c\n        label: C\n"
		  "        type: multiple choice\n        choices:\n"
		  "          - 'a; b'\n", 12, "';' separates the items");
}

Test(form, unknown_setting_suggests)
{
	parse_bad(HEAD "      - key: c\n        label: C\n"
		  "        type: single choice\n        choises:\n"
		  "          - UK\n", 11,
		  "unknown setting 'choises' in a field (did you mean "
		  "'choices'?)");
}

Test(form, level_missing_and_bad)
{
	parse_bad("form: t\nversion: 1\ntitle: T\nsections:\n"
		  "  - section: S\n    fields:\n"
		  "      - key: year\n        label: Year\n        type: year\n",
		  7, "field 'year' needs a level");
	parse_bad(HEAD "      - key: year\n        label: Year\n"
		  "        type: year\n        level: trial\n", 11,
		  "level is report, study or unit");
}

Test(form, bad_keys)
{
	parse_bad(HEAD "      - key: Year Of\n        label: Year\n"
		  "        type: year\n", 8, "field key 'Year Of' should be");
	parse_bad(HEAD "      - key: level\n        label: Level\n"
		  "        type: text\n", 8, "'level' is a column of the "
		  "extraction sheet");
	parse_bad(HEAD "      - label: Year\n        type: year\n", 8,
		  "a field needs a key");
}

Test(form, top_level)
{
	parse_bad("version: 1\ntitle: T\nsections: []\n", 1,
		  "the form needs a name");
	parse_bad("form: t\nversion: one\ntitle: T\nsections: []\n", 2,
		  "version is a whole number from 1, not 'one'");
	parse_bad("form: t\nversion: 1\ntitle: T\n", 1,
		  "the form has no sections");
	parse_bad("", 0, "the form is empty");
}

#define FIELD "      - key: year\n        label: Year\n        type: year\n"

Test(form, unit_names)
{
	struct form f;

	parse_ok(&f, HEAD FIELD);
	cr_assert_null(f.unit_one);
	cr_assert_null(f.unit_many);
	form_release(&f);
	parse_ok(&f, "unit: trial\n" HEAD FIELD);
	STR_EQ(f.unit_one, "trial");
	STR_EQ(f.unit_many, "trials");
	form_release(&f);
	parse_ok(&f, "unit: model of care\nunits: models of care\n" HEAD
		 FIELD);
	STR_EQ(f.unit_many, "models of care");
	form_release(&f);
	parse_bad("units: models of care\n" HEAD FIELD, 1,
		  "'units' names more than one unit; give 'unit' too");
	parse_bad("unit: ''\n" HEAD FIELD, 1, "unit is empty");
}

Test(form, yaml_slips_have_hints)
{
	parse_bad(HEAD "      - key: year\n        label: Year: of publication\n"
		  "        type: year\n", 9,
		  "not valid YAML: mapping values are not allowed in this "
		  "context (put text that holds ': ' in quotes)");
	parse_bad(HEAD "      - key: year\n\tlabel: Year\n", 9,
		  "indent with spaces, not tabs");
}

Test(form, every_problem_listed)
{
	const char *text = HEAD
		"      - key: a\n        label: A\n        type: dropdown\n"
		"      - key: b\n        label: B\n        type: single choice\n"
		"      - key: a\n        label: C\n        type: text\n"
		"        pattern: '('\n";
	struct form_problems pr;
	struct form f;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(form_parse(&f, text, strlen(text), "t.yaml", &pr, &err),
		     -1);
	cr_assert_eq(pr.n, 4);
	cr_assert_eq(pr.p[0].line, 10);
	cr_assert(strstr(pr.p[0].msg, "unknown type"));
	cr_assert_eq(pr.p[1].line, 11);
	cr_assert(strstr(pr.p[1].msg, "has no choices"));
	cr_assert_eq(pr.p[2].line, 14);
	cr_assert(strstr(pr.p[2].msg, "used twice (first at line 8)"));
	cr_assert_eq(pr.p[3].line, 17);
	cr_assert(strstr(pr.p[3].msg, "pattern of field 'a'"));
	cr_assert_eq(err.line, 10);
}

Test(form, windows_1252_file)
{
	/* "Região" typed in a Windows editor: read as UTF-8. */
	static const char text[] = HEAD "      - key: r\n        label: Regi\xe3o\n"
				   "        type: text\n";
	struct form f;
	struct sk_err err = SK_ERR_INIT;
	char *got;
	size_t len;

	make_tmp();
	cr_assert_eq(form_read_file(write_tmp("f.yaml", text, sizeof(text) - 1),
				    &got, &len, &err), 0, "%s", err.msg);
	parse_ok(&f, got);
	STR_EQ(f.fields[0].label, "Regi\xc3\xa3o");
	form_release(&f);
	free(got);
	drop_tmp();
}

/* ---- values ---- */

static struct form vf;

static void
values_setup(void)
{
	parse_ok(&vf, HEAD
		 "      - key: t\n        label: T\n        type: text\n"
		 "      - key: lt\n        label: LT\n        type: long text\n"
		 "      - key: i\n        label: I\n        type: integer\n"
		 "      - key: n\n        label: N\n        type: number\n"
		 "      - key: y\n        label: Y\n        type: year\n"
		 "      - key: d\n        label: D\n        type: date\n"
		 "      - key: s\n        label: S\n        type: single choice\n"
		 "        choices: [Stratified, Stepped, Hybrid]\n"
		 "      - key: m\n        label: M\n        type: multiple choice\n"
		 "        choices: [LBP, Radicular pain, Neck pain]\n"
		 "        other: yes\n"
		 "      - key: yn\n        label: YN\n        type: yes/no\n"
		 "      - key: a\n        label: Authors\n        type: text\n"
		 "        pattern: '\\p{Lu}\\p{L}+( et al)?'\n"
		 "      - key: p\n        label: P\n        type: text\n"
		 "        help: a trial number such as NCT01234567\n"
		 "        pattern: 'NCT\\d{8}'\n");
}

static void
values_teardown(void)
{
	form_release(&vf);
}

TestSuite(values, .init = values_setup, .fini = values_teardown);

/* Arrays, not pointers: each test runs in a process of its own. */
struct value_case {
	char field[8];
	char text[48];
	int answer;		/* enum answer, or -1 for an error */
	char want[128];		/* stored value, or the error's words */
};

static struct value_case cases[] = {
	{ "t", "  Hill et al ", ANSWER_VALUE, "Hill et al" },
	{ "t", "two\nlines", -1, "t: a text value is one line" },
	{ "lt", "two\nlines", ANSWER_VALUE, "two\nlines" },
	{ "t", "   ", -1, "no value: write it, 'not reported' or 'unclear'" },
	{ "t", "Not Reported", ANSWER_NOT_REPORTED, "" },
	{ "s", "unclear", ANSWER_UNCLEAR, "" },
	{ "i", "+042", ANSWER_VALUE, "42" },
	{ "i", "4.5", -1, "i: '4.5' is not a whole number" },
	{ "n", "2.50", ANSWER_VALUE, "2.5" },
	{ "n", "2,5", -1, "write numbers with a point" },
	{ "n", "nan", -1, "'nan' is not a number" },
	{ "y", "2011", ANSWER_VALUE, "2011" },
	{ "y", "11", -1, "y: '11' is not a year (four digits, as 2019)" },
	{ "d", "2021-05-31", ANSWER_VALUE, "2021-05-31" },
	{ "d", "2021-05", ANSWER_VALUE, "2021-05" },
	{ "d", "2021-02-29", -1, "not a date of the calendar" },
	{ "d", "2024-02-29", ANSWER_VALUE, "2024-02-29" },
	{ "d", "31/05/2021", -1, "write YYYY-MM-DD" },
	{ "s", "stratified", ANSWER_VALUE, "Stratified" },
	{ "s", "Stratfied", -1, "'Stratfied' is not one of the choices (did "
	  "you mean 'Stratified'?)" },
	{ "s", "Mixed", -1, "'Mixed' is not one of the choices: 'Stratified', "
	  "'Stepped' or 'Hybrid'" },
	{ "m", "neck pain; LBP;LBP", ANSWER_VALUE, "[\"LBP\",\"Neck pain\"]" },
	{ "m", "other: suspected sciatica ; LBP", ANSWER_VALUE,
	  "[\"LBP\",\"Other: suspected sciatica\"]" },
	{ "m", "LBP; Other:", -1, "say what the other is: 'Other: ...'" },
	{ "m", "LBP; not reported", -1, "is an answer of its own" },
	{ "m", " ; ", -1, "no choice given" },
	{ "m", "LBP; Sciatica", -1, "'Sciatica' is not one of the choices: "
	  "'LBP', 'Radicular pain', 'Neck pain' or 'Other: ...'" },
	{ "yn", "Y", ANSWER_VALUE, "yes" },
	{ "yn", "false", ANSWER_VALUE, "no" },
	{ "yn", "maybe", -1, "'maybe' is neither yes nor no" },
	{ "a", "Morsø et al", ANSWER_VALUE, "Morsø et al" },
	{ "a", "hill et al", -1, "'hill et al' does not match the field's "
	  "pattern" },
	{ "a", "Hill et al.", -1, "does not match" },
	{ "p", "NCT123", -1, "p: 'NCT123' is not written as the form asks: a "
	  "trial number such as NCT01234567" },
	{ "p", "not reported", ANSWER_NOT_REPORTED, "" },
};

ParameterizedTestParameters(values, parse)
{
	return cr_make_param_array(struct value_case, cases,
				   sizeof(cases) / sizeof(*cases));
}

ParameterizedTest(struct value_case *c, values, parse, .init = values_setup,
		  .fini = values_teardown)
{
	struct sk_err err = SK_ERR_INIT;
	struct buf v = BUF_INIT;
	enum answer a;
	int rc = form_value_parse(form_find(&vf, c->field), c->text, &a, &v,
				  &err);

	if (c->answer < 0) {
		cr_assert_eq(rc, -1, "'%s' accepted as '%s'", c->text, v.data);
		cr_assert_eq(err.kind, SK_E_INPUT);
		cr_assert(strstr(err.msg, c->want), "'%s' lacks '%s'", err.msg,
			  c->want);
	} else {
		cr_assert_eq(rc, 0, "'%s': %s", c->text, err.msg);
		cr_assert_eq((int)a, c->answer);
		STR_EQ(v.data, c->want);
	}
	buf_release(&v);
}

Test(values, display)
{
	struct buf b = BUF_INIT;
	const struct form_field *m = form_find(&vf, "m");

	form_value_display(m, ANSWER_VALUE, "[\"LBP\",\"Other: x\"]", &b);
	STR_EQ(b.data, "LBP; Other: x");
	buf_reset(&b);
	form_value_display(m, ANSWER_NOT_REPORTED, NULL, &b);
	STR_EQ(b.data, "not reported");
	buf_reset(&b);
	form_value_display(form_find(&vf, "t"), ANSWER_VALUE, "[1]", &b);
	STR_EQ(b.data, "[1]");
	buf_release(&b);
}
