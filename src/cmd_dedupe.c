/*
 * scopekit dedupe: find duplicates; review, accept, reject and undo
 * merges; explain a record's cluster.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dup_sheet.h"
#include "duplicates.h"
#include "output.h"
#include "record.h"
#include "xalloc.h"
#include "banned.h"

/* ---- scopekit dedupe [options]: the run ---- */

static int
parse_threshold(const char *opt, const char *value, double *out,
		struct sk_err *err)
{
	char *end;
	double v = strtod(value, &end);

	if (end == value || *end || !(v >= 0.0 && v <= 1.0))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "%s is a score from 0 to 1, not '%s'", opt,
			       value);
	*out = v;
	return 0;
}

static void
print_run_text(FILE *f, const struct dup_options *opt,
	       const struct dup_report *r, int dry_run)
{
	long found = 0;

	for (int i = 0; i <= DD_RULE_FIELDS; i++)
		found += r->found[i];
	fprintf(f, "Compared %ld records: %ld new duplicate pairs (PMID %ld, "
		"PMCID %ld, DOI %ld, other fields %ld).\n", r->records, found,
		r->found[DD_RULE_PMID], r->found[DD_RULE_PMCID],
		r->found[DD_RULE_DOI], r->found[DD_RULE_FIELDS]);
	fprintf(f, "%s %ld pairs (score at least %.2f).\n",
		dry_run ? "Would merge" : "Merged", r->merged,
		opt->auto_threshold);
	if (r->kept)
		fprintf(f, "Left %ld pairs as judged before.\n", r->kept);
	fprintf(f, "%ld pairs await review (score %.2f to %.2f)%s\n",
		r->to_review, opt->review_threshold, opt->auto_threshold,
		r->to_review ? ": scopekit dedupe review" : ".");
	fprintf(f, "%ld clusters of duplicates; %ld duplicate records "
		"removed, %ld records left to screen.\n", r->clusters,
		r->removed, r->records - r->removed);
	if (r->conflicts)
		fprintf(f, "Warning: %ld pairs judged distinct were joined "
			"through other records: see 'scopekit dedupe "
			"explain'.\n", r->conflicts);
	if (dry_run)
		fputs("Nothing was written (--dry-run).\n", f);
}

static void
print_run_json(FILE *f, const struct dup_report *r, int dry_run)
{
	fprintf(f, "{\"records\":%ld,\"found\":{\"pmid\":%ld,\"pmcid\":%ld,"
		"\"doi\":%ld,\"fields\":%ld},\"merged\":%ld,\"kept\":%ld,"
		"\"to_review\":%ld,\"clusters\":%ld,\"removed\":%ld,"
		"\"conflicts\":%ld,\"dry_run\":%s}\n", r->records,
		r->found[DD_RULE_PMID], r->found[DD_RULE_PMCID],
		r->found[DD_RULE_DOI], r->found[DD_RULE_FIELDS], r->merged,
		r->kept, r->to_review, r->clusters, r->removed, r->conflicts,
		dry_run ? "true" : "false");
}

static int
dedupe_run(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "auto-threshold", required_argument, NULL, 'a' },
		{ "review-threshold", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct dup_options opt = { DUP_AUTO_THRESHOLD, DUP_REVIEW_THRESHOLD };
	struct dup_report rep;
	const char *format = "text";
	int c, dry_run = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'a') {
			if (parse_threshold("--auto-threshold", optarg,
					    &opt.auto_threshold, err) < 0)
				return -1;
		} else if (c == 'r') {
			if (parse_threshold("--review-threshold", optarg,
					    &opt.review_threshold, err) < 0)
				return -1;
		} else if (c == 'n') {
			dry_run = 1;
		} else if (c == 'f') {
			format = optarg;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown dedupe command '%s' (review, accept, "
			       "reject, undo, explain)", argv[optind]);
	if (strcmp(format, "text") && strcmp(format, "json"))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--format is text or json, not '%s'", format);
	if (opt.review_threshold > opt.auto_threshold)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--review-threshold (%.2f) is above "
			       "--auto-threshold (%.2f)", opt.review_threshold,
			       opt.auto_threshold);
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    dup_run(ctx->st, &opt, &rep, err) < 0)
		return -1;
	if (dry_run)
		store_rollback(ctx->st);
	if (!strcmp(format, "json"))
		print_run_json(ctx->out, &rep, dry_run);
	else
		print_run_text(ctx->out, &opt, &rep, dry_run);
	return 0;
}

