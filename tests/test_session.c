/*
 * test_session.c - the planning session (scheduler/lp/session.h).
 *
 * Sifting must reach the optimum of the full class LP: on generated
 * instances of many sizes and seeds and on the hand-made instances of
 * fixtures/diff/ (windows, materials, several resources of a kind,
 * calendars), the session's bound with its working set of slots, on each
 * back-end, equals the optimum of the full class LP (every slot held, GLPK)
 * to 1e-6 relative.  A second test checks that those instances do make
 * windows, materials and overtime bind.  Then warm re-solves after a change
 * (a resource down for three days, a class's quantity) must equal a cold
 * solve of the changed model in fewer iterations, and a run stopped by its
 * deadline keeps an honest state: no plan, no bound it cannot prove.  A
 * warm start written to its file and read back starts a session alike.
 */
#include "session.h"
#include "support.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL_TOL 1e-6

typedef struct inst {
	mc_arena *a;
	mc_model m;
	mc_classes c;
} inst;

/* Loads the instance in dir (generated or a fixture) and its classes. */
static void inst_load(inst *x, const char *dir)
{
	mc_diag d = MC_DIAG_INIT;
	x->a = mc_arena_new();
	cr_assert_eq(support_load_dir(x->a, dir, &x->m, &d), 0,
		     "cannot load the instance in %s", dir);
	mc_classes_build(&x->m, x->a, &x->c);
	mc_diag_release(&d);
}

/* Solves x with a session of the given back-end, full or sifting; the
 * session stays open in *out when out is not NULL. */
static mc_lp_result solve(inst *x, const char *solver, int full,
			  mc_session **out)
{
	mc_session_opts o = {.full = full, .solver = solver};
	mc_diag d = MC_DIAG_INIT;
	mc_lp_result r;
	mc_session *s = mc_session_new(&x->m, &x->c, x->a, &o, &d);
	cr_assert_not_null(s);
	int rc = mc_session_solve(s, &r, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0);
	cr_assert(r.optimal, "%s%s: LP %s", solver, full ? " full" : "",
		  r.status);
	cr_assert(r.has_bound && r.primal);
	if (out)
		*out = s;
	else
		mc_session_free(s);
	mc_diag_release(&d);
	return r;
}

static double rel(double a, double b)
{
	return fabs(a - b) / fmax(1.0, fabs(b));
}

/* The three ways of solving x agree; returns the reference result. */
static mc_lp_result agree(inst *x, const char *what)
{
	mc_lp_result full = solve(x, "glpk", 1, NULL);
	mc_lp_result clp = solve(x, "clp", 0, NULL);
	mc_lp_result glpk = solve(x, "glpk", 0, NULL);
	cr_log_info("%s: full %.12g (%d cols), clp sifting %.12g (%d cols, "
		    "%d rounds), glpk sifting %.12g",
		    what, full.bound, full.cols, clp.bound, clp.cols,
		    clp.rounds, glpk.bound);
	cr_expect_leq(rel(clp.bound, full.bound), REL_TOL,
		      "%s: clp sifting %.10g, full LP %.10g", what, clp.bound,
		      full.bound);
	cr_expect_leq(rel(glpk.bound, full.bound), REL_TOL,
		      "%s: glpk sifting %.10g, full LP %.10g", what, glpk.bound,
		      full.bound);
	cr_expect_eq(full.cols, full.full_cols);
	return full;
}

typedef struct gen_case {
	int norders;
	unsigned seed;
} gen_case;

static const gen_case gen_cases[] = {
    {15, 31},  {30, 32},  {45, 33},   {60, 34},	  {80, 35},
    {100, 36}, {120, 37}, {150, 38},  {180, 39},  {220, 40},
    {260, 41}, {300, 42}, {350, 43},  {400, 44},  {500, 45},
    {600, 46}, {800, 47}, {1000, 48}, {1200, 49}, {1500, 50},
};
#define NGEN ((int)(sizeof(gen_cases) / sizeof(gen_cases[0])))

ParameterizedTestParameters(session, sifting_equals_full_gen)
{
	return cr_make_param_array(gen_case, gen_cases, NGEN);
}

ParameterizedTest(const gen_case *g, session, sifting_equals_full_gen,
		  .timeout = 120)
{
	char what[64];
	inst x;
	snprintf(what, sizeof(what), "gen %d orders seed %u", g->norders,
		 g->seed);
	char *dir = support_gen("session", g->norders, g->seed);
	inst_load(&x, dir);
	agree(&x, what);
	mc_arena_free(x.a);
	free(dir);
}

