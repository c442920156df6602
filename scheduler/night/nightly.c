/*
 * nightly.c - one planning run as a nightly job makes it (nightly.h).
 *
 * load -> one plan at a time (the database's lock) -> never before the
 * published start -> plan -> open the store (only now: bad input never
 * touches it) -> the publish decision -> save -> summary.
 */
#include "nightly.h"
#include "backend.h"
#include "date.h"
#include "night.h"
#include "plan.h"
#include "progress.h"
#include "publish.h"
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Today's local date as a day number. */
static int today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[16];
	int day = 0;
	if (localtime_r(&now, &tm) &&
	    strftime(buf, sizeof(buf), "%Y-%m-%d", &tm) > 0)
		mc_date_parse(buf, &day);
	return day;
}

/* in->start or the job's start as a day number, 0 none; -1 when bad. */
static int start_of(const mc_inputs *in, const mc_job *job, mc_diag *d)
{
	int day = 0;
	if (!in->start)
		return job->start_today ? today() : job->start;
	if (strcmp(in->start, "today") == 0)
		return today();
	if (mc_date_parse(in->start, &day) || day < MC_DATE_MIN ||
	    day > MC_DATE_MAX)
		return mc_diag_error(d, MC_EUSAGE,
				     "--start is today or a date "
				     "2000-01-01..2099-12-31, not '%s'",
				     in->start);
	return day;
}

/* Reads the scenario files paths[0..n) into sc[] and appends the orders
 * files they add to orders[*norders..]; every error reported. */
static int read_scenarios(mc_arena *a, const char *const *paths, int n,
			  int allow_outside, mc_scenario *sc, mc_source *orders,
			  int *norders, mc_diag *d)
{
	int rc = 0;
	for (int i = 0; i < n; i++) {
		mc_source f = {paths[i], NULL, 0, 0};
		if (mc_load_scenario(a, &f, &sc[i], d) < 0 ||
		    mc_scenario_check_files(&sc[i], allow_outside, d) < 0) {
			rc = -1;
			continue;
		}
		const char *files[MC_MAX_ORDER_FILES];
		int k =
		    mc_scenario_order_files(&sc[i], files, MC_MAX_ORDER_FILES);
		for (int j = 0; j < k; j++) {
			if (*norders >= MC_MAX_ORDER_FILES)
				return mc_diag_error(
				    d, MC_EINPUT,
				    "%s: more than %d orders files with the "
				    "other scenarios'",
				    paths[i], MC_MAX_ORDER_FILES - 1);
			orders[(*norders)++] =
			    (mc_source){files[j], NULL, 0, 0};
		}
	}
	return rc;
}

int mc_nightly_load(mc_arena *a, mc_inputs *in, mc_job *job, mc_model *m,
		    mc_diag *d)
{
	memset(job, 0, sizeof(*job));
	job->frozen_days = -1;
	job->min_orders = -1;
	job->max_gap = -1;
	job->round_time = -1;
	job->stability_cost = -1;
	if (in->job) {
		if (in->catalog || in->plants || in->orders)
			return mc_diag_error(d, MC_EUSAGE,
					     "give a job file or -c/-p/-o, "
					     "not both");
		if (mc_load_job(a, in->job, job, d) < 0)
			return -1;
		in->catalog = job->catalog;
		in->plants = job->plants;
		in->orders = job->orders;
		if (!in->nscenarios) {
			in->scenarios = job->scenarios;
			in->nscenarios = job->nscenarios;
		}
	}
	if (!in->catalog || !in->plants || !in->orders)
		return mc_diag_error(d, MC_EUSAGE,
				     "need a job file, or all of -c CATALOG "
				     "-p PLANTS -o ORDERS");
	if (in->nscenarios > MC_MAX_SCENARIOS)
		return mc_diag_error(d, MC_EUSAGE,
				     "%d scenarios, more than the limit of %d",
				     in->nscenarios, MC_MAX_SCENARIOS);
	int start = start_of(in, job, d);
	if (start < 0)
		return -1;
	mc_source c = {in->catalog, NULL, 0, 0},
		  p = {in->plants, NULL, 0, start};
	mc_source o[MC_MAX_ORDER_FILES] = {{in->orders, NULL, 0, 0}};
	int no = 1;
	mc_scenario sc[MC_MAX_SCENARIOS];
	mc_scenario *scp[MC_MAX_SCENARIOS];
	if (read_scenarios(a, in->scenarios, in->nscenarios, in->allow_outside,
			   sc, o, &no, d) < 0)
		return -1;
	for (int i = 0; i < in->nscenarios; i++)
		scp[i] = &sc[i];
	return mc_load_overlaid(a, &c, &p, o, no, scp, in->nscenarios, m, d);
}

