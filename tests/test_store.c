/*
 * test_store.c - the SQLite store: schema, round trip of a run, stable unit
 * identifiers across runs, what-if runs, and all-or-nothing saves (fault
 * injection at every write).  Runs with cwd = tests/; databases go under
 * tests/tmp/.
 */
#include "arena.h"
#include "diag.h"
#include "ids.h"
#include "model.h"
#include "support.h"
#include "store.h"

#include "fixtures/store/tiny.h"

#include <criterion/criterion.h>
/* Only to forge a database of an older schema version: the store's own
 * query entry point (mc_store_query) only reads.  The store's own suite is
 * the one that includes <sqlite3.h>. */
#include <sqlite3.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 1795572000.0 /* 2026-11-25T02:00:00Z */

struct tmpdb {
	char dir[64];
	char path[96];
};

static void tmpdb_make(struct tmpdb *t)
{
	char *dir = support_tmpdir("store");
	snprintf(t->dir, sizeof(t->dir), "%s", dir);
	free(dir);
	char *db = support_db(t->dir, "mc.db");
	snprintf(t->path, sizeof(t->path), "%s", db);
	free(db);
}

static void tmpdb_remove(struct tmpdb *t)
{
	char p[128];
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	for (int i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, ext[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

static mc_run_meta plan_meta(void)
{
	mc_run_meta meta = {.kind = "plan",
			    .started = T0,
			    .finished = T0 + 7.25,
			    .t_load = 0.125};
	return meta;
}

static int64_t save_ok(mc_store *s, const mc_model *m, const mc_plan *p,
		       const mc_run_meta *meta)
{
	mc_diag d = MC_DIAG_INIT;
	int64_t id = 0;
	int rc = mc_store_save_run(s, m, p, meta, &id, &d);
	cr_assert_eq(rc, 0, "save: %s", d.n ? d.v[0].msg : "?");
	mc_diag_release(&d);
	return id;
}

/* The lines of a dump that start with prefix, concatenated. */
static char *lines_with(const char *text, const char *prefix)
{
	char *out = calloc(1, strlen(text) + 1);
	size_t len = 0, pl = strlen(prefix);
	for (const char *l = text; *l;) {
		size_t n = strcspn(l, "\n");
		if (strncmp(l, prefix, pl) == 0) {
			memcpy(out + len, l, n);
			len += n;
			out[len++] = '\n';
		}
		l += n + (l[n] == '\n');
	}
	return out;
}

static int order_units(mc_store *s, mc_arena *a, const char *order,
		       mc_unit_rec **out)
{
	mc_diag d = MC_DIAG_INIT;
	int n = 0;
	cr_assert_eq(mc_store_order_units(s, order, a, out, &n, &d), 0);
	mc_diag_release(&d);
	return n;
}

/* The serial of the live unit (order, seq), or of the latest one. */
static const mc_unit_rec *unit_of(const mc_unit_rec *u, int n, int seq)
{
	const mc_unit_rec *best = NULL;
	for (int i = 0; i < n; i++)
		if (u[i].seq == seq &&
		    (!best || strcmp(u[i].status, "cancelled") != 0))
			best = &u[i];
	return best;
}

Test(store, open_creates_and_migrates)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	cr_assert_eq(support_store_next_serial(s), 1);
	mc_run_row *rows;
	int n = -1;
	cr_assert_eq(mc_store_list_runs(s, a, &rows, &n, &d), 0);
	cr_assert_eq(n, 0);
	int64_t id = 0;
	cr_assert_eq(mc_store_published(s, &id, &d), 0);
	cr_assert_eq(id, 0);
	cr_assert_eq(mc_store_resolve_run(s, "latest", &id, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, "no runs in '") != NULL, "%s", d.v[0].msg);
	mc_store_close(s);
	/* reopening an up-to-date database migrates nothing */
	s = support_store_open(t.path);
	cr_assert_eq(support_store_next_serial(s), 1);
	mc_store_close(s);
	mc_store_close(NULL);
	mc_diag_release(&d);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

/* A database as mcsched wrote it at schema version 1 (before on-time
 * costs) opens, gains the columns, keeps its runs (their on-time costs
 * unknown) and stores on-time costs of new runs. */
Test(store, migrates_version_1)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	mc_run_view v;
	sqlite3 *db;
	support_sqlite_only();
	tmpdb_make(&t);
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	p.orders[1].ontime_cost = 42.5;
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	save_ok(s, &m, &p, &meta);
	mc_store_close(s);
	/* back to version 1: what versions 2 to 10 added goes */
	cr_assert_eq(sqlite3_open(t.path, &db), SQLITE_OK);
	cr_assert_eq(
	    sqlite3_exec(db,
			 "ALTER TABLE run_orders DROP COLUMN "
			 "ontime_note; ALTER TABLE run_orders DROP "
			 "COLUMN ontime_cost; ALTER TABLE runs DROP "
			 "COLUMN bound_known; ALTER TABLE runs DROP "
			 "COLUMN changes; ALTER TABLE run_inputs DROP "
			 "COLUMN blob; DROP TABLE blobs; "
			 "ALTER TABLE runs DROP COLUMN "
			 "round_repair_cost; ALTER TABLE runs "
			 "DROP COLUMN round_moves; ALTER TABLE runs "
			 "DROP COLUMN round_stop; "
			 "DROP TABLE unit_events; ALTER TABLE units "
			 "DROP COLUMN life_day; ALTER TABLE units "
			 "DROP COLUMN life; DROP TABLE run_moves; "
			 "DROP TABLE run_conflicts; ALTER TABLE plan "
			 "DROP COLUMN frozen; ALTER TABLE runs DROP "
			 "COLUMN committed_to; ALTER TABLE runs DROP "
			 "COLUMN units_frozen; ALTER TABLE runs DROP "
			 "COLUMN units_done; ALTER TABLE runs DROP "
			 "COLUMN frozen_ok; ALTER TABLE runs DROP "
			 "COLUMN keep_units; ALTER TABLE runs DROP "
			 "COLUMN kept_units; ALTER TABLE runs DROP "
			 "COLUMN stability_cost; ALTER TABLE runs DROP "
			 "COLUMN cost_stability; ALTER TABLE runs DROP "
			 "COLUMN units_persisting; ALTER TABLE runs "
			 "DROP COLUMN units_moved; ALTER TABLE runs "
			 "DROP COLUMN stability_price; ALTER TABLE "
			 "runs DROP COLUMN round_mip_gain; ALTER TABLE "
			 "runs DROP COLUMN round_mip_tried; ALTER TABLE "
			 "runs DROP COLUMN round_mip_improved; ALTER "
			 "TABLE runs DROP COLUMN round_mip_stop; "
			 "ALTER TABLE runs DROP COLUMN solver; ALTER "
			 "TABLE runs DROP COLUMN full_lp; ALTER TABLE "
			 "runs DROP COLUMN round_time; ALTER TABLE runs "
			 "DROP COLUMN stability_asked; ALTER TABLE runs "
			 "DROP COLUMN time_limit; ALTER TABLE runs DROP "
			 "COLUMN floor_saved; ALTER TABLE runs DROP COLUMN "
			 "round_from; ALTER TABLE runs DROP COLUMN "
			 "round_cost_kept; ALTER TABLE runs DROP COLUMN "
			 "round_ot_gain; DROP TABLE run_floor; "
			 "ALTER TABLE run_orders DROP COLUMN made; "
			 "ALTER TABLE run_orders DROP COLUMN made_late; "
			 "ALTER TABLE run_orders DROP COLUMN made_arrive; "
			 "ALTER TABLE runs DROP COLUMN units_made; "
			 "ALTER TABLE runs DROP COLUMN units_made_late; "
			 "ALTER TABLE runs DROP COLUMN hold_reason; "
			 "DROP TABLE run_promises; DROP TABLE "
			 "promise_holds; DROP TABLE promises; "
			 "DROP TABLE promise_stamp; "
			 "PRAGMA user_version = 1",
			 NULL, NULL, NULL),
	    SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);

	s = support_store_open(t.path);
	cr_assert_eq(mc_store_load_run(s, 1, a, &v, &d), 0);
	cr_assert_eq(v.norders, TINY_NORDERS);
	cr_assert_eq(v.orders[1].late_units, 1);
	cr_assert(isnan(v.orders[1].ontime_cost));
	cr_assert_null(v.orders[1].ontime_note);
	/* old units have no floor status */
	cr_assert_gt(v.nunits, 0);
	cr_assert_null(v.units[0].life);
	cr_assert_null(v.units[0].life_day);
	/* an old run says nothing of a night */
	cr_assert_eq(v.committed_to, -1);
	cr_assert_eq(v.nmoves, 0);
	/* an old run says nothing of its rounding steps */
	cr_assert(isnan(v.cost_repair));
	cr_assert_null(v.round_stop);
	cr_assert(isnan(v.mip_gain));
	cr_assert_null(v.mip_stop);
	/* nor of made units, nor of being kept back */
	cr_assert_eq(v.units_made, 0);
	cr_assert_eq(v.orders[1].made, 0);
	cr_assert_null(v.orders[1].made_arrive);
	cr_assert_null(v.hold_reason);
	cr_assert_str_eq(v.state, "published");
	p.orders[1].ontime_cost = NAN;
	p.orders[1].ontime_note = "impossible: why";
	p.cost_repair = p.cost + 12.5;
	p.round_moves = 3;
	p.round_stop = "converged";
	p.mip_gain = 4.25;
	p.mip_tried = 9;
	p.mip_improved = 2;
	p.mip_stop = "budget";
	p.orders[1].made = 2;
	p.orders[1].made_late = 1;
	p.orders[1].made_arrive = m.start + 3;
	p.units_made = 2;
	p.units_made_late = 1;
	int64_t id = save_ok(s, &m, &p, &meta);
	cr_assert_eq(mc_store_load_run(s, id, a, &v, &d), 0);
	cr_assert(isnan(v.orders[1].ontime_cost));
	cr_assert_str_eq(v.orders[1].ontime_note, "impossible: why");
	cr_assert_float_eq(v.cost_repair, p.cost + 12.5, 1e-9);
	cr_assert_eq(v.round_moves, 3);
	cr_assert_str_eq(v.round_stop, "converged");
	cr_assert_float_eq(v.mip_gain, 4.25, 1e-9);
	cr_assert_eq(v.mip_tried, 9);
	cr_assert_eq(v.mip_improved, 2);
	cr_assert_str_eq(v.mip_stop, "budget");
	cr_assert_eq(v.orders[1].made, 2);
	cr_assert_eq(v.orders[1].made_late, 1);
	cr_assert_str_eq(v.orders[1].made_arrive, "2026-11-28");
	cr_assert_eq(v.units_made, 2);
	cr_assert_eq(v.units_made_late, 1);
	/* a run stopped before it had a valid LP bound keeps none */
	p.lp_bound = p.gap = NAN;
	id = save_ok(s, &m, &p, &meta);
	cr_assert_eq(mc_store_load_run(s, id, a, &v, &d), 0);
	cr_assert(isnan(v.lp_bound) && isnan(v.gap));
	cr_assert_eq(mc_store_load_run(s, 1, a, &v, &d), 0);
	cr_assert_not(isnan(v.lp_bound));
	mc_store_close(s);
	/* the version is now current: user_version at offset 60 */
	FILE *f = fopen(t.path, "rb");
	unsigned char hdr[64];
	cr_assert_not_null(f);
	cr_assert_eq(fread(hdr, 1, 64, f), 64);
	fclose(f);
	cr_assert_eq(hdr[63], 10);
	mc_diag_release(&d);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, newer_schema_refused)
{
	struct tmpdb t;
	mc_diag d = MC_DIAG_INIT;
	mc_store *s;
	tmpdb_make(&t);
	mc_store_close(support_store_open(t.path));
	if (support_db_postgres()) {
		/* the version is the row of mcsched_schema */
		cr_assert_eq(support_sh("psql -qX '%s' -c 'UPDATE "
					"mcsched_schema SET version = 99'",
					t.path),
			     0);
	} else {
		/* user_version is the big-endian int at offset 60 of the
		 * header */
		FILE *f = fopen(t.path, "r+b");
		cr_assert_not_null(f);
		cr_assert_eq(fseek(f, 60, SEEK_SET), 0);
		fwrite("\0\0\0\x63", 1, 4, f);
		fclose(f);
	}
	cr_assert_eq(mc_store_open(t.path, &s, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, "schema version 99 is newer than this "
				     "mcsched knows") != NULL,
		  "%s", d.v[0].msg);
	mc_diag_release(&d);
	tmpdb_remove(&t);
}

Test(store, open_errors)
{
	struct tmpdb t;
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = (mc_store *)&t;
	support_sqlite_only();
	tmpdb_make(&t);
	cr_assert_eq(mc_store_open("tmp/no-such-dir/x.db", &s, &d), -1);
	cr_assert_null(s);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strncmp(d.v[0].msg,
			  "unable to open 'tmp/no-such-dir/x.db': ", 39) == 0,
		  "%s", d.v[0].msg);
	mc_diag_clear(&d);

	FILE *f = fopen(t.path, "wb");
	cr_assert_not_null(f);
	for (int i = 0; i < 256; i++)
		fputs("this is not a database ", f);
	fclose(f);
	cr_assert_eq(mc_store_open(t.path, &s, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, "not a database") != NULL, "%s",
		  d.v[0].msg);
	mc_diag_release(&d);
	tmpdb_remove(&t);
}

Test(store, round_trip)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	tmpdb_make(&t);
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	p.orders[1].ontime_cost = 42.5; /* SO-1002, late */
	p.orders[0].ontime_cost = 7;	/* not late: not stored */
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	meta.frozen_days = 2;
	int64_t id = save_ok(s, &m, &p, &meta);
	cr_assert_eq(id, 1);

	mc_run_view v;
	cr_assert_eq(mc_store_load_run(s, id, a, &v, &d), 0);
	cr_assert_eq(v.id, 1);
	cr_assert_str_eq(v.kind, "plan");
	cr_assert_eq(v.base_run, 0);
	cr_assert_null(v.scenario);
	cr_assert_str_eq(v.started, "2026-11-25T02:00:00Z");
	cr_assert_str_eq(v.finished, "2026-11-25T02:00:07Z");
	cr_assert_float_eq(v.elapsed, 7.25, 1e-9);
	cr_assert_str_eq(v.status, "unmet");
	cr_assert_eq(v.published, 1);
	cr_assert_str_eq(v.enterprise, "示例家电集团");
	cr_assert_str_eq(v.prefix, "88.999.1");
	cr_assert_str_eq(v.horizon_start, "2026-11-25");
	cr_assert_eq(v.horizon_start_n, TINY_START);
	cr_assert_eq(v.horizon_days, TINY_DAYS);
	cr_assert_eq(v.frozen_days, 2);
	cr_assert_eq(v.ninputs, 3);
	cr_assert_str_eq(v.inputs[1].role, "plants");
	cr_assert_str_eq(v.inputs[1].path, "samples/plants.yaml");
	cr_assert_str_eq(v.inputs[1].digest, "fedcba9876543210");
	cr_assert_str_eq(v.lp_status, "optimal");
	cr_assert_eq(v.nclasses, TINY_NORDERS);
	cr_assert_eq(v.lp_rows, 41);
	cr_assert_eq(v.lp_cols, 63);
	cr_assert_eq(v.lp_iters, 57);
	cr_assert_float_eq(v.t_load, 0.125, 1e-12);
	cr_assert_float_eq(v.t_solve, 1.5, 1e-12);
	cr_assert_float_eq(v.cost, p.cost, 1e-9);
	cr_assert_float_eq(v.lp_bound, p.lp_bound, 1e-9);
	cr_assert_float_eq(v.gap, p.gap, 1e-12);
	cr_assert_float_eq(v.cost_make, p.cost_make, 1e-9);
	cr_assert_float_eq(v.cost_options, p.cost_options, 1e-9);
	cr_assert_float_eq(v.cost_lane, p.cost_lane, 1e-9);
	cr_assert_float_eq(v.cost_late, p.cost_late, 1e-9);
	cr_assert_float_eq(v.cost_holding, p.cost_holding, 1e-9);
	cr_assert_float_eq(v.cost_unmet, p.cost_unmet, 1e-9);
	cr_assert_float_eq(v.cost_overtime, p.cost_overtime, 1e-9);
	cr_assert_eq(v.units_planned, p.units_planned);
	cr_assert_eq(v.units_unmet, p.units_unmet);
	cr_assert_eq(v.units_late, p.units_late);

	cr_assert_eq(v.nresources, 3);
	cr_assert_str_eq(v.resources[2].id, "SH-AS1");
	cr_assert_str_eq(v.resources[2].plant, "SH-JIADING");
	cr_assert_str_eq(v.resources[2].kind, "assembly");
	cr_assert_float_eq(v.resources[2].hours, 1, 1e-12);
	cr_assert_float_eq(v.resources[2].ot_hours, 1, 1e-12);
	cr_assert_float_eq(v.resources[2].ot_cost, 120, 1e-12);

	cr_assert_eq(v.norders, TINY_NORDERS);
	for (int o = 0; o < TINY_NORDERS; o++) {
		const mc_view_order *x = &v.orders[o];
		const mc_order_out *out = &p.orders[o];
		char buf[16];
		cr_assert_str_eq(x->id, m.orders[o].id);
		cr_assert_str_eq(x->customer, m.orders[o].customer);
		cr_assert_str_eq(x->region, m.regions[m.orders[o].region]);
		cr_assert_str_eq(x->family, m.families[m.orders[o].family].id);
		cr_assert_eq(x->quantity, m.orders[o].quantity);
		cr_assert_str_eq(x->due, mc_date_format(m.orders[o].due, buf));
		cr_assert_str_eq(x->release,
				 mc_date_format(m.orders[o].release, buf));
		/* the same as day numbers, and the options as pairs */
		cr_assert_eq(x->due_n, m.orders[o].due);
		cr_assert_eq(x->release_n, m.orders[o].release);
		const mc_family *f = &m.families[m.orders[o].family];
		cr_assert_eq(x->nopts, f->nopts);
		for (int k = 0; k < f->nopts; k++) {
			cr_assert_str_eq(x->opts[k].name, f->opts[k].name);
			cr_assert_str_eq(
			    x->opts[k].value,
			    f->opts[k].vals[m.orders[o].opt[k]].name);
		}
		cr_assert_eq(x->max_late_days, m.orders[o].max_late_days);
		cr_assert_eq(x->planned, out->planned);
		cr_assert_eq(x->unmet, out->unmet);
		cr_assert_eq(x->late_units, out->late_units);
		cr_assert_eq(x->late_days, out->late_days);
		cr_assert_eq(x->max_late, out->max_late);
		if (out->last_arrive)
			cr_assert_str_eq(x->last_arrive,
					 mc_date_format(out->last_arrive, buf));
		else
			cr_assert_null(x->last_arrive);
		cr_assert_float_eq(x->cost, out->cost, 1e-9);
		if (out->reason)
			cr_assert_str_eq(x->reason,
					 mc_reason_name(out->reason));
		else
			cr_assert_null(x->reason);
		if (out->detail)
			cr_assert_str_eq(x->detail, out->detail);
		else
			cr_assert_null(x->detail);
		if (out->late_units)
			cr_assert_float_eq(x->ontime_cost, out->ontime_cost,
					   1e-9);
		else
			cr_assert(isnan(x->ontime_cost));
		cr_assert_null(x->ontime_note);
	}
	cr_assert_float_eq(v.orders[1].ontime_cost, 42.5, 1e-12);
	cr_assert_str_eq(v.orders[0].options, "capacity=3hp");
	cr_assert_str_eq(v.orders[1].options, "");

	cr_assert_eq(v.nallocs, p.nalloc);
	for (int i = 0; i < p.nalloc; i++) {
		const mc_view_alloc *x = &v.allocs[i];
		const mc_alloc *al = &p.alloc[i];
		char buf[16];
		cr_assert_eq(x->order_idx, al->order);
		cr_assert_str_eq(x->order, m.orders[al->order].id);
		cr_assert_str_eq(x->plant, m.plants[al->plant].id);
		cr_assert_str_eq(x->resource, m.resources[al->resource].id);
		cr_assert_eq(x->t, al->day);
		cr_assert_str_eq(x->day,
				 mc_date_format(TINY_START + al->day, buf));
		cr_assert_eq(x->units, al->units);
		cr_assert_str_eq(x->arrive, mc_date_format(al->arrive, buf));
		cr_assert_eq(x->arrive_n, al->arrive);
	}

	cr_assert_eq(v.ncap, 3 * TINY_DAYS);
	for (int i = 0; i < v.ncap; i++) {
		const mc_view_cap *c = &v.cap[i];
		const mc_resday *rd = &p.cap[i];
		cr_assert_eq(c->res_idx, i / TINY_DAYS);
		cr_assert_eq(c->t, i % TINY_DAYS);
		cr_assert_str_eq(c->resource, m.resources[i / TINY_DAYS].id);
		cr_assert_float_eq(c->hours, rd->hours, 1e-12);
		cr_assert_float_eq(c->ot_max, rd->ot_max, 1e-12);
		cr_assert_float_eq(c->used, rd->used, 1e-12);
		cr_assert_float_eq(c->ot, rd->ot, 1e-12);
		cr_assert_float_eq(c->shadow, rd->shadow, 1e-12);
	}
	cr_assert_eq(v.nmat, p.nmat);
	cr_assert_str_eq(v.mat[1].plant, "GZ-NANSHA");
	cr_assert_str_eq(v.mat[1].material, "compressor");
	cr_assert_str_eq(v.mat[1].day, "2026-11-26");
	cr_assert_float_eq(v.mat[1].shadow, 3.5, 1e-12);

	/* units: one per (order, seq), serials 1.. in order then seq */
	int total = 0;
	for (int o = 0; o < TINY_NORDERS; o++)
		total += TINY_ORDERS[o].quantity;
	cr_assert_eq(v.nunits, total);
	for (int i = 0; i < v.nunits; i++) {
		const mc_view_unit *u = &v.units[i];
		const mc_order *ord = &m.orders[u->order_idx];
		const mc_family *f = &m.families[ord->family];
		char want[MC_ID_MAX];
		cr_assert_eq(u->serial, i + 1);
		cr_assert_eq(mc_id_format(want, sizeof(want), "88.999.1",
					  f->code, f->gtin,
					  (uint64_t)u->serial),
			     0);
		cr_assert_str_eq(u->identifier, want);
		cr_assert_str_eq(u->order, ord->id);
		int planned = p.orders[u->order_idx].planned;
		cr_assert_str_eq(u->status,
				 u->seq <= planned ? "planned" : "unmet");
		cr_assert_str_eq(u->status_now, u->status);
		if (u->seq > planned) {
			cr_assert_null(u->plant);
			cr_assert_eq(u->day_n, 0);
		}
	}
	/* SO-1001: 2 units on 11-25, 1 on 11-26, attached by day */
	cr_assert_str_eq(v.units[0].identifier,
			 "88.999.1/AC.09521234300014.000000000001.J");
	cr_assert_str_eq(v.units[0].day, "2026-11-25");
	cr_assert_str_eq(v.units[1].day, "2026-11-25");
	cr_assert_str_eq(v.units[2].day, "2026-11-26");
	cr_assert_eq(v.units[2].day_n, TINY_START + 1);
	cr_assert_eq(v.units[2].life_day_n, 0); /* the floor reported none */
	cr_assert_str_eq(v.units[2].arrive, "2026-11-27");
	cr_assert_str_eq(v.units[2].plant, "GZ-NANSHA");
	cr_assert_str_eq(v.units[2].resource, "GZ-AS1");
	cr_assert_eq(support_store_next_serial(s), (uint64_t)total + 1);

	mc_run_row *rows;
	int n;
	cr_assert_eq(mc_store_list_runs(s, a, &rows, &n, &d), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(rows[0].id, 1);
	cr_assert_str_eq(rows[0].kind, "plan");
	cr_assert_eq(rows[0].published, 1);
	cr_assert_eq(rows[0].norders, TINY_NORDERS);
	cr_assert_eq(rows[0].units_planned, p.units_planned);
	cr_assert_str_eq(rows[0].horizon_start, "2026-11-25");

	/* survives closing the store: everything lives in the arena */
	mc_store_close(s);
	s = support_store_open(t.path);
	mc_run_view w;
	cr_assert_eq(mc_store_load_run(s, id, a, &w, &d), 0);
	cr_assert_eq(w.nunits, v.nunits);
	cr_assert_eq(mc_store_load_run(s, 2, a, &w, &d), -1);
	cr_assert(strstr(d.v[0].msg, "no run 2 in '") != NULL, "%s",
		  d.v[0].msg);
	mc_store_close(s);
	mc_diag_release(&d);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, identifiers_stable_across_runs)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	mc_unit_rec *u;
	int n;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();

	/* run 1: serials SO-1001 1-3, SO-1002 4-5, SO-1003 6-9, SO-1004 10 */
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	cr_assert_eq(support_store_next_serial(s), 11);

	/* run 2: SO-1001 grows to 5, SO-1002 is withdrawn, SO-1003 shrinks
	 * to 2, SO-1005 is new */
	tiny_order o2[] = {
	    TINY_ORDERS[0],
	    TINY_ORDERS[2],
	    TINY_ORDERS[3],
	    {"SO-1005", "李雷", 0, 0, 0, 1, 1, 3, 0, MC_REASON_NONE, NULL}};
	o2[0].quantity = 5;
	o2[0].planned = 4;
	o2[1].quantity = 2;
	o2[1].planned = 1;
	tiny_build(a, o2, 4, &m, &p);
	meta.started += 86400;
	meta.finished += 86400;
	int64_t run2 = save_ok(s, &m, &p, &meta);
	cr_assert_eq(support_store_next_serial(s), 14);

	n = order_units(s, a, "SO-1001", &u);
	cr_assert_eq(n, 5);
	for (int seq = 1; seq <= 5; seq++) {
		const mc_unit_rec *x = unit_of(u, n, seq);
		cr_assert_eq(x->serial, seq <= 3 ? seq : 11 + seq - 4);
		cr_assert_str_eq(x->status, seq <= 4 ? "planned" : "unmet");
		cr_assert_eq(x->last_run, run2);
		cr_assert_eq(x->run, run2);
	}
	cr_assert_eq(unit_of(u, n, 4)->first_run, run2);
	cr_assert_eq(unit_of(u, n, 1)->first_run, 1);

	n = order_units(s, a, "SO-1002", &u);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(u[0].status, "cancelled");
	cr_assert_str_eq(u[1].status, "cancelled");
	cr_assert_eq(u[0].serial, 4);
	cr_assert_eq(u[0].last_run, 1);

	n = order_units(s, a, "SO-1003", &u);
	cr_assert_eq(n, 4);
	cr_assert_str_eq(u[0].status, "planned");
	cr_assert_str_eq(u[1].status, "unmet");
	cr_assert_str_eq(u[2].status, "cancelled"); /* highest seqs go */
	cr_assert_str_eq(u[3].status, "cancelled");
	cr_assert_eq(u[2].serial, 8);
	cr_assert_eq(u[3].serial, 9);

	n = order_units(s, a, "SO-1005", &u);
	cr_assert_eq(n, 1);
	cr_assert_eq(u[0].serial, 13);

	/* the run view shows only this run's units */
	mc_run_view v;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_store_load_run(s, run2, a, &v, &d), 0);
	cr_assert_eq(v.nunits, 5 + 2 + 1 + 1);
	/* run 1 still shows what it planned, with today's status beside */
	cr_assert_eq(mc_store_load_run(s, 1, a, &v, &d), 0);
	cr_assert_eq(v.nunits, 10);
	cr_assert_str_eq(v.units[3].order, "SO-1002");
	cr_assert_str_eq(v.units[3].status, "planned");
	cr_assert_str_eq(v.units[3].status_now, "cancelled");

	/* run 3: SO-1002 comes back with one unit and SO-1003 grows to 3:
	 * their cancelled units are reactivated, nothing is renumbered */
	tiny_order o3[] = {o2[0], TINY_ORDERS[1], o2[1], o2[2], o2[3]};
	o3[1].quantity = 1;
	o3[1].planned = 1;
	o3[2].quantity = 3;
	tiny_build(a, o3, 5, &m, &p);
	meta.started += 86400;
	meta.finished += 86400;
	int64_t run3 = save_ok(s, &m, &p, &meta);
	cr_assert_eq(support_store_next_serial(s), 14);
	n = order_units(s, a, "SO-1002", &u);
	cr_assert_eq(n, 2);
	cr_assert_eq(u[0].serial, 4);
	cr_assert_str_eq(u[0].status, "planned");
	cr_assert_eq(u[0].last_run, run3);
	cr_assert_eq(u[0].first_run, 1);
	cr_assert_str_eq(u[1].status, "cancelled");
	n = order_units(s, a, "SO-1003", &u);
	cr_assert_str_eq(u[2].status, "unmet");
	cr_assert_eq(u[2].serial, 8);
	cr_assert_str_eq(u[3].status, "cancelled");

	mc_diag_release(&d);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, family_change_issues_new_units)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	mc_unit_rec *u;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);

	/* SO-1004 turns from a sofa into an aircon */
	tiny_order o2[TINY_NORDERS];
	memcpy(o2, TINY_ORDERS, sizeof(o2));
	o2[3].family = 0;
	tiny_build(a, o2, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	int n = order_units(s, a, "SO-1004", &u);
	cr_assert_eq(n, 2);
	cr_assert_eq(u[0].serial, 10);
	cr_assert_str_eq(u[0].code, "SF");
	cr_assert_str_eq(u[0].status, "cancelled");
	cr_assert_eq(u[1].serial, 11);
	cr_assert_str_eq(u[1].code, "AC");
	cr_assert_str_eq(u[1].status, "unmet");
	cr_assert(strstr(u[1].identifier, "/AC.09521234300014.000000000011.") !=
		  NULL);

	/* and back: the sofa unit is its own again */
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	n = order_units(s, a, "SO-1004", &u);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(u[0].status, "unmet");
	cr_assert_str_eq(u[1].status, "cancelled");
	cr_assert_eq(support_store_next_serial(s), 12);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, whatif_is_hypothetical)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	int64_t base = save_ok(s, &m, &p, &meta);
	char *before = support_store_dump(s);

	/* more of SO-1001, SO-1002 dropped */
	tiny_order o2[] = {TINY_ORDERS[0], TINY_ORDERS[2], TINY_ORDERS[3]};
	o2[0].quantity = 5;
	o2[0].planned = 5;
	tiny_build(a, o2, 3, &m, &p);
	mc_run_meta wm = {.kind = "whatif",
			  .base_run = base,
			  .scenario = "rush",
			  .started = T0 + 60,
			  .finished = T0 + 61};
	int64_t wid = save_ok(s, &m, &p, &wm);
	cr_assert_eq(support_store_next_serial(s), 11);

	mc_run_view v;
	cr_assert_eq(mc_store_load_run(s, wid, a, &v, &d), 0);
	cr_assert_str_eq(v.kind, "whatif");
	cr_assert_eq(v.base_run, base);
	cr_assert_str_eq(v.scenario, "rush");
	cr_assert_eq(v.published, 0);
	/* existing units only: SO-1001 1-3, SO-1003 1-4, SO-1004 1 */
	cr_assert_eq(v.nunits, 8);
	cr_assert_str_eq(v.units[2].order, "SO-1001");
	cr_assert_eq(v.units[2].seq, 3);
	cr_assert_str_eq(v.units[2].status, "planned");
	cr_assert_str_eq(v.units[3].order, "SO-1003");
	cr_assert_str_eq(v.units[4].status, "unmet");

	/* the units table is untouched; the published plan is the base */
	mc_unit_rec *u;
	int n = order_units(s, a, "SO-1002", &u);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(u[0].status, "planned");
	cr_assert_eq(u[0].run, base); /* latest *plan* run */
	int64_t id;
	cr_assert_eq(mc_store_published(s, &id, &d), 0);
	cr_assert_eq(id, base);
	cr_assert_eq(mc_store_resolve_run(s, "latest", &id, &d), 0);
	cr_assert_eq(id, wid);
	char *after = support_store_dump(s);
	char *ub = lines_with(before, "units|"),
	     *ua = lines_with(after, "units|");
	char *mb = lines_with(before, "meta|"),
	     *ma = lines_with(after, "meta|");
	cr_assert_str_eq(ua, ub);
	cr_assert_str_eq(ma, mb);
	cr_assert_gt(strlen(ub), 100);
	free(ub);
	free(ua);
	free(mb);
	free(ma);
	free(before);
	free(after);
	mc_diag_release(&d);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, failed_save_changes_nothing)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_plan p;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	char *before = support_store_dump(s);

	/* run 2 grows, shrinks, withdraws and adds orders: every kind of
	 * write happens.  Fail each write in turn. */
	tiny_order o2[] = {
	    TINY_ORDERS[0],
	    TINY_ORDERS[2],
	    TINY_ORDERS[3],
	    {"SO-1005", "李雷", 0, 0, 0, 1, 1, 3, 0, MC_REASON_NONE, NULL}};
	o2[0].quantity = 5;
	o2[0].planned = 4;
	o2[1].quantity = 2;
	tiny_build(a, o2, 4, &m, &p);
	int failures = 0;
	for (int k = 1;; k++) {
		mc_diag d = MC_DIAG_INIT;
		int64_t id = 0;
		mc_store_fault_at(s, k, 0);
		int rc = mc_store_save_run(s, &m, &p, &meta, &id, &d);
		if (rc == 0) {
			mc_diag_release(&d);
			break;
		}
		failures++;
		cr_assert_eq(d.status, MC_ESTORE);
		cr_assert(strstr(d.v[0].msg, "injected failure") != NULL, "%s",
			  d.v[0].msg);
		char *now = support_store_dump(s);
		cr_assert_str_eq(now, before, "write %d left a trace", k);
		free(now);
		mc_diag_release(&d);
		cr_assert(k < 10000);
	}
	cr_assert_gt(failures, 40);
	mc_store_fault_at(s, 0, 0);
	cr_assert_eq(support_store_next_serial(s), 14);
	char *after = support_store_dump(s);
	cr_assert_str_neq(after, before);
	free(after);
	free(before);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, constraint_failure_rolls_back)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	char *before = support_store_dump(s);

	/* two orders with the same id: the run_orders key refuses the second,
	 * after the run row and the first orders were written */
	tiny_order o2[] = {TINY_ORDERS[0], TINY_ORDERS[1], TINY_ORDERS[0]};
	o2[0].quantity = 9;
	tiny_build(a, o2, 3, &m, &p);
	int64_t id = 0;
	cr_assert_eq(mc_store_save_run(s, &m, &p, &meta, &id, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, support_db_postgres()
					 ? "violates unique constraint"
					 : "UNIQUE constraint failed") != NULL,
		  "%s", d.v[0].msg);
	char in[200];
	snprintf(in, sizeof(in), "unable to save run in '%s': ", t.path);
	cr_assert(strncmp(d.v[0].msg, in, strlen(in)) == 0, "%s", d.v[0].msg);
	char *now = support_store_dump(s);
	cr_assert_str_eq(now, before);
	free(now);
	mc_diag_clear(&d);

	/* a base run that is not there (pruned while the what-if was
	 * planned): said plainly, not as SQLite's foreign key */
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	mc_run_meta wm = {.kind = "whatif",
			  .base_run = 42,
			  .scenario = "x",
			  .started = T0,
			  .finished = T0};
	cr_assert_eq(mc_store_save_run(s, &m, &p, &wm, &id, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, "its base run 42 is no longer there "
				     "(pruned while the what-if was "
				     "planned?)") != NULL,
		  "%s", d.v[0].msg);
	cr_assert_null(strstr(d.v[0].msg, "FOREIGN KEY"), "%s", d.v[0].msg);
	now = support_store_dump(s);
	cr_assert_str_eq(now, before);
	free(now);
	mc_diag_clear(&d);

	/* a plan whose rows do not add up to what it says is planned */
	p.orders[0].planned++;
	cr_assert_eq(mc_store_save_run(s, &m, &p, &meta, &id, &d), -1);
	cr_assert(strstr(d.v[0].msg, "order 'SO-1001' has 3 units in plan "
				     "rows but 4 planned") != NULL,
		  "%s", d.v[0].msg);
	now = support_store_dump(s);
	cr_assert_str_eq(now, before);
	free(now);

	free(before);
	mc_diag_release(&d);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, resolve_run)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	int64_t id = 0;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);
	save_ok(s, &m, &p, &meta);
	mc_run_meta wm = {.kind = "whatif",
			  .base_run = 1,
			  .scenario = "x",
			  .started = T0,
			  .finished = T0};
	save_ok(s, &m, &p, &wm);

	cr_assert_eq(mc_store_resolve_run(s, "latest", &id, &d), 0);
	cr_assert_eq(id, 3);
	cr_assert_eq(mc_store_resolve_run(s, "published", &id, &d), 0);
	cr_assert_eq(id, 2);
	cr_assert_eq(mc_store_resolve_run(s, "1", &id, &d), 0);
	cr_assert_eq(id, 1);
	cr_assert_eq(mc_store_publish(s, 1, &d), 0);
	cr_assert_eq(mc_store_resolve_run(s, "published", &id, &d), 0);
	cr_assert_eq(id, 1);
	cr_assert_eq(mc_diag_count(&d), 0);

	static const char *const bad[] = {"0", "-1", "abc", "1x", "", "+2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(mc_store_resolve_run(s, bad[i], &id, &d), -1,
			     "'%s'", bad[i]);
		cr_assert_eq(d.status, MC_EUSAGE, "'%s'", bad[i]);
		mc_diag_clear(&d);
	}
	cr_assert_eq(mc_store_resolve_run(s, "99", &id, &d), -1);
	cr_assert_eq(d.status, MC_ESTORE);
	cr_assert(strstr(d.v[0].msg, "no run 99 in '") != NULL, "%s",
		  d.v[0].msg);
	mc_diag_clear(&d);
	cr_assert_eq(mc_store_publish(s, 99, &d), -1);
	cr_assert_eq(mc_store_resolve_run(s, "published", &id, &d), 0);
	cr_assert_eq(id, 1);

	mc_run_row *rows;
	int n;
	cr_assert_eq(mc_store_list_runs(s, a, &rows, &n, &d), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(rows[0].published, 1);
	cr_assert_eq(rows[1].published, 0);
	cr_assert_str_eq(rows[2].kind, "whatif");
	cr_assert_eq(rows[2].base_run, 1);
	mc_diag_release(&d);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

Test(store, find_unit)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	mc_unit_rec u;
	tmpdb_make(&t);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	save_ok(s, &m, &p, &meta);

	char ident[MC_ID_MAX];
	mc_id_format(ident, sizeof(ident), "88.999.1", "AC", "09521234300014",
		     3);
	cr_assert_eq(mc_store_find_unit(s, ident, a, &u, &d), 1);
	cr_assert_str_eq(u.identifier, ident);
	cr_assert_eq(u.serial, 3);
	cr_assert_str_eq(u.order, "SO-1001");
	cr_assert_eq(u.seq, 3);
	cr_assert_str_eq(u.family, "aircon-split");
	cr_assert_str_eq(u.status, "planned");
	cr_assert_eq(u.run, 1);
	cr_assert_str_eq(u.run_status, "planned");
	cr_assert_str_eq(u.plant, "GZ-NANSHA");
	cr_assert_str_eq(u.resource, "GZ-AS1");
	cr_assert_str_eq(u.day, "2026-11-26");
	cr_assert_str_eq(u.arrive, "2026-11-27");
	cr_assert_str_eq(u.customer, "陈女士");
	cr_assert_str_eq(u.region, "south");
	cr_assert_str_eq(u.options, "capacity=3hp");
	cr_assert_str_eq(u.due, "2026-11-27");

	mc_id_format(ident, sizeof(ident), "88.999.1", "AC", "09521234300014",
		     999);
	cr_assert_eq(mc_store_find_unit(s, ident, a, &u, &d), 0);
	mc_unit_rec *v;
	int n = -1;
	cr_assert_eq(mc_store_order_units(s, "SO-nope", a, &v, &n, &d), 0);
	cr_assert_eq(n, 0);
	cr_assert_eq(mc_diag_count(&d), 0);
	mc_diag_release(&d);
	mc_store_close(s);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

/* ---- the seam ---- */

/* A PostgreSQL server that cannot be reached: every way in says so
 * plainly, quoting the URL without its password, and nothing is created
 * (no file named like the URL either). */
Test(store, postgres_unreachable)
{
	/* port 1 on this machine: refused at once */
	static const char url[] =
	    "postgresql://planner:s3cret@127.0.0.1:1/mc?connect_timeout=2";
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = NULL;
	mc_plan_lock *lock = NULL;
	int (*const open[])(const char *, mc_store **, mc_diag *) = {
	    mc_store_open, mc_store_open_existing, mc_store_open_readonly,
	    mc_store_open_read};
	for (size_t i = 0; i < sizeof(open) / sizeof(open[0]); i++) {
		cr_assert_eq(open[i](url, &s, &d), -1);
		cr_assert_null(s);
		cr_assert_eq(d.status, MC_ESTORE);
		cr_assert(strstr(d.v[0].msg,
				 "unable to open 'postgresql://"
				 "planner@127.0.0.1:1/mc': the server cannot "
				 "be reached") != NULL,
			  "%s", d.v[0].msg);
		cr_assert_null(strstr(d.v[0].msg, "s3cret"), "%s", d.v[0].msg);
		mc_diag_clear(&d);
	}
	cr_assert_eq(mc_store_plan_lock(url, 0, &lock, &d), -1);
	cr_assert_null(lock);
	cr_assert(strstr(d.v[0].msg, "the server cannot be reached") != NULL);
	cr_assert_null(strstr(d.v[0].msg, "s3cret"), "%s", d.v[0].msg);
	cr_assert_eq(mc_store_exists(url), 0);
	cr_assert_eq(mc_store_bytes(url), -1);
	cr_assert_eq(mc_store_owns_path(url, "report.txt"), 0);
	cr_assert_eq(access("postgresql:", F_OK), -1, "nothing created");
	mc_diag_release(&d);
}

/* The store's own files, under any name, are the store's: an output path
 * that is one of them is refused by the command line. */
Test(store, owns_its_files)
{
	struct tmpdb t;
	char p[160], link_path[160];
	tmpdb_make(&t);
	mc_store_close(support_store_open(t.path));
	if (support_db_postgres()) {
		/* a store on a server owns no file here */
		cr_assert_eq(mc_store_owns_path(t.path, t.path), 0);
		cr_assert_eq(mc_store_owns_path(t.path, "mc.db"), 0);
		tmpdb_remove(&t);
		return;
	}
	cr_assert_eq(mc_store_owns_path(t.path, t.path), 1);
	static const char *const side[] = {"-wal", "-shm", "-journal"};
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", t.path, side[i]);
		cr_assert_eq(mc_store_owns_path(t.path, p), 1, "%s", p);
	}
	snprintf(link_path, sizeof(link_path), "%s/other-name.db", t.dir);
	cr_assert_eq(link(t.path, link_path), 0);
	cr_assert_eq(mc_store_owns_path(t.path, link_path), 1);
	unlink(link_path);
	snprintf(p, sizeof(p), "%s/report.txt", t.dir);
	cr_assert_eq(mc_store_owns_path(t.path, p), 0);
	cr_assert_eq(mc_store_owns_path(t.path, NULL), 0);
	tmpdb_remove(&t);
}

