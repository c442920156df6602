/*
 * lns.c - large neighbourhood search over a whole-unit plan (see lns.h).
 */
#include "lns.h"
#include "tolerance.h"
#include "backend.h"
#include "progress.h"
#include "hash.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_FIT_EPS

/* Levels of the search: neighbourhoods of at most `slots` slots, each
 * within `nodes` branch-and-bound nodes.  The search stays at a level
 * while a round of it pays, then goes to the next, larger and deeper.
 * Small and shallow first: many neighbourhoods solved fast find most of
 * what there is (measured: docs/bench.md, Whole units).  Three nodes at
 * the first level, not five: the MIPs that reach the limit took two
 * thirds of the time and found almost nothing (the same plans on the
 * samples and at 1,000 orders in a quarter less time). */
static const struct level {
	int slots, nodes;
} levels[] = {
    {600, 3},
    {1200, 50},
    {2400, 200},
};
#define NLEVELS	  ((int)(sizeof(levels) / sizeof(levels[0])))
#define MAX_SLOTS 2400
/* columns per work unit of a solve's iteration (work_of()) */
#define WORK_COLS 20

/* What a unit of a neighbourhood's slot takes: minutes of a resource-day
 * (position in lns.rds) or of a split group (in lns.grps), or a
 * material at its plant from its day on (the (plant, material) index). */
enum { USE_RD, USE_GRP, USE_MAT };
typedef struct use {
	int part, at;
	double amount;
} use;

/* The search's state: the plan, and per neighbourhood where each thing of
 * the plan went in the small MIP (-1: not in it). */
typedef struct lns {
	const mc_model *m;
	const mc_classes *c;
	const mc_lp_x *cols;
	int nx, nd;
	mc_int_plan *ip;
	const mc_lns_opts *o;
	mc_lns_stats *st;

	int *cls_row; /* [nclasses] demand row of a class */
	int *rd_row;  /* [nresources * days] capacity row */
	int *grp_row; /* [groups] split row of a family-plant-day-kind */
	int *pm_row;  /* [nplants * nmaterials] row of its first day */
	int *pm_day;  /* [nplants * nmaterials] its first day */

	/* what is in the neighbourhood, in the order of its rows */
	int *slots, nslots;
	int *pool;	  /* [nx] the slots of a filter, by day */
	int *by_day;	  /* [nx] every slot by day */
	int *by_plant;	  /* [nx] every slot by plant, then day */
	int *plant_first; /* [nplants + 1] each plant's first in by_plant */
	use *uses;	  /* what each slot's unit takes, slot by slot */
	int *use_first;	  /* [MAX_SLOTS + 1] each slot's first use */
	int level;	  /* of levels[] */
	int *cls, ncls;
	int *rds, nrd;
	size_t *grps;
	int ngrp;
	int *pms, npm;
	int *flows, nflow;
	int *flow_grp; /* [nflow] each flow's group, by position */
	int *adm;

	double *q;    /* [ncls] units of the class the MIP places */
	double *qmin; /* [ncls] cheapest way to place one: a slot or unmet */
	double *l0;   /* [nrd] minutes left by the rest of the plan */
	double *f0;   /* [ngrp] minutes of the group's fixed units */
	double *fgap; /* [ngrp] scratch: minutes of a group its flows miss */
	double *cum0; /* [material rows] use by the rest of the plan */
	int nmrow;
	int *mrow_pm; /* [material rows] the (plant, material) */
	int *mrow_day;

	/* digests of the small MIPs that gained nothing: the same MIP
	 * again (nothing in or around it moved since) is not solved */
	uint64_t *seen;
	size_t nseen, seen_cap; /* seen_cap a power of 2, 0 or > 2 nseen */
} lns;

static int family_of(const lns *L, int cls)
{
	return L->m->orders[L->c->v[cls].rep].family;
}

static double penalty_of(const lns *L, int cls)
{
	return L->m->orders[L->c->v[cls].rep].unmet_penalty;
}

static double material_use(const lns *L, int cls, int mat)
{
	return L->c
	    ->material[(size_t)cls * (size_t)L->m->nmaterials + (size_t)mat];
}

/* The resource carrying kind k of a unit of slot s alone (no split), or
 * -1 when several resources share the kind (a split row). */
