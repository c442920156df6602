/*
 * postgres.c - the PostgreSQL store (see store.h for the contract): the
 * SQL store of data/sql/ on a PostgreSQL database named by a URL
 * (postgresql://user@host:port/dbname).  Here: the connection (db.h's
 * driver on libpq), the schema's migrations said in PostgreSQL's types,
 * opening a database in each mode, the plan lock and the ops table
 * (mc_store_postgres_ops).
 *
 * This file is the only one that includes <libpq-fe.h>.
 *
 * The guarantees are SQLite's, by the server's means:
 *   - one writer at a time: every transaction that writes begins by
 *     taking a transaction-level advisory lock (WRITE_KEY), as SQLite's
 *     BEGIN IMMEDIATE takes the database's write lock; a kill or a lost
 *     connection rolls the open transaction back on the server;
 *   - one plan at a time: the plan lock is a session-level advisory lock
 *     (PLAN_KEY) held by a connection of its own until the unlock;
 *   - identifiers never reused: a table's id is one more than its
 *     largest, as SQLite's INTEGER PRIMARY KEY (a trigger, under the
 *     write lock), so a failed save leaves the next run id as it was;
 *   - the schema version is the row of the table mcsched_schema;
 *   - read-only: default_transaction_read_only on the session.
 * Values travel as text (a blob in binary); parameters are ?N in the
 * store's SQL and $N here.
 *
 * Memory: a db_conn owns its PGconn and the last error; a statement owns
 * its SQL, its bound values and its result.
 */
#include "store_impl.h"

#include <libpq-fe.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Advisory lock keys ("mcsched" and one): the store's writer, the plan. */
#define WRITE_KEY "7166874116221491"
#define PLAN_KEY  "7166874116221492"

/* libpq's type ids of the results we read (pg_type.h). */
enum {
	OID_BOOL = 16,
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_OID = 26,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701,
	OID_NUMERIC = 1700,
};

struct db_conn {
	PGconn *pg;
	char *url;	     /* as given, to reach the server again */
	char *err;	     /* the last error's message, NULL none */
	char state[6];	     /* its SQLSTATE, "" none */
	int64_t changes;     /* rows the last write changed */
	unsigned long nstmt; /* names of persistent statements */
	/* inside a transaction that writes, the writes whose results no
	 * one reads are sent without waiting (libpq's pipeline mode) and
	 * their results read in one go (drain()) before anything else is
	 * asked: queued counts them, failed says one failed (its error is
	 * err; the transaction is then aborted on the server) */
	int writing, piped, queued, failed;
	int failed_queued; /* the last error is a queued write's */
};

typedef struct pg_stmt {
	db_stmt base;
	db_conn *c;
	char *sql; /* with $N */
	int np;	   /* parameters */
	char **vals;
	int *lens, *fmts;
	Oid *types;
	char name[32]; /* a persistent statement's, "" none */
	int prepared;  /* the server knows name */
	PGresult *res;
	int row, nrows;
	int pending; /* d_ncols() ran it: the first step's answer + 2 */
	int pipe;    /* a write whose result no one reads: may be queued */
	unsigned char *blob; /* the last blob read, decoded */
} pg_stmt;

static const db_driver pg_driver;
static int drain_into(db_conn *c, PGresult **last);
#define drain(c) drain_into(c, NULL)

/* ---- errors ---- */

/* Keeps msg (trimmed) and state as c's last error. */
static void set_error(db_conn *c, const char *msg, const char *state)
{
	c->failed_queued = 0;
	free(c->err);
	c->err = mc_xstrdup(msg && *msg ? msg : "unknown error");
	size_t n = strlen(c->err);
	while (n && isspace((unsigned char)c->err[n - 1]))
		c->err[--n] = '\0';
	snprintf(c->state, sizeof(c->state), "%s", state ? state : "");
}

/* Keeps the error of result r (or the connection's when r has none). */
static void set_result_error(db_conn *c, const PGresult *r)
{
	const char *msg =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	set_error(c, msg ? msg : PQerrorMessage(c->pg),
		  r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL);
}

