/*
 * test_units.c - unit identifiers end to end through the command line:
 * three nightly plans into one database (an order grown, one shrunk, one
 * withdrawn, one added) keep, issue and cancel exactly the right
 * identifiers; `resolve` (found, not found, malformed of every kind),
 * `track`, `labels` (CSV, GS1 Digital Link, QR codes as SVG); and a plan
 * killed in the middle of its transaction changes nothing.
 *
 * Runs with cwd = tests/ and MCSCHED = the binary under test; fixtures are
 * tests/fixtures/units/, databases and outputs go under tests/tmp/.
 * Expected values come from the store API, never from copied output.
 */
#include "arena.h"
#include "diag.h"
#include "ids.h"
#include "store.h"
#include "support.h"
#include "units.h"

#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "fixtures/units"

/* ---- helpers ---- */

/* Plans night i (orders<i>.yaml) into db; returns the exit status. */
/* Plans night (1, 2) into db; with env (a test hook's variable) by the
 * binary that has the hooks. */
static int plan_night(const char *db, int night, const char *env)
{
	char out[600];
	snprintf(out, sizeof(out), "%s.plan", support_beside(db));
	return support_sh("%s %s plan -q -c %s/catalog.yaml -p %s/plants.yaml "
			  "-o %s/orders%d.yaml --db %s >%s 2>&1",
			  env ? env : "",
			  env ? support_bin_hooks() : support_bin(), FIX, FIX,
			  FIX, night, db, out);
}

/* Every unit ever issued for order (from a). */
static int order_units(const char *db, const char *order, mc_arena *a,
		       mc_unit_rec **u)
{
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = support_store_open(db);
	int n = 0;
	cr_assert_eq(mc_store_order_units(s, order, a, u, &n, &d), 0);
	mc_store_close(s);
	mc_diag_release(&d);
	return n;
}

static uint64_t next_serial(const char *db)
{
	mc_store *s = support_store_open(db);
	uint64_t v = support_store_next_serial(s);
	mc_store_close(s);
	return v;
}

static char *dump(const char *db)
{
	mc_store *s = support_store_open(db);
	char *text = support_store_dump(s);
	mc_store_close(s);
	return text;
}

/* Unit seq of an order whose family never changed: one unit per seq, and
 * mc_store_order_units() lists them by seq. */
static const mc_unit_rec *seq_unit(const mc_unit_rec *u, int n, int seq)
{
	cr_assert(seq >= 1 && seq <= n && u[seq - 1].seq == seq,
		  "no unit with seq %d", seq);
	return &u[seq - 1];
}

static int is_cancelled(const mc_unit_rec *u)
{
	return strcmp(u->status, "cancelled") == 0;
}

/* 1 when u arrives after its due date. */
static int unit_late(const mc_unit_rec *u)
{
	return strcmp(u->status, "planned") == 0 && u->arrive && u->due &&
	       strcmp(u->arrive, u->due) > 0; /* ISO dates order as text */
}

/* A database with the three nights planned; returns its path and sets
 * out (600 bytes) to a file beside it for command output. */
static char *three_nights(const char *tag, char *out)
{
	char *dir = support_tmpdir(tag);
	char *db = support_db(dir, "mc.db");
	for (int night = 1; night <= 3; night++)
		cr_assert_eq(plan_night(db, night, NULL), 0, "night %d", night);
	snprintf(out, 600, "%s.out", support_beside(db));
	free(dir);
	return db;
}

