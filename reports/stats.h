/*
 * stats.h - figures derived from a stored run that several report formats
 * share: service KPIs, utilization per resource, the late and unmet orders
 * ranked by severity, and the bottlenecks ranked by shadow price.
 *
 * Pure computation over an mc_run_view; every array comes from the arena
 * given.  Orders are ranked deterministically (ties by input order).
 */
#ifndef MC_STATS_H
#define MC_STATS_H

#include "arena.h"
#include "tolerance.h"
#include "store.h"

/* Shadow prices below this are treated as zero. */
#define MC_SHADOW_EPS MC_TOL_SHADOW

typedef struct mc_res_stats {
	int res;	      /* index into v->resources */
	double hours, ot_max; /* regular and overtime hours available */
	double used, ot;      /* hours the plan uses, overtime part */
	double util;	      /* used / hours, 0 when hours is 0 */
	int peak;	      /* cap index of the fullest day, -1 none */
	double peak_util;     /* used / hours on that day */
	double shadow_sum;    /* sum of daily shadow prices */
	int shadow_days;      /* days with a positive shadow price */
	int shadow_max;	      /* cap index of the highest, -1 none */
} mc_res_stats;

/*
 * Made is delivered: an order's quantity is made + planned + unmet (units
 * the floor had made when the run was planned, units the run plans, units
 * it cannot).  Orders in full, the fill rate and on time count made units
 * with planned ones, each made unit on time or late by its actual day.
 */
/* Whether a run keeps a promise it read (mcsched promise): every unit of
 * its order made or planned, the last arriving by the promised date. */
typedef struct mc_promise_kept {
	const mc_view_promise *p;
	const char *arrive; /* the order's last arrival (ISO), NULL none */
	int kept;
	const char *why; /* a miss: the reason and its words */
} mc_promise_kept;

typedef struct mc_run_stats {
	int orders_full;    /* made + planned cover the quantity */
	int orders_made;    /* of them, made in full already */
	int orders_partial; /* some made or planned, not all */
	int orders_none;    /* nothing made or planned */
	int units_ordered, units_made, units_planned, units_unmet;
	int units_on_time, units_late; /* among made and planned units */
	int units_made_late;	       /* of units_late, made ones */
	double fill_rate;   /* (made + planned) / ordered, -1 none ordered */
	double on_time_pct; /* 100 * on_time / (made + planned), -1 none */
	int late_days;	    /* sum over late planned units */
	int max_late;	    /* worst lateness of a unit, days */
	double ot_hours;    /* overtime hours used */

	mc_res_stats *res; /* [v->nresources] in resource order */
	int nres;
	int *late; /* order indexes with late units (made or planned), most
		    * severe first */
	int nlate;
	int *unmet; /* order indexes with unmet units, most first */
	int nunmet;
	int *hot_res; /* resource indexes with shadow_sum > 0, highest first */
	int nhot_res;
	int *hot_days; /* cap indexes with a positive shadow, highest first */
	int nhot_days;
	int *hot_mat; /* mat indexes with a positive shadow, highest first */
	int nhot_mat;

	/* moves of published units (the night): units per cause (in the
	 * order of mc_move_causes), and per day left, plant left and plant
	 * reached (to_plant NULL: now unmet), by day then plants */
	int moved_by[MC_NCAUSES];
	double moved_share;	 /* of the published units still ordered */
	mc_view_move *move_rows; /* order and cause NULL */
	int nmove_rows;
	/* the units of each move v->moves[i], by identifier as far as the
	 * unit records tell (v->moved): move_unit[move_at[i] ..
	 * move_at[i + 1]) */
	const mc_view_moved **move_unit;
	int *move_at; /* [v->nmoves + 1] */

	/* the promises the run read, in id order, and how many it keeps */
	mc_promise_kept *promises;
	int npromises, promises_kept;
} mc_run_stats;

/* The identifiers of the units of move i (v->moves[i]) as one line, "a,
 * b, c" ("" when the unit records tell none), from a. */
const char *mc_stats_move_ids(const mc_run_stats *st, int i, mc_arena *a);

/* What a cause of moves (index into mc_move_causes) means, for a note
 * after it in a report ("" when its name says it all). */
const char *mc_stats_move_note(int cause);

/* What the local improvement saved on the floor + repair plan of run v
 * (NAN when the run did not record its rounding): the rounding works on
 * cost + stability, and the neighbourhood MIPs' saving is their own. */
double mc_stats_local_gain(const mc_run_view *v);

/* An order's late units, made or planned (late_units + made_late). */
int mc_stats_order_late(const mc_view_order *o);
/* The worst lateness of a unit of order o, made or planned, days. */
int mc_stats_order_worst(const mc_view_order *o);
/* The latest arrival of a unit of order o, made or planned (ISO), NULL
 * when none. */
const char *mc_stats_order_last(const mc_view_order *o);

/* Computes the figures of run v into *st. */
void mc_stats_compute(const mc_run_view *v, mc_arena *a, mc_run_stats *st);

/* The on-time cost of order o as a report cell: money ("1,234.50", or a
 * plain "1234.50" when plain is set, for CSV) when the LP priced it, else the
 * kind of its note ("impossible", "rounding": the word before the colon), ""
 * when it has no late units or the run does not know (LP not optimal, or saved
 * before on-time costs were stored). Writes into buf and returns it. */
char *mc_stats_ontime(const mc_view_order *o, int plain, char *buf, size_t n);

#endif
