/*
 * load.h - reading the YAML inputs (docs/inputs.md) into an mc_model,
 * with validation.  This module is the only one that includes <yaml.h>.
 *
 * Every problem found is appended to the caller's mc_diag as
 * "file:line:column: message" (1-based), as many at once as can be found,
 * with status MC_EINPUT; the functions then return -1.  All memory comes
 * from the arena given; nothing is written anywhere.
 */
#ifndef MC_LOAD_H
#define MC_LOAD_H

#include "diag.h"
#include "model.h"
#include "scenario.h"
#include "settings.h"

#include <stddef.h>

/*
 * Bounds of every number and count in the inputs (README "Bounds"), chosen
 * from what a real plant could have, with room to spare.  A value outside
 * them is reported at its position.  They also make the arithmetic safe:
 * every date is inside MC_DATE_MIN..MC_DATE_MAX (< 50,000), so a day plus
 * a horizon, lane or lateness bound stays below 60,000 and no int day sum
 * can overflow; the units of one order book stay below MC_MAX_UNITS, so a
 * night cannot use more than 5,000,000 of the 10^12 - 1 twelve-digit
 * serials; and money times days times priority stays below 10^11, far
 * inside a double's exact range.
 */
#define MC_MAX_QUANTITY	  10000	  /* units of one order */
#define MC_MAX_UNITS	  5000000 /* units of all orders together */
#define MC_MAX_MONEY	  1e6	  /* any cost or penalty, per unit/day/hour */
#define MC_MAX_MINUTES	  1e4	  /* minutes of one unit on one kind */
#define MC_MAX_HOURS	  1e4	  /* hours of one resource on one day */
#define MC_MAX_AMOUNT	  1e9	  /* material stock or receipt */
#define MC_MAX_PER_UNIT	  1e4	  /* material used by one unit */
#define MC_MAX_PRIORITY	  100	  /* weight on the late penalty */
#define MC_MAX_HORIZON	  366	  /* days in the horizon */
#define MC_MAX_LANE_DAYS  120	  /* transit days of a lane */
#define MC_MAX_LATE_DAYS  366	  /* max_late_days of an order */
#define MC_MAX_TIME_LIMIT 86400	  /* seconds, job.yaml time_limit */
#define MC_MAX_STABILITY  1e6	  /* stability cost per unit moved */
#define MC_MIN_NONZERO	  1e-4	  /* smallest non-zero fractional number */
#define MC_MAX_ORDERS	  1000000 /* orders in orders.yaml */
#define MC_MAX_FAMILIES	  1000	  /* families in catalog.yaml */
#define MC_MAX_OPTIONS	  32	  /* options of one family */
#define MC_MAX_VALUES	  500	  /* values of one option */
#define MC_MAX_PLANTS	  100	  /* plants in plants.yaml */
#define MC_MAX_RESOURCES  2000	  /* resources of all plants */
#define MC_MAX_LANES	  10000	  /* lanes */
#define MC_MAX_REGIONS	  1000	  /* regions */
#define MC_MAX_KINDS	  100	  /* distinct resource kinds */
#define MC_MAX_MATERIALS  200	  /* distinct materials */
#define MC_MAX_DATES	  1000	  /* holidays, calendar or receipt dates */
/* What the inputs together may ask of the LP (see check_size in load.c). */
#define MC_MAX_ENTRIES                                                         \
	2e9		/* orders x plants x days x (1 + kinds + materials) */
#define MC_MAX_GRID 2e7 /* families x plants x days x kinds */

/* Bounds of the files themselves, checked before anything is loaded. */
#define MC_MAX_FILE_BYTES (256LL << 20) /* one input file */
#define MC_MAX_DEPTH	  20		/* nesting of YAML collections */
#define MC_MAX_KEYS	  10000		/* keys of one YAML mapping */
#define MC_MAX_ITEMS	  MC_MAX_ORDERS /* items of one YAML sequence */
#define MC_MAX_TEXT	  4096		/* bytes of one YAML scalar */
#define MC_MAX_ALIASES	  10000		/* YAML aliases (*name) in a file */
#define MC_MAX_CHANGES	  1000		/* changes of one scenario */
#define MC_MAX_SCALE	  10		/* a scenario's demand_scale */

