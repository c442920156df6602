/*
 * cmd_serve.c - serve: the read-only resolution node (serve.h).
 */
#include "cmd.h"
#include "serve.h"

#include <unistd.h>

/* The most worker threads, and the longest request timeout (seconds). */
#define MAX_THREADS	    64
#define MAX_REQUEST_TIMEOUT 3600
/* The most open connections --max-connections allows. */
#define MAX_CONNECTIONS 100000

static int cmd_serve(const mc_call *x, mc_diag *d)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	mc_serve_opts o = {.db = x->set.db,
			   .listen = x->o.listen,
			   .threads = x->o.threads >= 0	    ? x->o.threads
				      : cores < 1	    ? 1
				      : cores > MAX_THREADS ? MAX_THREADS
							    : (int)cores,
			   .max_connections = x->o.max_connections,
			   .per_client = x->o.max_per_client,
			   .request_timeout = x->o.request_timeout,
			   .token_file = x->o.token_file,
			   .access_log = x->o.access_log,
			   .log_json = mc_cmd_log_json(x),
			   .version = mc_cmd_build()};
	if (o.per_client < 1 || o.per_client > o.max_connections)
		return mc_diag_error(d, MC_EUSAGE,
				     "--max-per-client is 1..--max-connections "
				     "(%d), not %d",
				     o.max_connections, o.per_client);
	return mc_serve_run(&o, d);
}

static const mc_setting serve_listen = {
    .name = "listen",
    .type = MC_OPT_STR,
    .arg = "HOST:PORT",
    .def = "127.0.0.1:8080",
    .help = "where to answer HTTP; port 0 picks a free one, printed at "
	    "start",
    .at = offsetof(mc_args, listen)};
static const mc_setting serve_threads = {
    .name = "threads",
    .type = MC_OPT_INT,
    .arg = "N",
    .min = 1,
    .max = MAX_THREADS,
    .lax = 1,
    .none = -1,
    .help = "worker threads (default: the cores)",
    .at = offsetof(mc_args, threads)};
static const mc_setting serve_max_connections = {
    .name = "max-connections",
    .type = MC_OPT_INT,
    .arg = "N",
    .min = 1,
    .max = MAX_CONNECTIONS,
    .def = MC_STR(MC_SERVE_MAX_CONNECTIONS),
    .help = "open connections at once",
    .at = offsetof(mc_args, max_connections)};
static const mc_setting serve_max_per_client = {
    .name = "max-per-client",
    .type = MC_OPT_INT,
    .arg = "N",
    .min = 1,
    .lax = 1,
    .def = MC_STR(MC_SERVE_PER_CLIENT),
    .help = "of them from one IP address, at most --max-connections; more "
	    "are closed as they come",
    .at = offsetof(mc_args, max_per_client)};
static const mc_setting serve_request_timeout = {
    .name = "request-timeout",
    .type = MC_OPT_NUM,
    .arg = "S",
    .open_min = 1,
    .max = MAX_REQUEST_TIMEOUT,
    .def = MC_STR(MC_SERVE_REQUEST_TIMEOUT),
    .help = "seconds a request (line, headers, body) may take from its "
	    "first byte, then its connection is closed; a connection "
	    "silent for " MC_STR(MC_SERVE_IDLE_TIMEOUT) " s is closed too",
    .at = offsetof(mc_args, request_timeout)};
static const mc_setting serve_token_file = {
    .name = "token-file",
    .type = MC_OPT_PATH,
    .arg = "F",
    .help = "the bearer token of the internal routes: the file's first "
	    "line, 16 to 256 printable ASCII characters (default: none, "
	    "routes off)",
    .at = offsetof(mc_args, token_file)};

static const mc_setting serve_access_log = {
    .name = "access-log",
    .type = MC_OPT_PATH,
    .arg = "F",
    .help = "write a line per request answered to F (appended; '-': "
	    "stderr) in the combined log format: client, time with its "
	    "UTC offset, request, status, bytes, referer, user agent; "
	    "SIGHUP opens F again, for logrotate (default: none)",
    .at = offsetof(mc_args, access_log)};

static const mc_arg no_args[] = {{0}};
static const mc_setting *const serve_opts[] = {
    MC_SETTING(MC_SET_DB), &serve_listen,
    &serve_threads,	   &serve_max_connections,
    &serve_max_per_client, &serve_request_timeout,
    &serve_token_file,	   &serve_access_log,
    &mc_opt_log_format,	   NULL};

const mc_command mc_cmd_serve = {
    .name = "serve",
    .summary = "a read-only HTTP resolution node on the store",
    .run = cmd_serve,
    .args = no_args,
    .maxpos = 0,
    .opts = serve_opts,
    .about =
	"A read-only resolution node: answers HTTP on HOST:PORT from the\n"
	"store, opened read-only, while plan runs keep writing it.  Public\n"
	"routes, for a customer's phone or a partner (no customer's name):\n"
	"  GET /api/handles/{reference}   the record of `resolve` (any of its\n"
	"                                 three forms): 200 found, 404 not\n"
	"                                 found, 400 malformed\n"
	"  GET /01/{gtin}/21/{serial}     GS1 Digital Link of a label: a page\n"
	"                                 for a phone, or the JSON record "
	"when\n"
	"                                 Accept asks for application/json\n"
	"  GET /orders/{id}               the order's units (track, no name)\n"
	"  GET /healthz                   {\"status\": \"ok\", ...}: the "
	"published\n"
	"                                 run, its age, nights kept back; 503\n"
	"                                 when the store cannot be read (or\n"
	"                                 is gone), and with ?max_age_hours=H\n"
	"                                 when no run is published, it is\n"
	"                                 older than H hours or the last\n"
	"                                 night was kept back\n"
	"  GET /metrics                   counters in Prometheus's text\n"
	"                                 format: requests by route and\n"
	"                                 status, latency, the store's size,\n"
	"                                 the published run's age\n"
	"Internal routes, the planner's (customers, a run's economics): only\n"
	"with --token-file and 'Authorization: Bearer TOKEN' (else 403, or\n"
	"401 without the token or with another):\n"
	"  GET /runs                      the runs, as JSON\n"
	"  GET /runs/{run}/report.html    the HTML report of a run\n"
	"Errors are JSON {\"status\", \"error\"}; only GET and HEAD (405); a\n"
	"path or query with a control character (%00..%1F, %7F) is 400.  A\n"
	"database replaced on disk is reopened; one removed is 503.\n",
    .more =
	"Runs until SIGTERM or SIGINT, then finishes the requests in flight\n"
	"and exits 0.  SIGHUP opens the --access-log file again.\n"};
