/*
 * compare_html.c - the compare page (see compare.h): one self-contained
 * HTML file, the report's style sheet and helpers (html.h), inline SVG
 * charts drawn here, no scripts, fonts or other files.  Every text from
 * the store is escaped; customer names are not shown.
 *
 * Memory: a scratch arena for the chart rows, freed before returning.
 */
#include "compare.h"
#include "compare_impl.h"
#include "tolerance.h"

#include "arena.h"
#include "fmt.h"
#include "html.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_W 190 /* chart label column, px */
#define HALF_W	240 /* longest bar on either side of the axis, px */
#define TEXT_W	360 /* value column right of the bars, px */
#define ROW_H	20  /* chart row, px */
#define MAX_RES 60  /* most resources in the utilization chart */

#define UP_BAD	 0xd62728u /* cost rises */
#define DOWN_OK	 0x2ca02cu /* cost falls */
#define UTIL_UP	 0xf28e2bu /* busier */
#define UTIL_DWN 0x4e79a7u /* idler */

static const char *const EXTRA_CSS =
    ".up{color:#b3261e}.down{color:#1b7f35}"
    ".kpi.up b{color:#b3261e}.kpi.down b{color:#1b7f35}"
    "h2 small{font-weight:normal;color:#666}h3{font-size:15px;margin:18px 0 "
    "6px}svg.chart text{font-size:12px}"
    "table.resources td,table.runs td{white-space:nowrap}table.orders "
    "td{vertical-align:top}"
    "table.orders{width:100%;table-layout:fixed}"
    "table.orders td:first-child{white-space:nowrap}.nw{white-space:nowrap}"
    "table.runs td.w{white-space:normal;min-width:10em}";

/* s escaped, with every "->" drawn as an arrow. */
static void html_arrows(FILE *f, const char *s)
{
	const char *p;
	while (s && (p = strstr(s, "->"))) {
		char *part = mc_xmalloc((size_t)(p - s) + 1);
		memcpy(part, s, (size_t)(p - s));
		part[p - s] = 0;
		mc_fmt_html(f, part);
		free(part);
		fputs("&rarr;", f);
		s = p + 2;
	}
	mc_fmt_html(f, s);
}

/* A row of a chart: a label, a value (sign gives the side) and its text. */
typedef struct crow {
	const char *label;
	double x;
	const char *text;
	unsigned colour;
} crow;

/* Horizontal bars either side of a centre axis, scaled to the largest
 * |x|; every row's text right of the bars. */
static void diverging(FILE *f, const char *name, const crow *rows, int n)
{
	double mx = 0;
	for (int i = 0; i < n; i++)
		if (fabs(rows[i].x) > mx)
			mx = fabs(rows[i].x);
	if (mx <= 0)
		mx = 1;
	int axis = LABEL_W + HALF_W, h = n * ROW_H + 8;
	fprintf(f,
		"<div class=\"scroll\"><svg class=\"chart\" width=\"%d\" "
		"height=\"%d\" role=\"img\" "
		"aria-label=\"",
		LABEL_W + 2 * HALF_W + TEXT_W, h);
	mc_fmt_html(f, name);
	fputs("\">\n", f);
	for (int i = 0; i < n; i++) {
		int y = 4 + i * ROW_H;
		double w = HALF_W * fabs(rows[i].x) / mx;
		double x0 = rows[i].x < 0 ? axis - w : axis;
		if (i % 2 == 0)
			fprintf(f,
				"<rect x=\"0\" y=\"%d\" width=\"%d\" "
				"height=\"%d\" fill=\"#f7f7f7\"/>\n",
				y, LABEL_W + 2 * HALF_W + TEXT_W, ROW_H);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			LABEL_W - 8, y + 14);
		mc_fmt_html(f, rows[i].label);
		fputs("</text>", f);
		if (w > 0.05)
			fprintf(f,
				"<rect class=\"bar\" x=\"%.1f\" y=\"%d\" "
				"width=\"%.1f\" height=\"%d\" fill=\"#%06x\"/>",
				x0, y + 3, w, ROW_H - 6, rows[i].colour);
		fprintf(f, "<text x=\"%d\" y=\"%d\">",
			LABEL_W + 2 * HALF_W + 10, y + 14);
		html_arrows(f, rows[i].text);
		fputs("</text>\n", f);
	}
	fprintf(f,
		"<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
		"\n</svg></div>\n",
		axis, axis, h);
}

