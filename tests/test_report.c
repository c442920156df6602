/*
 * test_report.c - report writers on the tiny hand-built run: golden files
 * for text, JSON, CSV and the runs table (tests/expected/), structural
 * checks for HTML, and the width / number helpers they stand on.
 *
 * Runs with cwd = tests/.  MCSCHED_UPDATE_GOLDEN=1 rewrites the golden
 * files; on a mismatch the actual output is left in tmp/<name> for diff.
 */
#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "model.h"
#include "report.h"
#include "store.h"
#include "support.h"
#include "table.h"

#include "fixtures/store/tiny.h"

#include <criterion/criterion.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1795572000.0 /* 2026-11-25T02:00:00Z */

/* A store in a fresh directory under tmp/ holding the tiny plan (run 1)
 * and, when whatif is set, a what-if on it (run 2). */
struct fixture {
	char dir[64], path[96];
	mc_arena *a;
	mc_store *s;
	mc_run_view v;
};

static void fixture_open(struct fixture *fx, const tiny_order *ords, int n,
			 int whatif)
{
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	int64_t id;
	char *dir = support_tmpdir("report");
	snprintf(fx->dir, sizeof(fx->dir), "%s", dir);
	free(dir);
	snprintf(fx->path, sizeof(fx->path), "%s/mc.db", fx->dir);
	fx->a = mc_arena_new();
	cr_assert_eq(mc_store_open(fx->path, &fx->s, &d), 0);
	tiny_build(fx->a, ords, n, &m, &p);
	/* SO-1002's late unit, on time, would push a unit of its class off
	 * SH-AS1 on 2026-11-25 (42.50 an hour, one hour a sofa) */
	if (n > 1)
		p.orders[1].ontime_cost = 42.5;
	mc_run_meta meta = {.kind = "plan",
			    .started = T0,
			    .finished = T0 + 7.25,
			    .t_load = 0.125,
			    .frozen_days = 2};
	cr_assert_eq(mc_store_save_run(fx->s, &m, &p, &meta, &id, &d), 0);
	if (whatif) {
		mc_run_meta wm = {.kind = "whatif",
				  .base_run = id,
				  .scenario = "rush-and-outage",
				  .started = T0 + 3600,
				  .finished = T0 + 3602.5,
				  .t_load = 0.125,
				  .changes =
				      "resource GZ-AS1: 0 h on 2026-11-27\n"
				      "order SO-1002 withdrawn"};
		int64_t wid;
		cr_assert_eq(mc_store_save_run(fx->s, &m, &p, &wm, &wid, &d),
			     0);
	}
	cr_assert_eq(mc_store_load_run(fx->s, id, fx->a, &fx->v, &d), 0);
	mc_diag_release(&d);
}

static void fixture_close(struct fixture *fx)
{
	char p[160];
	static const char *const ext[] = {"", "-wal", "-shm"};
	mc_store_close(fx->s);
	mc_arena_free(fx->a);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", fx->path, ext[i]);
		unlink(p);
	}
	rmdir(fx->dir);
}

/* The report of v in format as a heap string. */
static char *render(const mc_run_view *v, const char *format)
{
	char *buf = NULL;
	size_t len = 0;
	mc_diag d = MC_DIAG_INIT;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	int rc = mc_report_write(v, format, f, &d);
	cr_assert_eq(rc, 0, "%s", d.n ? d.v[0].msg : "?");
	fclose(f);
	mc_diag_release(&d);
	return buf;
}

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot write '%s'", path);
	fputs(text, f);
	fclose(f);
}

/* Compares text with tests/expected/<name>. */
static void golden(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "expected/%s", name);
	const char *update = getenv("MCSCHED_UPDATE_GOLDEN");
	if (update && *update && strcmp(update, "0") != 0) {
		spit(path, text);
		return;
	}
	char *want = support_read(path);
	cr_assert_not_null(want, "missing golden file tests/%s", path);
	if (strcmp(want, text) != 0) {
		char actual[256];
		snprintf(actual, sizeof(actual), "tmp/%s", name);
		mkdir("tmp", 0777);
		spit(actual, text);
		free(want);
		cr_assert_fail("output differs from tests/%s; see "
			       "diff -u tests/%s tests/%s",
			       path, path, actual);
	}
	free(want);
}

