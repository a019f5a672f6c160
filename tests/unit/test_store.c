/* store: creation, identity, versions, transactions; records in and out. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lz4.h>

#include "records.h"
#include "review.h"
#include "store.h"

static char dir[] = "/tmp/sk-store-XXXXXX";
static char path[256];

static void
setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/review.db", dir);
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(store, .init = setup, .fini = teardown);

static int
user_version(struct store *st)
{
	sqlite3_stmt *s;
	int v;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s,
					NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

Test(store, create_then_reopen)
{
	struct store *st;
	struct sk_err err = SK_ERR_INIT;
	struct review r = { 0 }, back;

	cr_assert_eq(store_open(&st, path, STORE_WRITE, &err), -1);
	cr_assert_eq(err.kind, SK_E_IO);
	cr_assert(strstr(err.msg, "no review store here"));
	cr_assert_eq(access(path, F_OK), -1, "a failed open created the file");

	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(user_version(st), store_schema_latest());
	r.title = (char *)"Models of care";
	r.context = (char *)"Primary care";
	cr_assert_eq(review_create(st, &r, &err), 0, "%s", err.msg);
	cr_assert_eq(review_create(st, &r, &err), -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	store_close(st);

	cr_assert_eq(store_open(&st, path, STORE_READ, &err), 0, "%s", err.msg);
	cr_assert_eq(review_load(st, &back, &err), 0, "%s", err.msg);
	cr_assert_str_eq(back.title, "Models of care");
	cr_assert_str_eq(back.context, "Primary care");
	cr_assert_null(back.question);
	review_release(&back);
	store_close(st);
}

Test(store, newer_schema_is_refused_and_untouched)
{
	struct store *st;
	struct sk_err err = SK_ERR_INIT;
	char sql[64];

	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s", err.msg);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
		 store_schema_latest() + 1);
	cr_assert_eq(store_exec(st, sql, &err), 0);
	store_close(st);
	cr_assert_eq(store_open(&st, path, STORE_WRITE, &err), -1);
	cr_assert_eq(err.kind, SK_E_DB);
	cr_assert(strstr(err.msg, "made by a newer scopekit"), "%s", err.msg);
}

Test(store, rollback_writes_nothing)
{
	struct store *st;
	struct sk_err err = SK_ERR_INIT;
	struct review r = { 0 };
	struct review back;

	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(store_begin(st, &err), 0);
	r.title = (char *)"Never saved";
	cr_assert_eq(review_create(st, &r, &err), 0);
	store_rollback(st);
	cr_assert_eq(review_load(st, &back, &err), -1);
	cr_assert(strstr(err.msg, "has no review"), "%s", err.msg);
	store_close(st);
}

/* Every field of a record survives the store, including awkward text. */
Test(store, record_round_trip)
{
	struct store *st;
	struct sk_err err = SK_ERR_INIT;
	struct records_writer w;
	struct record in, out;
	struct author *a;
	long long id;
	static const char title[] = "Robert'); DROP TABLE record;-- \xc3\xa9";

	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(store_exec(st,
		"INSERT INTO source (id, name, created_at) VALUES (1, 's', 'now');"
		"INSERT INTO source_file (id, source_id, name, sha256, format, "
		"encoding, records, imported_at) VALUES (1, 1, 'f', 'x', 'ris', "
		"'UTF-8', 1, 'now')", &err), 0, "%s", err.msg);
	record_init(&in);
	record_init(&out);
	in.line = 7;
	record_set(&in.type, "JOUR", 4);
	record_set(&in.title, title, strlen(title));
	record_set(&in.abstract, "BACKGROUND: a\n\nMETHODS: b", 25);
	record_set(&in.pmcid, "PMC123", 6);
	in.year = 2019;
	strlist_add(&in.keywords, "back pain", 9);
	strlist_add(&in.keywords, "quote \" and \\ slash", 19);
	a = record_add_author(&in);
	a->name = strdup("Study Group");
	a->collective = 1;
	a = record_add_author(&in);
	a->name = strdup("O'Brien, J");
	a->family = strdup("O'Brien");
	a->given = strdup("J");
	for (int i = 0; i < 3000; i++)
		buf_addf(&in.original, "KW  - keyword number %d\n", i * 7919 % 10007);

	cr_assert_eq(records_writer_init(&w, st, &err), 0);
	cr_assert_eq(records_insert(&w, 1, 1, 1, &in, &id, &err), 0, "%s", err.msg);
	records_writer_release(&w);
	cr_assert_eq(records_load(st, id, &out, &err), 0, "%s", err.msg);
	cr_assert_str_eq(out.title, title);
	cr_assert_str_eq(out.abstract, in.abstract);
	cr_assert_eq(out.year, 2019);
	cr_assert_eq(out.line, 7);
	cr_assert_eq(out.keywords.n, 2);
	cr_assert_str_eq(out.keywords.v[1], "quote \" and \\ slash");
	cr_assert_eq(out.n_authors, 2);
	cr_assert_eq(out.authors[0].collective, 1);
	cr_assert_null(out.authors[0].family);
	cr_assert_str_eq(out.authors[1].family, "O'Brien");
	cr_assert_eq(out.original.len, in.original.len);
	cr_assert_str_eq(out.original.data, in.original.data);
	cr_assert_null(out.doi);
	cr_assert_eq(records_load(st, id + 1, &out, &err), -1);
	cr_assert(strstr(err.msg, "no record"));
	/* A damaged original text is reported, never returned half-read. */
	cr_assert_eq(store_exec(st, "UPDATE record SET original = "
			       "x'ff00ff00ff00ff00'", &err), 0);
	cr_assert_eq(records_load(st, id, &out, &err), -1);
	cr_assert(strstr(err.msg, "is damaged"), "%s", err.msg);
	record_release(&in);
	record_release(&out);
	store_close(st);
}

