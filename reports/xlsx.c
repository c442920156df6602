/*
 * xlsx.c - the report of a run as an Excel workbook (`report --format
 * xlsx`); the only module that includes <xlsxwriter.h> (libxlsxwriter).
 *
 * Ten sheets, each a table with a bold, frozen header row and an
 * autofilter: Summary (a fact a row), Plan (a row per order x plant x
 * day, as the CSV, with its frozen flag), Late and Unmet (every such
 * order, most severe first, as in the text report but not cut at 15),
 * Night (every move of a night: order, units, from and to, cause, the
 * units' identifiers), Utilization (a row per resource), Capacity (a row
 * per resource and day), Bottlenecks (every resource-day with a positive
 * shadow price, highest first), Materials (a row per plant, material and
 * day) and Dispatch (the dispatch list: a row per unit by plant,
 * resource, day and sequence).  Money has two decimals and a thousands
 * separator, shares are percentages, dates are real Excel dates
 * (yyyy-mm-dd), so a planner can sort, filter and sum.
 *
 * Memory: scratch statistics come from an arena freed before returning;
 * libxlsxwriter keeps the workbook until workbook_close().
 */
#include "xlsx.h"

#include "arena.h"
#include "banner.h"
#include "date.h"
#include "dispatch.h"
#include "stats.h"

#include <xlsxwriter.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sheet being written: its row cursor and the workbook's formats. */
typedef struct sheet {
	lxw_worksheet *ws;
	lxw_row_t row;
	lxw_format *head, *money, *num1, *pct, *date, *intg;
} sheet;

typedef struct col {
	const char *title;
	double width;
} col;

static void sheet_begin(sheet *s, lxw_workbook *wb, const char *name,
			const col *cols, int n, const sheet *fmts)
{
	*s = *fmts;
	s->ws = workbook_add_worksheet(wb, name);
	for (int i = 0; i < n; i++) {
		worksheet_set_column(s->ws, (lxw_col_t)i, (lxw_col_t)i,
				     cols[i].width, NULL);
		worksheet_write_string(s->ws, 0, (lxw_col_t)i, cols[i].title,
				       s->head);
	}
	worksheet_freeze_panes(s->ws, 1, 0);
	s->row = 1;
}

/* The autofilter over the header and the rows written. */
static void sheet_end(sheet *s, int ncols)
{
	worksheet_autofilter(s->ws, 0, 0, s->row > 1 ? s->row - 1 : 0,
			     (lxw_col_t)(ncols - 1));
}

static void str(sheet *s, int c, const char *v)
{
	if (v && *v)
		worksheet_write_string(s->ws, s->row, (lxw_col_t)c, v, NULL);
}

static void num(sheet *s, int c, double v, lxw_format *f)
{
	if (isfinite(v))
		worksheet_write_number(s->ws, s->row, (lxw_col_t)c, v, f);
}

/* An ISO date as an Excel date; left empty when it is not one. */
static void date(sheet *s, int c, const char *iso)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	lxw_datetime dt = {y, m, d, 0, 0, 0};
	worksheet_write_datetime(s->ws, s->row, (lxw_col_t)c, &dt, s->date);
}

/* ---- Summary ---- */

static void fact_str(sheet *s, const char *k, const char *v)
{
	str(s, 0, k);
	str(s, 1, v);
	s->row++;
}

static void fact_num(sheet *s, const char *k, double v, lxw_format *f)
{
	str(s, 0, k);
	num(s, 1, v, f);
	s->row++;
}

