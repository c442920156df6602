/*
 * export.c - CSV plan rows and the JSON run (see export.h).
 *
 * Memory: a scratch arena for the derived figures, freed before returning.
 */
#include "export.h"

#include "banner.h"
#include "date.h"
#include "dispatch.h"
#include "fmt.h"
#include "json.h"
#include "stats.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* ---- CSV ---- */

void mc_export_csv(const mc_run_view *v, FILE *f)
{
	char buf[MC_FMT_NUM];
	fputs("run,order,customer,region,family,options,quantity,due,plant,"
	      "resource,day,units,arrive,days_late,order_on_time_cost,frozen\n",
	      f);
	for (int i = 0; i < v->nallocs; i++) {
		const mc_view_alloc *al = &v->allocs[i];
		const mc_view_order *o = &v->orders[al->order_idx];
		int late = mc_date_between(o->due, al->arrive);
		fprintf(f, "%" PRId64 ",", v->id);
		mc_fmt_csv(f, al->order);
		fputc(',', f);
		mc_fmt_csv(f, o->customer);
		fputc(',', f);
		mc_fmt_csv(f, o->region);
		fputc(',', f);
		mc_fmt_csv(f, o->family);
		fputc(',', f);
		mc_fmt_csv(f, o->options);
		fprintf(f, ",%d,", o->quantity);
		mc_fmt_csv(f, o->due);
		fputc(',', f);
		mc_fmt_csv(f, al->plant);
		fputc(',', f);
		mc_fmt_csv(f, al->resource);
		fputc(',', f);
		mc_fmt_csv(f, al->day);
		fprintf(f, ",%d,", al->units);
		mc_fmt_csv(f, al->arrive);
		fprintf(f, ",%d,", late > 0 ? late : 0);
		fprintf(f, "%s,%d\n", mc_stats_ontime(o, 1, buf, sizeof(buf)),
			al->frozen);
	}
}

/* ---- JSON ---- */

/* The run's state and its kept-back banner (banner.h), a line each. */
static void json_state(const mc_run_view *v, mc_arena *a, mc_json *o)
{
	const char **lines;
	int n = mc_banner_lines(v, a, &lines);
	mc_json_str(o, "state",
		    v->state ? v->state
			     : mc_store_run_state(v->kind, v->published,
						  v->hold_reason));
	mc_json_str(o, "hold_reason", v->hold_reason);
	mc_json_key(o, "banner");
	fputc('[', o->f);
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : "", o->f);
		mc_fmt_json_str(o->f, lines[i]);
	}
	fputc(']', o->f);
}

static void json_run(const mc_run_view *v, mc_arena *a, mc_json *top)
{
	FILE *f = top->f;
	char end[16];
	mc_json o, x;
	mc_json_key(top, "run");
	mc_json_open(&o, f, 4);
	mc_json_int(&o, "id", v->id);
	mc_json_str(&o, "kind", v->kind);
	if (v->base_run > 0)
		mc_json_int(&o, "base_run", v->base_run);
	else
		mc_json_null(&o, "base_run");
	mc_json_str(&o, "scenario", v->scenario);
	mc_json_str(&o, "changes", v->changes);
	mc_json_str(&o, "started", v->started);
	mc_json_str(&o, "finished", v->finished);
	mc_json_num(&o, "elapsed", v->elapsed);
	mc_json_str(&o, "status", v->status);
	mc_json_bool(&o, "published", v->published);
	json_state(v, a, &o);
	mc_json_str(&o, "enterprise", v->enterprise);
	mc_json_str(&o, "prefix", v->prefix);
	mc_json_str(&o, "horizon_start", v->horizon_start);
	mc_json_str(&o, "horizon_end",
		    mc_fmt_date_add(end, sizeof(end), v->horizon_start,
				    v->horizon_days - 1));
	mc_json_int(&o, "horizon_days", v->horizon_days);
	mc_json_int(&o, "frozen_days", v->frozen_days);
	mc_json_key(&o, "inputs");
	fputc('[', f);
	for (int i = 0; i < v->ninputs; i++) {
		mc_json_item(f, i, 6);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "role", v->inputs[i].role);
		mc_json_str(&x, "path", v->inputs[i].path);
		mc_json_str(&x, "digest", v->inputs[i].digest);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->ninputs, 6);
	mc_json_key(&o, "solver");
	mc_json_open(&x, f, -1);
	mc_json_str(&x, "lp_status", v->lp_status);
	mc_json_int(&x, "classes", v->nclasses);
	mc_json_int(&x, "rows", v->lp_rows);
	mc_json_int(&x, "cols", v->lp_cols);
	mc_json_int(&x, "iterations", v->lp_iters);
	mc_json_close(&x);
	mc_json_key(&o, "timings");
	mc_json_open(&x, f, -1);
	mc_json_num(&x, "load", v->t_load);
	mc_json_num(&x, "build", v->t_build);
	mc_json_num(&x, "solve", v->t_solve);
	mc_json_num(&x, "round", v->t_round);
	mc_json_close(&x);
	mc_json_close(&o);
}

