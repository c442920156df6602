/*
 * test_diff.c - differential test of the planner's LP: the class LP that
 * scheduler/ builds in C against models/plan.mod, the order-level MathProg
 * formulation of the planning model (docs/design.md, "The planning model")
 * written apart from it and solved by glpsol.  Both must reach the same LP
 * optimum (relative 1e-6) on seeded random instances from the generator
 * (models/gen/gen.h) and on the hand-made instances in fixtures/diff/, which
 * cover elements the random ones might not hit.  A coverage test checks
 * that the random instances together do exercise every element of the
 * model.  Through the binary ($MCSCHED),
 * `mcsched export` must write a MathProg data file and an LP file that
 * glpsol solves to the LP bound stored with the run.
 *
 * Runs with cwd = tests/; scratch files go to tmp/diff-XXXXXX.
 */
#include "date.h"
#include "gen.h"
#include "load.h"
#include "mathprog.h"
#include "plan.h"
#include "store.h"
#include "support.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_MOD "../models/plan.mod"
#define REL_TOL	 1e-6

/*
 * Runs `glpsol <args> dir/<out>` (args end with the option naming the
 * output file), its messages into dir/<out>.log, and returns the number on
 * the first line of dir/<out> that starts with `start`: after its '=' if
 * it has one, else right after `start`.  Output always goes to files in
 * dir: never to /dev/null (as root glpsol would replace the device).
 */
static double glpsol_value(const char *dir, const char *args,
			   const char *out_name, const char *start)
{
	char out[512], line[256];
	double obj = NAN;
	size_t n = strlen(start);

	snprintf(out, sizeof(out), "%s/%s", dir, out_name);
	int st = support_sh("glpsol %s %s >%s.log 2>&1", args, out, out);
	cr_assert_eq(st, 0, "glpsol failed (status %d), see %s.log", st, out);
	FILE *f = fopen(out, "r");
	cr_assert_not_null(f, "no %s", out);
	while (isnan(obj) && fgets(line, sizeof(line), f))
		if (strncmp(line, start, n) == 0) {
			const char *eq = strchr(line, '=');
			obj = strtod(eq ? eq + 1 : line + n, NULL);
		}
	fclose(f);
	cr_assert(!isnan(obj), "no objective in %s", out);
	return obj;
}

/* The objective of plan.mod on data file dat ("objective X"). */
static double glpsol_objective(const char *dir, const char *dat)
{
	char args[1024];
	snprintf(args, sizeof(args), "--math %s --data %s --display", PLAN_MOD,
		 dat);
	return glpsol_value(dir, args, "out.txt", "objective ");
}

/*
 * Plans the instance in src (our class LP) and solves plan.mod on it
 * (glpsol) in work, and requires equal optima.
 */
static void diff_instance(const char *src, const char *work, const char *what)
{
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan plan;
	/* the LP is what is compared: the whole units are the floor +
	 * repair alone (their improvement is test_round.c's) */
	mc_plan_opts opts = {.round_off = 1};
	mc_diag d = MC_DIAG_INIT;
	char dat[512];

	cr_assert_eq(support_load_dir(a, src, &m, &d), 0,
		     "cannot load the instance in %s", src);
	memset(&plan, 0, sizeof(plan));
	int rc = mc_plan_run(&m, &opts, &plan, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0, "%s: mc_plan_run failed", what);
	cr_assert_str_eq(plan.lp_status, "optimal", "%s: LP %s", what,
			 plan.lp_status);

	snprintf(dat, sizeof(dat), "%s/plan.dat", work);
	rc = mc_mathprog_write_data(&m, dat, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0);

	double ref = glpsol_objective(work, dat);
	double ours = plan.lp_bound;
	double rel = fabs(ours - ref) / fmax(1.0, fabs(ref));
	cr_log_info("%s: class LP %.12g, plan.mod %.12g, relative %.3g (%d "
		    "classes, %d orders)",
		    what, ours, ref, rel, plan.nclasses, m.norders);
	cr_expect_leq(rel, REL_TOL,
		      "%s: class LP %.10g, plan.mod %.10g (relative %.3g); "
		      "data in %s",
		      what, ours, ref, rel, work);
	/* The integral plan never beats the LP bound. */
	cr_expect_geq(plan.cost, ref - REL_TOL * fmax(1.0, fabs(ref)),
		      "%s: plan cost %.10g below the LP optimum %.10g", what,
		      plan.cost, ref);
	mc_diag_release(&d);
	mc_arena_free(a);
}

/* ---- random instances from the generator ---- */

typedef struct gen_case {
	int norders;
	unsigned seed;
} gen_case;

static const gen_case gen_cases[] = {
    {20, 1},  {20, 2},	{25, 3},  {25, 4},  {30, 5},  {30, 6},
    {35, 7},  {35, 8},	{40, 9},  {40, 10}, {45, 11}, {45, 12},
    {50, 13}, {50, 14}, {55, 15}, {55, 16}, {60, 17}, {60, 18},
    {65, 19}, {65, 20}, {70, 21}, {70, 22}, {75, 23}, {80, 24},
};
#define NGEN ((int)(sizeof(gen_cases) / sizeof(gen_cases[0])))