/* "+1,234.50 (+1.2%)" for a money delta. */
static const char *money_delta(mc_arena *a, double r, double x)
{
	char d[MC_FMT_NUM], p[MC_FMT_NUM];
	double rel = mc_compare_rel(r, x, MC_UNIT_MONEY);
	if (fabs(x - r) < 0.005)
		return "0";
	mc_fmt_money(d, sizeof(d), x - r);
	if (isnan(rel))
		return mc_arena_printf(a, "%s%s", x - r > 0 ? "+" : "", d);
	mc_fmt_pct(p, sizeof(p), rel, 1);
	return mc_arena_printf(a, "%s%s (%s%s)", x - r > 0 ? "+" : "", d,
			       rel > 0 ? "+" : "", p);
}

static void title_runs(const mc_compare *c, FILE *f)
{
	fprintf(f, "%s ", c->nruns > 2 ? "runs" : "run");
	for (int k = 1; k < c->nruns; k++)
		fprintf(f, "%s%" PRId64, k > 1 ? ", " : "", c->runs[k].id);
	fprintf(f, " against run %" PRId64, c->runs[0].id);
}

static void runs_table(const mc_compare *c, FILE *f)
{
	static const char *const cols[] = {
	    "Run",     "Role",	 "Kind",    "Base",   "Scenario", "Changes",
	    "Started", "Status", "Horizon", "Orders", "Units",	  "LP status"};
	static const int num[] = {1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0};
	char buf[64], end[16];
	fputs("<div class=\"scroll\"><table class=\"runs\">\n", f);
	mc_html_th_row(f, cols, num, 12);
	for (int k = 0; k < c->nruns; k++) {
		const mc_run_view *v = &c->runs[k];
		fputs("<tr>", f);
		snprintf(buf, sizeof(buf), "%" PRId64, v->id);
		mc_html_td(f, buf, 1);
		mc_html_td(f, k ? "compared" : "reference", 0);
		snprintf(buf, sizeof(buf), "%s%s", v->kind,
			 v->published ? ", published" : "");
		mc_html_td(f, buf, 0);
		snprintf(buf, sizeof(buf), "%" PRId64, v->base_run);
		mc_html_td(f, v->base_run > 0 ? buf : NULL, 1);
		/* the long texts wrap: the table fits the page */
		fputs("<td class=\"w\">", f);
		mc_fmt_html(f, v->scenario ? v->scenario : "-");
		fputs("</td><td class=\"w\">", f);
		mc_fmt_html(f, v->changes && *v->changes ? v->changes : "-");
		fputs("</td>", f);
		mc_html_td(f, v->started, 0);
		mc_html_td(f, v->status, 0);
		snprintf(buf, sizeof(buf), "%s .. %s",
			 v->horizon_start ? v->horizon_start : "-",
			 mc_fmt_date_add(end, sizeof(end), v->horizon_start,
					 v->horizon_days - 1));
		mc_html_td(f, buf, 0);
		snprintf(buf, sizeof(buf), "%d", v->norders);
		mc_html_td(f, buf, 1);
		snprintf(buf, sizeof(buf), "%d", c->stats[k].units_ordered);
		mc_html_td(f, buf, 1);
		mc_html_td(f, v->lp_status, 0);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* A KPI card of a delta, coloured when it is good or bad news (worse set
 * when a rise is bad). */
static void delta_kpi(FILE *f, double dlt, const char *value, const char *label,
		      int worse_up)
{
	const char *cls = fabs(dlt) < MC_TOL_ZERO	? ""
			  : (dlt > 0) == (worse_up > 0) ? " up"
							: " down";
	fprintf(f, "<div class=\"kpi%s\"><b>", cls);
	mc_fmt_html(f, value);
	fputs("</b><span>", f);
	mc_fmt_html(f, label);
	fputs("</span></div>\n", f);
}

static const mc_cmp_metric *metric(const mc_compare *c, const char *key)
{
	for (int m = 0; m < c->nmetrics; m++)
		if (strcmp(c->metrics[m].key, key) == 0)
			return &c->metrics[m];
	return NULL;
}

static void kpis(const mc_compare *c, mc_arena *a, FILE *f)
{
	static const char *const keys[] = {"plan_cost", "units_late",
					   "units_unmet", "late_days"};
	for (int k = 1; k < c->nruns; k++) {
		const mc_cmp_pair *pr = &c->pairs[k - 1];
		fprintf(f,
			"<h3>Run %" PRId64 " against run %" PRId64 "</h3>\n"
			"<div class=\"kpis\">\n",
			pr->run->id, pr->ref->id);
		for (int i = 0; i < 4; i++) {
			const mc_cmp_metric *mt = metric(c, keys[i]);
			double r = mt->x[0], x = mt->x[k];
			const char *value =
			    i == 0
				? money_delta(a, r, x)
				: mc_arena_printf(a, "%s%.0f",
						  x - r > 0 ? "+" : "", x - r);
			delta_kpi(f, x - r, value, mt->label, 1);
		}
		const mc_cmp_metric *ot = metric(c, "on_time_rate");
		double dot = 100 * (ot->x[k] - ot->x[0]);
		delta_kpi(f, isfinite(dot) ? dot : 0,
			  isfinite(dot) ? mc_arena_printf(a, "%+.1f pp", dot)
					: "-",
			  "on time (of made and planned units)", -1);
		char n[MC_FMT_NUM];
		snprintf(n, sizeof(n), "%d", pr->norders);
		mc_html_kpi(f, n, "orders whose outcome changed");
		fputs("</div>\n", f);
	}
}

static void cost_chart(const mc_compare *c, mc_arena *a, FILE *f)
{
	int n = 0;
	crow *rows = mc_arena_calloc(a, (size_t)(c->nmetrics * c->nruns) + 1,
				     sizeof(crow));
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (!mt->cost || mt->unit != MC_UNIT_MONEY ||
		    strcmp(mt->key, "lp_bound") == 0)
			continue;
		for (int k = 1; k < c->nruns; k++) {
			double r = mt->x[0], x = mt->x[k];
			crow *w = &rows[n++];
			w->label =
			    c->nruns > 2
				? mc_arena_printf(a, "%s, run %" PRId64,
						  mt->label, c->runs[k].id)
				: mt->label;
			w->x = x - r;
			w->colour = x > r ? UP_BAD : DOWN_OK;
			w->text = money_delta(a, r, x);
		}
	}
	fprintf(f,
		"<h2 id=\"cost\">Cost <small>change against run %" PRId64
		"</small></h2>\n<p class=\"note\">Red: the part costs more "
		"than in run %" PRId64 "; green: less.</p>\n",
		c->runs[0].id, c->runs[0].id);
	diverging(f, "cost delta chart", rows, n);
}

static void metric_cell(FILE *f, double x, int unit)
{
	char buf[MC_FMT_NUM];
	mc_html_td(f, mc_compare_value(buf, sizeof(buf), x, unit), 1);
}

/* The delta cell, and the % cell when pct is set; red or green where a
 * rise is bad (worse_up 1) or good (-1), plain when 0. */
static void delta_cell(FILE *f, double r, double x, int unit, int worse_up,
		       int pct)
{
	char d[MC_FMT_NUM], p[MC_FMT_NUM];
	double dlt = x - r, rel = mc_compare_rel(r, x, unit);
	int zero = !isfinite(dlt) || fabs(dlt) <= MC_TOL_REL * (1 + fabs(r));
	const char *cls = zero || !worse_up		? ""
			  : (dlt > 0) == (worse_up > 0) ? " up"
							: " down";
	if (!isfinite(dlt))
		snprintf(d, sizeof(d), "-");
	else if (zero)
		snprintf(d, sizeof(d), "0");
	else {
		mc_fmt_num(d + 1, sizeof(d) - 1,
			   unit == MC_UNIT_RATE ? 100 * dlt : dlt,
			   unit == MC_UNIT_MONEY || unit == MC_UNIT_RATE ? 2
			   : unit == MC_UNIT_HOURS			 ? 1
									 : 0);
		if (d[1] == '-')
			memmove(d, d + 1, strlen(d + 1) + 1);
		else
			d[0] = '+';
		if (unit == MC_UNIT_RATE)
			strcat(d, " pp");
	}
	if (isnan(rel) || zero)
		snprintf(p, sizeof(p), zero && !isnan(rel) ? "0%%" : "");
	else {
		char q[MC_FMT_NUM];
		snprintf(p, sizeof(p), "%s%s", rel > 0 ? "+" : "",
			 mc_fmt_pct(q, sizeof(q), rel, 1));
	}
	fprintf(f, "<td class=\"n%s\">", cls);
	mc_fmt_html(f, d);
	fputs("</td>", f);
	if (!pct)
		return;
	fprintf(f, "<td class=\"n%s\">", cls);
	mc_fmt_html(f, p);
	fputs("</td>", f);
}

/* Which way is worse for a metric: up for costs, late and unmet; down for
 * on time and fill rate; neither for the rest (units made and planned
 * among them: a unit the floor made leaves the plan, so planned falls
 * as made rises). */
static int worse_up(const mc_cmp_metric *mt)
{
	static const char *const good[] = {"units_on_time", "fill_rate",
					   "on_time_rate"};
	static const char *const neutral[] = {"orders", "units_ordered",
					      "lp_bound", "units_made",
					      "units_planned"};
	for (int i = 0; i < 3; i++)
		if (strcmp(mt->key, good[i]) == 0)
			return -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(mt->key, neutral[i]) == 0)
			return 0;
	return 1;
}

