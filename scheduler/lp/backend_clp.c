/*
 * backend_clp.c - the LP back-end on COIN-OR CLP (see backend.h), through
 * CLP's C interface; the only file that includes a CLP header.
 *
 * CLP keeps the basis as a status array (columns, then rows) and solves
 * warm from it with Clp_dual() / Clp_primal(); it scales the problem
 * itself on every solve.  Writing LP files is left to the GLPK back-end,
 * whose writer names rows and columns as we ask.  The Clp_Simplex belongs
 * to the handle.
 */
#include "backend.h"
#include "arena.h"

/* CLP's header declares ClpSolve_new() without (void) */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <Clp_C_Interface.h>
#pragma GCC diagnostic pop
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct clp_be {
	Clp_Simplex *M;
} clp_be;

/* CLP's status codes, ours as index. */
static const int clp_stat[] = {
    [MC_BE_BS] = 1, [MC_BE_NL] = 3, [MC_BE_NU] = 2,
    [MC_BE_NF] = 0, [MC_BE_NS] = 5, [MC_BE_SB] = 4,
};

static void *clp_new(void)
{
	clp_be *be = mc_xcalloc(1, sizeof(*be));
	be->M = Clp_newModel();
	Clp_setLogLevel(be->M, 0);
	return be;
}

static void clp_free(void *h)
{
	clp_be *be = h;
	if (!be)
		return;
	Clp_deleteModel(be->M);
	free(be);
}

static void bounds(int type, double lo, double hi, double *l, double *u)
{
	*l = type == MC_BND_LO || type == MC_BND_DB || type == MC_BND_FX
		 ? lo
		 : -DBL_MAX;
	*u = type == MC_BND_UP || type == MC_BND_DB ? hi
	     : type == MC_BND_FX		    ? lo
						    : DBL_MAX;
}

/* Columns col0.. of l in CLP's column-major arrays (triplets from nz0 are
 * grouped by column, in column order). */
typedef struct colpack {
	int n;
	int *start, *row;
	double *val, *lo, *up, *obj;
} colpack;

static void pack(const mc_lpm *l, int col0, int nz0, colpack *c)
{
	int n = l->ncols - col0, nz = l->nnz - nz0;
	c->n = n;
	c->start = mc_xcalloc((size_t)n + 1, sizeof(int));
	c->row = mc_xmalloc(((size_t)nz + 1) * sizeof(int));
	c->val = mc_xmalloc(((size_t)nz + 1) * sizeof(double));
	c->lo = mc_xmalloc(((size_t)n + 1) * sizeof(double));
	c->up = mc_xmalloc(((size_t)n + 1) * sizeof(double));
	c->obj = mc_xmalloc(((size_t)n + 1) * sizeof(double));
	for (int k = 0; k < nz; k++) {
		c->row[k] = l->ti[nz0 + k];
		c->val[k] = l->tv[nz0 + k];
		c->start[l->tj[nz0 + k] - col0 + 1]++;
	}
	for (int j = 0; j < n; j++) {
		c->start[j + 1] += c->start[j];
		bounds(l->ctype[col0 + j], l->clo[col0 + j], l->chi[col0 + j],
		       &c->lo[j], &c->up[j]);
		c->obj[j] = l->cost[col0 + j];
	}
}

static void unpack(colpack *c)
{
	free(c->start);
	free(c->row);
	free(c->val);
	free(c->lo);
	free(c->up);
	free(c->obj);
}

static int clp_load(void *h, const mc_lpm *l, mc_diag *d)
{
	clp_be *be = h;
	colpack c;
	(void)d;
	double *rlo = mc_xmalloc(((size_t)l->nrows + 1) * sizeof(double));
	double *rup = mc_xmalloc(((size_t)l->nrows + 1) * sizeof(double));
	for (int i = 0; i < l->nrows; i++)
		bounds(l->rtype[i], l->rlo[i], l->rhi[i], &rlo[i], &rup[i]);
	pack(l, 0, 0, &c);
	Clp_loadProblem(be->M, c.n, l->nrows, c.start, c.row, c.val, c.lo, c.up,
			c.obj, rlo, rup);
	unpack(&c);
	free(rlo);
	free(rup);
	return 0;
}

