/*
 * compare_write.c - what the writers of `mcsched compare` share (see
 * compare.h): the format dispatch (mc_compare_write(), mc_compare_save()),
 * the value and production-day texts of every table, and the helpers of
 * compare_impl.h.  Each format's writer is a file of its own: text
 * (compare_text.c), CSV (compare_csv.c), JSON (compare_json.c) and HTML
 * (compare_html.c).
 *
 * Memory: the comparison is built in a scratch arena, freed before
 * returning.
 */
#include "compare.h"
#include "compare_impl.h"

#include "file.h"
#include "fmt.h"
#include "report.h"

#include <math.h>
#include <string.h>

char *mc_compare_value(char *buf, size_t n, double x, int unit)
{
	if (!isfinite(x))
		snprintf(buf, n, "-");
	else if (unit == MC_UNIT_MONEY)
		mc_fmt_money(buf, n, x);
	else if (unit == MC_UNIT_RATE)
		mc_fmt_pct(buf, n, x, 2);
	else if (unit == MC_UNIT_HOURS)
		mc_fmt_num(buf, n, x, 1);
	else
		mc_fmt_num(buf, n, x, 0);
	return buf;
}

char *mc_compare_days(char *buf, size_t n, const mc_cmp_side *s)
{
	if (!s->first_day)
		snprintf(buf, n, "-");
	else if (strcmp(s->first_day, s->last_day) == 0)
		snprintf(buf, n, "%s", s->first_day + 5);
	else
		snprintf(buf, n, "%s..%s", s->first_day + 5, s->last_day + 5);
	return buf;
}

/* The labels of an order's kinds of change, joined by "; " (or their
 * keys by " "). */
char *compare_kinds_text(char *buf, size_t n, unsigned kinds, int keys)
{
	size_t len = 0;
	buf[0] = 0;
	for (int k = 0; k < MC_CHG_N && len < n; k++)
		if (kinds & (1u << k))
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? (keys ? " " : "; ") : "",
						keys ? mc_change_key(k)
						     : mc_change_label(k));
	return buf;
}

/* x to a millionth, or a billionth when rel (compare_impl.h). */
double compare_tidy(double x, int rel)
{
	double k = rel ? 1e9 : 1e6;
	if (!isfinite(x) || fabs(x) >= 1e9)
		return x;
	x = round(x * k) / k;
	return x == 0 ? 0 : x;
}

const char *compare_unit_name(int unit)
{
	static const char *const names[] = {"money", "count", "rate", "hours",
					    "days"};
	return names[unit];
}

static void (*const writers[])(const mc_compare *, FILE *) = {
    mc_compare_text, mc_compare_csv, mc_compare_json, mc_compare_html};

int mc_compare_format(const char *format, mc_diag *d)
{
	/* the report's first four formats: text, csv, json, html */
	static const char *const mine[] = {"text", "csv", "json", "html"};
	for (int i = 0; i < 4; i++)
		if (strcmp(format, mine[i]) == 0)
			return i;
	const char *s = mc_diag_suggest(format, mine, 4);
	if (s)
		return mc_diag_error(d, MC_EUSAGE,
				     "unknown compare format '%s' (did you "
				     "mean '%s'?)",
				     format, s);
	return mc_diag_error(d, MC_EUSAGE,
			     "unknown compare format '%s' (expected text, csv, "
			     "json or html)",
			     format);
}

static void write_all(const mc_run_view *runs, int n, int format, int width,
		      FILE *f)
{
	mc_arena *a = mc_arena_new();
	mc_compare c;
	mc_compare_build(runs, n, a, &c);
	c.width = width;
	writers[format](&c, f);
	mc_arena_free(a);
}

static int check_runs(int n, mc_diag *d)
{
	if (n < 2 || n > MC_COMPARE_MAX_RUNS)
		return mc_diag_error(d, MC_EUSAGE,
				     "compare takes 2 to %d runs, not %d",
				     MC_COMPARE_MAX_RUNS, n);
	return 0;
}

int mc_compare_write(const mc_run_view *runs, int n, const char *format,
		     FILE *out, mc_diag *d)
{
	return mc_compare_write_width(runs, n, format, MC_REPORT_WIDTH, out, d);
}

int mc_compare_write_width(const mc_run_view *runs, int n, const char *format,
			   int width, FILE *out, mc_diag *d)
{
	int i = mc_compare_format(format, d);
	if (i < 0 || check_runs(n, d) < 0)
		return -1;
	write_all(runs, n, i, width, out);
	if (fflush(out) != 0 || ferror(out))
		return mc_diag_error(
		    d, MC_EINPUT, "unable to write the %s comparison", format);
	return 0;
}

struct save_ctx {
	const mc_run_view *runs;
	int n, format, width;
};

static int write_saved(FILE *f, const void *ctx, mc_diag *d)
{
	const struct save_ctx *s = ctx;
	(void)d;
	write_all(s->runs, s->n, s->format, s->width, f);
	return 0;
}

int mc_compare_save(const mc_run_view *runs, int n, const char *format,
		    const char *path, mc_diag *d)
{
	return mc_compare_save_width(runs, n, format, MC_REPORT_WIDTH, path, d);
}

int mc_compare_save_width(const mc_run_view *runs, int n, const char *format,
			  int width, const char *path, mc_diag *d)
{
	struct save_ctx s = {runs, n, mc_compare_format(format, d), width};
	if (s.format < 0 || check_runs(n, d) < 0)
		return -1;
	return mc_file_write(path, write_saved, &s, d);
}
