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

/* The tolerance of every fit test: minutes and material quantities within
 * it of a limit are within the limit. */
#define MC_FIT_EPS 1e-6

/* Minutes left on day t, regular and overtime, on the resources of kind k
 * at plant p that admit family f (adm: scratch for their indexes, room for
 * the plant's resource count).  A unit needing mins of kind k fits there
 * when mins <= room + MC_FIT_EPS. */
double mc_round_room(const mc_model *m, const mc_int_plan *ip, int p, int k,
		     int f, int t, int *adm);

/* The first day from t on where one more unit of class cls made at plant
 * p on day t would take a listed material beyond its stock and receipts
 * (*mat gets the material), or -1 when it fits. */
int mc_round_material_short(const mc_model *m, const mc_classes *c,
			    const mc_int_plan *ip, int cls, int p, int t,
			    int *mat);

#endif
