/*
 * test_load.c - the YAML loader: good inputs load with the right values and
 * defaults; each kind of bad input is reported at its exact
 * file:line:column, several at once.  Fixtures are in fixtures/load/ (the
 * suite runs with cwd = tests/).
 */
#include "load.h"
#include "date.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define FX "fixtures/load/"

/* One load per test (each Criterion test runs in its own process). */
static mc_arena *arena;
static mc_model model;
static mc_diag diag = MC_DIAG_INIT;
static int load_rc;

static void teardown(void)
{
	mc_diag_release(&diag);
	mc_arena_free(arena);
}

TestSuite(load, .fini = teardown);

static void load(const char *catalog, const char *plants, const char *orders)
{
	arena = mc_arena_new();
	load_rc = mc_load_inputs(arena, catalog, plants, orders, &model, &diag);
}

static void load_good(void)
{
	load(FX "catalog.yaml", FX "plants.yaml", FX "orders.yaml");
	cr_assert_eq(load_rc, 0, "good inputs failed with %d errors", diag.n);
}

/* Every message as file:line:col: msg, one a line, for failure reports. */
static const char *messages(void)
{
	static char buf[8192];
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < diag.n && used < sizeof(buf); i++) {
		const mc_diag_entry *e = &diag.v[i];
		used += (size_t)snprintf(
		    buf + used, sizeof(buf) - used, "  %s:%d:%d: %s\n",
		    e->file ? e->file : "-", e->line, e->col, e->msg);
	}
	return buf;
}

static void assert_error(const char *file, int line, int col, const char *msg)
{
	for (int i = 0; i < diag.n; i++) {
		const mc_diag_entry *e = &diag.v[i];
		if (e->file && !strcmp(e->file, file) && e->line == line &&
		    e->col == col && strstr(e->msg, msg))
			return;
	}
	cr_assert_fail("no error %s:%d:%d: %s among:\n%s", file, line, col, msg,
		       messages());
}

/* Loads bad inputs and expects failure with exactly n messages. */
static void load_bad(const char *catalog, const char *plants,
		     const char *orders, int n)
{
	load(catalog, plants, orders);
	cr_assert_eq(load_rc, -1);
	cr_assert_eq(diag.status, MC_EINPUT);
	cr_assert_eq(diag.n, n, "%d errors, expected %d:\n%s", diag.n, n,
		     messages());
}

/* A bad catalog with a minimal good plants file and no orders; exactly
 * one error, at line:col containing msg. */
static void bad_catalog(const char *file, int line, int col, const char *msg)
{
	load_bad(file, FX "mini_plants.yaml", FX "no_orders.yaml", 1);
	assert_error(file, line, col, msg);
}

/* An error a fixture must produce: line, column, message substring. */
struct want {
	int line, col;
	const char *msg;
};

/* Loads bad inputs and expects exactly the n errors of w, all in file. */
static void load_expecting(const char *catalog, const char *plants,
			   const char *orders, const char *file,
			   const struct want *w, int n)
{
	load_bad(catalog, plants, orders, n);
	for (int i = 0; i < n; i++)
		assert_error(file, w[i].line, w[i].col, w[i].msg);
}

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static int kind(const char *name)
{
	int k = mc_model_find(model.kinds, model.nkinds, name);
	cr_assert_geq(k, 0, "no kind '%s'", name);
	return k;
}

static int material(const char *name)
{
	int m = mc_model_find(model.materials, model.nmaterials, name);
	cr_assert_geq(m, 0, "no material '%s'", name);
	return m;
}

static int day(const char *iso)
{
	int d = 0;
	cr_assert_eq(mc_date_parse(iso, &d), 0);
	return d;
}

/* ---- good inputs ---- */

