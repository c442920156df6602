/*
 * test_publish.c - whether a night's plan run is published
 * (scheduler/night/publish.h), in process: the publish mode, and every
 * guard of --publish auto with the reason it gives.
 */
#include "publish.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* A run auto publishes: enough orders, LP optimal, gap within bound,
 * every frozen unit kept. */
static mc_publish_facts good(void)
{
	return (mc_publish_facts){.mode = MC_PUBLISH_AUTO,
				  .norders = 40,
				  .min_orders = 1,
				  .published_run = 3,
				  .published_orders = 42,
				  .lp_status = "optimal",
				  .gap = 0.004,
				  .max_gap = 2,
				  .frozen_ok = 1};
}

/* The decision on f: 1, or the reason it gives. */
static const char *decide(const mc_publish_facts *f)
{
	static char why[160];
	strcpy(why, "(unset)");
	return mc_publish_decide(f, why, sizeof(why)) ? "yes" : why;
}

Test(publish, mode_names)
{
	mc_publish_mode m = MC_PUBLISH_NEVER;
	cr_assert_eq(mc_publish_mode_parse("auto", &m), 0);
	cr_assert_eq(m, MC_PUBLISH_AUTO);
	cr_assert_eq(mc_publish_mode_parse("always", &m), 0);
	cr_assert_eq(m, MC_PUBLISH_ALWAYS);
	cr_assert_eq(mc_publish_mode_parse("never", &m), 0);
	cr_assert_eq(m, MC_PUBLISH_NEVER);
	cr_assert_eq(mc_publish_mode_parse("Auto", &m), -1);
	cr_assert_eq(mc_publish_mode_parse("", &m), -1);
	cr_assert_eq(mc_publish_mode_parse(NULL, &m), -1);
	cr_assert_eq(m, MC_PUBLISH_NEVER, "unchanged on a bad name");
	for (int i = MC_PUBLISH_AUTO; i <= MC_PUBLISH_NEVER; i++) {
		cr_assert_eq(mc_publish_mode_parse(
				 mc_publish_mode_name((mc_publish_mode)i), &m),
			     0);
		cr_assert_eq((int)m, i);
	}
}

Test(publish, auto_publishes_a_proven_plan)
{
	mc_publish_facts f = good();
	cr_assert_str_eq(decide(&f), "yes");
	f.published_run = 0; /* the first night: nothing to compare with */
	f.published_orders = 0;
	cr_assert_str_eq(decide(&f), "yes");
}

/* always publishes whatever the facts; never nothing. */
Test(publish, always_and_never)
{
	mc_publish_facts f = {.mode = MC_PUBLISH_ALWAYS,
			      .norders = 0,
			      .min_orders = 1,
			      .lp_status = "time limit",
			      .gap = NAN,
			      .frozen_ok = 0};
	cr_assert_str_eq(decide(&f), "yes");
	f = good();
	f.mode = MC_PUBLISH_NEVER;
	cr_assert_str_eq(decide(&f), "--publish never");
}

Test(publish, min_orders)
{
	mc_publish_facts f = good();
	f.norders = 0;
	cr_assert_str_eq(decide(&f), "0 orders, fewer than --min-orders 1");
	f.norders = 4;
	f.min_orders = 5;
	cr_assert_str_eq(decide(&f), "4 orders, fewer than --min-orders 5");
	f.norders = 5; /* as many as asked: enough */
	f.published_orders = 10;
	cr_assert_str_eq(decide(&f), "yes");
}

/* Less than half the published plan's orders: an empty or truncated
 * orders file would cancel every live unit. */
Test(publish, half_the_published_orders)
{
	mc_publish_facts f = good();
	f.norders = 20;
	f.published_orders = 41;
	cr_assert_str_eq(decide(&f), "20 orders, less than half of the 41 of "
				     "the published plan (run 3)");
	f.published_orders = 40; /* exactly half: enough */
	cr_assert_str_eq(decide(&f), "yes");
}

Test(publish, lp_not_optimal)
{
	mc_publish_facts f = good();
	f.lp_status = "time limit";
	cr_assert_str_eq(decide(&f), "the LP is not optimal (time limit)");
	f.lp_status = NULL;
	cr_assert_str_eq(decide(&f), "the LP is not optimal (-)");
}

Test(publish, gap_above_max_gap)
{
	mc_publish_facts f = good();
	f.gap = 0.0266;
	cr_assert_str_eq(decide(&f), "its gap 2.660% is above --max-gap 2%");
	f.gap = 0.02; /* at the bound: within */
	cr_assert_str_eq(decide(&f), "yes");
	f.gap = NAN; /* no gap known: not proven */
	cr_assert_str_eq(decide(&f), "its gap nan% is above --max-gap 2%");
}

Test(publish, frozen_units_kept)
{
	mc_publish_facts f = good();
	f.frozen_ok = 0;
	cr_assert_str_eq(decide(&f), "a frozen unit's plant can no longer "
				     "make it or is gone (see its conflicts)");
}

/* The guards in their order: the order book first, then the LP. */
Test(publish, first_reason_wins)
{
	mc_publish_facts f = good();
	f.norders = 0;
	f.lp_status = "infeasible";
	f.frozen_ok = 0;
	cr_assert_str_eq(decide(&f), "0 orders, fewer than --min-orders 1");
	f.norders = 40;
	cr_assert_str_eq(decide(&f), "the LP is not optimal (infeasible)");
}
