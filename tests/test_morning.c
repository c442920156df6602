/*
 * test_morning.c - a planner's day that holds together (issue 18),
 * through the command line:
 *
 *   - made is delivered: units the floor made (mcsched actuals) count as
 *     delivered in every figure, on time or late by their actual day, so a
 *     night whose floor made exactly what was planned loses no fill rate,
 *     and made, planned and unmet add up to each order's quantity;
 *   - a night kept back shows everywhere: exit status 5, the run's state
 *     and reason in `runs`, a banner at the top of the text, HTML, JSON
 *     and xlsx reports, a note in the published run's report, and
 *     `mcsched status`.
 *
 * The checks read the database with SQL of their own (support_q1()), not
 * through the store's readers.  Runs with cwd = tests/ and $MCSCHED
 * naming the binary (make test).
 */
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES "../data/samples"
#define UNITS	"fixtures/units"

/* `mcsched ARGS` in dir: its exit status; stdout in dir/out.txt, stderr
 * in dir/out.txt.err.  line_with(): the line holding two texts. */
#define mc	  support_run_in
#define line_with support_line_with

/* dir's out.txt (stdout of the last command), malloc'ed. */
#define out(dir) support_read_in(dir, "out.txt")

/* Asserts text (not NULL) holds words. */
static void has(const char *text, const char *words)
{
	cr_assert_not_null(text);
	cr_assert_not_null(strstr(text, words), "want\n%s\nin:\n%s", words,
			   text);
}

/* Every order of run `run`: made + planned + unmet is its quantity. */
static void adds_up(const char *db, int run)
{
	cr_assert_eq(support_q1(db,
				"SELECT COUNT(*) FROM run_orders WHERE run = "
				"%d AND made + planned + unmet <> quantity",
				run),
		     0);
}

/* The number after `"key": ` in the line of text holding `"id": "id"`
 * (the JSON report writes an order a line). */
static long order_num(const char *json, const char *id, const char *key)
{
	char want[96], k[64];
	snprintf(want, sizeof(want), "{\"id\": \"%s\", ", id);
	snprintf(k, sizeof(k), "\"%s\": ", key);
	const char *line = strstr(json, want);
	cr_assert_not_null(line, "no order %s", id);
	const char *at = strstr(line, k);
	cr_assert(at && at < strchr(line, '\n'), "no %s in order %s", key, id);
	return strtol(at + strlen(k), NULL, 10);
}

/*
 * Made as planned, on an instance with room for every unit: order A (2
 * units due 2026-11-26, a day's transit) is made on the horizon's first
 * day; B and C are later.  The floor makes A's units that day and ships
 * one the day after: by its actual day that one arrives 2026-11-27, a
 * day late (the other, made, arrives by its day, on time).  Night 2 plans B and
 * C as before and counts A as made: the fill rate stays 7 of 7 (it read 5 of 7
 * when made units counted as not planned), A is in full and not unmet, made +
 * planned + unmet is every order's quantity, and the one late unit is late in
 * every figure and in track.
 */
