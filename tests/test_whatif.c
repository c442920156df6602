/*
 * test_whatif.c - what-if scenarios: every overlay kind changes the model
 * as written; a bad scenario is reported at file:line:column with nothing
 * stored; `mcsched whatif` leaves the base run, the units and the serial
 * counter as they were; warm re-solves reach the bound of a cold solve;
 * --jobs gives the same runs; input snapshots make `export RUN` work from
 * anywhere after the files changed.
 *
 * Runs with cwd = tests/ and $MCSCHED naming the binary (make test).
 */
#include "date.h"
#include "load.h"
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES "../data/samples"

#define mc support_run_in

static char *out_of(const char *dir, const char *name)
{
	char *s = support_read_in(dir, name);
	cr_assert_not_null(s, "no %s/%s", dir, name);
	return s;
}

/* The samples with scenario text sc applied; the scenario's added orders
 * file (if any) is dir/rush.yaml. */
static void load_applied(mc_arena *a, const char *dir, const char *sc,
			 mc_model *m, mc_scenario *s)
{
	mc_diag d = MC_DIAG_INIT;
	char *path = support_write(dir, "sc.yaml", sc);
	mc_source f = {.path = path};
	cr_assert_eq(mc_load_scenario(a, &f, s, &d), 0, "scenario: %s",
		     d.n ? d.v[0].msg : "");
	const char *files[4];
	int nf = mc_scenario_order_files(s, files, 3);
	mc_source c = {.path = SAMPLES "/catalog.yaml"};
	mc_source p = {.path = SAMPLES "/plants.yaml"};
	mc_source o[4] = {{.path = SAMPLES "/orders.yaml"}};
	for (int i = 0; i < nf; i++)
		o[1 + i] = (mc_source){.path = files[i]};
	cr_assert_eq(mc_load_sources(a, &c, &p, o, 1 + nf, m, &d), 0,
		     "load: %s", d.n ? d.v[0].msg : "");
	cr_assert_eq(mc_scenario_apply(s, m, &d), 0, "apply: %s",
		     d.n ? d.v[0].msg : "");
	for (int i = 0; i < s->nchanges; i++)
		cr_assert_not_null(s->changes[i].text);
	mc_diag_release(&d);
	free(path);
}

/* The samples as they are. */
static void load_base(mc_arena *a, mc_model *m)
{
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_load_inputs(a, SAMPLES "/catalog.yaml",
				    SAMPLES "/plants.yaml",
				    SAMPLES "/orders.yaml", m, &d),
		     0);
	mc_diag_release(&d);
}

