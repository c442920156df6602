/*
 * promise.c - capable-to-promise on the published plan (promise.h).
 *
 * A way of making the order at a plant is found in passes over layers of
 * each resource-day's minutes, cheapest first: 0 the regular hours the
 * plan leaves free, 1 the overtime it leaves free, 2 (needs the next
 * plan) the minutes the plan gives other work outside the next night's
 * frozen window.  A firm way uses layers 0 and 1 only.  Whole units: a
 * day takes as many units as every resource kind and every material has
 * room for.
 */
#include "promise.h"
#include "date.h"
#include "explain.h"
#include "tolerance.h"
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLAYERS 3
#define FIT_EPS 1e-6 /* minutes or material below this are none */

const char *mc_quote_status_name(int status)
{
	static const char *const names[] = {"firm", "later", "needs-plan",
					    "impossible"};
	return status >= 0 && status < 4 ? names[status] : "?";
}

/* ---- the base ---- */

static int base_tables(mc_ctp_base *b, const mc_run_view *v, mc_diag *d)
{
	const mc_model *m = &b->m;
	size_t H = (size_t)b->H, nr = (size_t)m->nresources;
	size_t nm = (size_t)m->nmaterials, np = (size_t)m->nplants;
	b->reg = mc_arena_calloc(b->a, nr * H + 1, sizeof(double));
	b->ot = mc_arena_calloc(b->a, nr * H + 1, sizeof(double));
	b->used = mc_arena_calloc(b->a, nr * H + 1, sizeof(double));
	b->shadow = mc_arena_calloc(b->a, nr * H + 1, sizeof(double));
	b->mat_left = mc_arena_calloc(b->a, np * nm * H + 1, sizeof(double));
	b->mat_have = mc_arena_calloc(b->a, np * nm * H + 1, sizeof(double));
	b->mat_shadow = mc_arena_calloc(b->a, np * nm * H + 1, sizeof(double));
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		int r = mc_id_index_find(&b->res_ix, c->resource);
		if (r < 0 || c->t < 0 || c->t >= b->H)
			return mc_diag_error(d, MC_ESTORE,
					     "run %lld: resource '%s' on %s is "
					     "not in its inputs",
					     (long long)b->run, c->resource,
					     c->day);
		size_t at = (size_t)r * H + (size_t)c->t;
		double over = fmax(0, c->used - c->hours);
		b->reg[at] = MC_MIN_PER_HOUR * fmax(0, c->hours - c->used);
		b->ot[at] = MC_MIN_PER_HOUR * fmax(0, c->ot_max - over);
		b->used[at] = MC_MIN_PER_HOUR * fmax(0, c->used);
		b->shadow[at] = fmax(0, c->shadow);
	}
	for (int i = 0; i < v->nmat; i++) {
		const mc_view_mat *x = &v->mat[i];
		int p = mc_id_index_find(&b->plant_ix, x->plant);
		int k = mc_model_find(m->materials, m->nmaterials, x->material);
		if (p < 0 || k < 0 || x->t < 0 || x->t >= b->H)
			continue; /* not limited in this model */
		size_t at = ((size_t)p * nm + (size_t)k) * H + (size_t)x->t;
		b->mat_left[at] = x->available - x->used;
		b->mat_have[at] = x->available;
		b->mat_shadow[at] = fmax(0, x->shadow);
	}
	return 0;
}

int mc_ctp_base_build(mc_store *s, int64_t run, mc_ctp_base *b, mc_diag *d)
{
	mc_run_view v;
	memset(b, 0, sizeof(*b));
	b->a = mc_arena_new();
	b->run = run;
	if (mc_run_model_plants(s, run, b->a, &b->m, d) < 0 ||
	    mc_store_load_capacity(s, run, b->a, &v, d) < 0)
		goto fail;
	const mc_model *m = &b->m;
	if (v.horizon_start_n != m->start ||
	    v.horizon_days != m->horizon_days) {
		mc_diag_error(d, MC_ESTORE,
			      "run %lld: its stored horizon is not its "
			      "inputs'",
			      (long long)run);
		goto fail;
	}
	b->H = m->horizon_days;
	b->frozen_days = v.frozen_days;
	mc_id_index_build(&b->res_ix,
			  m->nresources ? &m->resources[0].id : NULL,
			  sizeof(mc_resource), m->nresources);
	mc_id_index_build(&b->plant_ix, m->nplants ? &m->plants[0].id : NULL,
			  sizeof(mc_plant), m->nplants);
	if (base_tables(b, &v, d) < 0)
		goto fail;
	b->reader = mc_order_reader_new(&b->m);
	return 0;
fail:
	mc_ctp_base_release(b);
	return -1;
}

