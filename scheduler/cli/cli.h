/*
 * cli.h - a small command-line option parser shared by every mcsched
 * command: long options (--db F, --db=F), short aliases (-c F), flags, and
 * positional arguments, with usage errors reported through mc_diag.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include "diag.h"

/* What an option's value may be, checked by the parser as job.yaml checks
 * the same settings: STR a non-empty string, INT a whole number 0 ..
 * INT_MAX, NUM a positive finite number, NUM0 a finite number from 0.  A
 * command checks its own upper bounds. */
enum mc_opt_type {
	MC_OPT_FLAG,
	MC_OPT_STR,
	MC_OPT_INT,
	MC_OPT_NUM,
	MC_OPT_NUM0,
	MC_OPT_LIST /* repeatable: each value (a non-empty string) appended
		     * to an mc_opt_list */
};

/* The values of a repeatable option, in the order given (at most max). */
typedef struct mc_opt_list {
	const char **v;
	int n, max;
} mc_opt_list;

typedef struct mc_opt {
	const char *name; /* long name without dashes: "db" */
	char alias;	  /* short letter or 0 */
	int type;	  /* enum mc_opt_type */
	void *dest;	  /* int* for FLAG/INT, const char** for STR,
			   * double* for NUM and NUM0, mc_opt_list* for
			   * LIST */
} mc_opt;

/*
 * Parses argv[0..argc) against opts (terminated by a zero entry).  Options
 * may appear anywhere; "--" ends them.  Positional arguments are collected
 * in pos (at most maxpos, the count in *npos).  "--help"/"-h" sets *help.
 * Returns 0, or -1 with an MC_EUSAGE message in d.
 */
int mc_cli_parse(int argc, char **argv, const mc_opt *opts, const char **pos,
		 int maxpos, int *npos, int *help, mc_diag *d);

#endif
