/*
 * scopekit extract: chart the included reports, studies and units on the
 * review's form: one value at a time or by spreadsheet, by two extractors
 * independently; compare them, and record the consensus.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "extract_sheet.h"
#include "screen.h"
#include "xalloc.h"
#include "banned.h"

enum {
	OPT_EXTRACTOR = 'x', OPT_REPORT = 'R', OPT_STUDY = 'S',
	OPT_UNIT = 'U', OPT_NOTE = 'n', OPT_FORMAT = 'f', OPT_LEVEL = 'l',
	OPT_FIELD = 'F', OPT_REVIEWER = 'r',
};

/* What a command was told to chart: --report, --study or --unit. */
struct target_opt {
	int given;
	enum chart_level level;
	const char *text;
};

static int
target_option(int c, const char *value, struct target_opt *t,
	      struct sk_err *err)
{
	if (t->given++)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give one of --report, "
			       "--study and --unit");
	t->level = c == OPT_REPORT ? LEVEL_REPORT : c == OPT_STUDY ?
		   LEVEL_STUDY : LEVEL_UNIT;
	t->text = value;
	return 0;
}

/*
 * The person named by an option (opt) or $SCOPEKIT_REVIEWER, or a usage
 * error saying who is wanted for what.
 */
static int
need_person(const char *value, const char *opt, const char *what,
	    const char **name, struct sk_err *err)
{
	*name = cli_reviewer(value);
	if (!*name)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say who %s: %s NAME "
			       "(or set SCOPEKIT_REVIEWER)", what, opt);
	return 0;
}

/* ---- set and agree: FIELD=VALUE on the command line ---- */

struct assignment {
	char *field;
	const char *text;
	enum answer answer;
	struct buf value;
};

static void
free_assignments(struct assignment *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(a[i].field);
		buf_release(&a[i].value);
	}
	free(a);
}

static int
parse_assignments(int argc, char **argv, struct assignment **out,
		  struct sk_err *err)
{
	struct assignment *a = xcalloc((size_t)argc + 1, sizeof(*a));

	*out = a;
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		buf_init(&a[i].value);
		if (!eq || eq == argv[i])
			return sk_fail(err, SK_E_USAGE, NULL, 0, "write each "
				       "value as FIELD=VALUE, not '%s'",
				       argv[i]);
		a[i].field = xstrndup(argv[i], (size_t)(eq - argv[i]));
		a[i].text = eq + 1;
	}
	return 0;
}

/* Check every value first, so one bad value writes none. */
static int
check_assignments(const struct form *f, const struct chart_target *t,
		  struct assignment *a, size_t n, struct sk_err *err)
{
	for (size_t i = 0; i < n; i++)
		if (extract_check(f, t, a[i].field, a[i].text, &a[i].answer,
				  &a[i].value, err) < 0)
			return -1;
	return 0;
}

static int
write_assignments(struct store *st, long long form_id,
		  const struct chart_target *t, struct assignment *a,
		  size_t n, const char *who, int consensus, const char *note,
		  size_t *changed, struct sk_err *err)
{
	*changed = 0;
	for (size_t i = 0; i < n; i++) {
		struct chart_value v = {
			t, a[i].field, a[i].answer,
			a[i].answer == ANSWER_VALUE ? a[i].value.data : NULL,
			note,
		};
		int c;

		if ((consensus ? extract_agree(st, form_id, &v, who, &c, err) :
		     extract_set(st, form_id, &v, who, &c, err)) < 0)
			return -1;
		*changed += (size_t)c;
	}
	return 0;
}

static int
assign_values(struct cli_ctx *ctx, const struct target_opt *to, int argc,
	      char **argv, const char *who, int consensus, const char *note,
	      struct sk_err *err)
{
	struct assignment *a = NULL;
	struct chart_target t;
	struct form f;
	long long form_id;
	size_t changed = 0, n = (size_t)argc;
	int rc;

