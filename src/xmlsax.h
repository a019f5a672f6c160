/*
 * xmlsax: what the XML readers (PubMed XML, EndNote XML) share: one safe
 * libxml2 SAX2 pass, errors with line and column, the record's original
 * text rebuilt from the events, and handing records to the sink.
 */
#ifndef SK_XMLSAX_H
#define SK_XMLSAX_H

#include <stddef.h>

#include <libxml/parser.h>

#include "buf.h"
#include "err.h"
#include "import.h"
#include "record.h"

/*
 * Elements nested deeper than this are refused as hostile: no format comes
 * near (PubMed XML with MathML nests about 20 deep, EndNote XML 7), and it
 * bounds every parser's element stack.
 */
#define XMLSAX_DEPTH_MAX 128

enum xmlsax_stop {
	XMLSAX_OK = 0,
	XMLSAX_XML,	/* libxml2 found the document not well-formed */
	XMLSAX_REFUSED,	/* not this format, entity tricks...: emsg says why */
	XMLSAX_SINK,	/* the sink stopped the parse; err is set */
	XMLSAX_IO,	/* input_read failed */
};

/* What a format's parser does with the events; owner is its state. */
struct xmlsax_handler {
	/* An element starts; attrs holds natt SAX2 5-tuples. */
	void (*start)(void *owner, const xmlChar *name, const xmlChar *uri,
		      int natt, const xmlChar **attrs);
	/* The innermost open element ends. */
	void (*end)(void *owner);
	/* Character data (CDATA, white space too), not NUL-terminated. */
	void (*text)(void *owner, const xmlChar *s, int n);
};

/*
 * One parse. The handler is called only while the parse goes on: after
 * xmlsax_fail, a sink failure or an XML error no event arrives.
 */
struct xmlsax {
	struct input *in;
	struct record_sink *sink;
	struct sk_err *err;
	const char *format;		/* "PubMed XML": named in messages */
	const struct xmlsax_handler *h;
	void *owner;
	xmlParserCtxtPtr ctxt;

	enum xmlsax_stop stop;
	long eline, ecol;		/* where it stopped */
	int ecode;			/* libxml2's error code */
	int at_end;			/* all input was read when it failed */
	char emsg[512];
	struct sk_err ioerr;
	int eof;
	size_t nbytes;

	size_t depth;			/* elements open */
	char root[64];			/* the root element, "" before it */
	long root_line;

	/* the record being read, from xmlsax_record_begin to _end */
	const char *rec_name;		/* NULL outside a record */
	long rec_line, rec_col;		/* the end of its start tag */
	struct buf *orig;		/* its original text */
	int orig_long;			/* it outgrew RECORD_ORIGINAL_MAX */
	int pending_gt;			/* a start tag still lacks its '>' */
};

/* format names the format in messages ("EndNote XML"). */
void xmlsax_init(struct xmlsax *x, struct input *in, struct record_sink *sink,
		 struct sk_err *err, const char *format,
		 const struct xmlsax_handler *h, void *owner);

/*
 * Parse the whole input through the handler: no network, no DTD, every
 * entity declaration and non-predefined entity refused, nesting limited.
 * Returns 0, or -1 with err naming the file, line and column. A document
 * that breaks off is offered to sink->bad first (--skip-bad keeps the
 * records read before).
 */
int xmlsax_run(struct xmlsax *x);

/* Stop the parse for a reason of ours, at the current place; first wins. */
void xmlsax_fail(struct xmlsax *x, enum xmlsax_stop why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
long xmlsax_line(const struct xmlsax *x);
long xmlsax_column(const struct xmlsax *x);

/*
 * The element starting now begins a record named name (in messages): its
 * text, from this start tag to its end tag, goes to orig, which is reset.
 */
void xmlsax_record_begin(struct xmlsax *x, struct buf *orig, const char *name);
/* The record's end tag was read: no more original text. */
void xmlsax_record_end(struct xmlsax *x);
/* Hand a record to the sink; a sink failure stops the parse. */
void xmlsax_emit(struct xmlsax *x, struct record *r);
/*
 * Report the record begun at rec_line as bad. A line (and column) not 0
 * names the exact place: the sink hears "line L, column C: reason", and
 * if it stops the parse, err names that place.
 */
void xmlsax_bad(struct xmlsax *x, long rec_line, long line, long column,
		const char *reason);

/* Does attribute name (SAX2 5-tuples) have exactly value? */
int xmlsax_attr_is(const xmlChar **attrs, int n, const char *name,
		   const char *value);
/* Copy attribute name's value, or NULL. The caller frees it. */
char *xmlsax_attr_dup(const xmlChar **attrs, int n, const char *name);

/* Collapse runs of white space to one space and trim, in place. */
void xmlsax_collapse(struct buf *b);

static inline int
xmlsax_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* --- element names to ids ------------------------------------------------ */

struct xmlsax_name {
	const char *name;
	int id;
};

/* Slots of the cache; names are interned per parse, so one is one pointer. */
#define XMLSAX_CACHE 1024

struct xmlsax_names {
	const struct xmlsax_name *table;
	size_t n;
	const xmlChar *key[XMLSAX_CACHE];
	unsigned char id[XMLSAX_CACHE];
	size_t used;
};

/* Look names up in table (ids 0-255; a name not in it gives 0). */
void xmlsax_names_init(struct xmlsax_names *c, const struct xmlsax_name *table,
		       size_t n);
int xmlsax_name_id(struct xmlsax_names *c, const xmlChar *name);
/* The name of id in the table, or NULL. */
const char *xmlsax_name_of(const struct xmlsax_names *c, int id);

#endif
