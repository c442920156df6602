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
#include "store.h"

/*
 * Loads the model stored run id was planned from: its snapshots (catalog,
 * plants, orders and any orders a scenario added) and, for a what-if, its
 * scenario applied.  Runs saved before snapshots were kept are reloaded
 * from their files, which must not have changed (digests).  Returns 0 or
 * -1 with the reason in d.
 */
int mc_run_model(mc_store *s, int64_t id, mc_arena *a, mc_model *m, mc_diag *d);

/* The model (mc_run_model()) and, from the plan rows of its view v
 * (mc_store_load_run()), the plan of stored run v->id as far as tagging its
 * units needs (allocations, planned units per order), for publishing it by
 * hand (mc_store_publish_plan()). */
int mc_run_plan(mc_store *s, const mc_run_view *v, mc_arena *a, mc_model *m,
		mc_plan *p, mc_diag *d);

typedef struct mc_whatif_opts {
	const char *db;	  /* the store */
	const char *base; /* run spec: a number, latest, published */
	const char *const *scenarios; /* scenario files */
	int nscenarios;
	int jobs;	   /* worker processes, >= 1 */
	double time_limit; /* seconds for each scenario; <= 0 none */
	const char *solver;
	int cold; /* 1: every scenario solved cold (for comparison) */
	int quiet;
	int allow_outside; /* 1: add_orders may read files outside the
			    * scenario's folder */
} mc_whatif_opts;

/*
 * Plans every scenario on the base run and stores each as a what-if run,
 * printing per scenario its run, plan cost, bound, gap and the deltas
 * against the base.  Every scenario file is read and checked before
 * anything is planned: a bad one stops the command with nothing stored.
 * Returns 0, or -1 with the reason in d (with jobs > 1, a worker's failure
 * is printed by the worker and reported here as MC_ENOPLAN).
 */
int mc_whatif_run(const mc_whatif_opts *o, mc_diag *d);

#endif
