/*
 * input in text mode: encodings (auto, cp1252, UTF-16 with and without
 * BOM), line ends, bad lines that can be skipped, over-long lines, gzip.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

TestSuite(input, .init = make_tmp, .fini = drop_tmp);

/* All lines of a file joined with '|'; -1 entries give "!<line>". */
static char *
read_lines(const char *path, enum input_encoding enc, struct sk_err *last)
{
	static char out[65536];
	struct input *in;
	struct sk_err err = SK_ERR_INIT;
	const char *line;
	size_t len, k = 0;
	int r, guard = 0;

	out[0] = '\0';
	cr_assert_eq(input_open(&in, path, &err), 0);
	cr_assert_eq(input_set_encoding(in, enc, &err), 0, "%s", err.msg);
	while ((r = input_getline(in, &line, &len, &err)) != 0 && guard++ < 100) {
		if (r < 0) {
			k += (size_t)snprintf(out + k, sizeof(out) - k, "!%ld|",
					      err.line);
			if (last)
				*last = err;
			continue;
		}
		if (len > 100)
			len = 100;
		k += (size_t)snprintf(out + k, sizeof(out) - k, "%.*s|",
				      (int)len, line);
	}
	input_close(in);
	return out;
}

static struct got *
ris_enc(const char *path, enum input_encoding enc)
{
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(parse_with(ris_parse, path, enc, g, &err), 0, "%s",
		     err.msg);
	return g;
}

Test(input, cp1252_auto_and_explicit)
{
	static const char t[] = "TY  - JOUR\r\nTI  - Caf\xe9 r\xe9sum\xe9 "
				"\x93quoted\x94\r\nER  - \r\n";
	const char *p = write_tmp("w.ris", t, sizeof(t) - 1);
	struct got *g = ris_enc(p, INPUT_ENC_AUTO);
	struct input *in;
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 "
			      "\xe2\x80\x9cquoted\xe2\x80\x9d");
	g = ris_enc(p, INPUT_ENC_CP1252);
	STR_EQ(g->v[0].title, "Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9 "
			      "\xe2\x80\x9cquoted\xe2\x80\x9d");
	cr_assert_eq(input_open(&in, p, &err), 0);
	cr_assert_eq(input_set_encoding(in, INPUT_ENC_AUTO, &err), 0);
	STR_EQ(input_encoding_name(in), "Windows-1252");
	input_close(in);
}

Test(input, utf16_with_bom)
{
	static const char le[] = "\xff\xfeT\0Y\0 \0 \0-\0 \0J\0O\0U\0R\0\r\0\n\0"
				 "T\0I\0 \0 \0-\0 \0C\0a\0f\0\xe9\0\n\0"
				 "E\0R\0 \0 \0-\0\n\0";
	static const char be[] = "\xfe\xff\0T\0Y\0 \0 \0-\0 \0J\0O\0U\0R\0\n"
				 "\0T\0I\0 \0 \0-\0 \0C\0a\0f\0\xe9\0\n"
				 "\0E\0R\0 \0 \0-\0\n";
	struct got *g = ris_enc(write_tmp("le.ris", le, sizeof(le) - 1),
				INPUT_ENC_AUTO);

	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "Caf\xc3\xa9");
	g = ris_enc(write_tmp("be.ris", be, sizeof(be) - 1), INPUT_ENC_AUTO);
	cr_assert_eq(g->n, 1);
	STR_EQ(g->v[0].title, "Caf\xc3\xa9");
	STR_EQ(g->v[0].type, "JOUR");
}

Test(input, utf16_without_bom_large)
{
	/* more than 32 KiB: detection must not depend on the head's size */
	size_t n = 0, cap = 200000;
	char *t = malloc(cap);
	const char *rec = "TY  - JOUR\nTI  - x\nER  - \n";

	for (int i = 0; i < 2000; i++)
		for (const char *c = rec; *c; c++) {
			t[n++] = *c;
			t[n++] = 0;
		}
	struct got *g = ris_enc(write_tmp("n.ris", t, n), INPUT_ENC_AUTO);
	cr_assert_eq(g->n, 2000);
	free(t);
}

Test(input, invalid_utf8_deep_in_file)
{
	size_t n = 0, cap = 200000;
	char *t = malloc(cap);
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	const char *p;
	long lines = 0;

	while (n < 70 * 1024) {
		n += (size_t)snprintf(t + n, cap - n, "TY  - JOUR\nTI  - "
				      "caf\xc3\xa9 %ld\nER  - \n", lines);
		lines += 3;
	}
	n += (size_t)snprintf(t + n, cap - n, "TY  - JOUR\nTI  - caf\xe9\n"
			      "ER  - \n");
	p = write_tmp("deep.ris", t, n);
	free(t);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, lines + 2);
	cr_assert(strstr(err.msg, "not valid UTF-8"), "%s", err.msg);
	cr_assert(strstr(err.msg, "--encoding cp1252"), "%s", err.msg);
}

/* A stray byte beside valid UTF-8 in the head: UTF-8, the line is named. */
Test(input, damaged_utf8_is_not_cp1252)
{
	static const char t[] = "TY  - JOUR\nTI  - Caf\xc3\xa9 r\xc3\xa9sum\xc3\xa9\n"
				"ER  - \n\nTY  - JOUR\nTI  - Bad \xff byte\nER  - \n";
	const char *p = write_tmp("damaged.ris", t, sizeof(t) - 1);
	struct got *g = new_got(0);
	struct sk_err err = SK_ERR_INIT;
	struct input *in;

	cr_assert_eq(input_open(&in, p, &err), 0);
	cr_assert_eq(input_set_encoding(in, INPUT_ENC_AUTO, &err), 0);
	STR_EQ(input_encoding_name(in), "UTF-8");
	input_close(in);
	cr_assert_eq(parse_with(ris_parse, p, INPUT_ENC_AUTO, g, &err), -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 6);
	cr_assert(strstr(err.msg, "not valid UTF-8"), "%s", err.msg);
}