Test(morning, made_as_planned_keeps_the_fill_rate)
{
	char *dir = support_tmpdir("morning-made");
	char *db = support_path(dir, "m.db");
	char *orders = support_write(
	    dir, "orders.yaml",
	    "orders:\n"
	    "  - { id: A, customer: 陈女士, region: south, family: "
	    "aircon-split, options: { capacity: 2hp }, quantity: 2, due: "
	    "2026-11-26 }\n"
	    "  - { id: B, customer: 王小明, region: south, family: "
	    "aircon-split, options: { capacity: 2hp }, quantity: 3, due: "
	    "2026-11-28 }\n"
	    "  - { id: C, customer: 李雷, region: south, family: "
	    "aircon-split, options: { capacity: 3hp }, quantity: 2, due: "
	    "2026-11-29 }\n");
	const char *in = "-c " UNITS "/catalog.yaml -p " UNITS "/plants.yaml";
	cr_assert_eq(mc(dir, "plan -q %s -o %s --db %s --start 2026-11-25", in,
			orders, db),
		     0);
	cr_assert_eq(support_q1(db, "SELECT units_planned FROM runs WHERE "
				    "id = 1"),
		     7);
	/* A is made on the first day; nothing else is */
	cr_assert_eq(support_q1(db, "SELECT COUNT(*) FROM unit_plan p JOIN "
				    "units u ON u.id = p.unit WHERE p.run = "
				    "1 AND p.day = '2026-11-25' AND "
				    "u.order_id = 'A'"),
		     2);
	int made =
	    support_floor_day(dir, db, 1, "2026-11-25", "2026-11-26", 1, "");
	cr_assert_eq(made, 2);
	cr_assert_eq(mc(dir,
			"plan -q %s -o %s --db %s --start 2026-11-26 "
			"--frozen-days 3",
			in, orders, db),
		     0);

	/* the store: A made (one late by its actual day), the run's sums */
	cr_assert_eq(support_q1(db, "SELECT units_made FROM runs WHERE id = 2"),
		     made);
	cr_assert_eq(support_q1(db, "SELECT COUNT(*) FROM units WHERE life IN "
				    "('produced', 'shipped')"),
		     made);
	cr_assert_eq(support_q1(db, "SELECT units_made_late FROM runs WHERE "
				    "id = 2"),
		     1);
	cr_assert_eq(support_q1(db, "SELECT made * 100 + made_late * 10 + "
				    "planned + unmet FROM run_orders WHERE "
				    "run = 2 AND order_id = 'A'"),
		     210);
	char *arrive = support_rows(db, "SELECT made_arrive FROM run_orders "
					"WHERE run = 2 AND order_id = 'A'");
	cr_assert_str_eq(arrive, "2026-11-27\n");
	free(arrive);
	adds_up(db, 1);
	adds_up(db, 2);

	/* compare: no fall in fill rate, made +2 where planned -2 */
	cr_assert_eq(mc(dir, "compare 1 2 --db %s --format json", db), 0);
	char *json = out(dir);
	has(json, "{\"key\": \"fill_rate\", \"unit\": \"rate\", \"values\": "
		  "[1, 1], \"delta\": [0, 0],");
	has(json, "{\"key\": \"units_made\", \"unit\": \"count\", \"values\": "
		  "[0, 2], \"delta\": [0, 2],");
	has(json, "{\"key\": \"units_planned\", \"unit\": \"count\", "
		  "\"values\": [7, 5], \"delta\": [0, -2],");
	free(json);
	cr_assert_eq(mc(dir, "compare 1 2 --db %s", db), 0);
	char *text = out(dir);
	cr_assert_not_null(
	    line_with(text, "fill rate (made + planned / ordered)", "100.00%"),
	    "%s", text);
	has(text, "  units made (before the run)                 0        2    "
		  "     +2\n");
	free(text);

	/* the report: made, planned and unmet apart; A in full, late once */
	cr_assert_eq(mc(dir, "report 2 --db %s", db), 0);
	text = out(dir);
	has(text, "  Orders      3: 3 in full (1 of them made already), 0 in "
		  "part, 0 not at all\n");
	has(text, "  Units       7 ordered: 2 made, 5 planned, 0 unmet (fill "
		  "rate 100.0%)\n");
	has(text, "  Late        1 unit (1 made, late by their actual day)");
	has(text, "UNMET ORDERS (0)");
	cr_assert_not_null(line_with(text, "  A ", "2026-11-27"), "%s", text);
	free(text);
	cr_assert_eq(mc(dir, "report 2 --db %s --format json", db), 0);
	json = out(dir);
	const char *ids[] = {"A", "B", "C"};
	long qty = 0, sum = 0;
	for (int i = 0; i < 3; i++) {
		qty += order_num(json, ids[i], "quantity");
		sum += order_num(json, ids[i], "made") +
		       order_num(json, ids[i], "planned") +
		       order_num(json, ids[i], "unmet");
		cr_assert_eq(order_num(json, ids[i], "made") +
				 order_num(json, ids[i], "planned") +
				 order_num(json, ids[i], "unmet"),
			     order_num(json, ids[i], "quantity"), "%s", ids[i]);
	}
	cr_assert_eq(qty, 7);
	cr_assert_eq(sum, qty);
	cr_assert_eq(order_num(json, "A", "made"), 2);
	cr_assert_eq(order_num(json, "A", "made_late"), 1);
	has(json, "\"units_made\": 2,");
	has(json, "\"fill_rate\": 1,");
	has(json, "\"units_made_late\": 1,");
	free(json);

	/* track: each made unit by its actual days */
	cr_assert_eq(mc(dir, "track A --db %s", db), 0);
	text = out(dir);
	has(text, "units: 2 made (1 shipped, 1 late), 0 planned (0 late), 0 "
		  "unmet, 0 cancelled");
	cr_assert_not_null(line_with(text, "made on 2026-11-25", "on time"),
			   "%s", text);
	const char *late = line_with(text, "shipped on 2026-11-26", "LATE");
	cr_assert_not_null(late, "%s", text);
	cr_assert_not_null(line_with(late, "2026-11-27", "LATE 1 day"), "%s",
			   text);
	free(text);
	free(orders);
	free(db);
	free(dir);
}

