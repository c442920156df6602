/*
 * session.c - the class LP held across solves, solved by sifting over its
 * slots (see session.h).
 *
 * The session owns the formulation, the solver-neutral copy of the LP it
 * holds (slot columns appended as they join) and the back-end; result arrays
 * come from the arena given at creation.
 */
#include "session.h"
#include "tolerance.h"
#include "backend.h"
#include "hash.h"
#include "split.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Slots each class holds at the start: its cheapest overall, and the
 * cheapest at each plant that can serve it. */
#define INIT_PER_CLASS 4
#define INIT_PER_PLANT 1

/* Slots with a negative reduced cost that join per class and round, most
 * negative first. */
#define ADD_PER_CLASS 3

/* Rows from which an LP of independent blocks is solved block by block
 * (split.h).  Measured on generated books (seed 1): 100,000 orders, 35,800
 * rows in two blocks, LP 111 s whole, 58 s split on two threads (68 s of
 * block solves in all); 10,000 orders 3.2 s -> 2.9 s.  A smaller LP solves
 * whole in well under a second, and splitting it would change only which
 * of its equally good optima the plan takes. */
#define SPLIT_ROWS 5000

/* A slot prices out when its reduced cost is below -PRICE_TOL (GLPK's
 * own dual feasibility tolerance is 1e-7 on the scaled problem). */
#define PRICE_TOL MC_TOL_PRICE

/* On-time pricing: the push on the on-time total and the re-solve's
 * iteration limit (it starts one row away from the optimum). */
#define ONTIME_STEP   1e-3
#define ONTIME_IT_LIM 5000

struct mc_session {
	const mc_model *m;
	const mc_classes *c;
	mc_arena *a;
	mc_session_opts o;
	mc_lp *lp;
	const mc_lp_x *x; /* [nx] every slot */
	int nx;
	mc_lpm l;	     /* the LP held */
	mc_be *be;	     /* ... loaded into the solver */
	int be_cols, be_nnz; /* columns and nonzeros of s->l it holds */
	int bounded;	     /* slot columns carry their implied bound */
	int at_upper;	     /* columns from here on join at their upper
			      * bound (priced out: reduced cost < 0) */
	mc_be *mirror;	     /* GLPK copy for on-time pricing (pricer()) */
	int mirror_cols, mirror_nnz; /* ... and what it holds */
	int *col_of;		     /* [nx] column of a held slot, or -1 */
	double *dj; /* [nx] reduced costs at the last pricing */
	double *row_dual;
	double *col_prim, *col_dual; /* [ccap] */
	int ccap;
	int loaded;  /* the LP is in the back-end with a basis */
	int method;  /* enum mc_be_method for the next solve */
	int optimal; /* the full LP's optimum is held */
	double bound;
	int has_bound;
	/* The last optimum of the LP held in this solve: feasible for the
	 * full LP, the plan to fall back on when a limit stops a later
	 * dual re-solve (whose point is not feasible until it ends). */
	double *best_prim, *best_dual, *best_rdual;
	int best_cols, have_best;
	double best_obj;
	long iters;
	int rounds;
	int blocks; /* independent blocks of the LP (split.h) */
};

double mc_session_clock(void)
{
	return mc_progress_clock();
}

/* Seconds left before the deadline; +inf without one. */
static double remaining(const mc_session *s)
{
	if (s->o.deadline <= 0)
		return INFINITY;
	return s->o.deadline - mc_session_clock();
}

/* The upper bound on slot column col that its class's demand row implies
 * (the quantity), on (1) or off (0), in s->l and the back-end. */
static void slot_bound(mc_session *s, int i, int col, int on)
{
	double q = s->l.rhi[mc_lp_demand_row(s->lp, s->x[i].cls)];
	if (s->x[i].kept) /* a kept slot's bound is its own, always */
		on = 1, q = s->x[i].kept;
	s->l.ctype[col] = (signed char)(on ? MC_BND_DB : MC_BND_LO);
	s->l.chi[col] = on ? q : 0;
	if (s->loaded && col < s->be_cols)
		mc_be_set_col_bnds(s->be, col, s->l.ctype[col], 0,
				   s->l.chi[col]);
}

/* The basis status of column col of the LP held: a slot held since the
 * last solve (on-time pricing holds some) is not in the back-end yet and
 * sits at its lower bound. */
static int col_stat(const mc_session *s, int col)
{
	return col < s->be_cols ? mc_be_col_stat(s->be, col) : MC_BE_NL;
}

/* Slot i joins the LP held. */
static void hold(mc_session *s, int i)
{
	int col = mc_lp_emit_slot(s->lp, &s->l, i);
	s->col_of[i] = col;
	if (s->bounded)
		slot_bound(s, i, col, 1);
}

