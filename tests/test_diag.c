/*
 * test_diag.c - diagnostics: a diag keeps the first MC_DIAG_KEEP messages
 * and counts the rest; printing shows the first MC_DIAG_SHOW, then the
 * total, with each offending source line under its message.
 */
#include "diag.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What mc_diag_print writes, malloc'ed. */
static char *printed(const mc_diag *d, int show_source)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	mc_diag_print(d, f, show_source);
	fclose(f);
	return buf;
}

static int lines_of(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(diag, keeps_the_first_and_counts_the_rest)
{
	mc_diag d = MC_DIAG_INIT;
	int n = MC_DIAG_KEEP + 500;
	for (int i = 0; i < n; i++)
		cr_assert_eq(mc_diag_at(&d, MC_EINPUT, "x.yaml", i + 1, 1,
					"error %d", i),
			     -1);
	cr_assert_eq(mc_diag_count(&d), n);
	cr_assert_eq(d.n, MC_DIAG_KEEP);
	cr_assert(mc_diag_full(&d));
	cr_assert_eq(d.status, MC_EINPUT);
	cr_assert_str_eq(d.v[MC_DIAG_KEEP - 1].msg, "error 999");

	char *out = printed(&d, 0);
	cr_assert_eq(lines_of(out), MC_DIAG_SHOW + 1, "%s", out);
	cr_assert_not_null(strstr(out, "x.yaml:50:1: error 49\n"), "%s", out);
	cr_assert_null(strstr(out, "error 50\n"), "%s", out);
	char want[128];
	snprintf(want, sizeof(want),
		 "mcsched: %d errors in all, %d not shown\n", n,
		 n - MC_DIAG_SHOW);
	cr_assert_not_null(strstr(out, want), "%s", out);
	free(out);

	mc_diag_clear(&d);
	cr_assert_eq(mc_diag_count(&d), 0);
	cr_assert_not(mc_diag_full(&d));
	mc_diag_release(&d);
}

/* Source lines come from one reading of the file, in order; a line too
 * long for a terminal is left out, and so is a file that is not regular. */
Test(diag, shows_source_lines)
{
	char *dir = support_tmpdir("diag");
	char text[600] = "a: 1\nb: 2\n  c: 3\n";
	memset(text + strlen(text), 'x', 300);
	strcat(text, "\nd: 4\n");
	char *path = support_write(dir, "f.yaml", text);
	mc_diag d = MC_DIAG_INIT;
	mc_diag_at(&d, MC_EINPUT, path, 2, 4, "two");
	mc_diag_at(&d, MC_EINPUT, path, 3, 3, "three");
	mc_diag_at(&d, MC_EINPUT, path, 4, 1, "long");
	mc_diag_at(&d, MC_EINPUT, path, 5, 1, "five");
	mc_diag_at(&d, MC_EINPUT, path, 1, 1, "back to one");
	mc_diag_at(&d, MC_EINPUT, "/dev/zero", 1, 1, "device");

	char *out = printed(&d, 1);
	char want[1024];
	snprintf(want, sizeof(want),
		 "%s:2:4: two\n  b: 2\n     ^\n"
		 "%s:3:3: three\n    c: 3\n    ^\n"
		 "%s:4:1: long\n"
		 "%s:5:1: five\n  d: 4\n  ^\n"
		 "%s:1:1: back to one\n  a: 1\n  ^\n"
		 "/dev/zero:1:1: device\n",
		 path, path, path, path, path);
	cr_assert_str_eq(out, want);
	free(out);
	mc_diag_release(&d);
	free(path);
	free(dir);
}

/* What a message quotes of a file goes to a terminal escaped: control
 * characters and bytes that are not UTF-8 as \xNN, in the message, the
 * file's name and its source line (a tab stays, the caret still under
 * its column: an escaped byte is four wide). */
Test(diag, escapes_what_a_terminal_should_not_get)
{
	char *dir = support_tmpdir("diag-esc");
	char *path =
	    support_write(dir, "f\x1b.yaml",
			  "name: x\xff\x1b[31mred\n\tkey: \xe4\xb8\xad\x01v\n");
	mc_diag d = MC_DIAG_INIT;
	mc_diag_at(&d, MC_EINPUT, path, 1, 9, "bad byte \xff, bell \x07");
	mc_diag_at(&d, MC_EINPUT, path, 2, 8, "here");
	mc_diag_error(&d, MC_ESTORE, "no \x1b]0;title\x07 here");
	char *out = printed(&d, 1);
	char want[2048];
	snprintf(want, sizeof(want),
		 "%s/f\\x1b.yaml:1:9: bad byte \\xff, bell \\x07\n"
		 "  name: x\\xff\\x1b[31mred\n"
		 "             ^\n"
		 "%s/f\\x1b.yaml:2:8: here\n"
		 "  \tkey: \xe4\xb8\xad\\x01v\n"
		 "  \t       ^\n"
		 "mcsched: no \\x1b]0;title\\x07 here\n",
		 dir, dir);
	cr_assert_str_eq(out, want);
	for (const char *p = out; *p; p++)
		cr_assert(*p == '\n' || *p == '\t' || (unsigned char)*p >= 0x20,
			  "a control byte 0x%02x went out", *p);
	free(out);
	mc_diag_release(&d);
	free(path);
	free(dir);
}
