/*
 * html.c - the self-contained HTML report (see html.h).
 *
 * Memory: a scratch arena for the derived figures, freed before returning.
 */
#include "html.h"
#include "html_charts.h"
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

#define MAX_ROWS 200 /* longest order table; the rest is in CSV / JSON */

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
void mc_html_section(FILE *f, const char *id, const char *more)
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
	mc_html_section(f, "service", NULL);
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
	mc_html_section(f, "solver", NULL);
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
	mc_html_section(f, "cost", "split");
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
	mc_html_section(f, "late", n);
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
	mc_html_section(f, "unmet", n);
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
	mc_html_section(f, "promises", st->npromises ? n : NULL);
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
		mc_html_section(f, "night", NULL);
		fputs("<p>Nothing to compare: no published plan to hold to "
		      "when this run was planned.</p>\n",
		      f);
		return;
	}
	snprintf(from, sizeof(from), "against published run %lld",
		 (long long)v->committed_to);
	mc_html_section(f, "night", from);
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
	mc_html_section(f, "inputs", NULL);
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
	mc_html_timeline(v, a, f);
	mc_html_heat_map(v, f);
	mc_html_util_bars(v, &st, a, f);
	mc_html_bottlenecks(v, &st, a, f);
	mc_html_materials(v, f);
	cost_split(v, f);
	solver(v, f);
	inputs(v, f);
	fprintf(f, "<script>%s</script>\n", SCRIPT);
	mc_html_end(f);
	mc_arena_free(a);
}
