/*
 * cli.c - the option parser of cli.h: long options (--db F, --db=F),
 * one-letter aliases (-c F), flags and positional arguments, each value
 * checked as its row says.  Borrows the argv strings; allocates nothing.
 */
#include "cli.h"
#include "date.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const mc_command *mc_command_named(const char *name)
{
	for (int i = 0; mc_commands[i]; i++)
		if (strcmp(mc_commands[i]->name, name) == 0)
			return mc_commands[i];
	return NULL;
}

static const mc_setting *find(const mc_command *c, const char *name, size_t len,
			      char alias)
{
	for (const mc_setting *const *o = c->opts; *o; o++)
		if (alias ? (*o)->alias == alias
			  : strlen((*o)->name) == len &&
				strncmp((*o)->name, name, len) == 0)
			return *o;
	return NULL;
}

/* "a, b or c" of the row's choices into buf. */
static const char *choices_text(const mc_setting *o, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; o->choices[i]; i++)
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
				      !i		  ? ""
				      : o->choices[i + 1] ? ", "
							  : " or ",
				      o->choices[i]);
	return buf;
}

static int set_int(const mc_setting *o, const char *val, int *dest, mc_diag *d)
{
	char *end;
	errno = 0;
	long v = strtol(val, &end, 10);
	if (errno || *end || end == val || v < 0 || v > 2147483647L)
		return mc_diag_error(d, MC_EUSAGE,
				     "--%s needs a whole number from 0, "
				     "not '%s'",
				     o->name, val);
	if (!o->lax && o->min > 0 && (v < o->min || v > o->max))
		return mc_diag_error(d, MC_EUSAGE,
				     "--%s is %.10g..%.10g, not %ld", o->name,
				     o->min, o->max, v);
	if (!o->lax && v > o->max)
		return mc_diag_error(d, MC_EUSAGE,
				     "--%s %ld is above the limit of %.10g",
				     o->name, v, o->max);
	*dest = (int)v;
	return 0;
}

static int set_num(const mc_setting *o, const char *val, double *dest,
		   mc_diag *d)
{
	char *end;
	errno = 0;
	double v = strtod(val, &end);
	if (errno || *end || end == val || !isfinite(v) || v < o->min ||
	    (v == o->min && o->open_min))
		return mc_diag_error(
		    d, MC_EUSAGE, "--%s needs a %s number, not '%s'", o->name,
		    o->open_min ? "positive" : "non-negative", val);
	if (!o->lax && v > o->max)
		return mc_diag_error(d, MC_EUSAGE,
				     "--%s %g is above the limit of %g",
				     o->name, v, o->max);
	*dest = v;
	return 0;
}

static int set(const mc_setting *o, const char *val, void *dest, mc_diag *d)
{
	char buf[200];
	if (o->type != MC_OPT_FLAG && o->type != MC_OPT_INT &&
	    o->type != MC_OPT_NUM && !*val)
		return mc_diag_error(d, MC_EUSAGE, "--%s needs a value, not ''",
				     o->name);
	switch (o->type) {
	case MC_OPT_INT:
		return set_int(o, val, dest, d);
	case MC_OPT_NUM:
		return set_num(o, val, dest, d);
	case MC_OPT_LIST: {
		mc_setting_list *l = dest;
		if (l->n >= o->max)
			return mc_diag_error(d, MC_EUSAGE,
					     "--%s given more than %.10g times",
					     o->name, o->max);
		l->v[l->n++] = val;
		return 0;
	}
	case MC_OPT_DAY: {
		int day;
		char lo[11], hi[11];
		if (strcmp(val, "today") != 0 &&
		    (mc_date_parse(val, &day) || day < MC_DATE_MIN ||
		     day > MC_DATE_MAX))
			return mc_diag_error(
			    d, MC_EUSAGE,
			    "--%s is today or a date %s..%s, not '%s'", o->name,
			    mc_date_format(MC_DATE_MIN, lo),
			    mc_date_format(MC_DATE_MAX, hi), val);
		*(const char **)dest = val;
		return 0;
	}
	case MC_OPT_STR:
		if (o->choices && !o->lax) {
			int i = 0;
			while (o->choices[i] && strcmp(o->choices[i], val))
				i++;
			if (!o->choices[i])
				return mc_diag_error(
				    d, MC_EUSAGE, "--%s is %s, not '%s'",
				    o->name, choices_text(o, buf, sizeof(buf)),
				    val);
		}
		*(const char **)dest = val;
		return 0;
	case MC_OPT_PATH:
		*(const char **)dest = val;
		return 0;
	default:
		*(int *)dest = 1;
		return 0;
	}
}

