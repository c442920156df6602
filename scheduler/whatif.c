/*
 * whatif.c - what-if scenarios on a stored base run (whatif.h).
 *
 * The base model comes from the base run's snapshots; each scenario is
 * loaded and checked before anything is solved.  The base is planned once
 * (its session kept), then each scenario's model (base inputs + the orders
 * it adds, overlay applied) is planned warm from the base session and
 * saved as a what-if run.  With jobs > 1 the scenarios are shared out to
 * that many forked workers after the base is solved: each inherits the
 * solved base session and opens its own store connection (SQLite handles
 * are not shared across fork; saves serialize on the database's lock).
 */
#include "whatif.h"
#include "commit.h"
#include "date.h"
#include "load.h"
#include "plan.h"
#include "progress.h"
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The stored inputs of run id, by role; orders[] gets the order book then
 * the files a scenario added.  Returns 0 or -1. */
struct run_src {
	mc_source catalog, plants, orders[MC_MAX_ORDER_FILES], scenario;
	int norders, has_scenario, snap;
	const mc_view_input *in;
	int nin;
};

static int run_sources(mc_store *s, int64_t id, mc_arena *a, struct run_src *r,
		       mc_diag *d)
{
	mc_view_input *in;
	int n;
	memset(r, 0, sizeof(*r));
	if (mc_store_run_sources(s, id, a, &in, &n, d) < 0)
		return -1;
	r->in = in;
	r->nin = n;
	int start;
	if (mc_store_run_start(s, id, &start, d) < 0)
		return -1;
	r->snap = n > 0;
	int have_c = 0, have_p = 0;
	for (int i = 0; i < n; i++) {
		mc_source src = {in[i].path, in[i].bytes, in[i].len, 0};
		r->snap &= in[i].bytes != NULL;
		if (strcmp(in[i].role, "catalog") == 0) {
			r->catalog = src;
			have_c = 1;
		} else if (strcmp(in[i].role, "plants") == 0) {
			r->plants = src;
			r->plants.start = start; /* the run's, maybe --start */
			have_p = 1;
		} else if (strcmp(in[i].role, "scenario") == 0) {
			r->scenario = src;
			r->has_scenario = 1;
		} else if (!strncmp(in[i].role, "orders", 6) &&
			   r->norders < MC_MAX_ORDER_FILES) {
			r->orders[r->norders++] = src;
		}
	}
	if (!have_c || !have_p || r->norders == 0 ||
	    strcmp(in[0].role, "catalog") != 0)
		return mc_diag_error(d, MC_ESTORE,
				     "run %lld does not record its inputs",
				     (long long)id);
	return 0;
}

int mc_run_model(mc_store *s, int64_t id, mc_arena *a, mc_model *m, mc_diag *d)
{
	struct run_src r;
	if (run_sources(s, id, a, &r, d) < 0)
		return -1;
	if (mc_load_sources(a, &r.catalog, &r.plants, r.orders, r.norders, m,
			    d) < 0)
		return -1;
	if (!r.snap) /* an older run: its files, unchanged since */
		for (int i = 0; i < r.nin; i++)
			for (int k = 0; k < m->ninputs; k++)
				if (strcmp(r.in[i].role, m->inputs[k].role) ==
					0 &&
				    strcmp(r.in[i].digest,
					   m->inputs[k].digest) != 0)
					mc_diag_at(d, MC_EINPUT,
						   m->inputs[k].path, 0, 0,
						   "changed since run %lld "
						   "(digest %s, now %s)",
						   (long long)id,
						   r.in[i].digest,
						   m->inputs[k].digest);
	if (mc_diag_count(d))
		return -1;
	if (r.has_scenario) {
		mc_scenario sc;
		if (mc_load_scenario(a, &r.scenario, &sc, d) < 0 ||
		    mc_scenario_apply(&sc, m, d) < 0)
			return -1;
	}
	return 0;
}

