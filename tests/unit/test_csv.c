/*
 * CSV reader: RFC 4180 quoting, cells over several lines, line ends, BOM,
 * separators, Excel's ="x", each error with its line, the shapes of
 * author lists, --map, and fields of real exports from the corpus.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "harness.h"

/* What the shared snapshot does not keep, for records first..first+31. */
struct extra {
	char *accession, *volume, *issue, *url, *database, *lang0, *pubtype0;
	char *mesh0;
	char authors[2048];	/* "Family|Given; =Name; {Group}" */
};

struct both {
	struct got *g;
	long first;
	struct extra x[32];
};

static struct both *boths[16];
static size_t nboths;

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void
save_extra(struct extra *x, const struct record *r)
{
	size_t len = 0;

	x->accession = dup_or_null(r->accession);
	x->volume = dup_or_null(r->volume);
	x->issue = dup_or_null(r->issue);
	x->url = dup_or_null(r->url);
	x->database = dup_or_null(r->database);
	x->lang0 = r->languages.n ? strdup(r->languages.v[0]) : NULL;
	x->pubtype0 = r->pubtypes.n ? strdup(r->pubtypes.v[0]) : NULL;
	x->mesh0 = r->mesh.n ? strdup(r->mesh.v[0]) : NULL;
	for (size_t i = 0; i < r->n_authors && len < sizeof(x->authors); i++) {
		const struct author *a = &r->authors[i];
		const char *sep = i ? "; " : "";
		int k;

		if (a->collective)
			k = snprintf(x->authors + len, sizeof(x->authors) - len,
				     "%s{%s}", sep, a->name);
		else if (a->family)
			k = snprintf(x->authors + len, sizeof(x->authors) - len,
				     "%s%s|%s", sep, a->family,
				     a->given ? a->given : "");
		else
			k = snprintf(x->authors + len, sizeof(x->authors) - len,
				     "%s=%s", sep, a->name);
		len += (size_t)k;
	}
}

static int
keep_both(void *ctx, struct record *r, struct sk_err *err)
{
	struct both *b = ctx;
	long i = b->g->n - b->first;

	if (i >= 0 && i < 32)
		save_extra(&b->x[i], r);
	return keep_record(b->g, r, err);
}

static int
bad_both(void *ctx, long line, const char *reason, struct sk_err *err)
{
	struct both *b = ctx;

	return note_bad(b->g, line, reason, err);
}

/* Parse a file with --map map; records first..first+31 get extras. */
static int
parse_csv(const char *path, const char *map, long first, int skip_bad,
	  struct both **out, struct sk_err *err)
{
	struct both *b = calloc(1, sizeof(*b));
	struct record_sink sink = { b, keep_both, bad_both, NULL };
	struct input *in;
	int r;

	b->g = new_got(skip_bad);
	b->first = first;
	if (nboths < sizeof(boths) / sizeof(*boths))
		boths[nboths++] = b;
	*out = b;
	cr_assert_eq(input_open(&in, path, err), 0, "%s", err->msg);
	cr_assert_eq(input_set_encoding(in, INPUT_ENC_AUTO, err), 0, "%s",
		     err->msg);
	r = csv_parse(in, map, &sink, err);
	input_close(in);
	return r;
}

/* A file that must parse: its records. */
static struct both *
csv_ok(const char *path, const char *map, long first)
{
	struct sk_err err = SK_ERR_INIT;
	struct both *b;

	cr_assert_eq(parse_csv(path, map, first, 0, &b, &err), 0,
		     "%s:%ld: %s", err.file, err.line, err.msg);
	return b;
}

static struct both *
text_ok(const char *text)
{
	return csv_ok(write_tmp("t.csv", text, strlen(text)), NULL, 0);
}

/* A text that must fail: the error, with the file named. */
static struct sk_err
text_fails(const char *text, const char *map)
{
	struct sk_err err = SK_ERR_INIT;
	const char *path = write_tmp("bad.csv", text, strlen(text));
	struct both *b;

	cr_assert_eq(parse_csv(path, map, 0, 0, &b, &err), -1, "%s", text);
	cr_assert_str_eq(err.file, path);
	return err;
}

