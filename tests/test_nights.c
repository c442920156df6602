/*
 * test_nights.c - three nights of a planner's week through the command
 * line, with the floor's actuals between them: the frozen window keeps the
 * published units byte for byte, withdrawn and shrunk orders keep their
 * frozen units as conflicts, made units leave the plan, a scrapped unit's
 * identifier is retired and its replacement draws a new serial, no
 * identifier is lost or reused, the moves the run reports are the moves
 * in the units table, few move without a cause, and an over-gap plan is
 * not published.
 *
 * The checks read the database with SQL of their own, not through the
 * store's readers.  Runs with cwd = tests/ and $MCSCHED naming the binary
 * (make test).
 */
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES "../data/samples"
/* SQL of the test's own (support.h) */
#define q1	support_q1
#define rows	support_rows
#define actuals support_floor_day

/* Every line of `part` is a line of `all`. */
static void assert_lines_in(const char *part, const char *all)
{
	for (const char *l = part, *e; *l; l = e + 1) {
		e = strchr(l, '\n');
		char *line = strndup(l, (size_t)(e - l + 1));
		const char *at = strstr(all, line);
		cr_assert(at && (at == all || at[-1] == '\n'),
			  "frozen unit not kept as it was: %s", line);
		free(line);
	}
}

/* ---- the order book, night by night ---- */

/* The text of orders.yaml with order id's entry cut out (to *cut when not
 * NULL); asserts it is there. */
static char *withdraw(const char *text, const char *id, char **cut)
{
	char key[96];
	snprintf(key, sizeof(key), "  - id: %s\n", id);
	const char *at = strstr(text, key);
	cr_assert_not_null(at, "no order %s", id);
	const char *end = strstr(at + 1, "\n  - id: ");
	end = end ? end + 1 : at + strlen(at);
	size_t n = strlen(text) - (size_t)(end - at);
	char *out = malloc(n + 1);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), end);
	if (cut)
		*cut = strndup(at, (size_t)(end - at));
	return out;
}

/* Order id's quantity set to q. */
static char *set_quantity(const char *text, const char *id, int q)
{
	char *entry, *rest = withdraw(text, id, &entry);
	char *qa = strstr(entry, "quantity: ");
	cr_assert_not_null(qa);
	char *qe = qa + strlen("quantity: ");
	while (*qe >= '0' && *qe <= '9')
		qe++;
	char *out = malloc(strlen(rest) + strlen(entry) + 32);
	sprintf(out, "%s%.*squantity: %d%s", rest, (int)(qa - entry), entry, q,
		qe);
	free(entry);
	free(rest);
	return out;
}

static char *append(const char *text, const char *entry)
{
	char *out = malloc(strlen(text) + strlen(entry) + 1);
	sprintf(out, "%s%s", text, entry);
	return out;
}

/* ---- one night ---- */

/* A night from start with 3 frozen days (extra options after: a later
 * --frozen-days wins), on plants file plants; it exits want (0:
 * published, MC_EHELD: kept back). */
static void plan_on(const char *dir, const char *db, const char *plants,
		    const char *orders, const char *start, const char *extra,
		    int want)
{
	int rc = support_run_in(dir,
				"plan -c " SAMPLES "/catalog.yaml -p %s -o %s "
				"--db %s --start %s --frozen-days 3 %s",
				plants, orders, db, start, extra);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_eq(rc, want, "plan exited %d: %s", rc, err);
	free(err);
}

/* The same on the samples' plants, published. */
static void plan(const char *dir, const char *db, const char *orders,
		 const char *start, const char *extra)
{
	plan_on(dir, db, SAMPLES "/plants.yaml", orders, start, extra, 0);
}

/* The same, kept back. */
static void plan_held(const char *dir, const char *db, const char *orders,
		      const char *start, const char *extra)
{
	plan_on(dir, db, SAMPLES "/plants.yaml", orders, start, extra,
		MC_EHELD);
}

/* What the frozen window of a night from `from` to `to` keeps of run
 * `run`: its planned units in those days that the floor has not made or
 * scrapped, and its released units from `from` on; grouped by order,
 * plant, resource and day (units: their identifiers, or with plan rows
 * set, how many). */
