/*
 * duplicates: deduplication kept in the store.
 *
 * A run loads the comparison fields of every record, finds the scored
 * pairs, and writes them to dup_pair. Pairs nobody has judged yet are
 * found afresh on every run (so new thresholds and new records take
 * effect); pairs with a judgement keep it. Clusters are the connected
 * groups of pairs judged duplicate; dup_member is rebuilt from the
 * judgements after each change, never edited by hand.
 */
#include "duplicates.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/* ---- loading the records ---- */

/* Family names of one record, read from the author table in step. */
struct dup_authors {
	sqlite3_stmt *s;
	int row;		/* SQLITE_ROW while rows remain */
	char **names;
	size_t n, cap;
};

static void
dup_authors_clear(struct dup_authors *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->names[i]);
	a->n = 0;
}

/* Collect the names of record id; both tables are read in id order. */
static void
dup_authors_of(struct dup_authors *a, long long id)
{
	dup_authors_clear(a);
	while (a->row == SQLITE_ROW) {
		long long rid = sqlite3_column_int64(a->s, 0);
		const char *name;

		if (rid > id)
			break;
		name = (const char *)sqlite3_column_text(a->s, 1);
		if (rid == id && name) {
			a->names = xgrow(a->names, &a->cap, a->n + 1,
					 sizeof(*a->names));
			a->names[a->n++] = xstrdup(name);
		}
		a->row = sqlite3_step(a->s);
	}
}

static const char *
col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static int
dup_load(struct store *st, struct dd_set *set, struct sk_err *err)
{
	struct dup_authors au = { NULL, 0, NULL, 0, 0 };
	sqlite3_stmt *s = NULL;
	int rc = -1, row;

	if (store_prepare(st, &s,
			  "SELECT id, type, pmid, pmcid, doi, title, journal, "
			  "journal_abbrev, issn, volume, issue, pages, "
			  "pubtypes, year FROM record ORDER BY id", err) < 0 ||
	    store_prepare(st, &au.s,
			  "SELECT record_id, coalesce(family, name) FROM author "
			  "ORDER BY record_id, position", err) < 0)
		goto done;
	au.row = sqlite3_step(au.s);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		struct dd_input in = {
			.id = sqlite3_column_int64(s, 0),
			.type = col(s, 1), .pmid = col(s, 2),
			.pmcid = col(s, 3), .doi = col(s, 4),
			.title = col(s, 5), .journal = col(s, 6),
			.journal_abbrev = col(s, 7), .issn = col(s, 8),
			.volume = col(s, 9), .issue = col(s, 10),
			.pages = col(s, 11), .pubtypes = col(s, 12),
			.year = sqlite3_column_int(s, 13),
		};

		dup_authors_of(&au, in.id);
		in.families = (const char *const *)au.names;
		in.n_families = au.n;
		dd_set_add(set, &in);
	}
	if (row != SQLITE_DONE ||
	    (au.row != SQLITE_DONE && au.row != SQLITE_ROW)) {
		store_fail(st, err, "reading the records");
		goto done;
	}
	rc = 0;
done:
	dup_authors_clear(&au);
	free(au.names);
	sqlite3_finalize(au.s);
	sqlite3_finalize(s);
	return rc;
}

/* ---- pairs and judgements ---- */

static int
dup_prepare_decision(struct store *st, sqlite3_stmt **s, struct sk_err *err)
{
	return store_prepare(st, s,
			     "INSERT INTO dup_decision (uuid, pair_id, verdict, "
			     "method, reviewer, note, decided_at) VALUES "
			     "(lower(hex(randomblob(16))), ?, ?, ?, ?, ?, ?)",
			     err);
}

/* Append a judgement with a statement from dup_prepare_decision. */
static int
dup_insert_decision(struct store *st, sqlite3_stmt *s, long long pair,
		    const char *verdict, const char *method,
		    const char *reviewer, const char *note, struct sk_err *err)
{
	char now[32];
	int rc;

	store_now(now);
	sqlite3_bind_int64(s, 1, pair);
	store_bind_text(s, 2, verdict);
	store_bind_text(s, 3, method);
	store_bind_text(s, 4, reviewer);
	store_bind_text(s, 5, note);
	store_bind_text(s, 6, now);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "saving the judgement");
	return 0;
}

