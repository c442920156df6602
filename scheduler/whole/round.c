/*
 * round.c - the plan of whole units (see round.h): floor + greedy repair
 * of the LP's point (mc_round()), the published plan kept
 * (mc_round_kept()), and what a whole plan costs (mc_round_cost(),
 * mc_round_cost_least()); with the fit and placement helpers the local
 * improvement (round_improve.c) shares through round_impl.h.  Scratch
 * memory is malloc'ed and freed here; results live in the caller's arena.
 */
#include "round.h"
#include "round_impl.h"
#include "tolerance.h"
#include "mcf.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_FIT_EPS

/* Adds mins to resource-day rd (and flow j when j >= 0), logged. */
void round_add_minutes(round_ctx *x, size_t rd, int j, double mins)
{
	x->out->load[rd] += mins;
	if (j >= 0)
		x->out->fmin[j] += mins;
	if (!x->log)
		return;
	if (x->nlog == x->caplog) {
		x->caplog *= 2;
		x->log =
		    mc_xrealloc(x->log, (size_t)x->caplog * sizeof(*x->log));
	}
	x->log[x->nlog++] = (round_log){rd, j, mins};
}

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

/*
 * Plans `mins` minutes of kind k for family f at plant p on day t into
 * x->res / x->take: regular hours first (the resource with most room),
 * then overtime (cheapest first).  Returns the overtime cost it adds, or
 * -1 when it does not fit.  *n gets the number of resources considered.
 */
static double plan_kind(round_ctx *x, int p, int t, int k, int f, double mins,
			int *n)
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
		cost += (round_overtime(r, t, l0 + x->take[i]) -
			 round_overtime(r, t, l0)) *
			r->ot_cost;
	}
	return cost;
}

size_t mc_round_group(const mc_model *m, int f, int p, int t, int k)
{
	return (((size_t)f * (size_t)m->nplants + (size_t)p) *
		    (size_t)m->horizon_days +
		(size_t)t) *
		   (size_t)m->nkinds +
	       (size_t)k;
}

int mc_round_group_flows(const mc_model *m, const mc_int_plan *ip, size_t g,
			 int *end)
{
	int first = ip->kfirst[g] - 1, j = first;
	while (j >= 0 && j < ip->nflow &&
	       mc_round_group(m, ip->flow[j].family, ip->flow[j].plant,
			      ip->flow[j].day, ip->flow[j].kind) == g)
		j++;
	*end = j < first ? first : j;
	return first;
}

/* The flow of family f on resource r in its group, or -1. */
static int flow_of(const round_ctx *x, size_t g, int r)
{
	int end;
	for (int j = mc_round_group_flows(x->m, x->out, g, &end); j < end; j++)
		if (x->out->flow[j].resource == r)
			return j;
	return -1;
}

/* Puts the minutes plan_kind() planned for family f's kind k at plant p
 * on day t onto the resources, and onto its flows where it has several. */
static void commit_kind(round_ctx *x, int p, int t, int k, int f, int n)
{
	size_t g = mc_round_group(x->m, f, p, t, k);
	for (int i = 0; i < n; i++) {
		int j = n > 1 && x->take[i] > 0 ? flow_of(x, g, x->res[i]) : -1;
		if (x->take[i] > 0)
			round_add_minutes(
			    x, (size_t)x->res[i] * (size_t)x->days + (size_t)t,
			    j, x->take[i]);
	}
}

/* Puts mins minutes of family f's kind k at plant p on day t on the
 * admitting resource with the most room, whether or not they fit: frozen
 * units' minutes (mc_fixmin) that an LP stopped without a plan did not
 * place.  The plan then overfills that day, as its conflicts say. */
static void force_kind(round_ctx *x, int p, int t, int k, int f, double mins)
{
	const mc_model *m = x->m;
	int n = mc_model_admitting(m, p, k, f, x->res), best = -1;
	double room = -INFINITY;
	for (int i = 0; i < n; i++) {
		double left = mc_model_max_minutes(m, x->res[i], t) -
			      x->out->load[x->res[i] * x->days + t];
		if (left > room)
			room = left, best = x->res[i];
	}
	if (best < 0)
		return;
	size_t g = mc_round_group(m, f, p, t, k);
	round_add_minutes(x, (size_t)best * (size_t)x->days + (size_t)t,
			  n > 1 ? flow_of(x, g, best) : -1, mins);
}

