/*
 * xmlsax: the SAX2 pass the XML importers share; see xmlsax.h.
 *
 * Pull mode (xmlCreateIOParserCtxt over input_read), no tree, so memory
 * does not grow with the file. The format parser sees start, end and text
 * events through a small handler table; this module does what every XML
 * format needs around them.
 *
 * Security: XML_PARSE_NONET and none of NOENT, DTDLOAD, DTDATTR or HUGE.
 * The external subset is never loaded; the first entity declaration or
 * non-predefined entity reference stops the parse and refuses the file, so
 * neither "billion laughs" nor external-entity disclosure can work.
 * Elements nested deeper than XMLSAX_DEPTH_MAX are refused.
 *
 * The original text of a record is re-serialised from the events while
 * they pass (every element, attribute and text node; comments dropped), so
 * it is well-formed XML from which every field can be recovered, whatever
 * the input encoding. It is the hot path of a PubMed import: text is
 * scanned with memchr and appended inline.
 */
#include "xmlsax.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "input.h"
#include "xalloc.h"
#include "banned.h"

#if LIBXML_VERSION >= 21200
#define XS_ERROR_CONST const
#else
#define XS_ERROR_CONST
#endif

void
xmlsax_init(struct xmlsax *x, struct input *in, struct record_sink *sink,
	    struct sk_err *err, const char *format,
	    const struct xmlsax_handler *h, void *owner)
{
	memset(x, 0, sizeof(*x));
	x->in = in;
	x->sink = sink;
	x->err = err;
	x->format = format;
	x->h = h;
	x->owner = owner;
}

long
xmlsax_line(const struct xmlsax *x)
{
	return x->ctxt ? xmlSAX2GetLineNumber(x->ctxt) : 0;
}

long
xmlsax_column(const struct xmlsax *x)
{
	return x->ctxt ? xmlSAX2GetColumnNumber(x->ctxt) : 0;
}

void
xmlsax_fail(struct xmlsax *x, enum xmlsax_stop why, const char *fmt, ...)
{
	va_list ap;

	if (x->stop == XMLSAX_OK) {
		x->stop = why;
		x->eline = xmlsax_line(x);
		x->ecol = xmlsax_column(x);
		va_start(ap, fmt);
		vsnprintf(x->emsg, sizeof(x->emsg), fmt, ap);
		va_end(ap);
	}
	if (x->ctxt)
		xmlStopParser(x->ctxt);
}

/* ---- the original text ---- */

/* Bytes that need escaping: 1 everywhere, 2 only in attribute values. */
static const unsigned char xs_esc[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['\r'] = 1, ['"'] = 2,
};

/* The hot path of the original text: an inline append within the limit. */
static inline void
xs_orig_add(struct xmlsax *x, const char *s, size_t n)
{
	struct buf *b = x->orig;

	if (x->orig_long || !n)
		return;
	if (b->len + n > RECORD_ORIGINAL_MAX) {
		x->orig_long = 1;
		return;
	}
	if (b->len + n + 1 > b->cap)
		buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static const char *
xs_escape_of(int c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	default: return "&#13;";
	}
}

/* Append text escaped for XML; quotes too inside attribute values. */
static void
xs_orig_escaped(struct xmlsax *x, const xmlChar *s, size_t n, int attr)
{
	unsigned char limit = attr ? 2 : 1;
	size_t start = 0, i = 0;

	for (;;) {
		while (i < n && (!xs_esc[s[i]] || xs_esc[s[i]] > limit))
			i++;
		xs_orig_add(x, (const char *)s + start, i - start);
		if (i == n)
			break;
		xs_orig_add(x, xs_escape_of(s[i]), strlen(xs_escape_of(s[i])));
		start = ++i;
	}
}

/*
 * Text nodes can be long (abstracts) and rarely hold a special byte, so
 * memchr, which scans many bytes at a time, finds each kind; short ones
 * (layout white space, names) take the byte loop.
 */
static void
xs_orig_text(struct xmlsax *x, const xmlChar *s, size_t n)
{
	static const unsigned char special[4] = { '&', '<', '>', '\r' };
	const unsigned char *next[4], *end = s + n, *at = s;

	if (n < 64) {
		xs_orig_escaped(x, s, n, 0);
		return;
	}
	for (int k = 0; k < 4; k++) {
		next[k] = memchr(s, special[k], n);
		if (!next[k])
			next[k] = end;
	}
	for (;;) {
		const unsigned char *first = end;
		int which = -1;

		for (int k = 0; k < 4; k++) {
			if (next[k] < first) {
				first = next[k];
				which = k;
			}
		}
		xs_orig_add(x, (const char *)at, (size_t)(first - at));
		if (which < 0)
			break;
		xs_orig_add(x, xs_escape_of(*first),
			    strlen(xs_escape_of(*first)));
		at = first + 1;
		next[which] = memchr(at, special[which], (size_t)(end - at));
		if (!next[which])
			next[which] = end;
	}
}

