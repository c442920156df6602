/*
 * round.c - floor + greedy repair of the LP plan (see round.h).  Scratch
 * memory is malloc'ed and freed here; results live in the caller's arena.
 */
#include "round.h"
#include "tolerance.h"
#include "mcf.h"
#include "progress.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_FIT_EPS

/* A change of a resource-day's minutes (and of flow j's where j >= 0),
 * logged so that a tentative move is undone exactly. */
typedef struct load_log {
	size_t rd;
	int j;
	double mins;
} load_log;

typedef struct ctx {
	const mc_model *m;
	const mc_classes *c;
	mc_int_plan *out;
	int days;
	int *res;	/* scratch: admitting resources */
	double *take;	/* scratch: minutes planned per admitting resource */
	int *remaining; /* [nclasses] units not yet placed (out->unmet) */
	/* the local search's log of minutes moved (NULL: not logging) */
	load_log *log;
	int nlog, caplog;
} ctx;

static ctx ctx_of(const mc_model *m, const mc_classes *c, mc_int_plan *ip)
{
	return (ctx){m,	   c, ip, m->horizon_days, ip->adm, ip->take, ip->unmet,
		     NULL, 0, 0};
}

/* Adds mins to resource-day rd (and flow j when j >= 0), logged. */
static void add_minutes(ctx *x, size_t rd, int j, double mins)
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
	x->log[x->nlog++] = (load_log){rd, j, mins};
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
static int flow_of(const ctx *x, size_t g, int r)
{
	int end;
	for (int j = mc_round_group_flows(x->m, x->out, g, &end); j < end; j++)
		if (x->out->flow[j].resource == r)
			return j;
	return -1;
}

/* Puts the minutes plan_kind() planned for family f's kind k at plant p
 * on day t onto the resources, and onto its flows where it has several. */
static void commit_kind(ctx *x, int p, int t, int k, int f, int n)
{
	size_t g = mc_round_group(x->m, f, p, t, k);
	for (int i = 0; i < n; i++) {
		int j = n > 1 && x->take[i] > 0 ? flow_of(x, g, x->res[i]) : -1;
		if (x->take[i] > 0)
			add_minutes(
			    x, (size_t)x->res[i] * (size_t)x->days + (size_t)t,
			    j, x->take[i]);
	}
}

/* Puts mins minutes of family f's kind k at plant p on day t on the
 * admitting resource with the most room, whether or not they fit: frozen
 * units' minutes (mc_fixmin) that an LP stopped without a plan did not
 * place.  The plan then overfills that day, as its conflicts say. */
static void force_kind(ctx *x, int p, int t, int k, int f, double mins)
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
	add_minutes(x, (size_t)best * (size_t)x->days + (size_t)t,
		    n > 1 ? flow_of(x, g, best) : -1, mins);
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
		commit_kind(x, col->plant, col->day, k, f, n);
	}
	material_commit(x, col->cls, col->plant, col->day, 1);
	x->out->units[i]++;
	x->remaining[col->cls]--;
}

/* 1 when column i is a kept slot (stability) holding all it may. */
static int kept_full(const ctx *x, const mc_lp_x *col, int i)
{
	return col->kept && x->out->units[i] >= col->kept;
}

/* Tries to add one unit in column i; 1 when added. */
static int try_unit(ctx *x, const mc_lp_x *col, int i)
{
	if (x->remaining[col->cls] <= 0 || kept_full(x, col, i))
		return 0;
	double cost = price_unit(x, col);
	double unmet = x->m->orders[x->c->v[col->cls].rep].unmet_penalty;
	if (cost < 0 || cost > unmet)
		return 0;
	add_unit(x, col, i);
	return 1;
}

/* Floors every column (floor_units set; else places none) and loads
 * resources in the LP's flow proportions, frozen minutes included. */
static void floor_phase(ctx *x, const mc_lp_result *lp, int floor_units)
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

/* The greedy repair of the slots cols[0..nx) (their values: the LP's
 * point to follow), from the units already placed. */
