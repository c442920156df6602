/*
 * cmd_gen.c - gen: a synthetic instance of any size (models/gen).
 */
#include "cmd.h"
#include "gen.h"
#include "load.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>

static int cmd_gen(const mc_call *x, mc_diag *d)
{
	if (!x->npos || x->o.orders < 1 || x->o.orders > MC_MAX_ORDERS)
		return mc_diag_error(d, MC_EUSAGE,
				     "gen needs --orders N (1 to %d) and a "
				     "directory",
				     MC_MAX_ORDERS);
	mc_gen_shape sh = MC_GEN_SHAPE_DEFAULT;
	if (x->o.shape && mc_gen_shape_named(x->o.shape, &sh, d) < 0)
		return -1;
	/* knobs given override the shape's (INT_MIN, NAN: not given) */
	int *const knob[] = {&sh.plants,  &sh.lines, &sh.families,
			     &sh.options, &sh.days,  &sh.due_spread};
	const int given[] = {x->o.plants,  x->o.lines, x->o.families,
			     x->o.options, x->o.days,  x->o.due_spread};
	for (size_t i = 0; i < sizeof(given) / sizeof(*given); i++)
		if (given[i] != INT_MIN)
			*knob[i] = given[i];
	if (!isnan(x->o.release_share))
		sh.release_share = x->o.release_share;
	if (mc_gen_write_shape(x->pos[0], x->o.orders,
			       (uint64_t)(unsigned)x->o.seed, &sh, d) < 0)
		return -1;
	printf("wrote %d orders (seed %d) to %s\n", x->o.orders, x->o.seed,
	       x->pos[0]);
	return 0;
}

/* A knob of the shape: an INT row, checked by the generator. */
#define KNOB(opt, field, lo, hi, text)                                         \
	{                                                                      \
		.name = opt, .type = MC_OPT_INT, .arg = "N", .min = lo,        \
		.max = hi, .lax = 1, .none = INT_MIN, .help = text,            \
		.at = offsetof(mc_args, field)                                 \
	}

static const mc_setting gen_orders = {.name = "orders",
				      .alias = 'n',
				      .type = MC_OPT_INT,
				      .arg = "N",
				      .min = 1,
				      .max = MC_MAX_ORDERS,
				      .lax = 1,
				      .required = 1,
				      .none = -1,
				      .help = "orders to draw",
				      .at = offsetof(mc_args, orders)};
static const mc_setting gen_seed = {.name = "seed",
				    .alias = 's',
				    .type = MC_OPT_INT,
				    .arg = "S",
				    .max = INT_MAX,
				    .def = "1",
				    .help = "random seed",
				    .at = offsetof(mc_args, seed)};
static const char *const shapes[] = {"default", "xl", NULL};
static const mc_setting gen_shape = {
    .name = "shape",
    .type = MC_OPT_STR,
    .choices = shapes,
    .lax = 1,
    .help = "default: the knobs' defaults below; xl: 10 plants x 5 lines, "
	    "50 families, 60 days.  Knobs given as well override the "
	    "shape's",
    .at = offsetof(mc_args, shape)};
static const mc_setting gen_plants =
    KNOB("plants", plants, 3, MC_GEN_MAX_PLANTS,
	 "plants (default 0: 3 to 10, one more at 1,500 orders and at each "
	 "tripling); beyond ten, second sites of the ten (GZ-NANSHA-2)");
static const mc_setting gen_lines =
    KNOB("lines", lines, 1, MC_GEN_MAX_LINES,
	 "resources in each group: a group is a plant's resources of one kind "
	 "for the same families (default 0: 1 to 4 growing with the orders, "
	 "at least 2 on a bottleneck)");
static const mc_setting gen_families =
    KNOB("families", families, 3, MC_GEN_MAX_FAMILIES,
	 "families (default 3: sofa, shirt-mtm, aircon-split); the rest are "
	 "variants of these (sofa-2, ...) with their own code and GTIN, scaled "
	 "minutes and costs, each made at two of the plants that make the "
	 "original");
static const mc_setting gen_options =
    KNOB("options", options, 1, MC_GEN_MAX_OPTIONS,
	 "options per family (default 3): fewer keeps the first ones; more "
	 "adds finish, trim, accessory, detail, upgrade, each with values "
	 "standard, plus and premium");
static const mc_setting gen_days =
    KNOB("days", days, MC_GEN_MIN_DAYS, MC_GEN_MAX_DAYS,
	 "horizon in days (default 28)");
static const mc_setting gen_due_spread =
    KNOB("due-spread", due_spread, 1, MC_GEN_MAX_DAYS,
	 "orders are due on one of N days from the third day of the horizon, "
	 "a third of them in the first 3/8 (default 0: days + 5)");
static const mc_setting gen_release_share = {
    .name = "release-share",
    .type = MC_OPT_NUM,
    .arg = "P",
    .min = 0,
    .max = 1,
    .lax = 1,
    .none = NAN,
    .help = "share of orders due from the fifth day that get a release "
	    "day (default 0.12)",
    .at = offsetof(mc_args, release_share)};

static const mc_arg gen_args[] = {{"DIR", MC_OPT_PATH, 0, 0}, {0}};
static const mc_setting *const gen_opts[] = {
    &gen_orders,     &gen_seed,		 &gen_shape,   &gen_plants,
    &gen_lines,	     &gen_families,	 &gen_options, &gen_days,
    &gen_due_spread, &gen_release_share, NULL};

const mc_command mc_cmd_gen = {
    .name = "gen",
    .summary = "write a synthetic instance of any size",
    .run = cmd_gen,
    .args = gen_args,
    .maxpos = 1,
    .opts = gen_opts,
    .about =
	"Writes a synthetic instance (catalog, plants, orders, job) of any\n"
	"size into DIR, the same for the same arguments.\n",
    .more =
	"The orders depend on the seed, families, options, days and the two\n"
	"spreads, never on plants or lines.\n"};
