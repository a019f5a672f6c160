#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "progress.h"
#include "queue.h"
#include "records.h"
#include "rules.h"
#include "xalloc.h"
#include "banned.h"

/* Batches of records in flight between the parser thread and the store. */
#define IMPORT_BATCHES 3

/*
 * What one file's import needs. The parser runs in a thread of its own
 * and hands records over through the queue; this thread writes them, so
 * that parsing and SQLite overlap. Only the parser thread touches the
 * skip list while the file is read.
 */
struct import_state {
	struct store *st;
	const struct import_options *opt;
	struct import_report *rep;
	struct import_file_report *file;
	struct records_writer writer;
	sqlite3_stmt *deleted;
	long long file_id;
	struct progress progress;
	/* the parser thread */
	struct queue *queue;
	struct record_packer *packer;	/* the parser thread's */
	struct input *in;
	int parse_rc;
	struct sk_err parse_err;
	int deleted_lost;	/* a deleted PMID could not be queued */
};

int
import_check_kind(const char *kind, struct sk_err *err)
{
	if (!kind || !strcmp(kind, "database") || !strcmp(kind, "register") ||
	    !strcmp(kind, "other"))
		return 0;
	return sk_fail(err, SK_E_USAGE, NULL, 0,
		       "--kind is database, register or other, not '%s'", kind);
}

int
import_check_date(const char *d, struct sk_err *err)
{
	int y = 0, m = 1, day = 1;
	size_t n = strlen(d);
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	char tail;

	if (!((n == 4 && sscanf(d, "%4d%c", &y, &tail) == 1) ||
	      (n == 7 && sscanf(d, "%4d-%2d%c", &y, &m, &tail) == 2) ||
	      (n == 10 && sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3)) ||
	    y < 1900 || y > 2999 || m < 1 || m > 12 || day < 1 ||
	    day > mdays[m - 1] || (d[4] && d[4] != '-'))
		return sk_fail(err, SK_E_USAGE, NULL, 0,
			       "'%s' is not a date: write it as YYYY-MM-DD", d);
	return 0;
}

/* Parser thread: hand the record over (queue_put moves its contents). */
static int
sink_record(void *ctx, struct record *rec, struct sk_err *err)
{
	struct import_state *s = ctx;

	/*
	 * Compress the original text here when the writer is behind (RIS);
	 * when the parser is the slower side (PubMed XML) the writer does it.
	 */
	if (queue_consumer_behind(s->queue))
		record_pack(rec, s->packer);
	if (queue_put_record(s->queue, rec) < 0)
		return sk_fail(err, SK_E_IO, s->file->name, 0, "stopped");
	return 0;
}

static int
sink_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	struct import_state *s = ctx;
	struct import_report *rep = s->rep;
	struct import_skip *skip;

	if (!s->opt->skip_bad)
		return sk_fail(err, SK_E_INPUT, s->file->name, line, "%s",
			       reason);
	rep->skips = xgrow(rep->skips, &rep->cap_skips, rep->nskips + 1,
			   sizeof(*rep->skips));
	skip = &rep->skips[rep->nskips++];
	skip->file = xstrdup(s->file->name);
	skip->line = line;
	skip->reason = xstrdup(reason);
	s->file->skipped++;
	return 0;
}

static void
sink_deleted(void *ctx, const char *pmid)
{
	struct import_state *s = ctx;

	if (queue_put_deleted(s->queue, pmid) < 0)
		s->deleted_lost = 1;
}

