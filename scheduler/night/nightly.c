/*
 * nightly.c - one planning run as a nightly job makes it (nightly.h).
 *
 * load (the settings resolved: the command line's, else the job's, else
 * their defaults) -> one plan at a time (the database's lock) -> never
 * before the published start -> plan -> open the store (only now: bad
 * input never touches it) -> the publish decision -> save -> the result,
 * which the command line prints.
 */
#include "nightly.h"
#include "backend.h"
#include "tolerance.h"
#include "date.h"
#include "night.h"
#include "plan.h"
#include "progress.h"
#include "promise.h"
#include "publish.h"
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

/* The horizon's first day s->start says ("today" or a date), 0 none
 * (plants.yaml's); -1 when bad. */
static int start_of(const mc_settings *s, mc_diag *d)
{
	int day = 0;
	if (!s->start)
		return 0;
	if (strcmp(s->start, "today") == 0)
		return today();
	if (mc_date_parse(s->start, &day) || day < MC_DATE_MIN ||
	    day > MC_DATE_MAX)
		return mc_diag_error(d, MC_EUSAGE,
				     "--start is today or a date "
				     "2000-01-01..2099-12-31, not '%s'",
				     s->start);
	return day;
}

/* Reads the scenario files paths[0..n) into sc[] and appends the orders
 * files they add to orders[*norders..]; every error reported.  Returns 0;
 * -1 when a scenario has errors (marked bad: mc_scenario_apply() checks
 * its names only); -2 when too many orders files stop the reading (the
 * rest of sc[] not read). */
static int read_scenarios(mc_arena *a, const char *const *paths, int n,
			  int allow_outside, mc_scenario *sc, mc_source *orders,
			  int *norders, mc_diag *d)
{
	int rc = 0;
	for (int i = 0; i < n; i++) {
		mc_source f = {.path = paths[i]};
		if (mc_load_scenario(a, &f, &sc[i], d) < 0 ||
		    mc_scenario_check_files(&sc[i], allow_outside, d) < 0) {
			sc[i].bad = 1; /* its names checked, never applied */
			rc = -1;
			continue;
		}
		const char *files[MC_MAX_ORDER_FILES];
		int k =
		    mc_scenario_order_files(&sc[i], files, MC_MAX_ORDER_FILES);
		for (int j = 0; j < k; j++) {
			if (*norders >= MC_MAX_ORDER_FILES) {
				mc_diag_error(d, MC_EINPUT,
					      "%s: more than %d orders files "
					      "with the other scenarios'",
					      paths[i], MC_MAX_ORDER_FILES - 1);
				return -2; /* the rest not read */
			}
			orders[(*norders)++] = (mc_source){.path = files[j]};
		}
	}
	return rc;
}

/* The open promises of db as an orders file (role "promises"), in
 * o[*no]; pr lists them.  None when db does not exist yet. */
static int read_promises(mc_arena *a, const char *db, mc_source *o, int *no,
			 mc_nightly_promises *pr, mc_diag *d)
{
	mc_store *s = NULL;
	mc_promise_rec *p = NULL;
	int n = 0;
	memset(pr, 0, sizeof(*pr));
	if (!mc_store_exists(db))
		return 0;
	if (mc_store_open_existing(db, &s, d) < 0)
		return -1;
	int rc = mc_store_promise_open(s, a, &p, &n, d);
	mc_store_close(s);
	if (rc < 0 || n == 0)
		return rc;
	if (*no >= MC_MAX_ORDER_FILES)
		return mc_diag_error(d, MC_EUSAGE,
				     "the scenarios add too many orders "
				     "files to read the promises too");
	size_t len;
	const char *text = mc_ctp_orders_text(p, n, a, &len);
	o[(*no)++] = (mc_source){
	    .path = "promises", .bytes = text, .len = len, .yield = 1};
	pr->p = p;
	pr->n = n;
	return 0;
}

