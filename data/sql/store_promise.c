/*
 * store_promise.c - promises and the capacity they hold (store.h,
 * "promises"): made in one IMMEDIATE transaction each, so two promises
 * never see the same free hours; listed, confirmed, cancelled; read by the
 * nights as orders.
 *
 * A held promise past its expires_t is "expired" to every read, without a
 * write: nothing has to sweep the table, and a reader on a read-only
 * connection sees the same as a writer.
 */
#include "store.h"
#include "store_impl.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* The columns every read of a promise takes, in row_promise()'s order. */
#define PROMISE_COLS                                                           \
	"p.id, p.order_id, p.status, p.created, p.expires_t, p.confirmed, "    \
	"p.cancelled, p.run, p.promised, p.plant, p.family, p.region, "        \
	"p.customer, p.quantity, p.spec, p.cost, "                             \
	"(SELECT max(run) FROM run_promises rp WHERE rp.promise = p.id)"

static void row_promise(db_stmt *st, double now, mc_arena *a, mc_promise_rec *x)
{
	memset(x, 0, sizeof(*x));
	x->id = db_col_int64(st, 0);
	x->order_id = store_col_text(st, 1, a);
	x->status = store_col_text(st, 2, a);
	x->created = store_col_text(st, 3, a);
	x->expires = db_col_double(st, 4);
	x->confirmed = store_col_text(st, 5, a);
	x->cancelled = store_col_text(st, 6, a);
	x->run = db_col_int64(st, 7);
	x->promised = store_col_text(st, 8, a);
	x->plant = store_col_text(st, 9, a);
	x->family = store_col_text(st, 10, a);
	x->region = store_col_text(st, 11, a);
	x->customer = store_col_text(st, 12, a);
	x->quantity = db_col_int(st, 13);
	x->spec = store_col_text(st, 14, a);
	x->cost = db_col_double(st, 15);
	x->read_by = db_col_int64(st, 16);
	if (strcmp(x->status, "held") == 0 && x->expires > 0 &&
	    x->expires <= now)
		x->status = "expired";
}

/* Every promise sql selects (PROMISE_COLS; ?1 bound to id when id > 0),
 * into *out from a. */
static int read_promises(sq_store *s, const char *sql, int64_t id, double now,
			 mc_arena *a, mc_promise_rec **out, int *n, mc_diag *d)
{
	int cap = 0, r;
	mc_promise_rec *v = NULL;
	*out = NULL;
	*n = 0;
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		return -1;
	if (id > 0)
		db_bind_int64(st, 1, id);
	while ((r = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, *n, &cap, sizeof(*v));
		row_promise(st, now, a, &v[(*n)++]);
	}
	db_finalize(st);
	if (r != DB_DONE)
		return store_fail(s, d, "read promises");
	*out = v;
	return 0;
}

int sq_promise_stamp(void *h, int64_t *stamp, mc_diag *d)
{
	int found = 0;
	*stamp = 0;
	return store_query_int(h, "SELECT n FROM promise_stamp", 0, 0, stamp,
			       &found, d);
}

/* Moves the stamp on: every write to promises does, in its transaction. */
static int bump(sq_store *s, mc_diag *d)
{
	return store_exec(s, "UPDATE promise_stamp SET n = n + 1",
			  "write promises", d);
}

/* The holds of the promises holding capacity on published run `run` at
 * now: held and not expired, or confirmed and not read by run. */
