/*
 * stopping: the knee method on one reviewer's sequence of judgements.
 */
#include "stopping.h"

#include <string.h>

#include "banned.h"

/* The judgement count at the knee: the most found above the diagonal. */
static size_t
find_knee(const unsigned char *relevant, size_t n, size_t found)
{
	double best = 0.0;
	size_t knee = 0, g = 0;

	for (size_t i = 1; i <= n; i++) {
		double above;

		g += relevant[i - 1] ? 1 : 0;
		above = (double)g - (double)i * (double)found / (double)n;
		if (above > best) {
			best = above;
			knee = i;
		}
	}
	return knee;
}

void
stopping_knee(const unsigned char *relevant, size_t n, size_t unjudged,
	      struct stopping *s)
{
	size_t at_knee = 0;

	memset(s, 0, sizeof(*s));
	s->screened = n;
	for (size_t i = 0; i < n; i++) {
		s->found += relevant[i] ? 1 : 0;
		s->since_last = relevant[i] ? 0 : s->since_last + 1;
	}
	s->needed = 156.0 - (double)(s->found < 150 ? s->found : 150);
	if (!s->found)
		return;
	s->knee = find_knee(relevant, n, s->found);
	if (!s->knee || s->knee == n)
		return;
	for (size_t i = 0; i < s->knee; i++)
		at_knee += relevant[i] ? 1 : 0;
	{
		double before = (double)at_knee / (double)s->knee;
		double after = (double)(s->found - at_knee + 1) /
			       (double)(n - s->knee);

		s->ratio = before / after;
		s->left = after * (double)unjudged;
	}
	s->suggest = n >= 150 && s->ratio >= s->needed;
}