/*
 * Slot i's column col sits at its implied bound (its class's whole
 * quantity) as the bound comes off.  Its class's demand row then has a
 * basic column at 0 (else the basis would be singular): the two swap, so
 * the column covering the demand is the basic one, the point stays the
 * same and only a few primal pivots remain (a swap that leaves the basis
 * singular is repaired by CLP; GLPK refuses such a basis, so there the
 * column goes back to 0 and its primal simplex repairs).  Where no basic
 * column of the class is found the column stays at its value, superbasic.
 */
static void unbind(mc_session *s, int i, int col)
{
	int cls = s->x[i].cls, end, other = mc_lp_unmet_col(s->lp, cls);
	if (!mc_be_repairs_basis(s->be)) {
		mc_be_set_col_stat(s->be, col, MC_BE_NL);
		return;
	}
	if (mc_be_col_stat(s->be, other) != MC_BE_BS) {
		other = -1;
		for (int k = mc_lp_class_cols(s->x, s->nx, cls, &end);
		     k < end && other < 0; k++) {
			int c = s->col_of[k];
			if (c >= 0 && c != col && c < s->be_cols &&
			    mc_be_col_stat(s->be, c) == MC_BE_BS)
				other = c;
		}
	}
	if (other < 0) {
		mc_be_set_col_stat(s->be, col, MC_BE_SB);
		return;
	}
	mc_be_set_col_stat(s->be, other, MC_BE_NL);
	mc_be_set_col_stat(s->be, col, MC_BE_BS);
}

/*
 * While the session prices, every held slot column carries the upper
 * bound its demand row implies.  The bound changes no solution, and a slot
 * that joins with a negative reduced cost can start at it, where the basis
 * stays dual feasible: the next solve is a warm dual simplex, which is far
 * cheaper here than the primal one.  At the optimum the bounds come off
 * again (bound_slots(s, 0)) so that they carry no dual value: a column
 * then still at its bound stays at that value, superbasic, and the primal
 * simplex finishes (GLPK has no superbasic status: there the column goes
 * back to 0 and the primal simplex repairs).  Returns how many columns were at
 * their bound.
 */
static int bound_slots(mc_session *s, int on)
{
	int moved = 0;
	for (int i = 0; i < s->nx; i++) {
		int col = s->col_of[i];
		if (col < 0)
			continue;
		if (!on && s->loaded && col < s->be_cols && !s->x[i].kept &&
		    mc_be_col_stat(s->be, col) == MC_BE_NU) {
			unbind(s, i, col);
			moved++;
		}
		slot_bound(s, i, col, on);
	}
	s->bounded = on;
	return moved;
}

typedef struct ranked {
	double cost;
	int slot;
} ranked;

static int by_cost(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->slot - y->slot;
}

/* The starting working set: per class its INIT_PER_CLASS cheapest slots
 * and the INIT_PER_PLANT cheapest at each plant. */
static void choose_start(mc_session *s)
{
	const mc_model *m = s->m;
	unsigned char *pick = mc_xcalloc((size_t)s->nx + 1, 1);
	ranked *r = mc_xmalloc(((size_t)s->nx + 1) * sizeof(*r));
	int *at_plant = mc_xcalloc((size_t)m->nplants + 1, sizeof(int));
	for (int first = 0, end; first < s->nx; first = end) {
		mc_lp_class_cols(s->x, s->nx, s->x[first].cls, &end);
		int n = end - first;
		for (int k = 0; k < n; k++)
			r[k] = (ranked){s->x[first + k].cost, first + k};
		qsort(r, (size_t)n, sizeof(*r), by_cost);
		memset(at_plant, 0, (size_t)m->nplants * sizeof(int));
		for (int k = 0; k < n; k++) {
			int p = s->x[r[k].slot].plant;
			if (k < INIT_PER_CLASS ||
			    at_plant[p] < INIT_PER_PLANT ||
			    s->x[r[k].slot].kept)
				pick[r[k].slot] = 1;
			at_plant[p]++;
		}
	}
	for (int i = 0; i < s->nx; i++)
		if (pick[i] || s->o.full)
			hold(s, i);
	free(pick);
	free(r);
	free(at_plant);
}

/* Blocks of fewer than SMALL_BLOCK rows (a resource no family uses, a
 * family made at one plant) are solved together, as one: one solver
 * problem each would cost more than they hold. */
#define SMALL_BLOCK 100

/* Renumbers the nb blocks of blk[nrows]: the large ones in their order,
 * then the small ones as one block.  Returns the blocks left. */
