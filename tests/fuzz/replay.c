/*
 * Runs a fuzz target on files, without the fuzzer: the regression test
 * of every input the fuzzers kept (crashes found and fixed, and seeds).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *data = NULL;
		size_t n = 0, cap = 0, got;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		do {
			if (n == cap) {
				cap = cap ? cap * 2 : 65536;
				if (!(data = realloc(data, cap)))
					abort();
			}
			got = fread(data + n, 1, cap - n, f);
			n += got;
		} while (got);
		fclose(f);
		LLVMFuzzerTestOneInput(data, n);
		free(data);
	}
	return 0;
}