static int count_of(const char *text, const char *what)
{
	int n = 0;
	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The resolve record's value line of type, with its data. */
static void assert_value(const char *json, const char *type, const char *value)
{
	char want[512];
	snprintf(want, sizeof(want),
		 "\"type\": \"%s\", \"data\": {\"format\": \"string\", "
		 "\"value\": \"%s\"}",
		 type, value);
	cr_assert_not_null(strstr(json, want), "want %s in\n%s", want, json);
}

static void assert_no_value(const char *json, const char *type)
{
	char want[64];
	snprintf(want, sizeof(want), "\"type\": \"%s\"", type);
	cr_assert_null(strstr(json, want), "no %s wanted in\n%s", type, json);
}

Test(units, json_checker_can_fail)
{
	cr_assert(
	    support_json_valid("{\"a\": [1, -2.5, \"x\\u00e9\", true, null]}"));
	cr_assert(support_json_valid("\"\xe9\x99\x88\""));
	cr_assert_not(support_json_valid("{\"a\": 1,}"));
	cr_assert_not(support_json_valid("\"a\nb\""));
	cr_assert_not(support_json_valid("\"\xff\""));
	cr_assert_not(support_json_valid("{\"a\": 1} x"));
	cr_assert(support_json_valid("[1e-05, 2.5E+3, -0.5e2]"));
	cr_assert_not(support_json_valid("[1e]"));
}

/* ---- three nights ---- */

Test(units, identifiers_across_three_nights, .timeout = 60)
{
	char *dir = support_tmpdir("units-nights");
	char *db = support_db(dir, "mc.db");
	char *out = support_path(dir, "out.txt");
	mc_arena *a = mc_arena_new();
	mc_unit_rec *a1, *b1, *c1, *e1, *u;
	int n;

	/* night 1: A 3, B 10, C 2, E 1, all new, serials 1.. in a row */
	cr_assert_eq(plan_night(db, 1, NULL), 0);
	uint64_t next1 = next_serial(db);
	cr_assert_eq(order_units(db, "A", a, &a1), 3);
	cr_assert_eq(order_units(db, "B", a, &b1), 10);
	cr_assert_eq(order_units(db, "C", a, &c1), 2);
	cr_assert_eq(order_units(db, "E", a, &e1), 1);
	cr_assert_eq(next1, 1 + 3 + 10 + 2 + 1);
	for (int i = 0; i < 10; i++)
		cr_assert_neq(strcmp(b1[i].status, "cancelled"), 0);

	/* night 2: A grows to 5, B shrinks to 6, C is withdrawn */
	cr_assert_eq(plan_night(db, 2, NULL), 0);
	uint64_t next2 = next_serial(db);
	cr_assert_eq(next2, next1 + 2, "only A's two new units are issued");

	n = order_units(db, "A", a, &u);
	cr_assert_eq(n, 5);
	for (int seq = 1; seq <= 5; seq++) {
		const mc_unit_rec *x = seq_unit(u, n, seq);
		cr_assert_not(is_cancelled(x));
		if (seq <= 3) {
			cr_assert_str_eq(x->identifier,
					 seq_unit(a1, 3, seq)->identifier);
		} else {
			cr_assert_geq((uint64_t)x->serial, next1);
			cr_assert_lt((uint64_t)x->serial, next2);
		}
	}
	n = order_units(db, "B", a, &u);
	cr_assert_eq(n, 10, "shrinking issues nothing and deletes nothing");
	for (int seq = 1; seq <= 10; seq++) {
		const mc_unit_rec *x = seq_unit(u, n, seq);
		cr_assert_str_eq(x->identifier,
				 seq_unit(b1, 10, seq)->identifier);
		cr_assert_eq(is_cancelled(x), seq > 6, "B seq %d is %s", seq,
			     x->status);
	}
	n = order_units(db, "C", a, &u);
	cr_assert_eq(n, 2);
	for (int i = 0; i < 2; i++) {
		cr_assert_str_eq(u[i].identifier, c1[i].identifier);
		cr_assert(is_cancelled(&u[i]));
	}

	/* what track says about them */
	cr_assert_eq(support_run(out, "track C --db %s", db), 0);
	char *text = support_read(out);
	cr_assert_not_null(strstr(text, "withdrawn after run 1"), "%s", text);
	for (int i = 0; i < 2; i++) {
		char line[MC_ID_MAX + 16];
		snprintf(line, sizeof(line), "%s  cancelled\n",
			 c1[i].identifier);
		cr_assert_not_null(strstr(text, line), "%s", text);
	}
	free(text);
	cr_assert_eq(support_run(out, "track B --db %s", db), 0);
	text = support_read(out);
	cr_assert_eq(count_of(text, "  cancelled\n"), 4, "%s", text);
	cr_assert_not_null(strstr(text, "quantity 6,"), "%s", text);
	for (int seq = 7; seq <= 10; seq++)
		cr_assert_not_null(
		    strstr(text, seq_unit(b1, 10, seq)->identifier));
	free(text);

	/* night 3: a new order D; nothing cancelled comes back */
	cr_assert_eq(plan_night(db, 3, NULL), 0);
	uint64_t next3 = next_serial(db);
	cr_assert_eq(next3, next2 + 4);
	mc_unit_rec *d3;
	n = order_units(db, "D", a, &d3);
	cr_assert_eq(n, 4);
	for (int i = 0; i < n; i++) {
		cr_assert_geq((uint64_t)d3[i].serial, next2);
		cr_assert_lt((uint64_t)d3[i].serial, next3);
		for (int k = 0; k < 10; k++)
			cr_assert_neq(d3[i].serial, b1[k].serial);
		for (int k = 0; k < 2; k++)
			cr_assert_neq(d3[i].serial, c1[k].serial);
	}
	n = order_units(db, "B", a, &u);
	for (int seq = 7; seq <= 10; seq++)
		cr_assert(is_cancelled(seq_unit(u, n, seq)));
	n = order_units(db, "C", a, &u);
	cr_assert(is_cancelled(&u[0]) && is_cancelled(&u[1]));
	n = order_units(db, "E", a, &u);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(u[0].identifier, e1[0].identifier);
	cr_assert_str_eq(u[0].status, "unmet");

	mc_arena_free(a);
	free(out);
	free(db);
	free(dir);
}

/* ---- resolve ---- */

/* The first unit of order with the given late-ness (planned units). */
static const mc_unit_rec *pick(const mc_unit_rec *u, int n, int late)
{
	for (int i = 0; i < n; i++)
		if (strcmp(u[i].status, "planned") == 0 &&
		    unit_late(&u[i]) == late)
			return &u[i];
	cr_assert_fail("no %s planned unit", late ? "late" : "on-time");
	return NULL;
}

Test(units, resolve_found, .timeout = 60)
{
	char out[600];
	char *db = three_nights("units-resolve", out);
	mc_arena *a = mc_arena_new();
	mc_unit_rec *u;
	int n = order_units(db, "D", a, &u);
	const mc_unit_rec *x = pick(u, n, 1);

	cr_assert_eq(
	    support_run(out, "resolve '%s' --db %s", x->identifier, db), 0);
	char *json = support_read(out);
	cr_assert(support_json_valid(json), "%s", json);
	cr_assert_not_null(strstr(json, "\"responseCode\": 1,"), "%s", json);
	char run[32], gs1[MC_ID_MAX], handle[MC_ID_MAX + 16];
	snprintf(handle, sizeof(handle), "\"handle\": \"%s\"", x->identifier);
	cr_assert_not_null(strstr(json, handle));
	snprintf(run, sizeof(run), "%lld", (long long)x->run);
	mc_id_gs1(gs1, sizeof(gs1), x->gtin, (uint64_t)x->serial);
	assert_value(json, "family", x->family);
	assert_value(json, "options", x->options);
	assert_value(json, "order", "D");
	assert_value(json, "region", x->region);
	assert_value(json, "plant", x->plant);
	assert_value(json, "resource", x->resource);
	assert_value(json, "planned_day", x->day);
	assert_value(json, "expected_arrival", x->arrive);
	assert_value(json, "due", x->due);
	assert_value(json, "status", "planned");
	assert_value(json, "run", run);
	assert_value(json, "gs1", gs1);
	cr_assert_eq(x->run, 3);
	free(json);

	/* a cancelled unit keeps its record, without plan facts */
	n = order_units(db, "C", a, &u);
	cr_assert_eq(
	    support_run(out, "resolve '%s' --db %s", u[0].identifier, db), 0);
	json = support_read(out);
	cr_assert(support_json_valid(json), "%s", json);
	assert_value(json, "status", "cancelled");
	assert_value(json, "order", "C");
	assert_value(json, "run", "1");
	assert_no_value(json, "plant");
	assert_no_value(json, "planned_day");
	free(json);

	/* an unmet unit has no plant either */
	n = order_units(db, "E", a, &u);
	cr_assert_eq(
	    support_run(out, "resolve '%s' --db %s", u[0].identifier, db), 0);
	json = support_read(out);
	assert_value(json, "status", "unmet");
	assert_no_value(json, "plant");
	free(json);

	mc_arena_free(a);
	free(db);
}

Test(units, resolve_not_found, .timeout = 60)
{
	char out[600], id[MC_ID_MAX];
	char *db = three_nights("units-notfound", out);
	/* well formed, check character right, serial never issued */
	cr_assert_eq(mc_id_format(id, sizeof(id), "88.999.1", "AC",
				  "09521234300014", next_serial(db)),
		     0);
	cr_assert_eq(support_run(out, "resolve '%s' --db %s", id, db), 3);
	char *json = support_read(out);
	cr_assert(support_json_valid(json), "%s", json);
	cr_assert_not_null(strstr(json, "\"responseCode\": 100,"), "%s", json);
	cr_assert_null(strstr(json, "\"values\""));
	free(json);
	free(db);
}

typedef struct bad_id {
	const char *what;
	char id[200];
	char words[64]; /* the message must contain this */
} bad_id;

Test(units, resolve_malformed_every_kind, .timeout = 60)
{
	char out[600];
	char *db = three_nights("units-malformed", out);
	char *dir = support_tmpdir("units-malformed-none");
	char *none = support_path(dir, "none.db");
	mc_arena *a = mc_arena_new();
	mc_unit_rec *u;
	order_units(db, "A", a, &u);
	const char *good = u[0].identifier; /* 88.999.1/AC.<gtin>.<ser>.C */
	size_t len = strlen(good);
	char right = good[len - 1];
	char wrong = right == 'A' ? 'B' : 'A';
	const char *slash = strchr(good, '/');

	bad_id bad[12];
	int nb = 0;
#define BAD(w, words_, ...)                                                    \
	do {                                                                   \
		bad[nb].what = (w);                                            \
		snprintf(bad[nb].id, sizeof(bad[nb].id), __VA_ARGS__);         \
		snprintf(bad[nb].words, sizeof(bad[nb].words), "%s",           \
			 (words_));                                            \
		nb++;                                                          \
	} while (0)
	BAD("bad prefix", "prefix", "86.999.1%s", slash);
	BAD("prefix not digits", "prefix", "88.x9.1%s", slash);
	BAD("no slash", "'/'", "88.999.1%s", slash + 1);
	BAD("bad code", "code", "88.999.1/ac%s", slash + 3);
	BAD("GTIN check digit", "should be '4'",
	    "88.999.1/AC.09521234300015.%.14s", good + len - 14);
	BAD("short GTIN", "GTIN", "88.999.1/AC.0952123430001.%.14s",
	    good + len - 14);
	BAD("short serial", "serial", "%.*s%s", (int)(len - 14), good,
	    good + len - 13);
	{
		char want[64];
		snprintf(want, sizeof(want), "is '%c', the suffix needs '%c'",
			 wrong, right);
		BAD("wrong check character", want, "%.*s%c", (int)(len - 1),
		    good, wrong);
	}
	BAD("two check characters", "check", "%s%c", good, right);
	BAD("garbage", "'/'", "hello world");
	BAD("empty", "'/'", "%s", "");
	BAD("not UTF-8", "'/'", "88\xff\xfe\"\\");
#undef BAD

	for (int i = 0; i < nb; i++) {
		cr_assert_eq(
		    support_run(out, "resolve '%s' --db %s", bad[i].id, none),
		    2, "%s: %s", bad[i].what, bad[i].id);
		char *json = support_read(out);
		cr_assert(support_json_valid(json), "%s: not JSON:\n%s",
			  bad[i].what, json);
		cr_assert_not_null(strstr(json, "\"responseCode\": 102,"), "%s",
				   json);
		cr_assert_not_null(strstr(json, "\"message\": \""), "%s", json);
		cr_assert_not_null(strstr(json, bad[i].words),
				   "%s: want '%s' in\n%s", bad[i].what,
				   bad[i].words, json);
		free(json);
	}
	/* malformed input never opens (so never creates) the store */
	cr_assert_neq(access(none, F_OK), 0);
	mc_arena_free(a);
	free(none);
	free(dir);
	free(db);
}

/* ---- track ---- */

Test(units, track_late_units, .timeout = 60)
{
	char out[600];
	char *db = three_nights("units-track", out);
	mc_arena *a = mc_arena_new();
	mc_unit_rec *u;
	int n = order_units(db, "D", a, &u), late = 0;
	for (int i = 0; i < n; i++)
		late += unit_late(&u[i]);
	cr_assert_gt(late, 0, "the fixture must make D late");
	cr_assert_lt(late, n, "and some of D on time");

	cr_assert_eq(support_run(out, "track D --db %s", db), 0);
	char *text = support_read(out);
	char want[256];
	snprintf(want, sizeof(want),
		 "order D for 韩梅梅 (region %s)\n  %s: %s; quantity %d, "
		 "due %s; plan of run 3\n  units: %d planned (%d late), 0 "
		 "unmet, 0 cancelled\n",
		 u[0].region, u[0].family, u[0].options, n, u[0].due, n, late);
	cr_assert_not_null(strstr(text, want), "want\n%s\nin\n%s", want, text);
	cr_assert_eq(count_of(text, "LATE "), late, "%s", text);
	cr_assert_eq(count_of(text, "on time\n"), n - late, "%s", text);
	/* each unit's line: identifier, status, day, plant, arrival */
	for (int i = 0; i < n; i++) {
		const char *l = strstr(text, u[i].identifier);
		cr_assert_not_null(l);
		size_t ll = strcspn(l, "\n");
		char *line = strndup(l, ll);
		cr_assert_not_null(strstr(line, "planned"));
		cr_assert_not_null(strstr(line, u[i].day), "%s", line);
		cr_assert_not_null(strstr(line, u[i].plant), "%s", line);
		cr_assert_not_null(strstr(line, u[i].arrive), "%s", line);
		cr_assert_eq(strstr(line, "LATE") != NULL, unit_late(&u[i]),
			     "%s", line);
		free(line);
	}
	free(text);
	mc_arena_free(a);
	free(db);
}

/*
 * A unit scrapped after the night planned it counts in its order's
 * quantity until the next night plans a new one: `track` said "quantity
 * 2 ... 0 planned, 0 unmet" of the samples' order of 3 shirts whose third
 * the floor scrapped, as if the order had shrunk.
 */
Test(units, track_a_scrap_before_the_next_night, .timeout = 120)
{
	char *dir = support_tmpdir("units-scrap");
	char *db = support_path(dir, "mc.db");
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--start 2026-11-25 --frozen-days 3",
				    db),
		     0);
	cr_assert_eq(support_run_in(dir,
				    "actuals "
				    "../data/samples/floor/2026-11-25.csv "
				    "--db %s",
				    db),
		     0);
	cr_assert_eq(support_run_in(dir, "track SO-20261118-0007 --db %s", db),
		     0);
	char *t = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(t, "; quantity 3, due 2026-11-29; plan of "
				     "run 1\n  units: 2 made (0 shipped, 0 "
				     "late), 0 planned (0 late), 0 unmet, 1 "
				     "cancelled\n  1 scrapped since the plan "
				     "of run 1: the next night plans a new "
				     "unit\n"),
			   "%s", t);
	free(t);
	/* serve's /order/ID says the same */
	mc_arena *a = mc_arena_new();
	mc_unit_rec *u;
	int n = order_units(db, "SO-20261118-0007", a, &u);
	size_t len;
	FILE *f = open_memstream(&t, &len);
	mc_units_order_json("SO-20261118-0007", u, n, NULL, f);
	fclose(f);
	mc_arena_free(a);
	cr_assert_not_null(strstr(t, "\"quantity\": 3,"), "%s", t);
	cr_assert_not_null(strstr(t, "\"withdrawn\": false,"), "%s", t);
	cr_assert_not_null(strstr(t, "\"units_to_replan\": 1,"), "%s", t);
	free(t);
	/* the next night plans the new unit: nothing left to plan again */
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--start 2026-11-26 --frozen-days 3",
				    db),
		     0);
	cr_assert_eq(support_run_in(dir, "track SO-20261118-0007 --db %s", db),
		     0);
	t = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(t, "; quantity 3, due 2026-11-29; plan of "
				     "run 2\n  units: 2 made (0 shipped, 0 "
				     "late), 1 planned"),
			   "%s", t);
	cr_assert_null(strstr(t, "scrapped since"), "%s", t);
	free(t);
	free(db);
	free(dir);
}

