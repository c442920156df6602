/*
 * compare_impl.h - what the files of the compare module share.  Private
 * to the module: only reports/compare/compare*.c include it (callers
 * include compare.h).
 *
 * The module's files:
 *   compare.c        the comparison itself (mc_compare_build()): kinds of
 *                    change, resources, cost and service rows, changed
 *                    orders and their reasons;
 *   compare_write.c  the format dispatch (mc_compare_write(),
 *                    mc_compare_save()), the value and day texts, and the
 *                    helpers declared here;
 *   compare_text.c, compare_csv.c, compare_json.c, compare_html.c  one
 *                    writer each.
 * A helper only one writer needs stays static in its file.
 */
#ifndef MC_COMPARE_IMPL_H
#define MC_COMPARE_IMPL_H

#include "compare.h"

#include <stdio.h>

/* The writers, one a format, each printing a built comparison to f; called
 * through mc_compare_write() and mc_compare_save(). */
void mc_compare_text(const mc_compare *c, FILE *f);
void mc_compare_csv(const mc_compare *c, FILE *f);
void mc_compare_json(const mc_compare *c, FILE *f);
void mc_compare_html(const mc_compare *c, FILE *f);

/* An order's kinds of change into buf of n bytes: their labels joined by
 * "; " ("planned -> unmet; other plants"), or with keys set their keys
 * joined by a space ("to_unmet plant").  Returns buf. */
char *compare_kinds_text(char *buf, size_t n, unsigned kinds, int keys);

/* x rounded to a millionth (hours, money and counts) or, for relative
 * figures (rel set), to a billionth: no floating-point dust like
 * -32.2000000000007 in CSV and JSON. */
double compare_tidy(double x, int rel);

/* "money", "count", "rate", "hours", "days": the name of an
 * mc_metric_unit in CSV and JSON. */
const char *compare_unit_name(int unit);

#endif
