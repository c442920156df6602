/*
 * test_overtime.c - no overtime is paid beside free regular hours.
 *
 * Within a plant, a day and a resource kind, a unit's minutes may go to
 * any resource of the kind that admits its family, so the least overtime
 * a plan's units need there is a small LP: each family's minutes over its
 * admitting resources, each resource's regular minutes free, overtime up
 * to its limit at its cost.  The plans of generated books, first nights
 * and second nights with a frozen window (the frozen units' minutes
 * included), must pay exactly that least overtime.  The LP is solved by
 * GLPK through the LP back-end, not by the engine's own min-cost flow;
 * the plan is read from the store with SQL of this test's own.
 */
#include "backend.h"
#include "date.h"
#include "load.h"
#include "mcf.h"
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The least overtime cost of the minutes nd[0..n) (one plant, day and
 * kind) on the kind's resources res[0..nres), by an LP. */
static double least_overtime(const mc_model *m, const mc_fixmin *nd, int n,
			     const int *res, int nres)
{
	mc_lpm l;
	mc_lpm_init(&l);
	int t = nd[0].day;
	int fam0 = mc_lpm_add_rows(&l, n);
	int res0 = mc_lpm_add_rows(&l, nres);
	for (int i = 0; i < n; i++)
		mc_lpm_set_row(&l, fam0 + i, MC_BND_FX, nd[i].minutes,
			       nd[i].minutes);
	for (int q = 0; q < nres; q++)
		mc_lpm_set_row(&l, res0 + q, MC_BND_UP, 0,
			       mc_model_regular_minutes(m, res[q], t));
	for (int i = 0; i < n; i++)
		for (int q = 0; q < nres; q++)
			if (m->resources[res[q]].admits[nd[i].family]) {
				int c = mc_lpm_add_col(&l, MC_BND_LO, 0, 0, 0);
				mc_lpm_add_nz(&l, fam0 + i, c, 1);
				mc_lpm_add_nz(&l, res0 + q, c, 1);
			}
	for (int q = 0; q < nres; q++) {
		double ot = mc_model_max_minutes(m, res[q], t) -
			    mc_model_regular_minutes(m, res[q], t);
		int c = mc_lpm_add_col(
		    &l, ot > 0 ? MC_BND_DB : MC_BND_FX, 0, ot,
		    m->resources[res[q]].ot_cost / MC_MIN_PER_HOUR);
		mc_lpm_add_nz(&l, res0 + q, c, -1);
	}
	mc_diag d = MC_DIAG_INIT;
	mc_be *be = mc_be_new("glpk");
	mc_be_opts o = {.method = MC_BE_PRIMAL};
	mc_be_result r;
	cr_assert_eq(mc_be_load(be, &l, &d), 0);
	cr_assert_eq(mc_be_solve(be, &o, &r, &d), 0, "%s",
		     d.n ? d.v[0].msg : "");
	cr_assert_eq(r.status, MC_BE_OPTIMAL,
		     "the minutes of a plant-day-kind "
		     "do not fit its resources");
	double obj = r.obj;
	mc_be_free(be);
	mc_lpm_release(&l);
	mc_diag_release(&d);
	return obj;
}

/* Checks run `run` of db, planned from the files in dir with its horizon
 * starting on `start` (ISO); returns the overtime cost the run pays. */
