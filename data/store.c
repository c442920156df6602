/*
 * store.c - the SQLite store (see store.h for the contract).
 *
 * The only module that includes <sqlite3.h>.  The schema is an ordered list
 * of migration scripts; PRAGMA user_version counts how many a database has
 * had.  All SQL is static text with bound parameters.
 *
 * Memory: the mc_store owns the connection and a copy of its path.  Reads
 * copy every value into the caller's arena; save_run keeps its scratch
 * arrays on the heap and frees them at its out: label.
 */
#include "store.h"
#include "store_impl.h"

#include "date.h"
#include "ids.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- schema ---- */

/* Migration i brings a database from user_version i to i + 1: a list of
 * statements run in one transaction.  Append new migrations; never edit a
 * shipped one. */
static const char *const migration_1[] = {
    "CREATE TABLE meta (\n"
    "  key   TEXT PRIMARY KEY,\n"
    "  value INTEGER NOT NULL\n"
    ");\n",
    "INSERT INTO meta (key, value) VALUES ('next_serial', 1);\n",
    "CREATE TABLE runs (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  kind          TEXT NOT NULL CHECK (kind IN ('plan', 'whatif')),\n"
    "  base_run      INTEGER REFERENCES runs(id),\n"
    "  scenario      TEXT,\n"
    "  started       TEXT NOT NULL,\n"
    "  finished      TEXT NOT NULL,\n"
    "  elapsed       REAL NOT NULL,\n"
    "  status        TEXT NOT NULL,\n"
    "  enterprise    TEXT,\n"
    "  prefix        TEXT,\n"
    "  horizon_start TEXT NOT NULL,\n"
    "  horizon_days  INTEGER NOT NULL,\n"
    "  frozen_days   INTEGER NOT NULL,\n"
    "  norders       INTEGER NOT NULL,\n"
    "  objective     REAL NOT NULL,\n"
    "  lp_bound      REAL NOT NULL,\n"
    "  gap           REAL NOT NULL,\n"
    "  cost_make     REAL NOT NULL,\n"
    "  cost_options  REAL NOT NULL,\n"
    "  cost_lane     REAL NOT NULL,\n"
    "  cost_late     REAL NOT NULL,\n"
    "  cost_holding  REAL NOT NULL,\n"
    "  cost_unmet    REAL NOT NULL,\n"
    "  cost_overtime REAL NOT NULL,\n"
    "  units_planned INTEGER NOT NULL,\n"
    "  units_unmet   INTEGER NOT NULL,\n"
    "  units_late    INTEGER NOT NULL,\n"
    "  lp_status     TEXT,\n"
    "  nclasses      INTEGER NOT NULL,\n"
    "  lp_rows       INTEGER NOT NULL,\n"
    "  lp_cols       INTEGER NOT NULL,\n"
    "  lp_iters      INTEGER NOT NULL,\n"
    "  t_load        REAL NOT NULL,\n"
    "  t_build       REAL NOT NULL,\n"
    "  t_solve       REAL NOT NULL,\n"
    "  t_round       REAL NOT NULL\n"
    ");\n",
    "CREATE TABLE run_inputs (\n"
    "  run    INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  idx    INTEGER NOT NULL,\n"
    "  role   TEXT NOT NULL,\n"
    "  path   TEXT NOT NULL,\n"
    "  digest TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, idx)\n"
    ");\n",
    "CREATE TABLE run_resources (\n"
    "  run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  idx      INTEGER NOT NULL,\n"
    "  resource TEXT NOT NULL,\n"
    "  plant    TEXT NOT NULL,\n"
    "  kind     TEXT NOT NULL,\n"
    "  hours    REAL NOT NULL,\n"
    "  ot_hours REAL NOT NULL,\n"
    "  ot_cost  REAL NOT NULL,\n"
    "  PRIMARY KEY (run, resource),\n"
    "  UNIQUE (run, idx)\n"
    ");\n",
    "CREATE TABLE run_orders (\n"
    "  run           INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  idx           INTEGER NOT NULL,\n"
    "  order_id      TEXT NOT NULL,\n"
    "  customer      TEXT,\n"
    "  region        TEXT NOT NULL,\n"
    "  family        TEXT NOT NULL,\n"
    "  code          TEXT NOT NULL,\n"
    "  gtin          TEXT NOT NULL,\n"
    "  options       TEXT NOT NULL,\n"
    "  quantity      INTEGER NOT NULL CHECK (quantity > 0),\n"
    "  due           TEXT NOT NULL,\n"
    "  release       TEXT NOT NULL,\n"
    "  priority      REAL NOT NULL,\n"
    "  late_penalty  REAL NOT NULL,\n"
    "  unmet_penalty REAL NOT NULL,\n"
    "  max_late_days INTEGER NOT NULL,\n"
    "  planned       INTEGER NOT NULL,\n"
    "  unmet         INTEGER NOT NULL,\n"
    "  late_units    INTEGER NOT NULL,\n"
    "  late_days     INTEGER NOT NULL,\n"
    "  max_late      INTEGER NOT NULL,\n"
    "  last_arrive   TEXT,\n"
    "  cost          REAL NOT NULL,\n"
    "  reason        TEXT,\n"
    "  detail        TEXT,\n"
    "  PRIMARY KEY (run, order_id),\n"
    "  UNIQUE (run, idx)\n"
    ");\n",
    "CREATE TABLE plan (\n"
    "  run      INTEGER NOT NULL,\n"
    "  line     INTEGER NOT NULL,\n"
    "  order_id TEXT NOT NULL,\n"
    "  plant    TEXT NOT NULL,\n"
    "  resource TEXT,\n"
    "  day      TEXT NOT NULL,\n"
    "  units    INTEGER NOT NULL CHECK (units > 0),\n"
    "  arrive   TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, line),\n"
    "  FOREIGN KEY (run, order_id) REFERENCES run_orders(run, order_id)\n"
    "    ON DELETE CASCADE\n"
    ");\n",
    "CREATE INDEX plan_order ON plan(run, order_id);\n",
    "CREATE TABLE units (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  identifier TEXT NOT NULL UNIQUE,\n"
    "  serial     INTEGER NOT NULL UNIQUE CHECK (serial > 0),\n"
    "  order_id   TEXT NOT NULL,\n"
    "  seq        INTEGER NOT NULL CHECK (seq > 0),\n"
    "  family     TEXT NOT NULL,\n"
    "  code       TEXT NOT NULL,\n"
    "  gtin       TEXT NOT NULL,\n"
    "  status     TEXT NOT NULL\n"
    "             CHECK (status IN ('planned', 'unmet', 'cancelled')),\n"
    "  first_run  INTEGER NOT NULL REFERENCES runs(id),\n"
    "  last_run   INTEGER NOT NULL REFERENCES runs(id)\n"
    ");\n",
    "CREATE INDEX units_order ON units(order_id, seq);\n",
    "CREATE UNIQUE INDEX units_live ON units(order_id, seq)\n"
    "  WHERE status <> 'cancelled';\n",
    "CREATE TABLE unit_plan (\n"
    "  run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  unit     INTEGER NOT NULL REFERENCES units(id),\n"
    "  status   TEXT NOT NULL CHECK (status IN ('planned', 'unmet')),\n"
    "  plant    TEXT,\n"
    "  resource TEXT,\n"
    "  day      TEXT,\n"
    "  arrive   TEXT,\n"
    "  PRIMARY KEY (run, unit)\n"
    ");\n",
    "CREATE INDEX unit_plan_unit ON unit_plan(unit, run);\n",
    "CREATE TABLE capacity (\n"
    "  run      INTEGER NOT NULL,\n"
    "  resource TEXT NOT NULL,\n"
    "  day      TEXT NOT NULL,\n"
    "  hours    REAL NOT NULL,\n"
    "  ot_max   REAL NOT NULL,\n"
    "  used     REAL NOT NULL,\n"
    "  ot       REAL NOT NULL,\n"
    "  shadow   REAL NOT NULL,\n"
    "  PRIMARY KEY (run, resource, day),\n"
    "  FOREIGN KEY (run, resource) REFERENCES run_resources(run, resource)\n"
    "    ON DELETE CASCADE\n"
    ");\n",
    "CREATE TABLE materials (\n"
    "  run       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  plant     TEXT NOT NULL,\n"
    "  material  TEXT NOT NULL,\n"
    "  day       TEXT NOT NULL,\n"
    "  available REAL NOT NULL,\n"
    "  used      REAL NOT NULL,\n"
    "  shadow    REAL NOT NULL,\n"
    "  PRIMARY KEY (run, plant, material, day)\n"
    ");\n",
    "CREATE TABLE published (\n"
    "  id  INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  run INTEGER NOT NULL REFERENCES runs(id),\n"
    "  at  TEXT NOT NULL\n"
    ");\n",
    NULL,
};

/* What delivering a late order's late units on time would add to the plan
 * cost (the LP's marginal estimate), or why there is no such figure
 * ("impossible: ...", "rounding: ...").  Both NULL
 * for orders without late units and for runs saved before version 2. */
static const char *const migration_2[] = {
    "ALTER TABLE run_orders ADD COLUMN ontime_cost REAL;\n",
    "ALTER TABLE run_orders ADD COLUMN ontime_note TEXT;\n",
    NULL,
};

/* A run stopped by its time limit may have no valid LP bound: then
 * bound_known is 0, lp_bound and gap hold 0 and read back as NaN. */
static const char *const migration_3[] = {
    "ALTER TABLE runs ADD COLUMN bound_known INTEGER NOT NULL DEFAULT 1;\n",
    NULL,
};