/* The last error in a few plain words, NULL when the message says it. */
static const char *plain_state(const db_conn *c)
{
	const char *s = c->state;
	if (PQstatus(c->pg) == CONNECTION_BAD || strncmp(s, "08", 2) == 0 ||
	    strncmp(s, "57P", 3) == 0)
		return "the connection to the server was lost";
	if (strcmp(s, "53100") == 0)
		return "the server's disk is full";
	if (strcmp(s, "53200") == 0)
		return "out of memory";
	if (strcmp(s, "25006") == 0)
		return "the database is opened read-only here";
	if (strcmp(s, "42501") == 0)
		return "permission denied";
	if (strcmp(s, "55P03") == 0 || strcmp(s, "40P01") == 0 ||
	    strcmp(s, "40001") == 0)
		return "another process holds the database (busy)";
	return NULL;
}

/* ---- the location ---- */

/* The URL as messages show it: without a password (user:secret@ keeps
 * the user) and without its query (which may hold one).  malloc'ed. */
static char *shown(const char *url)
{
	char *u = mc_xstrdup(url), *q = strchr(u, '?');
	if (q)
		*q = '\0';
	char *scheme = strstr(u, "://");
	char *host = scheme ? scheme + 3 : u;
	char *at = strrchr(host, '@'), *colon = strchr(host, ':');
	if (at && colon && colon < at)
		memmove(colon, at, strlen(at) + 1);
	return u;
}

/* Ignores the server's notices ("relation already exists, skipping"). */
static void quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* Runs sql on a connection without a db_conn (exists, bytes, lock);
 * 0 and the first row's first value in *val (when val), or -1. */
static int one_value(PGconn *pg, const char *sql, long long *val)
{
	PGresult *r = PQexec(pg, sql);
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
		 !PQgetisnull(r, 0, 0);
	if (ok && val) {
		const char *v = PQgetvalue(r, 0, 0);
		*val = strcmp(v, "t") == 0   ? 1
		       : strcmp(v, "f") == 0 ? 0
					     : strtoll(v, NULL, 10);
	}
	PQclear(r);
	return ok ? 0 : -1;
}

/* A connection to url with the session set up (notices quiet, waits for
 * a lock bounded as SQLite's busy timeout); NULL with "unable to open"
 * in d (d may be NULL). */
static PGconn *connect_to(const char *url, mc_diag *d)
{
	PGconn *pg = PQconnectdb(url);
	if (PQstatus(pg) == CONNECTION_OK) {
		PQsetNoticeProcessor(pg, quiet, NULL);
		PGresult *r = PQexec(pg, "SET lock_timeout = '10s';"
					 " SET client_min_messages = warning");
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		PQclear(r);
		if (ok)
			return pg;
	}
	if (d) {
		char *u = shown(url), *msg = mc_xstrdup(PQerrorMessage(pg));
		size_t n = strlen(msg);
		while (n && isspace((unsigned char)msg[n - 1]))
			msg[--n] = '\0';
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': the server cannot be "
			      "reached or refused the connection "
			      "(PostgreSQL: %s)",
			      u, msg);
		free(msg);
		free(u);
	}
	PQfinish(pg);
	return NULL;
}

/* The schema version of the database pg holds (0: no mcsched store),
 * or -1 when it cannot be read. */
static long long schema_of(PGconn *pg)
{
	long long has = 0, v = 0;
	if (one_value(pg, "SELECT to_regclass('mcsched_schema') IS NOT NULL",
		      &has))
		return -1;
	if (!has)
		return 0;
	return one_value(pg,
			 "SELECT COALESCE(max(version), 0) FROM "
			 "mcsched_schema",
			 &v)
		   ? -1
		   : v;
}

static int pg_exists(const char *url)
{
	PGconn *pg = connect_to(url, NULL);
	long long v = pg ? schema_of(pg) : 0;
	PQfinish(pg);
	return v > 0;
}

static long long pg_bytes(const char *url)
{
	PGconn *pg = connect_to(url, NULL);
	long long n = -1;
	if (pg &&
	    one_value(pg, "SELECT pg_database_size(current_database())", &n))
		n = -1;
	PQfinish(pg);
	return n;
}