static void metric_table(const mc_compare *c, int cost, FILE *f)
{
	char title[32];
	fprintf(f,
		"<div class=\"scroll\"><table class=\"%s\">\n<tr><th>%s</th>",
		cost ? "cost" : "service", cost ? "Part" : "KPI");
	for (int k = 0; k < c->nruns; k++) {
		fprintf(f, "<th class=\"n\">Run %" PRId64 "</th>",
			c->runs[k].id);
		if (k > 0) {
			snprintf(title, sizeof(title), "Delta");
			fprintf(f,
				"<th class=\"n\">%s</th><th class=\"n\">%%"
				"</th>",
				title);
		}
	}
	fputs("</tr>\n", f);
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		fputs("<tr>", f);
		mc_html_td(f, mt->label, 0);
		for (int k = 0; k < c->nruns; k++) {
			metric_cell(f, mt->x[k], mt->unit);
			if (k > 0)
				delta_cell(f, mt->x[0], mt->x[k], mt->unit,
					   worse_up(mt), 1);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static int cmp_abs_desc(const void *x, const void *y)
{
	const crow *a = x, *b = y;
	double p = fabs(a->x), q = fabs(b->x);
	return p > q ? -1 : p < q;
}

static void util_chart(const mc_cmp_pair *pr, mc_arena *a, FILE *f)
{
	char h0[MC_FMT_NUM], h1[MC_FMT_NUM], u0[MC_FMT_NUM], u1[MC_FMT_NUM];
	crow *rows = mc_arena_calloc(a, (size_t)pr->nres + 1, sizeof(crow));
	int n = 0;
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		if (!r->changed)
			continue;
		crow *w = &rows[n++];
		double dlt = 100 * (r->run.util - r->ref.util);
		w->label = r->id;
		w->x = dlt;
		w->colour = dlt > 0 ? UTIL_UP : UTIL_DWN;
		mc_fmt_pct(u0, sizeof(u0), r->ref.util, 1);
		mc_fmt_pct(u1, sizeof(u1), r->run.util, 1);
		const char *hours = "";
		if (fabs(r->run.hours - r->ref.hours) > MC_TOL_REL)
			hours = mc_arena_printf(
			    a, ", regular %s -> %s h",
			    mc_fmt_num(h0, sizeof(h0), r->ref.hours, 1),
			    mc_fmt_num(h1, sizeof(h1), r->run.hours, 1));
		w->text = !r->ref.present
			      ? mc_arena_printf(a, "new: %s used", u1)
			  : !r->run.present
			      ? mc_arena_printf(a, "gone (was %s)", u0)
			      : mc_arena_printf(a, "%+.1f pp (%s -> %s%s)", dlt,
						u0, u1, hours);
	}
	fprintf(f,
		"<p class=\"note\">Utilization (hours used over regular "
		"hours, over the horizon) of the %d resources that changed; "
		"orange: busier than in run %" PRId64 ", blue: less busy.",
		n, pr->ref->id);
	if (n > MAX_RES) {
		qsort(rows, (size_t)n, sizeof(crow), cmp_abs_desc);
		fprintf(f, " The %d largest changes.", MAX_RES);
		n = MAX_RES;
	}
	fputs("</p>\n", f);
	if (n == 0)
		fputs("<p>No resource changed.</p>\n", f);
	else
		diverging(f, "utilization delta chart", rows, n);
}

/* A right-aligned cell "a -> b" of a resource's values (one value when
 * they are equal), "-" for a run without the resource. */
static void res_pair(FILE *f, const mc_cmp_res *r, double x0, double x1,
		     int unit)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_compare_value(a, sizeof(a), r->ref.present ? x0 : NAN, unit);
	mc_compare_value(b, sizeof(b), r->run.present ? x1 : NAN, unit);
	fputs("<td class=\"n\">", f);
	mc_fmt_html(f, a);
	if (strcmp(a, b) != 0) {
		fputs(" &rarr; ", f);
		mc_fmt_html(f, b);
	}
	fputs("</td>", f);
}

