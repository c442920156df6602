/*
 * store.c - what the SQL stores share besides their logic (see
 * store_impl.h): the handle, reporting a database error, preparing and
 * running statements, transactions, small reads (the newest run, the
 * published pointer, the serial counter) and the test query.
 *
 * No file of data/sql/ includes a database library: they speak to the
 * connection through db.h.  All SQL is static text with bound parameters
 * (but the test query's, which is a test's own).
 *
 * Memory: an sq_store owns a copy of its location and its kept
 * statements; the back-end owns the connection.
 */
#include "store_impl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the handle ---- */

sq_store *store_new(const db_driver *drv, db_conn *db, const char *path,
		    int readonly)
{
	sq_store *s = mc_xcalloc(1, sizeof(*s));
	s->drv = drv;
	s->db = db;
	s->path = mc_xstrdup(path);
	s->readonly = readonly;
	return s;
}

void store_free(sq_store *s)
{
	if (!s)
		return;
	db_finalize(s->find_id);
	db_finalize(s->find_serial);
	free(s->path);
	free(s);
}

void store_close(void *h)
{
	sq_store *s = h;
	if (!s)
		return;
	const db_driver *drv = s->drv;
	db_conn *c = s->db;
	store_free(s); /* its statements first */
	drv->close(c);
}

/* ---- small helpers ---- */

int store_fail(sq_store *s, mc_diag *d, const char *what)
{
	if (s->what && s->drv->deferred && s->drv->deferred(s->db))
		what = s->what; /* a write of the transaction failed */
	const char *plain = s->drv->plain(s->db), *msg = s->drv->errmsg(s->db);
	if (plain)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to %s in '%s': %s (%s: %s)", what,
				     s->path, plain, s->drv->library, msg);
	return mc_diag_error(d, MC_ESTORE, "unable to %s in '%s': %s", what,
			     s->path, msg);
}

db_stmt *store_prep(sq_store *s, const char *sql, mc_diag *d)
{
	db_stmt *st = s->drv->prepare(s->db, sql, 0);
	if (!st)
		store_fail(s, d, "prepare a statement");
	return st;
}

int store_exec(sq_store *s, const char *sql, const char *what, mc_diag *d)
{
	return s->drv->exec(s->db, sql) < 0 ? store_fail(s, d, what) : 0;
}

int store_begin(sq_store *s, const char *what, mc_diag *d)
{
	s->what = what;
	return store_exec(s, s->drv->begin_write, what, d);
}

void store_rollback(sq_store *s)
{
	s->what = NULL;
	if (s->drv->in_tx(s->db))
		s->drv->exec(s->db, "ROLLBACK");
}

void store_bind_text(db_stmt *st, int i, const char *v)
{
	if (v)
		db_bind_text(st, i, v);
	else
		db_bind_null(st, i);
}

