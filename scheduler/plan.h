/*
 * plan.h - one planning run: classes -> LP -> whole units -> orders.
 *
 * mc_plan_run() solves the model and fills an mc_plan (model.h) whose
 * arrays come from the model's arena: allocations per order, the outcome of
 * every order with its reason, resource-day capacity with shadow prices,
 * material positions, the cost split, LP bound and gap.
 */
#ifndef MC_PLAN_H
#define MC_PLAN_H

#include "diag.h"
#include "model.h"

typedef struct mc_plan_opts {
	double time_limit; /* LP time limit in seconds; <= 0 none */
	int progress;	   /* show solver progress on stderr */
} mc_plan_opts;

/* Returns 0, or -1 with the reason in d (status MC_ENOPLAN) when the solver
 * failed.  An LP stopped by the time limit still yields a plan (repaired
 * greedily) with the best bound known. */
int mc_plan_run(const mc_model *m, const mc_plan_opts *o, mc_plan *out,
		mc_diag *d);

#endif
