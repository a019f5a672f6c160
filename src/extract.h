/*
 * extract: charting in the store: the form's versions, studies (reports
 * grouped), charting units (studies grouped), and the values extractors
 * chart and the consensus, appended as facts and checked against the form.
 */
#ifndef SK_EXTRACT_H
#define SK_EXTRACT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"
#include "form.h"
#include "store.h"

/* ---- forms ---- */

/*
 * Keep a checked form (its text as read, from file) as the store's form.
 * *loaded is 0 if this version was loaded already with the same text.
 * Refused (SK_E_CONFLICT): the same version with other text, an older
 * version than one loaded, or another form once values are charted.
 */
int extract_form_load(struct store *st, const struct form *f,
		      const char *text, const char *file, const char *who,
		      int *loaded, struct sk_err *err);

/*
 * The form values are charted with now (the newest loaded), read from
 * its stored text; release with form_release. SK_E_INPUT if no form was
 * loaded, saying how to load one.
 */
int extract_form_current(struct store *st, struct form *f,
			 long long *form_id, struct sk_err *err);

/* ---- studies and units ---- */

/*
 * Add records (as reports) to a study, creating it if new. A record must
 * be included at full text, or force is set (it is then noted as charted
 * without a screening record in this store). A record belongs to one
 * study at a time.
 */
int extract_study_add(struct store *st, const char *study,
		      const long long *records, size_t n, int force,
		      const char *who, struct sk_err *err);
int extract_study_remove(struct store *st, const char *study,
			 const long long *records, size_t n, const char *who,
			 struct sk_err *err);

/* Add studies to a unit, creating it if new; a study may be in several. */
int extract_unit_add(struct store *st, const char *unit,
		     const char *const *studies, size_t n, const char *who,
		     struct sk_err *err);
int extract_unit_remove(struct store *st, const char *unit,
			const char *const *studies, size_t n, const char *who,
			struct sk_err *err);

/* ---- what is charted ---- */

struct chart_target {
	enum chart_level level;
	long long id;		/* record (canonical), study or unit id */
	char name[256];		/* record id as text, or the name */
};

/*
 * The target a report id, study name or unit name stands for. A report
 * must be in a study (that is how it comes to be charted); a duplicate
 * record stands for its cluster's canonical record.
 */
int extract_target(struct store *st, enum chart_level level,
		   const char *text, struct chart_target *t,
		   struct sk_err *err);

/* One value to append, checked against the form already. */
struct chart_value {
	const struct chart_target *target;
	const char *field;
	enum answer answer;
	const char *value;	/* stored spelling; NULL for the answers */
	const char *note;	/* or NULL */
};

/*
 * Check text for field of f at target's level and put it in the stored
 * spelling (in value); SK_E_INPUT naming the field if it does not fit.
 */
int extract_check(const struct form *f, const struct chart_target *t,
		  const char *field, const char *text, enum answer *answer,
		  struct buf *value, struct sk_err *err);

/*
 * Append an extractor's value (an extractor is a reviewer). *changed is
 * 0, and nothing is written, if it equals the value that counts already.
 */
int extract_set(struct store *st, long long form_id,
		const struct chart_value *v, const char *extractor,
		int *changed, struct sk_err *err);

/* Append a consensus value, recorded by agreed_by (a reviewer). */
int extract_agree(struct store *st, long long form_id,
		  const struct chart_value *v, const char *agreed_by,
		  int *changed, struct sk_err *err);

/*
 * The value of target's field that counts for extractor (or, with
 * extractor NULL, the newest consensus recorded with extract_agree):
 * *found 0 if none. value gets the stored spelling.
 */
int extract_get(struct store *st, const struct chart_target *t,
		const char *field, const char *extractor, int *found,
		enum answer *answer, struct buf *value, struct sk_err *err);

#endif