static void repair_phase(ctx *x, const mc_lp_x *cols, int nx)
{
	const mc_classes *c = x->c;
	sort_item *items = mc_xmalloc(((size_t)nx + 1) * sizeof(*items));
	int n = 0;

	/* A: where the LP left a fraction, largest first */
	for (int i = 0; i < nx; i++) {
		double frac = cols[i].value - x->out->units[i];
		if (frac > EPS)
			items[n++] = (sort_item){frac, i};
	}
	qsort(items, (size_t)n, sizeof(*items), by_key_desc);
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
			items[n++] = (sort_item){cols[i].cost, i};
		qsort(items, (size_t)n, sizeof(*items), by_key_asc);
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
static void attribute(ctx *x, const mc_lp_x *cols, int nx)
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
	size_t n = (size_t)m->nplants * (size_t)m->nmaterials * (size_t)x->days;
	x->out->mat_cum = mc_arena_calloc(a, n + 1, sizeof(double));
	x->out->mat_avail = mc_model_mat_have(m, a);
}

/* ---- local improvement ---- */

/* Takes one unit of slot i out again: its minutes off the resources (and
 * off the family's flows where several resources share a kind), its
 * materials back. */
static void remove_unit(ctx *x, const mc_lp_x *col, int i)
{
	const mc_model *m = x->m;
	mc_int_plan *ip = x->out;
	int f = family_of(x, col->cls), p = col->plant, t = col->day;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(x->c, col->cls, p, k);
		if (mins <= 0)
			continue;
		if (mc_model_admitting(m, p, k, f, x->res) == 1) {
			add_minutes(
			    x, (size_t)x->res[0] * (size_t)x->days + (size_t)t,
			    -1, -mins);
			continue;
		}
		double left = mins;
		int end;
		for (int j = mc_round_group_flows(
			 m, ip, mc_round_group(m, f, p, t, k), &end);
		     left > 0 && j < end; j++) {
			double take = ip->fmin[j] < left ? ip->fmin[j] : left;
			if (take > 0)
				add_minutes(x,
					    (size_t)ip->flow[j].resource *
						    (size_t)x->days +
						(size_t)t,
					    j, -take);
			left -= take;
		}
	}
	material_commit(x, col->cls, p, t, -1);
	ip->units[i]--;
	x->remaining[col->cls]++;
}

/* Overtime cost of plant p's resources on day t. */
static double ot_cost_at(const ctx *x, int p, int t)
{
	const mc_model *m = x->m;
	const mc_plant *pl = &m->plants[p];
	double cost = 0;
	for (int i = 0; i < pl->nresources; i++) {
		const mc_resource *r = &m->resources[pl->resources[i]];
		cost +=
		    overtime_of(r, t,
				x->out->load[pl->resources[i] * x->days + t]) *
		    r->ot_cost;
	}
	return cost;
}

static double penalty_of(const ctx *x, int cls)
{
	return x->m->orders[x->c->v[cls].rep].unmet_penalty;
}

/* The local search's state. */
typedef struct ls {
	ctx x;
	const mc_lp_x *cols;
	int nx;
	int *by_cost;		 /* [nx] every class's slots, cheapest first */
	int *pt_first, *pt_slot; /* the slots of each plant-day */
	/* Moves kept so far, and when each plant-day (its capacity) and
	 * each plant (its materials) last changed: an attempt that failed
	 * is tried again only after a change where it looks. */
	long moves;
	long *pt_stamp, *mat_stamp;
	long *eject_tried, *move_tried; /* [nx] moves + 1 at a failure */
	long work, budget;		/* slots priced, and at most */
	double deadline;
	long clock_at; /* work at which to look at the clock next */
	int stopped;   /* by the budget or the deadline */
	int depth;     /* levels of a chain of moves make_room() may go */
} ls;

/* 1 while the search may go on: within its budget of slots priced and,
 * looked at after every 256 of them, its deadline. */
static int ls_going(ls *L)
{
	if (L->stopped)
		return 0;
	if (L->budget > 0 && L->work >= L->budget)
		L->stopped = 1;
	else if (L->deadline > 0 && L->work >= L->clock_at) {
		L->clock_at = L->work + 256;
		L->stopped = mc_progress_clock() >= L->deadline;
	}
	return !L->stopped;
}

static double ls_price(ls *L, const mc_lp_x *col)
{
	L->work++;
	return price_unit(&L->x, col);
}

/* 1 when class cls uses a material that plant p lists. */
static int uses_listed(const ctx *x, int cls, int p)
{
	int nm = x->m->nmaterials;
	for (int k = 0; k < nm; k++)
		if (x->c->material[(size_t)cls * (size_t)nm + (size_t)k] > 0 &&
		    x->m->plants[p].mat_listed[k])
			return 1;
	return 0;
}

