/*
 * load_job.c - job.yaml: the inputs and plan settings of a nightly run.
 * Its keys, their types and bounds are the rows of settings.h that have
 * one; each value is checked here, at its position in the file.
 */
#include "yread.h"

#include <assert.h>
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

/* The scenario list: `scenario: FILE` (one) then `scenarios: [FILE, ...]`,
 * applied in that order. */
static void read_list(struct ld *l, const mc_setting *r, const char *path,
		      int dirlen, mc_setting_list *list, unsigned *given)
{
	ynode *one = yr_opt(l, l->s->root, "scenario"),
	      *v = yr_opt(l, l->s->root, r->key);
	const char *sp;
	if (one && (sp = job_path(l, one, "scenario", path, dirlen)))
		list->v[list->n++] = sp;
	if (v && yr_want_seq(l, v, r->key) == 0 &&
	    !yr_too_many(l, v, yr_seq_len(v) + list->n, (long long)r->max,
			 r->key))
		for (int i = 0; i < yr_seq_len(v); i++)
			if ((sp = job_path(l, yr_seq_at(l, v, i), "scenario",
					   path, dirlen)))
				list->v[list->n++] = sp;
	if (one || v)
		*given |= 1u << r->id;
}

/* The value of key r->key (node v) into r's field of job; 0 or -1. */
static int read_value(struct ld *l, const mc_setting *r, ynode *v,
		      const char *path, int dirlen, mc_settings *job)
{
	void *f = (char *)job + r->at;
	int flags = r->open_min ? NUM_POS : NUM_NONNEG, n = 0, at;
	/* job.yaml's numbers are from 0: a row bounded below by more is
	 * one the reader cannot check */
	assert(r->min == 0);
	switch (r->type) {
	case MC_OPT_PATH:
		return (*(const char **)f =
			    job_path(l, v, r->key, path, dirlen))
			   ? 0
			   : -1;
	case MC_OPT_INT:
		return yr_want_int(l, v, r->key, flags, (int)r->max, f);
	case MC_OPT_NUM:
		return yr_want_num(l, v, r->key, flags, r->max, f);
	case MC_OPT_DAY: {
		int day;
		if (yr_is_scalar(v) && strcmp(yr_text(v), "today") == 0)
			*(const char **)f = "today";
		else if (yr_want_date(l, v, r->key, &day) == 0)
			*(const char **)f = mc_arena_strdup(l->a, yr_text(v));
		else
			return -1;
		return 0;
	}
	case MC_OPT_STR: {
		while (r->choices && r->choices[n])
			n++;
		char label[64];
		snprintf(label, sizeof(label), "%s setting", r->key);
		if (!n) {
			const char *t = yr_want_str(l, v, r->key);
			return t ? (*(const char **)f =
					mc_arena_strdup(l->a, t),
				    0)
				 : -1;
		}
		if ((at = yr_want_ref(l, v, label, r->choices, n, NULL)) < 0)
			return -1;
		*(const char **)f = r->choices[at];
		return 0;
	}
	default: /* no key of job.yaml is a flag or a list but scenarios */
		assert(0);
		return -1;
	}
}

int mc_load_job(mc_arena *a, const char *path, mc_settings *job, mc_diag *d)
{
	/* the rows with a key, in the table's order; `scenario` (one
	 * overlay) just before `scenarios` */
	struct field fields[MC_SET_COUNT + 2];
	int nf = 0;
	for (int id = MC_SET_NONE + 1; id < MC_SET_COUNT; id++) {
		const mc_setting *r = mc_setting_of(id);
		if (!r->key)
			continue;
		if (r->type == MC_OPT_LIST)
			fields[nf++] = (struct field){"scenario", 0};
		fields[nf++] = (struct field){r->key, r->required};
	}
	fields[nf] = (struct field){NULL, 0};
	struct src s;
	struct ld l;
	int base = mc_diag_count(d), first = d->n;
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : -1;

	mc_settings_init(job);
	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.d = d;
	l.s = &s;
	mc_source from = {.path = path};
	yr_src_open(&l, &s, &from, NULL);
	if (!s.root || yr_check_map(&l, s.root, NULL, fields))
		goto out;
	for (int id = MC_SET_NONE + 1; id < MC_SET_COUNT; id++) {
		const mc_setting *r = mc_setting_of(id);
		ynode *v;
		if (!r->key)
			continue;
		if (r->type == MC_OPT_LIST) {
			read_list(&l, r, path, dirlen,
				  (mc_setting_list *)((char *)job + r->at),
				  &job->given);
			continue;
		}
		v = r->required ? yr_get(&l, s.root, r->key)
				: yr_opt(&l, s.root, r->key);
		if (v && read_value(&l, r, v, path, dirlen, job) == 0)
			job->given |= 1u << id;
	}
out:
	yr_src_release(&s);
	yr_sort_new(d, first);
	return mc_diag_count(d) > base ? -1 : 0;
}
