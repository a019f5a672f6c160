#include "tagged.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "xalloc.h"
#include "banned.h"

void
tagged_init(struct tagged *t, struct input *in, struct record_sink *sink,
	    struct sk_err *err)
{
	memset(t, 0, sizeof(*t));
	t->in = in;
	t->sink = sink;
	t->err = err;
	record_init(&t->rec);
}

void
tagged_release(struct tagged *t)
{
	record_release(&t->rec);
}

/*
 * Tell the sink about a bad record starting at "start", whose problem is
 * "why" (a filled error naming the exact line). If the sink stops, err
 * keeps the exact place, not only the record's start.
 */
static int
report_bad(struct tagged *t, long start, const struct sk_err *why)
{
	char reason[1200];

	t->skipping = 1;
	t->n_bad++;
	if (why->line && why->line != start)
		snprintf(reason, sizeof(reason), "line %ld: %s", why->line,
			 why->msg);
	else
		snprintf(reason, sizeof(reason), "%s", why->msg);
	if (t->sink->bad(t->sink->ctx, start, reason, t->err) == 0)
		return 0;
	*t->err = *why;
	return -1;
}

int
tagged_bad(struct tagged *t, long line, const char *fmt, ...)
{
	struct sk_err why = SK_ERR_INIT;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why.msg, sizeof(why.msg), fmt, ap);
	va_end(ap);
	why.kind = SK_E_INPUT;
	why.line = line;
	snprintf(why.file, sizeof(why.file), "%s", input_name(t->in));
	return report_bad(t, t->rec.line ? t->rec.line : line, &why);
}

int
tagged_getline(struct tagged *t, const char **line, size_t *len)
{
	long before = input_line(t->in);
	int r = input_getline(t->in, line, len, t->err);
	struct sk_err why;

	if (r >= 0)
		return r;
	/*
	 * A line that cannot be read was consumed (its number advanced):
	 * the record holding it is bad. Otherwise the stream itself failed
	 * (damaged gzip, I/O) and nothing more can be read.
	 */
	if (input_line(t->in) == before)
		return -1;
	if (t->skipping)
		return 2;	/* already reported this record */
	why = *t->err;
	if (report_bad(t, t->rec.line ? t->rec.line : why.line, &why) < 0)
		return -1;
	return 2;
}

/* Refuse binary data and PDFs before reading lines of them. */
int
tagged_check_text(struct tagged *t)
{
	const unsigned char *h;
	size_t n, ctl = 0;

	if (input_peek(t->in, &h, &n, t->err) < 0)
		return -1;
	if (n >= 5 && !memcmp(h, "%PDF-", 5))
		return sk_fail(t->err, SK_E_INPUT, input_name(t->in), 0,
			       "this is a PDF, not a bibliographic export");
	if (n >= 2 && ((h[0] == 0xff && h[1] == 0xfe) ||
		       (h[0] == 0xfe && h[1] == 0xff)))
		return 0;	/* UTF-16: zero bytes are expected */
	for (size_t i = 0; i < n; i++)
		ctl += (h[i] < 0x20 && h[i] != '\t' && h[i] != '\n' &&
			h[i] != '\r' && h[i] != '\f') || h[i] == 0x7f;
	/* UTF-16 without BOM has zeros in every other byte */
	if (ctl * 100 > n && ctl * 3 < n)
		return sk_fail(t->err, SK_E_INPUT, input_name(t->in), 0,
			       "binary data, not a text export");
	return 0;
}

int
tagged_original(struct tagged *t, const char *s, size_t n)
{
	struct buf *o = &t->rec.original;

	if (t->skipping)
		return 0;
	if (o->len + n + 1 > RECORD_ORIGINAL_MAX) {
		if (tagged_bad(t, t->rec.line, "record is longer than 16 MiB")
		    < 0)
			return -1;
		return 1;
	}
	if (o->len)
		buf_addch(o, '\n');
	buf_add(o, s, n);
	return 0;
}

