/*
 * scopekit rules: automation rules that mark records ineligible before
 * screening (by year, language, publication type or pattern): list, add,
 * remove, and show what a rule hits.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "rules.h"
#include "xalloc.h"
#include "banned.h"

static int
parse_format(const char *value, enum output_format *fmt, struct sk_err *err)
{
	if (output_format_parse(value, fmt) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--format is table, "
			       "csv, tsv or json, not '%s'", value);
	return 0;
}

/* ---- scopekit rules [list]: the rules and their counts ---- */

static int
rules_print(FILE *f, enum output_format fmt, const struct rule_info *v,
	    size_t n)
{
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "kind", 0, 0 }, { "rule", 0, 50 },
		{ "records", 1, 0 }, { "articles", 1, 0 },
		{ "added_by", 0, 16 }, { "added_at", 0, 0 },
		{ "removed_at", 0, 0 },
	};
	struct output *o = output_new(f, fmt, cols, 8);

	for (size_t i = 0; i < n; i++) {
		char num[3][24];
		const char *cells[8];

		snprintf(num[0], sizeof(num[0]), "%lld", v[i].id);
		snprintf(num[1], sizeof(num[1]), "%ld", v[i].records);
		snprintf(num[2], sizeof(num[2]), "%ld", v[i].units);
		cells[0] = num[0];
		cells[1] = v[i].kind;
		cells[2] = v[i].label;
		cells[3] = num[1];
		cells[4] = num[2];
		cells[5] = v[i].created_by;
		cells[6] = v[i].created_at;
		cells[7] = v[i].removed_at;
		output_row(o, cells);
	}
	return output_finish(o);
}

static int
rules_list_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct rule_info *v;
	size_t n;
	int c, all = 0, rc;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'a') {
			all = 1;
		} else if (c == 'f') {
			if (parse_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unknown rules command '%s' (list, add, remove, "
			       "show)", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    rules_list(ctx->st, all, &v, &n, err) < 0)
		return -1;
	rc = rules_print(ctx->out, fmt, v, n);
	rules_list_free(v, n);
	if (rc < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	return 0;
}

/* ---- scopekit rules add ---- */

struct add_args {
	struct rule_add a;
	const char *kind_option;	/* the option that gave the kind */
	const char *field;
	const char *reviewer;
};

/* Take the kind and value of one of --year, --language... */
static int
set_kind(struct add_args *args, enum rule_kind kind, const char *option,
	 const char *value, struct sk_err *err)
{
	if (args->kind_option && !strcmp(args->kind_option, option))
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give %s once; list "
			       "several values in one, separated by commas",
			       option);
	if (args->kind_option)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "one rule at a time: "
			       "give %s or %s, not both", args->kind_option,
			       option);
	args->kind_option = option;
	args->a.kind = kind;
	args->a.value = value;
	return 0;
}

static int
parse_add(struct cli_ctx *ctx, int argc, char **argv, struct add_args *args,
	  struct sk_err *err)
{
	static const struct option options[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "language", required_argument, NULL, 'l' },
		{ "pubtype", required_argument, NULL, 't' },
		{ "pattern", required_argument, NULL, 'p' },
		{ "field", required_argument, NULL, 'F' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "reviewer", required_argument, NULL, 'r' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	memset(args, 0, sizeof(*args));
	while (rc == 0 &&
	       (c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'y':
			rc = set_kind(args, RULE_YEAR, "--year", optarg, err);
			break;
		case 'l':
			rc = set_kind(args, RULE_LANGUAGE, "--language", optarg,
				      err);
			break;
		case 't':
			rc = set_kind(args, RULE_PUBTYPE, "--pubtype", optarg,
				      err);
			break;
		case 'p':
			rc = set_kind(args, RULE_PATTERN, "--pattern", optarg,
				      err);
			break;
		case 'F': args->field = optarg; break;
		case 'n': args->a.dry_run = 1; break;
		case 'r': args->reviewer = optarg; break;
		default: rc = cli_common_option(ctx, c, argv, err);
		}
	}
	if (rc < 0)
		return -1;
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (!args->kind_option)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say what the rule "
			       "marks ineligible: --year, --language, "
			       "--pubtype or --pattern");
	if (args->field && args->a.kind != RULE_PATTERN)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--field goes with --pattern only");
	if (args->field && rule_field_parse(args->field, &args->a.field) < 0)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "--field is title, "
			       "abstract or any (title or abstract), not '%s'",
			       args->field);
	args->a.created_by = cli_reviewer(args->reviewer);
	return 0;
}

