/* Small shared pieces: record helpers, output writers, JSON, dates. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "json.h"
#include "output.h"
#include "record.h"

/* Parameters are copied into each test process: no pointers inside. */
struct year_case {
	char text[32];
	int year;
};

ParameterizedTestParameters(core, year_from)
{
	static struct year_case cases[] = {
		{ "2019 Mar 15", 2019 }, { "1998 Dec-1999 Jan", 1998 },
		{ "Winter 2001", 2001 }, { "2019///", 2019 },
		{ "12345", 0 }, { "vol 3000", 0 }, { "", 0 }, { "0999", 0 },
	};
	return cr_make_param_array(struct year_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct year_case *c, core, year_from)
{
	cr_expect_eq(record_year_from(c->text), c->year, "%s", c->text);
}

Test(core, normalize_pmcid_drops_version)
{
	struct record r;

	record_init(&r);
	record_set(&r.pmcid, "PMC3706072.1", 12);
	record_normalize(&r);
	cr_assert_str_eq(r.pmcid, "PMC3706072");
	record_release(&r);
}

Test(core, record_set_trims_and_drops_empty)
{
	char *f = NULL;

	record_set(&f, "  \t\n ", 5);
	cr_assert_null(f);
	record_set(&f, "  title \r\n", 10);
	cr_assert_str_eq(f, "title");
	record_append(&f, " more ", 6, "; ");
	cr_assert_str_eq(f, "title; more");
	free(f);
}

Test(core, json_strlist_round_trip)
{
	struct strlist in = { 0 }, out = { 0 };
	struct buf b = BUF_INIT;

	strlist_add(&in, "a \"b\" \\ c", 9);
	strlist_add(&in, "line\nbreak\t\x01", 12);
	strlist_add(&in, "\xc3\xa9t\xc3\xa9", 6);
	json_add_strlist(&b, &in);
	cr_assert_eq(json_parse_strlist(b.data, &out), 0, "%s", b.data);
	cr_assert_eq(out.n, 3);
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(out.v[i], in.v[i]);
	cr_assert_eq(json_parse_strlist("{\"a\": 1}", &out), -1);
	strlist_release(&in);
	strlist_release(&out);
	buf_release(&b);
}

static char *
render(enum output_format fmt, const char *const *cells)
{
	static const struct output_column cols[] = {
		{ "id", 1, 0 }, { "title", 0, 10 },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct output *o = output_new(f, fmt, cols, 2);

	output_row(o, cells);
	cr_assert_eq(output_finish(o), 0);
	fclose(f);
	return text;
}

Test(core, output_formats)
{
	const char *row[] = { "7", "Pain, \"back\"\nand neck" };
	const char *empty[] = { "8", NULL };
	char *t;

	t = render(OUTPUT_CSV, row);
	cr_assert_str_eq(t, "id,title\r\n7,\"Pain, \"\"back\"\"\nand neck\"\r\n");
	free(t);
	t = render(OUTPUT_TSV, row);
	cr_assert_str_eq(t, "id\ttitle\n7\tPain, \"back\" and neck\n");
	free(t);
	t = render(OUTPUT_JSON, row);
	cr_assert_str_eq(t, "[\n  {\"id\": 7, \"title\": \"Pain, \\\"back\\\"\\nand neck\"}\n]\n");
	free(t);
	t = render(OUTPUT_JSON, empty);
	cr_assert(strstr(t, "\"title\": null"), "%s", t);
	free(t);
	/* A table cuts long cells to the column's width with an ellipsis. */
	t = render(OUTPUT_TABLE, row);
	cr_assert_str_eq(t, "id  title\n 7  Pain, \"ba\xe2\x80\xa6\n");
	free(t);
}

Test(core, output_width_counts_columns)
{
	cr_assert_eq(output_width("abc"), 3);
	cr_assert_eq(output_width("Schr\xc3\xb6" "der"), 8);
	cr_assert_eq(output_width("\xe5\xbc\xa0\xe4\xbc\x9f"), 4);	/* two CJK, double width */
}

Test(core, search_dates)
{
	struct sk_err err = SK_ERR_INIT;

	cr_assert_eq(import_check_date("2022-12-31", &err), 0);
	cr_assert_eq(import_check_date("2022-12", &err), 0);
	cr_assert_eq(import_check_date("2022", &err), 0);
	cr_assert_eq(import_check_date("2022-02-30", &err), -1);
	cr_assert_eq(import_check_date("31/12/2022", &err), -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert_eq(import_check_date("2022-1-5", &err), -1);
}