static void
xs_orig_close_tag(struct xmlsax *x)
{
	if (x->pending_gt) {
		xs_orig_add(x, ">", 1);
		x->pending_gt = 0;
	}
}

static void
xs_orig_qname(struct xmlsax *x, const xmlChar *prefix, const xmlChar *name)
{
	if (prefix) {
		xs_orig_add(x, (const char *)prefix,
			    strlen((const char *)prefix));
		xs_orig_add(x, ":", 1);
	}
	xs_orig_add(x, (const char *)name, strlen((const char *)name));
}

static void
xs_orig_start(struct xmlsax *x, const xmlChar *name, const xmlChar *prefix,
	      int nns, const xmlChar **ns, int natt, const xmlChar **attrs)
{
	xs_orig_close_tag(x);
	xs_orig_add(x, "<", 1);
	xs_orig_qname(x, prefix, name);
	for (int i = 0; i < nns; i++) {
		xs_orig_add(x, " xmlns", 6);
		if (ns[2 * i]) {
			xs_orig_add(x, ":", 1);
			xs_orig_add(x, (const char *)ns[2 * i],
				    strlen((const char *)ns[2 * i]));
		}
		xs_orig_add(x, "=\"", 2);
		xs_orig_escaped(x, ns[2 * i + 1],
				strlen((const char *)ns[2 * i + 1]), 1);
		xs_orig_add(x, "\"", 1);
	}
	for (int i = 0; i < natt; i++, attrs += 5) {
		xs_orig_add(x, " ", 1);
		xs_orig_qname(x, attrs[1], attrs[0]);
		xs_orig_add(x, "=\"", 2);
		xs_orig_escaped(x, attrs[3], (size_t)(attrs[4] - attrs[3]), 1);
		xs_orig_add(x, "\"", 1);
	}
	x->pending_gt = 1;
}

static void
xs_orig_end(struct xmlsax *x, const xmlChar *name, const xmlChar *prefix)
{
	if (x->pending_gt) {
		xs_orig_add(x, "/>", 2);
		x->pending_gt = 0;
		return;
	}
	xs_orig_add(x, "</", 2);
	xs_orig_qname(x, prefix, name);
	xs_orig_add(x, ">", 1);
}

/* ---- records ---- */

void
xmlsax_record_begin(struct xmlsax *x, struct buf *orig, const char *name)
{
	x->rec_name = name;
	x->rec_line = xmlsax_line(x);
	x->rec_col = xmlsax_column(x);
	x->orig = orig;
	buf_reset(orig);
	x->orig_long = 0;
	x->pending_gt = 0;
}

void
xmlsax_record_end(struct xmlsax *x)
{
	x->rec_name = NULL;
	x->orig = NULL;
	x->pending_gt = 0;
}

void
xmlsax_emit(struct xmlsax *x, struct record *r)
{
	if (x->sink->record(x->sink->ctx, r, x->err) < 0) {
		x->stop = XMLSAX_SINK;
		xmlStopParser(x->ctxt);
	}
}

void
xmlsax_bad(struct xmlsax *x, long rec_line, long line, long column,
	   const char *reason)
{
	const char *name = input_name(x->in);
	char msg[800];
	int rc;

	if (line && column)
		snprintf(msg, sizeof(msg), "line %ld, column %ld: %s", line,
			 column, reason);
	else
		snprintf(msg, sizeof(msg), "%s", reason);
	if (x->sink->bad)
		rc = x->sink->bad(x->sink->ctx, rec_line, msg, x->err);
	else
		rc = sk_fail(x->err, SK_E_INPUT, name, rec_line, "%s", msg);
	if (rc == 0)
		return;
	/* stopped: the error names the exact place, not only the record */
	if (line)
		sk_fail_at(x->err, SK_E_INPUT, name, line, column, "%s",
			   reason);
	x->stop = XMLSAX_SINK;
	xmlStopParser(x->ctxt);
}

/* ---- SAX callbacks ---- */