static void
print_added(FILE *f, const struct add_args *args, long long id,
	    const char *label, const struct rule_counts *c)
{
	int dry = args->a.dry_run;

	if (dry)
		fprintf(f, "Rule (not added): %s.\n", label);
	else
		fprintf(f, "Added rule %lld: %s.\n", id, label);
	fprintf(f, "Records %s ineligible: %ld (%ld articles to screen, "
		"duplicates counted once; %ld of them not marked by another "
		"rule).\n", dry ? "it would mark" : "it marks", c->records,
		c->units, c->only);
	if (c->unsure)
		fprintf(f, "Records naming a language scopekit does not "
			"recognise, not marked: %ld.\n", c->unsure);
	if (c->judged)
		fprintf(f, "Note: %ld of these articles have judgements "
			"already; they are kept, and count again if the rule "
			"is removed.\n", c->judged);
	fprintf(f, "Articles marked ineligible by all the rules%s: %ld.\n",
		dry ? ", with this one" : "", c->total);
	if (dry)
		fputs("Nothing was written (--dry-run).\n", f);
}

static int
rules_add_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	struct add_args args;
	struct rule_counts c;
	struct rule r;
	long long id;

	if (parse_add(ctx, argc, argv, &args, err) < 0)
		return -1;
	/* Check the value before opening the store: a typo is a usage error. */
	if (rule_parse(&r, args.a.kind, args.a.value, args.a.field, err) < 0) {
		rule_release(&r);
		return -1;
	}
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    rules_add(ctx->st, &args.a, &id, &c, err) < 0) {
		rule_release(&r);
		return -1;
	}
	print_added(ctx->out, &args, id, r.label, &c);
	rule_release(&r);
	return 0;
}

/* ---- scopekit rules remove ---- */

static int
parse_ids(struct cli_ctx *ctx, int argc, char **argv, long **ids, size_t *n,
	  struct sk_err *err)
{
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*ids = NULL;
	*n = 0;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1)
		if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the rule numbers "
			       "('scopekit rules' lists them)");
	*ids = xmalloc(sizeof(**ids) * (size_t)(argc - optind));
	for (int i = optind; i < argc; i++)
		if (cli_parse_long("the rule number", argv[i], 1,
				   &(*ids)[(*n)++], err) < 0)
			return -1;
	return 0;
}

static int
rules_remove_cmd(struct cli_ctx *ctx, int argc, char **argv,
		 struct sk_err *err)
{
	struct rule_counts c;
	struct rule_info *info;
	long *ids;
	size_t n;
	int rc = -1;

	if (parse_ids(ctx, argc, argv, &ids, &n, err) < 0 ||
	    cli_store(ctx, STORE_WRITE, err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		if (rules_get(ctx->st, ids[i], &info, err) < 0)
			goto done;
		if (rules_remove(ctx->st, ids[i], &c, err) < 0) {
			rules_list_free(info, 1);
			goto done;
		}
		fprintf(ctx->out, "Removed rule %ld: %s. Articles back to "
			"screening: %ld.\n", ids[i], info->label, c.only);
		rules_list_free(info, 1);
	}
	fprintf(ctx->out, "Articles marked ineligible by all the rules: %ld.\n",
		c.total);
	rc = 0;
done:
	free(ids);
	return rc;
}

/* ---- scopekit rules show ID: the records a rule hits ---- */

static int
show_hits(struct cli_ctx *ctx, long id, enum output_format fmt,
	  struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "year", 1, 0 }, { "languages", 0, 16 },
		{ "types", 0, 24 }, { "title", 0, 60 },
		{ "screened_as", 1, 0 },
	};
	struct output *o;
	sqlite3_stmt *s;
	int row;

	if (store_prepare(ctx->st, &s,
			  "SELECT r.id, r.year, (SELECT group_concat(value, "
			  "'; ') FROM json_each(r.languages)), "
			  "(SELECT group_concat(v, '; ') FROM (SELECT "
			  "r.type AS v WHERE r.type IS NOT NULL UNION ALL "
			  "SELECT value FROM json_each(r.pubtypes))), "
			  "r.title, u.unit "
			  "FROM rule_hit h JOIN record r ON r.id = h.record_id "
			  "JOIN screen_unit u ON u.record_id = r.id "
			  "WHERE h.rule_id = ? ORDER BY r.id", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	o = output_new(ctx->out, fmt, cols, 6);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *cells[6];

		for (int i = 0; i < 6; i++)
			cells[i] = (const char *)sqlite3_column_text(s, i);
		output_row(o, cells);
	}
	sqlite3_finalize(s);
	if (output_finish(o) < 0)
		return sk_fail(err, SK_E_IO, "stdout", 0,
			       "cannot write the output");
	if (row != SQLITE_DONE)
		return store_fail(ctx->st, err, "cannot list the records");
	return 0;
}

static int
rules_show_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	struct rule_info *info;
	long id;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == 'f') {
			if (parse_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give one rule number "
			       "('scopekit rules' lists them)");
	if (cli_parse_long("the rule number", argv[optind], 1, &id, err) < 0 ||
	    cli_store(ctx, STORE_READ, err) < 0 ||
	    rules_get(ctx->st, id, &info, err) < 0)
		return -1;
	if (info->removed_at)
		sk_warn("rule %ld was removed on %s: the records it hit are "
			"screened again", id, info->removed_at);
	rules_list_free(info, 1);
	return show_hits(ctx, id, fmt, err);
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} rules_commands[] = {
	{ "list", rules_list_cmd },
	{ "add", rules_add_cmd },
	{ "remove", rules_remove_cmd },
	{ "show", rules_show_cmd },
};

