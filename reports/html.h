/*
 * html.h - the HTML report of a stored run: one self-contained page (inline
 * CSS, inline SVG charts, no scripts, no external assets) with the run
 * facts, KPI cards, the cost split, a utilization heat map (resources by
 * days), utilization and bottleneck bars, and the late and unmet orders.
 * Called through mc_report_write() (report.h).
 */
#ifndef MC_HTML_H
#define MC_HTML_H

#include "store.h"

#include <stdio.h>

/* Writes the page to f.  Scratch memory is freed before returning. */
void mc_html_write(const mc_run_view *v, FILE *f);

#endif
