/*
 * round_improve.c - the local improvement of a whole plan
 * (mc_round_improve(), see round.h): unmet units placed where they fit or
 * where taking another unit out makes room (a chain of one or two moves),
 * units moved to cheaper slots of their class.  Every move is a trial:
 * its units added and taken out through the placement helpers of round.c
 * (round_impl.h), every minute logged, kept only when it lowers the
 * plan's cost and else undone by replaying the log backwards.  Scratch
 * memory is malloc'ed and freed here; the plan is the caller's.
 */
#include "round.h"
#include "round_impl.h"
#include "tolerance.h"
#include "progress.h"

#include <stdlib.h>
#include <string.h>

/* Takes one unit of slot i out again: its minutes off the resources (and
 * off the family's flows where several resources share a kind), its
 * materials back. */
static void remove_unit(round_ctx *x, const mc_lp_x *col, int i)
{
	const mc_model *m = x->m;
	mc_int_plan *ip = x->out;
	int f = round_family(x, col->cls), p = col->plant, t = col->day;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(x->c, col->cls, p, k);
		if (mins <= 0)
			continue;
		if (mc_model_admitting(m, p, k, f, x->res) == 1) {
			round_add_minutes(
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
				round_add_minutes(x,
						  (size_t)ip->flow[j].resource *
							  (size_t)x->days +
						      (size_t)t,
						  j, -take);
			left -= take;
		}
	}
	round_material_commit(x, col->cls, p, t, -1);
	ip->units[i]--;
	x->remaining[col->cls]++;
}

/* Overtime cost of plant p's resources on day t. */
static double ot_cost_at(const round_ctx *x, int p, int t)
{
	const mc_model *m = x->m;
	const mc_plant *pl = &m->plants[p];
	double cost = 0;
	for (int i = 0; i < pl->nresources; i++) {
		const mc_resource *r = &m->resources[pl->resources[i]];
		cost +=
		    round_overtime(
			r, t, x->out->load[pl->resources[i] * x->days + t]) *
		    r->ot_cost;
	}
	return cost;
}

static double penalty_of(const round_ctx *x, int cls)
{
	return x->m->orders[x->c->v[cls].rep].unmet_penalty;
}

/* The local search's state. */
typedef struct ls {
	round_ctx x;
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
	return round_price_unit(&L->x, col);
}

/* 1 when class cls uses a material that plant p lists. */
static int uses_listed(const round_ctx *x, int cls, int p)
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
	round_ctx *x = &tr->L->x;
	const mc_lp_x *col = &tr->L->cols[i];
	if (tr->n == TRIAL_OPS || x->remaining[col->cls] <= 0 ||
	    round_kept_full(x, col, i) || ls_price(tr->L, col) < 0)
		return 0;
	trial_touch(tr, col->plant, col->day);
	tr->log0[tr->n] = x->nlog;
	round_add_unit(x, col, i);
	tr->op[tr->n++] = i + 1;
	tr->delta += col->cost - penalty_of(x, col->cls);
	return 1;
}

static void trial_remove(trial *tr, int i)
{
	round_ctx *x = &tr->L->x;
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
	round_ctx *x = &tr->L->x;
	while (tr->n > k.n) {
		int op = tr->op[--tr->n];
		int i = op > 0 ? op - 1 : -op - 1, d = op > 0 ? -1 : 1;
		const mc_lp_x *col = &tr->L->cols[i];
		while (x->nlog > tr->log0[tr->n]) {
			const round_log *e = &x->log[--x->nlog];
			x->out->load[e->rd] -= e->mins;
			if (e->j >= 0)
				x->out->fmin[e->j] -= e->mins;
		}
		round_material_commit(x, col->cls, col->plant, col->day, d);
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
		if (i == skip || round_kept_full(&L->x, &L->cols[i], i))
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
static int may_free(const round_ctx *x, const mc_lp_x *cols, int s, int v,
		    int mat, int short_day)
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
	round_ctx *x = &L->x;
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
	round_ctx *x = &L->x;
	const mc_classes *c = x->c;
	double gain = 0;
	round_item *cls = mc_xmalloc(((size_t)c->n + 1) * sizeof(*cls));
	int ncls = 0;
	for (int k = 0; k < c->n; k++)
		if (x->remaining[k] > 0)
			cls[ncls++] = (round_item){penalty_of(x, k), k};
	qsort(cls, (size_t)ncls, sizeof(*cls), round_by_key_desc);
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
	ls L = {.x = round_ctx_of(m, c, ip), .cols = cols, .nx = nx};
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
	round_item *tmp = mc_xmalloc(((size_t)nx + 1) * sizeof(*tmp));
	for (int i = 0; i < nx; i++)
		tmp[i] = (round_item){cols[i].cost, i};
	for (int a = 0, end; a < nx; a = end) {
		mc_lp_class_cols(cols, nx, cols[a].cls, &end);
		qsort(tmp + a, (size_t)(end - a), sizeof(*tmp),
		      round_by_key_asc);
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
	mc_round_attribute(m, c, cols, nx, ip);
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