Test(load, good_counts_and_plan_header)
{
	load_good();
	cr_assert_eq(diag.n, 0);
	cr_assert_eq(model.arena, arena);
	cr_assert_eq(model.nfamilies, 2);
	cr_assert_eq(model.nplants, 2);
	cr_assert_eq(model.nresources, 3);
	cr_assert_eq(model.nlanes, 2);
	cr_assert_eq(model.norders, 3);
	cr_assert_eq(model.nkinds, 3);
	cr_assert_eq(model.nmaterials, 3); /* compressor, uv-module, fabric */
	cr_assert_eq(model.nregions, 2);
	cr_assert_str_eq(model.regions[1], "east");
	cr_assert_str_eq(model.enterprise, "示例家电集团");
	cr_assert_str_eq(model.prefix, "88.999.1");
	cr_assert_eq(model.start, day("2026-11-25"));
	cr_assert_eq(model.horizon_days, 28);
	cr_assert_null(model.scenario);
	/* mc_model_finish() ran */
	cr_assert_not_null(model.lane_of);
	cr_assert_not_null(model.resources[0].day_hours);
	cr_assert_eq(model.lane_of[1 * model.nregions + 1], 1);
}

Test(load, good_family_and_options)
{
	load_good();
	const mc_family *f = &model.families[0];
	cr_assert_str_eq(f->id, "aircon-split");
	cr_assert_eq(f->kind, MC_AIRCON);
	cr_assert_str_eq(f->code, "AC");
	cr_assert_str_eq(f->gtin, "09521234300014");
	cr_assert_float_eq(f->routing[kind("assembly")], 12, 1e-9);
	cr_assert_float_eq(f->routing[kind("test")], 4, 1e-9);
	cr_assert_float_eq(f->routing[kind("sewing")], 0, 1e-9);
	cr_assert_float_eq(f->holding_cost, 1.5, 1e-9);
	cr_assert_float_eq(f->unmet_penalty, 3000, 1e-9);
	cr_assert_float_eq(f->materials[material("compressor")], 1, 1e-9);
	cr_assert_eq(f->nopts, 2);
	cr_assert_str_eq(f->opts[0].name, "capacity");
	cr_assert_eq(f->opts[0].nvals, 2);
	const mc_optval *hp3 = &f->opts[0].vals[1];
	cr_assert_str_eq(hp3->name, "3hp");
	cr_assert_float_eq(hp3->routing[kind("assembly")], 3, 1e-9);
	cr_assert_float_eq(hp3->routing[kind("test")], 1, 1e-9);
	cr_assert_float_eq(hp3->cost, 150, 1e-9);
	cr_assert_eq(hp3->pos.line, 14);
	const mc_optval *yes = &f->opts[1].vals[1];
	cr_assert_str_eq(yes->name, "yes");
	cr_assert_float_eq(yes->materials[material("uv-module")], 1, 1e-9);
	cr_assert_eq(model.families[1].kind, MC_APPAREL);
	cr_assert_float_eq(model.families[1].routing[kind("sewing")], 7.5,
			   1e-9);
	cr_assert_eq(model.families[1].nopts, 0);
	cr_assert_str_eq(f->pos.file, FX "catalog.yaml");
	cr_assert_eq(f->pos.line, 3);
	cr_assert_eq(f->pos.col, 5);
}

