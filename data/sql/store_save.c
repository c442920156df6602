/*
 * store_save.c - saving a run in one transaction (see store.h for the
 * contract): the statements of a save, the run's rows (header, inputs and
 * their snapshots, resources, orders, plan rows, capacity, materials, its
 * night and setup), the frame every unit-tagging write shares (begin,
 * commit or roll back), and the write step every one of them takes.  The
 * units are tagged by store_units.c; publishing by hand and pruning are
 * store_publish.c's.
 *
 * Memory: a save keeps its scratch arrays (plan rows grouped by order, an
 * order's unit rows) on the heap and frees them in store_saver_end().
 */
#include "store_impl.h"

#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing statements ---- */

void store_bind_date(db_stmt *st, int i, int day, int none)
{
	char buf[16];
	if (day == none)
		db_bind_null(st, i);
	else
		db_bind_text(st, i, mc_date_format(day, buf));
}

int store_step_write(sq_store *s, db_stmt *st, mc_diag *d)
{
	if (store_hook_write(s, d) < 0) {
		db_reset(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc != DB_DONE && rc != DB_ROW) {
		/* The statement's error is the connection's error until the
		 * reset, so report before resetting. */
		store_fail(s, d, "save run");
		db_reset(st);
		return -1;
	}
	db_reset(st);
	db_clear(st);
	return 0;
}

int store_step_insert(sq_store *s, db_stmt *st, int64_t *id, mc_diag *d)
{
	if (store_hook_write(s, d) < 0) {
		db_reset(st);
		return -1;
	}
	int rc = db_step(st);
	if (rc != DB_ROW) {
		store_fail(s, d, "save run");
		db_reset(st);
		return -1;
	}
	*id = db_col_int64(st, 0);
	rc = db_step(st); /* SQLite writes the row when stepped to the end */
	if (rc != DB_DONE) {
		store_fail(s, d, "save run");
		db_reset(st);
		return -1;
	}
	db_reset(st);
	db_clear(st);
	return 0;
}

/* ---- saving a run ---- */

const char *const store_save_sql[S_COUNT] = {
    [S_RUN] =
	"INSERT INTO runs (kind, base_run, scenario, started, finished, "
	"elapsed, status, enterprise, prefix, horizon_start, horizon_days, "
	"frozen_days, norders, objective, lp_bound, gap, cost_make, "
	"cost_options, cost_lane, cost_late, cost_holding, cost_unmet, "
	"cost_overtime, units_planned, units_unmet, units_late, lp_status, "
	"nclasses, lp_rows, lp_cols, lp_iters, t_load, t_build, t_solve, "
	"t_round, bound_known, round_repair_cost, round_moves, round_stop, "
	"round_mip_gain, round_mip_tried, round_mip_improved, "
	"round_mip_stop) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	"?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, "
	"?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, "
	"?40, ?41, ?42, ?43) RETURNING id",
    [S_INPUT] = "INSERT INTO run_inputs (run, idx, role, path, digest, "
		"blob) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FIND_BLOB] = "SELECT id, bytes FROM blobs WHERE digest = ?1 AND "
		    "size = ?2",
    [S_NEW_BLOB] = "INSERT INTO blobs (digest, size, bytes) "
		   "VALUES (?1, ?2, ?3) RETURNING id",
    [S_RESOURCE] = "INSERT INTO run_resources (run, idx, resource, plant, "
		   "kind, hours, ot_hours, ot_cost) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_ORDER] = "INSERT INTO run_orders (run, idx, order_id, customer, "
		"region, family, code, gtin, options, quantity, due, "
		"release, priority, late_penalty, unmet_penalty, "
		"max_late_days, planned, unmet, late_units, late_days, "
		"max_late, last_arrive, cost, reason, detail, ontime_cost, "
		"ontime_note, made, made_late, made_arrive) VALUES (?1, ?2, "
		"?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
		"?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, "
		"?28, ?29, ?30)",
    [S_PLAN] = "INSERT INTO plan (run, line, order_id, plant, resource, "
	       "day, units, arrive, frozen) "
	       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_CAP] = "INSERT INTO capacity (run, resource, day, hours, ot_max, "
	      "used, ot, shadow) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_MAT] = "INSERT INTO materials (run, plant, material, day, "
	      "available, used, shadow) "
	      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_GET_SERIAL] = "SELECT value, (SELECT COALESCE(max(id), 0) FROM "
		     "units) FROM meta WHERE key = 'next_serial'",
    [S_SET_SERIAL] = "UPDATE meta SET value = ?1 "
		     "WHERE key = 'next_serial'",
    [S_CANCEL_ABSENT] = "UPDATE units SET status = 'cancelled' "
			"WHERE status <> 'cancelled' AND NOT EXISTS "
			"(SELECT 1 FROM run_orders r WHERE r.run = ?1 "
			"AND r.order_id = units.order_id) AND "
			"COALESCE(life, '') NOT IN ('produced', 'shipped')",
    /* with each unit its place in the plan the run holds to (the
     * published one when it was planned), if it had one */
    [S_ORDER_UNITS] = "SELECT u.id, u.seq, u.code, u.gtin, u.status, "
		      "u.life, p.plant, p.resource, p.day, u.order_id FROM "
		      "units u LEFT JOIN unit_plan p ON p.unit = u.id AND "
		      "p.status = 'planned' AND p.run = ?2 "
		      "WHERE u.order_id IN (SELECT order_id FROM run_orders "
		      "WHERE run = ?1)",
    [S_CANCEL] = "UPDATE units SET status = 'cancelled' WHERE id = ?1",
    [S_REVIVE] = "UPDATE units SET status = ?2, last_run = ?3 "
		 "WHERE id = ?1",
    [S_NEW_UNIT] = "INSERT INTO units (identifier, serial, order_id, seq, "
		   "family, code, gtin, status, first_run, last_run, id) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    [S_UNIT_PLAN] = "INSERT INTO unit_plan (run, unit, status, plant, "
		    "resource, day, arrive) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [S_CHANGES] = "UPDATE runs SET changes = ?2 WHERE id = ?1",
    [S_NIGHT] =
	"UPDATE runs SET committed_to = ?2, units_frozen = ?3, "
	"units_done = ?4, frozen_ok = ?5, keep_units = ?6, "
	"kept_units = ?7, stability_cost = ?8, cost_stability = ?9, "
	"units_persisting = ?10, units_moved = ?11, stability_price = ?12, "
	"units_made = ?13, units_made_late = ?14, hold_reason = ?15 "
	"WHERE id = ?1",
    [S_CONFLICT] = "INSERT INTO run_conflicts (run, idx, what, order_id, "
		   "place, day, units, detail) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [S_MOVE] = "INSERT INTO run_moves (run, idx, order_id, from_plant, "
	       "from_day, to_plant, to_day, units, cause) "
	       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_SETUP] = "UPDATE runs SET solver = ?2, full_lp = ?3, round_time = ?4, "
		"stability_asked = ?5, time_limit = ?6, floor_saved = 1 "
		"WHERE id = ?1",
    [S_ROUND_FROM] = "UPDATE runs SET round_from = ?2, round_cost_kept = ?3, "
		     "round_ot_gain = ?4 WHERE id = ?1",
    [S_FLOOR] = "INSERT INTO run_floor (run, serial, order_id, seq, plant, "
		"life, life_day, made_day, cancelled) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [S_PUBLISH] = "INSERT INTO published (id, run, at) VALUES (1, ?1, ?2) "
		  "ON CONFLICT (id) DO UPDATE SET run = excluded.run, "
		  "at = excluded.at",
};

/* The blob holding input in's bytes, stored once by content: an equal
 * blob is reused (same digest, size and bytes), else one is added. */
static int save_blob(struct saver *sv, const mc_input *in, int64_t *id)
{
	db_stmt *st = sv->st[S_FIND_BLOB];
	store_bind_text(st, 1, in->digest);
	db_bind_int64(st, 2, (int64_t)in->len);
	int rc;
	*id = 0;
	while ((rc = db_step(st)) == DB_ROW && !*id) {
		size_t n = 0;
		const void *b = db_col_blob(st, 1, &n);
		if (n == in->len && (n == 0 || memcmp(b, in->bytes, n) == 0))
			*id = db_col_int64(st, 0);
	}
	db_reset(st);
	db_clear(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return store_fail(sv->s, sv->d, "save run");
	if (*id)
		return 0;
	st = sv->st[S_NEW_BLOB];
	store_bind_text(st, 1, in->digest);
	db_bind_int64(st, 2, (int64_t)in->len);
	db_bind_blob(st, 3, in->bytes, in->len);
	return store_step_insert(sv->s, st, id, sv->d);
	return 0;
}

/* Groups allocations by order and checks they add up to what the plan says
 * each order has planned. */
static int group_allocs(struct saver *sv)
{
	const mc_plan *p = sv->p;
	int no = sv->m->norders;
	sv->by_order =
	    mc_xmalloc((size_t)(p->nalloc ? p->nalloc : 1) * sizeof(int));
	sv->first = mc_xcalloc((size_t)no + 1, sizeof(int));
	mc_tag_rows(p->alloc, p->nalloc, no, sv->by_order, sv->first);
	for (int o = 0; o < no; o++) {
		long sum = 0;
		for (int k = sv->first[o]; k < sv->first[o + 1]; k++)
			sum += p->alloc[sv->by_order[k]].units;
		if (sum != p->orders[o].planned)
			return mc_diag_error(
			    sv->d, MC_ESTORE,
			    "unable to save run in '%s': order '%s' has "
			    "%ld units in plan rows but %d planned",
			    sv->s->path, sv->m->orders[o].id, sum,
			    p->orders[o].planned);
	}
	int k = sv->first[no];
	if (k != p->nalloc)
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': a plan row "
				     "names order %d of %d",
				     sv->s->path,
				     p->alloc[sv->by_order[k]].order, no);
	return 0;
}

static const char *run_status(const mc_plan *p)
{
	if (p->units_unmet > 0)
		return "unmet";
	if (p->units_late > 0)
		return "late";
	return "ok";
}

static int save_header(struct saver *sv, const mc_run_meta *meta)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	db_stmt *st = sv->st[S_RUN];
	char started[32], finished[32], hstart[16];
	store_iso_time(meta->started, started, sizeof(started));
	store_iso_time(meta->finished, finished, sizeof(finished));
	/* A what-if's base may have been pruned while it was planned (the
	 * store was not open then): said plainly, not as the foreign key
	 * that would refuse the row. */
	int64_t base = 0;
	int found = 0;
	if (meta->base_run > 0 &&
	    (store_query_int(sv->s, "SELECT id FROM runs WHERE id = ?1", 1,
			     meta->base_run, &base, &found, sv->d) < 0 ||
	     !found))
		return found ? -1
			     : mc_diag_error(
				   sv->d, MC_ESTORE,
				   "unable to save the what-if in '%s': its "
				   "base run %lld is no longer there (pruned "
				   "while the what-if was planned?); nothing "
				   "was stored",
				   sv->s->path, (long long)meta->base_run);
	store_bind_text(st, 1, meta->kind);
	if (meta->base_run > 0)
		db_bind_int64(st, 2, meta->base_run);
	store_bind_text(st, 3, meta->scenario ? meta->scenario : m->scenario);
	store_bind_text(st, 4, started);
	store_bind_text(st, 5, finished);
	db_bind_double(st, 6, meta->finished - meta->started);
	store_bind_text(st, 7, run_status(p));
	store_bind_text(st, 8, m->enterprise);
	store_bind_text(st, 9, m->prefix);
	store_bind_text(st, 10, mc_date_format(m->start, hstart));
	db_bind_int64(st, 11, m->horizon_days);
	db_bind_int64(st, 12, meta->frozen_days);
	db_bind_int64(st, 13, m->norders);
	int known = !isnan(p->lp_bound);
	const double dv[] = {
	    p->cost,	     known ? p->lp_bound : 0, known ? p->gap : 0,
	    p->cost_make,    p->cost_options,	      p->cost_lane,
	    p->cost_late,    p->cost_holding,	      p->cost_unmet,
	    p->cost_overtime};
	for (int i = 0; i < 10; i++)
		db_bind_double(st, 14 + i, dv[i]);
	db_bind_int64(st, 24, p->units_planned);
	db_bind_int64(st, 25, p->units_unmet);
	db_bind_int64(st, 26, p->units_late);
	store_bind_text(st, 27, p->lp_status);
	db_bind_int64(st, 28, p->nclasses);
	db_bind_int64(st, 29, p->lp_rows);
	db_bind_int64(st, 30, p->lp_cols);
	db_bind_int64(st, 31, p->lp_iters);
	db_bind_double(st, 32, meta->t_load);
	db_bind_double(st, 33, p->t_build);
	db_bind_double(st, 34, p->t_solve);
	db_bind_double(st, 35, p->t_round);
	db_bind_int64(st, 36, known);
	if (p->round_stop) { /* a plan that says how it was made whole */
		db_bind_double(st, 37, p->cost_repair);
		db_bind_int64(st, 38, p->round_moves);
		store_bind_text(st, 39, p->round_stop);
	}
	if (p->mip_stop) {
		db_bind_double(st, 40, p->mip_gain);
		db_bind_int64(st, 41, p->mip_tried);
		db_bind_int64(st, 42, p->mip_improved);
		store_bind_text(st, 43, p->mip_stop);
	}
	if (store_step_insert(sv->s, st, &sv->run, sv->d))
		return -1;
	if (meta->changes) {
		st = sv->st[S_CHANGES];
		db_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, meta->changes);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}

	st = sv->st[S_INPUT];
	for (int i = 0; i < m->ninputs; i++) {
		int64_t blob = 0;
		if (m->inputs[i].bytes && save_blob(sv, &m->inputs[i], &blob))
			return -1;
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, i);
		store_bind_text(st, 3, m->inputs[i].role);
		store_bind_text(st, 4, m->inputs[i].path);
		store_bind_text(st, 5, m->inputs[i].digest);
		if (blob)
			db_bind_int64(st, 6, blob);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_RESOURCE];
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *res = &m->resources[r];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, r);
		store_bind_text(st, 3, res->id);
		store_bind_text(st, 4, m->plants[res->plant].id);
		store_bind_text(st, 5, m->kinds[res->kind]);
		db_bind_double(st, 6, res->hours);
		db_bind_double(st, 7, res->ot_hours);
		db_bind_double(st, 8, res->ot_cost);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* "capacity=3hp, self_clean=yes" for order o, in the arena-free buffer
 * *buf (grown as needed). */
