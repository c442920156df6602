/*
 * lp.c - building the class LP in memory, solving it with GLPK's dual
 * simplex and reading back primal values and duals.
 *
 * The glp_prob and the column/row maps belong to the mc_lp handle
 * (mc_lp_free); result arrays come from the caller's arena.
 */
#include "lp.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum col_kind { COL_X, COL_U, COL_V, COL_W, COL_I };

struct mc_lp {
	const mc_model *m;
	const mc_classes *c;
	mc_arena *a;
	glp_prob *P;
	int days;
	/* column ranges (1-based GLPK indexes) */
	int x0, nx, u0, v0, nv, w0, nw, i0, ni;
	mc_lp_x *x;	    /* [nx] */
	mc_lp_flow *flow;   /* [nw] */
	int *v_of;	    /* [nv] resource-day index r*days+t */
	int *i_of;	    /* [ni] (p*nmat+mat)*days+t */
	int dem0, cap0;	    /* first demand row, first capacity row */
	int split0, nsplit; /* split rows */
	int *split_key;	    /* [nsplit] ((f*np+p)*days+t)*nk+k */
	int bal0, nbal;	    /* stock balance rows */
	int *bal_key;	    /* [nbal] (p*nmat+mat)*days+t */
	int *bal_row;	    /* [np*nmat] first balance row or 0 */
	int tm_lim;	    /* the solve's time limit, ms (0 none) */
};

/* Growable triplet list for glp_load_matrix (1-based). */
typedef struct triplets {
	int *ia, *ja;
	double *ar;
	int n, cap;
} triplets;

static void tri_add(triplets *t, int row, int col, double val)
{
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4096;
		t->ia = mc_xrealloc(t->ia, (size_t)t->cap * sizeof(int));
		t->ja = mc_xrealloc(t->ja, (size_t)t->cap * sizeof(int));
		t->ar = mc_xrealloc(t->ar, (size_t)t->cap * sizeof(double));
	}
	t->n++;
	t->ia[t->n] = row;
	t->ja[t->n] = col;
	t->ar[t->n] = val;
}

/* glp_add_rows/glp_add_cols abort on a count of 0. */
static int add_rows_n(glp_prob *P, int n)
{
	return n > 0 ? glp_add_rows(P, n) : 0;
}

