/*
 * compare.c - runs against a reference run: what changed and why, and the
 * text, CSV and JSON writers of `mcsched compare` (see compare.h; the HTML
 * page is compare_html.c).
 *
 * Orders and resources are matched by id through arrays sorted by id, so
 * a compare is O(n log n) in the orders and resources of the runs.
 *
 * Memory: mc_compare_build() takes everything from the caller's arena; the
 * writers make a scratch arena and free it before returning.
 */
#include "compare.h"
#include "tolerance.h"

#include "file.h"
#include "fmt.h"
#include "json.h"
#include "report.h"
#include "table.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define EPS MC_TOL_REL

/* ---- kinds of change ---- */

static const char *const change_keys[MC_CHG_N] = {
    "to_unmet", "to_late", "removed",	 "added",     "quantity",
    "plant",	"day",	   "to_planned", "to_on_time"};
static const char *const change_labels[MC_CHG_N] = {
    "planned -> unmet", "on time -> late", "withdrawn",	  "new",
    "quantity changed", "plant changed",   "day changed", "unmet -> planned",
    "late -> on time"};

const char *mc_change_key(int kind)
{
	return kind >= 0 && kind < MC_CHG_N ? change_keys[kind] : "?";
}

const char *mc_change_label(int kind)
{
	return kind >= 0 && kind < MC_CHG_N ? change_labels[kind] : "?";
}

/* ---- one run, indexed by id ---- */

typedef struct key_idx {
	const char *key;
	int idx;
} key_idx;

static int cmp_key(const void *x, const void *y)
{
	const key_idx *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static const key_idx *find_key(const key_idx *k, int n, const char *key)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(k[mid].key, key);
		if (c == 0)
			return &k[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

typedef struct run_ix {
	const mc_run_view *v;
	key_idx *orders; /* by id, idx = order index */
	key_idx *res;	 /* by id, idx = resource index */
	key_idx *fam;	 /* by family, idx = units ordered of it */
	int nfam;
	int *afirst, *alist; /* allocs of order o: alist[afirst[o]..[o+1]) */
	int *cfirst, *clist; /* cap rows of resource r, by day */
	char end[16];	     /* last day of the horizon */
} run_ix;

/* Groups n items by group(i) in [0, ngroups): first[g]..first[g + 1] in
 * list, items of a group in their order. */
static void group_by(mc_arena *a, int n, int ngroups, const int *group,
		     int **first, int **list)
{
	int *f = mc_arena_calloc(a, (size_t)ngroups + 2, sizeof(int));
	int *l = mc_arena_calloc(a, (size_t)n + 1, sizeof(int));
	for (int i = 0; i < n; i++)
		f[group[i] + 2]++;
	for (int g = 0; g < ngroups; g++)
		f[g + 2] += f[g + 1];
	for (int i = 0; i < n; i++)
		l[f[group[i] + 1]++] = i;
	*first = f;
	*list = l;
}

static void index_run(const mc_run_view *v, mc_arena *a, run_ix *x)
{
	memset(x, 0, sizeof(*x));
	x->v = v;
	x->orders = mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(key_idx));
	key_idx *fam =
	    mc_arena_calloc(a, (size_t)v->norders + 1, sizeof(key_idx));
	for (int o = 0; o < v->norders; o++) {
		x->orders[o] = (key_idx){v->orders[o].id, o};
		fam[o] = (key_idx){v->orders[o].family, o};
	}
	qsort(x->orders, (size_t)v->norders, sizeof(key_idx), cmp_key);
	qsort(fam, (size_t)v->norders, sizeof(key_idx), cmp_key);
	x->fam = fam;
	for (int i = 0; i < v->norders; i++) {
		int q = v->orders[fam[i].idx].quantity;
		if (x->nfam > 0 &&
		    strcmp(fam[x->nfam - 1].key, fam[i].key) == 0)
			fam[x->nfam - 1].idx += q;
		else
			fam[x->nfam++] = (key_idx){fam[i].key, q};
	}
	x->res = mc_arena_calloc(a, (size_t)v->nresources + 1, sizeof(key_idx));
	for (int r = 0; r < v->nresources; r++)
		x->res[r] = (key_idx){v->resources[r].id, r};
	qsort(x->res, (size_t)v->nresources, sizeof(key_idx), cmp_key);

	int *g = mc_arena_calloc(a, (size_t)v->nallocs + 1, sizeof(int));
	for (int i = 0; i < v->nallocs; i++)
		g[i] = v->allocs[i].order_idx;
	group_by(a, v->nallocs, v->norders, g, &x->afirst, &x->alist);
	g = mc_arena_calloc(a, (size_t)v->ncap + 1, sizeof(int));
	for (int i = 0; i < v->ncap; i++)
		g[i] = v->cap[i].res_idx;
	group_by(a, v->ncap, v->nresources, g, &x->cfirst, &x->clist);
	mc_fmt_date_add(x->end, sizeof(x->end), v->horizon_start,
			v->horizon_days - 1);
}

static const mc_view_order *order_of(const run_ix *x, const char *id)
{
	const key_idx *k = find_key(x->orders, x->v->norders, id);
	return k ? &x->v->orders[k->idx] : NULL;
}

static int res_of(const run_ix *x, const char *id)
{
	const key_idx *k = find_key(x->res, x->v->nresources, id);
	return k ? k->idx : -1;
}

static int family_units(const run_ix *x, const char *family)
{
	const key_idx *k = find_key(x->fam, x->nfam, family);
	return k ? k->idx : 0;
}

/* ---- an order in one run ---- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The distinct values of the allocs of order o (plants when plants is
 * set, else days), sorted and joined by sep; NULL when none. */
static const char *alloc_set(const run_ix *x, int o, int plants,
			     const char *sep, mc_arena *a)
{
	int n = x->afirst[o + 1] - x->afirst[o];
	if (n == 0)
		return NULL;
	const char **s = mc_arena_calloc(a, (size_t)n, sizeof(char *));
	size_t len = 1;
	for (int i = 0; i < n; i++) {
		const mc_view_alloc *al =
		    &x->v->allocs[x->alist[x->afirst[o] + i]];
		s[i] = plants ? al->plant : al->day;
		len += strlen(s[i]) + strlen(sep);
	}
	qsort(s, (size_t)n, sizeof(char *), cmp_str);
	char *out = mc_arena_alloc(a, len);
	for (int i = 0; i < n; i++)
		if (i == 0 || strcmp(s[i], s[i - 1]) != 0) {
			if (*out)
				strcat(out, sep);
			strcat(out, s[i]);
		}
	return out;
}

/* "on time", or made, on time, late and unmet apart: "2 made, 1 on
 * time, 1 late (3 d)"; on_time counts planned units (made ones are on
 * time unless "made (n late)" says otherwise). */
static const char *outcome_text(const mc_view_order *o, int on_time,
				mc_arena *a)
{
	if (o->late_units == 0 && o->unmet == 0 && o->made == 0)
		return "on time";
	char buf[160] = "";
	size_t n = 0;
	if (o->made > 0)
		n += (size_t)snprintf(buf, sizeof(buf), "%d made", o->made);
	if (o->made_late > 0 && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, " (%d late)",
				      o->made_late);
	if (on_time > 0 && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%d on time",
				      n ? ", " : "", on_time);
	if (o->late_units > 0 && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
				      "%s%d late (%d d)", n ? ", " : "",
				      o->late_units, o->max_late);
	if (o->unmet > 0 && n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - n, "%s%d unmet", n ? ", " : "",
			 o->unmet);
	return mc_arena_strdup(a, buf);
}

static void side_of(const run_ix *x, const mc_view_order *o, mc_arena *a,
		    mc_cmp_side *s)
{
	memset(s, 0, sizeof(*s));
	s->o = o;
	if (!o)
		return;
	int oi = (int)(o - x->v->orders);
	/* made units count as delivered, on time or late by their day */
	s->on_time = o->made + o->planned - mc_stats_order_late(o);
	s->plants = alloc_set(x, oi, 1, "+", a);
	for (int i = x->afirst[oi]; i < x->afirst[oi + 1]; i++) {
		const char *day = x->v->allocs[x->alist[i]].day;
		if (!s->first_day || strcmp(day, s->first_day) < 0)
			s->first_day = day;
		if (!s->last_day || strcmp(day, s->last_day) > 0)
			s->last_day = day;
	}
	s->outcome = outcome_text(o, o->planned - o->late_units, a);
}

/* ---- reasons ---- */

/* Parts of a reason, joined by "; "; the code is the first part's. */
typedef struct reason {
	mc_arena *a;
	char *text;
	const char *code;
} reason;

static void say(reason *r, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(reason *r, const char *code, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->text = r->text ? mc_arena_printf(r->a, "%s; %s", r->text, buf)
			  : mc_arena_strdup(r->a, buf);
	if (!r->code)
		r->code = code;
}

static const char *late_limit(int days, char *buf, size_t n)
{
	if (days < 0)
		snprintf(buf, n, "none");
	else
		snprintf(buf, n, "%d", days);
	return buf;
}

/* The order's own inputs that differ between the runs. */
static void own_inputs(const mc_view_order *p, const mc_view_order *q,
		       reason *r)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	if (p->quantity != q->quantity)
		say(r, "quantity", "quantity %d -> %d", p->quantity,
		    q->quantity);
	if (strcmp(p->due, q->due) != 0)
		say(r, "due", "due %s -> %s", p->due, q->due);
	if (strcmp(p->release, q->release) != 0)
		say(r, "release", "release %s -> %s", p->release, q->release);
	if (strcmp(p->region, q->region) != 0)
		say(r, "input", "region %s -> %s", p->region, q->region);
	if (strcmp(p->family, q->family) != 0)
		say(r, "input", "family %s -> %s", p->family, q->family);
	else if (strcmp(p->options, q->options) != 0)
		say(r, "input", "options %s -> %s", p->options, q->options);
	if (p->priority != q->priority)
		say(r, "input", "priority %s -> %s",
		    mc_fmt_num(a, sizeof(a), p->priority, 2),
		    mc_fmt_num(b, sizeof(b), q->priority, 2));
	if (p->late_penalty != q->late_penalty)
		say(r, "input", "late penalty %s -> %s",
		    mc_fmt_money(a, sizeof(a), p->late_penalty),
		    mc_fmt_money(b, sizeof(b), q->late_penalty));
	if (p->unmet_penalty != q->unmet_penalty)
		say(r, "input", "unmet penalty %s -> %s",
		    mc_fmt_money(a, sizeof(a), p->unmet_penalty),
		    mc_fmt_money(b, sizeof(b), q->unmet_penalty));
	if (p->max_late_days != q->max_late_days)
		say(r, "input", "max late days %s -> %s",
		    late_limit(p->max_late_days, a, sizeof(a)),
		    late_limit(q->max_late_days, b, sizeof(b)));
}

/* Regular plus overtime hours, and the sum of shadow prices, of resource
 * r of run x on the dates from..to (ISO, inclusive). */
static void window_sums(const run_ix *x, int r, const char *from,
			const char *to, double *hours, double *shadow)
{
	*hours = *shadow = 0;
	if (r < 0)
		return;
	for (int i = x->cfirst[r]; i < x->cfirst[r + 1]; i++) {
		const mc_view_cap *c = &x->v->cap[x->clist[i]];
		if (strcmp(c->day, from) < 0 || strcmp(c->day, to) > 0)
			continue;
		*hours += c->hours + c->ot_max;
		*shadow += c->shadow;
	}
}

/* Resource ids the order touches in either run: those it is made on, and
 * those its reasons' details name. */
typedef struct cands {
	const char **id;
	int n, cap;
} cands;

static void cand_add(cands *c, const char *id, mc_arena *a)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->id[i], id) == 0)
			return;
	if (c->n == c->cap) {
		int ncap = c->cap ? 2 * c->cap : 8;
		const char **nid =
		    mc_arena_calloc(a, (size_t)ncap, sizeof(char *));
		if (c->n)
			memcpy(nid, c->id, (size_t)c->n * sizeof(char *));
		c->id = nid;
		c->cap = ncap;
	}
	c->id[c->n++] = id;
}

