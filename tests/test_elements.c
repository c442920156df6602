/*
 * test_elements.c - every element of the planning model (docs/design.md,
 * "The planning model") on a tiny instance whose optimum is derived by hand
 * in the comment.
 *
 * Base unless said otherwise: family "widget" takes 60 assembly minutes
 * (holding 1/day early, late 50/day, unmet 1000); plant P1 makes it at 100
 * with resource R1 of 8 hours (8 units a day); lane P1 -> south, 0 days,
 * cost 10: a unit costs 110 before holding or lateness.  Monday 2026-11-30
 * starts the horizon unless said otherwise.
 *
 * On-time cost of a late order: late units x the LP's marginal cost of one
 * more on-time unit of its class.  By LP duality that is the reduced cost
 * d = c - pi(demand) - 60 y(capacity) of an on-time column at 0, or, when
 * the class already has an on-time column in the basis, the cheapest
 * reduced cost per unit among the moves that bring one more unit forward.
 */
#include "classes.h"
#include "session.h"
#include "plan.h"
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#define HEAD "families:\n"
#define WIDGET(minutes, extra)                                                 \
	"  - id: widget\n    kind: furniture\n    code: WD\n"                  \
	"    gtin: \"09521234300014\"\n    routing: { assembly: " minutes      \
	" }\n"                                                                 \
	"    holding_cost: 1\n    late_penalty: 50\n    unmet_penalty: "       \
	"1000\n" extra
#define GADGET                                                                 \
	"  - id: gadget\n    kind: aircon\n    code: GD\n"                     \
	"    gtin: \"09521234300021\"\n    routing: { assembly: 30 }\n"        \
	"    holding_cost: 1\n    late_penalty: 50\n    unmet_penalty: 700\n"
#define PLANTS(start, days)                                                    \
	"enterprise: { name: 测试集团, prefix: \"88.999.1\" }\n"           \
	"horizon: { start: " start ", days: " days " }\n"                      \
	"regions: [south]\nplants:\n"
#define P1C(costs, extra, resources)                                           \
	"  - id: P1\n    costs: { " costs " }\n" extra                         \
	"    resources:\n" resources
#define P1(extra, resources) P1C("widget: 100", extra, resources)
#define R1		     "      - { id: R1, kind: assembly, hours: 8 }\n"
#define LANE		     "lanes:\n  - { plant: P1, region: south, days: 0, cost: 10 }\n"
#define ORDER(id, qty, due, extra)                                               \
	"  - { id: " id ", customer: 陈女士, region: south, family: widget, " \
	"quantity: " qty ", due: " due extra " }\n"

typedef struct run {
	mc_arena *a;
	mc_model m;
	mc_plan p;
} run;

static void plan(run *r, const char *catalog, const char *plants,
		 const char *orders)
{
	mc_diag d = MC_DIAG_INIT;
	r->a = mc_arena_new();
	cr_assert_eq(support_load(r->a, catalog, plants, orders, &r->m, &d), 0);
	mc_plan_opts o = {0};
	cr_assert_eq(mc_plan_run(&r->m, &o, &r->p, &d), 0);
	mc_diag_release(&d);
	/* whole units never above capacity, every unit accounted for */
	for (int i = 0; i < r->m.nresources * r->m.horizon_days; i++)
		cr_assert_leq(r->p.cap[i].used,
			      r->p.cap[i].hours + r->p.cap[i].ot_max + 1e-9);
	for (int i = 0; i < r->m.norders; i++)
		cr_assert_eq(r->p.orders[i].planned + r->p.orders[i].unmet,
			     r->m.orders[i].quantity);
}

static int units_on(const run *r, int o, int t)
{
	int n = 0;
	for (int i = 0; i < r->p.nalloc; i++)
		if (r->p.alloc[i].order == o && r->p.alloc[i].day == t)
			n += r->p.alloc[i].units;
	return n;
}

