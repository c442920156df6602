/*
 * status.h - `mcsched status`: one screen on the store a night plans into
 * (the published run and its age, the nights kept back since it, the
 * newest plan's frozen window, when the floor last reported, and how many
 * units are behind plan), as text or JSON; and the age of a stored time,
 * which serve's /healthz reports too.
 *
 * Reads an mc_store_status (store.h); writes to the stream given and keeps
 * nothing.
 */
#ifndef MC_STATUS_H
#define MC_STATUS_H

#include "store.h"

#include <stdio.h>
#include <time.h>

/* Hours from the ISO UTC time iso ("2026-11-25T02:00:13Z") to now; NAN
 * when iso is NULL or not such a time. */
double mc_status_age_hours(const char *iso, time_t now);

/* The status screen of database db as of today (ISO local date) and now,
 * as text. */
void mc_status_text(const mc_store_status *st, const char *db,
		    const char *today, time_t now, FILE *f);

/* The same as one JSON object (format_version 1): today, published_run,
 * published_at, published_start, published_age_hours, kept_back (a list
 * of {run, horizon_start, reason}), last_night_kept_back, latest_plan,
 * frozen {days, from, to} (null without a plan), actuals {last_loaded,
 * events} and behind_plan. */
void mc_status_json(const mc_store_status *st, const char *today, time_t now,
		    FILE *f);

#endif
