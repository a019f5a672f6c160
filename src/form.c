/*
 * form: a charting form is YAML (libyaml's document API, whose nodes
 * carry their line and column), read into struct form with every problem
 * collected, so whoever edits the form sees all of them at once; and
 * the values each field type takes, checked and put in one spelling.
 */
#include "form.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "input.h"
#include "json.h"
#include "record.h"
#include "xalloc.h"
#include "nearest.h"
#include "banned.h"

#define FORM_TEXT_MAX (1024 * 1024)
/* A sheet has six columns of its own and reads at most 256. */
#define FORM_FIELDS_MAX 240
#define FORM_CHOICES_MAX 500
#define LABEL_MAX 300
#define HELP_MAX 4000
#define NOUN_MAX 60	/* what a unit is called */
#define KEY_MAX 40
#define TEXT_VALUE_MAX 10000
#define LONG_TEXT_VALUE_MAX 200000

/* The type names a form may use; the first of each is the stored one. */
static const struct {
	const char *name;
	enum field_type type;
} type_names[] = {
	{ "text", FIELD_TEXT },
	{ "long text", FIELD_LONG_TEXT },
	{ "integer", FIELD_INTEGER },
	{ "number", FIELD_NUMBER },
	{ "year", FIELD_YEAR },
	{ "date", FIELD_DATE },
	{ "single choice", FIELD_SINGLE },
	{ "multiple choice", FIELD_MULTIPLE },
	{ "yes/no", FIELD_YESNO },
	/* spellings people use for the same */
	{ "long-text", FIELD_LONG_TEXT },
	{ "longtext", FIELD_LONG_TEXT },
	{ "whole number", FIELD_INTEGER },
	{ "choice", FIELD_SINGLE },
	{ "single-choice", FIELD_SINGLE },
	{ "multiple-choice", FIELD_MULTIPLE },
	{ "multi choice", FIELD_MULTIPLE },
	{ "yes-no", FIELD_YESNO },
	{ "yesno", FIELD_YESNO },
};

static const char *const level_names[LEVEL_COUNT] = {
	"report", "study", "unit",
};

/* Columns of the extraction sheet: no field may take their names. */
static const char *const reserved_keys[] = {
	"level", "id", "title", "extractor", "form", "version", "note", NULL,
};

const char *
field_type_name(enum field_type t)
{
	return t < FIELD_TYPE_COUNT ? type_names[t].name : "?";
}

const char *
chart_level_name(enum chart_level l)
{
	return l < LEVEL_COUNT ? level_names[l] : "?";
}

int
chart_level_parse(const char *s, enum chart_level *l)
{
	for (int i = 0; i < LEVEL_COUNT; i++) {
		if (!strcasecmp(s, level_names[i])) {
			*l = (enum chart_level)i;
			return 0;
		}
	}
	return -1;
}

/* The nearest of n names to s, if near enough to be a slip; else NULL. */
static const char *
nearest(const char *s, const char *const *names, size_t n)
{
	size_t len = strlen(s), d;
	size_t best = 1 + (len >= 8) + (len >= 16);
	const char *found = NULL;

	for (size_t i = 0; i < n; i++) {
		d = name_distance(s, names[i]);
		if (d <= best && (!found || d < best)) {
			best = d;
			found = names[i];
		}
	}
	return found;
}

/* ---- reading the text ---- */

int
form_read_file(const char *path, char **text, size_t *len, struct sk_err *err)
{
	return input_read_text(path, FORM_TEXT_MAX, "form", text, len, err);
}

/* ---- parsing ---- */

struct parse {
	yaml_document_t doc;
	struct form *f;
	struct form_problems *pr;
	size_t fields_cap;
};

static void problem(struct parse *p, const yaml_node_t *at, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));

static void
problem(struct parse *p, const yaml_node_t *at, const char *fmt, ...)
{
	struct form_problem *q;
	va_list ap;

	if (p->pr->n >= FORM_PROBLEMS_MAX) {
		p->pr->more++;
		return;
	}
	q = &p->pr->p[p->pr->n++];
	q->line = at ? (long)at->start_mark.line + 1 : 0;
	q->column = at ? (long)at->start_mark.column + 1 : 0;
	va_start(ap, fmt);
	vsnprintf(q->msg, sizeof(q->msg), fmt, ap);
	va_end(ap);
}

static yaml_node_t *
node(struct parse *p, int index)
{
	return yaml_document_get_node(&p->doc, index);
}

/*
 * The text of a scalar node without the line break a folded block ('>')
 * ends with, or NULL after a problem naming what.
 */
