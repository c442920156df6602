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
 * short body); a longer path than MC_SERVE_MAX_PATH gets our JSON 414.
 * Only a POST has its body read (the router decides whether its route
 * takes one): at most MC_SERVE_MAX_BODY bytes are kept, the rest is read
 * and dropped, and the request is answered 413.
 * libmicrohttpd closes a connection silent for MC_SERVE_IDLE_TIMEOUT
 * seconds and refuses connections past --max-connections, or past
 * --max-per-client from one IP address.
 *
 * A whole request has a deadline too (--request-timeout), since the idle
 * timeout restarts with every byte: a client that sends a byte a second
 * would hold its connection forever.  Each connection is on a list (the
 * connection notifier adds and removes it, under one mutex); a request
 * starts with the connection, or on a kept-alive connection with the
 * first byte after the last answer (the kernel's count of bytes received,
 * TCP_INFO, grows), and ends when it is answered.  A watchdog thread looks
 * at the list every WATCH_MS and shuts down (shutdown(2), which
 * libmicrohttpd sees as the client leaving) the socket of a request past
 * its deadline.  The notifier removes a connection before libmicrohttpd
 * closes its socket, so the watchdog never touches a descriptor reused by
 * another connection.
 *
 * Memory: each answer's body is handed to libmicrohttpd, which frees it
 * (MHD_RESPMEM_MUST_FREE) once sent.  A connection's record (struct conn)
 * lives from the notifier's STARTED to its CLOSED, with the target of its
 * current request.
 */
#include "serve.h"

#include "access.h"
#include "logline.h"

#include <microhttpd.h>

#include <linux/tcp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define MHD_MEMORY_LIMIT (16 * 1024)
/* How often the watchdog looks for requests past their deadline. */
#define WATCH_MS 250

/* A connection: what the watchdog and the request handler know of it.
 * fd, reading, since and rx are the watchdog's too (under server.lock);
 * target and seen only the connection's own thread touches. */
struct conn {
	struct conn *prev, *next;
	int fd;
	int reading;  /* a request is on its way: its deadline runs */
	double since; /* when it began (monotonic seconds) */
	uint64_t rx;  /* bytes received when the last answer went */
	int cut;      /* shut down by the watchdog */
	char *target; /* the current request's target, as sent */
	int seen;     /* its head was seen (answer on a later call) */
	double wall;  /* when its request line came (Unix time) */
	char *body;   /* a POST's body so far (malloc'ed), NULL none */
	size_t body_len;
	int body_over; /* more than MC_SERVE_MAX_BODY bytes came */
};

/* The server: the router, the connections and the watchdog. */
struct server {
	mc_serve *sv;
	double deadline; /* --request-timeout */
	pthread_mutex_t lock;
	pthread_cond_t wake; /* the watchdog's: stop */
	int stopping;
	struct conn *conns;
	unsigned long cut;     /* requests cut at their deadline */
	mc_access_log *access; /* NULL: none */
};

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The bytes the kernel has received on socket fd, or -1 when it cannot
 * say. */
static int64_t rx_bytes(int fd)
{
	struct tcp_info ti;
	socklen_t n = sizeof(ti);
	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &n) != 0 ||
	    n < offsetof(struct tcp_info, tcpi_bytes_received) +
		    sizeof(ti.tcpi_bytes_received))
		return -1;
	return (int64_t)ti.tcpi_bytes_received;
}

/* The watchdog: every WATCH_MS, a connection between requests that has
 * received a byte since its last answer starts its next request's clock;
 * one whose request is past the deadline is shut down. */
static void *watchdog(void *arg)
{
	struct server *srv = arg;
	pthread_mutex_lock(&srv->lock);
	while (!srv->stopping) {
		double t = now_s();
		for (struct conn *c = srv->conns; c; c = c->next) {
			if (!c->reading) {
				int64_t rx = rx_bytes(c->fd);
				if (rx < 0 || (uint64_t)rx > c->rx) {
					c->reading = 1;
					c->since = t;
				}
			} else if (!c->cut && t - c->since > srv->deadline) {
				shutdown(c->fd, SHUT_RDWR);
				c->cut = 1;
				srv->cut++;
				mc_serve_count_cut(srv->sv);
			}
		}
		struct timespec until; /* the wake's clock: monotonic */
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&srv->wake, &srv->lock, &until);
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* libmicrohttpd's connection notifier: a connection is on the list from
 * its start to its close. */
static void notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
		   enum MHD_ConnectionNotificationCode what)
{
	struct server *srv = cls;
	struct conn *x = *socket_ctx;
	if (what == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		    c, MHD_CONNECTION_INFO_CONNECTION_FD);
		x = calloc(1, sizeof(*x));
		if (!x)
			return; /* not watched; libmicrohttpd's limits hold */
		x->fd = info ? info->connect_fd : -1;
		x->reading = 1;
		x->since = now_s();
		pthread_mutex_lock(&srv->lock);
		x->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = x;
		srv->conns = x;
		pthread_mutex_unlock(&srv->lock);
		*socket_ctx = x;
	} else if (x) {
		pthread_mutex_lock(&srv->lock);
		if (x->prev)
			x->prev->next = x->next;
		else
			srv->conns = x->next;
		if (x->next)
			x->next->prev = x->prev;
		pthread_mutex_unlock(&srv->lock);
		free(x->target);
		free(x->body);
		free(x);
		*socket_ctx = NULL;
	}
}

