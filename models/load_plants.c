/*
 * load_plants.c - plants.yaml (enterprise, horizon, regions, plants with
 * their resources, calendars, materials and costs, lanes) into the model;
 * the mapper of the loader's checking pass (yread.h).
 */
#include "yread.h"
#include "date.h"
#include "ids.h"

#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const weekdays[] = {"mon", "tue", "wed", "thu",
				       "fri", "sat", "sun"};

int yr_want_family(struct ld *l, ynode *n)
{
	return yr_want_ref(l, n, "family", l->famids, l->m->nfamilies,
			   &l->famidx);
}

static void load_enterprise(struct ld *l, ynode *n)
{
	static const struct field fields[] = {
	    {"name", 1}, {"prefix", 1}, {NULL, 0}};
	ynode *v;
	const char *t;

	if (yr_check_map(l, n, "enterprise", fields))
		return;
	if ((v = yr_get(l, n, "name")) && (t = yr_want_str(l, v, "name")))
		l->m->enterprise = mc_arena_strdup(l->a, t);
	if ((v = yr_get(l, n, "prefix")) && (t = yr_want_str(l, v, "prefix"))) {
		if (!mc_id_prefix_valid(t))
			yr_err(
			    l, v,
			    "prefix '%s' must look like 88.<digits>.<digits>",
			    t);
		l->m->prefix = mc_arena_strdup(l->a, t);
	}
}

static void load_horizon(struct ld *l, ynode *n)
{
	static const struct field fields[] = {
	    {"start", 1}, {"days", 1}, {NULL, 0}};
	ynode *v;
	int start = 0, days = 0;

	if (yr_check_map(l, n, "horizon", fields))
		return;
	v = yr_get(l, n, "start");
	if (v && yr_want_date(l, v, "start", &start))
		return;
	v = yr_get(l, n, "days");
	if (!v || yr_want_int(l, v, "days", NUM_POS, INT_MAX, &days))
		return;
	if (days > MC_MAX_HORIZON) {
		yr_err(l, v, "horizon of %d days is longer than %d", days,
		       MC_MAX_HORIZON);
		return;
	}
	if (start) {
		l->m->start = l->start ? l->start : start;
		l->m->stock_day = start;
		l->m->horizon_days = days;
	}
}

static void load_regions(struct ld *l, ynode *n)
{
	if (yr_want_seq(l, n, "regions") ||
	    yr_too_many(l, n, yr_seq_len(n), MC_MAX_REGIONS, "regions"))
		return;
	for (int i = 0; i < yr_seq_len(n); i++) {
		ynode *v = yr_seq_at(l, n, i);
		const char *t = yr_want_str(l, v, "each region");
		if (!t)
			continue;
		if (yr_names_find(&l->regions, t) >= 0)
			yr_err(l, v, "duplicate region '%s'", t);
		else
			yr_names_add(l, &l->regions, v);
	}
	l->m->regions = l->regions.v;
	l->m->nregions = l->regions.n;
	yr_idset_index(&l->regidx, l->regions.v, l->regions.n);
}

/* A calendar key: a date, or a range "FROM..TO" (both dates, FROM <= TO),
 * into *from and *to.  Returns 0, or -1 after reporting at k. */
static int calendar_key(struct ld *l, ynode *k, int *from, int *to)
{
	const char *t = yr_text(k), *dots = strstr(t, "..");
	if (!dots)
		return yr_want_date(l, k, "each calendar date", from) ||
		       (*to = *from, 0);
	char a[16], b[16];
	size_t n = (size_t)(dots - t);
	if (n >= sizeof(a) || strlen(dots + 2) >= sizeof(b) ||
	    (memcpy(a, t, n), a[n] = '\0', strcpy(b, dots + 2),
	     mc_date_parse(a, from) || mc_date_parse(b, to))) {
		yr_expected(l, k, "a date or a range FROM..TO of dates",
			    "each calendar date");
		return -1;
	}
	if (*from < MC_DATE_MIN || *to > MC_DATE_MAX || *to < *from) {
		yr_err(l, k,
		       "calendar range '%s' is not FROM..TO with FROM <= TO "
		       "inside 2000-01-01..2099-12-31",
		       t);
		return -1;
	}
	return 0;
}

