/*
 * nearest: how far apart two names are, for "did you mean" hints to a
 * mistyped command, query, field or setting.
 */
#include "nearest.h"

#include <ctype.h>
#include <string.h>

#include "banned.h"

size_t
name_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[NAME_DISTANCE_MAX];

	if (la >= NAME_DISTANCE_MAX || lb >= NAME_DISTANCE_MAX)
		return la > lb ? la : lb;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t best = prev + (tolower((unsigned char)a[i - 1]) !=
					      tolower((unsigned char)b[j - 1]));

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}
