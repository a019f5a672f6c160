/*
 * Fuzz target: an import file read as scopekit reads it: decoded, its
 * format detected (or forced with FUZZ_FORMAT), parsed into records.
 * Bad records are skipped, as with --skip-bad, to reach further.
 */
#include "fuzz.h"

#include "import.h"
#include "input.h"

static int
take_record(void *ctx, struct record *rec, struct sk_err *err)
{
	(void)ctx;
	(void)err;
	record_normalize(rec);
	return 0;
}

static int
skip_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	(void)ctx;
	(void)line;
	(void)reason;
	(void)err;
	return 0;
}

static void
note_deleted(void *ctx, const char *pmid)
{
	(void)ctx;
	(void)pmid;
}

static int
parse(struct input *in, enum import_format fmt, struct sk_err *err)
{
	struct record_sink sink = { NULL, take_record, skip_bad, note_deleted };

	if (fmt != IMPORT_PUBMED && fmt != IMPORT_ENDNOTE &&
	    input_set_encoding(in, INPUT_ENC_AUTO, err) < 0)
		return -1;
	switch (fmt) {
	case IMPORT_PUBMED: return pubmed_parse(in, &sink, err);
	case IMPORT_MEDLINE: return medline_parse(in, &sink, err);
	case IMPORT_RIS: return ris_parse(in, &sink, err);
	case IMPORT_WOS: return wos_parse(in, &sink, err);
	case IMPORT_CSV: return csv_parse(in, NULL, &sink, err);
	case IMPORT_ENDNOTE: return endnote_parse(in, &sink, err);
	default: return -1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_err err = SK_ERR_INIT;
	struct input *in;
	enum import_format fmt = FUZZ_FORMAT;

	sk_set_quiet(1);
	if (input_open(&in, fuzz_file(data, size), &err) < 0)
		return 0;
	if (fmt != IMPORT_AUTO || import_detect(in, &fmt, &err) == 0)
		parse(in, fmt, &err);
	input_close(in);
	return 0;
}