static int id_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
}

/* Adds the words of detail that are resource ids of x or y. */
static void cand_detail(cands *c, const char *detail, const run_ix *x,
			const run_ix *y, mc_arena *a)
{
	char word[128];
	for (const char *p = detail; p && *p;) {
		while (*p && !id_char(*p))
			p++;
		size_t n = 0;
		while (p[n] && id_char(p[n]))
			n++;
		if (n > 0 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = 0;
			int r = res_of(x, word);
			if (r >= 0)
				cand_add(c, x->v->resources[r].id, a);
			else if ((r = res_of(y, word)) >= 0)
				cand_add(c, y->v->resources[r].id, a);
		}
		p += n;
	}
}

static void cand_allocs(cands *c, const run_ix *x, const mc_view_order *o,
			mc_arena *a)
{
	int oi = (int)(o - x->v->orders);
	for (int i = x->afirst[oi]; i < x->afirst[oi + 1]; i++) {
		const char *r = x->v->allocs[x->alist[i]].resource;
		if (r)
			cand_add(c, r, a);
	}
}

static const char *later(const char *a, const char *b)
{
	return strcmp(a, b) >= 0 ? a : b;
}

static const char *earlier(const char *a, const char *b)
{
	return strcmp(a, b) <= 0 ? a : b;
}

/* The resources' part of the reason: the biggest change of hours in the
 * order's window, else the biggest change of shadow price. */
static void resource_reason(const run_ix *x, const run_ix *y,
			    const mc_view_order *p, const mc_view_order *q,
			    unsigned kinds, reason *r)
{
	cands c = {0};
	cand_allocs(&c, x, p, r->a);
	cand_allocs(&c, y, q, r->a);
	cand_detail(&c, p->detail, x, y, r->a);
	cand_detail(&c, q->detail, x, y, r->a);
	if (c.n == 0)
		return;
	/* the dates both runs plan; up to the due date, or to the end
	 * when units went unmet or came back */
	int whole =
	    (kinds & (1u << MC_CHG_TO_UNMET | 1u << MC_CHG_TO_PLANNED)) != 0;
	const char *from =
	    later(later(x->v->horizon_start, y->v->horizon_start), q->release);
	const char *to = earlier(x->end, y->end);
	if (!whole)
		to = earlier(to, q->due);
	if (strcmp(from, to) > 0)
		return;
	const char *when = whole ? "in the horizon" : "by its due date";
	int best_h = -1, best_s = -1;
	double hx[2] = {0, 0}, sx[2] = {0, 0}, bh = 0, bs = 0;
	for (int i = 0; i < c.n; i++) {
		double h0, s0, h1, s1;
		int r0 = res_of(x, c.id[i]), r1 = res_of(y, c.id[i]);
		window_sums(x, r0, from, to, &h0, &s0);
		window_sums(y, r1, from, to, &h1, &s1);
		if (r0 < 0 || r1 < 0) {
			say(r, "hours", "%s is %s run %" PRId64, c.id[i],
			    r1 < 0 ? "not in" : "new in", y->v->id);
			return;
		}
		if (fabs(h1 - h0) > EPS && fabs(h1 - h0) > bh) {
			bh = fabs(h1 - h0);
			best_h = i;
			hx[0] = h0;
			hx[1] = h1;
		}
		if (fabs(s1 - s0) > 0.005 && fabs(s1 - s0) > bs) {
			bs = fabs(s1 - s0);
			best_s = i;
			sx[0] = s0;
			sx[1] = s1;
		}
	}
	char a[MC_FMT_NUM], b[MC_FMT_NUM], d[MC_FMT_NUM];
	if (best_h >= 0)
		say(r, "hours", "%s: %s h %s %s (%s -> %s h over %s..%s)",
		    c.id[best_h], mc_fmt_num(d, sizeof(d), bh, 1),
		    hx[1] < hx[0] ? "fewer" : "more", when,
		    mc_fmt_num(a, sizeof(a), hx[0], 1),
		    mc_fmt_num(b, sizeof(b), hx[1], 1), from, to);
	else if (best_s >= 0)
		say(r, "shadow",
		    "%s %s busy %s: shadow price %s -> %s (sum per hour over "
		    "%s..%s)",
		    c.id[best_s], sx[1] > sx[0] ? "more" : "less", when,
		    mc_fmt_money(a, sizeof(a), sx[0]),
		    mc_fmt_money(b, sizeof(b), sx[1]), from, to);
}

