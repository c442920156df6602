/*
 * actuals.c - the actuals CSV reader (see actuals.h): a line at a time,
 * fields split by commas with optional double quotes, each checked where
 * it stands so every error names its file:line:column.
 *
 * Memory: the file's bytes are read into a buffer freed before returning;
 * the rows grow in a heap array that is copied to the caller's arena at
 * the end, with their text.
 */
#include "actuals.h"

#include "date.h"
#include "file.h"
#include "ids.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const life_names[MC_LIFE_COUNT] = {
    "released",
    "produced",
    "shipped",
    "scrapped",
};

/* The header, field by field. */
static const char *const header[] = {"identifier", "status", "date"};
#define NFIELDS 3

/* A message quotes at most this many bytes of a field. */
#define QUOTE_MAX 80

const char *mc_life_name(int life)
{
	return life >= 0 && life < MC_LIFE_COUNT ? life_names[life] : NULL;
}

int mc_life_parse(const char *name)
{
	for (int i = 0; i < MC_LIFE_COUNT; i++)
		if (strcmp(name, life_names[i]) == 0)
			return i;
	return -1;
}

/* A field of a line: its text with quotes undone, and its column. */
struct field {
	char *text; /* from the arena */
	int col;
};

/* The file being read. */
struct reader {
	const char *path;
	const char *bol; /* where the current line starts (after a BOM) */
	int line;	 /* its number, 1-based */
	/* the last column counted on the line: columns are counted on from
	 * there, so a line of many fields costs its length, not its square */
	const char *at_p, *at_bol;
	int at_col;
	mc_arena *a;
	mc_diag *d;
	int errors;
};

/* The 1-based column of p on the current line: characters, not bytes
 * (UTF-8 continuation bytes do not count). */
static int column(struct reader *r, const char *p)
{
	const char *q = r->bol;
	int col = 1;
	if (r->at_bol == r->bol && r->at_p <= p)
		q = r->at_p, col = r->at_col;
	for (; q < p; q++)
		col += ((unsigned char)*q & 0xC0) != 0x80;
	r->at_bol = r->bol;
	r->at_p = p;
	r->at_col = col;
	return col;
}