static int add_cols_n(glp_prob *P, int n)
{
	return n > 0 ? glp_add_cols(P, n) : 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* 1 if every kind class cls needs at p has some hours on day t. */
static int day_usable(const mc_lp *lp, int cls, int p, int t, int *buf)
{
	const mc_model *m = lp->m;
	int f = m->orders[lp->c->v[cls].rep].family;
	for (int k = 0; k < m->nkinds; k++) {
		if (mc_class_minutes(lp->c, cls, p, k) <= 0)
			continue;
		int n = mc_model_admitting(m, p, k, f, buf);
		double h = 0;
		for (int i = 0; i < n; i++)
			h += m->resources[buf[i]].day_hours[t] +
			     m->resources[buf[i]].day_ot[t];
		if (h <= 0)
			return 0;
	}
	return 1;
}

static void enumerate_x(mc_lp *lp, int *buf)
{
	const mc_model *m = lp->m;
	const mc_classes *c = lp->c;
	int cap = 1024;
	lp->x = mc_xmalloc((size_t)cap * sizeof(mc_lp_x));
	lp->nx = 0;
	for (int cls = 0; cls < c->n; cls++) {
		int o = c->v[cls].rep;
		for (int p = 0; p < m->nplants; p++) {
			size_t cp =
			    (size_t)cls * (size_t)m->nplants + (size_t)p;
			if (c->blocker[cp] != MC_REASON_NONE)
				continue;
			int s = c->transit[cp], first, last;
			if (!mc_model_window(m, o, s, &first, &last))
				continue;
			for (int t = first; t <= last; t++) {
				if (!day_usable(lp, cls, p, t, buf))
					continue;
				if (lp->nx == cap) {
					cap *= 2;
					lp->x = mc_xrealloc(
					    lp->x,
					    (size_t)cap * sizeof(mc_lp_x));
				}
				lp->x[lp->nx++] = (mc_lp_x){
				    cls,
				    p,
				    t,
				    s,
				    c->fixed[cp] + mc_model_unit_day_cost(m, o, t, s),
				    0,
				    0};
			}
		}
	}
}

/* Builds the split rows and w columns for multi-resource kinds, and the
 * stock balance rows.  Returns a dense map (f,p,t,k) -> split row or 0. */
static int *plan_split(mc_lp *lp)
{
	const mc_model *m = lp->m;
	size_t np = (size_t)m->nplants, nk = (size_t)m->nkinds,
	       nd = (size_t)lp->days;
	size_t nkey = (size_t)m->nfamilies * np * nd * nk;
	int *row_of = mc_xcalloc(nkey + 1, sizeof(int));
	int cap = 256;
	lp->split_key = mc_xmalloc((size_t)cap * sizeof(int));
	for (int i = 0; i < lp->nx; i++) {
		const mc_lp_x *x = &lp->x[i];
		int f = m->orders[lp->c->v[x->cls].rep].family;
		for (int k = 0; k < m->nkinds; k++) {
			if (mc_class_minutes(lp->c, x->cls, x->plant, k) <= 0)
				continue;
			if (mc_model_admitting(m, x->plant, k, f, NULL) < 2)
				continue;
			size_t key = (((size_t)f * np + (size_t)x->plant) * nd +
				      (size_t)x->day) *
					 nk +
				     (size_t)k;
			if (row_of[key])
				continue;
			if (lp->nsplit == cap) {
				cap *= 2;
				lp->split_key = mc_xrealloc(
				    lp->split_key, (size_t)cap * sizeof(int));
			}
			lp->split_key[lp->nsplit++] = (int)key;
			row_of[key] = lp->nsplit; /* 1-based within block */
		}
	}
	return row_of;
}

static void add_rows(mc_lp *lp)
{
	const mc_model *m = lp->m;
	glp_prob *P = lp->P;
	int nc = lp->c->n, nr = m->nresources, nd = lp->days;

	lp->dem0 = add_rows_n(P, nc);
	for (int c = 0; c < nc; c++)
		glp_set_row_bnds(P, lp->dem0 + c, GLP_FX, lp->c->v[c].quantity,
				 lp->c->v[c].quantity);
	lp->cap0 = add_rows_n(P, nr * nd);
	for (int r = 0; r < nr; r++)
		for (int t = 0; t < nd; t++)
			glp_set_row_bnds(P, lp->cap0 + r * nd + t, GLP_UP, 0,
					 60.0 * m->resources[r].day_hours[t]);
	if (lp->nsplit) {
		lp->split0 = add_rows_n(P, lp->nsplit);
		for (int i = 0; i < lp->nsplit; i++)
			glp_set_row_bnds(P, lp->split0 + i, GLP_FX, 0, 0);
	}
	/* stock balance: I[t] - I[t-1] + use[t] = receipts[t] (+ stock) */
	int nm = m->nmaterials;
	lp->bal_row =
	    mc_xcalloc((size_t)m->nplants * (size_t)nm + 1, sizeof(int));
	for (int p = 0; p < m->nplants; p++)
		for (int mat = 0; mat < nm; mat++)
			if (m->plants[p].mat_listed[mat])
				lp->nbal += nd;
	if (lp->nbal) {
		lp->bal0 = add_rows_n(P, lp->nbal);
		lp->bal_key = mc_xmalloc((size_t)lp->nbal * sizeof(int));
	}
	int row = lp->bal0;
	for (int p = 0; p < m->nplants; p++)
		for (int mat = 0; mat < nm; mat++) {
			const mc_plant *pl = &m->plants[p];
			if (!pl->mat_listed[mat])
				continue;
			lp->bal_row[p * nm + mat] = row;
			for (int t = 0; t < nd; t++, row++) {
				double rhs = pl->mat_receipts[mat * nd + t];
				if (t == 0)
					rhs += pl->mat_stock[mat];
				glp_set_row_bnds(P, row, GLP_FX, rhs, rhs);
				lp->bal_key[row - lp->bal0] =
				    (p * nm + mat) * nd + t;
			}
		}
}

static void add_x_cols(mc_lp *lp, triplets *tr, const int *split_row, int *buf)
{
	const mc_model *m = lp->m;
	glp_prob *P = lp->P;
	size_t np = (size_t)m->nplants, nk = (size_t)m->nkinds,
	       nd = (size_t)lp->days;
	int nm = m->nmaterials;
	lp->x0 = add_cols_n(P, lp->nx);
	for (int i = 0; i < lp->nx; i++) {
		const mc_lp_x *x = &lp->x[i];
		int col = lp->x0 + i;
		int f = m->orders[lp->c->v[x->cls].rep].family;
		glp_set_col_bnds(P, col, GLP_LO, 0, 0);
		glp_set_obj_coef(P, col, x->cost);
		tri_add(tr, lp->dem0 + x->cls, col, 1);
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_class_minutes(lp->c, x->cls, x->plant, k);
			if (mins <= 0)
				continue;
			int n = mc_model_admitting(m, x->plant, k, f, buf);
			if (n == 1) {
				tri_add(tr,
					lp->cap0 + buf[0] * lp->days + x->day,
					col, mins);
			} else {
				size_t key =
				    (((size_t)f * np + (size_t)x->plant) * nd +
				     (size_t)x->day) *
					nk +
				    (size_t)k;
				tri_add(tr, lp->split0 + split_row[key] - 1,
					col, mins);
			}
		}
		for (int mat = 0; mat < nm; mat++) {
			int b = lp->bal_row[x->plant * nm + mat];
			double use =
			    lp->c->material[(size_t)x->cls * (size_t)nm +
					    (size_t)mat];
			if (b && use > 0)
				tri_add(tr, b + x->day, col, use);
		}
	}
}

