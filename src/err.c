#include "err.h"

#include <stdio.h>
#include <string.h>
#include "banned.h"

static int quiet;

static int vfail(struct sk_err *err, enum sk_err_kind kind, const char *file,
		 long line, long column, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static int
vfail(struct sk_err *err, enum sk_err_kind kind, const char *file, long line,
      long column, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	err->line = line;
	err->column = column;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int
sk_fail(struct sk_err *err, enum sk_err_kind kind, const char *file, long line,
	const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, kind, file, line, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
sk_fail_at(struct sk_err *err, enum sk_err_kind kind, const char *file,
	   long line, long column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, kind, file, line, column, fmt, ap);
	va_end(ap);
	return -1;
}

void
sk_err_clear(struct sk_err *err)
{
	memset(err, 0, sizeof(*err));
}

void
sk_err_format(const struct sk_err *err, char *out, unsigned long size)
{
	char place[600] = "";

	if (err->file[0] && err->line > 0 && err->column > 0)
		snprintf(place, sizeof(place), "%s:%ld:%ld: ", err->file,
			 err->line, err->column);
	else if (err->file[0] && err->line > 0)
		snprintf(place, sizeof(place), "%s:%ld: ", err->file,
			 err->line);
	else if (err->file[0])
		snprintf(place, sizeof(place), "%s: ", err->file);
	snprintf(out, size, "%s%s", place, err->msg);
}

void
sk_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	fputs("scopekit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
sk_set_quiet(int q)
{
	quiet = q;
}

int
sk_is_quiet(void)
{
	return quiet;
}