static int read_holds(sq_store *s, int64_t run, double now, mc_arena *a,
		      mc_hold **out, int *n, mc_diag *d)
{
	static const char sql[] =
	    "SELECT h.resource, h.plant, h.material, h.day, h.amount, "
	    "CASE WHEN p.status = 'held' THEN p.expires_t ELSE 0 END "
	    "FROM promise_holds h JOIN promises p ON p.id = h.promise "
	    "WHERE (p.status = 'held' AND (p.expires_t IS NULL OR "
	    "p.expires_t > ?2)) OR (p.status = 'confirmed' AND NOT EXISTS "
	    "(SELECT 1 FROM run_promises rp WHERE rp.run = ?1 AND "
	    "rp.promise = p.id)) ORDER BY h.promise, h.idx";
	int cap = 0, r;
	mc_hold *v = NULL;
	*out = NULL;
	*n = 0;
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		return -1;
	db_bind_int64(st, 1, run);
	db_bind_double(st, 2, now);
	while ((r = db_step(st)) == DB_ROW) {
		v = store_grow(a, v, *n, &cap, sizeof(*v));
		mc_hold *x = &v[(*n)++];
		x->resource = store_col_text(st, 0, a);
		x->plant = store_col_text(st, 1, a);
		x->material = store_col_text(st, 2, a);
		x->day = store_col_text(st, 3, a);
		x->amount = db_col_double(st, 4);
		x->expires = db_col_double(st, 5);
	}
	db_finalize(st);
	if (r != DB_DONE)
		return store_fail(s, d, "read what promises hold");
	*out = v;
	return 0;
}

int sq_promise_holds(void *h, int64_t run, double now, mc_arena *a,
		     mc_hold **out, int *n, int64_t *stamp, mc_diag *d)
{
	sq_store *s = h;
	/* one read transaction: the stamp and the holds agree */
	if (store_exec(s, s->drv->begin_read, "read promises", d))
		return -1;
	int rc = sq_promise_stamp(s, stamp, d) == 0 &&
			 read_holds(s, run, now, a, out, n, d) == 0
		     ? 0
		     : -1;
	s->drv->exec(s->db, rc ? "ROLLBACK" : "COMMIT");
	return rc;
}

/* Writes promise x (its id set here) and its holds. */
static int insert_promise(sq_store *s, double now, mc_promise_rec *x,
			  mc_arena *a, mc_diag *d)
{
	static const char ins[] =
	    "INSERT INTO promises (order_id, status, created, expires_t, "
	    "confirmed, run, promised, plant, family, region, customer, "
	    "quantity, spec, cost) VALUES (coalesce(?1, ''), ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING id";
	static const char hold[] =
	    "INSERT INTO promise_holds (promise, idx, resource, plant, "
	    "material, day, amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char at[32];
	int confirmed = strcmp(x->status, "confirmed") == 0;
	store_iso_time(now, at, sizeof(at));
	db_stmt *st = store_prep(s, ins, d);
	if (!st)
		return -1;
	store_bind_text(st, 1, x->order_id);
	store_bind_text(st, 2, confirmed ? "confirmed" : "held");
	store_bind_text(st, 3, at);
	if (!confirmed && x->expires > 0)
		db_bind_double(st, 4, x->expires);
	store_bind_text(st, 5, confirmed ? at : NULL);
	db_bind_int64(st, 6, x->run);
	store_bind_text(st, 7, x->promised);
	store_bind_text(st, 8, x->plant);
	store_bind_text(st, 9, x->family);
	store_bind_text(st, 10, x->region);
	store_bind_text(st, 11, x->customer);
	db_bind_int64(st, 12, x->quantity);
	store_bind_text(st, 13, x->spec);
	db_bind_double(st, 14, x->cost);
	int rc = store_step_insert(s, st, &x->id, d);
	db_finalize(st);
	if (rc)
		return -1;
	x->created = mc_arena_strdup(a, at);
	if (confirmed)
		x->confirmed = x->created;
	if (!x->order_id) {
		char idtext[32];
		snprintf(idtext, sizeof(idtext), "PR-%" PRId64, x->id);
		x->order_id = mc_arena_strdup(a, idtext);
		if (!(st = store_prep(s,
				      "UPDATE promises SET order_id = ?2 "
				      "WHERE id = ?1",
				      d)))
			return -1;
		db_bind_int64(st, 1, x->id);
		store_bind_text(st, 2, x->order_id);
		rc = store_step_write(s, st, d);
		db_finalize(st);
		if (rc)
			return -1;
	}
	if (!(st = store_prep(s, hold, d)))
		return -1;
	for (int i = 0; i < x->nholds && rc == 0; i++) {
		const mc_hold *u = &x->holds[i];
		db_bind_int64(st, 1, x->id);
		db_bind_int64(st, 2, i);
		store_bind_text(st, 3, u->resource);
		store_bind_text(st, 4, u->plant);
		store_bind_text(st, 5, u->material);
		store_bind_text(st, 6, u->day);
		db_bind_double(st, 7, u->amount);
		rc = store_step_write(s, st, d);
	}
	db_finalize(st);
	return rc;
}

