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
#include <stdio.h>
#include <stdlib.h>
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
	mc_report_runs(rows, c->nruns, c->width, f);
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

/* The cost rows (cost = 1) or the service rows of runs [k0, k1) side by
 * side with the reference. */
static void metrics_block(const mc_compare *c, int cost, int k0, int k1,
			  FILE *f)
{
	char buf[MC_FMT_NUM], title[32];
	int ncols = 2 + 3 * (k1 - k0);
	mc_table *t = mc_table_new(ncols);
	mc_table_col(t, 0, cost ? "Part" : "KPI", MC_LEFT, 0);
	snprintf(title, sizeof(title), "Run %" PRId64, c->runs[0].id);
	mc_table_col(t, 1, title, MC_RIGHT, 0);
	for (int k = k0; k < k1; k++) {
		int at = 3 * (k - k0) + 2;
		snprintf(title, sizeof(title), "Run %" PRId64, c->runs[k].id);
		mc_table_col(t, at, title, MC_RIGHT, 0);
		mc_table_col(t, at + 1, "Delta", MC_RIGHT, 0);
		mc_table_col(t, at + 2, "%", MC_RIGHT, 0);
	}
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		mc_table_cell(t, "%s", mt->label);
		mc_table_cell(
		    t, "%s",
		    mc_compare_value(buf, sizeof(buf), mt->x[0], mt->unit));
		for (int k = k0; k < k1; k++) {
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

/* The cost rows (cost = 1) or the service rows side by side: every run in
 * one table, or, within a width, two compared runs a table. */
static void text_metrics(const mc_compare *c, int cost, FILE *f)
{
	fprintf(f, "\n%s (delta and %% against run %" PRId64 ")\n",
		cost ? "COST" : "SERVICE", c->runs[0].id);
	int step = c->width > 0 ? 2 : c->nruns;
	for (int k = 1; k < c->nruns; k += step) {
		if (k > 1)
			fputc('\n', f);
		metrics_block(c, cost, k,
			      k + step < c->nruns ? k + step : c->nruns, f);
	}
}

/* Writes text indented by indent, broken at spaces so that no line is
 * wider than width (0: one line), the next lines indented by cont. */
static void put_wrapped(FILE *f, const char *text, int indent, int cont,
			int width)
{
	int col = indent, first = 1;
	fprintf(f, "%*s", indent, "");
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (!w)
			break;
		if (!first && width > 0 && col + 1 + (int)w > width) {
			fprintf(f, "\n%*s", cont, "");
			col = cont;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (int)w;
		p += w;
		first = 0;
	}
	fputc('\n', f);
}

static char *res_pair(char *buf, size_t n, const mc_cmp_res *r, double x0,
		      double x1, int unit)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_compare_value(a, sizeof(a), r->ref.present ? x0 : NAN, unit);
	mc_compare_value(b, sizeof(b), r->run.present ? x1 : NAN, unit);
	return pair_text(buf, n, a, b);
}

static void text_resources(const mc_cmp_pair *pr, int width, FILE *f)
{
	char buf[2 * MC_FMT_NUM + 8];
	fprintf(f,
		"\n  Resources: %d of %d changed (hours over each horizon; "
		"shadow: the sum of daily\n  shadow prices, what one more hour "
		"would save, money per hour)\n",
		pr->nres_changed, pr->nres);
	if (pr->nres_changed == 0)
		return;
	/* within a width: no plant, kind, overtime or delta columns (the
	 * pairs say it) */
	int wide = width <= 0;
	enum { ID, PLANT, KIND, REG, USED, OT, UTIL, UTIL_D, SHADOW, SHADOW_D };
	const char *cols[] = {"Resource", "Plant",	 "Kind", "Regular h",
			      "Used h",	  "OT h",	 "Util", "Util delta",
			      "Shadow",	  "Shadow delta"};
	const int narrow =
	    1 << ID | 1 << REG | 1 << USED | 1 << UTIL | 1 << SHADOW;
	mc_table *t = mc_table_new(wide ? 10 : 5);
	for (int i = 0, c = 0; i < 10; i++)
		if (wide || narrow >> i & 1)
			mc_table_col(t, c++, cols[i],
				     i < REG ? MC_LEFT : MC_RIGHT, 0);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		if (!r->changed)
			continue;
		const struct {
			double x0, x1;
			int unit, delta;
		} v[] = {
		    [REG] = {r->ref.hours, r->run.hours, MC_UNIT_HOURS, 0},
		    [USED] = {r->ref.used, r->run.used, MC_UNIT_HOURS, 0},
		    [OT] = {r->ref.ot, r->run.ot, MC_UNIT_HOURS, 0},
		    [UTIL] = {r->ref.util, r->run.util, MC_UNIT_RATE, 0},
		    [UTIL_D] = {r->ref.util, r->run.util, MC_UNIT_RATE, 1},
		    [SHADOW] = {r->ref.shadow_sum, r->run.shadow_sum,
				MC_UNIT_MONEY, 0},
		    [SHADOW_D] = {r->ref.shadow_sum, r->run.shadow_sum,
				  MC_UNIT_MONEY, 1},
		};
		mc_table_cell(t, "%s", r->id);
		if (wide) {
			mc_table_cell(t, "%s", r->plant);
			mc_table_cell(t, "%s", r->kind);
		}
		for (int k = REG; k <= SHADOW_D; k++) {
			if (!wide && !(narrow >> k & 1))
				continue;
			mc_table_cell(
			    t, "%s",
			    v[k].delta ? delta_text(buf, sizeof(buf), v[k].x0,
						    v[k].x1, v[k].unit)
				       : res_pair(buf, sizeof(buf), r, v[k].x0,
						  v[k].x1, v[k].unit));
		}
	}
	mc_table_print(t, f, 4);
	mc_table_free(t);
	for (int s = 0; s < 2; s++) {
		const int *ix = s ? pr->fell : pr->rose;
		int n = s ? pr->nfell : pr->nrose;
		char *line = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&line, &len);
		if (!m)
			abort();
		fprintf(m, "Shadow price %s most: ", s ? "fell" : "rose");
		if (n == 0)
			fputs("none", m);
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r = &pr->res[ix[i]];
			fprintf(m, "%s%s %s", i ? ", " : "", r->id,
				delta_text(buf, sizeof(buf), r->ref.shadow_sum,
					   r->run.shadow_sum, MC_UNIT_MONEY));
		}
		fclose(m);
		put_wrapped(f, line, 2, 4, width);
		free(line);
	}
}

