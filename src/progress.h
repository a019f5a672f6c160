/*
 * progress: a one-line progress counter on stderr when it is a terminal;
 * silent in pipes, in tests and with --quiet.
 */
#ifndef SK_PROGRESS_H
#define SK_PROGRESS_H

struct progress {
	int active;
	const char *label;
	double last;	/* time of the last update, seconds */
	double started;
	long base;	/* done at the first progress_of: the rate is of this run */
};

void progress_start(struct progress *p, const char *label);
/* Show count if enough time has passed since the last update. */
void progress_update(struct progress *p, long count);
/*
 * Show done of total with the rate since the start and the time left,
 * at every call (for work that moves in steps, such as batches).
 */
void progress_of(struct progress *p, long done, long total);
/* Show the label alone, for work whose progress cannot be counted. */
void progress_note(struct progress *p);
/* Clear the line. */
void progress_end(struct progress *p);

#endif
