/*
 * scopekit simulate: how much screening prioritisation would have saved
 * on records already labelled (a CSV, or a finished review's store):
 * work saved over sampling, recall after 10%, time to discovery.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "recall_svg.h"
#include "screen.h"
#include "simulate.h"
#include "terms.h"
#include "xalloc.h"
#include "banned.h"

#define OPT_LABEL 1
#define OPT_MODEL 2
#define OPT_SEED 3
#define OPT_RUNS 4
#define OPT_PLOT 5
#define OPT_STORE 6
#define OPT_KEYWORDS 7
#define OPT_LABELLED 8
#define OPT_MAX_STEPS 9
#define OPT_COST 10
#define OPT_RATIO 11

struct sim_opts {
	const char *file, *plot;
	struct sim_read_options read;
	struct rank_params model;
	long seed, runs;
	struct sim_limits lim;
	int store, json;
	enum output_format fmt;
};

/* The default model: the one that measured best (docs/BENCHMARKS.md). */
#define SIM_DEFAULT_MODEL RANK_SVM

static int
parse_model(const char *name, struct rank_params *p, struct sk_err *err)
{
	enum rank_kind k;

	if (rank_kind_parse(name, &k) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--model is svm, "
			       "logistic or nb, not '%s'", name);
	rank_params_default(k, p);
	return 0;
}

static int
parse_format(const char *value, struct sim_opts *o, struct sk_err *err)
{
	o->json = !strcmp(value, "json");
	if (o->json)
		return 0;
	if (output_format_parse(value, &o->fmt) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--format is table, "
			       "csv, tsv or json, not '%s'", value);
	return 0;
}

static int
parse_share(const char *value, struct sim_limits *lim, struct sk_err *err)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end || !(v >= 0.0 && v < 1.0))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--labelled is a "
			       "share from 0 to below 1, not '%s'", value);
	lim->labelled = v;
	return 0;
}

static int
parse_positive(const char *opt, const char *value, double *out,
	       struct sk_err *err)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end || !(v > 0.0 && v < 1e6))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "%s is a number "
			       "above 0, not '%s'", opt, value);
	*out = v;
	return 0;
}

static int
parse_options(struct cli_ctx *ctx, int argc, char **argv, struct sim_opts *o,
	      struct sk_err *err)
{
	static const struct option options[] = {
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "runs", required_argument, NULL, OPT_RUNS },
		{ "format", required_argument, NULL, 'f' },
		{ "plot", required_argument, NULL, OPT_PLOT },
		{ "store", no_argument, NULL, OPT_STORE },
		{ "keywords", no_argument, NULL, OPT_KEYWORDS },
		{ "cost", required_argument, NULL, OPT_COST },
		{ "ratio", required_argument, NULL, OPT_RATIO },
		{ "labelled", required_argument, NULL, OPT_LABELLED },
		{ "max-steps", required_argument, NULL, OPT_MAX_STEPS },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct tfidf_options tf = TFIDF_OPTIONS_DEFAULT;
	double cost = 0.0, ratio = 0.0;
	long steps = 0;
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->read.label = "label_included";
	o->read.keywords = 0;
	o->read.tfidf = tf;
	o->runs = 1;
	o->fmt = OUTPUT_TABLE;
	rank_params_default(SIM_DEFAULT_MODEL, &o->model);
	while (rc == 0 &&
	       (c = getopt_long(argc, argv, ":f:", options, NULL)) != -1) {
		switch (c) {
		case OPT_LABEL: o->read.label = optarg; break;
		case OPT_MODEL: rc = parse_model(optarg, &o->model, err); break;
		case OPT_SEED:
			rc = cli_parse_long("--seed", optarg, 0, &o->seed, err);
			break;
		case OPT_RUNS:
			rc = cli_parse_long("--runs", optarg, 1, &o->runs, err);
			break;
		case 'f': rc = parse_format(optarg, o, err); break;
		case OPT_PLOT: o->plot = optarg; break;
		case OPT_STORE: o->store = 1; break;
		case OPT_KEYWORDS: o->read.keywords = 1; break;
		case OPT_COST: rc = parse_positive("--cost", optarg, &cost, err);
			break;
		case OPT_RATIO:
			rc = parse_positive("--ratio", optarg, &ratio, err);
			break;
		case OPT_LABELLED: rc = parse_share(optarg, &o->lim, err); break;
		case OPT_MAX_STEPS:
			rc = cli_parse_long("--max-steps", optarg, 1, &steps,
					    err);
			o->lim.max_steps = (size_t)steps;
			break;
		default: rc = cli_common_option(ctx, c, argv, err);
		}
	}
	if (rc < 0)
		return -1;
	/* after the loop: --model sets every default, whatever the order */
	if (cost > 0.0)
		o->model.c = cost;
	if (ratio > 0.0)
		o->model.ratio = ratio;
	if (o->seed > 0xffffffffL || o->runs > 1000 ||
	    o->seed + o->runs - 1 > 0xffffffffL)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "seeds go up to "
			       "4294967295 and runs up to 1000");
	if (o->store == (optind < argc))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give one labelled "
			       "CSV file, or --store for the review's own "
			       "title and abstract decisions");
	if (optind + 1 < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind + 1]);
	o->file = o->store ? NULL : argv[optind];
	return 0;
}