int
dup_decide(struct store *st, long long pair, const char *verdict,
	   const char *method, const char *reviewer, const char *note,
	   struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (dup_prepare_decision(st, &s, err) < 0)
		return -1;
	rc = dup_insert_decision(st, s, pair, verdict, method, reviewer, note,
				 err);
	sqlite3_finalize(s);
	return rc;
}

int
dup_pair_exists(struct store *st, long long pair, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (store_prepare(st, &s, "SELECT 1 FROM dup_pair WHERE id = ?",
			  err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, pair);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(st, err, "reading the pairs");
}

/* Save a pair found by this run; *id is 0 when it was judged before. */
static int
dup_save_pair(struct store *st, sqlite3_stmt *ins, const struct dd_set *set,
	      const struct dd_pair *p, const char *now, long long *id,
	      struct sk_err *err)
{
	struct buf ev = BUF_INIT;
	long long a = dd_set_id(set, p->a), b = dd_set_id(set, p->b);
	int rc;

	dd_evidence_json(p, &ev);
	sqlite3_bind_int64(ins, 1, a < b ? a : b);
	sqlite3_bind_int64(ins, 2, a < b ? b : a);
	store_bind_static(ins, 3, dd_rule_name(p->rule));
	sqlite3_bind_double(ins, 4, p->score);
	store_bind_static(ins, 5, ev.data);
	store_bind_static(ins, 6, now);
	rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	buf_release(&ev);
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "saving a pair");
	*id = sqlite3_changes(st->db) ? sqlite3_last_insert_rowid(st->db) : 0;
	return 0;
}

static int
dup_save_pairs(struct store *st, const struct dup_options *opt,
	       const struct dd_set *set, const struct dd_pair *pairs,
	       size_t npairs, struct dup_report *rep, struct sk_err *err)
{
	sqlite3_stmt *ins, *decide = NULL;
	char now[32];
	int rc = 0;

	/* Pairs without a judgement are only findings: find them again. */
	if (store_exec(st,
		       "DELETE FROM dup_pair WHERE id NOT IN "
		       "(SELECT pair_id FROM dup_decision)", err) < 0 ||
	    store_prepare(st, &ins,
			  "INSERT INTO dup_pair (a, b, rule, score, evidence, "
			  "found_at) VALUES (?, ?, ?, ?, ?, ?) "
			  "ON CONFLICT (a, b) DO NOTHING", err) < 0)
		return -1;
	if (dup_prepare_decision(st, &decide, err) < 0) {
		sqlite3_finalize(ins);
		return -1;
	}
	store_now(now);
	for (size_t i = 0; i < npairs && rc == 0; i++) {
		long long id = 0;

		rc = dup_save_pair(st, ins, set, &pairs[i], now, &id, err);
		if (rc < 0)
			break;
		if (!id) {
			rep->kept++;
			continue;
		}
		rep->found[pairs[i].rule]++;
		if (pairs[i].score >= opt->auto_threshold) {
			rc = dup_insert_decision(st, decide, id, "duplicate",
						 "auto", NULL, NULL, err);
			rep->merged++;
		}
	}
	sqlite3_finalize(decide);
	sqlite3_finalize(ins);
	return rc;
}

int
dup_undo_record(struct store *st, long long record, const char *reviewer,
		long *pairs, struct sk_err *err)
{
	sqlite3_stmt *s;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int row, rc = 0;

	*pairs = 0;
	if (store_prepare(st, &s,
			  "SELECT p.id FROM dup_pair p JOIN dup_current c "
			  "ON c.pair_id = p.id WHERE c.verdict = 'duplicate' "
			  "AND (p.a = ?1 OR p.b = ?1)", err) < 0)
		return -1;
	sqlite3_bind_int64(s, 1, record);
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xgrow(ids, &cap, n + 1, sizeof(*ids));
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		rc = store_fail(st, err, "reading the pairs");
	if (rc == 0 && n && (rc = dup_prepare_decision(st, &s, err)) == 0) {
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = dup_insert_decision(st, s, ids[i], "distinct",
						 "undo", reviewer, NULL, err);
		sqlite3_finalize(s);
	}
	free(ids);
	*pairs = (long)n;
	return rc;
}

