/*
 * commit.c - the frozen window, actuals and stability of a night's plan
 * (commit.h).  Why published units moved is causes.c's: this file calls
 * it where the marks are found, and for the moves once the plan is
 * merged.
 */
#include "commit.h"
#include "causes.h"
#include "tolerance.h"
#include "mcf.h"
#include "plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_TOL_FIT

/* A unit of the published plan that may be kept where it was. */
typedef struct cand {
	int order, seq, plant, day;
} cand;

/* The build's working state. */
struct bld {
	mc_model *m;
	const mc_run_view *v;
	mc_commit *c;
	int *o_of;	   /* [v->norders] index in m or -1 */
	int *frozen_of;	   /* [m->norders] frozen units */
	int *vfrozen;	   /* [v->norders] frozen units of withdrawn orders */
	mc_frozen *frozen; /* growing */
	int nfrozen, capfrozen;
	cand *cands;
	int ncands, capcands;
	mc_conflict *conf;
	int nconf, capconf;
	mc_place *pub;
	int npub, cappub;
	mc_id_index plants, resources; /* of m, by id */
};

static void *grow(void *v, int n, int *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 64;
	return mc_xrealloc(v, (size_t)*cap * size);
}

static int is(const char *s, const char *what)
{
	return s && strcmp(s, what) == 0;
}

static void conflict(struct bld *b, const char *what, const char *order,
		     const char *place, int day, int units, const char *fmt,
		     ...) __attribute__((format(printf, 7, 8)));

static void conflict(struct bld *b, const char *what, const char *order,
		     const char *place, int day, int units, const char *fmt,
		     ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	b->conf = grow(b->conf, b->nconf, &b->capconf, sizeof(*b->conf));
	b->conf[b->nconf++] = (mc_conflict){
	    what, order, place, day, units, mc_arena_strdup(b->m->arena, buf)};
}

int mc_commit_options(const mc_model *m, int f, const mc_view_order *vw,
		      int *opt)
{
	const mc_family *fam = &m->families[f];
	for (int i = 0; i < fam->nopts; i++)
		opt[i] = -1;
	if (vw->nopts < 0)
		return -1;
	for (int k = 0; k < vw->nopts; k++) {
		const mc_view_option *x = &vw->opts[k];
		int hit = 0;
		for (int i = 0; i < fam->nopts && !hit; i++) {
			const mc_option *op = &fam->opts[i];
			if (strcmp(op->name, x->name) != 0)
				continue;
			for (int j = 0; j < op->nvals && !hit; j++)
				if (strcmp(op->vals[j].name, x->value) == 0)
					opt[i] = j, hit = 1;
		}
		if (!hit)
			return -1;
	}
	for (int i = 0; i < fam->nopts; i++)
		if (opt[i] < 0)
			return -1;
	return 0;
}

static int readd_order(struct bld *b, int vo, int quantity)
{
	return mc_commit_readd_order(b->m, &b->v->orders[vo], quantity);
}

int mc_commit_readd_order(mc_model *m, const mc_view_order *vw, int quantity)
{
	int f = mc_model_index(&m->families[0].id, sizeof(mc_family),
			       m->nfamilies, vw->family);
	int r = mc_model_find(m->regions, m->nregions, vw->region);
	if (f < 0 || r < 0)
		return -1;
	int *opt = mc_arena_calloc(m->arena, (size_t)m->families[f].nopts + 1,
				   sizeof(int));
	if (mc_commit_options(m, f, vw, opt) != 0)
		return -1;
	if (m->norders >= m->orders_room) { /* grow by doubling, not by one */
		int room = m->norders < 8 ? 16 : 2 * m->norders;
		mc_order *grown =
		    mc_arena_calloc(m->arena, (size_t)room, sizeof(mc_order));
		if (m->norders)
			memcpy(grown, m->orders,
			       (size_t)m->norders * sizeof(mc_order));
		m->orders = grown;
		m->orders_room = room;
	}
	mc_order *o = m->orders;
	o[m->norders] = (mc_order){
	    .id = vw->id,
	    .customer = vw->customer,
	    .region = r,
	    .family = f,
	    .opt = opt,
	    .quantity = quantity,
	    .due = vw->due_n,
	    .release = vw->release_n,
	    .priority = vw->priority,
	    .late_penalty = vw->late_penalty,
	    .unmet_penalty = vw->unmet_penalty,
	    .max_late_days = vw->max_late_days,
	};
	if (o[m->norders].release < m->start)
		o[m->norders].release = m->start;
	return m->norders++;
}

