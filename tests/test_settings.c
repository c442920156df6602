/*
 * test_settings.c - the table of plan settings (models/settings.c) and
 * the command line built on it (scheduler/cli): the order a run's
 * settings are taken in, the checks the parser makes from the rows, the
 * help written from them, and docs/reference.md being what they give.
 * In process: no binary is run.
 */
#include "backend.h"
#include "cli.h"
#include "cmd.h"
#include "load.h"
#include "settings.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What write(c, f) writes (c may be NULL for a writer of all), as a
 * malloc'ed string. */
static char *text_of(void (*write)(const mc_command *, FILE *),
		     const mc_command *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	write(c, f);
	fclose(f);
	return buf;
}

static void top(const mc_command *c, FILE *f)
{
	(void)c;
	mc_help_top(f);
}

static void markdown(const mc_command *c, FILE *f)
{
	(void)c;
	mc_help_markdown(f);
}

/* Parses the command line "name args..." (at most 16 words) into set,
 * whose strings stay good until the next parse; the status, with d's
 * first message in msg. */
static int parse(const char *line, mc_settings *set, char *msg, size_t size)
{
	static char copy[512]; /* set's strings point into it */
	char *argv[16];
	int argc = 0;
	snprintf(copy, sizeof(copy), "%s", line);
	for (char *w = strtok(copy, " "); w && argc < 16; w = strtok(NULL, " "))
		argv[argc++] = w;
	const mc_command *c = mc_command_named(argv[0]);
	cr_assert_not_null(c, "%s", argv[0]);
	const char *pos[64];
	int npos;
	mc_diag d = MC_DIAG_INIT;
	mc_args own;
	int rc = mc_cli_parse(c, argc - 1, argv + 1, set, &own, pos, &npos, &d);
	msg[0] = '\0';
	if (d.n)
		snprintf(msg, size, "%s", d.v[0].msg);
	mc_diag_release(&d);
	return rc;
}

Test(settings, defaults_then_job_then_option)
{
	mc_settings job, flags, out;
	mc_settings_init(&job);
	cr_assert_eq(job.given, 0);
	cr_assert_str_eq(job.db, "mcsched.db");
	cr_assert_str_eq(job.publish, "auto");
	cr_assert_float_eq(job.stability_cost, 25, 1e-12);
	cr_assert_float_eq(job.max_gap, 2, 1e-12);
	cr_assert_eq(job.min_orders, 1);
	cr_assert_lt(job.round_time, 0, "no round time: a budget");
	cr_assert_leq(job.time_limit, 0, "no time limit");
	/* job.yaml's frozen_days and publish, the option's publish */
	job.frozen_days = 3;
	job.publish = "never";
	job.given = 1u << MC_SET_FROZEN_DAYS | 1u << MC_SET_PUBLISH;
	char msg[200];
	cr_assert_eq(parse("plan --publish always --max-gap 5", &flags, msg,
			   sizeof(msg)),
		     0, "%s", msg);
	mc_settings_resolve(&out, &flags, &job);
	cr_assert_eq(out.frozen_days, 3, "job.yaml's");
	cr_assert_str_eq(out.publish, "always", "the option's");
	cr_assert_float_eq(out.max_gap, 5, 1e-12, "the option's");
	cr_assert_float_eq(out.stability_cost, 25, 1e-12, "the default");
	cr_assert(mc_settings_given(&out, MC_SET_MAX_GAP));
	cr_assert(mc_settings_given(&out, MC_SET_FROZEN_DAYS));
	cr_assert_not(mc_settings_given(&out, MC_SET_WAIT));
}

/* The parser checks what each row says, with the messages tests of the
 * binary check too. */
