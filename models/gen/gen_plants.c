/*
 * gen_plants.c - the generator's plants (see gen.h, gen_impl.h): the
 * regions, the ten plant definitions and their second sites, which plant
 * makes which family, and plants.yaml, sized to the demand of the drawn
 * orders: each family's work is shared among the plants making it, and
 * every group of resources gets the hours that put its share at a target
 * load (near or above 100% for each family's bottleneck kind, well below
 * for the others).  Its numbers come from stream 2 of the seed.
 */
#include "gen.h"
#include "gen_impl.h"

#include "arena.h"
#include "date.h"

#include <stdlib.h>
#include <string.h>

/* ---- regions and plants ---- */

const struct gen_region gen_regions[NREG] = {
    {"south", 1, 15, 38}, {"east", 2, 32, 24}, {"central", 2, 28, 14},
    {"north", 3, 48, 12}, {"west", 3, 42, 8},  {"northeast", 4, 62, 4},
};

struct gen_plant_def {
	const char *id, *name, *code;
	unsigned makes; /* FB(base) bits */
	int mon_fri;	/* 0 mon-sat; 1 mon-fri by default; 2 mon-fri written */
	int embroidery; /* has monogram machines (when it makes shirts) */
	int no_lane;	/* region it has no lane to, -1 none */
	int ovr_family, ovr_kind; /* a base family's routing override */
	double ovr_minutes;
	const char *ovr_note;
};

/* id, name, code, makes, mon_fri, embroidery, no_lane, routing override */
/* clang-format off */
static const struct gen_plant_def plant_defs[] = {
	{"GZ-NANSHA", "广州南沙工厂", "GZ", FB(F_SHIRT) | FB(F_AIRCON), 0, 1, -1,
	 -1, 0, 0, NULL},
	{"FS-SHUNDE", "佛山顺德工厂", "FS", FB(F_SOFA) | FB(F_AIRCON), 0, 0, -1,
	 F_AIRCON, K_ASSEMBLY, 18, "automated piping station"},
	{"DG-HUMEN", "东莞虎门工厂", "DG", FB(F_SHIRT) | FB(F_SOFA), 1, 1, -1,
	 -1, 0, 0, NULL},
	{"ZH-DOUMEN", "珠海斗门工厂", "ZH", FB(F_AIRCON), 0, 0, R_WEST,
	 -1, 0, 0, NULL},
	{"JM-HESHAN", "江门鹤山工厂", "JM", FB(F_SOFA) | FB(F_SHIRT), 0, 0, -1,
	 F_SHIRT, K_SEWING, 46, "older sewing machines"},
	{"HZ-ZHONGKAI", "惠州仲恺工厂", "HZ", FB(F_AIRCON) | FB(F_SHIRT), 0, 0, -1,
	 -1, 0, 0, NULL},
	{"ZQ-GAOYAO", "肇庆高要工厂", "ZQ", FB(F_SOFA), 2, 0, -1,
	 -1, 0, 0, NULL},
	{"QY-QINGCHENG", "清远清城工厂", "QY", FB(F_SHIRT) | FB(F_AIRCON), 0, 1, R_EAST,
	 -1, 0, 0, NULL},
	{"SZ-LONGGANG", "深圳龙岗工厂", "SZ", FB(F_SHIRT) | FB(F_AIRCON), 0, 1, -1,
	 -1, 0, 0, NULL},
	{"ZS-GUZHEN", "中山古镇工厂", "ZS", FB(F_SOFA) | FB(F_SHIRT), 0, 0, -1,
	 -1, 0, 0, NULL},
};
/* clang-format on */
#define NPLANTDEFS LEN(plant_defs)

static int makes(const struct gen *g, int p, int f)
{
	return g->makes[(size_t)p * (size_t)g->nfam + (size_t)f];
}

/* Plant p: plant_defs[p], or a second site of plant_defs[p % NPLANTDEFS]
 * ("GZ-NANSHA-2", code GZ2). */