Test(units, track_unknown_order, .timeout = 60)
{
	char out[600], err[640];
	char *db = three_nights("units-track-unknown", out);
	snprintf(err, sizeof(err), "%s.err", out);
	cr_assert_eq(support_run(out, "track NO-SUCH-ORDER --db %s", db), 3);
	char *text = support_read(err);
	cr_assert_not_null(strstr(text, "no order 'NO-SUCH-ORDER'"), "%s",
			   text);
	free(text);
	cr_assert_eq(support_run(out, "track --db %s", db), 1);
	free(db);
}

/* ---- labels ---- */

/* The units run 3 planned, from the store. */
static int planned_units(const char *db, mc_arena *a, mc_view_unit **pu)
{
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = support_store_open(db);
	mc_run_view v;
	cr_assert_eq(mc_store_load_run(s, 3, a, &v, &d), 0);
	mc_store_close(s);
	mc_diag_release(&d);
	int n = 0;
	*pu = mc_arena_calloc(a, (size_t)v.nunits + 1, sizeof(**pu));
	for (int i = 0; i < v.nunits; i++)
		if (strcmp(v.units[i].status, "planned") == 0)
			(*pu)[n++] = v.units[i];
	return n;
}

Test(units, labels_csv, .timeout = 60)
{
	char out[600], file[600];
	char *db = three_nights("units-labels", out);
	snprintf(file, sizeof(file), "%s.out.csv", support_beside(db));
	mc_arena *a = mc_arena_new();
	mc_view_unit *pu;
	int n = planned_units(db, a, &pu);
	cr_assert_gt(n, 0);

	cr_assert_eq(support_run(out, "labels latest --db %s", db), 0);
	char *csv = support_read(out);
	static const char title[] =
	    "identifier,gs1,digital_link,plant,resource,day,order,unit,of,"
	    "family,options\n";
	cr_assert_eq(strncmp(csv, title, strlen(title)), 0, "%s", csv);
	cr_assert_eq(count_of(csv, "\n"), n + 1, "%s", csv);
	for (int i = 0; i < n; i++) {
		mc_id_parts p;
		char why[160], row[512], gs1[MC_ID_MAX];
		cr_assert_eq(
		    mc_id_parse(pu[i].identifier, &p, why, sizeof(why)), 0);
		mc_id_gs1(gs1, sizeof(gs1), p.gtin, p.serial);
		snprintf(row, sizeof(row),
			 "\n%s,%s,https://id.example.com/01/%s/21/%s,%s,%s,"
			 "%s,%s,%d,",
			 pu[i].identifier, gs1, p.gtin, p.serial_text,
			 pu[i].plant, pu[i].resource, pu[i].day, pu[i].order,
			 pu[i].seq);
		cr_assert_not_null(strstr(csv, row), "want %s in\n%s", row,
				   csv);
	}

	/* --out: the same bytes in a file, no temporary file left over */
	cr_assert_eq(support_run(out, "labels 3 --db %s --out %s", db, file),
		     0);
	char *saved = support_read(file);
	cr_assert_not_null(saved);
	cr_assert_str_eq(saved, csv);
	free(saved);
	cr_assert_neq(support_sh("ls %s.tmp-* >/dev/null 2>&1", file), 0);

	/* --domain */
	cr_assert_eq(support_run(out,
				 "labels published --db %s --domain id.acme.cn",
				 db),
		     0);
	char *other = support_read(out);
	cr_assert_eq(count_of(other, ",https://id.acme.cn/01/"), n);
	cr_assert_eq(count_of(other, "id.example.com"), 0);
	free(other);
	free(csv);

	/* a bad domain is a usage error and writes nothing */
	unlink(file);
	cr_assert_eq(support_run(out,
				 "labels 3 --db %s --domain 'a b/c' --out %s",
				 db, file),
		     1);
	cr_assert_neq(access(file, F_OK), 0);
	/* an unknown run */
	cr_assert_eq(support_run(out, "labels 99 --db %s", db), 4);
	mc_arena_free(a);
	free(db);
}

