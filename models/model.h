/*
 * model.h - the planning domain: catalog, plants, lanes, orders, and the
 * plan a run produces.
 *
 * Everything here is a plain record allocated from the run's mc_arena and
 * cross-referenced by index (family 3, plant 1, ...), never by pointer, so a
 * model can be copied, overlaid by a scenario and compared cheaply.  Names
 * (resource kinds, materials, regions) are interned in tables on mc_model
 * and referenced by index too.
 *
 * Days: input dates are day numbers (see date.h).  Inside the planning model
 * a production day is an index t = 0 .. horizon_days-1, date = start + t.
 *
 * Per-kind and per-material quantities are dense arrays indexed by kind or
 * material id (there are few of either), with 0 meaning "none".
 *
 * The loader (load.h) fills an mc_model and then calls mc_model_finish(),
 * which derives the per-day capacity tables below.
 */
#ifndef MC_MODEL_H
#define MC_MODEL_H

#include "arena.h"

#include <stddef.h>
#include <stdint.h>

/* Where a record came from, for error messages (1-based). */
typedef struct mc_pos {
	const char *file;
	int line, col;
} mc_pos;

enum mc_family_kind { MC_FURNITURE, MC_APPAREL, MC_AIRCON };

typedef struct mc_optval {
	const char *name;  /* "3hp" */
	double *routing;   /* [nkinds] minutes added per unit */
	double cost;	   /* added to the unit cost */
	double *materials; /* [nmaterials] quantity added per unit */
	mc_pos pos;
} mc_optval;

typedef struct mc_option {
	const char *name; /* "capacity" */
	mc_optval *vals;
	int nvals;
	mc_pos pos;
} mc_option;

typedef struct mc_family {
	const char *id;	  /* "aircon-split" */
	int kind;	  /* enum mc_family_kind */
	const char *code; /* "AC", 2-4 capitals */
	const char *gtin; /* 14 digits, check digit valid */
	double *routing;  /* [nkinds] minutes per unit */
	double holding_cost, late_penalty, unmet_penalty;
	mc_option *opts;
	int nopts;
	double *materials; /* [nmaterials] per unit */
	mc_pos pos;
} mc_family;

typedef struct mc_resource {
	const char *id;
	int plant; /* index into plants */
	int kind;  /* index into kinds */
	double hours;
	double ot_hours, ot_cost; /* per workday max extra hours, cost/hour */
	unsigned char *admits;	  /* [nfamilies] 1 if the family may use it */
	/* calendar overrides as given: cal_n pairs (date day number, hours) */
	int *cal_day;
	double *cal_hours;
	int cal_n;
	/* derived by mc_model_finish(): [horizon_days] */
	double *day_hours; /* regular hours available on day t */
	double *day_ot;	   /* max overtime hours on day t */
	mc_pos pos;
} mc_resource;

typedef struct mc_plant {
	const char *id, *name;
	unsigned workdays; /* bit w set = weekday w (0 = Monday) is a workday */
	int *holidays;	   /* day numbers */
	int nholidays;
	unsigned char *makes; /* [nfamilies] family has a cost here */
	double *cost;	      /* [nfamilies] per-unit cost where makes */
	double *routing; /* [nfamilies * nkinds] override minutes, <0 none */
	int *resources;	 /* indices of this plant's resources */
	int nresources;
	/* materials: listed[m] = 1 if this plant limits material m */
	unsigned char *mat_listed; /* [nmaterials] */
	double *mat_stock;	   /* [nmaterials] stock at horizon start
				    * (receipts dated before it included) */
	double *mat_receipts;	   /* [mat * horizon_days + t] arriving on t */
	mc_pos pos;
} mc_plant;

typedef struct mc_lane {
	int plant, region;
	int days;	     /* transit days, >= 0 */
	double cost;	     /* per unit */
	double *family_cost; /* [nfamilies] cost override, <0 none */
	mc_pos pos;
} mc_lane;

