/*
 * progress.c - status line and phase log on stderr (see progress.h).
 */
#include "progress.h"
#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct mc_progress {
	FILE *f;
	int mode;
	double t0, last_draw;
	char phase[64];
	long iter;
	double obj, infeas;
	int cols;
	int drawn; /* a status line is on the screen */
};

double mc_progress_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

mc_progress *mc_progress_new(FILE *f, int mode)
{
	mc_progress *p = mc_xcalloc(1, sizeof(*p));
	p->f = f;
	p->mode = mode;
	p->t0 = mc_progress_clock();
	p->last_draw = -1;
	return p;
}

static void clear_line(mc_progress *p)
{
	if (p->drawn) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
		p->drawn = 0;
	}
}

void mc_progress_free(mc_progress *p)
{
	if (!p)
		return;
	clear_line(p);
	free(p);
}

int mc_progress_wants_lp(const mc_progress *p)
{
	return p && p->mode == MC_PROGRESS_TTY;
}

static void draw(mc_progress *p)
{
	double t = mc_progress_clock();
	p->last_draw = t;
	fprintf(p->f, "\r\033[K%-10s", p->phase);
	if (p->iter > 0)
		fprintf(p->f,
			" iteration %ld  objective %.6g  infeasibility %.3g",
			p->iter, p->obj, p->infeas);
	if (p->cols > 0)
		fprintf(p->f, "  columns %d", p->cols);
	fprintf(p->f, "  %.0f s", t - p->t0);
	fflush(p->f);
	p->drawn = 1;
}

void mc_progress_phase(mc_progress *p, const char *fmt, ...)
{
	va_list ap;
	if (!p || p->mode == MC_PROGRESS_QUIET)
		return;
	va_start(ap, fmt);
	vsnprintf(p->phase, sizeof(p->phase), fmt, ap);
	va_end(ap);
	p->iter = 0;
	if (p->mode == MC_PROGRESS_TTY) {
		draw(p);
		return;
	}
	char stamp[32];
	time_t wall = time(NULL);
	struct tm tm;
	localtime_r(&wall, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(p->f, "%s %8.1f s  %s\n", stamp, mc_progress_clock() - p->t0,
		p->phase);
	fflush(p->f);
}

void mc_progress_lp(mc_progress *p, long iter, double obj, double infeas,
		    int cols)
{
	if (!p || p->mode != MC_PROGRESS_TTY)
		return;
	p->iter = iter;
	p->obj = obj;
	p->infeas = infeas;
	p->cols = cols;
	if (mc_progress_clock() - p->last_draw >= 1.0)
		draw(p);
}

double mc_progress_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
