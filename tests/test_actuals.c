/*
 * test_actuals.c - what the factory floor reports of units (`mcsched
 * actuals FILE`): the CSV reader's edge cases and every error it reports
 * at its exact file:line:column; the store's rules (forward only, a status
 * may be skipped, scrapped before shipped and nothing after it, a recorded
 * status with another day, a unit the plan cancelled, an unknown unit),
 * one transaction (a bad file writes nothing), idempotency (a file loaded
 * twice changes nothing); a scrapped unit retired in the units table; and
 * the history with its dates in `track` and `resolve`.
 *
 * Runs with cwd = tests/ and $MCSCHED naming the binary (make test).
 * Identifiers come from the store (the samples planned into a fresh
 * database), never from copied output.
 */
#include "actuals.h"
#include "utf8.h"
#include "date.h"
#include "ids.h"
#include "store.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A well-formed identifier (check character J) for the reader's tests:
 * 41 characters, so a row's status starts at column 43 and its date at
 * column 52 when nothing pads them. */
#define ID "88.999.1/AC.09521234300014.000000000001.J"
/* (support.h) */
#define line_with support_line_with

/* ---- the reader ---- */

/* Parses text (len bytes) as file "f.csv". */
static int parse(const char *text, size_t len, mc_arena *a, mc_actuals *out,
		 mc_diag *d)
{
	return mc_actuals_parse("f.csv", text, len, a, out, d);
}

/* The diag holds message i at line:col containing words. */
static void assert_msg(const mc_diag *d, int i, int line, int col,
		       const char *words)
{
	cr_assert_lt(i, d->n, "no message %d (want %d:%d: %s)", i, line, col,
		     words);
	const mc_diag_entry *e = &d->v[i];
	cr_assert_str_eq(e->file, "f.csv");
	cr_assert_eq(e->line, line, "message %d '%s' at line %d, want %d", i,
		     e->msg, e->line, line);
	cr_assert_eq(e->col, col, "message %d '%s' at column %d, want %d", i,
		     e->msg, e->col, col);
	cr_assert_not_null(strstr(e->msg, words),
			   "message %d: want '%s' in '%s'", i, words, e->msg);
}

static int day_of(const char *iso)
{
	int day = 0;
	cr_assert_eq(mc_date_parse(iso, &day), 0, "%s", iso);
	return day;
}

Test(actuals, identifier_of_the_tests_is_valid)
{
	char id[MC_ID_MAX];
	cr_assert_eq(
	    mc_id_format(id, sizeof(id), "88.999.1", "AC", "09521234300014", 1),
	    0);
	cr_assert_str_eq(id, ID);
	cr_assert_eq(strlen(ID), 41);
}

Test(actuals, csv_bom_crlf_quotes_blank_lines)
{
	static const char text[] =
	    "\xEF\xBB\xBF identifier , status,date \r\n"   /* 1 */
	    "\r\n"					   /* 2 */
	    ID ",released,2026-12-01\r\n"		   /* 3 */
	    "  \"" ID "\" , \"produced\",\"2026-12-02\"\n" /* 4 */
	    " \t \n"					   /* 5 */
	    "\"" ID "\",shipped,2026-12-03";		   /* 6, no newline */
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, sizeof(text) - 1, a, &in, &d), 0, "%s",
		     d.n ? d.v[0].msg : "");
	cr_assert_eq(in.nrows, 3);
	cr_assert_str_eq(in.path, "f.csv");
	const struct {
		int status, line, col_id, col_status, col_date;
		const char *date;
	} want[] = {
	    {MC_LIFE_RELEASED, 3, 1, 43, 52, "2026-12-01"},
	    /* 2 spaces, quote at 3, the id 4..44, quote 45, " , " and the
	     * quoted status at 49 (10 wide), a comma, the date's quote */
	    {MC_LIFE_PRODUCED, 4, 3, 49, 60, "2026-12-02"},
	    {MC_LIFE_SHIPPED, 6, 1, 45, 53, "2026-12-03"},
	};
	for (int i = 0; i < 3; i++) {
		const mc_actual *x = &in.rows[i];
		cr_assert_str_eq(x->identifier, ID, "row %d", i);
		cr_assert_eq(x->status, want[i].status, "row %d", i);
		cr_assert_str_eq(x->date, want[i].date, "row %d", i);
		cr_assert_eq(x->day, day_of(want[i].date), "row %d", i);
		cr_assert_eq(x->line, want[i].line, "row %d", i);
		cr_assert_eq(x->col_id, want[i].col_id, "row %d", i);
		cr_assert_eq(x->col_status, want[i].col_status, "row %d", i);
		cr_assert_eq(x->col_date, want[i].col_date, "row %d", i);
	}
	/* a header alone is a file of no rows */
	cr_assert_eq(parse("identifier,status,date\n", 23, a, &in, &d), 0);
	cr_assert_eq(in.nrows, 0);
	mc_diag_release(&d);
	mc_arena_free(a);
}