static const char *
scalar(struct parse *p, yaml_node_t *n, const char *what)
{
	char *s;
	size_t len;

	if (n->type != YAML_SCALAR_NODE) {
		problem(p, n, "%s should be text, not a %s", what,
			n->type == YAML_SEQUENCE_NODE ? "list" : "set of "
			"settings");
		return NULL;
	}
	s = (char *)n->data.scalar.value;
	len = n->data.scalar.length;
	while (len && strchr(" \t\r\n", s[len - 1]))
		s[--len] = '\0';
	n->data.scalar.length = len;
	return s;
}

/* A scalar that must not be empty and at most max bytes; NULL if bad. */
static const char *
text_setting(struct parse *p, yaml_node_t *n, const char *what, size_t max)
{
	const char *s = scalar(p, n, what);

	if (!s)
		return NULL;
	if (!*s) {
		problem(p, n, "%s is empty", what);
		return NULL;
	}
	if (strlen(s) > max) {
		problem(p, n, "%s is over %zu characters", what, max);
		return NULL;
	}
	return s;
}

/* yes/no, true/false; -1 after a problem. */
static int
flag_setting(struct parse *p, yaml_node_t *n, const char *what)
{
	const char *s = scalar(p, n, what);

	if (!s)
		return -1;
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "true"))
		return 1;
	if (!strcasecmp(s, "no") || !strcasecmp(s, "false"))
		return 0;
	problem(p, n, "%s is yes or no, not '%s'", what, s);
	return -1;
}

/*
 * Walk a mapping: each key must be one of names (a problem otherwise,
 * with the nearest name), and none twice. values[i] gets the value node
 * of names[i], or NULL.
 */
static int
mapping(struct parse *p, yaml_node_t *n, const char *what,
	const char *const *names, size_t count, yaml_node_t **values)
{
	yaml_node_pair_t *pair;

	memset(values, 0, count * sizeof(*values));
	if (n->type != YAML_MAPPING_NODE) {
		problem(p, n, "%s should be a set of 'name: value' lines", what);
		return -1;
	}
	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node(p, pair->key);
		const char *key = scalar(p, k, "a setting's name");
		const char *hint;
		size_t i;

		if (!key)
			continue;
		for (i = 0; i < count && strcmp(key, names[i]); i++)
			;
		if (i == count) {
			hint = nearest(key, names, count);
			if (hint)
				problem(p, k, "unknown setting '%s' in %s "
					"(did you mean '%s'?)", key, what,
					hint);
			else
				problem(p, k, "unknown setting '%s' in %s",
					key, what);
			continue;
		}
		if (values[i]) {
			problem(p, k, "'%s' is given twice in %s (first at "
				"line %lu)", key, what,
				(unsigned long)values[i]->start_mark.line + 1);
			continue;
		}
		values[i] = node(p, pair->value);
	}
	return 0;
}

static int
valid_key(const char *s, int dashes)
{
	if (!*s || strlen(s) > KEY_MAX || !islower((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != (dashes ? '-' : '_'))
			return 0;
	return 1;
}

static int
parse_type(struct parse *p, yaml_node_t *n, enum field_type *t)
{
	const char *s = scalar(p, n, "type");

	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof(type_names) / sizeof(*type_names); i++) {
		if (!strcasecmp(s, type_names[i].name)) {
			*t = type_names[i].type;
			return 0;
		}
	}
	problem(p, n, "unknown type '%s': a field is text, long text, integer, "
		"number, year, date, single choice, multiple choice or yes/no",
		s);
	return -1;
}

static int
parse_level(struct parse *p, yaml_node_t *n, enum chart_level *l)
{
	const char *s = scalar(p, n, "level");

	if (!s)
		return -1;
	if (chart_level_parse(s, l) == 0)
		return 0;
	problem(p, n, "level is report, study or unit (what the field is "
		"charted for), not '%s'", s);
	return -1;
}

/* An answer of every field, which no choice may repeat. */
static int
is_answer_word(const char *s)
{
	return !strcasecmp(s, "not reported") || !strcasecmp(s, "unclear");
}

static void
parse_choices(struct parse *p, yaml_node_t *n, struct form_field *fld)
{
	yaml_node_item_t *it;

	if (n->type != YAML_SEQUENCE_NODE) {
		problem(p, n, "choices should be a list, one '- choice' a line");
		return;
	}
	for (it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *c = node(p, *it);
		const char *s = text_setting(p, c, "a choice", LABEL_MAX);

		if (!s)
			continue;
		if (fld->nchoices >= FORM_CHOICES_MAX) {
			problem(p, c, "field '%s' has over %d choices",
				fld->key, FORM_CHOICES_MAX);
			return;
		}
		if (strchr(s, ';') || strchr(s, '\n')) {
			problem(p, c, "choice '%s' has a ';' or a line break: "
				"';' separates the items of a multiple choice",
				s);
			continue;
		}
		if (is_answer_word(s)) {
			problem(p, c, "'%s' is an answer every field takes "
				"already; leave it out of the choices", s);
			continue;
		}
		for (size_t i = 0; i < fld->nchoices; i++) {
			if (!strcasecmp(fld->choices[i], s)) {
				problem(p, c, "choice '%s' is listed twice in "
					"field '%s'", s, fld->key);
				s = NULL;
				break;
			}
		}
		if (!s)
			continue;
		fld->choices = xrealloc(fld->choices, (fld->nchoices + 1) *
					sizeof(*fld->choices));
		fld->choices[fld->nchoices++] = xstrdup(s);
	}
}

/* "other: yes" offers "Other"; "other: LABEL" names it. */
static void
parse_other(struct parse *p, yaml_node_t *n, struct form_field *fld)
{
	const char *s = scalar(p, n, "other");

	if (!s)
		return;
	if (!strcasecmp(s, "no") || !strcasecmp(s, "false"))
		return;
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "true"))
		s = "Other";
	if (!*s || strlen(s) > LABEL_MAX || strchr(s, ';') || strchr(s, ':')) {
		problem(p, n, "other is yes, or the label of the 'other, "
			"specify' choice (no ';' or ':' in it)");
		return;
	}
	fld->other = xstrdup(s);
}

