/*
 * whatif.c - what-if scenarios on a stored base run (whatif.h).
 *
 * The base model comes from the base run's snapshots; each scenario is
 * loaded and checked before anything is solved.  The base LP is solved
 * once and the warm start it gives kept (warm.h), then each scenario's
 * model (base inputs + the orders it adds, overlay applied) is planned
 * warm from it and saved as a what-if run.  With jobs > 1 the scenarios
 * are shared out to that many forked workers after the base is solved:
 * each inherits the warm start and opens its own store connection (SQLite
 * handles are not shared across fork; saves serialize on the database's
 * lock).  A Slurm task (slurm.h) plans one scenario from the warm start
 * its submitter wrote to a file: the same start, the same plan.
 */
#include "whatif.h"
#include "commit.h"
#include "date.h"
#include "load.h"
#include "night.h"
#include "nightly.h"
#include "plan.h"
#include "progress.h"
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The stored inputs of run id, by role: orders[] gets the order book then
 * the files a scenario added; sc[] the scenarios it applied, in order. */
struct run_src {
	mc_source catalog, plants, orders[MC_MAX_ORDER_FILES];
	mc_scenario sc[MC_MAX_SCENARIOS];
	int norders, nsc, snap;
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
		mc_source src = {.path = in[i].path,
				 .bytes = in[i].bytes,
				 .len = in[i].len,
				 /* confirmed promises yield to the book */
				 .yield = !strcmp(in[i].role, "promises")};
		r->snap &= in[i].bytes != NULL;
		if (strcmp(in[i].role, "catalog") == 0) {
			r->catalog = src;
			have_c = 1;
		} else if (strcmp(in[i].role, "plants") == 0) {
			r->plants = src;
			r->plants.start = start; /* the run's, maybe --start */
			have_p = 1;
		} else if (strcmp(in[i].role, "scenario") == 0 &&
			   r->nsc < MC_MAX_SCENARIOS) {
			if (mc_load_scenario(a, &src, &r->sc[r->nsc++], d) < 0)
				return -1;
		} else if ((!strncmp(in[i].role, "orders", 6) || src.yield) &&
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

/* The model of r's inputs, its scenarios applied, and then those of
 * more[0..nmore) with the orders files more_files[0..nfiles) they add. */
static int load_model(const struct run_src *r, mc_scenario *more, int nmore,
		      const char *const *more_files, int nfiles, mc_arena *a,
		      mc_model *m, mc_diag *d)
{
	mc_source orders[MC_MAX_ORDER_FILES];
	mc_scenario *sc[MC_MAX_SCENARIOS];
	int no = 0, ns = 0;
	for (int i = 0; i < r->norders; i++)
		orders[no++] = r->orders[i];
	for (int i = 0; i < nfiles && no < MC_MAX_ORDER_FILES; i++)
		orders[no++] = (mc_source){.path = more_files[i]};
	for (int i = 0; i < r->nsc; i++)
		sc[ns++] = (mc_scenario *)&r->sc[i];
	for (int i = 0; i < nmore && ns < MC_MAX_SCENARIOS; i++)
		sc[ns++] = &more[i];
	if (r->nsc + nmore > MC_MAX_SCENARIOS)
		return mc_diag_error(d, MC_EINPUT,
				     "more than %d scenarios with those the "
				     "base run applied",
				     MC_MAX_SCENARIOS);
	return mc_load_overlaid(a, &r->catalog, &r->plants, orders, no, sc, ns,
				m, d);
}

int mc_run_model(mc_store *s, int64_t id, mc_arena *a, mc_model *m, mc_diag *d)
{
	struct run_src r;
	if (run_sources(s, id, a, &r, d) < 0)
		return -1;
	if (load_model(&r, NULL, 0, NULL, 0, a, m, d) < 0)
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
	return mc_diag_count(d) ? -1 : 0;
}

int mc_run_model_plants(mc_store *s, int64_t id, mc_arena *a, mc_model *m,
			mc_diag *d)
{
	struct run_src r;
	if (run_sources(s, id, a, &r, d) < 0)
		return -1;
	if (!r.snap || r.nsc > 0) /* files to check, or orders to change */
		return mc_run_model(s, id, a, m, d);
	static const char none[] = "orders: []\n";
	r.orders[0] = (mc_source){
	    .path = r.orders[0].path, .bytes = none, .len = sizeof(none) - 1};
	r.norders = 1;
	return load_model(&r, NULL, 0, NULL, 0, a, m, d);
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
		al->arrive = x->arrive_n;
		if (al->plant < 0 || !al->arrive)
			return mc_diag_error(d, MC_ESTORE,
					     "run %lld: a plan row of order "
					     "'%s' does not match its inputs",
					     id, x->order);
	}
	return 0;
}

/* What a what-if is compared with: the stored base run. */
struct base_facts {
	double cost;
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

/* The base run's night: its inputs, how it was planned, the plan it was
 * held to and the floor it read (night.h), and what a what-if shares of
 * it: the base LP solved once. */
struct base {
	int64_t id;
	struct run_src src;
	mc_run_setup setup;
	mc_night_terms terms;
	mc_run_view *pub;
	struct base_facts facts;
	const char *note; /* how far the night could be replayed, or NULL */
	mc_warm *W;	  /* the warm start its solved LP gives */
	double t_lp;
};

/* The model of scenario x on the base's inputs. */
static int scenario_model(const struct base *b, struct scen *x, mc_arena *a,
			  mc_model *m, mc_diag *d)
{
	return load_model(&b->src, &x->sc, 1, x->files, x->nfiles, a, m, d);
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

/* Plans and stores scenario x on the base's night.  Returns 0 or -1. */
static int plan_one(const mc_whatif_opts *o, const struct base *b,
		    struct scen *x, mc_diag *d)
{
	double started = mc_progress_wall();
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	mc_store *s = NULL;
	int64_t run;
	int rc = -1;
	if (scenario_model(b, x, a, &m, d) < 0)
		goto out;
	mc_night night;
	mc_night_prepare(&m, &b->terms, &night);
	double loaded = mc_progress_wall();
	mc_progress *pg = o->progress;
	mc_progress_begin(pg);
	mc_progress_run told = {
	    .kind = "whatif", .base = b->id, .scenario = x->sc.name};
	mc_progress_run_is(pg, &told);
	const mc_run_setup *su = &b->setup;
	mc_plan_opts po = {.time_limit = o->time_limit,
			   .solver = o->solver ? o->solver : su->solver,
			   .full_lp = su->full_lp,
			   .round_time =
			       isnan(su->round_time) ? -1 : su->round_time,
			   .round_off = su->round_time == 0,
			   .budget_iters = su->lp_iters,
			   .progress = pg,
			   .warm_from = o->cold ? NULL : b->W};
	int planned = mc_night_plan(&night, &po, &p, d);
	if (planned < 0) {
		mc_progress_end(pg);
		goto out;
	}
	if (o->open ? !(s = o->open(o->db, d))
		    : mc_store_open_existing(o->db, &s, d) < 0)
		goto out;
	mc_run_meta meta = {.kind = "whatif",
			    .base_run = b->id,
			    .scenario = x->sc.name,
			    .started = started,
			    .finished = mc_progress_wall(),
			    .t_load = loaded - started,
			    .frozen_days = p.frozen_days,
			    .committed_to = night.cm.published,
			    .changes = changes_text(&x->sc, a)};
	if (mc_store_save_run(s, &m, &p, &meta, &run, d) < 0) {
		mc_progress_end(pg);
		goto out;
	}
	told.id = run;
	told.state = "what-if";
	mc_night_told(pg, told, &night, &p, mc_progress_wall() - started);
	mc_progress_end(pg);
	const struct base_facts *f = &b->facts;
	mc_whatif_result r = {.name = x->sc.name,
			      .run = run,
			      .base = b->id,
			      .plan = &p,
			      .base_cost = f->cost,
			      .base_planned = f->planned,
			      .base_late = f->late,
			      .base_unmet = f->unmet,
			      .base_t_lp = b->t_lp,
			      .secs = mc_progress_wall() - started};
	if (o->report && o->report->scenario)
		o->report->scenario(o->report->ctx, &r);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

/* Worker k of n: the scenarios i with i % n == k; returns 0 or the
 * status of its first failure (which the report's worker_end tells). */
static int worker(const mc_whatif_opts *o, const struct base *b, struct scen *x,
		  int k)
{
	mc_diag d = MC_DIAG_INIT;
	int status = 0;
	for (int i = k; i < o->nscenarios; i += o->jobs)
		if (plan_one(o, b, &x[i], &d) < 0) {
			status = d.status ? d.status : MC_ENOPLAN;
			break;
		}
	/* the worker leaves by _exit: the command line tells its failure
	 * and checks its output, as it does the parent's */
	if (o->report && o->report->worker_end)
		status = o->report->worker_end(o->report->ctx, status, &d);
	mc_diag_release(&d);
	return status;
}

/*
 * Reads the base run's night from the store: its inputs and setup, the
 * plan it was held to with the floor as it read it.  A night that cannot
 * be replayed exactly (a run saved before its floor was kept) is replayed
 * with today's floor, and b->note says so; one whose published plan was
 * pruned cannot be replayed at all.
 */
static int read_base(mc_store *s, const char *spec, mc_arena *a, struct base *b,
		     mc_diag *d)
{
	mc_run_row row = {0};
	memset(b, 0, sizeof(*b));
	if (mc_store_resolve_run(s, spec, &b->id, d) < 0 ||
	    run_row(s, b->id, a, &row, d) < 0)
		return -1;
	long long id = (long long)b->id;
	if (strcmp(row.kind, "plan") != 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "run %lld is a what-if: the base of a "
				     "what-if is a plan run",
				     id);
	b->facts = (struct base_facts){row.cost, row.units_planned,
				       row.units_late, row.units_unmet};
	if (mc_store_run_setup(s, b->id, a, &b->setup, d) < 0 ||
	    run_sources(s, b->id, a, &b->src, d) < 0)
		return -1;
	if (!b->src.snap)
		return mc_diag_error(d, MC_ESTORE,
				     "run %lld keeps no snapshot of its inputs "
				     "(it was planned by an older mcsched): "
				     "plan it again",
				     id);
	mc_run_setup *su = &b->setup;
	int64_t pid = su->committed_to;
	mc_floor_unit *floor = NULL;
	int nfloor = 0, known = 0;
	if (pid > 0) {
		int64_t found;
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)pid);
		mc_diag quiet = MC_DIAG_INIT;
		int gone = mc_store_resolve_run(s, num, &found, &quiet) < 0;
		mc_diag_release(&quiet);
		if (gone)
			return mc_diag_error(
			    d, MC_ESTORE,
			    "run %lld cannot be planned again as it was: "
			    "the plan it was held to (run %lld) has been "
			    "pruned",
			    id, (long long)pid);
		b->pub = mc_arena_calloc(a, 1, sizeof(*b->pub));
		if (mc_store_load_run(s, pid, a, b->pub, d) < 0 ||
		    mc_store_run_floor(s, b->id, a, &floor, &nfloor, &known,
				       d) < 0)
			return -1;
		if (!known) {
			if (mc_store_floor(s, pid, a, &floor, &nfloor, d) < 0)
				return -1;
			b->note = "planned before mcsched kept the floor a "
				  "night read: replayed with the floor's "
				  "reports as they are now";
		}
		mc_floor_apply(b->pub, floor, nfloor);
	} else if (pid < 0) {
		b->note = "planned before mcsched kept the plan a night was "
			  "held to: replayed without a frozen window or "
			  "stability";
	}
	if (!su->known) {
		su->solver = NULL;
		su->round_time = -1;
		mc_settings def; /* the stability cost by default */
		mc_settings_init(&def);
		su->stability = def.stability_cost;
	}
	mc_made *made;
	int nmade;
	mc_floor_made(floor, nfloor, a, &made, &nmade);
	b->terms = (mc_night_terms){
	    b->pub, made, nmade, floor, nfloor, su->frozen_days, su->stability};
	return 0;
}

/* 1 when o plans scenario i: all of them, or a Slurm task's one. */
static int planned_here(const mc_whatif_opts *o, int i)
{
	return o->one <= 0 || i == o->one - 1;
}

/* The base run's night read from the store into b, and the scenarios o
 * plans read into x and checked against it: every error of every file in
 * one pass.  Returns 0 or -1 with the reasons in d. */
static int prepare(const mc_whatif_opts *o, mc_arena *a, struct base *b,
		   struct scen *x, mc_diag *d)
{
	mc_store *s = NULL;
	if (o->one > o->nscenarios)
		return mc_diag_error(d, MC_EUSAGE, "no scenario %d: %d given",
				     o->one, o->nscenarios);
	int bad = mc_store_open_existing(o->db, &s, d) < 0 ||
		  read_base(s, o->base, a, b, d) < 0;
	mc_store_close(s);
	if (bad)
		return -1;
	/* every scenario read and checked before anything is planned */
	for (int i = 0; i < o->nscenarios; i++) {
		if (!planned_here(o, i))
			continue;
		mc_source f = {.path = o->scenarios[i]};
		if (mc_load_scenario(a, &f, &x[i].sc, d) == 0 &&
		    mc_scenario_check_files(&x[i].sc, o->allow_outside, d) == 0)
			x[i].nfiles = mc_scenario_order_files(
			    &x[i].sc, x[i].files,
			    MC_MAX_ORDER_FILES - b->src.norders);
		else
			x[i].sc.bad = 1; /* its names checked, never applied */
	}
	/* each applied to the base (a scenario with errors has its names
	 * checked: every error of a file in one pass) */
	for (int i = 0; i < o->nscenarios; i++) {
		/* a task's scenario was checked by its submitter, and its
		 * planning loads it again */
		if (!planned_here(o, i) || o->warm_in)
			continue;
		mc_arena *t = mc_arena_new();
		mc_model m;
		struct scen copy = x[i];
		scenario_model(b, &copy, t, &m, d);
		mc_arena_free(t);
	}
	return mc_diag_count(d) ? -1 : 0;
}

/* The base night's LP only: its plan is the stored run's; a what-if
 * starts from the LP's optimal basis as the solve left it (no rounding
 * or on-time pricing, whose time budget would make the start depend on
 * the machine's speed).  Tells o->report of the base; b->W gets the warm
 * start (one that matches nothing when the solve stopped without one). */
static int solve_base(const mc_whatif_opts *o, mc_arena *a, struct base *b,
		      mc_diag *d)
{
	mc_model *bm = mc_arena_calloc(a, 1, sizeof(*bm));
	mc_night *bn = mc_arena_calloc(a, 1, sizeof(*bn));
	mc_lp_result lr;
	mc_classes *bc = mc_arena_calloc(a, 1, sizeof(*bc));
	mc_session_opts so = {.solver = o->solver ? o->solver : b->setup.solver,
			      .full = b->setup.full_lp};
	mc_session *S = NULL;
	if (o->time_limit > 0)
		so.deadline = mc_session_clock() + o->time_limit;
	if (load_model(&b->src, NULL, 0, NULL, 0, a, bm, d) < 0)
		return -1;
	mc_night_prepare(bm, &b->terms, bn);
	mc_classes_build(&bn->todo, a, bc);
	if (!(S = mc_session_new(&bn->todo, bc, a, &so, d)) ||
	    mc_session_solve(S, &lr, d) < 0) {
		mc_session_free(S);
		return -1;
	}
	if (!(b->W = mc_session_warm(S))) {
		b->W = mc_xcalloc(1, sizeof(*b->W));
		strcpy(b->W->backend, "-"); /* no back-end's name */
	}
	mc_session_free(S);
	b->t_lp = b->W->t_solve = lr.t_solve;
	mc_whatif_base info = {.id = b->id,
			       .start = bm->start,
			       .held_to = b->pub ? b->pub->id : 0,
			       .frozen_days = bn->cm.frozen_days,
			       .t_lp = lr.t_solve,
			       .optimal = lr.optimal,
			       .note = b->note};
	if (o->report && o->report->base)
		o->report->base(o->report->ctx, &info);
	return 0;
}

int mc_whatif_run(const mc_whatif_opts *o, mc_diag *d)
{
	mc_arena *a = mc_arena_new();
	struct scen *x = mc_xcalloc((size_t)o->nscenarios + 1, sizeof(*x));
	struct base *b = mc_arena_calloc(a, 1, sizeof(*b));
	int rc = -1;

	if (prepare(o, a, b, x, d) < 0)
		goto out;
	if (o->warm_in) { /* a task: the base as its submitter solved it */
		if (!(b->W = mc_warm_read(o->warm_in, d)))
			goto out;
		b->t_lp = b->W->t_solve;
	} else if (solve_base(o, a, b, d) < 0) {
		goto out;
	}
	if (o->warm_out) { /* a submitter: the tasks plan */
		rc = mc_warm_write(b->W, o->warm_out, d);
		goto out;
	}
	/* nothing buffered is written twice by the workers */
	fflush(NULL);

	int jobs = o->jobs < 1 ? 1 : o->jobs;
	if (jobs > o->nscenarios)
		jobs = o->nscenarios;
	if (jobs <= 1 || o->one > 0) {
		for (int i = 0; i < o->nscenarios; i++)
			if (planned_here(o, i) && plan_one(o, b, &x[i], d) < 0)
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
			int st = worker(&wo, b, x, k);
			free(pid);
			mc_warm_free(b->W);
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
	mc_warm_free(b->W);
	free(x);
	mc_arena_free(a);
	return rc;
}
