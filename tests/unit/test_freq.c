/*
 * freq: frequency tables counted from the consensus of a small review
 * (three models of care, three studies, four reports): multiple choices
 * counted once per choice, "not reported" and "unclear" as rows, Other
 * with its texts, values rolled up from studies and reports to units,
 * targets awaiting consensus or not charted, cross-tabs, every refusal;
 * and the bar chart, parsed as XML, with each text inside its place.
 */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "freq.h"
#include "freq_svg.h"
#include "harness.h"
#include "import.h"
#include "query.h"
#include "screen.h"
#include "store.h"
#include "svg.h"
#include "xalloc.h"

static struct store *st;
static struct form form;
static long long form_id;

#define LONG_CHOICE "Nurses, health visitors and practice staff trained " \
		    "in the stratified approach to low back pain"

static const char form_text[] =
	"form: t\nversion: 1\ntitle: T\n"
	"unit: model of care\nunits: models of care\nsections:\n"
	"  - section: Reports\n    level: report\n    fields:\n"
	"      - key: design\n        label: Type of study\n"
	"        type: single choice\n        choices: [RCT, Cohort]\n"
	"        other: yes\n"
	"      - key: grey\n        label: Grey literature\n"
	"        type: yes/no\n"
	"  - section: Studies\n    level: study\n    fields:\n"
	"      - key: staff\n        label: Staff & <others>\n"
	"        type: multiple choice\n"
	"        choices: [GPs, PTs, \"" LONG_CHOICE "\"]\n"
	"        other: yes\n"
	"      - key: care\n        label: Type of care\n"
	"        type: single choice\n        choices: [Stratified, Stepped]\n"
	"      - key: setting\n        label: Setting\n        type: text\n"
	"  - section: Units\n    level: unit\n    fields:\n"
	"      - key: countries\n        label: Countries\n"
	"        type: multiple choice\n        choices: [UK, USA, Canada]\n"
	"        other: yes\n"
	"      - key: referral\n        label: Referral\n"
	"        type: multiple choice\n        choices: [GP, Self]\n";

static const char ris[] =
	"TY  - JOUR\nTI  - First trial\nPY  - 2011\nER  - \n\n"
	"TY  - JOUR\nTI  - Its economic evaluation\nPY  - 2012\nER  - \n\n"
	"TY  - JOUR\nTI  - A cohort\nPY  - 2014\nER  - \n\n"
	"TY  - JOUR\nTI  - A pilot\nPY  - 2016\nER  - \n";

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

/* Chart field=text for a target (level, name) as who, or agree on it. */
static void
chart(enum chart_level level, const char *name, const char *field,
      const char *text, const char *who, int consensus)
{
	struct sk_err err = SK_ERR_INIT;
	struct buf value = BUF_INIT;
	struct chart_target t;
	struct chart_value v = { &t, field, ANSWER_VALUE, NULL, NULL };
	int changed;

	ok(extract_target(st, level, name, &t, &err), &err);
	ok(extract_check(&form, &t, field, text, &v.answer, &value, &err),
	   &err);
	v.value = v.answer == ANSWER_VALUE ? value.data : NULL;
	ok(consensus ? extract_agree(st, form_id, &v, who, &changed, &err) :
	   extract_set(st, form_id, &v, who, &changed, &err), &err);
	buf_release(&value);
}

/* Both extractors chart the same: that is the consensus. */
static void
both(enum chart_level level, const char *name, const char *field,
     const char *text)
{
	chart(level, name, field, text, "AD", 0);
	chart(level, name, field, text, "CF", 0);
}

