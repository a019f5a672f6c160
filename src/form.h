/*
 * form: charting (extraction) forms: reading one from its YAML text with
 * every problem's line, and checking and spelling the values its fields take.
 */
#ifndef SK_FORM_H
#define SK_FORM_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

enum field_type {
	FIELD_TEXT,		/* one line */
	FIELD_LONG_TEXT,	/* may run over lines */
	FIELD_INTEGER,
	FIELD_NUMBER,
	FIELD_YEAR,
	FIELD_DATE,		/* YYYY-MM-DD or YYYY-MM */
	FIELD_SINGLE,		/* one of the choices */
	FIELD_MULTIPLE,		/* any of the choices */
	FIELD_YESNO,
	FIELD_TYPE_COUNT
};

/* What a field is charted for: each report, each study or each unit. */
enum chart_level {
	LEVEL_REPORT,
	LEVEL_STUDY,
	LEVEL_UNIT,
	LEVEL_COUNT
};

struct form_field {
	char *key;		/* [a-z][a-z0-9_]*: the sheet's column */
	char *label;
	char *help;		/* or NULL */
	const char *section;	/* points into form.sections */
	enum field_type type;
	enum chart_level level;
	int required;
	char **choices;
	size_t nchoices;
	char *other;		/* label of "other, specify", or NULL */
	char *pattern;		/* PCRE2 the whole value must match, or NULL */
	void *re;		/* the compiled pattern */
	long line;		/* where the field starts in the form's text */
};

struct form {
	char *key;		/* "pcc-lbp-moc" */
	long version;
	char *title;
	char *help;
	char *unit_one;		/* what a unit is called: "model of care" */
	char *unit_many;	/* more than one: "models of care"; both NULL
				 * when the form does not say */
	char **sections;
	size_t nsections;
	struct form_field *fields;
	size_t nfields;
};

/* One problem found in a form's text. */
struct form_problem {
	long line, column;
	char msg[512];
};

/* Every problem of a form, in the order found (at most FORM_PROBLEMS_MAX). */
#define FORM_PROBLEMS_MAX 50
struct form_problems {
	struct form_problem p[FORM_PROBLEMS_MAX];
	size_t n;
	size_t more;		/* found beyond the maximum */
};

/*
 * Read a form from its YAML text (name is used in messages). On success
 * fills f (release with form_release). A form with problems fails with
 * the first in err (SK_E_INPUT, name, line, column) and, if problems is
 * not NULL, all of them there.
 */
int form_parse(struct form *f, const char *text, size_t len, const char *name,
	       struct form_problems *problems, struct sk_err *err);
void form_release(struct form *f);

/*
 * Read a form file's text as UTF-8 (a BOM, UTF-16 or Windows-1252 are
 * converted, as for imports), at most 1 MiB. The caller frees *text.
 */
int form_read_file(const char *path, char **text, size_t *len,
		   struct sk_err *err);

const struct form_field *form_find(const struct form *f, const char *key);
/* The field whose key is nearest to key (for "did you mean"), or NULL. */
const struct form_field *form_nearest(const struct form *f, const char *key);

const char *field_type_name(enum field_type t);
const char *chart_level_name(enum chart_level l);
/* "report", "study" or "unit"; -1 if none of them. */
int chart_level_parse(const char *s, enum chart_level *l);

/* ---- values ---- */

enum answer {
	ANSWER_VALUE,
	ANSWER_NOT_REPORTED,	/* the report does not say */
	ANSWER_UNCLEAR,		/* it says, but not clearly */
};

/* How the store spells an answer: "value", "not_reported", "unclear". */
const char *answer_name(enum answer a);
int answer_parse(const char *s, enum answer *a);

/*
 * Check a value typed for a field and put it in the store's spelling:
 * "not reported" and "unclear" (any case) are answers of every field;
 * otherwise the value must suit the field's type, choices and pattern.
 * A multiple choice is ';'-separated and stored as a JSON array in the
 * form's order; an "other, specify" item is "Other: text". On success
 * *answer is set and value holds the stored text (empty for the two
 * answers); otherwise SK_E_INPUT saying what the field takes. An empty
 * value is an error: the caller decides whether blank means "not
 * charted".
 */
int form_value_parse(const struct form_field *fld, const char *text,
		     enum answer *answer, struct buf *value,
		     struct sk_err *err);

/*
 * Append a stored value as people type it: "not reported", "unclear",
 * a multiple choice as "a; b". value may be NULL for the two answers.
 */
void form_value_display(const struct form_field *fld, enum answer answer,
			const char *value, struct buf *out);

#endif
