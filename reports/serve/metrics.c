/*
 * metrics.c - serve's counters and the /metrics page (metrics.h).
 */
#include "metrics.h"

#include "arena.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>

/* The statuses the router answers with, each counted on its own; any
 * other is counted as STATUS_OTHER (written as its class, "5xx"). */
static const int statuses[] = {200, 400, 401, 403, 404, 405, 414, 503};
#define NSTATUS	     ((int)(sizeof(statuses) / sizeof(statuses[0])))
#define STATUS_OTHER NSTATUS

/* The histogram's upper bounds, seconds: a resolution answers in well
 * under a millisecond, a run's HTML report in tenths of a second. */
static const double bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
				0.05,	0.1,   0.25,   0.5,   1,    2.5};
#define NBOUNDS ((int)(sizeof(bounds) / sizeof(bounds[0])))

struct mc_metrics {
	int nroutes;
	const char *(*label)(int i);
	/* [route * (NSTATUS + 1) + status], route nroutes: other */
	atomic_ulong *requests;
	/* each its own bucket (the page adds them up), the last +Inf */
	atomic_ulong bucket[NBOUNDS + 1];
	atomic_ullong sum_us; /* microseconds */
	atomic_ulong cut;
};

mc_metrics *mc_metrics_new(int nroutes, const char *(*label)(int i))
{
	mc_metrics *m = mc_xcalloc(1, sizeof(*m));
	m->nroutes = nroutes;
	m->label = label;
	m->requests = mc_xcalloc((size_t)(nroutes + 1) * (NSTATUS + 1),
				 sizeof(*m->requests));
	for (int i = 0; i < (nroutes + 1) * (NSTATUS + 1); i++)
		atomic_init(&m->requests[i], 0);
	for (int i = 0; i <= NBOUNDS; i++)
		atomic_init(&m->bucket[i], 0);
	atomic_init(&m->sum_us, 0);
	atomic_init(&m->cut, 0);
	return m;
}

void mc_metrics_free(mc_metrics *m)
{
	if (!m)
		return;
	free(m->requests);
	free(m);
}

static int status_index(int status)
{
	for (int i = 0; i < NSTATUS; i++)
		if (statuses[i] == status)
			return i;
	return STATUS_OTHER;
}

void mc_metrics_count(mc_metrics *m, int route, int status, double seconds)
{
	if (route < 0 || route > m->nroutes)
		route = m->nroutes;
	atomic_fetch_add_explicit(
	    &m->requests[route * (NSTATUS + 1) + status_index(status)], 1,
	    memory_order_relaxed);
	int b = 0;
	while (b < NBOUNDS && seconds > bounds[b])
		b++;
	atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(
	    &m->sum_us, (unsigned long long)llround(fmax(seconds, 0) * 1e6),
	    memory_order_relaxed);
}

void mc_metrics_cut(mc_metrics *m)
{
	atomic_fetch_add_explicit(&m->cut, 1, memory_order_relaxed);
}

/* # HELP and # TYPE of family name. */
static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value: \, " and newline escaped as the format wants. */
static void label_value(FILE *f, const char *s)
{
	for (; *s; s++)
		if (*s == '\\' || *s == '"')
			fprintf(f, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
}

void mc_metrics_write(mc_metrics *m, const mc_metrics_state *st, FILE *f)
{
	family(f, "mcsched_http_requests_total", "counter",
	       "HTTP requests answered, by route and status.");
	for (int r = 0; r <= m->nroutes; r++)
		for (int s = 0; s <= NSTATUS; s++) {
			unsigned long n = atomic_load_explicit(
			    &m->requests[r * (NSTATUS + 1) + s],
			    memory_order_relaxed);
			if (!n)
				continue;
			fputs("mcsched_http_requests_total{route=\"", f);
			label_value(f, r < m->nroutes ? m->label(r) : "other");
			if (s < NSTATUS)
				fprintf(f, "\",status=\"%d\"} %lu\n",
					statuses[s], n);
			else
				fprintf(f, "\",status=\"other\"} %lu\n", n);
		}
	family(f, "mcsched_http_request_duration_seconds", "histogram",
	       "Time the router took to answer a request.");
	unsigned long cum = 0;
	for (int b = 0; b <= NBOUNDS; b++) {
		cum +=
		    atomic_load_explicit(&m->bucket[b], memory_order_relaxed);
		if (b < NBOUNDS)
			fprintf(f,
				"mcsched_http_request_duration_seconds_bucket{"
				"le=\"%g\"} %lu\n",
				bounds[b], cum);
		else
			fprintf(f,
				"mcsched_http_request_duration_seconds_bucket{"
				"le=\"+Inf\"} %lu\n",
				cum);
	}
	fprintf(f, "mcsched_http_request_duration_seconds_sum %.6f\n",
		(double)atomic_load_explicit(&m->sum_us, memory_order_relaxed) /
		    1e6);
	fprintf(f, "mcsched_http_request_duration_seconds_count %lu\n", cum);
	family(f, "mcsched_http_requests_cut_total", "counter",
	       "Requests whose connection was closed at --request-timeout.");
	fprintf(f, "mcsched_http_requests_cut_total %lu\n",
		atomic_load_explicit(&m->cut, memory_order_relaxed));
	if (st->store_bytes >= 0) {
		family(f, "mcsched_store_bytes", "gauge",
		       "Bytes of the store on disk (database and its log).");
		fprintf(f, "mcsched_store_bytes %lld\n", st->store_bytes);
	}
	if (st->have_status) {
		family(f, "mcsched_published_run", "gauge",
		       "The published plan run (0: none).");
		fprintf(f, "mcsched_published_run %lld\n",
			(long long)st->published_run);
		if (!isnan(st->published_age_s)) {
			family(f, "mcsched_published_run_age_seconds", "gauge",
			       "Seconds since the published run was "
			       "published.");
			fprintf(f, "mcsched_published_run_age_seconds %.0f\n",
				st->published_age_s);
		}
		family(f, "mcsched_last_night_kept_back", "gauge",
		       "1 when the newest plan run was kept back (not "
		       "published).");
		fprintf(f, "mcsched_last_night_kept_back %d\n",
			st->kept_back ? 1 : 0);
	}
	family(f, "mcsched_build_info", "gauge",
	       "The mcsched that answers (always 1).");
	fputs("mcsched_build_info{version=\"", f);
	label_value(f, st->version ? st->version : "");
	fputs("\"} 1\n", f);
}
