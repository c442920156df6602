/*
 * progress.h - what a long run tells the person waiting for it, on stderr.
 *
 * On a terminal: one status line, redrawn at most once a second (phase,
 * LP iteration, objective, infeasibility, columns in the working set,
 * elapsed seconds) and cleared when the run ends.  Not on a terminal (a
 * cron job's log): one timestamped line per phase.  Quiet: nothing.
 *
 * A NULL mc_progress is quiet, so callers never test for it.
 */
#ifndef MC_PROGRESS_H
#define MC_PROGRESS_H

#include <stdio.h>

typedef struct mc_progress mc_progress;

enum mc_progress_mode {
	MC_PROGRESS_QUIET,
	MC_PROGRESS_LOG, /* a line per phase */
	MC_PROGRESS_TTY, /* one status line */
};

/* A reporter writing to f in the given mode.  Never NULL. */
mc_progress *mc_progress_new(FILE *f, int mode);
/* Clears the status line and frees; accepts NULL. */
void mc_progress_free(mc_progress *p);

/* A new phase begins ("load", "solve", "price 2", ...); printf style. */
void mc_progress_phase(mc_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The LP solver's state: iteration, objective, sum of infeasibilities,
 * columns held.  Redraws the terminal line at most once a second. */
void mc_progress_lp(mc_progress *p, long iter, double obj, double infeas,
		    int cols);
/* 1 when LP progress is shown (a terminal): worth asking a solver for. */
int mc_progress_wants_lp(const mc_progress *p);
/* Seconds on the monotonic clock that progress (and every deadline of a
 * run) is measured on. */
double mc_progress_clock(void);
/* Unix time in seconds (the timestamps runs are stored with). */
double mc_progress_wall(void);

#endif
