/*
 * test_ops.c - what an operator reads: `mcsched version` (--version, -V)
 * and the JSON-lines log of plan, whatif and actuals (--log-format json):
 * every line one valid JSON object with the time and its UTC offset, the
 * run's id once known, the phases, the stored run's figures, errors with
 * their file:line:column and the exit status, a kept-back night's 5 too.
 * serve's logs, /metrics and /healthz are tested in test_serve.c.
 *
 * Runs with cwd = tests/ and $MCSCHED naming the binary (make test).
 */
#include "cli.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SAMPLES "../data/samples"

static char *out_of(const char *dir, const char *name)
{
	char *s = support_read_in(dir, name);
	cr_assert_not_null(s, "no %s/%s", dir, name);
	return s;
}

/* The release, as the VERSION file says it. */
static char *release(void)
{
	char *v = support_read("../VERSION");
	cr_assert_not_null(v, "no VERSION file");
	v[strcspn(v, "\n")] = 0;
	return v;
}

Test(ops, version_three_ways, .timeout = 60)
{
	char *dir = support_tmpdir("ops-version");
	cr_assert_eq(support_run_in(dir, "--version"), 0);
	char *a = out_of(dir, "out.txt");
	cr_assert_eq(support_run_in(dir, "version"), 0);
	char *b = out_of(dir, "out.txt");
	cr_assert_eq(support_run_in(dir, "-V"), 0);
	char *c = out_of(dir, "out.txt");
	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, c);

	/* "mcsched 0.9.0 (git 1fadfb9)": the commit when built from a clone */
	char *v = release(), first[200];
	snprintf(first, sizeof(first), "mcsched %s", v);
	cr_assert_eq(strncmp(a, first, strlen(first)), 0, "%s", a);
	const char *rest = a + strlen(first);
	if (access("../.git", F_OK) == 0)
		cr_assert_eq(strncmp(rest, " (git ", 6), 0, "%s", a);
	else
		cr_assert_eq(*rest, '\n', "%s", a);

	/* the schema version is the one a fresh store is written at */
	char *db = support_plan_samples(dir);
	char want[200];
	snprintf(want, sizeof(want), "\nstore schema version %lld (SQLite)\n",
		 support_q1(db, "PRAGMA user_version"));
	cr_assert_not_null(strstr(a, want), "%s", a);
	cr_assert_not_null(strstr(a, "\nreport format version "), "%s", a);
	/* each library with a version that starts with a digit */
	const char *libs[] = {"CLP",	    "GLPK",	     "SQLite",
			      "libyaml",    "libmicrohttpd", "libxlsxwriter",
			      "libqrencode"};
	for (size_t i = 0; i < sizeof(libs) / sizeof(*libs); i++) {
		snprintf(want, sizeof(want), "\n%s ", libs[i]);
		const char *at = strstr(a, want);
		cr_assert_not_null(at, "no %s in\n%s", libs[i], a);
		at += strlen(want);
		cr_assert(*at >= '0' && *at <= '9', "%s: %.20s", libs[i], at);
	}
	/* no option, no argument */
	cr_assert_eq(support_run_in(dir, "version extra"), 1);
	free(db);
	free(v);
	free(a);
	free(b);
	free(c);
	free(dir);
}

/* Checks every line of a JSON log: one valid object, starting with the
 * time (milliseconds and the UTC offset as +HH:MM) and the command.
 * Returns the line count. */
static int check_log(const char *log, const char *command)
{
	int n = 0;
	char head[64];
	snprintf(head, sizeof(head), "\", \"command\": \"%s\", \"event\": \"",
		 command);
	for (const char *p = log; *p;) {
		size_t len = strcspn(p, "\n");
		cr_assert_eq(p[len], '\n', "a line without its end: %s", p);
		char *line = strndup(p, len);
		cr_assert(support_json_valid(line), "not JSON: %s", line);
		int y, mo, d, h, mi, s, ms, oh, om;
		char sign, c1;
		cr_assert_eq(sscanf(line,
				    "{\"time\": \"%4d-%2d-%2dT%2d:%2d:%2d.%3d%c"
				    "%2d%c%2d",
				    &y, &mo, &d, &h, &mi, &s, &ms, &sign, &oh,
				    &c1, &om),
			     11, "%s", line);
		cr_assert((sign == '+' || sign == '-') && c1 == ':', "%s",
			  line);
		cr_assert_eq(strncmp(line + 39, head, strlen(head)), 0, "%s",
			     line);
		free(line);
		n++;
		p += len + 1;
	}
	return n;
}