void mc_ctp_base_release(mc_ctp_base *b)
{
	mc_order_reader_free(b->reader);
	mc_id_index_free(&b->res_ix);
	mc_id_index_free(&b->plant_ix);
	mc_arena_free(b->a);
	memset(b, 0, sizeof(*b));
}

/* ---- free capacity less the holds ---- */

static double *copy_of(const double *v, size_t n)
{
	double *c = mc_xmalloc((n + 1) * sizeof(double));
	memcpy(c, v, n * sizeof(double));
	return c;
}

void mc_ctp_free_make(const mc_ctp_base *b, const mc_hold *holds, int n,
		      double now, mc_ctp_free *f)
{
	const mc_model *m = &b->m;
	size_t H = (size_t)b->H, nm = (size_t)m->nmaterials;
	size_t nrd = (size_t)m->nresources * H;
	size_t nmd = (size_t)m->nplants * nm * H;
	memset(f, 0, sizeof(*f));
	f->run = b->run;
	f->reg = copy_of(b->reg, nrd);
	f->ot = copy_of(b->ot, nrd);
	f->mat_left = copy_of(b->mat_left, nmd);
	for (int i = 0; i < n; i++) {
		const mc_hold *h = &holds[i];
		int day, t;
		if (h->expires > 0 && h->expires <= now)
			continue;
		if (h->expires > 0 &&
		    (f->valid_until == 0 || h->expires < f->valid_until))
			f->valid_until = h->expires;
		if (mc_date_parse(h->day, &day))
			continue;
		t = day - m->start;
		if (t < 0 || t >= b->H)
			continue;
		if (h->resource) {
			int r = mc_id_index_find(&b->res_ix, h->resource);
			if (r < 0)
				continue;
			size_t at = (size_t)r * H + (size_t)t;
			double take = fmin(h->amount, f->reg[at]);
			f->reg[at] -= take;
			f->ot[at] = fmax(0, f->ot[at] - (h->amount - take));
		} else if (h->plant && h->material) {
			int p = mc_id_index_find(&b->plant_ix, h->plant);
			int k = mc_model_find(m->materials, m->nmaterials,
					      h->material);
			if (p < 0 || k < 0)
				continue;
			double *row =
			    &f->mat_left[((size_t)p * nm + (size_t)k) * H];
			for (size_t u = (size_t)t; u < H; u++)
				row[u] -= h->amount;
		}
	}
}

void mc_ctp_free_release(mc_ctp_free *f)
{
	free(f->reg);
	free(f->ot);
	free(f->mat_left);
	memset(f, 0, sizeof(*f));
}

/* ---- one plant: placing the units ---- */

/* Placing the order at one plant.  Resources are the plant's, by local
 * index li (rid[li] the model's index). */
struct place {
	const mc_ctp_base *b;
	const mc_ctp_free *f;
	const mc_model *m; /* the base's model with the one order */
	int p, transit, H, nk, nm, frozen_end;
	int nr, *rid; /* the plant's resources */
	double *mins; /* [nk] minutes a unit takes on each kind */
	double *matq; /* [nm] material a unit takes (0 unless listed) */
	int *adm;     /* [nk * nr] local indexes admitting the family */
	int *nadm;    /* [nk] how many */
	int *order;   /* [nr] scratch */
	double *take[NLAYERS]; /* [li * H + t] minutes taken, by layer */
	double *mtake;	       /* [k * H + t] material taken on day t */
	int *units;	       /* [H] units placed on day t */
	int left;	       /* units still to place */
	int mat_short;	       /* a material refused a unit */
};

/* Minutes of layer l on local resource li, day t, not yet taken. */
static double room(const struct place *c, int l, int li, int t)
{
	size_t H = (size_t)c->H;
	size_t at = (size_t)c->rid[li] * H + (size_t)t;
	double have = l == 0		   ? c->f->reg[at]
		      : l == 1		   ? c->f->ot[at]
		      : t >= c->frozen_end ? c->b->used[at]
					   : 0;
	return fmax(0, have - c->take[l][(size_t)li * H + (size_t)t]);
}