/* A snapshot of every input file with its run, so a run can be exported
 * or used as a what-if base from anywhere and after the files changed.
 * Files are kept once by content (a night whose catalog did not change
 * adds no catalog bytes); run_inputs.blob is NULL for runs saved before
 * version 4.  runs.changes: what a what-if's scenario changed, one line
 * a change. */
static const char *const migration_4[] = {
    "CREATE TABLE blobs (\n"
    "  id     INTEGER PRIMARY KEY,\n"
    "  digest TEXT NOT NULL,\n"
    "  size   INTEGER NOT NULL,\n"
    "  bytes  BLOB NOT NULL\n"
    ");\n",
    "CREATE INDEX blobs_digest ON blobs(digest, size);\n",
    "ALTER TABLE run_inputs ADD COLUMN blob INTEGER REFERENCES blobs(id);\n",
    "ALTER TABLE runs ADD COLUMN changes TEXT;\n",
    NULL,
};

/* Whole units step by step: the cost of the floor + repair plan (the
 * fallback), how many local-improvement moves were kept on it and how
 * that ended ("off", "converged", "budget", "time").  NULL for runs saved
 * before version 5. */
static const char *const migration_5[] = {
    "ALTER TABLE runs ADD COLUMN round_repair_cost REAL;\n",
    "ALTER TABLE runs ADD COLUMN round_moves INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN round_stop TEXT;\n",
    NULL,
};

static const char *const *const migrations[] = {
    migration_1, /* initial schema */
    migration_2, /* run_orders.ontime_cost, ontime_note */
    migration_3, /* runs.bound_known */
    migration_4, /* blobs, run_inputs.blob: input snapshots; changes */
    migration_5, /* runs.round_repair_cost, round_moves, round_stop */
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- small helpers ---- */

/* A REAL column, NaN where it is NULL. */
static double col_real(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NAN;
	return sqlite3_column_double(st, i);
}

int store_fail(mc_store *s, mc_diag *d, const char *what)
{
	return mc_diag_error(d, MC_ESTORE, "unable to %s in '%s': %s", what,
			     s->path, sqlite3_errmsg(s->db));
}

/* Prepares sql; NULL with a message on error. */
sqlite3_stmt *store_prep(mc_store *s, const char *sql, mc_diag *d)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, d, "prepare a statement");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int store_exec(mc_store *s, const char *sql, const char *what, mc_diag *d)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		mc_diag_error(d, MC_ESTORE, "unable to %s in '%s': %s", what,
			      s->path, err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds day number `day` as an ISO date, or NULL when day is `none`. */
static void bind_date(sqlite3_stmt *st, int i, int day, int none)
{
	char buf[16];
	if (day == none)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, mc_date_format(day, buf), -1,
				  SQLITE_TRANSIENT);
}

/* Runs a write statement to completion and resets it.  Counts write steps
 * for fault injection. */
static int step_write(mc_store *s, sqlite3_stmt *st, mc_diag *d)
{
	if (s->fail_at > 0 && ++s->steps == s->fail_at) {
		if (s->kill)
			raise(SIGKILL); /* mid-transaction, as a real kill */
		sqlite3_reset(st);
		return mc_diag_error(d, MC_ESTORE,
				     "unable to save run in '%s': injected "
				     "failure at write %d",
				     s->path, s->fail_at);
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		/* The statement's error is the connection's error until the
		 * reset, so report before resetting. */
		store_fail(s, d, "save run");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

static const char *col_text(sqlite3_stmt *st, int i, mc_arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? mc_arena_strdup(a, (const char *)t) : NULL;
}

void store_iso_time(double t, char *buf, size_t n)
{
	time_t secs = (time_t)floor(t);
	struct tm tm;
	if (!gmtime_r(&secs, &tm)) {
		snprintf(buf, n, "?");
		return;
	}
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- open / close ---- */

static int migrate(mc_store *s, mc_diag *d)
{
	int rc = -1, version = 0;
	sqlite3_stmt *st = store_prep(s, "PRAGMA user_version", d);
	if (!st)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, d, "read the schema version");
		goto out;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_reset(st); /* no read left open while we take the lock */
	if (version > NMIGRATIONS) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': schema version %d is newer "
			      "than this mcsched knows (%d)",
			      s->path, version, NMIGRATIONS);
		goto out;
	}
	for (int v = version; v < NMIGRATIONS; v++) {
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 v + 1);
		if (store_exec(s, "BEGIN IMMEDIATE", "migrate the schema", d))
			goto out;
		/* The version is re-read inside the transaction: another
		 * process may have migrated while we waited for the lock. */
		sqlite3_reset(st);
		if (sqlite3_step(st) != SQLITE_ROW) {
			store_fail(s, d, "read the schema version");
			store_exec(s, "ROLLBACK", "roll back", d);
			goto out;
		}
		if (sqlite3_column_int(st, 0) > v) {
			store_exec(s, "ROLLBACK", "roll back", d);
			continue;
		}
		sqlite3_reset(st);
		int bad = 0;
		for (const char *const *sql = migrations[v]; *sql && !bad;
		     sql++)
			bad = store_exec(s, *sql, "migrate the schema", d);
		if (bad || store_exec(s, pragma, "migrate the schema", d) ||
		    store_exec(s, "COMMIT", "migrate the schema", d)) {
			if (!sqlite3_get_autocommit(s->db))
				sqlite3_exec(s->db, "ROLLBACK", NULL, NULL,
					     NULL);
			goto out;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* A read-only connection cannot migrate: its database must be at this
 * mcsched's schema version. */
static int schema_current(mc_store *s, mc_diag *d)
{
	int64_t version = 0;
	sqlite3_stmt *st = store_prep(s, "PRAGMA user_version", d);
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (version == NMIGRATIONS)
		return 0;
	return mc_diag_error(d, MC_ESTORE,
			     "unable to open '%s' read-only: schema version "
			     "%lld, this mcsched reads %d (%s)",
			     s->path, (long long)version, NMIGRATIONS,
			     version < NMIGRATIONS
				 ? "any other mcsched command upgrades it"
				 : "it was written by a newer mcsched");
}

static int open_flags(const char *path, int flags, mc_store **out, mc_diag *d)
{
	int rc = -1;
	mc_store *s = mc_xcalloc(1, sizeof(*s));
	s->path = mc_xstrdup(path);
	*out = NULL;
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* SQLite would write a FIFO or a device, and as root create
		 * its -wal beside a device node. */
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': not a regular file", path);
		goto out;
	}
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		mc_diag_error(d, MC_ESTORE, "unable to open '%s': %s", path,
			      s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	s->readonly = !(flags & SQLITE_OPEN_READWRITE);
	/* journal_mode answers with a row; sqlite3_exec discards it.  This
	 * is also the first read, so "file is not a database" shows here.
	 * A read-only connection leaves the journal mode as the writer set
	 * it (WAL) and refuses every write. */
	char *err = NULL;
	if (sqlite3_exec(s->db,
			 s->readonly ? "PRAGMA query_only = ON;"
				       " PRAGMA user_version;"
				     : "PRAGMA journal_mode = WAL;"
				       " PRAGMA foreign_keys = ON;"
				       " PRAGMA synchronous = NORMAL;",
			 NULL, NULL, &err) != SQLITE_OK) {
		mc_diag_error(d, MC_ESTORE, "unable to open '%s': %s", path,
			      err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		goto out;
	}
	if (s->readonly ? schema_current(s, d) : migrate(s, d))
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	mc_store_close(s);
	return rc;
}

int mc_store_open(const char *path, mc_store **out, mc_diag *d)
{
	return open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, out,
			  d);
}

/* Opens a database that must exist already with flags. */
static int open_existing(const char *path, int flags, mc_store **out,
			 mc_diag *d)
{
	*out = NULL;
	if (access(path, F_OK) != 0)
		return mc_diag_error(d, MC_ESTORE,
				     "no database '%s' (mcsched plan creates "
				     "it)",
				     path);
	return open_flags(path, flags, out, d);
}

int mc_store_open_existing(const char *path, mc_store **out, mc_diag *d)
{
	return open_existing(path, SQLITE_OPEN_READWRITE, out, d);
}

int mc_store_open_readonly(const char *path, mc_store **out, mc_diag *d)
{
	return open_existing(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			     out, d);
}

void mc_store_close(mc_store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->find_id);
	sqlite3_finalize(s->find_serial);
	sqlite3_close(s->db); /* every statement is finalized by now */
	free(s->path);
	free(s);
}

void mc_store_fault_at(mc_store *s, int n, int kill)
{
	s->fail_at = n;
	s->kill = kill;
}

/* ---- saving a run ---- */

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
	S_COUNT
};

