/*
 * store_write.c - the run writer of the store (see store.h for the
 * contract): saving a run in one transaction and tagging its units with
 * identifiers, publishing a plan (as it is saved, by hand, or by run id),
 * whether `--publish auto` may publish, pruning old runs, and the fault
 * injection that tests every write statement of a save.
 *
 * Memory: a save keeps its scratch arrays (plan rows grouped by order, an
 * order's unit rows) on the heap and frees them in saver_end().
 */
#include "store.h"
#include "store_impl.h"

#include "date.h"
#include "ids.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- writing statements ---- */

/* Binds day number `day` as an ISO date, or NULL when day is `none`. */
static void bind_date(sqlite3_stmt *st, int i, int day, int none)
{
	char buf[16];
	if (day == none)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, mc_date_format(day, buf), -1,
				  SQLITE_TRANSIENT);
}

/* Runs a write statement to completion and resets it.  Counts write steps
 * for fault injection. */
static int step_write(mc_store *s, sqlite3_stmt *st, mc_diag *d)
{
	if (s->fail_at > 0 && ++s->steps == s->fail_at) {
		if (s->kill)
			raise(SIGKILL); /* mid-transaction, as a real kill */
		sqlite3_reset(st);
		return mc_diag_error(d, MC_ESTORE,
				     "unable to save run in '%s': injected "
				     "failure at write %d",
				     s->path, s->fail_at);
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		/* The statement's error is the connection's error until the
		 * reset, so report before resetting. */
		store_fail(s, d, "save run");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

void mc_store_fault_at(mc_store *s, int n, int kill)
{
	s->fail_at = n;
	s->kill = kill;
}

/* ---- saving a run ---- */

/* Statements of one save, prepared together and finalized at its end. */
enum {
	S_RUN,
	S_INPUT,
	S_FIND_BLOB,
	S_NEW_BLOB,
	S_RESOURCE,
	S_ORDER,
	S_PLAN,
	S_CAP,
	S_MAT,
	S_GET_SERIAL,
	S_SET_SERIAL,
	S_CANCEL_ABSENT,
	S_ORDER_UNITS,
	S_CANCEL,
	S_REVIVE,
	S_NEW_UNIT,
	S_UNIT_PLAN,
	S_PUBLISH,
	S_CHANGES,
	S_NIGHT,
	S_CONFLICT,
	S_MOVE,
	S_SETUP,
	S_FLOOR,
	S_ROUND_FROM,
	S_COUNT
};

static const char *const save_sql[S_COUNT] = {
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
	"?40, ?41, ?42, ?43)",
    [S_INPUT] = "INSERT INTO run_inputs (run, idx, role, path, digest, "
		"blob) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [S_FIND_BLOB] = "SELECT id, bytes FROM blobs WHERE digest = ?1 AND "
		    "size = ?2",
    [S_NEW_BLOB] = "INSERT INTO blobs (digest, size, bytes) "
		   "VALUES (?1, ?2, ?3)",
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
    [S_GET_SERIAL] = "SELECT value FROM meta WHERE key = 'next_serial'",
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
		      "u.life, p.plant, p.resource, p.day FROM units u "
		      "LEFT JOIN unit_plan p ON p.unit = u.id AND "
		      "p.status = 'planned' AND p.run = ?2 "
		      "WHERE u.order_id = ?1 ORDER BY u.seq, u.id",
    [S_CANCEL] = "UPDATE units SET status = 'cancelled' WHERE id = ?1",
    [S_REVIVE] = "UPDATE units SET status = ?2, last_run = ?3 "
		 "WHERE id = ?1",
    [S_NEW_UNIT] = "INSERT INTO units (identifier, serial, order_id, seq, "
		   "family, code, gtin, status, first_run, last_run) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
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
    [S_PUBLISH] = "INSERT OR REPLACE INTO published (id, run, at) "
		  "VALUES (1, ?1, ?2)",
};

/* A unit row of one order as found in the table. */
struct unit_row {
	int64_t id;
	int seq;
	int match; /* same family code and GTIN as the order now */
	int live;  /* status is not 'cancelled' */
	int done;  /* produced or shipped: out of the plan, never cancelled */
	int scrapped; /* retired for good */
	int released; /* the floor released it */
	int pinned;   /* a frozen unit: its published place lies in the
		       * frozen window (or it was released), see commit.h */
	int chosen;   /* the unit for its seq in this run */
	/* its place in the published plan: plant and resource (into the
	 * saver's text buffer, -1 none) and date */
	int plant, resource, day;
	int alloc; /* the plan row it gets in this run, -1 none */
};

struct saver {
	mc_store *s;
	const mc_model *m;
	const mc_plan *p;
	int whatif;
	int64_t run;
	int64_t ref; /* the run whose unit places tagging keeps, 0 none */
	uint64_t next_serial;
	sqlite3_stmt *st[S_COUNT];
	int *by_order; /* alloc indexes sorted by order, day, plant */
	int *first;    /* [norders + 1] start of each order in by_order */
	struct unit_row *rows;
	int nrows, caprows;
	int64_t *unit_of; /* [quantity + 1] unit id per seq, 0 none */
	char *text;	  /* the rows' plant and resource ids */
	size_t ntext, captext;
	int *left; /* [nalloc] units of each plan row not given yet */
	int began; /* a transaction is open (saver_begin()) */
	int capunits;
	mc_diag *d;
};

/* Sort key of a plan row: order, production day, plant, resource, then
 * position for a stable order. */
struct alloc_key {
	int order, day, plant, resource, idx;
};

static int cmp_alloc(const void *x, const void *y)
{
	const struct alloc_key *a = x, *b = y;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->plant != b->plant)
		return a->plant < b->plant ? -1 : 1;
	if (a->resource != b->resource)
		return a->resource < b->resource ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The blob holding input in's bytes, stored once by content: an equal
 * blob is reused (same digest, size and bytes), else one is added. */
static int save_blob(struct saver *sv, const mc_input *in, int64_t *id)
{
	sqlite3_stmt *st = sv->st[S_FIND_BLOB];
	store_bind_text(st, 1, in->digest);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->len);
	int rc;
	*id = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !*id) {
		const void *b = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		if (n == in->len && (n == 0 || memcmp(b, in->bytes, n) == 0))
			*id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(sv->s, sv->d, "save run");
	if (*id)
		return 0;
	st = sv->st[S_NEW_BLOB];
	store_bind_text(st, 1, in->digest);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->len);
	sqlite3_bind_blob64(st, 3, in->bytes, (sqlite3_uint64)in->len,
			    SQLITE_STATIC);
	if (step_write(sv->s, st, sv->d))
		return -1;
	*id = sqlite3_last_insert_rowid(sv->s->db);
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
	struct alloc_key *keys =
	    mc_xmalloc((size_t)(p->nalloc ? p->nalloc : 1) * sizeof(*keys));
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		keys[i] = (struct alloc_key){al->order, al->day, al->plant,
					     al->resource, i};
	}
	qsort(keys, (size_t)p->nalloc, sizeof(*keys), cmp_alloc);
	for (int i = 0; i < p->nalloc; i++)
		sv->by_order[i] = keys[i].idx;
	free(keys);
	int k = 0;
	for (int o = 0; o < no; o++) {
		sv->first[o] = k;
		long sum = 0;
		for (; k < p->nalloc && p->alloc[sv->by_order[k]].order == o;
		     k++)
			sum += p->alloc[sv->by_order[k]].units;
		if (sum != p->orders[o].planned)
			return mc_diag_error(
			    sv->d, MC_ESTORE,
			    "unable to save run in '%s': order '%s' has "
			    "%ld units in plan rows but %d planned",
			    sv->s->path, sv->m->orders[o].id, sum,
			    p->orders[o].planned);
	}
	sv->first[no] = k;
	sv->left =
	    mc_xmalloc((size_t)(p->nalloc ? p->nalloc : 1) * sizeof(int));
	for (int i = 0; i < p->nalloc; i++)
		sv->left[i] = p->alloc[i].units;
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
	sqlite3_stmt *st = sv->st[S_RUN];
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
		sqlite3_bind_int64(st, 2, meta->base_run);
	store_bind_text(st, 3, meta->scenario ? meta->scenario : m->scenario);
	store_bind_text(st, 4, started);
	store_bind_text(st, 5, finished);
	sqlite3_bind_double(st, 6, meta->finished - meta->started);
	store_bind_text(st, 7, run_status(p));
	store_bind_text(st, 8, m->enterprise);
	store_bind_text(st, 9, m->prefix);
	store_bind_text(st, 10, mc_date_format(m->start, hstart));
	sqlite3_bind_int(st, 11, m->horizon_days);
	sqlite3_bind_int(st, 12, meta->frozen_days);
	sqlite3_bind_int(st, 13, m->norders);
	int known = !isnan(p->lp_bound);
	const double dv[] = {
	    p->cost,	     known ? p->lp_bound : 0, known ? p->gap : 0,
	    p->cost_make,    p->cost_options,	      p->cost_lane,
	    p->cost_late,    p->cost_holding,	      p->cost_unmet,
	    p->cost_overtime};
	for (int i = 0; i < 10; i++)
		sqlite3_bind_double(st, 14 + i, dv[i]);
	sqlite3_bind_int(st, 24, p->units_planned);
	sqlite3_bind_int(st, 25, p->units_unmet);
	sqlite3_bind_int(st, 26, p->units_late);
	store_bind_text(st, 27, p->lp_status);
	sqlite3_bind_int(st, 28, p->nclasses);
	sqlite3_bind_int(st, 29, p->lp_rows);
	sqlite3_bind_int(st, 30, p->lp_cols);
	sqlite3_bind_int(st, 31, p->lp_iters);
	sqlite3_bind_double(st, 32, meta->t_load);
	sqlite3_bind_double(st, 33, p->t_build);
	sqlite3_bind_double(st, 34, p->t_solve);
	sqlite3_bind_double(st, 35, p->t_round);
	sqlite3_bind_int(st, 36, known);
	if (p->round_stop) { /* a plan that says how it was made whole */
		sqlite3_bind_double(st, 37, p->cost_repair);
		sqlite3_bind_int64(st, 38, p->round_moves);
		store_bind_text(st, 39, p->round_stop);
	}
	if (p->mip_stop) {
		sqlite3_bind_double(st, 40, p->mip_gain);
		sqlite3_bind_int(st, 41, p->mip_tried);
		sqlite3_bind_int(st, 42, p->mip_improved);
		store_bind_text(st, 43, p->mip_stop);
	}
	if (step_write(sv->s, st, sv->d))
		return -1;
	sv->run = sqlite3_last_insert_rowid(sv->s->db);
	if (meta->changes) {
		st = sv->st[S_CHANGES];
		sqlite3_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, meta->changes);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}

	st = sv->st[S_INPUT];
	for (int i = 0; i < m->ninputs; i++) {
		int64_t blob = 0;
		if (m->inputs[i].bytes && save_blob(sv, &m->inputs[i], &blob))
			return -1;
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, m->inputs[i].role);
		store_bind_text(st, 4, m->inputs[i].path);
		store_bind_text(st, 5, m->inputs[i].digest);
		if (blob)
			sqlite3_bind_int64(st, 6, blob);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_RESOURCE];
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *res = &m->resources[r];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, r);
		store_bind_text(st, 3, res->id);
		store_bind_text(st, 4, m->plants[res->plant].id);
		store_bind_text(st, 5, m->kinds[res->kind]);
		sqlite3_bind_double(st, 6, res->hours);
		sqlite3_bind_double(st, 7, res->ot_hours);
		sqlite3_bind_double(st, 8, res->ot_cost);
		if (step_write(sv->s, st, sv->d))
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
	sqlite3_stmt *st = sv->st[S_ORDER];
	char *buf = NULL;
	size_t cap = 0;
	int rc = -1;
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		const mc_family *f = &m->families[ord->family];
		const mc_order_out *out = &p->orders[o];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, o);
		store_bind_text(st, 3, ord->id);
		store_bind_text(st, 4, ord->customer);
		store_bind_text(st, 5, m->regions[ord->region]);
		store_bind_text(st, 6, f->id);
		store_bind_text(st, 7, f->code);
		store_bind_text(st, 8, f->gtin);
		store_bind_text(st, 9, options_text(m, o, &buf, &cap));
		sqlite3_bind_int(st, 10, ord->quantity);
		bind_date(st, 11, ord->due, INT32_MIN);
		bind_date(st, 12, ord->release, INT32_MIN);
		sqlite3_bind_double(st, 13, ord->priority);
		sqlite3_bind_double(st, 14, ord->late_penalty);
		sqlite3_bind_double(st, 15, ord->unmet_penalty);
		sqlite3_bind_int(st, 16, ord->max_late_days);
		sqlite3_bind_int(st, 17, out->planned);
		sqlite3_bind_int(st, 18, out->unmet);
		sqlite3_bind_int(st, 19, out->late_units);
		sqlite3_bind_int(st, 20, out->late_days);
		sqlite3_bind_int(st, 21, out->max_late);
		bind_date(st, 22, out->last_arrive, 0);
		sqlite3_bind_double(st, 23, out->cost);
		store_bind_text(st, 24,
				out->reason != MC_REASON_NONE
				    ? mc_reason_name(out->reason)
				    : NULL);
		store_bind_text(st, 25, out->detail);
		/* only late orders have an on-time cost */
		if (out->late_units > 0 && !isnan(out->ontime_cost))
			sqlite3_bind_double(st, 26, out->ontime_cost);
		else
			sqlite3_bind_null(st, 26);
		store_bind_text(st, 27,
				out->late_units > 0 ? out->ontime_note : NULL);
		sqlite3_bind_int(st, 28, out->made);
		sqlite3_bind_int(st, 29, out->made_late);
		bind_date(st, 30, out->made_arrive, 0);
		if (step_write(sv->s, st, sv->d))
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
	sqlite3_stmt *st = sv->st[S_PLAN];
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *al = &p->alloc[i];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, m->orders[al->order].id);
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		bind_date(st, 6, m->start + al->day, INT32_MIN);
		sqlite3_bind_int(st, 7, al->units);
		bind_date(st, 8, al->arrive, INT32_MIN);
		sqlite3_bind_int(st, 9, al->frozen);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_CAP];
	for (int r = 0; r < m->nresources; r++) {
		for (int t = 0; t < m->horizon_days; t++) {
			const mc_resday *c =
			    &p->cap[(size_t)r * (size_t)m->horizon_days +
				    (size_t)t];
			sqlite3_bind_int64(st, 1, sv->run);
			store_bind_text(st, 2, m->resources[r].id);
			bind_date(st, 3, m->start + t, INT32_MIN);
			sqlite3_bind_double(st, 4, c->hours);
			sqlite3_bind_double(st, 5, c->ot_max);
			sqlite3_bind_double(st, 6, c->used);
			sqlite3_bind_double(st, 7, c->ot);
			sqlite3_bind_double(st, 8, c->shadow);
			if (step_write(sv->s, st, sv->d))
				return -1;
		}
	}
	st = sv->st[S_MAT];
	for (int i = 0; i < p->nmat; i++) {
		const mc_matday *md = &p->mat[i];
		sqlite3_bind_int64(st, 1, sv->run);
		store_bind_text(st, 2, m->plants[md->plant].id);
		store_bind_text(st, 3, m->materials[md->material]);
		bind_date(st, 4, m->start + md->day, INT32_MIN);
		sqlite3_bind_double(st, 5, md->available);
		sqlite3_bind_double(st, 6, md->used);
		sqlite3_bind_double(st, 7, md->shadow);
		if (step_write(sv->s, st, sv->d))
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
	sqlite3_stmt *st = sv->st[S_NIGHT];
	sqlite3_bind_int64(st, 1, sv->run);
	if (meta->committed_to > 0)
		sqlite3_bind_int64(st, 2, meta->committed_to);
	sqlite3_bind_int(st, 3, p->units_frozen);
	sqlite3_bind_int(st, 4, p->units_done);
	sqlite3_bind_int(st, 5, meta->committed_to > 0 ? p->frozen_ok : 1);
	sqlite3_bind_int(st, 6, p->keep_units);
	sqlite3_bind_int(st, 7, p->kept_units);
	sqlite3_bind_double(st, 8, p->stability_cost);
	sqlite3_bind_double(st, 9, p->cost_stability);
	sqlite3_bind_int(st, 10, p->units_persisting);
	sqlite3_bind_int(st, 11, p->units_moved);
	if (!isnan(p->stability_price))
		sqlite3_bind_double(st, 12, p->stability_price);
	sqlite3_bind_int(st, 13, p->units_made);
	sqlite3_bind_int(st, 14, p->units_made_late);
	store_bind_text(st, 15, meta->hold ? meta->hold_reason : NULL);
	if (step_write(sv->s, st, sv->d))
		return -1;
	st = sv->st[S_CONFLICT];
	for (int i = 0; i < p->nconflicts; i++) {
		const mc_conflict *c = &p->conflicts[i];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, c->what);
		store_bind_text(st, 4, c->order);
		store_bind_text(st, 5, c->place);
		bind_date(st, 6, c->day, 0);
		sqlite3_bind_int(st, 7, c->units);
		store_bind_text(st, 8, c->detail);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	st = sv->st[S_MOVE];
	for (int i = 0; i < p->nmoves; i++) {
		const mc_move *mv = &p->moves[i];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int(st, 2, i);
		store_bind_text(st, 3, m->orders[mv->order].id);
		store_bind_text(
		    st, 4,
		    mv->from_plant >= 0 ? m->plants[mv->from_plant].id : NULL);
		bind_date(st, 5, mv->from_day, INT32_MIN);
		store_bind_text(st, 6,
				mv->to_plant >= 0 ? m->plants[mv->to_plant].id
						  : NULL);
		bind_date(st, 7, mv->to_day, mv->to_plant >= 0 ? INT32_MIN : 0);
		sqlite3_bind_int(st, 8, mv->units);
		store_bind_text(st, 9, mv->cause);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* Where the whole units started, what keeping the published plan cost,
 * what the least-overtime placement saved (model.h, mc_plan). */
static int save_round_from(struct saver *sv)
{
	const mc_plan *p = sv->p;
	sqlite3_stmt *st = sv->st[S_ROUND_FROM];
	sqlite3_bind_int64(st, 1, sv->run);
	store_bind_text(st, 2, p->round_from);
	if (p->round_from && !isnan(p->cost_kept))
		sqlite3_bind_double(st, 3, p->cost_kept);
	sqlite3_bind_double(st, 4, p->ot_gain);
	return step_write(sv->s, st, sv->d);
}

/* How a plan run was planned and the floor it read, so that its night can
 * be planned again (store.h, mc_run_meta). */
static int save_setup(struct saver *sv, const mc_run_meta *meta)
{
	if (!meta->solver)
		return 0;
	sqlite3_stmt *st = sv->st[S_SETUP];
	sqlite3_bind_int64(st, 1, sv->run);
	store_bind_text(st, 2, meta->solver);
	sqlite3_bind_int(st, 3, meta->full_lp);
	sqlite3_bind_double(st, 4, meta->round_time);
	sqlite3_bind_double(st, 5, meta->stability);
	sqlite3_bind_double(st, 6, meta->time_limit > 0 ? meta->time_limit : 0);
	if (step_write(sv->s, st, sv->d))
		return -1;
	st = sv->st[S_FLOOR];
	for (int i = 0; i < meta->nfloor; i++) {
		const mc_floor_unit *f = &meta->floor[i];
		sqlite3_bind_int64(st, 1, sv->run);
		sqlite3_bind_int64(st, 2, f->serial);
		store_bind_text(st, 3, f->order);
		sqlite3_bind_int(st, 4, f->seq);
		store_bind_text(st, 5, f->plant);
		store_bind_text(st, 6, f->life);
		store_bind_text(st, 7, f->life_day);
		store_bind_text(st, 8, f->made_day);
		sqlite3_bind_int(st, 9, f->cancelled);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* Keeps column i's text in the saver's buffer; its offset, -1 for NULL. */
static int keep_text(struct saver *sv, sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	if (!t)
		return -1;
	size_t n = strlen(t) + 1;
	if (sv->ntext + n > sv->captext) {
		sv->captext = 2 * (sv->ntext + n) + 256;
		sv->text = mc_xrealloc(sv->text, sv->captext);
	}
	memcpy(sv->text + sv->ntext, t, n);
	sv->ntext += n;
	return (int)(sv->ntext - n);
}

/* Reads every unit row of order o into sv->rows, each with its place in
 * the published plan. */
static int read_order_units(struct saver *sv, int o)
{
	const mc_model *m = sv->m;
	const mc_family *f = &m->families[m->orders[o].family];
	sqlite3_stmt *st = sv->st[S_ORDER_UNITS];
	int rc;
	sv->nrows = 0;
	sv->ntext = 0;
	store_bind_text(st, 1, m->orders[o].id);
	sqlite3_bind_int64(st, 2, sv->ref);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sv->nrows == sv->caprows) {
			sv->caprows = sv->caprows ? 2 * sv->caprows : 64;
			sv->rows = mc_xrealloc(sv->rows, (size_t)sv->caprows *
							     sizeof(*sv->rows));
		}
		struct unit_row *u = &sv->rows[sv->nrows++];
		const char *code = (const char *)sqlite3_column_text(st, 2);
		const char *gtin = (const char *)sqlite3_column_text(st, 3);
		const char *status = (const char *)sqlite3_column_text(st, 4);
		const char *life = (const char *)sqlite3_column_text(st, 5);
		const char *day = (const char *)sqlite3_column_text(st, 8);
		u->id = sqlite3_column_int64(st, 0);
		u->seq = sqlite3_column_int(st, 1);
		u->match = code && gtin && strcmp(code, f->code) == 0 &&
			   strcmp(gtin, f->gtin) == 0;
		u->live = status && strcmp(status, "cancelled") != 0;
		u->done = u->live && life &&
			  (strcmp(life, "produced") == 0 ||
			   strcmp(life, "shipped") == 0);
		u->scrapped = life && strcmp(life, "scrapped") == 0;
		u->released = life && strcmp(life, "released") == 0;
		u->chosen = 0;
		u->plant = keep_text(sv, st, 6);
		u->resource = keep_text(sv, st, 7);
		u->day = 0;
		if (!day || mc_date_parse(day, &u->day))
			u->plant = -1;
		u->pinned = u->live && !u->done && u->plant >= 0 &&
			    mc_frozen_day(u->day - m->start, m->horizon_days,
					  sv->p->frozen_days, u->released);
		u->alloc = -1;
	}
	if (rc != SQLITE_DONE) {
		store_fail(sv->s, sv->d, "read units");
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Where seq s of an order goes: walks the order's sorted plan rows. */
struct seq_cursor {
	int k, end; /* position in by_order */
	int left;   /* units left in row k */
};

static const mc_alloc *next_alloc(struct saver *sv, struct seq_cursor *c)
{
	while (c->k < c->end && c->left == 0) {
		c->k++;
		if (c->k < c->end)
			c->left = sv->p->alloc[sv->by_order[c->k]].units;
	}
	if (c->k >= c->end)
		return NULL;
	c->left--;
	return &sv->p->alloc[sv->by_order[c->k]];
}

static int write_unit_plan(struct saver *sv, int64_t unit, const mc_alloc *al)
{
	const mc_model *m = sv->m;
	sqlite3_stmt *st = sv->st[S_UNIT_PLAN];
	sqlite3_bind_int64(st, 1, sv->run);
	sqlite3_bind_int64(st, 2, unit);
	store_bind_text(st, 3, al ? "planned" : "unmet");
	if (al) {
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		bind_date(st, 6, m->start + al->day, INT32_MIN);
		bind_date(st, 7, al->arrive, INT32_MIN);
	}
	return step_write(sv->s, st, sv->d);
}

static int new_unit(struct saver *sv, int o, int seq, const char *status,
		    int64_t *id)
{
	const mc_model *m = sv->m;
	const mc_family *f = &m->families[m->orders[o].family];
	char ident[MC_ID_MAX];
	if (sv->next_serial > MC_SERIAL_MAX)
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': the serial "
				     "counter is exhausted",
				     sv->s->path);
	if (mc_id_format(ident, sizeof(ident), m->prefix, f->code, f->gtin,
			 sv->next_serial))
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': cannot form "
				     "an identifier from prefix '%s', code "
				     "'%s', gtin '%s'",
				     sv->s->path, m->prefix ? m->prefix : "",
				     f->code, f->gtin);
	sqlite3_stmt *st = sv->st[S_NEW_UNIT];
	store_bind_text(st, 1, ident);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)sv->next_serial);
	store_bind_text(st, 3, m->orders[o].id);
	sqlite3_bind_int(st, 4, seq);
	store_bind_text(st, 5, f->id);
	store_bind_text(st, 6, f->code);
	store_bind_text(st, 7, f->gtin);
	store_bind_text(st, 8, status);
	sqlite3_bind_int64(st, 9, sv->run);
	if (step_write(sv->s, st, sv->d))
		return -1;
	sv->next_serial++;
	*id = sqlite3_last_insert_rowid(sv->s->db);
	return 0;
}

