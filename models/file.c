/*
 * file.c - output files written whole or not at all (see file.h).
 */
#include "file.h"
#include "arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mc_file_write(const char *path, mc_file_writer fn, const void *ctx,
		  mc_diag *d)
{
	int rc = -1, fd, err = 0;
	FILE *f = NULL;
	size_t n = strlen(path) + 16;
	char *tmp = mc_xmalloc(n);
	snprintf(tmp, n, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		tmp[0] = 0;
		err = errno;
		goto out;
	}
	if (fchmod(fd, 0644) < 0 || !(f = fdopen(fd, "w"))) {
		err = errno;
		close(fd);
		goto out;
	}
	if (fn(f, ctx, d) < 0)
		goto out;
	if (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)
		err = errno ? errno : EIO;
	if (fclose(f) != 0 && !err)
		err = errno ? errno : EIO;
	f = NULL;
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
	if (tmp[0])
		unlink(tmp);
	free(tmp);
	return rc;
}
