/*
 * tagged: what the line-based readers (RIS, MEDLINE, Web of Science, CSV)
 * share: the read loop, lines with bad-record handling, the record's
 * original text, handing records to the sink, value cleaners (DOI, ISSN,
 * names, dates, identifiers), which the EndNote XML reader uses too.
 */
#ifndef SK_TAGGED_H
#define SK_TAGGED_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "import.h"
#include "record.h"

struct tagged {
	struct input *in;
	struct record_sink *sink;
	struct sk_err *err;
	struct record rec;
	long n_records;		/* records handed to the sink */
	long n_bad;		/* records reported to sink->bad */
	int skipping;		/* inside a record that cannot be read */
	int issn_print;		/* the record's ISSN is the print one */
};

void tagged_init(struct tagged *t, struct input *in, struct record_sink *sink,
		 struct sk_err *err);
void tagged_release(struct tagged *t);

/*
 * The next line. Returns 1 with a line, 0 at the end, -1 to stop (err is
 * set), or 2 when the line could not be read (invalid UTF-8, too long):
 * the sink was told, and t->skipping is set so the caller skips to the
 * end of the record.
 */
int tagged_getline(struct tagged *t, const char **line, size_t *len);

/* Refuse a PDF or binary data before reading lines. Returns -1 with err. */
int tagged_check_text(struct tagged *t);

/* What a tagged-line reader does with its input, for tagged_run. */
struct tagged_reader {
	/* One line. Returns -1 to stop (err set). */
	int (*line)(void *p, const char *s, size_t n);
	/* A line could not be read: its record is being skipped. May be NULL. */
	void (*skip)(void *p);
	/* The input has ended: finish the record still open. -1 to stop. */
	int (*end)(void *p);
	/* The error when the input held no record, good or bad. */
	const char *none;
};

/*
 * Read the whole input through r, after refusing binary data. Returns 0,
 * or -1 with err set.
 */
int tagged_run(struct tagged *t, const struct tagged_reader *r, void *p);

/*
 * Report a record that cannot be read: "line" is where the problem is;
 * the sink gets the record's first line and "line N: " in the reason.
 * Returns -1 if the sink stops the parse, else 0 with t->skipping set.
 */
int tagged_bad(struct tagged *t, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Add a line to the record's original text. Returns -1 to stop, 0 if
 * added, 1 if the record became too long (reported, t->skipping set).
 */
int tagged_original(struct tagged *t, const char *s, size_t n);

/* Hand the record to the sink and reset it. Returns -1 to stop. */
int tagged_emit(struct tagged *t);

/* Forget the record (noise, or a bad record) and leave skipping mode. */
void tagged_drop(struct tagged *t);

/*
 * Find the first DOI ("10.<digits>/...") in s[0..n), after any
 * "https://doi.org/", "doi:" or similar prefix. Returns its length and
 * sets *off, or returns 0.
 */
size_t tagged_doi(const char *s, size_t n, size_t *off);

/*
 * Find an ISSN in s[0..n) and write it as "1234-567X" to out. Prefers
 * one marked "(Print)". Returns 0 if none, 1 if found, 2 if marked print.
 */
int tagged_issn(const char *s, size_t n, char out[10]);

/*
 * Where the initials of "Family Initials" begin ("Lewis G. F." gives 6),
 * or 0 when s[0..n) does not end in initials after a family name.
 */
size_t tagged_initials(const char *s, size_t n);

/* Add an author from "Family, Given" or "Family Initials" (s[0..n)). */
struct author *tagged_author(struct record *r, const char *s, size_t n);

/*
 * Set the record's ISSN from s[0..n): a print ISSN replaces any other, and
 * is kept once set. print is 1 when the tag says print, 0 when it says
 * electronic, -1 to go by a "(Print)" mark in the value.
 */
void tagged_set_issn(struct tagged *t, const char *s, size_t n, int print);
/* Set a field to s[0..n) unless it already has a value: the first wins. */
void tagged_set_first(char **field, const char *s, size_t n);
/* Set the DOI, if not set yet, to the first DOI found in s[0..n). */
void tagged_set_doi(struct record *r, const char *s, size_t n);
/* Set the PMID, if not set yet, when s[0..n) is all digits. */
void tagged_set_pmid(struct record *r, const char *s, size_t n);
/*
 * Identifiers in a custom field: "PMC9359172 [PMCID]" or "PMC123" set the
 * PMCID, "PUBMED 21314913" and "35957633 [PMID]" the PMID, if not set yet.
 */
void tagged_set_ids(struct record *r, const char *s, size_t n);
/* 1 if s[0..n) is a web address (http, https or ftp), not a file. */
int tagged_is_link(const char *s, size_t n);
/* Where s mentions word, ignoring ASCII case, or NULL. */
const char *tagged_find_nocase(const char *s, const char *word);
/* 1 if a database name (DB, DP) names MEDLINE, PubMed or NLM. */
int tagged_names_medline(const char *db);
/* 1 if s[0..n) is one or more ASCII digits. */
int tagged_all_digits(const char *s, size_t n);
/* 1 if s[0..n) holds only spaces, tabs and CRs. */
int tagged_is_blank(const char *s, size_t n);

/* Length of s[0..n) without trailing '/', spaces and tabs ("2019///"). */
size_t tagged_date_len(const char *s, size_t n);

/* 1 if c is a space, a tab or a CR. */
static inline int
tagged_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

#endif
