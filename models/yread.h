/*
 * yread.h - the YAML reading layer that the loader's per-file mappers
 * share (private to the loader: load.c, load_*.c and yread.c include it).
 *
 * yread.c reads a file whole, checks its shape and parses it into a
 * libyaml document tree (the only file that includes <yaml.h>); the
 * mappers walk the tree through the accessors below and report at nodes'
 * positions.  Nodes are opaque here.
 */
#ifndef MC_YREAD_H
#define MC_YREAD_H

#include "load.h"

#include <stddef.h>

/* A node of a parsed file (yread.c's own, built from libyaml's events). */
typedef struct yr_node ynode;

/* One input file: its bytes and its YAML tree. */
struct src {
	const char *path; /* arena copy, used in positions */
	char *buf;
	size_t len;
	struct yr_tree *tree; /* NULL until parsed */
	ynode *root;	      /* NULL when the file did not load */
	int yield; /* orders: those an earlier file has are left to it */
};

/* A growing table of interned names, in the arena, of at most max names;
 * over is where the first name beyond them was seen (line 0: nowhere). */
struct names {
	const char **v;
	int n, cap, max;
	mc_pos over;
};

/* Ids seen so far in one namespace, with the line each was first seen on
 * (or another positive number: an index + 1 when it is an index of names).
 * The keys are borrowed. */
struct idset {
	const char **key;
	int *line;
	size_t cap, n;
};

/* What loading knows while it goes. */
struct ld {
	mc_arena *a;
	mc_model *m;
	mc_diag *d;
	struct src *s; /* the file being read */
	struct names kinds, mats, regions;
	struct names reskinds;	/* kinds some resource has */
	struct names routkinds; /* kinds some routing uses */
	int nres;		/* resources in plants.yaml */
	const char **famids;	/* [nfamilies], "" where unusable */
	const char **plantids;	/* [nplants], "" where unusable */
	int *lane_line;		/* [nplants * nregions] line of the lane, 0 */
	int start;		/* horizon start overriding plants.yaml's, 0 */
	/* indexes + 1 by name, so a million references cost a million
	 * lookups, not a million scans */
	struct idset famidx, plantidx, regidx;
	struct idset choices; /* "o<f>\x1f<option>", "v<f>\x1f<o>\x1f<value>" */
};

/* A key a mapping may have. */
struct field {
	const char *key;
	int required;
};

enum { NUM_NONNEG = 1, NUM_POS = 2, NUM_INT = 4 };

/* Loads item i of a sequence of records whose ids share one namespace. */
typedef void yr_item_fn(struct ld *l, ynode *n, int i, struct idset *ids);

/* ---- the reading layer (yread.c) ---- */

void yr_idset_init(struct idset *s, int n);

void yr_idset_release(struct idset *s);

int yr_idset_add(struct idset *s, const char *key, int line);

int yr_idset_find(const struct idset *s, const char *key);

void yr_idset_index(struct idset *s, const char *const *names, int n);

const char *yr_text(const ynode *n);

int yr_is_scalar(const ynode *n);

/* 1 when n is a mapping (its keys not checked, see yr_want_map()). */
int yr_is_map(const ynode *n);

int yr_is_null(const ynode *n);

mc_pos yr_pos_of(struct ld *l, const ynode *n);

int yr_npairs(const ynode *map);

ynode *yr_pair_key(struct ld *l, const ynode *map, int i);

ynode *yr_pair_val(struct ld *l, const ynode *map, int i);

int yr_seq_len(const ynode *seq);

ynode *yr_seq_at(struct ld *l, const ynode *seq, int i);

ynode *yr_get(struct ld *l, const ynode *map, const char *key);

ynode *yr_opt(struct ld *l, const ynode *map, const char *key);

int yr_names_find(const struct names *t, const char *s);

int yr_names_add(struct ld *l, struct names *t, const ynode *k);

void yr_err(struct ld *l, const ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const char *yr_hint(const mc_diag *d, const char *word, const char *const *cand,
		    int n, char *buf, size_t size);

void yr_expected(struct ld *l, const ynode *n, const char *what,
		 const char *label);

int yr_want_map(struct ld *l, ynode *n, const char *label);

int yr_check_map(struct ld *l, ynode *n, const char *label,
		 const struct field *f);

int yr_want_seq(struct ld *l, ynode *n, const char *label);

int yr_too_many(struct ld *l, const ynode *n, long long count, long long max,
		const char *what);

const char *yr_want_str(struct ld *l, ynode *n, const char *label);

int yr_want_num(struct ld *l, ynode *n, const char *label, int flags,
		double max, double *out);

int yr_want_int(struct ld *l, ynode *n, const char *label, int flags, int max,
		int *out);

int yr_want_date(struct ld *l, ynode *n, const char *label, int *out);

int yr_want_ref(struct ld *l, ynode *n, const char *what,
		const char *const *names, int count, const struct idset *idx);

void yr_unique(struct ld *l, struct idset *set, ynode *n, const char *what,
	       const char *id);

double *yr_dense(struct ld *l, int n, double init);

void yr_load_amounts(struct ld *l, ynode *map, const char *label,
		     const struct names *t, double *out);

void yr_load_items(struct ld *l, ynode *seq, yr_item_fn *fn);

ynode *yr_sole_list(struct ld *l, struct src *s, const char *key);

void yr_sort_new(mc_diag *d, int base);

void yr_src_open(struct ld *l, struct src *s, const mc_source *from,
		 mc_input *in);

void yr_src_release(struct src *s);

/* ---- the mappers of the checking pass (load_*.c) ---- */

void yr_map_catalog(struct ld *l, struct src *s);
void yr_map_plants(struct ld *l, struct src *s);
/* Orders of nsrc files (the order book and files of orders added). */
void yr_map_orders(struct ld *l, struct src *s, int nsrc);
/* One order asked about (a promise's, mc_order_read()): the mapping at
 * s's root into *o, its dates checked against the model's horizon.
 * Returns 0, or -1 after reporting. */
int yr_map_order_entry(struct ld *l, struct src *s, mc_order *o);
/* Indexes the options and values of every family of the model in
 * l->choices (for yr_find_choice()). */
void yr_index_choices(struct ld *l);
/* Value `name` of option o of family f (o < 0: the option), or -1. */
int yr_find_choice(struct ld *l, int f, int o, const char *name);
/* A family reference at n: its index, or -1 after reporting. */
int yr_want_family(struct ld *l, ynode *n);

/* The version of libyaml, as the library says at run time ("0.2.5"). */
const char *mc_yread_version(void);

#endif