static int merge_small(int *blk, int nrows, int nb)
{
	int *rows = mc_xcalloc((size_t)nb + 1, sizeof(int));
	int *to = mc_xmalloc(((size_t)nb + 1) * sizeof(int));
	for (int i = 0; i < nrows; i++)
		rows[blk[i]]++;
	int n = 0, small = 0;
	for (int k = 0; k < nb; k++)
		if (rows[k] >= SMALL_BLOCK)
			to[k] = n++;
	for (int k = 0; k < nb; k++)
		if (rows[k] < SMALL_BLOCK)
			to[k] = n, small = 1;
	for (int i = 0; i < nrows; i++)
		blk[i] = to[blk[i]];
	free(rows);
	free(to);
	return n + small;
}

mc_session *mc_session_new(const mc_model *m, const mc_classes *c, mc_arena *a,
			   const mc_session_opts *o, mc_diag *d)
{
	mc_be *be = mc_be_new(o ? o->solver : NULL);
	if (!be) {
		mc_diag_error(d, MC_EUSAGE,
			      "unknown LP solver '%s' (clp or glpk)",
			      o->solver);
		return NULL;
	}
	mc_session *s = mc_xcalloc(1, sizeof(*s));
	s->be = be;
	s->m = m;
	s->c = c;
	s->a = a;
	if (o)
		s->o = *o;
	s->lp = mc_lp_new(m, c);
	s->x = mc_lp_slots(s->lp, &s->nx);
	s->col_of = mc_xmalloc(((size_t)s->nx + 1) * sizeof(int));
	s->dj = mc_xcalloc((size_t)s->nx + 1, sizeof(double));
	for (int i = 0; i < s->nx; i++)
		s->col_of[i] = -1;
	mc_lpm_init(&s->l);
	mc_lp_emit(s->lp, &s->l);
	choose_start(s);
	s->row_dual = mc_xcalloc((size_t)s->l.nrows + 1, sizeof(double));
	/* a large LP of independent blocks is solved block by block */
	int *blk = mc_xmalloc(((size_t)s->l.nrows + 1) * sizeof(int));
	int split_rows = s->o.split_rows ? s->o.split_rows : SPLIT_ROWS;
	s->blocks = s->l.nrows >= split_rows && split_rows > 0
			? mc_lp_blocks(s->lp, &s->l, blk)
			: 1;
	if (s->blocks > 1)
		s->blocks = merge_small(blk, s->l.nrows, s->blocks);
	if (s->blocks > 1) {
		mc_be_free(s->be);
		s->be = mc_be_new_split(o ? o->solver : NULL, s->l.nrows, blk,
					s->blocks, o ? o->threads : 0);
	}
	free(blk);
	return s;
}

/* ---- a warm start from another session ---- */

static int load(mc_session *s, mc_diag *d);

/* An open-addressing map of 64-bit ids (never 0) to indexes. */
struct idmap {
	uint64_t *key;
	int *val;
	size_t mask;
};

static void idmap_init(struct idmap *h, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n + 2)
		cap *= 2;
	h->key = mc_xcalloc(cap, sizeof(*h->key));
	h->val = mc_xcalloc(cap, sizeof(*h->val));
	h->mask = cap - 1;
}

static void idmap_release(struct idmap *h)
{
	free(h->key);
	free(h->val);
}

static size_t idmap_slot(const struct idmap *h, uint64_t k)
{
	size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 20) & h->mask;
	while (h->key[i] && h->key[i] != k)
		i = (i + 1) & h->mask;
	return i;
}

static void idmap_put(struct idmap *h, uint64_t k, int v)
{
	size_t i = idmap_slot(h, k);
	h->key[i] = k;
	h->val[i] = v;
}

/* The index stored for k, or -1. */
static int idmap_get(const struct idmap *h, uint64_t k)
{
	size_t i = idmap_slot(h, k);
	return h->key[i] ? h->val[i] : -1;
}

/* One id of a row (rows = 1) or column: part, class + 1 and key packed. */
static uint64_t pack_id(int rows, int part, int cls, long long key)
{
	return ((uint64_t)(rows * 16 + part + 1) << 58) |
	       ((uint64_t)(cls + 1) << 36) | (uint64_t)key;
}

/* A slot's id: its class (of the LP it is matched in), plant and day. */
static uint64_t slot_id(const mc_lp_x *x, int cls)
{
	return pack_id(0, x->kept ? 14 : 15, cls,
		       (long long)x->plant * 100000 + x->day);
}

/* Class of s (the what-if) -> class of base holding an order of the same
 * id, or -1. */