Test(ops, plan_json_log, .timeout = 120)
{
	char *dir = support_tmpdir("ops-plan");
	char *db = support_path(dir, "mc.db");
	cr_assert_eq(support_run_in(dir,
				    "plan -q %s/job.yaml --db %s "
				    "--log-format json",
				    SAMPLES, db),
		     0);
	char *out = out_of(dir, "out.txt"), *log = out_of(dir, "out.txt.err");
	cr_assert_str_empty(out); /* --quiet says nothing on stdout */
	cr_assert_geq(check_log(log, "plan"), 8, "%s", log);
	const char *phases[] = {"load", "build", "solve", "round", "store"};
	for (size_t i = 0; i < sizeof(phases) / sizeof(*phases); i++) {
		char want[64];
		snprintf(want, sizeof(want),
			 "\"event\": \"phase\", \"phase\": \"%s\"", phases[i]);
		cr_expect_not_null(strstr(log, want), "%s", log);
	}
	/* the stored run: its id, state and figures, then the exit */
	const char *st = strstr(log, "\"event\": \"stored\", \"run\": 1, "
				     "\"kind\": \"plan\", \"state\": "
				     "\"published\", \"lp_status\": "
				     "\"optimal\", \"cost\": ");
	cr_assert_not_null(st, "%s", log);
	cr_assert_not_null(strstr(st, "\"orders\": 360, \"units_planned\": "),
			   "%s", st);
	cr_assert_not_null(strstr(log, "\"event\": \"exit\", \"run\": 1, "
				       "\"status\": 0, \"elapsed_s\": "),
			   "%s", log);
	free(out);
	free(log);

	/* a night kept back: its state, reason and exit status 5 (held to
	 * run 1, the published one) */
	cr_assert_eq(support_run_in(dir,
				    "plan -q %s/job.yaml --db %s --publish "
				    "never --log-format json",
				    SAMPLES, db),
		     5);
	log = out_of(dir, "out.txt.err");
	check_log(log, "plan");
	cr_assert_not_null(strstr(log, "\"event\": \"stored\", \"run\": 2, "
				       "\"base_run\": 1, \"kind\": \"plan\", "
				       "\"state\": \"kept back\", \"reason\": "
				       "\"--publish never\""),
			   "%s", log);
	cr_assert_not_null(strstr(log, "\"event\": \"exit\", \"run\": 2, "
				       "\"base_run\": 1, \"status\": 5,"),
			   "%s", log);
	/* the text message of a kept-back run is the JSON's line alone */
	cr_assert_null(strstr(log, "mcsched: run 2 is not published"), "%s",
		       log);
	free(log);

	/* bad input: its file, line and column, status 2, and nothing but
	 * JSON on stderr */
	char *bad = support_write(dir, "orders.yaml", "orders:\n  - id: [\n");
	cr_assert_eq(support_run_in(dir,
				    "plan -c %s/catalog.yaml -p %s/plants.yaml "
				    "-o %s --db %s/bad.db --log-format json",
				    SAMPLES, SAMPLES, bad, dir),
		     2);
	log = out_of(dir, "out.txt.err");
	check_log(log, "plan");
	const char *e = strstr(log, "\"event\": \"error\", \"status\": 2, "
				    "\"file\": \"");
	cr_assert_not_null(e, "%s", log);
	cr_assert_not_null(strstr(e, "orders.yaml\", \"line\": "), "%s", e);
	cr_assert_not_null(strstr(log, "\"event\": \"exit\", \"status\": 2,"),
			   "%s", log);
	free(log);
	free(bad);
	free(db);
	free(dir);
}

