/*
 * term.c - status line and phase log on stderr (see term.h).
 */
#include "term.h"
#include "arena.h"
#include "logline.h"

#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
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
	int drawn;	    /* a status line is on the screen */
	char scenario[128]; /* a what-if's, shown on each line of the log */
	long long base_run; /* the run it is planned on */
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

/* A line of the log: the local time with its UTC offset, the seconds
 * since the run began, the text (and a what-if's scenario and base run),
 * written at once so lines of worker processes do not mix. */
__attribute__((format(printf, 2, 3))) static void log_line(term *p,
							   const char *fmt, ...)
{
	char stamp[MC_LOGLINE_TIME], line[512];
	va_list ap;
	int n = snprintf(line, sizeof(line), "%s %8.1f s  ",
			 mc_logline_time(mc_progress_wall(), 0, stamp),
			 mc_progress_clock() - p->t0);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (p->scenario[0] && (size_t)n < sizeof(line))
		snprintf(line + n, sizeof(line) - (size_t)n,
			 "  (what-if '%s' on run %lld)", p->scenario,
			 (long long)p->base_run);
	fprintf(p->f, "%s\n", line);
	fflush(p->f);
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
	log_line(p, "%s", p->phase);
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

/* The log tells the run once it is stored: its id, state and figures. */
static void run(mc_progress *base, const mc_progress_run *r)
{
	term *p = (term *)base;
	snprintf(p->scenario, sizeof(p->scenario), "%s",
		 r->scenario ? r->scenario : "");
	p->base_run = (long long)r->base;
	if (p->mode != MC_TERM_LOG || !r->stored)
		return;
	char gap[32] = "no bound";
	if (!isnan(r->gap))
		snprintf(gap, sizeof(gap), "gap %.3f%%", 100 * r->gap);
	log_line(p, "stored run %lld (%s%s%s), cost %.2f, %s (LP %s)",
		 (long long)r->id, r->state,
		 r->reason && *r->reason ? ": " : "",
		 r->reason ? r->reason : "", r->cost, gap, r->lp_status);
}

static const mc_progress_ops ops = {begin, phase, lp, wants_lp, end, run};

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
