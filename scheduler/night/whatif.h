/*
 * whatif.h - what-if scenarios on a stored base run, and the inputs of any
 * stored run.
 *
 * A what-if is the base run's inputs (from the snapshots the store keeps
 * with every run, not from the files on disk) plus a scenario overlay
 * (scenario.h).  The base LP is built and solved once; each scenario's LP
 * then starts from the base's optimal basis (mc_session_new_warm()) and is
 * stored as a run of kind "whatif" linked to its base: hypothetical, it
 * draws no serial, is never published and changes no unit.
 */
#ifndef MC_WHATIF_H
#define MC_WHATIF_H

#include "diag.h"
#include "model.h"
#include "progress.h"
#include "store.h"

/*
 * Loads the model stored run id was planned from: its snapshots (catalog,
 * plants, orders and any orders a scenario added) and, for a what-if, its
 * scenario applied.  Runs saved before snapshots were kept are reloaded
 * from their files, which must not have changed (digests).  Returns 0 or
 * -1 with the reason in d.
 */
int mc_run_model(mc_store *s, int64_t id, mc_arena *a, mc_model *m, mc_diag *d);

/* The same without its orders (an empty book): the catalog, the plants
 * and the horizon, as a promise's quote needs them, without reading a
 * 100,000-order book.  A run whose scenarios may change orders, or one
 * without snapshots, is loaded whole (mc_run_model()). */
int mc_run_model_plants(mc_store *s, int64_t id, mc_arena *a, mc_model *m,
			mc_diag *d);

/* The model (mc_run_model()) and, from the plan rows of its view v
 * (mc_store_load_run()), the plan of stored run v->id as far as tagging its
 * units needs (allocations, planned units per order), for publishing it by
 * hand (mc_store_publish_plan()). */
int mc_run_plan(mc_store *s, const mc_run_view *v, mc_arena *a, mc_model *m,
		mc_plan *p, mc_diag *d);

/* The base run's night, its LP re-solved: what a what-if tells first. */
typedef struct mc_whatif_base {
	int64_t id;	  /* the base run */
	int start;	  /* its night's first day */
	int64_t held_to;  /* the published run it was held to, 0: none */
	int frozen_days;  /* its frozen window */
	double t_lp;	  /* seconds its LP took */
	int optimal;	  /* 0: a limit stopped the LP */
	const char *note; /* how far the night could be replayed, or NULL */
} mc_whatif_base;

/* One scenario planned and stored, with the base's facts beside it. */
typedef struct mc_whatif_result {
	const char *name; /* the scenario's */
	int64_t run;	  /* the what-if run stored */
	int64_t base;	  /* its base run */
	const mc_plan *plan;
	double base_cost;
	int base_planned, base_late, base_unmet;
	double base_t_lp; /* the base LP's cold solve, seconds */
	double secs;	  /* the scenario's time in all */
} mc_whatif_result;

/* What the command line is told as a what-if goes; each may be NULL.  The
 * calls come from the process that did the work: with jobs > 1, scenario
 * and worker_end run in the forked worker. */
typedef struct mc_whatif_report {
	void *ctx;
	void (*base)(void *ctx, const mc_whatif_base *b);
	void (*scenario)(void *ctx, const mc_whatif_result *r);
	/* a worker ends with status (0, or its first failure's with the
	 * reason in d): returns the status it exits with */
	int (*worker_end)(void *ctx, int status, mc_diag *d);
} mc_whatif_report;

typedef struct mc_whatif_opts {
	const char *db;	  /* the store */
	const char *base; /* run spec: a number, latest, published */
	const char *const *scenarios; /* scenario files */
	int nscenarios;
	int jobs;	    /* worker processes, >= 1 */
	int one;	    /* > 0: plan scenario one-1 only, in this process
			     * (a Slurm task, slurm.h); the others
			     * are neither read nor checked */
	double time_limit;  /* seconds for each scenario; <= 0 none */
	const char *solver; /* NULL: the base run's */
	int cold;	    /* 1: every scenario solved cold (for comparison) */
	int allow_outside;  /* 1: add_orders may read files outside the
			     * scenario's folder */
	/* Slurm (slurm.h): warm_out: only check the what-if and solve the
	 * base, whose warm start (warm.h) is written there, and plan
	 * nothing; warm_in: the base's warm start is read from there, not
	 * solved again (a task).  NULL: neither. */
	const char *warm_out, *warm_in;
	/* how a scenario's run is saved: the store at db opened for writing
	 * (the command line's opening); NULL: mc_store_open_existing() */
	mc_store *(*open)(const char *db, mc_diag *d);
	mc_progress *progress;		/* each scenario's; NULL: quiet */
	const mc_whatif_report *report; /* NULL: nothing told */
} mc_whatif_opts;

/*
 * Plans every scenario on the base run and stores each as a what-if run,
 * telling o->report of the base and of each scenario (its run, plan and
 * the base's facts).  Every scenario file is read and checked before
 * anything is planned: a bad one stops the command with nothing stored.
 * Returns 0, or -1 with the reason in d (with jobs > 1, a worker's failure
 * goes to the report's worker_end in the worker, and is reported here as
 * its exit status).
 */
int mc_whatif_run(const mc_whatif_opts *o, mc_diag *d);

#endif