static void
make_store(void)
{
	struct sk_err err = SK_ERR_INIT;
	struct import_options opt = { .source = "Test" };
	struct import_report rep;
	char path[300], *paths[1];
	int loaded;

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	ok(store_open(&st, path, STORE_CREATE, &err), &err);
	paths[0] = (char *)write_tmp("a.ris", ris, strlen(ris));
	ok(store_begin(st, &err), &err);
	ok(import_run(st, &opt, paths, 1, &rep, &err), &err);
	import_report_release(&rep);
	ok(screen_reviewer_add(st, "AD", &err), &err);
	ok(screen_reviewer_add(st, "CF", &err), &err);
	ok(screen_reviewer_add(st, "TS", &err), &err);
	ok(form_parse(&form, form_text, strlen(form_text), "t.yaml", NULL,
		      &err), &err);
	ok(extract_form_load(st, &form, form_text, "t.yaml", "AD", &loaded,
			     &err), &err);
	ok(store_commit(st, &err), &err);
	form_id = 1;
}

/*
 * S1 (reports 1, 2) and S2 (report 3) make U1; S3 (report 4) makes U2;
 * U3 has S3 too but charts nothing of its own.
 */
static void
group(void)
{
	struct sk_err err = SK_ERR_INIT;
	long long r12[] = { 1, 2 }, r3 = 3, r4 = 4;
	const char *s1 = "S1", *s2 = "S2", *s3 = "S3";

	ok(extract_study_add(st, "S1", r12, 2, 1, NULL, &err), &err);
	ok(extract_study_add(st, "S2", &r3, 1, 1, NULL, &err), &err);
	ok(extract_study_add(st, "S3", &r4, 1, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "U1", &s1, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "U1", &s2, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "U2", &s3, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "U3", &s3, 1, NULL, &err), &err);
}

static void
charted(void)
{
	group();
	/* units: U3's extractors differ and nobody has settled it */
	both(LEVEL_UNIT, "U1", "countries", "UK; USA");
	both(LEVEL_UNIT, "U2", "countries", "Other: Wales");
	chart(LEVEL_UNIT, "U3", "countries", "UK", "AD", 0);
	chart(LEVEL_UNIT, "U3", "countries", "USA", "CF", 0);
	/* studies: a settled value, another's, "not reported", "unclear" */
	chart(LEVEL_STUDY, "S1", "staff", "GPs; PTs", "AD", 0);
	chart(LEVEL_STUDY, "S1", "staff", "GPs", "CF", 0);
	chart(LEVEL_STUDY, "S1", "staff", "GPs; PTs", "TS", 1);
	both(LEVEL_STUDY, "S2", "staff", "PTs; Other: physio aides");
	both(LEVEL_STUDY, "S3", "staff", "not reported");
	both(LEVEL_STUDY, "S1", "care", "Stratified");
	both(LEVEL_STUDY, "S2", "care", "Stepped");
	both(LEVEL_STUDY, "S3", "care", "unclear");
	/* reports */
	both(LEVEL_REPORT, "1", "design", "RCT");
	both(LEVEL_REPORT, "2", "design", "Other: registry");
	both(LEVEL_REPORT, "3", "design", "RCT");
	both(LEVEL_REPORT, "4", "design", "unclear");
	both(LEVEL_REPORT, "1", "grey", "no");
	both(LEVEL_REPORT, "2", "grey", "yes");
	both(LEVEL_REPORT, "3", "grey", "no");
	/* only one extractor has charted referral */
	chart(LEVEL_UNIT, "U1", "referral", "GP", "AD", 0);
}

static void
setup(void)
{
	make_store();
	charted();
}

static void
teardown(void)
{
	form_release(&form);
	store_close(st);
	drop_tmp();
}

TestSuite(freq, .init = setup, .fini = teardown);

/* "value=n" for each row, '|' between. */
static char *
counts(const struct freq *f)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < f->nrows; i++)
		buf_addf(&b, "%s%s=%ld", i ? "|" : "", f->rows[i].value,
			 f->rows[i].n);
	return buf_detach(&b, NULL);
}

static void
counted(const char *field, const char *by, enum chart_level level,
	struct freq *f)
{
	struct sk_err err = SK_ERR_INIT;

	ok(freq_count(st, field, by, level, f, &err), &err);
}

