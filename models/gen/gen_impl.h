/*
 * gen_impl.h - what the files of the instance generator share (see
 * gen.h): its random numbers, the catalog's kinds, materials and
 * families, the regions, the instance (struct gen) and the drawn orders,
 * and the helpers that write YAML scalars.  Private to the generator:
 * only models/gen/gen*.c include it.
 *
 * The generator's files:
 *   gen.c          the entry point and the shape's knobs, the instance
 *                  built from them (struct gen), YAML scalars, job.yaml;
 *   gen_catalog.c  the families (three bases, their variants and derived
 *                  options) and catalog.yaml;
 *   gen_orders.c   the orders drawn for a seed and orders.yaml;
 *   gen_plants.c   the regions and plants, who makes what, the demand
 *                  the plants are sized to, and plants.yaml.
 * A helper only one file needs stays static in that file.
 */
#ifndef MC_GEN_IMPL_H
#define MC_GEN_IMPL_H

#include "gen.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Deterministic random numbers: xoshiro256** seeded with splitmix64, one
 * stream per use (1 the orders, 2 the plants, 3 a variant family's
 * numbers), the same on every machine. */

typedef struct gen_rng {
	uint64_t s[4];
} gen_rng;

static inline uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void rng_init(gen_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline uint64_t rng_next(gen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, 1). */
static inline double rng_unit(gen_rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double rng_between(gen_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

/* Uniform integer in [lo, hi]. */
static inline int rng_int(gen_rng *r, int lo, int hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int)(((rng_next(r) >> 32) * span) >> 32);
}

/* Index drawn with probability weight[i] / sum (sum > 0). */
static inline int rng_weighted(gen_rng *r, const int *weight, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += weight[i];
	int x = rng_int(r, 0, sum - 1);
	for (int i = 0; i < n; i++) {
		if (x < weight[i])
			return i;
		x -= weight[i];
	}
	return n - 1;
}

/* The catalog's resource kinds and materials, and their names in the
 * YAML (gen_catalog.c). */
enum {
	K_FRAME,
	K_CUTTING,
	K_SEWING,
	K_UPHOLSTERY,
	K_EMBROIDERY,
	K_ASSEMBLY,
	K_TEST,
	K_PACKING,
	NKINDS
};
extern const char *const gen_kind_name[NKINDS];
extern const char *const gen_kind_code[NKINDS];

enum {
	M_FRAME_KIT,
	M_FOAM,
	M_FABRIC_TECH,
	M_FABRIC_LINEN,
	M_FABRIC_VELVET,
	M_LEATHER,
	M_CLOTH_POPLIN,
	M_CLOTH_OXFORD,
	M_CLOTH_TWILL,
	M_CLOTH_LINEN,
	M_CLOTH_SILK,
	M_BUTTONS,
	M_COMPRESSOR,
	M_UV_MODULE,
	M_FRESH_AIR,
	NMATS
};
extern const char *const gen_mat_name[NMATS];

/* An option value: how often customers choose it and what it adds. */
struct gen_val {
	const char *name;
	int weight;
	double cost;
	double routing[NKINDS];
	double mats[NMATS];
	const char *note;
};

struct gen_opt {
	const char *name;
	const struct gen_val *vals;
	int nvals;
	const char *note;
};

#define NOPT	3		   /* options of a base family */
#define MAX_OPT MC_GEN_MAX_OPTIONS /* options of any family */
#define NXOPT	(MAX_OPT - NOPT)   /* derived options */
#define NXVAL	3		   /* values of a derived option */

/* One of the three families every catalog is built from. */
struct gen_base {
	const char *id, *kind, *code, *gtin13, *title;
	double routing[NKINDS];
	double holding, late, unmet;
	double mats[NMATS];
	struct gen_opt opts[NOPT];
	int weight;	/* share of orders */
	const int *qty; /* quantity weights, index = quantity */
	int nqty;
	double plant_cost;   /* typical per-unit cost at a plant */
	double lane_factor;  /* lane cost multiple (bulky goods cost more) */
	int bottleneck;	     /* kind planned near full */
	const char *waiting; /* why an order may have a release date */
};

enum { F_SOFA, F_SHIRT, F_AIRCON, NBASE };

/* Regions (gen_plants.c). */
enum { R_SOUTH, R_EAST, R_CENTRAL, R_NORTH, R_WEST, R_NORTHEAST, NREG };

/* A region orders ship to. */
struct gen_region {
	const char *name;
	int days;    /* transit from the Pearl River Delta */
	double cost; /* per unit, aircon-sized parcel */
	int weight;  /* share of orders */
};
extern const struct gen_region gen_regions[NREG];

/* A set of bases: FB(F_SOFA) | FB(F_SHIRT). */
#define FB(f) (1u << (f))

/* A plant's definition (gen_plants.c). */
struct gen_plant_def;

/* A family of the catalog: a base (variant 1) or a variant of one with its
 * own id, code, GTIN, routing and costs. */
struct gen_family {
	const struct gen_base *base;
	int b, variant;
	char id[32], code[16], gtin13[16], title[160];
	double routing[NKINDS];
	double holding, late, unmet, plant_cost;
	int nopt;
	struct gen_opt opts[MAX_OPT];
	struct gen_val xval[NXOPT][NXVAL]; /* values of derived options */
};

/* A plant: one of the ten defined in gen_plants.c, or a second site of
 * one. */
struct gen_plant {
	const struct gen_plant_def *def;
	char id[40], name[80], code[16];
};

/* Everything fixed before the files are written; freed by gen_release(). */
struct gen {
	int norders;
	uint64_t seed;
	mc_gen_shape s; /* as asked for (validated) */
	int days;	/* horizon */
	int due_spread; /* resolved: never 0 */
	char args[256]; /* the gen options that draw this instance */
	int start;	/* first day of the horizon */
	int nfam;
	struct gen_family *fam;
	int *fam_weight; /* share of orders by family */
	int nplants;
	struct gen_plant *plant;
	unsigned char *makes; /* [p * nfam + f]: plant p makes family f */
};

/* An order drawn (gen_orders.c). */
struct gen_order {
	int idx; /* draw order, breaks ties when sorting */
	int family, region, qty;
	int due, release, placed; /* day numbers; release 0 = none */
	int seq;		  /* number within its placement day */
	unsigned char opt[MAX_OPT];
	signed char max_late;	    /* -1 = none */
	unsigned char priority;	    /* 0 = not given */
	double late_pen, unmet_pen; /* 0 = the family's */
	short surname, given;	    /* given < 0: title -1 - given */
};

/* Demand of the drawn orders, per family (nfam rows each). */
struct gen_demand {
	double *units;
	double (*add)[NKINDS]; /* option minutes, summed over units */
	double (*mat)[NMATS];  /* material use, summed over units */
};

/* ---- gen.c ---- */

/* v with at most two decimals, no locale: "12", "1.5", "0.25"; NUM() into
 * an array. */
const char *gen_num(char *buf, size_t n, double v);
#define NUM(buf, v) gen_num(buf, sizeof(buf), v)

/* Day number day as "2026-11-25" into buf (16 bytes). */
const char *gen_date_text(char *buf, int day);
/* x rounded to a whole number (x >= 0); h to a half. */
double gen_whole(double x);
double gen_round_half(double h);
/* s as a YAML scalar: plain where YAML reads it back as the same string,
 * else double-quoted. */
void gen_put_str(FILE *f, const char *s);

/* ---- gen_catalog.c ---- */

/* Family i of the catalog with nopt options (bases first, then their
 * variants). */
void gen_make_family(struct gen_family *f, int i, int nopt);
void gen_write_catalog(FILE *f, const struct gen *g);

/* ---- gen_orders.c ---- */

/* Draws g->norders orders (stream 1 of g->seed), sorted by placement day
 * and numbered within each day; *seq_width gets the digits of the
 * numbers.  The caller frees the array. */
struct gen_order *gen_draw_orders(const struct gen *g, int *seq_width);
void gen_write_orders(FILE *f, const struct gen *g, const struct gen_order *v,
		      int seq_width);

/* ---- gen_plants.c ---- */

/* Plant p (a second site beyond the ten defined). */
void gen_make_plant(struct gen_plant *pl, int p);
/* Plants of the default shape for norders orders. */
int gen_plant_count(int norders);
/* Fills g->makes (freed by the caller). */
void gen_assign_families(struct gen *g);
/* The demand of the orders v, per family; gen_demand_release() frees it. */
void gen_sum_demand(const struct gen *g, const struct gen_order *v,
		    struct gen_demand *dm);
void gen_demand_release(struct gen_demand *dm);
void gen_write_plants(FILE *f, const struct gen *g,
		      const struct gen_demand *dm);

#endif
