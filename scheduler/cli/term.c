/*
 * term.c - status line and phase log on stderr (see term.h).
 */
#include "term.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct term {
	mc_progress base; /* first: the engine's handle */
	FILE *f;
	int mode;
	double t0, last_draw;
	char phase[64];
	long iter;
	double obj, infeas;
	int cols;
	int drawn; /* a status line is on the screen */
} term;

static void clear_line(term *p)
{
	if (p->drawn) {
		fputs("\r\033[K", p->f);
		fflush(p->f);
		p->drawn = 0;
	}
}

static void draw(term *p)
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

static void begin(mc_progress *base)
{
	term *p = (term *)base;
	p->t0 = mc_progress_clock();
	p->last_draw = -1;
}

static void phase(mc_progress *base, const char *name)
{
	term *p = (term *)base;
	if (p->mode == MC_TERM_QUIET)
		return;
	snprintf(p->phase, sizeof(p->phase), "%s", name);
	p->iter = 0;
	if (p->mode == MC_TERM_TTY) {
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

static void lp(mc_progress *base, long iter, double obj, double infeas,
	       int cols)
{
	term *p = (term *)base;
	if (p->mode != MC_TERM_TTY)
		return;
	p->iter = iter;
	p->obj = obj;
	p->infeas = infeas;
	p->cols = cols;
	if (mc_progress_clock() - p->last_draw >= 1.0)
		draw(p);
}

static int wants_lp(const mc_progress *base)
{
	return ((const term *)base)->mode == MC_TERM_TTY;
}

static void end(mc_progress *base)
{
	clear_line((term *)base);
}

static const mc_progress_ops ops = {begin, phase, lp, wants_lp, end};

mc_progress *mc_term_new(FILE *f, int mode)
{
	term *p = mc_xcalloc(1, sizeof(*p));
	p->base.ops = &ops;
	p->f = f;
	p->mode = mode;
	begin(&p->base);
	return &p->base;
}

int mc_term_mode(int quiet, int one_process)
{
	if (quiet)
		return MC_TERM_QUIET;
	if (isatty(2))
		return one_process ? MC_TERM_TTY : MC_TERM_QUIET;
	return MC_TERM_LOG;
}

void mc_term_free(mc_progress *p)
{
	if (!p)
		return;
	clear_line((term *)p);
	free(p);
}
