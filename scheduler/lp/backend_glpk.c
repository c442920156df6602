/*
 * backend_glpk.c - the LP back-end on GLPK (see backend.h); the only file
 * that includes <glpk.h>.
 *
 * GLPK numbers rows and columns from 1: every call here adds 1 to the
 * 0-based indexes of backend.h.  The glp_prob belongs to the mc_be.
 *
 * GLPK reports an internal error by printing it and calling abort().  While
 * GLPK runs, its error hook is ours: it jumps back to the call that entered
 * GLPK (GUARD), which frees GLPK's environment (the only thing GLPK allows
 * after such an error), marks the handle dead and fails with GLPK's words.
 */
#include "backend.h"
#include "tolerance.h"
#include "arena.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct glpk_be {
	glp_prob *P;
	int dead;
	/* Values of the basis held, kept apart from GLPK's (vals_ok): a
	 * priced row's re-solve overwrites GLPK's, and restoring them with
	 * glp_warm_up() costs a pass over the whole problem per priced row;
	 * appended columns get their reduced costs here, not by a warm-up. */
	double *rprim, *rdual, *cprim, *cdual;
	int vnr, vnc, vcap_c, vals_ok;
} glpk_be;

/* What the terminal hook does with GLPK's output while one call runs, on
 * each thread (GLPK's state is per thread too). */
static _Thread_local struct {
	const mc_be_opts *opts; /* progress lines go to opts->progress */
	char msg[512];		/* GLPK's last words before an error */
	long it0; /* GLPK's iteration count when the solve began */
	jmp_buf jb;
} term;

static int on_term(void *info, const char *s)
{
	(void)info;
	const mc_be_opts *o = term.opts;
	const char *colon = strchr(s, ':'), *obj, *inf;
	if (o && o->progress && colon && (obj = strstr(s, "obj =")) &&
	    ((inf = strstr(s, "inf =")) || (inf = strstr(s, "infeas =")))) {
		o->progress(
		    o->ctx, strtol(s + (s[0] == '*' || s[0] == ' '), NULL, 10),
		    strtod(obj + 5, NULL), strtod(strchr(inf, '=') + 1, NULL));
		return 1;
	}
	/* keep the tail of what GLPK said: an error message spans lines */
	size_t have = strlen(term.msg), add = strlen(s);
	if (have + add >= sizeof(term.msg))
		have = 0;
	memcpy(term.msg + have, s, add + 1);
	return 1;
}

static void on_error(void *info)
{
	(void)info;
	longjmp(term.jb, 1);
}

/* Sends GLPK's output and errors to us for the rest of the call. */
static void enter(const mc_be_opts *o)
{
	term.opts = o;
	term.msg[0] = 0;
	glp_term_hook(on_term, NULL);
	glp_error_hook(on_error, NULL);
}

static void leave(void)
{
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	term.opts = NULL;
}

/* After a GLPK error: nothing of GLPK may be used but glp_free_env(). */
static int died(glpk_be *be, mc_diag *d)
{
	char *s = term.msg;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	be->dead = 1;
	be->P = NULL;
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	glp_free_env();
	return mc_diag_error(d, MC_ENOPLAN, "the LP solver failed: %s",
			     *s ? s : "internal error in GLPK");
}

/* Runs the statement with GLPK's errors turned into `return died()`. */
#define GUARD(be, d, o)                                                        \
	do {                                                                   \
		if ((be)->dead)                                                \
			return mc_diag_error(d, MC_ENOPLAN,                    \
					     "the LP solver failed earlier");  \
		enter(o);                                                      \
		if (setjmp(term.jb))                                           \
			return died(be, d);                                    \
	} while (0)

static void *glpk_new(void)
{
	glpk_be *be = mc_xcalloc(1, sizeof(*be));
	be->P = glp_create_prob();
	glp_set_obj_dir(be->P, GLP_MIN);
	return be;
}

static void glpk_free(void *h)
{
	glpk_be *be = h;
	if (!be)
		return;
	if (be->P)
		glp_delete_prob(be->P);
	free(be->rprim);
	free(be->rdual);
	free(be->cprim);
	free(be->cdual);
	free(be);
}

static const int glp_type[] = {
    [MC_BND_FREE] = GLP_FR, [MC_BND_LO] = GLP_LO, [MC_BND_UP] = GLP_UP,
    [MC_BND_DB] = GLP_DB,   [MC_BND_FX] = GLP_FX,
};

