/*
 * compare_json.c - the JSON comparison of `mcsched compare` (see
 * compare.h; format_version 2): the runs, the cost and service rows with
 * their deltas, and for each run against the reference every resource,
 * the shadow prices that rose and fell most, and every changed order.
 */
#include "compare.h"
#include "compare_impl.h"

#include "fmt.h"
#include "json.h"

#include <math.h>

static void json_runs(const mc_compare *c, mc_json *top)
{
	FILE *f = top->f;
	mc_json o;
	mc_json_key(top, "runs");
	fputc('[', f);
	for (int k = 0; k < c->nruns; k++) {
		const mc_run_view *v = &c->runs[k];
		mc_json_item(f, k, 4);
		mc_json_open(&o, f, -1);
		mc_json_int(&o, "id", v->id);
		mc_json_str(&o, "role", k ? "compared" : "reference");
		mc_json_str(&o, "kind", v->kind);
		if (v->base_run > 0)
			mc_json_int(&o, "base_run", v->base_run);
		else
			mc_json_null(&o, "base_run");
		mc_json_str(&o, "scenario", v->scenario);
		mc_json_str(&o, "changes", v->changes);
		mc_json_bool(&o, "published", v->published);
		mc_json_str(&o, "started", v->started);
		mc_json_str(&o, "status", v->status);
		mc_json_str(&o, "lp_status", v->lp_status);
		mc_json_str(&o, "horizon_start", v->horizon_start);
		mc_json_int(&o, "horizon_days", v->horizon_days);
		mc_json_close(&o);
	}
	mc_json_arr_close(f, c->nruns, 4);
}

static void json_metrics(const mc_compare *c, int cost, mc_json *top)
{
	FILE *f = top->f;
	mc_json o;
	int n = 0;
	mc_json_key(top, cost ? "cost" : "service");
	fputc('[', f);
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		mc_json_item(f, n++, 4);
		mc_json_open(&o, f, -1);
		mc_json_str(&o, "key", mt->key);
		mc_json_str(&o, "unit", compare_unit_name(mt->unit));
		for (int s = 0; s < 3; s++) {
			mc_json_key(&o, s == 0	 ? "values"
					: s == 1 ? "delta"
						 : "delta_pct");
			fputc('[', f);
			for (int k = 0; k < c->nruns; k++) {
				double r = mt->x[0], x = mt->x[k];
				fputs(k ? ", " : "", f);
				mc_fmt_json_num(
				    f,
				    s == 0 ? x
				    : s == 1
					? compare_tidy(x - r,
						       mt->unit == MC_UNIT_RATE)
				    : k ? compare_tidy(
					      mc_compare_rel(r, x, mt->unit), 1)
					: NAN);
			}
			fputc(']', f);
		}
		mc_json_close(&o);
	}
	mc_json_arr_close(f, n, 4);
}

static void json_res_side(mc_json *o, const char *key, const mc_cmp_res_side *s)
{
	mc_json x;
	mc_json_key(o, key);
	if (!s->present) {
		fputs("null", o->f);
		return;
	}
	mc_json_open(&x, o->f, -1);
	mc_json_num(&x, "regular_hours", s->hours);
	mc_json_num(&x, "ot_max_hours", s->ot_max);
	mc_json_num(&x, "used_hours", s->used);
	mc_json_num(&x, "ot_hours", s->ot);
	mc_json_num(&x, "util", s->util);
	mc_json_num(&x, "shadow_sum", s->shadow_sum);
	mc_json_int(&x, "shadow_days", s->shadow_days);
	mc_json_close(&x);
}

