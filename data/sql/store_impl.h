/*
 * store_impl.h - what the files of the SQL stores share: the handle
 * (sq_store, behind mc_store_sqlite_ops and mc_store_postgres_ops), the
 * operations of their ops tables (store.h, mc_store_ops: each sq_<op> as
 * its mc_store_<op> namesake, on the handle as a void *), and the helpers
 * below.  The store's logic is written once here over a database
 * connection (db.h); a back-end (data/sqlite/, data/postgres/) opens the
 * connection, says what its location is (exists, bytes, staleness, the
 * plan lock) and fills its ops table with these operations and its own.
 * Private to the SQL stores: only the files of data/sql/, data/sqlite/ and
 * data/postgres/ include it; none of data/sql/ includes a database
 * library.
 *
 * The store's files:
 *   store.c        the helpers declared here, small reads and the test
 *                  query;
 *   schema.c       the schema's migrations and the version check;
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
 *                  promise, promises);
 *   store_copy.c   copying a whole store into an empty one (mcsched
 *                  store copy).
 * A helper only one file needs stays static in that file.
 *
 * The helpers report a database error as an mc_diag message of class
 * MC_ESTORE that quotes the database path, as store.h promises.
 */
#ifndef MC_STORE_IMPL_H
#define MC_STORE_IMPL_H

#include "store.h"
#include "tagging.h"

#include "db.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sq_store {
	const db_driver *drv;
	db_conn *db;	  /* the back-end's connection */
	char *path;	  /* the location as messages quote it */
	int readonly;	  /* opened by mc_store_open_readonly() */
	const char *what; /* the open write transaction's, for errors */
	/* statements kept prepared for the lookups a server repeats */
	db_stmt *find_id, *find_serial;
#ifdef MC_TEST_HOOKS
	int fail_at; /* fault injection: fail this write step, 0 = never */
	int kill;    /* ... by raising SIGKILL instead */
	int steps;   /* write steps of the current save */
#endif
} sq_store;

/* ---- helpers (store.c) ---- */

/* A new handle on connection db of driver drv, for the location path
 * (copied).  The back-end then brings the schema up to date or checks
 * it (store_migrate(), store_schema_current()). */
sq_store *store_new(const db_driver *drv, db_conn *db, const char *path,
		    int readonly);
/* Finalizes the kept statements and frees the handle (the back-end
 * closes the connection first); accepts NULL. */
void store_free(sq_store *s);
/* The seam's close of every SQL back-end: the handle (store_free()), then
 * its connection (the driver's close); accepts NULL. */
void store_close(void *h);

/* "unable to <what> in '<path>': <plain words> (<library>: <message>)"
 * into d, from the connection's last error.  Always returns -1, so
 * `return store_fail(...)` reports and fails. */
int store_fail(sq_store *s, mc_diag *d, const char *what);

/* Prepares sql; NULL with a message on error. */
db_stmt *store_prep(sq_store *s, const char *sql, mc_diag *d);

/* Runs sql (no parameters, rows discarded); 0, or -1 with "unable to
 * <what> ..." in d. */
int store_exec(sq_store *s, const char *sql, const char *what, mc_diag *d);

/* Begins a transaction that writes (one writer at a time); 0 or -1. */
int store_begin(sq_store *s, const char *what, mc_diag *d);
/* Rolls back the open transaction, if any. */
void store_rollback(sq_store *s);

/* Binds text v (copied) to parameter i, or NULL when v is NULL. */
void store_bind_text(db_stmt *st, int i, const char *v);

/* Unix time t as "2026-11-25T02:00:13Z" (UTC) into buf of n bytes ("?"
 * when t cannot be converted). */
void store_iso_time(double t, char *buf, size_t n);

/* Column i of the current row as text copied into a, NULL when NULL. */
const char *store_col_text(db_stmt *st, int i, mc_arena *a);

/* Column i of the current row as text the same for every back-end:
 * "NULL", an integer in decimal, a number as SQLite writes it ("2.5",
 * "3.0": the fewest digits that read back the same, up to 17), else the
 * text itself (valid until the next step).  buf holds a number's text. */
