/*
 * tagging.c - which unit of an order keeps which identifier (tagging.h).
 *
 * Pure: the decision is a function of the order's unit rows and plan rows;
 * its scratch lives in the mc_tag_plan.
 */
#include "tagging.h"

#include <stdlib.h>
#include <string.h>

/* Sort key of a plan row: order, production day, plant, resource, then
 * position for a stable order. */
struct row_key {
	int order, day, plant, resource, idx;
};

static int by_row_key(const void *x, const void *y)
{
	const struct row_key *a = x, *b = y;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->plant != b->plant)
		return a->plant < b->plant ? -1 : 1;
	if (a->resource != b->resource)
		return a->resource < b->resource ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

void mc_tag_rows(const mc_alloc *alloc, int nalloc, int norders, int *idx,
		 int *first)
{
	struct row_key *keys =
	    mc_xmalloc((size_t)(nalloc ? nalloc : 1) * sizeof(*keys));
	for (int i = 0; i < nalloc; i++)
		keys[i] =
		    (struct row_key){alloc[i].order, alloc[i].day,
				     alloc[i].plant, alloc[i].resource, i};
	qsort(keys, (size_t)nalloc, sizeof(*keys), by_row_key);
	for (int i = 0; i < nalloc; i++)
		idx[i] = keys[i].idx;
	free(keys);
	int k = 0;
	for (int o = 0; o < norders; o++) {
		first[o] = k;
		while (k < nalloc && alloc[idx[k]].order == o)
			k++;
	}
	first[norders] = k;
}

/* One decision's working state. */
struct tagger {
	const mc_tag_order *o;
	mc_tag_plan *out;
	int *left;    /* [nrows] units of each plan row not given yet */
	int *alloc;   /* [nunits] the plan row position each unit holds, -1 */
	int *chosen;  /* [nunits] the unit of its seq in this run */
	int *pinned;  /* [nunits] frozen: keeps its exact plan row */
	int *unit_of; /* [top + 1] unit index + 1 chosen for a seq, 0 none */
};

static void add_step(struct tagger *t, enum mc_tag_kind kind, int unit, int seq,
		     int pos)
{
	mc_tag_plan *out = t->out;
	if (out->nsteps == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		out->step = mc_xrealloc(out->step,
					(size_t)out->cap * sizeof(*out->step));
	}
	out->step[out->nsteps++] =
	    (mc_tag_step){kind, unit, seq, pos >= 0 ? t->o->rows[pos] : -1};
}

/* The position of the first plan row with units left at unit u's
 * published place: plant, day and (when exact) resource; frozen rows only
 * when frozen, the others only when not.  -1 when none. */
static int row_at(const struct tagger *t, int u, int exact, int frozen)
{
	const mc_tag_order *o = t->o;
	const mc_tag_unit *x = &o->unit[u];
	if (!x->placed)
		return -1;
	for (int k = 0; k < o->nrows; k++) {
		const mc_alloc *al = &o->alloc[o->rows[k]];
		if (!t->left[k] || al->frozen != frozen || al->day != x->day ||
		    al->plant != x->plant)
			continue;
		if (exact && (x->resource < 0 || al->resource < 0 ||
			      al->resource != x->resource))
			continue;
		return k;
	}
	return -1;
}

/* The position of the next plan row with units left from *k on, in day
 * and plant order, or -1. */
static int next_row(const struct tagger *t, int *k)
{
	for (; *k < t->o->nrows; (*k)++)
		if (t->left[*k])
			return *k;
	return -1;
}

/* Unit u becomes the unit of its seq, in place of the one chosen before
 * (whose plan row, if it held one, is free again). */
static void choose(struct tagger *t, int u)
{
	int seq = t->o->unit[u].seq;
	if (t->unit_of[seq]) {
		int old = t->unit_of[seq] - 1;
		t->chosen[old] = 0;
		if (t->alloc[old] >= 0)
			t->left[t->alloc[old]]++, t->alloc[old] = -1;
	}
	t->chosen[u] = 1;
	t->unit_of[seq] = u + 1;
}

/* A plan run: one unit per seq, the most recent of the order's family
 * that is not scrapped; units the floor made stay as they are.  A unit
 * keeps its place where the plan has one for it: first a frozen unit its
 * exact row (plant, resource, day; even above a shrunk quantity), then any
 * unit a row at its plant and day; the other rows go to the other seqs in
 * order of production day, then plant; seqs left over are unmet. */
