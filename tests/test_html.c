/*
 * test_html.c - the morning page's heat map and materials (issue 10,
 * item 5): month, day and weekday on the axis; a day planned exactly full
 * is full, not "over 100%", even when the LP's floating point leaves the
 * hours used an ulp above the regular hours; the materials that bind,
 * with stock, receipts and use a day.
 */
#include "html.h"
#include "support.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The samples' run 1 read from a fresh store into *v (from a). */
static void samples_run(mc_arena *a, mc_run_view *v)
{
	char *dir = support_tmpdir("html");
	char *db = support_plan_samples(dir);
	mc_store *s = support_store_open(db);
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_store_load_run(s, 1, a, v, &d), 0);
	mc_store_close(s);
	free(db);
	free(dir);
}

/* The page of v, malloc'ed (the stream's buffer lives on the heap, as
 * gcc cannot see that fclose() hands it over). */
static char *page(const mc_run_view *v)
{
	struct mem {
		char *buf;
		size_t len;
	} *m = calloc(1, sizeof(*m));
	FILE *f = open_memstream(&m->buf, &m->len);
	mc_html_write(v, f);
	fclose(f);
	char *html = m->buf;
	free(m);
	return html;
}

/* The fill of the heat-map cell of cap row c. */
static void cell_fill(const char *html, const mc_view_cap *c, char *fill,
		      size_t n)
{
	char title[128];
	snprintf(title, sizeof(title), "<title>%s %s: ", c->resource, c->day);
	const char *t = strstr(html, title);
	cr_assert_not_null(t, "no cell %s", title);
	const char *rect = t;
	while (rect > html && strncmp(rect, "<rect ", 6) != 0)
		rect--;
	const char *at = strstr(rect, "fill=\"");
	cr_assert(at && at < t);
	snprintf(fill, n, "%.7s", at + 6);
}

Test(html, exactly_full_is_not_over, .timeout = 60)
{
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	samples_run(a, &v);
	/* a day used exactly full, pushed an ulp above its hours, and one
	 * really over */
	int full = -1, over = -1;
	for (int i = 0; i < v.ncap; i++) {
		mc_view_cap *c = &v.cap[i];
		if (c->hours > 0 && c->used == c->hours && full < 0)
			full = i;
		else if (c->hours > 0 && c->used < c->hours * 0.5 && over < 0)
			over = i;
	}
	cr_assert(full >= 0 && over >= 0);
	v.cap[full].used = nextafter(v.cap[full].hours, INFINITY);
	cr_assert_gt(v.cap[full].used, v.cap[full].hours);
	v.cap[over].used = v.cap[over].hours * 1.25;
	char *html = page(&v);
	char fill[16];
	cell_fill(html, &v.cap[full], fill, sizeof(fill));
	cr_assert_str_eq(fill, "#08519c", "a full day drawn as %s", fill);
	cell_fill(html, &v.cap[over], fill, sizeof(fill));
	cr_assert_str_neq(fill, "#08519c");
	cr_assert_eq(fill[1], 'f', "over 100%% is orange, not %s", fill);
	free(html);
	mc_arena_free(a);
}

Test(html, axis_months_weekdays_and_materials, .timeout = 60)
{
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	samples_run(a, &v);
	char *html = page(&v);
	/* the horizon starts on Wednesday 2026-11-25 and runs into
	 * December */
	cr_assert_not_null(strstr(html, ">Nov 2026</text>"));
	cr_assert_not_null(strstr(html, ">Dec 2026</text>"));
	cr_assert_not_null(strstr(html, ">25</text><text x="));
	const char *d25 = strstr(html, ">25</text><text x=");
	cr_assert_not_null(strstr(d25, "middle\">W</text>"));
	cr_assert_lt(strstr(d25, "middle\">W</text>") - d25, 80);
	/* Saturday the 28th is greyed */
	cr_assert_not_null(strstr(html, " class=\"we\">28</text>"));

	/* materials: compressors arrive late in the samples and bind */
	const char *m =
	    strstr(html, "<h2 id=\"materials\">Materials that bind</h2>");
	cr_assert_not_null(m);
	const char *h3 = strstr(m, "<h3>compressor at ");
	cr_assert_not_null(h3, "compressors do not bind?");
	cr_assert_not_null(strstr(h3, "aria-label=\"material compressor\""));
	cr_assert_not_null(strstr(h3, "<td class=\"n\">stock "));
	/* what needs action comes first */
	cr_assert_lt(strstr(html, "<h2 id=\"late\">"),
		     strstr(html, "<h2 id=\"materials\">"));
	/* every material shown binds: a value or a day with none left */
	for (const char *p = m; (p = strstr(p, "<h3>")); p++) {
		const char *end = strstr(p + 1, "<h3>");
		const char *late = strstr(p, "<h2 ");
		if (!end || (late && late < end))
			end = late;
		char *part = strndup(p, (size_t)(end - p));
		cr_assert(strstr(part, "fill=\"#fbe3e3\"") ||
			      strstr(part, "<td class=\"n\">0.0</td><td "
					   "class=\"n\">") ||
			      strstr(part, "</td><td class=\"n\">"),
			  "%s", part);
		free(part);
	}
	free(html);

	/* no material binds: said so */
	for (int i = 0; i < v.nmat; i++) {
		v.mat[i].available = v.mat[i].used + 1000;
		v.mat[i].shadow = 0;
	}
	html = page(&v);
	const char *none = strstr(html, "<h2 id=\"materials\">");
	cr_assert_not_null(none);
	const char *chart = strstr(none, "<h3>"),
		   *next = strstr(none + 1, "<h2 ");
	cr_assert(!chart || (next && chart > next), "a material is shown");
	cr_assert_not_null(strstr(html, "None: every material has stock"));
	free(html);
	mc_arena_free(a);
}
