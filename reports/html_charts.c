/*
 * html_charts.c - the drawn sections of the HTML report (html_charts.h):
 * the capacity heat map, the utilization bars, the bottlenecks, the
 * materials' stock charts and the timeline, inline SVG and CSS grids.
 * html.c writes the page around them: its kit, the tables, the order.
 */
#include "html_charts.h"
#include "html.h"
#include "tolerance.h"

#include "date.h"
#include "dispatch.h"
#include "fmt.h"
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Hours within this (relative) of the regular hours are "full", not over:
 * the LP's floating point leaves a few ulps either side. */
#define MC_HOURS_EPS MC_TOL_HOURS

/* A colour between two RGB values, t in [0, 1]. */
static void lerp_rgb(char *buf, size_t n, unsigned from, unsigned to, double t)
{
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	unsigned rgb[3];
	for (int i = 0; i < 3; i++) {
		int sh = 16 - 8 * i;
		double a = (from >> sh) & 0xFF, b = (to >> sh) & 0xFF;
		rgb[i] = (unsigned)(a + (b - a) * t + 0.5);
	}
	snprintf(buf, n, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* Above the day columns of a chart (x from LABEL_W, CELL a day): the
 * month where it starts and at the first column, the day of the month,
 * and the weekday's initial; weekends in grey.  TOP_H tall. */
static void day_axis(const mc_run_view *v, FILE *f)
{
	static const char *const month[] = {"Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec"};
	static const char wd[] = "MTWTFSS";
	int d0;
	if (mc_date_parse(v->horizon_start, &d0) < 0)
		return;
	for (int t = 0; t < v->horizon_days; t++) {
		char day[16];
		int x = LABEL_W + t * CELL + CELL / 2,
		    w = mc_date_weekday(d0 + t);
		mc_date_format(d0 + t, day);
		int mon = atoi(day + 5), dom = atoi(day + 8);
		if (t == 0 || dom == 1)
			fprintf(f,
				"<text x=\"%d\" y=\"12\" class=\"month\">%s "
				"%.4s</text>\n",
				LABEL_W + t * CELL, month[mon - 1], day);
		fprintf(f,
			"<text x=\"%d\" y=\"28\" text-anchor=\"middle\"%s>%d"
			"</text><text x=\"%d\" y=\"42\" "
			"text-anchor=\"middle\"%s>%c</text>\n",
			x, w >= 5 ? " class=\"we\"" : "", dom, x,
			w >= 5 ? " class=\"we\"" : "", wd[w]);
	}
}

void mc_html_heat_map(const mc_run_view *v, FILE *f)
{
	int days = v->horizon_days, nres = v->nresources;
	char col[16], a[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_html_section(f, "capacity", "by resource and day");
	fputs("<p class=\"note\">Each cell is "
	      "one resource on one day: hours used over regular hours. "
	      "Grey: no hours; red outline: overtime; ",
	      f);
	if (v->frozen_days > 0)
		fputs("a dark bar over a day: frozen; ", f);
	fputs("hover for numbers.</p>\n", f);
	if (nres == 0 || days <= 0) {
		fputs("<p>no resources</p>\n", f);
		return;
	}
	int width = LABEL_W + days * CELL + 10;
	if (width < LABEL_W + 320)
		width = LABEL_W + 320; /* room for the legend */
	fprintf(f,
		"<div class=\"scroll\"><svg width=\"%d\" height=\"%d\" "
		"role=\"img\" "
		"aria-label=\"utilization heat map\">\n",
		width, TOP_H + nres * CELL + 30);
	day_axis(v, f);
	/* the frozen days: a dark bar between the axis and the cells */
	for (int t = 0; t < v->frozen_days && t < days; t++)
		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"4\" "
			"fill=\"#555\"><title>frozen</title></rect>\n",
			LABEL_W + t * CELL, TOP_H - 6, CELL - 1);
	for (int r = 0; r < nres; r++) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			LABEL_W - 6, TOP_H + r * CELL + CELL - 4);
		mc_fmt_html(f, v->resources[r].id);
		fputs("</text>\n", f);
	}
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		if (c->t < 0 || c->t >= days)
			continue;
		/* a day planned exactly full reads 100%, not "over" by a
		 * rounding error of the LP's floating point */
		int over = c->used > c->hours + MC_HOURS_EPS * (1 + c->hours);
		double u = c->hours > 0 ? c->used / c->hours : 0;
		if (c->hours <= 0 && c->ot_max <= 0)
			snprintf(col, sizeof(col), "#e6e6e6");
		else if (!over)
			lerp_rgb(col, sizeof(col), 0xf7fbff, 0x08519c,
				 u < 1 ? u : 1);
		else
			lerp_rgb(col, sizeof(col), 0xfdae6b, 0xd94801, u - 1);
		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"fill=\"%s\"%s><title>",
			LABEL_W + c->t * CELL, TOP_H + c->res_idx * CELL,
			CELL - 1, CELL - 1, col,
			c->ot > MC_TOL_ZERO
			    ? " stroke=\"#d62728\" stroke-width=\"2\""
			    : "");
		mc_fmt_html(f, c->resource);
		fprintf(f, " %s: %s of %s h", c->day,
			mc_fmt_num(a, sizeof(a), c->used, 1),
			mc_fmt_num(b, sizeof(b), c->hours, 1));
		if (c->ot > MC_TOL_ZERO)
			fprintf(f, ", overtime %s h",
				mc_fmt_num(a, sizeof(a), c->ot, 1));
		if (c->shadow > MC_SHADOW_EPS)
			fprintf(f, ", one more hour saves %s",
				mc_fmt_money(a, sizeof(a), c->shadow));
		fputs("</title></rect>\n", f);
	}
	/* legend */
	int ly = TOP_H + nres * CELL + 10;
	for (int k = 0; k <= 10; k++) {
		lerp_rgb(col, sizeof(col), 0xf7fbff, 0x08519c, k / 10.0);
		fprintf(f,
			"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
			"fill=\"%s\"/>\n",
			LABEL_W + k * 12, ly, col);
	}
	fprintf(f,
		"<text x=\"%d\" y=\"%d\">0%% .. 100%%</text>"
		"<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
		"fill=\"#d94801\"/><text x=\"%d\" y=\"%d\">over 100%%</text>\n",
		LABEL_W + 11 * 12 + 6, ly + 10, LABEL_W + 11 * 12 + 90, ly,
		LABEL_W + 11 * 12 + 108, ly + 10);
	fputs("</svg></div>\n", f);
}

