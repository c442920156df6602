/*
 * mathprog.c - writes a loaded model as a GNU MathProg data file for
 * models/plan.mod (format in mathprog.h).  Nothing is allocated that
 * outlives the call; the symbol tables built here are freed before return.
 */
#include "mathprog.h"

#include "date.h"
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest name written as itself; MathProg symbols hold at most 100. */
#define MP_NAME_MAX 60

/* One table of names and how its entries are written. */
typedef struct mp_tab {
	const char **v;
	int n;
	int plain; /* 1: quoted names, 0: '#<index>' */
} mp_tab;

/* A name glpsol reads back unchanged inside quotes: printable ASCII. */
static int name_plain(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > MP_NAME_MAX)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

static int all_plain(const char *const *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!v[i] || !name_plain(v[i]))
			return 0;
	return 1;
}

static void tab_init(mp_tab *t, const char **v, int n)
{
	t->v = v;
	t->n = n;
	t->plain = all_plain(v, n);
}

/* A quoted symbol, doubling quotes inside it as MathProg wants. */
static void put_name(FILE *f, const char *s, int i, int plain)
{
	if (!plain) {
		fprintf(f, " '#%d'", i);
		return;
	}
	fputs(" '", f);
	for (; *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		fputc(*s, f);
	}
	fputc('\'', f);
}

static void put(FILE *f, const mp_tab *t, int i)
{
	put_name(f, t->v[i], i, t->plain);
}

static void put_num(FILE *f, double v)
{
	fprintf(f, " %.17g", v);
}

/* Names of the options of family fi, and of the values of option q. */
static int opts_plain(const mc_family *fam)
{
	for (int q = 0; q < fam->nopts; q++)
		if (!name_plain(fam->opts[q].name))
			return 0;
	return 1;
}

static int vals_plain(const mc_option *opt)
{
	for (int w = 0; w < opt->nvals; w++)
		if (!name_plain(opt->vals[w].name))
			return 0;
	return 1;
}

/* (f, q, w) of an option value, without the surrounding parentheses. */
static void put_optval(FILE *f, const mp_tab *fams, const mc_family *fam,
		       int fi, int q, int w)
{
	put(f, fams, fi);
	put_name(f, fam->opts[q].name, q, opts_plain(fam));
	put_name(f, fam->opts[q].vals[w].name, w, vals_plain(&fam->opts[q]));
}

static void put_set(FILE *f, const char *name, const mp_tab *t)
{
	fprintf(f, "set %s :=", name);
	for (int i = 0; i < t->n; i++) {
		fputs(i % 8 ? "" : "\n ", f);
		put(f, t, i);
	}
	fputs(";\n", f);
}

static int holiday_seen(const mc_plant *p, int i)
{
	for (int j = 0; j < i; j++)
		if (p->holidays[j] == p->holidays[i])
			return 1;
	return 0;
}

/* Calendar entry i of r is the last one for its day (the one that holds). */
static int cal_last(const mc_resource *r, int i)
{
	for (int j = i + 1; j < r->cal_n; j++)
		if (r->cal_day[j] == r->cal_day[i])
			return 0;
	return 1;
}

