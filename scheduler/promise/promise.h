/*
 * promise.h - capable-to-promise: the date an order configured now can
 * reach its customer, answered from the published plan without planning
 * it again (docs/guide.md, "Promising dates").
 *
 * The published plan leaves hours, overtime and materials free on each
 * day (its capacity and materials as stored).  A quote places the whole
 * order at one plant, in whole units, on the earliest days that have room
 * for every resource kind it needs and every material it takes (a
 * material taken on a day is gone from every later day's stock), from the
 * first day the next night can still plan, within its release and the
 * plan's horizon; it arrives over the plant's lane.  What other promises
 * hold (store.h, "promises") is not free.
 *
 *   firm         it fits in what the plan leaves free; the date is kept
 *                by the next night (promises are orders to it, due on
 *                their dates, at the highest priority);
 *   needs plan   it does not fit by the date wanted (or at all): what an
 *                earlier date costs is priced with the plan's shadow
 *                prices (overtime, hours taken from other work, short
 *                materials) and only the next night's plan can give it;
 *   impossible   no plant can make it (the reasons late and unmet orders
 *                get: no plant has a cost for the family, no lane to the
 *                region, a resource kind missing), or the horizon ends
 *                first.
 *
 * Memory: a base owns its arena (the model, its tables); a quote's lists
 * come from the caller's arena.
 */
#ifndef MC_PROMISE_H
#define MC_PROMISE_H

#include "diag.h"
#include "load.h"
#include "model.h"
#include "store.h"

/* What the published plan leaves free, as quotes read it.  Built once per
 * published run and read only after: threads may share one. */
typedef struct mc_ctp_base {
	mc_arena *a;
	mc_model m;	 /* the run's model (its stored inputs) */
	int64_t run;	 /* the published run */
	int frozen_days; /* its frozen window: the next night keeps it */
	int H;		 /* horizon days */
	/* [r * H + t], minutes: regular hours the plan leaves free,
	 * overtime it leaves free, minutes it uses; one more hour's worth
	 * (the LP's dual, per hour) */
	double *reg, *ot, *used, *shadow;
	/* [(p * nmaterials + k) * H + t]: of a listed material, what the
	 * plan leaves by the end of day t (available - used, cumulative),
	 * what there is at all, and one more unit's worth on day t */
	double *mat_left, *mat_have, *mat_shadow;
	mc_order_reader *reader;      /* orders asked about, against m */
	mc_id_index res_ix, plant_ix; /* holds' names to indexes */
} mc_ctp_base;

/* Builds the base of published run `run` of store s.  Returns 0, or -1
 * with the reason in d (*b then needs no release). */
int mc_ctp_base_build(mc_store *s, int64_t run, mc_ctp_base *b, mc_diag *d);
void mc_ctp_base_release(mc_ctp_base *b); /* accepts a zeroed base */

/* The base's free capacity less what promises hold: reg, ot and mat_left
 * as in the base, for one quote or one thread's cache of them. */
typedef struct mc_ctp_free {
	double *reg, *ot, *mat_left;
	int64_t run;	    /* the base's run */
	int64_t stamp;	    /* the promises' stamp it was made at */
	double valid_until; /* unix time the first hold in it expires, 0
			     * none (the cache is stale from then) */
} mc_ctp_free;

/* *f = the base's free capacity less holds[0..n) that have not expired at
 * unix time now (malloc'd: release with mc_ctp_free_release()).  Holds of
 * resources, plants or materials the base does not know are ignored (a
 * promise of an older plan's). */
void mc_ctp_free_make(const mc_ctp_base *b, const mc_hold *holds, int n,
		      double now, mc_ctp_free *f);
void mc_ctp_free_release(mc_ctp_free *f);

/* Units on one production day (a day number). */
typedef struct mc_ctp_day {
	int day, units;
} mc_ctp_day;

/* Minutes of resource r on horizon day t that a way of making the order
 * takes: free regular hours, free overtime, hours taken from other work. */
typedef struct mc_ctp_use {
	int r, t;
	double reg, ot, displaced;
} mc_ctp_use;

/* Of material k at plant p, what a way of making it takes on day t, and
 * how much of that is short (taken from other work's). */
typedef struct mc_ctp_mat {
	int p, k, t;
	double qty, short_qty;
} mc_ctp_mat;

