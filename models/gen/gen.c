/*
 * gen.c - synthetic planning instances: writes catalog.yaml, plants.yaml,
 * orders.yaml and job.yaml for any number of orders (see gen.h).
 *
 * Randomness comes from our own xoshiro256** generator seeded with
 * splitmix64, with one stream for the orders and one for the plants, so
 * output is the same on every machine and the orders of a seed do not
 * depend on the plants.  Numbers are written without printf's %f/%g so the
 * locale cannot change them.
 *
 * The catalog is built from the three families in the tables below (the
 * bases); families beyond them are variants of a base whose numbers come
 * from a stream of their own (seeded with the family's index, not the
 * seed), and options beyond a base's three are derived from the family's
 * routing.  Everything about the instance lives in one struct gen, built
 * first and freed once.  Orders are drawn next and kept in one malloc'd
 * array; plants are then sized to the demand: each family's work is shared
 * among the plants making it, and every group of resources gets the hours
 * that put its share at a target load (near or above 100% for each family's
 * bottleneck kind, well below for the others).  Nothing is printed; errors
 * go to the caller's mc_diag.
 */
#include "gen.h"

#include "arena.h"
#include "date.h"
#include "file.h"
#include "ids.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- deterministic random numbers ---- */

typedef struct gen_rng {
	uint64_t s[4];
} gen_rng;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_init(gen_rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rng_next(gen_rng *r)
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
static double rng_unit(gen_rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static double rng_between(gen_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_unit(r);
}

/* Uniform integer in [lo, hi]. */
static int rng_int(gen_rng *r, int lo, int hi)
{
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int)(((rng_next(r) >> 32) * span) >> 32);
}

/* Index drawn with probability weight[i] / sum (sum > 0). */
static int rng_weighted(gen_rng *r, const int *weight, int n)
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

/* ---- the catalog ---- */

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
static const char *const kind_name[NKINDS] = {
    "frame",	  "cutting",  "sewing", "upholstery",
    "embroidery", "assembly", "test",	"packing"};
static const char *const kind_code[NKINDS] = {"FRM", "CUT", "SEW", "UPH",
					      "EMB", "ASM", "TST", "PCK"};

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
static const char *const mat_name[NMATS] = {
    "frame-kit",     "foam-block",   "fabric-tech",	"fabric-linen",
    "fabric-velvet", "leather-hide", "cloth-poplin",	"cloth-oxford",
    "cloth-twill",   "cloth-linen",  "cloth-silk",	"button-set",
    "compressor",    "uv-module",    "fresh-air-module"};

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
static const char *const xopt_name[NXOPT] = {"finish", "trim", "accessory",
					     "detail", "upgrade"};

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

/* ---- regions and plants ---- */

enum { R_SOUTH, R_EAST, R_CENTRAL, R_NORTH, R_WEST, R_NORTHEAST, NREG };

static const struct {
	const char *name;
	int days;    /* transit from the Pearl River Delta */
	double cost; /* per unit, aircon-sized parcel */
	int weight;  /* share of orders */
} regions[NREG] = {
    {"south", 1, 15, 38}, {"east", 2, 32, 24}, {"central", 2, 28, 14},
    {"north", 3, 48, 12}, {"west", 3, 42, 8},  {"northeast", 4, 62, 4},
};

#define FB(f) (1u << (f))

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

/* ---- the instance ---- */

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

/* A plant: one of plant_defs, or a second site of one (p >= NPLANTDEFS). */
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

/* ---- customers ---- */

static const char *const surnames[] = {
    "陈", "李", "黄", "张", "王", "刘", "梁", "林",   "杨",   "吴",  "何", "罗",
    "郑", "周", "赵", "谢", "徐", "朱", "胡", "郭",   "冯",   "邓",  "曾", "彭",
    "叶", "蔡", "卢", "苏", "许", "潘", "钟", "孙",   "马",   "高",  "宋", "唐",
    "韩", "曹", "肖", "田", "董", "袁", "蒋", "余",   "杜",   "程",  "魏", "吕",
    "丁", "沈", "姚", "姜", "崔", "谭", "陆", "范",   "汪",   "廖",  "石", "金",
    "韦", "夏", "方", "邹", "莫", "麦", "区", "欧阳", "司徒", "上官"};
static const char *const given_names[] = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",
    "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "霞",
    "平",   "刚",   "婷",   "斌",   "鹏",   "辉",   "玲",   "琳",   "慧",
    "颖",   "晨",   "秀英", "桂英", "建华", "建国", "志强", "志明", "海燕",
    "雪梅", "晓东", "晓燕", "俊杰", "嘉怡", "佳琪", "子涵", "浩然", "梓萱",
    "一诺", "欣怡", "宇轩", "思远", "文博", "雨桐", "诗涵", "梓豪", "家豪",
    "嘉欣", "美玲", "伟强", "国华", "丽华", "淑芬", "振华", "永强", "少华",
    "锦荣", "家明", "咏琪", "颖欣", "梓健", "晓琳", "天佑", "紫琪", "若曦",
    "泽宇", "博文", "铭轩", "子墨", "昊天", "秋菊", "德明"};