/* calendar: { DATE: hours, FROM..TO: hours, ... }; later entries win. A
 * range counts a date for each of its days inside the horizon. */
static void load_calendar(struct ld *l, ynode *map, mc_resource *r)
{
	if (!map || yr_want_map(l, map, "calendar") ||
	    yr_too_many(l, map, yr_npairs(map), MC_MAX_DATES, "calendar dates"))
		return;
	int cap = yr_npairs(map) + 1, first = l->m->start,
	    last = l->m->start + l->m->horizon_days - 1;
	r->cal_day = mc_arena_calloc(l->a, (size_t)cap, sizeof(*r->cal_day));
	r->cal_hours =
	    mc_arena_calloc(l->a, (size_t)cap, sizeof(*r->cal_hours));
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		int from, to;
		double hours;
		if (!k || calendar_key(l, k, &from, &to) ||
		    yr_want_num(l, yr_pair_val(l, map, i), yr_text(k),
				NUM_NONNEG, MC_MAX_HOURS, &hours))
			continue;
		if (from != to) { /* only the horizon's days matter */
			from = from > first ? from : first;
			to = to < last ? to : last;
		}
		for (int day = from; day <= to; day++) {
			if (r->cal_n == MC_MAX_DATES) {
				yr_err(l, k,
				       "calendar of more than %d dates (a "
				       "range counts each day in the horizon)",
				       MC_MAX_DATES);
				return;
			}
			if (r->cal_n + 1 == cap) {
				int *nd = mc_arena_calloc(l->a, (size_t)cap * 2,
							  sizeof(*nd));
				double *nh = mc_arena_calloc(
				    l->a, (size_t)cap * 2, sizeof(*nh));
				memcpy(nd, r->cal_day,
				       (size_t)r->cal_n * sizeof(*nd));
				memcpy(nh, r->cal_hours,
				       (size_t)r->cal_n * sizeof(*nh));
				r->cal_day = nd;
				r->cal_hours = nh;
				cap *= 2;
			}
			r->cal_day[r->cal_n] = day;
			r->cal_hours[r->cal_n++] = hours;
		}
	}
}

static void load_overtime(struct ld *l, ynode *n, mc_resource *r)
{
	static const struct field fields[] = {
	    {"hours", 1}, {"cost", 1}, {NULL, 0}};
	ynode *v;

	if (yr_check_map(l, n, "overtime", fields))
		return;
	if ((v = yr_get(l, n, "hours")))
		yr_want_num(l, v, "hours", NUM_NONNEG, MC_MAX_HOURS,
			    &r->ot_hours);
	if ((v = yr_get(l, n, "cost")))
		yr_want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY,
			    &r->ot_cost);
}