typedef support_fixture fix_case;
static const fix_case fix_cases[] = SUPPORT_DIFF_FIXTURES;
#define NFIX ((int)(sizeof(fix_cases) / sizeof(fix_cases[0])))

ParameterizedTestParameters(session, sifting_equals_full_fixture)
{
	return cr_make_param_array(fix_case, fix_cases, NFIX);
}

ParameterizedTest(const fix_case *f, session, sifting_equals_full_fixture,
		  .timeout = 60)
{
	char src[256];
	inst x;
	snprintf(src, sizeof(src), "fixtures/diff/%s", f->name);
	inst_load(&x, src);
	agree(&x, f->name);
	mc_arena_free(x.a);
}

/* What binds at the optimum: counts over the instances above. */
Test(session, instances_make_windows_materials_overtime_bind, .timeout = 120)
{
	int windows = 0, materials = 0, overtime = 0, capacity = 0;
	for (int i = 0; i < NGEN + NFIX; i++) {
		inst x;
		char *dir = NULL, src[256];
		if (i < NGEN) {
			dir = support_gen("session", gen_cases[i].norders,
					  gen_cases[i].seed);
		} else {
			snprintf(src, sizeof(src), "fixtures/diff/%s",
				 fix_cases[i - NGEN].name);
		}
		inst_load(&x, dir ? dir : src);
		mc_session *s; /* it holds r.x */
		mc_lp_result r = solve(&x, NULL, 0, &s);
		size_t nrd = (size_t)x.m.nresources * (size_t)x.m.horizon_days;
		size_t nmd = (size_t)x.m.nplants * (size_t)x.m.nmaterials *
			     (size_t)x.m.horizon_days;
		int ot = 0, cap = 0, mat = 0, win = 0;
		for (size_t k = 0; k < nrd; k++) {
			ot |= r.ot[k] > 1e-6;
			cap |= r.shadow[k] > 1e-6;
		}
		for (size_t k = 0; k < nmd; k++)
			mat |= r.mat_shadow[k] > 1e-6;
		/* a window binds: a class with release or max_late_days
		 * has units unmet or on its window's last slot */
		for (int c = 0; c < x.c.n && !win; c++) {
			const mc_order *o = &x.m.orders[x.c.v[c].rep];
			if (o->max_late_days < 0 && o->release <= x.m.start)
				continue;
			int end;
			for (int k = mc_lp_class_cols(r.x, r.nx, c, &end);
			     k < end; k++)
				win |=
				    r.x[k].value > 1e-6 &&
				    ((o->max_late_days >= 0 &&
				      x.m.start + r.x[k].day + r.x[k].transit ==
					  o->due + o->max_late_days) ||
				     x.m.start + r.x[k].day == o->release);
		}
		overtime += ot;
		capacity += cap;
		materials += mat;
		windows += win;
		mc_session_free(s);
		mc_arena_free(x.a);
		free(dir);
	}
	cr_log_info("binding in %d instances: capacity %d, overtime %d, "
		    "materials %d, windows %d",
		    NGEN + NFIX, capacity, overtime, materials, windows);
	cr_expect_geq(capacity, 10);
	cr_expect_geq(overtime, 5);
	cr_expect_geq(materials, 3);
	cr_expect_geq(windows, 3);
}

/* The resource-day with the highest shadow price. */
static void busiest(const inst *x, const mc_lp_result *r, int *res, int *day)
{
	double best = -1;
	int H = x->m.horizon_days;
	for (int k = 0; k < x->m.nresources * H; k++)
		if (r->shadow[k] > best) {
			best = r->shadow[k];
			*res = k / H;
			*day = k % H;
		}
}

/*
 * What-if on the session: the busiest resource down for three days (its
 * hours and overtime 0), re-solved warm from the optimal basis, equals a
 * cold session on the model with those days down, in fewer iterations.
 */
/* A three-day outage of base's busiest resource (it must bind), from
 * *first: set in session s and re-solved warm into *warm, and the model of
 * dir with those days down loaded into *y.  Returns the resource. */
static int outage(const inst *x, mc_session *s, const mc_lp_result *base,
		  const char *dir, mc_lp_result *warm, inst *y, int *first)
{
	mc_diag d = MC_DIAG_INIT;
	int r = 0, t = 0, H = x->m.horizon_days;
	busiest(x, base, &r, &t);
	cr_assert_gt(base->shadow[r * H + t], 0, "nothing binds");
	*first = t > H - 3 ? H - 3 : t;
	for (int k = *first; k < *first + 3; k++)
		cr_assert_eq(mc_session_set_hours(s, r, k, 0, 0, &d), 0);
	cr_assert_eq(mc_session_solve(s, warm, &d), 0);
	cr_assert(warm->optimal);
	inst_load(y, dir); /* the same model, those days down */
	for (int k = *first; k < *first + 3; k++) {
		y->m.resources[r].day_hours[k] = 0;
		y->m.resources[r].day_ot[k] = 0;
	}
	mc_diag_release(&d);
	return r;
}

