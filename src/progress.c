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
	p->started = p->last;
	p->base = -1;
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
progress_of(struct progress *p, long done, long total)
{
	double elapsed, rate;

	if (!p->active)
		return;
	if (p->base < 0) {
		p->base = done;
		p->started = now();
	}
	elapsed = now() - p->started;
	rate = elapsed > 0 ? (double)(done - p->base) / elapsed : 0;
	fprintf(stderr, "\r\033[K%s: %ld of %ld records", p->label, done, total);
	if (rate > 0 && done > 0 && done < total) {
		long left = (long)((double)(total - done) / rate + 0.5);

		fprintf(stderr, ", %.0f/s, %ld:%02ld left", rate, left / 60,
			left % 60);
	}
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
