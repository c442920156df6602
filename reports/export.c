/*
 * export.c - CSV plan rows and the JSON run (see export.h).
 *
 * Memory: a scratch arena for the derived figures, freed before returning.
 */
#include "export.h"

#include "date.h"
#include "fmt.h"
#include "stats.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* ---- CSV ---- */

void mc_export_csv(const mc_run_view *v, FILE *f)
{
	char buf[MC_FMT_NUM];
	fputs("run,order,customer,region,family,options,quantity,due,plant,"
	      "resource,day,units,arrive,days_late,order_on_time_cost\n",
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
		fprintf(f, "%s\n", mc_stats_ontime(o, 1, buf, sizeof(buf)));
	}
}

/* ---- JSON ---- */

/* An object being written: fields on their own lines at `indent`, or all
 * on one line when indent < 0. */
typedef struct jobj {
	FILE *f;
	int n, indent;
} jobj;

static void jopen(jobj *o, FILE *f, int indent)
{
	o->f = f;
	o->n = 0;
	o->indent = indent;
	fputc('{', f);
}

static void jclose(jobj *o)
{
	if (o->indent >= 0 && o->n)
		fprintf(o->f, "\n%*s}", o->indent - 2, "");
	else
		fputc('}', o->f);
}

static void jkey(jobj *o, const char *k)
{
	if (o->n++)
		fputc(',', o->f);
	if (o->indent >= 0)
		fprintf(o->f, "\n%*s", o->indent, "");
	else if (o->n > 1)
		fputc(' ', o->f);
	mc_fmt_json_str(o->f, k);
	fputs(": ", o->f);
}

static void jstr(jobj *o, const char *k, const char *v)
{
	jkey(o, k);
	mc_fmt_json_str(o->f, v);
}

static void jnum(jobj *o, const char *k, double v)
{
	jkey(o, k);
	mc_fmt_json_num(o->f, v);
}

static void jint(jobj *o, const char *k, long long v)
{
	jkey(o, k);
	fprintf(o->f, "%lld", v);
}

static void jbool(jobj *o, const char *k, int v)
{
	jkey(o, k);
	fputs(v ? "true" : "false", o->f);
}

static void jnull(jobj *o, const char *k)
{
	jkey(o, k);
	fputs("null", o->f);
}

/* Starts element i of an array whose elements sit at `indent`. */
static void jitem(FILE *f, int i, int indent)
{
	fprintf(f, "%s\n%*s", i ? "," : "", indent, "");
}

static void jarr_close(FILE *f, int n, int indent)
{
	if (n)
		fprintf(f, "\n%*s]", indent - 2, "");
	else
		fputc(']', f);
}

static void json_run(const mc_run_view *v, jobj *top)
{
	FILE *f = top->f;
	char end[16];
	jobj o, x;
	jkey(top, "run");
	jopen(&o, f, 4);
	jint(&o, "id", v->id);
	jstr(&o, "kind", v->kind);
	if (v->base_run > 0)
		jint(&o, "base_run", v->base_run);
	else
		jnull(&o, "base_run");
	jstr(&o, "scenario", v->scenario);
	jstr(&o, "started", v->started);
	jstr(&o, "finished", v->finished);
	jnum(&o, "elapsed", v->elapsed);
	jstr(&o, "status", v->status);
	jbool(&o, "published", v->published);
	jstr(&o, "enterprise", v->enterprise);
	jstr(&o, "prefix", v->prefix);
	jstr(&o, "horizon_start", v->horizon_start);
	jstr(&o, "horizon_end",
	     mc_fmt_date_add(end, sizeof(end), v->horizon_start,
			     v->horizon_days - 1));
	jint(&o, "horizon_days", v->horizon_days);
	jint(&o, "frozen_days", v->frozen_days);
	jkey(&o, "inputs");
	fputc('[', f);
	for (int i = 0; i < v->ninputs; i++) {
		jitem(f, i, 6);
		jopen(&x, f, -1);
		jstr(&x, "role", v->inputs[i].role);
		jstr(&x, "path", v->inputs[i].path);
		jstr(&x, "digest", v->inputs[i].digest);
		jclose(&x);
	}
	jarr_close(f, v->ninputs, 6);
	jkey(&o, "solver");
	jopen(&x, f, -1);
	jstr(&x, "lp_status", v->lp_status);
	jint(&x, "classes", v->nclasses);
	jint(&x, "rows", v->lp_rows);
	jint(&x, "cols", v->lp_cols);
	jint(&x, "iterations", v->lp_iters);
	jclose(&x);
	jkey(&o, "timings");
	jopen(&x, f, -1);
	jnum(&x, "load", v->t_load);
	jnum(&x, "build", v->t_build);
	jnum(&x, "solve", v->t_solve);
	jnum(&x, "round", v->t_round);
	jclose(&x);
	jclose(&o);
}

