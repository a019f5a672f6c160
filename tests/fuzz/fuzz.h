/*
 * fuzz: what the fuzz targets share: the entry point libFuzzer calls, and
 * a scratch file to hand the parsers (which read files, as scopekit does).
 */
#ifndef SK_FUZZ_H
#define SK_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to this process's scratch file; its path. */
const char *fuzz_file(const uint8_t *data, size_t size);

#endif