/* The first plan row of order o with units left at u's published place:
 * plant, day and (when exact) resource; frozen rows only when frozen. */
static int row_at(struct saver *sv, int o, const struct unit_row *u, int exact,
		  int frozen)
{
	const mc_model *m = sv->m;
	if (u->plant < 0)
		return -1;
	for (int k = sv->first[o]; k < sv->first[o + 1]; k++) {
		int a = sv->by_order[k];
		const mc_alloc *al = &sv->p->alloc[a];
		if (!sv->left[a] || al->frozen != frozen ||
		    m->start + al->day != u->day ||
		    strcmp(m->plants[al->plant].id, sv->text + u->plant) != 0)
			continue;
		if (exact && (u->resource < 0 || al->resource < 0 ||
			      strcmp(m->resources[al->resource].id,
				     sv->text + u->resource) != 0))
			continue;
		return a;
	}
	return -1;
}

/* The next plan row of order o with units left, in day and plant order. */
static int next_row(struct saver *sv, int o, int *k)
{
	for (; *k < sv->first[o + 1]; (*k)++)
		if (sv->left[sv->by_order[*k]])
			return sv->by_order[*k];
	return -1;
}

/* Writes order o's unit for seq: revived (row u) or new, with its plan row
 * a (-1: unmet; its units left are the caller's to count). */
