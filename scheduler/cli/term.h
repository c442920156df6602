/*
 * term.h - progress on stderr, the command line's implementation of the
 * engine's progress seam (progress.h).
 *
 * On a terminal: one status line, redrawn at most once a second (phase,
 * LP iteration, objective, infeasibility, columns in the working set,
 * elapsed seconds) and cleared when the run ends.  Not on a terminal (a
 * cron job's log): one timestamped line per phase.  Quiet: nothing.
 */
#ifndef MC_TERM_H
#define MC_TERM_H

#include "progress.h"

#include <stdio.h>

enum mc_term_mode {
	MC_TERM_QUIET,
	MC_TERM_LOG, /* a line per phase */
	MC_TERM_TTY, /* one status line */
};

/* A reporter writing to f in the given mode.  Never NULL. */
mc_progress *mc_term_new(FILE *f, int mode);
/* The mode for stderr: quiet, else a status line on a terminal (when
 * one_process: a single process plans), else a log. */
int mc_term_mode(int quiet, int one_process);
/* Clears the status line and frees; accepts NULL. */
void mc_term_free(mc_progress *p);

#endif
