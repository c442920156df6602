/*
 * nightly.h - one planning run as a nightly job makes it: the inputs
 * (job file or files, the horizon start), one plan at a time on a
 * database, never before the published plan's start, the plan, the store,
 * and whether it is published.  The command line parses its options into
 * mc_nightly_opts and prints the mc_nightly_result; this module does the
 * rest and prints nothing.
 */
#ifndef MC_NIGHTLY_H
#define MC_NIGHTLY_H

#include "diag.h"
#include "load.h"
#include "model.h"
#include "progress.h"
#include "settings.h"
#include "store.h"

/* The confirmed promises a plan run reads as orders (promise.h). */
typedef struct mc_nightly_promises {
	const mc_promise_rec *p;
	int n;
} mc_nightly_promises;

/* Loads the inputs: the settings set says (the command line's: set->given)
 * over those of the job file jobpath (NULL: none), which names the input
 * files; set gets the run's settings (mc_settings_resolve()).  The
 * scenarios are applied in order.  With pr, the open promises of the
 * store set->db names (when it exists) are orders too, after the book's,
 * due on their promised dates (an order id the book has stays the
 * book's), and *pr lists them.  Returns 0, or -1 with errors. */
int mc_nightly_load(mc_arena *a, const char *jobpath, mc_settings *set,
		    mc_nightly_promises *pr, mc_model *m, mc_diag *d);

/* What `mcsched plan` was asked. */
typedef struct mc_nightly_opts {
	const char *job;       /* job.yaml, or NULL */
	mc_settings set;       /* the command line's settings (set.given) */
	double t0;	       /* mc_session_clock() when the command began */
	mc_progress *progress; /* NULL: quiet */
	/* opens the store (create = 1 for a writer); the command line's */
	mc_store *(*open_store)(const char *db, int create, mc_diag *d);
} mc_nightly_opts;

/* A run stored, for the command line to tell. */
typedef struct mc_nightly_result {
	int64_t run;	       /* its id */
	const char *db;	       /* the store it is in */
	const mc_model *model; /* what was planned */
	const mc_plan *plan;   /* the plan stored */
	double elapsed;	       /* seconds from the start to the run stored */
	int today;	       /* the local date (day number) */
	int held;	       /* 1: kept back, not published */
	char why[160];	       /* then why */
	mc_arena *a;	       /* holds model and plan */
} mc_nightly_result;

/* What mc_nightly_plan() returns for a run stored but kept back. */
#define MC_NIGHTLY_HELD 1

/* Plans, stores and maybe publishes one run.  Returns 0 when a run was
 * stored and published, MC_NIGHTLY_HELD when it was stored but kept back
 * (its reason is the run's hold_reason and r->why), either with *r
 * filled (release it with mc_nightly_result_release()); or -1 with the
 * reason in d. */
int mc_nightly_plan(const mc_nightly_opts *o, mc_nightly_result *r, mc_diag *d);
/* Frees what r holds; accepts a zeroed r. */
void mc_nightly_result_release(mc_nightly_result *r);

#endif