/* The QR symbol of an SVG from reports/qr.c read back into a grid
 * (1 = dark), quiet zone included; *size its side.  NULL when the SVG does
 * not have the expected shape. */
static unsigned char *svg_grid(const char *svg, int *size)
{
	const char *vb = strstr(svg, "viewBox=\"0 0 ");
	if (!vb || sscanf(vb, "viewBox=\"0 0 %d", size) != 1 || *size < 29 ||
	    *size > 200)
		return NULL;
	unsigned char *g = calloc((size_t)(*size * *size), 1);
	const char *d = strstr(svg, " d=\"");
	if (!d)
		return g;
	d += 4;
	int x, y, w, w2, used;
	while (sscanf(d, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &w2, &used) == 4) {
		if (w != w2 || x < 0 || y < 0 || x + w > *size || y >= *size) {
			free(g);
			return NULL;
		}
		for (int i = 0; i < w; i++)
			g[y * *size + x + i] = 1;
		d += used;
	}
	return g;
}

/* 1 if a finder pattern (7x7: dark ring, light ring, 3x3 dark core)
 * stands at (x0, y0). */
static int finder_at(const unsigned char *g, int size, int x0, int y0)
{
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			int ring = x == 0 || y == 0 || x == 6 || y == 6;
			int core = x >= 2 && x <= 4 && y >= 2 && y <= 4;
			if (g[(y0 + y) * size + x0 + x] != (ring || core))
				return 0;
		}
	return 1;
}

