/*
 * test_compare.c - `mcsched compare` on a hand-made pair of runs whose
 * differences are known (tests/fixtures/compare/): C withdrawn, E new, D
 * grown 2 -> 5, and P1's only resource AS1 down on the first two days, so
 * that A (which may be late) goes late, F (which may not) moves to P2 and
 * G (which may not, and P2 is down on its day) goes unmet.  B changes
 * nothing.  The changed orders, their kinds and reasons are checked
 * exactly through the API; then every format through the command line,
 * the --out protections, bad arguments, the samples with a test bench
 * down, and the HTML page as a person sees it, in headless Chromium.
 *
 * Runs with cwd = tests/ and MCSCHED = the binary under test; databases
 * and outputs go under tests/tmp/, the Chromium screenshot to
 * ../build/screens/compare.png.
 */
#include "arena.h"
#include "compare.h"
#include "diag.h"
#include "store.h"
#include "support.h"

#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX	"fixtures/compare"
#define SAMPLES "../data/samples"

/* The customers of the fixture: never in any output of compare. */
static const char *const customers[] = {"陈女士", "script", "Müller", "王小明",
					"李雷",	  "韩梅梅", "张伟"};

/* Plans run 1 (plants1, orders1) and run 2 (plants2, orders2) of the
 * fixture into dir/c.db; returns the database path. */
static char *two_runs(const char *dir)
{
	char *db = support_path(dir, "c.db");
	for (int i = 1; i <= 2; i++)
		cr_assert_eq(support_sh("%s plan -q -c %s/catalog.yaml -p "
					"%s/plants%d.yaml -o %s/orders%d.yaml "
					"--db %s >%s/plan%d.txt 2>&1",
					support_bin(), FIX, FIX, i, FIX, i, db,
					dir, i),
			     0, "plan %d failed: see %s/plan%d.txt", i, dir, i);
	return db;
}

/* Runs `mcsched compare ARGS` with stdout to dir/out.txt; returns the exit
 * status, and the output in *out (malloc'ed) when out is not NULL. */
static int compare(const char *dir, char **out, const char *args)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	int st = support_run(path, "compare %s", args);
	if (out) {
		*out = support_read(path);
		cr_assert_not_null(*out);
	}
	return st;
}

static char *err_of(const char *dir)
{
	char *s = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(s);
	return s;
}

static void no_customers(const char *text, const char *what)
{
	for (size_t i = 0; i < sizeof(customers) / sizeof(*customers); i++)
		cr_assert_null(strstr(text, customers[i]),
			       "%s shows the customer '%s'", what,
			       customers[i]);
}

/* The runs of db, loaded from a (the store is closed again). */
static void load_runs(const char *db, const int64_t *ids, int n, mc_arena *a,
		      mc_run_view *v)
{
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = support_store_open(db);
	for (int i = 0; i < n; i++)
		cr_assert_eq(mc_store_load_run(s, ids[i], a, &v[i], &d), 0,
			     "%s", d.n ? d.v[0].msg : "?");
	mc_store_close(s);
	mc_diag_release(&d);
}

static const mc_cmp_res *res_named(const mc_cmp_pair *pr, const char *id)
{
	for (int i = 0; i < pr->nres; i++)
		if (strcmp(pr->res[i].id, id) == 0)
			return &pr->res[i];
	cr_assert_fail("no resource %s in the comparison", id);
	return NULL;
}

static const mc_cmp_metric *metric_named(const mc_compare *c, const char *key)
{
	for (int m = 0; m < c->nmetrics; m++)
		if (strcmp(c->metrics[m].key, key) == 0)
			return &c->metrics[m];
	cr_assert_fail("no metric %s", key);
	return NULL;
}

#define BIT(k) (1u << (k))

/* The changed orders of run 2 against run 1, exactly: which, in which
 * order, of which kinds, with which reason; and what is not listed. */