static void order_reason(const run_ix *x, const run_ix *y, mc_cmp_order *co,
			 mc_arena *a)
{
	reason r = {a, NULL, NULL};
	const mc_view_order *p = co->ref.o, *q = co->run.o;
	if (!q)
		say(&r, "withdrawn", "not in run %" PRId64, y->v->id);
	else if (!p)
		say(&r, "new", "not in run %" PRId64, x->v->id);
	else {
		own_inputs(p, q, &r);
		resource_reason(x, y, p, q, co->kinds, &r);
		int u0 = family_units(x, q->family),
		    u1 = family_units(y, q->family);
		if (!r.code && u0 != u1)
			say(&r, "demand",
			    "%d %s %s units ordered in all (%d -> %d)",
			    abs(u1 - u0), u1 > u0 ? "more" : "fewer", q->family,
			    u0, u1);
		if (!r.code)
			say(&r, "rebalanced",
			    "no change of its own, of its resources or of its "
			    "family's demand: moved for other orders");
	}
	co->reason_code = r.code;
	co->reason = r.text;
}

/* ---- orders ---- */

static unsigned order_kinds(const mc_cmp_side *p, const mc_cmp_side *q,
			    const run_ix *x, const run_ix *y, mc_arena *a)
{
	if (!p->o)
		return 1u << MC_CHG_ADDED;
	if (!q->o)
		return 1u << MC_CHG_REMOVED;
	const mc_view_order *o0 = p->o, *o1 = q->o;
	unsigned k = 0;
	if (o1->unmet > o0->unmet)
		k |= 1u << MC_CHG_TO_UNMET;
	if (o1->unmet < o0->unmet)
		k |= 1u << MC_CHG_TO_PLANNED;
	int l0 = mc_stats_order_late(o0), l1 = mc_stats_order_late(o1);
	if (l0 == 0 && l1 > 0)
		k |= 1u << MC_CHG_TO_LATE;
	if (l0 > 0 && l1 == 0 && o1->planned + o1->made > 0)
		k |= 1u << MC_CHG_TO_ON_TIME;
	if (o0->quantity != o1->quantity)
		k |= 1u << MC_CHG_QUANTITY;
	if (o0->planned > 0 && o1->planned > 0) {
		if (strcmp(p->plants, q->plants) != 0)
			k |= 1u << MC_CHG_PLANT;
		else {
			const char *d0 = alloc_set(x, (int)(o0 - x->v->orders),
						   0, ",", a),
				   *d1 = alloc_set(y, (int)(o1 - y->v->orders),
						   0, ",", a);
			if (strcmp(d0, d1) != 0)
				k |= 1u << MC_CHG_DAY;
		}
	}
	return k;
}

typedef struct order_key {
	int kind, pos, idx;
} order_key;

static int cmp_order_key(const void *x, const void *y)
{
	const order_key *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return (a->pos > b->pos) - (a->pos < b->pos);
}

static int first_kind(unsigned k)
{
	for (int i = 0; i < MC_CHG_N; i++)
		if (k & (1u << i))
			return i;
	return MC_CHG_N;
}

static void compare_orders(const run_ix *x, const run_ix *y, mc_arena *a,
			   mc_cmp_pair *pr)
{
	const mc_run_view *v0 = x->v, *v1 = y->v;
	int cap = v0->norders + v1->norders + 1, n = 0;
	mc_cmp_order *all = mc_arena_calloc(a, (size_t)cap, sizeof(*all));
	order_key *keys = mc_arena_calloc(a, (size_t)cap, sizeof(*keys));
	/* the reference's orders in its order, then the run's new ones */
	for (int pass = 0; pass < 2; pass++) {
		const mc_run_view *v = pass ? v1 : v0;
		for (int i = 0; i < v->norders; i++) {
			const mc_view_order *o = &v->orders[i];
			const mc_view_order *p = pass ? order_of(x, o->id) : o;
			const mc_view_order *q = pass ? o : order_of(y, o->id);
			if (pass && p)
				continue;
			mc_cmp_order *co = &all[n];
			side_of(x, p, a, &co->ref);
			side_of(y, q, a, &co->run);
			co->kinds = order_kinds(&co->ref, &co->run, x, y, a);
			if (!co->kinds)
				continue;
			co->id = o->id;
			co->family = q ? q->family : p->family;
			co->kind = first_kind(co->kinds);
			for (int k = 0; k < MC_CHG_N; k++)
				if (co->kinds & (1u << k))
					pr->count[k]++;
			order_reason(x, y, co, a);
			keys[n] = (order_key){co->kind,
					      pass ? v0->norders + i : i, n};
			n++;
		}
	}
	qsort(keys, (size_t)n, sizeof(*keys), cmp_order_key);
	pr->orders = mc_arena_calloc(a, (size_t)n + 1, sizeof(mc_cmp_order));
	for (int i = 0; i < n; i++)
		pr->orders[i] = all[keys[i].idx];
	pr->norders = n;
}

/* ---- resources ---- */

static void res_side(const mc_run_stats *st, int r, mc_cmp_res_side *s)
{
	memset(s, 0, sizeof(*s));
	if (r < 0)
		return;
	const mc_res_stats *rs = &st->res[r];
	s->present = 1;
	s->hours = rs->hours;
	s->ot_max = rs->ot_max;
	s->used = rs->used;
	s->ot = rs->ot;
	s->util = rs->util;
	s->shadow_sum = rs->shadow_sum;
	s->shadow_days = rs->shadow_days;
}

static int differs(double a, double b)
{
	return fabs(a - b) > EPS * (1 + fabs(a));
}

typedef struct dbl_key {
	double key;
	int idx;
} dbl_key;