static void summary(sheet *s, const mc_run_view *v, const mc_run_stats *st,
		    mc_arena *a)
{
	/* first of all: a night kept back, or the nights kept back since
	 * this published plan (banner.h) */
	const char **lines;
	int n = mc_banner_lines(v, a, &lines);
	for (int i = 0; i < n; i++)
		fact_str(s, strncmp(lines[i], "KEPT", 4) ? "note" : "KEPT BACK",
			 lines[i]);
	fact_num(s, "run", (double)v->id, s->intg);
	fact_str(s, "kind", v->kind);
	fact_str(s, "state", mc_banner_state(v, a));
	fact_str(s, "status", v->status);
	fact_str(s, "LP status", v->lp_status);
	fact_str(s, "started (UTC)", v->started);
	str(s, 0, "horizon start");
	date(s, 1, v->horizon_start);
	s->row++;
	fact_num(s, "horizon days", v->horizon_days, s->intg);
	fact_num(s, "orders", v->norders, s->intg);
	fact_num(s, "orders complete", st->orders_full, s->intg);
	fact_num(s, "orders made already", st->orders_made, s->intg);
	fact_num(s, "orders partly planned", st->orders_partial, s->intg);
	fact_num(s, "orders not planned", st->orders_none, s->intg);
	fact_num(s, "units ordered", st->units_ordered, s->intg);
	fact_num(s, "units made", st->units_made, s->intg);
	fact_num(s, "units planned", st->units_planned, s->intg);
	fact_num(s, "units unmet", st->units_unmet, s->intg);
	fact_num(s, "fill rate", st->fill_rate < 0 ? NAN : st->fill_rate,
		 s->pct);
	fact_num(s, "units late", st->units_late, s->intg);
	fact_num(s, "units made late", st->units_made_late, s->intg);
	fact_num(s, "on time",
		 st->on_time_pct < 0 ? NAN : st->on_time_pct / 100, s->pct);
	fact_num(s, "plan cost", v->cost, s->money);
	fact_num(s, "LP bound", v->lp_bound, s->money);
	fact_num(s, "gap", v->gap, s->pct);
	fact_num(s, "cost: make", v->cost_make, s->money);
	fact_num(s, "cost: options", v->cost_options, s->money);
	fact_num(s, "cost: lanes", v->cost_lane, s->money);
	fact_num(s, "cost: late", v->cost_late, s->money);
	fact_num(s, "cost: holding", v->cost_holding, s->money);
	fact_num(s, "cost: unmet", v->cost_unmet, s->money);
	fact_num(s, "cost: overtime", v->cost_overtime, s->money);
	fact_num(s, "overtime hours", st->ot_hours, s->num1);
}

/* ---- the tables ---- */

static void plan(sheet *s, const mc_run_view *v)
{
	for (int i = 0; i < v->nallocs; i++, s->row++) {
		const mc_view_alloc *al = &v->allocs[i];
		const mc_view_order *o = &v->orders[al->order_idx];
		int late = mc_date_between(o->due, al->arrive);
		str(s, 0, al->order);
		str(s, 1, o->customer);
		str(s, 2, o->region);
		str(s, 3, o->family);
		str(s, 4, o->options);
		num(s, 5, o->quantity, s->intg);
		date(s, 6, o->due);
		str(s, 7, al->plant);
		str(s, 8, al->resource);
		date(s, 9, al->day);
		num(s, 10, al->units, s->intg);
		date(s, 11, al->arrive);
		num(s, 12, late > 0 ? late : 0, s->intg);
		str(s, 13, al->frozen ? "frozen" : "");
	}
}

/* The night's moves, each with its units' identifiers. */
static void night(sheet *s, const mc_run_view *v, const mc_run_stats *st,
		  mc_arena *a)
{
	for (int i = 0; i < v->nmoves; i++, s->row++) {
		const mc_view_move *mv = &v->moves[i];
		str(s, 0, mv->order);
		num(s, 1, mv->units, s->intg);
		str(s, 2, mv->from_plant);
		date(s, 3, mv->from_day);
		str(s, 4, mv->to_plant ? mv->to_plant : "unmet");
		date(s, 5, mv->to_day);
		str(s, 6, mv->cause);
		str(s, 7, mc_stats_move_ids(st, i, a));
	}
}

