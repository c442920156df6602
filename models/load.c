/*
 * load.c - reading catalog.yaml, plants.yaml and orders.yaml
 * (docs/inputs.md) into an mc_model, with validation: the loader's driver.
 *
 * Each file is read and checked for its shape by the reading layer
 * (yread.c).  Loading then goes in two passes over the trees: a forgiving
 * scan (here) interns every resource kind and material name, so that the
 * dense per-kind and per-material arrays can be sized by their final
 * counts, and a checking pass by the per-file mappers (load_catalog.c,
 * load_plants.c, load_orders.c) builds the records.  Names are found
 * through hash sets, so the work is linear in the size of the input.  The
 * checking pass reports every problem it meets to the caller's mc_diag at
 * the offending node's 1-based position and carries on, so one run shows
 * as many errors as possible.  Every number and count has a bound of
 * load.h.
 *
 * Memory: everything the model holds (records, arrays, strings, the file
 * names in positions, the input bytes) comes from the caller's arena.  The
 * YAML documents and id sets are the loader's and are freed before
 * returning.
 */
#include "yread.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reports a table that the scan found full, at the first name beyond it;
 * returns -1 then, else 0. */
static int names_over(struct ld *l, const struct names *t, int max,
		      const char *what)
{
	if (!t->over.line)
		return 0;
	return mc_diag_at(l->d, MC_EINPUT, t->over.file, t->over.line,
			  t->over.col, "more than %d %s (the limit)", max,
			  what);
}

static void intern_keys(struct ld *l, const ynode *map, struct names *t)
{
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		if (k)
			yr_names_add(l, t, k);
	}
}

/* Interns resource kinds and materials from wherever they appear, counts
 * families and resources; forgiving, the checking pass reports. */
static void scan(struct ld *l, struct src *cat, struct src *pl)
{
	l->s = cat;
	ynode *fams = yr_get(l, cat->root, "families");
	for (int i = 0; i < yr_seq_len(fams); i++) {
		ynode *f = yr_seq_at(l, fams, i);
		intern_keys(l, yr_get(l, f, "routing"), &l->kinds);
		intern_keys(l, yr_get(l, f, "routing"), &l->routkinds);
		intern_keys(l, yr_get(l, f, "materials"), &l->mats);
		ynode *opts = yr_get(l, f, "options");
		for (int j = 0; j < yr_npairs(opts); j++) {
			ynode *vals = yr_pair_val(l, opts, j);
			for (int k = 0; k < yr_npairs(vals); k++) {
				ynode *v = yr_pair_val(l, vals, k);
				intern_keys(l, yr_get(l, v, "routing"),
					    &l->kinds);
				intern_keys(l, yr_get(l, v, "routing"),
					    &l->routkinds);
				intern_keys(l, yr_get(l, v, "materials"),
					    &l->mats);
			}
		}
	}
	l->m->nfamilies = yr_seq_len(fams);

	l->s = pl;
	ynode *plants = yr_get(l, pl->root, "plants");
	for (int i = 0; i < yr_seq_len(plants); i++) {
		ynode *p = yr_seq_at(l, plants, i);
		ynode *res = yr_get(l, p, "resources");
		for (int j = 0; j < yr_seq_len(res); j++) {
			ynode *kind = yr_get(l, yr_seq_at(l, res, j), "kind");
			if (yr_is_scalar(kind) && !yr_is_null(kind)) {
				yr_names_add(l, &l->kinds, kind);
				yr_names_add(l, &l->reskinds, kind);
			}
		}
		l->nres += yr_seq_len(res);
		ynode *routing = yr_get(l, p, "routing");
		for (int j = 0; j < yr_npairs(routing); j++) {
			intern_keys(l, yr_pair_val(l, routing, j), &l->kinds);
			intern_keys(l, yr_pair_val(l, routing, j),
				    &l->routkinds);
		}
		intern_keys(l, yr_get(l, p, "materials"), &l->mats);
	}

	l->m->kinds = l->kinds.v;
	l->m->nkinds = l->kinds.n;
	l->m->materials = l->mats.v;
	l->m->nmaterials = l->mats.n;
}

/*
 * The most LP entries one unit-day of family f can have: a slot of f at
 * one plant on one day has an entry on its demand row, one per resource
 * kind f's routing can use (family, option or plant minutes) and one per
 * material f's bill can use; times the plants that make f.
 */
