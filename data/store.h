/*
 * store.h - the store: runs, their plans, unit identifiers, capacity and
 * shadow prices (docs/store.md; docs/design.md, "The store").
 *
 * The store is a seam (an ops table, mc_store_ops at the end of this
 * header, like the LP back-ends' mc_be_ops): callers use the functions
 * below and never name an implementation.  data/store.c picks the
 * back-end from the location a caller gives (--db, job.yaml's db): a
 * path is an SQLite database file (data/sqlite/, the only code that
 * includes <sqlite3.h>); a postgresql:// URL is refused for now ("this
 * mcsched has no PostgreSQL store").  What a back-end may or may not do is
 * a capability (mc_store_caps()).
 *
 * Every store error is an mc_diag message of class MC_ESTORE that quotes
 * the database and says what happened in plain words, then the back-end's
 * own message: "unable to open 'x.db': the disk is full (SQLite: disk I/O
 * error)".
 *
 * Memory: an mc_store is an opaque handle from mc_store_open(), released
 * with mc_store_close().  Everything a read returns (run rows, run views,
 * unit records) is allocated from the caller's arena and stays valid after
 * the store is closed.  Functions return 0 on success and -1 on failure with
 * a message in d, unless documented otherwise.
 *
 * Writes: mc_store_save_run() writes a whole run in one transaction; if
 * anything fails the database is left exactly as it was, serial counter
 * included.
 *
 * Unit identifiers (docs/design.md, "Unit identifiers"; the rule itself
 * is scheduler/night/tagging.h, which the store carries out).  Every order's
 * units are the pairs (order id, seq 1..quantity).  A plan run gives each
 * pair the unit it had before, or a new unit with the next enterprise
 * serial (the counter starts at 1 and never goes back):
 *   - seqs 1..planned are 'planned' and attached to the order's plan rows in
 *     order of production day, then plant; seqs planned+1..quantity 'unmet';
 *   - units of orders absent from the run, and seqs above the quantity, are
 *     'cancelled': the row stays, its serial is never reused or renumbered;
 *   - a cancelled unit whose (order, seq) comes back with the same family
 *     code and GTIN is reactivated: its serial is still its own;
 *   - when an order's family (code or GTIN) changes, its old units are
 *     cancelled and new ones issued (an old unit of the same family may come
 *     back later by the previous rule).
 * At most one unit per (order, seq) is live (not cancelled) at any time.
 * A what-if run is hypothetical: it allocates no serials and changes no unit
 * status; it records per-unit plan rows only for units that already exist.
 *
 * A plan run also becomes the published plan (the pointer the nightly frozen
 * window reads); what-if runs never do.  A plan run saved with meta.hold is
 * kept back: it is stored and can be reported, but it is not published and,
 * like a what-if, draws no serial and changes no unit (an empty or shrunken
 * order book must not cancel the live units; the guards that keep a run
 * back are scheduler/night/publish.h's).
 */
#ifndef MC_STORE_H
#define MC_STORE_H

#include "actuals.h"
#include "arena.h"
#include "diag.h"
#include "model.h"

#include <stdint.h>
#include <stdio.h>

typedef struct mc_store mc_store;

/* Opens (creating when missing) the database at path and brings its schema
 * up to date (for SQLite: WAL journal, foreign keys on, a busy timeout; the
 * parent directory must exist).  A database written by a newer mcsched
 * (higher schema version) is refused.  On error *out is NULL. */
int mc_store_open(const char *path, mc_store **out, mc_diag *d);
/* 1 when path names a database: it exists and, when it is a regular
 * file, is not empty (a plan's lock creates the file empty, see
 * mc_store_plan_lock(): until the plan stores its run there is none).
 * 0 for a location no back-end of this build serves. */
int mc_store_exists(const char *path);
/* The same for a database that must exist already (the commands that
 * write runs or units into it): a missing or empty file is "no database
 * 'x.db' (mcsched plan creates it)" and nothing is created. */
int mc_store_open_existing(const char *path, mc_store **out, mc_diag *d);
/* Opens the existing database at path for reading only (`mcsched
 * serve`): nothing is created or migrated, and every write is refused
 * (query_only).  A database of another schema version is an error, and an
 * empty file is no database (a plan's lock creates one, see below).  It
 * reads where it may not write: in a folder without write permission, on
 * a read-only file system or a full disk, where SQLite cannot set up its
 * WAL index, a database without a write-ahead log is read as immutable
 * (then mc_store_stale() says 1 as soon as a writer starts a log).  Each
 * connection serves one thread at a time (SQLITE_OPEN_NOMUTEX): a server
 * opens one per worker. */
int mc_store_open_readonly(const char *path, mc_store **out, mc_diag *d);
/* mc_store_open_readonly() for the commands that only read (runs, report,
 * compare, export, resolve, track, labels): a database of an older schema
 * version is first brought up to date when this user may write it, so
 * reading never needs a write otherwise. */
int mc_store_open_read(const char *path, mc_store **out, mc_diag *d);
/* Whether s still reads the database its path names: 0 yes; 1 when the
 * path now names another file (one moved or copied over it), or for a
 * connection read as immutable when the file or its log changed; -1 when
 * the path names nothing (or an empty file).  A server asks before each
 * request and reopens (1) or answers 503 (-1). */
int mc_store_stale(mc_store *s);
/* Closes the database; accepts NULL. */
void mc_store_close(mc_store *s);

/* 1 when writing path would write over one of the files of the store at
 * db, under any name (the same file: device and inode): for SQLite the
 * database, its -wal, -shm and -journal files (and a db.lock beside it).
 * An output path that answers 1 is refused (writing a report over the
 * open database replaces it).  0 otherwise, and for a store that is not
 * files on this machine. */
