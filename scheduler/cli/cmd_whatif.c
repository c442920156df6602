/*
 * cmd_whatif.c - whatif: scenarios planned on a stored run's night.  The
 * engine (whatif.h) tells this file of the base and of each scenario,
 * from the worker process that planned it; these are what is printed.
 */
#include "cmd.h"
#include "date.h"
#include "jsonlog.h"
#include "slurm.h"
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Scenario files a whatif takes at most, and its most worker processes. */
#define MAX_SCENARIOS MC_MAX_POS
#define MAX_JOBS      64

/* Where what a what-if tells goes: stdout, or a Slurm task's buffers. */
struct told {
	mc_progress *json; /* the JSON log, or NULL */
	FILE *base, *out;  /* the base's lines, each scenario's */
	int64_t base_id;   /* the base run, once told */
};

static void print_base(void *ctx, const mc_whatif_base *b)
{
	FILE *f = ((struct told *)ctx)->base;
	char day[11];
	((struct told *)ctx)->base_id = b->id;
	fprintf(f, "base run %lld: its night of %s", (long long)b->id,
		mc_date_format(b->start, day));
	if (b->held_to)
		fprintf(f,
			", held to run %lld with %d frozen day%s and "
			"the floor's reports it read",
			(long long)b->held_to, b->frozen_days,
			b->frozen_days == 1 ? "" : "s");
	fprintf(f, "; its LP re-solved in %.2f s%s\n", b->t_lp,
		!b->optimal ? " (not optimal: a limit)" : "");
	if (b->note)
		fprintf(f, "  note: run %lld was %s\n", (long long)b->id,
			b->note);
}

static void print_scenario(void *ctx, const mc_whatif_result *r)
{
	FILE *f = ((struct told *)ctx)->out;
	const mc_plan *p = r->plan;
	fprintf(f, "what-if '%s': run %lld on base run %lld\n", r->name,
		(long long)r->run, (long long)r->base);
	if (isnan(p->lp_bound))
		fprintf(f, "  plan cost %.2f (%+.2f), LP %s, no bound\n",
			p->cost, p->cost - r->base_cost, p->lp_status);
	else
		fprintf(f,
			"  plan cost %.2f (%+.2f), LP bound %.2f, gap %.3f%% "
			"(LP %s)\n",
			p->cost, p->cost - r->base_cost, p->lp_bound,
			100 * p->gap, p->lp_status);
	fprintf(f, "  units planned %d (%+d), late %d (%+d), unmet %d (%+d)\n",
		p->units_planned, p->units_planned - r->base_planned,
		p->units_late, p->units_late - r->base_late, p->units_unmet,
		p->units_unmet - r->base_unmet);
	fprintf(f,
		"  LP solved %s in %.2f s, %d iterations (the base's cold "
		"solve: %.2f s); %.2f s in all\n",
		p->lp_warm ? "warm from the base" : "cold", p->t_lp,
		p->lp_iters, r->base_t_lp, r->secs);
	fflush(f);
}

/* In a worker, before it exits: its failure (in its JSON log, when it
 * keeps one), and its output checked as main() checks the parent's. */
static int worker_end(void *ctx, int status, mc_diag *d)
{
	mc_progress *json = ((struct told *)ctx)->json;
	if (status && json)
		mc_jsonlog_errors(json, d);
	else if (status)
		mc_diag_print(d, stderr, 1);
	if ((fflush(stdout) != 0 || ferror(stdout)) && !status) {
		fprintf(stderr, "mcsched: unable to write standard output\n");
		status = MC_EINPUT;
	}
	return status;
}

/* A scenario's run is saved through the command line's opening of the
 * store (open.c: in the test build, MCSCHED_TEST_KILL_AT kills it mid-save). */
static mc_store *open_to_save(const char *db, mc_diag *d)
{
	return mc_cmd_open_store(db, MC_CMD_WRITE, d);
}

/* The engine's options of x's what-if, told through t. */
static mc_whatif_opts
whatif_opts_of(const mc_call *x, const mc_whatif_report *t, mc_progress *log)
{
	return (mc_whatif_opts){.db = x->set.db,
				.base = x->o.base,
				.scenarios = x->pos,
				.nscenarios = x->npos,
				.jobs = x->o.jobs,
				.time_limit = x->set.time_limit,
				.solver = x->o.solver,
				.cold = x->o.cold,
				.allow_outside = x->set.allow_outside,
				.report = t,
				.open = open_to_save,
				.progress = log};
}

