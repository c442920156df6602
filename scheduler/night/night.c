/*
 * night.c - one night's plan on its own terms (night.h).
 */
#include "night.h"
#include "tolerance.h"
#include "made.h"
#include "mcf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is(const char *s, const char *what)
{
	return s && strcmp(s, what) == 0;
}

/* floor[0..n) sorted by serial: the one of serial, or NULL. */
static const mc_floor_unit *find_serial(const mc_floor_unit *floor, int n,
					int64_t serial)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (floor[mid].serial < serial)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && floor[lo].serial == serial ? &floor[lo] : NULL;
}

void mc_floor_apply(mc_run_view *pub, const mc_floor_unit *floor, int n)
{
	for (int i = 0; i < pub->nunits; i++) {
		mc_view_unit *u = &pub->units[i];
		const mc_floor_unit *f = find_serial(floor, n, u->serial);
		u->life = f ? f->life : NULL;
		u->life_day = f ? f->life_day : NULL;
		u->life_day_n = f ? f->life_day_n : 0;
		if (!u->status_now)
			continue; /* not a unit of the table */
		if (f && f->cancelled)
			u->status_now = "cancelled";
		else if (is(u->status_now, "cancelled"))
			u->status_now = u->status; /* cancelled later */
	}
}

/* A made unit with its order and seq, for sorting. */
typedef struct made_row {
	const char *order;
	int seq;
	mc_made_unit u;
} made_row;

static int by_order_seq(const void *x, const void *y)
{
	const made_row *a = x, *b = y;
	int c = strcmp(a->order, b->order);
	return c ? c : a->seq - b->seq;
}

void mc_floor_made(const mc_floor_unit *floor, int n, mc_arena *a,
		   mc_made **made, int *nmade)
{
	made_row *r = mc_xmalloc(((size_t)n + 1) * sizeof(*r));
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!floor[i].cancelled && (is(floor[i].life, "produced") ||
					    is(floor[i].life, "shipped")))
			r[k++] =
			    (made_row){floor[i].order,
				       floor[i].seq,
				       {floor[i].plant, floor[i].life_day_n}};
	if (k)
		qsort(r, (size_t)k, sizeof(*r), by_order_seq);
	mc_made *out = mc_arena_calloc(a, (size_t)k + 1, sizeof(mc_made));
	mc_made_unit *u = mc_arena_calloc(a, (size_t)k + 1, sizeof(*u));
	int w = 0;
	for (int i = 0; i < k; i++) {
		u[i] = r[i].u;
		if (w && strcmp(out[w - 1].order, r[i].order) == 0)
			out[w - 1].units++;
		else
			out[w++] = (mc_made){r[i].order, 1, &u[i]};
	}
	free(r);
	*made = out;
	*nmade = w;
}

void mc_floor_keep(const mc_model *m, const mc_run_view *pub,
		   const mc_floor_unit *floor, int n, mc_floor_unit **out,
		   int *nout)
{
	mc_id_index mine, theirs = {0};
	mc_order_index_build(m, &mine);
	if (pub && pub->norders)
		mc_id_index_build(&theirs, &pub->orders[0].id,
				  sizeof(mc_view_order), pub->norders);
	mc_floor_unit *kept =
	    mc_arena_calloc(m->arena, (size_t)n + 1, sizeof(mc_floor_unit));
	int k = 0;
	for (int i = 0; i < n; i++)
		if (mc_id_index_find(&mine, floor[i].order) >= 0 ||
		    mc_id_index_find(&theirs, floor[i].order) >= 0)
			kept[k++] = floor[i];
	mc_id_index_free(&mine);
	mc_id_index_free(&theirs);
	*out = kept;
	*nout = k;
}

