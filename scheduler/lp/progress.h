/*
 * progress.h - what a long run tells the person waiting for it, as a seam:
 * the engine says when a run begins and ends, which phase it is in and
 * how the LP goes; what is shown, and where, is the command line's (its
 * implementation: scheduler/cli/term.h).  Also the clocks every run and
 * deadline is measured on.
 *
 * A NULL mc_progress is quiet, so callers never test for it.
 */
#ifndef MC_PROGRESS_H
#define MC_PROGRESS_H

typedef struct mc_progress mc_progress;

/* What an implementation does; each may be NULL (nothing to do). */
typedef struct mc_progress_ops {
	/* a run begins: its elapsed time counts from now */
	void (*begin)(mc_progress *p);
	/* a new phase begins: its name ("load", "solve", "price 2") */
	void (*phase)(mc_progress *p, const char *name);
	/* the LP solver's state (only asked for when wants_lp says 1) */
	void (*lp)(mc_progress *p, long iter, double obj, double infeas,
		   int cols);
	/* 1 when the LP's state is shown: worth asking a solver for */
	int (*wants_lp)(const mc_progress *p);
	/* the run is over: what it showed goes (a status line is cleared) */
	void (*end)(mc_progress *p);
} mc_progress_ops;

/* An implementation's struct starts with this. */
struct mc_progress {
	const mc_progress_ops *ops;
};

void mc_progress_begin(mc_progress *p);
/* A new phase begins; printf style (the name is cut at 63 bytes). */
void mc_progress_phase(mc_progress *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The LP solver's state: iteration, objective, sum of infeasibilities,
 * columns held. */
void mc_progress_lp(mc_progress *p, long iter, double obj, double infeas,
		    int cols);
/* 1 when LP progress is shown: worth asking a solver for. */
int mc_progress_wants_lp(const mc_progress *p);
void mc_progress_end(mc_progress *p);

/* Seconds on the monotonic clock that progress (and every deadline of a
 * run) is measured on. */
double mc_progress_clock(void);
/* Unix time in seconds (the timestamps runs are stored with). */
double mc_progress_wall(void);

#endif
