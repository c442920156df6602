/*
 * report.c - the report dispatcher, the planner's text report and the
 * `mcsched runs` table (see report.h).
 *
 * Memory: each call makes one scratch arena for derived figures and frees
 * it before returning.
 */
#include "report.h"

#include "banner.h"
#include "dispatch.h"
#include "export.h"
#include "file.h"
#include "fmt.h"
#include "html.h"
#include "json.h"
#include "stats.h"
#include "xlsx.h"
#include "table.h"

#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KEYW 13 /* width of the key column in the run facts */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void heading(FILE *f, const char *title)
{
	fprintf(f, "\n%s\n", title);
}

/* "key: value" line of the facts block, key padded to KEYW. */
static void fact(FILE *f, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fact(FILE *f, const char *key, const char *fmt, ...)
{
	va_list ap;
	fprintf(f, "%-*s", KEYW, key);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

static void text_header(const mc_run_view *v, mc_arena *a, FILE *f)
{
	char title[160], end[16];
	int n = snprintf(title, sizeof(title), "MCSCHED %s RUN %" PRId64,
			 strcmp(v->kind, "whatif") == 0 ? "WHAT-IF" : "PLAN",
			 v->id);
	fprintf(f, "%s\n", title);
	for (int i = 0; i < n; i++)
		fputc('=', f);
	fputc('\n', f);
	/* first of all: a night kept back, and which plan the floor is on */
	const char **banner;
	int nb = mc_banner_lines(v, a, &banner);
	for (int i = 0; i < nb; i++)
		fprintf(f, "%s%s\n",
			strncmp(banner[i], "KEPT", 4) ? "NOTE: " : "",
			banner[i]);
	if (nb)
		fputc('\n', f);

	if (v->enterprise || v->prefix)
		fact(f, "Enterprise", "%s (prefix %s)", or_dash(v->enterprise),
		     or_dash(v->prefix));
	if (strcmp(v->kind, "whatif") == 0) {
		char base[32] = "-";
		if (v->base_run > 0)
			snprintf(base, sizeof(base), "run %" PRId64,
				 v->base_run);
		fact(f, "Kind", "what-if on %s, scenario '%s'", base,
		     or_dash(v->scenario));
		for (const char *c = v->changes, *e; c && *c; c = e + !!*e) {
			e = strchr(c, '\n');
			e = e ? e : c + strlen(c);
			fact(f, c == v->changes ? "Changes" : "", "%.*s",
			     (int)(e - c), c);
		}
	} else
		fact(f, "Kind", "plan%s%s%s%s",
		     v->published     ? ", published"
		     : v->hold_reason ? ", kept back"
				      : "",
		     v->scenario ? ", scenario '" : "",
		     v->scenario ? v->scenario : "", v->scenario ? "'" : "");
	fact(f, "Status", "%s", or_dash(v->status));
	fact(f, "Started", "%s", or_dash(v->started));
	fact(f, "Finished", "%s (%.1f s)", or_dash(v->finished), v->elapsed);
	mc_fmt_date_add(end, sizeof(end), v->horizon_start,
			v->horizon_days - 1);
	if (v->frozen_days > 0)
		fact(f, "Horizon", "%s .. %s (%d days, first %d frozen)",
		     v->horizon_start, end, v->horizon_days, v->frozen_days);
	else
		fact(f, "Horizon", "%s .. %s (%d days)", v->horizon_start, end,
		     v->horizon_days);
	fact(f, "Solver",
	     "%s: %d classes, LP %d rows x %d columns, %d iterations",
	     or_dash(v->lp_status), v->nclasses, v->lp_rows, v->lp_cols,
	     v->lp_iters);
	fact(f, "Timings",
	     "load %.2f s, build %.2f s, solve %.2f s, "
	     "round %.2f s",
	     v->t_load, v->t_build, v->t_solve, v->t_round);
	if (v->ninputs > 0) {
		int rw = 0, pw = 0;
		for (int i = 0; i < v->ninputs; i++) {
			int w = mc_table_width(v->inputs[i].role);
			if (w > rw)
				rw = w;
			w = mc_table_width(v->inputs[i].path);
			if (w > pw)
				pw = w;
		}
		for (int i = 0; i < v->ninputs; i++) {
			fprintf(f, "%-*s", KEYW, i == 0 ? "Inputs" : "");
			mc_table_pad(f, v->inputs[i].role, rw, MC_LEFT);
			fputs("  ", f);
			mc_table_pad(f, v->inputs[i].path, pw, MC_LEFT);
			fprintf(f, "  %s\n", or_dash(v->inputs[i].digest));
		}
	}
}

/* What each step to whole units reached (runs that recorded it). */
static void text_rounding(const mc_run_view *v, FILE *f)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM], c[MC_FMT_NUM];
	if (isnan(v->cost_repair))
		return;
	mc_fmt_money(a, sizeof(a), v->cost_repair);
	double mip = isnan(v->mip_gain) ? 0 : v->mip_gain;
	double gain = mc_stats_local_gain(v);
	mc_fmt_money(b, sizeof(b), gain > 0 ? -gain : 0);
	int w =
	    (int)strlen(a) > (int)strlen(b) ? (int)strlen(a) : (int)strlen(b);
	int kept = v->round_from && strcmp(v->round_from, "published") == 0;
	fprintf(f, "  Rounding    %s %*s",
		kept ? "published kept    " : "floor + repair    ", w, a);
	if (!isnan(v->lp_bound))
		fprintf(f, "  (gap %s)",
			mc_fmt_pct(c, sizeof(c),
				   (v->cost_repair - v->lp_bound) /
				       fmax(fabs(v->cost_repair), 1.0),
				   2));
	fputc('\n', f);
	if (v->round_stop && strcmp(v->round_stop, "off") == 0)
		fprintf(f,
			"              local improvement  %*s  (off: "
			"--round-time 0)\n",
			w, "-");
	else
		fprintf(f,
			"              local improvement  %*s  (%" PRId64
			" moves kept, %s)\n",
			w, b, v->round_moves, or_dash(v->round_stop));
	if (v->mip_stop) {
		mc_fmt_money(b, sizeof(b), mip > 0 ? -mip : 0);
		fprintf(f,
			"              neighbourhood MIPs %*s  (%d of %d "
			"taken, %s)\n",
			w, b, v->mip_improved, v->mip_tried, v->mip_stop);
	}
	if (v->ot_gain > 0) {
		mc_fmt_money(b, sizeof(b), -v->ot_gain);
		fprintf(f,
			"              overtime placed    %*s  (minutes off "
			"overtime onto free hours of their kind)\n",
			w, b);
	}
	if (kept)
		fprintf(f, "              (the night started from the "
			   "published plan: its units stay)\n");
}

