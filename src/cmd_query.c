/*
 * scopekit query: run one of the queries compiled in from queries/, or an
 * SQL file of one's own, against the store without any chance of
 * changing it; NAME=VALUE parameters fill its :name placeholders.
 */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "sql_embed.h"
#include "xalloc.h"
#include "banned.h"

enum { OPT_PARAM = 'p', OPT_FORMAT = 'f', OPT_LIST = 'l', OPT_SHOW = 's' };

struct query_opts {
	struct query_param *params;
	size_t nparams, cap;
	enum output_format fmt;
	int list;
	const char *show;
};

/* --param NAME=VALUE (or :NAME=VALUE), each name once. */
static int
add_param(struct query_opts *o, char *arg, struct sk_err *err)
{
	char *eq = strchr(arg, '=');
	const char *name = arg;

	if (!eq || eq == arg || (*arg == ':' && eq == arg + 1))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "write a parameter "
			       "as --param NAME=VALUE, not '%s'", arg);
	*eq = '\0';
	if (*name == ':')
		name++;
	for (size_t i = 0; i < o->nparams; i++)
		if (!strcmp(o->params[i].name, name))
			return sk_fail(err, SK_E_USAGE, NULL, 0, "--param %s "
				       "is given twice", name);
	o->params = xgrow(o->params, &o->cap, o->nparams + 1,
			  sizeof(*o->params));
	o->params[o->nparams].name = name;
	o->params[o->nparams++].value = eq + 1;
	return 0;
}

/* ---- --list and --show ---- */

static int
list_queries(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "query", 0, 0 }, { "computes", 0, 0 },
	};
	struct output *o = output_new(ctx->out, fmt, cols, 2);
	struct buf summary = BUF_INIT;

	for (const struct sql_file *f = sql_queries; f->name; f++) {
		const char *cells[2] = { f->name, NULL };

		query_summary(f->sql, &summary);
		cells[1] = summary.data;
		output_row(o, cells);
	}
	buf_release(&summary);
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

static int
show_query(struct cli_ctx *ctx, const char *name, struct sk_err *err)
{
	struct query q;
	int rc = query_load(&q, name, err);

	if (rc == 0)
		fputs(q.sql, ctx->out);
	query_release(&q);
	return rc;
}

/* ---- running ---- */

/* Is a cell a number JSON can hold as it stands? */
static int
numeric_cell(sqlite3_stmt *s, int i)
{
	int type = sqlite3_column_type(s, i);

	if (type == SQLITE_INTEGER)
		return 1;
	return type == SQLITE_FLOAT && isfinite(sqlite3_column_double(s, i));
}

/* A cell as text: a BLOB (compressed original text...) is only named. */
static const char *
cell_text(sqlite3_stmt *s, int i, char *blob, size_t size)
{
	if (sqlite3_column_type(s, i) == SQLITE_BLOB) {
		snprintf(blob, size, "(blob, %d bytes)",
			 sqlite3_column_bytes(s, i));
		return blob;
	}
	return (const char *)sqlite3_column_text(s, i);
}

static void
write_row(struct output *o, sqlite3_stmt *s, int ncols, const char **cells,
	  int *numeric, char (*blobs)[48])
{
	for (int i = 0; i < ncols; i++) {
		numeric[i] = numeric_cell(s, i);
		cells[i] = cell_text(s, i, blobs[i], sizeof(blobs[i]));
	}
	output_row_typed(o, cells, numeric);
}

static int
run_statement(struct cli_ctx *ctx, const struct query *q, sqlite3_stmt *s,
	      enum output_format fmt, struct sk_err *err)
{
	int ncols = sqlite3_column_count(s), rc, written;
	struct output_column *cols = xcalloc((size_t)ncols + 1, sizeof(*cols));
	const char **cells = xcalloc((size_t)ncols + 1, sizeof(*cells));
	int *numeric = xcalloc((size_t)ncols + 1, sizeof(*numeric));
	char (*blobs)[48] = xcalloc((size_t)ncols + 1, sizeof(*blobs));
	struct output *o;

	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = sk_fail(err, SK_E_INPUT, q->name, 0, "%s",
			     sqlite3_errmsg(ctx->st->db));
		goto done;
	}
	for (int i = 0; i < ncols; i++) {
		cols[i].name = sqlite3_column_name(s, i);
		/* a table aligns numbers right, and cuts long text */
		cols[i].numeric = rc == SQLITE_ROW && numeric_cell(s, i);
		cols[i].max_width = cols[i].numeric ? 0 : 60;
	}
	o = output_new(ctx->out, fmt, cols, (size_t)ncols);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(s))
		write_row(o, s, ncols, cells, numeric, blobs);
	written = output_finish(o);
	if (rc != SQLITE_DONE)
		rc = sk_fail(err, SK_E_INPUT, q->name, 0, "%s",
			     sqlite3_errmsg(ctx->st->db));
	else if (written < 0)
		rc = sk_fail(err, SK_E_IO, "stdout", 0,
			     "cannot write the output");
	else
		rc = 0;
