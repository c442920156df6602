/*
 * classes.c - hashing orders on their LP coefficients into classes, and the
 * per-class coefficient tables.
 */
#include "classes.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The coefficients that decide class membership, flattened so that equal
 * keys compare equal with memcmp (doubles are produced by the same
 * arithmetic for equal inputs). */
typedef struct key {
	double *v;
	size_t n;
	uint64_t hash;
} key;

static void make_key(const mc_model *m, int o, double *v, size_t n, key *k)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	size_t i = 0;
	memset(v, 0, n * sizeof(double));
	v[i++] = ord->family;
	v[i++] = ord->region;
	v[i++] = ord->due;
	v[i++] = ord->release;
	v[i++] = ord->max_late_days;
	v[i++] = ord->priority * ord->late_penalty;
	v[i++] = ord->unmet_penalty;
	for (int j = 0; j < f->nopts; j++) {
		const mc_optval *ov = &f->opts[j].vals[ord->opt[j]];
		v[i] += ov->cost;
		for (int kk = 0; kk < m->nkinds; kk++)
			v[i + 1 + (size_t)kk] += ov->routing[kk];
		for (int mm = 0; mm < m->nmaterials; mm++)
			v[i + 1 + (size_t)m->nkinds + (size_t)mm] +=
			    ov->materials[mm];
	}
	/* -0.0 and 0.0 must hash alike */
	for (size_t j = 0; j < n; j++)
		if (v[j] == 0)
			v[j] = 0;
	k->v = v;
	k->n = n;
	k->hash = mc_hash_fnv1a(v, n * sizeof(double));
}

static void fill_tables(const mc_model *m, mc_arena *a, mc_classes *c)
{
	size_t np = (size_t)m->nplants, nk = (size_t)m->nkinds;
	size_t n = (size_t)c->n;
	c->nplants = m->nplants;
	c->nkinds = m->nkinds;
	c->nmat = m->nmaterials;
	c->minutes = mc_arena_calloc(a, n * np * nk + 1, sizeof(double));
	c->material =
	    mc_arena_calloc(a, n * (size_t)m->nmaterials + 1, sizeof(double));
	c->fixed = mc_arena_calloc(a, n * np + 1, sizeof(double));
	c->blocker = mc_arena_calloc(a, n * np + 1, sizeof(int));
	c->transit = mc_arena_calloc(a, n * np + 1, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		int o = c->v[i].rep;
		for (int mm = 0; mm < m->nmaterials; mm++)
			c->material[i * (size_t)m->nmaterials + (size_t)mm] =
			    mc_model_unit_material(m, o, mm);
		for (size_t p = 0; p < np; p++) {
			int b = mc_model_plant_blocker(m, o, (int)p);
			c->blocker[i * np + p] = b;
			if (b != MC_REASON_NONE)
				continue;
			c->fixed[i * np + p] =
			    mc_model_unit_fixed_cost(m, o, (int)p);
			int l = m->lane_of[p * (size_t)m->nregions +
					   (size_t)m->orders[o].region];
			c->transit[i * np + p] = m->lanes[l].days;
			for (size_t k = 0; k < nk; k++)
				c->minutes[(i * np + p) * nk + k] =
				    mc_model_unit_minutes(m, o, (int)p, (int)k);
		}
	}
}

typedef struct ranked_keep {
	int cls;
	mc_keep k;
} ranked_keep;

static int by_class_slot(const void *a, const void *b)
{
	const ranked_keep *x = a, *y = b;
	if (x->cls != y->cls)
		return x->cls - y->cls;
	if (x->k.plant != y->k.plant)
		return x->k.plant - y->k.plant;
	if (x->k.day != y->k.day)
		return x->k.day - y->k.day;
	return x->k.order - y->k.order;
}

/* The model's keeps in the order the LP's slots come (class, plant, day). */
static void sort_keeps(const mc_model *m, mc_arena *a, mc_classes *c)
{
	ranked_keep *r =
	    mc_xmalloc(((size_t)m->nkeep + 1) * sizeof(ranked_keep));
	int n = 0;
	for (int i = 0; i < m->nkeep; i++)
		if (m->keep[i].units > 0)
			r[n++] = (ranked_keep){c->class_of[m->keep[i].order],
					       m->keep[i]};
	qsort(r, (size_t)n, sizeof(*r), by_class_slot);
	c->keep = mc_arena_calloc(a, (size_t)n + 1, sizeof(mc_keep));
	for (int i = 0; i < n; i++)
		c->keep[i] = r[i].k;
	c->nkeep = n;
	free(r);
}

void mc_classes_build(const mc_model *m, mc_arena *a, mc_classes *out)
{
	size_t klen = 8 + (size_t)m->nkinds + (size_t)m->nmaterials;
	size_t cap = 16;
	while (cap < 2 * (size_t)m->norders)
		cap *= 2;
	int *table = mc_xmalloc(cap * sizeof(int)); /* class index or -1 */
	for (size_t i = 0; i < cap; i++)
		table[i] = -1;
	key *keys = mc_xmalloc(((size_t)m->norders + 1) * sizeof(key));
	double *kv =
	    mc_xmalloc(((size_t)m->norders + 1) * klen * sizeof(double));
	int *count = mc_xcalloc((size_t)m->norders + 1, sizeof(int));

	memset(out, 0, sizeof(*out));
	out->class_of = mc_arena_calloc(a, (size_t)m->norders + 1, sizeof(int));
	out->v = mc_arena_calloc(a, (size_t)m->norders + 1, sizeof(mc_class));
	for (int o = 0; o < m->norders; o++) {
		key k;
		make_key(m, o, kv + (size_t)out->n * klen, klen, &k);
		size_t h = (size_t)(k.hash & (cap - 1));
		while (table[h] >= 0 &&
		       (keys[table[h]].hash != k.hash ||
			memcmp(keys[table[h]].v, k.v, klen * sizeof(double))))
			h = (h + 1) & (cap - 1);
		if (table[h] < 0) {
			table[h] = out->n;
			keys[out->n] = k;
			out->v[out->n].rep = o;
			out->n++;
		}
		int c = table[h];
		out->class_of[o] = c;
		count[c]++;
		out->v[c].quantity += m->orders[o].quantity;
	}
	for (int c = 0; c < out->n; c++)
		out->v[c].orders =
		    mc_arena_calloc(a, (size_t)count[c], sizeof(int));
	for (int o = 0; o < m->norders; o++) {
		mc_class *c = &out->v[out->class_of[o]];
		c->orders[c->norders++] = o;
	}
	fill_tables(m, a, out);
	sort_keeps(m, a, out);
	free(table);
	free(keys);
	free(kv);
	free(count);
}
