/*
 * round.h - turning the LP plan into whole units without exceeding any
 * capacity or material limit.
 *
 * First every production column is floored and its minutes are placed on
 * resources in the proportions of the LP's own flows, which keeps every
 * capacity and stock row satisfied.  Then a greedy repair places the
 * remaining units one slot at a time: first where the LP left fractions
 * (largest first), then each class in order of its unmet penalty, cheapest
 * slot first, taking regular hours before overtime, and only where the unit
 * costs less than leaving it unmet.  A unit is placed only where every
 * resource kind it needs and every listed material still has room, so
 * the result never exceeds capacity.
 */
#ifndef MC_ROUND_H
#define MC_ROUND_H

#include "lp.h"

typedef struct mc_int_plan {
	int *units;	   /* [nx] whole units per LP production column */
	int *resource;	   /* [nx] resource carrying most of its minutes */
	int *unmet;	   /* [nclasses] */
	double *load;	   /* [nresources * days] minutes used */
	double *mat_cum;   /* [nplants * nmaterials * days] cumulative use */
	double *mat_avail; /* same shape: stock + receipts through day t */
} mc_int_plan;

/* Rounds lp (which must have lp->primal set, or be all zero to plan from
 * scratch) into *out, allocated from a.  Never fails. */
void mc_round(const mc_model *m, const mc_classes *c, const mc_lp_result *lp,
	      mc_arena *a, mc_int_plan *out);

/* Minutes of resource r on day t that the plan may use at most:
 * 60 x (regular hours + allowed overtime). */
double mc_round_capacity(const mc_model *m, int r, int t);

#endif
