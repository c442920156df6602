/*
 * mathprog.h - the data of a loaded model as a GNU MathProg data file for
 * models/plan.mod, the order-level reference formulation of the planning
 * model (docs/design.md, "The planning model"), so glpsol can solve the same
 * instance independently of the class LP in scheduler/:
 *
 *     glpsol --math models/plan.mod --data plan.dat --display out.txt
 *
 * Data format (the sets and parameters declared in plan.mod):
 *   - days are horizon indexes 0 .. H-1 (date = start + t); due, release,
 *     holidays, calendar days and receipts are given relative to the
 *     horizon start (due and release may fall outside 0 .. H-1); holidays,
 *     calendar entries and receipts outside the horizon are left out
 *     (receipts before it are already in the opening stock);
 *   - weekdays are 0 = Monday .. 6 = Sunday;
 *   - kinds, materials, regions, families, plants, resources, orders,
 *     options and option values are quoted symbols: their ids or names
 *     when every name of that table is short printable ASCII, otherwise
 *     '#<index>' for the whole table;
 *   - numbers are written with 17 significant digits.
 * The file holds raw inputs (minutes, costs, calendars, lanes, options);
 * eligibility, unit minutes, costs and windows are derived in plan.mod.
 */
#ifndef MC_MATHPROG_H
#define MC_MATHPROG_H

#include "diag.h"
#include "model.h"

/*
 * Writes the MathProg data file for m (after mc_model_finish()) to path,
 * replacing it.  Returns 0, or -1 with "unable to write '<path>': <why>"
 * in d (MC_EINPUT); path is then as it was (mc_file_write()).
 */
int mc_mathprog_write_data(const mc_model *m, const char *path, mc_diag *d);

#endif