static void load_resource(struct ld *l, ynode *n, int p, int r,
			  struct idset *ids)
{
	static const struct field fields[] = {
	    {"id", 1},	     {"kind", 1},     {"hours", 1}, {"calendar", 0},
	    {"overtime", 0}, {"families", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_resource *res = &m->resources[r];
	ynode *v;
	const char *t;

	res->plant = p;
	res->kind = -1;
	res->admits = mc_arena_calloc(l->a, (size_t)m->nfamilies + 1, 1);
	memset(res->admits, 1, (size_t)m->nfamilies);
	if (yr_check_map(l, n, "each resource", fields))
		return;
	res->pos = yr_pos_of(l, n);
	if ((v = yr_get(l, n, "id")) && (t = yr_want_str(l, v, "id"))) {
		res->id = mc_arena_strdup(l->a, t);
		yr_unique(l, ids, v, "resource", res->id);
	}
	if ((v = yr_get(l, n, "kind")) && (t = yr_want_str(l, v, "kind"))) {
		res->kind = yr_names_find(&l->kinds, t);
		/* A kind no routing uses is allowed (an idle line), unless it
		 * is a near miss of one that is: then it is a typo. */
		char buf[512];
		if (yr_names_find(&l->routkinds, t) < 0 &&
		    *yr_hint(l->d, t, l->routkinds.v, l->routkinds.n, buf,
			     sizeof(buf)))
			yr_err(l, v, "unknown resource kind '%s'%s", t, buf);
	}
	if ((v = yr_get(l, n, "hours")))
		yr_want_num(l, v, "hours", NUM_NONNEG, MC_MAX_HOURS,
			    &res->hours);
	load_calendar(l, yr_opt(l, n, "calendar"), res);
	if ((v = yr_opt(l, n, "overtime")))
		load_overtime(l, v, res);
	if ((v = yr_opt(l, n, "families")) && !yr_want_seq(l, v, "families")) {
		memset(res->admits, 0, (size_t)m->nfamilies);
		for (int i = 0; i < yr_seq_len(v); i++) {
			int f = yr_want_family(l, yr_seq_at(l, v, i));
			if (f >= 0)
				res->admits[f] = 1;
		}
	}
}

static void load_receipts(struct ld *l, ynode *map, mc_plant *p, int mat)
{
	int h = l->m->horizon_days;

	if (!map || yr_want_map(l, map, "receipts") ||
	    yr_too_many(l, map, yr_npairs(map), MC_MAX_DATES, "receipt dates"))
		return;
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		int day;
		double q;
		if (!k || yr_want_date(l, k, "each receipt date", &day) ||
		    yr_want_num(l, yr_pair_val(l, map, i), yr_text(k),
				NUM_NONNEG, MC_MAX_AMOUNT, &q) ||
		    !h)
			continue;
		int t = day - l->m->start;
		if (t < 0)
			p->mat_stock[mat] += q;
		else if (t < h)
			p->mat_receipts[(size_t)mat * (size_t)h + (size_t)t] +=
			    q;
	}
}

static void load_plant_materials(struct ld *l, ynode *map, mc_plant *p)
{
	static const struct field fields[] = {
	    {"stock", 0}, {"receipts", 0}, {NULL, 0}};

	if (!map || yr_want_map(l, map, "materials"))
		return;
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		ynode *v = yr_pair_val(l, map, i), *x;
		if (!k)
			continue;
		int mat = yr_names_find(&l->mats, yr_text(k));
		assert(mat >= 0);
		p->mat_listed[mat] = 1;
		if (yr_is_null(v) || yr_check_map(l, v, yr_text(k), fields))
			continue;
		double stock = 0;
		if ((x = yr_opt(l, v, "stock")))
			yr_want_num(l, x, "stock", NUM_NONNEG, MC_MAX_AMOUNT,
				    &stock);
		p->mat_stock[mat] += stock;
		load_receipts(l, yr_opt(l, v, "receipts"), p, mat);
	}
}

static void load_costs(struct ld *l, ynode *map, mc_plant *p)
{
	if (yr_want_map(l, map, "costs"))
		return;
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		int f = k ? yr_want_family(l, k) : -1;
		if (f >= 0 &&
		    !yr_want_num(l, yr_pair_val(l, map, i), yr_text(k),
				 NUM_NONNEG, MC_MAX_MONEY, &p->cost[f]))
			p->makes[f] = 1;
	}
}

static void load_plant_routing(struct ld *l, ynode *map, mc_plant *p)
{
	int nk = l->m->nkinds;

	if (!map || yr_want_map(l, map, "routing"))
		return;
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		int f = k ? yr_want_family(l, k) : -1;
		if (f >= 0)
			yr_load_amounts(l, yr_pair_val(l, map, i), yr_text(k),
					&l->kinds, p->routing + (size_t)f * nk);
	}
}