static void text_cost(const mc_run_view *v, FILE *f)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM], c[MC_FMT_NUM];
	heading(f, "COST");
	mc_fmt_money(a, sizeof(a), v->cost);
	mc_fmt_money(b, sizeof(b), v->lp_bound);
	mc_fmt_pct(c, sizeof(c), v->gap, 2);
	int w =
	    (int)strlen(a) > (int)strlen(b) ? (int)strlen(a) : (int)strlen(b);
	fprintf(f, "  Plan cost   %*s\n", w, a);
	if (v->stability_cost > 0) {
		char e[MC_FMT_NUM], g[MC_FMT_NUM];
		int moved = v->keep_units - v->kept_units;
		fprintf(
		    f,
		    "  Stability   %*s  (%d published unit%s moved in the LP "
		    "x %s; bound and gap are of cost + stability)\n",
		    w, mc_fmt_money(e, sizeof(e), v->cost_stability), moved,
		    moved == 1 ? "" : "s",
		    mc_fmt_money(g, sizeof(g), v->stability_cost));
		if (!isnan(v->stability_price))
			fprintf(f,
				"  Held still  %*s  (what holding the plan "
				"added to the LP optimum's cost)\n",
				w,
				mc_fmt_money(e, sizeof(e), v->stability_price));
	}
	fprintf(f, "  LP bound    %*s\n", w, b);
	fprintf(f, "  Gap         %*s  (%s)\n", w, c,
		isnan(v->lp_bound) ? "no valid LP bound: the LP stopped at its "
				     "limit"
				   : "plan cost above the LP bound");
	text_rounding(v, f);
	fputc('\n', f);

	const struct {
		const char *name;
		double x;
	} parts[] = {
	    {"make", v->cost_make},	    {"options", v->cost_options},
	    {"lane", v->cost_lane},	    {"late", v->cost_late},
	    {"holding", v->cost_holding},   {"unmet", v->cost_unmet},
	    {"overtime", v->cost_overtime},
	};
	int np = (int)(sizeof(parts) / sizeof(parts[0]));
	double total = 0;
	for (int i = 0; i < np; i++)
		total += parts[i].x;
	mc_table *t = mc_table_new(3);
	mc_table_col(t, 0, "Part", MC_LEFT, 0);
	mc_table_col(t, 1, "Amount", MC_RIGHT, 0);
	mc_table_col(t, 2, "Share", MC_RIGHT, 0);
	for (int i = 0; i <= np; i++) {
		double x = i < np ? parts[i].x : total;
		mc_table_cell(t, "%s", i < np ? parts[i].name : "total");
		mc_table_cell(t, "%s", mc_fmt_money(a, sizeof(a), x));
		if (total > 0)
			mc_table_cell(t, "%s",
				      mc_fmt_pct(b, sizeof(b), x / total, 1));
		else
			mc_table_cell(t, "-");
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
}

