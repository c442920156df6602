/*
 * mcf.c - minimum-cost flow by successive shortest paths (mcf.h).
 *
 * Every arc is stored with its reverse (arc a's reverse is a ^ 1).  Each
 * round finds a cheapest path from s to t in the residual graph with
 * Bellman-Ford (queue based; residual costs may be negative, cycles are
 * not, since every augmentation follows a cheapest path) and pushes the
 * path's bottleneck along it.  A residual capacity within EPS of zero is
 * zero.
 */
#include "mcf.h"
#include "tolerance.h"
#include "arena.h"

#include <math.h>
#include <stdlib.h>

#define EPS MC_TOL_FLOW

struct mc_mcf {
	int n, narcs, cap;
	int *to, *next, *head; /* arcs as lists by tail */
	double *res, *cost, *cap0;
};

mc_mcf *mc_mcf_new(int n)
{
	mc_mcf *g = mc_xcalloc(1, sizeof(*g));
	g->n = n;
	g->head = mc_xmalloc(((size_t)n + 1) * sizeof(int));
	for (int i = 0; i < n; i++)
		g->head[i] = -1;
	return g;
}

void mc_mcf_free(mc_mcf *g)
{
	if (!g)
		return;
	free(g->to);
	free(g->next);
	free(g->head);
	free(g->res);
	free(g->cost);
	free(g->cap0);
	free(g);
}

static void push_arc(mc_mcf *g, int from, int to, double cap, double cost)
{
	if (g->narcs == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 32;
		size_t c = (size_t)g->cap;
		g->to = mc_xrealloc(g->to, c * sizeof(int));
		g->next = mc_xrealloc(g->next, c * sizeof(int));
		g->res = mc_xrealloc(g->res, c * sizeof(double));
		g->cost = mc_xrealloc(g->cost, c * sizeof(double));
		g->cap0 = mc_xrealloc(g->cap0, c * sizeof(double));
	}
	int a = g->narcs++;
	g->to[a] = to;
	g->res[a] = cap;
	g->cap0[a] = cap;
	g->cost[a] = cost;
	g->next[a] = g->head[from];
	g->head[from] = a;
}

int mc_mcf_arc(mc_mcf *g, int from, int to, double cap, double cost)
{
	int a = g->narcs;
	push_arc(g, from, to, cap, cost);
	push_arc(g, to, from, 0, -cost);
	return a;
}

double mc_mcf_flow(const mc_mcf *g, int a)
{
	return g->cap0[a] - g->res[a];
}

/* Cheapest residual path distances from s into dist, the arc into each
 * node in via (-1 none).  Returns 1 when t is reachable. */
static int shortest(const mc_mcf *g, int s, int t, double *dist, int *via,
		    int *queue, char *inq)
{
	int n = g->n, qh = 0, qt = 0;
	for (int i = 0; i < n; i++) {
		dist[i] = INFINITY;
		via[i] = -1;
		inq[i] = 0;
	}
	dist[s] = 0;
	queue[qt++] = s;
	inq[s] = 1;
	while (qh != qt) {
		int u = queue[qh];
		qh = (qh + 1) % (n + 1);
		inq[u] = 0;
		for (int a = g->head[u]; a >= 0; a = g->next[a]) {
			if (g->res[a] <= EPS)
				continue;
			int v = g->to[a];
			double d = dist[u] + g->cost[a];
			if (d < dist[v] - MC_TOL_PATH) {
				dist[v] = d;
				via[v] = a;
				if (!inq[v]) {
					queue[qt] = v;
					qt = (qt + 1) % (n + 1);
					inq[v] = 1;
				}
			}
		}
	}
	return isfinite(dist[t]);
}