static int clp_append_cols(void *h, const mc_lpm *l, int col0, int nz0,
			   mc_diag *d)
{
	clp_be *be = h;
	colpack c;
	(void)d;
	int first = Clp_numberColumns(be->M);
	pack(l, col0, nz0, &c);
	if (c.n > 0)
		Clp_addColumns(be->M, c.n, c.lo, c.up, c.obj, c.start, c.row,
			       c.val);
	unpack(&c);
	for (int j = first; j < Clp_numberColumns(be->M); j++)
		Clp_setColumnStatus(be->M, j, clp_stat[MC_BE_NL]);
	return 0;
}

static int clp_scale(void *h, mc_diag *d)
{
	(void)h; /* CLP scales on every solve */
	(void)d;
	return 0;
}

static void clp_set_row_stat(void *h, int i, int stat)
{
	clp_be *be = h;
	Clp_setRowStatus(be->M, i, clp_stat[stat]);
}

static void clp_set_col_stat(void *h, int j, int stat)
{
	clp_be *be = h;
	Clp_setColumnStatus(be->M, j, clp_stat[stat]);
}

static int clp_row_stat(void *h, int i)
{
	clp_be *be = h;
	return mc_be_stat_of(clp_stat, Clp_getRowStatus(be->M, i));
}

static int clp_col_stat(void *h, int j)
{
	clp_be *be = h;
	return mc_be_stat_of(clp_stat, Clp_getColumnStatus(be->M, j));
}

/* Bounds of entry k of a row or column bound array pair. */
static void put_bounds(double *lower, double *upper, int k, int type, double lo,
		       double hi)
{
	bounds(type, lo, hi, &lower[k], &upper[k]);
}

static void clp_set_row_bnds(void *h, int i, int type, double lo, double hi)
{
	clp_be *be = h;
	put_bounds(Clp_rowLower(be->M), Clp_rowUpper(be->M), i, type, lo, hi);
}

static void clp_set_col_bnds(void *h, int j, int type, double lo, double hi)
{
	clp_be *be = h;
	put_bounds(Clp_columnLower(be->M), Clp_columnUpper(be->M), j, type, lo,
		   hi);
}

static void clp_set_cost(void *h, int j, double cost)
{
	clp_be *be = h;
	Clp_objective(be->M)[j] = cost;
}

static double wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One Clp_dual() / Clp_primal() from the status held, within the limits
 * (seconds <= 0: none). */
static void run(Clp_Simplex *M, int method, double seconds, int it_lim)
{
	Clp_setMaximumSeconds(M, seconds > 0 ? seconds : -1);
	Clp_setMaximumIterations(M, it_lim > 0 ? it_lim : INT_MAX);
	if (method == MC_BE_PRIMAL)
		Clp_primal(M, 0);
	else
		Clp_dual(M, 0);
}

/* Seconds between progress reports: CLP has no progress hook that does
 * not also print, so a watched solve runs in slices and reports between
 * them (warm: a slice goes on from the basis the last one left). */
#define SLICE 1.0

static int clp_solve(void *h, const mc_be_opts *o, mc_be_result *res,
		     mc_diag *d)
{
	clp_be *be = h;
	Clp_Simplex *M = be->M;
	mc_be_opts none = {0};
	if (!o)
		o = &none;
	memset(res, 0, sizeof(*res));
	double t0 = wall(), left = o->time_limit;
	int it_left = o->it_lim;
	for (;;) {
		int slice = o->progress && (left <= 0 || left > SLICE);
		run(M, o->method, slice ? SLICE : left, it_left);
		res->iters += Clp_numberIterations(M);
		if (Clp_status(M) != 3 || !slice)
			break;
		if (o->it_lim > 0 &&
		    (it_left = o->it_lim - (int)res->iters) <= 0)
			break;
		if (o->time_limit > 0 &&
		    (left = o->time_limit - (wall() - t0)) <= 0)
			break;
		o->progress(o->ctx, res->iters, Clp_objectiveValue(M),
			    Clp_sumPrimalInfeasibilities(M));
	}
	res->obj = Clp_objectiveValue(M);
	res->primal_feasible = Clp_primalFeasible(M);
	/* a stopped CLP may hold perturbed costs: its duals bound nothing */
	res->dual_feasible = Clp_status(M) == 0;
	switch (Clp_status(M)) {
	case 0:
		res->status = MC_BE_OPTIMAL;
		break;
	case 1:
		res->status = MC_BE_INFEASIBLE;
		break;
	case 2:
		res->status = MC_BE_UNBOUNDED;
		break;
	case 3:
		res->status = o->it_lim > 0 && res->iters >= o->it_lim
				  ? MC_BE_ITER_LIMIT
				  : MC_BE_TIME_LIMIT;
		break;
	default:
		return mc_diag_error(d, MC_ENOPLAN,
				     "the LP solver failed (CLP status %d)",
				     Clp_status(M));
	}
	return 0;
}