static int
type_takes_pattern(enum field_type t)
{
	return t != FIELD_SINGLE && t != FIELD_MULTIPLE && t != FIELD_YESNO;
}

static void
parse_pattern(struct parse *p, yaml_node_t *n, struct form_field *fld)
{
	const char *s = text_setting(p, n, "pattern", 2000);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;

	if (!s)
		return;
	fld->re = pcre2_compile((PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP, &code, &off, NULL);
	if (!fld->re) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		problem(p, n, "the pattern of field '%s' is not valid: %s (at "
			"character %zu)", fld->key, (const char *)msg,
			(size_t)off + 1);
		return;
	}
	fld->pattern = xstrdup(s);
}

static void
field_release(struct form_field *fld)
{
	free(fld->key);
	free(fld->label);
	free(fld->help);
	for (size_t j = 0; j < fld->nchoices; j++)
		free(fld->choices[j]);
	free(fld->choices);
	free(fld->other);
	free(fld->pattern);
	pcre2_code_free(fld->re);
}

/* Checks that need the whole field: choices against type, a level. */
static void
check_field(struct parse *p, yaml_node_t *at, struct form_field *fld,
	    yaml_node_t *choices, yaml_node_t *other, yaml_node_t *pattern,
	    int has_level)
{
	int choice = fld->type == FIELD_SINGLE || fld->type == FIELD_MULTIPLE;

	if (!has_level)
		problem(p, at, "field '%s' needs a level: report, study or "
			"unit (here or in its section)", fld->key);
	if (choice && !fld->nchoices && !fld->other && !choices)
		problem(p, at, "field '%s' is a %s but has no choices",
			fld->key, field_type_name(fld->type));
	if (choice && choices && !fld->nchoices)
		problem(p, choices, "field '%s' has an empty list of choices",
			fld->key);
	if (!choice && choices)
		problem(p, choices, "field '%s' is %s: only a single or "
			"multiple choice has choices", fld->key,
			field_type_name(fld->type));
	if (!choice && other)
		problem(p, other, "field '%s' is %s: only a single or multiple "
			"choice has 'other'", fld->key,
			field_type_name(fld->type));
	if (pattern && !type_takes_pattern(fld->type))
		problem(p, pattern, "field '%s' is a %s: a pattern is for "
			"fields people type (text, numbers, dates)", fld->key,
			field_type_name(fld->type));
	for (size_t i = 0; fld->other && i < fld->nchoices; i++)
		if (!strcasecmp(fld->choices[i], fld->other))
			problem(p, choices, "choice '%s' is the 'other' choice "
				"of field '%s' already", fld->other, fld->key);
}

enum {
	F_KEY, F_LABEL, F_HELP, F_TYPE, F_LEVEL, F_REQUIRED, F_CHOICES,
	F_OTHER, F_PATTERN, F_COUNT
};
static const char *const field_settings[F_COUNT] = {
	"key", "label", "help", "type", "level", "required", "choices",
	"other", "pattern",
};

