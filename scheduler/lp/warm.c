/*
 * warm.c - a solved session's warm start as data, and its file (warm.h).
 *
 * The file is text, one fact a line, so it reads the same on any machine:
 *   mcsched-warm 1
 *   backend NAME
 *   dims R P F K M H S
 *   solve SECONDS
 *   orders N                 then N lines "CLASS LEN ID" (ID: LEN bytes)
 *   entries N                then N lines "KEY-HEX STATUS"
 *   end
 */
#include "warm.h"
#include "arena.h"
#include "file.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARM_MAGIC "mcsched-warm 1"
/* the largest warm start file read: an LP of millions of columns */
#define WARM_MAX_BYTES (1LL << 31)

void mc_warm_free(mc_warm *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->norders; i++)
		free(w->order[i]);
	free(w->order);
	free(w->cls);
	free(w->key);
	free(w->stat);
	free(w);
}

static int write_warm(FILE *f, const void *ctx, mc_diag *d)
{
	const mc_warm *w = ctx;
	(void)d;
	fprintf(f, WARM_MAGIC "\nbackend %s\ndims", w->backend);
	for (int i = 0; i < MC_WARM_DIMS; i++)
		fprintf(f, " %d", w->dims[i]);
	fprintf(f, "\nsolve %.17g\norders %d\n", w->t_solve, w->norders);
	for (int i = 0; i < w->norders; i++)
		fprintf(f, "%d %zu %s\n", w->cls[i], strlen(w->order[i]),
			w->order[i]);
	fprintf(f, "entries %d\n", w->n);
	for (int i = 0; i < w->n; i++)
		fprintf(f, "%" PRIx64 " %d\n", w->key[i], w->stat[i]);
	fputs("end\n", f);
	return 0;
}

int mc_warm_write(const mc_warm *w, const char *path, mc_diag *d)
{
	return mc_file_write(path, write_warm, w, d);
}

/* A cursor over the file's text. */
struct cur {
	const char *p, *end;
};

/* The next line into buf (at most size - 1 bytes, no newline); 0 when
 * there is none or it is longer. */
static int next_line(struct cur *c, char *buf, size_t size)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	if (!nl || (size_t)(nl - c->p) >= size)
		return 0;
	memcpy(buf, c->p, (size_t)(nl - c->p));
	buf[nl - c->p] = '\0';
	c->p = nl + 1;
	return 1;
}

/* The next line is text. */
static int lit(struct cur *c, const char *text)
{
	char buf[64];
	return next_line(c, buf, sizeof(buf)) && strcmp(buf, text) == 0;
}

/* The next line matches fmt with its n conversions all made. */
static int line(struct cur *c, int n, const char *fmt, ...)
    __attribute__((format(scanf, 3, 4)));
static int line(struct cur *c, int n, const char *fmt, ...)
{
	char buf[256];
	if (!next_line(c, buf, sizeof(buf)))
		return 0;
	va_list ap;
	va_start(ap, fmt);
	int got = vsscanf(buf, fmt, ap);
	va_end(ap);
	return got == n;
}

mc_warm *mc_warm_read(const char *path, mc_diag *d)
{
	char *text;
	size_t len;
	if (mc_file_read(path, WARM_MAX_BYTES, &text, &len, d) < 0)
		return NULL;
	mc_warm *w = mc_xcalloc(1, sizeof(*w));
	struct cur c = {text, text + len};
	int *g = w->dims;
	int ok = lit(&c, WARM_MAGIC) &&
		 line(&c, 1, "backend %31s", w->backend) &&
		 line(&c, 7, "dims %d %d %d %d %d %d %d", &g[0], &g[1], &g[2],
		      &g[3], &g[4], &g[5], &g[6]) &&
		 line(&c, 1, "solve %lf", &w->t_solve) &&
		 line(&c, 1, "orders %d", &w->norders) && w->norders >= 0 &&
		 (size_t)w->norders < len;
	if (ok) {
		w->order = mc_xcalloc((size_t)w->norders + 1, sizeof(char *));
		w->cls = mc_xcalloc((size_t)w->norders + 1, sizeof(int));
	}
	for (int i = 0; ok && i < w->norders; i++) {
		char *end;
		long cls = strtol(c.p, &end, 10);
		unsigned long long n = end < c.end && *end == ' '
					   ? strtoull(end + 1, &end, 10)
					   : 0;
		ok = end < c.end && *end == ' ' &&
		     n < (unsigned long long)(c.end - end) &&
		     end[1 + n] == '\n' && cls >= -1 && cls < (1L << 30);
		if (ok) {
			w->cls[i] = (int)cls;
			w->order[i] = mc_xmalloc((size_t)n + 1);
			memcpy(w->order[i], end + 1, (size_t)n);
			w->order[i][n] = '\0';
			c.p = end + 2 + n;
		} else {
			w->norders = i; /* what mc_warm_free() frees */
		}
	}
	ok = ok && line(&c, 1, "entries %d", &w->n) && w->n >= 0 &&
	     (size_t)w->n < len;
	if (ok) {
		w->key = mc_xcalloc((size_t)w->n + 1, sizeof(*w->key));
		w->stat = mc_xcalloc((size_t)w->n + 1, sizeof(*w->stat));
	}
	for (int i = 0; ok && i < w->n; i++) {
		char *end;
		w->key[i] = strtoull(c.p, &end, 16);
		long st =
		    end < c.end && *end == ' ' ? strtol(end + 1, &end, 10) : -1;
		ok = end < c.end && *end == '\n' && st >= 0 && st < 256;
		w->stat[i] = (unsigned char)st;
		c.p = end + 1;
	}
	ok = ok && lit(&c, "end") && c.p == c.end;
	free(text);
	if (!ok) {
		mc_warm_free(w);
		mc_diag_at(d, MC_EINPUT, path, 0, 0,
			   "not a warm start file of this mcsched");
		return NULL;
	}
	return w;
}
