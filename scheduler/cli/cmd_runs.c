/*
 * cmd_runs.c - the commands on stored runs: runs (and prune), report,
 * compare, status and publish.
 */
#include "cmd.h"
#include "compare.h"
#include "date.h"
#include "dispatch.h"
#include "report.h"
#include "status.h"
#include "whatif.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- runs ---- */

static int cmd_runs(const mc_call *x, mc_diag *d)
{
	int rc;
	const char *db = x->set.db, *format = x->o.format;
	int keep = x->o.keep;
	int prune = x->npos == 1 && strcmp(x->pos[0], "prune") == 0;
	if (x->npos == 1 && !prune)
		return mc_diag_error(d, MC_EUSAGE,
				     "runs takes 'prune --keep N' or nothing, "
				     "not '%s'",
				     x->pos[0]);
	if (prune && keep < 0)
		return mc_diag_error(d, MC_EUSAGE, "runs prune needs --keep N");
	if (!prune && keep >= 0)
		return mc_diag_error(d, MC_EUSAGE, "--keep goes with prune");
	if (mc_cmd_text_or_json("runs", format, d) < 0)
		return -1;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_store *s =
	    mc_cmd_open_store(db, prune ? MC_CMD_WRITE : MC_CMD_READ, d);
	mc_run_row *rows;
	int n, gone;
	if (s && prune && mc_store_prune(s, keep, &gone, d) == 0) {
		printf("pruned %d run%s from %s\n", gone, gone == 1 ? "" : "s",
		       db);
		rc = 0;
	} else if (s && !prune && mc_store_list_runs(s, a, &rows, &n, d) == 0) {
		if (strcmp(format, "json") == 0)
			mc_report_runs_json(rows, n, stdout);
		else
			mc_report_runs(rows, n, mc_cmd_width(x), stdout);
		rc = 0;
	}
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const mc_setting runs_format = {.name = "format",
				       .alias = 'f',
				       .type = MC_OPT_STR,
				       .choices = mc_text_json,
				       .lax = 1,
				       .def = "text",
				       .help = "json: the same, a run a line",
				       .at = offsetof(mc_args, format)};
static const mc_setting runs_keep = {.name = "keep",
				     .type = MC_OPT_INT,
				     .arg = "N",
				     .max = 2147483647,
				     .none = -1,
				     .help = "with prune: the newest runs kept",
				     .at = offsetof(mc_args, keep)};

static const mc_arg runs_args[] = {{"prune", MC_OPT_STR, 1, 0}, {0}};
static const mc_setting *const runs_opts[] = {
    MC_SETTING(MC_SET_DB), &runs_format, &runs_keep, &mc_opt_wide, NULL};

const mc_command mc_cmd_runs = {
    .name = "runs",
    .summary = "list the stored runs, or prune them",
    .run = cmd_runs,
    .args = runs_args,
    .maxpos = 1,
    .opts = runs_opts,
    .about =
	"Lists the stored runs: kind, base run, scenario, start, horizon,\n"
	"orders, units made (by the floor before the run), planned, unmet\n"
	"and late, cost, gap and state: published, kept back (and why),\n"
	"what-if, or plan; '*' marks the published plan.\n"
	"runs prune --keep N removes every run but the N newest, the\n"
	"published one, the runs units' history names (their first and last\n"
	"run) and the bases of kept what-ifs; and the input snapshots no run\n"
	"uses.\n",
    .more = NULL};

/* ---- report ---- */

static int cmd_report(const mc_call *x, mc_diag *d)
{
	int rc;
	const char *db = x->set.db, *format = x->o.format, *path = x->o.out;
	int bom = x->o.bom;
	if (!x->npos)
		return mc_diag_error(d, MC_EUSAGE,
				     "report needs a run: a number, 'latest' "
				     "or 'published'");
	if (mc_report_format(format, d) < 0 ||
	    mc_cmd_not_the_db(path, db, d) < 0)
		return -1;
	if (bom && strcmp(format, "csv") != 0 &&
	    strcmp(format, "dispatch") != 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "--bom goes with --format csv or "
				     "dispatch");
	if (!path && strcmp(format, "xlsx") == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "an xlsx report is a file: give --out "
				     "FILE.xlsx");
	if (mc_cmd_filtered(x) && !mc_report_is_dispatch(format))
		return mc_diag_error(d, MC_EUSAGE,
				     "--plant, --resource, --day, --from and "
				     "--to go with --format dispatch or "
				     "dispatch-html");
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_report_opts o = MC_REPORT_OPTS_INIT;
	o.bom = bom;
	o.width = mc_cmd_width(x);
	mc_store *s = mc_cmd_open_run(db, MC_CMD_READ, x->pos[0], a, &v, d);
	if (s && mc_cmd_filter(x, &v, &o.filter, d) < 0)
		goto out;
	if (s && !path && bom)
		fputs(MC_REPORT_BOM, stdout);
	if (s)
		rc = path ? mc_report_save_opts(&v, format, &o, path, d)
			  : mc_report_write_opts(&v, format, &o, stdout, d);
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const char *const report_formats[] = {
    "text", "csv", "json", "html", "xlsx", "dispatch", "dispatch-html", NULL};
static const mc_setting report_format = {
    .name = "format",
    .alias = 'f',
    .type = MC_OPT_STR,
    .choices = report_formats,
    .lax = 1,
    .def = "text",
    .help = "html: one page (the plan's state and service first, what "
	    "needs action, a timeline of every unit, sortable and "
	    "filterable tables).  xlsx: an Excel workbook (needs --out): "
	    "sheets Summary, Plan, Late, Unmet, Night, Utilization, "
	    "Capacity, Bottlenecks, Materials, Dispatch, with money, percent "
	    "and date formats, frozen headers.  dispatch: what to make per "
	    "plant, resource and day, in order (earliest due first), one CSV "
	    "line per unit; dispatch-html: the same as a printable page",
    .at = offsetof(mc_args, format)};

static const mc_setting *const report_opts[] = {MC_SETTING(MC_SET_DB),
						&report_format,
						&mc_opt_out,
						&mc_opt_bom,
						&mc_opt_wide,
						&mc_opt_plant,
						&mc_opt_resource,
						&mc_opt_day,
						&mc_opt_from,
						&mc_opt_to,
						NULL};

const mc_command mc_cmd_report = {
    .name = "report",
    .summary = "write the report of a stored run",
    .run = cmd_report,
    .args = mc_run_arg,
    .maxpos = 1,
    .opts = report_opts,
    .about = "Writes the report of a stored run (a number, 'latest' or\n"
	     "'published').\n",
    .more = NULL};

/* ---- compare ---- */

/* compare RUN RUN [RUN ...]: every spec is resolved before any run is
 * read, so a mistyped one fails fast. */
static int cmd_compare(const mc_call *x, mc_diag *d)
{
	int rc;
	const char *db = x->set.db, *format = x->o.format, *path = x->o.out;
	if (x->npos < 2 || x->npos > MC_COMPARE_MAX_RUNS)
		return mc_diag_error(d, MC_EUSAGE,
				     "compare takes 2 to %d runs (numbers, "
				     "'latest' or 'published'), not %d",
				     MC_COMPARE_MAX_RUNS, x->npos);
	if (mc_compare_format(format, d) < 0 ||
	    mc_cmd_not_the_db(path, db, d) < 0)
		return -1;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v[MC_COMPARE_MAX_RUNS];
	int64_t id[MC_COMPARE_MAX_RUNS];
	mc_store *s = mc_cmd_open_store(db, MC_CMD_READ, d);
	for (int i = 0; s && i < x->npos; i++)
		if (mc_store_resolve_run(s, x->pos[i], &id[i], d) < 0)
			goto out;
	for (int i = 0; s && i < x->npos; i++)
		if (mc_store_load_run(s, id[i], a, &v[i], d) < 0)
			goto out;
	if (s)
		rc = path ? mc_compare_save_width(v, x->npos, format,
						  mc_cmd_width(x), path, d)
			  : mc_compare_write_width(v, x->npos, format,
						   mc_cmd_width(x), stdout, d);
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const char *const compare_formats[] = {"text", "csv", "json", "html",
					      NULL};
static const mc_setting compare_format = {.name = "format",
					  .alias = 'f',
					  .type = MC_OPT_STR,
					  .choices = compare_formats,
					  .lax = 1,
					  .def = "text",
					  .help = "the output's format",
					  .at = offsetof(mc_args, format)};

static const mc_arg compare_args[] = {{"RUN", MC_OPT_STR, 0, 0},
				      {"RUN", MC_OPT_STR, 0, 0},
				      {"RUN", MC_OPT_STR, 1, 1},
				      {0}};
static const mc_setting *const compare_opts[] = {
    MC_SETTING(MC_SET_DB), &compare_format, &mc_opt_out, &mc_opt_wide, NULL};

const mc_command mc_cmd_compare = {
    .name = "compare",
    .summary = "set stored runs side by side",
    .run = cmd_compare,
    .args = compare_args,
    .maxpos = MC_COMPARE_MAX_RUNS + 1,
    .opts = compare_opts,
    /* (clang-format takes MC_STR() for a call) */
    /* clang-format off */
    .about =
	"Sets stored runs side by side (two nights, or a base run and its\n"
	"what-if runs; each a number, 'latest' or 'published', at most "
	MC_STR(MC_COMPARE_MAX_RUNS) ").\n"
	"The first is the reference; every other run is shown against it:\n"
	"cost parts, plan cost, LP bound and gap, and service KPIs with\n"
	"deltas (absolute and %); hours, utilization and shadow prices per\n"
	"resource; the orders whose outcome changed (on time -> late,\n"
	"planned -> unmet, plant or day changed, quantity changed, new or\n"
	"withdrawn), counted by kind and listed with a reason.  Customer\n"
	"names are never shown.\n",
    /* clang-format on */
    .more = NULL};

/* ---- status ---- */

/* status: one screen on the floor's day; --today DATE stands in for the
 * local date (for tests and for a look back). */
static int cmd_status(const mc_call *x, mc_diag *d)
{
	int day, rc;
	const char *db = x->set.db, *format = x->o.format, *today;
	char now_iso[16];
	if (mc_cmd_text_or_json("status", format, d) < 0 ||
	    !(today = mc_cmd_today(x->o.today, now_iso, &day, d)))
		return -1;
	time_t now = time(NULL);
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_store_status st;
	mc_store *s = mc_cmd_open_store(db, MC_CMD_READ, d);
	if (s && mc_store_read_status(s, today, a, &st, d) == 0) {
		if (strcmp(format, "json") == 0)
			mc_status_json(&st, today, now, stdout);
		else
			mc_status_text(&st, db, today, now, stdout);
		rc = 0;
	}
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const mc_setting status_format = {
    .name = "format",
    .alias = 'f',
    .type = MC_OPT_STR,
    .choices = mc_text_json,
    .lax = 1,
    .def = "text",
    .help = "json: the same as one JSON object",
    .at = offsetof(mc_args, format)};
static const mc_setting status_today = {
    .name = "today",
    .type = MC_OPT_STR,
    .arg = "DATE",
    .help = "count units behind plan as of DATE (YYYY-MM-DD) instead of "
	    "the local date",
    .at = offsetof(mc_args, today)};

static const mc_arg no_args[] = {{0}};
static const mc_setting *const status_opts[] = {
    MC_SETTING(MC_SET_DB), &status_format, &status_today, NULL};

const mc_command mc_cmd_status = {
    .name = "status",
    .summary = "one screen on the published run and the last night",
    .run = cmd_status,
    .args = no_args,
    .maxpos = 0,
    .opts = status_opts,
    .about =
	"One screen on the store a nightly plan writes: the published run\n"
	"(its horizon start, when it was published and how long ago), the\n"
	"nights kept back since it (run, date, reason), the frozen window\n"
	"of the newest plan run, when the floor's actuals were last loaded\n"
	"(and how many events there are), and how many units are behind\n"
	"plan: units of the published plan planned before today that the\n"
	"floor has not reported produced, shipped or scrapped.\n",
    .more =
	"Exit status 0; 4 when the database is not there or cannot be read.\n"};

/* ---- publish ---- */

static int cmd_publish(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db,
		   *arg = mc_cmd_arg(x, "publish needs a RUN", d);
	int rc = -1;
	if (!arg)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_model m;
	mc_plan p;
	mc_store *s = mc_cmd_open_run(db, MC_CMD_WRITE, arg, a, &v, d);
	if (!s)
		goto out;
	long long id = (long long)v.id;
	if (strcmp(v.kind, "plan") != 0) {
		mc_diag_error(d, MC_EUSAGE,
			      "run %lld is a what-if: only plan runs are "
			      "published",
			      id);
		goto out;
	}
	uint64_t before, after;
	if (mc_store_next_serial(s, &before, d) < 0 ||
	    mc_run_plan(s, &v, a, &m, &p, d) < 0 ||
	    mc_store_publish_plan(s, v.id, &m, &p, d) < 0 ||
	    mc_store_next_serial(s, &after, d) < 0)
		goto out;
	printf("run %lld published in %s: %d units planned, %llu new "
	       "serials\n",
	       id, db, v.units_planned, (unsigned long long)(after - before));
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

const mc_command mc_cmd_publish = {
    .name = "publish",
    .summary = "publish a stored plan run by hand",
    .run = cmd_publish,
    .args = mc_run_arg,
    .maxpos = 1,
    .opts = mc_db_opts,
    .about =
	"Publishes a stored plan run by hand (one kept back by --publish\n"
	"auto, or an older plan to go back to): its units are tagged as if it\n"
	"had just been planned and published (existing units keep their\n"
	"serials, new ones draw serials, units of orders it lacks are\n"
	"cancelled; its frozen units keep theirs), in one transaction.  Its\n"
	"inputs come from the run's snapshot.  A run the floor has made units\n"
	"of since it was planned is refused: plan again.  What-if runs are\n"
	"never published.\n",
    .more = NULL};