Test(settings, rows_check_values)
{
	static const struct {
		const char *line, *msg; /* msg NULL: accepted */
	} cases[] = {
	    {"plan --frozen-days 366", NULL},
	    {"plan --frozen-days 367",
	     "--frozen-days 367 is above the limit of 366"},
	    {"plan --frozen-days -1",
	     "--frozen-days needs a whole number from 0, not '-1'"},
	    {"plan --time-limit 0", "--time-limit needs a positive number, "
				    "not '0'"},
	    {"plan --time-limit 1e9",
	     "--time-limit 1e+09 is above the limit of 86400"},
	    {"plan --round-time 0", NULL},
	    {"plan --max-gap 0", NULL},
	    {"plan --max-gap 101", "--max-gap 101 is above the limit of 100"},
	    {"plan --publish sometimes",
	     "--publish is auto, always or never, not 'sometimes'"},
	    {"plan --start today", NULL},
	    {"plan --start 2026-13-01",
	     "--start is today or a date 2000-01-01..2099-12-31, not "
	     "'2026-13-01'"},
	    {"plan --solver nope", NULL}, /* the back-end says */
	    {"plan --scenario a --scenario b", NULL},
	    {"plan --db=", "--db needs a value, not ''"},
	    {"plan --quiet=1", "--quiet takes no value"},
	    {"plan --frozen-days", "--frozen-days needs a value"},
	    {"plan --colour", "unknown option '--colour'"},
	    {"whatif --jobs 0", "--jobs is 1..64, not 0"},
	    {"serve --max-connections 100001",
	     "--max-connections is 1..100000, not 100001"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		mc_settings set;
		char msg[200];
		int rc = parse(cases[i].line, &set, msg, sizeof(msg));
		if (!cases[i].msg) {
			cr_expect_eq(rc, 0, "%s: %s", cases[i].line, msg);
			continue;
		}
		cr_expect_eq(rc, -1, "%s", cases[i].line);
		cr_expect_str_eq(msg, cases[i].msg, "%s", cases[i].line);
	}
	mc_settings set;
	char msg[200];
	cr_assert_eq(parse("plan --scenario a --scenario b -c x", &set, msg,
			   sizeof(msg)),
		     0);
	cr_assert_eq(set.scenarios.n, 2);
	cr_assert_str_eq(set.scenarios.v[1], "b");
	cr_assert_str_eq(set.catalog, "x");
	cr_assert_eq(set.given, 1u << MC_SET_SCENARIOS | 1u << MC_SET_CATALOG);
}

/* One fact, one place: the solver's default is the back-end's. */
Test(settings, solver_default_is_the_backends)
{
	cr_assert_str_eq(mc_setting_of(MC_SET_SOLVER)->def, MC_BE_DEFAULT);
}

/* Every command's help shows each of its options, with the default and
 * bounds of its row; the top-level usage lists every command. */
Test(settings, help_from_the_rows)
{
	char *all = text_of(top, NULL);
	for (int i = 0; mc_commands[i]; i++) {
		const mc_command *c = mc_commands[i];
		char want[64];
		/* its usage line: the name, then options or its end */
		snprintf(want, sizeof(want), "\n  mcsched %s", c->name);
		const char *at = strstr(all, want);
		while (at && at[strlen(want)] != ' ' &&
		       at[strlen(want)] != '\n')
			at = strstr(at + 1, want);
		cr_expect_not_null(at, "%s", c->name);
		char *help = text_of(mc_help_command, c);
		snprintf(want, sizeof(want), "usage: mcsched %s", c->name);
		cr_expect_eq(strncmp(help, want, strlen(want)), 0, "%s", help);
		for (const mc_setting *const *o = c->opts; *o; o++) {
			snprintf(want, sizeof(want), "  --%s", (*o)->name);
			if ((*o)->alias)
				snprintf(want, sizeof(want), "  -%c, --%s",
					 (*o)->alias, (*o)->name);
			cr_expect_not_null(strstr(help, want), "%s %s", c->name,
					   want);
		}
		free(help);
	}
	free(all);
	/* a plan setting's default and bounds come from its row */
	char *help = text_of(mc_help_command, mc_command_named("plan"));
	cr_assert_not_null(strstr(help, "(default 25; 0..1000000;"), "%s",
			   help);
	cr_assert_not_null(strstr(help, "(default 0; 0..366;"), "%s", help);
	free(help);
}

/* docs/reference.md is what the tables give: make reference writes it. */
Test(settings, reference_is_the_tables)
{
	char *want = text_of(markdown, NULL);
	char *doc = support_read("../docs/reference.md");
	cr_assert_not_null(doc, "no docs/reference.md: make reference");
	cr_assert(strcmp(doc, want) == 0,
		  "docs/reference.md is not what the command tables give: "
		  "make reference");
	free(doc);
	free(want);
}
