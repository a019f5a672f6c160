/* scopekit show: one record in full. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "records.h"
#include "xalloc.h"
#include "banned.h"

/* Where the record came from: source, file and line. */
static int
show_origin(struct cli_ctx *ctx, long long id, char **source,
	    struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(ctx->st, &s,
			  "SELECT s.name, f.name, r.line, r.position "
			  "FROM record r JOIN source s ON s.id = r.source_id "
			  "JOIN source_file f ON f.id = r.file_id "
			  "WHERE r.id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*source = xstrdup((const char *)sqlite3_column_text(s, 0));
		fprintf(ctx->out, "Record %lld from %s (%s, line %lld, record "
			"%lld of the file)\n", id, *source,
			sqlite3_column_text(s, 1), sqlite3_column_int64(s, 2),
			sqlite3_column_int64(s, 3));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return sk_fail(err, SK_E_INPUT, NULL, 0,
			       "there is no record %lld ('scopekit records' "
			       "lists them)", id);
	if (rc != SQLITE_ROW)
		return store_fail(ctx->st, err, "cannot read the record");
	return 0;
}

static int
show_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "original", no_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *format = "text";
	enum export_format fmt;
	int c, original = 0, rc = -1;
	long id;
	char *source = NULL;
	struct record rec;
	struct export *e;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			original = 1;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give one record id (see 'scopekit records')");
	if (cli_parse_long("the record id", argv[optind], 1, &id, err) < 0)
		return -1;
	if (!strcmp(format, "text"))
		fmt = EXPORT_TEXT;
	else if (!strcmp(format, "json"))
		fmt = EXPORT_JSON;
	else if (!strcmp(format, "ris"))
		fmt = EXPORT_RIS;
	else
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--format is text, json or ris, not '%s'",
			       format);
	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	record_init(&rec);
	if (fmt == EXPORT_TEXT && show_origin(ctx, id, &source, err) < 0)
		goto done;
	if (records_load(ctx->st, id, &rec, err) < 0)
		goto done;
	if (original) {
		fwrite(rec.original.data, 1, rec.original.len, ctx->out);
		if (rec.original.len && rec.original.data[rec.original.len - 1] != '\n')
			fputc('\n', ctx->out);
		rc = 0;
		goto done;
	}
	e = export_new(ctx->out, fmt);
	export_record(e, id, source, &rec);
	rc = export_finish(e);
	if (rc < 0)
		sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
done:
	free(source);
	record_release(&rec);
	return rc;
}

const struct command cmd_show = {
	.name = "show",
	.summary = "Show one record in full",
	.usage = "scopekit show ID [--format text|json|ris] [--original]",
	.help =
	"Shows every field of a record, where it came from (source, file and\n"
	"line), and with --original the record's text exactly as imported.\n\n"
	"Options:\n"
	"  --format F   text (default), json or ris\n"
	"  --original   the record as it was in the imported file\n",
	.run = show_run,
};