/* Find the source by name, or create it; check that options agree. */
static int
find_or_create_source(struct store *st, const struct import_options *opt,
		      struct import_report *rep, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_prepare(st, &s,
			  "SELECT id, kind, searched_on, query FROM source "
			  "WHERE name = ?", err) < 0)
		return -1;
	sqlite3_bind_text(s, 1, opt->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *stored[3] = {
			(const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3),
		};
		const char *given[3] = { opt->kind, opt->searched, opt->query };
		const char *what[3] = { "--kind", "--searched", "--query" };

		rep->source_id = sqlite3_column_int64(s, 0);
		for (int i = 0; i < 3; i++) {
			if (given[i] && stored[i] && strcmp(given[i], stored[i])) {
				sk_fail(err, SK_E_CONFLICT, NULL, 0,
					"source '%s' already has a different "
					"%s; use another --source name for "
					"another search", opt->source, what[i]);
				sqlite3_finalize(s);
				return -1;
			}
		}
		sqlite3_finalize(s);
		/* Fill in what the first import did not say. */
		if (store_prepare(st, &s,
				  "UPDATE source SET searched_on = "
				  "coalesce(searched_on, ?), query = "
				  "coalesce(query, ?) WHERE id = ?", err) < 0)
			return -1;
		store_bind_text(s, 1, opt->searched);
		store_bind_text(s, 2, opt->query);
		sqlite3_bind_int64(s, 3, rep->source_id);
	} else {
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_fail(st, err, "cannot read sources");
		if (store_prepare(st, &s,
				  "INSERT INTO source (name, kind, searched_on, "
				  "query, created_at) VALUES (?,?,?,?,?)",
				  err) < 0)
			return -1;
		store_now(now);
		store_bind_text(s, 1, opt->source);
		store_bind_text(s, 2, opt->kind ? opt->kind : "database");
		store_bind_text(s, 3, opt->searched);
		store_bind_text(s, 4, opt->query);
		store_bind_text(s, 5, now);
		rep->source_created = 1;
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot save the source");
	if (rep->source_created)
		rep->source_id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static int
insert_file(struct import_state *s, struct sk_err *err)
{
	sqlite3_stmt *stmt;
	char now[32];
	int rc;

	if (store_prepare(s->st, &stmt,
			  "INSERT INTO source_file (source_id, name, sha256, "
			  "format, encoding, records, imported_at) "
			  "VALUES (?, ?, '', ?, ?, 0, ?)", err) < 0)
		return -1;
	store_now(now);
	sqlite3_bind_int64(stmt, 1, s->rep->source_id);
	store_bind_text(stmt, 2, s->file->name);
	store_bind_text(stmt, 3, import_format_name(s->file->format));
	store_bind_text(stmt, 4, s->file->encoding);
	store_bind_text(stmt, 5, now);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(s->st, err, "cannot save the file");
	s->file_id = sqlite3_last_insert_rowid(s->st->db);
	s->file->id = s->file_id;
	return 0;
}

/* Refuse a file whose content was imported before, unless --again. */
static int
check_not_imported(struct import_state *s, struct sk_err *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (s->opt->again)
		return 0;
	if (store_prepare(s->st, &stmt,
			  "SELECT f.name, s.name, f.imported_at "
			  "FROM source_file f JOIN source s ON s.id = f.source_id "
			  "WHERE f.sha256 = ? AND f.id <> ? LIMIT 1", err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, s->file->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, s->file_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		sk_fail(err, SK_E_CONFLICT, s->file->name, 0,
			"the same content was imported before, as '%s' into "
			"source '%s' on %s; give --again to import it again",
			sqlite3_column_text(stmt, 0),
			sqlite3_column_text(stmt, 1),
			sqlite3_column_text(stmt, 2));
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s->st, err, "cannot check earlier imports");
	return 0;
}

static int
finish_file(struct import_state *s, struct sk_err *err)
{
	sqlite3_stmt *stmt;
	int rc;

	if (check_not_imported(s, err) < 0)
		return -1;
	if (store_prepare(s->st, &stmt,
			  "UPDATE source_file SET sha256 = ?, records = ?, "
			  "skipped = ?, deleted = ? WHERE id = ?", err) < 0)
		return -1;
	sqlite3_bind_text(stmt, 1, s->file->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, s->file->records);
	sqlite3_bind_int64(stmt, 3, s->file->skipped);
	sqlite3_bind_int64(stmt, 4, s->file->deleted);
	sqlite3_bind_int64(stmt, 5, s->file_id);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(s->st, err, "cannot save the file");
	return 0;
}

static int
parse(struct input *in, struct import_state *s, struct sk_err *err)
{
	struct record_sink sink = { s, sink_record, sink_bad, sink_deleted };

	switch (s->file->format) {
	case IMPORT_PUBMED:
		return pubmed_parse(in, &sink, err);
	case IMPORT_MEDLINE:
		return medline_parse(in, &sink, err);
	case IMPORT_RIS:
		return ris_parse(in, &sink, err);
	case IMPORT_WOS:
		return wos_parse(in, &sink, err);
	case IMPORT_CSV:
		return csv_parse(in, s->opt->map, &sink, err);
	case IMPORT_ENDNOTE:
		return endnote_parse(in, &sink, err);
	default:
		return sk_fail(err, SK_E_INPUT, input_name(in), 0,
			       "unknown format");
	}
}

static void *
parser_thread(void *arg)
{
	struct import_state *s = arg;

	s->parse_rc = parse(s->in, s, &s->parse_err);
	queue_close(s->queue);
	return NULL;
}

static int
save_deleted(struct import_state *s, const char *pmid, struct sk_err *err)
{
	int rc;

	sqlite3_bind_int64(s->deleted, 1, s->file_id);
	sqlite3_bind_text(s->deleted, 2, pmid, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->deleted);
	sqlite3_reset(s->deleted);
	if (rc != SQLITE_DONE)
		return store_fail(s->st, err, "cannot save a deleted PMID");
	s->file->deleted++;
	return 0;
}

static int
write_batch(struct import_state *s, struct queue_batch *b, struct sk_err *err)
{
	long long id;

	for (size_t i = 0; i < b->n; i++) {
		struct record *rec = &b->records[i];

		record_normalize(rec);
		if (records_insert(&s->writer, s->rep->source_id, s->file_id,
				   s->file->records + 1, rec, &id, err) < 0)
			return -1;
		progress_update(&s->progress, ++s->file->records);
	}
	for (size_t i = 0; i < b->deleted.n; i++)
		if (save_deleted(s, b->deleted.v[i], err) < 0)
			return -1;
	return 0;
}

/* Write what the parser thread hands over, until it is done. */
static int
write_records(struct import_state *s, struct sk_err *err)
{
	struct queue_batch *b;
	int rc = 0;

	while (rc == 0 && (b = queue_take(s->queue))) {
		rc = write_batch(s, b, err);
		queue_give_back(s->queue, b);
	}
	return rc;
}

/* Parse in a second thread while this one writes; then join. */
static int
parse_and_write(struct import_state *s, struct sk_err *err)
{
	pthread_t thread;
	int rc;

	s->queue = queue_new(IMPORT_BATCHES);
	s->parse_rc = 0;
	sk_err_clear(&s->parse_err);
	s->deleted_lost = 0;
	if (pthread_create(&thread, NULL, parser_thread, s) != 0) {
		queue_free(s->queue);
		return sk_fail(err, SK_E_IO, s->file->name, 0,
			       "cannot start the parser thread");
	}
	rc = write_records(s, err);
	if (rc < 0)
		queue_stop(s->queue);	/* the parser's next hand-over fails */
	pthread_join(thread, NULL);
	queue_free(s->queue);
	s->queue = NULL;
	if (rc < 0)
		return -1;
	if (s->parse_rc < 0) {
		*err = s->parse_err;
		return -1;
	}
	if (s->deleted_lost)
		return sk_fail(err, SK_E_DB, s->file->name, 0,
			       "cannot save a deleted PMID");
	return 0;
}

static struct import_file_report *
add_file_report(struct import_report *rep, const char *name)
{
	struct import_file_report *f;

	rep->files = xgrow(rep->files, &rep->cap_files, rep->nfiles + 1,
			   sizeof(*rep->files));
	f = &rep->files[rep->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	return f;
}

/* Read one opened input into the source; progress only for files. */
static int
import_input(struct import_state *s, struct input *in, int show_progress,
	     struct sk_err *err)
{
	int rc;

	s->file = add_file_report(s->rep, input_name(in));
	s->file->format = s->opt->format;
	if (s->file->format == IMPORT_AUTO &&
	    import_detect(in, &s->file->format, err) < 0)
		return -1;
	if (s->file->format == IMPORT_PUBMED ||
	    s->file->format == IMPORT_ENDNOTE) {
		s->file->encoding = xstrdup("as declared in the XML");
	} else {
		if (input_set_encoding(in, s->opt->encoding, err) < 0)
			return -1;
		s->file->encoding = xstrdup(input_encoding_name(in));
	}
	if (insert_file(s, err) < 0)
		return -1;
	if (show_progress)
		progress_start(&s->progress, s->file->name);
	s->in = in;
	rc = parse_and_write(s, err);
	progress_end(&s->progress);
	if (rc == 0)
		rc = input_sha256(in, s->file->sha256, err);
	if (rc == 0)
		rc = finish_file(s, err);
	return rc;
}

static int
import_file(struct import_state *s, const char *path, struct sk_err *err)
{
	struct input *in = NULL;
	int rc;

	if (input_open(&in, path, err) < 0)
		return -1;
	rc = import_input(s, in, 1, err);
	input_close(in);
	return rc;
}

/* What every import needs before its first file. */
static int
import_start(struct import_state *s, struct store *st,
	     const struct import_options *opt, struct import_report *rep,
	     struct sk_err *err)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	s->opt = opt;
	s->rep = rep;
	s->packer = record_packer_new();
	if (records_writer_init(&s->writer, st, err) < 0)
		return -1;
	return store_prepare(st, &s->deleted,
			     "INSERT INTO deleted_citation (file_id, pmid) "
			     "VALUES (?, ?)", err);
}

static void
import_state_release(struct import_state *s)
{
	sqlite3_finalize(s->deleted);
	records_writer_release(&s->writer);
	record_packer_free(s->packer);
}

int
import_run(struct store *st, const struct import_options *opt,
	   char *const *paths, size_t npaths, struct import_report *rep,
	   struct sk_err *err)
{
	struct import_state s;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	if (find_or_create_source(st, opt, rep, err) < 0)
		return -1;
	if (import_start(&s, st, opt, rep, err) < 0)
		goto done;
	for (size_t i = 0; i < npaths; i++)
		if (import_file(&s, paths[i], err) < 0)
			goto done;
	/* Automation rules see the new records in the same transaction. */
	rc = rules_refresh(st, NULL, err);
done:
	import_state_release(&s);
	return rc;
}

int
import_memory(struct store *st, const struct import_options *opt,
	      long long source_id, const char *name, const void *data,
	      size_t len, struct import_report *rep, struct sk_err *err)
{
	struct import_state s;
	struct input *in;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	rep->source_id = source_id;
	if (import_start(&s, st, opt, rep, err) < 0)
		goto done;
	input_open_memory(&in, name, data, len);
	rc = import_input(&s, in, 0, err);
	input_close(in);
	if (rc == 0)
		rc = rules_refresh(st, NULL, err);
done:
	import_state_release(&s);
	return rc;
}

void
import_report_release(struct import_report *rep)
{
	for (size_t i = 0; i < rep->nfiles; i++) {
		free(rep->files[i].name);
		free(rep->files[i].encoding);
	}
	free(rep->files);
	for (size_t i = 0; i < rep->nskips; i++) {
		free(rep->skips[i].file);
		free(rep->skips[i].reason);
	}
	free(rep->skips);
	memset(rep, 0, sizeof(*rep));
}
