/*
 * backend.h - the LP solver behind a planning session.
 *
 * Two back-ends implement it, chosen by name when a problem is made:
 * "clp" (COIN-OR CLP, backend_clp.c, the only file that includes CLP's
 * header) and "glpk" (GLPK, backend_glpk.c, the only file that includes
 * <glpk.h>).  backend.c dispatches to them.  A back-end loads
 * an mc_lpm (lpm.h), appends columns to it, takes and gives a basis,
 * solves warm from whatever basis it holds (dual or primal simplex,
 * presolve off), reads values and duals, prices a row at the optimum and
 * writes the LP to a file.  Indexes are 0-based, as in mc_lpm.
 *
 * GLPK's own messages never reach the user: its terminal output is taken
 * over (progress lines become mc_be_opts.progress calls) and an internal
 * error in GLPK, which would abort the process, becomes -1 with the
 * solver's words in the mc_diag; the handle is then dead and every later
 * call on it fails.
 */
#ifndef MC_BACKEND_H
#define MC_BACKEND_H

#include "diag.h"
#include "lpm.h"

typedef struct mc_be mc_be;

/* Basis status of a row (its auxiliary variable) or column. */
enum mc_be_stat {
	MC_BE_BS = 1, /* basic */
	MC_BE_NL,     /* nonbasic at its lower bound */
	MC_BE_NU,     /* nonbasic at its upper bound */
	MC_BE_NF,     /* nonbasic free */
	MC_BE_NS,     /* nonbasic fixed */
	MC_BE_SB,     /* superbasic: nonbasic between its bounds, at the
		       * value it has (a back-end without them puts it at
		       * its lower bound) */
};

enum mc_be_method { MC_BE_DUAL, MC_BE_PRIMAL };

/* How a solve ended. */
enum mc_be_status {
	MC_BE_OPTIMAL,
	MC_BE_INFEASIBLE, /* no primal feasible point */
	MC_BE_UNBOUNDED,
	MC_BE_TIME_LIMIT,
	MC_BE_ITER_LIMIT,
	MC_BE_UNDEFINED,
};

/* Called about once a second while the simplex runs: iterations of this
 * solve so far, objective, sum of primal infeasibilities. */
typedef void (*mc_be_progress_fn)(void *ctx, long iter, double obj,
				  double infeas);

typedef struct mc_be_opts {
	int method;	   /* enum mc_be_method */
	double time_limit; /* seconds; <= 0 none */
	int it_lim;	   /* simplex iterations; 0 none */
	mc_be_progress_fn progress;
	void *ctx;
} mc_be_opts;

typedef struct mc_be_result {
	int status;	     /* enum mc_be_status */
	int primal_feasible; /* the basic solution is primal feasible */
	int dual_feasible;   /* ... dual feasible: obj bounds the optimum */
	double obj;	     /* objective of the basic solution */
	long iters;	     /* iterations of this solve */
} mc_be_result;

/* The back-end used when none is named. */
#define MC_BE_DEFAULT "clp"

/* A new, empty problem of the named back-end ("clp", "glpk"; NULL for
 * the default), or NULL when there is no back-end of that name. */
mc_be *mc_be_new(const char *solver);
/* Frees the problem; accepts NULL. */
void mc_be_free(mc_be *be);
/* The back-end's name ("clp"). */
const char *mc_be_name(const mc_be *be);
/* What a back-end can do beyond the rest of this interface: read the
 * simplex tableau (mc_be_basis_price() can answer), and take a singular
 * basis, repairing it, rather than fail. */
int mc_be_reads_tableau(const mc_be *be);
int mc_be_repairs_basis(const mc_be *be);

/* Loads l as the whole problem (replacing any other), every row basic and
 * every column nonbasic at a bound.  Returns 0 or -1 with a message. */
int mc_be_load(mc_be *be, const mc_lpm *l, mc_diag *d);
/* Appends columns col0 .. l->ncols-1 of l, whose nonzeros are triplets
 * nz0 .. l->nnz-1, nonbasic at their lower bounds; the basis stays as it
 * was and values and duals are brought up to date.  Returns 0 or -1. */
int mc_be_append_cols(mc_be *be, const mc_lpm *l, int col0, int nz0,
		      mc_diag *d);
/* Scales rows and columns (geometric mean, equilibration) for the solver;
 * values, duals and statuses read back are always unscaled. */
int mc_be_scale(mc_be *be, mc_diag *d);

void mc_be_set_row_stat(mc_be *be, int i, int stat);
void mc_be_set_col_stat(mc_be *be, int j, int stat);
int mc_be_row_stat(mc_be *be, int i);
int mc_be_col_stat(mc_be *be, int j);
void mc_be_set_row_bnds(mc_be *be, int i, int type, double lo, double hi);
void mc_be_set_col_bnds(mc_be *be, int j, int type, double lo, double hi);
void mc_be_set_cost(mc_be *be, int j, double cost);

/* Simplex from the basis held.  Returns 0 when the solver ended normally,
 * whatever *res says (also infeasible or a limit), -1 with a message when
 * it failed. */
int mc_be_solve(mc_be *be, const mc_be_opts *o, mc_be_result *res, mc_diag *d);

/* Values of the basic solution into caller arrays (each may be NULL):
 * column values and reduced costs, row activities and duals. */
void mc_be_get(mc_be *be, double *col_prim, double *col_dual, double *row_prim,
	       double *row_dual);