/* Every resource on every day. */
static void capacity(sheet *s, const mc_run_view *v)
{
	for (int i = 0; i < v->ncap; i++, s->row++) {
		const mc_view_cap *c = &v->cap[i];
		str(s, 0, c->resource);
		str(s, 1, c->plant);
		str(s, 2, c->kind);
		date(s, 3, c->day);
		num(s, 4, c->hours, s->num1);
		num(s, 5, c->ot_max, s->num1);
		num(s, 6, c->used, s->num1);
		num(s, 7, c->ot, s->num1);
		num(s, 8, c->hours > 0 ? c->used / c->hours : NAN, s->pct);
		num(s, 9, c->shadow, s->money);
		str(s, 10, c->t < v->frozen_days ? "frozen" : "");
	}
}

/* Every material at every plant on every day (cumulative). */
static void materials(sheet *s, const mc_run_view *v)
{
	for (int i = 0; i < v->nmat; i++, s->row++) {
		const mc_view_mat *m = &v->mat[i];
		str(s, 0, m->plant);
		str(s, 1, m->material);
		date(s, 2, m->day);
		num(s, 3, m->available, s->num1);
		num(s, 4, m->used, s->num1);
		num(s, 5, m->available - m->used, s->num1);
		num(s, 6, m->shadow, s->money);
	}
}

/* The dispatch list: what to make where, in which order. */
static void dispatch(sheet *s, const mc_run_view *v, mc_arena *a)
{
	mc_dispatch_unit *l;
	int n;
	mc_dispatch_build(v, NULL, a, &l, &n);
	for (int i = 0; i < n; i++, s->row++) {
		const mc_view_alloc *al = &v->allocs[l[i].alloc];
		const mc_view_order *o = &v->orders[al->order_idx];
		int late = mc_date_between(o->due, al->arrive);
		str(s, 0, al->plant);
		str(s, 1, al->resource);
		date(s, 2, al->day);
		num(s, 3, l[i].seq, s->intg);
		str(s, 4, al->order);
		num(s, 5, l[i].unit ? l[i].useq : NAN, s->intg);
		num(s, 6, o->quantity, s->intg);
		str(s, 7, l[i].unit ? l[i].unit->identifier : NULL);
		str(s, 8, o->family);
		str(s, 9, o->options);
		date(s, 10, o->due);
		date(s, 11, al->arrive);
		num(s, 12, late > 0 ? late : 0, s->intg);
		str(s, 13, l[i].frozen ? "frozen" : "");
	}
}

static void late(sheet *s, const mc_run_view *v, const mc_run_stats *st)
{
	for (int i = 0; i < st->nlate; i++, s->row++) {
		const mc_view_order *o = &v->orders[st->late[i]];
		str(s, 0, o->id);
		str(s, 1, o->customer);
		str(s, 2, o->family);
		num(s, 3, o->quantity, s->intg);
		num(s, 4, mc_stats_order_late(o), s->intg);
		num(s, 5, o->late_days, s->intg);
		num(s, 6, mc_stats_order_worst(o), s->intg);
		date(s, 7, o->due);
		date(s, 8, mc_stats_order_last(o));
		num(s, 9, o->ontime_cost, s->money);
		str(s, 10, o->reason);
		str(s, 11, o->ontime_note ? o->ontime_note : o->detail);
	}
}

static void unmet(sheet *s, const mc_run_view *v, const mc_run_stats *st)
{
	for (int i = 0; i < st->nunmet; i++, s->row++) {
		const mc_view_order *o = &v->orders[st->unmet[i]];
		str(s, 0, o->id);
		str(s, 1, o->customer);
		str(s, 2, o->family);
		num(s, 3, o->quantity, s->intg);
		num(s, 4, o->unmet, s->intg);
		num(s, 5, o->unmet * o->unmet_penalty, s->money);
		date(s, 6, o->due);
		str(s, 7, o->reason);
		str(s, 8, o->detail);
	}
}

