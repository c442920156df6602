/*
 * gen.h - synthetic planning instances of any size (`mcsched gen`).
 *
 * mc_gen_write() writes catalog.yaml, plants.yaml, orders.yaml and job.yaml
 * (docs/inputs.md) into a directory.  The output depends only on the
 * order count, the seed and the shape (mc_gen_shape): the same arguments give
 * byte-identical files on every run and machine.
 *
 * The default shape is three families (a sofa, a made-to-measure shirt and a
 * split air conditioner, each with three options; data/samples/catalog.yaml
 * is that catalog verbatim), 3 to 10 plants and 1 to 4 resources per group
 * growing with the order count, and a 28-day horizon.  A shape may ask for
 * more families (variants of the three with their own id, code and GTIN,
 * scaled routings and costs, made at two of the plants that make the
 * original), more or fewer options per family, any number of plants (beyond
 * the ten named ones, second sites of them), a fixed number of resources
 * per group, another horizon, and another spread of due and release days.
 *
 * Plants, resources and materials are scaled to the generated demand so the
 * bottleneck kinds (sofa upholstery, shirt sewing, aircon test) run at
 * roughly 95-115% of their regular hours, and every element of the planning
 * model (docs/design.md, "The planning model") occurs: material stock and
 * dated receipts, per-unit and per-option materials, releases,
 * max_late_days, priorities, workdays, holidays, per-date hours including
 * down days, overtime, lane cost_by_family, plant routing overrides, option
 * costs, resource family restrictions, order penalty overrides, plants that
 * do not make a family and a family with no lane to a region.
 *
 * The orders drawn for a seed do not depend on the plants (nor on --plants
 * and --lines), so an orders.yaml made for one (norders, seed) also fits any
 * plants.yaml with the same catalog, regions and horizon (the shipped
 * samples use this).
 */
#ifndef MC_GEN_H
#define MC_GEN_H

#include "diag.h"

#include <stdint.h>

/* Largest norders mc_gen_write() accepts. */
#define MC_GEN_MAX_ORDERS 10000000
/* Bounds of the shape's knobs. */
#define MC_GEN_MAX_PLANTS   99
#define MC_GEN_MAX_LINES    20
#define MC_GEN_MAX_FAMILIES 300
#define MC_GEN_MAX_OPTIONS  8
#define MC_GEN_MIN_DAYS	    14
#define MC_GEN_MAX_DAYS	    366

/*
 * The shape of an instance.  0 in plants, lines and due_spread means the
 * default, which depends on the other arguments.
 */
typedef struct mc_gen_shape {
	int plants;	/* 3..MC_GEN_MAX_PLANTS; 0: 3 to 10, growing with
			 * the orders */
	int lines;	/* resources in each group (a plant's resources of
			 * one kind for the same families), 1..MC_GEN_MAX_LINES;
			 * 0: 1 to 4 growing with the orders, at least 2 on a
			 * bottleneck where each can make a unit a day */
	int families;	/* 3..MC_GEN_MAX_FAMILIES: the three, then variants */
	int options;	/* options per family, 1..MC_GEN_MAX_OPTIONS: the
			 * first ones of the three, then derived ones */
	int days;	/* horizon, MC_GEN_MIN_DAYS..MC_GEN_MAX_DAYS */
	int due_spread; /* orders are due on one of this many days from the
			 * third day of the horizon, 1..MC_GEN_MAX_DAYS; 0:
			 * days + 5 (up to six days past the horizon) */
	double release_share; /* share of orders (due from the fifth day)
			       * with a release day, 0..1 */
} mc_gen_shape;

/* Today's shape: what `mcsched gen` writes without shape options. */
#define MC_GEN_SHAPE_DEFAULT                                                   \
	{                                                                      \
		0, 0, 3, 3, 28, 0, 0.12                                        \
	}

/*
 * Sets *s to the named shape: "default" (MC_GEN_SHAPE_DEFAULT) or "xl"
 * (10 plants x 5 lines, 50 families, 60 days; the rest default).  Returns
 * 0, or -1 with an MC_EUSAGE message in d and *s unchanged.
 */
int mc_gen_shape_named(const char *name, mc_gen_shape *s, mc_diag *d);

/*
 * Writes catalog.yaml, plants.yaml, orders.yaml and job.yaml for norders
 * orders (1 .. MC_GEN_MAX_ORDERS) drawn with seed into dir, creating dir
 * (and missing parents) if needed and replacing files of those names.
 * Returns 0, or -1 with a message in d (MC_EUSAGE for a bad norders,
 * MC_EINPUT when a directory or file cannot be created or written; files
 * already written are left in place then; each file is whole or untouched,
 * see mc_file_write()).
 */
int mc_gen_write(const char *dir, int norders, uint64_t seed, mc_diag *d);

/*
 * mc_gen_write() with a shape (NULL: MC_GEN_SHAPE_DEFAULT).  A knob out of
 * its bounds is an MC_EUSAGE error naming its option (--plants, ...); all
 * bad knobs are reported, and nothing is created.
 */
int mc_gen_write_shape(const char *dir, int norders, uint64_t seed,
		       const mc_gen_shape *s, mc_diag *d);

#endif