static int *map_classes(const mc_session *s, const mc_warm *w)
{
	const mc_model *m = s->m;
	struct idmap ids;
	idmap_init(&ids, (size_t)w->norders);
	for (int i = 0; i < w->norders; i++) {
		const char *id = w->order[i];
		idmap_put(&ids, mc_hash_fnv1a(id, strlen(id)) | 1, i);
	}
	int *map = mc_xmalloc(((size_t)s->c->n + 1) * sizeof(int));
	for (int c = 0; c < s->c->n; c++) {
		map[c] = -1;
		for (int k = 0; k < s->c->v[c].norders && map[c] < 0; k++) {
			const char *id = m->orders[s->c->v[c].orders[k]].id;
			int bo =
			    idmap_get(&ids, mc_hash_fnv1a(id, strlen(id)) | 1);
			if (bo >= 0 && strcmp(w->order[bo], id) == 0)
				map[c] = w->cls[bo];
		}
	}
	idmap_release(&ids);
	return map;
}

/* The dimensions of m a warm start must share (warm.h's order). */
static void dims_of(const mc_model *m, int *g)
{
	const int v[MC_WARM_DIMS] = {
	    m->nresources, m->nplants,	    m->nfamilies, m->nkinds,
	    m->nmaterials, m->horizon_days, m->start};
	memcpy(g, v, sizeof(v));
}

/* Whether the LP of s and the one w was taken of can be matched part by
 * part. */
static int matchable(const mc_session *s, const mc_warm *w)
{
	int g[MC_WARM_DIMS];
	dims_of(s->m, g);
	return mc_be_repairs_basis(s->be) &&
	       strcmp(mc_be_name(s->be), w->backend) == 0 &&
	       memcmp(g, w->dims, sizeof(g)) == 0;
}

mc_warm *mc_session_warm(const mc_session *base)
{
	if (!base || !base->loaded || base->have_best + base->optimal == 0 ||
	    strlen(mc_be_name(base->be)) >= sizeof(((mc_warm *)0)->backend))
		return NULL;
	const mc_model *bm = base->m;
	mc_warm *w = mc_xcalloc(1, sizeof(*w));
	strcpy(w->backend, mc_be_name(base->be));
	dims_of(bm, w->dims);
	w->norders = bm->norders;
	w->order = mc_xcalloc((size_t)bm->norders + 1, sizeof(char *));
	w->cls = mc_xcalloc((size_t)bm->norders + 1, sizeof(int));
	for (int i = 0; i < bm->norders; i++) {
		w->order[i] = mc_xstrdup(bm->orders[i].id);
		w->cls[i] = base->c->class_of[i];
	}
	const mc_lpm *bl = &base->l;
	int bslot0 = mc_lp_first_slot_col(base->lp);
	size_t cap = (size_t)bl->nrows + (size_t)bslot0 + (size_t)base->nx + 1;
	w->key = mc_xmalloc(cap * sizeof(*w->key));
	w->stat = mc_xmalloc(cap);
	int part, cls;
	long long key;
	for (int i = 0; i < bl->nrows; i++) {
		mc_lp_row_id(base->lp, i, &part, &cls, &key);
		w->key[w->n] = pack_id(1, part, cls, key);
		w->stat[w->n++] = (unsigned char)mc_be_row_stat(base->be, i);
	}
	for (int j = 0; j < bslot0; j++) {
		mc_lp_col_id(base->lp, j, &part, &cls, &key);
		w->key[w->n] = pack_id(0, part, cls, key);
		w->stat[w->n++] = (unsigned char)mc_be_col_stat(base->be, j);
	}
	for (int i = 0; i < base->nx; i++)
		if (base->col_of[i] >= 0) {
			w->key[w->n] = slot_id(&base->x[i], base->x[i].cls);
			w->stat[w->n++] =
			    (unsigned char)col_stat(base, base->col_of[i]);
		}
	w->t_solve = 0;
	return w;
}

