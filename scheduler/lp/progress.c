/*
 * progress.c - the progress seam's calls and the clocks (progress.h).
 */
#include "progress.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

double mc_progress_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double mc_progress_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void mc_progress_begin(mc_progress *p)
{
	if (p && p->ops->begin)
		p->ops->begin(p);
}

void mc_progress_phase(mc_progress *p, const char *fmt, ...)
{
	char name[64];
	va_list ap;
	if (!p || !p->ops->phase)
		return;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	p->ops->phase(p, name);
}

void mc_progress_lp(mc_progress *p, long iter, double obj, double infeas,
		    int cols)
{
	if (p && p->ops->lp)
		p->ops->lp(p, iter, obj, infeas, cols);
}

int mc_progress_wants_lp(const mc_progress *p)
{
	return p && p->ops->wants_lp && p->ops->wants_lp(p);
}

void mc_progress_end(mc_progress *p)
{
	if (p && p->ops->end)
		p->ops->end(p);
}

void mc_progress_run_is(mc_progress *p, const mc_progress_run *r)
{
	if (p && p->ops->run)
		p->ops->run(p, r);
}