static void add_other_cols(mc_lp *lp, triplets *tr, int *buf)
{
	const mc_model *m = lp->m;
	glp_prob *P = lp->P;
	int nd = lp->days, nc = lp->c->n;

	lp->u0 = add_cols_n(P, nc);
	for (int c = 0; c < nc; c++) {
		int col = lp->u0 + c;
		glp_set_col_bnds(P, col, GLP_LO, 0, 0);
		glp_set_obj_coef(P, col,
				 m->orders[lp->c->v[c].rep].unmet_penalty);
		tri_add(tr, lp->dem0 + c, col, 1);
	}

	/* overtime where allowed */
	lp->v_of =
	    mc_xmalloc(((size_t)m->nresources * (size_t)nd + 1) * sizeof(int));
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < nd; t++)
			if (m->resources[r].day_ot[t] > 0)
				lp->v_of[lp->nv++] = r * nd + t;
	if (lp->nv)
		lp->v0 = add_cols_n(P, lp->nv);
	for (int i = 0; i < lp->nv; i++) {
		int r = lp->v_of[i] / nd, t = lp->v_of[i] % nd;
		const mc_resource *res = &m->resources[r];
		glp_set_col_bnds(P, lp->v0 + i, GLP_DB, 0, res->day_ot[t]);
		glp_set_obj_coef(P, lp->v0 + i, res->ot_cost);
		tri_add(tr, lp->cap0 + lp->v_of[i], lp->v0 + i, -60);
	}

	/* flows: one per split row and admitting resource with hours */
	int cap = lp->nsplit * 2 + 1;
	lp->flow = mc_xmalloc((size_t)cap * sizeof(mc_lp_flow));
	for (int s = 0; s < lp->nsplit; s++) {
		int key = lp->split_key[s];
		int k = key % m->nkinds, rest = key / m->nkinds;
		int t = rest % nd;
		rest /= nd;
		int p = rest % m->nplants, f = rest / m->nplants;
		int n = mc_model_admitting(m, p, k, f, buf);
		for (int i = 0; i < n; i++) {
			const mc_resource *res = &m->resources[buf[i]];
			if (res->day_hours[t] + res->day_ot[t] <= 0)
				continue;
			if (lp->nw == cap) {
				cap *= 2;
				lp->flow = mc_xrealloc(
				    lp->flow, (size_t)cap * sizeof(mc_lp_flow));
			}
			lp->flow[lp->nw++] =
			    (mc_lp_flow){f, p, t, k, buf[i], 0};
		}
	}
	if (lp->nw)
		lp->w0 = add_cols_n(P, lp->nw);
	for (int i = 0, s = 0; i < lp->nw; i++) {
		const mc_lp_flow *fl = &lp->flow[i];
		size_t key = (((size_t)fl->family * (size_t)m->nplants +
			       (size_t)fl->plant) *
				  (size_t)nd +
			      (size_t)fl->day) *
				 (size_t)m->nkinds +
			     (size_t)fl->kind;
		while ((size_t)lp->split_key[s] != key)
			s++;
		glp_set_col_bnds(P, lp->w0 + i, GLP_LO, 0, 0);
		tri_add(tr, lp->split0 + s, lp->w0 + i, -1);
		tri_add(tr, lp->cap0 + fl->resource * nd + fl->day, lp->w0 + i,
			1);
	}

	/* stock carried over */
	lp->ni = lp->nbal;
	if (lp->ni) {
		lp->i0 = add_cols_n(P, lp->ni);
		lp->i_of = mc_xmalloc((size_t)lp->ni * sizeof(int));
	}
	for (int i = 0; i < lp->ni; i++) {
		int col = lp->i0 + i, row = lp->bal0 + i;
		lp->i_of[i] = lp->bal_key[i];
		glp_set_col_bnds(P, col, GLP_LO, 0, 0);
		tri_add(tr, row, col, 1);
		if (lp->bal_key[i] % nd != nd - 1)
			tri_add(tr, row + 1, col, -1);
	}
}