int mc_store_owns_path(const char *db, const char *path);

/* What the store s can do (MC_STORE_CAP_*): callers ask for a capability,
 * never for a back-end's name. */
enum {
	MC_STORE_CAP_FILES = 1,	 /* files on this machine: mc_store_stale()
				  * and mc_store_owns_path() can tell */
	MC_STORE_CAP_QUERY = 2,	 /* mc_store_query() (tests, debugging) */
	MC_STORE_CAP_FAULTS = 4, /* fault injection (test builds only) */
};
unsigned mc_store_caps(const mc_store *s);

/* The i-th store back-end of this build: its library ("SQLite"), with
 * the library's version at run time in *version and the schema version
 * this mcsched writes in *schema; NULL past the last (`mcsched
 * --version`). */
const char *mc_store_library(int i, const char **version, int *schema);
/* The bytes the store at db takes on disk (for SQLite the database and
 * its write-ahead log: what grows), or -1 when it cannot tell (not files
 * on this machine, or none there).  For monitors (serve's /metrics). */
long long mc_store_bytes(const char *db);
/* The back-end's name ("sqlite"), for messages. */
const char *mc_store_kind(const mc_store *s);

/* A unit the floor has reported (mcsched actuals), as a night saw it. */
typedef struct mc_floor_unit {
	int64_t serial;
	const char *order; /* order id */
	int seq;
	const char *plant;    /* where its latest plan run planned it, NULL
			       * none */
	const char *life;     /* "released" | "produced" | "shipped" |
			       * "scrapped" */
	const char *life_day; /* ISO date of that status */
	const char *made_day; /* the day it was produced (else shipped),
			       * NULL when not made */
	int cancelled;	      /* retired (scrapped) or cancelled */
	/* life_day and made_day as day numbers (date.h), 0 when NULL; set
	 * by the store's reads, not read by its writes */
	int life_day_n, made_day_n;
} mc_floor_unit;

/* What the caller knows about a run besides the model and the plan. */
typedef struct mc_run_meta {
	const char *kind;     /* "plan" | "whatif" */
	int64_t base_run;     /* run a what-if starts from, 0 none */
	const char *scenario; /* scenario name, NULL none */
	double started;	      /* unix time, seconds */
	double finished;      /* unix time, seconds */
	double t_load;	      /* seconds spent loading inputs */
	int frozen_days;      /* days frozen from the published plan */
	int hold;	      /* 1: a plan run kept back (see below) */
	const char *changes;  /* a what-if's changes, a line each; NULL */
	int64_t committed_to; /* the published run the plan's frozen window
			       * and stability refer to, 0 none */
	/* A plan run's night as it can be planned again (whatif.h): the
	 * settings it was planned with and the floor it read (kept with
	 * the run, see mc_store_run_floor()).  solver NULL: not recorded. */
	const char *solver; /* the LP back-end's name */
	int full_lp;	    /* 1: the full class LP */
	double round_time;  /* --round-time as given, < 0 a budget of work:
			     * minus its multiple (--round-work) */
	double stability;   /* stability cost per unit asked */
	double time_limit;  /* seconds, <= 0 none */
	const mc_floor_unit *floor;
	int nfloor;
	/* why a held plan run was kept back ("its gap 2.660% is above
	 * --max-gap 2%"), NULL when published */
	const char *hold_reason;
	/* the confirmed promises the night read as orders (promises[i]'s
	 * order is its order_id, due its promised date) */
	const struct mc_promise_rec *promises;
	int npromises;
} mc_run_meta;

/* Writes the run of model m with plan p (model indexes become ids, horizon
 * days become ISO dates), tags units as the header comment says, and sets
 * *run_id.  One transaction: on error nothing is changed. */
int mc_store_save_run(mc_store *s, const mc_model *m, const mc_plan *p,
		      const mc_run_meta *meta, int64_t *run_id, mc_diag *d);

/* Resolves a run spec: "latest" (the highest run id, any kind),
 * "published" (the published plan) or a decimal run id that exists. */
int mc_store_resolve_run(mc_store *s, const char *spec, int64_t *id,
			 mc_diag *d);

/*
 * Publishes stored plan run id by hand (mcsched publish): its units are
 * tagged as if it had been saved now as the published plan (existing
 * (order, seq) pairs keep their serials, new ones draw serials, units of
 * orders it lacks are cancelled) from model m and plan p, which must be
 * the run's (reloaded from its snapshot and its plan rows).  A kept-back
 * run's hold reason is cleared: published once, it is a plan run like any
 * other.  One transaction.
 */
int mc_store_publish_plan(mc_store *s, int64_t id, const mc_model *m,
			  const mc_plan *p, mc_diag *d);

/*
 * Removes old runs (mcsched runs prune): every run but the keep newest, the
 * published one, those a unit's history names (its first and last run) and
 * the bases of kept what-ifs, with all their rows; then the input
 * snapshots no run names.  One transaction.  *pruned: runs removed.
 */
int mc_store_prune(mc_store *s, int keep, int *pruned, mc_diag *d);

/*
 * One plan at a time on a database.  The SQLite store takes an exclusive
 * lock (flock) on the database file itself, so that every name of it (a
 * symbolic or hard link, another spelling of the path) finds the same
 * lock; a database not there yet is created empty for it.  Waits up to wait
 * seconds for a plan holding it to finish.  *lock is to release with
 * mc_store_plan_unlock(), only once every connection of this process to the
 * database is closed (closing a descriptor of the file drops SQLite's own POSIX
 * locks); the unlock removes the database when it is still empty (the plan
 * stored nothing).  Returns 0, or -1 (MC_ESTORE) saying another plan is
 * running, or that db is not a regular file.
 */
