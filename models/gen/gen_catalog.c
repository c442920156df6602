/*
 * gen_catalog.c - the generator's catalog (see gen.h, gen_impl.h): the
 * three base families in the tables below, their variants (numbers drawn
 * from a stream seeded with the family's index, not the seed) and
 * derived options, and catalog.yaml.
 */
#include "gen.h"
#include "gen_impl.h"

#include "ids.h"

#include <string.h>

const char *const gen_kind_name[NKINDS] = {
    "frame",	  "cutting",  "sewing", "upholstery",
    "embroidery", "assembly", "test",	"packing"};
const char *const gen_kind_code[NKINDS] = {"FRM", "CUT", "SEW", "UPH",
					   "EMB", "ASM", "TST", "PCK"};

const char *const gen_mat_name[NMATS] = {
    "frame-kit",     "foam-block",   "fabric-tech",	"fabric-linen",
    "fabric-velvet", "leather-hide", "cloth-poplin",	"cloth-oxford",
    "cloth-twill",   "cloth-linen",  "cloth-silk",	"button-set",
    "compressor",    "uv-module",    "fresh-air-module"};

static const char *const xopt_name[NXOPT] = {"finish", "trim", "accessory",
					     "detail", "upgrade"};

/* Option values, one a line: name, weight, cost, routing, materials, note. */
/* clang-format off */
static const struct gen_val sofa_fabric[] = {
	{"tech-cloth", 35, 0, {0}, {[M_FABRIC_TECH] = 9},
	 "easy-clean technical cloth, metres"},
	{"linen", 28, 0, {0}, {[M_FABRIC_LINEN] = 9}, NULL},
	{"velvet", 22, 380, {[K_SEWING] = 10, [K_UPHOLSTERY] = 15},
	 {[M_FABRIC_VELVET] = 9}, "slower to sew and fit"},
	{"leather", 15, 1600,
	 {[K_CUTTING] = 20, [K_SEWING] = 15, [K_UPHOLSTERY] = 40},
	 {[M_LEATHER] = 3}, "top-grain leather, hides"},
};
static const struct gen_val sofa_size[] = {
	{"2-seat", 25, 0, {0}, {[M_FOAM] = 2}, NULL},
	{"3-seat", 45, 600,
	 {[K_FRAME] = 15, [K_CUTTING] = 5, [K_SEWING] = 10,
	  [K_UPHOLSTERY] = 30, [K_PACKING] = 5},
	 {[M_FOAM] = 3}, NULL},
	{"l-corner", 30, 1500,
	 {[K_FRAME] = 35, [K_CUTTING] = 12, [K_SEWING] = 20,
	  [K_UPHOLSTERY] = 60, [K_PACKING] = 10},
	 {[M_FOAM] = 5, [M_FRAME_KIT] = 1}, "second frame kit for the chaise"},
};
static const struct gen_val sofa_colour[] = {
	{"grey", 30, 0, {0}, {0}, NULL},
	{"beige", 22, 0, {0}, {0}, NULL},
	{"ivory", 12, 0, {0}, {0}, NULL},
	{"navy", 10, 0, {0}, {0}, NULL},
	{"olive", 8, 0, {0}, {0}, NULL},
	{"caramel", 8, 0, {0}, {0}, NULL},
	{"terracotta", 5, 0, {0}, {0}, NULL},
	{"charcoal", 5, 0, {0}, {0}, NULL},
	{"custom-match", 2, 450, {[K_CUTTING] = 10}, {0},
	 "dyed to the customer's swatch"},
};

