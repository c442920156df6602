/*
 * store_impl.h - what the files of the SQLite store share: its handle
 * (sq_store, behind mc_store_sqlite_ops), the operations of its ops table
 * (store.h, mc_store_ops: each sq_<op> as its mc_store_<op> namesake, on
 * the handle as a void *), and the SQLite helpers below.  Private to the
 * SQLite store: only the files of data/sqlite/ include it, and only they
 * include <sqlite3.h>.
 *
 * The store's files:
 *   store.c        open/close, staleness, the ops table, the helpers
 *                  declared here, small reads and the test query;
 *   schema.c       the schema's migrations and the version check;
 *   lock.c         the database's files: the plan lock (flock), which
 *                  paths are the database's;
 *   store_save.c   saving a run in one transaction (its statements, the
 *                  run's rows);
 *   store_units.c  carrying out unit tagging (scheduler/night/tagging.h
 *                  decides) inside the save;
 *   store_publish.c  publishing (as saved, by hand, by run id), the facts
 *                  of the publish guards, pruning;
 *   store_hooks.c  fault injection, compiled only with MC_TEST_HOOKS;
 *   store_read.c   the readers: runs, run views, input snapshots, units
 *                  and their history (plan and floor), the dump;
 *   store_actuals.c  recording the floor's actuals (mcsched actuals);
 *   store_status.c   the plan the floor is on, nights kept back, and
 *                  the store's status (mcsched status, serve /healthz);
 *   store_promise.c  promises and the capacity they hold (mcsched
 *                  promise, promises).
 * A helper only one file needs stays static in that file.
 *
 * The helpers report an SQLite error as an mc_diag message of class
 * MC_ESTORE that quotes the database path, as store.h promises.
 */
#ifndef MC_STORE_IMPL_H
#define MC_STORE_IMPL_H

#include "store.h"
#include "tagging.h"

#include <sqlite3.h>

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct sq_store {
	sqlite3 *db;
	char *path;
	int readonly; /* opened by mc_store_open_readonly() */
	/* read with SQLite's immutable flag (a read-only connection that
	 * could not set up the WAL index: no write access to the folder, a
	 * read-only file system, a full disk); then only while the file and
	 * its log stay as they were (mc_store_stale()) */
	int immutable;
	struct stat st; /* the file the connection opened, as it was */
	/* statements kept prepared for the lookups a server repeats */
	sqlite3_stmt *find_id, *find_serial;
#ifdef MC_TEST_HOOKS
	int fail_at; /* fault injection: fail this write step, 0 = never */
	int kill;    /* ... by raising SIGKILL instead */
	int steps;   /* write steps of the current save */
#endif
} sq_store;

/* ---- helpers (store.c) ---- */

/* SQLite's result code rc in a few plain words ("the disk is full"), or
 * NULL when SQLite's own message says it best. */
const char *store_plain(int rc);

/* "unable to <what> in '<path>': <the connection's last error>" into d.
 * Always returns -1, so `return store_fail(...)` reports and fails. */
int store_fail(sq_store *s, mc_diag *d, const char *what);

/* Prepares sql; NULL with a message on error. */
sqlite3_stmt *store_prep(sq_store *s, const char *sql, mc_diag *d);

/* Runs sql (no parameters, rows discarded); 0, or -1 with "unable to
 * <what> ..." in d. */
int store_exec(sq_store *s, const char *sql, const char *what, mc_diag *d);

/* Binds text v (copied) to parameter i, or NULL when v is NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Unix time t as "2026-11-25T02:00:13Z" (UTC) into buf of n bytes ("?"
 * when t cannot be converted). */
void store_iso_time(double t, char *buf, size_t n);

/* Column i of the current row as text copied into a, NULL when NULL. */
const char *store_col_text(sqlite3_stmt *st, int i, mc_arena *a);

/* Grows an arena array v of n elements of size sz (room for *cap) to hold
 * n + 1. */
void *store_grow(mc_arena *a, void *v, int n, int *cap, size_t sz);

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(sq_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d);

/* The size of path's write-ahead log in *size (0 when there is none).
 * Returns 0, or -1 when it cannot be told. */
int store_wal_size(const char *path, long long *size);

/* ---- schema (schema.c) ---- */

/* Brings s's database up to this mcsched's schema version, a migration
 * per transaction; a database of a newer version is refused. */