/* ---- a finished review's store as a labelled set ---- */

struct store_set {
	long long *ids;		/* screening units, in id order */
	unsigned char *relevant;
	size_t n, cap;
};

static void
store_set_release(struct store_set *s)
{
	free(s->ids);
	free(s->relevant);
}

/*
 * Every record screened at title and abstract whose outcome is decided
 * (agreed or settled), labelled by that outcome, in imported order.
 */
static int
store_labels(struct store *st, struct store_set *set, struct sk_err *err)
{
	struct screen_state ss;
	size_t icap = 0;

	memset(set, 0, sizeof(*set));
	if (screen_state_load(st, &ss, err) < 0)
		return -1;
	for (size_t i = 0; i < ss.n; i++) {
		const struct unit_state *u = &ss.units[i];

		if (!unit_at_stage(u, STAGE_TA) || !unit_decided(u, STAGE_TA))
			continue;
		set->ids = xgrow(set->ids, &icap, set->n + 1,
				 sizeof(*set->ids));
		set->relevant = xgrow(set->relevant, &set->cap, set->n + 1, 1);
		set->ids[set->n] = u->unit;
		set->relevant[set->n++] =
			u->out[STAGE_TA].final == VERDICT_INCLUDE;
	}
	screen_state_release(&ss);
	return 0;
}

static char *
dup_col(sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);

	return v ? xstrdup(v) : NULL;
}

/*
 * With keywords: the texts, read again (the store keeps the counts of
 * title and abstract only).
 */
static int
store_texts(struct store *st, const struct store_set *set,
	    const struct sim_read_options *o, struct sim_data *d,
	    struct sk_err *err)
{
	char **texts = xcalloc(3 * set->n + 1, sizeof(*texts));
	sqlite3_stmt *s;
	int row = SQLITE_DONE, rc;

	rc = store_prepare(st, &s, "SELECT title, abstract, keywords FROM "
			   "record WHERE id = ?", err);
	for (size_t i = 0; rc == 0 && i < set->n; i++) {
		sqlite3_bind_int64(s, 1, set->ids[i]);
		if ((row = sqlite3_step(s)) != SQLITE_ROW)
			break;
		for (int k = 0; k < 3; k++)
			texts[3 * i + (size_t)k] = dup_col(s, k);
		sqlite3_reset(s);
		row = SQLITE_DONE;
	}
	sqlite3_finalize(s);
	if (rc == 0 && row != SQLITE_DONE)
		rc = store_fail(st, err, "reading records");
	if (rc == 0)
		rc = sim_data_from(d, (const char *const *)texts, 3,
				   set->relevant, set->n, &o->tfidf, err);
	for (size_t i = 0; i < 3 * set->n; i++)
		free(texts[i]);
	free(texts);
	return rc;
}

