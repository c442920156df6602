/*
 * serve.c - the router of `mcsched serve` (see serve.h): each request is
 * answered from a read-only store connection taken from a small pool.
 *
 * Memory: each answer is built in a memory stream (malloc'ed, handed to
 * the caller) from records read into an arena that lives for that request
 * only.  The pool's connections live as long as the mc_serve, or until
 * the file they read is no longer the database's.
 */
#include "serve.h"

#include "arena.h"
#include "date.h"
#include "fmt.h"
#include "html.h"
#include "ids.h"
#include "json.h"
#include "logline.h"
#include "metrics.h"
#include "promise.h"
#include "quote.h"
#include "report.h"
#include "status.h"
#include "store.h"
#include "units.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* What the published plan leaves free, for promises: built on the first
 * quote of a published run, shared by every thread while it is the
 * published one, freed when the last request reading it is done. */
struct base_box {
	mc_ctp_base b;
	int refs;
};

struct mc_serve {
	char *db;
	const mc_token *token; /* NULL: internal routes off */
	pthread_mutex_t lock;
	pthread_cond_t freed;
	mc_store **idle; /* connections no request holds */
	int nidle, open, max;
	char *logged; /* the last message written to the log */
	int log_json; /* the log on stderr is JSON lines (logline.h) */
	const char *version;
	mc_metrics *metrics;
	pthread_mutex_t base_lock;
	struct base_box *base; /* the published run's, NULL none yet */
};

static mc_metrics *new_metrics(void);

mc_serve *mc_serve_new(const char *db, int max_conn, const mc_token *token,
		       int log_json, const char *version, mc_diag *d)
{
	mc_store *s;
	if (mc_store_open_readonly(db, &s, d) < 0)
		return NULL;
	mc_serve *sv = mc_xcalloc(1, sizeof(*sv));
	sv->db = mc_xstrdup(db);
	sv->token = token;
	sv->max = max_conn < 1 ? 1 : max_conn;
	sv->idle = mc_xcalloc((size_t)sv->max, sizeof(*sv->idle));
	sv->idle[sv->nidle++] = s;
	sv->open = 1;
	sv->log_json = log_json;
	sv->version = version;
	sv->metrics = new_metrics();
	pthread_mutex_init(&sv->lock, NULL);
	pthread_cond_init(&sv->freed, NULL);
	pthread_mutex_init(&sv->base_lock, NULL);
	return sv;
}

void mc_serve_free(mc_serve *sv)
{
	if (!sv)
		return;
	for (int i = 0; i < sv->nidle; i++)
		mc_store_close(sv->idle[i]);
	pthread_mutex_destroy(&sv->lock);
	pthread_cond_destroy(&sv->freed);
	if (sv->base) {
		mc_ctp_base_release(&sv->base->b);
		free(sv->base);
	}
	pthread_mutex_destroy(&sv->base_lock);
	free(sv->idle);
	free(sv->logged);
	free(sv->db);
	mc_metrics_free(sv->metrics);
	free(sv);
}

void mc_serve_log(const mc_serve *sv, const char *event, const char *message)
{
	if (!sv->log_json) {
		fprintf(stderr, "mcsched serve: %s\n", message);
		return;
	}
	mc_logline l;
	mc_logline_open(&l, mc_serve_wall(), "serve", event);
	mc_logline_str(&l, "message", message);
	mc_logline_write(&l, 2);
}

double mc_serve_wall(void)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void mc_serve_count_cut(mc_serve *sv)
{
	mc_metrics_cut(sv->metrics);
}

/* Writes the first message of d to the server's log (stderr) unless it is
 * the one written last, then clears d: a database that stays unreadable
 * is said once, not once a request. */
static void log_once(mc_serve *sv, mc_diag *d)
{
	const char *msg = d->n ? d->v[0].msg : "unknown store error";
	pthread_mutex_lock(&sv->lock);
	if (!sv->logged || strcmp(sv->logged, msg) != 0) {
		mc_serve_log(sv, "store", msg);
		free(sv->logged);
		sv->logged = mc_xstrdup(msg);
	}
	pthread_mutex_unlock(&sv->lock);
	mc_diag_clear(d);
}

/* A connection for this request: an idle one, a new one while fewer than
 * max are open, else the next one freed; one that no longer reads the
 * file the database path names is closed, and a new one opened in its
 * place.  NULL with d set when none can be opened (or the database is
 * gone). */
