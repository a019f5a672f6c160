#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zlib.h>

#include "buf.h"
#include "xalloc.h"
#include "banned.h"

#define READ_CHUNK (256 * 1024)

struct input {
	char *name;
	gzFile gz;		/* NULL when reading from memory */
	const unsigned char *mem;
	size_t mem_len;
	size_t mem_pos;
	EVP_MD_CTX *sha;
	int eof;

	/* a plain file is hashed by a thread of its own (start_hasher) */
	int hash_thread;	/* a thread hashes the file, not read_file */
	int hash_joined;
	int hash_fd;
	int hash_errno;
	atomic_int hash_stop;
	pthread_t hasher;

	/* the head, kept for input_peek until consumed */
	unsigned char *head;
	size_t head_len;
	size_t head_pos;
	int head_read;

	/* text mode */
	enum input_encoding enc;
	const char *enc_name;
	int text_ready;
	int cr_lines;		/* lines end with a lone CR (old Mac files) */
	iconv_t cd;		/* (iconv_t)-1 for UTF-8 input */
	struct buf raw;		/* bytes read, not yet decoded */
	size_t raw_pos;
	struct buf text;	/* decoded UTF-8, not yet returned as lines */
	size_t text_pos;
	struct buf line;
	long lineno;
	int at_end;		/* all input decoded into text */
	int too_long;		/* discarding the rest of an over-long line */
};

static int
read_error(struct input *in, struct sk_err *err)
{
	int zerr;
	const char *msg = gzerror(in->gz, &zerr);

	if (zerr == Z_ERRNO)
		return sk_fail(err, SK_E_IO, in->name, 0, "cannot read: %s",
			       strerror(errno));
	return sk_fail(err, SK_E_INPUT, in->name, 0,
		       "damaged gzip data: %s", msg);
}

/* Read decompressed bytes from the file, hashing them on the way. */
static ssize_t
read_file(struct input *in, void *buf, size_t n, struct sk_err *err)
{
	int got;

	if (in->eof)
		return 0;
	if (n > (1u << 30))
		n = (1u << 30);
	if (!in->gz) {
		if (n > in->mem_len - in->mem_pos)
			n = in->mem_len - in->mem_pos;
		memcpy(buf, in->mem + in->mem_pos, n);
		in->mem_pos += n;
		got = (int)n;
	} else {
		got = gzread(in->gz, buf, (unsigned)n);
	}
	if (got < 0)
		return read_error(in, err);
	if (got == 0) {
		in->eof = 1;
		return 0;
	}
	if (!in->hash_thread)
		EVP_DigestUpdate(in->sha, buf, (size_t)got);
	return got;
}

/* What both ways of opening share once the source of bytes is set. */
static void
input_init(struct input *in, const char *name)
{
	in->name = xstrdup(name);
	in->sha = EVP_MD_CTX_new();
	if (!in->sha || !EVP_DigestInit_ex(in->sha, EVP_sha256(), NULL))
		abort();
	in->cd = (iconv_t)-1;
	buf_init(&in->raw);
	buf_init(&in->text);
	buf_init(&in->line);
}

static void *
hash_file(void *arg)
{
	struct input *in = arg;
	unsigned char *chunk = xmalloc(READ_CHUNK);
	off_t at = 0;

	while (!atomic_load(&in->hash_stop)) {
		ssize_t got = pread(in->hash_fd, chunk, READ_CHUNK, at);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			in->hash_errno = errno;
		if (got <= 0)
			break;
		EVP_DigestUpdate(in->sha, chunk, (size_t)got);
		at += got;
	}
	free(chunk);
	return NULL;
}

/*
 * SHA-256 of a plain (not gzipped) file is worked out by a thread that
 * reads the file a second time, from the page cache, while the parser
 * reads it: the parser thread is the slower side of a PubMed import, and
 * hashing took a tenth of its time. Without a thread (gzip, standard
 * input, memory) the bytes are hashed as they are read.
 */
static void
start_hasher(struct input *in, int fd)
{
	struct stat sb;

	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || !gzdirect(in->gz))
		return;
	in->hash_fd = dup(fd);
	if (in->hash_fd < 0)
		return;
	atomic_init(&in->hash_stop, 0);
	if (pthread_create(&in->hasher, NULL, hash_file, in) != 0) {
		close(in->hash_fd);
		return;
	}
	in->hash_thread = 1;
}

