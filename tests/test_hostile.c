/*
 * test_hostile.c - hostile and absurd inputs and command lines (issue 11).
 * Each case runs mcsched against a database that already holds a good
 * run and checks three things: the exit status, the message at its
 * file:line:column (or its text, for messages without a position), and
 * that the database's bytes are as they were.
 *
 * Fixtures: fixtures/hostile/ holds good inputs; each file of
 * fixtures/hostile/bad/ is a copy of one of them with one thing wrong
 * (its first line says what).  Files too big to keep in the repository
 * are written by the case's maker into the case's own directory.
 *
 * Runs with cwd = tests/ and $MCSCHED naming the binary (make test).
 */
#include "load.h"
#include "support.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H	"fixtures/hostile"
#define GOOD_CP "-c " H "/catalog.yaml -p " H "/plants.yaml"
#define GOOD	"-c " H "/catalog.yaml -p " H "/plants.yaml -o " H "/orders.yaml"
#define CHECK_C(f)                                                             \
	"check -c " H "/bad/" f " -p " H "/plants.yaml -o " H "/orders.yaml"
#define CHECK_P(f)                                                             \
	"check -c " H "/catalog.yaml -p " H "/bad/" f " -o " H "/orders.yaml"
#define CHECK_O(f)                                                             \
	"check -c " H "/catalog.yaml -p " H "/plants.yaml -o " H "/bad/" f
#define PLAN_C(f)                                                              \
	"plan --db {DB} -c " H "/bad/" f " -p " H "/plants.yaml -o " H         \
	"/orders.yaml"
#define PLAN_P(f)                                                              \
	"plan --db {DB} -c " H "/catalog.yaml -p " H "/bad/" f " -o " H        \
	"/orders.yaml"
#define PLAN_O(f)                                                              \
	"plan --db {DB} -c " H "/catalog.yaml -p " H "/plants.yaml -o " H      \
	"/bad/" f

/* What a case writes into its directory {T} before it runs. */
enum maker {
	MAKE_NONE,
	MAKE_FAMILIES, /* T/catalog.yaml with 1001 families */
	MAKE_LANES,    /* T/plants.yaml with 10001 lanes */
	MAKE_UNITS,    /* T/orders.yaml asking 5,010,000 units */
	MAKE_FIFO,     /* T/orders.yaml a FIFO nobody writes */
	MAKE_HUGE,     /* T/orders.yaml a sparse file over the size bound */
	MAKE_KEYS,     /* T/orders.yaml with a mapping of 10001 keys */
	MAKE_ITEMS,    /* T/plants.yaml with a sequence of 1000001 items */
	MAKE_ALIASES,  /* T/orders.yaml with 10001 aliases */
	MAKE_ERRORS,   /* T/orders.yaml with 2000 unknown families */
	MAKE_LINK,     /* T/link.db a symbolic link to the database */
	MAKE_WIDE,     /* T/: 1000 families, 100 plants making f1, 366 days,
			* orders.yaml of 28000 orders, empty.yaml of none */
};

struct hostile {
	const char *args;  /* {DB} is the database, {T} the case's directory */
	int status;	   /* expected exit status */
	const char *where; /* "file:line:col: " (a path suffix), or NULL */
	const char *msg;   /* what the message says, right after where */
	enum maker make;
};

