/*
 * test_nightly.c - the nightly cycle's guards: the horizon start from
 * --start, job.yaml or today, never before the published plan's; calendar
 * ranges; --publish auto publishes only a proven plan within --max-gap;
 * `mcsched publish RUN` tags a kept-back run's units exactly as publishing
 * it at once would have.
 *
 * Runs with cwd = tests/ and $MCSCHED naming the binary (make test).
 */
#include "date.h"
#include "load.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SAMPLES "../data/samples"
#define mc	support_run_in

static char *out_of(const char *dir, const char *name)
{
	char *s = support_read_in(dir, name);
	cr_assert_not_null(s, "no %s/%s", dir, name);
	return s;
}

/* The stored run's horizon start and whether it is published. */
static void run_facts(const char *db, int64_t run, char *start, int *pub)
{
	mc_store *s = support_store_open(db);
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_store_load_run(s, run, a, &v, &d), 0);
	strcpy(start, v.horizon_start);
	*pub = v.published;
	mc_store_close(s);
	mc_arena_free(a);
}

Test(nightly, start_from_option_job_and_today, .timeout = 120)
{
	char *dir = support_tmpdir("night-start");
	char *db = support_path(dir, "n.db");
	char start[16];
	int pub;
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-27 --publish always",
			db),
		     0);
	run_facts(db, 1, start, &pub);
	cr_assert_str_eq(start, "2026-11-27");
	cr_assert_eq(pub, 1);

	/* job.yaml start: today */
	char *job = support_write(dir, "job.yaml",
				  "catalog: ../../" SAMPLES "/catalog.yaml\n"
				  "plants: ../../" SAMPLES "/plants.yaml\n"
				  "orders: ../../" SAMPLES "/orders.yaml\n"
				  "start: today\n"
				  "publish: never\n");
	cr_assert_eq(mc(dir, "plan -q %s --db %s", job, db), MC_EHELD);
	char want[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(want, sizeof(want), "%Y-%m-%d", &tm);
	run_facts(db, 2, start, &pub);
	cr_assert_str_eq(start, want);
	cr_assert_eq(pub, 0);

	/* a bad start is a usage error; in job.yaml, an input error */
	cr_assert_eq(mc(dir, "plan -q %s --db %s --start tomorrow", job, db),
		     1);
	char *bad = support_write(dir, "bad.yaml",
				  "catalog: a\nplants: b\norders: c\n"
				  "start: 2026-02-30\n");
	cr_assert_eq(mc(dir, "plan -q %s --db %s", bad, db), 2);
	char *err = out_of(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "bad.yaml:4:8: "), "%s", err);
	free(err);
	free(bad);
	free(job);
	free(db);
	free(dir);
}

Test(nightly, never_before_the_published_start, .timeout = 120)
{
	char *dir = support_tmpdir("night-past");
	char *db = support_path(dir, "n.db");
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-26 --publish always",
			db),
		     0);
	char *before = support_read(db);
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-25",
			db),
		     2);
	char *err = out_of(dir, "out.txt.err");
	cr_assert_not_null(
	    strstr(err, "the horizon starts 2026-11-25, before the published "
			"plan's start 2026-11-26 (run 1)"),
	    "%s", err);
	free(err);
	char *after = support_read(db);
	cr_assert_str_eq(before, after, "a refused plan changed the store");
	/* the same day, or later, is fine */
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --start "
			"2026-11-26 --publish never",
			db),
		     MC_EHELD);
	free(before);
	free(after);
	free(db);
	free(dir);
}

Test(nightly, calendar_ranges, .timeout = 60)
{
	char *dir = support_tmpdir("night-cal");
	char *plants = support_read(SAMPLES "/plants.yaml");
	const char *old = "calendar: { 2026-12-09: 2.5 }";
	char *at = strstr(plants, old);
	cr_assert_not_null(at);
	size_t n = strlen(plants) + 64;
	char *text = malloc(n);
	snprintf(text, n,
		 "%.*scalendar: { 2026-12-09: 2.5, "
		 "2026-12-01..2026-12-03: 0, 2026-12-02: 1 }%s",
		 (int)(at - plants), plants, at + strlen(old));
	char *path = support_write(dir, "plants.yaml", text);
	mc_arena *a = mc_arena_new();
	mc_model m;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_load_inputs(a, SAMPLES "/catalog.yaml", path,
				    SAMPLES "/orders.yaml", &m, &d),
		     0, "%s", d.n ? d.v[0].msg : "");
	const mc_resource *r = NULL;
	for (int i = 0; i < m.nresources; i++)
		if (strcmp(m.resources[i].id, "GZ-SEW1") == 0)
			r = &m.resources[i];
	cr_assert_not_null(r);
	int t = 6; /* 2026-12-01 */
	cr_assert_eq(r->day_hours[t], 0);
	cr_assert_eq(r->day_hours[t + 1], 1); /* the later entry wins */
	cr_assert_eq(r->day_hours[t + 2], 0);
	cr_assert_eq(r->day_ot[t + 2], 0); /* no overtime on a day off */
	cr_assert_eq(r->day_hours[t + 3], 5);
	cr_assert_eq(r->day_hours[14], 2.5);
	mc_diag_release(&d);
	mc_arena_free(a);
	free(path);
	free(text);
	free(plants);
	free(dir);
}

