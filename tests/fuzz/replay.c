/*
 * replay.c - runs a fuzz harness over files, without libFuzzer.
 *
 * `make test` links each harness (fuzz_load.c per role, fuzz_ids.c,
 * fuzz_actuals.c) with this driver using the normal compiler and replays
 * the seed corpus through it, so a harness that no longer builds, or a
 * seed that now crashes or leaks (under `make asan`), fails the ordinary
 * test run and not only a clang fuzzing session.
 *
 *   replay FILE...    exit 0 when every file ran, 1 on an unreadable file
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads all of path into a malloc'd buffer; NULL on error. */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t got; buf; n += got) {
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = n;
	return buf;
}

int main(int argc, char **argv)
{
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		size_t size;
		uint8_t *data = slurp(argv[i], &size);
		if (!data) {
			perror(argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput(data, size);
		free(data);
	}
	printf("replayed %d file(s)\n", argc - 1);
	return 0;
}
