/*
 * test_walkthrough.c - the README's planner's night, run as written.
 *
 * The README marks its walkthrough with an HTML comment: the first ```sh
 * block after "<!-- walkthrough:" holds the commands, one a line ('#'
 * starts a comment), the first block after "<!-- walkthrough output -->"
 * what they print, "$ " lines naming the command.  This test runs every
 * command, exactly as written, through sh in a fresh directory where
 * `data` is the repository's data/ and `mcsched` is the binary under test
 * on PATH: each must exit 0.  Every line of the output block but the
 * commands and those with "..." must be a line the commands printed.  So
 * the README's night cannot rot: a command, an option, a sample file or a
 * figure that changes fails here first.
 */
#include "support.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The lines of the fenced block that follows marker in text, malloc'ed;
 * the test fails when there is none. */
static char *block_after(const char *text, const char *marker)
{
	const char *m = strstr(text, marker);
	cr_assert_not_null(m, "README.md has no '%s'", marker);
	const char *open = strstr(m, "```");
	cr_assert_not_null(open);
	const char *body = strchr(open, '\n');
	cr_assert_not_null(body);
	body++;
	const char *close = strstr(body, "\n```");
	cr_assert_not_null(close, "the block after '%s' is not closed", marker);
	return strndup(body, (size_t)(close - body) + 1);
}

/* 1 when line (len bytes) is a whole line of text. */
static int has_line(const char *text, const char *line, size_t len)
{
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n == len && strncmp(p, line, len) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

Test(walkthrough, readme_planners_night_runs_as_written, .timeout = 240)
{
	support_default_budget(); /* as a newcomer runs them */
	char *readme = support_read("../README.md");
	cr_assert_not_null(readme);
	char *cmds = block_after(readme, "<!-- walkthrough:");
	char *want = block_after(readme, "<!-- walkthrough output -->");
	char *dir = support_tmpdir("walkthrough");
	/* absolute paths: the commands run elsewhere (cwd is tests/) */
	char cwd[PATH_MAX], root[PATH_MAX + 4], bin[2 * PATH_MAX],
	    here[2 * PATH_MAX];
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	snprintf(root, sizeof(root), "%s/..", cwd);
	snprintf(bin, sizeof(bin), "%s%s%s", support_bin()[0] == '/' ? "" : cwd,
		 support_bin()[0] == '/' ? "" : "/", support_bin());
	snprintf(here, sizeof(here), "%s/%s", cwd, dir);
	/* mcsched on PATH, data/ beside the commands */
	cr_assert_eq(support_sh("mkdir -p %s/bin && ln -s %s %s/bin/mcsched && "
				"ln -s %s/data %s/data",
				here, bin, here, root, here),
		     0);
	char *all = NULL;
	size_t nall = 0;
	FILE *printed = open_memstream(&all, &nall);
	int ran = 0;
	for (char *l = strtok(cmds, "\n"); l; l = strtok(NULL, "\n")) {
		while (*l == ' ')
			l++;
		if (!*l || *l == '#')
			continue;
		free(support_write(here, "line.sh", l));
		int rc = support_sh("cd %s && PATH=%s/bin:$PATH sh line.sh "
				    ">out.txt 2>err.txt",
				    here, here);
		char *out = support_read_in(here, "out.txt");
		char *err = support_read_in(here, "err.txt");
		cr_assert_eq(rc, 0, "README command exited %d: %s\n%s%s", rc, l,
			     out, err);
		fputs(out, printed);
		fputs(err, printed);
		free(out);
		free(err);
		ran++;
	}
	fclose(printed);
	cr_assert_geq(ran, 8, "the walkthrough runs %d commands", ran);
	int checked = 0;
	for (char *l = strtok(want, "\n"); l; l = strtok(NULL, "\n")) {
		if (strncmp(l, "$ ", 2) == 0 || strstr(l, "..."))
			continue;
		size_t n = strlen(l);
		while (n && l[n - 1] == ' ')
			n--;
		cr_assert(has_line(all, l, n),
			  "the README says the night prints\n%s\nbut it did "
			  "not",
			  l);
		checked++;
	}
	cr_assert_geq(checked, 8);
	free(all);
	free(dir);
	free(want);
	free(cmds);
	free(readme);
}