/* Horizontal bars: n labels with values, scaled to the largest (or to
 * `scale` when positive); a dashed line at `mark` when positive. */
static void bars(FILE *f, const char *const *labels, const double *x,
		 const char *const *texts, int n, double scale, double mark,
		 unsigned colour)
{
	double mx = scale;
	for (int i = 0; i < n && scale <= 0; i++)
		if (x[i] > mx)
			mx = x[i];
	if (mx <= 0)
		mx = 1;
	fprintf(f,
		"<div class=\"scroll\"><svg width=\"%d\" height=\"%d\" "
		"role=\"img\">\n",
		LABEL_W + BAR_W + 300, n * ROW_H + 4);
	for (int i = 0; i < n; i++) {
		double w = x[i] > 0 ? BAR_W * (x[i] < mx ? x[i] : mx) / mx : 0;
		int y = i * ROW_H;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			LABEL_W - 6, y + 14);
		mc_fmt_html(f, labels[i]);
		fprintf(f,
			"</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
			"height=\"%d\" fill=\"#%06x\"/>"
			"<text x=\"%.1f\" y=\"%d\">",
			LABEL_W, y + 3, w, ROW_H - 6, colour,
			LABEL_W + BAR_W + 8.0, y + 14);
		mc_fmt_html(f, texts[i]);
		fputs("</text>\n", f);
	}
	if (mark > 0 && mark <= mx) {
		double mxp = LABEL_W + BAR_W * mark / mx;
		fprintf(f,
			"<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\" "
			"stroke=\"#333\" stroke-dasharray=\"3,3\"/>\n",
			mxp, mxp, n * ROW_H);
	}
	fputs("</svg></div>\n", f);
}

