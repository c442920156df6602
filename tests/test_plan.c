/*
 * test_plan.c - the planning run on tiny instances whose optimum is derived
 * by hand in each test's comment, and the invariants of rounding: never
 * above capacity, never a unit lost or duplicated.
 *
 * Shared setting unless a test says otherwise: one family "widget" taking
 * 60 assembly minutes, plant P1 with cost 100 and one resource R1 of 8
 * hours a day (8 units), a lane to "south" of 0 days costing 10, so a unit
 * costs 110 before holding (1/day early) or lateness (50/day); an unmet unit
 * costs 1000.  The horizon starts Monday 2026-11-30.
 */
#include "plan.h"
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CATALOG                                                                \
	"families:\n"                                                          \
	"  - id: widget\n"                                                     \
	"    kind: furniture\n"                                                \
	"    code: WD\n"                                                       \
	"    gtin: \"09521234300014\"\n"                                       \
	"    routing: { assembly: %s }\n"                                      \
	"    holding_cost: 1\n"                                                \
	"    late_penalty: 50\n"                                               \
	"    unmet_penalty: 1000\n"                                            \
	"    options:\n"                                                       \
	"      colour: { red: {}, blue: {} }\n"                                \
	"  - id: gadget\n"                                                     \
	"    kind: aircon\n"                                                   \
	"    code: GD\n"                                                       \
	"    gtin: \"09521234300021\"\n"                                       \
	"    routing: { assembly: 30 }\n"                                      \
	"    holding_cost: 1\n"                                                \
	"    late_penalty: 50\n"                                               \
	"    unmet_penalty: 700\n"

#define PLANTS                                                                 \
	"enterprise: { name: 测试集团, prefix: \"88.999.1\" }\n"           \
	"horizon: { start: 2026-11-30, days: %d }\n"                           \
	"regions: [%s]\n"                                                      \
	"plants:\n"                                                            \
	"  - id: P1\n"                                                         \
	"    name: 一厂\n"                                                   \
	"    costs: { %s }\n"                                                  \
	"    resources:\n"                                                     \
	"      - { id: R1, kind: assembly, hours: 8%s }\n"                     \
	"lanes:\n"                                                             \
	"  - { plant: P1, region: south, days: 0, cost: 10 }\n"

typedef struct run {
	mc_arena *a;
	mc_model m;
	mc_plan p;
} run;

/* Loads the shared setting with the given assembly minutes, horizon days,
 * regions, P1's costs, extra resource YAML and orders, and plans it. */
static void plan_at(run *r, const char *minutes, int days, const char *regions,
		    const char *costs, const char *res_extra,
		    const char *orders)
{
	char cat[2048], pl[2048];
	mc_diag d = MC_DIAG_INIT;
	snprintf(cat, sizeof(cat), CATALOG, minutes);
	snprintf(pl, sizeof(pl), PLANTS, days, regions, costs, res_extra);
	r->a = mc_arena_new();
	cr_assert_eq(support_load(r->a, cat, pl, orders, &r->m, &d), 0);
	mc_plan_opts o = {0};
	int rc = mc_plan_run(&r->m, &o, &r->p, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0);
	mc_diag_release(&d);
}

/* The shared setting: region south, P1 makes widgets only. */
static void plan(run *r, const char *minutes, int days, const char *res_extra,
		 const char *orders)
{
	plan_at(r, minutes, days, "south", "widget: 100", res_extra, orders);
}

static void done(run *r)
{
	mc_arena_free(r->a);
}

/* Units planned on day t (horizon index) for order o. */
static int units_on(const run *r, int o, int t)
{
	int n = 0;
	for (int i = 0; i < r->p.nalloc; i++)
		if (r->p.alloc[i].order == o && r->p.alloc[i].day == t)
			n += r->p.alloc[i].units;
	return n;
}

/*
 * 10 units due Tuesday.  Tuesday holds 8 (on time, 0 extra); the other 2
 * are made Monday and wait one day (holding 1 each) rather than Wednesday
 * (late, 50 each).  Cost = 10 x 110 + 2 x 1 = 1102; the LP is integral, so
 * bound = cost and gap = 0.  Tuesday is full: one more hour there would
 * move a unit from Monday, saving 1, so its shadow price is 1 per hour.
 */
Test(plan, holding_beats_lateness)
{
	run r;
	plan(&r, "60", 5, "",
	     "orders:\n"
	     "  - { id: A, customer: 陈女士, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 10, due: 2026-12-01 "
	     "}\n");
	cr_assert_float_eq(r.p.cost, 1102, 1e-6);
	cr_assert_float_eq(r.p.lp_bound, 1102, 1e-6);
	cr_assert_float_eq(r.p.gap, 0, 1e-9);
	cr_assert_eq(units_on(&r, 0, 0), 2);
	cr_assert_eq(units_on(&r, 0, 1), 8);
	cr_assert_eq(r.p.orders[0].late_units, 0);
	cr_assert_float_eq(r.p.cost_holding, 2, 1e-9);
	cr_assert_float_eq(r.p.cap[1].shadow, 1, 1e-6);
	cr_assert_float_eq(r.p.cap[1].used, 8, 1e-9);
	done(&r);
}

