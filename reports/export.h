/*
 * export.h - machine-readable reports of a stored run: CSV plan rows and
 * the whole run as JSON.  Called through mc_report_write() (report.h).
 *
 * Both write straight to the stream; nothing is allocated beyond a scratch
 * arena freed before returning.
 */
#ifndef MC_EXPORT_H
#define MC_EXPORT_H

#include "store.h"

#include <stdio.h>

/* One line per plan row: run, order, customer, region, family, options,
 * quantity, due, plant, resource, day, units, arrive, days_late,
 * order_on_time_cost (the order's, on each of its rows: a plain number,
 * "impossible", "rounding" or empty, as mc_stats_ontime() words it); a
 * title line first.  RFC 4180 quoting, "\n" line ends. */
void mc_export_csv(const mc_run_view *v, FILE *f);

/* The version of the JSON report, its first key "format_version": raised
 * whenever a key is added, removed, renamed or changes its meaning.
 * docs/schema/report.schema.json is its JSON Schema.  3 added the run's
 * state, hold_reason and banner, each order's made units, and the made
 * units, fill rate and orders made in the KPIs (units_late and on time
 * count made units too), and where whole units started, what keeping the
 * published plan cost and what the least-overtime placement saved
 * (cost.rounding start, kept_cost, ot_gain).  4 added each unit's frozen
 * and each move's units (their identifiers), and the promises a run read
 * and which it keeps. */
#define MC_EXPORT_JSON_VERSION 4

/* The whole run as one JSON object: format_version, run facts, cost, KPIs,
 * resources with utilization, orders, plan rows, capacity, materials and
 * units.  Records of an array are one per line so diffs stay readable. */
void mc_export_json(const mc_run_view *v, FILE *f);

#endif
