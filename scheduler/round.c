/*
 * round.c - floor + greedy repair of the LP plan (see round.h).  Scratch
 * memory is malloc'ed and freed here; results live in the caller's arena.
 */
#include "round.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_FIT_EPS

typedef struct ctx {
	const mc_model *m;
	const mc_classes *c;
	mc_int_plan *out;
	int days;
	int *res;	/* scratch: admitting resources */
	double *take;	/* scratch: minutes planned per admitting resource */
	int *remaining; /* [nclasses] units not yet placed */
} ctx;

double mc_round_room(const mc_model *m, const mc_int_plan *ip, int p, int k,
		     int f, int t, int *adm)
{
	double room = 0;
	int n = mc_model_admitting(m, p, k, f, adm);
	for (int i = 0; i < n; i++) {
		double left = mc_model_max_minutes(m, adm[i], t) -
			      ip->load[adm[i] * m->horizon_days + t];
		room += left > 0 ? left : 0;
	}
	return room;
}

int mc_round_material_short(const mc_model *m, const mc_classes *c,
			    const mc_int_plan *ip, int cls, int p, int t,
			    int *mat)
{
	int nm = m->nmaterials, nd = m->horizon_days;
	for (int k = 0; k < nm; k++) {
		double use = c->material[(size_t)cls * (size_t)nm + (size_t)k];
		if (use <= 0 || !m->plants[p].mat_listed[k])
			continue;
		size_t base = ((size_t)p * (size_t)nm + (size_t)k) * (size_t)nd;
		for (int s = t; s < nd; s++)
			if (ip->mat_cum[base + (size_t)s] + use >
			    ip->mat_avail[base + (size_t)s] + EPS) {
				*mat = k;
				return s;
			}
	}
	return -1;
}

static int family_of(const ctx *x, int cls)
{
	return x->m->orders[x->c->v[cls].rep].family;
}

static double overtime_of(const mc_resource *r, int t, double load)
{
	double ot = load / MC_MIN_PER_HOUR - r->day_hours[t];
	return ot > 0 ? ot : 0;
}

/*
 * Plans `mins` minutes of kind k for family f at plant p on day t into
 * x->res / x->take: regular hours first (the resource with most room),
 * then overtime (cheapest first).  Returns the overtime cost it adds, or
 * -1 when it does not fit.  *n gets the number of resources considered.
 */
static double plan_kind(ctx *x, int p, int t, int k, int f, double mins, int *n)
{
	const mc_model *m = x->m;
	const double *load = x->out->load;
	*n = mc_model_admitting(m, p, k, f, x->res);
	for (int i = 0; i < *n; i++)
		x->take[i] = 0;
	double left = mins;
	for (int pass = 0; pass < 2 && left > EPS; pass++) {
		while (left > EPS) {
			int pick = -1;
			double pick_room = 0;
			for (int i = 0; i < *n; i++) {
				const mc_resource *r = &m->resources[x->res[i]];
				double cap =
				    pass == 0
					? mc_model_regular_minutes(m, x->res[i],
								   t)
					: mc_model_max_minutes(m, x->res[i], t);
				double room = cap -
					      load[x->res[i] * x->days + t] -
					      x->take[i];
				if (room <= EPS)
					continue;
				int better =
				    pick < 0 ||
				    (pass == 0 ? room > pick_room
					       : r->ot_cost <
						     m->resources[x->res[pick]]
							 .ot_cost);
				if (better) {
					pick = i;
					pick_room = room;
				}
			}
			if (pick < 0)
				break;
			double amount = left < pick_room ? left : pick_room;
			x->take[pick] += amount;
			left -= amount;
		}
	}
	if (left > EPS)
		return -1;
	double cost = 0;
	for (int i = 0; i < *n; i++) {
		const mc_resource *r = &m->resources[x->res[i]];
		double l0 = load[x->res[i] * x->days + t];
		cost += (overtime_of(r, t, l0 + x->take[i]) -
			 overtime_of(r, t, l0)) *
			r->ot_cost;
	}
	return cost;
}

static void commit_kind(ctx *x, int t, int n)
{
	for (int i = 0; i < n; i++)
		x->out->load[x->res[i] * x->days + t] += x->take[i];
}

/* 1 if one more unit of cls fits the listed materials at plant p from
 * day t on (cumulative use stays within cumulative availability). */
static int material_fits(const ctx *x, int cls, int p, int t)
{
	int mat;
	return mc_round_material_short(x->m, x->c, x->out, cls, p, t, &mat) < 0;
}

static void material_commit(ctx *x, int cls, int p, int t, double units)
{
	const mc_model *m = x->m;
	int nm = m->nmaterials;
	for (int mat = 0; mat < nm; mat++) {
		double use =
		    x->c->material[(size_t)cls * (size_t)nm + (size_t)mat];
		if (use <= 0 || !m->plants[p].mat_listed[mat])
			continue;
		size_t base =
		    ((size_t)p * (size_t)nm + (size_t)mat) * (size_t)x->days;
		for (int s = t; s < x->days; s++)
			x->out->mat_cum[base + (size_t)s] += use * units;
	}
}

