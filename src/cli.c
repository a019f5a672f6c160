#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "xalloc.h"
#include "nearest.h"
#include "banned.h"

static const struct command *const commands[] = {
	&cmd_init,
	&cmd_import,
	&cmd_fetch,
	&cmd_sources,
	&cmd_records,
	&cmd_show,
	&cmd_dedupe,
	&cmd_rules,
	&cmd_reviewer,
	&cmd_reasons,
	&cmd_settings,
	&cmd_screen,
	&cmd_keywords,
	&cmd_conflicts,
	&cmd_resolve,
	&cmd_log,
	&cmd_retrieve,
	&cmd_sample,
	&cmd_agreement,
	&cmd_simulate,
	&cmd_prisma,
	&cmd_form,
	&cmd_study,
	&cmd_unit,
	&cmd_extract,
	&cmd_freq,
	&cmd_query,
	&cmd_report,
	&cmd_copy,
	&cmd_merge,
	&cmd_help,
};

#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

const struct command *
cli_find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static const char *
nearest_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = 3;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		size_t d = name_distance(name, commands[i]->name);

		if (d < best_d) {
			best_d = d;
			best = commands[i]->name;
		}
	}
	return best;
}

void
cli_print_commands(FILE *f)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
			commands[i]->summary);
}

static void
print_main_help(FILE *f)
{
	fputs("usage: scopekit [--db PATH] [--quiet] COMMAND [options]\n"
	      "       scopekit --help | --version\n"
	      "       scopekit help COMMAND\n\n"
	      "scopekit carries a scoping or systematic review from search "
	      "results to\nthe numbers of the paper, in one review store "
	      "(a SQLite file).\n\n"
	      "Commands:\n", f);
	cli_print_commands(f);
	fputs("\nGlobal options (also accepted after the command):\n"
	      "  --db PATH   the review store (default: $SCOPEKIT_DB, "
	      "else ./review.db)\n"
	      "  --quiet     no warnings or progress on stderr\n"
	      "  --help      this help; 'scopekit COMMAND --help' for one "
	      "command\n"
	      "  --version   print the version\n", f);
}

void
cli_print_help(FILE *f, const struct command *cmd)
{
	fprintf(f, "usage: %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && *cmd->help)
		fprintf(f, "\n%s", cmd->help);
}

void
cli_getopt_reset(void)
{
	optind = 0;	/* glibc: 0 also resets its internal state */
	opterr = 0;	/* errors are reported through sk_err */
}

int
cli_common_option(struct cli_ctx *ctx, int c, char **argv, struct sk_err *err)
{
	switch (c) {
	case CLI_OPT_DB:
		ctx->db_option = optarg;
		return 0;
	case CLI_OPT_QUIET:
		sk_set_quiet(1);
		return 0;
	case ':':
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "option '%s' needs a value", argv[optind - 1]);
	default:
		return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown option '%s'",
			       argv[optind - 1]);
	}
}

int
cli_parse_long(const char *opt, const char *value, long min, long *out,
	       struct sk_err *err)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "%s wants a whole number of at least %ld, "
			       "not '%s'", opt, min, value);
	*out = v;
	return 0;
}

int
cli_format(const char *value, enum output_format *fmt, struct sk_err *err)
{
	if (output_format_parse(value, fmt) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--format is table, csv, tsv or json, not '%s'",
			       value);
	return 0;
}