static double check_run(const char *dir, const char *db, int run)
{
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	char sql[512];
	int start = (int)support_q1(db,
				    "SELECT CAST(julianday(horizon_start) - "
				    "julianday('1970-01-01') AS INTEGER) FROM "
				    "runs WHERE id = %d",
				    run);
	char *c = support_path(dir, "catalog.yaml");
	char *p = support_path(dir, "plants.yaml");
	char *o = support_path(dir, "orders.yaml");
	mc_source cs = {.path = c}, ps = {.path = p, .start = start},
		  os = {.path = o};
	cr_assert_eq(mc_load_sources(a, &cs, &ps, &os, 1, &m, &d), 0);
	mc_id_index orders;
	mc_order_index_build(&m, &orders);

	/* every plan row's minutes, by plant, day, kind and family */
	snprintf(sql, sizeof(sql),
		 "SELECT order_id, plant, CAST(julianday(day) - "
		 "julianday('1970-01-01') AS INTEGER), units FROM plan "
		 "WHERE run = %d",
		 run);
	char *rows = support_rows(db, sql);
	int n = 0, cap = 1024;
	mc_fixmin *nd = malloc((size_t)cap * sizeof(*nd));
	for (char *l = strtok(rows, "\n"); l; l = strtok(NULL, "\n")) {
		char order[64], plant[64];
		int day, units;
		cr_assert_eq(sscanf(l, "%63[^,],%63[^,],%d,%d", order, plant,
				    &day, &units),
			     4);
		int ord = mc_id_index_find(&orders, order);
		int pl = mc_model_index(&m.plants[0].id, sizeof(mc_plant),
					m.nplants, plant);
		cr_assert(ord >= 0 && pl >= 0);
		for (int k = 0; k < m.nkinds; k++) {
			double mins = mc_model_unit_minutes(&m, ord, pl, k);
			if (mins <= 0)
				continue;
			if (n == cap)
				nd = realloc(nd,
					     (size_t)(cap *= 2) * sizeof(*nd));
			nd[n++] = (mc_fixmin){m.orders[ord].family, pl,
					      day - m.start, k, mins * units};
		}
	}
	free(rows);
	n = mc_minutes_merge(nd, n);

	/* what the run pays per resource and day */
	int H = m.horizon_days;
	double *ot = calloc((size_t)m.nresources * H + 1, sizeof(double));
	double *used = calloc((size_t)m.nresources * H + 1, sizeof(double));
	snprintf(
	    sql, sizeof(sql),
	    "SELECT resource, CAST(julianday(day) - julianday('1970-01-01') "
	    "AS INTEGER), used, ot FROM capacity WHERE run = %d",
	    run);
	rows = support_rows(db, sql);
	for (char *l = strtok(rows, "\n"); l; l = strtok(NULL, "\n")) {
		char id[64];
		int day;
		double u, x;
		cr_assert_eq(sscanf(l, "%63[^,],%d,%lf,%lf", id, &day, &u, &x),
			     4);
		int r = mc_model_index(&m.resources[0].id, sizeof(mc_resource),
				       m.nresources, id);
		cr_assert(r >= 0);
		used[r * H + day - m.start] = u;
		ot[r * H + day - m.start] = x;
	}
	free(rows);

	int *res = malloc(((size_t)m.nresources + 1) * sizeof(int));
	double paid_all = 0;
	int blocks = 0;
	for (int i = 0, j; i < n; i = j) {
		j = mc_minutes_block(nd, n, i);
		int t = nd[i].day;
		int nres = mc_kind_resources(&m, nd[i].plant, nd[i].kind, res);
		const mc_plant *pl = &m.plants[nd[i].plant];
		double paid = 0, hours = 0, mins = 0;
		for (int q = 0; q < nres; q++) {
			paid +=
			    ot[res[q] * H + t] * m.resources[res[q]].ot_cost;
			hours += used[res[q] * H + t];
		}
		for (int q = i; q < j; q++)
			mins += nd[q].minutes;
		cr_assert_float_eq(hours * MC_MIN_PER_HOUR, mins,
				   1e-6 * (1 + mins),
				   "plant %s day %d kind %s: %.4f h used for "
				   "%.4f minutes of units",
				   pl->id, t, m.kinds[nd[i].kind], hours, mins);
		double least = least_overtime(&m, &nd[i], j - i, res, nres);
		cr_assert_float_eq(paid, least, 1e-6 * (1 + least),
				   "plant %s day %d kind %s pays %.4f of "
				   "overtime, %.4f would do",
				   pl->id, t, m.kinds[nd[i].kind], paid, least);
		paid_all += paid;
		blocks++;
	}
	cr_assert_gt(blocks, 0);
	/* and the LP bound, frozen minutes placed by the LP too, stays a
	 * bound of the plan made cheaper so */
	cr_assert_eq(support_q1(db,
				"SELECT objective + COALESCE(cost_stability, "
				"0) - lp_bound >= -1e-6 * (1 + objective) FROM "
				"runs WHERE id = %d",
				run),
		     1, "run %d costs less than its LP bound", run);
	free(res);
	free(ot);
	free(used);
	free(nd);
	free(c);
	free(p);
	free(o);
	mc_id_index_free(&orders);
	mc_diag_release(&d);
	mc_arena_free(a);
	return paid_all;
}

/* A generated book's first night, and its second with day 1 made as
 * planned and three frozen days. */
static void two_nights(int norders, uint64_t seed)
{
	char *dir = support_gen("overtime", norders, seed);
	char *db = support_path(dir, "mc.db");
	cr_assert_eq(
	    support_run_in(dir, "plan %s/job.yaml --db %s -q", dir, db), 0);
	double first = check_run(dir, db, 1);
	/* the floor makes day 1 exactly as planned */
	int start = (int)support_q1(
	    db, "SELECT CAST(julianday(horizon_start) - "
		"julianday('1970-01-01') AS INTEGER) FROM runs WHERE id = 1");
	char day1[11], day2[11];
	mc_date_format(start, day1);
	mc_date_format(start + 1, day2);
	cr_assert_eq(support_sh("%s labels 1 --db %s | awk -F, 'NR==1 {print "
				"\"identifier,status,date\"} NR>1 && $6 == "
				"\"%s\" {print $1\",produced,%s\"}' > "
				"%s/made.csv",
				support_bin(), db, day1, day1, dir),
		     0);
	cr_assert_eq(
	    support_run_in(dir, "actuals %s/made.csv --db %s", dir, db), 0);
	cr_assert_eq(support_run_in(dir,
				    "plan %s/job.yaml --db %s -q --start %s "
				    "--frozen-days 3 --publish always",
				    dir, db, day2),
		     0);
	cr_assert_gt(
	    support_q1(db, "SELECT units_frozen FROM runs WHERE id = 2"), 0);
	double second = check_run(dir, db, 2);
	cr_log_info("%d orders, seed %llu: overtime %.2f, then %.2f", norders,
		    (unsigned long long)seed, first, second);
	free(db);
	free(dir);
}

Test(overtime, least_on_first_and_second_nights_1k_seed_7, .timeout = 120)
{
	two_nights(1000, 7);
}

Test(overtime, least_on_first_and_second_nights_3k_seed_1, .timeout = 120)
{
	two_nights(3000, 1);
}

Test(overtime, least_on_the_samples, .timeout = 60)
{
	char *dir = support_tmpdir("overtime-samples");
	char *db = support_plan_samples(dir);
	check_run("../data/samples", db, 1);
	free(db);
	free(dir);
}