static mc_store *take(mc_serve *sv, mc_diag *d)
{
	mc_store *s = NULL;
	pthread_mutex_lock(&sv->lock);
	while (!sv->nidle && sv->open >= sv->max)
		pthread_cond_wait(&sv->freed, &sv->lock);
	if (sv->nidle)
		s = sv->idle[--sv->nidle];
	else
		sv->open++;
	pthread_mutex_unlock(&sv->lock);
	int stale = s ? mc_store_stale(s) : 0;
	if (stale) {
		mc_store_close(s);
		s = NULL;
	}
	if (stale < 0)
		mc_diag_error(d, MC_ESTORE,
			      "the database '%s' is gone (removed or renamed): "
			      "answering 503 until it is back",
			      sv->db);
	else if (s || mc_store_open_readonly(sv->db, &s, d) == 0) {
		if (stale) {
			mc_diag_error(d, MC_ESTORE,
				      "the database '%s' was replaced: "
				      "reading the new one",
				      sv->db);
			log_once(sv, d);
		}
		return s;
	}
	pthread_mutex_lock(&sv->lock);
	sv->open--;
	pthread_cond_signal(&sv->freed);
	pthread_mutex_unlock(&sv->lock);
	return NULL;
}

static void give_back(mc_serve *sv, mc_store *s)
{
	pthread_mutex_lock(&sv->lock);
	sv->idle[sv->nidle++] = s;
	pthread_cond_signal(&sv->freed);
	pthread_mutex_unlock(&sv->lock);
}

/* ---- answers ---- */

#define JSON "application/json; charset=utf-8"
#define HTML "text/html; charset=utf-8"

/* An answer being written. */
typedef struct reply {
	mc_serve_answer *ans;
	FILE *f;
} reply;

static void reply_open(reply *r, mc_serve_answer *ans, int status,
		       const char *type)
{
	r->ans = ans;
	ans->status = status;
	ans->type = type;
	ans->body = NULL;
	ans->len = 0;
	r->f = open_memstream(&ans->body, &ans->len);
	if (!r->f) {
		perror("mcsched serve: open_memstream");
		abort();
	}
}

static void reply_close(reply *r)
{
	if (fclose(r->f) != 0) {
		perror("mcsched serve: a reply");
		abort();
	}
}

/* {"status": N, "error": message} */
static void error_json(mc_serve_answer *ans, int status, const char *message)
{
	reply r;
	mc_json j;
	reply_open(&r, ans, status, JSON);
	mc_json_open(&j, r.f, -1);
	mc_json_int(&j, "status", status);
	mc_json_str(&j, "error", message);
	mc_json_close(&j);
	fputc('\n', r.f);
	reply_close(&r);
}

/* A store error: the server cannot read its database right now.  The
 * server's log gets the message with the database's path (once while it
 * stays the same); the client does not. */
static void store_error(mc_serve *sv, mc_serve_answer *ans, mc_diag *d)
{
	log_once(sv, d);
	error_json(ans, 503, "the store cannot be read right now");
}

/* One request being answered: what every route's handler gets. */
typedef struct call {
	mc_serve *sv;
	mc_store *s;
	const mc_serve_req *rq;
	const char *path;  /* decoded, without the query */
	const char *query; /* decoded, "" when none */
	mc_arena *a;
	mc_serve_answer *ans;
	mc_diag *d;
} call;

/* The value of key in query ("a=1&b=2"), or NULL. */
static const char *query_value(const char *query, const char *key, char *buf,
			       size_t size)
{
	size_t k = strlen(key);
	for (const char *p = query; *p;) {
		size_t n = strcspn(p, "&");
		if (n > k && strncmp(p, key, k) == 0 && p[k] == '=') {
			snprintf(buf, size, "%.*s", (int)(n - k - 1),
				 p + k + 1);
			return buf;
		}
		p += n + (p[n] == '&');
	}
	return NULL;
}

/* /healthz[?max_age_hours=H]: 200 with the published run, its age, the
 * nights kept back since and whether the newest was; with max_age_hours,
 * 503 ("status": "stale", and why) when no run is published, the
 * published one is older than H hours or the newest night was kept back:
 * a monitor that reads only the status code sees the night. */
static void healthz(call *c, const char *rest)
{
	mc_store_status st;
	mc_serve_answer *ans = c->ans;
	char buf[32], *end;
	(void)rest;
	const char *max =
	    query_value(c->query, "max_age_hours", buf, sizeof(buf));
	double max_age = max ? strtod(max, &end) : NAN;
	if (max && (end == max || *end || !(max_age > 0))) {
		error_json(ans, 400,
			   "max_age_hours is a number of hours above 0");
		return;
	}
	/* no units behind plan here (today NULL): a probe stays cheap */
	if (mc_store_read_status(c->s, NULL, c->a, &st, c->d) < 0) {
		store_error(c->sv, ans, c->d);
		return;
	}
	int64_t pub = st.published;
	double age = mc_status_age_hours(st.published_at, time(NULL));
	const char *stale = !max   ? NULL
			    : !pub ? "no run is published"
			    : st.latest_kept_back
				? "the last night was kept back"
			    : age > max_age ? "the published run is older than "
					      "max_age_hours"
					    : NULL;
	reply r;
	mc_json j;
	reply_open(&r, ans, stale ? 503 : 200, JSON);
	mc_json_open(&j, r.f, -1);
	mc_json_str(&j, "status", stale ? "stale" : "ok");
	if (pub)
		mc_json_int(&j, "published_run", pub);
	else
		mc_json_null(&j, "published_run");
	mc_json_num(&j, "published_age_hours", age);
	mc_json_bool(&j, "last_night_kept_back", st.latest_kept_back);
	mc_json_int(&j, "nights_kept_back", st.nheld);
	if (st.latest_plan)
		mc_json_int(&j, "latest_plan_run", st.latest_plan);
	else
		mc_json_null(&j, "latest_plan_run");
	if (stale)
		mc_json_str(&j, "reason", stale);
	mc_json_str(&j, "version", c->sv->version);
	mc_json_close(&j);
	fputc('\n', r.f);
	reply_close(&r);
}

