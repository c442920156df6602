/*
 * access.c - serve's access log in the combined log format (access.h).
 */
#include "access.h"

#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct mc_access_log {
	int fd;
	char *path; /* NULL: standard error */
};

static int open_append(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

mc_access_log *mc_access_open(const char *path, mc_diag *d)
{
	int fd = STDERR_FILENO;
	if (strcmp(path, "-") != 0 && (fd = open_append(path)) < 0) {
		mc_diag_error(d, MC_EINPUT,
			      "unable to open the access log '%s': %s", path,
			      strerror(errno));
		return NULL;
	}
	mc_access_log *l = mc_xcalloc(1, sizeof(*l));
	l->fd = fd;
	l->path = fd == STDERR_FILENO ? NULL : mc_xstrdup(path);
	return l;
}

int mc_access_reopen(mc_access_log *l, mc_diag *d)
{
	if (!l->path)
		return 0;
	int fd = open_append(l->path);
	if (fd < 0 || dup2(fd, l->fd) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return mc_diag_error(d, MC_EINPUT,
				     "unable to open the access log '%s' "
				     "again: %s (still writing the old file)",
				     l->path, strerror(err));
	}
	close(fd);
	return 0;
}

void mc_access_close(mc_access_log *l)
{
	if (!l)
		return;
	if (l->path)
		close(l->fd);
	free(l->path);
	free(l);
}

/* A field's text: printable ASCII as it is but " and \ (escaped), every
 * other byte \xHH; "-" for NULL or empty (quote: between quotes).
 * Returns the new length, never past size - 1. */
static size_t put_field(char *buf, size_t n, size_t size, const char *s,
			int quote)
{
	if (quote && n < size - 1)
		buf[n++] = '"';
	if (!s || !*s)
		s = "-";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[5];
		int k;
		if (*p == '"' || *p == '\\')
			k = snprintf(esc, sizeof(esc), "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7E)
			k = snprintf(esc, sizeof(esc), "\\x%02x", *p);
		else
			k = snprintf(esc, sizeof(esc), "%c", *p);
		if (n + (size_t)k + (quote ? 1 : 0) >= size)
			break; /* cut: the line stays one line */
		memcpy(buf + n, esc, (size_t)k);
		n += (size_t)k;
	}
	if (quote && n < size - 1)
		buf[n++] = '"';
	buf[n] = 0;
	return n;
}

/* printf onto buf at n, never past size - 1. */
__attribute__((format(printf, 4, 5))) static size_t
put(char *buf, size_t n, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
	n += k < 0 ? 0 : (size_t)k;
	return n < size ? n : size - 1;
}

size_t mc_access_format(const mc_access_rec *r, char *buf, size_t size)
{
	static const char *const month[] = {"Jan", "Feb", "Mar", "Apr",
					    "May", "Jun", "Jul", "Aug",
					    "Sep", "Oct", "Nov", "Dec"};
	char when[64] = "-";
	time_t t = (time_t)floor(r->wall);
	struct tm tm;
	if (localtime_r(&t, &tm)) { /* [07/Dec/2026:17:40:55 +0100] */
		char zone[8];
		strftime(zone, sizeof(zone), "%z", &tm);
		snprintf(when, sizeof(when), "%02d/%s/%04d:%02d:%02d:%02d %s",
			 tm.tm_mday, month[tm.tm_mon], tm.tm_year + 1900,
			 tm.tm_hour, tm.tm_min, tm.tm_sec, zone);
	}
	size_t n = 0;
	size -= 1; /* room for the "\n" */
	n = put_field(buf, n, size, r->host, 0);
	n = put(buf, n, size, " - - [%s] \"", when);
	/* the request line: its three parts escaped, between one pair of
	 * quotes */
	n = put_field(buf, n, size, r->method, 0);
	n = put(buf, n, size, " ");
	n = put_field(buf, n, size, r->target, 0);
	n = put(buf, n, size, " ");
	n = put_field(buf, n, size, r->version, 0);
	n = put(buf, n, size, "\" %d ", r->status);
	n = r->bytes ? put(buf, n, size, "%zu ", r->bytes)
		     : put(buf, n, size, "- ");
	n = put_field(buf, n, size, r->referer, 1);
	n = put(buf, n, size, " ");
	n = put_field(buf, n, size, r->agent, 1);
	buf[n++] = '\n';
	buf[n] = 0;
	return n;
}

void mc_access_write(mc_access_log *l, const mc_access_rec *r)
{
	char line[MC_ACCESS_LINE];
	size_t n = mc_access_format(r, line, sizeof(line));
	for (size_t done = 0; done < n;) {
		ssize_t w = write(l->fd, line + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* a full disk loses log lines, never requests
				 */
		done += (size_t)w;
	}
}
