/* scopekit settings: how the review screens (see the help text). */
#include "cli.h"

#include <string.h>

#include "screen.h"
#include "banned.h"

static const char *const setting_help[] = {
	"independent reviewers per record",
	"a maybe is a conflict, or counts as include",
	"agreement a pilot sample needs to pass",
};

static int
settings_list(struct cli_ctx *ctx, enum output_format fmt, struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "setting", 0, 0 }, { "value", 0, 0 }, { "meaning", 0, 0 },
	};
	struct screen_settings set;
	struct output *o;
	char buf[64];

	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    screen_settings_load(ctx->st, &set, err) < 0)
		return -1;
	o = output_new(ctx->out, fmt, cols, 3);
	for (int i = 0; screen_setting_keys[i]; i++) {
		const char *cells[3] = {
			screen_setting_keys[i],
			screen_setting_describe(&set, screen_setting_keys[i],
						buf, sizeof(buf)),
			setting_help[i],
		};

		output_row(o, cells);
	}
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

static int
settings_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind == argc)
		return settings_list(ctx, fmt, err);
	if (argc - optind != 2)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give a setting and its value, or nothing to "
			       "list them");
	if (cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	return screen_setting_set(ctx->st, argv[optind], argv[optind + 1], err);
}

const struct command cmd_settings = {
	.name = "settings",
	.summary = "How the review screens: reviewers per record, maybe, pilot",
	.usage = "scopekit settings [SETTING VALUE] [options]",
	.help =
	"Without arguments, lists the settings; with a setting and a value,\n"
	"changes it. The counts and queues follow at once.\n\n"
	"  screeners N        independent reviewers who judge each record\n"
	"                     (default 2)\n"
	"  maybe conflict     a 'maybe' makes the record a conflict, settled by a\n"
	"                     third reviewer (the default)\n"
	"  maybe include      a 'maybe' counts as include: the record goes on\n"
	"                     to full text\n"
	"  pilot-pass X       the agreement the pilot sample needs to pass, as\n"
	"                     0.75 or 75% (the default)\n\n"
	"Options:\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = settings_run,
};
