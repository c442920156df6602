/*
 * httpd.c - the HTTP side of `mcsched serve` (see serve.h): the only
 * module that includes <microhttpd.h> (GNU libmicrohttpd).
 *
 * libmicrohttpd runs a pool of worker threads, each with its own listen
 * loop (MHD_OPTION_THREAD_POOL_SIZE); every request is answered at once by
 * mc_serve_answer_req().  The main thread only waits for SIGTERM or SIGINT
 * (blocked in every thread, taken with sigwait), then stops the daemon:
 * MHD_stop_daemon() closes the listening socket, lets the requests in
 * flight finish and joins the workers.
 *
 * Bounds: a request head (request line and headers) larger than
 * MHD_MEMORY_LIMIT is refused by libmicrohttpd itself (414 or 431, its own
 * short body); a longer path than MC_SERVE_MAX_PATH gets our JSON 414; a
 * request body is never read (no route takes one: 405 before it is read).
 * Idle connections are closed after IDLE_SECONDS.
 *
 * Memory: each answer's body is handed to libmicrohttpd, which frees it
 * (MHD_RESPMEM_MUST_FREE) once sent.
 */
#include "serve.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define MHD_MEMORY_LIMIT (16 * 1024)
#define IDLE_SECONDS	 10

/* A parsed --listen: an IPv4 or IPv6 socket address. */
typedef struct listen_addr {
	struct sockaddr_storage ss;
	char host[72]; /* as printed: 127.0.0.1 or [::1] */
} listen_addr;

static int parse_listen(const char *s, listen_addr *la, mc_diag *d)
{
	char host[64];
	const char *colon;
	memset(la, 0, sizeof(*la));
	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (!end || end[1] != ':' || (size_t)(end - s) >= sizeof(host))
			goto bad;
		memcpy(host, s + 1, (size_t)(end - s - 1));
		host[end - s - 1] = 0;
		colon = end + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= sizeof(host))
			goto bad;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = 0;
		if (strcmp(host, "localhost") == 0)
			strcpy(host, "127.0.0.1");
	}
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (colon[1] < '0' || colon[1] > '9' || *end || port > 65535)
		goto bad;
	if (s[0] == '[') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&la->ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1)
			goto bad;
		snprintf(la->host, sizeof(la->host), "[%s]", host);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&la->ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			goto bad;
		snprintf(la->host, sizeof(la->host), "%s", host);
	}
	return 0;
bad:
	return mc_diag_error(d, MC_EUSAGE,
			     "--listen wants HOST:PORT with an IPv4 address, "
			     "localhost or [IPv6], e.g. 127.0.0.1:8080, not "
			     "'%s'",
			     s);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int seen; /* marks a request whose head has been seen */
	mc_serve *sv = cls;
	(void)version;
	(void)upload_data;
	/* The first call comes with the request head.  A GET or HEAD is
	 * answered on the next one, when libmicrohttpd knows the request is
	 * complete: an answer queued earlier makes it close the connection
	 * (no keep-alive).  Any other method is answered at once, and its
	 * body never read. */
	int read_only =
	    strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (!*con_cls && read_only) {
		*con_cls = &seen;
		return MHD_YES;
	}
	if (read_only && *upload_data_size) {
		*upload_data_size = 0; /* a body on a GET: ignored */
		return MHD_YES;
	}
	const char *accept =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept");
	mc_serve_answer ans;
	mc_serve_answer_req(sv, method, url, accept, &ans);
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    ans.len, ans.body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		mc_serve_answer_free(&ans);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", ans.type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (ans.allow)
		MHD_add_response_header(r, "Allow", ans.allow);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)ans.status, r);
	MHD_destroy_response(r);
	return ok;
}

int mc_serve_run(const mc_serve_opts *o, mc_diag *d)
{
	listen_addr la;
	if (parse_listen(o->listen, &la, d) < 0)
		return -1;
	if (o->threads < 1 || o->threads > 64)
		return mc_diag_error(d, MC_EUSAGE, "--threads is 1..64, not %d",
				     o->threads);
	mc_serve *sv = mc_serve_new(o->db, o->threads, d);
	if (!sv)
		return -1;
	/* Blocked here, so every worker thread inherits the mask and only
	 * sigwait() below takes them. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (la.ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, answer, sv, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&la.ss, MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)o->threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)o->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)IDLE_SECONDS, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)MHD_MEMORY_LIMIT, MHD_OPTION_LISTEN_BACKLOG_SIZE,
	    (unsigned)1024, MHD_OPTION_END);
	if (!daemon) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		mc_serve_free(sv);
		return mc_diag_error(d, MC_EINPUT,
				     "unable to listen on %s (in use, or not "
				     "an address of this machine?)",
				     o->listen);
	}
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	printf("mcsched serve: listening on http://%s:%u/ (%s, %d threads, "
	       "read-only)\n",
	       la.host, info ? (unsigned)info->port : 0u, o->db, o->threads);
	fflush(stdout);
	sigdelset(&stop, SIGPIPE);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	MHD_stop_daemon(daemon);
	mc_serve_free(sv);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	printf("mcsched serve: stopped (%s)\n",
	       sig == SIGTERM ? "SIGTERM" : "SIGINT");
	return 0;
}
