/*
 * scenario.c - applying a what-if overlay to a loaded model (scenario.h).
 *
 * Two passes: the first resolves every name of every change and checks
 * what it asks of the model (a lane that exists, a material the plant
 * keeps, dates in the horizon), reporting each problem at its position in
 * the scenario file; only when all is well does the second change the
 * model, in file order.
 */
#include "scenario.h"
#include "arena.h"
#include "file.h"
#include "date.h"
#include "load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What pass 1 found for one change. */
struct target {
	int r, p, f, g, mat, lane, order;
	int *orders; /* MC_CH_REMOVE_ORDERS: indexes */
};

struct ap {
	mc_model *m;
	mc_diag *d;
	mc_id_index orders; /* by id */
	const char *file;   /* the scenario's path */
	/* the ids of resources, plants and families, for find() */
	const char **res, **plants, **fams;
};

static int bad(struct ap *x, const mc_pos *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(struct ap *x, const mc_pos *at, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mc_diag_at(x->d, MC_EINPUT, at->file ? at->file : x->file, at->line,
		   at->col, "%s", msg);
	return -1;
}

/* Index of ref's name among names[n], or -1 after reporting ("unknown
 * resource 'X' (did you mean ...?)"); -1 silently when not given. */
static int find(struct ap *x, const mc_ref *ref, const char *what,
		const char *const *names, int n)
{
	if (!ref->name)
		return -1;
	int i = mc_model_find(names, n, ref->name);
	if (i < 0) {
		const char *s = mc_diag_suggest(ref->name, names, n);
		char hint[300] = "";
		if (s)
			snprintf(hint, sizeof(hint), " (did you mean '%s'?)",
				 s);
		bad(x, &ref->pos, "unknown %s '%s'%s", what, ref->name, hint);
	}
	return i;
}

/* The ids of a record array, for find(). */
#define IDS(arr, n, field)                                                     \
	ids_of(&x, (const char *const *)&(arr)[0].field, n, sizeof((arr)[0]))

static const char **ids_of(struct ap *x, const char *const *first, int n,
			   size_t stride)
{
	const char **v =
	    mc_arena_calloc(x->m->arena, (size_t)n + 1, sizeof(*v));
	for (int i = 0; i < n; i++)
		v[i] = *(const char *const *)((const char *)first +
					      (size_t)i * stride);
	return v;
}

static int find_order(struct ap *x, const mc_ref *ref)
{
	int o = mc_id_index_find(&x->orders, ref->name);
	if (o < 0)
		return bad(x, &ref->pos, "unknown order '%s'", ref->name);
	return o;
}

/* Day t of the horizon for date day, or -1 after reporting at at. */
static int in_horizon(struct ap *x, const mc_pos *at, int day)
{
	const mc_model *m = x->m;
	if (day >= m->start && day < m->start + m->horizon_days)
		return day - m->start;
	char a[11], b[11], c[11];
	return bad(x, at, "%s is outside the horizon %s..%s",
		   mc_date_format(day, a), mc_date_format(m->start, b),
		   mc_date_format(m->start + m->horizon_days - 1, c));
}

/* Pass 1 for one change.  Returns 0 or -1 (reported). */
/* The names change c gives, found in the model (t), each one not there
 * reported (an order's only when orders is set).  Returns -1 when one is
 * not there. */
static int names(struct ap *x, const mc_change *c, struct target *t, int orders)
{
	mc_model *m = x->m;
	int n0 = mc_diag_count(x->d);
	t->r = find(x, &c->resource, "resource", x->res, m->nresources);
	t->p = find(x, &c->plant, "plant", x->plants, m->nplants);
	t->f = find(x, &c->family, "family", x->fams, m->nfamilies);
	t->g = find(x, &c->region, "region", m->regions, m->nregions);
	t->mat = find(x, &c->material, "material", m->materials, m->nmaterials);
	t->lane = t->order = -1;
	if (c->order.name && orders)
		t->order = find_order(x, &c->order);
	if (c->kind == MC_CH_LANE)
		find(x, &c->lane_region, "region", m->regions, m->nregions);
	return mc_diag_count(x->d) > n0 ? -1 : 0;
}

static int resolve(struct ap *x, const mc_change *c, struct target *t)
{
	mc_model *m = x->m;
	if (names(x, c, t, 1) < 0)
		return -1;
	/* what each kind needs resolved (the loader requires the keys, but
	 * a key may hold no usable name) */
	int need = c->kind == MC_CH_HOURS || c->kind == MC_CH_OVERTIME
		       ? t->r >= 0
		   : c->kind == MC_CH_PLANT_COST ? t->p >= 0 && t->f >= 0
		   : c->kind == MC_CH_LANE	 ? t->p >= 0
		   : c->kind == MC_CH_RECEIPT	 ? t->p >= 0 && t->mat >= 0
		   : c->kind == MC_CH_DUE	 ? t->order >= 0
						 : 1;
	if (!need)
		return bad(x, &c->pos,
			   "this change does not name what it "
			   "changes");
	switch (c->kind) {
	case MC_CH_HOURS:
		if (c->ndates == 0) {
			int lo = c->from > m->start ? c->from : m->start;
			int hi = m->start + m->horizon_days - 1;
			hi = c->to < hi ? c->to : hi;
			if (lo > hi)
				return in_horizon(x, &c->pos, c->from);
		}
		for (int i = 0; i < c->ndates; i++)
			if (in_horizon(x, &c->pos, c->dates[i]) < 0)
				return -1;
		break;
	case MC_CH_LANE: {
		/* names() found the region (or said so) */
		int g = c->lane_region.name
			    ? mc_model_find(m->regions, m->nregions,
					    c->lane_region.name)
			    : -1;
		if (t->p < 0 || g < 0)
			return -1;
		t->lane = m->lane_of[t->p * m->nregions + g];
		if (t->lane < 0)
			return bad(x, &c->pos, "no lane from '%s' to '%s'",
				   c->plant.name, c->lane_region.name);
		break;
	}
	case MC_CH_RECEIPT: {
		const mc_plant *p = &m->plants[t->p];
		if (!p->mat_listed[t->mat])
			return bad(x, &c->material.pos,
				   "plant '%s' keeps no stock of '%s'", p->id,
				   c->material.name);
		if (c->quantity > 0)
			break;
		if (in_horizon(x, &c->pos, c->date) < 0)
			return -1;
		int day = c->date - m->start;
		if (p->mat_receipts[t->mat * m->horizon_days + day] <= 0) {
			char buf[11];
			return bad(x, &c->pos,
				   "no receipt of '%s' at '%s' on %s",
				   c->material.name, p->id,
				   mc_date_format(c->date, buf));
		}
		break;
	}
	case MC_CH_DEMAND: {
		long long units = 0;
		int most = 0;
		for (int i = 0; i < m->norders; i++) {
			units += m->orders[i].quantity;
			if (m->orders[i].quantity > most)
				most = m->orders[i].quantity;
		}
		if (ceil(most * c->scale) > MC_MAX_QUANTITY ||
		    ceil((double)units * c->scale) > MC_MAX_UNITS)
			return bad(x, &c->pos,
				   "demand x %g would exceed %d units an "
				   "order or %d in all",
				   c->scale, MC_MAX_QUANTITY, MC_MAX_UNITS);
		break;
	}
	case MC_CH_REMOVE_ORDERS: {
		int missing = 0;
		t->orders =
		    mc_arena_calloc(m->arena, (size_t)c->nids + 1, sizeof(int));
		for (int i = 0; i < c->nids; i++)
			missing |=
			    (t->orders[i] = find_order(x, &c->ids[i])) < 0;
		return missing ? -1 : 0;
	}
	case MC_CH_DUE:
		if (t->order >= 0 && c->date < m->orders[t->order].release) {
			char buf[11];
			return bad(x, &c->pos,
				   "due %s is before the order's release %s",
				   mc_date_format(c->date, buf),
				   mc_date_format(m->orders[t->order].release,
						  (char[11]){0}));
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Sets resource r's hours on day (a date) by a calendar entry that wins
 * over those before it. */
static void set_day_hours(mc_model *m, mc_resource *r, int day, double h)
{
	int *cd = mc_arena_calloc(m->arena, (size_t)r->cal_n + 1, sizeof(int));
	double *ch =
	    mc_arena_calloc(m->arena, (size_t)r->cal_n + 1, sizeof(double));
	if (r->cal_n) {
		memcpy(cd, r->cal_day, (size_t)r->cal_n * sizeof(int));
		memcpy(ch, r->cal_hours, (size_t)r->cal_n * sizeof(double));
	}
	cd[r->cal_n] = day;
	ch[r->cal_n] = h;
	r->cal_day = cd;
	r->cal_hours = ch;
	r->cal_n++;
}

static const char *dates_text(mc_model *m, const mc_change *c)
{
	char a[11], b[11];
	if (c->ndates == 0)
		return mc_arena_printf(m->arena, "from %s to %s",
				       mc_date_format(c->from, a),
				       mc_date_format(c->to, b));
	if (c->ndates == 1)
		return mc_arena_printf(m->arena, "on %s",
				       mc_date_format(c->dates[0], a));
	return mc_arena_printf(m->arena, "on %d dates, %s to %s", c->ndates,
			       mc_date_format(c->dates[0], a),
			       mc_date_format(c->dates[c->ndates - 1], b));
}

/* Scales the quantities of the orders matching family f and region g (-1:
 * any) by s, keeping the total at round(total x s) by largest remainders
 * (ties to the earlier order); an order scaled to 0 is marked in gone[].
 * Returns the new total minus the old. */
static long long scale_demand(mc_model *m, int f, int g, double s,
			      unsigned char *gone)
{
	int n = 0;
	long long before = 0, after = 0;
	int *idx = malloc(((size_t)m->norders + 1) * sizeof(int));
	double *frac = malloc(((size_t)m->norders + 1) * sizeof(double));
	for (int i = 0; i < m->norders; i++) {
		const mc_order *o = &m->orders[i];
		if (gone[i] || (f >= 0 && o->family != f) ||
		    (g >= 0 && o->region != g))
			continue;
		idx[n++] = i;
		before += o->quantity;
	}
	long long target = llround((double)before * s);
	for (int k = 0; k < n; k++) {
		mc_order *o = &m->orders[idx[k]];
		double want = o->quantity * s;
		int q = (int)floor(want);
		frac[k] = want - q;
		o->quantity = q;
		after += q;
	}
	/* hand out the remainder, largest fraction first (stable) */
	while (after < target) {
		int best = -1;
		for (int k = 0; k < n; k++)
			if (frac[k] >= 0 && (best < 0 || frac[k] > frac[best]))
				best = k;
		if (best < 0)
			break;
		m->orders[idx[best]].quantity++;
		frac[best] = -1;
		after++;
	}
	for (int k = 0; k < n; k++)
		if (m->orders[idx[k]].quantity <= 0)
			gone[idx[k]] = 1;
	free(idx);
	free(frac);
	return after - before;
}

/* Pass 2 for one change. */
static void apply(struct ap *x, mc_change *c, const struct target *t,
		  unsigned char *gone, unsigned char *lane_gone)
{
	mc_model *m = x->m;
	mc_arena *a = m->arena;
	char d1[11], d2[11];
	switch (c->kind) {
	case MC_CH_HOURS: {
		mc_resource *r = &m->resources[t->r];
		if (c->ndates)
			for (int i = 0; i < c->ndates; i++)
				set_day_hours(m, r, c->dates[i], c->hours);
		else
			for (int day = c->from; day <= c->to; day++)
				if (day >= m->start &&
				    day < m->start + m->horizon_days)
					set_day_hours(m, r, day, c->hours);
		c->text = mc_arena_printf(a, "resource %s: %g h %s", r->id,
					  c->hours, dates_text(m, c));
		break;
	}
	case MC_CH_OVERTIME: {
		mc_resource *r = &m->resources[t->r];
		if (c->ot_hours >= 0)
			r->ot_hours = c->ot_hours;
		if (c->ot_cost >= 0)
			r->ot_cost = c->ot_cost;
		c->text = mc_arena_printf(
		    a, "resource %s: overtime up to %g h a workday at %g/h",
		    r->id, r->ot_hours, r->ot_cost);
		break;
	}
	case MC_CH_PLANT_COST: {
		mc_plant *p = &m->plants[t->p];
		int was = p->makes[t->f];
		p->makes[t->f] = 1;
		p->cost[t->f] = c->cost;
		c->text =
		    mc_arena_printf(a, "plant %s: %s at %g a unit%s", p->id,
				    m->families[t->f].id, c->cost,
				    was ? "" : " (not made there before)");
		break;
	}
	case MC_CH_LANE: {
		mc_lane *l = &m->lanes[t->lane];
		const char *what;
		if (c->blocked) {
			lane_gone[t->lane] = 1;
			what = "blocked";
		} else {
			if (c->days >= 0)
				l->days = c->days;
			if (c->cost >= 0) {
				l->cost = c->cost;
				for (int f = 0; f < m->nfamilies; f++)
					l->family_cost[f] = -1;
			}
			what = mc_arena_printf(a, "%d transit days, %g a unit",
					       l->days, l->cost);
		}
		c->text = mc_arena_printf(a, "lane %s -> %s: %s",
					  m->plants[l->plant].id,
					  m->regions[l->region], what);
		break;
	}
	case MC_CH_RECEIPT: {
		mc_plant *p = &m->plants[t->p];
		int H = m->horizon_days, day = c->date - m->start;
		double *rec = &p->mat_receipts[t->mat * H];
		const char *mat = m->materials[t->mat];
		mc_date_format(c->date, d1);
		if (c->quantity > 0) {
			if (day < 0)
				p->mat_stock[t->mat] += c->quantity;
			else if (day < H)
				rec[day] += c->quantity;
			c->text = mc_arena_printf(a, "%s at %s: %g more on %s",
						  mat, p->id, c->quantity, d1);
		} else if (c->remove) {
			c->text = mc_arena_printf(
			    a, "%s at %s: receipt of %g on %s removed", mat,
			    p->id, rec[day], d1);
			rec[day] = 0;
		} else {
			double q = rec[day];
			int to = c->delay_to - m->start;
			rec[day] = 0;
			if (to < 0)
				p->mat_stock[t->mat] += q;
			else if (to < H)
				rec[to] += q;
			c->text = mc_arena_printf(
			    a, "%s at %s: receipt of %g moved from %s to %s%s",
			    mat, p->id, q, d1, mc_date_format(c->delay_to, d2),
			    to >= H ? " (after the horizon)" : "");
		}
		break;
	}
	case MC_CH_DEMAND: {
		long long delta = scale_demand(m, t->f, t->g, c->scale, gone);
		c->text = mc_arena_printf(
		    a, "demand x %g%s%s%s%s: %+lld units", c->scale,
		    t->f >= 0 ? " of " : "", t->f >= 0 ? c->family.name : "",
		    t->g >= 0 ? " in " : "", t->g >= 0 ? c->region.name : "",
		    delta);
		break;
	}
	case MC_CH_ADD_ORDERS: {
		int n = 0;
		for (int i = 0; i < m->norders; i++)
			n += m->orders[i].pos.file &&
			     strcmp(m->orders[i].pos.file, c->file) == 0;
		const char *base = strrchr(c->file, '/');
		c->text = mc_arena_printf(a, "%d order%s added from %s", n,
					  n == 1 ? "" : "s",
					  base ? base + 1 : c->file);
		break;
	}
	case MC_CH_REMOVE_ORDERS:
		for (int i = 0; i < c->nids; i++)
			gone[t->orders[i]] = 1;
		c->text =
		    c->nids == 1
			? mc_arena_printf(a, "order %s withdrawn",
					  c->ids[0].name)
			: mc_arena_printf(a, "%d orders withdrawn", c->nids);
		break;
	case MC_CH_DUE: {
		mc_order *o = &m->orders[t->order];
		mc_date_format(o->due, d1);
		o->due = c->date;
		c->text = mc_arena_printf(a, "order %s due %s (was %s)", o->id,
					  mc_date_format(c->date, d2), d1);
		break;
	}
	}
}

/* 1 when path has a ".." component. */
static int climbs(const char *path)
{
	for (const char *p = path; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += n;
		p += *p == '/';
	}
	return 0;
}

int mc_scenario_check_files(const mc_scenario *sc, int allow_outside,
			    mc_diag *d)
{
	if (allow_outside)
		return 0;
	const char *slash = strrchr(sc->path, '/');
	char *folder = slash ? mc_xstrdup(sc->path) : mc_xstrdup(".");
	if (slash)
		folder[slash == sc->path ? 1 : slash - sc->path] = '\0';
	int bad = 0;
	for (int i = 0; i < sc->nchanges; i++) {
		const mc_change *c = &sc->changes[i];
		if (c->kind != MC_CH_ADD_ORDERS || !c->file || !c->file_text)
			continue;
		/* a file not there is not read: opening it says so */
		if (c->file_text[0] != '/' && !climbs(c->file_text) &&
		    mc_file_inside(folder, c->file) != 0)
			continue;
		mc_diag_at(d, MC_EINPUT, c->pos.file ? c->pos.file : sc->path,
			   c->pos.line, c->pos.col,
			   "add_orders '%s' is outside the scenario's folder "
			   "'%s' (whatif --allow-outside reads it)",
			   c->file_text, folder);
		bad = 1;
	}
	free(folder);
	return bad ? -1 : 0;
}

int mc_scenario_order_files(const mc_scenario *sc, const char **files, int max)
{
	int n = 0;
	for (int i = 0; i < sc->nchanges; i++)
		if (sc->changes[i].kind == MC_CH_ADD_ORDERS &&
		    sc->changes[i].file && n < max)
			files[n++] = sc->changes[i].file;
	return n;
}

int mc_scenario_apply(mc_scenario *sc, mc_model *m, mc_diag *d)
{
	struct ap x = {m, d, {NULL, 0}, sc->path, NULL, NULL, NULL};
	int rc = -1;
	struct target *t =
	    calloc((size_t)sc->nchanges + 1, sizeof(struct target));
	unsigned char *gone = calloc((size_t)m->norders + 1, 1);
	unsigned char *lane_gone = calloc((size_t)m->nlanes + 1, 1);
	if (!t || !gone || !lane_gone) {
		mc_diag_error(d, MC_EINPUT, "out of memory");
		goto out;
	}
	mc_order_index_build(m, &x.orders);
	x.res = IDS(m->resources, m->nresources, id);
	x.plants = IDS(m->plants, m->nplants, id);
	x.fams = IDS(m->families, m->nfamilies, id);

	/* a scenario that did not load: the changes read whole checked in
	 * full, the others' names; orders only when it adds none (its
	 * files were not read) */
	int adds = 0, bad_changes = 0;
	for (int i = 0; i < sc->nchanges; i++)
		adds |= sc->changes[i].kind == MC_CH_ADD_ORDERS;
	for (int i = 0; i < sc->nchanges; i++) {
		const mc_change *c = &sc->changes[i];
		if (sc->bad &&
		    (c->bad || (adds && (c->kind == MC_CH_DUE ||
					 c->kind == MC_CH_REMOVE_ORDERS))))
			bad_changes += names(&x, c, &t[i], !adds) < 0;
		else
			bad_changes += resolve(&x, c, &t[i]) < 0;
	}
	if (bad_changes || sc->bad)
		goto out;
	for (int i = 0; i < sc->nchanges; i++)
		apply(&x, &sc->changes[i], &t[i], gone, lane_gone);

	int n = 0;
	for (int i = 0; i < m->norders; i++)
		if (!gone[i])
			m->orders[n++] = m->orders[i];
	m->norders = n;
	n = 0;
	for (int i = 0; i < m->nlanes; i++)
		if (!lane_gone[i])
			m->lanes[n++] = m->lanes[i];
	m->nlanes = n;
	m->scenario = m->scenario ? mc_arena_printf(m->arena, "%s + %s",
						    m->scenario, sc->name)
				  : sc->name;
	mc_model_finish(m);
	rc = 0;
out:
	free(t);
	free(gone);
	free(lane_gone);
	mc_id_index_free(&x.orders);
	return rc;
}
