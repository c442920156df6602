/*
 * units.h - what mcsched tells about unit identifiers (docs/design.md,
 * "Unit identifiers"): the Handle-style record of `mcsched resolve`, the
 * per-order table of `mcsched track` (with what the floor reported, `mcsched
 * actuals`), and the labels of `mcsched labels` (CSV with the GS1 element
 * string and GS1 Digital Link URI, optional QR codes as SVG).
 *
 * The writers read records the store returned (mc_unit_rec, mc_run_view);
 * they never open the store.  Memory: mc_units_labels() allocates the
 * labels from the caller's arena; everything else writes straight to the
 * stream or file it is given and keeps nothing.
 */
#ifndef MC_UNITS_H
#define MC_UNITS_H

#include "arena.h"
#include "diag.h"
#include "dispatch.h"
#include "ids.h"
#include "store.h"

#include <stdio.h>

/* Handle-style response codes of a resolution. */
enum {
	MC_UNITS_FOUND = 1,
	MC_UNITS_NOT_FOUND = 100,
	MC_UNITS_MALFORMED = 102,
};

/* Placeholder host of the GS1 Digital Link URIs on labels; an enterprise
 * gives its own resolver's with `labels --domain`. */
#define MC_UNITS_DOMAIN "id.example.com"

/* A unit's floor events (mc_store_unit_life()), oldest first: what
 * `mcsched actuals` recorded of it.  n = 0 when none. */
typedef struct mc_units_life {
	const mc_life_event *ev;
	int n;
} mc_units_life;

/* The floor events of the units u[0..n) into *life (n of them, from a):
 * only units with a floor status (u[i].life) are looked up.  Returns 0,
 * or -1 on a store error. */
int mc_units_read_life(mc_store *s, const mc_unit_rec *u, int n, mc_arena *a,
		       mc_units_life **life, mc_diag *d);

/* The status a unit shows: its floor status when it has one (a shipped
 * unit is "shipped", not "planned"), else the plan's. */
const char *mc_units_status(const mc_unit_rec *u);

/*
 * Writes the resolution of handle as one JSON object:
 *   {"responseCode": 1, "handle": ..., "values": [{"index", "type",
 *    "data": {"format": "string", "value"}}...]}
 * with why != NULL: code 102 (malformed) and "message": why;
 * else with u == NULL: code 100 (not found);
 * else code 1 and the values family, options, order, region, plant,
 * resource, planned_day, expected_arrival, due, status, run, gs1, then the
 * floor's: released, produced, shipped, scrapped (each its day, from
 * life) and plan_status.  status is mc_units_status(); plan_status, the
 * units table's status, is there only when the floor status stands in
 * for it.  A value the unit lacks (no plant for an unmet unit, no plan
 * facts for a cancelled one, a floor status not reached) is left out;
 * each type keeps its index.  life may be NULL (no floor events).  Text
 * passes through as UTF-8; bytes of handle that are not UTF-8 are written
 * as U+FFFD so the output is always valid JSON.
 */
void mc_units_resolve_json(const char *handle, const mc_unit_rec *u,
			   const mc_units_life *life, const char *why, FILE *f);

/*
 * Looks up the unit reference r names (any of its three forms, see
 * mc_unit_ref_parse()) in the open store s.  An identifier must match exactly;
 * a Digital Link or element string matches the unit with its serial when
 * the GTIN is the unit's too.  Returns 1 with *u filled (from a), 0 when
 * no unit matches, -1 on a store error.
 */
int mc_units_find(mc_store *s, const mc_unit_ref *r, mc_arena *a,
		  mc_unit_rec *u, mc_diag *d);

/* What the floor made of unit u, with its floor events life (NULL:
 * none): made is 1 when it was produced or shipped (and is not
 * cancelled); made_on the day it was produced (else shipped), shipped_on
 * the day it was shipped (NULL: not yet); arrive when it reaches the
 * customer by its actual day: shipped (else produced) plus the transit
 * its plan had (planned arrival less planned day); days_late > 0 when
 * that is after its due date.  All 0 / NULL for a unit not made. */