void gen_make_plant(struct gen_plant *pl, int p)
{
	const struct gen_plant_def *pd = &plant_defs[p % NPLANTDEFS];
	int site = p / NPLANTDEFS + 1;
	pl->def = pd;
	if (site == 1) {
		snprintf(pl->id, sizeof(pl->id), "%s", pd->id);
		snprintf(pl->name, sizeof(pl->name), "%s", pd->name);
		snprintf(pl->code, sizeof(pl->code), "%s", pd->code);
	} else {
		snprintf(pl->id, sizeof(pl->id), "%s-%d", pd->id, site);
		snprintf(pl->name, sizeof(pl->name), "%s（%d期）", pd->name,
			 site);
		snprintf(pl->code, sizeof(pl->code), "%s%d", pd->code, site);
	}
}

/* Which plant makes which family: a base at every plant whose definition
 * makes it, a variant at two of those, taken round robin. */
void gen_assign_families(struct gen *g)
{
	g->makes = mc_xcalloc((size_t)g->nplants * (size_t)g->nfam, 1);
	int *list = mc_xcalloc((size_t)g->nplants, sizeof(*list));
	for (int f = 0; f < g->nfam; f++) {
		int m = 0;
		for (int p = 0; p < g->nplants; p++)
			if (g->plant[p].def->makes & FB(g->fam[f].b))
				list[m++] = p;
		int v = g->fam[f].variant;
		int take = v == 1 || m < 2 ? m : 2;
		for (int j = 0; j < take; j++) {
			int p = list[(v == 1 ? j : v - 2 + j) % m];
			g->makes[(size_t)p * (size_t)g->nfam + (size_t)f] = 1;
		}
	}
	free(list);
}

/* Plants of the default shape: 3, one more at 1,500 orders and at each
 * tripling after, up to the ten named ones. */
int gen_plant_count(int norders)
{
	int n = 3;
	for (long t = 1500; t <= norders && n < NPLANTDEFS; t *= 3)
		n++;
	return n;
}

/* ---- demand ---- */

void gen_sum_demand(const struct gen *g, const struct gen_order *v,
		    struct gen_demand *dm)
{
	size_t nf = (size_t)g->nfam;
	dm->units = mc_xcalloc(nf, sizeof(*dm->units));
	dm->add = mc_xcalloc(nf, sizeof(*dm->add));
	dm->mat = mc_xcalloc(nf, sizeof(*dm->mat));
	for (int i = 0; i < g->norders; i++) {
		const struct gen_family *fam = &g->fam[v[i].family];
		int f = v[i].family;
		double q = v[i].qty;
		dm->units[f] += q;
		for (int m = 0; m < NMATS; m++)
			dm->mat[f][m] += q * fam->base->mats[m];
		for (int k = 0; k < fam->nopt; k++) {
			const struct gen_val *val =
			    &fam->opts[k].vals[v[i].opt[k]];
			for (int j = 0; j < NKINDS; j++)
				dm->add[f][j] += q * val->routing[j];
			for (int m = 0; m < NMATS; m++)
				dm->mat[f][m] += q * val->mats[m];
		}
	}
}

void gen_demand_release(struct gen_demand *dm)
{
	free(dm->units);
	free(dm->add);
	free(dm->mat);
}

/* ---- plants.yaml ---- */

/* Hours as a planner would write them: halves, quarters when small. */
static double round_hours(double h)
{
	if (h >= 4)
		return gen_round_half(h);
	h = (double)(long long)(h * 4 + 0.5) / 4;
	return h < 0.5 ? 0.5 : h;
}

/* 1 if some unit of family f may need kind k. */
static int family_uses(const struct gen *g, int f, int k)
{
	const struct gen_family *fam = &g->fam[f];
	if (fam->routing[k] > 0)
		return 1;
	for (int o = 0; o < fam->nopt; o++)
		for (int v = 0; v < fam->opts[o].nvals; v++)
			if (fam->opts[o].vals[v].routing[k] > 0)
				return 1;
	return 0;
}

/* 1 if plant p has resources of kind k: some family it makes needs k, and
 * for embroidery the plant has monogram machines. */
static int has_kind(const struct gen *g, int p, int k)
{
	if (k == K_EMBROIDERY && !g->plant[p].def->embroidery)
		return 0;
	for (int f = 0; f < g->nfam; f++)
		if (makes(g, p, f) && family_uses(g, f, k))
			return 1;
	return 0;
}

/* 1 if family f belongs to the group of kind k resources at plant p that
 * serves the families of the bases in the FB() set bases. */