/* 1 when what slot s depends on changed after move count `since`. */
static int changed(const ls *L, int s, long since)
{
	const mc_lp_x *col = &L->cols[s];
	return L->pt_stamp[(size_t)col->plant * (size_t)L->x.days +
			   (size_t)col->day] > since ||
	       (L->mat_stamp[col->plant] > since &&
		uses_listed(&L->x, col->cls, col->plant));
}

/* A tentative move: units added and taken out, undone unless it pays.
 * Overtime is compared on the plant-days it touches. */
#define TRIAL_OPS 8
typedef struct trial {
	ls *L;
	int n;
	int op[TRIAL_OPS];   /* slot + 1 added, -(slot + 1) taken out */
	int log0[TRIAL_OPS]; /* the log's length before each op */
	int np;
	int pt[2 * TRIAL_OPS]; /* plant, day pairs touched */
	double before[TRIAL_OPS];
	double delta; /* unit costs and unmet penalties */
} trial;

static void trial_touch(trial *tr, int p, int t)
{
	for (int k = 0; k < tr->np; k++)
		if (tr->pt[2 * k] == p && tr->pt[2 * k + 1] == t)
			return;
	tr->pt[2 * tr->np] = p;
	tr->pt[2 * tr->np + 1] = t;
	tr->before[tr->np++] = ot_cost_at(&tr->L->x, p, t);
}

/* Adds a unit to slot i if it fits; 1 when added. */
static int trial_add(trial *tr, int i)
{
	ctx *x = &tr->L->x;
	const mc_lp_x *col = &tr->L->cols[i];
	if (tr->n == TRIAL_OPS || x->remaining[col->cls] <= 0 ||
	    kept_full(x, col, i) || ls_price(tr->L, col) < 0)
		return 0;
	trial_touch(tr, col->plant, col->day);
	tr->log0[tr->n] = x->nlog;
	add_unit(x, col, i);
	tr->op[tr->n++] = i + 1;
	tr->delta += col->cost - penalty_of(x, col->cls);
	return 1;
}

static void trial_remove(trial *tr, int i)
{
	ctx *x = &tr->L->x;
	const mc_lp_x *col = &tr->L->cols[i];
	trial_touch(tr, col->plant, col->day);
	tr->log0[tr->n] = x->nlog;
	remove_unit(x, col, i);
	tr->op[tr->n++] = -(i + 1);
	tr->delta -= col->cost - penalty_of(x, col->cls);
}

/* What the move lowers the plan's cost by. */
static double trial_gain(const trial *tr)
{
	double d = tr->delta;
	for (int k = 0; k < tr->np; k++)
		d += ot_cost_at(&tr->L->x, tr->pt[2 * k], tr->pt[2 * k + 1]) -
		     tr->before[k];
	return -d;
}

/* A point of a trial to go back to. */
typedef struct trial_mark {
	int n, np;
	double delta;
} trial_mark;

static trial_mark trial_at(const trial *tr)
{
	return (trial_mark){tr->n, tr->np, tr->delta};
}

/* Undoes the ops of tr since mark k: every minute back on the resource
 * and flow it came from (the log), the units and materials back. */
static void trial_undo_to(trial *tr, trial_mark k)
{
	ctx *x = &tr->L->x;
	while (tr->n > k.n) {
		int op = tr->op[--tr->n];
		int i = op > 0 ? op - 1 : -op - 1, d = op > 0 ? -1 : 1;
		const mc_lp_x *col = &tr->L->cols[i];
		while (x->nlog > tr->log0[tr->n]) {
			const load_log *e = &x->log[--x->nlog];
			x->out->load[e->rd] -= e->mins;
			if (e->j >= 0)
				x->out->fmin[e->j] -= e->mins;
		}
		material_commit(x, col->cls, col->plant, col->day, d);
		x->out->units[i] += d;
		x->remaining[col->cls] -= d;
	}
	tr->np = k.np;
	tr->delta = k.delta;
}

static void trial_undo(trial *tr)
{
	trial_undo_to(tr, (trial_mark){0, 0, 0});
}

/* 1 when the move lowers the cost by more than rounding noise. */
static int pays(double gain)
{
	return gain > MC_TOL_GAIN;
}

/* Keeps the move and stamps what it changed. */
static void trial_keep(trial *tr)
{
	ls *L = tr->L;
	L->moves++;
	L->x.nlog = 0;
	for (int k = 0; k < tr->n; k++) {
		int op = tr->op[k];
		const mc_lp_x *col = &L->cols[op > 0 ? op - 1 : -op - 1];
		L->pt_stamp[(size_t)col->plant * (size_t)L->x.days +
			    (size_t)col->day] = L->moves;
		if (uses_listed(&L->x, col->cls, col->plant))
			L->mat_stamp[col->plant] = L->moves;
	}
}