/* plants.yaml's stock is counted on its own horizon start (stock_day):
 * units the floor made from that day until the night's start took their
 * materials out of it.  A stock that would go below nothing is nothing
 * (the planner counted it already). */
static void used_stock(struct bld *b, const mc_floor_unit *floor, int n,
		       const mc_id_index *orders)
{
	mc_model *m = b->m;
	int nm = m->nmaterials, pub_start = b->v->horizon_start_n;
	b->c->used_since = mc_arena_calloc(
	    m->arena, (size_t)m->nplants * (size_t)nm + 1, sizeof(double));
	for (int i = 0; i < n; i++) {
		const mc_floor_unit *f = &floor[i];
		int day = f->made_day_n;
		if (f->cancelled || !f->made_day || day < m->stock_day ||
		    day >= m->start)
			continue;
		int o = mc_id_index_find(orders, f->order);
		int p = mc_id_index_find(&b->plants, f->plant);
		if (o < 0 || p < 0)
			continue;
		mc_plant *pl = &m->plants[p];
		for (int k = 0; k < nm; k++) {
			if (!pl->mat_listed[k])
				continue;
			double use = mc_model_unit_material(m, o, k);
			pl->mat_stock[k] = fmax(0, pl->mat_stock[k] - use);
			if (day >= pub_start)
				b->c->used_since[p * nm + k] += use;
		}
	}
}

/* Every planned live unit of the published run: done, frozen, or a
 * candidate to keep in place. */
static void sort_units(struct bld *b)
{
	mc_model *m = b->m;
	mc_commit *c = b->c;
	int H = m->horizon_days, N = c->frozen_days;
	for (int i = 0; i < b->v->nunits; i++) {
		const mc_view_unit *u = &b->v->units[i];
		int vo = u->order_idx, o = vo >= 0 ? b->o_of[vo] : -1;
		/* the floor did other than the plan said: a unit scrapped,
		 * made though the plan left it unmet, or made on another day
		 * than planned; its order's units may move for it, and an
		 * early one leaves room where it was planned */
		int made = is(u->life, "produced") || is(u->life, "shipped");
		int off = is(u->life, "scrapped") ||
			  (made && (!is(u->status, "planned") ||
				    u->life_day_n != u->day_n));
		if (off && o >= 0)
			c->order_actuals[o] = 1;
		if (!is(u->status, "planned") || !u->status_now ||
		    is(u->status_now, "cancelled"))
			continue;
		if (made) {
			if (off)
				mc_causes_made_room(
				    c, mc_id_index_find(&b->plants, u->plant),
				    u->day_n);
			continue;
		}
		int t = u->day_n - m->start;
		int p = mc_id_index_find(&b->plants, u->plant);
		if (o >= 0) {
			b->pub =
			    grow(b->pub, b->npub, &b->cappub, sizeof(*b->pub));
			b->pub[b->npub++] = (mc_place){o, p, m->start + t};
		}
		int r = mc_id_index_find(&b->resources, u->resource);
		int pinned = mc_frozen_day(t, H, N, is(u->life, "released"));
		/* a family that needs no resource has plan rows without one */
		if (pinned && (p < 0 || (u->resource && r < 0))) {
			conflict(b, "dropped", u->order,
				 p < 0 ? u->plant : u->resource, u->day_n, 1,
				 "%s: %s is no longer in plants.yaml",
				 u->identifier, p < 0 ? u->plant : u->resource);
			continue;
		}
		if (pinned) {
			b->frozen = grow(b->frozen, b->nfrozen, &b->capfrozen,
					 sizeof(*b->frozen));
			b->frozen[b->nfrozen++] =
			    (mc_frozen){o, u->seq, p, r, t};
			if (o >= 0)
				b->frozen_of[o]++;
			else if (vo >= 0)
				b->vfrozen[vo]++;
			/* a withdrawn order's units: order fixed below */
			if (o < 0)
				b->frozen[b->nfrozen - 1].order = -2 - vo;
		} else if (o >= 0 && p >= 0 && t >= N && t < H) {
			b->cands = grow(b->cands, b->ncands, &b->capcands,
					sizeof(*b->cands));
			b->cands[b->ncands++] = (cand){o, u->seq, p, t};
		}
	}
}

