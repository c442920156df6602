/*
 * store.c - the store seam (store.h): picks the back-end a location names
 * and hands every call to its ops table.  A path is an SQLite database
 * (data/sqlite/); a postgresql:// (or postgres://) URL a PostgreSQL
 * database (data/postgres/).  The run specs ("latest", "published", a run
 * number) and the run states are read here, the same for every back-end.
 *
 * Memory: an mc_store owns its back-end's handle and a copy of the
 * location; an mc_plan_lock its back-end's lock.
 */
#include "store.h"
#include "hash.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct mc_store {
	const mc_store_ops *ops;
	void *h;
	char *loc; /* as given, for messages */
};

struct mc_plan_lock {
	const mc_store_ops *ops;
	void *h;
};

/* 1 when loc is a PostgreSQL connection URL. */
static int is_postgres(const char *loc)
{
	return strncmp(loc, "postgresql://", 13) == 0 ||
	       strncmp(loc, "postgres://", 11) == 0;
}

/* The back-end of location loc (d: for a location no back-end serves,
 * none today). */
static const mc_store_ops *backend(const char *loc, mc_diag *d)
{
	(void)d;
	return is_postgres(loc) ? &mc_store_postgres_ops : &mc_store_sqlite_ops;
}

static int open_mode(const char *path, enum mc_store_mode mode, mc_store **out,
		     mc_diag *d)
{
	const mc_store_ops *ops = backend(path, d);
	void *h = NULL;
	*out = NULL;
	if (!ops || ops->open(path, mode, &h, d) < 0)
		return -1;
	mc_store *s = mc_xmalloc(sizeof(*s));
	s->ops = ops;
	s->h = h;
	s->loc = mc_xstrdup(path);
	*out = s;
	return 0;
}

int mc_store_open(const char *path, mc_store **out, mc_diag *d)
{
	return open_mode(path, MC_STORE_CREATE, out, d);
}

int mc_store_open_existing(const char *path, mc_store **out, mc_diag *d)
{
	return open_mode(path, MC_STORE_EXISTING, out, d);
}

int mc_store_open_readonly(const char *path, mc_store **out, mc_diag *d)
{
	return open_mode(path, MC_STORE_READONLY, out, d);
}

int mc_store_open_read(const char *path, mc_store **out, mc_diag *d)
{
	return open_mode(path, MC_STORE_READ, out, d);
}

int mc_store_exists(const char *path)
{
	const mc_store_ops *ops = backend(path, NULL);
	return ops ? ops->exists(path) : 0;
}

int mc_store_owns_path(const char *db, const char *path)
{
	const mc_store_ops *ops = backend(db, NULL);
	return ops && path && ops->owns_path ? ops->owns_path(db, path) : 0;
}

void mc_store_close(mc_store *s)
{
	if (!s)
		return;
	s->ops->close(s->h);
	free(s->loc);
	free(s);
}

int mc_store_stale(mc_store *s)
{
	return s->ops->stale ? s->ops->stale(s->h) : 0;
}

/* Every back-end of this build, for mc_store_library(). */
static const mc_store_ops *const all[] = {&mc_store_sqlite_ops,
					  &mc_store_postgres_ops};

const char *mc_store_library(int i, const char **version, int *schema)
{
	if (i < 0 || i >= (int)(sizeof(all) / sizeof(all[0])))
		return NULL;
	*version = all[i]->version();
	*schema = all[i]->schema();
	return all[i]->library;
}

long long mc_store_bytes(const char *db)
{
	const mc_store_ops *ops = backend(db, NULL);
	return ops && ops->bytes ? ops->bytes(db) : -1;
}

unsigned mc_store_caps(const mc_store *s)
{
	return s->ops->caps;
}

const char *mc_store_kind(const mc_store *s)
{
	return s->ops->name;
}

int mc_store_plan_lock(const char *db, double wait, mc_plan_lock **lock,
		       mc_diag *d)
{
	const mc_store_ops *ops = backend(db, d);
	void *h = NULL;
	*lock = NULL;
	if (!ops || ops->lock(db, wait, &h, d) < 0)
		return -1;
	*lock = mc_xmalloc(sizeof(**lock));
	(*lock)->ops = ops;
	(*lock)->h = h;
	return 0;
}

void mc_store_plan_unlock(mc_plan_lock *lock)
{
	if (!lock)
		return;
	lock->ops->unlock(lock->h);
	free(lock);
}

/* ---- runs ---- */

