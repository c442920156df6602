/*
 * store_publish.c - publishing and pruning (see store.h): publishing a
 * stored plan run by hand (its units tagged as if it had just been saved
 * as the published plan), moving the published pointer, the facts of the
 * publish guards the store holds (scheduler/night/publish.h decides), and
 * pruning old runs.  Each write is one transaction.
 */
#include "store_impl.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

/* Clears run id's hold reason (mc_store_publish_plan()). */
static int unhold(sq_store *s, int64_t id, mc_diag *d)
{
	db_stmt *st = store_prep(
	    s, "UPDATE runs SET hold_reason = NULL WHERE id = ?1", d);
	if (!st)
		return -1;
	db_bind_int64(st, 1, id);
	int rc = store_step_write(s, st, d);
	db_finalize(st);
	return rc;
}

int sq_publish_plan(void *h, int64_t id, const mc_model *m, const mc_plan *p,
		    mc_diag *d)
{
	sq_store *s = h;
	struct saver sv = {.s = s, .m = m, .p = p, .d = d, .run = id};
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
	int ok = store_saver_begin(&sv, "publish a run") == 0;
	if (ok) { /* the run's rows of a hypothetical save go first */
		db_stmt *del =
		    store_prep(s, "DELETE FROM unit_plan WHERE run = ?1", d);
		if (del)
			db_bind_int64(del, 1, id);
		ok = del && store_step_write(s, del, d) == 0;
		db_finalize(del);
	}
	if (ok) /* published once: no longer a kept-back night */
		ok = unhold(s, id, d) == 0;
	ok = ok && store_save_units(&sv) == 0 &&
	     store_save_publish(&sv, (double)time(NULL)) == 0;
	return store_saver_end(&sv, ok, "publish a run");
}

/* ---- publishing and pruning ---- */

int sq_publish(void *h, int64_t id, mc_diag *d)
{
	sq_store *s = h;
	int rc = -1;
	char at[32];
	store_iso_time((double)time(NULL), at, sizeof(at));
	db_stmt *st =
	    store_prep(s,
		       "INSERT INTO published (id, run, at)"
		       " SELECT 1, id, ?2 FROM runs WHERE id = ?1"
		       " ON CONFLICT (id) DO UPDATE SET run = excluded.run,"
		       " at = excluded.at",
		       d);
	if (!st)
		goto out;
	db_bind_int64(st, 1, id);
	store_bind_text(st, 2, at);
	if (db_step(st) != DB_DONE) {
		store_fail(s, d, "publish a run");
		goto out;
	}
	if ((int)s->drv->changes(s->db) != 1) {
		mc_diag_error(d, MC_ESTORE, "no run %" PRId64 " in '%s'", id,
			      s->path);
		goto out;
	}
	rc = 0;
out:
	db_finalize(st);
	return rc;
}
int sq_published_orders(void *h, int64_t *run, int *norders, mc_diag *d)
{
	int64_t n = 0;
	int found = 0;
	*norders = 0;
	if (sq_published(h, run, d) ||
	    (*run && store_query_int(h, "SELECT norders FROM runs WHERE id = ?",
				     1, *run, &n, &found, d)))
		return -1;
	*norders = found ? (int)n : 0;
	return 0;
}

int sq_prune(void *h, int keep, int *pruned, mc_diag *d)
{
	sq_store *s = h;
	/* Kept: the keep newest runs, the published one, every run a unit's
	 * history names (first or last run), every base of a kept what-if
	 * and every run a kept night committed to (publishing it by hand
	 * tags its units on that run's places); input bytes no run names go
	 * too. */
	static const char *const sql[] = {
	    "CREATE TEMP TABLE IF NOT EXISTS prune_keep (id BIGINT PRIMARY "
	    "KEY)",
	    "DELETE FROM prune_keep",
	    "INSERT INTO prune_keep SELECT id FROM runs WHERE true ORDER BY "
	    "id DESC LIMIT ?1 ON CONFLICT DO NOTHING",
	    "INSERT INTO prune_keep SELECT run FROM published WHERE true "
	    "ON CONFLICT DO NOTHING",
	    "INSERT INTO prune_keep SELECT first_run FROM units WHERE true "
	    "ON CONFLICT DO NOTHING",
	    "INSERT INTO prune_keep SELECT last_run FROM units WHERE true "
	    "ON CONFLICT DO NOTHING",
	    "INSERT INTO prune_keep SELECT base_run FROM runs WHERE "
	    "base_run IS NOT NULL AND id IN (SELECT id FROM prune_keep) "
	    "ON CONFLICT DO NOTHING",
	    "INSERT INTO prune_keep SELECT committed_to FROM runs "
	    "WHERE committed_to IS NOT NULL AND id IN (SELECT id FROM "
	    "prune_keep) ON CONFLICT DO NOTHING",
	    "DELETE FROM unit_plan WHERE run NOT IN (SELECT id FROM "
	    "prune_keep)",
	    "DELETE FROM runs WHERE id NOT IN (SELECT id FROM prune_keep)",
	    "DELETE FROM blobs WHERE id NOT IN (SELECT blob FROM run_inputs "
	    "WHERE blob IS NOT NULL)",
	};
	int rc = -1, began = 0;
	*pruned = 0;
	if (store_begin(s, "prune runs", d))
		return -1;
	began = 1;
	int gone = 0;
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		db_stmt *st = store_prep(s, sql[i], d);
		if (!st)
			goto out;
		if (strstr(sql[i], "?1"))
			db_bind_int64(st, 1, keep);
		int r = db_step(st);
		if (strncmp(sql[i], "DELETE FROM runs", 16) == 0)
			gone = (int)s->drv->changes(s->db);
		db_finalize(st);
		if (r != DB_DONE) {
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
	if (began && s->drv->in_tx(s->db))
		store_rollback(s);
	return rc;
}