Test(units, labels_qr_svg, .timeout = 60)
{
	char out[600], dir[600];
	char *db = three_nights("units-qr", out);
	snprintf(dir, sizeof(dir), "%s.qr", support_beside(db));
	mc_arena *a = mc_arena_new();
	mc_view_unit *pu;
	int n = planned_units(db, a, &pu);

	cr_assert_eq(support_run(out, "labels 3 --db %s --qr %s", db, dir), 0);
	DIR *dp = opendir(dir);
	cr_assert_not_null(dp);
	int files = 0;
	struct dirent *e;
	while ((e = readdir(dp)))
		files += e->d_name[0] != '.';
	closedir(dp);
	cr_assert_eq(files, n, "one SVG per planned unit");

	char *prev = NULL;
	for (int i = 0; i < n; i++) {
		mc_id_parts p;
		char why[160], name[64];
		cr_assert_eq(
		    mc_id_parse(pu[i].identifier, &p, why, sizeof(why)), 0);
		snprintf(name, sizeof(name), "%s.svg", p.serial_text);
		char *path = support_path(dir, name);
		char *svg = support_read(path);
		cr_assert_not_null(svg, "no %s", path);
		cr_assert(strncmp(svg, "<svg", 4) == 0 ||
			      strncmp(svg, "<?xml", 5) == 0,
			  "%s", path);
		cr_assert_not_null(strstr(svg, "</svg>\n"));
		int size;
		unsigned char *g = svg_grid(svg, &size);
		cr_assert_not_null(g, "%s: unexpected SVG", path);
		int w = size - 8; /* quiet zone of 4 modules each side */
		cr_assert_eq((w - 17) % 4, 0, "side %d is no QR version", w);
		cr_assert(finder_at(g, size, 4, 4));
		cr_assert(finder_at(g, size, 4 + w - 7, 4));
		cr_assert(finder_at(g, size, 4, 4 + w - 7));
		cr_assert_not(finder_at(g, size, 4 + w - 7, 4 + w - 7));
		for (int k = 0; k < size; k++) /* quiet zone is light */
			cr_assert(!g[k] && !g[k * size] &&
				  !g[(size - 1) * size + k]);
		if (prev)
			cr_assert_str_neq(prev, svg,
					  "different URIs, same QR code");
		free(prev);
		prev = svg;
		free(g);
		free(path);
	}
	free(prev);
	mc_arena_free(a);
	free(db);
}

