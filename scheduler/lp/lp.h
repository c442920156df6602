/*
 * lp.h - the class LP of the planning model: its rows, its columns and
 * what their values mean, with no solver in sight.
 *
 * Columns: x[c,p,t] units of class c made at plant p on day t (a "slot":
 * only where p can serve c, t is inside c's window and every resource kind
 * c needs has hours at p that day); u[c] unmet units; v[r,t] overtime hours;
 * w[f,p,t,r] minutes of family f on resource r where several resources of
 * one kind admit f at p; I[p,m,t] stock of a listed material at the end of
 * day t.
 * Rows: demand per class (= quantity), capacity per resource-day
 * (minutes <= 60 (hours + v)), a split row per (f,p,t,kind) with several
 * resources, a stock balance per listed (plant, material, day).
 *
 * Every row and every column but the slots is emitted at once by
 * mc_lp_emit(); slot columns are emitted one by one (mc_lp_emit_slot()), so
 * that a session (session.h) can hold only the slots that matter and price
 * the others with mc_lp_reduced_cost().  Emitting every slot gives the full
 * class LP, which has the same optimum as the order LP.
 *
 * The mc_lp owns its slot and flow arrays (mc_lp_free()).
 */
#ifndef MC_LP_H
#define MC_LP_H

#include "classes.h"
#include "lpm.h"

typedef struct mc_lp mc_lp;

/* A production slot: a column x[cls, plant, day]. */
typedef struct mc_lp_x {
	int cls, plant, day, transit;
	/* A kept slot (stability) when kept > 0: the published plan's units
	 * of the class on this plant and day, at most kept of them, at the
	 * slot's cost less the model's stability_cost; the orders they
	 * belong to are c->keep[keep .. keep + nkeep) (classes.h).  It comes
	 * right after the ordinary slot of the same class, plant and day. */
	int kept, keep, nkeep;
	double cost;  /* objective coefficient per unit */
	double value; /* LP solution (0 for a slot the LP did not hold) */
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

/* What a solve of the class LP gives the rounding and the reports. */
typedef struct mc_lp_result {
	mc_lp_x *x; /* every slot, by class, then plant and day */
	int nx;
	mc_lp_flow *flow;
	int nflow;
	double *unmet;	    /* [nclasses] */
	double *ot;	    /* [nresources * horizon_days] hours */
	double *shadow;	    /* [nresources * horizon_days] per hour, >= 0 */
	double *mat_shadow; /* [nplants * nmaterials * horizon_days] */
	double obj;	    /* objective of the final point */
	double bound;	    /* a valid lower bound on the LP optimum */
	int optimal;	    /* 1 when the LP optimum was reached */
	int primal;	    /* 1 when the x/u/v values form a feasible plan */
	int has_bound;	    /* 1 when bound is valid */
	const char *status; /* "optimal", "time limit", ... */
	long iters;	    /* simplex iterations, all solves */
	int rows, cols;	    /* of the LP solved (the session's working set) */
	int full_cols;	    /* columns of the full class LP */
	int rounds;	    /* pricing rounds */
	int blocks;	    /* independent blocks solved apart (1: whole) */
	int threads;	    /* ... on up to this many threads */
	double t_solve;	    /* seconds */
} mc_lp_result;

/* Enumerates the slots, split rows and flows of model m over classes c.
 * Never NULL. */
mc_lp *mc_lp_new(const mc_model *m, const mc_classes *c);
/* Frees it; accepts NULL. */
void mc_lp_free(mc_lp *lp);

/* Every slot, by class (the slots of class c are contiguous, by plant then
 * day), and their count. */
const mc_lp_x *mc_lp_slots(const mc_lp *lp, int *n);
/* Slots of class cls are x[return value] .. x[*end - 1]. */
int mc_lp_class_cols(const mc_lp_x *x, int nx, int cls, int *end);
/* Columns of the full class LP (slots and the rest). */
int mc_lp_full_cols(const mc_lp *lp);

/* Appends every row and every column except the slots to l (which must be
 * empty), with names when l->want_names. */
void mc_lp_emit(mc_lp *lp, mc_lpm *l);
/* Appends slot i as a column of l (after mc_lp_emit()); returns its index. */
int mc_lp_emit_slot(const mc_lp *lp, mc_lpm *l, int i);
/*
 * The independent blocks of the full class LP: rows that no column of the
 * LP (of l, made by mc_lp_emit() with any slots after it, and every slot)
 * links, however indirectly, fall in different blocks, which can be
 * solved apart (families or plant groups that share no resource,
 * material or lane).  row_block[nrows] gets each row's block, numbered
 * by their first row; rows no column touches join block 0.  Returns the
 * number of blocks (1 when the LP is one piece).
 */
int mc_lp_blocks(const mc_lp *lp, const mc_lpm *l, int *row_block);
/* Reduced cost of slot i under the row duals of an LP made by mc_lp_emit()
 * (whether or not slot i is in it). */
double mc_lp_reduced_cost(const mc_lp *lp, int i, const double *row_dual);

/*
 * What row i, or column j that is not a slot, of an LP made by mc_lp_emit()
 * stands for in model terms, so that the rows and columns of the LPs of two
 * related models (a what-if and its base: same resources, families,
 * plants, materials and horizon) can be matched: a part (enum mc_lp_part),
 * the class (-1 for parts without one) and a key unique within the part.
 * Columns from mc_lp_first_slot_col() on are slots.
 */
enum mc_lp_part {
	MC_LP_DEMAND,  /* row: a class's demand */
	MC_LP_CAP,     /* row: a resource-day's capacity */
	MC_LP_SPLIT,   /* row: a family-plant-day-kind split */
	MC_LP_BALANCE, /* row: a plant-material-day stock balance */
	MC_LP_UNMET,   /* column: a class's unmet units */
	MC_LP_OT,      /* column: a resource-day's overtime */
	MC_LP_FLOW,    /* column: minutes of a split on one resource */
	MC_LP_STOCK,   /* column: stock carried over a day */
};
void mc_lp_row_id(const mc_lp *lp, int i, int *part, int *cls, long long *key);
void mc_lp_col_id(const mc_lp *lp, int j, int *part, int *cls, long long *key);
int mc_lp_first_slot_col(const mc_lp *lp);

/* Row of class c's demand; column of its unmet units. */
int mc_lp_demand_row(const mc_lp *lp, int c);
int mc_lp_unmet_col(const mc_lp *lp, int c);
/* Capacity row of resource r on day t; its overtime column or -1. */
int mc_lp_cap_row(const mc_lp *lp, int r, int t);
int mc_lp_ot_col(const mc_lp *lp, int r, int t);

/*
 * Fills the arrays of *res from a solution of an LP made by mc_lp_emit()
 * and mc_lp_emit_slot(): col_of[i] is the column of slot i or -1 when the
 * LP does not hold it (value 0, reduced cost dj[i]).  res->x is lp's own
 * slot array, its values and reduced costs written in (a slot record is
 * 56 bytes: a copy of 10 million would be half a gigabyte), valid until
 * the next mc_lp_read() or mc_lp_free(); the other arrays come from a.
 */
void mc_lp_read(mc_lp *lp, const int *col_of, const double *dj,
		const double *col_prim, const double *col_dual,
		const double *row_dual, mc_arena *a, mc_lp_result *res);

/* What one more on-time unit of a class costs (mc_session_ontime()). */
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
	MC_ONTIME_SKIPPED, /* not priced: the pricing's time budget ran out */
};

#endif
