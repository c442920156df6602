/*
 * support.h - helpers shared by the Criterion suites: scratch directories,
 * fixture files written from strings, and loading a tiny model.
 */
#ifndef MC_TEST_SUPPORT_H
#define MC_TEST_SUPPORT_H

#include "diag.h"
#include "model.h"

/* A fresh directory under tests/tmp/ (created); the path is malloc'ed. */
char *support_tmpdir(const char *tag);
/* Writes text to dir/name and returns the malloc'ed path. */
char *support_write(const char *dir, const char *name, const char *text);
/* Writes the three YAML texts into a fresh directory and loads them.
 * Returns what mc_load_inputs returns; prints diagnostics on failure. */
int support_load(mc_arena *a, const char *catalog, const char *plants,
		 const char *orders, mc_model *m, mc_diag *d);
/* The whole file at path as a malloc'ed string; NULL if it cannot be read. */
char *support_read(const char *path);
/* The mcsched binary under test: $MCSCHED (set by `make test`), else the
 * release build. */
const char *support_bin(void);
/* Runs a shell command and returns its exit status (or -1). */
int support_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