Test(compare, changed_orders_of_the_hand_made_case, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	mc_arena *a = mc_arena_new();
	mc_run_view v[2];
	const int64_t ids[] = {1, 2};
	load_runs(db, ids, 2, a, v);
	mc_compare c;
	mc_compare_build(v, 2, a, &c);
	const mc_cmp_pair *pr = &c.pairs[0];
	cr_assert_eq(pr->ref->id, 1);
	cr_assert_eq(pr->run->id, 2);

	static const struct {
		const char *id;
		unsigned kinds;
		const char *code, *reason;
		const char *was, *now, *plants0, *plants1;
	} want[] = {
	    {"G", BIT(MC_CHG_TO_UNMET), "hours",
	     "AS1: 16.0 h fewer in the horizon (40.0 -> 24.0 h over "
	     "2026-11-25..2026-11-29)",
	     "on time", "2 unmet", "P1", NULL},
	    {"A", BIT(MC_CHG_TO_LATE) | BIT(MC_CHG_DAY), "hours",
	     "AS1: 16.0 h fewer by its due date (24.0 -> 8.0 h over "
	     "2026-11-25..2026-11-27)",
	     "on time", "3 late (1 d)", "P1", "P1"},
	    {"C", BIT(MC_CHG_REMOVED), "withdrawn", "not in run 2", "on time",
	     NULL, "P1", NULL},
	    {"E", BIT(MC_CHG_ADDED), "new", "not in run 1", NULL, "on time",
	     NULL, "P1"},
	    {"D", BIT(MC_CHG_QUANTITY), "quantity",
	     "quantity 2 -> 5; AS1: 16.0 h fewer by its due date (40.0 -> "
	     "24.0 h over 2026-11-25..2026-11-29)",
	     "on time", "on time", "P1", "P1"},
	    {"F", BIT(MC_CHG_PLANT), "hours",
	     "AS1: 16.0 h fewer by its due date (24.0 -> 8.0 h over "
	     "2026-11-25..2026-11-27)",
	     "on time", "on time", "P1", "P2"},
	};
	int n = (int)(sizeof(want) / sizeof(*want));
	cr_assert_eq(pr->norders, n, "%d changed orders, want %d", pr->norders,
		     n);
	for (int i = 0; i < n; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		cr_assert_str_eq(o->id, want[i].id, "order %d", i);
		cr_assert_eq(o->kinds, want[i].kinds, "%s: kinds %#x, want %#x",
			     o->id, o->kinds, want[i].kinds);
		cr_assert_str_eq(o->reason_code, want[i].code, "%s", o->id);
		cr_assert_str_eq(o->reason, want[i].reason, "%s", o->id);
		cr_assert_str_eq(o->family, "aircon-split");
		const char *exp[4] = {want[i].was, want[i].now, want[i].plants0,
				      want[i].plants1};
		const char *got[4] = {o->ref.outcome, o->run.outcome,
				      o->ref.plants, o->run.plants};
		for (int k = 0; k < 4; k++)
			if (exp[k])
				cr_assert(got[k] && strcmp(got[k], exp[k]) == 0,
					  "%s: field %d is '%s', want '%s'",
					  o->id, k, got[k] ? got[k] : "(null)",
					  exp[k]);
			else
				cr_assert_null(got[k], "%s: field %d", o->id,
					       k);
	}
	/* A: made on 11-26 before, 11-27 now; D grew and kept its day */
	cr_assert_str_eq(pr->orders[1].ref.first_day, "2026-11-26");
	cr_assert_str_eq(pr->orders[1].run.first_day, "2026-11-27");
	cr_assert_eq(pr->orders[4].ref.o->quantity, 2);
	cr_assert_eq(pr->orders[4].run.o->quantity, 5);
	/* counted by kind; B, unchanged, is nowhere */
	const int counts[MC_CHG_N] = {
	    [MC_CHG_TO_UNMET] = 1, [MC_CHG_TO_LATE] = 1,  [MC_CHG_REMOVED] = 1,
	    [MC_CHG_ADDED] = 1,	   [MC_CHG_QUANTITY] = 1, [MC_CHG_PLANT] = 1,
	    [MC_CHG_DAY] = 1};
	for (int k = 0; k < MC_CHG_N; k++)
		cr_assert_eq(pr->count[k], counts[k], "%s: %d",
			     mc_change_key(k), pr->count[k]);

	/* resources: AS1 lost 16 of 40 hours, AS2 now makes F's 2 units */
	const mc_cmp_res *as1 = res_named(pr, "AS1"),
			 *as2 = res_named(pr, "AS2");
	cr_assert(as1->changed && as2->changed);
	cr_assert_float_eq(as1->ref.hours, 40, 1e-9);
	cr_assert_float_eq(as1->run.hours, 24, 1e-9);
	cr_assert_float_eq(as1->ref.used, 15, 1e-9);
	cr_assert_float_eq(as1->run.used, 13, 1e-9);
	cr_assert_float_eq(as2->ref.used, 0, 1e-9);
	cr_assert_float_eq(as2->run.used, 2, 1e-9);
	cr_assert_str_eq(as1->plant, "P1");

	/* cost and service: G's 2 units unmet at 5,000 each, A's 3 units a
	 * day late at 10, F's 2 units at P2 cost 50 more each; the units
	 * made are as many (D's 3 more and E's 1 against C's 2 and G's 2) */
	const mc_cmp_metric *m = metric_named(&c, "unmet");
	cr_assert_float_eq(m->x[1] - m->x[0], 10000, 1e-6);
	m = metric_named(&c, "late");
	cr_assert_float_eq(m->x[1] - m->x[0], 30, 1e-6);
	m = metric_named(&c, "units_unmet");
	cr_assert_float_eq(m->x[0], 0, 1e-9);
	cr_assert_float_eq(m->x[1], 2, 1e-9);
	m = metric_named(&c, "plan_cost");
	cr_assert_float_eq(m->x[1] - m->x[0], 10000 + 30 + 2 * 50, 1e-6);
	cr_assert(isnan(mc_compare_rel(0, 5, MC_UNIT_MONEY)));
	cr_assert_float_eq(mc_compare_rel(4, 5, MC_UNIT_COUNT), 0.25, 1e-12);

	/* a run against itself: nothing changed */
	mc_run_view same[2] = {v[0], v[0]};
	mc_compare_build(same, 2, a, &c);
	cr_assert_eq(c.pairs[0].norders, 0);
	cr_assert_eq(c.pairs[0].nres_changed, 0);
	mc_arena_free(a);
	free(db);
	free(dir);
}

