/*
 * dup_sheet: judgements on duplicate pairs read from a spreadsheet: the
 * CSV that 'scopekit dedupe review --format csv' writes, with its
 * decision column filled in (Excel, LibreOffice, any editor).
 */
#include "dup_sheet.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sheet.h"
#include "banned.h"

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

struct pair_sheet {
	struct store *st;
	const char *reviewer;
	long col_pair, col_decision, col_note;
	struct dup_sheet_counts *counts;
};

static int
pair_header(struct sheet *sh, struct sk_err *err)
{
	static const char *const pair[] = { "pair", NULL };
	static const char *const decision[] = { "decision", "verdict",
						"judgement", NULL };
	static const char *const note[] = { "note", "notes", NULL };
	struct pair_sheet *s = sh->ctx;

	s->col_pair = sheet_column(sh, pair);
	s->col_decision = sheet_column(sh, decision);
	s->col_note = sheet_column(sh, note);
	if (s->col_pair < 0 || s->col_decision < 0)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "the header needs a 'pair' and a "
			       "'decision' column (as 'scopekit dedupe review "
			       "--format csv' writes them)");
	return 0;
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
pair_row(struct sheet *sh, struct sk_err *err)
{
	struct pair_sheet *s = sh->ctx;
	const char *word = sheet_cell(sh, s->col_decision);
	const char *id = sheet_cell(sh, s->col_pair);
	const char *note = sheet_cell(sh, s->col_note);
	const char *verdict;
	char *end;
	long long pair;
	int found;

	if (!*word) {
		s->counts->skipped++;
		return 0;
	}
	if (!(verdict = sheet_verdict(word)))
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "decision '%s' is neither "
			       "duplicate nor distinct (or yes, no)", word);
	pair = strtoll(id, &end, 10);
	if (end == id || *end || pair < 1)
		return sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "'%s' is not a pair number", id);
	if ((found = dup_pair_exists(s->st, pair, err)) <= 0)
		return found < 0 ? -1 :
		       sk_fail(err, SK_E_INPUT, sheet_name(sh), sheet_line(sh),
			       "there is no pair %lld in this store", pair);
	if (dup_decide(s->st, pair, verdict, "review", s->reviewer,
		       *note ? note : NULL, err) < 0)
		return -1;
	if (!strcmp(verdict, "duplicate"))
		s->counts->duplicate++;
	else
		s->counts->distinct++;
	return 0;
}

int
dup_sheet_apply(struct store *st, const char *path, const char *reviewer,
		struct dup_sheet_counts *counts, struct sk_err *err)
{
	struct pair_sheet ps = { st, reviewer, -1, -1, -1, counts };
	struct sheet sh;

	memset(counts, 0, sizeof(*counts));
	memset(&sh, 0, sizeof(sh));
	sh.ctx = &ps;
	sh.header = pair_header;
	sh.row = pair_row;
	return sheet_read(&sh, path, "the CSV of 'scopekit dedupe review "
			  "--format csv'", err);
}