/* Wait for the hashing thread; stop it first if its hash is not wanted. */
static int
join_hasher(struct input *in, int stop)
{
	if (!in->hash_thread || in->hash_joined)
		return in->hash_errno ? -1 : 0;
	if (stop)
		atomic_store(&in->hash_stop, 1);
	pthread_join(in->hasher, NULL);
	close(in->hash_fd);
	in->hash_joined = 1;
	return in->hash_errno ? -1 : 0;
}

int
input_open(struct input **inp, const char *path, struct sk_err *err)
{
	struct input *in;
	int fd;

	*inp = NULL;
	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return sk_fail(err, SK_E_IO, path, 0, "cannot open: %s",
			       strerror(errno));
	in = xcalloc(1, sizeof(*in));
	in->gz = gzdopen(fd, "rb");
	if (!in->gz) {
		close(fd);
		free(in);
		return sk_fail(err, SK_E_IO, path, 0, "cannot open");
	}
	gzbuffer(in->gz, READ_CHUNK);
	input_init(in, strcmp(path, "-") == 0 ? "stdin" : path);
	if (strcmp(path, "-") != 0)
		start_hasher(in, fd);
	*inp = in;
	return 0;
}

void
input_open_memory(struct input **inp, const char *name, const void *data,
		  size_t len)
{
	struct input *in = xcalloc(1, sizeof(*in));

	in->mem = data;
	in->mem_len = len;
	input_init(in, name);
	*inp = in;
}

void
input_close(struct input *in)
{
	if (!in)
		return;
	join_hasher(in, 1);
	if (in->gz)
		gzclose(in->gz);
	EVP_MD_CTX_free(in->sha);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	buf_release(&in->raw);
	buf_release(&in->text);
	buf_release(&in->line);
	free(in->head);
	free(in->name);
	free(in);
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

int
input_peek(struct input *in, const unsigned char **data, size_t *len,
	   struct sk_err *err)
{
	if (!in->head_read) {
		in->head = xmalloc(INPUT_PEEK_MAX);
		while (in->head_len < INPUT_PEEK_MAX) {
			ssize_t got = read_file(in, in->head + in->head_len,
						INPUT_PEEK_MAX - in->head_len,
						err);
			if (got < 0)
				return -1;
			if (got == 0)
				break;
			in->head_len += (size_t)got;
		}
		in->head_read = 1;
	}
	*data = in->head + in->head_pos;
	*len = in->head_len - in->head_pos;
	return 0;
}

ssize_t
input_read(struct input *in, void *buf, size_t n, struct sk_err *err)
{
	if (in->head_pos < in->head_len) {
		size_t take = in->head_len - in->head_pos;

		if (take > n)
			take = n;
		memcpy(buf, in->head + in->head_pos, take);
		in->head_pos += take;
		return (ssize_t)take;
	}
	return read_file(in, buf, n, err);
}

int
input_sha256(struct input *in, char hex[65], struct sk_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char *scratch = NULL;
	EVP_MD_CTX *copy;

	if (join_hasher(in, 0) < 0)
		return sk_fail(err, SK_E_IO, in->name, 0, "cannot read: %s",
			       strerror(in->hash_errno));
	if (!in->eof && !in->hash_thread) {
		scratch = xmalloc(READ_CHUNK);
		for (;;) {
			ssize_t got = read_file(in, scratch, READ_CHUNK, err);
			if (got < 0) {
				free(scratch);
				return -1;
			}
			if (got == 0)
				break;
		}
		free(scratch);
	}
	copy = EVP_MD_CTX_new();
	if (!copy || !EVP_MD_CTX_copy_ex(copy, in->sha) ||
	    !EVP_DigestFinal_ex(copy, md, &mdlen))
		abort();
	EVP_MD_CTX_free(copy);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[64] = '\0';
	return 0;
}

/* --- text mode --------------------------------------------------------- */

static const struct {
	const char *name;
	enum input_encoding enc;
} encoding_names[] = {
	{ "utf-8", INPUT_ENC_UTF8 },
	{ "utf8", INPUT_ENC_UTF8 },
	{ "cp1252", INPUT_ENC_CP1252 },
	{ "windows-1252", INPUT_ENC_CP1252 },
	{ "latin1", INPUT_ENC_LATIN1 },
	{ "latin-1", INPUT_ENC_LATIN1 },
	{ "iso-8859-1", INPUT_ENC_LATIN1 },
	{ "utf-16le", INPUT_ENC_UTF16LE },
	{ "utf-16be", INPUT_ENC_UTF16BE },
	{ "auto", INPUT_ENC_AUTO },
};

int
input_encoding_parse(const char *name, enum input_encoding *enc)
{
	for (size_t i = 0; i < sizeof(encoding_names) / sizeof(*encoding_names);
	     i++) {
		if (strcasecmp(name, encoding_names[i].name) == 0) {
			*enc = encoding_names[i].enc;
			return 0;
		}
	}
	return -1;
}

const char *
input_encoding_name(const struct input *in)
{
	return in->enc_name ? in->enc_name : "UTF-8";
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len;
	unsigned int cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* Offset of the first invalid UTF-8 byte in s[0..n), or n. */
static size_t
utf8_check(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t len;
		uint64_t w;

		/* ASCII runs, eight bytes at a time: the common case. */
		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (!(w & UINT64_C(0x8080808080808080))) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_seq(s + i, n - i);
		if (!len)
			return i;
		i += len;
	}
	return n;
}

/* Bytes at the end of s[0..n) that begin a sequence cut off by the end. */
static size_t
utf8_cut_tail(const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char c = s[n - k];
		size_t need;

		if ((c & 0xc0) == 0x80)
			continue;
		if (c < 0xc0)
			return 0;
		need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		return need > k ? k : 0;
	}
	return 0;
}

