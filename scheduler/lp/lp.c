/*
 * lp.c - the class LP's rows and columns (see lp.h): enumerating the
 * slots, emitting the LP into a solver-neutral mc_lpm, pricing a slot under
 * given duals and reading a solution back into an mc_lp_result.
 */
#include "lp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct mc_lp {
	const mc_model *m;
	const mc_classes *c;
	int days;
	mc_lp_x *x; /* [nx] slots */
	int nx;
	mc_lp_flow *flow; /* [nw] */
	int nw;
	int *v_of; /* [nv] resource-day index r*days+t */
	int nv;
	int *ot_col;	    /* [nresources*days] overtime column or -1 */
	int *split_key;	    /* [nsplit] ((f*np+p)*days+t)*nk+k */
	int nsplit;	    /* split rows */
	int *split_row;	    /* dense (f,p,t,k) -> split row + 1, or 0 */
	int nbal;	    /* stock balance rows */
	int *bal_key;	    /* [nbal] (p*nmat+mat)*days+t */
	int *bal_first;	    /* [np*nmat] first balance row + 1, or 0 */
	int *adm;	    /* [np*nk*nf] admitting resources: count */
	int *adm_first;	    /* [np*nk*nf] the first one */
	int dem0, cap0;	    /* first demand row, first capacity row */
	int split0, bal0;   /* first split row, first balance row */
	int u0, v0, w0, i0; /* first column of each kind */
	int *ent_row;	    /* scratch for slot_entries() */
	double *ent_val;
};

/* Key of a (family, plant, day, kind) quadruple. */
static size_t fptk(const mc_lp *lp, int f, int p, int t, int k)
{
	const mc_model *m = lp->m;
	return (((size_t)f * (size_t)m->nplants + (size_t)p) *
		    (size_t)lp->days +
		(size_t)t) *
		   (size_t)m->nkinds +
	       (size_t)k;
}

static size_t pkf(const mc_lp *lp, int p, int k, int f)
{
	const mc_model *m = lp->m;
	return ((size_t)p * (size_t)m->nkinds + (size_t)k) *
		   (size_t)m->nfamilies +
	       (size_t)f;
}

static int family_of(const mc_lp *lp, int cls)
{
	return lp->m->orders[lp->c->v[cls].rep].family;
}

/* 1 if every kind class cls needs at p has some hours on day t. */
static int day_usable(const mc_lp *lp, int cls, int p, int t, int *buf)
{
	const mc_model *m = lp->m;
	int f = family_of(lp, cls);
	for (int k = 0; k < m->nkinds; k++) {
		if (mc_class_minutes(lp->c, cls, p, k) <= 0)
			continue;
		int n = mc_model_admitting(m, p, k, f, buf);
		double mins = 0;
		for (int i = 0; i < n; i++)
			mins += mc_model_max_minutes(m, buf[i], t);
		if (mins <= 0)
			return 0;
	}
	return 1;
}

static void push_slot(mc_lp *lp, int *cap, mc_lp_x x)
{
	if (lp->nx == *cap) {
		*cap *= 2;
		lp->x = mc_xrealloc(lp->x, (size_t)*cap * sizeof(mc_lp_x));
	}
	lp->x[lp->nx++] = x;
}

/* After the ordinary slot x: its kept slot when the published plan has
 * units of the class there (c->keep from *k on, in slot order). */
static void push_kept(mc_lp *lp, int *cap, const mc_lp_x *x, int *k)
{
	const mc_classes *c = lp->c;
	const mc_keep *kp = c->keep;
	while (*k < c->nkeep &&
	       (c->class_of[kp[*k].order] < x->cls ||
		(c->class_of[kp[*k].order] == x->cls &&
		 (kp[*k].plant < x->plant ||
		  (kp[*k].plant == x->plant && kp[*k].day < x->day)))))
		(*k)++; /* a published place the new LP has no slot for */
	mc_lp_x kx = *x;
	kx.keep = *k;
	while (*k < c->nkeep && c->class_of[kp[*k].order] == x->cls &&
	       kp[*k].plant == x->plant && kp[*k].day == x->day) {
		kx.kept += kp[*k].units;
		kx.nkeep++;
		(*k)++;
	}
	if (kx.nkeep == 0 || lp->m->stability_cost <= 0)
		return;
	if (kx.kept > c->v[x->cls].quantity)
		kx.kept = c->v[x->cls].quantity;
	kx.cost -= lp->m->stability_cost;
	push_slot(lp, cap, kx);
}

