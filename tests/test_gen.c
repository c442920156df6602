/*
 * test_gen.c - the instance generator: same seed gives the same bytes, the
 * requested number of orders, output that loads for many sizes and seeds and
 * uses every element of the planning model; the shipped samples load and
 * their catalog is the generator's.
 */
#include "date.h"
#include "gen.h"
#include "load.h"
#include "support.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const files[] = {"catalog.yaml", "plants.yaml",
				    "orders.yaml", "job.yaml"};

/* The whole of dir/name, NUL-terminated and malloc'ed, or NULL. */
static char *slurp(const char *dir, const char *name)
{
	char path[1024];
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    (int)sizeof(path))
		return NULL;
	return support_read(path);
}

/* Lines of text starting with prefix (a linear scan: strstr in a loop is
 * quadratic under ASan, which checks the whole string on every call). */
static int count_lines(const char *text, const char *prefix)
{
	size_t len = strlen(prefix);
	int n = 0;
	for (const char *p = text; *p;) {
		if (strncmp(p, prefix, len) == 0)
			n++;
		while (*p && *p != '\n')
			p++;
		if (*p)
			p++;
	}
	return n;
}

/* Generates into a fresh directory; the path is malloc'ed. */
static char *gen(int norders, uint64_t seed)
{
	char *dir = support_tmpdir("gen");
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_gen_write(dir, norders, seed, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0, "mc_gen_write(%d, %llu) failed", norders,
		     (unsigned long long)seed);
	cr_assert_eq(mc_diag_count(&d), 0);
	mc_diag_release(&d);
	return dir;
}

static void cleanup(char *dir)
{
	char path[1024];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	free(dir);
}

static int load_dir(const char *dir, mc_arena *a, mc_model *m)
{
	char c[1024], p[1024], o[1024];
	snprintf(c, sizeof(c), "%s/catalog.yaml", dir);
	snprintf(p, sizeof(p), "%s/plants.yaml", dir);
	snprintf(o, sizeof(o), "%s/orders.yaml", dir);
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_load_inputs(a, c, p, o, m, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 1);
	mc_diag_release(&d);
	return rc;
}

Test(gen, same_seed_same_bytes)
{
	char *a = gen(250, 42), *b = gen(250, 42);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *x = slurp(a, files[i]), *y = slurp(b, files[i]);
		cr_assert(x && y, "%s missing", files[i]);
		cr_assert_str_eq(x, y, "%s differs between two runs", files[i]);
		free(x);
		free(y);
	}
	cleanup(a);
	cleanup(b);
}

Test(gen, other_seed_other_instance)
{
	char *a = gen(250, 1), *b = gen(250, 2);
	char *x = slurp(a, "orders.yaml"), *y = slurp(b, "orders.yaml");
	cr_assert(strcmp(x, y) != 0, "seeds 1 and 2 drew the same orders");
	free(x);
	free(y);
	x = slurp(a, "plants.yaml");
	y = slurp(b, "plants.yaml");
	cr_assert(strcmp(x, y) != 0, "seeds 1 and 2 drew the same plants");
	free(x);
	free(y);
	/* the catalog is fixed */
	x = slurp(a, "catalog.yaml");
	y = slurp(b, "catalog.yaml");
	cr_assert_str_eq(x, y);
	free(x);
	free(y);
	cleanup(a);
	cleanup(b);
}

Test(gen, order_counts)
{
	static const int sizes[] = {1, 2, 17, 360, 2500};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *dir = gen(sizes[i], 7);
		char *text = slurp(dir, "orders.yaml");
		cr_assert_eq(count_lines(text, "  - id: SO-"), sizes[i]);
		cr_assert_eq(count_lines(text, "    quantity: "), sizes[i]);
		free(text);
		cleanup(dir);
	}
}

Test(gen, large_instance, .timeout = 60)
{
	char *dir = gen(100000, 3);
	char *text = slurp(dir, "orders.yaml");
	cr_assert_eq(count_lines(text, "  - id: SO-"), 100000);
	free(text);
	cleanup(dir);
}