Test(report, text_golden)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	char *text = render(&fx.v, "text");
	golden("report_tiny.txt", text);
	/* deterministic */
	char *again = render(&fx.v, "text");
	cr_assert_str_eq(again, text);
	/* no trailing blanks on any line */
	cr_assert_null(strstr(text, " \n"));
	free(again);
	free(text);
	fixture_close(&fx);
}

Test(report, json_golden)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	char *text = render(&fx.v, "json");
	golden("report_tiny.json", text);
	free(text);
	fixture_close(&fx);
}

Test(report, csv_golden)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	char *text = render(&fx.v, "csv");
	golden("report_tiny.csv", text);
	/* a customer with a comma is quoted */
	cr_assert_not_null(strstr(text, ",\"Müller, Hans\","));
	free(text);
	fixture_close(&fx);
}

Test(report, runs_golden)
{
	struct fixture fx;
	mc_diag d = MC_DIAG_INIT;
	mc_run_row *rows;
	int n;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 1);
	cr_assert_eq(mc_store_list_runs(fx.s, fx.a, &rows, &n, &d), 0);
	cr_assert_eq(n, 2);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mc_report_runs(rows, n, 0, f);
	fclose(f);
	golden("runs_tiny.txt", buf);
	free(buf);

	/* the what-if's own text header */
	mc_run_view w;
	cr_assert_eq(mc_store_load_run(fx.s, 2, fx.a, &w, &d), 0);
	char *text = render(&w, "text");
	cr_assert_not_null(strstr(text, "MCSCHED WHAT-IF RUN 2\n"));
	cr_assert_not_null(strstr(text, "\nKind         what-if on run 1, "
					"scenario 'rush-and-outage'\n"));
	free(text);
	mc_diag_release(&d);
	fixture_close(&fx);
}

Test(report, html_self_contained)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	char *html = render(&fx.v, "html");
	cr_assert_eq(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
	size_t len = strlen(html);
	cr_assert(len > 20 && strcmp(html + len - 8, "</html>\n") == 0);
	cr_assert_not_null(strstr(html, "<meta charset=\"utf-8\">"));
	cr_assert_not_null(strstr(html, "aria-label=\"utilization heat map\""));
	cr_assert_not_null(strstr(html, "aria-label=\"cost split\""));
	/* no external assets: one script, inline */
	cr_assert_null(strstr(html, "http://"));
	cr_assert_null(strstr(html, "https://"));
	cr_assert_null(strstr(html, "src="));
	cr_assert_null(strstr(html, "<link"));
	const char *script = strstr(html, "<script>");
	cr_assert_not_null(script);
	cr_assert_null(strstr(script + 1, "<script"));
	/* the order a planner reads it: state and service, what needs
	 * action, then capacity, and the solver's figures near the end;
	 * the table of contents names every section */
	const char *state = "<p class=\"state\">State: <b class=\"pub\">"
			    "published</b>";
	const char *order[] = {state,
			       "<nav class=\"toc\"",
			       "<h2 id=\"service\">",
			       "<h2 id=\"late\">Late (1)</h2>",
			       "<h2 id=\"unmet\">Unmet (2)</h2>",
			       "<h2 id=\"night\">",
			       "<h2 id=\"capacity\">",
			       "<h2 id=\"bottlenecks\">",
			       "<h2 id=\"materials\">",
			       "<h2 id=\"cost\">",
			       "<h2 id=\"solver\">",
			       "<h2 id=\"inputs\">"};
	const char *at = html;
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		const char *p = strstr(at, order[i]);
		cr_assert_not_null(p, "'%s' missing or out of order", order[i]);
		at = p;
	}
	const char *toc = strstr(html, "<nav class=\"toc\"");
	const char *toc_end = strstr(toc, "</nav>");
	for (const char *h = html; (h = strstr(h, "<h2 id=\"")); h++) {
		char href[64];
		snprintf(href, sizeof(href), "<a href=\"#%.*s\"",
			 (int)strcspn(h + 8, "\""), h + 8);
		const char *l = strstr(toc, href);
		cr_assert(l && l < toc_end, "the contents lack %s", href);
	}
	/* the late and unmet tables sort and filter; an order's id is one
	 * link that marks its units */
	cr_assert_not_null(strstr(html, "<table class=\"sort\" "
					"id=\"late-orders\""));
	cr_assert_not_null(strstr(html, "<table class=\"sort\" "
					"id=\"unmet-orders\""));
	cr_assert_not_null(strstr(html, "<td><a class=\"o\" "
					"href=\"#timeline\" "
					"data-o=\"SO-1002\">SO-1002</a></td>"));
	/* one heat-map cell per resource-day, overtime outlined */
	int cells = 0;
	for (const char *p = html; (p = strstr(p, "\"><title>GZ-")); p++)
		cells++;
	cr_assert_eq(cells, 2 * TINY_DAYS);
	/* its two frozen days marked */
	int frozen_marks = 0;
	for (const char *p = html; (p = strstr(p, "<title>frozen</title>"));
	     p++)
		frozen_marks++;
	cr_assert_eq(frozen_marks, 2);
	cr_assert_not_null(strstr(html, "SH-AS1 2026-11-25: 1.5 of 1.0 h, "
					"overtime 0.5 h, one more hour saves "
					"42.50"));
	/* the timeline: one unit per planned unit, each with its order;
	 * the two frozen days shaded, SH-AS1's overtime day outlined */
	const char *tl = strstr(html, "<table class=\"tl\"");
	cr_assert_not_null(tl);
	const char *tl_end = strstr(tl, "</table>");
	int units = 0, want = 0;
	for (const char *p = tl; (p = strstr(p, "<i class=\"f")) && p < tl_end;
	     p++)
		units++;
	for (int i = 0; i < fx.v.nallocs; i++)
		want += fx.v.allocs[i].units;
	cr_assert_eq(units, want);
	cr_assert_not_null(strstr(tl, "data-o=\"SO-1002\" title=\"SO-1002"));
	int frozen = 0;
	for (const char *p = tl;
	     (p = strstr(p, "<th class=\"fz\">")) && p < tl_end; p++)
		frozen++;
	cr_assert_eq(frozen, 2);
	cr_assert_not_null(strstr(tl, "<td class=\"fz ot\" title=\"overtime "
				      "0.5 h\">"));
	/* text is escaped, UTF-8 kept */
	cr_assert_not_null(strstr(html, "<td class=\"w\">王小明</td>"));
	char *again = render(&fx.v, "html");
	cr_assert_str_eq(again, html);
	free(again);
	free(html);
	fixture_close(&fx);
}