static const int glp_stat[] = {
    [MC_BE_BS] = GLP_BS, [MC_BE_NL] = GLP_NL, [MC_BE_NU] = GLP_NU,
    [MC_BE_NF] = GLP_NF, [MC_BE_NS] = GLP_NS, [MC_BE_SB] = GLP_NL,
};

/* Columns col0.. of l, with triplets nz0.. (grouped by column). */
static void put_cols(glp_prob *P, const mc_lpm *l, int col0, int nz0)
{
	int first = glp_get_num_cols(P) + 1, n = l->ncols - col0;
	if (n <= 0)
		return;
	glp_add_cols(P, n);
	for (int j = 0; j < n; j++) {
		int c = col0 + j;
		glp_set_col_bnds(P, first + j, glp_type[l->ctype[c]], l->clo[c],
				 l->chi[c]);
		glp_set_obj_coef(P, first + j, l->cost[c]);
	}
	int *ind = mc_xmalloc(((size_t)l->nrows + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)l->nrows + 1) * sizeof(double));
	for (int k = nz0; k < l->nnz;) {
		int c = l->tj[k], len = 0;
		for (; k < l->nnz && l->tj[k] == c; k++) {
			len++;
			ind[len] = l->ti[k] + 1;
			val[len] = l->tv[k];
		}
		glp_set_mat_col(P, c - col0 + first, len, ind, val);
	}
	free(ind);
	free(val);
}

/* Room for nc column values in the cache. */
static void vals_grow(glpk_be *be, int nc)
{
	if (nc + 1 <= be->vcap_c)
		return;
	be->vcap_c = 2 * nc + 1;
	size_t n = (size_t)be->vcap_c * sizeof(double);
	be->cprim = mc_xrealloc(be->cprim, n);
	be->cdual = mc_xrealloc(be->cdual, n);
}

/* Caches GLPK's values of the basis it holds (after a solve). */
static void vals_fill(glpk_be *be)
{
	glp_prob *P = be->P;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P);
	be->rprim = mc_xrealloc(be->rprim, ((size_t)nr + 1) * sizeof(double));
	be->rdual = mc_xrealloc(be->rdual, ((size_t)nr + 1) * sizeof(double));
	vals_grow(be, nc);
	for (int i = 1; i <= nr; i++) {
		be->rprim[i - 1] = glp_get_row_prim(P, i);
		be->rdual[i - 1] = glp_get_row_dual(P, i);
	}
	for (int j = 1; j <= nc; j++) {
		be->cprim[j - 1] = glp_get_col_prim(P, j);
		be->cdual[j - 1] = glp_get_col_dual(P, j);
	}
	be->vnr = nr;
	be->vnc = nc;
	be->vals_ok = 1;
}

/* The cache holds the current values (filled when needed); 0 when GLPK
 * has none to give (nothing solved yet). */
static int vals(glpk_be *be)
{
	if (!be->vals_ok && glp_get_status(be->P) != GLP_UNDEF)
		vals_fill(be);
	return be->vals_ok;
}

/* Values of columns appended nonbasic at 0 to a basis whose values are
 * cached: value 0, reduced cost c_j - sum_i a_ij y_i. */
static void vals_append(glpk_be *be)
{
	glp_prob *P = be->P;
	int nc = glp_get_num_cols(P), nr = glp_get_num_rows(P);
	int *ind = mc_xmalloc(((size_t)nr + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)nr + 1) * sizeof(double));
	vals_grow(be, nc);
	for (int j = be->vnc + 1; j <= nc; j++) {
		int len = glp_get_mat_col(P, j, ind, val);
		double dj = glp_get_obj_coef(P, j);
		for (int k = 1; k <= len; k++)
			dj -= val[k] * be->rdual[ind[k] - 1];
		be->cprim[j - 1] = 0;
		be->cdual[j - 1] = dj;
	}
	be->vnc = nc;
	free(ind);
	free(val);
}

static int glpk_load(void *h, const mc_lpm *l, mc_diag *d)
{
	glpk_be *be = h;
	GUARD(be, d, NULL);
	be->vals_ok = 0;
	glp_erase_prob(be->P);
	glp_set_obj_dir(be->P, GLP_MIN);
	if (l->nrows > 0)
		glp_add_rows(be->P, l->nrows);
	for (int i = 0; i < l->nrows; i++)
		glp_set_row_bnds(be->P, i + 1, glp_type[l->rtype[i]], l->rlo[i],
				 l->rhi[i]);
	put_cols(be->P, l, 0, 0);
	leave();
	return 0;
}