static const char *const save_sql[S_COUNT] = {
    [S_RUN] =
	"INSERT INTO runs (kind, base_run, scenario, started, finished, "
	"elapsed, status, enterprise, prefix, horizon_start, horizon_days, "
	"frozen_days, norders, objective, lp_bound, gap, cost_make, "
	"cost_options, cost_lane, cost_late, cost_holding, cost_unmet, "
	"cost_overtime, units_planned, units_unmet, units_late, lp_status, "
	"nclasses, lp_rows, lp_cols, lp_iters, t_load, t_build, t_solve, "
	"t_round, bound_known, round_repair_cost, round_moves, round_stop) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, "
	"?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39)",
    [S_INPUT] = "INSERT INTO run_inputs (run, idx, role, path, digest, "
		"blob) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FIND_BLOB] = "SELECT id, bytes FROM blobs WHERE digest = ?1 AND "
		    "size = ?2",
    [S_NEW_BLOB] = "INSERT INTO blobs (digest, size, bytes) "
		   "VALUES (?1, ?2, ?3)",
    [S_RESOURCE] = "INSERT INTO run_resources (run, idx, resource, plant, "
		   "kind, hours, ot_hours, ot_cost) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_ORDER] = "INSERT INTO run_orders (run, idx, order_id, customer, "
		"region, family, code, gtin, options, quantity, due, "
		"release, priority, late_penalty, unmet_penalty, "
		"max_late_days, planned, unmet, late_units, late_days, "
		"max_late, last_arrive, cost, reason, detail, ontime_cost, "
		"ontime_note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "
		"?22, ?23, ?24, ?25, ?26, ?27)",
    [S_PLAN] = "INSERT INTO plan (run, line, order_id, plant, resource, "
	       "day, units, arrive) "
	       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_CAP] = "INSERT INTO capacity (run, resource, day, hours, ot_max, "
	      "used, ot, shadow) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_MAT] = "INSERT INTO materials (run, plant, material, day, "
	      "available, used, shadow) "
	      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_GET_SERIAL] = "SELECT value FROM meta WHERE key = 'next_serial'",
    [S_SET_SERIAL] = "UPDATE meta SET value = ?1 "
		     "WHERE key = 'next_serial'",
    [S_CANCEL_ABSENT] = "UPDATE units SET status = 'cancelled' "
			"WHERE status <> 'cancelled' AND NOT EXISTS "
			"(SELECT 1 FROM run_orders r WHERE r.run = ?1 "
			"AND r.order_id = units.order_id)",
    [S_ORDER_UNITS] = "SELECT id, seq, code, gtin, status FROM units "
		      "WHERE order_id = ?1 ORDER BY seq, id",
    [S_CANCEL] = "UPDATE units SET status = 'cancelled' WHERE id = ?1",
    [S_REVIVE] = "UPDATE units SET status = ?2, last_run = ?3 "
		 "WHERE id = ?1",
    [S_NEW_UNIT] = "INSERT INTO units (identifier, serial, order_id, seq, "
		   "family, code, gtin, status, first_run, last_run) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    [S_UNIT_PLAN] = "INSERT INTO unit_plan (run, unit, status, plant, "
		    "resource, day, arrive) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_CHANGES] = "UPDATE runs SET changes = ?2 WHERE id = ?1",
    [S_PUBLISH] = "INSERT OR REPLACE INTO published (id, run, at) "
		  "VALUES (1, ?1, ?2)",
};

/* A unit row of one order as found in the table. */
struct unit_row {
	int64_t id;
	int seq;
	int match;  /* same family code and GTIN as the order now */
	int live;   /* status is not 'cancelled' */
	int chosen; /* the unit for its seq in this run */
};

struct saver {
	mc_store *s;
	const mc_model *m;
	const mc_plan *p;
	int whatif;
	int64_t run;
	uint64_t next_serial;
	sqlite3_stmt *st[S_COUNT];
	int *by_order; /* alloc indexes sorted by order, day, plant */
	int *first;    /* [norders + 1] start of each order in by_order */
	struct unit_row *rows;
	int nrows, caprows;
	int64_t *unit_of; /* [quantity + 1] unit id per seq, 0 none */
	int began;	  /* a transaction is open (saver_begin()) */
	int capunits;
	mc_diag *d;
};

/* Sort key of a plan row: order, production day, plant, resource, then
 * position for a stable order. */
struct alloc_key {
	int order, day, plant, resource, idx;
};

static int cmp_alloc(const void *x, const void *y)
{
	const struct alloc_key *a = x, *b = y;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->plant != b->plant)
		return a->plant < b->plant ? -1 : 1;
	if (a->resource != b->resource)
		return a->resource < b->resource ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The blob holding input in's bytes, stored once by content: an equal
 * blob is reused (same digest, size and bytes), else one is added. */
static int save_blob(struct saver *sv, const mc_input *in, int64_t *id)
{
	sqlite3_stmt *st = sv->st[S_FIND_BLOB];
	store_bind_text(st, 1, in->digest);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->len);
	int rc;
	*id = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !*id) {
		const void *b = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if (n == in->len && (n == 0 || memcmp(b, in->bytes, n) == 0))
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(sv->s, sv->d, "save run");
	if (*id)
		return 0;
	st = sv->st[S_NEW_BLOB];
	store_bind_text(st, 1, in->digest);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->len);
	sqlite3_bind_blob64(st, 3, in->bytes, (sqlite3_uint64)in->len,
			    SQLITE_STATIC);
	if (step_write(sv->s, st, sv->d))
		return -1;
	*id = sqlite3_last_insert_rowid(sv->s->db);
	return 0;
}

/* Groups allocations by order and checks they add up to what the plan says
 * each order has planned. */
static int group_allocs(struct saver *sv)
{
	const mc_plan *p = sv->p;
	int no = sv->m->norders;
	sv->by_order =
	    mc_xmalloc((size_t)(p->nalloc ? p->nalloc : 1) * sizeof(int));
	sv->first = mc_xcalloc((size_t)no + 1, sizeof(int));
	struct alloc_key *keys =
	    mc_xmalloc((size_t)(p->nalloc ? p->nalloc : 1) * sizeof(*keys));
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		keys[i] = (struct alloc_key){al->order, al->day, al->plant,
					     al->resource, i};
	}
	qsort(keys, (size_t)p->nalloc, sizeof(*keys), cmp_alloc);
	for (int i = 0; i < p->nalloc; i++)
		sv->by_order[i] = keys[i].idx;
	free(keys);
	int k = 0;
	for (int o = 0; o < no; o++) {
		sv->first[o] = k;
		long sum = 0;
		for (; k < p->nalloc && p->alloc[sv->by_order[k]].order == o;
		     k++)
			sum += p->alloc[sv->by_order[k]].units;
		if (sum != p->orders[o].planned)
			return mc_diag_error(
			    sv->d, MC_ESTORE,
			    "unable to save run in '%s': order '%s' has "
			    "%ld units in plan rows but %d planned",
			    sv->s->path, sv->m->orders[o].id, sum,
			    p->orders[o].planned);
	}
	sv->first[no] = k;
	if (k != p->nalloc)
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': a plan row "
				     "names order %d of %d",
				     sv->s->path,
				     p->alloc[sv->by_order[k]].order, no);
	return 0;
}

static const char *run_status(const mc_plan *p)
{
	if (p->units_unmet > 0)
		return "unmet";
	if (p->units_late > 0)
		return "late";
	return "ok";
}

static int save_header(struct saver *sv, const mc_run_meta *meta)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	sqlite3_stmt *st = sv->st[S_RUN];
	char started[32], finished[32], hstart[16];
	store_iso_time(meta->started, started, sizeof(started));
	store_iso_time(meta->finished, finished, sizeof(finished));
	store_bind_text(st, 1, meta->kind);
	if (meta->base_run > 0)
		sqlite3_bind_int64(st, 2, meta->base_run);
	store_bind_text(st, 3, meta->scenario ? meta->scenario : m->scenario);
	store_bind_text(st, 4, started);
	store_bind_text(st, 5, finished);
	sqlite3_bind_double(st, 6, meta->finished - meta->started);
	store_bind_text(st, 7, run_status(p));
	store_bind_text(st, 8, m->enterprise);
	store_bind_text(st, 9, m->prefix);
	store_bind_text(st, 10, mc_date_format(m->start, hstart));
	sqlite3_bind_int(st, 11, m->horizon_days);
	sqlite3_bind_int(st, 12, meta->frozen_days);
	sqlite3_bind_int(st, 13, m->norders);
	int known = !isnan(p->lp_bound);
	const double dv[] = {
	    p->cost,	     known ? p->lp_bound : 0, known ? p->gap : 0,
	    p->cost_make,    p->cost_options,	      p->cost_lane,
	    p->cost_late,    p->cost_holding,	      p->cost_unmet,
	    p->cost_overtime};
	for (int i = 0; i < 10; i++)
		sqlite3_bind_double(st, 14 + i, dv[i]);
	sqlite3_bind_int(st, 24, p->units_planned);
	sqlite3_bind_int(st, 25, p->units_unmet);
	sqlite3_bind_int(st, 26, p->units_late);
	store_bind_text(st, 27, p->lp_status);
	sqlite3_bind_int(st, 28, p->nclasses);
	sqlite3_bind_int(st, 29, p->lp_rows);
	sqlite3_bind_int(st, 30, p->lp_cols);
	sqlite3_bind_int(st, 31, p->lp_iters);
	sqlite3_bind_double(st, 32, meta->t_load);
	sqlite3_bind_double(st, 33, p->t_build);
	sqlite3_bind_double(st, 34, p->t_solve);
	sqlite3_bind_double(st, 35, p->t_round);
	sqlite3_bind_int(st, 36, known);
	if (p->round_stop) { /* a plan that says how it was made whole */
		sqlite3_bind_double(st, 37, p->cost_repair);
		sqlite3_bind_int64(st, 38, p->round_moves);
		store_bind_text(st, 39, p->round_stop);
	}
	if (step_write(sv->s, st, sv->d))
		return -1;
	sv->run = sqlite3_last_insert_rowid(sv->s->db);
	if (meta->changes) {
		st = sv->st[S_CHANGES];
		sqlite3_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, meta->changes);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}

	st = sv->st[S_INPUT];
	for (int i = 0; i < m->ninputs; i++) {
		int64_t blob = 0;
		if (m->inputs[i].bytes && save_blob(sv, &m->inputs[i], &blob))
			return -1;
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, m->inputs[i].role);
		store_bind_text(st, 4, m->inputs[i].path);
		store_bind_text(st, 5, m->inputs[i].digest);
		if (blob)
			sqlite3_bind_int64(st, 6, blob);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_RESOURCE];
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *res = &m->resources[r];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, r);
		store_bind_text(st, 3, res->id);
		store_bind_text(st, 4, m->plants[res->plant].id);
		store_bind_text(st, 5, m->kinds[res->kind]);
		sqlite3_bind_double(st, 6, res->hours);
		sqlite3_bind_double(st, 7, res->ot_hours);
		sqlite3_bind_double(st, 8, res->ot_cost);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* "capacity=3hp, self_clean=yes" for order o, in the arena-free buffer
 * *buf (grown as needed). */