/* /metrics: the counters and the store's state (metrics.h). */
static void metrics(call *c, const char *rest)
{
	mc_store_status st;
	(void)rest;
	mc_metrics_state ms = {.store_bytes = mc_store_bytes(c->sv->db),
			       .version = c->sv->version};
	if (mc_store_read_status(c->s, NULL, c->a, &st, c->d) == 0) {
		ms.have_status = 1;
		ms.published_run = st.published;
		ms.published_age_s =
		    3600 * mc_status_age_hours(st.published_at, time(NULL));
		ms.kept_back = st.latest_kept_back;
	} else { /* the counters still tell; the log says why */
		log_once(c->sv, c->d);
	}
	reply r;
	reply_open(&r, c->ans, 200, "text/plain; version=0.0.4; charset=utf-8");
	mc_metrics_write(c->sv->metrics, &ms, r.f);
	reply_close(&r);
}

/* The status of a resolution's responseCode. */
static int code_status(int code)
{
	return code == MC_UNITS_FOUND	    ? 200
	       : code == MC_UNITS_NOT_FOUND ? 404
					    : 400;
}

/* One status-history row's cell. */
static void history_row(FILE *f, const mc_unit_event *e)
{
	char run[32];
	snprintf(run, sizeof(run), "%lld", (long long)e->run);
	fputs("<tr>", f);
	mc_html_td(f, run, 1);
	char day[11] = "";
	if (e->started)
		snprintf(day, sizeof(day), "%.10s", e->started);
	mc_html_td(f, day, 0);
	mc_html_td(f, e->status, 0);
	mc_html_td(f, e->day, 0);
	mc_html_td(f, e->arrive, 0);
	fputs("</tr>\n", f);
}

static const char UNIT_CSS[] =
    "body{max-width:36em;margin:0 auto;padding:1em;font-size:17px}"
    "h1{font-size:1.5em;margin:.2em 0}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}"
    "dt{color:#555}dd{margin:0}"
    ".id{font-family:monospace;word-break:break-all;color:#333}"
    ".st{display:inline-block;padding:.1em .6em;border-radius:1em;"
    "background:#e3f0e3;font-weight:bold}"
    ".st.unmet,.st.cancelled,.st.scrapped{background:#f6dede}"
    ".late{color:#fff;background:#b3261e;border-radius:.3em;"
    "padding:0 .4em;font-weight:bold;white-space:nowrap}"
    "ul.opt{margin:0;padding-left:1.1em}"
    ".scroll{overflow-x:auto}table{font-size:.75em}"
    "th,td{padding:3px;white-space:nowrap}";