static void enumerate_x(mc_lp *lp, int *buf)
{
	const mc_model *m = lp->m;
	const mc_classes *c = lp->c;
	int cap = 1024, k = 0;
	lp->x = mc_xmalloc((size_t)cap * sizeof(mc_lp_x));
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
				mc_lp_x x = {
				    .cls = cls,
				    .plant = p,
				    .day = t,
				    .transit = s,
				    .cost = c->fixed[cp] +
					    mc_model_unit_day_cost(m, o, t, s),
				};
				push_slot(lp, &cap, x);
				push_kept(lp, &cap, &x, &k);
			}
		}
	}
}

/* The admitting resources of every (plant, kind, family), once. */
static void tabulate_admitting(mc_lp *lp, int *buf)
{
	const mc_model *m = lp->m;
	size_t n =
	    (size_t)m->nplants * (size_t)m->nkinds * (size_t)m->nfamilies;
	lp->adm = mc_xcalloc(n + 1, sizeof(int));
	lp->adm_first = mc_xcalloc(n + 1, sizeof(int));
	for (int p = 0; p < m->nplants; p++)
		for (int k = 0; k < m->nkinds; k++)
			for (int f = 0; f < m->nfamilies; f++) {
				size_t i = pkf(lp, p, k, f);
				lp->adm[i] =
				    mc_model_admitting(m, p, k, f, buf);
				lp->adm_first[i] = lp->adm[i] ? buf[0] : -1;
			}
}

/* Adds the split row of group key unless it has one. */
static void add_split(mc_lp *lp, size_t key, int *cap)
{
	if (lp->split_row[key])
		return;
	if (lp->nsplit == *cap) {
		*cap *= 2;
		lp->split_key =
		    mc_xrealloc(lp->split_key, (size_t)*cap * sizeof(int));
	}
	lp->split_key[lp->nsplit++] = (int)key;
	lp->split_row[key] = lp->nsplit; /* 1-based */
}

/* Split rows: one per (f,p,t,k) some slot needs where several resources
 * of kind k admit f at p, and one per group of frozen minutes the LP
 * places (mc_fixmin). */
static void plan_split(mc_lp *lp)
{
	const mc_model *m = lp->m;
	size_t nkey = (size_t)m->nfamilies * (size_t)m->nplants *
		      (size_t)lp->days * (size_t)m->nkinds;
	int cap = 256;
	lp->split_row = mc_xcalloc(nkey + 1, sizeof(int));
	lp->split_key = mc_xmalloc((size_t)cap * sizeof(int));
	for (int i = 0; i < lp->nx; i++) {
		const mc_lp_x *x = &lp->x[i];
		int f = family_of(lp, x->cls);
		for (int k = 0; k < m->nkinds; k++) {
			if (mc_class_minutes(lp->c, x->cls, x->plant, k) <= 0)
				continue;
			if (lp->adm[pkf(lp, x->plant, k, f)] < 2)
				continue;
			add_split(lp, fptk(lp, f, x->plant, x->day, k), &cap);
		}
	}
	for (int i = 0; i < m->nfixmin; i++) {
		const mc_fixmin *fm = &m->fixmin[i];
		add_split(lp,
			  fptk(lp, fm->family, fm->plant, fm->day, fm->kind),
			  &cap);
	}
}

/* Flows: one per split row and admitting resource with hours that day. */
static void plan_flows(mc_lp *lp, int *buf)
{
	const mc_model *m = lp->m;
	int nd = lp->days, cap = lp->nsplit * 2 + 1;
	lp->flow = mc_xmalloc((size_t)cap * sizeof(mc_lp_flow));
	for (int s = 0; s < lp->nsplit; s++) {
		int key = lp->split_key[s];
		int k = key % m->nkinds, rest = key / m->nkinds;
		int t = rest % nd;
		rest /= nd;
		int p = rest % m->nplants, f = rest / m->nplants;
		int n = mc_model_admitting(m, p, k, f, buf);
		for (int i = 0; i < n; i++) {
			if (mc_model_max_minutes(m, buf[i], t) <= 0)
				continue;
			if (lp->nw == cap) {
				cap *= 2;
				lp->flow = mc_xrealloc(
				    lp->flow, (size_t)cap * sizeof(mc_lp_flow));
			}
			lp->flow[lp->nw++] = (mc_lp_flow){
			    .family = f,
			    .plant = p,
			    .day = t,
			    .kind = k,
			    .resource = buf[i],
			};
		}
	}
}

