/*
 * store.c - the SQLite store (see store.h for the contract): the schema and
 * its migrations, opening and closing, the plan lock, run specs, the
 * published pointer and the serial counter, and the SQLite helpers the
 * store's files share (store_impl.h).  The run writer (saving, unit
 * tagging, publishing, pruning) is store_write.c; the readers (runs, run
 * views, input snapshots, units, the dump) are store_read.c; recording
 * the floor's actuals is store_actuals.c.
 *
 * The store's files are the only ones that include <sqlite3.h>.  The
 * schema is an ordered list of migration scripts; PRAGMA user_version
 * counts how many a database has had.  All SQL is static text with bound
 * parameters.
 *
 * Memory: the mc_store owns the connection and a copy of its path.
 */
#include "store.h"
#include "store_impl.h"

#include <errno.h>
#include <math.h>
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

/* Actuals: what the factory floor reports of each unit (mcsched
 * actuals).  units.life is its latest floor status, NULL while none was
 * reported, and life_day that status's day; unit_events keeps every
 * status once, with the file and row it came from and when it was loaded.
 * A scrapped unit is also 'cancelled': its identifier is retired. */
static const char *const migration_6[] = {
    "ALTER TABLE units ADD COLUMN life TEXT\n"
    "  CHECK (life IN ('released', 'produced', 'shipped', 'scrapped'));\n",
    "ALTER TABLE units ADD COLUMN life_day TEXT;\n",
    "CREATE TABLE unit_events (\n"
    "  id     INTEGER PRIMARY KEY,\n"
    "  unit   INTEGER NOT NULL REFERENCES units(id),\n"
    "  status TEXT NOT NULL\n"
    "         CHECK (status IN ('released', 'produced', 'shipped',\n"
    "                           'scrapped')),\n"
    "  day    TEXT NOT NULL,\n"
    "  source TEXT NOT NULL, -- the file's path as given\n"
    "  line   INTEGER NOT NULL,\n"
    "  loaded TEXT NOT NULL, -- ISO UTC time\n"
    "  UNIQUE (unit, status)\n"
    ");\n",
    NULL,
};

/* The nightly cycle: plan rows of frozen units (kept from the published
 * plan as they were); per run the published run it committed to, its
 * frozen and made units, whether it kept every frozen unit, stability
 * (units it could keep in place, kept, the cost per unit moved and what
 * the moves cost in the LP's terms, what holding the plan cost the LP's
 * optimum: NULL when not known), the published units still ordered
 * and how many moved; the conflicts of its frozen window and the moves
 * of published units with their causes.  NULL for runs saved before
 * version 7. */
static const char *const migration_7[] = {
    "ALTER TABLE plan ADD COLUMN frozen INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE runs ADD COLUMN committed_to INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN units_frozen INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN units_done INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN frozen_ok INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN keep_units INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN kept_units INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN stability_cost REAL;\n",
    "ALTER TABLE runs ADD COLUMN cost_stability REAL;\n",
    "ALTER TABLE runs ADD COLUMN units_persisting INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN units_moved INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN stability_price REAL;\n",
    "CREATE TABLE run_conflicts (\n"
    "  run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  idx      INTEGER NOT NULL,\n"
    "  what     TEXT NOT NULL,\n"
    "  order_id TEXT,\n"
    "  place    TEXT,\n"
    "  day      TEXT,\n"
    "  units    INTEGER NOT NULL,\n"
    "  detail   TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, idx)\n"
    ");\n",
    "CREATE TABLE run_moves (\n"
    "  run        INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  idx        INTEGER NOT NULL,\n"
    "  order_id   TEXT NOT NULL,\n"
    "  from_plant TEXT,\n"
    "  from_day   TEXT NOT NULL,\n"
    "  to_plant   TEXT,\n"
    "  to_day     TEXT,\n"
    "  units      INTEGER NOT NULL,\n"
    "  cause      TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, idx)\n"
    ");\n",
    NULL,
};

/* Whole units: the neighbourhood MIPs after the local improvement, what
 * they saved, neighbourhoods solved and taken, how they ended. */
