/*
 * scenario.h - a what-if overlay (scenario.yaml) and its application to a
 * loaded model.
 *
 * mc_load_scenario() (load.h) reads the file into an mc_scenario: a name
 * and a list of changes, each with the names it refers to and its
 * position, nothing resolved yet.  The orders files it adds are loaded with
 * the base inputs (mc_load_sources()); mc_scenario_apply() then resolves
 * every name against the model, reports each bad reference at its
 * position, and changes the model in file order (a later change to the
 * same thing wins).  Each change also gets a line of text for reports.
 */
#ifndef MC_SCENARIO_H
#define MC_SCENARIO_H

#include "diag.h"
#include "model.h"

enum mc_change_kind {
	MC_CH_HOURS,	     /* resource hours on dates */
	MC_CH_OVERTIME,	     /* resource overtime hours and/or cost */
	MC_CH_PLANT_COST,    /* a plant's unit cost for a family */
	MC_CH_LANE,	     /* a lane blocked, slower/faster or dearer */
	MC_CH_RECEIPT,	     /* a material receipt added/removed/delayed */
	MC_CH_DEMAND,	     /* demand scaled by family and/or region */
	MC_CH_ADD_ORDERS,    /* orders of another file */
	MC_CH_REMOVE_ORDERS, /* orders withdrawn */
	MC_CH_DUE,	     /* an order's due date moved */
};

/* A name a change refers to, with where it was written. */
typedef struct mc_ref {
	const char *name; /* NULL: not given */
	mc_pos pos;
} mc_ref;

typedef struct mc_change {
	int kind; /* enum mc_change_kind */
	mc_pos pos;
	mc_ref resource, plant, family, region, material, order, lane_region;
	/* MC_CH_HOURS: dates[0..ndates) or the range from..to (day numbers) */
	int *dates, ndates, from, to;
	double hours;	  /* MC_CH_HOURS */
	double ot_hours;  /* MC_CH_OVERTIME: < 0 unchanged */
	double ot_cost;	  /* MC_CH_OVERTIME: < 0 unchanged */
	double cost;	  /* MC_CH_PLANT_COST; MC_CH_LANE: < 0 unchanged */
	int blocked;	  /* MC_CH_LANE */
	int days;	  /* MC_CH_LANE transit: < 0 unchanged */
	int date;	  /* MC_CH_RECEIPT: receipt date; MC_CH_DUE: new due */
	double quantity;  /* MC_CH_RECEIPT: added (> 0) */
	int remove;	  /* MC_CH_RECEIPT: the date's receipts removed */
	int delay_to;	  /* MC_CH_RECEIPT: moved to this date; 0 none */
	double scale;	  /* MC_CH_DEMAND */
	const char *file; /* MC_CH_ADD_ORDERS: path (relative to the
			   * scenario file's directory made absolute) */
	const char *file_text; /* ... as the scenario wrote it */
	mc_ref *ids;	       /* MC_CH_REMOVE_ORDERS */
	int nids;
	const char *text; /* what it did, for reports (set by apply) */
	int bad;	  /* 1: the loader reported an error in it */
} mc_change;

typedef struct mc_scenario {
	const char *name;
	const char *path;
	mc_input input; /* the file, for the run's record and snapshot */
	mc_change *changes;
	int nchanges;
	/* 1 when the file had errors (mc_load_scenario() returned -1, or
	 * its files were refused): the changes hold what could be read, for
	 * mc_scenario_apply() to check them too, so one pass reports every
	 * error of the file */
	int bad;
} mc_scenario;

/* Checks that every file sc adds (add_orders) lies in the scenario file's
 * folder or below, unless allow_outside: not an absolute path, no ".."
 * component, and, when it exists, its real path (symbolic links resolved)
 * under the folder's.  Nothing of a file is read here, so a refused one
 * is never quoted.  Returns 0, or -1 with "add_orders '<path>' is outside
 * the scenario's folder (whatif --allow-outside reads it)" at the change
 * in d for each. */
int mc_scenario_check_files(const mc_scenario *sc, int allow_outside,
			    mc_diag *d);

/* Files of orders the scenario adds (MC_CH_ADD_ORDERS), at most
 * max, into files[]; returns their count. */
int mc_scenario_order_files(const mc_scenario *sc, const char **files, int max);

/*
 * Applies sc to m (loaded with the scenario's added order files, see
 * mc_scenario_order_files()) and calls mc_model_finish().  Every change's
 * references are checked first; on any error nothing is changed and -1 is
 * returned with every error in d (file:line:column of the scenario).
 * A scenario that did not load (sc->bad) is checked as far as it was
 * read (a change with errors of its own for the names it gives, "unknown
 * resource 'X' (did you mean ...)"; the others in full, but for orders
 * when it adds orders, which were not read), never applied, and -1 is
 * returned: with the loader's errors, every error of the file in one
 * pass.  Sets each change's text.  Memory from m->arena.
 */
int mc_scenario_apply(mc_scenario *sc, mc_model *m, mc_diag *d);

#endif
