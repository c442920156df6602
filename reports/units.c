/*
 * units.c - resolve records, order tracking and labels of unit identifiers
 * (see units.h).
 *
 * Memory: labels come from the caller's arena; the track table is freed
 * before returning; temporary file names are freed at their out: label.
 */
#include "units.h"

#include "date.h"
#include "file.h"
#include "fmt.h"
#include "ids.h"
#include "json.h"
#include "qr.h"
#include "table.h"
#include "utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- resolve ---- */

/* A JSON string of s, which may hold any bytes: what is not UTF-8 becomes
 * U+FFFD. */
static void json_bytes(FILE *f, const char *s)
{
	size_t n = strlen(s);
	char *clean = mc_xmalloc(3 * n + 1), *o = clean;
	for (const char *p = s; *p;) {
		int len = mc_utf8_len(p, s + n);
		if (len == 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, (size_t)len);
		o += len;
		p += len;
	}
	*o = 0;
	mc_fmt_json_str(f, clean);
	free(clean);
}

/* Value types of a resolution, in index order (index = position + 1). */
enum {
	V_FAMILY,
	V_OPTIONS,
	V_ORDER,
	V_REGION,
	V_PLANT,
	V_RESOURCE,
	V_DAY,
	V_ARRIVAL,
	V_DUE,
	V_STATUS,
	V_RUN,
	V_GS1,
	V_RELEASED, /* the floor's days, in enum mc_life order */
	V_PRODUCED,
	V_SHIPPED,
	V_SCRAPPED,
	V_PLAN_STATUS,
	V_COUNT
};

static const char *const value_type[V_COUNT] = {
    "family",	   "options",  "order",	      "region",
    "plant",	   "resource", "planned_day", "expected_arrival",
    "due",	   "status",   "run",	      "gs1",
    "released",	   "produced", "shipped",     "scrapped",
    "plan_status",
};

int mc_units_read_life(mc_store *s, const mc_unit_rec *u, int n, mc_arena *a,
		       mc_units_life **life, mc_diag *d)
{
	mc_units_life *l = mc_arena_calloc(a, (size_t)n + 1, sizeof(*l));
	for (int i = 0; i < n; i++) {
		mc_life_event *ev;
		if (!u[i].life)
			continue;
		if (mc_store_unit_life(s, u[i].identifier, a, &ev, &l[i].n, d) <
		    0)
			return -1;
		l[i].ev = ev;
	}
	*life = l;
	return 0;
}

const char *mc_units_status(const mc_unit_rec *u)
{
	return u->life ? u->life : u->status;
}

void mc_units_resolve_json(const char *handle, const mc_unit_rec *u,
			   const mc_units_life *life, const char *why, FILE *f)
{
	int code = why ? MC_UNITS_MALFORMED
		   : u ? MC_UNITS_FOUND
		       : MC_UNITS_NOT_FOUND;
	fprintf(f, "{\n  \"responseCode\": %d,\n  \"handle\": ", code);
	json_bytes(f, handle);
	if (code != MC_UNITS_FOUND) {
		fputs(",\n  \"message\": ", f);
		mc_fmt_json_str(f, why ? why : "handle not found");
		fputs("\n}\n", f);
		return;
	}
	const char *value[V_COUNT] = {NULL};
	char run[32], gs1[MC_ID_MAX];
	int live = strcmp(u->status, "cancelled") != 0;
	snprintf(run, sizeof(run), "%lld",
		 (long long)(u->run ? u->run : u->last_run));
	if (mc_id_gs1(gs1, sizeof(gs1), u->gtin, (uint64_t)u->serial) < 0)
		gs1[0] = 0;
	value[V_FAMILY] = u->family;
	value[V_OPTIONS] = u->options;
	value[V_ORDER] = u->order;
	value[V_REGION] = u->region;
	if (live) {
		value[V_PLANT] = u->plant;
		value[V_RESOURCE] = u->resource;
		value[V_DAY] = u->day;
		value[V_ARRIVAL] = u->arrive;
	}
	value[V_DUE] = u->due;
	value[V_STATUS] = mc_units_status(u);
	value[V_RUN] = run;
	value[V_GS1] = gs1[0] ? gs1 : NULL;
	if (u->life) {
		int l = mc_life_parse(u->life);
		if (l >= 0)
			value[V_RELEASED + l] = u->life_day;
		value[V_PLAN_STATUS] = u->status;
	}
	for (int i = 0; life && i < life->n; i++) {
		int l = mc_life_parse(life->ev[i].status);
		if (l >= 0)
			value[V_RELEASED + l] = life->ev[i].day;
	}
	fputs(",\n  \"values\": [", f);
	for (int i = 0, first = 1; i < V_COUNT; i++) {
		if (!value[i])
			continue;
		fprintf(f,
			"%s\n    {\"index\": %d, \"type\": \"%s\", "
			"\"data\": {\"format\": \"string\", \"value\": ",
			first ? "" : ",", i + 1, value_type[i]);
		mc_fmt_json_str(f, value[i]);
		fputs("}}", f);
		first = 0;
	}
	fputs("\n  ]\n}\n", f);
}

