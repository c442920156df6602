/*
 * mcf.h - a minimum-cost flow on a small graph with real capacities:
 * successive shortest paths (Bellman-Ford on the residual graph), exact
 * for the few dozen nodes of one plant's day and resource kind.
 *
 * Used to place minutes on the resources of a kind at the least overtime
 * cost (night.h) and to check that frozen minutes fit (commit.h).  An
 * mc_mcf is a handle from mc_mcf_new(), freed with mc_mcf_free(); arcs are
 * added, then one mc_mcf_solve() sends the flow.
 */
#ifndef MC_MCF_H
#define MC_MCF_H

#include "model.h"

typedef struct mc_mcf mc_mcf;

/* A graph of n nodes (0..n-1) and no arcs. */
mc_mcf *mc_mcf_new(int n);
/* Frees it; accepts NULL. */
void mc_mcf_free(mc_mcf *g);

/* Adds an arc from -> to of capacity cap (>= 0) and cost per unit of flow
 * (>= 0); returns its index. */
int mc_mcf_arc(mc_mcf *g, int from, int to, double cap, double cost);

/* Sends up to want units from s to t at the least cost; returns the flow
 * sent (less than want when the capacities do not allow it) and its cost
 * in *cost. */
double mc_mcf_solve(mc_mcf *g, int s, int t, double want, double *cost);

/* The flow on arc a after mc_mcf_solve(). */
double mc_mcf_flow(const mc_mcf *g, int a);

/* ---- minutes on the resources of a kind ---- */

/* The resources of kind k at plant p, in the plant's order, into res
 * (room for the plant's resource count); returns their count. */
int mc_kind_resources(const mc_model *m, int p, int k, int *res);

/* Sorts v[0..n) (minutes of a family on a plant, day and kind, model.h)
 * by plant, day, kind and family, and merges those of one family there;
 * returns how many are left.  The minutes of one plant, day and kind (a
 * block) are then v[i .. mc_minutes_block(v, n, i)). */
int mc_minutes_merge(mc_fixmin *v, int n);
int mc_minutes_block(const mc_fixmin *v, int n, int i);

/*
 * Places the minutes of block v[0..k) (merged, mc_minutes_merge()) on the
 * resources of its kind at its plant that admit each family, on top of the
 * minutes already there (fixed: [nresources * days], NULL none), at the
 * least overtime cost: regular hours anywhere before overtime, the
 * cheapest overtime first.  res[0..*nres) gets the kind's resources
 * (mc_kind_resources(); res and load need room for the plant's resource
 * count), load[q] res[q]'s minutes with the fixed ones, *cost the
 * overtime cost of those loads, *total the block's minutes.  Returns the
 * minutes placed: less than *total when they do not fit.
 */
double mc_minutes_place(const mc_model *m, const mc_fixmin *v, int k,
			const double *fixed, int *res, int *nres, double *load,
			double *cost, double *total);

#endif