static const struct gen_val shirt_fabric[] = {
	{"poplin", 40, 0, {0}, {[M_CLOTH_POPLIN] = 1.6}, "metres of cloth"},
	{"oxford", 24, 0, {0}, {[M_CLOTH_OXFORD] = 1.7}, NULL},
	{"twill", 16, 20, {0}, {[M_CLOTH_TWILL] = 1.6}, NULL},
	{"linen", 12, 60, {[K_SEWING] = 4}, {[M_CLOTH_LINEN] = 1.7}, NULL},
	{"silk-blend", 8, 160, {[K_CUTTING] = 3, [K_SEWING] = 8},
	 {[M_CLOTH_SILK] = 1.7}, "slippery: slower to cut and sew"},
};
static const struct gen_val shirt_size[] = {
	{"38", 6, 0, {0}, {0}, "collar size in cm"},
	{"39", 12, 0, {0}, {0}, NULL},
	{"40", 20, 0, {0}, {0}, NULL},
	{"41", 22, 0, {0}, {0}, NULL},
	{"42", 18, 0, {0}, {0}, NULL},
	{"43", 12, 0, {0}, {0}, NULL},
	{"44", 6, 0, {0}, {0}, NULL},
	{"45", 3, 20, {[K_CUTTING] = 1}, {0}, "big and tall pattern"},
	{"46", 1, 30, {[K_CUTTING] = 1}, {0}, NULL},
};
static const struct gen_val shirt_monogram[] = {
	{"no", 68, 0, {0}, {0}, NULL},
	{"yes", 32, 40, {[K_EMBROIDERY] = 6}, {0}, "needs an embroidery machine"},
};

static const struct gen_val ac_capacity[] = {
	{"1hp", 28, 0, {0}, {0}, "bedroom"},
	{"1.5hp", 36, 0, {[K_ASSEMBLY] = 1}, {0}, NULL},
	{"2hp", 22, 350, {[K_ASSEMBLY] = 3, [K_TEST] = 1}, {0}, NULL},
	{"3hp", 14, 900, {[K_ASSEMBLY] = 6, [K_TEST] = 2, [K_PACKING] = 2},
	 {0}, "living room"},
};
static const struct gen_val ac_self_clean[] = {
	{"no", 45, 0, {0}, {0}, NULL},
	{"yes", 55, 120, {[K_ASSEMBLY] = 2}, {[M_UV_MODULE] = 1},
	 "UV sterilising module"},
};
static const struct gen_val ac_fresh_air[] = {
	{"no", 80, 0, {0}, {0}, NULL},
	{"yes", 20, 380, {[K_ASSEMBLY] = 5, [K_TEST] = 2}, {[M_FRESH_AIR] = 1},
	 "fresh-air intake module"},
};
/* clang-format on */

/* Quantity weights by family, index = quantity. */
static const int qty_sofa[] = {0, 80, 17, 3};
static const int qty_shirt[] = {0, 46, 27, 19, 4, 2, 2};
static const int qty_aircon[] = {0, 38, 30, 17, 7, 3, 2, 0, 2, 0, 1};

#define OPT(n, v, why)                                                         \
	{                                                                      \
		.name = n, .vals = v, .nvals = LEN(v), .note = why             \
	}

