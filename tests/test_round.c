/*
 * test_round.c - properties of the whole-unit plan on generated instances:
 * whatever the instance, rounding never exceeds a resource's hours or a
 * plant's stock, never loses or duplicates a unit, keeps every unit inside
 * its order's window, and never beats the LP bound.  The hand-derived
 * optima live in test_elements.c and test_plan.c; this suite draws many
 * instances from `mcsched gen` (every model element occurs in them).
 */
#include "gen.h"
#include "load.h"
#include "plan.h"
#include "support.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct round_case {
	int norders;
	unsigned seed;
} round_case;

static void check_plan(const mc_model *m, const mc_plan *p, const char *what)
{
	const double eps = 1e-6;
	int H = m->horizon_days;

	/* capacity: used <= regular + overtime used <= regular + allowed;
	 * overtime only on days with regular hours */
	for (int r = 0; r < m->nresources; r++)
		for (int t = 0; t < H; t++) {
			const mc_resday *c = &p->cap[r * H + t];
			cr_assert_leq(c->ot, c->ot_max + eps,
				      "%s: %s day %d overtime %.4f > %.4f",
				      what, m->resources[r].id, t, c->ot,
				      c->ot_max);
			cr_assert_leq(c->used, c->hours + c->ot + eps,
				      "%s: %s day %d uses %.4f h of %.4f+%.4f",
				      what, m->resources[r].id, t, c->used,
				      c->hours, c->ot);
			if (c->hours <= 0)
				cr_assert_leq(c->ot, eps,
					      "%s: overtime on a day off",
					      what);
		}

	/* materials: cumulative use within stock + receipts */
	for (int i = 0; i < p->nmat; i++)
		cr_assert_leq(p->mat[i].used, p->mat[i].available + eps,
			      "%s: %s at plant %d day %d: %.2f > %.2f", what,
			      m->materials[p->mat[i].material], p->mat[i].plant,
			      p->mat[i].day, p->mat[i].used,
			      p->mat[i].available);

	/* units: every allocation inside its order's window, and the
	 * allocations of an order add up to exactly its planned units */
	int *sum = calloc((size_t)m->norders, sizeof(*sum));
	cr_assert_not_null(sum);
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		const mc_order *o = &m->orders[al->order];
		cr_assert_gt(al->units, 0, "%s: empty allocation", what);
		cr_assert(al->day >= 0 && al->day < H, "%s: day %d", what,
			  al->day);
		cr_assert_geq(m->start + al->day, o->release,
			      "%s: %s made before its release", what, o->id);
		cr_assert_geq(al->arrive, m->start + al->day,
			      "%s: %s arrives before it is made", what, o->id);
		if (o->max_late_days >= 0)
			cr_assert_leq(al->arrive, o->due + o->max_late_days,
				      "%s: %s later than max_late_days", what,
				      o->id);
		sum[al->order] += al->units;
	}
	int planned = 0, unmet = 0;
	for (int i = 0; i < m->norders; i++) {
		const mc_order_out *oo = &p->orders[i];
		cr_assert_eq(sum[i], oo->planned, "%s: %s allocs %d planned %d",
			     what, m->orders[i].id, sum[i], oo->planned);
		cr_assert_eq(oo->planned + oo->unmet, m->orders[i].quantity,
			     "%s: %s loses or duplicates units", what,
			     m->orders[i].id);
		cr_assert(oo->unmet == 0 || oo->reason != MC_REASON_NONE,
			  "%s: %s unmet without a reason", what,
			  m->orders[i].id);
		planned += oo->planned;
		unmet += oo->unmet;
	}
	free(sum);
	cr_assert_eq(planned, p->units_planned, "%s", what);
	cr_assert_eq(unmet, p->units_unmet, "%s", what);

	/* cost: the parts add up, and no integral plan beats the LP bound */
	double parts = p->cost_make + p->cost_options + p->cost_lane +
		       p->cost_late + p->cost_holding + p->cost_unmet +
		       p->cost_overtime;
	cr_assert_float_eq(parts, p->cost, 1e-6 * (1 + p->cost), "%s", what);
	cr_assert_geq(p->cost, p->lp_bound - 1e-6 * (1 + p->cost),
		      "%s: plan %.4f below bound %.4f", what, p->cost,
		      p->lp_bound);
	cr_assert_geq(p->gap, 0, "%s", what);
}

ParameterizedTestParameters(round, gen)
{
	static round_case cases[] = {
	    {20, 1},  {20, 2},	{40, 3},  {60, 4},  {80, 5},
	    {120, 6}, {150, 7}, {200, 8}, {300, 9}, {500, 10},
	};
	return cr_make_param_array(round_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(const round_case *c, round, gen, .timeout = 120)
{
	char what[64];
	snprintf(what, sizeof(what), "gen %d orders seed %u", c->norders,
		 c->seed);
	char *dir = support_gen("round", c->norders, c->seed);
	mc_diag d = MC_DIAG_INIT;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	cr_assert_eq(support_load_dir(a, dir, &m, &d), 0, "%s", what);
	mc_plan_opts o = {0};
	cr_assert_eq(mc_plan_run(&m, &o, &p, &d), 0, "%s", what);
	cr_assert_str_eq(p.lp_status, "optimal", "%s", what);
	check_plan(&m, &p, what);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(dir);
}
