/*
 * actuals.c - the actuals CSV reader (see actuals.h): a line at a time,
 * fields split by commas with optional double quotes, each checked where
 * it stands so every error names its file:line:column.
 *
 * Memory: bounded by the reader's own limits, not by the file: the file
 * is read a chunk at a time and a line at a time (at most
 * MC_ACTUALS_MAX_LINE bytes of it are kept), a line's fields and what a
 * message quotes live in scratch that the next line reuses, and the
 * diag keeps MC_DIAG_KEEP messages and counts the rest.  Only good rows
 * are kept, and none once the file has an error (it records nothing):
 * they grow in a heap array that is copied to the caller's arena at the
 * end, with their text.
 */
#include "actuals.h"

#include "date.h"
#include "file.h"
#include "ids.h"
#include "utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
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

/* A field of a line: its text with quotes undone (in the reader's
 * scratch), and its column. */
struct field {
	char *text;
	int col;
};

/* The file being read, a line at a time.  Everything a line needs (its
 * fields' texts, what a message quotes) lives in the reader's scratch
 * and is reused by the next line: only a good row is copied into the
 * caller's arena, and once the file has an error no row is, so a file of
 * any length costs the memory of one line plus its good rows. */
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
	int seen_header, header_ok;
	char scratch[MC_ACTUALS_MAX_LINE + 8]; /* the line's field texts */
	char quote[4 * QUOTE_MAX + 8];	       /* what a message quotes */
	mc_actual *rows;		       /* good rows, heap */
	int n, cap;
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

/* The n bytes at s as a message may quote them, in the reader's quote
 * buffer (one quote a message): control characters as '?', cut after
 * QUOTE_MAX bytes (at a character's start) with "...". */
static const char *shown_n(struct reader *r, const char *s, size_t n)
{
	size_t k = n > QUOTE_MAX ? QUOTE_MAX : n;
	while (k < n && k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	for (size_t i = 0; i < k; i++)
		r->quote[i] =
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
	strcpy(r->quote + k, n > k ? "..." : "");
	return r->quote;
}

static const char *shown(struct reader *r, const char *s)
{
	return shown_n(r, s, strlen(s));
}

/* The character at s, before e (a UTF-8 sequence whole), as shown()
 * quotes it. */
static const char *shown_char(struct reader *r, const char *s, const char *e)
{
	const char *c = s + 1;
	while (c < e && ((unsigned char)*c & 0xC0) == 0x80)
		c++;
	return shown_n(r, s, (size_t)(c - s));
}

static int blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A quoted field from the quote at s to the line's end e: its text (""
 * is a quote) written at *out, which moves on, when out is not NULL (a
 * field only counted is not kept), and where it ends (after the closing
 * quote) in *next.  -1 after reporting an unterminated quote. */
static int quoted(struct reader *r, const char *s, const char *e, int col,
		  char **out, const char **next)
{
	const char *p = s + 1;
	for (;; p++) {
		if (p == e) {
			error_at(r, col,
				 "unterminated quoted field (a quote "
				 "inside one is written \"\")");
			return -1;
		}
		if (*p == '"' && p + 1 < e && p[1] == '"')
			p++;
		else if (*p == '"')
			break;
		if (out)
			*(*out)++ = *p;
	}
	*next = p + 1;
	return 0;
}

/* Splits the line [s, e) into fields: at most max kept in f (their texts
 * in the reader's scratch), all counted in *nf.  Spaces and tabs around
 * a field are not part of it.  -1 after reporting a malformed quoted
 * field. */
