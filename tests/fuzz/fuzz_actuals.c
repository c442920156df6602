/*
 * fuzz_actuals.c - libFuzzer harness for the actuals CSV reader (make
 * fuzz): mc_actuals_parse on any bytes.  Beyond a crash, sanitizer report,
 * leak or timeout, any broken promise of actuals.h aborts:
 *
 * - it returns 0 with no diagnostic, or -1 with at least one (class
 *   MC_EINPUT) and no rows;
 * - every diagnostic names the file, at a line within the input's lines
 *   and a column within that line (its characters, plus one for its end),
 *   in file order (mc_diag_print relies on it), and quotes no control
 *   character;
 * - every row of a successful parse has a well-formed identifier (checked
 *   again with mc_id_parse), a known status and a real date in range that
 *   is its day, at its line and columns, the rows in file order.
 */
#include "actuals.h"
#include "date.h"
#include "ids.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char path[] = "actuals.csv";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void fail(const char *what, int line, int col, const char *msg)
{
	fprintf(stderr, "fuzz-actuals: %s (at %d:%d%s%s)\n", what, line, col,
		msg ? ": " : "", msg ? msg : "");
	abort();
}

/* The input's lines as the reader counts them (after a byte order mark,
 * '\n' ends one, a last line needs no end), each's length in characters
 * (bytes less UTF-8 continuation bytes, as columns count); malloc'd,
 * index 1..*nlines.  An empty input has one empty line, where the reader
 * says so. */
static int *line_lengths(const char *buf, size_t len, int *nlines)
{
	const char *p = buf, *end = buf + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	int *chars = calloc(len + 2, sizeof(*chars)), n = 1;
	if (!chars)
		abort();
	for (; p < end; p++) {
		if (*p == '\n') {
			if (p + 1 < end)
				n++;
		} else
			chars[n] += ((unsigned char)*p & 0xC0) != 0x80;
	}
	*nlines = n;
	return chars;
}

static void check_diag(const mc_diag *d, const int *chars, int nlines)
{
	int line = 0, col = 0;
	for (int i = 0; i < d->n; i++) {
		const mc_diag_entry *e = &d->v[i];
		if (!e->file || strcmp(e->file, path) != 0)
			fail("a message not about the file", e->line, e->col,
			     e->msg);
		if (e->line < 1 || e->line > nlines)
			fail("a message's line is outside the input", e->line,
			     e->col, e->msg);
		if (e->col < 1 || e->col > chars[e->line] + 1)
			fail("a message's column is outside its line", e->line,
			     e->col, e->msg);
		if (e->line < line || (e->line == line && e->col < col))
			fail("messages out of file order", e->line, e->col,
			     e->msg);
		line = e->line;
		col = e->col;
		if (!e->msg[0])
			fail("an empty message", e->line, e->col, e->msg);
		for (const char *m = e->msg; *m; m++)
			if ((unsigned char)*m < 0x20 || *m == 0x7F)
				fail("a control character in a message",
				     e->line, e->col, e->msg);
	}
}

static void check_rows(const mc_actuals *out, const int *chars, int nlines)
{
	if (out->nrows < 0 || (out->nrows > 0) != (out->rows != NULL))
		fail("rows and their count disagree", 0, 0, NULL);
	int line = 0;
	for (int i = 0; i < out->nrows; i++) {
		const mc_actual *x = &out->rows[i];
		mc_id_parts parts;
		char why[160];
		int day = 0;
		if (x->line <= line || x->line > nlines)
			fail("a row's line is out of order or outside the "
			     "input",
			     x->line, 0, NULL);
		line = x->line;
		if (x->col_id < 1 || x->col_status <= x->col_id ||
		    x->col_date <= x->col_status ||
		    x->col_date > chars[x->line])
			fail("a row's columns", x->line, x->col_id, NULL);
		if (!x->identifier ||
		    mc_id_parse(x->identifier, &parts, why, sizeof(why)) < 0)
			fail("a row with a malformed identifier", x->line,
			     x->col_id, x->identifier);
		if (!mc_life_name(x->status) ||
		    mc_life_parse(mc_life_name(x->status)) != x->status)
			fail("a row with an unknown status", x->line,
			     x->col_status, NULL);
		if (!x->date || strlen(x->date) != 10 ||
		    mc_date_parse(x->date, &day) < 0 || day != x->day ||
		    day < MC_DATE_MIN || day > MC_DATE_MAX)
			fail("a row whose date is not a real day in range",
			     x->line, x->col_date, x->date);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the reader needs no NUL; a copy of exactly size bytes lets ASan
	 * catch a read past the end */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	int nlines;
	int *chars = line_lengths(buf, size, &nlines);
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals out;
	int rc = mc_actuals_parse(path, buf, size, a, &out, &d);
	if (out.path != path)
		fail("the rows do not name the file", 0, 0, NULL);
	if (rc == 0) {
		if (mc_diag_count(&d) != 0)
			fail("a message from a file that parsed", 0, 0,
			     d.v[0].msg);
		check_rows(&out, chars, nlines);
	} else if (rc == -1) {
		if (mc_diag_count(&d) < 1 || d.n < 1 || d.status != MC_EINPUT)
			fail("a failure without an input error", 0, 0, NULL);
		if (out.nrows != 0 || out.rows)
			fail("rows from a file that failed", 0, 0, NULL);
		check_diag(&d, chars, nlines);
	} else {
		fail("neither 0 nor -1", 0, 0, NULL);
	}
	mc_diag_release(&d);
	mc_arena_free(a);
	free(chars);
	free(buf);
	return 0;
}
