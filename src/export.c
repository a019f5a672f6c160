#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "xalloc.h"
#include "banned.h"

struct export {
	FILE *f;
	enum export_format fmt;
	long count;
};

struct export *
export_new(FILE *f, enum export_format fmt)
{
	struct export *e = xcalloc(1, sizeof(*e));

	e->f = f;
	e->fmt = fmt;
	return e;
}

/* One RIS line per paragraph: a repeated tag continues the field. */
static void
ris_field(FILE *f, const char *tag, const char *value)
{
	const char *p = value;

	if (!value)
		return;
	while (*p) {
		size_t n = strcspn(p, "\r\n");

		if (n)
			fprintf(f, "%s  - %.*s\n", tag, (int)n, p);
		p += n;
		p += strspn(p, "\r\n");
	}
}

static void
ris_list(FILE *f, const char *tag, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		ris_field(f, tag, l->v[i]);
}

/*
 * Tags as EndNote and Zotero write them: the PMID in AN with DB PubMed
 * (EndNote's PubMed convention), the PMCID in C2, publication types in M3,
 * MeSH headings in MH (as Ovid does).
 */
static void
write_ris(FILE *f, const struct record *r)
{
	const char *an = r->accession ? r->accession : r->pmid;
	const char *db = r->database;

	if (!r->accession && r->pmid && !db)
		db = "PubMed";
	fprintf(f, "TY  - %s\n", r->type ? r->type : "GEN");
	ris_field(f, "TI", r->title);
	for (size_t i = 0; i < r->n_authors; i++)
		ris_field(f, "AU", r->authors[i].name);
	ris_field(f, "AB", r->abstract);
	ris_field(f, "T2", r->journal);
	ris_field(f, "J2", r->journal_abbrev);
	ris_field(f, "SN", r->issn);
	ris_field(f, "DA", r->pubdate);
	if (r->year)
		fprintf(f, "PY  - %d\n", r->year);
	ris_field(f, "VL", r->volume);
	ris_field(f, "IS", r->issue);
	ris_field(f, "SP", r->pages);
	ris_field(f, "DO", r->doi);
	ris_field(f, "AN", an);
	ris_field(f, "C2", r->pmcid);
	ris_field(f, "DB", db);
	ris_field(f, "PB", r->publisher);
	ris_field(f, "UR", r->url);
	ris_list(f, "LA", &r->languages);
	ris_list(f, "M3", &r->pubtypes);
	ris_list(f, "KW", &r->keywords);
	ris_list(f, "MH", &r->mesh);
	fputs("ER  - \n\n", f);
}

static void
json_member(struct buf *b, const char *name, const char *value)
{
	buf_adds(b, ",\n    ");
	json_add_string(b, name);
	buf_adds(b, ": ");
	json_add_string(b, value);
}

static void
json_list_member(struct buf *b, const char *name, const struct strlist *l)
{
	buf_adds(b, ",\n    ");
	json_add_string(b, name);
	buf_adds(b, ": ");
	json_add_strlist(b, l);
}

static void
json_authors(struct buf *b, const struct record *r)
{
	buf_adds(b, ",\n    \"authors\": [");
	for (size_t i = 0; i < r->n_authors; i++) {
		const struct author *a = &r->authors[i];

		buf_adds(b, i ? ", {" : "{");
		buf_adds(b, "\"name\": ");
		json_add_string(b, a->name);
		buf_adds(b, ", \"family\": ");
		json_add_string(b, a->family);
		buf_adds(b, ", \"given\": ");
		json_add_string(b, a->given);
		buf_adds(b, ", \"affiliation\": ");
		json_add_string(b, a->affiliation);
		buf_addf(b, ", \"collective\": %s}",
			 a->collective ? "true" : "false");
	}
	buf_addch(b, ']');
}