static void json_order_side(mc_json *o, const char *key, const mc_cmp_side *s)
{
	mc_json x;
	mc_json_key(o, key);
	if (!s->o) {
		fputs("null", o->f);
		return;
	}
	mc_json_open(&x, o->f, -1);
	mc_json_int(&x, "quantity", s->o->quantity);
	mc_json_str(&x, "due", s->o->due);
	mc_json_int(&x, "made", s->o->made);
	mc_json_int(&x, "planned", s->o->planned);
	mc_json_int(&x, "on_time", s->on_time);
	mc_json_int(&x, "late_units", mc_stats_order_late(s->o));
	mc_json_int(&x, "max_late", mc_stats_order_worst(s->o));
	mc_json_int(&x, "unmet", s->o->unmet);
	mc_json_str(&x, "outcome", s->outcome);
	mc_json_str(&x, "plants", s->plants);
	mc_json_str(&x, "first_day", s->first_day);
	mc_json_str(&x, "last_day", s->last_day);
	mc_json_str(&x, "run_reason", s->o->reason);
	mc_json_str(&x, "run_detail", s->o->detail);
	mc_json_close(&x);
}

static void json_pair(const mc_cmp_pair *pr, FILE *f)
{
	mc_json o, x;
	mc_json_open(&o, f, 6);
	mc_json_int(&o, "run", pr->run->id);
	mc_json_int(&o, "reference", pr->ref->id);
	mc_json_key(&o, "resources");
	fputc('[', f);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		mc_json_item(f, i, 8);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "resource", r->id);
		mc_json_str(&x, "plant", r->plant);
		mc_json_str(&x, "kind", r->kind);
		mc_json_bool(&x, "changed", r->changed);
		json_res_side(&x, "reference_values", &r->ref);
		json_res_side(&x, "values", &r->run);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, pr->nres, 8);
	for (int s = 0; s < 2; s++) {
		mc_json_key(&o, s ? "shadow_fell" : "shadow_rose");
		fputc('[', f);
		int n = s ? pr->nfell : pr->nrose;
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r =
			    &pr->res[(s ? pr->fell : pr->rose)[i]];
			fputs(i ? ", " : "", f);
			mc_json_open(&x, f, -1);
			mc_json_str(&x, "resource", r->id);
			mc_json_num(
			    &x, "delta",
			    compare_tidy(r->run.shadow_sum - r->ref.shadow_sum,
					 0));
			mc_json_close(&x);
		}
		fputc(']', f);
	}
	mc_json_key(&o, "order_counts");
	mc_json_open(&x, f, -1);
	mc_json_int(&x, "changed", pr->norders);
	for (int k = 0; k < MC_CHG_N; k++)
		mc_json_int(&x, mc_change_key(k), pr->count[k]);
	mc_json_close(&x);
	mc_json_key(&o, "orders");
	fputc('[', f);
	for (int i = 0; i < pr->norders; i++) {
		const mc_cmp_order *co = &pr->orders[i];
		mc_json_item(f, i, 8);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "order", co->id);
		mc_json_str(&x, "family", co->family);
		mc_json_key(&x, "changes");
		fputc('[', f);
		int n = 0;
		for (int k = 0; k < MC_CHG_N; k++)
			if (co->kinds & (1u << k)) {
				fputs(n++ ? ", " : "", f);
				mc_fmt_json_str(f, mc_change_key(k));
			}
		fputc(']', f);
		mc_json_str(&x, "reason_code", co->reason_code);
		mc_json_str(&x, "reason", co->reason);
		json_order_side(&x, "reference_values", &co->ref);
		json_order_side(&x, "values", &co->run);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, pr->norders, 8);
	mc_json_close(&o);
}

void mc_compare_json(const mc_compare *c, FILE *f)
{
	mc_json top;
	mc_json_open(&top, f, 2);
	/* 2: each order's made units (made and late units count them) */
	mc_json_int(&top, "format_version", 2);
	mc_json_int(&top, "reference", c->runs[0].id);
	json_runs(c, &top);
	json_metrics(c, 1, &top);
	json_metrics(c, 0, &top);
	mc_json_key(&top, "comparisons");
	fputc('[', f);
	for (int k = 1; k < c->nruns; k++) {
		mc_json_item(f, k - 1, 4);
		json_pair(&c->pairs[k - 1], f);
	}
	mc_json_arr_close(f, c->nruns - 1, 4);
	mc_json_close(&top);
	fputc('\n', f);
}