/* Price of a minute of layer l on local resource li, day t. */
static double price(const struct place *c, int l, int li, int t)
{
	int r = c->rid[li];
	if (l == 0)
		return 0;
	if (l == 1)
		return c->m->resources[r].ot_cost / MC_MIN_PER_HOUR;
	return c->b->shadow[(size_t)r * (size_t)c->H + (size_t)t] /
	       MC_MIN_PER_HOUR;
}

/* What material k at the plant allows from day t on with layers 0..L:
 * the least over days u >= t of what is left less what this way took by
 * u.  Layer 2 may take what other work uses, never what other promises
 * hold. */
static double mat_room(const struct place *c, int k, int t, int L)
{
	size_t H = (size_t)c->H;
	size_t row = ((size_t)c->p * (size_t)c->nm + (size_t)k) * H;
	const double *left = &c->f->mat_left[row];
	const double *have = &c->b->mat_have[row];
	const double *base = &c->b->mat_left[row];
	double took = 0, best = INFINITY;
	for (int u = 0; u < c->H; u++) {
		took += c->mtake[(size_t)k * H + (size_t)u];
		if (u < t)
			continue;
		double lim = L < 2 ? left[u] : have[u] - (base[u] - left[u]);
		best = fmin(best, lim - took);
	}
	return best;
}

/* Units that fit on day t with layers 0..L, beyond those placed (at
 * most the units left). */
static int fit(struct place *c, int t, int L)
{
	double n = c->left;
	for (int k = 0; k < c->nk && n > 0; k++) {
		if (c->mins[k] <= 0)
			continue;
		double cap = 0;
		for (int i = 0; i < c->nadm[k]; i++)
			for (int l = 0; l <= L; l++)
				cap += room(c, l, c->adm[k * c->nr + i], t);
		n = fmin(n, floor((cap + FIT_EPS) / c->mins[k]));
	}
	for (int k = 0; k < c->nm && n > 0; k++) {
		if (c->matq[k] <= 0)
			continue;
		double lim =
		    floor((mat_room(c, k, t, L) + FIT_EPS) / c->matq[k]);
		if (lim < n) {
			n = fmax(0, lim);
			c->mat_short = 1;
		}
	}
	return n > 0 ? (int)n : 0;
}

/* Takes n units on day t from layers 0..L, each layer's cheapest
 * resource first. */
static void take_units(struct place *c, int t, int L, int n)
{
	size_t H = (size_t)c->H;
	for (int k = 0; k < c->nk; k++) {
		double need = n * c->mins[k];
		int na = c->nadm[k];
		for (int l = 0; l <= L && need > FIT_EPS; l++) {
			/* the kind's resources by this layer's price */
			for (int i = 0; i < na; i++) {
				int x = c->adm[k * c->nr + i], j = i;
				double px = price(c, l, x, t);
				for (; j > 0 &&
				       price(c, l, c->order[j - 1], t) > px;
				     j--)
					c->order[j] = c->order[j - 1];
				c->order[j] = x;
			}
			for (int i = 0; i < na && need > FIT_EPS; i++) {
				int li = c->order[i];
				double amt = fmin(need, room(c, l, li, t));
				c->take[l][(size_t)li * H + (size_t)t] += amt;
				need -= amt;
			}
		}
	}
	for (int k = 0; k < c->nm; k++)
		c->mtake[(size_t)k * H + (size_t)t] += n * c->matq[k];
	c->units[t] += n;
	c->left -= n;
}

/* Forgets every unit placed: qty to place again. */
static void reset(struct place *c, int qty)
{
	size_t H = (size_t)c->H;
	for (int l = 0; l < NLAYERS; l++)
		memset(c->take[l], 0, (size_t)c->nr * H * sizeof(double));
	memset(c->mtake, 0, (size_t)c->nm * H * sizeof(double));
	memset(c->units, 0, H * sizeof(int));
	c->left = qty;
	c->mat_short = 0;
}

/* Places what fits of the units left on days[0..n), in that order, with
 * layers 0..L. */
static void place_days(struct place *c, const int *days, int n, int L)
{
	for (int i = 0; i < n && c->left > 0; i++) {
		int u = fit(c, days[i], L);
		if (u > 0)
			take_units(c, days[i], L, u);
	}
}

