/*
 * store_copy.c - copying a whole store into an empty one (store.h,
 * mc_store_copy()): every table in the order its references need, each
 * row as its values' types say (an integer stays an integer, a number a
 * number, bytes bytes), read in one snapshot of the source and written in
 * one transaction of the target.  Both stores are SQL stores (store_impl.h)
 * on any back-end: SQLite to PostgreSQL, PostgreSQL to SQLite, or the same
 * kind.
 *
 * Memory: statements live for one table; nothing outlives the copy.
 */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables in the order their references need, each with the order its
 * rows are read in (materials by its insertion order, which the store
 * reads back, and by its columns: a PostgreSQL store adds a rowid). */
static const struct {
	const char *table, *select;
} tables[] = {
    {"meta", "SELECT * FROM meta ORDER BY key"},
    {"runs", "SELECT * FROM runs ORDER BY id"},
    {"blobs", "SELECT * FROM blobs ORDER BY id"},
    {"run_inputs", "SELECT * FROM run_inputs ORDER BY run, idx"},
    {"run_resources", "SELECT * FROM run_resources ORDER BY run, idx"},
    {"run_orders", "SELECT * FROM run_orders ORDER BY run, idx"},
    {"plan", "SELECT * FROM plan ORDER BY run, line"},
    {"units", "SELECT * FROM units ORDER BY id"},
    {"unit_plan", "SELECT * FROM unit_plan ORDER BY run, unit"},
    {"capacity", "SELECT * FROM capacity ORDER BY run, resource, day"},
    {"materials", "SELECT run, plant, material, day, available, used, "
		  "shadow FROM materials ORDER BY rowid"},
    {"published", "SELECT * FROM published"},
    {"unit_events", "SELECT * FROM unit_events ORDER BY id"},
    {"run_conflicts", "SELECT * FROM run_conflicts ORDER BY run, idx"},
    {"run_moves", "SELECT * FROM run_moves ORDER BY run, idx"},
    {"run_floor", "SELECT * FROM run_floor ORDER BY run, serial"},
    {"promises", "SELECT * FROM promises ORDER BY id"},
    {"promise_holds", "SELECT * FROM promise_holds ORDER BY promise, idx"},
    {"run_promises", "SELECT * FROM run_promises ORDER BY run, promise"},
    {"promise_stamp", "SELECT * FROM promise_stamp"},
};

/* "INSERT INTO table (c1, ...) VALUES (?1, ...)" for the columns of src's
 * row, malloc'ed. */
static char *insert_sql(const char *table, db_stmt *src)
{
	int n = db_ncols(src);
	size_t cap = 64 + strlen(table), len;
	for (int c = 0; c < n; c++)
		cap += strlen(src->drv->col_name(src, c)) + 16;
	char *sql = mc_xmalloc(cap);
	len = (size_t)sprintf(sql, "INSERT INTO %s (", table);
	for (int c = 0; c < n; c++)
		len += (size_t)sprintf(sql + len, "%s%s", c ? ", " : "",
				       src->drv->col_name(src, c));
	len += (size_t)sprintf(sql + len, ") VALUES (");
	for (int c = 0; c < n; c++)
		len +=
		    (size_t)sprintf(sql + len, "%s?%d", c ? ", " : "", c + 1);
	strcpy(sql + len, ")");
	return sql;
}

/* Binds column c of src's row to parameter c + 1 of dst, as its type. */
static void bind_value(db_stmt *dst, db_stmt *src, int c)
{
	size_t n;
	switch (db_col_type(src, c)) {
	case DB_NULL:
		db_bind_null(dst, c + 1);
		break;
	case DB_INT:
		db_bind_int64(dst, c + 1, db_col_int64(src, c));
		break;
	case DB_REAL:
		db_bind_double(dst, c + 1, db_col_double(src, c));
		break;
	case DB_BLOB: {
		const void *b = db_col_blob(src, c, &n);
		db_bind_blob(dst, c + 1, b, n);
		break;
	}
	default:
		db_bind_text(dst, c + 1, db_col_text(src, c));
		break;
	}
}

/* Copies table i's rows from `from` into `to`; *rows counts them. */
static int copy_table(sq_store *to, sq_store *from, size_t i, long *rows,
		      mc_diag *d)
{
	int rc = -1, r;
	char *sql = NULL;
	db_stmt *ins = NULL, *src = store_prep(from, tables[i].select, d);
	if (!src)
		return -1;
	while ((r = db_step(src)) == DB_ROW) {
		if (!ins) {
			sql = insert_sql(tables[i].table, src);
			if (!(ins = store_prep(to, sql, d)))
				goto out;
		}
		for (int c = 0; c < db_ncols(src); c++)
			bind_value(ins, src, c);
		if (store_step_write(to, ins, d))
			goto out;
		(*rows)++;
	}
	if (r != DB_DONE) {
		store_fail(from, d, "read the store to copy");
		goto out;
	}
	rc = 0;
out:
	db_finalize(ins);
	db_finalize(src);
	free(sql);
	return rc;
}

int sq_copy_in(void *to_h, void *from_h, long *rows, mc_diag *d)
{
	sq_store *to = to_h, *from = from_h;
	int64_t n = 0;
	int found = 0, rc = -1;
	*rows = 0;
	/* an empty target: no run, unit, floor report or promise yet */
	if (store_query_int(to,
			    "SELECT (SELECT count(*) FROM runs) + (SELECT "
			    "count(*) FROM units) + (SELECT count(*) FROM "
			    "unit_events) + (SELECT count(*) FROM promises)",
			    0, 0, &n, &found, d))
		return -1;
	if (n > 0)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to copy into '%s': it holds "
				     "runs, units or promises already (copy "
				     "into a new, empty store)",
				     to->path);
	if (store_exec(from, from->drv->begin_read, "read the store to copy",
		       d))
		return -1;
	if (store_begin(to, "copy the store", d))
		goto out;
	/* the rows a new store starts with (the serial counter, the
	 * promise stamp) are the source's */
	if (store_exec(to, "DELETE FROM meta", "copy the store", d) ||
	    store_exec(to, "DELETE FROM promise_stamp", "copy the store", d))
		goto out;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (copy_table(to, from, i, rows, d))
			goto out;
	if (store_exec(to, "COMMIT", "copy the store", d))
		goto out;
	rc = 0;
out:
	store_rollback(to);
	store_rollback(from);
	return rc;
}