static const char *options_text(const mc_model *m, int o, char **buf,
				size_t *cap)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	size_t len = 0;
	if (!*buf) {
		*cap = 128;
		*buf = mc_xmalloc(*cap);
	}
	(*buf)[0] = '\0';
	for (int i = 0; i < f->nopts; i++) {
		const char *k = f->opts[i].name;
		const char *v = f->opts[i].vals[ord->opt[i]].name;
		size_t need = len + strlen(k) + strlen(v) + 4;
		if (need >= *cap) {
			*cap = 2 * need;
			*buf = mc_xrealloc(*buf, *cap);
		}
		len +=
		    (size_t)sprintf(*buf + len, "%s%s=%s", i ? ", " : "", k, v);
	}
	return *buf;
}

static int save_orders(struct saver *sv)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	db_stmt *st = sv->st[S_ORDER];
	char *buf = NULL;
	size_t cap = 0;
	int rc = -1;
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		const mc_family *f = &m->families[ord->family];
		const mc_order_out *out = &p->orders[o];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, o);
		store_bind_text(st, 3, ord->id);
		store_bind_text(st, 4, ord->customer);
		store_bind_text(st, 5, m->regions[ord->region]);
		store_bind_text(st, 6, f->id);
		store_bind_text(st, 7, f->code);
		store_bind_text(st, 8, f->gtin);
		store_bind_text(st, 9, options_text(m, o, &buf, &cap));
		db_bind_int64(st, 10, ord->quantity);
		store_bind_date(st, 11, ord->due, INT32_MIN);
		store_bind_date(st, 12, ord->release, INT32_MIN);
		db_bind_double(st, 13, ord->priority);
		db_bind_double(st, 14, ord->late_penalty);
		db_bind_double(st, 15, ord->unmet_penalty);
		db_bind_int64(st, 16, ord->max_late_days);
		db_bind_int64(st, 17, out->planned);
		db_bind_int64(st, 18, out->unmet);
		db_bind_int64(st, 19, out->late_units);
		db_bind_int64(st, 20, out->late_days);
		db_bind_int64(st, 21, out->max_late);
		store_bind_date(st, 22, out->last_arrive, 0);
		db_bind_double(st, 23, out->cost);
		store_bind_text(st, 24,
				out->reason != MC_REASON_NONE
				    ? mc_reason_name(out->reason)
				    : NULL);
		store_bind_text(st, 25, out->detail);
		/* only late orders have an on-time cost */
		if (out->late_units > 0 && !isnan(out->ontime_cost))
			db_bind_double(st, 26, out->ontime_cost);
		else
			db_bind_null(st, 26);
		store_bind_text(st, 27,
				out->late_units > 0 ? out->ontime_note : NULL);
		db_bind_int64(st, 28, out->made);
		db_bind_int64(st, 29, out->made_late);
		store_bind_date(st, 30, out->made_arrive, 0);
		if (store_step_write(sv->s, st, sv->d))
			goto out;
	}
	rc = 0;