/* The last day with units placed, -1 none. */
static int last_day(const struct place *c)
{
	for (int t = c->H - 1; t >= 0; t--)
		if (c->units[t])
			return t;
	return -1;
}

/* The earliest way with layers 0..maxL on days lo..hi: the day the last
 * unit is made is found greedily, then the units are placed again on the
 * days up to it a layer at a time, so that the dearer layers take only
 * what the cheaper ones cannot.  Returns 1 when every unit is placed. */
static int earliest(struct place *c, int lo, int hi, int maxL, int qty,
		    int *days)
{
	int n = 0;
	for (int t = lo; t <= hi; t++)
		days[n++] = t;
	reset(c, qty);
	place_days(c, days, n, maxL);
	if (c->left > 0)
		return 0;
	int end = last_day(c), mat = c->mat_short;
	reset(c, qty);
	for (int L = 0; L <= maxL && c->left > 0; L++)
		place_days(c, days, end - lo + 1, L);
	if (c->left > 0) { /* the layered pass fell short: the greedy one */
		reset(c, qty);
		place_days(c, days, n, maxL);
	}
	c->mat_short = mat;
	return 1;
}

/* The cost of a unit's minutes in layer l on day t (the kind's cheapest
 * resource's price), for ordering days. */
static double unit_price(const struct place *c, int l, int t)
{
	double sum = 0;
	for (int k = 0; k < c->nk; k++) {
		if (c->mins[k] <= 0 || !c->nadm[k])
			continue;
		double best = INFINITY;
		for (int i = 0; i < c->nadm[k]; i++)
			best =
			    fmin(best, price(c, l, c->adm[k * c->nr + i], t));
		sum += c->mins[k] * best;
	}
	return sum;
}

/* Sorts days[0..n) by the price of a unit in layer l, later days first
 * among equals (an insertion sort: a horizon is short, and this keeps no
 * state outside the call, as threads quoting at once need). */
static void sort_by_price(const struct place *c, int l, int *days, int n,
			  double *px)
{
	for (int i = 0; i < n; i++) {
		int t = days[i], j = i;
		double p = unit_price(c, l, t);
		for (; j > 0 &&
		       (px[j - 1] > p || (px[j - 1] == p && days[j - 1] < t));
		     j--) {
			days[j] = days[j - 1];
			px[j] = px[j - 1];
		}
		days[j] = t;
		px[j] = p;
	}
}

/* The cheapest way to have every unit made on days lo..hi with all
 * layers: free regular hours first, on the latest days (least holding),
 * then free overtime, then other work's hours (layers up to maxL), each on
 * its cheapest days.  Returns 1 when every unit is placed. */
static int cheapest_by(struct place *c, int lo, int hi, int maxL, int qty,
		       int *days, double *px)
{
	int n = 0;
	for (int t = hi; t >= lo; t--)
		days[n++] = t;
	reset(c, qty);
	place_days(c, days, n, 0);
	for (int L = 1; L <= maxL && c->left > 0; L++) {
		sort_by_price(c, L, days, n, px);
		place_days(c, days, n, L);
	}
	return c->left == 0;
}

/* ---- one quote ---- */

/* What every plant of one quote shares. */
struct quoting {
	const mc_ctp_base *b;
	const mc_ctp_free *f;
	mc_model qm;  /* the base's model with the one order (index 0) */
	mc_order ord; /* the order, due its date wanted (or 0) */
	mc_arena *a;
	int t0; /* the first production day (a horizon index) */
	int *days;
	double *px;
};

