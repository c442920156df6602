/*
 * main.c - the mcsched command line: parses arguments, runs one command,
 * prints what the modules reported and exits with the status of
 * docs/reference.md (0 ok, 1 usage, 2 bad input, 3 no plan, 4 store error)
 * or 5 (plan: the run was stored but kept back).
 * The only file that prints diagnostics.
 */
#include "actuals.h"
#include "classes.h"
#include "cli.h"
#include "compare.h"
#include "date.h"
#include "file.h"
#include "gen.h"
#include "ids.h"
#include "labels.h"
#include "load.h"
#include "session.h"
#include "mathprog.h"
#include "nightly.h"
#include "plan.h"
#include "report.h"
#include "serve.h"
#include "status.h"
#include "store.h"
#include "units.h"
#include "whatif.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DB MC_DEFAULT_DB

typedef struct command {
	const char *name;
	/* 0 ok, -1 with the reason in d, or an exit status of its own
	 * (> 0) that is not an error */
	int (*run)(int argc, char **argv, mc_diag *d);
	const char *usage; /* one line */
	const char *help;  /* the rest of --help */
} command;

static int help_of(const char *name);

/* How a command opens the store (open_store()'s mode). */
enum {
	STORE_READ = 0,	  /* only reads: read-only (mc_store_open_read) */
	STORE_CREATE = 1, /* writes runs: created when missing */
	STORE_WRITE = 2,  /* writes into a database that must exist */
};

/* Opens the store at path as mode says: a command that only reads opens
 * it read-only (so it works on a read-only file system, a full disk or
 * without write permission to the folder), and only plan creates it; a
 * command that reads runs fails on a missing database rather than
 * leaving an empty one behind a mistyped --db.  NULL with MC_ESTORE in d
 * on failure. */
static mc_store *open_store(const char *path, int mode, mc_diag *d)
{
	mc_store *s = NULL;
	if ((mode == STORE_CREATE  ? mc_store_open(path, &s, d)
	     : mode == STORE_WRITE ? mc_store_open_existing(path, &s, d)
				   : mc_store_open_read(path, &s, d)) < 0)
		return NULL;
	/* Test-only fault hook: the process kills itself at the N-th write
	 * of a save, so tests can check a crashed run changes nothing. */
	const char *kill_at = getenv("MCSCHED_TEST_KILL_AT");
	if (kill_at)
		mc_store_fault_at(s, atoi(kill_at), 1);
	return s;
}

/* Opens the existing store at db (mode: STORE_READ or STORE_WRITE) and
 * reads the run spec names ("latest", "published" or a number) into *v.
 * Returns the open store, which the caller closes, or NULL with the
 * reason in d. */
static mc_store *open_run(const char *db, int mode, const char *spec,
			  mc_arena *a, mc_run_view *v, mc_diag *d)
{
	int64_t id;
	mc_store *s = open_store(db, mode, d);
	if (s && (mc_store_resolve_run(s, spec, &id, d) < 0 ||
		  mc_store_load_run(s, id, a, v, d) < 0)) {
		mc_store_close(s);
		s = NULL;
	}
	return s;
}

/* Refuses an output path that is the database db or one of SQLite's files
 * beside it, under any name (same device and inode): writing a report
 * over the open database replaces it.  Returns 0 or -1 (MC_EINPUT). */
static int not_the_db(const char *out, const char *db, mc_diag *d)
{
	static const char *const side[] = {"", "-wal", "-shm", "-journal",
					   ".lock"};
	for (int i = 0; out && i < 5; i++) {
		char *f = mc_xmalloc(strlen(db) + 9);
		sprintf(f, "%s%s", db, side[i]);
		int same = mc_file_same(out, f);
		free(f);
		if (same)
			return mc_diag_error(d, MC_EINPUT,
					     "unable to write '%s': it is the "
					     "database '%s'",
					     out, db);
	}
	return 0;
}

