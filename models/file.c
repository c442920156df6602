/*
 * file.c - regular input files, and output files written whole or not at
 * all (see file.h).
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "file.h"
#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes path whole or not at all, by fn on a stream or, when fn is NULL,
 * by pfn on the temporary file's name (see file.h). */
static int write_whole(const char *path, mc_file_writer fn, mc_path_writer pfn,
		       const void *ctx, mc_diag *d)
{
	int rc = -1, fd, err = 0;
	FILE *f = NULL;
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return mc_diag_error(d, MC_EINPUT,
				     "unable to write '%s': not a regular "
				     "file (mcsched replaces only those)",
				     path);
	size_t n = strlen(path) + 16;
	char *tmp = mc_xmalloc(n);
	snprintf(tmp, n, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = 0;
		err = errno;
		goto out;
	}
	if (fchmod(fd, 0644) < 0 || (fn && !(f = fdopen(fd, "w")))) {
		err = errno;
		close(fd);
		goto out;
	}
	if (fn ? fn(f, ctx, d) < 0 : pfn(tmp, ctx, d) < 0)
		goto out;
	if (f && (fflush(f) != 0 || ferror(f)))
		err = errno ? errno : EIO;
	/* pfn wrote through its own descriptor: ours is the same file. */
	if (!err && fsync(fd) != 0)
		err = errno ? errno : EIO;
	if ((f ? fclose(f) : close(fd)) != 0 && !err)
		err = errno ? errno : EIO;
	f = NULL;
	fd = -1;
	if (!err && rename(tmp, path) < 0)
		err = errno;
	if (!err) {
		tmp[0] = 0; /* renamed: nothing to remove */
		rc = 0;
	}
out:
	if (err)
		mc_diag_error(d, MC_EINPUT, "unable to write '%s': %s", path,
			      strerror(err));
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	if (tmp[0])
		unlink(tmp);
	free(tmp);
	return rc;
}

int mc_file_write(const char *path, mc_file_writer fn, const void *ctx,
		  mc_diag *d)
{
	return write_whole(path, fn, NULL, ctx, d);
}

int mc_file_write_path(const char *path, mc_path_writer fn, const void *ctx,
		       mc_diag *d)
{
	return write_whole(path, NULL, fn, ctx, d);
}

int mc_file_inside(const char *dir, const char *path)
{
	char *d = realpath(dir, NULL), *p = d ? realpath(path, NULL) : NULL;
	int in = -1;
	if (d && p) {
		size_t n = strlen(d);
		in = strncmp(p, d, n) == 0 &&
		     (p[n] == '/' || (n == 1 && d[0] == '/'));
	}
	free(d);
	free(p);
	return in;
}

/* 1 when paths a and b exist and are the same file. */
static int same_inode(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The directory part of path ("." when none), malloc'ed; *base is set to
 * the name after it. */
static char *dir_of(const char *path, const char **base)
{
	const char *slash = strrchr(path, '/');
	*base = slash ? slash + 1 : path;
	if (!slash)
		return mc_xstrdup(".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *dir = mc_xmalloc(n + 1);
	memcpy(dir, path, n);
	dir[n] = '\0';
	return dir;
}

int mc_file_same(const char *a, const char *b)
{
	if (same_inode(a, b))
		return 1;
	const char *ba, *bb;
	char *da = dir_of(a, &ba), *db = dir_of(b, &bb);
	int same = *ba && strcmp(ba, bb) == 0 && same_inode(da, db);
	free(da);
	free(db);
	return same;
}

FILE *mc_file_open_regular(const char *path, long long *size)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO with no writer must not hang. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	int bad = fstat(fd, &st) < 0 ? errno : 0;
	if (!bad && !S_ISREG(st.st_mode))
		bad = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
	if (bad) {
		int err = bad;
		close(fd);
		errno = err;
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int err = errno;
		close(fd);
		errno = err;
		return NULL;
	}
	if (size)
		*size = (long long)st.st_size;
	return f;
}

FILE *mc_file_open_input(const char *path, long long max, long long *size,
			 mc_diag *d)
{
	FILE *f = mc_file_open_regular(path, size);
	if (!f) {
		if (errno == EISDIR)
			mc_diag_at(d, MC_EINPUT, path, 0, 0,
				   "'%s' is a directory, not a file", path);
		else if (errno == ENODEV)
			mc_diag_at(d, MC_EINPUT, path, 0, 0,
				   "'%s' is not a regular file (a FIFO, a "
				   "device or a socket)",
				   path);
		else
			mc_diag_at(d, MC_EINPUT, path, 0, 0,
				   "unable to open '%s': %s", path,
				   strerror(errno));
		return NULL;
	}
	if (*size > max) {
		fclose(f);
		mc_diag_at(d, MC_EINPUT, path, 0, 0,
			   "'%s' is %lld bytes, more than the limit of %lld",
			   path, *size, max);
		return NULL;
	}
	return f;
}

int mc_file_read(const char *path, long long max, char **buf, size_t *len,
		 mc_diag *d)
{
	long long size;
	FILE *f = mc_file_open_input(path, max, &size, d);
	if (!f)
		return -1;
	/* Read one byte more than stat said, to see a file that grew. */
	size_t cap = (size_t)size + 2, n = 0;
	char *b = mc_xmalloc(cap);
	n = fread(b, 1, cap - 1, f);
	int bad = ferror(f), err = errno;
	fclose(f);
	if (bad || n > (size_t)size) {
		free(b);
		if (bad)
			return mc_diag_at(d, MC_EINPUT, path, 0, 0,
					  "unable to read '%s': %s", path,
					  strerror(err ? err : EIO));
		return mc_diag_at(d, MC_EINPUT, path, 0, 0,
				  "'%s' changed while it was read", path);
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}