typedef struct mc_plan_lock mc_plan_lock;
int mc_store_plan_lock(const char *db, double wait, mc_plan_lock **lock,
		       mc_diag *d);
/* Releases lock; accepts NULL. */
void mc_store_plan_unlock(mc_plan_lock *lock);

/* Makes run id the published plan. */
int mc_store_publish(mc_store *s, int64_t id, mc_diag *d);
/* The published plan's run id in *id, 0 when none. */
int mc_store_published(mc_store *s, int64_t *id, mc_diag *d);
/* The published plan's run in *run (0 none) and its orders in *norders
 * (0 none): the facts of the publish guards (publish.h) the store holds. */
int mc_store_published_orders(mc_store *s, int64_t *run, int *norders,
			      mc_diag *d);

/* Next serial the enterprise counter will hand out (for tests). */
int mc_store_next_serial(mc_store *s, uint64_t *serial, mc_diag *d);

/* ---- reading runs ---- */

/* One line of `mcsched runs`. */
typedef struct mc_run_row {
	int64_t id;
	const char *kind;     /* "plan" | "whatif" */
	int64_t base_run;     /* 0 none */
	const char *scenario; /* NULL none */
	const char *started;  /* "2026-11-25T02:00:13Z" (UTC) */
	const char *finished;
	double elapsed;		   /* seconds, finished - started */
	const char *status;	   /* "ok" | "late" | "unmet" */
	const char *lp_status;	   /* "optimal", "time limit", ... */
	const char *horizon_start; /* "2026-11-25" */
	int horizon_days;
	int norders;
	int units_planned, units_unmet, units_late;
	double cost, lp_bound, gap;
	int published; /* 1 for the published plan */
	/* units made before the run (0 before schema version 9); the
	 * run's state (mc_store_run_state()) and, kept back, why */
	int units_made, units_made_late;
	const char *state;
	const char *hold_reason;
} mc_run_row;

/* The state of a run: "published" (the published plan), "kept back" (a
 * plan run with a hold reason: stored, never published), "what-if", or
 * "plan" (any other plan run: one published once and superseded, or one
 * saved before runs kept their hold reason). */
const char *mc_store_run_state(const char *kind, int published,
			       const char *hold_reason);

/* Every run, oldest first, into *rows (from a). */
int mc_store_list_runs(mc_store *s, mc_arena *a, mc_run_row **rows, int *n,
		       mc_diag *d);

/* An input file of a run ("catalog", "plants", "orders", "orders+" for
 * orders a scenario added, "scenario"). */
typedef struct mc_view_input {
	const char *role, *path, *digest;
	const char *bytes; /* its snapshot (mc_store_run_sources() only;
			    * NULL for runs saved before snapshots) */
	size_t len;
} mc_view_input;

/* A resource as the run saw it. */
typedef struct mc_view_resource {
	const char *id, *plant, *kind;
	double hours;	 /* regular hours per workday */
	double ot_hours; /* overtime hours allowed per workday, 0 none */
	double ot_cost;	 /* per overtime hour */
} mc_view_resource;

/* An option of an order: its name and the value chosen. */
typedef struct mc_view_option {
	const char *name, *value;
} mc_view_option;

/* An order: its input snapshot and its outcome in the run. */
typedef struct mc_view_order {
	const char *id, *customer, *region, *family;
	const char *options; /* "capacity=3hp, self_clean=yes" ("" none) */
	/* the same as pairs, in the family's order; nopts -1 when the text
	 * cannot be read as pairs (a name or value holding ", ") */
	const mc_view_option *opts;
	int nopts;
	int quantity;
	const char *due, *release; /* ISO dates */
	int due_n, release_n;	   /* the same as day numbers (date.h) */
	double priority, late_penalty, unmet_penalty;
	int max_late_days; /* -1 no limit */
	int planned, unmet, late_units, late_days, max_late;
	const char *last_arrive; /* ISO date, NULL none */
	double cost;
	const char *reason; /* mc_reason_name(), NULL when none */
	const char *detail; /* NULL none */
	/* late orders: what on time would add to the plan cost (the LP's
	 * marginal estimate), NAN when not known or impossible */
	double ontime_cost;
	const char *ontime_note; /* "impossible: ...", "rounding: ...", NULL */
	/* units the floor had made when the run was planned (out of planned
	 * and unmet: quantity = made + planned + unmet), those of them
	 * arriving after due by their actual day, and the latest arrival of
	 * one (ISO, NULL none); 0 / NULL before schema version 9 */
	int made, made_late;
	const char *made_arrive;
} mc_view_order;

/* A plan run kept back (not published), as a report lists it. */
typedef struct mc_view_held {
	int64_t id;
	const char *horizon_start; /* the night's date, ISO */
	const char *reason;
} mc_view_held;

/* Units of one order made at one plant on one day. */
typedef struct mc_view_alloc {
	const char *order; /* order id */
	int order_idx;	   /* index into mc_run_view.orders */
	const char *plant, *resource;
	const char *day; /* production date */
	int t;		 /* horizon index of day */
	int units;
	const char *arrive; /* arrival date */
	int arrive_n;	    /* the same as a day number (date.h) */
	int frozen;	    /* 1: units kept from the published plan */
} mc_view_alloc;

/* Something the frozen window could not keep as published (model.h). */
typedef struct mc_view_conflict {
	const char *what, *order, *place, *day; /* NULL where none */
	int units;
	const char *detail;
} mc_view_conflict;

/* Published units of an order that left their place, and why. */
typedef struct mc_view_move {
	const char *order;
	const char *from_plant, *from_day; /* from_plant NULL: gone */
	const char *to_plant, *to_day;	   /* NULL: now unmet */
	int units;
	const char *cause;
} mc_view_move;

