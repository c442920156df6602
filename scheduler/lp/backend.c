/*
 * backend.c - a problem of one LP back-end, dispatched by name (see
 * backend.h).  The mc_be owns its back-end's handle.
 */
#include "backend.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct mc_be {
	const mc_be_ops *ops;
	void *h;
};

static const mc_be_ops *const all[] = {&mc_be_clp_ops, &mc_be_glpk_ops};
#define NALL ((int)(sizeof(all) / sizeof(all[0])))

mc_be *mc_be_new(const char *solver)
{
	if (!solver)
		solver = MC_BE_DEFAULT;
	for (int i = 0; i < NALL; i++)
		if (strcmp(all[i]->name, solver) == 0)
			return mc_be_wrap(all[i], all[i]->create());
	return NULL;
}

mc_be *mc_be_wrap(const mc_be_ops *ops, void *h)
{
	mc_be *be = mc_xmalloc(sizeof(*be));
	be->ops = ops;
	be->h = h;
	return be;
}

const mc_be_ops *mc_be_ops_of(const mc_be *be)
{
	return be->ops;
}

void mc_be_free(mc_be *be)
{
	if (!be)
		return;
	be->ops->destroy(be->h);
	free(be);
}

const char *mc_be_name(const mc_be *be)
{
	return be->ops->name;
}

int mc_be_reads_tableau(const mc_be *be)
{
	return be->ops->reads_tableau;
}

int mc_be_repairs_basis(const mc_be *be)
{
	return be->ops->repairs_basis;
}

void mc_be_set_int(mc_be *be, int j, int is_int)
{
	if (be->ops->set_int)
		be->ops->set_int(be->h, j, is_int);
}

int mc_be_mip(mc_be *be, const mc_be_mip_opts *o, double *col_val,
	      mc_be_result *res, mc_diag *d)
{
	if (!be->ops->mip)
		return mc_diag_error(d, MC_ENOPLAN,
				     "the %s back-end does not branch and "
				     "bound",
				     be->ops->name);
	return be->ops->mip(be->h, o, col_val, res, d);
}

int mc_be_load(mc_be *be, const mc_lpm *l, mc_diag *d)
{
	return be->ops->load(be->h, l, d);
}

int mc_be_append_cols(mc_be *be, const mc_lpm *l, int col0, int nz0, mc_diag *d)
{
	return be->ops->append_cols(be->h, l, col0, nz0, d);
}

int mc_be_scale(mc_be *be, mc_diag *d)
{
	return be->ops->scale(be->h, d);
}

void mc_be_set_row_stat(mc_be *be, int i, int stat)
{
	be->ops->set_row_stat(be->h, i, stat);
}

void mc_be_set_col_stat(mc_be *be, int j, int stat)
{
	be->ops->set_col_stat(be->h, j, stat);
}

int mc_be_row_stat(mc_be *be, int i)
{
	return be->ops->row_stat(be->h, i);
}

int mc_be_col_stat(mc_be *be, int j)
{
	return be->ops->col_stat(be->h, j);
}

void mc_be_set_row_bnds(mc_be *be, int i, int type, double lo, double hi)
{
	be->ops->set_row_bnds(be->h, i, type, lo, hi);
}

void mc_be_set_col_bnds(mc_be *be, int j, int type, double lo, double hi)
{
	be->ops->set_col_bnds(be->h, j, type, lo, hi);
}

void mc_be_set_cost(mc_be *be, int j, double cost)
{
	be->ops->set_cost(be->h, j, cost);
}

int mc_be_solve(mc_be *be, const mc_be_opts *o, mc_be_result *res, mc_diag *d)
{
	return be->ops->solve(be->h, o, res, d);
}

void mc_be_get(mc_be *be, double *col_prim, double *col_dual, double *row_prim,
	       double *row_dual)
{
	be->ops->get(be->h, col_prim, col_dual, row_prim, row_dual);
}

int mc_be_basis_price(mc_be *be, int len, const int *cols, const double *coef,
		      double step, double *price)
{
	return be->ops->basis_price(be->h, len, cols, coef, step, price);
}

int mc_be_row_price(mc_be *be, int len, const int *cols, const double *coef,
		    double rhs, int it_lim, double time_limit, double *price)
{
	return be->ops->row_price(be->h, len, cols, coef, rhs, it_lim,
				  time_limit, price);
}

int mc_be_write(mc_be *be, const mc_lpm *l, const char *path,
		const char *format, mc_diag *d)
{
	return be->ops->write(be->h, l, path, format, d);
}

int mc_be_stat_of(const int *native, int code)
{
	for (int i = MC_BE_BS; i <= MC_BE_SB; i++)
		if (native[i] == code)
			return i;
	return MC_BE_NL;
}

const char *mc_be_library(int i, const char **version)
{
	if (i < 0 || i >= NALL)
		return NULL;
	*version = all[i]->version();
	return all[i]->library;
}

void mc_be_shutdown(void)
{
	for (int i = 0; i < NALL; i++)
		if (all[i]->shutdown)
			all[i]->shutdown();
}