static void text_service(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM], c[MC_FMT_NUM], e[MC_FMT_NUM];
	heading(f, "SERVICE");
	fprintf(f, "  Orders      %s: %d in full",
		mc_fmt_int(a, sizeof(a), v->norders), st->orders_full);
	if (st->orders_made)
		fprintf(f, " (%d of them made already)", st->orders_made);
	fprintf(f, ", %d in part, %d not at all\n", st->orders_partial,
		st->orders_none);
	/* made, planned and unmet apart: they add up to the quantity */
	fprintf(f, "  Units       %s ordered: %s made, %s planned, %s unmet",
		mc_fmt_int(a, sizeof(a), st->units_ordered),
		mc_fmt_int(b, sizeof(b), st->units_made),
		mc_fmt_int(c, sizeof(c), st->units_planned),
		mc_fmt_int(e, sizeof(e), st->units_unmet));
	if (st->fill_rate >= 0)
		fprintf(f, " (fill rate %s)",
			mc_fmt_pct(a, sizeof(a), st->fill_rate, 1));
	fputc('\n', f);
	int done = st->units_made + st->units_planned;
	if (st->on_time_pct >= 0)
		fprintf(f,
			"  On time     %s (%s of %s %s units arrive "
			"by their due date)\n",
			mc_fmt_pct(c, sizeof(c), st->on_time_pct / 100, 1),
			mc_fmt_int(a, sizeof(a), st->units_on_time),
			mc_fmt_int(b, sizeof(b), done),
			st->units_made ? "made or planned" : "planned");
	else
		fprintf(f, "  On time     - (no units planned)\n");
	if (st->units_late > 0) {
		fprintf(f, "  Late        %s %s",
			mc_fmt_int(a, sizeof(a), st->units_late),
			st->units_late == 1 ? "unit" : "units");
		if (st->units_made_late)
			fprintf(f, " (%d made, late by their actual day)",
				st->units_made_late);
		fprintf(f, ", %s late %s in total%s, worst %d %s\n",
			mc_fmt_int(b, sizeof(b), st->late_days),
			st->late_days == 1 ? "day" : "days",
			st->units_made_late ? " of the planned ones" : "",
			st->max_late, st->max_late == 1 ? "day" : "days");
	} else
		fprintf(f, "  Late        none\n");
	if (st->units_unmet > 0)
		fprintf(f, "  Unmet       %s %s in %d %s\n",
			mc_fmt_int(a, sizeof(a), st->units_unmet),
			st->units_unmet == 1 ? "unit" : "units", st->nunmet,
			st->nunmet == 1 ? "order" : "orders");
	else
		fprintf(f, "  Unmet       none\n");
	fprintf(f, "  Overtime    %s h, costing %s\n",
		mc_fmt_num(a, sizeof(a), st->ot_hours, 1),
		mc_fmt_money(b, sizeof(b), v->cost_overtime));
}