static int glpk_append_cols(void *h, const mc_lpm *l, int col0, int nz0,
			    mc_diag *d)
{
	glpk_be *be = h;
	GUARD(be, d, NULL);
	int had = vals(be);
	put_cols(be->P, l, col0, nz0);
	/* the basis is unchanged: its values stand, new columns' computed */
	if (had)
		vals_append(be);
	leave();
	return 0;
}

static int glpk_scale(void *h, mc_diag *d)
{
	glpk_be *be = h;
	GUARD(be, d, NULL);
	glp_scale_prob(be->P, GLP_SF_GM | GLP_SF_EQ | GLP_SF_2N);
	leave();
	return 0;
}

static void glpk_set_row_stat(void *h, int i, int stat)
{
	glpk_be *be = h;
	glp_set_row_stat(be->P, i + 1, glp_stat[stat]);
}

static void glpk_set_col_stat(void *h, int j, int stat)
{
	glpk_be *be = h;
	glp_set_col_stat(be->P, j + 1, glp_stat[stat]);
}

static int glpk_row_stat(void *h, int i)
{
	glpk_be *be = h;
	return mc_be_stat_of(glp_stat, glp_get_row_stat(be->P, i + 1));
}

static int glpk_col_stat(void *h, int j)
{
	glpk_be *be = h;
	return mc_be_stat_of(glp_stat, glp_get_col_stat(be->P, j + 1));
}

static void glpk_set_row_bnds(void *h, int i, int type, double lo, double hi)
{
	glpk_be *be = h;
	be->vals_ok = 0;
	glp_set_row_bnds(be->P, i + 1, glp_type[type], lo, hi);
}

static void glpk_set_col_bnds(void *h, int j, int type, double lo, double hi)
{
	glpk_be *be = h;
	be->vals_ok = 0;
	glp_set_col_bnds(be->P, j + 1, glp_type[type], lo, hi);
}

static void glpk_set_cost(void *h, int j, double cost)
{
	glpk_be *be = h;
	be->vals_ok = 0;
	glp_set_obj_coef(be->P, j + 1, cost);
}

static int ms(double seconds)
{
	if (seconds <= 0)
		return 0;
	return seconds * 1000 > 2e9 ? 2000000000 : (int)ceil(seconds * 1000);
}

/* The solver's parameters: presolve off (it would replace the basis),
 * progress about once a second, our limits. */
static void init_parm(glp_smcp *parm, const mc_be_opts *o)
{
	glp_init_smcp(parm);
	parm->meth = o && o->method == MC_BE_PRIMAL ? GLP_PRIMAL : GLP_DUALP;
	parm->presolve = GLP_OFF;
	parm->msg_lev = o && o->progress ? GLP_MSG_ON : GLP_MSG_ERR;
	parm->out_frq = 1000;
	parm->out_dly = 0;
	if (o && o->time_limit > 0)
		parm->tm_lim = ms(o->time_limit);
	if (o && o->it_lim > 0)
		parm->it_lim = o->it_lim;
}

static int glpk_solve(void *h, const mc_be_opts *o, mc_be_result *res,
		      mc_diag *d)
{
	glpk_be *be = h;
	glp_smcp parm;
	memset(res, 0, sizeof(*res));
	GUARD(be, d, o);
	be->vals_ok = 0;
	init_parm(&parm, o);
	int it0 = glp_get_it_cnt(be->P);
	term.it0 = it0;
	int ret = glp_simplex(be->P, &parm);
	leave();
	res->iters = glp_get_it_cnt(be->P) - it0;
	int st = glp_get_status(be->P);
	res->obj = glp_get_obj_val(be->P);
	res->primal_feasible = glp_get_prim_stat(be->P) == GLP_FEAS;
	res->dual_feasible = glp_get_dual_stat(be->P) == GLP_FEAS;
	if (ret == GLP_ETMLIM)
		res->status = MC_BE_TIME_LIMIT;
	else if (ret == GLP_EITLIM)
		res->status = MC_BE_ITER_LIMIT;
	else if (ret != 0)
		return mc_diag_error(
		    d, MC_ENOPLAN, "the LP solver failed (GLPK code %d)", ret);
	else if (st == GLP_OPT)
		res->status = MC_BE_OPTIMAL;
	else if (st == GLP_NOFEAS)
		res->status = MC_BE_INFEASIBLE;
	else if (st == GLP_UNBND)
		res->status = MC_BE_UNBOUNDED;
	else
		res->status = MC_BE_UNDEFINED;
	return 0;
}