static struct hostile cases[] = {
    /* numbers out of bounds, one per kind of number */
    {PLAN_O("qty_intmax.yaml"), 2, "qty_intmax.yaml:8:15: ",
     "'quantity' 2147483647 is above the limit of 10000", MAKE_NONE},
    {CHECK_O("qty_1e7.yaml"), 2, "qty_1e7.yaml:8:15: ",
     "'quantity' 1e7 is above the limit of 10000", MAKE_NONE},
    {PLAN_O("priority_big.yaml"), 2, "priority_big.yaml:11:15: ",
     "'priority' 1000 is above the limit of 100", MAKE_NONE},
    {CHECK_O("priority_tiny.yaml"), 2, "priority_tiny.yaml:11:15: ",
     "'priority' 1e-300 is below the smallest amount", MAKE_NONE},
    {PLAN_O("late_1e308.yaml"), 2, "late_1e308.yaml:12:19: ",
     "'late_penalty' 1e308 is above the limit of 1000000", MAKE_NONE},
    {PLAN_O("unmet_1e12.yaml"), 2, "unmet_1e12.yaml:13:20: ",
     "'unmet_penalty' 1e12 is above the limit", MAKE_NONE},
    {PLAN_O("maxlate_intmax.yaml"), 2, "maxlate_intmax.yaml:14:20: ",
     "'max_late_days' 2147483647 is above the limit of 366", MAKE_NONE},
    {PLAN_O("due_2100.yaml"), 2, "due_2100.yaml:9:10: ",
     "date '2100-01-01' is outside 2000-01-01..2099-12-31", MAKE_NONE},
    {CHECK_O("release_1999.yaml"), 2, "release_1999.yaml:10:14: ",
     "date '1999-12-31' is outside 2000-01-01..2099-12-31", MAKE_NONE},
    {PLAN_C("routing_1e308.yaml"), 2, "routing_1e308.yaml:8:26: ",
     "'assembly' 1e308 is above the limit of 10000", MAKE_NONE},
    {CHECK_C("holding_1e7.yaml"), 2, "holding_1e7.yaml:9:19: ",
     "'holding_cost' 1e7 is above the limit of 1000000", MAKE_NONE},
    {CHECK_C("optcost_1e9.yaml"), 2, "optcost_1e9.yaml:15:23: ",
     "'cost' 1e9 is above the limit of 1000000", MAKE_NONE},
    {CHECK_C("optmin_big.yaml"), 2, "optmin_big.yaml:15:48: ",
     "'assembly' 10001 is above the limit of 10000", MAKE_NONE},
    {CHECK_C("optmat_big.yaml"), 2, "optmat_big.yaml:15:74: ",
     "'fabric' 1e5 is above the limit of 10000", MAKE_NONE},
    {PLAN_P("hours_1e308.yaml"), 2, "hours_1e308.yaml:12:16: ",
     "'hours' 1e308 is above the limit of 10000", MAKE_NONE},
    {CHECK_P("calendar_big.yaml"), 2, "calendar_big.yaml:13:33: ",
     "'2026-11-28' 100000 is above the limit of 10000", MAKE_NONE},
    {CHECK_P("ot_hours_big.yaml"), 2, "ot_hours_big.yaml:14:28: ",
     "'hours' 1e6 is above the limit of 10000", MAKE_NONE},
    {CHECK_P("ot_cost_big.yaml"), 2, "ot_cost_big.yaml:14:37: ",
     "'cost' 1e7 is above the limit of 1000000", MAKE_NONE},
    {CHECK_P("plantcost_big.yaml"), 2, "plantcost_big.yaml:8:20: ",
     "'sofa' 1e7 is above the limit of 1000000", MAKE_NONE},
    {PLAN_P("lane_days_intmax.yaml"), 2, "lane_days_intmax.yaml:18:39: ",
     "'days' 2147483647 is above the limit of 120", MAKE_NONE},
    {CHECK_P("lane_days_121.yaml"), 2, "lane_days_121.yaml:18:39: ",
     "'days' 121 is above the limit of 120", MAKE_NONE},
    {CHECK_P("lane_cost_1e12.yaml"), 2, "lane_cost_1e12.yaml:18:48: ",
     "'cost' 1e12 is above the limit of 1000000", MAKE_NONE},
    {CHECK_P("stock_1e10.yaml"), 2, "stock_1e10.yaml:16:24: ",
     "'stock' 1e10 is above the limit of 1000000000", MAKE_NONE},
    {CHECK_P("receipt_1e10.yaml"), 2, "receipt_1e10.yaml:16:53: ",
     "'2026-11-26' 1e10 is above the limit of 1000000000", MAKE_NONE},
    {CHECK_P("horizon_367.yaml"), 2, "horizon_367.yaml:3:37: ",
     "horizon of 367 days is longer than 366", MAKE_NONE},
    {PLAN_P("start_2100.yaml"), 2, "start_2100.yaml:3:19: ",
     "date '2100-01-01' is outside 2000-01-01..2099-12-31", MAKE_NONE},
    {CHECK_P("holiday_2100.yaml"), 2,
     "holiday_2100.yaml:7:16: ", "date '2100-01-01' is outside", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_time_neg.yaml", 2,
     "job_time_neg.yaml:5:13: ",
     "expected a positive number for 'time_limit', found '-1'", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_time_big.yaml", 2,
     "job_time_big.yaml:5:13: ", "'time_limit' 1e9 is above the limit of 86400",
     MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_round_neg.yaml", 2,
     "job_round_neg.yaml:5:13: ",
     "expected a non-negative number for 'round_time', found '-1'", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_round_big.yaml", 2,
     "job_round_big.yaml:5:13: ",
     "'round_time' 1e9 is above the limit of 86400", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_frozen_big.yaml", 2,
     "job_frozen_big.yaml:5:14: ",
     "'frozen_days' 400 is above the limit of 366", MAKE_NONE},

