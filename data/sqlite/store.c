/*
 * store.c - the SQLite store (see store.h for the contract, store_impl.h
 * for its files): opening and closing a connection, whether it still
 * reads the file its path names, the SQLite helpers the store's files
 * share, small reads (the newest run, the published pointer, the serial
 * counter), the test query, and the ops table (mc_store_sqlite_ops).
 *
 * The store's files are the only ones that include <sqlite3.h>.  All SQL
 * is static text with bound parameters (but the test query's, which is a
 * test's own).
 *
 * Memory: an sq_store owns the connection and a copy of its path.
 */
#include "store_impl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- small helpers ---- */

const char *store_plain(int rc)
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

int store_fail(sq_store *s, mc_diag *d, const char *what)
{
	return fail_rc(d, what, " in ", s->path,
		       sqlite3_extended_errcode(s->db), sqlite3_errmsg(s->db));
}

/* Prepares sql; NULL with a message on error. */
sqlite3_stmt *store_prep(sq_store *s, const char *sql, mc_diag *d)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, d, "prepare a statement");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int store_exec(sq_store *s, const char *sql, const char *what, mc_diag *d)
{
	char *err = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fail_rc(d, what, " in ", s->path,
			sqlite3_extended_errcode(s->db),
			err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
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

const char *store_col_text(sqlite3_stmt *st, int i, mc_arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? mc_arena_strdup(a, (const char *)t) : NULL;
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
	sq_store *s = mc_xcalloc(1, sizeof(*s));
	s->path = mc_xstrdup(path);
	*out = NULL;
	*code = 0;
	if (stat(path, &s->st) == 0 && !S_ISREG(s->st.st_mode)) {
		/* SQLite would write a FIFO or a device, and as root create
		 * its -wal beside a device node. */
		mc_diag_error(d, MC_ESTORE,
			      "unable to open '%s': not a regular file", path);
		goto out;
	}
	char *uri = immutable ? immutable_uri(path) : NULL;
	int r = sqlite3_open_v2(uri ? uri : path, &s->db,
				flags | (uri ? SQLITE_OPEN_URI : 0), NULL);
	free(uri);
	if (r != SQLITE_OK) {
		*code = s->db ? sqlite3_extended_errcode(s->db) : r;
		fail_rc(d, "open", " ", path, *code,
			s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);
	s->readonly = !(flags & SQLITE_OPEN_READWRITE);
	s->immutable = immutable;
	/* journal_mode answers with a row; sqlite3_exec discards it.  This
	 * is also the first read, so "file is not a database" shows here.
	 * A read-only connection leaves the journal mode as the writer set
	 * it (WAL) and refuses every write. */
	char *err = NULL;
	if (sqlite3_exec(s->db,
			 s->readonly ? "PRAGMA query_only = ON;"
				       " PRAGMA user_version;"
				     : "PRAGMA journal_mode = WAL;"
				       " PRAGMA foreign_keys = ON;"
				       " PRAGMA synchronous = NORMAL;",
			 NULL, NULL, &err) != SQLITE_OK) {
		*code = sqlite3_extended_errcode(s->db);
		fail_rc(d, "open", " ", path, *code,
			err ? err : sqlite3_errmsg(s->db));
		sqlite3_free(err);
		goto out;
	}
	/* the file this connection reads, for mc_store_stale() */
	if (stat(path, &s->st) != 0)
		memset(&s->st, 0, sizeof(s->st));
	if (s->readonly ? store_schema_current(s, code, d)
			: store_migrate(s, d))
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	sq_close(s);
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

int store_wal_size(const char *path, long long *size)
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
		sq_close(w);
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
	struct stat st;
	long long wal;
	if (stat(s->path, &st) != 0 || st.st_size == 0)
		return -1;
	if (st.st_dev != s->st.st_dev || st.st_ino != s->st.st_ino)
		return 1;
	if (!s->immutable)
		return 0;
	return st.st_size != s->st.st_size ||
	       st.st_mtim.tv_sec != s->st.st_mtim.tv_sec ||
	       st.st_mtim.tv_nsec != s->st.st_mtim.tv_nsec ||
	       store_wal_size(s->path, &wal) < 0 || wal > 0;
}

void sq_close(void *h)
{
	sq_store *s = h;
	if (!s)
		return;
	sqlite3_finalize(s->find_id);
	sqlite3_finalize(s->find_serial);
	sqlite3_close(s->db); /* every statement is finalized by now */
	free(s->path);
	free(s);
}

/* ---- small reads ---- */

/* Runs a one-row, one-integer query with an optional int64 parameter
 * (has_param).  *found = 0 when it returns no row or NULL. */
int store_query_int(sq_store *s, const char *sql, int has_param, int64_t param,
		    int64_t *val, int *found, mc_diag *d)
{
	sqlite3_stmt *st = store_prep(s, sql, d);
	int rc = -1;
	if (!st)
		return -1;
	if (has_param)
		sqlite3_bind_int64(st, 1, param);
	int r = sqlite3_step(st);
	*found = 0;
	if (r == SQLITE_ROW) {
		*found = sqlite3_column_type(st, 0) != SQLITE_NULL;
		*val = sqlite3_column_int64(st, 0);
	} else if (r != SQLITE_DONE) {
		store_fail(s, d, "read");
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
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
	int rc = -1, r = SQLITE_DONE, stop = 0;
	mc_store_value *v = NULL;
	sqlite3_stmt *st = store_prep(s, sql, d);
	if (!st)
		return -1;
	if (!sqlite3_stmt_readonly(st)) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to query '%s': the statement would "
			      "write (queries only read)",
			      s->path);
		goto out;
	}
	int n = sqlite3_column_count(st);
	v = mc_xcalloc((size_t)n + 1, sizeof(*v));
	while (!stop && (r = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < n; c++) {
			int type = sqlite3_column_type(st, c);
			v[c].type = type == SQLITE_NULL	     ? MC_STORE_NULL
				    : type == SQLITE_INTEGER ? MC_STORE_INT
				    : type == SQLITE_FLOAT   ? MC_STORE_REAL
							     : MC_STORE_TEXT;
			v[c].i = sqlite3_column_int64(st, c);
			v[c].r = sqlite3_column_double(st, c);
			v[c].text = (const char *)sqlite3_column_text(st, c);
		}
		stop = row(ctx, n, v);
	}
	if (!stop && r != SQLITE_DONE) {
		store_fail(s, d, "query");
		goto out;
	}
	rc = 0;
out:
	free(v);
	sqlite3_finalize(st);
	return rc;
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
    .schema = store_schema_version,
    .bytes = sq_bytes,
    .caps = MC_STORE_CAP_FILES | MC_STORE_CAP_QUERY
#ifdef MC_TEST_HOOKS
	    | MC_STORE_CAP_FAULTS
#endif
    ,
    .exists = sq_exists,
    .open = sq_open,
    .owns_path = sq_owns_path,
    .lock = sq_lock,
    .unlock = sq_unlock,
    .close = sq_close,
    .stale = sq_stale,
    .latest = sq_latest,
    .has_run = sq_has_run,
    .save_run = sq_save_run,
    .publish_plan = sq_publish_plan,
    .prune = sq_prune,
    .publish = sq_publish,
    .published = sq_published,
    .published_orders = sq_published_orders,
    .next_serial = sq_next_serial,
    .list_runs = sq_list_runs,
    .floor = sq_floor,
    .run_floor = sq_run_floor,
    .run_setup = sq_run_setup,
    .read_status = sq_read_status,
    .run_start = sq_run_start,
    .run_sources = sq_run_sources,
    .load_run = sq_load_run,
    .load_capacity = sq_load_capacity,
    .promise_holds = sq_promise_holds,
    .promise_stamp = sq_promise_stamp,
    .promise_make = sq_promise_make,
    .promise_list = sq_promise_list,
    .promise_set = sq_promise_set,
    .promise_open = sq_promise_open,
    .promise_of = sq_promise_of,
    .find_unit = sq_find_unit,
    .find_serial = sq_find_serial,
    .unit_history = sq_unit_history,
    .order_units = sq_order_units,
    .record_actuals = sq_record_actuals,
    .unit_life = sq_unit_life,
    .dump = sq_dump,
    .query = sq_query,
#ifdef MC_TEST_HOOKS
    .fault_at = sq_fault_at,
#endif
};
