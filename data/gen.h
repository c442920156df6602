/*
 * gen.h - synthetic planning instances of any size (`mcsched gen`).
 *
 * mc_gen_write() writes catalog.yaml, plants.yaml, orders.yaml and job.yaml
 * (DESIGN.md section 2) into a directory.  The output depends only on
 * (norders, seed): the same pair gives byte-identical files on every run and
 * machine.  The catalog is always the same three families (a sofa, a
 * made-to-measure shirt and a split air conditioner); data/samples/catalog.yaml
 * is that catalog verbatim.  Plants, resources and materials are scaled to
 * the generated demand so the bottleneck kinds (sofa upholstery, shirt
 * sewing, aircon test) run at roughly 95-115% of their regular hours, and
 * every element of the planning model (DESIGN.md section 3) occurs: material
 * stock and dated receipts, per-unit and per-option materials, releases,
 * max_late_days, priorities, workdays, holidays, per-date hours including
 * down days, overtime, lane cost_by_family, plant routing overrides, option
 * costs, resource family restrictions, order penalty overrides, plants that
 * do not make a family and a family with no lane to a region.
 *
 * The orders drawn for a seed do not depend on the plants, so an orders.yaml
 * made for one (norders, seed) also fits any plants.yaml with the same
 * regions and horizon (the shipped samples use this).
 */
#ifndef MC_GEN_H
#define MC_GEN_H

#include "diag.h"

#include <stdint.h>

/* Largest norders mc_gen_write() accepts. */
#define MC_GEN_MAX_ORDERS 10000000

/*
 * Writes catalog.yaml, plants.yaml, orders.yaml and job.yaml for norders
 * orders (1 .. MC_GEN_MAX_ORDERS) drawn with seed into dir, creating dir
 * (and missing parents) if needed and replacing files of those names.
 * Returns 0, or -1 with a message in d (MC_EUSAGE for a bad norders,
 * MC_EINPUT when a directory or file cannot be created or written; files
 * already written are left in place then; each file is whole or untouched,
 * see mc_file_write()).
 */
int mc_gen_write(const char *dir, int norders, uint64_t seed, mc_diag *d);

#endif