/*
 * 12 units due Monday, with up to 2 overtime hours at 30 an hour.  Monday
 * regular hours make 8 on time; two overtime hours make 2 more for 30 each
 * (cheaper than 50 for a day late); the last 2 are made Tuesday, one day
 * late.  Cost = 12 x 110 + 2 x 30 + 2 x 50 = 1480.  One more Monday hour
 * would turn a late unit into an on-time one: shadow price 50 per hour;
 * Tuesday has room: 0.
 */
Test(plan, overtime_then_late)
{
	run r;
	plan(&r, "60", 5, ", overtime: { hours: 2, cost: 30 }",
	     "orders:\n"
	     "  - { id: A, customer: 李先生, region: south, family: widget,\n"
	     "      options: { colour: blue }, quantity: 12, due: 2026-11-30 "
	     "}\n");
	cr_assert_float_eq(r.p.cost, 1480, 1e-6);
	cr_assert_float_eq(r.p.lp_bound, 1480, 1e-6);
	cr_assert_float_eq(r.p.cost_overtime, 60, 1e-6);
	cr_assert_float_eq(r.p.cost_late, 100, 1e-6);
	cr_assert_eq(units_on(&r, 0, 0), 10);
	cr_assert_eq(units_on(&r, 0, 1), 2);
	cr_assert_eq(r.p.orders[0].late_units, 2);
	cr_assert_eq(r.p.orders[0].max_late, 1);
	cr_assert_float_eq(r.p.cap[0].ot, 2, 1e-9);
	cr_assert_float_eq(r.p.cap[0].shadow, 50, 1e-6);
	cr_assert_float_eq(r.p.cap[1].shadow, 0, 1e-9);
	done(&r);
}

/*
 * 20 units due Tuesday, never late (max_late_days 0), two-day horizon and
 * no overtime: at most 16 can be made.  Monday's 8 wait a day (8 x 1),
 * Tuesday's 8 are on time, 4 are unmet (4 x 1000).
 * Cost = 16 x 110 + 8 + 4000 = 5768.  The order is unmet for capacity and
 * the reason names R1.
 */
Test(plan, unmet_for_capacity)
{
	run r;
	plan(&r, "60", 2, "",
	     "orders:\n"
	     "  - { id: A, customer: 王女士, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 20, due: 2026-12-01,\n"
	     "      max_late_days: 0 }\n");
	cr_assert_float_eq(r.p.cost, 5768, 1e-6);
	cr_assert_float_eq(r.p.lp_bound, 5768, 1e-6);
	cr_assert_eq(r.p.orders[0].planned, 16);
	cr_assert_eq(r.p.orders[0].unmet, 4);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_CAPACITY);
	/* the binding resource and its days */
	cr_assert_str_eq(r.p.orders[0].detail,
			 "R1 full 2026-11-30..2026-12-01");
	done(&r);
}

/*
 * A unit takes 90 minutes: 480 / 90 = 5 1/3 units fit in the one-day
 * horizon.  Two orders of 3 (red and blue: colour changes nothing, so they
 * are one class) due Monday.  LP: 16/3 units made, 2/3 unmet:
 * bound = 16/3 x 110 + 2/3 x 1000 = 3760/3 = 1253.33.  Whole units: 5 made
 * (450 minutes <= 480), 1 unmet: cost = 5 x 110 + 1000 = 1550, gap =
 * (1550 - 1253.33) / 1550.  The first order gets its 3, the second 2.
 */
Test(plan, rounding_keeps_capacity)
{
	run r;
	plan(&r, "90", 1, "",
	     "orders:\n"
	     "  - { id: A, customer: 张三, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 3, due: 2026-11-30 }\n"
	     "  - { id: B, customer: 李四, region: south, family: widget,\n"
	     "      options: { colour: blue }, quantity: 3, due: 2026-11-30 "
	     "}\n");
	cr_assert_eq(r.p.nclasses, 1);
	cr_assert_float_eq(r.p.lp_bound, 3760.0 / 3, 1e-6);
	cr_assert_float_eq(r.p.cost, 1550, 1e-6);
	cr_assert_float_eq(r.p.gap, (1550 - 3760.0 / 3) / 1550, 1e-9);
	cr_assert_eq(r.p.orders[0].planned, 3);
	cr_assert_eq(r.p.orders[1].planned, 2);
	cr_assert_eq(r.p.orders[1].unmet, 1);
	cr_assert_leq(r.p.cap[0].used, 8 + 1e-9);
	done(&r);
}