static void json_cost(const mc_run_view *v, const mc_run_stats *st,
		      mc_json *top)
{
	mc_json o;
	mc_json_key(top, "cost");
	mc_json_open(&o, top->f, 4);
	mc_json_num(&o, "plan", v->cost);
	mc_json_num(&o, "lp_bound", v->lp_bound);
	mc_json_num(&o, "gap", v->gap);
	mc_json_num(&o, "make", v->cost_make);
	mc_json_num(&o, "options", v->cost_options);
	mc_json_num(&o, "lane", v->cost_lane);
	mc_json_num(&o, "late", v->cost_late);
	mc_json_num(&o, "holding", v->cost_holding);
	mc_json_num(&o, "unmet", v->cost_unmet);
	mc_json_num(&o, "overtime", v->cost_overtime);
	/* each step to whole units: floor + repair, then the local
	 * improvement's saving, then the neighbourhood MIPs' (null for runs
	 * that did not record them) */
	mc_json r;
	mc_json_key(&o, "rounding");
	mc_json_open(&r, top->f, -1);
	mc_json_num(&r, "repair", v->cost_repair);
	mc_json_num(&r, "repair_gap",
		    isnan(v->cost_repair)
			? NAN
			: (v->cost_repair - v->lp_bound) /
			      fmax(fabs(v->cost_repair), 1.0));
	double mip = isnan(v->mip_gain) ? 0 : v->mip_gain;
	mc_json_num(&r, "local_gain", mc_stats_local_gain(v));
	mc_json_int(&r, "moves", v->round_moves);
	mc_json_str(&r, "stop", v->round_stop);
	mc_json_num(&r, "mip_gain", v->mip_stop ? mip : NAN);
	if (v->mip_stop) {
		mc_json_int(&r, "mip_tried", v->mip_tried);
		mc_json_int(&r, "mip_taken", v->mip_improved);
	} else {
		mc_json_null(&r, "mip_tried");
		mc_json_null(&r, "mip_taken");
	}
	mc_json_str(&r, "mip_stop", v->mip_stop);
	/* where whole units started, what keeping the published plan cost,
	 * what the least-overtime placement saved */
	mc_json_str(&r, "start", v->round_from);
	mc_json_num(&r, "kept_cost", v->cost_kept);
	mc_json_num(&r, "ot_gain", v->ot_gain);
	mc_json_close(&r);
	mc_json_close(&o);

	mc_json_key(top, "kpi");
	mc_json_open(&o, top->f, 4);
	mc_json_int(&o, "orders", v->norders);
	mc_json_int(&o, "orders_full", st->orders_full);
	mc_json_int(&o, "orders_made", st->orders_made);
	mc_json_int(&o, "orders_partial", st->orders_partial);
	mc_json_int(&o, "orders_none", st->orders_none);
	mc_json_int(&o, "units_ordered", st->units_ordered);
	mc_json_int(&o, "units_made", st->units_made);
	mc_json_int(&o, "units_planned", st->units_planned);
	mc_json_int(&o, "units_unmet", st->units_unmet);
	if (st->fill_rate >= 0)
		mc_json_num(&o, "fill_rate", st->fill_rate);
	else
		mc_json_null(&o, "fill_rate");
	mc_json_int(&o, "units_late", st->units_late);
	mc_json_int(&o, "units_made_late", st->units_made_late);
	mc_json_int(&o, "units_on_time", st->units_on_time);
	if (st->on_time_pct >= 0)
		mc_json_num(&o, "on_time_pct", st->on_time_pct);
	else
		mc_json_null(&o, "on_time_pct");
	mc_json_int(&o, "late_days", st->late_days);
	mc_json_int(&o, "max_late", st->max_late);
	mc_json_num(&o, "overtime_hours", st->ot_hours);
	mc_json_close(&o);
}