static void plan_other(mc_lp *lp)
{
	const mc_model *m = lp->m;
	int nd = lp->days, nm = m->nmaterials;
	size_t nrd = (size_t)m->nresources * (size_t)nd;
	lp->v_of = mc_xmalloc((nrd + 1) * sizeof(int));
	lp->ot_col = mc_xmalloc((nrd + 1) * sizeof(int));
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < nd; t++)
			if (m->resources[r].day_ot[t] > 0)
				lp->v_of[lp->nv++] = r * nd + t;
	lp->bal_first =
	    mc_xcalloc((size_t)m->nplants * (size_t)nm + 1, sizeof(int));
	for (int p = 0; p < m->nplants; p++)
		for (int mat = 0; mat < nm; mat++)
			if (m->plants[p].mat_listed[mat]) {
				lp->bal_first[p * nm + mat] = lp->nbal + 1;
				lp->nbal += nd;
			}
	lp->bal_key = mc_xmalloc(((size_t)lp->nbal + 1) * sizeof(int));
	for (int pm = 0; pm < m->nplants * nm; pm++)
		for (int t = 0; lp->bal_first[pm] && t < nd; t++)
			lp->bal_key[lp->bal_first[pm] - 1 + t] = pm * nd + t;
}

mc_lp *mc_lp_new(const mc_model *m, const mc_classes *c)
{
	mc_lp *lp = mc_xcalloc(1, sizeof(*lp));
	int *buf = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	lp->m = m;
	lp->c = c;
	lp->days = m->horizon_days;
	tabulate_admitting(lp, buf);
	enumerate_x(lp, buf);
	plan_split(lp);
	plan_flows(lp, buf);
	plan_other(lp);
	/* a slot's nonzeros: demand, a row per kind, a row per material */
	size_t ne = 1 + (size_t)m->nkinds + (size_t)m->nmaterials;
	lp->ent_row = mc_xmalloc(ne * sizeof(int));
	lp->ent_val = mc_xmalloc(ne * sizeof(double));
	free(buf);
	return lp;
}

void mc_lp_free(mc_lp *lp)
{
	if (!lp)
		return;
	free(lp->x);
	free(lp->flow);
	free(lp->v_of);
	free(lp->ot_col);
	free(lp->split_key);
	free(lp->split_row);
	free(lp->bal_key);
	free(lp->bal_first);
	free(lp->adm);
	free(lp->adm_first);
	free(lp->ent_row);
	free(lp->ent_val);
	free(lp);
}

const mc_lp_x *mc_lp_slots(const mc_lp *lp, int *n)
{
	*n = lp->nx;
	return lp->x;
}

int mc_lp_full_cols(const mc_lp *lp)
{
	return lp->c->n + lp->nv + lp->nw + lp->nbal + lp->nx;
}

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

int mc_lp_demand_row(const mc_lp *lp, int c)
{
	return lp->dem0 + c;
}

int mc_lp_unmet_col(const mc_lp *lp, int c)
{
	return lp->u0 + c;
}

void mc_lp_row_id(const mc_lp *lp, int i, int *part, int *cls, long long *key)
{
	*cls = -1;
	*key = 0;
	if (i < lp->cap0) {
		*part = MC_LP_DEMAND;
		*cls = i - lp->dem0;
	} else if (i < lp->split0) {
		*part = MC_LP_CAP;
		*key = i - lp->cap0;
	} else if (i < lp->bal0) {
		*part = MC_LP_SPLIT;
		*key = lp->split_key[i - lp->split0];
	} else {
		*part = MC_LP_BALANCE;
		*key = lp->bal_key[i - lp->bal0];
	}
}

