/*
 * store_actuals.c - recording what the factory floor did with units (see
 * store.h, "actuals"): each row of a parsed actuals file is checked
 * against its unit as the rows before it left it, and recorded, all in one
 * transaction that is rolled back when any row breaks a rule.
 *
 * Memory: the statements live for one call and are finalized at its out:
 * label; nothing is kept with the store.
 */
#include "store.h"
#include "store_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
	A_UNIT,	  /* the unit of an identifier, as the rows so far left it */
	A_EVENT,  /* the unit's recorded event of one status */
	A_INSERT, /* a new event */
	A_LIFE,	  /* the unit's latest status (scrapped: also cancelled) */
	A_COUNT
};

static const char *const actuals_sql[A_COUNT] = {
    [A_UNIT] = "SELECT id, status, life, life_day FROM units "
	       "WHERE identifier = ?1",
    [A_EVENT] = "SELECT day, source, line FROM unit_events "
		"WHERE unit = ?1 AND status = ?2",
    [A_INSERT] = "INSERT INTO unit_events (unit, status, day, source, line, "
		 "loaded) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [A_LIFE] = "UPDATE units SET life = ?2, life_day = ?3, status = "
	       "CASE WHEN ?2 = 'scrapped' THEN 'cancelled' ELSE status END "
	       "WHERE id = ?1",
};

/* One call of mc_store_record_actuals(). */
struct recorder {
	sq_store *s;
	const mc_actuals *in;
	db_stmt *st[A_COUNT];
	char loaded[32]; /* ISO UTC time of this load */
	mc_actuals_tally *tally;
	int bad; /* rows that broke a rule */
	mc_diag *d;
};

/* A unit as the rows so far left it. */
struct unit_state {
	int64_t id;
	int cancelled; /* units.status is 'cancelled' */
	int life;      /* enum mc_life, -1 while none */
	char life_day[11];
};

/* Rank of a floor status on the way forward; -1 before the first. */
static int rank(int life)
{
	return life == MC_LIFE_SCRAPPED ? MC_LIFE_COUNT : life;
}

/* A rule the row x breaks, at column col: reported, and the file will
 * be rolled back.  Returns 0 (the row is done with). */
static int broken(struct recorder *r, const mc_actual *x, int col,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int broken(struct recorder *r, const mc_actual *x, int col,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mc_diag_vat(r->d, MC_EINPUT, r->in->path, x->line, col, fmt, ap);
	va_end(ap);
	r->bad++;
	return 0;
}

/* Reads the unit of x into *u: 1 found, 0 not, -1 on a store error. */
static int read_unit(struct recorder *r, const mc_actual *x,
		     struct unit_state *u)
{
	db_stmt *st = r->st[A_UNIT];
	store_bind_text(st, 1, x->identifier);
	int rc = db_step(st), found = rc == DB_ROW;
	if (found) {
		const char *status = (const char *)db_col_text(st, 1);
		const char *life = (const char *)db_col_text(st, 2);
		const char *day = (const char *)db_col_text(st, 3);
		u->id = db_col_int64(st, 0);
		u->cancelled = status && strcmp(status, "cancelled") == 0;
		u->life = life ? mc_life_parse(life) : -1;
		snprintf(u->life_day, sizeof(u->life_day), "%s",
			 day ? day : "");
	}
	db_reset(st);
	if (!found && rc != DB_DONE)
		return store_fail(r->s, r->d, "read units");
	return found;
}

/* The day (and where from) the unit's event of x's status was recorded:
 * 1 found, 0 not, -1 on a store error. */
static int read_event(struct recorder *r, const struct unit_state *u,
		      const mc_actual *x, char *day, size_t nday, char *from,
		      size_t nfrom)
{
	db_stmt *st = r->st[A_EVENT];
	db_bind_int64(st, 1, u->id);
	store_bind_text(st, 2, mc_life_name(x->status));
	int rc = db_step(st), found = rc == DB_ROW;
	if (found) {
		snprintf(day, nday, "%s", (const char *)db_col_text(st, 0));
		snprintf(from, nfrom, "%s:%d", (const char *)db_col_text(st, 1),
			 db_col_int(st, 2));
	}
	db_reset(st);
	if (!found && rc != DB_DONE)
		return store_fail(r->s, r->d, "read unit events");
	return found;
}

/* Runs a write statement and resets it. */
static int write_step(struct recorder *r, db_stmt *st)
{
	int rc = db_step(st);
	db_reset(st);
	if (rc != DB_DONE)
		return store_fail(r->s, r->d, "record actuals");
	return 0;
}

static int record(struct recorder *r, const struct unit_state *u,
		  const mc_actual *x)
{
	const char *status = mc_life_name(x->status);
	db_stmt *st = r->st[A_INSERT];
	db_bind_int64(st, 1, u->id);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, x->date);
	store_bind_text(st, 4, r->in->path);
	db_bind_int64(st, 5, x->line);
	store_bind_text(st, 6, r->loaded);
	if (write_step(r, st) < 0)
		return -1;
	st = r->st[A_LIFE];
	db_bind_int64(st, 1, u->id);
	store_bind_text(st, 2, status);
	store_bind_text(st, 3, x->date);
	if (write_step(r, st) < 0)
		return -1;
	r->tally->added++;
	r->tally->added_by[x->status]++;
	return 0;
}

