/*
 * model.c - facts derived from a loaded model: per-day capacity, lane
 * lookup, unit minutes, unit costs and production windows.  The model and
 * everything derived here live in the model's arena.
 */
#include "model.h"

#include "date.h"

#include <stdlib.h>
#include <string.h>

const char *const mc_move_causes[MC_NCAUSES] = {
    [MC_CAUSE_ORDER] = "order changed",
    [MC_CAUSE_ACTUALS] = "actuals",
    [MC_CAUSE_DAY_PASSED] = "day passed",
    [MC_CAUSE_CAPACITY] = "capacity",
    [MC_CAUSE_NEW_ORDERS] = "new orders",
    [MC_CAUSE_WITHDRAWN] = "withdrawn orders",
    [MC_CAUSE_DISPLACED] = "displaced",
    [MC_CAUSE_COST] = "cost",
};

int mc_move_cause(const char *name)
{
	for (int k = 0; k < MC_NCAUSES; k++)
		if (name && strcmp(name, mc_move_causes[k]) == 0)
			return k;
	return -1;
}

double mc_model_regular_minutes(const mc_model *m, int r, int t)
{
	return MC_MIN_PER_HOUR * m->resources[r].day_hours[t];
}

double *mc_model_mat_have(const mc_model *m, mc_arena *a)
{
	size_t nm = (size_t)m->nmaterials, nd = (size_t)m->horizon_days;
	double *have = mc_arena_calloc(a, (size_t)m->nplants * nm * nd + 1,
				       sizeof(double));
	for (int p = 0; p < m->nplants; p++)
		for (size_t k = 0; k < nm; k++) {
			const mc_plant *pl = &m->plants[p];
			if (!pl->mat_listed[k])
				continue;
			double sum = pl->mat_stock[k];
			double *row = &have[((size_t)p * nm + k) * nd];
			for (size_t t = 0; t < nd; t++) {
				sum += pl->mat_receipts[k * nd + t];
				row[t] = sum;
			}
		}
	return have;
}

double mc_model_max_minutes(const mc_model *m, int r, int t)
{
	const mc_resource *res = &m->resources[r];
	return MC_MIN_PER_HOUR * (res->day_hours[t] + res->day_ot[t]);
}

int mc_model_find(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int mc_model_index(const char *const *first, size_t stride, int n,
		   const char *id)
{
	for (int i = 0; id && i < n; i++)
		if (strcmp(*(const char *const *)((const char *)first +
						  (size_t)i * stride),
			   id) == 0)
			return i;
	return -1;
}

static int by_key_id(const void *a, const void *b)
{
	return strcmp(((const mc_id_key *)a)->id, ((const mc_id_key *)b)->id);
}

void mc_id_index_build(mc_id_index *ix, const char *const *first, size_t stride,
		       int n)
{
	ix->n = n;
	ix->keys = mc_xmalloc(((size_t)n + 1) * sizeof(mc_id_key));
	for (int i = 0; i < n; i++)
		ix->keys[i] =
		    (mc_id_key){*(const char *const *)((const char *)first +
						       (size_t)i * stride),
				i};
	qsort(ix->keys, (size_t)n, sizeof(mc_id_key), by_key_id);
}

void mc_order_index_build(const mc_model *m, mc_id_index *ix)
{
	mc_id_index_build(ix, m->norders ? &m->orders[0].id : NULL,
			  sizeof(mc_order), m->norders);
}

int mc_id_index_find(const mc_id_index *ix, const char *id)
{
	mc_id_key k = {id, -1};
	const mc_id_key *hit =
	    id && ix->n
		? bsearch(&k, ix->keys, (size_t)ix->n, sizeof(k), by_key_id)
		: NULL;
	return hit ? hit->index : -1;
}

void mc_id_index_free(mc_id_index *ix)
{
	free(ix->keys);
	ix->keys = NULL;
	ix->n = 0;
}

static int is_holiday(const mc_plant *p, int day)
{
	for (int i = 0; i < p->nholidays; i++)
		if (p->holidays[i] == day)
			return 1;
	return 0;
}

static void finish_resource(mc_model *m, mc_resource *r)
{
	const mc_plant *p = &m->plants[r->plant];
	r->day_hours =
	    mc_arena_calloc(m->arena, (size_t)m->horizon_days, sizeof(double));
	r->day_ot =
	    mc_arena_calloc(m->arena, (size_t)m->horizon_days, sizeof(double));
	for (int t = 0; t < m->horizon_days; t++) {
		int day = m->start + t;
		int work = (p->workdays >> mc_date_weekday(day)) & 1u;
		r->day_hours[t] = work && !is_holiday(p, day) ? r->hours : 0;
	}
	/* calendar entries in order: a later one for the same day wins */
	for (int i = 0; i < r->cal_n; i++) {
		int t = r->cal_day[i] - m->start;
		if (t >= 0 && t < m->horizon_days)
			r->day_hours[t] = r->cal_hours[i];
	}
	for (int t = 0; t < m->horizon_days; t++)
		r->day_ot[t] = r->day_hours[t] > 0 ? r->ot_hours : 0;
}

void mc_model_finish(mc_model *m)
{
	for (int i = 0; i < m->nresources; i++)
		finish_resource(m, &m->resources[i]);
	size_t n = (size_t)m->nplants * (size_t)m->nregions;
	m->lane_of = mc_arena_calloc(m->arena, n ? n : 1, sizeof(int));
	for (size_t i = 0; i < n; i++)
		m->lane_of[i] = -1;
	for (int l = 0; l < m->nlanes; l++)
		m->lane_of[m->lanes[l].plant * m->nregions +
			   m->lanes[l].region] = l;
}

double mc_model_unit_minutes(const mc_model *m, int o, int p, int k)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	double over = m->plants[p].routing[ord->family * m->nkinds + k];
	double min = over >= 0 ? over : f->routing[k];
	for (int i = 0; i < f->nopts; i++)
		min += f->opts[i].vals[ord->opt[i]].routing[k];
	return min;
}