static void
counts_are(const char *field, enum chart_level level, long total,
	   const char *want)
{
	struct freq f;
	char *got;

	counted(field, NULL, level, &f);
	cr_expect_eq(f.total, total, "%s: total %ld", field, f.total);
	got = counts(&f);
	cr_expect_str_eq(got, want, "%s per %s", field,
			 chart_level_name(level));
	free(got);
	freq_release(&f);
}

static const struct freq_row *
row(const struct freq *f, const char *value)
{
	for (size_t i = 0; i < f->nrows; i++)
		if (!strcmp(f->rows[i].value, value))
			return &f->rows[i];
	cr_assert_fail("no row %s", value);
	return NULL;
}

static int
has_note(const struct freq *f, const char *words)
{
	struct strlist notes = { NULL, 0, 0 };
	int found = 0;

	freq_notes(f, &notes);
	for (size_t i = 0; i < notes.n; i++)
		found |= strstr(notes.v[i], words) != NULL;
	strlist_release(&notes);
	return found;
}

Test(freq, multiple_choice_once_per_choice)
{
	struct freq f;

	counts_are("countries", LEVEL_UNIT, 3,
		   "UK=1|USA=1|Canada=0|Other=1|not reported=0|unclear=0|"
		   "awaiting consensus=1");
	counted("countries", NULL, LEVEL_UNIT, &f);
	cr_expect(fabs(row(&f, "UK")->percent - 33.3) < 1e-9);
	cr_expect_eq(row(&f, "UK")->kind, FREQ_CHOICE);
	cr_expect_eq(row(&f, "Other")->kind, FREQ_OTHER);
	cr_expect_eq(row(&f, "awaiting consensus")->kind, FREQ_AWAITING);
	cr_assert_eq(f.nothers, 1);
	cr_expect_str_eq(f.others[0].text, "Wales");
	cr_expect_eq(f.others[0].n, 1);
	cr_expect_str_eq(freq_noun(&f, 3), "models of care");
	cr_expect_str_eq(freq_noun(&f, 1), "model of care");
	cr_expect(has_note(&f, "A multiple choice: each model of care is "
			   "counted once for each of its values"));
	cr_expect(has_note(&f, "Choices on the form that no model of care has "
			   "are shown with 0."));
	cr_expect(has_note(&f, "Other, as charted: Wales (1)."));
	cr_expect(has_note(&f, "awaiting consensus: charted, but the "
			   "extractors differ"));
	cr_expect(!has_note(&f, "Charted per"));
	freq_release(&f);
}

Test(freq, rolled_up_to_units)
{
	struct freq f;

	/* U1 has S1's and S2's staff; U2 and U3 have S3's "not reported" */
	counts_are("staff", LEVEL_UNIT, 3,
		   "GPs=1|PTs=1|" LONG_CHOICE "=0|Other=1|not reported=2|"
		   "unclear=0");
	counts_are("staff", LEVEL_STUDY, 3,
		   "GPs=1|PTs=2|" LONG_CHOICE "=0|Other=1|not reported=1|"
		   "unclear=0");
	/* U1 is stratified and stepped: more values than units */
	counts_are("care", LEVEL_UNIT, 3,
		   "Stratified=1|Stepped=1|not reported=0|unclear=2");
	counted("care", NULL, LEVEL_UNIT, &f);
	cr_expect(has_note(&f, "Charted per study: a model of care has the "
			   "values of all its studies"));
	cr_expect(has_note(&f, "Some models of care have more than one "
			   "value, so the percentages add up to more than 100."));
	cr_expect(!has_note(&f, "A multiple choice"));
	freq_release(&f);
}

Test(freq, reports_and_their_studies)
{
	counts_are("design", LEVEL_REPORT, 4,
		   "RCT=2|Cohort=0|Other=1|not reported=0|unclear=1");
	counts_are("design", LEVEL_STUDY, 3,
		   "RCT=2|Cohort=0|Other=1|not reported=0|unclear=1");
	/* yes and no in that order; report 4 has no value */
	counts_are("grey", LEVEL_REPORT, 4,
		   "yes=1|no=2|not reported=0|unclear=0|not charted=1");
}