static void res_table(const mc_cmp_pair *pr, FILE *f)
{
	static const char *const cols[] = {
	    "Resource", "Plant", "Kind",       "Regular h", "Used h",
	    "OT h",	"Util",	 "Util delta", "Shadow",    "Shadow delta"};
	static const int num[] = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
	if (pr->nres_changed == 0)
		return;
	fputs("<div class=\"scroll\"><table class=\"resources\">\n", f);
	mc_html_th_row(f, cols, num, 10);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		if (!r->changed)
			continue;
		fputs("<tr>", f);
		mc_html_td(f, r->id, 0);
		mc_html_td(f, r->plant, 0);
		mc_html_td(f, r->kind, 0);
		res_pair(f, r, r->ref.hours, r->run.hours, MC_UNIT_HOURS);
		res_pair(f, r, r->ref.used, r->run.used, MC_UNIT_HOURS);
		res_pair(f, r, r->ref.ot, r->run.ot, MC_UNIT_HOURS);
		res_pair(f, r, r->ref.util, r->run.util, MC_UNIT_RATE);
		delta_cell(f, r->ref.util, r->run.util, MC_UNIT_RATE, 0, 0);
		res_pair(f, r, r->ref.shadow_sum, r->run.shadow_sum,
			 MC_UNIT_MONEY);
		delta_cell(f, r->ref.shadow_sum, r->run.shadow_sum,
			   MC_UNIT_MONEY, 0, 0);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void shadow_lists(const mc_cmp_pair *pr, FILE *f)
{
	char d[MC_FMT_NUM];
	for (int s = 0; s < 2; s++) {
		const int *ix = s ? pr->fell : pr->rose;
		int n = s ? pr->nfell : pr->nrose;
		fprintf(f, "<p><b>Shadow price %s most:</b> ",
			s ? "fell" : "rose");
		if (n == 0)
			fputs("none", f);
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r = &pr->res[ix[i]];
			double dlt = r->run.shadow_sum - r->ref.shadow_sum;
			fputs(i ? ", " : "", f);
			mc_fmt_html(f, r->id);
			fprintf(f, " %s%s", dlt > 0 ? "+" : "",
				mc_fmt_money(d, sizeof(d), dlt));
		}
		fputs("</p>\n", f);
	}
	fputs("<p class=\"note\">Shadow: the sum over the horizon of the "
	      "daily shadow prices, what one more hour would save (money per "
	      "hour). A rise means more orders compete for the resource.</p>\n",
	      f);
}

