/*
 * store_read.c - the readers of the store (see store.h for the contract):
 * the list of runs, a run's view and its input snapshots, units by
 * identifier, serial or order with their plan history and floor events,
 * and the dump the tests compare.
 *
 * Memory: every value read is copied into the caller's arena; the only
 * statements kept are the two unit lookups (see find_one()), finalized by
 * mc_store_close().
 */
#include "store.h"
#include "store_impl.h"

#include "date.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- reading columns ---- */

/* A REAL column, NaN where it is NULL. */
static double col_real(db_stmt *st, int i)
{
	if (db_col_null(st, i))
		return NAN;
	return db_col_double(st, i);
}

/* ---- listing and loading runs ---- */

/* Horizon index of ISO date text, relative to day number start. */
static int day_index(const char *iso, int start)
{
	int day;
	if (!iso || mc_date_parse(iso, &day))
		return -1;
	return day - start;
}

/* The day number of ISO date text, 0 when NULL or not a date: the store
 * writes only dates, and hands them to the engine as day numbers. */
static int day_num(const char *iso)
{
	int day = 0;
	return iso && mc_date_parse(iso, &day) == 0 ? day : 0;
}

/* An order's options text as the store writes it ("k=v, k=v", "" none)
 * read back as pairs into *out (from a); -1 when a part of it is not a
 * pair (a name or a value that held ", "). */
static int option_pairs(const char *text, mc_arena *a,
			const mc_view_option **out)
{
	int n = 1; /* one more than the separators */
	const char *s = text ? text : "";
	*out = NULL;
	if (!*s)
		return 0;
	for (const char *p = strstr(s, ", "); p; p = strstr(p + 2, ", "))
		n++;
	mc_view_option *o = mc_arena_calloc(a, (size_t)n + 1, sizeof(*o));
	n = 0;
	while (*s) {
		const char *eq = strchr(s, '='), *end = strstr(s, ", ");
		if (!end)
			end = s + strlen(s);
		if (!eq || eq > end)
			return -1;
		o[n].name = mc_arena_strndup(a, s, (size_t)(eq - s));
		o[n++].value =
		    mc_arena_strndup(a, eq + 1, (size_t)(end - eq - 1));
		s = *end ? end + 2 : end;
	}
	*out = o;
	return n;
}

/* sql (one ?1, the run id) stepped to the row of run id; NULL with "no
 * run N" or the store's error in d.  The caller finalizes it. */