Test(session, warm_outage_equals_cold, .timeout = 120)
{
	inst x, y;
	char *dir = support_gen("session", 600, 7);
	mc_session *s;
	mc_diag d = MC_DIAG_INIT;
	inst_load(&x, dir);
	mc_lp_result base = solve(&x, NULL, 0, &s);
	mc_lp_result warm;
	int first, r = outage(&x, s, &base, dir, &warm, &y, &first);
	mc_lp_result cold = solve(&y, NULL, 0, NULL);
	long warm_iters = warm.iters - base.iters;
	cr_log_info("outage of %s days %d-%d: base %.10g, warm %.10g in %ld "
		    "iterations, cold %.10g in %ld",
		    x.m.resources[r].id, first, first + 2, base.bound,
		    warm.bound, warm_iters, cold.bound, cold.iters);
	cr_expect_gt(warm.bound, base.bound);
	cr_expect_leq(rel(warm.bound, cold.bound), REL_TOL,
		      "warm %.10g, cold %.10g", warm.bound, cold.bound);
	cr_expect_lt(warm_iters, cold.iters);
	mc_session_free(s);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	mc_arena_free(y.a);
	free(dir);
}

/* A warm start through its file is the warm start: what a Slurm task
 * reads is what the session gave, field by field, and a what-if session
 * started from either solves alike, iteration for iteration; a file cut
 * short is refused by name. */
Test(session, warm_start_file_is_the_warm_start, .timeout = 120)
{
	inst x, y;
	char *dir = support_gen("session-warm", 600, 7);
	char *path = support_path(dir, "base.warm");
	mc_session *s;
	mc_diag d = MC_DIAG_INIT;
	inst_load(&x, dir);
	mc_lp_result base = solve(&x, NULL, 0, &s);
	mc_warm *w = mc_session_warm(s);
	cr_assert_not_null(w);
	w->t_solve = base.t_solve;
	cr_assert_eq(mc_warm_write(w, path, &d), 0);
	mc_warm *r = mc_warm_read(path, &d);
	cr_assert_not_null(r, "%s", d.n ? d.v[0].msg : "");
	cr_assert_str_eq(r->backend, w->backend);
	cr_assert_eq(memcmp(r->dims, w->dims, sizeof(w->dims)), 0);
	cr_assert_eq(r->t_solve, w->t_solve);
	cr_assert_eq(r->norders, x.m.norders);
	cr_assert_eq(r->norders, w->norders);
	for (int i = 0; i < w->norders; i++) {
		cr_assert_str_eq(r->order[i], w->order[i]);
		cr_assert_eq(r->cls[i], w->cls[i]);
	}
	cr_assert_gt(w->n, x.m.norders);
	cr_assert_eq(r->n, w->n);
	cr_assert_eq(memcmp(r->key, w->key, (size_t)w->n * sizeof(*w->key)), 0);
	cr_assert_eq(memcmp(r->stat, w->stat, (size_t)w->n), 0);

	/* a what-if: the busiest resource down three days, from each */
	int res = 0, t = 0, H = x.m.horizon_days;
	busiest(&x, &base, &res, &t);
	int first = t > H - 3 ? H - 3 : t;
	inst_load(&y, dir);
	for (int k = first; k < first + 3; k++) {
		y.m.resources[res].day_hours[k] = 0;
		y.m.resources[res].day_ot[k] = 0;
	}
	mc_session_opts o = {0};
	mc_lp_result a, b;
	int warm_a, warm_b;
	mc_session *sa =
	    mc_session_new_warm(&y.m, &y.c, y.a, &o, w, &warm_a, &d);
	mc_session *sb =
	    mc_session_new_warm(&y.m, &y.c, y.a, &o, r, &warm_b, &d);
	cr_assert(sa && sb && warm_a && warm_b);
	cr_assert_eq(mc_session_solve(sa, &a, &d), 0);
	cr_assert_eq(mc_session_solve(sb, &b, &d), 0);
	cr_assert(a.optimal && b.optimal);
	cr_assert_eq(a.iters, b.iters);
	cr_assert_eq(a.bound, b.bound, "%.17g != %.17g", a.bound, b.bound);
	cr_assert_eq(a.obj, b.obj);

	/* cut short: refused, by its name */
	cr_assert_eq(support_sh("head -c -4 %s >%s.cut", path, path), 0);
	char *cut = support_path(dir, "base.warm.cut");
	mc_diag bad = MC_DIAG_INIT;
	cr_assert_null(mc_warm_read(cut, &bad));
	cr_assert_eq(bad.status, MC_EINPUT);
	cr_assert_str_eq(bad.v[0].file, cut);
	cr_assert_not_null(strstr(bad.v[0].msg, "not a warm start file"));
	mc_diag_release(&bad);
	free(cut);

	mc_session_free(sa);
	mc_session_free(sb);
	mc_warm_free(w);
	mc_warm_free(r);
	mc_session_free(s);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	mc_arena_free(y.a);
	free(path);
	free(dir);
}

