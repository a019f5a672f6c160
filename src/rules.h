/*
 * rules: automation rules run before screening (PRISMA's "records marked
 * as ineligible by automation tools"): what each kind of rule matches,
 * and the rules and their hits in the store, checked as records arrive.
 */
#ifndef SK_RULES_H
#define SK_RULES_H

#include <stddef.h>

#include "err.h"
#include "record.h"
#include "store.h"

enum rule_kind {
	RULE_YEAR,	/* a record published outside a range of years */
	RULE_LANGUAGE,	/* a record in none of the languages kept */
	RULE_PUBTYPE,	/* a record of a publication type left out */
	RULE_PATTERN,	/* a title or abstract a PCRE2 pattern matches */
};

enum rule_field {
	RULE_FIELD_ANY,		/* title, then abstract (each on its own) */
	RULE_FIELD_TITLE,
	RULE_FIELD_ABSTRACT,
};

/* What rule_match says of one record. */
enum rule_result {
	RULE_MISS = 0,
	RULE_HIT = 1,
	/* Language only: the record names a language scopekit does not
	 * recognise, so it cannot tell; the record is not hit. */
	RULE_UNSURE = 2,
};

struct rule_re;

/* A rule ready to match records. */
struct rule {
	enum rule_kind kind;
	enum rule_field field;	/* pattern only */
	char *value;		/* normalised, as stored: "2000-2022" */
	char *label;		/* for people: "year outside 2000–2022" */
	int year_from, year_to;	/* 0 for an open end */
	struct strlist terms;	/* languages kept, or types left out */
	struct rule_re *re;	/* the compiled pattern */
};

/* "year", "language", "pubtype", "pattern"; -1 if unknown. */
int rule_kind_parse(const char *name, enum rule_kind *kind);
const char *rule_kind_name(enum rule_kind kind);
/* "any", "title", "abstract"; -1 if unknown. */
int rule_field_parse(const char *name, enum rule_field *field);
const char *rule_field_name(enum rule_field field);

/*
 * Build a rule from what a person typed: a year range ("2000-2022",
 * "2000-", "-2022" or "2015"), languages to keep ("English, spa"), types
 * to leave out ("Editorial, Letter"; ';' separates types that hold a
 * comma) or a pattern. A bad value is SK_E_USAGE with a message saying
 * why (for a pattern, PCRE2's message and the character it stopped at).
 * Free with rule_release, also after a failure.
 */
int rule_parse(struct rule *r, enum rule_kind kind, const char *value,
	       enum rule_field field, struct sk_err *err);
void rule_release(struct rule *r);

/*
 * Whether the rule hits the record: year, languages, pubtypes, type,
 * title and abstract are read. -1 only when a pattern cannot be matched
 * (too complex for the text), with err saying so.
 */
int rule_match(struct rule *r, const struct record *rec, struct sk_err *err);

/*
 * A language's English name from its name or code, in any case: "eng",
 * "en", "en-GB", "ENGLISH" and "English" give "English". NULL if the
 * table does not know it.
 */
const char *rules_language_name(const char *s);

/* ---- rules in the store ---- */

struct rule_counts {
	long records;	/* records hit */
	long units;	/* of them, records screened (canonical or alone) */
	long only;	/* of the units, those no other active rule hits */
	long judged;	/* of the units, those with judgements already */
	long unsure;	/* records not hit: a language not recognised */
	long total;	/* units hit by any active rule, this one included */
};

struct rule_add {
	enum rule_kind kind;
	const char *value;
	enum rule_field field;		/* pattern only */
	const char *created_by;		/* or NULL */
	int dry_run;			/* count, write nothing */
};

/*
 * Check the rule, refuse one that an active rule says already
 * (SK_E_CONFLICT), save it and check every record. *id gets the rule's
 * id (0 on a dry run).
 */
int rules_add(struct store *st, const struct rule_add *a, long long *id,
	      struct rule_counts *c, struct sk_err *err);

/*
 * Remove a rule: its hits are kept as history, but it no longer marks
 * records ineligible. c->only gets the units that come back to screening.
 * SK_E_INPUT if there is no such rule, SK_E_CONFLICT if removed already.
 */
int rules_remove(struct store *st, long long id, struct rule_counts *c,
		 struct sk_err *err);

/*
 * Check every active rule against the records it has not seen; *hits
 * (may be NULL) gets the new hits. One query when nothing is new. The
 * import calls it inside its transaction.
 */
int rules_refresh(struct store *st, long *hits, struct sk_err *err);

struct rule_info {
	long long id;
	char *kind, *value, *field, *label;
	char *created_by, *created_at, *removed_at;	/* NULL if none */
	long records, units;
};

/*
 * The rules (removed ones too if all) in order, with the records and
 * units each hits. Free with rules_list_free.
 */
int rules_list(struct store *st, int all, struct rule_info **rules,
	       size_t *n, struct sk_err *err);
void rules_list_free(struct rule_info *rules, size_t n);
/* One rule; SK_E_INPUT if there is none. Free with rules_list_free(r, 1). */
int rules_get(struct store *st, long long id, struct rule_info **r,
	      struct sk_err *err);

#endif