/* Sets c up for plant p, whose lane takes `transit` days. */
static void plant_init(struct place *c, const struct quoting *z, int p,
		       int transit)
{
	const mc_model *m = &z->qm;
	const mc_plant *pl = &m->plants[p];
	mc_arena *a = z->a;
	size_t H = (size_t)z->b->H;
	memset(c, 0, sizeof(*c));
	c->b = z->b;
	c->f = z->f;
	c->m = m;
	c->p = p;
	c->transit = transit;
	c->H = z->b->H;
	c->nk = m->nkinds;
	c->nm = m->nmaterials;
	c->frozen_end = z->t0 + z->b->frozen_days;
	c->nr = pl->nresources;
	c->rid = pl->resources;
	c->mins = mc_arena_calloc(a, (size_t)c->nk + 1, sizeof(double));
	c->matq = mc_arena_calloc(a, (size_t)c->nm + 1, sizeof(double));
	c->adm = mc_arena_calloc(a, (size_t)(c->nk * c->nr) + 1, sizeof(int));
	c->nadm = mc_arena_calloc(a, (size_t)c->nk + 1, sizeof(int));
	c->order = mc_arena_calloc(a, (size_t)c->nr + 1, sizeof(int));
	int *glob = mc_arena_calloc(a, (size_t)m->nresources + 1, sizeof(int));
	for (int k = 0; k < c->nk; k++) {
		c->mins[k] = mc_model_unit_minutes(m, 0, p, k);
		int n = mc_model_admitting(m, p, k, z->ord.family, glob);
		/* the model's indexes to the plant's local ones */
		for (int i = 0; i < n; i++)
			for (int li = 0; li < c->nr; li++)
				if (c->rid[li] == glob[i])
					c->adm[k * c->nr + c->nadm[k]++] = li;
	}
	for (int k = 0; k < c->nm; k++)
		if (pl->mat_listed[k])
			c->matq[k] = mc_model_unit_material(m, 0, k);
	for (int l = 0; l < NLAYERS; l++)
		c->take[l] =
		    mc_arena_calloc(a, (size_t)c->nr * H + 1, sizeof(double));
	c->mtake = mc_arena_calloc(a, (size_t)c->nm * H + 1, sizeof(double));
	c->units = mc_arena_calloc(a, H + 1, sizeof(int));
}

/* The way c has placed, priced; `due` the date it is priced against (the
 * date wanted, else its own arrival). */
static void way_of(const struct place *c, const struct quoting *z, int due,
		   mc_ctp_way *w)
{
	const mc_model *m = c->m;
	mc_arena *a = z->a;
	size_t H = (size_t)c->H;
	int qty = z->ord.quantity, last = last_day(c);
	memset(w, 0, sizeof(*w));
	w->plant = c->p;
	w->arrive = m->start + last + c->transit;
	mc_model_cost_parts(m, 0, c->p, &w->make, &w->options, &w->lane);
	w->make *= qty;
	w->options *= qty;
	w->lane *= qty;
	mc_model qm = *m;
	mc_order o = z->ord;
	o.due = due ? due : w->arrive;
	qm.orders = &o;
	w->days = mc_arena_calloc(a, H + 1, sizeof(mc_ctp_day));
	for (int t = 0; t <= last; t++) {
		if (!c->units[t])
			continue;
		w->days[w->ndays].day = m->start + t;
		w->days[w->ndays++].units = c->units[t];
		w->holding +=
		    c->units[t] * mc_model_unit_day_cost(&qm, 0, t, c->transit);
	}
	int nuse = 0;
	for (int li = 0; li < c->nr; li++)
		for (size_t t = 0; t < H; t++)
			nuse += c->take[0][li * H + t] +
				    c->take[1][li * H + t] +
				    c->take[2][li * H + t] >
				FIT_EPS;
	w->uses = mc_arena_calloc(a, (size_t)nuse + 1, sizeof(mc_ctp_use));
	for (int li = 0; li < c->nr; li++) {
		int r = c->rid[li];
		for (size_t t = 0; t < H; t++) {
			size_t at = (size_t)li * H + t;
			double reg = c->take[0][at], ot = c->take[1][at];
			double dis = c->take[2][at];
			if (reg + ot + dis <= FIT_EPS)
				continue;
			w->uses[w->nuses++] = (mc_ctp_use){.r = r,
							   .t = (int)t,
							   .reg = reg,
							   .ot = ot,
							   .displaced = dis};
			w->overtime += ot * price(c, 1, li, (int)t);
			w->displaced += dis * price(c, 2, li, (int)t);
		}
	}
	int nmat = 0;
	for (int k = 0; k < c->nm; k++)
		for (size_t t = 0; t < H; t++)
			nmat += c->mtake[(size_t)k * H + t] > FIT_EPS;
	w->mats = mc_arena_calloc(a, (size_t)nmat + 1, sizeof(mc_ctp_mat));
	for (int k = 0; k < c->nm; k++) {
		size_t row = ((size_t)c->p * (size_t)c->nm + (size_t)k) * H;
		double took = 0, short_qty = 0;
		int lastk = -1;
		for (size_t t = 0; t < H; t++) {
			double q = c->mtake[(size_t)k * H + t];
			took += q;
			short_qty =
			    fmax(short_qty, took - c->f->mat_left[row + t]);
			if (q <= FIT_EPS)
				continue;
			lastk = w->nmats;
			w->mats[w->nmats++] = (mc_ctp_mat){
			    .p = c->p, .k = k, .t = (int)t, .qty = q};
		}
		/* what it takes from other work, at its last day's price */
		if (lastk >= 0 && short_qty > FIT_EPS) {
			mc_ctp_mat *x = &w->mats[lastk];
			x->short_qty = short_qty;
			w->material +=
			    short_qty * c->b->mat_shadow[row + (size_t)x->t];
		}
	}
	w->total = w->make + w->options + w->lane + w->holding + w->overtime +
		   w->displaced + w->material;
}

