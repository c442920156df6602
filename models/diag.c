/*
 * diag.c - collecting and printing diagnostics, and the "did you mean"
 * suggestion used by every validator.
 */
#include "diag.h"
#include "arena.h"
#include "file.h"
#include "utf8.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int add(mc_diag *d, int status, const char *file, int line, int col,
	       const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

static int add(mc_diag *d, int status, const char *file, int line, int col,
	       const char *fmt, va_list ap)
{
	if (status > d->status)
		d->status = status;
	if (d->n >= MC_DIAG_KEEP) {
		d->dropped++;
		return -1;
	}
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

int mc_diag_vat(mc_diag *d, int status, const char *file, int line, int col,
		const char *fmt, va_list ap)
{
	return add(d, status, file, line, col, fmt, ap);
}

int mc_diag_error(mc_diag *d, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(d, status, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

void mc_diag_move(mc_diag *d, mc_diag *from)
{
	for (int i = 0; i < from->n; i++) {
		const mc_diag_entry *e = &from->v[i];
		mc_diag_at(d, from->status, e->file, e->line, e->col, "%s",
			   e->msg);
	}
	d->dropped += from->dropped;
	if (from->status > d->status)
		d->status = from->status;
	mc_diag_clear(from);
}

int mc_diag_count(const mc_diag *d)
{
	return d->n + d->dropped;
}

int mc_diag_full(const mc_diag *d)
{
	return d->n >= MC_DIAG_KEEP;
}

void mc_diag_clear(mc_diag *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	d->n = 0;
	d->dropped = 0;
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

/* The source file mc_diag_print is reading: messages in file order read
 * each file once, front to back. */
struct cursor {
	const char *path; /* the file open in f, or NULL */
	FILE *f;
	int at;	     /* number of the line in buf */
	char *buf;   /* that line, without its newline */
	size_t size; /* of buf, for getline */
};

/* Puts line `line` of path in c->buf; returns 1, or 0 when there is no
 * such line or the file is not a regular file that can be read. */
static int seek_line(struct cursor *c, const char *path, int line)
{
	if (!c->path || strcmp(c->path, path) || line < c->at) {
		if (c->f)
			fclose(c->f);
		c->f = mc_file_open_regular(path, NULL);
		c->path = c->f ? path : NULL;
		c->at = 0;
	}
	while (c->f && c->at < line) {
		if (getline(&c->buf, &c->size, c->f) < 0) {
			fclose(c->f);
			c->f = NULL;
			c->path = NULL;
			return 0;
		}
		c->at++;
	}
	if (!c->f)
		return 0;
	c->buf[strcspn(c->buf, "\r\n")] = '\0';
	return 1;
}

/* Length of the character at s that may go to a terminal as it is: a
 * well-formed UTF-8 character that is not a control character (a tab
 * when tab is set); 0 for a byte to escape. */
static int safe_len(const char *s, const char *e, int tab)
{
	unsigned char c = (unsigned char)*s;
	if (c == 0x7F || (c < 0x20 && !(tab && c == '\t')))
		return 0;
	return mc_utf8_len(s, e);
}

/* Writes s to f with every byte a terminal should not get (a control
 * character, one that is not UTF-8) as \xNN: a message quotes what a
 * file holds, and an escape sequence in it must not reach the terminal. */
static void put_safe(FILE *f, const char *s, int tab)
{
	const char *e = s + strlen(s);
	for (int n; s < e; s += n)
		if ((n = safe_len(s, e, tab)) > 0)
			fwrite(s, 1, (size_t)n, f);
		else {
			fprintf(f, "\\x%02x", (unsigned)(unsigned char)*s);
			n = 1;
		}
}

/* Prints c->buf (escaped as put_safe() does, tabs kept) and a caret under
 * display column `col`.  Columns count characters (UTF-8 sequences, and
 * each byte that is not one), as libyaml's marks do.  A line too long for
 * a terminal is left out. */
static void print_source(FILE *f, const struct cursor *c, int col)
{
	if (strlen(c->buf) > 200)
		return;
	fputs("  ", f);
	put_safe(f, c->buf, 1);
	fputs("\n  ", f);
	/* Pad with the same whitespace kind (tabs stay tabs); a CJK
	 * character is two cells wide on a terminal, an escaped byte four. */
	const char *p = c->buf, *e = p + strlen(p);
	for (int i = 1; i < col && p < e; i++) {
		int n = safe_len(p, e, 1);
		if (*p == '\t')
			fputc('\t', f);
		else if (!n)
			fputs("    ", f);
		else
			fputs((unsigned char)*p >= 0xe3 &&
				      (unsigned char)*p <= 0xef
				  ? "  "
				  : " ",
			      f);
		p += n ? n : 1;
	}
	fputs("^\n", f);
}

void mc_diag_print(const mc_diag *d, FILE *f, int show_source)
{
	struct cursor c = {NULL, NULL, 0, NULL, 0};
	int shown = d->n < MC_DIAG_SHOW ? d->n : MC_DIAG_SHOW;
	for (int i = 0; i < shown; i++) {
		const mc_diag_entry *e = &d->v[i];
		if (e->file) {
			put_safe(f, e->file, 0);
			if (e->line > 0)
				fprintf(f, ":%d:%d", e->line, e->col);
		} else
			fputs("mcsched", f);
		fputs(": ", f);
		put_safe(f, e->msg, 0);
		fputc('\n', f);
		if (show_source && e->file && e->line > 0 &&
		    seek_line(&c, e->file, e->line))
			print_source(f, &c, e->col);
	}
	if (mc_diag_count(d) > shown)
		fprintf(f, "mcsched: %d errors in all, %d not shown\n",
			mc_diag_count(d), mc_diag_count(d) - shown);
	if (c.f)
		fclose(c.f);
	free(c.buf);
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
			/* a letter in the other case is no typo */
			int best = diag + (tolower((unsigned char)a[i - 1]) !=
					   tolower((unsigned char)b[j - 1]));
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
		if (strcmp(word, cand[i]) == 0)
			continue; /* not a suggestion of itself */
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