Test(freq, text_values_by_count)
{
	both(LEVEL_STUDY, "S1", "setting", "Primary care");
	both(LEVEL_STUDY, "S2", "setting", "Community");
	both(LEVEL_STUDY, "S3", "setting", "Primary care");
	counts_are("setting", LEVEL_STUDY, 3,
		   "Primary care=2|Community=1|not reported=0|unclear=0");
}

Test(freq, labels_and_case_name_the_key)
{
	counts_are("Type of care", LEVEL_STUDY, 3,
		   "Stratified=1|Stepped=1|not reported=0|unclear=1");
	counts_are("COUNTRIES", LEVEL_UNIT, 3,
		   "UK=1|USA=1|Canada=0|Other=1|not reported=0|unclear=0|"
		   "awaiting consensus=1");
}

Test(freq, cross_tab)
{
	struct freq f;
	struct buf b = BUF_INIT;

	counted("care", "staff", LEVEL_STUDY, &f);
	/* the columns are the values of staff some study has */
	for (size_t c = 0; c < f.ncols; c++)
		buf_addf(&b, "%s%s=%ld", c ? "|" : "", f.cols[c].value,
			 f.cols[c].n);
	cr_expect_str_eq(b.data, "GPs=1|PTs=2|Other=1|not reported=1");
	cr_expect_eq(f.dropped, 2);
	buf_reset(&b);
	for (size_t i = 0; i < f.nrows; i++) {
		buf_addf(&b, "%s%s:", i ? "|" : "", f.rows[i].value);
		for (size_t c = 0; c < f.ncols; c++)
			buf_addf(&b, "%ld", f.rows[i].cells[c]);
	}
	cr_expect_str_eq(b.data, "Stratified:1100|Stepped:0110|"
			 "not reported:0000|unclear:0001");
	cr_expect(has_note(&f, "Each cell counts the studies that have both "
			   "values"));
	cr_expect(has_note(&f, "Values of staff that no study has are left "
			   "out"));
	buf_release(&b);
	freq_release(&f);
}

static void
refused(const char *field, const char *by, enum chart_level level,
	enum sk_err_kind kind, const char *words)
{
	struct sk_err err = SK_ERR_INIT;
	struct freq f;

	cr_assert_eq(freq_count(st, field, by, level, &f, &err), -1,
		     "%s was counted", field);
	cr_expect_eq(err.kind, kind, "%s: kind %d: %s", field, err.kind,
		     err.msg);
	cr_expect(strstr(err.msg, words), "%s: \"%s\" not in \"%s\"", field,
		  words, err.msg);
	freq_release(&f);
}

Test(freq, refusals)
{
	refused("contries", NULL, LEVEL_UNIT, SK_E_INPUT,
		"the form has no field 'contries' (did you mean "
		"'countries'?)");
	refused("zzzzzzzzzz", NULL, LEVEL_UNIT, SK_E_INPUT,
		"'scopekit form' lists them");
	refused("countries", NULL, LEVEL_STUDY, SK_E_USAGE,
		"countries is charted per unit, so it cannot be counted per "
		"study: count it per unit (--level unit)");
	refused("staff", NULL, LEVEL_REPORT, SK_E_USAGE,
		"count it per study (--level study) or per unit");
	refused("setting", NULL, LEVEL_UNIT, SK_E_INPUT,
		"nothing is charted for setting (Setting) yet");
	refused("referral", NULL, LEVEL_UNIT, SK_E_INPUT,
		"there is no consensus on referral (Referral) yet: 1 value is "
		"charted");
	refused("care", "care", LEVEL_UNIT, SK_E_USAGE,
		"--by names care again");
	refused("care", "countries", LEVEL_STUDY, SK_E_USAGE,
		"countries is charted per unit");
}

/* A store with a form and a study, but no unit. */
TestSuite(freq_bare, .init = make_store, .fini = teardown);