#define FROZEN_UNITS                                                           \
	"FROM unit_plan p JOIN units u ON u.id = p.unit WHERE p.run = %d "     \
	"AND p.status = 'planned' AND u.status <> 'cancelled' AND "            \
	"((p.day BETWEEN '%s' AND '%s' AND u.life IS NULL) OR "                \
	"(u.life = 'released' AND p.day >= '%s')) "

static char *planned_in(const char *db, int run, const char *from,
			const char *to)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT u.identifier, p.plant, p.resource, p.day " FROZEN_UNITS
		 "ORDER BY u.identifier",
		 run, from, to, from);
	return rows(db, sql);
}

static char *frozen_groups(const char *db, int run, const char *from,
			   const char *to)
{
	char sql[1024];
	snprintf(sql, sizeof(sql),
		 "SELECT u.order_id, p.plant, p.resource, p.day, "
		 "COUNT(*) " FROZEN_UNITS
		 "GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
		 run, from, to, from);
	return rows(db, sql);
}

/* A run's plan rows of frozen units, grouped as frozen_groups(). */
static char *frozen_rows(const char *db, int run)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT order_id, plant, resource, day, SUM(units) FROM plan "
		 "WHERE run = %d AND frozen = 1 GROUP BY 1, 2, 3, 4 "
		 "ORDER BY 1, 2, 3, 4",
		 run);
	return rows(db, sql);
}

/* Units of published run `was` still ordered in run `now` (not made,
 * not retired, order not withdrawn), and how many of them are not planned
 * in `now` on the same plant and day: counted unit by unit. */
#define PERSISTING                                                             \
	"FROM unit_plan a JOIN units u ON u.id = a.unit "                      \
	"WHERE a.run = %d AND a.status = 'planned' AND "                       \
	"u.status <> 'cancelled' AND COALESCE(u.life, '') NOT IN "             \
	"('produced', 'shipped') AND EXISTS (SELECT 1 FROM run_orders o "      \
	"WHERE o.run = %d AND o.order_id = u.order_id) AND NOT EXISTS "        \
	"(SELECT 1 FROM run_conflicts c WHERE c.run = %d AND "                 \
	"c.what = 'withdrawn' AND c.order_id = u.order_id) "

static void moved(const char *db, int was, int now, long long *persisting,
		  long long *n)
{
	*persisting = q1(db, "SELECT COUNT(*) " PERSISTING, was, now, now);
	*n = q1(db,
		"SELECT COUNT(*) " PERSISTING
		"AND NOT EXISTS (SELECT 1 FROM unit_plan b WHERE b.run = %d "
		"AND b.unit = a.unit AND b.status = 'planned' AND b.plant = "
		"a.plant AND b.day = a.day)",
		was, now, now, now);
}

/* The night's record in the run and the independent count agree; few
 * units move without a cause in the inputs. */
static void check_moves(const char *db, int was, int now)
{
	long long persisting, n;
	moved(db, was, now, &persisting, &n);
	cr_assert_gt(persisting, 500);
	cr_assert_eq(
	    q1(db, "SELECT units_persisting FROM runs WHERE id = %d", now),
	    persisting);
	cr_assert_eq(q1(db, "SELECT units_moved FROM runs WHERE id = %d", now),
		     n);
	cr_assert_eq(q1(db,
			"SELECT COALESCE(SUM(units), 0) FROM run_moves "
			"WHERE run = %d",
			now),
		     n);
	long long cost = q1(db,
			    "SELECT COALESCE(SUM(units), 0) FROM run_moves "
			    "WHERE run = %d AND cause = 'cost'",
			    now);
	cr_assert_leq(cost * 100, 5 * persisting,
		      "%lld of %lld units moved without a cause", cost,
		      persisting);
}

/* No identifier reused, at most one live unit per (order, seq). */
static void check_identifiers(const char *db)
{
	cr_assert_eq(q1(db, "SELECT COUNT(DISTINCT identifier) - COUNT(*) "
			    "FROM units"),
		     0);
	cr_assert_eq(q1(db, "SELECT COUNT(DISTINCT serial) - COUNT(*) "
			    "FROM units"),
		     0);
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM (SELECT order_id, seq FROM "
			    "units WHERE status <> 'cancelled' GROUP BY "
			    "order_id, seq HAVING COUNT(*) > 1)"),
		     0);
}

static char *first_row(const char *db, const char *sql)
{
	char *r = rows(db, sql);
	cr_assert(r && *r, "no row: %s", sql);
	*strchr(r, '\n') = '\0';
	return r;
}