static double family_entries(const mc_model *m, int f)
{
	const mc_family *fam = &m->families[f];
	int plants = 0, kinds = 0, mats = 0;
	for (int p = 0; p < m->nplants; p++)
		plants += m->plants[p].makes[f] != 0;
	for (int k = 0; k < m->nkinds; k++) {
		int used = fam->routing[k] > 0;
		for (int o = 0; o < fam->nopts && !used; o++)
			for (int v = 0; v < fam->opts[o].nvals && !used; v++)
				used = fam->opts[o].vals[v].routing[k] > 0;
		for (int p = 0; p < m->nplants && !used; p++)
			used = m->plants[p].routing[f * m->nkinds + k] > 0;
		kinds += used;
	}
	for (int j = 0; j < m->nmaterials; j++) {
		int used = fam->materials[j] > 0;
		for (int o = 0; o < fam->nopts && !used; o++)
			for (int v = 0; v < fam->opts[o].nvals && !used; v++)
				used = fam->opts[o].vals[v].materials[j] > 0;
		mats += used;
	}
	return (double)plants * (1.0 + kinds + mats);
}

/*
 * Bounds the size of the plan the inputs allow, each part of which is
 * within its own bound: the production entries of the LP (for every order,
 * the plants that make its family x the horizon days x (1 + the resource
 * kinds and materials the family can use): the LP's entries if no two
 * orders shared a class) and the table over families x plants x days x
 * kinds that the LP keeps.  Both then fit an int index.  Linear in the
 * orders.  Returns 0, or -1 after reporting at the top of the orders file.
 */
static int check_size(struct ld *l, const struct src *orders)
{
	const mc_model *m = l->m;
	double *per_family =
	    mc_arena_alloc(l->a, (size_t)m->nfamilies * sizeof(double));
	for (int f = 0; f < m->nfamilies; f++)
		per_family[f] = family_entries(m, f);
	double entries = 0;
	for (int i = 0; i < m->norders; i++)
		entries += per_family[m->orders[i].family];
	entries *= m->horizon_days;
	double grid =
	    (double)m->nfamilies * m->nplants * m->horizon_days * m->nkinds;
	if (entries > MC_MAX_ENTRIES)
		return mc_diag_at(l->d, MC_EINPUT, orders->path, 1, 1,
				  "%d orders over %d days may need %.0f LP "
				  "entries (each order: the plants that make "
				  "its family x (1 + the resource kinds and "
				  "materials the family uses) per day), more "
				  "than the limit of %.0f",
				  m->norders, m->horizon_days, entries,
				  (double)MC_MAX_ENTRIES);
	if (grid > MC_MAX_GRID)
		return mc_diag_at(l->d, MC_EINPUT, orders->path, 1, 1,
				  "%d families x %d plants x %d days x %d "
				  "kinds is %.0f, more than the limit of %.0f",
				  m->nfamilies, m->nplants, m->horizon_days,
				  m->nkinds, grid, (double)MC_MAX_GRID);
	return 0;
}

int mc_load_sources(mc_arena *a, const mc_source *catalog,
		    const mc_source *plants, const mc_source *orders,
		    int norders, mc_model *m, mc_diag *d)
{
	struct src src[2 + MC_MAX_ORDER_FILES];
	struct ld l;
	int base = mc_diag_count(d), first = d->n, rc = -1;
	int nsrc = 2 + norders;

	assert(norders >= 1 && norders <= MC_MAX_ORDER_FILES);
	memset(m, 0, sizeof(*m));
	memset(src, 0, sizeof(src));
	memset(&l, 0, sizeof(l));
	m->arena = a;
	l.a = a;
	l.m = m;
	l.d = d;
	l.start = plants->start;
	for (int i = 0; i < nsrc; i++) {
		const mc_source *from = i == 0	 ? catalog
					: i == 1 ? plants
						 : &orders[i - 2];
		m->inputs[i].role = i == 0	  ? "catalog"
				    : i == 1	  ? "plants"
				    : i == 2	  ? "orders"
				    : from->yield ? "promises"
						  : "orders+";
		yr_src_open(&l, &src[i], from, &m->inputs[i]);
		src[i].yield = i > 2 && from->yield;
	}
	m->ninputs = nsrc;
	if (mc_diag_count(d) > base)
		goto out;

	yr_idset_init(&l.choices, 0);
	l.kinds.max = l.reskinds.max = l.routkinds.max = MC_MAX_KINDS;
	l.mats.max = MC_MAX_MATERIALS;
	l.regions.max = MC_MAX_REGIONS;
	scan(&l, &src[0], &src[1]);
	if (names_over(&l, &l.kinds, MC_MAX_KINDS, "resource kinds") ||
	    names_over(&l, &l.mats, MC_MAX_MATERIALS, "materials"))
		goto out;
	yr_map_catalog(&l, &src[0]);
	yr_map_plants(&l, &src[1]);
	yr_map_orders(&l, &src[2], norders);
	if (mc_diag_count(d) > base || check_size(&l, &src[2]) < 0)
		goto out;
	mc_model_finish(m);
	rc = 0;
out:
	for (int i = 0; i < nsrc; i++)
		yr_src_release(&src[i]);
	yr_idset_release(&l.famidx);
	yr_idset_release(&l.plantidx);
	yr_idset_release(&l.regidx);
	yr_idset_release(&l.choices);
	yr_sort_new(d, first);
	return rc;
}

