/*
 * logline.c - JSON log lines written whole (see logline.h).
 */
#include "logline.h"

#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *mc_logline_time(double wall, int millis, char *buf)
{
	time_t t = (time_t)floor(wall);
	int ms = (int)((wall - floor(wall)) * 1000);
	struct tm tm;
	char off[8];
	if (ms > 999)
		ms = 999;
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, MC_LOGLINE_TIME, "%lld", (long long)t);
		return buf;
	}
	size_t n = strftime(buf, MC_LOGLINE_TIME, "%Y-%m-%dT%H:%M:%S", &tm);
	if (millis)
		n +=
		    (size_t)snprintf(buf + n, MC_LOGLINE_TIME - n, ".%03d", ms);
	/* strftime's %z is +0100: ISO 8601's extended form is +01:00 */
	if (strftime(off, sizeof(off), "%z", &tm) == 5)
		snprintf(buf + n, MC_LOGLINE_TIME - n, "%.3s:%.2s", off,
			 off + 3);
	return buf;
}

void mc_logline_open(mc_logline *l, double wall, const char *command,
		     const char *event)
{
	char t[MC_LOGLINE_TIME];
	l->buf = NULL;
	l->len = 0;
	l->f = open_memstream(&l->buf, &l->len);
	if (!l->f) { /* out of memory, as serve's answers treat it */
		perror("mcsched: a log line");
		abort();
	}
	mc_json_open(&l->j, l->f, -1);
	mc_json_str(&l->j, "time", mc_logline_time(wall, 1, t));
	if (command)
		mc_json_str(&l->j, "command", command);
	mc_json_str(&l->j, "event", event);
}

void mc_logline_str(mc_logline *l, const char *k, const char *v)
{
	if (!v) {
		mc_json_null(&l->j, k);
		return;
	}
	const char *e = v + strlen(v);
	char *safe = malloc(4 * (size_t)(e - v) + 1), *o = safe;
	if (!safe) {
		perror("mcsched: a log line");
		abort();
	}
	for (const char *p = v; p < e;) {
		unsigned char c = (unsigned char)*p;
		int n = c < 0x20 || c == 0x7F ? 0 : mc_utf8_len(p, e);
		if (n > 0) {
			memcpy(o, p, (size_t)n);
			o += n;
			p += n;
		} else {
			o += sprintf(o, "\\x%02x", c);
			p++;
		}
	}
	*o = 0;
	mc_json_str(&l->j, k, safe);
	free(safe);
}

int mc_logline_write(mc_logline *l, int fd)
{
	int rc = 0;
	mc_json_close(&l->j);
	fputc('\n', l->f);
	if (fclose(l->f) != 0) {
		perror("mcsched: a log line");
		abort();
	}
	/* one write: a line is never split (a short write on a full disk
	 * or a signal is retried for the rest) */
	for (size_t done = 0; done < l->len;) {
		ssize_t w = write(fd, l->buf + done, l->len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		done += (size_t)w;
	}
	free(l->buf);
	l->buf = NULL;
	l->f = NULL;
	return rc;
}