/* Keeps the move when it pays, else undoes it.  Returns the gain. */
static double trial_end(trial *tr)
{
	double g = trial_gain(tr);
	if (!pays(g)) {
		trial_undo(tr);
		return 0;
	}
	trial_keep(tr);
	return g;
}

/* The cheapest slot of class cls with room for one more unit (unit cost
 * and the overtime it takes), other than slot skip; -1 when none costs
 * less than leaving the unit unmet. */
static int best_slot(ls *L, int cls, int skip)
{
	int end, best = -1;
	double bc = penalty_of(&L->x, cls);
	for (int a = mc_lp_class_cols(L->cols, L->nx, cls, &end); a < end;
	     a++) {
		int i = L->by_cost[a];
		if (L->cols[i].cost >= bc)
			break; /* the rest cost more before any overtime */
		if (i == skip || kept_full(&L->x, &L->cols[i], i))
			continue;
		double cost = ls_price(L, &L->cols[i]);
		if (cost >= 0 && cost < bc) {
			bc = cost;
			best = i;
		}
	}
	return best;
}

/* Moves units of slot i to their class's cheapest slot with room while
 * that lowers the cost.  Returns the gain. */
static double relocate(ls *L, int i)
{
	const mc_lp_x *cols = L->cols;
	double gain = 0;
	int end, a = mc_lp_class_cols(cols, L->nx, cols[i].cls, &end);
	long since = L->move_tried[i] - 1;
	if (since >= 0) { /* failed before: only a change may help */
		int seen = 0;
		for (; a < end && cols[L->by_cost[a]].cost < cols[i].cost &&
		       !seen;
		     a++)
			seen = changed(L, L->by_cost[a], since);
		if (!seen)
			return 0;
	}
	while (L->x.out->units[i] > mc_round_pinned(L->x.out, i) &&
	       ls_going(L)) {
		trial tr = {.L = L};
		trial_remove(&tr, i);
		int j = best_slot(L, cols[i].cls, i);
		double g = j >= 0 && trial_add(&tr, j) ? trial_end(&tr) : 0;
		if (g <= 0) {
			if (tr.n)
				trial_undo(&tr);
			L->move_tried[i] = L->moves + 1;
			break;
		}
		gain += g;
	}
	return gain;
}

/* Units taken out to make room for one are tried at most this many per
 * slot, and this many blocked slots per unmet unit, cheapest first. */
#define EJECT_SLOTS   8
#define EJECT_VICTIMS 24

/* 1 when taking a unit of slot v out could make room for slot s: v is
 * on s's plant-day (capacity), or, where s lacks material mat from day
 * short_day on, v uses mat at s's plant by that day. */
static int may_free(const ctx *x, const mc_lp_x *cols, int s, int v, int mat,
		    int short_day)
{
	const mc_lp_x *a = &cols[s], *b = &cols[v];
	if (b->plant != a->plant)
		return 0;
	if (b->day == a->day)
		return 1;
	return mat >= 0 && b->day <= short_day &&
	       x->c->material[(size_t)b->cls * (size_t)x->m->nmaterials +
			      (size_t)mat] > 0;
}

/* Victims tried per slot, and slots of a victim that has no room
 * elsewhere, one level down a chain of moves. */
#define CHAIN_VICTIMS 8
#define CHAIN_SLOTS   3

/*
 * With the moves of tr so far (a unit of slot s's class out of the plan,
 * or unmet), makes room for it at slot s by taking out one unit of a slot
 * that may free the room (may_free(): s's plant-day first, then the days
 * a short material is used on) and placing that unit at its own cheapest
 * slot with room; where it has none and depth allows, by the same move one
 * level down (at its cheapest slots), else leaving it unmet.  Keeps the
 * first chain that pays and returns its gain; else leaves tr as it was
 * and returns 0.
 */
