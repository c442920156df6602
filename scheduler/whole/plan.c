/*
 * plan.c - orchestration of one planning run and the split of each class's
 * whole-unit plan over its orders.  Everything the plan holds lives in the
 * model's arena; the LP is freed before returning.
 */
#include "plan.h"
#include "tolerance.h"
#include "classes.h"
#include "explain.h"
#include "round.h"
#include "lns.h"
#include "session.h"
#include "split.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
	int col, day, plant, units;
} slot;

static int by_day_plant(const void *a, const void *b)
{
	const slot *x = a, *y = b;
	if (x->day != y->day)
		return x->day - y->day;
	if (x->plant != y->plant)
		return x->plant - y->plant;
	return x->col - y->col;
}

static void add_alloc(const mc_model *m, mc_plan *p, int *cap, int o,
		      const mc_lp_x *col, int resource, int units)
{
	if (p->nalloc == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		mc_alloc *n =
		    mc_arena_calloc(m->arena, (size_t)*cap, sizeof(mc_alloc));
		if (p->nalloc)
			memcpy(n, p->alloc,
			       (size_t)p->nalloc * sizeof(mc_alloc));
		p->alloc = n;
	}
	p->alloc[p->nalloc++] = (mc_alloc){
	    .order = o,
	    .plant = col->plant,
	    .day = col->day,
	    .resource = resource,
	    .units = units,
	    .arrive = m->start + col->day + col->transit,
	};
}

void mc_plan_account(const mc_model *m, mc_plan *p, int o, int plant, int day,
		     int transit, int units)
{
	const mc_order *ord = &m->orders[o];
	mc_order_out *out = &p->orders[o];
	double make, opt, lane;
	mc_model_cost_parts(m, o, plant, &make, &opt, &lane);
	double dc = mc_model_unit_day_cost(m, o, day, transit);
	int arrive = m->start + day + transit;
	p->cost_make += units * make;
	p->cost_options += units * opt;
	p->cost_lane += units * lane;
	if (arrive > ord->due) {
		p->cost_late += units * dc;
		out->late_units += units;
		out->late_days += units * (arrive - ord->due);
		if (arrive - ord->due > out->max_late)
			out->max_late = arrive - ord->due;
		p->units_late += units;
	} else {
		p->cost_holding += units * dc;
	}
	if (arrive > out->last_arrive)
		out->last_arrive = arrive;
	out->planned += units;
	out->cost += units * (make + opt + lane + dc);
	p->units_planned += units;
}

void mc_plan_totals(mc_plan *p)
{
	p->cost = p->cost_make + p->cost_options + p->cost_lane + p->cost_late +
		  p->cost_holding + p->cost_unmet + p->cost_overtime;
	double objective = p->cost + p->cost_stability;
	p->gap = isnan(p->lp_bound)
		     ? NAN
		     : (objective - p->lp_bound) / fmax(fabs(objective), 1.0);
}

static void account(const mc_model *m, mc_plan *p, int o, const mc_lp_x *col,
		    int units)
{
	mc_plan_account(m, p, o, col->plant, col->day, col->transit, units);
}

/* Units of kept slot col (stability) to the orders that had them on its
 * plant and day in the published plan; returns the units left over. */
static int split_kept(const mc_model *m, const mc_classes *c,
		      const mc_lp_x *col, int resource, int units, int *need,
		      mc_plan *p, int *cap)
{
	for (int k = col->keep; k < col->keep + col->nkeep && units > 0; k++) {
		int o = c->keep[k].order, take = c->keep[k].units;
		take = take < need[o] ? take : need[o];
		take = take < units ? take : units;
		if (take <= 0)
			continue;
		add_alloc(m, p, cap, o, col, resource, take);
		account(m, p, o, col, take);
		need[o] -= take;
		units -= take;
	}
	return units;
}

static int by_order_day(const void *a, const void *b)
{
	const mc_alloc *x = a, *y = b;
	if (x->order != y->order)
		return x->order - y->order;
	if (x->day != y->day)
		return x->day - y->day;
	if (x->plant != y->plant)
		return x->plant - y->plant;
	return x->resource - y->resource;
}

/* One allocation per order, plant, day and resource: a kept slot and the
 * ordinary one beside it may both give units to an order. */
static void merge_allocs(mc_plan *p)
{
	qsort(p->alloc, (size_t)p->nalloc, sizeof(mc_alloc), by_order_day);
	int n = 0;
	for (int i = 0; i < p->nalloc; i++) {
		mc_alloc *a = &p->alloc[i];
		if (n && by_order_day(&p->alloc[n - 1], a) == 0)
			p->alloc[n - 1].units += a->units;
		else
			p->alloc[n++] = *a;
	}
	p->nalloc = n;
}

