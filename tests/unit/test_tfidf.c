/*
 * tfidf: tokens (folding, short words), the vocabulary with word pairs,
 * and the weights of a tiny corpus worked out by hand.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tfidf.h"

/* The tokens of text joined by '|'. */
static void
tokens_of(const char *text, char *out, size_t size)
{
	struct buf b = BUF_INIT;
	size_t n = tfidf_tokens(text, &b), off = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "%s%s", i ? "|" : "",
			 b.data + off);
		off += strlen(b.data + off) + 1;
	}
	buf_release(&b);
}

Test(tfidf, tokens)
{
	char got[256];

	tokens_of("Naïve NAÏVE nai\xcc\x88ve", got, sizeof(got));
	cr_expect_str_eq(got, "naïve|naïve|naïve");
	tokens_of("\xef\xac\x81sh (e.g. a x_y) COVID-19, 2019", got,
		  sizeof(got));
	cr_expect_str_eq(got, "fish|x_y|covid|19|2019");
	tokens_of("Straße \xff broken", got, sizeof(got));
	cr_expect_str_eq(got, "strasse|broken");
	tokens_of("", got, sizeof(got));
	cr_expect_str_eq(got, "");
}

static void
build(struct tfidf *t, const struct tfidf_options *o, const char *const *docs,
      size_t n)
{
	struct tfidf_builder *b = tfidf_builder_new(o);

	for (size_t i = 0; i < n; i++)
		tfidf_builder_add(b, &docs[i], 1);
	tfidf_builder_finish(b, t);
}

/* The weight of term in row i, or -1 if the row lacks it. */
static double
weight(const struct tfidf *t, size_t i, const char *term)
{
	for (size_t e = t->rowptr[i]; e < t->rowptr[i + 1]; e++)
		if (!strcmp(tfidf_term(t, t->col[e]), term))
			return t->val[e];
	return -1.0;
}

static const char *const tiny[] = {
	"Apple banana", "apple APPLE cherry", "a banana",
};

Test(tfidf, by_hand_unigrams)
{
	struct tfidf_options o = { 1, 0, 1.0 };
	struct tfidf t;
	double ia = log(4.0 / 3.0) + 1.0, ic = log(2.0) + 1.0;
	double n1 = sqrt(4 * ia * ia + ic * ic);

	build(&t, &o, tiny, 3);
	cr_assert_eq(t.nrows, 3);
	cr_assert_eq(t.ncols, 3);
	cr_expect_float_eq(weight(&t, 0, "apple"), 1 / sqrt(2.0), 1e-6);
	cr_expect_float_eq(weight(&t, 0, "banana"), 1 / sqrt(2.0), 1e-6);
	cr_expect_float_eq(weight(&t, 1, "apple"), 2 * ia / n1, 1e-6);
	cr_expect_float_eq(weight(&t, 1, "cherry"), ic / n1, 1e-6);
	cr_expect_float_eq(weight(&t, 2, "banana"), 1.0, 1e-6);
	cr_expect_eq(t.rowptr[3] - t.rowptr[2], 1);
	for (size_t j = 0; j < t.ncols; j++)
		if (!strcmp(tfidf_term(&t, j), "cherry"))
			cr_expect_eq(t.df[j], 1);
	tfidf_release(&t);
}

Test(tfidf, by_hand_pairs_sublinear)
{
	struct tfidf_options o = TFIDF_OPTIONS_DEFAULT;
	struct tfidf t;
	double ia = log(4.0 / 3.0) + 1.0, i1 = log(2.0) + 1.0;
	double ta = (1 + log(2.0)) * ia;
	double n1 = sqrt(ta * ta + 3 * i1 * i1);

	o.max_df = 1.0;
	build(&t, &o, tiny, 3);
	/* apple banana cherry, "apple banana" "apple apple" "apple cherry" */
	cr_assert_eq(t.ncols, 6);
	cr_expect_float_eq(weight(&t, 1, "apple"), ta / n1, 1e-6);
	cr_expect_float_eq(weight(&t, 1, "apple apple"), i1 / n1, 1e-6);
	cr_expect_float_eq(weight(&t, 1, "apple cherry"), i1 / n1, 1e-6);
	cr_expect_lt(weight(&t, 2, "a banana"), 0.0);
	tfidf_release(&t);
}

Test(tfidf, max_df_drops_common_terms)
{
	struct tfidf_options o = { 1, 0, 0.5 };
	struct tfidf t;

	build(&t, &o, tiny, 3);
	cr_assert_eq(t.ncols, 1);
	cr_expect_str_eq(tfidf_term(&t, 0), "cherry");
	cr_expect_float_eq(weight(&t, 1, "cherry"), 1.0, 1e-6);
	cr_expect_eq(t.rowptr[1], 0);	/* row 0 is left empty */
	tfidf_release(&t);
}

Test(tfidf, fields_join)
{
	static const char *const f[] = { "back pain", NULL, "", "In adults" };
	struct tfidf_options o = { 2, 1, 1.0 };
	struct tfidf_builder *b = tfidf_builder_new(&o);
	struct tfidf t;

	tfidf_builder_add(b, f, 4);
	tfidf_builder_finish(b, &t);
	/* back pain in adults + three pairs, "pain in" across fields */
	cr_expect_eq(t.ncols, 7);
	cr_expect_gt(weight(&t, 0, "pain in"), 0.0);
	tfidf_release(&t);
}
