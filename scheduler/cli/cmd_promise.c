/*
 * cmd_promise.c - promise (a date for an order configured now, from the
 * published plan) and promises (list, confirm, cancel).
 */
#include "cmd.h"
#include "date.h"
#include "file.h"
#include "promise.h"
#include "quote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The most bytes of one order asked about. */
#define ORDER_MAX_BYTES (64 << 10)

/* The order's bytes: from the file at path, or standard input for "-". */
static int read_order(const char *path, char **buf, size_t *len, mc_diag *d)
{
	if (strcmp(path, "-") != 0)
		return mc_file_read(path, ORDER_MAX_BYTES, buf, len, d);
	size_t cap = 4096, n = 0;
	char *b = mc_xmalloc(cap + 1);
	for (;;) {
		size_t got = fread(b + n, 1, cap - n, stdin);
		n += got;
		if (n > ORDER_MAX_BYTES) {
			free(b);
			return mc_diag_error(d, MC_EINPUT,
					     "the order on standard input is "
					     "more than %d bytes",
					     ORDER_MAX_BYTES);
		}
		if (got == 0)
			break;
		if (n == cap) {
			cap *= 2;
			b = mc_xrealloc(b, cap + 1);
		}
	}
	if (ferror(stdin)) {
		free(b);
		return mc_diag_error(d, MC_EINPUT,
				     "unable to read the order from standard "
				     "input");
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

/* ---- promise ---- */

static int cmd_promise(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db, *format = x->o.format;
	const char *arg =
	    mc_cmd_arg(x, "promise needs an order file (or -)", d);
	int rc = -1, today;
	char *bytes = NULL, iso[16];
	size_t len = 0;
	if (!arg || mc_cmd_text_or_json("promise", format, d) < 0 ||
	    !mc_cmd_today(x->o.today, iso, &today, d))
		return -1;
	if (x->o.confirm && !x->o.reserve)
		return mc_diag_error(d, MC_EUSAGE,
				     "--confirm makes the promise it "
				     "confirms: give --reserve too");
	if (read_order(arg, &bytes, &len, d) < 0)
		return -1;
	mc_arena *a = mc_arena_new();
	mc_store *s =
	    mc_cmd_open_store(db, x->o.reserve ? MC_CMD_WRITE : MC_CMD_READ, d);
	mc_ctp_base b;
	memset(&b, 0, sizeof(b));
	int64_t run;
	if (!s || mc_store_resolve_run(s, "published", &run, d) < 0 ||
	    mc_ctp_base_build(s, run, &b, d) < 0)
		goto out;
	mc_source src = {.path = strcmp(arg, "-") ? arg : "<stdin>",
			 .bytes = bytes,
			 .len = len};
	mc_order o;
	if (mc_order_read(b.reader, a, &src, &o, d) < 0)
		goto out;
	mc_quote q;
	mc_promise_rec rec;
	int made = 0;
	double now = (double)time(NULL);
	if (x->o.reserve) {
		mc_ctp_ask ask = {.order = &o,
				  .today = today,
				  .now = now,
				  .hold_min = x->o.confirm ? 0 : x->o.hold};
		made = mc_ctp_promise(s, &b, &ask, a, &q, &rec, d);
		if (made < 0)
			goto out;
	} else {
		mc_hold *holds;
		int nholds;
		int64_t stamp;
		mc_ctp_free f;
		if (mc_store_promise_holds(s, run, now, a, &holds, &nholds,
					   &stamp, d) < 0)
			goto out;
		mc_ctp_free_make(&b, holds, nholds, now, &f);
		mc_ctp_quote(&b, &f, &o, today, a, &q);
		mc_ctp_free_release(&f);
	}
	if (strcmp(format, "json") == 0)
		mc_promise_quote_json(&b, &o, &q, made ? &rec : NULL, stdout);
	else
		mc_promise_quote_text(&b, &o, &q, made ? &rec : NULL, stdout);
	if (q.has_firm)
		rc = 0;
	else
		mc_diag_error(d, MC_ENOPLAN, "no firm date for %s: %s",
			      o.id ? o.id : "the order",
			      q.status == MC_QUOTE_IMPOSSIBLE
				  ? "it cannot be made"
				  : "it needs the next night's plan");
out:
	mc_ctp_base_release(&b);
	mc_store_close(s);
	mc_arena_free(a);
	free(bytes);
	return rc;
}

static const mc_setting promise_format = {
    .name = "format",
    .alias = 'f',
    .type = MC_OPT_STR,
    .choices = mc_text_json,
    .lax = 1,
    .def = "text",
    .help = "json: the quote (and the promise made) as one JSON object",
    .at = offsetof(mc_args, format)};
static const mc_setting promise_today = {
    .name = "today",
    .type = MC_OPT_STR,
    .arg = "DATE",
    .help = "the day the order is taken (YYYY-MM-DD) instead of the local "
	    "date: it can be made from the day after",
    .at = offsetof(mc_args, today)};
static const mc_setting promise_reserve = {
    .name = "reserve",
    .type = MC_OPT_FLAG,
    .help = "make the promise: hold the hours and materials of its firm "
	    "date (in one transaction: no other promise gets them) until "
	    "it is confirmed, cancelled or expires",
    .at = offsetof(mc_args, reserve)};
static const mc_setting promise_confirm = {
    .name = "confirm",
    .type = MC_OPT_FLAG,
    .help = "with --reserve: the promise is confirmed at once (the next "
	    "night plans it)",
    .at = offsetof(mc_args, confirm)};
static const mc_setting promise_hold = {
    .name = "hold",
    .type = MC_OPT_NUM,
    .arg = "MIN",
    .min = 0,
    .max = 10080,
    .open_min = 1,
    .def = "120",
    .help = "minutes a reserved promise holds its capacity unconfirmed",
    .at = offsetof(mc_args, hold)};

static const mc_arg promise_args[] = {{"ORDER|-", MC_OPT_STR, 0, 0}, {0}};
static const mc_setting *const promise_opts[] = {MC_SETTING(MC_SET_DB),
						 &promise_reserve,
						 &promise_confirm,
						 &promise_hold,
						 &promise_today,
						 &promise_format,
						 NULL};

const mc_command mc_cmd_promise = {
    .name = "promise",
    .summary = "a date for an order configured now, from the published plan",
    .run = cmd_promise,
    .args = promise_args,
    .maxpos = 1,
    .opts = promise_opts,
    .about =
	"Answers \"when will it arrive?\" for one order configured now, from\n"
	"the published plan, without planning again.  ORDER is a file (or -\n"
	"for standard input) with one mapping in YAML or JSON, the keys of an\n"
	"orders.yaml entry: family, options, quantity, region, and optionally\n"
	"id, customer, due (the date wanted), release, priority, penalties.\n"
	"The answer is one of:\n"
	"  FIRM        it fits in what the plan and other promises leave free\n"
	"              (hours, overtime, stock and receipts) by the date "
	"wanted\n"
	"              (or, with none, the earliest date): plant, days, hours\n"
	"              and materials, and what it costs;\n"
	"  LATER       it fits firm only after the date wanted: that date, "
	"and\n"
	"              what the date wanted would cost taking hours from "
	"other\n"
	"              work (the plan's shadow prices), which only the next\n"
	"              night's plan can give;\n"
	"  NEEDS PLAN  it does not fit in what is free at all;\n"
	"  IMPOSSIBLE  no plant can make it or reach its region, or the\n"
	"              horizon ends first (the reasons unmet orders get).\n"
	"--reserve makes the promise of the firm date; `mcsched promises`\n"
	"lists, confirms and cancels promises; the next plan run reads\n"
	"confirmed ones as orders due on their promised dates.\n",
    .more = "Exit status 0 a firm date (FIRM or LATER); 2 bad order or "
	    "usage; 3 no\nfirm date (NEEDS PLAN, IMPOSSIBLE) or no published "
	    "plan; 4 store error\n(also: the published plan changed while "
	    "promising: ask again).\n"};

/* ---- promises ---- */

static int cmd_promises(const mc_call *x, mc_diag *d)
{
	const char *db = x->set.db, *format = x->o.format;
	const char *verb = x->npos ? x->pos[0] : "list";
	int set = strcmp(verb, "confirm") == 0	? 1
		  : strcmp(verb, "cancel") == 0 ? 0
						: -1;
	if (mc_cmd_text_or_json("promises", format, d) < 0)
		return -1;
	if (set < 0 && strcmp(verb, "list") != 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "promises takes list, confirm ID.. or "
				     "cancel ID.., not '%s'",
				     verb);
	if (set < 0 && x->npos > 1)
		return mc_diag_error(d, MC_EUSAGE,
				     "promises list takes no ids");
	if (set >= 0 && x->npos < 2)
		return mc_diag_error(d, MC_EUSAGE,
				     "promises %s needs a promise id", verb);
	int64_t *ids = mc_xcalloc((size_t)x->npos + 1, sizeof(int64_t));
	for (int i = 1; i < x->npos; i++) {
		char *end;
		long long v = strtoll(x->pos[i], &end, 10);
		if (end == x->pos[i] || *end || v <= 0) {
			free(ids);
			return mc_diag_error(d, MC_EUSAGE,
					     "a promise id is a positive "
					     "number, not '%s'",
					     x->pos[i]);
		}
		ids[i] = v;
	}
	int rc = -1;
	double now = (double)time(NULL);
	mc_arena *a = mc_arena_new();
	mc_store *s =
	    mc_cmd_open_store(db, set < 0 ? MC_CMD_READ : MC_CMD_WRITE, d);
	mc_promise_rec *p = NULL;
	int n = 0;
	if (!s)
		goto out;
	if (set < 0) {
		if (mc_store_promise_list(s, now, a, &p, &n, d) < 0)
			goto out;
	} else {
		p = mc_arena_calloc(a, (size_t)x->npos, sizeof(*p));
		for (int i = 1; i < x->npos; i++)
			if (mc_store_promise_set(s, ids[i], set, now, a, &p[n],
						 d) == 0)
				n++;
	}
	if (strcmp(format, "json") == 0)
		mc_promise_list_json(p, n, stdout);
	else
		mc_promise_list_text(p, n, stdout);
	rc = set >= 0 && n < x->npos - 1 ? -1 : 0;
out:
	mc_store_close(s);
	mc_arena_free(a);
	free(ids);
	return rc;
}

static const mc_setting promises_format = {
    .name = "format",
    .alias = 'f',
    .type = MC_OPT_STR,
    .choices = mc_text_json,
    .lax = 1,
    .def = "text",
    .help = "json: the promises as a JSON array",
    .at = offsetof(mc_args, format)};

static const mc_arg promises_args[] = {
    {"list|confirm|cancel", MC_OPT_STR, 1, 0}, {"ID", MC_OPT_STR, 1, 1}, {0}};
static const mc_setting *const promises_opts[] = {MC_SETTING(MC_SET_DB),
						  &promises_format, NULL};

const mc_command mc_cmd_promises = {
    .name = "promises",
    .summary = "list, confirm and cancel the promises made",
    .run = cmd_promises,
    .args = promises_args,
    .maxpos = MC_MAX_POS,
    .opts = promises_opts,
    .about =
	"The promises `mcsched promise --reserve` made: list (the default)\n"
	"shows each with its order, status (held until a time, confirmed,\n"
	"cancelled, expired), promised date, plant and the plan run that\n"
	"planned it; confirm ID.. confirms held promises (the next plan run\n"
	"reads them as orders due on their promised dates, at the highest\n"
	"priority); cancel ID.. cancels promises, held or confirmed (their\n"
	"capacity is free again at once, their orders leave the next night).\n"
	"An expired or cancelled promise cannot be confirmed: ask again.\n",
    .more = "Exit status 0; 2 usage; 3 a promise expired or cancelled "
	    "(confirm);\n4 store error or no such promise.\n"};