static void write_catalog(FILE *f, const mc_model *m, const mp_tab *kinds,
			  const mp_tab *mats, const mp_tab *fams)
{
	fputs("\n# catalog\n", f);
	fputs("param route :=", f);
	for (int i = 0; i < m->nfamilies; i++)
		for (int k = 0; k < m->nkinds; k++)
			if (m->families[i].routing[k] != 0) {
				fputs("\n ", f);
				put(f, fams, i);
				put(f, kinds, k);
				put_num(f, m->families[i].routing[k]);
			}
	fputs(";\nparam hold :=", f);
	for (int i = 0; i < m->nfamilies; i++) {
		fputs("\n ", f);
		put(f, fams, i);
		put_num(f, m->families[i].holding_cost);
	}
	fputs(";\nparam fmat :=", f);
	for (int i = 0; i < m->nfamilies; i++)
		for (int j = 0; j < m->nmaterials; j++)
			if (m->families[i].materials[j] != 0) {
				fputs("\n ", f);
				put(f, fams, i);
				put(f, mats, j);
				put_num(f, m->families[i].materials[j]);
			}
	fputs(";\nset OPTVAL :=", f);
	for (int i = 0; i < m->nfamilies; i++) {
		const mc_family *fam = &m->families[i];
		for (int q = 0; q < fam->nopts; q++)
			for (int w = 0; w < fam->opts[q].nvals; w++) {
				fputs("\n ", f);
				put_optval(f, fams, fam, i, q, w);
			}
	}
	fputs(";\nparam opt_min :=", f);
	for (int i = 0; i < m->nfamilies; i++) {
		const mc_family *fam = &m->families[i];
		for (int q = 0; q < fam->nopts; q++)
			for (int w = 0; w < fam->opts[q].nvals; w++)
				for (int k = 0; k < m->nkinds; k++) {
					double v =
					    fam->opts[q].vals[w].routing[k];
					if (v == 0)
						continue;
					fputs("\n ", f);
					put_optval(f, fams, fam, i, q, w);
					put(f, kinds, k);
					put_num(f, v);
				}
	}
	fputs(";\nparam opt_cost :=", f);
	for (int i = 0; i < m->nfamilies; i++) {
		const mc_family *fam = &m->families[i];
		for (int q = 0; q < fam->nopts; q++)
			for (int w = 0; w < fam->opts[q].nvals; w++) {
				double v = fam->opts[q].vals[w].cost;
				if (v == 0)
					continue;
				fputs("\n ", f);
				put_optval(f, fams, fam, i, q, w);
				put_num(f, v);
			}
	}
	fputs(";\nparam opt_mat :=", f);
	for (int i = 0; i < m->nfamilies; i++) {
		const mc_family *fam = &m->families[i];
		for (int q = 0; q < fam->nopts; q++)
			for (int w = 0; w < fam->opts[q].nvals; w++)
				for (int j = 0; j < m->nmaterials; j++) {
					double v =
					    fam->opts[q].vals[w].materials[j];
					if (v == 0)
						continue;
					fputs("\n ", f);
					put_optval(f, fams, fam, i, q, w);
					put(f, mats, j);
					put_num(f, v);
				}
	}
	fputs(";\n", f);
}