Test(gen, quotes_what_yaml_would_misread)
{
	char *dir = gen(300, 5);
	char *cat = slurp(dir, "catalog.yaml");
	char *ord = slurp(dir, "orders.yaml");
	char *pl = slurp(dir, "plants.yaml");
	cr_assert(strstr(cat, "\"yes\": "));
	cr_assert(strstr(cat, "\"no\": {}"));
	cr_assert(strstr(cat, "\"41\": {}"));
	cr_assert(strstr(cat, "gtin: \"09521234300014\""));
	cr_assert(strstr(pl, "prefix: \"88.999.1\""));
	cr_assert(strstr(ord, "monogram: \"no\""));
	cr_assert_null(strstr(ord, ": no,"));
	cr_assert_null(strstr(ord, ": yes,"));
	cr_assert_null(strstr(ord, ": no }"));
	cr_assert_null(strstr(ord, ": yes }"));
	free(cat);
	free(ord);
	free(pl);
	cleanup(dir);
}

Test(gen, generated_instances_load, .timeout = 120)
{
	static const int sizes[] = {1, 3, 40, 360, 3000};
	static const uint64_t seeds[] = {1, 99, 20261125};
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (size_t j = 0; j < sizeof(seeds) / sizeof(seeds[0]); j++) {
			char *dir = gen(sizes[i], seeds[j]);
			mc_arena *a = mc_arena_new();
			mc_model m;
			cr_assert_eq(load_dir(dir, a, &m), 0,
				     "%d orders, seed %llu did not load",
				     sizes[i], (unsigned long long)seeds[j]);
			cr_assert_eq(m.norders, sizes[i]);
			cr_assert_eq(m.nfamilies, 3);
			cr_assert_geq(m.nplants, 3);
			mc_arena_free(a);
			cleanup(dir);
		}
}

Test(gen, job_file_loads)
{
	char *dir = gen(20, 8);
	char path[1024];
	snprintf(path, sizeof(path), "%s/job.yaml", dir);
	mc_arena *a = mc_arena_new();
	mc_job job;
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_load_job(a, path, &job, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 1);
	cr_assert_eq(rc, 0);
	mc_model m;
	rc = mc_load_inputs(a, job.catalog, job.plants, job.orders, &m, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 1);
	cr_assert_eq(rc, 0);
	cr_assert_eq(m.norders, 20);
	mc_diag_release(&d);
	mc_arena_free(a);
	cleanup(dir);
}

/* 1 if the plant has a lane to the region. */
static int has_lane(const mc_model *m, int p, int r)
{
	return m->lane_of[p * m->nregions + r] >= 0;
}