/*
 * The original text is packed with the record's abstract as dictionary:
 * a RIS record that repeats its abstract packs to a fraction of a plain
 * LZ4 block, and reads back whole. Blocks packed plain, as stores made
 * before hold them, still read back with the abstract given.
 */
Test(store, original_packed_against_abstract)
{
	struct record r, out;
	struct record_packer *p = record_packer_new();
	static char plain[65536];
	int nplain;

	record_init(&r);
	record_init(&out);
	buf_addf(&r.original, "TY  - JOUR\nTI  - Stratified care for back "
		 "pain\nAU  - Hill, J C\n");
	for (unsigned i = 0, x = 7; i < 40; i++) {
		x = x * 1103515245u + 12345u;
		buf_addf(&out.original, "Of %u patients, %u (%u%%) had pain "
			 "at %u weeks. ", x % 9973, x % 4099, x % 97, x % 53);
	}
	record_set(&r.abstract, out.original.data, out.original.len);
	buf_addf(&r.original, "AB  - %s\nER  - \n", r.abstract);

	record_pack(&r, p);
	nplain = LZ4_compress_default(r.original.data, plain,
				      (int)r.original.len, sizeof(plain));
	cr_assert_gt(nplain, 0);
	cr_assert_lt(r.packed.len * 4, (size_t)nplain,
		     "packed %zu, plain %d", r.packed.len, nplain);
	cr_assert_eq(record_unpack(r.packed.data, r.packed.len,
				   r.original.len, r.abstract, &out.original),
		     0);
	cr_assert_eq(out.original.len, r.original.len);
	cr_assert_eq(memcmp(out.original.data, r.original.data,
			    r.original.len), 0);
	/* Without the abstract the block cannot be read back whole. */
	cr_assert_eq(record_unpack(r.packed.data, r.packed.len,
				   r.original.len, NULL, &out.original), -1);
	/* A block packed plain reads the same with or without it. */
	for (int k = 0; k < 2; k++) {
		cr_assert_eq(record_unpack(plain, (size_t)nplain,
					   r.original.len,
					   k ? r.abstract : NULL,
					   &out.original), 0);
		cr_assert_eq(memcmp(out.original.data, r.original.data,
				    r.original.len), 0);
	}
	/*
	 * An abstract under a quarter of the record (PubMed XML: references
	 * and MeSH) is not worth LZ4's slower dictionary mode: packed plain.
	 */
	for (int i = 0; i < 300; i++)
		buf_addf(&r.original, "CommentsCorrections %d of the record, "
			 "cited by PMID %d\n", i, 30000000 + i * 7919);
	record_pack(&r, p);
	nplain = LZ4_compress_default(r.original.data, plain,
				      (int)r.original.len, sizeof(plain));
	cr_assert_eq(r.packed.len, (size_t)nplain);
	cr_assert_eq(memcmp(r.packed.data, plain, r.packed.len), 0);
	/* A record without an abstract packs and reads back too. */
	free(r.abstract);
	r.abstract = NULL;
	record_pack(&r, p);
	cr_assert_eq(record_unpack(r.packed.data, r.packed.len,
				   r.original.len, NULL, &out.original), 0);
	cr_assert_eq(memcmp(out.original.data, r.original.data,
			    r.original.len), 0);
	record_packer_free(p);
	record_release(&r);
	record_release(&out);
}