static const struct gen_base base_defs[NBASE] = {
    {
	.id = "sofa",
	.kind = "furniture",
	.code = "SF",
	.gtin13 = "0952123410001",
	.title = "Modular sofa built to order: frame, cut and sewn "
		 "cover, upholstery",
	.routing = {[K_FRAME] = 60,
		    [K_CUTTING] = 25,
		    [K_SEWING] = 45,
		    [K_UPHOLSTERY] = 120,
		    [K_PACKING] = 15},
	.holding = 3.5,
	.late = 45,
	.unmet = 9000,
	.mats = {[M_FRAME_KIT] = 1},
	.opts = {OPT("fabric", sofa_fabric, NULL), OPT("size", sofa_size, NULL),
		 OPT("colour", sofa_colour,
		     "colour changes nothing but the dye lot")},
	.weight = 27,
	.qty = qty_sofa,
	.nqty = LEN(qty_sofa),
	.plant_cost = 2600,
	.lane_factor = 4.0,
	.bottleneck = K_UPHOLSTERY,
	.waiting = "fabric swatch approval",
    },
    {
	.id = "shirt-mtm",
	.kind = "apparel",
	.code = "SH",
	.gtin13 = "0952123420001",
	.title = "Made-to-measure shirt: single-ply cutting from the "
		 "customer's measurements",
	.routing = {[K_CUTTING] = 9, [K_SEWING] = 40, [K_PACKING] = 3},
	.holding = 0.2,
	.late = 15,
	.unmet = 650,
	.mats = {[M_BUTTONS] = 1},
	.opts = {OPT("fabric", shirt_fabric, NULL),
		 OPT("size", shirt_size, NULL),
		 OPT("monogram", shirt_monogram, NULL)},
	.weight = 45,
	.qty = qty_shirt,
	.nqty = LEN(qty_shirt),
	.plant_cost = 110,
	.lane_factor = 0.2,
	.bottleneck = K_SEWING,
	.waiting = "measurements being confirmed",
    },
    {
	.id = "aircon-split",
	.kind = "aircon",
	.code = "AC",
	.gtin13 = "0952123430001",
	.title = "Split air conditioner, indoor + outdoor unit, "
		 "configured per home",
	.routing = {[K_ASSEMBLY] = 22, [K_TEST] = 9, [K_PACKING] = 5},
	.holding = 1.5,
	.late = 80,
	.unmet = 4200,
	.mats = {[M_COMPRESSOR] = 1},
	.opts = {OPT("capacity", ac_capacity, NULL),
		 OPT("self_clean", ac_self_clean, NULL),
		 OPT("fresh_air", ac_fresh_air, NULL)},
	.weight = 28,
	.qty = qty_aircon,
	.nqty = LEN(qty_aircon),
	.plant_cost = 1450,
	.lane_factor = 1.0,
	.bottleneck = K_TEST,
	.waiting = "site survey pending",
    },
};

/* ---- the families ---- */

/* The code of variant v of a family coded base: base, then one letter
 * (B for variant 2 .. Z), then two (AA ..). */
static void variant_code(char *out, size_t n, const char *base, int v)
{
	int x = v - 2;
	if (x < 25)
		snprintf(out, n, "%s%c", base, 'B' + x);
	else
		snprintf(out, n, "%s%c%c", base, 'A' + (x - 25) / 26 % 26,
			 'A' + (x - 25) % 26);
}

/* Derived option j of f: "standard" adds nothing, "plus" and "premium"
 * add a share of the family's plant cost and of its minutes on one kind of
 * its own routing (option j on its j-th kind, round robin). */
static void derive_option(struct gen_family *f, int j, struct gen_opt *o)
{
	static const struct {
		const char *name;
		int weight;
		double cost, minutes, least; /* shares; least minutes */
	} xv[NXVAL] = {{"standard", 60, 0, 0, 0},
		       {"plus", 30, 0.04, 0.06, 1},
		       {"premium", 10, 0.10, 0.15, 2}};
	int kinds[NKINDS], n = 0;
	for (int k = 0; k < NKINDS; k++)
		if (f->routing[k] > 0)
			kinds[n++] = k;
	int k = kinds[j % n];
	struct gen_val *v = f->xval[j];
	memset(f->xval[j], 0, sizeof(f->xval[j]));
	for (int i = 0; i < NXVAL; i++) {
		v[i].name = xv[i].name;
		v[i].weight = xv[i].weight;
		v[i].cost = gen_whole(f->plant_cost * xv[i].cost);
		v[i].routing[k] = gen_round_half(f->routing[k] * xv[i].minutes);
		if (v[i].routing[k] < xv[i].least)
			v[i].routing[k] = xv[i].least;
	}
	o->name = xopt_name[j];
	o->vals = v;
	o->nvals = NXVAL;
	o->note = NULL;
}

