/*
 * nearest: how far apart two names are, for "did you mean" hints to a
 * mistyped command, query, field or setting.
 */
#ifndef SK_NEAREST_H
#define SK_NEAREST_H

#include <stddef.h>

/* Names longer than this are only compared by length. */
#define NAME_DISTANCE_MAX 128

/*
 * The edit distance (Levenshtein) of a and b, ignoring ASCII case; for
 * names of NAME_DISTANCE_MAX bytes or more, the longer one's length.
 */
size_t name_distance(const char *a, const char *b);

#endif
