/*
 * Fuzz target: a filled-in spreadsheet read back (screening, duplicate
 * and extraction sheets all read through sheet.c and csv.c).
 */
#include "fuzz.h"

#include "sheet.h"

static const char *const names[] = { "record", "decision", "note", NULL };

static int
header(struct sheet *s, struct sk_err *err)
{
	(void)err;
	*(long *)s->ctx = sheet_column(s, names);
	return 0;
}

static int
row(struct sheet *s, struct sk_err *err)
{
	(void)err;
	(void)sheet_cell(s, *(long *)s->ctx);
	(void)sheet_line(s);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_err err = SK_ERR_INIT;
	struct sheet s = { 0 };
	long col = -1;

	s.ctx = &col;
	s.header = header;
	s.row = row;
	sheet_read(&s, fuzz_file(data, size), "a sheet", &err);
	return 0;
}
