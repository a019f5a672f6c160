/*
 * dup_sheet: judgements on duplicate pairs read from a spreadsheet: the
 * CSV that 'scopekit dedupe review --format csv' writes, with its
 * decision column filled in (Excel, LibreOffice, any editor).
 */
#include "dup_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "input.h"
#include "record.h"
#include "banned.h"

#define SHEET_MAX_COLUMNS 256

/* What a reviewer may write in the decision column. */
static const struct {
	const char *word;
	const char *verdict;
} sheet_words[] = {
	{ "duplicate", "duplicate" }, { "dup", "duplicate" },
	{ "same", "duplicate" }, { "yes", "duplicate" }, { "y", "duplicate" },
	{ "accept", "duplicate" }, { "1", "duplicate" },
	{ "distinct", "distinct" }, { "different", "distinct" },
	{ "no", "distinct" }, { "n", "distinct" }, { "reject", "distinct" },
	{ "0", "distinct" },
};

struct sheet {
	struct store *st;
	struct input *in;
	struct csv csv;
	const char *reviewer;
	long col_pair, col_decision, col_note;
	int started, have_header;
	struct dup_sheet_counts *counts;
	struct sk_err *err;
};

static long
sheet_column(const struct csv *c, const char *const *names)
{
	for (size_t i = 0; i < c->n; i++)
		for (const char *const *n = names; *n; n++)
			if (!strcasecmp(csv_value(c, i), *n))
				return (long)i;
	return -1;
}

static int
sheet_header(struct sheet *s)
{
	static const char *const pair[] = { "pair", NULL };
	static const char *const decision[] = { "decision", "verdict",
						"judgement", NULL };
	static const char *const note[] = { "note", "notes", NULL };

	s->col_pair = sheet_column(&s->csv, pair);
	s->col_decision = sheet_column(&s->csv, decision);
	s->col_note = sheet_column(&s->csv, note);
	if (s->col_pair < 0 || s->col_decision < 0)
		return sk_fail(s->err, SK_E_INPUT, input_name(s->in),
			       s->csv.line, "the header needs a 'pair' and a "
			       "'decision' column (as 'scopekit dedupe review "
			       "--format csv' writes them)");
	s->have_header = 1;
	return 0;
}

static const char *
sheet_cell(const struct sheet *s, long col)
{
	return col >= 0 && (size_t)col < s->csv.n ? csv_value(&s->csv, (size_t)col)
						   : "";
}

static const char *
sheet_verdict(const char *word)
{
	for (size_t i = 0; i < sizeof(sheet_words) / sizeof(*sheet_words); i++)
		if (!strcasecmp(word, sheet_words[i].word))
			return sheet_words[i].verdict;
	return NULL;
}

static int
sheet_row(struct sheet *s)
{
	const char *word = sheet_cell(s, s->col_decision);
	const char *id = sheet_cell(s, s->col_pair);
	const char *note = sheet_cell(s, s->col_note);
	const char *verdict;
	char *end;
	long long pair;
	int found;

	if (csv_row_blank(&s->csv))
		return 0;
	if (!*word) {
		s->counts->skipped++;
		return 0;
	}
	if (!(verdict = sheet_verdict(word)))
		return sk_fail(s->err, SK_E_INPUT, input_name(s->in),
			       s->csv.line, "decision '%s' is neither "
			       "duplicate nor distinct (or yes, no)", word);
	pair = strtoll(id, &end, 10);
	if (end == id || *end || pair < 1)
		return sk_fail(s->err, SK_E_INPUT, input_name(s->in),
			       s->csv.line, "'%s' is not a pair number", id);
	if ((found = dup_pair_exists(s->st, pair, s->err)) <= 0)
		return found < 0 ? -1 :
		       sk_fail(s->err, SK_E_INPUT, input_name(s->in),
			       s->csv.line, "there is no pair %lld in this "
			       "store", pair);
	if (dup_decide(s->st, pair, verdict, "review", s->reviewer,
		       *note ? note : NULL, s->err) < 0)
		return -1;
	if (!strcmp(verdict, "duplicate"))
		s->counts->duplicate++;
	else
		s->counts->distinct++;
	return 0;
}

static int
sheet_line(struct sheet *s, const char *line, size_t len)
{
	if (!s->started) {
		if (len >= 3 && !memcmp(line, "\xef\xbb\xbf", 3))
			line += 3, len -= 3;
		csv_init(&s->csv, csv_sniff_sep(line, len), RECORD_FIELD_MAX,
			 RECORD_ORIGINAL_MAX, SHEET_MAX_COLUMNS);
		s->started = 1;
	}
	if (!csv_feed(&s->csv, line, len, input_line(s->in)))
		return 0;
	return s->have_header ? sheet_row(s) : sheet_header(s);
}

int
dup_sheet_apply(struct store *st, const char *path, const char *reviewer,
		struct dup_sheet_counts *counts, struct sk_err *err)
{
	struct sheet s;
	const char *line;
	size_t len;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(counts, 0, sizeof(*counts));
	s.st = st;
	s.reviewer = reviewer;
	s.counts = counts;
	s.err = err;
	if (input_open(&s.in, path, err) < 0)
		return -1;
	rc = input_set_encoding(s.in, INPUT_ENC_AUTO, err);
	while (rc == 0 && (rc = input_getline(s.in, &line, &len, err)) == 1)
		rc = sheet_line(&s, line, len);
	if (rc == 0 && s.started && csv_open_quote(&s.csv))
		rc = sk_fail(err, SK_E_INPUT, input_name(s.in),
			     s.csv.quote_line, "a quoted cell starting here "
			     "has no closing quote");
	if (rc == 0 && !s.have_header)
		rc = sk_fail(err, SK_E_INPUT, input_name(s.in), 0,
			     "the file is empty: expected the CSV of "
			     "'scopekit dedupe review --format csv'");
	if (s.started)
		csv_release(&s.csv);
	input_close(s.in);
	return rc < 0 ? -1 : 0;
}
