/*
 * compare_text.c - the text comparison of `mcsched compare` (see
 * compare.h): the runs as `mcsched runs` lists them, the cost and service
 * tables with deltas, and for each run against the reference its changed
 * resources and up to MC_COMPARE_MAX_TEXT changed orders.
 */
#include "compare.h"
#include "compare_impl.h"
#include "tolerance.h"

#include "fmt.h"
#include "report.h"
#include "table.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

/* A signed delta: "+1,234.50", "-3", "+0.25 pp" for rates, "0" for none. */
static char *delta_text(char *buf, size_t n, double r, double x, int unit)
{
	char num[MC_FMT_NUM];
	if (!isfinite(r) || !isfinite(x)) {
		snprintf(buf, n, "-");
		return buf;
	}
	double dlt = x - r;
	if (unit == MC_UNIT_RATE)
		dlt *= 100;
	int dec = unit == MC_UNIT_MONEY || unit == MC_UNIT_RATE ? 2
		  : unit == MC_UNIT_HOURS			? 1
								: 0;
	mc_fmt_num(num, sizeof(num), dlt, dec);
	if (strspn(num, "0.,") == strlen(num))
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%s%s%s", num[0] == '-' ? "" : "+", num,
			 unit == MC_UNIT_RATE ? " pp" : "");
	return buf;
}

/* A relative delta: "+12.3%", "" when it has none. */
static char *rel_text(char *buf, size_t n, double r, double x, int unit)
{
	double rel = mc_compare_rel(r, x, unit);
	if (isnan(rel) || fabs(x - r) <= MC_TOL_REL * (1 + fabs(r)))
		snprintf(buf, n, "%s", isnan(rel) ? "" : "0%");
	else {
		char p[MC_FMT_NUM];
		mc_fmt_pct(p, sizeof(p), rel, 1);
		snprintf(buf, n, "%s", rel > 0 ? "+" : "");
		strncat(buf, p, n - strlen(buf) - 1);
	}
	return buf;
}

/* "a -> b", or "a" when both are the same text. */
static char *pair_text(char *buf, size_t n, const char *a, const char *b)
{
	a = a ? a : "-";
	b = b ? b : "-";
	if (strcmp(a, b) == 0)
		snprintf(buf, n, "%s", a);
	else
		snprintf(buf, n, "%s -> %s", a, b);
	return buf;
}

