/* scopekit fetch: search PubMed and import what it finds. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "eutils.h"
#include "fetch.h"
#include "import.h"
#include "input.h"
#include "merge.h"
#include "xalloc.h"
#include "banned.h"

/* A query longer than this is not a query someone typed. */
#define FETCH_QUERY_MAX (1024 * 1024)

struct fetch_cmd {
	struct fetch_options opt;
	struct eutils_options net;
	const char *query_file;
	const char *update;	/* --update SOURCE */
	int resume;
	int dry_run;
	char *query_text;	/* read from --query-file */
	char *saved_url;	/* the base URL a resumed fetch was started on */
};

static int
check_datetype(const char *t, struct sk_err *err)
{
	if (!t || !strcmp(t, "pdat") || !strcmp(t, "edat"))
		return 0;
	return sk_fail(err, SK_E_USAGE, NULL, 0,
		       "--datetype is pdat (publication date) or edat (the "
		       "date PubMed added the record), not '%s'", t);
}

/* Exactly one way to say what to fetch, and options that fit it. */
static int
check_options(struct fetch_cmd *f, int argc, char **argv, struct sk_err *err)
{
	const struct fetch_options *o = &f->opt;
	int ways = !!(o->query || f->query_file) + !!o->pmid_file +
		   !!f->update + f->resume;

	if (optind < argc)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "unexpected argument '%s' (put the search in "
			       "quotes after --query)", argv[optind]);
	if (o->query && f->query_file)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "give --query or --query-file, not both");
	if (ways != 1)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "say what to fetch: --query TEXT, --pmid-file "
			       "FILE, --update SOURCE or --resume (one of them)");
	if ((o->mindate || o->maxdate || o->datetype) && !o->query &&
	    !f->query_file)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--mindate, --maxdate and --datetype go with "
			       "--query");
	if (o->datetype && !o->mindate && !o->maxdate)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--datetype needs --mindate or --maxdate");
	if (f->dry_run && !o->query && !f->query_file)
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--dry-run counts what a --query finds");
	if (f->resume && (o->kind || o->batch || o->max))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "--resume goes on as the fetch was started; "
			       "give only --source to say which");
	if (check_datetype(o->datetype, err) < 0 ||
	    import_check_kind(o->kind, err) < 0 ||
	    (o->mindate && fetch_check_date(o->mindate, err) < 0) ||
	    (o->maxdate && fetch_check_date(o->maxdate, err) < 0))
		return -1;
	return 0;
}

static int
parse_options(struct cli_ctx *ctx, struct fetch_cmd *f, int argc, char **argv,
	      struct sk_err *err)
{
	static const struct option options[] = {
		{ "query", required_argument, NULL, 'q' },
		{ "query-file", required_argument, NULL, 'Q' },
		{ "pmid-file", required_argument, NULL, 'p' },
		{ "mindate", required_argument, NULL, 'a' },
		{ "maxdate", required_argument, NULL, 'z' },
		{ "datetype", required_argument, NULL, 't' },
		{ "source", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "api-key", required_argument, NULL, 'K' },
		{ "email", required_argument, NULL, 'e' },
		{ "batch", required_argument, NULL, 'b' },
		{ "max", required_argument, NULL, 'm' },
		{ "base-url", required_argument, NULL, 'u' },
		{ "update", required_argument, NULL, 'U' },
		{ "resume", no_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct fetch_options *o = &f->opt;
	int c;

	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'q': o->query = optarg; break;
		case 'Q': f->query_file = optarg; break;
		case 'p': o->pmid_file = optarg; break;
		case 'a': o->mindate = optarg; break;
		case 'z': o->maxdate = optarg; break;
		case 't': o->datetype = optarg; break;
		case 's': o->source = optarg; break;
		case 'k': o->kind = optarg; break;
		case 'K': f->net.api_key = optarg; break;
		case 'e': f->net.email = optarg; break;
		case 'u': f->net.base_url = optarg; break;
		case 'U': f->update = optarg; break;
		case 'r': f->resume = 1; break;
		case 'n': f->dry_run = 1; break;
		case 'b':
			if (cli_parse_long("--batch", optarg, 1, &o->batch,
					   err) < 0)
				return -1;
			if (o->batch > EUTILS_MAX_IDS)
				return sk_fail(err, SK_E_USAGE, NULL, 0,
					       "--batch is at most %d",
					       EUTILS_MAX_IDS);
			break;
		case 'm':
			if (cli_parse_long("--max", optarg, 1, &o->max, err) < 0)
				return -1;
			break;
		default:
			if (cli_common_option(ctx, c, argv, err) < 0)
				return -1;
		}
	}
	return 0;
}