/* The floor events of a unit (mcsched actuals), as a table. */
static void floor_table(const mc_units_life *life, FILE *f)
{
	const char *cols[] = {"floor", "on"};
	const int num[] = {0, 0};
	fputs("<h2>On the floor</h2>\n<div class=\"scroll\"><table>\n", f);
	mc_html_th_row(f, cols, num, 2);
	for (int i = 0; i < life->n; i++) {
		fputs("<tr>", f);
		mc_html_td(f, life->ev[i].status, 0);
		mc_html_td(f, life->ev[i].day, 0);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

/* The page a phone shows for a scanned label: found (u, with its floor
 * events life) or not (why). */
static void unit_page(const mc_unit_rec *u, const mc_units_life *life,
		      const mc_unit_event *h, int nh, const char *promised,
		      const char *what, FILE *f)
{
	if (!u) {
		mc_html_begin_mobile(f, "Unit not found", UNIT_CSS);
		fputs("<h1>Unit not found</h1>\n<p>", f);
		mc_fmt_html(f, what);
		fputs("</p>\n", f);
		mc_html_end(f);
		return;
	}
	mc_html_begin_mobile(f, u->family, UNIT_CSS);
	fputs("<h1>", f);
	mc_fmt_html(f, u->family);
	fputs("</h1>\n<p class=\"id\">", f);
	mc_fmt_html(f, u->identifier);
	fputs("</p>\n<p>Status <span class=\"st ", f);
	mc_fmt_html(f, mc_units_status(u));
	fputs("\">", f);
	mc_fmt_html(f, mc_units_status(u));
	fputs("</span>", f);
	if (u->life_day) {
		fputs(" since ", f);
		mc_fmt_html(f, u->life_day);
	}
	fputs("</p>\n<dl>\n<dt>Options</dt><dd><ul class=\"opt\">", f);
	/* "capacity=1.5hp, self_clean=yes": an item each */
	const char *o = u->options ? u->options : "";
	while (*o) {
		size_t n = strcspn(o, ",");
		char *item = mc_xmalloc(n + 1);
		memcpy(item, o, n);
		item[n] = 0;
		char *eq = strchr(item, '=');
		fputs("<li>", f);
		if (eq) {
			*eq = 0;
			mc_fmt_html(f, item);
			fputs(": <b>", f);
			mc_fmt_html(f, eq + 1);
			fputs("</b>", f);
		} else
			mc_fmt_html(f, item);
		fputs("</li>", f);
		free(item);
		o += n;
		while (*o == ',' || *o == ' ')
			o++;
	}
	fputs("</ul></dd>\n", f);
	int live = strcmp(u->status, "cancelled") != 0;
	int planned = live && strcmp(u->status, "planned") == 0;
	/* made and shipped only when they happened (the floor's days);
	 * before that, the plan's day and expected arrival */
	mc_units_made mf = mc_units_made_of(u, life);
	const char *arrive = mf.made ? mf.arrive : planned ? u->arrive : NULL;
	int late = arrive && u->due ? mc_date_between(u->due, arrive) : 0;
	/* the date promised when the order was configured (mcsched
	 * promise), and whether the plan arrives after it */
	int after = arrive && promised ? mc_date_between(promised, arrive) : 0;
	const char *dt[] = {"Order",	  "Made on",
			    "Shipped on", "Planned for",
			    "Plant",	  mf.made ? "Arrives" : "Expected",
			    "Promised",	  "Due"};
	const char *dd[] = {u->order,
			    mf.made ? mf.made_on : NULL,
			    mf.made ? mf.shipped_on : NULL,
			    !mf.made && planned ? u->day : NULL,
			    live ? u->plant : NULL,
			    arrive,
			    promised,
			    u->due};
	for (int i = 0; i < 8; i++) {
		if (!dd[i])
			continue;
		fprintf(f, "<dt>%s</dt><dd>", dt[i]);
		mc_fmt_html(f, dd[i]);
		if (dd[i] == arrive && late > 0)
			fprintf(f, " <span class=\"late\">LATE %d day%s</span>",
				late, late == 1 ? "" : "s");
		if (dd[i] == promised && after > 0)
			fprintf(f,
				" <span class=\"late\">expected %d day%s "
				"after it</span>",
				after, after == 1 ? "" : "s");
		fputs("</dd>\n", f);
	}
	char gs1[MC_ID_MAX];
	if (mc_id_gs1(gs1, sizeof(gs1), u->gtin, (uint64_t)u->serial) == 0) {
		fputs("<dt>GS1</dt><dd class=\"id\">", f);
		mc_fmt_html(f, gs1);
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n<h2>Status history</h2>\n<div class=\"scroll\"><table>\n",
	      f);
	const char *cols[] = {"run", "planned on", "status", "for day",
			      "expected"};
	const int num[] = {1, 0, 0, 0, 0};
	mc_html_th_row(f, cols, num, 5);
	for (int i = 0; i < nh; i++)
		history_row(f, &h[i]);
	fputs("</table></div>\n", f);
	if (life && life->n)
		floor_table(life, f);
	if (u->life && strcmp(u->life, "scrapped") == 0)
		fputs("<p>This unit was scrapped: its identifier is "
		      "retired.</p>\n",
		      f);
	else if (!live)
		fputs("<p>This unit was cancelled after the last plan run "
		      "above.</p>\n",
		      f);
	mc_html_end(f);
}

/* /api/handles/{ref} (html 0) and /01/... (html 1 unless Accept asks for
 * JSON). */
static void resolve(call *c, const char *ref, int html)
{
	mc_store *s = c->s;
	mc_arena *a = c->a;
	mc_serve_answer *ans = c->ans;
	mc_diag *d = c->d;
	mc_unit_ref r;
	mc_unit_rec u;
	char why[160];
	int found = 0, code = MC_UNITS_MALFORMED;
	mc_units_life *life = NULL;
	if (mc_unit_ref_parse(ref, &r, why, sizeof(why)) == 0) {
		if ((found = mc_units_find(s, &r, a, &u, d)) < 0 ||
		    (found && mc_units_read_life(s, &u, 1, a, &life, d) < 0)) {
			store_error(c->sv, ans, d);
			return;
		}
		code = found ? MC_UNITS_FOUND : MC_UNITS_NOT_FOUND;
	}
	reply rp;
	reply_open(&rp, ans, code_status(code), html ? HTML : JSON);
	if (!html) {
		mc_units_resolve_json(
		    found ? u.identifier : ref, found ? &u : NULL, life,
		    code == MC_UNITS_MALFORMED ? why : NULL, rp.f);
	} else {
		mc_unit_event *h = NULL;
		int nh = 0, promised = 0;
		mc_promise_rec pr;
		if (found &&
		    (mc_store_unit_history(s, u.identifier, a, &h, &nh, d) <
			 0 ||
		     mc_store_promise_of(s, u.order, (double)time(NULL), a, &pr,
					 &promised, d) < 0)) {
			reply_close(&rp);
			free(ans->body);
			store_error(c->sv, ans, d);
			return;
		}
		/* a promise the customer was given: held or confirmed */
		if (promised && strcmp(pr.status, "held") != 0 &&
		    strcmp(pr.status, "confirmed") != 0)
			promised = 0;
		unit_page(found ? &u : NULL, life, h, nh,
			  promised ? pr.promised : NULL,
			  code == MC_UNITS_MALFORMED
			      ? why
			      : "No unit with this GTIN and serial is known "
				"here.",
			  rp.f);
	}
	reply_close(&rp);
}

static int wants_json(const char *accept)
{
	return accept && (strstr(accept, "application/json") ||
			  strstr(accept, "application/ld+json"));
}

static void handle(call *c, const char *rest)
{
	resolve(c, rest, 0);
}

static void digital_link(call *c, const char *rest)
{
	(void)rest;
	resolve(c, c->path, !wants_json(c->rq->accept));
}

static void order(call *c, const char *id)
{
	mc_store *s = c->s;
	mc_arena *a = c->a;
	mc_serve_answer *ans = c->ans;
	mc_diag *d = c->d;
	mc_unit_rec *u;
	mc_units_life *life;
	int n;
	if (!*id || strlen(id) > MC_SERVE_MAX_ORDER || strchr(id, '/')) {
		error_json(ans, 400,
			   "an order id is 1 to 128 characters, no "
			   "'/'");
		return;
	}
	if (mc_store_order_units(s, id, a, &u, &n, d) < 0 ||
	    mc_units_read_life(s, u, n, a, &life, d) < 0) {
		store_error(c->sv, ans, d);
		return;
	}
	if (n == 0) {
		error_json(ans, 404, "no plan run has had this order");
		return;
	}
	reply r;
	reply_open(&r, ans, 200, JSON);
	mc_units_order_json(id, u, n, life, r.f);
	reply_close(&r);
}

static void report(call *c, const char *rest);

/* /runs and /runs/, or /runs/{run}/report.html */
static void runs(call *c, const char *rest)
{
	mc_serve_answer *ans = c->ans;
	mc_run_row *rows;
	int n;
	if (*rest) {
		report(c, rest);
		return;
	}
	if (mc_store_list_runs(c->s, c->a, &rows, &n, c->d) < 0) {
		store_error(c->sv, ans, c->d);
		return;
	}
	reply r;
	reply_open(&r, ans, 200, JSON);
	fputc('[', r.f);
	for (int i = 0; i < n; i++) {
		const mc_run_row *x = &rows[i];
		mc_json j;
		mc_json_item(r.f, i, 2);
		mc_json_open(&j, r.f, -1);
		mc_json_int(&j, "id", x->id);
		mc_json_str(&j, "kind", x->kind);
		if (x->base_run)
			mc_json_int(&j, "base_run", x->base_run);
		else
			mc_json_null(&j, "base_run");
		mc_json_str(&j, "scenario", x->scenario);
		mc_json_bool(&j, "published", x->published);
		mc_json_str(&j, "state", x->state);
		mc_json_str(&j, "hold_reason", x->hold_reason);
		mc_json_str(&j, "started", x->started);
		mc_json_str(&j, "status", x->status);
		mc_json_str(&j, "lp_status", x->lp_status);
		mc_json_str(&j, "horizon_start", x->horizon_start);
		mc_json_int(&j, "horizon_days", x->horizon_days);
		mc_json_int(&j, "orders", x->norders);
		mc_json_int(&j, "units_made", x->units_made);
		mc_json_int(&j, "units_planned", x->units_planned);
		mc_json_int(&j, "units_unmet", x->units_unmet);
		mc_json_int(&j, "units_late", x->units_late);
		mc_json_num(&j, "cost", x->cost);
		mc_json_num(&j, "lp_bound", x->lp_bound);
		mc_json_num(&j, "gap", x->gap);
		mc_json_close(&j);
	}
	mc_json_arr_close(r.f, n, 2);
	fputc('\n', r.f);
	reply_close(&r);
}

/* /runs/{spec}/report.html */
static void report(call *c, const char *rest)
{
	mc_store *s = c->s;
	mc_arena *a = c->a;
	mc_serve_answer *ans = c->ans;
	mc_diag *d = c->d;
	size_t n = strcspn(rest, "/");
	if (strcmp(rest + n, "/report.html") != 0 || n == 0 || n > 32) {
		error_json(ans, 404,
			   "no such page: try /runs/{run}/report.html");
		return;
	}
	char spec[33];
	memcpy(spec, rest, n);
	spec[n] = 0;
	int64_t id;
	mc_run_view v;
	if (mc_store_resolve_run(s, spec, &id, d) < 0) {
		error_json(ans, 404,
			   "no such run: a run number, latest or published");
		return;
	}
	if (mc_store_load_run(s, id, a, &v, d) < 0) {
		store_error(c->sv, ans, d);
		return;
	}
	reply r;
	reply_open(&r, ans, 200, HTML);
	int rc = mc_report_write(&v, "html", r.f, d);
	reply_close(&r);
	if (rc < 0) {
		free(ans->body);
		store_error(c->sv, ans, d);
	}
}

/* ---- promises ---- */

static int internal_ok(const mc_serve *sv, const mc_serve_req *rq,
		       mc_serve_answer *ans);

/* The base of published run `run`, shared: the one built, or a new one
 * (built under the lock: the requests that want it wait for it rather
 * than each building their own).  NULL with the reason in d. */
static struct base_box *base_take(mc_serve *sv, mc_store *s, int64_t run,
				  mc_diag *d)
{
	struct base_box *bx = NULL;
	pthread_mutex_lock(&sv->base_lock);
	if (sv->base && sv->base->b.run == run) {
		bx = sv->base;
	} else {
		bx = mc_xcalloc(1, sizeof(*bx));
		if (mc_ctp_base_build(s, run, &bx->b, d) < 0) {
			free(bx);
			bx = NULL;
		} else {
			struct base_box *old = sv->base;
			sv->base = bx;
			bx->refs = 1; /* the server's */
			if (old && --old->refs == 0) {
				mc_ctp_base_release(&old->b);
				free(old);
			}
		}
	}
	if (bx)
		bx->refs++;
	pthread_mutex_unlock(&sv->base_lock);
	return bx;
}

static void base_give(mc_serve *sv, struct base_box *bx)
{
	pthread_mutex_lock(&sv->base_lock);
	if (--bx->refs == 0) {
		mc_ctp_base_release(&bx->b);
		free(bx);
	}
	pthread_mutex_unlock(&sv->base_lock);
}

/* 400 with every message of d: {"status": 400, "error": the first (with
 * its line and column), "errors": [{"line", "column", "message"}]}. */
static void bad_order(mc_serve_answer *ans, const mc_diag *d)
{
	reply r;
	mc_json j, x;
	char first[600];
	const mc_diag_entry *e0 = &d->v[0];
	if (e0->line)
		snprintf(first, sizeof(first), "line %d, column %d: %s",
			 e0->line, e0->col, e0->msg);
	else
		snprintf(first, sizeof(first), "%s", e0->msg);
	reply_open(&r, ans, 400, JSON);
	mc_json_open(&j, r.f, -1);
	mc_json_int(&j, "status", 400);
	mc_json_str(&j, "error", first);
	mc_json_key(&j, "errors");
	fputc('[', r.f);
	for (int i = 0; i < d->n; i++) {
		mc_json_item(r.f, i, 2);
		mc_json_open(&x, r.f, -1);
		mc_json_int(&x, "line", d->v[i].line);
		mc_json_int(&x, "column", d->v[i].col);
		mc_json_str(&x, "message", d->v[i].msg);
		mc_json_close(&x);
	}
	mc_json_arr_close(r.f, d->n, 2);
	mc_json_close(&j);
	fputc('\n', r.f);
	reply_close(&r);
}

/* The local date as a day number; 0 when it cannot be read. */
static int local_today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char iso[16];
	int day = 0;
	if (localtime_r(&now, &tm) &&
	    strftime(iso, sizeof(iso), "%Y-%m-%d", &tm) > 0)
		mc_date_parse(iso, &day);
	return day;
}

/* POST /api/promise: a quote of the order in the body, as `mcsched
 * promise --format json` writes it; with ?reserve (the node's token) the
 * promise made of it (201), or 409 when there is no firm date or the
 * order id has a live promise.  ?today=DATE, ?hold=MIN and ?confirm as
 * the command's options. */
static void promise_api(call *c, const char *rest)
{
	mc_serve *sv = c->sv;
	const mc_serve_req *rq = c->rq;
	mc_serve_answer *ans = c->ans;
	char v[32];
	(void)rest;
	int reserve = query_value(c->query, "reserve", v, sizeof(v)) &&
		      strcmp(v, "0") != 0;
	int confirm = query_value(c->query, "confirm", v, sizeof(v)) &&
		      strcmp(v, "0") != 0;
	double hold = 120;
	int today = local_today();
	if (query_value(c->query, "hold", v, sizeof(v))) {
		char *end;
		hold = strtod(v, &end);
		if (*end || !(hold > 0 && hold <= 10080)) {
			error_json(ans, 400,
				   "hold is minutes, more than 0 and at most "
				   "10080");
			return;
		}
	}
	if (query_value(c->query, "today", v, sizeof(v)) &&
	    mc_date_parse(v, &today)) {
		error_json(ans, 400, "today is a date YYYY-MM-DD");
		return;
	}
	if (reserve && !internal_ok(sv, rq, ans))
		return;
	int64_t run = 0;
	if (mc_store_published(c->s, &run, c->d) < 0) {
		store_error(sv, ans, c->d);
		return;
	}
	if (!run) {
		error_json(ans, 503,
			   "no plan is published yet: nothing to "
			   "promise from");
		return;
	}
	struct base_box *bx = base_take(sv, c->s, run, c->d);
	if (!bx) {
		store_error(sv, ans, c->d);
		return;
	}
	mc_diag od = MC_DIAG_INIT;
	mc_source src = {
	    .path = "body", .bytes = rq->body, .len = rq->body_len};
	mc_order o;
	mc_quote q;
	mc_promise_rec rec;
	int made = 0, status = 200;
	double now = (double)time(NULL);
	if (mc_order_read(bx->b.reader, c->a, &src, &o, &od) < 0) {
		bad_order(ans, &od);
		goto out;
	}
	if (!reserve) {
		mc_hold *holds;
		int nholds;
		int64_t stamp;
		mc_ctp_free f;
		if (mc_store_promise_holds(c->s, run, now, c->a, &holds,
					   &nholds, &stamp, c->d) < 0) {
			store_error(sv, ans, c->d);
			goto out;
		}
		mc_ctp_free_make(&bx->b, holds, nholds, now, &f);
		mc_ctp_quote(&bx->b, &f, &o, today, c->a, &q);
		mc_ctp_free_release(&f);
	} else {
		/* a connection of its own that may write */
		mc_store *w = NULL;
		mc_ctp_ask ask = {.order = &o,
				  .today = today,
				  .now = now,
				  .hold_min = confirm ? 0 : hold};
		if (mc_store_open_existing(sv->db, &w, &od) == 0)
			made = mc_ctp_promise(w, &bx->b, &ask, c->a, &q, &rec,
					      &od);
		else
			made = -1;
		mc_store_close(w);
		if (made < 0) {
			/* a live promise of the order, or the plan changed */
			error_json(ans, 409,
				   od.n ? od.v[0].msg
					: "the promise could not be made");
			goto out;
		}
		status = made ? 201 : 409;
	}
	reply r;
	reply_open(&r, ans, status, JSON);
	mc_promise_quote_json(&bx->b, &o, &q, made ? &rec : NULL, r.f);
	reply_close(&r);
out:
	mc_diag_release(&od);
	base_give(sv, bx);
}

/* ---- the routes ---- */

/* A route: an exact path, or with prefix set every path that starts with
 * it (the handler gets the rest).  Internal routes list customers or a
 * run's economics: they need the token. */
static const struct route {
	const char *path;
	int prefix, internal;
	void (*fn)(call *c, const char *rest);
	const char *label; /* in /metrics */
	int post;	   /* answers POST (with a body), not GET and HEAD */
} routes[] = {
    {"/healthz", 0, 0, healthz, "/healthz", 0},
    {"/api/handles/", 1, 0, handle, "/api/handles/{reference}", 0},
    {"/01/", 1, 0, digital_link, "/01/{gtin}/21/{serial}", 0},
    {"/orders/", 1, 0, order, "/orders/{id}", 0},
    {"/metrics", 0, 0, metrics, "/metrics", 0},
    {"/runs", 0, 1, runs, "/runs", 0},
    {"/runs/", 1, 1, runs, "/runs/{run}/report.html", 0},
    /* quotes are open; ?reserve checks the token itself */
    {"/api/promise", 0, 0, promise_api, "/api/promise", 1},
};
#define NROUTES ((int)(sizeof(routes) / sizeof(*routes)))

static const char *route_label(int i)
{
	return routes[i].label;
}

static mc_metrics *new_metrics(void)
{
	return mc_metrics_new(NROUTES, route_label);
}

static const struct route *find_route(const char *path, const char **rest)
{
	for (int i = 0; i < NROUTES; i++) {
		size_t n = strlen(routes[i].path);
		if (routes[i].prefix ? strncmp(path, routes[i].path, n) == 0
				     : strcmp(path, routes[i].path) == 0) {
			*rest = path + n;
			return &routes[i];
		}
	}
	return NULL;
}

/* Whether request rq may have an internal route: 1 when it carries the
 * node's token; else 0 with the refusal in ans (403 on a node without a
 * token, 401 otherwise).  Every route that shows what only the planner
 * may see asks this first. */
static int internal_ok(const mc_serve *sv, const mc_serve_req *rq,
		       mc_serve_answer *ans)
{
	if (!sv->token) {
		error_json(ans, 403,
			   "an internal route (it shows customers or a run's "
			   "economics), off on this node: start mcsched "
			   "serve with --token-file FILE and send "
			   "'Authorization: Bearer TOKEN'");
		return 0;
	}
	int ok = mc_token_check(sv->token, rq->authorization);
	if (ok == MC_TOKEN_OK)
		return 1;
	error_json(ans, 401,
		   ok == MC_TOKEN_MISSING
		       ? "an internal route: send 'Authorization: Bearer "
			 "TOKEN' with the token of this node's --token-file"
		       : "the bearer token is not this node's");
	ans->www_authenticate = ok == MC_TOKEN_MISSING
				    ? "Bearer realm=\"mcsched\""
				    : "Bearer realm=\"mcsched\", "
				      "error=\"invalid_token\"";
	return 0;
}

static int hex(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decodes [s, e) into out (at least e - s + 1 bytes): %XX escapes become
 * their byte, '+' a space when plus is set (a query), anything else stays.
 * Returns the length, or -1 when a byte decodes to a control character
 * (%00 to %1F or %7F, or one sent raw). */
static long decode(const char *s, const char *e, int plus, char *out)
{
	long n = 0;
	for (const char *p = s; p < e; p++) {
		int c = (unsigned char)*p;
		if (c == '%' && e - p >= 3 && hex(p[1]) >= 0 &&
		    hex(p[2]) >= 0) {
			c = hex(p[1]) * 16 + hex(p[2]);
			p += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c < 0x20 || c == 0x7F)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = 0;
	return n;
}

/* The decoded path of target into *path (malloc'ed): 0, or the status of
 * a refusal with its message in ans. */
static int decode_target(const char *target, char **path, mc_serve_answer *ans)
{
	const char *q = strchr(target, '?');
	const char *end = q ? q : target + strlen(target);
	char *p = mc_xmalloc(strlen(target) + 1);
	long n = decode(target, end, 0, p);
	if (n >= 0 && q && decode(q + 1, q + strlen(q), 1, p + n + 1) < 0)
		n = -1;
	*path = p;
	if (n < 0)
		error_json(ans, 400,
			   "the path or the query holds a control character "
			   "(%00 to %1F, or %7F)");
	else if (n > MC_SERVE_MAX_PATH)
		error_json(ans, 414, "path longer than 2048 bytes");
	else
		return 0;
	return ans->status;
}

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Answers rq (the router proper); the route that answered, or NROUTES. */
static int answer(mc_serve *sv, const mc_serve_req *rq, mc_serve_answer *ans)
{
	int post = strcmp(rq->method, "POST") == 0;
	if (!post && strcmp(rq->method, "GET") != 0 &&
	    strcmp(rq->method, "HEAD") != 0) {
		error_json(ans, 405,
			   "only GET and HEAD (and POST /api/promise)");
		ans->allow = "GET, HEAD";
		return NROUTES;
	}
	char *path = NULL;
	const char *rest = NULL;
	const struct route *r = NULL;
	if (decode_target(rq->target, &path, ans) != 0)
		goto out;
	if (!(r = find_route(path, &rest))) {
		error_json(ans, 404,
			   "no such page: /api/handles/{identifier}, "
			   "/01/{gtin}/21/{serial}, /orders/{id}, /healthz, "
			   "/metrics, POST /api/promise; with the node's "
			   "token /runs, "
			   "/runs/{run}/report.html");
		goto out;
	}
	if (r->post != post) {
		error_json(ans, 405,
			   r->post ? "this route takes a POST with a body"
				   : "read-only: only GET and HEAD");
		ans->allow = r->post ? "POST" : "GET, HEAD";
		goto out;
	}
	if (post && rq->body_over) {
		error_json(ans, 413, "the body is larger than 64 KiB");
		goto out;
	}
	if (r->internal && !internal_ok(sv, rq, ans))
		goto out;
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = take(sv, &d);
	if (!s)
		store_error(sv, ans, &d);
	else {
		/* decode_target() put the query after the path's NUL */
		const char *query =
		    strchr(rq->target, '?') ? path + strlen(path) + 1 : "";
		call c = {sv, s, rq, path, query, mc_arena_new(), ans, &d};
		r->fn(&c, rest);
		mc_arena_free(c.a);
		give_back(sv, s);
	}
	mc_diag_release(&d);
out:
	free(path);
	return r ? (int)(r - routes) : NROUTES;
}

void mc_serve_answer_req(mc_serve *sv, const mc_serve_req *rq,
			 mc_serve_answer *ans)
{
	double t0 = now_s();
	memset(ans, 0, sizeof(*ans));
	int route = answer(sv, rq, ans);
	mc_metrics_count(sv->metrics, route, ans->status, now_s() - t0);
}

void mc_serve_answer_free(mc_serve_answer *ans)
{
	free(ans->body);
	ans->body = NULL;
}