static void copy(double *to, const double *from, int n)
{
	if (to && n > 0)
		memcpy(to, from, (size_t)n * sizeof(double));
}

static void clp_get(void *h, double *col_prim, double *col_dual,
		    double *row_prim, double *row_dual)
{
	clp_be *be = h;
	int nr = Clp_numberRows(be->M), nc = Clp_numberColumns(be->M);
	copy(col_prim, Clp_getColSolution(be->M), nc);
	copy(col_dual, Clp_getReducedCost(be->M), nc);
	copy(row_prim, Clp_getRowActivity(be->M), nr);
	copy(row_dual, Clp_getRowPrice(be->M), nr);
}

static int clp_basis_price(void *h, int len, const int *cols,
			   const double *coef, double step, double *price)
{
	(void)h; /* CLP's C interface has no tableau: re-solve instead */
	(void)len;
	(void)cols;
	(void)coef;
	(void)step;
	(void)price;
	return 0;
}

static int clp_row_price(void *h, int len, const int *cols, const double *coef,
			 double rhs, int it_lim, double time_limit,
			 double *price)
{
	clp_be *be = h;
	Clp_Simplex *M = be->M;
	int nr = Clp_numberRows(M), nc = Clp_numberColumns(M), rc;
	size_t ns = (size_t)nr + (size_t)nc;
	unsigned char *saved = mc_xmalloc(ns + 1);
	memcpy(saved, Clp_statusArray(M), ns);
	int start[2] = {0, len};
	double lo = rhs, up = DBL_MAX;
	Clp_addRows(M, 1, &lo, &up, start, cols, coef);
	Clp_setRowStatus(M, nr, clp_stat[MC_BE_BS]);
	mc_be_opts o = {MC_BE_DUAL, time_limit, it_lim, NULL, NULL};
	mc_be_result r;
	mc_diag d = {0};
	if (clp_solve(be, &o, &r, &d) < 0)
		rc = 2;
	else if (r.status == MC_BE_OPTIMAL) {
		double y = Clp_getRowPrice(M)[nr];
		*price = y > 1e-7 ? y : 0;
		rc = 0;
	} else if (r.status == MC_BE_INFEASIBLE) {
		rc = 1;
	} else {
		rc = 2;
	}
	mc_diag_release(&d);
	Clp_deleteRows(M, 1, &nr);
	Clp_copyinStatus(M, saved);
	/* values and duals of the optimal basis again (no pivots) */
	o.time_limit = 0;
	o.it_lim = 0;
	if (clp_solve(be, &o, &r, &d) < 0 || r.status != MC_BE_OPTIMAL)
		rc = 2;
	mc_diag_release(&d);
	free(saved);
	return rc;
}

static int clp_write(void *h, const mc_lpm *l, const char *path,
		     const char *format, mc_diag *d)
{
	(void)h;
	(void)l;
	(void)format;
	return mc_diag_error(d, MC_EUSAGE,
			     "unable to write '%s': the CLP back-end does "
			     "not write LP files",
			     path);
}

static const char *clp_version(void)
{
	return Clp_Version();
}

const mc_be_ops mc_be_clp_ops = {
    .name = "clp",
    .library = "CLP",
    .version = clp_version,
    .reads_tableau = 0,
    .repairs_basis = 1,
    .thread_safe = 1,
    .create = clp_new,
    .destroy = clp_free,
    .load = clp_load,
    .append_cols = clp_append_cols,
    .scale = clp_scale,
    .set_row_stat = clp_set_row_stat,
    .set_col_stat = clp_set_col_stat,
    .row_stat = clp_row_stat,
    .col_stat = clp_col_stat,
    .set_row_bnds = clp_set_row_bnds,
    .set_col_bnds = clp_set_col_bnds,
    .set_cost = clp_set_cost,
    .solve = clp_solve,
    .get = clp_get,
    .basis_price = clp_basis_price,
    .row_price = clp_row_price,
    .write = clp_write,
    .shutdown = NULL,
};