/* A class's quantity doubled, warm, equals the cold solve. */
Test(session, warm_quantity_equals_cold, .timeout = 120)
{
	inst x, y;
	char *dir = support_gen("session", 400, 8);
	mc_session *s;
	mc_diag d = MC_DIAG_INIT;
	inst_load(&x, dir);
	mc_lp_result base = solve(&x, NULL, 0, &s);
	int big = 0;
	for (int c = 1; c < x.c.n; c++)
		if (x.c.v[c].quantity > x.c.v[big].quantity)
			big = c;
	int q = 2 * x.c.v[big].quantity;
	cr_assert_eq(mc_session_set_quantity(s, big, q, &d), 0);
	mc_lp_result warm;
	cr_assert_eq(mc_session_solve(s, &warm, &d), 0);
	cr_assert(warm.optimal);

	inst_load(&y, dir);
	y.c.v[big].quantity = q;
	mc_lp_result cold = solve(&y, NULL, 0, NULL);
	cr_expect_gt(warm.bound, base.bound);
	cr_expect_leq(rel(warm.bound, cold.bound), REL_TOL,
		      "warm %.10g, cold %.10g", warm.bound, cold.bound);
	mc_session_free(s);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	mc_arena_free(y.a);
	free(dir);
}

/* A deadline already past: nothing solved, no plan claimed, no bound. */
Test(session, past_deadline_claims_nothing)
{
	inst x;
	char *dir = support_gen("session", 200, 9);
	mc_diag d = MC_DIAG_INIT;
	mc_lp_result r;
	inst_load(&x, dir);
	mc_session_opts o = {.deadline = mc_session_clock() - 1};
	mc_session *s = mc_session_new(&x.m, &x.c, x.a, &o, &d);
	cr_assert_eq(mc_session_solve(s, &r, &d), 0);
	cr_expect_not(r.optimal);
	cr_expect_not(r.primal);
	cr_expect_not(r.has_bound);
	cr_expect_str_eq(r.status, "time limit");
	mc_session_free(s);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	free(dir);
}

/*
 * A bound at a limit is valid: stopped after the first pricing round
 * (the deadline passes while pricing), the bound stated lies below the
 * optimum and the plan is the restricted optimum, feasible.
 */
Test(session, bound_at_a_limit_is_below_the_optimum, .timeout = 120)
{
	inst x;
	char *dir = support_gen("session", 800, 10);
	mc_diag d = MC_DIAG_INIT;
	inst_load(&x, dir);
	mc_lp_result opt = solve(&x, NULL, 0, NULL);
	cr_assert_gt(opt.rounds, 0, "no pricing round to stop in");

	/* deadlines met inside the first solve, inside re-solves (whose
	 * point is not feasible: the plan is the last optimum held) and at
	 * the end, on both back-ends */
	int primal = 0;
	for (int k = 0; k < 2; k++)
		for (double limit = 0.01; limit < 5; limit *= 2) {
			mc_session_opts o = {.solver = k ? "clp" : "glpk",
					     .deadline =
						 mc_session_clock() + limit};
			mc_lp_result r;
			mc_session *s = mc_session_new(&x.m, &x.c, x.a, &o, &d);
			cr_assert_eq(mc_session_solve(s, &r, &d), 0);
			if (r.has_bound)
				cr_expect_leq(
				    r.bound,
				    opt.bound + REL_TOL * fabs(opt.bound),
				    "limit %.2f s: bound %.10g above the "
				    "optimum %.10g",
				    limit, r.bound, opt.bound);
			if (r.primal) {
				cr_expect_geq(r.obj,
					      opt.bound -
						  REL_TOL * fabs(opt.bound));
				primal += !r.optimal;
			}
			mc_session_free(s);
			if (r.optimal)
				break;
		}
	cr_log_info("%d stopped runs kept a feasible point", primal);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	free(dir);
}