static int sole_resource(lns *L, const mc_lp_x *col, int k)
{
	int n = mc_model_admitting(L->m, col->plant, k, family_of(L, col->cls),
				   L->adm);
	return n == 1 ? L->adm[0] : -1;
}

static int add_rd(lns *L, int r, int t)
{
	size_t rd = (size_t)r * (size_t)L->nd + (size_t)t;
	if (L->rd_row[rd] < 0) {
		L->rd_row[rd] = L->nrd;
		L->l0[L->nrd] = L->ip->load[rd];
		L->rds[L->nrd++] = (int)rd;
	}
	return L->rd_row[rd];
}

/* A split group of the neighbourhood: its flows, and all their minutes
 * off what the rest of the plan leaves of their resource-days. */
static void add_group(lns *L, size_t g, int day)
{
	mc_int_plan *ip = L->ip;
	L->grp_row[g] = L->ngrp;
	L->f0[L->ngrp] = 0;
	L->grps[L->ngrp++] = g;
	int end;
	for (int j = mc_round_group_flows(L->m, ip, g, &end); j < end; j++) {
		L->flow_grp[L->nflow] = L->grp_row[g];
		L->flows[L->nflow++] = j;
		L->f0[L->grp_row[g]] += ip->fmin[j];
		L->l0[add_rd(L, ip->flow[j].resource, day)] -= ip->fmin[j];
	}
}

/* Adds n units' worth of material use u of the neighbourhood's slot a to
 * the cumulative use from its day on: into the rows' array cum (by
 * material row) when by_row, else into the plan's. */
static void add_material(lns *L, int a, const use *u, double n, double *cum,
			 int by_row)
{
	const mc_lp_x *col = &L->cols[L->slots[a]];
	for (int t = col->day; t < L->nd; t++)
		cum[by_row ? (size_t)(L->pm_row[u->at] + t - L->pm_day[u->at])
			   : (size_t)u->at * (size_t)L->nd + (size_t)t] +=
		    u->amount * n;
}

/* Puts the neighbourhood's things in the maps: its classes, the
 * resource-days, split groups and flows, and (plant, material) pairs its
 * slots touch, and what the rest of the plan leaves of each. */
static void gather(lns *L)
{
	const mc_model *m = L->m;
	mc_int_plan *ip = L->ip;
	int nm = m->nmaterials;
	int nu = 0;
	L->ncls = L->nrd = L->ngrp = L->npm = L->nflow = L->nmrow = 0;
	for (int a = 0; a < L->nslots; a++) {
		int s = L->slots[a];
		const mc_lp_x *col = &L->cols[s];
		if (L->cls_row[col->cls] < 0) {
			L->cls_row[col->cls] = L->ncls;
			L->q[L->ncls] = ip->unmet[col->cls];
			L->qmin[L->ncls] = penalty_of(L, col->cls);
			L->cls[L->ncls++] = col->cls;
		}
		if (col->cost < L->qmin[L->cls_row[col->cls]])
			L->qmin[L->cls_row[col->cls]] = col->cost;
		L->q[L->cls_row[col->cls]] += ip->units[s];
		L->use_first[a] = nu;
		int f = family_of(L, col->cls);
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_class_minutes(L->c, col->cls, col->plant, k);
			if (mins <= 0)
				continue;
			int r = sole_resource(L, col, k);
			if (r >= 0) {
				int at = add_rd(L, r, col->day);
				L->l0[at] -= ip->units[s] * mins;
				L->uses[nu++] = (use){USE_RD, at, mins};
				continue;
			}
			size_t g =
			    mc_round_group(m, f, col->plant, col->day, k);
			if (L->grp_row[g] < 0)
				add_group(L, g, col->day);
			L->f0[L->grp_row[g]] -= ip->units[s] * mins;
			L->uses[nu++] = (use){USE_GRP, L->grp_row[g], mins};
		}
		for (int mat = 0; mat < nm; mat++) {
			double amount = material_use(L, col->cls, mat);
			if (amount <= 0 ||
			    !m->plants[col->plant].mat_listed[mat])
				continue;
			int pm = col->plant * nm + mat;
			if (L->pm_row[pm] < 0) {
				L->pm_row[pm] = L->npm;
				L->pm_day[pm] = col->day;
				L->pms[L->npm++] = pm;
			} else if (col->day < L->pm_day[pm])
				L->pm_day[pm] = col->day;
			L->uses[nu++] = (use){USE_MAT, pm, amount};
		}
	}
	L->use_first[L->nslots] = nu;
	/* material rows: each touched (plant, material) from its first day */
	for (int a = 0; a < L->npm; a++) {
		int pm = L->pms[a];
		L->pm_row[pm] = L->nmrow;
		for (int t = L->pm_day[pm]; t < L->nd; t++) {
			size_t at = (size_t)pm * (size_t)L->nd + (size_t)t;
			L->mrow_pm[L->nmrow] = pm;
			L->mrow_day[L->nmrow] = t;
			L->cum0[L->nmrow++] = ip->mat_cum[at];
		}
	}
	for (int a = 0; a < L->nslots; a++)
		for (int u = L->use_first[a]; u < L->use_first[a + 1]; u++)
			if (L->uses[u].part == USE_MAT)
				add_material(L, a, &L->uses[u],
					     -ip->units[L->slots[a]], L->cum0,
					     1);
}

