/*
 * cli: the command table, global options, dispatch, help, and the one
 * place where errors are printed, transactions ended and exit codes chosen.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "err.h"
#include "output.h"
#include "store.h"

struct cli_ctx {
	const char *db_option;	/* --db, or NULL */
	struct store *st;	/* opened by cli_store, closed by the dispatcher */
	FILE *out;		/* where data goes: stdout */
	const struct command *cmd;
};

struct command {
	const char *name;
	const char *summary;	/* one line for 'scopekit --help' */
	const char *usage;	/* "scopekit import FILE... --source NAME [options]" */
	const char *help;	/* options and examples, after the usage line */
	/* Parse argv (argv[0] is the command name) and do the work. */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv,
		   struct sk_err *err);
};

/* The commands, in help order, each defined in its cmd_*.c file. */
extern const struct command cmd_init;
extern const struct command cmd_import;
extern const struct command cmd_fetch;
extern const struct command cmd_sources;
extern const struct command cmd_records;
extern const struct command cmd_show;
extern const struct command cmd_dedupe;
extern const struct command cmd_rules;
extern const struct command cmd_reviewer;
extern const struct command cmd_reasons;
extern const struct command cmd_settings;
extern const struct command cmd_screen;
extern const struct command cmd_keywords;
extern const struct command cmd_conflicts;
extern const struct command cmd_resolve;
extern const struct command cmd_log;
extern const struct command cmd_retrieve;
extern const struct command cmd_sample;
extern const struct command cmd_agreement;
extern const struct command cmd_simulate;
extern const struct command cmd_prisma;
extern const struct command cmd_form;
extern const struct command cmd_study;
extern const struct command cmd_unit;
extern const struct command cmd_extract;
extern const struct command cmd_freq;
extern const struct command cmd_query;
extern const struct command cmd_report;
extern const struct command cmd_copy;
extern const struct command cmd_merge;
extern const struct command cmd_help;

int cli_run(int argc, char **argv);

/*
 * Open the store for the running command. For STORE_WRITE and STORE_CREATE
 * a transaction is begun; the dispatcher commits it if the command returns
 * 0 and rolls it back otherwise, so a failed command writes nothing.
 */
int cli_store(struct cli_ctx *ctx, enum store_mode mode, struct sk_err *err);

/*
 * Options every command takes besides its own (--db, --quiet, --help);
 * add CLI_COMMON_OPTIONS to a getopt_long table and pass unknown option
 * characters to cli_common_option.
 */
#define CLI_OPT_DB 1000
#define CLI_OPT_QUIET 1001
#define CLI_COMMON_OPTIONS                                    \
	{ "db", required_argument, NULL, CLI_OPT_DB },        \
	{ "quiet", no_argument, NULL, CLI_OPT_QUIET },        \
	{ "help", no_argument, NULL, 'h' }

/*
 * Handle a common option or a getopt error (c is getopt_long's result).
 * Returns 0 if handled, -1 with a usage error otherwise.
 */
int cli_common_option(struct cli_ctx *ctx, int c, char **argv,
		      struct sk_err *err);

/* Reset getopt before a command parses its own options. */
void cli_getopt_reset(void);

/* Parse a positive integer option value; usage error naming opt if bad. */
int cli_parse_long(const char *opt, const char *value, long min, long *out,
		   struct sk_err *err);

/* Parse --format table|csv|tsv|json; a usage error if unknown. */
int cli_format(const char *value, enum output_format *fmt, struct sk_err *err);

/*
 * Write every row of s (its first ncols columns, as text) in fmt, then
 * finalize s. Fails on a store error or if the output cannot be written.
 */
int cli_list(struct cli_ctx *ctx, enum output_format fmt,
	     const struct output_column *cols, size_t ncols, sqlite3_stmt *s,
	     struct sk_err *err);

/*
 * Where a command writes a file it makes (-o PATH): PATH, never over an
 * existing file, or stdout when path is NULL. cli_close_output closes it,
 * and removes the file if the command failed (rc < 0); returns rc, or -1
 * if closing failed.
 */
FILE *cli_open_output(struct cli_ctx *ctx, const char *path,
		      struct sk_err *err);
int cli_close_output(struct cli_ctx *ctx, FILE *f, const char *path, int rc,
		     struct sk_err *err);

/* Who is working: the --reviewer value, else $SCOPEKIT_REVIEWER, else NULL. */
const char *cli_reviewer(const char *option);

/* Print the help of a command to f. */
void cli_print_help(FILE *f, const struct command *cmd);
const struct command *cli_find(const char *name);
/* Print the list of commands to f. */
void cli_print_commands(FILE *f);

#endif
