/* scopekit help [COMMAND] */
#include "cli.h"

#include "banned.h"

static int
help_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	const struct command *cmd;

	if (argc < 2) {
		fputs("usage: scopekit help COMMAND\n\nCommands:\n", ctx->out);
		cli_print_commands(ctx->out);
		return 0;
	}
	if (argc > 2)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give one command name");
	cmd = cli_find(argv[1]);
	if (!cmd)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "'%s' is not a scopekit command", argv[1]);
	cli_print_help(ctx->out, cmd);
	return 0;
}

const struct command cmd_help = {
	.name = "help",
	.summary = "Show the help of a command",
	.usage = "scopekit help COMMAND",
	.help = "",
	.run = help_run,
};
