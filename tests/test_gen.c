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
	mc_settings job;
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

/* ---- shapes ---- */

/* A fresh directory holding the instance drawn for (norders, seed) in
 * shape s; the test fails if it cannot be made. */
static char *gen_shaped(int norders, uint64_t seed, const mc_gen_shape *s)
{
	char *dir = support_tmpdir("gen");
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_gen_write_shape(dir, norders, seed, s, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0, "mc_gen_write_shape(%d, %llu) failed", norders,
		     (unsigned long long)seed);
	mc_diag_release(&d);
	return dir;
}

/* Loads dir's instance into a (which the caller frees); the test fails on
 * any diagnostic. */
static void load_shaped(mc_arena *a, const char *dir, mc_model *m)
{
	cr_assert_eq(load_ok(a, dir, m), 0, "%s does not load", dir);
}

/* 1 if dir/name is the same text in both directories. */
static int same_file(const char *a, const char *b, const char *name)
{
	char *x = support_read_in(a, name), *y = support_read_in(b, name);
	cr_assert(x && y, "%s missing", name);
	int same = strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

Test(gen, shaped_same_arguments_same_bytes)
{
	mc_gen_shape s = {12, 2, 7, 5, 40, 20, 0.3};
	char *a = gen_shaped(150, 9, &s), *b = gen_shaped(150, 9, &s);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		cr_assert(same_file(a, b, files[i]), "%s differs", files[i]);
	/* the header names the knobs that draw it again */
	char *text = support_read_in(a, "orders.yaml");
	cr_assert(strstr(text, "`mcsched gen --orders 150 --seed 9 --plants 12 "
			       "--lines 2 --families 7 --options 5 --days 40 "
			       "--due-spread 20 --release-share 0.3`"),
		  "%.300s", text);
	free(text);
	cleanup(a);
	cleanup(b);
}

Test(gen, shape_named)
{
	mc_gen_shape s = MC_GEN_SHAPE_DEFAULT, def = MC_GEN_SHAPE_DEFAULT;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_shape_named("xl", &s, &d), 0);
	cr_assert_eq(s.plants, 10);
	cr_assert_eq(s.lines, 5);
	cr_assert_eq(s.families, 50);
	cr_assert_eq(s.days, 60);
	cr_assert_eq(s.options, def.options);
	cr_assert_eq(mc_gen_shape_named("default", &s, &d), 0);
	cr_assert_eq(memcmp(&s, &def, sizeof(s)), 0);
	cr_assert_eq(mc_gen_shape_named("XL ", &s, &d), -1);
	cr_assert_eq(d.status, MC_EUSAGE);
	cr_assert(strstr(d.v[0].msg, "unknown shape 'XL '"), "%s", d.v[0].msg);
	mc_diag_release(&d);
}

/* The default shape spelt out is the default. */
Test(gen, default_shape_spelt_out)
{
	mc_gen_shape s = {0, 0, 3, 3, 28, 33, 0.12};
	char *a = gen_shaped(400, 4, &s), *b = support_gen("gen", 400, 4);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		cr_assert(same_file(a, b, files[i]), "%s differs", files[i]);
	cleanup(a);
	cleanup(b);
}

/* Plants and lines change the plants only: the orders of a seed stay. */
Test(gen, plants_and_lines_change_only_the_plants, .timeout = 60)
{
	mc_gen_shape one = MC_GEN_SHAPE_DEFAULT, three = MC_GEN_SHAPE_DEFAULT;
	one.plants = three.plants = 23;
	one.lines = 1;
	three.lines = 3;
	char *a = gen_shaped(600, 2, &one), *b = gen_shaped(600, 2, &three);
	char *c = support_gen("gen", 600, 2);
	cr_assert(same_file(a, c, "catalog.yaml"));
	char *x = support_read_in(a, "orders.yaml"),
	     *y = support_read_in(c, "orders.yaml");
	cr_assert_str_eq(strstr(x, "\norders:"), strstr(y, "\norders:"));
	free(x);
	free(y);
	mc_arena *ar = mc_arena_new();
	mc_model m1, m3, mc;
	load_shaped(ar, a, &m1);
	load_shaped(ar, b, &m3);
	load_shaped(ar, c, &mc);
	cr_assert_eq(m1.nplants, 23);
	cr_assert_eq(m3.nplants, 23);
	cr_assert_eq(mc.nplants, 3);
	/* second sites of the ten named plants */
	cr_assert_str_eq(m1.plants[10].id, "GZ-NANSHA-2");
	cr_assert_str_eq(m1.plants[22].id, "DG-HUMEN-3");
	/* every group of resources has exactly `lines` of them */
	cr_assert_eq(m3.nresources, 3 * m1.nresources);
	for (int p = 0; p < m1.nplants; p++)
		for (int k = 0; k < m1.nkinds; k++) {
			int n1 = 0, n3 = 0;
			for (int f = 0; f < m1.nfamilies; f++) {
				n1 = mc_model_admitting(&m1, p, k, f, NULL);
				n3 = mc_model_admitting(&m3, p, k, f, NULL);
				cr_assert_eq(n3, 3 * n1);
				cr_assert_leq(n1, 1);
			}
		}
	mc_arena_free(ar);
	cleanup(a);
	cleanup(b);
	cleanup(c);
}