static const char *options_text(const mc_model *m, int o, char **buf,
				size_t *cap)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	size_t len = 0;
	if (!*buf) {
		*cap = 128;
		*buf = mc_xmalloc(*cap);
	}
	(*buf)[0] = '\0';
	for (int i = 0; i < f->nopts; i++) {
		const char *k = f->opts[i].name;
		const char *v = f->opts[i].vals[ord->opt[i]].name;
		size_t need = len + strlen(k) + strlen(v) + 4;
		if (need >= *cap) {
			*cap = 2 * need;
			*buf = mc_xrealloc(*buf, *cap);
		}
		len +=
		    (size_t)sprintf(*buf + len, "%s%s=%s", i ? ", " : "", k, v);
	}
	return *buf;
}

static int save_orders(struct saver *sv)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	sqlite3_stmt *st = sv->st[S_ORDER];
	char *buf = NULL;
	size_t cap = 0;
	int rc = -1;
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		const mc_family *f = &m->families[ord->family];
		const mc_order_out *out = &p->orders[o];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, o);
		store_bind_text(st, 3, ord->id);
		store_bind_text(st, 4, ord->customer);
		store_bind_text(st, 5, m->regions[ord->region]);
		store_bind_text(st, 6, f->id);
		store_bind_text(st, 7, f->code);
		store_bind_text(st, 8, f->gtin);
		store_bind_text(st, 9, options_text(m, o, &buf, &cap));
		sqlite3_bind_int(st, 10, ord->quantity);
		bind_date(st, 11, ord->due, INT32_MIN);
		bind_date(st, 12, ord->release, INT32_MIN);
		sqlite3_bind_double(st, 13, ord->priority);
		sqlite3_bind_double(st, 14, ord->late_penalty);
		sqlite3_bind_double(st, 15, ord->unmet_penalty);
		sqlite3_bind_int(st, 16, ord->max_late_days);
		sqlite3_bind_int(st, 17, out->planned);
		sqlite3_bind_int(st, 18, out->unmet);
		sqlite3_bind_int(st, 19, out->late_units);
		sqlite3_bind_int(st, 20, out->late_days);
		sqlite3_bind_int(st, 21, out->max_late);
		bind_date(st, 22, out->last_arrive, 0);
		sqlite3_bind_double(st, 23, out->cost);
		store_bind_text(st, 24,
				out->reason != MC_REASON_NONE
				    ? mc_reason_name(out->reason)
				    : NULL);
		store_bind_text(st, 25, out->detail);
		/* only late orders have an on-time cost */
		if (out->late_units > 0 && !isnan(out->ontime_cost))
			sqlite3_bind_double(st, 26, out->ontime_cost);
		else
			sqlite3_bind_null(st, 26);
		store_bind_text(st, 27,
				out->late_units > 0 ? out->ontime_note : NULL);
		if (step_write(sv->s, st, sv->d))
			goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int save_plan_rows(struct saver *sv)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	sqlite3_stmt *st = sv->st[S_PLAN];
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, m->orders[al->order].id);
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		bind_date(st, 6, m->start + al->day, INT32_MIN);
		sqlite3_bind_int(st, 7, al->units);
		bind_date(st, 8, al->arrive, INT32_MIN);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_CAP];
	for (int r = 0; r < m->nresources; r++) {
		for (int t = 0; t < m->horizon_days; t++) {
			const mc_resday *c =
			    &p->cap[(size_t)r * (size_t)m->horizon_days +
				    (size_t)t];
			sqlite3_bind_int64(st, 1, sv->run);
			store_bind_text(st, 2, m->resources[r].id);
			bind_date(st, 3, m->start + t, INT32_MIN);
			sqlite3_bind_double(st, 4, c->hours);
			sqlite3_bind_double(st, 5, c->ot_max);
			sqlite3_bind_double(st, 6, c->used);
			sqlite3_bind_double(st, 7, c->ot);
			sqlite3_bind_double(st, 8, c->shadow);
			if (step_write(sv->s, st, sv->d))
				return -1;
		}
	}
	st = sv->st[S_MAT];
	for (int i = 0; i < p->nmat; i++) {
		const mc_matday *md = &p->mat[i];
		sqlite3_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, m->plants[md->plant].id);
		store_bind_text(st, 3, m->materials[md->material]);
		bind_date(st, 4, m->start + md->day, INT32_MIN);
		sqlite3_bind_double(st, 5, md->available);
		sqlite3_bind_double(st, 6, md->used);
		sqlite3_bind_double(st, 7, md->shadow);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* Reads every unit row of order o into sv->rows. */
static int read_order_units(struct saver *sv, int o)
{
	const mc_model *m = sv->m;
	const mc_family *f = &m->families[m->orders[o].family];
	sqlite3_stmt *st = sv->st[S_ORDER_UNITS];
	int rc;
	sv->nrows = 0;
	store_bind_text(st, 1, m->orders[o].id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sv->nrows == sv->caprows) {
			sv->caprows = sv->caprows ? 2 * sv->caprows : 64;
			sv->rows = mc_xrealloc(sv->rows, (size_t)sv->caprows *
							     sizeof(*sv->rows));
		}
		struct unit_row *u = &sv->rows[sv->nrows++];
		const char *code = (const char *)sqlite3_column_text(st, 2);
		const char *gtin = (const char *)sqlite3_column_text(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4);
		u->id = sqlite3_column_int64(st, 0);
		u->seq = sqlite3_column_int(st, 1);
		u->match = code && gtin && strcmp(code, f->code) == 0 &&
			   strcmp(gtin, f->gtin) == 0;
		u->live = status && strcmp(status, "cancelled") != 0;
		u->chosen = 0;
	}
	if (rc != SQLITE_DONE) {
		store_fail(sv->s, sv->d, "read units");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Where seq s of an order goes: walks the order's sorted plan rows. */
struct seq_cursor {
	int k, end; /* position in by_order */
	int left;   /* units left in row k */
};

static const mc_alloc *next_alloc(struct saver *sv, struct seq_cursor *c)
{
	while (c->k < c->end && c->left == 0) {
		c->k++;
		if (c->k < c->end)
			c->left = sv->p->alloc[sv->by_order[c->k]].units;
	}
	if (c->k >= c->end)
		return NULL;
	c->left--;
	return &sv->p->alloc[sv->by_order[c->k]];
}

static int write_unit_plan(struct saver *sv, int64_t unit, const mc_alloc *al)
{
	const mc_model *m = sv->m;
	sqlite3_stmt *st = sv->st[S_UNIT_PLAN];
	sqlite3_bind_int64(st, 1, sv->run);
	sqlite3_bind_int64(st, 2, unit);
	store_bind_text(st, 3, al ? "planned" : "unmet");
	if (al) {
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		bind_date(st, 6, m->start + al->day, INT32_MIN);
		bind_date(st, 7, al->arrive, INT32_MIN);
	}
	return step_write(sv->s, st, sv->d);
}

static int new_unit(struct saver *sv, int o, int seq, const char *status,
		    int64_t *id)
{
	const mc_model *m = sv->m;
	const mc_family *f = &m->families[m->orders[o].family];
	char ident[MC_ID_MAX];
	if (sv->next_serial > MC_SERIAL_MAX)
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': the serial "
				     "counter is exhausted",
				     sv->s->path);
	if (mc_id_format(ident, sizeof(ident), m->prefix, f->code, f->gtin,
			 sv->next_serial))
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': cannot form "
				     "an identifier from prefix '%s', code "
				     "'%s', gtin '%s'",
				     sv->s->path, m->prefix ? m->prefix : "",
				     f->code, f->gtin);
	sqlite3_stmt *st = sv->st[S_NEW_UNIT];
	store_bind_text(st, 1, ident);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)sv->next_serial);
	store_bind_text(st, 3, m->orders[o].id);
	sqlite3_bind_int(st, 4, seq);
	store_bind_text(st, 5, f->id);
	store_bind_text(st, 6, f->code);
	store_bind_text(st, 7, f->gtin);
	store_bind_text(st, 8, status);
	sqlite3_bind_int64(st, 9, sv->run);
	if (step_write(sv->s, st, sv->d))
		return -1;
	sv->next_serial++;
	*id = sqlite3_last_insert_rowid(sv->s->db);
	return 0;
}

