/*
 * dispatch.h - the dispatch list of a stored run: every unit it plans,
 * one per unit of each plan row, by plant, resource, day and sequence,
 * with its order, its identifier (where the run has one) and whether it is
 * frozen.  The floor's list of what to make where, in which order; the
 * labels (`mcsched labels`), the HTML report's timeline and the xlsx
 * Dispatch sheet read the same list.
 *
 * The sequence on a resource-day: the earliest due date first, then the
 * order's place in the order book, then the unit's number in its order
 * (unit k of n).  Plants and resources come in the order of plants.yaml.
 *
 * Identifiers: a published plan run has one for every unit it plans; a
 * what-if or a night kept back draws no serial, so its new units have
 * none (unit NULL, seq 0).  Which unit of an order's plan rows on one
 * resource and day gets which identifier follows the unit records of the
 * run (mc_view_unit); the frozen flag follows the plan rows (a row kept
 * from the published plan), counted unit by unit.
 *
 * Pure functions over an mc_run_view: no state, nothing printed.
 * Memory: the list comes from the caller's arena.
 */
#ifndef MC_DISPATCH_H
#define MC_DISPATCH_H

#include "arena.h"
#include "diag.h"
#include "store.h"

#include <limits.h>
#include <stdio.h>

/* One unit on the dispatch list. */
typedef struct mc_dispatch_unit {
	int alloc;		  /* its plan row: index into v->allocs */
	int order_idx;		  /* index into v->orders */
	int res_idx;		  /* index into v->resources, -1 unknown */
	const mc_view_unit *unit; /* its identifier record, NULL: none */
	int seq;		  /* its place on the resource-day, from 1 */
	int frozen;		  /* kept from the published plan */
	/* sort keys: the plant's and resource's place in plants.yaml,
	 * the day (horizon index), the order's due day, the unit's number
	 * in its order (0 without a record) */
	int plant_rank, t, due_n, useq;
} mc_dispatch_unit;

/* Which units a list holds: a plant, a resource (NULL any) and days
 * (day numbers of date.h, inclusive). */
typedef struct mc_dispatch_filter {
	const char *plant, *resource;
	int from, to;
} mc_dispatch_filter;

/* Every unit, every day. */
#define MC_DISPATCH_ALL                                                        \
	{                                                                      \
		NULL, NULL, INT_MIN, INT_MAX                                   \
	}

/* Checks filter f against run v: a plant or resource the run does not
 * have is an MC_EUSAGE error ("no resource 'gz-sew1' in run 1 (did you
 * mean 'GZ-SEW1'?)"), and so is a day range outside the run's horizon or
 * one that ends before it starts.  opt names the options in messages
 * ("--plant").  Returns 0 or -1. */
int mc_dispatch_check(const mc_run_view *v, const mc_dispatch_filter *f,
		      mc_diag *d);

/* The dispatch list of run v (f NULL: every unit) into *out, *n units
 * (from a), sorted by plant, resource, day and sequence. */
void mc_dispatch_build(const mc_run_view *v, const mc_dispatch_filter *f,
		       mc_arena *a, mc_dispatch_unit **out, int *n);

/* For each of v's unit records (v->units), 1 when the list l[0..n) (of
 * every unit, f NULL) has it frozen: from a, v->nunits long. */
int *mc_dispatch_frozen_units(const mc_run_view *v, const mc_dispatch_unit *l,
			      int n, mc_arena *a);

/* The list as CSV (RFC 4180, a header line): run, plant, resource, day,
 * seq, order, unit, of, identifier, family, options, due, arrives,
 * days_late, frozen. */
void mc_dispatch_csv(const mc_run_view *v, const mc_dispatch_unit *l, int n,
		     FILE *f);

/* The list as one printable HTML page: a section per plant, a table per
 * resource and day, a page per resource-day when printed. */
void mc_dispatch_html(const mc_run_view *v, const mc_dispatch_unit *l, int n,
		      FILE *f);

#endif
