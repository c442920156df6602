/*
 * table.c - aligned text tables and UTF-8 display width (see table.h).
 *
 * Memory: a table owns its cells (heap copies) and frees them in
 * mc_table_free().
 */
#include "table.h"

#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence at s; sets *len to its byte length (1 for an
 * invalid byte, returned as 0xFFFD). */
static uint32_t decode(const unsigned char *s, int *len)
{
	uint32_t c = s[0];
	int n = c < 0x80	 ? 1
		: (c >> 5) == 6	 ? 2
		: (c >> 4) == 14 ? 3
		: (c >> 3) == 30 ? 4
				 : 0;
	if (n == 0) {
		*len = 1;
		return 0xFFFD;
	}
	if (n == 1) {
		*len = 1;
		return c;
	}
	c &= 0x7Fu >> n;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	*len = n;
	return c;
}

static int cp_width(uint32_t c)
{
	if (c < 0x20 || (c >= 0x7F && c < 0xA0))
		return 0;
	if ((c >= 0x300 && c <= 0x36F) || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int mc_table_width(const char *s)
{
	int w = 0, len;
	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p += len)
		w += cp_width(decode(p, &len));
	return w;
}

void mc_table_pad(FILE *f, const char *s, int w, int right)
{
	int pad = w - mc_table_width(s);
	if (right)
		for (; pad > 0; pad--)
			fputc(' ', f);
	fputs(s ? s : "", f);
	if (!right)
		for (; pad > 0; pad--)
			fputc(' ', f);
}

char *mc_table_fit(char *buf, size_t n, const char *s, int w)
{
	size_t out = 0;
	int used = 0, len;
	if (!s)
		s = "";
	if (mc_table_width(s) <= w) {
		snprintf(buf, n, "%s", s);
		return buf;
	}
	if (w < 4)
		w = 4;
	for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
		int cw = cp_width(decode(p, &len));
		if (used + cw > w - 3 || out + (size_t)len + 4 > n)
			break;
		memcpy(buf + out, p, (size_t)len);
		out += (size_t)len;
		used += cw;
	}
	snprintf(buf + out, n - out, "...");
	return buf;
}

struct mc_table {
	int ncols;
	char **title;
	int *align, *maxw;
	int *minw;    /* a column that gives way: the narrowest, 0 none */
	int width;    /* the widest line, indent included; 0 no limit */
	char **cells; /* row-major */
	int ncells, cap;
	char **notes; /* a line under a row, NULL none; [rows] */
	int nnotes;
};

mc_table *mc_table_new(int ncols)
{
	mc_table *t = mc_xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	t->title = mc_xcalloc((size_t)ncols, sizeof(char *));
	t->align = mc_xcalloc((size_t)ncols, sizeof(int));
	t->maxw = mc_xcalloc((size_t)ncols, sizeof(int));
	t->minw = mc_xcalloc((size_t)ncols, sizeof(int));
	return t;
}

void mc_table_free(mc_table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	for (int c = 0; c < t->ncols; c++)
		free(t->title[c]);
	for (int i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->notes);
	free(t->cells);
	free(t->title);
	free(t->align);
	free(t->maxw);
	free(t->minw);
	free(t);
}

void mc_table_col(mc_table *t, int c, const char *title, int align, int maxw)
{
	free(t->title[c]);
	t->title[c] = mc_xstrdup(title ? title : "");
	t->align[c] = align;
	t->maxw[c] = maxw;
}

void mc_table_cell(mc_table *t, const char *fmt, ...)
{
	char *s;
	if (fmt) {
		va_list ap, ap2;
		va_start(ap, fmt);
		va_copy(ap2, ap);
		int n = vsnprintf(NULL, 0, fmt, ap2);
		va_end(ap2);
		s = mc_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
		vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
		va_end(ap);
	} else
		s = mc_xstrdup("");
	int c = t->ncells % t->ncols;
	if (t->maxw[c] > 0 && mc_table_width(s) > t->maxw[c]) {
		size_t n = strlen(s) + 4;
		char *cut = mc_xmalloc(n);
		mc_table_fit(cut, n, s, t->maxw[c]);
		free(s);
		s = cut;
	}
	if (t->ncells == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells =
		    mc_xrealloc(t->cells, (size_t)t->cap * sizeof(char *));
	}
	t->cells[t->ncells++] = s;
}