Test(nights, three_nights_with_actuals, .timeout = 240)
{
	support_default_budget(); /* as test_day.c's generated nights */
	char *dir = support_tmpdir("nights");
	char *db = support_path(dir, "n.db");
	char *book = support_read(SAMPLES "/orders.yaml");
	cr_assert_not_null(book);

	/* night 1: the samples from 2026-11-25, published */
	plan(dir, db, SAMPLES "/orders.yaml", "2026-11-25", "");
	cr_assert_eq(q1(db, "SELECT run FROM published"), 1);
	check_identifiers(db);

	/* the floor: 11-25 made, three of its units shipped; a unit
	 * planned for December scrapped, one for 11-30 released */
	char *scrap = first_row(
	    db, "SELECT u.identifier || ',' || u.order_id || ',' || u.seq || "
		"',' || u.serial FROM unit_plan p JOIN units u ON u.id = "
		"p.unit WHERE p.run = 1 AND p.status = 'planned' AND p.day "
		">= '2026-12-05' ORDER BY u.serial LIMIT 1");
	char *rel = first_row(
	    db, "SELECT u.identifier || ',' || p.plant || ',' || p.resource "
		"FROM unit_plan p JOIN units u ON u.id = p.unit WHERE p.run = "
		"1 AND p.status = 'planned' AND p.day = '2026-11-30' ORDER BY "
		"u.serial LIMIT 1");
	char scrap_id[128], scrap_order[64], rel_id[128], line[512];
	int scrap_seq;
	long long scrap_serial;
	cr_assert_eq(sscanf(scrap, "%127[^,],%63[^,],%d,%lld", scrap_id,
			    scrap_order, &scrap_seq, &scrap_serial),
		     4);
	cr_assert_eq(sscanf(rel, "%127[^,]", rel_id), 1);
	snprintf(line, sizeof(line),
		 "%s,scrapped,2026-11-25\n%s,released,2026-11-25\n", scrap_id,
		 rel_id);
	actuals(dir, db, 1, "2026-11-25", "2026-11-26", 3, line);
	long long made1 = q1(db, "SELECT COUNT(*) FROM units WHERE life IN "
				 "('produced', 'shipped')");
	cr_assert_gt(made1, 3);

	/* night 2 (from 11-26): an order with units in the frozen days
	 * withdrawn, one grown, one new */
	char *gone = first_row(
	    db, "SELECT u.order_id FROM unit_plan p JOIN units u ON u.id = "
		"p.unit WHERE p.run = 1 AND p.status = 'planned' AND p.day = "
		"'2026-11-27' AND u.life IS NULL ORDER BY u.order_id LIMIT 1");
	char *b2 = withdraw(book, gone, NULL);
	char *t = set_quantity(b2, "SO-20261029-0001", 4);
	free(b2);
	b2 = append(t, "  - id: SO-20261125-0001\n"
		       "    customer: 新客户\n"
		       "    region: north\n"
		       "    family: aircon-split\n"
		       "    options: { capacity: 3hp, self_clean: \"yes\", "
		       "fresh_air: \"no\" }\n"
		       "    quantity: 3\n"
		       "    due: 2026-12-04\n");
	free(t);
	char *o2 = support_write(dir, "orders-2.yaml", b2);
	char *frozen1 = planned_in(db, 1, "2026-11-26", "2026-11-28");
	long long serial_top = q1(db, "SELECT MAX(serial) FROM units");
	plan(dir, db, o2, "2026-11-26", "");
	cr_assert_eq(q1(db, "SELECT run FROM published"), 2);

	/* the frozen units of run 1, byte for byte, the withdrawn order's
	 * among them; the released unit kept where it was */
	char *kept = planned_in(db, 2, "2026-11-26", "2026-11-28");
	cr_assert_gt(strlen(frozen1), 100);
	assert_lines_in(frozen1, kept);
	cr_assert_eq(q1(db,
			"SELECT COUNT(*) FROM unit_plan p JOIN units u ON "
			"u.id = p.unit WHERE p.run = 2 AND u.identifier = "
			"'%s' AND p.day = '2026-11-30' AND p.status = "
			"'planned'",
			rel_id),
		     1);
	cr_assert_eq(q1(db, "SELECT units_frozen FROM runs WHERE id = 2"),
		     q1(db, "SELECT COUNT(*) " FROZEN_UNITS, 1, "2026-11-26",
			"2026-11-28", "2026-11-26"));
	cr_assert_eq(q1(db,
			"SELECT COUNT(*) FROM run_conflicts WHERE run = 2 AND "
			"what = 'withdrawn' AND order_id = '%s'",
			gone),
		     1);
	/* made units are out of the plan and stay live */
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM unit_plan p JOIN units u "
			    "ON u.id = p.unit WHERE p.run = 2 AND u.life IN "
			    "('produced', 'shipped')"),
		     0);
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM units WHERE life IN "
			    "('produced', 'shipped') AND status = "
			    "'cancelled'"),
		     0);
	cr_assert_eq(q1(db, "SELECT units_done FROM runs WHERE id = 2"), made1);
	/* the scrapped unit is retired; its (order, seq) has a new unit */
	cr_assert_eq(q1(db,
			"SELECT COUNT(*) FROM units WHERE identifier = '%s' "
			"AND status = 'cancelled' AND life = 'scrapped'",
			scrap_id),
		     1);
	cr_assert_gt(q1(db,
			"SELECT serial FROM units WHERE order_id = '%s' AND "
			"seq = %d AND status <> 'cancelled'",
			scrap_order, scrap_seq),
		     serial_top);
	check_identifiers(db);
	check_moves(db, 1, 2);

	/* the floor after night 2: 11-26 made */
	actuals(dir, db, 2, "2026-11-26", "2026-11-27", 0, "");
	/* night 3 (from 11-27): an order with two or more frozen units
	 * shrunk to one; first with a gap bound no plan meets */
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT u.order_id FROM unit_plan p JOIN units u ON u.id = "
		 "p.unit WHERE p.run = 2 AND p.status = 'planned' AND p.day "
		 "BETWEEN '2026-11-27' AND '2026-11-29' AND u.life IS NULL "
		 "AND u.order_id <> '%s' GROUP BY u.order_id HAVING "
		 "COUNT(*) >= 2 ORDER BY u.order_id LIMIT 1",
		 gone);
	char *shrunk = first_row(db, sql);
	char *b3 = set_quantity(b2, shrunk, 1);
	char *o3 = support_write(dir, "orders-3.yaml", b3);
	char *frozen2 = planned_in(db, 2, "2026-11-27", "2026-11-29");
	char *groups2 = frozen_groups(db, 2, "2026-11-27", "2026-11-29");
	char *before = rows(db, "SELECT * FROM units ORDER BY id");
	plan_held(dir, db, o3, "2026-11-27", "--max-gap 0.0001");
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "above --max-gap"), "%s", err);
	free(err);
	cr_assert_eq(q1(db, "SELECT run FROM published"), 2);
	char *after = rows(db, "SELECT * FROM units ORDER BY id");
	cr_assert_str_eq(after, before, "a kept-back run changed units");
	/* the kept-back run kept the frozen units too (its plan rows: it
	 * tagged no unit) */
	char *held = frozen_rows(db, 3);
	cr_assert_str_eq(held, groups2);

	plan(dir, db, o3, "2026-11-27", "");
	cr_assert_eq(q1(db, "SELECT run FROM published"), 4);
	free(kept);
	kept = planned_in(db, 4, "2026-11-27", "2026-11-29");
	assert_lines_in(frozen2, kept);
	cr_assert_eq(q1(db,
			"SELECT COUNT(*) FROM run_conflicts WHERE run = 4 AND "
			"what = 'shrunk' AND order_id = '%s'",
			shrunk),
		     1);
	/* the shrunk order's frozen units are all still live and planned */
	cr_assert_eq(q1(db,
			"SELECT COUNT(*) FROM unit_plan p JOIN units u ON "
			"u.id = p.unit WHERE p.run = 4 AND p.status = "
			"'planned' AND u.order_id = '%s'",
			shrunk),
		     q1(db,
			"SELECT COUNT(*) FROM unit_plan p JOIN units u ON "
			"u.id = p.unit WHERE p.run = 2 AND p.status = "
			"'planned' AND u.order_id = '%s' AND p.day BETWEEN "
			"'2026-11-27' AND '2026-11-29'",
			shrunk));
	check_identifiers(db);
	check_moves(db, 2, 4);

	/* the report says it, and its JSON is valid */
	cr_assert_eq(support_run_in(dir,
				    "report 4 --db %s --format json "
				    "--out %s/r4.json",
				    db, dir),
		     0);
	char *json = support_read_in(dir, "r4.json");
	cr_assert(support_json_valid(json));
	cr_assert_not_null(strstr(json, "\"what\": \"shrunk\""));
	free(json);
	cr_assert_eq(support_run_in(dir, "report 4 --db %s", db), 0);
	char *text = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(text, "NIGHT (against published run 2)"),
			   "%s", text);
	cr_assert_not_null(strstr(text, "shrunk"), "%s", text);
	free(text);
	cr_assert_eq(support_run_in(dir, "report 4 --db %s --format html", db),
		     0);
	text = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(text, "<h2 id=\"night\">Tonight against "
					"published run 2</h2>"));
	free(text);

	free(held);
	free(groups2);
	free(after);
	free(before);
	free(frozen2);
	free(o3);
	free(b3);
	free(shrunk);
	free(kept);
	free(frozen1);
	free(o2);
	free(b2);
	free(gone);
	free(rel);
	free(scrap);
	free(book);
	free(db);
	free(dir);
}