/* Splits each class's slots over its orders: a kept slot's units to the
 * orders it keeps them for, the rest earliest days to the first orders
 * (all orders of a class cost the same, so any split is optimal). */
static void split(const mc_model *m, const mc_classes *c,
		  const mc_lp_result *lp, const mc_int_plan *ip, mc_plan *p)
{
	slot *slots = mc_xmalloc(((size_t)lp->nx + 1) * sizeof(slot));
	int *need = mc_xmalloc(((size_t)m->norders + 1) * sizeof(int));
	int cap = 0, i = 0, kept = 0;
	for (int o = 0; o < m->norders; o++)
		need[o] = m->orders[o].quantity;
	while (i < lp->nx) {
		int cls = lp->x[i].cls, n = 0;
		for (; i < lp->nx && lp->x[i].cls == cls; i++) {
			int u = ip->units[i];
			if (u > 0 && lp->x[i].kept) {
				kept = 1;
				u = split_kept(m, c, &lp->x[i], ip->resource[i],
					       u, need, p, &cap);
			}
			if (u > 0)
				slots[n++] =
				    (slot){i, lp->x[i].day, lp->x[i].plant, u};
		}
		qsort(slots, (size_t)n, sizeof(slot), by_day_plant);
		const mc_class *cl = &c->v[cls];
		int s = 0, left = n ? slots[0].units : 0;
		for (int j = 0; j < cl->norders && s < n; j++) {
			int o = cl->orders[j];
			while (need[o] > 0 && s < n) {
				int take = need[o] < left ? need[o] : left;
				const mc_lp_x *col = &lp->x[slots[s].col];
				add_alloc(m, p, &cap, o, col,
					  ip->resource[slots[s].col], take);
				account(m, p, o, col, take);
				need[o] -= take;
				left -= take;
				if (!left && ++s < n)
					left = slots[s].units;
			}
		}
	}
	if (kept)
		merge_allocs(p);
	free(need);
	free(slots);
}

static void fill_capacity(const mc_model *m, const mc_lp_result *lp,
			  const mc_int_plan *ip, mc_plan *p)
{
	int nd = m->horizon_days;
	p->cap =
	    mc_arena_calloc(m->arena, (size_t)m->nresources * (size_t)nd + 1,
			    sizeof(mc_resday));
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *res = &m->resources[r];
		for (int t = 0; t < nd; t++) {
			mc_resday *rd = &p->cap[r * nd + t];
			rd->hours = res->day_hours[t];
			rd->ot_max = res->day_ot[t];
			rd->used = ip->load[r * nd + t] / MC_MIN_PER_HOUR;
			rd->ot =
			    rd->used > rd->hours ? rd->used - rd->hours : 0;
			rd->shadow = lp->shadow[r * nd + t];
			p->cost_overtime += rd->ot * res->ot_cost;
		}
	}
}

static void fill_materials(const mc_model *m, const mc_lp_result *lp,
			   const mc_int_plan *ip, mc_plan *p)
{
	int nm = m->nmaterials, nd = m->horizon_days, n = 0;
	for (int pl = 0; pl < m->nplants; pl++)
		for (int k = 0; k < nm; k++)
			n += m->plants[pl].mat_listed[k] ? nd : 0;
	p->mat = mc_arena_calloc(m->arena, (size_t)n + 1, sizeof(mc_matday));
	for (int pl = 0; pl < m->nplants; pl++)
		for (int k = 0; k < nm; k++) {
			if (!m->plants[pl].mat_listed[k])
				continue;
			size_t base =
			    ((size_t)pl * (size_t)nm + (size_t)k) * (size_t)nd;
			for (int t = 0; t < nd; t++)
				p->mat[p->nmat++] = (mc_matday){
				    pl,
				    k,
				    t,
				    ip->mat_avail[base + (size_t)t],
				    ip->mat_cum[base + (size_t)t],
				    lp->mat_shadow[base + (size_t)t]};
		}
}

/* Share of the LP solve time the on-time pricing may take (at least
 * ONTIME_MIN_S seconds): past it, late orders are left unpriced and say
 * so, rather than holding up the night. */
#define ONTIME_SHARE 0.25
#define ONTIME_MIN_S 2.0

