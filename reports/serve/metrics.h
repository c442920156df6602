/*
 * metrics.h - what serve counts for monitors, written in Prometheus's
 * text exposition format (version 0.0.4) for GET /metrics:
 *   mcsched_http_requests_total{route, status}   counter
 *   mcsched_http_request_duration_seconds       histogram (the router's
 *                                               time to answer)
 *   mcsched_http_requests_cut_total             counter (--request-timeout)
 *   mcsched_store_bytes                         gauge (database + log)
 *   mcsched_published_run, _age_seconds         gauges
 *   mcsched_last_night_kept_back                gauge (0 or 1)
 *   mcsched_build_info{version}                 gauge, always 1
 * Each family has its # HELP and # TYPE lines.
 *
 * The counters are C11 atomics in the mc_metrics (no lock, nothing at
 * file scope): any thread counts a request while another writes the page.
 * A page is a snapshot of each counter, not of all of them at once.
 *
 * Memory: an mc_metrics owns its counters; its route labels are borrowed.
 */
#ifndef MC_METRICS_H
#define MC_METRICS_H

#include <stdint.h>
#include <stdio.h>

typedef struct mc_metrics mc_metrics;

/* Counters for nroutes routes, route i labelled label(i) (as the label
 * value shows it: "/orders/{id}"; a string that outlives the counters),
 * and one more, "other", for what no route answered (route index
 * nroutes).  Never NULL. */
mc_metrics *mc_metrics_new(int nroutes, const char *(*label)(int i));
void mc_metrics_free(mc_metrics *m);

/* A request answered by route (0..nroutes; nroutes: other) with status
 * in seconds. */
void mc_metrics_count(mc_metrics *m, int route, int status, double seconds);
/* A request cut at its deadline by the watchdog. */
void mc_metrics_cut(mc_metrics *m);

/* What the page shows besides the counters: the store's state, read by
 * the request that asks (have_status 0: the store could not be read). */
typedef struct mc_metrics_state {
	long long store_bytes;	/* -1: unknown */
	int have_status;	/* the fields below were read */
	int64_t published_run;	/* 0 none */
	double published_age_s; /* NaN: none */
	int kept_back;
	const char *version; /* the build, "0.9.0 (git 1fadfb9)" */
} mc_metrics_state;

/* The page: every family with its HELP and TYPE lines. */
void mc_metrics_write(mc_metrics *m, const mc_metrics_state *st, FILE *f);

#endif