static void text_utilization(const mc_run_view *v, const mc_run_stats *st,
			     FILE *f)
{
	char a[MC_FMT_NUM];
	heading(f,
		"UTILIZATION (hours over the horizon; util = used / regular)");
	if (st->nres == 0) {
		fprintf(f, "  no resources\n");
		return;
	}
	mc_table *t = mc_table_new(9);
	mc_table_col(t, 0, "Resource", MC_LEFT, 0);
	mc_table_col(t, 1, "Plant", MC_LEFT, 0);
	mc_table_col(t, 2, "Kind", MC_LEFT, 0);
	mc_table_col(t, 3, "Regular h", MC_RIGHT, 0);
	mc_table_col(t, 4, "Used h", MC_RIGHT, 0);
	mc_table_col(t, 5, "Util", MC_RIGHT, 0);
	mc_table_col(t, 6, "OT h", MC_RIGHT, 0);
	mc_table_col(t, 7, "Peak day", MC_LEFT, 0);
	mc_table_col(t, 8, "Peak", MC_RIGHT, 0);
	for (int r = 0; r < st->nres; r++) {
		const mc_res_stats *rs = &st->res[r];
		const mc_view_resource *res = &v->resources[rs->res];
		mc_table_cell(t, "%s", res->id);
		mc_table_cell(t, "%s", res->plant);
		mc_table_cell(t, "%s", res->kind);
		mc_table_cell(t, "%s", mc_fmt_num(a, sizeof(a), rs->hours, 1));
		mc_table_cell(t, "%s", mc_fmt_num(a, sizeof(a), rs->used, 1));
		if (rs->hours > 0)
			mc_table_cell(t, "%s",
				      mc_fmt_pct(a, sizeof(a), rs->util, 1));
		else
			mc_table_cell(t, "-");
		mc_table_cell(t, "%s", mc_fmt_num(a, sizeof(a), rs->ot, 1));
		if (rs->peak >= 0 && v->cap[rs->peak].used > 0) {
			mc_table_cell(t, "%s", v->cap[rs->peak].day);
			mc_table_cell(
			    t, "%s",
			    mc_fmt_pct(a, sizeof(a), rs->peak_util, 1));
		} else {
			mc_table_cell(t, "-");
			mc_table_cell(t, "-");
		}
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
}

static void more(FILE *f, int n, int shown)
{
	if (n > shown)
		fprintf(f, "  ... and %d more\n", n - shown);
}

/* "customer · reason: detail" under an order's row of a narrow table. */
static void order_note(mc_table *t, const mc_view_order *o)
{
	mc_table_note(t, "%s \xC2\xB7 %s: %s", or_dash(o->customer),
		      or_dash(o->reason), or_dash(o->detail));
}

static void text_late(const mc_run_view *v, const mc_run_stats *st, int width,
		      FILE *f)
{
	char title[64];
	snprintf(title, sizeof(title), "LATE ORDERS (%d)", st->nlate);
	heading(f, title);
	if (st->nlate == 0) {
		fprintf(f, "  none: every planned unit arrives by its due "
			   "date\n");
		return;
	}
	/* within a width the customer, reason and detail go on a line of
	 * their own under each order */
	int wide = width <= 0, c = 0;
	char a[MC_FMT_NUM];
	mc_table *t = mc_table_new(wide ? 12 : 9);
	mc_table_col(t, c++, "Order", MC_LEFT, 0);
	if (wide)
		mc_table_col(t, c++, "Customer", MC_LEFT, 16);
	mc_table_col(t, c++, "Family", MC_LEFT, 0);
	mc_table_col(t, c++, "Qty", MC_RIGHT, 0);
	mc_table_col(t, c++, wide ? "Units late" : "Late", MC_RIGHT, 0);
	mc_table_col(t, c++, wide ? "Late days" : "Days", MC_RIGHT, 0);
	mc_table_col(t, c++, "Worst", MC_RIGHT, 0);
	mc_table_col(t, c++, "Due", MC_LEFT, 0);
	mc_table_col(t, c++, wide ? "Last arrival" : "Arrives", MC_LEFT, 0);
	mc_table_col(t, c++, "On-time cost", MC_RIGHT, 0);
	if (wide) {
		mc_table_col(t, c++, "Reason", MC_LEFT, 0);
		mc_table_col(t, c++, "Detail", MC_LEFT, 0);
	}
	mc_table_width_max(t, width);
	int shown =
	    st->nlate < MC_REPORT_MAX_ORDERS ? st->nlate : MC_REPORT_MAX_ORDERS;
	for (int i = 0; i < shown; i++) {
		const mc_view_order *o = &v->orders[st->late[i]];
		mc_table_cell(t, "%s", o->id);
		if (wide)
			mc_table_cell(t, "%s", or_dash(o->customer));
		mc_table_cell(t, "%s", o->family);
		mc_table_cell(t, "%d", o->quantity);
		mc_table_cell(t, "%d", mc_stats_order_late(o));
		mc_table_cell(t, "%d", o->late_days);
		mc_table_cell(t, "%d", mc_stats_order_worst(o));
		mc_table_cell(t, "%s", o->due);
		mc_table_cell(t, "%s", or_dash(mc_stats_order_last(o)));
		mc_table_cell(t, "%s",
			      or_dash(mc_stats_ontime(o, 0, a, sizeof(a))));
		if (wide) {
			mc_table_cell(t, "%s", or_dash(o->reason));
			mc_table_cell(t, "%s", or_dash(o->detail));
		} else
			order_note(t, o);
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
	more(f, st->nlate, shown);
	if (!wide)
		fprintf(f, "  (late: units late; days: late days in all; "
			   "arrives: the last arrival)\n");
	fprintf(f, "  (on-time cost: what delivering the late units on time "
		   "would add to the plan\n   cost, the LP's marginal "
		   "estimate, valid for small changes)\n");
}

static void text_unmet(const mc_run_view *v, const mc_run_stats *st, int width,
		       FILE *f)
{
	char title[64], a[MC_FMT_NUM];
	snprintf(title, sizeof(title), "UNMET ORDERS (%d)", st->nunmet);
	heading(f, title);
	if (st->nunmet == 0) {
		fprintf(f, "  none: every ordered unit is planned\n");
		return;
	}
	int wide = width <= 0, c = 0;
	mc_table *t = mc_table_new(wide ? 9 : 6);
	mc_table_col(t, c++, "Order", MC_LEFT, 0);
	if (wide)
		mc_table_col(t, c++, "Customer", MC_LEFT, 16);
	mc_table_col(t, c++, "Family", MC_LEFT, 0);
	mc_table_col(t, c++, "Qty", MC_RIGHT, 0);
	mc_table_col(t, c++, "Unmet", MC_RIGHT, 0);
	mc_table_col(t, c++, "Penalty", MC_RIGHT, 0);
	mc_table_col(t, c++, "Due", MC_LEFT, 0);
	if (wide) {
		mc_table_col(t, c++, "Reason", MC_LEFT, 0);
		mc_table_col(t, c++, "Detail", MC_LEFT, 0);
	}
	mc_table_width_max(t, width);
	int shown = st->nunmet < MC_REPORT_MAX_ORDERS ? st->nunmet
						      : MC_REPORT_MAX_ORDERS;
	for (int i = 0; i < shown; i++) {
		const mc_view_order *o = &v->orders[st->unmet[i]];
		mc_table_cell(t, "%s", o->id);
		if (wide)
			mc_table_cell(t, "%s", or_dash(o->customer));
		mc_table_cell(t, "%s", o->family);
		mc_table_cell(t, "%d", o->quantity);
		mc_table_cell(t, "%d", o->unmet);
		mc_table_cell(
		    t, "%s",
		    mc_fmt_money(a, sizeof(a), o->unmet * o->unmet_penalty));
		mc_table_cell(t, "%s", o->due);
		if (wide) {
			mc_table_cell(t, "%s", or_dash(o->reason));
			mc_table_cell(t, "%s", or_dash(o->detail));
		} else
			order_note(t, o);
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
	more(f, st->nunmet, shown);
}

static void text_bottlenecks(const mc_run_view *v, const mc_run_stats *st,
			     FILE *f)
{
	char a[MC_FMT_NUM];
	heading(f, "BOTTLENECKS (shadow prices: what one more hour would save, "
		   "money per hour)");
	if (st->nhot_res == 0 && v->lp_status &&
	    strcmp(v->lp_status, "optimal") != 0) {
		fprintf(f,
			"  unknown: the LP stopped before its optimum (%s)\n",
			v->lp_status);
	} else if (st->nhot_res == 0) {
		fprintf(f, "  none: one more hour on any resource would not "
			   "lower the plan cost\n");
	} else {
		fprintf(f, "  By resource (sum over the horizon)\n");
		mc_table *t = mc_table_new(8);
		mc_table_col(t, 0, "Resource", MC_LEFT, 0);
		mc_table_col(t, 1, "Plant", MC_LEFT, 0);
		mc_table_col(t, 2, "Kind", MC_LEFT, 0);
		mc_table_col(t, 3, "Sum/h", MC_RIGHT, 0);
		mc_table_col(t, 4, "Days", MC_RIGHT, 0);
		mc_table_col(t, 5, "Max/h", MC_RIGHT, 0);
		mc_table_col(t, 6, "Max day", MC_LEFT, 0);
		mc_table_col(t, 7, "OT cost/h", MC_RIGHT, 0);
		for (int i = 0; i < st->nhot_res; i++) {
			const mc_res_stats *rs = &st->res[st->hot_res[i]];
			const mc_view_resource *res = &v->resources[rs->res];
			const mc_view_cap *mx = &v->cap[rs->shadow_max];
			mc_table_cell(t, "%s", res->id);
			mc_table_cell(t, "%s", res->plant);
			mc_table_cell(t, "%s", res->kind);
			mc_table_cell(
			    t, "%s",
			    mc_fmt_money(a, sizeof(a), rs->shadow_sum));
			mc_table_cell(t, "%d", rs->shadow_days);
			mc_table_cell(t, "%s",
				      mc_fmt_money(a, sizeof(a), mx->shadow));
			mc_table_cell(t, "%s", mx->day);
			if (res->ot_hours > 0)
				mc_table_cell(
				    t, "%s",
				    mc_fmt_money(a, sizeof(a), res->ot_cost));
			else
				mc_table_cell(t, "no OT");
		}
		mc_table_print(t, f, 4);
		mc_table_free(t);
		fprintf(f, "    (overtime pays where Max/h exceeds OT "
			   "cost/h)\n");

		fprintf(f, "\n  Top resource-days\n");
		t = mc_table_new(7);
		mc_table_col(t, 0, "Resource", MC_LEFT, 0);
		mc_table_col(t, 1, "Date", MC_LEFT, 0);
		mc_table_col(t, 2, "Value/h", MC_RIGHT, 0);
		mc_table_col(t, 3, "Regular h", MC_RIGHT, 0);
		mc_table_col(t, 4, "OT max h", MC_RIGHT, 0);
		mc_table_col(t, 5, "Used h", MC_RIGHT, 0);
		mc_table_col(t, 6, "OT h", MC_RIGHT, 0);
		int shown = st->nhot_days < MC_REPORT_MAX_HOT
				? st->nhot_days
				: MC_REPORT_MAX_HOT;
		for (int i = 0; i < shown; i++) {
			const mc_view_cap *c = &v->cap[st->hot_days[i]];
			mc_table_cell(t, "%s", c->resource);
			mc_table_cell(t, "%s", c->day);
			mc_table_cell(t, "%s",
				      mc_fmt_money(a, sizeof(a), c->shadow));
			mc_table_cell(t, "%s",
				      mc_fmt_num(a, sizeof(a), c->hours, 1));
			mc_table_cell(t, "%s",
				      mc_fmt_num(a, sizeof(a), c->ot_max, 1));
			mc_table_cell(t, "%s",
				      mc_fmt_num(a, sizeof(a), c->used, 1));
			mc_table_cell(t, "%s",
				      mc_fmt_num(a, sizeof(a), c->ot, 1));
		}
		mc_table_print(t, f, 4);
		mc_table_free(t);
		if (st->nhot_days > shown)
			fprintf(f, "    ... and %d more\n",
				st->nhot_days - shown);
	}
	if (st->nhot_mat > 0) {
		fprintf(f, "\n  Materials (value of one more unit arriving)\n");
		mc_table *t = mc_table_new(6);
		mc_table_col(t, 0, "Plant", MC_LEFT, 0);
		mc_table_col(t, 1, "Material", MC_LEFT, 0);
		mc_table_col(t, 2, "Date", MC_LEFT, 0);
		mc_table_col(t, 3, "Value", MC_RIGHT, 0);
		mc_table_col(t, 4, "Used", MC_RIGHT, 0);
		mc_table_col(t, 5, "Available", MC_RIGHT, 0);
		int shown = st->nhot_mat < MC_REPORT_MAX_HOT
				? st->nhot_mat
				: MC_REPORT_MAX_HOT;
		for (int i = 0; i < shown; i++) {
			const mc_view_mat *m = &v->mat[st->hot_mat[i]];
			mc_table_cell(t, "%s", m->plant);
			mc_table_cell(t, "%s", m->material);
			mc_table_cell(t, "%s", m->day);
			mc_table_cell(t, "%s",
				      mc_fmt_money(a, sizeof(a), m->shadow));
			mc_table_cell(t, "%s",
				      mc_fmt_num(a, sizeof(a), m->used, 1));
			mc_table_cell(
			    t, "%s", mc_fmt_num(a, sizeof(a), m->available, 1));
		}
		mc_table_print(t, f, 4);
		mc_table_free(t);
		if (st->nhot_mat > shown)
			fprintf(f, "    ... and %d more\n",
				st->nhot_mat - shown);
	}
}

/* "DG-HUMEN 2026-11-26" (or "unmet") into buf. */
static const char *place(char *buf, size_t n, const char *plant,
			 const char *day)
{
	if (!plant && !day)
		snprintf(buf, n, "unmet");
	else
		snprintf(buf, n, "%s %s", or_dash(plant), or_dash(day));
	return buf;
}

/* Units moved per cause, then each move: its order, units (by
 * identifier where the unit records tell), from where to where and
 * why. */
static void text_moves(const mc_run_view *v, const mc_run_stats *st, int width,
		       mc_arena *ar, FILE *f)
{
	char a[MC_FMT_NUM], from[64], to[64];
	fact(f, "Moved", "%d of %d published units still ordered (%s)",
	     v->units_moved, v->units_persisting,
	     mc_fmt_pct(a, sizeof(a), st->moved_share, 1));
	for (int k = 0; k < MC_NCAUSES; k++)
		if (st->moved_by[k])
			fact(f, "", "%5d  %s%s", st->moved_by[k],
			     mc_move_causes[k], mc_stats_move_note(k));
	if (!v->nmoves)
		return;
	mc_table *t = mc_table_new(5);
	mc_table_col(t, 0, "Order", MC_LEFT, 0);
	mc_table_col(t, 1, "Units", MC_RIGHT, 0);
	mc_table_col(t, 2, "From", MC_LEFT, 0);
	mc_table_col(t, 3, "To", MC_LEFT, 0);
	mc_table_col(t, 4, "Cause", MC_LEFT, 0);
	mc_table_width_max(t, width);
	int shown =
	    v->nmoves < MC_REPORT_MAX_MOVES ? v->nmoves : MC_REPORT_MAX_MOVES;
	for (int i = 0; i < shown; i++) {
		const mc_view_move *mv = &v->moves[i];
		mc_table_cell(t, "%s", mv->order);
		mc_table_cell(t, "%d", mv->units);
		mc_table_cell(
		    t, "%s",
		    place(from, sizeof(from), mv->from_plant, mv->from_day));
		mc_table_cell(t, "%s",
			      place(to, sizeof(to), mv->to_plant, mv->to_day));
		mc_table_cell(t, "%s", mv->cause);
		/* the units by identifier, on a line under the move */
		const char *ids = mc_stats_move_ids(st, i, ar);
		if (*ids)
			mc_table_note(t, "%s", ids);
	}
	fputc('\n', f);
	mc_table_print(t, f, 2);
	mc_table_free(t);
	if (v->nmoves > shown)
		fprintf(f,
			"  ... and %d more (every move is in the HTML and JSON "
			"reports and the xlsx Night sheet)\n",
			v->nmoves - shown);
}

/* What the night committed to: the published plan's frozen units, the
 * floor's actuals, conflicts, and what moved (plan runs from schema
 * version 7 on that had a published plan). */
static void text_night(const mc_run_view *v, const mc_run_stats *st, int width,
		       mc_arena *ar, FILE *f)
{
	if (v->committed_to <= 0)
		return;
	char hd[64];
	snprintf(hd, sizeof(hd), "NIGHT (against published run %" PRId64 ")",
		 v->committed_to);
	heading(f, hd);
	fact(f, "Frozen", "%d unit%s of the first %d day%s kept as published%s",
	     v->units_frozen, v->units_frozen == 1 ? "" : "s", v->frozen_days,
	     v->frozen_days == 1 ? "" : "s",
	     v->frozen_ok ? "" : " (NOT every one: see the conflicts)");
	fact(f, "Made", "%d unit%s produced or shipped, out of the plan%s",
	     v->units_done, v->units_done == 1 ? "" : "s",
	     v->units_made ? " and delivered (SERVICE counts them)" : "");
	fact(f, "Conflicts", "%d", v->nconflicts);
	for (int i = 0; i < v->nconflicts; i++)
		fact(f, "", "%-9s  %s", v->conflicts[i].what,
		     v->conflicts[i].detail);
	text_moves(v, st, width, ar, f);
}

/* The promises the run read (mcsched promise): how many it keeps, and
 * each it does not, the reason on a line under it. */
static void text_promises(const mc_run_stats *st, int width, FILE *f)
{
	if (!st->npromises)
		return;
	int missed = st->npromises - st->promises_kept, shown = 0;
	heading(f, "PROMISES");
	fact(f, "Kept", "%d of %d promise%s (%.1f%%)", st->promises_kept,
	     st->npromises, st->npromises == 1 ? "" : "s",
	     100.0 * st->promises_kept / st->npromises);
	if (!missed)
		return;
	mc_table *t = mc_table_new(4);
	mc_table_col(t, 0, "Promise", MC_RIGHT, 0);
	mc_table_col(t, 1, "Order", MC_LEFT, 0);
	mc_table_col(t, 2, "Promised", MC_LEFT, 0);
	mc_table_col(t, 3, "Arrives", MC_LEFT, 0);
	mc_table_width_max(t, width);
	for (int i = 0; i < st->npromises && shown < MC_REPORT_MAX_ORDERS;
	     i++) {
		const mc_promise_kept *k = &st->promises[i];
		if (k->kept)
			continue;
		mc_table_cell(t, "%lld", (long long)k->p->id);
		mc_table_cell(t, "%s", k->p->order);
		mc_table_cell(t, "%s", k->p->promised);
		mc_table_cell(t, "%s", or_dash(k->arrive));
		mc_table_note(t, "%s", k->why);
		shown++;
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
	more(f, missed, shown);
}

static void write_text(const mc_run_view *v, const mc_report_opts *o, FILE *f)
{
	int width = o->width;
	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	mc_stats_compute(v, a, &st);
	text_header(v, a, f);
	text_cost(v, f);
	text_night(v, &st, width, a, f);
	text_promises(&st, width, f);
	text_service(v, &st, f);
	text_utilization(v, &st, f);
	text_late(v, &st, width, f);
	text_unmet(v, &st, width, f);
	text_bottlenecks(v, &st, f);
	mc_arena_free(a);
}

static void write_csv(const mc_run_view *v, const mc_report_opts *o, FILE *f)
{
	(void)o;
	mc_export_csv(v, f);
}

static void write_json(const mc_run_view *v, const mc_report_opts *o, FILE *f)
{
	(void)o;
	mc_export_json(v, f);
}

static void write_html(const mc_run_view *v, const mc_report_opts *o, FILE *f)
{
	(void)o;
	mc_html_write(v, f);
}

/* The dispatch list (dispatch.h) of the units o's filter keeps. */
static void write_dispatch(const mc_run_view *v, const mc_report_opts *o,
			   int html, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_dispatch_unit *l;
	int n;
	mc_dispatch_build(v, &o->filter, a, &l, &n);
	if (html)
		mc_dispatch_html(v, l, n, f);
	else
		mc_dispatch_csv(v, l, n, f);
	mc_arena_free(a);
}

static void write_dispatch_csv(const mc_run_view *v, const mc_report_opts *o,
			       FILE *f)
{
	write_dispatch(v, o, 0, f);
}

static void write_dispatch_html(const mc_run_view *v, const mc_report_opts *o,
				FILE *f)
{
	write_dispatch(v, o, 1, f);
}

/* The formats, in the order the messages list them; xlsx is written by
 * libxlsxwriter to a file of its own (F_XLSX). */
static const char *const formats[] = {
    "text", "csv", "json", "html", "xlsx", "dispatch", "dispatch-html"};
#define NFORMATS   7
#define F_XLSX	   4
#define F_DISPATCH 5
static void (*const writers[])(const mc_run_view *, const mc_report_opts *,
			       FILE *) = {
    write_text, write_csv,	    write_json,		write_html,
    NULL,	write_dispatch_csv, write_dispatch_html};

int mc_report_is_dispatch(const char *format)
{
	for (int i = F_DISPATCH; i < NFORMATS; i++)
		if (strcmp(format, formats[i]) == 0)
			return 1;
	return 0;
}

int mc_report_format(const char *format, mc_diag *d)
{
	for (int i = 0; i < NFORMATS; i++)
		if (strcmp(format, formats[i]) == 0)
			return i;
	const char *s = mc_diag_suggest(format, formats, NFORMATS);
	if (s)
		return mc_diag_error(d, MC_EUSAGE,
				     "unknown report format '%s' (did you "
				     "mean '%s'?)",
				     format, s);
	return mc_diag_error(d, MC_EUSAGE,
			     "unknown report format '%s' (expected text, "
			     "csv, json, html, xlsx, dispatch or "
			     "dispatch-html)",
			     format);
}

static const mc_report_opts defaults = MC_REPORT_OPTS_INIT;

int mc_report_write(const mc_run_view *v, const char *format, FILE *out,
		    mc_diag *d)
{
	return mc_report_write_opts(v, format, NULL, out, d);
}

int mc_report_write_opts(const mc_run_view *v, const char *format,
			 const mc_report_opts *o, FILE *out, mc_diag *d)
{
	int i = mc_report_format(format, d);
	if (i < 0)
		return -1;
	if (i == F_XLSX)
		return mc_diag_error(d, MC_EUSAGE,
				     "an xlsx report is a file: give --out "
				     "FILE.xlsx");
	writers[i](v, o ? o : &defaults, out);
	if (fflush(out) != 0 || ferror(out))
		return mc_diag_error(d, MC_EINPUT,
				     "unable to write the %s report of run "
				     "%" PRId64,
				     format, v->id);
	return 0;
}

struct save_ctx {
	const mc_run_view *v;
	int format;
	const mc_report_opts *o;
};

static int write_saved(FILE *f, const void *ctx, mc_diag *d)
{
	const struct save_ctx *c = ctx;
	(void)d;
	if (c->o->bom)
		fputs(MC_REPORT_BOM, f);
	writers[c->format](c->v, c->o, f);
	return 0;
}

static int write_xlsx(const char *tmp, const void *ctx, mc_diag *d)
{
	return mc_xlsx_write(ctx, tmp, d);
}

int mc_report_save(const mc_run_view *v, const char *format, const char *path,
		   mc_diag *d)
{
	return mc_report_save_opts(v, format, NULL, path, d);
}

int mc_report_save_opts(const mc_run_view *v, const char *format,
			const mc_report_opts *o, const char *path, mc_diag *d)
{
	struct save_ctx c = {v, mc_report_format(format, d), o ? o : &defaults};
	if (c.format < 0)
		return -1;
	if (c.format == F_XLSX)
		return mc_file_write_path(path, write_xlsx, v, d);
	return mc_file_write(path, write_saved, &c, d);
}

void mc_report_runs_json(const mc_run_row *rows, int n, FILE *out)
{
	/* 2 added state, hold_reason, units_made, units_made_late */
	fputs("{\"format_version\": 2, \"runs\": [", out);
	for (int i = 0; i < n; i++) {
		const mc_run_row *r = &rows[i];
		mc_json o;
		mc_json_item(out, i, 2);
		mc_json_open(&o, out, -1);
		mc_json_int(&o, "id", r->id);
		mc_json_str(&o, "kind", r->kind);
		if (r->base_run > 0)
			mc_json_int(&o, "base_run", r->base_run);
		else
			mc_json_null(&o, "base_run");
		mc_json_str(&o, "scenario", r->scenario);
		mc_json_bool(&o, "published", r->published);
		mc_json_str(&o, "state", r->state);
		mc_json_str(&o, "hold_reason", r->hold_reason);
		mc_json_str(&o, "started", r->started);
		mc_json_str(&o, "finished", r->finished);
		mc_json_num(&o, "elapsed", r->elapsed);
		mc_json_str(&o, "status", r->status);
		mc_json_str(&o, "lp_status", r->lp_status);
		mc_json_str(&o, "horizon_start", r->horizon_start);
		mc_json_int(&o, "horizon_days", r->horizon_days);
		mc_json_int(&o, "orders", r->norders);
		mc_json_int(&o, "units_made", r->units_made);
		mc_json_int(&o, "units_made_late", r->units_made_late);
		mc_json_int(&o, "units_planned", r->units_planned);
		mc_json_int(&o, "units_unmet", r->units_unmet);
		mc_json_int(&o, "units_late", r->units_late);
		mc_json_num(&o, "cost", r->cost);
		mc_json_num(&o, "lp_bound", r->lp_bound);
		mc_json_num(&o, "gap", r->gap);
		mc_json_close(&o);
	}
	mc_json_arr_close(out, n, 2);
	fputs("}\n", out);
}

void mc_report_runs(const mc_run_row *rows, int n, int width, FILE *out)
{
	char a[MC_FMT_NUM];
	if (n == 0) {
		fprintf(out, "no runs yet\n");
		return;
	}
	/* within a width: no base, scenario and start columns; a what-if's
	 * base and scenario and a kept-back night's reason on a line under
	 * it */
	int wide = width <= 0, c = 0;
	mc_table *t = mc_table_new(wide ? 15 : 12);
	mc_table_col(t, c++, "", MC_LEFT, 0);
	mc_table_col(t, c++, "Run", MC_RIGHT, 0);
	mc_table_col(t, c++, "Kind", MC_LEFT, 0);
	if (wide) {
		mc_table_col(t, c++, "Base", MC_RIGHT, 0);
		mc_table_col(t, c++, "Scenario", MC_LEFT, 24);
		mc_table_col(t, c++, "Started", MC_LEFT, 0);
	}
	mc_table_col(t, c++, "Horizon", MC_LEFT, 0);
	mc_table_col(t, c++, "Orders", MC_RIGHT, 0);
	mc_table_col(t, c++, "Made", MC_RIGHT, 0);
	mc_table_col(t, c++, "Planned", MC_RIGHT, 0);
	mc_table_col(t, c++, "Unmet", MC_RIGHT, 0);
	mc_table_col(t, c++, "Late", MC_RIGHT, 0);
	mc_table_col(t, c++, "Cost", MC_RIGHT, 0);
	mc_table_col(t, c++, "Gap", MC_RIGHT, 0);
	mc_table_col(t, c++, "State", MC_LEFT, 0);
	mc_table_width_max(t, width);
	for (int i = 0; i < n; i++) {
		const mc_run_row *r = &rows[i];
		mc_table_cell(t, "%s", r->published ? "*" : "");
		mc_table_cell(t, "%" PRId64, r->id);
		mc_table_cell(t, "%s", r->kind);
		if (wide) {
			if (r->base_run > 0)
				mc_table_cell(t, "%" PRId64, r->base_run);
			else
				mc_table_cell(t, "-");
			mc_table_cell(t, "%s", or_dash(r->scenario));
			mc_table_cell(t, "%s", or_dash(r->started));
		}
		mc_table_cell(t, "%s +%dd", or_dash(r->horizon_start),
			      r->horizon_days);
		mc_table_cell(t, "%s", mc_fmt_int(a, sizeof(a), r->norders));
		mc_table_cell(t, "%s", mc_fmt_int(a, sizeof(a), r->units_made));
		mc_table_cell(t, "%s",
			      mc_fmt_int(a, sizeof(a), r->units_planned));
		mc_table_cell(t, "%s",
			      mc_fmt_int(a, sizeof(a), r->units_unmet));
		mc_table_cell(t, "%s", mc_fmt_int(a, sizeof(a), r->units_late));
		mc_table_cell(t, "%s", mc_fmt_money(a, sizeof(a), r->cost));
		mc_table_cell(t, "%s", mc_fmt_pct(a, sizeof(a), r->gap, 2));
		const char *state =
		    r->state ? r->state
			     : mc_store_run_state(r->kind, r->published,
						  r->hold_reason);
		int held = strcmp(state, "kept back") == 0 && r->hold_reason;
		if (held && wide)
			mc_table_cell(t, "kept back: %s", r->hold_reason);
		else
			mc_table_cell(t, "%s", state);
		if (wide)
			continue;
		if (r->base_run > 0)
			mc_table_note(t, "on run %" PRId64 ", scenario '%s'",
				      r->base_run, or_dash(r->scenario));
		else if (r->scenario)
			mc_table_note(t, "scenario '%s'", r->scenario);
		if (held)
			mc_table_note(t, "kept back: %s", r->hold_reason);
	}
	mc_table_print(t, out, 0);
	mc_table_free(t);
	fprintf(out, "* published plan%s\n",
		wide ? "" : " (--wide: base, scenario and start columns)");
}