    /* counts out of bounds */
    {CHECK_C("options_33.yaml"), 2, "options_33.yaml:12:7: ",
     "33 options, more than the limit of 32", MAKE_NONE},
    {CHECK_C("values_501.yaml"), 2, "values_501.yaml:13:9: ",
     "501 values, more than the limit of 500", MAKE_NONE},
    {CHECK_C("kinds_101.yaml"), 2, "kinds_101.yaml:7:806: ",
     "more than 100 resource kinds (the limit)", MAKE_NONE},
    {CHECK_P("regions_1001.yaml"), 2, "regions_1001.yaml:4:10: ",
     "1001 regions, more than the limit of 1000", MAKE_NONE},
    {CHECK_P("plants_101.yaml"), 2, "plants_101.yaml:6:3: ",
     "101 plants, more than the limit of 100", MAKE_NONE},
    {CHECK_P("holidays_1001.yaml"), 2, "holidays_1001.yaml:7:15: ",
     "1001 holidays, more than the limit of 1000", MAKE_NONE},
    {"check -c {T}/catalog.yaml -p " H "/plants.yaml -o " H "/orders.yaml", 2,
     "catalog.yaml:2:3: ", "1001 families, more than the limit of 1000",
     MAKE_FAMILIES},
    {"plan --db {DB} -c " H "/catalog.yaml -p {T}/plants.yaml -o " H
     "/orders.yaml",
     2, "plants.yaml:6:3: ", "10001 lanes, more than the limit of 10000",
     MAKE_LANES},
    {"plan --db {DB} -c " H "/catalog.yaml -p " H
     "/plants.yaml -o {T}/orders.yaml",
     2, "orders.yaml:2:3: ",
     "5010000 units ordered in all, more than the limit of 5000000",
     MAKE_UNITS},

    /* files that are not what they seem, or too big to be real */
    {"plan --db {DB} " GOOD_CP " -o {T}/orders.yaml", 2, NULL,
     "orders.yaml' is not a regular file (a FIFO, a device or a socket)",
     MAKE_FIFO},
    {"plan --db {DB} " GOOD_CP " -o /dev/zero", 2, NULL,
     "'/dev/zero' is not a regular file", MAKE_NONE},
    {"plan --db {DB} -c " H "/bad -p " H "/plants.yaml -o " H "/orders.yaml", 2,
     NULL, "'" H "/bad' is a directory, not a file", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_dir.yaml", 2, NULL,
     "'" H "/bad/..' is a directory, not a file", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_zero.yaml", 2, NULL,
     "'/dev/zero' is not a regular file", MAKE_NONE},
    {"plan --db {DB} /dev/null", 2, NULL, "'/dev/null' is not a regular file",
     MAKE_NONE},
    {"plan --db {DB} " GOOD_CP " -o {T}/orders.yaml", 2, NULL,
     "orders.yaml' is 268435457 bytes, more than the limit of 268435456",
     MAKE_HUGE},
    {CHECK_O("empty.yaml"), 2, NULL,
     "empty.yaml: empty file, expected a mapping", MAKE_NONE},
    {CHECK_O("two_docs.yaml"), 2, "two_docs.yaml:23:1: ",
     "a second yaml document, expected only one", MAKE_NONE},

    /* YAML shapes: nesting, sizes, aliases, text */
    {PLAN_O("deep.yaml"), 2,
     "deep.yaml:7:40: ", "nested more than 20 levels deep", MAKE_NONE},
    {"check " GOOD_CP " -o {T}/orders.yaml", 2,
     "orders.yaml:2:5: ", "a mapping of more than 10000 keys", MAKE_KEYS},
    {"check -c " H "/catalog.yaml -p {T}/plants.yaml -o " H "/orders.yaml", 2,
     "plants.yaml:1:10: ", "a sequence of more than 1000000 items", MAKE_ITEMS},
    {"check " GOOD_CP " -o {T}/orders.yaml", 2, "orders.yaml:10003:5: ",
     "more than 10000 aliases in one file", MAKE_ALIASES},
    {CHECK_C("alias_loop.yaml"), 2, "alias_loop.yaml:3:11: ",
     "expected a mapping for each family, found a sequence", MAKE_NONE},
    {CHECK_O("long_text.yaml"), 2, "long_text.yaml:16:15: ",
     "text of 5000 bytes, more than the limit of 4096", MAKE_NONE},
    {PLAN_O("nul_id.yaml"), 2,
     "nul_id.yaml:3:9: ", "text with a NUL character ('\\0')", MAKE_NONE},
    {CHECK_O("nul_customer.yaml"), 2,
     "nul_customer.yaml:16:15: ", "text with a NUL character", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_nul.yaml", 2,
     "job_nul.yaml:5:5: ", "text with a NUL character", MAKE_NONE},
    {PLAN_O("utf8_bad.yaml"), 2, "utf8_bad.yaml:16:16: ",
     "invalid yaml: invalid leading UTF-8 octet (byte 0xff at offset 322; "
     "the file must be UTF-8)",
     MAKE_NONE},
    {CHECK_O("utf8_overlong.yaml"), 2, "utf8_overlong.yaml:4:15: ",
     "invalid yaml: invalid length of a UTF-8 sequence", MAKE_NONE},
    {CHECK_O("dup_key.yaml"), 2, "dup_key.yaml:21:5: ",
     "duplicate key 'quantity' (first at line 20)", MAKE_NONE},
    {CHECK_P("dup_lane.yaml"), 2, "dup_lane.yaml:19:5: ",
     "duplicate lane from 'P1' to 'south' (first at line 18)", MAKE_NONE},
    {"plan --db {DB} " GOOD_CP " -o {T}/orders.yaml", 2, NULL,
     "mcsched: 2000 errors in all, 1950 not shown", MAKE_ERRORS},