int mc_load_overlaid(mc_arena *a, const mc_source *catalog,
		     const mc_source *plants, const mc_source *orders,
		     int norders, mc_scenario *const *sc, int nsc, mc_model *m,
		     mc_diag *d)
{
	int rc = 0;
	assert(nsc >= 0 && nsc <= MC_MAX_SCENARIOS);
	if (mc_load_sources(a, catalog, plants, orders, norders, m, d) < 0)
		return -1;
	for (int i = 0; i < nsc; i++) {
		if (mc_scenario_apply(sc[i], m, d) < 0) {
			rc = -1;
			continue;
		}
		m->inputs[m->ninputs++] = sc[i]->input;
	}
	return rc;
}

int mc_load_inputs(mc_arena *a, const char *catalog, const char *plants,
		   const char *orders, mc_model *m, mc_diag *d)
{
	mc_source c = {.path = catalog}, p = {.path = plants};
	mc_source o = {.path = orders};
	return mc_load_sources(a, &c, &p, &o, 1, m, d);
}

struct mc_order_reader {
	const mc_model *m;
	const char **famids;
	struct idset famidx, regidx, choices;
	mc_arena *arena; /* the choices' keys */
};

mc_order_reader *mc_order_reader_new(const mc_model *m)
{
	mc_order_reader *r = mc_xcalloc(1, sizeof(*r));
	struct ld l;
	memset(&l, 0, sizeof(l));
	r->m = m;
	r->famids = mc_xcalloc((size_t)m->nfamilies + 1, sizeof(char *));
	for (int f = 0; f < m->nfamilies; f++)
		r->famids[f] = m->families[f].id;
	yr_idset_index(&r->famidx, r->famids, m->nfamilies);
	yr_idset_index(&r->regidx, m->regions, m->nregions);
	/* the choice keys live in an arena the reader owns */
	l.a = mc_arena_new();
	l.m = (mc_model *)m;
	yr_idset_init(&l.choices, 0);
	yr_index_choices(&l);
	r->choices = l.choices;
	r->arena = l.a;
	return r;
}

void mc_order_reader_free(mc_order_reader *r)
{
	if (!r)
		return;
	yr_idset_release(&r->famidx);
	yr_idset_release(&r->regidx);
	yr_idset_release(&r->choices);
	mc_arena_free(r->arena);
	free(r->famids);
	free(r);
}

int mc_order_read(const mc_order_reader *r, mc_arena *a, const mc_source *from,
		  mc_order *o, mc_diag *d)
{
	struct src src;
	struct ld l;
	int base = mc_diag_count(d), first = d->n, rc = -1;
	memset(&src, 0, sizeof(src));
	memset(&l, 0, sizeof(l));
	memset(o, 0, sizeof(*o));
	l.a = a;
	l.m = (mc_model *)r->m; /* read only: the mapper writes into o */
	l.d = d;
	l.famids = r->famids;
	l.famidx = r->famidx; /* borrowed, never released here */
	l.regidx = r->regidx;
	l.choices = r->choices;
	yr_src_open(&l, &src, from, NULL);
	if (mc_diag_count(d) == base && src.root)
		rc = yr_map_order_entry(&l, &src, o);
	yr_src_release(&src);
	yr_sort_new(d, first);
	return rc;
}
