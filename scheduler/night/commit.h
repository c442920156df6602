/*
 * commit.h - what a night's plan owes the published plan: the frozen
 * window, the units the floor has made (actuals), and stability.
 *
 * From the published run (its view, store.h) and the new night's model:
 *   - frozen units: every live unit of the published plan whose day lies in
 *     the first frozen_days days of the new horizon (and every released
 *     unit whose day lies in the horizon) keeps its plant, resource, day and
 *     identifier.  Their hours and materials are taken first; only the rest
 *     is planned.  An order withdrawn or shrunk below its frozen units keeps
 *     them (a withdrawn order comes back into the model with just those
 *     units) and the run lists a conflict; so does a resource-day or a
 *     material the frozen units overfill.
 *   - done units: produced or shipped units leave the plan; their order's
 *     remaining quantity is its quantity less those.  plants.yaml's stock
 *     is counted on its own horizon start: units made since have taken
 *     their materials out of it.
 *   - keeps: the other live units of the published plan still inside the
 *     horizon, by order, plant and day, for the LP's stability columns
 *     (mc_keep, lp.h): moving one costs stability_cost.
 *
 * mc_commit_model() derives the model the LP plans (quantities, hours and
 * materials less what the commitments take); mc_commit_merge() turns the
 * plan of that model into the plan of the night's model, frozen units
 * included, and says which published units moved and why (causes.h).
 */
#ifndef MC_COMMIT_H
#define MC_COMMIT_H

#include "diag.h"
#include "model.h"
#include "store.h"

/* A unit of the published plan kept where it was. */
typedef struct mc_frozen {
	int order, seq;		  /* order index in the night's model */
	int plant, resource, day; /* day: horizon index */
} mc_frozen;

/* A unit's place: plant index (-1 when no longer known) and date. */
typedef struct mc_place {
	int order, plant, day;
} mc_place;

typedef struct mc_commit {
	int64_t published; /* the run committed to, 0 none */
	int frozen_days;
	double stability_cost;
	mc_frozen *frozen; /* by order, plant, resource, day */
	int nfrozen;
	int *frozen_of; /* [norders] frozen units */
	int *done;	/* [norders] produced or shipped units */
	int ndone;	/* their sum */
	mc_keep *keep;	/* by order, plant, day */
	int nkeep;
	mc_conflict *conflicts;
	int nconflicts;
	double *load;	   /* [nresources * days] minutes frozen units take
			    * on resources fixed for them: the only one of
			    * their kind that admits them, or any where a
			    * plant-day-kind overfills */
	mc_fixmin *fixmin; /* the rest of their minutes, which the LP
			    * places (model.h) */
	int nfixmin;
	double *mat_use;  /* [nplants * nmaterials * days] material they use */
	double *mat_have; /* same shape: the night's stock and receipts
			   * through each day, for listed materials */
	/* the published plan's units of orders still there, not made: */
	mc_place *pub; /* by order, date, plant */
	int npub;
	/* why units moved, all [norders] or by place: */
	unsigned char *order_changed; /* quantity, dates, options, ... */
	unsigned char *order_actuals; /* units of it made or scrapped */
	unsigned char *cap_lower;     /* [nplants * days] fewer hours or
				       * materials than published */
	unsigned char *taken_new;     /* [nplants * days] new or grown
				       * orders planned there */
	unsigned char *freed;	      /* [nplants * days] withdrawn or shrunk
				       * orders' units were there */
	unsigned char *more_room;     /* [nplants * days] more hours than
				       * published */
	unsigned char *more_mat;      /* [nplants * nmaterials * days] more
				       * material by that day */
	unsigned char *made_room;     /* [nplants * days] units made on
				       * another day were planned there */
	double *used_since;	      /* [nplants * nmaterials] material the
				       * floor used since the published
				       * plan's start (out of the stock) */
	const mc_model *m;
} mc_commit;

/*
 * The commitments of model m to the published run pub (NULL: none, and
 * then nothing is committed but what stability_cost says is recorded),
 * with made[0..nmade) the units the floor made per order and floor[0..
 * nfloor) the floor's reports (store.h): units made since m->stock_day
 * take their materials out of m's stock.  m may grow: a withdrawn order
 * with frozen units is appended to its orders.  Everything comes from m's
 * arena.  Never fails: every mismatch is a conflict (out of memory exits).
 */
void mc_commit_build(mc_model *m, const mc_run_view *pub, const mc_made *made,
		     int nmade, const mc_floor_unit *floor, int nfloor,
		     int frozen_days, double stability_cost, mc_commit *c);

/* Appends order vw (as a run stored it) to m with quantity units: a
 * withdrawn order whose frozen units stay, in the night that keeps them
 * and when its run is read back (its inputs no longer hold it).  Its
 * index, or -1 when the catalog or the regions no longer know its family,
 * options or region. */
int mc_commit_readd_order(mc_model *m, const mc_view_order *vw, int quantity);

/* Option value indexes of family f of m for order vw's options (its name
 * and value pairs as the store reads them) into opt[f.nopts]; 0 when
 * every option of the family is found, -1 when one is not or a pair names
 * an option or value the family does not have. */
int mc_commit_options(const mc_model *m, int f, const mc_view_order *vw,
		      int *opt);

/* Orders places by order, date, then plant (qsort). */
int mc_commit_place_cmp(const void *x, const void *y);

/* The model the LP plans: m less the commitments of c (done and frozen
 * units out of the quantities, frozen hours and materials out of the
 * capacity), with c's keeps.  Shares m's arrays where unchanged. */
void mc_commit_model(const mc_model *m, const mc_commit *c, mc_model *m2);

/* Turns *p, the plan of mc_commit_model()'s model, into the plan of m:
 * frozen units as allocations of their own (frozen set), capacity and
 * materials at m's figures with the frozen units' use, the cost split, the
 * bound and gap with the frozen units' cost, the conflicts, and the moves
 * of published units off their places with their causes. */
void mc_commit_merge(const mc_model *m, const mc_commit *c, mc_plan *p);

#endif