/* Empties the maps for the next neighbourhood. */
static void scatter(lns *L)
{
	for (int a = 0; a < L->ncls; a++)
		L->cls_row[L->cls[a]] = -1;
	for (int a = 0; a < L->nrd; a++)
		L->rd_row[L->rds[a]] = -1;
	for (int a = 0; a < L->ngrp; a++)
		L->grp_row[L->grps[a]] = -1;
	for (int a = 0; a < L->npm; a++)
		L->pm_row[L->pms[a]] = -1;
}

/* Row and column layout of the small MIP. */
typedef struct layout {
	int r_cls, r_grp, r_rd, r_mat; /* first row of each part */
	int c_slot, c_unmet, c_flow, c_ot;
	int ncols;
} layout;

static double ot_hours(const mc_model *m, int r, int t, double load)
{
	double ot = load / MC_MIN_PER_HOUR - m->resources[r].day_hours[t];
	return ot > 0 ? ot : 0;
}

/* A column in [0, hi] (GLPK wants a fixed column where hi is 0). */
static int add_col(mc_lpm *l, double lo, double hi, double cost)
{
	return hi > lo ? mc_lpm_add_col(l, MC_BND_DB, lo, hi, cost)
		       : mc_lpm_add_col(l, MC_BND_FX, hi, hi, cost);
}