struct rows {
	int n;
	char text[256];
};

static int take_row(void *ctx, int n, const mc_store_value *v)
{
	struct rows *r = ctx;
	size_t len = strlen(r->text);
	r->n++;
	for (int c = 0; c < n; c++)
		len += (size_t)snprintf(r->text + len, sizeof(r->text) - len,
					"%s%d:%s", c ? "," : "", v[c].type,
					v[c].text ? v[c].text : "NULL");
	snprintf(r->text + len, sizeof(r->text) - len, ";");
	return 0;
}

/* The query entry point for tests and debugging: typed values, read
 * only, the store's capabilities say it has one. */
Test(store, query_reads_only)
{
	struct tmpdb t;
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	mc_plan p;
	tmpdb_make(&t);
	tiny_build(a, TINY_ORDERS, TINY_NORDERS, &m, &p);
	mc_store *s = support_store_open(t.path);
	mc_run_meta meta = plan_meta();
	save_ok(s, &m, &p, &meta);
	int pg = support_db_postgres();
	cr_assert_str_eq(mc_store_kind(s), pg ? "postgresql" : "sqlite");
	cr_assert_eq(!!(mc_store_caps(s) & MC_STORE_CAP_FILES), !pg);
	cr_assert(mc_store_caps(s) & MC_STORE_CAP_QUERY);
	cr_assert(mc_store_caps(s) & MC_STORE_CAP_FAULTS);
	struct rows r = {0};
	cr_assert_eq(mc_store_query(s,
				    "SELECT id, kind, elapsed, base_run FROM "
				    "runs ORDER BY id",
				    take_row, &r, &d),
		     0);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.text, "1:1,3:plan,2:7.25,0:NULL;");
	char *before = support_store_dump(s);
	cr_assert_eq(mc_store_query(s, "DELETE FROM runs", take_row, &r, &d),
		     -1);
	cr_assert(strstr(d.v[0].msg, "would write") != NULL, "%s", d.v[0].msg);
	mc_diag_clear(&d);
	cr_assert_eq(
	    mc_store_query(s, "SELECT nothing FROM nowhere", take_row, &r, &d),
	    -1);
	cr_assert_eq(d.status, MC_ESTORE);
	char *after = support_store_dump(s);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	mc_store_close(s);
	mc_diag_release(&d);
	mc_arena_free(a);
	tmpdb_remove(&t);
}

