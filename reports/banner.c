/*
 * banner.c - the kept-back banner of a report (see banner.h).
 *
 * Memory: the lines come from the caller's arena.
 */
#include "banner.h"

#include <inttypes.h>
#include <string.h>

/* The state of v: its stored one, or by kind for a view without one. */
static const char *state_of(const mc_run_view *v)
{
	if (v->state)
		return v->state;
	return mc_store_run_state(v->kind, v->published, v->hold_reason);
}

const char *mc_banner_state(const mc_run_view *v, mc_arena *a)
{
	const char *st = state_of(v);
	if (strcmp(st, "kept back") == 0 && v->hold_reason)
		return mc_arena_printf(a, "kept back: %s", v->hold_reason);
	return st;
}

int mc_banner_lines(const mc_run_view *v, mc_arena *a, const char ***lines)
{
	int n = 0;
	const char **l =
	    mc_arena_calloc(a, (size_t)v->nheld_since + 2, sizeof(char *));
	const char *why = v->hold_reason ? v->hold_reason : "-";
	const char *at = v->floor_published_at ? v->floor_published_at : "-";
	if (strcmp(state_of(v), "kept back") == 0) {
		if (!v->floor_run)
			l[n++] = mc_arena_printf(a,
						 "KEPT BACK: no plan is "
						 "published yet: %s",
						 why);
		else if (v->floor_run < v->id)
			l[n++] = mc_arena_printf(
			    a,
			    "KEPT BACK: the floor is still on run %" PRId64
			    "'s plan (published %s): %s",
			    v->floor_run, at, why);
		else
			l[n++] = mc_arena_printf(
			    a,
			    "KEPT BACK: %s; the floor has moved on to run "
			    "%" PRId64 "'s plan (published %s)",
			    why, v->floor_run, at);
	}
	for (int i = 0; v->published && i < v->nheld_since; i++)
		l[n++] = mc_arena_printf(
		    a, "run %" PRId64 " of %s was kept back: %s",
		    v->held_since[i].id, v->held_since[i].horizon_start,
		    v->held_since[i].reason);
	*lines = l;
	return n;
}
