/*
 * scopekit copy: a copy of the store for one reviewer to screen or chart
 * apart, with the other reviewers' judgements and values left out.
 */
#include "cli.h"

#include <string.h>

#include "merge.h"
#include "banned.h"

static int
copy_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "for", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct merge_copy_report rep;
	const char *reviewer = NULL;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'r')
			reviewer = optarg;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (!reviewer || !*reviewer)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say whose copy it is "
			       "(--for REVIEWER)");
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, optind == argc ?
			       "name the copy's file" :
			       "one copy at a time");
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    merge_copy(ctx->st, reviewer, argv[optind], &rep, err) < 0)
		return -1;
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: copy: wrote %s for %s; left out: "
			"%ld judgements and %ld settlements of records still "
			"short of judgements, %ld values and %ld consensus "
			"values of others\n", argv[optind], reviewer,
			rep.judgements, rep.settlements, rep.values,
			rep.consensus);
	if (!sk_is_quiet() && rep.stopped)
		fprintf(stderr, "scopekit: copy: title and abstract screening "
			"has stopped: the copy's queues hold only records "
			"somebody had judged (%ld record%s)\n", rep.judged,
			rep.judged == 1 ? "" : "s");
	return 0;
}

const struct command cmd_copy = {
	.name = "copy",
	.summary = "A copy of the store for one reviewer, others' work left out",
	.usage = "scopekit copy --for REVIEWER OUT.db",
	.help =
	"Writes a copy of the review store for one reviewer (or extractor) to\n"
	"screen and chart on their own, anywhere, without a server: every\n"
	"record with the same ids, the sources, settings, reasons, rules,\n"
	"duplicates, forms, studies and units, and the reviewer's own work.\n"
	"Left out, so the copy is blind:\n"
	"  - the other reviewers' judgements of each record and stage that\n"
	"    still lacks judgements (as the store hides them from the reviewer;\n"
	"    records with all their judgements keep them, so a third reviewer\n"
	"    can settle their conflicts in a copy), and settlements of those;\n"
	"  - every other extractor's values, and consensus recorded by others.\n"
	"What is left out is not in the copy's file at all, free pages included.\n"
	"It is for judging: it cannot import records or make copies. Bring\n"
	"the work back with 'scopekit merge OUT.db' in this store.\n\n"
	"A copy made after the team stopped title and abstract screening\n"
	"('scopekit screen stop') carries the stop: it notes which records\n"
	"somebody had judged (not who, nor how), so its queues hold the same\n"
	"records as this store's. A stop or resumption recorded in a copy\n"
	"merges back like a judgement. The words of titles and abstracts\n"
	"counted for the ranking are copied with the records.\n\n"
	"Options:\n"
	"  --for NAME   the reviewer the copy is for (a reviewer of the review)\n\n"
	"Example:\n"
	"  scopekit copy --for AD ad.db\n"
	"  SCOPEKIT_DB=ad.db scopekit screen --reviewer AD --stage ta\n"
	"  scopekit merge ad.db cf.db\n",
	.run = copy_run,
};
