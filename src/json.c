#include "json.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "banned.h"

void
json_add_string(struct buf *b, const char *s)
{
	if (!s) {
		buf_adds(b, "null");
		return;
	}
	buf_addch(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		default:
			if (*p < 0x20)
				buf_addf(b, "\\u%04x", *p);
			else
				buf_addch(b, *p);
		}
	}
	buf_addch(b, '"');
}

void
json_add_strlist(struct buf *b, const struct strlist *l)
{
	buf_addch(b, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addch(b, ',');
		json_add_string(b, l->v[i]);
	}
	buf_addch(b, ']');
}

int
json_parse_strlist(const char *text, struct strlist *l)
{
	json_error_t error;
	json_t *arr = json_loads(text, 0, &error);
	size_t i;
	json_t *v;

	if (!json_is_array(arr)) {
		json_decref(arr);
		return -1;
	}
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (s)
			strlist_add(l, s, strlen(s));
	}
	json_decref(arr);
	return 0;
}
