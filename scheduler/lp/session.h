/*
 * session.h - a planning session: the class LP of one model, held across
 * solves.
 *
 * A session owns the formulation (lp.h) and a solver back-end (backend.h)
 * and keeps the solved LP between calls: solve, change a bound (hours of a
 * resource on a day, the quantity of a class), re-solve warm from the last
 * basis, read the solution for rounding, price on-time units.  What-if and
 * the frozen window change the LP here and re-solve warm.
 *
 * The LP it holds is the class LP restricted to a working set of slots
 * (sifting): every row, every non-slot column, and for each class its
 * cheapest slots.  Solving starts from the slack basis, dual feasible
 * since every cost is >= 0, with the dual simplex; then every slot outside the
 * working set is priced with the duals in one pass, those with a negative
 * reduced cost join (a few per class, most negative first) at the upper
 * bound their demand row implies, and the LP is re-solved warm with the
 * dual simplex (see bound_slots() in session.c).  When no slot prices out the
 * restricted optimum is the optimum of the full class LP, which the session can
 * also solve directly (mc_session_opts.full) as the reference.
 *
 * At any point the session can state a valid lower bound on the full LP's
 * optimum from a dual feasible basis: the restricted LP's dual objective
 * plus, for each class, its quantity times its most negative slot reduced
 * cost (a Lagrangian bound; equal to the optimum at the end).
 */
#ifndef MC_SESSION_H
#define MC_SESSION_H

#include "diag.h"
#include "lp.h"
#include "progress.h"
#include "warm.h"

typedef struct mc_session mc_session;

typedef struct mc_session_opts {
	double deadline;       /* monotonic seconds (mc_session_clock());
				* <= 0 none */
	int full;	       /* 1: hold every slot (the reference LP) */
	const char *solver;    /* back-end name (backend.h); NULL default */
	mc_progress *progress; /* may be NULL */
	int threads;	       /* an LP of independent blocks solves them on
				* up to this many threads at once (<= 0:
				* one per processor); the result is the
				* same whatever the number */
	int split_rows;	       /* an LP of at least this many rows is
				* solved in blocks (0: the default, 5000;
				* < 0 never) */
} mc_session_opts;

/* Seconds on the monotonic clock that deadlines are measured on. */
double mc_session_clock(void);

/* A session for model m over classes c (both must outlive it); result
 * arrays come from a.  Nothing is solved yet.  NULL with a message when
 * o names no back-end. */
mc_session *mc_session_new(const mc_model *m, const mc_classes *c, mc_arena *a,
			   const mc_session_opts *o, mc_diag *d);
/* Frees it; accepts NULL. */
void mc_session_free(mc_session *s);

/* The warm start solved session base gives a related model's session
 * (warm.h; the caller frees it with mc_warm_free()): its back-end, its
 * model's dimensions, its orders' classes and the basis status of each of
 * its rows and columns.  NULL when base holds no solved LP. */
mc_warm *mc_session_warm(const mc_session *base);

/*
 * A session like mc_session_new() that starts warm from w
 * (mc_session_warm() of a solved session of a related model: a what-if's
 * base, with the same resources, plants, families, materials and horizon,
 * in this process or read from a file): base's working set of slots joins
 * where those slots still exist, and base's basis is carried over, each
 * row and column matched by what it stands for (classes through their
 * orders' ids); rows and columns base lacks start as a cold start would.
 * The next mc_session_solve() is a dual simplex from that basis, exact
 * whatever changed.  *warm is 1 when the basis was carried over, 0 when
 * the session starts cold (no w, different dimensions, or a back-end that
 * cannot take an inexact basis: GLPK).
 */
mc_session *mc_session_new_warm(const mc_model *m, const mc_classes *c,
				mc_arena *a, const mc_session_opts *o,
				const mc_warm *w, int *warm, mc_diag *d);

/*
 * Solves to the optimum of the full class LP, or to the deadline, warm
 * from the basis held (cold the first time), and fills *res (its slots,
 * res->x, are the session's: valid until its next solve or its free).  Returns 0
 * when the solver ended normally (res->optimal or a limit: then
 * res->primal says whether the values form a feasible plan, the best
 * point the session reached, and res->has_bound whether res->bound is a
 * valid bound), -1 with a message when the solver failed.
 */
int mc_session_solve(mc_session *s, mc_lp_result *res, mc_diag *d);

/* Sets the deadline (mc_session_clock() seconds, <= 0 none) for what the
 * session does next, e.g. a budget for on-time pricing; returns the
 * deadline it replaces. */
double mc_session_set_deadline(mc_session *s, double deadline);

/* Changes to the LP held, for warm re-solves (the next mc_session_solve()
 * starts from the last basis): regular and overtime hours of resource r on
 * day t (a day that had no hours for some slot's kinds stays without that
 * slot), the quantity of class c.  Return 0 or -1 with a message. */
int mc_session_set_hours(mc_session *s, int r, int t, double hours,
			 double ot_hours, mc_diag *d);
int mc_session_set_quantity(mc_session *s, int c, int quantity, mc_diag *d);

/*
 * LP sensitivity at the optimum of the last mc_session_solve(): the rate at
 * which the optimum rises per extra unit of class cls arriving by its due
 * date (fewer of its units late or unmet, other classes' units pushed back
 * as cheaply as possible).  First from the optimal basis (exact when the
 * cheapest move can go some way before the basis changes); under a
 * degenerate optimum a row "on-time total >= LP value + 1e-3" is added,
 * re-solved warm (at most 5000 dual simplex pivots and within the
 * deadline, else MC_ONTIME_UNKNOWN), its dual read and the row removed.
 * The class's on-time slots join the working set first, which leaves the
 * optimum as it is.  Returns enum mc_ontime; *price (>= 0) is set only for
 * MC_ONTIME_PRICED.
 */
int mc_session_ontime(mc_session *s, const mc_lp_result *res, int cls,
		      double *price);

/* 1 when mc_session_ontime() may run on another thread than the one
 * that solves (while nothing else uses the session): it prices on a GLPK
 * copy of the LP made on the thread that prices, which must then call
 * mc_session_ontime_end() before it ends.  0 when the back-end prices
 * itself (GLPK, whose problems belong to the thread that made them). */
int mc_session_ontime_apart(const mc_session *s);
/* Lets go of what on-time pricing held on this thread (the GLPK copy of
 * the LP, GLPK's state of this thread); the next pricing makes them
 * again. */
void mc_session_ontime_end(mc_session *s);

/* Writes the full class LP (every slot) in CPLEX LP ("lp") or free MPS
 * ("mps") format with readable names.  Returns 0, or -1 with a message. */
int mc_session_write(mc_session *s, const char *path, const char *format,
		     mc_diag *d);

/* Releases the solver's global state (call once at exit). */
void mc_session_shutdown(void);

#endif
