/* scopekit init: create a review store. */
#include "cli.h"

#include <string.h>

#include "review.h"
#include "banned.h"

static int
init_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "title", required_argument, NULL, 't' },
		{ "question", required_argument, NULL, 'q' },
		{ "population", required_argument, NULL, 'P' },
		{ "concept", required_argument, NULL, 'C' },
		{ "context", required_argument, NULL, 'X' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct review r;
	int c;

	memset(&r, 0, sizeof(r));
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 't': r.title = optarg; break;
		case 'q': r.question = optarg; break;
		case 'P': r.population = optarg; break;
		case 'C': r.concept = optarg; break;
		case 'X': r.context = optarg; break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!r.title || !*r.title)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give the review's title with --title");
	if (cli_store(ctx, STORE_CREATE, err) < 0 ||
	    review_create(ctx->st, &r, err) < 0)
		return -1;
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: created the review store %s\n",
			ctx->st->path);
	return 0;
}

const struct command cmd_init = {
	.name = "init",
	.summary = "Create a review store",
	.usage = "scopekit init --title TITLE [--question TEXT] "
		 "[--population TEXT] [--concept TEXT] [--context TEXT]",
	.help =
	"Creates the review store (--db PATH, $SCOPEKIT_DB or ./review.db)\n"
	"and records the review's title and, optionally, its question and its\n"
	"eligibility framed as Population, Concept and Context (PCC).\n\n"
	"Options:\n"
	"  --title TEXT       the review's title (required)\n"
	"  --question TEXT    the review question\n"
	"  --population TEXT  who the review is about\n"
	"  --concept TEXT     what it looks at\n"
	"  --context TEXT     where and in which setting\n\n"
	"Example:\n"
	"  scopekit init --title 'Models of care for low back pain' \\\n"
	"      --population 'Adults with low back pain' \\\n"
	"      --concept 'Models of care' --context 'Primary healthcare'\n",
	.run = init_run,
};