/* Tags the units of order o in a plan run (see store.h). */
static int tag_order(struct saver *sv, int o)
{
	const mc_order *ord = &sv->m->orders[o];
	int q = ord->quantity, planned = sv->p->orders[o].planned;
	if (read_order_units(sv, o))
		return -1;
	if (q + 1 > sv->capunits) {
		sv->capunits = 2 * (q + 1);
		sv->unit_of = mc_xrealloc(sv->unit_of, (size_t)sv->capunits *
							   sizeof(int64_t));
	}
	memset(sv->unit_of, 0, (size_t)(q + 1) * sizeof(int64_t));
	/* Rows come by seq then id, so the last match per seq is the most
	 * recently issued unit of this family. */
	int last = -1;
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (u->match && u->seq <= q) {
			if (last >= 0 && sv->rows[last].seq == u->seq)
				sv->rows[last].chosen = 0;
			u->chosen = 1;
			last = i;
		}
	}
	/* Cancel first so at most one unit per seq is live at any moment
	 * (the units_live index insists). */
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (u->chosen)
			sv->unit_of[u->seq] = u->id;
		else if (u->live) {
			sqlite3_bind_int64(sv->st[S_CANCEL], 1, u->id);
			if (step_write(sv->s, sv->st[S_CANCEL], sv->d))
				return -1;
		}
	}
	struct seq_cursor c = {sv->first[o], sv->first[o + 1], 0};
	if (c.k < c.end)
		c.left = sv->p->alloc[sv->by_order[c.k]].units;
	for (int seq = 1; seq <= q; seq++) {
		const mc_alloc *al = seq <= planned ? next_alloc(sv, &c) : NULL;
		const char *status = seq <= planned ? "planned" : "unmet";
		assert(seq > planned || al);
		if (sv->unit_of[seq]) {
			sqlite3_stmt *st = sv->st[S_REVIVE];
			sqlite3_bind_int64(st, 1, sv->unit_of[seq]);
			store_bind_text(st, 2, status);
			sqlite3_bind_int64(st, 3, sv->run);
			if (step_write(sv->s, st, sv->d))
				return -1;
		} else if (new_unit(sv, o, seq, status, &sv->unit_of[seq]))
			return -1;
		if (write_unit_plan(sv, sv->unit_of[seq], al))
			return -1;
	}
	return 0;
}

/* Records a what-if's plan for the live units of order o that exist. */
static int whatif_order(struct saver *sv, int o)
{
	int q = sv->m->orders[o].quantity, planned = sv->p->orders[o].planned;
	if (read_order_units(sv, o))
		return -1;
	struct seq_cursor c = {sv->first[o], sv->first[o + 1], 0};
	if (c.k < c.end)
		c.left = sv->p->alloc[sv->by_order[c.k]].units;
	int seq = 0;
	const mc_alloc *al = NULL;
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (!u->live || !u->match || u->seq > q)
			continue;
		while (seq < u->seq) {
			seq++;
			al = seq <= planned ? next_alloc(sv, &c) : NULL;
		}
		if (write_unit_plan(sv, u->id, al))
			return -1;
	}
	return 0;
}

