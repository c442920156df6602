/*
 * lns.h - large neighbourhood search over a whole-unit plan: exact small
 * MIPs that re-plan part of it.
 *
 * A neighbourhood is a set of slots (a plant over a few days, or every
 * plant over a few days).  Their units are taken out of the plan; what
 * the rest of the plan leaves of every resource-day's hours (regular and
 * overtime) and every material's stock is the room they may use, and the
 * units of their classes that are not elsewhere in the plan are theirs to
 * place or leave unmet.  That is a small MIP: whole units per slot, the
 * minutes of each family on each of several same-kind resources (all of
 * the family's minutes there, the fixed units' too, so they may shift
 * between resources), overtime hours per resource-day, unmet units per
 * class; costs as in the class LP.  GLPK's branch and bound solves it,
 * starting from the plan's own units as incumbent, within a node limit.
 * The plan takes the MIP's answer only when it costs less; else it stays
 * exactly as it was.  So the search never makes the plan worse and keeps
 * every unit within hours and stock.
 *
 * Its work is counted in simplex iterations of the small MIPs (their LP
 * relaxations and every node) and the slots of every neighbourhood taken
 * up, a deterministic budget: the same plan on any machine, unless a
 * deadline stops it first.
 */
#ifndef MC_LNS_H
#define MC_LNS_H

#include "round.h"

typedef struct mc_lns_opts {
	long budget;	 /* work (mc_lns_stats); <= 0 none */
	double deadline; /* mc_progress_clock() seconds; <= 0 none */
} mc_lns_opts;

typedef struct mc_lns_stats {
	int tried;    /* neighbourhoods solved */
	int improved; /* ... whose answer the plan took */
	long work;    /* simplex iterations + slots of every neighbourhood */
	int stopped;  /* 1: the budget or the deadline ended it */
	int failed;   /* 1: the MIP solver failed (the plan is as good as
		       * it got before) */
} mc_lns_stats;

/* Improves ip (a whole plan over the slots cols[0..nx)) by re-planning
 * neighbourhoods until a whole round of them gains nothing, the budget
 * or the deadline.  Returns the cost saved (>= 0). */
double mc_lns_improve(const mc_model *m, const mc_classes *c,
		      const mc_lp_x *cols, int nx, mc_int_plan *ip,
		      const mc_lns_opts *o, mc_lns_stats *st);

#endif
