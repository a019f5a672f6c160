/* fuzz: the scratch file, one per process, rewritten for every input. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *
fuzz_file(const uint8_t *data, size_t size)
{
	static char path[64];
	FILE *f;

	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/scopekit-fuzz-%ld",
			 (long)getpid());
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}