static void json_cost(const mc_run_view *v, const mc_run_stats *st, jobj *top)
{
	jobj o;
	jkey(top, "cost");
	jopen(&o, top->f, 4);
	jnum(&o, "plan", v->cost);
	jnum(&o, "lp_bound", v->lp_bound);
	jnum(&o, "gap", v->gap);
	jnum(&o, "make", v->cost_make);
	jnum(&o, "options", v->cost_options);
	jnum(&o, "lane", v->cost_lane);
	jnum(&o, "late", v->cost_late);
	jnum(&o, "holding", v->cost_holding);
	jnum(&o, "unmet", v->cost_unmet);
	jnum(&o, "overtime", v->cost_overtime);
	/* each step to whole units: floor + repair, then the local
	 * improvement's saving (null for runs that did not record them) */
	jobj r;
	jkey(&o, "rounding");
	jopen(&r, top->f, -1);
	jnum(&r, "repair", v->cost_repair);
	jnum(&r, "repair_gap",
	     isnan(v->cost_repair) ? NAN
				   : (v->cost_repair - v->lp_bound) /
					 fmax(fabs(v->cost_repair), 1.0));
	jnum(&r, "local_gain",
	     isnan(v->cost_repair) ? NAN : v->cost_repair - v->cost);
	jint(&r, "moves", v->round_moves);
	jstr(&r, "stop", v->round_stop);
	jclose(&r);
	jclose(&o);

	jkey(top, "kpi");
	jopen(&o, top->f, 4);
	jint(&o, "orders", v->norders);
	jint(&o, "orders_full", st->orders_full);
	jint(&o, "orders_partial", st->orders_partial);
	jint(&o, "orders_none", st->orders_none);
	jint(&o, "units_ordered", st->units_ordered);
	jint(&o, "units_planned", st->units_planned);
	jint(&o, "units_unmet", st->units_unmet);
	jint(&o, "units_late", st->units_late);
	jint(&o, "units_on_time", st->units_on_time);
	if (st->on_time_pct >= 0)
		jnum(&o, "on_time_pct", st->on_time_pct);
	else
		jnull(&o, "on_time_pct");
	jint(&o, "late_days", st->late_days);
	jint(&o, "max_late", st->max_late);
	jnum(&o, "overtime_hours", st->ot_hours);
	jclose(&o);
}

static void json_resources(const mc_run_view *v, const mc_run_stats *st,
			   jobj *top)
{
	FILE *f = top->f;
	jobj x;
	jkey(top, "resources");
	fputc('[', f);
	for (int r = 0; r < st->nres; r++) {
		const mc_res_stats *rs = &st->res[r];
		const mc_view_resource *res = &v->resources[rs->res];
		jitem(f, r, 4);
		jopen(&x, f, -1);
		jstr(&x, "id", res->id);
		jstr(&x, "plant", res->plant);
		jstr(&x, "kind", res->kind);
		jnum(&x, "hours_per_workday", res->hours);
		jnum(&x, "ot_hours_per_workday", res->ot_hours);
		jnum(&x, "ot_cost", res->ot_cost);
		jnum(&x, "regular_hours", rs->hours);
		jnum(&x, "ot_max_hours", rs->ot_max);
		jnum(&x, "used_hours", rs->used);
		jnum(&x, "ot_hours", rs->ot);
		jnum(&x, "util", rs->util);
		jstr(&x, "peak_day",
		     rs->peak >= 0 ? v->cap[rs->peak].day : NULL);
		jnum(&x, "peak_util", rs->peak_util);
		jnum(&x, "shadow_sum", rs->shadow_sum);
		jint(&x, "shadow_days", rs->shadow_days);
		jstr(&x, "shadow_max_day",
		     rs->shadow_max >= 0 ? v->cap[rs->shadow_max].day : NULL);
		jclose(&x);
	}
	jarr_close(f, st->nres, 4);
}