/* Families beyond three are variants: their own id, code and GTIN (the
 * loader checks the check digit), scaled minutes, made at two plants. */
Test(gen, families_add_variants, .timeout = 60)
{
	mc_gen_shape s = MC_GEN_SHAPE_DEFAULT;
	s.families = 40;
	s.plants = 10;
	char *dir = gen_shaped(3000, 5, &s);
	mc_arena *a = mc_arena_new();
	mc_model m;
	load_shaped(a, dir, &m);
	cr_assert_eq(m.nfamilies, 40);
	cr_assert_str_eq(m.families[0].id, "sofa");
	cr_assert_str_eq(m.families[3].id, "sofa-2");
	cr_assert_str_eq(m.families[3].code, "SFB");
	cr_assert_str_eq(m.families[3].gtin, "09521234100027");
	cr_assert_str_eq(m.families[39].id, "sofa-14");
	cr_assert_str_eq(m.families[39].code, "SFN");
	int used[40] = {0}, scaled = 0;
	for (int o = 0; o < m.norders; o++)
		used[m.orders[o].family]++;
	for (int f = 0; f < m.nfamilies; f++) {
		for (int g = 0; g < f; g++) {
			cr_assert_str_neq(m.families[f].code,
					  m.families[g].code);
			cr_assert_str_neq(m.families[f].gtin,
					  m.families[g].gtin);
		}
		int plants = 0;
		for (int p = 0; p < m.nplants; p++)
			plants += m.plants[p].makes[f];
		if (f < 3) {
			cr_assert_geq(plants, 5, "%s", m.families[f].id);
		} else {
			cr_assert_eq(plants, 2, "%s", m.families[f].id);
			/* same kind and kinds of work as its base */
			const mc_family *v = &m.families[f],
					*b = &m.families[f % 3];
			cr_assert_eq(v->kind, b->kind);
			int differs = 0;
			for (int k = 0; k < m.nkinds; k++) {
				cr_assert_eq(v->routing[k] > 0,
					     b->routing[k] > 0);
				differs |= v->routing[k] != b->routing[k];
			}
			scaled += differs;
		}
		cr_assert_gt(used[f], 0, "no order for %s", m.families[f].id);
	}
	/* minutes scaled by 0.8..1.25, rounded to half minutes: a factor
	 * near 1 may leave a variant's minutes as its base's */
	cr_assert_geq(scaled, 30, "only %d of 37 variants scaled", scaled);
	mc_arena_free(a);
	cleanup(dir);
}

Test(gen, options_per_family)
{
	static const int counts[] = {1, 2, 5, 8};
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		mc_gen_shape s = MC_GEN_SHAPE_DEFAULT;
		s.options = counts[i];
		s.families = 5;
		char *dir = gen_shaped(300, 3, &s);
		mc_arena *a = mc_arena_new();
		mc_model m;
		load_shaped(a, dir, &m);
		int mono = 0;
		for (int f = 0; f < m.nfamilies; f++) {
			cr_assert_eq(m.families[f].nopts, counts[i]);
			for (int o = 0; o < m.families[f].nopts; o++)
				mono |= strcmp(m.families[f].opts[o].name,
					       "monogram") == 0;
		}
		/* no monogram, no embroidery machines */
		cr_assert_eq(
		    mc_model_find(m.kinds, m.nkinds, "embroidery") >= 0, mono);
		if (counts[i] > 3)
			cr_assert_str_eq(m.families[0].opts[3].name, "finish");
		mc_arena_free(a);
		cleanup(dir);
	}
}

Test(gen, days_set_the_horizon)
{
	static const int days[] = {14, 45, 120};
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		mc_gen_shape s = MC_GEN_SHAPE_DEFAULT;
		s.days = days[i];
		char *dir = gen_shaped(400, 6, &s);
		mc_arena *a = mc_arena_new();
		mc_model m;
		load_shaped(a, dir, &m);
		cr_assert_eq(m.horizon_days, days[i]);
		/* due dates spread to days + 6 by default */
		int last = 0;
		for (int o = 0; o < m.norders; o++) {
			int off = m.orders[o].due - m.start;
			cr_assert(off >= 2 && off <= days[i] + 6, "due %d",
				  off);
			if (off > last)
				last = off;
		}
		cr_assert_geq(last, days[i]);
		mc_arena_free(a);
		cleanup(dir);
	}
}

