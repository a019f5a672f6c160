/*
 * merge: a reviewer's copy leaves out the others' judgements and values
 * (and they cannot be read from the file), merging adds the copies'
 * facts once, in any order to the same result, maps the ids that are
 * local to a store, refuses what is not a copy of this review, and
 * records facts made apart that disagree.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "duplicates.h"
#include "harness.h"
#include "import.h"
#include "merge.h"
#include "review.h"
#include "screen.h"
#include "store.h"

static const char ris[] =
	"TY  - JOUR\nTI  - First trial of stratified care\nPY  - 2011\nER  - \n\n"
	"TY  - JOUR\nTI  - Second trial of stepped care\nPY  - 2012\nER  - \n\n"
	"TY  - JOUR\nTI  - A third look at pathways\nPY  - 2013\nER  - \n\n"
	"TY  - JOUR\nTI  - Fourth: physiotherapy first\nPY  - 2014\nER  - \n\n"
	"TY  - JOUR\nTI  - Fifth: nurse-led clinics\nPY  - 2015\nER  - \n\n"
	"TY  - JOUR\nTI  - Sixth: a survey of GPs\nPY  - 2016\nER  - \n";

static char main_path[300];

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

static char *
path_of(const char *name)
{
	static char paths[4][300];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, 300, "%s/%s", tmpdir, name);
	return p;
}

static struct store *
open_store(const char *path)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st;

	ok(store_open(&st, path, STORE_WRITE, &err), &err);
	return st;
}

/* A new review store at path with the records and three reviewers. */
static void
make_review(const char *path, const char *title)
{
	struct sk_err err = SK_ERR_INIT;
	struct import_options opt = { .source = "Test" };
	struct import_report rep;
	struct review r = { 0 };
	struct store *st;
	char *paths[1];

	ok(store_open(&st, path, STORE_CREATE, &err), &err);
	r.title = (char *)title;
	ok(review_create(st, &r, &err), &err);
	paths[0] = (char *)write_tmp("a.ris", ris, strlen(ris));
	ok(store_begin(st, &err), &err);
	ok(import_run(st, &opt, paths, 1, &rep, &err), &err);
	import_report_release(&rep);
	ok(screen_reviewer_add(st, "AD", &err), &err);
	ok(screen_reviewer_add(st, "CF", &err), &err);
	ok(screen_reviewer_add(st, "TS", &err), &err);
	ok(store_exec(st, "INSERT INTO reason (label, position, created_at) "
		      "VALUES ('Wrong population', 1, 'now')", &err), &err);
	ok(store_commit(st, &err), &err);
	store_close(st);
}

static void
setup(void)
{
	make_tmp();
	snprintf(main_path, sizeof(main_path), "%s/review.db", tmpdir);
	make_review(main_path, "Models of care");
}

static void
teardown(void)
{
	drop_tmp();
}

TestSuite(merge, .init = setup, .fini = teardown);

/* Judge records in the store at path, one transaction. */
static void
judge(const char *path, const char *who, enum stage stage,
      enum verdict v, const char *note, const long long *ids, size_t n)
{
	struct sk_err err = SK_ERR_INIT;
	struct screen_settings set;
	struct store *st = open_store(path);

	ok(screen_settings_load(st, &set, &err), &err);
	ok(store_begin(st, &err), &err);
	for (size_t i = 0; i < n; i++) {
		struct screen_fact f = { ids[i], stage, who, v, NULL, note };

		ok(screen_decide(st, &set, &f, &err), &err);
	}
	ok(store_commit(st, &err), &err);
	store_close(st);
}

static void
settle(const char *path, const char *who, long long id, enum verdict v)
{
	struct sk_err err = SK_ERR_INIT;
	struct screen_settings set;
	struct store *st = open_store(path);
	struct screen_fact f = { id, STAGE_TA, who, v, NULL, NULL };

	ok(screen_settings_load(st, &set, &err), &err);
	ok(store_begin(st, &err), &err);
	ok(screen_resolve(st, &set, &f, &err), &err);
	ok(store_commit(st, &err), &err);
	store_close(st);
}

