/* scopekit import: read search results into the store. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "merge.h"
#include "output.h"
#include "banned.h"

/* Read the search strategy from a text file, any supported encoding. */
static int
read_query_file(const char *path, struct buf *out, struct sk_err *err)
{
	struct input *in;
	const char *line;
	size_t len;
	int rc;

	if (input_open(&in, path, err) < 0)
		return -1;
	while ((rc = input_getline(in, &line, &len, err)) > 0) {
		if (out->len)
			buf_addch(out, '\n');
		buf_add(out, line, len);
	}
	input_close(in);
	buf_trim(out);
	if (rc == 0 && !out->len)
		return sk_fail(err, SK_E_INPUT, path, 0, "the query file is empty");
	return rc;
}

static int
check_options(const struct import_options *opt, int argc,
	      const char *query_file, struct sk_err *err)
{
	if (optind >= argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "name the files to import ('-' reads stdin)");
	if (!opt->source || !*opt->source)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say which search the files come from with "
			       "--source NAME (e.g. --source Embase)");
	if (opt->query && query_file)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give --query or --query-file, not both");
	if (import_check_kind(opt->kind, err) < 0 ||
	    (opt->searched && import_check_date(opt->searched, err) < 0))
		return -1;
	return 0;
}

/* Each --map adds its pairs: "--map title=T --map year=Y" works too. */
static void
add_map(struct buf *map, const char *arg)
{
	if (map->len)
		buf_addch(map, ',');
	buf_adds(map, arg);
}

/* --map names CSV columns: it means --format csv, and no other format. */
static int
check_map(struct import_options *opt, const struct buf *map,
	  struct sk_err *err)
{
	if (!map->len)
		return 0;
	if (opt->format != IMPORT_AUTO && opt->format != IMPORT_CSV)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--map names the columns of CSV files; it "
			       "cannot be used with --format %s",
			       import_format_name(opt->format));
	if (csv_map_check(map->data, err) < 0)
		return -1;
	opt->format = IMPORT_CSV;
	opt->map = map->data;
	return 0;
}

static void
print_skips(const struct import_report *rep)
{
	for (size_t i = 0; i < rep->nskips; i++)
		fprintf(stderr, "scopekit: import: %s:%ld: skipped: %s\n",
			rep->skips[i].file, rep->skips[i].line,
			rep->skips[i].reason);
}

static int
print_report(FILE *f, const struct import_report *rep, const char *source,
	     int dry_run)
{
	static const struct output_column cols[] = {
		{ "file", 0, 48 }, { "format", 0, 0 }, { "encoding", 0, 0 },
		{ "records", 1, 0 }, { "skipped", 1, 0 }, { "deleted", 1, 0 },
	};
	struct output *o = output_new(f, OUTPUT_TABLE, cols, 6);
	long total = 0;

	for (size_t i = 0; i < rep->nfiles; i++) {
		const struct import_file_report *fr = &rep->files[i];
		char n[3][32];
		const char *cells[6];

		snprintf(n[0], sizeof(n[0]), "%ld", fr->records);
		snprintf(n[1], sizeof(n[1]), "%ld", fr->skipped);
		snprintf(n[2], sizeof(n[2]), "%ld", fr->deleted);
		cells[0] = fr->name;
		cells[1] = import_format_name(fr->format);
		cells[2] = fr->encoding;
		cells[3] = n[0];
		cells[4] = n[1];
		cells[5] = n[2];
		output_row(o, cells);
		total += fr->records;
	}
	if (output_finish(o) < 0)
		return -1;
	fprintf(f, "%s %ld records into source '%s'%s\n",
		dry_run ? "Would import" : "Imported", total, source,
		rep->source_created ? " (new)" : "");
	return 0;
}