static void
check_key(struct parse *p, yaml_node_t *n, const char *key)
{
	for (const char *const *r = reserved_keys; *r; r++) {
		if (!strcmp(key, *r)) {
			problem(p, n, "'%s' is a column of the extraction "
				"sheet: call the field something else", key);
			return;
		}
	}
	for (size_t i = 0; i < p->f->nfields; i++) {
		if (!strcmp(p->f->fields[i].key, key)) {
			problem(p, n, "field key '%s' is used twice (first at "
				"line %ld)", key, p->f->fields[i].line);
			return;
		}
	}
	if (!valid_key(key, 0))
		problem(p, n, "field key '%s' should be lower-case letters, "
			"digits and '_', starting with a letter, at most %d",
			key, KEY_MAX);
}

static void
parse_field(struct parse *p, yaml_node_t *n, const char *section,
	    int section_level)
{
	yaml_node_t *v[F_COUNT];
	struct form_field fld;
	const char *s;
	int level_ok = section_level >= 0;

	if (mapping(p, n, "a field", field_settings, F_COUNT, v) < 0)
		return;
	memset(&fld, 0, sizeof(fld));
	fld.line = (long)n->start_mark.line + 1;
	fld.section = section;
	fld.level = level_ok ? (enum chart_level)section_level : LEVEL_REPORT;
	if (!v[F_KEY]) {
		problem(p, n, "a field needs a key (the sheet's column name)");
		return;
	}
	if (!(s = text_setting(p, v[F_KEY], "key", 200)))
		return;
	check_key(p, v[F_KEY], s);
	fld.key = xstrdup(s);
	if (!v[F_LABEL])
		problem(p, n, "field '%s' needs a label", fld.key);
	else if ((s = text_setting(p, v[F_LABEL], "label", LABEL_MAX)))
		fld.label = xstrdup(s);
	if (v[F_HELP] && (s = text_setting(p, v[F_HELP], "help", HELP_MAX)))
		fld.help = xstrdup(s);
	if (!v[F_TYPE])
		problem(p, n, "field '%s' needs a type", fld.key);
	else
		parse_type(p, v[F_TYPE], &fld.type);
	if (v[F_LEVEL]) {
		parse_level(p, v[F_LEVEL], &fld.level);
		level_ok = 1;	/* a bad level is a problem of its own */
	}
	if (v[F_REQUIRED])
		fld.required = flag_setting(p, v[F_REQUIRED], "required") == 1;
	if (v[F_CHOICES])
		parse_choices(p, v[F_CHOICES], &fld);
	if (v[F_OTHER])
		parse_other(p, v[F_OTHER], &fld);
	if (v[F_PATTERN])
		parse_pattern(p, v[F_PATTERN], &fld);
	check_field(p, n, &fld, v[F_CHOICES], v[F_OTHER], v[F_PATTERN],
		    level_ok);
	if (!fld.label)
		fld.label = xstrdup(fld.key);
	if (p->f->nfields >= FORM_FIELDS_MAX) {
		problem(p, n, "the form has over %d fields, the most an "
			"extraction sheet can carry", FORM_FIELDS_MAX);
		field_release(&fld);
		return;
	}
	p->f->fields = xgrow(p->f->fields, &p->fields_cap, p->f->nfields + 1,
			     sizeof(fld));
	p->f->fields[p->f->nfields++] = fld;
}

enum { S_SECTION, S_HELP, S_LEVEL, S_FIELDS, S_COUNT };
static const char *const section_settings[S_COUNT] = {
	"section", "help", "level", "fields",
};

static void
parse_section(struct parse *p, yaml_node_t *n)
{
	yaml_node_t *v[S_COUNT];
	yaml_node_item_t *it;
	enum chart_level level;
	const char *title;
	int section_level = -1;
	char *kept;

	if (mapping(p, n, "a section", section_settings, S_COUNT, v) < 0)
		return;
	if (!v[S_SECTION]) {
		problem(p, n, "a section needs a title: 'section: TITLE'");
		return;
	}
	if (!(title = text_setting(p, v[S_SECTION], "section", LABEL_MAX)))
		return;
	for (size_t i = 0; i < p->f->nsections; i++)
		if (!strcmp(p->f->sections[i], title))
			problem(p, v[S_SECTION], "section '%s' is on the form "
				"twice", title);
	if (v[S_LEVEL] && parse_level(p, v[S_LEVEL], &level) == 0)
		section_level = (int)level;
	kept = xstrdup(title);
	p->f->sections = xrealloc(p->f->sections, (p->f->nsections + 1) *
				  sizeof(*p->f->sections));
	p->f->sections[p->f->nsections++] = kept;
	if (!v[S_FIELDS]) {
		problem(p, n, "section '%s' has no fields", title);
		return;
	}
	if (v[S_FIELDS]->type != YAML_SEQUENCE_NODE ||
	    v[S_FIELDS]->data.sequence.items.start ==
	    v[S_FIELDS]->data.sequence.items.top) {
		problem(p, v[S_FIELDS], "the fields of section '%s' should be a "
			"list, each field starting with '- key:'", title);
		return;
	}
	for (it = v[S_FIELDS]->data.sequence.items.start;
	     it < v[S_FIELDS]->data.sequence.items.top; it++)
		parse_field(p, node(p, *it), kept, section_level);
}

