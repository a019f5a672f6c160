/*
 * err: the error every fallible function fills in, and warnings.
 * Modules never print errors; the command dispatcher prints them once.
 */
#ifndef SK_ERR_H
#define SK_ERR_H

#include <stdarg.h>

enum sk_err_kind {
	SK_E_NONE = 0,
	SK_E_USAGE,	/* bad command line: exit 2 */
	SK_E_INPUT,	/* bad input file or value */
	SK_E_IO,	/* cannot read or write a file */
	SK_E_DB,	/* the store refused */
	SK_E_NET,	/* network */
	SK_E_CONFLICT,	/* already done, or contradicts the store */
};

struct sk_err {
	enum sk_err_kind kind;
	char file[512];	/* input named in the message, "" if none */
	long line;	/* 1-based, 0 if unknown */
	long column;	/* 1-based, 0 if unknown */
	char msg[1024];
};

#define SK_ERR_INIT { SK_E_NONE, "", 0, 0, "" }

/* Fill err and return -1, so callers can write `return sk_fail(...)`. */
int sk_fail(struct sk_err *err, enum sk_err_kind kind, const char *file,
	    long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int sk_fail_at(struct sk_err *err, enum sk_err_kind kind, const char *file,
	       long line, long column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Reset err to "no error". */
void sk_err_clear(struct sk_err *err);

/* Format "file:line:col: msg" (parts that are unset are left out) into out. */
void sk_err_format(const struct sk_err *err, char *out, unsigned long size);

/* Print "scopekit: warning: ..." to stderr unless warnings are quiet. */
void sk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sk_set_quiet(int quiet);
int sk_is_quiet(void);

#endif
