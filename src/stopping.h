/*
 * stopping: figures that help a team decide when to stop prioritised
 * screening (never a stop by itself): the knee method. Pure, no store.
 */
#ifndef SK_STOPPING_H
#define SK_STOPPING_H

#include <stddef.h>

struct stopping {
	size_t screened;	/* records judged */
	size_t found;		/* of them relevant (included) */
	size_t since_last;	/* judged since the last relevant one */
	size_t knee;		/* records judged at the knee; 0: none yet */
	double ratio;		/* slope ratio: include rate up to the knee
				   over the rate since, with one more
				   include assumed after it */
	double needed;		/* the ratio the knee method asks for */
	int suggest;		/* the method's conditions hold */
	double left;		/* relevant records estimated among the
				   unjudged: the rate since the knee */
};

/*
 * The knee method of Cormack and Grossman (2016, "Engineering quality and
 * reliability in technology-assisted review", SIGIR): on the curve of
 * relevant records found against records judged (relevant[i] for the
 * i-th judgement, in the order made), the knee is the point farthest
 * above the line from the origin to the end; the slope ratio compares
 * the include rate before it with the rate after it (plus one include);
 * stopping is suggested once at least 150 records are judged and the
 * ratio reaches 156 - min(found, 150). unjudged is the count of records
 * not judged yet, for the estimate.
 */
void stopping_knee(const unsigned char *relevant, size_t n, size_t unjudged,
		   struct stopping *s);

#endif
