/*
 * store_units.c - unit tagging carried out (see store.h, and
 * scheduler/night/tagging.h for the rule): for each order of a run, its
 * unit rows are read with their places in the plan the run holds to,
 * mc_tag_decide() says which unit keeps, revives, gets a new serial or is
 * cancelled and which plan row each takes, and the steps are written in
 * the run's transaction.  The serial counter is read at the start and
 * written back at the end.
 *
 * Memory: the unit rows of one order at a time, in the saver's arrays.
 */
#include "store_impl.h"

#include "date.h"
#include "ids.h"

#include <stdlib.h>
#include <string.h>

static int is(const char *s, const char *what)
{
	return s && strcmp(s, what) == 0;
}

/* One unit row of the run's orders, as read once for all (sort order:
 * order, seq, id, as each order's rows are read). */
struct unit_row {
	int order;
	int64_t id;
	mc_tag_unit u;
};

static int by_order_seq(const void *a, const void *b)
{
	const struct unit_row *x = a, *y = b;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->u.seq != y->u.seq)
		return x->u.seq < y->u.seq ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Reads every unit row of the run's orders in one query (a store on a
 * server answers one question, not one an order), each with its place
 * in the plan the run holds to (sv->ref) as plain data, grouped by order
 * (sv->rows, sv->row_first).  Tagging writes only the units of the order
 * it tags, so what it reads of the others stays true. */
static int read_run_units(struct saver *sv)
{
	const mc_model *m = sv->m;
	db_stmt *st = sv->st[S_ORDER_UNITS];
	mc_id_index orders;
	int rc, n = 0, cap = 0;
	struct unit_row *rows = NULL;
	mc_order_index_build(m, &orders);
	db_bind_int64(st, 1, sv->run);
	db_bind_int64(st, 2, sv->ref);
	while ((rc = db_step(st)) == DB_ROW) {
		int o = mc_id_index_find(&orders, db_col_text(st, 9));
		if (o < 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			rows = mc_xrealloc(rows, (size_t)cap * sizeof(*rows));
		}
		const mc_family *f = &m->families[m->orders[o].family];
		mc_tag_unit *u = &rows[n].u;
		const char *code = db_col_text(st, 2);
		const char *gtin = db_col_text(st, 3);
		const char *status = db_col_text(st, 4);
		const char *life = db_col_text(st, 5);
		const char *plant = db_col_text(st, 6);
		const char *res = db_col_text(st, 7);
		const char *day = db_col_text(st, 8);
		int dayno = 0;
		rows[n].order = o;
		rows[n++].id = db_col_int64(st, 0);
		u->seq = db_col_int(st, 1);
		u->match = code && gtin && strcmp(code, f->code) == 0 &&
			   strcmp(gtin, f->gtin) == 0;
		u->live = status && strcmp(status, "cancelled") != 0;
		u->done =
		    u->live && (is(life, "produced") || is(life, "shipped"));
		u->scrapped = is(life, "scrapped");
		u->released = is(life, "released");
		u->placed = plant && day && mc_date_parse(day, &dayno) == 0;
		u->plant = mc_id_index_find(&sv->plants, plant);
		u->resource = mc_id_index_find(&sv->resources, res);
		u->day = dayno - m->start;
	}
	mc_id_index_free(&orders);
	if (rc != DB_DONE) {
		store_fail(sv->s, sv->d, "read units");
		db_reset(st);
		free(rows);
		return -1;
	}
	db_reset(st);
	if (n)
		qsort(rows, (size_t)n, sizeof(*rows), by_order_seq);
	sv->rows = rows;
	sv->row_first = mc_xcalloc((size_t)m->norders + 1, sizeof(int));
	for (int k = 0, o = 0; o <= m->norders; o++) {
		while (k < n && rows[k].order < o)
			k++;
		sv->row_first[o] = k;
	}
	return 0;
}

/* The unit rows of order o into sv->units (ids into sv->ids). */
static void order_units(struct saver *sv, int o)
{
	const struct unit_row *rows = sv->rows;
	int from = sv->row_first[o], to = sv->row_first[o + 1];
	sv->nunits = 0;
	for (int k = from; k < to; k++) {
		if (sv->nunits == sv->capunits) {
			sv->capunits = sv->capunits ? 2 * sv->capunits : 64;
			sv->units =
			    mc_xrealloc(sv->units, (size_t)sv->capunits *
						       sizeof(*sv->units));
			sv->ids = mc_xrealloc(sv->ids, (size_t)sv->capunits *
							   sizeof(*sv->ids));
		}
		sv->units[sv->nunits] = rows[k].u;
		sv->ids[sv->nunits++] = rows[k].id;
	}
}

static int write_unit_plan(struct saver *sv, int64_t unit, const mc_alloc *al)
{
	const mc_model *m = sv->m;
	db_stmt *st = sv->st[S_UNIT_PLAN];
	db_bind_int64(st, 1, sv->run);
	db_bind_int64(st, 2, unit);
	store_bind_text(st, 3, al ? "planned" : "unmet");
	if (al) {
		store_bind_text(st, 4, m->plants[al->plant].id);
		store_bind_text(
		    st, 5,
		    al->resource >= 0 ? m->resources[al->resource].id : NULL);
		store_bind_date(st, 6, m->start + al->day, INT32_MIN);
		store_bind_date(st, 7, al->arrive, INT32_MIN);
	}
	return store_step_write(sv->s, st, sv->d);
}

