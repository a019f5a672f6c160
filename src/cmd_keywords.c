/*
 * scopekit keywords: the words highlighted on the screening screen, in
 * an include list and an exclude list: list, add and remove them.
 */
#include "cli.h"

#include <string.h>

#include "keywords.h"
#include "output.h"
#include "banned.h"

/* ---- scopekit keywords: the list ---- */

static int
keywords_list(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	static const struct output_column cols[] = {
		{ "list", 0, 0 }, { "pattern", 0, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct output *o;
	sqlite3_stmt *s;
	int c, row, n = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (output_format_parse(optarg, &fmt) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--format is table, csv, tsv "
					       "or json, not '%s'", optarg);
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown keywords command '%s' (add, remove)",
			       argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s, "SELECT list, pattern FROM keyword "
			  "ORDER BY list DESC, pattern", err) < 0)
		return -1;
	o = output_new(ctx->out, fmt, cols, 2);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[2] = {
			(const char *)sqlite3_column_text(s, 0),
			(const char *)sqlite3_column_text(s, 1),
		};

		output_row(o, cells);
		n++;
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	if (row != SQLITE_DONE)
		return store_fail(ctx->st, err, "reading the keywords");
	if (!n && fmt == OUTPUT_TABLE)
		fputs("No keywords yet: scopekit keywords add --include "
		      "'back pain' (see scopekit help keywords).\n", ctx->out);
	return 0;
}

/* ---- add and remove ---- */

/* The list named by --include or --exclude, and the patterns. */
static int
parse_change(struct cli_ctx *ctx, int argc, char **argv,
	     enum keyword_list *list, struct sk_err *err)
{
	static const struct option options[] = {
		{ "include", no_argument, NULL, 'i' },
		{ "exclude", no_argument, NULL, 'e' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, lists = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'i' || c == 'e') {
			*list = c == 'i' ? KEYWORD_INCLUDE : KEYWORD_EXCLUDE;
			lists |= c == 'i' ? 1 : 2;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (lists != 1 && lists != 2)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say which list: --include or --exclude");
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "name the keywords ('back pain', or a pattern "
			       "such as 'randomi[sz]ed')");
	return 0;
}

static int
keywords_add_cmd(struct cli_ctx *ctx, int argc, char **argv,
		 struct sk_err *err)
{
	enum keyword_list list = KEYWORD_INCLUDE;
	int added, n = 0;

	if (parse_change(ctx, argc, argv, &list, err) < 0 ||
	    cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		if (keywords_store_add(ctx->st, list, argv[i], &added,
				       err) < 0)
			return -1;
		if (added)
			n++;
		else
			fprintf(ctx->out, "'%s' is in the %s list already.\n",
				argv[i], keyword_list_name(list));
	}
	fprintf(ctx->out, "Added %d %s keyword%s.\n", n,
		keyword_list_name(list), n == 1 ? "" : "s");
	return 0;
}

static int
keywords_remove_cmd(struct cli_ctx *ctx, int argc, char **argv,
		    struct sk_err *err)
{
	enum keyword_list list = KEYWORD_INCLUDE;
	int removed, n = 0;

	if (parse_change(ctx, argc, argv, &list, err) < 0 ||
	    cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	for (int i = optind; i < argc; i++) {
		if (keywords_store_remove(ctx->st, list, argv[i], &removed,
					  err) < 0)
			return -1;
		/* A typo must not pass for a removal: nothing is removed. */
		if (!removed)
			return sk_fail(err, SK_E_INPUT, NULL, 0,
				       "'%s' is not in the %s list (scopekit "
				       "keywords lists them)", argv[i],
				       keyword_list_name(list));
		n++;
	}
	fprintf(ctx->out, "Removed %d %s keyword%s.\n", n,
		keyword_list_name(list), n == 1 ? "" : "s");
	return 0;
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} keywords_commands[] = {
	{ "add", keywords_add_cmd },
	{ "remove", keywords_remove_cmd },
};

static int
keywords_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	if (argc > 1)
		for (size_t i = 0; i < sizeof(keywords_commands) /
				       sizeof(*keywords_commands); i++)
			if (!strcmp(argv[1], keywords_commands[i].name))
				return keywords_commands[i].run(ctx, argc - 1,
								argv + 1, err);
	return keywords_list(ctx, argc, argv, err);
}

const struct command cmd_keywords = {
	.name = "keywords",
	.summary = "Words to highlight while screening, to include or exclude",
	.usage = "scopekit keywords [add|remove] [options] [PATTERN...]",
	.help =
	"Keywords are highlighted in titles and abstracts on the screening\n"
	"screen (scopekit screen): words of the include list green and\n"
	"underlined, words of the exclude list red and in reverse; without\n"
	"colours the marks stay. They only help the eye: they decide nothing.\n\n"
	"  scopekit keywords [--format table|csv|tsv|json]\n"
	"      list both lists\n"
	"  scopekit keywords add --include|--exclude PATTERN...\n"
	"  scopekit keywords remove --include|--exclude PATTERN...\n\n"
	"A keyword matches in any case and also inside longer words: 'random'\n"
	"finds 'Randomised' and 'randomized'. It is a PCRE2 pattern, so it\n"
	"can say more: 'randomi[sz]ed' (either spelling), 'child(ren)?' (with\n"
	"or without an ending), '\\bpain\\b' (the whole word only),\n"
	"'sciatica|radiculopathy' (either word). To match one of\n"
	"\\ ( ) [ ] { } . * + ? | ^ $ as typed, put \\ before it:\n"
	"'pain \\(chronic\\)'. Quote each keyword for the shell.\n\n"
	"Options:\n"
	"  --include       the include list\n"
	"  --exclude       the exclude list\n"
	"  --format F      table (default), csv, tsv or json\n\n"
	"Examples:\n"
	"  scopekit keywords add --include 'low back pain' 'primary (health )?care'\n"
	"  scopekit keywords add --exclude 'paediatric|pediatric' 'surgery'\n"
	"  scopekit keywords remove --exclude surgery\n",
	.run = keywords_cmd,
};