/* A published unit in a run that holds to the published plan, where
 * that plan had it and where this run has it, when the two differ (the
 * units behind the moves, by identifier): to_plant and to_day NULL when
 * it is unmet now. */
typedef struct mc_view_moved {
	const char *identifier, *order;
	int seq;
	const char *from_plant, *from_day;
	const char *to_plant, *to_day;
} mc_view_moved;

/* One resource on one day. */
typedef struct mc_view_cap {
	const char *resource, *plant, *kind;
	int res_idx; /* index into mc_run_view.resources */
	const char *day;
	int t;
	double hours, ot_max, used, ot, shadow;
} mc_view_cap;

/* A material at a plant on one day (cumulative quantities). */
typedef struct mc_view_mat {
	const char *plant, *material, *day;
	int t;
	double available, used, shadow;
} mc_view_mat;

/* A promise a plan run read as an order (mcsched promise): whether the
 * run keeps it is the order's outcome beside its promised date. */
typedef struct mc_view_promise {
	int64_t id;	      /* the promise */
	const char *order;    /* its order's id */
	const char *promised; /* ISO date it was promised to arrive */
	int promised_n;	      /* the same as a day number */
} mc_view_promise;

/* A unit as this run saw it. */
typedef struct mc_view_unit {
	const char *identifier;
	int64_t serial;
	const char *order;
	int order_idx; /* index into mc_run_view.orders, -1 if not there */
	int seq;
	const char *status; /* in this run: "planned" | "unmet" */
	const char *plant, *resource, *day, *arrive; /* NULL when unmet */
	const char *status_now; /* in the units table today */
	/* its latest floor status ("released", "produced", "shipped",
	 * "scrapped") and that status's day; NULL when none reported */
	const char *life, *life_day;
	/* day and life_day as day numbers (date.h), 0 when NULL */
	int day_n, life_day_n;
} mc_view_unit;

/* Everything a report needs about one run, without the YAML model. */
typedef struct mc_run_view {
	int64_t id;
	const char *kind;
	int64_t base_run;
	const char *scenario;
	const char *changes; /* what the scenario changed, a line each */
	const char *started, *finished; /* ISO 8601 UTC */
	double elapsed;
	const char *status;
	int published;
	const char *enterprise, *prefix;
	const char *horizon_start; /* ISO date of horizon index 0 */
	int horizon_start_n;	   /* the same as a day number (date.h) */
	int horizon_days, frozen_days;

	mc_view_input *inputs;
	int ninputs;

	const char *lp_status;
	int nclasses, lp_rows, lp_cols, lp_iters;
	double t_load, t_build, t_solve, t_round;

	double cost, lp_bound, gap;
	double cost_make, cost_options, cost_lane, cost_late, cost_holding,
	    cost_unmet, cost_overtime;
	int units_planned, units_unmet, units_late;
	/* whole units: the floor + repair plan's cost (NAN for runs saved
	 * before it was recorded), the local improvement's moves kept and
	 * how it ended ("off", "converged", "budget", "time"; NULL before) */
	double cost_repair;
	int64_t round_moves;
	const char *round_stop;
	/* then the neighbourhood MIPs: their saving (NAN when they did not
	 * run or before version 8), neighbourhoods solved and taken, how
	 * they ended ("converged", "budget", "time", "failed"; NULL) */
	double mip_gain;
	int mip_tried, mip_improved;
	const char *mip_stop;
	/* where whole units started ("lp": floor + repair; "published": the
	 * published plan kept; NULL before schema 9), what keeping the
	 * published plan cost (NAN when there was none), and what placing
	 * every plant-day-kind's minutes at the least overtime saved last */
	const char *round_from;
	double cost_kept, ot_gain;

	mc_view_resource *resources; /* in model order */
	int nresources;
	mc_view_order *orders; /* in input order */
	int norders;
	mc_view_alloc *allocs; /* in plan order */
	int nallocs;
	mc_view_cap *cap; /* by resource (model order), then day */
	int ncap;
	mc_view_mat *mat; /* in plan order */
	int nmat;
	mc_view_unit *units; /* by order (input order), then seq */
	int nunits;

	/* The nightly cycle, for plan runs saved from schema version 7 on
	 * (committed_to -1 before): the published run it committed to (0
	 * none), frozen units kept, made units out of the plan, whether
	 * every frozen unit was kept, stability (units it could keep in
	 * place, kept, cost per unit moved, the moves' cost in LP terms),
	 * published units still ordered and how many moved. */
	int64_t committed_to;
	int units_frozen, units_done, frozen_ok;
	int keep_units, kept_units, units_persisting, units_moved;
	double stability_cost, cost_stability;
	double stability_price; /* NAN when not known */
	mc_view_conflict *conflicts;
	int nconflicts;
	mc_view_move *moves; /* by order, from day */
	int nmoves;
	/* the published units that left their place, by order and seq
	 * (from the unit records of both runs; none for a unit that left
	 * the plan, a scrapped or made one) */
	mc_view_moved *moved;
	int nmoved;

	/* Made and kept back (schema version 9; 0 / NULL before): units the
	 * floor had made when the run was planned and those of them late;
	 * the run's state (mc_store_run_state()) and, kept back, why. */
	int units_made, units_made_late;
	const char *state;
	const char *hold_reason;
	/* The plan the floor is on now: the published run (0 none) and when
	 * it was published (ISO UTC); for the published run, the plan runs
	 * kept back since it, oldest first. */
	int64_t floor_run;
	const char *floor_published_at;
	mc_view_held *held_since;
	int nheld_since;
	/* the promises a plan run read as orders (schema 10), by id */
	mc_view_promise *promises;
	int npromises;
} mc_run_view;

