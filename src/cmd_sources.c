/* scopekit sources: the searches in the store and their record counts. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "xalloc.h"
#include "banned.h"

/* ---- --overlap ---- */

/* Each record's article: its cluster's canonical record, or itself. */
#define ARTICLES_SQL                                                        \
	"WITH sa AS (SELECT DISTINCT r.source_id AS s, "                    \
	"coalesce(m.canonical, r.id) AS a FROM record r "                     \
	"LEFT JOIN dup_member m ON m.record_id = r.id) "

struct overlap {
	long long *ids;
	char **names;
	long *counts;		/* records, articles, unique per source */
	long *shared;		/* n x n articles found by both */
	size_t n;
};

static void
overlap_release(struct overlap *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->names[i]);
	free(o->ids);
	free(o->names);
	free(o->counts);
	free(o->shared);
}

static size_t
overlap_index(const struct overlap *o, long long id)
{
	size_t i = 0;

	while (i < o->n && o->ids[i] != id)
		i++;
	return i;
}

static int
overlap_load(struct store *st, struct overlap *o, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t cap_ids = 0, cap_names = 0, cap_counts = 0;
	int row;

	if (store_prepare(st, &s, ARTICLES_SQL
			  ", n AS (SELECT a, count(*) AS k FROM sa GROUP BY a) "
			  "SELECT src.id, src.name, "
			  "(SELECT count(*) FROM record WHERE source_id = src.id), "
			  "(SELECT count(*) FROM sa WHERE s = src.id), "
			  "(SELECT count(*) FROM sa JOIN n USING (a) "
			  " WHERE s = src.id AND k = 1) "
			  "FROM source src ORDER BY src.id", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		o->ids = xgrow(o->ids, &cap_ids, o->n + 1, sizeof(*o->ids));
		o->names = xgrow(o->names, &cap_names, o->n + 1,
				 sizeof(*o->names));
		o->counts = xgrow(o->counts, &cap_counts, 3 * (o->n + 1),
				  sizeof(*o->counts));
		o->ids[o->n] = sqlite3_column_int64(s, 0);
		o->names[o->n] = xstrdup((const char *)sqlite3_column_text(s, 1));
		for (int c = 0; c < 3; c++)
			o->counts[3 * o->n + (size_t)c] =
				sqlite3_column_int(s, 2 + c);
		o->n++;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "cannot count the sources");
	o->shared = xcalloc(o->n * o->n + 1, sizeof(*o->shared));
	if (store_prepare(st, &s, ARTICLES_SQL
			  "SELECT x.s, y.s, count(*) FROM sa x JOIN sa y "
			  "ON x.a = y.a AND x.s <> y.s GROUP BY 1, 2", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		size_t x = overlap_index(o, sqlite3_column_int64(s, 0));
		size_t y = overlap_index(o, sqlite3_column_int64(s, 1));

		if (x < o->n && y < o->n)
			o->shared[x * o->n + y] = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "cannot count the overlap");
	return 0;
}

/* 1 if 'scopekit dedupe' has found any pair, 0 if not, -1 with err. */
static int
dedupe_was_run(struct store *st, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s, "SELECT EXISTS (SELECT 1 FROM dup_pair)",
			  err) < 0)
		return -1;
	rc = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) :
					     store_fail(st, err, "reading the pairs");
	sqlite3_finalize(s);
	return rc;
}

/*
 * One row per source: its records, the articles they are once duplicates
 * are merged, the articles no other source found, and the articles it
 * shares with each other source.
 */
static int
sources_overlap(struct cli_ctx *ctx, enum output_format fmt,
		struct sk_err *err)
{
	struct overlap o = { NULL, NULL, NULL, NULL, 0 };
	struct output_column *cols;
	char **headers, (*num)[24];
	const char **cells;
	struct output *out;
	size_t ncols;
	int rc = -1, ran;