/* Family i of the catalog: bases first, then variant 2 of each base, variant
 * 3 of each, ...  A variant's minutes and money are its base's times
 * factors drawn from a stream seeded with i alone, so the catalog does not
 * depend on the seed. */
void gen_make_family(struct gen_family *f, int i, int nopt)
{
	const struct gen_base *base = &base_defs[i % NBASE];
	f->base = base;
	f->b = i % NBASE;
	f->variant = i / NBASE + 1;
	memcpy(f->routing, base->routing, sizeof(f->routing));
	f->holding = base->holding;
	f->late = base->late;
	f->unmet = base->unmet;
	f->plant_cost = base->plant_cost;
	if (f->variant == 1) {
		snprintf(f->id, sizeof(f->id), "%s", base->id);
		snprintf(f->code, sizeof(f->code), "%s", base->code);
		snprintf(f->gtin13, sizeof(f->gtin13), "%s", base->gtin13);
		snprintf(f->title, sizeof(f->title), "%s", base->title);
	} else {
		gen_rng r;
		rng_init(&r, (uint64_t)i, 3);
		double tf = rng_between(&r, 0.8, 1.25);
		double cf = rng_between(&r, 0.85, 1.2);
		snprintf(f->id, sizeof(f->id), "%s-%d", base->id, f->variant);
		variant_code(f->code, sizeof(f->code), base->code, f->variant);
		snprintf(f->gtin13, sizeof(f->gtin13), "%.9s%04d", base->gtin13,
			 f->variant);
		snprintf(f->title, sizeof(f->title), "%s; variant %d",
			 base->title, f->variant);
		for (int k = 0; k < NKINDS; k++)
			if (f->routing[k] > 0 &&
			    (f->routing[k] =
				 gen_round_half(f->routing[k] * tf)) < 0.5)
				f->routing[k] = 0.5;
		f->holding = gen_whole(f->holding * cf * 10) / 10;
		f->late = gen_whole(f->late * cf);
		f->unmet = gen_whole(f->unmet * cf);
		f->plant_cost = gen_whole(f->plant_cost * cf);
	}
	f->nopt = nopt;
	for (int o = 0; o < nopt; o++) {
		if (o < NOPT)
			f->opts[o] = base->opts[o];
		else
			derive_option(f, o - NOPT, &f->opts[o]);
	}
}

/* ---- catalog.yaml ---- */

/* Writes "{ a: 1, b: 2 }" for the non-zero entries of v; returns how many. */
static int put_map(FILE *f, const double *v, const char *const *names, int n)
{
	char b[32];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (v[i] == 0)
			continue;
		fputs(k++ ? ", " : "{ ", f);
		gen_put_str(f, names[i]);
		fprintf(f, ": %s", NUM(b, v[i]));
	}
	fputs(k ? " }" : "{}", f);
	return k;
}

static int nonzero(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i] != 0)
			return 1;
	return 0;
}

static void write_val(FILE *f, const struct gen_val *v)
{
	char b[32];
	long start = ftell(f);
	fputs("        ", f);
	gen_put_str(f, v->name);
	fputs(": ", f);
	int parts = 0;
	if (nonzero(v->routing, NKINDS)) {
		fputs("{ routing: ", f);
		put_map(f, v->routing, gen_kind_name, NKINDS);
		parts++;
	}
	if (v->cost != 0) {
		fprintf(f, "%scost: %s", parts++ ? ", " : "{ ",
			NUM(b, v->cost));
	}
	if (nonzero(v->mats, NMATS)) {
		fputs(parts++ ? ", materials: " : "{ materials: ", f);
		put_map(f, v->mats, gen_mat_name, NMATS);
	}
	fputs(parts ? " }" : "{}", f);
	if (v->note) {
		long col = start >= 0 ? ftell(f) - start : 0;
		for (; col < 50; col++)
			fputc(' ', f);
		fprintf(f, " # %s", v->note);
	}
	fputc('\n', f);
}