/* A unit the floor made: its plant in the last published plan that had
 * it (NULL when none had it planned) and its actual day (shipped, else
 * produced; a day number, 0 when not known). */
typedef struct mc_made_unit {
	const char *plant;
	int day;
} mc_made_unit;

/* Units the floor made (produced or shipped, mcsched actuals) that are
 * not cancelled, per order: they leave every later plan.  unit[0..units)
 * are they, by seq (the night derives them from the floor's reports it
 * reads, mc_floor_made(), night.h). */
typedef struct mc_made {
	const char *order;
	int units;
	const mc_made_unit *unit;
} mc_made;

/*
 * The floor as it stands now, as far as a night held to published run pub
 * (0: none) reads it: every unit the floor reported of pub's orders (with
 * its latest status and whether it is cancelled now), and every made unit
 * (produced or shipped, not cancelled) of any order; by serial.
 */
int mc_store_floor(mc_store *s, int64_t pub, mc_arena *a, mc_floor_unit **out,
		   int *n, mc_diag *d);

/* The floor as plan run id read it when it was planned (saved with it, by
 * serial); *known is 0 for runs saved before that was kept (schema 9),
 * with *n = 0. */
int mc_store_run_floor(mc_store *s, int64_t id, mc_arena *a,
		       mc_floor_unit **out, int *n, int *known, mc_diag *d);

/* How a run was planned, for planning its night again (whatif.h). */
typedef struct mc_run_setup {
	int64_t id;
	const char *kind;     /* "plan" | "whatif" */
	int start;	      /* first day of the horizon (day number) */
	int64_t committed_to; /* the published run it was held to, 0 none,
			       * -1 not recorded (runs before schema 7) */
	int frozen_days;
	int lp_iters;
	/* recorded from schema 9 on (known 1), else 0 / NULL / NAN: */
	int known;
	const char *solver;
	int full_lp;
	double round_time, stability, time_limit;
} mc_run_setup;
int mc_store_run_setup(mc_store *s, int64_t id, mc_arena *a, mc_run_setup *out,
		       mc_diag *d);
/* What `mcsched status` and serve's /healthz tell about a store. */
typedef struct mc_store_status {
	int64_t published;	     /* the published run, 0 none */
	const char *published_at;    /* when it was published (ISO UTC) */
	const char *published_start; /* its horizon start (ISO) */
	mc_view_held *held; /* plan runs kept back since it (all of them
			     * when none is published), oldest first */
	int nheld;
	int64_t latest_plan;	    /* the newest plan run, 0 none */
	int latest_kept_back;	    /* 1 when it is kept back */
	const char *latest_start;   /* its horizon start (ISO) */
	int latest_frozen_days;	    /* its frozen window's days */
	const char *actuals_loaded; /* when actuals were last loaded (ISO
				     * UTC), NULL never */
	int actuals_events;	    /* floor events recorded in all */
	int behind;		    /* units behind plan (below) */
} mc_store_status;

/* The store's state into *st (from a): the published run and when, the
 * nights kept back since, the newest plan run's frozen window, the
 * actuals, and the units behind plan: units of the published plan whose
 * planned day is before today (ISO) that the floor has not reported
 * produced, shipped or scrapped (not counted, 0, when today is NULL). */
int mc_store_read_status(mc_store *s, const char *today, mc_arena *a,
			 mc_store_status *st, mc_diag *d);

/* The first day of run id's horizon (a day number) into *day. */
int mc_store_run_start(mc_store *s, int64_t id, int *day, mc_diag *d);

/* The input files of run id with their snapshots' bytes, in the order
 * they were loaded, into *in (from a). */
int mc_store_run_sources(mc_store *s, int64_t id, mc_arena *a,
			 mc_view_input **in, int *n, mc_diag *d);

/* Reads run id completely into *v (from a; inputs without bytes). */
int mc_store_load_run(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
		      mc_diag *d);
/* Reads only what run id left of its capacity: its header, resources,
 * resource-days (v->cap) and materials (v->mat); every other list of *v
 * empty (a promise's quote reads no more of a 100,000-order plan). */
int mc_store_load_capacity(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
			   mc_diag *d);

/* ---- units, for `mcsched resolve` and `mcsched track` ---- */

typedef struct mc_unit_rec {
	const char *identifier;
	int64_t serial;
	const char *order;
	int seq;
	const char *family, *code, *gtin;
	const char *status;	     /* "planned" | "unmet" | "cancelled" */
	int64_t first_run, last_run; /* issued in / last live in */
	/* from the latest plan run that included the unit (run 0 if none): */
	int64_t run;
	const char *run_status;			       /* "planned" | "unmet" */
	const char *plant, *resource, *day, *arrive;   /* NULL when unmet */
	const char *customer, *region, *options, *due; /* order snapshot */
	/* its latest floor status ("released", "produced", "shipped",
	 * "scrapped"; mcsched actuals) and that status's day (ISO); both
	 * NULL while the floor has reported nothing.  A scrapped unit's
	 * status is "cancelled". */
	const char *life, *life_day;
} mc_unit_rec;

/* Looks a unit up by its exact identifier.  Returns 1 and fills *out when
 * found, 0 when not, -1 on a store error. */
int mc_store_find_unit(mc_store *s, const char *identifier, mc_arena *a,
		       mc_unit_rec *out, mc_diag *d);

/* The same by serial (a GS1 Digital Link or element string gives GTIN and
 * serial; the serial alone is unique).  The statements of both lookups are
 * kept prepared with the store, so a server repeats them cheaply. */