out:
	free(buf);
	return rc;
}

static int save_plan_rows(struct saver *sv)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	db_stmt *st = sv->st[S_PLAN];
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, i);
		store_bind_text(st, 3, m->orders[al->order].id);
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		store_bind_date(st, 6, m->start + al->day, INT32_MIN);
		db_bind_int64(st, 7, al->units);
		store_bind_date(st, 8, al->arrive, INT32_MIN);
		db_bind_int64(st, 9, al->frozen);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_CAP];
	for (int r = 0; r < m->nresources; r++) {
		for (int t = 0; t < m->horizon_days; t++) {
			const mc_resday *c =
			    &p->cap[(size_t)r * (size_t)m->horizon_days +
				    (size_t)t];
			db_bind_int64(st, 1, sv->run);
			store_bind_text(st, 2, m->resources[r].id);
			store_bind_date(st, 3, m->start + t, INT32_MIN);
			db_bind_double(st, 4, c->hours);
			db_bind_double(st, 5, c->ot_max);
			db_bind_double(st, 6, c->used);
			db_bind_double(st, 7, c->ot);
			db_bind_double(st, 8, c->shadow);
			if (store_step_write(sv->s, st, sv->d))
				return -1;
		}
	}
	st = sv->st[S_MAT];
	for (int i = 0; i < p->nmat; i++) {
		const mc_matday *md = &p->mat[i];
		db_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, m->plants[md->plant].id);
		store_bind_text(st, 3, m->materials[md->material]);
		store_bind_date(st, 4, m->start + md->day, INT32_MIN);
		db_bind_double(st, 5, md->available);
		db_bind_double(st, 6, md->used);
		db_bind_double(st, 7, md->shadow);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* A run's night (a plan's, or the one a what-if planned again): what it
 * committed to, its conflicts and moves, its made units. */