Test(ops, whatif_and_actuals_json_log, .timeout = 180)
{
	char *dir = support_tmpdir("ops-whatif");
	char *db = support_plan_samples(dir);
	cr_assert_eq(support_run_in(dir,
				    "whatif -q --base latest --jobs 2 --db %s "
				    "%s/scenarios/rush.yaml "
				    "%s/scenarios/line-down.yaml "
				    "--log-format json",
				    db, SAMPLES, SAMPLES),
		     0);
	char *log = out_of(dir, "out.txt.err");
	check_log(log, "whatif");
	/* each worker's lines name its scenario and the base run; whole
	 * lines only, though two processes write at once */
	const char *names[] = {"hotel-rush", "sew-cell-down-next-week"};
	for (int i = 0; i < 2; i++) {
		char want[200];
		snprintf(want, sizeof(want),
			 "\"event\": \"stored\", \"run\": %d, \"base_run\": 1, "
			 "\"scenario\": \"",
			 i + 2);
		cr_assert_not_null(strstr(log, want), "%s", log);
		snprintf(want, sizeof(want), "\"scenario\": \"%s\"", names[i]);
		cr_assert_not_null(strstr(log, want), "%s", log);
	}
	cr_assert_not_null(strstr(log, "\"state\": \"what-if\""), "%s", log);
	cr_assert_not_null(strstr(log, "\"event\": \"exit\""), "%s", log);
	free(log);

	/* actuals: the file's rows, new events by status, the exit */
	cr_assert_eq(support_run_in(dir, "labels latest --db %s", db), 0);
	char *csv = out_of(dir, "out.txt"), id[200];
	cr_assert_eq(sscanf(strchr(csv, '\n') + 1, "%199[^,]", id), 1);
	char text[600];
	snprintf(text, sizeof(text),
		 "identifier,status,date\n%s,released,2026-11-25\n", id);
	char *floor = support_write(dir, "floor.csv", text);
	cr_assert_eq(support_run_in(dir, "actuals %s --db %s --log-format json",
				    floor, db),
		     0);
	log = out_of(dir, "out.txt.err");
	cr_assert_eq(check_log(log, "actuals"), 2, "%s", log);
	cr_assert_not_null(strstr(log, "\"event\": \"recorded\", \"file\": "),
			   "%s", log);
	cr_assert_not_null(strstr(log, "\"rows\": 1, \"new\": 1, "
				       "\"released\": 1, "
				       "\"already_recorded\": 0}"),
			   "%s", log);
	free(log);
	/* a bad row: its line and column */
	free(support_write(
	    dir, "floor.csv",
	    "identifier,status,date\nnope,released,2026-11-25\n"));
	cr_assert_eq(support_run_in(dir, "actuals %s --db %s --log-format json",
				    floor, db),
		     2);
	log = out_of(dir, "out.txt.err");
	check_log(log, "actuals");
	cr_assert_not_null(
	    strstr(log, "floor.csv\", \"line\": 2, \"column\": "), "%s", log);
	free(log);
	free(floor);
	free(csv);
	free(db);
	free(dir);
}

/* The README's table of exit statuses is the command line's (mc_exits). */
Test(ops, readme_lists_every_exit_status)
{
	char *readme = support_read("../README.md");
	cr_assert_not_null(readme);
	int n = 0;
	for (int i = 0; mc_exits[i].meaning; i++, n++) {
		char want[200];
		/* "plan stored but kept back (not published)": its words */
		snprintf(want, sizeof(want), "\n| %d | %.*s",
			 mc_exits[i].status,
			 (int)strcspn(mc_exits[i].meaning, "("),
			 mc_exits[i].meaning);
		want[strlen(want) - (want[strlen(want) - 1] == ' ')] = 0;
		cr_expect_not_null(strstr(readme, want), "README lacks '%s'",
				   want + 1);
	}
	char more[32];
	snprintf(more, sizeof(more), "\n| %d | ", n);
	cr_expect_null(strstr(readme, more), "README lists status %d", n);
	free(readme);
}
