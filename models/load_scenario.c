/*
 * load_scenario.c - scenario.yaml, a what-if overlay (scenario.h), into an
 * mc_scenario: its name and changes with their names and positions.  The
 * names are resolved against the model later, by mc_scenario_apply().
 *
 *   name: line-2-down
 *   changes:
 *     - { resource: R, dates: [D, ...], hours: H }     # or from: D, to: D
 *     - { resource: R, overtime_hours: H, overtime_cost: C }
 *     - { plant: P, family: F, cost: C }
 *     - { lane: [P, REGION], blocked: true | days: N | cost: C }
 *     - { material: M, plant: P, receipt: D, quantity: Q | remove: true |
 *         delay_to: D }
 *     - { demand_scale: S, family: F, region: REGION }  # either optional
 *     - { add_orders: FILE }                            # orders.yaml format
 *     - { remove_orders: [ID, ...] }
 *     - { order: ID, due: D }
 */
#include "yread.h"
#include "scenario.h"

#include <stdio.h>
#include <string.h>

/* A yes/no scalar ("true", "false", "yes", "no"), or -1 after reporting. */
static int want_bool(struct ld *l, ynode *n, const char *label)
{
	static const char *const words[] = {"true", "false", "yes", "no"};
	for (int i = 0; yr_is_scalar(n) && i < 4; i++)
		if (strcmp(yr_text(n), words[i]) == 0)
			return i % 2 == 0;
	yr_expected(l, n, "true or false", label);
	return -1;
}

/* The name at key (NULL when absent), with its position. */
static mc_ref ref_at(struct ld *l, ynode *map, const char *key)
{
	mc_ref r = {NULL, {NULL, 0, 0}};
	ynode *v = yr_opt(l, map, key);
	const char *t = v ? yr_want_str(l, v, key) : NULL;
	if (t) {
		r.name = mc_arena_strdup(l->a, t);
		r.pos = yr_pos_of(l, v);
	}
	return r;
}

/* A date at key, into *out; 0 when absent. */
static int date_at(struct ld *l, ynode *map, const char *key, int *out)
{
	ynode *v = yr_opt(l, map, key);
	return v && yr_want_date(l, v, key, out) == 0;
}

static void load_hours(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {{"resource", 1}, {"hours", 1},
					 {"dates", 0},	  {"from", 0},
					 {"to", 0},	  {NULL, 0}};
	ynode *v;
	c->kind = MC_CH_HOURS;
	yr_check_map(l, n, "an hours change", f);
	if ((v = yr_get(l, n, "hours")))
		yr_want_num(l, v, "hours", NUM_NONNEG, MC_MAX_HOURS, &c->hours);
	ynode *dates = yr_opt(l, n, "dates");
	int from = yr_opt(l, n, "from") != NULL,
	    to = yr_opt(l, n, "to") != NULL;
	if (dates && (from || to)) {
		yr_err(l, n,
		       "give either 'dates' or 'from' and 'to', not both");
	} else if (dates && yr_want_seq(l, dates, "dates") == 0) {
		if (yr_too_many(l, dates, yr_seq_len(dates), MC_MAX_DATES,
				"dates"))
			return;
		c->ndates = yr_seq_len(dates);
		c->dates =
		    mc_arena_calloc(l->a, (size_t)c->ndates + 1, sizeof(int));
		for (int i = 0; i < c->ndates; i++)
			yr_want_date(l, yr_seq_at(l, dates, i), "each date",
				     &c->dates[i]);
	} else if (!dates && (!from || !to)) {
		yr_err(l, n,
		       "an hours change needs 'dates' or 'from' and 'to'");
	} else if (!dates && date_at(l, n, "from", &c->from) &&
		   date_at(l, n, "to", &c->to) && c->to < c->from) {
		yr_err(l, yr_get(l, n, "to"), "'to' is before 'from'");
	}
}

static void load_overtime(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {{"resource", 1},
					 {"overtime_hours", 0},
					 {"overtime_cost", 0},
					 {NULL, 0}};
	ynode *v;
	c->kind = MC_CH_OVERTIME;
	c->ot_hours = c->ot_cost = -1;
	yr_check_map(l, n, "an overtime change", f);
	if ((v = yr_opt(l, n, "overtime_hours")))
		yr_want_num(l, v, "overtime_hours", NUM_NONNEG, MC_MAX_HOURS,
			    &c->ot_hours);
	if ((v = yr_opt(l, n, "overtime_cost")))
		yr_want_num(l, v, "overtime_cost", NUM_NONNEG, MC_MAX_MONEY,
			    &c->ot_cost);
	if (!yr_opt(l, n, "overtime_hours") && !yr_opt(l, n, "overtime_cost"))
		yr_err(l, n,
		       "an overtime change needs 'overtime_hours' or "
		       "'overtime_cost'");
}