/* ---- the driver (db.h) ---- */

/* sql with ?N (and bare ?) as $N, outside quotes; *np the parameters. */
static char *dollars(const char *sql, int *np)
{
	char *out = mc_xmalloc(2 * strlen(sql) + 1), *o = out;
	int max = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
			continue;
		}
		if (*p != '?') {
			*o++ = *p;
			continue;
		}
		int n = 0;
		while (isdigit((unsigned char)p[1]))
			n = 10 * n + (*++p - '0');
		if (!n)
			n = max + 1;
		if (n > max)
			max = n;
		o += sprintf(o, "$%d", n);
	}
	*o = '\0';
	*np = max;
	return out;
}

static db_stmt *d_prepare(db_conn *c, const char *sql, int persistent)
{
	pg_stmt *st = mc_xcalloc(1, sizeof(*st));
	st->base.drv = &pg_driver;
	st->c = c;
	st->sql = dollars(sql, &st->np);
	int n = st->np ? st->np : 1;
	st->vals = mc_xcalloc((size_t)n, sizeof(char *));
	st->lens = mc_xcalloc((size_t)n, sizeof(int));
	st->fmts = mc_xcalloc((size_t)n, sizeof(int));
	st->types = mc_xcalloc((size_t)n, sizeof(Oid));
	if (persistent)
		snprintf(st->name, sizeof(st->name), "mc_%lu", ++c->nstmt);
	const char *p = st->sql + strspn(st->sql, " \n\t");
	st->pipe =
	    !persistent &&
	    (strncmp(p, "INSERT", 6) == 0 || strncmp(p, "UPDATE", 6) == 0 ||
	     strncmp(p, "DELETE", 6) == 0) &&
	    !strstr(p, "RETURNING");
	return &st->base;
}

static void free_result(pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	st->pending = 0;
	PQfreemem(st->blob);
	st->blob = NULL;
}

static void d_clear(db_stmt *base)
{
	pg_stmt *st = (pg_stmt *)base;
	for (int i = 0; i < st->np; i++) {
		free(st->vals[i]);
		st->vals[i] = NULL;
		st->lens[i] = st->fmts[i] = 0;
		st->types[i] = 0;
	}
}

static void d_finalize(db_stmt *base)
{
	pg_stmt *st = (pg_stmt *)base;
	free_result(st);
	d_clear(base);
	if (st->prepared && drain(st->c) == 0 &&
	    PQstatus(st->c->pg) == CONNECTION_OK) {
		char sql[64];
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
		PQclear(PQexec(st->c->pg, sql));
	}
	free(st->vals);
	free(st->lens);
	free(st->fmts);
	free(st->types);
	free(st->sql);
	free(st);
}

/* Sets parameter i (1-based) to the n bytes at v (NULL: SQL NULL). */
static void set_param(pg_stmt *st, int i, const char *v, size_t n, int binary)
{
	if (i < 1 || i > st->np)
		return;
	free(st->vals[i - 1]);
	st->vals[i - 1] = NULL;
	if (v) {
		st->vals[i - 1] = mc_xmalloc(n + 1);
		memcpy(st->vals[i - 1], v, n);
		st->vals[i - 1][n] = '\0';
	}
	st->lens[i - 1] = (int)n;
	st->fmts[i - 1] = binary;
	st->types[i - 1] = binary ? OID_BYTEA : 0;
}

static void d_bind_int64(db_stmt *st, int i, int64_t v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld", (long long)v);
	set_param((pg_stmt *)st, i, buf, (size_t)n, 0);
}

static void d_bind_double(db_stmt *st, int i, double v)
{
	char buf[40];
	int n;
	if (isnan(v)) { /* SQLite stores NaN as NULL */
		set_param((pg_stmt *)st, i, NULL, 0, 0);
		return;
	}
	if (isinf(v))
		n = snprintf(buf, sizeof(buf), "%s",
			     v > 0 ? "Infinity" : "-Infinity");
	else
		n = snprintf(buf, sizeof(buf), "%.17g", v);
	set_param((pg_stmt *)st, i, buf, (size_t)n, 0);
}

