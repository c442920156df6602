/*
 * html.c - the self-contained HTML report (see html.h).
 *
 * Memory: a scratch arena for the derived figures, freed before returning.
 */
#include "html.h"
#include "tolerance.h"

#include "banner.h"
#include "date.h"
#include "dispatch.h"
#include "fmt.h"
#include "report.h"
#include "stats.h"

#include <assert.h>
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
    "*{box-sizing:border-box}"
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;"
    "padding:0 24px 24px;max-width:1400px;color:#222}"
    "h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:28px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px;scroll-margin-top:44px}"
    ".facts{color:#555;margin:0 0 12px}"
    ".kpis{display:flex;flex-wrap:wrap;gap:10px}"
    ".kpi{border:1px solid #ddd;border-radius:6px;padding:8px 12px;"
    "min-width:120px}.kpi b{display:block;font-size:20px}"
    ".kpi span{color:#666;font-size:12px}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;margin:6px 0}"
    "th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;"
    "vertical-align:top}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}td.id,.nw{white-space:nowrap}"
    "th{background:#f6f6f6}svg text{font:11px system-ui,sans-serif}"
    ".note{color:#666}svg text.month{font-weight:bold}"
    "svg text.we{fill:#999}"
    ".banner{border:2px solid #c0392b;background:#fdecea;color:#7b1d12;"
    "border-radius:6px;padding:8px 12px;margin:8px 0;font-weight:bold}"
    ".banner.note{border-color:#d4a017;background:#fff8e1;color:#5c4300}"
    "@media (max-width:700px){body{padding:0 8px 16px;font-size:13px}"
    "th,td{padding:2px 5px}.kpi{min-width:0;flex:1 1 40%}"
    "h2{scroll-margin-top:64px}}";

/* What the morning report adds to the shared sheet: the sticky table of
 * contents, the state line, sortable and filterable tables (cells stay
 * on one line but for long texts, class w), the compact solver table,
 * and a print sheet without the controls. */
static const char *const REPORT_CSS =
    "nav.toc{position:sticky;top:0;z-index:5;background:#fff;"
    "border-bottom:1px solid #ddd;padding:6px 0;display:flex;"
    "flex-wrap:wrap;gap:2px 14px;font-size:13px}"
    "nav.toc a{color:#1f5fa8;text-decoration:none;white-space:nowrap}"
    "nav.toc a:hover{text-decoration:underline}"
    ".state{font-size:16px;margin:6px 0}.state b.pub{color:#1e7b34}"
    ".state b.held{color:#b02a1b}.state b.what{color:#5c4300}"
    ".kpi.bad b{color:#b02a1b}.kpi.good b{color:#1e7b34}"
    "td{white-space:nowrap}td.w{white-space:normal;min-width:12em}"
    "input.filter{margin:6px 0 2px;padding:3px 6px;font:inherit;"
    "width:18em;max-width:100%}"
    "th.s{cursor:pointer;user-select:none;white-space:nowrap}"
    "th.s:after{content:' \\2195';color:#aaa}"
    "th.s[aria-sort=ascending]:after{content:' \\25B2';color:#333}"
    "th.s[aria-sort=descending]:after{content:' \\25BC';color:#333}"
    "table.solver{font-size:12px;color:#444}"
    "table.solver td{padding:1px 10px 1px 0;border:0}"
    "a.o{color:inherit;text-decoration:underline dotted;cursor:pointer}"
    "@media print{nav.toc,input.filter{display:none}"
    ".scroll{overflow:visible}h2{break-after:avoid}}";

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

/* Every page has the viewport of the device's width: a phone shows it
 * at its own width (the sheet's narrow rules), not zoomed out. */
static void begin(FILE *f, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	      "content=\"width=device-width,initial-scale=1\">\n",
	      f);
	fputs("<title>", f);
	mc_fmt_html(f, title);
	fprintf(f, "</title>\n<style>%s%s</style>\n</head>\n<body>\n", CSS,
		extra_css ? extra_css : "");
}

void mc_html_begin(FILE *f, const char *title, const char *extra_css)
{
	begin(f, title, extra_css);
}