int mc_store_find_serial(mc_store *s, uint64_t serial, mc_arena *a,
			 mc_unit_rec *out, mc_diag *d);

/* A unit in one plan run: its status and plan facts there. */
typedef struct mc_unit_event {
	int64_t run;
	const char *started;		  /* the run's start, ISO UTC */
	const char *status;		  /* "planned" | "unmet" */
	const char *plant, *day, *arrive; /* NULL when unmet */
} mc_unit_event;

/* Every plan run that had the unit identifier, oldest first (*n = 0 when
 * none): the status history a scan shows. */
int mc_store_unit_history(mc_store *s, const char *identifier, mc_arena *a,
			  mc_unit_event **out, int *n, mc_diag *d);

/* Every unit ever issued for order_id, by seq then issue order (a family
 * change leaves cancelled units beside live ones).  *n = 0 when none. */
int mc_store_order_units(mc_store *s, const char *order_id, mc_arena *a,
			 mc_unit_rec **out, int *n, mc_diag *d);

/* ---- tests and debugging ---- */

/* Writes every row of every table, in a fixed order, as text: two dumps are
 * equal exactly when the stored data are. */
int mc_store_dump(mc_store *s, FILE *out, mc_diag *d);

/* A value of a row mc_store_query() reads: its type and the value as an
 * integer, a number and text (as the back-end converts it; NULL text for
 * NULL). */
enum { MC_STORE_NULL, MC_STORE_INT, MC_STORE_REAL, MC_STORE_TEXT };
typedef struct mc_store_value {
	int type;
	int64_t i;
	double r;
	const char *text;
} mc_store_value;
/* Called for each row with its n values, valid during the call; a
 * non-zero return stops the query (mc_store_query() then returns 0). */
typedef int (*mc_store_row_fn)(void *ctx, int n, const mc_store_value *v);

/* For tests and debugging only (MC_STORE_CAP_QUERY): runs one read-only
 * SQL statement of the caller's own (the back-end's dialect, on the schema
 * of docs/store.md) and calls row for each row.  A statement that would
 * write is refused.  Returns 0, or -1 with the back-end's message. */
int mc_store_query(mc_store *s, const char *sql, mc_store_row_fn row, void *ctx,
		   mc_diag *d);

#ifdef MC_TEST_HOOKS
/* Test builds only (MC_STORE_CAP_FAULTS; compiled with MC_TEST_HOOKS):
 * at the n-th write statement of the next saves (n >= 1; 0 = never) the
 * statement fails (kill MC_FAULT_FAIL), or the process kills itself
 * (MC_FAULT_KILL: SIGKILL) in the middle of the open transaction, a real
 * crash for tests (the command line sets it when MCSCHED_TEST_KILL_AT=N),
 * or the server ends the connection (MC_FAULT_DROP, MCSCHED_TEST_DROP_AT=N;
 * a store with no server fails the statement instead).  The count
 * restarts at each save.  A store without the capability ignores it. */
enum { MC_FAULT_FAIL, MC_FAULT_KILL, MC_FAULT_DROP };
void mc_store_fault_at(mc_store *s, int n, int kill);
#endif

/* ---- actuals: what the factory floor did with units ---- */

/*
 * A unit's life on the floor (docs/inputs.md, "actuals.csv"): planned ->
 * released -> produced -> shipped, forward only (a status may be skipped),
 * or scrapped at any point before shipped; nothing follows scrapped.  Each
 * status is recorded once per unit, with its day, in unit_events; units.life
 * and life_day hold the latest.  A scrapped unit also becomes 'cancelled':
 * its identifier is retired, and the planning side issues the replacement
 * unit for its order and seq with a new serial.  A unit cancelled by the
 * plan (its order left it, and not scrapped) takes no actuals.
 */

/* What mc_store_record_actuals() did with a file. */
typedef struct mc_actuals_tally {
	int rows;  /* rows of the file */
	int added; /* events recorded now */
	int known; /* rows repeating a recorded event (same status and day) */
	int added_by[MC_LIFE_COUNT]; /* events recorded now, per status */
} mc_actuals_tally;

/* Records the rows of a parsed actuals file in file order, in one
 * IMMEDIATE transaction.  A row whose status and day are recorded for its
 * unit already changes nothing, so loading a file twice records nothing
 * the second time.  Every row that breaks a rule (unknown identifier, a
 * cancelled unit, a status going backwards or after scrapped, a shipped
 * unit scrapped, a recorded status with another day, a day before the
 * unit's latest) is an MC_EINPUT message at its file:line:column, all of
 * them reported; then, or on a store error (MC_ESTORE), nothing is written
 * and -1 returned.  *out is filled either way. */
int mc_store_record_actuals(mc_store *s, const mc_actuals *in,
			    mc_actuals_tally *out, mc_diag *d);

/* One floor event of a unit. */
typedef struct mc_life_event {
	const char *status; /* "released" | "produced" | "shipped" |
			     * "scrapped" */
	const char *day;    /* ISO date */
	const char *source; /* the actuals file, as given */
	int line;	    /* its row */
	const char *loaded; /* when it was recorded, ISO UTC */
} mc_life_event;

/* The floor events of unit identifier, oldest first (*n = 0 when none or
 * no such unit), from a. */
int mc_store_unit_life(mc_store *s, const char *identifier, mc_arena *a,
		       mc_life_event **out, int *n, mc_diag *d);

/* ---- promises: dates promised to orders between two nights, and the
 * capacity each holds meanwhile (mcsched promise, promises;
 * scheduler/promise/promise.h decides, the store keeps) ----
 *
 * A promise is held from the moment it is made until it is confirmed or
 * cancelled, or it expires.  A held promise that has not expired, and a
 * confirmed one that the published plan has not read yet, hold their
 * minutes and materials: the next quote sees them as used.  Every plan
 * run reads the confirmed promises still open (mc_store_promise_open())
 * as orders, due on their promised dates; once the published plan has
 * read a promise, its capacity is in that plan.  A promise stays open
 * until it is cancelled or the floor has made all its units. */