static int
looks_utf16(const unsigned char *s, size_t n, enum input_encoding *enc)
{
	size_t zero_even = 0, zero_odd = 0, pairs = 0;

	if (n < 4)
		return 0;
	/* Count over the pairs looked at, not the whole head. */
	for (size_t i = 0; i + 1 < n && i < 4096; i += 2, pairs++) {
		zero_even += s[i] == 0;
		zero_odd += s[i + 1] == 0;
	}
	if (zero_odd > pairs / 4 && zero_even == 0) {
		*enc = INPUT_ENC_UTF16LE;
		return 1;
	}
	if (zero_even > pairs / 4 && zero_odd == 0) {
		*enc = INPUT_ENC_UTF16BE;
		return 1;
	}
	return 0;
}

/*
 * Is s[0..n) UTF-8? Yes if it is valid, and also if it holds valid
 * multi-byte sequences beside a stray invalid byte: that is a damaged
 * UTF-8 file (reported at its line), not a Windows-1252 one, which would
 * turn every valid sequence into mojibake.
 */
static int
utf8_plausible(const unsigned char *s, size_t n)
{
	size_t i = 0, multibyte = 0;
	int invalid = 0;

	while (i < n) {
		size_t len;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_seq(s + i, n - i);
		if (len) {
			multibyte++;
			i += len;
		} else {
			invalid = 1;
			i++;
		}
	}
	return !invalid || multibyte > 0;
}

/* Choose the encoding from a BOM or the content of the head. */
static void
detect_encoding(struct input *in, const unsigned char *h, size_t n)
{
	if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf) {
		in->enc = INPUT_ENC_UTF8;
		in->enc_name = "UTF-8 with BOM";
		in->head_pos += 3;
	} else if (n >= 2 && h[0] == 0xff && h[1] == 0xfe) {
		in->enc = INPUT_ENC_UTF16LE;
		in->head_pos += 2;
	} else if (n >= 2 && h[0] == 0xfe && h[1] == 0xff) {
		in->enc = INPUT_ENC_UTF16BE;
		in->head_pos += 2;
	} else if (looks_utf16(h, n, &in->enc)) {
		/* enc set */
	} else if (!utf8_plausible(h, n - utf8_cut_tail(h, n))) {
		/*
		 * Not UTF-8 in its first 64 KiB: such exports come from
		 * Windows tools, whose 8-bit code page is Windows-1252.
		 */
		in->enc = INPUT_ENC_CP1252;
	} else {
		in->enc = INPUT_ENC_UTF8;
	}
}

