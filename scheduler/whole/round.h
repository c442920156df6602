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
 * the result never exceeds capacity.  That is the plan of mc_round(), and
 * the fallback of every run; mc_round_improve() then improves it by local
 * moves that each lower its cost (plan.c keeps the cheaper of the two).
 *
 * The floor, the repair, the kept plan and the costs are round.c; the
 * local improvement is round_improve.c; round_impl.h holds what the two
 * share.
 */
#ifndef MC_ROUND_H
#define MC_ROUND_H

#include "lp.h"
#include "tolerance.h"

typedef struct mc_int_plan {
	int *units;	   /* [nx] whole units per LP production column */
	int *resource;	   /* [nx] resource carrying most of its minutes */
	int *unmet;	   /* [nclasses] */
	double *load;	   /* [nresources * days] minutes used */
	double *mat_cum;   /* [nplants * nmaterials * days] cumulative use */
	double *mat_avail; /* same shape: stock + receipts through day t */
	int *adm;	   /* scratch: [nresources] admitting resources */
	double *take;	   /* scratch: [nresources] minutes per resource */
	/* Where several resources of a kind admit a family, the minutes of
	 * the family on each (the LP's flows, lp.h), so that a unit can be
	 * taken out again exactly: */
	const mc_lp_flow *flow; /* [nflow] which family, resource, day */
	int nflow;
	double *fmin; /* [nflow] minutes the plan puts there */
	int *kfirst;  /* [families*plants*days*kinds] first flow + 1, 0 none */
	/* [nx] units of each slot no improvement takes out: the published
	 * plan's, when the plan started from it (mc_round_kept()); NULL
	 * none */
	const int *pinned;
} mc_int_plan;

/* Units of slot i that no improvement may take out (mc_int_plan.pinned). */
static inline int mc_round_pinned(const mc_int_plan *ip, int i)
{
	return ip->pinned ? ip->pinned[i] : 0;
}

/* Rounds lp (which must have lp->primal set, or be all zero to plan from
 * scratch) into *out, allocated from a.  Never fails. */
void mc_round(const mc_model *m, const mc_classes *c, const mc_lp_result *lp,
	      mc_arena *a, mc_int_plan *out);

/* The published plan kept as a whole plan, for a night that has one to
 * hold to: every kept slot (stability, lp.h) gets the units the published
 * plan had there, as far as they still fit (frozen minutes placed first,
 * as mc_round() places them), then the greedy repair places the rest as
 * mc_round() does.  The kept units are pinned: the improvements
 * (mc_round_improve(), lns.h) place the others around them, so a plan
 * that starts from the published one moves none of its units.  Never
 * fails. */
void mc_round_kept(const mc_model *m, const mc_classes *c,
		   const mc_lp_result *lp, mc_arena *a, mc_int_plan *out);

/*
 * Local improvement of a whole plan over the slots cols[0..nx): an unmet
 * unit is placed where it fits, or where it does not by taking out a
 * unit of another class that frees the room (on the plant-day, or a
 * short material's earlier use at the plant) and placing that one at its
 * own cheapest slot with room, else by the same move one level down (a
 * chain of two), else leaving it unmet; a unit moves to a cheaper slot of
 * its class with room.  Only moves that lower the plan's cost are kept,
 * so it never makes the plan worse, and every move keeps within every
 * resource's hours and every material's stock.  Passes of single moves
 * go on while they pay, then passes with chains, within o->budget slots
 * priced (the deterministic bound; <= 0 none) and o->deadline
 * (mc_progress_clock() seconds, <= 0 none).  Returns the cost saved.
 */
typedef struct mc_improve_opts {
	long budget;
	double deadline;
} mc_improve_opts;

typedef struct mc_improve_stats {
	int passes;
	long moves;  /* moves kept */
	long work;   /* slots priced */
	int stopped; /* 1: the budget or the deadline ended it */
} mc_improve_stats;

double mc_round_improve(const mc_model *m, const mc_classes *c,
			const mc_lp_x *cols, int nx, mc_int_plan *ip,
			const mc_improve_opts *o, mc_improve_stats *st);
/* The cost of ip over the slots x[0..nx): units x slot cost, unmet units
 * x penalty, overtime hours x cost (what the plan's cost split adds up
 * to). */
double mc_round_cost(const mc_model *m, const mc_classes *c, const mc_lp_x *x,
		     int nx, const mc_int_plan *ip);

/* mc_round_cost() with each plant's, day's and kind's minutes placed at
 * the least overtime (mcf.h) instead of where ip has them: what the plan
 * costs once its minutes are rebalanced (night.h).  For comparing whole
 * plans whose minutes were placed greedily. */
double mc_round_cost_least(const mc_model *m, const mc_classes *c,
			   const mc_lp_x *x, int nx, const mc_int_plan *ip);

/* Sets ip->resource (the resource of each slot's longest operation with
 * most load that day) after units were placed without mc_round() or
 * mc_round_improve(), which set it themselves. */
void mc_round_attribute(const mc_model *m, const mc_classes *c,
			const mc_lp_x *cols, int nx, mc_int_plan *ip);

/* Index of the (family, plant, day, kind) group in mc_int_plan.kfirst. */
size_t mc_round_group(const mc_model *m, int f, int p, int t, int k);
/* The flows of group g are ip->flow[return value .. *end) (none: the two
 * are equal). */
int mc_round_group_flows(const mc_model *m, const mc_int_plan *ip, size_t g,
			 int *end);

/* The tolerance of every fit test (tolerance.h). */
#define MC_FIT_EPS MC_TOL_FIT

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