done:
	free(blobs);
	free(numeric);
	free(cells);
	free(cols);
	return rc;
}

static int
run_query(struct cli_ctx *ctx, const char *name, const struct query_opts *o,
	  struct sk_err *err)
{
	struct query q;
	sqlite3_stmt *s = NULL;
	int rc = query_load(&q, name, err);

	if (rc == 0)
		rc = cli_store(ctx, STORE_READ, err);
	if (rc == 0)
		rc = query_read_only(ctx->st, err);
	if (rc == 0)
		rc = query_prepare(ctx->st, &q, o->params, o->nparams, &s, err);
	if (rc == 0)
		rc = run_statement(ctx, &q, s, o->fmt, err);
	sqlite3_finalize(s);
	query_release(&q);
	return rc;
}

static int
query_run_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "param", required_argument, NULL, OPT_PARAM },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "show", required_argument, NULL, OPT_SHOW },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct query_opts o = { NULL, 0, 0, OUTPUT_TABLE, 0, NULL };
	int c, rc = 0;

	while (rc == 0 && (c = getopt_long(argc, argv, ":", options,
					    NULL)) != -1) {
		if (c == OPT_PARAM)
			rc = add_param(&o, optarg, err);
		else if (c == OPT_FORMAT)
			rc = cli_format(optarg, &o.fmt, err);
		else if (c == OPT_LIST)
			o.list = 1;
		else if (c == OPT_SHOW)
			o.show = optarg;
		else
			rc = cli_common_option(ctx, c, argv, err);
	}
	if (rc == 0 && (o.list || o.show) && (optind < argc || o.nparams))
		rc = sk_fail(err, SK_E_USAGE, NULL, 0, "--list and --show "
			     "take no query to run");
	else if (rc == 0 && o.list)
		rc = list_queries(ctx, o.fmt, err);
	else if (rc == 0 && o.show)
		rc = show_query(ctx, o.show, err);
	else if (rc == 0 && optind >= argc)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0, "name the query: a "
			     "FILE.sql, or one of 'scopekit query --list'");
	else if (rc == 0 && optind + 1 < argc)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0, "unexpected argument "
			     "'%s': one query at a time", argv[optind + 1]);
	else if (rc == 0)
		rc = run_query(ctx, argv[optind], &o, err);
	free(o.params);
	return rc;
}

const struct command cmd_query = {
	.name = "query",
	.summary = "Run a query of queries/ or an SQL file, read-only",
	.usage = "scopekit query NAME|FILE.sql [--param NAME=VALUE]... "
		 "[--format FORMAT]",
	.help =
	"Runs one SQL statement against the review store and lists its rows.\n"
	"The frequency tables and reports are such queries, compiled into\n"
	"scopekit from the folder queries/; a file of one's own works the\n"
	"same (a NAME with a '/' or ending in .sql is a file). Each opens with\n"
	"a comment saying what it computes, its parameters and its columns.\n\n"
	"Nothing can be changed: a statement that would write (INSERT, UPDATE,\n"
	"DELETE, CREATE, a PRAGMA that sets, ATTACH...) is refused with its\n"
	"line, and the store is opened so that it refuses writes too.\n\n"
	"Parameters are the statement's :name placeholders; each must be\n"
	"given, and each given must be one of them. A whole number is passed\n"
	"as an integer, anything else as text. The same file runs in sqlite3\n"
	"with '.param set :name VALUE' and '.read FILE'.\n\n"
	"Options:\n"
	"  --param NAME=VALUE   a parameter (again for each)\n"
	"  --format table|csv|tsv|json   how to list the rows (default table)\n"
	"  --list               the queries compiled in, and what each computes\n"
	"  --show NAME          the SQL of a query, to read or to copy\n\n"
	"Examples:\n"
	"  scopekit query --list\n"
	"  scopekit query freq --param field=countries --param level=unit\n"
	"  scopekit query studies_table1 --format csv > table1.csv\n"
	"  scopekit query my-counts.sql --param year=2020\n",
	.run = query_run_cmd,
};