static const char *const migration_8[] = {
    "ALTER TABLE runs ADD COLUMN round_mip_gain REAL;\n",
    "ALTER TABLE runs ADD COLUMN round_mip_tried INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN round_mip_improved INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN round_mip_stop TEXT;\n",
    NULL,
};

/* A night as it can be planned again (a what-if on a plan run plans that
 * run's own night): the settings it was planned with (back-end, full LP,
 * round time, stability cost asked, time limit) and, in run_floor, the
 * floor's reports it read: every reported unit of the orders of the plan it
 * was held to, and every made unit of its own orders, as they stood then.
 * floor_saved is 1 for runs that kept it.  Whole units: where they started
 * (round_from "lp" or "published"), what keeping the published plan cost
 * (round_cost_kept), what placing minutes at the least overtime saved
 * (round_ot_gain).
 * Made is delivered: per order of a run the units the floor had made
 * (produced or shipped) when it was planned, those of them that arrive
 * after the due date by their actual day, and the latest arrival of one;
 * per run their sums; and a kept-back plan run's reason (NULL when it was
 * published, or is not a plan).  Older runs read 0 and NULL. */
static const char *const migration_9[] = {
    "ALTER TABLE runs ADD COLUMN solver TEXT;\n",
    "ALTER TABLE runs ADD COLUMN full_lp INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN round_time REAL;\n",
    "ALTER TABLE runs ADD COLUMN stability_asked REAL;\n",
    "ALTER TABLE runs ADD COLUMN time_limit REAL;\n",
    "ALTER TABLE runs ADD COLUMN floor_saved INTEGER;\n",
    "ALTER TABLE runs ADD COLUMN round_from TEXT;\n",
    "ALTER TABLE runs ADD COLUMN round_cost_kept REAL;\n",
    "ALTER TABLE runs ADD COLUMN round_ot_gain REAL;\n",
    "CREATE TABLE run_floor (\n"
    "  run       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  serial    INTEGER NOT NULL,\n"
    "  order_id  TEXT NOT NULL,\n"
    "  seq       INTEGER NOT NULL,\n"
    "  plant     TEXT,\n"
    "  life      TEXT NOT NULL,\n"
    "  life_day  TEXT,\n"
    "  made_day  TEXT,\n"
    "  cancelled INTEGER NOT NULL,\n"
    "  PRIMARY KEY (run, serial)\n"
    ");\n",
    "ALTER TABLE run_orders ADD COLUMN made INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE run_orders ADD COLUMN made_late INTEGER NOT NULL "
    "DEFAULT 0;\n",
    "ALTER TABLE run_orders ADD COLUMN made_arrive TEXT;\n",
    "ALTER TABLE runs ADD COLUMN units_made INTEGER NOT NULL DEFAULT 0;\n",
    "ALTER TABLE runs ADD COLUMN units_made_late INTEGER NOT NULL "
    "DEFAULT 0;\n",
    "ALTER TABLE runs ADD COLUMN hold_reason TEXT;\n",
    NULL,
};

static const char *const *const migrations[] = {
    migration_1, /* initial schema */
    migration_2, /* run_orders.ontime_cost, ontime_note */
    migration_3, /* runs.bound_known */
    migration_4, /* blobs, run_inputs.blob: input snapshots; changes */
    migration_5, /* runs.round_repair_cost, round_moves, round_stop */
    migration_6, /* units.life, life_day, unit_events: actuals */
    migration_7, /* the nightly cycle: frozen, stability, moves */
    migration_8, /* runs.round_mip_gain, _tried, _improved, _stop */
    migration_9, /* a night's settings and floor (run_floor); made
		  * units per order and run; runs.hold_reason */
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

/* ---- small helpers ---- */

const char *store_plain(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_FULL:
		return "the disk is full";
	case SQLITE_READONLY:
		return "the database or its folder is read-only here";
	case SQLITE_CANTOPEN:
		return "the file cannot be opened (no such folder, or no "
		       "permission)";
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return "permission denied";
	case SQLITE_NOTADB:
		return "it is not an mcsched database (not SQLite)";
	case SQLITE_CORRUPT:
		return "the database file is damaged";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "another process holds the database (busy)";
	case SQLITE_NOMEM:
		return "out of memory";
	case SQLITE_IOERR:
		return (rc == SQLITE_IOERR_SHMSIZE ||
			rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
			rc == SQLITE_IOERR_TRUNCATE)
			   ? "the disk could not be written (full?)"
			   : "the disk could not be read or written";
	default:
		return NULL;
	}
}

