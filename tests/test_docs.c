/*
 * test_docs.c - the documents a newcomer reads hold together: every
 * relative link of README.md, CHANGELOG.md and the .md files of docs/ names a
 * file of the repository, and the README stays under 20 KB.
 *
 * Runs with cwd = tests/ (make test); in-process (make check).
 */
#include "support.h"

#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Checks the links [text](target) of file path; returns how many. */
static int check_links(const char *path)
{
	char *text = support_read(path);
	cr_assert_not_null(text, "cannot read %s", path);
	char dir[512];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	*(slash ? slash : dir) = '\0';
	int n = 0;
	int fenced = 0;
	for (char *l = text; *l;) {
		char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		if (len >= 3 && strncmp(l, "```", 3) == 0)
			fenced = !fenced;
		for (char *p = l; !fenced && p < l + len;) {
			char *open = strstr(p, "](");
			if (!open || open >= l + len)
				break;
			char *t = open + 2, *close = strchr(t, ')');
			if (!close || close >= l + len)
				break;
			p = close + 1;
			size_t tl = (size_t)(close - t);
			char target[512];
			snprintf(target, sizeof(target), "%.*s", (int)tl, t);
			char *hash = strchr(target, '#');
			if (hash)
				*hash = '\0';
			if (!*target || strstr(target, "://") ||
			    strncmp(target, "mailto:", 7) == 0)
				continue;
			char full[1100];
			snprintf(full, sizeof(full), "%s%s%s", dir,
				 *dir ? "/" : "", target);
			struct stat st;
			cr_assert_eq(stat(full, &st), 0,
				     "%s links to %s, which is not there", path,
				     target);
			n++;
		}
		l = e ? e + 1 : l + len;
	}
	free(text);
	return n;
}

Test(docs, every_relative_link_resolves)
{
	int links =
	    check_links("../README.md") + check_links("../CHANGELOG.md");
	glob_t g;
	cr_assert_eq(glob("../docs/*.md", 0, NULL, &g), 0);
	cr_assert_geq(g.gl_pathc, 5, "docs/ holds %zu documents", g.gl_pathc);
	for (size_t i = 0; i < g.gl_pathc; i++)
		links += check_links(g.gl_pathv[i]);
	globfree(&g);
	cr_assert_gt(links, 20);
}

Test(docs, readme_under_20_kb)
{
	struct stat st;
	cr_assert_eq(stat("../README.md", &st), 0);
	cr_assert_lt(st.st_size, 20 * 1024, "README.md is %lld bytes",
		     (long long)st.st_size);
}