Test(freq_bare, nothing_to_count)
{
	struct sk_err err = SK_ERR_INIT;
	long long r1 = 1;

	ok(extract_study_add(st, "S1", &r1, 1, 1, NULL, &err), &err);
	both(LEVEL_STUDY, "S1", "care", "Stepped");
	counts_are("care", LEVEL_STUDY, 1,
		   "Stratified=0|Stepped=1|not reported=0|unclear=0");
	refused("care", NULL, LEVEL_UNIT, SK_E_INPUT,
		"there are no models of care to count yet: group studies into "
		"units with 'scopekit unit add'");
}

Test(freq, no_form)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *bare;
	struct freq f;
	char path[300];

	snprintf(path, sizeof(path), "%s/bare.db", tmpdir);
	ok(store_open(&bare, path, STORE_CREATE, &err), &err);
	cr_assert_eq(freq_count(bare, "countries", NULL, LEVEL_UNIT, &f,
				&err), -1);
	cr_expect(strstr(err.msg, "this review has no charting form yet: "
			 "load one with 'scopekit form load FILE'"), "%s",
		  err.msg);
	freq_release(&f);
	store_close(bare);
}

Test(freq, counts_on_a_locked_store)
{
	struct sk_err err = SK_ERR_INIT;
	struct freq f;

	ok(query_read_only(st, &err), &err);
	counted("countries", NULL, LEVEL_UNIT, &f);
	cr_expect_eq(f.total, 3);
	freq_release(&f);
	cr_expect_eq(store_exec(st, "DELETE FROM unit_study", &err), -1);
}

/* ---- the chart ---- */

#define PAGE_MARGIN 16.0

struct out {
	char *text;
	size_t len;
};

static struct out
chart_of(const struct freq *f)
{
	struct strlist notes = { NULL, 0, 0 };
	struct out o = { NULL, 0 };
	FILE *mem = open_memstream(&o.text, &o.len);

	cr_assert_not_null(mem);
	freq_notes(f, &notes);
	cr_assert_eq(freq_write_svg(mem, f, &notes), 0);
	cr_assert_eq(fclose(mem), 0);
	strlist_release(&notes);
	return o;
}

static xmlDocPtr
parse_svg(const struct out *o)
{
	/* no XML_PARSE_NOENT: entities stay unexpanded, the network unused */
	xmlDocPtr doc = xmlReadMemory(o->text, (int)o->len, "freq.svg", NULL,
				      XML_PARSE_NONET);

	cr_assert_not_null(doc, "the SVG is not well-formed XML");
	cr_assert_null(doc->intSubset, "the SVG has a DOCTYPE");
	cr_assert_str_eq((const char *)xmlDocGetRootElement(doc)->name,
			 "svg");
	return doc;
}

static int
named(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

/* An attribute's value, or "" if missing; the caller frees. */
static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = xstrdup(v ? (const char *)v : "");

	xmlFree(v);
	return s;
}

static double
num_attr(xmlNodePtr n, const char *name)
{
	char *s = attr(n, name);
	double v = strtod(s, NULL);

	free(s);
	return v;
}

static char *
inherited(xmlNodePtr n, const char *name)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (xmlHasProp(n, (const xmlChar *)name))
			return attr(n, name);
	return xstrdup("");
}

static char *
content(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = xstrdup((const char *)c);

	xmlFree(c);
	return s;
}

static double
page_width(xmlDocPtr doc)
{
	char *vb = attr(xmlDocGetRootElement(doc), "viewBox");
	double x, y, w, h;

	cr_assert_eq(sscanf(vb, "%lf %lf %lf %lf", &x, &y, &w, &h), 4);
	free(vb);
	return w;
}

/* A text's left and right by the chart's own measure. */
static void
extent(xmlNodePtr t, double *left, double *right)
{
	char *size = inherited(t, "font-size"), *weight = inherited(t,
		"font-weight"), *anchor = inherited(t, "text-anchor");
	char *line = content(t);
	double w = svg_text_width(line, strtod(size, NULL),
				  !strcmp(weight, "bold"));
	double x = num_attr(t, "x");

	*left = !strcmp(anchor, "middle") ? x - w / 2 : x;
	*right = *left + w;
	free(size);
	free(weight);
	free(anchor);
	free(line);
}