Test(report, empty_run)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, 0, 0);
	char *text = render(&fx.v, "text");
	cr_assert_not_null(strstr(text, "Orders      0: 0 in full"));
	cr_assert_not_null(strstr(text, "On time     - (no units planned)"));
	cr_assert_not_null(strstr(text, "LATE ORDERS (0)\n  none"));
	cr_assert_not_null(strstr(text, "UNMET ORDERS (0)\n  none"));
	free(text);
	for (int i = 1; i < 4; i++) {
		static const char *const fmts[] = {"text", "csv", "json",
						   "html"};
		free(render(&fx.v, fmts[i]));
	}
	fixture_close(&fx);
}

/* A late order whose on-time cost is not a number shows the kind of its
 * note in text, HTML and CSV, and the whole note in JSON. */
Test(report, ontime_note_shown)
{
	struct fixture fx;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	fx.v.orders[1].ontime_cost = NAN;
	fx.v.orders[1].ontime_note = "impossible: earliest arrival too late";
	char *text = render(&fx.v, "text");
	cr_assert_not_null(strstr(text, "2026-11-27    impossible\n"), "%s",
			   text);
	free(text);
	char *html = render(&fx.v, "html");
	cr_assert_not_null(strstr(html, "<td class=\"n\">impossible</td>"));
	free(html);
	char *csv = render(&fx.v, "csv");
	cr_assert_not_null(strstr(csv, ",2026-11-27,1,impossible,0\n"), "%s",
			   csv);
	free(csv);
	char *json = render(&fx.v, "json");
	cr_assert_not_null(strstr(json, "\"ontime_cost\": null, "
					"\"ontime_note\": \"impossible: "
					"earliest arrival too late\""));
	free(json);
	fixture_close(&fx);
}