/* 1 when way x is better than y: earlier (by_date), else cheaper. */
static int better(const mc_ctp_way *x, const mc_ctp_way *y, int by_date)
{
	if (by_date && x->arrive != y->arrive)
		return x->arrive < y->arrive;
	if (x->total != y->total)
		return x->total < y->total;
	return x->arrive < y->arrive;
}

enum search {
	EARLIEST, /* the earliest arrival */
	BY_DATE,  /* the cheapest that arrives by the date wanted */
};

/* The best way over every plant that can serve the order, with layers
 * 0..maxL: into *w, returning 1, or 0 none.  *mat_short says whether a
 * material stopped some plant. */
static int best_way(const struct quoting *z, const int *blocker, int how,
		    int maxL, mc_ctp_way *w, int *mat_short)
{
	const mc_model *m = &z->qm;
	int found = 0;
	for (int p = 0; p < m->nplants; p++) {
		if (blocker[p] != MC_REASON_NONE)
			continue;
		int transit =
		    m->lanes[m->lane_of[p * m->nregions + z->ord.region]].days;
		int lo = z->t0 > z->ord.release - m->start
			     ? z->t0
			     : z->ord.release - m->start;
		int hi = z->b->H - 1;
		if (how == BY_DATE && z->ord.due - transit - m->start < hi)
			hi = z->ord.due - transit - m->start;
		if (lo > hi)
			continue;
		struct place c;
		plant_init(&c, z, p, transit);
		int ok =
		    how == BY_DATE
			? cheapest_by(&c, lo, hi, maxL, z->ord.quantity,
				      z->days, z->px)
			: earliest(&c, lo, hi, maxL, z->ord.quantity, z->days);
		*mat_short |= c.mat_short;
		if (!ok)
			continue;
		mc_ctp_way cand;
		way_of(&c, z, how == BY_DATE ? z->ord.due : 0, &cand);
		if (!found || better(&cand, w, how == EARLIEST)) {
			*w = cand;
			found = 1;
		}
	}
	return found;
}