mc_session *mc_session_new_warm(const mc_model *m, const mc_classes *c,
				mc_arena *a, const mc_session_opts *o,
				const mc_warm *w, int *warm, mc_diag *d)
{
	mc_session *s = mc_session_new(m, c, a, o, d);
	*warm = 0;
	if (!s || !w || !matchable(s, w))
		return s;
	int *cmap = map_classes(s, w);
	struct idmap ids;
	idmap_init(&ids, (size_t)w->n);
	for (int i = 0; i < w->n; i++)
		idmap_put(&ids, w->key[i], i);
	int part, cls;
	long long key;
	/* base's slots that carry its plan (basic, or away from zero),
	 * where they still exist; the ones base left at zero stay out of
	 * the working set (each simplex iteration costs with the columns
	 * held) and come back through pricing if they pay */
	int *from = mc_xmalloc(((size_t)s->nx + 1) * sizeof(int));
	for (int i = 0; i < s->nx; i++) {
		int b = cmap[s->x[i].cls];
		from[i] = b < 0 ? -1 : idmap_get(&ids, slot_id(&s->x[i], b));
		if (from[i] >= 0 && w->stat[from[i]] == MC_BE_NL)
			from[i] = -1;
		if (from[i] >= 0 && s->col_of[i] < 0)
			hold(s, i);
	}
	if (load(s, d) < 0) {
		mc_session_free(s);
		s = NULL;
		goto out;
	}
	/* base's basis, part by part */
	for (int i = 0; i < s->l.nrows; i++) {
		mc_lp_row_id(s->lp, i, &part, &cls, &key);
		if (cls >= 0 && (cls = cmap[cls]) < 0)
			continue;
		int bi = idmap_get(&ids, pack_id(1, part, cls, key));
		if (bi >= 0)
			mc_be_set_row_stat(s->be, i, w->stat[bi]);
	}
	int slot0 = mc_lp_first_slot_col(s->lp);
	for (int j = 0; j < slot0; j++) {
		mc_lp_col_id(s->lp, j, &part, &cls, &key);
		if (cls >= 0 && (cls = cmap[cls]) < 0)
			continue;
		int bj = idmap_get(&ids, pack_id(0, part, cls, key));
		if (bj >= 0)
			mc_be_set_col_stat(s->be, j, w->stat[bj]);
	}
	for (int i = 0; i < s->nx; i++)
		if (from[i] >= 0 && s->col_of[i] >= 0)
			mc_be_set_col_stat(s->be, s->col_of[i],
					   w->stat[from[i]]);
	*warm = 1;
out:
	free(from);
	free(cmap);
	idmap_release(&ids);
	return s;
}

void mc_session_free(mc_session *s)
{
	if (!s)
		return;
	mc_be_free(s->be);
	mc_be_free(s->mirror);
	mc_lpm_release(&s->l);
	mc_lp_free(s->lp);
	free(s->col_of);
	free(s->dj);
	free(s->row_dual);
	free(s->col_prim);
	free(s->col_dual);
	free(s->best_prim);
	free(s->best_dual);
	free(s->best_rdual);
	free(s);
}

double mc_session_set_deadline(mc_session *s, double deadline)
{
	double old = s->o.deadline;
	s->o.deadline = deadline;
	return old;
}

/* Loads the LP held with the slack basis: every row basic, every column
 * at its lower bound, which is dual feasible since every cost is >= 0.
 * (A crash basis with each class's cheapest slot basic in its demand row
 * is dual feasible too; measured, it saved GLPK nothing and cost CLP
 * 2.5x on its first solve at 10k orders.) */
static int load(mc_session *s, mc_diag *d)
{
	const mc_lpm *l = &s->l;
	if (mc_be_load(s->be, l, d) < 0 || mc_be_scale(s->be, d) < 0)
		return -1;
	for (int i = 0; i < l->nrows; i++)
		mc_be_set_row_stat(s->be, i, MC_BE_BS);
	for (int j = 0; j < l->ncols; j++)
		mc_be_set_col_stat(s->be, j, MC_BE_NL);
	/* a kept slot may cost less than nothing (stability_cost above its
	 * cost): at its upper bound it keeps the basis dual feasible */
	for (int i = 0; i < s->nx; i++)
		if (s->x[i].kept && s->x[i].cost < 0 && s->col_of[i] >= 0)
			mc_be_set_col_stat(s->be, s->col_of[i], MC_BE_NU);
	s->be_cols = l->ncols;
	s->be_nnz = l->nnz;
	s->loaded = 1;
	s->method = MC_BE_DUAL;
	return 0;
}

/* The GLPK mirror holds the last optimum: gone when the LP changes. */
static void drop_mirror(mc_session *s)
{
	mc_be_free(s->mirror);
	s->mirror = NULL;
	s->mirror_cols = s->mirror_nnz = 0;
}

static void on_progress(void *ctx, long iter, double obj, double infeas)
{
	mc_session *s = ctx;
	mc_progress_lp(s->o.progress, s->iters + iter, obj, infeas, s->l.ncols);
}

/* Reduced costs of every slot not held under the current duals, into
 * s->dj; per class the most negative ones join the LP when add is set.
 * Returns how many slots price out; *lagr gets the sum over classes of
 * quantity x (most negative reduced cost, or 0). */