/* Withdrawn orders whose units are frozen come back with those units. */
static void readd_withdrawn(struct bld *b)
{
	const mc_run_view *v = b->v;
	int *now = mc_xmalloc(((size_t)v->norders + 1) * sizeof(int));
	for (int vo = 0; vo < v->norders; vo++) {
		now[vo] = -1;
		if (!b->vfrozen[vo])
			continue;
		now[vo] = readd_order(b, vo, b->vfrozen[vo]);
		if (now[vo] < 0)
			conflict(b, "dropped", v->orders[vo].id, NULL, 0,
				 b->vfrozen[vo],
				 "order %s was withdrawn and its family, "
				 "options or region are no longer known: "
				 "%d frozen unit(s) cannot be kept",
				 v->orders[vo].id, b->vfrozen[vo]);
		else
			conflict(b, "withdrawn", v->orders[vo].id, NULL, 0,
				 b->vfrozen[vo],
				 "order %s was withdrawn: its %d frozen "
				 "unit(s) stay in the plan",
				 v->orders[vo].id, b->vfrozen[vo]);
	}
	int n = 0;
	for (int i = 0; i < b->nfrozen; i++) {
		mc_frozen *f = &b->frozen[i];
		if (f->order <= -2)
			f->order = now[-2 - f->order];
		if (f->order >= 0)
			b->frozen[n++] = *f;
	}
	b->nfrozen = n;
	free(now);
}

static int by_place(const void *x, const void *y)
{
	const mc_frozen *a = x, *b = y;
	if (a->order != b->order)
		return a->order - b->order;
	if (a->plant != b->plant)
		return a->plant - b->plant;
	if (a->resource != b->resource)
		return a->resource - b->resource;
	if (a->day != b->day)
		return a->day - b->day;
	return a->seq - b->seq;
}

int mc_commit_place_cmp(const void *x, const void *y)
{
	const mc_place *a = x, *b = y;
	if (a->order != b->order)
		return a->order - b->order;
	if (a->day != b->day)
		return a->day - b->day;
	return a->plant - b->plant;
}

static int by_order_seq(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->order != b->order)
		return a->order - b->order;
	return a->seq - b->seq;
}

/* Keeps: per order, its candidates by seq (the lowest seqs survive a
 * shrink) up to its remaining quantity, counted by plant and day. */
static void make_keeps(struct bld *b)
{
	mc_model *m = b->m;
	mc_commit *c = b->c;
	if (b->ncands)
		qsort(b->cands, (size_t)b->ncands, sizeof(cand), by_order_seq);
	c->keep =
	    mc_arena_calloc(m->arena, (size_t)b->ncands + 1, sizeof(mc_keep));
	for (int i = 0, taken = 0; i < b->ncands; i++) {
		const cand *k = &b->cands[i];
		if (i == 0 || k->order != b->cands[i - 1].order)
			taken = 0;
		const mc_order *o = &m->orders[k->order];
		int left =
		    o->quantity - c->done[k->order] - b->frozen_of[k->order];
		if (taken++ >= left)
			continue;
		/* keeps of one order are contiguous: look back over its own */
		int found = -1;
		for (int q = c->nkeep - 1;
		     q >= 0 && c->keep[q].order == k->order && found < 0; q--)
			if (c->keep[q].plant == k->plant &&
			    c->keep[q].day == k->day)
				found = q;
		if (found >= 0)
			c->keep[found].units++;
		else
			c->keep[c->nkeep++] =
			    (mc_keep){k->order, k->plant, k->day, 1};
	}
}

/* Puts mins minutes of kind k of frozen unit f on the resources of its
 * plant that admit its family, as the published plan's whole units did
 * (their minutes may be split over several resources of a kind): its
 * published resource first where it is of this kind, then the one with
 * the most time left, and so on; what finds no room lands on the one with
 * the most (an overfilled day, which frozen_use() lists). */
