/*
 * lock.c - the SQLite database's files (see store.h): one plan at a time
 * on a database (an exclusive flock on the database file itself, taken by
 * mc_store_plan_lock()), and which paths are the database's own files
 * (the database, its -wal, -shm and -journal), so that no report is
 * written over them.
 *
 * Memory: a lock owns its descriptor and a copy of the path.
 */
#include "sqlite.h"

#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct sq_lock {
	int fd;	    /* the database file, flock'ed */
	char *path; /* as given */
};

/* "unable to open '<db>': ..." for a lock that cannot be taken on db. */
static int lock_refused(const char *db, int err, mc_diag *d)
{
	return mc_diag_error(d, MC_ESTORE, "unable to open '%s': %s", db,
			     err && err != EISDIR ? strerror(err)
						  : "not a regular file");
}

int sq_lock(const char *db, double wait, void **out, mc_diag *d)
{
	/* The lock is on the database file itself, so that every name of
	 * it (a symbolic link, a hard link, another spelling of the path)
	 * finds the same lock.  A database not there yet is created empty
	 * (readers take an empty file for none, and the unlock removes it
	 * when the plan stored nothing).  Whoever gets the lock checks that
	 * the path still names the file it locked: one removed or replaced
	 * meanwhile (an empty one by the unlock before) is locked anew. */
	struct timespec nap = {0, 100 * 1000 * 1000};
	double waited = 0;
	*out = NULL;
	for (;;) {
		int fd =
		    open(db, O_RDONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0644);
		struct stat st, now;
		int err = fd < 0 ? errno : fstat(fd, &st) < 0 ? errno : 0;
		if (err || !S_ISREG(st.st_mode)) {
			if (fd >= 0)
				close(fd);
			return lock_refused(db, err, d);
		}
		while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			err = errno;
			if (err != EWOULDBLOCK || waited >= wait) {
				close(fd);
				if (err != EWOULDBLOCK)
					return mc_diag_error(
					    d, MC_ESTORE,
					    "unable to lock '%s': %s", db,
					    strerror(err));
				return mc_diag_error(
				    d, MC_ESTORE,
				    "another plan is running on '%s' (it "
				    "holds the database's lock); waited %g s "
				    "(--wait S waits longer)",
				    db, wait);
			}
			nanosleep(&nap, NULL);
			waited += 0.1;
		}
		if (stat(db, &now) == 0 && now.st_dev == st.st_dev &&
		    now.st_ino == st.st_ino) {
			struct sq_lock *lock = mc_xcalloc(1, sizeof(*lock));
			lock->fd = fd;
			lock->path = mc_xstrdup(db);
			*out = lock;
			return 0;
		}
		close(fd); /* locked a file the path no longer names */
	}
}

void sq_unlock(void *h)
{
	struct sq_lock *lock = h;
	if (!lock)
		return;
	/* A database the plan never wrote (it stopped before storing its
	 * run) goes: it was created for the lock.  Removed while the lock
	 * is held, so no other plan is between. */
	struct stat st, now;
	if (fstat(lock->fd, &st) == 0 && st.st_size == 0 &&
	    stat(lock->path, &now) == 0 && now.st_dev == st.st_dev &&
	    now.st_ino == st.st_ino)
		unlink(lock->path);
	close(lock->fd); /* releases the flock */
	free(lock->path);
	free(lock);
}

long long sq_bytes(const char *db)
{
	/* the database and its log; -shm is an index SQLite rebuilds */
	static const char *const data[] = {"", "-wal"};
	long long n = -1;
	for (size_t i = 0; i < sizeof(data) / sizeof(data[0]); i++) {
		struct stat st;
		char *f = mc_xmalloc(strlen(db) + 5);
		sprintf(f, "%s%s", db, data[i]);
		if (stat(f, &st) == 0 && S_ISREG(st.st_mode))
			n = (n < 0 ? 0 : n) + (long long)st.st_size;
		free(f);
		if (n < 0) /* no database there */
			break;
	}
	return n;
}

int sq_owns_path(const char *db, const char *path)
{
	/* the database, SQLite's files beside it, and the db.lock file
	 * plans once took */
	static const char *const side[] = {"", "-wal", "-shm", "-journal",
					   ".lock"};
	int same = 0;
	for (size_t i = 0; !same && i < sizeof(side) / sizeof(side[0]); i++) {
		char *f = mc_xmalloc(strlen(db) + 9);
		sprintf(f, "%s%s", db, side[i]);
		same = mc_file_same(path, f);
		free(f);
	}
	return same;
}
