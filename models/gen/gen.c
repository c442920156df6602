/*
 * gen.c - synthetic planning instances: writes catalog.yaml, plants.yaml,
 * orders.yaml and job.yaml for any number of orders (see gen.h).  This
 * file is the entry point: the shape's knobs checked, the instance built
 * from them, the four files written whole, and the YAML scalars every
 * writer uses; the catalog, the orders and the plants are
 * gen_catalog.c, gen_orders.c and gen_plants.c (gen_impl.h).
 *
 * Randomness comes from our own xoshiro256** generator seeded with
 * splitmix64, with one stream for the orders and one for the plants, so
 * output is the same on every machine and the orders of a seed do not
 * depend on the plants.  Numbers are written without printf's %f/%g so the
 * locale cannot change them.
 *
 * The catalog is built from three base families; families beyond them
 * are variants of a base whose numbers come from a stream of their own
 * (seeded with the family's index, not the seed), and options beyond a
 * base's three are derived from the family's routing.  Everything about
 * the instance lives in one struct gen, built first and freed once.
 * Orders are drawn next and kept in one malloc'd array; plants are then
 * sized to the demand: each family's work is shared among the plants
 * making it, and every group of resources gets the hours that put its
 * share at a target load (near or above 100% for each family's
 * bottleneck kind, well below for the others).  Nothing is printed;
 * errors go to the caller's mc_diag.
 */
#include "gen.h"
#include "gen_impl.h"

#include "arena.h"
#include "date.h"
#include "file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- the horizon ---- */

static int horizon_start(void)
{
	return mc_date_from_civil(2026, 11, 25);
}

/* ---- formatting ---- */

/* v with at most two decimals, no locale: "12", "1.5", "0.25". */
const char *gen_num(char *buf, size_t n, double v)
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
const char *gen_date_text(char *buf, int day)
{
	return mc_date_format(day, buf);
}

/* x rounded to a whole number (x >= 0). */
double gen_whole(double x)
{
	return (double)(long long)(x + 0.5);
}

double gen_round_half(double h)
{
	return (double)(long long)(h * 2 + 0.5) / 2;
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

void gen_put_str(FILE *f, const char *s)
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
		gen_make_family(&g->fam[i], i, s->options);
		g->fam_weight[i] = g->fam[i].base->weight;
	}
	g->nplants = s->plants ? s->plants : gen_plant_count(norders);
	g->plant = mc_xcalloc((size_t)g->nplants, sizeof(*g->plant));
	for (int p = 0; p < g->nplants; p++)
		gen_make_plant(&g->plant[p], p);
	gen_assign_families(g);
	describe(g);
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
		gen_write_catalog(f, gf->g);
		break;
	case 1:
		gen_write_plants(f, gf->g, gf->dm);
		break;
	case 2:
		gen_write_orders(f, gf->g, gf->orders, gf->width);
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
	struct gen_order *orders = gen_draw_orders(&g, &width);
	struct gen_demand dm;
	gen_sum_demand(&g, orders, &dm);

	struct gen_file gf = {0, &g, orders, width, &dm};
	for (gf.which = 0; gf.which < LEN(names) && rc == 0; gf.which++) {
		char *path = join(dir, names[gf.which]);
		rc = mc_file_write(path, write_file, &gf, d);
		free(path);
	}
	free(orders);
	gen_demand_release(&dm);
	gen_release(&g);
	return rc;
}

int mc_gen_write(const char *dir, int norders, uint64_t seed, mc_diag *d)
{
	return mc_gen_write_shape(dir, norders, seed, NULL, d);
}
