/*
 * lpm.c - growable arrays of a solver-neutral LP (see lpm.h).
 */
#include "lpm.h"
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mc_lpm_init(mc_lpm *l)
{
	memset(l, 0, sizeof(*l));
}

void mc_lpm_release(mc_lpm *l)
{
	if (l->rname)
		for (int i = 0; i < l->nrows; i++)
			free(l->rname[i]);
	if (l->cname)
		for (int j = 0; j < l->ncols; j++)
			free(l->cname[j]);
	free(l->rname);
	free(l->cname);
	free(l->rtype);
	free(l->rlo);
	free(l->rhi);
	free(l->ctype);
	free(l->clo);
	free(l->chi);
	free(l->cost);
	free(l->ti);
	free(l->tj);
	free(l->tv);
	memset(l, 0, sizeof(*l));
}

/* Grows *cap to hold need elements (doubling). */
static int grown(int cap, int need)
{
	int n = cap ? cap : 1024;
	while (n < need)
		n *= 2;
	return n;
}

int mc_lpm_add_rows(mc_lpm *l, int n)
{
	int first = l->nrows;
	if (first + n > l->rcap) {
		l->rcap = grown(l->rcap, first + n);
		size_t c = (size_t)l->rcap;
		l->rtype = mc_xrealloc(l->rtype, c);
		l->rlo = mc_xrealloc(l->rlo, c * sizeof(double));
		l->rhi = mc_xrealloc(l->rhi, c * sizeof(double));
		if (l->want_names)
			l->rname = mc_xrealloc(l->rname, c * sizeof(char *));
	}
	for (int i = first; i < first + n; i++) {
		l->rtype[i] = MC_BND_FREE;
		l->rlo[i] = l->rhi[i] = 0;
		if (l->want_names)
			l->rname[i] = NULL;
	}
	l->nrows += n;
	return first;
}

void mc_lpm_set_row(mc_lpm *l, int i, int type, double lo, double hi)
{
	l->rtype[i] = (signed char)type;
	l->rlo[i] = lo;
	l->rhi[i] = hi;
}

int mc_lpm_add_col(mc_lpm *l, int type, double lo, double hi, double cost)
{
	int j = l->ncols;
	if (j + 1 > l->ccap) {
		l->ccap = grown(l->ccap, j + 1);
		size_t c = (size_t)l->ccap;
		l->ctype = mc_xrealloc(l->ctype, c);
		l->clo = mc_xrealloc(l->clo, c * sizeof(double));
		l->chi = mc_xrealloc(l->chi, c * sizeof(double));
		l->cost = mc_xrealloc(l->cost, c * sizeof(double));
		if (l->want_names)
			l->cname = mc_xrealloc(l->cname, c * sizeof(char *));
	}
	l->ctype[j] = (signed char)type;
	l->clo[j] = lo;
	l->chi[j] = hi;
	l->cost[j] = cost;
	if (l->want_names)
		l->cname[j] = NULL;
	l->ncols++;
	return j;
}

void mc_lpm_add_nz(mc_lpm *l, int row, int col, double v)
{
	if (l->nnz + 1 > l->zcap) {
		l->zcap = grown(l->zcap, l->nnz + 1);
		size_t c = (size_t)l->zcap;
		l->ti = mc_xrealloc(l->ti, c * sizeof(int));
		l->tj = mc_xrealloc(l->tj, c * sizeof(int));
		l->tv = mc_xrealloc(l->tv, c * sizeof(double));
	}
	l->ti[l->nnz] = row;
	l->tj[l->nnz] = col;
	l->tv[l->nnz] = v;
	l->nnz++;
}

void mc_lpm_name(mc_lpm *l, int is_row, int i, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	if (!l->want_names)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (char *s = buf; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.'))
			*s = '_';
	char **slot = is_row ? &l->rname[i] : &l->cname[i];
	free(*slot);
	*slot = mc_xstrdup(buf);
}