/* What each encoding is called by iconv (NULL: UTF-8 passes through) and by people. */
static const struct {
	enum input_encoding enc;
	const char *iconv;
	const char *display;
} encodings[] = {
	{ INPUT_ENC_UTF8, NULL, "UTF-8" },
	{ INPUT_ENC_CP1252, "CP1252", "Windows-1252" },
	{ INPUT_ENC_LATIN1, "ISO-8859-1", "ISO-8859-1" },
	{ INPUT_ENC_UTF16LE, "UTF-16LE", "UTF-16LE" },
	{ INPUT_ENC_UTF16BE, "UTF-16BE", "UTF-16BE" },
};

static size_t
encoding_index(enum input_encoding enc)
{
	for (size_t i = 0; i < sizeof(encodings) / sizeof(*encodings); i++)
		if (encodings[i].enc == enc)
			return i;
	return 0;
}

int
input_set_encoding(struct input *in, enum input_encoding enc,
		   struct sk_err *err)
{
	const unsigned char *h;
	size_t n;
	const char *from;

	if (input_peek(in, &h, &n, err) < 0)
		return -1;
	if (enc == INPUT_ENC_AUTO) {
		detect_encoding(in, h, n);
	} else {
		in->enc = enc;
		/* A BOM that agrees with the given encoding is dropped. */
		if (enc == INPUT_ENC_UTF8 && n >= 3 && !memcmp(h, "\xef\xbb\xbf", 3))
			in->head_pos += 3;
		if (enc == INPUT_ENC_UTF16LE && n >= 2 && !memcmp(h, "\xff\xfe", 2))
			in->head_pos += 2;
		if (enc == INPUT_ENC_UTF16BE && n >= 2 && !memcmp(h, "\xfe\xff", 2))
			in->head_pos += 2;
	}
	if (!in->enc_name)
		in->enc_name = encodings[encoding_index(in->enc)].display;
	from = encodings[encoding_index(in->enc)].iconv;
	if (from) {
		in->cd = iconv_open("UTF-8", from);
		if (in->cd == (iconv_t)-1)
			return sk_fail(err, SK_E_INPUT, in->name, 0,
				       "cannot convert from %s", from);
	}
	in->text_ready = 1;
	return 0;
}

/* Never in converted UTF-8: marks a byte iconv could not convert. */
#define DECODE_MARK '\xff'

/* Decode what is in in->raw into in->text; keep an incomplete tail. */
static int
decode_raw(struct input *in, int at_end, struct sk_err *err)
{
	unsigned char *src = (unsigned char *)in->raw.data + in->raw_pos;
	size_t n = in->raw.len - in->raw_pos;

	if (in->cd == (iconv_t)-1) {
		/* UTF-8 passes through; lines are validated when returned. */
		size_t take = at_end ? n : n - utf8_cut_tail(src, n);

		buf_add(&in->text, src, take);
		in->raw_pos += take;
		return 0;
	}
	while (n) {
		char out[16384];
		char *inp = (char *)src, *outp = out;
		size_t inleft = n, outleft = sizeof(out);
		size_t r = iconv(in->cd, &inp, &inleft, &outp, &outleft);

		buf_add(&in->text, out, sizeof(out) - outleft);
		in->raw_pos += n - inleft;
		src = (unsigned char *)inp;
		n = inleft;
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !at_end)
			break;
		/*
		 * An undecodable byte: put DECODE_MARK and the byte in the
		 * text, so check_line reports it with its line number and the
		 * next lines can still be read (--skip-bad).
		 */
		buf_addch(&in->text, DECODE_MARK);
		buf_addch(&in->text, src[0]);
		in->raw_pos++;
		src++;
		n--;
	}
	(void)err;
	return 0;
}

/*
 * Decode more of the input into in->text. Returns 1 if there may be more,
 * 0 once the input is used up and decoded, -1 on error.
 */
static int
fill_text(struct input *in, struct sk_err *err)
{
	char chunk[65536];
	ssize_t got;

	if (in->raw_pos == in->raw.len) {
		buf_reset(&in->raw);
		in->raw_pos = 0;
	}
	got = input_read(in, chunk, sizeof(chunk), err);
	if (got < 0)
		return -1;
	buf_add(&in->raw, chunk, (size_t)got);
	if (decode_raw(in, got == 0, err) < 0)
		return -1;
	return got > 0;
}

