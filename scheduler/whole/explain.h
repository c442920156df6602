/*
 * explain.h - why an order is late or not made: the reason and the words a
 * planner reads ("GZ-SEW1 full 2026-11-25..2026-12-04 (8 days)").
 *
 * Works on the final integral plan: a unit is blocked in a production slot
 * when some resource kind it needs has no minutes left on the resources
 * that admit it, or a listed material would run short on some later day.
 *
 * Also words the on-time cost of a late order (mc_explain_ontime).
 */
#ifndef MC_EXPLAIN_H
#define MC_EXPLAIN_H

#include "round.h"

/* Fills out->reason and out->detail (from a) for order o of class cls,
 * given its planned/unmet/late counts already in *out. */
void mc_explain_order(const mc_model *m, const mc_classes *c,
		      const mc_lp_result *lp, const mc_int_plan *ip, int o,
		      int cls, mc_arena *a, mc_order_out *out);

/* Why order o has no production slot at all, from blocker[p], each
 * plant's mc_model_plant_blocker(): *reason is MC_REASON_NO_PLANT,
 * _NO_LANE or _NO_RESOURCE when no plant can serve it, else
 * MC_REASON_WINDOW (its window holds no working day), and *detail the
 * words (from a). */
void mc_explain_blocked(const mc_model *m, int o, const int *blocker,
			mc_arena *a, int *reason, const char **detail);

/* Fills out->ontime_cost and out->ontime_note (from a) for order o of
 * class cls, given its late units already in *out and what
 * mc_lp_ontime() said of the class (status, and price when priced).
 * Orders without late units get NAN and NULL. */
void mc_explain_ontime(const mc_model *m, const mc_classes *c, int o, int cls,
		       int status, double price, mc_arena *a,
		       mc_order_out *out);

#endif