struct bars {
	double page_w;
	int rows, texts;
	struct buf all;		/* every text, ' ' between */
};

/* Every text inside the page; the rows counted. */
static void
check_texts(xmlNodePtr n, struct bars *b)
{
	for (; n; n = n->next) {
		double left, right;
		char *text;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (named(n, "g") && xmlHasProp(n, (const xmlChar *)"class"))
			b->rows++;
		if (!named(n, "text")) {
			check_texts(n->children, b);
			continue;
		}
		b->texts++;
		extent(n, &left, &right);
		text = content(n);
		buf_addf(&b->all, "%s ", text);
		cr_expect(left >= PAGE_MARGIN - 1e-6 &&
			  right <= b->page_w - PAGE_MARGIN + 1e-6,
			  "\"%s\" runs from %.1f to %.1f, outside the page",
			  text, left, right);
		free(text);
	}
}

static int
is_row(xmlNodePtr n)
{
	return named(n, "g") && xmlHasProp(n, (const xmlChar *)"class");
}

/* Where bars start: the first bar's left. */
static double
bars_start(xmlNodePtr n)
{
	for (; n; n = n->next) {
		double x;

		if (is_row(n))
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (named(c, "rect"))
					return num_attr(c, "x");
		if (n->type == XML_ELEMENT_NODE && !is_row(n) &&
		    (x = bars_start(n->children)) >= 0)
			return x;
	}
	return -1;
}

/*
 * A row: its label lines (at the margin) end before the bars start;
 * each bar starts there; each count starts after the bar before it.
 */
static void
check_row(xmlNodePtr r, double page_w, double bar_x)
{
	double end = bar_x, left, right;

	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (named(c, "rect")) {
			cr_expect(fabs(num_attr(c, "x") - bar_x) < 1e-6,
				  "a bar starts elsewhere");
			end = num_attr(c, "x") + num_attr(c, "width");
			continue;
		}
		if (!named(c, "text"))
			continue;
		extent(c, &left, &right);
		if (fabs(num_attr(c, "x") - PAGE_MARGIN) < 1e-6) {
			cr_expect(right < bar_x, "a label runs into the bars");
			continue;
		}
		cr_expect(left > end && right <= page_w - PAGE_MARGIN + 1e-6,
			  "a count is not after its bar");
		end = bar_x;
	}
}

static void
check_rows(xmlNodePtr n, double page_w, double bar_x)
{
	for (; n; n = n->next) {
		if (is_row(n))
			check_row(n, page_w, bar_x);
		else if (n->type == XML_ELEMENT_NODE)
			check_rows(n->children, page_w, bar_x);
	}
}

static void
check_chart(xmlDocPtr doc, struct bars *b)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	double bar_x = bars_start(root->children);

	cr_assert(bar_x > PAGE_MARGIN, "no bars");
	b->page_w = page_width(doc);
	check_texts(root->children, b);
	check_rows(root->children, b->page_w, bar_x);
	cr_assert(b->texts > 8 && b->rows > 1, "%d texts, %d rows", b->texts,
		  b->rows);
}

/* The bar of a row whose first label line is value, and its count. */
static double
bar_width(xmlNodePtr n, const char *value, char **count)
{
	for (; n; n = n->next) {
		double w;

		if (!named(n, "g"))
			continue;
		if (xmlHasProp(n, (const xmlChar *)"class")) {
			xmlNodePtr first = n->children, rect = NULL, last = NULL;
			char *label;
			int same;

			while (first && !named(first, "text"))
				first = first->next;
			label = content(first);
			same = !strcmp(label, value);
			free(label);
			if (!same)
				continue;
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if (named(c, "rect"))
					rect = c;
				if (named(c, "text"))
					last = c;
			}
			*count = content(last);
			return rect ? num_attr(rect, "width") : 0;
		}
		if ((w = bar_width(n->children, value, count)) >= 0)
			return w;
	}
	return -1;
}

