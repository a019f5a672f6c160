/*
 * buf: a growable byte string that is always NUL-terminated and never
 * has NULL data, so it can be handed to C string functions at any time.
 */
#ifndef SK_BUF_H
#define SK_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *b);
/* Free the memory; the buf is then as after buf_init. */
void buf_release(struct buf *b);
/* Empty the buf but keep its memory for reuse. */
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, int c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_setlen(struct buf *b, size_t len);
/* Strip spaces, tabs, CR and LF at both ends. */
void buf_trim(struct buf *b);
/* Take the string; the caller frees it; the buf is left empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