/* Frozen units whose family's minutes the published plan split over
 * several resources of a kind: their hours are poured over those
 * resources as before, so a night with nothing changed overfills none
 * (they once all landed on the resource named in the plan row: 13
 * "hours" conflicts on this instance). */
Test(nights, frozen_hours_over_resources_of_a_kind, .timeout = 240)
{
	char *gen = support_gen("nights-gen", 1000, 1);
	char *dir = support_tmpdir("nights-split");
	char *db = support_path(dir, "n.db");
	cr_assert_eq(
	    support_run_in(dir, "plan -q %s/job.yaml --db %s", gen, db), 0);
	char *frozen = planned_in(db, 1, "2026-11-26", "2026-11-28");
	cr_assert_eq(support_run_in(dir,
				    "plan -q %s/job.yaml --db %s --start "
				    "2026-11-26 --frozen-days 3",
				    gen, db),
		     0);
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM run_conflicts WHERE run = 2"),
		     0);
	cr_assert_eq(q1(db, "SELECT run FROM published"), 2);
	char *kept = planned_in(db, 2, "2026-11-26", "2026-11-28");
	cr_assert_gt(strlen(frozen), 1000);
	assert_lines_in(frozen, kept);
	/* the capacity the run reports holds its frozen units */
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM capacity WHERE run = 2 AND "
			    "used > hours + ot_max + 1e-6"),
		     0);
	free(kept);
	free(frozen);
	free(db);
	free(dir);
	free(gen);
}

