/*
 * test_round.c - properties of the whole-unit plan on generated instances:
 * whatever the instance, rounding never exceeds a resource's hours or a
 * plant's stock, never loses or duplicates a unit, keeps every unit inside
 * its order's window, and never beats the LP bound.  The hand-derived
 * optima live in test_elements.c and test_plan.c; this suite draws many
 * instances from `mcsched gen` (every model element occurs in them), of
 * many shapes (plants, lines, families, options, horizon, due and release
 * spread).  On each, the plan with the local improvement (the default) and
 * the plan without it (round_time 0, the floor + repair of before) both
 * keep these properties; the improved plan costs no more than the floor +
 * repair, which is exactly what round_time 0 gives; and two runs on the
 * same input give the same plan to the last unit.
 */
#include "gen.h"
#include "load.h"
#include "plan.h"
#include "support.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct round_case {
	int norders;
	unsigned seed;
	mc_gen_shape shape;
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

/* A shape: plants, lines, families, options, days, due spread, release
 * share (0 in the first three: the default). */
#define SHAPE(pl, li, fa, op, da, du, re)                                      \
	{                                                                      \
		pl, li, fa, op, da, du, re                                     \
	}
#define DEFAULT_SHAPE SHAPE(0, 0, 3, 3, 28, 0, 0.12)

ParameterizedTestParameters(round, gen)
{
	static round_case cases[] = {
	    {20, 1, DEFAULT_SHAPE},
	    {20, 2, DEFAULT_SHAPE},
	    {40, 3, DEFAULT_SHAPE},
	    {60, 4, DEFAULT_SHAPE},
	    {80, 5, DEFAULT_SHAPE},
	    {120, 6, DEFAULT_SHAPE},
	    {150, 7, DEFAULT_SHAPE},
	    {200, 8, DEFAULT_SHAPE},
	    {300, 9, DEFAULT_SHAPE},
	    {500, 10, DEFAULT_SHAPE},
	    {60, 11, SHAPE(3, 1, 3, 3, 14, 0, 0.12)},
	    {90, 12, SHAPE(4, 2, 4, 2, 21, 0, 0.3)},
	    {120, 13, SHAPE(5, 1, 6, 4, 28, 8, 0.12)},
	    {150, 14, SHAPE(3, 3, 3, 1, 35, 0, 0)},
	    {180, 15, SHAPE(6, 2, 5, 3, 28, 12, 0.5)},
	    {200, 16, SHAPE(4, 1, 3, 5, 42, 0, 0.2)},
	    {240, 17, SHAPE(3, 2, 8, 2, 14, 6, 0.12)},
	    {250, 18, SHAPE(7, 1, 4, 3, 28, 0, 1)},
	    {300, 19, SHAPE(3, 4, 3, 3, 21, 4, 0.12)},
	    {350, 20, SHAPE(5, 2, 6, 6, 28, 0, 0.12)},
	    {400, 21, SHAPE(4, 3, 3, 2, 56, 30, 0.05)},
	    {450, 22, SHAPE(8, 1, 9, 3, 28, 0, 0.12)},
	    {500, 23, SHAPE(3, 1, 3, 8, 28, 10, 0.12)},
	    {600, 24, SHAPE(6, 2, 4, 3, 35, 0, 0.25)},
	};
	return cr_make_param_array(round_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

/* Two plans of the same input are the same, allocation by allocation. */
static void check_same(const mc_model *m, const mc_plan *p, const mc_plan *q,
		       const char *what)
{
	cr_assert_eq(p->nalloc, q->nalloc, "%s: %d allocations, then %d", what,
		     p->nalloc, q->nalloc);
	cr_assert_eq(
	    memcmp(p->alloc, q->alloc, (size_t)p->nalloc * sizeof(*p->alloc)),
	    0, "%s: the allocations differ", what);
	for (int i = 0; i < m->norders; i++)
		cr_assert_eq(p->orders[i].unmet, q->orders[i].unmet, "%s",
			     what);
	cr_assert_eq(p->cost, q->cost, "%s: cost %.6f, then %.6f", what,
		     p->cost, q->cost);
	cr_assert_eq(p->round_moves, q->round_moves, "%s", what);
}

ParameterizedTest(const round_case *c, round, gen, .timeout = 240)
{
	char what[96];
	snprintf(what, sizeof(what),
		 "gen %d orders seed %u (%d plants, %d lines, %d families)",
		 c->norders, c->seed, c->shape.plants, c->shape.lines,
		 c->shape.families);
	char *dir = support_tmpdir("round");
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(
	    mc_gen_write_shape(dir, c->norders, c->seed, &c->shape, &d), 0,
	    "%s", what);
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p, again, off;
	cr_assert_eq(support_load_dir(a, dir, &m, &d), 0, "%s", what);
	mc_plan_opts o = {0};
	cr_assert_eq(mc_plan_run(&m, &o, &p, &d), 0, "%s", what);
	cr_assert_str_eq(p.lp_status, "optimal", "%s", what);
	check_plan(&m, &p, what);
	cr_assert_eq(mc_plan_run(&m, &o, &again, &d), 0, "%s", what);
	check_same(&m, &p, &again, what);

	/* round_off (--round-time 0): the floor + repair alone, the plan
	 * of before */
	mc_plan_opts o0 = {.round_off = 1};
	cr_assert_eq(mc_plan_run(&m, &o0, &off, &d), 0, "%s", what);
	check_plan(&m, &off, what);
	cr_assert_str_eq(off.round_stop, "off", "%s", what);
	cr_assert_eq(off.round_gain, 0, "%s", what);
	double tol = 1e-6 * (1 + fabs(off.cost));
	cr_assert_float_eq(off.cost, off.cost_repair, tol, "%s", what);
	cr_assert_float_eq(p.cost_repair, off.cost, tol,
			   "%s: the fallback is not the floor + repair", what);
	/* the improvement never makes the plan worse, and says what it
	 * saved */
	cr_assert_leq(p.cost, off.cost + tol, "%s: improved %.4f > %.4f", what,
		      p.cost, off.cost);
	cr_assert_float_eq(p.cost, p.cost_repair - p.round_gain, tol, "%s",
			   what);
	cr_assert(p.round_gain == 0 || p.round_moves > 0, "%s", what);

	/* stopped at once by its clock: still whole, within every limit,
	 * and no worse than the floor + repair */
	mc_plan_opts ot = {.round_time = 1e-7};
	mc_plan cut;
	cr_assert_eq(mc_plan_run(&m, &ot, &cut, &d), 0, "%s", what);
	check_plan(&m, &cut, what);
	cr_assert_leq(cut.cost, off.cost + tol, "%s", what);
	cr_log_info("%s: floor + repair %.2f, improved %.2f (%ld moves, %s), "
		    "bound %.2f",
		    what, off.cost, p.cost, p.round_moves, p.round_stop,
		    p.lp_bound);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(dir);
}