static void
copy_for(const char *who, const char *out)
{
	struct sk_err err = SK_ERR_INIT;
	struct merge_copy_report rep;
	struct store *st = open_store(main_path);

	ok(merge_copy(st, who, out, &rep, &err), &err);
	store_close(st);
}

/* Merge copies into the store at path; the report is returned. */
static int
merge_into(const char *path, const char *const *copies, size_t n,
	   struct merge_report *rep, struct sk_err *err)
{
	struct store *st = open_store(path);
	int rc;

	ok(store_begin(st, err), err);
	rc = merge_run(st, copies, n, rep, err);
	if (rc == 0)
		ok(store_commit(st, err), err);
	store_close(st);
	return rc;
}

/* Every row of sql, columns joined by ',', rows by '|'. */
static char *
rows(const char *path, const char *sql)
{
	struct store *st = open_store(path);
	struct buf b = BUF_INIT;
	sqlite3_stmt *s;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK,
		     "%s: %s", sql, sqlite3_errmsg(st->db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (b.len)
			buf_addch(&b, '|');
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);

			buf_addf(&b, "%s%s", i ? "," : "", v ? v : "-");
		}
	}
	sqlite3_finalize(s);
	store_close(st);
	return buf_detach(&b, NULL);
}

/* Whether needle is anywhere in the n bytes at hay. */
static int
holds(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

static void
rows_are(const char *path, const char *sql, const char *want)
{
	char *got = rows(path, sql);

	cr_assert_str_eq(got, want, "%s", sql);
	free(got);
}

/* The facts and what they add up to, without local ids. */
static const char canonical_sql[] =
	"SELECT 'd', uuid, record_id, stage, reviewer, verdict, note, "
	"decided_at, origin FROM decision UNION ALL "
	"SELECT 'r', uuid, record_id, stage, verdict, resolver, method, "
	"decided_at, origin FROM resolution UNION ALL "
	"SELECT 'p', d.uuid, p.a, p.b, d.verdict, d.method, d.reviewer, "
	"d.decided_at, d.origin FROM dup_decision d JOIN dup_pair p ON p.id = "
	"d.pair_id UNION ALL "
	"SELECT 'c', kind, a, b, '', '', '', '', '' FROM merge_conflict "
	"UNION ALL SELECT 'u', unit, stage, reviewer, verdict, decided_at, "
	"'', '', '' FROM decision_current UNION ALL "
	"SELECT 's', unit, stage, verdict, resolver, decided_at, '', '', '' "
	"FROM resolution_current UNION ALL "
	"SELECT 'm', record_id, canonical, '', '', '', '', '', '' FROM "
	"dup_member ORDER BY 1, 2, 3, 4";

Test(merge, copy_leaves_out_what_would_unblind)
{
	const long long both[] = { 1 }, ad_only[] = { 2, 3 };
	struct sk_err err = SK_ERR_INIT;
	struct store *st;
	char *bytes;
	size_t n;
	FILE *f;

	judge(main_path, "AD", STAGE_TA, VERDICT_INCLUDE, "seen by all", both,
	      1);
	judge(main_path, "CF", STAGE_TA, VERDICT_EXCLUDE, NULL, both, 1);
	judge(main_path, "AD", STAGE_TA, VERDICT_INCLUDE, "AD-alone-7781",
	      ad_only, 2);
	st = open_store(main_path);
	ok(store_exec(st, "INSERT INTO resolution (uuid, record_id, stage, "
		      "verdict, resolver, method, decided_at) VALUES ('r1', 1, "
		      "'ta', 'include', 'TS', 'third', 'x'), ('r2', 2, 'ta', "
		      "'include', 'TS', 'third', 'x')", &err), &err);
	store_close(st);
	copy_for("CF", path_of("cf.db"));
	/* Record 1 has its two judgements: the store shows both to all. */
	rows_are(path_of("cf.db"), "SELECT record_id || reviewer FROM decision "
		 "ORDER BY id", "1AD|1CF");
	rows_are(path_of("cf.db"), "SELECT uuid FROM resolution", "r1");
	rows_are(path_of("cf.db"), "SELECT made_for FROM copy_info", "CF");
	/* AD's copy keeps AD's own. */
	copy_for("AD", path_of("ad.db"));
	rows_are(path_of("ad.db"), "SELECT count(*) FROM decision", "4");
	/* Nothing left out can be read from the file's free pages. */
	f = fopen(path_of("cf.db"), "rb");
	cr_assert_not_null(f);
	bytes = malloc(1 << 24);
	n = fread(bytes, 1, 1 << 24, f);
	fclose(f);
	cr_assert_gt(n, 0);
	cr_assert_not(holds(bytes, n, "AD-alone-7781"));
	cr_assert(holds(bytes, n, "seen by all"));
	free(bytes);
}

Test(merge, copy_refusals)
{
	struct sk_err err = SK_ERR_INIT;
	struct merge_copy_report rep;
	struct store *st;

	copy_for("AD", path_of("ad.db"));
	st = open_store(main_path);
	cr_assert_eq(merge_copy(st, "AD", path_of("ad.db"), &rep, &err), -1);
	cr_assert_eq(err.kind, SK_E_IO);
	cr_assert(strstr(err.msg, "the file exists"), "%s", err.msg);
	cr_assert_eq(merge_copy(st, "ZZ", path_of("zz.db"), &rep, &err), -1);
	cr_assert(strstr(err.msg, "'ZZ' is not a reviewer"), "%s", err.msg);
	store_close(st);
	st = open_store(path_of("ad.db"));
	cr_assert_eq(merge_copy(st, "AD", path_of("ad2.db"), &rep, &err), -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert(strstr(err.msg, "this store is AD's copy of"), "%s",
		  err.msg);
	cr_assert(strstr(err.msg, "make copies from the main store"));
	store_close(st);
}

Test(merge, adds_facts_once)
{
	const long long all[] = { 1, 2, 3, 4, 5, 6 };
	const char *copies[2];
	struct sk_err err = SK_ERR_INIT;
	struct merge_report rep;
	char *before, *after;

	copy_for("AD", path_of("ad.db"));
	copy_for("CF", path_of("cf.db"));
	judge(path_of("ad.db"), "AD", STAGE_TA, VERDICT_INCLUDE, NULL, all, 6);
	judge(path_of("cf.db"), "CF", STAGE_TA, VERDICT_EXCLUDE, NULL, all, 3);
	copies[0] = path_of("ad.db");
	copies[1] = path_of("cf.db");
	ok(merge_into(main_path, copies, 2, &rep, &err), &err);
	cr_assert_eq(rep.added, 9);
	cr_assert_eq(rep.present, 0);
	cr_assert_eq(rep.ncounts, 2);
	cr_assert_str_eq(rep.counts[0].who, "AD");
	cr_assert_eq(rep.counts[0].kind, MERGE_JUDGEMENT);
	cr_assert_eq(rep.counts[0].added, 6);
	cr_assert_str_eq(rep.counts[1].who, "CF");
	cr_assert_eq(rep.counts[1].copy, 1);
	merge_report_release(&rep);
	rows_are(main_path, "SELECT reviewer, count(*), count(DISTINCT origin) "
		 "FROM decision GROUP BY reviewer", "AD,6,1|CF,3,1");
	rows_are(main_path, "SELECT made_for FROM merged_copy ORDER BY "
		 "made_for", "AD|CF");
	/* Again: nothing changes, everything is present. */
	before = rows(main_path, "SELECT * FROM decision UNION ALL SELECT "
		      "uuid, made_for, made_at, merged_at, 0, 0, 0, 0, 0, 0 "
		      "FROM merged_copy");
	ok(merge_into(main_path, copies, 2, &rep, &err), &err);
	cr_assert_eq(rep.added, 0);
	cr_assert_eq(rep.present, 9);
	merge_report_release(&rep);
	after = rows(main_path, "SELECT * FROM decision UNION ALL SELECT "
		     "uuid, made_for, made_at, merged_at, 0, 0, 0, 0, 0, 0 FROM "
		     "merged_copy");
	cr_assert_str_eq(before, after);
	free(before);
	free(after);
}

/* Three reviewers, their copies merged in every order. */
Test(merge, order_does_not_matter)
{
	static const int orders[6][3] = {
		{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
		{ 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
	};
	const long long all[] = { 1, 2, 3, 4, 5, 6 }, some[] = { 2, 4 };
	const char *names[3] = { "AD", "CF", "TS" }, *paths[3];
	struct sk_err err = SK_ERR_INIT;
	char *first = NULL;

	for (int i = 0; i < 3; i++) {
		char name[16];

		snprintf(name, sizeof(name), "%s.db", names[i]);
		paths[i] = strdup(path_of(name));
		copy_for(names[i], paths[i]);
		judge(paths[i], names[i], STAGE_TA, i == 1 ? VERDICT_EXCLUDE :
		      VERDICT_INCLUDE, NULL, all, 6);
	}
	/* TS changes their mind on two records. */
	judge(paths[2], "TS", STAGE_TA, VERDICT_MAYBE, "on second thoughts",
	      some, 2);
	for (int o = 0; o < 6; o++) {
		char name[32], cmd[700], *dump;

		snprintf(name, sizeof(name), "m%d.db", o);
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", main_path,
			 path_of(name));
		cr_assert_eq(system(cmd), 0);
		/* One command, or one copy at a time. */
		if (o % 2) {
			const char *in[3] = { paths[orders[o][0]],
					      paths[orders[o][1]],
					      paths[orders[o][2]] };
			struct merge_report rep;

			ok(merge_into(path_of(name), in, 3, &rep, &err), &err);
			merge_report_release(&rep);
		} else {
			for (int k = 0; k < 3; k++) {
				struct merge_report rep;

				ok(merge_into(path_of(name),
					      &paths[orders[o][k]], 1, &rep,
					      &err), &err);
				merge_report_release(&rep);
			}
		}
		dump = rows(path_of(name), canonical_sql);
		if (!first)
			first = dump;
		else {
			cr_assert_str_eq(dump, first, "order %d differs", o);
			free(dump);
		}
	}
	cr_assert(strstr(first, "TS,maybe"), "%s", first);
	free(first);
	for (int i = 0; i < 3; i++)
		free((char *)paths[i]);
}

Test(merge, refuses_what_is_not_a_copy_of_this_review)
{
	const char *in[1];
	struct sk_err err = SK_ERR_INIT;
	struct merge_report rep;
	struct store *st;
	char *before;

	/* Another review's copy. */
	make_review(path_of("other.db"), "Another review");
	st = open_store(path_of("other.db"));
	{
		struct merge_copy_report cr;

		ok(merge_copy(st, "AD", path_of("other-ad.db"), &cr, &err),
		   &err);
	}
	store_close(st);
	before = rows(main_path, "SELECT count(*) FROM decision");
	in[0] = path_of("other-ad.db");
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert(strstr(err.msg, "a copy of another review ('Another "
			 "review'), not of 'Models of care'"), "%s", err.msg);
	cr_assert(strstr(err.file, "other-ad.db"));
	/* A store that is no copy. */
	in[0] = path_of("other.db");
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert(strstr(err.msg, "not a copy made by 'scopekit copy'"), "%s",
		  err.msg);
	/* Another schema version. */
	copy_for("AD", path_of("ad.db"));
	st = open_store(path_of("ad.db"));
	ok(store_exec(st, "PRAGMA user_version = 99", &err), &err);
	store_close(st);
	in[0] = path_of("ad.db");
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert(strstr(err.msg, "made by a newer scopekit (schema 99"), "%s",
		  err.msg);
	/* A file that is not there. */
	in[0] = path_of("none.db");
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert_eq(err.kind, SK_E_IO);
	rows_are(main_path, "SELECT count(*) FROM decision", before);
	free(before);
}

Test(merge, refuses_records_and_reasons_the_store_lacks)
{
	const char *in[1] = { NULL };
	struct sk_err err = SK_ERR_INIT;
	struct merge_report rep;
	struct store *st;

	copy_for("AD", path_of("ad.db"));
	in[0] = path_of("ad.db");
	st = open_store(path_of("ad.db"));
	ok(store_exec(st, "INSERT INTO reason (label, position, created_at) "
		      "VALUES ('Not a trial', 2, 'now'); INSERT INTO decision "
		      "(uuid, record_id, stage, reviewer, verdict, reason, "
		      "decided_at) VALUES ('x1', 1, 'ft', 'AD', 'exclude', "
		      "'Not a trial', 'now')", &err), &err);
	store_close(st);
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert(strstr(err.msg, "the reason 'Not a trial', which this "
			 "review's list lacks"), "%s", err.msg);
	st = open_store(path_of("ad.db"));
	ok(store_exec(st, "DELETE FROM decision; INSERT INTO record SELECT "
		      "99, source_id, file_id, 99, line, type, pmid, pmcid, "
		      "doi, title, abstract, journal, journal_abbrev, issn, "
		      "pubdate, year, volume, issue, pages, publisher, url, "
		      "accession, database, languages, pubtypes, keywords, "
		      "mesh, original, original_size FROM record WHERE id = 1",
		      &err), &err);
	store_close(st);
	cr_assert_eq(merge_into(main_path, in, 1, &rep, &err), -1);
	merge_report_release(&rep);
	cr_assert(strstr(err.msg, "the copy has 1 record this store lacks"),
		  "%s", err.msg);
}

Test(merge, settlements_made_apart_are_conflicts)
{
	const long long one[] = { 1 }, two[] = { 2 };
	const char *in[2];
	struct sk_err err = SK_ERR_INIT;
	struct merge_report rep;
	struct store *st;
	sqlite3_stmt *s;
	int n = 0;

	judge(main_path, "AD", STAGE_TA, VERDICT_INCLUDE, NULL, one, 1);
	judge(main_path, "CF", STAGE_TA, VERDICT_EXCLUDE, NULL, one, 1);
	judge(main_path, "AD", STAGE_TA, VERDICT_INCLUDE, NULL, two, 1);
	judge(main_path, "CF", STAGE_TA, VERDICT_EXCLUDE, NULL, two, 1);
	copy_for("TS", path_of("ts.db"));
	copy_for("AD", path_of("ad.db"));
	/* Record 1 settled both ways; record 2 the same way twice. */
	settle(path_of("ts.db"), "TS", 1, VERDICT_INCLUDE);
	settle(path_of("ad.db"), "AD", 1, VERDICT_EXCLUDE);
	settle(path_of("ts.db"), "TS", 2, VERDICT_INCLUDE);
	settle(path_of("ad.db"), "AD", 2, VERDICT_INCLUDE);
	in[0] = path_of("ts.db");
	in[1] = path_of("ad.db");
	ok(merge_into(main_path, in, 2, &rep, &err), &err);
	cr_assert_eq(rep.added, 4);
	cr_assert_eq(rep.conflicts, 1);
	for (size_t i = 0; i < rep.ncounts; i++)
		if (rep.counts[i].kind == MERGE_SETTLEMENT)
			cr_assert_eq(rep.counts[i].conflicts, 1);
	merge_report_release(&rep);
	rows_are(main_path, "SELECT kind, count(*) FROM merge_conflict GROUP "
		 "BY kind", "settlement,1");
	/* Both facts are kept, the newer counts, and the list says so. */
	rows_are(main_path, "SELECT count(*) FROM resolution WHERE record_id "
		 "= 1", "2");
	st = open_store(main_path);
	ok(merge_conflicts(st, 0, &s, &err), &err);
	while (sqlite3_step(s) == SQLITE_ROW) {
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 0),
				 "settlement");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 1),
				 "record 1");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 3), "TS");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 4),
				 "include");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 6),
				 "TS's copy");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 7), "AD");
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 11),
				 "open");
		n++;
	}
	sqlite3_finalize(s);
	cr_assert_eq(n, 1);
	store_close(st);
	/* Settled again here: no longer open, still listed with --all. */
	settle(main_path, "TS", 1, VERDICT_INCLUDE);
	rows_are(main_path, "SELECT count(*) FROM merge_conflict", "1");
	st = open_store(main_path);
	ok(merge_conflicts(st, 0, &s, &err), &err);
	cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	ok(merge_conflicts(st, 1, &s, &err), &err);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 11), "settled");
	sqlite3_finalize(s);
	store_close(st);
}