static int put_unit(struct saver *sv, int o, int seq, struct unit_row *u, int a)
{
	const char *status = a >= 0 ? "planned" : "unmet";
	int64_t id = u ? u->id : 0;
	if (u) {
		sqlite3_stmt *st = sv->st[S_REVIVE];
		sqlite3_bind_int64(st, 1, u->id);
		store_bind_text(st, 2, status);
		sqlite3_bind_int64(st, 3, sv->run);
		if (step_write(sv->s, st, sv->d))
			return -1;
	} else if (new_unit(sv, o, seq, status, &id))
		return -1;
	return write_unit_plan(sv, id, a >= 0 ? &sv->p->alloc[a] : NULL);
}

/* Row i becomes the unit of its seq, in place of the one chosen before
 * (whose plan row, if it held one, is free again). */
static void choose(struct saver *sv, int i)
{
	struct unit_row *u = &sv->rows[i];
	if (sv->unit_of[u->seq]) {
		struct unit_row *old = &sv->rows[sv->unit_of[u->seq] - 1];
		old->chosen = 0;
		if (old->alloc >= 0)
			sv->left[old->alloc]++, old->alloc = -1;
	}
	u->chosen = 1;
	sv->unit_of[u->seq] = i + 1;
}

/*
 * Tags the units of order o in a plan run (see store.h): one unit per
 * seq, the most recent of the order's family that is not scrapped.  Units
 * the floor made stay as they are, out of the plan.  A unit keeps its
 * place where the plan has one for it: first a frozen unit its exact row
 * (plant, resource, day; even above a shrunk quantity), then any unit a
 * row at its plant and day; the other rows go to the other seqs in order
 * of production day, then plant; seqs left over are unmet.
 */
