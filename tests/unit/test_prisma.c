/*
 * prisma: the flow counted from a small store built through the real
 * import, deduplication and screening code: every box by hand, the
 * records behind each box, and stores that cannot make a diagram.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duplicates.h"
#include "extract.h"
#include "harness.h"
#include "import.h"
#include "prisma.h"
#include "rules.h"
#include "screen.h"

static struct store *st;
static struct screen_settings set;

static void
setup(void)
{
	struct sk_err err = SK_ERR_INIT;
	char path[300];

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	cr_assert_eq(store_open(&st, path, STORE_CREATE, &err), 0, "%s",
		     err.msg);
}

static void
teardown(void)
{
	store_close(st);
	drop_tmp();
}

TestSuite(prisma, .init = setup, .fini = teardown);

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

static void
import_text(const char *source, const char *kind, const char *ris)
{
	struct import_options opt = { .source = source, .kind = kind };
	struct import_report rep;
	struct sk_err err = SK_ERR_INIT;
	char name[64], *paths[1];

	snprintf(name, sizeof(name), "%s.ris", source);
	paths[0] = (char *)write_tmp(name, ris, strlen(ris));
	ok(store_begin(st, &err), &err);
	ok(import_run(st, &opt, paths, 1, &rep, &err), &err);
	ok(store_commit(st, &err), &err);
	import_report_release(&rep);
}

static void
exec(const char *sql)
{
	struct sk_err err = SK_ERR_INIT;

	ok(store_exec(st, sql, &err), &err);
}

/* Both reviewers give the same verdict (reason at full text). */
static void
both(long long record, enum stage stage, enum verdict v, const char *reason)
{
	static const char *const who[] = { "AD", "CF" };
	struct sk_err err = SK_ERR_INIT;

	for (int i = 0; i < 2; i++) {
		struct screen_fact f = { record, stage, who[i], v, reason, NULL };

		ok(screen_decide(st, &set, &f, &err), &err);
	}
}

/*
 * Databases: 6 records, 2 of them copies (same DOI) of others: 4 reports.
 * One is from 1990 and a rule marks it. Other methods: 2 records, one a
 * copy of a database record, one new (a website).
 */
static void
build_review(void)
{
	struct sk_err err = SK_ERR_INIT;
	struct dup_options dopt = { DUP_AUTO_THRESHOLD, DUP_REVIEW_THRESHOLD };
	struct dup_report drep;
	struct rule_add rule = { RULE_YEAR, "2000-", RULE_FIELD_ANY, NULL, 0 };
	struct rule_counts rc;
	long long id;

	import_text("PubMed", "database",
		    "TY  - JOUR\nTI  - Stratified care for back pain\nDO  - 10.1/a\nPY  - 2011\nER  - \n\n"
		    "TY  - JOUR\nTI  - A physiotherapy pathway\nDO  - 10.1/b\nPY  - 2015\nER  - \n\n"
		    "TY  - JOUR\nTI  - An old survey of back pain\nDO  - 10.1/c\nPY  - 1990\nER  - \n");
	import_text("Embase", "database",
		    "TY  - JOUR\nTI  - Stratified care for back pain\nDO  - 10.1/a\nPY  - 2011\nER  - \n\n"
		    "TY  - JOUR\nTI  - A physiotherapy pathway\nDO  - 10.1/b\nPY  - 2015\nER  - \n\n"
		    "TY  - JOUR\nTI  - Chiropractic in primary care\nDO  - 10.1/d\nPY  - 2018\nER  - \n");
	import_text("Health service websites", "other",
		    "TY  - RPRT\nTI  - Stratified care for back pain\nDO  - 10.1/a\nPY  - 2011\nER  - \n\n"
		    "TY  - RPRT\nTI  - A national back pain programme\nPY  - 2019\nER  - \n");
	ok(store_begin(st, &err), &err);
	ok(dup_run(st, &dopt, &drep, &err), &err);
	ok(rules_add(st, &rule, &id, &rc, &err), &err);
	ok(screen_reviewer_add(st, "AD", &err), &err);
	ok(screen_reviewer_add(st, "CF", &err), &err);
	exec("INSERT INTO reason VALUES ('Wrong setting', 1, '2026-01-01T00:00:00Z'),"
	     " ('Wrong population', 2, '2026-01-01T00:00:00Z')");
	ok(screen_settings_load(st, &set, &err), &err);
	ok(store_commit(st, &err), &err);
}