/*
 * LP sensitivity at the optimum the back-end holds, for a row
 * r = sum coef[k] x[cols[k]] (k < len) not in the problem: the rate at which
 * the optimum rises per unit of r pushed above its value.
 *
 * mc_be_basis_price() reads it from the optimal basis alone (r written in
 * the nonbasic variables, the dual ratio test picks the cheapest move) and
 * returns 1 with *price set when that move goes at least `step` before the
 * basis changes, 0 when the basis cannot tell (a degenerate optimum).
 *
 * mc_be_row_price() adds r >= rhs, re-solves from the optimal basis with the
 * dual simplex within it_lim iterations and time_limit seconds, reads the
 * row's dual, removes the row and restores the optimal basis.  Returns 0
 * with *price set, 1 when no point has r >= rhs, 2 when it could not tell
 * (a limit, or a solver failure).
 */
int mc_be_basis_price(mc_be *be, int len, const int *cols, const double *coef,
		      double step, double *price);
int mc_be_row_price(mc_be *be, int len, const int *cols, const double *coef,
		    double rhs, int it_lim, double time_limit, double *price);

/*
 * Branch and bound on the problem held, for the neighbourhood MIPs of the
 * rounding (lns.h; GLPK's back-end, the others fail with a message): the
 * columns marked integer with mc_be_set_int() must take whole values.  It
 * starts from the optimal basis of the LP relaxation held (solve it first) and
 * from o->start, a whole feasible point (every column's value, NULL none), as
 * its incumbent; it stops at o->mip_gap, after o->node_limit nodes or
 * o->time_limit seconds.  Returns 0 when it ended normally: res->status
 * MC_BE_OPTIMAL (within the gap), MC_BE_ITER_LIMIT (nodes),
 * MC_BE_TIME_LIMIT or MC_BE_INFEASIBLE; res->primal_feasible says whether
 * it holds a whole point (then its objective is res->obj and its column
 * values go to col_val, which may be the start itself).  -1 with a message
 * when the solver failed.
 */
typedef struct mc_be_mip_opts {
	double time_limit;   /* seconds; <= 0 none */
	long node_limit;     /* branch-and-bound nodes; <= 0 none */
	double mip_gap;	     /* relative gap to stop at; <= 0 the solver's */
	const double *start; /* [ncols] incumbent to start from, or NULL */
	int cuts;	     /* 1: Gomory mixed-integer cuts (on the
			      * samples they cut the nodes of the
			      * neighbourhood MIPs 20-fold) */
} mc_be_mip_opts;

void mc_be_set_int(mc_be *be, int j, int is_int);
int mc_be_mip(mc_be *be, const mc_be_mip_opts *o, double *col_val,
	      mc_be_result *res, mc_diag *d);

/* Writes the problem with l's names in CPLEX LP ("lp") or free MPS ("mps")
 * format.  Returns 0, or -1 with a message. */
int mc_be_write(mc_be *be, const mc_lpm *l, const char *path,
		const char *format, mc_diag *d);

/* Releases every solver's global state (call once at exit). */
void mc_be_shutdown(void);

/* The i-th back-end's solver library ("CLP", "GLPK"), with its version
 * as the library says at run time in *version; NULL past the last. */
const char *mc_be_library(int i, const char **version);

/* ---- for back-end implementations: the operations one provides, each
 * as its mc_be_* namesake above, on its own handle ---- */
typedef struct mc_be_ops {
	const char *name;
	const char *library;	      /* the solver library: "CLP" */
	const char *(*version)(void); /* its version, from the library */
	int reads_tableau, repairs_basis;
	int thread_safe; /* a problem may be solved on another thread than
			  * the one that made it (split.h) */
	void *(*create)(void);
	void (*destroy)(void *h);
	int (*load)(void *h, const mc_lpm *l, mc_diag *d);
	int (*append_cols)(void *h, const mc_lpm *l, int col0, int nz0,
			   mc_diag *d);
	int (*scale)(void *h, mc_diag *d);
	void (*set_row_stat)(void *h, int i, int stat);
	void (*set_col_stat)(void *h, int j, int stat);
	int (*row_stat)(void *h, int i);
	int (*col_stat)(void *h, int j);
	void (*set_row_bnds)(void *h, int i, int type, double lo, double hi);
	void (*set_col_bnds)(void *h, int j, int type, double lo, double hi);
	void (*set_cost)(void *h, int j, double cost);
	int (*solve)(void *h, const mc_be_opts *o, mc_be_result *res,
		     mc_diag *d);
	void (*get)(void *h, double *col_prim, double *col_dual,
		    double *row_prim, double *row_dual);
	int (*basis_price)(void *h, int len, const int *cols,
			   const double *coef, double step, double *price);
	int (*row_price)(void *h, int len, const int *cols, const double *coef,
			 double rhs, int it_lim, double time_limit,
			 double *price);
	int (*write)(void *h, const mc_lpm *l, const char *path,
		     const char *format, mc_diag *d);
	/* NULL in a back-end without branch and bound */
	void (*set_int)(void *h, int j, int is_int);
	int (*mip)(void *h, const mc_be_mip_opts *o, double *col_val,
		   mc_be_result *res, mc_diag *d);
	void (*shutdown)(void);
} mc_be_ops;

extern const mc_be_ops mc_be_glpk_ops, mc_be_clp_ops;

/* A problem whose handle h a back-end made itself, answering to ops (both
 * must live until mc_be_free(), which calls ops->destroy(h)): a split
 * problem (split.h) is one. */
mc_be *mc_be_wrap(const mc_be_ops *ops, void *h);
/* The operations behind a problem. */
const mc_be_ops *mc_be_ops_of(const mc_be *be);

/* Our status (enum mc_be_stat) of a solver's status code, given the
 * solver's code for each of ours (native[MC_BE_BS .. MC_BE_SB]); a code
 * with no match is MC_BE_NL. */
int mc_be_stat_of(const int *native, int code);

#endif
