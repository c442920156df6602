/*
 * report.h - reports on a stored run, read through the store's mc_run_view
 * (reports never touch SQLite).
 *
 * Formats:
 *   text  the planner's morning report: run facts, cost and LP gap, the cost
 *         split, service (on time, late, unmet), utilization per resource,
 *         the late and unmet orders with reasons, and the bottlenecks
 *         (shadow prices, money per extra hour);
 *   csv   one line per plan row (RFC 4180, with a title line);
 *   json  the whole run, every table of the view;
 *   html  one self-contained page (inline CSS, SVG and a small script:
 *         the plan's state and service first, the late and unmet orders,
 *         the night, a timeline of every unit by resource and day, the
 *         heat map, bottlenecks, materials and the solver's figures),
 *         no external assets;
 *   xlsx  a workbook (xlsx.h);
 *   dispatch, dispatch-html  the dispatch list (dispatch.h) as CSV or
 *         one printable page.
 * Output is deterministic: the same run gives the same bytes.
 *
 * Memory: the writers allocate scratch memory of their own and free it
 * before returning; nothing is kept.
 */
#ifndef MC_REPORT_H
#define MC_REPORT_H

#include "diag.h"
#include "dispatch.h"
#include "store.h"

#include <stdio.h>

/* Index of format among "text", "csv", "json", "html", "xlsx",
 * "dispatch", "dispatch-html", or -1 with "unknown report format 'x' (did
 * you mean ...?)" (MC_EUSAGE) in d.  Lets a caller refuse a bad format
 * before it reads a run or touches a file. */
int mc_report_format(const char *format, mc_diag *d);

/* The widest line of a text report by default (`--wide`: no limit). */
#define MC_REPORT_WIDTH 100

/* How a report is written. */
typedef struct mc_report_opts {
	int bom;		   /* a text format: the UTF-8 BOM first */
	int width;		   /* text: the widest line, 0 no limit */
	mc_dispatch_filter filter; /* dispatch: the units it lists */
} mc_report_opts;

#define MC_REPORT_OPTS_INIT                                                    \
	{                                                                      \
		0, MC_REPORT_WIDTH, MC_DISPATCH_ALL                            \
	}

/* 1 when format (a valid one) is a dispatch list. */
int mc_report_is_dispatch(const char *format);

/* mc_report_write() and mc_report_save() as o says (NULL: the
 * defaults). */
int mc_report_write_opts(const mc_run_view *v, const char *format,
			 const mc_report_opts *o, FILE *out, mc_diag *d);
int mc_report_save_opts(const mc_run_view *v, const char *format,
			const mc_report_opts *o, const char *path, mc_diag *d);

/* Writes run v as format to out.  Returns 0, or -1 with a message in d:
 * MC_EUSAGE for an unknown format, MC_EINPUT when out reports a write
 * error. */
int mc_report_write(const mc_run_view *v, const char *format, FILE *out,
		    mc_diag *d);

/* The same into the file at path, whole or not at all (mc_file_write()):
 * a bad format or a failed write leaves an existing file as it was. */
int mc_report_save(const mc_run_view *v, const char *format, const char *path,
		   mc_diag *d);

/* The UTF-8 byte order mark: Excel reads a CSV that starts with it as
 * UTF-8 whatever the locale (Chinese names would be mojibake in a
 * Chinese-locale Excel without it). */
#define MC_REPORT_BOM "\xEF\xBB\xBF"

/* The table of `mcsched runs`: one line per run, the published plan marked
 * with '*'; its scenario and state cut to fit width columns (0: no
 * limit). */
void mc_report_runs(const mc_run_row *rows, int n, int width, FILE *out);
/* The same as JSON: {"format_version": 1, "runs": [{...}, ...]}, a run a
 * line, oldest first; a bound or gap not known is null. */
void mc_report_runs_json(const mc_run_row *rows, int n, FILE *out);

/* Most late or unmet orders the text report lists before "... and N
 * more". */
#define MC_REPORT_MAX_ORDERS 15
/* Most moves the text report's NIGHT lists. */
#define MC_REPORT_MAX_MOVES 20
/* Most resource-days the bottleneck section lists. */
#define MC_REPORT_MAX_HOT 10

#endif