int
cli_list(struct cli_ctx *ctx, enum output_format fmt,
	 const struct output_column *cols, size_t ncols, sqlite3_stmt *s,
	 struct sk_err *err)
{
	struct output *o = output_new(ctx->out, fmt, cols, ncols);
	const char **cells = xcalloc(ncols, sizeof(*cells));
	int row, written;

	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < ncols; i++)
			cells[i] = (const char *)sqlite3_column_text(s, (int)i);
		output_row(o, cells);
	}
	free(cells);
	written = output_finish(o);
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(ctx->st, err, "reading the store");
	if (written < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

FILE *
cli_open_output(struct cli_ctx *ctx, const char *path, struct sk_err *err)
{
	FILE *f = path ? fopen(path, "wx") : ctx->out;

	if (!f)
		sk_fail(err, SK_E_IO, path, 0, "cannot write: %s",
			errno == EEXIST ? "the file exists" : strerror(errno));
	return f;
}

int
cli_close_output(struct cli_ctx *ctx, FILE *f, const char *path, int rc,
		 struct sk_err *err)
{
	if (f != ctx->out && fclose(f) != 0 && rc == 0)
		rc = sk_fail(err, SK_E_IO, path, 0, "cannot write: %s",
			     strerror(errno));
	if (f != ctx->out && rc < 0)
		remove(path);
	return rc;
}

const char *
cli_reviewer(const char *option)
{
	const char *name = option;

	if (!name || !*name)
		name = getenv("SCOPEKIT_REVIEWER");
	return name && *name ? name : NULL;
}

int
cli_store(struct cli_ctx *ctx, enum store_mode mode, struct sk_err *err)
{
	const char *path = store_default_path(ctx->db_option);

	if (store_open(&ctx->st, path, mode, err) < 0)
		return -1;
	if (mode == STORE_WRITE_ALONE && store_write_alone(ctx->st, err) < 0)
		return -1;
	if (mode != STORE_READ && store_begin(ctx->st, err) < 0)
		return -1;
	return 0;
}

/* Does the command line ask for help (before any "--")? */
static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

static int
report(const struct command *cmd, const struct sk_err *err)
{
	char msg[2048];

	sk_err_format(err, msg, sizeof(msg));
	fprintf(stderr, "scopekit: %s%s%s\n", cmd ? cmd->name : "",
		cmd ? ": " : "", msg);
	if (err->kind == SK_E_USAGE) {
		if (cmd)
			fprintf(stderr, "try 'scopekit help %s'\n", cmd->name);
		else
			fputs("try 'scopekit --help'\n", stderr);
		return 2;
	}
	return 1;
}

/* Run cmd, end its transaction, and check that its output was written. */
static int
run_command(struct cli_ctx *ctx, int argc, char **argv)
{
	struct sk_err err = SK_ERR_INIT;
	int rc;

	cli_getopt_reset();
	rc = ctx->cmd->run(ctx, argc, argv, &err);
	if (rc == 0 && fflush(ctx->out) != 0)
		rc = sk_fail(&err, SK_E_IO, "stdout", 0,
			     "cannot write the output: %s", strerror(errno));
	if (rc == 0 && ctx->st && ctx->st->in_transaction)
		rc = store_commit(ctx->st, &err);
	store_close(ctx->st);	/* rolls back what was not committed */
	ctx->st = NULL;
	if (rc == 0 && fclose(stdout) != 0)
		rc = sk_fail(&err, SK_E_IO, "stdout", 0,
			     "cannot write the output: %s", strerror(errno));
	return rc == 0 ? 0 : report(ctx->cmd, &err);
}

/* Global options before the command: --db PATH, --quiet, --help, --version. */
static int
global_options(struct cli_ctx *ctx, int argc, char **argv, int *i)
{
	for (*i = 1; *i < argc && argv[*i][0] == '-'; (*i)++) {
		const char *a = argv[*i];

		if (strcmp(a, "--version") == 0) {
			printf("scopekit %s\n", SCOPEKIT_VERSION);
			return 0;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_main_help(stdout);
			return 0;
		}
		if (strcmp(a, "--quiet") == 0) {
			sk_set_quiet(1);
		} else if (strcmp(a, "--db") == 0 && *i + 1 < argc) {
			ctx->db_option = argv[++*i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			ctx->db_option = a + 5;
		} else {
			fprintf(stderr, "scopekit: unknown option '%s'\n"
				"try 'scopekit --help'\n", a);
			return 2;
		}
	}
	return -1;
}

int
cli_run(int argc, char **argv)
{
	struct cli_ctx ctx = { NULL, NULL, stdout, NULL };
	const char *hint;
	int i, rc;

	rc = global_options(&ctx, argc, argv, &i);
	if (rc >= 0)
		return rc;
	if (i >= argc) {
		print_main_help(stderr);
		return 2;
	}
	ctx.cmd = cli_find(argv[i]);
	if (!ctx.cmd) {
		hint = nearest_command(argv[i]);
		fprintf(stderr, "scopekit: '%s' is not a scopekit command", argv[i]);
		if (hint)
			fprintf(stderr, "; did you mean '%s'?", hint);
		fputs("\ntry 'scopekit --help'\n", stderr);
		return 2;
	}
	if (wants_help(argc - i, argv + i)) {
		cli_print_help(stdout, ctx.cmd);
		return 0;
	}
	return run_command(&ctx, argc - i, argv + i);
}