int mc_run_plan(mc_store *s, const mc_run_view *view, mc_arena *a, mc_model *m,
		mc_plan *p, mc_diag *d)
{
	const mc_run_view v = *view;
	long long id = (long long)v.id;
	if (mc_run_model(s, v.id, a, m, d) < 0)
		return -1;
	memset(p, 0, sizeof(*p));
	p->frozen_days = v.frozen_days;
	/* a plan run keeps a withdrawn order's frozen units: its order comes
	 * after the inputs' (commit.h) */
	for (int o = m->norders; o < v.norders; o++)
		if (mc_commit_readd_order(m, &v.orders[o],
					  v.orders[o].quantity) < 0)
			return mc_diag_error(
			    d, MC_ESTORE,
			    "run %lld: order '%s' kept for its "
			    "frozen units is no longer known "
			    "to the catalog",
			    id, v.orders[o].id);
	if (v.norders != m->norders)
		return mc_diag_error(d, MC_ESTORE,
				     "run %lld: %d orders stored, %d in its "
				     "inputs",
				     id, v.norders, m->norders);
	p->orders =
	    mc_arena_calloc(a, (size_t)m->norders + 1, sizeof(*p->orders));
	for (int o = 0; o < m->norders; o++) {
		if (strcmp(v.orders[o].id, m->orders[o].id) != 0)
			return mc_diag_error(d, MC_ESTORE,
					     "run %lld: order %d is '%s' in "
					     "the store, '%s' in its inputs",
					     id, o, v.orders[o].id,
					     m->orders[o].id);
		p->orders[o].planned = v.orders[o].planned;
		p->orders[o].unmet = v.orders[o].unmet;
	}
	p->alloc = mc_arena_calloc(a, (size_t)v.nallocs + 1, sizeof(*p->alloc));
	p->nalloc = v.nallocs;
	for (int i = 0; i < v.nallocs; i++) {
		const mc_view_alloc *x = &v.allocs[i];
		mc_alloc *al = &p->alloc[i];
		al->order = x->order_idx;
		al->day = x->t;
		al->units = x->units;
		al->frozen = x->frozen;
		al->plant = mc_model_index(&m->plants[0].id, sizeof(*m->plants),
					   m->nplants, x->plant);
		al->resource =
		    mc_model_index(&m->resources[0].id, sizeof(*m->resources),
				   m->nresources, x->resource);
		if (al->plant < 0 || mc_date_parse(x->arrive, &al->arrive))
			return mc_diag_error(d, MC_ESTORE,
					     "run %lld: a plan row of order "
					     "'%s' does not match its inputs",
					     id, x->order);
	}
	return 0;
}

/* What a what-if is compared with: the stored base run, and the time its
 * LP took here (cold). */
struct base_facts {
	double cost, t_lp;
	int planned, late, unmet;
};

/* Run id's line of `mcsched runs` (not its whole view: a 100k-order
 * run's plan rows are not needed to compare with it). */
