/*
 * record: the bibliographic record every importer produces and the store
 * saves, whatever the input format; plus the text limits all parsers share.
 */
#ifndef SK_RECORD_H
#define SK_RECORD_H

#include <stddef.h>

#include "buf.h"

/* A value longer than this is an input error, not a record (a 20 MB title). */
#define RECORD_FIELD_MAX (1024 * 1024)
/* The whole original text of one record may not exceed this. */
#define RECORD_ORIGINAL_MAX (16 * 1024 * 1024)

struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

struct author {
	char *name;		/* as displayed: "Family, Given" or a group */
	char *family;		/* NULL for a collective (group) author */
	char *given;		/* given names or initials, may be NULL */
	char *affiliation;	/* affiliations joined by "; ", may be NULL */
	int collective;		/* 1 for a group author such as a trial group */
};

/*
 * Every string is UTF-8, owned by the record, NULL when absent, trimmed,
 * never empty. Lists keep the order of the input.
 */
struct record {
	long line;		/* line where the record starts in its file */
	char *type;		/* RIS type code: JOUR, BOOK, CHAP, CONF... */
	char *pmid;
	char *pmcid;		/* "PMC" followed by digits */
	char *doi;		/* as given, without "https://doi.org/" */
	char *title;
	char *abstract;		/* structured sections as "LABEL: text" paragraphs */
	char *journal;		/* full journal or book title */
	char *journal_abbrev;	/* ISO or NLM abbreviation */
	char *issn;		/* print ISSN first when both exist */
	char *pubdate;		/* the publication date as the input gives it */
	int year;		/* 0 when unknown */
	char *volume;
	char *issue;
	char *pages;		/* "123-130" */
	char *publisher;
	char *url;
	char *accession;	/* the database's own record id (AN, UI) */
	char *database;		/* database named inside the record (DB, DP) */
	struct strlist languages;
	struct strlist pubtypes;
	struct strlist keywords;
	struct strlist mesh;	/* MeSH headings, "Descriptor/Qualifier" */
	struct author *authors;
	size_t n_authors;
	size_t cap_authors;
	struct buf original;	/* the record's text as read from the file */
	struct buf packed;	/* original, compressed by record_pack, or empty */
};

void record_init(struct record *r);
/* Free every field; the record is then as after record_init, reusable. */
void record_reset(struct record *r);
void record_release(struct record *r);

/*
 * Set a field to s[0..n), trimmed; an empty result leaves the field NULL.
 * Replaces any previous value.
 */
void record_set(char **field, const char *s, size_t n);
/* Append s[0..n) to a field, with sep between old and new values. */
void record_append(char **field, const char *s, size_t n, const char *sep);

/* Add a trimmed, non-empty copy of s[0..n) to a list. */
void strlist_add(struct strlist *l, const char *s, size_t n);
void strlist_release(struct strlist *l);

/* Append an author with every member NULL/0; the record owns it. */
struct author *record_add_author(struct record *r);

/*
 * Bring identifiers to their canonical form before a record is stored:
 * a PMCID is "PMC" and digits (a version suffix such as ".1" is dropped).
 */
void record_normalize(struct record *r);

/* One thread's compression state for record_pack (about 16 KiB). */
struct record_packer;
struct record_packer *record_packer_new(void);
void record_packer_free(struct record_packer *p);

/*
 * Compress the original text into packed (an LZ4 block), the form the
 * store keeps it in, with the record's abstract as the dictionary: the
 * abstract is stored beside it, and text exports repeat it word for
 * word. The abstract must not change after this.
 */
void record_pack(struct record *r, struct record_packer *p);
/*
 * Decompress an LZ4 block into out, which gets size bytes, with the
 * abstract it was packed with (NULL if none); -1 if damaged. Blocks
 * packed without a dictionary come out the same.
 */
int record_unpack(const void *packed, size_t len, size_t size,
		  const char *abstract, struct buf *out);

/* Year from free text: the first plausible 4-digit year (1000-2999), or 0. */
int record_year_from(const char *s);

#endif
