/*
 * fetch: PubMed searches run by scopekit: the search and its provenance,
 * the PMIDs to fetch, batches imported one transaction each, resuming an
 * interrupted fetch, and updates of a saved search.
 */
#ifndef SK_FETCH_H
#define SK_FETCH_H

#include "err.h"
#include "eutils.h"
#include "store.h"

#define FETCH_BATCH_DEFAULT 200
/* Times a batch is downloaded again when its records do not add up. */
#define FETCH_BATCH_TRIES 3

struct fetch_options {
	const char *source;	/* the new source's name */
	const char *kind;	/* database (default), register, other */
	const char *query;	/* the search, or NULL with pmid_file */
	const char *pmid_file;	/* a file of PMIDs, or NULL */
	const char *datetype;	/* pdat | edat, or NULL */
	const char *mindate;	/* YYYY-MM-DD, YYYY-MM or YYYY, or NULL */
	const char *maxdate;
	long batch;		/* records per efetch request */
	long max;		/* fetch at most this many; 0: all */
};

/* Check a --mindate/--maxdate value (as import_check_date). */
int fetch_check_date(const char *date, struct sk_err *err);

/*
 * Run the search without keeping it: count, translation and notes in
 * out (release with eutils_search_release).
 */
int fetch_count(struct eutils_client *c, const struct fetch_options *o,
		struct eutils_search *out, struct sk_err *err);

/*
 * Run the search (or read the PMID file) and save the new source, its
 * provenance and the PMIDs to fetch, in a transaction of its own (none
 * may be open). *id gets the fetch's id.
 */
int fetch_start(struct store *st, struct eutils_client *c,
		const struct fetch_options *o, long long *id,
		struct sk_err *err);

/*
 * Run the saved search of source `of` again for the records PubMed added
 * since it (or its latest update) was run, as a new source linked to the
 * first search. PMIDs an earlier search of the chain found are left out.
 * Saves as fetch_start. o->source may be NULL: "NAME (update DATE)".
 */
int fetch_start_update(struct store *st, struct eutils_client *c,
		       const char *of, const struct fetch_options *o,
		       long long *id, struct sk_err *err);

/*
 * The unfinished fetch of source (NULL: the only unfinished one). Fails
 * when there is none, or several and source is NULL.
 */
int fetch_find_unfinished(struct store *st, const char *source, long long *id,
			  struct sk_err *err);

/* The server fetch id was started against; the caller frees it. */
char *fetch_base_url(struct store *st, long long id);

struct fetch_report {
	char *source;
	int is_update;
	long count;		/* the search's count */
	long known;		/* left out: found by an earlier search */
	long total;		/* PMIDs to fetch */
	long done_before;	/* fetched by an earlier, interrupted run */
	long done;		/* fetched, all runs */
	long records;		/* records imported by this run */
	long missing;		/* PMIDs PubMed did not return, all runs */
	long requests;		/* by the client, this run (the search too) */
	long retries;
};

/*
 * Download and import what is left of fetch id, each batch in its own
 * transaction with the fetch's progress, so an interrupted fetch loses
 * no committed batch and a resumed one asks for exactly what is left.
 * No transaction may be open. rep is filled as far as it got (release it
 * with fetch_report_release).
 */
int fetch_download(struct store *st, struct eutils_client *c, long long id,
		   struct fetch_report *rep, struct sk_err *err);
void fetch_report_release(struct fetch_report *rep);

#endif