void mc_html_util_bars(const mc_run_view *v, const mc_run_stats *st,
		       mc_arena *a, FILE *f)
{
	int n = st->nres;
	const char **labels = mc_arena_calloc(a, (size_t)n + 1, sizeof(char *));
	const char **texts = mc_arena_calloc(a, (size_t)n + 1, sizeof(char *));
	double *x = mc_arena_calloc(a, (size_t)n + 1, sizeof(double));
	char p[MC_FMT_NUM], h[MC_FMT_NUM], o[MC_FMT_NUM];
	for (int r = 0; r < n; r++) {
		const mc_res_stats *rs = &st->res[r];
		labels[r] = v->resources[rs->res].id;
		x[r] = rs->util;
		texts[r] =
		    mc_arena_printf(a, "%s (%s h used, %s h overtime)",
				    mc_fmt_pct(p, sizeof(p), rs->util, 1),
				    mc_fmt_num(h, sizeof(h), rs->used, 1),
				    mc_fmt_num(o, sizeof(o), rs->ot, 1));
	}
	fputs("<h3>Utilization over the horizon</h3>\n<p class=\"note\">Hours "
	      "used over regular hours; the dashed line is 100%.</p>\n",
	      f);
	if (n > 0)
		bars(f, labels, x, texts, n, 1.5, 1.0, 0x4e79a7);
}

