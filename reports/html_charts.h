/*
 * html_charts.h - the drawn sections of the HTML report (html_charts.c),
 * for html.c, which writes the page around them, and what they share
 * with it: the chart geometry and the sections' headings.
 */
#ifndef MC_HTML_CHARTS_H
#define MC_HTML_CHARTS_H

#include "arena.h"
#include "stats.h"
#include "store.h"

#include <stdio.h>

#define CELL	20  /* heat-map cell, px */
#define LABEL_W 160 /* heat-map and bar label column, px */
#define BAR_W	420 /* longest bar, px */
#define ROW_H	20  /* bar row height, px */
#define TOP_H	50  /* day axis above a chart: month, day, weekday, px */

/* An <h2> opening the report's section `id` (one of html.c's sections,
 * which the table of contents lists), with text after the title
 * (escaped, NULL none). */
void mc_html_section(FILE *f, const char *id, const char *more);

/* The sections, each with its heading: capacity by resource and day
 * (heat map), utilization bars, bottlenecks (shadow prices), the
 * materials that bind (stock charts), the timeline of planned units. */
void mc_html_heat_map(const mc_run_view *v, FILE *f);
void mc_html_util_bars(const mc_run_view *v, const mc_run_stats *st,
		       mc_arena *a, FILE *f);
void mc_html_bottlenecks(const mc_run_view *v, const mc_run_stats *st,
			 mc_arena *a, FILE *f);
void mc_html_materials(const mc_run_view *v, FILE *f);
void mc_html_timeline(const mc_run_view *v, mc_arena *a, FILE *f);

#endif