	memset(&f, 0, sizeof(f));
	if (!to->given)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say what is charted: "
			       "--report ID, --study NAME or --unit NAME");
	if (!argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give the values as "
			       "FIELD=VALUE");
	rc = parse_assignments(argc, argv, &a, err);
	if (rc == 0 && !ctx->st)	/* --take opened it already */
		rc = cli_store(ctx, STORE_WRITE, err);
	if (rc == 0)
		rc = screen_reviewer_check(ctx->st, who, err);
	if (rc == 0)
		rc = extract_form_current(ctx->st, &f, &form_id, err);
	if (rc == 0)
		rc = extract_target(ctx->st, to->level, to->text, &t, err);
	if (rc == 0)
		rc = check_assignments(&f, &t, a, n, err);
	if (rc == 0)
		rc = write_assignments(ctx->st, form_id, &t, a, n, who,
				       consensus, note, &changed, err);
	if (rc == 0 && !sk_is_quiet())
		fprintf(stderr, "scopekit: extract: %s: %zu value%s %s for %s "
			"'%s'%s\n", who, changed, changed == 1 ? "" : "s",
			consensus ? "agreed" : "set",
			chart_level_name(t.level), to->text,
			changed < n ? " (the others unchanged)" : "");
	free_assignments(a, n);
	form_release(&f);
	return rc;
}