static void load_plant(struct ld *l, ynode *n, int pi, struct idset *plant_ids,
		       struct idset *res_ids)
{
	static const struct field fields[] = {
	    {"id", 1},	      {"name", 0},	{"workdays", 0},
	    {"holidays", 0},  {"costs", 1},	{"routing", 0},
	    {"resources", 1}, {"materials", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_plant *p = &m->plants[pi];
	size_t nf = (size_t)m->nfamilies, nmat = (size_t)m->nmaterials;
	ynode *v;
	const char *t;

	p->workdays = 0x1f;
	p->makes = mc_arena_calloc(l->a, nf + 1, 1);
	p->cost = yr_dense(l, m->nfamilies, 0);
	p->routing = yr_dense(l, m->nfamilies * m->nkinds, -1);
	p->mat_listed = mc_arena_calloc(l->a, nmat + 1, 1);
	p->mat_stock = yr_dense(l, m->nmaterials, 0);
	p->mat_receipts = yr_dense(l, m->nmaterials * m->horizon_days, 0);
	l->plantids[pi] = "";
	if (yr_check_map(l, n, "each plant", fields))
		return;
	p->pos = yr_pos_of(l, n);
	if ((v = yr_get(l, n, "id")) && (t = yr_want_str(l, v, "id"))) {
		p->id = l->plantids[pi] = mc_arena_strdup(l->a, t);
		yr_unique(l, plant_ids, v, "plant", p->id);
	}
	p->name = p->id;
	if ((v = yr_opt(l, n, "name")) && (t = yr_want_str(l, v, "name")))
		p->name = mc_arena_strdup(l->a, t);
	if ((v = yr_opt(l, n, "workdays")) && !yr_want_seq(l, v, "workdays")) {
		p->workdays = 0;
		for (int i = 0; i < yr_seq_len(v); i++) {
			int w = yr_want_ref(l, yr_seq_at(l, v, i), "weekday",
					    weekdays, 7, NULL);
			if (w >= 0)
				p->workdays |= 1u << w;
		}
	}
	if ((v = yr_opt(l, n, "holidays")) && !yr_want_seq(l, v, "holidays") &&
	    !yr_too_many(l, v, yr_seq_len(v), MC_MAX_DATES, "holidays")) {
		p->holidays = mc_arena_calloc(l->a, (size_t)yr_seq_len(v) + 1,
					      sizeof(*p->holidays));
		for (int i = 0; i < yr_seq_len(v); i++)
			if (!yr_want_date(l, yr_seq_at(l, v, i), "each holiday",
					  &p->holidays[p->nholidays]))
				p->nholidays++;
	}
	if ((v = yr_get(l, n, "costs")))
		load_costs(l, v, p);
	load_plant_routing(l, yr_opt(l, n, "routing"), p);
	if ((v = yr_get(l, n, "resources")) &&
	    !yr_want_seq(l, v, "resources")) {
		p->resources = mc_arena_calloc(l->a, (size_t)yr_seq_len(v) + 1,
					       sizeof(*p->resources));
		for (int i = 0; i < yr_seq_len(v); i++) {
			int r = m->nresources++;
			assert(r < l->nres);
			load_resource(l, yr_seq_at(l, v, i), pi, r, res_ids);
			p->resources[p->nresources++] = r;
		}
	}
	load_plant_materials(l, yr_opt(l, n, "materials"), p);
}

static void load_lane(struct ld *l, ynode *n, int li)
{
	static const struct field fields[] = {
	    {"plant", 1}, {"region", 1},	 {"days", 1},
	    {"cost", 1},  {"cost_by_family", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_lane *ln = &m->lanes[li];
	ynode *v;

	ln->plant = ln->region = -1;
	ln->family_cost = yr_dense(l, m->nfamilies, -1);
	if (yr_check_map(l, n, "each lane", fields))
		return;
	ln->pos = yr_pos_of(l, n);
	if ((v = yr_get(l, n, "plant")))
		ln->plant = yr_want_ref(l, v, "plant", l->plantids, m->nplants,
					&l->plantidx);
	if ((v = yr_get(l, n, "region")))
		ln->region = yr_want_ref(l, v, "region", m->regions,
					 m->nregions, &l->regidx);
	if ((v = yr_get(l, n, "days")))
		yr_want_int(l, v, "days", NUM_NONNEG, MC_MAX_LANE_DAYS,
			    &ln->days);
	if ((v = yr_get(l, n, "cost")))
		yr_want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY, &ln->cost);
	if ((v = yr_opt(l, n, "cost_by_family")) &&
	    !yr_want_map(l, v, "cost_by_family")) {
		for (int i = 0; i < yr_npairs(v); i++) {
			ynode *k = yr_pair_key(l, v, i);
			int f = k ? yr_want_family(l, k) : -1;
			if (f >= 0)
				yr_want_num(l, yr_pair_val(l, v, i), yr_text(k),
					    NUM_NONNEG, MC_MAX_MONEY,
					    &ln->family_cost[f]);
		}
	}
	if (ln->plant < 0 || ln->region < 0)
		return;
	int *first = &l->lane_line[ln->plant * m->nregions + ln->region];
	if (*first)
		yr_err(l, n,
		       "duplicate lane from '%s' to '%s' (first at line %d)",
		       m->plants[ln->plant].id, m->regions[ln->region], *first);
	else
		*first = ln->pos.line;
}

void yr_map_plants(struct ld *l, struct src *s)
{
	static const struct field top[] = {{"enterprise", 1}, {"horizon", 1},
					   {"regions", 1},    {"plants", 1},
					   {"lanes", 1},      {NULL, 0}};
	mc_model *m = l->m;
	ynode *v;
	struct idset plant_ids, res_ids;

	l->s = s;
	if (yr_check_map(l, s->root, NULL, top))
		return;
	if ((v = yr_get(l, s->root, "enterprise")))
		load_enterprise(l, v);
	if ((v = yr_get(l, s->root, "horizon")))
		load_horizon(l, v);
	if ((v = yr_get(l, s->root, "regions")))
		load_regions(l, v);

	v = yr_get(l, s->root, "plants");
	if (v && !yr_want_seq(l, v, "plants") &&
	    !yr_too_many(l, v, yr_seq_len(v), MC_MAX_PLANTS, "plants") &&
	    !yr_too_many(l, v, l->nres, MC_MAX_RESOURCES, "resources in all")) {
		m->nplants = yr_seq_len(v);
		m->plants = mc_arena_calloc(l->a, (size_t)m->nplants + 1,
					    sizeof(*m->plants));
		l->plantids = mc_arena_calloc(l->a, (size_t)m->nplants + 1,
					      sizeof(*l->plantids));
		m->resources = mc_arena_calloc(l->a, (size_t)l->nres + 1,
					       sizeof(*m->resources));
		yr_idset_init(&plant_ids, m->nplants);
		yr_idset_init(&res_ids, l->nres);
		for (int p = 0; p < m->nplants; p++)
			load_plant(l, yr_seq_at(l, v, p), p, &plant_ids,
				   &res_ids);
		yr_idset_index(&l->plantidx, l->plantids, m->nplants);
		yr_idset_release(&plant_ids);
		yr_idset_release(&res_ids);
	}

	v = yr_get(l, s->root, "lanes");
	if (v && !yr_want_seq(l, v, "lanes") &&
	    !yr_too_many(l, v, yr_seq_len(v), MC_MAX_LANES, "lanes")) {
		m->nlanes = yr_seq_len(v);
		m->lanes = mc_arena_calloc(l->a, (size_t)m->nlanes + 1,
					   sizeof(*m->lanes));
		l->lane_line = mc_xcalloc(
		    (size_t)m->nplants * (size_t)m->nregions + 1, sizeof(int));
		for (int i = 0; i < m->nlanes; i++)
			load_lane(l, yr_seq_at(l, v, i), i);
		free(l->lane_line);
	}
}