int
tagged_emit(struct tagged *t)
{
	int r = 0;

	if (!t->skipping) {
		t->n_records++;
		r = t->sink->record(t->sink->ctx, &t->rec, t->err);
	}
	tagged_drop(t);
	return r < 0 ? -1 : 0;
}

void
tagged_drop(struct tagged *t)
{
	record_reset(&t->rec);
	t->skipping = 0;
	t->issn_print = 0;
}

void
tagged_set_issn(struct tagged *t, const char *s, size_t n, int print)
{
	char issn[10];
	int r = tagged_issn(s, n, issn);

	if (!r)
		return;
	if (print < 0)
		print = r == 2;
	if (t->issn_print || (t->rec.issn && !print))
		return;
	record_set(&t->rec.issn, issn, 9);
	t->issn_print = print;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
tagged_run(struct tagged *t, const struct tagged_reader *r, void *p)
{
	const char *line;
	size_t len;
	int rc;

	if (tagged_check_text(t) < 0)
		return -1;
	while ((rc = tagged_getline(t, &line, &len)) != 0) {
		if (rc < 0)
			return -1;
		if (rc == 2) {
			if (r->skip)
				r->skip(p);
			continue;
		}
		if (r->line(p, line, len) < 0)
			return -1;
	}
	if (r->end(p) < 0)
		return -1;
	if (!t->n_records && !t->n_bad)
		return sk_fail(t->err, SK_E_INPUT, input_name(t->in), 0, "%s",
			       r->none);
	return 0;
}

size_t
tagged_doi(const char *s, size_t n, size_t *off)
{
	for (size_t i = 0; i + 4 < n; i++) {
		size_t j = i + 3, end;

		if (s[i] != '1' || s[i + 1] != '0' || s[i + 2] != '.')
			continue;
		if (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.'))
			continue;
		while (j < n && is_digit(s[j]))
			j++;
		if (j == i + 3 || j >= n || s[j] != '/')
			continue;
		end = j;
		while (end < n && !tagged_is_space(s[end]))
			end++;
		if (end == j + 1)
			continue;	/* "10.1234/" with nothing after */
		*off = i;
		return end - i;
	}
	return 0;
}

void
tagged_set_first(char **field, const char *s, size_t n)
{
	if (!*field)
		record_set(field, s, n);
}

void
tagged_set_doi(struct record *r, const char *s, size_t n)
{
	size_t off, len = tagged_doi(s, n, &off);

	if (len)
		tagged_set_first(&r->doi, s + off, len);
}

int
tagged_all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

void
tagged_set_pmid(struct record *r, const char *s, size_t n)
{
	if (tagged_all_digits(s, n))
		tagged_set_first(&r->pmid, s, n);
}

static int
starts_nocase(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(s, prefix, k) == 0;
}

void
tagged_set_ids(struct record *r, const char *s, size_t n)
{
	size_t d = 0;

	if (starts_nocase(s, n, "PMC") && n > 3 && is_digit(s[3])) {
		while (3 + d < n && is_digit(s[3 + d]))
			d++;
		if (!r->pmcid)
			record_set(&r->pmcid, s, 3 + d);
		return;
	}
	if (starts_nocase(s, n, "PUBMED") && n > 7 &&
	    (s[6] == ' ' || s[6] == '-')) {
		s += 7, n -= 7;
		while (d < n && is_digit(s[d]))
			d++;
		if (d && !r->pmid)
			record_set(&r->pmid, s, d);
		return;
	}
	while (d < n && is_digit(s[d]))
		d++;
	if (d && n - d == 7 && !memcmp(s + d, " [PMID]", 7) && !r->pmid)
		record_set(&r->pmid, s, d);
}

int
tagged_is_link(const char *s, size_t n)
{
	return starts_nocase(s, n, "http://") ||
	       starts_nocase(s, n, "https://") ||
	       starts_nocase(s, n, "ftp://");
}

const char *
tagged_find_nocase(const char *s, const char *word)
{
	size_t k = strlen(word);

	for (; *s; s++)
		if (strncasecmp(s, word, k) == 0)
			return s;
	return NULL;
}

int
tagged_names_medline(const char *db)
{
	return tagged_find_nocase(db, "medline") ||
	       tagged_find_nocase(db, "pubmed") ||
	       tagged_find_nocase(db, "nlm");
}

int
tagged_is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!tagged_is_space(s[i]))
			return 0;
	return 1;
}