Test(gen, due_spread_and_release_share)
{
	mc_gen_shape s = MC_GEN_SHAPE_DEFAULT;
	s.due_spread = 1;
	s.release_share = 1;
	char *one = gen_shaped(500, 8, &s);
	s.due_spread = 10;
	s.release_share = 0;
	char *ten = gen_shaped(500, 8, &s);
	mc_arena *a = mc_arena_new();
	mc_model m1, m10;
	load_shaped(a, one, &m1);
	load_shaped(a, ten, &m10);
	int seen[10] = {0};
	for (int o = 0; o < m1.norders; o++) {
		/* all due on the third day; none can be released later than
		 * two days before it, so none are */
		cr_assert_eq(m1.orders[o].due - m1.start, 2);
		int off = m10.orders[o].due - m10.start;
		cr_assert(off >= 2 && off <= 11, "due %d", off);
		seen[off - 2] = 1;
		cr_assert_eq(m10.orders[o].release, m10.start);
	}
	for (int i = 0; i < 10; i++)
		cr_assert(seen[i], "nobody due on day %d", i + 2);
	mc_arena_free(a);
	cleanup(one);
	cleanup(ten);

	/* share 1: every order due from the fifth day has a release day */
	s = (mc_gen_shape)MC_GEN_SHAPE_DEFAULT;
	s.release_share = 1;
	char *all = gen_shaped(500, 8, &s);
	a = mc_arena_new();
	mc_model m;
	load_shaped(a, all, &m);
	for (int o = 0; o < m.norders; o++)
		if (m.orders[o].due - m.start >= 4)
			cr_assert_gt(m.orders[o].release, m.start);
	mc_arena_free(a);
	cleanup(all);
}

Test(gen, rejects_bad_knobs)
{
	mc_gen_shape s = {2, 21, 2, 9, 13, -1, 1.5};
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_write_shape("tmp/gen-never", 10, 1, &s, &d), -1);
	cr_assert_eq(d.status, MC_EUSAGE);
	static const char *const said[] = {
	    "--plants must be 3..99",
	    "--lines must be 1..20",
	    "--families must be 3..300",
	    "--options must be 1..8",
	    "--days must be 14..366",
	    "--due-spread must be 1..366",
	    "--release-share must be a share 0..1, not 1.5"};
	cr_assert_eq(mc_diag_count(&d), 7);
	for (int i = 0; i < 7; i++)
		cr_assert(strstr(d.v[i].msg, said[i]), "%s", d.v[i].msg);
	cr_assert_neq(access("tmp/gen-never", F_OK), 0,
		      "nothing is created for bad arguments");
	mc_diag_release(&d);
}

/* dir holds an XL-shaped instance (10 plants, 50 families) with this
 * horizon and options per family, and it loads. */
static void check_xl(const char *dir, int days, int options)
{
	mc_arena *a = mc_arena_new();
	mc_model m;
	load_shaped(a, dir, &m);
	cr_assert_eq(m.nplants, 10);
	cr_assert_eq(m.nfamilies, 50);
	cr_assert_eq(m.horizon_days, days);
	for (int f = 0; f < m.nfamilies; f++)
		cr_assert_eq(m.families[f].nopts, options);
	mc_arena_free(a);
}

/* mcsched gen: a shape, knobs given with it win, bad knobs exit 1 with
 * what is wrong and the usage, and write nothing. */
Test(gen, command_line_knobs)
{
	char *dir = support_tmpdir("gen");
	char out[1024], sub[1024];
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	snprintf(sub, sizeof(sub), "%s/xl", dir);
	cr_assert_eq(
	    support_run(out,
			"gen --orders 20 --seed 2 --shape xl --days 30 "
			"--options 4 --release-share 0.25 %s",
			sub),
	    0);
	check_xl(sub, 30, 4);
	char *text = support_read_in(sub, "plants.yaml");
	cr_assert(strstr(text, "--orders 20 --seed 2 --plants 10 --lines 5 "
			       "--families 50 --options 4 --days 30 "
			       "--release-share 0.25`"),
		  "%.300s", text);
	free(text);
	support_sh("rm -rf %s", sub);

	cr_assert_eq(support_run(out,
				 "gen --orders 20 --days 400 --families 1 "
				 "%s",
				 sub),
		     1);
	snprintf(out, sizeof(out), "%s/out.txt.err", dir);
	text = support_read(out);
	cr_assert(strstr(text, "--days must be 14..366, not 400\n"), "%s",
		  text);
	cr_assert(strstr(text, "--families must be 3..300, not 1\n"), "%s",
		  text);
	cr_assert(strstr(text, "usage: mcsched gen --orders N"), "%s", text);
	free(text);
	cr_assert_neq(access(sub, F_OK), 0, "%s was created", sub);
	support_sh("rm -rf %s", dir);
	free(dir);
}

/* research/lp.md's XL shape loads and plans at a small order count. */
Test(gen, xl_shape_plans, .timeout = 120)
{
	mc_gen_shape s;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_gen_shape_named("xl", &s, &d), 0);
	char *dir = gen_shaped(40, 3, &s);
	check_xl(dir, 60, 3);
	char out[1024];
	snprintf(out, sizeof(out), "%s/plan.txt", dir);
	cr_assert_eq(
	    support_run(out, "plan %s/job.yaml --db %s/xl.db", dir, dir), 0);
	char *text = support_read(out);
	cr_assert(strstr(text, "orders 40 in "), "%s", text);
	cr_assert(strstr(text, "(LP optimal)"), "%s", text);
	free(text);
	support_sh("rm -f %s/plan.txt* %s/xl.db*", dir, dir);
	cleanup(dir);
	mc_diag_release(&d);
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
	mc_settings job;
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
