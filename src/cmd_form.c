/*
 * scopekit form: the review's charting form: check a form file, load it
 * into the store as a new version, show its fields or its text.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "form.h"
#include "screen.h"
#include "banned.h"

/*
 * Read and check a form file. All its problems but the last are printed
 * here, as the dispatcher prints errors; the last is returned in err.
 */
static int
read_form(const char *path, struct form *f, char **text, struct sk_err *err)
{
	struct form_problems pr;
	size_t len;

	if (form_read_file(path, text, &len, err) < 0)
		return -1;
	if (form_parse(f, *text, len, path, &pr, err) == 0)
		return 0;
	for (size_t i = 0; i + 1 < pr.n; i++)
		fprintf(stderr, "scopekit: form: %s:%ld:%ld: %s\n", path,
			pr.p[i].line, pr.p[i].column, pr.p[i].msg);
	if (pr.n > 1)
		sk_fail_at(err, SK_E_INPUT, path, pr.p[pr.n - 1].line,
			   pr.p[pr.n - 1].column, "%s%s", pr.p[pr.n - 1].msg,
			   pr.more ? " (and more problems after it)" : "");
	free(*text);
	*text = NULL;
	return -1;
}

static void
count_levels(const struct form *f, size_t n[LEVEL_COUNT])
{
	memset(n, 0, LEVEL_COUNT * sizeof(*n));
	for (size_t i = 0; i < f->nfields; i++)
		n[f->fields[i].level]++;
}

static void
say_form(const char *path, const char *verb, const struct form *f)
{
	size_t n[LEVEL_COUNT];

	if (sk_is_quiet())
		return;
	count_levels(f, n);
	fprintf(stderr, "scopekit: form: %s: form '%s' version %ld %s: %zu "
		"section%s, %zu fields (%zu per report, %zu per study, %zu "
		"per unit)\n", path, f->key, f->version, verb, f->nsections,
		f->nsections == 1 ? "" : "s", f->nfields, n[LEVEL_REPORT],
		n[LEVEL_STUDY], n[LEVEL_UNIT]);
}

static int
form_check(struct cli_ctx *ctx, const char *path, struct sk_err *err)
{
	struct form f;
	char *text;

	(void)ctx;
	if (read_form(path, &f, &text, err) < 0)
		return -1;
	say_form(path, "is valid", &f);
	form_release(&f);
	free(text);
	return 0;
}

static int
form_load(struct cli_ctx *ctx, const char *path, const char *who,
	  struct sk_err *err)
{
	struct form f;
	char *text;
	int loaded, rc;

	if (read_form(path, &f, &text, err) < 0)
		return -1;
	rc = cli_store(ctx, STORE_WRITE, err);
	if (rc == 0 && who)
		rc = screen_reviewer_check(ctx->st, who, err);
	if (rc == 0)
		rc = extract_form_load(ctx->st, &f, text, path, who, &loaded,
				       err);
	if (rc == 0 && loaded)
		say_form(path, "loaded", &f);
	else if (rc == 0 && !sk_is_quiet())
		fprintf(stderr, "scopekit: form: %s: form '%s' version %ld was "
			"loaded already; nothing changed\n", path, f.key,
			f.version);
	form_release(&f);
	free(text);
	return rc;
}

/* The form (version, or the newest if 0) exists. */
static int
need_version(struct store *st, long version, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s, "SELECT 1 FROM form WHERE ?1 = 0 OR "
			  "version = ?1 AND key = (SELECT key FROM "
			  "form_current)", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, version);
	row = sqlite3_step(s);
	sqlite3_finalize(s);
	if (row == SQLITE_ROW)
		return 0;
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the form");
	if (version)
		return sk_fail(err, SK_E_INPUT, NULL, 0, "there is no version "
			       "%ld of the form (scopekit form list)", version);
	return sk_fail(err, SK_E_INPUT, NULL, 0, "this review has no charting "
		       "form yet: load one with 'scopekit form load FILE'");
}

