/*
 * dispatch.c - the dispatch list of a run and its CSV and printable HTML
 * (see dispatch.h).
 *
 * Pure computation over the run's view: the sort keys live in the list's
 * own records, so qsort needs no context (serve writes reports on several
 * threads at once).  Memory: the caller's arena.
 */
#include "dispatch.h"

#include "date.h"
#include "fmt.h"
#include "html.h"

#include <stdlib.h>
#include <string.h>

/* A resource id and its index, sorted by id for bsearch. */
typedef struct res_key {
	const char *id;
	int idx;
} res_key;

static int cmp_res_key(const void *a, const void *b)
{
	return strcmp(((const res_key *)a)->id, ((const res_key *)b)->id);
}

static int find_res_key(const void *key, const void *elem)
{
	return strcmp(key, ((const res_key *)elem)->id);
}

/* The index of resource id among v's resources through the sorted keys
 * k[0..n), -1 when it is not there. */
static int res_index(const res_key *k, int n, const char *id)
{
	const res_key *r = bsearch(id, k, (size_t)n, sizeof(*k), find_res_key);
	return r ? r->idx : -1;
}

/* The rank of each resource's plant: the place of its first resource in
 * plants.yaml's order.  From a. */
static int *plant_ranks(const mc_run_view *v, mc_arena *a)
{
	int *rank = mc_arena_calloc(a, (size_t)v->nresources + 1, sizeof(int));
	for (int r = 0; r < v->nresources; r++) {
		rank[r] = r;
		for (int q = 0; q < r; q++)
			if (strcmp(v->resources[q].plant,
				   v->resources[r].plant) == 0) {
				rank[r] = rank[q];
				break;
			}
	}
	return rank;
}

/* 1 when the names[0..n) hold name; else an MC_EUSAGE error suggesting
 * the closest (in any case). */
static int known(const char *opt, const char *name, const char *const *names,
		 int n, const mc_run_view *v, mc_diag *d)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	const char *s = mc_diag_suggest(name, names, n);
	if (s)
		mc_diag_error(d, MC_EUSAGE,
			      "%s: no %s '%s' in run %lld (did you mean "
			      "'%s'?)",
			      opt, opt + 2, name, (long long)v->id, s);
	else
		mc_diag_error(d, MC_EUSAGE, "%s: no %s '%s' in run %lld", opt,
			      opt + 2, name, (long long)v->id);
	return 0;
}

int mc_dispatch_check(const mc_run_view *v, const mc_dispatch_filter *f,
		      mc_diag *d)
{
	int n = v->nresources, ok = 1;
	const char **plants = calloc((size_t)n + 1, sizeof(char *));
	const char **res = calloc((size_t)n + 1, sizeof(char *));
	if (!plants || !res)
		abort();
	for (int r = 0; r < n; r++) {
		plants[r] = v->resources[r].plant;
		res[r] = v->resources[r].id;
	}
	if (f->plant && !known("--plant", f->plant, plants, n, v, d))
		ok = 0;
	if (f->resource && !known("--resource", f->resource, res, n, v, d))
		ok = 0;
	free(plants);
	free(res);
	int first = v->horizon_start_n,
	    last = v->horizon_start_n + v->horizon_days - 1;
	char a[16], b[16], c[16], e[16], days[40];
	if (f->from > f->to) {
		mc_diag_error(d, MC_EUSAGE, "--from %s is after --to %s",
			      mc_date_format(f->from, a),
			      mc_date_format(f->to, b));
		return -1;
	}
	if ((f->from != INT_MIN && f->from > last) ||
	    (f->to != INT_MAX && f->to < first)) {
		if (f->from == f->to)
			snprintf(days, sizeof(days), "the day %s is",
				 mc_date_format(f->from, a));
		else
			snprintf(
			    days, sizeof(days), "the days %s..%s are",
			    f->from == INT_MIN ? ""
					       : mc_date_format(f->from, a),
			    f->to == INT_MAX ? "" : mc_date_format(f->to, b));
		mc_diag_error(d, MC_EUSAGE,
			      "%s outside run %lld's horizon %s..%s", days,
			      (long long)v->id, mc_date_format(first, c),
			      mc_date_format(last, e));
		return -1;
	}
	return ok ? 0 : -1;
}

