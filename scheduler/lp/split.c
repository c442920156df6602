/*
 * split.c - an LP of independent blocks as one back-end problem per block
 * (see split.h).
 *
 * The handle maps each row and column of the whole LP to its block and its
 * index there, and each block's rows and columns back.  Columns join a
 * block in the order they join the whole LP, so a block's columns are in
 * the whole LP's order too.
 */
#include "split.h"
#include "arena.h"
#include "progress.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One block: its problem and its rows and columns in the whole LP. */
typedef struct block {
	mc_be *be;
	int nr, nc, ccap;
	int *row, *col; /* [nr], [nc]: the whole LP's index */
	/* the last solve */
	mc_be_result res;
	mc_diag d;
	int rc;
	long it; /* progress: iterations and objective so far */
	double obj, infeas;
} block;

typedef struct split {
	mc_be_ops ops; /* the block back-end's, with this file's calls */
	int nb, threads, concurrent;
	block *b;
	int *order; /* [nb] blocks by rows, most first: the longest solves
		     * start first */
	int nrows, ncols, ccap;
	int *rblk, *rloc; /* [nrows] block and index there of each row */
	int *cblk, *cloc; /* [ncols] ... of each column */
	/* a solve in progress */
	const mc_be_opts *o;
	double deadline;
	atomic_int next;
	pthread_mutex_t lock;
} split;

