/*
 * sql_embed: the SQL files compiled into the binary: schema migrations
 * (src/schema/NNN-name.sql) and queries (queries/name.sql).
 */
#ifndef SK_SQL_EMBED_H
#define SK_SQL_EMBED_H

struct sql_file {
	const char *name;	/* file name without .sql */
	const char *sql;
};

/* Both arrays are sorted by name and end with { NULL, NULL }. */
extern const struct sql_file sql_schema[];
extern const struct sql_file sql_queries[];

#endif
