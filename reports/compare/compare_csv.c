/*
 * compare_csv.c - the CSV comparison of `mcsched compare` (see
 * compare.h): one row per measure, for the cost parts, the KPIs, every
 * resource and every changed order, each with the reference's value, the
 * run's, the delta and the relative delta.
 *
 * Memory: a scratch arena for the reason texts, freed before returning.
 */
#include "compare.h"
#include "compare_impl.h"

#include "fmt.h"

#include <inttypes.h>
#include <math.h>

/* A number as CSV writes it, tidied; empty when unknown. */
static void csv_num(FILE *f, double x, int rel)
{
	if (isfinite(x))
		fprintf(f, "%.15g", compare_tidy(x, rel));
}

/* One row: section, run, reference, item, plant, category, measure, then
 * the reference's and the run's values (numbers when text is NULL) with
 * their delta and relative delta, then change and reason. */
typedef struct csv_row {
	const char *section, *item, *plant, *category, *measure;
	int unit;
	double r, x;		   /* numbers, NAN unknown */
	const char *rtext, *xtext; /* or texts */
	const char *change, *reason;
} csv_row;

static void csv_write_row(FILE *f, const mc_cmp_pair *pr, const csv_row *w)
{
	mc_fmt_csv(f, w->section);
	fprintf(f, ",%" PRId64 ",%" PRId64 ",", pr->run->id, pr->ref->id);
	mc_fmt_csv(f, w->item);
	fputc(',', f);
	mc_fmt_csv(f, w->plant);
	fputc(',', f);
	mc_fmt_csv(f, w->category);
	fputc(',', f);
	mc_fmt_csv(f, w->measure);
	fputc(',', f);
	if (w->rtext || w->xtext) {
		mc_fmt_csv(f, w->rtext);
		fputc(',', f);
		mc_fmt_csv(f, w->xtext);
		fputs(",,", f);
	} else {
		csv_num(f, w->r, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, w->x, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, w->x - w->r, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, mc_compare_rel(w->r, w->x, w->unit), 1);
	}
	fputc(',', f);
	mc_fmt_csv(f, w->change);
	fputc(',', f);
	mc_fmt_csv(f, w->reason);
	fputc('\n', f);
}

/* An order's numbers in one run, as the CSV names them: quantity, made,
 * planned, on_time, late_units, max_late, unmet (NAN: not in the run). */
static void side_numbers(const mc_cmp_side *s, double x[7])
{
	const mc_view_order *o = s->o;
	for (int j = 0; j < 7; j++)
		x[j] = NAN;
	if (!o)
		return;
	x[0] = o->quantity;
	x[1] = o->made;
	x[2] = o->planned;
	x[3] = s->on_time;
	x[4] = mc_stats_order_late(o);
	x[5] = mc_stats_order_worst(o);
	x[6] = o->unmet;
}

static void csv_pair(const mc_compare *c, int k, mc_arena *a, FILE *f)
{
	const mc_cmp_pair *pr = &c->pairs[k - 1];
	char kinds[512];
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		csv_row w = {mt->cost ? "cost" : "service",
			     mt->key,
			     NULL,
			     NULL,
			     compare_unit_name(mt->unit),
			     mt->unit,
			     mt->x[0],
			     mt->x[k],
			     NULL,
			     NULL,
			     NULL,
			     NULL};
		csv_write_row(f, pr, &w);
	}
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		const char *names[] = {
		    "regular_hours", "ot_max_hours", "used_hours", "ot_hours",
		    "util",	     "shadow_sum",   "shadow_days"};
		const double x0[] = {r->ref.hours,	r->ref.ot_max,
				     r->ref.used,	r->ref.ot,
				     r->ref.util,	r->ref.shadow_sum,
				     r->ref.shadow_days};
		const double x1[] = {r->run.hours,	r->run.ot_max,
				     r->run.used,	r->run.ot,
				     r->run.util,	r->run.shadow_sum,
				     r->run.shadow_days};
		for (int j = 0; j < 7; j++) {
			csv_row w = {"resource",
				     r->id,
				     r->plant,
				     r->kind,
				     names[j],
				     j == 4 ? MC_UNIT_RATE : MC_UNIT_HOURS,
				     r->ref.present ? x0[j] : NAN,
				     r->run.present ? x1[j] : NAN,
				     NULL,
				     NULL,
				     r->changed ? "changed" : "",
				     NULL};
			csv_write_row(f, pr, &w);
		}
	}
	for (int i = 0; i < pr->norders; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		const mc_view_order *p = o->ref.o, *q = o->run.o;
		compare_kinds_text(kinds, sizeof(kinds), o->kinds, 1);
		const char *names[] = {"quantity", "made",	 "planned",
				       "on_time",  "late_units", "max_late",
				       "unmet"};
		double x0[7], x1[7];
		side_numbers(&o->ref, x0);
		side_numbers(&o->run, x1);
		const char *why =
		    mc_arena_printf(a, "%s: %s", o->reason_code, o->reason);
		const char *texts[][2] = {
		    {p ? o->ref.outcome : "", q ? o->run.outcome : ""},
		    {o->ref.plants, o->run.plants},
		    {o->ref.first_day, o->run.first_day},
		    {o->ref.last_day, o->run.last_day},
		    {p ? p->due : "", q ? q->due : ""},
		    {p ? p->reason : "", q ? q->reason : ""}};
		const char *tnames[] = {"outcome",  "plants", "first_day",
					"last_day", "due",    "run_reason"};
		csv_row w = {"order", o->id,	     NULL,  o->family,
			     NULL,    MC_UNIT_COUNT, NAN,   NAN,
			     NULL,    NULL,	     kinds, why};
		for (int j = 0; j < 6; j++) {
			w.measure = tnames[j];
			w.rtext = texts[j][0] ? texts[j][0] : "";
			w.xtext = texts[j][1] ? texts[j][1] : "";
			csv_write_row(f, pr, &w);
		}
		w.rtext = w.xtext = NULL;
		for (int j = 0; j < 7; j++) {
			w.measure = names[j];
			w.r = x0[j];
			w.x = x1[j];
			csv_write_row(f, pr, &w);
		}
	}
}

void mc_compare_csv(const mc_compare *c, FILE *f)
{
	fputs("section,run,reference,item,plant,category,measure,"
	      "reference_value,value,delta,delta_pct,change,reason\n",
	      f);
	mc_arena *a = mc_arena_new();
	for (int k = 1; k < c->nruns; k++)
		csv_pair(c, k, a, f);
	mc_arena_free(a);
}
