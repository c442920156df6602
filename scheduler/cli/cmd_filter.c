/*
 * cmd_filter.c - options several commands share that choose what a list
 * or a text shows: --wide, and the units of a run by plant, resource and
 * days (labels, report --format dispatch).
 */
#include "cmd.h"
#include "date.h"
#include "dispatch.h"
#include "report.h"

#include <string.h>
#include <time.h>

const mc_setting mc_opt_wide = {
    .name = "wide",
    .type = MC_OPT_FLAG,
    .help = "text: lines as wide as their tables (by default a text fits "
	    "in " MC_STR(MC_REPORT_WIDTH) " columns, long texts cut with "
					  "'...')",
    .at = offsetof(mc_args, wide)};

const mc_setting mc_opt_plant = {.name = "plant",
				 .type = MC_OPT_STR,
				 .arg = "PLANT",
				 .help = "only the units made at PLANT",
				 .at = offsetof(mc_args, plant)};

const mc_setting mc_opt_resource = {.name = "resource",
				    .type = MC_OPT_STR,
				    .arg = "RESOURCE",
				    .help = "only the units made on RESOURCE",
				    .at = offsetof(mc_args, resource)};

const mc_setting mc_opt_day = {.name = "day",
			       .type = MC_OPT_DAY,
			       .arg = "DATE",
			       .help = "only the units made on DATE "
				       "(YYYY-MM-DD or today)",
			       .at = offsetof(mc_args, day)};

const mc_setting mc_opt_from = {.name = "from",
				.type = MC_OPT_DAY,
				.arg = "DATE",
				.help = "only the units made on DATE or later",
				.at = offsetof(mc_args, from)};

const mc_setting mc_opt_to = {.name = "to",
			      .type = MC_OPT_DAY,
			      .arg = "DATE",
			      .help = "only the units made on DATE or earlier",
			      .at = offsetof(mc_args, to)};

int mc_cmd_width(const mc_call *x)
{
	return x->o.wide ? 0 : MC_REPORT_WIDTH;
}

int mc_cmd_filtered(const mc_call *x)
{
	return x->o.plant || x->o.resource || x->o.day || x->o.from || x->o.to;
}

/* The day number of a --day, --from or --to value (checked by the
 * parser: a date or 'today'). */
static int day_of(const char *s)
{
	int day = 0;
	if (strcmp(s, "today") == 0) {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		return mc_date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
					  tm.tm_mday);
	}
	mc_date_parse(s, &day);
	return day;
}

int mc_cmd_filter(const mc_call *x, const mc_run_view *v,
		  struct mc_dispatch_filter *f, mc_diag *d)
{
	const mc_args *o = &x->o;
	*f = (mc_dispatch_filter)MC_DISPATCH_ALL;
	if (o->day && (o->from || o->to))
		return mc_diag_error(d, MC_EUSAGE,
				     "--day is one day: give it without "
				     "--from and --to");
	f->plant = o->plant;
	f->resource = o->resource;
	if (o->day)
		f->from = f->to = day_of(o->day);
	if (o->from)
		f->from = day_of(o->from);
	if (o->to)
		f->to = day_of(o->to);
	return mc_dispatch_check(v, f, d);
}