static int
load_data(struct cli_ctx *ctx, const struct sim_opts *o, struct sim_data *d,
	  struct sk_err *err)
{
	struct store_set set;
	struct tfidf x;
	int rc;

	if (!o->store)
		return sim_data_read_csv(d, o->file, &o->read, err);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_labels(ctx->st, &set, err) < 0)
		return -1;
	if (!set.n)
		rc = sk_fail(err, SK_E_INPUT, NULL, 0, "no record of this "
			     "review is decided at title and abstract yet");
	else if (o->read.keywords)
		rc = store_texts(ctx->st, &set, &o->read, d, err);
	else if ((rc = terms_tfidf(ctx->st, set.ids, set.n, &o->read.tfidf,
				   &x, NULL, err)) == 0)
		rc = sim_data_take(d, &x, set.relevant, err);
	store_set_release(&set);
	return rc;
}

/* ---- output ---- */

static const struct output_column columns[] = {
	{ "seed", 1, 0 }, { "wss95", 1, 0 }, { "wss100", 1, 0 },
	{ "rrf10", 1, 0 }, { "atd", 1, 0 }, { "n95", 1, 0 },
	{ "n100", 1, 0 }, { "step_ms", 1, 0 },
};
#define NCOLS (sizeof(columns) / sizeof(*columns))

/*
 * The metrics as a row of cells; seed NULL for the median row. A run cut
 * short (--max-steps, --labelled) has a time but no metrics: "".
 */