/*
 * The on-time cost of every late order, priced once per class while the
 * LP's optimal basis is still at hand, within a time budget.  The classes
 * the LP makes late (units after their due date, or unmet) are priced
 * first, in class order, while the whole units are made, on a thread of
 * their own when the session allows it (mc_session_ontime_apart()); then
 * the classes only the whole units made late.  One thread or two, the
 * classes are priced in that order.
 */
typedef struct ontime {
	const mc_model *m;
	const mc_classes *c;
	mc_session *S;
	const mc_lp_result *lp;
	int *status; /* [classes] enum mc_ontime; -1 not asked yet */
	double *price;
	double budget, deadline; /* the pricing's; the session's before */
	/* the classes late in whole units, once they are made: more[n] */
	int *more, nmore, have_more;
	pthread_mutex_t lock;
	pthread_cond_t ready;
} ontime;

static void price_class(ontime *t, int k)
{
	if (t->status[k] >= 0)
		return;
	t->status[k] = mc_session_clock() >= t->budget
			   ? MC_ONTIME_SKIPPED
			   : mc_session_ontime(t->S, t->lp, k, &t->price[k]);
}

/* Whether the LP solution has units of class k late or unmet. */
static int lp_late(const ontime *t, int k)
{
	const mc_lp_result *lp = t->lp;
	int due = t->m->orders[t->c->v[k].rep].due, end;
	if (lp->unmet[k] > MC_TOL_FIT)
		return 1;
	for (int i = mc_lp_class_cols(lp->x, lp->nx, k, &end); i < end; i++)
		if (lp->x[i].value > MC_TOL_FIT &&
		    t->m->start + lp->x[i].day + lp->x[i].transit > due)
			return 1;
	return 0;
}

/* Prices the LP's late classes, waits for the whole units' ones and
 * prices those. */
static void *price_all(void *arg)
{
	ontime *t = arg;
	for (int k = 0; k < t->c->n; k++)
		if (lp_late(t, k))
			price_class(t, k);
	pthread_mutex_lock(&t->lock);
	while (!t->have_more)
		pthread_cond_wait(&t->ready, &t->lock);
	pthread_mutex_unlock(&t->lock);
	for (int n = 0; n < t->nmore; n++)
		price_class(t, t->more[n]);
	return NULL;
}

/* The same on a thread of its own, which lets go of what it priced on. */
static void *price_apart(void *arg)
{
	ontime *t = arg;
	price_all(t);
	mc_session_ontime_end(t->S);
	return NULL;
}

static void ontime_begin(const mc_model *m, const mc_classes *c, mc_session *S,
			 const mc_lp_result *lp, int threads, ontime *t,
			 pthread_t *th, int *apart)
{
	memset(t, 0, sizeof(*t));
	t->m = m;
	t->c = c;
	t->S = S;
	t->lp = lp;
	t->status = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	t->price = mc_xcalloc((size_t)c->n + 1, sizeof(double));
	t->more = mc_xmalloc(((size_t)c->n + 1) * sizeof(int));
	for (int k = 0; k < c->n; k++)
		t->status[k] = -1; /* not asked yet */
	t->budget =
	    mc_session_clock() + fmax(ONTIME_MIN_S, ONTIME_SHARE * lp->t_solve);
	t->deadline = mc_session_set_deadline(S, 0);
	if (t->deadline > 0 && t->deadline < t->budget)
		t->budget = t->deadline;
	mc_session_set_deadline(S, t->budget);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->ready, NULL);
	*apart = threads > 1 && mc_session_ontime_apart(S) &&
		 pthread_create(th, NULL, price_apart, t) == 0;
}

/* After the whole units: the classes they made late join the pricing,
 * which ends, and each late order gets its words. */
static void ontime_end(ontime *t, pthread_t th, int apart, mc_plan *p)
{
	const mc_model *m = t->m;
	unsigned char *seen = mc_xcalloc((size_t)t->c->n + 1, 1);
	for (int o = 0; o < m->norders; o++) {
		int k = t->c->class_of[o];
		if (p->orders[o].late_units > 0 && !seen[k]) {
			seen[k] = 1;
			t->more[t->nmore++] = k;
		}
	}
	free(seen);
	pthread_mutex_lock(&t->lock);
	t->have_more = 1;
	pthread_cond_signal(&t->ready);
	pthread_mutex_unlock(&t->lock);
	if (apart)
		pthread_join(th, NULL);
	else
		price_all(t);
	mc_session_set_deadline(t->S, t->deadline);
	for (int o = 0; o < m->norders; o++) {
		int k = t->c->class_of[o];
		mc_explain_ontime(m, t->c, o, k, t->status[k], t->price[k],
				  m->arena, &p->orders[o]);
	}
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->ready);
	free(t->status);
	free(t->price);
	free(t->more);
}