static void error_at(struct reader *r, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error_at(struct reader *r, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	mc_diag_vat(r->d, MC_EINPUT, r->path, r->line, col, fmt, ap);
	va_end(ap);
	r->errors++;
}

/* s as a message may quote it: control characters as '?', cut after
 * QUOTE_MAX bytes (at a character's start) with "...". */
static const char *shown(struct reader *r, const char *s)
{
	size_t n = strlen(s), k = n > QUOTE_MAX ? QUOTE_MAX : n;
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	char *t = mc_arena_strndup(r->a, s, k);
	for (size_t i = 0; i < k; i++)
		if ((unsigned char)t[i] < 0x20 || t[i] == 0x7F)
			t[i] = '?';
	return n > k ? mc_arena_printf(r->a, "%s...", t) : t;
}

/* The character at s, before e (a UTF-8 sequence whole), as shown()
 * quotes it. */
static const char *shown_char(struct reader *r, const char *s, const char *e)
{
	const char *c = s + 1;
	while (c < e && ((unsigned char)*c & 0xC0) == 0x80)
		c++;
	return shown(r, mc_arena_strndup(r->a, s, (size_t)(c - s)));
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A quoted field from the quote at s to the line's end e: its text (""
 * is a quote) into *f, and where it ends (after the closing quote) in
 * *next.  -1 after reporting an unterminated quote. */
static int quoted(struct reader *r, const char *s, const char *e,
		  struct field *f, const char **next)
{
	char *t = mc_arena_alloc(r->a, (size_t)(e - s) + 1), *o = t;
	const char *p = s + 1;
	for (;; p++) {
		if (p == e) {
			error_at(r, f->col,
				 "unterminated quoted field (a quote "
				 "inside one is written \"\")");
			return -1;
		}
		if (*p == '"' && p + 1 < e && p[1] == '"')
			*o++ = *++p;
		else if (*p == '"')
			break;
		else
			*o++ = *p;
	}
	*o = '\0';
	f->text = t;
	*next = p + 1;
	return 0;
}

/* Splits the line [s, e) into fields: at most max kept in f, all counted
 * in *nf.  Spaces and tabs around a field are not part of it.  -1 after
 * reporting a malformed quoted field. */
static int split(struct reader *r, const char *s, const char *e,
		 struct field *f, int max, int *nf)
{
	*nf = 0;
	for (;;) {
		struct field x;
		while (s < e && blank(*s))
			s++;
		x.col = column(r, s);
		if (s < e && *s == '"') {
			if (quoted(r, s, e, &x, &s) < 0)
				return -1;
			while (s < e && blank(*s))
				s++;
			if (s < e && *s != ',') {
				error_at(r, column(r, s),
					 "unexpected '%s' after a quoted "
					 "field (expected ',' or the line's "
					 "end)",
					 shown_char(r, s, e));
				return -1;
			}
		} else {
			const char *start = s, *stop;
			while (s < e && *s != ',')
				s++;
			stop = s;
			while (stop > start && blank(stop[-1]))
				stop--;
			/* fields past the ones kept are only counted */
			x.text = *nf < max
				     ? mc_arena_strndup(r->a, start,
							(size_t)(stop - start))
				     : NULL;
		}
		if (*nf < max)
			f[*nf] = x;
		(*nf)++;
		if (s == e)
			return 0;
		s++; /* the comma */
	}
}

/* The header line: the three names, in order. */
static void check_header(struct reader *r, const char *s, const char *e)
{
	struct field f[NFIELDS + 1];
	int nf;
	if (split(r, s, e, f, NFIELDS + 1, &nf) < 0)
		return;
	for (int i = 0; i < nf && i < NFIELDS; i++)
		if (strcmp(f[i].text, header[i]) != 0) {
			error_at(r, f[i].col,
				 "expected '%s' as field %d of the header "
				 "'identifier,status,date', found '%s'",
				 header[i], i + 1, shown(r, f[i].text));
			return;
		}
	if (nf != NFIELDS)
		error_at(r, nf > NFIELDS ? f[NFIELDS].col : column(r, e),
			 "the header has %d field%s, expected 3: "
			 "identifier,status,date",
			 nf, nf == 1 ? "" : "s");
}

static void check_identifier(struct reader *r, const struct field *f, int *bad)
{
	mc_id_parts parts;
	char why[160];
	if (!f->text[0])
		error_at(r, f->col, "missing identifier");
	else if (mc_id_parse(f->text, &parts, why, sizeof(why)) < 0)
		error_at(r, f->col, "malformed identifier '%s': %s",
			 shown(r, f->text), why);
	else
		return;
	*bad = 1;
}

static int check_status(struct reader *r, const struct field *f, int *bad)
{
	int life = mc_life_parse(f->text);
	if (life >= 0)
		return life;
	const char *near =
	    f->text[0] ? mc_diag_suggest(f->text, life_names, MC_LIFE_COUNT)
		       : NULL;
	if (!f->text[0])
		error_at(r, f->col,
			 "missing status (released, produced, shipped or "
			 "scrapped)");
	else if (near)
		error_at(r, f->col, "unknown status '%s' (did you mean '%s'?)",
			 shown(r, f->text), near);
	else
		error_at(r, f->col,
			 "unknown status '%s' (expected released, produced, "
			 "shipped or scrapped)",
			 shown(r, f->text));
	*bad = 1;
	return -1;
}

static int check_date(struct reader *r, const struct field *f, int *bad)
{
	int day = 0;
	char lo[11], hi[11];
	if (!f->text[0])
		error_at(r, f->col, "missing date (YYYY-MM-DD)");
	else if (mc_date_parse(f->text, &day) < 0)
		error_at(r, f->col,
			 "expected a date (YYYY-MM-DD) for 'date', found '%s'",
			 shown(r, f->text));
	else if (day < MC_DATE_MIN || day > MC_DATE_MAX)
		error_at(r, f->col, "date '%s' is outside %s..%s", f->text,
			 mc_date_format(MC_DATE_MIN, lo),
			 mc_date_format(MC_DATE_MAX, hi));
	else
		return day;
	*bad = 1;
	return 0;
}

/* A row: three fields, each checked.  1 with *x filled, 0 when the row
 * has an error (reported). */
static int read_row(struct reader *r, const char *s, const char *e,
		    mc_actual *x)
{
	struct field f[NFIELDS + 1];
	int nf, bad = 0;
	if (split(r, s, e, f, NFIELDS + 1, &nf) < 0)
		return 0;
	if (nf != NFIELDS) {
		error_at(r, nf > NFIELDS ? f[NFIELDS].col : column(r, e),
			 "expected 3 fields (identifier,status,date), found "
			 "%d",
			 nf);
		return 0;
	}
	check_identifier(r, &f[0], &bad);
	x->status = check_status(r, &f[1], &bad);
	x->day = check_date(r, &f[2], &bad);
	if (bad)
		return 0;
	x->identifier = f[0].text;
	x->date = f[2].text;
	x->line = r->line;
	x->col_id = f[0].col;
	x->col_status = f[1].col;
	x->col_date = f[2].col;
	return 1;
}

/* The first byte of [s, e) that does not start a well-formed UTF-8
 * character, or NULL. */
static const char *not_utf8(const char *s, const char *e)
{
	for (int n; s < e; s += n)
		if (!(n = mc_utf8_len(s, e)))
			return s;
	return NULL;
}

int mc_actuals_parse(const char *path, const char *buf, size_t len, mc_arena *a,
		     mc_actuals *out, mc_diag *d)
{
	struct reader r = {.path = path, .bol = buf, .a = a, .d = d};
	const char *p = buf, *end = buf + len;
	mc_actual *rows = NULL;
	int n = 0, cap = 0, seen_header = 0;
	out->path = path;
	out->rows = NULL;
	out->nrows = 0;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *s = p;
		size_t n_line = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n_line && p[n_line - 1] == '\r')
			n_line--;
		const char *e = p + n_line;
		r.bol = p;
		r.line++;
		p = nl ? nl + 1 : end;
		const char *nul = memchr(s, '\0', n_line);
		if (nul) {
			error_at(&r, column(&r, nul),
				 "NUL character in the file");
			continue;
		}
		const char *bad = not_utf8(s, e);
		if (bad) {
			error_at(&r, column(&r, bad),
				 "byte 0x%02x is not UTF-8 (the file must be "
				 "UTF-8)",
				 (unsigned)(unsigned char)*bad);
			continue;
		}
		while (s < e && blank(*s))
			s++;
		if (s == e)
			continue; /* a blank line */
		if (!seen_header) {
			seen_header = 1;
			check_header(&r, r.bol, e);
			if (r.errors)
				break; /* rows mean nothing without it */
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			rows = mc_xrealloc(rows, (size_t)cap * sizeof(*rows));
		}
		n += read_row(&r, r.bol, e, &rows[n]);
	}
	if (!seen_header && !r.errors) {
		r.line = 1;
		error_at(&r, 1,
			 "empty file, expected the header "
			 "'identifier,status,date'");
	}
	if (!r.errors && n) {
		out->rows = mc_arena_calloc(a, (size_t)n, sizeof(*rows));
		memcpy(out->rows, rows, (size_t)n * sizeof(*rows));
		out->nrows = n;
	}
	free(rows);
	return r.errors ? -1 : 0;
}

int mc_actuals_load(const char *path, mc_arena *a, mc_actuals *out, mc_diag *d)
{
	char *buf;
	size_t len;
	out->path = path;
	out->rows = NULL;
	out->nrows = 0;
	if (mc_file_read(path, MC_ACTUALS_MAX_BYTES, &buf, &len, d) < 0)
		return -1;
	int rc = mc_actuals_parse(path, buf, len, a, out, d);
	free(buf);
	return rc;
}