void store_iso_time(double t, char *buf, size_t n)
{
	time_t secs = (time_t)floor(t);
	struct tm tm;
	if (!gmtime_r(&secs, &tm)) {
		snprintf(buf, n, "?");
		return;
	}
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

const char *store_col_text(db_stmt *st, int i, mc_arena *a)
{
	const char *t = db_col_text(st, i);
	return t ? mc_arena_strdup(a, t) : NULL;
}

const char *store_col_print(db_stmt *st, int i, char buf[STORE_REAL_TEXT])
{
	switch (db_col_type(st, i)) {
	case DB_NULL:
		return "NULL";
	case DB_INT:
		snprintf(buf, STORE_REAL_TEXT, "%lld",
			 (long long)db_col_int64(st, i));
		return buf;
	case DB_REAL: {
		double v = db_col_double(st, i);
		snprintf(buf, STORE_REAL_TEXT, "%.15g", v);
		if (isfinite(v) && strtod(buf, NULL) != v)
			snprintf(buf, STORE_REAL_TEXT, "%.17g", v);
		if (isfinite(v) && !strpbrk(buf, ".e"))
			strcat(buf, ".0");
		return buf;
	}
	default: {
		const char *t = db_col_text(st, i);
		return t ? t : "NULL";
	}
	}
}

void *store_grow(mc_arena *a, void *v, int n, int *cap, size_t sz)
{
	if (n < *cap)
		return v;
	int ncap = *cap ? 2 * *cap : 16;
	void *nv = mc_arena_calloc(a, (size_t)ncap, sz);
	if (n)
		memcpy(nv, v, (size_t)n * sz);
	*cap = ncap;
	return nv;
}

/* ---- small reads ---- */

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(sq_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d)
{
	db_stmt *st = store_prep(s, sql, d);
	int rc = -1;
	if (!st)
		return -1;
	if (has_param)
		db_bind_int64(st, 1, param);
	int r = db_step(st);
	*found = 0;
	if (r == DB_ROW) {
		*found = !db_col_null(st, 0);
		*val = db_col_int64(st, 0);
	} else if (r != DB_DONE) {
		store_fail(s, d, "read");
		goto out;
	}
	rc = 0;
out:
	db_finalize(st);
	return rc;
}

int sq_latest(void *h, int64_t *id, mc_diag *d)
{
	int found = 0;
	int64_t v = 0;
	if (store_query_int(h, "SELECT max(id) FROM runs", 0, 0, &v, &found, d))
		return -1;
	*id = found ? v : 0;
	return 0;
}

int sq_has_run(void *h, int64_t id, int *found, mc_diag *d)
{
	int64_t v = 0;
	return store_query_int(h, "SELECT id FROM runs WHERE id = ?1", 1, id,
			       &v, found, d);
}

int sq_published(void *h, int64_t *id, mc_diag *d)
{
	int found = 0;
	int64_t v = 0;
	if (store_query_int(h, "SELECT run FROM published WHERE id = 1", 0, 0,
			    &v, &found, d))
		return -1;
	*id = found ? v : 0;
	return 0;
}

int sq_next_serial(void *h, uint64_t *serial, mc_diag *d)
{
	sq_store *s = h;
	int found = 0;
	int64_t v = 0;
	if (store_query_int(s,
			    "SELECT value FROM meta WHERE key = 'next_serial'",
			    0, 0, &v, &found, d))
		return -1;
	if (!found)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to read '%s': the serial counter "
				     "is missing",
				     s->path);
	*serial = (uint64_t)v;
	return 0;
}

/* ---- the test query ---- */

int sq_query(void *h, const char *sql, mc_store_row_fn row, void *ctx,
	     mc_diag *d)
{
	sq_store *s = h;
	int rc = -1, r = DB_DONE, stop = 0;
	mc_store_value *v = NULL;
	char(*buf)[STORE_REAL_TEXT] = NULL;
	db_stmt *st = store_prep(s, sql, d);
	if (!st)
		return -1;
	if (!s->drv->readonly(st)) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to query '%s': the statement would "
			      "write (queries only read)",
			      s->path);
		goto out;
	}
	int n = db_ncols(st);
	v = mc_xcalloc((size_t)n + 1, sizeof(*v));
	buf = mc_xcalloc((size_t)n + 1, sizeof(*buf));
	while (!stop && (r = db_step(st)) == DB_ROW) {
		for (int c = 0; c < n; c++) {
			int type = db_col_type(st, c);
			v[c].type = type == DB_NULL   ? MC_STORE_NULL
				    : type == DB_INT  ? MC_STORE_INT
				    : type == DB_REAL ? MC_STORE_REAL
						      : MC_STORE_TEXT;
			v[c].i = db_col_int64(st, c);
			v[c].r = db_col_double(st, c);
			v[c].text = store_col_print(st, c, buf[c]);
			if (type == DB_NULL)
				v[c].text = NULL;
		}
		stop = row(ctx, n, v);
	}
	if (!stop && r != DB_DONE) {
		store_fail(s, d, "query");
		goto out;
	}
	rc = 0;
out:
	free(v);
	free(buf);
	db_finalize(st);
	return rc;
}