Test(input, line_ends)
{
	STR_EQ(read_lines(write_tmp("a", "a\r\nb\nc\r\n\r\nd", 11),
			  INPUT_ENC_AUTO, NULL),
	       "a|b|c||d|");
	STR_EQ(read_lines(write_tmp("b", "a\rb\r\rc\r", 7), INPUT_ENC_AUTO,
			  NULL),
	       "a|b||c|");
	/* a lone CR inside an LF file stays inside the line */
	STR_EQ(read_lines(write_tmp("c", "a\rb\nc\n", 6), INPUT_ENC_AUTO, NULL),
	       "a\rb|c|");
	STR_EQ(read_lines(write_tmp("d", "\xef\xbb\xbfx\n", 5), INPUT_ENC_AUTO,
			  NULL),
	       "x|");
	STR_EQ(read_lines(write_tmp("e", "\xef\xbb\xbf", 3), INPUT_ENC_AUTO,
			  NULL),
	       "");
}

Test(input, bad_lines_can_be_skipped)
{
	struct sk_err last = SK_ERR_INIT;

	STR_EQ(read_lines(write_tmp("a", "ok\nb\xff\nc\0d\nend\n", 13),
			  INPUT_ENC_UTF8, &last),
	       "ok|!2|!3|end|");
	cr_assert(strstr(last.msg, "binary data"), "%s", last.msg);
	/* a byte Windows-1252 does not define (0x81) */
	STR_EQ(read_lines(write_tmp("b", "x\ny\x81z\nw\n", 8), INPUT_ENC_CP1252,
			  &last),
	       "x|!2|w|");
	cr_assert(strstr(last.msg, "byte 0x81 is not valid Windows-1252"),
		  "%s", last.msg);
}

Test(input, long_lines)
{
	size_t n = 3 * 1024 * 1024;
	char *t = malloc(n + 20);
	struct sk_err last = SK_ERR_INIT;

	memcpy(t, "a\n", 2);
	memset(t + 2, 'x', n);
	memcpy(t + 2 + n, "\nb\n", 3);
	STR_EQ(read_lines(write_tmp("l", t, n + 5), INPUT_ENC_AUTO, &last),
	       "a|!2|b|");
	cr_assert(strstr(last.msg, "line is longer than 1 MiB"));
	/* the same at the end of the file, without a final newline */
	STR_EQ(read_lines(write_tmp("m", t, n + 2), INPUT_ENC_AUTO, &last),
	       "a|!2|");
	free(t);
}

Test(input, gzip)
{
	char cmd[1024], path[600];
	const char *p = write_tmp("g.txt", "one\ntwo\n", 8);

	snprintf(path, sizeof(path), "%s/g.txt.gz", tmpdir);
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' > '%s'", p, path);
	cr_assert_eq(system(cmd), 0);
	STR_EQ(read_lines(path, INPUT_ENC_AUTO, NULL), "one|two|");
}

/* SHA-256 of a file as input_sha256 gives it, after reading n lines. */
static void
sha_after(const char *path, int n, char hex[65])
{
	struct input *in;
	struct sk_err err = SK_ERR_INIT;
	const char *line;
	size_t len;

	cr_assert_eq(input_open(&in, path, &err), 0, "%s", err.msg);
	for (int i = 0; i < n; i++)
		cr_assert_eq(input_getline(in, &line, &len, &err), 1);
	cr_assert_eq(input_sha256(in, hex, &err), 0, "%s", err.msg);
	input_close(in);
}

/*
 * The file's SHA-256 is that of its whole content (gzip: decompressed),
 * however much of it was read: a plain file is hashed by a thread of
 * its own, a gzip file as it is read; both give sha256sum's digest. A
 * file closed before its hash is asked for stops the thread.
 */
Test(input, sha256_of_whole_content)
{
	/* "abc\n" 300,000 times: 1.2 MB, several chunks of the thread */
	char cmd[1200], path[600], hex[65], expect[65];
	struct buf b = BUF_INIT;
	const char *p;
	FILE *f;

	for (int i = 0; i < 300000; i++)
		buf_add(&b, "abc\n", 4);
	p = write_tmp("big.txt", b.data, b.len);
	snprintf(cmd, sizeof(cmd), "sha256sum '%s' | cut -c1-64", p);
	f = popen(cmd, "r");
	cr_assert(f && fgets(expect, sizeof(expect), f));
	pclose(f);
	for (int n = 0; n <= 300000; n += 150000) {
		sha_after(p, n, hex);
		cr_assert_str_eq(hex, expect);
	}
	snprintf(path, sizeof(path), "%s/big.txt.gz", tmpdir);
	snprintf(cmd, sizeof(cmd), "gzip -c '%s' > '%s'", p, path);
	cr_assert_eq(system(cmd), 0);
	sha_after(path, 2, hex);
	cr_assert_str_eq(hex, expect);
	/* Closed unhashed, mid-file: the thread stops, nothing leaks. */
	{
		struct input *in;
		struct sk_err err = SK_ERR_INIT;

		cr_assert_eq(input_open(&in, p, &err), 0);
		input_close(in);
	}
	buf_release(&b);
}