/* A night kept back, then published by hand, tags its units exactly as
 * publishing it at once does, a withdrawn order's frozen units included
 * (its run holds one order more than its inputs). */
Test(nights, publish_by_hand_keeps_frozen_units, .timeout = 240)
{
	char *dir = support_tmpdir("nights-hand");
	char *book = support_read(SAMPLES "/orders.yaml");
	char *dbs[2] = {support_path(dir, "held.db"),
			support_path(dir, "at-once.db")};
	char *units[2];
	char *o2 = NULL;
	for (int i = 0; i < 2; i++) {
		plan(dir, dbs[i], SAMPLES "/orders.yaml", "2026-11-25", "");
		if (!o2) {
			char *gone = first_row(
			    dbs[i],
			    "SELECT u.order_id FROM unit_plan p JOIN units u "
			    "ON u.id = p.unit WHERE p.run = 1 AND p.status = "
			    "'planned' AND p.day = '2026-11-27' ORDER BY "
			    "u.order_id LIMIT 1");
			char *b2 = withdraw(book, gone, NULL);
			o2 = support_write(dir, "orders-2.yaml", b2);
			free(b2);
			free(gone);
		}
		plan_on(dir, dbs[i], SAMPLES "/plants.yaml", o2, "2026-11-26",
			i == 0 ? "--publish never" : "", i == 0 ? MC_EHELD : 0);
		if (i == 0) {
			cr_assert_eq(q1(dbs[i], "SELECT run FROM published"),
				     1);
			cr_assert_eq(
			    support_run_in(dir, "publish 2 --db %s", dbs[i]),
			    0);
		}
		cr_assert_eq(q1(dbs[i], "SELECT run FROM published"), 2);
		cr_assert_eq(q1(dbs[i], "SELECT COUNT(*) FROM run_conflicts "
					"WHERE run = 2 AND what = "
					"'withdrawn'"),
			     1);
		units[i] = rows(dbs[i],
				"SELECT u.identifier, p.plant, p.resource, "
				"p.day, p.status FROM unit_plan p JOIN units u "
				"ON u.id = p.unit WHERE p.run = 2 ORDER BY 1");
	}
	cr_assert_gt(strlen(units[0]), 1000);
	cr_assert_str_eq(units[0], units[1]);
	for (int i = 0; i < 2; i++) {
		free(units[i]);
		free(dbs[i]);
	}
	free(o2);
	free(book);
	free(dir);
}