/* Checks row x against its unit and records it.  0 done (recorded, a
 * repeat, or a broken rule reported), -1 on a store error. */
static int apply_row(struct recorder *r, const mc_actual *x)
{
	struct unit_state u;
	char day[16] = "", from[1100] = "";
	const char *status = mc_life_name(x->status);
	int found = read_unit(r, x, &u);
	if (found <= 0)
		return found < 0 ? -1
				 : broken(r, x, x->col_id,
					  "no unit '%s' in '%s' (no plan run "
					  "issued it)",
					  x->identifier, r->s->path);
	found = read_event(r, &u, x, day, sizeof(day), from, sizeof(from));
	if (found < 0)
		return -1;
	if (found && strcmp(day, x->date) == 0) {
		r->tally->known++;
		return 0;
	}
	if (found)
		return broken(r, x, x->col_date,
			      "%s was recorded for the unit on %s (%s), not "
			      "%s: each status is recorded once",
			      status, day, from, x->date);
	if (u.life == MC_LIFE_SCRAPPED)
		return broken(r, x, x->col_status,
			      "the unit was scrapped on %s: nothing follows "
			      "scrapped",
			      u.life_day);
	if (u.cancelled)
		return broken(r, x, x->col_id,
			      "unit '%s' was cancelled: its order left the "
			      "plan, so it takes no actuals",
			      x->identifier);
	if (x->status == MC_LIFE_SCRAPPED && u.life == MC_LIFE_SHIPPED)
		return broken(r, x, x->col_status,
			      "the unit was shipped on %s: a shipped unit "
			      "is not scrapped",
			      u.life_day);
	if (rank(x->status) <= rank(u.life))
		return broken(r, x, x->col_status,
			      "%s cannot follow %s (%s): a unit goes released, "
			      "produced, shipped, forward only",
			      status, mc_life_name(u.life), u.life_day);
	if (u.life >= 0 && strcmp(x->date, u.life_day) < 0)
		return broken(r, x, x->col_date,
			      "%s on %s is before the unit's %s on %s", status,
			      x->date, mc_life_name(u.life), u.life_day);
	return record(r, &u, x);
}

int sq_record_actuals(void *h, const mc_actuals *in, mc_actuals_tally *out,
		      mc_diag *d)
{
	sq_store *s = h;
	struct recorder r = {.s = s, .in = in, .tally = out, .d = d};
	int rc = -1;
	memset(out, 0, sizeof(*out));
	out->rows = in->nrows;
	store_iso_time((double)time(NULL), r.loaded, sizeof(r.loaded));
	for (int i = 0; i < A_COUNT; i++)
		if (!(r.st[i] = store_prep(s, actuals_sql[i], d)))
			goto out;
	if (store_begin(s, "record actuals", d) < 0)
		goto out;
	int row = 0;
	while (row < in->nrows && apply_row(&r, &in->rows[row]) == 0)
		row++;
	/* every row applied and none broke a rule: keep them all */
	if (row == in->nrows && !r.bad)
		rc = store_exec(s, "COMMIT", "record actuals", d);
	if (rc < 0 && s->drv->in_tx(s->db))
		store_rollback(s);
out:
	if (rc < 0) {
		/* nothing was recorded */
		out->added = 0;
		memset(out->added_by, 0, sizeof(out->added_by));
	}
	for (int i = 0; i < A_COUNT; i++)
		db_finalize(r.st[i]);
	return rc;
}