static void utilization(sheet *s, const mc_run_view *v, const mc_run_stats *st)
{
	for (int r = 0; r < st->nres; r++, s->row++) {
		const mc_res_stats *rs = &st->res[r];
		const mc_view_resource *res = &v->resources[rs->res];
		str(s, 0, res->id);
		str(s, 1, res->plant);
		str(s, 2, res->kind);
		num(s, 3, rs->hours, s->num1);
		num(s, 4, rs->used, s->num1);
		num(s, 5, rs->hours > 0 ? rs->util : NAN, s->pct);
		num(s, 6, rs->ot, s->num1);
		if (rs->peak >= 0 && v->cap[rs->peak].used > 0) {
			date(s, 7, v->cap[rs->peak].day);
			num(s, 8, rs->peak_util, s->pct);
		}
	}
}

static void bottlenecks(sheet *s, const mc_run_view *v, const mc_run_stats *st)
{
	for (int i = 0; i < st->nhot_days; i++, s->row++) {
		const mc_view_cap *c = &v->cap[st->hot_days[i]];
		const mc_view_resource *res = &v->resources[c->res_idx];
		str(s, 0, c->resource);
		str(s, 1, c->plant);
		str(s, 2, c->kind);
		date(s, 3, c->day);
		num(s, 4, c->shadow, s->money);
		num(s, 5, c->hours, s->num1);
		num(s, 6, c->ot_max, s->num1);
		num(s, 7, c->used, s->num1);
		num(s, 8, c->ot, s->num1);
		num(s, 9, res->ot_hours > 0 ? res->ot_cost : NAN, s->money);
	}
}

#define NCOLS(a) ((int)(sizeof(a) / sizeof(*(a))))

