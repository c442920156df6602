/*
 * cmd_plan.c - the commands that read the inputs: plan (the nightly run,
 * and its summary), check and export.
 */
#include "classes.h"
#include "cmd.h"
#include "file.h"
#include "date.h"
#include "mathprog.h"
#include "nightly.h"
#include "session.h"
#include "whatif.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- plan ---- */

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

/* What plan says of the run it stored. */
static void print_summary(const mc_nightly_result *r)
{
	const mc_model *m = r->model;
	const mc_plan *p = r->plan;
	char from[11];
	int ago = r->today - m->start;
	printf("run %lld stored in %s\n", (long long)r->run, r->db);
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
	       "rounds",
	       p->lp_rows, p->lp_cols, p->lp_full_cols, p->lp_iters,
	       p->lp_rounds);
	if (p->lp_blocks > 1)
		printf(", %d independent blocks on %d thread%s", p->lp_blocks,
		       p->lp_threads, p->lp_threads == 1 ? "" : "s");
	printf("; %.2f s in all\n", r->elapsed);
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

static int cmd_plan(const mc_call *x, mc_diag *d)
{
	mc_nightly_opts o = {
	    .set = x->set, .t0 = x->t0, .open_store = mc_cmd_open_store};
	int rc;
	o.job = x->npos ? x->pos[0] : NULL;
	o.progress = mc_cmd_log_new(x, 1);
	mc_nightly_result r;
	rc = mc_nightly_plan(&o, &r, d);
	if (rc >= 0) {
		if (!o.set.quiet)
			print_summary(&r);
		/* a JSON log says it in its "stored" line */
		if (r.held && !mc_cmd_log_json(x))
			fprintf(stderr,
				"mcsched: run %lld is not published and "
				"changed no unit: %s (--publish always would "
				"publish it)\n",
				(long long)r.run, r.why);
		mc_nightly_result_release(&r);
		rc = rc == MC_NIGHTLY_HELD ? MC_EHELD : 0;
	}
	rc = mc_cmd_log_end(x, o.progress, rc, d);
	mc_cmd_log_free(x, o.progress);
	return rc;
}

static const mc_arg plan_args[] = {{"job.yaml", MC_OPT_PATH, 1, 0}, {0}};

static const mc_setting *const plan_opts[] = {MC_SETTING(MC_SET_CATALOG),
					      MC_SETTING(MC_SET_PLANTS),
					      MC_SETTING(MC_SET_ORDERS),
					      MC_SETTING(MC_SET_DB),
					      MC_SETTING(MC_SET_TIME_LIMIT),
					      MC_SETTING(MC_SET_ROUND_TIME),
					      MC_SETTING(MC_SET_ROUND_WORK),
					      MC_SETTING(MC_SET_FROZEN_DAYS),
					      MC_SETTING(MC_SET_STABILITY_COST),
					      MC_SETTING(MC_SET_START),
					      MC_SETTING(MC_SET_WAIT),
					      MC_SETTING(MC_SET_PUBLISH),
					      MC_SETTING(MC_SET_MAX_GAP),
					      MC_SETTING(MC_SET_MIN_ORDERS),
					      MC_SETTING(MC_SET_SOLVER),
					      MC_SETTING(MC_SET_THREADS),
					      MC_SETTING(MC_SET_FULL_LP),
					      MC_SETTING(MC_SET_SCENARIOS),
					      MC_SETTING(MC_SET_ALLOW_OUTSIDE),
					      MC_SETTING(MC_SET_QUIET),
					      &mc_opt_log_format,
					      NULL};

const mc_command mc_cmd_plan = {
    .name = "plan",
    .summary = "plan the night: the production plan of whole units, stored",
    .run = cmd_plan,
    .args = plan_args,
    .maxpos = 1,
    .opts = plan_opts,
    .about =
	"Reads the inputs (a job file, job.yaml, names them and the settings,\n"
	"or -c -p -o), solves the production plan (LP, made whole), tags\n"
	"every unit with its identifier and stores the run in one\n"
	"transaction.  Bad input (exit 2) leaves the database untouched.\n"
	"The night holds to the published plan: its frozen window, the\n"
	"floor's reports (made units leave the plan; their materials leave\n"
	"plants.yaml's stock, which is counted on its own horizon.start) and\n"
	"stability.  Every published unit that moves is recorded with its\n"
	"cause; a night that starts from the published plan moves none.\n"
	"A setting given as an option wins over job.yaml's, which wins over\n"
	"its default.\n",
    .more =
	"Units the floor has made (mcsched actuals) count as delivered, on\n"
	"time or late by their actual day.  Exit status 0: stored and\n"
	"published; 5: stored but kept back (--publish never too), the\n"
	"reason on stderr and in the run (runs, report, status: cron and\n"
	"systemd treat it as a failure and alert); 2 bad input, 3 no plan,\n"
	"4 store error or another plan still running after --wait.\n"};

/* ---- check ---- */

static int cmd_check(const mc_call *x, mc_diag *d)
{
	mc_settings set = x->set; /* resolved with the job's */
	int rc = -1;
	mc_arena *a = mc_arena_new();
	mc_model m;
	if (mc_nightly_load(a, x->npos ? x->pos[0] : NULL, &set, NULL, &m, d) ==
	    0) {
		printf("ok: %d families, %d plants, %d resources, %d lanes, "
		       "%d orders\n",
		       m.nfamilies, m.nplants, m.nresources, m.nlanes,
		       m.norders);
		rc = 0;
	}
	mc_arena_free(a);
	return rc;
}