/* "unable to <what> in 'path': <plain words> (SQLite: <message>)" */
static int fail_rc(mc_diag *d, const char *what, const char *in,
		   const char *path, int rc, const char *msg)
{
	const char *plain = store_plain(rc);
	if (plain)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to %s%s'%s': %s (SQLite: %s)",
				     what, in, path, plain, msg);
	return mc_diag_error(d, MC_ESTORE, "unable to %s%s'%s': %s", what, in,
			     path, msg);
}

int store_fail(mc_store *s, mc_diag *d, const char *what)
{
	return fail_rc(d, what, " in ", s->path,
		       sqlite3_extended_errcode(s->db), sqlite3_errmsg(s->db));
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
		fail_rc(d, what, " in ", s->path,
			sqlite3_extended_errcode(s->db),
			err ? err : sqlite3_errmsg(s->db));
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

/* open_flags()'s *code for a database of an older schema version (not
 * one of SQLite's codes, which are never negative). */
#define OLDER_SCHEMA (-2)

/* A read-only connection cannot migrate: its database must be at this
 * mcsched's schema version (else -1, with *code OLDER_SCHEMA when it is
 * older). */
static int schema_current(mc_store *s, int *code, mc_diag *d)
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
	if (version < NMIGRATIONS)
		*code = OLDER_SCHEMA;
	return mc_diag_error(d, MC_ESTORE,
			     "unable to open '%s' read-only: schema version "
			     "%lld, this mcsched reads %d (%s)",
			     s->path, (long long)version, NMIGRATIONS,
			     version < NMIGRATIONS
				 ? "any mcsched command upgrades it where "
				   "it may write the file"
				 : "it was written by a newer mcsched");
}

/* "file:PATH?immutable=1" with PATH percent-encoded, malloc'ed. */
static char *immutable_uri(const char *path)
{
	static const char tail[] = "?immutable=1";
	char *u = mc_xmalloc(5 + 3 * strlen(path) + sizeof(tail)), *o = u;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	strcpy(o, tail);
	return u;
}

/* Opens path with SQLite flags (immutable: read-only, as a file nobody
 * writes) into *out.  On error *out is NULL, *code SQLite's result code
 * (0 when it is not SQLite's) and the message in d. */