    /* command lines: what job.yaml refuses, the command line refuses */
    {"plan --db {DB} --time-limit -1 " GOOD, 1, NULL,
     "mcsched: --time-limit needs a positive number, not '-1'", MAKE_NONE},
    {"plan --db {DB} --time-limit=0 " GOOD, 1, NULL,
     "mcsched: --time-limit needs a positive number, not '0'", MAKE_NONE},
    {"plan --db {DB} --time-limit nan " GOOD, 1, NULL,
     "mcsched: --time-limit needs a positive number, not 'nan'", MAKE_NONE},
    {"plan --db {DB} --time-limit 1e9 " GOOD, 1, NULL,
     "mcsched: --time-limit 1e+09 is above the limit of 86400", MAKE_NONE},
    {"plan --db {DB} --round-time -1 " GOOD, 1, NULL,
     "mcsched: --round-time needs a non-negative number, not '-1'", MAKE_NONE},
    {"plan --db {DB} --round-time inf " GOOD, 1, NULL,
     "mcsched: --round-time needs a non-negative number, not 'inf'", MAKE_NONE},
    {"plan --db {DB} --round-time 1e9 " GOOD, 1, NULL,
     "mcsched: --round-time 1e+09 is above the limit of 86400", MAKE_NONE},
    {"plan --db {DB} --frozen-days -5 " GOOD, 1, NULL,
     "mcsched: --frozen-days needs a whole number from 0, not '-5'", MAKE_NONE},
    {"plan --db {DB} --frozen-days 400 " GOOD, 1, NULL,
     "mcsched: --frozen-days 400 is above the limit of 366", MAKE_NONE},
    {"plan --db {DB} --frozen-days 99999999999 " GOOD, 1, NULL,
     "mcsched: --frozen-days needs a whole number from 0, not "
     "'99999999999'",
     MAKE_NONE},
    {"plan --db '' " GOOD, 1, NULL, "mcsched: --db needs a value, not ''",
     MAKE_NONE},
    {"plan --db {DB} ''", 2, NULL, ": unable to open '': No such file",
     MAKE_NONE},
    {"report latest --db {DB} --out ''", 1, NULL,
     "mcsched: --out needs a value, not ''", MAKE_NONE},
    {"report '' --db {DB}", 1, NULL,
     "mcsched: bad run '' (expected a run number, 'latest' or 'published')",
     MAKE_NONE},
    {"gen --orders 1000001 {T}/gen", 1, NULL,
     "mcsched: gen needs --orders N (1 to 1000000) and a directory", MAKE_NONE},
    {"gen --orders 5 --seed -3 {T}/gen", 1, NULL,
     "mcsched: --seed needs a whole number from 0, not '-3'", MAKE_NONE},
    {"plan --db {T}/orders.yaml " GOOD, 4, NULL,
     "orders.yaml': not a regular file", MAKE_FIFO},
    {"runs --db {T}", 4, NULL, "': not a regular file", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_publish.yaml", 2, "job_publish.yaml:5:10: ",
     "unknown publish setting 'sometimes'", MAKE_NONE},
    {"plan --db {DB} " H "/bad/job_min_orders.yaml", 2,
     "job_min_orders.yaml:5:13: ",
     "expected a non-negative integer for 'min_orders', found '-1'", MAKE_NONE},
    {"plan --db {DB} -c {T}/catalog.yaml -p {T}/plants.yaml -o "
     "{T}/orders.yaml",
     2, "orders.yaml:1:1: ",
     "28000 orders over 366 days may need 2049600000 LP entries (each order: "
     "the plants that make its family x (1 + the resource kinds and "
     "materials the family uses) per day), more than the limit of "
     "2000000000",
     MAKE_WIDE},
    {"check -c {T}/catalog.yaml -p {T}/plants.yaml -o {T}/empty.yaml", 2,
     "empty.yaml:1:1: ",
     "1000 families x 100 plants x 366 days x 1 kinds is 36600000, more "
     "than the limit of 20000000",
     MAKE_WIDE},
    {"plan --db {DB} --publish sometimes " GOOD, 1, NULL,
     "mcsched: --publish is auto, always or never, not 'sometimes'", MAKE_NONE},
    {"plan --db {DB} --min-orders -1 " GOOD, 1, NULL,
     "mcsched: --min-orders needs a whole number from 0, not '-1'", MAKE_NONE},