Test(nightly, auto_publishes_only_a_proven_plan, .timeout = 120)
{
	char *dir = support_tmpdir("night-gap");
	char *db = support_path(dir, "n.db");
	char start[16];
	int pub;
	/* over the gap: stored, kept back, exit status 5 */
	cr_assert_eq(
	    mc(dir, "plan -q " SAMPLES "/job.yaml --db %s --max-gap 0.01", db),
	    MC_EHELD);
	char *err = out_of(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "run 1 is not published"), "%s", err);
	cr_assert_not_null(strstr(err, "is above --max-gap 0.01%"), "%s", err);
	free(err);
	run_facts(db, 1, start, &pub);
	cr_assert_eq(pub, 0);
	/* within it */
	cr_assert_eq(
	    mc(dir, "plan -q " SAMPLES "/job.yaml --db %s --max-gap 50", db),
	    0);
	run_facts(db, 2, start, &pub);
	cr_assert_eq(pub, 1);
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s "
			"--max-gap 101",
			db),
		     1);
	free(db);
	free(dir);
}

/* The rows of table units (identifiers, serials, statuses), as text. */
static char *units_of(const char *db)
{
	static const char *const units[] = {"units|", NULL};
	return support_store_rows(db, units);
}

Test(nightly, publish_by_hand_tags_as_publishing_would, .timeout = 180)
{
	char *dir = support_tmpdir("night-publish");
	char *a = support_path(dir, "a.db"), *b = support_path(dir, "b.db");
	cr_assert_eq(
	    mc(dir, "plan -q " SAMPLES "/job.yaml --db %s --publish always", a),
	    0);
	cr_assert_eq(
	    mc(dir, "plan -q " SAMPLES "/job.yaml --db %s --publish never", b),
	    MC_EHELD);
	char *ua = units_of(a), *ub = units_of(b);
	cr_assert_str_eq(ub, "", "a kept-back run tagged units");
	free(ub);
	cr_assert_eq(mc(dir, "runs --db %s", b), 0);
	char *out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "kept back: --publish never"), "%s",
			   out);
	free(out);
	cr_assert_eq(mc(dir, "publish 1 --db %s", b), 0);
	out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "run 1 published"), "%s", out);
	free(out);
	/* published once, it is no longer a night kept back */
	cr_assert_eq(mc(dir, "runs --db %s", b), 0);
	out = out_of(dir, "out.txt");
	cr_assert_null(strstr(out, "kept back"), "%s", out);
	cr_assert_not_null(strstr(out, "  published\n"), "%s", out);
	free(out);
	ub = units_of(b);
	/* same identifiers, serials, orders and statuses; only the times of
	 * tagging differ, and they are not in the units rows */
	cr_assert_str_eq(ua, ub);
	/* publishing again changes no identifier */
	cr_assert_eq(mc(dir, "publish latest --db %s", b), 0);
	char *again = units_of(b);
	cr_assert_str_eq(again, ub);
	/* what-if runs are never published */
	cr_assert_eq(mc(dir,
			"whatif -q --db %s --base 1 " SAMPLES
			"/scenarios/overtime.yaml",
			b),
		     0);
	cr_assert_eq(mc(dir, "publish 2 --db %s", b), 1);
	cr_assert_eq(mc(dir, "publish 9 --db %s", b), 4);
	free(again);
	free(ua);
	free(ub);
	free(a);
	free(b);
	free(dir);
}

Test(nightly, one_plan_at_a_time, .timeout = 120)
{
	char *dir = support_tmpdir("night-lock");
	char *db = support_path(dir, "n.db");
	/* another plan holds the database's lock for 4 s: the lock is on
	 * the database file itself (flock(1) creates it empty, as a plan's
	 * lock does) */
	cr_assert_eq(support_sh("flock %s sleep 4 & sleep 0.5", db), 0);
	cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s", db), 4);
	char *err = out_of(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "another plan is running on"), "%s",
			   err);
	free(err);
	/* every other name of the database finds the same lock: a symbolic
	 * link, a hard link and another spelling of the path */
	cr_assert_eq(support_sh("cd %s && ln -s n.db sym.db && ln n.db hard.db "
				"&& mkdir sub",
				dir),
		     0);
	static const char *const alias[] = {"sym.db", "hard.db", "sub/../n.db",
					    "./n.db"};
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(mc(dir, "plan -q " SAMPLES "/job.yaml --db %s/%s",
				dir, alias[i]),
			     4, "a plan ran through %s", alias[i]);
		err = out_of(dir, "out.txt.err");
		cr_assert_not_null(strstr(err, "another plan is running on"),
				   "%s: %s", alias[i], err);
		free(err);
	}
	/* nothing was stored by the one that gave up */
	cr_assert_eq(mc(dir, "runs --db %s", db), 4);
	/* one that waits long enough goes ahead once the lock is free */
	cr_assert_eq(mc(dir,
			"plan -q " SAMPLES "/job.yaml --db %s --wait 60 "
			"--max-gap 50",
			db),
		     0);
	cr_assert_eq(mc(dir, "runs --db %s --format json", db), 0);
	char *out = out_of(dir, "out.txt");
	cr_assert_not_null(strstr(out, "\"format_version\": 2"), "%s", out);
	cr_assert_not_null(strstr(out, "\"state\": \"published\", "
				       "\"hold_reason\": null"),
			   "%s", out);
	cr_assert_not_null(strstr(out, "\"id\": 1, \"kind\": \"plan\""), "%s",
			   out);
	free(out);
	free(db);
	free(dir);
}