/* ---- a killed run ---- */

Test(units, killed_run_changes_nothing, .timeout = 240)
{
	char *dir = support_tmpdir("units-kill");
	char *db = support_db(dir, "mc.db");
	cr_assert_eq(plan_night(db, 1, NULL), 0);
	char *before = dump(db);
	uint64_t serial = next_serial(db);
	int killed = 0, st = -1, at;
	for (at = 1; at <= 1000; at++) {
		char env[64];
		snprintf(env, sizeof(env), "MCSCHED_TEST_KILL_AT=%d", at);
		st = plan_night(db, 2, env);
		if (st == 0)
			break;
		/* killed by SIGKILL: the shell reports 128 + 9, or exec'd */
		cr_assert(st == -1 || st == 128 + 9, "write %d: status %d", at,
			  st);
		killed++;
		char *after = dump(db);
		cr_assert_str_eq(after, before, "killed at write %d", at);
		free(after);
		cr_assert_eq(next_serial(db), serial);
	}
	cr_assert_eq(st, 0, "the plan never got through");
	cr_assert_gt(killed, 10, "only %d writes", killed);
	/* the run that got through did change the store */
	char *after = dump(db);
	cr_assert_str_neq(after, before);
	cr_assert_eq(next_serial(db), serial + 2);
	free(after);
	free(before);
	free(db);
	free(dir);
}