/* The widest line of text, in characters (UTF-8 continuation bytes do
 * not count). */
static int widest(const char *text)
{
	int w = 0, n = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n')
			n = 0;
		else if ((*p & 0xC0) != 0x80 && ++n > w)
			w = n;
	}
	return w;
}

/* The text for a terminal: every part, aligned tables, no customer;
 * 100 columns at most by default (long texts on a line under their
 * row), one line a row with --wide. */
Test(compare, text, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	char args[700], *out;
	static const char *const common[] = {
	    "MCSCHED COMPARE: RUN 1 (REFERENCE) WITH RUN 2\n",
	    "\nCOST (delta and % against run 1)\n",
	    "\nSERVICE (delta and % against run 1)\n",
	    "\nRUN 2 AGAINST RUN 1\n",
	    "  Resources: 2 of 2 changed",
	    "  unmet          0.00  10,000.00  +10,000.00\n",
	};
	static const char *const narrow[] = {
	    "  units unmet                                 0       2         "
	    "+2\n",
	    "  Orders whose outcome changed: 6 (planned -> unmet 1, on time "
	    "-> late 1, withdrawn 1, new 1,\n    quantity changed 1, plant "
	    "changed 1, day changed 1)\n",
	    "    AS1       40.0 -> 24.0  15.0 -> 13.0",
	    "    F      aircon-split  2       on time  on time\n"
	    "           plant changed; P1 -> P2; made 11-26",
	    "    C      aircon-split  2 -> -  on time  -\n"
	    "           withdrawn; P1 -> -; made 11-28 -> -; not in run 2\n",
	};
	static const char *const wide[] = {
	    "  Orders whose outcome changed: 6 (planned -> unmet 1, on time "
	    "-> late 1, withdrawn 1, new 1, quantity changed 1, plant "
	    "changed 1, day changed 1)\n",
	    "    AS1       P1     assembly  40.0 -> 24.0  15.0 -> 13.0",
	    "    F      aircon-split  plant changed                 2       "
	    "on time  on time       P1 -> P2  11-26",
	    "    C      aircon-split  withdrawn                     2 -> -  "
	    "on time  -             P1 -> -   11-28 -> -      not in run 2\n",
	};
	for (int w = 0; w < 2; w++) {
		snprintf(args, sizeof(args), "1 latest --db %s%s", db,
			 w ? " --wide" : "");
		cr_assert_eq(compare(dir, &out, args), 0);
		const char *const *parts = w ? wide : narrow;
		size_t n = w ? sizeof(wide) / sizeof(*wide)
			     : sizeof(narrow) / sizeof(*narrow);
		for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++)
			cr_assert_not_null(strstr(out, common[i]),
					   "text lacks '%s':\n%s", common[i],
					   out);
		for (size_t i = 0; i < n; i++)
			cr_assert_not_null(strstr(out, parts[i]),
					   "text%s lacks '%s':\n%s",
					   w ? " --wide" : "", parts[i], out);
		if (!w)
			cr_assert_leq(widest(out), 100, "%s", out);
		else
			cr_assert_gt(widest(out), 100, "%s", out);
		cr_assert_null(strstr(out, "    B  "), "B did not change:\n%s",
			       out);
		cr_assert_null(strstr(out, " \n"), "a line ends in a blank");
		no_customers(out, "text");
		free(out);
	}
	free(db);
	free(dir);
}