/*
 * What holding the published plan costs, in LP terms: the cost part of
 * the LP optimum with stability (its objective plus stability_cost per
 * unit it kept) less the LP optimum without (the same LP without its kept
 * slots, re-solved warm from this one's basis).  NAN when there is
 * nothing to hold, or either LP stopped short of its optimum.
 */
static void price_stability(const mc_model *m, const mc_classes *c,
			    mc_session *S, const mc_session_opts *so,
			    const mc_lp_result *lp, mc_plan *out)
{
	out->stability_price = NAN;
	double kept = 0;
	int any = 0;
	for (int i = 0; i < lp->nx; i++)
		if (lp->x[i].kept) {
			kept += lp->x[i].value;
			any = 1;
		}
	if (!any || !lp->optimal)
		return;
	mc_classes free_c = *c;
	free_c.keep = NULL;
	free_c.nkeep = 0;
	int warm = 0;
	mc_lp_result lp0;
	mc_diag quiet = MC_DIAG_INIT; /* a figure of the report, not the run */
	memset(&lp0, 0, sizeof(lp0));
	mc_warm *w = mc_session_warm(S);
	mc_session *F =
	    mc_session_new_warm(m, &free_c, m->arena, so, w, &warm, &quiet);
	mc_warm_free(w);
	if (F && mc_session_solve(F, &lp0, &quiet) == 0 && lp0.optimal)
		out->stability_price =
		    fmax(0, lp->obj + m->stability_cost * kept - lp0.obj);
	out->t_solve += lp0.t_solve;
	mc_session_free(F);
	mc_diag_release(&quiet);
}

/* Slots priced by the local improvement per simplex iteration of the LP
 * solve, by default: a deterministic budget (the same plan on any
 * machine), a fraction of the solve's time (measured: README,
 * Performance), at least ROUND_WORK_MIN. */
#define ROUND_WORK     25
#define ROUND_WORK_MIN 20000L
/* Work of the neighbourhood MIPs (their simplex iterations and the slots
 * they take up, lns.h) per iteration of the LP solve, by default
 * (deterministic too), at least MIP_WORK_MIN: a tenth of a second or so
 * on the samples and at 1,000 orders (README, Whole units). */
#define MIP_WORK     10
#define MIP_WORK_MIN 1000000L

/* How a budgeted step ended. */
static const char *stop_of(int stopped, long budget, long work)
{
	return !stopped			      ? "converged"
	       : budget > 0 && work >= budget ? "budget"
					      : "time";
}

/* A whole plan's first form: floor + greedy repair of the LP's point, or
 * the published plan kept (a night with one to hold to). */
typedef void (*start_fn)(const mc_model *m, const mc_classes *c,
			 const mc_lp_result *lp, mc_arena *a, mc_int_plan *out);

/*
 * The whole-unit plan: floor + greedy repair (mc_round()), or on a night
 * with a published plan to hold to the published plan kept (mc_round_kept())
 * when that costs less with its stability, the fallback; then, unless
 * o->round_off, the local improvement of a copy of it and the neighbourhood
 * MIPs on it, each within its budget, kept when it is cheaper.  Starting
 * from the published plan, a unit moves only when the move pays more than
 * its stability cost.  `deadline` is the run's (<= 0 none).  Fills *ip and
 * the rounding facts of *out.
 */