static int cmp_unit(const void *pa, const void *pb)
{
	const mc_dispatch_unit *a = pa, *b = pb;
	const int ka[] = {a->plant_rank, a->res_idx, a->t,    a->due_n,
			  a->order_idx,	 a->useq,    a->alloc},
		  kb[] = {b->plant_rank, b->res_idx, b->t,    b->due_n,
			  b->order_idx,	 b->useq,    b->alloc};
	for (size_t i = 0; i < sizeof(ka) / sizeof(*ka); i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

static int wanted(const mc_run_view *v, const mc_dispatch_filter *f,
		  const mc_view_alloc *al)
{
	if (!f)
		return 1;
	int day = v->horizon_start_n + al->t;
	return (!f->plant || strcmp(al->plant, f->plant) == 0) &&
	       (!f->resource || strcmp(al->resource, f->resource) == 0) &&
	       day >= f->from && day <= f->to;
}

void mc_dispatch_build(const mc_run_view *v, const mc_dispatch_filter *f,
		       mc_arena *a, mc_dispatch_unit **out, int *n)
{
	int nr = v->nresources, no = v->norders, total = 0;
	res_key *keys = mc_arena_calloc(a, (size_t)nr + 1, sizeof(*keys));
	for (int r = 0; r < nr; r++)
		keys[r] = (res_key){v->resources[r].id, r};
	qsort(keys, (size_t)nr, sizeof(*keys), cmp_res_key);
	int *rank = plant_ranks(v, a);
	/* each order's unit records: v->units runs by order, then seq */
	int *first = mc_arena_calloc(a, (size_t)no + 1, sizeof(int));
	int *count = mc_arena_calloc(a, (size_t)no + 1, sizeof(int));
	char *taken = mc_arena_calloc(a, (size_t)v->nunits + 1, 1);
	for (int i = v->nunits - 1; i >= 0; i--) {
		int o = v->units[i].order_idx;
		if (o >= 0 && o < no) {
			first[o] = i;
			count[o]++;
		}
	}
	for (int i = 0; i < v->nallocs; i++)
		if (wanted(v, f, &v->allocs[i]))
			total += v->allocs[i].units;
	mc_dispatch_unit *l = mc_arena_calloc(a, (size_t)total + 1, sizeof(*l));
	int k = 0;
	for (int i = 0; i < v->nallocs; i++) {
		const mc_view_alloc *al = &v->allocs[i];
		if (!wanted(v, f, al))
			continue;
		int o = al->order_idx, r = res_index(keys, nr, al->resource);
		int u = o >= 0 && o < no ? first[o] : 0,
		    end = o >= 0 && o < no ? u + count[o] : 0;
		for (int j = 0; j < al->units; j++) {
			mc_dispatch_unit *x = &l[k++];
			x->alloc = i;
			x->order_idx = o;
			x->res_idx = r;
			x->frozen = al->frozen;
			x->plant_rank = r >= 0 ? rank[r] : nr;
			x->t = al->t;
			x->due_n = o >= 0 && o < no ? v->orders[o].due_n : 0;
			/* the next unit record of the order on this row's
			 * resource and day */
			for (; u < end; u++) {
				const mc_view_unit *w = &v->units[u];
				if (taken[u] || strcmp(w->status, "planned") ||
				    !w->resource || !w->day ||
				    strcmp(w->resource, al->resource) ||
				    strcmp(w->day, al->day))
					continue;
				taken[u] = 1;
				x->unit = w;
				x->useq = w->seq;
				break;
			}
		}
	}
	qsort(l, (size_t)k, sizeof(*l), cmp_unit);
	for (int i = 0; i < k; i++)
		l[i].seq = i > 0 && l[i].res_idx == l[i - 1].res_idx &&
				   l[i].t == l[i - 1].t
			       ? l[i - 1].seq + 1
			       : 1;
	*out = l;
	*n = k;
}

int *mc_dispatch_frozen_units(const mc_run_view *v, const mc_dispatch_unit *l,
			      int n, mc_arena *a)
{
	int *fz = mc_arena_calloc(a, (size_t)v->nunits + 1, sizeof(int));
	for (int i = 0; i < n; i++)
		if (l[i].unit && l[i].frozen)
			fz[l[i].unit - v->units] = 1;
	return fz;
}

/* ---- CSV ---- */

void mc_dispatch_csv(const mc_run_view *v, const mc_dispatch_unit *l, int n,
		     FILE *f)
{
	fputs("run,plant,resource,day,seq,order,unit,of,identifier,family,"
	      "options,due,arrives,days_late,frozen\n",
	      f);
	for (int i = 0; i < n; i++) {
		const mc_view_alloc *al = &v->allocs[l[i].alloc];
		const mc_view_order *o = &v->orders[al->order_idx];
		int late = mc_date_between(o->due, al->arrive);
		fprintf(f, "%lld,", (long long)v->id);
		mc_fmt_csv(f, al->plant);
		fputc(',', f);
		mc_fmt_csv(f, al->resource);
		fputc(',', f);
		mc_fmt_csv(f, al->day);
		fprintf(f, ",%d,", l[i].seq);
		mc_fmt_csv(f, al->order);
		if (l[i].unit)
			fprintf(f, ",%d,%d,", l[i].useq, o->quantity);
		else
			fprintf(f, ",,%d,", o->quantity);
		mc_fmt_csv(f, l[i].unit ? l[i].unit->identifier : "");
		fputc(',', f);
		mc_fmt_csv(f, o->family);
		fputc(',', f);
		mc_fmt_csv(f, o->options);
		fputc(',', f);
		mc_fmt_csv(f, o->due);
		fputc(',', f);
		mc_fmt_csv(f, al->arrive);
		fprintf(f, ",%d,%d\n", late > 0 ? late : 0, l[i].frozen);
	}
}

/* ---- printable HTML ---- */

static const char DISPATCH_CSS[] =
    "h2{break-before:page}h2:first-of-type{break-before:auto}"
    "section.rd{break-inside:avoid;margin:0 0 14px}"
    "h3{font-size:15px;margin:12px 0 4px}"
    "td.id,td.nw{white-space:nowrap}td.id{font-family:monospace;"
    "font-size:12px}"
    ".tag{font-size:11px;padding:0 4px;border-radius:3px;"
    "white-space:nowrap}"
    ".tag.late{background:#fdecea;color:#a61b0b}"
    ".tag.frozen{background:#e7eefb;color:#23487f}"
    "@media print{body{margin:0;font-size:11px}"
    "section.rd{break-inside:avoid}}"
    "@media (max-width:700px){body{margin:8px}"
    "td.opt{white-space:normal}}";

static void cell(FILE *f, const char *cls, const char *s)
{
	fprintf(f, "<td class=\"%s\">", cls);
	mc_fmt_html(f, s && *s ? s : "-");
	fputs("</td>", f);
}

void mc_dispatch_html(const mc_run_view *v, const mc_dispatch_unit *l, int n,
		      FILE *f)
{
	char title[96], wd[4] = "";
	static const char *const wday[] = {"Mon", "Tue", "Wed", "Thu",
					   "Fri", "Sat", "Sun"};
	snprintf(title, sizeof(title), "Dispatch list: run %lld",
		 (long long)v->id);
	mc_html_begin_mobile(f, title, DISPATCH_CSS);
	fputs("<h1>", f);
	mc_fmt_html(f, title);
	fputs("</h1>\n<p class=\"facts\">", f);
	mc_fmt_html(f, v->enterprise ? v->enterprise : "");
	fprintf(f,
		" &middot; %s &middot; horizon from %s &middot; %d unit%s in "
		"the order to make them: earliest due first</p>\n",
		v->state ? v->state : v->kind, v->horizon_start, n,
		n == 1 ? "" : "s");
	if (n == 0)
		fputs("<p>No unit is planned here.</p>\n", f);
	static const char *const cols[] = {"#",		 "Order",   "Unit",
					   "Identifier", "Family",  "Options",
					   "Due",	 "Arrives", ""};
	static const int num[] = {1, 0, 1, 0, 0, 0, 0, 0, 0};
	for (int i = 0; i < n;) {
		const mc_view_alloc *al = &v->allocs[l[i].alloc];
		if (i == 0 ||
		    strcmp(al->plant, v->allocs[l[i - 1].alloc].plant) != 0) {
			fputs("<h2>", f);
			mc_fmt_html(f, al->plant);
			fputs("</h2>\n", f);
		}
		int j = i;
		while (j < n && l[j].res_idx == l[i].res_idx &&
		       l[j].t == l[i].t)
			j++;
		int day = 0;
		if (mc_date_parse(al->day, &day) == 0)
			snprintf(wd, sizeof(wd), "%s",
				 wday[mc_date_weekday(day)]);
		fputs("<section class=\"rd\"><h3>", f);
		mc_fmt_html(f, al->resource);
		fputs(" &middot; ", f);
		mc_fmt_html(f, al->day);
		fprintf(f, " %s &middot; %d unit%s</h3>\n<table>\n", wd, j - i,
			j - i == 1 ? "" : "s");
		mc_html_th_row(f, cols, num, 9);
		for (int k = i; k < j; k++) {
			const mc_view_alloc *x = &v->allocs[l[k].alloc];
			const mc_view_order *o = &v->orders[x->order_idx];
			char unit[32] = "";
			int late = mc_date_between(o->due, x->arrive);
			if (l[k].unit)
				snprintf(unit, sizeof(unit), "%d/%d", l[k].useq,
					 o->quantity);
			fprintf(f, "<tr><td class=\"n\">%d</td>", l[k].seq);
			cell(f, "id", x->order);
			cell(f, "n", unit);
			cell(f, "id", l[k].unit ? l[k].unit->identifier : "");
			cell(f, "nw", o->family);
			cell(f, "opt", o->options);
			cell(f, "nw", o->due);
			cell(f, "nw", x->arrive);
			fputs("<td>", f);
			if (late > 0)
				fprintf(f,
					"<span class=\"tag late\">late %d "
					"d</span> ",
					late);
			if (l[k].frozen)
				fputs("<span class=\"tag frozen\">frozen"
				      "</span>",
				      f);
			fputs("</td></tr>\n", f);
		}
		fputs("</table></section>\n", f);
		i = j;
	}
	mc_html_end(f);
}