static char *qty_text(char *buf, size_t n, const mc_cmp_order *o)
{
	char a[16] = "-", b[16] = "-";
	if (o->ref.o)
		snprintf(a, sizeof(a), "%d", o->ref.o->quantity);
	if (o->run.o)
		snprintf(b, sizeof(b), "%d", o->run.o->quantity);
	return pair_text(buf, n, a, b);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The runs as `mcsched runs` lists them. */
static void text_runs(const mc_compare *c, FILE *f)
{
	char title[200];
	int n =
	    snprintf(title, sizeof(title),
		     "MCSCHED COMPARE: RUN %" PRId64 " (REFERENCE) WITH RUN",
		     c->runs[0].id);
	for (int k = 1; k < c->nruns && n < (int)sizeof(title); k++)
		n += snprintf(title + n, sizeof(title) - (size_t)n,
			      "%s %" PRId64, k > 1 ? "," : "", c->runs[k].id);
	if (n >= (int)sizeof(title))
		n = (int)sizeof(title) - 1;
	fprintf(f, "%s\n", title);
	for (int i = 0; i < n; i++)
		fputc('=', f);
	fputs("\n\n", f);
	mc_run_row rows[MC_COMPARE_MAX_RUNS];
	for (int k = 0; k < c->nruns && k < MC_COMPARE_MAX_RUNS; k++) {
		const mc_run_view *v = &c->runs[k];
		rows[k] = (mc_run_row){.id = v->id,
				       .kind = v->kind,
				       .base_run = v->base_run,
				       .scenario = v->scenario,
				       .started = v->started,
				       .finished = v->finished,
				       .elapsed = v->elapsed,
				       .status = v->status,
				       .lp_status = v->lp_status,
				       .horizon_start = v->horizon_start,
				       .horizon_days = v->horizon_days,
				       .norders = v->norders,
				       .units_planned = v->units_planned,
				       .units_unmet = v->units_unmet,
				       .units_late = v->units_late,
				       .cost = v->cost,
				       .lp_bound = v->lp_bound,
				       .gap = v->gap,
				       .published = v->published,
				       .units_made = v->units_made,
				       .units_made_late = v->units_made_late,
				       .state = v->state,
				       .hold_reason = v->hold_reason};
	}
	mc_report_runs(rows, c->nruns, f);
	for (int k = 0; k < c->nruns; k++) {
		const char *ch = c->runs[k].changes;
		if (!ch || !*ch)
			continue;
		fprintf(f,
			"\nRun %" PRId64 " is what-if '%s' on run %" PRId64
			":\n",
			c->runs[k].id,
			c->runs[k].scenario ? c->runs[k].scenario : "-",
			c->runs[k].base_run);
		for (const char *e; *ch; ch = e + !!*e) {
			e = strchr(ch, '\n');
			e = e ? e : ch + strlen(ch);
			fprintf(f, "  - %.*s\n", (int)(e - ch), ch);
		}
	}
}

/* The cost rows (cost = 1) or the service rows side by side. */
static void text_metrics(const mc_compare *c, int cost, FILE *f)
{
	char buf[MC_FMT_NUM], title[32];
	fprintf(f, "\n%s (delta and %% against run %" PRId64 ")\n",
		cost ? "COST" : "SERVICE", c->runs[0].id);
	int ncols = 2 + 3 * (c->nruns - 1);
	mc_table *t = mc_table_new(ncols);
	mc_table_col(t, 0, cost ? "Part" : "KPI", MC_LEFT, 0);
	snprintf(title, sizeof(title), "Run %" PRId64, c->runs[0].id);
	mc_table_col(t, 1, title, MC_RIGHT, 0);
	for (int k = 1; k < c->nruns; k++) {
		snprintf(title, sizeof(title), "Run %" PRId64, c->runs[k].id);
		mc_table_col(t, 3 * k - 1, title, MC_RIGHT, 0);
		mc_table_col(t, 3 * k, "Delta", MC_RIGHT, 0);
		mc_table_col(t, 3 * k + 1, "%", MC_RIGHT, 0);
	}
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		mc_table_cell(t, "%s", mt->label);
		mc_table_cell(
		    t, "%s",
		    mc_compare_value(buf, sizeof(buf), mt->x[0], mt->unit));
		for (int k = 1; k < c->nruns; k++) {
			mc_table_cell(t, "%s",
				      mc_compare_value(buf, sizeof(buf),
						       mt->x[k], mt->unit));
			mc_table_cell(t, "%s",
				      delta_text(buf, sizeof(buf), mt->x[0],
						 mt->x[k], mt->unit));
			mc_table_cell(t, "%s",
				      rel_text(buf, sizeof(buf), mt->x[0],
					       mt->x[k], mt->unit));
		}
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
}

static char *res_pair(char *buf, size_t n, const mc_cmp_res *r, double x0,
		      double x1, int unit)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_compare_value(a, sizeof(a), r->ref.present ? x0 : NAN, unit);
	mc_compare_value(b, sizeof(b), r->run.present ? x1 : NAN, unit);
	return pair_text(buf, n, a, b);
}

