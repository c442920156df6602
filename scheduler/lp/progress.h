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

#include <stdint.h>

typedef struct mc_progress mc_progress;

/* What a run is, as far as it is known: told when it starts and again
 * once it is stored, with the figures an operator's log keeps.  Unknown
 * numbers are 0 (NaN for the cost, bound and gap), unknown texts NULL. */
typedef struct mc_progress_run {
	const char *kind;     /* "plan" or "whatif" */
	int64_t id;	      /* the run's id: known once it is stored */
	int64_t base;	      /* the run it is held to (a plan: the published
			       * one) or planned on (a what-if) */
	const char *scenario; /* a what-if's scenario */
	/* once stored */
	int stored;	    /* 1: the run is in the store */
	const char *state;  /* "published", "kept back" or "what-if" */
	const char *reason; /* why it was kept back */
	const char *lp_status;
	double cost, lp_bound, gap; /* gap: a fraction */
	int orders, units_planned, units_late, units_unmet;
	double seconds; /* from the run's start to stored */
} mc_progress_run;

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
	/* what the run is (a log's lines carry its id once it is known) */
	void (*run)(mc_progress *p, const mc_progress_run *r);
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
/* What the run is: before it plans (its kind, base, scenario), and once
 * it is stored (r->stored, its id and figures). */
void mc_progress_run_is(mc_progress *p, const mc_progress_run *r);

/* Seconds on the monotonic clock that progress (and every deadline of a
 * run) is measured on. */
double mc_progress_clock(void);
/* Unix time in seconds (the timestamps runs are stored with). */
double mc_progress_wall(void);

#endif