int mc_store_resolve_run(mc_store *s, const char *spec, int64_t *id, mc_diag *d)
{
	int64_t v = 0;
	int found = 0;
	if (strcmp(spec, "latest") == 0) {
		if (s->ops->latest(s->h, &v, d))
			return -1;
		if (!v)
			return mc_diag_error(d, MC_ESTORE,
					     "no runs in '%s' yet", s->loc);
	} else if (strcmp(spec, "published") == 0) {
		if (s->ops->published(s->h, &v, d))
			return -1;
		if (!v)
			return mc_diag_error(
			    d, MC_ESTORE, "no published plan in '%s'", s->loc);
	} else {
		char *end = NULL;
		errno = 0;
		long long n = strtoll(spec, &end, 10);
		if (!*spec || *end || errno || n <= 0 || spec[0] == '+' ||
		    spec[0] == ' ')
			return mc_diag_error(d, MC_EUSAGE,
					     "bad run '%s' (expected a run "
					     "number, 'latest' or 'published')",
					     spec);
		if (s->ops->has_run(s->h, n, &found, d))
			return -1;
		if (!found)
			return mc_diag_error(d, MC_ESTORE,
					     "no run %lld in '%s'", n, s->loc);
		v = n;
	}
	*id = v;
	return 0;
}

const char *mc_store_run_state(const char *kind, int published,
			       const char *hold_reason)
{
	if (kind && strcmp(kind, "whatif") == 0)
		return "what-if";
	if (published)
		return "published";
	return hold_reason ? "kept back" : "plan";
}

int mc_store_save_run(mc_store *s, const mc_model *m, const mc_plan *p,
		      const mc_run_meta *meta, int64_t *run_id, mc_diag *d)
{
	return s->ops->save_run(s->h, m, p, meta, run_id, d);
}

int mc_store_publish_plan(mc_store *s, int64_t id, const mc_model *m,
			  const mc_plan *p, mc_diag *d)
{
	return s->ops->publish_plan(s->h, id, m, p, d);
}

int mc_store_prune(mc_store *s, int keep, int *pruned, mc_diag *d)
{
	return s->ops->prune(s->h, keep, pruned, d);
}

int mc_store_publish(mc_store *s, int64_t id, mc_diag *d)
{
	return s->ops->publish(s->h, id, d);
}

int mc_store_published(mc_store *s, int64_t *id, mc_diag *d)
{
	return s->ops->published(s->h, id, d);
}

int mc_store_published_orders(mc_store *s, int64_t *run, int *norders,
			      mc_diag *d)
{
	return s->ops->published_orders(s->h, run, norders, d);
}

int mc_store_next_serial(mc_store *s, uint64_t *serial, mc_diag *d)
{
	return s->ops->next_serial(s->h, serial, d);
}

int mc_store_list_runs(mc_store *s, mc_arena *a, mc_run_row **rows, int *n,
		       mc_diag *d)
{
	return s->ops->list_runs(s->h, a, rows, n, d);
}

int mc_store_floor(mc_store *s, int64_t pub, mc_arena *a, mc_floor_unit **out,
		   int *n, mc_diag *d)
{
	return s->ops->floor(s->h, pub, a, out, n, d);
}

int mc_store_run_floor(mc_store *s, int64_t id, mc_arena *a,
		       mc_floor_unit **out, int *n, int *known, mc_diag *d)
{
	return s->ops->run_floor(s->h, id, a, out, n, known, d);
}

int mc_store_run_setup(mc_store *s, int64_t id, mc_arena *a, mc_run_setup *out,
		       mc_diag *d)
{
	return s->ops->run_setup(s->h, id, a, out, d);
}

int mc_store_read_status(mc_store *s, const char *today, mc_arena *a,
			 mc_store_status *st, mc_diag *d)
{
	return s->ops->read_status(s->h, today, a, st, d);
}

int mc_store_run_start(mc_store *s, int64_t id, int *day, mc_diag *d)
{
	return s->ops->run_start(s->h, id, day, d);
}

int mc_store_run_sources(mc_store *s, int64_t id, mc_arena *a,
			 mc_view_input **in, int *n, mc_diag *d)
{
	return s->ops->run_sources(s->h, id, a, in, n, d);
}

int mc_store_load_run(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
		      mc_diag *d)
{
	return s->ops->load_run(s->h, id, a, v, d);
}

int mc_store_load_capacity(mc_store *s, int64_t id, mc_arena *a, mc_run_view *v,
			   mc_diag *d)
{
	return s->ops->load_capacity(s->h, id, a, v, d);
}

/* ---- promises ---- */

int mc_store_promise_holds(mc_store *s, int64_t run, double now, mc_arena *a,
			   mc_hold **out, int *n, int64_t *stamp, mc_diag *d)
{
	return s->ops->promise_holds(s->h, run, now, a, out, n, stamp, d);
}

int mc_store_promise_stamp(mc_store *s, int64_t *stamp, mc_diag *d)
{
	return s->ops->promise_stamp(s->h, stamp, d);
}

int mc_store_promise_make(mc_store *s, double now, mc_promise_fn fn, void *ctx,
			  mc_arena *a, mc_promise_rec *out, mc_diag *d)
{
	return s->ops->promise_make(s->h, now, fn, ctx, a, out, d);
}

int mc_store_promise_list(mc_store *s, double now, mc_arena *a,
			  mc_promise_rec **out, int *n, mc_diag *d)
{
	return s->ops->promise_list(s->h, now, a, out, n, d);
}

