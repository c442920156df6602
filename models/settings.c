/*
 * settings.c - the table of plan settings and their resolution
 * (settings.h).  The rows are static; nothing is allocated.
 */
#include "settings.h"
#include "load.h"

#include <assert.h>
#include <float.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT(field) offsetof(mc_settings, field)

/* a bit of mc_settings.given for each setting */
_Static_assert(MC_SET_COUNT <= 32, "more settings than bits in given");

static const char *const publish_modes[] = {"auto", "always", "never", NULL};
const char *const mc_setting_solvers[] = {"clp", "glpk", NULL};

/* In job.yaml's order (its keys are checked and suggested in it). */
const mc_setting mc_setting_rows[MC_SET_COUNT] = {
    [MC_SET_CATALOG] = {.name = "catalog",
			.alias = 'c',
			.key = "catalog",
			.type = MC_OPT_PATH,
			.arg = "CATALOG",
			.required = 1,
			.help = "families, options, routings (catalog.yaml)",
			.id = MC_SET_CATALOG,
			.at = AT(catalog)},
    [MC_SET_PLANTS] = {.name = "plants",
		       .alias = 'p',
		       .key = "plants",
		       .type = MC_OPT_PATH,
		       .arg = "PLANTS",
		       .required = 1,
		       .help = "plants, resources, calendars, lanes "
			       "(plants.yaml)",
		       .id = MC_SET_PLANTS,
		       .at = AT(plants)},
    [MC_SET_ORDERS] = {.name = "orders",
		       .alias = 'o',
		       .key = "orders",
		       .type = MC_OPT_PATH,
		       .arg = "ORDERS",
		       .required = 1,
		       .help = "the customers' orders (orders.yaml)",
		       .id = MC_SET_ORDERS,
		       .at = AT(orders)},
    [MC_SET_DB] = {.name = "db",
		   .key = "db",
		   .type = MC_OPT_PATH,
		   .arg = "F",
		   .def = "mcsched.db",
		   .env = "MCSCHED_DB",
		   .help = "the store: an SQLite file, or a PostgreSQL "
			   "database's URL (postgresql://user@host/dbname); "
			   "$MCSCHED_DB, when set, is the default",
		   .id = MC_SET_DB,
		   .at = AT(db)},
    [MC_SET_SCENARIOS] = {.name = "scenario",
			  .key = "scenarios",
			  .type = MC_OPT_LIST,
			  .arg = "FILE",
			  .max = MC_MAX_SCENARIOS,
			  .help = "apply a what-if overlay (scenario.yaml) to "
				  "tonight's inputs, as accepted after a "
				  "whatif; repeatable, applied in order, "
				  "recorded with the run; given, they replace "
				  "job.yaml's (scenarios: [FILE, ...], or "
				  "scenario: FILE)",
			  .id = MC_SET_SCENARIOS,
			  .at = AT(scenarios)},
    [MC_SET_FROZEN_DAYS] = {.name = "frozen-days",
			    .key = "frozen_days",
			    .type = MC_OPT_INT,
			    .arg = "N",
			    .max = MC_MAX_HORIZON,
			    .def = "0",
			    .help = "keep the published plan's units of the "
				    "first N days exactly (plant, resource, "
				    "day, identifier), and units the floor "
				    "released on any later day; their hours "
				    "and materials are taken first",
			    .id = MC_SET_FROZEN_DAYS,
			    .at = AT(frozen_days)},
    [MC_SET_TIME_LIMIT] = {.name = "time-limit",
			   .key = "time_limit",
			   .type = MC_OPT_NUM,
			   .arg = "S",
			   .open_min = 1,
			   .max = MC_MAX_TIME_LIMIT,
			   .none = 0,
			   .help = "the whole run's limit in seconds (default "
				   "none): the plan is then made from the best "
				   "feasible point reached, with a bound only "
				   "where one is proven ('none' else)",
			   .id = MC_SET_TIME_LIMIT,
			   .at = AT(time_limit)},
    [MC_SET_PUBLISH] = {.name = "publish",
			.key = "publish",
			.type = MC_OPT_STR,
			.choices = publish_modes,
			.def = "auto",
			.help =
			    "auto: publish the run if its LP is optimal, its "
			    "gap within --max-gap, no frozen unit is one its "
			    "plant can no longer make or gone (conflicts "
			    "plant, dropped), it has at least --min-orders "
			    "orders and at least half the published plan's; "
			    "a run kept back is stored but changes no unit. "
			    " always, never",
			.id = MC_SET_PUBLISH,
			.at = AT(publish)},
    [MC_SET_MIN_ORDERS] = {.name = "min-orders",
			   .key = "min_orders",
			   .type = MC_OPT_INT,
			   .arg = "N",
			   .max = INT_MAX,
			   .def = "1",
			   .help = "--publish auto keeps back a run of fewer "
				   "orders",
			   .id = MC_SET_MIN_ORDERS,
			   .at = AT(min_orders)},
    [MC_SET_START] = {.name = "start",
		      .key = "start",
		      .type = MC_OPT_DAY,
		      .arg = "DATE",
		      .help =
			  "the horizon starts on DATE (YYYY-MM-DD or today) "
			  "instead of plants.yaml's horizon.start; never "
			  "before the published plan's start",
		      .id = MC_SET_START,
		      .at = AT(start)},
    [MC_SET_MAX_GAP] = {.name = "max-gap",
			.key = "max_gap",
			.type = MC_OPT_NUM,
			.arg = "PCT",
			.max = 100,
			.def = "2",
			.help =
			    "--publish auto keeps back a run whose gap to the "
			    "LP bound is above PCT percent",
			.id = MC_SET_MAX_GAP,
			.at = AT(max_gap)},
    [MC_SET_ROUND_TIME] = {.name = "round-time",
			   .key = "round_time",
			   .type = MC_OPT_NUM,
			   .arg = "S",
			   .max = MC_MAX_TIME_LIMIT,
			   .none = -1,
			   .help = "seconds the local improvement and the "
				   "neighbourhood MIPs of the whole units may "
				   "take (0: floor + repair only); by default "
				   "a budget of work tied to the LP's "
				   "iterations, the same plan on any machine "
				   "(more time, a smaller gap)",
			   .id = MC_SET_ROUND_TIME,
			   .at = AT(round_time)},
    [MC_SET_ROUND_WORK] = {.name = "round-work",
			   .key = "round_work",
			   .type = MC_OPT_NUM,
			   .arg = "X",
			   .min = 0,
			   .open_min = 1,
			   .max = 100,
			   .def = "1",
			   .env = "MCSCHED_ROUND_WORK",
			   .help = "the whole units' budget of work as a "
				   "multiple of the default (more work, a "
				   "smaller gap; still the same plan on any "
				   "machine); kept with the run, so its "
				   "what-ifs replay it; --round-time, when "
				   "given, sets seconds instead",
			   .id = MC_SET_ROUND_WORK,
			   .at = AT(round_work)},
    [MC_SET_STABILITY_COST] = {.name = "stability-cost",
			       .key = "stability_cost",
			       .type = MC_OPT_NUM,
			       .arg = "X",
			       .max = MC_MAX_STABILITY,
			       .def = "25",
			       .help = "what moving a published unit off its "
				       "plant or day costs in the LP, per unit "
				       "(0: off): the plan moves one only when "
				       "that pays more",
			       .id = MC_SET_STABILITY_COST,
			       .at = AT(stability_cost)},
    [MC_SET_WAIT] = {.name = "wait",
		     .type = MC_OPT_NUM,
		     .arg = "S",
		     .open_min = 1,
		     .max = DBL_MAX,
		     .def = "0",
		     .help = "when another plan runs on the database, wait up "
			     "to S seconds for it, then exit 4",
		     .id = MC_SET_WAIT,
		     .at = AT(wait)},
    [MC_SET_SOLVER] = {.name = "solver",
		       .type = MC_OPT_STR,
		       .choices = mc_setting_solvers,
		       .lax = 1,
		       .def = "clp",
		       .help = "the LP back-end",
		       .id = MC_SET_SOLVER,
		       .at = AT(solver)},
    [MC_SET_THREADS] = {.name = "threads",
			.key = "threads",
			.type = MC_OPT_INT,
			.arg = "N",
			.max = 1024,
			.def = "0",
			.help = "an LP that falls apart into independent blocks "
				"(families or plant groups that share no "
				"resource, material or lane) solves them on up "
				"to N threads at once (0: one per processor); "
				"the plan is the same whatever N",
			.id = MC_SET_THREADS,
			.at = AT(threads)},
    [MC_SET_FULL_LP] = {.name = "full-lp",
			.type = MC_OPT_FLAG,
			.help = "hold every slot of the class LP (the "
				"reference)",
			.id = MC_SET_FULL_LP,
			.at = AT(full_lp)},
    [MC_SET_ALLOW_OUTSIDE] = {.name = "allow-outside",
			      .type = MC_OPT_FLAG,
			      .help = "let a scenario's add_orders read files "
				      "outside its own folder (by default a "
				      "path that is absolute, climbs with .. "
				      "or leads out by a symbolic link is "
				      "refused, unread)",
			      .id = MC_SET_ALLOW_OUTSIDE,
			      .at = AT(allow_outside)},
    [MC_SET_QUIET] = {.name = "quiet",
		      .alias = 'q',
		      .type = MC_OPT_FLAG,
		      .help = "print nothing but errors (no progress)",
		      .id = MC_SET_QUIET,
		      .at = AT(quiet)},
};