Test(gen, exercises_every_model_element, .timeout = 60)
{
	char *dir = gen(2000, 11);
	mc_arena *a = mc_arena_new();
	mc_model m;
	cr_assert_eq(load_dir(dir, a, &m), 0);

	int stock = 0, receipts = 0, fam_mat = 0, opt_mat = 0, opt_cost = 0;
	for (int p = 0; p < m.nplants; p++)
		for (int k = 0; k < m.nmaterials; k++) {
			if (!m.plants[p].mat_listed[k])
				continue;
			stock |= m.plants[p].mat_stock[k] > 0;
			for (int t = 0; t < m.horizon_days; t++)
				receipts |=
				    m.plants[p]
					.mat_receipts[k * m.horizon_days + t] >
				    0;
		}
	for (int f = 0; f < m.nfamilies; f++) {
		const mc_family *fam = &m.families[f];
		for (int k = 0; k < m.nmaterials; k++)
			fam_mat |= fam->materials[k] > 0;
		for (int o = 0; o < fam->nopts; o++)
			for (int v = 0; v < fam->opts[o].nvals; v++) {
				const mc_optval *ov = &fam->opts[o].vals[v];
				opt_cost |= ov->cost > 0;
				for (int k = 0; k < m.nmaterials; k++)
					opt_mat |= ov->materials[k] > 0;
			}
	}
	cr_assert(stock && receipts, "material stock and receipts");
	cr_assert(fam_mat && opt_mat, "per-unit and per-option materials");
	cr_assert(opt_cost, "option costs");

	int release = 0, max_late = 0, prio = 0, pen = 0;
	for (int o = 0; o < m.norders; o++) {
		const mc_order *ord = &m.orders[o];
		const mc_family *fam = &m.families[ord->family];
		release |= ord->release > m.start;
		max_late |= ord->max_late_days >= 0;
		prio |= ord->priority != 1;
		pen |= ord->late_penalty != fam->late_penalty ||
		       ord->unmet_penalty != fam->unmet_penalty;
	}
	cr_assert(release && max_late && prio && pen,
		  "release %d max_late %d priority %d penalties %d", release,
		  max_late, prio, pen);

	int six = 0, five = 0, hol = 0, ovr = 0, notmade = 0;
	for (int p = 0; p < m.nplants; p++) {
		const mc_plant *pl = &m.plants[p];
		six |= pl->workdays == 0x3f;
		five |= pl->workdays == 0x1f;
		hol |= pl->nholidays > 0;
		for (int f = 0; f < m.nfamilies; f++) {
			notmade |= !pl->makes[f];
			for (int k = 0; k < m.nkinds; k++)
				ovr |= pl->makes[f] &&
				       pl->routing[f * m.nkinds + k] >= 0;
		}
	}
	cr_assert(six && five && hol, "workdays and holidays");
	cr_assert(ovr, "plant routing override");
	cr_assert(notmade, "a plant not making some family");

	/* a family whose minutes of one kind can go to two resources */
	int split = 0;
	for (int p = 0; p < m.nplants; p++)
		for (int f = 0; f < m.nfamilies; f++)
			for (int k = 0; k < m.nkinds; k++) {
				int n = 0;
				for (int i = 0; i < m.plants[p].nresources;
				     i++) {
					const mc_resource *res =
					    &m.resources[m.plants[p]
							     .resources[i]];
					n += res->kind == k && res->admits[f];
				}
				split |= m.plants[p].makes[f] && n > 1;
			}
	cr_assert(split, "two resources of a kind for one family");

	int down = 0, extra = 0, ot = 0, limited = 0;
	for (int r = 0; r < m.nresources; r++) {
		const mc_resource *res = &m.resources[r];
		const mc_plant *pl = &m.plants[res->plant];
		ot |= res->ot_hours > 0 && res->ot_cost > 0;
		for (int i = 0; i < res->cal_n; i++) {
			down |= res->cal_hours[i] == 0;
			int t = res->cal_day[i] - m.start;
			extra |= res->cal_hours[i] > 0 && t >= 0 &&
				 t < m.horizon_days && res->day_hours[t] > 0 &&
				 !((pl->workdays >>
				    mc_date_weekday(res->cal_day[i])) &
				   1u);
		}
		for (int f = 0; f < m.nfamilies; f++)
			limited |= pl->makes[f] && !res->admits[f];
	}
	cr_assert(down, "a down day (calendar hours 0)");
	cr_assert(extra, "calendar hours on a day off");
	cr_assert(ot, "overtime");
	cr_assert(limited, "resource families restriction");

	int famcost = 0, nolane = 0;
	for (int l = 0; l < m.nlanes; l++)
		for (int f = 0; f < m.nfamilies; f++)
			famcost |= m.lanes[l].family_cost[f] >= 0;
	for (int f = 0; f < m.nfamilies; f++)
		for (int r = 0; r < m.nregions; r++) {
			int any = 0;
			for (int p = 0; p < m.nplants; p++)
				any |=
				    m.plants[p].makes[f] && has_lane(&m, p, r);
			nolane |= !any;
		}
	cr_assert(famcost, "lane cost_by_family");
	cr_assert(nolane, "a family with no lane to some region");

	mc_arena_free(a);
	cleanup(dir);
}

