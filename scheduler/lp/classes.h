/*
 * classes.h - orders with identical LP coefficients, planned as one.
 *
 * Two orders are in one class when everything the LP sees of them is equal:
 * family, region, due, release, max_late_days, effective late penalty
 * (priority x late_penalty), unmet penalty, and what their options add
 * (minutes per kind, cost, materials).  Options with no effect on the plan
 * (a sofa's colour, say) therefore do not split classes.  The class LP has
 * the same optimum as the order LP (docs/design.md, "The planning model");
 * the plan of a class is split over its orders afterwards.
 *
 * The coefficient tables computed here are shared by the LP builder and the
 * rounding.  Everything is allocated from the arena given.
 */
#ifndef MC_CLASSES_H
#define MC_CLASSES_H

#include "model.h"

typedef struct mc_class {
	int rep;     /* representative order */
	int *orders; /* member orders, in input order */
	int norders;
	int quantity; /* sum of the members' quantities */
} mc_class;

typedef struct mc_classes {
	mc_class *v;
	int n;
	int *class_of; /* [norders] */
	int nplants, nkinds, nmat;
	double *minutes;  /* [n * nplants * nkinds] per unit */
	double *material; /* [n * nmat] per unit */
	double *fixed;	  /* [n * nplants] unit cost without day part */
	int *blocker;	  /* [n * nplants] MC_REASON_NONE = can serve */
	int *transit;	  /* [n * nplants] lane days where servable */
	/* the model's keeps (mc_keep), by class, plant, day, then order */
	mc_keep *keep;
	int nkeep;
} mc_classes;

/* Groups the orders of m.  Never fails (out of memory exits). */
void mc_classes_build(const mc_model *m, mc_arena *a, mc_classes *out);

static inline double mc_class_minutes(const mc_classes *c, int cls, int p,
				      int k)
{
	return c->minutes[((size_t)cls * (size_t)c->nplants + (size_t)p) *
			      (size_t)c->nkinds +
			  (size_t)k];
}

#endif