static void
free_boths(void)
{
	while (nboths) {
		struct both *b = boths[--nboths];

		for (size_t i = 0; i < 32; i++) {
			struct extra *x = &b->x[i];
			char *s[] = { x->accession, x->volume, x->issue, x->url,
				      x->database, x->lang0, x->pubtype0,
				      x->mesh0 };

			for (size_t k = 0; k < sizeof(s) / sizeof(*s); k++)
				free(s[k]);
		}
		free(b);
	}
}

static void
fini(void)
{
	free_boths();
	drop_tmp();
}

TestSuite(csv, .init = make_tmp, .fini = fini);

/* --- the reader ------------------------------------------------------------ */

Test(csv, rfc4180_quoting)
{
	struct both *b = text_ok(
		"Title,Authors,Abstract\n"
		"\"Commas, in a title\",\"Smith, J\",\"He said \"\"no\"\".\"\n"
		"Plain title,Lee K,a \"quoted\" word\n"
		"\"\",,\n"
		"\"Quote\"after,,\n");

	cr_assert_eq(b->g->n, 3);	/* the empty row is skipped */
	STR_EQ(b->g->v[0].title, "Commas, in a title");
	STR_EQ(b->g->v[0].abstract, "He said \"no\".");
	STR_EQ(b->g->v[0].family0, "Smith");
	STR_EQ(b->g->v[1].title, "Plain title");
	STR_EQ(b->g->v[1].abstract, "a \"quoted\" word");
	STR_EQ(b->g->v[2].title, "Quoteafter");
	cr_assert_eq(b->g->v[2].line, 5);
}

Test(csv, cells_over_several_lines)
{
	struct both *b = text_ok(
		"Title,Abstract,Year\n"
		"\"A title broken\n  over lines\",\"First paragraph.\n\n"
		"Second paragraph.\",2001\n"
		"Next,\"x\",2002\n");

	cr_assert_eq(b->g->n, 2);
	cr_assert_eq(b->g->v[0].line, 2);
	/* a title is one line; an abstract keeps its paragraphs */
	STR_EQ(b->g->v[0].title, "A title broken over lines");
	STR_EQ(b->g->v[0].abstract, "First paragraph.\n\nSecond paragraph.");
	cr_assert_eq(b->g->v[0].year, 2001);
	cr_assert_eq(b->g->v[1].line, 6);
	STR_EQ(b->g->v[1].title, "Next");
}

Test(csv, crlf_bom_and_blank_rows)
{
	struct both *b = text_ok("\xef\xbb\xbfTitle,Year\r\n\r\n"
				 "One,2001\r\n,\r\n\"Two\r\nlines\",2002\r\n"
				 "Three,2003");

	cr_assert_eq(b->g->n, 3);
	STR_EQ(b->g->v[0].title, "One");
	cr_assert_eq(b->g->v[0].line, 3);
	STR_EQ(b->g->v[1].title, "Two lines");
	cr_assert_eq(b->g->v[1].line, 5);
	STR_EQ(b->g->v[2].title, "Three");	/* no line end at the end */
	cr_assert_eq(b->g->v[2].year, 2003);
}

Test(csv, semicolons_tabs_and_the_sep_hint)
{
	struct both *t = text_ok("Title\tAuthors\tYear\nTabbed, title\t"
				 "Smith J\t2011\n");
	struct both *h = text_ok("sep=;\nTitle;Year\nHinted, yes;2012\n");

	STR_EQ(t->g->v[0].title, "Tabbed, title");
	STR_EQ(t->g->v[0].family0, "Smith");
	cr_assert_eq(t->g->v[0].year, 2011);
	STR_EQ(h->g->v[0].title, "Hinted, yes");
	cr_assert_eq(h->g->v[0].line, 3);
}

Test(csv, semicolon_separated_export)
{
	struct both *b = text_ok("Title;Authors;Year;DOI\n"
				 "\"Cost; benefit\";\"Smith, J; Lee, K\";2010;"
				 "doi:10.1/x\n");

	cr_assert_eq(b->g->n, 1);
	STR_EQ(b->g->v[0].title, "Cost; benefit");
	cr_assert_eq(b->g->v[0].n_authors, 2);
	STR_EQ(b->g->v[0].doi, "10.1/x");
}

