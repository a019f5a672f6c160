/*
 * RFC 4180 reading, one line at a time, so that the caller keeps the line
 * numbers and the decoding of the input module. Lenient where exporters
 * are: a quote inside an unquoted cell is kept as it is, text after a
 * closing quote is added to the value, blanks before an opening quote are
 * dropped.
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

void
csv_init(struct csv *c, char sep, size_t cell_max, size_t row_max,
	 size_t max_cells)
{
	memset(c, 0, sizeof(*c));
	c->sep = sep;
	c->cell_max = cell_max;
	c->row_max = row_max;
	c->max_cells = max_cells;
	buf_init(&c->text);
}

void
csv_release(struct csv *c)
{
	buf_release(&c->text);
	free(c->cells);
	c->cells = NULL;
	c->n = c->cap = 0;
}

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void
cell_begin(struct csv *c, long line)
{
	c->cell_line = line;
	c->quoted = 0;
	c->blank = 1;
	c->keep = c->n < c->max_cells;
	c->seen++;
	if (!c->keep)
		return;
	c->cells = xgrow(c->cells, &c->cap, c->n + 1, sizeof(*c->cells));
	c->cells[c->n].off = c->text.len;
	c->cells[c->n].len = 0;
	c->cells[c->n].line = line;
	c->cells[c->n].quoted = 0;
	c->n++;
}

static void
over_limit(struct csv *c, int row)
{
	if (c->too_long)
		return;
	c->too_long = c->cell_line;
	c->row_too_long = row;
}

static void
cell_add(struct csv *c, const char *s, size_t k)
{
	struct csv_cell *cell;

	for (size_t i = 0; c->blank && i < k; i++)
		c->blank = is_blank(s[i]);
	if (!c->keep || !k)
		return;
	cell = &c->cells[c->n - 1];
	if (cell->len + k > c->cell_max)
		over_limit(c, 0);
	else if (c->text.len + k > c->row_max)
		over_limit(c, 1);
	if (c->too_long)
		return;	/* the row is bad: stop keeping text */
	buf_add(&c->text, s, k);
	cell->len += k;
}

/*
 * ="0123" inside quotes ("=""0123""") is Excel's way to keep a value as
 * text; unwrap it in place, "" being a quote.
 */
static void
unwrap_formula(struct csv *c, struct csv_cell *cell)
{
	char *v = c->text.data + cell->off;
	size_t k = 0;

	if (cell->len < 3 || v[0] != '=' || v[1] != '"' ||
	    v[cell->len - 1] != '"')
		return;
	for (size_t i = 2; i + 1 < cell->len; i++) {
		v[k++] = v[i];
		if (v[i] == '"' && v[i + 1] == '"')
			i++;
	}
	cell->len = k;
	buf_setlen(&c->text, cell->off + k);
}

static void
cell_end(struct csv *c)
{
	if (!c->keep) {
		if (!c->blank && !c->extra++)
			c->extra_line = c->cell_line;
		return;
	}
	if (c->quoted && !c->too_long)
		unwrap_formula(c, &c->cells[c->n - 1]);
	buf_addch(&c->text, '\0');
}

static void
row_begin(struct csv *c, long line)
{
	buf_reset(&c->text);
	c->n = 0;
	c->seen = 0;
	c->line = line;
	c->too_long = 0;
	c->row_too_long = 0;
	c->extra = 0;
	c->extra_line = 0;
	c->state = CSV_CELL_START;
}

static void
open_quote(struct csv *c, long line)
{
	c->state = CSV_QUOTED;
	c->quote_line = line;
	if (c->keep)
		c->cells[c->n - 1].quoted = 1;
}

/* At the start of a cell: a quote, Excel's =", or the first character. */
static size_t
at_cell_start(struct csv *c, const char *s, size_t n, size_t i, long line)
{
	size_t j = i;

	while (j < n && (s[j] == ' ' || s[j] == '\t') && s[j] != c->sep)
		j++;
	if (j < n && s[j] == '"') {
		c->quoted = 1;
		open_quote(c, line);
		return j + 1;
	}
	if (j + 1 < n && s[j] == '=' && s[j + 1] == '"') {
		/* ="x" unquoted: the value is x, separators in it included */
		open_quote(c, line);
		return j + 2;
	}
	c->state = CSV_PLAIN;
	return i;
}

static size_t
next_cell(struct csv *c, size_t i, long line)
{
	cell_end(c);
	cell_begin(c, line);
	c->state = CSV_CELL_START;
	return i + 1;
}

int
csv_feed(struct csv *c, const char *s, size_t n, long line)
{
	size_t i = 0, j;

	if (c->state == CSV_QUOTED) {
		cell_add(c, "\n", 1);
	} else {
		row_begin(c, line);
		cell_begin(c, line);
	}
	while (i < n) {
		switch (c->state) {
		case CSV_CELL_START:
			i = at_cell_start(c, s, n, i, line);
			break;
		case CSV_PLAIN:
			for (j = i; j < n && s[j] != c->sep; j++)
				;
			cell_add(c, s + i, j - i);
			i = j < n ? next_cell(c, j, line) : n;
			break;
		case CSV_QUOTED:
			for (j = i; j < n && s[j] != '"'; j++)
				;
			cell_add(c, s + i, j - i);
			if (j + 1 < n && s[j + 1] == '"') {
				cell_add(c, "\"", 1);
				i = j + 2;
			} else if (j < n) {
				c->state = CSV_QUOTE_END;
				i = j + 1;
			} else {
				i = n;
			}
			break;
		case CSV_QUOTE_END:
			if (s[i] == c->sep)
				i = next_cell(c, i, line);
			else
				c->state = CSV_PLAIN;	/* "a"b: kept as ab */
			break;
		}
	}
	if (c->state == CSV_QUOTED)
		return 0;
	cell_end(c);
	c->state = CSV_CELL_START;
	return 1;
}

int
csv_row_blank(const struct csv *c)
{
	if (c->extra)
		return 0;
	for (size_t i = 0; i < c->n; i++) {
		const char *v = csv_value(c, i);

		for (size_t k = 0; k < c->cells[i].len; k++)
			if (!is_blank(v[k]))
				return 0;
	}
	return 1;
}

char
csv_sniff_sep(const char *s, size_t n)
{
	static const char seps[] = { ',', ';', '\t' };
	size_t count[3] = { 0, 0, 0 }, best = 0;
	int quoted = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		for (size_t k = 0; !quoted && k < 3; k++)
			count[k] += s[i] == seps[k];
	}
	for (size_t k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	return seps[best];
}

int
csv_sep_hint(const char *s, size_t n, char *sep)
{
	while (n && is_blank(s[n - 1]))
		n--;
	if (n != 5 || strncmp(s, "sep=", 4) != 0)
		return 0;
	*sep = s[4];
	return 1;
}