typedef struct mc_units_made {
	int made;
	const char *made_on, *shipped_on;
	char arrive[11];
	int days_late;
} mc_units_made;
mc_units_made mc_units_made_of(const mc_unit_rec *u, const mc_units_life *life);

/*
 * Writes what a customer-service agent reads about order id, from its units
 * u[0..n) (mc_store_order_units(), n > 0) and their floor events life[0..n)
 * (mc_units_read_life(); NULL: none): a header (order, customer, region,
 * family and options, quantity = units not cancelled, due, the run the plan
 * comes from), a count line, and one table row per unit: identifier,
 * status (mc_units_status()), planned production day, plant, expected
 * arrival and whether that is later than the due date; a unit the floor
 * made (mc_units_made_of()) shows "made on DAY" or "shipped on DAY", the
 * day it was made, and its arrival and lateness by its actual day.  When the
 * floor reported any unit, a line counts the units by floor status and a second
 * table lists every floor event: identifier, status, day and the file:line
 * it came from.
 */
void mc_units_track(const char *id, const mc_unit_rec *u, int n,
		    const mc_units_life *life, FILE *f);

/* The same facts as one JSON object for `serve` (GET /orders/{id}),
 * without the customer's name: order, region, family, options, quantity,
 * due, run, withdrawn, the unit counts (units_made and units_made_late
 * among them), and "units": one object per unit (identifier, seq, status,
 * planned_day, plant, expected_arrival, days_late (of a made unit by its
 * actual day), made_on, shipped_on, arrival (by the actual day of a made
 * unit); null where the unit has none; and "floor", its floor events as
 * [{"status", "day"}], when it has any).  life as for
 * mc_units_track(). */
void mc_units_order_json(const char *id, const mc_unit_rec *u, int n,
			 const mc_units_life *life, FILE *f);

/* One label: a unit planned in a run. */
typedef struct mc_label {
	const char *identifier;
	const char *serial; /* the twelve digits */
	const char *gs1;    /* (01)<GTIN14>(21)<SERIAL12> */
	const char
	    *digital_link; /* https://<domain>/01/<GTIN14>/21/<SERIAL12> */
	const char *plant, *resource, *day, *order;
	const char *family, *options; /* "capacity=3hp, self_clean=yes" */
	int unit, of;		      /* unit k of the order's n */
} mc_label;

/* The labels of the units of run v's dispatch list l[0..nl) that have an
 * identifier (mc_dispatch_build(): by plant, resource, day and sequence),
 * in that order, into *out (from a).  domain is a host name (letters,
 * digits, '.', '-', an optional ":port"); another is an MC_EUSAGE error.
 * An identifier in the store that does not parse is an MC_ESTORE
 * error. */
int mc_units_labels(const mc_run_view *v, const mc_dispatch_unit *l, int nl,
		    const char *domain, mc_arena *a, mc_label **out, int *n,
		    mc_diag *d);

/* Writes the labels as CSV (RFC 4180, a title line, "\n" line ends):
 * identifier, gs1, digital_link, plant, resource, day, order, unit, of,
 * family, options; with bom, the UTF-8 byte order mark first. */
void mc_units_labels_csv(const mc_label *l, int n, int bom, FILE *f);

/* Writes the CSV to path through a temporary file in the same directory,
 * renamed over path at the end: on error path is left as it was. */
int mc_units_labels_save(const mc_label *l, int n, int bom, const char *path,
			 mc_diag *d);

/* Writes one QR code per label, encoding its Digital Link URI, as
 * dir/<SERIAL12>.svg (each file written and renamed like the CSV).  dir is
 * created when missing (its parent must exist). */
int mc_units_labels_qr(const mc_label *l, int n, const char *dir, mc_diag *d);

#endif
