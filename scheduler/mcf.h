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

/*
 * Places the minutes of nf families, mins[i] of family fam[i], of one kind
 * at one plant on day t, on its resources res[0..nres) (mc_kind_resources())
 * that admit each family, on top of fixed[q] minutes already on res[q]
 * (NULL: none), at the least overtime cost: regular hours anywhere before
 * overtime, the cheapest overtime first.  load[q] gets res[q]'s minutes,
 * fixed ones included, and *cost the overtime cost of those loads.
 * Returns the minutes placed: less than their sum when they do not fit.
 */
double mc_place_minutes(const mc_model *m, int t, const int *fam,
			const double *mins, int nf, const int *res, int nres,
			const double *fixed, double *load, double *cost);

#endif