int store_migrate(sq_store *s, mc_diag *d);

/* store_schema_current()'s *code for a database of an older schema
 * version (not one of SQLite's codes, which are never negative). */
#define OLDER_SCHEMA (-2)

/* A read-only connection cannot migrate: its database must be at this
 * mcsched's schema version (else -1, with *code OLDER_SCHEMA when it is
 * older). */
int store_schema_current(sq_store *s, int *code, mc_diag *d);

/* The schema version this mcsched writes (its migrations' count). */
int store_schema_version(void);

/* ---- writing: saving a run and tagging its units (store_save.c,
 * store_units.c, store_publish.c) ---- */

/* Binds day number `day` as an ISO date, or NULL when day is `none`. */
void store_bind_date(sqlite3_stmt *st, int i, int day, int none);

/* Runs a write statement to completion and resets it (a test build may
 * fail it or kill the process here, store_hooks.c). */
int store_step_write(sq_store *s, sqlite3_stmt *st, mc_diag *d);

/* Statements of one save, prepared together and finalized at its end. */
enum {
	S_RUN,
	S_INPUT,
	S_FIND_BLOB,
	S_NEW_BLOB,
	S_RESOURCE,
	S_ORDER,
	S_PLAN,
	S_CAP,
	S_MAT,
	S_GET_SERIAL,
	S_SET_SERIAL,
	S_CANCEL_ABSENT,
	S_ORDER_UNITS,
	S_CANCEL,
	S_REVIVE,
	S_NEW_UNIT,
	S_UNIT_PLAN,
	S_PUBLISH,
	S_CHANGES,
	S_NIGHT,
	S_CONFLICT,
	S_MOVE,
	S_SETUP,
	S_FLOOR,
	S_ROUND_FROM,
	S_COUNT
};
extern const char *const store_save_sql[S_COUNT];

/* One write of runs and units: a save, or publishing a run by hand. */
struct saver {
	sq_store *s;
	const mc_model *m;
	const mc_plan *p;
	int whatif; /* hypothetical: a what-if or a plan run kept back */
	int64_t run;
	int64_t ref; /* the run whose unit places tagging keeps, 0 none */
	uint64_t next_serial;
	sqlite3_stmt *st[S_COUNT];
	int *by_order; /* plan rows by order, day, plant (mc_tag_rows()) */
	int *first;    /* [norders + 1] start of each order in by_order */
	/* one order's unit rows as tagging reads them, and their ids */
	mc_id_index plants, resources; /* of m, by id */
	mc_tag_unit *units;
	int64_t *ids;
	int nunits, capunits;
	mc_tag_plan tags; /* the decision for the order */
	int began;	  /* a transaction is open (store_saver_begin()) */
	mc_diag *d;
};

/* The frame of a unit-tagging write: the allocations grouped by order,
 * every statement prepared and an IMMEDIATE transaction begun (what is
 * set in *sv before stays).  Returns 0, or -1 (store_saver_end() cleans
 * up). */
int store_saver_begin(struct saver *sv, const char *what);
/* Commits (ok = 1) or rolls back what store_saver_begin() began, and
 * frees. */
int store_saver_end(struct saver *sv, int ok, const char *what);
/* Makes sv->run the published plan, as of unix time t. */
int store_save_publish(struct saver *sv, double t);
/* Tags the units of every order of the run (store_units.c): carries out
 * the decisions of scheduler/night/tagging.h, draws serials. */
int store_save_units(struct saver *sv);

/* ---- fault injection (store_hooks.c, test builds only) ---- */

#ifdef MC_TEST_HOOKS
/* A new save's write steps count from 0. */
void store_hook_begin(sq_store *s);
/* Before each write step: 0 go on; -1 the injected failure (in d), or
 * the process is killed. */
int store_hook_write(sq_store *s, mc_diag *d);
void sq_fault_at(void *h, int n, int kill);
#else
static inline void store_hook_begin(sq_store *s)
{
	(void)s;
}
static inline int store_hook_write(sq_store *s, mc_diag *d)
{
	(void)s;
	(void)d;
	return 0;
}
#endif

/* The plan the floor is on for run view v (store_status.c): the
 * published run and when, and for the published run the plan runs kept
 * back since. */
int store_read_floor(sq_store *s, mc_run_view *v, mc_arena *a, mc_diag *d);

/* ---- the operations (mc_store_ops) ---- */