/* The settings that are not options: the key and address from the environment. */
static int
complete_options(struct fetch_cmd *f, struct sk_err *err)
{
	struct fetch_options *o = &f->opt;

	if (!f->net.api_key)
		f->net.api_key = getenv("NCBI_API_KEY");
	if (!f->net.email)
		f->net.email = getenv("NCBI_EMAIL");
	if (!f->net.email || !*f->net.email)
		sk_warn("NCBI asks for a contact e-mail address with every "
			"request: give --email or set NCBI_EMAIL");
	if (!o->batch)
		o->batch = FETCH_BATCH_DEFAULT;
	if (f->query_file) {
		if (input_read_text(f->query_file, FETCH_QUERY_MAX, "query",
				    &f->query_text, NULL, err) < 0)
			return -1;
		o->query = f->query_text;
	}
	if (o->query && !o->query[strspn(o->query, " \t\r\n")])
		return sk_fail(err, SK_E_USAGE, NULL, 0, "the query is empty");
	if (!o->source && !f->update && !f->resume)
		o->source = o->pmid_file ? "PubMed (PMID list)" : "PubMed";
	return 0;
}

static int
print_count(struct cli_ctx *ctx, const struct fetch_cmd *f,
	    const struct eutils_search *s)
{
	fprintf(ctx->out, "Query:        %s\n", f->opt.query);
	fprintf(ctx->out, "PubMed ran:   %s\n",
		s->translation ? s->translation : "(no translation given)");
	fprintf(ctx->out, "Records:      %ld\n", s->count);
	if (s->count > EUTILS_MAX_IDS)
		fprintf(ctx->out, "PubMed lists at most %d records of a "
			"search: the fetch will run it over parts of its date "
			"range\n", EUTILS_MAX_IDS);
	return 0;
}

static int
dry_run(struct cli_ctx *ctx, struct fetch_cmd *f, struct eutils_client *c,
	struct sk_err *err)
{
	struct eutils_search s;
	int rc = fetch_count(c, &f->opt, &s, err);

	if (rc == 0)
		rc = print_count(ctx, f, &s);
	eutils_search_release(&s);
	return rc;
}

/* Open the store and find or start the fetch; no transaction stays open. */
static int
start(struct cli_ctx *ctx, struct fetch_cmd *f, struct eutils_client **c,
      long long *id, struct sk_err *err)
{
	if (cli_store(ctx, STORE_WRITE, err) < 0 ||
	    merge_refuse_copy(ctx->st, "fetch into the main store and make "
			      "new copies", err) < 0 ||
	    store_commit(ctx->st, err) < 0)
		return -1;
	if (f->resume) {
		if (fetch_find_unfinished(ctx->st, f->opt.source, id, err) < 0)
			return -1;
		/* Go on against the server the fetch began on. */
		f->saved_url = fetch_base_url(ctx->st, *id);
		if (!f->net.base_url && !getenv("SCOPEKIT_EUTILS_URL"))
			f->net.base_url = f->saved_url;
	}
	if (eutils_client_new(c, &f->net, err) < 0)
		return -1;
	if (f->resume)
		return 0;
	if (f->update)
		return fetch_start_update(ctx->st, *c, f->update, &f->opt, id,
					  err);
	return fetch_start(ctx->st, *c, &f->opt, id, err);
}

static void
print_report(struct cli_ctx *ctx, const struct fetch_report *r)
{
	fprintf(ctx->out, "Fetched %ld records into source '%s'", r->records,
		r->source);
	if (r->done_before)
		fprintf(ctx->out, " (%ld fetched before)", r->done_before);
	fprintf(ctx->out, "\nPMIDs: %ld of %ld fetched", r->done, r->total);
	if (r->total != r->count)
		fprintf(ctx->out, "; the search found %ld", r->count);
	if (r->known)
		fprintf(ctx->out, ", %ld of them found before", r->known);
	fputc('\n', ctx->out);
	if (r->missing)
		fprintf(ctx->out, "Not returned by PubMed: %ld PMIDs (see "
			"'scopekit sources')\n", r->missing);
	fprintf(ctx->out, "Requests: %ld, %ld of them retries\n", r->requests,
		r->retries);
}

/* Say how far the fetch got, and how to go on. */
static void
add_resume_hint(const struct fetch_report *r, struct sk_err *err)
{
	struct buf msg = BUF_INIT;

	if (!r->source || r->done >= r->total)
		return;
	buf_addf(&msg, "%s; %ld of %ld PMIDs are done: go on with "
		 "'scopekit fetch --resume --source \"%s\"'", err->msg,
		 r->done, r->total, r->source);
	snprintf(err->msg, sizeof(err->msg), "%s", msg.data);
	buf_release(&msg);
}