/* Builds the small MIP into l; start gets the plan's own point. */
static layout build(lns *L, mc_lpm *l, double **start)
{
	const mc_model *m = L->m;
	mc_int_plan *ip = L->ip;
	layout y;
	y.r_cls = mc_lpm_add_rows(l, L->ncls);
	for (int a = 0; a < L->ncls; a++)
		mc_lpm_set_row(l, y.r_cls + a, MC_BND_FX, L->q[a], L->q[a]);
	y.r_grp = L->ngrp ? mc_lpm_add_rows(l, L->ngrp) : l->nrows;
	for (int a = 0; a < L->ngrp; a++)
		mc_lpm_set_row(l, y.r_grp + a, MC_BND_FX, L->f0[a], L->f0[a]);
	y.r_rd = mc_lpm_add_rows(l, L->nrd);
	for (int a = 0; a < L->nrd; a++) {
		int r = L->rds[a] / L->nd, t = L->rds[a] % L->nd;
		double reg = mc_model_regular_minutes(m, r, t);
		mc_lpm_set_row(l, y.r_rd + a, MC_BND_UP, 0, reg - L->l0[a]);
	}
	y.r_mat = L->nmrow ? mc_lpm_add_rows(l, L->nmrow) : l->nrows;
	for (int a = 0; a < L->nmrow; a++) {
		size_t at = (size_t)L->mrow_pm[a] * (size_t)L->nd +
			    (size_t)L->mrow_day[a];
		mc_lpm_set_row(l, y.r_mat + a, MC_BND_UP, 0,
			       ip->mat_avail[at] - L->cum0[a]);
	}
	int ncols = L->nslots + L->ncls + L->nflow + L->nrd;
	double *x = mc_xcalloc((size_t)ncols + 1, sizeof(double));

	y.c_slot = l->ncols;
	for (int a = 0; a < L->nslots; a++) {
		int s = L->slots[a];
		const mc_lp_x *col = &L->cols[s];
		int cr = L->cls_row[col->cls];
		double hi = L->q[cr];
		if (col->kept && col->kept < hi)
			hi = col->kept;
		/* the published plan's units stay (round.h, pinned) */
		int j = add_col(l, mc_round_pinned(ip, s), hi, col->cost);
		x[j] = ip->units[s];
		mc_lpm_add_nz(l, y.r_cls + cr, j, 1);
		for (int u = L->use_first[a]; u < L->use_first[a + 1]; u++) {
			const use *e = &L->uses[u];
			if (e->part == USE_RD)
				mc_lpm_add_nz(l, y.r_rd + e->at, j, e->amount);
			else if (e->part == USE_GRP)
				mc_lpm_add_nz(l, y.r_grp + e->at, j,
					      -e->amount);
			else
				for (int t = col->day; t < L->nd; t++)
					mc_lpm_add_nz(l,
						      y.r_mat +
							  L->pm_row[e->at] + t -
							  L->pm_day[e->at],
						      j, e->amount);
		}
	}
	y.c_unmet = l->ncols;
	for (int a = 0; a < L->ncls; a++) {
		int j = add_col(l, 0, L->q[a], penalty_of(L, L->cls[a]));
		x[j] = ip->unmet[L->cls[a]];
		mc_lpm_add_nz(l, y.r_cls + a, j, 1);
	}
	y.c_flow = l->ncols;
	for (int a = 0; a < L->nflow; a++) {
		const mc_lp_flow *fl = &ip->flow[L->flows[a]];
		size_t g =
		    mc_round_group(m, fl->family, fl->plant, fl->day, fl->kind);
		size_t rd =
		    (size_t)fl->resource * (size_t)L->nd + (size_t)fl->day;
		int j = mc_lpm_add_col(l, MC_BND_LO, 0, 0, 0);
		x[j] = ip->fmin[L->flows[a]];
		mc_lpm_add_nz(l, y.r_grp + L->grp_row[g], j, 1);
		mc_lpm_add_nz(l, y.r_rd + L->rd_row[rd], j, 1);
	}
	y.c_ot = l->ncols;
	for (int a = 0; a < L->nrd; a++) {
		int r = L->rds[a] / L->nd, t = L->rds[a] % L->nd;
		const mc_resource *res = &m->resources[r];
		int j = add_col(l, 0, res->day_ot[t], res->ot_cost);
		x[j] = ot_hours(m, r, t, ip->load[L->rds[a]]);
		mc_lpm_add_nz(l, y.r_rd + a, j, -MC_MIN_PER_HOUR);
	}
	y.ncols = l->ncols;
	*start = x;
	return y;
}

/* The cost of the neighbourhood's part of the plan as it stands: its
 * slots' units, its classes' unmet units, the overtime of its
 * resource-days. */
static double part_cost(const lns *L)
{
	const mc_model *m = L->m;
	double cost = 0;
	for (int a = 0; a < L->nslots; a++)
		cost += L->ip->units[L->slots[a]] * L->cols[L->slots[a]].cost;
	for (int a = 0; a < L->ncls; a++)
		cost += L->ip->unmet[L->cls[a]] * penalty_of(L, L->cls[a]);
	for (int a = 0; a < L->nrd; a++) {
		int r = L->rds[a] / L->nd, t = L->rds[a] % L->nd;
		cost += ot_hours(m, r, t, L->ip->load[L->rds[a]]) *
			m->resources[r].ot_cost;
	}
	return cost;
}

/* A lower bound on what the neighbourhood can cost: every unit in its
 * class's cheapest slot (or unmet), with no more overtime than the rest
 * of the plan forces. */
static double part_bound(const lns *L)
{
	const mc_model *m = L->m;
	double lb = 0;
	for (int a = 0; a < L->ncls; a++)
		lb += L->q[a] * L->qmin[a];
	for (int a = 0; a < L->nrd; a++) {
		int r = L->rds[a] / L->nd, t = L->rds[a] % L->nd;
		lb += ot_hours(m, r, t, L->l0[a]) * m->resources[r].ot_cost;
	}
	return lb;
}