static void pour(const mc_model *m, mc_commit *c, const mc_frozen *f, int k,
		 int fam, double mins, int *adm)
{
	int H = m->horizon_days, t = f->day;
	int n = mc_model_admitting(m, f->plant, k, fam, adm);
	int r = f->resource >= 0 && m->resources[f->resource].kind == k &&
			m->resources[f->resource].admits[fam]
		    ? f->resource
		    : -1;
	if (r >= 0 && mc_model_max_minutes(m, r, t) - c->load[r * H + t] <= EPS)
		r = -1; /* full already: the others first */
	while (mins > EPS) {
		if (r < 0) {
			double best = -INFINITY;
			for (int j = 0; j < n; j++) {
				double left =
				    mc_model_max_minutes(m, adm[j], t) -
				    c->load[adm[j] * H + t];
				if (left > best)
					best = left, r = adm[j];
			}
			if (r < 0)
				return; /* no resource of the kind left */
		}
		double left =
		    mc_model_max_minutes(m, r, t) - c->load[r * H + t];
		double take = left > EPS ? fmin(left, mins) : mins;
		c->load[r * H + t] += take;
		mins -= take;
		r = -1;
	}
}

/* Running sums over the days of each (plant, material) row of a
 * [nplants * nmaterials * days] array, into to (from may equal to). */
static void through(const mc_model *m, const double *from, double *to)
{
	int H = m->horizon_days;
	size_t rows = (size_t)m->nplants * (size_t)m->nmaterials;
	for (size_t i = 0; i < rows; i++)
		for (int t = 0; t < H; t++)
			to[i * (size_t)H + (size_t)t] =
			    from[i * (size_t)H + (size_t)t] +
			    (t ? to[i * (size_t)H + (size_t)t - 1] : 0);
}

/* 1 when the minutes of block v[0..k) (one plant, day and kind, merged by
 * family) fit on its resources beside the minutes fixed there already. */
static int block_fits(const mc_model *m, const mc_commit *c, const mc_fixmin *v,
		      int k)
{
	int *res = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	double *load = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(double));
	int nres;
	double cost, total;
	double placed =
	    mc_minutes_place(m, v, k, c->load, res, &nres, load, &cost, &total);
	free(res);
	free(load);
	return placed >= total - EPS * fmax(1, total);
}

static int by_group(const void *x, const void *y)
{
	const mc_fixmin *a = x, *b = y;
	if (a->family != b->family)
		return a->family - b->family;
	if (a->plant != b->plant)
		return a->plant - b->plant;
	if (a->day != b->day)
		return a->day - b->day;
	return a->kind - b->kind;
}

/* 1 when the plant, day and kind of v is among the blocks bad[0..n)
 * (sorted as mc_minutes_merge() sorts). */
static int in_block(const mc_fixmin *bad, int n, const mc_fixmin *v)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const mc_fixmin *b = &bad[mid];
		int cmp = b->plant != v->plant ? b->plant - v->plant
			  : b->day != v->day   ? b->day - v->day
					       : b->kind - v->kind;
		if (cmp == 0)
			return 1;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Resources of kind k at plant p admitting family f with hours on day t. */
static int open_admitting(const mc_model *m, int p, int k, int f, int t,
			  int *adm)
{
	int n = mc_model_admitting(m, p, k, f, adm), open = 0;
	for (int i = 0; i < n; i++)
		open += mc_model_max_minutes(m, adm[i], t) > 0;
	return open;
}

/* Minutes and materials the frozen units take, and the conflicts where
 * they overfill a resource-day or run a material short. */
