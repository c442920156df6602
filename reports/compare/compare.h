/*
 * compare.h - `mcsched compare`: two or more stored runs side by side (two
 * nights, or a base run and its what-if scenarios), read through the
 * store's mc_run_view like every report (compare never touches SQLite).
 *
 * The first run is the reference; every other run is set against it:
 *   - the cost parts, plan cost, LP bound and gap, and the service KPIs of
 *     every run, with each run's delta (absolute and %) to the reference;
 *   - per resource (matched by id), hours over the horizon (regular,
 *     overtime allowed, used, overtime used), utilization and the sum of
 *     its daily shadow prices, with deltas, and the resources whose shadow
 *     price rose and fell most;
 *   - the orders (matched by id) whose outcome changed, each with the kinds
 *     of change and a reason derived from what the two runs hold (below).
 *
 * Customer names are never shown, in any format.
 *
 * Reasons.  The store keeps, for every run, each order as the run saw it
 * (quantity, due and release dates, priority, penalties, region, family,
 * options), its outcome, and every resource's hours, use and shadow price
 * per day.  A changed order's reason is made of, in this order:
 *   - "new" / "withdrawn": the order is in one run only;
 *   - its own inputs that differ: "quantity 10 -> 12", "due 2026-11-27 ->
 *     2026-11-26", a release, region, family, options, priority, penalty or
 *     max_late_days change;
 *   - "hours": a resource it was made on (or that its reason names) has
 *     fewer or more hours (regular + overtime allowed) between its release
 *     and its due date, over the dates both horizons hold;
 *   - "shadow": no hours changed, but such a resource's shadow price over
 *     that window rose or fell: other orders compete for it more or less;
 *   - "demand": more or fewer units of its family are ordered in all;
 *   - "rebalanced": none of the above; the plan moved it for the others.
 * The run's own reason for a late or unmet order (capacity, window, ...)
 * is kept beside it.
 */
#ifndef MC_COMPARE_H
#define MC_COMPARE_H

#include "arena.h"
#include "diag.h"
#include "stats.h"
#include "store.h"

#include <stdio.h>

/* Most runs one compare takes (the reference included). */
#define MC_COMPARE_MAX_RUNS 8
/* Most changed orders the text (per run) and HTML pages list; CSV and JSON
 * list them all. */
#define MC_COMPARE_MAX_TEXT 50
#define MC_COMPARE_MAX_HTML 200
/* Resources named as the shadow price's biggest risers and fallers. */
#define MC_COMPARE_TOP 5

/* Kinds of change of an order, worst first: the order of the lists. */
enum mc_order_change {
	MC_CHG_TO_UNMET,   /* more of its units unmet */
	MC_CHG_TO_LATE,	   /* on time (or unmet) before, late units now */
	MC_CHG_REMOVED,	   /* only in the reference run */
	MC_CHG_ADDED,	   /* only in the compared run */
	MC_CHG_QUANTITY,   /* its quantity changed */
	MC_CHG_PLANT,	   /* made at other plants */
	MC_CHG_DAY,	   /* same plants, other production days */
	MC_CHG_TO_PLANNED, /* fewer of its units unmet */
	MC_CHG_TO_ON_TIME, /* late units before, none now (some planned) */
	MC_CHG_N
};

/* "to_unmet", "to_late", ... (the JSON and CSV names) and the words
 * ("planned -> unmet", "on time -> late", "only in reference", ...). */
const char *mc_change_key(int kind);
const char *mc_change_label(int kind);

/* An order in one run, as compare describes it. */
typedef struct mc_cmp_side {
	const mc_view_order *o; /* NULL: not in this run */
	int on_time; /* made and planned units arriving by the due date */
	const char *plants; /* "GZ-NANSHA" or "DG-HUMEN+GZ-NANSHA", NULL */
	const char *first_day, *last_day; /* production dates, NULL none */
	const char *outcome; /* "on time", "2 on time, 1 late (3 d)", ... */
} mc_cmp_side;

/* An order whose outcome changed between the reference and a run. */
typedef struct mc_cmp_order {
	const char *id;
	const char *family; /* the run's, else the reference's */
	mc_cmp_side ref, run;
	unsigned kinds;		 /* bit (1u << MC_CHG_*) per kind of change */
	int kind;		 /* the first (worst) of them */
	const char *reason_code; /* "new", "withdrawn", "quantity", "due",
				  * "release", "input", "hours", "shadow",
				  * "demand", "rebalanced" */
	const char *reason;	 /* in words, parts joined by "; " */
} mc_cmp_order;

