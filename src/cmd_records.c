/* scopekit records: list and search the imported records. */
#include "cli.h"

#include <string.h>

#include "buf.h"
#include "export.h"
#include "output.h"
#include "progress.h"
#include "records.h"
#include "banned.h"

struct records_query {
	const char *source;
	const char *search;
	long limit;
};

static int
prepare_list(struct store *st, const struct records_query *q,
	     sqlite3_stmt **s, struct sk_err *err)
{
	struct buf sql = BUF_INIT;
	int rc, col = 1;

	buf_adds(&sql,
		 "SELECT r.id, s.name, r.year, "
		 "(SELECT a.name || CASE WHEN EXISTS (SELECT 1 FROM author b "
		 "WHERE b.record_id = r.id AND b.position = 2) "
		 "THEN ' et al.' ELSE '' END FROM author a "
		 "WHERE a.record_id = r.id AND a.position = 1), "
		 "r.title, r.journal, r.doi, r.pmid "
		 "FROM record r JOIN source s ON s.id = r.source_id ");
	if (q->search)
		buf_adds(&sql, "JOIN record_fts ON record_fts.rowid = r.id "
			       "AND record_fts MATCH :search ");
	buf_adds(&sql, "WHERE (:source IS NULL OR s.name = :source) "
		       "ORDER BY r.id LIMIT :limit");
	rc = store_prepare(st, s, sql.data, err);
	buf_release(&sql);
	if (rc < 0)
		return -1;
	if (q->search)
		sqlite3_bind_text(*s, col++, q->search, -1, SQLITE_STATIC);
	store_bind_text(*s, sqlite3_bind_parameter_index(*s, ":source"),
			q->source);
	sqlite3_bind_int64(*s, sqlite3_bind_parameter_index(*s, ":limit"),
			   q->limit);
	return 0;
}

/*
 * With --search, a failing step is the search text that FTS5 cannot
 * parse: explain the syntax in words a reviewer can act on.
 */
static int
search_error(struct store *st, const char *search, struct sk_err *err)
{
	if (search && sqlite3_errcode(st->db) == SQLITE_ERROR)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "cannot read the search '%s' (%s): use words, "
			       "\"exact phrases\", prefix*, AND, OR, NOT and "
			       "parentheses", search, sqlite3_errmsg(st->db));
	return store_fail(st, err, "cannot list the records");
}

static int
list_rows(struct cli_ctx *ctx, sqlite3_stmt *s, enum output_format fmt,
	  int *rc)
{
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "source", 0, 16 }, { "year", 1, 0 },
		{ "author", 0, 22 }, { "title", 0, 60 }, { "journal", 0, 24 },
		{ "doi", 0, 0 }, { "pmid", 0, 0 },
	};
	struct output *o = output_new(ctx->out, fmt, cols, 8);

	while ((*rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[8];

		for (int i = 0; i < 8; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i);
		output_row(o, cells);
	}
	return output_finish(o);
}

/* Whole records, one after another, as RIS or a JSON array. */
static int
export_rows(struct cli_ctx *ctx, sqlite3_stmt *s, enum export_format fmt,
	    int *rc, struct sk_err *err)
{
	struct record rec;
	struct export *e = export_new(ctx->out, fmt);
	int ok = 0;

	record_init(&rec);
	while ((*rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (records_load(ctx->st, sqlite3_column_int64(s, 0), &rec,
				 err) < 0) {
			ok = -1;
			break;
		}
		export_record(e, sqlite3_column_int64(s, 0),
			      (const char *)sqlite3_column_text(s, 1), &rec);
	}
	record_release(&rec);
	if (export_finish(e) < 0 && ok == 0)
		ok = sk_fail(err, SK_E_IO, "stdout", 0,
			     "cannot write the output");
	return ok;
}

/*
 * Imports leave the search index to the first search: add what is new,
 * and save it at once so the next search starts from there.
 */
static int
update_index(struct store *st, struct sk_err *err)
{
	struct progress p;
	long long added;
	int rc;

	progress_start(&p, "scopekit: records: updating the search index");
	progress_note(&p);
	rc = records_index_pending(st, &added, err) < 0 ||
	     store_commit(st, err) < 0 ? -1 : 0;
	progress_end(&p);
	if (rc < 0)
		return -1;
	if (added && !sk_is_quiet())
		fprintf(stderr, "scopekit: records: %lld new records added to "
			"the search index\n", added);
	return 0;
}

static int
records_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "source", required_argument, NULL, 's' },
		{ "search", required_argument, NULL, 'S' },
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct records_query q = { NULL, NULL, -1 };
	const char *format = "table";
	enum output_format ofmt = OUTPUT_TABLE;
	enum export_format efmt = EXPORT_RIS;
	int whole = 0, c, rc = SQLITE_DONE;
	sqlite3_stmt *s;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 's': q.source = optarg; break;
		case 'S': q.search = optarg; break;
		case 'f': format = optarg; break;
		case 'l':
			if (cli_parse_long("--limit", optarg, 0, &q.limit,
					   err) < 0)
				return -1;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!strcmp(format, "ris") || !strcmp(format, "json")) {
		whole = 1;
		efmt = !strcmp(format, "ris") ? EXPORT_RIS : EXPORT_JSON;
	} else if (output_format_parse(format, &ofmt) < 0) {
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--format is table, csv, tsv, json or ris, "
			       "not '%s'", format);
	}
	if (cli_store(ctx, q.search ? STORE_WRITE : STORE_READ, err) < 0 ||
	    (q.search && update_index(ctx->st, err) < 0) ||
	    prepare_list(ctx->st, &q, &s, err) < 0)
		return -1;
	if (whole) {
		if (export_rows(ctx, s, efmt, &rc, err) < 0) {
			sqlite3_finalize(s);
			return -1;
		}
	} else if (list_rows(ctx, s, ofmt, &rc) < 0) {
		sqlite3_finalize(s);
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	}
	if (rc != SQLITE_DONE) {
		search_error(ctx->st, q.search, err);
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

const struct command cmd_records = {
	.name = "records",
	.summary = "List and search the imported records",
	.usage = "scopekit records [--source NAME] [--search TEXT] [--limit N] "
		 "[--format table|csv|tsv|json|ris]",
	.help =
	"Lists records in the order they were imported. --search looks in\n"
	"titles and abstracts, ignoring case and accents: words (all must\n"
	"appear), \"exact phrases\", prefix* searches, OR, NOT and parentheses.\n\n"
	"Options:\n"
	"  --source NAME   only records of this source\n"
	"  --search TEXT   only records whose title or abstract match\n"
	"  --limit N       at most N records\n"
	"  --format F      table (default), csv, tsv: one line per record;\n"
	"                  json: whole records; ris: whole records as RIS,\n"
	"                  which 'scopekit import' reads back to the same records\n\n"
	"Examples:\n"
	"  scopekit records --search '\"low back pain\" AND (model* OR pathway*)'\n"
	"  scopekit records --source Embase --format ris > embase-again.ris\n",
	.run = records_run,
};
