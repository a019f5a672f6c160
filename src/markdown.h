/*
 * markdown: text made safe for a Markdown page or table cell.
 */
#ifndef SK_MARKDOWN_H
#define SK_MARKDOWN_H

#include <stdio.h>

/*
 * Write s on one line with Markdown's syntax characters escaped, so a
 * title with '|', '*' or '<' shows as typed and cannot open a table
 * cell, an emphasis or an HTML tag.
 */
void md_write_text(FILE *out, const char *s);

#endif