static const mc_setting *const check_opts[] = {MC_SETTING(MC_SET_CATALOG),
					       MC_SETTING(MC_SET_PLANTS),
					       MC_SETTING(MC_SET_ORDERS), NULL};

const mc_command mc_cmd_check = {
    .name = "check",
    .summary = "validate the inputs only",
    .run = cmd_check,
    .args = plan_args,
    .maxpos = 1,
    .opts = check_opts,
    .about = "Validates the inputs only, with the same messages as plan.\n",
    .more = NULL};

/* ---- export ---- */

/* The model a stored run was planned from (its input snapshots; see
 * mc_run_model()). */
static int load_run_inputs(const char *db, const char *spec, mc_arena *a,
			   mc_model *m, mc_diag *d)
{
	int64_t id;
	int rc = -1;
	mc_store *s = mc_cmd_open_store(db, MC_CMD_READ, d);
	if (s && mc_store_resolve_run(s, spec, &id, d) == 0)
		rc = mc_run_model(s, id, a, m, d);
	mc_store_close(s);
	return rc;
}

/* The LP in one format, for mc_file_write_path: GLPK's writer wants a
 * file name, so it writes a temporary file that is then renamed. */
typedef struct lp_file {
	mc_session *S;
	const char *format;
} lp_file;

static int write_lp(const char *tmp, const void *ctx, mc_diag *d)
{
	const lp_file *f = ctx;
	return mc_session_write(f->S, tmp, f->format, d);
}

static int cmd_export(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db, *lp = x->o.lp, *mps = x->o.mps,
		   *mod = x->o.mathprog;
	if (!lp && !mps && !mod)
		return mc_diag_error(d, MC_EUSAGE,
				     "export needs --lp FILE, --mps FILE or "
				     "--mathprog FILE");
	int files = mc_settings_given(&x->set, MC_SET_CATALOG) ||
		    mc_settings_given(&x->set, MC_SET_PLANTS) ||
		    mc_settings_given(&x->set, MC_SET_ORDERS);
	if (x->npos && files)
		return mc_diag_error(
		    d, MC_EUSAGE, "export takes a RUN or -c -p -o, not both");
	if (!x->npos && !files)
		return mc_diag_error(d, MC_EUSAGE,
				     "export needs a RUN or -c CATALOG -p "
				     "PLANTS -o ORDERS");
	if (mc_cmd_not_the_db(lp, db, d) < 0 ||
	    mc_cmd_not_the_db(mps, db, d) < 0 ||
	    mc_cmd_not_the_db(mod, db, d) < 0)
		return -1;
	mc_settings in = x->set; /* resolved with the defaults */
	int rc = -1;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_classes cl;
	mc_session *S = NULL;
	if (x->npos ? load_run_inputs(db, x->pos[0], a, &m, d)
		    : mc_nightly_load(a, NULL, &in, NULL, &m, d))
		goto out;
	if (mod && mc_mathprog_write_data(&m, mod, d) < 0)
		goto out;
	if (!lp && !mps) {
		rc = 0;
		goto out;
	}
	mc_classes_build(&m, a, &cl);
	if (!(S = mc_session_new(&m, &cl, a, NULL, d)))
		goto out;
	if ((lp && mc_file_write_path(lp, write_lp, &(lp_file){S, "lp"}, d)) ||
	    (mps && mc_file_write_path(mps, write_lp, &(lp_file){S, "mps"}, d)))
		goto out;
	rc = 0;
out:
	mc_session_free(S);
	mc_arena_free(a);
	return rc;
}

static const mc_setting export_lp = {
    .name = "lp",
    .type = MC_OPT_PATH,
    .arg = "FILE",
    .help = "write the class LP as CPLEX LP, with readable names",
    .at = offsetof(mc_args, lp)};
static const mc_setting export_mps = {.name = "mps",
				      .type = MC_OPT_PATH,
				      .arg = "FILE",
				      .help = "write the class LP as free MPS",
				      .at = offsetof(mc_args, mps)};
static const mc_setting export_mathprog = {
    .name = "mathprog",
    .type = MC_OPT_PATH,
    .arg = "FILE",
    .help = "write the data of the independent order-level model "
	    "models/plan.mod",
    .at = offsetof(mc_args, mathprog)};

static const mc_arg export_args[] = {{"RUN", MC_OPT_STR, 1, 0}, {0}};

static const mc_setting *const export_opts[] = {MC_SETTING(MC_SET_DB),
						&export_lp,
						&export_mps,
						&export_mathprog,
						MC_SETTING(MC_SET_CATALOG),
						MC_SETTING(MC_SET_PLANTS),
						MC_SETTING(MC_SET_ORDERS),
						NULL};

const mc_command mc_cmd_export = {
    .name = "export",
    .summary = "write the class LP for another solver",
    .run = cmd_export,
    .args = export_args,
    .maxpos = 1,
    .opts = export_opts,
    .about =
	"Writes the class LP that mcsched solves, with readable names, for\n"
	"any other solver: CPLEX LP (--lp) or free MPS (--mps); and/or the\n"
	"data of the independent order-level model models/plan.mod\n"
	"(--mathprog), to solve with\n"
	"  glpsol --math models/plan.mod --data FILE\n"
	"The inputs are stored run RUN's (a number, 'latest' or 'published'),\n"
	"or the files of -c -p -o instead.  RUN's inputs come from the\n"
	"snapshot stored with the run (a what-if's with its scenario\n"
	"applied), so it works from any directory and after the files\n"
	"changed.\n",
    .more = NULL};
