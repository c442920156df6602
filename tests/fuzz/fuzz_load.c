/*
 * fuzz_load.c - libFuzzer harness for one YAML loader (make fuzz).
 *
 * Built once per file role, with MC_FUZZ_ROLE "catalog", "plants", "orders",
 * "job" or "scenario" (a what-if overlay applied to the fixtures, then the
 * LP built): the input becomes that file and the good fixtures of
 * tests/fixtures/hostile/ the others.  An input that loads goes on to the
 * order classes and the full class LP's build (every row and slot column,
 * with names; not the solve), so the bounds the loader
 * enforces are tried against the arithmetic that relies on them.  Any
 * crash, sanitizer report, leak or timeout is a finding.
 */
#include "classes.h"
#include "load.h"
#include "lp.h"
#include "lpm.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MC_FUZZ_ROLE
#error "build with -DMC_FUZZ_ROLE=\"catalog\" (or plants, orders, job)"
#endif
#ifndef MC_FUZZ_FIXTURES
#error "build with -DMC_FUZZ_FIXTURES=\"/abs/path/tests/fixtures/hostile\""
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char input[64];

static void cleanup(void)
{
	unlink(input);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(input, sizeof(input), "/tmp/mcsched-fuzz-%ld.yaml",
		 (long)getpid());
	atexit(cleanup);
	return 0;
}

/* The fixture of a role, or the fuzzed input for MC_FUZZ_ROLE. */
static const char *path_of(const char *role, char *buf, size_t n)
{
	if (strcmp(role, MC_FUZZ_ROLE) == 0)
		return input;
	snprintf(buf, n, "%s/%s.yaml", MC_FUZZ_FIXTURES, role);
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen(input, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();

	char c[512], p[512], o[512];
	mc_arena *a = mc_arena_new();
	mc_diag d = MC_DIAG_INIT;
	mc_model m;
	int loaded = -1;
	if (strcmp(MC_FUZZ_ROLE, "job") == 0) {
		mc_settings job;
		mc_load_job(a, input, &job, &d);
	} else if (strcmp(MC_FUZZ_ROLE, "scenario") == 0) {
		/* the fixtures with the fuzzed overlay on them */
		mc_scenario sc;
		mc_source src = {.path = input};
		mc_source cat = {.path = path_of("catalog", c, sizeof(c))};
		mc_source pl = {.path = path_of("plants", p, sizeof(p))};
		mc_source ord[MC_MAX_ORDER_FILES] = {
		    {.path = path_of("orders", o, sizeof(o))}};
		const char *files[MC_MAX_ORDER_FILES];
		if (mc_load_scenario(a, &src, &sc, &d) == 0) {
			int n = mc_scenario_order_files(&sc, files,
							MC_MAX_ORDER_FILES - 1);
			for (int i = 0; i < n; i++)
				ord[1 + i] = (mc_source){.path = files[i]};
			if (mc_load_sources(a, &cat, &pl, ord, 1 + n, &m, &d) ==
			    0)
				loaded = mc_scenario_apply(&sc, &m, &d);
		}
	} else {
		loaded =
		    mc_load_inputs(a, path_of("catalog", c, sizeof(c)),
				   path_of("plants", p, sizeof(p)),
				   path_of("orders", o, sizeof(o)), &m, &d);
	}
	if (loaded == 0) {
		mc_classes cl;
		mc_classes_build(&m, a, &cl);
		mc_lp *lp = mc_lp_new(&m, &cl);
		mc_lpm l;
		mc_lpm_init(&l);
		l.want_names = 1;
		mc_lp_emit(lp, &l);
		int nx;
		mc_lp_slots(lp, &nx);
		for (int i = 0; i < nx; i++)
			mc_lp_emit_slot(lp, &l, i);
		mc_lpm_release(&l);
		mc_lp_free(lp);
	}
	mc_diag_release(&d);
	mc_arena_free(a);
	return 0;
}