/* The store's connection ended by the server in the middle of a save
 * (MCSCHED_TEST_DROP_AT=N: pg_terminate_backend() of its own session, as
 * an operator's kill or a server crash would end it) leaves no partial
 * run: the plan fails with the store's error and the store is as it was;
 * then the same night, planned again, completes.  A store with no server
 * (SQLite) fails the write instead: the same outcome. */
Test(units, dropped_connection_changes_nothing, .timeout = 240)
{
	char *dir = support_tmpdir("units-drop");
	char *db = support_db(dir, "mc.db");
	cr_assert_eq(plan_night(db, 1, NULL), 0);
	char *before = dump(db);
	uint64_t serial = next_serial(db);
	static const int at[] = {1, 3, 30};
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		char env[64], out[320];
		snprintf(env, sizeof(env), "MCSCHED_TEST_DROP_AT=%d", at[i]);
		cr_assert_eq(plan_night(db, 2, env), 4, "write %d", at[i]);
		snprintf(out, sizeof(out), "%s.plan", support_beside(db));
		char *err = support_read(out);
		cr_assert_not_null(
		    strstr(err, support_db_postgres()
				    ? "the connection to the server was lost"
				    : "injected failure"),
		    "write %d: %s", at[i], err);
		free(err);
		char *after = dump(db);
		cr_assert_str_eq(after, before, "dropped at write %d", at[i]);
		free(after);
		cr_assert_eq(next_serial(db), serial);
	}
	cr_assert_eq(plan_night(db, 2, NULL), 0);
	cr_assert_eq(support_q1(db, "SELECT count(*) FROM runs"), 2);
	free(before);
	free(db);
	free(dir);
}