static int cmp_dbl_key(const void *x, const void *y)
{
	const dbl_key *a = x, *b = y;
	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

/* The up to MC_COMPARE_TOP resources whose shadow sum changed most in
 * direction sign (+1 rose, -1 fell), biggest change first. */
static int *top_shadow(const mc_cmp_pair *pr, int sign, mc_arena *a, int *n)
{
	dbl_key *k = mc_arena_calloc(a, (size_t)pr->nres + 1, sizeof(*k));
	int m = 0;
	for (int i = 0; i < pr->nres; i++) {
		double dlt = sign * (pr->res[i].run.shadow_sum -
				     pr->res[i].ref.shadow_sum);
		if (dlt > 0.005)
			k[m++] = (dbl_key){dlt, i};
	}
	qsort(k, (size_t)m, sizeof(*k), cmp_dbl_key);
	if (m > MC_COMPARE_TOP)
		m = MC_COMPARE_TOP;
	int *out = mc_arena_calloc(a, (size_t)m + 1, sizeof(int));
	for (int i = 0; i < m; i++)
		out[i] = k[i].idx;
	*n = m;
	return out;
}

static void compare_resources(const run_ix *x, const run_ix *y,
			      const mc_run_stats *s0, const mc_run_stats *s1,
			      mc_arena *a, mc_cmp_pair *pr)
{
	const mc_run_view *v0 = x->v, *v1 = y->v;
	pr->res =
	    mc_arena_calloc(a, (size_t)(v0->nresources + v1->nresources) + 1,
			    sizeof(mc_cmp_res));
	for (int pass = 0; pass < 2; pass++) {
		const mc_run_view *v = pass ? v1 : v0;
		for (int r = 0; r < v->nresources; r++) {
			const mc_view_resource *res = &v->resources[r];
			int r0 = pass ? res_of(x, res->id) : r;
			int r1 = pass ? r : res_of(y, res->id);
			if (pass && r0 >= 0)
				continue;
			mc_cmp_res *c = &pr->res[pr->nres++];
			c->id = res->id;
			c->plant = res->plant;
			c->kind = res->kind;
			res_side(s0, r0, &c->ref);
			res_side(s1, r1, &c->run);
			c->changed =
			    !c->ref.present || !c->run.present ||
			    differs(c->ref.hours, c->run.hours) ||
			    differs(c->ref.ot_max, c->run.ot_max) ||
			    differs(c->ref.used, c->run.used) ||
			    differs(c->ref.ot, c->run.ot) ||
			    fabs(c->ref.shadow_sum - c->run.shadow_sum) > 0.005;
			pr->nres_changed += c->changed;
		}
	}
	pr->rose = top_shadow(pr, 1, a, &pr->nrose);
	pr->fell = top_shadow(pr, -1, a, &pr->nfell);
}

/* ---- cost and service ---- */

enum {
	M_MAKE,
	M_OPTIONS,
	M_LANE,
	M_LATE,
	M_HOLDING,
	M_UNMET,
	M_OVERTIME,
	M_PLAN,
	M_BOUND,
	M_GAP,
	M_ORDERS,
	M_UNITS_ORDERED,
	M_UNITS_MADE,
	M_UNITS_PLANNED,
	M_UNITS_ON_TIME,
	M_UNITS_LATE,
	M_UNITS_UNMET,
	M_FILL,
	M_ON_TIME,
	M_LATE_DAYS,
	M_MAX_LATE,
	M_ORDERS_LATE,
	M_ORDERS_UNMET,
	M_OT_HOURS,
	M_N
};

static const struct {
	const char *key, *label;
	int unit;
} metric_defs[M_N] = {
    {"make", "make", MC_UNIT_MONEY},
    {"options", "options", MC_UNIT_MONEY},
    {"lane", "lane", MC_UNIT_MONEY},
    {"late", "late", MC_UNIT_MONEY},
    {"holding", "holding", MC_UNIT_MONEY},
    {"unmet", "unmet", MC_UNIT_MONEY},
    {"overtime", "overtime", MC_UNIT_MONEY},
    {"plan_cost", "plan cost", MC_UNIT_MONEY},
    {"lp_bound", "LP bound", MC_UNIT_MONEY},
    {"gap", "gap", MC_UNIT_RATE},
    {"orders", "orders", MC_UNIT_COUNT},
    {"units_ordered", "units ordered", MC_UNIT_COUNT},
    {"units_made", "units made (before the run)", MC_UNIT_COUNT},
    {"units_planned", "units planned", MC_UNIT_COUNT},
    {"units_on_time", "units on time", MC_UNIT_COUNT},
    {"units_late", "units late", MC_UNIT_COUNT},
    {"units_unmet", "units unmet", MC_UNIT_COUNT},
    {"fill_rate", "fill rate (made + planned / ordered)", MC_UNIT_RATE},
    {"on_time_rate", "on time (of made and planned units)", MC_UNIT_RATE},
    {"late_days", "late unit-days", MC_UNIT_DAYS},
    {"max_late", "worst lateness, days", MC_UNIT_DAYS},
    {"orders_late", "orders with late units", MC_UNIT_COUNT},
    {"orders_unmet", "orders with unmet units", MC_UNIT_COUNT},
    {"overtime_hours", "overtime hours", MC_UNIT_HOURS},
};

static void metric_values(const mc_run_view *v, const mc_run_stats *st,
			  double *x)
{
	x[M_MAKE] = v->cost_make;
	x[M_OPTIONS] = v->cost_options;
	x[M_LANE] = v->cost_lane;
	x[M_LATE] = v->cost_late;
	x[M_HOLDING] = v->cost_holding;
	x[M_UNMET] = v->cost_unmet;
	x[M_OVERTIME] = v->cost_overtime;
	x[M_PLAN] = v->cost;
	x[M_BOUND] = v->lp_bound;
	x[M_GAP] = v->gap;
	x[M_ORDERS] = v->norders;
	x[M_UNITS_ORDERED] = st->units_ordered;
	x[M_UNITS_MADE] = st->units_made;
	x[M_UNITS_PLANNED] = st->units_planned;
	x[M_UNITS_ON_TIME] = st->units_on_time;
	x[M_UNITS_LATE] = st->units_late;
	x[M_UNITS_UNMET] = st->units_unmet;
	x[M_FILL] = st->fill_rate >= 0 ? st->fill_rate : NAN;
	x[M_ON_TIME] = st->on_time_pct >= 0 ? st->on_time_pct / 100 : NAN;
	x[M_LATE_DAYS] = st->late_days;
	x[M_MAX_LATE] = st->max_late;
	x[M_ORDERS_LATE] = st->nlate;
	x[M_ORDERS_UNMET] = st->nunmet;
	x[M_OT_HOURS] = st->ot_hours;
}

double mc_compare_rel(double r, double x, int unit)
{
	if (unit == MC_UNIT_RATE || !isfinite(r) || !isfinite(x) || r == 0)
		return NAN;
	return (x - r) / fabs(r);
}

void mc_compare_build(const mc_run_view *runs, int n, mc_arena *a,
		      mc_compare *c)
{
	memset(c, 0, sizeof(*c));
	c->runs = runs;
	c->nruns = n;
	c->stats = mc_arena_calloc(a, (size_t)n + 1, sizeof(mc_run_stats));
	run_ix *ix = mc_arena_calloc(a, (size_t)n + 1, sizeof(run_ix));
	for (int k = 0; k < n; k++) {
		mc_stats_compute(&runs[k], a, &c->stats[k]);
		index_run(&runs[k], a, &ix[k]);
	}
	c->nmetrics = M_N;
	c->metrics = mc_arena_calloc(a, M_N, sizeof(mc_cmp_metric));
	double *x = mc_arena_calloc(a, M_N, sizeof(double));
	for (int m = 0; m < M_N; m++) {
		c->metrics[m].key = metric_defs[m].key;
		c->metrics[m].label = metric_defs[m].label;
		c->metrics[m].unit = metric_defs[m].unit;
		c->metrics[m].cost = m <= M_GAP;
		c->metrics[m].x =
		    mc_arena_calloc(a, (size_t)n + 1, sizeof(double));
	}
	for (int k = 0; k < n; k++) {
		metric_values(&runs[k], &c->stats[k], x);
		for (int m = 0; m < M_N; m++)
			c->metrics[m].x[k] = x[m];
	}
	c->pairs = mc_arena_calloc(a, (size_t)n, sizeof(mc_cmp_pair));
	for (int k = 1; k < n; k++) {
		mc_cmp_pair *pr = &c->pairs[k - 1];
		pr->ref = &runs[0];
		pr->run = &runs[k];
		compare_resources(&ix[0], &ix[k], &c->stats[0], &c->stats[k], a,
				  pr);
		compare_orders(&ix[0], &ix[k], a, pr);
	}
}

/* ---- formatting shared by the writers ---- */

char *mc_compare_value(char *buf, size_t n, double x, int unit)
{
	if (!isfinite(x))
		snprintf(buf, n, "-");
	else if (unit == MC_UNIT_MONEY)
		mc_fmt_money(buf, n, x);
	else if (unit == MC_UNIT_RATE)
		mc_fmt_pct(buf, n, x, 2);
	else if (unit == MC_UNIT_HOURS)
		mc_fmt_num(buf, n, x, 1);
	else
		mc_fmt_num(buf, n, x, 0);
	return buf;
}

/* A signed delta: "+1,234.50", "-3", "+0.25 pp" for rates, "0" for none. */
static char *delta_text(char *buf, size_t n, double r, double x, int unit)
{
	char num[MC_FMT_NUM];
	if (!isfinite(r) || !isfinite(x)) {
		snprintf(buf, n, "-");
		return buf;
	}
	double dlt = x - r;
	if (unit == MC_UNIT_RATE)
		dlt *= 100;
	int dec = unit == MC_UNIT_MONEY || unit == MC_UNIT_RATE ? 2
		  : unit == MC_UNIT_HOURS			? 1
								: 0;
	mc_fmt_num(num, sizeof(num), dlt, dec);
	if (strspn(num, "0.,") == strlen(num))
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%s%s%s", num[0] == '-' ? "" : "+", num,
			 unit == MC_UNIT_RATE ? " pp" : "");
	return buf;
}