Test(merge, maps_pairs_studies_and_forms)
{
	const char *in[1];
	struct sk_err err = SK_ERR_INIT;
	struct merge_report rep;
	struct store *st;

	copy_for("AD", path_of("ad.db"));
	/* The copy judges a pair the store never had; the store has found
	 * others since, so the pair's id is taken. */
	st = open_store(path_of("ad.db"));
	ok(store_exec(st, "INSERT INTO dup_pair (id, a, b, rule, score, "
		      "evidence, found_at) VALUES (1, 2, 5, 'fields', 0.9, "
		      "'{}', 'x'); INSERT INTO dup_decision (uuid, pair_id, "
		      "verdict, method, reviewer, decided_at) VALUES ('dd1', 1, "
		      "'duplicate', 'review', 'AD', 'x'); INSERT INTO study "
		      "(uuid, name, created_at) VALUES ('s-copy', 'Hill 2011', "
		      "'x'), ('s-new', 'Foster 2014', 'x'); INSERT INTO "
		      "study_report (uuid, study_id, record_id, action, basis, "
		      "noted_at) VALUES ('sr1', 1, 1, 'add', 'forced', 'x'), "
		      "('sr2', 2, 4, 'add', 'forced', 'x')", &err), &err);
	store_close(st);
	st = open_store(main_path);
	ok(store_exec(st, "INSERT INTO dup_pair (id, a, b, rule, score, "
		      "evidence, found_at) VALUES (1, 1, 3, 'fields', 0.6, "
		      "'{}', 'x'); INSERT INTO dup_decision (uuid, pair_id, "
		      "verdict, method, reviewer, decided_at) VALUES ('dd0', 1, "
		      "'distinct', 'review', 'CF', 'x'); INSERT INTO study "
		      "(uuid, name, created_at) VALUES ('s-main', 'Hill 2011', "
		      "'x')", &err), &err);
	store_close(st);
	in[0] = path_of("ad.db");
	ok(merge_into(main_path, in, 1, &rep, &err), &err);
	cr_assert_eq(rep.studies, 1);
	merge_report_release(&rep);
	rows_are(main_path, "SELECT p.a, p.b, d.verdict FROM dup_decision d "
		 "JOIN dup_pair p ON p.id = d.pair_id ORDER BY d.uuid",
		 "1,3,distinct|2,5,duplicate");
	rows_are(main_path, "SELECT record_id, canonical FROM dup_member ORDER "
		 "BY record_id", "2,2|5,2");
	/* A study named as one here is that study. */
	rows_are(main_path, "SELECT s.uuid, r.record_id FROM study_report r "
		 "JOIN study s ON s.id = r.study_id ORDER BY r.uuid",
		 "s-main,1|s-new,4");
}

Test(merge, ties_are_broken_the_same_everywhere)
{
	struct sk_err err = SK_ERR_INIT;
	struct store *st = open_store(main_path);

	/* Two settlements at the same millisecond, from two copies: the
	 * origin decides, whichever came first here. */
	ok(store_exec(st, "INSERT INTO resolution (uuid, record_id, stage, "
		      "verdict, resolver, method, decided_at, origin) VALUES "
		      "('b', 1, 'ta', 'exclude', 'TS', 'third', 't', 'copy-b'), "
		      "('a', 1, 'ta', 'include', 'AD', 'third', 't', 'copy-a'); "
		      "INSERT INTO resolution (uuid, record_id, stage, verdict, "
		      "resolver, method, decided_at, origin) VALUES ('d', 2, "
		      "'ta', 'include', 'AD', 'third', 't', 'copy-a'), ('c', 2, "
		      "'ta', 'exclude', 'TS', 'third', 't', 'copy-b')", &err),
	   &err);
	store_close(st);
	rows_are(main_path, "SELECT unit, resolver FROM resolution_current "
		 "ORDER BY unit", "1,TS|2,TS");
}
