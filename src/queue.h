/*
 * queue: hands parsed records from the parser thread to the thread that
 * writes them to the store, in batches, so that parsing and SQLite work
 * overlap on two cores. Batches travel back empty and are reused; each
 * record's memory is freed or reused by the parser thread that made it.
 */
#ifndef SK_QUEUE_H
#define SK_QUEUE_H

#include <stddef.h>

#include "record.h"

#define QUEUE_BATCH 16	/* records per batch */

struct queue_batch {
	struct record records[QUEUE_BATCH];
	size_t n;
	struct strlist deleted;	/* PubMed DeleteCitation PMIDs */
};

struct queue;

/* A queue of nbatches batches (two or more). */
struct queue *queue_new(size_t nbatches);
void queue_free(struct queue *q);

/*
 * Producer side. queue_put_record swaps rec with a slot of the batch being
 * filled: the caller then resets rec, freeing (or keeping for reuse) the
 * memory of a record written earlier. Waits while every batch is in use.
 * Both puts return -1 once the consumer has stopped the queue.
 */
int queue_put_record(struct queue *q, struct record *rec);
int queue_put_deleted(struct queue *q, const char *pmid);
/*
 * Whether the consumer is the slower side: it has full batches waiting,
 * or the producer had to wait for an empty one. Then the producer has
 * time for work the consumer would otherwise do.
 */
int queue_consumer_behind(struct queue *q);
/* Hand over the last batch: no more items will come. */
void queue_close(struct queue *q);

/*
 * Consumer side: wait for the next full batch; NULL once the producer has
 * closed the queue and every batch was taken. Give each batch back.
 */
struct queue_batch *queue_take(struct queue *q);
void queue_give_back(struct queue *q, struct queue_batch *b);
/* The consumer gives up: puts fail from now on. */
void queue_stop(struct queue *q);

#endif