void mc_html_bottlenecks(const mc_run_view *v, const mc_run_stats *st,
			 mc_arena *a, FILE *f)
{
	int n = st->nhot_res;
	char m[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_html_section(f, "bottlenecks", NULL);
	fputs("<p class=\"note\">Shadow prices: what one "
	      "more hour would save, summed over the horizon (money per "
	      "hour).</p>\n",
	      f);
	if (n == 0 && v->lp_status && strcmp(v->lp_status, "optimal") != 0) {
		fputs("<p>Unknown: the LP stopped before its optimum.</p>\n",
		      f);
		return;
	}
	if (n == 0) {
		fputs("<p>None: one more hour on any resource would not lower "
		      "the plan cost.</p>\n",
		      f);
		return;
	}
	const char **labels = mc_arena_calloc(a, (size_t)n, sizeof(char *));
	const char **texts = mc_arena_calloc(a, (size_t)n, sizeof(char *));
	double *x = mc_arena_calloc(a, (size_t)n, sizeof(double));
	for (int i = 0; i < n; i++) {
		const mc_res_stats *rs = &st->res[st->hot_res[i]];
		labels[i] = v->resources[rs->res].id;
		x[i] = rs->shadow_sum;
		texts[i] = mc_arena_printf(
		    a, "%s over %d %s",
		    mc_fmt_money(m, sizeof(m), rs->shadow_sum), rs->shadow_days,
		    rs->shadow_days == 1 ? "day" : "days");
	}
	bars(f, labels, x, texts, n, 0, 0, 0xe15759);

	static const char *const cols[] = {"Resource", "Plant",	    "Date",
					   "Value/h",  "Regular h", "Used h",
					   "OT h"};
	static const int num[] = {0, 0, 0, 1, 1, 1, 1};
	fputs("<div class=\"scroll\"><table>\n", f);
	mc_html_th_row(f, cols, num, 7);
	int shown = st->nhot_days < MC_REPORT_MAX_HOT ? st->nhot_days
						      : MC_REPORT_MAX_HOT;
	for (int i = 0; i < shown; i++) {
		const mc_view_cap *c = &v->cap[st->hot_days[i]];
		fputs("<tr>", f);
		mc_html_td(f, c->resource, 0);
		mc_html_td(f, c->plant, 0);
		mc_html_td(f, c->day, 0);
		mc_html_td(f, mc_fmt_money(m, sizeof(m), c->shadow), 1);
		mc_html_td(f, mc_fmt_num(b, sizeof(b), c->hours, 1), 1);
		mc_html_td(f, mc_fmt_num(b, sizeof(b), c->used, 1), 1);
		mc_html_td(f, mc_fmt_num(b, sizeof(b), c->ot, 1), 1);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (st->nhot_days > shown)
		fprintf(f,
			"<p class=\"note\">... and %d more resource-days</p>\n",
			st->nhot_days - shown);
}

/* ---- materials ---- */

/* 1 when the rows m[0..n) of one material at one plant bind on some day:
 * a positive shadow price, or every unit there used up by then. */
static int binding(const mc_view_mat *m, int n)
{
	for (int i = 0; i < n; i++)
		if (m[i].shadow > MC_SHADOW_EPS ||
		    (m[i].used > 0 && m[i].available - m[i].used <=
					  MC_HOURS_EPS * (1 + m[i].available)))
			return 1;
	return 0;
}

/* Appends the step of one day column at x, height y, to an SVG path. */
static void step(char *path, size_t size, size_t *n, int first, int x, double y)
{
	if (*n + 64 >= size)
		return;
	*n += (size_t)(first ? snprintf(path + *n, size - *n, "M%d %.1f H%d ",
					x, y, x + CELL)
			     : snprintf(path + *n, size - *n, "V%.1f H%d ", y,
					x + CELL));
}

/* One binding material at one plant, rows m[0..n) by day (cumulative):
 * bars of the day's use, the cumulative supply (stock and receipts) and
 * use as step lines, receipts marked with their quantity, the days it
 * binds shaded; then its numbers a day in a table. */
static void material_chart(const mc_run_view *v, const mc_view_mat *m, int n,
			   FILE *f)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM], c[MC_FMT_NUM], d[MC_FMT_NUM];
	const int H = 120, days = v->horizon_days;
	double top = 0, day_max = 0;
	for (int i = 0; i < n; i++) {
		double use = m[i].used - (i ? m[i - 1].used : 0);
		top = m[i].available > top ? m[i].available : top;
		day_max = use > day_max ? use : day_max;
	}
	top = top > 0 ? top : 1;
	day_max = day_max > 0 ? day_max : 1;
	fputs("<h3>", f);
	mc_fmt_html(f, m[0].material);
	fputs(" at ", f);
	mc_fmt_html(f, m[0].plant);
	fputs("</h3>\n", f);
	fprintf(f,
		"<div class=\"scroll\"><svg width=\"%d\" height=\"%d\" "
		"role=\"img\" "
		"aria-label=\"material ",
		LABEL_W + days * CELL + 10, TOP_H + H + 20);
	mc_fmt_html(f, m[0].material);
	fputs("\">\n", f);
	day_axis(v, f);
	fprintf(f,
		"<text x=\"%d\" y=\"%d\" text-anchor=\"end\">cumulative "
		"0..%s</text>\n<text x=\"%d\" y=\"%d\" "
		"text-anchor=\"end\">bars: use a day</text>\n",
		LABEL_W - 6, TOP_H + 12, mc_fmt_num(a, sizeof(a), top, 0),
		LABEL_W - 6, TOP_H + 28);
	char supply[16384] = "", use[16384] = "";
	size_t ns = 0, nu = 0;
	for (int i = 0; i < n; i++) {
		int t = m[i].t, x = LABEL_W + t * CELL;
		if (t < 0 || t >= days)
			continue;
		double prev_av = i ? m[i - 1].available : 0;
		double today = m[i].used - (i ? m[i - 1].used : 0);
		double left = m[i].available - m[i].used;
		int out = m[i].used > 0 &&
			  left <= MC_HOURS_EPS * (1 + m[i].available);
		if (out)
			fprintf(f,
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" "
				"height=\"%d\" fill=\"#fbe3e3\"/>\n",
				x, TOP_H, CELL, H);
		double bh = H * 0.45 * today / day_max;
		if (bh > 0)
			fprintf(f,
				"<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
				"height=\"%.1f\" fill=\"#bbbbbb\"><title>%s: "
				"used %s, on hand %s</title></rect>\n",
				x + 3, TOP_H + H - bh, CELL - 6, bh, m[i].day,
				mc_fmt_num(a, sizeof(a), today, 1),
				mc_fmt_num(b, sizeof(b), left, 1));
		if (i > 0 && m[i].available > prev_av + MC_TOL_ZERO)
			fprintf(
			    f,
			    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
			    "fill=\"#2ca02c\">+%s</text>\n",
			    x + CELL / 2, TOP_H + H + 14,
			    mc_fmt_num(a, sizeof(a), m[i].available - prev_av,
				       0));
		double ys = TOP_H + H - H * m[i].available / top,
		       yu = TOP_H + H - H * m[i].used / top;
		step(supply, sizeof(supply), &ns, i == 0, x, ys);
		step(use, sizeof(use), &nu, i == 0, x, yu);
	}
	fprintf(f,
		"<path d=\"%s\" fill=\"none\" stroke=\"#1f77b4\" "
		"stroke-width=\"2\"/>\n<path d=\"%s\" fill=\"none\" "
		"stroke=\"#ff7f0e\" stroke-width=\"2\"/>\n</svg></div>\n",
		supply, use);
	static const char *const cols[] = {"Date", "Received", "Used",
					   "On hand", "Value of one more"};
	static const int num[] = {0, 1, 1, 1, 1};
	fputs("<div class=\"scroll\"><table>\n", f);
	mc_html_th_row(f, cols, num, 5);
	for (int i = 0; i < n; i++) {
		double got = m[i].available - (i ? m[i - 1].available : 0);
		double today = m[i].used - (i ? m[i - 1].used : 0);
		if (got <= MC_TOL_ZERO && today <= MC_TOL_ZERO &&
		    m[i].shadow <= MC_SHADOW_EPS)
			continue; /* a quiet day */
		fputs("<tr>", f);
		mc_html_td(f, m[i].day, 0);
		/* the first day's supply is the stock and that day's
		 * receipts */
		if (i == 0)
			snprintf(a, sizeof(a), "stock %.1f", got);
		mc_html_td(f,
			   i == 0 ? a
			   : got > MC_TOL_ZERO
			       ? mc_fmt_num(a, sizeof(a), got, 1)
			       : "",
			   1);
		mc_html_td(f, mc_fmt_num(b, sizeof(b), today, 1), 1);
		double left = m[i].available - m[i].used;
		mc_html_td(f,
			   mc_fmt_num(c, sizeof(c),
				      left > MC_HOURS_EPS * (1 + m[i].available)
					  ? left
					  : 0,
				      1),
			   1);
		mc_html_td(f,
			   m[i].shadow > MC_SHADOW_EPS
			       ? mc_fmt_money(d, sizeof(d), m[i].shadow)
			       : "",
			   1);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* The materials that bind somewhere (their rows run by plant and
 * material, then day). */
void mc_html_materials(const mc_run_view *v, FILE *f)
{
	mc_html_section(f, "materials", "that bind");
	fputs("<p class=\"note\">Per plant: "
	      "stock and receipts (blue, cumulative) against use (orange, "
	      "cumulative; grey bars a day), receipts in green. Red days: "
	      "none left. A material binds where it runs out or where one "
	      "more unit arriving by a day would lower the plan cost (its "
	      "value in the table).</p>\n",
	      f);
	int shown = 0;
	for (int i = 0; i < v->nmat;) {
		int j = i;
		while (j < v->nmat &&
		       strcmp(v->mat[j].plant, v->mat[i].plant) == 0 &&
		       strcmp(v->mat[j].material, v->mat[i].material) == 0)
			j++;
		if (binding(&v->mat[i], j - i)) {
			material_chart(v, &v->mat[i], j - i, f);
			shown++;
		}
		i = j;
	}
	if (!shown)
		fputs("<p>None: every material has stock to spare on every "
		      "day.</p>\n",
		      f);
}

/* ---- timeline ---- */

/* Family colours of the timeline (light, so the order id reads on
 * them); a family takes the colour of its first order's place among
 * the families, modulo the palette. */
static const char *const FAMILY_RGB[] = {
    "#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1",
    "#d9f0a3", "#f2d7ee", "#fee391", "#c7eae5", "#e0e0e0"};
#define NFAMILY_RGB ((int)(sizeof(FAMILY_RGB) / sizeof(*FAMILY_RGB)))

static const char *const TIMELINE_CSS =
    ".tlw{overflow:auto;max-height:80vh;border:1px solid #ddd}"
    "table.tl{border-collapse:separate;border-spacing:0;margin:0}"
    "table.tl th,table.tl td{border:0;border-right:1px solid #e4e4e4;"
    "border-bottom:1px solid #e4e4e4;padding:2px;vertical-align:top}"
    "table.tl td{min-width:70px}"
    "table.tl thead th{position:sticky;top:0;z-index:2;font-size:11px;"
    "font-weight:normal;text-align:center;white-space:nowrap}"
    "table.tl thead th:first-child{left:0;z-index:3}"
    "table.tl tbody th{position:sticky;left:0;z-index:1;background:#fff;"
    "font-size:12px;white-space:nowrap;text-align:left}"
    "table.tl tbody th small{color:#777;font-weight:normal}"
    "table.tl .fz{background:repeating-linear-gradient(45deg,#f4f4f4,"
    "#f4f4f4 5px,#e8e8e8 5px,#e8e8e8 10px)}"
    "table.tl thead th.fz{background:#e0e0e0}"
    "table.tl td.ot{box-shadow:inset 0 0 0 2px #d62728}"
    ".tl i,.legend i{display:block;font:10px/1.35 ui-monospace,Menlo,"
    "Consolas,monospace;font-style:normal;padding:0 3px;margin:1px 0;"
    "border-radius:2px;white-space:nowrap;cursor:pointer;color:#111}"
    ".tl i.fr{border-left:3px solid #555}"
    ".tl i.hl{outline:2px solid #000;background:#ffeb3b}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 10px;margin:6px 0}"
    ".legend i{display:inline-block;cursor:default}"
    "#tl-sel{min-height:1.4em;margin:4px 0;font-weight:bold}"
    "@media print{.tlw{overflow:visible;max-height:none}}";

/* The family index of each order (families numbered by first
 * appearance in the order book) and the families' names in *names,
 * their count in *nfam. */
static int *order_families(const mc_run_view *v, mc_arena *a,
			   const char ***names, int *nfam)
{
	int *fam = mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(int));
	const char **nm =
	    mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(char *));
	int n = 0;
	for (int i = 0; i < v->norders; i++) {
		const char *fa = v->orders[i].family ? v->orders[i].family : "";
		int k = 0;
		while (k < n && strcmp(nm[k], fa) != 0)
			k++;
		if (k == n)
			nm[n++] = fa;
		fam[i] = k;
	}
	*names = nm;
	*nfam = n;
	return fam;
}