/* 1 if one more unit of cls fits the listed materials at plant p from
 * day t on (cumulative use stays within cumulative availability). */
static int material_fits(const round_ctx *x, int cls, int p, int t)
{
	int mat;
	return mc_round_material_short(x->m, x->c, x->out, cls, p, t, &mat) < 0;
}

void round_material_commit(round_ctx *x, int cls, int p, int t, double units)
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
 * -1 when it does not fit (round_impl.h). */
double round_price_unit(round_ctx *x, const mc_lp_x *col)
{
	const mc_model *m = x->m;
	int f = round_family(x, col->cls), n;
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

void round_add_unit(round_ctx *x, const mc_lp_x *col, int i)
{
	const mc_model *m = x->m;
	int f = round_family(x, col->cls), n;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(x->c, col->cls, col->plant, k);
		if (mins <= 0)
			continue;
		double ot = plan_kind(x, col->plant, col->day, k, f, mins, &n);
		assert(ot >= 0);
		(void)ot;
		commit_kind(x, col->plant, col->day, k, f, n);
	}
	round_material_commit(x, col->cls, col->plant, col->day, 1);
	x->out->units[i]++;
	x->remaining[col->cls]--;
}

/* Tries to add one unit in column i; 1 when added. */
static int try_unit(round_ctx *x, const mc_lp_x *col, int i)
{
	if (x->remaining[col->cls] <= 0 || round_kept_full(x, col, i))
		return 0;
	double cost = round_price_unit(x, col);
	double unmet = x->m->orders[x->c->v[col->cls].rep].unmet_penalty;
	if (cost < 0 || cost > unmet)
		return 0;
	round_add_unit(x, col, i);
	return 1;
}

/* Floors every column (floor_units set; else places none) and loads
 * resources in the LP's flow proportions, frozen minutes included. */