void mc_ctp_quote(const mc_ctp_base *b, const mc_ctp_free *f, const mc_order *o,
		  int today, mc_arena *a, mc_quote *q)
{
	struct quoting z;
	const mc_model *bm = &b->m;
	char d1[11];
	memset(q, 0, sizeof(*q));
	memset(&z, 0, sizeof(z));
	z.b = b;
	z.f = f;
	z.a = a;
	z.ord = *o;
	z.qm = *bm;
	z.qm.orders = &z.ord;
	z.qm.norders = 1;
	z.t0 = today + 1 - bm->start;
	if (z.t0 < 0)
		z.t0 = 0;
	z.days = mc_arena_calloc(a, (size_t)b->H + 1, sizeof(int));
	z.px = mc_arena_calloc(a, (size_t)b->H + 1, sizeof(double));
	q->first_day = bm->start + z.t0;
	q->wanted = o->due;
	int *blocker = mc_arena_calloc(a, (size_t)bm->nplants + 1, sizeof(int));
	int servable = 0;
	for (int p = 0; p < bm->nplants; p++) {
		blocker[p] = mc_model_plant_blocker(&z.qm, 0, p);
		servable += blocker[p] == MC_REASON_NONE;
	}
	if (!servable) {
		q->status = MC_QUOTE_IMPOSSIBLE;
		mc_explain_blocked(&z.qm, 0, blocker, a, &q->reason,
				   &q->detail);
		return;
	}
	int first =
	    z.t0 > o->release - bm->start ? z.t0 : o->release - bm->start;
	if (first >= b->H) {
		q->status = MC_QUOTE_IMPOSSIBLE;
		q->reason = MC_REASON_WINDOW;
		q->detail = mc_arena_printf(
		    a,
		    "the plan's horizon ends on %s, before the first day "
		    "it could be made",
		    mc_date_format(bm->start + b->H - 1, d1));
		return;
	}
	int mat_short = 0;
	int wanted = o->due;
	/* firm: by the date wanted, the cheapest; else the earliest */
	if (wanted)
		q->has_firm =
		    best_way(&z, blocker, BY_DATE, 1, &q->firm, &mat_short);
	if (!q->has_firm) /* none by then: the earliest, later */
		q->has_firm =
		    best_way(&z, blocker, EARLIEST, 1, &q->firm, &mat_short);
	if (q->has_firm && (!wanted || q->firm.arrive <= wanted)) {
		q->status = MC_QUOTE_FIRM;
		return;
	}
	q->status = q->has_firm ? MC_QUOTE_LATER : MC_QUOTE_NEEDS_PLAN;
	/* why not firm (by the date wanted) */
	q->reason = mat_short ? MC_REASON_MATERIAL : MC_REASON_CAPACITY;
	q->detail = mat_short
			? "a material it needs is taken by the plan and other "
			  "promises"
			: "the plan and other promises fill the hours it needs";
	/* what the next night's plan could do, taking from other work */
	if (wanted)
		q->has_early = best_way(&z, blocker, BY_DATE, NLAYERS - 1,
					&q->early, &mat_short);
	if (!q->has_early && q->status == MC_QUOTE_NEEDS_PLAN)
		q->has_early = best_way(&z, blocker, EARLIEST, NLAYERS - 1,
					&q->early, &mat_short);
	if (!q->has_early)
		q->early_note =
		    wanted ? mc_arena_printf(a,
					     "not even taking hours from other "
					     "work outside the frozen window "
					     "could have it arrive by %s",
					     mc_date_format(wanted, d1))
			   : "not even taking hours from other work outside "
			     "the frozen window could make it in the horizon";
}

/* ---- making a promise ---- */

int mc_quote_promised(const mc_quote *q)
{
	if (!q->has_firm)
		return 0;
	return q->wanted && q->firm.arrive <= q->wanted ? q->wanted
							: q->firm.arrive;
}

/* `"text"` for YAML: a double-quoted scalar, backslash and quote escaped,
 * control characters as \xNN. */
static const char *yq(mc_arena *a, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = mc_arena_alloc(a, 4 * n + 3);
	out[k++] = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\') {
			out[k++] = '\\';
			out[k++] = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			k += (size_t)snprintf(out + k, 5, "\\x%02x", ch);
		} else {
			out[k++] = (char)ch;
		}
	}
	out[k++] = '"';
	out[k] = 0;
	return out;
}

/* The order as a night reads it, without id, customer and due
 * (promise.h), its unmet penalty raised with its priority. */
static const char *spec_of(const mc_model *m, const mc_order *o, int t0day,
			   mc_arena *a)
{
	const mc_family *f = &m->families[o->family];
	char d1[11];
	const char *s =
	    mc_arena_printf(a, "region: %s, family: %s",
			    yq(a, m->regions[o->region]), yq(a, f->id));
	if (f->nopts) {
		s = mc_arena_printf(a, "%s, options: {", s);
		for (int i = 0; i < f->nopts; i++)
			s = mc_arena_printf(
			    a, "%s%s%s: %s", s, i ? ", " : "",
			    yq(a, f->opts[i].name),
			    yq(a, f->opts[i].vals[o->opt[i]].name));
		s = mc_arena_printf(a, "%s}", s);
	}
	s = mc_arena_printf(a, "%s, quantity: %d", s, o->quantity);
	if (o->release > t0day)
		s = mc_arena_printf(a, "%s, release: %s", s,
				    mc_date_format(o->release, d1));
	if (o->late_penalty != f->late_penalty)
		s = mc_arena_printf(a, "%s, late_penalty: %.17g", s,
				    o->late_penalty);
	/* a promise left unmet costs what a hundred orders would: with
	 * lateness a hundred times dearer (its priority), leaving it unmet
	 * must not become the cheap way out */
	s = mc_arena_printf(
	    a, "%s, unmet_penalty: %.17g", s,
	    fmin(MC_MAX_MONEY, MC_PROMISE_PRIORITY * o->unmet_penalty));
	return s;
}