static int find(const char *const *ids, int n, const char *id)
{
	for (int i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return i;
	cr_assert_fail("no '%s'", id);
	return -1;
}

static int resource(const mc_model *m, const char *id)
{
	int i = mc_model_index(&m->resources[0].id, sizeof(*m->resources),
			       m->nresources, id);
	cr_assert_geq(i, 0, "no resource '%s'", id);
	return i;
}

static int plant(const mc_model *m, const char *id)
{
	int i = mc_model_index(&m->plants[0].id, sizeof(*m->plants), m->nplants,
			       id);
	cr_assert_geq(i, 0, "no plant '%s'", id);
	return i;
}

static int order(const mc_model *m, const char *id)
{
	return mc_model_index(&m->orders[0].id, sizeof(*m->orders), m->norders,
			      id);
}

static long long units_of(const mc_model *m, const char *family,
			  const char *region)
{
	long long n = 0;
	for (int i = 0; i < m->norders; i++) {
		const mc_order *o = &m->orders[i];
		if (strcmp(m->families[o->family].id, family) == 0 &&
		    strcmp(m->regions[o->region], region) == 0)
			n += o->quantity;
	}
	return n;
}

Test(whatif, every_overlay_kind, .timeout = 60)
{
	char *dir = support_tmpdir("whatif-kinds");
	free(support_write(
	    dir, "rush.yaml",
	    "orders:\n"
	    "  - { id: RUSH-1, customer: x, region: south, family: sofa, "
	    "options: { fabric: leather, size: 3-seat, colour: navy }, "
	    "quantity: 3, due: "
	    "2026-12-04 }\n"
	    "  - { id: RUSH-2, customer: y, region: east, family: sofa, "
	    "options: { fabric: linen, size: 2-seat, colour: grey }, quantity: "
	    "1, due: "
	    "2026-12-05 }\n"));
	const char *sc =
	    "name: every-kind\n"
	    "changes:\n"
	    "  - { resource: GZ-SEW1, from: 2026-11-30, to: 2026-12-02, "
	    "hours: 0 }\n"
	    "  - { resource: FS-UPH1, dates: [2026-11-28], hours: 10 }\n"
	    "  - { resource: GZ-ASM1, overtime_hours: 4, overtime_cost: 120 }\n"
	    "  - { plant: GZ-NANSHA, family: aircon-split, cost: 1500 }\n"
	    "  - { lane: [FS-SHUNDE, north], blocked: true }\n"
	    "  - { lane: [GZ-NANSHA, east], days: 5, cost: 40 }\n"
	    "  - { material: compressor, plant: GZ-NANSHA, receipt: "
	    "2026-12-03, quantity: 10 }\n"
	    "  - { material: compressor, plant: GZ-NANSHA, receipt: "
	    "2026-12-02, remove: true }\n"
	    "  - { material: uv-module, plant: FS-SHUNDE, receipt: 2026-12-14, "
	    "delay_to: 2026-12-10 }\n"
	    "  - { demand_scale: 2, family: sofa, region: south }\n"
	    "  - { add_orders: rush.yaml }\n"
	    "  - { remove_orders: [SO-20261028-0001] }\n"
	    "  - { order: SO-20261105-0004, due: 2026-12-07 }\n";
	mc_arena *a = mc_arena_new(), *b = mc_arena_new();
	mc_model m, base;
	mc_scenario s;
	mc_diag d = MC_DIAG_INIT;
	load_base(b, &base);
	load_applied(a, dir, sc, &m, &s);
	cr_assert_str_eq(m.scenario, "every-kind");

	int H = m.horizon_days, t30 = 5; /* 2026-11-30 is day 5 */
	const mc_resource *sew = &m.resources[resource(&m, "GZ-SEW1")];
	for (int t = t30; t <= t30 + 2; t++)
		cr_assert_eq(sew->day_hours[t], 0, "day %d", t);
	cr_assert_eq(sew->day_hours[t30 + 3], 5);
	cr_assert_eq(m.resources[resource(&m, "FS-UPH1")].day_hours[3], 10);
	const mc_resource *asm1 = &m.resources[resource(&m, "GZ-ASM1")];
	cr_assert_eq(asm1->ot_hours, 4);
	cr_assert_eq(asm1->ot_cost, 120);
	cr_assert_eq(asm1->day_ot[0], 4);
	int gz = plant(&m, "GZ-NANSHA"), fs = plant(&m, "FS-SHUNDE");
	for (int f = 0; f < m.nfamilies; f++)
		if (strcmp(m.families[f].id, "aircon-split") == 0)
			cr_assert_eq(m.plants[gz].cost[f], 1500);
	int north = find(m.regions, m.nregions, "north");
	int east = find(m.regions, m.nregions, "east");
	cr_assert_eq(m.lane_of[fs * m.nregions + north], -1);
	cr_assert_eq(base.lane_of[fs * m.nregions + north] >= 0, 1);
	const mc_lane *ln = &m.lanes[m.lane_of[gz * m.nregions + east]];
	cr_assert_eq(ln->days, 5);
	cr_assert_eq(ln->cost, 40);
	for (int f = 0; f < m.nfamilies; f++)
		cr_assert_lt(ln->family_cost[f], 0);
	int comp = find(m.materials, m.nmaterials, "compressor");
	int uv = find(m.materials, m.nmaterials, "uv-module");
	cr_assert_eq(m.plants[gz].mat_receipts[comp * H + 8], 10);
	cr_assert_eq(m.plants[gz].mat_receipts[comp * H + 7], 0);
	cr_assert_eq(m.plants[fs].mat_receipts[uv * H + 15], 50);
	cr_assert_eq(m.plants[fs].mat_receipts[uv * H + 19], 0);
	/* added orders are scaled too: RUSH-1 (south) has 3 sofas */
	cr_assert_eq(units_of(&m, "sofa", "south"),
		     2 * (units_of(&base, "sofa", "south") + 3));
	cr_assert_eq(units_of(&m, "sofa", "east"),
		     units_of(&base, "sofa", "east") + 1);
	cr_assert_geq(order(&m, "RUSH-2"), 0);
	cr_assert_lt(order(&m, "SO-20261028-0001"), 0);
	cr_assert_eq(m.norders, base.norders + 2 - 1);
	int o = order(&m, "SO-20261105-0004");
	char buf[11];
	cr_assert_str_eq(mc_date_format(m.orders[o].due, buf), "2026-12-07");
	cr_assert_str_eq(s.changes[0].text,
			 "resource GZ-SEW1: 0 h from 2026-11-30 to 2026-12-02");
	cr_assert_str_eq(s.changes[10].text, "2 orders added from rush.yaml");
	mc_diag_release(&d);
	mc_arena_free(a);
	mc_arena_free(b);
	free(dir);
}

Test(whatif, demand_scale_keeps_the_total, .timeout = 60)
{
	char *dir = support_tmpdir("whatif-scale");
	mc_arena *a = mc_arena_new(), *b = mc_arena_new();
	mc_model m, base;
	mc_scenario s;
	mc_diag d = MC_DIAG_INIT;
	load_base(b, &base);
	load_applied(a, dir, "name: up\nchanges:\n  - { demand_scale: 1.1 }\n",
		     &m, &s);
	long long before = 0, after = 0;
	for (int i = 0; i < base.norders; i++)
		before += base.orders[i].quantity;
	for (int i = 0; i < m.norders; i++) {
		after += m.orders[i].quantity;
		cr_assert_geq(m.orders[i].quantity, base.orders[i].quantity);
		cr_assert_leq(m.orders[i].quantity,
			      base.orders[i].quantity * 11 / 10 + 1);
	}
	cr_assert_eq(after, llround(before * 1.1));
	mc_diag_release(&d);
	mc_arena_free(a);
	mc_arena_free(b);
	free(dir);
}

/* The digest of the database file's bytes. */
static char *db_bytes(const char *db)
{
	char *s = support_read(db);
	cr_assert_not_null(s);
	return s;
}

Test(whatif, bad_scenarios_all_reported_nothing_stored, .timeout = 120)
{
	char *dir = support_tmpdir("whatif-bad");
	char *db = support_path(dir, "w.db");
	cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s", db), 0);
	char *bad = support_write(
	    dir, "bad.yaml",
	    "name: bad\n"
	    "changes:\n"
	    "  - { resource: GZ-SEW9, dates: [2026-11-30], hours: 0 }\n"
	    "  - { resource: GZ-SEW1, hours: 0 }\n"
	    "  - { lane: [DG-HUMEN, northeast], blocked: true }\n"
	    "  - { material: leather-hide, plant: GZ-NANSHA, receipt: "
	    "2026-12-03, quantity: 5 }\n"
	    "  - { remove_orders: [SO-NOPE] }\n"
	    "  - { demand_scale: 1.1, famly: sofa }\n"
	    "  - { resource: GZ-SEW1, dates: [2027-03-01], hours: 0 }\n"
	    "  - { wish: more }\n");
	char *before = db_bytes(db);
	cr_assert_eq(mc(dir, "whatif --db %s --base 1 %s", db, bad), 2);
	char *err = out_of(dir, "out.txt.err");
	/* every error of the file in one pass: the loader's, and the names
	 * and dates checked against the base run's model */
	const char *want[] = {
	    "bad.yaml:3:17: unknown resource 'GZ-SEW9' (did you mean "
	    "'GZ-SEW1'?)",
	    "bad.yaml:4:5: an hours change needs 'dates' or 'from' and 'to'",
	    "bad.yaml:5:5: no lane from 'DG-HUMEN' to 'northeast'",
	    "bad.yaml:6:17: plant 'GZ-NANSHA' keeps no stock of "
	    "'leather-hide'",
	    "bad.yaml:7:23: unknown order 'SO-NOPE'",
	    "bad.yaml:8:26: unknown key 'famly' (did you mean 'family'?)",
	    "bad.yaml:9:5: 2027-03-01 is outside the horizon "
	    "2026-11-25..2026-12-22",
	    "bad.yaml:10:5: a change names what it changes",
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_assert_not_null(strstr(err, want[i]), "no '%s' in:\n%s",
				   want[i], err);
	free(err);
	char *after = db_bytes(db);
	cr_assert_str_eq(before, after, "the database changed");
	free(after);

	/* names resolve against the base run's model, each at its place */
	char *refs = support_write(
	    dir, "refs.yaml",
	    "name: refs\n"
	    "changes:\n"
	    "  - { resource: GZ-SEW9, dates: [2026-11-30], hours: 0 }\n"
	    "  - { lane: [DG-HUMEN, northeast], blocked: true }\n"
	    "  - { material: leather-hide, plant: GZ-NANSHA, receipt: "
	    "2026-12-03, quantity: 5 }\n"
	    "  - { remove_orders: [SO-NOPE] }\n"
	    "  - { resource: GZ-SEW1, dates: [2027-03-01], hours: 0 }\n");
	cr_assert_eq(mc(dir, "whatif --db %s --base 1 %s", db, refs), 2);
	err = out_of(dir, "out.txt.err");
	const char *want2[] = {
	    "refs.yaml:3:17: unknown resource 'GZ-SEW9' (did you mean "
	    "'GZ-SEW1'?)",
	    "refs.yaml:4:5: no lane from 'DG-HUMEN' to 'northeast'",
	    "refs.yaml:5:17: plant 'GZ-NANSHA' keeps no stock of "
	    "'leather-hide'",
	    "refs.yaml:6:23: unknown order 'SO-NOPE'",
	    "refs.yaml:7:5: 2027-03-01 is outside the horizon "
	    "2026-11-25..2026-12-22",
	};
	for (size_t i = 0; i < sizeof(want2) / sizeof(want2[0]); i++)
		cr_assert_not_null(strstr(err, want2[i]), "no '%s' in:\n%s",
				   want2[i], err);
	free(err);
	after = db_bytes(db);
	cr_assert_str_eq(before, after, "the database changed");
	free(after);
	free(before);
	free(bad);
	free(refs);
	free(db);
	free(dir);
}

/* A bad date and a bad name in one scenario (one change, or two) are
 * both reported by one whatif, and by one plan --scenario: the names are
 * checked even when the file has errors of its own (issue 20). */
Test(whatif, bad_date_and_name_in_one_pass, .timeout = 120)
{
	char *dir = support_tmpdir("whatif-once");
	char *db = support_path(dir, "w.db");
	cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s", db), 0);
	char *two = support_write(
	    dir, "two.yaml",
	    "name: two\n"
	    "changes:\n"
	    "  - { resource: gz-sew1, dates: [2026-11-31], hours: 0 }\n"
	    "  - { plant: GZ-NANSHA, family: sofa, cost: many }\n"
	    "  - { order: SO-20261028-0001, due: 2026-12-32 }\n");
	const char *want[] = {
	    "two.yaml:3:17: unknown resource 'gz-sew1' (did you mean "
	    "'GZ-SEW1'?)",
	    "two.yaml:3:34: expected a date (YYYY-MM-DD) for each date, found "
	    "'2026-11-31'",
	    "two.yaml:4:45: expected a non-negative number for 'cost', found "
	    "'many'",
	    "two.yaml:5:37: expected a date (YYYY-MM-DD) for 'due', found "
	    "'2026-12-32'",
	};
	for (int run = 0; run < 2; run++) {
		cr_assert_eq(
		    run ? mc(dir,
			     "plan -q " SAMPLES "/job.yaml --db %s "
			     "--scenario %s",
			     db, two)
			: mc(dir, "whatif --db %s --base 1 %s", db, two),
		    2);
		char *err = out_of(dir, "out.txt.err");
		for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
			cr_assert_not_null(
			    strstr(err, want[i]), "%s: no '%s' in:\n%s",
			    run ? "plan" : "whatif", want[i], err);
		free(err);
	}
	free(two);
	free(db);
	free(dir);
}

/* What a scenario says of itself is said once, plainly: a duplicate key
 * once (it was twice), a byte that is not UTF-8 escaped (it went to the
 * terminal raw).  add_orders reads only files in the scenario's folder
 * unless --allow-outside: an absolute path, one that climbs with .. and a
 * symbolic link out are refused without being read (the first lines of
 * /etc/passwd were quoted), and nothing is stored. */
Test(whatif, scenario_files_and_messages, .timeout = 120)
{
	char *dir = support_tmpdir("whatif-files");
	char *db = support_path(dir, "w.db");
	cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s", db), 0);
	char *before = db_bytes(db);
	cr_assert_eq(
	    support_sh("mkdir %s/sc %s/out && cp " SAMPLES
		       "/scenarios/rush-orders.yaml %s/out/ && cp " SAMPLES
		       "/scenarios/rush-orders.yaml %s/sc/in.yaml && ln "
		       "-s ../out/rush-orders.yaml %s/sc/link.yaml",
		       dir, dir, dir, dir, dir),
	    0);
	free(support_write(dir, "sc/dup.yaml",
			   "name: dup\nchanges:\n  - { resource: GZ-SEW1, "
			   "hours: 0, hours: 2, dates: [2026-11-30] }\n"));
	cr_assert_eq(mc(dir, "whatif --db %s --base 1 %s/sc/dup.yaml", db, dir),
		     2);
	char *err = out_of(dir, "out.txt.err");
	const char *first = strstr(err, "duplicate key 'hours'");
	cr_assert_not_null(first, "%s", err);
	cr_assert_null(strstr(first + 1, "duplicate key"), "twice:\n%s", err);
	free(err);

	free(support_write(dir, "sc/raw.yaml",
			   "name: x\xff\x1b[31mred\nchanges: []\n"));
	cr_assert_eq(mc(dir, "whatif --db %s --base 1 %s/sc/raw.yaml", db, dir),
		     2);
	err = out_of(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "x\\xff\\x1b[31mred"), "%s", err);
	cr_assert_null(strchr(err, '\x1b'), "an escape went out:\n%s", err);
	cr_assert_null(strchr(err, '\xff'), "a raw byte went out:\n%s", err);
	free(err);

	static const char *const outside[] = {"/etc/passwd",
					      "../out/rush-orders.yaml",
					      "link.yaml", "sub/../../w.db"};
	for (int i = 0; i < 4; i++) {
		char text[300];
		snprintf(text, sizeof(text),
			 "name: out\nchanges:\n  - { add_orders: %s }\n",
			 outside[i]);
		free(support_write(dir, "sc/out.yaml", text));
		cr_assert_eq(
		    mc(dir, "whatif --db %s --base 1 %s/sc/out.yaml", db, dir),
		    2, "%s", outside[i]);
		err = out_of(dir, "out.txt.err");
		char want[300];
		snprintf(want, sizeof(want),
			 "out.yaml:3:5: add_orders '%s' is outside the "
			 "scenario's folder",
			 outside[i]);
		cr_assert_not_null(strstr(err, want), "%s", err);
		cr_assert_null(strstr(err, "root:"), "%s", err);
		cr_assert_null(strstr(err, "SO-2026"), "%s", err);
		free(err);
	}
	char *after = db_bytes(db);
	cr_assert_str_eq(before, after, "the database changed");
	free(after);
	/* in the folder it reads; --allow-outside reads outside too */
	free(support_write(dir, "sc/in2.yaml",
			   "name: in\nchanges:\n  - { add_orders: in.yaml "
			   "}\n"));
	cr_assert_eq(
	    mc(dir, "whatif -q --db %s --base 1 %s/sc/in2.yaml", db, dir), 0);
	free(support_write(dir, "sc/out.yaml",
			   "name: out\nchanges:\n  - { add_orders: "
			   "../out/rush-orders.yaml }\n"));
	cr_assert_eq(mc(dir,
			"whatif -q --db %s --base 1 --allow-outside "
			"%s/sc/out.yaml",
			db, dir),
		     0);
	free(before);
	free(db);
	free(dir);
}

/* The rows of table `units` and the serial counter, as text. */
static char *units_state(const char *db)
{
	static const char *const rows[] = {"units", "unit_plan|1|", "published",
					   NULL};
	char *out = support_store_rows(db, rows);
	mc_store *s = support_store_open(db);
	uint64_t next = support_store_next_serial(s);
	mc_store_close(s);
	size_t n = strlen(out) + 64;
	out = realloc(out, n);
	snprintf(out + strlen(out), n - strlen(out), "next serial %llu\n",
		 (unsigned long long)next);
	return out;
}

/* Run's scenario name and plan cost (what = 1) or LP bound (what = 0). */
static double fact_of(const char *db, int64_t run, int what, char *name)
{
	mc_store *s = support_store_open(db);
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_store_load_run(s, run, a, &v, &d), 0);
	cr_assert_str_eq(v.kind, "whatif");
	cr_assert_eq(v.base_run, 1);
	double b = what ? v.cost : v.lp_bound;
	snprintf(name, 32, "%s", v.scenario);
	mc_store_close(s);
	mc_arena_free(a);
	return b;
}