static int
rules_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	if (argc > 1)
		for (size_t i = 0;
		     i < sizeof(rules_commands) / sizeof(*rules_commands); i++)
			if (!strcmp(argv[1], rules_commands[i].name))
				return rules_commands[i].run(ctx, argc - 1,
							     argv + 1, err);
	return rules_list_cmd(ctx, argc, argv, err);
}

const struct command cmd_rules = {
	.name = "rules",
	.summary = "Mark records ineligible by year, language, type or words",
	.usage = "scopekit rules [list|add|remove|show] [options]",
	.help =
	"Automation rules mark records ineligible before anyone screens them:\n"
	"records outside a range of years, in languages the review does not\n"
	"read, of publication types it leaves out, or whose title or abstract\n"
	"holds given words. PRISMA 2020 reports them as \"records marked as\n"
	"ineligible by automation tools\". Nothing is deleted: the records stay\n"
	"in the store, and removing a rule brings them back to screening.\n"
	"Records imported later are checked against the rules as they arrive.\n"
	"A cluster of duplicates is screened as one record (its most complete\n"
	"one, 'scopekit dedupe'); the rules decide on that record.\n\n"
	"A rule excludes without a person reading the record: try it first with\n"
	"--dry-run, and look at what it hits with 'scopekit rules show'.\n\n"
	"  scopekit rules [--all] [--format table|csv|tsv|json]\n"
	"      the rules, with the records each marks ineligible and, of those,\n"
	"      the articles (records screened, duplicates counted once);\n"
	"      --all lists removed rules too\n"
	"  scopekit rules add RULE [--dry-run] [--reviewer NAME]\n"
	"      add one rule, given by one of the options below\n"
	"  scopekit rules remove ID...\n"
	"      remove rules: their records come back to screening (unless\n"
	"      another rule marks them); what they hit is kept as history\n"
	"  scopekit rules show ID [--format table|csv|tsv|json]\n"
	"      the records a rule marks ineligible\n\n"
	"Rules:\n"
	"  --year RANGE        mark records published outside the range:\n"
	"                      2000-2022, 2000- (from 2000 on), -2022 (up to\n"
	"                      2022) or 2022 (that year only). A record without\n"
	"                      a year is never marked: a person decides.\n"
	"  --language LIST     the languages to KEEP: a record is marked when\n"
	"                      none of its languages is in the list. English\n"
	"                      names or ISO codes, e.g. 'English, Spanish' or\n"
	"                      'eng,spa'; 'English' also keeps records that say\n"
	"                      eng or en. A record that names no language, or\n"
	"                      one scopekit does not recognise, is never marked;\n"
	"                      a record in English and Portuguese stays when\n"
	"                      English is kept.\n"
	"  --pubtype LIST      the publication types to leave out, e.g.\n"
	"                      'Editorial, Letter, Comment': a record is marked\n"
	"                      when one of its publication types (PubMed PT,\n"
	"                      Embase and RIS M3, EndNote work type) or its\n"
	"                      record type (RIS TY: BOOK, CHAP, RPRT...) is one\n"
	"                      of them, ignoring case. Common other names count\n"
	"                      too: 'Conference Abstract' leaves out Web of\n"
	"                      Science's 'Meeting Abstract' and RIS ABST.\n"
	"                      Separate with ';' when a type holds a comma:\n"
	"                      'Letter; Research Support, N.I.H., Extramural'.\n"
	"  --pattern RE        mark records whose title or abstract matches a\n"
	"                      regular expression (PCRE2, case ignored), e.g.\n"
	"                      '\\b(rats?|mice|mouse)\\b': \\b marks the edge of a\n"
	"                      word, | separates choices, s? an optional s.\n"
	"  --field F           with --pattern: title, abstract, or any (title or\n"
	"                      abstract, the default)\n\n"
	"Options:\n"
	"  --dry-run           say how many records the rule would mark, write\n"
	"                      nothing\n"
	"  --reviewer NAME     who adds the rule (default $SCOPEKIT_REVIEWER)\n"
	"  --all               with the list: removed rules too\n"
	"  --format F          table (default), csv, tsv or json\n\n"
	"Examples:\n"
	"  scopekit rules add --year 2000-2022 --dry-run\n"
	"  scopekit rules add --language 'English, Spanish, Portuguese'\n"
	"  scopekit rules add --pubtype 'Editorial, Letter, Comment'\n"
	"  scopekit rules add --pattern '\\b(rats?|mice|mouse|murine)\\b' "
	"--field title\n"
	"  scopekit rules show 2\n"
	"  scopekit rules remove 2\n",
	.run = rules_cmd,
};