/* ---- judging pairs: accept, reject, undo ---- */

/* Who judges a pair: as for screening, else the login name. */
static const char *
dedupe_reviewer(const char *option)
{
	const char *name = cli_reviewer(option);

	if (!name)
		name = getenv("USER");
	return name && *name ? name : "unknown";
}

struct judge_args {
	const char *reviewer;
	const char *note;
	long *ids;
	size_t n;
};

static int
parse_judge_args(struct cli_ctx *ctx, int argc, char **argv,
		 struct judge_args *j, const char *what, struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'm' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(j, 0, sizeof(*j));
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'r')
			j->reviewer = optarg;
		else if (c == 'm')
			j->note = optarg;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the %s", what);
	j->ids = xmalloc(sizeof(*j->ids) * (size_t)(argc - optind));
	for (int i = optind; i < argc; i++)
		if (cli_parse_long(what, argv[i], 1, &j->ids[j->n++], err) < 0)
			return -1;
	j->reviewer = dedupe_reviewer(j->reviewer);
	return 0;
}

/* The pair must exist: an error pointing at 'dedupe review' if not. */
static int
need_pair(struct store *st, long id, struct sk_err *err)
{
	int found = dup_pair_exists(st, id, err);

	if (found > 0)
		return 0;
	return found < 0 ? -1 :
	       sk_fail(err, SK_E_INPUT, NULL, 0, "there is no pair %ld "
		       "('scopekit dedupe review' lists them)", id);
}

static int
judge(struct cli_ctx *ctx, int argc, char **argv, const char *verdict,
      struct sk_err *err)
{
	struct judge_args j;
	struct dup_report rep;
	int rc = -1;

	if (parse_judge_args(ctx, argc, argv, &j, "pair number", err) < 0 ||
	    cli_store(ctx, STORE_WRITE, err) < 0)
		goto done;
	for (size_t i = 0; i < j.n; i++)
		if (need_pair(ctx->st, j.ids[i], err) < 0 ||
		    dup_decide(ctx->st, j.ids[i], verdict, "review",
			       j.reviewer, j.note, err) < 0)
			goto done;
	if (dup_rebuild(ctx->st, &rep, err) < 0)
		goto done;
	fprintf(ctx->out, "Judged %zu pairs %s (by %s). %ld clusters, %ld "
		"duplicate records removed; %ld pairs await review.\n", j.n,
		verdict, j.reviewer, rep.clusters, rep.removed, rep.to_review);
	rc = 0;
done:
	free(j.ids);
	return rc;
}

static int
dedupe_accept(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	return judge(ctx, argc, argv, "duplicate", err);
}

static int
dedupe_reject(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	return judge(ctx, argc, argv, "distinct", err);
}

static int
dedupe_undo(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	struct judge_args j;
	struct dup_report rep;
	int rc = -1;

	if (parse_judge_args(ctx, argc, argv, &j, "record id", err) < 0 ||
	    cli_store(ctx, STORE_WRITE, err) < 0)
		goto done;
	for (size_t i = 0; i < j.n; i++) {
		long pairs;

		if (dup_undo_record(ctx->st, j.ids[i], j.reviewer, &pairs,
				    err) < 0)
			goto done;
		if (!pairs) {
			sk_fail(err, SK_E_INPUT, NULL, 0,
				"record %ld is not merged with any other",
				j.ids[i]);
			goto done;
		}
		fprintf(ctx->out, "Record %ld: %ld merges undone.\n", j.ids[i],
			pairs);
	}
	if (dup_rebuild(ctx->st, &rep, err) < 0)
		goto done;
	fprintf(ctx->out, "%ld clusters, %ld duplicate records removed.\n",
		rep.clusters, rep.removed);
	rc = 0;
done:
	free(j.ids);
	return rc;
}

/* ---- listing pairs: review ---- */