static double bound_of(const char *db, int64_t run)
{
	char name[32];
	return fact_of(db, run, 0, name);
}

static const char *const scenarios[] = {
    "name: outage\nchanges:\n"
    "  - { resource: GZ-SEW1, from: 2026-11-30, to: 2026-12-04, hours: 0 }\n"
    "  - { resource: FS-UPH1, dates: [2026-11-26, 2026-11-27], hours: 2 }\n",
    "name: rush\nchanges:\n"
    "  - { demand_scale: 1.25, family: shirt-mtm }\n"
    "  - { resource: GZ-ASM1, overtime_hours: 3, overtime_cost: 60 }\n"
    "  - { order: SO-20261105-0004, due: 2026-12-01 }\n"
    "  - { add_orders: extra.yaml }\n",
    "name: supply\nchanges:\n"
    "  - { material: compressor, plant: GZ-NANSHA, receipt: 2026-12-14, "
    "delay_to: 2026-12-20 }\n"
    "  - { lane: [GZ-NANSHA, north], blocked: true }\n"
    "  - { plant: DG-HUMEN, family: shirt-mtm, cost: 90 }\n"
    "  - { remove_orders: [SO-20261028-0001, SO-20261105-0005] }\n",
};
#define NSCEN 3

Test(whatif, base_untouched_warm_equals_cold_jobs_agree, .timeout = 240)
{
	char *dir = support_tmpdir("whatif-run");
	char *db = support_path(dir, "w.db");
	char *files[NSCEN], args[3000];
	cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s", db), 0);
	free(support_write(
	    dir, "extra.yaml",
	    "orders:\n"
	    "  - { id: RUSH-9, customer: z, region: east, family: "
	    "aircon-split, options: { capacity: 1.5hp, self_clean: \"yes\", "
	    "fresh_air: \"no\" }, quantity: 12, due: 2026-12-04 }\n"));
	char *before = units_state(db);
	int len = snprintf(args, sizeof(args), "whatif --db %s --base 1", db);
	for (int i = 0; i < NSCEN; i++) {
		char name[32];
		snprintf(name, sizeof(name), "s%d.yaml", i);
		files[i] = support_write(dir, name, scenarios[i]);
		len += snprintf(args + len, sizeof(args) - (size_t)len, " %s",
				files[i]);
	}
	/* warm (CLP), twice in two workers, then cold (GLPK) */
	cr_assert_eq(mc(dir, "%s", args), 0, "%s", args);
	char *out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "warm from the base"), "%s", out);
	cr_assert_not_null(strstr(out, "what-if 'supply': run 4"), "%s", out);
	free(out);
	strcat(args, " --jobs 2");
	cr_assert_eq(mc(dir, "%s", args), 0, "%s", args);
	strcat(args, " --solver glpk --jobs 1");
	cr_assert_eq(mc(dir, "%s", args), 0, "%s", args);
	out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "LP solved cold"), "%s", out);
	free(out);
	for (int i = 0; i < NSCEN; i++) {
		double warm = bound_of(db, 2 + i), cold = bound_of(db, 8 + i);
		cr_assert_leq(fabs(warm - cold), 1e-6 * fabs(cold),
			      "scenario %d: warm %.9g, cold %.9g", i, warm,
			      cold);
		/* --jobs 2 stores each scenario once, in some order, with
		 * the very same plan (a what-if does not depend on the
		 * machine or the worker) */
		char name[32], other[32];
		double cost = fact_of(db, 2 + i, 1, name);
		int found = 0;
		for (int r = 5; r <= 7; r++)
			if (fact_of(db, r, 1, other) == cost &&
			    strcmp(name, other) == 0)
				found++;
		cr_assert_eq(found, 1,
			     "scenario %d: cost %.9g not among the "
			     "--jobs 2 runs",
			     i, cost);
	}
	char *after = units_state(db);
	cr_assert_str_eq(before, after, "what-ifs changed units or serials");

	/* the report says what the what-if is */
	cr_assert_eq(mc(dir, "report 3 --db %s", db), 0);
	out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "MCSCHED WHAT-IF RUN 3"), "%s", out);
	cr_assert_not_null(strstr(out, "what-if on run 1, scenario 'rush'"));
	cr_assert_not_null(strstr(out, "order SO-20261105-0004 due 2026-12-01 "
				       "(was 2026-12-05)"),
			   "%s", out);
	free(out);
	/* a what-if is no base */
	cr_assert_eq(mc(dir, "whatif --db %s --base 3 %s", db, files[0]), 1);
	for (int i = 0; i < NSCEN; i++)
		free(files[i]);
	free(before);
	free(after);
	free(db);
	free(dir);
}