static int run_row(mc_store *s, int64_t id, mc_arena *a, mc_run_row *out,
		   mc_diag *d)
{
	mc_run_row *rows;
	int n;
	if (mc_store_list_runs(s, a, &rows, &n, d) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (rows[i].id == id) {
			*out = rows[i];
			return 0;
		}
	return mc_diag_error(d, MC_ESTORE, "no run %lld", (long long)id);
}

/* One scenario, read and checked. */
struct scen {
	mc_scenario sc;
	const char *files[MC_MAX_ORDER_FILES];
	int nfiles;
};

/* The model of scenario x: the base's sources plus the orders it adds,
 * with the overlay applied, the scenario's file noted among the inputs. */
static int scenario_model(const struct run_src *base, struct scen *x,
			  mc_arena *a, mc_model *m, mc_diag *d)
{
	mc_source orders[MC_MAX_ORDER_FILES];
	int n = 0;
	for (int i = 0; i < base->norders; i++)
		orders[n++] = base->orders[i];
	for (int i = 0; i < x->nfiles && n < MC_MAX_ORDER_FILES; i++)
		orders[n++] = (mc_source){x->files[i], NULL, 0, 0};
	if (mc_load_sources(a, &base->catalog, &base->plants, orders, n, m, d) <
		0 ||
	    mc_scenario_apply(&x->sc, m, d) < 0)
		return -1;
	m->inputs[m->ninputs++] = x->sc.input;
	return 0;
}

/* "a\nb\n..." of the changes' texts. */
static const char *changes_text(const mc_scenario *sc, mc_arena *a)
{
	const char *t = "";
	for (int i = 0; i < sc->nchanges; i++)
		t = mc_arena_printf(a, "%s%s%s", t, i ? "\n" : "",
				    sc->changes[i].text);
	return t;
}

static void print_result(const char *name, int64_t run, int64_t base_id,
			 const mc_plan *p, const struct base_facts *b,
			 double secs)
{
	printf("what-if '%s': run %lld on base run %lld\n", name,
	       (long long)run, (long long)base_id);
	if (isnan(p->lp_bound))
		printf("  plan cost %.2f (%+.2f), LP %s, no bound\n", p->cost,
		       p->cost - b->cost, p->lp_status);
	else
		printf("  plan cost %.2f (%+.2f), LP bound %.2f, gap %.3f%% "
		       "(LP %s)\n",
		       p->cost, p->cost - b->cost, p->lp_bound, 100 * p->gap,
		       p->lp_status);
	printf("  units planned %d (%+d), late %d (%+d), unmet %d (%+d)\n",
	       p->units_planned, p->units_planned - b->planned, p->units_late,
	       p->units_late - b->late, p->units_unmet,
	       p->units_unmet - b->unmet);
	printf("  LP solved %s in %.2f s, %d iterations (the base's cold "
	       "solve: %.2f s); %.2f s in all\n",
	       p->lp_warm ? "warm from the base" : "cold", p->t_lp, p->lp_iters,
	       b->t_lp, secs);
	fflush(stdout);
}

/* Plans and stores scenario x.  Returns 0 or -1. */
static int plan_one(const mc_whatif_opts *o, const struct run_src *src,
		    struct scen *x, mc_session *base,
		    const struct base_facts *bp, int64_t base_id, mc_diag *d)
{
	double started = mc_progress_wall();
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	mc_store *s = NULL;
	int64_t run;
	int rc = -1;
	if (scenario_model(src, x, a, &m, d) < 0)
		goto out;
	double loaded = mc_progress_wall();
	/* one status line on a terminal only when one process plans */
	mc_progress *pg = mc_progress_new(
	    stderr, o->quiet ? MC_PROGRESS_QUIET
		    : isatty(2)
			? (o->jobs > 1 ? MC_PROGRESS_QUIET : MC_PROGRESS_TTY)
			: MC_PROGRESS_LOG);
	mc_plan_opts po = {.time_limit = o->time_limit,
			   .solver = o->solver,
			   .progress = pg,
			   .warm_from = o->cold ? NULL : base};
	int planned = mc_plan_run(&m, &po, &p, d);
	mc_progress_free(pg);
	if (planned < 0)
		goto out;
	if (mc_store_open_existing(o->db, &s, d) < 0)
		goto out;
	mc_run_meta meta = {.kind = "whatif",
			    .base_run = base_id,
			    .scenario = x->sc.name,
			    .started = started,
			    .finished = mc_progress_wall(),
			    .t_load = loaded - started,
			    .changes = changes_text(&x->sc, a)};
	if (mc_store_save_run(s, &m, &p, &meta, &run, d) < 0)
		goto out;
	if (!o->quiet)
		print_result(x->sc.name, run, base_id, &p, bp,
			     mc_progress_wall() - started);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

/* Worker k of n: the scenarios i with i % n == k; returns 0 or the
 * status of its first failure (printed). */
static int worker(const mc_whatif_opts *o, const struct run_src *src,
		  struct scen *x, mc_session *base, const struct base_facts *bp,
		  int64_t base_id, int k)
{
	mc_diag d = MC_DIAG_INIT;
	int status = 0;
	for (int i = k; i < o->nscenarios; i += o->jobs)
		if (plan_one(o, src, &x[i], base, bp, base_id, &d) < 0) {
			status = d.status ? d.status : MC_ENOPLAN;
			mc_diag_print(&d, stderr, 1);
			break;
		}
	/* the worker leaves by _exit: its output is checked here, as main()
	 * checks the parent's */
	if ((fflush(stdout) != 0 || ferror(stdout)) && !status) {
		fprintf(stderr, "mcsched: unable to write standard output\n");
		status = MC_EINPUT;
	}
	mc_diag_release(&d);
	return status;
}

int mc_whatif_run(const mc_whatif_opts *o, mc_diag *d)
{
	mc_arena *a = mc_arena_new();
	mc_store *s = NULL;
	mc_session *base = NULL;
	struct scen *x = mc_xcalloc((size_t)o->nscenarios + 1, sizeof(*x));
	struct run_src src;
	mc_run_row v = {0}; /* the base's line of `runs`: all it needs */
	int64_t id;
	int rc = -1;

	if (mc_store_open_existing(o->db, &s, d) < 0 ||
	    mc_store_resolve_run(s, o->base, &id, d) < 0 ||
	    run_row(s, id, a, &v, d) < 0)
		goto out;
	if (strcmp(v.kind, "plan") != 0) {
		mc_diag_error(d, MC_EUSAGE,
			      "run %lld is a what-if: the base of a what-if is "
			      "a plan run",
			      (long long)id);
		goto out;
	}
	if (run_sources(s, id, a, &src, d) < 0)
		goto out;
	if (!src.snap) {
		mc_diag_error(d, MC_ESTORE,
			      "run %lld keeps no snapshot of its inputs (it "
			      "was planned by an older mcsched): plan it again",
			      (long long)id);
		goto out;
	}
	mc_store_close(s);
	s = NULL;
	/* every scenario read and checked before anything is planned */
	for (int i = 0; i < o->nscenarios; i++) {
		mc_source f = {o->scenarios[i], NULL, 0, 0};
		if (mc_load_scenario(a, &f, &x[i].sc, d) == 0 &&
		    mc_scenario_check_files(&x[i].sc, o->allow_outside, d) == 0)
			x[i].nfiles = mc_scenario_order_files(
			    &x[i].sc, x[i].files, MC_MAX_ORDER_FILES - 1);
	}
	for (int i = 0; i < o->nscenarios && !mc_diag_count(d); i++) {
		mc_arena *t = mc_arena_new();
		mc_model m;
		struct scen copy = x[i];
		scenario_model(&src, &copy, t, &m, d);
		mc_arena_free(t);
	}
	if (mc_diag_count(d))
		goto out;

	/* The base's LP only: its plan is the stored run's; a what-if starts
	 * from the LP's optimal basis as the solve left it (no rounding or
	 * on-time pricing, whose time budget would make the start depend on
	 * the machine's speed). */
	mc_model bm;
	mc_lp_result lr;
	struct base_facts bp = {v.cost, 0, v.units_planned, v.units_late,
				v.units_unmet};
	mc_classes *bc = mc_arena_calloc(a, 1, sizeof(*bc));
	mc_session_opts so = {.solver = o->solver};
	if (o->time_limit > 0)
		so.deadline = mc_session_clock() + o->time_limit;
	if (mc_load_sources(a, &src.catalog, &src.plants, src.orders,
			    src.norders, &bm, d) < 0)
		goto out;
	mc_classes_build(&bm, a, bc);
	if (!(base = mc_session_new(&bm, bc, a, &so, d)) ||
	    mc_session_solve(base, &lr, d) < 0)
		goto out;
	bp.t_lp = lr.t_solve;
	double tol = 1e-6 * fmax(1.0, fabs(v.lp_bound));
	if (!o->quiet)
		printf("base run %lld re-solved in %.2f s: LP bound %.2f%s\n",
		       (long long)id, lr.t_solve, lr.bound,
		       !lr.optimal ? " (LP not optimal: a limit)"
		       : isnan(v.lp_bound) || fabs(lr.bound - v.lp_bound) <= tol
			   ? ""
			   : " (the stored run's differs: another solver or "
			     "limit)");
	fflush(stdout);

	int jobs = o->jobs < 1 ? 1 : o->jobs;
	if (jobs > o->nscenarios)
		jobs = o->nscenarios;
	if (jobs <= 1) {
		for (int i = 0; i < o->nscenarios; i++)
			if (plan_one(o, &src, &x[i], base, &bp, id, d) < 0)
				goto out;
		rc = 0;
		goto out;
	}
	mc_whatif_opts wo = *o;
	wo.jobs = jobs;
	pid_t *pid = mc_xcalloc((size_t)jobs, sizeof(pid_t));
	for (int k = 0; k < jobs; k++) {
		pid[k] = fork();
		if (pid[k] == 0) { /* the child frees what it has, and exits */
			int st = worker(&wo, &src, x, base, &bp, id, k);
			free(pid);
			mc_session_free(base);
			free(x);
			mc_arena_free(a);
			mc_session_shutdown();
			_exit(st);
		}
		if (pid[k] < 0)
			mc_diag_error(d, MC_ENOPLAN,
				      "unable to start a worker process");
	}
	int worst = 0;
	for (int k = 0; k < jobs; k++) {
		int st;
		if (pid[k] > 0 && waitpid(pid[k], &st, 0) == pid[k]) {
			int code = WIFEXITED(st) ? WEXITSTATUS(st) : MC_ENOPLAN;
			if (code > worst)
				worst = code;
		}
	}
	free(pid);
	if (worst)
		mc_diag_error(d, worst, "a what-if worker failed (above)");
	rc = mc_diag_count(d) ? -1 : 0;
out:
	mc_session_free(base);
	mc_store_close(s);
	free(x);
	mc_arena_free(a);
	return rc;
}