static int save_night(struct saver *sv, const mc_run_meta *meta)
{
	const mc_model *m = sv->m;
	const mc_plan *p = sv->p;
	db_stmt *st = sv->st[S_NIGHT];
	db_bind_int64(st, 1, sv->run);
	if (meta->committed_to > 0)
		db_bind_int64(st, 2, meta->committed_to);
	db_bind_int64(st, 3, p->units_frozen);
	db_bind_int64(st, 4, p->units_done);
	db_bind_int64(st, 5, meta->committed_to > 0 ? p->frozen_ok : 1);
	db_bind_int64(st, 6, p->keep_units);
	db_bind_int64(st, 7, p->kept_units);
	db_bind_double(st, 8, p->stability_cost);
	db_bind_double(st, 9, p->cost_stability);
	db_bind_int64(st, 10, p->units_persisting);
	db_bind_int64(st, 11, p->units_moved);
	if (!isnan(p->stability_price))
		db_bind_double(st, 12, p->stability_price);
	db_bind_int64(st, 13, p->units_made);
	db_bind_int64(st, 14, p->units_made_late);
	store_bind_text(st, 15, meta->hold ? meta->hold_reason : NULL);
	if (store_step_write(sv->s, st, sv->d))
		return -1;
	st = sv->st[S_CONFLICT];
	for (int i = 0; i < p->nconflicts; i++) {
		const mc_conflict *c = &p->conflicts[i];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, i);
		store_bind_text(st, 3, c->what);
		store_bind_text(st, 4, c->order);
		store_bind_text(st, 5, c->place);
		store_bind_date(st, 6, c->day, 0);
		db_bind_int64(st, 7, c->units);
		store_bind_text(st, 8, c->detail);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_MOVE];
	for (int i = 0; i < p->nmoves; i++) {
		const mc_move *mv = &p->moves[i];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, i);
		store_bind_text(st, 3, m->orders[mv->order].id);
		store_bind_text(
		    st, 4,
		    mv->from_plant >= 0 ? m->plants[mv->from_plant].id : NULL);
		store_bind_date(st, 5, mv->from_day, INT32_MIN);
		store_bind_text(st, 6,
				mv->to_plant >= 0 ? m->plants[mv->to_plant].id
						  : NULL);
		store_bind_date(st, 7, mv->to_day,
				mv->to_plant >= 0 ? INT32_MIN : 0);
		db_bind_int64(st, 8, mv->units);
		store_bind_text(st, 9, mv->cause);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* Where the whole units started, what keeping the published plan cost,
 * what the least-overtime placement saved (model.h, mc_plan). */