double mc_mcf_solve(mc_mcf *g, int s, int t, double want, double *cost)
{
	int n = g->n;
	double *dist = mc_xmalloc(((size_t)n + 1) * sizeof(double));
	int *via = mc_xmalloc(((size_t)n + 1) * sizeof(int));
	int *queue = mc_xmalloc(((size_t)n + 2) * sizeof(int));
	char *inq = mc_xmalloc((size_t)n + 1);
	double sent = 0, total = 0;
	while (want - sent > EPS && shortest(g, s, t, dist, via, queue, inq)) {
		double push = want - sent;
		for (int v = t; v != s; v = g->to[via[v] ^ 1])
			push = fmin(push, g->res[via[v]]);
		for (int v = t; v != s; v = g->to[via[v] ^ 1]) {
			g->res[via[v]] -= push;
			g->res[via[v] ^ 1] += push;
		}
		sent += push;
		total += push * dist[t];
	}
	free(dist);
	free(via);
	free(queue);
	free(inq);
	if (cost)
		*cost = total;
	return sent;
}

/* ---- minutes on the resources of a kind ---- */

int mc_kind_resources(const mc_model *m, int p, int k, int *res)
{
	const mc_plant *pl = &m->plants[p];
	int n = 0;
	for (int i = 0; i < pl->nresources; i++)
		if (m->resources[pl->resources[i]].kind == k)
			res[n++] = pl->resources[i];
	return n;
}

static int by_block(const void *x, const void *y)
{
	const mc_fixmin *a = x, *b = y;
	if (a->plant != b->plant)
		return a->plant - b->plant;
	if (a->day != b->day)
		return a->day - b->day;
	if (a->kind != b->kind)
		return a->kind - b->kind;
	return a->family - b->family;
}

int mc_minutes_merge(mc_fixmin *v, int n)
{
	if (n)
		qsort(v, (size_t)n, sizeof(*v), by_block);
	int w = 0;
	for (int i = 0; i < n; i++)
		if (w && by_block(&v[w - 1], &v[i]) == 0)
			v[w - 1].minutes += v[i].minutes;
		else
			v[w++] = v[i];
	return w;
}

int mc_minutes_block(const mc_fixmin *v, int n, int i)
{
	int j = i + 1;
	while (j < n && v[j].plant == v[i].plant && v[j].day == v[i].day &&
	       v[j].kind == v[i].kind)
		j++;
	return j;
}

double mc_minutes_place(const mc_model *m, const mc_fixmin *v, int k,
			const double *fixed, int *res, int *nres, double *load,
			double *cost, double *total)
{
	int H = m->horizon_days, t = v[0].day;
	*nres = mc_kind_resources(m, v[0].plant, v[0].kind, res);
	*total = 0;
	/* nodes: 0 source, 1 sink, 2.. families, then resources */
	mc_mcf *g = mc_mcf_new(2 + k + *nres);
	for (int i = 0; i < k; i++) {
		*total += v[i].minutes;
		mc_mcf_arc(g, 0, 2 + i, v[i].minutes, 0);
		for (int q = 0; q < *nres; q++)
			if (m->resources[res[q]].admits[v[i].family])
				mc_mcf_arc(g, 2 + i, 2 + k + q, v[i].minutes,
					   0);
	}
	int *arc = mc_xmalloc(((size_t)*nres + 1) * 2 * sizeof(int));
	for (int q = 0; q < *nres; q++) {
		const mc_resource *r = &m->resources[res[q]];
		double reg = mc_model_regular_minutes(m, res[q], t);
		double max = mc_model_max_minutes(m, res[q], t);
		double have = fixed ? fixed[res[q] * H + t] : 0;
		arc[2 * q] =
		    mc_mcf_arc(g, 2 + k + q, 1, fmax(0, reg - have), 0);
		arc[2 * q + 1] =
		    mc_mcf_arc(g, 2 + k + q, 1, fmax(0, max - fmax(reg, have)),
			       r->ot_cost / MC_MIN_PER_HOUR);
	}
	double placed = mc_mcf_solve(g, 0, 1, *total, NULL);
	*cost = 0;
	for (int q = 0; q < *nres; q++) {
		const mc_resource *r = &m->resources[res[q]];
		load[q] = (fixed ? fixed[res[q] * H + t] : 0) +
			  mc_mcf_flow(g, arc[2 * q]) +
			  mc_mcf_flow(g, arc[2 * q + 1]);
		double ot = load[q] - mc_model_regular_minutes(m, res[q], t);
		if (ot > 0)
			*cost += ot / MC_MIN_PER_HOUR * r->ot_cost;
	}
	free(arc);
	mc_mcf_free(g);
	return placed;
}