/* The evidence as words: "title same +8, year differ -6". */
#define EVIDENCE_SQL(pair)                                                  \
	"((SELECT group_concat(key || ' ' || json_extract(value, '$.verdict')" \
	" || printf(' %+d', json_extract(value, '$.weight')), ', ') "       \
	"FROM json_each(" pair ".evidence) WHERE type = 'object') || "       \
	"coalesce('; ' || json_extract(" pair ".evidence, '$.limited') || "   \
	"': held for review', '') || "                                       \
	"coalesce('; ' || json_extract(" pair ".evidence, '$.raised') || "    \
	"': raised for review', ''))"

#define SIDE_SQL(r)                                                         \
	r ".id, (SELECT name FROM source WHERE id = " r ".source_id), "     \
	r ".title, (SELECT group_concat(name, '; ') FROM (SELECT name "     \
	"FROM author WHERE record_id = " r ".id ORDER BY position)), "       \
	r ".year, " r ".journal, "                                           \
	"trim(coalesce(" r ".volume, '') || coalesce('(' || " r ".issue || "  \
	"')', '') || coalesce(':' || " r ".pages, '')), " r ".doi, "       \
	r ".pmid"

/* The last two columns are left empty for a reviewer to fill in. */
enum { PAIR_COLS = 24 };

static const struct output_column pair_columns[PAIR_COLS] = {
	{ "pair", 1, 0 }, { "score", 1, 0 }, { "rule", 0, 0 },
	{ "evidence", 0, 0 },
	{ "a_id", 1, 0 }, { "a_source", 0, 0 }, { "a_title", 0, 0 },
	{ "a_authors", 0, 0 }, { "a_year", 1, 0 }, { "a_journal", 0, 0 },
	{ "a_volume_pages", 0, 0 }, { "a_doi", 0, 0 }, { "a_pmid", 0, 0 },
	{ "b_id", 1, 0 }, { "b_source", 0, 0 }, { "b_title", 0, 0 },
	{ "b_authors", 0, 0 }, { "b_year", 1, 0 }, { "b_journal", 0, 0 },
	{ "b_volume_pages", 0, 0 }, { "b_doi", 0, 0 }, { "b_pmid", 0, 0 },
	{ "decision", 0, 0 }, { "note", 0, 0 },
};

static const char pending_sql[] =
	"SELECT p.id, printf('%.3f', p.score), p.rule, " EVIDENCE_SQL("p")
	", " SIDE_SQL("ra") ", " SIDE_SQL("rb") ", NULL, NULL "
	"FROM dup_pair p JOIN record ra ON ra.id = p.a "
	"JOIN record rb ON rb.id = p.b "
	"WHERE p.id NOT IN (SELECT pair_id FROM dup_decision) "
	"ORDER BY p.score DESC, p.id LIMIT ?";

static int
terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long cols = env ? strtol(env, NULL, 10) : 0;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0
	    && ws.ws_col > 0)
		return ws.ws_col;
	return cols > 0 && cols < 1000 ? (int)cols : 100;
}

/* Bytes of the UTF-8 character at s. */
static size_t
char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	return 4;
}

/* Wrap text to lines of at most width columns, breaking at spaces. */
static void
wrap(const char *text, size_t width, struct strlist *lines)
{
	struct buf line = BUF_INIT, word = BUF_INIT;

	for (const char *p = text ? text : "—"; ; ) {
		size_t n = strcspn(p, " ");

		buf_reset(&word);
		buf_add(&word, p, n);
		if (line.len && output_width(line.data) + 1 +
				output_width(word.data) > width) {
			strlist_add(lines, line.data, line.len);
			buf_reset(&line);
		}
		/* A word wider than a line is cut. */
		while (output_width(word.data) > width) {
			size_t cut = 0;
			struct buf part = BUF_INIT;

			while (cut < word.len) {
				size_t k = char_len(word.data + cut);

				buf_add(&part, word.data + cut, k);
				if (output_width(part.data) > width) {
					buf_setlen(&part, part.len - k);
					break;
				}
				cut += k;
			}
			strlist_add(lines, part.data, part.len);
			buf_release(&part);
			memmove(word.data, word.data + cut, word.len - cut);
			buf_setlen(&word, word.len - cut);
		}
		if (line.len)
			buf_addch(&line, ' ');
		buf_add(&line, word.data, word.len);
		p += n;
		if (!*p)
			break;
		p++;
	}
	if (line.len)
		strlist_add(lines, line.data, line.len);
	buf_release(&line);
	buf_release(&word);
}

