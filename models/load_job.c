/*
 * load_job.c - job.yaml: the inputs and plan options of a nightly run.
 */
#include "yread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path from the job file, made relative to the job file's directory
 * (dirlen bytes of jobpath, or -1 when it has no directory part). */
static const char *job_path(struct ld *l, ynode *v, const char *label,
			    const char *jobpath, int dirlen)
{
	const char *t = v ? yr_want_str(l, v, label) : NULL;
	if (!t)
		return NULL;
	if (t[0] == '/' || dirlen < 0)
		return mc_arena_strdup(l->a, t);
	return mc_arena_printf(l->a, "%.*s/%s", dirlen, jobpath, t);
}

int mc_load_job(mc_arena *a, const char *path, mc_job *job, mc_diag *d)
{
	static const struct field fields[] = {
	    {"catalog", 1},	{"plants", 1},	       {"orders", 1},
	    {"db", 0},		{"scenario", 0},       {"scenarios", 0},
	    {"frozen_days", 0}, {"time_limit", 0},     {"publish", 0},
	    {"min_orders", 0},	{"start", 0},	       {"max_gap", 0},
	    {"round_time", 0},	{"stability_cost", 0}, {NULL, 0}};
	static const char *const publish[] = {"auto", "always", "never"};
	struct src s;
	struct ld l;
	int base = mc_diag_count(d), first = d->n;
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : -1;
	ynode *v;

	memset(job, 0, sizeof(*job));
	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	job->frozen_days = -1;
	job->min_orders = -1;
	job->max_gap = -1;
	job->round_time = -1;
	job->stability_cost = -1;
	l.a = a;
	l.d = d;
	l.s = &s;
	mc_source from = {path, NULL, 0, 0};
	yr_src_open(&l, &s, &from, NULL);
	if (!s.root || yr_check_map(&l, s.root, NULL, fields))
		goto out;
	job->catalog = job_path(&l, yr_get(&l, s.root, "catalog"), "catalog",
				path, dirlen);
	job->plants =
	    job_path(&l, yr_get(&l, s.root, "plants"), "plants", path, dirlen);
	job->orders =
	    job_path(&l, yr_get(&l, s.root, "orders"), "orders", path, dirlen);
	job->db = job_path(&l, yr_opt(&l, s.root, "db"), "db", path, dirlen);
	/* scenario: one overlay; scenarios: a list of them, applied in
	 * order (plan --scenario replaces them) */
	const char *sp;
	if ((v = yr_opt(&l, s.root, "scenario")) &&
	    (sp = job_path(&l, v, "scenario", path, dirlen)))
		job->scenarios[job->nscenarios++] = sp;
	if ((v = yr_opt(&l, s.root, "scenarios")) &&
	    yr_want_seq(&l, v, "scenarios") == 0 &&
	    !yr_too_many(&l, v, yr_seq_len(v) + job->nscenarios,
			 MC_MAX_SCENARIOS, "scenarios"))
		for (int i = 0; i < yr_seq_len(v); i++)
			if ((sp = job_path(&l, yr_seq_at(&l, v, i), "scenario",
					   path, dirlen)))
				job->scenarios[job->nscenarios++] = sp;
	if ((v = yr_opt(&l, s.root, "frozen_days")))
		yr_want_int(&l, v, "frozen_days", NUM_NONNEG, MC_MAX_HORIZON,
			    &job->frozen_days);
	if ((v = yr_opt(&l, s.root, "time_limit")))
		yr_want_num(&l, v, "time_limit", NUM_POS, MC_MAX_TIME_LIMIT,
			    &job->time_limit);
	int at;
	if ((v = yr_opt(&l, s.root, "publish")) &&
	    (at = yr_want_ref(&l, v, "publish setting", publish, 3, NULL)) >= 0)
		job->publish = publish[at];
	if ((v = yr_opt(&l, s.root, "min_orders")))
		yr_want_int(&l, v, "min_orders", NUM_NONNEG, MC_MAX_ORDERS,
			    &job->min_orders);
	if ((v = yr_opt(&l, s.root, "start"))) {
		if (yr_is_scalar(v) && strcmp(yr_text(v), "today") == 0)
			job->start_today = 1;
		else
			yr_want_date(&l, v, "start", &job->start);
	}
	if ((v = yr_opt(&l, s.root, "round_time")))
		yr_want_num(&l, v, "round_time", NUM_NONNEG, MC_MAX_TIME_LIMIT,
			    &job->round_time);
	if ((v = yr_opt(&l, s.root, "max_gap")))
		yr_want_num(&l, v, "max_gap", NUM_NONNEG, 100, &job->max_gap);
	if ((v = yr_opt(&l, s.root, "stability_cost")))
		yr_want_num(&l, v, "stability_cost", NUM_NONNEG,
			    MC_MAX_STABILITY, &job->stability_cost);
out:
	yr_src_release(&s);
	yr_sort_new(d, first);
	return mc_diag_count(d) > base ? -1 : 0;
}
