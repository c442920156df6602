/*
 * cmd_units.c - the commands on units and their identifiers: resolve,
 * track, actuals and labels.
 */
#include "actuals.h"
#include "dispatch.h"
#include "jsonlog.h"
#include "cmd.h"
#include "file.h"
#include "ids.h"
#include "labels.h"
#include "units.h"

#include <stdio.h>
#include <string.h>

/* 1 if s is printable ASCII, so a message may quote it as it is. */
static int printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7E)
			return 0;
	return 1;
}

/* ---- resolve ---- */

/* Exit status: 0 found, 2 malformed (JSON code 102), 3 not found (100),
 * 4 store error.  The JSON goes to stdout in the first three cases. */
static int cmd_resolve(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db,
		   *arg = mc_cmd_arg(x, "resolve needs an identifier", d);
	int rc = -1;
	if (!arg)
		return -1;
	mc_unit_ref ref;
	char why[160];
	if (mc_unit_ref_parse(arg, &ref, why, sizeof(why)) < 0) {
		/* the store is not opened for a malformed reference */
		mc_units_resolve_json(arg, NULL, NULL, why, stdout);
		if (!printable(arg) || strlen(arg) > 200)
			return mc_diag_error(d, MC_EINPUT,
					     "malformed identifier: %s", why);
		return mc_diag_error(d, MC_EINPUT,
				     "malformed identifier '%s': %s", arg, why);
	}
	mc_arena *a = mc_arena_new();
	mc_store *s = mc_cmd_open_store(db, MC_CMD_READ, d);
	mc_unit_rec u;
	mc_units_life *life = NULL;
	int found = s ? mc_units_find(s, &ref, a, &u, d) : -1;
	if (found == 1 && mc_units_read_life(s, &u, 1, a, &life, d) < 0)
		found = -1;
	/* a Digital Link or element string resolves to the identifier */
	if (found >= 0)
		mc_units_resolve_json(found ? u.identifier : arg,
				      found ? &u : NULL, life, NULL, stdout);
	if (found == 0)
		mc_diag_error(d, MC_ENOPLAN, "no unit '%s' in '%s'", arg, db);
	else if (found == 1)
		rc = 0;
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const mc_arg resolve_args[] = {
    {"IDENTIFIER|DIGITAL_LINK|GS1", MC_OPT_STR, 0, 0}, {0}};

const mc_command mc_cmd_resolve = {
    .name = "resolve",
    .summary = "resolve a unit's label reference to its record",
    .run = cmd_resolve,
    .args = resolve_args,
    .maxpos = 1,
    .opts = mc_db_opts,
    .about =
	"Checks a unit reference and prints the unit's record as Handle-style\n"
	"JSON.  The reference is what a label or scanner gives, any of:\n"
	"  88.999.1/AC.09521234300014.000000000001.J   the identifier: prefix\n"
	"      88.<node>.<enterprise>, family code, GTIN-14 check digit,\n"
	"      12-digit serial, MOD 37,36 check character\n"
	"  https://id.example.com/01/09521234300014/21/000000000001\n"
	"      the GS1 Digital Link URI of the label's QR code (any host)\n"
	"  '(01)09521234300014(21)000000000001'   the GS1 element string\n"
	"      (or 0109521234300014210000000000001 as a scanner sends it)\n"
	"The \"handle\" of a found unit is its identifier.  Found, the record "
	"is\n"
	"responseCode 1 and values (family, options, order, region, plant,\n"
	"resource, planned_day, expected_arrival, due, status, run, gs1;\n"
	"once the floor reported the unit (mcsched actuals), status is its\n"
	"floor status, with the days released, produced, shipped, scrapped\n"
	"and the plan's plan_status).\n",
    .more =
	"Exit status 0 found; 2 malformed (responseCode 102, \"message\" says\n"
	"what is wrong; the store is not read); 3 not in the store\n"
	"(responseCode 100); 4 store error.\n"};

/* ---- track ---- */

static int cmd_track(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db,
		   *arg = mc_cmd_arg(x, "track needs an order id", d);
	int n = 0, rc = -1;
	if (!arg)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_store *s = mc_cmd_open_store(db, MC_CMD_READ, d);
	mc_unit_rec *u;
	mc_units_life *life;
	if (!s || mc_store_order_units(s, arg, a, &u, &n, d) < 0 ||
	    mc_units_read_life(s, u, n, a, &life, d) < 0)
		goto out;
	if (n == 0) {
		mc_diag_error(d, MC_ENOPLAN,
			      "no order '%s' in '%s' (no plan run has had it)",
			      arg, db);
		goto out;
	}
	mc_units_track(arg, u, n, life, stdout);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const mc_arg track_args[] = {{"ORDER_ID", MC_OPT_STR, 0, 0}, {0}};

const mc_command mc_cmd_track = {
    .name = "track",
    .summary = "what a customer asks about an order",
    .run = cmd_track,
    .args = track_args,
    .maxpos = 1,
    .opts = mc_db_opts,
    .about =
	"What a customer asks about an order: customer, region, family and\n"
	"options, quantity, due date, then each unit's identifier, status\n"
	"(planned, unmet, cancelled), planned production day, plant, expected\n"
	"arrival, and whether that is later than the due date.  The facts\n"
	"come from the latest plan run that had the order.  A unit the floor\n"
	"reported (mcsched actuals) shows its floor status (released,\n"
	"produced, shipped, scrapped), and its floor events follow with\n"
	"their days.\n",
    .more = "Exit status 3 when no plan run has had the order.\n"};

/* ---- actuals ---- */

/* actuals FILE: the floor's report of units, checked whole before the
 * store records it in one transaction. */
/* The JSON log's line of a file recorded: its rows, new events by status,
 * those already recorded. */
static void log_actuals(mc_progress *log, const char *file,
			const mc_actuals_tally *t)
{
	mc_logline l;
	mc_jsonlog_open(log, &l, "recorded");
	mc_logline_str(&l, "file", file);
	mc_json_int(&l.j, "rows", t->rows);
	mc_json_int(&l.j, "new", t->added);
	for (int i = 0; i < MC_LIFE_COUNT; i++)
		if (t->added_by[i])
			mc_json_int(&l.j, mc_life_name(i), t->added_by[i]);
	mc_json_int(&l.j, "already_recorded", t->known);
	mc_jsonlog_emit(log, &l);
}

static int cmd_actuals(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db,
		   *arg = mc_cmd_arg(
		       x, "actuals needs a FILE (identifier,status,date)", d);
	int rc = -1;
	if (!arg)
		return -1;
	mc_progress *log = mc_cmd_log_new(x, 1);
	mc_arena *a = mc_arena_new();
	mc_actuals in;
	mc_actuals_tally t;
	mc_store *s = NULL;
	/* a bad file never opens the store */
	if (mc_actuals_load(arg, a, &in, d) < 0 ||
	    !(s = mc_cmd_open_store(db, MC_CMD_WRITE, d)) ||
	    mc_store_record_actuals(s, &in, &t, d) < 0)
		goto out;
	printf("actuals %s: %d row%s, %d new", arg, t.rows,
	       t.rows == 1 ? "" : "s", t.added);
	for (int i = 0, first = 1; i < MC_LIFE_COUNT; i++) {
		if (!t.added_by[i])
			continue;
		printf("%s%d %s", first ? " (" : ", ", t.added_by[i],
		       mc_life_name(i));
		first = 0;
	}
	printf("%s, %d already recorded\n", t.added ? ")" : "", t.known);
	if (mc_cmd_log_json(x))
		log_actuals(log, arg, &t);
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	rc = mc_cmd_log_end(x, log, rc, d);
	mc_cmd_log_free(x, log);
	return rc;
}

static const mc_arg actuals_args[] = {{"FILE", MC_OPT_PATH, 0, 0}, {0}};
static const mc_setting *const actuals_opts[] = {MC_SETTING(MC_SET_DB),
						 &mc_opt_log_format, NULL};

const mc_command mc_cmd_actuals = {
    .name = "actuals",
    .summary = "record what the factory floor did with units",
    .run = cmd_actuals,
    .args = actuals_args,
    .maxpos = 1,
    .opts = actuals_opts,
    .about =
	"Records what the factory floor did with units.  FILE is a CSV file\n"
	"with the header identifier,status,date and a row per event: a\n"
	"unit's identifier, its status (released, produced, shipped or\n"
	"scrapped) and the day (YYYY-MM-DD); see docs/inputs.md.  A unit\n"
	"goes released, produced, shipped, forward only (a status may be\n"
	"skipped), or is scrapped before it ships: its identifier is then\n"
	"retired (cancelled).  A row already recorded with the same day\n"
	"changes nothing, so a file may be loaded again.  Every error of the\n"
	"file is reported at its file:line:column (exit 2) and then nothing\n"
	"is recorded: the file is one transaction.  The database must exist.\n"
	"track, resolve and serve show each unit's floor status and events,\n"
	"and the next plan reads them: produced and shipped units leave the\n"
	"plan, released ones stay where they are, and a scrapped unit's\n"
	"order gets a new unit with a new identifier.\n",
    .more = NULL};

/* ---- labels ---- */

/* A ZPL stream to f (for mc_file_write). */
typedef struct zpl_ctx {
	const mc_label *l;
	int n;
} zpl_ctx;

static int write_zpl(FILE *f, const void *ctx, mc_diag *d)
{
	const zpl_ctx *z = ctx;
	(void)d;
	mc_labels_zpl(z->l, z->n, f);
	return 0;
}

static int cmd_labels(const mc_call *x, mc_diag *d)
{
	int n = 0, sheets = 0, rc;
	const char *db = x->set.db, *path = x->o.out, *qr = x->o.qr,
		   *domain = x->o.domain, *format = x->o.format;
	int bom = x->o.bom;
	if (!x->npos)
		return mc_diag_error(d, MC_EUSAGE,
				     "labels needs a run: a number, 'latest' "
				     "or 'published'");
	int csv = strcmp(format, "csv") == 0, zpl = strcmp(format, "zpl") == 0,
	    svg = strcmp(format, "svg") == 0;
	if (!csv && !zpl && !svg)
		return mc_diag_error(d, MC_EUSAGE,
				     "unknown label format '%s' (expected "
				     "csv, zpl or svg)",
				     format);
	if (bom && !csv)
		return mc_diag_error(d, MC_EUSAGE,
				     "--bom goes with --format csv");
	if (svg && !path)
		return mc_diag_error(d, MC_EUSAGE,
				     "svg labels are A4 sheets: give --out "
				     "DIR for DIR/sheet-001.svg, ...");
	if (mc_cmd_not_the_db(path, db, d) < 0)
		return -1;
	rc = -1;
	mc_arena *a = mc_arena_new();
	mc_run_view v;
	mc_label *l;
	mc_dispatch_filter flt;
	mc_dispatch_unit *list;
	int nlist;
	mc_store *s = mc_cmd_open_run(db, MC_CMD_READ, x->pos[0], a, &v, d);
	if (!s || mc_cmd_filter(x, &v, &flt, d) < 0)
		goto out;
	/* by plant, resource, day and the order to make them */
	mc_dispatch_build(&v, &flt, a, &list, &nlist);
	if (mc_units_labels(&v, list, nlist, domain, a, &l, &n, d) < 0)
		goto out;
	zpl_ctx z = {l, n};
	if (svg	   ? mc_labels_svg(l, n, path, &sheets, d) < 0
	    : zpl  ? (path ? mc_file_write(path, write_zpl, &z, d) < 0
			   : (mc_labels_zpl(l, n, stdout), 0))
	    : path ? mc_units_labels_save(l, n, bom, path, d) < 0
		   : (mc_units_labels_csv(l, n, bom, stdout), 0))
		goto out;
	if (qr && mc_units_labels_qr(l, n, qr, d) < 0)
		goto out;
	if (svg)
		printf(
		    "wrote %d labels of run %lld on %d A4 sheet%s to %s%s%s\n",
		    n, (long long)v.id, sheets, sheets == 1 ? "" : "s", path,
		    qr ? ", QR codes to " : "", qr ? qr : "");
	else if (path)
		printf("wrote %d labels of run %lld to %s%s%s\n", n,
		       (long long)v.id, path, qr ? ", QR codes to " : "",
		       qr ? qr : "");
	rc = 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	return rc;
}

static const char *const label_formats[] = {"csv", "zpl", "svg", NULL};
static const mc_setting labels_format = {
    .name = "format",
    .alias = 'f',
    .type = MC_OPT_STR,
    .choices = label_formats,
    .lax = 1,
    .def = "csv",
    .help = "csv: one line per unit: identifier, gs1 (01)GTIN(21)SERIAL, "
	    "digital_link, plant, resource, day, order, unit, of, family, "
	    "options.  zpl: ZPL II for Zebra-type printers, one ^XA..^XZ "
	    "label of 4 x 2 in at 203 dpi per unit, the QR code drawn by the "
	    "printer (send the file to its raw port).  svg: A4 sheets of 14 "
	    "labels (2 x 7, 99.1 x 38.1 mm): --out DIR gets sheet-001.svg, "
	    "sheet-002.svg, ...",
    .at = offsetof(mc_args, format)};
static const mc_setting labels_domain = {
    .name = "domain",
    .type = MC_OPT_STR,
    .arg = "D",
    .def = MC_UNITS_DOMAIN,
    .help = "host of the GS1 Digital Link URIs (the default is a "
	    "placeholder: the resolver that `mcsched serve` runs)",
    .at = offsetof(mc_args, domain)};
static const mc_setting labels_qr = {
    .name = "qr",
    .type = MC_OPT_PATH,
    .arg = "DIR",
    .help = "also write DIR/<SERIAL>.svg, a QR code of each URI",
    .at = offsetof(mc_args, qr)};

static const mc_setting *const labels_opts[] = {
    MC_SETTING(MC_SET_DB), &labels_format,   &mc_opt_out,
    &labels_domain,	   &labels_qr,	     &mc_opt_bom,
    &mc_opt_plant,	   &mc_opt_resource, &mc_opt_day,
    &mc_opt_from,	   &mc_opt_to,	     NULL};

const mc_command mc_cmd_labels = {
    .name = "labels",
    .summary = "the labels of the units a run planned",
    .run = cmd_labels,
    .args = mc_run_arg,
    .maxpos = 1,
    .opts = labels_opts,
    .about =
	"The labels of the units RUN (a number, 'latest' or 'published')\n"
	"planned.  Each carries the unit's identifier, its GS1 Digital Link\n"
	"https://D/01/GTIN/21/SERIAL (as a QR code on zpl and svg), the\n"
	"family, the chosen options, the order and \"unit k of n\".  They "
	"come\n"
	"by plant, resource, day and the order to make them in (the dispatch\n"
	"list's: earliest due first); --plant, --resource, --day or --from "
	"and\n"
	"--to keep a plant's, a line's or a day's, say tomorrow's:\n"
	"  mcsched labels published --plant GZ-NANSHA --day 2026-11-26\n",
    .more = NULL};
