/*
 * store_impl.h - what the files of the store module share: the definition
 * of the mc_store handle and the SQLite helpers below.  Private to the
 * store module: only data/store*.c include it (callers include store.h,
 * where mc_store stays opaque), and only they include <sqlite3.h>.
 *
 * The module's files:
 *   store.c        schema and migrations, open/close, the plan lock, run
 *                  specs, the published pointer, the serial counter, and
 *                  the helpers declared here;
 *   store_write.c  the run writer: saving a run and tagging its units,
 *                  publishing, pruning, write-step fault injection;
 *   store_read.c   the readers: runs, run views, input snapshots, units
 *                  and their history (plan and floor), the dump;
 *   store_actuals.c  recording the floor's actuals (mcsched actuals);
 *   store_status.c   the plan the floor is on, nights kept back, and
 *                  the store's status (mcsched status, serve /healthz).
 * A helper only one file needs stays static in that file.
 *
 * The helpers report an SQLite error as an mc_diag message of class
 * MC_ESTORE that quotes the database path, as store.h promises.
 */
#ifndef MC_STORE_IMPL_H
#define MC_STORE_IMPL_H

#include "store.h"

#include <sqlite3.h>

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

struct mc_store {
	sqlite3 *db;
	char *path;
	int fail_at;  /* fault injection: fail this write step, 0 = never */
	int kill;     /* ... by raising SIGKILL instead */
	int steps;    /* write steps of the current save */
	int readonly; /* opened by mc_store_open_readonly() */
	/* read with SQLite's immutable flag (a read-only connection that
	 * could not set up the WAL index: no write access to the folder, a
	 * read-only file system, a full disk); then only while the file and
	 * its log stay as they were (mc_store_stale()) */
	int immutable;
	struct stat st; /* the file the connection opened, as it was */
	/* statements kept prepared for the lookups a server repeats */
	sqlite3_stmt *find_id, *find_serial;
};

/* SQLite's result code rc in a few plain words ("the disk is full"), or
 * NULL when SQLite's own message says it best. */
const char *store_plain(int rc);

/* "unable to <what> in '<path>': <the connection's last error>" into d.
 * Always returns -1, so `return store_fail(...)` reports and fails. */
int store_fail(mc_store *s, mc_diag *d, const char *what);

/* Prepares sql; NULL with a message on error. */
sqlite3_stmt *store_prep(mc_store *s, const char *sql, mc_diag *d);

/* Runs sql (no parameters, rows discarded); 0, or -1 with "unable to
 * <what> ..." in d. */
int store_exec(mc_store *s, const char *sql, const char *what, mc_diag *d);

/* Binds text v (copied) to parameter i, or NULL when v is NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Unix time t as "2026-11-25T02:00:13Z" (UTC) into buf of n bytes ("?"
 * when t cannot be converted). */
void store_iso_time(double t, char *buf, size_t n);

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(mc_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d);

/* The plan the floor is on for run view v (store_status.c): the
 * published run and when, and for the published run the plan runs kept
 * back since. */
int store_read_floor(mc_store *s, mc_run_view *v, mc_arena *a, mc_diag *d);

#endif
