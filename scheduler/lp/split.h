/*
 * split.h - one LP that falls apart into independent blocks, held as one
 * back-end problem per block and solved block by block, on up to
 * `threads` threads at once.
 *
 * A block is a set of rows that no column links to the others (lp.h's
 * mc_lp_blocks()); every column lies in the block of its rows.  The split
 * problem is an mc_be like any other (backend.h): rows and columns keep
 * their indexes in the whole LP, and each call goes to the block that
 * holds them.  A solve solves every block from the basis it holds; the
 * objective, iterations and feasibility are the blocks' together, the
 * status the first block's (in block order) that did not end optimal.
 *
 * Each block is solved the same way whatever the number of threads and
 * whichever thread takes it, so the result is the same on one thread or
 * many.  Only back-ends that may be used from another thread than the
 * one that made them (CLP) run blocks at once; the others (GLPK, whose
 * state is per thread) solve them one after another.
 */
#ifndef MC_SPLIT_H
#define MC_SPLIT_H

#include "backend.h"

/* A problem of the named back-end (NULL: the default) over an LP of
 * nrows rows in nblocks blocks (row_block[i] of row i, 0 .. nblocks-1,
 * copied), solved on up to threads threads (<= 0: one per processor
 * online).  NULL when there is no back-end of that name. */
mc_be *mc_be_new_split(const char *solver, int nrows, const int *row_block,
		       int nblocks, int threads);

/* Threads a split solve may use: threads, or when <= 0 the processors
 * online (at least 1). */
int mc_split_threads(int threads);

#endif
