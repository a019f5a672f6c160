/*
 * Fuzz target: a charting form's YAML, and when it reads, the first
 * line of the input as a value of each of its fields.
 */
#include "fuzz.h"

#include <string.h>

#include "buf.h"
#include "form.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_err err = SK_ERR_INIT;
	struct form_problems problems;
	struct form f;
	struct buf value = BUF_INIT, shown = BUF_INIT;
	char line[256];
	size_t n = 0;

	if (form_parse(&f, (const char *)data, size, "fuzz.yaml", &problems,
		       &err) < 0)
		return 0;
	while (n < size && n + 1 < sizeof(line) && data[n] != '\n' && data[n])
		n++;
	memcpy(line, data, n);
	line[n] = '\0';
	for (size_t i = 0; i < f.nfields; i++) {
		enum answer answer;

		buf_reset(&value);
		if (form_value_parse(&f.fields[i], line, &answer, &value,
				     &err) == 0)
			form_value_display(&f.fields[i], answer, value.data,
					   &shown);
	}
	buf_release(&value);
	buf_release(&shown);
	form_release(&f);
	return 0;
}