static int
import_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	static const struct option options[] = {
		{ "source", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "searched", required_argument, NULL, 'd' },
		{ "query", required_argument, NULL, 'q' },
		{ "query-file", required_argument, NULL, 'Q' },
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "map", required_argument, NULL, 'm' },
		{ "skip-bad", no_argument, NULL, 'b' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "again", no_argument, NULL, 'a' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct import_options opt;
	struct import_report rep;
	struct buf query = BUF_INIT, map = BUF_INIT;
	const char *query_file = NULL;
	int c, dry_run = 0, rc = -1;

	memset(&opt, 0, sizeof(opt));
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 's': opt.source = optarg; break;
		case 'k': opt.kind = optarg; break;
		case 'd': opt.searched = optarg; break;
		case 'q': opt.query = optarg; break;
		case 'Q': query_file = optarg; break;
		case 'b': opt.skip_bad = 1; break;
		case 'n': dry_run = 1; break;
		case 'a': opt.again = 1; break;
		case 'm': add_map(&map, optarg); break;
		case 'f':
			if (import_format_parse(optarg, &opt.format) < 0) {
				sk_fail(err, SK_E_USAGE, NULL, 0,
					"--format is auto, pubmed, medline, "
					"ris, wos, csv or endnote, not '%s'", optarg);
				goto done;
			}
			break;
		case 'e':
			if (input_encoding_parse(optarg, &opt.encoding) < 0) {
				sk_fail(err, SK_E_USAGE, NULL, 0,
					"--encoding is auto, utf-8, cp1252, "
					"latin1, utf-16le or utf-16be, not "
					"'%s'", optarg);
				goto done;
			}
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				goto done;
		}
	}
	if (check_options(&opt, argc, query_file, err) < 0 ||
	    check_map(&opt, &map, err) < 0)
		goto done;
	if (query_file) {
		if (read_query_file(query_file, &query, err) < 0)
			goto done;
		opt.query = query.data;
	}
	/* Records keep their ids in copies; a copy's new ones could not. */
	if (cli_store(ctx, STORE_WRITE_ALONE, err) < 0 ||
	    merge_refuse_copy(ctx->st, "import into the main store and make "
			      "new copies", err) < 0)
		goto done;
	if (import_run(ctx->st, &opt, argv + optind, (size_t)(argc - optind),
		       &rep, err) < 0) {
		print_skips(&rep);
		import_report_release(&rep);
		goto done;
	}
	print_skips(&rep);
	if (dry_run)
		store_rollback(ctx->st);
	rc = print_report(ctx->out, &rep, opt.source, dry_run);
	if (rc < 0)
		sk_fail(err, SK_E_IO, "stdout", 0, "cannot write the output");
	import_report_release(&rep);
done:
	buf_release(&query);
	buf_release(&map);
	return rc;
}

const struct command cmd_import = {
	.name = "import",
	.summary = "Import search results (PubMed XML, MEDLINE, RIS, WoS, CSV, "
		   "EndNote XML)",
	.usage = "scopekit import FILE... --source NAME [options]",
	.help =
	"Reads the records exported from one search into the store. The format\n"
	"is found from the content; .gz files are read as they are; '-' reads\n"
	"standard input. All files are imported in one go: if any record cannot\n"
	"be read, nothing is imported and the error names the file and line.\n\n"
	"Formats: PubMed XML (efetch output, baseline and update files),\n"
	"MEDLINE (.nbib, PubMed's \"PubMed format\"), and RIS from PubMed,\n"
	"Embase, Ovid, Scopus, Web of Science, EBSCO (CINAHL), Cochrane,\n"
	"PsycINFO, EndNote, Zotero, Mendeley and others; Web of Science\n"
	"field-tagged text (\"Plain text\", .ciw, also Zoological Record);\n"
	"CSV (also separated by ';' or tabs) with a header row: the columns of\n"
	"PubMed, Covidence, Rayyan, Cochrane, EBSCO, Google Scholar, Scopus and\n"
	"Zotero exports are known, one row is one record.\n\n"
	"EndNote XML libraries (File > Export, \"XML\").\n\n"
	"Options:\n"
	"  --source NAME        the search these files come from, e.g. \"Embase\"\n"
	"                       (required; a new name makes a new source)\n"
	"  --kind KIND          database (default), register, or other (websites,\n"
	"                       organisations, citation searching, handsearching)\n"
	"  --searched DATE      date the search was run, YYYY-MM-DD\n"
	"  --query TEXT         the search strategy as run\n"
	"  --query-file FILE    the search strategy, read from a file\n"
	"  --format FORMAT      auto (default), pubmed, medline, ris, wos, csv\n"
	"                       or endnote\n"
	"  --map FIELD=COLUMN,...\n"
	"                       for a CSV file (a spreadsheet saved as CSV): which\n"
	"                       column holds which field, by the column's name in\n"
	"                       the first row, for example\n"
	"                         --map 'title=Article Title,year=Pub Year'\n"
	"                       Columns named here replace the ones scopekit\n"
	"                       would choose; a file whose title column scopekit\n"
	"                       does not know needs title=COLUMN. The fields:\n"
	"                       title, abstract, authors, journal, journal_abbrev,\n"
	"                       year, pubdate, volume, issue, pages, start_page,\n"
	"                       end_page, doi, pmid, pmcid, issn, isbn, publisher,\n"
	"                       url, keywords, mesh, languages, pubtypes, type,\n"
	"                       accession (the exporter's record number), database\n"
	"  --encoding ENC       auto (default), utf-8, cp1252, latin1, utf-16le,\n"
	"                       utf-16be: for text files that are not UTF-8\n"
	"  --skip-bad           import the good records; list each bad one with\n"
	"                       its line and reason\n"
	"  --dry-run            read and check everything, write nothing\n"
	"  --again              import a file whose content was imported before\n\n"
	"Examples:\n"
	"  scopekit import pubmed-result.xml --source 'MEDLINE (PubMed)' \\\n"
	"      --searched 2022-01-15 --query-file pubmed-search.txt\n"
	"  scopekit import embase-1.ris embase-2.ris --source Embase\n"
	"  scopekit import screening.csv --source 'Trial register' \\\n"
	"      --map 'title=Study Title,year=Start Year,accession=NCT Number'\n",
	.run = import_cmd,
};