/* Writes a point of the small MIP (x: its column values) into the plan.
 * Returns 1 when the plan stays within every hour and stock. */
static int apply(lns *L, const layout *y, const double *x)
{
	const mc_model *m = L->m;
	mc_int_plan *ip = L->ip;
	int ok = 1;
	for (int a = 0; a < L->nrd; a++)
		ip->load[L->rds[a]] = L->l0[a];
	for (int a = 0; a < L->nmrow; a++)
		ip->mat_cum[(size_t)L->mrow_pm[a] * (size_t)L->nd +
			    (size_t)L->mrow_day[a]] = L->cum0[a];
	for (int a = 0; a < L->ncls; a++)
		ip->unmet[L->cls[a]] = (int)lround(L->q[a]);
	for (int a = 0; a < L->ngrp; a++)
		L->fgap[a] = L->f0[a];
	for (int a = 0; a < L->nslots; a++) {
		int s = L->slots[a];
		const mc_lp_x *col = &L->cols[s];
		int n = (int)lround(x[y->c_slot + a]);
		ip->units[s] = n;
		ip->unmet[col->cls] -= n;
		for (int u = L->use_first[a]; u < L->use_first[a + 1]; u++) {
			const use *e = &L->uses[u];
			if (e->part == USE_RD)
				ip->load[L->rds[e->at]] += n * e->amount;
			else if (e->part == USE_GRP)
				L->fgap[e->at] += n * e->amount;
			else
				add_material(L, a, e, n, ip->mat_cum, 0);
		}
	}
	for (int a = 0; a < L->nflow; a++) {
		int j = L->flows[a];
		double v = x[y->c_flow + a];
		const mc_lp_flow *fl = &ip->flow[j];
		ip->fmin[j] = v > 0 ? v : 0;
		ip->load[(size_t)fl->resource * (size_t)L->nd +
			 (size_t)fl->day] += ip->fmin[j];
		L->fgap[L->flow_grp[a]] -= ip->fmin[j];
	}
	/* the flows carry every minute of their group's units (a whole
	 * unit rounded from the MIP's answer, its flows not) */
	for (int a = 0; a < L->ngrp; a++)
		ok &= fabs(L->fgap[a]) <= EPS * (1 + fabs(L->f0[a]));
	for (int a = 0; a < L->ncls; a++)
		ok &= ip->unmet[L->cls[a]] >= 0;
	for (int a = 0; a < L->nrd; a++) {
		int r = L->rds[a] / L->nd, t = L->rds[a] % L->nd;
		ok &=
		    ip->load[L->rds[a]] <= mc_model_max_minutes(m, r, t) + EPS;
	}
	for (int a = 0; a < L->nmrow; a++) {
		size_t at = (size_t)L->mrow_pm[a] * (size_t)L->nd +
			    (size_t)L->mrow_day[a];
		ok &= ip->mat_cum[at] <= ip->mat_avail[at] + EPS;
	}
	return ok;
}

/* A digest of the small MIP l with its start x and its node limit:
 * equal digests, the same MIP and the same answer. */
static uint64_t digest(const lns *L, const mc_lpm *l, const double *x)
{
	uint64_t h[10] = {
	    mc_hash_fnv1a(l->rlo, (size_t)l->nrows * sizeof(double)),
	    mc_hash_fnv1a(l->rhi, (size_t)l->nrows * sizeof(double)),
	    mc_hash_fnv1a(l->rtype, (size_t)l->nrows),
	    mc_hash_fnv1a(l->clo, (size_t)l->ncols * sizeof(double)),
	    mc_hash_fnv1a(l->chi, (size_t)l->ncols * sizeof(double)),
	    mc_hash_fnv1a(l->cost, (size_t)l->ncols * sizeof(double)),
	    mc_hash_fnv1a(l->ti, (size_t)l->nnz * sizeof(int)),
	    mc_hash_fnv1a(l->tv, (size_t)l->nnz * sizeof(double)),
	    mc_hash_fnv1a(x, (size_t)l->ncols * sizeof(double)),
	    (uint64_t)levels[L->level].nodes,
	};
	return mc_hash_fnv1a(h, sizeof(h));
}

/* 1 when digest h is of a MIP that gained nothing; else with add, it
 * becomes one. */
