/*
 * json: writing JSON text into a buf: strings with escapes, and arrays
 * of strings (how the store keeps lists such as keywords).
 */
#ifndef SK_JSON_H
#define SK_JSON_H

#include "buf.h"
#include "record.h"

/* Append s as a JSON string literal, or null when s is NULL. */
void json_add_string(struct buf *b, const char *s);
/* Append the list as a JSON array of strings. */
void json_add_strlist(struct buf *b, const struct strlist *l);
/*
 * Parse a JSON array of strings (as written by json_add_strlist) into l.
 * Returns -1 if text is not such an array.
 */
int json_parse_strlist(const char *text, struct strlist *l);

#endif
