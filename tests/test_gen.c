/*
 * test_gen.c - the instance generator: same seed gives the same bytes, the
 * requested number of orders, output that loads for many sizes and seeds and
 * uses every element of the planning model; the shipped samples load and
 * their catalog is the generator's.
 */
#include "date.h"
#include "gen.h"
#include "hash.h"
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

/* Loads dir's instance; 0 on success (diagnostics printed otherwise). */
static int load_ok(mc_arena *a, const char *dir, mc_model *m)
{
	mc_diag d = MC_DIAG_INIT;
	int rc = support_load_dir(a, dir, m, &d);
	mc_diag_release(&d);
	return rc;
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

Test(gen, same_seed_same_bytes)
{
	char *a = support_gen("gen", 250, 42), *b = support_gen("gen", 250, 42);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *x = support_read_in(a, files[i]),
		     *y = support_read_in(b, files[i]);
		cr_assert(x && y, "%s missing", files[i]);
		cr_assert_str_eq(x, y, "%s differs between two runs", files[i]);
		free(x);
		free(y);
	}
	cleanup(a);
	cleanup(b);
}

/* FNV-1a 64 of dir/name; the test fails when the file cannot be read. */
static uint64_t digest_of(const char *dir, const char *name)
{
	char *text = support_read_in(dir, name);
	cr_assert_not_null(text, "%s/%s missing", dir, name);
	uint64_t h = mc_hash_fnv1a(text, strlen(text));
	free(text);
	return h;
}

/* The default shape is what `mcsched gen --orders N --seed S` wrote before
 * the shape knobs existed, byte for byte: a small instance compared with
 * committed files, larger ones (more plants, more resources per group)
 * by their digests, taken from the generator of commit 46fd652. */
Test(gen, default_shape_unchanged, .timeout = 60)
{
	static const char *const mine[] = {"plants.yaml", "orders.yaml"};
	char *dir = support_gen("gen", 30, 5);
	for (int i = 0; i < 2; i++) {
		char *x = support_read_in(dir, mine[i]);
		char *y = support_read_in("expected/gen-30-5", mine[i]);
		cr_assert(x && y, "%s missing", mine[i]);
		cr_assert_str_eq(x, y, "%s differs from expected/gen-30-5",
				 mine[i]);
		free(x);
		free(y);
	}
	cleanup(dir);

	static const struct {
		int norders;
		uint64_t seed, plants, orders;
	} known[] = {
	    {2000, 11, 0x51416cb2964a17d6ULL, 0xbca5453f7a9b4dadULL},
	    {5000, 7, 0x93fac35e13e084caULL, 0x8ace59c527a32accULL},
	    {13500, 3, 0xd128cb8c014de169ULL, 0x4695335a3e62ba2fULL},
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		dir = support_gen("gen", known[i].norders, known[i].seed);
		cr_assert_eq(digest_of(dir, "plants.yaml"), known[i].plants,
			     "plants.yaml of %d orders changed",
			     known[i].norders);
		cr_assert_eq(digest_of(dir, "orders.yaml"), known[i].orders,
			     "orders.yaml of %d orders changed",
			     known[i].norders);
		cleanup(dir);
	}
}

Test(gen, other_seed_other_instance)
{
	char *a = support_gen("gen", 250, 1), *b = support_gen("gen", 250, 2);
	char *x = support_read_in(a, "orders.yaml"),
	     *y = support_read_in(b, "orders.yaml");
	cr_assert(strcmp(x, y) != 0, "seeds 1 and 2 drew the same orders");
	free(x);
	free(y);
	x = support_read_in(a, "plants.yaml");
	y = support_read_in(b, "plants.yaml");
	cr_assert(strcmp(x, y) != 0, "seeds 1 and 2 drew the same plants");
	free(x);
	free(y);
	/* the catalog is fixed */
	x = support_read_in(a, "catalog.yaml");
	y = support_read_in(b, "catalog.yaml");
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
		char *dir = support_gen("gen", sizes[i], 7);
		char *text = support_read_in(dir, "orders.yaml");
		cr_assert_eq(count_lines(text, "  - id: SO-"), sizes[i]);
		cr_assert_eq(count_lines(text, "    quantity: "), sizes[i]);
		free(text);
		cleanup(dir);
	}
}

Test(gen, large_instance, .timeout = 60)
{
	char *dir = support_gen("gen", 100000, 3);
	char *text = support_read_in(dir, "orders.yaml");
	cr_assert_eq(count_lines(text, "  - id: SO-"), 100000);
	free(text);
	/* the default shape at its largest plant and resource counts */
	cr_assert_eq(digest_of(dir, "plants.yaml"), 0x859cf6fadd8fcf31ULL);
	cr_assert_eq(digest_of(dir, "orders.yaml"), 0x6ab521781672329bULL);
	cleanup(dir);
}

Test(gen, quotes_what_yaml_would_misread)
{
	char *dir = support_gen("gen", 300, 5);
	char *cat = support_read_in(dir, "catalog.yaml");
	char *ord = support_read_in(dir, "orders.yaml");
	char *pl = support_read_in(dir, "plants.yaml");
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
			char *dir = support_gen("gen", sizes[i], seeds[j]);
			mc_arena *a = mc_arena_new();
			mc_model m;
			cr_assert_eq(load_ok(a, dir, &m), 0,
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
	char *dir = support_gen("gen", 20, 8);
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

Test(gen, exercises_every_model_element, .timeout = 60)
{
	char *dir = support_gen("gen", 2000, 11);
	mc_arena *a = mc_arena_new();
	mc_model m;
	cr_assert_eq(load_ok(a, dir, &m), 0);

	/* one instance alone has every element of the model */
	int seen[SUPPORT_COV_N] = {0};
	support_cover(&m, seen);
	for (int e = 0; e < SUPPORT_COV_N; e++)
		cr_assert(seen[e], "no %s", support_cover_name(e));
	/* and plants on both a five-day and a six-day week */
	int six = 0, five = 0;
	for (int p = 0; p < m.nplants; p++) {
		six |= m.plants[p].workdays == 0x3f;
		five |= m.plants[p].workdays == 0x1f;
	}
	cr_assert(six && five, "workdays");

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
	char *text = support_read_in(dir, "orders.yaml");
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
	cr_assert_eq(load_ok(a, SAMPLES, &m), 0);
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
	char *dir = support_gen("gen", 1, 1);
	char *x = support_read_in(dir, "catalog.yaml");
	char *y = support_read_in(SAMPLES, "catalog.yaml");
	cr_assert_not_null(y);
	cr_assert_str_eq(x, y,
			 "data/samples/catalog.yaml is not what the generator "
			 "writes: regenerate it (mcsched gen) and the sample "
			 "orders");
	free(x);
	free(y);
	cleanup(dir);
}