static int seen(lns *L, uint64_t h, int add)
{
	h |= 1; /* 0 marks an empty place */
	size_t mask = L->seen_cap - 1, at = (size_t)h & mask;
	for (; L->seen_cap && L->seen[at]; at = (at + 1) & mask)
		if (L->seen[at] == h)
			return 1;
	if (!add)
		return 0;
	if (2 * (L->nseen + 1) >= L->seen_cap) { /* grow and re-place */
		uint64_t *old = L->seen;
		size_t ncap = L->seen_cap ? 2 * L->seen_cap : 1024;
		L->seen = mc_xcalloc(ncap, sizeof(uint64_t));
		for (size_t i = 0; i < L->seen_cap; i++)
			if (old[i])
				for (at = (size_t)old[i] & (ncap - 1);;
				     at = (at + 1) & (ncap - 1))
					if (!L->seen[at]) {
						L->seen[at] = old[i];
						break;
					}
		free(old);
		L->seen_cap = ncap;
		mask = ncap - 1;
		for (at = (size_t)h & mask; L->seen[at]; at = (at + 1) & mask)
			;
	}
	L->seen[at] = h;
	L->nseen++;
	return 0;
}

/* The work of a solve: its simplex iterations, each priced by the
 * columns it works on (an iteration of branch and bound with its cuts
 * costs about the same time per column on every book measured). */
static long work_of(const mc_be_result *res, const mc_lpm *l)
{
	return (long)res->iters * (1 + l->ncols / WORK_COLS);
}

/* Re-plans the neighbourhood L->slots; returns the cost saved. */
static double solve_one(lns *L)
{
	gather(L);
	L->st->work += L->nslots;
	double before = part_cost(L);
	if (before <= part_bound(L) + MC_TOL_REL * fmax(1, fabs(before))) {
		scatter(L);
		return 0;
	}
	mc_lpm l;
	mc_lpm_init(&l);
	double *start = NULL;
	layout y = build(L, &l, &start);
	uint64_t h = digest(L, &l, start);
	if (seen(L, h, 0)) {
		mc_lpm_release(&l);
		free(start);
		scatter(L);
		return 0;
	}
	double gain = 0;
	double *x = mc_xmalloc(((size_t)y.ncols + 1) * sizeof(double));
	mc_diag d = MC_DIAG_INIT;
	mc_be *be = mc_be_new("glpk");
	mc_be_result res;
	/* GLPK stops at the deadline too, so one neighbourhood cannot
	 * overrun --round-time by much */
	double left = L->o->deadline > 0
			  ? fmax(1e-3, L->o->deadline - mc_progress_clock())
			  : 0;
	mc_be_opts so = {.method = MC_BE_DUAL, .time_limit = left};
	int ok =
	    mc_be_load(be, &l, &d) == 0 && mc_be_solve(be, &so, &res, &d) == 0;
	L->st->tried++;
	if (ok)
		L->st->work += work_of(&res, &l);
	/* the relaxation says whether anything can be gained at all */
	if (ok && res.status == MC_BE_OPTIMAL &&
	    res.obj < before - MC_TOL_REL * fmax(1, fabs(before))) {
		for (int a = 0; a < L->nslots; a++)
			mc_be_set_int(be, y.c_slot + a, 1);
		mc_be_mip_opts mo = {
		    .node_limit = levels[L->level].nodes,
		    .time_limit = left,
		    .mip_gap = MC_TOL_TIE,
		    .cuts = 1,
		    .start = start,
		};
		ok = mc_be_mip(be, &mo, x, &res, &d) == 0;
		if (ok)
			L->st->work += work_of(&res, &l);
		if (ok && res.primal_feasible) {
			if (apply(L, &y, x) &&
			    (gain = before - part_cost(L)) > MC_TOL_GAIN) {
				L->st->improved++;
			} else {
				gain = 0;
				apply(L, &y, start);
			}
		}
	}
	if (!ok)
		L->st->failed = 1;
	else if (gain <= 0)
		seen(L, h, 1);
	mc_be_free(be);
	mc_diag_release(&d);
	mc_lpm_release(&l);
	free(start);
	free(x);
	scatter(L);
	return gain;
}