static void
xs_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
	 const xmlChar *uri, int nns, const xmlChar **ns, int natt,
	 int ndefaulted, const xmlChar **attrs)
{
	struct xmlsax *x = ctx;

	(void)ndefaulted;
	if (x->stop)
		return;
	if (x->depth >= XMLSAX_DEPTH_MAX) {
		xmlsax_fail(x, XMLSAX_REFUSED,
			    "elements are nested more than %d deep: this is "
			    "not %s", XMLSAX_DEPTH_MAX, x->format);
		return;
	}
	if (!x->root[0]) {
		snprintf(x->root, sizeof(x->root), "%s", (const char *)name);
		x->root_line = xmlsax_line(x);
	}
	x->h->start(x->owner, name, uri, natt, attrs);
	if (x->stop)
		return;
	x->depth++;
	if (x->orig)
		xs_orig_start(x, name, prefix, nns, ns, natt, attrs);
}

static void
xs_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
       const xmlChar *uri)
{
	struct xmlsax *x = ctx;

	(void)uri;
	if (x->stop || !x->depth)
		return;
	x->depth--;
	if (x->orig)
		xs_orig_end(x, name, prefix);
	x->h->end(x->owner);
}

static void
xs_characters(void *ctx, const xmlChar *s, int n)
{
	struct xmlsax *x = ctx;

	if (x->stop || n <= 0)
		return;
	if (x->orig) {
		xs_orig_close_tag(x);
		xs_orig_text(x, s, (size_t)n);
	}
	x->h->text(x->owner, s, n);
}

/* ---- entities: refused ---- */

static void
xs_entity_decl(void *ctx, const xmlChar *name, int type,
	       const xmlChar *public_id, const xmlChar *system_id,
	       xmlChar *content)
{
	struct xmlsax *x = ctx;

	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	xmlsax_fail(x, XMLSAX_REFUSED,
		    "the document declares the entity '%s': entity "
		    "declarations are refused (%s never has them; they are "
		    "how entity-expansion and file-disclosure attacks work)",
		    (const char *)name, x->format);
}

static void
xs_unparsed_entity_decl(void *ctx, const xmlChar *name,
			const xmlChar *public_id, const xmlChar *system_id,
			const xmlChar *notation)
{
	(void)notation;
	xs_entity_decl(ctx, name, 0, public_id, system_id, NULL);
}

static xmlEntityPtr
xs_get_entity(void *ctx, const xmlChar *name)
{
	xmlsax_fail(ctx, XMLSAX_REFUSED,
		    "entity reference '&%s;' refused: only the predefined "
		    "entities and character references are allowed",
		    (const char *)name);
	return NULL;
}

static void
xs_reference(void *ctx, const xmlChar *name)
{
	xs_get_entity(ctx, name);
}

/* ---- errors ---- */

static void
xs_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* A libxml2 error message, first letter lowered, without its newline. */
static void
xs_copy_message(struct xmlsax *x, const char *msg)
{
	size_t n;

	snprintf(x->emsg, sizeof(x->emsg), "%s", msg ? msg : "unknown error");
	n = strlen(x->emsg);
	while (n && xmlsax_is_space((unsigned char)x->emsg[n - 1]))
		x->emsg[--n] = '\0';
	if (x->emsg[0] >= 'A' && x->emsg[0] <= 'Z' &&
	    !(x->emsg[1] >= 'A' && x->emsg[1] <= 'Z'))
		x->emsg[0] = (char)(x->emsg[0] - 'A' + 'a');
}

static void
xs_error(void *ctx, XS_ERROR_CONST xmlError *e)
{
	struct xmlsax *x = ctx;
	xmlParserInputPtr input = x->ctxt ? x->ctxt->input : NULL;

	if (!e || e->level < XML_ERR_ERROR || x->stop != XMLSAX_OK)
		return;
	x->stop = XMLSAX_XML;
	x->ecode = e->code;
	x->eline = e->line > 0 ? e->line : xmlsax_line(x);
	x->ecol = e->int2 > 0 ? e->int2 : 0;
	x->at_end = x->eof && input && input->cur >= input->end;
	xs_copy_message(x, e->message);
}

static int
xs_read(void *ctx, char *buf, int len)
{
	struct xmlsax *x = ctx;
	ssize_t got;

	if (len <= 0)
		return 0;
	got = input_read(x->in, buf, (size_t)len, &x->ioerr);
	if (got < 0) {
		if (x->stop == XMLSAX_OK)
			x->stop = XMLSAX_IO;
		return -1;
	}
	if (got == 0)
		x->eof = 1;
	x->nbytes += (size_t)got;
	return (int)got;
}

