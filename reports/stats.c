/*
 * stats.c - derived figures of a stored run (see stats.h).
 *
 * Pure functions of their arguments: no file-scope mutable state, since
 * `mcsched serve` computes reports on several threads at once.  The
 * rankings sort order indexes with a comparator that gets the run as an
 * argument (sort_idx(), a stable merge sort) instead of qsort's global
 * context.
 *
 * Memory: every array in mc_run_stats comes from the caller's arena.
 */
#include "stats.h"
#include "tolerance.h"

#include "date.h"
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *mc_stats_ontime(const mc_view_order *o, int plain, char *buf, size_t n)
{
	if (o->late_units > 0 && !isnan(o->ontime_cost)) {
		if (!plain)
			return mc_fmt_money(buf, n, o->ontime_cost);
		snprintf(buf, n, "%.2f", o->ontime_cost);
		return buf;
	}
	const char *note = o->late_units > 0 ? o->ontime_note : NULL;
	size_t len = note ? strcspn(note, ":") : 0;
	snprintf(buf, n, "%.*s", (int)len, note ? note : "");
	return buf;
}

static int cmp_int(int a, int b)
{
	return a < b ? -1 : a > b;
}

static int cmp_dbl_desc(double a, double b)
{
	return a > b ? -1 : a < b;
}

/* What the comparators of indexes read. */
struct sort_ctx {
	const mc_run_view *v;
	const mc_run_stats *st;
};

/* Compares indexes i and j (< 0, 0, > 0 as qsort's comparators). */
typedef int (*idx_cmp)(const struct sort_ctx *c, int i, int j);

static int cmp_late(const struct sort_ctx *c, int i, int j)
{
	const mc_view_order *a = &c->v->orders[i], *b = &c->v->orders[j];
	int r = cmp_int(b->late_days, a->late_days);
	if (!r)
		r = cmp_int(mc_stats_order_worst(b), mc_stats_order_worst(a));
	if (!r)
		r = cmp_int(mc_stats_order_late(b), mc_stats_order_late(a));
	return r;
}

static int cmp_unmet(const struct sort_ctx *c, int i, int j)
{
	const mc_view_order *a = &c->v->orders[i], *b = &c->v->orders[j];
	int r = cmp_int(b->unmet, a->unmet);
	if (!r)
		r = cmp_dbl_desc(a->unmet * a->unmet_penalty,
				 b->unmet * b->unmet_penalty);
	return r;
}

static int cmp_hot_res(const struct sort_ctx *c, int i, int j)
{
	return cmp_dbl_desc(c->st->res[i].shadow_sum, c->st->res[j].shadow_sum);
}

static int cmp_hot_day(const struct sort_ctx *c, int i, int j)
{
	return cmp_dbl_desc(c->v->cap[i].shadow, c->v->cap[j].shadow);
}

static int cmp_hot_mat(const struct sort_ctx *c, int i, int j)
{
	return cmp_dbl_desc(c->v->mat[i].shadow, c->v->mat[j].shadow);
}

/* Sorts the n indexes v by cmp, stably (equal ones keep their order,
 * which is the input order: the ties of stats.h), with tmp room for n
 * more.  A bottom-up merge sort: O(n log n), no recursion. */