/* An input file: read from path, or, when bytes is not NULL, these len
 * bytes stand for the file at path (the snapshot of a stored run). */
typedef struct mc_source {
	const char *path;
	const char *bytes;
	size_t len;
	int start; /* plants.yaml only: the horizon's first day (a day
		    * number) instead of its horizon.start; 0 = as written */
	int yield; /* orders files after the first only: an order whose id
		    * an earlier file has is left to it (not read, not an
		    * error); the file is the run's "promises" input */
} mc_source;

/*
 * Loads and validates catalog, plants and norders order files (1 ..
 * MC_MAX_ORDER_FILES: orders of every file together, ids unique across
 * them) into *m, which it initialises (m->arena = a), keeping each file's
 * bytes in m->inputs, and calls mc_model_finish().  Returns 0, or -1 with
 * every error found in d.
 */
int mc_load_sources(mc_arena *a, const mc_source *catalog,
		    const mc_source *plants, const mc_source *orders,
		    int norders, mc_model *m, mc_diag *d);

/*
 * mc_load_sources(), then scenarios sc[0..nsc) applied in order (the
 * orders files they add must be among orders[]: see
 * mc_scenario_order_files()), each one's file noted among m->inputs (role
 * "scenario") and its name in m->scenario.  Every scenario is applied that
 * can be, so all their errors are reported at once.  Returns 0, or -1 with
 * every error found in d.
 */
int mc_load_overlaid(mc_arena *a, const mc_source *catalog,
		     const mc_source *plants, const mc_source *orders,
		     int norders, mc_scenario *const *sc, int nsc, mc_model *m,
		     mc_diag *d);

/*
 * mc_load_sources() of three files on disk: loads and validates catalog, plants
 * and orders into *m (which it initialises; m->arena = a) and calls
 * mc_model_finish().  Returns 0, or -1 with every error found in d.
 */
int mc_load_inputs(mc_arena *a, const char *catalog, const char *plants,
		   const char *orders, mc_model *m, mc_diag *d);

/*
 * A reader of single orders against a loaded model (a promise's order,
 * scheduler/promise/promise.h): the model's families, options and regions
 * indexed once, so each order costs only its own parse.  The model must
 * outlive the reader and not change; a reader may be shared by threads
 * (mc_order_read() only reads it).
 */
typedef struct mc_order_reader mc_order_reader;
mc_order_reader *mc_order_reader_new(const mc_model *m);
void mc_order_reader_free(mc_order_reader *r); /* accepts NULL */

/*
 * Reads one order from `from` (YAML or JSON: a mapping with the keys of
 * an orders.yaml entry, docs/inputs.md; id, customer and due may be left
 * out) into *o, from a: names checked against the model (with "did you
 * mean"), due (the date wanted; 0 when not given) between the horizon's
 * start and its end plus the longest lane, release inside the horizon.
 * o->id and o->customer are NULL when not given.  Returns 0, or -1 with
 * every error found in d (file:line:column, from's path).
 */
int mc_order_read(const mc_order_reader *r, mc_arena *a, const mc_source *from,
		  mc_order *o, mc_diag *d);

/* Reads a what-if scenario (scenario.h) from from (a file, or a stored
 * snapshot's bytes).  Returns 0, or -1 with every error found in d. */
int mc_load_scenario(mc_arena *a, const mc_source *from, mc_scenario *sc,
		     mc_diag *d);

/* A job.yaml names the inputs and the plan settings (settings.h) so a cron
 * line is just `mcsched plan job.yaml`; paths in it are relative to the
 * job file.  Reads one into *job: every setting its default
 * (mc_settings_init), then each key the file has, checked against its
 * row's bounds, with its bit in job->given.  Returns 0, or -1 with errors
 * in d. */
int mc_load_job(mc_arena *a, const char *path, mc_settings *job, mc_diag *d);

#endif