static int in_group(const struct gen *g, int p, int k, unsigned bases, int f)
{
	return (bases & FB(g->fam[f].b)) && makes(g, p, f) &&
	       family_uses(g, f, k);
}

/* Everything decided about the plants before writing. */
struct gen_world {
	const struct gen *g;
	int nplants, start, days, maxres;
	double *share;	   /* [FP(f, p)]: of family f's units made at p */
	double *emb_share; /* [FP(f, p)]: of family f's monogram units */
	int *ordinal;	   /* [FP(f, p)]: rank among plants making f, -1 */
	int *holiday;	   /* [p]: horizon index, -1 none */
	int *ndays;	   /* [p]: regular working days */
};
#define FP(w, f, p) ((size_t)(f) * (size_t)(w)->nplants + (size_t)(p))

static double base_minutes(const struct gen_world *w, int p, int f, int k)
{
	const struct gen_plant_def *pd = w->g->plant[p].def;
	if (pd->ovr_family == f && pd->ovr_kind == k)
		return pd->ovr_minutes;
	return w->g->fam[f].routing[k];
}

/* Minutes of the slowest configuration of family f on kind k at plant p. */
static double unit_max_minutes(const struct gen_world *w, int p, int f, int k)
{
	const struct gen_family *fam = &w->g->fam[f];
	double m = base_minutes(w, p, f, k);
	for (int o = 0; o < fam->nopt; o++) {
		double most = 0;
		for (int v = 0; v < fam->opts[o].nvals; v++)
			if (fam->opts[o].vals[v].routing[k] > most)
				most = fam->opts[o].vals[v].routing[k];
		m += most;
	}
	return m;
}

static int is_workday(const struct gen_world *w, int p, int t)
{
	int wd = mc_date_weekday(w->start + t);
	int last = w->g->plant[p].def->mon_fri ? 4 : 5;
	return wd <= last && t != w->holiday[p];
}

/* A resource's calendar: up to three per-date overrides. */
struct gen_cal {
	int n;
	int t[3];
	double hours[3];
	const char *why[3];
};

static int cal_has(const struct gen_cal *c, int t)
{
	for (int i = 0; i < c->n; i++)
		if (c->t[i] == t)
			return 1;
	return 0;
}

/* type 0: down day, 1: short day, 2: extra shift on a day off */
/* type 0: down day, 1: short day, 2: extra shift on a day off */
static void cal_add(gen_rng *r, const struct gen_world *w, int p,
		    struct gen_cal *c, int type, double hours)
{
	for (int tries = 0; tries < 40 && c->n < 3; tries++) {
		int t = rng_int(r, 1, w->days - 2);
		if (cal_has(c, t) || t == w->holiday[p] ||
		    is_workday(w, p, t) != (type != 2))
			continue;
		c->t[c->n] = t;
		c->hours[c->n] = type == 0   ? 0
				 : type == 1 ? round_hours(hours / 2)
					     : hours;
		c->why[c->n] = type == 0   ? "down for maintenance"
			       : type == 1 ? "short day (training)"
					   : "extra shift on a day off";
		c->n++;
		return;
	}
}

static void write_calendar(FILE *f, const struct gen_world *w,
			   struct gen_cal *c)
{
	char b[32], d[16];
	/* sort by day */
	for (int i = 1; i < c->n; i++)
		for (int j = i; j > 0 && c->t[j] < c->t[j - 1]; j--) {
			int tt = c->t[j];
			double hh = c->hours[j];
			const char *ww = c->why[j];
			c->t[j] = c->t[j - 1];
			c->hours[j] = c->hours[j - 1];
			c->why[j] = c->why[j - 1];
			c->t[j - 1] = tt;
			c->hours[j - 1] = hh;
			c->why[j - 1] = ww;
		}
	fputs("        calendar: ", f);
	for (int i = 0; i < c->n; i++)
		fprintf(f, "%s%s: %s", i ? ", " : "{ ",
			gen_date_text(d, w->start + c->t[i]),
			NUM(b, c->hours[i]));
	fputs(" }   #", f);
	for (int i = 0; i < c->n; i++) {
		int said = 0;
		for (int j = 0; j < i; j++)
			said |= c->why[j] == c->why[i];
		if (!said)
			fprintf(f, "%s %s", i ? ";" : "", c->why[i]);
	}
	fputc('\n', f);
}

