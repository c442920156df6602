/*
 * diag.c - collecting and printing diagnostics, and the "did you mean"
 * suggestion used by every validator.
 */
#include "diag.h"
#include "arena.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int add(mc_diag *d, int status, const char *file, int line, int col,
	       const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *msg = mc_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->v = mc_xrealloc(d->v, (size_t)d->cap * sizeof(*d->v));
	}
	d->v[d->n++] =
	    (mc_diag_entry){file ? mc_xstrdup(file) : NULL, line, col, msg};
	if (status > d->status)
		d->status = status;
	return -1;
}

int mc_diag_at(mc_diag *d, int status, const char *file, int line, int col,
	       const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, status, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int mc_diag_error(mc_diag *d, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, status, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int mc_diag_count(const mc_diag *d)
{
	return d->n;
}

void mc_diag_clear(mc_diag *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	d->n = 0;
	d->status = MC_OK;
}

void mc_diag_release(mc_diag *d)
{
	if (!d)
		return;
	mc_diag_clear(d);
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

/* Prints line `line` of `path` and a caret under display column `col`.
 * Columns count characters (UTF-8 sequences), as libyaml's marks do. */
static void print_source(FILE *f, const char *path, int line, int col)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return;
	char buf[4096];
	int at = 1, found = 0;
	while (fgets(buf, sizeof(buf), in)) {
		size_t len = strlen(buf);
		int whole = len > 0 && buf[len - 1] == '\n';
		if (at == line) {
			found = 1;
			break;
		}
		if (whole)
			at++;
	}
	fclose(in);
	if (!found)
		return;
	buf[strcspn(buf, "\r\n")] = '\0';
	fprintf(f, "  %s\n  ", buf);
	/* Pad with the same whitespace kind (tabs stay tabs); a CJK
	 * character is two cells wide on a terminal. */
	const unsigned char *p = (const unsigned char *)buf;
	for (int c = 1; c < col && *p; c++) {
		if (*p == '\t') {
			fputc('\t', f);
			p++;
			continue;
		}
		int wide = *p >= 0xe3 && *p <= 0xef;
		fputs(wide ? "  " : " ", f);
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
	}
	fputs("^\n", f);
}

void mc_diag_print(const mc_diag *d, FILE *f, int show_source)
{
	for (int i = 0; i < d->n; i++) {
		const mc_diag_entry *e = &d->v[i];
		if (e->file && e->line > 0)
			fprintf(f, "%s:%d:%d: %s\n", e->file, e->line, e->col,
				e->msg);
		else if (e->file)
			fprintf(f, "%s: %s\n", e->file, e->msg);
		else
			fprintf(f, "mcsched: %s\n", e->msg);
		if (show_source && e->file && e->line > 0)
			print_source(f, e->file, e->line, e->col);
	}
}

static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return 1 << 20;
	int row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];
		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *mc_diag_suggest(const char *word, const char *const *cand, int n)
{
	const char *best = NULL;
	int bestd = 1 << 20;
	for (int i = 0; i < n; i++) {
		int dist = distance(word, cand[i]);
		if (dist < bestd) {
			bestd = dist;
			best = cand[i];
		}
	}
	size_t len = strlen(word);
	int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return best && bestd <= limit ? best : NULL;
}
