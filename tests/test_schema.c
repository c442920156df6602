/*
 * test_schema.c - the JSON the tools print against the JSON Schemas the
 * repository ships (docs/schema/), checked with Debian's
 * python3-jsonschema (tests/validate.py, draft 2020-12): the report of a
 * plan run and of a what-if run, and the resolve records (found, not
 * found, malformed).  Broken copies must fail, so the check is real.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VALIDATE "/usr/bin/python3 validate.py"

/* Validates dir/name against docs/schema/schema; the exit status, with
 * the violations in dir/violations. */
static int validate(const char *dir, const char *schema, const char *name)
{
	return support_sh(VALIDATE " ../docs/schema/%s %s/%s >%s/violations "
				   "2>&1",
			  schema, dir, name, dir);
}

/* The JSON report of run `run` in dir/<prefix><run>.json (from database
 * db) valid against docs/schema/report.schema.json. */
static void report_valid(const char *dir, const char *db, int run,
			 const char *prefix)
{
	char name[32];
	snprintf(name, sizeof(name), "%s%d.json", prefix, run);
	cr_assert_eq(support_run_in(dir,
				    "report %d --db %s --format json --out "
				    "%s/%s",
				    run, db, dir, name),
		     0);
	int rc = validate(dir, "report.schema.json", name);
	char *why = support_read_in(dir, "violations");
	cr_assert_eq(rc, 0, "run %d:\n%s", run, why);
	free(why);
}

Test(schema, report_json_plan_and_whatif, .timeout = 180)
{
	char *dir = support_tmpdir("schema-report");
	char *db = support_plan_samples(dir);
	cr_assert_eq(support_run_in(dir,
				    "whatif -q --base latest --db %s "
				    "../data/samples/scenarios/line-down.yaml",
				    db),
		     0);
	for (int run = 1; run <= 2; run++)
		report_valid(dir, db, run, "r");
	char *r2 = support_read_in(dir, "r2.json");
	cr_assert_not_null(strstr(r2, "\"kind\": \"whatif\""));
	cr_assert_not_null(strstr(r2, "\"format_version\": 4,"));
	/* broken copies fail: a newer version, a key missing, a wrong
	 * type */
	struct {
		const char *from, *to, *words;
	} broken[] = {
	    {"\"format_version\": 4,", "\"format_version\": 5,",
	     "format_version"},
	    {"\"kpi\": {", "\"kpis\": {", "'kpi' is a required property"},
	    {"\"horizon_days\": 28,", "\"horizon_days\": \"28\",",
	     "horizon_days"},
	};
	for (int i = 0; i < 3; i++) {
		char *at = strstr(r2, broken[i].from);
		cr_assert_not_null(at, "%s", broken[i].from);
		size_t head = (size_t)(at - r2);
		char *copy = malloc(strlen(r2) + 32);
		sprintf(copy, "%.*s%s%s", (int)head, r2, broken[i].to,
			at + strlen(broken[i].from));
		free(support_write(dir, "broken.json", copy));
		free(copy);
		cr_assert_eq(validate(dir, "report.schema.json", "broken.json"),
			     1, "%s passed", broken[i].to);
		char *why = support_read_in(dir, "violations");
		cr_assert_not_null(strstr(why, broken[i].words), "%s", why);
		free(why);
	}
	free(r2);
	free(db);
	free(dir);
}

/* Format 3's keys with values in them: a night whose floor made units
 * (orders' made, made_late, made_arrive; the KPIs' units made and fill
 * rate), kept back (state, hold_reason, its banner), and the published
 * run's report naming it (a banner line of its own). */
Test(schema, report_json_made_and_kept_back)
{
	char *dir = support_tmpdir("schema-kept");
	char *db = support_db(dir, "mc.db");
	cr_assert_eq(
	    support_run_in(dir, "plan -q ../data/samples/job.yaml --db %s", db),
	    0);
	cr_assert_gt(
	    support_floor_day(dir, db, 1, "2026-11-25", "2026-11-26", 5, ""),
	    5);
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--start 2026-11-26 --max-gap 0.0001",
				    db),
		     MC_EHELD);
	for (int run = 1; run <= 2; run++)
		report_valid(dir, db, run, "k");
	char *k1 = support_read_in(dir, "k1.json");
	char *k2 = support_read_in(dir, "k2.json");
	cr_assert_not_null(strstr(k1, "\"banner\": [\"run 2 of 2026-11-26 was "
				      "kept back: "),
			   "%.600s", k1);
	cr_assert_not_null(strstr(k2, "\"state\": \"kept back\""));
	cr_assert_not_null(strstr(k2, "\"made_arrive\": \"2026-11-2"));
	free(k1);
	free(k2);
	free(db);
	free(dir);
}

Test(schema, resolve_records, .timeout = 60)
{
	char *dir = support_tmpdir("schema-handle");
	char *db = support_plan_samples(dir);
	cr_assert_eq(support_run_in(dir, "labels latest --db %s", db), 0);
	char *csv = support_read_in(dir, "out.txt");
	char id[200];
	cr_assert_eq(sscanf(strchr(csv, '\n') + 1, "%199[^,]", id), 1);
	free(csv);
	const struct {
		const char *ref;
		int status;
	} cases[] = {{id, 0},
		     {"(01)09521234200017(21)999999999999", 3},
		     {"88.999.1/XX", 2}};
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s",
					    cases[i].ref, db),
			     cases[i].status, "%s", cases[i].ref);
		int rc = validate(dir, "handle.schema.json", "out.txt");
		char *why = support_read_in(dir, "violations");
		cr_assert_eq(rc, 0, "%s:\n%s", cases[i].ref, why);
		free(why);
	}
	/* a unit the floor reported: its floor values are in the schema */
	char rows[600];
	snprintf(rows, sizeof(rows),
		 "identifier,status,date\n%s,produced,2026-12-01\n"
		 "%s,shipped,2026-12-02\n",
		 id, id);
	free(support_write(dir, "floor.csv", rows));
	cr_assert_eq(
	    support_run_in(dir, "actuals %s/floor.csv --db %s", dir, db), 0);
	cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s", id, db), 0);
	char *json = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(json, "\"plan_status\""), "%s", json);
	free(json);
	int rc = validate(dir, "handle.schema.json", "out.txt");
	char *why = support_read_in(dir, "violations");
	cr_assert_eq(rc, 0, "%s", why);
	free(why);
	free(support_write(dir, "broken.json",
			   "{\"responseCode\": 1, \"handle\": \"x\"}"));
	cr_assert_eq(validate(dir, "handle.schema.json", "broken.json"), 1);
	free(db);
	free(dir);
}