/* Writes the resources of kind k at plant p serving the families of the
 * bases in the FB() set bases, sized for their share of the demand.
 * *force: 1 = give the first resource a down day, 2 = an extra shift
 * (cleared when done). */
static void write_group(FILE *f, gen_rng *r, const struct gen_world *w,
			const struct gen_demand *dm, int p, int k,
			unsigned bases, int *next_id, int *force)
{
	const struct gen *g = w->g;
	char b[32], b2[32];
	double req = 0; /* minutes over the horizon */
	int bottleneck = 0;
	for (int fi = 0; fi < g->nfam; fi++) {
		if (!in_group(g, p, k, bases, fi))
			continue;
		if (g->fam[fi].base->bottleneck == k)
			bottleneck = 1;
		double sh = k == K_EMBROIDERY ? w->emb_share[FP(w, fi, p)]
					      : w->share[FP(w, fi, p)];
		req += sh * (dm->units[fi] * base_minutes(w, p, fi, k) +
			     dm->add[fi][k]);
	}
	/* a resource must at least fit the longest single unit in a day */
	double longest = 0;
	for (int fi = 0; fi < g->nfam; fi++)
		if (in_group(g, p, k, bases, fi) &&
		    unit_max_minutes(w, p, fi, k) > longest)
			longest = unit_max_minutes(w, p, fi, k);
	double load = bottleneck ? rng_between(r, 0.97, 1.10)
				 : rng_between(r, 0.55, 0.80);
	double hours = req / 60 / (w->ndays[p] > 0 ? w->ndays[p] : 1) / load;
	int nres = g->s.lines;
	if (!nres) {
		nres = (int)(hours / 16) + 1;
		if (nres > w->maxres)
			nres = w->maxres;
		/* bottlenecks get parallel lines when each can still make a
		 * unit a day (always at the first plant), so a family's
		 * minutes of one kind are split between resources */
		if (bottleneck && nres < 2 &&
		    (p == 0 || hours * 60 >= 2 * longest))
			nres = 2;
	}
	/* families restricts only where another family made here uses k */
	int limited = 0;
	for (int fi = 0; fi < g->nfam; fi++)
		if (!in_group(g, p, k, bases, fi) && makes(g, p, fi) &&
		    family_uses(g, fi, k) && k != K_EMBROIDERY)
			limited = 1;
	for (int i = 0; i < nres; i++) {
		double h =
		    round_hours(hours / nres * rng_between(r, 0.85, 1.15));
		if (h * 60 < longest)
			h = gen_round_half(longest / 60 + 0.49);
		double ot = 0, ot_cost = 0;
		if (rng_unit(r) < (bottleneck ? 0.7 : 0.25)) {
			ot = round_hours(h * rng_between(r, 0.15, 0.3));
			ot_cost = (double)rng_int(r, 12, 28) * 5;
		}
		struct gen_cal cal = {0};
		if ((*force == 1 && bottleneck) || *force == 2) {
			cal_add(r, w, p, &cal, *force == 1 ? 0 : 2, h);
			*force = 0;
		}
		if (rng_unit(r) < 0.35) {
			static const int tw[] = {45, 30, 25};
			cal_add(r, w, p, &cal, rng_weighted(r, tw, 3), h);
			if (rng_unit(r) < 0.3)
				cal_add(r, w, p, &cal, rng_weighted(r, tw, 3),
					h);
		}
		fprintf(f, "      - id: %s-%s%d\n", g->plant[p].code,
			gen_kind_code[k], ++*next_id);
		fprintf(f, "        kind: %s\n", gen_kind_name[k]);
		fprintf(f, "        hours: %s\n", NUM(b, h));
		if (ot > 0)
			fprintf(f,
				"        overtime: { hours: %s, cost: %s }\n",
				NUM(b, ot), NUM(b2, ot_cost));
		if (cal.n)
			write_calendar(f, w, &cal);
		if (limited) {
			fputs("        families: [", f);
			int c = 0;
			for (int fi = 0; fi < g->nfam; fi++)
				if (in_group(g, p, k, bases, fi))
					fprintf(f, "%s%s", c++ ? ", " : "",
						g->fam[fi].id);
			fputs("]\n", f);
		}
	}
}