static void load_lane(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {
	    {"lane", 1}, {"blocked", 0}, {"days", 0}, {"cost", 0}, {NULL, 0}};
	ynode *v;
	c->kind = MC_CH_LANE;
	c->cost = -1;
	c->days = -1;
	yr_check_map(l, n, "a lane change", f);
	v = yr_get(l, n, "lane");
	if (v && yr_want_seq(l, v, "lane") == 0) {
		if (yr_seq_len(v) != 2)
			yr_err(l, v, "expected [plant, region] for 'lane'");
		for (int i = 0; i < yr_seq_len(v) && i < 2; i++) {
			ynode *e = yr_seq_at(l, v, i);
			const char *t = yr_want_str(l, e, "lane");
			mc_ref *r = i == 0 ? &c->plant : &c->lane_region;
			if (t) {
				r->name = mc_arena_strdup(l->a, t);
				r->pos = yr_pos_of(l, e);
			}
		}
	}
	if ((v = yr_opt(l, n, "blocked")))
		c->blocked = want_bool(l, v, "blocked") == 1;
	if ((v = yr_opt(l, n, "days")))
		yr_want_int(l, v, "days", NUM_NONNEG, MC_MAX_LANE_DAYS,
			    &c->days);
	if ((v = yr_opt(l, n, "cost")))
		yr_want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY, &c->cost);
	if (!yr_opt(l, n, "blocked") && !yr_opt(l, n, "days") &&
	    !yr_opt(l, n, "cost"))
		yr_err(l, n, "a lane change needs 'blocked', 'days' or 'cost'");
}

static void load_receipt(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {
	    {"material", 1}, {"plant", 1},    {"receipt", 1}, {"quantity", 0},
	    {"remove", 0},   {"delay_to", 0}, {NULL, 0}};
	ynode *v;
	c->kind = MC_CH_RECEIPT;
	yr_check_map(l, n, "a receipt change", f);
	date_at(l, n, "receipt", &c->date);
	int given = 0;
	if ((v = yr_opt(l, n, "quantity"))) {
		given++;
		yr_want_num(l, v, "quantity", NUM_POS, MC_MAX_AMOUNT,
			    &c->quantity);
	}
	if ((v = yr_opt(l, n, "remove"))) {
		given++;
		c->remove = want_bool(l, v, "remove") == 1;
	}
	if (yr_opt(l, n, "delay_to")) {
		given++;
		date_at(l, n, "delay_to", &c->delay_to);
	}
	if (given != 1)
		yr_err(l, n,
		       "a receipt change needs one of 'quantity', "
		       "'remove' or 'delay_to'");
}

static void load_demand(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {
	    {"demand_scale", 1}, {"family", 0}, {"region", 0}, {NULL, 0}};
	ynode *v;
	c->kind = MC_CH_DEMAND;
	yr_check_map(l, n, "a demand change", f);
	if ((v = yr_get(l, n, "demand_scale")))
		yr_want_num(l, v, "demand_scale", NUM_NONNEG, MC_MAX_SCALE,
			    &c->scale);
}

/* The path of an added orders file, relative to the scenario's directory
 * (dirlen bytes of its path, -1 when it has none). */
static void load_add(struct ld *l, ynode *n, mc_change *c, const char *path,
		     int dirlen)
{
	static const struct field f[] = {{"add_orders", 1}, {NULL, 0}};
	c->kind = MC_CH_ADD_ORDERS;
	yr_check_map(l, n, "an orders change", f);
	ynode *v = yr_get(l, n, "add_orders");
	const char *t = v ? yr_want_str(l, v, "add_orders") : NULL;
	if (!t)
		return;
	c->file_text = mc_arena_strdup(l->a, t);
	c->file = t[0] == '/' || dirlen < 0
		      ? mc_arena_strdup(l->a, t)
		      : mc_arena_printf(l->a, "%.*s/%s", dirlen, path, t);
}

static void load_remove(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {{"remove_orders", 1}, {NULL, 0}};
	c->kind = MC_CH_REMOVE_ORDERS;
	yr_check_map(l, n, "an orders change", f);
	ynode *v = yr_get(l, n, "remove_orders");
	if (!v || yr_want_seq(l, v, "remove_orders") ||
	    yr_too_many(l, v, yr_seq_len(v), MC_MAX_ORDERS, "orders"))
		return;
	c->nids = yr_seq_len(v);
	c->ids = mc_arena_calloc(l->a, (size_t)c->nids + 1, sizeof(mc_ref));
	for (int i = 0; i < c->nids; i++) {
		ynode *e = yr_seq_at(l, v, i);
		const char *t = yr_want_str(l, e, "each order");
		if (t) {
			c->ids[i].name = mc_arena_strdup(l->a, t);
			c->ids[i].pos = yr_pos_of(l, e);
		}
	}
}