static int cmd_plan(int argc, char **argv, mc_diag *d)
{
	mc_inputs in = {0};
	const char *db = NULL, *pos[1];
	const char *publish = NULL, *solver = NULL;
	int frozen = -1, help, npos, quiet = 0, full = 0, min_orders = -1;
	double tlim = 0, rtime = -1, t0 = mc_session_clock(), max_gap = -1,
	       wait_s = 0, stability = -1;
	const char *scen[MC_MAX_SCENARIOS];
	mc_opt_list scenarios = {scen, 0, MC_MAX_SCENARIOS};
	mc_opt opts[] = {{"catalog", 'c', MC_OPT_STR, &in.catalog},
			 {"plants", 'p', MC_OPT_STR, &in.plants},
			 {"orders", 'o', MC_OPT_STR, &in.orders},
			 {"db", 0, MC_OPT_STR, &db},
			 {"frozen-days", 0, MC_OPT_INT, &frozen},
			 {"time-limit", 0, MC_OPT_NUM, &tlim},
			 {"round-time", 0, MC_OPT_NUM0, &rtime},
			 {"publish", 0, MC_OPT_STR, &publish},
			 {"min-orders", 0, MC_OPT_INT, &min_orders},
			 {"start", 0, MC_OPT_STR, &in.start},
			 {"max-gap", 0, MC_OPT_NUM, &max_gap},
			 {"stability-cost", 0, MC_OPT_NUM0, &stability},
			 {"wait", 0, MC_OPT_NUM, &wait_s},
			 {"quiet", 'q', MC_OPT_FLAG, &quiet},
			 {"full-lp", 0, MC_OPT_FLAG, &full},
			 {"solver", 0, MC_OPT_STR, &solver},
			 {"scenario", 0, MC_OPT_LIST, &scenarios},
			 {"allow-outside", 0, MC_OPT_FLAG, &in.allow_outside},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("plan");
	in.scenarios = scenarios.v;
	in.nscenarios = scenarios.n;
	if (frozen > MC_MAX_HORIZON)
		return mc_diag_error(
		    d, MC_EUSAGE, "--frozen-days %d is above the limit of %d",
		    frozen, MC_MAX_HORIZON);
	if (tlim > MC_MAX_TIME_LIMIT)
		return mc_diag_error(d, MC_EUSAGE,
				     "--time-limit %g is above the limit of %d",
				     tlim, MC_MAX_TIME_LIMIT);
	if (max_gap > 100)
		return mc_diag_error(d, MC_EUSAGE,
				     "--max-gap is a percentage above 0 and at "
				     "most 100, not %g",
				     max_gap);
	if (rtime > MC_MAX_TIME_LIMIT)
		return mc_diag_error(d, MC_EUSAGE,
				     "--round-time %g is above the limit of %d",
				     rtime, MC_MAX_TIME_LIMIT);
	if (stability > MC_MAX_STABILITY)
		return mc_diag_error(
		    d, MC_EUSAGE,
		    "--stability-cost %g is above the limit of %g", stability,
		    MC_MAX_STABILITY);
	if (publish && strcmp(publish, "auto") && strcmp(publish, "always") &&
	    strcmp(publish, "never"))
		return mc_diag_error(d, MC_EUSAGE,
				     "--publish is auto, always or never, not "
				     "'%s'",
				     publish);
	in.job = npos ? pos[0] : NULL;
	mc_nightly_opts o = {.in = in,
			     .db = db,
			     .publish = publish,
			     .solver = solver,
			     .frozen_days = frozen,
			     .min_orders = min_orders,
			     .time_limit = tlim,
			     .round_time = rtime,
			     .max_gap = max_gap,
			     .stability_cost = stability,
			     .wait = wait_s,
			     .full_lp = full,
			     .quiet = quiet,
			     .t0 = t0,
			     .open_store = open_store};
	int rc = mc_nightly_plan(&o, d);
	return rc == MC_NIGHTLY_HELD ? MC_EHELD : rc;
}

static int cmd_check(int argc, char **argv, mc_diag *d)
{
	mc_inputs in = {0};
	const char *pos[1];
	int help, npos, rc = -1;
	mc_opt opts[] = {{"catalog", 'c', MC_OPT_STR, &in.catalog},
			 {"plants", 'p', MC_OPT_STR, &in.plants},
			 {"orders", 'o', MC_OPT_STR, &in.orders},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("check");
	in.job = npos ? pos[0] : NULL;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_job job;
	if (mc_nightly_load(a, &in, &job, &m, d) == 0) {
		printf("ok: %d families, %d plants, %d resources, %d lanes, "
		       "%d orders\n",
		       m.nfamilies, m.nplants, m.nresources, m.nlanes,
		       m.norders);
		rc = 0;
	}
	mc_arena_free(a);
	return rc;
}

static int cmd_runs(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *format = "text", *pos[1];
	int help, npos, rc = -1, keep = -1;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"format", 'f', MC_OPT_STR, &format},
			 {"keep", 0, MC_OPT_INT, &keep},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("runs");
	int prune = npos == 1 && strcmp(pos[0], "prune") == 0;
	if (npos == 1 && !prune)
		return mc_diag_error(d, MC_EUSAGE,
				     "runs takes 'prune --keep N' or nothing, "
				     "not '%s'",
				     pos[0]);
	if (prune && keep < 0)
		return mc_diag_error(d, MC_EUSAGE, "runs prune needs --keep N");
	if (!prune && keep >= 0)
		return mc_diag_error(d, MC_EUSAGE, "--keep goes with prune");
	if (strcmp(format, "text") && strcmp(format, "json"))
		return mc_diag_error(d, MC_EUSAGE,
				     "runs --format is text or json, not '%s'",
				     format);
	mc_arena *a = mc_arena_new();
	mc_store *s = open_store(db, prune ? STORE_WRITE : STORE_READ, d);
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
			mc_report_runs(rows, n, stdout);
		rc = 0;
	}
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static int cmd_report(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *format = "text", *path = NULL, *pos[1];
	int help, npos, rc = -1, bom = 0;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"format", 'f', MC_OPT_STR, &format},
			 {"out", 0, MC_OPT_STR, &path},
			 {"bom", 0, MC_OPT_FLAG, &bom},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("report");
	if (!npos)
		return mc_diag_error(d, MC_EUSAGE,
				     "report needs a run: a number, 'latest' "
				     "or 'published'");
	if (mc_report_format(format, d) < 0 || not_the_db(path, db, d) < 0)
		return -1;
	if (bom && strcmp(format, "csv") != 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "--bom goes with --format csv");
	if (!path && strcmp(format, "xlsx") == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "an xlsx report is a file: give --out "
				     "FILE.xlsx");
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_store *s = open_run(db, STORE_READ, pos[0], a, &v, d);
	if (s && !path && bom)
		fputs(MC_REPORT_BOM, stdout);
	if (s)
		rc = path ? mc_report_save_bom(&v, format, bom, path, d)
			  : mc_report_write(&v, format, stdout, d);
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

/* compare RUN RUN [RUN ...]: every spec is resolved before any run is
 * read, so a mistyped one fails fast. */
static int cmd_compare(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *format = "text", *path = NULL,
		   *pos[MC_COMPARE_MAX_RUNS + 1];
	int help, npos, rc = -1;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"format", 'f', MC_OPT_STR, &format},
			 {"out", 0, MC_OPT_STR, &path},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, MC_COMPARE_MAX_RUNS + 1, &npos,
			 &help, d) < 0)
		return -1;
	if (help)
		return help_of("compare");
	if (npos < 2 || npos > MC_COMPARE_MAX_RUNS)
		return mc_diag_error(d, MC_EUSAGE,
				     "compare takes 2 to %d runs (numbers, "
				     "'latest' or 'published'), not %d",
				     MC_COMPARE_MAX_RUNS, npos);
	if (mc_compare_format(format, d) < 0 || not_the_db(path, db, d) < 0)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v[MC_COMPARE_MAX_RUNS];
	int64_t id[MC_COMPARE_MAX_RUNS];
	mc_store *s = open_store(db, STORE_READ, d);
	for (int i = 0; s && i < npos; i++)
		if (mc_store_resolve_run(s, pos[i], &id[i], d) < 0)
			goto out;
	for (int i = 0; s && i < npos; i++)
		if (mc_store_load_run(s, id[i], a, &v[i], d) < 0)
			goto out;
	if (s)
		rc = path ? mc_compare_save(v, npos, format, path, d)
			  : mc_compare_write(v, npos, format, stdout, d);
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static int cmd_gen(int argc, char **argv, mc_diag *d)
{
	/* INT_MIN and NAN: not given (the parser never yields them) */
	const char *pos[1], *shape = NULL;
	int help, npos, orders = -1, seed = 1;
	int plants = INT_MIN, lines = INT_MIN, families = INT_MIN,
	    options = INT_MIN, days = INT_MIN, due_spread = INT_MIN;
	double release_share = NAN;
	mc_opt opts[] = {{"orders", 'n', MC_OPT_INT, &orders},
			 {"seed", 's', MC_OPT_INT, &seed},
			 {"shape", 0, MC_OPT_STR, &shape},
			 {"plants", 0, MC_OPT_INT, &plants},
			 {"lines", 0, MC_OPT_INT, &lines},
			 {"families", 0, MC_OPT_INT, &families},
			 {"options", 0, MC_OPT_INT, &options},
			 {"days", 0, MC_OPT_INT, &days},
			 {"due-spread", 0, MC_OPT_INT, &due_spread},
			 {"release-share", 0, MC_OPT_NUM, &release_share},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("gen");
	if (!npos || orders < 1 || orders > MC_MAX_ORDERS)
		return mc_diag_error(d, MC_EUSAGE,
				     "gen needs --orders N (1 to %d) and a "
				     "directory",
				     MC_MAX_ORDERS);
	mc_gen_shape sh = MC_GEN_SHAPE_DEFAULT;
	if (shape && mc_gen_shape_named(shape, &sh, d) < 0)
		return -1;
	/* options given override the shape's */
	int *const knob[] = {&sh.plants,  &sh.lines, &sh.families,
			     &sh.options, &sh.days,  &sh.due_spread};
	const int given[] = {plants,  lines, families,
			     options, days,  due_spread};
	for (size_t i = 0; i < sizeof(given) / sizeof(*given); i++)
		if (given[i] != INT_MIN)
			*knob[i] = given[i];
	if (!isnan(release_share))
		sh.release_share = release_share;
	if (mc_gen_write_shape(pos[0], orders, (uint64_t)(unsigned)seed, &sh,
			       d) < 0)
		return -1;
	printf("wrote %d orders (seed %d) to %s\n", orders, seed, pos[0]);
	return 0;
}

/* The model a stored run was planned from (its input snapshots; see
 * mc_run_model()). */
static int load_run_inputs(const char *db, const char *spec, mc_arena *a,
			   mc_model *m, mc_diag *d)
{
	int64_t id;
	int rc = -1;
	mc_store *s = open_store(db, STORE_READ, d);
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

static int cmd_export(int argc, char **argv, mc_diag *d)
{
	mc_inputs in = {0};
	const char *db = DEFAULT_DB, *lp = NULL, *mps = NULL, *mod = NULL,
		   *pos[1];
	int help, npos, rc = -1;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"lp", 0, MC_OPT_STR, &lp},
			 {"mps", 0, MC_OPT_STR, &mps},
			 {"mathprog", 0, MC_OPT_STR, &mod},
			 {"catalog", 'c', MC_OPT_STR, &in.catalog},
			 {"plants", 'p', MC_OPT_STR, &in.plants},
			 {"orders", 'o', MC_OPT_STR, &in.orders},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("export");
	if (!lp && !mps && !mod)
		return mc_diag_error(d, MC_EUSAGE,
				     "export needs --lp FILE, --mps FILE or "
				     "--mathprog FILE");
	int files = in.catalog || in.plants || in.orders;
	if (npos && files)
		return mc_diag_error(
		    d, MC_EUSAGE, "export takes a RUN or -c -p -o, not both");
	if (!npos && !files)
		return mc_diag_error(d, MC_EUSAGE,
				     "export needs a RUN or -c CATALOG -p "
				     "PLANTS -o ORDERS");
	if (not_the_db(lp, db, d) < 0 || not_the_db(mps, db, d) < 0 ||
	    not_the_db(mod, db, d) < 0)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_job job;
	mc_classes c;
	mc_session *S = NULL;
	if (npos ? load_run_inputs(db, pos[0], a, &m, d)
		 : mc_nightly_load(a, &in, &job, &m, d))
		goto out;
	if (mod && mc_mathprog_write_data(&m, mod, d) < 0)
		goto out;
	if (!lp && !mps) {
		rc = 0;
		goto out;
	}
	mc_classes_build(&m, a, &c);
	if (!(S = mc_session_new(&m, &c, a, NULL, d)))
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

/* 1 if s is printable ASCII, so a message may quote it as it is. */
static int printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7E)
			return 0;
	return 1;
}