static void make_whole(const mc_model *m, const mc_classes *c,
		       const mc_lp_result *lp, const mc_plan_opts *o,
		       double deadline, mc_int_plan *ip, mc_plan *out)
{
	double rt = o ? o->round_time : 0;
	long iters = o && o->budget_iters > 0 ? o->budget_iters : lp->iters;
	double scale = rt < 0 ? -rt : 1; /* the budget's multiple */
	start_fn start = mc_round;
	mc_round(m, c, lp, m->arena, ip);
	out->cost_repair = mc_round_cost(m, c, lp->x, lp->nx, ip);
	out->round_from = "lp";
	if (m->nkeep) {
		/* the two starts compared as they will cost, their minutes
		 * at the least overtime, not as the greedy placed them */
		mc_int_plan kept;
		mc_round_kept(m, c, lp, m->arena, &kept);
		double cost = mc_round_cost(m, c, lp->x, lp->nx, &kept);
		out->cost_kept = cost;
		if (mc_round_cost_least(m, c, lp->x, lp->nx, &kept) <=
		    mc_round_cost_least(m, c, lp->x, lp->nx, ip)) {
			*ip = kept;
			out->cost_repair = cost;
			out->round_from = "published";
			start = mc_round_kept;
		}
	}
	out->cost_local = out->cost_repair;
	out->round_stop = "off";
	if (o && o->round_off)
		return;
	mc_int_plan better;
	mc_improve_opts io = {
	    .budget = rt <= 0 ? (long)(scale * ROUND_WORK * iters) : 0,
	    .deadline = rt > 0 ? mc_session_clock() + rt : 0,
	};
	if (rt <= 0 && io.budget < (long)(scale * ROUND_WORK_MIN))
		io.budget = (long)(scale * ROUND_WORK_MIN);
	if (deadline > 0 && (io.deadline <= 0 || deadline < io.deadline))
		io.deadline = deadline;
	mc_improve_stats st;
	start(m, c, lp, m->arena, &better);
	mc_round_improve(m, c, lp->x, lp->nx, &better, &io, &st);
	out->cost_local = mc_round_cost(m, c, lp->x, lp->nx, &better);
	if (start == mc_round_kept) {
		/* the LP's repair improved too: the published plan kept may
		 * cost less as it stands and be a corner the local moves
		 * cannot leave (a what-if's rush); the repair is taken when,
		 * improved, it saves more than MC_TOL_RESTART of the cost */
		mc_int_plan alt;
		mc_improve_stats ast;
		mc_round(m, c, lp, m->arena, &alt);
		double alt0 = mc_round_cost(m, c, lp->x, lp->nx, &alt);
		mc_round_improve(m, c, lp->x, lp->nx, &alt, &io, &ast);
		double alt1 = mc_round_cost(m, c, lp->x, lp->nx, &alt);
		if (alt1 <
		    out->cost_local -
			MC_TOL_RESTART * fmax(1, fabs(out->cost_local))) {
			mc_round(m, c, lp, m->arena, ip);
			out->cost_repair = alt0;
			out->round_from = "lp";
			out->cost_local = alt1;
			better = alt;
			st = ast;
		}
	}
	out->round_stop = stop_of(st.stopped, io.budget, st.work);

	mc_lns_opts lo = {
	    .budget = rt <= 0 ? (long)(scale * MIP_WORK * iters) : 0,
	    .deadline = io.deadline,
	};
	if (rt <= 0 && lo.budget < (long)(scale * MIP_WORK_MIN))
		lo.budget = (long)(scale * MIP_WORK_MIN);
	mc_lns_stats ls;
	mc_lns_improve(m, c, lp->x, lp->nx, &better, &lo, &ls);
	out->mip_stop =
	    ls.failed ? "failed" : stop_of(ls.stopped, lo.budget, ls.work);
	out->mip_tried = ls.tried;
	out->mip_improved = ls.improved;
	double cost = mc_round_cost(m, c, lp->x, lp->nx, &better);
	if (cost <
	    out->cost_repair - MC_TOL_TIE * fmax(1, fabs(out->cost_repair))) {
		*ip = better;
		out->round_gain = out->cost_repair - cost;
		out->round_moves = st.moves;
		out->mip_gain = out->cost_local - cost;
	}
}

/* LP values on a grid of 2^-SNAP_BITS: the same LP solved twice (cold,
 * or warm from its own optimal basis) gives the same values up to the
 * last bits of its factorization; on the grid those agree, so the whole
 * units made from them do (a what-if with no changes is its base run). */
#define SNAP_BITS 24

static double snapped(double v)
{
	return ldexp(nearbyint(ldexp(v, SNAP_BITS)), -SNAP_BITS);
}

static void snap(mc_lp_result *lp)
{
	for (int i = 0; i < lp->nx; i++)
		lp->x[i].value = snapped(lp->x[i].value);
	for (int i = 0; i < lp->nflow; i++)
		lp->flow[i].minutes = snapped(lp->flow[i].minutes);
}