void mc_night_prepare(mc_model *m, const mc_night_terms *t, mc_night *n)
{
	memset(n, 0, sizeof(*n));
	n->m = m;
	n->ninput = m->norders;
	n->made = t->made;
	n->nmade = t->nmade;
	mc_commit_build(m, t->pub, t->made, t->nmade, t->floor, t->nfloor,
			t->frozen_days, t->stability_cost, &n->cm);
	mc_commit_model(m, &n->cm, &n->todo);
}

int mc_night_plan(mc_night *n, const mc_plan_opts *o, mc_plan *out, mc_diag *d)
{
	if (mc_plan_run(&n->todo, o, out, d) < 0)
		return -1;
	mc_commit_merge(n->m, &n->cm, out);
	mc_night_rebalance(n->m, out);
	mc_plan_account_made(n->m, n->made, n->nmade, out);
	return 0;
}

/* ---- minutes at the least overtime ---- */

/* Re-places the minutes of one plant, day and kind, v[0..k), over the
 * resources that admit them, when that pays; returns what it saved. */
static double rebalance_block(const mc_model *m, mc_plan *p, const mc_fixmin *v,
			      int k, int *res, double *load)
{
	int H = m->horizon_days, t = v[0].day, nres;
	double cost, total;
	double placed =
	    mc_minutes_place(m, v, k, NULL, res, &nres, load, &cost, &total);
	if (nres < 2)
		return 0;
	double before = 0, held = 0;
	for (int q = 0; q < nres; q++) {
		const mc_resday *rd = &p->cap[res[q] * H + t];
		before += rd->ot * m->resources[res[q]].ot_cost;
		held += rd->used * MC_MIN_PER_HOUR;
	}
	/* the block's resources carry exactly its minutes (else they are
	 * not ours to move: a unit's minutes on a down day, say), all of
	 * them fit, and the overtime falls */
	if (fabs(held - total) > MC_TOL_FIT * fmax(1, total) ||
	    placed < total - MC_TOL_FIT * fmax(1, total) ||
	    cost >= before - MC_TOL_TIE * fmax(1, before))
		return 0;
	for (int q = 0; q < nres; q++) {
		mc_resday *rd = &p->cap[res[q] * H + t];
		rd->used = load[q] / MC_MIN_PER_HOUR;
		rd->ot = fmax(0, rd->used - rd->hours);
	}
	return before - cost;
}

void mc_night_rebalance(const mc_model *m, mc_plan *p)
{
	int n = 0, cap = 256;
	mc_fixmin *v = mc_xmalloc((size_t)cap * sizeof(*v));
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		int f = m->orders[al->order].family;
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_model_unit_minutes(m, al->order, al->plant, k);
			if (mins <= 0)
				continue;
			if (n == cap)
				v = mc_xrealloc(v, (size_t)(cap *= 2) *
						       sizeof(*v));
			v[n++] = (mc_fixmin){f, al->plant, al->day, k,
					     mins * al->units};
		}
	}
	n = mc_minutes_merge(v, n);
	int *res = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	double *load = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(double));
	double saved = 0;
	for (int i = 0, j; i < n; i = j) {
		j = mc_minutes_block(v, n, i);
		saved += rebalance_block(m, p, &v[i], j - i, res, load);
	}
	free(v);
	free(res);
	free(load);
	if (saved <= 0)
		return;
	p->ot_gain += saved;
	p->cost_overtime = 0;
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < m->horizon_days; t++)
			p->cost_overtime += p->cap[r * m->horizon_days + t].ot *
					    m->resources[r].ot_cost;
	mc_plan_totals(p);
}

void mc_night_told(mc_progress *pg, mc_progress_run r, const mc_night *n,
		   const mc_plan *p, double seconds)
{
	r.stored = 1;
	r.lp_status = p->lp_status;
	r.cost = p->cost;
	r.lp_bound = p->lp_bound;
	r.gap = p->gap;
	r.orders = n->ninput;
	r.units_planned = p->units_planned;
	r.units_late = p->units_late;
	r.units_unmet = p->units_unmet;
	r.seconds = seconds;
	mc_progress_run_is(pg, &r);
}
