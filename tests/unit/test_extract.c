/*
 * extract: charting in a store: the form's versions, studies only of
 * reports included at full text (or forced), units of studies, values
 * checked against the form and appended (the newest counts, the same
 * value is not written twice), and the consensus views: agreed when the
 * extractors agree, settled when recorded, counted item by item and
 * rolled up to units.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "harness.h"
#include "import.h"
#include "screen.h"
#include "store.h"

static struct store *st;
static struct form form;
static long long form_id;

static const char form_text[] =
	"form: t\nversion: 1\ntitle: T\nsections:\n"
	"  - section: Study\n    level: report\n    fields:\n"
	"      - key: year\n        label: Year\n        type: year\n"
	"      - key: country\n        label: Country\n"
	"        type: single choice\n        level: study\n"
	"        choices: [UK, USA]\n        other: yes\n"
	"  - section: Unit\n    level: unit\n    fields:\n"
	"      - key: care\n        label: Care\n        type: single choice\n"
	"        choices: [Stratified, Stepped]\n"
	"      - key: staff\n        label: Staff\n"
	"        type: multiple choice\n        level: study\n"
	"        choices: [GPs, PTs, Nurses]\n        other: yes\n";

static const char ris[] =
	"TY  - JOUR\nTI  - First trial\nAU  - Hill, J\nPY  - 2011\nER  - \n\n"
	"TY  - JOUR\nTI  - Its economic evaluation\nAU  - Whitehurst, D\n"
	"PY  - 2012\nER  - \n\n"
	"TY  - JOUR\nTI  - Another study\nAU  - Foster, N\nPY  - 2014\nER  - \n";

static void
ok(int rc, const struct sk_err *err)
{
	cr_assert_eq(rc, 0, "%s", err->msg);
}

static long long
one_int(const char *sql)
{
	sqlite3_stmt *s;
	long long v;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(st->db));
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "no row: %s", sql);
	v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The first column of every row, joined by '|'. */
