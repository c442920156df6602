/*
 * db.h - the SQL connection under the SQL stores (data/sql/): the few
 * things the store's shared code asks of a database library, as an ops
 * table (db_driver) that each back-end fills with its library: SQLite
 * (data/sqlite/, the only code that includes <sqlite3.h>) and PostgreSQL
 * (data/postgres/, the only code that includes <libpq-fe.h>).  The store's
 * logic (saving a run, tagging units, the readers, promises, actuals) is
 * written once over it, in the SQL both databases read: parameters ?N,
 * INTEGER, REAL and TEXT values, INSERT ... ON CONFLICT, RETURNING.
 *
 * A statement is prepared, its parameters bound (1-based, kept until
 * db_clear() or the next bind, as SQLite keeps them), stepped row by row
 * to DB_DONE, reset to run again, and finalized.  Column values read from
 * a row stay valid until the next step, reset or finalize.
 *
 * Memory: a statement is owned by the caller until db_finalize(), which
 * accepts NULL.  The connection (db_conn) is the driver's; the store's
 * handle holds it.
 */
#ifndef MC_DB_H
#define MC_DB_H

#include <stddef.h>
#include <stdint.h>

typedef struct db_conn db_conn;
typedef struct db_driver db_driver;

/* Every driver's statement starts with this. */
typedef struct db_stmt {
	const db_driver *drv;
} db_stmt;

/* db_step() */
enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1 };
/* db_col_type() */
enum { DB_NULL, DB_INT, DB_REAL, DB_TEXT, DB_BLOB };

struct db_driver {
	const char *library; /* "SQLite", for messages */
	/* persistent: kept for many runs (a server's lookups) */
	db_stmt *(*prepare)(db_conn *c, const char *sql, int persistent);
	void (*finalize)(db_stmt *st);
	void (*bind_int64)(db_stmt *st, int i, int64_t v);
	void (*bind_double)(db_stmt *st, int i, double v);
	void (*bind_text)(db_stmt *st, int i, const char *v); /* copied */
	/* copied; NULL with n 0 is an empty blob */
	void (*bind_blob)(db_stmt *st, int i, const void *v, size_t n);
	void (*bind_null)(db_stmt *st, int i);
	int (*nparams)(db_stmt *st);
	int (*step)(db_stmt *st);
	void (*reset)(db_stmt *st);
	void (*clear)(db_stmt *st);
	int (*ncols)(db_stmt *st);
	const char *(*col_name)(db_stmt *st, int i);
	int (*col_type)(db_stmt *st, int i);
	int64_t (*col_int64)(db_stmt *st, int i);
	double (*col_double)(db_stmt *st, int i);
	const char *(*col_text)(db_stmt *st, int i);
	const void *(*col_blob)(db_stmt *st, int i, size_t *n);
	/* 1 when the statement only reads */
	int (*readonly)(db_stmt *st);
	/* runs sql (one or more statements, no parameters, rows
	 * discarded): 0 or -1 */
	int (*exec)(db_conn *c, const char *sql);
	/* rows changed by the last INSERT, UPDATE or DELETE */
	int64_t (*changes)(db_conn *c);
	/* 1 while a transaction is open */
	int (*in_tx)(db_conn *c);
	/* the last error: the library's message, and in a few plain words
	 * ("the disk is full") or NULL when the message says it best */
	const char *(*errmsg)(db_conn *c);
	/* 1 when the last error is a write's the driver sent earlier
	 * without waiting for its answer (then it is the transaction's
	 * error, whatever asked next); NULL: never */
	int (*deferred)(db_conn *c);
	const char *(*plain)(db_conn *c);
	/* closes the connection (every statement finalized); accepts NULL */
	void (*close)(db_conn *c);
	/* SQL that begins a transaction that writes, one writer at a time
	 * on the store (SQLite: BEGIN IMMEDIATE) */
	const char *begin_write;
	/* SQL that begins a transaction that reads one snapshot */
	const char *begin_read;
	/* the schema version: SQL reading it (one row, one integer; none
	 * or no row is 0), setting it (the SQL the version follows) */
	const char *version_get;
	const char *version_set;
	/* runs one statement of a migration (schema.c), in the library's
	 * own words for the types; NULL: exec */
	int (*ddl)(db_conn *c, const char *sql);
	/* SQL run after a run is saved (statistics), NULL none */
	const char *after_save;
	/* tests (store_hooks.c): the server ends this connection, as an
	 * operator's kill or a crash would; NULL: a library on this
	 * machine, no connection to lose */
	void (*drop)(db_conn *c);
};

/* A driver's table names its functions d_<op> (static in its file):
 *   static const db_driver x = {.library = "X", DB_DRIVER_FUNCS, ...};
 */
#define DB_DRIVER_FUNCS                                                        \
	.prepare = d_prepare, .finalize = d_finalize,                          \
	.bind_int64 = d_bind_int64, .bind_double = d_bind_double,              \
	.bind_text = d_bind_text, .bind_blob = d_bind_blob,                    \
	.bind_null = d_bind_null, .nparams = d_nparams, .step = d_step,        \
	.reset = d_reset, .clear = d_clear, .ncols = d_ncols,                  \
	.col_name = d_col_name, .col_type = d_col_type,                        \
	.col_int64 = d_col_int64, .col_double = d_col_double,                  \
	.col_text = d_col_text, .col_blob = d_col_blob,                        \
	.readonly = d_readonly, .exec = d_exec, .changes = d_changes,          \
	.in_tx = d_in_tx, .errmsg = d_errmsg, .plain = d_plain,                \
	.close = d_close

static inline void db_finalize(db_stmt *st)
{
	if (st)
		st->drv->finalize(st);
}
static inline void db_bind_int64(db_stmt *st, int i, int64_t v)
{
	st->drv->bind_int64(st, i, v);
}
static inline void db_bind_double(db_stmt *st, int i, double v)
{
	st->drv->bind_double(st, i, v);
}
static inline void db_bind_text(db_stmt *st, int i, const char *v)
{
	st->drv->bind_text(st, i, v);
}
static inline void db_bind_blob(db_stmt *st, int i, const void *v, size_t n)
{
	st->drv->bind_blob(st, i, v, n);
}
static inline void db_bind_null(db_stmt *st, int i)
{
	st->drv->bind_null(st, i);
}
static inline int db_nparams(db_stmt *st)
{
	return st->drv->nparams(st);
}
static inline int db_step(db_stmt *st)
{
	return st->drv->step(st);
}
static inline void db_reset(db_stmt *st)
{
	st->drv->reset(st);
}
static inline void db_clear(db_stmt *st)
{
	st->drv->clear(st);
}
static inline int db_ncols(db_stmt *st)
{
	return st->drv->ncols(st);
}
static inline int db_col_type(db_stmt *st, int i)
{
	return st->drv->col_type(st, i);
}
static inline int db_col_null(db_stmt *st, int i)
{
	return st->drv->col_type(st, i) == DB_NULL;
}
static inline int64_t db_col_int64(db_stmt *st, int i)
{
	return st->drv->col_int64(st, i);
}
static inline int db_col_int(db_stmt *st, int i)
{
	return (int)st->drv->col_int64(st, i);
}
static inline double db_col_double(db_stmt *st, int i)
{
	return st->drv->col_double(st, i);
}
static inline const char *db_col_text(db_stmt *st, int i)
{
	return st->drv->col_text(st, i);
}
static inline const void *db_col_blob(db_stmt *st, int i, size_t *n)
{
	return st->drv->col_blob(st, i, n);
}

#endif