static void glpk_get(void *h, double *col_prim, double *col_dual,
		     double *row_prim, double *row_dual)
{
	glpk_be *be = h;
	if (!vals(be))
		return;
	size_t nr = (size_t)be->vnr, nc = (size_t)be->vnc;
	if (col_prim)
		memcpy(col_prim, be->cprim, nc * sizeof(double));
	if (col_dual)
		memcpy(col_dual, be->cdual, nc * sizeof(double));
	if (row_prim)
		memcpy(row_prim, be->rprim, nr * sizeof(double));
	if (row_dual)
		memcpy(row_dual, be->rdual, nr * sizeof(double));
}

/* Smallest tableau entry the ratio tests trust (GLPK's own default). */
#define RTEST_EPS MC_TOL_PIVOT

/* Status, bounds and value of variable k in GLPK's numbering: rows
 * (auxiliary variables) 1..nr, then columns.  Returns the reduced cost. */
static double var_info(const glpk_be *be, int nr, int k, int *stat, int *type,
		       double *lb, double *ub, double *x)
{
	glp_prob *P = be->P;
	if (k <= nr) {
		*stat = glp_get_row_stat(P, k);
		*type = glp_get_row_type(P, k);
		*lb = glp_get_row_lb(P, k);
		*ub = glp_get_row_ub(P, k);
		*x = be->rprim[k - 1];
		return be->rdual[k - 1];
	}
	k -= nr;
	*stat = glp_get_col_stat(P, k);
	*type = glp_get_col_type(P, k);
	*lb = glp_get_col_lb(P, k);
	*ub = glp_get_col_ub(P, k);
	*x = be->cprim[k - 1];
	return be->cdual[k - 1];
}

/* How far nonbasic variable q may move in direction dir (+1 up, -1 down)
 * before it or a basic variable reaches a bound (primal ratio test). */
static double max_step(const glpk_be *be, int nr, int q, int dir)
{
	glp_prob *P = be->P;
	int st, type, n;
	double lb, ub, x, t = INFINITY;
	var_info(be, nr, q, &st, &type, &lb, &ub, &x);
	if (type == GLP_DB)
		t = ub - lb;
	int *ind = mc_xmalloc(((size_t)nr + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)nr + 1) * sizeof(double));
	n = glp_eval_tab_col(P, q, ind, val);
	for (int i = 1; i <= n; i++) {
		double dd = dir * val[i], s = INFINITY;
		var_info(be, nr, ind[i], &st, &type, &lb, &ub, &x);
		int has_lb = type == GLP_LO || type == GLP_DB || type == GLP_FX;
		int has_ub = type == GLP_UP || type == GLP_DB || type == GLP_FX;
		if (dd < -RTEST_EPS && has_lb)
			s = (x - lb) / -dd;
		else if (dd > RTEST_EPS && has_ub)
			s = (ub - x) / dd;
		if (s < t)
			t = s > 0 ? s : 0;
	}
	free(ind);
	free(val);
	return t;
}

static int glpk_basis_price(void *h, int len, const int *cols,
			    const double *coef, double step, double *price)
{
	glpk_be *be = h;
	glp_prob *P = be->P;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), basic = 0;
	int q = 0, dir = 0, st, type, exact = 0;
	double best = INFINITY, a_q = 0, lb, ub, x;
	if (be->dead || !vals(be) ||
	    (!glp_bf_exists(P) && glp_factorize(P) != 0))
		return 0;
	int *ind = mc_xmalloc(((size_t)nc + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)nc + 1) * sizeof(double));
	for (int k = 1; k <= len; k++) {
		ind[k] = cols[k - 1] + 1;
		val[k] = coef[k - 1];
		basic |= glp_get_col_stat(P, ind[k]) == GLP_BS;
	}
	if (basic)
		len = glp_transform_row(P, len, ind, val);
	else
		for (int k = 1; k <= len; k++)
			ind[k] += nr;
	for (int k = 1; k <= len; k++) {
		double dj = var_info(be, nr, ind[k], &st, &type, &lb, &ub, &x);
		int dd = st == GLP_NL && val[k] > RTEST_EPS    ? 1
			 : st == GLP_NU && val[k] < -RTEST_EPS ? -1
							       : 0;
		if (dd && dj / val[k] < best) {
			best = dj / val[k];
			q = ind[k];
			dir = dd;
			a_q = val[k];
		}
	}
	if (q && max_step(be, nr, q, dir) * fabs(a_q) >= step) {
		*price = best > 1e-7 ? best : 0;
		exact = 1;
	}
	free(ind);
	free(val);
	return exact;
}

