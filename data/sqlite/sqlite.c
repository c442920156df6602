/*
 * sqlite.c - the SQLite store (see store.h for the contract): the SQL
 * store of data/sql/ on an SQLite database file.  Here: the connection
 * (db.h's driver on sqlite3), opening a file in each mode (the schema
 * brought up to date or checked), whether a connection still reads the
 * file its path names, and the ops table (mc_store_sqlite_ops); lock.c
 * holds the database's files (the plan lock, which paths are its own).
 *
 * This file and lock.c are the only ones that include <sqlite3.h>.
 *
 * Memory: an sq_store (store_impl.h) holds an sqlite_conn, which owns the
 * connection; a statement owns its sqlite3_stmt.
 */
#include "sqlite.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The connection: the database and what staleness compares. */
struct db_conn {
	sqlite3 *db;
	/* read with SQLite's immutable flag (a read-only connection that
	 * could not set up the WAL index: no write access to the folder, a
	 * read-only file system, a full disk); then only while the file and
	 * its log stay as they were (mc_store_stale()) */
	int immutable;
	struct stat st; /* the file the connection opened, as it was */
};

typedef struct sqlite_stmt {
	db_stmt base;
	sqlite3_stmt *st;
	sqlite3 *db;
} sqlite_stmt;

static sqlite3_stmt *raw(db_stmt *st)
{
	return ((sqlite_stmt *)st)->st;
}

/* ---- errors ---- */

/* SQLite's result code rc in a few plain words ("the disk is full"), or
 * NULL when SQLite's own message says it best. */
static const char *store_plain(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_FULL:
		return "the disk is full";
	case SQLITE_READONLY:
		return "the database or its folder is read-only here";
	case SQLITE_CANTOPEN:
		return "the file cannot be opened (no such folder, or no "
		       "permission)";
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return "permission denied";
	case SQLITE_NOTADB:
		return "it is not an mcsched database (not SQLite)";
	case SQLITE_CORRUPT:
		return "the database file is damaged";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "another process holds the database (busy)";
	case SQLITE_NOMEM:
		return "out of memory";
	case SQLITE_IOERR:
		return (rc == SQLITE_IOERR_SHMSIZE ||
			rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
			rc == SQLITE_IOERR_TRUNCATE)
			   ? "the disk could not be written (full?)"
			   : "the disk could not be read or written";
	default:
		return NULL;
	}
}

/* "unable to <what> in 'path': <plain words> (SQLite: <message>)" */
static int fail_rc(mc_diag *d, const char *what, const char *in,
		   const char *path, int rc, const char *msg)
{
	const char *plain = store_plain(rc);
	if (plain)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to %s%s'%s': %s (SQLite: %s)",
				     what, in, path, plain, msg);
	return mc_diag_error(d, MC_ESTORE, "unable to %s%s'%s': %s", what, in,
			     path, msg);
}

/* ---- the driver (db.h) ---- */

static const db_driver sqlite_driver;

static db_stmt *d_prepare(db_conn *c, const char *sql, int persistent)
{
	sqlite3_stmt *raw_st = NULL;
	if (sqlite3_prepare_v3(c->db, sql, -1,
			       persistent ? SQLITE_PREPARE_PERSISTENT : 0,
			       &raw_st, NULL) != SQLITE_OK) {
		sqlite3_finalize(raw_st);
		return NULL;
	}
	sqlite_stmt *st = mc_xcalloc(1, sizeof(*st));
	st->base.drv = &sqlite_driver;
	st->st = raw_st;
	st->db = c->db;
	return &st->base;
}

static void d_finalize(db_stmt *st)
{
	sqlite3_finalize(raw(st));
	free(st);
}

static void d_bind_int64(db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(raw(st), i, v);
}

static void d_bind_double(db_stmt *st, int i, double v)
{
	sqlite3_bind_double(raw(st), i, v);
}

static void d_bind_text(db_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(raw(st), i, v, -1, SQLITE_TRANSIENT);
}

static void d_bind_blob(db_stmt *st, int i, const void *v, size_t n)
{
	sqlite3_bind_blob64(raw(st), i, n ? v : "", (sqlite3_uint64)n,
			    SQLITE_TRANSIENT);
}

static void d_bind_null(db_stmt *st, int i)
{
	sqlite3_bind_null(raw(st), i);
}

static int d_nparams(db_stmt *st)
{
	return sqlite3_bind_parameter_count(raw(st));
}

static int d_step(db_stmt *st)
{
	int rc = sqlite3_step(raw(st));
	return rc == SQLITE_ROW	   ? DB_ROW
	       : rc == SQLITE_DONE ? DB_DONE
				   : DB_ERROR;
}

static void d_reset(db_stmt *st)
{
	sqlite3_reset(raw(st));
}

static void d_clear(db_stmt *st)
{
	sqlite3_clear_bindings(raw(st));
}

static int d_ncols(db_stmt *st)
{
	return sqlite3_column_count(raw(st));
}

static const char *d_col_name(db_stmt *st, int i)
{
	return sqlite3_column_name(raw(st), i);
}

