/*
 * support.h - helpers shared by the Criterion suites: scratch directories,
 * fixture files written from strings, loading a model or a generated
 * instance, running the mcsched binary and opening its store.
 */
#ifndef MC_TEST_SUPPORT_H
#define MC_TEST_SUPPORT_H

#include "diag.h"
#include "model.h"
#include "store.h"

#include <stdint.h>

/* A fresh directory under tests/tmp/ (created); the path is malloc'ed. */
char *support_tmpdir(const char *tag);
/* Writes text to dir/name and returns the malloc'ed path. */
char *support_write(const char *dir, const char *name, const char *text);
/* dir/name, malloc'ed. */
char *support_path(const char *dir, const char *name);
/* Writes the three YAML texts into a fresh directory and loads them.
 * Returns what mc_load_inputs returns; prints diagnostics on failure. */
int support_load(mc_arena *a, const char *catalog, const char *plants,
		 const char *orders, mc_model *m, mc_diag *d);
/* Loads dir/catalog.yaml, dir/plants.yaml and dir/orders.yaml; the same
 * contract as support_load. */
int support_load_dir(mc_arena *a, const char *dir, mc_model *m, mc_diag *d);
/* A fresh directory (support_tmpdir(tag)) holding the instance `mcsched
 * gen` draws for (norders, seed); the test fails if it cannot be made. */
char *support_gen(const char *tag, int norders, uint64_t seed);
/* The whole file at path as a malloc'ed string; NULL if it cannot be read. */
char *support_read(const char *path);
/* The same for dir/name. */
char *support_read_in(const char *dir, const char *name);
/* The mcsched binary under test: $MCSCHED (set by `make test`), else the
 * release build.  Under `make check` ($MCSCHED_CHECK set) the test is
 * skipped instead: check runs no binary. */
const char *support_bin(void);
/* The same binary built with its test hooks (-DMC_TEST_HOOKS), for the
 * few tests that need one: $MCSCHED_HOOKS, else the release build's
 * mcsched-hooks.  The release binary has none. */
const char *support_bin_hooks(void);
/* Runs a shell command and returns its exit status (or -1). */
int support_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Runs `mcsched ARGS` (support_bin()) with stdout to out and stderr to
 * out.err; returns the exit status (-1 when killed by a signal). */