    /* outputs: never the database, never a device, FIFO or directory */
    {"report latest --db {DB} --out {DB}", 2, NULL,
     "run.db': it is the database '", MAKE_NONE},
    {"report latest --db {DB} --out {T}/link.db", 2, NULL,
     "link.db': it is the database '", MAKE_LINK},
    {"labels latest --db {DB} --out {DB}-wal", 2, NULL,
     "run.db-wal': it is the database '", MAKE_NONE},
    {"export latest --db {DB} --lp {DB}", 2, NULL,
     "run.db': it is the database '", MAKE_NONE},
    {"export latest --db {DB} --mps {T}/link.db", 2, NULL,
     "link.db': it is the database '", MAKE_LINK},
    {"export latest --db {DB} --mathprog {T}/./run.db", 2, NULL,
     "run.db': it is the database '", MAKE_NONE},
    {"report latest --db {DB} --out {T}/orders.yaml", 2, NULL,
     "orders.yaml': not a regular file (mcsched replaces only those)",
     MAKE_FIFO},
    {"labels latest --db {DB} --out {T}", 2, NULL,
     "': not a regular file (mcsched replaces only those)", MAKE_NONE},
    {"export latest --db {DB} --lp {T}/orders.yaml", 2, NULL,
     "orders.yaml': not a regular file (mcsched replaces only those)",
     MAKE_FIFO},
    {"export latest --db {DB} --lp {T}/no/such/dir.lp", 2, NULL,
     "unable to write '", MAKE_NONE},
    {"compare latest published --db {DB} --out {DB}", 2, NULL,
     "run.db': it is the database '", MAKE_NONE},
    {"compare latest latest --db {DB} --format html --out {T}/link.db", 2, NULL,
     "link.db': it is the database '", MAKE_LINK},
    {"compare latest latest --db {DB} --out {T}/orders.yaml", 2, NULL,
     "orders.yaml': not a regular file (mcsched replaces only those)",
     MAKE_FIFO},
    {"compare latest 9 --db {DB}", 4, NULL, "no run 9 in '", MAKE_NONE},
    {"compare latest --db {DB}", 1, NULL,
     "compare takes 2 to 8 runs (numbers, 'latest' or 'published'), not 1",
     MAKE_NONE},
};

/* Writes dir/name: head, then count lines "<pre><i><post>" (i = 0, 1,
 * ...), then tail. */