typedef struct mc_order {
	const char *id, *customer;
	int region, family;
	int *opt;     /* [family.nopts] chosen value index per option */
	int quantity; /* > 0 */
	int due;      /* day number */
	int release;  /* day number; horizon start when not given */
	double priority;
	double late_penalty, unmet_penalty; /* family's unless overridden */
	int max_late_days;		    /* -1 = no limit */
	mc_pos pos;
} mc_order;

/* Order files one model may be loaded from: the order book and files of
 * orders a what-if scenario adds. */
#define MC_MAX_ORDER_FILES 8
/* Scenario overlays one model may have applied: a night's accepted
 * scenarios (plan --scenario) and a what-if's own. */
#define MC_MAX_SCENARIOS 8

/* An input file that went into the model, for the run's record. */
typedef struct mc_input {
	const char *role; /* "catalog", "plants", "orders", "scenario", ... */
	const char *path;
	char digest[17];   /* FNV-1a 64 of the bytes, hex */
	const char *bytes; /* the file's bytes (NUL-terminated), or NULL */
	size_t len;
} mc_input;

/* Stability (the nightly cycle, scheduler/night/commit.h): `units` units of the
 * published plan that order `order` has on plant `plant`, day `day` (a
 * horizon index) and that the new plan should keep there.  The LP charges
 * mc_model.stability_cost per unit that moves off them. */
typedef struct mc_keep {
	int order, plant, day, units;
} mc_keep;

/* Minutes frozen units of family `family` need on resource kind `kind`
 * at plant `plant` on day `day` (a horizon index), where several resources
 * of the kind admit the family: the LP places them with its own (the
 * nightly cycle, scheduler/night/commit.h), so they take regular hours wherever
 * the kind has them before any overtime. */
typedef struct mc_fixmin {
	int family, plant, day, kind;
	double minutes;
} mc_fixmin;

typedef struct mc_model {
	mc_arena *arena;
	const char *enterprise, *prefix; /* "88.999.1" */
	int start, horizon_days;	 /* first day number, count */
	/* the day plants.yaml's stock is counted on: its horizon.start as
	 * written (start may be later: plan --start); units made from that
	 * day on have taken their materials out of it (commit.h) */
	int stock_day;

	const char **kinds; /* resource kinds, interned */
	int nkinds;
	const char **materials;
	int nmaterials;
	const char **regions;
	int nregions;

	mc_family *families;
	int nfamilies;
	mc_plant *plants;
	int nplants;
	mc_resource *resources;
	int nresources;
	mc_lane *lanes;
	int nlanes;
	mc_order *orders;
	int norders;
	int orders_room; /* orders the array has room for once
			  * mc_commit_readd_order() grew it (0: norders) */

	mc_input inputs[2 + MC_MAX_ORDER_FILES + MC_MAX_SCENARIOS];
	int ninputs;
	const char *scenario; /* the applied scenarios' names ("a + b"),
			       * NULL for a plain plan */

	/* derived by mc_model_finish(): [nplants * nregions] lane index or -1
	 */
	int *lane_of;

	/* Stability: where the published plan has units the plan should
	 * keep, and what moving one costs (0 none).  Empty for a plan
	 * without a published plan to hold to, and for what-ifs. */
	mc_keep *keep;
	int nkeep;
	double stability_cost;
	/* Frozen minutes the LP places (sorted by family, plant, day, kind;
	 * their hours are not taken out of the resources'). */
	mc_fixmin *fixmin;
	int nfixmin;
} mc_model;

/* ---- derived facts, all valid after mc_model_finish() ---- */

/* Computes the per-day resource tables and the lane lookup.  Call after
 * loading and after any overlay that changes calendars or lanes. */
void mc_model_finish(mc_model *m);

/* Minutes in an hour: resource hours are planned in minutes. */
#define MC_MIN_PER_HOUR 60.0

/* Minutes resource r offers on day t: regular hours only, and regular
 * hours plus the overtime allowed. */
double mc_model_regular_minutes(const mc_model *m, int r, int t);
double mc_model_max_minutes(const mc_model *m, int r, int t);
/* What each plant has of each listed material by the end of each day:
 * its stock plus every receipt so far, [(p * nmaterials + k) * days + t],
 * allocated from a (0 for materials the plant does not list). */