/* A relative delta: "+12.3%", "" when it has none. */
static char *rel_text(char *buf, size_t n, double r, double x, int unit)
{
	double rel = mc_compare_rel(r, x, unit);
	if (isnan(rel) || fabs(x - r) <= EPS * (1 + fabs(r)))
		snprintf(buf, n, "%s", isnan(rel) ? "" : "0%");
	else {
		char p[MC_FMT_NUM];
		mc_fmt_pct(p, sizeof(p), rel, 1);
		snprintf(buf, n, "%s", rel > 0 ? "+" : "");
		strncat(buf, p, n - strlen(buf) - 1);
	}
	return buf;
}

/* "a -> b", or "a" when both are the same text. */
static char *pair_text(char *buf, size_t n, const char *a, const char *b)
{
	a = a ? a : "-";
	b = b ? b : "-";
	if (strcmp(a, b) == 0)
		snprintf(buf, n, "%s", a);
	else
		snprintf(buf, n, "%s -> %s", a, b);
	return buf;
}

char *mc_compare_days(char *buf, size_t n, const mc_cmp_side *s)
{
	if (!s->first_day)
		snprintf(buf, n, "-");
	else if (strcmp(s->first_day, s->last_day) == 0)
		snprintf(buf, n, "%s", s->first_day + 5);
	else
		snprintf(buf, n, "%s..%s", s->first_day + 5, s->last_day + 5);
	return buf;
}

static char *qty_text(char *buf, size_t n, const mc_cmp_order *o)
{
	char a[16] = "-", b[16] = "-";
	if (o->ref.o)
		snprintf(a, sizeof(a), "%d", o->ref.o->quantity);
	if (o->run.o)
		snprintf(b, sizeof(b), "%d", o->run.o->quantity);
	return pair_text(buf, n, a, b);
}

/* The labels of an order's kinds of change, joined by "; ". */
static char *kinds_text(char *buf, size_t n, unsigned kinds, int keys)
{
	size_t len = 0;
	buf[0] = 0;
	for (int k = 0; k < MC_CHG_N && len < n; k++)
		if (kinds & (1u << k))
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? (keys ? " " : "; ") : "",
						keys ? mc_change_key(k)
						     : mc_change_label(k));
	return buf;
}

/* ---- text ---- */

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* The runs as `mcsched runs` lists them. */
static void text_runs(const mc_compare *c, FILE *f)
{
	char title[200];
	int n =
	    snprintf(title, sizeof(title),
		     "MCSCHED COMPARE: RUN %" PRId64 " (REFERENCE) WITH RUN",
		     c->runs[0].id);
	for (int k = 1; k < c->nruns && n < (int)sizeof(title); k++)
		n += snprintf(title + n, sizeof(title) - (size_t)n,
			      "%s %" PRId64, k > 1 ? "," : "", c->runs[k].id);
	if (n >= (int)sizeof(title))
		n = (int)sizeof(title) - 1;
	fprintf(f, "%s\n", title);
	for (int i = 0; i < n; i++)
		fputc('=', f);
	fputs("\n\n", f);
	mc_run_row rows[MC_COMPARE_MAX_RUNS];
	for (int k = 0; k < c->nruns && k < MC_COMPARE_MAX_RUNS; k++) {
		const mc_run_view *v = &c->runs[k];
		rows[k] = (mc_run_row){.id = v->id,
				       .kind = v->kind,
				       .base_run = v->base_run,
				       .scenario = v->scenario,
				       .started = v->started,
				       .finished = v->finished,
				       .elapsed = v->elapsed,
				       .status = v->status,
				       .lp_status = v->lp_status,
				       .horizon_start = v->horizon_start,
				       .horizon_days = v->horizon_days,
				       .norders = v->norders,
				       .units_planned = v->units_planned,
				       .units_unmet = v->units_unmet,
				       .units_late = v->units_late,
				       .cost = v->cost,
				       .lp_bound = v->lp_bound,
				       .gap = v->gap,
				       .published = v->published,
				       .units_made = v->units_made,
				       .units_made_late = v->units_made_late,
				       .state = v->state,
				       .hold_reason = v->hold_reason};
	}
	mc_report_runs(rows, c->nruns, f);
	for (int k = 0; k < c->nruns; k++) {
		const char *ch = c->runs[k].changes;
		if (!ch || !*ch)
			continue;
		fprintf(f,
			"\nRun %" PRId64 " is what-if '%s' on run %" PRId64
			":\n",
			c->runs[k].id,
			c->runs[k].scenario ? c->runs[k].scenario : "-",
			c->runs[k].base_run);
		for (const char *e; *ch; ch = e + !!*e) {
			e = strchr(ch, '\n');
			e = e ? e : ch + strlen(ch);
			fprintf(f, "  - %.*s\n", (int)(e - ch), ch);
		}
	}
}

/* The cost rows (cost = 1) or the service rows side by side. */
static void text_metrics(const mc_compare *c, int cost, FILE *f)
{
	char buf[MC_FMT_NUM], title[32];
	fprintf(f, "\n%s (delta and %% against run %" PRId64 ")\n",
		cost ? "COST" : "SERVICE", c->runs[0].id);
	int ncols = 2 + 3 * (c->nruns - 1);
	mc_table *t = mc_table_new(ncols);
	mc_table_col(t, 0, cost ? "Part" : "KPI", MC_LEFT, 0);
	snprintf(title, sizeof(title), "Run %" PRId64, c->runs[0].id);
	mc_table_col(t, 1, title, MC_RIGHT, 0);
	for (int k = 1; k < c->nruns; k++) {
		snprintf(title, sizeof(title), "Run %" PRId64, c->runs[k].id);
		mc_table_col(t, 3 * k - 1, title, MC_RIGHT, 0);
		mc_table_col(t, 3 * k, "Delta", MC_RIGHT, 0);
		mc_table_col(t, 3 * k + 1, "%", MC_RIGHT, 0);
	}
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		mc_table_cell(t, "%s", mt->label);
		mc_table_cell(
		    t, "%s",
		    mc_compare_value(buf, sizeof(buf), mt->x[0], mt->unit));
		for (int k = 1; k < c->nruns; k++) {
			mc_table_cell(t, "%s",
				      mc_compare_value(buf, sizeof(buf),
						       mt->x[k], mt->unit));
			mc_table_cell(t, "%s",
				      delta_text(buf, sizeof(buf), mt->x[0],
						 mt->x[k], mt->unit));
			mc_table_cell(t, "%s",
				      rel_text(buf, sizeof(buf), mt->x[0],
					       mt->x[k], mt->unit));
		}
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
}