/*
 * The night on the samples: night 1 from 2026-11-25, the floor
 * makes the first day's units as planned, night 2 from 2026-11-26.  The
 * made units count as delivered: the fill rate does not fall (it fell
 * 4.13 points when they counted as not planned), the run's made units are
 * the units reported, and every order adds up.
 */
Test(morning, samples_night_two_counts_the_floor)
{
	char *dir = support_tmpdir("morning-samples");
	char *db = support_path(dir, "s.db");
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-25",
			db),
		     0);
	int made = support_floor_day(dir, db, 1, "2026-11-25", NULL, 0, "");
	cr_assert_gt(made, 20);
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-26 --frozen-days 3",
			db),
		     0);
	cr_assert_eq(support_q1(db, "SELECT units_made FROM runs WHERE id = 2"),
		     made);
	cr_assert_eq(support_q1(db, "SELECT SUM(made) FROM run_orders WHERE "
				    "run = 2"),
		     made);
	adds_up(db, 2);
	/* (made + planned) / ordered of run 2 is at least run 1's */
	cr_assert_geq(support_q1(db, "SELECT SUM(made + planned) FROM "
				     "run_orders WHERE run = 2") *
			  support_q1(db, "SELECT SUM(quantity) FROM run_orders "
					 "WHERE run = 1"),
		      support_q1(db, "SELECT SUM(made + planned) FROM "
				     "run_orders WHERE run = 1") *
			  support_q1(db, "SELECT SUM(quantity) FROM run_orders "
					 "WHERE run = 2"));
	/* and compare says so: a fill rate delta of at least 0 */
	cr_assert_eq(mc(dir, "compare 1 2 --db %s --format csv", db), 0);
	char *csv = out(dir);
	const char *fill = strstr(csv, "\nservice,2,1,fill_rate,,,rate,");
	cr_assert_not_null(fill, "%s", csv);
	double r, x, dlt;
	cr_assert_eq(sscanf(fill, "\nservice,2,1,fill_rate,,,rate,%lf,%lf,%lf",
			    &r, &x, &dlt),
		     3, "%.200s", fill);
	cr_assert_geq(dlt, 0, "the fill rate fell: %g -> %g", r, x);
	char want[96];
	snprintf(want, sizeof(want),
		 "\nservice,2,1,units_made,,,count,0,%d,%d,", made, made);
	has(csv, want);
	free(csv);
	free(db);
	free(dir);
}