void mc_table_flex(mc_table *t, int c, int minw)
{
	t->minw[c] = minw > 0 ? minw : 1;
}

void mc_table_width_max(mc_table *t, int width)
{
	t->width = width;
}

/* Number of complete rows. */
static int table_rows(const mc_table *t)
{
	return t->ncells / t->ncols;
}

void mc_table_note(mc_table *t, const char *fmt, ...)
{
	int row = table_rows(t) - 1;
	if (row < 0)
		return;
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	char *s = mc_xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	if (row >= t->nnotes) {
		t->notes =
		    mc_xrealloc(t->notes, (size_t)(row + 1) * sizeof(char *));
		while (t->nnotes <= row)
			t->notes[t->nnotes++] = NULL;
	}
	free(t->notes[row]);
	t->notes[row] = s;
}

/* A row's note under its second column, cut to the table's width. */
static void print_note(const mc_table *t, FILE *f, int indent, const int *w,
		       const char *note)
{
	int at = indent + (t->ncols > 1 ? w[0] + 2 : 0);
	int room = t->width > 0 ? t->width - at : 0;
	size_t n = strlen(note) + 4;
	char *cut = mc_xmalloc(n);
	fprintf(f, "%*s%s\n", at, "",
		room > 0 && mc_table_width(note) > room
		    ? mc_table_fit(cut, n, note, room)
		    : note);
	free(cut);
}

static void print_row(const mc_table *t, FILE *f, int indent, char *const *row,
		      const int *w)
{
	/* Stop after the last non-empty cell so no line ends in blanks. */
	int last = t->ncols - 1;
	while (last > 0 && !row[last][0])
		last--;
	fprintf(f, "%*s", indent, "");
	for (int c = 0; c <= last; c++) {
		const char *s = row[c];
		char *cut = NULL;
		if (mc_table_width(s) > w[c]) { /* a column that gave way */
			size_t n = strlen(s) + 4;
			cut = mc_xmalloc(n);
			s = mc_table_fit(cut, n, s, w[c]);
		}
		if (c == last && !t->align[c])
			fputs(s, f);
		else
			mc_table_pad(f, s, w[c], t->align[c]);
		free(cut);
		if (c < last)
			fputs("  ", f);
	}
	fputc('\n', f);
}

/* Narrows the columns that give way, the widest first, until a line of
 * widths w fits t->width (or none can give more). */
static void give_way(const mc_table *t, int indent, int *w)
{
	int total = indent + 2 * (t->ncols - 1);
	for (int c = 0; c < t->ncols; c++)
		total += w[c];
	while (t->width > 0 && total > t->width) {
		int widest = -1;
		for (int c = 0; c < t->ncols; c++)
			if (t->minw[c] && w[c] > t->minw[c] &&
			    (widest < 0 || w[c] > w[widest]))
				widest = c;
		if (widest < 0)
			return;
		w[widest]--;
		total--;
	}
}

void mc_table_print(const mc_table *t, FILE *f, int indent)
{
	int nrows = table_rows(t);
	int *w = mc_xcalloc((size_t)t->ncols, sizeof(int));
	for (int c = 0; c < t->ncols; c++) {
		w[c] = mc_table_width(t->title[c]);
		for (int r = 0; r < nrows; r++) {
			int cw = mc_table_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	give_way(t, indent, w);
	print_row(t, f, indent, t->title, w);
	/* the rule; an untitled column (a marker) gets none */
	fprintf(f, "%*s", indent, "");
	for (int c = 0; c < t->ncols; c++) {
		for (int i = 0; i < w[c]; i++)
			fputc(t->title[c][0] ? '-' : ' ', f);
		if (c < t->ncols - 1)
			fputs("  ", f);
	}
	fputc('\n', f);
	for (int r = 0; r < nrows; r++) {
		print_row(t, f, indent, t->cells + r * t->ncols, w);
		if (r < t->nnotes && t->notes[r])
			print_note(t, f, indent, w, t->notes[r]);
	}
	free(w);
}
