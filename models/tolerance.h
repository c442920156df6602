/*
 * tolerance.h - every numeric tolerance of mcsched, in one place, so the
 * modules that must agree on one (the rounding and its checks, the night's
 * frozen units, the reports that mark a full day) cannot drift apart.
 */
#ifndef MC_TOLERANCE_H
#define MC_TOLERANCE_H

/* Minutes and material quantities within this of a limit are within it:
 * every fit test of whole units, frozen units and their checks. */
#define MC_TOL_FIT 1e-6

/* A residual capacity of a min-cost flow within this of zero is zero. */
#define MC_TOL_FLOW 1e-9

/* A slot prices out of the session's working set when its reduced cost is
 * below -MC_TOL_PRICE (GLPK's and CLP's own dual feasibility tolerance). */
#define MC_TOL_PRICE 1e-6

/* A ratio test step of the back-end's tableau reads counts when its
 * entry is above this. */
#define MC_TOL_PIVOT 1e-9

/* Relative: two costs, bounds or figures within this times (1 + |a|) of
 * each other are the same (reports, compare, the bound's check). */
#define MC_TOL_REL 1e-6

/* A shadow price above this is a price (reports' bottlenecks). */
#define MC_TOL_SHADOW 1e-6

/* Relative: hours or material used beyond the available by more than this
 * times (1 + available) are over it (the reports' marks). */
#define MC_TOL_HOURS 1e-9

/* A move, a neighbourhood's answer or a start saves only when it lowers
 * the cost by more than this (absolute), or by more than MC_TOL_REL or
 * MC_TOL_TIE times (1 + |cost|) where the comparison is relative. */
#define MC_TOL_GAIN 1e-6

/* Relative: a cost lower by less than this times (1 + |cost|) is a tie,
 * not a saving (the rounding's steps, the minutes' rebalancing, the
 * publish guard's gap, a neighbourhood MIP's gap). */
#define MC_TOL_TIE 1e-9

/* Relative: on a night held to a published plan, the whole units start
 * from the LP's repair instead of the published plan kept only when that
 * start, improved, costs less by more than this share: a changed world (a
 * what-if's rush) and not the drift of the next night, whose search
 * would otherwise move more than the 1% of published units it may. */
#define MC_TOL_RESTART 2.5e-3

/* A figure of a report within this of zero is zero (overtime marks,
 * deltas, a material's new receipt). */
#define MC_TOL_ZERO 1e-9

/* A cheaper path of the min-cost flow, a higher peak: by more than this. */
#define MC_TOL_PATH 1e-12

#endif