static void
write_json(struct export *e, long long id, const char *source,
	   const struct record *r)
{
	const struct {
		const char *name;
		const char *value;
	} fields[] = {
		{ "type", r->type }, { "title", r->title },
		{ "abstract", r->abstract }, { "journal", r->journal },
		{ "journal_abbrev", r->journal_abbrev }, { "issn", r->issn },
		{ "pubdate", r->pubdate }, { "volume", r->volume },
		{ "issue", r->issue }, { "pages", r->pages },
		{ "doi", r->doi }, { "pmid", r->pmid }, { "pmcid", r->pmcid },
		{ "publisher", r->publisher }, { "url", r->url },
		{ "accession", r->accession }, { "database", r->database },
	};
	struct buf b = BUF_INIT;

	buf_adds(&b, e->count ? ",\n  {\n    " : "[\n  {\n    ");
	buf_addf(&b, "\"id\": %lld", id);
	json_member(&b, "source", source);
	if (r->year)
		buf_addf(&b, ",\n    \"year\": %d", r->year);
	else
		buf_adds(&b, ",\n    \"year\": null");
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		json_member(&b, fields[i].name, fields[i].value);
	json_authors(&b, r);
	json_list_member(&b, "languages", &r->languages);
	json_list_member(&b, "pubtypes", &r->pubtypes);
	json_list_member(&b, "keywords", &r->keywords);
	json_list_member(&b, "mesh", &r->mesh);
	buf_adds(&b, "\n  }");
	fwrite(b.data, 1, b.len, e->f);
	buf_release(&b);
}

/* Print text wrapped at 76 columns, indented by two spaces. */
static void
text_wrapped(FILE *f, const char *s)
{
	while (*s) {
		size_t line = strcspn(s, "\n");
		const char *end = s + line;

		while (s < end) {
			size_t n = (size_t)(end - s), cut = n;

			if (n > 76) {
				cut = 76;
				while (cut > 0 && s[cut] != ' ')
					cut--;
				if (cut == 0)
					cut = 76;
			}
			fprintf(f, "  %.*s\n", (int)cut, s);
			s += cut;
			while (s < end && *s == ' ')
				s++;
		}
		if (*s == '\n') {
			s++;
			if (*s == '\n') {
				fputc('\n', f);
				s++;
			}
		}
	}
}

static void
text_list(FILE *f, const char *label, const struct strlist *l)
{
	if (!l->n)
		return;
	fprintf(f, "%-13s", label);
	for (size_t i = 0; i < l->n; i++)
		fprintf(f, "%s%s", i ? "; " : "", l->v[i]);
	fputc('\n', f);
}

static void
write_text(FILE *f, const struct record *r)
{
	const struct {
		const char *label;
		const char *value;
	} fields[] = {
		{ "Type:", r->type }, { "Title:", r->title },
		{ "Journal:", r->journal }, { "Abbreviation:", r->journal_abbrev },
		{ "ISSN:", r->issn }, { "Date:", r->pubdate },
		{ "Volume:", r->volume }, { "Issue:", r->issue },
		{ "Pages:", r->pages }, { "Publisher:", r->publisher },
		{ "DOI:", r->doi }, { "PMID:", r->pmid }, { "PMCID:", r->pmcid },
		{ "Accession:", r->accession }, { "Database:", r->database },
		{ "URL:", r->url },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		if (fields[i].value)
			fprintf(f, "%-13s%s\n", fields[i].label, fields[i].value);
	if (r->year)
		fprintf(f, "%-13s%d\n", "Year:", r->year);
	text_list(f, "Languages:", &r->languages);
	text_list(f, "Types:", &r->pubtypes);
	text_list(f, "Keywords:", &r->keywords);
	text_list(f, "MeSH:", &r->mesh);
	if (r->n_authors) {
		fprintf(f, "Authors (%zu):\n", r->n_authors);
		for (size_t i = 0; i < r->n_authors; i++) {
			const struct author *a = &r->authors[i];

			fprintf(f, "  %zu. %s%s", i + 1, a->name,
				a->collective ? " (group)" : "");
			if (a->affiliation)
				fprintf(f, " - %s", a->affiliation);
			fputc('\n', f);
		}
	}
	if (r->abstract) {
		fputs("Abstract:\n", f);
		text_wrapped(f, r->abstract);
	}
}

void
export_record(struct export *e, long long id, const char *source,
	      const struct record *rec)
{
	switch (e->fmt) {
	case EXPORT_RIS:
		write_ris(e->f, rec);
		break;
	case EXPORT_JSON:
		write_json(e, id, source, rec);
		break;
	case EXPORT_TEXT:
		write_text(e->f, rec);
		break;
	}
	e->count++;
}

int
export_finish(struct export *e)
{
	int rc;

	if (e->fmt == EXPORT_JSON)
		fputs(e->count ? "\n]\n" : "[]\n", e->f);
	rc = fflush(e->f) == 0 && !ferror(e->f) ? 0 : -1;
	free(e);
	return rc;
}
