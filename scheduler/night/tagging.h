/*
 * tagging.h - which unit of an order keeps which identifier: the rule of
 * unit identifiers (store.h's header comment; docs/design.md, "Unit
 * identifiers") as a pure function over plain data.  The store reads an
 * order's unit rows, asks mc_tag_decide() and carries out the steps it
 * returns, in their order, inside the run's one transaction; nothing here
 * reads or writes a database.
 *
 * Every order's units are the pairs (order, seq 1..quantity):
 *   - a unit keeps its identifier run after run: seqs 1..planned take the
 *     order's plan rows in order of production day, then plant (a unit
 *     first keeps the row at its published place where the plan has one),
 *     seqs planned+1..quantity are unmet;
 *   - a cancelled unit whose seq comes back, of the same family code and
 *     GTIN, is revived with its own serial (the most recent such unit of
 *     the seq wins); a seq with no unit of its family draws a new serial;
 *   - units above the quantity are cancelled, but for a frozen unit (its
 *     published place in the frozen window, mc_frozen_day()) that keeps its
 *     exact plan row; a family change cancels the old units;
 *   - units the floor made (produced or shipped) stay as they are, out of
 *     the plan, whatever the order says; scrapped units never come back;
 *   - an order absent from the run is tagged as an order of quantity 0
 *     with no plan rows: every live unit not made is cancelled (the store
 *     does that for all absent orders with one statement);
 *   - a hypothetical run (a what-if, or a plan run kept back) draws no
 *     serial and changes no unit: it records plan rows for the live units
 *     of the order's family that exist, in seq order.
 * At most one unit per (order, seq) is live at any moment: the steps
 * cancel before they keep or issue.
 *
 * Memory: mc_tag_decide() writes into an mc_tag_plan whose arrays it grows
 * with malloc; release it with mc_tag_plan_release().
 */
#ifndef MC_TAGGING_H
#define MC_TAGGING_H

#include "model.h"

/* A unit row of an order as the store holds it. */
typedef struct mc_tag_unit {
	int seq;
	int match;    /* of the order's family now: same code and GTIN */
	int live;     /* not cancelled */
	int done;     /* live and produced or shipped: out of the plan */
	int scrapped; /* retired for good */
	int released; /* the floor released it */
	/* its planned place in the published plan the run holds to:
	 * placed 0 when it had none; plant and resource as indexes of the
	 * run's model (-1: not in the model, or no resource) and its day as
	 * a horizon index of the run */
	int placed;
	int plant, resource, day;
} mc_tag_unit;

/* One order of a run, for mc_tag_decide(). */
typedef struct mc_tag_order {
	int quantity;
	int planned, unmet; /* the run's units of it planned and unmet */
	/* its unit rows, by seq then issue order */
	const mc_tag_unit *unit;
	int nunits;
	/* its plan rows: alloc[rows[0..nrows)], sorted by mc_tag_rows() */
	const mc_alloc *alloc;
	const int *rows;
	int nrows;
	int horizon_days, frozen_days; /* of the run: mc_frozen_day() */
	int hypothetical;	       /* a what-if or a held plan run */
} mc_tag_order;

/* What the store does, in order. */
enum mc_tag_kind {
	MC_TAG_CANCEL, /* unit row `unit` becomes 'cancelled' */
	MC_TAG_KEEP,   /* unit row `unit` is seq's unit in this run (a
			* cancelled one revived): planned at plan row
			* `alloc`, or unmet (-1) */
	MC_TAG_NEW,    /* a new unit for seq, with the next serial: planned
			* at `alloc` or unmet (-1) */
	MC_TAG_RECORD, /* hypothetical: unit row `unit` would be planned at
			* `alloc` or unmet (-1); the unit is not changed */
};

typedef struct mc_tag_step {
	enum mc_tag_kind kind;
	int unit;  /* index into mc_tag_order.unit; -1 for MC_TAG_NEW */
	int seq;   /* the seq it stands for */
	int alloc; /* index into mc_tag_order.alloc, -1 unmet / none */
} mc_tag_step;

typedef struct mc_tag_plan {
	mc_tag_step *step;
	int nsteps;
	int cap;
	/* scratch kept between calls */
	int *work;
	int capwork;
} mc_tag_plan;

/*
 * The steps that tag order o (see the header comment) into out->step
 * (replacing what was there).  Returns 0, or -1 when the order's plan rows
 * hold more units than the order has seqs to give them (units of it were
 * made since the run was planned): then nothing is to be done.
 */
int mc_tag_decide(const mc_tag_order *o, mc_tag_plan *out);

/* Frees out's arrays; accepts NULL. */
void mc_tag_plan_release(mc_tag_plan *out);

/*
 * The plan rows alloc[0..nalloc) grouped by order, in the order units take
 * them: by order, production day, plant, resource, then position.  idx
 * gets the nalloc row indexes; first[o] .. first[o + 1] are order o's
 * (first has norders + 1 entries).  A row naming an order outside
 * 0..norders-1 comes after first[norders].
 */
void mc_tag_rows(const mc_alloc *alloc, int nalloc, int norders, int *idx,
		 int *first);

#endif