void mc_html_begin_mobile(FILE *f, const char *title, const char *extra_css)
{
	begin(f, title, extra_css);
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

/* The sections of the page, in the order a planner reads them, for the
 * table of contents: id and title. */
static const char *const SECTIONS[][2] = {
    {"service", "Service"},	{"late", "Late"},
    {"unmet", "Unmet"},		{"promises", "Promises"},
    {"night", "Tonight"},	{"timeline", "Timeline"},
    {"capacity", "Capacity"},	{"bottlenecks", "Bottlenecks"},
    {"materials", "Materials"}, {"cost", "Cost"},
    {"solver", "Solver"},	{"inputs", "Inputs"}};
#define NSECTIONS ((int)(sizeof(SECTIONS) / sizeof(*SECTIONS)))

/* An <h2> opening section `id` (one of SECTIONS), with text after the
 * title (escaped, NULL none). */
static void section(FILE *f, const char *id, const char *more)
{
	for (int i = 0; i < NSECTIONS; i++)
		if (strcmp(SECTIONS[i][0], id) == 0) {
			fprintf(f, "<h2 id=\"%s\">%s", id, SECTIONS[i][1]);
			if (more) {
				fputc(' ', f);
				mc_fmt_html(f, more);
			}
			fputs("</h2>\n", f);
			return;
		}
	assert(!"a section not in SECTIONS");
}

/* A sortable, filterable table (the page's script adds the filter box
 * and sorts on a click on a heading): its label, header row and the
 * opening of its body.  table_end() closes it. */
static void table_begin(FILE *f, const char *id, const char *label,
			const char *const *cols, const int *num, int n)
{
	fprintf(f,
		"<div class=\"scroll\"><table class=\"sort\" id=\"%s\" "
		"aria-label=\"%s\"><thead><tr>",
		id, label);
	for (int i = 0; i < n; i++) {
		fputs(num[i] ? "<th class=\"s n\">" : "<th class=\"s\">", f);
		mc_fmt_html(f, cols[i]);
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
}

static void table_end(FILE *f)
{
	fputs("</tbody></table></div>\n", f);
}

/* A cell of long text that may wrap. */
static void td_wrap(FILE *f, const char *s)
{
	fputs("<td class=\"w\">", f);
	mc_fmt_html(f, s && *s ? s : "-");
	fputs("</td>", f);
}

/* An order's id as a cell: a click shows its units on the timeline. */
static void td_order(FILE *f, const char *id)
{
	fputs("<td><a class=\"o\" href=\"#timeline\" data-o=\"", f);
	mc_fmt_html(f, id);
	fputs("\">", f);
	mc_fmt_html(f, id);
	fputs("</a></td>", f);
}

/* The title, the kept-back banner, the plan's state and the run's
 * facts, then the table of contents. */
static void header(const mc_run_view *v, mc_arena *ar, FILE *f)
{
	char end[16];
	int whatif = strcmp(v->kind, "whatif") == 0;
	char title[64];
	snprintf(title, sizeof(title), "mcsched %s run %" PRId64,
		 whatif ? "what-if" : "plan", v->id);
	mc_html_begin(f, title, REPORT_CSS);
	fprintf(f, "<h1>%s run %" PRId64 " ", whatif ? "What-if" : "Plan",
		v->id);
	mc_fmt_html(f, v->enterprise);
	fputs("</h1>\n", f);
	banner(v, ar, f);

	const char *state = v->state ? v->state
				     : mc_store_run_state(v->kind, v->published,
							  v->hold_reason);
	const char *cls = strcmp(state, "published") == 0   ? "pub"
			  : strcmp(state, "kept back") == 0 ? "held"
							    : "what";
	fprintf(f, "<p class=\"state\">State: <b class=\"%s\">", cls);
	mc_fmt_html(f, state);
	fputs("</b>", f);
	if (v->hold_reason) {
		fputs(" &middot; kept back because ", f);
		mc_fmt_html(f, v->hold_reason);
	} else if (!v->published && !whatif)
		fputs(" &middot; not the plan the floor works to", f);
	fputs("</p>\n<p class=\"facts\">", f);
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
		fputs("<br>", f);
	}
	fputs("horizon ", f);
	mc_fmt_html(f, v->horizon_start);
	fputs(" .. ", f);
	mc_fmt_html(f, mc_fmt_date_add(end, sizeof(end), v->horizon_start,
				       v->horizon_days - 1));
	fprintf(f, " (%d days", v->horizon_days);
	if (v->frozen_days > 0)
		fprintf(f, ", first %d frozen", v->frozen_days);
	fputs(") &middot; started ", f);
	mc_fmt_html(f, v->started);
	fputs(" &middot; status ", f);
	mc_fmt_html(f, v->status);
	fputs("</p>\n<nav class=\"toc\" aria-label=\"contents\">", f);
	for (int i = 0; i < NSECTIONS; i++)
		fprintf(f, "<a href=\"#%s\">%s</a>", SECTIONS[i][0],
			SECTIONS[i][1]);
	fputs("</nav>\n", f);
}

/* A KPI card marked good or bad (cls NULL: neither). */
static void kpi(FILE *f, const char *value, const char *label, const char *cls)
{
	fprintf(f, "<div class=\"kpi%s%s\"><b>", cls ? " " : "",
		cls ? cls : "");
	mc_fmt_html(f, value);
	fputs("</b><span>", f);
	mc_fmt_html(f, label);
	fputs("</span></div>\n", f);
}

/* The service KPIs: on time, late, unmet, made, planned, and the plan
 * cost. */
static void service(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	char a[MC_FMT_NUM];
	section(f, "service", NULL);
	fputs("<div class=\"kpis\">\n", f);
	if (st->on_time_pct >= 0)
		kpi(f, mc_fmt_pct(a, sizeof(a), st->on_time_pct / 100, 1),
		    "on time", NULL);
	else
		kpi(f, "-", "on time", NULL);
	kpi(f, mc_fmt_int(a, sizeof(a), st->units_late), "units late",
	    st->units_late ? "bad" : "good");
	kpi(f, mc_fmt_int(a, sizeof(a), st->late_days), "late days", NULL);
	kpi(f, mc_fmt_int(a, sizeof(a), st->units_unmet), "units unmet",
	    st->units_unmet ? "bad" : "good");
	kpi(f, mc_fmt_int(a, sizeof(a), st->units_made), "units made", NULL);
	kpi(f, mc_fmt_int(a, sizeof(a), st->units_planned), "units planned",
	    NULL);
	if (st->fill_rate >= 0)
		kpi(f, mc_fmt_pct(a, sizeof(a), st->fill_rate, 1),
		    "fill rate (made + planned)", NULL);
	kpi(f, mc_fmt_num(a, sizeof(a), st->ot_hours, 1), "overtime hours",
	    NULL);
	kpi(f, mc_fmt_money(a, sizeof(a), v->cost), "plan cost", NULL);
	fputs("</div>\n", f);
}

/* The solver's figures, compact: a row each. */
static void solver(const mc_run_view *v, FILE *f)
{
	char a[MC_FMT_NUM];
	section(f, "solver", NULL);
	fputs("<table class=\"solver\">\n<tr><td>LP</td><td>", f);
	mc_fmt_html(f, v->lp_status);
	fprintf(f,
		", %d classes, %d &times; %d</td></tr>\n<tr><td>elapsed</td>"
		"<td>%.1f s</td></tr>\n",
		v->nclasses, v->lp_rows, v->lp_cols, v->elapsed);
	fprintf(f, "<tr><td>LP bound</td><td>%s</td></tr>\n",
		mc_fmt_money(a, sizeof(a), v->lp_bound));
	fprintf(f, "<tr><td>gap</td><td>%s</td></tr>\n",
		mc_fmt_pct(a, sizeof(a), v->gap, 2));
	/* the bound and gap are of cost + stability */
	if (v->stability_cost > 0)
		fprintf(f, "<tr><td>stability</td><td>%s</td></tr>\n",
			mc_fmt_money(a, sizeof(a), v->cost_stability));
	if (!isnan(v->cost_repair)) {
		fprintf(f, "<tr><td>%s</td><td>%s</td></tr>\n",
			v->round_from && strcmp(v->round_from, "published") == 0
			    ? "published plan kept"
			    : "floor + repair",
			mc_fmt_money(a, sizeof(a), v->cost_repair));
		fprintf(f, "<tr><td>local improvement</td><td>%s</td></tr>\n",
			mc_fmt_money(a, sizeof(a), -mc_stats_local_gain(v)));
		if (v->mip_stop)
			fprintf(f,
				"<tr><td>neighbourhood MIPs</td><td>%s</td>"
				"</tr>\n",
				mc_fmt_money(
				    a, sizeof(a),
				    isnan(v->mip_gain) ? 0 : -v->mip_gain));
		if (v->ot_gain > 0)
			fprintf(f,
				"<tr><td>overtime placed</td><td>%s</td>"
				"</tr>\n",
				mc_fmt_money(a, sizeof(a), -v->ot_gain));
	}
	fputs("</table>\n", f);
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
	section(f, "cost", "split");
	fprintf(f,
		"<div class=\"scroll\"><svg width=\"%d\" height=\"%d\" "
		"role=\"img\" "
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
	fputs("</svg></div>\n", f);
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
	section(f, "capacity", "by resource and day");
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
	fputs("<h3>Utilization over the horizon</h3>\n<p class=\"note\">Hours "
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
	section(f, "bottlenecks", NULL);
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
static void materials(const mc_run_view *v, FILE *f)
{
	section(f, "materials", "that bind");
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
static void timeline(const mc_run_view *v, mc_arena *a, FILE *f)
{
	int days = v->horizon_days, nres = v->nresources;
	char x[MC_FMT_NUM];
	section(f, "timeline", "by resource and day");
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

static void more_rows(FILE *f, int n)
{
	if (n > MAX_ROWS)
		fprintf(f,
			"<p class=\"note\">... and %d more (every order is "
			"in the CSV and JSON reports)</p>\n",
			n - MAX_ROWS);
}

/* What needs action: the late orders, most severe first, with their
 * reasons and on-time cost. */
static void late_orders(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	char m[MC_FMT_NUM], n[32];
	static const char *const cols[] = {
	    "Order",	    "Customer",	    "Family", "Qty",
	    "Late",	    "Days",	    "Worst",  "Due",
	    "Last arrival", "On-time cost", "Reason", "Detail"};
	static const int num[] = {0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0};
	snprintf(n, sizeof(n), "(%d)", st->nlate);
	section(f, "late", n);
	if (st->nlate == 0) {
		fputs("<p>None: every planned unit arrives by its due "
		      "date.</p>\n",
		      f);
		return;
	}
	table_begin(f, "late-orders", "late orders", cols, num, 12);
	for (int i = 0; i < st->nlate && i < MAX_ROWS; i++) {
		const mc_view_order *o = &v->orders[st->late[i]];
		fputs("<tr>", f);
		td_order(f, o->id);
		td_wrap(f, o->customer);
		mc_html_td(f, o->family, 0);
		tdi(f, o->quantity);
		tdi(f, mc_stats_order_late(o));
		tdi(f, o->late_days);
		tdi(f, mc_stats_order_worst(o));
		mc_html_td(f, o->due, 0);
		mc_html_td(f, mc_stats_order_last(o), 0);
		mc_html_td(f, mc_stats_ontime(o, 0, m, sizeof(m)), 1);
		mc_html_td(f, o->reason, 0);
		td_wrap(f, o->detail);
		fputs("</tr>\n", f);
	}
	table_end(f);
	more_rows(f, st->nlate);
	fputs("<p class=\"note\">On-time cost: what delivering the late units "
	      "on time would add to the plan cost, the LP's marginal "
	      "estimate (valid for small changes).</p>\n",
	      f);
}

static void unmet_orders(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	char m[MC_FMT_NUM], n[32];
	static const char *const cols[] = {"Order", "Customer", "Family",
					   "Qty",   "Unmet",	"Penalty",
					   "Due",   "Reason",	"Detail"};
	static const int num[] = {0, 0, 0, 1, 1, 1, 0, 0, 0};
	snprintf(n, sizeof(n), "(%d)", st->nunmet);
	section(f, "unmet", n);
	if (st->nunmet == 0) {
		fputs("<p>None: every ordered unit is planned.</p>\n", f);
		return;
	}
	table_begin(f, "unmet-orders", "unmet orders", cols, num, 9);
	for (int i = 0; i < st->nunmet && i < MAX_ROWS; i++) {
		const mc_view_order *o = &v->orders[st->unmet[i]];
		fputs("<tr>", f);
		td_order(f, o->id);
		td_wrap(f, o->customer);
		mc_html_td(f, o->family, 0);
		tdi(f, o->quantity);
		tdi(f, o->unmet);
		mc_html_td(
		    f, mc_fmt_money(m, sizeof(m), o->unmet * o->unmet_penalty),
		    1);
		mc_html_td(f, o->due, 0);
		mc_html_td(f, o->reason, 0);
		td_wrap(f, o->detail);
		fputs("</tr>\n", f);
	}
	table_end(f);
	more_rows(f, st->nunmet);
}

/* The promises the run read (mcsched promise): how many it keeps, and
 * each it does not with the reason. */
static void promises(const mc_run_stats *st, FILE *f)
{
	static const char *const cols[] = {"Promise", "Order", "Promised",
					   "Arrives", "Why"};
	static const int num[] = {1, 0, 0, 0, 0};
	char n[64];
	int missed = st->npromises - st->promises_kept, shown = 0;
	snprintf(n, sizeof(n), "(%d of %d kept)", st->promises_kept,
		 st->npromises);
	section(f, "promises", st->npromises ? n : NULL);
	if (!st->npromises) {
		fputs("<p>None: the run read no promises.</p>\n", f);
		return;
	}
	if (!missed) {
		fputs("<p>Every promise kept: each order's last unit arrives "
		      "by its promised date.</p>\n",
		      f);
		return;
	}
	table_begin(f, "missed-promises", "promises missed", cols, num, 5);
	for (int i = 0; i < st->npromises && shown < MAX_ROWS; i++) {
		const mc_promise_kept *k = &st->promises[i];
		if (k->kept)
			continue;
		fputs("<tr>", f);
		tdi(f, k->p->id);
		td_order(f, k->p->order);
		mc_html_td(f, k->p->promised, 0);
		mc_html_td(f, k->arrive ? k->arrive : "-", 0);
		td_wrap(f, k->why);
		fputs("</tr>\n", f);
		shown++;
	}
	table_end(f);
	more_rows(f, missed);
}

/* "DG-HUMEN 2026-11-26" (or "unmet") into buf. */
static const char *place(char *buf, size_t n, const char *plant,
			 const char *day)
{
	if (!plant && !day)
		snprintf(buf, n, "unmet");
	else
		snprintf(buf, n, "%s %s", plant ? plant : "-", day ? day : "-");
	return buf;
}

/* What changed tonight: what was kept from the published plan, made, in
 * conflict, and each move with its order, units by identifier, from
 * where to where and why (plan runs with a published plan to hold
 * to). */
static void night(const mc_run_view *v, const mc_run_stats *st, FILE *f)
{
	static const char *const ccols[] = {"Conflict", "Detail"};
	static const char *const mcols[] = {"Order", "Units", "Identifiers",
					    "From",  "To",    "Cause"};
	static const int cnum[] = {0, 0}, mnum[] = {0, 1, 0, 0, 0, 0};
	char a[MC_FMT_NUM], b[MC_FMT_NUM], from[64], to[64];
	if (v->committed_to <= 0) {
		section(f, "night", NULL);
		fputs("<p>Nothing to compare: no published plan to hold to "
		      "when this run was planned.</p>\n",
		      f);
		return;
	}
	snprintf(from, sizeof(from), "against published run %lld",
		 (long long)v->committed_to);
	section(f, "night", from);
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
	fputs("<div class=\"scroll\"><table>\n", f);
	for (int k = 0; k < MC_NCAUSES; k++) {
		if (!st->moved_by[k])
			continue;
		fputs("<tr>", f);
		tdi(f, st->moved_by[k]);
		fputs("<td class=\"w\">", f);
		mc_fmt_html(f, mc_move_causes[k]);
		mc_fmt_html(f, mc_stats_move_note(k));
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (v->nconflicts) {
		table_begin(f, "conflicts", "conflicts", ccols, cnum, 2);
		for (int i = 0; i < v->nconflicts; i++) {
			fputs("<tr>", f);
			mc_html_td(f, v->conflicts[i].what, 0);
			td_wrap(f, v->conflicts[i].detail);
			fputs("</tr>\n", f);
		}
		table_end(f);
	}
	if (!v->nmoves)
		return;
	table_begin(f, "moves", "moves", mcols, mnum, 6);
	int shown = v->nmoves < MAX_ROWS ? v->nmoves : MAX_ROWS;
	for (int i = 0; i < shown; i++) {
		const mc_view_move *mv = &v->moves[i];
		fputs("<tr>", f);
		td_order(f, mv->order);
		tdi(f, mv->units);
		fputs("<td class=\"w\">", f);
		for (int j = st->move_at[i]; j < st->move_at[i + 1]; j++) {
			if (j > st->move_at[i])
				fputs(", ", f);
			fputs("<span class=\"nw\">", f);
			mc_fmt_html(f, st->move_unit[j]->identifier);
			fputs("</span>", f);
		}
		fputs(st->move_at[i + 1] > st->move_at[i] ? "</td>" : "-</td>",
		      f);
		mc_html_td(
		    f, place(from, sizeof(from), mv->from_plant, mv->from_day),
		    0);
		mc_html_td(f, place(to, sizeof(to), mv->to_plant, mv->to_day),
			   0);
		td_wrap(f, mv->cause);
		fputs("</tr>\n", f);
	}
	table_end(f);
	if (v->nmoves > shown)
		fprintf(f,
			"<p class=\"note\">... and %d more (every move is in "
			"the JSON report and the xlsx Night sheet)</p>\n",
			v->nmoves - shown);
}

static void inputs(const mc_run_view *v, FILE *f)
{
	static const char *const cols[] = {"Role", "Path", "Digest"};
	static const int num[] = {0, 0, 0};
	section(f, "inputs", NULL);
	table_begin(f, "inputs-t", "inputs", cols, num, 3);
	for (int i = 0; i < v->ninputs; i++) {
		fputs("<tr>", f);
		mc_html_td(f, v->inputs[i].role, 0);
		td_wrap(f, v->inputs[i].path);
		mc_html_td(f, v->inputs[i].digest, 0);
		fputs("</tr>\n", f);
	}
	table_end(f);
}

/* The page's one script (inline, nothing fetched): a filter box above
 * every sortable table that hides the rows without the text typed, a
 * click on a heading sorts by that column (numbers as numbers, again
 * to reverse), and a click on an order marks its units on the
 * timeline.  Without it the page is the same, unsorted. */
static const char *const SCRIPT =
    "(function(){"
    "function key(c){var t=c.textContent.trim(),n=t.replace(/[,%]/g,'');"
    "return n!==''&&!isNaN(n)?+n:t.toLowerCase();}"
    "function cmp(a,b){if(typeof a===typeof b)return a<b?-1:a>b?1:0;"
    "return typeof a==='number'?-1:1;}"
    "document.querySelectorAll('table.sort').forEach(function(t){"
    "var b=t.tBodies[0],box=t.parentNode,i=document.createElement('input');"
    "i.type='search';i.className='filter';"
    "i.placeholder='filter '+t.getAttribute('aria-label');"
    "i.setAttribute('aria-label',i.placeholder);"
    "box.parentNode.insertBefore(i,box);"
    "i.addEventListener('input',function(){var q=i.value.toLowerCase();"
    "Array.prototype.forEach.call(b.rows,function(r){"
    "r.hidden=q!==''&&r.textContent.toLowerCase().indexOf(q)<0;});});"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h,k){"
    "h.tabIndex=0;function go(){"
    "var up=h.getAttribute('aria-sort')!=='ascending';"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(o){"
    "o.removeAttribute('aria-sort');});"
    "h.setAttribute('aria-sort',up?'ascending':'descending');"
    "var r=Array.prototype.slice.call(b.rows);"
    "r.sort(function(x,y){var c=cmp(key(x.cells[k]),key(y.cells[k]));"
    "return up?c:-c;});r.forEach(function(x){b.appendChild(x);});}"
    "h.addEventListener('click',go);"
    "h.addEventListener('keydown',function(e){if(e.key==='Enter')go();});"
    "});});"
    "function mark(o){var n=0,first=null;"
    "document.querySelectorAll('.tl .hl').forEach(function(e){"
    "e.classList.remove('hl');});"
    "document.querySelectorAll('.tl [data-o]').forEach(function(e){"
    "if(e.getAttribute('data-o')===o){e.classList.add('hl');n++;"
    "first=first||e;}});var s=document.getElementById('tl-sel');"
    "if(s)s.textContent=o+': '+n+(n===1?' unit':' units')+' marked';"
    "return first;}"
    "document.addEventListener('click',function(e){"
    "var a=e.target.closest('[data-o]');if(!a)return;"
    "var first=mark(a.getAttribute('data-o'));"
    "if(first&&!a.closest('.tl')){e.preventDefault();"
    "first.scrollIntoView({block:'center',inline:'center'});}});"
    "})();";

void mc_html_write(const mc_run_view *v, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_run_stats st;
	mc_stats_compute(v, a, &st);
	header(v, a, f);
	service(v, &st, f);
	late_orders(v, &st, f);
	unmet_orders(v, &st, f);
	promises(&st, f);
	night(v, &st, f);
	timeline(v, a, f);
	heat_map(v, f);
	util_bars(v, &st, a, f);
	bottlenecks(v, &st, a, f);
	materials(v, f);
	cost_split(v, f);
	solver(v, f);
	inputs(v, f);
	fprintf(f, "<script>%s</script>\n", SCRIPT);
	mc_html_end(f);
	mc_arena_free(a);
}