void mc_lp_col_id(const mc_lp *lp, int j, int *part, int *cls, long long *key)
{
	*cls = -1;
	*key = 0;
	if (j < lp->v0) {
		*part = MC_LP_UNMET;
		*cls = j - lp->u0;
	} else if (j < lp->w0) {
		*part = MC_LP_OT;
		*key = lp->v_of[j - lp->v0];
	} else if (j < lp->i0) {
		const mc_lp_flow *fl = &lp->flow[j - lp->w0];
		*part = MC_LP_FLOW;
		*key = (long long)fptk(lp, fl->family, fl->plant, fl->day,
				       fl->kind) *
			   lp->m->nresources +
		       fl->resource;
	} else {
		*part = MC_LP_STOCK;
		*key = lp->bal_key[j - lp->i0];
	}
}

int mc_lp_first_slot_col(const mc_lp *lp)
{
	return lp->i0 + lp->nbal;
}

int mc_lp_cap_row(const mc_lp *lp, int r, int t)
{
	return lp->cap0 + r * lp->days + t;
}

int mc_lp_ot_col(const mc_lp *lp, int r, int t)
{
	return lp->ot_col[r * lp->days + t];
}

static void emit_rows(mc_lp *lp, mc_lpm *l)
{
	const mc_model *m = lp->m;
	int nc = lp->c->n, nr = m->nresources, nd = lp->days,
	    nm = m->nmaterials;

	lp->dem0 = mc_lpm_add_rows(l, nc);
	for (int c = 0; c < nc; c++) {
		int q = lp->c->v[c].quantity;
		mc_lpm_set_row(l, lp->dem0 + c, MC_BND_FX, q, q);
		mc_lpm_name(l, 1, lp->dem0 + c, "demand_c%d", c);
	}
	lp->cap0 = mc_lpm_add_rows(l, nr * nd);
	for (int r = 0; r < nr; r++)
		for (int t = 0; t < nd; t++) {
			int row = lp->cap0 + r * nd + t;
			mc_lpm_set_row(l, row, MC_BND_UP, 0,
				       mc_model_regular_minutes(m, r, t));
			mc_lpm_name(l, 1, row, "cap_%s_d%d", m->resources[r].id,
				    t);
		}
	/* split: the slots' minutes - the flows = - the frozen minutes */
	lp->split0 = mc_lpm_add_rows(l, lp->nsplit);
	for (int i = 0; i < lp->nsplit; i++) {
		mc_lpm_set_row(l, lp->split0 + i, MC_BND_FX, 0, 0);
		mc_lpm_name(l, 1, lp->split0 + i, "split_%d", i);
	}
	for (int i = 0; i < m->nfixmin; i++) {
		const mc_fixmin *fm = &m->fixmin[i];
		int row = lp->split0 +
			  lp->split_row[fptk(lp, fm->family, fm->plant, fm->day,
					     fm->kind)] -
			  1;
		mc_lpm_set_row(l, row, MC_BND_FX, -fm->minutes, -fm->minutes);
	}
	/* stock balance: I[t] - I[t-1] + use[t] = receipts[t] (+ stock) */
	lp->bal0 = mc_lpm_add_rows(l, lp->nbal);
	for (int i = 0; i < lp->nbal; i++) {
		int key = lp->bal_key[i], t = key % nd, pm = key / nd;
		const mc_plant *pl = &m->plants[pm / nm];
		int mat = pm % nm;
		double rhs = pl->mat_receipts[mat * nd + t];
		if (t == 0)
			rhs += pl->mat_stock[mat];
		mc_lpm_set_row(l, lp->bal0 + i, MC_BND_FX, rhs, rhs);
		mc_lpm_name(l, 1, lp->bal0 + i, "stock_%s_%s_d%d", pl->id,
			    m->materials[mat], t);
	}
}