static void
print_padded(FILE *f, const char *s, size_t width)
{
	size_t w = output_width(s);

	fputs(s, f);
	while (w++ < width)
		fputc(' ', f);
}

static void
print_side_by_side(FILE *f, const char *label, const char *left,
		   const char *right, size_t width)
{
	struct strlist l = { NULL, 0, 0 }, r = { NULL, 0, 0 };
	size_t rows;

	wrap(left, width, &l);
	wrap(right, width, &r);
	rows = l.n > r.n ? l.n : r.n;
	for (size_t i = 0; i < rows; i++) {
		print_padded(f, i ? "" : label, 9);
		print_padded(f, i < l.n ? l.v[i] : "", width);
		fputs("  ", f);
		fputs(i < r.n ? r.v[i] : "", f);
		fputc('\n', f);
	}
	strlist_release(&l);
	strlist_release(&r);
}

static void
print_pair_text(FILE *f, const char *const *c, size_t width)
{
	static const char *const labels[] = { "title", "authors", "year",
					      "journal", "vol:pages", "doi",
					      "pmid" };
	char head[2][128];

	fprintf(f, "pair %s  score %s  found by %s\n  %s\n", c[0], c[1], c[2],
		c[3] ? c[3] : "");
	for (int s = 0; s < 2; s++)
		snprintf(head[s], sizeof(head[s]), "record %s · %s",
			 c[4 + 9 * s], c[5 + 9 * s] ? c[5 + 9 * s] : "");
	print_side_by_side(f, "", head[0], head[1], width);
	for (int i = 0; i < 7; i++)
		print_side_by_side(f, labels[i], c[6 + i], c[15 + i], width);
	fputc('\n', f);
}

/* dedupe review --from FILE: the judgements of a filled-in sheet. */
static int
review_from(struct cli_ctx *ctx, const char *path, const char *reviewer,
	    struct sk_err *err)
{
	struct dup_sheet_counts n;
	struct dup_report rep;

	reviewer = dedupe_reviewer(reviewer);
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    dup_sheet_apply(ctx->st, path, reviewer, &n, err) < 0 ||
	    dup_rebuild(ctx->st, &rep, err) < 0)
		return -1;
	fprintf(ctx->out, "Judged %ld pairs duplicate and %ld distinct (by %s); "
		"%ld rows left undecided. %ld clusters, %ld duplicate records "
		"removed; %ld pairs await review.\n", n.duplicate, n.distinct,
		reviewer, n.skipped, rep.clusters, rep.removed, rep.to_review);
	return 0;
}

static int
dedupe_review(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'l' },
		{ "from", required_argument, NULL, 'F' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *reviewer = NULL;
	enum output_format fmt = OUTPUT_TABLE;
	int c, text = 1, row, n = 0;
	long limit = -1;
	size_t width;
	struct output *o = NULL;
	sqlite3_stmt *s;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			text = !strcmp(optarg, "text");
			if (!text && (output_format_parse(optarg, &fmt) < 0 ||
				      fmt == OUTPUT_TABLE))
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--format is text, csv, tsv or "
					       "json, not '%s'", optarg);
		} else if (c == 'l') {
			if (cli_parse_long("--limit", optarg, 1, &limit,
					   err) < 0)
				return -1;
		} else if (c == 'F') {
			from = optarg;
		} else if (c == 'r') {
			reviewer = optarg;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (from)
		return review_from(ctx, from, reviewer, err);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    store_prepare(ctx->st, &s, pending_sql, err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, limit);
	width = (size_t)(terminal_width() - 11) / 2;
	width = width < 30 ? 30 : width > 60 ? 60 : width;
	if (!text)
		o = output_new(ctx->out, fmt, pair_columns, PAIR_COLS);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[PAIR_COLS];

		for (int i = 0; i < PAIR_COLS; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i);
		if (text)
			print_pair_text(ctx->out, cells, width);
		else
			output_row(o, cells);
		n++;
	}
	sqlite3_finalize(s);
	if (o && output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	if (row != SQLITE_DONE)
		return store_fail(ctx->st, err, "reading the pairs");
	if (text && !n)
		fputs("No pairs await review.\n", ctx->out);
	else if (text)
		fputs("Judge them with 'scopekit dedupe accept PAIR...' (one "
		      "article) or 'scopekit dedupe reject PAIR...' (different "
		      "articles).\n", ctx->out);
	return 0;
}