Test(actuals, every_row_error_at_its_line_and_column)
{
	/* line 14 holds a NUL at column 5 */
	static const char text[] =
	    "identifier,status,date\n" /* 1 */
	    ",released,2026-12-01\n"   /* 2 */
	    "88.999.1/AC.09521234300014.000000000001.K,released,"
	    "2026-12-01\n"			/* 3 */
	    ID ",shiped,2026-12-01\n"		/* 4 */
	    ID ",lost,2026-12-01\n"		/* 5 */
	    ID ",,2026-12-01\n"			/* 6 */
	    ID ",released,2026-02-30\n"		/* 7 */
	    ID ",released,1999-12-31\n"		/* 8 */
	    ID ",released,\n"			/* 9 */
	    ID ",released\n"			/* 10 */
	    ID ",released,2026-12-01,x\n"	/* 11 */
	    "\"" ID ",released,2026-12-01\n"	/* 12 */
	    "\"" ID "\"x,released,2026-12-01\n" /* 13 */
	    "88.9\0"
	    "99.1/AC,released,2026-12-01\n"    /* 14 */
	    "\"a\"\"b\",released,2026-12-01\n" /* 15 */
	    ID " , Released , 2026-12-01 \n"   /* 16 */
	    ID ",已发货,2026-12-32\n"	       /* 17 */
	    ID ",released,2026-12-01\n";       /* 18: fine */
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, sizeof(text) - 1, a, &in, &d), -1);
	cr_assert_eq(d.status, MC_EINPUT);
	cr_assert_eq(in.nrows, 0, "a file with errors gives no rows");
	int i = 0;
	assert_msg(&d, i++, 2, 1, "missing identifier");
	assert_msg(&d, i++, 3, 1,
		   "malformed identifier '88.999.1/AC.09521234300014."
		   "000000000001.K': check character is 'K', the suffix "
		   "needs 'J'");
	assert_msg(&d, i++, 4, 43,
		   "unknown status 'shiped' (did you mean 'shipped'?)");
	assert_msg(&d, i++, 5, 43,
		   "unknown status 'lost' (expected released, produced, "
		   "shipped or scrapped)");
	assert_msg(&d, i++, 6, 43, "missing status");
	assert_msg(&d, i++, 7, 52,
		   "expected a date (YYYY-MM-DD) for 'date', found "
		   "'2026-02-30'");
	assert_msg(&d, i++, 8, 52,
		   "date '1999-12-31' is outside 2000-01-01..2099-12-31");
	assert_msg(&d, i++, 9, 52, "missing date (YYYY-MM-DD)");
	assert_msg(&d, i++, 10, 51,
		   "expected 3 fields (identifier,status,date), found 2");
	assert_msg(&d, i++, 11, 63,
		   "expected 3 fields (identifier,status,date), found 4");
	assert_msg(&d, i++, 12, 1, "unterminated quoted field");
	assert_msg(&d, i++, 13, 44, "unexpected 'x' after a quoted field");
	assert_msg(&d, i++, 14, 5, "NUL character");
	assert_msg(&d, i++, 15, 1, "malformed identifier 'a\"b'");
	assert_msg(&d, i++, 16, 45,
		   "unknown status 'Released' (did you mean 'released'?)");
	/* columns count characters: three of them, nine bytes */
	assert_msg(&d, i++, 17, 43, "unknown status '已发货'");
	assert_msg(&d, i++, 17, 47, "found '2026-12-32'");
	cr_assert_eq(d.n, i, "%d messages, want %d", d.n, i);
	mc_diag_release(&d);
	mc_arena_free(a);
}

/* A file must be UTF-8: a stray byte, a cut, overlong or surrogate
 * sequence is an error at its column, and the message does not quote it. */