/* "Orders whose outcome changed: 5 (on time -> late 2, new 1, ...)",
 * wrapped at width. */
static void counts_line(const mc_cmp_pair *pr, int width, FILE *f)
{
	char *line = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	if (!m)
		abort();
	fprintf(m, "Orders whose outcome changed: %d", pr->norders);
	int any = 0;
	for (int k = 0; k < MC_CHG_N; k++)
		if (pr->count[k]) {
			fprintf(m, "%s%s %d", any ? ", " : " (",
				mc_change_label(k), pr->count[k]);
			any = 1;
		}
	fputs(any ? ")" : "", m);
	fclose(m);
	put_wrapped(f, line, 2, 4, width);
	free(line);
}

static void text_orders(const mc_cmp_pair *pr, int width, FILE *f)
{
	char q[64], w[512], p[512], d0[32], d1[32];
	fputc('\n', f);
	counts_line(pr, width, f);
	if (pr->norders == 0)
		return;
	/* within a width, what changed, where, when and why go on a line
	 * under each order */
	int wide = width <= 0;
	mc_table *t = mc_table_new(wide ? 9 : 5);
	const char *cols[] = {"Order", "Family", "Change", "Qty",   "Was",
			      "Now",   "Plant",	 "Made",   "Reason"};
	const char *narrow[] = {"Order", "Family", "Qty", "Was", "Now"};
	for (int i = 0; i < (wide ? 9 : 5); i++)
		mc_table_col(t, i, wide ? cols[i] : narrow[i], MC_LEFT, 0);
	mc_table_width_max(t, width);
	int shown = pr->norders < MC_COMPARE_MAX_TEXT ? pr->norders
						      : MC_COMPARE_MAX_TEXT;
	for (int i = 0; i < shown; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		mc_table_cell(t, "%s", o->id);
		mc_table_cell(t, "%s", o->family);
		if (wide)
			mc_table_cell(
			    t, "%s",
			    compare_kinds_text(w, sizeof(w), o->kinds, 0));
		mc_table_cell(t, "%s", qty_text(q, sizeof(q), o));
		mc_table_cell(t, "%s", or_dash(o->ref.outcome));
		mc_table_cell(t, "%s", or_dash(o->run.outcome));
		pair_text(p, sizeof(p), o->ref.plants, o->run.plants);
		pair_text(w, sizeof(w),
			  mc_compare_days(d0, sizeof(d0), &o->ref),
			  mc_compare_days(d1, sizeof(d1), &o->run));
		if (wide) {
			mc_table_cell(t, "%s", p);
			mc_table_cell(t, "%s", w);
			mc_table_cell(t, "%s", or_dash(o->reason));
			continue;
		}
		char kinds[256];
		mc_table_note(
		    t, "%s; %s; made %s; %s",
		    compare_kinds_text(kinds, sizeof(kinds), o->kinds, 0), p, w,
		    or_dash(o->reason));
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
		text_resources(pr, c->width, f);
		text_orders(pr, c->width, f);
	}
}