enum { T_FORM, T_VERSION, T_TITLE, T_HELP, T_UNIT, T_UNITS, T_SECTIONS,
       T_COUNT };
static const char *const top_settings[T_COUNT] = {
	"form", "version", "title", "help", "unit", "units", "sections",
};

/* What tables call a unit: "model of care", "models of care". */
static void
parse_unit_names(struct parse *p, yaml_node_t **v)
{
	const char *s;

	if (v[T_UNIT] && (s = text_setting(p, v[T_UNIT], "unit", NOUN_MAX)))
		p->f->unit_one = xstrdup(s);
	if (v[T_UNITS] && (s = text_setting(p, v[T_UNITS], "units", NOUN_MAX)))
		p->f->unit_many = xstrdup(s);
	if (v[T_UNITS] && !v[T_UNIT])
		problem(p, v[T_UNITS], "'units' names more than one unit; "
			"give 'unit' too, for one");
	else if (p->f->unit_one && !p->f->unit_many)
		p->f->unit_many = xasprintf("%ss", p->f->unit_one);
}

static void
parse_top(struct parse *p, yaml_node_t *root)
{
	yaml_node_t *v[T_COUNT];
	yaml_node_item_t *it;
	const char *s;
	char *end;

	if (mapping(p, root, "the form", top_settings, T_COUNT, v) < 0)
		return;
	if (!v[T_FORM])
		problem(p, root, "the form needs a name: 'form: NAME' (lower "
			"case, digits and '-')");
	else if ((s = text_setting(p, v[T_FORM], "form", 60))) {
		if (!valid_key(s, 1))
			problem(p, v[T_FORM], "the form's name '%s' should be "
				"lower-case letters, digits and '-'", s);
		p->f->key = xstrdup(s);
	}
	if (!v[T_VERSION])
		problem(p, root, "the form needs a version: 'version: 1', "
			"raised each time the form changes");
	else if ((s = scalar(p, v[T_VERSION], "version"))) {
		errno = 0;
		p->f->version = strtol(s, &end, 10);
		if (errno || end == s || *end || p->f->version < 1 ||
		    !isdigit((unsigned char)*s))
			problem(p, v[T_VERSION], "version is a whole number "
				"from 1, not '%s'", s);
	}
	if (!v[T_TITLE])
		problem(p, root, "the form needs a title");
	else if ((s = text_setting(p, v[T_TITLE], "title", LABEL_MAX)))
		p->f->title = xstrdup(s);
	if (v[T_HELP] && (s = text_setting(p, v[T_HELP], "help", HELP_MAX)))
		p->f->help = xstrdup(s);
	parse_unit_names(p, v);
	if (!v[T_SECTIONS]) {
		problem(p, root, "the form has no sections");
		return;
	}
	if (v[T_SECTIONS]->type != YAML_SEQUENCE_NODE) {
		problem(p, v[T_SECTIONS], "sections should be a list, each "
			"starting with '- section: TITLE'");
		return;
	}
	for (it = v[T_SECTIONS]->data.sequence.items.start;
	     it < v[T_SECTIONS]->data.sequence.items.top; it++)
		parse_section(p, node(p, *it));
	if (!p->f->nfields && !p->pr->n)
		problem(p, v[T_SECTIONS], "the form has no fields");
}

/* libyaml's complaint, with a hint at the usual slips. */
static void
yaml_problem(struct parse *p, const yaml_parser_t *y)
{
	const yaml_mark_t *m = &y->problem_mark;
	const char *hint = "";
	struct form_problem *q = &p->pr->p[p->pr->n++];

	if (y->problem && strstr(y->problem, "mapping values are not allowed"))
		hint = " (put text that holds ': ' in quotes)";
	else if (y->problem && strstr(y->problem, "tab"))
		hint = " (indent with spaces, not tabs)";
	else if (y->problem && strstr(y->problem, "cannot start any token"))
		hint = " (indent with spaces, not tabs; put text starting "
		       "with '@', '`' or '%' in quotes)";
	q->line = (long)m->line + 1;
	q->column = (long)m->column + 1;
	snprintf(q->msg, sizeof(q->msg), "not valid YAML: %s%s%s%s",
		 y->problem ? y->problem : "unreadable",
		 y->context ? " " : "", y->context ? y->context : "", hint);
}

int
form_parse(struct form *f, const char *text, size_t len, const char *name,
	   struct form_problems *problems, struct sk_err *err)
{
	struct form_problems own;
	struct parse p;
	yaml_parser_t y;
	yaml_node_t *root;