/* A Slurm task (--task DIR): scenario $SLURM_ARRAY_TASK_ID planned and
 * stored as a local run would be; what it tells, written whole into the
 * job directory after the run is stored (and on stdout, its Slurm log). */
static int whatif_task(const mc_call *x, mc_diag *d)
{
	const char *env = getenv("SLURM_ARRAY_TASK_ID");
	char *end;
	long k = env ? strtol(env, &end, 10) : -1;
	if (!env || !*env || *end || k < 0 || k >= x->npos)
		return mc_diag_error(d, MC_EUSAGE,
				     "--task runs as a task of a Slurm job "
				     "array ($SLURM_ARRAY_TASK_ID 0..%d, not "
				     "'%s')",
				     x->npos - 1, env ? env : "unset");
	char *out = NULL;
	size_t nout = 0;
	struct told t = {NULL, NULL, open_memstream(&out, &nout), 0};
	if (!t.out)
		return mc_diag_error(d, MC_ENOPLAN,
				     "unable to keep the task's output");
	mc_progress *log = mc_cmd_log_new(x, 1);
	t.json = mc_cmd_log_json(x) ? log : NULL;
	mc_whatif_report told = {&t, NULL, print_scenario, worker_end};
	mc_whatif_opts w = whatif_opts_of(x, &told, log);
	mc_arena *a = mc_arena_new();
	w.one = (int)k + 1;
	w.warm_in = mc_slurm_warm(x->o.task, a);
	int rc = mc_whatif_run(&w, d);
	fclose(t.out);
	if (rc == 0) { /* on stdout too: the Slurm log */
		fputs(out, stdout);
		rc = mc_slurm_task_done(x->o.task, (int)k, out, d);
	}
	free(out);
	mc_arena_free(a);
	rc = mc_cmd_log_end(x, log, rc, d);
	mc_cmd_log_free(x, log);
	return rc;
}

/* How the tasks of job j stand; once none is queued or running, the
 * summary a local whatif prints (the base as the submitter told it,
 * each scenario in order) and each task that left no run, as an error. */
static int tell_job(const mc_call *x, const mc_slurm_job *j, int tell_base,
		    mc_diag *d)
{
	const int *n = j->count;
	if (n[MC_SLURM_PENDING] + n[MC_SLURM_RUNNING] > 0) {
		printf("Slurm job %s, %d scenarios: %d done, %d running, %d "
		       "pending, %d failed\n",
		       j->jobs, j->ntasks, n[MC_SLURM_DONE],
		       n[MC_SLURM_RUNNING], n[MC_SLURM_PENDING],
		       n[MC_SLURM_FAILED]);
		static const char *const said[] = {"pending", "running", "done",
						   "failed"};
		for (int k = 0; k < j->ntasks; k++)
			printf("  task %d %s: %s\n", k, said[j->task[k].state],
			       j->task[k].scenario);
		return 0;
	}
	if (!x->set.quiet && tell_base)
		fputs(j->base, stdout);
	for (int k = 0; k < j->ntasks; k++)
		if (j->task[k].state == MC_SLURM_DONE && !x->set.quiet)
			fputs(j->task[k].out, stdout);
	for (int k = 0; k < j->ntasks; k++) {
		const mc_slurm_task *t = &j->task[k];
		if (t->state == MC_SLURM_FAILED)
			mc_diag_error(d, MC_ENOPLAN,
				      "scenario '%s' (task %d) stored no run: "
				      "%s%s%s",
				      t->scenario, k, t->log,
				      t->last ? " ends: " : " is empty",
				      t->last ? t->last : "");
	}
	if (n[MC_SLURM_FAILED])
		return mc_diag_error(d, MC_ENOPLAN,
				     "%d of %d tasks failed: `mcsched whatif "
				     "resubmit %s` plans them again",
				     n[MC_SLURM_FAILED], j->ntasks, j->dir);
	return 0;
}

/* Waits for the job in dir (unless --no-wait) and tells how it ended,
 * the base's lines first when tell_base. */
static int wait_job(const mc_call *x, const char *dir, int tell_base,
		    mc_arena *a, mc_diag *d)
{
	mc_slurm_job j;
	if (x->o.no_wait) {
		printf("`mcsched whatif status %s` tells how they stand\n",
		       dir);
		return 0;
	}
	fflush(stdout);
	if (mc_slurm_wait(dir, a, &j, d) < 0)
		return -1;
	return tell_job(x, &j, tell_base, d);
}