static void sort_idx(int *v, int n, idx_cmp cmp, const struct sort_ctx *c,
		     int *tmp)
{
	int *from = v, *to = tmp;
	for (int w = 1; w < n; w *= 2) {
		for (int lo = 0; lo < n; lo += 2 * w) {
			int mid = lo + w < n ? lo + w : n;
			int hi = lo + 2 * w < n ? lo + 2 * w : n;
			int i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = cmp(c, from[j], from[i]) < 0
					      ? from[j++]
					      : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		int *t = from;
		from = to;
		to = t;
	}
	if (from != v)
		memcpy(v, from, (size_t)n * sizeof(*v));
}

static int cmp_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int by_move_place(const void *x, const void *y)
{
	const mc_view_move *a = x, *b = y;
	int c = cmp_text(a->from_day, b->from_day);
	if (!c)
		c = cmp_text(a->from_plant, b->from_plant);
	return c ? c : cmp_text(a->to_plant, b->to_plant);
}

static int same(const char *a, const char *b)
{
	return a ? b && strcmp(a, b) == 0 : !b;
}

/* The first of the n moved units m (by order) of order id. */
static int first_moved(const mc_view_moved *m, int n, const char *id)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(m[mid].order, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Each move's units: the moved units of its order that went from its
 * place to its place, as many as it moved, by seq. */
const char *mc_stats_move_ids(const mc_run_stats *st, int i, mc_arena *a)
{
	size_t n = 1;
	for (int j = st->move_at[i]; j < st->move_at[i + 1]; j++)
		n += strlen(st->move_unit[j]->identifier) + 2;
	char *ids = mc_arena_calloc(a, n, 1), *p = ids;
	for (int j = st->move_at[i]; j < st->move_at[i + 1]; j++)
		p += sprintf(p, "%s%s", j > st->move_at[i] ? ", " : "",
			     st->move_unit[j]->identifier);
	return ids;
}

static void move_units(const mc_run_view *v, mc_arena *a, mc_run_stats *st)
{
	char *taken = mc_arena_calloc(a, (size_t)v->nmoved + 1, 1);
	st->move_unit =
	    mc_arena_calloc(a, (size_t)v->nmoved + 1, sizeof(*st->move_unit));
	st->move_at =
	    mc_arena_calloc(a, (size_t)v->nmoves + 1, sizeof(*st->move_at));
	int k = 0;
	for (int i = 0; i < v->nmoves; i++) {
		const mc_view_move *mv = &v->moves[i];
		st->move_at[i] = k;
		int got = 0;
		for (int j = first_moved(v->moved, v->nmoved, mv->order);
		     j < v->nmoved && got < mv->units &&
		     strcmp(v->moved[j].order, mv->order) == 0;
		     j++) {
			const mc_view_moved *u = &v->moved[j];
			if (taken[j] || !same(u->from_plant, mv->from_plant) ||
			    !same(u->from_day, mv->from_day) ||
			    !same(u->to_plant, mv->to_plant) ||
			    !same(u->to_day, mv->to_day))
				continue;
			taken[j] = 1;
			st->move_unit[k++] = u;
			got++;
		}
	}
	st->move_at[v->nmoves] = k;
}

/* The night's moves by cause and by (day, plant left, plant reached). */
static void move_stats(const mc_run_view *v, mc_arena *a, mc_run_stats *st)
{
	st->moved_share = v->units_persisting
			      ? (double)v->units_moved / v->units_persisting
			      : 0;
	mc_view_move *r =
	    mc_arena_calloc(a, (size_t)v->nmoves + 1, sizeof(mc_view_move));
	for (int i = 0; i < v->nmoves; i++) {
		int k = mc_move_cause(v->moves[i].cause);
		if (k >= 0)
			st->moved_by[k] += v->moves[i].units;
		r[i] = v->moves[i];
		r[i].order = r[i].cause = r[i].to_day = NULL;
	}
	qsort(r, (size_t)v->nmoves, sizeof(*r), by_move_place);
	int n = 0;
	for (int i = 0; i < v->nmoves; i++)
		if (n && by_move_place(&r[n - 1], &r[i]) == 0)
			r[n - 1].units += r[i].units;
		else
			r[n++] = r[i];
	st->move_rows = r;
	st->nmove_rows = n;
	move_units(v, a, st);
}

int mc_stats_order_late(const mc_view_order *o)
{
	return o->late_units + o->made_late;
}

int mc_stats_order_worst(const mc_view_order *o)
{
	int made =
	    o->made_late > 0 ? mc_date_between(o->due, o->made_arrive) : 0;
	return made > o->max_late ? made : o->max_late;
}

const char *mc_stats_order_last(const mc_view_order *o)
{
	if (!o->made_arrive)
		return o->last_arrive;
	if (!o->last_arrive || strcmp(o->made_arrive, o->last_arrive) > 0)
		return o->made_arrive;
	return o->last_arrive;
}

/* The later of two ISO dates (either may be NULL). */
static const char *later_of(const char *x, const char *y)
{
	if (!x)
		return y;
	if (!y)
		return x;
	return strcmp(x, y) >= 0 ? x : y;
}

static void promises_kept(const mc_run_view *v, mc_arena *a, mc_run_stats *st)
{
	st->npromises = v->npromises;
	st->promises =
	    mc_arena_calloc(a, (size_t)v->npromises + 1, sizeof(*st->promises));
	if (!v->npromises)
		return;
	/* the orders by id: a 100,000-order run is not scanned per promise */
	mc_id_index ix;
	mc_id_index_build(&ix, v->norders ? &v->orders[0].id : NULL,
			  sizeof(mc_view_order), v->norders);
	for (int i = 0; i < v->npromises; i++) {
		mc_promise_kept *k = &st->promises[i];
		k->p = &v->promises[i];
		int j = mc_id_index_find(&ix, k->p->order);
		const mc_view_order *o = j >= 0 ? &v->orders[j] : NULL;
		if (!o) {
			k->why = "its order is not in the run";
			continue;
		}
		k->arrive = later_of(o->last_arrive, o->made_arrive);
		const char *because =
		    o->reason ? mc_arena_printf(a, " (%s%s%s)", o->reason,
						o->detail ? ": " : "",
						o->detail ? o->detail : "")
			      : "";
		if (o->unmet > 0)
			k->why = mc_arena_printf(
			    a, "%d of %d unit%s unmet%s", o->unmet, o->quantity,
			    o->quantity == 1 ? "" : "s", because);
		else if (k->arrive && strcmp(k->arrive, k->p->promised) > 0)
			k->why =
			    mc_arena_printf(a, "arrives %s, after %s%s",
					    k->arrive, k->p->promised, because);
		else
			k->kept = 1;
		st->promises_kept += k->kept;
	}
	mc_id_index_free(&ix);
}

void mc_stats_compute(const mc_run_view *v, mc_arena *a, mc_run_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->late = mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(int));
	st->unmet = mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(int));
	for (int o = 0; o < v->norders; o++) {
		const mc_view_order *ord = &v->orders[o];
		int done = ord->made + ord->planned;
		st->units_ordered += ord->quantity;
		st->units_made += ord->made;
		st->units_planned += ord->planned;
		st->units_unmet += ord->unmet;
		st->units_late += mc_stats_order_late(ord);
		st->units_made_late += ord->made_late;
		st->late_days += ord->late_days;
		if (mc_stats_order_worst(ord) > st->max_late)
			st->max_late = mc_stats_order_worst(ord);
		if (done >= ord->quantity) {
			st->orders_full++;
			st->orders_made += ord->made >= ord->quantity;
		} else if (done > 0)
			st->orders_partial++;
		else
			st->orders_none++;
		if (mc_stats_order_late(ord) > 0)
			st->late[st->nlate++] = o;
		if (ord->unmet > 0)
			st->unmet[st->nunmet++] = o;
	}
	int done = st->units_made + st->units_planned;
	st->units_on_time = done - st->units_late;
	st->on_time_pct = done > 0 ? 100.0 * st->units_on_time / done : -1;
	st->fill_rate =
	    st->units_ordered > 0 ? (double)done / st->units_ordered : -1;

	st->nres = v->nresources;
	st->res =
	    mc_arena_calloc(a, (size_t)v->nresources + 1, sizeof(mc_res_stats));
	for (int r = 0; r < v->nresources; r++) {
		st->res[r].res = r;
		st->res[r].peak = -1;
		st->res[r].shadow_max = -1;
	}
	st->hot_days = mc_arena_calloc(a, (size_t)v->ncap + 1, sizeof(int));
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		mc_res_stats *rs = &st->res[c->res_idx];
		rs->hours += c->hours;
		rs->ot_max += c->ot_max;
		rs->used += c->used;
		rs->ot += c->ot;
		st->ot_hours += c->ot;
		if (c->hours > 0) {
			double u = c->used / c->hours;
			if (rs->peak < 0 || u > rs->peak_util + MC_TOL_PATH) {
				rs->peak = i;
				rs->peak_util = u;
			}
		}
		if (c->shadow > MC_SHADOW_EPS) {
			rs->shadow_sum += c->shadow;
			rs->shadow_days++;
			if (rs->shadow_max < 0 ||
			    c->shadow > v->cap[rs->shadow_max].shadow)
				rs->shadow_max = i;
			st->hot_days[st->nhot_days++] = i;
		}
	}
	st->hot_res =
	    mc_arena_calloc(a, (size_t)v->nresources + 1, sizeof(int));
	for (int r = 0; r < v->nresources; r++) {
		mc_res_stats *rs = &st->res[r];
		rs->util = rs->hours > 0 ? rs->used / rs->hours : 0;
		if (rs->shadow_days > 0)
			st->hot_res[st->nhot_res++] = r;
	}
	st->hot_mat = mc_arena_calloc(a, (size_t)v->nmat + 1, sizeof(int));
	for (int i = 0; i < v->nmat; i++)
		if (v->mat[i].shadow > MC_SHADOW_EPS)
			st->hot_mat[st->nhot_mat++] = i;

	const struct sort_ctx c = {v, st};
	int most = v->norders > v->ncap ? v->norders : v->ncap;
	most = most > v->nmat ? most : v->nmat;
	most = most > v->nresources ? most : v->nresources;
	int *tmp = mc_arena_calloc(a, (size_t)most + 1, sizeof(int));
	sort_idx(st->late, st->nlate, cmp_late, &c, tmp);
	sort_idx(st->unmet, st->nunmet, cmp_unmet, &c, tmp);
	sort_idx(st->hot_res, st->nhot_res, cmp_hot_res, &c, tmp);
	sort_idx(st->hot_days, st->nhot_days, cmp_hot_day, &c, tmp);
	sort_idx(st->hot_mat, st->nhot_mat, cmp_hot_mat, &c, tmp);
	move_stats(v, a, st);
	promises_kept(v, a, st);
}

double mc_stats_local_gain(const mc_run_view *v)
{
	if (isnan(v->cost_repair))
		return NAN;
	/* cost_stability is 0 without stability (and for what-ifs) */
	return v->cost_repair - v->cost - v->cost_stability -
	       (isnan(v->mip_gain) ? 0 : v->mip_gain) - v->ot_gain;
}

const char *mc_stats_move_note(int cause)
{
	static const char *const notes[MC_NCAUSES] = {
	    [MC_CAUSE_DAY_PASSED] = " (its day is now past and no actuals "
				    "said it was made)",
	    [MC_CAUSE_DISPLACED] = " (pushed out by units that moved for a "
				   "cause)",
	    [MC_CAUSE_COST] = " (no cause in the inputs: it paid more than "
			      "the stability cost)",
	};
	return cause >= 0 && cause < MC_NCAUSES && notes[cause] ? notes[cause]
								: "";
}