static int
form_show(struct cli_ctx *ctx, enum output_format fmt, long version,
	  struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "section", 0, 24 }, { "key", 0, 0 }, { "label", 0, 40 },
		{ "type", 0, 0 }, { "level", 0, 0 }, { "required", 0, 0 },
		{ "choices", 0, 60 }, { "pattern", 0, 30 }, { "help", 0, 60 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    need_version(ctx->st, version, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT f.section, f.key, f.label, f.type, f.level, "
			  "CASE f.required WHEN 1 THEN 'yes' ELSE 'no' END, "
			  "ltrim(coalesce((SELECT group_concat(label, '; ') "
			  "FROM (SELECT label FROM form_choice c WHERE "
			  "c.form_id = f.form_id AND c.field = f.key ORDER BY "
			  "position)), '') || CASE WHEN f.other IS NOT NULL "
			  "THEN '; ' || f.other || ': ...' ELSE '' END, '; '), "
			  "f.pattern, f.help FROM form_field f "
			  "WHERE f.form_id = (SELECT id FROM form WHERE ?1 = 0 "
			  "AND id = (SELECT id FROM form_current) OR version = "
			  "?1 AND key = (SELECT key FROM form_current)) ORDER "
			  "BY f.position", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, version);
	return cli_list(ctx, fmt, cols, sizeof(cols) / sizeof(*cols), s, err);
}

static int
form_text(struct cli_ctx *ctx, long version, struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    need_version(ctx->st, version, err) < 0 ||
	    store_prepare(ctx->st, &s, "SELECT text FROM form WHERE ?1 = 0 "
			  "AND id = (SELECT id FROM form_current) OR version = "
			  "?1 AND key = (SELECT key FROM form_current)",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, version);
	row = sqlite3_step(s);
	if (row == SQLITE_ROW)
		fputs((const char *)sqlite3_column_text(s, 0), ctx->out);
	sqlite3_finalize(s);
	return row == SQLITE_ROW ? 0 : store_fail(ctx->st, err,
						  "reading the form");
}

static int
form_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "form", 0, 0 }, { "version", 1, 0 }, { "title", 0, 50 },
		{ "fields", 1, 0 }, { "values", 1, 0 }, { "file", 0, 40 },
		{ "loaded", 0, 0 },
	};
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s,
			  "SELECT key, version, title, (SELECT count(*) FROM "
			  "form_field WHERE form_id = f.id), (SELECT count(*) "
			  "FROM extraction WHERE form_id = f.id) + (SELECT "
			  "count(*) FROM consensus WHERE form_id = f.id), "
			  "file, loaded_at FROM form f ORDER BY id", err) < 0)
		return -1;
	return cli_list(ctx, fmt, cols, sizeof(cols) / sizeof(*cols), s, err);
}

static int
form_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "version", required_argument, NULL, 'v' },
		{ "text", no_argument, NULL, 't' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *verb, *who = NULL;
	long version = 0;
	int c, text = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (c == 'v') {
			if (cli_parse_long("--version", optarg, 1, &version,
					   err) < 0)
				return -1;
		} else if (c == 't') {
			text = 1;
		} else if (c == 'r') {
			who = optarg;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	verb = optind < argc ? argv[optind++] : "show";
	if (!strcmp(verb, "check") || !strcmp(verb, "load")) {
		if (argc - optind != 1)
			return sk_fail(err, SK_E_USAGE, NULL, 0, "give the one "
				       "form file to %s", verb);
		return !strcmp(verb, "check") ?
		       form_check(ctx, argv[optind], err) :
		       form_load(ctx, argv[optind], cli_reviewer(who), err);
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!strcmp(verb, "show"))
		return text ? form_text(ctx, version, err) :
		       form_show(ctx, fmt, version, err);
	if (!strcmp(verb, "list"))
		return form_list(ctx, fmt, err);
	return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown form command '%s' "
		       "(check, load, show, list)", verb);
}

const struct command cmd_form = {
	.name = "form",
	.summary = "The charting form: check, load and show it",
	.usage = "scopekit form [check|load|show|list] [FILE] [options]",
	.help =
	"The review charts its included reports on one form, written in a\n"
	"text file (YAML; extract_forms/pcc-lbp-moc.yaml is an example to copy).\n"
	"Each field has a key, a label, help, a type, choices, and what it is\n"
	"charted for: each report, each study or each unit (a model of care,\n"
	"say). Every field also takes the answers 'not reported' and 'unclear'.\n\n"
	"  scopekit form check FILE     check a form file; every problem is\n"
	"                               listed with its line\n"
	"  scopekit form load FILE      check it and make it the review's form;\n"
	"                               a changed form needs a higher 'version'\n"
	"  scopekit form [show]         the fields of the form in use\n"
	"  scopekit form show --text    the form's file as loaded\n"
	"  scopekit form list           the versions loaded, with how many\n"
	"                               values were charted on each\n\n"
	"Options:\n"
	"  --version N                  show version N instead of the newest\n"
	"  --reviewer NAME              who loads the form (noted with it)\n"
	"  --format table|csv|tsv|json  how to list (default table)\n\n"
	"Values remember the form version they were charted with; loading a new\n"
	"version keeps every value charted before.\n",
	.run = form_run,
};
