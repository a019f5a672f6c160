/*
 * splitmix: splitmix64, a small, fast generator of pseudo-random numbers
 * that gives the same sequence from the same seed on every machine, so a
 * pilot sample or a model's visiting order can be drawn again.
 */
#ifndef SK_SPLITMIX_H
#define SK_SPLITMIX_H

/* The next number of the sequence; advances *state. */
static inline unsigned long long
splitmix64(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