int mc_units_find(mc_store *s, const mc_unit_ref *r, mc_arena *a,
		  mc_unit_rec *u, mc_diag *d)
{
	if (r->kind == MC_REF_ID) {
		char id[MC_ID_MAX];
		if (mc_id_format(id, sizeof(id), r->id.prefix, r->id.code,
				 r->gtin, r->serial) < 0)
			return 0;
		return mc_store_find_unit(s, id, a, u, d);
	}
	int found = mc_store_find_serial(s, r->serial, a, u, d);
	return found == 1 && strcmp(u->gtin, r->gtin) != 0 ? 0 : found;
}

/* ---- track ---- */

mc_units_made mc_units_made_of(const mc_unit_rec *u, const mc_units_life *life)
{
	mc_units_made m = {0};
	if (!u->life || strcmp(u->status, "cancelled") == 0 ||
	    (strcmp(u->life, "produced") && strcmp(u->life, "shipped")))
		return m;
	m.made = 1;
	m.made_on = m.shipped_on = NULL;
	for (int k = 0; life && k < life->n; k++) {
		if (strcmp(life->ev[k].status, "produced") == 0)
			m.made_on = life->ev[k].day;
		if (strcmp(life->ev[k].status, "shipped") == 0)
			m.shipped_on = life->ev[k].day;
	}
	if (strcmp(u->life, "shipped") == 0 && !m.shipped_on)
		m.shipped_on = u->life_day;
	if (!m.made_on)
		m.made_on = strcmp(u->life, "produced") == 0 ? u->life_day
							     : m.shipped_on;
	mc_fmt_date_add(m.arrive, sizeof(m.arrive), u->life_day,
			u->day && u->arrive ? mc_date_between(u->day, u->arrive)
					    : 0);
	m.days_late = mc_date_between(u->due, m.arrive);
	return m;
}

/* What the units u[0..n) of one order add up to. */
typedef struct order_sum {
	const mc_unit_rec *head; /* the latest facts of the order */
	int live, planned, unmet, late;
	int made, made_late, shipped; /* of live: made by the floor */
	int replan; /* scrapped since the latest plan: the next night plans
		     * a new unit for each (they count in the quantity) */
} order_sum;

/* The units scrapped since the latest plan run that had the order, none
 * when a later run cancelled any of its units (it saw the scraps too). */
static int to_replan(const mc_unit_rec *u, int n)
{
	int64_t last = 0;
	for (int i = 0; i < n; i++)
		if (u[i].last_run > last)
			last = u[i].last_run;
	int scrapped = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(u[i].status, "cancelled") || u[i].last_run != last)
			continue;
		if (!u[i].life || strcmp(u[i].life, "scrapped"))
			return 0;
		scrapped++;
	}
	return scrapped;
}

static order_sum order_summary(const mc_unit_rec *u, int n,
			       const mc_units_life *life)
{
	order_sum o = {&u[n - 1], 0, 0, 0, 0, 0, 0, 0, to_replan(u, n)};
	for (int i = 0; i < n; i++) {
		if (strcmp(u[i].status, "cancelled") == 0)
			continue;
		if (o.live++ == 0 || u[i].run > o.head->run)
			o.head = &u[i];
		mc_units_made m =
		    mc_units_made_of(&u[i], life ? &life[i] : NULL);
		if (m.made) {
			o.made++;
			o.made_late += m.days_late > 0;
			o.shipped += m.shipped_on != NULL;
		} else if (strcmp(u[i].status, "planned") == 0) {
			o.planned++;
			o.late += mc_date_between(u[i].due, u[i].arrive) > 0;
		} else
			o.unmet++;
	}
	return o;
}

