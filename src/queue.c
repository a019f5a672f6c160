#include "queue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/* A list of batches, first in first out. */
struct batch_list {
	struct queue_batch **v;
	size_t head;
	size_t n;
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t changed;	/* a batch moved, or the queue closed or stopped */
	struct queue_batch *batches;
	size_t nbatches;
	struct batch_list empty;	/* for the producer to fill */
	struct batch_list full;		/* for the consumer to write */
	struct queue_batch *filling;	/* producer's current batch */
	int closed;
	int stopped;
	int producer_waited;	/* the last empty batch was waited for */
};

static void
list_push(struct batch_list *l, size_t cap, struct queue_batch *b)
{
	l->v[(l->head + l->n) % cap] = b;
	l->n++;
}

static struct queue_batch *
list_pop(struct batch_list *l, size_t cap)
{
	struct queue_batch *b = l->v[l->head];

	l->head = (l->head + 1) % cap;
	l->n--;
	return b;
}

struct queue *
queue_new(size_t nbatches)
{
	struct queue *q = xcalloc(1, sizeof(*q));

	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->changed, NULL);
	q->nbatches = nbatches;
	q->batches = xcalloc(nbatches, sizeof(*q->batches));
	q->empty.v = xcalloc(nbatches, sizeof(*q->empty.v));
	q->full.v = xcalloc(nbatches, sizeof(*q->full.v));
	for (size_t i = 0; i < nbatches; i++) {
		for (size_t j = 0; j < QUEUE_BATCH; j++)
			record_init(&q->batches[i].records[j]);
		list_push(&q->empty, nbatches, &q->batches[i]);
	}
	return q;
}

void
queue_free(struct queue *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nbatches; i++) {
		for (size_t j = 0; j < QUEUE_BATCH; j++)
			record_release(&q->batches[i].records[j]);
		strlist_release(&q->batches[i].deleted);
	}
	free(q->batches);
	free(q->empty.v);
	free(q->full.v);
	pthread_cond_destroy(&q->changed);
	pthread_mutex_destroy(&q->mu);
	free(q);
}

/* With the lock held: pass the filled batch to the consumer. */
static void
hand_over(struct queue *q)
{
	list_push(&q->full, q->nbatches, q->filling);
	q->filling = NULL;
	pthread_cond_broadcast(&q->changed);
}

/* The batch to put into, waiting for an empty one; NULL if stopped. */
static struct queue_batch *
batch_to_fill(struct queue *q)
{
	struct queue_batch *b;

	pthread_mutex_lock(&q->mu);
	if (q->filling && q->filling->n == QUEUE_BATCH)
		hand_over(q);
	if (!q->filling)
		q->producer_waited = q->empty.n == 0;
	while (!q->filling && q->empty.n == 0 && !q->stopped)
		pthread_cond_wait(&q->changed, &q->mu);
	if (!q->filling && !q->stopped) {
		q->filling = list_pop(&q->empty, q->nbatches);
		q->filling->n = 0;
		strlist_release(&q->filling->deleted);
	}
	b = q->stopped ? NULL : q->filling;
	pthread_mutex_unlock(&q->mu);
	return b;
}

int
queue_put_record(struct queue *q, struct record *rec)
{
	struct queue_batch *b = batch_to_fill(q);
	struct record tmp;

	if (!b)
		return -1;
	/* Only the producer touches the batch it fills: no lock needed. */
	tmp = b->records[b->n];
	b->records[b->n] = *rec;
	*rec = tmp;
	b->n++;
	return 0;
}

int
queue_put_deleted(struct queue *q, const char *pmid)
{
	struct queue_batch *b = batch_to_fill(q);

	if (!b)
		return -1;
	strlist_add(&b->deleted, pmid, strlen(pmid));
	return 0;
}

int
queue_consumer_behind(struct queue *q)
{
	int behind;

	pthread_mutex_lock(&q->mu);
	behind = q->full.n > 0 || q->producer_waited;
	pthread_mutex_unlock(&q->mu);
	return behind;
}

void
queue_close(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	if (q->filling)
		hand_over(q);
	q->closed = 1;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

struct queue_batch *
queue_take(struct queue *q)
{
	struct queue_batch *b = NULL;

	pthread_mutex_lock(&q->mu);
	while (q->full.n == 0 && !q->closed && !q->stopped)
		pthread_cond_wait(&q->changed, &q->mu);
	if (q->full.n && !q->stopped)
		b = list_pop(&q->full, q->nbatches);
	pthread_mutex_unlock(&q->mu);
	return b;
}

void
queue_give_back(struct queue *q, struct queue_batch *b)
{
	pthread_mutex_lock(&q->mu);
	list_push(&q->empty, q->nbatches, b);
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}

void
queue_stop(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stopped = 1;
	pthread_cond_broadcast(&q->changed);
	pthread_mutex_unlock(&q->mu);
}