static const char *side_days(mc_arena *a, const mc_cmp_side *s)
{
	char buf[32];
	return mc_arena_strdup(a, mc_compare_days(buf, sizeof(buf), s));
}

/* s escaped, in unbreakable pieces: a line may break only after a
 * ", " or a "+" between them. */
static void html_pieces(FILE *f, const char *s)
{
	fputs("<span class=\"nw\">", f);
	for (; *s; s++) {
		char ch[2] = {*s, 0};
		mc_fmt_html(f, ch);
		if (*s == '+' || (*s == ',' && s[1] == ' '))
			fputs(s[1] == ' ' ? "</span> <span class=\"nw\">"
					  : "</span><wbr><span class=\"nw\">",
			      f);
		if (*s == ',' && s[1] == ' ')
			s++;
	}
	fputs("</span>", f);
}

/* A cell "a → b", or "a" when both are the same; breaks only between
 * pieces. */
static void td_pair(FILE *f, const char *a, const char *b)
{
	a = a && *a ? a : "-";
	b = b && *b ? b : "-";
	fputs("<td>", f);
	html_pieces(f, a);
	if (strcmp(a, b) != 0) {
		fputs(" &rarr; ", f);
		html_pieces(f, b);
	}
	fputs("</td>", f);
}

static void td_pieces(FILE *f, const char *s)
{
	fputs("<td>", f);
	html_pieces(f, s && *s ? s : "-");
	fputs("</td>", f);
}