/* What the floor reported of units u[0..n): "floor: 2 released, 1
 * shipped" (units by floor status) and the events as a table, or nothing
 * when it reported none. */
static void track_floor(const mc_unit_rec *u, int n, const mc_units_life *life,
			FILE *f)
{
	int by[MC_LIFE_COUNT] = {0}, any = 0, events = 0;
	for (int i = 0; i < n; i++) {
		int l = u[i].life ? mc_life_parse(u[i].life) : -1;
		if (l >= 0) {
			by[l]++;
			any = 1;
		}
		events += life ? life[i].n : 0;
	}
	if (!any)
		return;
	fputs("\n  on the floor:", f);
	for (int l = 0, first = 1; l < MC_LIFE_COUNT; l++)
		if (by[l]) {
			fprintf(f, "%s %d %s", first ? "" : ",", by[l],
				mc_life_name(l));
			first = 0;
		}
	fputc('\n', f);
	if (!events)
		return;
	fputc('\n', f);
	mc_table *t = mc_table_new(4);
	mc_table_col(t, 0, "identifier", MC_LEFT, 0);
	mc_table_col(t, 1, "floor", MC_LEFT, 0);
	mc_table_col(t, 2, "on", MC_LEFT, 0);
	mc_table_col(t, 3, "reported in", MC_LEFT, 0);
	for (int i = 0; i < n; i++)
		for (int k = 0; k < life[i].n; k++) {
			const mc_life_event *e = &life[i].ev[k];
			mc_table_cell(t, "%s", u[i].identifier);
			mc_table_cell(t, "%s", e->status);
			mc_table_cell(t, "%s", e->day);
			mc_table_cell(t, "%s:%d", e->source, e->line);
		}
	mc_table_print(t, f, 2);
	mc_table_free(t);
}

void mc_units_track(const char *id, const mc_unit_rec *u, int n,
		    const mc_units_life *life, FILE *f)
{
	assert(n > 0);
	order_sum o = order_summary(u, n, life);
	const mc_unit_rec *head = o.head;
	int live = o.live, planned = o.planned, unmet = o.unmet, late = o.late;
	int quantity = live + o.replan;
	fprintf(f, "order %s for %s (region %s)\n", id,
		head->customer ? head->customer : "?",
		head->region ? head->region : "?");
	fprintf(f, "  %s%s%s; ", head->family,
		head->options && head->options[0] ? ": " : "",
		head->options ? head->options : "");
	if (quantity)
		fprintf(f, "quantity %d, due %s; plan of run %lld\n", quantity,
			head->due ? head->due : "?",
			(long long)(live ? head->run : head->last_run));
	else
		fprintf(f, "withdrawn after run %lld (was due %s)\n",
			(long long)head->last_run, head->due ? head->due : "?");
	fprintf(f, "  units: ");
	if (o.made)
		fprintf(f, "%d made (%d shipped, %d late), ", o.made, o.shipped,
			o.made_late);
	fprintf(f, "%d planned (%d late), %d unmet, %d cancelled", planned,
		late, unmet, n - live);
	if (o.replan)
		fprintf(f,
			"\n  %d scrapped since the plan of run %lld: the next "
			"night plans %s",
			o.replan, (long long)head->last_run,
			o.replan == 1 ? "a new unit" : "a new unit for each");
	fputs("\n\n", f);

	mc_table *t = mc_table_new(6);
	mc_table_col(t, 0, "identifier", MC_LEFT, 0);
	mc_table_col(t, 1, "status", MC_LEFT, 0);
	mc_table_col(t, 2, "made on", MC_LEFT, 0);
	mc_table_col(t, 3, "plant", MC_LEFT, 0);
	mc_table_col(t, 4, "arrives", MC_LEFT, 0);
	mc_table_col(t, 5, "vs due", MC_LEFT, 0);
	for (int i = 0; i < n; i++) {
		mc_units_made mf =
		    mc_units_made_of(&u[i], life ? &life[i] : NULL);
		if (mf.made) { /* by its actual days */
			mc_table_cell(t, "%s", u[i].identifier);
			mc_table_cell(
			    t, "%s on %s", mf.shipped_on ? "shipped" : "made",
			    mf.shipped_on ? mf.shipped_on : mf.made_on);
			mc_table_cell(t, "%s", mf.made_on);
			mc_table_cell(t, "%s", u[i].plant ? u[i].plant : "");
			mc_table_cell(t, "%s", mf.arrive);
			if (mf.days_late > 0)
				mc_table_cell(t, "LATE %d day%s", mf.days_late,
					      mf.days_late == 1 ? "" : "s");
			else
				mc_table_cell(t, "on time");
			continue;
		}
		int made = strcmp(u[i].status, "planned") == 0;
		int dl = mc_date_between(u[i].due, u[i].arrive);
		mc_table_cell(t, "%s", u[i].identifier);
		mc_table_cell(t, "%s", mc_units_status(&u[i]));
		mc_table_cell(t, "%s", made && u[i].day ? u[i].day : "");
		mc_table_cell(t, "%s", made && u[i].plant ? u[i].plant : "");
		mc_table_cell(t, "%s", made && u[i].arrive ? u[i].arrive : "");
		if (!made)
			mc_table_cell(t, NULL);
		else if (dl > 0)
			mc_table_cell(t, "LATE %d day%s", dl,
				      dl == 1 ? "" : "s");
		else
			mc_table_cell(t, "on time");
	}
	mc_table_print(t, f, 2);
	mc_table_free(t);
	track_floor(u, n, life, f);
}

