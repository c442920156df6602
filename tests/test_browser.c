/*
 * test_browser.c - the HTML pages as a person sees them (issue 20):
 * headless Chromium, driven by tests/browser.py through Selenium, opens
 * the samples' report, a 10,000-order report and a compare at 1400 and
 * 390 px.  Nothing is wider than the window (the document's scrollWidth
 * is at most the viewport's), the page asks for nothing over the network,
 * the late table's filter narrows it to an order, the timeline holds one
 * unit per planned unit and a click on one marks its order's units.
 *
 * The browser is Debian's chromium with chromium-driver and
 * python3-selenium, which `make deps` installs: when one is missing the
 * test fails and says so; it never skips.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define mc support_run_in

/* Runs tests/browser.py with args, its output in dir/browser.txt and its
 * complaints in dir/browser.err; the test fails with them unless every
 * check holds. */
static void browser(const char *dir, const char *args)
{
	int rc = support_sh("/usr/bin/python3 browser.py %s >%s/browser.txt "
			    "2>%s/browser.err",
			    args, dir, dir);
	char *out = support_read_in(dir, "browser.txt");
	char *err = support_read_in(dir, "browser.err");
	cr_assert_neq(rc, 2,
		      "the browser cannot run (make deps installs chromium, "
		      "chromium-driver and python3-selenium):\n%s",
		      err ? err : "");
	cr_assert_eq(rc, 0, "browser.py %s:\n%s%s", args, out ? out : "",
		     err ? err : "");
	free(out);
	free(err);
}

/* The units run `run` in db plans, as its JSON report counts them. */
static int units_planned(const char *dir, const char *db)
{
	cr_assert_eq(mc(dir, "report latest --db %s --format json", db), 0);
	char *json = support_read_in(dir, "out.txt");
	const char *k = strstr(json, "\"units_planned\": ");
	cr_assert_not_null(k);
	int n = atoi(k + strlen("\"units_planned\": "));
	free(json);
	cr_assert_gt(n, 0);
	return n;
}

/* Writes the HTML report of db's latest run to dir/report.html and has
 * the browser check it: widths, network, the late filter and one
 * timeline unit per planned unit.  Returns the page's size in bytes. */
static long report_checked(const char *dir, const char *db)
{
	cr_assert_eq(mc(dir,
			"report latest --db %s --format html --out "
			"%s/report.html",
			db, dir),
		     0);
	char *path = support_path(dir, "report.html");
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	char args[600];
	snprintf(args, sizeof(args), "check %s --late-filter --units %d", path,
		 units_planned(dir, db));
	browser(dir, args);
	free(path);
	return (long)st.st_size;
}

Test(browser, samples_report, .timeout = 300)
{
	(void)support_bin(); /* skipped under make check: it runs mcsched */
	char *dir = support_tmpdir("browser-samples");
	char *db = support_plan_samples(dir);
	report_checked(dir, db);
	free(db);
	free(dir);
}

/* 10,000 generated orders: the page stays under 10 MB and passes the
 * same checks (how fast it opens is measured by `make bench`). */
Test(browser, ten_thousand_orders, .timeout = 600)
{
	(void)support_bin(); /* skipped under make check: it runs mcsched */
	char *dir = support_gen("browser-10k", 10000, 1);
	char *db = support_path(dir, "mc.db");
	cr_assert_eq(mc(dir,
			"plan -q -c %s/catalog.yaml -p %s/plants.yaml -o "
			"%s/orders.yaml --db %s",
			dir, dir, dir, db),
		     0, "see %s/out.txt.err", dir);
	long size = report_checked(dir, db);
	cr_assert_lt(size, 10L * 1000 * 1000, "the page is %ld bytes", size);
	free(db);
	free(dir);
}

/* A compare of the samples' plan and a what-if with a sewing cell down:
 * its runs table and long order reasons fit the window. */
Test(browser, compare, .timeout = 300)
{
	(void)support_bin(); /* skipped under make check: it runs mcsched */
	char *dir = support_tmpdir("browser-compare");
	char *db = support_plan_samples(dir);
	cr_assert_eq(mc(dir,
			"whatif -q --db %s --base 1 "
			"../data/samples/scenarios/line-down.yaml",
			db),
		     0, "see %s/out.txt.err", dir);
	cr_assert_eq(mc(dir,
			"compare 1 2 --db %s --format html --out %s/c.html", db,
			dir),
		     0);
	char args[600];
	snprintf(args, sizeof(args), "check %s/c.html", dir);
	browser(dir, args);
	free(db);
	free(dir);
}