static void write_repeated(const char *dir, const char *name, const char *head,
			   const char *pre, const char *post, int count,
			   const char *tail)
{
	char *path = support_path(dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	fputs(head, f);
	for (int i = 0; i < count; i++)
		fprintf(f, "%s%d%s", pre, i, post);
	fputs(tail, f);
	cr_assert_eq(fclose(f), 0);
	free(path);
}

/* dir/catalog.yaml with n families f0, f1, ... of assembly minutes. */
static void write_families(const char *dir, int n)
{
	write_repeated(dir, "catalog.yaml", "families:\n", "  - { id: f",
		       ", kind: furniture, code: SF, gtin: "
		       "\"09521234300014\", routing: { assembly: 1 }, "
		       "holding_cost: 1, late_penalty: 1, unmet_penalty: 1 }\n",
		       n, "");
}

static void make(enum maker m, const char *dir)
{
	switch (m) {
	case MAKE_FAMILIES:
		write_families(dir, MC_MAX_FAMILIES + 1);
		break;
	case MAKE_LANES:
		write_repeated(dir, "plants.yaml",
			       "enterprise: { name: x, prefix: \"88.999.1\" }\n"
			       "horizon: { start: 2026-11-25, days: 7 }\n"
			       "regions: [south]\n"
			       "plants: [ { id: P1, costs: { sofa: 100 }, "
			       "resources: [ { id: R1, kind: assembly, hours: "
			       "8 } ] } ]\n"
			       "lanes:\n",
			       "  - { plant: P1, region: south, days: ",
			       ", cost: 5 }\n", MC_MAX_LANES + 1, "");
		break;
	case MAKE_UNITS:
		write_repeated(dir, "orders.yaml", "orders:\n", "  - { id: O",
			       ", customer: x, region: south, "
			       "family: sofa, options: { colour: red }, "
			       "quantity: 10000, due: 2026-11-28 }\n",
			       MC_MAX_UNITS / MC_MAX_QUANTITY + 1, "");
		break;
	case MAKE_FIFO:
		cr_assert_eq(support_sh("mkfifo %s/orders.yaml", dir), 0);
		break;
	case MAKE_HUGE:
		cr_assert_eq(support_sh("truncate -s %lld %s/orders.yaml",
					MC_MAX_FILE_BYTES + 1, dir),
			     0);
		break;
	case MAKE_KEYS:
		write_repeated(dir, "orders.yaml", "orders:\n  - {\n", "    k",
			       ": 1,\n", MC_MAX_KEYS + 1, "  }\n");
		break;
	case MAKE_ITEMS:
		write_repeated(dir, "plants.yaml", "regions: [\n", "r", ",\n",
			       MC_MAX_ITEMS + 1, "]\n");
		break;
	case MAKE_ALIASES:
		write_repeated(dir, "orders.yaml",
			       "orders:\n  - &o { id: x }\n", "  - *o # ", "\n",
			       MC_MAX_ALIASES + 1, "");
		break;
	case MAKE_ERRORS:
		write_repeated(dir, "orders.yaml", "orders:\n", "  - { id: O",
			       ", customer: x, region: south, "
			       "family: sofaa, options: { colour: red }, "
			       "quantity: 1, due: 2026-11-28 }\n",
			       2000, "");
		break;
	case MAKE_WIDE:
		write_families(dir, MC_MAX_FAMILIES);
		write_repeated(
		    dir, "plants.yaml",
		    "enterprise: { name: x, prefix: \"88.999.1\" }\n"
		    "horizon: { start: 2026-01-01, days: 366 }\n"
		    "regions: [south]\n"
		    "lanes: []\n"
		    "plants:\n"
		    "  - { id: Q, costs: { f1: 1 }, resources: [ { id: "
		    "R, kind: assembly, hours: 8 } ] }\n",
		    "  - { id: P", ", costs: { f1: 1 }, resources: [] }\n",
		    MC_MAX_PLANTS - 1, "");
		write_repeated(dir, "orders.yaml", "orders:\n", "  - { id: O",
			       ", customer: x, region: south, family: f1, "
			       "quantity: 1, due: 2026-11-28 }\n",
			       28000, "");
		free(support_write(dir, "empty.yaml", "orders: []\n"));
		break;
	case MAKE_LINK:
		cr_assert_eq(support_sh("ln -s run.db %s/link.db", dir), 0);
		break;
	case MAKE_NONE:
		break;
	}
}

/* args with {DB} and {T} replaced; malloc'ed. */
static char *expand(const char *args, const char *dir, const char *db)
{
	size_t cap = strlen(args) * 2 + 8 * (strlen(dir) + strlen(db)) + 1;
	char *out = malloc(cap), *o = out;
	for (const char *p = args; *p;) {
		if (!strncmp(p, "{DB}", 4)) {
			o += sprintf(o, "%s", db);
			p += 4;
		} else if (!strncmp(p, "{T}", 3)) {
			o += sprintf(o, "%s", dir);
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* The digests of the database and its WAL, into dir/name.  An empty WAL
 * holds nothing: a command that only reads opens the database read-only
 * and, the last to close it, may leave SQLite's empty -wal behind. */
static void digest_db(const char *dir, const char *name)
{
	cr_assert_eq(support_sh("cd %s && sha256sum run.db "
				"$(find . -maxdepth 1 -name run.db-wal "
				"-size +0) >%s",
				dir, name),
		     0);
}

#define NCASES ((int)(sizeof(cases) / sizeof(*cases)))

/* The parameter is the case's index: Criterion may run each parameter in
 * a fresh process, where the table's pointers would not carry over. */
ParameterizedTestParameters(hostile, cases)
{
	static int index[NCASES];
	for (int i = 0; i < NCASES; i++)
		index[i] = i;
	return cr_make_param_array(int, index, NCASES);
}

ParameterizedTest(int *i, hostile, cases, .timeout = 120)
{
	const struct hostile *c = &cases[*i];
	char *dir = support_tmpdir("hostile");
	char *db = support_path(dir, "run.db");
	char *out = support_path(dir, "out.txt");
	cr_assert_eq(support_run(out, "plan -q --db %s " GOOD, db), 0,
		     "the good run failed");
	digest_db(dir, "before.txt");
	make(c->make, dir);

	char *args = expand(c->args, dir, db);
	int st = support_run(out, "%s", args);
	char *errpath = support_path(dir, "out.txt.err");
	char *err = support_read(errpath);
	cr_assert_not_null(err);
	cr_assert_eq(st, c->status, "mcsched %s: exit %d, expected %d:\n%s",
		     args, st, c->status, err);
	char want[1024];
	snprintf(want, sizeof(want), "%s%s", c->where ? c->where : "", c->msg);
	cr_assert_not_null(strstr(err, want), "mcsched %s: no '%s' in:\n%s",
			   args, want, err);

	digest_db(dir, "after.txt");
	cr_assert_eq(support_sh("cd %s && cmp -s before.txt after.txt", dir), 0,
		     "mcsched %s changed the database", args);
	free(err);
	free(errpath);
	free(args);
	free(out);
	free(db);
	free(dir);
}

/* ---- publishing an empty or shrunken order book ---- */

/* A directory with run 1, the good fixture's 2 orders, published. */
static char *published_dir(void)
{
	char *dir = support_tmpdir("publish");
	char *out = support_path(dir, "out.txt");
	cr_assert_eq(support_run(out, "plan -q --db %s/run.db " GOOD, dir), 0);
	free(out);
	return dir;
}

/* Runs `mcsched plan` on the good catalog and plants with dir/orders and
 * more arguments; returns the exit status, stderr in *err. */
static int plan_orders(const char *dir, const char *orders, const char *more,
		       char **err)
{
	char *out = support_path(dir, "out.txt");
	int st = support_run(out, "plan --db %s/run.db " GOOD_CP " -o %s/%s %s",
			     dir, dir, orders, more);
	char *errpath = support_path(dir, "out.txt.err");
	*err = support_read(errpath);
	cr_assert_not_null(*err);
	free(errpath);
	free(out);
	return st;
}

/* The output of `mcsched ARGS --db dir/run.db`, malloc'ed. */
static char *output_of(const char *dir, const char *args)
{
	char *out = support_path(dir, "out.txt");
	cr_assert_eq(support_run(out, "%s --db %s/run.db", args, dir), 0);
	char *text = support_read(out);
	cr_assert_not_null(text);
	free(out);
	return text;
}

/* `orders: []` is stored but neither published nor allowed to cancel the
 * published plan's units; --publish always publishes it. */
Test(publish, empty_order_book_is_held, .timeout = 60)
{
	char *dir = published_dir(), *err;
	free(support_write(dir, "empty.yaml", "orders: []\n"));
	char *track_before = output_of(dir, "track O1");

	cr_assert_eq(plan_orders(dir, "empty.yaml", "-q", &err), MC_EHELD, "%s",
		     err);
	cr_assert_not_null(
	    strstr(err, "mcsched: run 2 is not published and changed no unit: "
			"0 orders, fewer than --min-orders 1"),
	    "%s", err);
	free(err);
	char *runs = output_of(dir, "runs");
	cr_assert_not_null(strstr(runs, "*    1  plan"), "%s", runs);
	cr_assert_not_null(strstr(runs, "     2  plan"), "%s", runs);
	cr_assert_not_null(strstr(runs, "kept back: 0 orders, fewer than "
					"--min-orders 1\n"),
			   "%s", runs);
	free(runs);
	char *track = output_of(dir, "track O1");
	cr_assert_str_eq(track, track_before);
	cr_assert_not_null(strstr(track, "3 planned (0 late), 0 unmet, 0 "
					 "cancelled"),
			   "%s", track);
	free(track);

	cr_assert_eq(
	    plan_orders(dir, "empty.yaml", "-q --publish always", &err), 0,
	    "%s", err);
	cr_assert_eq(strstr(err, "not published"), NULL, "%s", err);
	free(err);
	runs = output_of(dir, "runs");
	cr_assert_not_null(strstr(runs, "*    3  plan"), "%s", runs);
	free(runs);
	track = output_of(dir, "track O1");
	cr_assert_not_null(strstr(track, "0 planned (0 late), 0 unmet, 3 "
					 "cancelled"),
			   "%s", track);
	free(track);
	free(track_before);
	free(dir);
}

/* dir/name with n orders O0, O1, ... of one red sofa each. */
static void write_orders(const char *dir, const char *name, int n)
{
	write_repeated(dir, name, "orders:\n", "  - { id: O",
		       ", customer: x, region: south, family: sofa, options: "
		       "{ colour: red }, quantity: 1, due: 2026-11-28 }\n",
		       n, "");
}

/* Fewer than half the published plan's orders is held; half is not. */
Test(publish, shrunken_order_book_is_held, .timeout = 60)
{
	char *dir = support_tmpdir("publish"), *err;
	write_orders(dir, "five.yaml", 5);
	write_orders(dir, "two.yaml", 2);
	write_orders(dir, "three.yaml", 3);
	cr_assert_eq(plan_orders(dir, "five.yaml", "-q", &err), 0, "%s", err);
	free(err);
	cr_assert_eq(plan_orders(dir, "two.yaml", "-q", &err), MC_EHELD, "%s",
		     err);
	cr_assert_not_null(strstr(err, "run 2 is not published and changed no "
				       "unit: 2 orders, less than half of the "
				       "5 of the published plan (run 1)"),
			   "%s", err);
	free(err);
	cr_assert_eq(plan_orders(dir, "three.yaml", "-q", &err), 0, "%s", err);
	cr_assert_eq(strstr(err, "not published"), NULL, "%s", err);
	free(err);
	char *runs = output_of(dir, "runs");
	cr_assert_not_null(strstr(runs, "*    3  plan"), "%s", runs);
	free(runs);
	free(dir);
}

/* --min-orders raises the floor; --publish never holds any run. */
Test(publish, min_orders_and_never, .timeout = 60)
{
	char *dir = published_dir(), *err;
	cr_assert_eq(support_sh("cp " H "/orders.yaml %s/two.yaml", dir), 0);
	cr_assert_eq(plan_orders(dir, "two.yaml", "-q --min-orders 3", &err),
		     MC_EHELD, "%s", err);
	cr_assert_not_null(
	    strstr(err, "run 2 is not published and changed no unit: 2 orders, "
			"fewer than --min-orders 3"),
	    "%s", err);
	free(err);
	cr_assert_eq(plan_orders(dir, "two.yaml", "-q --publish never", &err),
		     MC_EHELD, "%s", err);
	cr_assert_not_null(strstr(err, "run 3 is not published and changed no "
				       "unit: --publish never"),
			   "%s", err);
	free(err);
	char *runs = output_of(dir, "runs");
	cr_assert_not_null(strstr(runs, "*    1  plan"), "%s", runs);
	free(runs);
	free(dir);
}

/* ---- numbers at their bounds ---- */

/* Every kind of number at its upper bound (or its smallest non-zero
 * amount) together: quantities of 10000, money of 10^6 beside 0.0001,
 * priority 100, a 366-day horizon ending 2099-12-31, transit of 120 days,
 * max_late_days 366, 10^4 hours and minutes.  The bounds exist so that
 * this plans like any other night: exit 0, the LP optimal, the plan not
 * below its bound, and a report that reads it back. */
Test(hostile, every_number_at_its_bound, .timeout = 120)
{
	char *dir = support_tmpdir("extreme");
	char *out = support_path(dir, "out.txt");
	cr_assert_eq(support_run(out,
				 "plan --db %s/run.db -c " H "/extreme/catalog."
				 "yaml -p " H "/extreme/plants.yaml -o " H
				 "/extreme/orders.yaml",
				 dir),
		     0);
	char *text = support_read(out);
	cr_assert_not_null(strstr(text, "(LP optimal)"), "%s", text);
	cr_assert_not_null(strstr(text, ", gap "), "%s", text);
	cr_assert_null(strstr(text, ", gap -"), "%s", text);
	free(text);
	cr_assert_eq(support_run(out, "report latest --db %s/run.db", dir), 0);
	free(out);
	free(dir);
}

/* job.yaml's min_orders holds a run as --min-orders does; the command
 * line overrides it. */
Test(publish, job_min_orders, .timeout = 60)
{
	char *dir = published_dir();
	free(support_write(dir, "job.yaml",
			   "catalog: ../../" H "/catalog.yaml\n"
			   "plants: ../../" H "/plants.yaml\n"
			   "orders: ../../" H "/orders.yaml\n"
			   "min_orders: 3\n"));
	char *out = support_path(dir, "out.txt");
	cr_assert_eq(
	    support_run(out, "plan -q --db %s/run.db %s/job.yaml", dir, dir),
	    MC_EHELD);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "run 2 is not published and changed no "
				       "unit: 2 orders, fewer than "
				       "--min-orders 3"),
			   "%s", err);
	free(err);
	cr_assert_eq(support_run(out,
				 "plan -q --db %s/run.db --min-orders 2 "
				 "%s/job.yaml",
				 dir, dir),
		     0);
	err = support_read_in(dir, "out.txt.err");
	cr_assert_null(strstr(err, "not published"), "%s", err);
	free(err);
	char *runs = output_of(dir, "runs");
	cr_assert_not_null(strstr(runs, "*    3  plan"), "%s", runs);
	free(runs);
	free(out);
	free(dir);
}