	memset(f, 0, sizeof(*f));
	memset(&p, 0, sizeof(p));
	p.f = f;
	p.pr = problems ? problems : &own;
	memset(p.pr, 0, sizeof(*p.pr));
	yaml_parser_initialize(&y);
	yaml_parser_set_input_string(&y, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&y, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&y, &p.doc)) {
		yaml_problem(&p, &y);
	} else {
		root = yaml_document_get_root_node(&p.doc);
		if (!root)
			problem(&p, NULL, "the form is empty");
		else
			parse_top(&p, root);
		yaml_document_delete(&p.doc);
	}
	yaml_parser_delete(&y);
	if (!p.pr->n)
		return 0;
	form_release(f);
	return sk_fail_at(err, SK_E_INPUT, name, p.pr->p[0].line,
			  p.pr->p[0].column, "%s", p.pr->p[0].msg);
}

void
form_release(struct form *f)
{
	for (size_t i = 0; i < f->nfields; i++)
		field_release(&f->fields[i]);
	for (size_t i = 0; i < f->nsections; i++)
		free(f->sections[i]);
	free(f->sections);
	free(f->fields);
	free(f->key);
	free(f->title);
	free(f->help);
	free(f->unit_one);
	free(f->unit_many);
	memset(f, 0, sizeof(*f));
}

const struct form_field *
form_find(const struct form *f, const char *key)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (!strcmp(f->fields[i].key, key))
			return &f->fields[i];
	return NULL;
}

const struct form_field *
form_nearest(const struct form *f, const char *key)
{
	const struct form_field *best = NULL;
	size_t best_d = strlen(key) / 3 + 2, d;

	for (size_t i = 0; i < f->nfields; i++) {
		d = name_distance(key, f->fields[i].key);
		if (d < best_d) {
			best_d = d;
			best = &f->fields[i];
		}
	}
	return best;
}

/* ---- values ---- */

static const char *const answer_names[] = {
	"value", "not_reported", "unclear",
};

const char *
answer_name(enum answer a)
{
	return answer_names[a];
}

int
answer_parse(const char *s, enum answer *a)
{
	for (int i = 0; i < 3; i++) {
		if (!strcmp(s, answer_names[i])) {
			*a = (enum answer)i;
			return 0;
		}
	}
	return -1;
}

/* s without the spaces at both ends, into b. */
static void
trimmed(struct buf *b, const char *s)
{
	buf_reset(b);
	buf_adds(b, s);
	buf_trim(b);
}

static int
value_fail(const struct form_field *fld, struct sk_err *err, const char *fmt,
	   ...) __attribute__((format(printf, 3, 4)));

static int
value_fail(const struct form_field *fld, struct sk_err *err, const char *fmt,
	   ...)
{
	char msg[700];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return sk_fail(err, SK_E_INPUT, NULL, 0, "%s: %s", fld->key, msg);
}

static int
parse_integer(const struct form_field *fld, const char *s, struct buf *out,
	      struct sk_err *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || isspace((unsigned char)*s))
		return value_fail(fld, err, "'%s' is not a whole number", s);
	buf_addf(out, "%lld", v);
	return 0;
}

static int
parse_number(const struct form_field *fld, const char *s, struct buf *out,
	     struct sk_err *err)
{
	char *end;
	double v;

	if (strchr(s, ',') && !strchr(s, '.'))
		return value_fail(fld, err, "'%s': write numbers with a point, "
				  "as 2.5", s);
	for (const char *c = s; *c; c++)
		if (!isdigit((unsigned char)*c) && !strchr("+-.eE", *c))
			return value_fail(fld, err, "'%s' is not a number", s);
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v))
		return value_fail(fld, err, "'%s' is not a number", s);
	buf_addf(out, "%.15g", v);
	return 0;
}

static int
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
parse_year(const struct form_field *fld, const char *s, struct buf *out,
	   struct sk_err *err)
{
	if (strlen(s) != 4 || !all_digits(s, 4) || s[0] == '0')
		return value_fail(fld, err, "'%s' is not a year (four digits, "
				  "as 2019)", s);
	buf_adds(out, s);
	return 0;
}

static int
parse_date(const struct form_field *fld, const char *s, struct buf *out,
	   struct sk_err *err)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	size_t n = strlen(s);
	int y, m, d = 1;

	if ((n != 7 && n != 10) || !all_digits(s, 4) || s[4] != '-' ||
	    !all_digits(s + 5, 2) || (n == 10 && (s[7] != '-' ||
						  !all_digits(s + 8, 2))))
		return value_fail(fld, err, "'%s' is not a date: write "
				  "YYYY-MM-DD (2021-05-31) or YYYY-MM", s);
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	if (n == 10)
		d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
	    (m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400))))
		return value_fail(fld, err, "'%s' is not a date of the "
				  "calendar", s);
	buf_adds(out, s);
	return 0;
}

