/*
 * compare.c - runs against a reference run: what changed and why (see
 * compare.h).  Builds the comparison (mc_compare_build()): the cost parts
 * and KPIs of every run, each resource's hours, use and shadow prices,
 * and the orders whose outcome changed with the reason for each.  The
 * writers that print it are compare_text.c, compare_csv.c, compare_json.c
 * and compare_html.c, reached through compare_write.c.
 *
 * Orders and resources are matched by id through arrays sorted by id, so
 * a compare is O(n log n) in the orders and resources of the runs.
 *
 * Memory: mc_compare_build() takes everything from the caller's arena.
 */
#include "compare.h"
#include "tolerance.h"

#include "fmt.h"

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