int sq_exists(const char *loc);
int sq_open(const char *loc, enum mc_store_mode mode, void **h, mc_diag *d);
int sq_owns_path(const char *loc, const char *path);
long long sq_bytes(const char *loc);
int sq_lock(const char *loc, double wait, void **lock, mc_diag *d);
void sq_unlock(void *lock);
void sq_close(void *h);
int sq_stale(void *h);
int sq_latest(void *h, int64_t *id, mc_diag *d);
int sq_has_run(void *h, int64_t id, int *found, mc_diag *d);
int sq_save_run(void *h, const mc_model *m, const mc_plan *p,
		const mc_run_meta *meta, int64_t *run_id, mc_diag *d);
int sq_publish_plan(void *h, int64_t id, const mc_model *m, const mc_plan *p,
		    mc_diag *d);
int sq_prune(void *h, int keep, int *pruned, mc_diag *d);
int sq_publish(void *h, int64_t id, mc_diag *d);
int sq_published(void *h, int64_t *id, mc_diag *d);
int sq_published_orders(void *h, int64_t *run, int *norders, mc_diag *d);
int sq_next_serial(void *h, uint64_t *serial, mc_diag *d);
int sq_list_runs(void *h, mc_arena *a, mc_run_row **rows, int *n, mc_diag *d);
int sq_floor(void *h, int64_t pub, mc_arena *a, mc_floor_unit **out, int *n,
	     mc_diag *d);
int sq_run_floor(void *h, int64_t id, mc_arena *a, mc_floor_unit **out, int *n,
		 int *known, mc_diag *d);
int sq_run_setup(void *h, int64_t id, mc_arena *a, mc_run_setup *out,
		 mc_diag *d);
int sq_read_status(void *h, const char *today, mc_arena *a, mc_store_status *st,
		   mc_diag *d);
int sq_run_start(void *h, int64_t id, int *day, mc_diag *d);
int sq_run_sources(void *h, int64_t id, mc_arena *a, mc_view_input **in, int *n,
		   mc_diag *d);
int sq_load_run(void *h, int64_t id, mc_arena *a, mc_run_view *v, mc_diag *d);
int sq_load_capacity(void *h, int64_t id, mc_arena *a, mc_run_view *v,
		     mc_diag *d);
int sq_promise_holds(void *h, int64_t run, double now, mc_arena *a,
		     mc_hold **out, int *n, int64_t *stamp, mc_diag *d);
int sq_promise_stamp(void *h, int64_t *stamp, mc_diag *d);
int sq_promise_make(void *h, double now, mc_promise_fn fn, void *ctx,
		    mc_arena *a, mc_promise_rec *out, mc_diag *d);
int sq_promise_list(void *h, double now, mc_arena *a, mc_promise_rec **out,
		    int *n, mc_diag *d);
int sq_promise_set(void *h, int64_t id, int confirm, double now, mc_arena *a,
		   mc_promise_rec *out, mc_diag *d);
int sq_promise_of(void *h, const char *order, double now, mc_arena *a,
		  mc_promise_rec *out, int *found, mc_diag *d);
int sq_promise_open(void *h, mc_arena *a, mc_promise_rec **out, int *n,
		    mc_diag *d);
/* Writes the rows of the promises a plan run read (store_promise.c),
 * inside its save. */
int store_save_promises(sq_store *s, int64_t run, const mc_run_meta *meta,
			mc_diag *d);
int sq_find_unit(void *h, const char *identifier, mc_arena *a, mc_unit_rec *out,
		 mc_diag *d);
int sq_find_serial(void *h, uint64_t serial, mc_arena *a, mc_unit_rec *out,
		   mc_diag *d);
int sq_unit_history(void *h, const char *identifier, mc_arena *a,
		    mc_unit_event **out, int *n, mc_diag *d);
int sq_order_units(void *h, const char *order_id, mc_arena *a,
		   mc_unit_rec **out, int *n, mc_diag *d);
int sq_record_actuals(void *h, const mc_actuals *in, mc_actuals_tally *out,
		      mc_diag *d);
int sq_unit_life(void *h, const char *identifier, mc_arena *a,
		 mc_life_event **out, int *n, mc_diag *d);
int sq_dump(void *h, FILE *out, mc_diag *d);
int sq_query(void *h, const char *sql, mc_store_row_fn row, void *ctx,
	     mc_diag *d);

#endif