static db_stmt *run_row(sq_store *s, const char *sql, int64_t id, mc_diag *d)
{
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		return NULL;
	db_bind_int64(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		return st;
	if (r == DB_DONE)
		mc_diag_error(d, MC_ESTORE, "no run %" PRId64 " in '%s'", id,
			      s->path);
	else
		store_fail(s, d, "read a run");
	db_finalize(st);
	return NULL;
}

static int load_header(sq_store *s, int64_t id, mc_arena *a, mc_run_view *v,
		       mc_diag *d)
{
	int rc = -1;
	db_stmt *st = run_row(
	    s,
	    "SELECT kind, base_run, scenario, started, finished, elapsed, "
	    "status, enterprise, prefix, horizon_start, horizon_days, "
	    "frozen_days, lp_status, nclasses, lp_rows, lp_cols, lp_iters, "
	    "t_load, t_build, t_solve, t_round, objective, "
	    "CASE WHEN bound_known <> 0 THEN lp_bound END, "
	    "CASE WHEN bound_known <> 0 THEN gap END, "
	    "cost_make, cost_options, cost_lane, cost_late, cost_holding, "
	    "cost_unmet, cost_overtime, units_planned, units_unmet, "
	    "units_late, EXISTS (SELECT 1 FROM published p "
	    "WHERE p.run = runs.id), round_repair_cost, round_moves, "
	    "round_stop, changes, COALESCE(committed_to, "
	    "CASE WHEN units_frozen IS NULL THEN -1 ELSE 0 END), "
	    "units_frozen, units_done, frozen_ok, keep_units, kept_units, "
	    "units_persisting, units_moved, stability_cost, cost_stability, "
	    "stability_price, round_mip_gain, round_mip_tried, "
	    "round_mip_improved, round_mip_stop, units_made, units_made_late, "
	    "hold_reason, round_from, round_cost_kept, "
	    "COALESCE(round_ot_gain, 0) FROM runs WHERE id = ?1",
	    id, d);
	if (!st)
		goto out;
	v->id = id;
	v->kind = store_col_text(st, 0, a);
	v->base_run = db_col_int64(st, 1);
	v->scenario = store_col_text(st, 2, a);
	v->started = store_col_text(st, 3, a);
	v->finished = store_col_text(st, 4, a);
	v->elapsed = db_col_double(st, 5);
	v->status = store_col_text(st, 6, a);
	v->enterprise = store_col_text(st, 7, a);
	v->prefix = store_col_text(st, 8, a);
	v->horizon_start = store_col_text(st, 9, a);
	v->horizon_days = db_col_int(st, 10);
	v->frozen_days = db_col_int(st, 11);
	v->lp_status = store_col_text(st, 12, a);
	v->nclasses = db_col_int(st, 13);
	v->lp_rows = db_col_int(st, 14);
	v->lp_cols = db_col_int(st, 15);
	v->lp_iters = db_col_int(st, 16);
	v->t_load = db_col_double(st, 17);
	v->t_build = db_col_double(st, 18);
	v->t_solve = db_col_double(st, 19);
	v->t_round = db_col_double(st, 20);
	v->cost = db_col_double(st, 21);
	v->lp_bound = col_real(st, 22);
	v->gap = col_real(st, 23);
	v->cost_make = db_col_double(st, 24);
	v->cost_options = db_col_double(st, 25);
	v->cost_lane = db_col_double(st, 26);
	v->cost_late = db_col_double(st, 27);
	v->cost_holding = db_col_double(st, 28);
	v->cost_unmet = db_col_double(st, 29);
	v->cost_overtime = db_col_double(st, 30);
	v->units_planned = db_col_int(st, 31);
	v->units_unmet = db_col_int(st, 32);
	v->units_late = db_col_int(st, 33);
	v->published = db_col_int(st, 34);
	v->cost_repair = col_real(st, 35);
	v->round_moves = db_col_int64(st, 36);
	v->round_stop = store_col_text(st, 37, a);
	v->changes = store_col_text(st, 38, a);
	v->committed_to = db_col_int64(st, 39);
	v->units_frozen = db_col_int(st, 40);
	v->units_done = db_col_int(st, 41);
	v->frozen_ok = db_col_int(st, 42);
	v->keep_units = db_col_int(st, 43);
	v->kept_units = db_col_int(st, 44);
	v->units_persisting = db_col_int(st, 45);
	v->units_moved = db_col_int(st, 46);
	v->stability_cost = db_col_double(st, 47);
	v->cost_stability = db_col_double(st, 48);
	v->stability_price = col_real(st, 49);
	v->mip_gain = col_real(st, 50);
	v->mip_tried = db_col_int(st, 51);
	v->mip_improved = db_col_int(st, 52);
	v->mip_stop = store_col_text(st, 53, a);
	v->units_made = db_col_int(st, 54);
	v->units_made_late = db_col_int(st, 55);
	v->hold_reason = store_col_text(st, 56, a);
	v->round_from = store_col_text(st, 57, a);
	v->cost_kept = col_real(st, 58);
	v->ot_gain = db_col_double(st, 59);
	v->state = mc_store_run_state(v->kind, v->published, v->hold_reason);
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* The per-table readers below fill one element from the current row. */
typedef void (*row_fn)(db_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start);

static void row_input(db_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_input *x = elem;
	(void)v;
	(void)start;
	x->role = store_col_text(st, 0, a);
	x->path = store_col_text(st, 1, a);
	x->digest = store_col_text(st, 2, a);
}

/* row_input() plus the snapshot's bytes (NULL when none). */
static void row_source(db_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start)
{
	mc_view_input *x = elem;
	row_input(st, a, elem, v, start);
	x->bytes = NULL;
	x->len = 0;
	if (!db_col_null(st, 3)) {
		size_t n = 0;
		const void *bytes = db_col_blob(st, 3, &n);
		char *b = mc_arena_alloc(a, n + 1);
		if (n)
			memcpy(b, bytes, n);
		b[n] = '\0';
		x->bytes = b;
		x->len = n;
	}
}

static void row_resource(db_stmt *st, mc_arena *a, void *elem,
			 const mc_run_view *v, int start)
{
	mc_view_resource *x = elem;
	(void)v;
	(void)start;
	x->id = store_col_text(st, 0, a);
	x->plant = store_col_text(st, 1, a);
	x->kind = store_col_text(st, 2, a);
	x->hours = db_col_double(st, 3);
	x->ot_hours = db_col_double(st, 4);
	x->ot_cost = db_col_double(st, 5);
}

static void row_order(db_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_order *x = elem;
	(void)v;
	(void)start;
	x->id = store_col_text(st, 0, a);
	x->customer = store_col_text(st, 1, a);
	x->region = store_col_text(st, 2, a);
	x->family = store_col_text(st, 3, a);
	x->options = store_col_text(st, 4, a);
	x->nopts = option_pairs(x->options, a, &x->opts);
	x->quantity = db_col_int(st, 5);
	x->due = store_col_text(st, 6, a);
	x->release = store_col_text(st, 7, a);
	x->due_n = day_num(x->due);
	x->release_n = day_num(x->release);
	x->priority = db_col_double(st, 8);
	x->late_penalty = db_col_double(st, 9);
	x->unmet_penalty = db_col_double(st, 10);
	x->max_late_days = db_col_int(st, 11);
	x->planned = db_col_int(st, 12);
	x->unmet = db_col_int(st, 13);
	x->late_units = db_col_int(st, 14);
	x->late_days = db_col_int(st, 15);
	x->max_late = db_col_int(st, 16);
	x->last_arrive = store_col_text(st, 17, a);
	x->cost = db_col_double(st, 18);
	x->reason = store_col_text(st, 19, a);
	x->detail = store_col_text(st, 20, a);
	x->ontime_cost = db_col_null(st, 21) ? NAN : db_col_double(st, 21);
	x->ontime_note = store_col_text(st, 22, a);
	x->made = db_col_int(st, 23);
	x->made_late = db_col_int(st, 24);
	x->made_arrive = store_col_text(st, 25, a);
}

static void row_alloc(db_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_alloc *x = elem;
	(void)v;
	x->order = store_col_text(st, 0, a);
	x->order_idx = db_col_int(st, 1);
	x->plant = store_col_text(st, 2, a);
	x->resource = store_col_text(st, 3, a);
	x->day = store_col_text(st, 4, a);
	x->t = day_index(x->day, start);
	x->units = db_col_int(st, 5);
	x->arrive = store_col_text(st, 6, a);
	x->arrive_n = day_num(x->arrive);
	x->frozen = db_col_int(st, 7);
}

static void row_conflict(db_stmt *st, mc_arena *a, void *elem,
			 const mc_run_view *v, int start)
{
	mc_view_conflict *x = elem;
	(void)v;
	(void)start;
	x->what = store_col_text(st, 0, a);
	x->order = store_col_text(st, 1, a);
	x->place = store_col_text(st, 2, a);
	x->day = store_col_text(st, 3, a);
	x->units = db_col_int(st, 4);
	x->detail = store_col_text(st, 5, a);
}

static void row_moved(db_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_view_moved *x = elem;
	(void)v;
	(void)start;
	x->identifier = store_col_text(st, 0, a);
	x->order = store_col_text(st, 1, a);
	x->seq = db_col_int(st, 2);
	x->from_plant = store_col_text(st, 3, a);
	x->from_day = store_col_text(st, 4, a);
	x->to_plant = store_col_text(st, 5, a);
	x->to_day = store_col_text(st, 6, a);
}

static void row_move(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		     int start)
{
	mc_view_move *x = elem;
	(void)v;
	(void)start;
	x->order = store_col_text(st, 0, a);
	x->from_plant = store_col_text(st, 1, a);
	x->from_day = store_col_text(st, 2, a);
	x->to_plant = store_col_text(st, 3, a);
	x->to_day = store_col_text(st, 4, a);
	x->units = db_col_int(st, 5);
	x->cause = store_col_text(st, 6, a);
}

static void row_cap(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		    int start)
{
	mc_view_cap *x = elem;
	x->res_idx = db_col_int(st, 0);
	x->resource = v->resources[x->res_idx].id;
	x->plant = v->resources[x->res_idx].plant;
	x->kind = v->resources[x->res_idx].kind;
	x->day = store_col_text(st, 1, a);
	x->t = day_index(x->day, start);
	x->hours = db_col_double(st, 2);
	x->ot_max = db_col_double(st, 3);
	x->used = db_col_double(st, 4);
	x->ot = db_col_double(st, 5);
	x->shadow = db_col_double(st, 6);
}

static void row_mat(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		    int start)
{
	mc_view_mat *x = elem;
	(void)v;
	x->plant = store_col_text(st, 0, a);
	x->material = store_col_text(st, 1, a);
	x->day = store_col_text(st, 2, a);
	x->t = day_index(x->day, start);
	x->available = db_col_double(st, 3);
	x->used = db_col_double(st, 4);
	x->shadow = db_col_double(st, 5);
}

static void row_unit(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		     int start)
{
	mc_view_unit *x = elem;
	(void)v;
	(void)start;
	x->identifier = store_col_text(st, 0, a);
	x->serial = db_col_int64(st, 1);
	x->order = store_col_text(st, 2, a);
	x->order_idx = db_col_null(st, 3) ? -1 : db_col_int(st, 3);
	x->seq = db_col_int(st, 4);
	x->status = store_col_text(st, 5, a);
	x->plant = store_col_text(st, 6, a);
	x->resource = store_col_text(st, 7, a);
	x->day = store_col_text(st, 8, a);
	x->arrive = store_col_text(st, 9, a);
	x->status_now = store_col_text(st, 10, a);
	x->life = store_col_text(st, 11, a);
	x->life_day = store_col_text(st, 12, a);
	x->day_n = day_num(x->day);
	x->life_day_n = day_num(x->life_day);
}

/* Reads every row of sql (parameter ?1 = run id) into an arena array. */
/* Runs sql with ?1 bound to text, or to id when text is NULL (and sql has
 * a parameter), and reads every row with fn into an array from a: *out and
 * *n.  what names the read in an error ("unable to read units ..."). */
static int read_rows(sq_store *s, const char *sql, const char *text, int64_t id,
		     mc_arena *a, size_t sz, row_fn fn, const mc_run_view *v,
		     int start, void **out, int *n, const char *what,
		     mc_diag *d)
{
	int rc = -1, cap = 0, r;
	char *arr = NULL;
	*out = NULL;
	*n = 0;
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		goto out;
	if (text)
		store_bind_text(st, 1, text);
	else if (db_nparams(st) > 0)
		db_bind_int64(st, 1, id);
	while ((r = db_step(st)) == DB_ROW) {
		arr = store_grow(a, arr, *n, &cap, sz);
		fn(st, a, arr + (size_t)(*n)++ * sz, v, start);
	}
	if (r != DB_DONE) {
		store_fail(s, d, what);
		*n = 0;
		goto out;
	}
	*out = arr;
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

/* The rows of one table of run id, for mc_store_load_run(). */
static int load_rows(sq_store *s, const char *sql, int64_t id, mc_arena *a,
		     size_t sz, row_fn fn, const mc_run_view *v, int start,
		     void **out, int *n, mc_diag *d)
{
	return read_rows(s, sql, NULL, id, a, sz, fn, v, start, out, n,
			 "read a run", d);
}

static void row_run(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		    int start)
{
	mc_run_row *x = elem;
	(void)v;
	(void)start;
	x->id = db_col_int64(st, 0);
	x->kind = store_col_text(st, 1, a);
	x->base_run = db_col_int64(st, 2);
	x->scenario = store_col_text(st, 3, a);
	x->started = store_col_text(st, 4, a);
	x->finished = store_col_text(st, 5, a);
	x->elapsed = db_col_double(st, 6);
	x->status = store_col_text(st, 7, a);
	x->lp_status = store_col_text(st, 8, a);
	x->horizon_start = store_col_text(st, 9, a);
	x->horizon_days = db_col_int(st, 10);
	x->norders = db_col_int(st, 11);
	x->units_planned = db_col_int(st, 12);
	x->units_unmet = db_col_int(st, 13);
	x->units_late = db_col_int(st, 14);
	x->cost = db_col_double(st, 15);
	x->lp_bound = col_real(st, 16);
	x->gap = col_real(st, 17);
	x->published = db_col_int(st, 18);
	x->units_made = db_col_int(st, 19);
	x->units_made_late = db_col_int(st, 20);
	x->hold_reason = store_col_text(st, 21, a);
	x->state = mc_store_run_state(x->kind, x->published, x->hold_reason);
}

int sq_run_start(void *h, int64_t id, int *day, mc_diag *d)
{
	sq_store *s = h;
	int rc = -1;
	db_stmt *st =
	    store_prep(s, "SELECT horizon_start FROM runs WHERE id = ?1", d);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	int r = db_step(st);
	const char *t = r == DB_ROW ? db_col_text(st, 0) : NULL;
	if (r != DB_ROW && r != DB_DONE)
		store_fail(s, d, "read a run");
	else if (!t || mc_date_parse(t, day))
		mc_diag_error(d, MC_ESTORE,
			      "no run %" PRId64 " with a horizon in '%s'", id,
			      s->path);
	else
		rc = 0;
	db_finalize(st);
	return rc;
}

int sq_run_sources(void *h, int64_t id, mc_arena *a, mc_view_input **in, int *n,
		   mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int rc = load_rows(
	    s,
	    "SELECT role, path, run_inputs.digest, bytes FROM run_inputs "
	    "LEFT JOIN blobs ON blobs.id = run_inputs.blob "
	    "WHERE run = ?1 ORDER BY idx",
	    id, a, sizeof(mc_view_input), row_source, NULL, 0, &p, n, d);
	*in = p;
	return rc;
}

int sq_list_runs(void *h, mc_arena *a, mc_run_row **rows, int *n, mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int rc = read_rows(
	    s,
	    "SELECT r.id, r.kind, r.base_run, r.scenario, r.started, "
	    "r.finished, r.elapsed, r.status, r.lp_status, r.horizon_start, "
	    "r.horizon_days, r.norders, r.units_planned, r.units_unmet, "
	    "r.units_late, r.objective, "
	    "CASE WHEN r.bound_known <> 0 THEN r.lp_bound END, "
	    "CASE WHEN r.bound_known <> 0 THEN r.gap END, "
	    "EXISTS (SELECT 1 FROM published p WHERE p.run = r.id), "
	    "r.units_made, r.units_made_late, r.hold_reason "
	    "FROM runs r ORDER BY r.id",
	    NULL, 0, a, sizeof(mc_run_row), row_run, NULL, 0, &p, n,
	    "list runs", d);
	*rows = p;
	return rc;
}

/* The header of run id and what it left of its capacity: resources,
 * resource-days, materials (the rest of *v empty). */
static int load_capacity(sq_store *s, int64_t id, mc_arena *a, mc_run_view *v,
			 int *startp, mc_diag *d)
{
	void *p;
	int start = 0;
	memset(v, 0, sizeof(*v));
	if (load_header(s, id, a, v, d))
		return -1;
	if (mc_date_parse(v->horizon_start, &start))
		return mc_diag_error(d, MC_ESTORE,
				     "unable to read run %" PRId64 " in '%s': "
				     "bad horizon start '%s'",
				     id, s->path, v->horizon_start);
	v->horizon_start_n = start;
	*startp = start;
	if (load_rows(s,
		      "SELECT resource, plant, kind, hours, ot_hours, ot_cost "
		      "FROM run_resources "
		      "WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_resource), row_resource, v, start,
		      &p, &v->nresources, d))
		return -1;
	v->resources = p;
	if (load_rows(s,
		      "SELECT r.idx, c.day, c.hours, c.ot_max, c.used, c.ot, "
		      "c.shadow FROM capacity c JOIN run_resources r "
		      "ON r.run = c.run AND r.resource = c.resource "
		      "WHERE c.run = ?1 ORDER BY r.idx, c.day",
		      id, a, sizeof(mc_view_cap), row_cap, v, start, &p,
		      &v->ncap, d))
		return -1;
	v->cap = p;
	if (load_rows(s,
		      "SELECT plant, material, day, available, used, shadow "
		      "FROM materials WHERE run = ?1 ORDER BY rowid",
		      id, a, sizeof(mc_view_mat), row_mat, v, start, &p,
		      &v->nmat, d))
		return -1;
	v->mat = p;
	return 0;
}

int sq_load_capacity(void *h, int64_t id, mc_arena *a, mc_run_view *v,
		     mc_diag *d)
{
	int start;
	return load_capacity(h, id, a, v, &start, d);
}

static void row_promise(db_stmt *st, mc_arena *a, void *elem,
			const mc_run_view *v, int start)
{
	mc_view_promise *x = elem;
	(void)v;
	(void)start;
	x->id = db_col_int64(st, 0);
	x->order = store_col_text(st, 1, a);
	x->promised = store_col_text(st, 2, a);
	x->promised_n = day_num(x->promised);
}

int sq_load_run(void *h, int64_t id, mc_arena *a, mc_run_view *v, mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int start = 0;
	if (load_capacity(s, id, a, v, &start, d))
		return -1;
	if (load_rows(s,
		      "SELECT role, path, digest FROM run_inputs "
		      "WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_input), row_input, v, start, &p,
		      &v->ninputs, d))
		return -1;
	v->inputs = p;
	if (load_rows(s,
		      "SELECT order_id, customer, region, family, options, "
		      "quantity, due, release, priority, late_penalty, "
		      "unmet_penalty, max_late_days, planned, unmet, "
		      "late_units, late_days, max_late, last_arrive, cost, "
		      "reason, detail, ontime_cost, ontime_note, made, "
		      "made_late, made_arrive "
		      "FROM run_orders WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_order), row_order, v, start, &p,
		      &v->norders, d))
		return -1;
	v->orders = p;
	if (load_rows(
		s,
		"SELECT p.order_id, o.idx, p.plant, p.resource, p.day, "
		"p.units, p.arrive, p.frozen FROM plan p JOIN run_orders o "
		"ON o.run = p.run AND o.order_id = p.order_id "
		"WHERE p.run = ?1 ORDER BY p.line",
		id, a, sizeof(mc_view_alloc), row_alloc, v, start, &p,
		&v->nallocs, d))
		return -1;
	v->allocs = p;
	if (load_rows(s,
		      "SELECT promise, order_id, promised FROM run_promises "
		      "WHERE run = ?1 ORDER BY promise",
		      id, a, sizeof(mc_view_promise), row_promise, v, start, &p,
		      &v->npromises, d))
		return -1;
	v->promises = p;
	if (load_rows(s,
		      "SELECT u.identifier, u.serial, u.order_id, o.idx, "
		      "u.seq, up.status, up.plant, up.resource, up.day, "
		      "up.arrive, u.status, u.life, u.life_day "
		      "FROM unit_plan up "
		      "JOIN units u ON u.id = up.unit "
		      "LEFT JOIN run_orders o ON o.run = up.run "
		      "AND o.order_id = u.order_id WHERE up.run = ?1 "
		      "ORDER BY o.idx, u.seq, u.id",
		      id, a, sizeof(mc_view_unit), row_unit, v, start, &p,
		      &v->nunits, d))
		return -1;
	v->units = p;
	if (load_rows(s,
		      "SELECT what, order_id, place, day, units, detail "
		      "FROM run_conflicts WHERE run = ?1 ORDER BY idx",
		      id, a, sizeof(mc_view_conflict), row_conflict, v, start,
		      &p, &v->nconflicts, d))
		return -1;
	v->conflicts = p;
	if (load_rows(
		s,
		"SELECT order_id, from_plant, from_day, to_plant, to_day, "
		"units, cause FROM run_moves WHERE run = ?1 ORDER BY idx",
		id, a, sizeof(mc_view_move), row_move, v, start, &p, &v->nmoves,
		d))
		return -1;
	v->moves = p;
	/* the units of the published run a night held to that are
	 * elsewhere (or unmet) in this one */
	if (v->committed_to > 0 &&
	    load_rows(
		s,
		"SELECT u.identifier, u.order_id, u.seq, p0.plant, p0.day, "
		"CASE WHEN p1.status = 'planned' THEN p1.plant END, "
		"CASE WHEN p1.status = 'planned' THEN p1.day END "
		"FROM unit_plan p1 JOIN units u ON u.id = p1.unit "
		"JOIN unit_plan p0 ON p0.unit = p1.unit AND p0.run = "
		"(SELECT committed_to FROM runs WHERE id = ?1) "
		"WHERE p1.run = ?1 AND p0.status = 'planned' AND "
		"(p1.status <> 'planned' OR p1.plant IS DISTINCT FROM p0.plant "
		"OR "
		"p1.day IS DISTINCT FROM p0.day) ORDER BY u.order_id, u.seq",
		id, a, sizeof(mc_view_moved), row_moved, v, start, &p,
		&v->nmoved, d))
		return -1;
	if (v->committed_to > 0)
		v->moved = p;
	return store_read_floor(s, v, a, d);
}

/* ---- units ---- */

/* A unit with the facts of the last plan run it was live in (last_run:
 * its unit_plan row there), and its order as that run saw it. */
#define SQL_UNIT_REC                                                           \
	"SELECT u.identifier, u.serial, u.order_id, u.seq, u.family, u.code, " \
	"u.gtin, u.status, u.first_run, u.last_run, up.run, up.status, "       \
	"up.plant, up.resource, up.day, up.arrive, o.customer, o.region, "     \
	"o.options, o.due, u.life, u.life_day FROM units u "                   \
	"LEFT JOIN unit_plan up ON up.unit = u.id AND up.run = u.last_run "    \
	"LEFT JOIN run_orders o ON o.run = up.run AND o.order_id = "           \
	"u.order_id "

static void unit_rec(db_stmt *st, mc_arena *a, void *elem, const mc_run_view *v,
		     int start)
{
	mc_unit_rec *x = elem;
	(void)v;
	(void)start;
	x->identifier = store_col_text(st, 0, a);
	x->serial = db_col_int64(st, 1);
	x->order = store_col_text(st, 2, a);
	x->seq = db_col_int(st, 3);
	x->family = store_col_text(st, 4, a);
	x->code = store_col_text(st, 5, a);
	x->gtin = store_col_text(st, 6, a);
	x->status = store_col_text(st, 7, a);
	x->first_run = db_col_int64(st, 8);
	x->last_run = db_col_int64(st, 9);
	x->run = db_col_int64(st, 10);
	x->run_status = store_col_text(st, 11, a);
	x->plant = store_col_text(st, 12, a);
	x->resource = store_col_text(st, 13, a);
	x->day = store_col_text(st, 14, a);
	x->arrive = store_col_text(st, 15, a);
	x->customer = store_col_text(st, 16, a);
	x->region = store_col_text(st, 17, a);
	x->options = store_col_text(st, 18, a);
	x->due = store_col_text(st, 19, a);
	x->life = store_col_text(st, 20, a);
	x->life_day = store_col_text(st, 21, a);
}

static int unit_query(sq_store *s, const char *sql, const char *param,
		      mc_arena *a, mc_unit_rec **out, int *n, mc_diag *d)
{
	void *p;
	int rc = read_rows(s, sql, param, 0, a, sizeof(mc_unit_rec), unit_rec,
			   NULL, 0, &p, n, "read units", d);
	*out = p;
	return rc;
}

/* Runs the kept statement *cache (prepared from sql on first use) with
 * ?1 bound to text, or to id when text is NULL, and reads its first row
 * into *out.  1 found, 0 not, -1 on a store error. */
static int find_one(sq_store *s, db_stmt **cache, const char *sql,
		    const char *text, int64_t id, mc_arena *a, mc_unit_rec *out,
		    mc_diag *d)
{
	if (!*cache && !(*cache = s->drv->prepare(s->db, sql, 1))) {
		store_fail(s, d, "prepare a statement");
		return -1;
	}
	db_stmt *st = *cache;
	if (text)
		store_bind_text(st, 1, text);
	else
		db_bind_int64(st, 1, id);
	int r = db_step(st), rc = 0;
	if (r == DB_ROW) {
		unit_rec(st, a, out, NULL, 0);
		rc = 1;
	} else if (r != DB_DONE)
		rc = store_fail(s, d, "read units");
	db_reset(st); /* ends the read: a writer may checkpoint */
	db_clear(st);
	return rc;
}

int sq_find_unit(void *h, const char *identifier, mc_arena *a, mc_unit_rec *out,
		 mc_diag *d)
{
	sq_store *s = h;
	return find_one(s, &s->find_id, SQL_UNIT_REC "WHERE u.identifier = ?1",
			identifier, 0, a, out, d);
}

int sq_find_serial(void *h, uint64_t serial, mc_arena *a, mc_unit_rec *out,
		   mc_diag *d)
{
	sq_store *s = h;
	if (serial > INT64_MAX)
		return 0;
	return find_one(s, &s->find_serial, SQL_UNIT_REC "WHERE u.serial = ?1",
			NULL, (int64_t)serial, a, out, d);
}

static void unit_event(db_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start)
{
	mc_unit_event *x = elem;
	(void)v;
	(void)start;
	x->run = db_col_int64(st, 0);
	x->started = store_col_text(st, 1, a);
	x->status = store_col_text(st, 2, a);
	x->plant = store_col_text(st, 3, a);
	x->day = store_col_text(st, 4, a);
	x->arrive = store_col_text(st, 5, a);
}

int sq_unit_history(void *h, const char *identifier, mc_arena *a,
		    mc_unit_event **out, int *n, mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int rc = read_rows(
	    s,
	    "SELECT r.id, r.started, up.status, up.plant, up.day, up.arrive "
	    "FROM units u JOIN unit_plan up ON up.unit = u.id "
	    "JOIN runs r ON r.id = up.run "
	    "WHERE u.identifier = ?1 AND r.kind = 'plan' ORDER BY r.id",
	    identifier, 0, a, sizeof(mc_unit_event), unit_event, NULL, 0, &p, n,
	    "read a unit's history", d);
	*out = p;
	return rc;
}

static void life_event(db_stmt *st, mc_arena *a, void *elem,
		       const mc_run_view *v, int start)
{
	mc_life_event *x = elem;
	(void)v;
	(void)start;
	x->status = store_col_text(st, 0, a);
	x->day = store_col_text(st, 1, a);
	x->source = store_col_text(st, 2, a);
	x->line = db_col_int(st, 3);
	x->loaded = store_col_text(st, 4, a);
}

int sq_unit_life(void *h, const char *identifier, mc_arena *a,
		 mc_life_event **out, int *n, mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int rc = read_rows(s,
			   "SELECT e.status, e.day, e.source, e.line, e.loaded "
			   "FROM units u JOIN unit_events e ON e.unit = u.id "
			   "WHERE u.identifier = ?1 ORDER BY e.day, e.id",
			   identifier, 0, a, sizeof(mc_life_event), life_event,
			   NULL, 0, &p, n, "read a unit's floor events", d);
	*out = p;
	return rc;
}

int sq_order_units(void *h, const char *order_id, mc_arena *a,
		   mc_unit_rec **out, int *n, mc_diag *d)
{
	sq_store *s = h;
	return unit_query(
	    s, SQL_UNIT_REC "WHERE u.order_id = ?1 ORDER BY u.seq, u.id",
	    order_id, a, out, n, d);
}

/* ---- dump ---- */

static const char *const dump_sql[] = {
    "SELECT 'meta', * FROM meta ORDER BY key",
    "SELECT 'runs', * FROM runs ORDER BY id",
    "SELECT 'run_inputs', * FROM run_inputs ORDER BY run, idx",
    "SELECT 'run_resources', * FROM run_resources ORDER BY run, idx",
    "SELECT 'run_orders', * FROM run_orders ORDER BY run, idx",
    "SELECT 'plan', * FROM plan ORDER BY run, line",
    "SELECT 'units', * FROM units ORDER BY id",
    "SELECT 'unit_plan', * FROM unit_plan ORDER BY run, unit",
    "SELECT 'capacity', * FROM capacity ORDER BY run, resource, day",
    /* named: a PostgreSQL store adds a rowid (its insertion order) */
    ("SELECT 'materials', run, plant, material, day, available, used, "
     "shadow FROM materials ORDER BY run, plant, material, day"),
    "SELECT 'published', * FROM published",
    /* input snapshots: their digest and size as stored, and the bytes'
     * length */
    "SELECT 'blobs', id, digest, size, length(bytes) FROM blobs ORDER BY id",
    "SELECT 'unit_events', * FROM unit_events ORDER BY id",
    "SELECT 'run_conflicts', * FROM run_conflicts ORDER BY run, idx",
    "SELECT 'run_moves', * FROM run_moves ORDER BY run, idx",
    "SELECT 'run_floor', * FROM run_floor ORDER BY run, serial",
    "SELECT 'promises', * FROM promises ORDER BY id",
    "SELECT 'promise_holds', * FROM promise_holds ORDER BY promise, idx",
    "SELECT 'run_promises', * FROM run_promises ORDER BY run, promise",
    "SELECT 'promise_stamp', * FROM promise_stamp",
};

int sq_dump(void *h, FILE *out, mc_diag *d)
{
	sq_store *s = h;
	for (size_t i = 0; i < sizeof(dump_sql) / sizeof(dump_sql[0]); i++) {
		db_stmt *st = store_prep(s, dump_sql[i], d);
		int r;
		if (!st)
			return -1;
		while ((r = db_step(st)) == DB_ROW) {
			int nc = db_ncols(st);
			for (int c = 0; c < nc; c++) {
				char buf[STORE_REAL_TEXT];
				fprintf(out, "%s%s", c ? "|" : "",
					store_col_print(st, c, buf));
			}
			fputc('\n', out);
		}
		db_finalize(st);
		if (r != DB_DONE)
			return store_fail(s, d, "dump");
	}
	return 0;
}

/* ---- the floor a night read, and how a run was planned ---- */

static void row_floor(db_stmt *st, mc_arena *a, void *elem,
		      const mc_run_view *v, int start)
{
	mc_floor_unit *x = elem;
	(void)v;
	(void)start;
	x->serial = db_col_int64(st, 0);
	x->order = store_col_text(st, 1, a);
	x->seq = db_col_int(st, 2);
	x->plant = store_col_text(st, 3, a);
	x->life = store_col_text(st, 4, a);
	x->life_day = store_col_text(st, 5, a);
	x->made_day = store_col_text(st, 6, a);
	x->cancelled = db_col_int(st, 7);
	x->life_day_n = day_num(x->life_day);
	x->made_day_n = day_num(x->made_day);
}

int sq_floor(void *h, int64_t pub, mc_arena *a, mc_floor_unit **out, int *n,
	     mc_diag *d)
{
	sq_store *s = h;
	void *p;
	int rc = read_rows(
	    s,
	    "SELECT u.serial, u.order_id, u.seq, (SELECT up.plant FROM "
	    "unit_plan up JOIN runs r ON r.id = up.run WHERE up.unit = u.id "
	    "AND up.plant IS NOT NULL AND r.kind = 'plan' ORDER BY up.run "
	    "DESC LIMIT 1), u.life, u.life_day, COALESCE((SELECT e.day FROM "
	    "unit_events e WHERE e.unit = u.id AND e.status = 'produced'), "
	    "(SELECT e.day FROM unit_events e WHERE e.unit = u.id AND "
	    "e.status = 'shipped')), u.status = 'cancelled' FROM units u WHERE "
	    "u.life IS NOT NULL AND (u.order_id IN "
	    "(SELECT order_id FROM run_orders WHERE run = ?1) OR "
	    "(u.status <> 'cancelled' AND u.life IN ('produced', "
	    "'shipped'))) ORDER BY u.serial",
	    NULL, pub, a, sizeof(mc_floor_unit), row_floor, NULL, 0, &p, n,
	    "read the floor's reports", d);
	*out = p;
	return rc;
}

int sq_run_floor(void *h, int64_t id, mc_arena *a, mc_floor_unit **out, int *n,
		 int *known, mc_diag *d)
{
	sq_store *s = h;
	int64_t saved = 0;
	int found = 0;
	void *p = NULL;
	*out = NULL;
	*n = 0;
	*known = 0;
	if (store_query_int(s, "SELECT floor_saved FROM runs WHERE id = ?1", 1,
			    id, &saved, &found, d) < 0)
		return -1;
	if (!found || !saved)
		return 0;
	*known = 1;
	int rc = read_rows(s,
			   "SELECT serial, order_id, seq, plant, life, "
			   "life_day, made_day, cancelled FROM run_floor "
			   "WHERE run = ?1 "
			   "ORDER BY serial",
			   NULL, id, a, sizeof(mc_floor_unit), row_floor, NULL,
			   0, &p, n, "read a run's floor", d);
	*out = p;
	return rc;
}

int sq_run_setup(void *h, int64_t id, mc_arena *a, mc_run_setup *out,
		 mc_diag *d)
{
	sq_store *s = h;
	memset(out, 0, sizeof(*out));
	db_stmt *st = run_row(
	    s,
	    "SELECT kind, horizon_start, COALESCE(committed_to, CASE WHEN "
	    "units_frozen IS NULL THEN -1 ELSE 0 END), frozen_days, "
	    "lp_iters, floor_saved, solver, full_lp, round_time, "
	    "stability_asked, time_limit FROM runs WHERE id = ?1",
	    id, d);
	if (!st)
		return -1;
	out->id = id;
	out->kind = store_col_text(st, 0, a);
	out->start = day_index((const char *)db_col_text(st, 1), 0);
	out->committed_to = db_col_int64(st, 2);
	out->frozen_days = db_col_int(st, 3);
	out->lp_iters = db_col_int(st, 4);
	out->known = db_col_int(st, 5);
	out->solver = NULL;
	out->round_time = out->stability = out->time_limit = NAN;
	if (out->known) {
		out->solver = store_col_text(st, 6, a);
		out->full_lp = db_col_int(st, 7);
		out->round_time = db_col_double(st, 8);
		out->stability = db_col_double(st, 9);
		out->time_limit = db_col_double(st, 10);
	}
	db_finalize(st);
	return 0;
}