/* "unknown option '--frozen'", with the option of c it may have meant
 * ("did you mean '--frozen-days'?"). */
static int unknown_option(const mc_command *c, const char *a, mc_diag *d)
{
	const char *names[64];
	char want[64];
	int n = 0;
	for (const mc_setting *const *o = c->opts; *o && n < 64; o++)
		names[n++] = (*o)->name;
	/* the name without its dashes and any =value */
	snprintf(want, sizeof(want), "%s", a + strspn(a, "-"));
	want[strcspn(want, "=")] = '\0';
	const char *s = a[1] == '-' ? mc_diag_suggest(want, names, n) : NULL;
	/* or the one option it begins (--frozen for --frozen-days) */
	for (int i = 0, k = 0; !s && *want && i < n; i++)
		if (strncmp(names[i], want, strlen(want)) == 0 && !k++) {
			s = names[i];
			for (int j = i + 1; j < n; j++)
				if (strncmp(names[j], want, strlen(want)) == 0)
					s = NULL; /* more than one */
		}
	if (s)
		return mc_diag_error(d, MC_EUSAGE,
				     "unknown option '%s' (did you mean "
				     "'--%s'?)",
				     a, s);
	return mc_diag_error(d, MC_EUSAGE, "unknown option '%s'", a);
}

/* The numbers of c's settings that an environment variable gives when set
 * and not empty, in place of their defaults (the command line and job.yaml
 * still win), checked as the option's value would be. */
static int from_env(const mc_command *c, mc_settings *set_, void *own,
		    mc_diag *d)
{
	for (const mc_setting *const *o = c->opts; *o; o++) {
		const char *e = (*o)->env ? getenv((*o)->env) : NULL;
		if (!e || !*e || (*o)->type != MC_OPT_NUM ||
		    ((*o)->id && !set_))
			continue;
		void *base = (*o)->id ? (void *)set_ : own;
		if (set_num(*o, e, (double *)((char *)base + (*o)->at), d) < 0)
			return mc_diag_error(d, MC_EUSAGE,
					     "$%s is --%s's default: unset it "
					     "or give a value --%s takes",
					     (*o)->env, (*o)->name, (*o)->name);
	}
	return 0;
}

int mc_cli_parse(const mc_command *c, int argc, char **argv, mc_settings *set_,
		 void *own, const char **pos, int *npos, mc_diag *d)
{
	int only_pos = 0, help = 0;
	*npos = 0;
	if (set_)
		mc_settings_init(set_);
	for (const mc_setting *const *o = c->opts; *o; o++)
		if (!(*o)->id)
			mc_setting_default(*o, own);
	if (from_env(c, set_, own, d) < 0)
		return -1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const mc_setting *o = NULL;
		const char *val = NULL;
		if (!only_pos && strcmp(a, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (!only_pos &&
		    (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			help = 1;
			continue;
		}
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (*npos == c->maxpos)
				return mc_diag_error(d, MC_EUSAGE,
						     "unexpected argument '%s'",
						     a);
			pos[(*npos)++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find(c, a + 2, len, 0);
			val = eq ? eq + 1 : NULL;
		} else if (a[2] == '\0') {
			o = find(c, NULL, 0, a[1]);
		}
		if (!o)
			return unknown_option(c, a, d);
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
		void *base = o->id ? (void *)set_ : own;
		if (set(o, val, (char *)base + o->at, d) < 0)
			return -1;
		if (o->id)
			set_->given |= 1u << o->id;
	}
	if (help) {
		mc_help_command(c, stdout);
		return 1;
	}
	return 0;
}
