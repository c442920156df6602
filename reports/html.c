/*
 * html.c - the self-contained HTML report (see html.h).
 *
 * Memory: a scratch arena for the derived figures, freed before returning.
 */
#include "html.h"
#include "tolerance.h"

#include "banner.h"
#include "date.h"
#include "fmt.h"
#include "report.h"
#include "stats.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL	 20  /* heat-map cell, px */
#define LABEL_W	 160 /* heat-map and bar label column, px */
#define BAR_W	 420 /* longest bar, px */
#define ROW_H	 20  /* bar row height, px */
#define MAX_ROWS 200 /* longest order table; the rest is in CSV / JSON */
#define TOP_H	 50  /* day axis above a chart: month, day, weekday, px */
/* Hours within this (relative) of the regular hours are "full", not over:
 * the LP's floating point leaves a few ulps either side. */
#define MC_HOURS_EPS MC_TOL_HOURS

static const char *const CSS =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px}"
    ".facts{color:#555;margin:0 0 12px}"
    ".kpis{display:flex;flex-wrap:wrap;gap:10px}"
    ".kpi{border:1px solid #ddd;border-radius:6px;padding:8px 12px;"
    "min-width:120px}.kpi b{display:block;font-size:20px}"
    ".kpi span{color:#666;font-size:12px}"
    "table{border-collapse:collapse;margin:6px 0}"
    "th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "th{background:#f6f6f6}svg text{font:11px system-ui,sans-serif}"
    ".note{color:#666}svg text.month{font-weight:bold}"
    "svg text.we{fill:#999}"
    ".banner{border:2px solid #c0392b;background:#fdecea;color:#7b1d12;"
    "border-radius:6px;padding:8px 12px;margin:8px 0;font-weight:bold}"
    ".banner.note{border-color:#d4a017;background:#fff8e1;color:#5c4300}";

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

static void begin(FILE *f, const char *title, const char *extra_css, int mobile)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n",
	      f);
	if (mobile)
		fputs("<meta name=\"viewport\" "
		      "content=\"width=device-width,initial-scale=1\">\n",
		      f);
	fputs("<title>", f);
	mc_fmt_html(f, title);
	fprintf(f, "</title>\n<style>%s%s</style>\n</head>\n<body>\n", CSS,
		extra_css ? extra_css : "");
}

void mc_html_begin(FILE *f, const char *title, const char *extra_css)
{
	begin(f, title, extra_css, 0);
}

void mc_html_begin_mobile(FILE *f, const char *title, const char *extra_css)
{
	begin(f, title, extra_css, 1);
}

void mc_html_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}

void mc_html_td(FILE *f, const char *s, int numeric)
{
	fputs(numeric ? "<td class=\"n\">" : "<td>", f);
	mc_fmt_html(f, s && *s ? s : "-");
	fputs("</td>", f);
}

static void tdi(FILE *f, long long x)
{
	fprintf(f, "<td class=\"n\">%lld</td>", x);
}