/* ---- clusters ---- */

struct dup_graph {
	long long *ids;		/* records in a judged-duplicate pair, sorted */
	size_t n, cap;
	size_t *parent;
	long long (*edges)[2];
	size_t nedges, cap_edges;
};

static int
dup_id_order(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;

	return a < b ? -1 : a > b;
}

static size_t
dup_index(const struct dup_graph *g, long long id)
{
	const long long *p = bsearch(&id, g->ids, g->n, sizeof(*g->ids),
				     dup_id_order);

	return (size_t)(p - g->ids);
}

static size_t
dup_root(struct dup_graph *g, size_t i)
{
	while (g->parent[i] != i) {
		g->parent[i] = g->parent[g->parent[i]];
		i = g->parent[i];
	}
	return i;
}

/* The pairs whose current judgement is duplicate, as a union-find. */
static int
dup_graph_load(struct store *st, struct dup_graph *g, struct sk_err *err)
{
	sqlite3_stmt *s;
	size_t k = 0;
	int row;

	if (store_prepare(st, &s,
			  "SELECT p.a, p.b FROM dup_pair p JOIN dup_current c "
			  "ON c.pair_id = p.id WHERE c.verdict = 'duplicate'",
			  err) < 0)
		return -1;
	while ((row = sqlite3_step(s)) == SQLITE_ROW) {
		g->edges = xgrow(g->edges, &g->cap_edges, g->nedges + 1,
				 sizeof(*g->edges));
		g->edges[g->nedges][0] = sqlite3_column_int64(s, 0);
		g->edges[g->nedges][1] = sqlite3_column_int64(s, 1);
		g->ids = xgrow(g->ids, &g->cap, g->n + 2, sizeof(*g->ids));
		g->ids[g->n++] = g->edges[g->nedges][0];
		g->ids[g->n++] = g->edges[g->nedges][1];
		g->nedges++;
	}
	sqlite3_finalize(s);
	if (row != SQLITE_DONE)
		return store_fail(st, err, "reading the judgements");
	if (g->n)
		qsort(g->ids, g->n, sizeof(*g->ids), dup_id_order);
	for (size_t i = 0; i < g->n; i++)
		if (!k || g->ids[i] != g->ids[k - 1])
			g->ids[k++] = g->ids[i];
	g->n = k;
	g->parent = xmalloc(sizeof(*g->parent) * (k ? k : 1));
	for (size_t i = 0; i < k; i++)
		g->parent[i] = i;
	for (size_t e = 0; e < g->nedges; e++) {
		size_t a = dup_root(g, dup_index(g, g->edges[e][0]));
		size_t b = dup_root(g, dup_index(g, g->edges[e][1]));

		if (a != b)
			g->parent[a > b ? a : b] = a < b ? a : b;
	}
	return 0;
}

static void
dup_graph_release(struct dup_graph *g)
{
	free(g->ids);
	free(g->parent);
	free(g->edges);
}

/*
 * How complete a record is: the canonical record of a cluster is the
 * most complete, and the first imported among equals, so that the
 * record screened carries the abstract and identifiers when any copy has.
 */
static const char dup_completeness_sql[] =
	"SELECT 4 * (abstract IS NOT NULL) + 4 * (title IS NOT NULL) + "
	"2 * (doi IS NOT NULL) + 2 * (pmid IS NOT NULL) + "
	"2 * EXISTS (SELECT 1 FROM author WHERE record_id = record.id) + "
	"(journal IS NOT NULL) + (year IS NOT NULL) + (volume IS NOT NULL) + "
	"(issue IS NOT NULL) + (pages IS NOT NULL) + (keywords IS NOT NULL) "
	"FROM record WHERE id = ?";