Test(actuals, bytes_that_are_not_utf8)
{
	static const char text[] = "identifier,status,date\n"
				   "ab\xFF,released,2026-12-01\n"
				   "\xC3\xA9\xE4\xB8,released,2026-12-01\n"
				   "\xC0\xAF,released,2026-12-01\n"
				   "x\xED\xA0\x80,released,2026-12-01\n"
				   "\xC3\xA9,released,2026-12-01\xC3";
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, sizeof(text) - 1, a, &in, &d), -1);
	assert_msg(&d, 0, 2, 3, "byte 0xff is not UTF-8");
	assert_msg(&d, 1, 3, 2, "byte 0xe4 is not UTF-8");
	assert_msg(&d, 2, 4, 1, "byte 0xc0 is not UTF-8");
	assert_msg(&d, 3, 5, 2, "byte 0xed is not UTF-8");
	assert_msg(&d, 4, 6, 22, "byte 0xc3 is not UTF-8");
	cr_assert_eq(d.n, 5);
	mc_diag_release(&d);
	mc_arena_free(a);
}

/* A line of a million fields is longer than a row may be: said once, at
 * its column 1, and not split.  One of 4,000 fields (within the limit)
 * is counted (its columns counted on, not again from the line's start
 * for each field: that took minutes), the error at the first field too
 * many, after characters of two bytes. */
Test(actuals, a_line_of_a_million_fields)
{
	size_t n = 1000000;
	const char *head = "identifier,status,date\n\xC3\xA9,x,y";
	char *text = malloc(strlen(head) + n + 2);
	strcpy(text, head);
	memset(text + strlen(head), ',', n);
	text[strlen(head) + n] = '\n';
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, strlen(head) + n + 1, a, &in, &d), -1);
	assert_msg(&d, 0, 2, 1, "a line longer than 4096 bytes");
	cr_assert_eq(d.n, 1);
	mc_diag_clear(&d);
	n = 4000;
	text[strlen(head) + n] = '\n';
	cr_assert_eq(parse(text, strlen(head) + n + 1, a, &in, &d), -1);
	assert_msg(&d, 0, 2, 7,
		   "expected 3 fields (identifier,status,date), found 4003");
	cr_assert_eq(d.n, 1);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(text);
}

/* Memory is bounded by the reader's limits, not by the file: a million
 * bad rows (wrong identifiers, statuses and dates, and lines of many
 * quoted fields, which once cost a copy of the rest of the line per
 * field: 24 GB for 20 MB) leave nothing in the arena, and every error is
 * counted though the diag keeps only MC_DIAG_KEEP. */
Test(actuals, bad_rows_cost_no_memory)
{
	static const char *const bad[] = {
	    ID "X,shipped,2026-12-07\n", ID ",shiped,2026-12-07\n",
	    ID ",shipped,2026-13-07\n",
	    "\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\"\n"};
	const char *head = "identifier,status,date\n";
	size_t rows = 1000000, cap = strlen(head) + rows * 80, len = 0;
	char *text = malloc(cap);
	len += (size_t)sprintf(text, "%s", head);
	for (size_t i = 0; i < rows; i++)
		len += (size_t)sprintf(text + len, "%s", bad[i % 4]);
	mc_arena *a = mc_arena_new();
	size_t before = mc_arena_used(a);
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, len, a, &in, &d), -1);
	cr_assert_eq(mc_arena_used(a), before, "the arena grew by %zu bytes",
		     mc_arena_used(a) - before);
	cr_assert_eq(mc_diag_count(&d), (int)rows);
	cr_assert_eq(d.n, MC_DIAG_KEEP);
	cr_assert_eq(in.nrows, 0);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(text);
}

/* What stands after a quoted field is quoted as a message quotes text: a
 * control character as '?' (it once went to the terminal raw; found by
 * fuzz-actuals), a UTF-8 character whole. */
Test(actuals, character_after_a_quoted_field_is_shown)
{
	static const char text[] = "identifier,status,date\n"
				   "\"" ID "\"\x13,released,2026-12-01\n"
				   "\"" ID "\"\xC3\xA9,released,2026-12-01\n";
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, sizeof(text) - 1, a, &in, &d), -1);
	assert_msg(&d, 0, 2, 44, "unexpected '?' after a quoted field");
	assert_msg(&d, 1, 3, 44, "unexpected '\xC3\xA9' after a quoted field");
	cr_assert_eq(d.n, 2);
	mc_diag_release(&d);
	mc_arena_free(a);
}

/* A long value quoted in a message is cut at a character's start, never
 * inside one: the message stays UTF-8. */