/* ---- explain ---- */

static int
record_cluster(struct store *st, long id, long long *canonical, int *size,
	       struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s,
			  "SELECT r.id, coalesce(m.canonical, r.id), "
			  "(SELECT count(*) FROM dup_member n "
			  " WHERE n.canonical = m.canonical) "
			  "FROM record r LEFT JOIN dup_member m "
			  "ON m.record_id = r.id WHERE r.id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*canonical = sqlite3_column_int64(s, 1);
		*size = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return sk_fail(err, SK_E_INPUT, NULL, 0,
			       "there is no record %ld ('scopekit records' "
			       "lists them)", id);
	return rc == SQLITE_ROW ? 0 : store_fail(st, err, "reading a record");
}

static int
explain_members(FILE *f, struct store *st, long long canonical, long id,
		struct sk_err *err)
{
	sqlite3_stmt *s;
	int row;

	if (store_prepare(st, &s,
			  "SELECT r.id, s.name, r.year, r.title FROM record r "
			  "JOIN source s ON s.id = r.source_id WHERE r.id = ?1 "
			  "OR r.id IN (SELECT record_id FROM dup_member "
			  "WHERE canonical = ?1) ORDER BY r.id", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, canonical);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		long long rid = sqlite3_column_int64(s, 0);

		fprintf(f, "  %c %-7lld %-20s %-4s  %s\n",
			rid == canonical ? '*' : rid == id ? '>' : ' ', rid,
			sqlite3_column_text(s, 1),
			sqlite3_column_text(s, 2) ?
				(const char *)sqlite3_column_text(s, 2) : "",
			sqlite3_column_text(s, 3) ?
				(const char *)sqlite3_column_text(s, 3) : "");
	}
	sqlite3_finalize(s);
	return row == SQLITE_DONE ? 0 : store_fail(st, err, "reading records");
}

static int
explain_pairs(FILE *f, struct store *st, long long canonical, long id,
	      struct sk_err *err)
{
	sqlite3_stmt *s;
	int row, n = 0;

	if (store_prepare(st, &s,
			  "WITH members AS (SELECT ?2 AS id UNION SELECT "
			  "record_id FROM dup_member WHERE canonical = ?1) "
			  "SELECT p.id, p.a, p.b, p.rule, printf('%.3f', "
			  "p.score), " EVIDENCE_SQL("p") ", "
			  "(SELECT group_concat(verdict || ' (' || method || "
			  "coalesce(', ' || reviewer, '') || ', ' || decided_at "
			  "|| coalesce(': ' || note, '') || ')', ' then ') "
			  " FROM (SELECT * FROM dup_decision WHERE pair_id = p.id "
			  " ORDER BY decided_at, coalesce(origin, ''), id)) "
			  "FROM dup_pair p WHERE p.a IN members "
			  "OR p.b IN members ORDER BY p.id", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, canonical);
	sqlite3_bind_int64(s, 2, id);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *history = (const char *)sqlite3_column_text(s, 6);

		if (!n++)
			fputs("Pairs:\n", f);
		fprintf(f, "  pair %lld: %lld and %lld, found by %s, score %s: "
			"%s\n    %s\n", sqlite3_column_int64(s, 0),
			sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
			sqlite3_column_text(s, 3), sqlite3_column_text(s, 4),
			history ? history : "awaiting review",
			sqlite3_column_text(s, 5));
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the pairs");
	if (!n)
		fputs("No pair of records was found alike.\n", f);
	return 0;
}

static int
dedupe_explain(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	long long canonical = 0;
	long id;
	int c, size = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1)
		if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give one record id");
	if (cli_parse_long("the record id", argv[optind], 1, &id, err) < 0 ||
	    cli_store(ctx, STORE_READ, err) < 0 ||
	    record_cluster(ctx->st, id, &canonical, &size, err) < 0)
		return -1;
	if (size)
		fprintf(ctx->out, "Record %ld is one of %d duplicate records; "
			"record %lld (*) is the one screened.\n", id, size,
			canonical);
	else
		fprintf(ctx->out, "Record %ld has no duplicate.\n", id);
	if (explain_members(ctx->out, ctx->st, canonical, id, err) < 0)
		return -1;
	return explain_pairs(ctx->out, ctx->st, canonical, id, err);
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} dedupe_commands[] = {
	{ "review", dedupe_review },
	{ "accept", dedupe_accept },
	{ "reject", dedupe_reject },
	{ "undo", dedupe_undo },
	{ "explain", dedupe_explain },
};