static const char *const titles[] = {"先生", "女士"};

/* ---- the horizon ---- */

static int horizon_start(void)
{
	return mc_date_from_civil(2026, 11, 25);
}

/* ---- formatting ---- */

/* v with at most two decimals, no locale: "12", "1.5", "0.25". */
static const char *num(char *buf, size_t n, double v)
{
	long long c = (long long)(v * 100 + (v >= 0 ? 0.5 : -0.5));
	const char *sign = c < 0 ? "-" : "";
	if (c < 0)
		c = -c;
	if (c % 100 == 0)
		snprintf(buf, n, "%s%lld", sign, c / 100);
	else if (c % 10 == 0)
		snprintf(buf, n, "%s%lld.%lld", sign, c / 100, c % 100 / 10);
	else
		snprintf(buf, n, "%s%lld.%02lld", sign, c / 100, c % 100);
	return buf;
}
#define NUM(buf, v) num(buf, sizeof(buf), v)

static const char *date_text(char *buf, int day)
{
	return mc_date_format(day, buf);
}

/* x rounded to a whole number (x >= 0). */
static double whole(double x)
{
	return (double)(long long)(x + 0.5);
}

static double round_half(double h)
{
	return (double)(long long)(h * 2 + 0.5) / 2;
}

/* Hours as a planner would write them: halves, quarters when small. */
static double round_hours(double h)
{
	if (h >= 4)
		return round_half(h);
	h = (double)(long long)(h * 4 + 0.5) / 4;
	return h < 0.5 ? 0.5 : h;
}

/* 1 if YAML would read s as something other than the plain string s, or
 * s would break a flow collection. */
static int needs_quotes(const char *s)
{
	static const char *const words[] = {
	    "y",  "Y",	  "yes",  "Yes",  "YES",   "n",	    "N",     "no", "No",
	    "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On",
	    "ON", "off",  "Off",  "OFF",  "null",  "Null",  "NULL",  "~"};
	if (!*s)
		return 1;
	for (int i = 0; i < LEN(words); i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || s[strlen(s) - 1] == ' ')
		return 1;
	if (strpbrk(s, ":#,[]{}\"\\\t\n"))
		return 1;
	/* numbers, dates, times, anything made of digits and signs */
	if (strspn(s, "0123456789.+-_eExXoObB") == strlen(s) &&
	    strpbrk(s, "0123456789"))
		return 1;
	return 0;
}