static double make_room(ls *L, trial *tr, int s, int depth)
{
	ctx *x = &L->x;
	const mc_lp_x *col = &L->cols[s];
	int mat = -1, sd = mc_round_material_short(x->m, x->c, x->out, col->cls,
						   col->plant, col->day, &mat);
	int first = sd >= 0 ? 0 : col->day, top = sd > col->day ? sd : col->day;
	int nv = 0, most = depth > 1 ? EJECT_VICTIMS : CHAIN_VICTIMS;
	/* the plant-day itself first, then the days of the material */
	for (int k = 0, d = col->day; d >= first && nv < most;
	     d = ++k == 1 ? top : d - 1) {
		if (k > 0 && d == col->day)
			continue;
		size_t pt = (size_t)col->plant * (size_t)x->days + (size_t)d;
		for (int b = L->pt_first[pt];
		     b < L->pt_first[pt + 1] && nv < most && ls_going(L); b++) {
			int v = L->pt_slot[b];
			trial_mark k0 = trial_at(tr);
			if (v == s ||
			    x->out->units[v] <= mc_round_pinned(x->out, v) ||
			    tr->n + 3 > TRIAL_OPS ||
			    !may_free(x, L->cols, s, v, mat, sd))
				continue;
			nv++;
			trial_remove(tr, v);
			if (!trial_add(tr, s)) {
				trial_undo_to(tr, k0);
				continue;
			}
			int vc = L->cols[v].cls, j = best_slot(L, vc, v);
			if (j >= 0)
				trial_add(tr, j);
			double g = trial_gain(tr);
			if (pays(g)) {
				trial_keep(tr);
				return g;
			}
			if (j < 0 && depth > 1) {
				/* the victim's cheapest slots, one level down
				 */
				int end, tried = 0;
				for (int a = mc_lp_class_cols(L->cols, L->nx,
							      vc, &end);
				     a < end && tried < CHAIN_SLOTS; a++) {
					int s2 = L->by_cost[a];
					if (L->cols[s2].cost >=
					    penalty_of(x, vc))
						break;
					if (s2 == v || s2 == s)
						continue;
					tried++;
					g = make_room(L, tr, s2, depth - 1);
					if (g > 0)
						return g;
				}
			}
			trial_undo_to(tr, k0);
		}
	}
	return 0;
}

/* One unmet unit of slot s's class into s: directly where it fits and
 * pays, else by make_room().  Returns the gain kept, 0 when none. */
static double eject_into(ls *L, int s)
{
	trial tr = {.L = L};
	if (trial_add(&tr, s))
		return trial_end(&tr);
	return make_room(L, &tr, s, L->depth);
}

/* Classes with unmet units, highest penalty first, each at its cheapest
 * slots where that costs less than the penalty.  Returns the gain. */
static double eject_pass(ls *L)
{
	ctx *x = &L->x;
	const mc_classes *c = x->c;
	double gain = 0;
	sort_item *cls = mc_xmalloc(((size_t)c->n + 1) * sizeof(*cls));
	int ncls = 0;
	for (int k = 0; k < c->n; k++)
		if (x->remaining[k] > 0)
			cls[ncls++] = (sort_item){penalty_of(x, k), k};
	qsort(cls, (size_t)ncls, sizeof(*cls), by_key_desc);
	for (int q = 0; q < ncls && ls_going(L); q++) {
		int k = cls[q].idx, end;
		int first = mc_lp_class_cols(L->cols, L->nx, k, &end);
		double g = 1;
		while (x->remaining[k] > 0 && g > 0 && ls_going(L)) {
			g = 0;
			for (int a = first, tried = 0;
			     a < end && tried < EJECT_SLOTS && g <= 0; a++) {
				int s = L->by_cost[a];
				if (L->cols[s].cost >= penalty_of(x, k))
					break;
				tried++;
				long since = L->eject_tried[s] - 1;
				if (since >= 0 && !changed(L, s, since))
					continue;
				g = eject_into(L, s);
				if (g <= 0)
					L->eject_tried[s] = L->moves + 1;
			}
			gain += g;
		}
	}
	free(cls);
	return gain;
}

static double relocate_pass(ls *L)
{
	double gain = 0;
	for (int i = 0, end = 0, cheapest = -1; i < L->nx && ls_going(L); i++) {
		if (i >= end)
			cheapest = L->by_cost[mc_lp_class_cols(
			    L->cols, L->nx, L->cols[i].cls, &end)];
		/* nothing is cheaper than the class's cheapest slot */
		if (L->x.out->units[i] > mc_round_pinned(L->x.out, i) &&
		    L->cols[i].cost > L->cols[cheapest].cost)
			gain += relocate(L, i);
	}
	return gain;
}