mc_lp *mc_lp_new(const mc_model *m, const mc_classes *c, mc_arena *a)
{
	mc_lp *lp = mc_xcalloc(1, sizeof(*lp));
	int *buf = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	triplets tr = {0};
	lp->m = m;
	lp->c = c;
	lp->a = a;
	lp->days = m->horizon_days;
	lp->P = glp_create_prob();
	glp_set_obj_dir(lp->P, GLP_MIN);

	enumerate_x(lp, buf);
	int *split_row = plan_split(lp);
	add_rows(lp);
	add_x_cols(lp, &tr, split_row, buf);
	add_other_cols(lp, &tr, buf);
	glp_load_matrix(lp->P, tr.n, tr.ia, tr.ja, tr.ar);

	free(split_row);
	free(tr.ia);
	free(tr.ja);
	free(tr.ar);
	free(buf);
	return lp;
}

static int term_to_stderr(void *info, const char *s)
{
	(void)info;
	fputs(s, stderr);
	return 1; /* handled: keep stdout clean */
}

static int term_silent(void *info, const char *s)
{
	(void)info;
	(void)s;
	return 1;
}

static const char *status_name(int ret, int st)
{
	if (ret == GLP_ETMLIM)
		return "time limit";
	if (ret == GLP_EITLIM)
		return "iteration limit";
	switch (st) {
	case GLP_OPT:
		return "optimal";
	case GLP_FEAS:
		return "feasible";
	case GLP_NOFEAS:
		return "infeasible";
	case GLP_UNBND:
		return "unbounded";
	default:
		return "undefined";
	}
}