static void load_due(struct ld *l, ynode *n, mc_change *c)
{
	static const struct field f[] = {{"order", 1}, {"due", 1}, {NULL, 0}};
	c->kind = MC_CH_DUE;
	yr_check_map(l, n, "a due date change", f);
	date_at(l, n, "due", &c->date);
}

/* One change: its kind from the key that names what it changes. */
static void load_change(struct ld *l, ynode *n, mc_change *c, const char *path,
			int dirlen)
{
	/* only the type: each kind's yr_check_map() checks the keys, once
	 * (a duplicate key was reported twice) */
	if (!yr_is_map(n)) {
		yr_expected(l, n, "a mapping", "each change");
		return;
	}
	c->pos = yr_pos_of(l, n);
	c->resource = ref_at(l, n, "resource");
	c->plant = ref_at(l, n, "plant");
	c->family = ref_at(l, n, "family");
	c->region = ref_at(l, n, "region");
	c->material = ref_at(l, n, "material");
	c->order = ref_at(l, n, "order");
	if (yr_opt(l, n, "resource") && yr_opt(l, n, "hours"))
		load_hours(l, n, c);
	else if (yr_opt(l, n, "resource"))
		load_overtime(l, n, c);
	else if (yr_opt(l, n, "lane"))
		load_lane(l, n, c);
	else if (yr_opt(l, n, "material"))
		load_receipt(l, n, c);
	else if (yr_opt(l, n, "demand_scale"))
		load_demand(l, n, c);
	else if (yr_opt(l, n, "add_orders"))
		load_add(l, n, c, path, dirlen);
	else if (yr_opt(l, n, "remove_orders"))
		load_remove(l, n, c);
	else if (yr_opt(l, n, "order"))
		load_due(l, n, c);
	else if (yr_opt(l, n, "plant")) {
		static const struct field f[] = {
		    {"plant", 1}, {"family", 1}, {"cost", 1}, {NULL, 0}};
		ynode *v;
		c->kind = MC_CH_PLANT_COST;
		yr_check_map(l, n, "a plant cost change", f);
		if ((v = yr_get(l, n, "cost")))
			yr_want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY,
				    &c->cost);
	} else
		yr_err(l, n,
		       "a change names what it changes: 'resource', "
		       "'plant', 'lane', 'material', 'demand_scale', "
		       "'add_orders', 'remove_orders' or 'order'");
}

int mc_load_scenario(mc_arena *a, const mc_source *from, mc_scenario *sc,
		     mc_diag *d)
{
	static const struct field top[] = {
	    {"name", 1}, {"description", 0}, {"changes", 1}, {NULL, 0}};
	struct src s;
	struct ld l;
	int base = mc_diag_count(d), first = d->n;
	const char *slash = strrchr(from->path, '/');
	int dirlen = slash ? (int)(slash - from->path) : -1;
	ynode *v;

	memset(sc, 0, sizeof(*sc));
	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.d = d;
	l.s = &s;
	sc->path = mc_arena_strdup(a, from->path);
	sc->input.role = "scenario";
	yr_src_open(&l, &s, from, &sc->input);
	if (!s.root || yr_check_map(&l, s.root, NULL, top))
		goto out;
	if ((v = yr_get(&l, s.root, "name")))
		sc->name = yr_want_str(&l, v, "name");
	if (sc->name)
		sc->name = mc_arena_strdup(a, sc->name);
	if ((v = yr_opt(&l, s.root, "description")))
		yr_want_str(&l, v, "description");
	v = yr_get(&l, s.root, "changes");
	if (!v || yr_want_seq(&l, v, "changes") ||
	    yr_too_many(&l, v, yr_seq_len(v), MC_MAX_CHANGES, "changes"))
		goto out;
	sc->nchanges = yr_seq_len(v);
	sc->changes =
	    mc_arena_calloc(a, (size_t)sc->nchanges + 1, sizeof(mc_change));
	for (int i = 0; i < sc->nchanges; i++) {
		int n0 = mc_diag_count(d);
		load_change(&l, yr_seq_at(&l, v, i), &sc->changes[i],
			    from->path, dirlen);
		sc->changes[i].bad = mc_diag_count(d) > n0;
	}
out:
	yr_src_release(&s);
	yr_sort_new(d, first);
	sc->bad = mc_diag_count(d) > base;
	return sc->bad ? -1 : 0;
}