/* The timeline: a row per resource, a column per day, and in each cell
 * the units made there that day in the dispatch list's sequence, each
 * with its order, coloured by family (a frozen unit has a dark left
 * edge); frozen days shaded, overtime outlined in red; a unit's tooltip
 * says which of its order's units it is, its due date and identifier.
 * A click on a unit (or on an order anywhere on the page) marks all
 * the units of that order. */
void mc_html_timeline(const mc_run_view *v, mc_arena *a, FILE *f)
{
	int days = v->horizon_days, nres = v->nresources;
	char x[MC_FMT_NUM];
	mc_html_section(f, "timeline", "by resource and day");
	mc_dispatch_unit *l;
	int n;
	mc_dispatch_build(v, NULL, a, &l, &n);
	if (nres == 0 || days <= 0 || n == 0) {
		fputs("<p>No units planned.</p>\n", f);
		return;
	}
	const char **fname;
	int nfam;
	int *fam = order_families(v, a, &fname, &nfam);
	/* the units of each resource-day, in the list's order */
	size_t ncell = (size_t)nres * (size_t)days;
	int *at = mc_arena_calloc(a, ncell + 1, sizeof(int));
	int *idx = mc_arena_calloc(a, (size_t)n, sizeof(int));
	for (int i = 0; i < n; i++)
		if (l[i].res_idx >= 0 && l[i].t >= 0 && l[i].t < days)
			at[(size_t)l[i].res_idx * days + l[i].t + 1]++;
	for (size_t c = 0; c < ncell; c++)
		at[c + 1] += at[c];
	int *fill = mc_arena_calloc(a, ncell, sizeof(int));
	for (int i = 0; i < n; i++)
		if (l[i].res_idx >= 0 && l[i].t >= 0 && l[i].t < days) {
			size_t c = (size_t)l[i].res_idx * days + l[i].t;
			idx[at[c] + fill[c]++] = i;
		}
	/* overtime by resource-day */
	double *ot = mc_arena_calloc(a, ncell, sizeof(double));
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *c = &v->cap[i];
		if (c->res_idx >= 0 && c->res_idx < nres && c->t >= 0 &&
		    c->t < days)
			ot[(size_t)c->res_idx * days + c->t] = c->ot;
	}

	fputs("<p class=\"note\">Every planned unit on its resource and "
	      "day, in the dispatch list's sequence, with its order; colour "
	      "by family",
	      f);
	if (v->frozen_days > 0)
		fprintf(f,
			", a dark left edge for a frozen unit; hatched: the "
			"frozen day%s (the first %d)",
			v->frozen_days == 1 ? "" : "s", v->frozen_days);
	fputs("; red outline: overtime. Hover a unit for its details; click "
	      "it (or an order anywhere on the page) to mark all the units "
	      "of its order.</p>\n<p class=\"legend\">",
	      f);
	for (int k = 0; k < nfam; k++) {
		fprintf(f, "<i style=\"background:%s\">",
			FAMILY_RGB[k % NFAMILY_RGB]);
		mc_fmt_html(f, fname[k]);
		fputs("</i>", f);
	}
	fputs("</p>\n<p id=\"tl-sel\" aria-live=\"polite\"></p>\n", f);
	/* the timeline's sheet and the family classes */
	fprintf(f, "<style>%s", TIMELINE_CSS);
	for (int k = 0; k < nfam && k < NFAMILY_RGB; k++)
		fprintf(f, ".tl i.f%d{background:%s}", k, FAMILY_RGB[k]);
	fputs("</style>\n", f);

	int d0 = 0;
	int dates = mc_date_parse(v->horizon_start, &d0) == 0;
	fprintf(f, "<div class=\"tlw\"><table class=\"tl\" "
		   "aria-label=\"timeline\"><thead><tr><th>Resource</th>");
	for (int t = 0; t < days; t++) {
		char day[16] = "";
		if (dates)
			mc_date_format(d0 + t, day);
		fprintf(f, "<th%s>%s<br>%c</th>",
			t < v->frozen_days ? " class=\"fz\"" : "",
			dates ? day + 5 : "",
			dates ? "MTWTFSS"[mc_date_weekday(d0 + t)] : ' ');
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	for (int r = 0; r < nres; r++) {
		fputs("<tr><th>", f);
		mc_fmt_html(f, v->resources[r].id);
		fputs("<br><small>", f);
		mc_fmt_html(f, v->resources[r].plant);
		fputs("</small></th>", f);
		for (int t = 0; t < days; t++) {
			size_t c = (size_t)r * days + t;
			int fz = t<v->frozen_days, o = ot[c]> MC_TOL_ZERO;
			fprintf(f, "<td%s%s%s", fz || o ? " class=\"" : "",
				fz ? (o ? "fz ot" : "fz") : (o ? "ot" : ""),
				fz || o ? "\"" : "");
			if (o)
				fprintf(f, " title=\"overtime %s h\"",
					mc_fmt_num(x, sizeof(x), ot[c], 1));
			fputc('>', f);
			for (int j = at[c]; j < at[c + 1]; j++) {
				const mc_dispatch_unit *u = &l[idx[j]];
				const mc_view_order *od =
				    &v->orders[u->order_idx];
				fprintf(f, "<i class=\"f%d%s\" data-o=\"",
					fam[u->order_idx] % NFAMILY_RGB,
					u->frozen ? " fr" : "");
				mc_fmt_html(f, od->id);
				fputs("\" title=\"", f);
				mc_fmt_html(f, od->id);
				if (u->useq > 0)
					fprintf(f, " unit %d of %d", u->useq,
						od->quantity);
				fputs(", ", f);
				mc_fmt_html(f, od->family);
				fputs(", due ", f);
				mc_fmt_html(f, od->due);
				if (u->unit && u->unit->identifier) {
					fputs(", ", f);
					mc_fmt_html(f, u->unit->identifier);
				}
				if (u->frozen)
					fputs(", frozen", f);
				fputs("\">", f);
				mc_fmt_html(f, od->id);
				fputs("</i>", f);
			}
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
}