static void read_back(mc_lp *lp, mc_lp_result *res)
{
	const mc_model *m = lp->m;
	glp_prob *P = lp->P;
	int nd = lp->days;
	size_t nrd = (size_t)m->nresources * (size_t)nd;
	size_t nmd = (size_t)m->nplants * (size_t)m->nmaterials * (size_t)nd;
	mc_arena *a = lp->a;

	res->x = mc_arena_calloc(a, (size_t)lp->nx + 1, sizeof(mc_lp_x));
	memcpy(res->x, lp->x, (size_t)lp->nx * sizeof(mc_lp_x));
	res->nx = lp->nx;
	for (int i = 0; i < lp->nx; i++) {
		res->x[i].value = glp_get_col_prim(P, lp->x0 + i);
		res->x[i].dj = glp_get_col_dual(P, lp->x0 + i);
	}
	res->flow = mc_arena_calloc(a, (size_t)lp->nw + 1, sizeof(mc_lp_flow));
	if (lp->nw)
		memcpy(res->flow, lp->flow,
		       (size_t)lp->nw * sizeof(mc_lp_flow));
	res->nflow = lp->nw;
	for (int i = 0; i < lp->nw; i++)
		res->flow[i].minutes = glp_get_col_prim(P, lp->w0 + i);
	res->unmet = mc_arena_calloc(a, (size_t)lp->c->n + 1, sizeof(double));
	for (int c = 0; c < lp->c->n; c++)
		res->unmet[c] = glp_get_col_prim(P, lp->u0 + c);
	res->ot = mc_arena_calloc(a, nrd + 1, sizeof(double));
	for (int i = 0; i < lp->nv; i++)
		res->ot[lp->v_of[i]] = glp_get_col_prim(P, lp->v0 + i);
	res->shadow = mc_arena_calloc(a, nrd + 1, sizeof(double));
	for (size_t i = 0; i < nrd; i++) {
		double y = glp_get_row_dual(P, lp->cap0 + (int)i);
		res->shadow[i] = y < 0 ? -60.0 * y : 0;
	}
	res->mat_shadow = mc_arena_calloc(a, nmd + 1, sizeof(double));
	for (int i = 0; i < lp->nbal; i++) {
		double y = glp_get_row_dual(P, lp->bal0 + i);
		res->mat_shadow[lp->bal_key[i]] = y < 0 ? -y : 0;
	}
}

int mc_lp_solve(mc_lp *lp, const mc_lp_opts *o, mc_lp_result *res, mc_diag *d)
{
	glp_smcp parm;
	double t0 = now();
	memset(res, 0, sizeof(*res));
	glp_init_smcp(&parm);
	parm.meth = GLP_DUAL;
	parm.presolve = GLP_OFF;
	parm.msg_lev = o && o->progress ? GLP_MSG_ON : GLP_MSG_ERR;
	parm.out_frq = 2000;
	parm.out_dly = 2000;
	if (o && o->time_limit > 0)
		parm.tm_lim = o->time_limit * 1000 > 2e9
				  ? 2000000000
				  : (int)(o->time_limit * 1000);
	lp->tm_lim = parm.tm_lim < INT_MAX ? parm.tm_lim : 0;
	glp_term_hook(o && o->progress ? term_to_stderr : term_silent, NULL);

	glp_scale_prob(lp->P, GLP_SF_AUTO);
	glp_std_basis(lp->P);
	int ret = glp_simplex(lp->P, &parm);
	glp_term_hook(NULL, NULL);
	res->t_solve = now() - t0;
	res->rows = glp_get_num_rows(lp->P);
	res->cols = glp_get_num_cols(lp->P);
	res->iters = glp_get_it_cnt(lp->P);
	if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EITLIM)
		return mc_diag_error(
		    d, MC_ENOPLAN, "the LP solver failed (GLPK code %d)", ret);
	int st = glp_get_status(lp->P);
	res->status = status_name(ret, st);
	res->optimal = ret == 0 && st == GLP_OPT;
	res->primal = res->optimal || st == GLP_FEAS;
	res->obj = glp_get_obj_val(lp->P);
	/* A dual feasible basis bounds the optimum from below. */
	res->has_bound = res->optimal || glp_get_dual_stat(lp->P) == GLP_FEAS;
	res->bound = res->has_bound ? res->obj : 0;
	if (ret == 0 && st == GLP_NOFEAS)
		return mc_diag_error(d, MC_ENOPLAN,
				     "the LP has no feasible solution "
				     "(a bug: unmet units always make it "
				     "feasible)");
	read_back(lp, res);
	return 0;
}

/* Smallest tableau entry the ratio tests trust (GLPK's own default). */
#define RTEST_EPS 1e-9

/* Iterations one on-time re-solve may take: it starts one row away from
 * the optimum (53 iterations for 30 re-solves at 10k orders); a re-solve
 * that needs more says "unknown" rather than holding up the run. */