int mc_nightly_load(mc_arena *a, const char *jobpath, mc_settings *set,
		    mc_nightly_promises *pr, mc_model *m, mc_diag *d)
{
	mc_settings job;
	const unsigned files = (1u << MC_SET_CATALOG) | (1u << MC_SET_PLANTS) |
			       (1u << MC_SET_ORDERS);
	mc_settings_init(&job);
	if (jobpath) {
		if (set->given & files)
			return mc_diag_error(d, MC_EUSAGE,
					     "give a job file or -c/-p/-o, "
					     "not both");
		if (mc_load_job(a, jobpath, &job, d) < 0)
			return -1;
	}
	mc_settings_resolve(set, set, &job);
	if ((set->given & files) != files)
		return mc_diag_error(d, MC_EUSAGE,
				     "need a job file, or all of -c CATALOG "
				     "-p PLANTS -o ORDERS");
	int start = start_of(set, d);
	if (start < 0)
		return -1;
	mc_source c = {.path = set->catalog},
		  p = {.path = set->plants, .start = start};
	mc_source o[MC_MAX_ORDER_FILES] = {{.path = set->orders}};
	int no = 1, nsc = set->scenarios.n;
	mc_scenario sc[MC_MAX_SCENARIOS];
	mc_scenario *scp[MC_MAX_SCENARIOS];
	/* a scenario with errors still has its names checked against the
	 * inputs (mc_scenario_apply()): every error of it in one pass */
	int bad = read_scenarios(a, set->scenarios.v, nsc, set->allow_outside,
				 sc, o, &no, d);
	if (bad == -2)
		return -1;
	if (pr && read_promises(a, set->db, o, &no, pr, d) < 0)
		return -1;
	for (int i = 0; i < nsc; i++)
		scp[i] = &sc[i];
	int rc = mc_load_overlaid(a, &c, &p, o, no, scp, nsc, m, d);
	return bad ? -1 : rc;
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

int mc_nightly_plan(const mc_nightly_opts *o, mc_nightly_result *r, mc_diag *d)
{
	mc_settings set = o->set;
	int rc = -1;
	mc_plan_lock *lock = NULL;
	mc_progress *pg = o->progress;
	double started = mc_progress_wall();
	mc_arena *a = mc_arena_new();
	mc_model *mp = mc_arena_calloc(a, 1, sizeof(*mp));
	mc_plan *pp = mc_arena_calloc(a, 1, sizeof(*pp));
	mc_model m;
	mc_plan plan;
	mc_store *s = NULL;
	int64_t run = 0;
	memset(r, 0, sizeof(*r));
	mc_progress_begin(pg);
	mc_progress_phase(pg, "load");
	mc_nightly_promises prom;
	if (mc_nightly_load(a, o->job, &set, &prom, &m, d) < 0)
		goto out;
	const char *db = set.db, *publish = set.publish;
	int frozen = set.frozen_days, min_orders = set.min_orders;
	double tlim = set.time_limit, rtime = set.round_time,
	       max_gap = set.max_gap, stability = set.stability_cost;
	/* the default budget of work, as the store keeps it: minus its
	 * multiple (-1 the default itself; plan.h) */
	if (rtime < 0)
		rtime = -set.round_work;
	mc_publish_mode mode;
	if (mc_publish_mode_parse(publish, &mode) < 0) {
		mc_diag_error(d, MC_EUSAGE,
			      "--publish is auto, always or never, not '%s'",
			      publish);
		goto out;
	}
	/* one plan at a time on a database: the second waits, then gives up */
	mc_run_view *pub = NULL;
	mc_floor_unit *floor = NULL;
	int nfloor = 0;
	if (mc_store_plan_lock(db, set.wait, &lock, d) < 0 ||
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
	mc_progress_run told = {.kind = "plan", .base = pub ? pub->id : 0};
	mc_progress_run_is(pg, &told);
	double loaded = mc_progress_wall();
	mc_plan_opts po = {.time_limit = tlim,
			   .started = o->t0,
			   .full_lp = set.full_lp,
			   .solver = set.solver,
			   .threads = set.threads,
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
			    .solver = set.solver,
			    .full_lp = set.full_lp,
			    .round_time = rtime,
			    .stability = stability,
			    .time_limit = tlim,
			    .promises = prom.p,
			    .npromises = prom.n};
	mc_floor_unit *kept;
	mc_floor_keep(&m, pub, floor, nfloor, &kept, &meta.nfloor);
	meta.floor = kept;
	if (mc_store_save_run(s, &m, &plan, &meta, &run, d) < 0)
		goto out;
	told.id = run;
	told.state = may ? "published" : "kept back";
	told.reason = may ? NULL : why;
	mc_night_told(pg, told, &night, &plan, mc_progress_wall() - started);
	/* what the command line says of the run */
	mc_progress_end(pg);
	*mp = m;
	*pp = plan;
	*r = (mc_nightly_result){.run = run,
				 .db = db,
				 .model = mp,
				 .plan = pp,
				 .elapsed = mc_progress_wall() - started,
				 .today = today(),
				 .held = !may,
				 .a = a};
	snprintf(r->why, sizeof(r->why), "%s", why);
	a = NULL;
	rc = may ? 0 : MC_NIGHTLY_HELD;
out:
	mc_progress_end(pg);
	mc_store_close(s);
	mc_store_plan_unlock(lock);
	mc_arena_free(a);
	return rc;
}

void mc_nightly_result_release(mc_nightly_result *r)
{
	mc_arena_free(r->a);
	memset(r, 0, sizeof(*r));
}
