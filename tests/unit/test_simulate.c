/*
 * simulate: the metrics on orderings worked out by hand, the priors a
 * seed draws (as NumPy's RandomState), the same seed giving the same
 * order, and labelled CSV files refused with their line.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "simulate.h"

TestSuite(simulate, .init = make_tmp, .fini = drop_tmp);

Test(simulate, metrics_by_hand)
{
	static const size_t a[] = { 1, 2, 5, 10 };
	size_t b[20];
	struct sim_metrics m;

	sim_metrics(a, 4, 10, &m);
	/* k = ceil(3.8) = 4: all four needed, found at 10 of 10 */
	cr_expect_eq(m.n95, 10);
	cr_expect_eq(m.n100, 10);
	cr_expect_float_eq(m.wss95, 0.0, 1e-12);
	cr_expect_float_eq(m.wss100, 0.0, 1e-12);
	cr_expect_float_eq(m.rrf10, 0.25, 1e-12);	/* 1 of 4 by 1 */
	cr_expect_float_eq(m.atd, 18.0 / 40.0, 1e-12);

	for (size_t i = 0; i < 19; i++)
		b[i] = i + 1;
	b[19] = 50;
	sim_metrics(b, 20, 100, &m);
	cr_expect_eq(m.n95, 19);	/* k = 19 */
	cr_expect_eq(m.n100, 50);
	cr_expect_float_eq(m.wss95, 0.95 - 0.19, 1e-12);
	cr_expect_float_eq(m.wss100, 0.5, 1e-12);
	cr_expect_float_eq(m.rrf10, 0.5, 1e-12);	/* 10 of 20 by 10 */
	cr_expect_float_eq(m.atd, 240.0 / 2000.0, 1e-12);
}

/* 50 records, every seventh relevant, texts telling them apart. */
static void
toy(struct sim_data *d)
{
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	struct sk_err err = SK_ERR_INIT;
	const char *texts[50];
	unsigned char rel[50];

	for (int i = 0; i < 50; i++) {
		rel[i] = i % 7 == 0;
		texts[i] = rel[i] ? (i % 2 ? "back pain care model" :
				     "low back pain pathway") :
			   (i % 3 ? "heart failure trial drug" :
			    "cancer screening women pathway");
	}
	cr_assert_eq(sim_data_from(d, texts, 1, rel, 50, &o, &err), 0, "%s",
		     err.msg);
}

Test(simulate, priors_as_numpy)
{
	/* numpy.random.RandomState(seed): choice(relevant), choice(others) */
	static const size_t want[4][2] = {
		{ 42, 33 }, { 49, 39 }, { 28, 44 }, { 35, 41 },
	};
	struct sim_data d;
	size_t p[2];

	toy(&d);
	for (unsigned s = 0; s < 4; s++) {
		sim_priors(&d, s, p);
		cr_expect_eq(p[0], want[s][0], "seed %u", s);
		cr_expect_eq(p[1], want[s][1], "seed %u", s);
	}
	sim_data_release(&d);
}

Test(simulate, same_seed_same_order)
{
	struct sk_err err = SK_ERR_INIT;
	struct rank_params p;
	struct sim_data d;
	struct sim_run a, b;

	toy(&d);
	for (int k = 0; k < RANK_KIND_COUNT; k++) {
		rank_params_default((enum rank_kind)k, &p);
		cr_assert_eq(sim_run(&d, &p, 3, NULL, &a, &err), 0, "%s", err.msg);
		cr_assert_eq(sim_run(&d, &p, 3, NULL, &b, &err), 0, "%s", err.msg);
		cr_assert_eq(a.norder, b.norder);
		cr_expect_eq(memcmp(a.order, b.order,
				    a.norder * sizeof(*a.order)), 0);
		/* the seven relevant records left come first */
		cr_expect_eq(a.nfound, 7, "%s", rank_kind_name(p.kind));
		cr_expect_eq(a.found_at[6], 7, "%s", rank_kind_name(p.kind));
		sim_run_release(&a);
		sim_run_release(&b);
	}
	sim_data_release(&d);
}

static void
refused(const char *text, long line, const char *msg)
{
	struct sim_read_options o = { "label_included", 1,
				      TFIDF_OPTIONS_DEFAULT };
	struct sk_err err = SK_ERR_INIT;
	const char *path = write_tmp("l.csv", text, strlen(text));
	struct sim_data d;

	cr_assert_eq(sim_data_read_csv(&d, path, &o, &err), -1, "%s", text);
	cr_expect_eq(err.kind, SK_E_INPUT);
	cr_expect_eq(err.line, line, "%s: line %ld", msg, err.line);
	cr_expect(strstr(err.msg, msg), "\"%s\" lacks \"%s\"", err.msg, msg);
}

Test(simulate, bad_csv)
{
	refused("name,label_included\na,1\n", 1, "no title column");
	refused("title,abstract\na,b\n", 1, "no label column 'label_included'");
	refused("title,label_included\na,1\nb,0\nc,yes\n", 4,
		"label_included is 'yes'");
	refused("title,label_included\na,1\nb,0\nc,\n", 4,
		"label_included is ''");
	refused("title,label_included\na,0\nb,0\nc,0\n", 0,
		"no record is labelled relevant");
	refused("title,label_included\na,1\nb,0\nc,0\n", 0,
		"only one record is labelled relevant");
	refused("title,label_included\na,1\n", 0, "1 record:");
	refused("title,label_included\na,1\nb,1\nc,1\n", 0,
		"every record is labelled relevant");
	refused("", 0, "the file is empty");
}

Test(simulate, good_csv)
{
	static const char text[] =
		"\xef\xbb\xbftitle,abstract,keywords,label_included\r\n"
		"Back pain,\"care, model\",physio,1\r\n"
		"Heart,failure,,0\r\n"
		"Back pain again,,,1\r\n";
	struct sim_read_options o = { "label_included", 1,
				      TFIDF_OPTIONS_DEFAULT };
	struct sk_err err = SK_ERR_INIT;
	const char *path = write_tmp("l.csv", text, strlen(text));
	struct sim_data d;

	cr_assert_eq(sim_data_read_csv(&d, path, &o, &err), 0, "%s", err.msg);
	cr_expect_eq(d.x.nrows, 3);
	cr_expect_eq(d.nrelevant, 2);
	cr_expect_eq(d.relevant[1], 0);
	sim_data_release(&d);
}