/* Cost of one more unit in column i (unit cost + overtime it causes), or
 * -1 when it does not fit. */
static double price_unit(ctx *x, const mc_lp_x *col)
{
	const mc_model *m = x->m;
	int f = family_of(x, col->cls), n;
	double cost = col->cost;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(x->c, col->cls, col->plant, k);
		if (mins <= 0)
			continue;
		double ot = plan_kind(x, col->plant, col->day, k, f, mins, &n);
		if (ot < 0)
			return -1;
		cost += ot;
	}
	return material_fits(x, col->cls, col->plant, col->day) ? cost : -1;
}

static void add_unit(ctx *x, const mc_lp_x *col, int i)
{
	const mc_model *m = x->m;
	int f = family_of(x, col->cls), n;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(x->c, col->cls, col->plant, k);
		if (mins <= 0)
			continue;
		double ot = plan_kind(x, col->plant, col->day, k, f, mins, &n);
		assert(ot >= 0);
		(void)ot;
		commit_kind(x, col->day, n);
	}
	material_commit(x, col->cls, col->plant, col->day, 1);
	x->out->units[i]++;
	x->remaining[col->cls]--;
}

/* Tries to add one unit in column i; 1 when added. */
static int try_unit(ctx *x, const mc_lp_x *col, int i)
{
	if (x->remaining[col->cls] <= 0)
		return 0;
	double cost = price_unit(x, col);
	double unmet = x->m->orders[x->c->v[col->cls].rep].unmet_penalty;
	if (cost < 0 || cost > unmet)
		return 0;
	add_unit(x, col, i);
	return 1;
}

/* Floors every column and loads resources in the LP's flow proportions. */
static void floor_phase(ctx *x, const mc_lp_result *lp)
{
	const mc_model *m = x->m;
	size_t np = (size_t)m->nplants, nk = (size_t)m->nkinds,
	       nd = (size_t)x->days;
	size_t nkey = (size_t)m->nfamilies * np * nd * nk;
	double *need = mc_xcalloc(nkey + 1, sizeof(double));
	double *lp_total = mc_xcalloc(nkey + 1, sizeof(double));

	for (int i = 0; i < lp->nx; i++) {
		const mc_lp_x *col = &lp->x[i];
		int n = (int)floor(col->value + EPS);
		if (n > x->remaining[col->cls])
			n = x->remaining[col->cls];
		if (n <= 0)
			continue;
		x->out->units[i] = n;
		x->remaining[col->cls] -= n;
		material_commit(x, col->cls, col->plant, col->day, n);
		int f = family_of(x, col->cls);
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_class_minutes(x->c, col->cls, col->plant, k);
			if (mins <= 0)
				continue;
			if (mc_model_admitting(m, col->plant, k, f, x->res) ==
			    1) {
				x->out->load[x->res[0] * x->days + col->day] +=
				    n * mins;
				continue;
			}
			size_t key =
			    (((size_t)f * np + (size_t)col->plant) * nd +
			     (size_t)col->day) *
				nk +
			    (size_t)k;
			need[key] += n * mins;
		}
	}
	for (int i = 0; i < lp->nflow; i++) {
		const mc_lp_flow *fl = &lp->flow[i];
		size_t key =
		    (((size_t)fl->family * np + (size_t)fl->plant) * nd +
		     (size_t)fl->day) *
			nk +
		    (size_t)fl->kind;
		lp_total[key] += fl->minutes;
	}
	for (int i = 0; i < lp->nflow; i++) {
		const mc_lp_flow *fl = &lp->flow[i];
		size_t key =
		    (((size_t)fl->family * np + (size_t)fl->plant) * nd +
		     (size_t)fl->day) *
			nk +
		    (size_t)fl->kind;
		if (lp_total[key] <= EPS)
			continue;
		double share = fl->minutes / lp_total[key];
		x->out->load[fl->resource * x->days + fl->day] +=
		    need[key] * share;
	}
	/* Minutes the LP had no flow for (tolerance edge): place greedily. */
	for (size_t key = 0; key < nkey; key++) {
		if (need[key] <= EPS || lp_total[key] > EPS)
			continue;
		int k = (int)(key % nk), t = (int)(key / nk % nd);
		int p = (int)(key / nk / nd % np),
		    f = (int)(key / nk / nd / np);
		int n;
		if (plan_kind(x, p, t, k, f, need[key], &n) >= 0)
			commit_kind(x, t, n);
	}
	free(need);
	free(lp_total);
}

typedef struct sort_item {
	double key;
	int idx;
} sort_item;

static int by_key_desc(const void *a, const void *b)
{
	const sort_item *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return x->idx - y->idx;
}

static int by_key_asc(const void *a, const void *b)
{
	return -by_key_desc(a, b);
}