void mc_units_order_json(const char *id, const mc_unit_rec *u, int n,
			 const mc_units_life *life, FILE *f)
{
	assert(n > 0);
	order_sum o = order_summary(u, n, life);
	mc_json j;
	mc_json_open(&j, f, 2);
	mc_json_str(&j, "order", id);
	mc_json_str(&j, "region", o.head->region);
	mc_json_str(&j, "family", o.head->family);
	mc_json_str(&j, "options", o.head->options);
	mc_json_int(&j, "quantity", o.live + o.replan);
	mc_json_str(&j, "due", o.head->due);
	mc_json_int(&j, "run", o.live ? o.head->run : o.head->last_run);
	mc_json_bool(&j, "withdrawn", o.live + o.replan == 0);
	mc_json_int(&j, "units_made", o.made);
	mc_json_int(&j, "units_made_late", o.made_late);
	mc_json_int(&j, "units_planned", o.planned);
	mc_json_int(&j, "units_late", o.late);
	mc_json_int(&j, "units_unmet", o.unmet);
	mc_json_int(&j, "units_cancelled", n - o.live);
	mc_json_int(&j, "units_to_replan", o.replan);
	mc_json_key(&j, "units");
	fputc('[', f);
	for (int i = 0; i < n; i++) {
		int made = strcmp(u[i].status, "planned") == 0;
		int dl = made ? mc_date_between(u[i].due, u[i].arrive) : 0;
		mc_json e;
		mc_json_item(f, i, 4);
		mc_json_open(&e, f, -1);
		mc_json_str(&e, "identifier", u[i].identifier);
		mc_json_int(&e, "seq", u[i].seq);
		mc_json_str(&e, "status", mc_units_status(&u[i]));
		mc_json_str(&e, "planned_day", made ? u[i].day : NULL);
		mc_json_str(&e, "plant", made ? u[i].plant : NULL);
		mc_json_str(&e, "expected_arrival", made ? u[i].arrive : NULL);
		mc_units_made mf =
		    mc_units_made_of(&u[i], life ? &life[i] : NULL);
		if (mf.made) /* by its actual day */
			dl = mf.days_late;
		if (made || mf.made)
			mc_json_int(&e, "days_late", dl > 0 ? dl : 0);
		else
			mc_json_null(&e, "days_late");
		mc_json_str(&e, "made_on", mf.made ? mf.made_on : NULL);
		mc_json_str(&e, "shipped_on", mf.made ? mf.shipped_on : NULL);
		mc_json_str(&e, "arrival", mf.made ? mf.arrive : NULL);
		if (life && life[i].n) {
			mc_json_key(&e, "floor");
			fputc('[', f);
			for (int k = 0; k < life[i].n; k++) {
				mc_json x;
				fputs(k ? ", " : "", f);
				mc_json_open(&x, f, -1);
				mc_json_str(&x, "status", life[i].ev[k].status);
				mc_json_str(&x, "day", life[i].ev[k].day);
				mc_json_close(&x);
			}
			fputc(']', f);
		}
		mc_json_close(&e);
	}
	mc_json_arr_close(f, n, 4);
	mc_json_close(&j);
	fputc('\n', f);
}

/* ---- labels ---- */

/* 1 if s is a host name with an optional port: letters, digits, '.', '-',
 * then ":digits". */
