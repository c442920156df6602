/*
 * lp.h - the class LP of DESIGN.md section 3, built and solved with GLPK.
 * This module is the only one that includes <glpk.h>.
 *
 * Columns: x[c,p,t] units of class c made at plant p on day t (only where
 * p can serve c, t is inside c's window and every resource kind c needs has
 * hours at p that day); u[c] unmet units; v[r,t] overtime hours; w[f,p,t,r]
 * minutes of family f on resource r where several resources of one kind
 * admit f at p; I[p,m,t] stock of a listed material at the end of day t.
 * Rows: demand per class (= quantity), capacity per resource-day
 * (minutes <= 60 (hours + v)), a split row per (f,p,t,kind) with several
 * resources, a stock balance per listed (plant, material, day).
 *
 * Solved from the standard basis with the dual simplex, presolve off (every
 * cost is >= 0, so the all-slack basis is dual feasible), after automatic
 * scaling.  The problem is kept by the handle for export and re-solves.
 */
#ifndef MC_LP_H
#define MC_LP_H

#include "classes.h"
#include "diag.h"

typedef struct mc_lp mc_lp;

/* A production column. */
typedef struct mc_lp_x {
	int cls, plant, day, transit;
	double cost;  /* objective coefficient per unit */
	double value; /* LP solution */
	double dj;    /* reduced cost at the final basis (>= 0 at an optimum
		       * for a column at 0): what forcing units into this slot
		       * adds per unit to the LP optimum, for small changes
		       * and a non-degenerate optimum */
} mc_lp_x;

/* Minutes of a family on one of several same-kind resources. */
typedef struct mc_lp_flow {
	int family, plant, day, kind, resource;
	double minutes; /* LP solution */
} mc_lp_flow;

typedef struct mc_lp_opts {
	double time_limit; /* seconds; <= 0 means none */
	int progress;	   /* 1: GLPK progress lines on stderr */
} mc_lp_opts;

typedef struct mc_lp_result {
	mc_lp_x *x; /* all production columns, in build order */
	int nx;
	mc_lp_flow *flow;
	int nflow;
	double *unmet;	    /* [nclasses] */
	double *ot;	    /* [nresources * horizon_days] hours */
	double *shadow;	    /* [nresources * horizon_days] per hour, >= 0 */
	double *mat_shadow; /* [nplants * nmaterials * horizon_days] */
	double obj;	    /* objective of the final basis */
	double bound;	    /* a valid lower bound (obj when optimal) */
	int optimal;	    /* 1 when the LP optimum was reached */
	int primal;	    /* 1 when the x/u/v values form a feasible plan */
	int has_bound;	    /* 1 when bound is valid */
	const char *status; /* "optimal", "time limit", ... */
	int iters, rows, cols;
	double t_build, t_solve; /* seconds */
} mc_lp_result;

/* Builds the LP of model m over classes c.  Arrays of results are
 * allocated from a. Never NULL. */
mc_lp *mc_lp_new(const mc_model *m, const mc_classes *c, mc_arena *a);

/* Solves and fills *res.  Returns 0 when the solver ended normally (also
 * with status "infeasible" or a limit; see res->optimal/primal), -1 with a
 * message in d when GLPK failed. */
int mc_lp_solve(mc_lp *lp, const mc_lp_opts *o, mc_lp_result *res, mc_diag *d);

/* What one more on-time unit of a class costs, by mc_lp_ontime(). */
enum mc_ontime {
	MC_ONTIME_PRICED,  /* *price set: marginal cost per extra unit */
	MC_ONTIME_NO_SLOT, /* the class has no production slot arriving by
			    * its due date (window, horizon, transit) */
	MC_ONTIME_FULL,	   /* slots exist, but no capacity or material in
			    * time can be freed for it, even by delaying or
			    * dropping other orders */
	MC_ONTIME_ROUNDED, /* the LP has every unit of the class on time:
			    * late units come from rounding to whole units */
	MC_ONTIME_UNKNOWN, /* the LP did not reach its optimum */
};

/* Production columns are built class by class: those of class cls are
 * x[return value] .. x[*end - 1] (an empty range when it has none). */
int mc_lp_class_cols(const mc_lp_x *x, int nx, int cls, int *end);

/*
 * LP sensitivity at the optimum of the last mc_lp_solve(): the rate at
 * which the optimum rises per extra unit of class cls arriving by its due
 * date (fewer of its units late or unmet, other classes' units pushed back
 * as cheaply as possible).  First from the optimal basis: the on-time
 * total is written in the nonbasic variables and the dual ratio test picks
 * the cheapest move (when no on-time column is basic, simply the least
 * reduced cost among them, as mc_lp_x.dj shows).  That rate holds only if the
 * move can go some way before the basis changes; under a degenerate optimum it
 * cannot and reduced costs understate the rate (on the shipped sample up
 * to 8x), so then a row "on-time total >= LP value + 1e-3" is added,
 * re-solved from the optimal basis (a few dual simplex pivots, at most
 * 5000 and within the solve's time limit, else MC_ONTIME_UNKNOWN), its
 * dual read and the row removed.  A marginal estimate, valid until the next
 * change of basis.  Returns enum mc_ontime; *price (>= 0) is set only for
 * MC_ONTIME_PRICED.  res must be the result of that solve; the problem
 * and its optimal basis are left as they were.
 */
int mc_lp_ontime(mc_lp *lp, const mc_lp_result *res, int cls, double *price);

/* Writes the LP in CPLEX LP ("lp") or free MPS ("mps") format with
 * readable row and column names.  Returns 0, or -1 with a message. */
int mc_lp_write(mc_lp *lp, const char *path, const char *format, mc_diag *d);

/* Frees the problem; accepts NULL. */
void mc_lp_free(mc_lp *lp);

/* Releases GLPK's global environment (call once at exit). */
void mc_lp_shutdown(void);

#endif