/* A night whose order book lost most of its orders is kept back, frozen
 * window or not: the withdrawn orders the night adds back to carry their
 * frozen units do not count (they once made 140 orders look like 300). */
Test(nights, truncated_book_kept_back_with_frozen_units, .timeout = 240)
{
	char *dir = support_tmpdir("nights-short");
	char *db = support_path(dir, "s.db");
	char *book = support_read(SAMPLES "/orders.yaml");
	/* the first 140 of the 360 orders */
	char *at = book;
	for (int n = 0; n <= 140; n++) {
		at = strstr(at + 1, "\n  - id: ");
		cr_assert_not_null(at);
	}
	at[1] = 0;
	char *short_book = support_write(dir, "short.yaml", book);
	plan(dir, db, SAMPLES "/orders.yaml", "2026-11-25", "");
	plan_held(dir, db, short_book, "2026-11-26", "--frozen-days 10");
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM runs"), 2);
	cr_assert_gt(q1(db, "SELECT norders FROM runs WHERE id = 2"), 180,
		     "the night adds back withdrawn orders with frozen units");
	cr_assert_eq(q1(db, "SELECT run FROM published"), 1);
	free(short_book);
	free(book);
	free(db);
	free(dir);
}

/* Pruning keeps the run a kept-back night committed to: publishing that
 * night by hand tags its units on that run's places (it once went, and
 * 71 of 645 units of the samples were tagged elsewhere). */
Test(nights, prune_keeps_what_a_held_night_committed_to, .timeout = 240)
{
	char *dir = support_tmpdir("nights-prune");
	char *db = support_path(dir, "p.db");
	const char *o = SAMPLES "/orders.yaml";
	plan(dir, db, o, "2026-11-25", "");
	plan(dir, db, o, "2026-11-26", "");
	plan_held(dir, db, o, "2026-11-27", "--publish never");
	cr_assert_eq(q1(db, "SELECT committed_to FROM runs WHERE id = 3"), 2);
	plan(dir, db, o, "2026-11-27", "");
	plan(dir, db, o, "2026-11-27", "");
	cr_assert_eq(support_run_in(dir, "runs prune --keep 3 --db %s", db), 0);
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM runs WHERE id = 3"), 1);
	cr_assert_eq(q1(db, "SELECT COUNT(*) FROM runs WHERE id = 2"), 1);
	/* its places are what a publish of run 3 reads */
	cr_assert_gt(q1(db, "SELECT COUNT(*) FROM unit_plan WHERE run = 2"),
		     600);
	free(db);
	free(dir);
}

/* text with the first `from` replaced by `to` */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	cr_assert_not_null(at, "no '%s'", from);
	char *out = malloc(strlen(text) + strlen(to) + 1);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

/* text without the lines from the one holding `from` up to (not
 * including) the next line holding `next` */
static char *cut(const char *text, const char *from, const char *next)
{
	const char *at = strstr(text, from);
	cr_assert_not_null(at, "no '%s'", from);
	while (at > text && at[-1] != '\n')
		at--;
	const char *end = strstr(at + strlen(from), next);
	cr_assert_not_null(end);
	while (end > at && end[-1] != '\n')
		end--;
	char *out = malloc(strlen(text) + 1);
	sprintf(out, "%.*s%s", (int)(at - text), text, end);
	return out;
}

/* Edges of the frozen window, each on a copy of the samples' first
 * night: a window longer than the horizon freezes only the horizon; a
 * released unit above a quantity shrunk to one keeps its identifier and
 * place, and is the order's one live unit (the others cancelled, no
 * phantom unmet unit); frozen units their plant can no longer make (its only
 * test resource gone) are a conflict that keeps the night back. */