static void
xs_sax_init(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = xs_start;
	sax->endElementNs = xs_end;
	sax->characters = xs_characters;
	sax->cdataBlock = xs_characters;
	sax->ignorableWhitespace = xs_characters;
	sax->entityDecl = xs_entity_decl;
	sax->unparsedEntityDecl = xs_unparsed_entity_decl;
	sax->getEntity = xs_get_entity;
	sax->getParameterEntity = xs_get_entity;
	sax->reference = xs_reference;
	sax->serror = xs_error;
	sax->warning = xs_quiet;
	sax->error = xs_quiet;
	sax->fatalError = xs_quiet;
}

/* "line 12", or "line 1, column 3456" for files written on one line. */
static void
xs_place(char *out, size_t size, long line, long column)
{
	if (column > 0)
		snprintf(out, size, "line %ld, column %ld", line, column);
	else
		snprintf(out, size, "line %ld", line);
}

/* Turn a libxml2 failure into the message the user reads. */
static void
xs_xml_message(struct xmlsax *x, char *out, size_t size)
{
	const char *open = x->rec_name;
	char at[64];

	if (open) {
		xs_place(at, sizeof(at), x->rec_line, x->rec_col);
	} else {
		open = x->root[0] ? x->root : "the root element";
		xs_place(at, sizeof(at), x->root_line, 0);
	}
	if (x->at_end && x->depth && x->ecode != XML_ERR_TAG_NAME_MISMATCH)
		snprintf(out, size,
			 "file ends inside <%s> begun at %s (truncated?)",
			 open, at);
	else
		snprintf(out, size, "XML is not well-formed: %s", x->emsg);
}

/*
 * The document broke off. With --skip-bad the sink may accept the
 * records read so far; otherwise it is an error at the XML's place.
 */
static int
xs_broken(struct xmlsax *x)
{
	char msg[700], reason[900], at[64];
	long from = x->rec_name ? x->rec_line : x->eline;
	struct sk_err ignored = SK_ERR_INIT;

	xs_xml_message(x, msg, sizeof(msg));
	xs_place(at, sizeof(at), from, x->rec_name ? x->rec_col : x->ecol);
	snprintf(reason, sizeof(reason),
		 "the rest of the file from %s could not be read: %s", at,
		 msg);
	if (x->sink->bad &&
	    x->sink->bad(x->sink->ctx, from, reason, &ignored) == 0)
		return 0;
	return sk_fail_at(x->err, SK_E_INPUT, input_name(x->in), x->eline,
			  x->ecol, "%s", msg);
}

static int
xs_outcome(struct xmlsax *x)
{
	const char *name = input_name(x->in);

	switch (x->stop) {
	case XMLSAX_OK:
		if (!x->root[0])
			return sk_fail(x->err, SK_E_INPUT, name, 1,
				       "no %s: the file has no elements",
				       x->format);
		return 0;
	case XMLSAX_SINK:
		return -1;
	case XMLSAX_IO:
		*x->err = x->ioerr;
		return -1;
	case XMLSAX_REFUSED:
		return sk_fail_at(x->err, SK_E_INPUT, name, x->eline, x->ecol,
				  "%s", x->emsg);
	case XMLSAX_XML:
		if (x->nbytes == 0)
			return sk_fail(x->err, SK_E_INPUT, name, 0,
				       "the file is empty: no %s", x->format);
		if (!x->root[0])
			return sk_fail_at(x->err, SK_E_INPUT, name, x->eline,
					  x->ecol, "not %s: %s", x->format,
					  x->emsg);
		return xs_broken(x);
	}
	return -1;
}

static void
xs_free_context(struct xmlsax *x)
{
	if (!x->ctxt)
		return;
	/* libxml2 keeps declared entities in a document of its own */
	if (x->ctxt->myDoc)
		xmlFreeDoc(x->ctxt->myDoc);
	xmlFreeParserCtxt(x->ctxt);
	x->ctxt = NULL;
}