static double mat_shadow(const run *r, const char *mat, int t)
{
	for (int i = 0; i < r->p.nmat; i++)
		if (!strcmp(r->m.materials[r->p.mat[i].material], mat) &&
		    r->p.mat[i].day == t)
			return r->p.mat[i].shadow;
	cr_assert_fail("no material row %s day %d", mat, t);
	return 0;
}

/* The LP is integral in every test here, so cost = bound. */
static void assert_cost(const run *r, double cost)
{
	cr_assert_float_eq(r->p.cost, cost, 1e-6, "cost %.4f", r->p.cost);
	cr_assert_float_eq(r->p.lp_bound, cost, 1e-6, "bound %.4f",
			   r->p.lp_bound);
}

/*
 * Stock and dated receipts.  A unit uses 1 board; P1 holds 3 and receives
 * 5 on Wednesday.  6 units due Monday: 3 on Monday (all the stock), then
 * nothing until Wednesday: 3 units two days late (3 x 2 x 50 = 300).
 * Cost = 6 x 110 + 300 = 960.  One more board arriving Monday saves a
 * two-day-late unit (100), on Tuesday a one-day delay (50), on Wednesday
 * nothing.
 */
Test(elements, material_stock_and_receipts)
{
	run r;
	plan(&r, HEAD WIDGET("60", "    materials: { board: 1 }\n"),
	     PLANTS("2026-11-30", "5")
		 P1("    materials: { board: { stock: 3, receipts: "
		    "{ 2026-12-02: 5 } } }\n",
		    R1) LANE,
	     "orders:\n" ORDER("A", "6", "2026-11-30", ", options: {}"));
	assert_cost(&r, 960);
	cr_assert_eq(units_on(&r, 0, 0), 3);
	cr_assert_eq(units_on(&r, 0, 2), 3);
	cr_assert_float_eq(mat_shadow(&r, "board", 0), 100, 1e-6);
	cr_assert_float_eq(mat_shadow(&r, "board", 1), 50, 1e-6);
	cr_assert_float_eq(mat_shadow(&r, "board", 2), 0, 1e-6);
	mc_arena_free(r.a);
}

/*
 * Per-option materials and option costs.  A gloss finish adds 2 lacquer
 * and costs 20; P1 holds 4 lacquer and receives none.  3 gloss units due
 * Monday: 2 made (130 each), the third cannot be (1000), and the reason
 * names lacquer.  2 matte units beside them are made Monday (110 each).
 * Cost = 2 x 130 + 1000 + 2 x 110 = 1480.
 */
Test(elements, option_material_and_cost)
{
	run r;
	plan(&r,
	     HEAD WIDGET("60", "    options:\n      finish:\n"
			       "        matte: {}\n"
			       "        gloss: { cost: 20, materials: "
			       "{ lacquer: 2 } }\n"),
	     PLANTS("2026-11-30", "5")
		 P1("    materials: { lacquer: { stock: 4 } }\n", R1) LANE,
	     "orders:\n" ORDER("A", "3", "2026-11-30",
			       ", options: { finish: gloss }")
		 ORDER("B", "2", "2026-11-30", ", options: { finish: matte }"));
	assert_cost(&r, 1480);
	cr_assert_float_eq(r.p.cost_options, 40, 1e-9);
	cr_assert_eq(r.p.orders[0].unmet, 1);
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_MATERIAL);
	/* the material, where, and the day it runs out */
	cr_assert_str_eq(r.p.orders[0].detail,
			 "lacquer at P1 runs short on 2026-11-30");
	cr_assert_eq(r.p.orders[1].planned, 2);
	mc_arena_free(r.a);
}

/*
 * Release days.  2 units due Monday may not start before Wednesday: both
 * are made Wednesday, two days late: cost = 2 x 110 + 2 x 2 x 50 = 420.
 */