static void frozen_use(struct bld *b)
{
	mc_model *m = b->m;
	mc_commit *c = b->c;
	int H = m->horizon_days, nm = m->nmaterials, nfx = 0, capfx = 0;
	int *adm = mc_xmalloc(((size_t)m->nresources + 1) * sizeof(int));
	mc_fixmin *fx = NULL;
	c->load = mc_arena_calloc(
	    m->arena, (size_t)m->nresources * (size_t)H + 1, sizeof(double));
	c->mat_use = mc_arena_calloc(
	    m->arena, (size_t)m->nplants * (size_t)nm * (size_t)H + 1,
	    sizeof(double));
	/* kinds with one resource for the unit: its minutes go there; the
	 * others' wait for the blocks' check below */
	for (int i = 0; i < c->nfrozen; i++) {
		const mc_frozen *f = &c->frozen[i];
		int fam = m->orders[f->order].family;
		for (int k = 0; k < m->nkinds; k++) {
			double mins =
			    mc_model_unit_minutes(m, f->order, f->plant, k);
			if (mins <= 0)
				continue;
			if (open_admitting(m, f->plant, k, fam, f->day, adm) <
			    2) {
				pour(m, c, f, k, fam, mins, adm);
				continue;
			}
			fx = grow(fx, nfx, &capfx, sizeof(*fx));
			fx[nfx++] = (mc_fixmin){fam, f->plant, f->day, k, mins};
		}
		for (int k = 0; k < nm; k++)
			c->mat_use[((size_t)f->plant * (size_t)nm + (size_t)k) *
				       (size_t)H +
				   (size_t)f->day] +=
			    mc_model_unit_material(m, f->order, k);
	}
	/* the LP places a block's minutes when they all fit beside the
	 * fixed ones; a block they overfill is poured, as published */
	nfx = mc_minutes_merge(fx, nfx);
	mc_fixmin *bad = mc_xmalloc(((size_t)nfx + 1) * sizeof(*bad));
	int nbad = 0;
	c->fixmin =
	    mc_arena_calloc(m->arena, (size_t)nfx + 1, sizeof(mc_fixmin));
	for (int i = 0, j; i < nfx; i = j) {
		j = mc_minutes_block(fx, nfx, i);
		if (!block_fits(m, c, &fx[i], j - i)) {
			bad[nbad++] = fx[i];
			continue;
		}
		for (int q = i; q < j; q++)
			c->fixmin[c->nfixmin++] = fx[q];
	}
	for (int i = 0; nbad && i < c->nfrozen; i++) {
		const mc_frozen *f = &c->frozen[i];
		int fam = m->orders[f->order].family;
		for (int k = 0; k < m->nkinds; k++) {
			mc_fixmin at = {fam, f->plant, f->day, k, 0};
			double mins =
			    mc_model_unit_minutes(m, f->order, f->plant, k);
			if (mins > 0 && in_block(bad, nbad, &at) &&
			    open_admitting(m, f->plant, k, fam, f->day, adm) >=
				2)
				pour(m, c, f, k, fam, mins, adm);
		}
	}
	if (c->nfixmin)
		qsort(c->fixmin, (size_t)c->nfixmin, sizeof(mc_fixmin),
		      by_group);
	free(bad);
	free(fx);
	free(adm);
	/* a frozen unit its plant can no longer make (no cost for the
	 * family, no lane, no resource of a kind it needs): kept, but no
	 * plan to publish as it is; one conflict per order and plant */
	for (int i = 0; i < c->nfrozen; i++) {
		const mc_frozen *f = &c->frozen[i];
		int why = mc_model_plant_blocker(m, f->order, f->plant), n = 1;
		if (why == MC_REASON_NONE)
			continue;
		while (i + 1 < c->nfrozen &&
		       c->frozen[i + 1].order == f->order &&
		       c->frozen[i + 1].plant == f->plant)
			i++, n++;
		conflict(
		    b, "plant", m->orders[f->order].id, m->plants[f->plant].id,
		    0, n,
		    "order %s: %d frozen unit(s) at %s, which can no longer "
		    "make it (%s)",
		    m->orders[f->order].id, n, m->plants[f->plant].id,
		    mc_reason_name(why));
	}
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < H; t++) {
			double need = c->load[r * H + t],
			       have = mc_model_max_minutes(m, r, t);
			if (need > have + EPS)
				conflict(b, "hours", NULL, m->resources[r].id,
					 m->start + t, 0,
					 "%s: frozen units need %.1f h, %.1f h "
					 "with overtime",
					 m->resources[r].id,
					 need / MC_MIN_PER_HOUR,
					 have / MC_MIN_PER_HOUR);
		}
	for (int p = 0; p < m->nplants; p++)
		for (int k = 0; k < nm; k++) {
			const mc_plant *pl = &m->plants[p];
			if (!pl->mat_listed[k])
				continue;
			size_t row =
			    ((size_t)p * (size_t)nm + (size_t)k) * (size_t)H;
			double used = 0;
			for (int t = 0; t < H; t++) {
				double have = c->mat_have[row + (size_t)t];
				used += c->mat_use[row + (size_t)t];
				if (used <= have + EPS)
					continue;
				char place[160];
				snprintf(place, sizeof(place), "%s/%s", pl->id,
					 m->materials[k]);
				conflict(b, "material", NULL,
					 mc_arena_strdup(m->arena, place),
					 m->start + t, 0,
					 "%s: frozen units use %.2f by this "
					 "day, %.2f in stock and arriving",
					 place, used, have);
				break;
			}
		}
}