static void d_bind_text(db_stmt *st, int i, const char *v)
{
	set_param((pg_stmt *)st, i, v, v ? strlen(v) : 0, 0);
}

static void d_bind_blob(db_stmt *st, int i, const void *v, size_t n)
{
	set_param((pg_stmt *)st, i, n ? v : "", n, 1);
}

static void d_bind_null(db_stmt *st, int i)
{
	set_param((pg_stmt *)st, i, NULL, 0, 0);
}

static int d_nparams(db_stmt *st)
{
	return ((pg_stmt *)st)->np;
}

/* Runs the statement with its parameters; DB_ROW, DB_DONE or DB_ERROR. */
static int answer(pg_stmt *st);

/* Writes queued before a sync and a read of their results. */
#define PIPE_MAX 256

/* Reads the results of the queued writes and leaves pipeline mode: 0, or
 * -1 when one failed (its error kept) or the connection is lost.  With
 * last, the result of the last statement queued is kept there (a read
 * sent after the writes: one round trip for both). */
static int drain_into(db_conn *c, PGresult **last)
{
	if (!c->piped)
		return c->failed ? -1 : 0;
	int synced = !PQpipelineSync(c->pg), k = 0;
	while (!synced) {
		PGresult *r = PQgetResult(c->pg);
		if (!r && PQstatus(c->pg) == CONNECTION_OK)
			k++; /* the end of one statement's results */
		if (!r) {
			if (PQstatus(c->pg) != CONNECTION_OK) {
				if (!c->failed)
					set_error(c, PQerrorMessage(c->pg),
						  NULL);
				c->failed = 1;
				break;
			}
			continue; /* between two writes' results */
		}
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			synced = 1;
			break;
		case PGRES_COMMAND_OK:
			c->changes = strtoll(PQcmdTuples(r), NULL, 10);
			break;
		case PGRES_PIPELINE_ABORTED:
		case PGRES_TUPLES_OK:
			break;
		default:
			if (!c->failed) {
				set_result_error(c, r);
				c->failed_queued = k < c->queued;
			}
			c->failed = 1;
		}
		if (last && PQresultStatus(r) != PGRES_PIPELINE_SYNC) {
			PQclear(*last);
			*last = r;
		} else
			PQclear(r);
	}
	if (!synced && !c->failed) {
		set_error(c, PQerrorMessage(c->pg), NULL);
		c->failed = 1;
	}
	PQexitPipelineMode(c->pg);
	c->piped = c->queued = 0;
	return c->failed ? -1 : 0;
}

/* Queues write st (pipeline mode): DB_DONE, or DB_ERROR when it or one
 * queued before failed. */
static int queue(pg_stmt *st)
{
	db_conn *c = st->c;
	if (c->failed)
		return DB_ERROR;
	if (!c->piped) {
		if (!PQenterPipelineMode(c->pg)) {
			set_error(c, PQerrorMessage(c->pg), NULL);
			return DB_ERROR;
		}
		c->piped = 1;
	}
	/* prepared once (the server parses and plans it once), queued
	 * like the write itself */
	int ok = 1;
	if (!st->prepared) {
		snprintf(st->name, sizeof(st->name), "mc_%lu", ++c->nstmt);
		ok = PQsendPrepare(c->pg, st->name, st->sql, st->np, st->types);
		st->prepared = ok;
		c->queued += ok;
	}
	if (!ok || !PQsendQueryPrepared(c->pg, st->name, st->np,
					(const char *const *)st->vals, st->lens,
					st->fmts, 0)) {
		set_error(c, PQerrorMessage(c->pg), NULL);
		c->failed = 1;
		drain(c);
		return DB_ERROR;
	}
	/* the server's answers must not pile up unread (it would stop
	 * reading while we still send) */
	if (++c->queued >= PIPE_MAX && drain(c) < 0)
		return DB_ERROR;
	return DB_DONE;
}

