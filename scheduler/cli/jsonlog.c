/*
 * jsonlog.c - the JSON-lines log of a command (see jsonlog.h).
 */
#include "jsonlog.h"
#include "arena.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Seconds between two "lp" lines: a log keeps the LP's course, not every
 * iteration the solver reports. */
#define LP_EVERY 5.0

typedef struct jlog {
	mc_progress base; /* first: the engine's handle */
	int fd;
	const char *command;
	double t0, last_lp, started;
	char phase[64];
	int64_t run, base_run;
	char scenario[128];
} jlog;

void mc_jsonlog_open(mc_progress *p, mc_logline *l, const char *event)
{
	jlog *g = (jlog *)p;
	mc_logline_open(l, mc_progress_wall(), g->command, event);
	if (g->run)
		mc_json_int(&l->j, "run", g->run);
	if (g->base_run)
		mc_json_int(&l->j, "base_run", g->base_run);
	if (g->scenario[0])
		mc_logline_str(l, "scenario", g->scenario);
}

void mc_jsonlog_emit(mc_progress *p, mc_logline *l)
{
	/* a log that cannot be written loses the line, never the run */
	(void)mc_logline_write(l, ((jlog *)p)->fd);
}

static void begin(mc_progress *base)
{
	jlog *g = (jlog *)base;
	g->t0 = mc_progress_clock();
	g->last_lp = -1;
}

static void phase(mc_progress *base, const char *name)
{
	jlog *g = (jlog *)base;
	mc_logline l;
	snprintf(g->phase, sizeof(g->phase), "%s", name);
	mc_jsonlog_open(base, &l, "phase");
	mc_json_str(&l.j, "phase", name);
	mc_json_num(&l.j, "elapsed_s",
		    round((mc_progress_clock() - g->t0) * 1000) / 1000);
	mc_jsonlog_emit(base, &l);
}

static void lp(mc_progress *base, long iter, double obj, double infeas,
	       int cols)
{
	jlog *g = (jlog *)base;
	double t = mc_progress_clock();
	if (g->last_lp >= 0 && t - g->last_lp < LP_EVERY)
		return;
	g->last_lp = t;
	mc_logline l;
	mc_jsonlog_open(base, &l, "lp");
	mc_json_str(&l.j, "phase", g->phase);
	mc_json_int(&l.j, "iteration", iter);
	mc_json_num(&l.j, "objective", obj);
	mc_json_num(&l.j, "infeasibility", infeas);
	if (cols > 0)
		mc_json_int(&l.j, "columns", cols);
	mc_json_num(&l.j, "elapsed_s", round((t - g->t0) * 1000) / 1000);
	mc_jsonlog_emit(base, &l);
}

static int wants_lp(const mc_progress *base)
{
	(void)base;
	return 1;
}

static void run(mc_progress *base, const mc_progress_run *r)
{
	jlog *g = (jlog *)base;
	g->run = r->id;
	g->base_run = r->base;
	snprintf(g->scenario, sizeof(g->scenario), "%s",
		 r->scenario ? r->scenario : "");
	if (!r->stored)
		return;
	mc_logline l;
	mc_jsonlog_open(base, &l, "stored");
	mc_json_str(&l.j, "kind", r->kind);
	mc_json_str(&l.j, "state", r->state);
	if (r->reason && *r->reason)
		mc_logline_str(&l, "reason", r->reason);
	mc_json_str(&l.j, "lp_status", r->lp_status);
	mc_json_num(&l.j, "cost", r->cost);
	mc_json_num(&l.j, "lp_bound", r->lp_bound);
	mc_json_num(&l.j, "gap", r->gap);
	mc_json_int(&l.j, "orders", r->orders);
	mc_json_int(&l.j, "units_planned", r->units_planned);
	mc_json_int(&l.j, "units_late", r->units_late);
	mc_json_int(&l.j, "units_unmet", r->units_unmet);
	mc_json_num(&l.j, "seconds", round(r->seconds * 1000) / 1000);
	mc_jsonlog_emit(base, &l);
}

static const mc_progress_ops ops = {begin, phase, lp, wants_lp, NULL, run};

mc_progress *mc_jsonlog_new(int fd, const char *command)
{
	jlog *g = mc_xcalloc(1, sizeof(*g));
	g->base.ops = &ops;
	g->fd = fd;
	g->command = command;
	g->started = mc_progress_clock();
	begin(&g->base);
	return &g->base;
}

void mc_jsonlog_free(mc_progress *p)
{
	free(p);
}

void mc_jsonlog_errors(mc_progress *p, mc_diag *d)
{
	mc_logline l;
	for (int i = 0; i < d->n; i++) {
		const mc_diag_entry *e = &d->v[i];
		mc_jsonlog_open(p, &l, "error");
		mc_json_int(&l.j, "status", d->status);
		if (e->file)
			mc_logline_str(&l, "file", e->file);
		if (e->line)
			mc_json_int(&l.j, "line", e->line);
		if (e->col)
			mc_json_int(&l.j, "column", e->col);
		mc_logline_str(&l, "message", e->msg);
		mc_jsonlog_emit(p, &l);
	}
	if (d->dropped) {
		mc_jsonlog_open(p, &l, "error");
		mc_json_int(&l.j, "status", d->status);
		mc_json_int(&l.j, "more_errors", d->dropped);
		mc_jsonlog_emit(p, &l);
	}
	mc_diag_clear(d);
}

int mc_jsonlog_exit(mc_progress *p, int status, mc_diag *d)
{
	jlog *g = (jlog *)p;
	mc_logline l;
	mc_jsonlog_errors(p, d);
	mc_jsonlog_open(p, &l, "exit");
	mc_json_int(&l.j, "status", status);
	mc_json_num(&l.j, "elapsed_s",
		    round((mc_progress_clock() - g->started) * 1000) / 1000);
	mc_jsonlog_emit(p, &l);
	return status;
}