/* The live promise (held and not expired, or confirmed) that order id
 * already has, into *other; 0 none. */
static int live_promise_of(sq_store *s, const char *order, double now,
			   int64_t *other, mc_diag *d)
{
	db_stmt *st =
	    store_prep(s,
		       "SELECT id FROM promises WHERE order_id = ?1 AND "
		       "(status = 'confirmed' OR (status = 'held' AND "
		       "(expires_t IS NULL OR expires_t > ?2))) LIMIT 1",
		       d);
	if (!st)
		return -1;
	store_bind_text(st, 1, order);
	db_bind_double(st, 2, now);
	int r = db_step(st);
	*other = r == DB_ROW ? db_col_int64(st, 0) : 0;
	db_finalize(st);
	return r == DB_ROW || r == DB_DONE ? 0
					   : store_fail(s, d, "read promises");
}

int sq_promise_make(void *h, double now, mc_promise_fn fn, void *ctx,
		    mc_arena *a, mc_promise_rec *out, mc_diag *d)
{
	sq_store *s = h;
	int64_t run = 0, other = 0;
	int found = 0, made = -1, n = 0;
	mc_hold *holds = NULL;
	memset(out, 0, sizeof(*out));
	if (store_begin(s, "make a promise", d))
		return -1;
	if (store_query_int(s, "SELECT run FROM published WHERE id = 1", 0, 0,
			    &run, &found, d) ||
	    read_holds(s, run, now, a, &holds, &n, d))
		goto out;
	if (!run) {
		mc_diag_error(d, MC_ESTORE,
			      "no published plan in '%s' to promise from",
			      s->path);
		goto out;
	}
	made = fn(ctx, run, holds, n, out, d);
	if (made <= 0)
		goto out;
	made = -1;
	if (out->order_id && live_promise_of(s, out->order_id, now, &other, d))
		goto out;
	if (other) {
		mc_diag_error(d, MC_EINPUT,
			      "order '%s' already has promise %" PRId64
			      " (mcsched promises)",
			      out->order_id, other);
		goto out;
	}
	out->run = run;
	if (insert_promise(s, now, out, a, d) || bump(s, d) ||
	    store_exec(s, "COMMIT", "make a promise", d))
		goto out;
	made = 1;
out:
	if (made != 1 && s->drv->in_tx(s->db))
		store_rollback(s);
	return made;
}

int sq_promise_list(void *h, double now, mc_arena *a, mc_promise_rec **out,
		    int *n, mc_diag *d)
{
	return read_promises(
	    h, "SELECT " PROMISE_COLS " FROM promises p ORDER BY p.id", 0, now,
	    a, out, n, d);
}

int sq_promise_of(void *h, const char *order, double now, mc_arena *a,
		  mc_promise_rec *out, int *found, mc_diag *d)
{
	sq_store *s = h;
	*found = 0;
	db_stmt *st = store_prep(
	    s,
	    "SELECT " PROMISE_COLS " FROM promises p WHERE p.order_id = ?1 "
	    "AND p.status <> 'cancelled' ORDER BY p.id DESC LIMIT 1",
	    d);
	if (!st)
		return -1;
	db_bind_text(st, 1, order);
	int r = db_step(st);
	if (r == DB_ROW) {
		row_promise(st, now, a, out);
		*found = 1;
	}
	db_finalize(st);
	if (r != DB_ROW && r != DB_DONE)
		return store_fail(s, d, "read the promise of an order");
	return 0;
}