static int glpk_row_price(void *h, int len, const int *cols, const double *coef,
			  double rhs, int it_lim, double time_limit,
			  double *price)
{
	glpk_be *be = h;
	glp_prob *P = be->P;
	if (be->dead || !vals(be))
		return 2;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), rc;
	int *rstat = mc_xmalloc(((size_t)nr + 2) * sizeof(int));
	int *cstat = mc_xmalloc(((size_t)nc + 1) * sizeof(int));
	int *ind = mc_xmalloc(((size_t)len + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)len + 1) * sizeof(double));
	for (int i = 1; i <= nr; i++)
		rstat[i] = glp_get_row_stat(P, i);
	for (int j = 1; j <= nc; j++)
		cstat[j] = glp_get_col_stat(P, j);
	for (int k = 0; k < len; k++) {
		ind[k + 1] = cols[k] + 1;
		val[k + 1] = coef[k];
	}

	mc_be_opts o = {MC_BE_DUAL, time_limit, it_lim, NULL, NULL};
	glp_smcp parm;
	init_parm(&parm, &o);
	parm.msg_lev = GLP_MSG_OFF;
	enter(NULL);
	if (setjmp(term.jb)) {
		mc_diag dd = {0};
		died(be, &dd);
		rc = 2;
		goto out;
	}
	int row = glp_add_rows(P, 1);
	glp_set_mat_row(P, row, len, ind, val);
	glp_set_row_bnds(P, row, GLP_LO, rhs, 0);
	glp_set_row_stat(P, row, GLP_BS);
	int ret = glp_simplex(P, &parm);
	int st = glp_get_status(P);
	if (ret == 0 && st == GLP_OPT) {
		double y = glp_get_row_dual(P, row);
		*price = y > 1e-7 ? y : 0; /* >= 0 up to the dual tolerance */
		rc = 0;
	} else if (ret == 0 && st == GLP_NOFEAS) {
		rc = 1;
	} else {
		rc = 2;
	}
	int del[2] = {0, row};
	glp_del_rows(P, 1, del);
	for (int i = 1; i <= nr; i++)
		glp_set_row_stat(P, i, rstat[i]);
	for (int j = 1; j <= nc; j++)
		glp_set_col_stat(P, j, cstat[j]);
	/* the optimal basis again; its values are still in the cache */
	if (glp_factorize(P) != 0) {
		be->vals_ok = 0;
		rc = 2;
	}
	leave();
out:
	free(rstat);
	free(cstat);
	free(ind);
	free(val);
	return rc;
}

static int glpk_write(void *h, const mc_lpm *l, const char *path,
		      const char *format, mc_diag *d)
{
	glpk_be *be = h;
	int rc;
	GUARD(be, d, NULL);
	glp_set_prob_name(be->P, "mcsched");
	glp_set_obj_name(be->P, "cost");
	if (l->want_names) {
		for (int i = 0; i < l->nrows; i++)
			if (l->rname[i])
				glp_set_row_name(be->P, i + 1, l->rname[i]);
		for (int j = 0; j < l->ncols; j++)
			if (l->cname[j])
				glp_set_col_name(be->P, j + 1, l->cname[j]);
	}
	if (strcmp(format, "lp") == 0)
		rc = glp_write_lp(be->P, NULL, path);
	else if (strcmp(format, "mps") == 0)
		rc = glp_write_mps(be->P, GLP_MPS_FILE, NULL, path);
	else
		rc = -2;
	leave();
	if (rc == -2)
		return mc_diag_error(d, MC_EUSAGE, "unknown LP format '%s'",
				     format);
	if (rc != 0)
		return mc_diag_error(d, MC_EINPUT, "unable to write '%s'",
				     path);
	return 0;
}

static void glpk_set_int(void *h, int j, int is_int)
{
	glpk_be *be = h;
	glp_set_col_kind(be->P, j + 1, is_int ? GLP_IV : GLP_CV);
}