static char *res_pair(char *buf, size_t n, const mc_cmp_res *r, double x0,
		      double x1, int unit)
{
	char a[MC_FMT_NUM], b[MC_FMT_NUM];
	mc_compare_value(a, sizeof(a), r->ref.present ? x0 : NAN, unit);
	mc_compare_value(b, sizeof(b), r->run.present ? x1 : NAN, unit);
	return pair_text(buf, n, a, b);
}

static void text_resources(const mc_cmp_pair *pr, FILE *f)
{
	char buf[2 * MC_FMT_NUM + 8];
	fprintf(f,
		"\n  Resources: %d of %d changed (hours over each horizon; "
		"shadow: the sum of daily\n  shadow prices, what one more hour "
		"would save, money per hour)\n",
		pr->nres_changed, pr->nres);
	if (pr->nres_changed == 0)
		return;
	mc_table *t = mc_table_new(10);
	const char *cols[] = {"Resource", "Plant",	 "Kind", "Regular h",
			      "Used h",	  "OT h",	 "Util", "Util delta",
			      "Shadow",	  "Shadow delta"};
	for (int i = 0; i < 10; i++)
		mc_table_col(t, i, cols[i], i < 3 ? MC_LEFT : MC_RIGHT, 0);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		if (!r->changed)
			continue;
		mc_table_cell(t, "%s", r->id);
		mc_table_cell(t, "%s", r->plant);
		mc_table_cell(t, "%s", r->kind);
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.hours,
				       r->run.hours, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.used,
				       r->run.used, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.ot,
				       r->run.ot, MC_UNIT_HOURS));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.util,
				       r->run.util, MC_UNIT_RATE));
		mc_table_cell(t, "%s",
			      delta_text(buf, sizeof(buf), r->ref.util,
					 r->run.util, MC_UNIT_RATE));
		mc_table_cell(t, "%s",
			      res_pair(buf, sizeof(buf), r, r->ref.shadow_sum,
				       r->run.shadow_sum, MC_UNIT_MONEY));
		mc_table_cell(t, "%s",
			      delta_text(buf, sizeof(buf), r->ref.shadow_sum,
					 r->run.shadow_sum, MC_UNIT_MONEY));
	}
	mc_table_print(t, f, 4);
	mc_table_free(t);
	for (int s = 0; s < 2; s++) {
		const int *ix = s ? pr->fell : pr->rose;
		int n = s ? pr->nfell : pr->nrose;
		fprintf(f, "  Shadow price %s most: ", s ? "fell" : "rose");
		if (n == 0)
			fputs("none", f);
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r = &pr->res[ix[i]];
			fprintf(f, "%s%s %s", i ? ", " : "", r->id,
				delta_text(buf, sizeof(buf), r->ref.shadow_sum,
					   r->run.shadow_sum, MC_UNIT_MONEY));
		}
		fputc('\n', f);
	}
}

/* "5 (on time -> late 2, new 1, ...)" */
static void counts_line(const mc_cmp_pair *pr, FILE *f)
{
	fprintf(f, "%d", pr->norders);
	int any = 0;
	for (int k = 0; k < MC_CHG_N; k++)
		if (pr->count[k]) {
			fprintf(f, "%s%s %d", any ? ", " : " (",
				mc_change_label(k), pr->count[k]);
			any = 1;
		}
	fputs(any ? ")\n" : "\n", f);
}

static void text_orders(const mc_cmp_pair *pr, FILE *f)
{
	char q[64], w[512], d0[32], d1[32];
	fputs("\n  Orders whose outcome changed: ", f);
	counts_line(pr, f);
	if (pr->norders == 0)
		return;
	mc_table *t = mc_table_new(9);
	const char *cols[] = {"Order", "Family", "Change", "Qty",   "Was",
			      "Now",   "Plant",	 "Made",   "Reason"};
	for (int i = 0; i < 9; i++)
		mc_table_col(t, i, cols[i], MC_LEFT, 0);
	int shown = pr->norders < MC_COMPARE_MAX_TEXT ? pr->norders
						      : MC_COMPARE_MAX_TEXT;
	for (int i = 0; i < shown; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		mc_table_cell(t, "%s", o->id);
		mc_table_cell(t, "%s", o->family);
		mc_table_cell(t, "%s", kinds_text(w, sizeof(w), o->kinds, 0));
		mc_table_cell(t, "%s", qty_text(q, sizeof(q), o));
		mc_table_cell(t, "%s", or_dash(o->ref.outcome));
		mc_table_cell(t, "%s", or_dash(o->run.outcome));
		mc_table_cell(
		    t, "%s",
		    pair_text(w, sizeof(w), o->ref.plants, o->run.plants));
		mc_table_cell(
		    t, "%s",
		    pair_text(w, sizeof(w),
			      mc_compare_days(d0, sizeof(d0), &o->ref),
			      mc_compare_days(d1, sizeof(d1), &o->run)));
		mc_table_cell(t, "%s", or_dash(o->reason));
	}
	mc_table_print(t, f, 4);
	mc_table_free(t);
	if (pr->norders > shown)
		fprintf(f,
			"    ... and %d more (every one is in the CSV and JSON "
			"formats)\n",
			pr->norders - shown);
}

static void write_text(const mc_compare *c, FILE *f)
{
	text_runs(c, f);
	text_metrics(c, 1, f);
	text_metrics(c, 0, f);
	for (int k = 1; k < c->nruns; k++) {
		const mc_cmp_pair *pr = &c->pairs[k - 1];
		fprintf(f, "\nRUN %" PRId64 " AGAINST RUN %" PRId64 "\n",
			pr->run->id, pr->ref->id);
		text_resources(pr, f);
		text_orders(pr, f);
	}
}

/* ---- CSV ---- */

/* x rounded to a millionth (hours, money and counts) or, for relative
 * figures (rel set), to a billionth: no floating-point dust like
 * -32.2000000000007 in CSV and JSON. */
static double tidy(double x, int rel)
{
	double k = rel ? 1e9 : 1e6;
	if (!isfinite(x) || fabs(x) >= 1e9)
		return x;
	x = round(x * k) / k;
	return x == 0 ? 0 : x;
}

/* A number as CSV writes it, tidied; empty when unknown. */
static void csv_num(FILE *f, double x, int rel)
{
	if (isfinite(x))
		fprintf(f, "%.15g", tidy(x, rel));
}

/* One row: section, run, reference, item, plant, category, measure, then
 * the reference's and the run's values (numbers when text is NULL) with
 * their delta and relative delta, then change and reason. */
typedef struct csv_row {
	const char *section, *item, *plant, *category, *measure;
	int unit;
	double r, x;		   /* numbers, NAN unknown */
	const char *rtext, *xtext; /* or texts */
	const char *change, *reason;
} csv_row;