static int open_flags(const char *path, int flags, int immutable,
		      mc_store **out, int *code, mc_diag *d)
{
	int rc = -1;
	mc_store *s = mc_xcalloc(1, sizeof(*s));
	s->path = mc_xstrdup(path);
	*out = NULL;
	*code = 0;
	if (stat(path, &s->st) == 0 && !S_ISREG(s->st.st_mode)) {
		/* SQLite would write a FIFO or a device, and as root create
		 * its -wal beside a device node. */
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': not a regular file", path);
		goto out;
	}
	char *uri = immutable ? immutable_uri(path) : NULL;
	int r = sqlite3_open_v2(uri ? uri : path, &s->db,
				flags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (r != SQLITE_OK) {
		*code = s->db ? sqlite3_extended_errcode(s->db) : r;
		fail_rc(d, "open", " ", path, *code,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	s->readonly = !(flags & SQLITE_OPEN_READWRITE);
	s->immutable = immutable;
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
		*code = sqlite3_extended_errcode(s->db);
		fail_rc(d, "open", " ", path, *code,
			err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		goto out;
	}
	/* the file this connection reads, for mc_store_stale() */
	if (stat(path, &s->st) != 0)
		memset(&s->st, 0, sizeof(s->st));
	if (s->readonly ? schema_current(s, code, d) : migrate(s, d))
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
	int code;
	return open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0,
			  out, &code, d);
}

/* "no database '<path>' (mcsched plan creates it)": -1. */
static int no_database(const char *path, mc_diag *d)
{
	return mc_diag_error(
	    d, MC_ESTORE, "no database '%s' (mcsched plan creates it)", path);
}

int mc_store_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 &&
	       !(S_ISREG(st.st_mode) && st.st_size == 0);
}

int mc_store_open_existing(const char *path, mc_store **out, mc_diag *d)
{
	int code;
	*out = NULL;
	if (!mc_store_exists(path))
		return no_database(path, d);
	return open_flags(path, SQLITE_OPEN_READWRITE, 0, out, &code, d);
}

/* The size of path's write-ahead log in *size (0 when there is none).
 * Returns 0, or -1 when it cannot be told. */
static int wal_size(const char *path, long long *size)
{
	char *wal = mc_xmalloc(strlen(path) + 5);
	sprintf(wal, "%s-wal", path);
	struct stat st;
	int rc = stat(wal, &st);
	free(wal);
	*size = rc == 0 ? (long long)st.st_size : 0;
	return rc == 0 || errno == ENOENT ? 0 : -1;
}

/* mc_store_open_readonly(), with open_flags()'s *code of the failure. */
static int open_ro(const char *path, mc_store **out, int *code, mc_diag *d)
{
	const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	long long wal;
	*out = NULL;
	*code = 0;
	if (!mc_store_exists(path))
		return no_database(path, d);
	mc_diag first = MC_DIAG_INIT, again = MC_DIAG_INIT;
	if (open_flags(path, flags, 0, out, code, &first) == 0)
		return 0;
	/* A reader needs the WAL index (<db>-shm), which it creates when
	 * missing: on a read-only file system, in a folder it may not
	 * write or on a full disk it cannot.  Without a log (no -wal, or
	 * an empty one) everything is in the file itself, which SQLite can
	 * then read as immutable; mc_store_stale() notices when a writer
	 * starts a log, and the connection is reopened. */
	int cls = *code & 0xFF, second = 0, rc = -1;
	int retry =
	    (cls == SQLITE_CANTOPEN || cls == SQLITE_READONLY ||
	     cls == SQLITE_IOERR || cls == SQLITE_FULL || cls == SQLITE_PERM) &&
	    wal_size(path, &wal) == 0 && wal == 0;
	if (retry && open_flags(path, flags, 1, out, &second, &again) == 0)
		rc = 0;
	else if (retry && second == OLDER_SCHEMA) {
		*code = OLDER_SCHEMA;
		mc_diag_move(d, &again);
	} else
		mc_diag_move(d, &first);
	mc_diag_release(&first);
	mc_diag_release(&again);
	return rc;
}

int mc_store_open_readonly(const char *path, mc_store **out, mc_diag *d)
{
	int code;
	return open_ro(path, out, &code, d);
}

int mc_store_open_read(const char *path, mc_store **out, mc_diag *d)
{
	int code;
	mc_diag d1 = MC_DIAG_INIT, d2 = MC_DIAG_INIT;
	if (open_ro(path, out, &code, &d1) == 0)
		return 0;
	/* an older database is brought up to date when it can be written
	 * (a newer one, or one that cannot be read, is not) */
	mc_store *w = NULL;
	int rc = -1;
	if (code == OLDER_SCHEMA &&
	    mc_store_open_existing(path, &w, &d2) == 0) {
		mc_store_close(w);
		rc = mc_store_open_readonly(path, out, d);
	} else
		mc_diag_move(d, &d1); /* why the reader could not read it */
	mc_diag_release(&d1);
	mc_diag_release(&d2);
	return rc;
}

int mc_store_stale(mc_store *s)
{
	struct stat st;
	long long wal;
	if (stat(s->path, &st) != 0 || st.st_size == 0)
		return -1;
	if (st.st_dev != s->st.st_dev || st.st_ino != s->st.st_ino)
		return 1;
	if (!s->immutable)
		return 0;
	return st.st_size != s->st.st_size ||
	       st.st_mtim.tv_sec != s->st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec ||
	       wal_size(s->path, &wal) < 0 || wal > 0;
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

/* ---- one plan at a time ---- */

struct mc_plan_lock {
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

int mc_store_plan_lock(const char *db, double wait, mc_plan_lock **lock,
		       mc_diag *d)
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
	*lock = NULL;
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
			*lock = mc_xcalloc(1, sizeof(**lock));
			(*lock)->fd = fd;
			(*lock)->path = mc_xstrdup(db);
			return 0;
		}
		close(fd); /* locked a file the path no longer names */
	}
}

void mc_store_plan_unlock(mc_plan_lock *lock)
{
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