	if (overlap_load(ctx->st, &o, err) < 0 ||
	    (ran = dedupe_was_run(ctx->st, err)) < 0)
		goto done;
	if (!ran)
		sk_warn("no duplicates found yet: run 'scopekit dedupe' first, "
			"or every record counts as its own article");
	ncols = 4 + o.n;
	cols = xcalloc(ncols, sizeof(*cols));
	headers = xcalloc(o.n + 1, sizeof(*headers));
	cells = xcalloc(ncols, sizeof(*cells));
	num = xcalloc(ncols, sizeof(*num));
	cols[0] = (struct output_column){ "source", 0, 30 };
	cols[1] = (struct output_column){ "records", 1, 0 };
	cols[2] = (struct output_column){ "articles", 1, 0 };
	cols[3] = (struct output_column){ "unique", 1, 0 };
	for (size_t i = 0; i < o.n; i++) {
		headers[i] = xasprintf("with %s", o.names[i]);
		cols[4 + i] = (struct output_column){ headers[i], 1, 0 };
	}
	out = output_new(ctx->out, fmt, cols, ncols);
	for (size_t i = 0; i < o.n; i++) {
		cells[0] = o.names[i];
		for (size_t c = 1; c < ncols; c++) {
			long v = c < 4 ? o.counts[3 * i + c - 1] :
					 o.shared[i * o.n + c - 4];

			snprintf(num[c], sizeof(num[c]), "%ld", v);
			cells[c] = c == 4 + i ? NULL : num[c];
		}
		output_row(out, cells);
	}
	rc = output_finish(out);
	if (rc < 0)
		sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	for (size_t i = 0; i < o.n; i++)
		free(headers[i]);
	free(headers);
	free(num);
	free(cells);
	free(cols);
done:
	overlap_release(&o);
	return rc;
}

static int
sources_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "overlap", no_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "source", 0, 30 }, { "kind", 0, 0 },
		{ "searched", 0, 0 }, { "files", 1, 0 }, { "records", 1, 0 },
		{ "skipped", 1, 0 }, { "deleted", 1, 0 }, { "query", 0, 40 },
		{ "found", 1, 0 }, { "translation", 0, 40 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	int overlap = 0;
	sqlite3_stmt *s;
	struct output *o;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (output_format_parse(optarg, &fmt) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--format is table, csv, tsv "
					       "or json, not '%s'", optarg);
		} else if (c == 'o') {
			overlap = 1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	if (overlap)
		return sources_overlap(ctx, fmt, err);
	if (store_prepare(ctx->st, &s,
			  "SELECT s.id, s.name, s.kind, s.searched_on, "
			  "count(f.id), coalesce(sum(f.records), 0), "
			  "coalesce(sum(f.skipped), 0), "
			  "coalesce(sum(f.deleted), 0), s.query, "
			  /* searches run by scopekit fetch: what PubMed found and ran */
			  "(SELECT x.count FROM fetch x WHERE x.source_id = s.id), "
			  "(SELECT x.translation FROM fetch x "
			  " WHERE x.source_id = s.id) "
			  "FROM source s LEFT JOIN source_file f "
			  "ON f.source_id = s.id GROUP BY s.id ORDER BY s.id",
			  err) < 0)
		return -1;
	o = output_new(ctx->out, fmt, cols, 11);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[11];

		for (int i = 0; i < 11; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i);
		output_row(o, cells);
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	if (rc != SQLITE_DONE)
		return store_fail(ctx->st, err, "cannot list the sources");
	return 0;
}

const struct command cmd_sources = {
	.name = "sources",
	.summary = "List the searches (sources) and their record counts",
	.usage = "scopekit sources [--overlap] [--format table|csv|tsv|json]",
	.help =
	"One line per source: how many files and records were imported from\n"
	"it, records skipped as unreadable (--skip-bad), PubMed citations\n"
	"marked deleted, and the search date and query when they were given.\n"
	"For a search run by 'scopekit fetch', also how many records PubMed\n"
	"found (found) and the search as PubMed ran it (translation); a fetch\n"
	"that was interrupted has fewer records than found until it is resumed.\n\n"
	"With --overlap, after 'scopekit dedupe': per source, its records, the\n"
	"articles they are once duplicates are merged, the articles no other\n"
	"source found (unique), and the articles it shares with each other\n"
	"source.\n\n"
	"Options:\n"
	"  --overlap    records unique to each source and shared between them\n"
	"  --format F   table (default), csv, tsv or json\n",
	.run = sources_run,
};