#define ONTIME_IT_LIM 5000

/* Units by which the on-time total of a class is pushed up to read its
 * price: well above GLPK's feasibility tolerance (1e-7), well below the
 * first change of basis in practice. */
#define ONTIME_STEP 1e-3

int mc_lp_class_cols(const mc_lp_x *x, int nx, int cls, int *end)
{
	int lo = 0, hi = nx;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (x[mid].cls < cls)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (*end = lo; *end < nx && x[*end].cls == cls; ++*end)
		;
	return lo;
}

/*
 * Adds the row sum val[k] x[ind[k]] >= rhs to the solved problem, re-solves
 * from the optimal basis with the dual simplex (the basis stays dual
 * feasible, only the new row is violated), reads the row's dual, then
 * removes the row and puts the optimal basis back.  Returns enum
 * mc_ontime.
 */
static int price_row(mc_lp *lp, int len, const int *ind, const double *val,
		     double rhs, double *price)
{
	glp_prob *P = lp->P;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), rc;
	int *rstat = mc_xmalloc(((size_t)nr + 1) * sizeof(int));
	int *cstat = mc_xmalloc(((size_t)nc + 1) * sizeof(int));
	for (int i = 1; i <= nr; i++)
		rstat[i] = glp_get_row_stat(P, i);
	for (int j = 1; j <= nc; j++)
		cstat[j] = glp_get_col_stat(P, j);

	int row = glp_add_rows(P, 1);
	glp_set_mat_row(P, row, len, ind, val);
	glp_set_row_bnds(P, row, GLP_LO, rhs, 0);
	glp_set_row_stat(P, row, GLP_BS);
	glp_smcp parm;
	glp_init_smcp(&parm);
	parm.meth = GLP_DUAL;
	parm.presolve = GLP_OFF;
	parm.msg_lev = GLP_MSG_OFF;
	parm.it_lim = ONTIME_IT_LIM;
	if (lp->tm_lim)
		parm.tm_lim = lp->tm_lim;
	glp_term_hook(term_silent, NULL);
	int ret = glp_simplex(P, &parm);
	glp_term_hook(NULL, NULL);
	int st = glp_get_status(P);
	if (ret == 0 && st == GLP_OPT) {
		double y = glp_get_row_dual(P, row);
		*price = y > 1e-7 ? y : 0; /* >= 0 up to the dual tolerance */
		rc = MC_ONTIME_PRICED;
	} else if (ret == 0 && st == GLP_NOFEAS) {
		rc = MC_ONTIME_FULL;
	} else {
		rc = MC_ONTIME_UNKNOWN;
	}

	int del[2] = {0, row};
	glp_del_rows(P, 1, del);
	for (int i = 1; i <= nr; i++)
		glp_set_row_stat(P, i, rstat[i]);
	for (int j = 1; j <= nc; j++)
		glp_set_col_stat(P, j, cstat[j]);
	/* refactorize and recompute the optimum's values and duals */
	if (glp_warm_up(P) != 0)
		rc = MC_ONTIME_UNKNOWN;
	free(rstat);
	free(cstat);
	return rc;
}

/* Status, bounds and value of variable k in GLPK's numbering: rows
 * (auxiliary variables) 1..nr, then columns.  Returns the reduced cost. */
static double var_info(glp_prob *P, int nr, int k, int *stat, int *type,
		       double *lb, double *ub, double *x)
{
	if (k <= nr) {
		*stat = glp_get_row_stat(P, k);
		*type = glp_get_row_type(P, k);
		*lb = glp_get_row_lb(P, k);
		*ub = glp_get_row_ub(P, k);
		*x = glp_get_row_prim(P, k);
		return glp_get_row_dual(P, k);
	}
	k -= nr;
	*stat = glp_get_col_stat(P, k);
	*type = glp_get_col_type(P, k);
	*lb = glp_get_col_lb(P, k);
	*ub = glp_get_col_ub(P, k);
	*x = glp_get_col_prim(P, k);
	return glp_get_col_dual(P, k);
}

