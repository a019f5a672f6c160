#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

int
review_create(struct store *st, const struct review *r, struct sk_err *err)
{
	sqlite3_stmt *s;
	char now[32];
	int rc;

	if (store_prepare(st, &s,
			  "INSERT INTO review (id, uuid, title, question, "
			  "population, concept, context, created_at) "
			  "SELECT 1, lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ? "
			  "WHERE NOT EXISTS (SELECT 1 FROM review)", err) < 0)
		return -1;
	store_now(now);
	store_bind_text(s, 1, r->title);
	store_bind_text(s, 2, r->question);
	store_bind_text(s, 3, r->population);
	store_bind_text(s, 4, r->concept);
	store_bind_text(s, 5, r->context);
	store_bind_text(s, 6, now);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "cannot create the review");
	if (sqlite3_changes(st->db) == 0)
		return sk_fail(err, SK_E_CONFLICT, st->path, 0,
			       "this store already holds a review");
	return 0;
}

static char *
column_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? xstrdup((const char *)t) : NULL;
}

int
review_load(struct store *st, struct review *r, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	memset(r, 0, sizeof(*r));
	if (store_prepare(st, &s,
			  "SELECT uuid, title, question, population, concept, "
			  "context, created_at FROM review WHERE id = 1",
			  err) < 0)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->uuid = column_dup(s, 0);
		r->title = column_dup(s, 1);
		r->question = column_dup(s, 2);
		r->population = column_dup(s, 3);
		r->concept = column_dup(s, 4);
		r->context = column_dup(s, 5);
		r->created_at = column_dup(s, 6);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return sk_fail(err, SK_E_INPUT, st->path, 0,
			       "the store has no review: run 'scopekit init "
			       "--title TITLE' first");
	if (rc != SQLITE_ROW)
		return store_fail(st, err, "cannot read the review");
	return 0;
}

void
review_release(struct review *r)
{
	free(r->uuid);
	free(r->title);
	free(r->question);
	free(r->population);
	free(r->concept);
	free(r->context);
	free(r->created_at);
	memset(r, 0, sizeof(*r));
}