Test(load, good_plants_resources_and_override)
{
	load_good();
	const mc_plant *gz = &model.plants[0], *sz = &model.plants[1];
	int nk = model.nkinds;
	cr_assert_str_eq(gz->name, "广州南沙工厂");
	cr_assert_eq(gz->workdays, 0x3fu);
	cr_assert_eq(sz->workdays, 0x1fu); /* default mon..fri */
	cr_assert_str_eq(sz->name, "SZ-SEW");
	cr_assert_eq(gz->nholidays, 1);
	cr_assert_eq(gz->holidays[0], day("2026-12-25"));
	cr_assert(gz->makes[0]);
	cr_assert_not(gz->makes[1]);
	cr_assert_float_eq(gz->cost[0], 850, 1e-9);
	cr_assert_float_eq(gz->routing[0 * nk + kind("assembly")], 10, 1e-9);
	cr_assert_lt(gz->routing[0 * nk + kind("test")], 0);
	cr_assert_lt(sz->routing[0 * nk + kind("assembly")], 0);
	cr_assert_eq(gz->nresources, 2);
	cr_assert_eq(sz->nresources, 1);

	const mc_resource *as1 = &model.resources[gz->resources[0]];
	cr_assert_str_eq(as1->id, "GZ-AS1");
	cr_assert_eq(as1->kind, kind("assembly"));
	cr_assert_float_eq(as1->hours, 16, 1e-9);
	cr_assert_float_eq(as1->ot_hours, 4, 1e-9);
	cr_assert_float_eq(as1->ot_cost, 90, 1e-9);
	cr_assert(as1->admits[0]);
	cr_assert_not(as1->admits[1]);
	cr_assert_eq(as1->cal_n, 1);
	cr_assert_eq(as1->cal_day[0], day("2026-11-28"));
	cr_assert_float_eq(as1->cal_hours[0], 8, 1e-9);

	const mc_resource *ts1 = &model.resources[gz->resources[1]];
	cr_assert(ts1->admits[0] && ts1->admits[1]); /* absent = all */
	cr_assert_float_eq(ts1->ot_hours, 0, 1e-9);
	cr_assert_eq(model.resources[sz->resources[0]].plant, 1);
}

Test(load, good_receipts_fold_into_stock)
{
	load_good();
	const mc_plant *gz = &model.plants[0], *sz = &model.plants[1];
	int c = material("compressor"), h = model.horizon_days;
	/* 500 stock + 30 received before the horizon */
	cr_assert_float_eq(gz->mat_stock[c], 530, 1e-9);
	/* 2026-11-30 is day 5; the 2027 receipt is past the end */
	double sum = 0;
	for (int t = 0; t < h; t++)
		sum += gz->mat_receipts[c * h + t];
	cr_assert_float_eq(gz->mat_receipts[c * h + 5], 800, 1e-9);
	cr_assert_float_eq(sum, 800, 1e-9);
	cr_assert(gz->mat_listed[material("uv-module")]);
	cr_assert_not(gz->mat_listed[material("fabric")]);
	/* a material no family uses is fine */
	cr_assert(sz->mat_listed[material("fabric")]);
	cr_assert_not(sz->mat_listed[c]);
}

Test(load, good_lanes)
{
	load_good();
	const mc_lane *l = &model.lanes[0];
	cr_assert_eq(l->plant, 0);
	cr_assert_eq(l->region, 0);
	cr_assert_eq(l->days, 1);
	cr_assert_float_eq(l->cost, 20, 1e-9);
	cr_assert_float_eq(l->family_cost[0], 35, 1e-9);
	cr_assert_lt(l->family_cost[1], 0);
	cr_assert_lt(model.lanes[1].family_cost[0], 0);
}

Test(load, good_orders_overrides_and_defaults)
{
	load_good();
	const mc_order *o1 = &model.orders[0], *o2 = &model.orders[1];
	cr_assert_str_eq(o1->id, "SO-1");
	cr_assert_str_eq(o1->customer, "陈女士");
	cr_assert_eq(o1->region, 0);
	cr_assert_eq(o1->family, 0);
	cr_assert_eq(o1->opt[0], 1); /* 3hp */
	cr_assert_eq(o1->opt[1], 1); /* "yes" */
	cr_assert_eq(o1->quantity, 2);
	cr_assert_eq(o1->due, day("2026-12-01"));
	cr_assert_eq(o1->release, day("2026-11-26"));
	cr_assert_float_eq(o1->priority, 2, 1e-9);
	cr_assert_float_eq(o1->late_penalty, 120, 1e-9);
	cr_assert_float_eq(o1->unmet_penalty, 5000, 1e-9);
	cr_assert_eq(o1->max_late_days, 5);

	/* a bare `no` is the option value "no", not a boolean */
	cr_assert_eq(o2->opt[1], 0);
	cr_assert_str_eq(model.families[0].opts[1].vals[0].name, "no");
	cr_assert_eq(o2->release, model.start);
	cr_assert_float_eq(o2->priority, 1, 1e-9);
	cr_assert_float_eq(o2->late_penalty, 80, 1e-9);
	cr_assert_float_eq(o2->unmet_penalty, 3000, 1e-9);
	cr_assert_eq(o2->max_late_days, -1);
	cr_assert_str_eq(model.orders[2].customer, "李先生");
	cr_assert_eq(model.orders[2].pos.line, 22);
}