double *mc_model_mat_have(const mc_model *m, mc_arena *a);

/* Index of a name in a table, or -1. */
int mc_model_find(const char *const *names, int n, const char *name);
/* Index of the record whose id is id among n records of stride bytes,
 * first pointing at the id field of the first (&m->plants[0].id), or -1
 * (also for a NULL id). */
int mc_model_index(const char *const *first, size_t stride, int n,
		   const char *id);

/* Records sorted by id, for lookups by id (mc_id_index_find()): n
 * records of stride bytes, first pointing at the id field of the first
 * (&m->plants[0].id).  Built with malloc: release with
 * mc_id_index_free().  mc_order_index_build() indexes m's orders. */
typedef struct mc_id_key {
	const char *id;
	int index;
} mc_id_key;
typedef struct mc_id_index {
	mc_id_key *keys;
	int n;
} mc_id_index;
void mc_id_index_build(mc_id_index *ix, const char *const *first, size_t stride,
		       int n);
void mc_order_index_build(const mc_model *m, mc_id_index *ix);
/* Index of the record with this id, or -1 (also for NULL). */
int mc_id_index_find(const mc_id_index *ix, const char *id);
void mc_id_index_free(mc_id_index *ix);

/* The resources at plant p of kind k that admit family f: how many, and
 * unless out is NULL their indexes into out (room for the plant's resource
 * count). */
int mc_model_admitting(const mc_model *m, int p, int k, int f, int *out);

/* Minutes one unit of order o takes on resource kind k at plant p: the
 * plant's routing for the family where it has one for k, else the
 * catalog's, plus what the chosen options add. */
double mc_model_unit_minutes(const mc_model *m, int o, int p, int k);

/* Material m used by one unit of order o (family's plus options'). */
double mc_model_unit_material(const mc_model *m, int o, int mat);

/* Per-unit cost of order o made at p that does not depend on the day:
 * plant cost + option costs + lane cost for the family. */
double mc_model_unit_fixed_cost(const mc_model *m, int o, int p);

/* The three parts of mc_model_unit_fixed_cost(), for the cost split. */
void mc_model_cost_parts(const mc_model *m, int o, int p, double *make,
			 double *options, double *lane);

/* Day-dependent per-unit cost of order o made on day t at a plant whose
 * lane takes `transit` days: lateness penalty or holding cost. */
double mc_model_unit_day_cost(const mc_model *m, int o, int t, int transit);

/* Why order o cannot be made at plant p at all (MC_REASON_*), or
 * MC_REASON_NONE when p can serve it. */
int mc_model_plant_blocker(const mc_model *m, int o, int p);

/* The production days [*first, *last] allowed for order o at a plant with
 * transit s (release, horizon, due + max_late_days).  Returns 0 when the
 * window is empty. */
int mc_model_window(const mc_model *m, int o, int transit, int *first,
		    int *last);

/* ---- the plan of one run ---- */

enum mc_reason {
	MC_REASON_NONE = 0,
	MC_REASON_NO_PLANT,    /* no plant has a cost for the family */
	MC_REASON_NO_LANE,     /* no plant making it has a lane to the region */
	MC_REASON_NO_RESOURCE, /* plants lack a resource kind it needs */
	MC_REASON_WINDOW,      /* release/due/max-late window outside horizon */
	MC_REASON_CAPACITY,    /* resources full in its window */
	MC_REASON_MATERIAL,    /* a material runs out */
	MC_REASON_COST,	       /* making it costs more than leaving it unmet */
};

/* Stable short name of a reason ("capacity"). */
const char *mc_reason_name(int reason);

/* Units of one order made at one plant on one day. */
typedef struct mc_alloc {
	int order, plant, day; /* day = horizon index */
	int resource;	       /* resource carrying most of these minutes */
	int units;
	int arrive; /* day number it reaches the customer */
	int frozen; /* 1: units kept from the published plan (frozen window) */
} mc_alloc;

/* Something the frozen window could not keep as the published plan had it
 * (scheduler/night/commit.h): the frozen units stay, the run says so. */
