/*
 * test_xlsx.c - `report --format xlsx` read back as Excel would: the
 * workbook is unzipped (Debian unzip), its sheets, frozen header rows,
 * number formats and cells are read from the XML and checked against the
 * JSON and CSV reports of the same run.  And `report --bom`.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The samples planned into a fresh directory, with the xlsx, JSON and CSV
 * reports of the run written there. */
static char *reports(void)
{
	char *dir = support_tmpdir("xlsx");
	free(support_plan_samples(dir));
	static const char *const fmt[] = {"xlsx", "json", "csv"};
	for (int i = 0; i < 3; i++)
		cr_assert_eq(support_run_in(dir,
					    "report latest --db %s/mc.db "
					    "--format %s --out %s/r.%s",
					    dir, fmt[i], dir, fmt[i]),
			     0, "report --format %s", fmt[i]);
	return dir;
}

/* One member of the workbook, malloc'ed. */
static char *member(const char *dir, const char *name)
{
	cr_assert_eq(
	    support_sh("unzip -p %s/r.xlsx %s >%s/member", dir, name, dir), 0,
	    "no %s in the workbook", name);
	return support_read_in(dir, "member");
}

/* The text of XML element content s..e with the five entities decoded. */
static char *xml_text(const char *s, const char *e)
{
	char *out = malloc((size_t)(e - s) + 1), *o = out;
	static const char *const ent[][2] = {{"&amp;", "&"},
					     {"&lt;", "<"},
					     {"&gt;", ">"},
					     {"&quot;", "\""},
					     {"&apos;", "'"}};
	while (s < e) {
		int done = 0;
		for (int i = 0; i < 5 && !done; i++)
			if (strncmp(s, ent[i][0], strlen(ent[i][0])) == 0) {
				*o++ = ent[i][1][0];
				s += strlen(ent[i][0]);
				done = 1;
			}
		if (!done)
			*o++ = *s++;
	}
	*o = 0;
	return out;
}

/* The shared strings, in order. */
typedef struct sst {
	char **s;
	int n;
} sst;

static sst read_sst(const char *dir)
{
	char *x = member(dir, "xl/sharedStrings.xml");
	sst t = {NULL, 0};
	for (const char *p = x; (p = strstr(p, "<si>"));) {
		const char *a = strstr(p, "<t");
		a = strchr(a, '>') + 1;
		const char *e = strstr(a, "</t>");
		t.s = realloc(t.s, sizeof(char *) * (size_t)(t.n + 1));
		t.s[t.n++] = xml_text(a, e);
		p = e;
	}
	free(x);
	return t;
}

/* The cell ref ("B9") of a sheet's XML: its text (a shared string looked
 * up) into buf and its style index in *style; 0 when there is no such
 * cell. */
static int cell(const char *xml, const sst *t, const char *ref, char *buf,
		size_t n, int *style)
{
	char key[32];
	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	const char *c = strstr(xml, key);
	if (!c)
		return 0;
	const char *end = strstr(c, "</c>"), *close = strchr(c, '>');
	const char *s = strstr(c, " s=\"");
	*style = s && s < close ? atoi(s + 4) : 0;
	const char *ty = strstr(c, " t=\"s\"");
	const char *v = strstr(c, "<v>");
	if (!v || v > end)
		return 0;
	v += 3;
	char num[64];
	snprintf(num, sizeof(num), "%.*s", (int)(strstr(v, "</v>") - v), v);
	if (ty && ty < close) {
		int i = atoi(num);
		cr_assert(i >= 0 && i < t->n);
		snprintf(buf, n, "%s", t->s[i]);
	} else
		snprintf(buf, n, "%s", num);
	return 1;
}

/* The number format code of style index k (cellXfs), "General" for 0. */
static char *format_of(const char *styles, int k)
{
	const char *xfs = strstr(styles, "<cellXfs");
	cr_assert_not_null(xfs);
	const char *xf = xfs;
	for (int i = 0; i <= k; i++) {
		xf = strstr(xf + 1, "<xf ");
		cr_assert_not_null(xf);
	}
	int id = atoi(strstr(xf, "numFmtId=\"") + 10);
	if (id == 0)
		return strdup("General");
	char key[64];
	snprintf(key, sizeof(key), "<numFmt numFmtId=\"%d\" formatCode=\"", id);
	const char *f = strstr(styles, key);
	cr_assert_not_null(f, "no numFmt %d", id);
	f += strlen(key);
	return xml_text(f, strchr(f, '"'));
}

/* A number of the JSON report: the value after "key": (first one). */
static double json_num(const char *json, const char *key)
{
	char k[64];
	snprintf(k, sizeof(k), "\"%s\": ", key);
	const char *p = strstr(json, k);
	cr_assert_not_null(p, "no %s in the JSON", key);
	return atof(p + strlen(k));
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (; (s = strstr(s, what)); s++)
		n++;
	return n;
}