/* Day x of a 28-day horizon, scaled to the horizon's length. */
static int scaled_day(const struct gen_world *w, int x)
{
	return x * w->days / 28;
}

static void write_materials(FILE *f, gen_rng *r, const struct gen_world *w,
			    const struct gen_demand *dm, int p)
{
	const struct gen *g = w->g;
	/* 0 unlisted (unlimited), 1 ample, 2 tight with a late delivery */
	int status[NMATS] = {0};
	const char *why[NMATS] = {0};
	if (makes(g, p, F_AIRCON)) {
		int ord = w->ordinal[FP(w, F_AIRCON, p)];
		status[M_COMPRESSOR] = ord == 0 ? 2 : 1;
		if (ord == 0) {
			status[M_UV_MODULE] = 2;
			why[M_COMPRESSOR] = "supplier allocation: the big "
					    "delivery comes late";
		}
		if (ord == 2)
			status[M_UV_MODULE] = 1;
		if (ord == 1)
			status[M_FRESH_AIR] = 1;
	}
	if (makes(g, p, F_SOFA)) {
		int ord = w->ordinal[FP(w, F_SOFA, p)];
		status[M_FRAME_KIT] = 1;
		if (ord == 0) {
			status[M_LEATHER] = 2;
			why[M_LEATHER] = "imported hides, one container due";
		}
		if (ord == 1)
			status[M_FABRIC_VELVET] = 2;
	}
	if (makes(g, p, F_SHIRT)) {
		int ord = w->ordinal[FP(w, F_SHIRT, p)];
		if (ord == 0)
			status[M_CLOTH_SILK] = 2;
		if (ord == 1)
			status[M_CLOTH_LINEN] = 1;
	}
	int any = 0;
	for (int m = 0; m < NMATS; m++) {
		if (!status[m])
			continue;
		double use = 0;
		for (int fi = 0; fi < g->nfam; fi++)
			if (makes(g, p, fi))
				use += w->share[FP(w, fi, p)] * dm->mat[fi][m];
		int tight = status[m] == 2;
		double supply = use * (tight ? rng_between(r, 0.82, 0.95)
					     : rng_between(r, 1.10, 1.30));
		double stock =
		    (double)(long long)(supply *
					(tight ? rng_between(r, 0.25, 0.40)
					       : rng_between(r, 0.40, 0.60)));
		int t1 = tight ? rng_int(r, scaled_day(w, 8), scaled_day(w, 12))
			       : rng_int(r, scaled_day(w, 4), scaled_day(w, 7));
		int t2 = tight
			     ? rng_int(r, scaled_day(w, 18), scaled_day(w, 23))
			     : rng_int(r, scaled_day(w, 11), scaled_day(w, 15));
		double rest = supply - stock;
		double q1 = (double)(long long)(rest * (tight ? 0.3 : 0.5));
		double q2 = (double)(long long)(rest - q1 + (tight ? 0 : 1));
		if (q1 < 1)
			q1 = 1;
		if (q2 < 1)
			q2 = 1;
		char b[32], b1[32], b2[32], d1[16], d2[16];
		if (!any++)
			fputs("    materials:   # stock at the start, dated "
			      "receipts; unlisted materials are unlimited\n",
			      f);
		fprintf(f,
			"      %s: { stock: %s, receipts: { %s: %s, %s: %s } "
			"}",
			gen_mat_name[m], NUM(b, stock),
			gen_date_text(d1, w->start + t1), NUM(b1, q1),
			gen_date_text(d2, w->start + t2), NUM(b2, q2));
		if (why[m])
			fprintf(f, "   # %s", why[m]);
		fputc('\n', f);
	}
}

