/*
 * cmd.h - what the command files share (cmd_*.c): the values of the
 * commands' own options, the option rows more than one command takes,
 * how a command opens the store, and the commands' rows.
 *
 * Only the command line prints or exits: the cmd_*.c files print what the
 * modules return; main.c prints the diagnostics and exits.
 */
#ifndef MC_CMD_H
#define MC_CMD_H

#include "arena.h"
#include "cli.h"
#include "progress.h"
#include "store.h"

/* The values of the commands' own options (those that are not plan
 * settings): each command uses a few; mc_cli_parse() sets each to its
 * row's default first. */
typedef struct mc_args {
	const char *format, *out;
	int bom;
	int keep;			 /* runs prune */
	const char *today;		 /* status */
	const char *lp, *mps, *mathprog; /* export */
	const char *domain, *qr;	 /* labels */
	int wide;			 /* report, compare, runs */
	/* which units: labels, report --format dispatch */
	const char *plant, *resource, *day, *from, *to;
	const char *base, *solver; /* whatif */
	int jobs, cold;
	const char *executor, *job_dir, *partition, *task; /* whatif on Slurm */
	int no_wait;
	const char *log_format;		 /* plan, whatif, actuals, serve */
	const char *listen, *token_file; /* serve */
	const char *access_log;
	int threads, max_connections, max_per_client;
	double request_timeout;
	int orders, seed; /* gen; INT_MIN / NAN: not given */
	const char *shape;
	int plants, lines, families, options, days, due_spread;
	double release_share;
	int reserve, confirm; /* promise */
	double hold;
} mc_args;

/* The most positional arguments a command takes (whatif's scenarios). */
#define MC_MAX_POS 64

/* A command's line, parsed: what its run function gets. */
struct mc_call {
	const mc_command *c;
	double t0;	 /* mc_session_clock() when the command began */
	mc_settings set; /* the plan settings: defaults, those given */
	mc_args o;	 /* its own options */
	const char *pos[MC_MAX_POS]; /* its positional arguments */
	int npos;
};

/* The choices of a --format that is text or json, and the check of one
 * (MC_EUSAGE "CMD --format is text or json, not 'x'"). */
extern const char *const mc_text_json[];
int mc_cmd_text_or_json(const char *cmd, const char *format, mc_diag *d);

/* The day of --today: given (a date YYYY-MM-DD, else MC_EUSAGE), or the
 * local date written into iso; its day number in *day.  Returns the date
 * as text, or NULL with the reason in d. */
const char *mc_cmd_today(const char *given, char iso[16], int *day, mc_diag *d);

/* The first positional argument of x; NULL with the MC_EUSAGE message
 * missing when there is none. */
const char *mc_cmd_arg(const mc_call *x, const char *missing, mc_diag *d);

/* The row of plan setting id, for a command's option list. */
#define MC_SETTING(id) (&mc_setting_rows[id])

/* Options more than one command takes. */
extern const mc_setting mc_opt_out, mc_opt_bom;
/* --wide (text lines of any length) and the units a list keeps (--plant,
 * --resource, --day, --from, --to): cmd_filter.c. */
extern const mc_setting mc_opt_wide, mc_opt_plant, mc_opt_resource, mc_opt_day,
    mc_opt_from, mc_opt_to;

/* The text width x asks for: MC_REPORT_WIDTH, 0 with --wide. */
int mc_cmd_width(const mc_call *x);
/* 1 when x was given any of --plant, --resource, --day, --from, --to. */
int mc_cmd_filtered(const mc_call *x);
/* The filter those options give, checked against run v (dispatch.h): a
 * day is a date or 'today' (the local date); --day goes without --from
 * and --to.  Returns 0, or -1 with MC_EUSAGE in d. */
struct mc_dispatch_filter;
int mc_cmd_filter(const mc_call *x, const mc_run_view *v,
		  struct mc_dispatch_filter *f, mc_diag *d);
/* The positional argument of a command on one run: RUN. */
extern const mc_arg mc_run_arg[];
/* The options of a command that takes --db F only. */
extern const mc_setting *const mc_db_opts[];

/* How a command opens the store (mc_cmd_open_store()'s mode). */
enum {
	MC_CMD_READ = 0,   /* only reads: read-only */
	MC_CMD_CREATE = 1, /* writes runs: created when missing (plan) */
	MC_CMD_WRITE = 2,  /* writes into a database that must exist */
};

/* Opens the store at path as mode says: a command that only reads opens
 * it read-only (so it works on a read-only file system, a full disk or
 * without write permission to the folder), and only plan creates it; a
 * command that reads runs fails on a missing database rather than
 * leaving an empty one behind a mistyped --db.  NULL with MC_ESTORE in d
 * on failure. */
mc_store *mc_cmd_open_store(const char *path, int mode, mc_diag *d);

/* Opens the existing store at db (mode: MC_CMD_READ or _WRITE) and
 * reads the run spec names ("latest", "published" or a number) into *v.
 * Returns the open store, which the caller closes, or NULL with the
 * reason in d. */
mc_store *mc_cmd_open_run(const char *db, int mode, const char *spec,
			  mc_arena *a, mc_run_view *v, mc_diag *d);

/* Refuses an output path that is the database db or one of SQLite's files
 * beside it, under any name (same device and inode): writing a report
 * over the open database replaces it.  Returns 0 or -1 (MC_EINPUT). */
int mc_cmd_not_the_db(const char *out, const char *db, mc_diag *d);

/* --log-format text|json (cmd_log.c), the log of plan, whatif, actuals
 * and serve on stderr. */
extern const mc_setting mc_opt_log_format;
/* 1 when x's log is JSON lines (--log-format json, jsonlog.h). */
int mc_cmd_log_json(const mc_call *x);
/* x's log on stderr, as the engine's progress: JSON lines, else term.h's
 * text (a status line on a terminal when one_process plans, a line per
 * phase when not on a terminal, nothing with --quiet).  Never NULL. */
mc_progress *mc_cmd_log_new(const mc_call *x, int one_process);
void mc_cmd_log_free(const mc_call *x, mc_progress *p);
/* The command ends with rc (what its run function would return): with a
 * JSON log, its errors (d, cleared) and its exit status are logged, and
 * the status is returned as the command's own (> 0, or 0), so main()
 * prints nothing more; with a text log rc is returned as it is. */
int mc_cmd_log_end(const mc_call *x, mc_progress *p, int rc, mc_diag *d);

/* The release ("0.9.0", the VERSION file), its date (YYYY-MM-DD) and
 * the build: the release and, when built from a clone, its git commit
 * ("0.9.0 (git 1fadfb9)"); cmd_version.c. */
const char *mc_cmd_release(void);
const char *mc_cmd_release_date(void);
const char *mc_cmd_build(void);

/* The commands (cmd_*.c). */
extern const mc_command mc_cmd_plan, mc_cmd_check, mc_cmd_export;
extern const mc_command mc_cmd_runs, mc_cmd_report, mc_cmd_compare,
    mc_cmd_status, mc_cmd_publish;
extern const mc_command mc_cmd_resolve, mc_cmd_track, mc_cmd_actuals,
    mc_cmd_labels;
extern const mc_command mc_cmd_whatif, mc_cmd_serve, mc_cmd_gen, mc_cmd_version;
extern const mc_command mc_cmd_promise, mc_cmd_promises, mc_cmd_store;

#endif
