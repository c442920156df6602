/*
 * night.h - one night's plan on its own terms, the one planning logic of
 * `mcsched plan` (tonight) and `mcsched whatif` (a stored plan run's night
 * again, with a scenario's overlay).
 *
 * A night is: its model (the inputs, any scenario overlays applied), the
 * published plan it is held to, the floor's reports as they stood when it
 * was planned, its frozen window and its stability cost.  From these the
 * commitments (commit.h) and the model the LP plans are derived; the plan
 * of that model is merged back into the night's plan (frozen units, moves
 * and their causes), its minutes redistributed so that no resource pays
 * overtime beside free regular hours of its kind (mc_night_rebalance()).
 *
 * The floor a night reads is kept with its run (store.h, run_floor), so a
 * what-if on that run reads the same: mc_floor_apply() puts it onto the
 * published plan's view, mc_floor_made() counts the made units per order.
 * Everything comes from the model's arena.
 */
#ifndef MC_NIGHT_H
#define MC_NIGHT_H

#include "commit.h"
#include "diag.h"
#include "model.h"
#include "plan.h"
#include "progress.h"
#include "store.h"

/* Gives the units of pub (a published run's view) their floor status as
 * floor[0..n) says (sorted by serial, mc_store_floor()): life and its day,
 * and cancelled or live; a unit floor does not name is live and
 * unreported. */
void mc_floor_apply(mc_run_view *pub, const mc_floor_unit *floor, int n);

/* The made units (produced or shipped, not cancelled) of floor[0..n) per
 * order, into *made (from a), by order id, each order's by seq. */
void mc_floor_made(const mc_floor_unit *floor, int n, mc_arena *a,
		   mc_made **made, int *nmade);

/* The part of floor[0..n) a night of model m held to pub (NULL none)
 * reads: units of m's orders or of pub's.  *out from m's arena. */
void mc_floor_keep(const mc_model *m, const mc_run_view *pub,
		   const mc_floor_unit *floor, int n, mc_floor_unit **out,
		   int *nout);

/* What a night is held to. */
typedef struct mc_night_terms {
	const mc_run_view *pub; /* the published plan, floor applied; NULL
				 * none */
	const mc_made *made;	/* made units per order */
	int nmade;
	const mc_floor_unit *floor; /* the floor's reports (mc_store_floor) */
	int nfloor;
	int frozen_days;
	double stability_cost;
} mc_night_terms;

typedef struct mc_night {
	mc_model *m;	     /* the night's model (grows by withdrawn orders
			      * kept for their frozen units) */
	int ninput;	     /* orders of the input book */
	mc_commit cm;	     /* the commitments */
	mc_model todo;	     /* what the LP plans */
	const mc_made *made; /* made units per order (the terms') */
	int nmade;
} mc_night;

/* Derives the commitments of model m on terms t and the model the LP
 * plans.  Never fails. */
void mc_night_prepare(mc_model *m, const mc_night_terms *t, mc_night *n);

/* Plans the night: the LP of n->todo (o as for mc_plan_run()), merged
 * into the plan of n->m with the frozen units, rebalanced.  Returns 0 or
 * -1 with the reason in d. */
int mc_night_plan(mc_night *n, const mc_plan_opts *o, mc_plan *out, mc_diag *d);

/*
 * Redistributes the minutes of plan p (model m, frozen units included)
 * within each plant, day and resource kind over the resources that admit
 * each family, at the least overtime cost: regular hours everywhere before
 * any overtime, the cheapest overtime first.  Units keep their plants and
 * days; p->cap and the overtime cost change, and the totals with them.
 */
void mc_night_rebalance(const mc_model *m, mc_plan *p);

/* Tells progress pg that run r (its kind, base, scenario, and its id and
 * state once stored) was stored with plan p of night n: its figures are
 * p's, its orders n's input book; seconds since the run started. */
void mc_night_told(mc_progress *pg, mc_progress_run r, const mc_night *n,
		   const mc_plan *p, double seconds);

#endif