static int
parse_yesno(const struct form_field *fld, const char *s, struct buf *out,
	    struct sk_err *err)
{
	static const char *const yes[] = { "yes", "y", "true", "1" };
	static const char *const no[] = { "no", "n", "false", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(s, yes[i])) {
			buf_adds(out, "yes");
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			buf_adds(out, "no");
			return 0;
		}
	}
	return value_fail(fld, err, "'%s' is neither yes nor no", s);
}

/* The field's choices, for a message: "a, b or c" (cut when long). */
static void
list_choices(const struct form_field *fld, struct buf *b)
{
	size_t n = fld->nchoices + (fld->other != NULL);

	for (size_t i = 0; i < n; i++) {
		const char *c = i < fld->nchoices ? fld->choices[i] : NULL;

		if (b->len > 300) {
			buf_adds(b, "...");
			return;
		}
		if (i)
			buf_adds(b, i + 1 == n ? " or " : ", ");
		if (c)
			buf_addf(b, "'%s'", c);
		else
			buf_addf(b, "'%s: ...'", fld->other);
	}
}

/* The one choice that starts with s (a label typed short), or NULL. */
static const char *
prefix_of_one(const char *s, const struct form_field *fld)
{
	const char *found = NULL;
	size_t n = strlen(s);

	for (size_t i = 0; n >= 3 && i < fld->nchoices; i++) {
		if (strncasecmp(fld->choices[i], s, n))
			continue;
		if (found)
			return NULL;
		found = fld->choices[i];
	}
	return found;
}

/*
 * One choice: the index of a listed choice (ASCII case ignored), or
 * nchoices for "Other: text" (its spelling into other), else -1 with err.
 */
static int
parse_choice(const struct form_field *fld, const char *s, struct buf *other,
	     struct sk_err *err)
{
	size_t n = fld->other ? strlen(fld->other) : 0;
	struct buf list = BUF_INIT;
	const char *hint;

	for (size_t i = 0; i < fld->nchoices; i++)
		if (!strcasecmp(fld->choices[i], s))
			return (int)i;
	if (fld->other && !strncasecmp(s, fld->other, n) && s[n] == ':') {
		trimmed(other, s + n + 1);
		if (!other->len)
			return value_fail(fld, err, "say what the other is: "
					  "'%s: ...'", fld->other);
		buf_reset(&list);
		buf_addf(&list, "%s: %s", fld->other, other->data);
		buf_reset(other);
		buf_add(other, list.data, list.len);
		buf_release(&list);
		return (int)fld->nchoices;
	}
	hint = nearest(s, (const char *const *)fld->choices, fld->nchoices);
	if (!hint)
		hint = prefix_of_one(s, fld);
	list_choices(fld, &list);
	if (hint)
		value_fail(fld, err, "'%s' is not one of the choices (did you "
			   "mean '%s'?)", s, hint);
	else
		value_fail(fld, err, "'%s' is not one of the choices: %s", s,
			   list.data);
	buf_release(&list);
	return -1;
}

static int
parse_single(const struct form_field *fld, const char *s, struct buf *out,
	     struct sk_err *err)
{
	struct buf other = BUF_INIT;
	int i = parse_choice(fld, s, &other, err);

	if (i >= 0)
		buf_adds(out, (size_t)i < fld->nchoices ? fld->choices[i] :
			 other.data);
	buf_release(&other);
	return i < 0 ? -1 : 0;
}

/* Items separated by ';', kept in the form's order, others last. */
static int
parse_multiple(const struct form_field *fld, const char *s, struct buf *out,
	       struct sk_err *err)
{
	char *chosen = xcalloc(fld->nchoices + 1, 1);
	struct strlist items = { NULL, 0, 0 }, others = { NULL, 0, 0 };
	struct buf item = BUF_INIT, other = BUF_INIT;
	int rc = 0, i;

