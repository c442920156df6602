/*
 * explain.h - why an order is late or not made: the reason and the words a
 * planner reads ("GZ-SEW1 full 2026-11-25..2026-12-04 (8 days)").
 *
 * Works on the final integral plan: a unit is blocked in a production slot
 * when some resource kind it needs has no minutes left on the resources
 * that admit it, or a listed material would run short on some later day.
 */
#ifndef MC_EXPLAIN_H
#define MC_EXPLAIN_H

#include "round.h"

/* Fills out->reason and out->detail (from a) for order o of class cls,
 * given its planned/unmet/late counts already in *out. */
void mc_explain_order(const mc_model *m, const mc_classes *c,
		      const mc_lp_result *lp, const mc_int_plan *ip, int o,
		      int cls, mc_arena *a, mc_order_out *out);

#endif
