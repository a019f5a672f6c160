/*
 * input: one input file read as a stream: plain or gzip, a path or stdin,
 * its SHA-256, and for text formats the decoding to UTF-8 (BOM, UTF-16,
 * Windows-1252) with line splitting, line numbers and validation.
 */
#ifndef SK_INPUT_H
#define SK_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

enum input_encoding {
	INPUT_ENC_AUTO = 0,	/* detect: BOM, UTF-16 pattern, else UTF-8 or cp1252 */
	INPUT_ENC_UTF8,
	INPUT_ENC_CP1252,	/* Windows-1252, a superset of printable Latin-1 */
	INPUT_ENC_LATIN1,	/* ISO-8859-1 */
	INPUT_ENC_UTF16LE,
	INPUT_ENC_UTF16BE,
};

/* Size of the head that input_peek shows and format detection reads. */
#define INPUT_PEEK_MAX (64 * 1024)
/* A text line longer than this is an input error. */
#define INPUT_LINE_MAX (1024 * 1024 + 64)

struct input;

/*
 * Open path for reading; "-" is standard input. Gzip content is detected
 * by its magic bytes and decompressed. On failure fills err (SK_E_IO).
 */
int input_open(struct input **in, const char *path, struct sk_err *err);
/*
 * Read data[0..len) as an input called name (a downloaded body); data
 * must outlive the input. Not decompressed.
 */
void input_open_memory(struct input **in, const char *name, const void *data,
		       size_t len);
void input_close(struct input *in);

/* The name to use in messages: the path, or "stdin". */
const char *input_name(const struct input *in);

/*
 * The first bytes of the (decompressed) content, up to INPUT_PEEK_MAX,
 * without consuming them. *len is 0 for an empty file.
 */
int input_peek(struct input *in, const unsigned char **data, size_t *len,
	       struct sk_err *err);

/*
 * Raw mode (XML, which decodes itself): read up to n decompressed bytes.
 * Returns the count, 0 at the end, -1 on error.
 */
ssize_t input_read(struct input *in, void *buf, size_t n, struct sk_err *err);

/*
 * Text mode: choose the encoding (INPUT_ENC_AUTO detects it from the head)
 * before the first input_getline. Returns -1 with a message if the given
 * encoding cannot be used.
 */
int input_set_encoding(struct input *in, enum input_encoding enc,
		       struct sk_err *err);
/* The encoding in use, as a name ("UTF-8", "UTF-8 with BOM", "Windows-1252"). */
const char *input_encoding_name(const struct input *in);
/* Parse an --encoding value; returns -1 if unknown. */
int input_encoding_parse(const char *name, enum input_encoding *enc);

/*
 * Text mode: the next line as UTF-8 without its end (LF, CRLF or a lone
 * CR), valid UTF-8, no NUL bytes, at most INPUT_LINE_MAX bytes. *line stays
 * valid until the next call. Returns 1 with a line, 0 at the end, -1 with
 * err naming the file and line (invalid UTF-8, binary data, too long).
 */
int input_getline(struct input *in, const char **line, size_t *len,
		  struct sk_err *err);
/* Number of the line last returned by input_getline (1-based). */
long input_line(const struct input *in);

/*
 * SHA-256 of the whole decompressed content as lowercase hex. Reads to the
 * end if the content was not consumed yet. hex must hold 65 bytes.
 */
int input_sha256(struct input *in, char hex[65], struct sk_err *err);

/*
 * Read a whole text file (a form, a query) decoded to UTF-8 lines joined
 * with '\n', at most max bytes and without NUL bytes; what names the kind
 * of file in messages ("is it a form?"). The caller frees *text.
 */
int input_read_text(const char *path, size_t max, const char *what,
		    char **text, size_t *len, struct sk_err *err);

#endif