void mc_commit_build(mc_model *m, const mc_run_view *pub, const mc_made *made,
		     int nmade, const mc_floor_unit *floor, int nfloor,
		     int frozen_days, double stability_cost, mc_commit *c)
{
	int H = m->horizon_days, no = m->norders;
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->frozen_days = frozen_days < 0   ? 0
			 : frozen_days > H ? H
					   : frozen_days;
	c->stability_cost = stability_cost;
	if (!pub)
		return;
	c->published = pub->id;
	struct bld b = {.m = m, .v = pub, .c = c};
	mc_id_index ix;
	mc_order_index_build(m, &ix);
	mc_id_index_build(&b.plants, &m->plants[0].id, sizeof(mc_plant),
			  m->nplants);
	mc_id_index_build(&b.resources,
			  m->nresources ? &m->resources[0].id : NULL,
			  sizeof(mc_resource), m->nresources);
	b.o_of = mc_xmalloc(((size_t)pub->norders + 1) * sizeof(int));
	b.vfrozen = mc_xcalloc((size_t)pub->norders + 1, sizeof(int));
	/* [norders] arrays get room for orders readd_order() appends */
	size_t room = (size_t)no + (size_t)pub->norders + 1;
	b.frozen_of = c->frozen_of =
	    mc_arena_calloc(m->arena, room, sizeof(int));
	c->done = mc_arena_calloc(m->arena, room, sizeof(int));
	c->order_actuals = mc_arena_calloc(m->arena, room, 1);
	c->order_changed = mc_arena_calloc(m->arena, room, 1);
	c->cap_lower = mc_arena_calloc(m->arena, (size_t)m->nplants * H + 1, 1);
	c->taken_new = mc_arena_calloc(m->arena, (size_t)m->nplants * H + 1, 1);
	c->freed = mc_arena_calloc(m->arena, (size_t)m->nplants * H + 1, 1);
	c->more_room = mc_arena_calloc(m->arena, (size_t)m->nplants * H + 1, 1);
	c->made_room = mc_arena_calloc(m->arena, (size_t)m->nplants * H + 1, 1);
	size_t npm = (size_t)m->nplants * (size_t)m->nmaterials;
	c->more_mat = mc_arena_calloc(m->arena, npm * (size_t)H + 1, 1);
	for (int i = 0; i < nmade; i++) {
		int o = mc_id_index_find(&ix, made[i].order);
		if (o >= 0) {
			c->done[o] = made[i].units;
			c->ndone += made[i].units;
		}
	}
	used_stock(&b, floor, nfloor, &ix);
	for (int vo = 0; vo < pub->norders; vo++) {
		b.o_of[vo] = mc_id_index_find(&ix, pub->orders[vo].id);
		if (b.o_of[vo] >= 0)
			c->order_changed[b.o_of[vo]] =
			    (unsigned char)mc_causes_changed(m, b.o_of[vo],
							     &pub->orders[vo]);
	}
	mc_id_index_free(&ix);
	/* orders the published run did not have are new: changed too */
	unsigned char *seen = mc_xcalloc((size_t)no + 1, 1);
	for (int vo = 0; vo < pub->norders; vo++)
		if (b.o_of[vo] >= 0)
			seen[b.o_of[vo]] = 1;
	for (int o = 0; o < no; o++)
		if (!seen[o])
			c->order_changed[o] = 1;
	free(seen);
	sort_units(&b);
	readd_withdrawn(&b);
	for (int i = no; i < m->norders; i++)
		c->order_changed[i] = 1; /* withdrawn, back for its units */
	for (int i = 0; i < b.nfrozen; i++)
		if (b.frozen[i].order >= no)
			b.frozen_of[b.frozen[i].order]++;
	for (int o = 0; o < no; o++) {
		int over = b.frozen_of[o] + c->done[o] - m->orders[o].quantity;
		if (b.frozen_of[o] > 0 && over > 0)
			conflict(&b, "shrunk", m->orders[o].id, NULL, 0, over,
				 "order %s is down to %d unit(s); %d frozen "
				 "and %d made stay, %d more than ordered",
				 m->orders[o].id, m->orders[o].quantity,
				 b.frozen_of[o], c->done[o], over);
	}
	c->frozen =
	    mc_arena_calloc(m->arena, (size_t)b.nfrozen + 1, sizeof(mc_frozen));
	if (b.nfrozen)
		memcpy(c->frozen, b.frozen,
		       (size_t)b.nfrozen * sizeof(mc_frozen));
	c->nfrozen = b.nfrozen;
	qsort(c->frozen, (size_t)c->nfrozen, sizeof(mc_frozen), by_place);
	if (b.npub)
		qsort(b.pub, (size_t)b.npub, sizeof(mc_place),
		      mc_commit_place_cmp);
	c->pub =
	    mc_arena_calloc(m->arena, (size_t)b.npub + 1, sizeof(mc_place));
	if (b.npub)
		memcpy(c->pub, b.pub, (size_t)b.npub * sizeof(mc_place));
	c->npub = b.npub;
	make_keeps(&b);
	c->mat_have = mc_model_mat_have(m, m->arena);
	frozen_use(&b);
	mc_causes_places(c, pub, b.o_of, &b.plants, &b.resources);
	c->conflicts =
	    mc_arena_calloc(m->arena, (size_t)b.nconf + 1, sizeof(mc_conflict));
	if (b.nconf)
		memcpy(c->conflicts, b.conf,
		       (size_t)b.nconf * sizeof(mc_conflict));
	c->nconflicts = b.nconf;
	free(b.o_of);
	free(b.vfrozen);
	free(b.frozen);
	free(b.cands);
	free(b.conf);
	free(b.pub);
	mc_id_index_free(&b.plants);
	mc_id_index_free(&b.resources);
}

