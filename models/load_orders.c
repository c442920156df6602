/*
 * load_orders.c - orders.yaml into the model's orders; the mapper of the
 * loader's checking pass (yread.h).
 */
#include "yread.h"
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names of the family's options, or of an option's values, for a "did you
 * mean" (malloc'd; only built when something is wrong). */
static void unknown_choice(struct ld *l, ynode *n, const char *word,
			   const mc_family *fam, const mc_option *o)
{
	int count = o ? o->nvals : fam->nopts;
	const char **cand = mc_xcalloc((size_t)count + 1, sizeof(*cand));
	char buf[512];
	for (int i = 0; i < count; i++)
		cand[i] = o ? o->vals[i].name : fam->opts[i].name;
	const char *h = yr_hint(l->d, word, cand, count, buf, sizeof(buf));
	if (o)
		yr_err(l, n, "unknown value '%s' for option '%s'%s", word,
		       o->name, h);
	else
		yr_err(l, n, "unknown option '%s' for family '%s'%s", word,
		       fam->id, h);
	free(cand);
}

/* Reads the order's option choices: every option of the family, valid
 * values only.  where is the node to blame for missing ones. */
static void load_choices(struct ld *l, ynode *map, ynode *where, mc_order *o,
			 const mc_family *fam)
{
	o->opt = mc_arena_calloc(l->a, (size_t)fam->nopts + 1, sizeof(int));
	for (int i = 0; i < fam->nopts; i++)
		o->opt[i] = -1; /* -1 not given, -2 given but wrong */
	if (map && !yr_want_map(l, map, "options")) {
		where = map;
		for (int i = 0; i < yr_npairs(map); i++) {
			ynode *k = yr_pair_key(l, map, i);
			ynode *v = yr_pair_val(l, map, i);
			if (!k)
				continue;
			int at = yr_find_choice(l, o->family, -1, yr_text(k));
			if (at < 0) {
				unknown_choice(l, k, yr_text(k), fam, NULL);
				continue;
			}
			const mc_option *opn = &fam->opts[at];
			const char *t = yr_want_str(l, v, opn->name);
			int val = t ? yr_find_choice(l, o->family, at, t) : -1;
			if (t && val < 0)
				unknown_choice(l, v, t, fam, opn);
			o->opt[at] = val >= 0 ? val : -2;
		}
	}
	for (int i = 0; i < fam->nopts; i++)
		if (o->opt[i] == -1)
			yr_err(l, where, "missing option '%s' for family '%s'",
			       fam->opts[i].name, fam->id);
}

/* Reads order n into o.  An order of the book (ids: the ids so far, oi its
 * index) must have every key; a single order asked about (ids NULL: a
 * promise, load.h) may leave out id, customer and due. */
static void load_order(struct ld *l, ynode *n, mc_order *o, int oi,
		       struct idset *ids)
{
	static const struct field book[] = {{"id", 1},
					    {"customer", 1},
					    {"region", 1},
					    {"family", 1},
					    {"options", 0},
					    {"quantity", 1},
					    {"due", 1},
					    {"release", 0},
					    {"priority", 0},
					    {"late_penalty", 0},
					    {"unmet_penalty", 0},
					    {"max_late_days", 0},
					    {NULL, 0}};
	static const struct field single[] = {{"id", 0},
					      {"customer", 0},
					      {"region", 1},
					      {"family", 1},
					      {"options", 0},
					      {"quantity", 1},
					      {"due", 0},
					      {"release", 0},
					      {"priority", 0},
					      {"late_penalty", 0},
					      {"unmet_penalty", 0},
					      {"max_late_days", 0},
					      {NULL, 0}};
	mc_model *m = l->m;
	ynode *v;
	const char *t;

