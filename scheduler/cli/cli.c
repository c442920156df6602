/*
 * cli.c - the option parser of cli.h.  Borrows the argv strings; allocates
 * nothing.
 */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const mc_opt *find(const mc_opt *opts, const char *name, size_t len,
			  char alias)
{
	for (; opts->name; opts++)
		if (alias ? opts->alias == alias
			  : strlen(opts->name) == len &&
				strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static int set(const mc_opt *o, const char *val, mc_diag *d)
{
	char *end;
	switch (o->type) {
	case MC_OPT_STR:
		if (!*val)
			return mc_diag_error(d, MC_EUSAGE,
					     "--%s needs a value, not ''",
					     o->name);
		*(const char **)o->dest = val;
		return 0;
	case MC_OPT_LIST: {
		mc_opt_list *l = o->dest;
		if (!*val)
			return mc_diag_error(d, MC_EUSAGE,
					     "--%s needs a value, not ''",
					     o->name);
		if (l->n >= l->max)
			return mc_diag_error(d, MC_EUSAGE,
					     "--%s given more than %d times",
					     o->name, l->max);
		l->v[l->n++] = val;
		return 0;
	}
	case MC_OPT_INT: {
		errno = 0;
		long v = strtol(val, &end, 10);
		if (errno || *end || end == val || v < 0 || v > 2147483647L)
			return mc_diag_error(
			    d, MC_EUSAGE,
			    "--%s needs a whole number from 0, "
			    "not '%s'",
			    o->name, val);
		*(int *)o->dest = (int)v;
		return 0;
	}
	case MC_OPT_NUM:
	case MC_OPT_NUM0: {
		int zero = o->type == MC_OPT_NUM0;
		errno = 0;
		double v = strtod(val, &end);
		if (errno || *end || end == val || !isfinite(v) || v < 0 ||
		    (v == 0 && !zero))
			return mc_diag_error(
			    d, MC_EUSAGE, "--%s needs a %s number, not '%s'",
			    o->name, zero ? "non-negative" : "positive", val);
		*(double *)o->dest = v;
		return 0;
	}
	default:
		*(int *)o->dest = 1;
		return 0;
	}
}

int mc_cli_parse(int argc, char **argv, const mc_opt *opts, const char **pos,
		 int maxpos, int *npos, int *help, mc_diag *d)
{
	int only_pos = 0;
	*npos = 0;
	*help = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const mc_opt *o = NULL;
		const char *val = NULL;
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (!only_pos &&
		    (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			*help = 1;
			continue;
		}
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*npos == maxpos)
				return mc_diag_error(d, MC_EUSAGE,
						     "unexpected argument '%s'",
						     a);
			pos[(*npos)++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find(opts, a + 2, len, 0);
			val = eq ? eq + 1 : NULL;
		} else if (a[2] == '\0') {
			o = find(opts, NULL, 0, a[1]);
		}
		if (!o)
			return mc_diag_error(d, MC_EUSAGE,
					     "unknown option '%s'", a);
		if (o->type == MC_OPT_FLAG) {
			if (val)
				return mc_diag_error(d, MC_EUSAGE,
						     "--%s takes no value",
						     o->name);
		} else if (!val) {
			if (i + 1 >= argc)
				return mc_diag_error(d, MC_EUSAGE,
						     "%s needs a value", a);
			val = argv[++i];
		}
		if (set(o, val, d) < 0)
			return -1;
	}
	return 0;
}