/* The index of the shared string that is s (whole, or starting with s
 * when prefix is set) in an unzipped xlsx's sharedStrings.xml, its <si>
 * elements in order; -1 when none is. */
static int shared_string(const char *sst, const char *s, int prefix)
{
	size_t n = strlen(s);
	int i = 0;
	for (const char *p = strstr(sst, "<si>"); p;
	     p = strstr(p + 1, "<si>"), i++) {
		const char *t = strstr(p, "<t"), *e = strstr(p, "</si>");
		t = t ? strchr(t, '>') : NULL;
		if (t && e && t < e && strncmp(t + 1, s, n) == 0 &&
		    (prefix || t[1 + n] == '<'))
			return i;
	}
	return -1;
}

/*
 * A night kept back (its gap above --max-gap) shows everywhere: exit
 * status 5; the store keeps why; runs (text and JSON) show the state and
 * the reason; the text, HTML, JSON and xlsx reports start with the
 * banner; the published run's report names the night kept back; status
 * says so, with the units behind plan.  Published by hand, it is a plan
 * run like any other.
 */
Test(morning, kept_back_night_shows_everywhere)
{
	char *dir = support_tmpdir("morning-kept");
	char *db = support_path(dir, "k.db");
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-25",
			db),
		     0);
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-26 --frozen-days 3 --max-gap 0.0001",
			db),
		     5);
	char *err = support_read_in(dir, "out.txt.err");
	has(err, "run 2 is not published");
	free(err);
	cr_assert_eq(support_q1(db, "SELECT run FROM published"), 1);
	cr_assert_eq(support_q1(db, "SELECT COUNT(*) FROM runs WHERE id = 2 "
				    "AND hold_reason LIKE 'its gap %% is "
				    "above --max-gap 0.0001%%'"),
		     1);
	cr_assert_eq(support_q1(db, "SELECT COUNT(*) FROM runs WHERE "
				    "hold_reason IS NOT NULL"),
		     1);

	/* runs */
	cr_assert_eq(mc(dir, "runs --db %s", db), 0);
	char *text = out(dir);
	/* the state in its column, the reason on the line under the row */
	const char *row = line_with(text, "     2  plan", "  kept back");
	cr_assert_not_null(row, "%s", text);
	cr_assert_not_null(line_with(strchr(row, '\n') + 1,
				     "kept back: its gap ",
				     "above --max-gap 0.0001%"),
			   "%s", text);
	cr_assert_not_null(line_with(text, "*    1  plan", "  published"));
	free(text);
	cr_assert_eq(mc(dir, "runs --db %s --format json", db), 0);
	text = out(dir);
	has(text, "\"id\": 2, \"kind\": \"plan\", \"base_run\": null, "
		  "\"scenario\": null, \"published\": false, \"state\": \"kept "
		  "back\", \"hold_reason\": \"its gap ");
	free(text);

	/* the reports of the kept-back run start with the banner */
	const char *banner = "KEPT BACK: the floor is still on run 1's plan "
			     "(published ";
	cr_assert_eq(mc(dir, "report 2 --db %s", db), 0);
	text = out(dir);
	const char *third = strchr(strchr(text, '\n') + 1, '\n') + 1;
	cr_assert_eq(strncmp(third, banner, strlen(banner)), 0, "%s", text);
	cr_assert_not_null(line_with(third, "): its gap ", "--max-gap 0.0001%"),
			   "%s", text);
	has(text, "Kind         plan, kept back\n");
	free(text);
	cr_assert_eq(mc(dir, "report 2 --db %s --format html", db), 0);
	text = out(dir);
	has(text, "<p class=\"banner\">KEPT BACK: the floor is still on run "
		  "1&#39;s plan (published ");
	cr_assert_lt(strstr(text, "class=\"banner\""), strstr(text, "<h2 "));
	free(text);
	cr_assert_eq(mc(dir, "report 2 --db %s --format json", db), 0);
	text = out(dir);
	has(text, "\"state\": \"kept back\",");
	has(text, "\"hold_reason\": \"its gap ");
	has(text, "\"banner\": [\"KEPT BACK: the floor is still on run 1's "
		  "plan (published ");
	free(text);
	cr_assert_eq(
	    mc(dir, "report 2 --db %s --format xlsx --out %s/k.xlsx", db, dir),
	    0);
	cr_assert_eq(support_sh("cd %s && unzip -o -q k.xlsx -d k", dir), 0);
	char *sst = support_read_in(dir, "k/xl/sharedStrings.xml");
	char *sum = support_read_in(dir, "k/xl/worksheets/sheet1.xml");
	cr_assert_not_null(sst);
	cr_assert_not_null(sum);
	/* Summary: row 2, the first under the header, is the banner */
	int label = shared_string(sst, "KEPT BACK", 0),
	    line =
		shared_string(sst, "KEPT BACK: the floor is still on run 1", 1);
	cr_assert_geq(label, 0, "%s", sst);
	cr_assert_geq(line, 0, "%s", sst);
	char cell[96];
	snprintf(cell, sizeof(cell), "<c r=\"A2\" t=\"s\"><v>%d</v></c>",
		 label);
	has(sum, cell);
	snprintf(cell, sizeof(cell), "<c r=\"B2\" t=\"s\"><v>%d</v></c>", line);
	has(sum, cell);
	free(sst);
	free(sum);

	/* the published run's report names the night kept back */
	cr_assert_eq(mc(dir, "report published --db %s", db), 0);
	text = out(dir);
	has(text, "\nNOTE: run 2 of 2026-11-26 was kept back: its gap ");
	free(text);

	/* status: the published run, the night kept back, the units behind */
	cr_assert_eq(mc(dir, "status --db %s --today 2026-11-27", db), 0);
	text = out(dir);
	has(text, "  published    run 1 (horizon from 2026-11-25), published ");
	has(text, "  kept back    run 2 of 2026-11-26: its gap ");
	has(text, "  frozen       run 2: 3 days, 2026-11-26 .. 2026-11-28\n");
	has(text, "  actuals      never loaded\n");
	free(text);
	long long behind = support_q1(
	    db, "SELECT COUNT(*) FROM unit_plan WHERE run = 1 AND status = "
		"'planned' AND day < '2026-11-27'");
	cr_assert_gt(behind, 0);
	cr_assert_eq(mc(dir, "status --db %s --today 2026-11-27 -f json", db),
		     0);
	text = out(dir);
	cr_assert(support_json_valid(text), "%s", text);
	has(text, "\"published_run\": 1,");
	has(text, "\"last_night_kept_back\": true,");
	has(text, "{\"run\": 2, \"horizon_start\": \"2026-11-26\", \"reason\": "
		  "\"its gap ");
	char want[64];
	snprintf(want, sizeof(want), "\"behind_plan\": %lld\n", behind);
	has(text, want);
	free(text);
	cr_assert_eq(mc(dir, "status --db %s/none.db", dir), 4);

	/* published by hand: a plan run like any other, nothing kept back */
	cr_assert_eq(mc(dir, "publish 2 --db %s", db), 0);
	cr_assert_eq(support_q1(db, "SELECT COUNT(*) FROM runs WHERE "
				    "hold_reason IS NOT NULL"),
		     0);
	cr_assert_eq(mc(dir, "status --db %s -f json", db), 0);
	text = out(dir);
	has(text, "\"published_run\": 2,");
	has(text, "\"kept_back\": [],");
	has(text, "\"last_night_kept_back\": false,");
	free(text);
	cr_assert_eq(mc(dir, "report 2 --db %s", db), 0);
	text = out(dir);
	cr_assert_null(strstr(text, "KEPT BACK"), "%s", text);
	free(text);
	free(db);
	free(dir);
}