int mc_plan_run(const mc_model *m, const mc_plan_opts *o, mc_plan *out,
		mc_diag *d)
{
	mc_classes *c = mc_arena_calloc(m->arena, 1, sizeof(*c));
	mc_lp_result lp;
	mc_int_plan ip;
	mc_progress *pg = o ? o->progress : NULL;
	double t0 = mc_session_clock();
	double began = o && o->started > 0 ? o->started : t0;
	mc_session_opts so = {
	    .deadline = o && o->time_limit > 0 ? began + o->time_limit : 0,
	    .full = o ? o->full_lp : 0,
	    .solver = o ? o->solver : NULL,
	    .progress = pg,
	    .threads = o ? o->threads : 0,
	};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	mc_progress_phase(pg, "build");
	mc_classes_build(m, m->arena, c);
	int warm = 0;
	mc_session *S = o && o->warm_from
			    ? mc_session_new_warm(m, c, m->arena, &so,
						  o->warm_from, &warm, d)
			    : mc_session_new(m, c, m->arena, &so, d);
	if (!S)
		return -1;
	out->lp_warm = warm;
	out->t_build = mc_session_clock() - t0;
	if (mc_session_solve(S, &lp, d) < 0)
		goto out;
	out->t_solve = out->t_lp = lp.t_solve;
	if (!lp.primal) /* stopped without a plan: repair from nothing */
		for (int i = 0; i < lp.nx; i++)
			lp.x[i].value = 0;
	snap(&lp);

	/* the on-time pricing starts beside the whole units */
	ontime ot;
	pthread_t oth;
	int apart;
	ontime_begin(m, c, S, &lp, mc_split_threads(so.threads), &ot, &oth,
		     &apart);
	mc_progress_phase(pg, "round");
	t0 = mc_session_clock();
	make_whole(m, c, &lp, o, so.deadline, &ip, out);
	out->orders = mc_arena_calloc(m->arena, (size_t)m->norders + 1,
				      sizeof(mc_order_out));
	split(m, c, &lp, &ip, out);
	for (int i = 0; i < m->norders; i++) {
		mc_order_out *oo = &out->orders[i];
		oo->unmet = m->orders[i].quantity - oo->planned;
		out->units_unmet += oo->unmet;
		out->cost_unmet += oo->unmet * m->orders[i].unmet_penalty;
		oo->cost += oo->unmet * m->orders[i].unmet_penalty;
		mc_explain_order(m, c, &lp, &ip, i, c->class_of[i], m->arena,
				 oo);
	}
	fill_capacity(m, &lp, &ip, out);
	fill_materials(m, &lp, &ip, out);
	out->t_round = mc_session_clock() - t0;
	/* LP sensitivity is solver work: it counts as solve time */
	mc_progress_phase(pg, "on-time cost");
	t0 = mc_session_clock();
	ontime_end(&ot, oth, apart, out);
	out->t_solve += mc_session_clock() - t0; /* what it added */

	price_stability(m, c, S, &so, &lp, out);

	/* Stability: the LP's objective is the cost less stability_cost
	 * per unit kept; the bound is stated for cost + stability_cost per
	 * unit moved, which differs from it by a constant. */
	for (int i = 0; i < lp.nx; i++)
		if (lp.x[i].kept) {
			out->keep_units += lp.x[i].kept;
			out->kept_units += ip.units[i];
		}
	out->stability_cost = out->keep_units ? m->stability_cost : 0;
	out->cost_stability =
	    out->stability_cost * (out->keep_units - out->kept_units);
	double bound = lp.bound + out->stability_cost * out->keep_units;
	/* the rounding costs slots as the LP does: the same constant (and
	 * the published plan kept costs its plan cost, none moved) */
	out->cost_repair += out->stability_cost * out->keep_units;
	if (m->nkeep)
		out->cost_kept += out->stability_cost * out->keep_units;
	else
		out->cost_kept = NAN;
	out->lp_bound = lp.has_bound ? bound : NAN;
	mc_plan_totals(out);
	double objective = out->cost + out->cost_stability;
	/* A bound above a feasible plan's cost is no bound: the solver
	 * failed (numerically, on absurd coefficients), whatever it said. */
	double tol = MC_TOL_REL * fmax(1.0, fabs(objective));
	if (lp.has_bound && bound > objective + tol) {
		mc_diag_error(d, MC_ENOPLAN,
			      "the LP solver failed: its bound %.6g is above "
			      "the cost %.6g of a feasible plan",
			      bound, objective);
		goto out;
	}
	out->nclasses = c->n;
	out->lp_rows = lp.rows;
	out->lp_cols = lp.cols;
	out->lp_full_cols = lp.full_cols;
	out->lp_rounds = lp.rounds;
	out->lp_blocks = lp.blocks;
	out->lp_threads = lp.threads;
	out->lp_iters = (int)lp.iters;
	out->lp_status = lp.status;
	rc = 0;
out:
	mc_session_free(S);
	return rc;
}
