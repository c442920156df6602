/*
 * publish.h - whether a night's plan run becomes the published plan: the
 * publish mode and the guards of `--publish auto`, as a pure function over
 * plain facts (the store only reads the facts it holds).
 *
 * `--publish always` publishes every plan run and `never` none.  `auto`
 * publishes a run only when
 *   - it has at least min_orders orders, and at least half the orders of
 *     the published plan (an empty or truncated orders file would
 *     otherwise cancel every live unit);
 *   - its LP is optimal, and its gap within max_gap percent;
 *   - every frozen unit could be kept (no frozen unit's plant is gone or
 *     can no longer make it).
 * A run not published is kept back: stored, reported, but it changes no
 * unit (store.h).
 */
#ifndef MC_PUBLISH_H
#define MC_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

typedef enum mc_publish_mode {
	MC_PUBLISH_AUTO,
	MC_PUBLISH_ALWAYS,
	MC_PUBLISH_NEVER,
} mc_publish_mode;

/* The mode named text ("auto", "always", "never") into *mode.  Returns
 * 0, or -1 (and *mode unchanged) for any other text or NULL. */
int mc_publish_mode_parse(const char *text, mc_publish_mode *mode);
/* The mode's name ("auto"). */
const char *mc_publish_mode_name(mc_publish_mode mode);

/* What the publish decision looks at. */
typedef struct mc_publish_facts {
	mc_publish_mode mode;
	int norders;	/* orders of the run's input book */
	int min_orders; /* --min-orders */
	/* the published plan: its run (0 none) and its orders */
	int64_t published_run;
	int published_orders;
	const char *lp_status; /* "optimal", ...; NULL none */
	double gap;	       /* the run's gap (fraction) */
	double max_gap;	       /* --max-gap, percent */
	int frozen_ok;	       /* every frozen unit could be kept */
} mc_publish_facts;

/* Whether a run with facts f is published: 1 yes; 0 no, with the reason
 * in why ("0 orders, fewer than --min-orders 1"; "--publish never"). */
int mc_publish_decide(const mc_publish_facts *f, char *why, size_t size);

#endif