/* The screened unit of the record with this DOI (canonical of its cluster). */
static long long
unit_of_doi(const char *doi)
{
	struct sk_err err = SK_ERR_INIT;
	sqlite3_stmt *s;
	long long id, unit;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT min(id) FROM record "
					"WHERE doi = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, doi, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	ok(screen_unit_of(st, id, &unit, &err), &err);
	return unit;
}

static long long
unit_of_title(const char *title)
{
	struct sk_err err = SK_ERR_INIT;
	sqlite3_stmt *s;
	long long id, unit;

	cr_assert_eq(sqlite3_prepare_v2(st->db, "SELECT min(id) FROM record "
					"WHERE title = ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, title, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	ok(screen_unit_of(st, id, &unit, &err), &err);
	return unit;
}

/*
 * Title and abstract: a and b included, d excluded (c was marked by the
 * rule). Full text: a included; b excluded, wrong setting. The website's
 * report: assessed and included.
 */
static void
screen_all(void)
{
	struct sk_err err = SK_ERR_INIT;

	ok(store_begin(st, &err), &err);
	both(unit_of_doi("10.1/a"), STAGE_TA, VERDICT_INCLUDE, NULL);
	both(unit_of_doi("10.1/b"), STAGE_TA, VERDICT_INCLUDE, NULL);
	both(unit_of_doi("10.1/d"), STAGE_TA, VERDICT_EXCLUDE, NULL);
	both(unit_of_doi("10.1/a"), STAGE_FT, VERDICT_INCLUDE, NULL);
	both(unit_of_doi("10.1/b"), STAGE_FT, VERDICT_EXCLUDE, "Wrong setting");
	both(unit_of_title("A national back pain programme"), STAGE_FT,
	     VERDICT_INCLUDE, NULL);
	ok(store_commit(st, &err), &err);
}

static int
count_row(void *ctx, long long record, const char *reason)
{
	(void)record;
	(void)reason;
	(*(long *)ctx)++;
	return 0;
}

Test(prisma, every_box_by_hand)
{
	struct sk_err err = SK_ERR_INIT;
	struct prisma p;

	build_review();
	screen_all();
	ok(prisma_count(st, &p, &err), &err);
	cr_expect_eq(p.n[PB_DATABASES], 6);
	cr_expect_eq(p.n[PB_REGISTERS], 0);
	cr_expect_eq(p.n[PB_DUPLICATES], 2);
	cr_expect_eq(p.n[PB_AUTOMATION], 1);
	cr_expect_eq(p.n[PB_SCREENED], 3);
	cr_expect_eq(p.n[PB_EXCLUDED], 1);
	cr_expect_eq(p.n[PB_SOUGHT], 2);
	cr_expect_eq(p.n[PB_NOT_RETRIEVED], 0);
	cr_expect_eq(p.n[PB_ASSESSED], 2);
	cr_expect_eq(p.n[PB_REPORTS_EXCLUDED], 1);
	cr_expect_eq(p.n[PB_WEBSITES], 1);
	cr_expect_eq(p.n[PB_OTHER_SOUGHT], 1);
	cr_expect_eq(p.n[PB_OTHER_ASSESSED], 1);
	cr_expect_eq(p.n[PB_OTHER_EXCLUDED], 0);
	cr_expect_eq(p.n[PB_REPORTS], 2);
	cr_expect_eq(p.n[PB_STUDIES], 2);
	cr_expect_eq(p.other_duplicates, 1);
	cr_expect(p.has_other);
	cr_assert_eq(p.sources[PB_DATABASES].n, 2);
	cr_expect_str_eq(p.sources[PB_DATABASES].v[0].name, "PubMed");
	cr_expect_eq(p.sources[PB_DATABASES].v[0].n, 3);
	cr_assert_eq(p.reasons.n, 1);
	cr_expect_str_eq(p.reasons.v[0].name, "Wrong setting");
	cr_expect_eq(p.reasons.v[0].n, 1);
	/* Every box lists as many records as it counts. */
	for (int b = 0; b < PB_COUNT; b++) {
		long listed = 0;

		ok(prisma_explain(st, (enum prisma_box)b, count_row, &listed,
				  &err), &err);
		cr_expect_eq(listed, p.n[b], "%s: %ld listed, %ld counted",
			     prisma_box_id((enum prisma_box)b), listed, p.n[b]);
	}
	prisma_release(&p);
}

Test(prisma, studies_group_included_reports)
{
	struct sk_err err = SK_ERR_INIT;
	struct prisma p;
	long long reports[2];

	build_review();
	screen_all();
	/* The two included reports (a, and the website's) are one study. */
	reports[0] = unit_of_doi("10.1/a");
	reports[1] = unit_of_title("A national back pain programme");
	ok(store_begin(st, &err), &err);
	ok(extract_study_add(st, "Stratified care trial", reports, 2, 0, "DC",
			     &err), &err);
	ok(store_commit(st, &err), &err);
	ok(prisma_count(st, &p, &err), &err);
	cr_expect_eq(p.n[PB_REPORTS], 2);
	cr_expect_eq(p.n[PB_STUDIES], 1);
	prisma_release(&p);
}

Test(prisma, unfinished_screening_is_refused)
{
	struct sk_err err = SK_ERR_INIT;
	struct prisma p;

	build_review();
	cr_expect_eq(prisma_count(st, &p, &err), -1);
	cr_expect_eq(err.kind, SK_E_CONFLICT);
	cr_expect(strstr(err.msg, "3 records have no title and abstract "
			 "outcome yet"), "%s", err.msg);
	/* The boxes can still be explained while screening goes on. */
	{
		long listed = 0;

		ok(prisma_explain(st, PB_SCREENED, count_row, &listed, &err),
		   &err);
		cr_expect_eq(listed, 3);
	}
}

Test(prisma, contradictions_are_refused)
{
	struct sk_err err = SK_ERR_INIT;
	struct prisma p;

	build_review();
	screen_all();
	/* Both reviewers now exclude b at title and abstract, which leaves
	 * its full-text judgements standing where no report was sought. */
	ok(store_begin(st, &err), &err);
	both(unit_of_doi("10.1/b"), STAGE_TA, VERDICT_EXCLUDE, NULL);
	ok(store_commit(st, &err), &err);
	cr_expect_eq(prisma_count(st, &p, &err), -1);
	cr_expect(strstr(err.msg, "1 records have full-text judgements"),
		  "%s", err.msg);
}

Test(prisma, a_reason_missing_from_the_list_is_refused)
{
	struct sk_err err = SK_ERR_INIT;
	struct prisma p;

	build_review();
	screen_all();
	exec("UPDATE reason SET label = 'Setting' WHERE label = 'Wrong setting'");
	cr_expect_eq(prisma_count(st, &p, &err), -1);
	cr_expect(strstr(err.msg, "excluded for 'Wrong setting', which is not "
			 "one of the review's reasons"), "%s", err.msg);
}

Test(prisma, box_names_round_trip)
{
	enum prisma_box b;

	for (int i = 0; i < PB_COUNT; i++) {
		cr_assert_eq(prisma_box_parse(prisma_box_id((enum prisma_box)i),
					      &b), 0);
		cr_expect_eq(b, (enum prisma_box)i);
	}
	cr_expect_eq(prisma_box_parse("screened", &b), -1);
}
