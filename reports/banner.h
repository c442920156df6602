/*
 * banner.h - what a report says first about the plan the floor is on: a
 * run kept back (stored, not published) says so, with the plan the floor
 * is still on and why; the published run names the nights kept back since
 * it.  The text, HTML, JSON and xlsx reports print the same lines.
 */
#ifndef MC_BANNER_H
#define MC_BANNER_H

#include "arena.h"
#include "store.h"

/*
 * The banner of run v, a line each, into *lines (from a); returns how many
 * (0: nothing to say).  A kept-back run:
 *   "KEPT BACK: the floor is still on run N's plan (published AT): WHY"
 * ("... no plan is published yet: WHY" without one; when a later run was
 * published since, the floor moved on to it and the line says so).  The
 * published run, a line per night kept back since it:
 *   "run M of DATE was kept back: WHY"
 * (DATE the night's horizon start).
 */
int mc_banner_lines(const mc_run_view *v, mc_arena *a, const char ***lines);

/* The state of run v as a report shows it: "kept back: WHY" for a
 * kept-back run, else its state ("published", "what-if", "plan"); runs
 * read without one (built by hand) are "plan" or "what-if" by kind. */
const char *mc_banner_state(const mc_run_view *v, mc_arena *a);

#endif
