/*
 * export: whole records written out as RIS (which scopekit reads back to
 * the same records), as JSON objects, or as labelled text for people.
 */
#ifndef SK_EXPORT_H
#define SK_EXPORT_H

#include <stdio.h>

#include "record.h"

enum export_format {
	EXPORT_RIS,
	EXPORT_JSON,	/* a JSON array of record objects */
	EXPORT_TEXT,	/* labelled fields, for the terminal */
};

struct export;

struct export *export_new(FILE *f, enum export_format fmt);
/* Write one record; id and source name are included where the format can. */
void export_record(struct export *e, long long id, const char *source,
		   const struct record *rec);
/* Finish and free; -1 if writing failed. */
int export_finish(struct export *e);

#endif