static void json_orders(const mc_run_view *v, jobj *top)
{
	FILE *f = top->f;
	jobj x;
	jkey(top, "orders");
	fputc('[', f);
	for (int i = 0; i < v->norders; i++) {
		const mc_view_order *o = &v->orders[i];
		jitem(f, i, 4);
		jopen(&x, f, -1);
		jstr(&x, "id", o->id);
		jstr(&x, "customer", o->customer);
		jstr(&x, "region", o->region);
		jstr(&x, "family", o->family);
		jstr(&x, "options", o->options);
		jint(&x, "quantity", o->quantity);
		jstr(&x, "due", o->due);
		jstr(&x, "release", o->release);
		jnum(&x, "priority", o->priority);
		jnum(&x, "late_penalty", o->late_penalty);
		jnum(&x, "unmet_penalty", o->unmet_penalty);
		if (o->max_late_days >= 0)
			jint(&x, "max_late_days", o->max_late_days);
		else
			jnull(&x, "max_late_days");
		jint(&x, "planned", o->planned);
		jint(&x, "unmet", o->unmet);
		jint(&x, "late_units", o->late_units);
		jint(&x, "late_days", o->late_days);
		jint(&x, "max_late", o->max_late);
		jstr(&x, "last_arrive", o->last_arrive);
		jnum(&x, "cost", o->cost);
		jstr(&x, "reason", o->reason);
		jstr(&x, "detail", o->detail);
		/* null unless the order is late (see store.h) */
		jnum(&x, "ontime_cost", o->ontime_cost);
		jstr(&x, "ontime_note", o->ontime_note);
		jclose(&x);
	}
	jarr_close(f, v->norders, 4);
}

static void json_tables(const mc_run_view *v, jobj *top)
{
	FILE *f = top->f;
	jobj x;
	jkey(top, "plan");
	fputc('[', f);
	for (int i = 0; i < v->nallocs; i++) {
		const mc_view_alloc *al = &v->allocs[i];
		jitem(f, i, 4);
		jopen(&x, f, -1);
		jstr(&x, "order", al->order);
		jstr(&x, "plant", al->plant);
		jstr(&x, "resource", al->resource);
		jstr(&x, "day", al->day);
		jint(&x, "units", al->units);
		jstr(&x, "arrive", al->arrive);
		jclose(&x);
	}
	jarr_close(f, v->nallocs, 4);

	jkey(top, "capacity");
	fputc('[', f);
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		jitem(f, i, 4);
		jopen(&x, f, -1);
		jstr(&x, "resource", c->resource);
		jstr(&x, "day", c->day);
		jnum(&x, "hours", c->hours);
		jnum(&x, "ot_max", c->ot_max);
		jnum(&x, "used", c->used);
		jnum(&x, "ot", c->ot);
		jnum(&x, "shadow", c->shadow);
		jclose(&x);
	}
	jarr_close(f, v->ncap, 4);

	jkey(top, "materials");
	fputc('[', f);
	for (int i = 0; i < v->nmat; i++) {
		const mc_view_mat *m = &v->mat[i];
		jitem(f, i, 4);
		jopen(&x, f, -1);
		jstr(&x, "plant", m->plant);
		jstr(&x, "material", m->material);
		jstr(&x, "day", m->day);
		jnum(&x, "available", m->available);
		jnum(&x, "used", m->used);
		jnum(&x, "shadow", m->shadow);
		jclose(&x);
	}
	jarr_close(f, v->nmat, 4);

	jkey(top, "units");
	fputc('[', f);
	for (int i = 0; i < v->nunits; i++) {
		const mc_view_unit *u = &v->units[i];
		jitem(f, i, 4);
		jopen(&x, f, -1);
		jstr(&x, "identifier", u->identifier);
		jint(&x, "serial", u->serial);
		jstr(&x, "order", u->order);
		jint(&x, "seq", u->seq);
		jstr(&x, "status", u->status);
		jstr(&x, "plant", u->plant);
		jstr(&x, "resource", u->resource);
		jstr(&x, "day", u->day);
		jstr(&x, "arrive", u->arrive);
		jstr(&x, "status_now", u->status_now);
		jclose(&x);
	}
	jarr_close(f, v->nunits, 4);
}

void mc_export_json(const mc_run_view *v, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	jobj top;
	mc_stats_compute(v, a, &st);
	jopen(&top, f, 2);
	json_run(v, &top);
	json_cost(v, &st, &top);
	json_resources(v, &st, &top);
	json_orders(v, &top);
	json_tables(v, &top);
	jclose(&top);
	fputc('\n', f);
	mc_arena_free(a);
}