static int d_col_type(db_stmt *st, int i)
{
	switch (sqlite3_column_type(raw(st), i)) {
	case SQLITE_NULL:
		return DB_NULL;
	case SQLITE_INTEGER:
		return DB_INT;
	case SQLITE_FLOAT:
		return DB_REAL;
	case SQLITE_BLOB:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static int64_t d_col_int64(db_stmt *st, int i)
{
	return sqlite3_column_int64(raw(st), i);
}

static double d_col_double(db_stmt *st, int i)
{
	return sqlite3_column_double(raw(st), i);
}

static const char *d_col_text(db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(raw(st), i);
}

static const void *d_col_blob(db_stmt *st, int i, size_t *n)
{
	const void *b = sqlite3_column_blob(raw(st), i);
	*n = (size_t)sqlite3_column_bytes(raw(st), i);
	return b;
}

static int d_readonly(db_stmt *st)
{
	return sqlite3_stmt_readonly(raw(st));
}

static int d_exec(db_conn *c, const char *sql)
{
	return sqlite3_exec(c->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int64_t d_changes(db_conn *c)
{
	return sqlite3_changes(c->db);
}

static int d_in_tx(db_conn *c)
{
	return !sqlite3_get_autocommit(c->db);
}

static const char *d_errmsg(db_conn *c)
{
	return sqlite3_errmsg(c->db);
}

static const char *d_plain(db_conn *c)
{
	return store_plain(sqlite3_extended_errcode(c->db));
}

/* Closes connection c; accepts NULL. */
static void d_close(db_conn *c)
{
	if (!c)
		return;
	sqlite3_close(c->db); /* every statement is finalized by now */
	free(c);
}

static const db_driver sqlite_driver = {
    .library = "SQLite",
    DB_DRIVER_FUNCS,
    .begin_write = "BEGIN IMMEDIATE",
    .begin_read = "BEGIN",
    .version_get = "PRAGMA user_version",
    .version_set = "PRAGMA user_version = ",
};

/* ---- open / close ---- */

/* "file:PATH?immutable=1" with PATH percent-encoded, malloc'ed. */
static char *immutable_uri(const char *path)
{
	static const char tail[] = "?immutable=1";
	char *u = mc_xmalloc(5 + 3 * strlen(path) + sizeof(tail)), *o = u;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p))
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	strcpy(o, tail);
	return u;
}

/* Opens path with SQLite flags (immutable: read-only, as a file nobody
 * writes) into *out.  On error *out is NULL, *code SQLite's result code
 * (0 when it is not SQLite's) and the message in d. */
static int open_flags(const char *path, int flags, int immutable,
		      sq_store **out, int *code, mc_diag *d)
{
	int rc = -1;
	db_conn *c = mc_xcalloc(1, sizeof(*c));
	sq_store *s = NULL;
	*out = NULL;
	*code = 0;
	if (stat(path, &c->st) == 0 && !S_ISREG(c->st.st_mode)) {
		/* SQLite would write a FIFO or a device, and as root create
		 * its -wal beside a device node. */
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': not a regular file", path);
		goto out;
	}
	char *uri = immutable ? immutable_uri(path) : NULL;
	int r = sqlite3_open_v2(uri ? uri : path, &c->db,
				flags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (r != SQLITE_OK) {
		*code = c->db ? sqlite3_extended_errcode(c->db) : r;
		fail_rc(d, "open", " ", path, *code,
			c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, 10000);
	c->immutable = immutable;
	s = store_new(&sqlite_driver, c, path,
		      !(flags & SQLITE_OPEN_READWRITE));
	c = NULL; /* s holds it */
	/* journal_mode answers with a row; sqlite3_exec discards it.  This
	 * is also the first read, so "file is not a database" shows here.
	 * A read-only connection leaves the journal mode as the writer set
	 * it (WAL) and refuses every write. */
	char *err = NULL;
	if (sqlite3_exec(s->db->db,
			 s->readonly ? "PRAGMA query_only = ON;"
				       " PRAGMA user_version;"
				     : "PRAGMA journal_mode = WAL;"
				       " PRAGMA foreign_keys = ON;"
				       " PRAGMA synchronous = NORMAL;",
			 NULL, NULL, &err) != SQLITE_OK) {
		*code = sqlite3_extended_errcode(s->db->db);
		fail_rc(d, "open", " ", path, *code,
			err ? err : sqlite3_errmsg(s->db->db));
		sqlite3_free(err);
		goto out;
	}
	/* the file this connection reads, for mc_store_stale() */
	if (stat(path, &s->db->st) != 0)
		memset(&s->db->st, 0, sizeof(s->db->st));
	if (s->readonly ? store_schema_current(s, code, d)
			: store_migrate(s, d))
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	store_close(s);
	d_close(c);
	return rc;
}

/* "no database '<path>' (mcsched plan creates it)": -1. */
static int no_database(const char *path, mc_diag *d)
{
	return mc_diag_error(
	    d, MC_ESTORE, "no database '%s' (mcsched plan creates it)", path);
}

int sq_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 &&
	       !(S_ISREG(st.st_mode) && st.st_size == 0);
}

/* mc_store_open_existing() */
static int open_existing(const char *path, sq_store **out, mc_diag *d)
{
	int code;
	*out = NULL;
	if (!sq_exists(path))
		return no_database(path, d);
	return open_flags(path, SQLITE_OPEN_READWRITE, 0, out, &code, d);
}

static int store_wal_size(const char *path, long long *size)
{
	char *wal = mc_xmalloc(strlen(path) + 5);
	sprintf(wal, "%s-wal", path);
	struct stat st;
	int rc = stat(wal, &st);
	free(wal);
	*size = rc == 0 ? (long long)st.st_size : 0;
	return rc == 0 || errno == ENOENT ? 0 : -1;
}

/* mc_store_open_readonly(), with open_flags()'s *code of the failure. */
static int open_ro(const char *path, sq_store **out, int *code, mc_diag *d)
{
	const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
	long long wal;
	*out = NULL;
	*code = 0;
	if (!sq_exists(path))
		return no_database(path, d);
	mc_diag first = MC_DIAG_INIT, again = MC_DIAG_INIT;
	if (open_flags(path, flags, 0, out, code, &first) == 0)
		return 0;
	/* A reader needs the WAL index (<db>-shm), which it creates when
	 * missing: on a read-only file system, in a folder it may not
	 * write or on a full disk it cannot.  Without a log (no -wal, or
	 * an empty one) everything is in the file itself, which SQLite can
	 * then read as immutable; mc_store_stale() notices when a writer
	 * starts a log, and the connection is reopened. */
	int cls = *code & 0xFF, second = 0, rc = -1;
	int retry =
	    (cls == SQLITE_CANTOPEN || cls == SQLITE_READONLY ||
	     cls == SQLITE_IOERR || cls == SQLITE_FULL || cls == SQLITE_PERM) &&
	    store_wal_size(path, &wal) == 0 && wal == 0;
	if (retry && open_flags(path, flags, 1, out, &second, &again) == 0)
		rc = 0;
	else if (retry && second == OLDER_SCHEMA) {
		*code = OLDER_SCHEMA;
		mc_diag_move(d, &again);
	} else
		mc_diag_move(d, &first);
	mc_diag_release(&first);
	mc_diag_release(&again);
	return rc;
}

/* mc_store_open_read() */
static int open_read(const char *path, sq_store **out, mc_diag *d)
{
	int code;
	mc_diag d1 = MC_DIAG_INIT, d2 = MC_DIAG_INIT;
	if (open_ro(path, out, &code, &d1) == 0)
		return 0;
	/* an older database is brought up to date when it can be written
	 * (a newer one, or one that cannot be read, is not) */
	sq_store *w = NULL;
	int rc = -1;
	if (code == OLDER_SCHEMA && open_existing(path, &w, &d2) == 0) {
		store_close(w);
		rc = open_ro(path, out, &code, d);
	} else
		mc_diag_move(d, &d1); /* why the reader could not read it */
	mc_diag_release(&d1);
	mc_diag_release(&d2);
	return rc;
}

int sq_open(const char *path, enum mc_store_mode mode, void **h, mc_diag *d)
{
	sq_store *s = NULL;
	int code, rc;
	switch (mode) {
	case MC_STORE_CREATE:
		rc =
		    open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			       0, &s, &code, d);
		break;
	case MC_STORE_EXISTING:
		rc = open_existing(path, &s, d);
		break;
	case MC_STORE_READONLY:
		rc = open_ro(path, &s, &code, d);
		break;
	default:
		rc = open_read(path, &s, d);
		break;
	}
	*h = s;
	return rc;
}

int sq_stale(void *h)
{
	sq_store *s = h;
	db_conn *c = s->db;
	struct stat st;
	long long wal;
	if (stat(s->path, &st) != 0 || st.st_size == 0)
		return -1;
	if (st.st_dev != c->st.st_dev || st.st_ino != c->st.st_ino)
		return 1;
	if (!c->immutable)
		return 0;
	return st.st_size != c->st.st_size ||
	       st.st_mtim.tv_sec != c->st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != c->st.st_mtim.tv_nsec ||
	       store_wal_size(s->path, &wal) < 0 || wal > 0;
}

/* ---- the ops table ---- */

static const char *sq_version(void)
{
	return sqlite3_libversion();
}

const mc_store_ops mc_store_sqlite_ops = {
    .name = "sqlite",
    .library = "SQLite",
    .version = sq_version,
    .bytes = sq_bytes,
    .caps = MC_STORE_CAP_FILES | MC_STORE_CAP_QUERY | SQ_CAP_FAULTS,
    .exists = sq_exists,
    .open = sq_open,
    .owns_path = sq_owns_path,
    .lock = sq_lock,
    .unlock = sq_unlock,
    .close = store_close,
    .stale = sq_stale,
    SQ_STORE_OPS};