Test(csv, excel_formula_cells)
{
	struct both *b = text_ok(
		"Title,ISSN,Publication Date,Accession Number\n"
		"x,=\"00788562\",=\"Jun2023\",\"=\"\"0123\"\"\"\n"
		"y,=\"1932,6203\",=\"2024\",=\"a\"\"b\"\n");

	STR_EQ(b->g->v[0].issn, "0078-8562");
	STR_EQ(b->g->v[0].pubdate, "Jun2023");
	cr_assert_eq(b->g->v[0].year, 2023);
	STR_EQ(b->x[0].accession, "0123");
	STR_EQ(b->g->v[1].pubdate, "2024");
	STR_EQ(b->x[1].accession, "a\"b");
}

Test(csv, fewer_cells_and_trailing_empty_cells)
{
	struct both *b = text_ok("Title,Year,Journal\nShort row\n"
				 "Trailing,2001,J,,\n");

	cr_assert_eq(b->g->n, 2);
	STR_EQ(b->g->v[0].title, "Short row");
	cr_assert_null(b->g->v[0].journal);
	STR_EQ(b->g->v[1].journal, "J");
}

Test(csv, unquoted_na_is_missing)
{
	struct both *b = text_ok("\"title\",\"doi\",\"number\",\"pages\"\n"
				 "\"x\",NA,NA,\"NA\"\n");

	cr_assert_null(b->g->v[0].doi);
	cr_assert_null(b->x[0].issue);
	STR_EQ(b->g->v[0].pages, "NA");	/* quoted: text */
	cr_assert_null(strstr(b->g->v[0].original, "number"));
}

Test(csv, original_is_column_value_lines)
{
	struct both *b = text_ok("Title,Notes,Empty,Abstract\n"
				 "T,\"two\nlines\",,\"A\"\n");

	STR_EQ(b->g->v[0].original, "Title: T\nNotes: two\n  lines\n"
				    "Abstract: A");
}

Test(csv, utf16_tab_separated)
{
	/* Excel's "Unicode text": UTF-16LE with a BOM, tabs */
	static const char u8[] = "Title\tYear\nCaf\xc3\xa9 study\t2020\n";
	char u16[128];
	size_t n = 2;
	struct both *b;

	u16[0] = '\xff';
	u16[1] = '\xfe';
	for (size_t i = 0; i < sizeof(u8) - 1; i++) {
		unsigned c = (unsigned char)u8[i];

		if (c == 0xc3) {
			c = 0xe9;
			i++;
		}
		u16[n++] = (char)c;
		u16[n++] = 0;
	}
	b = csv_ok(write_tmp("u.txt", u16, n), NULL, 0);
	cr_assert_eq(b->g->n, 1);
	STR_EQ(b->g->v[0].title, "Caf\xc3\xa9 study");
	cr_assert_eq(b->g->v[0].year, 2020);
}

/* --- errors ------------------------------------------------------------------ */

Test(csv, unterminated_quote_names_the_line_it_opened)
{
	struct sk_err err = text_fails("Title,Abstract\nok,fine\n"
				       "bad,\"starts here\nand\nnever ends\n",
				       NULL);

	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 3);
	cr_assert(strstr(err.msg, "no closing quote"), "%s", err.msg);
}