/* 1 while the search may go on. */
static int going(lns *L)
{
	if (L->st->stopped || L->st->failed)
		return 0;
	if ((L->o->budget > 0 && L->st->work >= L->o->budget) ||
	    (L->o->deadline > 0 && mc_progress_clock() >= L->o->deadline))
		L->st->stopped = 1;
	return !L->st->stopped;
}

/* Which slots a neighbourhood takes: of plant p (-1: every plant), and
 * of classes that use material mat (-1: any) or kind k (-1: any). */
typedef struct filter {
	int p, mat, kind;
} filter;

static int passes(const lns *L, const filter *f, int s)
{
	const mc_lp_x *col = &L->cols[s];
	if (f->p >= 0 && col->plant != f->p)
		return 0;
	if (f->mat >= 0 && material_use(L, col->cls, f->mat) <= 0)
		return 0;
	if (f->kind >= 0 &&
	    mc_class_minutes(L->c, col->cls, col->plant, f->kind) <= 0)
		return 0;
	return 1;
}

/* Neighbourhoods of filter f: its slots in order of day, the level's
 * number at a time, each overlapping the last by half.  Returns the cost saved.
 */
static double sweep(lns *L, const filter *f)
{
	/* a plant's slots are a range of by_plant, every slot by_day */
	const int *from =
	    f->p >= 0 ? L->by_plant + L->plant_first[f->p] : L->by_day;
	int nfrom =
	    f->p >= 0 ? L->plant_first[f->p + 1] - L->plant_first[f->p] : L->nx;
	int n = 0;
	for (int b = 0; b < nfrom; b++)
		if (passes(L, f, from[b]))
			L->pool[n++] = from[b];
	double g = 0;
	int most = levels[L->level].slots;
	for (int a = 0; a < n && going(L); a += most / 2) {
		L->nslots = n - a < most ? n - a : most;
		memcpy(L->slots, L->pool + a, (size_t)L->nslots * sizeof(int));
		g += solve_one(L);
		if (a + L->nslots == n)
			break;
	}
	return g;
}

/* One round of one kind of neighbourhood: at each plant the slots that
 * use one listed material (phase 0), or those that use one resource
 * kind, then all its slots, then every plant's (phase 1).  Returns the
 * cost saved. */
static double one_round(lns *L, int phase)
{
	const mc_model *m = L->m;
	double g = 0;
	for (int p = 0; p < m->nplants && going(L); p++) {
		filter f = {p, -1, -1};
		if (phase == 0) {
			for (f.mat = 0; f.mat < m->nmaterials; f.mat++)
				if (m->plants[p].mat_listed[f.mat])
					g += sweep(L, &f);
			continue;
		}
		for (f.kind = 0; f.kind < m->nkinds; f.kind++)
			g += sweep(L, &f);
		f.kind = -1;
		g += sweep(L, &f);
	}
	if (phase == 0)
		return g;
	filter all = {-1, -1, -1};
	return g + sweep(L, &all);
}

/* The slots in[0..n) into out, stably by day (by_plant 0) or plant (1);
 * first[k] gets where key k starts (first[nkeys] = n). */
static void sort_by(const mc_lp_x *cols, const int *in, int n, int by_plant,
		    int nkeys, int *out, int *first)
{
	memset(first, 0, ((size_t)nkeys + 1) * sizeof(int));
	for (int b = 0; b < n; b++)
		first[(by_plant ? cols[in[b]].plant : cols[in[b]].day) + 1]++;
	for (int k = 0; k < nkeys; k++)
		first[k + 1] += first[k];
	int *fill = mc_xmalloc(((size_t)nkeys + 1) * sizeof(int));
	memcpy(fill, first, (size_t)nkeys * sizeof(int));
	for (int b = 0; b < n; b++)
		out[fill[by_plant ? cols[in[b]].plant : cols[in[b]].day]++] =
		    in[b];
	free(fill);
}

