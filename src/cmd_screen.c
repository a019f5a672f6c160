/*
 * scopekit screen: judge records at title and abstract or full text, on
 * the interactive screen, through a spreadsheet, or one command at a
 * time; and see how far screening has come.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "screen.h"
#include "tui.h"
#include "xalloc.h"
#include "banned.h"

#define OPT_STAGE 's'
#define OPT_REVIEWER 'r'

static int
parse_stage(const char *value, enum stage *stage, struct sk_err *err)
{
	if (stage_parse(value, stage) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--stage is ta (title and abstract) or ft "
			       "(full text), not '%s'", value);
	return 0;
}

/* The reviewer named by --reviewer or $SCOPEKIT_REVIEWER, or a usage error. */
static int
need_reviewer(const char *option, const char **name, struct sk_err *err)
{
	*name = cli_reviewer(option);
	if (!*name)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say who is screening: --reviewer NAME (or set "
			       "SCOPEKIT_REVIEWER)");
	return 0;
}

/* ---- scopekit screen: the interactive screen ---- */

static int
screen_interactive(struct cli_ctx *ctx, int argc, char **argv,
		   struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "stage", required_argument, NULL, OPT_STAGE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *reviewer = NULL;
	enum stage stage = STAGE_TA;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_REVIEWER)
			reviewer = optarg;
		else if (c == OPT_STAGE) {
			if (parse_stage(optarg, &stage, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown screen command '%s' (sheet, load, "
			       "decide, status)", argv[optind]);
	if (need_reviewer(reviewer, &reviewer, err) < 0)
		return -1;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "the interactive screen needs a terminal; "
			       "use 'screen sheet' and 'screen load', or "
			       "'screen decide'");
	/* Each judgement is committed on its own: no transaction is held. */
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    store_commit(ctx->st, err) < 0 ||
	    screen_reviewer_check(ctx->st, reviewer, err) < 0)
		return -1;
	return tui_screen(ctx->st, reviewer, stage, err);
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} screen_commands[] = {
	{ "start", screen_interactive },
};

static int
screen_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	if (argc > 1)
		for (size_t i = 0;
		     i < sizeof(screen_commands) / sizeof(*screen_commands); i++)
			if (!strcmp(argv[1], screen_commands[i].name))
				return screen_commands[i].run(ctx, argc - 1,
							      argv + 1, err);
	return screen_interactive(ctx, argc, argv, err);
}

const struct command cmd_screen = {
	.name = "screen",
	.summary = "Screen records: interactively, by spreadsheet or one by one",
	.usage = "scopekit screen [sheet|load|decide|status] [options]",
	.help =
	"Two reviewers judge every record independently, first on title and\n"
	"abstract (stage ta), then on full text (stage ft). A reviewer sees only\n"
	"their own judgements until a record has both.\n\n"
	"  scopekit screen --reviewer NAME [--stage ta|ft]\n"
	"      the interactive screen: one record at a time, single keys\n\n"
	"Options:\n"
	"  --reviewer NAME   who is screening (default: $SCOPEKIT_REVIEWER)\n"
	"  --stage ta|ft     title and abstract (default) or full text\n",
	.run = screen_cmd,
};
