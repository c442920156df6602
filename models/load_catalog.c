/*
 * load_catalog.c - catalog.yaml (families, their routing, options and
 * materials) into the model's families; the mapper of the loader's
 * checking pass (yread.h).
 */
#include "yread.h"
#include "ids.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const family_kinds[] = {"furniture", "apparel", "aircon"};

/* The key of option name of family f (o < 0) or of value name of its
 * option o in l->choices, in buf of n >= strlen(name) + 32 bytes. */
static char *choice_key(char *buf, size_t n, int f, int o, const char *name)
{
	if (o < 0)
		snprintf(buf, n, "o%d\x1f%s", f, name);
	else
		snprintf(buf, n, "v%d\x1f%d\x1f%s", f, o, name);
	return buf;
}

/* Notes option (o < 0) or value name at index i for lookups. */
static void add_choice(struct ld *l, int f, int o, const char *name, int i)
{
	size_t n = strlen(name) + 32;
	char *key = mc_arena_alloc(l->a, n);
	yr_idset_add(&l->choices, choice_key(key, n, f, o, name), i + 1);
}

void yr_index_choices(struct ld *l)
{
	const mc_model *m = l->m;
	for (int f = 0; f < m->nfamilies; f++) {
		const mc_family *fam = &m->families[f];
		for (int o = 0; o < fam->nopts; o++) {
			add_choice(l, f, -1, fam->opts[o].name, o);
			for (int v = 0; v < fam->opts[o].nvals; v++)
				add_choice(l, f, o, fam->opts[o].vals[v].name,
					   v);
		}
	}
}

/* The index of option name of family f (o < 0), or of value name of its
 * option o; -1 when there is none. */
int yr_find_choice(struct ld *l, int f, int o, const char *name)
{
	size_t n = strlen(name) + 32;
	char *key = mc_xmalloc(n);
	int i = yr_idset_find(&l->choices, choice_key(key, n, f, o, name)) - 1;
	free(key);
	return i;
}

static void load_optval(struct ld *l, ynode *k, ynode *v, mc_optval *ov)
{
	static const struct field fields[] = {
	    {"routing", 0}, {"cost", 0}, {"materials", 0}, {NULL, 0}};
	ynode *x;

	ov->name = mc_arena_strdup(l->a, yr_text(k));
	ov->pos = yr_pos_of(l, k);
	ov->routing = yr_dense(l, l->m->nkinds, 0);
	ov->materials = yr_dense(l, l->m->nmaterials, 0);
	if (yr_is_null(v) || yr_check_map(l, v, yr_text(k), fields))
		return;
	yr_load_amounts(l, yr_opt(l, v, "routing"), "routing", &l->kinds,
			ov->routing);
	if ((x = yr_opt(l, v, "cost")))
		yr_want_num(l, x, "cost", NUM_NONNEG, MC_MAX_MONEY, &ov->cost);
	yr_load_amounts(l, yr_opt(l, v, "materials"), "materials", &l->mats,
			ov->materials);
}

static void load_options(struct ld *l, ynode *map, int f)
{
	mc_family *fam = &l->m->families[f];
	if (!map || yr_want_map(l, map, "options") ||
	    yr_too_many(l, map, yr_npairs(map), MC_MAX_OPTIONS, "options"))
		return;
	fam->opts = mc_arena_calloc(l->a, (size_t)yr_npairs(map) + 1,
				    sizeof(*fam->opts));
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		ynode *vals = yr_pair_val(l, map, i);
		if (!k)
			continue;
		int oi = fam->nopts++;
		mc_option *o = &fam->opts[oi];
		o->name = mc_arena_strdup(l->a, yr_text(k));
		add_choice(l, f, -1, o->name, oi);
		o->pos = yr_pos_of(l, k);
		if (yr_want_map(l, vals, o->name) ||
		    yr_too_many(l, vals, yr_npairs(vals), MC_MAX_VALUES,
				"values"))
			continue;
		if (!yr_npairs(vals))
			yr_err(l, vals, "option '%s' has no values", o->name);
		o->vals = mc_arena_calloc(l->a, (size_t)yr_npairs(vals) + 1,
					  sizeof(*o->vals));
		for (int j = 0; j < yr_npairs(vals); j++) {
			ynode *vk = yr_pair_key(l, vals, j);
			if (!vk)
				continue;
			add_choice(l, f, oi, yr_text(vk), o->nvals);
			load_optval(l, vk, yr_pair_val(l, vals, j),
				    &o->vals[o->nvals++]);
		}
	}
}