/* The published plan the night commits to: *pub gets its view (NULL when
 * there is none, or no database yet) with the floor's reports as they
 * stand (*floor: every report a night reads, mc_store_floor()).  A horizon
 * that starts before its start is refused (a night is never planned over
 * the days already committed).  Only an existing database is read. */
static int read_published(const char *db, const mc_model *m, mc_arena *a,
			  mc_run_view **pub, mc_floor_unit **floor, int *nfloor,
			  mc_diag *d)
{
	mc_store *s = NULL;
	int64_t id = 0;
	int pstart = 0, rc = 0;
	*pub = NULL;
	*floor = NULL;
	*nfloor = 0;
	if (!mc_store_exists(db))
		return 0;
	if (mc_store_open_existing(db, &s, d) < 0 ||
	    mc_store_published(s, &id, d) < 0 ||
	    (id && mc_store_run_start(s, id, &pstart, d) < 0)) {
		rc = -1;
	} else if (id && m->start < pstart) {
		char x[11], y[11];
		rc = mc_diag_error(
		    d, MC_EINPUT,
		    "the horizon starts %s, before the published plan's "
		    "start %s (run %lld): plan from %s or later (--start)",
		    mc_date_format(m->start, x), mc_date_format(pstart, y),
		    (long long)id, y);
	} else {
		if (id) {
			*pub = mc_arena_calloc(a, 1, sizeof(**pub));
			rc = mc_store_load_run(s, id, a, *pub, d);
		}
		if (rc == 0)
			rc = mc_store_floor(s, id, a, floor, nfloor, d);
	}
	mc_store_close(s);
	return rc;
}

/* The frozen window, the floor's actuals, conflicts and moves. */
static void print_night(const mc_plan *p)
{
	if (p->units_frozen || p->units_done || p->nconflicts)
		printf("  frozen %d unit%s kept as published, %d made "
		       "(actuals) out of the plan, %d conflict%s\n",
		       p->units_frozen, p->units_frozen == 1 ? "" : "s",
		       p->units_done, p->nconflicts,
		       p->nconflicts == 1 ? "" : "s");
	for (int i = 0; i < p->nconflicts && i < 10; i++)
		printf("    conflict (%s): %s\n", p->conflicts[i].what,
		       p->conflicts[i].detail);
	if (p->nconflicts > 10)
		printf("    ... and %d more (mcsched report lists them)\n",
		       p->nconflicts - 10);
	if (!p->units_persisting)
		return;
	printf("  moved %d of %d published unit%s", p->units_moved,
	       p->units_persisting, p->units_persisting == 1 ? "" : "s");
	int by[MC_NCAUSES] = {0};
	for (int i = 0; i < p->nmoves; i++) {
		int k = mc_move_cause(p->moves[i].cause);
		if (k >= 0)
			by[k] += p->moves[i].units;
	}
	const char *sep = ": ";
	for (int k = 0; k < MC_NCAUSES; k++)
		if (by[k]) {
			printf("%s%d %s", sep, by[k], mc_move_causes[k]);
			sep = ", ";
		}
	printf("\n");
	if (!isnan(p->stability_price))
		printf("  holding the plan added %.2f to the LP optimum's cost "
		       "(%.3f%%)\n",
		       p->stability_price,
		       100 * p->stability_price / fmax(fabs(p->cost), 1.0));
}