static int execute(pg_stmt *st)
{
	db_conn *c = st->c;
	const char *const *vals = (const char *const *)st->vals;
	if (st->pipe && c->writing)
		return queue(st);
	if (c->piped && !st->name[0] && !c->failed) {
		/* a read after queued writes: sent behind them, its result
		 * read with theirs */
		if (!PQsendQueryParams(c->pg, st->sql, st->np, st->types, vals,
				       st->lens, st->fmts, 0)) {
			set_error(c, PQerrorMessage(c->pg), NULL);
			c->failed = 1;
		}
		PGresult *r = NULL;
		int bad = drain_into(c, &r) < 0;
		if (bad) {
			PQclear(r);
			return DB_ERROR;
		}
		st->res = r;
		return answer(st);
	}
	if (drain(c) < 0)
		return DB_ERROR;
	if (st->name[0] && !st->prepared) {
		PGresult *r =
		    PQprepare(c->pg, st->name, st->sql, st->np, st->types);
		int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (!ok)
			set_result_error(c, r);
		PQclear(r);
		if (!ok)
			return DB_ERROR;
		st->prepared = 1;
	}
	st->res = st->name[0] ? PQexecPrepared(c->pg, st->name, st->np, vals,
					       st->lens, st->fmts, 0)
			      : PQexecParams(c->pg, st->sql, st->np, st->types,
					     vals, st->lens, st->fmts, 0);
	return answer(st);
}

/* What st's result says: DB_ROW, DB_DONE or DB_ERROR. */
static int answer(pg_stmt *st)
{
	db_conn *c = st->c;
	switch (PQresultStatus(st->res)) {
	case PGRES_COMMAND_OK:
		c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		return DB_DONE;
	case PGRES_TUPLES_OK:
		if (*PQcmdTuples(st->res) &&
		    strncmp(PQcmdStatus(st->res), "SELECT", 6) != 0)
			c->changes = strtoll(PQcmdTuples(st->res), NULL, 10);
		st->nrows = PQntuples(st->res);
		st->row = 0;
		return st->nrows ? DB_ROW : DB_DONE;
	default:
		set_result_error(c, st->res);
		PQclear(st->res);
		st->res = NULL;
		return DB_ERROR;
	}
}