Test(report, long_lists_are_capped)
{
	tiny_order many[MC_REPORT_MAX_ORDERS + 5];
	char ids[MC_REPORT_MAX_ORDERS + 5][16];
	for (int i = 0; i < MC_REPORT_MAX_ORDERS + 5; i++) {
		many[i] = TINY_ORDERS[2]; /* partly unmet */
		snprintf(ids[i], sizeof(ids[i]), "SO-%04d", i);
		many[i].id = ids[i];
		many[i].quantity = 2 + i % 3;
	}
	struct fixture fx;
	fixture_open(&fx, many, MC_REPORT_MAX_ORDERS + 5, 0);
	char *text = render(&fx.v, "text");
	cr_assert_not_null(strstr(text, "UNMET ORDERS (20)\n"));
	cr_assert_not_null(strstr(text, "\n  ... and 5 more\n"));
	/* unmet = 1 + i % 3: most unmet first, ties in input order; the
	 * last two shown have one unit unmet */
	const char *a = strstr(text, "SO-0002 "), *b = strstr(text, "SO-0017 ");
	const char *c = strstr(text, "SO-0001 "), *e = strstr(text, "SO-0003 ");
	cr_assert(a && b && c && e);
	cr_assert(a < b && b < c && c < e);
	cr_assert_null(strstr(text, "SO-0006 "));
	free(text);
	fixture_close(&fx);
}

Test(report, unknown_format)
{
	struct fixture fx;
	mc_diag d = MC_DIAG_INIT;
	fixture_open(&fx, TINY_ORDERS, TINY_NORDERS, 0);
	cr_assert_eq(mc_report_write(&fx.v, "jsn", stdout, &d), -1);
	cr_assert_eq(d.status, MC_EUSAGE);
	cr_assert_str_eq(d.v[0].msg,
			 "unknown report format 'jsn' (did you mean 'json'?)");
	mc_diag_clear(&d);
	cr_assert_eq(mc_report_write(&fx.v, "pdf", stdout, &d), -1);
	cr_assert_str_eq(d.v[0].msg,
			 "unknown report format 'pdf' (expected text, csv, "
			 "json, html, xlsx, dispatch or dispatch-html)");
	mc_diag_release(&d);
	fixture_close(&fx);
}

Test(report, display_width)
{
	char buf[64];
	cr_assert_eq(mc_table_width("SO-1001"), 7);
	cr_assert_eq(mc_table_width("陈女士"), 6);
	cr_assert_eq(mc_table_width("Müller"), 6);
	cr_assert_eq(mc_table_width("ＡＢ"), 4); /* fullwidth */
	cr_assert_eq(mc_table_width(""), 0);
	cr_assert_eq(mc_table_width(NULL), 0);
	cr_assert_str_eq(
	    mc_table_fit(buf, sizeof(buf), "深圳市宝安区某某家具", 10),
	    "深圳市...");
	cr_assert_str_eq(mc_table_fit(buf, sizeof(buf), "abc", 10), "abc");
	cr_assert_str_eq(mc_table_fit(buf, sizeof(buf), "abcdefghijkl", 8),
			 "abcde...");

	mc_table *t = mc_table_new(3);
	mc_table_col(t, 0, "Name", MC_LEFT, 0);
	mc_table_col(t, 1, "Qty", MC_RIGHT, 0);
	mc_table_col(t, 2, "Note", MC_LEFT, 0);
	mc_table_cell(t, "陈女士");
	mc_table_cell(t, "%d", 12);
	mc_table_cell(t, "x");
	mc_table_cell(t, "Li");
	mc_table_cell(t, "%d", 3);
	mc_table_cell(t, NULL);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	mc_table_print(t, f, 1);
	fclose(f);
	cr_assert_str_eq(out, " Name    Qty  Note\n"
			      " ------  ---  ----\n"
			      " 陈女士   12  x\n"
			      " Li        3\n");
	free(out);
	mc_table_free(t);
}

Test(report, number_format)
{
	char b[MC_FMT_NUM];
	cr_assert_str_eq(mc_fmt_money(b, sizeof(b), 1234567.891),
			 "1,234,567.89");
	cr_assert_str_eq(mc_fmt_money(b, sizeof(b), -1234.5), "-1,234.50");
	cr_assert_str_eq(mc_fmt_money(b, sizeof(b), -0.001), "0.00");
	cr_assert_str_eq(mc_fmt_money(b, sizeof(b), 999.999), "1,000.00");
	cr_assert_str_eq(mc_fmt_int(b, sizeof(b), 100000), "100,000");
	cr_assert_str_eq(mc_fmt_int(b, sizeof(b), 12), "12");
	cr_assert_str_eq(mc_fmt_pct(b, sizeof(b), 0.12345, 1), "12.3%");
	cr_assert_str_eq(mc_fmt_date_add(b, sizeof(b), "2026-12-30", 3),
			 "2027-01-02");
}