static int
fetch_cmd(struct cli_ctx *ctx, int argc, char **argv, struct sk_err *err)
{
	struct fetch_cmd f;
	struct fetch_report rep;
	struct eutils_client *c = NULL;
	long long id = 0;
	int rc = -1;

	memset(&f, 0, sizeof(f));
	memset(&rep, 0, sizeof(rep));
	if (parse_options(ctx, &f, argc, argv, err) < 0 ||
	    check_options(&f, argc, argv, err) < 0 ||
	    complete_options(&f, err) < 0)
		goto done;
	if (f.dry_run) {
		if (eutils_client_new(&c, &f.net, err) == 0)
			rc = dry_run(ctx, &f, c, err);
		goto done;
	}
	if (start(ctx, &f, &c, &id, err) < 0)
		goto done;
	rc = fetch_download(ctx->st, c, id, &rep, err);
	if (rc < 0)
		add_resume_hint(&rep, err);
	else
		print_report(ctx, &rep);
done:
	fetch_report_release(&rep);
	eutils_client_free(c);
	free(f.query_text);
	free(f.saved_url);
	return rc;
}

const struct command cmd_fetch = {
	.name = "fetch",
	.summary = "Search PubMed and import the records it finds",
	.usage = "scopekit fetch --query TEXT [--mindate D --maxdate D] "
		 "[options]\n"
		 "       scopekit fetch --pmid-file FILE [options]\n"
		 "       scopekit fetch --update SOURCE | --resume [--source NAME]",
	.help =
	"Runs a PubMed search through NCBI's E-utilities and imports every\n"
	"record it finds, as 'scopekit import' would import the search's XML\n"
	"export. The store keeps the search as you wrote it, the search as\n"
	"PubMed ran it (its \"translation\", with the MeSH terms it added), the\n"
	"dates, the time of the search and how many records it found, so the\n"
	"methods section and the PRISMA diagram can say exactly what was done.\n\n"
	"The records come in batches. A fetch that stops (lost connection,\n"
	"Ctrl-C, a closed laptop) keeps every batch it finished: run\n"
	"'scopekit fetch --resume' and it goes on where it stopped, without\n"
	"importing a record twice. Before publication, 'scopekit fetch\n"
	"--update SOURCE' runs the saved search again for the records PubMed\n"
	"added since, into a new source linked to the first.\n\n"
	"PubMed lists at most 10,000 records of one search; a larger search is\n"
	"run again over parts of its date range until every part is listed,\n"
	"and the parts must add up to the count, or nothing is fetched.\n\n"
	"What to fetch (one of):\n"
	"  --query TEXT         a PubMed search, as typed in PubMed\n"
	"  --query-file FILE    the search, read from a text file\n"
	"  --pmid-file FILE     a list of PMIDs (spaces, commas or one a line;\n"
	"                       '#' starts a comment)\n"
	"  --update SOURCE      the records added since SOURCE's search was run\n"
	"  --resume             go on with a fetch that was interrupted\n\n"
	"Options:\n"
	"  --mindate DATE       only records from DATE (YYYY-MM-DD, YYYY-MM, YYYY)\n"
	"  --maxdate DATE       only records up to DATE\n"
	"  --datetype TYPE      what the dates are: pdat (publication date, the\n"
	"                       default) or edat (the date PubMed added the record)\n"
	"  --source NAME        the new source (default \"PubMed\"; \"PubMed (PMID\n"
	"                       list)\" for --pmid-file; for --update, the first\n"
	"                       search's name with \"(update DATE)\"); with\n"
	"                       --resume, which fetch to go on with\n"
	"  --kind KIND          database (default), register or other\n"
	"  --api-key KEY        an NCBI API key (default: $NCBI_API_KEY): allows\n"
	"                       10 requests a second instead of 3\n"
	"  --email ADDRESS      a contact address sent to NCBI (default:\n"
	"                       $NCBI_EMAIL), so NCBI can write before blocking\n"
	"  --batch N            records per request (default 200)\n"
	"  --max N              fetch at most the first N records\n"
	"  --dry-run            run the search and show the count and the\n"
	"                       translation; fetch and store nothing\n"
	"  --base-url URL       another E-utilities server, such as a mirror\n"
	"                       (default: $SCOPEKIT_EUTILS_URL, else NCBI's)\n\n"
	"scopekit keeps NCBI's rules: at most 3 requests a second (10 with an\n"
	"API key), its name and your address with each request, and it waits\n"
	"longer each time NCBI says it is busy. NCBI's disclaimer and\n"
	"copyright notice: https://www.ncbi.nlm.nih.gov/home/about/policies/\n"
	"(PubMed abstracts may be under copyright).\n\n"
	"Examples:\n"
	"  scopekit fetch --dry-run --query '\"low back pain\"[MeSH] AND \"model of\n"
	"      care\"' --mindate 2000 --maxdate 2022-12-31\n"
	"  scopekit fetch --query-file pubmed-search.txt --source 'MEDLINE (PubMed)'\n"
	"      --mindate 2000 --maxdate 2022-12-31 --email me@example.org\n"
	"  scopekit fetch --resume\n"
	"  scopekit fetch --update 'MEDLINE (PubMed)'\n"
	"  scopekit fetch --pmid-file included.txt --source 'Citation searching'\n"
	"      --kind other\n",
	.run = fetch_cmd,
};