Test(xlsx, sheets_cells_and_formats, .timeout = 60)
{
	char *dir = reports();
	char *wbx = member(dir, "xl/workbook.xml");
	static const char *const names[] = {
	    "Summary", "Plan", "Late", "Unmet", "Utilization", "Bottlenecks"};
	const char *p = wbx;
	for (int i = 0; i < 6; i++) {
		char want[64];
		snprintf(want, sizeof(want), "<sheet name=\"%s\"", names[i]);
		p = strstr(p, want);
		cr_assert_not_null(p, "sheet %s missing or out of order",
				   names[i]);
	}
	free(wbx);
	sst t = read_sst(dir);
	char *styles = member(dir, "xl/styles.xml");
	char *json = support_read_in(dir, "r.json");
	char *csv = support_read_in(dir, "r.csv");
	char buf[256], name[64];
	int st;
	/* the sheets in the order a planner reads them */
	char *book = member(dir, "xl/workbook.xml");
	const char *sheets[] = {
	    "Summary",	   "Plan",     "Late",	      "Unmet",	   "Night",
	    "Utilization", "Capacity", "Bottlenecks", "Materials", "Dispatch"};
	const char *at = book;
	for (size_t i = 0; i < sizeof(sheets) / sizeof(*sheets); i++) {
		snprintf(name, sizeof(name), "<sheet name=\"%s\"", sheets[i]);
		const char *sh = strstr(at, name);
		cr_assert_not_null(sh, "no sheet %s (or out of order)",
				   sheets[i]);
		at = sh;
	}
	free(book);
	for (int i = 1; i <= 10; i++) {
		snprintf(name, sizeof(name), "xl/worksheets/sheet%d.xml", i);
		char *x = member(dir, name);
		/* a frozen header row and its autofilter */
		cr_assert_not_null(strstr(x, "<pane ySplit=\"1\" topLeftCell="
					     "\"A2\" activePane=\"bottomLeft\" "
					     "state=\"frozen\"/>"),
				   "%s", name);
		cr_assert_not_null(strstr(x, "<autoFilter ref=\"A1:"), "%s",
				   name);
		/* header cells are bold strings */
		cr_assert(cell(x, &t, "A1", buf, sizeof(buf), &st));
		cr_assert_gt(st, 0);
		free(x);
	}

	/* Summary: facts against the JSON report, with their formats */
	char *sum = member(dir, "xl/worksheets/sheet1.xml");
	struct {
		const char *label, *json_key, *format;
	} facts[] = {
	    {"plan cost", "plan", "#,##0.00"},
	    {"LP bound", "lp_bound", "#,##0.00"},
	    {"gap", "gap", "0.0%"},
	    {"units planned", "units_planned", "#,##0"},
	    {"units unmet", "units_unmet", "#,##0"},
	    {"units made", "units_made", "#,##0"},
	    {"fill rate", "fill_rate", "0.0%"},
	    {"units late", "units_late", "#,##0"},
	};
	for (size_t f = 0; f < sizeof(facts) / sizeof(*facts); f++) {
		int found = 0;
		for (int r = 2; r < 40 && !found; r++) {
			char ref[16];
			snprintf(ref, sizeof(ref), "A%d", r);
			if (!cell(sum, &t, ref, buf, sizeof(buf), &st) ||
			    strcmp(buf, facts[f].label) != 0)
				continue;
			snprintf(ref, sizeof(ref), "B%d", r);
			cr_assert(cell(sum, &t, ref, buf, sizeof(buf), &st));
			double want = json_num(json, facts[f].json_key);
			cr_assert_float_eq(atof(buf), want,
					   1e-9 * (1 + fabs(want)), "%s: %s",
					   facts[f].label, buf);
			char *code = format_of(styles, st);
			cr_assert_str_eq(code, facts[f].format, "%s",
					 facts[f].label);
			free(code);
			found = 1;
		}
		cr_assert(found, "no %s in Summary", facts[f].label);
	}
	/* horizon start: the Excel date of 2026-11-25 (days since
	 * 1899-12-30), formatted as a date */
	cr_assert(cell(sum, &t, "A8", buf, sizeof(buf), &st));
	cr_assert_str_eq(buf, "horizon start");
	cr_assert(cell(sum, &t, "B8", buf, sizeof(buf), &st));
	cr_assert_str_eq(buf, "46351");
	char *code = format_of(styles, st);
	cr_assert_str_eq(code, "yyyy-mm-dd");
	free(code);
	free(sum);

	/* Plan: a row per CSV row, the same orders in the same order */
	char *plan = member(dir, "xl/worksheets/sheet2.xml");
	int rows = count(plan, "<row ");
	cr_assert_eq(rows, count(csv, "\n"), "plan rows %d, csv lines %d", rows,
		     count(csv, "\n"));
	char order[64];
	const char *line2 = strchr(csv, '\n') + 1;
	cr_assert_eq(sscanf(line2, "%*[^,],%63[^,]", order), 1);
	cr_assert(cell(plan, &t, "A2", buf, sizeof(buf), &st));
	cr_assert_str_eq(buf, order);
	cr_assert(cell(plan, &t, "J2", buf, sizeof(buf), &st));
	code = format_of(styles, st);
	cr_assert_str_eq(code, "yyyy-mm-dd");
	free(code);
	free(plan);

	/* Late and Unmet: every such order, not 15 */
	char *late = member(dir, "xl/worksheets/sheet3.xml");
	char *unmet = member(dir, "xl/worksheets/sheet4.xml");
	cr_assert_eq(support_run_in(dir, "report latest --db %s/mc.db", dir),
		     0);
	char *text = support_read_in(dir, "out.txt");
	int nlate = atoi(strstr(text, "LATE ORDERS (") + 13);
	int nunmet = atoi(strstr(text, "UNMET ORDERS (") + 14);
	cr_assert_gt(nlate, 15, "the samples have many late orders");
	cr_assert_eq(count(late, "<row ") - 1, nlate);
	cr_assert_eq(count(unmet, "<row ") - 1, nunmet);
	free(text);
	free(late);
	free(unmet);

	/* Utilization: a row per resource with a percent; Bottlenecks:
	 * shadow prices as money */
	char *util = member(dir, "xl/worksheets/sheet6.xml");
	cr_assert_eq(count(util, "<row ") - 1, 21, "21 resources");
	cr_assert(cell(util, &t, "F2", buf, sizeof(buf), &st));
	code = format_of(styles, st);
	cr_assert_str_eq(code, "0.0%");
	free(code);
	free(util);
	char *bn = member(dir, "xl/worksheets/sheet8.xml");
	cr_assert_gt(count(bn, "<row "), 2);
	cr_assert(cell(bn, &t, "E2", buf, sizeof(buf), &st));
	cr_assert_gt(atof(buf), 0);
	free(bn);

	/* Capacity: a row per resource-day (21 resources, 28 days);
	 * Dispatch: a row per planned unit, as the JSON counts them */
	char *cap = member(dir, "xl/worksheets/sheet7.xml");
	cr_assert_eq(count(cap, "<row ") - 1, 21 * 28);
	free(cap);
	char *disp = member(dir, "xl/worksheets/sheet10.xml");
	cr_assert_eq(count(disp, "<row ") - 1,
		     (int)json_num(json, "units_planned"));
	free(disp);

	for (int i = 0; i < t.n; i++)
		free(t.s[i]);
	free(t.s);
	free(styles);
	free(json);
	free(csv);
	free(dir);
}

