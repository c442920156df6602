/*
 * html.h - the HTML report of a stored run: one self-contained page (inline
 * CSS, inline SVG charts and one small inline script, no external assets)
 * in the order a planner reads it: the plan's state and service KPIs, the
 * late and unmet orders, what changed tonight, a timeline of every unit by
 * resource and day, the utilization heat map and bars, bottlenecks,
 * materials, the cost split and the solver's figures.  A sticky table of
 * contents; the script sorts and filters the tables and marks an order's
 * units on the timeline (the page reads the same without it, and
 * printed).  Called through mc_report_write() (report.h).
 */
#ifndef MC_HTML_H
#define MC_HTML_H

#include "store.h"

#include <stdio.h>

/* Writes the page to f.  Scratch memory is freed before returning. */
void mc_html_write(const mc_run_view *v, FILE *f);

/* ---- pieces every mcsched page shares (the compare page uses them) ---- */

/* The page's start: doctype, head with the title (escaped), the viewport
 * of the device's width (a phone shows the page at its own width) and the
 * shared style sheet followed by extra_css (NULL none), and the opening
 * <body>. */
void mc_html_begin(FILE *f, const char *title, const char *extra_css);
/* The same, for the pages a phone is meant for (every page now has the
 * phone's viewport). */
void mc_html_begin_mobile(FILE *f, const char *title, const char *extra_css);
/* Closes the body and the page. */
void mc_html_end(FILE *f);
/* A table cell holding s escaped ("-" when NULL or empty), right-aligned
 * for numbers when numeric is set. */
void mc_html_td(FILE *f, const char *s, int numeric);
/* A row of n header cells, cols[i] right-aligned where num[i] is set. */
void mc_html_th_row(FILE *f, const char *const *cols, const int *num, int n);
/* A KPI card: a big value over a small label, both escaped. */
void mc_html_kpi(FILE *f, const char *value, const char *label);

#endif