static void write_plant(FILE *f, gen_rng *r, const struct gen_world *w,
			const struct gen_demand *dm, int p, int *force)
{
	static const char *const wdn[] = {"mon", "tue", "wed", "thu",
					  "fri", "sat", "sun"};
	const struct gen *g = w->g;
	const struct gen_plant_def *pd = g->plant[p].def;
	char b[32], d[16];
	fprintf(f, "\n  - id: %s\n", g->plant[p].id);
	fprintf(f, "    name: %s\n", g->plant[p].name);
	if (pd->mon_fri == 1) {
		fputs("    # workdays not given: mon..fri\n", f);
	} else {
		fputs("    workdays: [", f);
		for (int i = 0; i <= (pd->mon_fri ? 4 : 5); i++)
			fprintf(f, "%s%s", i ? ", " : "", wdn[i]);
		fputs("]\n", f);
	}
	if (w->holiday[p] >= 0)
		fprintf(f, "    holidays: [%s]   # company day off\n",
			gen_date_text(d, w->start + w->holiday[p]));
	fputs("    costs: { ", f);
	int c = 0;
	for (int fi = 0; fi < g->nfam; fi++) {
		if (!makes(g, p, fi))
			continue;
		double cost =
		    g->fam[fi].plant_cost * rng_between(r, 0.92, 1.08);
		fprintf(f, "%s%s: %s", c++ ? ", " : "", g->fam[fi].id,
			NUM(b, gen_whole(cost)));
	}
	fputs(" }   # per unit; families not listed are not made here\n", f);
	if (pd->ovr_family >= 0)
		fprintf(f, "    routing: { %s: { %s: %s } }   # %s\n",
			g->fam[pd->ovr_family].id, gen_kind_name[pd->ovr_kind],
			NUM(b, pd->ovr_minutes), pd->ovr_note);
	fputs("    resources:\n", f);
	for (int k = 0; k < NKINDS; k++) {
		if (!has_kind(g, p, k))
			continue;
		unsigned here = 0; /* bases of the families made here using k */
		for (int fi = 0; fi < g->nfam; fi++)
			if (makes(g, p, fi) && family_uses(g, fi, k))
				here |= FB(g->fam[fi].b);
		int next = 0;
		unsigned rest = here & ~FB(F_SOFA);
		if ((here & FB(F_SOFA)) && rest &&
		    (k == K_CUTTING || k == K_SEWING || k == K_PACKING)) {
			/* sofa work gets its own resources: heavy sewing
			 * machines, a cutting table for hides, a packing
			 * bay for crates */
			write_group(f, r, w, dm, p, k, FB(F_SOFA), &next,
				    force);
			if (k == K_PACKING) {
				write_group(f, r, w, dm, p, k, rest, &next,
					    force);
			} else {
				for (int bi = 0; bi < NBASE; bi++)
					if (rest & FB(bi))
						write_group(f, r, w, dm, p, k,
							    FB(bi), &next,
							    force);
			}
		} else {
			write_group(f, r, w, dm, p, k, here, &next, force);
		}
	}
	write_materials(f, r, w, dm, p);
}