void mc_html_th_row(FILE *f, const char *const *cols, const int *num, int n)
{
	fputs("<tr>", f);
	for (int i = 0; i < n; i++) {
		fputs(num[i] ? "<th class=\"n\">" : "<th>", f);
		mc_fmt_html(f, cols[i]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
}

void mc_html_kpi(FILE *f, const char *value, const char *label)
{
	fputs("<div class=\"kpi\"><b>", f);
	mc_fmt_html(f, value);
	fputs("</b><span>", f);
	mc_fmt_html(f, label);
	fputs("</span></div>\n", f);
}

/* The kept-back banner (banner.h): red for a run kept back, yellow for
 * the nights kept back since the published run. */
static void banner(const mc_run_view *v, mc_arena *a, FILE *f)
{
	const char **lines;
	int n = mc_banner_lines(v, a, &lines);
	for (int i = 0; i < n; i++) {
		fprintf(f, "<p class=\"banner%s\">",
			strncmp(lines[i], "KEPT", 4) ? " note" : "");
		mc_fmt_html(f, lines[i]);
		fputs("</p>\n", f);
	}
}

static void header(const mc_run_view *v, const mc_run_stats *st, mc_arena *ar,
		   FILE *f)
{
	char a[MC_FMT_NUM], end[16];
	int whatif = strcmp(v->kind, "whatif") == 0;
	char title[64];
	snprintf(title, sizeof(title), "mcsched %s run %" PRId64,
		 whatif ? "what-if" : "plan", v->id);
	mc_html_begin(f, title, NULL);
	fprintf(f, "<h1>%s run %" PRId64 " ", whatif ? "What-if" : "Plan",
		v->id);
	mc_fmt_html(f, v->enterprise);
	fputs("</h1>\n", f);
	banner(v, ar, f);
	fputs("<p class=\"facts\">", f);
	if (whatif) {
		fprintf(f, "on base run %" PRId64 ", scenario ", v->base_run);
		mc_fmt_html(f, v->scenario ? v->scenario : "-");
		fputs(" (hypothetical: no identifiers, never published)", f);
		for (const char *c = v->changes, *e; c && *c; c = e + !!*e) {
			e = strchr(c, '\n');
			e = e ? e : c + strlen(c);
			fputs("<br>&bull; ", f);
			char *line = mc_xmalloc((size_t)(e - c) + 1);
			memcpy(line, c, (size_t)(e - c));
			line[e - c] = '\0';
			mc_fmt_html(f, line);
			free(line);
		}
		fputs(" &middot; ", f);
	} else if (v->published)
		fputs("published &middot; ", f);
	else if (v->hold_reason)
		fputs("kept back &middot; ", f);
	fputs("status ", f);
	mc_fmt_html(f, v->status);
	fputs(" &middot; started ", f);
	mc_fmt_html(f, v->started);
	fprintf(f, " (%.1f s) &middot; horizon ", v->elapsed);
	mc_fmt_html(f, v->horizon_start);
	fputs(" .. ", f);
	mc_fmt_html(f, mc_fmt_date_add(end, sizeof(end), v->horizon_start,
				       v->horizon_days - 1));
	fprintf(f, " (%d days", v->horizon_days);
	if (v->frozen_days > 0)
		fprintf(f, ", first %d frozen", v->frozen_days);
	fputs(") &middot; solver ", f);
	mc_fmt_html(f, v->lp_status);
	fprintf(f, ", %d classes, %d &times; %d LP</p>\n", v->nclasses,
		v->lp_rows, v->lp_cols);

	fputs("<div class=\"kpis\">\n", f);
	mc_html_kpi(f, mc_fmt_money(a, sizeof(a), v->cost), "plan cost");
	/* the bound and gap are of cost + stability */
	if (v->stability_cost > 0)
		mc_html_kpi(f, mc_fmt_money(a, sizeof(a), v->cost_stability),
			    "stability");
	mc_html_kpi(f, mc_fmt_money(a, sizeof(a), v->lp_bound), "LP bound");
	mc_html_kpi(f, mc_fmt_pct(a, sizeof(a), v->gap, 2), "gap");
	if (!isnan(v->cost_repair)) {
		mc_html_kpi(f, mc_fmt_money(a, sizeof(a), v->cost_repair),
			    v->round_from &&
				    strcmp(v->round_from, "published") == 0
				? "published plan kept"
				: "floor + repair");
		double mip = isnan(v->mip_gain) ? 0 : v->mip_gain;
		mc_html_kpi(f,
			    mc_fmt_money(a, sizeof(a), -mc_stats_local_gain(v)),
			    "local improvement");
		if (v->mip_stop)
			mc_html_kpi(f, mc_fmt_money(a, sizeof(a), -mip),
				    "neighbourhood MIPs");
		if (v->ot_gain > 0)
			mc_html_kpi(f, mc_fmt_money(a, sizeof(a), -v->ot_gain),
				    "overtime placed");
	}
	if (st->on_time_pct >= 0)
		mc_html_kpi(f,
			    mc_fmt_pct(a, sizeof(a), st->on_time_pct / 100, 1),
			    "on time");
	else
		mc_html_kpi(f, "-", "on time");
	if (st->fill_rate >= 0)
		mc_html_kpi(f, mc_fmt_pct(a, sizeof(a), st->fill_rate, 1),
			    "fill rate (made + planned)");
	mc_html_kpi(f, mc_fmt_int(a, sizeof(a), st->units_made), "units made");
	mc_html_kpi(f, mc_fmt_int(a, sizeof(a), st->units_planned),
		    "units planned");
	mc_html_kpi(f, mc_fmt_int(a, sizeof(a), st->units_late), "units late");
	mc_html_kpi(f, mc_fmt_int(a, sizeof(a), st->late_days), "late days");
	mc_html_kpi(f, mc_fmt_int(a, sizeof(a), st->units_unmet),
		    "units unmet");
	mc_html_kpi(f, mc_fmt_num(a, sizeof(a), st->ot_hours, 1),
		    "overtime hours");
	fputs("</div>\n", f);
}

static void cost_split(const mc_run_view *v, FILE *f)
{
	static const unsigned colours[] = {0x4e79a7, 0xf28e2b, 0x76b7b2,
					   0xe15759, 0x59a14f, 0xedc948,
					   0xb07aa1};
	const char *names[] = {"make",	  "options", "lane",	"late",
			       "holding", "unmet",   "overtime"};
	double x[] = {v->cost_make,    v->cost_options, v->cost_lane,
		      v->cost_late,    v->cost_holding, v->cost_unmet,
		      v->cost_overtime};
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	double total = 0;
	for (int i = 0; i < 7; i++)
		total += x[i] > 0 ? x[i] : 0;
	fputs("<h2>Cost split</h2>\n", f);
	fprintf(f,
		"<svg width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-label=\"cost split\">\n",
		LABEL_W + BAR_W + 20, 30 + 7 * ROW_H);
	double at = 0;
	for (int i = 0; i < 7 && total > 0; i++) {
		double w = x[i] > 0 ? BAR_W * x[i] / total : 0;
		if (w <= 0)
			continue;
		fprintf(f,
			"<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"20\" "
			"fill=\"#%06x\"><title>%s: %s (%s)</title></rect>\n",
			LABEL_W + at, w, colours[i], names[i],
			mc_fmt_money(a, sizeof(a), x[i]),
			mc_fmt_pct(b, sizeof(b), x[i] / total, 1));
		at += w;
	}
	for (int i = 0; i < 7; i++) {
		int y = 30 + i * ROW_H;
		fprintf(
		    f,
		    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" "
		    "fill=\"#%06x\"/>"
		    "<text x=\"%d\" y=\"%d\">%s</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
		    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
		    LABEL_W, y, colours[i], LABEL_W + 18, y + 10, names[i],
		    LABEL_W + 200, y + 10, mc_fmt_money(a, sizeof(a), x[i]),
		    LABEL_W + 260, y + 10,
		    total > 0 ? mc_fmt_pct(b, sizeof(b), x[i] / total, 1)
			      : "-");
	}
	fputs("</svg>\n", f);
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

static void heat_map(const mc_run_view *v, FILE *f)
{
	int days = v->horizon_days, nres = v->nresources;
	char col[16], a[MC_FMT_NUM], b[MC_FMT_NUM];
	fputs("<h2>Utilization heat map</h2>\n<p class=\"note\">Each cell is "
	      "one resource on one day: hours used over regular hours. "
	      "Grey: no hours; red outline: overtime; hover for numbers.</p>\n",
	      f);
	if (nres == 0 || days <= 0) {
		fputs("<p>no resources</p>\n", f);
		return;
	}
	int width = LABEL_W + days * CELL + 10;
	if (width < LABEL_W + 320)
		width = LABEL_W + 320; /* room for the legend */
	fprintf(f,
		"<svg width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-label=\"utilization heat map\">\n",
		width, TOP_H + nres * CELL + 30);
	day_axis(v, f);
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
	fputs("</svg>\n", f);
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
	fprintf(f, "<svg width=\"%d\" height=\"%d\" role=\"img\">\n",
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
	fputs("</svg>\n", f);
}

static void util_bars(const mc_run_view *v, const mc_run_stats *st, mc_arena *a,
		      FILE *f)
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
	fputs("<h2>Utilization over the horizon</h2>\n<p class=\"note\">Hours "
	      "used over regular hours; the dashed line is 100%.</p>\n",
	      f);
	if (n > 0)
		bars(f, labels, x, texts, n, 1.5, 1.0, 0x4e79a7);
}

static void bottlenecks(const mc_run_view *v, const mc_run_stats *st,
			mc_arena *a, FILE *f)
{
	int n = st->nhot_res;
	char m[MC_FMT_NUM], b[MC_FMT_NUM];
	fputs("<h2>Bottlenecks</h2>\n<p class=\"note\">Shadow prices: what one "
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
	fputs("<table>\n", f);
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
	fputs("</table>\n", f);
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
		"<svg width=\"%d\" height=\"%d\" role=\"img\" "
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
		"stroke=\"#ff7f0e\" stroke-width=\"2\"/>\n</svg>\n",
		supply, use);
	static const char *const cols[] = {"Date", "Received", "Used",
					   "On hand", "Value of one more"};
	static const int num[] = {0, 1, 1, 1, 1};
	fputs("<table>\n", f);
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
	fputs("</table>\n", f);
}

/* The materials that bind somewhere (their rows run by plant and
 * material, then day). */
static void materials(const mc_run_view *v, FILE *f)
{
	fputs("<h2>Materials that bind</h2>\n<p class=\"note\">Per plant: "
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

static void more_rows(FILE *f, int n)
{
	if (n > MAX_ROWS)
		fprintf(f,
			"<p class=\"note\">... and %d more (every order is "
			"in the CSV and JSON reports)</p>\n",
			n - MAX_ROWS);
}

static void order_tables(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	char m[MC_FMT_NUM];
	static const char *const lcols[] = {
	    "Order",	    "Customer",	    "Family", "Qty",
	    "Late",	    "Days",	    "Worst",  "Due",
	    "Last arrival", "On-time cost", "Reason", "Detail"};
	static const int lnum[] = {0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0};
	fprintf(f, "<h2>Late orders (%d)</h2>\n", st->nlate);
	if (st->nlate == 0)
		fputs("<p>None: every planned unit arrives by its due "
		      "date.</p>\n",
		      f);
	else {
		fputs("<table>\n", f);
		mc_html_th_row(f, lcols, lnum, 12);
		for (int i = 0; i < st->nlate && i < MAX_ROWS; i++) {
			const mc_view_order *o = &v->orders[st->late[i]];
			fputs("<tr>", f);
			mc_html_td(f, o->id, 0);
			mc_html_td(f, o->customer, 0);
			mc_html_td(f, o->family, 0);
			tdi(f, o->quantity);
			tdi(f, mc_stats_order_late(o));
			tdi(f, o->late_days);
			tdi(f, mc_stats_order_worst(o));
			mc_html_td(f, o->due, 0);
			mc_html_td(f, mc_stats_order_last(o), 0);
			mc_html_td(f, mc_stats_ontime(o, 0, m, sizeof(m)), 1);
			mc_html_td(f, o->reason, 0);
			mc_html_td(f, o->detail, 0);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
		more_rows(f, st->nlate);
		fputs("<p class=\"note\">On-time cost: what delivering the "
		      "late units on time would add to the plan cost, the "
		      "LP's marginal estimate (valid for small changes).</p>\n",
		      f);
	}

	static const char *const ucols[] = {"Order", "Customer", "Family",
					    "Qty",   "Unmet",	 "Penalty",
					    "Due",   "Reason",	 "Detail"};
	static const int unum[] = {0, 0, 0, 1, 1, 1, 0, 0, 0};
	fprintf(f, "<h2>Unmet orders (%d)</h2>\n", st->nunmet);
	if (st->nunmet == 0)
		fputs("<p>None: every ordered unit is planned.</p>\n", f);
	else {
		fputs("<table>\n", f);
		mc_html_th_row(f, ucols, unum, 9);
		for (int i = 0; i < st->nunmet && i < MAX_ROWS; i++) {
			const mc_view_order *o = &v->orders[st->unmet[i]];
			fputs("<tr>", f);
			mc_html_td(f, o->id, 0);
			mc_html_td(f, o->customer, 0);
			mc_html_td(f, o->family, 0);
			tdi(f, o->quantity);
			tdi(f, o->unmet);
			mc_html_td(f,
				   mc_fmt_money(m, sizeof(m),
						o->unmet * o->unmet_penalty),
				   1);
			mc_html_td(f, o->due, 0);
			mc_html_td(f, o->reason, 0);
			mc_html_td(f, o->detail, 0);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
		more_rows(f, st->nunmet);
	}
}

/* The night: what was kept from the published plan, made, in conflict,
 * and what moved and why (plan runs with a published plan to hold to). */
static void night(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	static const char *const ccols[] = {"Conflict", "Detail"};
	static const char *const mcols[] = {"From day", "From plant",
					    "To plant", "Units"};
	static const int cnum[] = {0, 0}, mnum[] = {0, 0, 0, 1};
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	if (v->committed_to <= 0)
		return;
	fprintf(f, "<h2>Night: against published run %lld</h2>\n",
		(long long)v->committed_to);
	fprintf(f,
		"<p class=\"note\">%d unit%s of the first %d day%s kept "
		"exactly as published%s; %d unit%s made on the floor, out "
		"of the plan. %d of %d published units still ordered moved "
		"(%s).</p>\n",
		v->units_frozen, v->units_frozen == 1 ? "" : "s",
		v->frozen_days, v->frozen_days == 1 ? "" : "s",
		v->frozen_ok ? "" : " (<b>not every one</b>)", v->units_done,
		v->units_done == 1 ? "" : "s", v->units_moved,
		v->units_persisting,
		mc_fmt_pct(a, sizeof(a), st->moved_share, 1));
	if (!isnan(v->stability_price))
		fprintf(
		    f,
		    "<p class=\"note\">Holding the plan (stability cost %s "
		    "a unit moved) added %s to the LP optimum's cost.</p>\n",
		    mc_fmt_money(a, sizeof(a), v->stability_cost),
		    mc_fmt_money(b, sizeof(b), v->stability_price));
	fputs("<table>\n", f);
	for (int k = 0; k < MC_NCAUSES; k++) {
		if (!st->moved_by[k])
			continue;
		fputs("<tr>", f);
		tdi(f, st->moved_by[k]);
		fputs("<td>", f);
		mc_fmt_html(f, mc_move_causes[k]);
		mc_fmt_html(f, mc_stats_move_note(k));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (v->nconflicts) {
		fputs("<table>\n", f);
		mc_html_th_row(f, ccols, cnum, 2);
		for (int i = 0; i < v->nconflicts; i++) {
			fputs("<tr>", f);
			mc_html_td(f, v->conflicts[i].what, 0);
			mc_html_td(f, v->conflicts[i].detail, 0);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (!st->nmove_rows)
		return;
	fputs("<table>\n", f);
	mc_html_th_row(f, mcols, mnum, 4);
	int shown = st->nmove_rows < 50 ? st->nmove_rows : 50;
	for (int i = 0; i < shown; i++) {
		const mc_view_move *mv = &st->move_rows[i];
		fputs("<tr>", f);
		mc_html_td(f, mv->from_day, 0);
		mc_html_td(f, mv->from_plant ? mv->from_plant : "-", 0);
		mc_html_td(f, mv->to_plant ? mv->to_plant : "(unmet)", 0);
		tdi(f, mv->units);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (st->nmove_rows > shown)
		fprintf(f,
			"<p class=\"note\">... and %d more (every move is in "
			"the JSON report)</p>\n",
			st->nmove_rows - shown);
}

static void inputs(const mc_run_view *v, FILE *f)
{
	static const char *const cols[] = {"Role", "Path", "Digest"};
	static const int num[] = {0, 0, 0};
	fputs("<h2>Inputs</h2>\n<table>\n", f);
	mc_html_th_row(f, cols, num, 3);
	for (int i = 0; i < v->ninputs; i++) {
		fputs("<tr>", f);
		mc_html_td(f, v->inputs[i].role, 0);
		mc_html_td(f, v->inputs[i].path, 0);
		mc_html_td(f, v->inputs[i].digest, 0);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

void mc_html_write(const mc_run_view *v, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	mc_stats_compute(v, a, &st);
	header(v, &st, a, f);
	cost_split(v, f);
	night(v, &st, f);
	heat_map(v, f);
	util_bars(v, &st, a, f);
	bottlenecks(v, &st, a, f);
	materials(v, f);
	order_tables(v, &st, f);
	inputs(v, f);
	mc_html_end(f);
	mc_arena_free(a);
}