static int
check_line(struct input *in, const char *s, size_t n, struct sk_err *err)
{
	size_t bad;

	if (memchr(s, '\0', n))
		return sk_fail(err, SK_E_INPUT, in->name, in->lineno,
			       "binary data (a NUL byte): this is not a text "
			       "export");
	bad = utf8_check((const unsigned char *)s, n);
	if (bad + 1 < n && in->cd != (iconv_t)-1 && s[bad] == DECODE_MARK)
		return sk_fail_at(err, SK_E_INPUT, in->name, in->lineno,
				  (long)bad + 1,
				  "byte 0x%02x is not valid %s; give the right "
				  "--encoding",
				  (unsigned char)s[bad + 1], in->enc_name);
	if (bad < n)
		return sk_fail_at(err, SK_E_INPUT, in->name, in->lineno,
				  (long)bad + 1,
				  "byte 0x%02x is not valid UTF-8; if the file "
				  "is Latin-1 or Windows-1252, give "
				  "--encoding cp1252",
				  (unsigned char)s[bad]);
	return 0;
}

int
input_getline(struct input *in, const char **line, size_t *len,
	      struct sk_err *err)
{
	size_t scanned = 0;

	if (!in->text_ready && input_set_encoding(in, INPUT_ENC_AUTO, err) < 0)
		return -1;
	if (in->lineno == 0) {
		const unsigned char *h;
		size_t n;

		if (input_peek(in, &h, &n, err) < 0)
			return -1;
		in->cr_lines = memchr(h, '\r', n) && !memchr(h, '\n', n);
	}
	for (;;) {
		char *start = in->text.data + in->text_pos;
		size_t avail = in->text.len - in->text_pos;
		char *end = memchr(start + scanned, in->cr_lines ? '\r' : '\n',
				   avail - scanned);
		int more;

		if (end || in->at_end) {
			size_t n = end ? (size_t)(end - start) : avail;

			if (!end && !avail && !in->too_long)
				return 0;	/* end of input */
			in->text_pos += end ? n + 1 : n;
			in->lineno++;
			if (!in->cr_lines && n && start[n - 1] == '\r')
				n--;
			if (n > INPUT_LINE_MAX || in->too_long) {
				in->too_long = 0;
				return sk_fail(err, SK_E_INPUT, in->name,
					       in->lineno,
					       "line is longer than 1 MiB");
			}
			buf_reset(&in->line);
			buf_add(&in->line, start, n);
			break;
		}
		scanned = avail;
		if (avail > INPUT_LINE_MAX) {
			/* Drop what we have; find the line's end first. */
			in->too_long = 1;
			in->text_pos += avail;
			scanned = 0;
			avail = 0;
		}
		/* Move the unread part to the front before reading more. */
		if (in->text_pos) {
			memmove(in->text.data, start, avail);
			buf_setlen(&in->text, avail);
			in->text_pos = 0;
		}
		more = fill_text(in, err);
		if (more < 0)
			return -1;
		if (!more)
			in->at_end = 1;
	}
	if (check_line(in, in->line.data, in->line.len, err) < 0)
		return -1;
	*line = in->line.data;
	*len = in->line.len;
	return 1;
}

long
input_line(const struct input *in)
{
	return in->lineno;
}

int
input_read_text(const char *path, size_t max, const char *what, char **text,
		size_t *len, struct sk_err *err)
{
	struct input *in;
	struct buf b = BUF_INIT;
	const char *line;
	size_t n;
	int rc;

	if (input_open(&in, path, err) < 0)
		return -1;
	rc = input_set_encoding(in, INPUT_ENC_AUTO, err);
	while (rc == 0 && (rc = input_getline(in, &line, &n, err)) == 1) {
		if (b.len + n + 1 > max) {
			rc = sk_fail(err, SK_E_INPUT, input_name(in),
				     input_line(in), "the file is over %zu KiB: "
				     "is it a %s?", max / 1024, what);
			break;
		}
		if (memchr(line, '\0', n)) {
			rc = sk_fail(err, SK_E_INPUT, input_name(in),
				     input_line(in), "the file holds a NUL "
				     "byte: is it a %s?", what);
			break;
		}
		buf_add(&b, line, n);
		buf_addch(&b, '\n');
		rc = 0;
	}
	input_close(in);
	if (rc < 0) {
		buf_release(&b);
		return -1;
	}
	*text = buf_detach(&b, len);
	return 0;
}
