/*
 * causes.h - why published units moved (commit.h): the marks a night's
 * commitments leave for it, and each move's cause (mc_move_causes,
 * model.h).
 *
 * The marks, kept in the mc_commit: orders whose terms changed or whose
 * units the floor made off plan or scrapped; places with fewer hours or
 * materials than published, or more; places new or changed orders took,
 * places withdrawn or shrunk orders freed, places units made early left.
 * A published unit that left its place moved for the first of these that
 * holds (cause_of() in causes.c says in which order); one the LP moved for
 * its cost alone off a place a unit with a cause arrived at was displaced.
 */
#ifndef MC_CAUSES_H
#define MC_CAUSES_H

#include "commit.h"

/* 1 when order o of m is not order vw of the published run: what the LP
 * sees of it changed (quantity, dates, family, options, region,
 * penalties). */
int mc_causes_changed(const mc_model *m, int o, const mc_view_order *vw);

/* Marks the places of c's model whose hours or materials are lower or
 * higher than the published run v had, the days past v's horizon, and
 * the places withdrawn or shrunk orders' units left free.  o_of[vo]: v's
 * order vo in the model (-1 gone); plants and resources index the
 * model's by id. */
void mc_causes_places(mc_commit *c, const mc_run_view *v, const int *o_of,
		      const mc_id_index *plants, const mc_id_index *resources);

/* A unit made on another day than planned leaves room at plant p (an
 * index, -1 none) on date day, where it was planned, when that day is in
 * the horizon.  (Its materials are out of the stock already.) */
void mc_causes_made_room(mc_commit *c, int p, int day);

/* Marks the places new or changed orders took in the LP's plan p, before
 * the frozen units join it (mc_commit_merge()). */
void mc_causes_taken(const mc_commit *c, const mc_plan *p);

/* The moves of every published unit of an order still there, off its
 * place in the merged plan p, with their causes: p->moves, units_moved
 * and units_persisting. */
void mc_causes_moves(const mc_commit *c, mc_plan *p);

#endif