int mc_split_threads(int threads)
{
	if (threads > 0)
		return threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

static void sp_free(void *h)
{
	split *s = h;
	if (!s)
		return;
	for (int k = 0; k < s->nb; k++) {
		mc_be_free(s->b[k].be);
		free(s->b[k].row);
		free(s->b[k].col);
		mc_diag_release(&s->b[k].d);
	}
	free(s->b);
	free(s->order);
	free(s->rblk);
	free(s->rloc);
	free(s->cblk);
	free(s->cloc);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* Columns col0 .. l->ncols-1 of l (nonzeros from nz0) join their blocks:
 * into part[k] (rows of block k, those columns) for each block k. */
static void deal_cols(split *s, const mc_lpm *l, int col0, int nz0,
		      mc_lpm *part)
{
	if (s->ccap < l->ncols + 1) {
		s->ccap = 2 * l->ncols + 16;
		size_t n = (size_t)s->ccap * sizeof(int);
		s->cblk = mc_xrealloc(s->cblk, n);
		s->cloc = mc_xrealloc(s->cloc, n);
	}
	int k = nz0;
	for (int j = col0; j < l->ncols; j++) {
		/* a column without nonzeros links nothing: block 0 */
		int bk = k < l->nnz && l->tj[k] == j ? s->rblk[l->ti[k]] : 0;
		block *b = &s->b[bk];
		mc_lpm *p = &part[bk];
		int c = mc_lpm_add_col(p, l->ctype[j], l->clo[j], l->chi[j],
				       l->cost[j]);
		for (; k < l->nnz && l->tj[k] == j; k++)
			mc_lpm_add_nz(p, s->rloc[l->ti[k]], c, l->tv[k]);
		if (b->nc + 1 > b->ccap) {
			b->ccap = 2 * b->nc + 16;
			b->col = mc_xrealloc(b->col,
					     (size_t)b->ccap * sizeof(int));
		}
		s->cblk[j] = bk;
		s->cloc[j] = b->nc;
		b->col[b->nc++] = j;
	}
	s->ncols = l->ncols;
}

/* An empty part of each block, with the block's rows (and their bounds
 * when bounds is set). */
static mc_lpm *parts(split *s, const mc_lpm *l, int bounds)
{
	mc_lpm *part = mc_xmalloc((size_t)s->nb * sizeof(*part));
	for (int k = 0; k < s->nb; k++) {
		mc_lpm_init(&part[k]);
		mc_lpm_add_rows(&part[k], s->b[k].nr);
	}
	for (int i = 0; bounds && i < s->nrows; i++)
		mc_lpm_set_row(&part[s->rblk[i]], s->rloc[i], l->rtype[i],
			       l->rlo[i], l->rhi[i]);
	return part;
}

static void release(split *s, mc_lpm *part)
{
	for (int k = 0; k < s->nb; k++)
		mc_lpm_release(&part[k]);
	free(part);
}

static int sp_load(void *h, const mc_lpm *l, mc_diag *d)
{
	split *s = h;
	for (int k = 0; k < s->nb; k++)
		s->b[k].nc = 0;
	mc_lpm *part = parts(s, l, 1);
	deal_cols(s, l, 0, 0, part);
	int rc = 0;
	for (int k = 0; k < s->nb && rc == 0; k++)
		rc = mc_be_load(s->b[k].be, &part[k], d);
	release(s, part);
	return rc;
}

static int sp_append_cols(void *h, const mc_lpm *l, int col0, int nz0,
			  mc_diag *d)
{
	split *s = h;
	int *had = mc_xmalloc((size_t)s->nb * sizeof(int));
	for (int k = 0; k < s->nb; k++)
		had[k] = s->b[k].nc;
	mc_lpm *part = parts(s, l, 0);
	deal_cols(s, l, col0, nz0, part);
	int rc = 0;
	for (int k = 0; k < s->nb && rc == 0; k++)
		if (s->b[k].nc > had[k])
			rc = mc_be_append_cols(s->b[k].be, &part[k], 0, 0, d);
	release(s, part);
	free(had);
	return rc;
}

static int sp_scale(void *h, mc_diag *d)
{
	split *s = h;
	int rc = 0;
	for (int k = 0; k < s->nb && rc == 0; k++)
		rc = mc_be_scale(s->b[k].be, d);
	return rc;
}

static void sp_set_row_stat(void *h, int i, int stat)
{
	split *s = h;
	mc_be_set_row_stat(s->b[s->rblk[i]].be, s->rloc[i], stat);
}

static void sp_set_col_stat(void *h, int j, int stat)
{
	split *s = h;
	mc_be_set_col_stat(s->b[s->cblk[j]].be, s->cloc[j], stat);
}

static int sp_row_stat(void *h, int i)
{
	split *s = h;
	return mc_be_row_stat(s->b[s->rblk[i]].be, s->rloc[i]);
}

static int sp_col_stat(void *h, int j)
{
	split *s = h;
	return mc_be_col_stat(s->b[s->cblk[j]].be, s->cloc[j]);
}

static void sp_set_row_bnds(void *h, int i, int type, double lo, double hi)
{
	split *s = h;
	mc_be_set_row_bnds(s->b[s->rblk[i]].be, s->rloc[i], type, lo, hi);
}

static void sp_set_col_bnds(void *h, int j, int type, double lo, double hi)
{
	split *s = h;
	mc_be_set_col_bnds(s->b[s->cblk[j]].be, s->cloc[j], type, lo, hi);
}

static void sp_set_cost(void *h, int j, double cost)
{
	split *s = h;
	mc_be_set_cost(s->b[s->cblk[j]].be, s->cloc[j], cost);
}

/* Progress of block k's solve: the blocks' together, one report at a
 * time. */
typedef struct watch {
	split *s;
	int k;
} watch;

static void on_progress(void *ctx, long iter, double obj, double infeas)
{
	watch *w = ctx;
	split *s = w->s;
	pthread_mutex_lock(&s->lock);
	s->b[w->k].it = iter;
	s->b[w->k].obj = obj;
	s->b[w->k].infeas = infeas;
	long it = 0;
	double o = 0, inf = 0;
	for (int k = 0; k < s->nb; k++) {
		it += s->b[k].it;
		o += s->b[k].obj;
		inf += s->b[k].infeas;
	}
	s->o->progress(s->o->ctx, it, o, inf);
	pthread_mutex_unlock(&s->lock);
}

/* Solves blocks, taking the next one not taken until none is left. */
static void *worker(void *arg)
{
	split *s = arg;
	for (int n; (n = atomic_fetch_add(&s->next, 1)) < s->nb;) {
		int k = s->order[n];
		block *b = &s->b[k];
		watch w = {s, k};
		mc_be_opts o = *s->o;
		if (s->deadline > 0) {
			/* at least a moment, so a limit reads as a limit */
			o.time_limit = fmax(s->deadline - mc_progress_clock(), 1e-3);
		}
		if (o.progress) {
			o.progress = on_progress;
			o.ctx = &w;
		}
		mc_diag_clear(&b->d);
		b->rc = mc_be_solve(b->be, &o, &b->res, &b->d);
	}
	return NULL;
}

static int sp_solve(void *h, const mc_be_opts *o, mc_be_result *res,
		    mc_diag *d)
{
	split *s = h;
	mc_be_opts none = {0};
	s->o = o ? o : &none;
	s->deadline = s->o->time_limit > 0 ? mc_progress_clock() + s->o->time_limit : 0;
	atomic_store(&s->next, 0);
	for (int k = 0; k < s->nb; k++)
		s->b[k].it = 0, s->b[k].obj = s->b[k].infeas = 0;
	int nt = s->concurrent ? s->threads : 1;
	if (nt > s->nb)
		nt = s->nb;
	pthread_t *t = mc_xmalloc((size_t)nt * sizeof(*t));
	int started = 0;
	for (int i = 1; i < nt; i++, started++)
		if (pthread_create(&t[i - 1], NULL, worker, s) != 0)
			break; /* the threads there are take every block */
	worker(s);
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
	memset(res, 0, sizeof(*res));
	res->status = MC_BE_OPTIMAL;
	res->primal_feasible = res->dual_feasible = 1;
	for (int k = 0; k < s->nb; k++) {
		block *b = &s->b[k];
		if (b->rc < 0) {
			mc_diag_move(d, &b->d);
			return -1;
		}
		res->obj += b->res.obj;
		res->iters += b->res.iters;
		res->primal_feasible &= b->res.primal_feasible;
		res->dual_feasible &= b->res.dual_feasible;
		if (res->status == MC_BE_OPTIMAL)
			res->status = b->res.status;
	}
	return 0;
}

/* The values of one block's kind of entries (n of them, whole-LP indexes
 * idx) into the whole LP's array to. */
static void scatter(double *to, const double *from, const int *idx, int n)
{
	for (int i = 0; i < n; i++)
		to[idx[i]] = from[i];
}

static void sp_get(void *h, double *col_prim, double *col_dual,
		   double *row_prim, double *row_dual)
{
	split *s = h;
	for (int k = 0; k < s->nb; k++) {
		block *b = &s->b[k];
		double *c[2] = {NULL, NULL}, *r[2] = {NULL, NULL};
		for (int q = 0; q < 2; q++) {
			if (q ? col_dual : col_prim)
				c[q] = mc_xmalloc(((size_t)b->nc + 1) *
						  sizeof(double));
			if (q ? row_dual : row_prim)
				r[q] = mc_xmalloc(((size_t)b->nr + 1) *
						  sizeof(double));
		}
		mc_be_get(b->be, c[0], c[1], r[0], r[1]);
		if (col_prim)
			scatter(col_prim, c[0], b->col, b->nc);
		if (col_dual)
			scatter(col_dual, c[1], b->col, b->nc);
		if (row_prim)
			scatter(row_prim, r[0], b->row, b->nr);
		if (row_dual)
			scatter(row_dual, r[1], b->row, b->nr);
		for (int q = 0; q < 2; q++) {
			free(c[q]);
			free(r[q]);
		}
	}
}

/* The block of columns cols[0..len-1] with their indexes there in loc,
 * or -1 when they are not all in one block. */
static int one_block(const split *s, int len, const int *cols, int *loc)
{
	int bk = len > 0 ? s->cblk[cols[0]] : -1;
	for (int k = 0; k < len; k++) {
		if (s->cblk[cols[k]] != bk)
			return -1;
		loc[k] = s->cloc[cols[k]];
	}
	return bk;
}

static int sp_basis_price(void *h, int len, const int *cols,
			  const double *coef, double step, double *price)
{
	split *s = h;
	int *loc = mc_xmalloc(((size_t)len + 1) * sizeof(int));
	int bk = one_block(s, len, cols, loc);
	int rc = bk >= 0 && mc_be_basis_price(s->b[bk].be, len, loc, coef,
					      step, price);
	free(loc);
	return rc;
}

static int sp_row_price(void *h, int len, const int *cols, const double *coef,
			double rhs, int it_lim, double time_limit,
			double *price)
{
	split *s = h;
	int *loc = mc_xmalloc(((size_t)len + 1) * sizeof(int));
	int bk = one_block(s, len, cols, loc);
	/* a row across blocks: the others' optimum stays where it is */
	int rc = bk < 0 ? 2
			: mc_be_row_price(s->b[bk].be, len, loc, coef, rhs,
					  it_lim, time_limit, price);
	free(loc);
	return rc;
}

static int sp_write(void *h, const mc_lpm *l, const char *path,
		    const char *format, mc_diag *d)
{
	(void)h;
	(void)l;
	(void)format;
	return mc_diag_error(d, MC_EUSAGE,
			     "unable to write '%s': an LP solved in blocks is "
			     "written by the GLPK back-end",
			     path);
}

mc_be *mc_be_new_split(const char *solver, int nrows, const int *row_block,
		       int nblocks, int threads)
{
	mc_be *probe = mc_be_new(solver);
	if (!probe)
		return NULL;
	split *s = mc_xcalloc(1, sizeof(*s));
	s->ops = *mc_be_ops_of(probe);
	s->concurrent = s->ops.thread_safe;
	mc_be_free(probe);
	s->ops.destroy = sp_free;
	s->ops.load = sp_load;
	s->ops.append_cols = sp_append_cols;
	s->ops.scale = sp_scale;
	s->ops.set_row_stat = sp_set_row_stat;
	s->ops.set_col_stat = sp_set_col_stat;
	s->ops.row_stat = sp_row_stat;
	s->ops.col_stat = sp_col_stat;
	s->ops.set_row_bnds = sp_set_row_bnds;
	s->ops.set_col_bnds = sp_set_col_bnds;
	s->ops.set_cost = sp_set_cost;
	s->ops.solve = sp_solve;
	s->ops.get = sp_get;
	s->ops.basis_price = sp_basis_price;
	s->ops.row_price = sp_row_price;
	s->ops.write = sp_write;
	s->ops.set_int = NULL; /* branch and bound stays whole */
	s->ops.mip = NULL;
	s->ops.shutdown = NULL;
	s->nb = nblocks;
	s->threads = mc_split_threads(threads);
	s->nrows = nrows;
	pthread_mutex_init(&s->lock, NULL);
	s->b = mc_xcalloc((size_t)nblocks, sizeof(*s->b));
	s->rblk = mc_xmalloc(((size_t)nrows + 1) * sizeof(int));
	s->rloc = mc_xmalloc(((size_t)nrows + 1) * sizeof(int));
	for (int i = 0; i < nrows; i++) {
		block *b = &s->b[row_block[i]];
		s->rblk[i] = row_block[i];
		s->rloc[i] = b->nr++;
	}
	for (int k = 0; k < nblocks; k++) {
		s->b[k].be = mc_be_new(solver);
		s->b[k].row =
		    mc_xmalloc(((size_t)s->b[k].nr + 1) * sizeof(int));
		s->b[k].nr = 0;
	}
	for (int i = 0; i < nrows; i++) {
		block *b = &s->b[row_block[i]];
		b->row[b->nr++] = i;
	}
	s->order = mc_xmalloc((size_t)nblocks * sizeof(int));
	for (int k = 0; k < nblocks; k++) {
		int n = k;
		for (; n > 0 && s->b[s->order[n - 1]].nr < s->b[k].nr; n--)
			s->order[n] = s->order[n - 1];
		s->order[n] = k;
	}
	return mc_be_wrap(&s->ops, s);
}