static int tag(struct tagger *t, int top)
{
	const mc_tag_order *o = t->o;
	const mc_tag_unit *unit = o->unit;
	int q = o->quantity, n = o->nunits;
	for (int i = 0; i < n; i++) {
		const mc_tag_unit *u = &unit[i];
		if (u->done) { /* made: it stays whatever the order says */
			choose(t, i);
			continue;
		}
		if (!u->match || u->scrapped ||
		    (t->unit_of[u->seq] && unit[t->unit_of[u->seq] - 1].done))
			continue;
		if (u->seq > q &&
		    (!t->pinned[i] || (t->alloc[i] = row_at(t, i, 1, 1)) < 0))
			continue; /* above the quantity: only if frozen */
		if (t->alloc[i] >= 0)
			t->left[t->alloc[i]]--; /* held for it */
		choose(t, i); /* rows come by seq then id: the newest wins */
	}
	/* cancel first so at most one unit per seq is live at any moment */
	for (int i = 0; i < n; i++)
		if (!t->chosen[i] && unit[i].live)
			add_step(t, MC_TAG_CANCEL, i, unit[i].seq, -1);
	/* places: frozen units their exact rows, then any unit its place */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			if (!t->chosen[i] || unit[i].done || t->alloc[i] >= 0 ||
			    !unit[i].live || (pass == 0 && !t->pinned[i]))
				continue;
			t->alloc[i] = row_at(t, i, pass == 0, pass == 0);
			if (t->alloc[i] >= 0)
				t->left[t->alloc[i]]--;
		}
	/* the rest in seq order: plan rows, then the order's unmet units;
	 * a seq left over (made or frozen units stand above a shrunk
	 * quantity) has no unit: a live one is cancelled, the highest */
	int k = 0, unmet = o->unmet;
	for (int seq = 1; seq <= top; seq++) {
		int u = t->unit_of[seq] - 1;
		if (u >= 0 && unit[u].done)
			continue;
		if (seq > q && u < 0)
			continue;
		int held = u >= 0 && t->alloc[u] >= 0;
		int a = held ? t->alloc[u] : next_row(t, &k);
		if (a >= 0 && !held)
			t->left[a]--;
		if (a < 0 && unmet-- <= 0) {
			if (u >= 0 && unit[u].live)
				add_step(t, MC_TAG_CANCEL, u, seq, -1);
			continue;
		}
		add_step(t, u >= 0 ? MC_TAG_KEEP : MC_TAG_NEW, u, seq, a);
	}
	for (k = 0; k < o->nrows; k++)
		if (t->left[k])
			return -1;
	return 0;
}

/* A hypothetical run: the live units of the family in seq order take the
 * plan's units, then its unmet ones; made units are out of the plan. */
static void record(struct tagger *t)
{
	const mc_tag_order *o = t->o;
	int planned = o->planned, unmet = o->unmet;
	int k = 0, left = o->nrows ? o->alloc[o->rows[0]].units : 0;
	for (int i = 0; i < o->nunits; i++) {
		const mc_tag_unit *u = &o->unit[i];
		if (!u->live || !u->match || u->seq > o->quantity || u->done)
			continue;
		int pos = -1;
		if (planned-- > 0) {
			while (k < o->nrows && left == 0)
				if (++k < o->nrows)
					left = o->alloc[o->rows[k]].units;
			if (k < o->nrows)
				left--, pos = k;
		}
		if (pos < 0 && unmet-- <= 0)
			break;
		add_step(t, MC_TAG_RECORD, i, u->seq, pos);
	}
}

int mc_tag_decide(const mc_tag_order *o, mc_tag_plan *out)
{
	int n = o->nunits, top = o->quantity;
	for (int i = 0; i < n; i++)
		if (o->unit[i].seq > top)
			top = o->unit[i].seq;
	size_t need = (size_t)o->nrows + 4 * (size_t)n + (size_t)top + 1;
	if (need > (size_t)out->capwork) {
		out->capwork = (int)(2 * need);
		out->work =
		    mc_xrealloc(out->work, (size_t)out->capwork * sizeof(int));
	}
	memset(out->work, 0, need * sizeof(int));
	struct tagger t = {.o = o, .out = out};
	t.left = out->work;
	t.alloc = t.left + o->nrows;
	t.chosen = t.alloc + n;
	t.pinned = t.chosen + n;
	t.unit_of = t.pinned + n;
	for (int k = 0; k < o->nrows; k++)
		t.left[k] = o->alloc[o->rows[k]].units;
	for (int i = 0; i < n; i++) {
		const mc_tag_unit *u = &o->unit[i];
		t.alloc[i] = -1;
		t.pinned[i] = u->live && !u->done && u->placed &&
			      mc_frozen_day(u->day, o->horizon_days,
					    o->frozen_days, u->released);
	}
	out->nsteps = 0;
	if (o->hypothetical) {
		record(&t);
		return 0;
	}
	if (tag(&t, top) < 0) {
		out->nsteps = 0;
		return -1;
	}
	return 0;
}

void mc_tag_plan_release(mc_tag_plan *out)
{
	if (!out)
		return;
	free(out->step);
	free(out->work);
	memset(out, 0, sizeof(*out));
}