static void put_str(FILE *f, const char *s)
{
	if (!needs_quotes(s)) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Writes "{ a: 1, b: 2 }" for the non-zero entries of v; returns how many. */
static int put_map(FILE *f, const double *v, const char *const *names, int n)
{
	char b[32];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (v[i] == 0)
			continue;
		fputs(k++ ? ", " : "{ ", f);
		put_str(f, names[i]);
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

/* ---- files ---- */

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = mc_xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p */
static int make_dir(const char *dir, mc_diag *d)
{
	if (!*dir)
		return mc_diag_error(d, MC_EINPUT,
				     "unable to create directory '': %s",
				     strerror(ENOENT));
	char *p = mc_xstrdup(dir);
	int rc = 0;
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = 0;
	for (char *s = p + 1;; s++) {
		char c = *s;
		if (c != '/' && c != 0)
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = mc_diag_error(
			    d, MC_EINPUT, "unable to create directory '%s': %s",
			    p, strerror(errno));
			goto out;
		}
		*s = c;
		if (!c)
			break;
	}
	struct stat st;
	if (stat(p, &st) != 0)
		rc = mc_diag_error(d, MC_EINPUT,
				   "unable to create directory '%s': %s", p,
				   strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		rc = mc_diag_error(d, MC_EINPUT,
				   "unable to create directory '%s': %s", p,
				   strerror(ENOTDIR));
out:
	free(p);
	return rc;
}

/* ---- building the instance ---- */

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
		v[i].cost = whole(f->plant_cost * xv[i].cost);
		v[i].routing[k] = round_half(f->routing[k] * xv[i].minutes);
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
static void make_family(struct gen_family *f, int i, int nopt)
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
			    (f->routing[k] = round_half(f->routing[k] * tf)) <
				0.5)
				f->routing[k] = 0.5;
		f->holding = whole(f->holding * cf * 10) / 10;
		f->late = whole(f->late * cf);
		f->unmet = whole(f->unmet * cf);
		f->plant_cost = whole(f->plant_cost * cf);
	}
	f->nopt = nopt;
	for (int o = 0; o < nopt; o++) {
		if (o < NOPT)
			f->opts[o] = base->opts[o];
		else
			derive_option(f, o - NOPT, &f->opts[o]);
	}
}

static int makes(const struct gen *g, int p, int f)
{
	return g->makes[(size_t)p * (size_t)g->nfam + (size_t)f];
}

/* Plant p: plant_defs[p], or a second site of plant_defs[p % NPLANTDEFS]
 * ("GZ-NANSHA-2", code GZ2). */
static void make_plant(struct gen_plant *pl, int p)
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
static void assign_families(struct gen *g)
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

static void gen_release(struct gen *g)
{
	free(g->fam);
	free(g->fam_weight);
	free(g->plant);
	free(g->makes);
}

/* Appends printf text to the string in buf (n bytes in all). */
static void append(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t n, const char *fmt, ...)
{
	size_t k = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + k, n - k, fmt, ap);
	va_end(ap);
}

/* "--orders N --seed S" and the shape's knobs that differ from the
 * default: the options of `mcsched gen` that draw this instance again. */
static void describe(struct gen *g)
{
	static const mc_gen_shape def = MC_GEN_SHAPE_DEFAULT;
	const mc_gen_shape *s = &g->s;
	const struct {
		const char *name;
		int v, def;
	} knob[] = {
	    {"plants", s->plants, def.plants},
	    {"lines", s->lines, def.lines},
	    {"families", s->families, def.families},
	    {"options", s->options, def.options},
	    {"days", s->days, def.days},
	    {"due-spread", g->due_spread, s->days + 5},
	};
	g->args[0] = 0;
	append(g->args, sizeof(g->args), "--orders %d --seed %llu", g->norders,
	       (unsigned long long)g->seed);
	for (int i = 0; i < LEN(knob); i++)
		if (knob[i].v != knob[i].def)
			append(g->args, sizeof(g->args), " --%s %d",
			       knob[i].name, knob[i].v);
	if (s->release_share != def.release_share) {
		/* four decimals, trailing zeros dropped, no locale */
		long long c = (long long)(s->release_share * 10000 + 0.5);
		int digits = 4;
		for (; digits > 0 && c % 10 == 0; digits--)
			c /= 10;
		long long unit = 1;
		for (int i = 0; i < digits; i++)
			unit *= 10;
		append(g->args, sizeof(g->args), " --release-share %lld",
		       c / unit);
		if (digits)
			append(g->args, sizeof(g->args), ".%0*lld", digits,
			       c % unit);
	}
}

/* Plants of the default shape: 3, one more at 1,500 orders and at each
 * tripling after, up to the ten named ones. */
static int plant_count(int norders)
{
	int n = 3;
	for (long t = 1500; t <= norders && n < NPLANTDEFS; t *= 3)
		n++;
	return n;
}