enum { STORE_REAL_TEXT = 40 };
const char *store_col_print(db_stmt *st, int i, char buf[STORE_REAL_TEXT]);

/* Grows an arena array v of n elements of size sz (room for *cap) to hold
 * n + 1. */
void *store_grow(mc_arena *a, void *v, int n, int *cap, size_t sz);

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(sq_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d);

/* ---- schema (schema.c) ---- */

/* Brings s's database up to this mcsched's schema version, a migration
 * per transaction; a database of a newer version is refused. */
int store_migrate(sq_store *s, mc_diag *d);

/* store_schema_current()'s *code for a database of an older schema
 * version (not one of a library's codes, which are never negative). */
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
void store_bind_date(db_stmt *st, int i, int day, int none);

/* Runs a write statement to completion and resets it (a test build may
 * fail it or kill the process here, store_hooks.c). */
int store_step_write(sq_store *s, db_stmt *st, mc_diag *d);
/* The same for an INSERT ... RETURNING id: the new row's id in *id. */
int store_step_insert(sq_store *s, db_stmt *st, int64_t *id, mc_diag *d);

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
	/* the id of the next unit row: one more than the largest, as
	 * SQLite's rowid (read with the serial counter, under the write
	 * lock), so its insert needs no answer */
	int64_t next_unit;
	db_stmt *st[S_COUNT];
	int *by_order; /* plan rows by order, day, plant (mc_tag_rows()) */
	int *first;    /* [norders + 1] start of each order in by_order */
	/* one order's unit rows as tagging reads them, and their ids */
	mc_id_index plants, resources; /* of m, by id */
	mc_tag_unit *units;
	int64_t *ids;
	/* every unit row of the run's orders, by order (store_units.c) */
	struct unit_row *rows;
	int *row_first; /* [norders + 1] */
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

/* ---- the operations (mc_store_ops) both back-ends share ---- */

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
int sq_copy_in(void *to, void *from, long *rows, mc_diag *d);

/* An ops table's shared operations, for a back-end's table:
 *   const mc_store_ops mc_store_x_ops = { .name = ..., SQ_STORE_OPS };
 */
#ifdef MC_TEST_HOOKS
#define SQ_FAULT_OPS  .fault_at = sq_fault_at,
#define SQ_CAP_FAULTS MC_STORE_CAP_FAULTS
#else
#define SQ_FAULT_OPS
#define SQ_CAP_FAULTS 0
#endif
#define SQ_STORE_OPS                                                           \
	.schema = store_schema_version, .latest = sq_latest,                   \
	.has_run = sq_has_run, .save_run = sq_save_run,                        \
	.publish_plan = sq_publish_plan, .prune = sq_prune,                    \
	.publish = sq_publish, .published = sq_published,                      \
	.published_orders = sq_published_orders,                               \
	.next_serial = sq_next_serial, .list_runs = sq_list_runs,              \
	.floor = sq_floor, .run_floor = sq_run_floor,                          \
	.run_setup = sq_run_setup, .read_status = sq_read_status,              \
	.run_start = sq_run_start, .run_sources = sq_run_sources,              \
	.load_run = sq_load_run, .load_capacity = sq_load_capacity,            \
	.promise_holds = sq_promise_holds, .promise_stamp = sq_promise_stamp,  \
	.promise_make = sq_promise_make, .promise_list = sq_promise_list,      \
	.promise_set = sq_promise_set, .promise_open = sq_promise_open,        \
	.promise_of = sq_promise_of, .find_unit = sq_find_unit,                \
	.find_serial = sq_find_serial, .unit_history = sq_unit_history,        \
	.order_units = sq_order_units, .record_actuals = sq_record_actuals,    \
	.unit_life = sq_unit_life, .dump = sq_dump, .query = sq_query,         \
	.copy_in = sq_copy_in, SQ_FAULT_OPS

#endif
