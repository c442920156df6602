/*
 * status.c - the status screen of a store (see status.h).
 *
 * Memory: nothing is allocated.
 */
#include "status.h"

#include "date.h"
#include "fmt.h"
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

double mc_status_age_hours(const char *iso, time_t now)
{
	char date[11];
	int day, h, m, s;
	if (!iso ||
	    sscanf(iso, "%10[0-9-]T%2d:%2d:%2dZ", date, &h, &m, &s) != 4 ||
	    mc_date_parse(date, &day))
		return NAN;
	double t = (double)day * 86400.0 + h * 3600.0 + m * 60.0 + s;
	return ((double)now - t) / 3600.0;
}

/* "3.2 hours" or, from two days on, "2.5 days". */
static const char *age_text(double hours, char *buf, size_t n)
{
	if (isnan(hours))
		snprintf(buf, n, "age unknown");
	else if (hours < 48)
		snprintf(buf, n, "%.1f hours ago", hours);
	else
		snprintf(buf, n, "%.1f days ago", hours / 24);
	return buf;
}

/* The last day of a frozen window of days days from start (ISO). */
static const char *window_end(const mc_store_status *st, char *buf, size_t n)
{
	return mc_fmt_date_add(buf, n, st->latest_start,
			       st->latest_frozen_days - 1);
}

void mc_status_text(const mc_store_status *st, const char *db,
		    const char *today, time_t now, FILE *f)
{
	char a[32], b[16];
	fprintf(f, "mcsched status of %s (today %s)\n", db, today);
	if (st->published)
		fprintf(f,
			"  published    run %" PRId64 " (horizon from %s), "
			"published %s, %s\n",
			st->published,
			st->published_start ? st->published_start : "-",
			st->published_at ? st->published_at : "-",
			age_text(mc_status_age_hours(st->published_at, now), a,
				 sizeof(a)));
	else
		fprintf(f, "  published    none: no plan run was published "
			   "yet\n");
	if (!st->nheld)
		fprintf(f, "  kept back    none%s\n",
			st->published ? " since it" : "");
	for (int i = 0; i < st->nheld; i++)
		fprintf(f, "  %-11s  run %" PRId64 " of %s: %s\n",
			i ? "" : "kept back", st->held[i].id,
			st->held[i].horizon_start, st->held[i].reason);
	if (st->nheld && st->published)
		fprintf(f,
			"               (%d night%s kept back: the floor is "
			"still on run %" PRId64 "'s plan)\n",
			st->nheld, st->nheld == 1 ? "" : "s", st->published);
	if (!st->latest_plan)
		fprintf(f, "  frozen       - (no plan run yet)\n");
	else if (st->latest_frozen_days <= 0)
		fprintf(f,
			"  frozen       none (run %" PRId64 " froze no days)\n",
			st->latest_plan);
	else
		fprintf(f,
			"  frozen       run %" PRId64 ": %d day%s, %s .. %s\n",
			st->latest_plan, st->latest_frozen_days,
			st->latest_frozen_days == 1 ? "" : "s",
			st->latest_start, window_end(st, b, sizeof(b)));
	if (st->actuals_loaded)
		fprintf(
		    f,
		    "  actuals      last loaded %s, %s (%d floor event%s in "
		    "all)\n",
		    st->actuals_loaded,
		    age_text(mc_status_age_hours(st->actuals_loaded, now), a,
			     sizeof(a)),
		    st->actuals_events, st->actuals_events == 1 ? "" : "s");
	else
		fprintf(f, "  actuals      never loaded\n");
	if (st->published)
		fprintf(f,
			"  behind plan  %d unit%s of run %" PRId64
			" planned before %s not reported produced, shipped "
			"or scrapped\n",
			st->behind, st->behind == 1 ? "" : "s", st->published,
			today);
}

void mc_status_json(const mc_store_status *st, const char *today, time_t now,
		    FILE *f)
{
	mc_json o, x;
	char b[16];
	mc_json_open(&o, f, 2);
	mc_json_int(&o, "format_version", 1);
	mc_json_str(&o, "today", today);
	if (st->published)
		mc_json_int(&o, "published_run", st->published);
	else
		mc_json_null(&o, "published_run");
	mc_json_str(&o, "published_at", st->published_at);
	mc_json_str(&o, "published_start", st->published_start);
	mc_json_num(&o, "published_age_hours",
		    mc_status_age_hours(st->published_at, now));
	mc_json_key(&o, "kept_back");
	fputc('[', f);
	for (int i = 0; i < st->nheld; i++) {
		mc_json_item(f, i, 4);
		mc_json_open(&x, f, -1);
		mc_json_int(&x, "run", st->held[i].id);
		mc_json_str(&x, "horizon_start", st->held[i].horizon_start);
		mc_json_str(&x, "reason", st->held[i].reason);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, st->nheld, 4);
	mc_json_bool(&o, "last_night_kept_back", st->latest_kept_back);
	if (st->latest_plan)
		mc_json_int(&o, "latest_plan", st->latest_plan);
	else
		mc_json_null(&o, "latest_plan");
	mc_json_key(&o, "frozen");
	if (st->latest_plan) {
		mc_json_open(&x, f, -1);
		mc_json_int(&x, "days", st->latest_frozen_days);
		mc_json_str(&x, "from", st->latest_start);
		mc_json_str(&x, "to",
			    st->latest_frozen_days > 0
				? window_end(st, b, sizeof(b))
				: NULL);
		mc_json_close(&x);
	} else
		fputs("null", f);
	mc_json_key(&o, "actuals");
	mc_json_open(&x, f, -1);
	mc_json_str(&x, "last_loaded", st->actuals_loaded);
	mc_json_int(&x, "events", st->actuals_events);
	mc_json_close(&x);
	if (st->published)
		mc_json_int(&o, "behind_plan", st->behind);
	else
		mc_json_null(&o, "behind_plan");
	mc_json_close(&o);
	fputc('\n', f);
}