/* What a promise holds: minutes of a resource on a day, or a quantity of
 * a material at a plant taken on a day (and so from every later day's
 * stock too). */
typedef struct mc_hold {
	const char *resource;	      /* resource id; NULL for a material */
	const char *plant, *material; /* a material's; NULL otherwise */
	const char *day;	      /* ISO date */
	double amount;		      /* minutes, or the material's unit */
	double expires;		      /* unix time its promise lapses
				       * (held ones), 0 never */
} mc_hold;

/* One promise. */
typedef struct mc_promise_rec {
	int64_t id;
	const char *order_id; /* the order's own id, else "PR-<id>" */
	const char *status;   /* "held", "confirmed", "cancelled", and
			       * "expired" for a held one past its time */
	const char *created;  /* ISO 8601 UTC */
	double expires;	      /* unix time a held one lapses, 0 none */
	const char *confirmed, *cancelled; /* ISO UTC, NULL none */
	int64_t run;	      /* the published run it was quoted on */
	const char *promised; /* ISO date the whole order arrives */
	const char *plant;    /* where it is made */
	const char *family, *region, *customer; /* customer NULL: none */
	int quantity;
	/* the order as a night reads it: the items of a YAML flow mapping
	 * without id, customer and due ("region: \"south\", family: ...") */
	const char *spec;
	double cost;	      /* what the quote said it costs */
	int64_t read_by;      /* the newest plan run that read it, 0 none */
	const mc_hold *holds; /* what it holds (when written; reads of
			       * promises leave NULL) */
	int nholds;
} mc_promise_rec;

/* The holds of every promise holding capacity on published run `run` at
 * unix time now (see above), into *out (from a), and in *stamp a number
 * that changes whenever any promise does (a cache of holds is good while
 * it is the same and no hold it has expired). */
int mc_store_promise_holds(mc_store *s, int64_t run, double now, mc_arena *a,
			   mc_hold **out, int *n, int64_t *stamp, mc_diag *d);
/* The stamp alone (cheap: one row). */
int mc_store_promise_stamp(mc_store *s, int64_t *stamp, mc_diag *d);

/* Decides a promise inside mc_store_promise_make()'s transaction, on the
 * published run `run` with the holds of every other promise then: fills
 * *out (holds included, order_id NULL for "PR-<id>", status "held" or
 * "confirmed") and returns 1 to make it, 0 when there is no longer a
 * promise to make (nothing is written), or -1 with the reason in d. */
typedef int (*mc_promise_fn)(void *ctx, int64_t run, const mc_hold *holds,
			     int n, mc_promise_rec *out, mc_diag *d);
/* Makes a promise in one transaction that no other promise can interleave
 * with: reads the published run and the holds at unix time now, asks fn,
 * writes what it decides.  An order id that a live promise (held, not
 * expired, or confirmed) already has is refused.  Returns 1 made (*out
 * with its id, order id and status), 0 when fn made none, -1 on error
 * (nothing written). */
int mc_store_promise_make(mc_store *s, double now, mc_promise_fn fn, void *ctx,
			  mc_arena *a, mc_promise_rec *out, mc_diag *d);
/* Every promise, oldest first, as it stands at unix time now. */
int mc_store_promise_list(mc_store *s, double now, mc_arena *a,
			  mc_promise_rec **out, int *n, mc_diag *d);
/* Confirms (confirm = 1) or cancels promise id at unix time now, and
 * reads it into *out.  Confirming a confirmed one and cancelling a
 * cancelled one change nothing.  A cancelled or expired promise cannot
 * be confirmed (MC_ENOPLAN: "promise 7 expired at ...; ask again"); a
 * confirmed one can be cancelled (its order leaves the next night).
 * Returns 0, or -1 ("no promise 7 in 'x.db'" is a store error). */
int mc_store_promise_set(mc_store *s, int64_t id, int confirm, double now,
			 mc_arena *a, mc_promise_rec *out, mc_diag *d);
/* The newest promise of order id `order` that is not cancelled (held,
 * expired or confirmed), as it stands at unix time now: *found 1 with it
 * in *out, or 0 (the phone page of an order's unit shows its date). */
int mc_store_promise_of(mc_store *s, const char *order, double now, mc_arena *a,
			mc_promise_rec *out, int *found, mc_diag *d);
/* The confirmed promises still open (not cancelled, not all their units
 * made), oldest first: the orders a night reads from the store. */
int mc_store_promise_open(mc_store *s, mc_arena *a, mc_promise_rec **out,
			  int *n, mc_diag *d);

/*
 * Copies the store at from into the store at to (mcsched store copy),
 * between back-ends or within one: to is created when missing and must
 * hold no run, unit, floor report or promise (else nothing is written);
 * it is locked for the copy as a plan locks it (wait seconds).  Every
 * table is copied in one transaction, then both stores are dumped
 * (mc_store_dump()) and must be equal: *digest is the dump's (FNV-1a
 * 64, hex), *rows the rows copied, *runs the runs.  On a difference the
 * copy is kept and the error says so.
 */
int mc_store_copy(const char *from, const char *to, double wait,
		  char digest[17], long *rows, int *runs, mc_diag *d);

/* ---- for store implementations: the operations one provides, each as
 * its mc_store_* namesake above, on its own handle h (data/store.c checks
 * nothing a back-end must check itself, and holds the location) ---- */