Test(whatif, export_from_the_snapshot, .timeout = 120)
{
	char *dir = support_tmpdir("whatif-export");
	cr_assert_eq(support_sh("cp " SAMPLES "/*.yaml %s/", dir), 0);
	char *db = support_path(dir, "w.db");
	cr_assert_eq(mc(dir,
			"plan -q -c %s/catalog.yaml -p %s/plants.yaml -o "
			"%s/orders.yaml --db %s",
			dir, dir, dir, db),
		     0);
	/* the files change and move: the run still has its inputs */
	cr_assert_eq(support_sh("echo '# edited' >> %s/orders.yaml && mv "
				"%s/plants.yaml %s/plants.old",
				dir, dir, dir),
		     0);
	char *sc = support_write(dir, "sc.yaml",
				 "name: up\nchanges:\n  - { demand_scale: 2, "
				 "family: sofa }\n");
	cr_assert_eq(mc(dir, "whatif -q --db %s --base 1 %s", db, sc), 0);
	cr_assert_eq(support_sh("rm %s", sc), 0);
	cr_assert_eq(
	    mc(dir, "export 1 --db %s --lp %s/base.lp --mathprog %s/base.dat",
	       db, dir, dir),
	    0);
	cr_assert_eq(mc(dir, "export 2 --db %s --mathprog %s/w.dat", db, dir),
		     0);
	char *base = out_of(dir, "base.dat"), *w = out_of(dir, "w.dat");
	cr_assert(strcmp(base, w) != 0, "the what-if exports its base");
	free(base);
	free(w);
	free(sc);
	free(db);
	free(dir);
}