/* --executor slurm: the what-if checked and its base solved here (nothing
 * is submitted when a scenario is bad), its warm start and what is told
 * of the base left in the job directory; then one job array of a task per
 * scenario, each running this mcsched with --task. */
static int whatif_slurm(const mc_call *x, mc_diag *d)
{
	if (x->o.jobs != 1)
		return mc_diag_error(d, MC_EUSAGE,
				     "--jobs goes with --executor local: on "
				     "Slurm each scenario is a task");
	mc_arena *a = mc_arena_new();
	int rc = -1;
	const char *dir, *exe, *jobid;
	const char **argv =
	    mc_arena_calloc(a, (size_t)x->npos + 24, sizeof(*argv));
	const char **scen =
	    mc_arena_calloc(a, (size_t)x->npos + 1, sizeof(*scen));
	char *base = NULL;
	size_t nbase = 0;
	if (mc_slurm_dir(x->o.job_dir, a, &dir, d) < 0)
		goto out;
	struct told t = {NULL, open_memstream(&base, &nbase), NULL, 0};
	if (!t.base) {
		mc_diag_error(d, MC_ENOPLAN, "unable to keep the base's lines");
		goto out;
	}
	mc_progress *log = mc_cmd_log_new(x, 1);
	t.json = mc_cmd_log_json(x) ? log : NULL;
	mc_whatif_report told = {&t, print_base, NULL, NULL};
	mc_whatif_opts w = whatif_opts_of(x, &told, log);
	w.warm_out = mc_slurm_warm(dir, a);
	int solved = mc_whatif_run(&w, d);
	fclose(t.base);
	solved = mc_cmd_log_end(x, log, solved, d);
	mc_cmd_log_free(x, log);
	if (solved != 0) {
		if (!x->o.job_dir) /* the directory made for it, empty */
			rmdir(dir);
		rc = solved;
		goto out;
	}
	if (!x->set.quiet)
		fputs(base, stdout);
	/* the tasks run this very binary (on the shared file system) */
	if (!(exe = mc_slurm_self(a))) {
		mc_diag_error(d, MC_EUSAGE, "unable to find mcsched's path");
		goto out;
	}
	int n = 0;
	argv[n++] = exe;
	argv[n++] = "whatif";
	argv[n++] = "--task";
	argv[n++] = dir;
	argv[n++] = "--db";
	argv[n++] = mc_slurm_path(x->set.db, a);
	argv[n++] = "--base";
	argv[n++] = mc_arena_printf(a, "%lld", (long long)t.base_id);
	if (mc_settings_given(&x->set, MC_SET_TIME_LIMIT)) {
		argv[n++] = "--time-limit";
		argv[n++] = mc_arena_printf(a, "%.17g", x->set.time_limit);
	}
	if (x->o.solver) {
		argv[n++] = "--solver";
		argv[n++] = x->o.solver;
	}
	if (x->o.cold)
		argv[n++] = "--cold";
	if (x->set.allow_outside)
		argv[n++] = "--allow-outside";
	argv[n++] = "--log-format";
	argv[n++] = x->o.log_format;
	argv[n++] = "--";
	for (int i = 0; i < x->npos; i++)
		argv[n++] = scen[i] = mc_slurm_path(x->pos[i], a);
	mc_slurm_opts so = {.dir = dir,
			    .partition = x->o.partition,
			    .argv = argv,
			    .argc = n,
			    .scenarios = scen,
			    .ntasks = x->npos,
			    .base = base};
	if (mc_slurm_submit(&so, a, &jobid, d) < 0)
		goto out;
	if (!x->set.quiet || x->o.no_wait)
		printf("Slurm job %s: %d scenario%s as tasks 0-%d, job "
		       "directory %s\n",
		       jobid, x->npos, x->npos == 1 ? "" : "s", x->npos - 1,
		       dir);
	rc = wait_job(x, dir, 0, a, d); /* the base's lines are out */
out:
	free(base);
	mc_arena_free(a);
	return rc;
}