	while (rc == 0 && *s) {
		const char *semi = strchr(s, ';');
		size_t n = semi ? (size_t)(semi - s) : strlen(s);

		buf_reset(&item);
		buf_add(&item, s, n);
		buf_trim(&item);
		s += n + (semi != NULL);
		if (!item.len)
			continue;
		if (is_answer_word(item.data)) {
			rc = value_fail(fld, err, "'%s' is an answer of its "
					"own, not one item among others",
					item.data);
			break;
		}
		i = parse_choice(fld, item.data, &other, err);
		if (i < 0)
			rc = -1;
		else if ((size_t)i < fld->nchoices)
			chosen[i] = 1;
		else
			strlist_add(&others, other.data, other.len);
	}
	for (size_t k = 0; rc == 0 && k < fld->nchoices; k++)
		if (chosen[k])
			strlist_add(&items, fld->choices[k],
				    strlen(fld->choices[k]));
	for (size_t k = 0; rc == 0 && k < others.n; k++) {
		size_t j;

		for (j = 0; j < items.n && strcmp(items.v[j], others.v[k]); j++)
			;
		if (j == items.n)
			strlist_add(&items, others.v[k], strlen(others.v[k]));
	}
	if (rc == 0 && !items.n)
		rc = value_fail(fld, err, "no choice given");
	if (rc == 0)
		json_add_strlist(out, &items);
	strlist_release(&items);
	strlist_release(&others);
	buf_release(&item);
	buf_release(&other);
	free(chosen);
	return rc;
}

static int
check_pattern(const struct form_field *fld, const char *s, struct sk_err *err)
{
	pcre2_match_data *md;
	int rc;

	if (!fld->re)
		return 0;
	md = pcre2_match_data_create_from_pattern(fld->re, NULL);
	rc = pcre2_match(fld->re, (PCRE2_SPTR)s, strlen(s), 0,
			 PCRE2_ANCHORED | PCRE2_ENDANCHORED, md, NULL);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 0;
	if (fld->help)
		return value_fail(fld, err, "'%s' is not written as the form "
				  "asks: %s", s, fld->help);
	return value_fail(fld, err, "'%s' does not match the field's pattern "
			  "%s", s, fld->pattern);
}

int
form_value_parse(const struct form_field *fld, const char *text,
		 enum answer *answer, struct buf *value, struct sk_err *err)
{
	struct buf t = BUF_INIT;
	int rc = 0;

	buf_reset(value);
	trimmed(&t, text);
	*answer = ANSWER_VALUE;
	if (!strcasecmp(t.data, "not reported"))
		*answer = ANSWER_NOT_REPORTED;
	else if (!strcasecmp(t.data, "unclear"))
		*answer = ANSWER_UNCLEAR;
	else if (!t.len)
		rc = value_fail(fld, err, "no value: write it, 'not reported' "
				"or 'unclear'");
	else if (t.len > (fld->type == FIELD_LONG_TEXT ? LONG_TEXT_VALUE_MAX :
			  TEXT_VALUE_MAX))
		rc = value_fail(fld, err, "the value is over %d characters",
				fld->type == FIELD_LONG_TEXT ?
				LONG_TEXT_VALUE_MAX : TEXT_VALUE_MAX);
	else if (fld->type != FIELD_LONG_TEXT && strpbrk(t.data, "\r\n"))
		rc = value_fail(fld, err, "a %s value is one line",
				field_type_name(fld->type));
	if (rc < 0 || *answer != ANSWER_VALUE) {
		buf_release(&t);
		return rc;
	}
	switch (fld->type) {
	case FIELD_TEXT:
	case FIELD_LONG_TEXT: buf_add(value, t.data, t.len); break;
	case FIELD_INTEGER: rc = parse_integer(fld, t.data, value, err); break;
	case FIELD_NUMBER: rc = parse_number(fld, t.data, value, err); break;
	case FIELD_YEAR: rc = parse_year(fld, t.data, value, err); break;
	case FIELD_DATE: rc = parse_date(fld, t.data, value, err); break;
	case FIELD_SINGLE: rc = parse_single(fld, t.data, value, err); break;
	case FIELD_MULTIPLE: rc = parse_multiple(fld, t.data, value, err); break;
	case FIELD_YESNO: rc = parse_yesno(fld, t.data, value, err); break;
	default: rc = value_fail(fld, err, "unknown type");
	}
	if (rc == 0 && type_takes_pattern(fld->type))
		rc = check_pattern(fld, value->data, err);
	buf_release(&t);
	if (rc < 0)
		buf_reset(value);
	return rc;
}

void
form_value_display(const struct form_field *fld, enum answer answer,
		   const char *value, struct buf *out)
{
	struct strlist l = { NULL, 0, 0 };

	if (answer != ANSWER_VALUE) {
		buf_adds(out, answer == ANSWER_UNCLEAR ? "unclear" :
			 "not reported");
		return;
	}
	if (!value)
		return;
	if ((!fld || fld->type == FIELD_MULTIPLE) && value[0] == '[' &&
	    json_parse_strlist(value, &l) == 0) {
		for (size_t i = 0; i < l.n; i++) {
			if (i)
				buf_adds(out, "; ");
			buf_adds(out, l.v[i]);
		}
		strlist_release(&l);
		return;
	}
	strlist_release(&l);
	buf_adds(out, value);
}