static void text_resources(const mc_cmp_pair *pr, FILE *f)
{
	char buf[2 * MC_FMT_NUM + 8];
	fprintf(f,
		"\n  Resources: %d of %d changed (hours over each horizon; "
		"shadow: the sum of daily\n  shadow prices, what one more hour "
		"would save, money per hour)\n",
		pr->nres_changed, pr->nres);
	if (pr->nres_changed == 0)
		return;
	mc_table *t = mc_table_new(10);
	const char *cols[] = {"Resource", "Plant",	 "Kind", "Regular h",
			      "Used h",	  "OT h",	 "Util", "Util delta",
			      "Shadow",	  "Shadow delta"};
	for (int i = 0; i < 10; i++)
		mc_table_col(t, i, cols[i], i < 3 ? MC_LEFT : MC_RIGHT, 0);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		if (!r->changed)
			continue;
		mc_table_cell(t, "%s", r->id);
		mc_table_cell(t, "%s", r->plant);
		mc_table_cell(t, "%s", r->kind);
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.hours,
				       r->run.hours, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.used,
				       r->run.used, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.ot,
				       r->run.ot, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.util,
				       r->run.util, MC_UNIT_RATE));
		mc_table_cell(t, "%s",
			      delta_text(buf, sizeof(buf), r->ref.util,
					 r->run.util, MC_UNIT_RATE));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.shadow_sum,
				       r->run.shadow_sum, MC_UNIT_MONEY));
		mc_table_cell(t, "%s",
			      delta_text(buf, sizeof(buf), r->ref.shadow_sum,
					 r->run.shadow_sum, MC_UNIT_MONEY));
	}
	mc_table_print(t, f, 4);
	mc_table_free(t);
	for (int s = 0; s < 2; s++) {
		const int *ix = s ? pr->fell : pr->rose;
		int n = s ? pr->nfell : pr->nrose;
		fprintf(f, "  Shadow price %s most: ", s ? "fell" : "rose");
		if (n == 0)
			fputs("none", f);
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r = &pr->res[ix[i]];
			fprintf(f, "%s%s %s", i ? ", " : "", r->id,
				delta_text(buf, sizeof(buf), r->ref.shadow_sum,
					   r->run.shadow_sum, MC_UNIT_MONEY));
		}
		fputc('\n', f);
	}
}

/* "5 (on time -> late 2, new 1, ...)" */
static void counts_line(const mc_cmp_pair *pr, FILE *f)
{
	fprintf(f, "%d", pr->norders);
	int any = 0;
	for (int k = 0; k < MC_CHG_N; k++)
		if (pr->count[k]) {
			fprintf(f, "%s%s %d", any ? ", " : " (",
				mc_change_label(k), pr->count[k]);
			any = 1;
		}
	fputs(any ? ")\n" : "\n", f);
}

static void text_orders(const mc_cmp_pair *pr, FILE *f)
{
	char q[64], w[512], d0[32], d1[32];
	fputs("\n  Orders whose outcome changed: ", f);
	counts_line(pr, f);
	if (pr->norders == 0)
		return;
	mc_table *t = mc_table_new(9);
	const char *cols[] = {"Order", "Family", "Change", "Qty",   "Was",
			      "Now",   "Plant",	 "Made",   "Reason"};
	for (int i = 0; i < 9; i++)
		mc_table_col(t, i, cols[i], MC_LEFT, 0);
	int shown = pr->norders < MC_COMPARE_MAX_TEXT ? pr->norders
						      : MC_COMPARE_MAX_TEXT;
	for (int i = 0; i < shown; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		mc_table_cell(t, "%s", o->id);
		mc_table_cell(t, "%s", o->family);
		mc_table_cell(t, "%s",
			      compare_kinds_text(w, sizeof(w), o->kinds, 0));
		mc_table_cell(t, "%s", qty_text(q, sizeof(q), o));
		mc_table_cell(t, "%s", or_dash(o->ref.outcome));
		mc_table_cell(t, "%s", or_dash(o->run.outcome));
		mc_table_cell(
		    t, "%s",
		    pair_text(w, sizeof(w), o->ref.plants, o->run.plants));
		mc_table_cell(
		    t, "%s",
		    pair_text(w, sizeof(w),
			      mc_compare_days(d0, sizeof(d0), &o->ref),
			      mc_compare_days(d1, sizeof(d1), &o->run)));
		mc_table_cell(t, "%s", or_dash(o->reason));
	}
	mc_table_print(t, f, 4);
	mc_table_free(t);
	if (pr->norders > shown)
		fprintf(f,
			"    ... and %d more (every one is in the CSV and JSON "
			"formats)\n",
			pr->norders - shown);
}

void mc_compare_text(const mc_compare *c, FILE *f)
{
	text_runs(c, f);
	text_metrics(c, 1, f);
	text_metrics(c, 0, f);
	for (int k = 1; k < c->nruns; k++) {
		const mc_cmp_pair *pr = &c->pairs[k - 1];
		fprintf(f, "\nRUN %" PRId64 " AGAINST RUN %" PRId64 "\n",
			pr->run->id, pr->ref->id);
		text_resources(pr, f);
		text_orders(pr, f);
	}
}