static int split(struct reader *r, const char *s, const char *e,
		 struct field *f, int max, int *nf)
{
	char *o = r->scratch; /* a line's texts fit: at most its length */
	*nf = 0;
	for (;;) {
		struct field x = {NULL, 0};
		int keep = *nf < max;
		while (s < e && blank(*s))
			s++;
		x.col = column(r, s);
		if (keep)
			x.text = o;
		if (s < e && *s == '"') {
			if (quoted(r, s, e, x.col, keep ? &o : NULL, &s) < 0)
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
			if (keep) {
				memcpy(o, start, (size_t)(stop - start));
				o += stop - start;
			}
		}
		if (keep) {
			*o++ = '\0';
			f[*nf] = x;
		}
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
	    f->text[0] && !mc_diag_full(r->d)
		? mc_diag_suggest(f->text, life_names, MC_LIFE_COUNT)
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

/* A row: three fields, each checked.  A good one is kept (its text
 * copied into the caller's arena) while the file has no error. */
static void read_row(struct reader *r, const char *s, const char *e)
{
	struct field f[NFIELDS + 1];
	int nf, bad = 0;
	mc_actual x;
	if (split(r, s, e, f, NFIELDS + 1, &nf) < 0)
		return;
	if (nf != NFIELDS) {
		error_at(r, nf > NFIELDS ? f[NFIELDS].col : column(r, e),
			 "expected 3 fields (identifier,status,date), found "
			 "%d",
			 nf);
		return;
	}
	check_identifier(r, &f[0], &bad);
	x.status = check_status(r, &f[1], &bad);
	x.day = check_date(r, &f[2], &bad);
	if (bad || r->errors)
		return; /* a file with an error records nothing */
	x.identifier = mc_arena_strdup(r->a, f[0].text);
	x.date = mc_arena_strdup(r->a, f[2].text);
	x.line = r->line;
	x.col_id = f[0].col;
	x.col_status = f[1].col;
	x.col_date = f[2].col;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->rows = mc_xrealloc(r->rows, (size_t)r->cap * sizeof(x));
	}
	r->rows[r->n++] = x;
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

/* The next line, the n bytes at p without its '\n' (longer than
 * MC_ACTUALS_MAX_LINE: only its first bytes, and long set). */
static void one_line(struct reader *r, const char *p, size_t n, int long_)
{
	r->line++;
	if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3, n -= 3;
	if (n && p[n - 1] == '\r' && !long_)
		n--;
	const char *s = p, *e = p + n;
	r->bol = p;
	if (long_) {
		error_at(r, 1,
			 "a line longer than %d bytes (a row is an "
			 "identifier, a status and a date)",
			 MC_ACTUALS_MAX_LINE);
		return;
	}
	const char *nul = memchr(s, '\0', n);
	if (nul) {
		error_at(r, column(r, nul), "NUL character in the file");
		return;
	}
	const char *bad = not_utf8(s, e);
	if (bad) {
		error_at(r, column(r, bad),
			 "byte 0x%02x is not UTF-8 (the file must be UTF-8)",
			 (unsigned)(unsigned char)*bad);
		return;
	}
	while (s < e && blank(*s))
		s++;
	if (s == e)
		return; /* a blank line */
	if (!r->seen_header) {
		r->seen_header = 1;
		check_header(r, r->bol, e);
		r->header_ok = !r->errors;
		return;
	}
	read_row(r, r->bol, e);
}

static void reader_init(struct reader *r, const char *path, mc_arena *a,
			mc_diag *d, mc_actuals *out)
{
	memset(r, 0, offsetof(struct reader, scratch));
	r->path = path;
	r->a = a;
	r->d = d;
	r->rows = NULL;
	r->n = r->cap = 0;
	out->path = path;
	out->rows = NULL;
	out->nrows = 0;
}

/* After the last line: the rows into *out when the file had no error. */
static int reader_end(struct reader *r, mc_actuals *out)
{
	if (!r->seen_header && !r->errors) {
		r->line = 1;
		error_at(r, 1,
			 "empty file, expected the header "
			 "'identifier,status,date'");
	}
	if (!r->errors && r->n) {
		out->rows =
		    mc_arena_calloc(r->a, (size_t)r->n, sizeof(*r->rows));
		memcpy(out->rows, r->rows, (size_t)r->n * sizeof(*r->rows));
		out->nrows = r->n;
	}
	free(r->rows);
	r->rows = NULL;
	return r->errors ? -1 : 0;
}

/* 1 when the header was wrong: the reading stops, since rows mean
 * nothing without it. */
static int header_failed(const struct reader *r)
{
	return r->seen_header && r->errors && !r->header_ok;
}

int mc_actuals_parse(const char *path, const char *buf, size_t len, mc_arena *a,
		     mc_actuals *out, mc_diag *d)
{
	struct reader *r = mc_xmalloc(sizeof(*r));
	reader_init(r, path, a, d, out);
	for (const char *p = buf, *end = buf + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int too_long = n > MC_ACTUALS_MAX_LINE;
		one_line(r, p, too_long ? MC_ACTUALS_MAX_LINE : n, too_long);
		p = nl ? nl + 1 : end;
		if (header_failed(r))
			break;
	}
	int rc = reader_end(r, out);
	free(r);
	return rc;
}

int mc_actuals_load(const char *path, mc_arena *a, mc_actuals *out, mc_diag *d)
{
	long long size, total = 0;
	out->path = path;
	out->rows = NULL;
	out->nrows = 0;
	FILE *f = mc_file_open_input(path, MC_ACTUALS_MAX_BYTES, &size, d);
	if (!f)
		return -1;
	/* a line at a time into line (one longer than MC_ACTUALS_MAX_LINE is
	 * kept only in part), from a chunk of the file at a time */
	struct reader *r = mc_xmalloc(sizeof(*r));
	char *chunk = mc_xmalloc(64 * 1024);
	char *line = mc_xmalloc(MC_ACTUALS_MAX_LINE + 1);
	size_t n = 0, got;
	int too_long = 0, ended = 1;
	reader_init(r, path, a, d, out);
	while (!header_failed(r) && (got = fread(chunk, 1, 64 * 1024, f)) > 0) {
		total += (long long)got;
		for (char *p = chunk, *end = chunk + got; p < end;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t k = (size_t)((nl ? nl : end) - p);
			size_t room = MC_ACTUALS_MAX_LINE - n;
			memcpy(line + n, p, k < room ? k : room);
			too_long |= k > room;
			n += k < room ? k : room;
			ended = nl != NULL;
			if (nl) {
				one_line(r, line, n, too_long);
				n = 0;
				too_long = 0;
			}
			p = nl ? nl + 1 : end;
		}
	}
	if (!ended && !header_failed(r))
		one_line(r, line, n, too_long); /* a last line without '\n' */
	int bad = ferror(f), err = errno;
	fclose(f);
	free(chunk);
	free(line);
	if (bad)
		r->errors += mc_diag_at(d, MC_EINPUT, path, 0, 0,
					"unable to read '%s': %s", path,
					strerror(err ? err : EIO)) < 0;
	else if (total > size && total > MC_ACTUALS_MAX_BYTES)
		r->errors += mc_diag_at(d, MC_EINPUT, path, 0, 0,
					"'%s' grew past the limit of %lld "
					"bytes while it was read",
					path, MC_ACTUALS_MAX_BYTES) < 0;
	int rc = reader_end(r, out);
	free(r);
	return rc;
}