static int price(mc_session *s, int add, double *lagr)
{
	int out = 0;
	*lagr = 0;
	mc_be_get(s->be, NULL, NULL, NULL, s->row_dual);
	for (int first = 0, end; first < s->nx; first = end) {
		int cls = s->x[first].cls, best[ADD_PER_CLASS], nb = 0;
		double worst = 0;
		mc_lp_class_cols(s->x, s->nx, cls, &end);
		for (int i = first; i < end; i++) {
			if (s->col_of[i] >= 0)
				continue;
			double dj = mc_lp_reduced_cost(s->lp, i, s->row_dual);
			s->dj[i] = dj;
			if (dj >= -PRICE_TOL)
				continue;
			out++;
			worst = dj < worst ? dj : worst;
			/* keep the ADD_PER_CLASS most negative, sorted */
			int k = nb < ADD_PER_CLASS ? nb++ : ADD_PER_CLASS;
			while (k > 0 && s->dj[best[k - 1]] > dj) {
				if (k < ADD_PER_CLASS)
					best[k] = best[k - 1];
				k--;
			}
			if (k < ADD_PER_CLASS)
				best[k] = i;
		}
		*lagr += s->c->v[cls].quantity * worst;
		for (int k = 0; add && k < nb; k++)
			hold(s, best[k]);
	}
	return out;
}

/* Appends to be the columns of s->l it does not hold yet (*cols and
 * *nnz count what it holds): columns join s->l at once, a back-end only
 * when it is used next. */
static int sync(mc_session *s, mc_be *be, int *cols, int *nnz, mc_diag *d)
{
	if (*cols == s->l.ncols)
		return 0;
	if (mc_be_append_cols(be, &s->l, *cols, *nnz, d) < 0)
		return -1;
	*cols = s->l.ncols;
	*nnz = s->l.nnz;
	return 0;
}

static const char *status_name(int st)
{
	switch (st) {
	case MC_BE_OPTIMAL:
		return "optimal";
	case MC_BE_TIME_LIMIT:
		return "time limit";
	case MC_BE_ITER_LIMIT:
		return "iteration limit";
	case MC_BE_INFEASIBLE:
		return "infeasible";
	case MC_BE_UNBOUNDED:
		return "unbounded";
	default:
		return "undefined";
	}
}

/* Keeps the optimum the back-end holds as the best point (s->row_dual
 * holds its duals already). */
static void keep_best(mc_session *s, double obj)
{
	size_t nc = (size_t)s->be_cols + 1, nr = (size_t)s->l.nrows + 1;
	s->best_prim = mc_xrealloc(s->best_prim, nc * sizeof(double));
	s->best_dual = mc_xrealloc(s->best_dual, nc * sizeof(double));
	s->best_rdual = mc_xrealloc(s->best_rdual, nr * sizeof(double));
	mc_be_get(s->be, s->best_prim, s->best_dual, NULL, s->best_rdual);
	s->best_cols = s->be_cols;
	s->best_obj = obj;
	s->have_best = 1;
}

static void read_result(mc_session *s, const mc_be_result *r, mc_lp_result *res)
{
	int best = !r->primal_feasible && s->have_best;
	if (s->ccap < s->l.ncols + 1) {
		s->ccap = s->l.ncols + 1;
		s->col_prim =
		    mc_xrealloc(s->col_prim, (size_t)s->ccap * sizeof(double));
		s->col_dual =
		    mc_xrealloc(s->col_dual, (size_t)s->ccap * sizeof(double));
	}
	if (best) { /* columns that joined since hold 0 */
		size_t n = (size_t)s->best_cols, rest = (size_t)s->l.ncols - n;
		memcpy(s->col_prim, s->best_prim, n * sizeof(double));
		memcpy(s->col_dual, s->best_dual, n * sizeof(double));
		memset(s->col_prim + n, 0, rest * sizeof(double));
		memset(s->col_dual + n, 0, rest * sizeof(double));
		memcpy(s->row_dual, s->best_rdual,
		       (size_t)s->l.nrows * sizeof(double));
	} else {
		mc_be_get(s->be, s->col_prim, s->col_dual, NULL, s->row_dual);
	}
	mc_lp_read(s->lp, s->col_of, s->dj, s->col_prim, s->col_dual,
		   s->row_dual, s->a, res);
	res->obj = best ? s->best_obj : r->obj;
	res->optimal = s->optimal;
	res->primal = r->primal_feasible || best;
	res->has_bound = s->has_bound;
	res->bound = s->has_bound ? s->bound : 0;
	res->status = s->optimal ? "optimal" : status_name(r->status);
	res->iters = s->iters;
	res->rows = s->l.nrows;
	res->cols = s->l.ncols;
	res->full_cols = mc_lp_full_cols(s->lp);
	res->rounds = s->rounds;
	res->blocks = s->blocks;
	res->threads = s->blocks > 1 ? mc_split_threads(s->o.threads) : 1;
	if (res->threads > s->blocks)
		res->threads = s->blocks;
}