Test(actuals, long_value_cut_between_characters)
{
	char text[512];
	int n = snprintf(text, sizeof(text), "identifier,status,date\n");
	for (int i = 0; i < 79; i++)
		text[n++] = 'a';
	n += snprintf(text + n, sizeof(text) - (size_t)n,
		      "\xE4\xB8\xAD\xE4\xB8\xAD,released,2026-12-01\n");
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_actuals in;
	cr_assert_eq(parse(text, (size_t)n, a, &in, &d), -1);
	cr_assert_eq(d.n, 1);
	const char *msg = d.v[0].msg;
	cr_assert_not_null(strstr(msg, "aaa..."), "%s", msg);
	for (const char *p = msg; *p;) {
		int len = mc_utf8_len(p, p + strlen(p));
		cr_assert_gt(len, 0, "not UTF-8 at '%s'", p);
		p += len;
	}
	mc_diag_release(&d);
	mc_arena_free(a);
}

Test(actuals, header_and_empty_file)
{
	static const struct {
		const char *text;
		int col;
		const char *words;
	} bad[] = {
	    {"identifier,state,date\n" ID ",lost,x\n", 12,
	     "expected 'status' as field 2 of the header "
	     "'identifier,status,date', found 'state'"},
	    {"\xEF\xBB\xBFid,status,date\n", 1,
	     "expected 'identifier' as field 1"},
	    {"identifier,status\n" ID ",released\n", 18,
	     "the header has 2 fields, expected 3"},
	    {"identifier,status,date,note\n", 24, "the header has 4 fields"},
	    {"\xEF\xBB\xBF\r\n  \n", 1, "empty file, expected the header"},
	    {"", 1, "empty file"},
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(*bad); k++) {
		mc_arena *a = mc_arena_new();
		mc_diag d = MC_DIAG_INIT;
		mc_actuals in;
		cr_assert_eq(
		    parse(bad[k].text, strlen(bad[k].text), a, &in, &d), -1,
		    "case %zu", k);
		/* a wrong header is reported alone: rows mean nothing */
		cr_assert_eq(d.n, 1, "case %zu: %d messages", k, d.n);
		assert_msg(&d, 0, 1, bad[k].col, bad[k].words);
		mc_diag_release(&d);
		mc_arena_free(a);
	}
}

/* ---- the command and the store ---- */

/* The first n units run 1 planned, in the view's order (identifiers and
 * orders copied to id[i] and order[i], 200 bytes each). */
static void planned_units(const char *db, int n, char id[][200],
			  char order[][200])
{
	mc_store *s = support_store_open(db);
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_run_view v;
	cr_assert_eq(mc_store_load_run(s, 1, a, &v, &d), 0);
	int k = 0;
	for (int i = 0; i < v.nunits && k < n; i++)
		if (strcmp(v.units[i].status, "planned") == 0) {
			snprintf(id[k], 200, "%s", v.units[i].identifier);
			snprintf(order[k], 200, "%s", v.units[i].order);
			cr_assert_null(v.units[i].life);
			k++;
		}
	cr_assert_eq(k, n, "the samples plan fewer than %d units", n);
	mc_store_close(s);
	mc_arena_free(a);
	mc_diag_release(&d);
}

/* A fresh database with the samples planned (dir/mc.db), and the first
 * three units its run planned. */
typedef struct fixture {
	char *dir, *db;
	char id[3][200], order[3][200];
} fixture;

static fixture *fixture_new(const char *tag)
{
	fixture *f = calloc(1, sizeof(*f));
	f->dir = support_tmpdir(tag);
	f->db = support_plan_samples(f->dir);
	planned_units(f->db, 3, f->id, f->order);
	return f;
}

static void fixture_free(fixture *f)
{
	free(f->db);
	free(f->dir);
	free(f);
}

static char *dump(const char *db)
{
	mc_store *s = support_store_open(db);
	char *text = support_store_dump(s);
	mc_store_close(s);
	return text;
}

/* The unit of identifier id (found, from a). */
static mc_unit_rec unit(const char *db, const char *id, mc_arena *a)
{
	mc_store *s = support_store_open(db);
	mc_diag d = MC_DIAG_INIT;
	mc_unit_rec u;
	cr_assert_eq(mc_store_find_unit(s, id, a, &u, &d), 1, "%s", id);
	mc_store_close(s);
	mc_diag_release(&d);
	return u;
}

