/*
 * store_status.c - what the store says about the floor's day (see
 * store.h): which plan the floor is on and since when, the nights kept
 * back since it, the newest plan's frozen window, when the floor last
 * reported, and how many units are behind plan.  `mcsched status`, serve's
 * /healthz and the reports' kept-back banners read it.
 *
 * Memory: every value is copied into the caller's arena; statements live
 * for one call.
 */
#include "store.h"
#include "store_impl.h"

#include <string.h>

/* The published run and when it was published (both 0 / NULL when none). */
static int read_published_at(sq_store *s, mc_arena *a, int64_t *run,
			     const char **at, const char **start, mc_diag *d)
{
	int rc = -1, r;
	*run = 0;
	*at = *start = NULL;
	db_stmt *st = store_prep(s,
				 "SELECT p.run, p.at, r.horizon_start "
				 "FROM published p JOIN runs r ON r.id = "
				 "p.run WHERE p.id = 1",
				 d);
	if (!st)
		return -1;
	r = db_step(st);
	if (r == DB_ROW) {
		const char *t = db_col_text(st, 1);
		const char *h = db_col_text(st, 2);
		*run = db_col_int64(st, 0);
		*at = t ? mc_arena_strdup(a, t) : NULL;
		*start = h ? mc_arena_strdup(a, h) : NULL;
	}
	if (r == DB_ROW || r == DB_DONE)
		rc = 0;
	else
		store_fail(s, d, "read the published plan");
	db_finalize(st);
	return rc;
}

/* The plan runs kept back after run `after` (0: all), oldest first. */
static int read_held(sq_store *s, int64_t after, mc_arena *a,
		     mc_view_held **out, int *n, mc_diag *d)
{
	int rc = -1, r, cap = 0;
	*out = NULL;
	*n = 0;
	db_stmt *st = store_prep(
	    s,
	    "SELECT id, horizon_start, hold_reason FROM runs WHERE kind = "
	    "'plan' AND hold_reason IS NOT NULL AND id > ?1 ORDER BY id",
	    d);
	if (!st)
		return -1;
	db_bind_int64(st, 1, after);
	while ((r = db_step(st)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			mc_view_held *g =
			    mc_arena_calloc(a, (size_t)cap, sizeof(*g));
			if (*n)
				memcpy(g, *out, (size_t)*n * sizeof(*g));
			*out = g;
		}
		mc_view_held *h = &(*out)[(*n)++];
		h->id = db_col_int64(st, 0);
		h->horizon_start =
		    mc_arena_strdup(a, (const char *)db_col_text(st, 1));
		h->reason =
		    mc_arena_strdup(a, (const char *)db_col_text(st, 2));
	}
	if (r == DB_DONE)
		rc = 0;
	else {
		store_fail(s, d, "read the nights kept back");
		*n = 0;
	}
	db_finalize(st);
	return rc;
}

int store_read_floor(sq_store *s, mc_run_view *v, mc_arena *a, mc_diag *d)
{
	const char *start;
	if (read_published_at(s, a, &v->floor_run, &v->floor_published_at,
			      &start, d) < 0)
		return -1;
	if (!v->published)
		return 0;
	return read_held(s, v->id, a, &v->held_since, &v->nheld_since, d);
}

/* A one-row query's columns as text (NULL where NULL) and integers, with
 * ?1 bound to text p1 (when not NULL) and ?2 to the integer p2 (when the
 * statement has it).  No row leaves them as they were. */
static int query_row(sq_store *s, const char *sql, const char *p1, int64_t p2,
		     mc_arena *a, const char **text, int ntext, int64_t *num,
		     int nnum, mc_diag *d)
{
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		return -1;
	if (p1)
		store_bind_text(st, 1, p1);
	if (db_nparams(st) >= 2)
		db_bind_int64(st, 2, p2);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		for (int i = 0; i < ntext; i++) {
			const char *t = db_col_text(st, i);
			text[i] = t ? mc_arena_strdup(a, t) : NULL;
		}
		for (int i = 0; i < nnum; i++)
			num[i] = db_col_int64(st, ntext + i);
	} else if (r != DB_DONE)
		rc = store_fail(s, d, "read the store's status");
	db_finalize(st);
	return rc;
}

int sq_read_status(void *h, const char *today, mc_arena *a, mc_store_status *st,
		   mc_diag *d)
{
	sq_store *s = h;
	memset(st, 0, sizeof(*st));
	if (read_published_at(s, a, &st->published, &st->published_at,
			      &st->published_start, d) < 0 ||
	    read_held(s, st->published, a, &st->held, &st->nheld, d) < 0)
		return -1;
	const char *text[2] = {NULL, NULL};
	int64_t num[3] = {0, 0, 0};
	if (query_row(s,
		      "SELECT horizon_start, id, hold_reason IS NOT NULL, "
		      "frozen_days FROM runs WHERE kind = 'plan' ORDER BY id "
		      "DESC LIMIT 1",
		      NULL, 0, a, text, 1, num, 3, d) < 0)
		return -1;
	st->latest_start = text[0];
	st->latest_plan = num[0];
	st->latest_kept_back = (int)num[1];
	st->latest_frozen_days = (int)num[2];
	if (query_row(s, "SELECT max(loaded), COUNT(*) FROM unit_events", NULL,
		      0, a, text, 1, num, 1, d) < 0)
		return -1;
	st->actuals_loaded = text[0];
	st->actuals_events = (int)num[0];
	num[0] = 0;
	if (st->published && today &&
	    query_row(s,
		      "SELECT COUNT(*) FROM unit_plan p JOIN units u ON "
		      "u.id = p.unit WHERE p.run = ?2 AND p.status = "
		      "'planned' AND p.day < ?1 AND u.status <> 'cancelled' "
		      "AND COALESCE(u.life, '') NOT IN ('produced', "
		      "'shipped', 'scrapped')",
		      today, st->published, a, NULL, 0, num, 1, d) < 0)
		return -1;
	st->behind = (int)num[0];
	return 0;
}