static int host_valid(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
	if (n == 0 || s[0] == '.' || s[0] == '-')
		return 0;
	if (s[n] == ':')
		return s[n + 1] &&
		       strspn(s + n + 1, "0123456789") == strlen(s + n + 1);
	return s[n] == 0;
}

int mc_units_labels(const mc_run_view *v, const mc_dispatch_unit *dl, int nl,
		    const char *domain, mc_arena *a, mc_label **out, int *n,
		    mc_diag *d)
{
	*out = NULL;
	*n = 0;
	if (!host_valid(domain))
		return mc_diag_error(d, MC_EUSAGE,
				     "bad domain '%s' (expected a host name "
				     "such as '%s')",
				     domain, MC_UNITS_DOMAIN);
	mc_label *l = mc_arena_calloc(a, (size_t)nl + 1, sizeof(*l));
	for (int i = 0; i < nl; i++) {
		const mc_view_unit *u = dl[i].unit;
		mc_id_parts p;
		char why[160] = "", gs1[MC_ID_MAX];
		if (!u)
			continue; /* a what-if's new unit: no identifier */
		if (mc_id_parse(u->identifier, &p, why, sizeof(why)) < 0 ||
		    mc_id_gs1(gs1, sizeof(gs1), p.gtin, p.serial) < 0)
			return mc_diag_error(d, MC_ESTORE,
					     "stored identifier '%s' of run "
					     "%lld is malformed: %s",
					     u->identifier, (long long)v->id,
					     why);
		mc_label *x = &l[(*n)++];
		x->identifier = u->identifier;
		x->serial = mc_arena_strdup(a, p.serial_text);
		x->gs1 = mc_arena_strdup(a, gs1);
		x->digital_link = mc_arena_printf(
		    a, "https://%s/01/%s/21/%s", domain, p.gtin, p.serial_text);
		x->plant = u->plant;
		x->resource = u->resource;
		x->day = u->day;
		x->order = u->order;
		x->unit = u->seq;
		if (u->order_idx >= 0) {
			const mc_view_order *o = &v->orders[u->order_idx];
			x->family = o->family;
			x->options = o->options;
			x->of = o->quantity;
		}
	}
	*out = l;
	return 0;
}

void mc_units_labels_csv(const mc_label *l, int n, int bom, FILE *f)
{
	if (bom)
		fputs("\xEF\xBB\xBF", f);
	fputs("identifier,gs1,digital_link,plant,resource,day,order,unit,of,"
	      "family,options\n",
	      f);
	for (int i = 0; i < n; i++) {
		const char *cell[] = {
		    l[i].identifier, l[i].gs1, l[i].digital_link, l[i].plant,
		    l[i].resource,   l[i].day, l[i].order};
		for (size_t c = 0; c < sizeof(cell) / sizeof(*cell); c++) {
			if (c)
				fputc(',', f);
			mc_fmt_csv(f, cell[c]);
		}
		fprintf(f, ",%d,%d,", l[i].unit, l[i].of);
		mc_fmt_csv(f, l[i].family);
		fputc(',', f);
		mc_fmt_csv(f, l[i].options);
		fputc('\n', f);
	}
}

struct csv_ctx {
	const mc_label *l;
	int n, bom;
};

static int write_csv(FILE *f, const void *ctx, mc_diag *d)
{
	const struct csv_ctx *c = ctx;
	(void)d;
	mc_units_labels_csv(c->l, c->n, c->bom, f);
	return 0;
}

int mc_units_labels_save(const mc_label *l, int n, int bom, const char *path,
			 mc_diag *d)
{
	struct csv_ctx c = {l, n, bom};
	return mc_file_write(path, write_csv, &c, d);
}

static int write_qr(FILE *f, const void *ctx, mc_diag *d)
{
	const mc_label *l = ctx;
	return mc_qr_svg(l->digital_link, f, d);
}

int mc_units_labels_qr(const mc_label *l, int n, const char *dir, mc_diag *d)
{
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return mc_diag_error(d, MC_EINPUT,
				     "unable to create directory '%s': %s", dir,
				     strerror(errno));
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(l[i].serial) + 8;
		char *path = mc_xmalloc(len);
		snprintf(path, len, "%s/%s.svg", dir, l[i].serial);
		int rc = mc_file_write(path, write_qr, &l[i], d);
		free(path);
		if (rc < 0)
			return -1;
	}
	return 0;
}