/* `mcsched actuals path --db db` in dir: the exit status. */
static int load(const char *dir, const char *path, const char *db)
{
	return support_run_in(dir, "actuals %s --db %s", path, db);
}

static void assert_out(const char *dir, const char *name, const char *words)
{
	char *t = support_read_in(dir, name);
	cr_assert_not_null(t);
	cr_assert_not_null(strstr(t, words), "want\n%s\nin %s:\n%s", words,
			   name, t);
	free(t);
}

/* A file of rows written to dir/name; the path, malloc'ed. */
static char *csv(const char *dir, const char *name, const char *rows)
{
	char *text = malloc(strlen(rows) + 32);
	sprintf(text, "identifier,status,date\n%s", rows);
	char *path = support_write(dir, name, text);
	free(text);
	return path;
}

/* The good file of the rule tests: A skips released, B is released and
 * scrapped, C released.  Rows 2 to 6. */
static char *good_file(const char *dir, char id[][200])
{
	char rows[2048];
	snprintf(rows, sizeof(rows),
		 "%s,produced,2026-12-02\n"
		 "%s,shipped,2026-12-04\n"
		 "%s,released,2026-12-01\n"
		 "%s,scrapped,2026-12-03\n"
		 "%s,released,2026-12-01\n",
		 id[0], id[0], id[1], id[1], id[2]);
	return csv(dir, "good.csv", rows);
}

