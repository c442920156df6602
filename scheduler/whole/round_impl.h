/*
 * round_impl.h - what the two files of the rounding module share: the
 * working state over a whole plan (round_ctx) and the placement helpers
 * both build on.  Private to the module: only round.c and round_improve.c
 * include it (callers include round.h).
 *
 * The module's files:
 *   round.c          the plan of whole units: floor + greedy repair
 *                    (mc_round()), the published plan kept
 *                    (mc_round_kept()), what a plan costs, and the fit and
 *                    placement helpers declared here;
 *   round_improve.c  the local improvement (mc_round_improve()): tentative
 *                    moves of units, logged and undone unless they pay.
 * A helper only one file needs stays static in that file.
 */
#ifndef MC_ROUND_IMPL_H
#define MC_ROUND_IMPL_H

#include "round.h"

#include <stddef.h>

/* A change of a resource-day's minutes (and of flow j's where j >= 0),
 * logged so that a tentative move is undone exactly. */
typedef struct round_log {
	size_t rd;
	int j;
	double mins;
} round_log;

typedef struct round_ctx {
	const mc_model *m;
	const mc_classes *c;
	mc_int_plan *out;
	int days;
	int *res;	/* scratch: admitting resources */
	double *take;	/* scratch: minutes planned per admitting resource */
	int *remaining; /* [nclasses] units not yet placed (out->unmet) */
	/* the local search's log of minutes moved (NULL: not logging) */
	round_log *log;
	int nlog, caplog;
} round_ctx;

/* The state over ip, not logging. */
static inline round_ctx round_ctx_of(const mc_model *m, const mc_classes *c,
				     mc_int_plan *ip)
{
	return (round_ctx){.m = m,
			   .c = c,
			   .out = ip,
			   .days = m->horizon_days,
			   .res = ip->adm,
			   .take = ip->take,
			   .remaining = ip->unmet};
}

/* The family of class cls. */
static inline int round_family(const round_ctx *x, int cls)
{
	return x->m->orders[x->c->v[cls].rep].family;
}

/* Overtime hours of resource r on day t with load minutes on it. */
static inline double round_overtime(const mc_resource *r, int t, double load)
{
	double ot = load / MC_MIN_PER_HOUR - r->day_hours[t];
	return ot > 0 ? ot : 0;
}

/* 1 when column i is a kept slot (stability) holding all it may. */
static inline int round_kept_full(const round_ctx *x, const mc_lp_x *col, int i)
{
	return col->kept && x->out->units[i] >= col->kept;
}

/* Adds mins to resource-day rd (and flow j when j >= 0), logged when
 * x->log is set. */
void round_add_minutes(round_ctx *x, size_t rd, int j, double mins);

/* Adds units units of class cls made at plant p on day t (negative: takes
 * them out) to the cumulative use of the plant's listed materials. */
void round_material_commit(round_ctx *x, int cls, int p, int t, double units);

/* Cost of one more unit in column col (unit cost + overtime it causes),
 * or -1 when it does not fit a resource or a listed material. */
double round_price_unit(round_ctx *x, const mc_lp_x *col);

/* Adds one unit to column i (col), which must fit (round_price_unit()):
 * its minutes on the resources, its materials, one unit less unmet. */
void round_add_unit(round_ctx *x, const mc_lp_x *col, int i);

/* A key and the index it sorts, for qsort with the two orders below
 * (ties by index, so every sort is the same on every machine). */
typedef struct round_item {
	double key;
	int idx;
} round_item;

int round_by_key_desc(const void *a, const void *b);
int round_by_key_asc(const void *a, const void *b);

#endif
