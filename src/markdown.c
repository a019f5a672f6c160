/*
 * markdown: text made safe for a Markdown page or table cell.
 */
#include "markdown.h"

#include <string.h>

#include "banned.h"

void
md_write_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s, out);
	}
}