/* Fills g for a checked shape; gen_release() frees it. */
static void gen_init(struct gen *g, int norders, uint64_t seed,
		     const mc_gen_shape *s)
{
	memset(g, 0, sizeof(*g));
	g->norders = norders;
	g->seed = seed;
	g->s = *s;
	g->days = s->days;
	g->due_spread = s->due_spread ? s->due_spread : s->days + 5;
	g->start = horizon_start();
	g->nfam = s->families;
	g->fam = mc_xcalloc((size_t)g->nfam, sizeof(*g->fam));
	g->fam_weight = mc_xcalloc((size_t)g->nfam, sizeof(*g->fam_weight));
	for (int i = 0; i < g->nfam; i++) {
		make_family(&g->fam[i], i, s->options);
		g->fam_weight[i] = g->fam[i].base->weight;
	}
	g->nplants = s->plants ? s->plants : plant_count(norders);
	g->plant = mc_xcalloc((size_t)g->nplants, sizeof(*g->plant));
	for (int p = 0; p < g->nplants; p++)
		make_plant(&g->plant[p], p);
	assign_families(g);
	describe(g);
}

/* ---- catalog.yaml ---- */

static void write_val(FILE *f, const struct gen_val *v)
{
	char b[32];
	long start = ftell(f);
	fputs("        ", f);
	put_str(f, v->name);
	fputs(": ", f);
	int parts = 0;
	if (nonzero(v->routing, NKINDS)) {
		fputs("{ routing: ", f);
		put_map(f, v->routing, kind_name, NKINDS);
		parts++;
	}
	if (v->cost != 0) {
		fprintf(f, "%scost: %s", parts++ ? ", " : "{ ",
			NUM(b, v->cost));
	}
	if (nonzero(v->mats, NMATS)) {
		fputs(parts++ ? ", materials: " : "{ materials: ", f);
		put_map(f, v->mats, mat_name, NMATS);
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

static void write_catalog(FILE *f, const struct gen *g)
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
		put_str(f, gtin);
		fputs("\n    routing: ", f);
		put_map(f, fam->routing, kind_name, NKINDS);
		fputs("   # minutes per unit\n", f);
		fprintf(f, "    holding_cost: %s\n", NUM(b, fam->holding));
		fprintf(f, "    late_penalty: %s\n", NUM(b, fam->late));
		fprintf(f, "    unmet_penalty: %s\n", NUM(b, fam->unmet));
		if (nonzero(fam->base->mats, NMATS)) {
			fputs("    materials: ", f);
			put_map(f, fam->base->mats, mat_name, NMATS);
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

/* ---- orders ---- */

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

static void draw_order(gen_rng *r, const struct gen *g, struct gen_order *o)
{
	int w[16], start = g->start;
	o->family = rng_weighted(r, g->fam_weight, g->nfam);
	const struct gen_family *fam = &g->fam[o->family];
	for (int i = 0; i < fam->nopt; i++) {
		const struct gen_opt *opt = &fam->opts[i];
		for (int v = 0; v < opt->nvals; v++)
			w[v] = opt->vals[v].weight;
		o->opt[i] = (unsigned char)rng_weighted(r, w, opt->nvals);
	}
	for (int i = 0; i < NREG; i++)
		w[i] = regions[i].weight;
	o->region = rng_weighted(r, w, NREG);
	o->qty = rng_weighted(r, fam->base->qty, fam->base->nqty);

	/* due on one of due_spread days from day 2 (by default to just past
	 * the horizon): a third in the first 3/8 of them, the rest in all but
	 * the first 1/8, so the early days carry more than their share */
	int last = g->due_spread - 1;
	int off = rng_unit(r) < 0.35 ? rng_int(r, 2, 2 + last * 12 / 32)
				     : rng_int(r, 2 + last * 4 / 32, 2 + last);
	o->due = start + off;
	o->placed = o->due - rng_int(r, 10, 30);
	if (o->placed > start - 1)
		o->placed = start - 1 - rng_int(r, 0, 2);
	o->release = 0;
	/* released up to 10 days in (in 28; scaled with the horizon) */
	int rmax = 10 * g->days / 28;
	if (off >= 4 && rng_unit(r) < g->s.release_share)
		o->release =
		    start + rng_int(r, 1, off - 2 < rmax ? off - 2 : rmax);

	double u = rng_unit(r);
	o->priority = u < 0.04 ? 2 : u < 0.06 ? 3 : 0;
	o->max_late = -1;
	if (rng_unit(r) < 0.08) {
		static const int late[] = {0, 2, 3, 5, 7};
		static const int lw[] = {2, 2, 3, 2, 1};
		o->max_late = (signed char)late[rng_weighted(r, lw, 5)];
	}
	o->late_pen = o->unmet_pen = 0;
	if (rng_unit(r) < 0.025)
		o->late_pen = fam->late * (rng_int(r, 0, 2) == 0 ? 1.5 : 2);
	if (rng_unit(r) < 0.015)
		o->unmet_pen = fam->unmet * (rng_int(r, 0, 1) ? 1.5 : 2);

	/* surnames are skewed: the common ones far more often */
	int ns = LEN(surnames);
	int a = rng_int(r, 0, ns - 1), b = rng_int(r, 0, ns - 1);
	o->surname = (short)(a < b ? a : b);
	if (rng_unit(r) < 0.18)
		o->given = (short)(-1 - rng_int(r, 0, LEN(titles) - 1));
	else
		o->given = (short)rng_int(r, 0, LEN(given_names) - 1);
}

static int cmp_order(const void *pa, const void *pb)
{
	const struct gen_order *a = pa, *b = pb;
	if (a->placed != b->placed)
		return a->placed < b->placed ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Draws n orders sorted by placement day and numbered within each day. */
static struct gen_order *draw_orders(const struct gen *g, int *seq_width)
{
	gen_rng r;
	rng_init(&r, g->seed, 1);
	int n = g->norders;
	struct gen_order *v = mc_xcalloc((size_t)n, sizeof(*v));
	for (int i = 0; i < n; i++) {
		v[i].idx = i;
		draw_order(&r, g, &v[i]);
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_order);
	int most = 0;
	for (int i = 0; i < n; i++) {
		v[i].seq = i > 0 && v[i - 1].placed == v[i].placed
			       ? v[i - 1].seq + 1
			       : 1;
		if (v[i].seq > most)
			most = v[i].seq;
	}
	int w = 1;
	for (int m = most; m >= 10; m /= 10)
		w++;
	*seq_width = w < 4 ? 4 : w;
	return v;
}

static void write_orders(FILE *f, const struct gen *g,
			 const struct gen_order *v, int seq_width)
{
	char b[32], d1[16], d2[16];
	int n = g->norders;
	fprintf(f,
		"# orders.yaml - %d customer orders, drawn by `mcsched gen "
		"%s`.\n"
		"#\n"
		"# Every order names each option of its family; due is the day "
		"the customer\n"
		"# should receive it.  Optional: release (earliest production "
		"day), priority\n"
		"# (weight on the late penalty, default 1), max_late_days, and "
		"late_penalty /\n"
		"# unmet_penalty overriding the family's.\n"
		"orders:\n",
		n, g->args);
	for (int i = 0; i < n; i++) {
		const struct gen_order *o = &v[i];
		const struct gen_family *fam = &g->fam[o->family];
		mc_date_format(o->placed, d1);
		fprintf(f, "  - id: SO-%.4s%.2s%.2s-%0*d\n", d1, d1 + 5, d1 + 8,
			seq_width, o->seq);
		fprintf(f, "    customer: %s%s\n", surnames[o->surname],
			o->given >= 0 ? given_names[o->given]
				      : titles[-1 - o->given]);
		fprintf(f, "    region: %s\n", regions[o->region].name);
		fprintf(f, "    family: %s\n", fam->id);
		fputs("    options: ", f);
		for (int k = 0; k < fam->nopt; k++) {
			fprintf(f, "%s%s: ", k ? ", " : "{ ",
				fam->opts[k].name);
			put_str(f, fam->opts[k].vals[o->opt[k]].name);
		}
		fputs(" }\n", f);
		fprintf(f, "    quantity: %d\n", o->qty);
		fprintf(f, "    due: %s\n", date_text(d2, o->due));
		if (o->release)
			fprintf(f, "    release: %s   # %s\n",
				date_text(d2, o->release), fam->base->waiting);
		if (o->priority)
			fprintf(f, "    priority: %d%s\n", o->priority,
				o->priority > 2 ? "   # key customer" : "");
		if (o->late_pen)
			fprintf(f, "    late_penalty: %s\n",
				NUM(b, o->late_pen));
		if (o->unmet_pen)
			fprintf(f, "    unmet_penalty: %s\n",
				NUM(b, o->unmet_pen));
		if (o->max_late >= 0)
			fprintf(f, "    max_late_days: %d%s\n", o->max_late,
				o->max_late == 0 ? "   # fixed date: on time "
						   "or not at all"
						 : "");
	}
}

/* ---- plants.yaml ---- */

/* Demand of the drawn orders, per family (nfam rows each). */
struct gen_demand {
	double *units;
	double (*add)[NKINDS]; /* option minutes, summed over units */
	double (*mat)[NMATS];  /* material use, summed over units */
};

static void sum_demand(const struct gen *g, const struct gen_order *v,
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

static void demand_release(struct gen_demand *dm)
{
	free(dm->units);
	free(dm->add);
	free(dm->mat);
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
			date_text(d, w->start + c->t[i]), NUM(b, c->hours[i]));
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
			h = round_half(longest / 60 + 0.49);
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
			kind_code[k], ++*next_id);
		fprintf(f, "        kind: %s\n", kind_name[k]);
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
			mat_name[m], NUM(b, stock),
			date_text(d1, w->start + t1), NUM(b1, q1),
			date_text(d2, w->start + t2), NUM(b2, q2));
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
			date_text(d, w->start + w->holiday[p]));
	fputs("    costs: { ", f);
	int c = 0;
	for (int fi = 0; fi < g->nfam; fi++) {
		if (!makes(g, p, fi))
			continue;
		double cost =
		    g->fam[fi].plant_cost * rng_between(r, 0.92, 1.08);
		fprintf(f, "%s%s: %s", c++ ? ", " : "", g->fam[fi].id,
			NUM(b, whole(cost)));
	}
	fputs(" }   # per unit; families not listed are not made here\n", f);
	if (pd->ovr_family >= 0)
		fprintf(f, "    routing: { %s: { %s: %s } }   # %s\n",
			g->fam[pd->ovr_family].id, kind_name[pd->ovr_kind],
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

static void write_plants(FILE *f, const struct gen *g,
			 const struct gen_demand *dm)
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
	put_str(f, "88.999.1");
	fputs(" }   # placeholder prefix, not a real allocation\n", f);
	fprintf(f, "horizon: { start: %s, days: %d }\n", date_text(d, w.start),
		w.days);
	fputs("regions: [", f);
	for (int i = 0; i < NREG; i++)
		fprintf(f, "%s%s", i ? ", " : "", regions[i].name);
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
			int days = regions[reg].days +
				   (reg != R_SOUTH && rng_unit(&r) < 0.3);
			double cost = whole(regions[reg].cost *
					    rng_between(&r, 0.9, 1.15));
			fprintf(f,
				"  - { plant: %s, region: %s, days: %d, "
				"cost: %s",
				g->plant[p].id, regions[reg].name, days,
				NUM(b, cost));
			int c = 0;
			for (int fi = 0; fi < g->nfam; fi++) {
				double x = g->fam[fi].base->lane_factor;
				if (!makes(g, p, fi) || x == 1.0)
					continue;
				double fc =
				    whole(cost * x * rng_between(&r, 0.9, 1.1));
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

static void write_job(FILE *f)
{
	fputs("# job.yaml - `mcsched plan job.yaml` plans these inputs; paths "
	      "are relative\n"
	      "# to this file.\n"
	      "catalog: catalog.yaml\n"
	      "plants: plants.yaml\n"
	      "orders: orders.yaml\n",
	      f);
}

/* ---- entry point ---- */

/* Which of the four files to write, and what goes into them. */
struct gen_file {
	int which; /* index into the names of mc_gen_write_shape() */
	const struct gen *g;
	const struct gen_order *orders;
	int width;
	const struct gen_demand *dm;
};

static int write_file(FILE *f, const void *ctx, mc_diag *d)
{
	const struct gen_file *gf = ctx;
	(void)d;
	switch (gf->which) {
	case 0:
		write_catalog(f, gf->g);
		break;
	case 1:
		write_plants(f, gf->g, gf->dm);
		break;
	case 2:
		write_orders(f, gf->g, gf->orders, gf->width);
		break;
	default:
		write_job(f);
		break;
	}
	return 0;
}

/* Reports every argument out of its bounds; -1 if there was one. */
static int check_shape(int norders, const mc_gen_shape *s, mc_diag *d)
{
	int before = mc_diag_count(d);
	if (norders < 1 || norders > MC_GEN_MAX_ORDERS)
		mc_diag_error(d, MC_EUSAGE,
			      "number of orders must be 1..%d, not %d",
			      MC_GEN_MAX_ORDERS, norders);
	if (s->plants != 0 && (s->plants < 3 || s->plants > MC_GEN_MAX_PLANTS))
		mc_diag_error(d, MC_EUSAGE,
			      "--plants must be 3..%d (or 0: 3 to 10, growing "
			      "with the orders), not %d",
			      MC_GEN_MAX_PLANTS, s->plants);
	if (s->lines < 0 || s->lines > MC_GEN_MAX_LINES)
		mc_diag_error(d, MC_EUSAGE,
			      "--lines must be 1..%d (or 0: growing with the "
			      "orders), not %d",
			      MC_GEN_MAX_LINES, s->lines);
	if (s->families < 3 || s->families > MC_GEN_MAX_FAMILIES)
		mc_diag_error(d, MC_EUSAGE, "--families must be 3..%d, not %d",
			      MC_GEN_MAX_FAMILIES, s->families);
	if (s->options < 1 || s->options > MC_GEN_MAX_OPTIONS)
		mc_diag_error(d, MC_EUSAGE, "--options must be 1..%d, not %d",
			      MC_GEN_MAX_OPTIONS, s->options);
	if (s->days < MC_GEN_MIN_DAYS || s->days > MC_GEN_MAX_DAYS)
		mc_diag_error(d, MC_EUSAGE, "--days must be %d..%d, not %d",
			      MC_GEN_MIN_DAYS, MC_GEN_MAX_DAYS, s->days);
	if (s->due_spread < 0 || s->due_spread > MC_GEN_MAX_DAYS)
		mc_diag_error(d, MC_EUSAGE,
			      "--due-spread must be 1..%d days (or 0: the "
			      "horizon plus 5), not %d",
			      MC_GEN_MAX_DAYS, s->due_spread);
	if (!(s->release_share >= 0 && s->release_share <= 1))
		mc_diag_error(d, MC_EUSAGE,
			      "--release-share must be a share 0..1, not %g",
			      s->release_share);
	return mc_diag_count(d) > before ? -1 : 0;
}

int mc_gen_shape_named(const char *name, mc_gen_shape *s, mc_diag *d)
{
	static const struct {
		const char *name;
		mc_gen_shape shape;
	} named[] = {
	    {"default", MC_GEN_SHAPE_DEFAULT},
	    /* research/lp.md's XL: 10 plants x 5 lines, 50 families, 60
	     * days */
	    {"xl", {10, 5, 50, 3, 60, 0, 0.12}},
	};
	for (int i = 0; i < LEN(named); i++)
		if (strcmp(name, named[i].name) == 0) {
			*s = named[i].shape;
			return 0;
		}
	return mc_diag_error(d, MC_EUSAGE,
			     "unknown shape '%s' (known: default, xl)", name);
}

int mc_gen_write_shape(const char *dir, int norders, uint64_t seed,
		       const mc_gen_shape *shape, mc_diag *d)
{
	static const char *const names[] = {"catalog.yaml", "plants.yaml",
					    "orders.yaml", "job.yaml"};
	static const mc_gen_shape def = MC_GEN_SHAPE_DEFAULT;
	if (!shape)
		shape = &def;
	if (check_shape(norders, shape, d) < 0 || make_dir(dir, d) != 0)
		return -1;

	struct gen g;
	gen_init(&g, norders, seed, shape);
	int rc = 0, width = 4;
	struct gen_order *orders = draw_orders(&g, &width);
	struct gen_demand dm;
	sum_demand(&g, orders, &dm);

	struct gen_file gf = {0, &g, orders, width, &dm};
	for (gf.which = 0; gf.which < LEN(names) && rc == 0; gf.which++) {
		char *path = join(dir, names[gf.which]);
		rc = mc_file_write(path, write_file, &gf, d);
		free(path);
	}
	free(orders);
	demand_release(&dm);
	gen_release(&g);
	return rc;
}

int mc_gen_write(const char *dir, int norders, uint64_t seed, mc_diag *d)
{
	return mc_gen_write_shape(dir, norders, seed, NULL, d);
}