void mc_lp_emit(mc_lp *lp, mc_lpm *l)
{
	const mc_model *m = lp->m;
	int nd = lp->days, nc = lp->c->n, nm = m->nmaterials;

	emit_rows(lp, l);
	lp->u0 = l->ncols;
	for (int c = 0; c < nc; c++) {
		int col =
		    mc_lpm_add_col(l, MC_BND_LO, 0, 0,
				   m->orders[lp->c->v[c].rep].unmet_penalty);
		mc_lpm_add_nz(l, lp->dem0 + c, col, 1);
		mc_lpm_name(l, 0, col, "unmet_c%d", c);
	}
	lp->v0 = l->ncols;
	for (size_t i = 0; i < (size_t)m->nresources * (size_t)nd; i++)
		lp->ot_col[i] = -1;
	for (int i = 0; i < lp->nv; i++) {
		int r = lp->v_of[i] / nd, t = lp->v_of[i] % nd;
		const mc_resource *res = &m->resources[r];
		int col = mc_lpm_add_col(l, MC_BND_DB, 0, res->day_ot[t],
					 res->ot_cost);
		mc_lpm_add_nz(l, lp->cap0 + lp->v_of[i], col, -MC_MIN_PER_HOUR);
		mc_lpm_name(l, 0, col, "ot_%s_d%d", res->id, t);
		lp->ot_col[lp->v_of[i]] = col;
	}
	lp->w0 = l->ncols;
	for (int i = 0; i < lp->nw; i++) {
		const mc_lp_flow *fl = &lp->flow[i];
		size_t key = fptk(lp, fl->family, fl->plant, fl->day, fl->kind);
		int col = mc_lpm_add_col(l, MC_BND_LO, 0, 0, 0);
		mc_lpm_add_nz(l, lp->split0 + lp->split_row[key] - 1, col, -1);
		mc_lpm_add_nz(l, lp->cap0 + fl->resource * nd + fl->day, col,
			      1);
		mc_lpm_name(l, 0, col, "w_%s_%s_d%d",
			    m->families[fl->family].id,
			    m->resources[fl->resource].id, fl->day);
	}
	/* stock carried over */
	lp->i0 = l->ncols;
	for (int i = 0; i < lp->nbal; i++) {
		int key = lp->bal_key[i], pm = key / nd;
		int col = mc_lpm_add_col(l, MC_BND_LO, 0, 0, 0);
		mc_lpm_add_nz(l, lp->bal0 + i, col, 1);
		if (key % nd != nd - 1)
			mc_lpm_add_nz(l, lp->bal0 + i + 1, col, -1);
		mc_lpm_name(l, 0, col, "inv_%s_%s_d%d", m->plants[pm / nm].id,
			    m->materials[pm % nm], key % nd);
	}
}

/* The nonzeros of slot i's column: demand, capacity or split rows, stock
 * balance rows.  rows/vals need room for 1 + nkinds + nmaterials. */
static int slot_entries(const mc_lp *lp, int i, int *rows, double *vals)
{
	const mc_model *m = lp->m;
	const mc_lp_x *x = &lp->x[i];
	int f = family_of(lp, x->cls), nm = m->nmaterials, n = 0;
	rows[n] = lp->dem0 + x->cls;
	vals[n++] = 1;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(lp->c, x->cls, x->plant, k);
		if (mins <= 0)
			continue;
		size_t a = pkf(lp, x->plant, k, f);
		if (lp->adm[a] == 1)
			rows[n] =
			    lp->cap0 + lp->adm_first[a] * lp->days + x->day;
		else
			rows[n] =
			    lp->split0 +
			    lp->split_row[fptk(lp, f, x->plant, x->day, k)] - 1;
		vals[n++] = mins;
	}
	for (int mat = 0; mat < nm; mat++) {
		int b = lp->bal_first[x->plant * nm + mat];
		double use =
		    lp->c->material[(size_t)x->cls * (size_t)nm + (size_t)mat];
		if (b && use > 0) {
			rows[n] = lp->bal0 + b - 1 + x->day;
			vals[n++] = use;
		}
	}
	return n;
}

int mc_lp_emit_slot(const mc_lp *lp, mc_lpm *l, int i)
{
	const mc_model *m = lp->m;
	int *rows = lp->ent_row;
	double *vals = lp->ent_val;
	const mc_lp_x *x = &lp->x[i];
	int n = slot_entries(lp, i, rows, vals);
	int col = x->kept ? mc_lpm_add_col(l, MC_BND_DB, 0, x->kept, x->cost)
			  : mc_lpm_add_col(l, MC_BND_LO, 0, 0, x->cost);
	for (int k = 0; k < n; k++)
		mc_lpm_add_nz(l, rows[k], col, vals[k]);
	mc_lpm_name(l, 0, col, "%s_c%d_%s_d%d", x->kept ? "k" : "x", x->cls,
		    m->plants[x->plant].id, x->day);
	return col;
}

/* Union-find root of row r, halving the path on the way. */
static int root_of(int *up, int r)
{
	while (up[r] != r)
		r = up[r] = up[up[r]];
	return r;
}

