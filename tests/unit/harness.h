/*
 * harness: what the parser tests share: a record sink that keeps a
 * snapshot of each record, temporary files, and assertion shorthands.
 */
#ifndef SK_TEST_HARNESS_H
#define SK_TEST_HARNESS_H

#include <criterion/criterion.h>
#include <string.h>

#include "import.h"
#include "input.h"

/* Records read from a file, kept for assertions. */
struct snap {
	long line;
	char *type, *title, *author0, *family0, *given0, *doi, *abstract;
	char *journal, *abbrev, *kw0, *pmid, *pmcid, *issn, *pages, *pubdate;
	char *original, *kwlast, *mesh0, *affil0;
	size_t n_authors, n_keywords;
	int year, collective0;
};

struct got {
	struct snap v[2000];
	long n;
	long bad_line[8];
	char bad_reason[8][1024];
	int n_bad;
	int skip_bad;
};

/* A sink for struct got; with skip_bad, bad records are noted and skipped. */
struct got *new_got(int skip_bad);
void free_got(struct got *g);
int keep_record(void *ctx, struct record *r, struct sk_err *err);
int note_bad(void *ctx, long line, const char *reason, struct sk_err *err);

/* Parse a file with a parser; returns its result, records in g. */
int parse_with(int (*parse)(struct input *, struct record_sink *,
			    struct sk_err *),
	       const char *path, enum input_encoding enc, struct got *g,
	       struct sk_err *err);

/* A temporary folder per test (TestSuite .init/.fini), and files in it. */
extern char tmpdir[256];
void make_tmp(void);
void drop_tmp(void);
/* Write a file in tmpdir; the path stays valid for the next 3 calls. */
const char *write_tmp(const char *name, const void *data, size_t n);

#define STR_EQ(a, b) cr_assert_str_eq((a) ? (a) : "(null)", (b))
#define STARTS(a, b) cr_assert(!strncmp((a) ? (a) : "", (b), strlen(b)), \
			       "\"%.60s\" does not start with \"%s\"", \
			       (a) ? (a) : "(null)", (b))

#define C(rel) CORPUS_DIR "/" rel

#endif
