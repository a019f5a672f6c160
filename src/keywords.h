/*
 * keywords: the review's include and exclude keyword lists (table
 * keyword): changing them, compiling them with PCRE2, and finding where
 * they match in a title or abstract, for highlighting on the screen.
 */
#ifndef SK_KEYWORDS_H
#define SK_KEYWORDS_H

#include <stddef.h>

#include "err.h"
#include "store.h"

enum keyword_list {
	KEYWORD_INCLUDE,	/* words that suggest a record belongs */
	KEYWORD_EXCLUDE,	/* words that suggest it does not */
};

/* A pattern may not be longer than this (bytes), nor span lines. */
#define KEYWORD_PATTERN_MAX 1000

/* One match in a text: bytes [start, end) of it. */
struct keyword_span {
	size_t start;
	size_t end;
	enum keyword_list list;
};

/* A set of compiled patterns. */
struct keywords;

/* "include" or "exclude", as stored. */
const char *keyword_list_name(enum keyword_list list);

/* An empty set, which matches nothing. Free with keywords_free. */
struct keywords *keywords_new(void);
void keywords_free(struct keywords *k);
/* How many patterns the set holds. */
size_t keywords_count(const struct keywords *k);

/*
 * Compile pattern (caseless, UTF-8, Unicode classes) and add it to the
 * set. A pattern that does not compile is SK_E_INPUT with PCRE2's
 * message and the offset; err.column is the 1-based character there.
 * An empty pattern, or one longer than KEYWORD_PATTERN_MAX or holding a
 * line break, is SK_E_INPUT too. The set is unchanged on failure.
 */
int keywords_add(struct keywords *k, enum keyword_list list,
		 const char *pattern, struct sk_err *err);

/*
 * Compile both lists of the review into *k (the caller frees it with
 * keywords_free). A stored pattern that does not compile (written by
 * hand, or by a newer PCRE2) is left out and *bad counts it.
 */
int keywords_load(struct store *st, struct keywords **k, size_t *bad,
		  struct sk_err *err);

/*
 * Where the set matches text[0..len): the leftmost match first; of
 * matches starting at one place the longest, and of equally long ones
 * the include list's; each next match starts at or after the end of
 * the one before, and none is empty. Returns how many; *spans (which
 * the caller frees) gets them in order, NULL if none. Text that is not
 * valid UTF-8 matches around the bad bytes.
 */
size_t keywords_find(struct keywords *k, const char *text, size_t len,
		     struct keyword_span **spans);

/*
 * Add pattern to a list of the store, once it compiles; *added is 0 if
 * the list held it already.
 */
int keywords_store_add(struct store *st, enum keyword_list list,
		       const char *pattern, int *added, struct sk_err *err);
/* Remove pattern from a list; *removed is 0 if the list did not hold it. */
int keywords_store_remove(struct store *st, enum keyword_list list,
			  const char *pattern, int *removed,
			  struct sk_err *err);

#endif