int mc_session_solve(mc_session *s, mc_lp_result *res, mc_diag *d)
{
	double t0 = mc_session_clock();
	mc_be_result r = {0};
	memset(res, 0, sizeof(*res));
	drop_mirror(s);	  /* it mirrors the optimum of the last solve */
	s->have_best = 0; /* the LP may have changed since */
	if (!s->loaded) {
		mc_progress_phase(s->o.progress, "scale");
		if (load(s, d) < 0)
			return -1;
	}
	s->optimal = 0;
	bound_slots(s, 1);
	for (;;) {
		double left = remaining(s);
		if (left <= 0) {
			r.status = MC_BE_TIME_LIMIT;
			break;
		}
		mc_progress_phase(s->o.progress,
				  s->rounds ? "price %d" : "solve", s->rounds);
		int first_new = s->be_cols;
		if (sync(s, s->be, &s->be_cols, &s->be_nnz, d) < 0)
			return -1;
		if (s->at_upper)
			for (int j = first_new; j < s->be_cols; j++)
				mc_be_set_col_stat(s->be, j, MC_BE_NU);
		s->at_upper = 0;
		mc_be_opts bo = {.method = s->method,
				 .time_limit = isinf(left) ? 0 : left,
				 .progress = mc_progress_wants_lp(s->o.progress)
						 ? on_progress
						 : NULL,
				 .ctx = s};
		if (mc_be_solve(s->be, &bo, &r, d) < 0)
			return -1;
		s->iters += r.iters;
		if (r.status != MC_BE_OPTIMAL) {
			/* a limit: a dual feasible basis still bounds */
			double lagr;
			if (r.dual_feasible) {
				price(s, 0, &lagr);
				s->bound = r.obj + lagr;
				s->has_bound = 1;
			}
			break;
		}
		double lagr;
		int out = price(s, 1, &lagr);
		keep_best(s, r.obj);
		s->bound = r.obj + lagr;
		s->has_bound = 1;
		if (!out && s->bounded && bound_slots(s, 0)) {
			s->method = MC_BE_PRIMAL; /* a bound held: finish */
			continue;
		}
		if (!out) {
			bound_slots(s, 0);
			s->optimal = 1;
			s->bound = r.obj;
			break;
		}
		s->rounds++;
		s->at_upper = s->bounded;
		s->method = s->bounded ? MC_BE_DUAL : MC_BE_PRIMAL;
	}
	read_result(s, &r, res);
	res->t_solve = mc_session_clock() - t0;
	return 0;
}

int mc_session_set_hours(mc_session *s, int r, int t, double hours,
			 double ot_hours, mc_diag *d)
{
	int row = mc_lp_cap_row(s->lp, r, t), col = mc_lp_ot_col(s->lp, r, t);
	if (col < 0 && ot_hours > 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "resource '%s' has no overtime on day %d "
				     "in this session",
				     s->m->resources[r].id, t);
	s->l.rhi[row] = MC_MIN_PER_HOUR * hours;
	if (s->loaded)
		mc_be_set_row_bnds(s->be, row, MC_BND_UP, 0,
				   MC_MIN_PER_HOUR * hours);
	if (col >= 0) {
		int type = ot_hours > 0 ? MC_BND_DB : MC_BND_FX;
		s->l.ctype[col] = (signed char)type;
		s->l.chi[col] = ot_hours > 0 ? ot_hours : 0;
		if (s->loaded)
			mc_be_set_col_bnds(s->be, col, type, 0, s->l.chi[col]);
	}
	s->method = MC_BE_DUAL;
	s->optimal = s->has_bound = 0;
	drop_mirror(s);
	return 0;
}

int mc_session_set_quantity(mc_session *s, int c, int quantity, mc_diag *d)
{
	(void)d;
	int row = mc_lp_demand_row(s->lp, c), end;
	s->l.rlo[row] = s->l.rhi[row] = quantity;
	if (s->loaded)
		mc_be_set_row_bnds(s->be, row, MC_BND_FX, quantity, quantity);
	for (int i = mc_lp_class_cols(s->x, s->nx, c, &end); i < end; i++)
		if (s->bounded && s->col_of[i] >= 0)
			slot_bound(s, i, s->col_of[i], 1);
	s->method = MC_BE_DUAL;
	s->optimal = s->has_bound = 0;
	drop_mirror(s);
	return 0;
}

/*
 * The back-end that prices on-time units at the optimum held: GLPK reads
 * prices off its tableau (mc_be_basis_price()), so another back-end's
 * optimal basis is copied once into a GLPK mirror of the LP, re-solved
 * there in a few pivots at most.  Columns held since are appended to
 * whichever prices.  NULL when the mirror cannot reach the optimum.
 */