Test(nights, frozen_window_edges, .timeout = 240)
{
	char *dir = support_tmpdir("nights-edges");
	char *plants = support_read(SAMPLES "/plants.yaml");
	char *book = support_read(SAMPLES "/orders.yaml");
	char *dbs[3];
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "e%d.db", i);
		dbs[i] = support_path(dir, name);
		plan(dir, dbs[i], SAMPLES "/orders.yaml", "2026-11-25", "");
	}

	/* a 4-day horizon, 10 days frozen */
	char *p4 = replace(plants, "days: 28 }", "days: 4 }");
	char *p4f = support_write(dir, "plants4.yaml", p4);
	plan_on(dir, dbs[0], p4f, SAMPLES "/orders.yaml", "2026-11-26",
		"--frozen-days 10", 0);
	cr_assert_eq(q1(dbs[0], "SELECT COUNT(*) FROM plan WHERE run = 2 AND "
				"day > '2026-11-29'"),
		     0);
	cr_assert_eq(q1(dbs[0], "SELECT units_frozen FROM runs WHERE id = 2"),
		     q1(dbs[0], "SELECT COUNT(*) " FROZEN_UNITS, 1,
			"2026-11-26", "2026-11-29", "2026-11-26"));

	/* a released unit above a shrunk quantity */
	const char *ord = "SO-20261111-0004";
	long long q = q1(dbs[1],
			 "SELECT quantity FROM run_orders WHERE run = 1 AND "
			 "order_id = '%s'",
			 ord);
	cr_assert_geq(q, 3);
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT u.identifier || ',' || p.plant || ',' || p.day FROM "
		 "units u JOIN unit_plan p ON p.unit = u.id AND p.run = 1 "
		 "WHERE u.order_id = '%s' AND u.seq = %lld",
		 ord, q);
	char *last = first_row(dbs[1], sql);
	char id[128], line[256];
	cr_assert_eq(sscanf(last, "%127[^,]", id), 1);
	snprintf(line, sizeof(line),
		 "identifier,status,date\n%s,released,2026-11-25\n", id);
	char *csv = support_write(dir, "released.csv", line);
	cr_assert_eq(support_run_in(dir, "actuals %s --db %s", csv, dbs[1]), 0);
	char *entry, *rest = withdraw(book, ord, &entry);
	free(rest);
	char *b1 = set_quantity(book, ord, 1);
	char *o1 = support_write(dir, "shrunk.yaml", b1);
	plan(dir, dbs[1], o1, "2026-11-26", "--frozen-days 0");
	snprintf(sql, sizeof(sql),
		 "SELECT u.identifier || ',' || p.plant || ',' || p.day FROM "
		 "units u JOIN unit_plan p ON p.unit = u.id AND p.run = 2 "
		 "WHERE u.identifier = '%s' AND p.status = 'planned'",
		 id);
	char *kept = first_row(dbs[1], sql);
	cr_assert_str_eq(kept, last);
	cr_assert_eq(q1(dbs[1],
			"SELECT COUNT(*) FROM units WHERE order_id = '%s' AND "
			"status <> 'cancelled'",
			ord),
		     1, "one unit ordered: the released one");
	cr_assert_eq(q1(dbs[1], "SELECT units_unmet FROM runs WHERE id = 2"),
		     q1(dbs[1], "SELECT COUNT(*) FROM unit_plan WHERE run = 2 "
				"AND status = 'unmet'"));
	check_identifiers(dbs[1]);

	/* the test resource of GZ-NANSHA gone */
	char *pn = cut(plants, "- id: GZ-TST1", "- id: ");
	char *pnf = support_write(dir, "plants-no-test.yaml", pn);
	plan_on(dir, dbs[2], pnf, SAMPLES "/orders.yaml", "2026-11-26", "",
		MC_EHELD);
	cr_assert_gt(q1(dbs[2], "SELECT COUNT(*) FROM run_conflicts WHERE run "
				"= 2 AND what = 'plant' AND place = "
				"'GZ-NANSHA'"),
		     0);
	cr_assert_eq(q1(dbs[2], "SELECT frozen_ok FROM runs WHERE id = 2"), 0);
	cr_assert_eq(q1(dbs[2], "SELECT run FROM published"), 1);

	free(pnf);
	free(pn);
	free(kept);
	free(o1);
	free(b1);
	free(entry);
	free(csv);
	free(last);
	free(p4f);
	free(p4);
	for (int i = 0; i < 3; i++)
		free(dbs[i]);
	free(book);
	free(plants);
	free(dir);
}
