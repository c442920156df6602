/*
 * load.c - the load of `make bench`'s slow-client rows (tests/bench/
 * serve.sh): many keep-alive clients, slow clients and a few probe clients
 * on one `mcsched serve`, all at once from one process (epoll), each
 * group from loopback addresses of its own, so the server's per-client
 * limit sees them as the different clients they stand for:
 *
 *   keep-alive  -k N clients, each from its own address (127.1.x.y), ask
 *               GET PATH again as soon as an answer is whole;
 *   slow        -s N clients (127.2.0.1 to .4, or all from 127.2.0.1
 *               with -1) send a GET one byte a second, and connect again
 *               when the server closes them;
 *   probe       -o N clients (127.3.0.x), the "other clients": each asks
 *               GET PATH on a new connection, waits 100 ms, asks again.
 *
 * For -t seconds; then prints per group the answers, answers a second,
 * the 50th and 99th percentile and the longest latency (ms, connect to
 * whole answer for a probe), the failures (an answer other than 200, a
 * connection closed or refused before one, or none within WAIT_MAX
 * seconds), and the slow connections the server closed.  Exit status 1 when a
 * probe failed or waited a second or more; 2 on a bad command line.
 *
 *   serve-load -p PORT -u PATH [-t S] [-k N] [-s N] [-1] [-o N]
 */
#define _DEFAULT_SOURCE /* usleep-free timing helpers, getopt */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { KEEP, SLOW, PROBE, NGROUPS };
static const char *const group_name[] = {"keep-alive", "slow", "probe"};

enum { IDLE, CONNECTING, SENDING, READING };

/* A keep-alive or probe request not answered by then has failed. */
#define WAIT_MAX 5.0

struct client {
	int group, fd, state;
	struct in_addr src;
	double since;	 /* request start (probe: connect start) */
	double next;	 /* IDLE: when to connect; slow: next byte */
	size_t sent;	 /* bytes of the request sent */
	char buf[16384]; /* what came back */
	size_t got;
};

/* Latencies of one group, growing. */
struct lat {
	double *v;
	size_t n, cap;
	long fail, cut, refused;
};

static char request[512];
static size_t request_len;
static int port;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void add(struct lat *l, double v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4096;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			perror("serve-load");
			exit(2);
		}
	}
	l->v[l->n++] = v;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void watch(int ep, struct client *c, unsigned events, int op)
{
	struct epoll_event ev = {.events = events, .data.ptr = c};
	epoll_ctl(ep, op, c->fd, &ev);
}

/* Starts connecting c (non-blocking). */
static void start(int ep, struct client *c, double t)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr = c->src};
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0 || bind(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		perror("serve-load: socket");
		exit(2);
	}
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	a.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	c->state = CONNECTING;
	c->sent = c->got = 0;
	c->since = t;
	c->next = t;
	if (connect(c->fd, (struct sockaddr *)&a, sizeof(a)) != 0 &&
	    errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		c->state = IDLE;
		c->next = t + 1;
		return;
	}
	watch(ep, c, EPOLLOUT | EPOLLIN, EPOLL_CTL_ADD);
}

/* Closes c; it connects again at t + after. */
static void stop(struct client *c, double t, double after)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = IDLE;
	c->next = t + after;
}

/* Sends what c may send now: the whole request, or one byte for a slow
 * client when its second has come. */
static int send_some(struct client *c, double t)
{
	size_t n = request_len - c->sent;
	if (c->group == SLOW) {
		if (t < c->next)
			return 0;
		n = n ? 1 : 0;
		c->next = t + 1;
	}
	ssize_t k = n ? send(c->fd, request + c->sent, n, MSG_NOSIGNAL) : 0;
	if (k < 0 && errno != EAGAIN)
		return -1;
	if (k > 0)
		c->sent += (size_t)k;
	if (c->sent == request_len)
		c->state = READING;
	return 0;
}

/* 1 when c's buffer holds a whole answer (head and Content-Length body),
 * with its status in *status. */
static int whole(struct client *c, int *status)
{
	c->buf[c->got < sizeof(c->buf) ? c->got : sizeof(c->buf) - 1] = 0;
	char *end = strstr(c->buf, "\r\n\r\n");
	if (!end)
		return 0;
	long len = 0;
	for (char *h = strstr(c->buf, "\r\n"); h && h < end;
	     h = strstr(h + 2, "\r\n"))
		if (strncasecmp(h + 2, "Content-Length:", 15) == 0)
			len = strtol(h + 17, NULL, 10);
	if ((size_t)(end + 4 - c->buf) + (size_t)len > c->got)
		return 0;
	*status = atoi(c->buf + 9);
	return 1;
}