static mc_be *pricer(mc_session *s)
{
	mc_diag d = {0};
	mc_be *p = s->be;
	if (!mc_be_reads_tableau(s->be)) {
		if (!s->mirror) {
			mc_be *g = mc_be_new("glpk");
			mc_be_result r;
			double left = remaining(s);
			mc_be_opts o = {.method = MC_BE_PRIMAL,
					.time_limit = isinf(left) ? 0 : left};
			int ok = mc_be_load(g, &s->l, &d) == 0 &&
				 mc_be_scale(g, &d) == 0;
			for (int i = 0; ok && i < s->l.nrows; i++)
				mc_be_set_row_stat(g, i,
						   mc_be_row_stat(s->be, i));
			for (int j = 0; ok && j < s->l.ncols; j++)
				mc_be_set_col_stat(g, j, col_stat(s, j));
			ok = ok && left > 0 &&
			     mc_be_solve(g, &o, &r, &d) == 0 &&
			     r.status == MC_BE_OPTIMAL;
			mc_diag_release(&d);
			if (!ok) {
				mc_be_free(g);
				return NULL;
			}
			s->mirror = g;
			s->mirror_cols = s->l.ncols;
			s->mirror_nnz = s->l.nnz;
		}
		p = s->mirror;
	}
	int bad = p == s->mirror
		      ? sync(s, p, &s->mirror_cols, &s->mirror_nnz, &d)
		      : sync(s, p, &s->be_cols, &s->be_nnz, &d);
	mc_diag_release(&d);
	return bad ? NULL : p;
}

int mc_session_ontime(mc_session *s, const mc_lp_result *res, int cls,
		      double *price_out)
{
	const mc_model *m = s->m;
	int due = m->orders[s->c->v[cls].rep].due;
	int len = 0, rc, end;
	double now_on_time = 0;
	if (!res->optimal || !s->optimal)
		return MC_ONTIME_UNKNOWN;
	int first = mc_lp_class_cols(s->x, s->nx, cls, &end);
	int *cols = mc_xmalloc(((size_t)(end - first) + 1) * sizeof(int));
	double *coef = mc_xmalloc(((size_t)(end - first) + 1) * sizeof(double));
	for (int i = first; i < end; i++) {
		if (m->start + s->x[i].day + s->x[i].transit > due)
			continue;
		if (s->col_of[i] < 0) /* prices >= 0: the optimum stays */
			hold(s, i);
		cols[len] = s->col_of[i];
		coef[len++] = 1;
		now_on_time += res->x[i].value;
	}
	double left = remaining(s);
	mc_be *p = NULL;
	if (!len)
		rc = MC_ONTIME_NO_SLOT;
	else if (now_on_time > s->c->v[cls].quantity - 2 * ONTIME_STEP)
		rc = MC_ONTIME_ROUNDED;
	else if (left <= 0 || !(p = pricer(s)))
		rc = MC_ONTIME_UNKNOWN;
	else if (mc_be_basis_price(p, len, cols, coef, ONTIME_STEP, price_out))
		rc = MC_ONTIME_PRICED;
	else
		switch (mc_be_row_price(
		    p, len, cols, coef, now_on_time + ONTIME_STEP,
		    ONTIME_IT_LIM, isinf(left) ? 0 : left, price_out)) {
		case 0:
			rc = MC_ONTIME_PRICED;
			break;
		case 1:
			rc = MC_ONTIME_FULL;
			break;
		default:
			rc = MC_ONTIME_UNKNOWN;
		}
	free(cols);
	free(coef);
	return rc;
}

int mc_session_ontime_apart(const mc_session *s)
{
	return !mc_be_reads_tableau(s->be);
}

void mc_session_ontime_end(mc_session *s)
{
	drop_mirror(s);
	mc_be_shutdown();
}

int mc_session_write(mc_session *s, const char *path, const char *format,
		     mc_diag *d)
{
	mc_lpm l;
	mc_lpm_init(&l);
	l.want_names = 1;
	mc_lp_emit(s->lp, &l);
	for (int i = 0; i < s->nx; i++)
		mc_lp_emit_slot(s->lp, &l, i);
	mc_be *be = mc_be_new("glpk"); /* it writes the names we give */
	int rc = mc_be_load(be, &l, d);
	if (rc == 0)
		rc = mc_be_write(be, &l, path, format, d);
	mc_be_free(be);
	mc_lpm_release(&l);
	return rc;
}

void mc_session_shutdown(void)
{
	mc_be_shutdown();
}
