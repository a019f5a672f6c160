/*
 * rank_model: each kind ranks a separable toy set, learns labels taken
 * back and changed, and the same settings give the same weights.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "rank_model.h"

/* Rows 0-9 relevant (back pain), 10-39 not (heart disease). */
static void
toy(struct tfidf *t)
{
	static const char *const rel[] = {
		"chronic low back pain model of care",
		"back pain physiotherapy pathway",
		"low back pain primary care",
	};
	static const char *const irr[] = {
		"heart failure drug trial",
		"coronary heart disease statins",
		"cancer screening in women",
		"diabetes insulin dosing",
	};
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	struct tfidf_builder *b = tfidf_builder_new(&o);

	for (int i = 0; i < 40; i++) {
		const char *f[1] = { i < 10 ? rel[i % 3] : irr[i % 4] };

		tfidf_builder_add(b, f, 1);
	}
	tfidf_builder_finish(b, t);
}

ParameterizedTestParameters(rank_model, separable)
{
	static enum rank_kind kinds[] = { RANK_NB, RANK_SVM, RANK_LOGISTIC };

	return cr_make_param_array(enum rank_kind, kinds, 3);
}

ParameterizedTest(enum rank_kind *kind, rank_model, separable)
{
	struct sk_err err = SK_ERR_INIT;
	struct rank_params p;
	struct rank_model *m;
	struct tfidf t;
	double worst_rel = 1e300, best_irr = -1e300;

	toy(&t);
	rank_params_default(*kind, &p);
	m = rank_model_new(&t, &p);
	cr_expect_eq(rank_model_fit(m, &err), -1);
	cr_expect_eq(err.kind, SK_E_INPUT);
	rank_model_label(m, 0, 1);
	rank_model_label(m, 10, 0);
	rank_model_label(m, 11, 0);
	cr_assert_eq(rank_model_fit(m, &err), 0, "%s", err.msg);
	for (size_t i = 1; i < 40; i++) {
		double s = rank_model_score(m, i);

		if (i == 10 || i == 11)
			continue;
		if (i < 10 && s < worst_rel)
			worst_rel = s;
		if (i >= 10 && s > best_irr)
			best_irr = s;
	}
	cr_expect_gt(worst_rel, best_irr, "%s: relevant %g, irrelevant %g",
		     rank_kind_name(*kind), worst_rel, best_irr);
	cr_expect_eq(rank_model_count(m, 1), 1);
	cr_expect_eq(rank_model_count(m, 0), 2);
	rank_model_free(m);
	tfidf_release(&t);
}

ParameterizedTestParameters(rank_model, relabel)
{
	static enum rank_kind kinds[] = { RANK_NB, RANK_SVM, RANK_LOGISTIC };

	return cr_make_param_array(enum rank_kind, kinds, 3);
}

/* Weights after labels given, changed and taken back equal fresh ones. */
ParameterizedTest(enum rank_kind *kind, rank_model, relabel)
{
	struct sk_err err = SK_ERR_INIT;
	struct rank_params p;
	struct rank_model *a, *b;
	const double *wa, *wb;
	double ba, bb;
	struct tfidf t;

	toy(&t);
	rank_params_default(*kind, &p);
	p.eps = 1e-8;	/* the warm SVM's path differs; its optimum not */
	a = rank_model_new(&t, &p);
	b = rank_model_new(&t, &p);
	rank_model_label(a, 0, 1);
	rank_model_label(a, 12, 1);	/* a slip, corrected below */
	rank_model_label(a, 5, 1);	/* taken back */
	rank_model_label(a, 10, 0);
	rank_model_label(a, 12, 0);
	rank_model_label(a, 5, -1);
	rank_model_label(b, 0, 1);
	rank_model_label(b, 10, 0);
	rank_model_label(b, 12, 0);
	cr_assert_eq(rank_model_fit(a, &err), 0);
	cr_assert_eq(rank_model_fit(b, &err), 0);
	wa = rank_model_weights(a, &ba);
	wb = rank_model_weights(b, &bb);
	for (size_t j = 0; j < t.ncols; j++)
		cr_assert_float_eq(wa[j], wb[j], 1e-6, "%s: column %zu",
				   rank_kind_name(*kind), j);
	cr_expect_float_eq(ba, bb, 1e-6);
	rank_model_free(a);
	rank_model_free(b);
	tfidf_release(&t);
}

/* The warm-started SVM solves liblinear's problem: the same weights. */
Test(rank_model, warm_svm_is_liblinear_svm)
{
	struct sk_err err = SK_ERR_INIT;
	struct rank_params p;
	struct rank_model *warm, *ref;
	const double *ww, *wr;
	double bw, br;
	struct tfidf t;

	toy(&t);
	rank_params_default(RANK_SVM, &p);
	p.eps = 1e-8;
	warm = rank_model_new(&t, &p);
	p.warm = 0;
	ref = rank_model_new(&t, &p);
	for (size_t i = 0; i < 40; i += 3) {
		rank_model_label(warm, i, i < 10);
		rank_model_label(ref, i, i < 10);
		if (i < 12)	/* one class only so far */
			continue;
		cr_assert_eq(rank_model_fit(warm, &err), 0);
	}
	cr_assert_eq(rank_model_fit(ref, &err), 0, "%s", err.msg);
	ww = rank_model_weights(warm, &bw);
	wr = rank_model_weights(ref, &br);
	for (size_t j = 0; j < t.ncols; j++)
		cr_assert_float_eq(ww[j], wr[j], 1e-5, "column %zu: %g, %g",
				   j, ww[j], wr[j]);
	cr_expect_float_eq(bw, br, 1e-5);
	rank_model_free(warm);
	rank_model_free(ref);
	tfidf_release(&t);
}

Test(rank_model, names)
{
	enum rank_kind k;

	cr_expect_eq(rank_kind_parse("svm", &k), 0);
	cr_expect_eq(k, RANK_SVM);
	cr_expect_eq(rank_kind_parse("logistic", &k), 0);
	cr_expect_eq(k, RANK_LOGISTIC);
	cr_expect_eq(rank_kind_parse("SVM", &k), -1);
	cr_expect_str_eq(rank_kind_name(RANK_NB), "nb");
}