/* Splits one CSV line (RFC 4180) into at most max fields, unquoted into
 * buf; returns the number of fields. */
static int csv_fields(const char *line, char *buf, char **field, int max)
{
	int n = 0, q = 0;
	field[n++] = buf;
	for (const char *p = line; *p && *p != '\n'; p++) {
		if (q && *p == '"' && p[1] == '"') {
			*buf++ = '"';
			p++;
		} else if (*p == '"')
			q = !q;
		else if (*p == ',' && !q) {
			*buf++ = 0;
			if (n == max)
				return n + 1;
			field[n++] = buf;
		} else
			*buf++ = *p;
	}
	*buf = 0;
	return n;
}

/* CSV: the documented 13 columns on every line; the order rows of A. */
Test(compare, csv, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	char args[700], *out;
	snprintf(args, sizeof(args), "1 2 --db %s --format csv", db);
	cr_assert_eq(compare(dir, &out, args), 0);
	const char *head = "section,run,reference,item,plant,category,"
			   "measure,reference_value,value,delta,delta_pct,"
			   "change,reason\n";
	cr_assert_eq(strncmp(out, head, strlen(head)), 0, "%.200s", out);
	int lines = 0, a_rows = 0, sections[4] = {0};
	static const char *const names[] = {"cost", "service", "resource",
					    "order"};
	char *buf = malloc(strlen(out) + 1);
	for (const char *l = out; *l; l = strchr(l, '\n') + 1) {
		char *f[16];
		int n = csv_fields(l, buf, f, 16);
		cr_assert_eq(n, 13, "line %d has %d fields: %.200s", lines, n,
			     l);
		for (int s = 0; s < 4; s++)
			sections[s] += strcmp(f[0], names[s]) == 0;
		if (strcmp(f[0], "order") == 0 && strcmp(f[3], "A") == 0) {
			a_rows++;
			cr_assert_str_eq(f[1], "2");
			cr_assert_str_eq(f[2], "1");
			cr_assert_str_eq(f[11], "to_late day");
			cr_assert_eq(
			    strncmp(f[12], "hours: AS1: 16.0 h fewer", 24), 0,
			    "%s", f[12]);
			if (strcmp(f[6], "late_units") == 0) {
				cr_assert_str_eq(f[7], "0");
				cr_assert_str_eq(f[8], "3");
				cr_assert_str_eq(f[9], "3");
			}
			if (strcmp(f[6], "outcome") == 0)
				cr_assert_str_eq(f[8], "3 late (1 d)");
		}
		if (strcmp(f[0], "cost") == 0 && strcmp(f[3], "unmet") == 0) {
			cr_assert_str_eq(f[6], "money");
			cr_assert_str_eq(f[9], "10000");
			cr_assert_str_eq(f[10], "",
					 "no relative change from 0");
		}
		lines++;
		if (!strchr(l, '\n'))
			break;
	}
	free(buf);
	cr_assert_eq(sections[0], 10);
	cr_assert_eq(sections[1], 14);
	cr_assert_eq(sections[2], 2 * 7);
	cr_assert_eq(sections[3], 6 * 13);
	cr_assert_eq(a_rows, 13);
	no_customers(out, "CSV");
	free(out);
	free(db);
	free(dir);
}