/* What the branch and bound's callback needs. */
typedef struct mipcb {
	const double *start; /* 1-based incumbent, or NULL */
	int given;	     /* the incumbent was offered */
	long nodes, node_limit;
} mipcb;

static void on_tree(glp_tree *T, void *info)
{
	mipcb *cb = info;
	switch (glp_ios_reason(T)) {
	case GLP_IHEUR:
		if (cb->start && !cb->given) {
			cb->given = 1;
			glp_ios_heur_sol(T, cb->start);
		}
		break;
	case GLP_ISELECT:
		if (cb->node_limit > 0 && ++cb->nodes > cb->node_limit)
			glp_ios_terminate(T);
		break;
	default:
		break;
	}
}

static int glpk_mip(void *h, const mc_be_mip_opts *o, double *col_val,
		    mc_be_result *res, mc_diag *d)
{
	glpk_be *be = h;
	glp_iocp parm;
	mipcb cb = {NULL, 0, 0, o->node_limit};
	memset(res, 0, sizeof(*res));
	if (be->dead)
		return mc_diag_error(d, MC_ENOPLAN,
				     "the LP solver failed earlier");
	int n = glp_get_num_cols(be->P);
	/* set before the setjmp and not after, so still valid after a
	 * GLPK error: freed on either way out */
	double *start = NULL;
	if (o->start) { /* GLPK counts columns from 1 */
		start = mc_xmalloc(((size_t)n + 1) * sizeof(double));
		start[0] = 0;
		memcpy(start + 1, o->start, (size_t)n * sizeof(double));
		cb.start = start;
	}
	enter(NULL);
	if (setjmp(term.jb)) {
		free(start);
		return died(be, d);
	}
	be->vals_ok = 0;
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_OFF; /* the basis held is the root's */
	parm.cb_func = on_tree;
	parm.cb_info = &cb;
	if (o->mip_gap > 0)
		parm.mip_gap = o->mip_gap;
	if (o->cuts)
		parm.gmi_cuts = GLP_ON;
	if (o->time_limit > 0)
		parm.tm_lim = ms(o->time_limit);
	int it0 = glp_get_it_cnt(be->P);
	int ret = glp_intopt(be->P, &parm);
	leave();
	res->iters = glp_get_it_cnt(be->P) - it0;
	free(start);
	int st = glp_mip_status(be->P);
	res->primal_feasible = st == GLP_OPT || st == GLP_FEAS;
	res->obj = glp_mip_obj_val(be->P);
	if (res->primal_feasible && col_val)
		for (int j = 1; j <= n; j++)
			col_val[j - 1] = glp_mip_col_val(be->P, j);
	if (ret == GLP_ETMLIM)
		res->status = MC_BE_TIME_LIMIT;
	else if (ret == GLP_ESTOP)
		res->status = MC_BE_ITER_LIMIT;
	else if (ret == GLP_ENOPFS || st == GLP_NOFEAS)
		res->status = MC_BE_INFEASIBLE;
	else if (ret == 0 || ret == GLP_EMIPGAP) /* optimal within o->mip_gap */
		res->status = MC_BE_OPTIMAL;
	else
		return mc_diag_error(
		    d, MC_ENOPLAN, "the MIP solver failed (GLPK code %d)", ret);
	return 0;
}

static void glpk_shutdown(void)
{
	glp_free_env();
}

const mc_be_ops mc_be_glpk_ops = {
    .name = "glpk",
    .library = "GLPK",
    .version = glp_version,
    .reads_tableau = 1,
    .repairs_basis = 0,
    .create = glpk_new,
    .destroy = glpk_free,
    .load = glpk_load,
    .append_cols = glpk_append_cols,
    .scale = glpk_scale,
    .set_row_stat = glpk_set_row_stat,
    .set_col_stat = glpk_set_col_stat,
    .row_stat = glpk_row_stat,
    .col_stat = glpk_col_stat,
    .set_row_bnds = glpk_set_row_bnds,
    .set_col_bnds = glpk_set_col_bnds,
    .set_cost = glpk_set_cost,
    .solve = glpk_solve,
    .get = glpk_get,
    .basis_price = glpk_basis_price,
    .row_price = glpk_row_price,
    .write = glpk_write,
    .set_int = glpk_set_int,
    .mip = glpk_mip,
    .shutdown = glpk_shutdown,
};