static int
dup_pick_canonicals(struct store *st, struct dup_graph *g, long long *best,
		    struct sk_err *err)
{
	sqlite3_stmt *s;
	int *score = xcalloc(g->n ? g->n : 1, sizeof(*score));
	int rc = 0;

	if (store_prepare(st, &s, dup_completeness_sql, err) < 0) {
		free(score);
		return -1;
	}
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		size_t r = dup_root(g, i);

		sqlite3_bind_int64(s, 1, g->ids[i]);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = store_fail(st, err, "reading a record");
			break;
		}
		score[i] = sqlite3_column_int(s, 0);
		sqlite3_reset(s);
		/* Records come in id order: ties keep the first imported. */
		if (best[r] < 0 || score[i] > score[best[r]])
			best[r] = (long long)i;
	}
	sqlite3_finalize(s);
	free(score);
	return rc;
}

static int
dup_write_members(struct store *st, struct dup_graph *g,
		  const long long *best, struct dup_report *rep,
		  struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (store_exec(st, "DELETE FROM dup_member", err) < 0 ||
	    store_prepare(st, &s,
			  "INSERT INTO dup_member (record_id, canonical) "
			  "VALUES (?, ?)", err) < 0)
		return -1;
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		size_t r = dup_root(g, i);

		sqlite3_bind_int64(s, 1, g->ids[i]);
		sqlite3_bind_int64(s, 2, g->ids[best[r]]);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_fail(st, err, "saving the clusters");
		sqlite3_reset(s);
		if (r == i)
			rep->clusters++;
		else
			rep->removed++;
	}
	sqlite3_finalize(s);
	return rc;
}

/* Count what the report shows besides the clusters. */
static int
dup_count(struct store *st, struct dup_report *rep, struct sk_err *err)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (store_prepare(st, &s,
			  "SELECT (SELECT count(*) FROM dup_pair WHERE id NOT IN "
			  "        (SELECT pair_id FROM dup_decision)), "
			  "(SELECT count(*) FROM dup_pair p JOIN dup_current c "
			  " ON c.pair_id = p.id "
			  " JOIN dup_member ma ON ma.record_id = p.a "
			  " JOIN dup_member mb ON mb.record_id = p.b "
			  " WHERE c.verdict = 'distinct' "
			  " AND ma.canonical = mb.canonical)", err) < 0)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		rep->to_review = sqlite3_column_int(s, 0);
		rep->conflicts = sqlite3_column_int(s, 1);
	} else {
		rc = store_fail(st, err, "counting the pairs");
	}
	sqlite3_finalize(s);
	return rc;
}

int
dup_rebuild(struct store *st, struct dup_report *rep, struct sk_err *err)
{
	struct dup_graph g;
	long long *best;
	int rc;

	memset(&g, 0, sizeof(g));
	rep->clusters = rep->removed = 0;
	if (dup_graph_load(st, &g, err) < 0) {
		dup_graph_release(&g);
		return -1;
	}
	best = xmalloc(sizeof(*best) * (g.n ? g.n : 1));
	for (size_t i = 0; i < g.n; i++)
		best[i] = -1;
	rc = dup_pick_canonicals(st, &g, best, err);
	if (rc == 0)
		rc = dup_write_members(st, &g, best, rep, err);
	if (rc == 0)
		rc = dup_count(st, rep, err);
	free(best);
	dup_graph_release(&g);
	return rc;
}

int
dup_run(struct store *st, const struct dup_options *opt,
	struct dup_report *rep, struct sk_err *err)
{
	struct dd_set *set = dd_set_new();
	struct dd_pair *pairs = NULL;
	size_t npairs = 0;
	int rc = -1;

	memset(rep, 0, sizeof(*rep));
	if (dup_load(st, set, err) < 0)
		goto done;
	rep->records = (long)dd_set_count(set);
	dd_find(set, opt->review_threshold, &pairs, &npairs);
	if (dup_save_pairs(st, opt, set, pairs, npairs, rep, err) < 0)
		goto done;
	rc = dup_rebuild(st, rep, err);
done:
	free(pairs);
	dd_set_free(set);
	return rc;
}