static void
cells_of(const struct sim_metrics *m, double n95, double n100, double step,
	 const char *seed, int complete, char v[NCOLS][32])
{
	snprintf(v[0], 32, "%s", seed ? seed : "median");
	snprintf(v[1], 32, "%.4f", m->wss95);
	snprintf(v[2], 32, "%.4f", m->wss100);
	snprintf(v[3], 32, "%.4f", m->rrf10);
	snprintf(v[4], 32, "%.4f", m->atd);
	snprintf(v[5], 32, "%g", n95);
	snprintf(v[6], 32, "%g", n100);
	snprintf(v[7], 32, "%.3f", step);
	for (size_t k = 1; !complete && k < 7; k++)
		v[k][0] = '\0';
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of field k of the runs' values. */
static double
median_of(double *vals, size_t n)
{
	qsort(vals, n, sizeof(*vals), cmp_double);
	return n % 2 ? vals[n / 2] : (vals[n / 2 - 1] + vals[n / 2]) / 2.0;
}

struct result {
	struct sim_run *runs;
	struct sim_metrics *m;
	size_t n;
	struct sim_metrics med;
	double med_n95, med_n100, med_step;
	int complete;		/* every run found every relevant record */
};

static void
result_median(struct result *r)
{
	double *v = xmalloc(r->n * sizeof(*v));

#define MEDIAN(dst, expr)                                    \
	do {                                                 \
		for (size_t i = 0; i < r->n; i++)            \
			v[i] = (expr);                       \
		dst = median_of(v, r->n);                    \
	} while (0)
	MEDIAN(r->med.wss95, r->m[i].wss95);
	MEDIAN(r->med.wss100, r->m[i].wss100);
	MEDIAN(r->med.rrf10, r->m[i].rrf10);
	MEDIAN(r->med.atd, r->m[i].atd);
	MEDIAN(r->med_n95, (double)r->m[i].n95);
	MEDIAN(r->med_n100, (double)r->m[i].n100);
	MEDIAN(r->med_step, r->runs[i].step_ms);
#undef MEDIAN
	free(v);
}

static void
json_object(FILE *f, char v[NCOLS][32], int with_seed)
{
	fputc('{', f);
	for (size_t k = with_seed ? 0 : 1; k < NCOLS; k++)
		fprintf(f, "%s\"%s\": %s", k > (with_seed ? 0u : 1u) ? ", " :
			"", columns[k].name, v[k][0] ? v[k] : "null");
	fputc('}', f);
}

static int
write_result(FILE *f, const struct sim_opts *o, const struct result *r)
{
	char v[NCOLS][32], seed[32];
	const char *cells[NCOLS];
	struct output *out = NULL;

	if (o->json)
		fputs("{\"runs\": [", f);
	else
		out = output_new(f, o->fmt, columns, NCOLS);
	for (size_t i = 0; i < r->n; i++) {
		snprintf(seed, sizeof(seed), "%u", r->runs[i].seed);
		cells_of(&r->m[i], (double)r->m[i].n95, (double)r->m[i].n100,
			 r->runs[i].step_ms, seed, r->complete, v);
		for (size_t k = 0; k < NCOLS; k++)
			cells[k] = v[k][0] ? v[k] : NULL;
		if (o->json) {
			fputs(i ? ", " : "", f);
			json_object(f, v, 1);
		} else {
			output_row(out, cells);
		}
	}
	cells_of(&r->med, r->med_n95, r->med_n100, r->med_step, NULL,
		 r->complete, v);
	for (size_t k = 0; k < NCOLS; k++)
		cells[k] = v[k][0] ? v[k] : NULL;
	if (!o->json) {
		if (r->n > 1)
			output_row(out, cells);
		return output_finish(out);
	}
	fputs("], \"median\": ", f);
	json_object(f, v, 0);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int
write_plot(struct cli_ctx *ctx, const struct sim_opts *o,
	   const struct sim_data *d, const struct result *r,
	   struct sk_err *err)
{
	struct buf title = BUF_INIT, caption = BUF_INIT;
	size_t N = d->x.nrows - 2, R = d->nrelevant - 1;
	FILE *f;
	int rc;

	if (!(f = cli_open_output(ctx, o->plot, err)))
		return -1;
	buf_addf(&title, "Recall by records screened: %s",
		 o->file ? base_name(o->file) : "the review's title and "
		 "abstract decisions");
	buf_addf(&caption, "model %s; %zu records and %zu relevant after "
		 "the two that start each run; median WSS@95 %.1f%%",
		 rank_kind_name(o->model.kind), N, R, 100.0 * r->med.wss95);
	rc = recall_svg_write(f, r->runs, r->n, N, R, title.data,
			      caption.data);
	if (rc < 0)
		sk_fail(err, SK_E_IO, o->plot, 0, "cannot write the plot");
	buf_release(&title);
	buf_release(&caption);
	return cli_close_output(ctx, f, o->plot, rc, err);
}

static int
simulate_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	struct sim_opts o;
	struct sim_data d;
	struct result r;
	int rc = 0;

	if (parse_options(ctx, argc, argv, &o, err) < 0 ||
	    load_data(ctx, &o, &d, err) < 0)
		return -1;
	memset(&r, 0, sizeof(r));
	r.runs = xcalloc((size_t)o.runs, sizeof(*r.runs));
	r.m = xcalloc((size_t)o.runs, sizeof(*r.m));
	for (long i = 0; i < o.runs && rc == 0; i++) {
		rc = sim_run(&d, &o.model, (unsigned)(o.seed + i), &o.lim,
			     &r.runs[i], err);
		r.complete = i == 0 ? 1 : r.complete;
		if (rc == 0 && r.runs[i].nfound != d.nrelevant - 1)
			r.complete = 0;
		else if (rc == 0)
			sim_metrics(r.runs[i].found_at, r.runs[i].nfound,
				    d.x.nrows - 2, &r.m[i]);
		r.n += rc == 0;
	}
	if (rc == 0) {
		result_median(&r);
		if (write_result(ctx->out, &o, &r) < 0)
			rc = sk_fail(err, SK_E_IO, NULL, 0,
				     "cannot write the results");
	}
	if (rc == 0 && o.plot && !r.complete)
		rc = sk_fail(err, SK_E_USAGE, NULL, 0, "--plot draws whole "
			     "runs, not runs cut short");
	if (rc == 0 && o.plot)
		rc = write_plot(ctx, &o, &d, &r, err);
	for (size_t i = 0; i < r.n; i++)
		sim_run_release(&r.runs[i]);
	free(r.runs);
	free(r.m);
	sim_data_release(&d);
	return rc;
}

const struct command cmd_simulate = {
	.name = "simulate",
	.summary = "Measure prioritised screening on records already labelled",
	.usage = "scopekit simulate FILE.csv|--store [options]",
	.help =
	"Replays title and abstract screening on records whose answers are\n"
	"known, the way methods papers evaluate prioritised screening: start\n"
	"from one relevant and one irrelevant record (drawn from the seed),\n"
	"retrain the model after every judgement, always show the record it\n"
	"ranks highest, and go on until every relevant record is found. It\n"
	"tells how much reading the ranking would have saved.\n\n"
	"FILE.csv has a header row with a 'title' column, optional 'abstract'\n"
	"and 'keywords' columns, and a label column (default label_included)\n"
	"holding 1 for relevant and 0 for irrelevant in every row: the shape\n"
	"of ASReview's labelled datasets. --store uses this review instead:\n"
	"the records decided at title and abstract, labelled by the decision,\n"
	"with the words of their titles and abstracts as the store keeps them\n"
	"for the ranking (--keywords reads the texts again).\n\n"
	"What it reports, per run and as the median over runs (fractions,\n"
	"counted on the records after the two that start the run):\n"
	"  wss95, wss100  work saved over sampling at 95% and 100% recall:\n"
	"                 the share of records you would not have had to read,\n"
	"                 minus what reading in random order saves\n"
	"  rrf10          share of the relevant records found after reading\n"
	"                 10% of the records\n"
	"  atd            average time to discovery: the mean share of the\n"
	"                 records read when each relevant record is found\n"
	"  n95, n100      records read to find 95% and all of the relevant\n"
	"  step_ms        median time to retrain the model and rank the rest\n"
	"WSS is Cohen et al.'s (J Am Med Inform Assoc 2006), taken where the\n"
	"recall first reaches 95%; ATD is Ferdinands et al.'s (Syst Rev 2023).\n\n"
	"Options:\n"
	"  --label COLUMN      the label column (default label_included)\n"
	"  --model M           svm (default: linear SVM), logistic (logistic\n"
	"                      regression) or nb (naive Bayes)\n"
	"  --seed N            the first run's seed (default 0)\n"
	"  --runs K            runs with seeds N, N+1, ... (default 1)\n"
	"  --keywords          add the keywords column to title and abstract\n"
	"                      (measured worse on the one labelled set that\n"
	"                      has keywords)\n"
	"  --cost C, --ratio R the model's settings, for methods work: the\n"
	"                      cost of errors (svm 0.08, logistic 1) and how\n"
	"                      many times the relevant class weighs the\n"
	"                      irrelevant one in all (svm 40, logistic 9.8,\n"
	"                      nb 1.2)\n"
	"  -f, --format FMT    table (default), csv, tsv or json\n"
	"  --plot FILE.svg     draw the recall curves against random order\n"
	"                      (never over an existing file)\n"
	"  --store             the review's own decisions instead of a file\n"
	"  --labelled SHARE    for timing: label this share of the records\n"
	"                      at random before the first step\n"
	"  --max-steps N       for timing: stop after N steps (metrics are\n"
	"                      left out of runs cut short)\n\n"
	"Examples:\n"
	"  scopekit simulate cohen2006_ADHD.csv --runs 5\n"
	"  scopekit simulate labelled.csv --model nb --plot recall.svg\n",
	.run = simulate_cmd,
};