struct promising {
	const mc_ctp_base *b;
	const mc_ctp_ask *ask;
	mc_arena *a;
	mc_quote *q;
};

/* The holds of a firm way: minutes per resource-day, material per plant,
 * material and day. */
static void holds_of(const mc_ctp_base *b, const mc_ctp_way *w, mc_arena *a,
		     double expires, mc_promise_rec *out)
{
	const mc_model *m = &b->m;
	mc_hold *h = mc_arena_calloc(a, (size_t)(w->nuses + w->nmats) + 1,
				     sizeof(mc_hold));
	int n = 0;
	char d1[11];
	for (int i = 0; i < w->nuses; i++) {
		const mc_ctp_use *u = &w->uses[i];
		h[n++] = (mc_hold){.resource = m->resources[u->r].id,
				   .day = mc_arena_strdup(
				       a, mc_date_format(m->start + u->t, d1)),
				   .amount = u->reg + u->ot + u->displaced,
				   .expires = expires};
	}
	for (int i = 0; i < w->nmats; i++) {
		const mc_ctp_mat *x = &w->mats[i];
		h[n++] = (mc_hold){.plant = m->plants[x->p].id,
				   .material = m->materials[x->k],
				   .day = mc_arena_strdup(
				       a, mc_date_format(m->start + x->t, d1)),
				   .amount = x->qty,
				   .expires = expires};
	}
	out->holds = h;
	out->nholds = n;
}

static int decide(void *ctx, int64_t run, const mc_hold *holds, int n,
		  mc_promise_rec *out, mc_diag *d)
{
	struct promising *pr = ctx;
	const mc_ctp_base *b = pr->b;
	const mc_ctp_ask *ask = pr->ask;
	const mc_order *o = ask->order;
	mc_ctp_free f;
	char d1[11];
	if (run != b->run)
		return mc_diag_error(d, MC_ESTORE,
				     "the published plan changed (run %lld, "
				     "quoted on run %lld): ask again",
				     (long long)run, (long long)b->run);
	mc_ctp_free_make(b, holds, n, ask->now, &f);
	mc_ctp_quote(b, &f, o, ask->today, pr->a, pr->q);
	mc_ctp_free_release(&f);
	if (!pr->q->has_firm)
		return 0;
	const mc_model *m = &b->m;
	int held = ask->hold_min > 0;
	memset(out, 0, sizeof(*out));
	out->order_id = o->id;
	out->status = held ? "held" : "confirmed";
	out->expires = held ? ask->now + 60.0 * ask->hold_min : 0;
	out->run = b->run;
	out->promised = mc_arena_strdup(
	    pr->a, mc_date_format(mc_quote_promised(pr->q), d1));
	out->plant = m->plants[pr->q->firm.plant].id;
	out->family = m->families[o->family].id;
	out->region = m->regions[o->region];
	out->customer = o->customer;
	out->quantity = o->quantity;
	out->spec = spec_of(m, o, pr->q->first_day, pr->a);
	out->cost = pr->q->firm.total;
	holds_of(b, &pr->q->firm, pr->a, out->expires, out);
	return 1;
}

int mc_ctp_promise(mc_store *s, const mc_ctp_base *b, const mc_ctp_ask *ask,
		   mc_arena *a, mc_quote *q, mc_promise_rec *out, mc_diag *d)
{
	struct promising pr = {.b = b, .ask = ask, .a = a, .q = q};
	return mc_store_promise_make(s, ask->now, decide, &pr, a, out, d);
}

char *mc_ctp_orders_text(const mc_promise_rec *p, int n, mc_arena *a,
			 size_t *len)
{
	size_t cap = 16;
	for (int i = 0; i < n; i++)
		cap += strlen(p[i].spec) + strlen(p[i].order_id) * 8 +
		       (p[i].customer ? strlen(p[i].customer) * 4 : 0) + 128;
	char *s = mc_arena_alloc(a, cap);
	size_t k = (size_t)snprintf(s, cap, "orders:\n");
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(
		    s + k, cap - k,
		    "  - {id: %s, customer: %s, due: %s, priority: %d, %s}\n",
		    yq(a, p[i].order_id),
		    yq(a, p[i].customer ? p[i].customer : p[i].order_id),
		    p[i].promised, MC_PROMISE_PRIORITY, p[i].spec);
	*len = k;
	return s;
}