static int d_step(db_stmt *base)
{
	pg_stmt *st = (pg_stmt *)base;
	if (st->pending) {
		int r = st->pending - 2;
		st->pending = 0;
		return r;
	}
	if (!st->res)
		return execute(st);
	PQfreemem(st->blob);
	st->blob = NULL;
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

static void d_reset(db_stmt *st)
{
	free_result((pg_stmt *)st);
}

static int d_ncols(db_stmt *base)
{
	pg_stmt *st = (pg_stmt *)base;
	if (!st->res && !st->pending) /* SQLite knows before the first step:
				       * run it, the step returns its row */
		st->pending = execute(st) + 2;
	return st->res ? PQnfields(st->res) : 0;
}

static const char *d_col_name(db_stmt *base, int i)
{
	pg_stmt *st = (pg_stmt *)base;
	return st->res ? PQfname(st->res, i) : NULL;
}

/* 1 when there is a value at column i of the current row. */
static int has_value(const pg_stmt *st, int i)
{
	return st->res && st->row < st->nrows && i >= 0 &&
	       i < PQnfields(st->res) && !PQgetisnull(st->res, st->row, i);
}

static int d_col_type(db_stmt *base, int i)
{
	pg_stmt *st = (pg_stmt *)base;
	if (!has_value(st, i))
		return DB_NULL;
	switch (PQftype(st->res, i)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
	case OID_OID:
		return DB_INT;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_REAL;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static const char *d_col_text(db_stmt *base, int i)
{
	pg_stmt *st = (pg_stmt *)base;
	return has_value(st, i) ? PQgetvalue(st->res, st->row, i) : NULL;
}

static int64_t d_col_int64(db_stmt *base, int i)
{
	const char *v = d_col_text(base, i);
	if (!v)
		return 0;
	if (PQftype(((pg_stmt *)base)->res, i) == OID_BOOL)
		return *v == 't';
	if (d_col_type(base, i) == DB_REAL)
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double d_col_double(db_stmt *base, int i)
{
	const char *v = d_col_text(base, i);
	if (v && PQftype(((pg_stmt *)base)->res, i) == OID_BOOL)
		return *v == 't';
	return v ? strtod(v, NULL) : 0;
}

static const void *d_col_blob(db_stmt *base, int i, size_t *n)
{
	pg_stmt *st = (pg_stmt *)base;
	const char *v = d_col_text(base, i);
	*n = 0;
	if (!v)
		return NULL;
	if (PQftype(st->res, i) != OID_BYTEA) {
		*n = strlen(v);
		return v;
	}
	PQfreemem(st->blob);
	st->blob = PQunescapeBytea((const unsigned char *)v, n);
	return st->blob;
}

/* A statement only reads when it is a query that starts by reading. */
static int d_readonly(db_stmt *base)
{
	const char *p = ((pg_stmt *)base)->sql;
	while (isspace((unsigned char)*p) || *p == '(')
		p++;
	static const char *const words[] = {"SELECT", "VALUES", "TABLE", "SHOW",
					    "EXPLAIN"};
	for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		size_t n = strlen(words[k]);
		if (strncasecmp(p, words[k], n) == 0 &&
		    !isalnum((unsigned char)p[n]) && !strstr(p, " INTO ") &&
		    !strstr(p, " into "))
			return 1;
	}
	return 0;
}

static int d_exec(db_conn *c, const char *sql)
{
	int end = strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0;
	if (drain(c) < 0 && strcmp(sql, "ROLLBACK") != 0) {
		if (end) { /* a queued write failed: the transaction is over */
			PQclear(PQexec(c->pg, "ROLLBACK"));
			c->failed = c->writing = 0;
		}
		return -1;
	}
	if (end)
		c->failed = c->writing = 0;
	else if (strcmp(sql, pg_driver.begin_write) == 0)
		c->writing = 1;
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType t = PQresultStatus(r);
	int ok = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
	if (ok && t == PGRES_COMMAND_OK && *PQcmdTuples(r))
		c->changes = strtoll(PQcmdTuples(r), NULL, 10);
	if (!ok)
		set_result_error(c, r);
	PQclear(r);
	return ok ? 0 : -1;
}

static int d_deferred(db_conn *c)
{
	return c->failed_queued;
}

static int64_t d_changes(db_conn *c)
{
	drain(c);
	return c->changes;
}

static int d_in_tx(db_conn *c)
{
	drain(c);
	PGTransactionStatusType t = PQtransactionStatus(c->pg);
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

static const char *d_errmsg(db_conn *c)
{
	return c->err ? c->err : PQerrorMessage(c->pg);
}

static const char *d_plain(db_conn *c)
{
	return plain_state(c);
}

/* The store's schema in PostgreSQL's words: SQLite's INTEGER is 64 bits
 * (BIGINT), REAL a double, BLOB bytes; a table with an INTEGER PRIMARY
 * KEY id gets its ids as SQLite gives them (one more than the largest,
 * a trigger); materials keeps its insertion order in a rowid column (the
 * store reads them in that order, as SQLite's rowid). */
static int d_ddl(db_conn *c, const char *sql)
{
	static const struct {
		const char *from, *to;
	} words[] = {{"INTEGER", "BIGINT"},
		     {"REAL", "DOUBLE PRECISION"},
		     {"BLOB", "BYTEA"}};
	size_t cap = 2 * strlen(sql) + 64;
	char *out = mc_xmalloc(cap), *o = out;
	const char *p = sql;
	while (*p) {
		size_t k = 0, nk = sizeof(words) / sizeof(words[0]);
		for (; k < nk; k++) {
			size_t n = strlen(words[k].from);
			if (strncmp(p, words[k].from, n) == 0 &&
			    (p == sql || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]) && p[n] != '_')
				break;
		}
		if (k < nk) {
			o += sprintf(o, "%s", words[k].to);
			p += strlen(words[k].from);
		} else
			*o++ = *p++;
	}
	*o = '\0';
	char table[64] = "";
	int creates = sscanf(sql, "CREATE TABLE %63[a-z_]", table) == 1;
	if (creates && strcmp(table, "materials") == 0) {
		char *end = strrchr(out, ')');
		if (end)
			strcpy(end, ",\n  rowid BIGSERIAL\n);\n");
	}
	int rc = d_exec(c, out);
	free(out);
	if (rc == 0 && creates && strstr(sql, "  id ") &&
	    strstr(sql, "INTEGER PRIMARY KEY") && !strstr(sql, "(id = 1)")) {
		char trig[640];
		snprintf(
		    trig, sizeof(trig),
		    "CREATE FUNCTION mc_id_%s() RETURNS trigger "
		    "LANGUAGE plpgsql AS $$ BEGIN IF NEW.id IS NULL THEN "
		    "SELECT COALESCE(max(id), 0) + 1 INTO NEW.id FROM %s; "
		    "END IF; RETURN NEW; END $$; "
		    "CREATE TRIGGER mc_id BEFORE INSERT ON %s FOR EACH ROW "
		    "EXECUTE FUNCTION mc_id_%s()",
		    table, table, table, table);
		rc = d_exec(c, trig);
	}
	return rc;
}

#ifdef MC_TEST_HOOKS
/* The server ends this connection's backend, as pg_terminate_backend()
 * from an operator's session or a crash would. */
static void d_drop(db_conn *c)
{
	drain(c);
	PQclear(PQexec(c->pg, "SELECT pg_terminate_backend(pg_backend_pid())"));
}
#endif

static void d_close(db_conn *c)
{
	if (!c)
		return;
	PQfinish(c->pg);
	free(c->url);
	free(c->err);
	free(c);
}

static const db_driver pg_driver = {
    .library = "PostgreSQL",
    DB_DRIVER_FUNCS,
    .deferred = d_deferred,
    .begin_write = "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_KEY ")",
    .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ",
    .version_get = "SELECT COALESCE(max(version), 0) FROM mcsched_schema",
    .version_set = "UPDATE mcsched_schema SET version = ",
    .ddl = d_ddl,
    .after_save = "ANALYZE",
#ifdef MC_TEST_HOOKS
    .drop = d_drop,
#endif
};

/* ---- open / close ---- */

/* "no database '<url>' (mcsched plan creates it)": -1. */
static int no_store(const char *shown_url, mc_diag *d)
{
	return mc_diag_error(d, MC_ESTORE,
			     "no database '%s' (mcsched plan creates it)",
			     shown_url);
}

/* Opens url into *out: read-only, or brought up to date (create: the
 * version table made when missing).  *code OLDER_SCHEMA when a
 * read-only open found an older schema. */
static int open_url(const char *url, int readonly, int create, sq_store **out,
		    int *code, mc_diag *d)
{
	char *u = shown(url);
	int rc = -1;
	sq_store *s = NULL;
	*out = NULL;
	*code = 0;
	PGconn *pg = connect_to(url, d);
	if (!pg)
		goto out;
	long long version = schema_of(pg);
	if (version <= 0 && !create) {
		PQfinish(pg);
		no_store(u, d);
		goto out;
	}
	db_conn *c = mc_xcalloc(1, sizeof(*c));
	c->pg = pg;
	c->url = mc_xstrdup(url);
	s = store_new(&pg_driver, c, u, readonly);
	if (readonly) {
		if (store_exec(s, "SET default_transaction_read_only = on",
			       "open", d) ||
		    store_schema_current(s, code, d))
			goto out;
	} else {
		if (version <= 0 &&
		    (store_begin(s, "create the store", d) ||
		     store_exec(s,
				"CREATE TABLE IF NOT EXISTS mcsched_schema "
				"(version BIGINT NOT NULL); INSERT INTO "
				"mcsched_schema SELECT 0 WHERE NOT EXISTS "
				"(SELECT 1 FROM mcsched_schema); COMMIT",
				"create the store", d))) {
			store_rollback(s);
			goto out;
		}
		if (store_migrate(s, d))
			goto out;
	}
	*out = s;
	s = NULL;
	rc = 0;
out:
	store_close(s);
	free(u);
	return rc;
}

static int pg_open(const char *url, enum mc_store_mode mode, void **h,
		   mc_diag *d)
{
	sq_store *s = NULL;
	int code = 0, rc;
	switch (mode) {
	case MC_STORE_CREATE:
		rc = open_url(url, 0, 1, &s, &code, d);
		break;
	case MC_STORE_EXISTING:
		rc = open_url(url, 0, 0, &s, &code, d);
		break;
	case MC_STORE_READONLY:
		rc = open_url(url, 1, 0, &s, &code, d);
		break;
	default: {
		/* an older schema is brought up to date first, where this
		 * user may write it */
		mc_diag first = MC_DIAG_INIT;
		rc = open_url(url, 1, 0, &s, &code, &first);
		if (rc && code == OLDER_SCHEMA &&
		    open_url(url, 0, 0, &s, &code, d) == 0) {
			store_close(s);
			rc = open_url(url, 1, 0, &s, &code, d);
		} else if (rc)
			mc_diag_move(d, &first);
		mc_diag_release(&first);
		break;
	}
	}
	*h = s;
	return rc;
}

/* A server asks before each request: a connection the server dropped is
 * reopened (1), or, when the store cannot be reached, the request is
 * answered 503 (-1). */
static int pg_stale(void *h)
{
	sq_store *s = h;
	/* reads what the server sent meanwhile (without waiting): a
	 * connection it ended shows as such, once its last message (the
	 * reason) and then the end of the stream are read */
	for (int i = 0; i < 2 && PQstatus(s->db->pg) == CONNECTION_OK; i++)
		PQconsumeInput(s->db->pg);
	if (PQstatus(s->db->pg) == CONNECTION_OK)
		return 0;
	return pg_exists(s->db->url) ? 1 : -1;
}

/* ---- one plan at a time ---- */

struct pg_lock {
	PGconn *pg; /* holds the session's advisory lock */
};

static int pg_lock(const char *url, double wait, void **out, mc_diag *d)
{
	struct timespec nap = {0, 100 * 1000 * 1000};
	double waited = 0;
	long long got = 0;
	*out = NULL;
	PGconn *pg = connect_to(url, d);
	if (!pg)
		return -1;
	for (;;) {
		if (one_value(pg, "SELECT pg_try_advisory_lock(" PLAN_KEY ")",
			      &got)) {
			char *u = shown(url);
			mc_diag_error(d, MC_ESTORE, "unable to lock '%s': %s",
				      u, PQerrorMessage(pg));
			free(u);
			PQfinish(pg);
			return -1;
		}
		if (got)
			break;
		if (waited >= wait) {
			char *u = shown(url);
			mc_diag_error(d, MC_ESTORE,
				      "another plan is running on '%s' (it "
				      "holds the database's lock); waited %g "
				      "s (--wait S waits longer)",
				      u, wait);
			free(u);
			PQfinish(pg);
			return -1;
		}
		nanosleep(&nap, NULL);
		waited += 0.1;
	}
	struct pg_lock *lock = mc_xcalloc(1, sizeof(*lock));
	lock->pg = pg;
	*out = lock;
	return 0;
}

static void pg_unlock(void *h)
{
	struct pg_lock *lock = h;
	if (!lock)
		return;
	PQfinish(lock->pg); /* the session's lock goes with it */
	free(lock);
}

/* ---- the ops table ---- */

static const char *pg_version(void)
{
	static char buf[32];
	int v = PQlibVersion();
	snprintf(buf, sizeof(buf), "%d.%d", v / 10000, v % 10000);
	return buf;
}

const mc_store_ops mc_store_postgres_ops = {.name = "postgresql",
					    .library = "PostgreSQL (libpq)",
					    .version = pg_version,
					    .bytes = pg_bytes,
					    .caps = MC_STORE_CAP_QUERY |
						    SQ_CAP_FAULTS,
					    .exists = pg_exists,
					    .open = pg_open,
					    .lock = pg_lock,
					    .unlock = pg_unlock,
					    .close = store_close,
					    .stale = pg_stale,
					    SQ_STORE_OPS};