static char *
rows(const char *sql)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *s;

	cr_assert_eq(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK,
		     "%s", sqlite3_errmsg(st->db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (b.len)
			buf_addch(&b, '|');
		buf_adds(&b, (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	return buf_detach(&b, NULL);
}

static void
rows_are(const char *sql, const char *want)
{
	char *got = rows(sql);

	cr_assert_str_eq(got, want, "%s", sql);
	free(got);
}

static void
setup(void)
{
	struct sk_err err = SK_ERR_INIT;
	struct import_options opt = { .source = "Test" };
	struct import_report rep;
	struct screen_settings set;
	struct screen_fact f = { 1, STAGE_TA, "AD", VERDICT_INCLUDE, NULL,
				 NULL };
	char path[300], *paths[1];
	int loaded;

	make_tmp();
	snprintf(path, sizeof(path), "%s/review.db", tmpdir);
	ok(store_open(&st, path, STORE_CREATE, &err), &err);
	paths[0] = (char *)write_tmp("a.ris", ris, strlen(ris));
	ok(store_begin(st, &err), &err);
	ok(import_run(st, &opt, paths, 1, &rep, &err), &err);
	import_report_release(&rep);
	ok(screen_reviewer_add(st, "AD", &err), &err);
	ok(screen_reviewer_add(st, "CF", &err), &err);
	ok(screen_reviewer_add(st, "TS", &err), &err);
	/* Record 1 included at full text by a single screener. */
	ok(screen_setting_set(st, "screeners", "1", &err), &err);
	ok(screen_settings_load(st, &set, &err), &err);
	ok(screen_decide(st, &set, &f, &err), &err);
	f.stage = STAGE_FT;
	ok(screen_decide(st, &set, &f, &err), &err);
	ok(form_parse(&form, form_text, strlen(form_text), "t.yaml", NULL,
		      &err), &err);
	ok(extract_form_load(st, &form, form_text, "t.yaml", "AD", &loaded,
			     &err), &err);
	cr_assert_eq(loaded, 1);
	ok(store_commit(st, &err), &err);
	form_id = one_int("SELECT id FROM form");
}

static void
teardown(void)
{
	form_release(&form);
	store_close(st);
	drop_tmp();
}

TestSuite(extract, .init = setup, .fini = teardown);

Test(extract, form_kept_with_its_fields)
{
	struct form f;
	struct sk_err err = SK_ERR_INIT;
	long long id;

	ok(extract_form_current(st, &f, &id, &err), &err);
	cr_assert_eq(id, form_id);
	cr_assert_eq(f.nfields, 4);
	form_release(&f);
	rows_are("SELECT key || ':' || type || ':' || level FROM form_field "
		 "ORDER BY position", "year:year:report|country:single "
		 "choice:study|care:single choice:unit|staff:multiple "
		 "choice:study");
	rows_are("SELECT group_concat(label, ',') FROM form_choice WHERE "
		 "field = 'staff'", "GPs,PTs,Nurses");
}

Test(extract, study_of_included_reports_or_forced)
{
	struct sk_err err = SK_ERR_INIT;
	long long one = 1, two = 2, none = 99;

	ok(extract_study_add(st, "Trial", &one, 1, 0, "AD", &err), &err);
	cr_assert_eq(extract_study_add(st, "Trial", &two, 1, 0, "AD", &err),
		     -1);
	cr_assert_eq(err.kind, SK_E_INPUT);
	cr_assert(strstr(err.msg, "record 2 is not included at full text"),
		  "%s", err.msg);
	cr_assert(strstr(err.msg, "a report charted without a screening "
			 "record in this store"));
	ok(extract_study_add(st, "Trial", &two, 1, 1, "AD", &err), &err);
	rows_are("SELECT record_id || ':' || basis FROM study_report_current "
		 "ORDER BY record_id", "1:included|2:forced");
	/* Again: nothing new; elsewhere: refused. */
	ok(extract_study_add(st, "Trial", &two, 1, 1, "AD", &err), &err);
	cr_assert_eq(one_int("SELECT count(*) FROM study_report"), 2);
	cr_assert_eq(extract_study_add(st, "Other", &two, 1, 1, NULL, &err),
		     -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert_eq(extract_study_add(st, "Other", &none, 1, 1, NULL, &err),
		     -1);
	cr_assert(strstr(err.msg, "there is no record 99"));
	cr_assert_eq(extract_study_add(st, " padded", &two, 1, 1, NULL, &err),
		     -1);
	cr_assert_eq(err.kind, SK_E_USAGE);
	/* Removed and added elsewhere: appended facts. */
	ok(extract_study_remove(st, "Trial", &two, 1, "AD", &err), &err);
	ok(extract_study_add(st, "Other", &two, 1, 1, NULL, &err), &err);
	cr_assert_eq(one_int("SELECT count(*) FROM study_report"), 4);
	rows_are("SELECT s.name FROM study_report_current c JOIN study s ON "
		 "s.id = c.study_id WHERE record_id = 2", "Other");
	cr_assert_eq(one_int("SELECT count(DISTINCT uuid) FROM study_report"),
		     4);
}

Test(extract, units_of_studies)
{
	struct sk_err err = SK_ERR_INIT;
	long long one = 1, two = 2;
	const char *studies[] = { "Trial", "Costs" }, *ghost = "Ghost";

	ok(extract_study_add(st, "Trial", &one, 1, 0, NULL, &err), &err);
	ok(extract_study_add(st, "Costs", &two, 1, 1, NULL, &err), &err);
	cr_assert_eq(extract_unit_add(st, "MoC", &ghost, 1, NULL, &err), -1);
	cr_assert(strstr(err.msg, "there is no study 'Ghost'"));
	cr_assert_eq(one_int("SELECT count(*) FROM unit"), 0);
	ok(extract_unit_add(st, "MoC", studies, 2, NULL, &err), &err);
	ok(extract_unit_add(st, "MoC", studies, 2, NULL, &err), &err);
	ok(extract_unit_add(st, "Other MoC", studies, 1, NULL, &err), &err);
	cr_assert_eq(one_int("SELECT count(*) FROM unit_study"), 3);
	rows_are("SELECT level || ':' || target FROM unit_member WHERE unit_id "
		 "= 1 ORDER BY level, target", "report:1|report:2|study:1|"
		 "study:2|unit:1");
	ok(extract_unit_remove(st, "MoC", studies + 1, 1, NULL, &err), &err);
	cr_assert_eq(extract_unit_remove(st, "MoC", studies + 1, 1, NULL,
					 &err), -1);
	cr_assert(strstr(err.msg, "study 'Costs' is not in unit 'MoC'"));
	cr_assert_eq(one_int("SELECT count(*) FROM unit_study_current"), 2);
}

/* Set field=text for target as who; returns whether it was written. */
static int
chart(const struct chart_target *t, const char *field, const char *text,
      const char *who, int consensus)
{
	struct sk_err err = SK_ERR_INIT;
	struct buf value = BUF_INIT;
	struct chart_value v = { t, field, ANSWER_VALUE, NULL, NULL };
	int changed;

	ok(extract_check(&form, t, field, text, &v.answer, &value, &err), &err);
	v.value = v.answer == ANSWER_VALUE ? value.data : NULL;
	ok(consensus ? extract_agree(st, form_id, &v, who, &changed, &err) :
	   extract_set(st, form_id, &v, who, &changed, &err), &err);
	buf_release(&value);
	return changed;
}

static void
targets(struct chart_target *report, struct chart_target *study,
	struct chart_target *unit)
{
	struct sk_err err = SK_ERR_INIT;
	long long one = 1, three = 3;
	const char *trial = "Trial", *other = "Other";

	ok(extract_study_add(st, "Trial", &one, 1, 0, NULL, &err), &err);
	ok(extract_study_add(st, "Other", &three, 1, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "MoC", &trial, 1, NULL, &err), &err);
	ok(extract_unit_add(st, "MoC", &other, 1, NULL, &err), &err);
	ok(extract_target(st, LEVEL_REPORT, "1", report, &err), &err);
	ok(extract_target(st, LEVEL_STUDY, "Trial", study, &err), &err);
	ok(extract_target(st, LEVEL_UNIT, "MoC", unit, &err), &err);
}

Test(extract, targets_must_exist)
{
	struct chart_target r, s, u;
	struct sk_err err = SK_ERR_INIT;

	targets(&r, &s, &u);
	cr_assert_eq(r.id, 1);
	cr_assert_eq(extract_target(st, LEVEL_REPORT, "2", &r, &err), -1);
	cr_assert(strstr(err.msg, "report 2 is in no study"), "%s", err.msg);
	cr_assert_eq(extract_target(st, LEVEL_REPORT, "1x", &r, &err), -1);
	cr_assert_eq(extract_target(st, LEVEL_UNIT, "Nope", &r, &err), -1);
	cr_assert(strstr(err.msg, "there is no unit 'Nope'"));
}

Test(extract, values_checked_against_the_form)
{
	struct chart_target r, s, u;
	struct sk_err err = SK_ERR_INIT;
	struct buf v = BUF_INIT;
	enum answer a;

	targets(&r, &s, &u);
	cr_assert_eq(extract_check(&form, &r, "yaer", "2011", &a, &v, &err),
		     -1);
	cr_assert_str_eq(err.msg, "the form has no field 'yaer' (did you mean "
			 "'year'?)");
	cr_assert_eq(extract_check(&form, &u, "year", "2011", &a, &v, &err),
		     -1);
	cr_assert_str_eq(err.msg, "year is charted per report, not per unit");
	cr_assert_eq(extract_check(&form, &s, "country", "Spain", &a, &v,
				   &err), -1);
	cr_assert_str_eq(err.msg, "country: 'Spain' is not one of the choices: "
			 "'UK', 'USA' or 'Other: ...'");
	ok(extract_check(&form, &s, "country", "other: Spain", &a, &v, &err),
	   &err);
	cr_assert_str_eq(v.data, "Other: Spain");
	buf_release(&v);
}

Test(extract, values_appended_newest_counts)
{
	struct chart_target r, s, u;
	struct sk_err err = SK_ERR_INIT;
	struct buf value = BUF_INIT;
	struct chart_value v = { NULL, "year", ANSWER_VALUE, "2011", NULL };
	enum answer a;
	int found, changed;

	targets(&r, &s, &u);
	cr_assert_eq(chart(&r, "year", "2011", "AD", 0), 1);
	cr_assert_eq(chart(&r, "year", " 2011 ", "AD", 0), 0);
	cr_assert_eq(chart(&r, "year", "2012", "AD", 0), 1);
	cr_assert_eq(chart(&r, "year", "not reported", "AD", 0), 1);
	cr_assert_eq(one_int("SELECT count(*) FROM extraction"), 3);
	ok(extract_get(st, &r, "year", "AD", &found, &a, &value, &err), &err);
	cr_assert(found);
	cr_assert_eq(a, ANSWER_NOT_REPORTED);
	cr_assert_str_eq(value.data, "");
	ok(extract_get(st, &r, "year", "CF", &found, &a, &value, &err), &err);
	cr_assert_not(found);
	rows_are("SELECT answer || ':' || coalesce(value, '') FROM "
		 "extraction_current", "not_reported:");
	/* Only reviewers chart. */
	v.target = &r;
	cr_assert_eq(extract_set(st, form_id, &v, "Bob", &changed, &err), -1);
	cr_assert(strstr(err.msg, "'Bob' is not a reviewer"));
	buf_release(&value);
}

Test(extract, consensus_agreed_or_settled)
{
	struct chart_target r, s, u;

	targets(&r, &s, &u);
	/* One extractor: no consensus yet. */
	chart(&u, "care", "Stratified", "AD", 0);
	cr_assert_eq(one_int("SELECT count(*) FROM consensus_current"), 0);
	/* Two who agree: agreed. */
	chart(&u, "care", "stratified", "CF", 0);
	rows_are("SELECT how || ':' || value FROM consensus_current",
		 "agreed:Stratified");
	/* Two who differ: none, until it is settled. */
	chart(&s, "staff", "GPs; PTs", "AD", 0);
	chart(&s, "staff", "PTs", "CF", 0);
	rows_are("SELECT field FROM consensus_current", "care");
	cr_assert_eq(chart(&s, "staff", "PTs; GPs; Other: TTPs", "TS", 1), 1);
	cr_assert_eq(chart(&s, "staff", "GPs;PTs;other: TTPs", "TS", 1), 0);
	rows_are("SELECT how || ':' || value FROM consensus_current WHERE "
		 "field = 'staff'", "settled:[\"GPs\",\"PTs\",\"Other: TTPs\"]");
	/* A recorded consensus counts even over an agreement. */
	chart(&u, "care", "Stepped", "TS", 1);
	rows_are("SELECT how || ':' || value FROM consensus_current WHERE "
		 "field = 'care'", "settled:Stepped");
	/* Item by item, the other's text apart. */
	rows_are("SELECT choice || '=' || coalesce(other, '') FROM "
		 "consensus_item WHERE field = 'staff' ORDER BY choice",
		 "GPs=|Other=TTPs|PTs=");
	rows_are("SELECT target_name FROM consensus_item WHERE field = 'care'",
		 "MoC");
}

Test(extract, items_roll_up_to_units)
{
	struct chart_target r, s, s2, u;
	struct sk_err err = SK_ERR_INIT;

	targets(&r, &s, &u);
	ok(extract_target(st, LEVEL_STUDY, "Other", &s2, &err), &err);
	/* One study says UK, the other does not report it. */
	chart(&s, "country", "UK", "TS", 1);
	chart(&s2, "country", "not reported", "TS", 1);
	chart(&s, "staff", "GPs; PTs", "TS", 1);
	chart(&s2, "staff", "PTs; Nurses", "TS", 1);
	chart(&u, "care", "unclear", "TS", 1);
	rows_are("SELECT field || '=' || choice FROM unit_item ORDER BY field, "
		 "choice", "care=unclear|country=UK|staff=GPs|staff=Nurses|"
		 "staff=PTs");
	/* With no value anywhere, 'not reported' is the unit's answer. */
	chart(&s, "country", "not reported", "TS", 1);
	rows_are("SELECT choice FROM unit_item WHERE field = 'country'",
		 "not reported");
}

Test(extract, form_versions)
{
	struct sk_err err = SK_ERR_INIT;
	struct form f2;
	char *text2 = strdup(form_text), *p;
	int loaded;

	/* The same text: nothing new. */
	ok(extract_form_load(st, &form, form_text, "t.yaml", NULL, &loaded,
			     &err), &err);
	cr_assert_eq(loaded, 0);
	/* Other text under the same version: refused. */
	p = strstr(text2, "title: T");
	p[7] = 'X';
	ok(form_parse(&f2, text2, strlen(text2), "t2.yaml", NULL, &err), &err);
	cr_assert_eq(extract_form_load(st, &f2, text2, "t2.yaml", NULL,
				       &loaded, &err), -1);
	cr_assert_eq(err.kind, SK_E_CONFLICT);
	cr_assert(strstr(err.msg, "raise 'version'"));
	form_release(&f2);
	/* Version 2: kept beside version 1; values name theirs. */
	p = strstr(text2, "version: 1");
	p[9] = '2';
	ok(form_parse(&f2, text2, strlen(text2), "t2.yaml", NULL, &err), &err);
	ok(extract_form_load(st, &f2, text2, "t2.yaml", NULL, &loaded, &err),
	   &err);
	cr_assert_eq(loaded, 1);
	cr_assert_eq(one_int("SELECT version FROM form_current"), 2);
	cr_assert_eq(one_int("SELECT count(*) FROM form_field"), 8);
	form_release(&f2);
	free(text2);
}