int support_run(const char *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 1 when s is exactly one valid JSON value (RFC 8259: strings with their
 * escapes and valid UTF-8, numbers, nesting up to 64 levels), else 0. */
int support_json_valid(const char *s);

/* The same with stdout to dir/out.txt and stderr to dir/out.txt.err. */
int support_run_in(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The location of a fresh store named name for a test working in dir,
 * malloc'ed: on the back-end under test.  That is SQLite (dir/name)
 * unless $MCSCHED_TEST_DB holds the URL of a PostgreSQL server's
 * database (tests/run.sh sets it from its throwaway cluster for the
 * second pass of the store suites): then a new database on that server
 * (any of the same name dropped first), its URL.  The test fails when it
 * cannot be made. */
char *support_db(const char *dir, const char *name);
/* A path to name files after the store at db (db.out, db.plan): db
 * itself for SQLite; for a PostgreSQL store tmp/ and its database's name.
 * Static: valid until the next call. */
const char *support_beside(const char *db);
/* A fresh PostgreSQL database on the server of url (the URL of one of
 * its databases), named after dir and name; its URL, malloc'ed. */
char *support_db_on(const char *url, const char *dir, const char *name);
/* A fresh store on the other back-end than the one under test: a
 * database of the cluster tests/run.sh started ($MCSCHED_TEST_PG) on the
 * SQLite pass, dir/name on the PostgreSQL pass; malloc'ed.  The test
 * fails when there is no cluster. */
char *support_db_other(const char *dir, const char *name);
/* The tests of SQLite's own files (its header, its -wal, a file moved
 * over it) say so and stop on the PostgreSQL pass, where a store is no
 * file; support_postgres_only() the reverse. */
void support_sqlite_only(void);
void support_postgres_only(void);
/* 1 when the store suites run on PostgreSQL ($MCSCHED_TEST_DB set). */
int support_db_postgres(void);

/* The plans this test's mcsched make spend the default whole-units
 * budget, not the tenth tests/run.sh gives every other test: for the
 * tests of the default's own figures (the README's, the default gaps). */
void support_default_budget(void);
/* Plans the shipped samples (data/samples/job.yaml) into
 * support_db(dir, "mc.db"), a fresh store; returns its malloc'ed
 * location.  The test fails if the plan does. */
char *support_plan_samples(const char *dir);
/* The store, for tests: each fails the test on a store error. */
mc_store *support_store_open(const char *path);
/* Every row of the database as text (mc_store_dump), malloc'ed. */
char *support_store_dump(mc_store *s);
uint64_t support_store_next_serial(mc_store *s);
/* The rows of database db (as support_store_dump() writes them) that start
 * with one of the NULL-terminated prefixes, malloc'ed. */
char *support_store_rows(const char *db, const char *const *prefix);

/* SQL of a test's own on database db, independent of the store's readers
 * (through the store's read-only query entry point, mc_store_query(): only
 * tests/test_store.c includes <sqlite3.h>); each fails the test on an
 * error.  support_q1(): the
 * first column of the first row as an integer, support_qd() as a number;
 * support_rows(): every row, its columns joined by ',', a line each
 * (malloc'ed). */
long long support_q1(const char *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
double support_qd(const char *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *support_rows(const char *db, const char *sql);

/* The floor's report of a day (mcsched actuals, run in dir): every unit
 * run `run` planned on `day` produced that day, the first `ship` of them
 * (by identifier) shipped on `next`, then the rows of extra (may be "");
 * the test fails unless it is recorded.  Returns the units of the day. */
int support_floor_day(const char *dir, const char *db, int run, const char *day,
		      const char *next, int ship, const char *extra);

/* The line of text holding both a and b (a pointer to its start), or
 * NULL. */
const char *support_line_with(const char *text, const char *a, const char *b);

/* Elements of the planning model (docs/design.md, "The planning model") an
 * instance has. */
enum {
	SUPPORT_COV_STOCK,     /* a plant lists a material */
	SUPPORT_COV_RECEIPT,   /* a dated receipt inside the horizon */
	SUPPORT_COV_FAM_MAT,   /* a family uses a material per unit */
	SUPPORT_COV_OPT_MAT,   /* an option value adds material */
	SUPPORT_COV_RELEASE,   /* an order released after the horizon start */
	SUPPORT_COV_MAX_LATE,  /* an order with max_late_days */
	SUPPORT_COV_PRIORITY,  /* an order with priority != 1 */
	SUPPORT_COV_WORKDAYS,  /* a plant whose workdays are not mon..fri */
	SUPPORT_COV_HOLIDAY,   /* a holiday inside the horizon */
	SUPPORT_COV_CAL_ZERO,  /* a calendar day with 0 hours */
	SUPPORT_COV_CAL_EXTRA, /* calendar hours on a day that is not a workday
				*/
	SUPPORT_COV_CAL_OTHER, /* calendar hours other than 0 on a workday */
	SUPPORT_COV_OVERTIME,  /* a resource with overtime */
	SUPPORT_COV_LANE_FAM,  /* a lane cost_by_family */
	SUPPORT_COV_TRANSIT,   /* lanes with different transit days */
	SUPPORT_COV_PROUTE,    /* a plant routing override */
	SUPPORT_COV_OPT_COST,  /* an option value with a cost */
	SUPPORT_COV_OPT_MIN,   /* an option value adding minutes */
	SUPPORT_COV_ADMITS,    /* a resource restricted to some families */
	SUPPORT_COV_SPLIT, /* two resources of a kind at a plant for one family
			    */
	SUPPORT_COV_LATE_OVR,  /* an order overriding late_penalty */
	SUPPORT_COV_UNMET_OVR, /* an order overriding unmet_penalty */
	SUPPORT_COV_NO_MAKE,   /* a plant without a cost for some family */
	SUPPORT_COV_NO_LANE, /* a family no plant making it can ship to a region
			      */
	SUPPORT_COV_N
};

/* Sets seen[e] = 1 for every element e model m has (leaves the others). */
void support_cover(const mc_model *m, int *seen);
/* What element e is, in words ("dated receipts"). */
const char *support_cover_name(int e);

/* The hand-made instances of fixtures/diff/ (each covers model elements
 * the generated ones might miss), as Criterion parameters: names are
 * arrays, not pointers, since each parameter runs in a fresh process
 * where the parent's pointers mean nothing. */
typedef struct support_fixture {
	char name[32];
} support_fixture;
#define SUPPORT_DIFF_FIXTURES                                                  \
	{                                                                      \
		{"calendar"}, {"flows"}, {"materials"},                        \
		{                                                              \
			"windows"                                              \
		}                                                              \
	}

#endif