static int save_units(struct saver *sv)
{
	const mc_model *m = sv->m;
	sqlite3_stmt *st = sv->st[S_GET_SERIAL];
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(sv->s, sv->d, "read the serial counter");
		sqlite3_reset(st);
		return -1;
	}
	sv->next_serial = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!sv->whatif) {
		st = sv->st[S_CANCEL_ABSENT];
		sqlite3_bind_int64(st, 1, sv->run);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	for (int o = 0; o < m->norders; o++)
		if (sv->whatif ? whatif_order(sv, o) : tag_order(sv, o))
			return -1;
	if (!sv->whatif) {
		st = sv->st[S_SET_SERIAL];
		sqlite3_bind_int64(st, 1, (sqlite3_int64)sv->next_serial);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* The frame of a unit-tagging write: the allocations grouped by order,
 * every statement prepared and an IMMEDIATE transaction begun (what is
 * set in *sv before stays).  Returns 0, or -1 (saver_end() cleans up). */
static int saver_begin(struct saver *sv, const char *what)
{
	sv->s->steps = 0;
	if (group_allocs(sv))
		return -1;
	for (int i = 0; i < S_COUNT; i++)
		if (!(sv->st[i] = store_prep(sv->s, save_sql[i], sv->d)))
			return -1;
	if (store_exec(sv->s, "BEGIN IMMEDIATE", what, sv->d))
		return -1;
	sv->began = 1;
	return 0;
}

/* Makes sv->run the published plan, as of unix time t. */
static int save_publish(struct saver *sv, double t)
{
	char at[32];
	store_iso_time(t, at, sizeof(at));
	sqlite3_bind_int64(sv->st[S_PUBLISH], 1, sv->run);
	store_bind_text(sv->st[S_PUBLISH], 2, at);
	return step_write(sv->s, sv->st[S_PUBLISH], sv->d);
}

/* Commits (ok = 1) or rolls back what saver_begin() began, and frees. */
static int saver_end(struct saver *sv, int ok, const char *what)
{
	int rc = ok && store_exec(sv->s, "COMMIT", what, sv->d) == 0 ? 0 : -1;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(sv->st[i]);
	if (rc < 0 && sv->began && !sqlite3_get_autocommit(sv->s->db))
		sqlite3_exec(sv->s->db, "ROLLBACK", NULL, NULL, NULL);
	free(sv->by_order);
	free(sv->first);
	free(sv->rows);
	free(sv->unit_of);
	return rc;
}

int mc_store_save_run(mc_store *s, const mc_model *m, const mc_plan *p,
		      const mc_run_meta *meta, int64_t *run_id, mc_diag *d)
{
	struct saver sv = {0};
	sv.s = s;
	sv.m = m;
	sv.p = p;
	sv.d = d;
	/* A held plan run is as hypothetical as a what-if (store.h). */
	sv.whatif =
	    (meta->kind && strcmp(meta->kind, "whatif") == 0) || meta->hold;
	int ok = saver_begin(&sv, "save run") == 0 &&
		 save_header(&sv, meta) == 0 && save_orders(&sv) == 0 &&
		 save_plan_rows(&sv) == 0 && save_units(&sv) == 0 &&
		 (sv.whatif || save_publish(&sv, meta->finished) == 0);
	if (saver_end(&sv, ok, "save run") < 0)
		return -1;
	*run_id = sv.run;
	return 0;
}

int mc_store_publish_plan(mc_store *s, int64_t id, const mc_model *m,
			  const mc_plan *p, mc_diag *d)
{
	struct saver sv = {0};
	sv.s = s;
	sv.m = m;
	sv.p = p;
	sv.d = d;
	sv.run = id;
	int ok = saver_begin(&sv, "publish a run") == 0;
	if (ok) { /* the run's rows of a hypothetical save go first */
		sqlite3_stmt *del =
		    store_prep(s, "DELETE FROM unit_plan WHERE run = ?1", d);
		if (del)
			sqlite3_bind_int64(del, 1, id);
		ok = del && step_write(s, del, d) == 0;
		sqlite3_finalize(del);
	}
	ok = ok && save_units(&sv) == 0 &&
	     save_publish(&sv, (double)time(NULL)) == 0;
	return saver_end(&sv, ok, "publish a run");
}

int mc_store_prune(mc_store *s, int keep, int *pruned, mc_diag *d)
{
	/* Kept: the keep newest runs, the published one, every run a unit's
	 * history names (first or last run) and every base of a kept
	 * what-if; input bytes no run names go too. */
	static const char *const sql[] = {
	    "CREATE TEMP TABLE IF NOT EXISTS prune_keep (id INTEGER PRIMARY "
	    "KEY)",
	    "DELETE FROM prune_keep",
	    "INSERT OR IGNORE INTO prune_keep SELECT id FROM runs ORDER BY id "
	    "DESC LIMIT ?1",
	    "INSERT OR IGNORE INTO prune_keep SELECT run FROM published",
	    "INSERT OR IGNORE INTO prune_keep SELECT first_run FROM units",
	    "INSERT OR IGNORE INTO prune_keep SELECT last_run FROM units",
	    "INSERT OR IGNORE INTO prune_keep SELECT base_run FROM runs WHERE "
	    "base_run IS NOT NULL AND id IN (SELECT id FROM prune_keep)",
	    "DELETE FROM unit_plan WHERE run NOT IN (SELECT id FROM "
	    "prune_keep)",
	    "DELETE FROM runs WHERE id NOT IN (SELECT id FROM prune_keep)",
	    "DELETE FROM blobs WHERE id NOT IN (SELECT blob FROM run_inputs "
	    "WHERE blob IS NOT NULL)",
	};
	int rc = -1, began = 0;
	*pruned = 0;
	if (store_exec(s, "BEGIN IMMEDIATE", "prune runs", d))
		return -1;
	began = 1;
	int gone = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st = store_prep(s, sql[i], d);
		if (!st)
			goto out;
		if (strstr(sql[i], "?1"))
			sqlite3_bind_int(st, 1, keep);
		int r = sqlite3_step(st);
		if (strncmp(sql[i], "DELETE FROM runs", 16) == 0)
			gone = sqlite3_changes(s->db);
		sqlite3_finalize(st);
		if (r != SQLITE_DONE) {
			store_fail(s, d, "prune runs");
			goto out;
		}
	}
	if (store_exec(s, "COMMIT", "prune runs", d))
		goto out;
	began = 0;
	*pruned = gone;
	rc = 0;
out:
	if (began && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int mc_store_plan_lock(const char *db, double wait, int *fd, mc_diag *d)
{
	char *path = mc_xmalloc(strlen(db) + 6);
	sprintf(path, "%s.lock", db);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		mc_diag_error(d, MC_ESTORE, "unable to open '%s': %s", path,
			      strerror(errno));
		free(path);
		return -1;
	}
	struct timespec nap = {0, 100 * 1000 * 1000};
	for (double waited = 0;; waited += 0.1) {
		if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK || waited >= wait) {
			if (errno == EWOULDBLOCK)
				mc_diag_error(d, MC_ESTORE,
					      "another plan is running on '%s' "
					      "(it holds '%s'); waited %g s "
					      "(--wait S waits longer)",
					      db, path, wait);
			else
				mc_diag_error(d, MC_ESTORE,
					      "unable to lock '%s': %s", path,
					      strerror(errno));
			close(*fd);
			*fd = -1;
			free(path);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	free(path);
	return 0;
}

void mc_store_plan_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

/* ---- small reads ---- */

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(mc_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d)
{
	sqlite3_stmt *st = store_prep(s, sql, d);
	int rc = -1;
	if (!st)
		return -1;
	if (has_param)
		sqlite3_bind_int64(st, 1, param);
	int r = sqlite3_step(st);
	*found = 0;
	if (r == SQLITE_ROW) {
		*found = sqlite3_column_type(st, 0) != SQLITE_NULL;
		*val = sqlite3_column_int64(st, 0);
	} else if (r != SQLITE_DONE) {
		store_fail(s, d, "read");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int mc_store_resolve_run(mc_store *s, const char *spec, int64_t *id, mc_diag *d)
{
	int64_t v = 0;
	int found = 0;
	if (strcmp(spec, "latest") == 0) {
		if (store_query_int(s, "SELECT max(id) FROM runs", 0, 0, &v,
				    &found, d))
			return -1;
		if (!found)
			return mc_diag_error(d, MC_ESTORE,
					     "no runs in '%s' yet", s->path);
	} else if (strcmp(spec, "published") == 0) {
		if (store_query_int(s, "SELECT run FROM published WHERE id = 1",
				    0, 0, &v, &found, d))
			return -1;
		if (!found)
			return mc_diag_error(
			    d, MC_ESTORE, "no published plan in '%s'", s->path);
	} else {
		char *end = NULL;
		errno = 0;
		long long n = strtoll(spec, &end, 10);
		if (!*spec || *end || errno || n <= 0 || spec[0] == '+' ||
		    spec[0] == ' ')
			return mc_diag_error(d, MC_EUSAGE,
					     "bad run '%s' (expected a run "
					     "number, 'latest' or 'published')",
					     spec);
		if (store_query_int(s, "SELECT id FROM runs WHERE id = ?1", 1,
				    n, &v, &found, d))
			return -1;
		if (!found)
			return mc_diag_error(d, MC_ESTORE,
					     "no run %lld in '%s'", n, s->path);
	}
	*id = v;
	return 0;
}

int mc_store_publish(mc_store *s, int64_t id, mc_diag *d)
{
	int rc = -1;
	char at[32];
	store_iso_time((double)time(NULL), at, sizeof(at));
	sqlite3_stmt *st =
	    store_prep(s,
		       "INSERT OR REPLACE INTO published (id, run, at)"
		       " SELECT 1, id, ?2 FROM runs WHERE id = ?1",
		       d);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, d, "publish a run");
		goto out;
	}
	if (sqlite3_changes(s->db) != 1) {
		mc_diag_error(d, MC_ESTORE, "no run %" PRId64 " in '%s'", id,
			      s->path);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int mc_store_published(mc_store *s, int64_t *id, mc_diag *d)
{
	int found = 0;
	int64_t v = 0;
	if (store_query_int(s, "SELECT run FROM published WHERE id = 1", 0, 0,
			    &v, &found, d))
		return -1;
	*id = found ? v : 0;
	return 0;
}

int mc_store_may_publish(mc_store *s, int norders, int min_orders, char *why,
			 size_t size, mc_diag *d)
{
	int64_t run = 0, pub = 0;
	int found = 0;
	if (norders < min_orders) {
		snprintf(why, size, "%d orders, fewer than --min-orders %d",
			 norders, min_orders);
		return 0;
	}
	if (mc_store_published(s, &run, d) ||
	    (run && store_query_int(s, "SELECT norders FROM runs WHERE id = ?",
				    1, run, &pub, &found, d)))
		return -1;
	if (found && 2 * (int64_t)norders < pub) {
		snprintf(why, size,
			 "%d orders, less than half of the %lld of the "
			 "published plan (run %lld)",
			 norders, (long long)pub, (long long)run);
		return 0;
	}
	return 1;
}

int mc_store_next_serial(mc_store *s, uint64_t *serial, mc_diag *d)
{
	int found = 0;
	int64_t v = 0;
	if (store_query_int(s,
			    "SELECT value FROM meta WHERE key = 'next_serial'",
			    0, 0, &v, &found, d))
		return -1;
	if (!found)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to read '%s': the serial counter "
				     "is missing",
				     s->path);
	*serial = (uint64_t)v;
	return 0;
}

/* ---- listing and loading runs ---- */

/* Grows an arena array of elements of size sz to hold n + 1. */
static void *grow(mc_arena *a, void *v, int n, int *cap, size_t sz)
{
	if (n < *cap)
		return v;
	int ncap = *cap ? 2 * *cap : 16;
	void *nv = mc_arena_calloc(a, (size_t)ncap, sz);
	if (n)
		memcpy(nv, v, (size_t)n * sz);
	*cap = ncap;
	return nv;
}

/* Horizon index of ISO date text, relative to day number start. */
static int day_index(const char *iso, int start)
{
	int day;
	if (!iso || mc_date_parse(iso, &day))
		return -1;
	return day - start;
}

static int load_header(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
		       mc_diag *d)
{
	int rc = -1, r;
	sqlite3_stmt *st = store_prep(
	    s,
	    "SELECT kind, base_run, scenario, started, finished, elapsed, "
	    "status, enterprise, prefix, horizon_start, horizon_days, "
	    "frozen_days, lp_status, nclasses, lp_rows, lp_cols, lp_iters, "
	    "t_load, t_build, t_solve, t_round, objective, "
	    "CASE WHEN bound_known THEN lp_bound END, "
	    "CASE WHEN bound_known THEN gap END, "
	    "cost_make, cost_options, cost_lane, cost_late, cost_holding, "
	    "cost_unmet, cost_overtime, units_planned, units_unmet, "
	    "units_late, EXISTS (SELECT 1 FROM published p "
	    "WHERE p.run = runs.id), round_repair_cost, round_moves, "
	    "round_stop, changes FROM runs WHERE id = ?1",
	    d);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	r = sqlite3_step(st);
	if (r == SQLITE_DONE) {
		mc_diag_error(d, MC_ESTORE, "no run %" PRId64 " in '%s'", id,
			      s->path);
		goto out;
	}
	if (r != SQLITE_ROW) {
		store_fail(s, d, "read a run");
		goto out;
	}
	v->id = id;
	v->kind = col_text(st, 0, a);
	v->base_run = sqlite3_column_int64(st, 1);
	v->scenario = col_text(st, 2, a);
	v->started = col_text(st, 3, a);
	v->finished = col_text(st, 4, a);
	v->elapsed = sqlite3_column_double(st, 5);
	v->status = col_text(st, 6, a);
	v->enterprise = col_text(st, 7, a);
	v->prefix = col_text(st, 8, a);
	v->horizon_start = col_text(st, 9, a);
	v->horizon_days = sqlite3_column_int(st, 10);
	v->frozen_days = sqlite3_column_int(st, 11);
	v->lp_status = col_text(st, 12, a);
	v->nclasses = sqlite3_column_int(st, 13);
	v->lp_rows = sqlite3_column_int(st, 14);
	v->lp_cols = sqlite3_column_int(st, 15);
	v->lp_iters = sqlite3_column_int(st, 16);
	v->t_load = sqlite3_column_double(st, 17);
	v->t_build = sqlite3_column_double(st, 18);
	v->t_solve = sqlite3_column_double(st, 19);
	v->t_round = sqlite3_column_double(st, 20);
	v->cost = sqlite3_column_double(st, 21);
	v->lp_bound = col_real(st, 22);
	v->gap = col_real(st, 23);
	v->cost_make = sqlite3_column_double(st, 24);
	v->cost_options = sqlite3_column_double(st, 25);
	v->cost_lane = sqlite3_column_double(st, 26);
	v->cost_late = sqlite3_column_double(st, 27);
	v->cost_holding = sqlite3_column_double(st, 28);
	v->cost_unmet = sqlite3_column_double(st, 29);
	v->cost_overtime = sqlite3_column_double(st, 30);
	v->units_planned = sqlite3_column_int(st, 31);
	v->units_unmet = sqlite3_column_int(st, 32);
	v->units_late = sqlite3_column_int(st, 33);
	v->published = sqlite3_column_int(st, 34);
	v->cost_repair = col_real(st, 35);
	v->round_moves = sqlite3_column_int64(st, 36);
	v->round_stop = col_text(st, 37, a);
	v->changes = col_text(st, 38, a);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The per-table readers below fill one element from the current row. */
typedef void (*row_fn)(sqlite3_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start);

static void row_input(sqlite3_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_input *x = elem;
	(void)v;
	(void)start;
	x->role = col_text(st, 0, a);
	x->path = col_text(st, 1, a);
	x->digest = col_text(st, 2, a);
}

/* row_input() plus the snapshot's bytes (NULL when none). */
static void row_source(sqlite3_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start)
{
	mc_view_input *x = elem;
	row_input(st, a, elem, v, start);
	x->bytes = NULL;
	x->len = 0;
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		size_t n = (size_t)sqlite3_column_bytes(st, 3);
		char *b = mc_arena_alloc(a, n + 1);
		if (n)
			memcpy(b, sqlite3_column_blob(st, 3), n);
		b[n] = '\0';
		x->bytes = b;
		x->len = n;
	}
}

static void row_resource(sqlite3_stmt *st, mc_arena *a, void *elem,
			 const mc_run_view *v, int start)
{
	mc_view_resource *x = elem;
	(void)v;
	(void)start;
	x->id = col_text(st, 0, a);
	x->plant = col_text(st, 1, a);
	x->kind = col_text(st, 2, a);
	x->hours = sqlite3_column_double(st, 3);
	x->ot_hours = sqlite3_column_double(st, 4);
	x->ot_cost = sqlite3_column_double(st, 5);
}

static void row_order(sqlite3_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_order *x = elem;
	(void)v;
	(void)start;
	x->id = col_text(st, 0, a);
	x->customer = col_text(st, 1, a);
	x->region = col_text(st, 2, a);
	x->family = col_text(st, 3, a);
	x->options = col_text(st, 4, a);
	x->quantity = sqlite3_column_int(st, 5);
	x->due = col_text(st, 6, a);
	x->release = col_text(st, 7, a);
	x->priority = sqlite3_column_double(st, 8);
	x->late_penalty = sqlite3_column_double(st, 9);
	x->unmet_penalty = sqlite3_column_double(st, 10);
	x->max_late_days = sqlite3_column_int(st, 11);
	x->planned = sqlite3_column_int(st, 12);
	x->unmet = sqlite3_column_int(st, 13);
	x->late_units = sqlite3_column_int(st, 14);
	x->late_days = sqlite3_column_int(st, 15);
	x->max_late = sqlite3_column_int(st, 16);
	x->last_arrive = col_text(st, 17, a);
	x->cost = sqlite3_column_double(st, 18);
	x->reason = col_text(st, 19, a);
	x->detail = col_text(st, 20, a);
	x->ontime_cost = sqlite3_column_type(st, 21) == SQLITE_NULL
			     ? NAN
			     : sqlite3_column_double(st, 21);
	x->ontime_note = col_text(st, 22, a);
}

static void row_alloc(sqlite3_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_alloc *x = elem;
	(void)v;
	x->order = col_text(st, 0, a);
	x->order_idx = sqlite3_column_int(st, 1);
	x->plant = col_text(st, 2, a);
	x->resource = col_text(st, 3, a);
	x->day = col_text(st, 4, a);
	x->t = day_index(x->day, start);
	x->units = sqlite3_column_int(st, 5);
	x->arrive = col_text(st, 6, a);
}

static void row_cap(sqlite3_stmt *st, mc_arena *a, void *elem,
		    const mc_run_view *v, int start)
{
	mc_view_cap *x = elem;
	x->res_idx = sqlite3_column_int(st, 0);
	x->resource = v->resources[x->res_idx].id;
	x->plant = v->resources[x->res_idx].plant;
	x->kind = v->resources[x->res_idx].kind;
	x->day = col_text(st, 1, a);
	x->t = day_index(x->day, start);
	x->hours = sqlite3_column_double(st, 2);
	x->ot_max = sqlite3_column_double(st, 3);
	x->used = sqlite3_column_double(st, 4);
	x->ot = sqlite3_column_double(st, 5);
	x->shadow = sqlite3_column_double(st, 6);
}

static void row_mat(sqlite3_stmt *st, mc_arena *a, void *elem,
		    const mc_run_view *v, int start)
{
	mc_view_mat *x = elem;
	(void)v;
	x->plant = col_text(st, 0, a);
	x->material = col_text(st, 1, a);
	x->day = col_text(st, 2, a);
	x->t = day_index(x->day, start);
	x->available = sqlite3_column_double(st, 3);
	x->used = sqlite3_column_double(st, 4);
	x->shadow = sqlite3_column_double(st, 5);
}

static void row_unit(sqlite3_stmt *st, mc_arena *a, void *elem,
		     const mc_run_view *v, int start)
{
	mc_view_unit *x = elem;
	(void)v;
	(void)start;
	x->identifier = col_text(st, 0, a);
	x->serial = sqlite3_column_int64(st, 1);
	x->order = col_text(st, 2, a);
	x->order_idx = sqlite3_column_type(st, 3) == SQLITE_NULL
			   ? -1
			   : sqlite3_column_int(st, 3);
	x->seq = sqlite3_column_int(st, 4);
	x->status = col_text(st, 5, a);
	x->plant = col_text(st, 6, a);
	x->resource = col_text(st, 7, a);
	x->day = col_text(st, 8, a);
	x->arrive = col_text(st, 9, a);
	x->status_now = col_text(st, 10, a);
}

/* Reads every row of sql (parameter ?1 = run id) into an arena array. */
/* Runs sql with ?1 bound to text, or to id when text is NULL (and sql has
 * a parameter), and reads every row with fn into an array from a: *out and
 * *n.  what names the read in an error ("unable to read units ..."). */
static int read_rows(mc_store *s, const char *sql, const char *text, int64_t id,
		     mc_arena *a, size_t sz, row_fn fn, const mc_run_view *v,
		     int start, void **out, int *n, const char *what,
		     mc_diag *d)
{
	int rc = -1, cap = 0, r;
	char *arr = NULL;
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prep(s, sql, d);
	if (!st)
		goto out;
	if (text)
		store_bind_text(st, 1, text);
	else if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		arr = grow(a, arr, *n, &cap, sz);
		fn(st, a, arr + (size_t)(*n)++ * sz, v, start);
	}
	if (r != SQLITE_DONE) {
		store_fail(s, d, what);
		*n = 0;
		goto out;
	}
	*out = arr;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The rows of one table of run id, for mc_store_load_run(). */
static int load_rows(mc_store *s, const char *sql, int64_t id, mc_arena *a,
		     size_t sz, row_fn fn, const mc_run_view *v, int start,
		     void **out, int *n, mc_diag *d)
{
	return read_rows(s, sql, NULL, id, a, sz, fn, v, start, out, n,
			 "read a run", d);
}

static void row_run(sqlite3_stmt *st, mc_arena *a, void *elem,
		    const mc_run_view *v, int start)
{
	mc_run_row *x = elem;
	(void)v;
	(void)start;
	x->id = sqlite3_column_int64(st, 0);
	x->kind = col_text(st, 1, a);
	x->base_run = sqlite3_column_int64(st, 2);
	x->scenario = col_text(st, 3, a);
	x->started = col_text(st, 4, a);
	x->finished = col_text(st, 5, a);
	x->elapsed = sqlite3_column_double(st, 6);
	x->status = col_text(st, 7, a);
	x->lp_status = col_text(st, 8, a);
	x->horizon_start = col_text(st, 9, a);
	x->horizon_days = sqlite3_column_int(st, 10);
	x->norders = sqlite3_column_int(st, 11);
	x->units_planned = sqlite3_column_int(st, 12);
	x->units_unmet = sqlite3_column_int(st, 13);
	x->units_late = sqlite3_column_int(st, 14);
	x->cost = sqlite3_column_double(st, 15);
	x->lp_bound = col_real(st, 16);
	x->gap = col_real(st, 17);
	x->published = sqlite3_column_int(st, 18);
}

int mc_store_run_start(mc_store *s, int64_t id, int *day, mc_diag *d)
{
	int rc = -1;
	sqlite3_stmt *st =
	    store_prep(s, "SELECT horizon_start FROM runs WHERE id = ?1", d);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st);
	const unsigned char *t =
	    r == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		store_fail(s, d, "read a run");
	else if (!t || mc_date_parse((const char *)t, day))
		mc_diag_error(d, MC_ESTORE,
			      "no run %" PRId64 " with a horizon in '%s'", id,
			      s->path);
	else
		rc = 0;
	sqlite3_finalize(st);
	return rc;
}

int mc_store_run_sources(mc_store *s, int64_t id, mc_arena *a,
			 mc_view_input **in, int *n, mc_diag *d)
{
	void *p;
	int rc = load_rows(
	    s,
	    "SELECT role, path, run_inputs.digest, bytes FROM run_inputs "
	    "LEFT JOIN blobs ON blobs.id = run_inputs.blob "
	    "WHERE run = ?1 ORDER BY idx",
	    id, a, sizeof(mc_view_input), row_source, NULL, 0, &p, n, d);
	*in = p;
	return rc;
}

int mc_store_list_runs(mc_store *s, mc_arena *a, mc_run_row **rows, int *n,
		       mc_diag *d)
{
	void *p;
	int rc = read_rows(
	    s,
	    "SELECT r.id, r.kind, r.base_run, r.scenario, r.started, "
	    "r.finished, r.elapsed, r.status, r.lp_status, r.horizon_start, "
	    "r.horizon_days, r.norders, r.units_planned, r.units_unmet, "
	    "r.units_late, r.objective, "
	    "CASE WHEN r.bound_known THEN r.lp_bound END, "
	    "CASE WHEN r.bound_known THEN r.gap END, "
	    "EXISTS (SELECT 1 FROM published p WHERE p.run = r.id) "
	    "FROM runs r ORDER BY r.id",
	    NULL, 0, a, sizeof(mc_run_row), row_run, NULL, 0, &p, n,
	    "list runs", d);
	*rows = p;
	return rc;
}

int mc_store_load_run(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
		      mc_diag *d)
{
	void *p;
	int start = 0;
	memset(v, 0, sizeof(*v));
	if (load_header(s, id, a, v, d))
		return -1;
	if (mc_date_parse(v->horizon_start, &start))
		return mc_diag_error(d, MC_ESTORE,
				     "unable to read run %" PRId64 " in '%s': "
				     "bad horizon start '%s'",
				     id, s->path, v->horizon_start);
	if (load_rows(s,
		      "SELECT role, path, digest FROM run_inputs "
		      "WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_input), row_input, v, start, &p,
		      &v->ninputs, d))
		return -1;
	v->inputs = p;
	if (load_rows(s,
		      "SELECT resource, plant, kind, hours, ot_hours, ot_cost "
		      "FROM run_resources "
		      "WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_resource), row_resource, v, start,
		      &p, &v->nresources, d))
		return -1;
	v->resources = p;
	if (load_rows(s,
		      "SELECT order_id, customer, region, family, options, "
		      "quantity, due, release, priority, late_penalty, "
		      "unmet_penalty, max_late_days, planned, unmet, "
		      "late_units, late_days, max_late, last_arrive, cost, "
		      "reason, detail, ontime_cost, ontime_note "
		      "FROM run_orders WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_order), row_order, v, start, &p,
		      &v->norders, d))
		return -1;
	v->orders = p;
	if (load_rows(s,
		      "SELECT p.order_id, o.idx, p.plant, p.resource, p.day, "
		      "p.units, p.arrive FROM plan p JOIN run_orders o "
		      "ON o.run = p.run AND o.order_id = p.order_id "
		      "WHERE p.run = ?1 ORDER BY p.line",
		      id, a, sizeof(mc_view_alloc), row_alloc, v, start, &p,
		      &v->nallocs, d))
		return -1;
	v->allocs = p;
	if (load_rows(s,
		      "SELECT r.idx, c.day, c.hours, c.ot_max, c.used, c.ot, "
		      "c.shadow FROM capacity c JOIN run_resources r "
		      "ON r.run = c.run AND r.resource = c.resource "
		      "WHERE c.run = ?1 ORDER BY r.idx, c.day",
		      id, a, sizeof(mc_view_cap), row_cap, v, start, &p,
		      &v->ncap, d))
		return -1;
	v->cap = p;
	if (load_rows(s,
		      "SELECT plant, material, day, available, used, shadow "
		      "FROM materials WHERE run = ?1 ORDER BY rowid",
		      id, a, sizeof(mc_view_mat), row_mat, v, start, &p,
		      &v->nmat, d))
		return -1;
	v->mat = p;
	if (load_rows(s,
		      "SELECT u.identifier, u.serial, u.order_id, o.idx, "
		      "u.seq, up.status, up.plant, up.resource, up.day, "
		      "up.arrive, u.status FROM unit_plan up "
		      "JOIN units u ON u.id = up.unit "
		      "LEFT JOIN run_orders o ON o.run = up.run "
		      "AND o.order_id = u.order_id WHERE up.run = ?1 "
		      "ORDER BY o.idx, u.seq, u.id",
		      id, a, sizeof(mc_view_unit), row_unit, v, start, &p,
		      &v->nunits, d))
		return -1;
	v->units = p;
	return 0;
}

/* ---- units ---- */

/* A unit with the facts of the last plan run it was live in (last_run:
 * its unit_plan row there), and its order as that run saw it. */
#define SQL_UNIT_REC                                                           \
	"SELECT u.identifier, u.serial, u.order_id, u.seq, u.family, u.code, " \
	"u.gtin, u.status, u.first_run, u.last_run, up.run, up.status, "       \
	"up.plant, up.resource, up.day, up.arrive, o.customer, o.region, "     \
	"o.options, o.due FROM units u "                                       \
	"LEFT JOIN unit_plan up ON up.unit = u.id AND up.run = u.last_run "    \
	"LEFT JOIN run_orders o ON o.run = up.run AND o.order_id = "           \
	"u.order_id "

static void unit_rec(sqlite3_stmt *st, mc_arena *a, void *elem,
		     const mc_run_view *v, int start)
{
	mc_unit_rec *x = elem;
	(void)v;
	(void)start;
	x->identifier = col_text(st, 0, a);
	x->serial = sqlite3_column_int64(st, 1);
	x->order = col_text(st, 2, a);
	x->seq = sqlite3_column_int(st, 3);
	x->family = col_text(st, 4, a);
	x->code = col_text(st, 5, a);
	x->gtin = col_text(st, 6, a);
	x->status = col_text(st, 7, a);
	x->first_run = sqlite3_column_int64(st, 8);
	x->last_run = sqlite3_column_int64(st, 9);
	x->run = sqlite3_column_int64(st, 10);
	x->run_status = col_text(st, 11, a);
	x->plant = col_text(st, 12, a);
	x->resource = col_text(st, 13, a);
	x->day = col_text(st, 14, a);
	x->arrive = col_text(st, 15, a);
	x->customer = col_text(st, 16, a);
	x->region = col_text(st, 17, a);
	x->options = col_text(st, 18, a);
	x->due = col_text(st, 19, a);
}

static int unit_query(mc_store *s, const char *sql, const char *param,
		      mc_arena *a, mc_unit_rec **out, int *n, mc_diag *d)
{
	void *p;
	int rc = read_rows(s, sql, param, 0, a, sizeof(mc_unit_rec), unit_rec,
			   NULL, 0, &p, n, "read units", d);
	*out = p;
	return rc;
}

/* Runs the kept statement *cache (prepared from sql on first use) with
 * ?1 bound to text, or to id when text is NULL, and reads its first row
 * into *out.  1 found, 0 not, -1 on a store error. */
static int find_one(mc_store *s, sqlite3_stmt **cache, const char *sql,
		    const char *text, int64_t id, mc_arena *a, mc_unit_rec *out,
		    mc_diag *d)
{
	if (!*cache &&
	    sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, cache,
			       NULL) != SQLITE_OK) {
		store_fail(s, d, "prepare a statement");
		sqlite3_finalize(*cache);
		*cache = NULL;
		return -1;
	}
	sqlite3_stmt *st = *cache;
	if (text)
		store_bind_text(st, 1, text);
	else
		sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st), rc = 0;
	if (r == SQLITE_ROW) {
		unit_rec(st, a, out, NULL, 0);
		rc = 1;
	} else if (r != SQLITE_DONE)
		rc = store_fail(s, d, "read units");
	sqlite3_reset(st); /* ends the read: a writer may checkpoint */
	sqlite3_clear_bindings(st);
	return rc;
}

int mc_store_find_unit(mc_store *s, const char *identifier, mc_arena *a,
		       mc_unit_rec *out, mc_diag *d)
{
	return find_one(s, &s->find_id, SQL_UNIT_REC "WHERE u.identifier = ?1",
			identifier, 0, a, out, d);
}

int mc_store_find_serial(mc_store *s, uint64_t serial, mc_arena *a,
			 mc_unit_rec *out, mc_diag *d)
{
	if (serial > INT64_MAX)
		return 0;
	return find_one(s, &s->find_serial, SQL_UNIT_REC "WHERE u.serial = ?1",
			NULL, (int64_t)serial, a, out, d);
}

static void unit_event(sqlite3_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start)
{
	mc_unit_event *x = elem;
	(void)v;
	(void)start;
	x->run = sqlite3_column_int64(st, 0);
	x->started = col_text(st, 1, a);
	x->status = col_text(st, 2, a);
	x->plant = col_text(st, 3, a);
	x->day = col_text(st, 4, a);
	x->arrive = col_text(st, 5, a);
}

int mc_store_unit_history(mc_store *s, const char *identifier, mc_arena *a,
			  mc_unit_event **out, int *n, mc_diag *d)
{
	void *p;
	int rc = read_rows(
	    s,
	    "SELECT r.id, r.started, up.status, up.plant, up.day, up.arrive "
	    "FROM units u JOIN unit_plan up ON up.unit = u.id "
	    "JOIN runs r ON r.id = up.run "
	    "WHERE u.identifier = ?1 AND r.kind = 'plan' ORDER BY r.id",
	    identifier, 0, a, sizeof(mc_unit_event), unit_event, NULL, 0, &p, n,
	    "read a unit's history", d);
	*out = p;
	return rc;
}

int mc_store_order_units(mc_store *s, const char *order_id, mc_arena *a,
			 mc_unit_rec **out, int *n, mc_diag *d)
{
	return unit_query(
	    s, SQL_UNIT_REC "WHERE u.order_id = ?1 ORDER BY u.seq, u.id",
	    order_id, a, out, n, d);
}

/* ---- dump ---- */

static const char *const dump_sql[] = {
    "SELECT 'meta', * FROM meta ORDER BY key",
    "SELECT 'runs', * FROM runs ORDER BY id",
    "SELECT 'run_inputs', * FROM run_inputs ORDER BY run, idx",
    "SELECT 'run_resources', * FROM run_resources ORDER BY run, idx",
    "SELECT 'run_orders', * FROM run_orders ORDER BY run, idx",
    "SELECT 'plan', * FROM plan ORDER BY run, line",
    "SELECT 'units', * FROM units ORDER BY id",
    "SELECT 'unit_plan', * FROM unit_plan ORDER BY run, unit",
    "SELECT 'capacity', * FROM capacity ORDER BY run, resource, day",
    ("SELECT 'materials', * FROM materials "
     "ORDER BY run, plant, material, day"),
    "SELECT 'published', * FROM published",
};

int mc_store_dump(mc_store *s, FILE *out, mc_diag *d)
{
	for (size_t i = 0; i < sizeof(dump_sql) / sizeof(dump_sql[0]); i++) {
		sqlite3_stmt *st = store_prep(s, dump_sql[i], d);
		int r;
		if (!st)
			return -1;
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int nc = sqlite3_column_count(st);
			for (int c = 0; c < nc; c++) {
				const unsigned char *t =
				    sqlite3_column_text(st, c);
				fprintf(out, "%s%s", c ? "|" : "",
					t ? (const char *)t : "NULL");
			}
			fputc('\n', out);
		}
		sqlite3_finalize(st);
		if (r != SQLITE_DONE)
			return store_fail(s, d, "dump");
	}
	return 0;
}