static void check_gtin(struct ld *l, ynode *n, const char *t)
{
	if (strlen(t) != 14 || strspn(t, "0123456789") != 14)
		yr_err(l, n, "gtin '%s' must be 14 digits", t);
	else if (!mc_gtin_valid(t))
		yr_err(l, n, "gtin '%s' has check digit %c, expected %d", t,
		       t[13], mc_gtin_check_digit(t, 13));
}

static void load_family(struct ld *l, ynode *n, int f, struct idset *ids)
{
	static const struct field fields[] = {{"id", 1},
					      {"kind", 1},
					      {"code", 1},
					      {"gtin", 1},
					      {"routing", 1},
					      {"holding_cost", 1},
					      {"late_penalty", 1},
					      {"unmet_penalty", 1},
					      {"options", 0},
					      {"materials", 0},
					      {NULL, 0}};
	mc_family *fam = &l->m->families[f];
	ynode *v;
	const char *t;

	fam->routing = yr_dense(l, l->m->nkinds, 0);
	fam->materials = yr_dense(l, l->m->nmaterials, 0);
	l->famids[f] = "";
	if (yr_check_map(l, n, "each family", fields))
		return;
	fam->pos = yr_pos_of(l, n);
	if ((v = yr_get(l, n, "id")) && (t = yr_want_str(l, v, "id"))) {
		if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
		    strlen(t))
			yr_err(l, v,
			       "family id '%s' may use only a-z, 0-9 and '-'",
			       t);
		fam->id = l->famids[f] = mc_arena_strdup(l->a, t);
		yr_unique(l, ids, v, "family", fam->id);
	}
	if ((v = yr_get(l, n, "kind")))
		fam->kind =
		    yr_want_ref(l, v, "family kind", family_kinds, 3, NULL);
	if ((v = yr_get(l, n, "code")) && (t = yr_want_str(l, v, "code"))) {
		if (!mc_id_code_valid(t))
			yr_err(l, v, "code '%s' must be 2-4 capital letters",
			       t);
		fam->code = mc_arena_strdup(l->a, t);
	}
	if ((v = yr_get(l, n, "gtin")) && (t = yr_want_str(l, v, "gtin"))) {
		check_gtin(l, v, t);
		fam->gtin = mc_arena_strdup(l->a, t);
	}
	if ((v = yr_get(l, n, "routing")))
		yr_load_amounts(l, v, "routing", &l->kinds, fam->routing);
	if ((v = yr_get(l, n, "holding_cost")))
		yr_want_num(l, v, "holding_cost", NUM_NONNEG, MC_MAX_MONEY,
			    &fam->holding_cost);
	if ((v = yr_get(l, n, "late_penalty")))
		yr_want_num(l, v, "late_penalty", NUM_NONNEG, MC_MAX_MONEY,
			    &fam->late_penalty);
	if ((v = yr_get(l, n, "unmet_penalty")))
		yr_want_num(l, v, "unmet_penalty", NUM_NONNEG, MC_MAX_MONEY,
			    &fam->unmet_penalty);
	load_options(l, yr_opt(l, n, "options"), f);
	yr_load_amounts(l, yr_opt(l, n, "materials"), "materials", &l->mats,
			fam->materials);
}

void yr_map_catalog(struct ld *l, struct src *s)
{
	mc_model *m = l->m;
	ynode *fams = yr_sole_list(l, s, "families");

	if (!fams || yr_too_many(l, fams, yr_seq_len(fams), MC_MAX_FAMILIES,
				 "families")) {
		m->nfamilies = 0; /* none loaded: plants and orders see none */
		return;
	}
	assert(m->nfamilies == yr_seq_len(fams));
	m->families = mc_arena_calloc(l->a, (size_t)m->nfamilies + 1,
				      sizeof(*m->families));
	l->famids =
	    mc_arena_calloc(l->a, (size_t)m->nfamilies + 1, sizeof(*l->famids));
	yr_load_items(l, fams, load_family);
	yr_idset_index(&l->famidx, l->famids, m->nfamilies);
}