int mc_store_promise_set(mc_store *s, int64_t id, int confirm, double now,
			 mc_arena *a, mc_promise_rec *out, mc_diag *d)
{
	return s->ops->promise_set(s->h, id, confirm, now, a, out, d);
}

int mc_store_promise_of(mc_store *s, const char *order, double now, mc_arena *a,
			mc_promise_rec *out, int *found, mc_diag *d)
{
	return s->ops->promise_of(s->h, order, now, a, out, found, d);
}

int mc_store_promise_open(mc_store *s, mc_arena *a, mc_promise_rec **out,
			  int *n, mc_diag *d)
{
	return s->ops->promise_open(s->h, a, out, n, d);
}

/* ---- units ---- */

int mc_store_find_unit(mc_store *s, const char *identifier, mc_arena *a,
		       mc_unit_rec *out, mc_diag *d)
{
	return s->ops->find_unit(s->h, identifier, a, out, d);
}

int mc_store_find_serial(mc_store *s, uint64_t serial, mc_arena *a,
			 mc_unit_rec *out, mc_diag *d)
{
	return s->ops->find_serial(s->h, serial, a, out, d);
}

int mc_store_unit_history(mc_store *s, const char *identifier, mc_arena *a,
			  mc_unit_event **out, int *n, mc_diag *d)
{
	return s->ops->unit_history(s->h, identifier, a, out, n, d);
}

int mc_store_order_units(mc_store *s, const char *order_id, mc_arena *a,
			 mc_unit_rec **out, int *n, mc_diag *d)
{
	return s->ops->order_units(s->h, order_id, a, out, n, d);
}

int mc_store_record_actuals(mc_store *s, const mc_actuals *in,
			    mc_actuals_tally *out, mc_diag *d)
{
	return s->ops->record_actuals(s->h, in, out, d);
}

int mc_store_unit_life(mc_store *s, const char *identifier, mc_arena *a,
		       mc_life_event **out, int *n, mc_diag *d)
{
	return s->ops->unit_life(s->h, identifier, a, out, n, d);
}

/* ---- copying a store ---- */

/* The dump of s (malloc'ed) and its FNV-1a digest in hex; NULL on error. */
static char *dump_of(mc_store *s, char digest[17], mc_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to dump '%s': out of memory", s->loc);
		return NULL;
	}
	int rc = mc_store_dump(s, f, d);
	fclose(f);
	if (rc) {
		free(buf);
		return NULL;
	}
	snprintf(digest, 17, "%016" PRIx64, mc_hash_fnv1a(buf, len));
	return buf;
}

int mc_store_copy(const char *from, const char *to, double wait,
		  char digest[17], long *rows, int *runs, mc_diag *d)
{
	mc_store *src = NULL, *dst = NULL;
	mc_plan_lock *lock = NULL;
	char *a = NULL, *b = NULL, other[17];
	int rc = -1;
	*rows = 0;
	*runs = 0;
	if (mc_store_open_read(from, &src, d) ||
	    mc_store_plan_lock(to, wait, &lock, d) ||
	    mc_store_open(to, &dst, d))
		goto out;
	if (!dst->ops->copy_in || dst->ops->copy_in != src->ops->copy_in) {
		mc_diag_error(d, MC_ESTORE,
			      "unable to copy '%s' into '%s': a %s store "
			      "cannot be copied into a %s store",
			      src->loc, dst->loc, src->ops->name,
			      dst->ops->name);
		goto out;
	}
	if (dst->ops->copy_in(dst->h, src->h, rows, d) ||
	    !(a = dump_of(src, digest, d)) || !(b = dump_of(dst, other, d)))
		goto out;
	if (strcmp(a, b) != 0) {
		mc_diag_error(d, MC_ESTORE,
			      "the copy of '%s' in '%s' differs from it "
			      "(digest %s, the copy's %s)",
			      src->loc, dst->loc, digest, other);
		goto out;
	}
	mc_run_row *list = NULL;
	mc_arena *ar = mc_arena_new();
	rc = mc_store_list_runs(src, ar, &list, runs, d);
	mc_arena_free(ar);
out:
	free(a);
	free(b);
	mc_store_close(src);
	mc_store_close(dst);
	mc_store_plan_unlock(lock);
	return rc;
}

/* ---- tests and debugging ---- */

int mc_store_dump(mc_store *s, FILE *out, mc_diag *d)
{
	return s->ops->dump(s->h, out, d);
}

int mc_store_query(mc_store *s, const char *sql, mc_store_row_fn row, void *ctx,
		   mc_diag *d)
{
	if (!s->ops->query)
		return mc_diag_error(d, MC_ESTORE,
				     "unable to query '%s': the %s store takes "
				     "no queries",
				     s->loc, s->ops->name);
	return s->ops->query(s->h, sql, row, ctx, d);
}

#ifdef MC_TEST_HOOKS
void mc_store_fault_at(mc_store *s, int n, int kill)
{
	if (s->ops->fault_at)
		s->ops->fault_at(s->h, n, kill);
}
#endif