const mc_setting *mc_setting_of(int id)
{
	assert(id > MC_SET_NONE && id < MC_SET_COUNT);
	return &mc_setting_rows[id];
}

int mc_settings_given(const mc_settings *s, int id)
{
	return (s->given >> id) & 1u;
}

/* The field of r in base. */
static void *field(const mc_setting *r, void *base)
{
	return (char *)base + r->at;
}

void mc_setting_default(const mc_setting *r, void *base)
{
	void *f = field(r, base);
	switch (r->type) {
	case MC_OPT_FLAG:
		*(int *)f = 0;
		break;
	case MC_OPT_INT:
		*(int *)f = r->def ? atoi(r->def) : (int)r->none;
		break;
	case MC_OPT_NUM:
		*(double *)f = r->def ? strtod(r->def, NULL) : r->none;
		break;
	case MC_OPT_LIST:
		memset(f, 0, sizeof(mc_setting_list));
		break;
	default: {
		const char *e = r->env ? getenv(r->env) : NULL;
		*(const char **)f = e && *e ? e : r->def;
	}
	}
}

void mc_settings_init(mc_settings *s)
{
	memset(s, 0, sizeof(*s));
	for (int id = MC_SET_NONE + 1; id < MC_SET_COUNT; id++)
		mc_setting_default(&mc_setting_rows[id], s);
}

/* The size of r's field. */
static size_t size_of(const mc_setting *r)
{
	switch (r->type) {
	case MC_OPT_FLAG:
	case MC_OPT_INT:
		return sizeof(int);
	case MC_OPT_NUM:
		return sizeof(double);
	case MC_OPT_LIST:
		return sizeof(mc_setting_list);
	default:
		return sizeof(const char *);
	}
}

void mc_settings_resolve(mc_settings *out, const mc_settings *flags,
			 const mc_settings *job)
{
	mc_settings r = *job;
	for (int id = MC_SET_NONE + 1; id < MC_SET_COUNT; id++) {
		const mc_setting *row = &mc_setting_rows[id];
		/* flags holds the defaults too, with those the environment
		 * gives (cli.c), which a job.yaml key still overrides */
		if (mc_settings_given(flags, id) || !mc_settings_given(job, id))
			memcpy(field(row, &r), field(row, (void *)flags),
			       size_of(row));
	}
	r.given = flags->given | job->given;
	*out = r;
}
