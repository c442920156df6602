/*
 * serve.h - the read-only resolution node (`mcsched serve`): what each
 * HTTP request is answered with, and the server that answers them.
 *
 * The routes (all GET or HEAD; every answer but the HTML pages is JSON,
 * errors included):
 *   /healthz                     {"status": "ok", ...}
 *   /api/handles/{reference}     the Handle-style record of `resolve`:
 *                                responseCode 1/100/102 -> 200/404/400
 *   /01/{gtin}/21/{serial}       GS1 Digital Link: the record as JSON when
 *                                Accept asks for application/json, else a
 *                                small HTML page of the unit (family,
 *                                options, status history; no customer)
 *   /orders/{id}                 what `track` shows, without the name
 *   /runs                        the runs of `mcsched runs`
 *   /runs/{run}/report.html      the HTML report of a run
 *
 * mc_serve_answer() is the router and knows nothing of HTTP libraries;
 * httpd.c (the only includer of <microhttpd.h>) runs it on a thread pool.
 *
 * Memory: an mc_serve owns its read-only store connections (one per
 * worker thread at most, kept for the server's life); an answer's body is
 * malloc'ed and freed by mc_serve_answer_free().
 */
#ifndef MC_SERVE_H
#define MC_SERVE_H

#include "diag.h"

#include <stddef.h>

/* Longest request path (after percent-decoding) the router reads; a
 * longer one is answered 414. */
#define MC_SERVE_MAX_PATH 2048
/* Longest order id /orders/{id} looks up. */
#define MC_SERVE_MAX_ORDER 128

typedef struct mc_serve mc_serve;

/* One answer. */
typedef struct mc_serve_answer {
	int status;	  /* HTTP status */
	const char *type; /* Content-Type */
	char *body;	  /* malloc'ed */
	size_t len;
	const char *allow; /* the Allow header of a 405, else NULL */
} mc_serve_answer;

/* Opens one read-only connection to db to check it (MC_ESTORE in d when
 * it cannot be read).  Later connections are opened as threads need them,
 * at most max_conn (>= 1) at once; more requests wait. */
mc_serve *mc_serve_new(const char *db, int max_conn, mc_diag *d);
void mc_serve_free(mc_serve *sv);

/* Answers one request: method, the percent-decoded path without the query,
 * and the Accept header (NULL when none).  Thread-safe. */
void mc_serve_answer_req(mc_serve *sv, const char *method, const char *path,
			 const char *accept, mc_serve_answer *ans);
void mc_serve_answer_free(mc_serve_answer *ans);

/* Options of `mcsched serve`. */
typedef struct mc_serve_opts {
	const char *db;
	const char *listen;  /* "HOST:PORT", "[V6]:PORT"; port 0 picks one */
	int threads;	     /* worker threads, 1..64 */
	int max_connections; /* open connections at once */
} mc_serve_opts;

/* Runs the server until SIGTERM or SIGINT: prints "listening on
 * http://HOST:PORT/" on stdout once it accepts connections, and returns 0
 * after it stopped (in-flight requests finished, connections closed), or
 * -1 with a message in d (a bad --listen is MC_EUSAGE, a port that cannot
 * be bound MC_EINPUT, a store that cannot be read MC_ESTORE). */
int mc_serve_run(const mc_serve_opts *o, mc_diag *d);

#endif