Test(actuals, forward_skip_scrap_and_load_twice, .timeout = 120)
{
	fixture *f = fixture_new("actuals-good");
	const char *dir = f->dir, *db = f->db;
	char(*id)[200] = f->id;
	char *path = good_file(dir, id);
	char *before = dump(db);

	cr_assert_eq(load(dir, path, db), 0);
	char want[700];
	snprintf(want, sizeof(want),
		 "actuals %s: 5 rows, 5 new (2 released, 1 produced, 1 "
		 "shipped, 1 scrapped), 0 already recorded\n",
		 path);
	char *out = support_read_in(dir, "out.txt");
	cr_assert_str_eq(out, want);
	free(out);
	char *once = dump(db);
	cr_assert_str_neq(before, once);

	/* the units table: A shipped, B scrapped and retired, C released */
	mc_arena *a = mc_arena_new();
	mc_unit_rec u = unit(db, id[0], a);
	cr_assert_str_eq(u.status, "planned");
	cr_assert_str_eq(u.life, "shipped");
	cr_assert_str_eq(u.life_day, "2026-12-04");
	u = unit(db, id[1], a);
	cr_assert_str_eq(u.status, "cancelled");
	cr_assert_str_eq(u.life, "scrapped");
	cr_assert_str_eq(u.life_day, "2026-12-03");
	u = unit(db, id[2], a);
	cr_assert_str_eq(u.status, "planned");
	cr_assert_str_eq(u.life, "released");

	/* A's events, oldest first, with the file and row they came from */
	mc_store *s = support_store_open(db);
	mc_diag d = MC_DIAG_INIT;
	mc_life_event *ev;
	int n;
	cr_assert_eq(mc_store_unit_life(s, id[0], a, &ev, &n, &d), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(ev[0].status, "produced");
	cr_assert_str_eq(ev[0].day, "2026-12-02");
	cr_assert_str_eq(ev[0].source, path);
	cr_assert_eq(ev[0].line, 2);
	cr_assert_str_eq(ev[1].status, "shipped");
	cr_assert_str_eq(ev[1].day, "2026-12-04");
	cr_assert_eq(ev[1].line, 3);
	cr_assert_not_null(ev[1].loaded);
	/* a unit the floor never reported has none, nor does no unit */
	cr_assert_eq(mc_store_unit_life(s, "no such unit", a, &ev, &n, &d), 0);
	cr_assert_eq(n, 0);
	/* the run view carries the floor status too */
	mc_run_view v;
	cr_assert_eq(mc_store_load_run(s, 1, a, &v, &d), 0);
	int seen = 0;
	for (int i = 0; i < v.nunits; i++)
		if (strcmp(v.units[i].identifier, id[1]) == 0) {
			cr_assert_str_eq(v.units[i].life, "scrapped");
			cr_assert_str_eq(v.units[i].life_day, "2026-12-03");
			cr_assert_str_eq(v.units[i].status_now, "cancelled");
			seen = 1;
		}
	cr_assert(seen);
	mc_store_close(s);

	/* the same file again: nothing new, nothing changed */
	cr_assert_eq(load(dir, path, db), 0);
	snprintf(want, sizeof(want),
		 "actuals %s: 5 rows, 0 new, 5 already recorded\n", path);
	out = support_read_in(dir, "out.txt");
	cr_assert_str_eq(out, want);
	free(out);
	char *twice = dump(db);
	cr_assert_str_eq(once, twice,
			 "loading the file again changed the "
			 "store");
	free(twice);
	free(once);
	free(before);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(path);
	fixture_free(f);
}

Test(actuals, bad_rows_write_nothing, .timeout = 120)
{
	fixture *f = fixture_new("actuals-rules");
	const char *dir = f->dir, *db = f->db;
	char(*id)[200] = f->id;
	char *good = good_file(dir, id);
	cr_assert_eq(load(dir, good, db), 0);
	char *before = dump(db);

	char missing[MC_ID_MAX], rows[4096];
	uint64_t next;
	mc_store *s = support_store_open(db);
	next = support_store_next_serial(s);
	mc_store_close(s);
	cr_assert_eq(mc_id_format(missing, sizeof(missing), "88.999.1", "AC",
				  "09521234300014", next),
		     0);
	/* A shipped 12-04; B released 12-01, scrapped 12-03; C released
	 * 12-01 (the good file). */
	snprintf(rows, sizeof(rows),
		 "%s,released,2026-12-01\n"  /* 2: recorded: nothing to do */
		 "%s,released,2026-12-05\n"  /* 3: backwards */
		 "%s,shipped,2026-12-05\n"   /* 4: recorded on another day */
		 "%s,scrapped,2026-12-06\n"  /* 5: shipped, not scrapped */
		 "%s,produced,2026-12-04\n"  /* 6: after scrapped */
		 "%s,released,2026-12-01\n"  /* 7: no such unit */
		 "%s,produced,2026-11-30\n"  /* 8: before its released */
		 "%s,shipped,2026-12-02\n"   /* 9: fine (skips produced) */
		 "%s,produced,2026-12-03\n", /* 10: after row 9's shipped */
		 id[2], id[0], id[0], id[0], id[1], missing, id[2], id[2],
		 id[2]);
	char *bad = csv(dir, "bad.csv", rows);
	cr_assert_eq(load(dir, bad, db), 2);
	/* where each row's status starts: after its identifier and a comma;
	 * its date: after "produced," (9) or "shipped," (8) too */
	int st0 = (int)strlen(id[0]) + 2, st1 = (int)strlen(id[1]) + 2,
	    st2 = (int)strlen(id[2]) + 2;
	char want[9][600];
	snprintf(want[0], 600,
		 "%s:3:%d: released cannot follow shipped (2026-12-04): a "
		 "unit goes released, produced, shipped, forward only\n",
		 bad, st0);
	snprintf(want[1], 600,
		 "%s:4:%d: shipped was recorded for the unit on 2026-12-04 "
		 "(%s:3), not 2026-12-05: each status is recorded once\n",
		 bad, st0 + 8, good);
	snprintf(want[2], 600,
		 "%s:5:%d: the unit was shipped on 2026-12-04: a shipped "
		 "unit is not scrapped\n",
		 bad, st0);
	snprintf(want[3], 600,
		 "%s:6:%d: the unit was scrapped on 2026-12-03: nothing "
		 "follows scrapped\n",
		 bad, st1);
	snprintf(want[4], 600,
		 "%s:7:1: no unit '%s' in '%s' (no plan run "
		 "issued it)\n",
		 bad, missing, db);
	snprintf(want[5], 600,
		 "%s:8:%d: produced on 2026-11-30 is before the unit's "
		 "released on 2026-12-01\n",
		 bad, st2 + 9);
	snprintf(want[6], 600,
		 "%s:10:%d: produced cannot follow shipped (2026-12-02)", bad,
		 st2);
	char *err = support_read_in(dir, "out.txt.err");
	for (int i = 0; i < 7; i++)
		cr_assert_not_null(strstr(err, want[i]), "want\n%s\nin\n%s",
				   want[i], err);
	/* rows 2 and 9 are fine: no message names them */
	snprintf(want[7], 600, "%s:2:", bad);
	snprintf(want[8], 600, "%s:9:", bad);
	cr_assert_null(strstr(err, want[7]), "%s", err);
	cr_assert_null(strstr(err, want[8]), "%s", err);
	free(err);
	char *after = dump(db);
	cr_assert_str_eq(before, after, "a bad file changed the store");
	free(after);

	/* a file that does not read (a bad status) never opens the store */
	char *bad2 = csv(dir, "bad2.csv", "x,y,z\n");
	cr_assert_eq(load(dir, bad2, db), 2);
	char where[700];
	snprintf(where, sizeof(where), "%s:2:1: malformed identifier 'x'",
		 bad2);
	assert_out(dir, "out.txt.err", where);
	snprintf(where, sizeof(where), "%s:2:3: unknown status 'y'", bad2);
	assert_out(dir, "out.txt.err", where);
	snprintf(where, sizeof(where), "%s:2:5: expected a date", bad2);
	assert_out(dir, "out.txt.err", where);
	after = dump(db);
	cr_assert_str_eq(before, after);
	free(after);
	free(bad2);
	free(before);
	free(bad);
	free(good);
	fixture_free(f);
}

Test(actuals, several_rows_of_a_unit_in_file_order, .timeout = 120)
{
	fixture *f = fixture_new("actuals-order");
	const char *dir = f->dir, *db = f->db;
	char(*id)[200] = f->id;
	char rows[1024];
	/* released, shipped, then produced: the third goes backwards */
	snprintf(rows, sizeof(rows),
		 "%s,released,2026-12-01\n%s,shipped,2026-12-03\n"
		 "%s,produced,2026-12-02\n",
		 id[0], id[0], id[0]);
	char *path = csv(dir, "order.csv", rows);
	char *before = dump(db);
	cr_assert_eq(load(dir, path, db), 2);
	char want[600];
	snprintf(want, sizeof(want),
		 "%s:4:%d: produced cannot follow shipped (2026-12-03)", path,
		 (int)strlen(id[0]) + 2);
	assert_out(dir, "out.txt.err", want);
	char *after = dump(db);
	cr_assert_str_eq(before, after);
	free(after);
	/* in the right order the same three rows are fine */
	snprintf(rows, sizeof(rows),
		 "%s,released,2026-12-01\n%s,produced,2026-12-02\n"
		 "%s,shipped,2026-12-03\n",
		 id[0], id[0], id[0]);
	free(path);
	path = csv(dir, "order.csv", rows);
	cr_assert_eq(load(dir, path, db), 0);
	assert_out(dir, "out.txt",
		   ": 3 rows, 3 new (1 released, 1 produced, 1 shipped), 0 "
		   "already recorded\n");
	free(before);
	free(path);
	fixture_free(f);
}

Test(actuals, unit_cancelled_by_the_plan, .timeout = 120)
{
	/* fixtures/units: order C is withdrawn on the second night */
	char *dir = support_tmpdir("actuals-cancelled");
	char *db = support_db(dir, "mc.db");
	for (int night = 1; night <= 2; night++)
		cr_assert_eq(support_run_in(dir,
					    "plan -q -c fixtures/units/"
					    "catalog.yaml -p fixtures/units/"
					    "plants.yaml -o fixtures/units/"
					    "orders%d.yaml --db %s",
					    night, db),
			     0, "night %d", night);
	mc_arena *a = mc_arena_new();
	mc_store *s = support_store_open(db);
	mc_diag d = MC_DIAG_INIT;
	mc_unit_rec *u;
	int n;
	cr_assert_eq(mc_store_order_units(s, "C", a, &u, &n, &d), 0);
	mc_store_close(s);
	cr_assert_gt(n, 0);
	cr_assert_str_eq(u[0].status, "cancelled");
	char rows[512];
	snprintf(rows, sizeof(rows), "%s,released,2026-12-01\n",
		 u[0].identifier);
	char *path = csv(dir, "c.csv", rows);
	char *before = dump(db);
	cr_assert_eq(load(dir, path, db), 2);
	char want[700];
	snprintf(want, sizeof(want),
		 "%s:2:1: unit '%s' was cancelled: its order left the plan, "
		 "so it takes no actuals\n",
		 path, u[0].identifier);
	assert_out(dir, "out.txt.err", want);
	char *after = dump(db);
	cr_assert_str_eq(before, after);
	free(after);
	free(before);
	free(path);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(db);
	free(dir);
}

Test(actuals, command_line, .timeout = 120)
{
	fixture *f = fixture_new("actuals-cli");
	const char *dir = f->dir, *db = f->db;
	char(*id)[200] = f->id;
	char rows[512];
	snprintf(rows, sizeof(rows), "%s,released,2026-12-01\n", id[0]);
	char *path = csv(dir, "one.csv", rows);
	char *none = support_path(dir, "none.db");

	cr_assert_eq(support_run_in(dir, "actuals --db %s", db), 1);
	assert_out(dir, "out.txt.err", "actuals needs a FILE");
	cr_assert_eq(support_run_in(dir, "actuals %s --db %s --bad", path, db),
		     1);
	cr_assert_eq(support_run_in(dir, "actuals --help"), 0);
	assert_out(dir, "out.txt", "usage: mcsched actuals FILE [--db F]");
	/* the database must exist, and is not created */
	cr_assert_eq(load(dir, path, none), 4);
	assert_out(dir, "out.txt.err", "no database");
	cr_assert_neq(access(none, F_OK), 0);
	/* a missing file is bad input */
	cr_assert_eq(
	    support_run_in(dir, "actuals %s/nope.csv --db %s", dir, db), 2);
	/* a header alone: nothing to do */
	char *empty = csv(dir, "empty.csv", "");
	cr_assert_eq(load(dir, empty, db), 0);
	assert_out(dir, "out.txt", ": 0 rows, 0 new, 0 already recorded\n");
	/* listed in the usage */
	cr_assert_eq(support_run_in(dir, "--help"), 0);
	assert_out(dir, "out.txt", "mcsched actuals FILE [--db F]");
	free(empty);
	free(none);
	free(path);
	fixture_free(f);
}

Test(actuals, track_and_resolve_show_the_floor, .timeout = 120)
{
	fixture *f = fixture_new("actuals-track");
	const char *dir = f->dir, *db = f->db;
	char(*id)[200] = f->id, (*order)[200] = f->order;
	char *path = good_file(dir, id);
	cr_assert_eq(load(dir, path, db), 0);

	/* track: the floor status in the status column, the events with
	 * their days and rows below */
	cr_assert_eq(support_run_in(dir, "track %s --db %s", order[0], db), 0);
	char *t = support_read_in(dir, "out.txt");
	const char *row = line_with(t, id[0], "shipped");
	cr_assert_not_null(row, "%s", t);
	cr_assert_null(line_with(t, id[0], "planned"), "%s", t);
	cr_assert_not_null(strstr(t, "\n  on the floor: "), "%s", t);
	char ref[700];
	snprintf(ref, sizeof(ref), "%s:2", path);
	row = line_with(t, id[0], ref);
	cr_assert_not_null(row, "%s", t);
	cr_assert_not_null(line_with(row, "produced", "2026-12-02"), "%s", t);
	snprintf(ref, sizeof(ref), "%s:3", path);
	row = line_with(t, id[0], ref);
	cr_assert_not_null(row, "%s", t);
	cr_assert_not_null(line_with(row, "shipped", "2026-12-04"), "%s", t);
	free(t);

	/* resolve: the floor status, each floor day, the plan's status */
	cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s", id[0], db), 0);
	char *json = support_read_in(dir, "out.txt");
	cr_assert(support_json_valid(json), "%s", json);
	static const char *const want[][2] = {
	    {"status", "shipped"},
	    {"produced", "2026-12-02"},
	    {"shipped", "2026-12-04"},
	    {"plan_status", "planned"},
	};
	for (int i = 0; i < 4; i++) {
		char v[300];
		snprintf(v, sizeof(v),
			 "\"type\": \"%s\", \"data\": {\"format\": "
			 "\"string\", \"value\": \"%s\"}",
			 want[i][0], want[i][1]);
		cr_assert_not_null(strstr(json, v), "want %s in\n%s", v, json);
	}
	cr_assert_null(strstr(json, "\"type\": \"released\""), "%s", json);
	free(json);
	/* a scrapped unit: retired, shown as scrapped with its days */
	cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s", id[1], db), 0);
	json = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(json, "\"value\": \"scrapped\"}},\n"), "%s",
			   json);
	cr_assert_not_null(strstr(json, "\"type\": \"released\", \"data\": "
					"{\"format\": \"string\", "
					"\"value\": \"2026-12-01\"}"),
			   "%s", json);
	cr_assert_not_null(strstr(json, "\"type\": \"plan_status\", \"data\": "
					"{\"format\": \"string\", "
					"\"value\": \"cancelled\"}"),
			   "%s", json);
	cr_assert_null(strstr(json, "\"type\": \"plant\""), "%s", json);
	free(json);
	free(path);
	fixture_free(f);
}
