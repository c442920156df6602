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

#endif
