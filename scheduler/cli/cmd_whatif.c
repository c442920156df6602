/*
 * cmd_whatif.c - whatif: scenarios planned on a stored run's night.  The
 * engine (whatif.h) tells this file of the base and of each scenario,
 * from the worker process that planned it; these are what is printed.
 */
#include "cmd.h"
#include "date.h"
#include "jsonlog.h"
#include "whatif.h"

#include <math.h>
#include <stdio.h>

/* Scenario files a whatif takes at most, and its most worker processes. */
#define MAX_SCENARIOS MC_MAX_POS
#define MAX_JOBS      64

static void print_base(void *ctx, const mc_whatif_base *b)
{
	char day[11];
	(void)ctx;
	printf("base run %lld: its night of %s", (long long)b->id,
	       mc_date_format(b->start, day));
	if (b->held_to)
		printf(", held to run %lld with %d frozen day%s and "
		       "the floor's reports it read",
		       (long long)b->held_to, b->frozen_days,
		       b->frozen_days == 1 ? "" : "s");
	printf("; its LP re-solved in %.2f s%s\n", b->t_lp,
	       !b->optimal ? " (not optimal: a limit)" : "");
	if (b->note)
		printf("  note: run %lld was %s\n", (long long)b->id, b->note);
}

static void print_scenario(void *ctx, const mc_whatif_result *r)
{
	const mc_plan *p = r->plan;
	(void)ctx;
	printf("what-if '%s': run %lld on base run %lld\n", r->name,
	       (long long)r->run, (long long)r->base);
	if (isnan(p->lp_bound))
		printf("  plan cost %.2f (%+.2f), LP %s, no bound\n", p->cost,
		       p->cost - r->base_cost, p->lp_status);
	else
		printf("  plan cost %.2f (%+.2f), LP bound %.2f, gap %.3f%% "
		       "(LP %s)\n",
		       p->cost, p->cost - r->base_cost, p->lp_bound,
		       100 * p->gap, p->lp_status);
	printf("  units planned %d (%+d), late %d (%+d), unmet %d (%+d)\n",
	       p->units_planned, p->units_planned - r->base_planned,
	       p->units_late, p->units_late - r->base_late, p->units_unmet,
	       p->units_unmet - r->base_unmet);
	printf("  LP solved %s in %.2f s, %d iterations (the base's cold "
	       "solve: %.2f s); %.2f s in all\n",
	       p->lp_warm ? "warm from the base" : "cold", p->t_lp, p->lp_iters,
	       r->base_t_lp, r->secs);
	fflush(stdout);
}

/* In a worker, before it exits: its failure (in its JSON log, ctx, when
 * it keeps one), and its output checked as main() checks the parent's. */
static int worker_end(void *ctx, int status, mc_diag *d)
{
	if (status && ctx)
		mc_jsonlog_errors(ctx, d);
	else if (status)
		mc_diag_print(d, stderr, 1);
	if ((fflush(stdout) != 0 || ferror(stdout)) && !status) {
		fprintf(stderr, "mcsched: unable to write standard output\n");
		status = MC_EINPUT;
	}
	return status;
}

static int cmd_whatif(const mc_call *x, mc_diag *d)
{
	int rc;
	if (!x->o.base)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs --base RUN (a number, "
				     "latest or published)");
	if (x->npos == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs at least one SCENARIO.yaml");
	/* one status line on a terminal only when one process plans */
	mc_progress *log = mc_cmd_log_new(x, x->o.jobs == 1);
	void *json = mc_cmd_log_json(x) ? log : NULL;
	mc_whatif_report told = {json, print_base, print_scenario, worker_end};
	mc_whatif_report quiet = {json, NULL, NULL, worker_end};
	mc_whatif_opts w = {.db = x->set.db,
			    .base = x->o.base,
			    .scenarios = x->pos,
			    .nscenarios = x->npos,
			    .jobs = x->o.jobs,
			    .time_limit = x->set.time_limit,
			    .solver = x->o.solver,
			    .cold = x->o.cold,
			    .allow_outside = x->set.allow_outside,
			    .report = x->set.quiet ? &quiet : &told,
			    .progress = log};
	rc = mc_cmd_log_end(x, log, mc_whatif_run(&w, d), d);
	mc_cmd_log_free(x, log);
	return rc;
}

static const mc_setting whatif_base = {
    .name = "base",
    .type = MC_OPT_STR,
    .arg = "RUN",
    .required = 1,
    .help = "the plan run whose night the scenarios are planned on (a "
	    "number, 'latest' or 'published')",
    .at = offsetof(mc_args, base)};
static const mc_setting whatif_jobs = {
    .name = "jobs",
    .alias = 'j',
    .type = MC_OPT_INT,
    .arg = "N",
    .min = 1,
    .max = MAX_JOBS,
    .def = "1",
    .help = "plan the scenarios in N worker processes",
    .at = offsetof(mc_args, jobs)};

static const mc_setting whatif_solver = {
    .name = "solver",
    .type = MC_OPT_STR,
    .choices = mc_setting_solvers,
    .lax = 1,
    .help = "the LP back-end (default: the base run's)",
    .at = offsetof(mc_args, solver)};
static const mc_setting whatif_cold = {
    .name = "cold",
    .type = MC_OPT_FLAG,
    .help = "solve each scenario from scratch (to measure what the warm "
	    "start saves; same results)",
    .at = offsetof(mc_args, cold)};

static const mc_arg whatif_args[] = {{"SCENARIO.yaml", MC_OPT_PATH, 0, 1}, {0}};
static const mc_setting *const whatif_opts[] = {
    &whatif_base,
    MC_SETTING(MC_SET_DB),
    &whatif_jobs,
    MC_SETTING(MC_SET_TIME_LIMIT),
    &whatif_solver,
    &whatif_cold,
    MC_SETTING(MC_SET_ALLOW_OUTSIDE),
    MC_SETTING(MC_SET_QUIET),
    &mc_opt_log_format,
    NULL};

const mc_command mc_cmd_whatif = {
    .name = "whatif",
    .summary = "plan what-if scenarios on a stored run's night",
    .run = cmd_whatif,
    .args = whatif_args,
    .maxpos = MAX_SCENARIOS,
    .opts = whatif_opts,
    .about =
	"Plans each scenario (a what-if overlay, see docs/inputs.md) on plan\n"
	"run RUN's own night (a number, 'latest' or 'published'): its inputs\n"
	"as stored with it (not the files on disk), the scenarios it applied,\n"
	"its start and frozen window, stability against the plan it was held\n"
	"to and the floor's reports as they stood when it was planned, with\n"
	"its solver and whole-unit budget; and stores it as a what-if run\n"
	"linked to RUN.  A scenario with no changes gives RUN's plan again.\n"
	"RUN's night LP is solved once; each scenario starts from its\n"
	"optimal basis.  What-if runs are hypothetical: no serials, never\n"
	"published, no unit changed.  Every scenario is checked before\n"
	"anything is planned (exit 2, nothing stored).  Prints per scenario\n"
	"its run, plan cost, bound, gap and the changes against RUN.  To take\n"
	"a scenario into tonight's plan: plan --scenario FILE.\n"
	"--time-limit is each scenario's.\n",
    .more = NULL};