static int save_round_from(struct saver *sv)
{
	const mc_plan *p = sv->p;
	db_stmt *st = sv->st[S_ROUND_FROM];
	db_bind_int64(st, 1, sv->run);
	store_bind_text(st, 2, p->round_from);
	if (p->round_from && !isnan(p->cost_kept))
		db_bind_double(st, 3, p->cost_kept);
	db_bind_double(st, 4, p->ot_gain);
	return store_step_write(sv->s, st, sv->d);
}

/* How a plan run was planned and the floor it read, so that its night can
 * be planned again (store.h, mc_run_meta). */
static int save_setup(struct saver *sv, const mc_run_meta *meta)
{
	if (!meta->solver)
		return 0;
	db_stmt *st = sv->st[S_SETUP];
	db_bind_int64(st, 1, sv->run);
	store_bind_text(st, 2, meta->solver);
	db_bind_int64(st, 3, meta->full_lp);
	db_bind_double(st, 4, meta->round_time);
	db_bind_double(st, 5, meta->stability);
	db_bind_double(st, 6, meta->time_limit > 0 ? meta->time_limit : 0);
	if (store_step_write(sv->s, st, sv->d))
		return -1;
	st = sv->st[S_FLOOR];
	for (int i = 0; i < meta->nfloor; i++) {
		const mc_floor_unit *f = &meta->floor[i];
		db_bind_int64(st, 1, sv->run);
		db_bind_int64(st, 2, f->serial);
		store_bind_text(st, 3, f->order);
		db_bind_int64(st, 4, f->seq);
		store_bind_text(st, 5, f->plant);
		store_bind_text(st, 6, f->life);
		store_bind_text(st, 7, f->life_day);
		store_bind_text(st, 8, f->made_day);
		db_bind_int64(st, 9, f->cancelled);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* ---- the frame of a write ---- */

int store_saver_begin(struct saver *sv, const char *what)
{
	const mc_model *m = sv->m;
	store_hook_begin(sv->s);
	if (group_allocs(sv))
		return -1;
	mc_id_index_build(&sv->plants, m->nplants ? &m->plants[0].id : NULL,
			  sizeof(mc_plant), m->nplants);
	mc_id_index_build(&sv->resources,
			  m->nresources ? &m->resources[0].id : NULL,
			  sizeof(mc_resource), m->nresources);
	for (int i = 0; i < S_COUNT; i++)
		if (!(sv->st[i] = store_prep(sv->s, store_save_sql[i], sv->d)))
			return -1;
	if (store_begin(sv->s, what, sv->d))
		return -1;
	sv->began = 1;
	return 0;
}

int store_save_publish(struct saver *sv, double t)
{
	char at[32];
	store_iso_time(t, at, sizeof(at));
	db_bind_int64(sv->st[S_PUBLISH], 1, sv->run);
	store_bind_text(sv->st[S_PUBLISH], 2, at);
	return store_step_write(sv->s, sv->st[S_PUBLISH], sv->d);
}

int store_saver_end(struct saver *sv, int ok, const char *what)
{
	int rc = ok && store_exec(sv->s, "COMMIT", what, sv->d) == 0 ? 0 : -1;
	for (int i = 0; i < S_COUNT; i++)
		db_finalize(sv->st[i]);
	if (rc < 0 && sv->began && sv->s->drv->in_tx(sv->s->db))
		store_rollback(sv->s);
	free(sv->by_order);
	free(sv->first);
	mc_id_index_free(&sv->plants);
	mc_id_index_free(&sv->resources);
	free(sv->units);
	free(sv->rows);
	free(sv->row_first);
	free(sv->ids);
	mc_tag_plan_release(&sv->tags);
	return rc;
}

int sq_save_run(void *h, const mc_model *m, const mc_plan *p,
		const mc_run_meta *meta, int64_t *run_id, mc_diag *d)
{
	struct saver sv = {
	    .s = h, .m = m, .p = p, .d = d, .ref = meta->committed_to};
	/* A held plan run is as hypothetical as a what-if (store.h). */
	sv.whatif =
	    (meta->kind && strcmp(meta->kind, "whatif") == 0) || meta->hold;
	int ok = store_saver_begin(&sv, "save run") == 0 &&
		 save_header(&sv, meta) == 0 && save_round_from(&sv) == 0 &&
		 save_orders(&sv) == 0 && save_plan_rows(&sv) == 0 &&
		 save_night(&sv, meta) == 0 && save_setup(&sv, meta) == 0 &&
		 store_save_promises(sv.s, sv.run, meta, d) == 0 &&
		 store_save_units(&sv) == 0 &&
		 (sv.whatif || store_save_publish(&sv, meta->finished) == 0);
	if (store_saver_end(&sv, ok, "save run") < 0)
		return -1;
	*run_id = sv.run;
	/* a server's planner learns the new rows' statistics now, not at
	 * its next round (the first lookups of a night would wait); a
	 * failure here changes nothing stored */
	if (sv.s->drv->after_save)
		sv.s->drv->exec(sv.s->db, sv.s->drv->after_save);
	return 0;
}
