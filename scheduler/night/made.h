/*
 * made.h - what the floor has made of each order, as a plan run counts it:
 * a unit produced or shipped before the run was planned is delivered, not
 * planned and not unmet, and it is on time or late by its actual day.
 *
 * A made unit arrives on its actual day (shipped, else produced) plus the
 * transit days of the lane from the plant it was planned at (in the
 * published plan it belonged to) to its order's region; it is on time when
 * that is no later than the order's due date.  A unit whose plant is not
 * known, or whose lane is gone from the model, arrives on its actual day.
 *
 * With the night's plan, an order's quantity is made + planned + unmet,
 * except where the night keeps units beyond it: frozen and made units of
 * an order shrunk below them, or of a withdrawn order added back for its
 * frozen units (both are conflicts the run lists).
 *
 * mc_night_plan() (night.h) calls mc_plan_account_made() on its merged
 * plan, for a night and for a what-if of it alike.
 */
#ifndef MC_MADE_H
#define MC_MADE_H

#include "model.h"
#include "store.h"

/* Adds the made units made[0..nmade) (mc_floor_made(), night.h) to plan p of
 * model m: each order's made, made_late and made_arrive, and the plan's
 * units_made and units_made_late (set, not added to).  Orders m does not
 * have are skipped (their units are in no run).  Never fails. */
void mc_plan_account_made(const mc_model *m, const mc_made *made, int nmade,
			  mc_plan *p);

#endif