static int
extract_set_cmd(struct cli_ctx *ctx, int argc, char **argv,
		struct sk_err *err)
{
	static const struct option options[] = {
		{ "extractor", required_argument, NULL, OPT_EXTRACTOR },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "study", required_argument, NULL, OPT_STUDY },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "note", required_argument, NULL, OPT_NOTE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct target_opt to = { 0, LEVEL_REPORT, NULL };
	const char *who = NULL, *note = NULL;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_EXTRACTOR)
			who = optarg;
		else if (c == OPT_NOTE)
			note = optarg;
		else if (c == OPT_REPORT || c == OPT_STUDY || c == OPT_UNIT) {
			if (target_option(c, optarg, &to, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (need_person(who, "--extractor", "is charting", &who, err) < 0)
		return -1;
	return assign_values(ctx, &to, argc - optind, argv + optind, who, 0,
			     note, err);
}

/* ---- list ---- */

/* A stored value as people read it (multiple choice "a; b"). */
#define DISPLAY(v) \
	"CASE " v ".answer WHEN 'value' THEN CASE WHEN ff.type = " \
	"'multiple choice' THEN (SELECT group_concat(value, '; ') FROM " \
	"json_each(" v ".value)) ELSE " v ".value END ELSE " \
	"replace(" v ".answer, '_', ' ') END"
#define LEVEL_ORDER(l) \
	"CASE " l " WHEN 'report' THEN 0 WHEN 'study' THEN 1 ELSE 2 END"
/* Filters ?1 level, ?2 target id, ?3 field, ?4 extractor (NULL: any). */
#define FILTERS(v, who) \
	"(?1 IS NULL OR " v ".level = ?1) AND (?2 IS NULL OR " v ".target = " \
	"?2) AND (?3 IS NULL OR " v ".field = ?3) AND (?4 IS NULL OR " who \
	" = ?4)"

struct list_opts {
	enum output_format fmt;
	struct target_opt to;
	const char *level, *field, *extractor;
	int consensus, history;
};

static const char *const current_sql =
	"SELECT e.level, coalesce(t.name, e.target), e.field, e.extractor, "
	DISPLAY("e") ", fm.version, e.charted_at "
	"FROM extraction_current e "
	"LEFT JOIN chart_target t ON t.level = e.level AND t.target = e.target "
	"LEFT JOIN form_field ff ON ff.form_id = e.form_id AND ff.key = e.field "
	"JOIN form fm ON fm.id = e.form_id "
	"WHERE " FILTERS("e", "e.extractor") " "
	"ORDER BY " LEVEL_ORDER("e.level") ", e.target, ff.position, "
	"e.extractor";

static const char *const consensus_sql =
	"SELECT c.level, coalesce(t.name, c.target), c.field, c.how, "
	DISPLAY("c") ", fm.version, c.agreed_at "
	"FROM consensus_current c "
	"LEFT JOIN chart_target t ON t.level = c.level AND t.target = c.target "
	"LEFT JOIN form_field ff ON ff.form_id = c.form_id AND ff.key = c.field "
	"JOIN form fm ON fm.id = c.form_id "
	"WHERE " FILTERS("c", "c.agreed_by") " "
	"ORDER BY " LEVEL_ORDER("c.level") ", c.target, ff.position";

/* Every fact, oldest first: values and consensus. */
static const char *const history_sql =
	"SELECT h.at, h.who, h.kind, h.level, coalesce(t.name, h.target), "
	"h.field, " DISPLAY("h") ", fm.version, h.uuid FROM ("
	"SELECT charted_at AS at, extractor AS who, 'value' AS kind, level, "
	"coalesce(record_id, study_id, unit_id) AS target, field, answer, "
	"value, form_id, uuid, id FROM extraction UNION ALL "
	"SELECT agreed_at, agreed_by, 'consensus', level, coalesce(record_id, "
	"study_id, unit_id), field, answer, value, form_id, uuid, id "
	"FROM consensus) h "
	"LEFT JOIN chart_target t ON t.level = h.level AND t.target = h.target "
	"LEFT JOIN form_field ff ON ff.form_id = h.form_id AND ff.key = h.field "
	"JOIN form fm ON fm.id = h.form_id "
	"WHERE " FILTERS("h", "h.who") " ORDER BY h.at, h.kind DESC, h.id";

static int
extract_list_run(struct cli_ctx *ctx, const struct list_opts *o,
		 struct sk_err *err)
{
	static const struct output_column cols[] = {
		{ "level", 0, 0 }, { "target", 0, 30 }, { "field", 0, 0 },
		{ "extractor", 0, 0 }, { "value", 0, 60 }, { "version", 1, 0 },
		{ "charted", 0, 0 },
	};
	static const struct output_column ccols[] = {
		{ "level", 0, 0 }, { "target", 0, 30 }, { "field", 0, 0 },
		{ "how", 0, 0 }, { "value", 0, 60 }, { "version", 1, 0 },
		{ "agreed", 0, 0 },
	};
	static const struct output_column hcols[] = {
		{ "time", 0, 0 }, { "by", 0, 0 }, { "kind", 0, 0 },
		{ "level", 0, 0 }, { "target", 0, 30 }, { "field", 0, 0 },
		{ "value", 0, 60 }, { "version", 1, 0 }, { "uuid", 0, 0 },
	};
	struct chart_target t;
	sqlite3_stmt *s;

	if (cli_store(ctx, STORE_READ, err) < 0)
		return -1;
	if (o->to.given &&
	    extract_target(ctx->st, o->to.level, o->to.text, &t, err) < 0)
		return -1;
	if (store_prepare(ctx->st, &s, o->history ? history_sql :
			  o->consensus ? consensus_sql : current_sql, err) < 0)
		return -1;
	store_bind_text(s, 1, o->to.given ? chart_level_name(t.level) :
			o->level);
	if (o->to.given)
		sqlite3_bind_int64(s, 2, t.id);
	store_bind_text(s, 3, o->field);
	store_bind_text(s, 4, o->extractor);
	if (o->history)
		return cli_list(ctx, o->fmt, hcols, 9, s, err);
	return cli_list(ctx, o->fmt, o->consensus ? ccols : cols, 7, s, err);
}

static int
extract_list_cmd(struct cli_ctx *ctx, int argc, char **argv,
		 struct sk_err *err)
{
	static const struct option options[] = {
		{ "extractor", required_argument, NULL, OPT_EXTRACTOR },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "study", required_argument, NULL, OPT_STUDY },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "field", required_argument, NULL, OPT_FIELD },
		{ "consensus", no_argument, NULL, 'c' },
		{ "history", no_argument, NULL, 'h' + 256 },
		{ "format", required_argument, NULL, OPT_FORMAT },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct list_opts o;
	enum chart_level level;
	int c;

	memset(&o, 0, sizeof(o));
	o.fmt = OUTPUT_TABLE;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case OPT_EXTRACTOR: o.extractor = optarg; break;
		case OPT_FIELD: o.field = optarg; break;
		case 'c': o.consensus = 1; break;
		case 'h' + 256: o.history = 1; break;
		case OPT_LEVEL:
			if (chart_level_parse(optarg, &level) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			o.level = chart_level_name(level);
			break;
		case OPT_FORMAT:
			if (cli_format(optarg, &o.fmt, err) < 0)
				return -1;
			break;
		case OPT_REPORT: case OPT_STUDY: case OPT_UNIT:
			if (target_option(c, optarg, &o.to, err) < 0)
				return -1;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	return extract_list_run(ctx, &o, err);
}

/* ---- sheet and load ---- */

static int
extract_sheet_cmd(struct cli_ctx *ctx, int argc, char **argv,
		  struct sk_err *err)
{
	static const struct option options[] = {
		{ "extractor", required_argument, NULL, OPT_EXTRACTOR },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "output", required_argument, NULL, 'o' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *who = NULL, *path = NULL;
	enum chart_level level;
	struct form f;
	long long form_id;
	FILE *out;
	int c, lv = -1, rc;

	while ((c = getopt_long(argc, argv, ":o:", options, NULL)) != -1) {
		if (c == OPT_EXTRACTOR) {
			who = optarg;
		} else if (c == 'o') {
			path = optarg;
		} else if (c == OPT_LEVEL) {
			if (chart_level_parse(optarg, &level) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			lv = (int)level;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	who = cli_reviewer(who);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    (who && screen_reviewer_check(ctx->st, who, err) < 0) ||
	    extract_form_current(ctx->st, &f, &form_id, err) < 0)
		return -1;
	if (!(out = cli_open_output(ctx, path, err))) {
		form_release(&f);
		return -1;
	}
	rc = extract_sheet_write(ctx->st, &f, who, lv, out, err);
	form_release(&f);
	return cli_close_output(ctx, out, path, rc, err);
}

/* Load a sheet as an extractor's values or as the consensus. */
static int
load_sheet(struct cli_ctx *ctx, const char *path, const char *who,
	   int consensus, struct sk_err *err)
{
	struct extract_sheet_counts n;
	struct form f;
	long long form_id;
	int rc;

	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    (who && screen_reviewer_check(ctx->st, who, err) < 0) ||
	    extract_form_current(ctx->st, &f, &form_id, err) < 0)
		return -1;
	rc = extract_sheet_load(ctx->st, &f, form_id, path, who, consensus,
				&n, err);
	form_release(&f);
	if (rc == 0 && !sk_is_quiet())
		fprintf(stderr, "scopekit: extract: %s: %ld row%s, %ld value%s "
			"%s, %ld unchanged, %ld cell%s left blank\n", path,
			n.rows, n.rows == 1 ? "" : "s", n.values,
			n.values == 1 ? "" : "s", consensus ? "agreed" :
			"charted", n.unchanged, n.blank,
			n.blank == 1 ? "" : "s");
	return rc;
}

static int
extract_load_cmd(struct cli_ctx *ctx, int argc, char **argv,
		 struct sk_err *err)
{
	static const struct option options[] = {
		{ "extractor", required_argument, NULL, OPT_EXTRACTOR },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	const char *who = NULL;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_EXTRACTOR)
			who = optarg;
		else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (optind + 1 != argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give the one sheet to load");
	return load_sheet(ctx, argv[optind], who, 0, err);
}

/* ---- agree ---- */

/* FIELD... as the values extractor charted, as FIELD=VALUE. */
static int
take_values(struct cli_ctx *ctx, const struct target_opt *to,
	    const char *extractor, int argc, char **argv, char ***out,
	    struct sk_err *err)
{
	struct chart_target t;
	struct form f;
	struct buf v = BUF_INIT, shown = BUF_INIT;
	long long form_id;
	enum answer a;
	int found, rc;

	*out = xcalloc((size_t)argc + 1, sizeof(**out));
	if (!to->given)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "say what is agreed: "
			       "--report ID, --study NAME or --unit NAME");
	rc = cli_store(ctx, STORE_WRITE, err);
	if (rc == 0)
		rc = screen_reviewer_check(ctx->st, extractor, err);
	if (rc == 0)
		rc = extract_form_current(ctx->st, &f, &form_id, err);
	if (rc < 0)
		return -1;
	rc = extract_target(ctx->st, to->level, to->text, &t, err);
	for (int i = 0; rc == 0 && i < argc; i++) {
		rc = extract_get(ctx->st, &t, argv[i], extractor, &found, &a,
				 &v, err);
		if (rc == 0 && !found)
			rc = sk_fail(err, SK_E_INPUT, NULL, 0, "%s has not "
				     "charted %s for %s '%s'", extractor,
				     argv[i], chart_level_name(t.level),
				     to->text);
		if (rc < 0)
			break;
		buf_reset(&shown);
		form_value_display(form_find(&f, argv[i]), a, v.data, &shown);
		(*out)[i] = xasprintf("%s=%s", argv[i], shown.data);
	}
	form_release(&f);
	buf_release(&v);
	buf_release(&shown);
	return rc;
}

static void
free_strings(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static int
extract_agree_cmd(struct cli_ctx *ctx, int argc, char **argv,
		  struct sk_err *err)
{
	static const struct option options[] = {
		{ "reviewer", required_argument, NULL, OPT_REVIEWER },
		{ "report", required_argument, NULL, OPT_REPORT },
		{ "study", required_argument, NULL, OPT_STUDY },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "take", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'F' + 256 },
		{ "note", required_argument, NULL, OPT_NOTE },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct target_opt to = { 0, LEVEL_REPORT, NULL };
	const char *who = NULL, *note = NULL, *take = NULL, *from = NULL;
	char **taken = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_REVIEWER)
			who = optarg;
		else if (c == OPT_NOTE)
			note = optarg;
		else if (c == 't')
			take = optarg;
		else if (c == 'F' + 256)
			from = optarg;
		else if (c == OPT_REPORT || c == OPT_STUDY || c == OPT_UNIT) {
			if (target_option(c, optarg, &to, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0)
			return -1;
	}
	if (need_person(who, "--reviewer", "records the consensus", &who,
			err) < 0)
		return -1;
	if (from) {
		if (to.given || take || optind < argc)
			return sk_fail(err, SK_E_USAGE, NULL, 0, "--from FILE "
				       "takes the targets and values from the "
				       "sheet: give nothing else");
		return load_sheet(ctx, from, who, 1, err);
	}
	if (!take)
		return assign_values(ctx, &to, argc - optind, argv + optind,
				     who, 1, note, err);
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "name the fields to "
			       "take from %s", take);
	rc = take_values(ctx, &to, take, argc - optind, argv + optind, &taken,
			 err);
	if (rc == 0)
		rc = assign_values(ctx, &to, argc - optind, taken, who, 1, note,
				   err);
	free_strings(taken);
	return rc;
}

/* ---- compare ---- */

/* Two different values (or answers) of the same target and field. */
#define DIFFERENT(a, b) \
	"(" a ".answer <> " b ".answer OR coalesce(" a ".value, '') <> " \
	"coalesce(" b ".value, ''))"

/* ?1, ?2 the extractors; ?3 a level or NULL; ?4 1 for unsettled only. */
static const char *const disagreements_sql =
	"SELECT a.level, coalesce(t.name, a.target), a.field, " DISPLAY("a")
	", " DISPLAY("b") ", " DISPLAY("c") " "
	"FROM extraction_current a "
	"JOIN extraction_current b ON b.level = a.level AND b.target = "
	"a.target AND b.field = a.field AND b.extractor = ?2 "
	"LEFT JOIN consensus_current c ON c.level = a.level AND c.target = "
	"a.target AND c.field = a.field "
	"LEFT JOIN chart_target t ON t.level = a.level AND t.target = a.target "
	"LEFT JOIN form_field ff ON ff.form_id = (SELECT id FROM form_current) "
	"AND ff.key = a.field "
	"WHERE a.extractor = ?1 AND " DIFFERENT("a", "b") " AND (?3 IS NULL OR "
	"a.level = ?3) AND (?4 = 0 OR c.field IS NULL) "
	"ORDER BY " LEVEL_ORDER("a.level") ", a.target, ff.position";

/* Per field of the form: charted by both, agreed, not, by one only. */
static const char *const by_field_sql =
	"WITH a AS (SELECT * FROM extraction_current WHERE extractor = ?1), "
	"b AS (SELECT * FROM extraction_current WHERE extractor = ?2), "
	"pair AS (SELECT a.field, NOT " DIFFERENT("a", "b") " AS same FROM a "
	"JOIN b ON b.level = a.level AND b.target = a.target AND b.field = "
	"a.field), "
	"fields AS (SELECT key, level, position FROM form_field WHERE form_id "
	"= (SELECT id FROM form_current) AND (?3 IS NULL OR level = ?3)), "
	"counts AS (SELECT f.key, f.level, f.position, "
	"(SELECT count(*) FROM pair p WHERE p.field = f.key) AS n, "
	"(SELECT count(*) FROM pair p WHERE p.field = f.key AND same) AS agree, "
	"(SELECT count(*) FROM a WHERE a.field = f.key AND NOT EXISTS (SELECT "
	"1 FROM b WHERE b.level = a.level AND b.target = a.target AND b.field "
	"= a.field)) AS only_a, "
	"(SELECT count(*) FROM b WHERE b.field = f.key AND NOT EXISTS (SELECT "
	"1 FROM a WHERE a.level = b.level AND a.target = b.target AND a.field "
	"= b.field)) AS only_b FROM fields f) "
	"SELECT key, level, n, agree, n - agree, CASE WHEN n > 0 THEN "
	"printf('%.1f', 100.0 * agree / n) END, only_a, only_b FROM ("
	"SELECT * FROM counts UNION ALL SELECT '(all fields)', '', 1e9, "
	"sum(n), sum(agree), sum(only_a), sum(only_b) FROM counts) "
	"ORDER BY position";

/* The two extractors: as given, or the only two who charted. */
static int
pick_extractors(struct store *st, const char **x, int given, char names[2][128],
		struct sk_err *err)
{
	struct buf all = BUF_INIT;
	sqlite3_stmt *s;
	int n = 0, row;

	if (given == 2) {
		if (!strcmp(x[0], x[1]))
			return sk_fail(err, SK_E_USAGE, NULL, 0, "compare two "
				       "different extractors");
		return screen_reviewer_check(st, x[0], err) < 0 ||
		       screen_reviewer_check(st, x[1], err) < 0 ? -1 : 0;
	}
	if (given)
		return sk_fail(err, SK_E_USAGE, NULL, 0, "give two extractors: "
			       "--extractor A --extractor B");
	if (store_prepare(st, &s, "SELECT extractor FROM extraction GROUP BY "
			  "extractor ORDER BY min(id)", err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);

		if (n < 2)
			snprintf(names[n], 128, "%s", name);
		buf_addf(&all, "%s%s", n ? ", " : "", name);
		n++;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE) {
		buf_release(&all);
		return store_fail(st, err, "reading the values");
	}
	if (n == 0)
		sk_fail(err, SK_E_INPUT, NULL, 0, "nobody has charted yet");
	else if (n == 1)
		sk_fail(err, SK_E_INPUT, NULL, 0, "only %s has charted: two "
			"extractors are needed to compare", all.data);
	else if (n > 2)
		sk_fail(err, SK_E_USAGE, NULL, 0, "say which two to compare "
			"(--extractor A --extractor B): %s have charted",
			all.data);
	if (n != 2) {
		buf_release(&all);
		return -1;
	}
	buf_release(&all);
	x[0] = names[0];
	x[1] = names[1];
	return 0;
}

static int
extract_compare_cmd(struct cli_ctx *ctx, int argc, char **argv,
		    struct sk_err *err)
{
	static const struct option options[] = {
		{ "extractor", required_argument, NULL, OPT_EXTRACTOR },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "by-field", no_argument, NULL, 'b' },
		{ "open", no_argument, NULL, 'o' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct output_column cols[8] = {
		{ "level", 0, 0 }, { "target", 0, 30 }, { "field", 0, 0 },
		{ NULL, 0, 50 }, { NULL, 0, 50 }, { "consensus", 0, 50 },
	};
	static const struct output_column fcols[] = {
		{ "field", 0, 0 }, { "level", 0, 0 }, { "both", 1, 0 },
		{ "agree", 1, 0 }, { "differ", 1, 0 }, { "percent", 1, 0 },
		{ "only first", 1, 0 }, { "only second", 1, 0 },
	};
	enum output_format fmt = OUTPUT_TABLE;
	const char *x[2] = { NULL, NULL }, *level = NULL;
	char names[2][128];
	enum chart_level lv;
	sqlite3_stmt *s;
	int c, given = 0, by_field = 0, open = 0;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (c == OPT_EXTRACTOR) {
			if (given == 2)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "compare two extractors, not "
					       "more");
			x[given++] = optarg;
		} else if (c == OPT_LEVEL) {
			if (chart_level_parse(optarg, &lv) < 0)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--level is report, study or "
					       "unit, not '%s'", optarg);
			level = chart_level_name(lv);
		} else if (c == 'b') {
			by_field = 1;
		} else if (c == 'o') {
			open = 1;
		} else if (c == OPT_FORMAT) {
			if (cli_format(optarg, &fmt, err) < 0)
				return -1;
		} else if (cli_common_option(ctx, c, argv, err) < 0) {
			return -1;
		}
	}
	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s'", argv[optind]);
	if (cli_store(ctx, STORE_READ, err) < 0 ||
	    pick_extractors(ctx->st, x, given, names, err) < 0 ||
	    store_prepare(ctx->st, &s, by_field ? by_field_sql :
			  disagreements_sql, err) < 0)
		return -1;
	store_bind_text(s, 1, x[0]);
	store_bind_text(s, 2, x[1]);
	store_bind_text(s, 3, level);
	sqlite3_bind_int(s, 4, open);
	if (by_field)
		return cli_list(ctx, fmt, fcols, 8, s, err);
	cols[3].name = x[0];
	cols[4].name = x[1];
	return cli_list(ctx, fmt, cols, 6, s, err);
}

/* ---- dispatch ---- */

static const struct {
	const char *name;
	int (*run)(struct cli_ctx *, int, char **, struct sk_err *);
} extract_commands[] = {
	{ "set", extract_set_cmd },
	{ "sheet", extract_sheet_cmd },
	{ "load", extract_load_cmd },
	{ "list", extract_list_cmd },
	{ "agree", extract_agree_cmd },
	{ "compare", extract_compare_cmd },
};

static int
extract_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	const char *verb;

	/* Without a verb (options only, or nothing): list. */
	if (argc < 2 || argv[1][0] == '-')
		return extract_list_cmd(ctx, argc, argv, err);
	verb = argv[1];
	for (size_t i = 0;
	     i < sizeof(extract_commands) / sizeof(*extract_commands); i++)
		if (!strcmp(verb, extract_commands[i].name))
			return extract_commands[i].run(ctx, argc - 1, argv + 1,
						       err);
	return sk_fail(err, SK_E_USAGE, NULL, 0, "unknown extract command '%s' "
		       "(set, sheet, load, list, compare, agree)", verb);
}

const struct command cmd_extract = {
	.name = "extract",
	.summary = "Chart the included studies on the form, in pairs",
	.usage = "scopekit extract set|sheet|load|list|compare|agree [options]",
	.help =
	"Each extractor charts every report, study and unit on the review's\n"
	"form (scopekit form), independently; the two are compared and the\n"
	"team records the consensus where they differ. Values are never\n"
	"overwritten: a changed value is a newer one, and all are kept.\n\n"
	"  scopekit extract set --extractor NAME --unit NAME FIELD=VALUE...\n"
	"      chart values (or --report ID, --study NAME); a multiple choice\n"
	"      is 'a; b', an other 'Other: text'; every field also takes\n"
	"      'not reported' and 'unclear'\n"
	"  scopekit extract sheet [--extractor NAME] [--level L] [-o FILE]\n"
	"      a spreadsheet: a row per report, study and unit, a column per\n"
	"      field, with the extractor's values filled in\n"
	"  scopekit extract load FILE [--extractor NAME]\n"
	"      read a filled-in sheet back; a bad cell names its line and\n"
	"      nothing is written; blank cells are not charted\n"
	"  scopekit extract compare [--extractor A --extractor B] [--open]\n"
	"      the values the two chart differently, with both and the\n"
	"      consensus; --by-field: agreement per field\n"
	"  scopekit extract agree --reviewer NAME --unit NAME FIELD=VALUE...\n"
	"  scopekit extract agree --reviewer NAME --unit NAME --take A FIELD...\n"
	"  scopekit extract agree --reviewer NAME --from FILE\n"
	"      record the consensus: a value, extractor A's value, or a sheet\n"
	"      of settled values; where the extractors agree, that is the\n"
	"      consensus already\n"
	"  scopekit extract [list] [--extractor NAME] [--consensus] [--history]\n"
	"      the values that count (or the consensus, or every value ever\n"
	"      charted); narrow with --level, --report/--study/--unit, --field\n\n"
	"Options:\n"
	"  --extractor NAME   who charts (default: $SCOPEKIT_REVIEWER)\n"
	"  --reviewer NAME    who records the consensus\n"
	"  --note TEXT        a note kept with the values\n"
	"  --level report|study|unit     only this level's rows or fields\n"
	"  --format table|csv|tsv|json   how to list (default table)\n",
	.run = extract_cmd,
};
