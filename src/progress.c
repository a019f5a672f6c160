#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "banned.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_start(struct progress *p, const char *label)
{
	p->active = isatty(STDERR_FILENO) && !sk_is_quiet();
	p->label = label;
	p->last = now();
}

void
progress_update(struct progress *p, long count)
{
	double t;

	if (!p->active || (count & 255) != 0)
		return;
	t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	fprintf(stderr, "\r%s: %ld records", p->label, count);
	fflush(stderr);
}

void
progress_note(struct progress *p)
{
	if (!p->active)
		return;
	fprintf(stderr, "\r%s...", p->label);
	fflush(stderr);
}

void
progress_end(struct progress *p)
{
	if (p->active)
		fputs("\r\033[K", stderr);
	p->active = 0;
}