static void repair_phase(ctx *x, const mc_lp_result *lp)
{
	const mc_classes *c = x->c;
	sort_item *items = mc_xmalloc(((size_t)lp->nx + 1) * sizeof(*items));
	int n = 0;

	/* A: where the LP left a fraction, largest first */
	for (int i = 0; i < lp->nx; i++) {
		double frac = lp->x[i].value - x->out->units[i];
		if (frac > EPS)
			items[n++] = (sort_item){frac, i};
	}
	qsort(items, (size_t)n, sizeof(*items), by_key_desc);
	for (int j = 0; j < n; j++)
		try_unit(x, &lp->x[items[j].idx], items[j].idx);

	/* B: classes by unmet penalty, each over its columns cheapest first.
	 * Columns of a class are contiguous (built class by class). */
	int *first = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	int *count = mc_xcalloc((size_t)c->n + 1, sizeof(int));
	for (int i = lp->nx - 1; i >= 0; i--) {
		first[lp->x[i].cls] = i;
		count[lp->x[i].cls]++;
	}
	sort_item *cls = mc_xmalloc(((size_t)c->n + 1) * sizeof(*cls));
	for (int k = 0; k < c->n; k++)
		cls[k] =
		    (sort_item){x->m->orders[c->v[k].rep].unmet_penalty, k};
	qsort(cls, (size_t)c->n, sizeof(*cls), by_key_desc);
	for (int k = 0; k < c->n; k++) {
		int cl = cls[k].idx;
		if (x->remaining[cl] <= 0 || !count[cl])
			continue;
		n = 0;
		for (int i = first[cl]; i < first[cl] + count[cl]; i++)
			items[n++] = (sort_item){lp->x[i].cost, i};
		qsort(items, (size_t)n, sizeof(*items), by_key_asc);
		for (int j = 0; j < n && x->remaining[cl] > 0; j++)
			while (try_unit(x, &lp->x[items[j].idx], items[j].idx))
				;
	}
	free(cls);
	free(first);
	free(count);
	free(items);
}

/* The resource of the column's longest operation with most load that day. */
static void attribute(ctx *x, const mc_lp_result *lp)
{
	const mc_model *m = x->m;
	for (int i = 0; i < lp->nx; i++) {
		const mc_lp_x *col = &lp->x[i];
		x->out->resource[i] = -1;
		if (!x->out->units[i])
			continue;
		int kbest = -1;
		double mbest = 0;
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_class_minutes(x->c, col->cls, col->plant, k);
			if (mins > mbest) {
				mbest = mins;
				kbest = k;
			}
		}
		if (kbest < 0)
			continue;
		int n = mc_model_admitting(m, col->plant, kbest,
					   family_of(x, col->cls), x->res);
		double lbest = -1;
		for (int j = 0; j < n; j++) {
			double l = x->out->load[x->res[j] * x->days + col->day];
			if (l > lbest) {
				lbest = l;
				x->out->resource[i] = x->res[j];
			}
		}
	}
}

static void init_materials(ctx *x, mc_arena *a)
{
	const mc_model *m = x->m;
	size_t nm = (size_t)m->nmaterials, nd = (size_t)x->days;
	size_t n = (size_t)m->nplants * nm * nd;
	x->out->mat_cum = mc_arena_calloc(a, n + 1, sizeof(double));
	x->out->mat_avail = mc_arena_calloc(a, n + 1, sizeof(double));
	for (int p = 0; p < m->nplants; p++)
		for (size_t mat = 0; mat < nm; mat++) {
			const mc_plant *pl = &m->plants[p];
			if (!pl->mat_listed[mat])
				continue;
			double have = pl->mat_stock[mat];
			size_t base = ((size_t)p * nm + mat) * nd;
			for (size_t t = 0; t < nd; t++) {
				have += pl->mat_receipts[mat * nd + t];
				x->out->mat_avail[base + t] = have;
			}
		}
}

void mc_round(const mc_model *m, const mc_classes *c, const mc_lp_result *lp,
	      mc_arena *a, mc_int_plan *out)
{
	ctx x = {m, c, out, m->horizon_days, NULL, NULL, NULL};
	size_t nrd = (size_t)m->nresources * (size_t)m->horizon_days;
	memset(out, 0, sizeof(*out));
	out->units = mc_arena_calloc(a, (size_t)lp->nx + 1, sizeof(int));
	out->resource = mc_arena_calloc(a, (size_t)lp->nx + 1, sizeof(int));
	out->unmet = mc_arena_calloc(a, (size_t)c->n + 1, sizeof(int));
	out->load = mc_arena_calloc(a, nrd + 1, sizeof(double));
	init_materials(&x, a);
	x.res = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	x.take = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(double));
	x.remaining = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	for (int k = 0; k < c->n; k++)
		x.remaining[k] = c->v[k].quantity;

	floor_phase(&x, lp);
	repair_phase(&x, lp);
	attribute(&x, lp);
	for (int k = 0; k < c->n; k++)
		out->unmet[k] = x.remaining[k];
	free(x.res);
	free(x.take);
	free(x.remaining);
}