/* whatif status DIR, whatif resubmit DIR. */
static int whatif_job(const mc_call *x, int resubmit, mc_diag *d)
{
	if (x->npos != 2)
		return mc_diag_error(d, MC_EUSAGE, "whatif %s takes one DIR",
				     x->pos[0]);
	mc_arena *a = mc_arena_new();
	const char *dir = mc_slurm_path(x->pos[1], a), *jobid;
	mc_slurm_job j;
	int n, rc = -1;
	if (!resubmit) {
		if (mc_slurm_read(dir, a, &j, d) == 0)
			rc = tell_job(x, &j, 1, d);
	} else if (mc_slurm_resubmit(dir, a, &jobid, &n, d) == 0) {
		if (n == 0)
			printf("no task of %s failed\n", dir);
		else
			printf("Slurm job %s: %d task%s again\n", jobid, n,
			       n == 1 ? "" : "s");
		rc = wait_job(x, dir, 1, a, d);
	}
	mc_arena_free(a);
	return rc;
}

static int cmd_whatif(const mc_call *x, mc_diag *d)
{
	int rc;
	if (x->npos > 0 && (strcmp(x->pos[0], "status") == 0 ||
			    strcmp(x->pos[0], "resubmit") == 0))
		return whatif_job(x, x->pos[0][0] == 'r', d);
	if (!x->o.base)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs --base RUN (a number, "
				     "latest or published)");
	if (x->npos == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs at least one SCENARIO.yaml");
	if (x->o.task)
		return whatif_task(x, d);
	if (strcmp(x->o.executor, "slurm") == 0)
		return whatif_slurm(x, d);
	/* one status line on a terminal only when one process plans */
	mc_progress *log = mc_cmd_log_new(x, x->o.jobs == 1);
	struct told t = {mc_cmd_log_json(x) ? log : NULL, stdout, stdout, 0};
	mc_whatif_report told = {&t, print_base, print_scenario, worker_end};
	mc_whatif_report quiet = {&t, NULL, NULL, worker_end};
	mc_whatif_opts w =
	    whatif_opts_of(x, x->set.quiet ? &quiet : &told, log);
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

static const char *const whatif_executors[] = {"local", "slurm", NULL};
static const mc_setting whatif_executor = {
    .name = "executor",
    .type = MC_OPT_STR,
    .choices = whatif_executors,
    .def = "local",
    .help = "where the scenarios are planned: local (this machine, in "
	    "--jobs processes) or slurm (one Slurm job array, a task per "
	    "scenario; see docs/guide.md)",
    .at = offsetof(mc_args, executor)};
static const mc_setting whatif_job_dir = {
    .name = "job-dir",
    .type = MC_OPT_PATH,
    .arg = "DIR",
    .help = "with slurm: the job directory (task script, Slurm logs, what "
	    "each task told) on a file system the nodes share; default a "
	    "new ./mcsched-whatif.XXXXXX",
    .at = offsetof(mc_args, job_dir)};
static const mc_setting whatif_partition = {
    .name = "partition",
    .type = MC_OPT_STR,
    .arg = "P",
    .help = "with slurm: the partition the tasks run in (default the "
	    "cluster's); sbatch takes its other settings from SBATCH_* "
	    "variables",
    .at = offsetof(mc_args, partition)};
static const mc_setting whatif_no_wait = {
    .name = "no-wait",
    .type = MC_OPT_FLAG,
    .help = "with slurm: submit and return; 'whatif status DIR' tells "
	    "how the tasks stand and, once they are done, the summary",
    .at = offsetof(mc_args, no_wait)};
static const mc_setting whatif_task_dir = {
    .name = "task",
    .type = MC_OPT_PATH,
    .arg = "DIR",
    .help = "internal, what each Slurm task runs: plans the scenario "
	    "$SLURM_ARRAY_TASK_ID (from 0) of those given and records what "
	    "it tells in job directory DIR",
    .at = offsetof(mc_args, task)};

static const mc_arg whatif_args[] = {{"SCENARIO.yaml", MC_OPT_PATH, 0, 1}, {0}};
static const mc_setting *const whatif_opts[] = {
    &whatif_base,
    MC_SETTING(MC_SET_DB),
    &whatif_jobs,
    MC_SETTING(MC_SET_TIME_LIMIT),
    &whatif_solver,
    &whatif_cold,
    &whatif_executor,
    &whatif_job_dir,
    &whatif_partition,
    &whatif_no_wait,
    &whatif_task_dir,
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
	"--time-limit is each scenario's.\n"
	"--executor slurm submits one Slurm job array, a task per scenario,\n"
	"each planning it from the base run in the shared store (--db) and\n"
	"storing its run; then waits and prints the same summary.  With\n"
	"--no-wait, 'whatif status DIR' tells how the job in job directory\n"
	"DIR stands, and 'whatif resubmit DIR' submits its failed tasks\n"
	"again.  Plans are the same as local ones.\n",
    .more = NULL};