Test(xlsx, bad_uses, .timeout = 60)
{
	char *dir = reports();
	/* to standard output: refused, it is a file format */
	cr_assert_eq(support_run_in(
			 dir, "report latest --db %s/mc.db --format xlsx", dir),
		     1);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "give --out FILE.xlsx"), "%s", err);
	free(err);
	/* into a directory: refused, and nothing replaced */
	cr_assert_eq(support_run_in(dir,
				    "report latest --db %s/mc.db --format xlsx "
				    "--out %s",
				    dir, dir),
		     2);
	/* --bom with another format */
	cr_assert_eq(support_run_in(dir,
				    "report latest --db %s/mc.db --format json "
				    "--bom",
				    dir),
		     1);
	free(dir);
}

Test(xlsx, csv_bom, .timeout = 60)
{
	char *dir = reports();
	cr_assert_eq(support_run_in(dir,
				    "report latest --db %s/mc.db --format csv "
				    "--bom --out %s/bom.csv",
				    dir, dir),
		     0);
	char *bom = support_read_in(dir, "bom.csv");
	char *plain = support_read_in(dir, "r.csv");
	cr_assert_eq(memcmp(bom, "\xEF\xBB\xBF", 3), 0);
	cr_assert_str_eq(bom + 3, plain);
	free(bom);
	cr_assert_eq(support_run_in(dir,
				    "report latest --db %s/mc.db --format csv "
				    "--bom",
				    dir),
		     0);
	bom = support_read_in(dir, "out.txt");
	cr_assert_eq(memcmp(bom, "\xEF\xBB\xBF", 3), 0);
	cr_assert_str_eq(bom + 3, plain);
	free(bom);
	free(plain);
	free(dir);
}