static void json_resources(const mc_run_view *v, const mc_run_stats *st,
			   mc_json *top)
{
	FILE *f = top->f;
	mc_json x;
	mc_json_key(top, "resources");
	fputc('[', f);
	for (int r = 0; r < st->nres; r++) {
		const mc_res_stats *rs = &st->res[r];
		const mc_view_resource *res = &v->resources[rs->res];
		mc_json_item(f, r, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "id", res->id);
		mc_json_str(&x, "plant", res->plant);
		mc_json_str(&x, "kind", res->kind);
		mc_json_num(&x, "hours_per_workday", res->hours);
		mc_json_num(&x, "ot_hours_per_workday", res->ot_hours);
		mc_json_num(&x, "ot_cost", res->ot_cost);
		mc_json_num(&x, "regular_hours", rs->hours);
		mc_json_num(&x, "ot_max_hours", rs->ot_max);
		mc_json_num(&x, "used_hours", rs->used);
		mc_json_num(&x, "ot_hours", rs->ot);
		mc_json_num(&x, "util", rs->util);
		mc_json_str(&x, "peak_day",
			    rs->peak >= 0 ? v->cap[rs->peak].day : NULL);
		mc_json_num(&x, "peak_util", rs->peak_util);
		mc_json_num(&x, "shadow_sum", rs->shadow_sum);
		mc_json_int(&x, "shadow_days", rs->shadow_days);
		mc_json_str(&x, "shadow_max_day",
			    rs->shadow_max >= 0 ? v->cap[rs->shadow_max].day
						: NULL);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, st->nres, 4);
}

static void json_orders(const mc_run_view *v, mc_json *top)
{
	FILE *f = top->f;
	mc_json x;
	mc_json_key(top, "orders");
	fputc('[', f);
	for (int i = 0; i < v->norders; i++) {
		const mc_view_order *o = &v->orders[i];
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "id", o->id);
		mc_json_str(&x, "customer", o->customer);
		mc_json_str(&x, "region", o->region);
		mc_json_str(&x, "family", o->family);
		mc_json_str(&x, "options", o->options);
		mc_json_int(&x, "quantity", o->quantity);
		mc_json_str(&x, "due", o->due);
		mc_json_str(&x, "release", o->release);
		mc_json_num(&x, "priority", o->priority);
		mc_json_num(&x, "late_penalty", o->late_penalty);
		mc_json_num(&x, "unmet_penalty", o->unmet_penalty);
		if (o->max_late_days >= 0)
			mc_json_int(&x, "max_late_days", o->max_late_days);
		else
			mc_json_null(&x, "max_late_days");
		mc_json_int(&x, "made", o->made);
		mc_json_int(&x, "made_late", o->made_late);
		mc_json_str(&x, "made_arrive", o->made_arrive);
		mc_json_int(&x, "planned", o->planned);
		mc_json_int(&x, "unmet", o->unmet);
		mc_json_int(&x, "late_units", o->late_units);
		mc_json_int(&x, "late_days", o->late_days);
		mc_json_int(&x, "max_late", o->max_late);
		mc_json_str(&x, "last_arrive", o->last_arrive);
		mc_json_num(&x, "cost", o->cost);
		mc_json_str(&x, "reason", o->reason);
		mc_json_str(&x, "detail", o->detail);
		/* null unless the order is late (see store.h) */
		mc_json_num(&x, "ontime_cost", o->ontime_cost);
		mc_json_str(&x, "ontime_note", o->ontime_note);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->norders, 4);
}

static void json_tables(const mc_run_view *v, const int *frozen, mc_json *top)
{
	FILE *f = top->f;
	mc_json x;
	mc_json_key(top, "plan");
	fputc('[', f);
	for (int i = 0; i < v->nallocs; i++) {
		const mc_view_alloc *al = &v->allocs[i];
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "order", al->order);
		mc_json_str(&x, "plant", al->plant);
		mc_json_str(&x, "resource", al->resource);
		mc_json_str(&x, "day", al->day);
		mc_json_int(&x, "units", al->units);
		mc_json_str(&x, "arrive", al->arrive);
		mc_json_bool(&x, "frozen", al->frozen);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->nallocs, 4);

	mc_json_key(top, "capacity");
	fputc('[', f);
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "resource", c->resource);
		mc_json_str(&x, "day", c->day);
		mc_json_num(&x, "hours", c->hours);
		mc_json_num(&x, "ot_max", c->ot_max);
		mc_json_num(&x, "used", c->used);
		mc_json_num(&x, "ot", c->ot);
		mc_json_num(&x, "shadow", c->shadow);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->ncap, 4);

	mc_json_key(top, "materials");
	fputc('[', f);
	for (int i = 0; i < v->nmat; i++) {
		const mc_view_mat *m = &v->mat[i];
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "plant", m->plant);
		mc_json_str(&x, "material", m->material);
		mc_json_str(&x, "day", m->day);
		mc_json_num(&x, "available", m->available);
		mc_json_num(&x, "used", m->used);
		mc_json_num(&x, "shadow", m->shadow);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->nmat, 4);

	mc_json_key(top, "units");
	fputc('[', f);
	for (int i = 0; i < v->nunits; i++) {
		const mc_view_unit *u = &v->units[i];
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "identifier", u->identifier);
		mc_json_int(&x, "serial", u->serial);
		mc_json_str(&x, "order", u->order);
		mc_json_int(&x, "seq", u->seq);
		mc_json_str(&x, "status", u->status);
		mc_json_str(&x, "plant", u->plant);
		mc_json_str(&x, "resource", u->resource);
		mc_json_str(&x, "day", u->day);
		mc_json_str(&x, "arrive", u->arrive);
		mc_json_str(&x, "status_now", u->status_now);
		mc_json_bool(&x, "frozen", frozen[i]);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->nunits, 4);
}