static int tag_order(struct saver *sv, int o)
{
	const mc_order *ord = &sv->m->orders[o];
	int q = ord->quantity;
	if (read_order_units(sv, o))
		return -1;
	int top = q;
	for (int i = 0; i < sv->nrows; i++)
		if (sv->rows[i].seq > top)
			top = sv->rows[i].seq;
	if (top + 1 > sv->capunits) {
		sv->capunits = 2 * (top + 1);
		sv->unit_of = mc_xrealloc(sv->unit_of, (size_t)sv->capunits *
							   sizeof(int64_t));
	}
	/* unit_of[seq]: row index + 1 of the chosen unit, 0 none */
	memset(sv->unit_of, 0, (size_t)(top + 1) * sizeof(int64_t));
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (u->done) { /* made: it stays whatever the order says */
			choose(sv, i);
			continue;
		}
		if (!u->match || u->scrapped ||
		    (sv->unit_of[u->seq] &&
		     sv->rows[sv->unit_of[u->seq] - 1].done))
			continue;
		if (u->seq > q &&
		    (!u->pinned || (u->alloc = row_at(sv, o, u, 1, 1)) < 0))
			continue; /* above the quantity: only if frozen */
		if (u->alloc >= 0)
			sv->left[u->alloc]--; /* held for it */
		choose(sv, i); /* rows come by seq then id: the newest wins */
	}
	/* cancel first so at most one unit per seq is live at any moment
	 * (the units_live index insists) */
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (!u->chosen && u->live) {
			sqlite3_bind_int64(sv->st[S_CANCEL], 1, u->id);
			if (step_write(sv->s, sv->st[S_CANCEL], sv->d))
				return -1;
		}
	}
	/* places: frozen units their exact rows, then any unit its place */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < sv->nrows; i++) {
			struct unit_row *u = &sv->rows[i];
			if (!u->chosen || u->done || u->alloc >= 0 ||
			    !u->live || (pass == 0 && !u->pinned))
				continue;
			u->alloc = row_at(sv, o, u, pass == 0, pass == 0);
			if (u->alloc >= 0)
				sv->left[u->alloc]--;
		}
	/* the rest in seq order: plan rows, then the order's unmet units;
	 * a seq left over (made or frozen units stand above a shrunk
	 * quantity) has no unit: a live one is cancelled, the highest */
	int k = sv->first[o], unmet = sv->p->orders[o].unmet;
	for (int seq = 1; seq <= top; seq++) {
		struct unit_row *u =
		    sv->unit_of[seq] ? &sv->rows[sv->unit_of[seq] - 1] : NULL;
		if (u && u->done)
			continue;
		if (seq > q && !u)
			continue;
		int held = u && u->alloc >= 0;
		int a = held ? u->alloc : next_row(sv, o, &k);
		if (a >= 0 && !held)
			sv->left[a]--;
		if (a < 0 && unmet-- <= 0) {
			if (u && u->live) {
				sqlite3_bind_int64(sv->st[S_CANCEL], 1, u->id);
				if (step_write(sv->s, sv->st[S_CANCEL], sv->d))
					return -1;
			}
			continue;
		}
		if (put_unit(sv, o, seq, u, a))
			return -1;
	}
	for (k = sv->first[o]; k < sv->first[o + 1]; k++)
		if (sv->left[sv->by_order[k]])
			return mc_diag_error(
			    sv->d, MC_ESTORE,
			    "unable to save run in '%s': order '%s' has more "
			    "units in the plan than units to give them to "
			    "(were "
			    "units of it made since the run was planned? plan "
			    "again)",
			    sv->s->path, ord->id);
	return 0;
}