/* libmicrohttpd's URI logger: called once a request line is read, with
 * the target as the client sent it (before libmicrohttpd decodes it and
 * cuts it at a %00).  Returns the connection, the request's con_cls. */
static void *request_began(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *x = info ? info->socket_context : NULL;
	if (!x)
		return NULL;
	free(x->target);
	x->target = strdup(uri);
	x->seen = 0;
	x->wall = mc_serve_wall();
	free(x->body);
	x->body = NULL;
	x->body_len = 0;
	x->body_over = 0;
	return x;
}

/* The request of connection x is answered: its deadline stops, and the
 * next one starts with the next byte received. */
static void request_done(struct server *srv, struct conn *x)
{
	int64_t rx = rx_bytes(x->fd);
	pthread_mutex_lock(&srv->lock);
	x->reading = rx < 0; /* unknown: the next one runs from now */
	x->since = now_s();
	x->rx = rx < 0 ? 0 : (uint64_t)rx;
	pthread_mutex_unlock(&srv->lock);
}

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

/* The access log's line of a request answered (access.h). */
static void log_access(mc_access_log *log, struct MHD_Connection *c,
		       const struct conn *x, const char *method,
		       const char *version, int status, size_t bytes)
{
	char host[INET6_ADDRSTRLEN] = "";
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  host, sizeof(host));
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, host,
			  sizeof(host));
	mc_access_rec r = {.host = host,
			   .wall = x->wall,
			   .method = method,
			   .target = x->target,
			   .version = version,
			   .status = status,
			   .bytes = bytes,
			   .referer = MHD_lookup_connection_value(
			       c, MHD_HEADER_KIND, "Referer"),
			   .agent = MHD_lookup_connection_value(
			       c, MHD_HEADER_KIND, "User-Agent")};
	mc_access_write(log, &r);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct conn *x = *con_cls;
	(void)url; /* decoded and cut at a %00: the router decodes x->target */
	(void)version;
	if (!x)
		return MHD_NO; /* no record: the connection could not be kept */
	/* The first call comes with the request head.  A GET, HEAD or POST
	 * is answered once libmicrohttpd knows the request is complete (a
	 * call with no more body): an answer queued earlier makes it close
	 * the connection (no keep-alive).  A POST's body comes in the calls
	 * between.  Any other method is answered at once, its body never
	 * read. */
	int post = strcmp(method, "POST") == 0;
	int read_only =
	    strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (!x->seen && (read_only || post)) {
		x->seen = 1;
		return MHD_YES;
	}
	if (post && *upload_data_size) {
		size_t n = *upload_data_size;
		if (x->body_over || x->body_len + n > MC_SERVE_MAX_BODY) {
			x->body_over = 1; /* read and dropped */
		} else {
			char *b = realloc(x->body, x->body_len + n + 1);
			if (!b)
				return MHD_NO;
			memcpy(b + x->body_len, upload_data, n);
			x->body = b;
			x->body_len += n;
			b[x->body_len] = 0;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (read_only && *upload_data_size) {
		*upload_data_size = 0; /* a body on a GET: ignored */
		return MHD_YES;
	}
	if (!x->target)
		return MHD_NO; /* out of memory for its copy: closed */
	request_done(srv, x);
	mc_serve_req rq = {
	    .method = method,
	    .target = x->target,
	    .accept = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept"),
	    .authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							 "Authorization"),
	    .body = x->body ? x->body : "",
	    .body_len = x->body_len,
	    .body_over = x->body_over};
	mc_serve_answer ans;
	mc_serve_answer_req(srv->sv, &rq, &ans);
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
	if (ans.www_authenticate)
		MHD_add_response_header(r, "WWW-Authenticate",
					ans.www_authenticate);
	enum MHD_Result ok = MHD_queue_response(c, (unsigned)ans.status, r);
	MHD_destroy_response(r);
	if (srv->access)
		log_access(srv->access, c, x, method, version, ans.status,
			   strcmp(method, "HEAD") == 0 ? 0 : ans.len);
	return ok;
}

/* Raises the limit of open files to what the connections need (their
 * sockets, the store's files, a few more), as far as the hard limit
 * allows. */
static void enough_files(int connections)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)connections + 64;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want
			  ? want
			  : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* The JSON log's line of a server that accepts connections. */
static void log_listening(const mc_serve_opts *o, const char *host,
			  unsigned port, int token)
{
	char url[128];
	mc_logline l;
	snprintf(url, sizeof(url), "http://%s:%u/", host, port);
	mc_logline_open(&l, mc_serve_wall(), "serve", "listening");
	mc_json_str(&l.j, "url", url);
	mc_logline_str(&l, "db", o->db);
	mc_json_int(&l.j, "threads", o->threads);
	mc_json_bool(&l.j, "internal_routes", token);
	mc_logline_str(&l, "access_log", o->access_log);
	mc_json_str(&l.j, "version", o->version);
	mc_logline_write(&l, 2);
}