static void csv_write_row(FILE *f, const mc_cmp_pair *pr, const csv_row *w)
{
	mc_fmt_csv(f, w->section);
	fprintf(f, ",%" PRId64 ",%" PRId64 ",", pr->run->id, pr->ref->id);
	mc_fmt_csv(f, w->item);
	fputc(',', f);
	mc_fmt_csv(f, w->plant);
	fputc(',', f);
	mc_fmt_csv(f, w->category);
	fputc(',', f);
	mc_fmt_csv(f, w->measure);
	fputc(',', f);
	if (w->rtext || w->xtext) {
		mc_fmt_csv(f, w->rtext);
		fputc(',', f);
		mc_fmt_csv(f, w->xtext);
		fputs(",,", f);
	} else {
		csv_num(f, w->r, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, w->x, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, w->x - w->r, w->unit == MC_UNIT_RATE);
		fputc(',', f);
		csv_num(f, mc_compare_rel(w->r, w->x, w->unit), 1);
	}
	fputc(',', f);
	mc_fmt_csv(f, w->change);
	fputc(',', f);
	mc_fmt_csv(f, w->reason);
	fputc('\n', f);
}

static const char *const unit_names[] = {"money", "count", "rate", "hours",
					 "days"};

/* An order's numbers in one run, as the CSV names them: quantity, made,
 * planned, on_time, late_units, max_late, unmet (NAN: not in the run). */
static void side_numbers(const mc_cmp_side *s, double x[7])
{
	const mc_view_order *o = s->o;
	for (int j = 0; j < 7; j++)
		x[j] = NAN;
	if (!o)
		return;
	x[0] = o->quantity;
	x[1] = o->made;
	x[2] = o->planned;
	x[3] = s->on_time;
	x[4] = mc_stats_order_late(o);
	x[5] = mc_stats_order_worst(o);
	x[6] = o->unmet;
}

static void csv_pair(const mc_compare *c, int k, mc_arena *a, FILE *f)
{
	const mc_cmp_pair *pr = &c->pairs[k - 1];
	char kinds[512];
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		csv_row w = {mt->cost ? "cost" : "service",
			     mt->key,
			     NULL,
			     NULL,
			     unit_names[mt->unit],
			     mt->unit,
			     mt->x[0],
			     mt->x[k],
			     NULL,
			     NULL,
			     NULL,
			     NULL};
		csv_write_row(f, pr, &w);
	}
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		const char *names[] = {
		    "regular_hours", "ot_max_hours", "used_hours", "ot_hours",
		    "util",	     "shadow_sum",   "shadow_days"};
		const double x0[] = {r->ref.hours,	r->ref.ot_max,
				     r->ref.used,	r->ref.ot,
				     r->ref.util,	r->ref.shadow_sum,
				     r->ref.shadow_days};
		const double x1[] = {r->run.hours,	r->run.ot_max,
				     r->run.used,	r->run.ot,
				     r->run.util,	r->run.shadow_sum,
				     r->run.shadow_days};
		for (int j = 0; j < 7; j++) {
			csv_row w = {"resource",
				     r->id,
				     r->plant,
				     r->kind,
				     names[j],
				     j == 4 ? MC_UNIT_RATE : MC_UNIT_HOURS,
				     r->ref.present ? x0[j] : NAN,
				     r->run.present ? x1[j] : NAN,
				     NULL,
				     NULL,
				     r->changed ? "changed" : "",
				     NULL};
			csv_write_row(f, pr, &w);
		}
	}
	for (int i = 0; i < pr->norders; i++) {
		const mc_cmp_order *o = &pr->orders[i];
		const mc_view_order *p = o->ref.o, *q = o->run.o;
		kinds_text(kinds, sizeof(kinds), o->kinds, 1);
		const char *names[] = {"quantity", "made",	 "planned",
				       "on_time",  "late_units", "max_late",
				       "unmet"};
		double x0[7], x1[7];
		side_numbers(&o->ref, x0);
		side_numbers(&o->run, x1);
		const char *why =
		    mc_arena_printf(a, "%s: %s", o->reason_code, o->reason);
		const char *texts[][2] = {
		    {p ? o->ref.outcome : "", q ? o->run.outcome : ""},
		    {o->ref.plants, o->run.plants},
		    {o->ref.first_day, o->run.first_day},
		    {o->ref.last_day, o->run.last_day},
		    {p ? p->due : "", q ? q->due : ""},
		    {p ? p->reason : "", q ? q->reason : ""}};
		const char *tnames[] = {"outcome",  "plants", "first_day",
					"last_day", "due",    "run_reason"};
		csv_row w = {"order", o->id,	     NULL,  o->family,
			     NULL,    MC_UNIT_COUNT, NAN,   NAN,
			     NULL,    NULL,	     kinds, why};
		for (int j = 0; j < 6; j++) {
			w.measure = tnames[j];
			w.rtext = texts[j][0] ? texts[j][0] : "";
			w.xtext = texts[j][1] ? texts[j][1] : "";
			csv_write_row(f, pr, &w);
		}
		w.rtext = w.xtext = NULL;
		for (int j = 0; j < 7; j++) {
			w.measure = names[j];
			w.r = x0[j];
			w.x = x1[j];
			csv_write_row(f, pr, &w);
		}
	}
}

static void write_csv(const mc_compare *c, FILE *f)
{
	fputs("section,run,reference,item,plant,category,measure,"
	      "reference_value,value,delta,delta_pct,change,reason\n",
	      f);
	mc_arena *a = mc_arena_new();
	for (int k = 1; k < c->nruns; k++)
		csv_pair(c, k, a, f);
	mc_arena_free(a);
}

/* ---- JSON ---- */

static void json_runs(const mc_compare *c, mc_json *top)
{
	FILE *f = top->f;
	mc_json o;
	mc_json_key(top, "runs");
	fputc('[', f);
	for (int k = 0; k < c->nruns; k++) {
		const mc_run_view *v = &c->runs[k];
		mc_json_item(f, k, 4);
		mc_json_open(&o, f, -1);
		mc_json_int(&o, "id", v->id);
		mc_json_str(&o, "role", k ? "compared" : "reference");
		mc_json_str(&o, "kind", v->kind);
		if (v->base_run > 0)
			mc_json_int(&o, "base_run", v->base_run);
		else
			mc_json_null(&o, "base_run");
		mc_json_str(&o, "scenario", v->scenario);
		mc_json_str(&o, "changes", v->changes);
		mc_json_bool(&o, "published", v->published);
		mc_json_str(&o, "started", v->started);
		mc_json_str(&o, "status", v->status);
		mc_json_str(&o, "lp_status", v->lp_status);
		mc_json_str(&o, "horizon_start", v->horizon_start);
		mc_json_int(&o, "horizon_days", v->horizon_days);
		mc_json_close(&o);
	}
	mc_json_arr_close(f, c->nruns, 4);
}

static void json_metrics(const mc_compare *c, int cost, mc_json *top)
{
	FILE *f = top->f;
	mc_json o;
	int n = 0;
	mc_json_key(top, cost ? "cost" : "service");
	fputc('[', f);
	for (int m = 0; m < c->nmetrics; m++) {
		const mc_cmp_metric *mt = &c->metrics[m];
		if (mt->cost != cost)
			continue;
		mc_json_item(f, n++, 4);
		mc_json_open(&o, f, -1);
		mc_json_str(&o, "key", mt->key);
		mc_json_str(&o, "unit", unit_names[mt->unit]);
		for (int s = 0; s < 3; s++) {
			mc_json_key(&o, s == 0	 ? "values"
					: s == 1 ? "delta"
						 : "delta_pct");
			fputc('[', f);
			for (int k = 0; k < c->nruns; k++) {
				double r = mt->x[0], x = mt->x[k];
				fputs(k ? ", " : "", f);
				mc_fmt_json_num(
				    f,
				    s == 0 ? x
				    : s == 1
					? tidy(x - r, mt->unit == MC_UNIT_RATE)
				    : k ? tidy(mc_compare_rel(r, x, mt->unit),
					       1)
					: NAN);
			}
			fputc(']', f);
		}
		mc_json_close(&o);
	}
	mc_json_arr_close(f, n, 4);
}

