/*
 * dedupe: which records are one article. Records go in as their stored
 * fields, scored pairs come out, each with the verdict and weight of
 * every field compared, so every merge can be explained. Pure: no store,
 * no errors; duplicates.c keeps the results.
 */
#ifndef SK_DEDUPE_H
#define SK_DEDUPE_H

#include <stddef.h>

#include "buf.h"

/* What is compared between two records, in the order it is shown. */
enum dd_field {
	DD_PMID,
	DD_PMCID,
	DD_DOI,
	DD_TITLE,
	DD_AUTHORS,
	DD_YEAR,
	DD_JOURNAL,
	DD_VOLUME,
	DD_ISSUE,
	DD_PAGES,
	DD_KIND,	/* article, or a notice: erratum, retraction, comment */
	DD_NFIELDS
};

enum dd_verdict {
	DD_UNKNOWN = 0,	/* missing in one record or both: no evidence */
	DD_SAME,
	DD_CLOSE,
	DD_DIFFER,
	DD_MISSING,	/* missing where it matters: counts against */
};

/* What made a pair: a shared identifier, or the fields alone. */
enum dd_rule {
	DD_RULE_PMID,
	DD_RULE_PMCID,
	DD_RULE_DOI,
	DD_RULE_FIELDS,
};

/* One record as the store holds it; any string may be NULL. */
struct dd_input {
	long long id;
	const char *type;	/* RIS type code */
	const char *pmid;
	const char *pmcid;
	const char *doi;
	const char *title;
	const char *journal;
	const char *journal_abbrev;
	const char *issn;
	const char *volume;
	const char *issue;
	const char *pages;
	const char *pubtypes;	/* JSON array text */
	int year;
	const char *const *families;	/* authors' family names, byline order */
	size_t n_families;
};

struct dd_pair {
	size_t a, b;		/* indexes in the set, a added before b */
	enum dd_rule rule;
	int weight;		/* sum of the field weights, unless capped */
	int capped;		/* identifiers differ: weight held below merging */
	int raised;		/* same title and authors: up to review */
	double score;		/* 0..1, from the weight */
	double title_similarity;	/* 0..1; 0 when a title is missing */
	signed char verdict[DD_NFIELDS];
	signed char weights[DD_NFIELDS];
};

struct dd_set;

struct dd_set *dd_set_new(void);
void dd_set_free(struct dd_set *s);
/* Add a record (its comparison keys are made now); returns its index. */
size_t dd_set_add(struct dd_set *s, const struct dd_input *in);
size_t dd_set_count(const struct dd_set *s);
long long dd_set_id(const struct dd_set *s, size_t i);

/* Compare two records of the set. */
void dd_compare(const struct dd_set *s, size_t a, size_t b,
		struct dd_pair *out);

/*
 * Find the pairs scoring at least min_score. Records are compared only
 * within blocks that share a key (title start, title end, first author
 * and year, volume and first page, an identifier), so the cost grows
 * with n log n. The caller frees *pairs.
 */
void dd_find(const struct dd_set *s, double min_score, struct dd_pair **pairs,
	     size_t *npairs);

/* The score a weight gives: a logistic curve, 0.5 at weight 7. */
double dd_score(int weight);

const char *dd_rule_name(enum dd_rule rule);
const char *dd_field_name(enum dd_field f);
const char *dd_verdict_name(enum dd_verdict v);

/*
 * The evidence of a pair as a JSON object: for each field compared,
 * {"verdict": "same", "weight": 8}, and the title's similarity.
 */
void dd_evidence_json(const struct dd_pair *p, struct buf *out);

#endif