/* Records a what-if's plan for the live units of order o that exist. */
static int whatif_order(struct saver *sv, int o)
{
	int q = sv->m->orders[o].quantity, planned = sv->p->orders[o].planned;
	int unmet = sv->p->orders[o].unmet;
	if (read_order_units(sv, o))
		return -1;
	struct seq_cursor c = {sv->first[o], sv->first[o + 1], 0};
	if (c.k < c.end)
		c.left = sv->p->alloc[sv->by_order[c.k]].units;
	/* the live units in seq order take the plan's units, then its unmet
	 * ones; made units are out of the run's plan */
	for (int i = 0; i < sv->nrows; i++) {
		struct unit_row *u = &sv->rows[i];
		if (!u->live || !u->match || u->seq > q || u->done)
			continue;
		const mc_alloc *al = planned-- > 0 ? next_alloc(sv, &c) : NULL;
		if (!al && unmet-- <= 0)
			break;
		if (write_unit_plan(sv, u->id, al))
			return -1;
	}
	return 0;
}

static int save_units(struct saver *sv)
{
	const mc_model *m = sv->m;
	sqlite3_stmt *st = sv->st[S_GET_SERIAL];
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(sv->s, sv->d, "read the serial counter");
		sqlite3_reset(st);
		return -1;
	}
	sv->next_serial = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!sv->whatif) {
		st = sv->st[S_CANCEL_ABSENT];
		sqlite3_bind_int64(st, 1, sv->run);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	for (int o = 0; o < m->norders; o++)
		if (sv->whatif ? whatif_order(sv, o) : tag_order(sv, o))
			return -1;
	if (!sv->whatif) {
		st = sv->st[S_SET_SERIAL];
		sqlite3_bind_int64(st, 1, (sqlite3_int64)sv->next_serial);
		if (step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}

/* The frame of a unit-tagging write: the allocations grouped by order,
 * every statement prepared and an IMMEDIATE transaction begun (what is
 * set in *sv before stays).  Returns 0, or -1 (saver_end() cleans up). */
static int saver_begin(struct saver *sv, const char *what)
{
	sv->s->steps = 0;
	if (group_allocs(sv))
		return -1;
	for (int i = 0; i < S_COUNT; i++)
		if (!(sv->st[i] = store_prep(sv->s, save_sql[i], sv->d)))
			return -1;
	if (store_exec(sv->s, "BEGIN IMMEDIATE", what, sv->d))
		return -1;
	sv->began = 1;
	return 0;
}

/* Makes sv->run the published plan, as of unix time t. */
static int save_publish(struct saver *sv, double t)
{
	char at[32];
	store_iso_time(t, at, sizeof(at));
	sqlite3_bind_int64(sv->st[S_PUBLISH], 1, sv->run);
	store_bind_text(sv->st[S_PUBLISH], 2, at);
	return step_write(sv->s, sv->st[S_PUBLISH], sv->d);
}

/* Commits (ok = 1) or rolls back what saver_begin() began, and frees. */
static int saver_end(struct saver *sv, int ok, const char *what)
{
	int rc = ok && store_exec(sv->s, "COMMIT", what, sv->d) == 0 ? 0 : -1;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(sv->st[i]);
	if (rc < 0 && sv->began && !sqlite3_get_autocommit(sv->s->db))
		sqlite3_exec(sv->s->db, "ROLLBACK", NULL, NULL, NULL);
	free(sv->by_order);
	free(sv->first);
	free(sv->rows);
	free(sv->text);
	free(sv->left);
	free(sv->unit_of);
	return rc;
}

int mc_store_save_run(mc_store *s, const mc_model *m, const mc_plan *p,
		      const mc_run_meta *meta, int64_t *run_id, mc_diag *d)
{
	struct saver sv = {0};
	sv.s = s;
	sv.m = m;
	sv.p = p;
	sv.d = d;
	sv.ref = meta->committed_to;
	/* A held plan run is as hypothetical as a what-if (store.h). */
	sv.whatif =
	    (meta->kind && strcmp(meta->kind, "whatif") == 0) || meta->hold;
	int ok = saver_begin(&sv, "save run") == 0 &&
		 save_header(&sv, meta) == 0 && save_round_from(&sv) == 0 &&
		 save_orders(&sv) == 0 && save_plan_rows(&sv) == 0 &&
		 save_night(&sv, meta) == 0 && save_setup(&sv, meta) == 0 &&
		 save_units(&sv) == 0 &&
		 (sv.whatif || save_publish(&sv, meta->finished) == 0);
	if (saver_end(&sv, ok, "save run") < 0)
		return -1;
	*run_id = sv.run;
	return 0;
}

/* Clears run id's hold reason (mc_store_publish_plan()). */
static int unhold(mc_store *s, int64_t id, mc_diag *d)
{
	sqlite3_stmt *st = store_prep(
	    s, "UPDATE runs SET hold_reason = NULL WHERE id = ?1", d);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = step_write(s, st, d);
	sqlite3_finalize(st);
	return rc;
}

int mc_store_publish_plan(mc_store *s, int64_t id, const mc_model *m,
			  const mc_plan *p, mc_diag *d)
{
	struct saver sv = {0};
	sv.s = s;
	sv.m = m;
	sv.p = p;
	sv.d = d;
	sv.run = id;
	/* the places the run held to: its night's published run (the one
	 * published now for runs saved before they were recorded) */
	int64_t ref = 0;
	int found;
	if (store_query_int(
		s,
		"SELECT COALESCE(committed_to, (SELECT run FROM "
		"published WHERE id = 1), 0) FROM runs WHERE id = ?1",
		1, id, &ref, &found, d) < 0)
		return -1;
	sv.ref = ref;
	int ok = saver_begin(&sv, "publish a run") == 0;
	if (ok) { /* the run's rows of a hypothetical save go first */
		sqlite3_stmt *del =
		    store_prep(s, "DELETE FROM unit_plan WHERE run = ?1", d);
		if (del)
			sqlite3_bind_int64(del, 1, id);
		ok = del && step_write(s, del, d) == 0;
		sqlite3_finalize(del);
	}
	if (ok) /* published once: no longer a kept-back night */
		ok = unhold(s, id, d) == 0;
	ok = ok && save_units(&sv) == 0 &&
	     save_publish(&sv, (double)time(NULL)) == 0;
	return saver_end(&sv, ok, "publish a run");
}

/* ---- publishing and pruning ---- */

int mc_store_publish(mc_store *s, int64_t id, mc_diag *d)
{
	int rc = -1;
	char at[32];
	store_iso_time((double)time(NULL), at, sizeof(at));
	sqlite3_stmt *st =
	    store_prep(s,
		       "INSERT OR REPLACE INTO published (id, run, at)"
		       " SELECT 1, id, ?2 FROM runs WHERE id = ?1",
		       d);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, d, "publish a run");
		goto out;
	}
	if (sqlite3_changes(s->db) != 1) {
		mc_diag_error(d, MC_ESTORE, "no run %" PRId64 " in '%s'", id,
			      s->path);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

int mc_store_may_publish(mc_store *s, int norders, int min_orders, char *why,
			 size_t size, mc_diag *d)
{
	int64_t run = 0, pub = 0;
	int found = 0;
	if (norders < min_orders) {
		snprintf(why, size, "%d orders, fewer than --min-orders %d",
			 norders, min_orders);
		return 0;
	}
	if (mc_store_published(s, &run, d) ||
	    (run && store_query_int(s, "SELECT norders FROM runs WHERE id = ?",
				    1, run, &pub, &found, d)))
		return -1;
	if (found && 2 * (int64_t)norders < pub) {
		snprintf(why, size,
			 "%d orders, less than half of the %lld of the "
			 "published plan (run %lld)",
			 norders, (long long)pub, (long long)run);
		return 0;
	}
	return 1;
}

int mc_store_prune(mc_store *s, int keep, int *pruned, mc_diag *d)
{
	/* Kept: the keep newest runs, the published one, every run a unit's
	 * history names (first or last run), every base of a kept what-if
	 * and every run a kept night committed to (publishing it by hand
	 * tags its units on that run's places); input bytes no run names go
	 * too. */
	static const char *const sql[] = {
	    "CREATE TEMP TABLE IF NOT EXISTS prune_keep (id INTEGER PRIMARY "
	    "KEY)",
	    "DELETE FROM prune_keep",
	    "INSERT OR IGNORE INTO prune_keep SELECT id FROM runs ORDER BY id "
	    "DESC LIMIT ?1",
	    "INSERT OR IGNORE INTO prune_keep SELECT run FROM published",
	    "INSERT OR IGNORE INTO prune_keep SELECT first_run FROM units",
	    "INSERT OR IGNORE INTO prune_keep SELECT last_run FROM units",
	    "INSERT OR IGNORE INTO prune_keep SELECT base_run FROM runs WHERE "
	    "base_run IS NOT NULL AND id IN (SELECT id FROM prune_keep)",
	    "INSERT OR IGNORE INTO prune_keep SELECT committed_to FROM runs "
	    "WHERE committed_to IS NOT NULL AND id IN (SELECT id FROM "
	    "prune_keep)",
	    "DELETE FROM unit_plan WHERE run NOT IN (SELECT id FROM "
	    "prune_keep)",
	    "DELETE FROM runs WHERE id NOT IN (SELECT id FROM prune_keep)",
	    "DELETE FROM blobs WHERE id NOT IN (SELECT blob FROM run_inputs "
	    "WHERE blob IS NOT NULL)",
	};
	int rc = -1, began = 0;
	*pruned = 0;
	if (store_exec(s, "BEGIN IMMEDIATE", "prune runs", d))
		return -1;
	began = 1;
	int gone = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		sqlite3_stmt *st = store_prep(s, sql[i], d);
		if (!st)
			goto out;
		if (strstr(sql[i], "?1"))
			sqlite3_bind_int(st, 1, keep);
		int r = sqlite3_step(st);
		if (strncmp(sql[i], "DELETE FROM runs", 16) == 0)
			gone = sqlite3_changes(s->db);
		sqlite3_finalize(st);
		if (r != SQLITE_DONE) {
			store_fail(s, d, "prune runs");
			goto out;
		}
	}
	if (store_exec(s, "COMMIT", "prune runs", d))
		goto out;
	began = 0;
	*pruned = gone;
	rc = 0;
out:
	if (began && !sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}