static void json_res_side(mc_json *o, const char *key, const mc_cmp_res_side *s)
{
	mc_json x;
	mc_json_key(o, key);
	if (!s->present) {
		fputs("null", o->f);
		return;
	}
	mc_json_open(&x, o->f, -1);
	mc_json_num(&x, "regular_hours", s->hours);
	mc_json_num(&x, "ot_max_hours", s->ot_max);
	mc_json_num(&x, "used_hours", s->used);
	mc_json_num(&x, "ot_hours", s->ot);
	mc_json_num(&x, "util", s->util);
	mc_json_num(&x, "shadow_sum", s->shadow_sum);
	mc_json_int(&x, "shadow_days", s->shadow_days);
	mc_json_close(&x);
}

static void json_order_side(mc_json *o, const char *key, const mc_cmp_side *s)
{
	mc_json x;
	mc_json_key(o, key);
	if (!s->o) {
		fputs("null", o->f);
		return;
	}
	mc_json_open(&x, o->f, -1);
	mc_json_int(&x, "quantity", s->o->quantity);
	mc_json_str(&x, "due", s->o->due);
	mc_json_int(&x, "made", s->o->made);
	mc_json_int(&x, "planned", s->o->planned);
	mc_json_int(&x, "on_time", s->on_time);
	mc_json_int(&x, "late_units", mc_stats_order_late(s->o));
	mc_json_int(&x, "max_late", mc_stats_order_worst(s->o));
	mc_json_int(&x, "unmet", s->o->unmet);
	mc_json_str(&x, "outcome", s->outcome);
	mc_json_str(&x, "plants", s->plants);
	mc_json_str(&x, "first_day", s->first_day);
	mc_json_str(&x, "last_day", s->last_day);
	mc_json_str(&x, "run_reason", s->o->reason);
	mc_json_str(&x, "run_detail", s->o->detail);
	mc_json_close(&x);
}

static void json_pair(const mc_cmp_pair *pr, FILE *f)
{
	mc_json o, x;
	mc_json_open(&o, f, 6);
	mc_json_int(&o, "run", pr->run->id);
	mc_json_int(&o, "reference", pr->ref->id);
	mc_json_key(&o, "resources");
	fputc('[', f);
	for (int i = 0; i < pr->nres; i++) {
		const mc_cmp_res *r = &pr->res[i];
		mc_json_item(f, i, 8);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "resource", r->id);
		mc_json_str(&x, "plant", r->plant);
		mc_json_str(&x, "kind", r->kind);
		mc_json_bool(&x, "changed", r->changed);
		json_res_side(&x, "reference_values", &r->ref);
		json_res_side(&x, "values", &r->run);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, pr->nres, 8);
	for (int s = 0; s < 2; s++) {
		mc_json_key(&o, s ? "shadow_fell" : "shadow_rose");
		fputc('[', f);
		int n = s ? pr->nfell : pr->nrose;
		for (int i = 0; i < n; i++) {
			const mc_cmp_res *r =
			    &pr->res[(s ? pr->fell : pr->rose)[i]];
			fputs(i ? ", " : "", f);
			mc_json_open(&x, f, -1);
			mc_json_str(&x, "resource", r->id);
			mc_json_num(
			    &x, "delta",
			    tidy(r->run.shadow_sum - r->ref.shadow_sum, 0));
			mc_json_close(&x);
		}
		fputc(']', f);
	}
	mc_json_key(&o, "order_counts");
	mc_json_open(&x, f, -1);
	mc_json_int(&x, "changed", pr->norders);
	for (int k = 0; k < MC_CHG_N; k++)
		mc_json_int(&x, mc_change_key(k), pr->count[k]);
	mc_json_close(&x);
	mc_json_key(&o, "orders");
	fputc('[', f);
	for (int i = 0; i < pr->norders; i++) {
		const mc_cmp_order *co = &pr->orders[i];
		mc_json_item(f, i, 8);
		mc_json_open(&x, f, -1);
		mc_json_str(&x, "order", co->id);
		mc_json_str(&x, "family", co->family);
		mc_json_key(&x, "changes");
		fputc('[', f);
		int n = 0;
		for (int k = 0; k < MC_CHG_N; k++)
			if (co->kinds & (1u << k)) {
				fputs(n++ ? ", " : "", f);
				mc_fmt_json_str(f, mc_change_key(k));
			}
		fputc(']', f);
		mc_json_str(&x, "reason_code", co->reason_code);
		mc_json_str(&x, "reason", co->reason);
		json_order_side(&x, "reference_values", &co->ref);
		json_order_side(&x, "values", &co->run);
		mc_json_close(&x);
	}
	mc_json_arr_close(f, pr->norders, 8);
	mc_json_close(&o);
}

static void write_json(const mc_compare *c, FILE *f)
{
	mc_json top;
	mc_json_open(&top, f, 2);
	/* 2: each order's made units (made and late units count them) */
	mc_json_int(&top, "format_version", 2);
	mc_json_int(&top, "reference", c->runs[0].id);
	json_runs(c, &top);
	json_metrics(c, 1, &top);
	json_metrics(c, 0, &top);
	mc_json_key(&top, "comparisons");
	fputc('[', f);
	for (int k = 1; k < c->nruns; k++) {
		mc_json_item(f, k - 1, 4);
		json_pair(&c->pairs[k - 1], f);
	}
	mc_json_arr_close(f, c->nruns - 1, 4);
	mc_json_close(&top);
	fputc('\n', f);
}

/* ---- dispatch ---- */

static void (*const writers[])(const mc_compare *, FILE *) = {
    write_text, write_csv, write_json, mc_compare_html};

int mc_compare_format(const char *format, mc_diag *d)
{
	return mc_report_format(format, d);
}

static void write_all(const mc_run_view *runs, int n, int format, FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_compare c;
	mc_compare_build(runs, n, a, &c);
	writers[format](&c, f);
	mc_arena_free(a);
}

static int check_runs(int n, mc_diag *d)
{
	if (n < 2 || n > MC_COMPARE_MAX_RUNS)
		return mc_diag_error(d, MC_EUSAGE,
				     "compare takes 2 to %d runs, not %d",
				     MC_COMPARE_MAX_RUNS, n);
	return 0;
}

int mc_compare_write(const mc_run_view *runs, int n, const char *format,
		     FILE *out, mc_diag *d)
{
	int i = mc_compare_format(format, d);
	if (i < 0 || check_runs(n, d) < 0)
		return -1;
	write_all(runs, n, i, out);
	if (fflush(out) != 0 || ferror(out))
		return mc_diag_error(
		    d, MC_EINPUT, "unable to write the %s comparison", format);
	return 0;
}

struct save_ctx {
	const mc_run_view *runs;
	int n, format;
};

static int write_saved(FILE *f, const void *ctx, mc_diag *d)
{
	const struct save_ctx *s = ctx;
	(void)d;
	write_all(s->runs, s->n, s->format, f);
	return 0;
}

int mc_compare_save(const mc_run_view *runs, int n, const char *format,
		    const char *path, mc_diag *d)
{
	struct save_ctx s = {runs, n, mc_compare_format(format, d)};
	if (s.format < 0 || check_runs(n, d) < 0)
		return -1;
	return mc_file_write(path, write_saved, &s, d);
}