Test(elements, release_day)
{
	run r;
	plan(
	    &r, HEAD WIDGET("60", ""),
	    PLANTS("2026-11-30", "5") P1("", R1) LANE,
	    "orders:\n" ORDER("A", "2", "2026-11-30", ", release: 2026-12-02"));
	assert_cost(&r, 420);
	cr_assert_eq(units_on(&r, 0, 2), 2);
	cr_assert_eq(r.p.orders[0].max_late, 2);
	/* nothing can arrive by Monday: on time is impossible, and why */
	cr_assert(isnan(r.p.orders[0].ontime_cost));
	cr_assert_str_eq(r.p.orders[0].ontime_note,
			 "impossible: earliest arrival 2026-12-02 (release "
			 "2026-12-02 + 0 days from P1) is after due "
			 "2026-11-30");
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_WINDOW);
	mc_arena_free(r.a);
}

/*
 * Priorities.  A (priority 2: late costs 100/day) and B (priority 1:
 * 50/day) each want 8 units on Monday, which holds 8.  A gets Monday, B
 * goes a day late: cost = 16 x 110 + 8 x 50 = 2160.
 */
Test(elements, priority_weighs_lateness)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5") P1("", R1) LANE,
	     "orders:\n" ORDER("A", "8", "2026-11-30", ", priority: 2")
		 ORDER("B", "8", "2026-11-30", ""));
	assert_cost(&r, 2160);
	cr_assert_eq(units_on(&r, 0, 0), 8);
	cr_assert_eq(r.p.orders[1].late_units, 8);
	/* B's units on time would push A's out: +100 - 50 each */
	cr_assert_float_eq(r.p.orders[1].ontime_cost, 8 * 50, 1e-6);
	mc_arena_free(r.a);
}

/*
 * max_late_days.  As above, but B may never be late: leaving B unmet
 * would cost 8 x 1000, making A late only 8 x 100.  B gets Monday, A is a
 * day late: cost = 16 x 110 + 8 x 100 = 2560.
 */
Test(elements, max_late_days_forbids_lateness)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5") P1("", R1) LANE,
	     "orders:\n" ORDER("A", "8", "2026-11-30", ", priority: 2")
		 ORDER("B", "8", "2026-11-30", ", max_late_days: 0"));
	assert_cost(&r, 2560);
	cr_assert_eq(units_on(&r, 1, 0), 8);
	cr_assert_eq(r.p.orders[0].late_units, 8);
	cr_assert_eq(r.p.orders[1].late_units, 0);
	mc_arena_free(r.a);
}

/*
 * Workdays.  The horizon is Friday 2026-12-04 .. Monday 12-07; 16 units
 * are due Monday.  With the default Monday-Friday week: 8 on Friday
 * (3 days early: 24) and 8 on Monday: cost = 16 x 110 + 24 = 1784.
 */
Test(elements, default_workdays)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-12-04", "4") P1("", R1) LANE,
	     "orders:\n" ORDER("A", "16", "2026-12-07", ""));
	assert_cost(&r, 1784);
	cr_assert_eq(units_on(&r, 0, 0), 8);
	cr_assert_eq(units_on(&r, 0, 3), 8);
	mc_arena_free(r.a);
}

/*
 * Workdays and holidays.  Saturday is a workday, Monday a holiday: 8 on
 * Friday (3 days early: 24), 8 on Saturday (2 days early: 16).
 * Cost = 16 x 110 + 40 = 1800.
 */
Test(elements, saturday_workday_monday_holiday)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-12-04", "4")
		 P1("    workdays: [mon, tue, wed, thu, fri, sat]\n"
		    "    holidays: [2026-12-07]\n",
		    R1) LANE,
	     "orders:\n" ORDER("A", "16", "2026-12-07", ""));
	assert_cost(&r, 1800);
	cr_assert_eq(units_on(&r, 0, 1), 8);
	cr_assert_eq(units_on(&r, 0, 3), 0);
	mc_arena_free(r.a);
}

/*
 * Per-date hours.  R1 has only 4 hours on Monday: 4 units on time, the
 * other 8 on Tuesday a day late: cost = 12 x 110 + 8 x 50 = 1720.
 */
Test(elements, calendar_hours)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5")
		 P1("", "      - { id: R1, kind: assembly, hours: 8, "
			"calendar: { 2026-11-30: 4 } }\n") LANE,
	     "orders:\n" ORDER("A", "12", "2026-11-30", ""));
	assert_cost(&r, 1720);
	cr_assert_eq(units_on(&r, 0, 0), 4);
	mc_arena_free(r.a);
}