Test(load, inputs_recorded_with_digest)
{
	load(FX "catalog.yaml", FX "plants.yaml", FX "no_orders.yaml");
	cr_assert_eq(load_rc, 0, "%s", messages());
	cr_assert_eq(model.ninputs, 3);
	cr_assert_str_eq(model.inputs[0].role, "catalog");
	cr_assert_str_eq(model.inputs[1].role, "plants");
	cr_assert_str_eq(model.inputs[2].role, "orders");
	cr_assert_str_eq(model.inputs[1].path, FX "plants.yaml");
	/* FNV-1a 64 of "orders: []\n" */
	cr_assert_str_eq(model.inputs[2].digest, "1625134fc3e6942c");
	cr_assert_eq(strlen(model.inputs[0].digest), 16);
	cr_assert_eq(strspn(model.inputs[0].digest, "0123456789abcdef"), 16);
	cr_assert_eq(model.norders, 0);
}

/* ---- bad inputs, one kind each ---- */

Test(load, missing_file)
{
	load_bad(FX "catalog.yaml", FX "plants.yaml", FX "nope.yaml", 1);
	assert_error(FX "nope.yaml", 0, 0,
		     "unable to open '" FX "nope.yaml': No such file");
}

Test(load, yaml_syntax_error)
{
	bad_catalog(FX "cat_syntax.yaml", 4, 4,
		    "invalid yaml: did not find expected '-' indicator");
}

Test(load, wrong_type_mapping)
{
	bad_catalog(FX "cat_type.yaml", 6, 14,
		    "expected a mapping for 'routing', found a sequence");
}

Test(load, wrong_type_sequence)
{
	load_bad(FX "catalog.yaml", FX "plants.yaml", FX "ord_type.yaml", 1);
	assert_error(FX "ord_type.yaml", 1, 9,
		     "expected a sequence for 'orders', found a mapping");
}

Test(load, missing_required_key)
{
	bad_catalog(FX "cat_missing.yaml", 2, 5, "missing required key 'gtin'");
}

Test(load, duplicate_family)
{
	bad_catalog(FX "cat_dup.yaml", 3, 11,
		    "duplicate family 'chair' (first at line 2)");
}

static const struct want cat_fields[] = {
    {3, 11, "unknown family kind 'furnture' (did you mean 'furniture'?)"},
    {4, 11, "code 'ch' must be 2-4 capital letters"},
    {5, 11, "gtin '09521234300015' has check digit 5, expected 4"},
    {6, 16,
     "no plant has a resource of kind 'asembly' (did you mean 'assembly'?)"},
    {7, 19, "expected a non-negative number for 'holding_cost', found '.nan'"},
    {10, 5, "unknown key 'material' (did you mean 'materials'?)"},
    {11, 24, "option 'colour' has no values"},
    {12, 11, "family id 'Sofa_1' may use only a-z, 0-9"},
    {12, 52, "gtin '0952123430001' must be 14 digits"},
};