/* SIGHUP: the access log's file is opened again, and the log says so. */
static void reopen_log(struct server *srv)
{
	mc_diag d = MC_DIAG_INIT;
	if (!srv->access)
		return;
	if (mc_access_reopen(srv->access, &d) < 0)
		mc_serve_log(srv->sv, "access_log", d.v[0].msg);
	else
		mc_serve_log(srv->sv, "access_log",
			     "SIGHUP: the access log is opened again");
	mc_diag_release(&d);
}

int mc_serve_run(const mc_serve_opts *o, mc_diag *d)
{
	listen_addr la;
	if (parse_listen(o->listen, &la, d) < 0)
		return -1;
	if (o->threads < 1 || o->threads > 64)
		return mc_diag_error(d, MC_EUSAGE, "--threads is 1..64, not %d",
				     o->threads);
	mc_token *token = NULL;
	if (o->token_file && mc_token_load(o->token_file, &token, d) < 0)
		return -1;
	struct server srv = {.deadline = o->request_timeout};
	if ((o->access_log &&
	     !(srv.access = mc_access_open(o->access_log, d))) ||
	    !(srv.sv = mc_serve_new(o->db, o->threads, token, o->log_json,
				    o->version, d))) {
		mc_access_close(srv.access);
		mc_token_free(token);
		return -1;
	}
	enough_files(o->max_connections);
	pthread_condattr_t monotonic;
	pthread_condattr_init(&monotonic);
	pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.wake, &monotonic);
	pthread_condattr_destroy(&monotonic);
	/* Blocked here, so every worker thread inherits the mask and only
	 * sigwait() below takes them. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	pthread_t dog;
	int dog_up = pthread_create(&dog, NULL, watchdog, &srv) == 0;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (la.ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *daemon =
	    !dog_up
		? NULL
		: MHD_start_daemon(
		      flags, 0, NULL, NULL, answer, &srv, MHD_OPTION_SOCK_ADDR,
		      (struct sockaddr *)&la.ss, MHD_OPTION_THREAD_POOL_SIZE,
		      (unsigned)o->threads, MHD_OPTION_CONNECTION_LIMIT,
		      (unsigned)o->max_connections,
		      MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		      (unsigned)o->per_client, MHD_OPTION_CONNECTION_TIMEOUT,
		      (unsigned)MC_SERVE_IDLE_TIMEOUT,
		      MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		      (size_t)MHD_MEMORY_LIMIT, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		      (unsigned)1024, MHD_OPTION_NOTIFY_CONNECTION, notify,
		      &srv, MHD_OPTION_URI_LOG_CALLBACK, request_began, &srv,
		      MHD_OPTION_END);
	int rc = 0, sig = 0;
	if (!daemon) {
		rc = mc_diag_error(d, MC_EINPUT,
				   "unable to listen on %s (in use, or not "
				   "an address of this machine?)",
				   o->listen);
	} else {
		const union MHD_DaemonInfo *info =
		    MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
		unsigned port = info ? (unsigned)info->port : 0u;
		printf("mcsched serve: listening on http://%s:%u/ (%s, %d "
		       "threads, read-only, internal routes %s)\n",
		       la.host, port, o->db, o->threads,
		       token ? "with the token" : "off");
		fflush(stdout);
		if (o->log_json)
			log_listening(o, la.host, port, token != NULL);
		sigdelset(&stop, SIGPIPE);
		/* SIGHUP: the access log's file again (logrotate); SIGTERM
		 * or SIGINT: stop */
		while (sigwait(&stop, &sig) != 0 || sig == SIGHUP)
			if (sig == SIGHUP)
				reopen_log(&srv);
		MHD_stop_daemon(daemon);
	}
	if (dog_up) {
		pthread_mutex_lock(&srv.lock);
		srv.stopping = 1;
		pthread_cond_signal(&srv.wake);
		pthread_mutex_unlock(&srv.lock);
		pthread_join(dog, NULL);
	}
	if (daemon) {
		printf("mcsched serve: stopped (%s); %lu request%s cut at "
		       "--request-timeout\n",
		       sig == SIGTERM ? "SIGTERM" : "SIGINT", srv.cut,
		       srv.cut == 1 ? "" : "s");
		if (o->log_json) {
			mc_logline l;
			mc_logline_open(&l, mc_serve_wall(), "serve",
					"stopped");
			mc_json_str(&l.j, "signal",
				    sig == SIGTERM ? "SIGTERM" : "SIGINT");
			mc_json_int(&l.j, "requests_cut", (long long)srv.cut);
			mc_logline_write(&l, 2);
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_cond_destroy(&srv.wake);
	pthread_mutex_destroy(&srv.lock);
	mc_serve_free(srv.sv);
	mc_access_close(srv.access);
	mc_token_free(token);
	return rc;
}

const char *mc_serve_httpd_version(void)
{
	return MHD_get_version();
}