	o->region = o->family = -1;
	o->priority = 1;
	o->max_late_days = -1;
	o->release = m->start;
	if (yr_check_map(l, n, ids ? "each order" : "the order",
			 ids ? book : single))
		return;
	o->pos = yr_pos_of(l, n);
	if ((v = ids ? yr_get(l, n, "id") : yr_opt(l, n, "id")) &&
	    (t = yr_want_str(l, v, "id"))) {
		o->id = mc_arena_strdup(l->a, t);
	}
	if (o->id && ids) {
		int first = yr_idset_add(ids, o->id, oi + 1);
		const mc_pos *at = first ? &m->orders[first - 1].pos : NULL;
		if (at && at->file == o->pos.file)
			yr_err(l, v, "duplicate order '%s' (first at line %d)",
			       o->id, at->line);
		else if (at)
			yr_err(l, v, "duplicate order '%s' (first at %s:%d)",
			       o->id, at->file, at->line);
	}
	if ((v = ids ? yr_get(l, n, "customer") : yr_opt(l, n, "customer")) &&
	    (t = yr_want_str(l, v, "customer")))
		o->customer = mc_arena_strdup(l->a, t);
	if ((v = yr_get(l, n, "region")))
		o->region = yr_want_ref(l, v, "region", m->regions, m->nregions,
					&l->regidx);
	if ((v = yr_get(l, n, "family")))
		o->family = yr_want_family(l, v);
	if (o->family >= 0) {
		const mc_family *fam = &m->families[o->family];
		o->late_penalty = fam->late_penalty;
		o->unmet_penalty = fam->unmet_penalty;
		load_choices(l, yr_opt(l, n, "options"), n, o, fam);
	}
	if ((v = yr_get(l, n, "quantity")))
		yr_want_int(l, v, "quantity", NUM_POS, MC_MAX_QUANTITY,
			    &o->quantity);
	if ((v = ids ? yr_get(l, n, "due") : yr_opt(l, n, "due")))
		yr_want_date(l, v, "due", &o->due);
	if ((v = yr_opt(l, n, "release")))
		yr_want_date(l, v, "release", &o->release);
	if ((v = yr_opt(l, n, "priority")))
		yr_want_num(l, v, "priority", NUM_NONNEG, MC_MAX_PRIORITY,
			    &o->priority);
	if ((v = yr_opt(l, n, "late_penalty")))
		yr_want_num(l, v, "late_penalty", NUM_NONNEG, MC_MAX_MONEY,
			    &o->late_penalty);
	if ((v = yr_opt(l, n, "unmet_penalty")))
		yr_want_num(l, v, "unmet_penalty", NUM_NONNEG, MC_MAX_MONEY,
			    &o->unmet_penalty);
	if ((v = yr_opt(l, n, "max_late_days")))
		yr_want_int(l, v, "max_late_days", NUM_NONNEG, MC_MAX_LATE_DAYS,
			    &o->max_late_days);
}

/* 1 when order n of a file that yields (mc_source.yield) has an id an
 * earlier file has: the earlier file's order stands, n is not read. */
static int yields(struct ld *l, ynode *n, const struct idset *ids)
{
	ynode *v = yr_is_map(n) ? yr_opt(l, n, "id") : NULL;
	return v && yr_is_scalar(v) && yr_idset_find(ids, yr_text(v)) > 0;
}

void yr_map_orders(struct ld *l, struct src *s, int nsrc)
{
	mc_model *m = l->m;
	ynode *v[MC_MAX_ORDER_FILES];
	long long total = 0;

	for (int f = 0; f < nsrc; f++) {
		v[f] = yr_sole_list(l, &s[f], "orders");
		if (!v[f] || yr_too_many(l, v[f], total += yr_seq_len(v[f]),
					 MC_MAX_ORDERS, "orders"))
			return;
	}
	m->orders =
	    mc_arena_calloc(l->a, (size_t)total + 1, sizeof(*m->orders));
	struct idset ids;
	yr_idset_init(&ids, (int)total);
	for (int f = 0; f < nsrc; f++) {
		l->s = &s[f];
		for (int i = 0; i < yr_seq_len(v[f]); i++) {
			ynode *n = yr_seq_at(l, v[f], i);
			if (s[f].yield && yields(l, n, &ids))
				continue;
			int oi = m->norders++;
			load_order(l, n, &m->orders[oi], oi, &ids);
		}
	}
	yr_idset_release(&ids);
	long long units = 0;
	for (int i = 0; i < m->norders; i++)
		units += m->orders[i].quantity;
	yr_too_many(l, v[nsrc - 1], units, MC_MAX_UNITS,
		    "units ordered in all");
}

int yr_map_order_entry(struct ld *l, struct src *s, mc_order *o)
{
	ynode *n = s->root;
	l->s = s;
	int base = mc_diag_count(l->d);
	load_order(l, n, o, 0, NULL);
	if (mc_diag_count(l->d) > base || !yr_is_map(n))
		return -1;
	/* the dates a plan of this model can answer: production in the
	 * horizon, arrival by the longest lane after it */
	const mc_model *m = l->m;
	int longest = 0;
	for (int i = 0; i < m->nlanes; i++)
		if (m->lanes[i].days > longest)
			longest = m->lanes[i].days;
	int first = m->start, last = m->start + m->horizon_days - 1;
	char d1[11], d2[11];
	ynode *v;
	if ((v = yr_opt(l, n, "due")) &&
	    (o->due < first || o->due > last + longest))
		yr_err(l, v,
		       "due %s is outside the plan's horizon: a promise can "
		       "be asked for %s..%s",
		       yr_text(v), mc_date_format(first, d1),
		       mc_date_format(last + longest, d2));
	if ((v = yr_opt(l, n, "release")) &&
	    (o->release < first || o->release > last))
		yr_err(l, v, "release %s is outside the plan's horizon %s..%s",
		       yr_text(v), mc_date_format(first, d1),
		       mc_date_format(last, d2));
	return mc_diag_count(l->d) > base ? -1 : 0;
}