static const struct want pl_fields[] = {
    {1, 32, "prefix '88.x.1' must look like 88.<digits>"},
    {2, 37, "horizon of 400 days is longer than 366"},
    {3, 18, "duplicate region 'south'"},
    {6, 21, "unknown weekday 'wen' (did you mean 'wed'?)"},
    {7, 16, "date '1999-12-31' is outside 2000-01-01"},
    {8, 14, "unknown family 'chiar' (did you mean 'chair'?)"},
    {9, 25, "no plant has a resource of kind 'painting'"},
    {11, 42, "expected a non-negative number for 'hours', found '-8'"},
    {11, 46, "unknown key 'overtme' (did you mean 'overtime'?)"},
    {12, 15, "duplicate resource 'R1' (first at line 11)"},
    {12, 56, "unknown family 'chiar' (did you mean 'chair'?)"},
    {12, 76,
     "expected a date (YYYY-MM-DD) for each calendar date, found '2026-02-30'"},
    {14, 14, "unknown plant 'P2' (did you mean 'P1'?)"},
    {15, 26, "unknown region 'sout' (did you mean 'south'?)"},
    {15, 38, "expected a non-negative integer for 'days', found '1.5'"},
    {17, 5, "duplicate lane from 'P1' to 'south' (first at line 16)"},
};

static const struct want ord_fields[] = {
    {2, 35, "unknown region 'sout' (did you mean 'south'?)"},
    {2, 49, "unknown family 'aircon-splt' (did you mean 'aircon-split'?)"},
    {3, 11, "duplicate order 'A' (first at line 2)"},
    {3, 73, "missing option 'self_clean' for family 'aircon-split'"},
    {3, 85, "unknown value '3hpp' for option 'capacity' (did you mean '3hp'?)"},
    {3, 91, "unknown option 'colour' for family 'aircon-split'"},
    {3, 116, "expected a positive integer for 'quantity', found '0'"},
    {3, 124, "expected a date (YYYY-MM-DD) for 'due', found '2026-12-32'"},
    {4, 67, "expected a positive integer for 'quantity', found '2.5'"},
    {4, 89, "unknown key 'relase' (did you mean 'release'?)"},
    {5, 5, "missing required key 'customer'"},
    {5, 5, "missing required key 'family'"},
    {5, 5, "missing required key 'quantity'"},
    {5, 5, "missing required key 'due'"},
};

/* Each fixture holds one of every kind of mistake in its file; each is
 * reported at its place, all in one pass. */
Test(load, catalog_mistakes)
{
	/* The routing typo 'asembly' also leaves the plant's 'assembly'
	 * resource matching no routing: both sides are named. */
	load_bad(FX "cat_fields.yaml", FX "mini_plants.yaml",
		 FX "no_orders.yaml", COUNT(cat_fields) + 1);
	for (int i = 0; i < COUNT(cat_fields); i++)
		assert_error(FX "cat_fields.yaml", cat_fields[i].line,
			     cat_fields[i].col, cat_fields[i].msg);
	assert_error(FX "mini_plants.yaml", 8, 25,
		     "unknown resource kind 'assembly' (did you mean "
		     "'asembly'?)");
}

Test(load, plants_mistakes)
{
	load_expecting(FX "mini_catalog.yaml", FX "pl_fields.yaml",
		       FX "no_orders.yaml", FX "pl_fields.yaml", pl_fields,
		       COUNT(pl_fields));
}

Test(load, orders_mistakes)
{
	load_expecting(FX "catalog.yaml", FX "plants.yaml",
		       FX "ord_fields.yaml", FX "ord_fields.yaml", ord_fields,
		       COUNT(ord_fields));
}

/* ---- several at once ---- */

Test(load, several_errors_in_file_order)
{
	load_bad(FX "catalog.yaml", FX "plants.yaml", FX "ord_fields.yaml",
		 COUNT(ord_fields));
	for (int i = 1; i < diag.n; i++) {
		const mc_diag_entry *a = &diag.v[i - 1], *b = &diag.v[i];
		cr_assert(a->line < b->line ||
			      (a->line == b->line && a->col <= b->col),
			  "out of order:\n%s", messages());
	}
}