/* The command line of a command that takes --db F and one argument
 * (name's): 0 with *db and *arg set; 1 after printing --help; -1 with
 * the MC_EUSAGE message missing when the argument is not there. */
static int db_and_arg(int argc, char **argv, const char *name,
		      const char *missing, const char **db, const char **arg,
		      mc_diag *d)
{
	const char *pos[1];
	int help, npos;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, db}, {0}};
	*db = DEFAULT_DB;
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of(name) + 1;
	if (!npos)
		return mc_diag_error(d, MC_EUSAGE, "%s", missing);
	*arg = pos[0];
	return 0;
}

/* Exit status: 0 found, 2 malformed (JSON code 102), 3 not found (100),
 * 4 store error.  The JSON goes to stdout in the first three cases. */
static int cmd_resolve(int argc, char **argv, mc_diag *d)
{
	const char *db, *arg;
	int rc = db_and_arg(argc, argv, "resolve",
			    "resolve needs an identifier", &db, &arg, d);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	mc_unit_ref ref;
	char why[160];
	if (mc_unit_ref_parse(arg, &ref, why, sizeof(why)) < 0) {
		/* the store is not opened for a malformed reference */
		mc_units_resolve_json(arg, NULL, NULL, why, stdout);
		if (!printable(arg) || strlen(arg) > 200)
			return mc_diag_error(d, MC_EINPUT,
					     "malformed identifier: %s", why);
		return mc_diag_error(d, MC_EINPUT,
				     "malformed identifier '%s': %s", arg, why);
	}
	mc_arena *a = mc_arena_new();
	mc_store *s = open_store(db, STORE_READ, d);
	mc_unit_rec u;
	mc_units_life *life = NULL;
	int found = s ? mc_units_find(s, &ref, a, &u, d) : -1;
	if (found == 1 && mc_units_read_life(s, &u, 1, a, &life, d) < 0)
		found = -1;
	/* a Digital Link or element string resolves to the identifier */
	if (found >= 0)
		mc_units_resolve_json(found ? u.identifier : arg,
				      found ? &u : NULL, life, NULL, stdout);
	if (found == 0)
		mc_diag_error(d, MC_ENOPLAN, "no unit '%s' in '%s'", arg, db);
	else if (found == 1)
		rc = 0;
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static int cmd_track(int argc, char **argv, mc_diag *d)
{
	const char *db, *arg;
	int n = 0, rc = db_and_arg(argc, argv, "track",
				   "track needs an order id", &db, &arg, d);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_store *s = open_store(db, STORE_READ, d);
	mc_unit_rec *u;
	mc_units_life *life;
	if (!s || mc_store_order_units(s, arg, a, &u, &n, d) < 0 ||
	    mc_units_read_life(s, u, n, a, &life, d) < 0)
		goto out;
	if (n == 0) {
		mc_diag_error(d, MC_ENOPLAN,
			      "no order '%s' in '%s' (no plan run has had it)",
			      arg, db);
		goto out;
	}
	mc_units_track(arg, u, n, life, stdout);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

/* actuals FILE: the floor's report of units, checked whole before the
 * store records it in one transaction. */
static int cmd_actuals(int argc, char **argv, mc_diag *d)
{
	const char *db, *arg;
	int rc = db_and_arg(argc, argv, "actuals",
			    "actuals needs a FILE (identifier,status,date)",
			    &db, &arg, d);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_actuals in;
	mc_actuals_tally t;
	mc_store *s = NULL;
	/* a bad file never opens the store */
	if (mc_actuals_load(arg, a, &in, d) < 0 ||
	    !(s = open_store(db, STORE_WRITE, d)) ||
	    mc_store_record_actuals(s, &in, &t, d) < 0)
		goto out;
	printf("actuals %s: %d row%s, %d new", arg, t.rows,
	       t.rows == 1 ? "" : "s", t.added);
	for (int i = 0, first = 1; i < MC_LIFE_COUNT; i++) {
		if (!t.added_by[i])
			continue;
		printf("%s%d %s", first ? " (" : ", ", t.added_by[i],
		       mc_life_name(i));
		first = 0;
	}
	printf("%s, %d already recorded\n", t.added ? ")" : "", t.known);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

/* A ZPL stream to f (for mc_file_write). */
typedef struct zpl_ctx {
	const mc_label *l;
	int n;
} zpl_ctx;

static int write_zpl(FILE *f, const void *ctx, mc_diag *d)
{
	const zpl_ctx *c = ctx;
	(void)d;
	mc_labels_zpl(c->l, c->n, f);
	return 0;
}

static int cmd_labels(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *path = NULL, *qr = NULL,
		   *domain = MC_UNITS_DOMAIN, *format = "csv", *pos[1];
	int help, npos, n = 0, rc = -1, bom = 0, sheets = 0;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"out", 0, MC_OPT_STR, &path},
			 {"domain", 0, MC_OPT_STR, &domain},
			 {"qr", 0, MC_OPT_STR, &qr},
			 {"format", 'f', MC_OPT_STR, &format},
			 {"bom", 0, MC_OPT_FLAG, &bom},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 1, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("labels");
	if (!npos)
		return mc_diag_error(d, MC_EUSAGE,
				     "labels needs a run: a number, 'latest' "
				     "or 'published'");
	int csv = strcmp(format, "csv") == 0, zpl = strcmp(format, "zpl") == 0,
	    svg = strcmp(format, "svg") == 0;
	if (!csv && !zpl && !svg)
		return mc_diag_error(d, MC_EUSAGE,
				     "unknown label format '%s' (expected "
				     "csv, zpl or svg)",
				     format);
	if (bom && !csv)
		return mc_diag_error(d, MC_EUSAGE,
				     "--bom goes with --format csv");
	if (svg && !path)
		return mc_diag_error(d, MC_EUSAGE,
				     "svg labels are A4 sheets: give --out "
				     "DIR for DIR/sheet-001.svg, ...");
	if (not_the_db(path, db, d) < 0)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_label *l;
	mc_store *s = open_run(db, STORE_READ, pos[0], a, &v, d);
	if (!s || mc_units_labels(&v, domain, a, &l, &n, d) < 0)
		goto out;
	zpl_ctx z = {l, n};
	if (svg	   ? mc_labels_svg(l, n, path, &sheets, d) < 0
	    : zpl  ? (path ? mc_file_write(path, write_zpl, &z, d) < 0
			   : (mc_labels_zpl(l, n, stdout), 0))
	    : path ? mc_units_labels_save(l, n, bom, path, d) < 0
		   : (mc_units_labels_csv(l, n, bom, stdout), 0))
		goto out;
	if (qr && mc_units_labels_qr(l, n, qr, d) < 0)
		goto out;
	if (svg)
		printf(
		    "wrote %d labels of run %lld on %d A4 sheet%s to %s%s%s\n",
		    n, (long long)v.id, sheets, sheets == 1 ? "" : "s", path,
		    qr ? ", QR codes to " : "", qr ? qr : "");
	else if (path)
		printf("wrote %d labels of run %lld to %s%s%s\n", n,
		       (long long)v.id, path, qr ? ", QR codes to " : "",
		       qr ? qr : "");
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static int cmd_publish(int argc, char **argv, mc_diag *d)
{
	const char *db, *arg;
	int rc = db_and_arg(argc, argv, "publish", "publish needs a RUN", &db,
			    &arg, d);
	if (rc)
		return rc < 0 ? -1 : 0;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_model m;
	mc_plan p;
	mc_store *s = open_run(db, STORE_WRITE, arg, a, &v, d);
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

static int cmd_serve(int argc, char **argv, mc_diag *d)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	mc_serve_opts o = {.db = DEFAULT_DB,
			   .listen = "127.0.0.1:8080",
			   .threads = cores < 1	   ? 1
				      : cores > 64 ? 64
						   : (int)cores,
			   .max_connections = MC_SERVE_MAX_CONNECTIONS,
			   .per_client = MC_SERVE_PER_CLIENT,
			   .request_timeout = MC_SERVE_REQUEST_TIMEOUT};
	const char *pos[1];
	int help, npos;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &o.db},
			 {"listen", 0, MC_OPT_STR, &o.listen},
			 {"threads", 0, MC_OPT_INT, &o.threads},
			 {"max-connections", 0, MC_OPT_INT, &o.max_connections},
			 {"max-per-client", 0, MC_OPT_INT, &o.per_client},
			 {"request-timeout", 0, MC_OPT_NUM, &o.request_timeout},
			 {"token-file", 0, MC_OPT_STR, &o.token_file},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 0, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("serve");
	if (o.max_connections < 1 || o.max_connections > 100000)
		return mc_diag_error(d, MC_EUSAGE,
				     "--max-connections is 1..100000, not %d",
				     o.max_connections);
	if (o.per_client < 1 || o.per_client > o.max_connections)
		return mc_diag_error(d, MC_EUSAGE,
				     "--max-per-client is 1..--max-connections "
				     "(%d), not %d",
				     o.max_connections, o.per_client);
	if (o.request_timeout > 3600)
		return mc_diag_error(d, MC_EUSAGE,
				     "--request-timeout is above 0 and at most "
				     "3600 seconds, not %g",
				     o.request_timeout);
	return mc_serve_run(&o, d);
}

static int cmd_whatif(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *base = NULL, *solver = NULL;
	const char *pos[64];
	int help, npos, jobs = 1, quiet = 0, cold = 0, outside = 0;
	double tlim = 0;
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"base", 0, MC_OPT_STR, &base},
			 {"cold", 0, MC_OPT_FLAG, &cold},
			 {"allow-outside", 0, MC_OPT_FLAG, &outside},
			 {"jobs", 'j', MC_OPT_INT, &jobs},
			 {"time-limit", 0, MC_OPT_NUM, &tlim},
			 {"solver", 0, MC_OPT_STR, &solver},
			 {"quiet", 'q', MC_OPT_FLAG, &quiet},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 64, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("whatif");
	if (!base)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs --base RUN (a number, "
				     "latest or published)");
	if (npos == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "whatif needs at least one SCENARIO.yaml");
	if (jobs < 1 || jobs > 64)
		return mc_diag_error(d, MC_EUSAGE, "--jobs is 1..64, not %d",
				     jobs);
	if (tlim > MC_MAX_TIME_LIMIT)
		return mc_diag_error(d, MC_EUSAGE,
				     "--time-limit %g is above the limit of %d",
				     tlim, MC_MAX_TIME_LIMIT);
	mc_whatif_opts o = {.db = db,
			    .base = base,
			    .scenarios = pos,
			    .nscenarios = npos,
			    .jobs = jobs,
			    .time_limit = tlim,
			    .solver = solver,
			    .cold = cold,
			    .allow_outside = outside,
			    .quiet = quiet};
	return mc_whatif_run(&o, d);
}

/* status: one screen on the floor's day; --today DATE stands in for the
 * local date (for tests and for a look back). */
static int cmd_status(int argc, char **argv, mc_diag *d)
{
	const char *db = DEFAULT_DB, *format = "text", *today = NULL, *pos[1];
	int help, npos, rc = -1, day;
	char now_iso[16];
	mc_opt opts[] = {{"db", 0, MC_OPT_STR, &db},
			 {"format", 'f', MC_OPT_STR, &format},
			 {"today", 0, MC_OPT_STR, &today},
			 {0}};
	if (mc_cli_parse(argc, argv, opts, pos, 0, &npos, &help, d) < 0)
		return -1;
	if (help)
		return help_of("status");
	if (strcmp(format, "text") && strcmp(format, "json"))
		return mc_diag_error(d, MC_EUSAGE,
				     "status --format is text or json, not "
				     "'%s'",
				     format);
	if (today && mc_date_parse(today, &day))
		return mc_diag_error(d, MC_EUSAGE,
				     "--today is a date YYYY-MM-DD, not '%s'",
				     today);
	time_t now = time(NULL);
	struct tm tm;
	if (!today && localtime_r(&now, &tm) &&
	    strftime(now_iso, sizeof(now_iso), "%Y-%m-%d", &tm) > 0)
		today = now_iso;
	mc_arena *a = mc_arena_new();
	mc_store_status st;
	mc_store *s = open_store(db, 0, d);
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

static const command commands[] = {
    {"plan", cmd_plan,
     "plan [job.yaml | -c CATALOG -p PLANTS -o ORDERS] [--db F] "
     "[--frozen-days N] [--stability-cost X] [--time-limit S] "
     "[--round-time S] [--publish auto|always|never] [--min-orders N] "
     "[--max-gap PCT] [--start DATE|today] [--wait S] [--solver clp|glpk] "
     "[--full-lp] [--scenario FILE ...] [--allow-outside] [--quiet]",
     "Reads the inputs, solves the production plan (LP, made whole), tags\n"
     "every unit with its identifier and stores the run in one\n"
     "transaction.  Bad input (exit 2) leaves the database untouched.\n"
     "The night holds to the published plan: its frozen window, the\n"
     "floor's reports (made units leave the plan; their materials leave\n"
     "plants.yaml's stock, which is counted on its own horizon.start) and\n"
     "stability.  Every published unit that moves is recorded with its\n"
     "cause; a night that starts from the published plan moves none.\n"
     "  -c, --catalog F    families, options, routings (catalog.yaml)\n"
     "  -p, --plants F     plants, resources, calendars, lanes\n"
     "  -o, --orders F     the customers' orders\n"
     "  --db F             SQLite file (default mcsched.db)\n"
     "  --time-limit S     the whole run's limit: the plan is then made\n"
     "                     from the best feasible point reached, with a\n"
     "                     bound only where one is proven ('none' else)\n"
     "  --round-time S     seconds the local improvement and the\n"
     "                     neighbourhood MIPs of the whole units may take\n"
     "                     (0: floor + repair only); by default a budget\n"
     "                     of work tied to the LP's iterations, the same\n"
     "                     plan on any machine (more time, a smaller gap:\n"
     "                     README, Whole units)\n"
     "  --frozen-days N    keep the published plan's units of the first N\n"
     "                     days exactly (plant, resource, day, identifier),\n"
     "                     and units the floor released on any later day;\n"
     "                     their hours and materials are taken first\n"
     "  --stability-cost X what moving a published unit off its plant or\n"
     "                     day costs in the LP, per unit (default 25; 0\n"
     "                     off): the plan moves one only when that pays\n"
     "                     more\n"
     "  --start D          the horizon starts on D (YYYY-MM-DD or today)\n"
     "                     instead of plants.yaml's horizon.start; never\n"
     "                     before the published plan's start\n"
     "  --wait S           when another plan runs on the database, wait\n"
     "                     up to S seconds for it (default 0), then exit 4\n"
     "  --publish auto     publish the run if its LP is optimal, its gap\n"
     "                     within --max-gap PCT (default 2), no frozen\n"
     "                     unit is one its plant can no longer make or\n"
     "                     gone (conflicts plant, dropped), it has at\n"
     "                     least --min-orders\n"
     "                     orders (default 1) and at least half the\n"
     "                     published plan's; a run kept back is stored\n"
     "                     but changes no unit.  always, never\n"
     "  --solver S         LP back-end: clp (default) or glpk\n"
     "  --full-lp          hold every slot of the class LP (the reference)\n"
     "  --scenario FILE    apply a what-if overlay (scenario.yaml) to\n"
     "                     tonight's inputs, as accepted after a whatif;\n"
     "                     repeatable, applied in order, recorded with\n"
     "                     the run (job.yaml: scenarios: [FILE, ...])\n"
     "  --allow-outside    let a scenario's add_orders read files outside\n"
     "                     its own folder (refused by default)\n"
     "  -q, --quiet        print nothing but errors (no progress)\n"
     "Units the floor has made (mcsched actuals) count as delivered, on\n"
     "time or late by their actual day.  Exit status 0: stored and\n"
     "published; 5: stored but kept back (--publish never too), the\n"
     "reason on stderr and in the run (runs, report, status: cron and\n"
     "systemd treat it as a failure and alert); 2 bad input, 3 no plan,\n"
     "4 store error or another plan still running after --wait.\n"},
    {"status", cmd_status,
     "status [--db F] [--format text|json] [--today DATE]",
     "One screen on the store a nightly plan writes: the published run\n"
     "(its horizon start, when it was published and how long ago), the\n"
     "nights kept back since it (run, date, reason), the frozen window\n"
     "of the newest plan run, when the floor's actuals were last loaded\n"
     "(and how many events there are), and how many units are behind\n"
     "plan: units of the published plan planned before today that the\n"
     "floor has not reported produced, shipped or scrapped.\n"
     "  --format json   the same as one JSON object\n"
     "  --today DATE    count units behind plan as of DATE instead of\n"
     "                  the local date\n"
     "Exit status 0; 4 when the database is not there or cannot be read.\n"},
    {"publish", cmd_publish, "publish RUN [--db F]",
     "Publishes a stored plan run by hand (one kept back by --publish\n"
     "auto, or an older plan to go back to): its units are tagged as if it\n"
     "had just been planned and published (existing units keep their\n"
     "serials, new ones draw serials, units of orders it lacks are\n"
     "cancelled; its frozen units keep theirs), in one transaction.  Its\n"
     "inputs come from the run's snapshot.  A run the floor has made units\n"
     "of since it was planned is refused: plan again.  What-if runs are\n"
     "never published.\n"},
    {"whatif", cmd_whatif,
     "whatif --base RUN SCENARIO.yaml [SCENARIO.yaml ...] [--db F] "
     "[--jobs N] [--time-limit S] [--solver clp|glpk] [--cold] "
     "[--allow-outside] [--quiet]",
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
     "  -j, --jobs N       plan the scenarios in N worker processes\n"
     "  --time-limit S     each scenario's limit, as for plan\n"
     "  --cold             solve each scenario from scratch (to measure\n"
     "                     what the warm start saves; same results)\n"
     "  --allow-outside    let add_orders read files outside the\n"
     "                     scenario file's folder (by default a path that\n"
     "                     is absolute, climbs with .. or leads out by a\n"
     "                     symbolic link is refused, unread)\n"},
    {"check", cmd_check, "check [job.yaml | -c CATALOG -p PLANTS -o ORDERS]",
     "Validates the inputs only, with the same messages as plan.\n"},
    {"runs", cmd_runs,
     "runs [--db F] [--format text|json] | runs prune --keep N [--db F]",
     "Lists the stored runs: kind, base run, scenario, start, horizon,\n"
     "orders, units made (by the floor before the run), planned, unmet\n"
     "and late, cost, gap and state: published, kept back (and why),\n"
     "what-if, or plan; '*' marks the published plan.  --format json:\n"
     "the same, a run a line.\n"
     "prune --keep N removes every run but the N newest, the published\n"
     "one, the runs units' history names (their first and last run) and\n"
     "the bases of kept what-ifs; and the input snapshots no run uses.\n"},
    {"report", cmd_report,
     "report RUN [--db F] [--format text|csv|json|html|xlsx] [--out PATH] "
     "[--bom]",
     "Writes the report of a stored run (a number, 'latest' or\n"
     "'published').  --out PATH is written whole or not at all: a bad\n"
     "format or a failed write leaves an existing file as it was.\n"
     "  --format xlsx   an Excel workbook (needs --out): sheets Summary,\n"
     "                  Plan, Late, Unmet, Utilization, Bottlenecks, with\n"
     "                  money, percent and date formats, frozen headers\n"
     "  --bom           start the CSV with a UTF-8 byte order mark, so\n"
     "                  Excel reads Chinese names right in any locale\n"},
    {"compare", cmd_compare,
     "compare RUN RUN [RUN ...] [--db F] [--format text|csv|json|html] "
     "[--out PATH]",
     "Sets stored runs side by side (two nights, or a base run and its\n"
     "what-if runs; each a number, 'latest' or 'published', at most 8).\n"
     "The first is the reference; every other run is shown against it:\n"
     "cost parts, plan cost, LP bound and gap, and service KPIs with\n"
     "deltas (absolute and %); hours, utilization and shadow prices per\n"
     "resource; the orders whose outcome changed (on time -> late,\n"
     "planned -> unmet, plant or day changed, quantity changed, new or\n"
     "withdrawn), counted by kind and listed with a reason.  Customer\n"
     "names are never shown.  --out PATH is written whole or not at all.\n"},
    {"export", cmd_export,
     "export RUN [--db F] [--lp FILE] [--mps FILE] [--mathprog FILE]   "
     "(or -c -p -o instead of RUN)",
     "Writes the class LP that mcsched solves, with readable names, for\n"
     "any other solver: CPLEX LP (--lp) or free MPS (--mps); and/or the\n"
     "data of the independent order-level model models/plan.mod\n"
     "(--mathprog), to solve with\n"
     "  glpsol --math models/plan.mod --data FILE\n"
     "RUN's inputs come from the snapshot stored with the run (a\n"
     "what-if's with its scenario applied), so it works from any\n"
     "directory and after the files changed.\n"},
    {"resolve", cmd_resolve, "resolve IDENTIFIER|DIGITAL_LINK|GS1 [--db F]",
     "Checks a unit reference and prints the unit's record as Handle-style\n"
     "JSON.  The reference is what a label or scanner gives, any of:\n"
     "  88.999.1/AC.09521234300014.000000000001.J   the identifier: prefix\n"
     "      88.<node>.<enterprise>, family code, GTIN-14 check digit,\n"
     "      12-digit serial, MOD 37,36 check character\n"
     "  https://id.example.com/01/09521234300014/21/000000000001\n"
     "      the GS1 Digital Link URI of the label's QR code (any host)\n"
     "  '(01)09521234300014(21)000000000001'   the GS1 element string\n"
     "      (or 0109521234300014210000000000001 as a scanner sends it)\n"
     "The \"handle\" of a found unit is its identifier.  Found, the record is\n"
     "responseCode 1 and values (family, options, order, region, plant,\n"
     "resource, planned_day, expected_arrival, due, status, run, gs1;\n"
     "once the floor reported the unit (mcsched actuals), status is its\n"
     "floor status, with the days released, produced, shipped, scrapped\n"
     "and the plan's plan_status).\n"
     "Exit status 0 found; 2 malformed (responseCode 102, \"message\" says\n"
     "what is wrong; the store is not read); 3 not in the store\n"
     "(responseCode 100); 4 store error.\n"},
    {"track", cmd_track, "track ORDER_ID [--db F]",
     "What a customer asks about an order: customer, region, family and\n"
     "options, quantity, due date, then each unit's identifier, status\n"
     "(planned, unmet, cancelled), planned production day, plant, expected\n"
     "arrival, and whether that is later than the due date.  The facts\n"
     "come from the latest plan run that had the order.  A unit the floor\n"
     "reported (mcsched actuals) shows its floor status (released,\n"
     "produced, shipped, scrapped), and its floor events follow with\n"
     "their days.  Exit status 3 when no plan run has had the order.\n"},
    {"actuals", cmd_actuals, "actuals FILE [--db F]",
     "Records what the factory floor did with units.  FILE is a CSV file\n"
     "with the header identifier,status,date and a row per event: a\n"
     "unit's identifier, its status (released, produced, shipped or\n"
     "scrapped) and the day (YYYY-MM-DD); see docs/inputs.md.  A unit\n"
     "goes released, produced, shipped, forward only (a status may be\n"
     "skipped), or is scrapped before it ships: its identifier is then\n"
     "retired (cancelled).  A row already recorded with the same day\n"
     "changes nothing, so a file may be loaded again.  Every error of the\n"
     "file is reported at its file:line:column (exit 2) and then nothing\n"
     "is recorded: the file is one transaction.  The database must exist.\n"
     "track, resolve and serve show each unit's floor status and events,\n"
     "and the next plan reads them: produced and shipped units leave the\n"
     "plan, released ones stay where they are, and a scrapped unit's\n"
     "order gets a new unit with a new identifier.\n"},
    {"labels", cmd_labels,
     "labels RUN [--db F] [--format csv|zpl|svg] [--out PATH] [--domain D] "
     "[--qr DIR] [--bom]",
     "The labels of the units RUN (a number, 'latest' or 'published')\n"
     "planned.  Each carries the unit's identifier, its GS1 Digital Link\n"
     "https://D/01/GTIN/21/SERIAL (as a QR code on zpl and svg), the\n"
     "family, the chosen options, the order and \"unit k of n\".\n"
     "  --format csv   one line per unit (default): identifier, gs1\n"
     "                 (01)GTIN(21)SERIAL, digital_link, plant, resource,\n"
     "                 day, order, unit, of, family, options\n"
     "  --format zpl   ZPL II for Zebra-type printers: one ^XA..^XZ label\n"
     "                 of 4 x 2 in at 203 dpi per unit, the QR code drawn\n"
     "                 by the printer (send the file to its raw port)\n"
     "  --format svg   A4 sheets of 14 labels (2 x 7, 99.1 x 38.1 mm):\n"
     "                 --out DIR gets sheet-001.svg, sheet-002.svg, ...\n"
     "  --out PATH     write to PATH (complete or not at all) instead of\n"
     "                 standard output\n"
     "  --domain D     host of the GS1 Digital Link URIs (default\n"
     "                 " MC_UNITS_DOMAIN ", a placeholder: the resolver\n"
     "                 that `mcsched serve` runs)\n"
     "  --qr DIR       also write DIR/<SERIAL>.svg, a QR code of each URI\n"
     "  --bom          start the CSV with a UTF-8 byte order mark (Excel)\n"},
    {"serve", cmd_serve,
     "serve [--db F] [--listen HOST:PORT] [--threads N] "
     "[--max-connections N] [--max-per-client N] [--request-timeout S] "
     "[--token-file F]",
     "A read-only resolution node: answers HTTP on HOST:PORT (default\n"
     "127.0.0.1:8080; port 0 picks a free one, printed at start) from the\n"
     "store, opened read-only, while plan runs keep writing it.  Public\n"
     "routes, for a customer's phone or a partner (no customer's name):\n"
     "  GET /api/handles/{reference}   the record of `resolve` (any of its\n"
     "                                 three forms): 200 found, 404 not\n"
     "                                 found, 400 malformed\n"
     "  GET /01/{gtin}/21/{serial}     GS1 Digital Link of a label: a page\n"
     "                                 for a phone, or the JSON record when\n"
     "                                 Accept asks for application/json\n"
     "  GET /orders/{id}               the order's units (track, no name)\n"
     "  GET /healthz                   {\"status\": \"ok\", ...}; 503 when\n"
     "                                 the store cannot be read (or is gone)\n"
     "Internal routes, the planner's (customers, a run's economics): only\n"
     "with --token-file and 'Authorization: Bearer TOKEN' (else 403, or\n"
     "401 without the token or with another):\n"
     "  GET /runs                      the runs, as JSON\n"
     "  GET /runs/{run}/report.html    the HTML report of a run\n"
     "Errors are JSON {\"status\", \"error\"}; only GET and HEAD (405); a\n"
     "path or query with a control character (%00..%1F, %7F) is 400.  A\n"
     "database replaced on disk is reopened; one removed is 503.\n"
     "  --threads N           worker threads (default: the cores, 1..64)\n"
     "  --max-connections N   open connections at once (default 1000)\n"
     "  --max-per-client N    of them from one IP address (default 64);\n"
     "                        more are closed as they come\n"
     "  --request-timeout S   seconds a request (line, headers, body) may\n"
     "                        take from its first byte (default 10), then\n"
     "                        its connection is closed; a connection\n"
     "                        silent for 10 s is closed too\n"
     "  --token-file F        the bearer token of the internal routes: the\n"
     "                        file's first line, 16 to 256 printable ASCII\n"
     "                        characters (default: none, routes off)\n"
     "Runs until SIGTERM or SIGINT, then finishes the requests in flight\n"
     "and exits 0.\n"},
    {"gen", cmd_gen,
     "gen --orders N [--seed S] [--shape default|xl] [--plants N] "
     "[--lines N] [--families N] [--options N] [--days N] [--due-spread D] "
     "[--release-share P] DIR",
     "Writes a synthetic instance (catalog, plants, orders, job) of any\n"
     "size into DIR, the same for the same arguments.\n"
     "  -n, --orders N       orders to draw (1..10000000)\n"
     "  -s, --seed S         random seed (default 1)\n"
     "  --shape NAME         default: the knobs' defaults below;\n"
     "                       xl: 10 plants x 5 lines, 50 families, 60 days.\n"
     "                       Knobs given as well override the shape's.\n"
     "  --plants N           plants, 3..99 (default 0: 3 to 10, one more\n"
     "                       at 1,500 orders and at each tripling); beyond\n"
     "                       ten, second sites of the ten (GZ-NANSHA-2)\n"
     "  --lines N            resources in each group, 1..20: a group is a\n"
     "                       plant's resources of one kind for the same\n"
     "                       families (default 0: 1 to 4 growing with the\n"
     "                       orders, at least 2 on a bottleneck)\n"
     "  --families N         families, 3..300 (default 3: sofa, shirt-mtm,\n"
     "                       aircon-split); the rest are variants of these\n"
     "                       (sofa-2, ...) with their own code and GTIN,\n"
     "                       scaled minutes and costs, each made at two\n"
     "                       of the plants that make the original\n"
     "  --options N          options per family, 1..8 (default 3): fewer\n"
     "                       keeps the first ones; more adds finish, trim,\n"
     "                       accessory, detail, upgrade, each with\n"
     "                       values standard, plus and premium\n"
     "  --days N             horizon in days, 14..366 (default 28)\n"
     "  --due-spread D       orders are due on one of D days from the\n"
     "                       third day of the horizon, a third of them in\n"
     "                       the first 3/8, 1..366 (default 0: days + 5)\n"
     "  --release-share P    share of orders due from the fifth day that\n"
     "                       get a release day, 0..1 (default 0.12)\n"
     "The orders depend on the seed, families, options, days and the two\n"
     "spreads, never on plants or lines.\n"},
};
#define NCOMMANDS ((int)(sizeof(commands) / sizeof(*commands)))

static void usage(FILE *f)
{
	fputs("usage: mcsched COMMAND [options]   (mcsched COMMAND --help)\n",
	      f);
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  mcsched %s\n", commands[i].usage);
	fputs("exit status: 0 ok, 1 usage, 2 bad input, 3 no plan, "
	      "4 store error, 5 plan stored but kept back (not published)\n",
	      f);
}

static int help_of(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			printf("usage: mcsched %s\n\n%s", commands[i].usage,
			       commands[i].help);
	return 0;
}

/* Flushes and closes standard output.  A write that failed on the way (a
 * full disk, /dev/full) leaves stdio's error flag, and the last buffer
 * fails here: either is an error (MC_EINPUT, exit 2), never output lost
 * with exit 0. */
static int close_stdout(mc_diag *d)
{
	int bad = ferror(stdout) != 0, err = 0;
	errno = 0;
	if (fflush(stdout) != 0) {
		bad = 1;
		err = errno;
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (!bad)
		return 0;
	return mc_diag_error(d, MC_EINPUT,
			     "unable to write standard output: %s",
			     err ? strerror(err) : "an earlier write failed");
}

/* Runs the command of argv; its exit status. */
static int run(int argc, char **argv, mc_diag *d)
{
	if (argc < 2) {
		usage(stderr);
		return MC_EUSAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return MC_OK;
	}
	const command *cmd = NULL;
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "mcsched: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return MC_EUSAGE;
	}
	int rc = cmd->run(argc - 2, argv + 2, d);
	if (rc == 0)
		return MC_OK;
	if (rc > 0) /* a command's own status, not an error (plan: 5) */
		return rc;
	int status = d->status == MC_OK ? MC_ENOPLAN : d->status;
	mc_diag_print(d, stderr, 1);
	mc_diag_clear(d);
	if (status == MC_EUSAGE)
		fprintf(stderr, "usage: mcsched %s\n", cmd->usage);
	return status;
}

int main(int argc, char **argv)
{
	mc_diag d = MC_DIAG_INIT;
	int status = run(argc, argv, &d);
	/* every command's output, whatever it is, is checked here once */
	if (close_stdout(&d) < 0) {
		mc_diag_print(&d, stderr, 0);
		if (status == MC_OK)
			status = MC_EINPUT;
	}
	mc_diag_release(&d);
	mc_session_shutdown();
	return status;
}