int sq_promise_set(void *h, int64_t id, int confirm, double now, mc_arena *a,
		   mc_promise_rec *out, mc_diag *d)
{
	sq_store *s = h;
	static const char one[] =
	    "SELECT " PROMISE_COLS " FROM promises p WHERE p.id = ?1";
	mc_promise_rec *v;
	int n, rc = -1;
	char at[32], when[32];
	memset(out, 0, sizeof(*out));
	if (store_begin(s, "change a promise", d))
		return -1;
	if (read_promises(s, one, id, now, a, &v, &n, d))
		goto out;
	if (!n) {
		mc_diag_error(d, MC_ESTORE, "no promise %" PRId64 " in '%s'",
			      id, s->path);
		goto out;
	}
	*out = v[0];
	const char *want = confirm ? "confirmed" : "cancelled";
	if (strcmp(out->status, want) == 0) {
		rc = 0; /* as asked already */
		goto out;
	}
	if (confirm && strcmp(out->status, "held") != 0) {
		store_iso_time(out->expires, when, sizeof(when));
		if (strcmp(out->status, "expired") == 0)
			mc_diag_error(d, MC_ENOPLAN,
				      "promise %" PRId64
				      " expired at %s: ask again (mcsched "
				      "promise)",
				      id, when);
		else
			mc_diag_error(d, MC_ENOPLAN,
				      "promise %" PRId64
				      " was cancelled at %s: ask again "
				      "(mcsched promise)",
				      id, out->cancelled);
		goto out;
	}
	store_iso_time(now, at, sizeof(at));
	db_stmt *st = store_prep(
	    s,
	    confirm ? "UPDATE promises SET status = 'confirmed', confirmed = "
		      "?2, expires_t = NULL WHERE id = ?1"
		    : "UPDATE promises SET status = 'cancelled', cancelled = "
		      "?2 WHERE id = ?1",
	    d);
	if (!st)
		goto out;
	db_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	int bad = store_step_write(s, st, d);
	db_finalize(st);
	if (bad || bump(s, d) || read_promises(s, one, id, now, a, &v, &n, d))
		goto out;
	*out = v[0];
	rc = 0;
out:
	if (rc == 0 && store_exec(s, "COMMIT", "change a promise", d))
		rc = -1;
	if (rc && s->drv->in_tx(s->db))
		store_rollback(s);
	return rc;
}

int sq_promise_open(void *h, mc_arena *a, mc_promise_rec **out, int *n,
		    mc_diag *d)
{
	/* open: confirmed, and fewer of its units made (produced or
	 * shipped, not cancelled) than it has */
	return read_promises(
	    h,
	    "SELECT " PROMISE_COLS " FROM promises p "
	    "WHERE p.status = 'confirmed' AND p.quantity > "
	    "(SELECT count(*) FROM units u WHERE u.order_id = p.order_id "
	    "AND u.status != 'cancelled' AND u.life IN ('produced', "
	    "'shipped')) ORDER BY p.id",
	    0, 0, a, out, n, d);
}

int store_save_promises(sq_store *s, int64_t run, const mc_run_meta *meta,
			mc_diag *d)
{
	if (!meta->npromises)
		return 0;
	db_stmt *st =
	    store_prep(s,
		       "INSERT INTO run_promises (run, promise, order_id, "
		       "promised) VALUES (?1, ?2, ?3, ?4)",
		       d);
	int rc = st ? 0 : -1;
	for (int i = 0; i < meta->npromises && rc == 0; i++) {
		const mc_promise_rec *x = &meta->promises[i];
		db_bind_int64(st, 1, run);
		db_bind_int64(st, 2, x->id);
		store_bind_text(st, 3, x->order_id);
		store_bind_text(st, 4, x->promised);
		rc = store_step_write(s, st, d);
	}
	db_finalize(st);
	return rc;
}
