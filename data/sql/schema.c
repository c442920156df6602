/*
 * schema.c - the SQL stores' schema (see store.h, docs/store.md): an
 * ordered list of migration scripts, in SQLite's words (a PostgreSQL
 * store's driver says them in its own, db_driver.ddl), the schema version
 * counting how many a database has had (SQLite: PRAGMA user_version;
 * PostgreSQL: a table of its own), bringing a database up to date when it is
 * opened for writing and checking its version when it is opened read-only.
 *
 * Append new migrations; never edit a shipped one.
 */
#include "store_impl.h"

#include <stdio.h>

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

/* Promises (mcsched promise): each with its order (the id, the order as
 * a night reads it, its plant, family, region and quantity), when it was
 * made and quoted on which published run, the date promised, what it
 * costs, its status ('held' until expires_t, unix time; 'confirmed';
 * 'cancelled') and when it changed; what each holds (minutes of a
 * resource on a day, or a material at a plant from a day on); the
 * promises each plan run read as orders; and a stamp that every change to
 * promises moves on (a server's cache of holds is good while it stays). */
static const char *const migration_10[] = {
    "CREATE TABLE promises (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  order_id  TEXT NOT NULL,\n"
    "  status    TEXT NOT NULL\n"
    "            CHECK (status IN ('held', 'confirmed', 'cancelled')),\n"
    "  created   TEXT NOT NULL,\n"
    "  expires_t REAL,\n"
    "  confirmed TEXT,\n"
    "  cancelled TEXT,\n"
    "  run       INTEGER NOT NULL,\n"
    "  promised  TEXT NOT NULL,\n"
    "  plant     TEXT NOT NULL,\n"
    "  family    TEXT NOT NULL,\n"
    "  region    TEXT NOT NULL,\n"
    "  customer  TEXT,\n"
    "  quantity  INTEGER NOT NULL CHECK (quantity > 0),\n"
    "  spec      TEXT NOT NULL,\n"
    "  cost      REAL NOT NULL\n"
    ");\n",
    "CREATE INDEX promises_order ON promises(order_id);\n",
    "CREATE TABLE promise_holds (\n"
    "  promise  INTEGER NOT NULL REFERENCES promises(id) ON DELETE CASCADE,\n"
    "  idx      INTEGER NOT NULL,\n"
    "  resource TEXT,\n"
    "  plant    TEXT,\n"
    "  material TEXT,\n"
    "  day      TEXT NOT NULL,\n"
    "  amount   REAL NOT NULL,\n"
    "  PRIMARY KEY (promise, idx)\n"
    ");\n",
    "CREATE TABLE run_promises (\n"
    "  run      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  promise  INTEGER NOT NULL REFERENCES promises(id),\n"
    "  order_id TEXT NOT NULL,\n"
    "  promised TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, promise)\n"
    ");\n",
    "CREATE INDEX run_promises_promise ON run_promises(promise);\n",
    "CREATE TABLE promise_stamp (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  n  INTEGER NOT NULL\n"
    ");\n",
    "INSERT INTO promise_stamp VALUES (1, 0);\n",
    NULL,
};

static const char *const *const migrations[] = {
    migration_1,  /* initial schema */
    migration_2,  /* run_orders.ontime_cost, ontime_note */
    migration_3,  /* runs.bound_known */
    migration_4,  /* blobs, run_inputs.blob: input snapshots; changes */
    migration_5,  /* runs.round_repair_cost, round_moves, round_stop */
    migration_6,  /* units.life, life_day, unit_events: actuals */
    migration_7,  /* the nightly cycle: frozen, stability, moves */
    migration_8,  /* runs.round_mip_gain, _tried, _improved, _stop */
    migration_9,  /* a night's settings and floor (run_floor); made
		   * units per order and run; runs.hold_reason */
    migration_10, /* promises, their holds, run_promises */
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int store_schema_version(void)
{
	return NMIGRATIONS;
}

/* ---- bringing a database up to date ---- */

int store_migrate(sq_store *s, mc_diag *d)
{
	int rc = -1, version = 0;
	db_stmt *st = store_prep(s, s->drv->version_get, d);
	if (!st)
		goto out;
	if (db_step(st) != DB_ROW) {
		store_fail(s, d, "read the schema version");
		goto out;
	}
	version = db_col_int(st, 0);
	db_reset(st); /* no read left open while we take the lock */
	if (version > NMIGRATIONS) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': schema version %d is newer "
			      "than this mcsched knows (%d)",
			      s->path, version, NMIGRATIONS);
		goto out;
	}
	for (int v = version; v < NMIGRATIONS; v++) {
		char set[128];
		snprintf(set, sizeof(set), "%s%d", s->drv->version_set, v + 1);
		if (store_begin(s, "migrate the schema", d))
			goto out;
		/* The version is re-read inside the transaction: another
		 * process may have migrated while we waited for the lock. */
		db_reset(st);
		if (db_step(st) != DB_ROW) {
			store_fail(s, d, "read the schema version");
			store_rollback(s);
			goto out;
		}
		if (db_col_int(st, 0) > v) {
			store_rollback(s);
			continue;
		}
		db_reset(st);
		int bad = 0;
		for (const char *const *sql = migrations[v]; *sql && !bad;
		     sql++)
			bad = (s->drv->ddl ? s->drv->ddl(s->db, *sql)
					   : s->drv->exec(s->db, *sql)) < 0
				  ? store_fail(s, d, "migrate the schema")
				  : 0;
		if (bad || store_exec(s, set, "migrate the schema", d) ||
		    store_exec(s, "COMMIT", "migrate the schema", d)) {
			store_rollback(s);
			goto out;
		}
	}
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

int store_schema_current(sq_store *s, int *code, mc_diag *d)
{
	int64_t version = 0;
	db_stmt *st = store_prep(s, s->drv->version_get, d);
	if (!st)
		return -1;
	if (db_step(st) == DB_ROW)
		version = db_col_int64(st, 0);
	db_finalize(st);
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