Test(csv, unterminated_quote_on_a_later_line_of_the_row)
{
	struct both *b;
	struct sk_err err = SK_ERR_INIT;
	static const char text[] = "Title,Abstract\n\"multi\nline\",\"open\n";
	const char *path = write_tmp("q.csv", text, sizeof(text) - 1);

	cr_assert_eq(parse_csv(path, NULL, 0, 1, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(b->g->n, 0);
	cr_assert_eq(b->g->n_bad, 1);
	cr_assert_eq(b->g->bad_line[0], 2);	/* the row */
	cr_assert(strstr(b->g->bad_reason[0], "line 3: a quoted cell"), "%s",
		  b->g->bad_reason[0]);
}

Test(csv, more_cells_than_the_header)
{
	struct sk_err err = text_fails("Title,Year\nok,2001\n"
				       "one,2002,extra\n", NULL);

	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 3);
	cr_assert(strstr(err.msg, "the row has 3 cells, but the header has 2 "
			 "columns"), "%s", err.msg);
}

Test(csv, cell_over_1_mib)
{
	struct buf t = BUF_INIT;
	struct both *b;
	struct sk_err err = SK_ERR_INIT;
	const char *path;

	buf_adds(&t, "Title,Abstract\nbefore,x\nbig,\"a\n");
	for (int i = 0; i < RECORD_FIELD_MAX + 10; i++)
		buf_addch(&t, 'a');
	buf_adds(&t, "\"\nafter,y\n");
	path = write_tmp("big.csv", t.data, t.len);
	buf_release(&t);

	cr_assert_eq(parse_csv(path, NULL, 0, 0, &b, &err), -1);
	cr_assert_eq(err.line, 3);
	cr_assert(strstr(err.msg, "a cell is longer than 1 MiB"), "%s",
		  err.msg);

	/* with --skip-bad the rows around it are kept */
	cr_assert_eq(parse_csv(path, NULL, 0, 1, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(b->g->n, 2);
	STR_EQ(b->g->v[0].title, "before");
	STR_EQ(b->g->v[1].title, "after");
	cr_assert_eq(b->g->v[1].line, 5);
	cr_assert_eq(b->g->n_bad, 1);
	cr_assert_eq(b->g->bad_line[0], 3);
}

Test(csv, header_without_a_title_column)
{
	struct sk_err err = text_fails("\n\nStudy,Registry\nx,y\n", NULL);

	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 3);
	cr_assert(strstr(err.msg, "name it with --map title=COLUMN"), "%s",
		  err.msg);
	cr_assert(strstr(err.msg, "'Study', 'Registry'"), "%s", err.msg);
}

Test(csv, map_naming_a_missing_column)
{
	struct sk_err err = text_fails("Title,Year\nx,2001\n",
				       "title=Title,year=Pub Year");

	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert_eq(err.line, 1);
	cr_assert(strstr(err.msg, "--map: the header has no column 'Pub Year'"),
		  "%s", err.msg);
}

Test(csv, map_with_an_unknown_field)
{
	struct sk_err err = SK_ERR_INIT;
	struct both *b;

	cr_assert_eq(csv_map_check("titel=Title", &err), -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert(strstr(err.msg, "'titel' is not a field; the fields are "
			 "type, title, abstract"), "%s", err.msg);
	/* the parser checks too, before it reads anything */
	cr_assert_eq(parse_csv(write_tmp("f.csv", "Title\nx\n", 8),
			       "title=Title,yeer=Y", 0, 0, &b, &err), -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	cr_assert(strstr(err.msg, "'yeer' is not a field"), "%s", err.msg);
	cr_assert_eq(b->g->n, 0);
	cr_assert_eq(csv_map_check("Title", &err), -1);
	cr_assert(strstr(err.msg, "--map takes FIELD=COLUMN"), "%s", err.msg);
	cr_assert_eq(csv_map_check("title=", &err), -1);
	/* commas may be in column names, blanks around '=' */
	cr_assert_eq(csv_map_check("title=Article Title, year = Pub, Year,"
				   "keywords=A", &err), 0, "%s", err.msg);
}

Test(csv, header_only_is_an_error)
{
	struct sk_err err = text_fails("Title,Year\n", NULL);

	cr_assert(strstr(err.msg, "no CSV records found"), "%s", err.msg);
}

Test(csv, bad_utf8_line_inside_a_cell)
{
	struct both *b;
	struct sk_err err = SK_ERR_INIT;
	/* valid UTF-8 in the head ("caf\xc3\xa9"), so the file is UTF-8 */
	static const char text[] = "Title,Abstract\ngood,caf\xc3\xa9\n"
				   "bad,\"a\n\xc3\x28" "b\nc\"\nnext,y\n";
	const char *path = write_tmp("u8.csv", text, sizeof(text) - 1);

	cr_assert_eq(parse_csv(path, NULL, 0, 1, &b, &err), 0, "%s", err.msg);
	cr_assert_eq(b->g->n, 2);
	STR_EQ(b->g->v[1].title, "next");
	cr_assert_eq(b->g->v[1].line, 6);
	cr_assert_eq(b->g->n_bad, 1);
	cr_assert_eq(b->g->bad_line[0], 3);
}

/* --- fields --------------------------------------------------------------- */

Test(csv, author_shapes)
{
	struct both *b = text_ok(
		"title,author\n"
		"bibtex,\"Zuber, J and Le Quintrec, M and {WHO Group}\"\n"
		"semi,\"Smith J; Jones K\"\n"
		"semi dots,\"Smith, J.; Jones, K.; \"\n"
		"pubmed,\"Griffin DK, Larkin DM, O'Connor RE.\"\n"
		"legacy,\"Nilsson C, Hamilton R.\"\n"
		"et al,\"Bech B, van Tubergen A, et al.\"\n"
		"glued,\"Adeli K.Lewis G. F.Gan L. M.\"\n"
		"one,\"Curry Rogers, Kristina A.\"\n"
		"one pubmed,\"Sereno PC.\"\n"
		"one asysd,\"Adeli K.\"\n"
		"group,\"Anonymous\"\n");
	static const char *const want[] = {
		"Zuber|J; Le Quintrec|M; {WHO Group}",
		"Smith|J; Jones|K",
		"Smith|J.; Jones|K.",
		"Griffin|DK; Larkin|DM; O'Connor|RE",
		"Nilsson|C; Hamilton|R",
		"Bech|B; van Tubergen|A",
		"Adeli|K.; Lewis|G. F.; Gan|L. M.",
		"Curry Rogers|Kristina A.",
		"Sereno|PC",
		"Adeli|K.",
		"=Anonymous",
	};

	cr_assert_eq(b->g->n, 11);
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
		cr_assert_str_eq(b->x[i].authors, want[i], "row %zu", i + 2);
}

Test(csv, types_pages_dates_and_identifiers)
{
	struct both *b = text_ok(
		"ID,ENTRYTYPE,title,journal,booktitle,Page Start,Page End,year,"
		"month,day,PMID,PMCID,DOI,url,language\n"
		"a,article,T1,J,,5,9,2001,Mar,4,PMID: 123,456,"
		"https://doi.org/10.1/AB,http://x.org/1 junk,English; French\n"
		"b,inproceedings,T2,,Proc. of X,7,7,2002,,,PUBMED 99,PMC5,"
		"http://dx.doi.org/10.2/c,not a link,\n"
		"c,incollection,T3,,,,,,,,,,,,\n"
		"d,JOUR,T4,,,,,,,,,,,,\n"
		"e,weird,T5,,,,,,,,,,,,\n");

	cr_assert_eq(b->g->n, 5);
	STR_EQ(b->g->v[0].type, "JOUR");
	STR_EQ(b->g->v[0].pages, "5-9");
	STR_EQ(b->g->v[0].pubdate, "2001 Mar 4");
	STR_EQ(b->g->v[0].pmid, "123");
	STR_EQ(b->g->v[0].pmcid, "PMC456");
	STR_EQ(b->g->v[0].doi, "10.1/AB");
	STR_EQ(b->x[0].url, "http://x.org/1");
	STR_EQ(b->x[0].lang0, "English");
	STR_EQ(b->x[0].accession, "a");
	STR_EQ(b->g->v[1].type, "CONF");
	STR_EQ(b->g->v[1].journal, "Proc. of X");	/* booktitle, no journal */
	STR_EQ(b->g->v[1].pages, "7");
	STR_EQ(b->g->v[1].pmid, "99");
	STR_EQ(b->g->v[1].pmcid, "PMC5");
	STR_EQ(b->g->v[1].doi, "10.2/c");
	cr_assert_null(b->x[1].url);
	STR_EQ(b->g->v[2].type, "CHAP");
	STR_EQ(b->g->v[3].type, "JOUR");
	STR_EQ(b->g->v[4].type, "GEN");
	cr_assert_eq(b->g->v[4].year, 0);
}

Test(csv, map_overrides_and_adds_columns)
{
	static const char text[] =
		"Title,Short Title,Pub Year,Reg No,Terms\n"
		"Long one,Short one,2019,NCT1,a; b\n";
	const char *path = write_tmp("m.csv", text, sizeof(text) - 1);
	struct both *auto_ = csv_ok(path, NULL, 0);
	struct both *b = csv_ok(path, "title=Short Title, year=pub year,"
				"accession=Reg No,mesh=Terms", 0);

	STR_EQ(auto_->g->v[0].title, "Long one");
	cr_assert_eq(auto_->g->v[0].year, 0);
	STR_EQ(b->g->v[0].title, "Short one");
	cr_assert_eq(b->g->v[0].year, 2019);
	STR_EQ(b->x[0].accession, "NCT1");
	STR_EQ(b->x[0].mesh0, "a");
	/* the original keeps every column */
	cr_assert(strstr(b->g->v[0].original, "Title: Long one\n"), "%s",
		  b->g->v[0].original);
}

Test(csv, map_makes_an_unknown_header_readable)
{
	static const char text[] = "Study,Registry\nA trial,ISRCTN1\n";
	const char *path = write_tmp("s.csv", text, sizeof(text) - 1);
	struct both *b = csv_ok(path, "title=study,accession=Registry", 0);

	STR_EQ(b->g->v[0].title, "A trial");
	STR_EQ(b->x[0].accession, "ISRCTN1");
}

/* --- real exports ------------------------------------------------------------ */

Test(csv, pubmed_csv)
{
	struct both *b = csv_ok(C("ris/citation-file-formatting/csv/"
				  "_baseline_pubmed.csv"), NULL, 0);

	cr_assert_eq(b->g->n, 10);
	STR_EQ(b->g->v[0].title, "Time lapse: A glimpse into prehistoric "
				 "genomics");
	STR_EQ(b->g->v[0].family0, "Griffin");
	STR_EQ(b->g->v[0].given0, "DK");
	cr_assert_eq(b->g->v[0].n_authors, 3);
	cr_assert_eq(b->g->v[0].year, 2020);
	STR_EQ(b->g->v[0].doi, "10.1016/j.ejmg.2019.03.004");
	STR_EQ(b->g->v[0].pmid, "30922926");
	STR_EQ(b->g->v[0].pmcid, "PMC7026692");
	STR_EQ(b->g->v[0].abbrev, "Eur J Med Genet");
	/* from the citation: "Eur J Med Genet. 2020 Feb;63(2):103640." */
	STR_EQ(b->g->v[0].pubdate, "2020 Feb");
	STR_EQ(b->x[0].volume, "63");
	STR_EQ(b->x[0].issue, "2");
	STR_EQ(b->g->v[0].pages, "103640");
	cr_assert_null(b->g->v[0].abstract);
	STR_EQ(b->g->v[1].family0, "Pe\xc3\xb1" "alver");
}

Test(csv, legacy_pubmed_csv)
{
	struct both *b = csv_ok(C("medline/p1m_legacy_pubmed_csv_58.csv"),
				NULL, 0);

	cr_assert_eq(b->g->n, 58);
	STR_EQ(b->g->v[0].title, "Allergen components in diagnosing childhood "
				 "hazelnut allergy: systematic literature "
				 "review and meta-analysis.");
	/* "Description" holds the byline */
	cr_assert_eq(b->g->v[0].n_authors, 6);
	STR_EQ(b->g->v[0].author0, "Nilsson C");
	STR_EQ(b->g->v[0].family0, "Nilsson");
	STR_EQ(b->g->v[0].pmid, "31301691");
	/* "Details": DOI and date */
	STR_EQ(b->g->v[0].doi, "10.1111/pai.13110");
	STR_EQ(b->g->v[0].pubdate, "2019 Jul 13");
	cr_assert_eq(b->g->v[0].year, 2019);
	STR_EQ(b->x[0].database, "pubmed");
	cr_assert_null(b->x[0].url);	/* "/pubmed/31301691" is no link */
}

Test(csv, covidence_rayyan_cochrane_ebsco_scholar)
{
	const char *dir = C("ris/citation-file-formatting/csv/");
	char path[1024];
	struct both *b;

	snprintf(path, sizeof(path), "%s_baseline_covidence.csv", dir);
	b = csv_ok(path, NULL, 0);
	STR_EQ(b->g->v[0].title, "Cellular structure of dinosaur scales "
				 "reveals retention of reptile-type skin "
				 "during the evolutionary transition to "
				 "feathers");
	STR_EQ(b->g->v[0].family0, "Yang");
	cr_assert_eq(b->g->v[0].year, 2024);
	STR_EQ(b->g->v[0].doi, "10.1038/s41467-024-48400-3");
	STARTS(b->g->v[0].abstract, "Fossil feathers have transformed");
	STR_EQ(b->x[0].accession, "#1");	/* Covidence # */

	snprintf(path, sizeof(path), "%s_baseline_rayyan.csv", dir);
	b = csv_ok(path, NULL, 0);
	STR_EQ(b->x[0].accession, "rayyan-42924189");
	STR_EQ(b->g->v[0].doi, "10.1038/s41467-024-48400-3");
	STR_EQ(b->g->v[0].issn, "2041-1723");
	STR_EQ(b->g->v[0].author0, "Yang, Z.");
	cr_assert_eq(b->g->v[0].n_keywords, 25);

	snprintf(path, sizeof(path), "%s_baseline_cochrane.csv", dir);
	b = csv_ok(path, NULL, 0);
	STR_EQ(b->x[0].accession, "CN-00778158");
	STR_EQ(b->g->v[0].pmid, "21314913");	/* "PUBMED 21314913" */
	STR_EQ(b->g->v[0].journal, "Trials");	/* "Source" */
	STR_EQ(b->g->v[0].family0, "Bywater");
	STR_EQ(b->x[0].pubtype0, "Journal article");
	STARTS(b->x[0].database, "Cochrane Central Register");

	snprintf(path, sizeof(path), "%s_baseline_cinahl.csv", dir);
	b = csv_ok(path, NULL, 0);
	STR_EQ(b->g->v[0].issn, "1932-6203");	/* ="19326203" */
	STR_EQ(b->g->v[0].pubdate, "4/3/2024");
	cr_assert_eq(b->g->v[0].year, 2024);
	STR_EQ(b->g->v[0].family0, "Curry Rogers");
	STR_EQ(b->g->v[0].given0, "Kristina");
	STR_EQ(b->x[0].accession, "176404503");
	STR_EQ(b->g->v[0].pages, "1");	/* First Page; Page Count stays out */
	STR_EQ(b->g->v[0].kw0, "FEMUR");

	snprintf(path, sizeof(path), "%s_baseline_googlescholar.csv", dir);
	b = csv_ok(path, NULL, 0);
	cr_assert_eq(b->g->n, 10);
	STR_EQ(b->g->v[0].title, "Did dinosaurs invent flowers? "
				 "Dinosaur\xe2\x80\x93" "angiosperm "
				 "coevolution revisited");
	cr_assert_eq(b->g->v[0].n_authors, 2);	/* "A; B; " */
	STR_EQ(b->g->v[0].family0, "Barrett");
	STR_EQ(b->g->v[0].journal, "Biological Reviews");
	STR_EQ(b->x[0].issue, "3");	/* Number */
}

Test(csv, asysd_cp1252_with_glued_authors)
{
	struct both *b = csv_ok(C("dedup/asysd/labelled_test_set.csv"), NULL,
				0);

	cr_assert_eq(b->g->n, 1845);
	cr_assert_eq(b->g->n_bad, 0);
	STR_EQ(b->g->v[1].title, "Intestinal lipoprotein overproduction in "
				 "insulin-resistant states");
	STR_EQ(b->g->v[1].family0, "Adeli");
	STR_EQ(b->x[1].authors, "Adeli|K.; Lewis|G. F.");
	cr_assert_eq(b->g->v[1].year, 2008);
	/* "http://dx.doi.org/10.1097/..." */
	STR_EQ(b->g->v[1].doi, "10.1097/MOL.0b013e3282ffaf82");
	STARTS(b->g->v[1].abstract, "PURPOSE OF REVIEW: Excessive postprandial");
	/* Windows-1252 0xA9, not mojibake */
	cr_assert(strstr(b->g->v[1].abstract, "\xc2\xa9 2008 Lippincott"),
		  "%s", b->g->v[1].abstract);
	STR_EQ(b->x[1].accession, "699");
	/* isbn holds ISSNs: "0957-9672 (Print)\n0957-9672" */
	STR_EQ(b->g->v[0].issn, "0957-9672");
	STR_EQ(b->g->v[1].pages, "221-228");
	cr_assert_eq(b->g->v[1].line, 4);	/* row 2 ends on line 3 */
	cr_assert(strstr(b->g->v[0].original, "label: In_database\n"
			 "source: unique"), "%s", b->g->v[0].original);
}

Test(csv, bib_dedupe_benchmark)
{
	struct both *b = csv_ok(C("dedup/bib-dedupe/haematology/"
				  "records_pre_merged.csv"), NULL, 0);
	struct both *s = csv_ok(C("dedup/bib-dedupe/special_cases/"
				  "records_pre_merged.csv"), NULL, 0);

	cr_assert_eq(b->g->n, 1415);
	STR_EQ(b->g->v[0].title, "New insights into postrenal transplant "
				 "hemolytic uremic syndrome.");
	STR_EQ(b->x[0].authors, "Zuber|J; Le Quintrec|M; Sberro-Soussan|R; "
				"Loirat|C; Fremeaux-Bacchi|V; Legendre|C");
	cr_assert_eq(b->g->v[0].year, 2011);
	STR_EQ(b->g->v[0].type, "JOUR");
	STR_EQ(b->g->v[0].journal, "Nat Rev Nephrol");
	STR_EQ(b->g->v[0].pages, "23-35");
	STR_EQ(b->x[0].accession, "id_0000001");
	STR_EQ(b->x[0].issue, "1");	/* number */
	cr_assert_null(b->g->v[1].title);	/* an empty title stays empty */
	STR_EQ(b->x[1].accession, "id_0000002");

	cr_assert_eq(s->g->n, 12);
	STR_EQ(s->g->v[2].type, "CONF");
	STR_EQ(s->g->v[2].journal, "Proceedings of the Annual Hawaii "
				   "International Conference on System "
				   "Sciences");
	STR_EQ(s->g->v[2].doi, "10.24251/HICSS.2021.510");
	STR_EQ(s->g->v[2].family0, "Deng");
	STR_EQ(s->x[2].accession, "id_0000003");
	STARTS(s->g->v[0].abstract, "There is limited systematic research");
}

Test(csv, asreview_screening_sets)
{
	struct both *c = csv_ok(C("screening/cohen2006_ADHD.csv"), NULL, 0);
	struct both *k = csv_ok(C("screening/kitchenham2010.csv"), NULL, 262);

	cr_assert_eq(c->g->n, 851);
	STR_EQ(c->g->v[0].title, "The effectiveness of clonidine as an "
				 "analgesic in paediatric "
				 "adenotonsillectomy.");
	STR_EQ(c->g->v[0].family0, "Reimer");
	STR_EQ(c->g->v[0].given0, "E J");
	STR_EQ(c->g->v[0].pmid, "10051933");
	STARTS(c->g->v[0].abstract, "To compare the analgesic effects");
	STR_EQ(c->g->v[0].kw0, "Acetaminophen");
	STR_EQ(c->x[0].accession, "1");
	cr_assert_eq(c->g->v[0].year, 0);	/* the set has no year */

	cr_assert_eq(k->g->n, 1704);
	/* a CRLF inside the quoted title */
	STR_EQ(k->g->v[262].title, "A new perspective to automatically rank "
				   "scientific conferences using digital "
				   "libraries");
	cr_assert_eq(k->g->v[262].line, 383);
	STR_EQ(k->x[0].accession, "263");
	cr_assert_eq(k->g->v[262].year, 2005);
	STARTS(k->g->v[262].abstract, "Citation analysis is performed");
}