/* The catalog's head comment, between its first line and its last two. */
static const char *const catalog_head[] = {
    "#",
    "# routing: minutes one unit takes on each resource kind (a plant may "
    "override",
    "#   them in plants.yaml).  Each option value the customer picks adds "
    "its own",
    "#   routing minutes, cost per unit and materials on top; {} adds "
    "nothing.",
    "# holding_cost: per unit per day it waits after completion before it "
    "ships.",
    "# late_penalty: per unit per day late; unmet_penalty: per unit not "
    "made in",
    "#   the horizon (an order may override both).",
    "# materials: per unit; only limited at plants that list them in "
    "plants.yaml.",
    "# gtin: GS1 GTIN-14 under the placeholder company prefix 0952123 (GS1 "
    "prefix",
    "#   952 is reserved for examples); the last digit is the mod-10 check "
    "digit.",
    "#",
};

void gen_write_catalog(FILE *f, const struct gen *g)
{
	static const mc_gen_shape def = MC_GEN_SHAPE_DEFAULT;
	int own = g->s.families == def.families && g->s.options == def.options;
	char b[32];
	if (own)
		fputs("# catalog.yaml - what can be made: three families of "
		      "customised products.\n",
		      f);
	else
		fprintf(f,
			"# catalog.yaml - what can be made: %d families of "
			"customised products\n"
			"# (%s), %d option%s each.\n",
			g->nfam,
			g->nfam > NBASE
			    ? "a sofa, a shirt, an air conditioner "
			      "and variants of them"
			    : "a sofa, a shirt and an air conditioner",
			g->s.options, g->s.options > 1 ? "s" : "");
	for (int i = 0; i < LEN(catalog_head); i++)
		fprintf(f, "%s\n", catalog_head[i]);
	if (own)
		fputs("# Written by `mcsched gen` (models/gen/gen.c); "
		      "data/samples/catalog.yaml is this\n"
		      "# file verbatim, so generated orders also fit the "
		      "samples.\n",
		      f);
	else
		fprintf(f,
			"# Written by `mcsched gen --families %d --options "
			"%d` (models/gen/gen.c).\n",
			g->s.families, g->s.options);
	fputs("families:\n", f);
	for (int i = 0; i < g->nfam; i++) {
		const struct gen_family *fam = &g->fam[i];
		char gtin[15];
		memcpy(gtin, fam->gtin13, 13);
		gtin[13] = (char)('0' + mc_gtin_check_digit(fam->gtin13, 13));
		gtin[14] = 0;
		fprintf(f, "%s  # %s\n", i ? "\n" : "", fam->title);
		fprintf(f, "  - id: %s\n", fam->id);
		fprintf(f, "    kind: %s\n", fam->base->kind);
		fprintf(f, "    code: %s\n", fam->code);
		fputs("    gtin: ", f);
		gen_put_str(f, gtin);
		fputs("\n    routing: ", f);
		put_map(f, fam->routing, gen_kind_name, NKINDS);
		fputs("   # minutes per unit\n", f);
		fprintf(f, "    holding_cost: %s\n", NUM(b, fam->holding));
		fprintf(f, "    late_penalty: %s\n", NUM(b, fam->late));
		fprintf(f, "    unmet_penalty: %s\n", NUM(b, fam->unmet));
		if (nonzero(fam->base->mats, NMATS)) {
			fputs("    materials: ", f);
			put_map(f, fam->base->mats, gen_mat_name, NMATS);
			fputs("   # per unit\n", f);
		}
		fputs("    options:\n", f);
		for (int o = 0; o < fam->nopt; o++) {
			const struct gen_opt *opt = &fam->opts[o];
			fprintf(f, "      %s:", opt->name);
			if (opt->note)
				fprintf(f, "   # %s", opt->note);
			fputc('\n', f);
			for (int v = 0; v < opt->nvals; v++)
				write_val(f, &opt->vals[v]);
		}
	}
}