Test(gen, rejects_bad_order_counts)
{
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_write("tmp/gen-never", 0, 1, &d), -1);
	cr_assert_eq(mc_gen_write("tmp/gen-never", -3, 1, &d), -1);
	cr_assert_eq(mc_diag_count(&d), 2);
	cr_assert_eq(d.status, MC_EUSAGE);
	cr_assert_neq(access("tmp/gen-never", F_OK), 0,
		      "nothing is created for bad arguments");
	mc_diag_release(&d);
}

Test(gen, creates_missing_directories)
{
	char *base = support_tmpdir("gen");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/a/b", base);
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_write(dir, 5, 1, &d), 0);
	char *text = slurp(dir, "orders.yaml");
	cr_assert_not_null(text);
	free(text);
	mc_diag_release(&d);
	cleanup(strdup(dir));
	snprintf(dir, sizeof(dir), "%s/a", base);
	rmdir(dir);
	rmdir(base);
	free(base);
}

Test(gen, reports_unwritable_directory)
{
	char *base = support_tmpdir("gen");
	char *file = support_write(base, "plain-file", "not a directory\n");
	char dir[1024];
	snprintf(dir, sizeof(dir), "%s/sub", file);
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_write(dir, 5, 1, &d), -1);
	cr_assert_eq(mc_diag_count(&d), 1);
	cr_assert_eq(d.status, MC_EINPUT);
	cr_assert(strstr(d.v[0].msg, "unable to create directory '"),
		  "message: %s", d.v[0].msg);
	cr_assert(strstr(d.v[0].msg, "plain-file"), "message: %s", d.v[0].msg);
	mc_diag_release(&d);
	unlink(file);
	rmdir(base);
	free(file);
	free(base);
}

Test(gen, reports_unwritable_file)
{
	char *base = support_tmpdir("gen");
	/* a directory where orders.yaml should go */
	char path[1024];
	snprintf(path, sizeof(path), "%s/orders.yaml", base);
	mkdir(path, 0777);
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_write(base, 5, 1, &d), -1);
	cr_assert_eq(mc_diag_count(&d), 1);
	cr_assert_eq(d.status, MC_EINPUT);
	cr_assert(strstr(d.v[0].msg, "unable to write '"), "message: %s",
		  d.v[0].msg);
	cr_assert(strstr(d.v[0].msg, "orders.yaml"), "message: %s", d.v[0].msg);
	mc_diag_release(&d);
	rmdir(path);
	cleanup(base);
}

/* ---- the shipped samples ---- */

#define SAMPLES "../data/samples"

Test(gen, samples_load)
{
	mc_arena *a = mc_arena_new();
	mc_model m;
	cr_assert_eq(load_dir(SAMPLES, a, &m), 0);
	cr_assert_geq(m.norders, 300);
	cr_assert_eq(m.nfamilies, 3);
	cr_assert_eq(m.nplants, 3);
	cr_assert_str_eq(m.prefix, "88.999.1");
	cr_assert_eq(m.horizon_days, 28);
	mc_arena_free(a);
}

Test(gen, sample_job_loads)
{
	mc_arena *a = mc_arena_new();
	mc_job job;
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_load_job(a, SAMPLES "/job.yaml", &job, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 1);
	cr_assert_eq(rc, 0);
	mc_model m;
	rc = mc_load_inputs(a, job.catalog, job.plants, job.orders, &m, &d);
	if (rc != 0)
		mc_diag_print(&d, stderr, 1);
	cr_assert_eq(rc, 0);
	cr_assert_geq(m.norders, 300);
	mc_diag_release(&d);
	mc_arena_free(a);
}

Test(gen, sample_catalog_is_the_generators)
{
	char *dir = gen(1, 1);
	char *x = slurp(dir, "catalog.yaml");
	char *y = slurp(SAMPLES, "catalog.yaml");
	cr_assert_not_null(y);
	cr_assert_str_eq(x, y,
			 "data/samples/catalog.yaml is not what the generator "
			 "writes: regenerate it (mcsched gen) and the sample "
			 "orders");
	free(x);
	free(y);
	cleanup(dir);
}