static void print_summary(const mc_model *m, const mc_plan *p, int64_t run,
			  const char *db, double elapsed)
{
	char from[11];
	int ago = today() - m->start;
	printf("run %lld stored in %s\n", (long long)run, db);
	printf("  horizon %s, %d days%s", mc_date_format(m->start, from),
	       m->horizon_days, ago > 0 ? " (it starts " : "\n");
	if (ago > 0)
		printf("%d day%s before today: --start today plans from "
		       "today)\n",
		       ago, ago == 1 ? "" : "s");
	if (m->scenario)
		printf("  scenarios applied: %s\n", m->scenario);
	printf("  orders %d in %d classes; units planned %d, late %d, "
	       "unmet %d\n",
	       m->norders, p->nclasses, p->units_planned, p->units_late,
	       p->units_unmet);
	if (p->stability_cost > 0)
		printf("  plan cost %.2f + stability %.2f (%d published "
		       "unit%s moved in the LP x %g)",
		       p->cost, p->cost_stability,
		       p->keep_units - p->kept_units,
		       p->keep_units - p->kept_units == 1 ? "" : "s",
		       p->stability_cost);
	else
		printf("  plan cost %.2f", p->cost);
	if (isnan(p->lp_bound))
		printf(" (LP %s, no bound)\n", p->lp_status);
	else
		printf(", LP bound %.2f, gap %.3f%% (LP %s)\n", p->lp_bound,
		       100 * p->gap, p->lp_status);
	print_night(p);
	printf("  LP %d rows x %d columns (of %d), %d iterations, %d pricing "
	       "rounds; %.2f s in all\n",
	       p->lp_rows, p->lp_cols, p->lp_full_cols, p->lp_iters,
	       p->lp_rounds, elapsed);
	printf("  whole units in %.3f s (LP solve %.3f s): floor + repair "
	       "%.2f",
	       p->t_round, p->t_lp, p->cost_repair);
	if (!isnan(p->lp_bound))
		printf(" (%.3f%% above the bound)",
		       100 * (p->cost_repair - p->lp_bound) /
			   fmax(fabs(p->cost_repair), 1.0));
	if (strcmp(p->round_stop, "off") == 0) {
		printf(", no local improvement (--round-time 0)\n");
		return;
	}
	if (p->round_gain - p->mip_gain > 0)
		printf(", local improvement -%.2f in %ld moves (%s)",
		       p->round_gain - p->mip_gain, p->round_moves,
		       p->round_stop);
	else
		printf(", local improvement found nothing cheaper (%s)",
		       p->round_stop);
	if (p->mip_stop)
		printf(", neighbourhood MIPs -%.2f in %d of %d (%s)",
		       p->mip_gain, p->mip_improved, p->mip_tried, p->mip_stop);
	if (p->ot_gain > 0)
		printf(", minutes off overtime onto free hours -%.2f",
		       p->ot_gain);
	putchar('\n');
}

