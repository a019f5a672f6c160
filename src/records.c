#include "records.h"

#include <string.h>

#include "json.h"
#include "banned.h"

/* Column order shared by the insert and the load below. */
#define RECORD_COLUMNS                                                      \
	"type, pmid, pmcid, doi, title, abstract, journal, journal_abbrev, " \
	"issn, pubdate, year, volume, issue, pages, publisher, url, "        \
	"accession, database, languages, pubtypes, keywords, mesh, "         \
	"original, original_size, line"

int
records_writer_init(struct records_writer *w, struct store *st,
		    struct sk_err *err)
{
	memset(w, 0, sizeof(*w));
	w->st = st;
	for (int i = 0; i < 4; i++)
		buf_init(&w->lists[i]);
	w->packer = record_packer_new();
	if (store_prepare(st, &w->record,
			  "INSERT INTO record (source_id, file_id, position, "
			  RECORD_COLUMNS ") VALUES (?,?,?, ?,?,?,?,?,?,?,?,"
			  "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err) < 0 ||
	    store_prepare(st, &w->author,
			  "INSERT INTO author (record_id, position, name, "
			  "family, given, affiliation, collective) "
			  "VALUES (?,?,?,?,?,?,?)", err) < 0) {
		records_writer_release(w);
		return -1;
	}
	return 0;
}

void
records_writer_release(struct records_writer *w)
{
	sqlite3_finalize(w->record);
	sqlite3_finalize(w->author);
	for (int i = 0; i < 4; i++)
		buf_release(&w->lists[i]);
	record_packer_free(w->packer);
	w->record = w->author = NULL;
	w->packer = NULL;
}

static void
bind_list(struct records_writer *w, int idx, struct buf *json,
	  const struct strlist *l)
{
	if (!l->n) {
		sqlite3_bind_null(w->record, idx);
		return;
	}
	buf_reset(json);
	json_add_strlist(json, l);
	sqlite3_bind_text(w->record, idx, json->data, (int)json->len,
			  SQLITE_STATIC);
}

static int
insert_authors(struct records_writer *w, long long id,
	       const struct record *rec, struct sk_err *err)
{
	sqlite3_stmt *s = w->author;

	for (size_t i = 0; i < rec->n_authors; i++) {
		const struct author *a = &rec->authors[i];

		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (long long)i + 1);
		store_bind_static(s, 3, a->name ? a->name : "");
		store_bind_static(s, 4, a->family);
		store_bind_static(s, 5, a->given);
		store_bind_static(s, 6, a->affiliation);
		sqlite3_bind_int(s, 7, a->collective);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_fail(w->st, err, "cannot save an author");
		}
		sqlite3_reset(s);
	}
	return 0;
}

int
records_insert(struct records_writer *w, long long source_id,
	       long long file_id, long position, struct record *rec,
	       long long *id, struct sk_err *err)
{
	sqlite3_stmt *s = w->record;
	const char *text[] = {
		rec->type, rec->pmid, rec->pmcid, rec->doi, rec->title,
		rec->abstract, rec->journal, rec->journal_abbrev, rec->issn,
		rec->pubdate,
	};
	const char *text2[] = {
		rec->volume, rec->issue, rec->pages, rec->publisher, rec->url,
		rec->accession, rec->database,
	};
	int col = 1;

	sqlite3_bind_int64(s, col++, source_id);
	sqlite3_bind_int64(s, col++, file_id);
	sqlite3_bind_int64(s, col++, position);
	for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++)
		store_bind_static(s, col++, text[i]);
	if (rec->year)
		sqlite3_bind_int(s, col++, rec->year);
	else
		sqlite3_bind_null(s, col++);
	for (size_t i = 0; i < sizeof(text2) / sizeof(*text2); i++)
		store_bind_static(s, col++, text2[i]);
	bind_list(w, col++, &w->lists[0], &rec->languages);
	bind_list(w, col++, &w->lists[1], &rec->pubtypes);
	bind_list(w, col++, &w->lists[2], &rec->keywords);
	bind_list(w, col++, &w->lists[3], &rec->mesh);
	/* Kept compressed (docs/ARCHITECTURE.md); packed here if not yet. */
	if (!rec->packed.len)
		record_pack(rec, w->packer);
	sqlite3_bind_blob(s, col++, rec->packed.data, (int)rec->packed.len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(s, col++, (long long)rec->original.len);
	sqlite3_bind_int64(s, col++, rec->line);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_fail(w->st, err, "cannot save a record");
	}
	sqlite3_reset(s);
	*id = sqlite3_last_insert_rowid(w->st->db);
	return insert_authors(w, *id, rec, err);
}