Test(load, errors_from_every_file_at_once)
{
	load_bad(FX "cat_syntax.yaml", FX "plants.yaml", FX "nope.yaml", 2);
	assert_error(FX "cat_syntax.yaml", 4, 4, "invalid yaml");
	assert_error(FX "nope.yaml", 0, 0, "unable to open");
}

/* ---- job.yaml ---- */

Test(load, job_paths_relative_to_job)
{
	mc_settings job;
	arena = mc_arena_new();
	cr_assert_eq(mc_load_job(arena, FX "job.yaml", &job, &diag), 0, "%s",
		     messages());
	cr_assert_str_eq(job.catalog, FX "catalog.yaml");
	cr_assert_str_eq(job.plants, FX "plants.yaml");
	cr_assert_str_eq(job.orders, "/nonexistent/orders.yaml");
	cr_assert_str_eq(job.db, FX "out.db");
	cr_assert_eq(job.scenarios.n, 1);
	cr_assert_str_eq(job.scenarios.v[0], FX "sub/rush.yaml");
	cr_assert_eq(job.frozen_days, 2);
	cr_assert_float_eq(job.time_limit, 30, 1e-9);
	cr_assert_float_eq(job.round_time, 0.5, 1e-9);
}

Test(load, job_defaults_then_inputs)
{
	mc_settings job;
	arena = mc_arena_new();
	cr_assert_eq(mc_load_job(arena, FX "job_min.yaml", &job, &diag), 0);
	/* none given: each is its default, or none */
	cr_assert_eq(job.given, (1u << MC_SET_CATALOG) | (1u << MC_SET_PLANTS) |
				    (1u << MC_SET_ORDERS));
	cr_assert_str_eq(job.db, "mcsched.db");
	cr_assert_eq(job.scenarios.n, 0);
	cr_assert_eq(job.frozen_days, 0);
	cr_assert_leq(job.time_limit, 0);
	cr_assert_lt(job.round_time, 0);
	cr_assert_str_eq(job.publish, "auto");
	cr_assert_eq(job.min_orders, 1);
	cr_assert_float_eq(job.max_gap, 2, 1e-9);
	cr_assert_float_eq(job.stability_cost, 25, 1e-9);
	cr_assert_null(job.start);
	load_rc = mc_load_inputs(arena, job.catalog, job.plants, job.orders,
				 &model, &diag);
	cr_assert_eq(load_rc, 0, "%s", messages());
	cr_assert_eq(model.norders, 3);
}

Test(load, job_errors)
{
	mc_settings job;
	arena = mc_arena_new();
	cr_assert_eq(mc_load_job(arena, FX "job_bad.yaml", &job, &diag), -1);
	cr_assert_eq(diag.n, 4, "%s", messages());
	assert_error(FX "job_bad.yaml", 1, 1, "missing required key 'orders'");
	assert_error(FX "job_bad.yaml", 2, 9,
		     "expected a string for 'plants', found a sequence");
	assert_error(FX "job_bad.yaml", 3, 1,
		     "unknown key 'scenaro' (did you mean 'scenario'?)");
	assert_error(FX "job_bad.yaml", 4, 14,
		     "expected a non-negative integer for 'frozen_days'");
}

/* docs/inputs.md's own example: a resource kind that is a near miss of a
 * routing kind is a typo, reported where it was typed.  (The catalog's routing
 * then names a kind no plant has: a second, also true, message.) */
Test(load, resource_kind_typo_did_you_mean)
{
	load(FX "catalog.yaml", FX "pl_kind_typo.yaml", FX "orders.yaml");
	cr_assert_eq(load_rc, -1);
	assert_error(FX "pl_kind_typo.yaml", 26, 29,
		     "unknown resource kind 'sewng' (did you mean 'sewing'?)");
}
