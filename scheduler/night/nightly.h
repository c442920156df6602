/*
 * nightly.h - one planning run as a nightly job makes it: the inputs
 * (job file or files, the horizon start), one plan at a time on a
 * database, never before the published plan's start, the plan, the store,
 * and whether it is published.  main.c parses the command line into
 * mc_nightly_opts; this module does the rest.
 */
#ifndef MC_NIGHTLY_H
#define MC_NIGHTLY_H

#include "diag.h"
#include "load.h"
#include "model.h"
#include "store.h"

/* The database when neither --db nor the job names one. */
#define MC_DEFAULT_DB "mcsched.db"
/* --publish auto publishes a plan within this gap (percent). */
#define MC_DEFAULT_MAX_GAP 2.0
/* What moving a published unit off its plant or day costs, per unit. */
#define MC_DEFAULT_STABILITY_COST 25.0

/* The inputs of plan/check/export: a job file or -c/-p/-o; start: the
 * horizon's first day ("today", an ISO date) overriding the job's and
 * plants.yaml's, NULL none; scenarios: overlays accepted for tonight
 * (plan --scenario), replacing the job's `scenarios` when given. */
typedef struct mc_inputs {
	const char *job, *catalog, *plants, *orders;
	const char *start;
	const char *const *scenarios;
	int nscenarios;
	int allow_outside; /* 1: a scenario's add_orders may read files
			    * outside its own folder */
} mc_inputs;

/* Loads the inputs (a job file names the others; its settings land in
 * *job, -1 / 0 / NULL where not given), with the scenarios applied in
 * order.  Returns 0, or -1 with errors. */
int mc_nightly_load(mc_arena *a, mc_inputs *in, mc_job *job, mc_model *m,
		    mc_diag *d);

/* What `mcsched plan` was asked; a setting left unset (NULL, -1, <= 0 for
 * time_limit) is the job file's, else its default. */
typedef struct mc_nightly_opts {
	mc_inputs in;
	const char *db, *publish, *solver;
	int frozen_days, min_orders; /* -1: job's */
	double time_limit, round_time, max_gap, wait;
	double stability_cost; /* < 0: job's */
	int full_lp, quiet;
	double t0; /* mc_session_clock() when the command began */
	/* opens the store (create = 1 for a writer); the command line's,
	 * with its test hooks */
	mc_store *(*open_store)(const char *db, int create, mc_diag *d);
} mc_nightly_opts;

/* What mc_nightly_plan() returns for a run stored but kept back. */
#define MC_NIGHTLY_HELD 1

/* Plans, stores and maybe publishes one run, printing its summary (unless
 * quiet) and, on stderr, why a run is kept back.  Returns 0 when a run was
 * stored and published, MC_NIGHTLY_HELD when it was stored but kept back
 * (its reason is the run's hold_reason), -1 with the reason in d. */
int mc_nightly_plan(const mc_nightly_opts *o, mc_diag *d);

#endif
