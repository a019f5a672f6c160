/*
 * records: the record and author tables: writing imported records and
 * reading them back whole (for show, export and reimport).
 */
#ifndef SK_RECORDS_H
#define SK_RECORDS_H

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "record.h"
#include "store.h"

/* Prepared inserts, reused for every record of an import. */
struct records_writer {
	struct store *st;
	sqlite3_stmt *record;
	sqlite3_stmt *author;
	struct buf lists[4];	/* JSON of the lists, bound without a copy */
	struct record_packer *packer;	/* for records not packed yet */
};

int records_writer_init(struct records_writer *w, struct store *st,
			struct sk_err *err);
void records_writer_release(struct records_writer *w);

/*
 * Insert rec as the position-th record of file_id; *id gets its id. Its
 * original text is packed here unless the caller packed it already.
 */
int records_insert(struct records_writer *w, long long source_id,
		   long long file_id, long position, struct record *rec,
		   long long *id, struct sk_err *err);

/*
 * Add the records of every file not yet indexed to the title/abstract
 * search index, within the caller's transaction. *count gets the number
 * of records added (0 when the index was up to date).
 */
int records_index_pending(struct store *st, long long *count,
			  struct sk_err *err);

/*
 * Read record id into rec (which the caller has initialised; it is reset
 * first). Fails with SK_E_INPUT if there is no such record.
 */
int records_load(struct store *st, long long id, struct record *rec,
		 struct sk_err *err);

#endif