/* How mc_store_ops.open opens a store. */
enum mc_store_mode {
	MC_STORE_CREATE,   /* mc_store_open() */
	MC_STORE_EXISTING, /* mc_store_open_existing() */
	MC_STORE_READONLY, /* mc_store_open_readonly() */
	MC_STORE_READ,	   /* mc_store_open_read() */
};

typedef struct mc_store_ops {
	const char *name; /* "sqlite" */
	unsigned caps;	  /* MC_STORE_CAP_* */
	/* the library and the schema (mc_store_library()) */
	const char *library;
	const char *(*version)(void);
	int (*schema)(void);
	/* the location as a whole: no handle */
	int (*exists)(const char *loc);
	long long (*bytes)(const char *loc); /* NULL: cannot tell */
	int (*open)(const char *loc, enum mc_store_mode mode, void **h,
		    mc_diag *d);
	int (*owns_path)(const char *loc, const char *path);
	int (*lock)(const char *loc, double wait, void **lock, mc_diag *d);
	void (*unlock)(void *lock);
	/* a store opened */
	void (*close)(void *h);
	int (*stale)(void *h);
	/* runs: the newest run's id (0 none), whether run id exists */
	int (*latest)(void *h, int64_t *id, mc_diag *d);
	int (*has_run)(void *h, int64_t id, int *found, mc_diag *d);
	int (*save_run)(void *h, const mc_model *m, const mc_plan *p,
			const mc_run_meta *meta, int64_t *run_id, mc_diag *d);
	int (*publish_plan)(void *h, int64_t id, const mc_model *m,
			    const mc_plan *p, mc_diag *d);
	int (*prune)(void *h, int keep, int *pruned, mc_diag *d);
	int (*publish)(void *h, int64_t id, mc_diag *d);
	int (*published)(void *h, int64_t *id, mc_diag *d);
	int (*published_orders)(void *h, int64_t *run, int *norders,
				mc_diag *d);
	int (*next_serial)(void *h, uint64_t *serial, mc_diag *d);
	int (*list_runs)(void *h, mc_arena *a, mc_run_row **rows, int *n,
			 mc_diag *d);
	int (*floor)(void *h, int64_t pub, mc_arena *a, mc_floor_unit **out,
		     int *n, mc_diag *d);
	int (*run_floor)(void *h, int64_t id, mc_arena *a, mc_floor_unit **out,
			 int *n, int *known, mc_diag *d);
	int (*run_setup)(void *h, int64_t id, mc_arena *a, mc_run_setup *out,
			 mc_diag *d);
	int (*read_status)(void *h, const char *today, mc_arena *a,
			   mc_store_status *st, mc_diag *d);
	int (*run_start)(void *h, int64_t id, int *day, mc_diag *d);
	int (*run_sources)(void *h, int64_t id, mc_arena *a, mc_view_input **in,
			   int *n, mc_diag *d);
	int (*load_run)(void *h, int64_t id, mc_arena *a, mc_run_view *v,
			mc_diag *d);
	int (*load_capacity)(void *h, int64_t id, mc_arena *a, mc_run_view *v,
			     mc_diag *d);
	/* promises */
	int (*promise_holds)(void *h, int64_t run, double now, mc_arena *a,
			     mc_hold **out, int *n, int64_t *stamp, mc_diag *d);
	int (*promise_stamp)(void *h, int64_t *stamp, mc_diag *d);
	int (*promise_make)(void *h, double now, mc_promise_fn fn, void *ctx,
			    mc_arena *a, mc_promise_rec *out, mc_diag *d);
	int (*promise_list)(void *h, double now, mc_arena *a,
			    mc_promise_rec **out, int *n, mc_diag *d);
	int (*promise_set)(void *h, int64_t id, int confirm, double now,
			   mc_arena *a, mc_promise_rec *out, mc_diag *d);
	int (*promise_open)(void *h, mc_arena *a, mc_promise_rec **out, int *n,
			    mc_diag *d);
	int (*promise_of)(void *h, const char *order, double now, mc_arena *a,
			  mc_promise_rec *out, int *found, mc_diag *d);
	/* units */
	int (*find_unit)(void *h, const char *identifier, mc_arena *a,
			 mc_unit_rec *out, mc_diag *d);
	int (*find_serial)(void *h, uint64_t serial, mc_arena *a,
			   mc_unit_rec *out, mc_diag *d);
	int (*unit_history)(void *h, const char *identifier, mc_arena *a,
			    mc_unit_event **out, int *n, mc_diag *d);
	int (*order_units)(void *h, const char *order_id, mc_arena *a,
			   mc_unit_rec **out, int *n, mc_diag *d);
	int (*record_actuals)(void *h, const mc_actuals *in,
			      mc_actuals_tally *out, mc_diag *d);
	int (*unit_life)(void *h, const char *identifier, mc_arena *a,
			 mc_life_event **out, int *n, mc_diag *d);
	/* tests and debugging; query NULL without MC_STORE_CAP_QUERY,
	 * fault_at NULL without MC_STORE_CAP_FAULTS */
	int (*dump)(void *h, FILE *out, mc_diag *d);
	int (*query)(void *h, const char *sql, mc_store_row_fn row, void *ctx,
		     mc_diag *d);
	void (*fault_at)(void *h, int n, int kill);
	/* copies every row of store from (of a back-end with the same
	 * copy_in) into the empty store h, one transaction; *rows counts
	 * them */
	int (*copy_in)(void *h, void *from, long *rows, mc_diag *d);
} mc_store_ops;

/* The SQLite store (data/sqlite/) and the PostgreSQL store
 * (data/postgres/). */
extern const mc_store_ops mc_store_sqlite_ops;
extern const mc_store_ops mc_store_postgres_ops;

#endif