/* One way of making the whole order at one plant. */
typedef struct mc_ctp_way {
	int plant;
	int arrive;	  /* day number the last unit arrives */
	mc_ctp_day *days; /* production days, in order */
	int ndays;
	mc_ctp_use *uses; /* by resource, day */
	int nuses;
	mc_ctp_mat *mats;
	int nmats;
	/* what it costs: per unit (make, options, lane) times the quantity,
	 * holding until the date, overtime; and for a way that needs the
	 * next plan, the shadow prices of the hours and materials it takes
	 * from other work (the LP's estimate, good for small changes) */
	double make, options, lane, holding, overtime, displaced, material;
	double total;
} mc_ctp_way;

enum mc_quote_status {
	MC_QUOTE_FIRM,	     /* fits, by the date wanted when one is */
	MC_QUOTE_LATER,	     /* fits, but only after the date wanted */
	MC_QUOTE_NEEDS_PLAN, /* does not fit in what is free at all */
	MC_QUOTE_IMPOSSIBLE, /* cannot be made or arrive in the horizon */
};

/* Stable name of a status: "firm", "later", "needs-plan", "impossible". */
const char *mc_quote_status_name(int status);

typedef struct mc_quote {
	int status;    /* enum mc_quote_status */
	int first_day; /* the first day it could be made (day number) */
	int wanted;    /* the date wanted (its due), 0 none */
	int has_firm;  /* firm: the earliest firm way */
	mc_ctp_way firm;
	/* status LATER or NEEDS_PLAN: the way the next night's plan could
	 * take, taking hours and materials from other work: by the date
	 * wanted (LATER, or NEEDS_PLAN with a date wanted), else the
	 * earliest (has_early 0 when even that is impossible: early_note
	 * says why) */
	int has_early;
	mc_ctp_way early;
	const char *early_note;
	/* IMPOSSIBLE, or why there is no firm way: a reason (enum
	 * mc_reason) and the words */
	int reason;
	const char *detail;
} mc_quote;

/* The date a quote can promise: the date wanted when its firm way arrives
 * by then, else that way's arrival; 0 when there is no firm way. */
int mc_quote_promised(const mc_quote *q);

/*
 * Quotes order o (read by mc_order_read() against b->m) on the base's
 * free capacity f, for an order taken on day `today` (a day number): its
 * first day is the day after, or the plan's first day when that is later.
 * Everything in *q comes from a.
 */
void mc_ctp_quote(const mc_ctp_base *b, const mc_ctp_free *f, const mc_order *o,
		  int today, mc_arena *a, mc_quote *q);

/* What `promise --reserve` asks. */
typedef struct mc_ctp_ask {
	const mc_order *order;
	int today;	 /* as for mc_ctp_quote() */
	double now;	 /* unix time */
	double hold_min; /* minutes a held promise lasts; <= 0: confirmed
			  * at once */
} mc_ctp_ask;

/*
 * Quotes ask->order again inside the store's transaction, on what every
 * other promise holds then, and makes the promise of its firm way (held,
 * or confirmed).  *q is that quote.  Returns 1 made (*out), 0 when there
 * is no firm way (nothing written), or -1 with the reason in d (among
 * them: the published run is no longer b->run, MC_ESTORE "the published
 * plan changed (run N): ask again").
 */
int mc_ctp_promise(mc_store *s, const mc_ctp_base *b, const mc_ctp_ask *ask,
		   mc_arena *a, mc_quote *q, mc_promise_rec *out, mc_diag *d);

/* The priority a night gives promised orders: the highest (their late
 * penalty counts this many times), and the factor on their unmet penalty
 * (at most MC_MAX_MONEY), so that leaving a promise unmet is never
 * cheaper than making it late. */
#define MC_PROMISE_PRIORITY 100

/*
 * The orders file a night reads its open promises p[0..n) from
 * (mc_store_promise_open()): "orders:" with one entry per promise, its
 * order id, due on its promised date, MC_PROMISE_PRIORITY, and its
 * order's spec (the unmet penalty raised by MC_PROMISE_PRIORITY).
 * NUL-terminated, from a; *len its length.
 */
char *mc_ctp_orders_text(const mc_promise_rec *p, int n, mc_arena *a,
			 size_t *len);

#endif
