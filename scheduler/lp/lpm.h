/*
 * lpm.h - a linear program as plain arrays: the solver-neutral form that the
 * formulation (lp.h) fills and a solver back-end (backend.h) loads.
 *
 * Rows and columns are 0-based.  Nonzeros are triplets (row, column, value)
 * added column by column, so the nonzeros of the columns added since some
 * point are one contiguous tail of the triplet arrays: a back-end appends
 * those columns to a loaded problem without looking at the others.
 *
 * Names are kept only when want_names is set (export), since 2 million
 * column names cost more than the rest of the matrix.
 *
 * The arrays are malloc'ed and belong to the mc_lpm: mc_lpm_init() /
 * mc_lpm_release().
 */
#ifndef MC_LPM_H
#define MC_LPM_H

/* Bound types, as in every LP solver. */
enum mc_bnd {
	MC_BND_FREE, /* -inf < x < +inf */
	MC_BND_LO,   /* lo <= x */
	MC_BND_UP,   /* x <= hi */
	MC_BND_DB,   /* lo <= x <= hi */
	MC_BND_FX,   /* x = lo */
};

typedef struct mc_lpm {
	int nrows, ncols;
	signed char *rtype; /* [nrows] enum mc_bnd */
	double *rlo, *rhi;  /* [nrows] */
	signed char *ctype; /* [ncols] enum mc_bnd */
	double *clo, *chi;  /* [ncols] */
	double *cost;	    /* [ncols] objective, minimised */
	int nnz;
	int *ti, *tj; /* [nnz] row, column */
	double *tv;   /* [nnz] value */
	int want_names;
	char **rname, **cname; /* [nrows], [ncols] when want_names */
	int rcap, ccap, zcap;  /* allocated sizes */
} mc_lpm;

/* An empty LP. */
void mc_lpm_init(mc_lpm *l);
/* Frees the arrays and names; the mc_lpm may be initialised again. */
void mc_lpm_release(mc_lpm *l);

/* Appends n rows, all free; returns the first one's index. */
int mc_lpm_add_rows(mc_lpm *l, int n);
void mc_lpm_set_row(mc_lpm *l, int i, int type, double lo, double hi);
/* Appends one column with its bounds and cost; returns its index.  Its
 * nonzeros follow with mc_lpm_add_nz() before the next column is added. */
int mc_lpm_add_col(mc_lpm *l, int type, double lo, double hi, double cost);
void mc_lpm_add_nz(mc_lpm *l, int row, int col, double v);

/* Names a row or column (printf style; kept only when want_names).
 * Characters other than letters, digits and '.' become '_' so that every
 * LP file format accepts them. */
void mc_lpm_name(mc_lpm *l, int is_row, int i, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