static int new_unit(struct saver *sv, int o, int seq, const char *status,
		    int64_t *id)
{
	const mc_model *m = sv->m;
	const mc_family *f = &m->families[m->orders[o].family];
	char ident[MC_ID_MAX];
	if (sv->next_serial > MC_SERIAL_MAX)
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': the serial "
				     "counter is exhausted",
				     sv->s->path);
	if (mc_id_format(ident, sizeof(ident), m->prefix, f->code, f->gtin,
			 sv->next_serial))
		return mc_diag_error(sv->d, MC_ESTORE,
				     "unable to save run in '%s': cannot form "
				     "an identifier from prefix '%s', code "
				     "'%s', gtin '%s'",
				     sv->s->path, m->prefix ? m->prefix : "",
				     f->code, f->gtin);
	db_stmt *st = sv->st[S_NEW_UNIT];
	store_bind_text(st, 1, ident);
	db_bind_int64(st, 2, (int64_t)sv->next_serial);
	store_bind_text(st, 3, m->orders[o].id);
	db_bind_int64(st, 4, seq);
	store_bind_text(st, 5, f->id);
	store_bind_text(st, 6, f->code);
	store_bind_text(st, 7, f->gtin);
	store_bind_text(st, 8, status);
	db_bind_int64(st, 9, sv->run);
	db_bind_int64(st, 10, sv->next_unit);
	if (store_step_write(sv->s, st, sv->d))
		return -1;
	*id = sv->next_unit++;
	sv->next_serial++;
	return 0;
}

/* Carries out the steps mc_tag_decide() gave for order o. */
static int carry_out(struct saver *sv, int o)
{
	const mc_tag_plan *t = &sv->tags;
	for (int i = 0; i < t->nsteps; i++) {
		const mc_tag_step *x = &t->step[i];
		const mc_alloc *al =
		    x->alloc >= 0 ? &sv->p->alloc[x->alloc] : NULL;
		const char *status = al ? "planned" : "unmet";
		int64_t id = x->unit >= 0 ? sv->ids[x->unit] : 0;
		db_stmt *st;
		switch (x->kind) {
		case MC_TAG_CANCEL:
			st = sv->st[S_CANCEL];
			db_bind_int64(st, 1, id);
			if (store_step_write(sv->s, st, sv->d))
				return -1;
			continue;
		case MC_TAG_KEEP:
			st = sv->st[S_REVIVE];
			db_bind_int64(st, 1, id);
			store_bind_text(st, 2, status);
			db_bind_int64(st, 3, sv->run);
			if (store_step_write(sv->s, st, sv->d))
				return -1;
			break;
		case MC_TAG_NEW:
			if (new_unit(sv, o, x->seq, status, &id))
				return -1;
			break;
		case MC_TAG_RECORD:
			break;
		}
		if (write_unit_plan(sv, id, al))
			return -1;
	}
	return 0;
}

/* Tags the units of order o: the rule decides, the store writes. */
static int tag_order(struct saver *sv, int o)
{
	const mc_plan *p = sv->p;
	order_units(sv, o);
	mc_tag_order in = {
	    .quantity = sv->m->orders[o].quantity,
	    .planned = p->orders[o].planned,
	    .unmet = p->orders[o].unmet,
	    .unit = sv->units,
	    .nunits = sv->nunits,
	    .alloc = p->alloc,
	    .rows = sv->by_order + sv->first[o],
	    .nrows = sv->first[o + 1] - sv->first[o],
	    .horizon_days = sv->m->horizon_days,
	    .frozen_days = p->frozen_days,
	    .hypothetical = sv->whatif,
	};
	if (mc_tag_decide(&in, &sv->tags) < 0)
		return mc_diag_error(
		    sv->d, MC_ESTORE,
		    "unable to save run in '%s': order '%s' has more "
		    "units in the plan than units to give them to (were "
		    "units of it made since the run was planned? plan "
		    "again)",
		    sv->s->path, sv->m->orders[o].id);
	return carry_out(sv, o);
}

int store_save_units(struct saver *sv)
{
	const mc_model *m = sv->m;
	db_stmt *st = sv->st[S_GET_SERIAL];
	if (db_step(st) != DB_ROW) {
		store_fail(sv->s, sv->d, "read the serial counter");
		db_reset(st);
		return -1;
	}
	sv->next_serial = (uint64_t)db_col_int64(st, 0);
	sv->next_unit = db_col_int64(st, 1) + 1;
	db_reset(st);
	if (!sv->whatif) {
		st = sv->st[S_CANCEL_ABSENT];
		db_bind_int64(st, 1, sv->run);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	if (read_run_units(sv))
		return -1;
	for (int o = 0; o < m->norders; o++)
		if (tag_order(sv, o))
			return -1;
	if (!sv->whatif) {
		st = sv->st[S_SET_SERIAL];
		db_bind_int64(st, 1, (int64_t)sv->next_serial);
		if (store_step_write(sv->s, st, sv->d))
			return -1;
	}
	return 0;
}
