/*
 * Fuzz target: what scopekit does with an E-utilities answer before
 * importing anything: read it as esearch JSON, look for an error in it,
 * and check it as a whole efetch body.
 */
#include "fuzz.h"

#include "eutils.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_err err = SK_ERR_INIT;
	struct eutils_search s;
	const char *body = (const char *)data;
	char msg[256];

	/* fills s, also when it fails */
	eutils_esearch_parse(body, size, "esearch", &s, &err);
	eutils_search_release(&s);
	if (eutils_error_body(body, size, msg, sizeof(msg)))
		eutils_error_transient(msg);
	eutils_efetch_check(body, size, "efetch", &err);
	return 0;
}
