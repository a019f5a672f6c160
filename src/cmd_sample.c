/*
 * scopekit sample: the pilot (calibration) sample of a stage: records
 * drawn at random, screened first, their agreement measured apart.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "screen.h"
#include "banned.h"

static int
sample_list(struct cli_ctx *ctx, enum stage stage, enum output_format fmt,
	    struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "record", 1, 0 }, { "seed", 1, 0 }, { "drawn", 0, 0 },
		{ "year", 1, 0 }, { "title", 0, 60 },
	};
	sqlite3_stmt *s;

	if (store_prepare(ctx->st, &s, "SELECT p.record_id, p.seed, "
			  "p.drawn_at, r.year, r.title FROM pilot p JOIN record "
			  "r ON r.id = p.record_id WHERE p.stage = ? ORDER BY "
			  "p.record_id", err) < 0)
		return -1;
	store_bind_text(s, 1, stage_name(stage));
	return cli_list(ctx, fmt, cols, 5, s, err);
}

static long
sample_size(struct store *st, enum stage stage)
{
	sqlite3_stmt *s;
	long n = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM pilot WHERE "
			       "stage = ?", -1, &s, NULL) != SQLITE_OK)
		return 0;
	store_bind_text(s, 1, stage_name(stage));
	if (sqlite3_step(s) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int
sample_draw(struct cli_ctx *ctx, enum stage stage, long want,
	    unsigned long long seed, struct sk_err *err)
{
	struct screen_state ss;
	size_t drawn;
	long have = sample_size(ctx->st, stage);
	int rc;

	if (have)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "the %s stage has "
			       "its pilot sample already (%ld records: "
			       "scopekit sample --stage %s)", stage_name(stage),
			       have, stage_name(stage));
	if (screen_state_load(ctx->st, &ss, err) < 0)
		return -1;
	rc = screen_pilot_draw(ctx->st, &ss, stage, (size_t)want, seed, &drawn,
			       err);
	screen_state_release(&ss);
	if (rc < 0)
		return -1;
	if (!drawn)
		return sk_fail(err, SK_E_CONFLICT, NULL, 0, "no record awaits "
			       "its first judgement at %s to draw from",
			       stage_label(stage));
	if (!sk_is_quiet())
		fprintf(stderr, "scopekit: sample: drew %zu records at %s with "
			"seed %llu%s; they come first in every reviewer's "
			"queue\n", drawn, stage_label(stage), seed,
			drawn < (size_t)want ? " (all there were)" : "");
	return 0;
}

static int
sample_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "stage", required_argument, NULL, 's' },
		{ "n", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	enum stage stage = STAGE_TA;
	long want = 0, seed = -1;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 's') {
			if (stage_option(optarg, &stage, err) < 0)
				return -1;
		} else if (c == 'n') {
			if (cli_parse_long("--n", optarg, 1, &want, err) < 0)
				return -1;
		} else if (c == 'S') {
			if (cli_parse_long("--seed", optarg, 0, &seed, err) < 0)
				return -1;
		} else if (c == 'f') {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!want)
		return cli_store(ctx, STORE_READ, err) < 0 ? -1 :
		       sample_list(ctx, stage, fmt, err);
	if (seed < 0)
		seed = (long)(time(NULL) % 1000000);
	if (cli_store(ctx, STORE_WRITE, err) < 0)
		return -1;
	return sample_draw(ctx, stage, want, (unsigned long long)seed, err);
}

const struct command cmd_sample = {
	.name = "sample",
	.summary = "Draw the pilot sample that calibrates the reviewers",
	.usage = "scopekit sample [--stage ta|ft] [--n N [--seed N]] [options]",
	.help =
	"Before screening in earnest, reviewers judge a random sample of records\n"
	"and compare (scopekit agreement --pilot): if they agree less than the\n"
	"pass mark (scopekit settings pilot-pass), they discuss the eligibility\n"
	"criteria before going on. The sample comes first in every queue.\n\n"
	"  scopekit sample --stage ta --n 25 [--seed N]\n"
	"      draw 25 records nobody has judged yet; the same seed on the same\n"
	"      store draws the same records (the seed is printed and kept)\n"
	"  scopekit sample [--stage ta]\n"
	"      list the sample\n\n"
	"Options:\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = sample_run,
};