/* Solves x with options o; the session stays open in *out when out is not
 * NULL. */
static mc_lp_result solve_with(inst *x, mc_session_opts *o, mc_session **out)
{
	mc_diag d = MC_DIAG_INIT;
	mc_lp_result r;
	mc_session *s = mc_session_new(&x->m, &x->c, x->a, o, &d);
	cr_assert_not_null(s);
	cr_assert_eq(mc_session_solve(s, &r, &d), 0);
	cr_assert(r.optimal, "LP %s", r.status);
	if (out)
		*out = s;
	else
		mc_session_free(s);
	mc_diag_release(&d);
	return r;
}

/*
 * An LP of independent blocks (a generated book: the air conditioners
 * share no resource, material or lane with the sofas and shirts) solved
 * block by block reaches the whole LP's optimum, on CLP (blocks at once)
 * and GLPK (one after another); on one thread or two every value is the
 * same, to the bit, and so is the iteration count.  Warm re-solves after
 * an outage work block by block, and on-time pricing reads the split
 * LP's optimum.
 */
Test(session, blocks_solve_to_the_whole_optimum, .timeout = 120)
{
	inst x;
	char *dir = support_gen("session-blocks", 600, 7);
	mc_diag d = MC_DIAG_INIT;
	inst_load(&x, dir);
	mc_session_opts whole_o = {.split_rows = -1};
	mc_lp_result whole = solve_with(&x, &whole_o, NULL);
	cr_expect_eq(whole.blocks, 1);

	mc_session *s1, *s2;
	mc_session_opts o1 = {.split_rows = 1, .threads = 1};
	mc_session_opts o2 = {.split_rows = 1, .threads = 2};
	mc_lp_result one = solve_with(&x, &o1, &s1);
	mc_lp_result two = solve_with(&x, &o2, &s2);
	cr_assert_gt(one.blocks, 1, "the generated LP is one block");
	cr_expect_eq(one.threads, 1);
	cr_expect_eq(two.threads, 2);
	cr_log_info("%d blocks: whole %.12g in %ld iterations, split %.12g in "
		    "%ld",
		    one.blocks, whole.bound, whole.iters, one.bound, one.iters);
	cr_expect_leq(rel(one.bound, whole.bound), REL_TOL,
		      "split %.10g, whole %.10g", one.bound, whole.bound);
	cr_expect_eq(one.iters, two.iters);
	cr_expect_eq(one.nx, two.nx);
	int same = one.bound == two.bound && one.obj == two.obj;
	for (int i = 0; i < one.nx && same; i++)
		same = one.x[i].value == two.x[i].value &&
		       one.x[i].dj == two.x[i].dj;
	int nrd = x.m.nresources * x.m.horizon_days;
	for (int i = 0; i < nrd && same; i++)
		same = one.shadow[i] == two.shadow[i] && one.ot[i] == two.ot[i];
	cr_expect(same, "one thread and two gave different values");

	mc_session_opts og = {.split_rows = 1, .solver = "glpk"};
	mc_lp_result glpk = solve_with(&x, &og, NULL);
	cr_expect_gt(glpk.blocks, 1);
	cr_expect_leq(rel(glpk.bound, whole.bound), REL_TOL,
		      "glpk split %.10g, whole %.10g", glpk.bound, whole.bound);

	/* on-time pricing at the split optimum, class by class */
	int priced = 0;
	for (int k = 0; k < x.c.n; k++) {
		double price;
		if (x.c.v[k].quantity > 0 &&
		    mc_session_ontime(s1, &one, k, &price) ==
			MC_ONTIME_PRICED) {
			priced++;
			cr_expect_geq(price, 0);
		}
	}
	cr_expect_gt(priced, 0, "no class priced on the split LP");

	/* an outage, re-solved warm block by block, is the whole LP's */
	mc_lp_result warm;
	inst y;
	int first;
	outage(&x, s2, &one, dir, &warm, &y, &first);
	mc_lp_result cold = solve_with(&y, &whole_o, NULL);
	cr_expect_leq(rel(warm.bound, cold.bound), REL_TOL,
		      "warm split %.10g, cold whole %.10g", warm.bound,
		      cold.bound);
	cr_expect_lt(warm.iters - two.iters, cold.iters);
	mc_session_free(s1);
	mc_session_free(s2);
	mc_diag_release(&d);
	mc_arena_free(x.a);
	mc_arena_free(y.a);
	free(dir);
}