/*
 * Overtime exists only on days with regular hours.  Horizon Saturday
 * 11-28 .. Monday 11-30, overtime up to 4 hours at 10 an hour, and the
 * calendar opens Sunday for 2 hours.  20 units due Monday, never late.
 * Saturday: no hours, so no overtime either.  Sunday: 2 regular + 4
 * overtime units, all a day early.  Monday: 8 regular + 4 overtime.
 * 18 made, 2 unmet.  Cost = 18 x 110 + 6 x 1 + 8 x 10 + 2 x 1000 = 4066.
 */
Test(elements, overtime_only_on_days_with_hours)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-28", "3")
		 P1("", "      - { id: R1, kind: assembly, hours: 8, "
			"overtime: { hours: 4, cost: 10 }, "
			"calendar: { 2026-11-29: 2 } }\n") LANE,
	     "orders:\n" ORDER("A", "20", "2026-11-30", ", max_late_days: 0"));
	assert_cost(&r, 4066);
	cr_assert_eq(units_on(&r, 0, 0), 0);
	cr_assert_eq(units_on(&r, 0, 1), 6);
	cr_assert_eq(units_on(&r, 0, 2), 12);
	cr_assert_float_eq(r.p.cap[0].ot_max, 0, 1e-9);
	cr_assert_float_eq(r.p.cost_overtime, 80, 1e-9);
	mc_arena_free(r.a);
}

/*
 * Lane cost by family and transit days.  P1 ships widgets south for 40
 * (not its 10), so a unit from P1 costs 140; P2 makes it for 120 and ships
 * in 1 day for 5: 125, made Monday to arrive Tuesday, when it is due.
 * Cost = 125, made at P2 on Monday.
 */
Test(elements, lane_cost_by_family_and_transit)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5") P1(
		 "",
		 R1) "  - id: P2\n    costs: { widget: 120 }\n    resources:\n"
		     "      - { id: R2, kind: assembly, hours: 8 }\n"
		     "lanes:\n"
		     "  - { plant: P1, region: south, days: 0, cost: 10, "
		     "cost_by_family: { widget: 40 } }\n"
		     "  - { plant: P2, region: south, days: 1, cost: 5 }\n",
	     "orders:\n" ORDER("A", "1", "2026-12-01", ""));
	assert_cost(&r, 125);
	cr_assert_eq(r.p.alloc[0].plant, 1);
	cr_assert_eq(r.p.alloc[0].day, 0);
	mc_arena_free(r.a);
}

/*
 * Plant routing override.  P1 needs 120 minutes for a widget (not the
 * catalog's 60): 4 a day.  8 due Monday, two-day horizon: 4 on time, 4 a
 * day late.  Cost = 8 x 110 + 4 x 50 = 1080.
 */
Test(elements, plant_routing_override)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "2")
		 P1("    routing: { widget: { assembly: 120 } }\n", R1) LANE,
	     "orders:\n" ORDER("A", "8", "2026-11-30", ""));
	assert_cost(&r, 1080);
	cr_assert_eq(units_on(&r, 0, 0), 4);
	mc_arena_free(r.a);
}

/*
 * A resource restricted to some families, and minutes of one kind shared
 * between two resources.  R1 (8 h) admits only widgets, R2 (8 h) admits
 * both.  One-day horizon; 16 widgets (110, unmet 1000) and 16 gadgets
 * (30 minutes, 50 + 10 = 60, unmet 700) due Monday.  R1 makes 8 widgets.
 * An R2 minute saves (1000 - 110) / 60 = 14.8 on widgets but
 * (700 - 60) / 30 = 21.3 on gadgets: R2 makes the 16 gadgets, and 8
 * widgets are unmet.  Cost = 8 x 110 + 16 x 60 + 8 x 1000 = 9840.  One
 * more hour on either resource makes one more widget: worth 890.
 */