void mc_commit_model(const mc_model *m, const mc_commit *c, mc_model *m2)
{
	int H = m->horizon_days, nm = m->nmaterials;
	*m2 = *m;
	m2->orders_room = 0; /* m's array: m2 never grows it */
	m2->keep = c->keep;
	m2->nkeep = c->nkeep;
	m2->stability_cost = c->stability_cost;
	m2->fixmin = c->fixmin;
	m2->nfixmin = c->nfixmin;
	if (!c->published)
		return;
	mc_order *o =
	    mc_arena_calloc(m->arena, (size_t)m->norders + 1, sizeof(mc_order));
	for (int i = 0; i < m->norders; i++) {
		o[i] = m->orders[i];
		int left = o[i].quantity - c->done[i] - c->frozen_of[i];
		o[i].quantity = left > 0 ? left : 0;
	}
	m2->orders = o;
	if (!c->nfrozen)
		return;
	/* hours: regular first, then overtime */
	mc_resource *res = mc_arena_calloc(m->arena, (size_t)m->nresources + 1,
					   sizeof(mc_resource));
	memcpy(res, m->resources, (size_t)m->nresources * sizeof(mc_resource));
	for (int r = 0; r < m->nresources; r++) {
		const double *load = &c->load[r * H];
		int any = 0;
		for (int t = 0; t < H && !any; t++)
			any = load[t] > 0;
		if (!any)
			continue;
		double *h =
		    mc_arena_calloc(m->arena, (size_t)H + 1, sizeof(double));
		double *ot =
		    mc_arena_calloc(m->arena, (size_t)H + 1, sizeof(double));
		for (int t = 0; t < H; t++) {
			double need = load[t] / MC_MIN_PER_HOUR;
			double reg = res[r].day_hours[t],
			       extra = res[r].day_ot[t];
			h[t] = fmax(0, reg - need);
			ot[t] = fmax(0, extra - fmax(0, need - reg));
		}
		res[r].day_hours = h;
		res[r].day_ot = ot;
	}
	m2->resources = res;
	/* materials: a frozen unit's use leaves with its day's receipts; what
	 * the stock cannot cover is a conflict already, never a shortage
	 * the LP has to plan around */
	mc_plant *pl =
	    mc_arena_calloc(m->arena, (size_t)m->nplants + 1, sizeof(mc_plant));
	memcpy(pl, m->plants, (size_t)m->nplants * sizeof(mc_plant));
	for (int p = 0; p < m->nplants; p++) {
		double *rec = NULL;
		for (int k = 0; k < nm; k++) {
			if (!pl[p].mat_listed[k])
				continue;
			const double *use =
			    &c->mat_use[((size_t)p * (size_t)nm + (size_t)k) *
					(size_t)H];
			double have = pl[p].mat_stock[k];
			for (int t = 0; t < H; t++) {
				if (use[t] <= 0 && !rec) {
					have += pl[p].mat_receipts[k * H + t];
					continue;
				}
				if (!rec) {
					size_t n = (size_t)nm * (size_t)H;
					rec = mc_arena_calloc(m->arena, n + 1,
							      sizeof(double));
					memcpy(rec, pl[p].mat_receipts,
					       n * sizeof(double));
				}
				have += rec[k * H + t];
				double take = fmin(use[t], fmax(0, have));
				rec[k * H + t] -= take;
				have -= take;
			}
		}
		if (rec)
			pl[p].mat_receipts = rec;
	}
	m2->plants = pl;
}

