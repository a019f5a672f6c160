/* harness: shared pieces of the parser tests; see harness.h. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int
keep_record(void *ctx, struct record *r, struct sk_err *err)
{
	struct got *g = ctx;
	struct snap *s;

	(void)err;
	if (g->n >= (long)(sizeof(g->v) / sizeof(g->v[0]))) {
		g->n++;
		return 0;
	}
	s = &g->v[g->n++];
	memset(s, 0, sizeof(*s));
	s->line = r->line;
	s->type = dup_or_null(r->type);
	s->title = dup_or_null(r->title);
	s->doi = dup_or_null(r->doi);
	s->abstract = dup_or_null(r->abstract);
	s->journal = dup_or_null(r->journal);
	s->abbrev = dup_or_null(r->journal_abbrev);
	s->pmid = dup_or_null(r->pmid);
	s->pmcid = dup_or_null(r->pmcid);
	s->issn = dup_or_null(r->issn);
	s->pages = dup_or_null(r->pages);
	s->pubdate = dup_or_null(r->pubdate);
	s->original = strdup(r->original.data);
	s->year = r->year;
	s->n_authors = r->n_authors;
	s->n_keywords = r->keywords.n;
	if (r->n_authors) {
		s->author0 = dup_or_null(r->authors[0].name);
		s->family0 = dup_or_null(r->authors[0].family);
		s->given0 = dup_or_null(r->authors[0].given);
		s->affil0 = dup_or_null(r->authors[0].affiliation);
		s->collective0 = r->authors[0].collective;
	}
	if (r->keywords.n) {
		s->kw0 = strdup(r->keywords.v[0]);
		s->kwlast = strdup(r->keywords.v[r->keywords.n - 1]);
	}
	if (r->mesh.n)
		s->mesh0 = strdup(r->mesh.v[0]);
	return 0;
}

int
note_bad(void *ctx, long line, const char *reason, struct sk_err *err)
{
	struct got *g = ctx;

	if (g->n_bad < 8) {
		g->bad_line[g->n_bad] = line;
		snprintf(g->bad_reason[g->n_bad], sizeof(g->bad_reason[0]), "%s",
			 reason);
	}
	g->n_bad++;
	if (g->skip_bad)
		return 0;
	return sk_fail(err, SK_E_INPUT, "sink", line, "%s", reason);
}

/* Every got of the running test, freed by drop_tmp at its end. */
static struct got *gots[64];
static size_t ngots;

struct got *
new_got(int skip_bad)
{
	struct got *g = calloc(1, sizeof(*g));

	g->skip_bad = skip_bad;
	if (ngots < sizeof(gots) / sizeof(*gots))
		gots[ngots++] = g;
	return g;
}

int
parse_with(int (*parse)(struct input *, struct record_sink *, struct sk_err *),
	   const char *path, enum input_encoding enc, struct got *g,
	   struct sk_err *err)
{
	struct record_sink sink = { g, keep_record, note_bad, NULL };
	struct input *in;
	int r;

	cr_assert_eq(input_open(&in, path, err), 0, "%s", err->msg);
	cr_assert_eq(input_set_encoding(in, enc, err), 0, "%s", err->msg);
	r = parse(in, &sink, err);
	input_close(in);
	return r;
}

char tmpdir[256];

void
make_tmp(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/sk_text_XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

void
drop_tmp(void)
{
	char cmd[512];

	while (ngots)
		free_got(gots[ngots - 1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	cr_assert_eq(system(cmd), 0);
}

const char *
write_tmp(const char *name, const void *data, size_t n)
{
	static char path[4][512];
	static int k;
	FILE *f;
	char *p = path[k++ % 4];

	snprintf(p, 512, "%s/%s", tmpdir, name);
	f = fopen(p, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
	return p;
}

static void
forget_got(struct got *g)
{
	for (size_t i = 0; i < ngots; i++) {
		if (gots[i] == g) {
			gots[i] = gots[--ngots];
			return;
		}
	}
}

void
free_got(struct got *g)
{
	forget_got(g);
	long n = g->n < (long)(sizeof(g->v) / sizeof(g->v[0])) ?
			 g->n : (long)(sizeof(g->v) / sizeof(g->v[0]));

	for (long i = 0; i < n; i++) {
		struct snap *v = &g->v[i];
		char *strings[] = {
			v->type, v->title, v->author0, v->family0, v->given0,
			v->doi, v->abstract, v->journal, v->abbrev, v->kw0,
			v->pmid, v->pmcid, v->issn, v->pages, v->pubdate,
			v->original, v->kwlast, v->mesh0, v->affil0,
		};

		for (size_t k = 0; k < sizeof(strings) / sizeof(*strings); k++)
			free(strings[k]);
	}
	free(g);
}