double mc_round_improve(const mc_model *m, const mc_classes *c,
			const mc_lp_x *cols, int nx, mc_int_plan *ip,
			const mc_improve_opts *o, mc_improve_stats *st)
{
	ls L = {.x = ctx_of(m, c, ip), .cols = cols, .nx = nx};
	L.x.caplog = 64;
	L.x.log = mc_xmalloc((size_t)L.x.caplog * sizeof(*L.x.log));
	size_t npt = (size_t)m->nplants * (size_t)L.x.days;
	L.budget = o ? o->budget : 0;
	L.deadline = o ? o->deadline : 0;
	L.pt_first = mc_xcalloc(npt + 2, sizeof(int));
	L.pt_slot = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	L.pt_stamp = mc_xcalloc(npt + 1, sizeof(long));
	L.mat_stamp = mc_xcalloc((size_t)m->nplants + 1, sizeof(long));
	L.eject_tried = mc_xcalloc((size_t)nx + 1, sizeof(long));
	L.move_tried = mc_xcalloc((size_t)nx + 1, sizeof(long));
	for (int i = 0; i < nx; i++)
		L.pt_first[(size_t)cols[i].plant * (size_t)L.x.days +
			   (size_t)cols[i].day + 1]++;
	for (size_t k = 0; k < npt; k++)
		L.pt_first[k + 1] += L.pt_first[k];
	int *fill = mc_xmalloc((npt + 1) * sizeof(int));
	memcpy(fill, L.pt_first, npt * sizeof(int));
	for (int i = 0; i < nx; i++)
		L.pt_slot[fill[(size_t)cols[i].plant * (size_t)L.x.days +
			       (size_t)cols[i].day]++] = i;
	free(fill);
	L.by_cost = mc_xmalloc(((size_t)nx + 1) * sizeof(int));
	sort_item *tmp = mc_xmalloc(((size_t)nx + 1) * sizeof(*tmp));
	for (int i = 0; i < nx; i++)
		tmp[i] = (sort_item){cols[i].cost, i};
	for (int a = 0, end; a < nx; a = end) {
		mc_lp_class_cols(cols, nx, cols[a].cls, &end);
		qsort(tmp + a, (size_t)(end - a), sizeof(*tmp), by_key_asc);
	}
	for (int i = 0; i < nx; i++)
		L.by_cost[i] = tmp[i].idx;
	free(tmp);

	/* passes of single moves while they pay, then of chains of two
	 * (dearer: a unit moved out of the way may move another) */
	double gain = 0;
	int passes = 0;
	for (L.depth = 1; L.depth <= 2 && ls_going(&L); L.depth++) {
		/* what failed as a single move may pass as a chain */
		memset(L.eject_tried, 0, ((size_t)nx + 1) * sizeof(long));
		for (double g = 1; g > 0 && ls_going(&L); passes++) {
			g = eject_pass(&L);
			g += relocate_pass(&L);
			gain += g;
		}
	}
	attribute(&L.x, cols, nx);
	if (st) {
		st->passes = passes;
		st->moves = L.moves;
		st->work = L.work;
		st->stopped = L.stopped;
	}
	free(L.pt_first);
	free(L.pt_slot);
	free(L.pt_stamp);
	free(L.mat_stamp);
	free(L.eject_tried);
	free(L.move_tried);
	free(L.by_cost);
	free(L.x.log);
	return gain;
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
	ctx x = ctx_of(m, c, out);
	init_materials(&x, a);
	for (int k = 0; k < c->n; k++)
		out->unmet[k] = c->v[k].quantity;
}

void mc_round(const mc_model *m, const mc_classes *c, const mc_lp_result *lp,
	      mc_arena *a, mc_int_plan *out)
{
	round_init(m, c, lp->nx, lp->flow, lp->nflow, a, out);
	ctx x = ctx_of(m, c, out);
	floor_phase(&x, lp, 1);
	repair_phase(&x, lp->x, lp->nx);
	attribute(&x, lp->x, lp->nx);
}

void mc_round_kept(const mc_model *m, const mc_classes *c,
		   const mc_lp_result *lp, mc_arena *a, mc_int_plan *out)
{
	round_init(m, c, lp->nx, lp->flow, lp->nflow, a, out);
	ctx x = ctx_of(m, c, out);
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
	ctx x = ctx_of(m, c, ip);
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
			cost += overtime_of(res, t, ip->load[r * nd + t]) *
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
				cost +=
				    overtime_of(rs, t, ip->load[r * nd + t]) *
				    rs->ot_cost;
	}
	free(done);
	free(res);
	free(load);
	free(v);
	return cost;
}