Test(elements, family_restriction_and_shared_kind)
{
	run r;
	plan(&r, HEAD WIDGET("60", "") GADGET,
	     PLANTS("2026-11-30", "1")
		 P1C("widget: 100, gadget: 50", "",
		     "      - { id: R1, kind: assembly, hours: 8, "
		     "families: [widget] }\n"
		     "      - { id: R2, kind: assembly, hours: 8 }\n") LANE,
	     "orders:\n" ORDER(
		 "A", "16", "2026-11-30",
		 "") "  - { id: B, customer: 李先生, region: south, "
		     "family: gadget, quantity: 16, due: 2026-11-30 }\n");
	assert_cost(&r, 9840);
	cr_assert_eq(r.p.orders[0].planned, 8);
	cr_assert_eq(r.p.orders[1].planned, 16);
	cr_assert_float_eq(r.p.cap[0].shadow, 890, 1e-6);
	cr_assert_float_eq(r.p.cap[1].shadow, 890, 1e-6);
	mc_arena_free(r.a);
}

/* The production column of class cls at plant 0 on day t. */
static const mc_lp_x *column(const mc_lp_result *res, int cls, int t)
{
	for (int i = 0; i < res->nx; i++)
		if (res->x[i].cls == cls && res->x[i].plant == 0 &&
		    res->x[i].day == t)
			return &res->x[i];
	cr_assert_fail("no column for class %d day %d", cls, t);
	return NULL;
}

/*
 * On-time cost from reduced costs.  Three orders due Monday, each its own
 * class: B (5 units, priority 3: late 150/day), C (6, priority 2: 100/day)
 * and A (2, 50/day).  Monday holds 8: B's 5, then 3 of C; C's other 3 and
 * A's 2 are made Tuesday, a day late.  Cost = 13 x 110 + 3 x 100 + 2 x 50
 * = 1830.  The basis is not degenerate (Tuesday has 3 hours left), so the
 * duals are unique:
 *   x[A,Tue] basic: pi_A = 110 + 50 = 160;  x[C,Tue] basic: pi_C = 210;
 *   x[C,Mon] basic: 110 - pi_C - 60 y = 0, so -60 y = 100 (Monday's shadow
 *   price, per hour);  x[B,Mon] basic: pi_B = 110 + 100 = 210.
 * A has no unit on Monday: d(x[A,Mon]) = 110 - 160 + 100 = 50, the price
 * of each A unit on time (it pushes a C unit to Tuesday: +100 - 50).  A's
 * on-time cost = 2 x 50 = 100.  C already makes 3 on Monday; one more
 * pushes a B unit out: the move enters x[B,Tue] with
 * d = 110 + 150 - 210 = 50 per unit, so C's on-time cost = 3 x 50 = 150.
 */
Test(elements, ontime_cost_from_reduced_costs)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5") P1("", R1) LANE,
	     "orders:\n" ORDER("B", "5", "2026-11-30", ", priority: 3")
		 ORDER("C", "6", "2026-11-30", ", priority: 2")
		     ORDER("A", "2", "2026-11-30", ""));
	assert_cost(&r, 1830);
	cr_assert_eq(units_on(&r, 1, 0), 3);
	cr_assert_float_eq(r.p.cap[0].shadow, 100, 1e-6);
	cr_assert_eq(r.p.orders[0].late_units, 0);
	cr_assert_float_eq(r.p.orders[1].ontime_cost, 150, 1e-6);
	cr_assert_float_eq(r.p.orders[2].ontime_cost, 100, 1e-6);
	cr_assert_null(r.p.orders[2].ontime_note);

	/* the same figures straight from the LP */
	mc_classes c;
	mc_lp_result res;
	mc_diag d = MC_DIAG_INIT;
	double price = -1;
	mc_classes_build(&r.m, r.a, &c);
	mc_session *S = mc_session_new(&r.m, &c, r.a, NULL, &d);
	cr_assert_eq(mc_session_solve(S, &res, &d), 0);
	int ca = c.class_of[2], cc = c.class_of[1];
	cr_assert_float_eq(column(&res, ca, 0)->dj, 50, 1e-6);
	cr_assert_float_eq(column(&res, ca, 1)->dj, 0, 1e-9);
	cr_assert_eq(mc_session_ontime(S, &res, ca, &price), MC_ONTIME_PRICED);
	cr_assert_float_eq(price, 50, 1e-6);
	cr_assert_float_eq(column(&res, cc, 0)->dj, 0, 1e-9); /* basic */
	cr_assert_eq(mc_session_ontime(S, &res, cc, &price), MC_ONTIME_PRICED);
	cr_assert_float_eq(price, 50, 1e-6);
	mc_session_free(S);
	mc_diag_release(&d);
	mc_arena_free(r.a);
}