static void join(int *up, int a, int b)
{
	a = root_of(up, a);
	b = root_of(up, b);
	if (a != b)
		up[a > b ? a : b] = a < b ? a : b; /* the first row leads */
}

int mc_lp_blocks(const mc_lp *lp, const mc_lpm *l, int *row_block)
{
	int nr = l->nrows, nb = 0;
	int *up = mc_xmalloc(((size_t)nr + 1) * sizeof(int));
	unsigned char *used = mc_xcalloc((size_t)nr + 1, 1);
	for (int r = 0; r < nr; r++)
		up[r] = r;
	for (int k = 0; k < l->nnz; k++) {
		/* triplets come column by column: join each to its column's first */
		int first = k > 0 && l->tj[k - 1] == l->tj[k] ? l->ti[k - 1]
							       : l->ti[k];
		join(up, first, l->ti[k]);
		used[l->ti[k]] = 1;
	}
	for (int i = 0; i < lp->nx; i++) {
		int n = slot_entries(lp, i, lp->ent_row, lp->ent_val);
		for (int k = 0; k < n; k++) {
			join(up, lp->ent_row[0], lp->ent_row[k]);
			used[lp->ent_row[k]] = 1;
		}
	}
	/* roots are each block's first row: number them in row order */
	for (int r = 0; r < nr; r++)
		if (root_of(up, r) == r && used[r])
			row_block[r] = nb++;
	for (int r = 0; r < nr; r++) {
		int q = root_of(up, r);
		row_block[r] = used[q] || q != r ? row_block[q] : 0;
	}
	free(up);
	free(used);
	return nb ? nb : 1;
}

double mc_lp_reduced_cost(const mc_lp *lp, int i, const double *row_dual)
{
	int *rows = lp->ent_row;
	double *vals = lp->ent_val;
	int n = slot_entries(lp, i, rows, vals);
	double d = lp->x[i].cost;
	for (int k = 0; k < n; k++)
		d -= vals[k] * row_dual[rows[k]];
	return d;
}

void mc_lp_read(mc_lp *lp, const int *col_of, const double *dj,
		const double *col_prim, const double *col_dual,
		const double *row_dual, mc_arena *a, mc_lp_result *res)
{
	const mc_model *m = lp->m;
	int nd = lp->days;
	size_t nrd = (size_t)m->nresources * (size_t)nd;
	size_t nmd = (size_t)m->nplants * (size_t)m->nmaterials * (size_t)nd;

	res->x = lp->x;
	res->nx = lp->nx;
	for (int i = 0; i < lp->nx; i++) {
		int col = col_of[i];
		res->x[i].value = col >= 0 ? col_prim[col] : 0;
		res->x[i].dj = col >= 0 ? col_dual[col] : dj[i];
	}
	res->flow = mc_arena_calloc(a, (size_t)lp->nw + 1, sizeof(mc_lp_flow));
	if (lp->nw)
		memcpy(res->flow, lp->flow,
		       (size_t)lp->nw * sizeof(mc_lp_flow));
	res->nflow = lp->nw;
	for (int i = 0; i < lp->nw; i++)
		res->flow[i].minutes = col_prim[lp->w0 + i];
	res->unmet = mc_arena_calloc(a, (size_t)lp->c->n + 1, sizeof(double));
	for (int c = 0; c < lp->c->n; c++)
		res->unmet[c] = col_prim[lp->u0 + c];
	res->ot = mc_arena_calloc(a, nrd + 1, sizeof(double));
	for (int i = 0; i < lp->nv; i++)
		res->ot[lp->v_of[i]] = col_prim[lp->v0 + i];
	res->shadow = mc_arena_calloc(a, nrd + 1, sizeof(double));
	for (size_t i = 0; i < nrd; i++) {
		double y = row_dual[lp->cap0 + (int)i];
		res->shadow[i] = y < 0 ? -MC_MIN_PER_HOUR * y : 0;
	}
	res->mat_shadow = mc_arena_calloc(a, nmd + 1, sizeof(double));
	for (int i = 0; i < lp->nbal; i++) {
		double y = row_dual[lp->bal0 + i];
		res->mat_shadow[lp->bal_key[i]] = y < 0 ? -y : 0;
	}
}