int mc_nightly_plan(const mc_nightly_opts *o, mc_diag *d)
{
	mc_inputs in = o->in;
	const char *db = o->db, *publish = o->publish;
	int frozen = o->frozen_days, min_orders = o->min_orders, rc = -1;
	double tlim = o->time_limit, rtime = o->round_time,
	       max_gap = o->max_gap;
	mc_plan_lock *lock = NULL;
	mc_progress *pg =
	    mc_progress_new(stderr, o->quiet	? MC_PROGRESS_QUIET
				    : isatty(2) ? MC_PROGRESS_TTY
						: MC_PROGRESS_LOG);
	double started = mc_progress_wall();
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_job job;
	mc_plan plan;
	mc_store *s = NULL;
	int64_t run = 0;
	mc_progress_phase(pg, "load");
	if (mc_nightly_load(a, &in, &job, &m, d) < 0)
		goto out;
	if (!db)
		db = job.db ? job.db : MC_DEFAULT_DB;
	if (tlim <= 0)
		tlim = job.time_limit;
	if (rtime < 0)
		rtime = job.round_time;
	if (frozen < 0)
		frozen = job.frozen_days;
	if (!publish)
		publish = job.publish ? job.publish : "auto";
	mc_publish_mode mode;
	if (mc_publish_mode_parse(publish, &mode) < 0) {
		mc_diag_error(d, MC_EUSAGE,
			      "--publish is auto, always or never, not '%s'",
			      publish);
		goto out;
	}
	if (min_orders < 0)
		min_orders = job.min_orders >= 0 ? job.min_orders : 1;
	if (max_gap < 0)
		max_gap = job.max_gap >= 0 ? job.max_gap : MC_DEFAULT_MAX_GAP;
	double stability = o->stability_cost;
	if (stability < 0)
		stability = job.stability_cost >= 0 ? job.stability_cost
						    : MC_DEFAULT_STABILITY_COST;
	/* one plan at a time on a database: the second waits, then gives up */
	mc_run_view *pub = NULL;
	mc_floor_unit *floor = NULL;
	int nfloor = 0;
	if (mc_store_plan_lock(db, o->wait, &lock, d) < 0 ||
	    read_published(db, &m, a, &pub, &floor, &nfloor, d) < 0)
		goto out;
	/* the night's terms: the published plan with the floor's reports,
	 * the frozen window and stability (night.h) */
	mc_made *made = NULL;
	int nmade = 0;
	if (pub)
		mc_floor_apply(pub, floor, nfloor);
	mc_floor_made(floor, nfloor, a, &made, &nmade);
	mc_night_terms terms = {pub,	made,	nmade,	  floor,
				nfloor, frozen, stability};
	mc_night night;
	mc_night_prepare(&m, &terms, &night);
	double loaded = mc_progress_wall();
	mc_plan_opts po = {.time_limit = tlim,
			   .started = o->t0,
			   .full_lp = o->full_lp,
			   .solver = o->solver,
			   .round_time = rtime,
			   .round_off = rtime == 0,
			   .progress = pg};
	if (mc_night_plan(&night, &po, &plan, d) < 0)
		goto out;
	mc_progress_phase(pg, "store");
	/* The store is opened only now: bad input never touches it. */
	if (!(s = o->open_store(db, 1, d)))
		goto out;
	/* Whether it is published (publish.h): the store gives the facts
	 * it holds, the guards decide. */
	mc_publish_facts facts = {.mode = mode,
				  .norders = night.ninput,
				  .min_orders = min_orders,
				  .lp_status = plan.lp_status,
				  .gap = plan.gap,
				  .max_gap = max_gap,
				  .frozen_ok = plan.frozen_ok};
	char why[160] = "";
	if (mode == MC_PUBLISH_AUTO &&
	    mc_store_published_orders(s, &facts.published_run,
				      &facts.published_orders, d) < 0)
		goto out;
	int may = mc_publish_decide(&facts, why, sizeof(why));
	mc_run_meta meta = {.kind = "plan",
			    .started = started,
			    .finished = mc_progress_wall(),
			    .t_load = loaded - started,
			    .frozen_days = plan.frozen_days,
			    .hold = !may,
			    .hold_reason = why,
			    .committed_to = night.cm.published,
			    .solver = o->solver ? o->solver : MC_BE_DEFAULT,
			    .full_lp = o->full_lp,
			    .round_time = rtime,
			    .stability = stability,
			    .time_limit = tlim};
	mc_floor_unit *kept;
	mc_floor_keep(&m, pub, floor, nfloor, &kept, &meta.nfloor);
	meta.floor = kept;
	if (mc_store_save_run(s, &m, &plan, &meta, &run, d) < 0)
		goto out;
	mc_progress_free(pg);
	pg = NULL;
	if (!o->quiet)
		print_summary(&m, &plan, run, db, mc_progress_wall() - started);
	if (!may)
		fprintf(stderr,
			"mcsched: run %lld is not published and changed no "
			"unit: %s (--publish always would publish it)\n",
			(long long)run, why);
	rc = may ? 0 : MC_NIGHTLY_HELD;
out:
	mc_progress_free(pg);
	mc_store_close(s);
	mc_store_plan_unlock(lock);
	mc_arena_free(a);
	return rc;
}