Test(freq, bar_chart)
{
	struct freq f;
	struct out o;
	xmlDocPtr doc;
	struct bars b = { 0, 0, 0, BUF_INIT };
	double uk, other, nr;
	char *count = NULL;

	counted("staff", NULL, LEVEL_STUDY, &f);
	o = chart_of(&f);
	doc = parse_svg(&o);
	check_chart(doc, &b);
	cr_expect_eq(b.rows, (int)f.nrows);
	/* the label is escaped, and read back as written */
	cr_expect(strstr(b.all.data, "Staff & <others>"), "%s", b.all.data);
	cr_expect(strstr(o.text, "Staff &amp; &lt;others&gt;"));
	cr_expect(strstr(b.all.data, "n = 3 studies, counted from the "
			 "consensus"));
	cr_expect(strstr(b.all.data, "Other, as charted: physio aides (1)."));
	/* the long choice is wrapped inside its column */
	cr_expect(strstr(b.all.data, LONG_CHOICE));
	cr_expect(!strstr(o.text, ">" LONG_CHOICE "<"), "not wrapped");
	/* bars are as long as their share of the total */
	uk = bar_width(xmlDocGetRootElement(doc)->children, "PTs", &count);
	cr_expect_str_eq(count, "2 (66.7%)");
	free(count);
	other = bar_width(xmlDocGetRootElement(doc)->children, "Other",
			  &count);
	cr_expect_str_eq(count, "1 (33.3%)");
	free(count);
	cr_expect(fabs(uk - 2 * other) < 0.2, "%f against %f", uk, other);
	nr = bar_width(xmlDocGetRootElement(doc)->children, "unclear",
		       &count);
	cr_expect_eq(nr, 0);
	cr_expect_str_eq(count, "0 (0.0%)");
	free(count);
	xmlFreeDoc(doc);
	free(o.text);
	buf_release(&b.all);
	freq_release(&f);
}

Test(freq, cross_tab_chart)
{
	struct freq f;
	struct out o;
	xmlDocPtr doc;
	struct bars b = { 0, 0, 0, BUF_INIT };

	counted("care", "staff", LEVEL_STUDY, &f);
	o = chart_of(&f);
	doc = parse_svg(&o);
	check_chart(doc, &b);
	cr_expect(strstr(b.all.data, "Type of care by Staff & <others>"));
	/* the legend names each column */
	cr_expect(strstr(b.all.data, "GPs PTs Other not reported"), "%s",
		  b.all.data);
	xmlFreeDoc(doc);
	free(o.text);
	buf_release(&b.all);
	freq_release(&f);
}

/* Hostile text in values and nouns stays text: control characters too. */
Test(freq, chart_of_hostile_text)
{
	struct freq f;
	struct freq_row rows[2];
	struct out o;
	xmlDocPtr doc;
	struct bars b = { 0, 0, 0, BUF_INIT };
	char v1[] = "A\x01<b>&amp;\"quoted\" 'x' ]]>", v2[] = "\xff\xfe bad";
	char field[] = "f", label[] = "L</text><script/>", one[] = "one",
	     many[] = "m&ny";

	memset(&f, 0, sizeof(f));
	memset(rows, 0, sizeof(rows));
	rows[0] = (struct freq_row){ v1, FREQ_CHOICE, 2, 100.0, NULL };
	rows[1] = (struct freq_row){ v2, FREQ_UNCLEAR, 0, 0.0, NULL };
	f.field = field;
	f.label = label;
	f.noun_one = one;
	f.noun_many = many;
	f.total = 2;
	f.rows = rows;
	f.nrows = 2;
	o = chart_of(&f);
	doc = parse_svg(&o);
	check_chart(doc, &b);
	cr_expect(strstr(b.all.data, "A <b>&amp;\"quoted\" 'x' ]]>"), "%s",
		  b.all.data);
	cr_expect(strstr(b.all.data, "L</text><script/>"));
	cr_expect(strstr(b.all.data, "n = 2 m&ny"));
	xmlFreeDoc(doc);
	free(o.text);
	buf_release(&b.all);
}
