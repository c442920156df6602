/*
 * support.c - test helpers (see support.h).
 */
#include "support.h"
#include "load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *support_tmpdir(const char *tag)
{
	char path[512];
	mkdir("tmp", 0777);
	snprintf(path, sizeof(path), "tmp/%s-XXXXXX", tag);
	if (!mkdtemp(path)) {
		perror("mkdtemp");
		abort();
	}
	return strdup(path);
}

char *support_write(const char *dir, const char *name, const char *text)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	snprintf(path, n, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
	return path;
}

int support_load(mc_arena *a, const char *catalog, const char *plants,
		 const char *orders, mc_model *m, mc_diag *d)
{
	char *dir = support_tmpdir("load");
	char *c = support_write(dir, "catalog.yaml", catalog);
	char *p = support_write(dir, "plants.yaml", plants);
	char *o = support_write(dir, "orders.yaml", orders);
	int rc = mc_load_inputs(a, c, p, o, m, d);
	if (rc < 0)
		mc_diag_print(d, stderr, 0);
	free(c);
	free(p);
	free(o);
	free(dir);
	return rc;
}

char *support_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	return buf;
}

const char *support_bin(void)
{
	const char *bin = getenv("MCSCHED");
	return bin && *bin ? bin : "../build/release/mcsched";
}

int support_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}
