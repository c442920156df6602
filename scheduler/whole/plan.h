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

#include "progress.h"

typedef struct mc_plan_opts {
	double time_limit;     /* seconds for the whole run; <= 0 none */
	double started;	       /* mc_session_clock() when the run began
				* (the limit counts from it); 0: now */
	int full_lp;	       /* 1: solve the full class LP (reference) */
	const char *solver;    /* LP back-end, "clp" or "glpk"; NULL default */
	int threads;	       /* for the LP's independent blocks (0: one
				* per processor; the plan is the same) */
	double round_time;     /* seconds the local improvement of the whole
				* units may take; < 0 a budget of work, no
				* clock: -X times the default one (ROUND_WORK
				* slots priced per LP iteration, ...; -1 the
				* default itself, --round-work X) */
	int round_off;	       /* 1: no local improvement, floor + repair
				* only (--round-time 0) */
	long budget_iters;     /* > 0: the default whole-unit budgets are
				* counted from this many LP iterations, not
				* the solve's own (a what-if replays its
				* base run's night with the base's budget) */
	mc_progress *progress; /* may be NULL */
	/* What-if: start warm from the base's solved session
	 * (mc_session_warm(), mc_session_new_warm()); NULL: cold. */
	const struct mc_warm *warm_from;
} mc_plan_opts;

/* Returns 0, or -1 with the reason in d (status MC_ENOPLAN) when the solver
 * failed.  An LP stopped by the time limit still yields a plan (repaired
 * greedily) with the best bound known. */
int mc_plan_run(const mc_model *m, const mc_plan_opts *o, mc_plan *out,
		mc_diag *d);

/* Accounts `units` units of order o made at plant on day (a horizon index)
 * and travelling transit days into p: its cost split, the order's
 * outcome (planned, lateness, cost share) and the plan's unit counts. */
void mc_plan_account(const mc_model *m, mc_plan *p, int o, int plant, int day,
		     int transit, int units);

/* Sets p->cost from its parts (make, options, lane, late, holding, unmet,
 * overtime) and p->gap from it, its stability part and p->lp_bound (the
 * bound is of cost + stability; NAN without one). */
void mc_plan_totals(mc_plan *p);
#endif