static int
dedupe_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	if (argc > 1)
		for (size_t i = 0;
		     i < sizeof(dedupe_commands) / sizeof(*dedupe_commands); i++)
			if (!strcmp(argv[1], dedupe_commands[i].name))
				return dedupe_commands[i].run(ctx, argc - 1,
							      argv + 1, err);
	return dedupe_run(ctx, argc, argv, err);
}

const struct command cmd_dedupe = {
	.name = "dedupe",
	.summary = "Find duplicate records; review, accept and undo merges",
	.usage = "scopekit dedupe [review|accept|reject|undo|explain] [options]",
	.help =
	"Finds the records that are one article, imported from several\n"
	"databases. Nothing is deleted: duplicates are grouped in clusters, and\n"
	"only the most complete record of each cluster is screened. Every pair\n"
	"found is kept with its evidence, and every merge with how it was made.\n\n"
	"Pairs are found by a shared PMID, PMCID or DOI, and by comparing title,\n"
	"authors, year, journal, volume, issue and pages. Each field that agrees\n"
	"adds to the pair's score (0 to 1), each that differs takes away; an\n"
	"erratum, retraction notice or comment is never merged with its\n"
	"article, nor a conference abstract with the full article on other\n"
	"pages. Pairs scoring at least the automatic threshold are merged;\n"
	"pairs between the two thresholds wait for a person to judge them, as\n"
	"do all pairs with the same long title and authors within a year.\n\n"
	"  scopekit dedupe [--dry-run] [--auto-threshold X] [--review-threshold Y]\n"
	"      find and merge; run it again after importing more records\n"
	"  scopekit dedupe review [--format text|csv|tsv|json] [--limit N]\n"
	"      the pairs awaiting a judgement, side by side\n"
	"  scopekit dedupe review --from FILE.csv [--reviewer NAME]\n"
	"      judge many pairs at once: fill in the decision column (duplicate\n"
	"      or distinct; yes or no) of the CSV that --format csv wrote\n"
	"  scopekit dedupe accept PAIR... [--reviewer NAME] [--note TEXT]\n"
	"      these pairs are one article: merge them\n"
	"  scopekit dedupe reject PAIR... [--reviewer NAME] [--note TEXT]\n"
	"      these pairs are different articles: never merge them\n"
	"  scopekit dedupe undo RECORD... [--reviewer NAME]\n"
	"      take records out of their clusters\n"
	"  scopekit dedupe explain RECORD\n"
	"      a record's cluster: its members and how each was joined\n\n"
	"Options:\n"
	"  --auto-threshold X    merge pairs scoring at least X (default 0.95)\n"
	"  --review-threshold Y  keep pairs scoring at least Y for review\n"
	"                        (default 0.50); lower ones are not kept\n"
	"  --dry-run             report what would be merged, write nothing\n"
	"  --format F            text (default) or json for the summary\n"
	"  --reviewer NAME       who judges (default $SCOPEKIT_REVIEWER, else\n"
	"                        the login name)\n\n"
	"Judgements are kept: a pair judged once is not judged again by a later\n"
	"run, and 'scopekit dedupe explain' shows every judgement made.\n",
	.run = dedupe_cmd,
};