int main(int argc, char **argv)
{
	const char *path = NULL;
	int seconds = 20, nkeep = 1000, nslow = 100, nprobe = 10, one = 0;
	for (int o; (o = getopt(argc, argv, "p:u:t:k:s:o:1")) != -1;)
		switch (o) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'u':
			path = optarg;
			break;
		case 't':
			seconds = atoi(optarg);
			break;
		case 'k':
			nkeep = atoi(optarg);
			break;
		case 's':
			nslow = atoi(optarg);
			break;
		case 'o':
			nprobe = atoi(optarg);
			break;
		case '1':
			one = 1;
			break;
		default:
			return 2;
		}
	if (!port || !path || seconds < 1 || nkeep < 0 || nkeep > 60000 ||
	    nslow < 0 || nslow > 60000 || nprobe < 1 || nprobe > 250) {
		fprintf(stderr, "usage: serve-load -p PORT -u PATH [-t S] "
				"[-k N] [-s N] [-1] [-o N]\n");
		return 2;
	}
	request_len = (size_t)snprintf(request, sizeof(request),
				       "GET %s HTTP/1.1\r\nHost: bench\r\n"
				       "User-Agent: serve-load\r\n\r\n",
				       path);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);

	int n = nkeep + nslow + nprobe, ep = epoll_create1(0);
	struct client *cl = calloc((size_t)n, sizeof(*cl));
	struct lat lat[NGROUPS] = {{0}};
	double t0 = now_s();
	for (int i = 0; i < n; i++) {
		struct client *c = &cl[i];
		char a[32];
		c->fd = -1;
		if (i < nkeep) {
			c->group = KEEP;
			snprintf(a, sizeof(a), "127.1.%d.%d", i / 250,
				 i % 250 + 1);
		} else if (i < nkeep + nslow) {
			c->group = SLOW;
			snprintf(a, sizeof(a), "127.2.0.%d",
				 one ? 1 : (i - nkeep) % 4 + 1);
		} else {
			c->group = PROBE;
			snprintf(a, sizeof(a), "127.3.0.%d",
				 i - nkeep - nslow + 1);
		}
		inet_pton(AF_INET, a, &c->src);
		/* the probes start once the others hold their connections */
		c->next = t0 + (c->group == PROBE ? 2.0 : 0.001 * (i % 1000));
	}
	double end = t0 + seconds;
	struct epoll_event evs[512];
	for (double t = now_s(); t < end; t = now_s()) {
		for (int i = 0; i < n; i++) {
			struct client *c = &cl[i];
			if (c->state == IDLE && t >= c->next)
				start(ep, c, t);
			else if (c->state != IDLE && c->group != SLOW &&
				 t - c->since > WAIT_MAX) {
				lat[c->group].fail++;
				stop(c, t, 0.1);
			} else if (c->group == SLOW && c->state == SENDING &&
				   t >= c->next && send_some(c, t) < 0) {
				lat[SLOW].cut++;
				stop(c, t, 1);
			}
		}
		int k = epoll_wait(ep, evs, 512, 10);
		t = now_s();
		for (int e = 0; e < k; e++) {
			struct client *c = evs[e].data.ptr;
			struct lat *l = &lat[c->group];
			if (c->state == CONNECTING) {
				int err = 0;
				socklen_t len = sizeof(err);
				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
					   &len);
				if (err) {
					l->refused++;
					stop(c, t, 1);
					continue;
				}
				c->state = SENDING;
				if (c->group != PROBE)
					c->since = t;
				watch(ep, c, EPOLLIN, EPOLL_CTL_MOD);
				if (send_some(c, t) < 0) {
					l->fail++;
					stop(c, t, 1);
				}
				continue;
			}
			ssize_t got = recv(c->fd, c->buf + c->got,
					   sizeof(c->buf) - 1 - c->got, 0);
			if (got <= 0) {
				if (got < 0 && errno == EAGAIN)
					continue;
				/* closed by the server before an answer */
				if (c->group == SLOW)
					l->cut++;
				else
					l->fail++;
				stop(c, t, c->group == KEEP ? 0 : 1);
				continue;
			}
			c->got += (size_t)got;
			int status;
			if (!whole(c, &status))
				continue;
			if (status != 200)
				l->fail++;
			else
				add(l, (t - c->since) * 1000);
			if (c->group == PROBE)
				stop(c, t, 0.1);
			else {
				c->got = c->sent = 0;
				c->since = t;
				c->state = SENDING;
				send_some(c, t);
			}
		}
	}
	double took = now_s() - t0;
	int bad = 0;
	printf("%-10s %9s %9s %8s %8s %8s %8s %8s\n", "group", "answers",
	       "answers/s", "p50 ms", "p99 ms", "max ms", "failed", "cut");
	for (int g = 0; g < NGROUPS; g++) {
		struct lat *l = &lat[g];
		double p50 = 0, p99 = 0, max = 0;
		if (l->n) {
			qsort(l->v, l->n, sizeof(*l->v), cmp_dbl);
			p50 = l->v[l->n / 2];
			p99 = l->v[(size_t)(0.99 * (double)(l->n - 1))];
			max = l->v[l->n - 1];
		}
		double span = g == PROBE ? took - 2 : took;
		printf("%-10s %9zu %9.0f %8.1f %8.1f %8.1f %8ld %8ld\n",
		       group_name[g], l->n, (double)l->n / span, p50, p99, max,
		       l->fail + l->refused, l->cut);
		if (g == PROBE &&
		    (l->fail || l->refused || !l->n || max >= 1000))
			bad = 1;
		free(l->v);
	}
	for (int i = 0; i < n; i++)
		if (cl[i].fd >= 0)
			close(cl[i].fd);
	free(cl);
	close(ep);
	return bad;
}