int
records_index_pending(struct store *st, long long *count, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	*count = 0;
	if (store_prepare(st, &s,
			  "INSERT INTO record_fts (rowid, title, abstract) "
			  "SELECT r.id, r.title, r.abstract FROM record r "
			  "JOIN source_file f ON f.id = r.file_id "
			  "WHERE f.indexed = 0", err) < 0)
		return -1;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot index the records");
	*count = sqlite3_changes64(st->db);
	return store_exec(st, "UPDATE source_file SET indexed = 1 "
			      "WHERE indexed = 0", err);
}

static void
load_text(sqlite3_stmt *s, int col, char **field)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	if (t)
		record_set(field, (const char *)t,
			   (size_t)sqlite3_column_bytes(s, col));
}

static void
load_list(sqlite3_stmt *s, int col, struct strlist *l)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	if (t)
		json_parse_strlist((const char *)t, l);
}

static int
load_original(sqlite3_stmt *s, int col, const char *abstract,
	      struct buf *out)
{
	long long size = sqlite3_column_int64(s, col + 1);

	if (size < 0)
		return -1;
	return record_unpack(sqlite3_column_blob(s, col),
			     (size_t)sqlite3_column_bytes(s, col),
			     (size_t)size, abstract, out);
}

static int
load_authors(struct store *st, long long id, struct record *rec,
	     struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s,
			  "SELECT name, family, given, affiliation, collective "
			  "FROM author WHERE record_id = ? ORDER BY position",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct author *a = record_add_author(rec);

		load_text(s, 0, &a->name);
		load_text(s, 1, &a->family);
		load_text(s, 2, &a->given);
		load_text(s, 3, &a->affiliation);
		a->collective = sqlite3_column_int(s, 4);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot read authors");
	return 0;
}

int
records_load(struct store *st, long long id, struct record *rec,
	     struct sk_err *err)
{
	sqlite3_stmt *s;
	char **text[] = {
		&rec->type, &rec->pmid, &rec->pmcid, &rec->doi, &rec->title,
		&rec->abstract, &rec->journal, &rec->journal_abbrev,
		&rec->issn, &rec->pubdate,
	};
	char **text2[] = {
		&rec->volume, &rec->issue, &rec->pages, &rec->publisher,
		&rec->url, &rec->accession, &rec->database,
	};
	int rc, col = 0;

	record_reset(rec);
	if (store_prepare(st, &s, "SELECT " RECORD_COLUMNS
			  " FROM record WHERE id = ?", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		if (rc == SQLITE_DONE)
			return sk_fail(err, SK_E_INPUT, NULL, 0,
				       "no record %lld", id);
		return store_fail(st, err, "cannot read a record");
	}
	for (size_t i = 0; i < sizeof(text) / sizeof(*text); i++)
		load_text(s, col++, text[i]);
	rec->year = sqlite3_column_int(s, col++);
	for (size_t i = 0; i < sizeof(text2) / sizeof(*text2); i++)
		load_text(s, col++, text2[i]);
	load_list(s, col++, &rec->languages);
	load_list(s, col++, &rec->pubtypes);
	load_list(s, col++, &rec->keywords);
	load_list(s, col++, &rec->mesh);
	if (load_original(s, col, rec->abstract, &rec->original) < 0) {
		sqlite3_finalize(s);
		return sk_fail(err, SK_E_DB, st->path, 0,
			       "the original text of record %lld is damaged",
			       id);
	}
	col += 2;
	rec->line = (long)sqlite3_column_int64(s, col);
	sqlite3_finalize(s);
	return load_authors(st, id, rec, err);
}
