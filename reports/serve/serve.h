/*
 * serve.h - the read-only resolution node (`mcsched serve`): what each
 * HTTP request is answered with, and the server that answers them.
 *
 * The routes (GET or HEAD but one POST; every answer but the HTML pages is
 * JSON, errors included).  Public: what a customer's phone or a partner may
 * ask, with no customer's name or a run's economics in any answer:
 *   /healthz                     {"status": "ok", ...}
 *   /api/handles/{reference}     the Handle-style record of `resolve`:
 *                                responseCode 1/100/102 -> 200/404/400
 *   /01/{gtin}/21/{serial}       GS1 Digital Link: the record as JSON when
 *                                Accept asks for application/json, else a
 *                                small HTML page of the unit (family,
 *                                options, status history; no customer)
 *   /orders/{id}                 what `track` shows, without the name
 *   POST /api/promise            a quote of the order in the body (YAML or
 *                                JSON, at most MC_SERVE_MAX_BODY bytes) on
 *                                the published plan, as `promise --format
 *                                json`; 400 names what is wrong (line,
 *                                column), 413 a body too large; with
 *                                ?reserve=1 (and the token) the promise is
 *                                made: 201, or 409 (no firm date, a live
 *                                promise of the order id, the plan changed)
 *   /metrics                     the counters and the store's state in
 *                                Prometheus's text format (metrics.h)
 * Internal: the planner's pages, answered only to a request that carries
 * the bearer token of --token-file (token.h); 403 on a node started
 * without one, 401 without the token or with another:
 *   /runs                        the runs of `mcsched runs`
 *   /runs/{run}/report.html      the HTML report of a run (customers)
 *
 * The router reads the request target as the client sent it and decodes
 * it itself: a path or query that decodes to a control character (%00
 * cuts a C string, so "/healthz%00.html" would read as "/healthz") is
 * 400.  Each request first checks that its connection still reads the
 * file the database path names (mc_store_stale()): a database replaced
 * on disk is reopened, one removed is 503 until it is back.
 *
 * mc_serve_answer_req() is the router and knows nothing of HTTP
 * libraries; httpd.c (the only includer of <microhttpd.h>) runs it on a
 * thread pool, with the limits on clients and requests.
 *
 * Memory: an mc_serve owns its read-only store connections (one per
 * worker thread at most, kept for the server's life); an answer's body is
 * malloc'ed and freed by mc_serve_answer_free().
 */
#ifndef MC_SERVE_H
#define MC_SERVE_H

#include "diag.h"
#include "token.h"

#include <stddef.h>

/* Longest request path (after percent-decoding) the router reads; a
 * longer one is answered 414. */
#define MC_SERVE_MAX_PATH 2048
/* Defaults of the limits on clients (mcsched serve's options). */
#define MC_SERVE_MAX_CONNECTIONS 1000 /* open connections at once */
#define MC_SERVE_PER_CLIENT	 64   /* of them from one IP address */
#define MC_SERVE_REQUEST_TIMEOUT 10   /* seconds for a whole request */
#define MC_SERVE_IDLE_TIMEOUT	 10   /* seconds of silence on a connection */
/* Most bytes of a request body (POST /api/promise); more is 413. */
#define MC_SERVE_MAX_BODY (64 * 1024)
/* Longest order id /orders/{id} looks up. */
#define MC_SERVE_MAX_ORDER 128

typedef struct mc_serve mc_serve;

/* One answer. */
typedef struct mc_serve_answer {
	int status;	  /* HTTP status */
	const char *type; /* Content-Type */
	char *body;	  /* malloc'ed */
	size_t len;
	const char *allow;	      /* the Allow header of a 405, else NULL */
	const char *www_authenticate; /* that header of a 401, else NULL */
} mc_serve_answer;

/* A request as the router needs it (strings as the client sent them). */
typedef struct mc_serve_req {
	const char *method;
	const char *target;	   /* path and query, percent-encoded */
	const char *accept;	   /* the Accept header, NULL when none */
	const char *authorization; /* the Authorization header, or NULL */
	const char *body;	   /* a POST's body (NUL-terminated), "" */
	size_t body_len;
	int body_over; /* the body was longer than MC_SERVE_MAX_BODY */
} mc_serve_req;

/* Opens one read-only connection to db to check it (MC_ESTORE in d when
 * it cannot be read).  Later connections are opened as threads need them,
 * at most max_conn (>= 1) at once; more requests wait.  token (borrowed,
 * it must outlive the mc_serve; NULL: none) opens the internal routes.
 * log_json: the server's log on stderr is JSON lines (logline.h), else
 * text.  version (borrowed) is the build /healthz and /metrics show. */
mc_serve *mc_serve_new(const char *db, int max_conn, const mc_token *token,
		       int log_json, const char *version, mc_diag *d);
void mc_serve_free(mc_serve *sv);

/* Writes message to the server's log on stderr: "mcsched serve: message",
 * or a JSON line of event with the message.  Thread-safe. */
void mc_serve_log(const mc_serve *sv, const char *event, const char *message);
/* Unix time now, in seconds. */
double mc_serve_wall(void);
/* A request was cut at its deadline (the /metrics counter).  Thread-safe. */
void mc_serve_count_cut(mc_serve *sv);

/* Answers one request, and counts it (route, status, time) for
 * /metrics.  Thread-safe. */
void mc_serve_answer_req(mc_serve *sv, const mc_serve_req *rq,
			 mc_serve_answer *ans);
void mc_serve_answer_free(mc_serve_answer *ans);

/* Options of `mcsched serve`. */
typedef struct mc_serve_opts {
	const char *db;
	const char *listen;	/* "HOST:PORT", "[V6]:PORT"; port 0 picks one */
	int threads;		/* worker threads, 1..64 */
	int max_connections;	/* open connections at once */
	int per_client;		/* of them from one IP address */
	double request_timeout; /* seconds for a request's head and body */
	const char *token_file; /* the internal routes' token; NULL: off */
	const char *access_log; /* a file, "-" (stderr) or NULL: none */
	int log_json;		/* the log on stderr as JSON lines */
	const char *version;	/* the build, for /healthz and /metrics */
} mc_serve_opts;

/* Runs the server until SIGTERM or SIGINT: prints "listening on
 * http://HOST:PORT/" on stdout once it accepts connections, and returns 0
 * after it stopped (in-flight requests finished, connections closed), or
 * -1 with a message in d (a bad --listen is MC_EUSAGE, a port that cannot
 * be bound or a token file that cannot be read MC_EINPUT, a store that
 * cannot be read MC_ESTORE).
 *
 * The limits: at most max_connections open connections, per_client of
 * them from one IP address (more are closed as they come); a request's
 * line, headers and body must arrive within request_timeout seconds of
 * its first byte (the first request's: of the connection), else a
 * watchdog shuts the connection down, however steadily its bytes trickle
 * in; a connection silent for MC_SERVE_IDLE_TIMEOUT seconds is closed.
 *
 * Every request answered goes to the access log (access.h), when there
 * is one; SIGHUP opens its file again (after logrotate moved it). */
int mc_serve_run(const mc_serve_opts *o, mc_diag *d);

/* The version of libmicrohttpd, as the library says at run time. */
const char *mc_serve_httpd_version(void);

#endif
