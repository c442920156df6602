/*
 * settings.h - the settings of a plan run, one row each: its command-line
 * option, its job.yaml key, the type and bounds of its value, its default
 * and its help text.  From these rows come the options of `mcsched plan`
 * (and of whatif and serve where they share a setting), job.yaml's keys
 * and their checks (load_job.c), the order a run's settings are taken in
 * (the option, else job.yaml's key, else the default: mc_settings_resolve)
 * and the defaults and bounds that --help and docs/reference.md show.  No
 * other file states them (STYLE rule 20).
 *
 * The row type (mc_setting) also describes the command line's other
 * options, so every option of every command is data: its name, type,
 * values and bounds (for help, the reference, man pages and completion).
 *
 * Rows and their texts are static; an mc_settings borrows its strings
 * (from argv or the job's arena).
 */
#ifndef MC_SETTINGS_H
#define MC_SETTINGS_H

#include "model.h"

#include <stddef.h>

/* What an option's value may be.  The command line checks each as the
 * row says; job.yaml checks the same bounds at the key's position. */
enum mc_opt_type {
	MC_OPT_FLAG, /* given or not (int 1 / 0); takes no value */
	MC_OPT_STR,  /* a non-empty string (const char *), one of choices
		      * when the row has them */
	MC_OPT_PATH, /* a file or folder (const char *); job.yaml's are
		      * relative to the job file's folder */
	MC_OPT_INT,  /* a whole number min..max (int) */
	MC_OPT_NUM,  /* a finite number min..max (double), above min when
		      * open_min */
	MC_OPT_DAY,  /* 'today' or a date YYYY-MM-DD within MC_DATE_MIN ..
		      * MC_DATE_MAX (const char *) */
	MC_OPT_LIST, /* repeatable PATH, kept in order, at most max
		      * (mc_setting_list) */
};

/* One option (and, for a plan setting, one job.yaml key). */
typedef struct mc_setting {
	const char *name; /* the long option without dashes: "frozen-days" */
	char alias;	  /* its one-letter form (-q), or 0 */
	const char *key;  /* the job.yaml key, or NULL: command line only */
	int type;	  /* enum mc_opt_type */
	const char *arg;  /* what the value is called in usage: "N", "F" */
	double min, max;  /* INT and NUM; LIST: max values */
	int open_min;	  /* NUM: the value is above min, not at it */
	int lax;	  /* the bounds or choices are shown here but checked
			   * by the command itself (it says more) */
	int required;	  /* job.yaml: the key must be there */
	const char *const *choices; /* STR: the values, NULL-terminated */
	const char *def;  /* the default as text (shown by --help, parsed
			   * for the value); NULL: none */
	const char *env;  /* STR, PATH and NUM: an environment variable that,
			   * set and not empty, is the default instead */
	double none;	  /* INT and NUM without a default: the value that
			   * stands for "not set" (out of bounds) */
	const char *help; /* one paragraph, no newlines; --help wraps it */
	int id;		  /* a plan setting's MC_SET_*, 0 for the others */
	size_t at;	  /* where the value is kept: its offset in mc_settings
			   * for a plan setting, else in the command's own struct */
} mc_setting;

/* The plan settings (ids of mc_setting rows; bit 1 << id in given). */
enum mc_setting_id {
	MC_SET_NONE, /* not a plan setting */
	MC_SET_CATALOG,
	MC_SET_PLANTS,
	MC_SET_ORDERS,
	MC_SET_DB,
	MC_SET_SCENARIOS,
	MC_SET_FROZEN_DAYS,
	MC_SET_TIME_LIMIT,
	MC_SET_PUBLISH,
	MC_SET_MIN_ORDERS,
	MC_SET_START,
	MC_SET_MAX_GAP,
	MC_SET_ROUND_TIME,
	MC_SET_ROUND_WORK,
	MC_SET_STABILITY_COST,
	MC_SET_WAIT,
	MC_SET_SOLVER,
	MC_SET_THREADS,
	MC_SET_FULL_LP,
	MC_SET_ALLOW_OUTSIDE,
	MC_SET_QUIET,
	MC_SET_COUNT
};

/* The values of a LIST setting, in the order given. */
typedef struct mc_setting_list {
	const char *v[MC_MAX_SCENARIOS];
	int n;
} mc_setting_list;

/* The values of the plan settings, one field per row (its at). */
typedef struct mc_settings {
	const char *catalog, *plants, *orders; /* input files */
	const char *db;			       /* the store */
	mc_setting_list scenarios;	       /* overlays accepted tonight */
	int frozen_days;
	double time_limit;   /* seconds; 0: none */
	const char *publish; /* auto, always or never */
	int min_orders;
	const char *start; /* "today", YYYY-MM-DD or NULL (plants.yaml's) */
	double max_gap;	   /* percent */
	double round_time; /* seconds; -1: a budget of LP iterations */
	double round_work; /* that budget's multiple (round_time -1) */
	double stability_cost;
	double wait;	    /* seconds to wait for another plan */
	const char *solver; /* the LP back-end */
	int threads;	    /* for the LP's independent blocks; 0: one
			     * per processor */
	int full_lp, allow_outside, quiet;
	unsigned given; /* bit 1u << id of each setting given */
} mc_settings;

/* The rows of the plan settings, in job.yaml's order, indexed by id
 * (row 0 is MC_SET_NONE's, empty). */
extern const mc_setting mc_setting_rows[MC_SET_COUNT];

/* The LP back-ends --solver names (NULL-terminated). */
extern const char *const mc_setting_solvers[];

/* The row of setting id (an enum mc_setting_id other than NONE). */
const mc_setting *mc_setting_of(int id);

/* 1 when setting id was given in s. */
int mc_settings_given(const mc_settings *s, int id);

/* Sets the value row r describes in base (an mc_settings for a plan
 * setting, else the command's own struct) to r's default, or to "none"
 * (NULL, 0 or r->none) when it has none. */
void mc_setting_default(const mc_setting *r, void *base);

/* Every setting of s to its default (or none), none given. */
void mc_settings_init(mc_settings *s);

/* A run's settings: each one given on the command line (flags), else
 * given in the job file (job), else flags' (the default, or the one its
 * environment variable gives: mc_cli_parse()).  out may be either. */
void mc_settings_resolve(mc_settings *out, const mc_settings *flags,
			 const mc_settings *job);

#endif