void gen_write_plants(FILE *f, const struct gen *g, const struct gen_demand *dm)
{
	gen_rng r;
	rng_init(&r, g->seed, 2);
	struct gen_world w;
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.nplants = g->nplants;
	w.start = g->start;
	w.days = g->days;
	size_t cells = (size_t)g->nfam * (size_t)g->nplants;
	w.share = mc_xcalloc(cells, sizeof(*w.share));
	w.emb_share = mc_xcalloc(cells, sizeof(*w.emb_share));
	w.ordinal = mc_xcalloc(cells, sizeof(*w.ordinal));
	w.holiday = mc_xcalloc((size_t)g->nplants, sizeof(*w.holiday));
	w.ndays = mc_xcalloc((size_t)g->nplants, sizeof(*w.ndays));
	/* resources per group grow slowly; beyond that they pool hours */
	w.maxres = 1;
	for (long t = 1000; t <= g->norders && w.maxres < 4; t *= 10)
		w.maxres++;

	for (int fi = 0; fi < g->nfam; fi++) {
		double sum = 0;
		int ord = 0;
		for (int p = 0; p < w.nplants; p++) {
			w.ordinal[FP(&w, fi, p)] = -1;
			if (!makes(g, p, fi))
				continue;
			w.ordinal[FP(&w, fi, p)] = ord++;
			w.share[FP(&w, fi, p)] = rng_between(&r, 0.8, 1.2);
			sum += w.share[FP(&w, fi, p)];
		}
		for (int p = 0; p < w.nplants; p++)
			w.share[FP(&w, fi, p)] =
			    sum > 0 ? w.share[FP(&w, fi, p)] / sum : 0;
	}
	/* monogram units go to the plants with embroidery machines */
	for (int fi = 0; fi < g->nfam; fi++) {
		double esum = 0;
		for (int p = 0; p < w.nplants; p++)
			if (has_kind(g, p, K_EMBROIDERY))
				esum += w.share[FP(&w, fi, p)];
		for (int p = 0; p < w.nplants; p++)
			w.emb_share[FP(&w, fi, p)] =
			    has_kind(g, p, K_EMBROIDERY) && esum > 0
				? w.share[FP(&w, fi, p)] / esum
				: 0;
	}
	for (int p = 0; p < w.nplants; p++) {
		w.holiday[p] = -1;
		if (p == 0 || rng_unit(&r) < 0.6) {
			for (int tries = 0; tries < 20; tries++) {
				int t = rng_int(&r, 5, w.days - 4);
				if (is_workday(&w, p, t)) {
					w.holiday[p] = t;
					break;
				}
			}
		}
		w.ndays[p] = 0;
		for (int t = 0; t < w.days; t++)
			w.ndays[p] += is_workday(&w, p, t);
	}

	char b[32], d[16];
	fprintf(
	    f,
	    "# plants.yaml - where and when things can be made, drawn by "
	    "`mcsched gen\n"
	    "# %s`.  Capacity is sized to the orders: "
	    "each family's\n"
	    "# bottleneck (sofa upholstery, shirt sewing, aircon test) gets "
	    "regular hours\n"
	    "# for about 95-110%% of its work, so expect overtime, some late "
	    "and some\n"
	    "# unmet orders.  hours are regular hours per workday; calendar "
	    "overrides a\n"
	    "# date (0 = down); overtime gives extra hours per workday at a "
	    "cost per hour;\n"
	    "# families restricts a resource to those families.\n",
	    g->args);
	fputs("enterprise: { name: 示例定制制造集团, prefix: ", f);
	gen_put_str(f, "88.999.1");
	fputs(" }   # placeholder prefix, not a real allocation\n", f);
	fprintf(f, "horizon: { start: %s, days: %d }\n",
		gen_date_text(d, w.start), w.days);
	fputs("regions: [", f);
	for (int i = 0; i < NREG; i++)
		fprintf(f, "%s%s", i ? ", " : "", gen_regions[i].name);
	fputs("]\nplants:", f);
	for (int p = 0; p < w.nplants; p++) {
		/* plant 0 shows a down day, plant 1 an extra shift */
		int force = p == 0 ? 1 : p == 1 ? 2 : 0;
		write_plant(f, &r, &w, dm, p, &force);
	}

	fputs(
	    "\n# plant -> region: transit days and cost per unit; "
	    "cost_by_family overrides\n"
	    "# the cost for bulky or light goods.  Plants making sofas do not "
	    "ship to the\n"
	    "# northeast, so sofa orders there cannot be served.\n"
	    "lanes:\n",
	    f);
	for (int p = 0; p < w.nplants; p++) {
		const struct gen_plant_def *pd = g->plant[p].def;
		for (int reg = 0; reg < NREG; reg++) {
			if (reg == pd->no_lane ||
			    (reg == R_NORTHEAST && makes(g, p, F_SOFA)))
				continue;
			int days = gen_regions[reg].days +
				   (reg != R_SOUTH && rng_unit(&r) < 0.3);
			double cost = gen_whole(gen_regions[reg].cost *
						rng_between(&r, 0.9, 1.15));
			fprintf(f,
				"  - { plant: %s, region: %s, days: %d, "
				"cost: %s",
				g->plant[p].id, gen_regions[reg].name, days,
				NUM(b, cost));
			int c = 0;
			for (int fi = 0; fi < g->nfam; fi++) {
				double x = g->fam[fi].base->lane_factor;
				if (!makes(g, p, fi) || x == 1.0)
					continue;
				double fc = gen_whole(
				    cost * x * rng_between(&r, 0.9, 1.1));
				fprintf(f, "%s%s: %s",
					c++ ? ", " : ", cost_by_family: { ",
					g->fam[fi].id, NUM(b, fc < 1 ? 1 : fc));
			}
			fputs(c ? " } }\n" : " }\n", f);
		}
	}
	free(w.share);
	free(w.emb_share);
	free(w.ordinal);
	free(w.holiday);
	free(w.ndays);
}
