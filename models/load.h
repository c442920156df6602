/*
 * load.h - reading the YAML inputs of DESIGN.md section 2 into an mc_model,
 * with validation.  This module is the only one that includes <yaml.h>.
 *
 * Every problem found is appended to the caller's mc_diag as
 * "file:line:column: message" (1-based), as many at once as can be found,
 * with status MC_EINPUT; the functions then return -1.  All memory comes
 * from the arena given; nothing is written anywhere.
 */
#ifndef MC_LOAD_H
#define MC_LOAD_H

#include "diag.h"
#include "model.h"

/*
 * Loads and validates catalog, plants and orders into *m (which it
 * initialises; m->arena = a) and calls mc_model_finish().  Returns 0, or -1
 * with every error found in d.
 */
int mc_load_inputs(mc_arena *a, const char *catalog, const char *plants,
		   const char *orders, mc_model *m, mc_diag *d);

/* A job.yaml: names the inputs and the plan options so a cron line is just
 * `mcsched plan job.yaml`.  Paths in it are relative to the job file. */
typedef struct mc_job {
	const char *catalog, *plants, *orders; /* required */
	const char *db;			       /* NULL = default */
	const char *scenario;		       /* NULL = none */
	int frozen_days;		       /* -1 = not given */
	double time_limit;		       /* seconds, <= 0 = not given */
} mc_job;

/* Reads a job file.  Returns 0, or -1 with errors in d. */
int mc_load_job(mc_arena *a, const char *path, mc_job *job, mc_diag *d);

#endif
