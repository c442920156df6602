/*
 * file.h - input files read only when they are regular files, and output
 * files written whole or not at all.
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
 * path is then untouched and no temporary file is left.  An existing path
 * that is not a regular file (a device, a FIFO, a directory) is never
 * replaced: "unable to write '<path>': not a regular file ...". */
int mc_file_write(const char *path, mc_file_writer fn, const void *ctx,
		  mc_diag *d);

/* Writes the file named tmp (which exists, empty); returns 0, or -1 with a
 * message in d.  For writers of other libraries that want a file name. */
typedef int (*mc_path_writer)(const char *tmp, const void *ctx, mc_diag *d);

/* mc_file_write for a writer that opens the file itself: fn writes the
 * temporary file by name, which is then flushed to disk and renamed over
 * path.  The same contract as mc_file_write. */
int mc_file_write_path(const char *path, mc_path_writer fn, const void *ctx,
		       mc_diag *d);

/* 1 when paths a and b name the same file, else 0: both exist with the
 * same device and inode (so also through another name or a link), or they
 * have the same last name in the same directory (a file not made yet). */
int mc_file_same(const char *a, const char *b);

/* 1 when the file at path lies in directory dir or below it, both as
 * they really are (symbolic links and ".." resolved); 0 when it lies
 * elsewhere; -1 when either does not exist. */
int mc_file_inside(const char *dir, const char *path);

/* Opens path for reading when it is a regular file, without blocking on a
 * FIFO or a device.  Returns the stream (the caller closes it), with its
 * size in *size when size is not NULL; or NULL with errno set: EISDIR for
 * a directory, ENODEV for anything else that is not a regular file. */
FILE *mc_file_open_regular(const char *path, long long *size);

/* Opens the regular file at path, of at most max bytes, for reading as a
 * stream (the caller closes it), with its size in *size.  Returns NULL
 * with the messages of mc_file_read() in d when it is not one. */
FILE *mc_file_open_input(const char *path, long long max, long long *size,
			 mc_diag *d);

/* Reads the regular file at path, of at most max bytes, whole into a
 * malloc'ed buffer (NUL-terminated, the caller frees it) and its length.
 * Returns 0, or -1 with "'<path>' is a directory, not a file", "'<path>'
 * is not a regular file (a FIFO, a device or a socket)", "'<path>' is N
 * bytes, more than the limit of M", "unable to open '<path>': <why>" or
 * "unable to read '<path>': <why>" (MC_EINPUT, about path) in d. */
int mc_file_read(const char *path, long long max, char **buf, size_t *len,
		 mc_diag *d);

#endif
