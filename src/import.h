/*
 * import: the parser interface every format implements, format detection,
 * and the driver that reads files into the store in one transaction.
 */
#ifndef SK_IMPORT_H
#define SK_IMPORT_H

#include "err.h"
#include "input.h"
#include "record.h"
#include "store.h"

enum import_format {
	IMPORT_AUTO = 0,
	IMPORT_PUBMED,	/* PubMed XML: efetch, baseline and update files */
	IMPORT_MEDLINE,	/* MEDLINE tagged text (.nbib, "PubMed format") */
	IMPORT_RIS,	/* RIS */
	IMPORT_WOS,	/* Web of Science field-tagged text (.ciw, plain text) */
	IMPORT_CSV,	/* comma, semicolon or tab separated, with a header row */
	IMPORT_ENDNOTE,	/* EndNote XML library (<xml><records><record>) */
};

/*
 * Where a parser hands what it reads. The parser owns the record and
 * reuses it after the call returns.
 */
struct record_sink {
	void *ctx;
	/* A complete record. Returns -1 with err set to stop the parse. */
	int (*record)(void *ctx, struct record *rec, struct sk_err *err);
	/*
	 * A record the parser could not read, starting at line, for reason.
	 * Returns 0 to go on with the next record (--skip-bad), or -1 with
	 * err set (file, line, reason) to stop the parse.
	 */
	int (*bad)(void *ctx, long line, const char *reason,
		   struct sk_err *err);
	/* A PubMed DeleteCitation entry: pmid is withdrawn, not a record. */
	void (*deleted)(void *ctx, const char *pmid);
};

/*
 * Each parser reads the whole input and calls the sink. Returns 0, or -1
 * with err naming the file and line (and column for XML).
 */
int pubmed_parse(struct input *in, struct record_sink *sink,
		 struct sk_err *err);
int medline_parse(struct input *in, struct record_sink *sink,
		  struct sk_err *err);
int ris_parse(struct input *in, struct record_sink *sink, struct sk_err *err);
int wos_parse(struct input *in, struct record_sink *sink, struct sk_err *err);
/*
 * map: "FIELD=Column,FIELD=Column" naming the columns of fields (and
 * overriding the known headers), or NULL.
 */
int csv_parse(struct input *in, const char *map, struct record_sink *sink,
	      struct sk_err *err);
/* Check a --map value: FIELD=Column pairs with known fields (SK_E_USAGE). */
int csv_map_check(const char *map, struct sk_err *err);
/*
 * What the first line of text[0..n) is as a CSV header: 2 when it has two
 * or more columns and one is a title column scopekit knows, 1 when it has
 * three or more columns, else 0.
 */
int csv_header_kind(const char *text, size_t n);
int endnote_parse(struct input *in, struct record_sink *sink,
		  struct sk_err *err);

/*
 * Decide the format from the head of the input. Returns -1 with a message
 * saying what the file looks like when it is none of the formats (a PDF,
 * an Ovid tagged export, an empty file...).
 */
int import_detect(struct input *in, enum import_format *fmt,
		  struct sk_err *err);
const char *import_format_name(enum import_format fmt);
int import_format_parse(const char *name, enum import_format *fmt);

/* --- the import driver ------------------------------------------------- */

struct import_options {
	const char *source;	/* source name (required) */
	const char *kind;	/* database | register | other, or NULL */
	const char *searched;	/* date of the search, or NULL */
	const char *query;	/* the search strategy, or NULL */
	enum import_format format;
	enum input_encoding encoding;
	const char *map;	/* CSV columns: "title=Article Title,...", or NULL */
	int skip_bad;		/* import good records, list the bad ones */
	int again;		/* import a file already imported */
};

struct import_skip {
	char *file;
	long line;
	char *reason;
};

struct import_file_report {
	long long id;	/* its source_file row */
	char *name;
	enum import_format format;
	char *encoding;
	char sha256[65];
	long records;
	long skipped;
	long deleted;	/* PubMed DeleteCitation PMIDs */
};

struct import_report {
	long long source_id;
	int source_created;
	struct import_file_report *files;
	size_t nfiles;
	size_t cap_files;
	struct import_skip *skips;
	size_t nskips;
	size_t cap_skips;
};

/*
 * Import the files into the store, within the caller's transaction: on
 * failure the caller rolls back and nothing is written. The report lists
 * what was read; free it with import_report_release.
 */
int import_run(struct store *st, const struct import_options *opt,
	       char *const *paths, size_t npaths, struct import_report *rep,
	       struct sk_err *err);
/*
 * Import one body held in memory (an efetch answer) as a file called
 * name of the existing source source_id, within the caller's
 * transaction, through the same parsers and writer as import_run; the
 * source's details are not checked or changed.
 */
int import_memory(struct store *st, const struct import_options *opt,
		  long long source_id, const char *name, const void *data,
		  size_t len, struct import_report *rep, struct sk_err *err);
void import_report_release(struct import_report *rep);

/* Check a --kind: database, register or other (or NULL: the default). */
int import_check_kind(const char *kind, struct sk_err *err);
/* Check a search date: YYYY-MM-DD, YYYY-MM or YYYY. */
int import_check_date(const char *date, struct sk_err *err);

#endif