typedef struct mc_conflict {
	const char *what;   /* "withdrawn", "shrunk", "hours", "material",
			     * "plant" (it can no longer make the unit),
			     * "dropped" */
	const char *order;  /* order id, NULL for hours and materials */
	const char *place;  /* resource, "plant/material" or NULL */
	int day;	    /* date (day number), 0 none */
	int units;	    /* frozen units concerned */
	const char *detail; /* human words */
} mc_conflict;

/* One resource on one day. */
typedef struct mc_resday {
	double hours;  /* regular hours available */
	double ot_max; /* overtime hours allowed */
	double used;   /* hours taken by the integral plan */
	double ot;     /* overtime hours the integral plan uses */
	double shadow; /* LP dual x 60: value of one more hour (>= 0) */
} mc_resday;

/* Per order outcome. */
typedef struct mc_order_out {
	int planned, unmet;
	int late_units;	    /* units arriving after due */
	int late_days;	    /* sum over units of days late */
	int max_late;	    /* worst lateness of a unit, days */
	int last_arrive;    /* latest arrival day number, 0 if none */
	double cost;	    /* its share of the plan cost */
	int reason;	    /* enum mc_reason for unmet (or late) units */
	const char *detail; /* human words: "GZ-AS1 full 2026-11-27..12-02" */
	/* Only when late_units > 0: what delivering the late units on time
	 * would add to the plan cost, as the LP prices it (late_units x the
	 * marginal cost of one more on-time unit of the order's class, valid
	 * for small changes).  NAN when impossible or late only after
	 * rounding (ontime_note says which and why, "impossible: ..." or
	 * "rounding: ..."), or unknown (LP not optimal, ontime_note NULL). */
	double ontime_cost;
	const char *ontime_note; /* "<kind>: <why>" or NULL */
	/* Units the floor had made (produced or shipped) when the run was
	 * planned: out of planned and unmet, delivered by their actual day
	 * (scheduler/night/made.h).  How many, how many of them arrive after
	 * due, and the latest arrival of one (day number, 0 none).  The order's
	 * quantity is made + planned + unmet. */
	int made, made_late, made_arrive;
} mc_order_out;

/* A material at a plant on a day (only for listed materials). */
typedef struct mc_matday {
	int plant, material, day;
	double available; /* stock + receipts through day t */
	double used;	  /* cumulative use through day t by the plan */
	double shadow;	  /* LP value of one more unit arriving on day t */
} mc_matday;

/* Units of an order that left their place in the published plan
 * (stability, scheduler/night/commit.h): from a plant and date to another, or
 * to unmet (to_plant -1), and why (a cause in the inputs, or "cost": the
 * LP found the move worth more than stability_cost). */
typedef struct mc_move {
	int order;
	int from_plant, from_day; /* plant index (-1: gone), date */
	int to_plant, to_day;	  /* -1 / 0 when now unmet */
	int units;
	const char *cause; /* one of mc_move_causes */
} mc_move;

/* Whether a unit of the published plan on horizon day t (of a horizon of
 * days days) is frozen: inside the horizon, and in its first frozen_days
 * days or released to the floor.  The night's commitments (commit.h) and
 * unit tagging (store) both hold to it. */
static inline int mc_frozen_day(int t, int days, int frozen_days, int released)
{
	return t >= 0 && t < days && (t < frozen_days || released);
}

/* The causes of moves, in the order reports list them, and their names
 * (mc_move.cause points at one of these). */
enum mc_move_cause {
	MC_CAUSE_ORDER,	     /* "order changed" */
	MC_CAUSE_ACTUALS,    /* "actuals" */
	MC_CAUSE_DAY_PASSED, /* "day passed" */
	MC_CAUSE_CAPACITY,   /* "capacity" */
	MC_CAUSE_NEW_ORDERS, /* "new orders" */
	MC_CAUSE_WITHDRAWN,  /* "withdrawn orders" */
	MC_CAUSE_DISPLACED,  /* "displaced" */
	MC_CAUSE_COST,	     /* "cost" */
	MC_NCAUSES
};
extern const char *const mc_move_causes[MC_NCAUSES];
/* The cause named name (a stored move's), or -1. */
int mc_move_cause(const char *name);