double mc_lns_improve(const mc_model *m, const mc_classes *c,
		      const mc_lp_x *cols, int nx, mc_int_plan *ip,
		      const mc_lns_opts *o, mc_lns_stats *st)
{
	static const mc_lns_opts none;
	int nd = m->horizon_days, nm = m->nmaterials;
	size_t nrd = (size_t)m->nresources * (size_t)nd;
	size_t ngroup = (size_t)m->nfamilies * (size_t)m->nplants * (size_t)nd *
			(size_t)m->nkinds;
	size_t npm = (size_t)m->nplants * (size_t)nm;
	lns L = {.m = m, .c = c, .cols = cols, .nx = nx, .nd = nd, .ip = ip};
	memset(st, 0, sizeof(*st));
	L.o = o ? o : &none;
	L.st = st;
	L.cls_row = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	L.rd_row = mc_xmalloc((nrd + 1) * sizeof(int));
	L.grp_row = mc_xmalloc((ngroup + 1) * sizeof(int));
	L.pm_row = mc_xmalloc((npm + 1) * sizeof(int));
	memset(L.cls_row, -1, ((size_t)c->n + 1) * sizeof(int));
	memset(L.rd_row, -1, (nrd + 1) * sizeof(int));
	memset(L.grp_row, -1, (ngroup + 1) * sizeof(int));
	memset(L.pm_row, -1, (npm + 1) * sizeof(int));
	L.pm_day = mc_xmalloc((npm + 1) * sizeof(int));
	L.slots = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	L.pool = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	L.uses = mc_xmalloc((size_t)(MAX_SLOTS + 1) *
			    (size_t)(m->nkinds + nm + 1) * sizeof(use));
	L.use_first = mc_xmalloc((MAX_SLOTS + 2) * sizeof(int));
	L.cls = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	L.q = mc_xmalloc(((size_t)c->n + 1) * sizeof(double));
	L.qmin = mc_xmalloc(((size_t)c->n + 1) * sizeof(double));
	L.rds = mc_xmalloc((nrd + 1) * sizeof(int));
	L.l0 = mc_xmalloc((nrd + 1) * sizeof(double));
	L.grps = mc_xmalloc((ngroup + 1) * sizeof(size_t));
	L.f0 = mc_xmalloc((ngroup + 1) * sizeof(double));
	L.fgap = mc_xmalloc((ngroup + 1) * sizeof(double));
	L.pms = mc_xmalloc((npm + 1) * sizeof(int));
	L.flows = mc_xmalloc(((size_t)ip->nflow + 1) * sizeof(int));
	L.flow_grp = mc_xmalloc(((size_t)ip->nflow + 1) * sizeof(int));
	L.adm = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	L.cum0 = mc_xmalloc((npm * (size_t)nd + 1) * sizeof(double));
	L.mrow_pm = mc_xmalloc((npm * (size_t)nd + 1) * sizeof(int));
	L.mrow_day = mc_xmalloc((npm * (size_t)nd + 1) * sizeof(int));

	/* slots by day, and by plant then day (stable counting sorts) */
	int *ids = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	for (int i = 0; i < nx; i++)
		ids[i] = i;
	L.by_day = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	L.by_plant = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	L.plant_first = mc_xmalloc(((size_t)m->nplants + 2) * sizeof(int));
	int *day_first = mc_xmalloc(((size_t)nd + 2) * sizeof(int));
	sort_by(cols, ids, nx, 0, nd, L.by_day, day_first);
	sort_by(cols, L.by_day, nx, 1, m->nplants, L.by_plant, L.plant_first);
	free(day_first);
	free(ids);

	/* at each level, rounds while they pay */
	double gain = 0;
	for (L.level = 0; L.level < NLEVELS && going(&L); L.level++)
		for (double g = 1; g > 0 && going(&L); gain += g)
			if ((g = one_round(&L, 0)) <= 0 && going(&L))
				g = one_round(&L, 1);
	if (st->improved)
		mc_round_attribute(m, c, cols, nx, ip);
	free(L.by_day);
	free(L.by_plant);
	free(L.plant_first);
	free(L.cls_row);
	free(L.rd_row);
	free(L.grp_row);
	free(L.pm_row);
	free(L.pm_day);
	free(L.slots);
	free(L.pool);
	free(L.uses);
	free(L.use_first);
	free(L.cls);
	free(L.q);
	free(L.qmin);
	free(L.rds);
	free(L.l0);
	free(L.grps);
	free(L.f0);
	free(L.fgap);
	free(L.pms);
	free(L.flows);
	free(L.flow_grp);
	free(L.adm);
	free(L.cum0);
	free(L.mrow_pm);
	free(L.mrow_day);
	free(L.seen);
	return gain;
}
