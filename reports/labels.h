/*
 * labels.h - unit labels a floor can print: ZPL II for Zebra-type label
 * printers and A4 sheets of 14 labels as SVG (`mcsched labels --format
 * zpl|svg`); the CSV stays in units.c.  Each label carries the QR code of
 * the unit's GS1 Digital Link, the identifier, the family, the chosen
 * options, the order and "unit k of n" (never the customer).
 *
 * Memory: nothing is kept; the sheet writer frees its file names.
 */
#ifndef MC_LABELS_H
#define MC_LABELS_H

#include "diag.h"
#include "units.h"

#include <stdio.h>

/* Labels on one A4 sheet: 2 columns x 7 rows of 99.1 x 38.1 mm (the
 * common L7163 layout). */
#define MC_LABELS_PER_SHEET 14

/* Writes one ^XA..^XZ label per unit, 4 x 2 inches at 203 dpi, the QR
 * code drawn by the printer (^BQN, error correction M), text in UTF-8
 * (^CI28) with ^FH escapes for '_', '^', '~' and control bytes. */
void mc_labels_zpl(const mc_label *l, int n, FILE *f);

/* Writes the labels as A4 sheets dir/sheet-001.svg, sheet-002.svg, ...
 * (each written whole or not at all; dir is created when missing, its
 * parent must exist).  *nsheets gets the count.  Returns 0, or -1 with a
 * message in d. */
int mc_labels_svg(const mc_label *l, int n, const char *dir, int *nsheets,
		  mc_diag *d);

#endif