typedef struct mc_plan {
	mc_alloc *alloc;
	int nalloc;
	mc_order_out *orders; /* [norders] */
	mc_resday *cap;	      /* [nresources * horizon_days] */
	mc_matday *mat;
	int nmat;

	/* objective of the integral plan and its parts */
	double cost, lp_bound, gap; /* gap = (cost - bound) / max(|cost|,1) */
	double cost_make;	    /* plant costs */
	double cost_options;
	double cost_lane;
	double cost_late;
	double cost_holding;
	double cost_unmet;
	double cost_overtime;

	int units_planned, units_unmet, units_late;
	/* units made before the run (the sum of mc_order_out.made) and of
	 * them those arriving after due */
	int units_made, units_made_late;

	/* solver facts */
	int nclasses, lp_rows, lp_cols, lp_iters;
	int lp_full_cols; /* columns of the full class LP */
	int lp_rounds;	  /* pricing rounds of the session */
	int lp_blocks;	  /* independent blocks solved apart (1: whole) */
	int lp_threads;	  /* ... on up to this many threads */
	int lp_warm;	  /* 1: solved warm from a base run's basis (what-if) */
	const char *lp_status;		  /* "optimal", "time limit", ... */
	double t_build, t_solve, t_round; /* seconds */
	double t_lp; /* of t_solve, the LP itself (no on-time pricing) */

	/* Whole units, step by step (scheduler/whole/round.h): the cost of the
	 * floor + greedy repair (the fallback), and what the local
	 * improvement saved on it (0 when it found nothing or did not run),
	 * in how many moves, and how it ended: "off" (--round-time 0),
	 * "converged" (no move paid any more), "budget" or "time". */
	double cost_repair;
	/* Where the whole units started: "lp" (floor + repair) or, on a
	 * night with a published plan to hold to, "published" when keeping
	 * it (mc_round_kept()) cost less with its stability; and what keeping
	 * it costs, cost_repair's terms (NAN without a published plan) */
	const char *round_from;
	double cost_kept;
	double round_gain;
	long round_moves;
	const char *round_stop;
	/* Then the neighbourhood MIPs (scheduler/whole/lns.h): what they saved
	 * (part of round_gain), how many neighbourhoods were solved and how
	 * many of their answers the plan took, and how they ended: NULL when
	 * they did not run, "converged" (a round of every neighbourhood
	 * gained nothing), "budget", "time" or "failed". */
	double mip_gain;
	int mip_tried, mip_improved;
	const char *mip_stop;
	/* the plan's cost after the local improvement, before the MIPs
	 * (cost_repair when it did not run) */
	double cost_local;
	/* Last, what placing each plant's, day's and kind's minutes at the
	 * least overtime saved (scheduler/night/night.h), 0 when nothing */
	double ot_gain;

	/* The nightly cycle (scheduler/night/commit.h), all 0 without a
	 * published plan: units kept from it in the frozen window, units the
	 * floor made (out of the plan), whether every frozen unit is in the
	 * plan, and the conflicts. */
	int units_frozen, units_done, frozen_ok;
	int frozen_days; /* of the frozen window, at most the horizon */
	const mc_conflict *conflicts;
	int nconflicts;
	/* Stability: published units the LP could keep in place, those it
	 * kept, the cost per unit moved and what the moves cost in the LP's
	 * terms (stability_cost x (keep_units - kept_units)).  With
	 * stability on, lp_bound and gap are of cost + cost_stability. */
	int keep_units, kept_units;
	double stability_cost, cost_stability;
	/* what holding the plan costs in LP terms: the cost part of the LP
	 * optimum with stability less the LP optimum without (NAN when not
	 * known) */
	double stability_price;
	/* Units of the published plan whose order is still there (not
	 * made), and the moves of those that left their place. */
	int units_persisting, units_moved;
	mc_move *moves;
	int nmoves;
} mc_plan;

#endif