static void write_plants(FILE *f, const mc_model *m, const mp_tab *kinds,
			 const mp_tab *mats, const mp_tab *fams,
			 const mp_tab *plants)
{
	int H = m->horizon_days;

	fputs("\n# plants\n", f);
	put_set(f, "PLANTS", plants);
	fputs("set WORKDAY :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int w = 0; w < 7; w++)
			if ((m->plants[p].workdays >> w) & 1u) {
				fputs("\n ", f);
				put(f, plants, p);
				fprintf(f, " %d", w);
			}
	fputs(";\nset HOLIDAY :=", f);
	for (int p = 0; p < m->nplants; p++) {
		const mc_plant *pl = &m->plants[p];
		for (int i = 0; i < pl->nholidays; i++) {
			int t = pl->holidays[i] - m->start;
			if (t < 0 || t >= H || holiday_seen(pl, i))
				continue;
			fputs("\n ", f);
			put(f, plants, p);
			fprintf(f, " %d", t);
		}
	}
	fputs(";\nset MAKES :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int i = 0; i < m->nfamilies; i++)
			if (m->plants[p].makes[i]) {
				fputs("\n ", f);
				put(f, plants, p);
				put(f, fams, i);
			}
	fputs(";\nparam pcost :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int i = 0; i < m->nfamilies; i++)
			if (m->plants[p].makes[i]) {
				fputs("\n ", f);
				put(f, plants, p);
				put(f, fams, i);
				put_num(f, m->plants[p].cost[i]);
			}
	fputs(";\nset PROUTE :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int i = 0; i < m->nfamilies; i++)
			for (int k = 0; k < m->nkinds; k++)
				if (m->plants[p].routing[i * m->nkinds + k] >=
				    0) {
					fputs("\n ", f);
					put(f, plants, p);
					put(f, fams, i);
					put(f, kinds, k);
				}
	fputs(";\nparam proute :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int i = 0; i < m->nfamilies; i++)
			for (int k = 0; k < m->nkinds; k++) {
				double v =
				    m->plants[p].routing[i * m->nkinds + k];
				if (v < 0)
					continue;
				fputs("\n ", f);
				put(f, plants, p);
				put(f, fams, i);
				put(f, kinds, k);
				put_num(f, v);
			}
	fputs(";\nset MLIST :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int j = 0; j < m->nmaterials; j++)
			if (m->plants[p].mat_listed[j]) {
				fputs("\n ", f);
				put(f, plants, p);
				put(f, mats, j);
			}
	fputs(";\nparam stock :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int j = 0; j < m->nmaterials; j++)
			if (m->plants[p].mat_listed[j]) {
				fputs("\n ", f);
				put(f, plants, p);
				put(f, mats, j);
				put_num(f, m->plants[p].mat_stock[j]);
			}
	fputs(";\nparam receipt :=", f);
	for (int p = 0; p < m->nplants; p++)
		for (int j = 0; j < m->nmaterials; j++) {
			if (!m->plants[p].mat_listed[j])
				continue;
			for (int t = 0; t < H; t++) {
				double v = m->plants[p].mat_receipts[j * H + t];
				if (v == 0)
					continue;
				fputs("\n ", f);
				put(f, plants, p);
				put(f, mats, j);
				fprintf(f, " %d", t);
				put_num(f, v);
			}
		}
	fputs(";\n", f);
}

static void write_resources(FILE *f, const mc_model *m, const mp_tab *kinds,
			    const mp_tab *fams, const mp_tab *plants,
			    const mp_tab *res)
{
	fputs("\n# resources\n", f);
	put_set(f, "RESOURCES", res);
	fputs("param rplant :=", f);
	for (int r = 0; r < m->nresources; r++) {
		fputs("\n ", f);
		put(f, res, r);
		put(f, plants, m->resources[r].plant);
	}
	fputs(";\nparam rkind :=", f);
	for (int r = 0; r < m->nresources; r++) {
		fputs("\n ", f);
		put(f, res, r);
		put(f, kinds, m->resources[r].kind);
	}
	fputs(";\nparam:    hours ot_hours ot_cost :=", f);
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *rs = &m->resources[r];
		fputs("\n ", f);
		put(f, res, r);
		put_num(f, rs->hours);
		put_num(f, rs->ot_hours);
		put_num(f, rs->ot_cost);
	}
	fputs(";\nset ADMIT :=", f);
	for (int r = 0; r < m->nresources; r++)
		for (int i = 0; i < m->nfamilies; i++)
			if (m->resources[r].admits[i]) {
				fputs("\n ", f);
				put(f, res, r);
				put(f, fams, i);
			}
	fputs(";\nset CAL :=", f);
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *rs = &m->resources[r];
		for (int i = 0; i < rs->cal_n; i++) {
			int t = rs->cal_day[i] - m->start;
			if (t < 0 || t >= m->horizon_days || !cal_last(rs, i))
				continue;
			fputs("\n ", f);
			put(f, res, r);
			fprintf(f, " %d", t);
		}
	}
	fputs(";\nparam cal_hours :=", f);
	for (int r = 0; r < m->nresources; r++) {
		const mc_resource *rs = &m->resources[r];
		for (int i = 0; i < rs->cal_n; i++) {
			int t = rs->cal_day[i] - m->start;
			if (t < 0 || t >= m->horizon_days || !cal_last(rs, i))
				continue;
			fputs("\n ", f);
			put(f, res, r);
			fprintf(f, " %d", t);
			put_num(f, rs->cal_hours[i]);
		}
	}
	fputs(";\n", f);
}

static void write_lanes(FILE *f, const mc_model *m, const mp_tab *fams,
			const mp_tab *plants, const mp_tab *regions)
{
	fputs("\n# lanes\nparam: LANES: transit lane_cost :=", f);
	for (int l = 0; l < m->nlanes; l++) {
		fputs("\n ", f);
		put(f, plants, m->lanes[l].plant);
		put(f, regions, m->lanes[l].region);
		fprintf(f, " %d", m->lanes[l].days);
		put_num(f, m->lanes[l].cost);
	}
	fputs(";\nparam: LANE_FAM: lane_fcost :=", f);
	for (int l = 0; l < m->nlanes; l++)
		for (int i = 0; i < m->nfamilies; i++) {
			double v = m->lanes[l].family_cost[i];
			if (v < 0)
				continue;
			fputs("\n ", f);
			put(f, plants, m->lanes[l].plant);
			put(f, regions, m->lanes[l].region);
			put(f, fams, i);
			put_num(f, v);
		}
	fputs(";\n", f);
}

static void write_orders(FILE *f, const mc_model *m, const mp_tab *fams,
			 const mp_tab *regions, const mp_tab *orders)
{
	fputs("\n# orders: due and release are day indexes from the horizon "
	      "start\n",
	      f);
	put_set(f, "ORDERS", orders);
	fputs("param region :=", f);
	for (int o = 0; o < m->norders; o++) {
		fputs("\n ", f);
		put(f, orders, o);
		put(f, regions, m->orders[o].region);
	}
	fputs(";\nparam fam :=", f);
	for (int o = 0; o < m->norders; o++) {
		fputs("\n ", f);
		put(f, orders, o);
		put(f, fams, m->orders[o].family);
	}
	fputs(";\nparam: qty due release priority late_pen unmet_pen "
	      "max_late :=",
	      f);
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		fputs("\n ", f);
		put(f, orders, o);
		fprintf(f, " %d %d %d", ord->quantity, ord->due - m->start,
			ord->release - m->start);
		put_num(f, ord->priority);
		put_num(f, ord->late_penalty);
		put_num(f, ord->unmet_penalty);
		fprintf(f, " %d",
			ord->max_late_days < 0 ? -1 : ord->max_late_days);
	}
	fputs(";\nset CHOICE :=", f);
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		const mc_family *fam = &m->families[ord->family];
		for (int q = 0; q < fam->nopts; q++) {
			fputs("\n ", f);
			put(f, orders, o);
			put_name(f, fam->opts[q].name, q, opts_plain(fam));
			put_name(f, fam->opts[q].vals[ord->opt[q]].name,
				 ord->opt[q], vals_plain(&fam->opts[q]));
		}
	}
	fputs(";\n", f);
}

/* The tables of one data file, named and ready to write. */
struct mp_data {
	const mc_model *m;
	mp_tab kinds, mats, regions, fams, plants, res, orders;
};

static int write_data(FILE *f, const void *ctx, mc_diag *d)
{
	const struct mp_data *x = ctx;
	const mc_model *m = x->m;
	char date[16];
	(void)d;
	fputs("# MathProg data for models/plan.mod, written by mcsched\n"
	      "# (see models/mathprog.h); days are horizon indexes 0 .. H-1\n"
	      "data;\n\n",
	      f);
	fprintf(f, "param H := %d;\n", m->horizon_days);
	fprintf(f, "param start_date := '%s';\n",
		mc_date_format(m->start, date));
	put_set(f, "KINDS", &x->kinds);
	put_set(f, "MATERIALS", &x->mats);
	put_set(f, "REGIONS", &x->regions);
	put_set(f, "FAMILIES", &x->fams);
	write_catalog(f, m, &x->kinds, &x->mats, &x->fams);
	write_plants(f, m, &x->kinds, &x->mats, &x->fams, &x->plants);
	write_resources(f, m, &x->kinds, &x->fams, &x->plants, &x->res);
	write_lanes(f, m, &x->fams, &x->plants, &x->regions);
	write_orders(f, m, &x->fams, &x->regions, &x->orders);
	fputs("\nend;\n", f);
	return 0;
}

int mc_mathprog_write_data(const mc_model *m, const char *path, mc_diag *d)
{
	size_t nf = (size_t)m->nfamilies, np = (size_t)m->nplants;
	size_t nr = (size_t)m->nresources, no = (size_t)m->norders;
	const char **fid = mc_xcalloc(nf + 1, sizeof(*fid));
	const char **pid = mc_xcalloc(np + 1, sizeof(*pid));
	const char **rid = mc_xcalloc(nr + 1, sizeof(*rid));
	const char **oid = mc_xcalloc(no + 1, sizeof(*oid));
	struct mp_data x = {.m = m};

	for (size_t i = 0; i < nf; i++)
		fid[i] = m->families[i].id;
	for (size_t i = 0; i < np; i++)
		pid[i] = m->plants[i].id;
	for (size_t i = 0; i < nr; i++)
		rid[i] = m->resources[i].id;
	for (size_t i = 0; i < no; i++)
		oid[i] = m->orders[i].id;
	tab_init(&x.kinds, m->kinds, m->nkinds);
	tab_init(&x.mats, m->materials, m->nmaterials);
	tab_init(&x.regions, m->regions, m->nregions);
	tab_init(&x.fams, fid, m->nfamilies);
	tab_init(&x.plants, pid, m->nplants);
	tab_init(&x.res, rid, m->nresources);
	tab_init(&x.orders, oid, m->norders);
	int rc = mc_file_write(path, write_data, &x, d);
	free(fid);
	free(pid);
	free(rid);
	free(oid);
	return rc;
}
