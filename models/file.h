/*
 * file.h - output files written whole or not at all.
 *
 * Every file mcsched writes (reports with --out, labels and their QR codes,
 * MathProg data, generated instances) goes through mc_file_write(): the
 * content is written to a temporary file beside the target, flushed to disk
 * and renamed over it, so a reader never sees half a file and a failure
 * leaves an existing file as it was.
 */
#ifndef MC_FILE_H
#define MC_FILE_H

#include "diag.h"

#include <stdio.h>

/* Writes what a file holds to f; returns 0, or -1 with a message in d.  A
 * write error that f records (ferror) need not be reported: the caller
 * reports it. */
typedef int (*mc_file_writer)(FILE *f, const void *ctx, mc_diag *d);

/* Writes path (mode 0644) with fn(f, ctx, d).  Returns 0, or -1 with
 * "unable to write '<path>': <why>" (MC_EINPUT) in d, or fn's own message;
 * path is then untouched and no temporary file is left. */
int mc_file_write(const char *path, mc_file_writer fn, const void *ctx,
		  mc_diag *d);

#endif