ParameterizedTestParameters(diff, gen)
{
	return cr_make_param_array(gen_case, gen_cases, NGEN);
}

ParameterizedTest(const gen_case *c, diff, gen, .timeout = 120)
{
	char what[64];
	snprintf(what, sizeof(what), "gen %d orders seed %u", c->norders,
		 c->seed);
	char *dir = support_gen("diff", c->norders, c->seed);
	diff_instance(dir, dir, what);
	free(dir);
}

/* ---- hand-made instances ---- */

typedef support_fixture fix_case;
static const fix_case fix_cases[] = SUPPORT_DIFF_FIXTURES;
#define NFIX ((int)(sizeof(fix_cases) / sizeof(fix_cases[0])))

ParameterizedTestParameters(diff, fixture)
{
	return cr_make_param_array(fix_case, fix_cases, NFIX);
}

ParameterizedTest(const fix_case *c, diff, fixture, .timeout = 60)
{
	char src[256];
	char *work = support_tmpdir("diff");

	snprintf(src, sizeof(src), "fixtures/diff/%s", c->name);
	diff_instance(src, work, c->name);
	free(work);
}

/* ---- the random instances cover every element of section 3 ---- */

Test(diff, gen_covers_every_element, .timeout = 60)
{
	int seen[SUPPORT_COV_N] = {0};
	char *dir = support_tmpdir("diff");

	for (int i = 0; i < NGEN; i++) {
		mc_arena *a = mc_arena_new();
		mc_model m;
		mc_diag d = MC_DIAG_INIT;
		int rc = mc_gen_write(dir, gen_cases[i].norders,
				      gen_cases[i].seed, &d);
		cr_assert_eq(rc, 0);
		cr_assert_eq(support_load_dir(a, dir, &m, &d), 0,
			     "cannot load the instance in %s", dir);
		support_cover(&m, seen);
		mc_diag_release(&d);
		mc_arena_free(a);
	}
	for (int c = 0; c < SUPPORT_COV_N; c++)
		cr_expect(seen[c], "no generated instance has %s",
			  support_cover_name(c));
	free(dir);
}

/* ---- `mcsched export` through the binary ---- */

/* The objective of a CPLEX LP file ("Objective:  cost = X (MINimum)"). */
static double glpsol_lp_objective(const char *dir, const char *lp)
{
	char args[1024];
	snprintf(args, sizeof(args), "--lp %s -o", lp);
	return glpsol_value(dir, args, "lp_sol.txt", "Objective:");
}

/*
 * Plans a hand-made instance into a fresh database with the binary, then
 * `export latest --mathprog F --lp G`: glpsol on plan.mod + F and on G must
 * both reach the LP bound stored with the run.
 */
Test(diff, export_cli, .timeout = 60)
{
	const char *bin = support_bin();
	char *dir = support_tmpdir("export");
	char db[512], dat[512], lp[512];
	const char *src = "fixtures/diff/flows";
	mc_diag d = MC_DIAG_INIT;

	snprintf(db, sizeof(db), "%s/mc.db", dir);
	snprintf(dat, sizeof(dat), "%s/plan.dat", dir);
	snprintf(lp, sizeof(lp), "%s/plan.lp", dir);
	int st = support_sh("%s plan -c %s/catalog.yaml -p %s/plants.yaml "
			    "-o %s/orders.yaml --db %s >%s/plan.log 2>&1",
			    bin, src, src, src, db, dir);
	cr_assert_eq(st, 0, "mcsched plan: status %d, see %s/plan.log", st,
		     dir);
	st = support_sh("%s export latest --db %s --mathprog %s --lp %s "
			">%s/export.log 2>&1",
			bin, db, dat, lp, dir);
	cr_assert_eq(st, 0, "mcsched export: status %d, see %s/export.log", st,
		     dir);

	mc_store *s = NULL;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	int64_t id = 0;
	cr_assert_eq(mc_store_open(db, &s, &d), 0);
	cr_assert_eq(mc_store_resolve_run(s, "latest", &id, &d), 0);
	cr_assert_eq(mc_store_load_run(s, id, a, &v, &d), 0);
	cr_assert_str_eq(v.lp_status, "optimal");
	double bound = v.lp_bound;
	mc_store_close(s);

	double ref = glpsol_objective(dir, dat);
	double rel = fabs(ref - bound) / fmax(1.0, fabs(ref));
	cr_expect_leq(rel, REL_TOL, "plan.mod %.10g, stored bound %.10g", ref,
		      bound);
	double lpv = glpsol_lp_objective(dir, lp);
	rel = fabs(lpv - bound) / fmax(1.0, fabs(bound));
	cr_expect_leq(rel, REL_TOL, "--lp file %.10g, stored bound %.10g", lpv,
		      bound);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(dir);
}