int mc_xlsx_write(const mc_run_view *v, const char *path, mc_diag *d)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return mc_diag_error(d, MC_EINPUT, "unable to write '%s'",
				     path);
	sheet f = {0};
	f.head = workbook_add_format(wb);
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	f.money = workbook_add_format(wb);
	format_set_num_format(f.money, "#,##0.00");
	f.num1 = workbook_add_format(wb);
	format_set_num_format(f.num1, "#,##0.0");
	f.pct = workbook_add_format(wb);
	format_set_num_format(f.pct, "0.0%");
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.intg = workbook_add_format(wb);
	format_set_num_format(f.intg, "#,##0");

	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	mc_stats_compute(v, a, &st);
	sheet s;
	static const col c_sum[] = {{"Fact", 24}, {"Value", 24}};
	sheet_begin(&s, wb, "Summary", c_sum, NCOLS(c_sum), &f);
	summary(&s, v, &st, a);
	sheet_end(&s, NCOLS(c_sum));
	static const col c_plan[] = {
	    {"Order", 20},    {"Customer", 12}, {"Region", 10}, {"Family", 14},
	    {"Options", 40},  {"Quantity", 9},	{"Due", 11},	{"Plant", 12},
	    {"Resource", 12}, {"Day", 11},	{"Units", 7},	{"Arrives", 11},
	    {"Days late", 9}, {"Frozen", 8},
	};
	sheet_begin(&s, wb, "Plan", c_plan, NCOLS(c_plan), &f);
	plan(&s, v);
	sheet_end(&s, NCOLS(c_plan));
	static const col c_late[] = {
	    {"Order", 20},	  {"Customer", 12},   {"Family", 14},
	    {"Quantity", 9},	  {"Units late", 10}, {"Late days", 9},
	    {"Worst", 7},	  {"Due", 11},	      {"Last arrival", 12},
	    {"On-time cost", 13}, {"Reason", 16},     {"Detail", 50},
	};
	sheet_begin(&s, wb, "Late", c_late, NCOLS(c_late), &f);
	late(&s, v, &st);
	sheet_end(&s, NCOLS(c_late));
	static const col c_unmet[] = {
	    {"Order", 20},   {"Customer", 12}, {"Family", 14},
	    {"Quantity", 9}, {"Unmet", 7},     {"Penalty", 13},
	    {"Due", 11},     {"Reason", 16},   {"Detail", 50},
	};
	sheet_begin(&s, wb, "Unmet", c_unmet, NCOLS(c_unmet), &f);
	unmet(&s, v, &st);
	sheet_end(&s, NCOLS(c_unmet));
	static const col c_util[] = {
	    {"Resource", 12},  {"Plant", 12},	 {"Kind", 12},
	    {"Regular h", 10}, {"Used h", 10},	 {"Util", 8},
	    {"OT h", 8},       {"Peak day", 11}, {"Peak", 8},
	};
	static const col c_night[] = {
	    {"Order", 20},    {"Units", 7},	   {"From plant", 12},
	    {"From day", 11}, {"To plant", 12},	   {"To day", 11},
	    {"Cause", 16},    {"Identifiers", 60},
	};
	sheet_begin(&s, wb, "Night", c_night, NCOLS(c_night), &f);
	night(&s, v, &st, a);
	sheet_end(&s, NCOLS(c_night));
	sheet_begin(&s, wb, "Utilization", c_util, NCOLS(c_util), &f);
	utilization(&s, v, &st);
	sheet_end(&s, NCOLS(c_util));
	static const col c_cap[] = {
	    {"Resource", 12},  {"Plant", 12},	{"Kind", 12},  {"Day", 11},
	    {"Regular h", 10}, {"OT max h", 9}, {"Used h", 9}, {"OT h", 8},
	    {"Util", 8},       {"Value/h", 10}, {"Frozen", 8},
	};
	sheet_begin(&s, wb, "Capacity", c_cap, NCOLS(c_cap), &f);
	capacity(&s, v);
	sheet_end(&s, NCOLS(c_cap));
	static const col c_bn[] = {
	    {"Resource", 12}, {"Plant", 12},	 {"Kind", 12},	  {"Date", 11},
	    {"Value/h", 10},  {"Regular h", 10}, {"OT max h", 9}, {"Used h", 9},
	    {"OT h", 8},      {"OT cost/h", 10},
	};
	sheet_begin(&s, wb, "Bottlenecks", c_bn, NCOLS(c_bn), &f);
	bottlenecks(&s, v, &st);
	sheet_end(&s, NCOLS(c_bn));
	static const col c_mat[] = {
	    {"Plant", 12},
	    {"Material", 14},
	    {"Day", 11},
	    {"Available (cumulative)", 14},
	    {"Used (cumulative)", 14},
	    {"On hand", 10},
	    {"Value of one more", 12},
	};
	sheet_begin(&s, wb, "Materials", c_mat, NCOLS(c_mat), &f);
	materials(&s, v);
	sheet_end(&s, NCOLS(c_mat));
	static const col c_disp[] = {
	    {"Plant", 12},    {"Resource", 12}, {"Day", 11}, {"Seq", 6},
	    {"Order", 20},    {"Unit", 6},	{"Of", 6},   {"Identifier", 44},
	    {"Family", 14},   {"Options", 40},	{"Due", 11}, {"Arrives", 11},
	    {"Days late", 9}, {"Frozen", 8},
	};
	sheet_begin(&s, wb, "Dispatch", c_disp, NCOLS(c_disp), &f);
	dispatch(&s, v, a);
	sheet_end(&s, NCOLS(c_disp));
	mc_arena_free(a);

	lxw_error err = workbook_close(wb);
	if (err != LXW_NO_ERROR)
		return mc_diag_error(d, MC_EINPUT, "unable to write '%s': %s",
				     path, lxw_strerror(err));
	return 0;
}

const char *mc_xlsx_version(void)
{
	return lxw_version();
}
