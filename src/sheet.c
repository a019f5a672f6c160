/*
 * sheet: a spreadsheet read back: the separator sniffed from the header,
 * a byte-order mark skipped, encodings converted (input.c), cells kept
 * within the record size limits.
 */
#include "sheet.h"

#include <string.h>
#include <strings.h>

#include "record.h"
#include "banned.h"

#define SHEET_MAX_COLUMNS 256

long
sheet_column(const struct sheet *s, const char *const *names)
{
	for (size_t i = 0; i < s->csv.n; i++)
		for (const char *const *n = names; *n; n++)
			if (!strcasecmp(csv_value(&s->csv, i), *n))
				return (long)i;
	return -1;
}

const char *
sheet_cell(const struct sheet *s, long col)
{
	return col >= 0 && (size_t)col < s->csv.n ?
	       csv_value(&s->csv, (size_t)col) : "";
}

const char *
sheet_name(const struct sheet *s)
{
	return input_name(s->in);
}

long
sheet_line(const struct sheet *s)
{
	return s->csv.line;
}

static int
sheet_feed(struct sheet *s, const char *line, size_t len, struct sk_err *err)
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
	if (s->have_header)
		return csv_row_blank(&s->csv) ? 0 : s->row(s, err);
	s->have_header = 1;
	return s->header(s, err);
}

int
sheet_read(struct sheet *s, const char *path, const char *what,
	   struct sk_err *err)
{
	const char *line;
	size_t len;
	int rc;

	s->started = s->have_header = 0;
	if (input_open(&s->in, path, err) < 0)
		return -1;
	rc = input_set_encoding(s->in, INPUT_ENC_AUTO, err);
	while (rc == 0 && (rc = input_getline(s->in, &line, &len, err)) == 1)
		rc = sheet_feed(s, line, len, err);
	if (rc == 0 && s->started && csv_open_quote(&s->csv))
		rc = sk_fail(err, SK_E_INPUT, input_name(s->in),
			     s->csv.quote_line, "a quoted cell starting here "
			     "has no closing quote");
	if (rc == 0 && !s->have_header)
		rc = sk_fail(err, SK_E_INPUT, input_name(s->in), 0,
			     "the file is empty: expected %s", what);
	if (s->started)
		csv_release(&s->csv);
	input_close(s->in);
	s->in = NULL;
	return rc < 0 ? -1 : 0;
}