/* 1 if s[i..] holds 8 ISSN characters, with or without the hyphen. */
static size_t
issn_at(const char *s, size_t n, size_t i, char out[10])
{
	size_t k = 0, j = i;

	/* not inside a longer number; "ISSN-1234-4567" (ERIC) is fine */
	if (i > 0 && (is_digit(s[i - 1]) ||
		      (s[i - 1] == '-' && i > 1 && is_digit(s[i - 2]))))
		return 0;
	while (j < n && k < 8) {
		char c = s[j];

		if (k == 4 && c == '-') {
			j++;
			continue;
		}
		if (!is_digit(c) && !(k == 7 && (c == 'X' || c == 'x')))
			return 0;
		out[k < 4 ? k : k + 1] = c == 'x' ? 'X' : c;
		k++;
		j++;
	}
	if (k < 8 || (j < n && (is_digit(s[j]) || s[j] == '-')))
		return 0;
	out[4] = '-';
	out[9] = '\0';
	return j - i;
}

static int
marked_print(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '('))
		s++, n--;
	return n >= 5 && (memcmp(s, "Print", 5) == 0 ||
			  memcmp(s, "print", 5) == 0);
}

int
tagged_issn(const char *s, size_t n, char out[10])
{
	char cand[10];
	int found = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = issn_at(s, n, i, cand);

		if (!len)
			continue;
		if (marked_print(s + i + len, n - i - len)) {
			memcpy(out, cand, 10);
			return 2;
		}
		if (!found)
			memcpy(out, cand, 10);
		found = 1;
		i += len - 1;
	}
	return found;
}

/* 1 if s[0..n) looks like initials: "J", "JS", "J.S.", "J.-P." */
static int
looks_initials(const char *s, size_t n)
{
	size_t letters = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			letters++;
		else if (s[i] != '.' && s[i] != '-')
			return 0;
	}
	return letters >= 1 && letters <= 4;
}

size_t
tagged_initials(const char *s, size_t n)
{
	size_t start = 0, end = n;

	/* walk back over "F.", "G." ... while a family name stays before them */
	while (end) {
		size_t sp = end;

		while (sp && s[sp - 1] != ' ')
			sp--;
		if (!sp || !looks_initials(s + sp, end - sp))
			break;
		start = sp;
		end = sp;
		while (end && s[end - 1] == ' ')
			end--;
	}
	return end ? start : 0;
}

struct author *
tagged_author(struct record *r, const char *s, size_t n)
{
	const char *comma;
	struct author *a;
	size_t given;

	while (n && tagged_is_space(*s))
		s++, n--;
	while (n && tagged_is_space(s[n - 1]))
		n--;
	if (!n)
		return NULL;
	a = record_add_author(r);
	record_set(&a->name, s, n);
	comma = memchr(s, ',', n);
	if (comma) {
		record_set(&a->family, s, (size_t)(comma - s));
		record_set(&a->given, comma + 1, n - (size_t)(comma - s) - 1);
	} else if ((given = tagged_initials(s, n))) {
		record_set(&a->family, s, given);
		record_set(&a->given, s + given, n - given);
	}
	/*
	 * Otherwise no family name is claimed: "A. Author-One" or a group
	 * ("International ... Consortium") cannot be told apart.
	 */
	return a;
}

size_t
tagged_date_len(const char *s, size_t n)
{
	while (n && (s[n - 1] == '/' || tagged_is_space(s[n - 1])))
		n--;
	return n;
}
