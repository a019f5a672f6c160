/* tui: the interactive screen. */
#include "tui.h"

#include "banned.h"

int
tui_screen(struct store *st, const char *reviewer, enum stage stage,
	   struct sk_err *err)
{
	(void)st;
	(void)reviewer;
	(void)stage;
	return sk_fail(err, SK_E_USAGE, NULL, 0,
		       "the interactive screen is not in this build yet");
}