/* JSON: valid, versioned, stable keys; three runs give two comparisons. */
Test(compare, json, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	char args[700], *out;
	snprintf(args, sizeof(args), "1 2 published --db %s --format json", db);
	cr_assert_eq(compare(dir, &out, args), 0);
	cr_assert(support_json_valid(out), "not JSON:\n%s", out);
	const char *parts[] = {
	    "{\n  \"format_version\": 2,\n  \"reference\": 1,\n  \"runs\": [",
	    "\"role\": \"reference\"",
	    "{\"key\": \"unmet\", \"unit\": \"money\", \"values\": [0, 10000, "
	    "10000], \"delta\": [0, 10000, 10000], \"delta_pct\": [null, null, "
	    "null]}",
	    "\"run\": 2,\n      \"reference\": 1,",
	    "\"run\": 2,\n      \"reference\": 1,",
	    "{\"order\": \"F\", \"family\": \"aircon-split\", \"changes\": "
	    "[\"plant\"], \"reason_code\": \"hours\"",
	    "\"order_counts\": {\"changed\": 6, \"to_unmet\": 1, \"to_late\": "
	    "1, \"removed\": 1, \"added\": 1, \"quantity\": 1, \"plant\": 1, "
	    "\"day\": 1, \"to_planned\": 0, \"to_on_time\": 0}",
	    "\"values\": {\"quantity\": 5, \"due\": \"2026-11-29\"",
	    "\"comparisons\": [",
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
		cr_assert_not_null(strstr(out, parts[i]), "JSON lacks '%s'",
				   parts[i]);
	/* run 2 is the published plan: the third run is run 2 again */
	const char *second = strstr(out, "\"run\": 2,\n      \"reference\"");
	cr_assert_not_null(
	    strstr(second + 1, "\"run\": 2,\n      \"reference\""),
	    "published is not compared");
	no_customers(out, "JSON");
	free(out);
	free(db);
	free(dir);
}

/* HTML: one self-contained page, the two charts, escaped, no customer,
 * the same bytes every time. */
Test(compare, html, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	char args[700], *out, *again;
	snprintf(args, sizeof(args), "1 2 --db %s --format html", db);
	cr_assert_eq(compare(dir, &out, args), 0);
	cr_assert_eq(compare(dir, &again, args), 0);
	cr_assert_str_eq(out, again, "two renders differ");
	const char *parts[] = {"<!DOCTYPE html>",
			       "<meta charset=\"utf-8\">",
			       "<style>",
			       "aria-label=\"cost delta chart\"",
			       "aria-label=\"utilization delta chart\"",
			       "<table class=\"orders\">",
			       "<table class=\"resources\">",
			       "<table class=\"cost\">",
			       "<table class=\"service\">",
			       "P1</span> &rarr; <span class=\"nw\">P2</span>",
			       "on time &rarr; late",
			       "</html>\n"};
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
		cr_assert_not_null(strstr(out, parts[i]), "HTML lacks '%s'",
				   parts[i]);
	const char *never[] = {"<script", "<link",    "<img",	 "src=",
			       "http://", "https://", "@import", "url("};
	for (size_t i = 0; i < sizeof(never) / sizeof(*never); i++)
		cr_assert_null(strstr(out, never[i]), "HTML holds '%s'",
			       never[i]);
	no_customers(out, "HTML");
	free(out);
	free(again);
	free(db);
	free(dir);
}

/* --out: the same bytes as standard output; never the database; never a
 * device or a directory; a bad format or a missing folder leaves what is
 * there as it was. */
Test(compare, out_whole_or_not_at_all, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	char args[900], *out, *err;
	char *keep = support_write(dir, "c.json", "yesterday's compare\n");
	snprintf(args, sizeof(args), "1 2 --db %s --format jsn --out %s", db,
		 keep);
	cr_assert_eq(compare(dir, NULL, args), 1);
	err = err_of(dir);
	cr_assert_not_null(strstr(err, "did you mean 'json'?"), "%s", err);
	free(err);
	char *still = support_read(keep);
	cr_assert_str_eq(still, "yesterday's compare\n");
	free(still);

	snprintf(args, sizeof(args), "1 2 --db %s --format json", db);
	cr_assert_eq(compare(dir, &out, args), 0);
	snprintf(args, sizeof(args), "1 2 --db %s --format json --out %s", db,
		 keep);
	cr_assert_eq(compare(dir, NULL, args), 0);
	still = support_read(keep);
	cr_assert_str_eq(still, out, "--out differs from standard output");
	free(still);
	free(out);

	char *dump0 = NULL;
	{
		mc_store *s = support_store_open(db);
		dump0 = support_store_dump(s);
		mc_store_close(s);
	}
	static const struct {
		const char *out;
		const char *msg;
	} bad[] = {
	    {"{DB}", "': it is the database '"},
	    {"{DB}-wal", "': it is the database '"},
	    {"/dev/null", "'/dev/null': not a regular file"},
	    {"{T}", "': not a regular file"},
	    {"{T}/no/dir/c.html", "unable to write '"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char path[700];
		if (strncmp(bad[i].out, "{DB}", 4) == 0)
			snprintf(path, sizeof(path), "%s%s", db,
				 bad[i].out + 4);
		else if (strncmp(bad[i].out, "{T}", 3) == 0)
			snprintf(path, sizeof(path), "%s%s", dir,
				 bad[i].out + 3);
		else
			snprintf(path, sizeof(path), "%s", bad[i].out);
		snprintf(args, sizeof(args),
			 "1 2 --db %s --format html --out %s", db, path);
		cr_assert_eq(compare(dir, NULL, args), 2, "--out %s", path);
		err = err_of(dir);
		cr_assert_not_null(strstr(err, bad[i].msg), "--out %s: %s",
				   path, err);
		free(err);
	}
	cr_assert_eq(support_sh("ls %s | grep -q tmp-", dir), 1,
		     "a temporary file was left behind");
	mc_store *s = support_store_open(db);
	char *dump1 = support_store_dump(s);
	mc_store_close(s);
	cr_assert_str_eq(dump0, dump1, "the database changed");
	free(dump0);
	free(dump1);
	free(keep);
	free(db);
	free(dir);
}

/* Usage errors exit 1, runs or databases that are not there 4. */
Test(compare, bad_arguments, .timeout = 120)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	static const struct {
		const char *args;
		int status;
		const char *msg;
	} cases[] = {
	    {"", 1,
	     "compare takes 2 to 8 runs (numbers, 'latest' or "
	     "'published'), not 0"},
	    {"1", 1, "not 1"},
	    {"1 2 1 2 1 2 1 2 1", 1, "not 9"},
	    {"1 two", 1,
	     "bad run 'two' (expected a run number, 'latest' or "
	     "'published')"},
	    {"1 0", 1, "bad run '0'"},
	    {"1 2 --colour", 1, "unknown option '--colour'"},
	    {"1 2 --format pdf", 1, "unknown compare format 'pdf'"},
	    {"1 7", 4, "no run 7 in '"},
	    {"latest 99", 4, "no run 99 in '"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char args[800];
		snprintf(args, sizeof(args), "%s --db %s", cases[i].args, db);
		cr_assert_eq(compare(dir, NULL, args), cases[i].status,
			     "compare %s", cases[i].args);
		char *err = err_of(dir);
		cr_assert_not_null(strstr(err, cases[i].msg), "compare %s: %s",
				   cases[i].args, err);
		free(err);
	}
	/* no database: said, and none made */
	char args[800];
	snprintf(args, sizeof(args), "1 2 --db %s/typo.db", dir);
	cr_assert_eq(compare(dir, NULL, args), 4);
	char *err = err_of(dir);
	cr_assert_not_null(strstr(err, "no database '"), "%s", err);
	free(err);
	cr_assert_neq(support_sh("test -e %s/typo.db", dir), 0);
	char *out;
	cr_assert_eq(compare(dir, &out, "--help"), 0);
	cr_assert_not_null(strstr(out, "usage: mcsched compare RUN RUN"), "%s",
			   out);
	free(out);
	free(db);
	free(dir);
}

/* The samples with GZ-TST1 down three days next week: GZ-TST1 loses hours
 * and its shadow price rises; orders that go late say so. */
Test(compare, samples_with_a_test_bench_down, .timeout = 240)
{
	char *dir = support_tmpdir("compare");
	cr_assert_eq(
	    support_sh("cp %s/catalog.yaml %s/orders.yaml %s/ && sed "
		       "'/id: GZ-TST1/,/overtime/s/^\\( *\\)overtime: .*$/&\\n"
		       "\\1calendar: { 2026-11-30: 0, 2026-12-01: 0, "
		       "2026-12-02: 0 }/' %s/plants.yaml >%s/plants.yaml",
		       SAMPLES, SAMPLES, dir, SAMPLES, dir),
	    0);
	cr_assert_eq(support_sh("grep -q '2026-12-01: 0' %s/plants.yaml", dir),
		     0, "the outage is not in the copy");
	char *db = support_path(dir, "s.db");
	cr_assert_eq(support_sh("%s plan -q %s/job.yaml --db %s && %s plan -q "
				"-c %s/catalog.yaml -p %s/plants.yaml -o "
				"%s/orders.yaml --db %s",
				support_bin(), SAMPLES, db, support_bin(), dir,
				dir, dir, db),
		     0);
	mc_arena *a = mc_arena_new();
	mc_run_view v[2];
	const int64_t ids[] = {1, 2};
	load_runs(db, ids, 2, a, v);
	mc_compare c;
	mc_compare_build(v, 2, a, &c);
	const mc_cmp_pair *pr = &c.pairs[0];
	const mc_cmp_res *tst = res_named(pr, "GZ-TST1");
	cr_assert_lt(tst->run.hours, tst->ref.hours);
	cr_assert_gt(tst->run.shadow_sum, tst->ref.shadow_sum);
	int rose = 0;
	for (int i = 0; i < pr->nrose; i++) {
		rose |= pr->res[pr->rose[i]].id == tst->id;
		if (i > 0)
			cr_assert_geq(
			    pr->res[pr->rose[i - 1]].run.shadow_sum -
				pr->res[pr->rose[i - 1]].ref.shadow_sum,
			    pr->res[pr->rose[i]].run.shadow_sum -
				pr->res[pr->rose[i]].ref.shadow_sum);
	}
	cr_assert(rose, "GZ-TST1 is not among the risers");
	cr_assert_gt(pr->count[MC_CHG_TO_LATE], 0);
	int blamed = 0;
	for (int i = 0; i < pr->norders; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		cr_assert_not_null(o->reason, "%s has no reason", o->id);
		if ((o->kinds & BIT(MC_CHG_TO_LATE)) &&
		    strcmp(o->reason_code, "hours") == 0 &&
		    strstr(o->reason, "GZ-TST1"))
			blamed++;
	}
	cr_assert_gt(blamed, 0, "no late order blames GZ-TST1's hours");
	/* the orders are the same: none new, none withdrawn */
	cr_assert_eq(pr->count[MC_CHG_ADDED] + pr->count[MC_CHG_REMOVED], 0);
	mc_arena_free(a);
	free(db);
	free(dir);
}

/* The page as a person sees it: headless Chromium renders it; its DOM
 * holds both charts with their bars and the tables; the screenshot is
 * kept in build/screens/compare.png for a look. */
Test(compare, html_in_headless_chromium, .timeout = 240)
{
	char *dir = support_tmpdir("compare");
	char *db = two_runs(dir);
	cr_assert_eq(support_sh("command -v chromium >/dev/null"), 0,
		     "chromium is not installed (make deps installs it)");
	char args[900];
	snprintf(args, sizeof(args),
		 "1 2 --db %s --format html --out %s/compare.html", db, dir);
	cr_assert_eq(compare(dir, NULL, args), 0);
	cr_assert_eq(support_sh("mkdir -p ../build/screens"), 0);
	/* a profile of its own, so it runs beside any other Chromium */
	const char *flags = "--headless --no-sandbox --disable-gpu "
			    "--no-first-run --hide-scrollbars";
	cr_assert_eq(support_sh("cd %s && timeout 120 chromium %s "
				"--user-data-dir=$PWD/profile "
				"--window-size=1280,1600 "
				"--screenshot=$PWD/shot.png "
				"file://$PWD/compare.html >chromium.log 2>&1",
				dir, flags),
		     0, "chromium failed: see %s/chromium.log", dir);
	cr_assert_eq(support_sh("cd %s && timeout 120 chromium %s "
				"--user-data-dir=$PWD/profile --dump-dom "
				"file://$PWD/compare.html >dom.html "
				"2>>chromium.log",
				dir, flags),
		     0, "chromium --dump-dom failed: see %s/chromium.log", dir);
	cr_assert_eq(
	    support_sh("cp %s/shot.png ../build/screens/compare.png", dir), 0);
	char *png = support_read_in(dir, "shot.png");
	cr_assert_not_null(png);
	cr_assert_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0, "not a PNG");
	/* 1280 x 1600 (IHDR, big-endian) */
	const unsigned char *ihdr = (const unsigned char *)png + 16;
	cr_assert_eq((ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3]),
		     1280);
	cr_assert_eq((ihdr[4] << 24 | ihdr[5] << 16 | ihdr[6] << 8 | ihdr[7]),
		     1600);
	free(png);
	cr_assert_eq(
	    support_sh("test $(stat -c %%s %s/shot.png) -gt 20000", dir), 0,
	    "the screenshot is nearly empty");

	char *dom = support_read_in(dir, "dom.html");
	cr_assert_not_null(dom);
	const char *parts[] = {"<h1>Compare: run 2 against run 1</h1>",
			       "aria-label=\"cost delta chart\"",
			       "aria-label=\"utilization delta chart\"",
			       "<rect class=\"bar\"",
			       "<table class=\"orders\">",
			       "<td>G</td>",
			       "<td>A</td>",
			       "<td>C</td>",
			       "<td>E</td>",
			       "<td>D</td>",
			       "<td>F</td>",
			       "P1</span> → <span class=\"nw\">P2</span>",
			       "<table class=\"resources\">",
			       "<td>AS1</td>"};
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++)
		cr_assert_not_null(strstr(dom, parts[i]), "the DOM lacks '%s'",
				   parts[i]);
	cr_assert_null(strstr(dom, "<td>B</td>"), "B did not change");
	/* bars: make, late, unmet and plan cost changed, and both
	 * resources' utilization */
	int bars = 0;
	for (const char *p = dom; (p = strstr(p, "class=\"bar\"")); p++)
		bars++;
	cr_assert_eq(bars, 6, "%d bars", bars);
	no_customers(dom, "the rendered page");
	free(dom);
	free(db);
	free(dir);
}