/* How far nonbasic variable q may move in direction dir (+1 up, -1 down)
 * before it or a basic variable reaches a bound (primal ratio test). */
static double max_step(glp_prob *P, int nr, int q, int dir)
{
	int st, type, n;
	double lb, ub, x, t = INFINITY;
	var_info(P, nr, q, &st, &type, &lb, &ub, &x);
	if (type == GLP_DB)
		t = ub - lb;
	int *ind = mc_xmalloc(((size_t)nr + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)nr + 1) * sizeof(double));
	n = glp_eval_tab_col(P, q, ind, val);
	for (int i = 1; i <= n; i++) {
		double d = dir * val[i], s = INFINITY;
		var_info(P, nr, ind[i], &st, &type, &lb, &ub, &x);
		int has_lb = type == GLP_LO || type == GLP_DB || type == GLP_FX;
		int has_ub = type == GLP_UP || type == GLP_DB || type == GLP_FX;
		if (d < -RTEST_EPS && has_lb)
			s = (x - lb) / -d;
		else if (d > RTEST_EPS && has_ub)
			s = (ub - x) / d;
		if (s < t)
			t = s > 0 ? s : 0;
	}
	free(ind);
	free(val);
	return t;
}

/*
 * The price from the optimal basis alone, where that is exact: the on-time
 * row sum val[k] x[ind[k]] (columns) is written in the nonbasic variables
 * (glp_transform_row, unless none of them is basic), the dual ratio test
 * picks the cheapest move that raises it (its reduced cost per unit), and
 * the primal ratio test checks that the move goes at least ONTIME_STEP
 * before the basis changes.  Returns 1 with *price set, 0 when the basis
 * cannot tell (degenerate, or no move at all): the caller re-solves.
 */
static int basis_price(mc_lp *lp, int len, const int *cols, const double *coef,
		       double *price)
{
	glp_prob *P = lp->P;
	int nr = glp_get_num_rows(P), nc = glp_get_num_cols(P), basic = 0;
	int q = 0, dir = 0, st, type, exact = 0;
	double best = INFINITY, a_q = 0, lb, ub, x;
	if (!glp_bf_exists(P) && glp_factorize(P) != 0)
		return 0;
	int *ind = mc_xmalloc(((size_t)nc + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)nc + 1) * sizeof(double));
	for (int k = 1; k <= len; k++) {
		ind[k] = cols[k];
		val[k] = coef[k];
		basic |= glp_get_col_stat(P, cols[k]) == GLP_BS;
	}
	if (basic)
		len = glp_transform_row(P, len, ind, val);
	else
		for (int k = 1; k <= len; k++)
			ind[k] += nr;
	for (int k = 1; k <= len; k++) {
		double dj = var_info(P, nr, ind[k], &st, &type, &lb, &ub, &x);
		int d = st == GLP_NL && val[k] > RTEST_EPS    ? 1
			: st == GLP_NU && val[k] < -RTEST_EPS ? -1
							      : 0;
		if (d && dj / val[k] < best) {
			best = dj / val[k];
			q = ind[k];
			dir = d;
			a_q = val[k];
		}
	}
	if (q && max_step(P, nr, q, dir) * fabs(a_q) >= ONTIME_STEP) {
		*price = best > 1e-7 ? best : 0;
		exact = 1;
	}
	free(ind);
	free(val);
	return exact;
}

int mc_lp_ontime(mc_lp *lp, const mc_lp_result *res, int cls, double *price)
{
	const mc_model *m = lp->m;
	int due = m->orders[lp->c->v[cls].rep].due;
	int len = 0, rc;
	double now_on_time = 0;
	if (!res->optimal)
		return MC_ONTIME_UNKNOWN;
	/* the on-time total of the class, as a row over its columns */
	int end, first = mc_lp_class_cols(lp->x, lp->nx, cls, &end);
	int *ind = mc_xmalloc(((size_t)(end - first) + 1) * sizeof(int));
	double *val = mc_xmalloc(((size_t)(end - first) + 1) * sizeof(double));
	for (int i = first; i < end; i++) {
		const mc_lp_x *x = &lp->x[i];
		if (m->start + x->day + x->transit > due)
			continue;
		len++;
		ind[len] = lp->x0 + i;
		val[len] = 1;
		now_on_time += res->x[i].value;
	}
	if (!len)
		rc = MC_ONTIME_NO_SLOT;
	else if (now_on_time > lp->c->v[cls].quantity - 2 * ONTIME_STEP)
		rc = MC_ONTIME_ROUNDED;
	else if (basis_price(lp, len, ind, val, price))
		rc = MC_ONTIME_PRICED;
	else
		rc = price_row(lp, len, ind, val, now_on_time + ONTIME_STEP,
			       price);
	free(ind);
	free(val);
	return rc;
}