int
xmlsax_run(struct xmlsax *x)
{
	xmlSAXHandler sax;
	xmlStructuredErrorFunc old_serror = xmlStructuredError;
	void *old_sctx = xmlStructuredErrorContext;
	int rc;

	xmlInitParser();
	/* errors raised outside the context (I/O, encoders) come here too */
	xmlSetStructuredErrorFunc(x, xs_error);
	xs_sax_init(&sax);
	x->ctxt = xmlCreateIOParserCtxt(&sax, x, xs_read, NULL, x,
					XML_CHAR_ENCODING_NONE);
	if (!x->ctxt) {
		rc = x->stop == XMLSAX_IO ?
			     xs_outcome(x) :
			     sk_fail(x->err, SK_E_INPUT, input_name(x->in), 0,
				     "cannot start the XML parser");
		goto done;
	}
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET);
	x->ctxt->replaceEntities = 0;
	x->ctxt->loadsubset = 0;
	x->ctxt->validate = 0;
	xmlParseDocument(x->ctxt);
	if (x->stop == XMLSAX_OK && !x->ctxt->wellFormed) {
		x->stop = XMLSAX_XML;
		snprintf(x->emsg, sizeof(x->emsg), "parse failed");
	}
	rc = xs_outcome(x);
done:
	xmlSetStructuredErrorFunc(old_sctx, old_serror);
	xs_free_context(x);
	return rc;
}

/* ---- attributes, white space, names ---- */

int
xmlsax_attr_is(const xmlChar **attrs, int n, const char *name,
	       const char *value)
{
	size_t vlen = strlen(value);

	for (int i = 0; i < n; i++, attrs += 5) {
		size_t len = (size_t)(attrs[4] - attrs[3]);

		if (strcmp((const char *)attrs[0], name) == 0)
			return len == vlen && memcmp(attrs[3], value, len) == 0;
	}
	return 0;
}

char *
xmlsax_attr_dup(const xmlChar **attrs, int n, const char *name)
{
	for (int i = 0; i < n; i++, attrs += 5)
		if (strcmp((const char *)attrs[0], name) == 0)
			return xstrndup((const char *)attrs[3],
					(size_t)(attrs[4] - attrs[3]));
	return NULL;
}

static const unsigned char xs_ws[256] = {
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/*
 * Most values hold single spaces only. Branch-free loops the compiler can
 * vectorise tell so faster than the general loop below can copy.
 */
static int
xs_needs_collapse(const unsigned char *d, size_t n)
{
	unsigned bad = 0;

	for (size_t i = 0; i < n; i++)
		bad |= (d[i] == '\n') | (d[i] == '\t') | (d[i] == '\r');
	for (size_t i = 1; i < n; i++)
		bad |= (d[i - 1] == ' ') & (d[i] == ' ');
	return bad != 0;
}

/*
 * Runs of other bytes are moved whole, only when something before them
 * shrank.
 */
void
xmlsax_collapse(struct buf *b)
{
	unsigned char *d = (unsigned char *)b->data;
	size_t n = b->len, i = 0, o = 0;

	if (!xs_needs_collapse(d, n)) {
		i = n && d[0] == ' ';
		n -= n > i && d[n - 1] == ' ';
		if (i)
			memmove(d, d + 1, n - 1);
		buf_setlen(b, n - i);
		return;
	}
	while (i < n) {
		size_t j = i;

		while (j < n && !xs_ws[d[j]])
			j++;
		if (o != i)
			memmove(d + o, d + i, j - i);
		o += j - i;
		i = j;
		while (j < n && xs_ws[d[j]])
			j++;
		if (j > i && o > 0 && j < n)
			d[o++] = ' ';
		i = j;
	}
	buf_setlen(b, o);
}

void
xmlsax_names_init(struct xmlsax_names *c, const struct xmlsax_name *table,
		  size_t n)
{
	memset(c, 0, sizeof(*c));
	c->table = table;
	c->n = n;
}

static int
xs_lookup(const struct xmlsax_names *c, const xmlChar *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp((const char *)name, c->table[i].name) == 0)
			return c->table[i].id;
	return 0;
}

/*
 * Element names come from the parser's dictionary, so one name is one
 * pointer: a small open-addressing cache makes the lookup cheap.
 */
int
xmlsax_name_id(struct xmlsax_names *c, const xmlChar *name)
{
	size_t h = (size_t)(((uintptr_t)name >> 3) * 2654435761u) %
		   XMLSAX_CACHE;
	int id;

	while (c->key[h]) {
		if (c->key[h] == name)
			return c->id[h];
		h = (h + 1) % XMLSAX_CACHE;
	}
	id = xs_lookup(c, name);
	if (c->used < XMLSAX_CACHE / 2) {
		c->key[h] = name;
		c->id[h] = (unsigned char)id;
		c->used++;
	}
	return id;
}

const char *
xmlsax_name_of(const struct xmlsax_names *c, int id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->table[i].id == id)
			return c->table[i].name;
	return NULL;
}