double mc_model_unit_material(const mc_model *m, int o, int mat)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	double q = f->materials[mat];
	for (int i = 0; i < f->nopts; i++)
		q += f->opts[i].vals[ord->opt[i]].materials[mat];
	return q;
}

static double option_cost(const mc_model *m, int o)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	double c = 0;
	for (int i = 0; i < f->nopts; i++)
		c += f->opts[i].vals[ord->opt[i]].cost;
	return c;
}

static double lane_cost(const mc_model *m, int o, int p)
{
	const mc_order *ord = &m->orders[o];
	int l = m->lane_of[p * m->nregions + ord->region];
	if (l < 0)
		return 0;
	double fc = m->lanes[l].family_cost[ord->family];
	return fc >= 0 ? fc : m->lanes[l].cost;
}

double mc_model_unit_fixed_cost(const mc_model *m, int o, int p)
{
	return m->plants[p].cost[m->orders[o].family] + option_cost(m, o) +
	       lane_cost(m, o, p);
}

void mc_model_cost_parts(const mc_model *m, int o, int p, double *make,
			 double *options, double *lane)
{
	*make = m->plants[p].cost[m->orders[o].family];
	*options = option_cost(m, o);
	*lane = lane_cost(m, o, p);
}

double mc_model_unit_day_cost(const mc_model *m, int o, int t, int transit)
{
	const mc_order *ord = &m->orders[o];
	int arrive = m->start + t + transit;
	if (arrive > ord->due)
		return ord->priority * ord->late_penalty * (arrive - ord->due);
	return m->families[ord->family].holding_cost * (ord->due - arrive);
}

int mc_model_plant_blocker(const mc_model *m, int o, int p)
{
	const mc_order *ord = &m->orders[o];
	const mc_plant *pl = &m->plants[p];
	if (!pl->makes[ord->family])
		return MC_REASON_NO_PLANT;
	if (m->lane_of[p * m->nregions + ord->region] < 0)
		return MC_REASON_NO_LANE;
	for (int k = 0; k < m->nkinds; k++) {
		if (mc_model_unit_minutes(m, o, p, k) > 0 &&
		    !mc_model_admitting(m, p, k, ord->family, NULL))
			return MC_REASON_NO_RESOURCE;
	}
	return MC_REASON_NONE;
}

int mc_model_window(const mc_model *m, int o, int transit, int *first,
		    int *last)
{
	const mc_order *ord = &m->orders[o];
	int lo = ord->release - m->start;
	int hi = m->horizon_days - 1;
	if (lo < 0)
		lo = 0;
	if (ord->max_late_days >= 0) {
		int latest = ord->due + ord->max_late_days - transit - m->start;
		if (latest < hi)
			hi = latest;
	}
	*first = lo;
	*last = hi;
	return lo <= hi;
}

const char *mc_reason_name(int reason)
{
	static const char *const names[] = {
	    "none",   "no-plant", "no-lane",  "no-resource",
	    "window", "capacity", "material", "cost",
	};
	if (reason < 0 || reason >= (int)(sizeof(names) / sizeof(*names)))
		return "unknown";
	return names[reason];
}

int mc_model_admitting(const mc_model *m, int p, int k, int f, int *out)
{
	const mc_plant *pl = &m->plants[p];
	int n = 0;
	for (int i = 0; i < pl->nresources; i++) {
		const mc_resource *r = &m->resources[pl->resources[i]];
		if (r->kind != k || !r->admits[f])
			continue;
		if (out)
			out[n] = pl->resources[i];
		n++;
	}
	return n;
}