/* ---- moving a store between back-ends ---- */

/* mcsched store copy moves a store to the other back-end and back without
 * loss (runs, a what-if, the units, the floor's reports, a promise): the
 * three stores dump the same rows, and each copy prints the same digest.
 * A store that holds runs already is refused and left as it was. */
Test(store, copy_both_ways, .timeout = 180)
{
	char *dir = support_tmpdir("store-copy");
	char *a = support_plan_samples(dir);
	cr_assert_eq(support_run_in(dir,
				    "whatif -q --base latest --db %s "
				    "../data/samples/scenarios/rush.yaml",
				    a),
		     0);
	cr_assert_gt(
	    support_floor_day(dir, a, 1, "2026-11-25", "2026-11-26", 3, ""), 0);
	char *order = support_write(
	    dir, "order.yaml",
	    "family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "
	    "monogram: \"no\"}\nquantity: 2\nregion: south\n");
	cr_assert_eq(support_run_in(dir,
				    "promise %s --db %s --today 2026-11-25 "
				    "--reserve",
				    order, a),
		     0, "see %s/out.txt.err", dir);
	char *b = support_db_other(dir, "other.db");
	char *c = support_db(dir, "back.db");
	cr_assert_eq(support_run_in(dir, "store copy %s %s", a, b), 0,
		     "see %s/out.txt.err", dir);
	char *there = support_read_in(dir, "out.txt");
	cr_assert_eq(support_run_in(dir, "store copy %s %s", b, c), 0,
		     "see %s/out.txt.err", dir);
	char *back = support_read_in(dir, "out.txt");
	cr_assert(strncmp(there, "copied 2 runs (", 15) == 0, "%s", there);
	cr_assert_str_eq(back, there);

	mc_store *sa = support_store_open(a), *sb = support_store_open(b),
		 *sc = support_store_open(c);
	cr_assert_str_neq(mc_store_kind(sa), mc_store_kind(sb));
	char *da = support_store_dump(sa), *db = support_store_dump(sb),
	     *dc = support_store_dump(sc);
	cr_assert_str_eq(db, da);
	cr_assert_str_eq(dc, da);
	cr_assert_not_null(strstr(da, "\npromises|1|"), "a promise copied");
	cr_assert_not_null(strstr(da, "\nunit_events|1|"), "floor reports");
	cr_assert_eq(support_store_next_serial(sb),
		     support_store_next_serial(sa));
	mc_store_close(sa);
	mc_store_close(sb);
	mc_store_close(sc);

	/* into a store that holds runs: refused, nothing written */
	cr_assert_eq(support_run_in(dir, "store copy %s %s", c, b), 4);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "holds runs, units or promises already"),
			   "%s", err);
	sb = support_store_open(b);
	char *again = support_store_dump(sb);
	mc_store_close(sb);
	cr_assert_str_eq(again, da);
	cr_assert_eq(support_run_in(dir, "store copy %s %s", a, a), 1);
	free(again);
	free(err);
	free(da);
	free(db);
	free(dc);
	free(there);
	free(back);
	free(order);
	free(a);
	free(b);
	free(c);
	free(dir);
}

/* MCSCHED_DB names the store when --db is not given (an SQLite path or a
 * PostgreSQL URL alike); --db, given, wins over it. */
Test(store, db_from_the_environment, .timeout = 120)
{
	char *dir = support_tmpdir("store-env");
	char *db = support_plan_samples(dir);
	char out[300];
	snprintf(out, sizeof(out), "%s/runs.txt", dir);
	cr_assert_eq(support_sh("MCSCHED_DB='%s' %s runs >%s 2>&1", db,
				support_bin(), out),
		     0);
	char *text = support_read(out);
	cr_assert_not_null(strstr(text, "published"), "%s", text);
	free(text);
	cr_assert_eq(support_sh("MCSCHED_DB=%s/none/x.db %s runs --db '%s' "
				">%s 2>&1",
				dir, support_bin(), db, out),
		     0);
	/* and a store that is not there, from the environment: its error */
	cr_assert_eq(support_sh("MCSCHED_DB=%s/none.db %s runs >%s 2>&1", dir,
				support_bin(), out),
		     4);
	text = support_read(out);
	cr_assert_not_null(strstr(text, "none.db"), "%s", text);
	free(text);
	free(db);
	free(dir);
}