/*
 * On-time cost through overtime.  10 units due Monday; R1 may add 4
 * overtime hours at 70.  A late unit costs 50, an overtime unit 70: 8 on
 * time, 2 a day late.  Cost = 10 x 110 + 2 x 50 = 1200.  Monday's shadow
 * price is 50 per hour; overtime's reduced cost 70 - 50 = 20: each late
 * unit brought forward costs 20, so the on-time cost is 2 x 20 = 40.
 */
Test(elements, ontime_cost_through_overtime)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5")
		 P1("", "      - { id: R1, kind: assembly, hours: 8, "
			"overtime: { hours: 4, cost: 70 } }\n") LANE,
	     "orders:\n" ORDER("A", "10", "2026-11-30", ""));
	assert_cost(&r, 1200);
	cr_assert_eq(r.p.orders[0].late_units, 2);
	cr_assert_float_eq(r.p.orders[0].ontime_cost, 40, 1e-6);
	mc_arena_free(r.a);
}

/*
 * On time impossible for capacity.  12 units due Monday, no overtime: 8
 * on time, 4 a day late (cost = 12 x 110 + 4 x 50 = 1520).  Monday is full
 * of the order's own units, so nothing can make a fifth arrive in time.
 */
Test(elements, ontime_impossible_when_full)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5") P1("", R1) LANE,
	     "orders:\n" ORDER("A", "12", "2026-11-30", ""));
	assert_cost(&r, 1520);
	cr_assert_eq(r.p.orders[0].late_units, 4);
	cr_assert(isnan(r.p.orders[0].ontime_cost));
	cr_assert_not_null(r.p.orders[0].ontime_note);
	cr_assert(!strncmp(r.p.orders[0].ontime_note, "impossible: ", 12));
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_CAPACITY);
	cr_assert_str_eq(r.p.orders[0].detail, "R1 full 2026-11-30");
	mc_arena_free(r.a);
}

/*
 * On time impossible for transit.  The lane takes 2 days; 1 unit due
 * Tuesday 12-01 cannot arrive before Wednesday even if made on the first
 * day of the horizon.  Made Monday, a day late: cost = 110 + 50 = 160.
 */
Test(elements, ontime_impossible_for_transit)
{
	run r;
	plan(&r, HEAD WIDGET("60", ""),
	     PLANTS("2026-11-30", "5")
		 P1("",
		    R1) "lanes:\n"
			"  - { plant: P1, region: south, days: 2, cost: 10 }\n",
	     "orders:\n" ORDER("A", "1", "2026-12-01", ""));
	assert_cost(&r, 160);
	cr_assert_eq(r.p.orders[0].late_units, 1);
	cr_assert(isnan(r.p.orders[0].ontime_cost));
	cr_assert_str_eq(r.p.orders[0].ontime_note,
			 "impossible: earliest arrival 2026-12-02 (horizon "
			 "start 2026-11-30 + 2 days from P1) is after due "
			 "2026-12-01");
	cr_assert_eq(r.p.orders[0].reason, MC_REASON_WINDOW);
	cr_assert_str_eq(
	    r.p.orders[0].detail,
	    "earliest arrival 2026-12-02 (horizon start "
	    "2026-11-30 + 2 days from P1) is after due 2026-12-01");
	mc_arena_free(r.a);
}