/*
 * No plant has a cost for "gadget": its 2 units are unmet (2 x 700 =
 * 1400) with reason no-plant; the widget order beside it (1 unit due
 * Monday, 110) is unaffected.  Cost = 1510.
 */
Test(plan, no_plant_makes_family)
{
	run r;
	plan(&r, "60", 5, "",
	     "orders:\n"
	     "  - { id: A, customer: 赵女士, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 1, due: 2026-11-30 }\n"
	     "  - { id: B, customer: 钱先生, region: south, family: gadget,\n"
	     "      options: {}, quantity: 2, due: 2026-11-30 }\n");
	cr_assert_float_eq(r.p.cost, 1510, 1e-6);
	cr_assert_eq(r.p.orders[1].unmet, 2);
	cr_assert_eq(r.p.orders[1].reason, MC_REASON_NO_PLANT);
	cr_assert_str_eq(r.p.orders[1].detail,
			 "no plant has a cost for family 'gadget'");
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_NONE);
	done(&r);
}

/*
 * Due the Friday before the horizon with max_late_days 1: the latest
 * production day is Saturday 2026-11-28, before the horizon starts, so
 * the unit is unmet (1000) for its window.
 */
Test(plan, window_outside_horizon)
{
	run r;
	plan(&r, "60", 5, "",
	     "orders:\n"
	     "  - { id: A, customer: 孙女士, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 1, due: 2026-11-27,\n"
	     "      max_late_days: 1 }\n");
	cr_assert_float_eq(r.p.cost, 1000, 1e-6);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_WINDOW);
	cr_assert_str_eq(r.p.orders[0].detail,
			 "no working day between release 2026-11-30 and due "
			 "2026-11-27 + max late days inside the horizon");
	done(&r);
}

/*
 * Region "north" has no lane from P1, the only plant: the widget ordered
 * there is unmet (1000) with reason no-lane; the one ordered south is
 * made Monday (110).  Cost = 1110.
 */
Test(plan, no_lane_to_region)
{
	run r;
	plan_at(
	    &r, "60", 5, "south, north", "widget: 100", "",
	    "orders:\n"
	    "  - { id: A, customer: 周先生, region: north, family: widget,\n"
	    "      options: { colour: red }, quantity: 1, due: 2026-11-30 }\n"
	    "  - { id: B, customer: 吴女士, region: south, family: widget,\n"
	    "      options: { colour: red }, quantity: 1, due: 2026-11-30 }\n");
	cr_assert_float_eq(r.p.cost, 1110, 1e-6);
	cr_assert_eq(r.p.orders[0].unmet, 1);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_NO_LANE);
	cr_assert_str_eq(r.p.orders[0].detail,
			 "no plant making 'widget' has a lane to region "
			 "'north'");
	cr_assert_eq(r.p.orders[1].reason, MC_REASON_NONE);
	done(&r);
}

/*
 * P1 has a cost for gadgets and an assembly resource, but R1 admits only
 * widgets: no resource of the kind a gadget needs admits it, so the 2
 * gadgets are unmet (2 x 700 = 1400) with reason no-resource.
 */
Test(plan, no_resource_admits_family)
{
	run r;
	plan_at(
	    &r, "60", 5, "south", "widget: 100, gadget: 50",
	    ", families: [widget]",
	    "orders:\n"
	    "  - { id: A, customer: 郑先生, region: south, family: gadget,\n"
	    "      options: {}, quantity: 2, due: 2026-11-30 }\n");
	cr_assert_float_eq(r.p.cost, 1400, 1e-6);
	cr_assert_eq(r.p.orders[0].unmet, 2);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_NO_RESOURCE);
	cr_assert_str_eq(r.p.orders[0].detail,
			 "no plant with a lane to 'south' has every resource "
			 "kind 'gadget' needs");
	done(&r);
}

/*
 * An unmet penalty of 80 is below the 110 a unit costs to make: the order
 * is left unmet (80) although R1 has room, with reason cost.
 */
Test(plan, unmet_because_cheaper)
{
	run r;
	plan(&r, "60", 5, "",
	     "orders:\n"
	     "  - { id: A, customer: 冯女士, region: south, family: widget,\n"
	     "      options: { colour: red }, quantity: 1, due: 2026-11-30,\n"
	     "      unmet_penalty: 80 }\n");
	cr_assert_float_eq(r.p.cost, 80, 1e-6);
	cr_assert_eq(r.p.orders[0].unmet, 1);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_COST);
	cr_assert_str_eq(r.p.orders[0].detail,
			 "making it would cost more than the unmet penalty "
			 "80.00");
	done(&r);
}