/* What the night committed to (null for runs without a published plan
 * to hold to, and runs saved before schema version 7). */
static void json_night(const mc_run_view *v, const mc_run_stats *st,
		       mc_json *top)
{
	FILE *f = top->f;
	mc_json o, x;
	if (v->committed_to <= 0) {
		mc_json_null(top, "night");
		return;
	}
	mc_json_key(top, "night");
	mc_json_open(&o, f, 4);
	mc_json_int(&o, "committed_to", v->committed_to);
	mc_json_int(&o, "frozen_days", v->frozen_days);
	mc_json_int(&o, "units_frozen", v->units_frozen);
	mc_json_bool(&o, "frozen_ok", v->frozen_ok);
	mc_json_int(&o, "units_made", v->units_done);
	mc_json_num(&o, "stability_cost", v->stability_cost);
	mc_json_num(&o, "cost_stability", v->cost_stability);
	mc_json_num(&o, "stability_price", v->stability_price);
	mc_json_int(&o, "keep_units", v->keep_units);
	mc_json_int(&o, "kept_units", v->kept_units);
	mc_json_int(&o, "units_persisting", v->units_persisting);
	mc_json_int(&o, "units_moved", v->units_moved);
	mc_json_key(&o, "conflicts");
	fputc('[', f);
	for (int i = 0; i < v->nconflicts; i++) {
		const mc_view_conflict *c = &v->conflicts[i];
		mc_json_item(f, i, 6);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "what", c->what);
		mc_json_str(&x, "order", c->order);
		mc_json_str(&x, "place", c->place);
		mc_json_str(&x, "day", c->day);
		mc_json_int(&x, "units", c->units);
		mc_json_str(&x, "detail", c->detail);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->nconflicts, 6);
	mc_json_key(&o, "moves");
	fputc('[', f);
	for (int i = 0; i < v->nmoves; i++) {
		const mc_view_move *mv = &v->moves[i];
		mc_json_item(f, i, 6);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "order", mv->order);
		mc_json_str(&x, "from_plant", mv->from_plant);
		mc_json_str(&x, "from_day", mv->from_day);
		mc_json_str(&x, "to_plant", mv->to_plant);
		mc_json_str(&x, "to_day", mv->to_day);
		mc_json_int(&x, "units", mv->units);
		mc_json_str(&x, "cause", mv->cause);
		mc_json_key(&x, "identifiers");
		fputc('[', f);
		for (int j = st->move_at[i]; j < st->move_at[i + 1]; j++) {
			fputs(j > st->move_at[i] ? ", " : "", f);
			mc_fmt_json_str(f, st->move_unit[j]->identifier);
		}
		fputc(']', f);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, v->nmoves, 6);
	mc_json_close(&o);
}

/* The promises the run read and whether it keeps each. */
static void json_promises(const mc_run_stats *st, mc_json *top)
{
	FILE *f = top->f;
	mc_json o, x;
	mc_json_key(top, "promises");
	mc_json_open(&o, f, 4);
	mc_json_int(&o, "read", st->npromises);
	mc_json_int(&o, "kept", st->promises_kept);
	mc_json_key(&o, "list");
	fputc('[', f);
	for (int i = 0; i < st->npromises; i++) {
		const mc_promise_kept *k = &st->promises[i];
		mc_json_item(f, i, 6);
		mc_json_open(&x, f, -1);
		mc_json_int(&x, "id", k->p->id);
		mc_json_str(&x, "order", k->p->order);
		mc_json_str(&x, "promised", k->p->promised);
		mc_json_str(&x, "arrives", k->arrive);
		mc_json_bool(&x, "kept", k->kept);
		mc_json_str(&x, "why", k->why);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, st->npromises, 6);
	mc_json_close(&o);
}

void mc_export_json(const mc_run_view *v, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	mc_json top;
	mc_stats_compute(v, a, &st);
	mc_json_open(&top, f, 2);
	/* docs/schema/report.schema.json describes this version */
	mc_json_int(&top, "format_version", MC_EXPORT_JSON_VERSION);
	json_run(v, a, &top);
	json_cost(v, &st, &top);
	json_resources(v, &st, &top);
	json_orders(v, &top);
	mc_dispatch_unit *l;
	int n;
	mc_dispatch_build(v, NULL, a, &l, &n);
	json_tables(v, mc_dispatch_frozen_units(v, l, n, a), &top);
	json_night(v, &st, &top);
	json_promises(&st, &top);
	mc_json_close(&top);
	fputc('\n', f);
	mc_arena_free(a);
}
