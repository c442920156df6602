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
#include "backend.h"
#include "classes.h"
#include "gen.h"
#include "lns.h"
#include "load.h"
#include "plan.h"
#include "round.h"
#include "session.h"
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

ParameterizedTestParameters(round, gen)
{
	return cr_make_param_array(round_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

/* Writes case c's instance into a fresh directory (returned) and loads
 * it into *m from a. */
static char *gen_load(const round_case *c, const char *what, mc_arena *a,
		      mc_model *m, mc_diag *d)
{
	char *dir = support_tmpdir("round");
	cr_assert_eq(mc_gen_write_shape(dir, c->norders, c->seed, &c->shape, d),
		     0, "%s", what);
	cr_assert_eq(support_load_dir(a, dir, m, d), 0, "%s", what);
	return dir;
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

ParameterizedTestParameters(round, exact)
{
	return cr_make_param_array(round_case, cases,
				   sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(const round_case *c, round, gen, .timeout = 240)
{
	char what[96];
	snprintf(what, sizeof(what),
		 "gen %d orders seed %u (%d plants, %d lines, %d families)",
		 c->norders, c->seed, c->shape.plants, c->shape.lines,
		 c->shape.families);
	mc_diag d = MC_DIAG_INIT;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p, again, off;
	char *dir = gen_load(c, what, a, &m, &d);
	/* the properties below hold at any budget: four books of at most
	 * 200 orders run the default one, the others a tenth of it (make
	 * test's time; the default's gap is round/default_gap_*'s) */
	int full = c->seed % 4 == 0 && c->norders <= 200;
	mc_plan_opts o = {.round_time = full ? -1 : -0.1};
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
	/* each step on its own: the local improvement never costs more than
	 * the floor + repair it starts from, nor the neighbourhood MIPs more
	 * than the local improvement's plan (the fallback must never be
	 * what keeps a step honest) */
	cr_assert_leq(p.cost_local, p.cost_repair + tol,
		      "%s: the local improvement made the plan dearer: %.4f > "
		      "%.4f",
		      what, p.cost_local, p.cost_repair);
	cr_assert_leq(p.cost, p.cost_local + tol, "%s", what);
	if (p.round_gain > 0)
		cr_assert_float_eq(p.mip_gain, p.cost_local - p.cost, tol, "%s",
				   what);
	cr_assert_not_null(p.mip_stop, "%s", what);
	cr_assert_leq(p.mip_improved, p.mip_tried, "%s", what);
	cr_assert(p.round_gain == 0 || p.round_moves > 0 || p.mip_improved > 0,
		  "%s", what);

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

/*
 * Each improvement says what it saved, and that is exactly what the plan's
 * cost fell by: a tentative move that is undone leaves no trace (minutes
 * that went back onto another resource of the kind once shifted overtime
 * unseen, and the local improvement ended dearer than it started on
 * 10,000 orders), and a neighbourhood the MIPs re-plan is written back
 * as the MIP had it.
 */
ParameterizedTest(const round_case *c, round, exact, .timeout = 240)
{
	char what[96];
	snprintf(what, sizeof(what), "gen %d orders seed %u", c->norders,
		 c->seed);
	mc_diag d = MC_DIAG_INIT;
	mc_arena *a = mc_arena_new();
	mc_model m;
	char *dir = gen_load(c, what, a, &m, &d);
	mc_classes cl;
	mc_classes_build(&m, a, &cl);
	mc_session_opts so = {0};
	mc_session *S = mc_session_new(&m, &cl, a, &so, &d);
	cr_assert_not_null(S, "%s", what);
	mc_lp_result lp;
	cr_assert_eq(mc_session_solve(S, &lp, &d), 0, "%s", what);

	mc_int_plan ip;
	mc_round(&m, &cl, &lp, a, &ip);
	double c0 = mc_round_cost(&m, &cl, lp.x, lp.nx, &ip);
	mc_improve_stats st;
	double g = mc_round_improve(&m, &cl, lp.x, lp.nx, &ip, NULL, &st);
	double c1 = mc_round_cost(&m, &cl, lp.x, lp.nx, &ip);
	double tol = 1e-6 * (1 + fabs(c0));
	cr_assert_geq(g, 0, "%s", what);
	cr_assert_float_eq(c1, c0 - g, tol,
			   "%s: the local improvement says it saved %.4f, the "
			   "cost fell by %.4f",
			   what, g, c0 - c1);
	mc_lns_opts lo = {.budget = 20000};
	mc_lns_stats ls;
	g = mc_lns_improve(&m, &cl, lp.x, lp.nx, &ip, &lo, &ls);
	double c2 = mc_round_cost(&m, &cl, lp.x, lp.nx, &ip);
	cr_assert_geq(g, 0, "%s", what);
	cr_assert_float_eq(c2, c1 - g, tol,
			   "%s: the MIPs say they saved %.4f, the cost fell by "
			   "%.4f",
			   what, g, c1 - c2);
	cr_assert_eq(ls.failed, 0, "%s", what);
	for (int i = 0; i < lp.nx; i++)
		cr_assert(!ip.units[i] || ip.resource[i] >= 0,
			  "%s: slot %d has units and no resource", what, i);
	cr_log_info("%s: repair %.2f, local %.2f (%ld moves), MIPs %.2f (%d "
		    "of %d)",
		    what, c0, c1, st.moves, c2, ls.improved, ls.tried);
	mc_session_free(S);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(dir);
}

/*
 * Whole units by default as good as the night allows (issue 24): the
 * default budget (work units, not seconds: the same plan on any machine)
 * brings the samples' first night within 0.65% of the LP bound and the
 * 1,000 orders of gen seed 1 within 0.5%.  On the tree before, 0.884% and
 * 0.612%; with it 0.633% and 0.491% (docs/bench.md).  A property of the
 * plan, not of time.
 */
static void gap_within(const char *dir, double most, const char *what)
{
	mc_diag d = MC_DIAG_INIT;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	cr_assert_eq(support_load_dir(a, dir, &m, &d), 0, "%s", what);
	mc_plan_opts o = {0};
	cr_assert_eq(mc_plan_run(&m, &o, &p, &d), 0, "%s", what);
	cr_assert_str_eq(p.lp_status, "optimal", "%s", what);
	double gap = (p.cost - p.lp_bound) / p.cost;
	cr_assert_leq(gap, most,
		      "%s: gap %.4f%% above %.2f%% (cost %.2f, bound %.2f)",
		      what, 100 * gap, 100 * most, p.cost, p.lp_bound);
	cr_assert_geq(gap, 0, "%s", what);
	cr_log_info("%s: gap %.4f%%, whole units %s", what, 100 * gap,
		    p.mip_stop);
	mc_diag_release(&d);
	mc_arena_free(a);
}

Test(round, default_gap_samples, .timeout = 120)
{
	gap_within("../data/samples", 0.0065, "the samples");
}

Test(round, default_gap_gen_1000_seed_1, .timeout = 120)
{
	char *dir = support_gen("gap", 1000, 1);
	gap_within(dir, 0.005, "gen 1000 seed 1");
	free(dir);
}

/*
 * The back-end's branch and bound stops at the gap it is given and says
 * so as an optimum within it (backend.h), not as a failure: GLPK ends
 * such a search with GLP_EMIPGAP, which was taken for a solver failure,
 * and the neighbourhood MIPs stop for good at a failure.  Here the start
 * (2 units, cost 2) is within 25% of the relaxation's 1.5, so a gap of
 * 50% ends the search at once.
 */
Test(round, mip_gap)
{
	mc_lpm l;
	mc_lpm_init(&l);
	int r = mc_lpm_add_rows(&l, 1);
	mc_lpm_set_row(&l, r, MC_BND_LO, 3, 0);
	for (int j = 0; j < 3; j++)
		mc_lpm_add_nz(&l, r,
			      mc_lpm_add_col(&l, MC_BND_DB, 0, 5, 1 + 0.01 * j),
			      2);
	const double start[3] = {2, 0, 0};
	const double gaps[] = {1e-9, 0.5};
	for (int k = 0; k < 2; k++) {
		mc_diag d = MC_DIAG_INIT;
		mc_be *be = mc_be_new("glpk");
		mc_be_result res;
		mc_be_opts so = {.method = MC_BE_DUAL};
		cr_assert_eq(mc_be_load(be, &l, &d), 0);
		cr_assert_eq(mc_be_solve(be, &so, &res, &d), 0);
		cr_assert_float_eq(res.obj, 1.5, 1e-9);
		for (int j = 0; j < 3; j++)
			mc_be_set_int(be, j, 1);
		mc_be_mip_opts mo = {.node_limit = 50,
				     .mip_gap = gaps[k],
				     .cuts = 1,
				     .start = start};
		double x[3];
		cr_assert_eq(mc_be_mip(be, &mo, x, &res, &d), 0,
			     "gap %g: the MIP solver failed", gaps[k]);
		cr_assert_eq(res.status, MC_BE_OPTIMAL, "gap %g", gaps[k]);
		cr_assert(res.primal_feasible, "gap %g", gaps[k]);
		cr_assert_float_eq(res.obj, 2, 1e-9, "gap %g", gaps[k]);
		cr_assert_float_eq(x[0], 2, 1e-9, "gap %g", gaps[k]);
		mc_be_free(be);
		mc_diag_release(&d);
	}
	mc_lpm_release(&l);
}