/* A resource (by id) in the reference and a run: totals over each run's
 * horizon. */
typedef struct mc_cmp_res_side {
	int present;
	double hours, ot_max, used, ot, util, shadow_sum;
	int shadow_days;
} mc_cmp_res_side;

typedef struct mc_cmp_res {
	const char *id, *plant, *kind;
	mc_cmp_res_side ref, run;
	int changed; /* hours, use or shadow price differ (or in one run) */
} mc_cmp_res;

/* A run against the reference. */
typedef struct mc_cmp_pair {
	const mc_run_view *ref, *run;
	mc_cmp_res *res; /* the reference's resources in its order, then the
			  * run's other ones */
	int nres, nres_changed;
	int *rose, nrose;     /* res indexes whose shadow sum rose most */
	int *fell, nfell;     /* ... fell most */
	mc_cmp_order *orders; /* changed orders, worst kind first, then
			       * reference order (new ones last) */
	int norders;
	int count[MC_CHG_N]; /* orders with each kind (an order may count
			      * under several) */
} mc_cmp_pair;

/* What the cost and service rows measure, for formatting and deltas. */
enum mc_metric_unit {
	MC_UNIT_MONEY,
	MC_UNIT_COUNT,
	MC_UNIT_RATE, /* a fraction; deltas in percentage points */
	MC_UNIT_HOURS,
	MC_UNIT_DAYS
};

/* One row of the cost or service table. */
typedef struct mc_cmp_metric {
	const char *key;   /* "make", ..., "plan_cost", "units_late", ... */
	const char *label; /* "make", ..., "plan cost", "units late", ... */
	int unit;	   /* enum mc_metric_unit */
	int cost;	   /* 1 a cost row, 0 a service row */
	double *x;	   /* [nruns] values, NAN where a run has none */
} mc_cmp_metric;

typedef struct mc_compare {
	const mc_run_view *runs; /* runs[0] is the reference */
	int nruns;
	mc_run_stats *stats; /* [nruns] */
	mc_cmp_metric *metrics;
	int nmetrics;
	mc_cmp_pair *pairs; /* [nruns - 1]: runs[k + 1] against runs[0] */
	int width; /* text: the widest line, 0 no limit (set by the caller;
		    * mc_compare_build() sets 0) */
} mc_compare;

/* Compares runs[1..n) with runs[0] into *c; everything from a. */
void mc_compare_build(const mc_run_view *runs, int n, mc_arena *a,
		      mc_compare *c);

/* delta of x against the reference value r: x - r; the relative delta
 * (x - r) / |r|, NAN when r is 0 or not known, or for a rate. */
double mc_compare_rel(double r, double x, int unit);

/* x as the tables show a value of unit: money "1,234.50", a rate
 * "12.34%", hours "12.5", counts and days "12"; "-" when x is not known.
 * Writes into buf and returns it. */
char *mc_compare_value(char *buf, size_t n, double x, int unit);
/* An order's production dates in a run as "11-26" or "11-26..11-28"
 * (month-day; the runs' horizons give the year), "-" when none. */
char *mc_compare_days(char *buf, size_t n, const mc_cmp_side *s);

/* Index of format among "text", "csv", "json", "html", or -1 with the
 * message mc_report_format() gives (MC_EUSAGE). */
int mc_compare_format(const char *format, mc_diag *d);

/* Writes the comparison of runs[1..n) with runs[0] as format to out.
 * Returns 0, or -1 with a message in d: MC_EUSAGE for an unknown format
 * or fewer than 2 runs, MC_EINPUT when out reports a write error. */
int mc_compare_write(const mc_run_view *runs, int n, const char *format,
		     FILE *out, mc_diag *d);
/* The same with text lines at most width columns (0: no limit; the tables
 * of many runs are split into blocks, long texts cut). */
int mc_compare_write_width(const mc_run_view *runs, int n, const char *format,
			   int width, FILE *out, mc_diag *d);

/* The same into the file at path, whole or not at all (mc_file_write()):
 * a bad format or a failed write leaves an existing file as it was. */
int mc_compare_save(const mc_run_view *runs, int n, const char *format,
		    const char *path, mc_diag *d);
int mc_compare_save_width(const mc_run_view *runs, int n, const char *format,
			  int width, const char *path, mc_diag *d);

#endif