static void orders_section(const mc_cmp_pair *pr, mc_arena *a, FILE *f)
{
	fprintf(f,
		"<h2 id=\"orders-%" PRId64 "\">Run %" PRId64
		" against run %" PRId64 ": orders whose outcome changed "
		"(%d)</h2>\n",
		pr->run->id, pr->run->id, pr->ref->id, pr->norders);
	fputs("<div class=\"scroll\"><table "
	      "class=\"counts\">\n<tr><th>Change</th>"
	      "<th class=\"n\">Orders</th></tr>\n",
	      f);
	for (int k = 0; k < MC_CHG_N; k++) {
		char n[16];
		snprintf(n, sizeof(n), "%d", pr->count[k]);
		fputs("<tr><td>", f);
		html_arrows(f, mc_change_label(k));
		fputs("</td>", f);
		mc_html_td(f, n, 1);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (pr->norders == 0)
		return;
	static const char *const cols[] = {"Order", "Family", "Change",
					   "Qty",   "Was",    "Now",
					   "Plant", "Made",   "Reason"};
	static const int num[] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
	/* fixed widths, so a long reason wraps instead of widening the
	 * page */
	fputs("<div class=\"scroll\"><table class=\"orders\">\n<colgroup><col "
	      "style=\"width:160px\">"
	      "<col style=\"width:100px\"><col style=\"width:140px\">"
	      "<col style=\"width:60px\"><col style=\"width:115px\">"
	      "<col style=\"width:115px\"><col style=\"width:125px\">"
	      "<col style=\"width:115px\"><col></colgroup>\n",
	      f);
	mc_html_th_row(f, cols, num, 9);
	int shown = pr->norders < MC_COMPARE_MAX_HTML ? pr->norders
						      : MC_COMPARE_MAX_HTML;
	for (int i = 0; i < shown; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		char q0[16] = "-", q1[16] = "-";
		fputs("<tr>", f);
		mc_html_td(f, o->id, 0);
		mc_html_td(f, o->family, 0);
		fputs("<td>", f);
		for (int k = 0, n = 0; k < MC_CHG_N; k++)
			if (o->kinds & (1u << k)) {
				fputs(n++ ? "<br>" : "", f);
				fprintf(f, "<span class=\"%s\">",
					k == MC_CHG_TO_UNMET ||
						k == MC_CHG_TO_LATE
					    ? "up"
					: k == MC_CHG_TO_PLANNED ||
						k == MC_CHG_TO_ON_TIME
					    ? "down"
					    : "");
				html_arrows(f, mc_change_label(k));
				fputs("</span>", f);
			}
		fputs("</td>", f);
		if (o->ref.o)
			snprintf(q0, sizeof(q0), "%d", o->ref.o->quantity);
		if (o->run.o)
			snprintf(q1, sizeof(q1), "%d", o->run.o->quantity);
		td_pair(f, q0, q1);
		td_pieces(f, o->ref.outcome);
		td_pieces(f, o->run.outcome);
		td_pair(f, o->ref.plants, o->run.plants);
		td_pair(f, side_days(a, &o->ref), side_days(a, &o->run));
		fputs("<td class=\"r\">", f);
		html_arrows(f, o->reason);
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (pr->norders > shown)
		fprintf(f,
			"<p class=\"note\">... and %d more (every one is in "
			"the CSV and JSON formats)</p>\n",
			pr->norders - shown);
}

void mc_compare_html(const mc_compare *c, FILE *f)
{
	mc_arena *a = mc_arena_new();
	char title[200];
	int n = snprintf(title, sizeof(title), "mcsched compare: run");
	for (int k = 1; k < c->nruns && n < (int)sizeof(title); k++)
		n += snprintf(title + n, sizeof(title) - (size_t)n,
			      "%s %" PRId64, k > 1 ? "," : "", c->runs[k].id);
	if (n < (int)sizeof(title))
		snprintf(title + n, sizeof(title) - (size_t)n,
			 " against run %" PRId64, c->runs[0].id);
	mc_html_begin(f, title, EXTRA_CSS);
	fputs("<h1>Compare: ", f);
	title_runs(c, f);
	fputs("</h1>\n<p class=\"facts\">The first run is the reference; "
	      "every delta is the other run's value minus the "
	      "reference's.</p>\n",
	      f);
	runs_table(c, f);
	kpis(c, a, f);
	cost_chart(c, a, f);
	metric_table(c, 1, f);
	fputs("<h2 id=\"service\">Service</h2>\n", f);
	metric_table(c, 0, f);
	for (int k = 1; k < c->nruns; k++) {
		const mc_cmp_pair *pr = &c->pairs[k - 1];
		fprintf(f,
			"<h2 id=\"resources-%" PRId64 "\">Run %" PRId64
			" against run %" PRId64
			": resources <small>%d of %d changed</small></h2>\n",
			pr->run->id, pr->run->id, pr->ref->id, pr->nres_changed,
			pr->nres);
		util_chart(pr, a, f);
		res_table(pr, f);
		shadow_lists(pr, f);
		orders_section(pr, a, f);
	}
	mc_html_end(f);
	mc_arena_free(a);
}
