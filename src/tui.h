/*
 * tui: the interactive screen (ncurses): one record at a time for one
 * reviewer at one stage, judged with single keys, saved at each key.
 */
#ifndef SK_TUI_H
#define SK_TUI_H

#include "err.h"
#include "screen_rank.h"
#include "store.h"
#include "verdict.h"

/*
 * Screen the reviewer's queue at a stage until they quit or the queue is
 * empty. st has no transaction open: each judgement is committed on its
 * own, so another reviewer's screen or a crash loses nothing. At title
 * and abstract the queue follows order, and in relevance order it is
 * ranked again after every judgement.
 */
int tui_screen(struct store *st, const char *reviewer, enum stage stage,
	       enum screen_order order, struct sk_err *err);

#endif