/* CPLEX LP names may not hold '-' and a few other characters. */
static void set_name(glp_prob *P, int is_row, int i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void set_name(glp_prob *P, int is_row, int i, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (char *s = buf; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.'))
			*s = '_';
	if (is_row)
		glp_set_row_name(P, i, buf);
	else
		glp_set_col_name(P, i, buf);
}

static void name_all(mc_lp *lp)
{
	const mc_model *m = lp->m;
	glp_prob *P = lp->P;
	int nd = lp->days, nm = m->nmaterials;
	glp_set_prob_name(P, "mcsched");
	glp_set_obj_name(P, "cost");
	for (int c = 0; c < lp->c->n; c++) {
		set_name(P, 1, lp->dem0 + c, "demand_c%d", c);
		set_name(P, 0, lp->u0 + c, "unmet_c%d", c);
	}
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < nd; t++)
			set_name(P, 1, lp->cap0 + r * nd + t, "cap_%s_d%d",
				 m->resources[r].id, t);
	for (int i = 0; i < lp->nsplit; i++)
		set_name(P, 1, lp->split0 + i, "split_%d", i);
	for (int i = 0; i < lp->nbal; i++) {
		int key = lp->bal_key[i], t = key % nd, pm = key / nd;
		set_name(P, 1, lp->bal0 + i, "stock_%s_%s_d%d",
			 m->plants[pm / nm].id, m->materials[pm % nm], t);
		set_name(P, 0, lp->i0 + i, "inv_%s_%s_d%d",
			 m->plants[pm / nm].id, m->materials[pm % nm], t);
	}
	for (int i = 0; i < lp->nx; i++)
		set_name(P, 0, lp->x0 + i, "x_c%d_%s_d%d", lp->x[i].cls,
			 m->plants[lp->x[i].plant].id, lp->x[i].day);
	for (int i = 0; i < lp->nv; i++)
		set_name(P, 0, lp->v0 + i, "ot_%s_d%d",
			 m->resources[lp->v_of[i] / nd].id, lp->v_of[i] % nd);
	for (int i = 0; i < lp->nw; i++)
		set_name(P, 0, lp->w0 + i, "w_%s_%s_d%d",
			 m->families[lp->flow[i].family].id,
			 m->resources[lp->flow[i].resource].id,
			 lp->flow[i].day);
}

int mc_lp_write(mc_lp *lp, const char *path, const char *format, mc_diag *d)
{
	int rc;
	name_all(lp);
	glp_term_hook(term_silent, NULL);
	if (strcmp(format, "lp") == 0)
		rc = glp_write_lp(lp->P, NULL, path);
	else if (strcmp(format, "mps") == 0)
		rc = glp_write_mps(lp->P, GLP_MPS_FILE, NULL, path);
	else
		rc = mc_diag_error(d, MC_EUSAGE, "unknown LP format '%s'",
				   format);
	glp_term_hook(NULL, NULL);
	if (rc > 0)
		return mc_diag_error(d, MC_EINPUT, "unable to write '%s'",
				     path);
	return rc;
}

void mc_lp_free(mc_lp *lp)
{
	if (!lp)
		return;
	glp_delete_prob(lp->P);
	free(lp->x);
	free(lp->flow);
	free(lp->v_of);
	free(lp->i_of);
	free(lp->split_key);
	free(lp->bal_key);
	free(lp->bal_row);
	free(lp);
}

void mc_lp_shutdown(void)
{
	glp_free_env();
}