/* Lane days from plant p to order o's region (0 without a lane). */
static int transit_of(const mc_model *m, int o, int p)
{
	int l = m->lane_of[p * m->nregions + m->orders[o].region];
	return l >= 0 ? m->lanes[l].days : 0;
}

/* The frozen units as allocations of their own, grouped by order,
 * plant, resource and day (c->frozen comes sorted that way), and
 * accounted into p. */
static void add_frozen(const mc_model *m, const mc_commit *c, mc_plan *p)
{
	mc_alloc *al = mc_arena_calloc(
	    m->arena, (size_t)p->nalloc + (size_t)c->nfrozen + 1,
	    sizeof(mc_alloc));
	if (p->nalloc)
		memcpy(al, p->alloc, (size_t)p->nalloc * sizeof(mc_alloc));
	int n = p->nalloc;
	for (int i = 0; i < c->nfrozen; i++) {
		const mc_frozen *f = &c->frozen[i];
		mc_alloc *last = n > p->nalloc ? &al[n - 1] : NULL;
		int s = transit_of(m, f->order, f->plant);
		if (last && last->order == f->order &&
		    last->plant == f->plant && last->resource == f->resource &&
		    last->day == f->day)
			last->units++;
		else
			al[n++] = (mc_alloc){.order = f->order,
					     .plant = f->plant,
					     .day = f->day,
					     .resource = f->resource,
					     .units = 1,
					     .arrive = m->start + f->day + s,
					     .frozen = 1};
		mc_plan_account(m, p, f->order, f->plant, f->day, s, 1);
	}
	p->alloc = al;
	p->nalloc = n;
}

/* The frozen units into p: their allocations, capacity and materials at
 * the night's figures with their use, the cost, the bound and the gap. */
static void merge_frozen(const mc_model *m, const mc_commit *c, mc_plan *p)
{
	int H = m->horizon_days, nm = m->nmaterials;
	double before = p->cost;
	add_frozen(m, c, p);
	p->cost_overtime = 0;
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < H; t++) {
			mc_resday *rd = &p->cap[r * H + t];
			rd->hours = m->resources[r].day_hours[t];
			rd->ot_max = m->resources[r].day_ot[t];
			rd->used += c->load[r * H + t] / MC_MIN_PER_HOUR;
			rd->ot =
			    rd->used > rd->hours ? rd->used - rd->hours : 0;
			p->cost_overtime += rd->ot * m->resources[r].ot_cost;
		}
	size_t n = (size_t)m->nplants * (size_t)nm * (size_t)H;
	double *used = mc_xmalloc((n + 1) * sizeof(double));
	through(m, c->mat_use, used);
	for (int i = 0; i < p->nmat; i++) {
		mc_matday *md = &p->mat[i];
		size_t at =
		    ((size_t)md->plant * (size_t)nm + (size_t)md->material) *
			(size_t)H +
		    (size_t)md->day;
		md->available = c->mat_have[at];
		md->used += used[at];
	}
	free(used);
	/* what the frozen units add is a constant of the LP: the bound
	 * moves by it (their overtime included, see mc_commit_model()) */
	mc_plan_totals(p); /* the cost with the frozen units */
	double added = p->cost - before;
	p->cost_repair += added;
	p->cost_kept += added; /* NAN stays NAN */
	p->lp_bound += added;  /* NAN stays NAN */
	mc_plan_totals(p);     /* the gap against the moved bound */
}

void mc_commit_merge(const mc_model *m, const mc_commit *c, mc_plan *p)
{
	p->units_done = c->ndone;
	p->units_frozen = c->nfrozen;
	p->frozen_days = c->frozen_days;
	p->conflicts = c->conflicts;
	p->nconflicts = c->nconflicts;
	p->frozen_ok = 1;
	for (int i = 0; i < c->nconflicts; i++)
		if (is(c->conflicts[i].what, "dropped") ||
		    is(c->conflicts[i].what, "plant"))
			p->frozen_ok = 0;
	if (!c->published)
		return;
	mc_causes_taken(c, p); /* before the frozen units join p */
	if (c->nfrozen)
		merge_frozen(m, c, p);
	mc_causes_moves(c, p);
}