static void floor_phase(round_ctx *x, const mc_lp_result *lp, int floor_units)
{
	const mc_model *m = x->m;
	size_t np = (size_t)m->nplants, nk = (size_t)m->nkinds,
	       nd = (size_t)x->days;
	size_t nkey = (size_t)m->nfamilies * np * nd * nk;
	double *need = mc_xcalloc(nkey + 1, sizeof(double));
	double *lp_total = mc_xcalloc(nkey + 1, sizeof(double));

	for (int i = 0; i < lp->nx && floor_units; i++) {
		const mc_lp_x *col = &lp->x[i];
		int n = (int)floor(col->value + EPS);
		if (n > x->remaining[col->cls])
			n = x->remaining[col->cls];
		if (n <= 0)
			continue;
		x->out->units[i] = n;
		x->remaining[col->cls] -= n;
		round_material_commit(x, col->cls, col->plant, col->day, n);
		int f = round_family(x, col->cls);
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
	/* frozen units' minutes the LP placed (model.h, mc_fixmin) go
	 * where it put them, like the floored units' */
	for (int i = 0; i < m->nfixmin; i++) {
		const mc_fixmin *fm = &m->fixmin[i];
		need[mc_round_group(m, fm->family, fm->plant, fm->day,
				    fm->kind)] += fm->minutes;
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
		x->out->fmin[i] += need[key] * share;
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
			commit_kind(x, p, t, k, f, n);
		else
			force_kind(x, p, t, k, f, need[key]);
	}
	free(need);
	free(lp_total);
}

int round_by_key_desc(const void *a, const void *b)
{
	const round_item *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? 1 : -1;
	return x->idx - y->idx;
}

int round_by_key_asc(const void *a, const void *b)
{
	return -round_by_key_desc(a, b);
}

/* The greedy repair of the slots cols[0..nx) (their values: the LP's
 * point to follow), from the units already placed. */
static void repair_phase(round_ctx *x, const mc_lp_x *cols, int nx)
{
	const mc_classes *c = x->c;
	round_item *items = mc_xmalloc(((size_t)nx + 1) * sizeof(*items));
	int n = 0;

	/* A: where the LP left a fraction, largest first (weighted by the
	 * class's priority: a unit of a priority order, a promise's above
	 * all, is placed before the others take its room) */
	for (int i = 0; i < nx; i++) {
		double frac = cols[i].value - x->out->units[i];
		const mc_order *rep = &x->m->orders[c->v[cols[i].cls].rep];
		double stake =
		    fmax(1, rep->priority) * fmax(1, rep->late_penalty);
		if (frac > EPS)
			items[n++] = (round_item){frac * stake, i};
	}
	qsort(items, (size_t)n, sizeof(*items), round_by_key_desc);
	for (int j = 0; j < n; j++)
		try_unit(x, &cols[items[j].idx], items[j].idx);

	/* B: classes by unmet penalty, each over its columns cheapest first.
	 * Columns of a class are contiguous (built class by class). */
	int *first = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	int *count = mc_xcalloc((size_t)c->n + 1, sizeof(int));
	for (int i = nx - 1; i >= 0; i--) {
		first[cols[i].cls] = i;
		count[cols[i].cls]++;
	}
	round_item *cls = mc_xmalloc(((size_t)c->n + 1) * sizeof(*cls));
	for (int k = 0; k < c->n; k++)
		cls[k] =
		    (round_item){x->m->orders[c->v[k].rep].unmet_penalty, k};
	qsort(cls, (size_t)c->n, sizeof(*cls), round_by_key_desc);
	for (int k = 0; k < c->n; k++) {
		int cl = cls[k].idx;
		if (x->remaining[cl] <= 0 || !count[cl])
			continue;
		n = 0;
		for (int i = first[cl]; i < first[cl] + count[cl]; i++)
			items[n++] = (round_item){cols[i].cost, i};
		qsort(items, (size_t)n, sizeof(*items), round_by_key_asc);
		for (int j = 0; j < n && x->remaining[cl] > 0; j++)
			while (try_unit(x, &cols[items[j].idx], items[j].idx))
				;
	}
	free(cls);
	free(first);
	free(count);
	free(items);
}

/* The resource of the column's longest operation with most load that day. */
static void attribute(round_ctx *x, const mc_lp_x *cols, int nx)
{
	const mc_model *m = x->m;
	for (int i = 0; i < nx; i++) {
		const mc_lp_x *col = &cols[i];
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
					   round_family(x, col->cls), x->res);
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

static void init_materials(round_ctx *x, mc_arena *a)
{
	const mc_model *m = x->m;
	size_t n = (size_t)m->nplants * (size_t)m->nmaterials * (size_t)x->days;
	x->out->mat_cum = mc_arena_calloc(a, n + 1, sizeof(double));
	x->out->mat_avail = mc_model_mat_have(m, a);
}

/* An empty plan over nx slots (every unit unmet) and the LP's flows,
 * allocated from a. */
static void round_init(const mc_model *m, const mc_classes *c, int nx,
		       const mc_lp_flow *flow, int nflow, mc_arena *a,
		       mc_int_plan *out)
{
	size_t nrd = (size_t)m->nresources * (size_t)m->horizon_days;
	size_t ngroup = (size_t)m->nfamilies * (size_t)m->nplants *
			(size_t)m->horizon_days * (size_t)m->nkinds;
	memset(out, 0, sizeof(*out));
	out->flow = flow;
	out->nflow = nflow;
	out->fmin = mc_arena_calloc(a, (size_t)nflow + 1, sizeof(double));
	out->kfirst = mc_arena_calloc(a, ngroup + 1, sizeof(int));
	for (int j = nflow - 1; j >= 0; j--)
		out->kfirst[mc_round_group(m, flow[j].family, flow[j].plant,
					   flow[j].day, flow[j].kind)] = j + 1;
	out->units = mc_arena_calloc(a, (size_t)nx + 1, sizeof(int));
	out->resource = mc_arena_calloc(a, (size_t)nx + 1, sizeof(int));
	out->unmet = mc_arena_calloc(a, (size_t)c->n + 1, sizeof(int));
	out->load = mc_arena_calloc(a, nrd + 1, sizeof(double));
	out->adm = mc_arena_calloc(a, (size_t)m->nresources + 1, sizeof(int));
	out->take =
	    mc_arena_calloc(a, (size_t)m->nresources + 1, sizeof(double));
	round_ctx x = round_ctx_of(m, c, out);
	init_materials(&x, a);
	for (int k = 0; k < c->n; k++)
		out->unmet[k] = c->v[k].quantity;
}

void mc_round(const mc_model *m, const mc_classes *c, const mc_lp_result *lp,
	      mc_arena *a, mc_int_plan *out)
{
	round_init(m, c, lp->nx, lp->flow, lp->nflow, a, out);
	round_ctx x = round_ctx_of(m, c, out);
	floor_phase(&x, lp, 1);
	repair_phase(&x, lp->x, lp->nx);
	attribute(&x, lp->x, lp->nx);
}

void mc_round_kept(const mc_model *m, const mc_classes *c,
		   const mc_lp_result *lp, mc_arena *a, mc_int_plan *out)
{
	round_init(m, c, lp->nx, lp->flow, lp->nflow, a, out);
	round_ctx x = round_ctx_of(m, c, out);
	floor_phase(&x, lp, 0);
	for (int i = 0; i < lp->nx; i++)
		for (int u = 0; u < lp->x[i].kept; u++)
			if (!try_unit(&x, &lp->x[i], i))
				break;
	int *pinned = mc_arena_calloc(a, (size_t)lp->nx + 1, sizeof(int));
	memcpy(pinned, out->units, (size_t)lp->nx * sizeof(int));
	out->pinned = pinned;
	repair_phase(&x, lp->x, lp->nx);
	attribute(&x, lp->x, lp->nx);
}

void mc_round_attribute(const mc_model *m, const mc_classes *c,
			const mc_lp_x *cols, int nx, mc_int_plan *ip)
{
	round_ctx x = round_ctx_of(m, c, ip);
	attribute(&x, cols, nx);
}

double mc_round_cost(const mc_model *m, const mc_classes *c, const mc_lp_x *x,
		     int nx, const mc_int_plan *ip)
{
	double cost = 0;
	int nd = m->horizon_days;
	for (int i = 0; i < nx; i++)
		cost += ip->units[i] * x[i].cost;
	for (int k = 0; k < c->n; k++)
		cost += ip->unmet[k] * m->orders[c->v[k].rep].unmet_penalty;
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *res = &m->resources[r];
		for (int t = 0; t < nd; t++)
			cost += round_overtime(res, t, ip->load[r * nd + t]) *
				res->ot_cost;
	}
	return cost;
}

double mc_round_cost_least(const mc_model *m, const mc_classes *c,
			   const mc_lp_x *x, int nx, const mc_int_plan *ip)
{
	int nd = m->horizon_days, n = 0, cap = 256;
	double cost = 0;
	for (int i = 0; i < nx; i++)
		cost += ip->units[i] * x[i].cost;
	for (int k = 0; k < c->n; k++)
		cost += ip->unmet[k] * m->orders[c->v[k].rep].unmet_penalty;
	mc_fixmin *v =
	    mc_xmalloc(((size_t)cap + (size_t)m->nfixmin) * sizeof(*v));
	for (int i = 0; i < nx; i++) {
		if (!ip->units[i])
			continue;
		int f = m->orders[c->v[x[i].cls].rep].family;
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_class_minutes(c, x[i].cls, x[i].plant, k);
			if (mins <= 0)
				continue;
			if (n == cap) {
				cap *= 2;
				v = mc_xrealloc(
				    v, ((size_t)cap + (size_t)m->nfixmin) *
					   sizeof(*v));
			}
			v[n++] = (mc_fixmin){f, x[i].plant, x[i].day, k,
					     mins * ip->units[i]};
		}
	}
	for (int i = 0; i < m->nfixmin; i++)
		v[n++] = m->fixmin[i];
	n = mc_minutes_merge(v, n);
	size_t nrd = (size_t)m->nresources * (size_t)nd;
	unsigned char *done = mc_xcalloc(nrd + 1, 1);
	int *res = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	double *load = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(double));
	for (int i = 0, j; i < n; i = j) {
		j = mc_minutes_block(v, n, i);
		int nres, t = v[i].day;
		double least, total;
		double placed = mc_minutes_place(m, &v[i], j - i, NULL, res,
						 &nres, load, &least, &total);
		if (nres < 2 || placed < total - EPS * (1 + total))
			continue;
		cost += least;
		for (int q = 0; q < nres; q++)
			done[(size_t)res[q] * (size_t)nd + (size_t)t] = 1;
	}
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *rs = &m->resources[r];
		for (int t = 0; t < nd; t++)
			if (!done[(size_t)r * (size_t)nd + (size_t)t])
				cost += round_overtime(rs, t,
						       ip->load[r * nd + t]) *
					rs->ot_cost;
	}
	free(done);
	free(res);
	free(load);
	free(v);
	return cost;
}
