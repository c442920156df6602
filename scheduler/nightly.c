/*
 * nightly.c - one planning run as a nightly job makes it (nightly.h).
 *
 * load -> one plan at a time (the database's lock) -> never before the
 * published start -> plan -> open the store (only now: bad input never
 * touches it) -> the publish decision -> save -> summary.
 */
#include "nightly.h"
#include "date.h"
#include "plan.h"
#include "progress.h"
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

int mc_nightly_load(mc_arena *a, mc_inputs *in, mc_job *job, mc_model *m,
		    mc_diag *d)
{
	memset(job, 0, sizeof(*job));
	job->frozen_days = -1;
	job->min_orders = -1;
	job->max_gap = -1;
	job->round_time = -1;
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
	}
	if (!in->catalog || !in->plants || !in->orders)
		return mc_diag_error(d, MC_EUSAGE,
				     "need a job file, or all of -c CATALOG "
				     "-p PLANTS -o ORDERS");
	int start = start_of(in, job, d);
	if (start < 0)
		return -1;
	mc_source c = {in->catalog, NULL, 0, 0},
		  p = {in->plants, NULL, 0, start};
	mc_source o = {in->orders, NULL, 0, 0};
	return mc_load_sources(a, &c, &p, &o, 1, m, d);
}

/* Refuses a horizon that starts before the published plan's (a night is
 * never planned over the days already committed).  Only an existing
 * database is read. */
static int not_before_published(const char *db, const mc_model *m, mc_diag *d)
{
	mc_store *s = NULL;
	int64_t pub = 0;
	int pstart = 0, rc = 0;
	if (access(db, F_OK) != 0)
		return 0;
	if (mc_store_open_existing(db, &s, d) < 0 ||
	    mc_store_published(s, &pub, d) < 0 ||
	    (pub && mc_store_run_start(s, pub, &pstart, d) < 0)) {
		rc = -1;
	} else if (pub && m->start < pstart) {
		char a[11], b[11];
		rc = mc_diag_error(
		    d, MC_EINPUT,
		    "the horizon starts %s, before the published plan's "
		    "start %s (run %lld): plan from %s or later (--start)",
		    mc_date_format(m->start, a), mc_date_format(pstart, b),
		    (long long)pub, b);
	}
	mc_store_close(s);
	return rc;
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
	printf("  orders %d in %d classes; units planned %d, late %d, "
	       "unmet %d\n",
	       m->norders, p->nclasses, p->units_planned, p->units_late,
	       p->units_unmet);
	if (isnan(p->lp_bound))
		printf("  plan cost %.2f (LP %s, no bound)\n", p->cost,
		       p->lp_status);
	else
		printf("  plan cost %.2f, LP bound %.2f, gap %.3f%% (LP %s)\n",
		       p->cost, p->lp_bound, 100 * p->gap, p->lp_status);
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
	if (strcmp(p->round_stop, "off") == 0)
		printf(", no local improvement (--round-time 0)\n");
	else if (p->round_gain > 0)
		printf(", local improvement -%.2f in %ld moves (%s)\n",
		       p->round_gain, p->round_moves, p->round_stop);
	else
		printf(", local improvement found nothing cheaper (%s)\n",
		       p->round_stop);
}

int mc_nightly_plan(const mc_nightly_opts *o, mc_diag *d)
{
	mc_inputs in = o->in;
	const char *db = o->db, *publish = o->publish;
	int frozen = o->frozen_days, min_orders = o->min_orders, rc = -1;
	double tlim = o->time_limit, rtime = o->round_time,
	       max_gap = o->max_gap;
	int lock = -1;
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
	if (min_orders < 0)
		min_orders = job.min_orders >= 0 ? job.min_orders : 1;
	if (max_gap < 0)
		max_gap = job.max_gap >= 0 ? job.max_gap : MC_DEFAULT_MAX_GAP;
	/* one plan at a time on a database: the second waits, then gives up */
	if (mc_store_plan_lock(db, o->wait, &lock, d) < 0 ||
	    not_before_published(db, &m, d) < 0)
		goto out;
	double loaded = mc_progress_wall();
	mc_plan_opts po = {.time_limit = tlim,
			   .started = o->t0,
			   .full_lp = o->full_lp,
			   .solver = o->solver,
			   .round_time = rtime,
			   .round_off = rtime == 0,
			   .progress = pg};
	if (mc_plan_run(&m, &po, &plan, d) < 0)
		goto out;
	mc_progress_phase(pg, "store");
	/* The store is opened only now: bad input never touches it. */
	if (!(s = o->open_store(db, 1, d)))
		goto out;
	/* An empty or shrunken order book is kept back (store.h). */
	char why[160] = "--publish never";
	int may = strcmp(publish, "never") != 0;
	if (strcmp(publish, "auto") == 0 &&
	    (may = mc_store_may_publish(s, m.norders, min_orders, why,
					sizeof(why), d)) < 0)
		goto out;
	/* auto publishes only a proven plan: LP optimal, gap within bound */
	if (may && strcmp(publish, "auto") == 0 &&
	    (!plan.lp_status || strcmp(plan.lp_status, "optimal") != 0)) {
		snprintf(why, sizeof(why), "the LP is not optimal (%s)",
			 plan.lp_status ? plan.lp_status : "-");
		may = 0;
	} else if (may && strcmp(publish, "auto") == 0 &&
		   !(100 * plan.gap <= max_gap + 1e-9)) {
		snprintf(why, sizeof(why),
			 "its gap %.3f%% is above --max-gap %g%%",
			 100 * plan.gap, max_gap);
		may = 0;
	}
	mc_run_meta meta = {.kind = "plan",
			    .started = started,
			    .finished = mc_progress_wall(),
			    .t_load = loaded - started,
			    .frozen_days = frozen < 0 ? 0 : frozen,
			    .hold = !may};
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
	rc = 0;
out:
	mc_progress_free(pg);
	mc_store_close(s);
	mc_store_plan_unlock(lock);
	mc_arena_free(a);
	return rc;
}