/* The release binary has no test hook: MCSCHED_TEST_KILL_AT changes
 * nothing there (the plan is stored), and the name is not in it; the
 * hooked binary has it. */
Test(units, release_binary_has_no_hook, .timeout = 120)
{
	char *dir = support_tmpdir("units-nohook");
	char *db = support_db(dir, "mc.db");
	cr_assert_eq(plan_night(db, 1, NULL), 0);
	cr_assert_eq(support_sh("MCSCHED_TEST_KILL_AT=1 %s plan -q -c "
				"%s/catalog.yaml -p %s/plants.yaml -o "
				"%s/orders2.yaml --db %s >%s.out 2>&1",
				support_bin(), FIX, FIX, FIX, db,
				support_beside(db)),
		     0);
	cr_assert_eq(support_q1(db, "SELECT count(*) FROM runs"), 2);
	cr_assert_neq(
	    support_sh("grep -q MCSCHED_TEST_KILL_AT %s", support_bin()), 0,
	    "the release binary reads the test hook");
	cr_assert_eq(
	    support_sh("grep -q MCSCHED_TEST_KILL_AT %s", support_bin_hooks()),
	    0);
	free(db);
	free(dir);
}

/* ---- help ---- */

Test(units, help_of_each_command)
{
	static const char *const cmds[] = {"resolve", "track", "labels"};
	char *dir = support_tmpdir("units-help");
	char *out = support_path(dir, "help.txt");
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(support_run(out, "%s --help", cmds[i]), 0);
		char *text = support_read(out), want[64];
		snprintf(want, sizeof(want), "usage: mcsched %s ", cmds[i]);
		cr_assert_eq(strncmp(text, want, strlen(want)), 0, "%s", text);
		free(text);
		cr_assert_eq(support_run(out, "%s", cmds[i]), 1,
			     "%s without args", cmds[i]);
	}
	free(out);
	free(dir);
}
