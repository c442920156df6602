/*
 * test_serve.c - the three spellings of a unit (mc_unit_ref_parse, and
 * `resolve` with each), and `mcsched serve` as a client sees it: the test
 * starts the server on a free loopback port (--listen 127.0.0.1:0, the
 * port read from its first line), asks every route with curl (found, not
 * found, malformed, oversize, wrong method, unknown path), keeps asking
 * while a plan run writes the same store, stops it with SIGTERM, and
 * renders the Digital Link page of a unit in headless Chromium.
 */
#include "ids.h"
#include "support.h"
#include "token.h"

#define TOKEN_TEXT "0123456789abcdef-0123"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the parser ---- */

#define GTIN "09521234200017"
#define SER  "000000000001"

Test(serve, ref_parse_three_forms)
{
	static const char *const ok[] = {
	    "88.999.1/SH." GTIN "." SER ".B",
	    "https://id.example.com/01/" GTIN "/21/" SER,
	    "HTTP://id.example.com:8080/01/" GTIN "/21/" SER "?linkType=all",
	    "https://example.com/some/prefix/01/" GTIN "/10/LOT7/21/" SER "#x",
	    "https://id.example.com/01/9521234200017/21/" SER, /* GTIN-13 */
	    "/01/" GTIN "/21/" SER,
	    "(01)" GTIN "(21)" SER,
	    "(21)" SER "(01)" GTIN,
	    "01" GTIN "21" SER,
	    "]Q301" GTIN "21" SER,
	    "]d201" GTIN "21" SER "\x1d",
	};
	static const int kind[] = {
	    MC_REF_ID,		 MC_REF_DIGITAL_LINK, MC_REF_DIGITAL_LINK,
	    MC_REF_DIGITAL_LINK, MC_REF_DIGITAL_LINK, MC_REF_DIGITAL_LINK,
	    MC_REF_GS1,		 MC_REF_GS1,	      MC_REF_GS1,
	    MC_REF_GS1,		 MC_REF_GS1,
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
		mc_unit_ref r;
		char why[160] = "";
		cr_assert_eq(mc_unit_ref_parse(ok[i], &r, why, sizeof(why)), 0,
			     "%s: %s", ok[i], why);
		cr_assert_eq(r.kind, kind[i], "%s", ok[i]);
		cr_assert_str_eq(r.gtin, GTIN, "%s", ok[i]);
		cr_assert_str_eq(r.serial_text, SER, "%s", ok[i]);
		cr_assert_eq(r.serial, 1, "%s", ok[i]);
	}
}

Test(serve, ref_parse_malformed)
{
	static const struct {
		const char *ref, *words;
	} bad[] = {
	    {"https://id.example.com/01/09521234200018/21/" SER,
	     "check digit is '8', it should be '7'"},
	    {"https://id.example.com/01/" GTIN "/21/00000000001", "12 digits"},
	    {"https://id.example.com/01/" GTIN, "no serial"},
	    {"https://id.example.com/21/" SER, "/01/GTIN/21/SERIAL"},
	    {"https://id.example.com/01/" GTIN "/10/LOT", "no serial"},
	    {"https://id.example.com/01/" GTIN "/17/261231/21/" SER,
	     "22, 10 or 21"},
	    {"https:///01/" GTIN "/21/" SER, "no host"},
	    {"https://id.example.com/01/12345/21/" SER, "8, 12, 13 or 14"},
	    {"(01)" GTIN, "no serial"},
	    {"(01)" GTIN "(21)" SER "(17)261231", "other than (01) and (21)"},
	    {"(01)" GTIN "(01)" GTIN "(21)" SER, "repeats"},
	    {"(21)" SER, "no GTIN"},
	    {"(01)9521234200017(21)" SER, "14 digits"},
	    {"(01" GTIN, "(01)GTIN(21)SERIAL"},
	    {"01" GTIN "22" SER, "01GTIN21SERIAL"},
	    {"88.999.1/SH." GTIN "." SER ".C", "the suffix needs 'B'"},
	    {"hello", "'/'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		mc_unit_ref r;
		char why[160] = "";
		cr_assert_eq(
		    mc_unit_ref_parse(bad[i].ref, &r, why, sizeof(why)), -1,
		    "%s parsed", bad[i].ref);
		cr_assert_not_null(strstr(why, bad[i].words),
				   "%s: want '%s' in '%s'", bad[i].ref,
				   bad[i].words, why);
	}
	char *huge = malloc(MC_REF_MAX + 2);
	memset(huge, '1', MC_REF_MAX + 1);
	huge[MC_REF_MAX + 1] = 0;
	mc_unit_ref r;
	char why[160];
	cr_assert_eq(mc_unit_ref_parse(huge, &r, why, sizeof(why)), -1);
	cr_assert_not_null(strstr(why, "too long"));
	free(huge);
}

/* ---- the token of the internal routes ---- */

Test(serve, token_check)
{
	char *dir = support_tmpdir("serve-tokenfile");
	char *path = support_write(dir, "t", TOKEN_TEXT "\r\nsecond line\n");
	mc_token *t = NULL;
	mc_diag d = MC_DIAG_INIT;
	cr_assert_eq(mc_token_load(path, &t, &d), 0);
	cr_assert_eq(mc_token_check(t, "Bearer " TOKEN_TEXT), MC_TOKEN_OK);
	cr_assert_eq(mc_token_check(t, "bearer   " TOKEN_TEXT), MC_TOKEN_OK);
	cr_assert_eq(mc_token_check(t, NULL), MC_TOKEN_MISSING);
	cr_assert_eq(mc_token_check(t, ""), MC_TOKEN_MISSING);
	cr_assert_eq(mc_token_check(t, "Basic " TOKEN_TEXT), MC_TOKEN_MISSING);
	cr_assert_eq(mc_token_check(t, TOKEN_TEXT), MC_TOKEN_MISSING);
	cr_assert_eq(mc_token_check(t, "Bearer "), MC_TOKEN_WRONG);
	cr_assert_eq(mc_token_check(t, "Bearer " TOKEN_TEXT "x"),
		     MC_TOKEN_WRONG);
	cr_assert_eq(mc_token_check(t, "Bearer 0123456789abcdef-x"),
		     MC_TOKEN_WRONG);
	/* a guess that is the token's first part is wrong, too */
	cr_assert_eq(mc_token_check(t, "Bearer 0123456789abcdef"),
		     MC_TOKEN_WRONG);
	mc_token_free(t);
	/* the message never shows the file's content */
	free(support_write(dir, "bad", "short-secret\n"));
	char *bad = support_path(dir, "bad");
	cr_assert_eq(mc_token_load(bad, &t, &d), -1);
	cr_assert_null(t);
	cr_assert_null(strstr(d.v[0].msg, "short-secret"), "%s", d.v[0].msg);
	mc_diag_release(&d);
	mc_token_free(NULL);
	free(bad);
	free(path);
	free(dir);
}

/* ---- a store with the samples planned ---- */

/* The first label of the latest run: identifier, gs1 and digital link
 * (each of size 200). */
static void first_label(const char *dir, const char *db, char *id, char *gs1,
			char *link)
{
	cr_assert_eq(support_run_in(dir, "labels latest --db %s", db), 0);
	char *csv = support_read_in(dir, "out.txt");
	cr_assert_not_null(csv);
	const char *row = strchr(csv, '\n') + 1;
	cr_assert_eq(sscanf(row, "%199[^,],%199[^,],%199[^,]", id, gs1, link),
		     3, "%s", row);
	free(csv);
}

Test(serve, resolve_cli_three_forms, .timeout = 60)
{
	char *dir = support_tmpdir("serve-resolve");
	char *db = support_plan_samples(dir);
	char id[200], gs1[200], link[200], bare[200];
	first_label(dir, db, id, gs1, link);
	/* the bracketless element string a scanner sends */
	size_t n = 0;
	for (const char *p = gs1; *p; p++)
		if (*p != '(' && *p != ')')
			bare[n++] = *p;
	bare[n] = 0;
	const char *forms[] = {id, gs1, link, bare};
	char want[260];
	snprintf(want, sizeof(want), "\"handle\": \"%s\"", id);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(
		    support_run_in(dir, "resolve '%s' --db %s", forms[i], db),
		    0, "%s", forms[i]);
		char *json = support_read_in(dir, "out.txt");
		cr_assert(support_json_valid(json), "%s", json);
		cr_assert_not_null(strstr(json, "\"responseCode\": 1,"));
		cr_assert_not_null(strstr(json, want), "%s:\n%s", forms[i],
				   json);
		free(json);
	}
	/* a GTIN that is valid but not the unit's: not found (3) */
	char other[260];
	snprintf(other, sizeof(other), "(01)09521234300014(21)%s",
		 strstr(gs1, "(21)") + 4);
	cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s", other, db), 3);
	/* a malformed link: 2, and the store is not opened */
	cr_assert_eq(support_run_in(dir,
				    "resolve 'https://x/01/%s/21/1' --db "
				    "%s/none.db",
				    GTIN, dir),
		     2);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "serial (AI 21) must be 12 digits"),
			   "%s", err);
	free(err);
	cr_assert_neq(support_sh("test -e %s/none.db", dir), 0);
	free(db);
	free(dir);
}

/* ---- the server ---- */

static void nap_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

typedef struct server {
	pid_t pid;
	int port;
	char url[64];
	char log[600];
	char auth[200]; /* the Authorization header get() sends, "" none */
} server;

/* Starts `mcsched serve --db db` on a free loopback port, with its output
 * in dir/serve.log, and waits (at most 20 s) for its "listening" line. */
static void server_start(server *sv, const char *dir, const char *db,
			 const char *extra)
{
	snprintf(sv->log, sizeof(sv->log), "%s/serve.log", dir);
	sv->auth[0] = 0;
	char cmd[2048];
	snprintf(cmd, sizeof(cmd),
		 "exec %s serve --db %s --listen 127.0.0.1:0 %s >%s 2>&1",
		 support_bin(), db, extra ? extra : "", sv->log);
	sv->pid = fork();
	cr_assert_neq(sv->pid, -1);
	if (sv->pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 400; i++) {
		char *log = support_read(sv->log);
		const char *at = log ? strstr(log, "http://127.0.0.1:") : NULL;
		if (at && sscanf(at, "http://127.0.0.1:%d/", &sv->port) == 1) {
			free(log);
			snprintf(sv->url, sizeof(sv->url),
				 "http://127.0.0.1:%d", sv->port);
			return;
		}
		free(log);
		int st;
		cr_assert_eq(waitpid(sv->pid, &st, WNOHANG), 0,
			     "serve exited before listening: see %s", sv->log);
		nap_ms(50);
	}
	kill(sv->pid, SIGKILL);
	cr_assert_fail("serve did not start: see %s", sv->log);
}

/* The token of the internal routes the tests' servers have, and the
 * Authorization header that carries it. */
#define TOKEN  "test-token-0123456789abcdef"
#define BEARER "Bearer " TOKEN

/* A served store: the samples planned into a fresh directory (tag), the
 * first label's identifier, GS1 string and Digital Link, and the server
 * started on it with extra options and the token in dir/token (the
 * internal routes open with BEARER). */
typedef struct served {
	char *dir, *db;
	char id[200], gs1[200], link[200];
	server sv;
} served;

static void served_start(served *x, const char *tag, const char *extra)
{
	char opts[1200];
	x->dir = support_tmpdir(tag);
	x->db = support_plan_samples(x->dir);
	first_label(x->dir, x->db, x->id, x->gs1, x->link);
	free(support_write(x->dir, "token", TOKEN "\n"));
	snprintf(opts, sizeof(opts), "%s --token-file %s/token",
		 extra ? extra : "", x->dir);
	server_start(&x->sv, x->dir, x->db, opts);
}

static void served_free(served *x)
{
	free(x->db);
	free(x->dir);
}

/* Sends SIGTERM and waits for the exit (at most 10 s); the status. */
static int server_stop(server *sv)
{
	int st = 0;
	kill(sv->pid, SIGTERM);
	for (int i = 0; i < 200; i++) {
		if (waitpid(sv->pid, &st, WNOHANG) == sv->pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		nap_ms(50);
	}
	kill(sv->pid, SIGKILL);
	waitpid(sv->pid, &st, 0);
	cr_assert_fail("serve did not stop on SIGTERM within 10 s");
	return -1;
}

/* GET (or method) url path with curl: the status, the body in dir/body
 * (returned, malloc'ed) and the headers in dir/headers. */
static int get(const server *sv, const char *dir, const char *method,
	       const char *accept, const char *path, char **body)
{
	int head = strcmp(method, "HEAD") == 0;
	cr_assert_eq(support_sh("curl -sS -g --max-time 30 %s %s %s%s%s "
				"%s%s%s "
				"-D %s/headers -o %s/body -w '%%{http_code}' "
				"'%s%s' >%s/code",
				head ? "-I" : "-X", head ? "" : method,
				accept ? "-H 'Accept: " : "",
				accept ? accept : "", accept ? "'" : "",
				sv->auth[0] ? "-H 'Authorization: " : "",
				sv->auth, sv->auth[0] ? "'" : "", dir, dir,
				sv->url, path, dir),
		     0, "curl %s failed", path);
	char *code = support_read_in(dir, "code");
	int status = atoi(code);
	free(code);
	if (body)
		*body = support_read_in(dir, "body");
	return status;
}

/* The status of a GET of path, with its body JSON checked valid when
 * json is set; the body is freed. */
static int get_json(const server *sv, const char *dir, const char *path)
{
	char *body;
	int status = get(sv, dir, "GET", NULL, path, &body);
	cr_assert(support_json_valid(body), "GET %s: not JSON:\n%s", path,
		  body);
	free(body);
	return status;
}

/* /healthz's body: ok, the published run, its age in hours (a plan just
 * made: under an hour), whether the newest plan run was kept back, the
 * nights kept back since the published one (here that one, or none), the
 * newest plan run (the published one, or the one kept back after it) and
 * the build (the release of the VERSION file first). */
static void assert_healthz(const char *body, int run, int kept_back)
{
	char head[96], tail[200];
	snprintf(head, sizeof(head),
		 "{\"status\": \"ok\", \"published_run\": %d, "
		 "\"published_age_hours\": ",
		 run);
	snprintf(tail, sizeof(tail),
		 ", \"last_night_kept_back\": %s, \"nights_kept_back\": %d, "
		 "\"latest_plan_run\": %d, \"version\": \"",
		 kept_back ? "true" : "false", kept_back, run + kept_back);
	cr_assert_eq(strncmp(body, head, strlen(head)), 0, "%s", body);
	char *end;
	double age = strtod(body + strlen(head), &end);
	cr_assert(end > body + strlen(head), "%s", body);
	cr_assert(age >= 0 && age < 1, "%s", body);
	cr_assert_eq(strncmp(end, tail, strlen(tail)), 0, "%s", end);
	char *release = support_read("../VERSION");
	cr_assert_not_null(release);
	release[strcspn(release, "\n")] = 0;
	const char *v = end + strlen(tail);
	cr_assert_eq(strncmp(v, release, strlen(release)), 0, "%s", v);
	cr_assert_str_eq(v + strcspn(v, "\""), "\"}\n");
	free(release);
}

/* The customer of order id in the store (from `track`): a name that no
 * answer of the server may show. */
static char *customer_of(const char *dir, const char *db, const char *order)
{
	cr_assert_eq(support_run_in(dir, "track %s --db %s", order, db), 0);
	char *t = support_read_in(dir, "out.txt");
	char name[128];
	cr_assert_eq(sscanf(t, "order %*s for %127s", name), 1, "%s", t);
	free(t);
	return strdup(name);
}

Test(serve, every_route, .timeout = 120)
{
	served x;
	served_start(&x, "serve-routes", "--threads 2");
	const char *dir = x.dir, *db = x.db, *id = x.id, *gs1 = x.gs1,
		   *link = x.link;
	server sv = x.sv;
	const char *dl = strstr(link, "/01/");
	char path[4200], *body;

	/* healthz */
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/healthz", &body), 200);
	assert_healthz(body, 1, 0);
	free(body);

	/* keep-alive: a second request rides the first one's connection */
	cr_assert_eq(
	    support_sh("curl -s -o /dev/null -o /dev/null -w "
		       "'%%{num_connects} ' %s/healthz %s/runs >%s/conns",
		       sv.url, sv.url, dir),
	    0);
	char *conns = support_read_in(dir, "conns");
	cr_assert_str_eq(conns, "1 0 ", "the connection was not kept");
	free(conns);

	/* handles: found, in all three forms, and escaped slashes */
	snprintf(path, sizeof(path), "/api/handles/%s", id);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "\"responseCode\": 1,"));
	cr_assert_not_null(strstr(body, "\"type\": \"family\""));
	free(body);
	/* the same record as `resolve` prints, byte for byte */
	cr_assert_eq(support_run_in(dir, "resolve '%s' --db %s", id, db), 0);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	char *cli = support_read_in(dir, "out.txt");
	cr_assert_str_eq(body, cli);
	free(cli);
	free(body);
	const char *slash = strchr(id, '/');
	snprintf(path, sizeof(path), "/api/handles/%.*s%%2F%s",
		 (int)(slash - id), id, slash + 1);
	cr_assert_eq(get_json(&sv, dir, path), 200, "%s", path);
	snprintf(path, sizeof(path), "/api/handles/%%2801%%29%.14s%%2821%%29%s",
		 gs1 + 4, gs1 + 22);
	cr_assert_eq(get_json(&sv, dir, path), 200, "%s", path);

	/* handles: not found (a serial never issued) and malformed */
	char missing[200];
	mc_id_parts p;
	char why[160];
	cr_assert_eq(mc_id_parse(id, &p, why, sizeof(why)), 0);
	cr_assert_eq(mc_id_format(missing, sizeof(missing), p.prefix, p.code,
				  p.gtin, 999999999999ULL),
		     0);
	snprintf(path, sizeof(path), "/api/handles/%s", missing);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 404);
	cr_assert_not_null(strstr(body, "\"responseCode\": 100,"), "%s", body);
	free(body);
	snprintf(path, sizeof(path), "/api/handles/%.*sX", (int)strlen(id) - 1,
		 id);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 400);
	cr_assert_not_null(strstr(body, "\"responseCode\": 102,"), "%s", body);
	cr_assert_not_null(strstr(body, "the suffix needs"), "%s", body);
	free(body);
	cr_assert_eq(get_json(&sv, dir, "/api/handles/%ff%fe"), 400);
	cr_assert_eq(get_json(&sv, dir, "/api/handles/"), 400);

	/* Digital Link: JSON when asked, the page otherwise */
	cr_assert_eq(get(&sv, dir, "GET", "application/json", dl, &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	char want[260];
	snprintf(want, sizeof(want), "\"handle\": \"%s\"", id);
	cr_assert_not_null(strstr(body, want), "%s", body);
	free(body);
	char order[64];
	cr_assert_eq(get(&sv, dir, "GET", "text/html,*/*;q=0.8", dl, &body),
		     200);
	cr_assert_not_null(strstr(body, "<meta name=\"viewport\""));
	cr_assert_not_null(strstr(body, "<h2>Status history</h2>"));
	cr_assert_not_null(strstr(body, id));
	const char *o = strstr(body, "<dt>Order</dt><dd>");
	cr_assert_not_null(o, "%s", body);
	cr_assert_eq(sscanf(o, "<dt>Order</dt><dd>%63[^<]", order), 1);
	char *name = customer_of(dir, db, order);
	cr_assert_null(strstr(body, name), "the page shows the customer");
	free(body);
	char *headers = support_read_in(dir, "headers");
	cr_assert_not_null(strstr(headers, "text/html; charset=utf-8"));
	free(headers);
	snprintf(path, sizeof(path), "%s?linkType=all", dl);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL,
			 "/01/09521234200017/21/999999999999", &body),
		     404);
	cr_assert_not_null(strstr(body, "Unit not found"));
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", "application/json",
			 "/01/09521234200018/21/000000000001", &body),
		     400);
	cr_assert_not_null(strstr(body, "check digit"), "%s", body);
	free(body);

	/* orders: found without the name, not found, malformed */
	snprintf(path, sizeof(path), "/orders/%s", order);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, id));
	cr_assert_null(strstr(body, name), "the order shows the customer");
	cr_assert_null(strstr(body, "customer"));
	free(body);
	free(name);
	cr_assert_eq(get_json(&sv, dir, "/orders/SO-NOT-THERE"), 404);
	cr_assert_eq(get_json(&sv, dir, "/orders/a/b"), 400);

	/* runs and the report: internal, with the token */
	strcpy(sv.auth, BEARER);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/runs", &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "\"id\": 1, \"kind\": \"plan\""));
	cr_assert_not_null(strstr(body, "\"published\": true, \"state\": "
					"\"published\", \"hold_reason\": "
					"null"),
			   "%s", body);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/runs/1/report.html", &body),
		     200);
	cr_assert_not_null(strstr(body, "<h1>Plan run 1 "));
	free(body);
	cr_assert_eq(
	    get(&sv, dir, "GET", NULL, "/runs/latest/report.html", &body), 200);
	free(body);
	cr_assert_eq(get_json(&sv, dir, "/runs/7/report.html"), 404);
	cr_assert_eq(get_json(&sv, dir, "/runs/1/report.pdf"), 404);
	sv.auth[0] = 0;

	/* what is not a route, not a read, or too big */
	cr_assert_eq(get_json(&sv, dir, "/"), 404);
	cr_assert_eq(get_json(&sv, dir, "/etc/passwd"), 404);
	static const char *const writes[] = {"POST", "PUT", "DELETE", "PATCH"};
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(get(&sv, dir, writes[i], NULL, "/runs", &body),
			     405, "%s", writes[i]);
		cr_assert(support_json_valid(body));
		free(body);
		headers = support_read_in(dir, "headers");
		cr_assert_not_null(strstr(headers, "Allow: GET, HEAD"));
		free(headers);
	}
	cr_assert_eq(get(&sv, dir, "HEAD", NULL, "/healthz", NULL), 200);
	memset(path, 'a', 2100);
	path[0] = '/';
	path[2100] = 0;
	cr_assert_eq(get_json(&sv, dir, path), 414);
	/* a request head past the server's memory bound: refused by
	 * libmicrohttpd, and the server goes on */
	char *big = malloc(40100);
	int n = snprintf(big, 40100, "url = \"%s/", sv.url);
	memset(big + n, 'b', 40000);
	strcpy(big + n + 40000, "\"\n");
	char *cfg = support_write(dir, "big.cfg", big);
	cr_assert_eq(support_sh("curl -s -K %s -o /dev/null -w '%%{http_code}' "
				">%s/code",
				cfg, dir),
		     0);
	char *code = support_read_in(dir, "code");
	cr_assert(strcmp(code, "414") == 0 || strcmp(code, "431") == 0, "%s",
		  code);
	free(code);
	free(cfg);
	free(big);
	cr_assert_eq(get_json(&sv, dir, "/healthz"), 200);

	cr_assert_eq(server_stop(&sv), 0);
	char *log = support_read(sv.log);
	cr_assert_not_null(strstr(log, "mcsched serve: stopped (SIGTERM)"),
			   "%s", log);
	free(log);
	served_free(&x);
}

/* Serving goes on while a plan run writes the same store (WAL): every
 * answer during the run is right, and the new run shows once it is
 * committed. */
Test(serve, answers_while_a_plan_writes, .timeout = 240)
{
	served x;
	served_start(&x, "serve-concurrent", NULL);
	const char *dir = x.dir, *db = x.db, *id = x.id;
	server sv = x.sv;
	char path[300];
	pid_t plan = fork();
	cr_assert_neq(plan, -1);
	if (plan == 0) {
		char cmd[1200];
		snprintf(cmd, sizeof(cmd),
			 "exec %s plan -q ../data/samples/job.yaml --db %s "
			 "--solver glpk --full-lp >%s/plan2.log 2>&1",
			 support_bin(), db, dir);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/api/handles/%s", id);
	strcpy(sv.auth, BEARER);
	int asked = 0, st = 0;
	for (;;) {
		int done = waitpid(plan, &st, WNOHANG) == plan;
		cr_assert_eq(get_json(&sv, dir, path), 200);
		cr_assert_eq(get_json(&sv, dir, "/healthz"), 200);
		cr_assert_eq(get_json(&sv, dir, "/runs"), 200);
		asked += 3;
		if (done)
			break;
	}
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		  "the plan run failed: see %s/plan2.log", dir);
	cr_assert_geq(asked, 6);
	char *body;
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/runs", &body), 200);
	cr_assert_not_null(strstr(body, "\"id\": 2, \"kind\": \"plan\""), "%s",
			   body);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/healthz", &body), 200);
	assert_healthz(body, 2, 0);
	free(body);
	cr_assert_eq(server_stop(&sv), 0);
	served_free(&x);
}

/* Many clients at once, then SIGTERM while they are asking: every answer
 * that came is whole and right, and the server exits 0. */
Test(serve, sigterm_under_load, .timeout = 120)
{
	served x;
	served_start(&x, "serve-sigterm", "--threads 2");
	const char *dir = x.dir, *id = x.id;
	server sv = x.sv;
	/* 8 clients of 50 keep-alive requests each, in parallel */
	cr_assert_eq(support_sh("cd %s && for c in 1 2 3 4 5 6 7 8; do "
				"(for i in $(seq 50); do printf 'url = "
				"\"%s/api/handles/%s\"\\noutput = "
				"\"/dev/null\"\\n'; done > cfg$c; "
				"curl -sS --max-time 60 -K cfg$c "
				"-w '%%{http_code} %%{size_download}\\n' > "
				"codes$c) & done; "
				"wait; cat codes? | sort | uniq -c > codes",
				dir, sv.url, id),
		     0);
	/* 400 answers, all 200 and all whole (the same size) */
	char *codes = support_read_in(dir, "codes");
	int count = 0, code = 0, size = 0;
	cr_assert_eq(sscanf(codes, "%d %d %d", &count, &code, &size), 3, "%s",
		     codes);
	cr_assert_eq(count, 400, "%s", codes);
	cr_assert_eq(code, 200, "%s", codes);
	cr_assert_gt(size, 500);
	free(codes);
	/* now stop it while clients are still asking */
	cr_assert_eq(support_sh("cd %s && (for i in $(seq 2000); do printf "
				"'url = \"%s/healthz\"\\noutput = "
				"\"/dev/null\"\\n'; done > cfgl; "
				"curl -s --max-time 60 -K cfgl "
				"-w '%%{http_code}\\n' > late) & sleep 0.3",
				dir, sv.url),
		     0);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(server_stop(&sv), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_lt(t1.tv_sec - t0.tv_sec, 10);
	cr_assert_eq(support_sh("sleep 1; grep -v '^200$' %s/late | grep -qv "
				"'^000$'",
				dir),
		     1, "an answer other than 200 before the stop");
	served_free(&x);
}

/* ---- the public node carries no personal data ---- */

/* The customers of the samples (data/samples/orders.yaml), n of them. */
static char **sample_customers(int *n)
{
	char *text = support_read("../data/samples/orders.yaml");
	cr_assert_not_null(text);
	char **v = calloc(1000, sizeof(*v));
	*n = 0;
	for (char *p = strstr(text, "customer: "); p && *n < 1000;
	     p = strstr(p, "customer: ")) {
		p += 10;
		size_t k = strcspn(p, "\n");
		v[(*n)++] = strndup(p, k);
	}
	free(text);
	cr_assert_geq(*n, 300, "the samples have 360 customers");
	return v;
}

/* Asks every path of paths[0..n) in one curl (keep-alive), with Accept
 * accept (NULL none): the bodies one after the other into dir/name.all,
 * returned (malloc'ed), the statuses a line each in dir/name.codes. */
static char *ask_all(const server *sv, const char *dir, const char *name,
		     const char *accept, const char *const *paths, int n)
{
	char file[600];
	snprintf(file, sizeof(file), "%s/%s.cfg", dir, name);
	FILE *f = fopen(file, "w");
	cr_assert_not_null(f);
	for (int i = 0; i < n; i++)
		fprintf(f, "url = \"%s%s\"\n", sv->url, paths[i]);
	fclose(f);
	cr_assert_eq(support_sh("cd %s && curl -sS -g --max-time 300 %s%s%s "
				"-w '%%{stderr}%%{http_code}\\n' -K %s.cfg "
				">%s.all 2>%s.codes",
				dir, accept ? "-H 'Accept: " : "",
				accept ? accept : "", accept ? "'" : "", name,
				name, name),
		     0);
	snprintf(file, sizeof(file), "%s.all", name);
	return support_read_in(dir, file);
}

/* Fails when text (what route answered) shows a customer's name or one
 * of the fields no public answer may carry. */
static void no_personal_data(const char *route, const char *text,
			     char *const *names, int n)
{
	static const char *const fields[] = {
	    "customer",	    "Customer",	     "\"priority\"",
	    "late_penalty", "unmet_penalty", "max_late_days",
	    "\"release\"",  "\"cost\"",	     "penalty"};
	cr_assert_not_null(text, "%s: no answer", route);
	for (int i = 0; i < n; i++)
		cr_assert_null(strstr(text, names[i]),
			       "%s shows the customer %s", route, names[i]);
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		cr_assert_null(strstr(text, fields[i]), "%s shows %s", route,
			       fields[i]);
}

/* Every public route, for every unit and every order of the samples,
 * found and not, and the internal routes without the token: no answer
 * shows a customer's name (90 Chinese names are on the samples' report)
 * or an order's penalties, priority or release. */
Test(serve, public_routes_carry_no_personal_data, .timeout = 600)
{
	/* the report of the default's plan names more than 50 customers
	 * (below: what the check looks for is there to see) */
	support_default_budget();
	served x;
	served_start(&x, "serve-private", "--threads 2");
	int nnames, n = 0, nu = 0;
	char **names = sample_customers(&nnames);
	cr_assert_eq(support_run_in(x.dir, "labels latest --db %s", x.db), 0);
	char *csv = support_read_in(x.dir, "out.txt");
	char **handles = calloc(2000, sizeof(char *)),
	     **links = calloc(2000, sizeof(char *)),
	     **orders = calloc(2000, sizeof(char *));
	for (char *line = strchr(csv, '\n'); line && line[1] && nu < 1990;
	     line = strchr(line + 1, '\n')) {
		char id[200], link[300], order[100];
		cr_assert_eq(sscanf(line + 1,
				    "%199[^,],%*[^,],%299[^,],%*[^,],%*[^,],"
				    "%*[^,],%99[^,]",
				    id, link, order),
			     3, "%s", line + 1);
		char p[400];
		snprintf(p, sizeof(p), "/api/handles/%s", id);
		handles[nu] = strdup(p);
		links[nu] = strdup(strstr(link, "/01/"));
		snprintf(p, sizeof(p), "/orders/%s", order);
		if (!n || strcmp(orders[n - 1], p) != 0)
			orders[n++] = strdup(p);
		nu++;
	}
	cr_assert_gt(nu, 600);
	/* not found, malformed, and what is not a route */
	const char *other[] = {"/healthz",
			       "/api/handles/nonsense",
			       "/01/09521234200017/21/999999999999",
			       "/orders/SO-NOT-THERE",
			       "/",
			       "/runs",
			       "/runs/",
			       "/runs/1/report.html",
			       "/runs/latest/report.html",
			       "/runs/published/report.html",
			       "/runs/1",
			       "/runs/%00",
			       "/healthz%00.html"};
	struct {
		const char *name, *accept;
		const char *const *paths;
		int n;
	} routes[] = {
	    {"handles", NULL, (const char *const *)handles, nu},
	    {"page", "text/html", (const char *const *)links, nu},
	    {"link-json", "application/json", (const char *const *)links, nu},
	    {"orders", NULL, (const char *const *)orders, n},
	    {"other", NULL, other, sizeof(other) / sizeof(*other)}};
	for (int r = 0; r < 5; r++) {
		char *all =
		    ask_all(&x.sv, x.dir, routes[r].name, routes[r].accept,
			    routes[r].paths, routes[r].n);
		no_personal_data(routes[r].name, all, names, nnames);
		free(all);
	}
	/* the internal routes without the token: refused, 401 */
	char *codes = support_read_in(x.dir, "other.codes");
	cr_assert_str_eq(codes, "200\n400\n404\n404\n404\n401\n401\n401\n"
				"401\n401\n401\n400\n400\n");
	free(codes);
	/* what the check looks for is there to see: the report, with the
	 * token, lists customers */
	strcpy(x.sv.auth, BEARER);
	char *body;
	cr_assert_eq(
	    get(&x.sv, x.dir, "GET", NULL, "/runs/1/report.html", &body), 200);
	int shown = 0;
	for (int i = 0; i < nnames; i++)
		shown += strstr(body, names[i]) != NULL;
	cr_assert_gt(shown, 50, "the report names %d customers", shown);
	free(body);
	cr_assert_eq(server_stop(&x.sv), 0);
	for (int i = 0; i < nu; i++) {
		free(handles[i]);
		free(links[i]);
	}
	for (int i = 0; i < n; i++)
		free(orders[i]);
	for (int i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(handles);
	free(links);
	free(orders);
	free(csv);
	served_free(&x);
}

/* The internal routes: off (403, saying how to enable them) on a node
 * without a token; with one, 401 without the token or with another, and
 * 200 with it.  A token file that is not one is refused at the start. */
Test(serve, internal_routes_need_the_token, .timeout = 120)
{
	served x;
	served_start(&x, "serve-token", NULL);
	char *body, *headers;
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/runs", &body), 401);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "Authorization: Bearer"), "%s", body);
	free(body);
	headers = support_read_in(x.dir, "headers");
	cr_assert_not_null(strstr(headers, "WWW-Authenticate: Bearer"), "%s",
			   headers);
	free(headers);
	static const char *const wrong[] = {
	    "Bearer test-token-0123456789abcdeX", "Bearer test-token",
	    "Bearer " TOKEN "x", "Basic dGVzdA==", "bearer"};
	for (int i = 0; i < 5; i++) {
		strcpy(x.sv.auth, wrong[i]);
		cr_assert_eq(get_json(&x.sv, x.dir, "/runs/1/report.html"), 401,
			     "%s", wrong[i]);
	}
	strcpy(x.sv.auth, "bearer  " TOKEN);
	cr_assert_eq(get_json(&x.sv, x.dir, "/runs"), 200);
	cr_assert_eq(server_stop(&x.sv), 0);

	/* no token: the internal routes are off, and the answer says how to
	 * turn them on; the public ones answer as ever */
	server sv;
	char *other = support_tmpdir("serve-token-off");
	server_start(&sv, other, x.db, NULL);
	strcpy(sv.auth, BEARER);
	cr_assert_eq(get(&sv, x.dir, "GET", NULL, "/runs/1/report.html", &body),
		     403);
	cr_assert_not_null(strstr(body, "--token-file"), "%s", body);
	free(body);
	cr_assert_eq(get_json(&sv, x.dir, "/healthz"), 200);
	cr_assert_eq(server_stop(&sv), 0);
	char *log = support_read(sv.log);
	cr_assert_not_null(strstr(log, "internal routes off"), "%s", log);
	free(log);
	free(other);

	/* token files that are none */
	free(support_write(x.dir, "short", "abc\n"));
	free(support_write(x.dir, "spaced", "a token with spaces in it\n"));
	free(support_write(x.dir, "empty", ""));
	static const char *const bad[] = {"short", "spaced", "empty", "nope",
					  "."};
	for (int i = 0; i < 5; i++) {
		cr_assert_eq(support_run_in(x.dir,
					    "serve --db %s --listen "
					    "127.0.0.1:0 --token-file %s/%s",
					    x.db, x.dir, bad[i]),
			     2, "%s", bad[i]);
		char *err = support_read_in(x.dir, "out.txt.err");
		cr_assert_not_null(strstr(err, "unable to read the token file"),
				   "%s: %s", bad[i], err);
		free(err);
	}
	served_free(&x);
}

/* A path or query that decodes to a control character is refused: %00
 * would cut the path short, so "/healthz%00.html" read as "/healthz". */
Test(serve, control_characters_in_the_path, .timeout = 120)
{
	served x;
	served_start(&x, "serve-nul", "--threads 2");
	char path[600];
	const char *dl = strstr(x.link, "/01/");
	strcpy(x.sv.auth, BEARER);
	/* each: what goes before the unit (its identifier, or its Digital
	 * Link when the second is 1) and after it */
	static const struct {
		const char *before;
		int link;
		const char *after;
	} bad[] = {{"/api/handles/", 0, "%00junk"},
		   {"/healthz%00.html", -1, ""},
		   {"/orders/SO-20261028-0001%00x", -1, ""},
		   {"/runs/1/report.html%00.png", -1, ""},
		   {"", 1, "%00"},
		   {"/healthz%01", -1, ""},
		   {"/healthz%1f", -1, ""},
		   {"/healthz%7F", -1, ""},
		   {"/healthz?q=%00", -1, ""},
		   {"/healthz?q=a%0Ab", -1, ""},
		   {"/runs%00", -1, ""}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(path, sizeof(path), "%s%s%s", bad[i].before,
			 bad[i].link < 0 ? ""
			 : bad[i].link	 ? dl
					 : x.id,
			 bad[i].after);
		cr_assert_eq(get_json(&x.sv, x.dir, path), 400, "%s", path);
	}
	/* what is not a control character still answers */
	cr_assert_eq(get_json(&x.sv, x.dir, "/healthz?q=%20a+b%41"), 200);
	snprintf(path, sizeof(path), "/api/handles/%s?x=%%C3%%A9", x.id);
	cr_assert_eq(get_json(&x.sv, x.dir, path), 200);
	cr_assert_eq(server_stop(&x.sv), 0);
	served_free(&x);
}

/* ---- slow and greedy clients ---- */

/* Opens n connections to port from the loopback address src and sends
 * a GET a byte every 200 ms on each, until the server closed them all or
 * rounds rounds passed.  Returns how many the server closed, -1 when the
 * sockets could not be made.  (Run in a child: no assertions.) */
static int trickle(int port, const char *src, int n, int rounds)
{
	int *fd = calloc((size_t)n, sizeof(int));
	static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\n"
				  "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
	int closed = 0;
	for (int i = 0; i < n; i++) {
		struct sockaddr_in a = {.sin_family = AF_INET};
		fd[i] = socket(AF_INET, SOCK_STREAM, 0);
		inet_pton(AF_INET, src, &a.sin_addr);
		if (fd[i] < 0 || bind(fd[i], (struct sockaddr *)&a, sizeof(a)))
			return -1;
		a.sin_port = htons((uint16_t)port);
		inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
		if (connect(fd[i], (struct sockaddr *)&a, sizeof(a)) != 0) {
			close(fd[i]);
			fd[i] = -1;
			closed++;
		}
	}
	for (int r = 0; r < rounds && closed < n; r++) {
		for (int i = 0; i < n; i++) {
			if (fd[i] < 0)
				continue;
			size_t k = (size_t)r % (sizeof(req) - 1);
			if (send(fd[i], req + k, 1, MSG_NOSIGNAL) != 1) {
				close(fd[i]);
				fd[i] = -1;
				closed++;
			}
		}
		nap_ms(200);
	}
	for (int i = 0; i < n; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	free(fd);
	return closed;
}

/* 60 connections from one client that send a byte every 200 ms (each
 * byte restarts the idle timeout) against a server of 40 connections:
 * only --max-per-client of them are served, the others are closed as
 * they come, every other client is answered meanwhile, and the slow ones
 * are closed at --request-timeout however steadily their bytes come. */
Test(serve, slow_clients_do_not_starve_others, .timeout = 240)
{
	served x;
	served_start(&x, "serve-slow",
		     "--threads 2 --max-connections 40 --max-per-client 10 "
		     "--request-timeout 2");
	pid_t slow = fork();
	cr_assert_neq(slow, -1);
	if (slow == 0) {
		/* 150 rounds: 30 s, far past the 2 s deadline */
		_exit(trickle(x.sv.port, "127.0.0.2", 60, 150) == 60 ? 0 : 1);
	}
	nap_ms(1000); /* the slow ones hold what they can get */
	for (int i = 0; i < 20; i++)
		cr_assert_eq(get_json(&x.sv, x.dir, "/healthz"), 200,
			     "another client was not answered");
	int st;
	cr_assert_eq(waitpid(slow, &st, 0), slow);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		  "the server kept a slow connection open past its deadline");
	cr_assert_eq(get_json(&x.sv, x.dir, "/healthz"), 200);
	cr_assert_eq(server_stop(&x.sv), 0);
	char *log = support_read(x.sv.log);
	unsigned long cut = 0;
	const char *at = strstr(log, "stopped (SIGTERM); ");
	cr_assert_not_null(at, "%s", log);
	cr_assert_eq(sscanf(at, "stopped (SIGTERM); %lu", &cut), 1);
	/* the 10 it took, at their deadline */
	cr_assert_eq(cut, 10, "%s", log);
	free(log);
	served_free(&x);
}

/* ---- the database as it is on disk ---- */

/* A database replaced on disk (another moved over it) is read anew; one
 * removed is 503 (healthz says so) until it is back. */
Test(serve, replaced_or_removed_database, .timeout = 240)
{
	served x;
	support_sqlite_only();
	served_start(&x, "serve-replace", "--threads 2");
	char *body;
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/healthz", &body), 200);
	assert_healthz(body, 1, 0);
	free(body);
	/* another store, of two runs, moved over the served one */
	cr_assert_eq(support_run_in(x.dir,
				    "plan -q ../data/samples/job.yaml --db "
				    "%s/other.db",
				    x.dir),
		     0);
	cr_assert_eq(support_run_in(x.dir,
				    "plan -q ../data/samples/job.yaml --db "
				    "%s/other.db --publish always",
				    x.dir),
		     0);
	cr_assert_eq(support_sh("mv %s/other.db %s", x.dir, x.db), 0);
	for (int i = 0; i < 6; i++) { /* every pooled connection */
		cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/healthz", &body),
			     200);
		assert_healthz(body, 2, 0);
		free(body);
	}
	strcpy(x.sv.auth, BEARER);
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/runs", &body), 200);
	cr_assert_not_null(strstr(body, "\"id\": 2,"), "%s", body);
	free(body);
	/* removed: unhealthy, and no stale answer */
	cr_assert_eq(support_sh("mv %s %s/away.db", x.db, x.dir), 0);
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/healthz", &body),
			     503);
		cr_assert(support_json_valid(body), "%s", body);
		free(body);
		cr_assert_eq(get_json(&x.sv, x.dir, "/runs"), 503);
	}
	char path[300];
	snprintf(path, sizeof(path), "/api/handles/%s", x.id);
	cr_assert_eq(get_json(&x.sv, x.dir, path), 503);
	/* back: answers again */
	cr_assert_eq(support_sh("mv %s/away.db %s", x.dir, x.db), 0);
	cr_assert_eq(get_json(&x.sv, x.dir, "/healthz"), 200);
	cr_assert_eq(get_json(&x.sv, x.dir, path), 200);
	cr_assert_eq(server_stop(&x.sv), 0);
	/* the log says each once, not once a request */
	char *log = support_read(x.sv.log);
	const char *gone = strstr(log, "is gone");
	cr_assert_not_null(gone, "%s", log);
	cr_assert_null(strstr(gone + 1, "is gone"), "%s", log);
	free(log);
	served_free(&x);
}

/* The same on a PostgreSQL store: connections the server ends (an
 * operator's pg_terminate_backend(), a restart) are opened anew; a store
 * that cannot be reached (its database closed to connections) is 503
 * until it is back. */
Test(serve, postgres_connections_lost_and_back, .timeout = 240)
{
	served x;
	support_postgres_only();
	served_start(&x, "serve-pg-lost", "--threads 2");
	const char *name = strrchr(x.db, '/') + 1;
	const char *pgurl = getenv("MCSCHED_TEST_DB");
	char *body, kill[400], path[300];
	snprintf(kill, sizeof(kill),
		 "psql -qXtA '%s' -c \"SELECT count(pg_terminate_backend(pid)) "
		 "FROM pg_stat_activity WHERE datname = '%s'\" >/dev/null && "
		 "while [ \"$(psql -qXtA '%s' -c \"SELECT count(*) FROM "
		 "pg_stat_activity WHERE datname = '%s'\")\" != 0 ]; do "
		 "sleep 0.05; done",
		 pgurl, name, pgurl, name);
	snprintf(path, sizeof(path), "/api/handles/%s", x.id);
	cr_assert_eq(get_json(&x.sv, x.dir, path), 200);
	cr_assert_eq(support_sh("%s", kill), 0);
	for (int i = 0; i < 6; i++) { /* every pooled connection */
		cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, "/healthz", &body),
			     200);
		assert_healthz(body, 1, 0);
		free(body);
		cr_assert_eq(get_json(&x.sv, x.dir, path), 200);
	}
	/* closed to connections: unhealthy, no stale answer */
	cr_assert_eq(support_sh("psql -qX '%s' -c 'ALTER DATABASE %s "
				"ALLOW_CONNECTIONS false' && %s",
				pgurl, name, kill),
		     0);
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(get_json(&x.sv, x.dir, "/healthz"), 503);
		cr_assert_eq(get_json(&x.sv, x.dir, path), 503);
	}
	cr_assert_eq(support_sh("psql -qX '%s' -c 'ALTER DATABASE %s "
				"ALLOW_CONNECTIONS true'",
				pgurl, name),
		     0);
	cr_assert_eq(get_json(&x.sv, x.dir, "/healthz"), 200);
	cr_assert_eq(get_json(&x.sv, x.dir, path), 200);
	cr_assert_eq(server_stop(&x.sv), 0);
	served_free(&x);
}

/* ---- many clients at once on every route ---- */

/* tests/serve-clients.sh: 8 clients at once, keep-alive, on every route
 * (found, not found, malformed, internal with and without the token, a
 * write), every answer's status checked; `make tsan` runs the same
 * script on a ThreadSanitizer build, where any race fails it. */
Test(serve, eight_clients_on_every_route, .timeout = 600)
{
	support_sqlite_only(); /* it moves copies of the file over it */
	char *dir = support_tmpdir("serve-clients");
	char *db = support_plan_samples(dir);
	cr_assert_eq(support_sh("sh serve-clients.sh %s %s >%s/clients.log "
				"2>&1",
				support_bin(), db, dir),
		     0, "see %s/clients.log", dir);
	free(db);
	free(dir);
}

Test(serve, bad_arguments, .timeout = 60)
{
	char *dir = support_tmpdir("serve-args");
	static const char *const listen[] = {"8080",	"127.0.0.1",
					     "x:80",	"127.0.0.1:99999",
					     "[::1]80", "127.0.0.1:-1"};
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(support_run_in(dir,
					    "serve --db %s/none.db --listen "
					    "'%s'",
					    dir, listen[i]),
			     1, "%s", listen[i]);
		char *err = support_read_in(dir, "out.txt.err");
		cr_assert_not_null(strstr(err, "--listen wants HOST:PORT"),
				   "%s", err);
		free(err);
	}
	cr_assert_eq(support_run_in(dir, "serve --threads 0 --db x"), 1);
	/* the limits, each in its range */
	static const char *const limits[] = {
	    "--max-connections 0",    "--max-per-client 0",
	    "--max-per-client 2000",  "--request-timeout 0",
	    "--request-timeout 3601", "--request-timeout nan"};
	for (int i = 0; i < 6; i++)
		cr_assert_eq(support_run_in(dir, "serve --db x %s", limits[i]),
			     1, "%s", limits[i]);
	cr_assert_eq(support_run_in(dir, "serve --bogus"), 1);
	cr_assert_eq(support_run_in(dir, "serve extra --db x"), 1);
	/* no database: 4, and none is created */
	cr_assert_eq(support_run_in(dir,
				    "serve --db %s/none.db --listen "
				    "127.0.0.1:0",
				    dir),
		     4);
	cr_assert_neq(support_sh("test -e %s/none.db", dir), 0);
	/* a port in use: 2 */
	char *db = support_plan_samples(dir);
	server sv;
	server_start(&sv, dir, db, NULL);
	cr_assert_eq(support_run_in(dir, "serve --db %s --listen 127.0.0.1:%d",
				    db, sv.port),
		     2);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_not_null(strstr(err, "unable to listen"), "%s", err);
	free(err);
	cr_assert_eq(server_stop(&sv), 0);
	cr_assert_eq(support_run_in(dir, "serve --help"), 0);
	free(db);
	free(dir);
}

/* What the floor reported of a unit (mcsched actuals, loaded while the
 * server runs): its floor status stands in for the plan's, with each
 * floor day, in the handle record, on the Digital Link page and in its
 * order. */
Test(serve, floor_status_and_events, .timeout = 120)
{
	served x;
	served_start(&x, "serve-floor", "--threads 2");
	char text[600], path[4200], want[600], *body;
	snprintf(text, sizeof(text),
		 "identifier,status,date\n%s,released,2026-12-01\n"
		 "%s,shipped,2026-12-04\n",
		 x.id, x.id);
	char *csv = support_write(x.dir, "floor.csv", text);
	cr_assert_eq(support_run_in(x.dir, "actuals %s --db %s", csv, x.db), 0);

	/* the handle record, as resolve prints it */
	snprintf(path, sizeof(path), "/api/handles/%s", x.id);
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, path, &body), 200);
	static const char *const value[][2] = {{"status", "shipped"},
					       {"released", "2026-12-01"},
					       {"shipped", "2026-12-04"},
					       {"plan_status", "planned"}};
	for (int i = 0; i < 4; i++) {
		snprintf(want, sizeof(want),
			 "\"type\": \"%s\", \"data\": {\"format\": "
			 "\"string\", \"value\": \"%s\"}",
			 value[i][0], value[i][1]);
		cr_assert_not_null(strstr(body, want), "want %s in\n%s", want,
				   body);
	}
	cr_assert_eq(support_run_in(x.dir, "resolve '%s' --db %s", x.id, x.db),
		     0);
	char *cli = support_read_in(x.dir, "out.txt");
	cr_assert_str_eq(body, cli);
	free(cli);
	free(body);

	/* the page: the floor status with its day, the floor's table */
	const char *dl = strstr(x.link, "/01/");
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, dl, &body), 200);
	cr_assert_not_null(strstr(body, "<span class=\"st shipped\">shipped"
					"</span> since 2026-12-04"),
			   "%s", body);
	cr_assert_not_null(strstr(body, "<h2>On the floor</h2>"), "%s", body);
	cr_assert_not_null(
	    strstr(body, "<tr><td>released</td><td>2026-12-01</td></tr>\n"
			 "<tr><td>shipped</td><td>2026-12-04</td></tr>"),
	    "%s", body);
	/* made and shipped on the floor's days, no plan day */
	cr_assert_not_null(strstr(body, "<dt>Made on</dt><dd>2026-12-04</dd>"),
			   "%s", body);
	cr_assert_not_null(
	    strstr(body, "<dt>Shipped on</dt><dd>2026-12-04</dd>"), "%s", body);
	cr_assert_null(strstr(body, "<dt>Planned for</dt>"), "%s", body);
	char order[64];
	const char *o = strstr(body, "<dt>Order</dt><dd>");
	cr_assert_not_null(o, "%s", body);
	cr_assert_eq(sscanf(o, "<dt>Order</dt><dd>%63[^<]", order), 1);
	free(body);

	/* units not made: the plan's day and expected arrival, no made or
	 * shipped date; a unit expected after its due date is flagged late
	 * by as many days as the dispatch list says */
	cr_assert_eq(support_run_in(x.dir,
				    "report latest --db %s --format dispatch",
				    x.db),
		     0);
	char *list = support_read_in(x.dir, "out.txt");
	int seen[2] = {0, 0};
	for (const char *l = strstr(list, "\n1,"); l && !(seen[0] && seen[1]);
	     l = strstr(l + 1, "\n1,")) {
		const char *e = strchr(l + 1, '\n');
		const char *c = e - 1;
		while (*c != ',')
			c--; /* frozen */
		c--;
		while (*c != ',')
			c--; /* days_late */
		int late = atoi(c + 1);
		char gtin[16], serial[16];
		cr_assert_eq(sscanf(l + 1,
				    "%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],%*[^,],"
				    "%*[^,],%*[^,],%*[^/]/%*[^.].%14[0-9].%12["
				    "0-9]",
				    gtin, serial),
			     2, "%.200s", l + 1);
		if (seen[late > 0] || strstr(x.id, serial))
			continue;
		seen[late > 0] = 1;
		snprintf(path, sizeof(path), "/01/%s/21/%s", gtin, serial);
		cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, path, &body), 200);
		cr_assert_not_null(strstr(body, "<dt>Planned for</dt>"), "%s",
				   body);
		cr_assert_null(strstr(body, "<dt>Made on</dt>"), "%s", body);
		cr_assert_null(strstr(body, "<dt>Shipped on</dt>"), "%s", body);
		snprintf(want, sizeof(want),
			 " <span class=\"late\">LATE %d day%s</span></dd>",
			 late, late == 1 ? "" : "s");
		if (late > 0)
			cr_assert_not_null(strstr(body, want), "want %s in\n%s",
					   want, body);
		else
			cr_assert_null(strstr(body, "class=\"late\""), "%s",
				       body);
		free(body);
	}
	cr_assert(seen[0] && seen[1], "the samples have late units");
	free(list);

	/* the order: the unit's status and floor events */
	snprintf(path, sizeof(path), "/orders/%s", order);
	cr_assert_eq(get(&x.sv, x.dir, "GET", NULL, path, &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	snprintf(want, sizeof(want),
		 "{\"identifier\": \"%s\", \"seq\": 1, \"status\": "
		 "\"shipped\",",
		 x.id);
	cr_assert_not_null(strstr(body, want), "want %s in\n%s", want, body);
	cr_assert_not_null(strstr(body, "\"floor\": [{\"status\": "
					"\"released\", \"day\": "
					"\"2026-12-01\"}, {\"status\": "
					"\"shipped\", \"day\": "
					"\"2026-12-04\"}]}"),
			   "%s", body);
	free(body);
	cr_assert_eq(server_stop(&x.sv), 0);
	free(csv);
	served_free(&x);
}

/* A night kept back after the floor made a unit, as the node tells it:
 * /runs carries each run's state and hold reason, /healthz says the last
 * night was kept back (the published run stays), and /orders/{id} counts
 * the made unit with its own days and arrival. */
Test(serve, kept_back_night_and_made_units)
{
	char *dir = support_tmpdir("serve-kept");
	char *db = support_path(dir, "mc.db"), *body;
	cr_assert_eq(
	    support_run_in(dir, "plan -q ../data/samples/job.yaml --db %s", db),
	    0);
	/* the first label planned on the first day: made, shipped later */
	cr_assert_eq(support_run_in(dir, "labels latest --db %s", db), 0);
	char *csv = support_read_in(dir, "out.txt");
	const char *row = strstr(csv, ",2026-11-25,");
	cr_assert_not_null(row, "%s", csv);
	while (row > csv && row[-1] != '\n')
		row--;
	char id[200], order[64], text[600], path[300], want[400];
	cr_assert_eq(sscanf(row,
			    "%199[^,],%*[^,],%*[^,],%*[^,],%*[^,],"
			    "2026-11-25,%63[^,]",
			    id, order),
		     2, "%.200s", row);
	free(csv);
	snprintf(text, sizeof(text),
		 "identifier,status,date\n%s,produced,2026-11-25\n"
		 "%s,shipped,2026-11-26\n",
		 id, id);
	free(support_write(dir, "floor.csv", text));
	cr_assert_eq(
	    support_run_in(dir, "actuals %s/floor.csv --db %s", dir, db), 0);
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--start 2026-11-26 --max-gap 0.0001",
				    db),
		     MC_EHELD);

	server sv;
	free(support_write(dir, "token", TOKEN "\n"));
	snprintf(path, sizeof(path), "--token-file %s/token", dir);
	server_start(&sv, dir, db, path);
	strcpy(sv.auth, BEARER);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/runs", &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "\"published\": true, \"state\": "
					"\"published\", \"hold_reason\": "
					"null"),
			   "%s", body);
	cr_assert_not_null(strstr(body, "\"published\": false, \"state\": "
					"\"kept back\", \"hold_reason\": "
					"\"its gap "),
			   "%s", body);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/healthz", &body), 200);
	assert_healthz(body, 1, 1);
	free(body);
	snprintf(path, sizeof(path), "/orders/%s", order);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "\"units_made\": 1,"), "%s", body);
	snprintf(want, sizeof(want), "{\"identifier\": \"%s\", \"seq\": ", id);
	const char *unit = strstr(body, want);
	cr_assert_not_null(unit, "%s", body);
	cr_assert_not_null(strstr(unit, "\"made_on\": \"2026-11-25\", "
					"\"shipped_on\": \"2026-11-26\", "
					"\"arrival\": \"2026-11-2"),
			   "%s", body);
	free(body);
	cr_assert_eq(server_stop(&sv), 0);
	free(db);
	free(dir);
}

/* The Digital Link page as a phone shows it: rendered by headless
 * Chromium from the running server, at a phone's width; the screenshot is
 * kept in build/screens/unit.png to look at. */
Test(serve, unit_page_in_headless_chromium, .timeout = 240)
{
	char *dir = support_tmpdir("serve-chromium");
	char *db = support_plan_samples(dir);
	char id[200], gs1[200], link[200];
	first_label(dir, db, id, gs1, link);
	cr_assert_eq(support_sh("command -v chromium >/dev/null"), 0,
		     "chromium is not installed (make deps installs it)");
	server sv;
	server_start(&sv, dir, db, NULL);
	const char *flags = "--headless --no-sandbox --disable-gpu "
			    "--no-first-run --hide-scrollbars";
	cr_assert_eq(support_sh("cd %s && timeout 120 chromium %s "
				"--user-data-dir=$PWD/profile "
				"--window-size=390,844 "
				"--screenshot=$PWD/unit.png '%s%s' "
				">chromium.log 2>&1",
				dir, flags, sv.url, strstr(link, "/01/")),
		     0, "chromium failed: see %s/chromium.log", dir);
	cr_assert_eq(support_sh("cd %s && timeout 120 chromium %s "
				"--user-data-dir=$PWD/profile --dump-dom "
				"'%s%s' >dom.html 2>>chromium.log",
				dir, flags, sv.url, strstr(link, "/01/")),
		     0);
	cr_assert_eq(server_stop(&sv), 0);
	cr_assert_eq(support_sh("mkdir -p ../build/screens && cp %s/unit.png "
				"../build/screens/unit.png",
				dir),
		     0);
	char *png = support_read_in(dir, "unit.png");
	cr_assert_not_null(png);
	cr_assert_eq(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0, "not a PNG");
	const unsigned char *ihdr = (const unsigned char *)png + 16;
	cr_assert_eq((ihdr[0] << 24 | ihdr[1] << 16 | ihdr[2] << 8 | ihdr[3]),
		     390);
	free(png);
	cr_assert_eq(
	    support_sh("test $(stat -c %%s %s/unit.png) -gt 8000", dir), 0,
	    "the screenshot is nearly empty");
	char *dom = support_read_in(dir, "dom.html");
	cr_assert_not_null(strstr(dom, "<h2>Status history</h2>"), "%s", dom);
	cr_assert_not_null(strstr(dom, id));
	free(dom);
	free(db);
	free(dir);
}

/* ---- what an operator watches: logs, /healthz, /metrics ---- */

/* 1 when every line of text matches the extended regular expression re
 * (anchored); the first line that does not is in *bad. */
static int lines_match(const char *text, const char *re, char *bad, size_t size)
{
	regex_t rx;
	cr_assert_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0, "%s", re);
	int ok = 1;
	for (const char *p = text; *p && ok;) {
		size_t len = strcspn(p, "\n");
		snprintf(bad, size, "%.*s", (int)len, p);
		ok = regexec(&rx, bad, 0, NULL, 0) == 0;
		p += len + (p[len] == '\n');
	}
	regfree(&rx);
	return ok;
}

/* The value of the sample line that starts with name (a metric with its
 * labels, as written) in a /metrics page; -1 when there is none. */
static double sample(const char *page, const char *name)
{
	char want[300];
	snprintf(want, sizeof(want), "\n%s ", name);
	const char *at = strstr(page, want);
	return at ? strtod(at + strlen(want), NULL) : -1;
}

/* serve --access-log F --log-format json: a combined-format line per
 * request (client, time with its offset, request, status, bytes, referer,
 * agent), the file opened again on SIGHUP (logrotate); /healthz with the
 * run's age, the nights kept back and ?max_age_hours; /metrics in
 * Prometheus's text format, every request counted by route and status;
 * the server's own log JSON lines. */
Test(serve, operator_logs_health_and_metrics, .timeout = 180)
{
	char *dir = support_tmpdir("serve-ops");
	char *db = support_plan_samples(dir), opts[700], path[300], *body;
	snprintf(opts, sizeof(opts),
		 "--access-log %s/access.log --log-format json", dir);
	server sv;
	server_start(&sv, dir, db, opts);

	cr_assert_eq(get(&sv, dir, "GET", NULL, "/healthz", &body), 200);
	assert_healthz(body, 1, 0);
	free(body);
	cr_assert_eq(
	    get(&sv, dir, "GET", NULL, "/healthz?max_age_hours=24", &body),
	    200);
	cr_assert_not_null(strstr(body, "\"status\": \"ok\""), "%s", body);
	free(body);
	cr_assert_eq(get_json(&sv, dir, "/healthz?max_age_hours=0"), 400);
	cr_assert_eq(get_json(&sv, dir, "/healthz?max_age_hours=soon"), 400);
	cr_assert_eq(get_json(&sv, dir, "/no/such/page"), 404);
	cr_assert_eq(support_sh("curl -sS -o /dev/null -A 'probe/1.0 \"x\"' "
				"-e http://example.test/ %s/healthz",
				sv.url),
		     0);

	/* the access log: a line per request, as combined format has it */
	char *log = support_read_in(dir, "access.log"), bad[4200];
	cr_assert_not_null(log);
	cr_assert(
	    lines_match(log,
			"^127\\.0\\.0\\.1 - - \\[[0-9]{2}/[A-Z][a-z]{2}/"
			"[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} "
			"[-+][0-9]{4}\\] \"(GET|HEAD) [^ \"]+ HTTP/1\\.1\" "
			"[0-9]{3} ([0-9]+|-) \"([^\"\\\\]|\\\\.)*\" "
			"\"([^\"\\\\]|\\\\.)*\"$",
			bad, sizeof(bad)),
	    "not combined log format: %s", bad);
	cr_assert_not_null(strstr(log, "\"GET /healthz?max_age_hours=0 "
				       "HTTP/1.1\" 400 "),
			   "%s", log);
	cr_assert_not_null(strstr(log, "\"GET /no/such/page HTTP/1.1\" 404 "),
			   "%s", log);
	cr_assert_not_null(strstr(log, "\"http://example.test/\" "
				       "\"probe/1.0 \\\"x\\\"\"\n"),
			   "%s", log);
	int lines = 0;
	for (const char *p = log; (p = strchr(p, '\n')); p++)
		lines++;
	cr_assert_eq(lines, 6, "%s", log);
	free(log);

	/* logrotate: the file moved away, SIGHUP, a new file */
	snprintf(path, sizeof(path), "%s/access.log", dir);
	cr_assert_eq(support_sh("mv %s %s.1", path, path), 0);
	cr_assert_eq(kill(sv.pid, SIGHUP), 0);
	int reopened = 0;
	for (int i = 0; i < 100 && !reopened; i++) {
		nap_ms(50);
		reopened = support_sh("test -e %s", path) == 0;
	}
	cr_assert(reopened, "no new access log after SIGHUP");

	/* /metrics: every family with HELP and TYPE, each request counted */
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/metrics", &body), 200);
	char *headers = support_read_in(dir, "headers");
	cr_assert_not_null(strstr(headers, "Content-Type: text/plain; "
					   "version=0.0.4"),
			   "%s", headers);
	free(headers);
	cr_assert(lines_match(body,
			      "^(# (HELP|TYPE) mcsched_[a-z_]+ .+|"
			      "mcsched_[a-z_]+(\\{[a-z_]+=\"[^\"]*\""
			      "(,[a-z_]+=\"[^\"]*\")*\\})? "
			      "[-+]?[0-9.e+]+|[+]Inf)$",
			      bad, sizeof(bad)),
		  "not Prometheus's text format: %s", bad);
	char page[64 * 1024];
	snprintf(page, sizeof(page), "\n%s", body);
	cr_assert_eq(sample(page, "mcsched_http_requests_total{route="
				  "\"/healthz\",status=\"200\"}"),
		     3, "%s", body);
	cr_assert_eq(sample(page, "mcsched_http_requests_total{route="
				  "\"/healthz\",status=\"400\"}"),
		     2, "%s", body);
	cr_assert_eq(sample(page, "mcsched_http_requests_total{route="
				  "\"other\",status=\"404\"}"),
		     1, "%s", body);
	cr_assert_eq(sample(page, "mcsched_http_request_duration_seconds_"
				  "count"),
		     6, "%s", body);
	cr_assert_eq(sample(page, "mcsched_http_request_duration_seconds_"
				  "bucket{le=\"+Inf\"}"),
		     6, "%s", body);
	cr_assert_gt(sample(page, "mcsched_store_bytes"), 4096, "%s", body);
	cr_assert_eq(sample(page, "mcsched_published_run"), 1, "%s", body);
	double age = sample(page, "mcsched_published_run_age_seconds");
	cr_assert(age >= 0 && age < 3600, "%s", body);
	cr_assert_eq(sample(page, "mcsched_last_night_kept_back"), 0, "%s",
		     body);
	cr_assert_not_null(strstr(body, "\nmcsched_build_info{version=\""),
			   "%s", body);
	const char *families[] = {"http_requests_total",
				  "http_request_duration_seconds",
				  "http_requests_cut_total", "store_bytes",
				  "published_run_age_seconds"};
	for (size_t i = 0; i < sizeof(families) / sizeof(*families); i++) {
		char want[200];
		snprintf(want, sizeof(want), "# TYPE mcsched_%s ", families[i]);
		cr_assert_not_null(strstr(body, want), "%s", body);
	}
	free(body);

	/* a night kept back: /healthz?max_age_hours says 503, and why */
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--publish never",
				    db),
		     5);
	cr_assert_eq(
	    get(&sv, dir, "GET", NULL, "/healthz?max_age_hours=24", &body),
	    503);
	cr_assert(support_json_valid(body), "%s", body);
	cr_assert_not_null(strstr(body, "\"status\": \"stale\""), "%s", body);
	cr_assert_not_null(strstr(body, "\"reason\": \"the last night was "
					"kept back\""),
			   "%s", body);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/metrics", &body), 200);
	snprintf(page, sizeof(page), "\n%s", body);
	cr_assert_eq(sample(page, "mcsched_last_night_kept_back"), 1, "%s",
		     body);
	free(body);
	cr_assert_eq(server_stop(&sv), 0);

	/* the new file has the requests since SIGHUP, the old one the rest */
	log = support_read_in(dir, "access.log");
	cr_assert_not_null(strstr(log, "\"GET /metrics HTTP/1.1\" 200 "), "%s",
			   log);
	cr_assert_null(strstr(log, "/no/such/page"), "%s", log);
	free(log);
	/* the server's log (stderr): JSON lines; stdout (the same file
	 * here) keeps its two lines of text */
	log = support_read(sv.log);
	const char *at = strstr(log, "\n{\"time\": ");
	cr_assert_not_null(at, "%s", log);
	cr_assert(lines_match(log,
			      "^(mcsched serve: (listening|stopped) .*|"
			      "\\{\"time\": .*\"command\": \"serve\", "
			      "\"event\": \"[a-z_]+\".*\\})$",
			      bad, sizeof(bad)),
		  "not a JSON line: %s", bad);
	cr_assert_not_null(strstr(at, "\"event\": \"listening\", \"url\": "
				      "\"http://127.0.0.1:"),
			   "%s", log);
	cr_assert_not_null(strstr(at, "\"event\": \"access_log\", \"message\": "
				      "\"SIGHUP: the access log is opened "
				      "again\""),
			   "%s", log);
	cr_assert_not_null(strstr(at, "\"event\": \"stopped\", \"signal\": "
				      "\"SIGTERM\""),
			   "%s", log);
	free(log);
	free(db);
	free(dir);
}

/* ---- promises on the node ---- */

/* POSTs file (dir/name) to path: the status, the body (malloc'ed). */
static int post(const server *sv, const char *dir, const char *name,
		const char *path, char **body)
{
	cr_assert_eq(support_sh("curl -sS -g --max-time 30 -X POST "
				"--data-binary @%s/%s %s%s%s "
				"-D %s/headers -o %s/body -w '%%{http_code}' "
				"'%s%s' >%s/code",
				dir, name,
				sv->auth[0] ? "-H 'Authorization: " : "",
				sv->auth, sv->auth[0] ? "'" : "", dir, dir,
				sv->url, path, dir),
		     0, "curl POST %s failed", path);
	char *code = support_read_in(dir, "code");
	int status = atoi(code);
	free(code);
	*body = support_read_in(dir, "body");
	cr_assert(support_json_valid(*body), "POST %s: not JSON:\n%s", path,
		  *body);
	return status;
}

#define SHIRT                                                                  \
	"family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "          \
	"monogram: \"no\"}\nquantity: 2\nregion: south\n"

Test(serve, promise_route_quotes_reserves_and_refuses, .timeout = 180)
{
	served x;
	served_start(&x, "serve-promise", "--threads 4");
	const char *dir = x.dir;
	server sv = x.sv;
	char *body;
	free(support_write(dir, "shirt.yaml", SHIRT));
	free(support_write(dir, "web1.json",
			   "{\"id\": \"WEB-1\", \"family\": \"shirt-mtm\", "
			   "\"options\": {\"fabric\": \"poplin\", \"size\": "
			   "\"42\", \"monogram\": \"no\"}, \"quantity\": 1, "
			   "\"region\": \"south\"}"));
	/* a quote is open: no token */
	cr_assert_eq(post(&sv, dir, "shirt.yaml",
			  "/api/promise?today=2026-11-25", &body),
		     200, "%s", body);
	cr_assert_not_null(strstr(body, "\"status\": \"firm\""), "%s", body);
	cr_assert_not_null(strstr(body, "\"promise\": null"), "%s", body);
	free(body);
	/* a reservation needs the token */
	cr_assert_eq(post(&sv, dir, "web1.json",
			  "/api/promise?reserve=1&today=2026-11-25", &body),
		     401);
	free(body);
	strcpy(sv.auth, BEARER);
	cr_assert_eq(post(&sv, dir, "web1.json",
			  "/api/promise?reserve=1&today=2026-11-25&hold=30",
			  &body),
		     201, "%s", body);
	cr_assert_not_null(strstr(body, "\"status\": \"held\""), "%s", body);
	cr_assert_not_null(strstr(body, "\"order\": \"WEB-1\""), "%s", body);
	free(body);
	/* the same order id again: 409, nothing written */
	cr_assert_eq(post(&sv, dir, "web1.json",
			  "/api/promise?reserve=1&today=2026-11-25", &body),
		     409, "%s", body);
	cr_assert_not_null(strstr(body, "WEB-1"), "%s", body);
	free(body);
	cr_assert_eq(support_q1(x.db, "SELECT count(*) FROM promises"), 1);
	/* bad orders: 400 naming the field, with line and column */
	static const struct {
		const char *text, *words;
	} bad[] = {
	    {"family: shirt-mtx\nquantity: 1\nregion: south\n", "family"},
	    {"family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "
	     "monogram: \"no\"}\nquantity: 0\nregion: south\n",
	     "quantity"},
	    {"family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "
	     "monogram: \"no\"}\nquantity: 99999999\nregion: south\n",
	     "quantity"},
	    {"family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "
	     "monogram: \"no\"}\nquantity: 1\nregion: south\ndue: "
	     "2030-01-01\n",
	     "due"},
	    {"family: shirt-mtm\noptions: {fabric: poplin, size: \"42\", "
	     "monogram: \"no\"}\nquantity: 1\nregion: atlantis\n",
	     "region"},
	    {"{\"family\": ", "line"},
	    {"", "mapping"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		free(support_write(dir, "bad.yaml", bad[i].text));
		cr_assert_eq(
		    post(&sv, dir, "bad.yaml", "/api/promise?reserve=1", &body),
		    400, "case %zu: %s", i, body);
		cr_assert_not_null(strstr(body, bad[i].words), "case %zu: %s",
				   i, body);
		cr_assert_not_null(strstr(body, "\"errors\""), "%s", body);
		free(body);
	}
	cr_assert_eq(support_q1(x.db, "SELECT count(*) FROM promises"), 1);
	/* a body over the limit, the wrong method, a bad parameter */
	cr_assert_eq(support_sh("head -c 70000 /dev/zero | tr '\\000' a "
				">%s/big.yaml",
				dir),
		     0);
	cr_assert_eq(post(&sv, dir, "big.yaml", "/api/promise", &body), 413);
	free(body);
	cr_assert_eq(get(&sv, dir, "GET", NULL, "/api/promise", &body), 405);
	free(body);
	char *headers = support_read_in(dir, "headers");
	cr_assert_not_null(strstr(headers, "Allow: POST"), "%s", headers);
	free(headers);
	cr_assert_eq(post(&sv, dir, "shirt.yaml", "/healthz", &body), 405);
	free(body);
	cr_assert_eq(post(&sv, dir, "shirt.yaml",
			  "/api/promise?hold=-5&reserve=1", &body),
		     400);
	free(body);
	/* 20 reservations at once over HTTP: each 201 or 409 (no firm date
	 * left), and as many promises as 201s */
	cr_assert_eq(support_sh("for i in $(seq 1 20); do curl -s -o "
				"/dev/null -w '%%{http_code}\\n' -X POST "
				"-H 'Authorization: %s' --data-binary "
				"@%s/shirt.yaml '%s/api/promise?reserve=1&"
				"today=2026-11-25' >>%s/codes & done; wait",
				BEARER, dir, sv.url, dir),
		     0);
	char *codes = support_read_in(dir, "codes");
	int created = 0, lines = 0;
	for (const char *p = codes; *p; p = strchr(p, '\n') + 1) {
		cr_assert(strncmp(p, "201", 3) == 0 ||
			      strncmp(p, "409", 3) == 0,
			  "%s", codes);
		created += strncmp(p, "201", 3) == 0;
		lines++;
	}
	cr_assert_eq(lines, 20);
	cr_assert_gt(created, 0);
	cr_assert_eq(support_q1(x.db, "SELECT count(*) FROM promises"),
		     1 + created);
	free(codes);
	/* WEB-1 confirmed and planned by the next night: its unit's phone
	 * page shows the date promised */
	cr_assert_eq(support_run_in(dir, "promises confirm 1 --db %s", x.db),
		     0);
	cr_assert_eq(support_run_in(dir,
				    "plan -q ../data/samples/job.yaml --db %s "
				    "--start 2026-11-26",
				    x.db),
		     0, "see %s/out.txt.err", dir);
	/* the serial padded to 12 digits here: SQL that both back-ends
	 * read has no printf */
	char *gtin = support_rows(
	    x.db, "SELECT u.gtin, u.serial FROM units u WHERE u.order_id = "
		  "'WEB-1' ORDER BY u.serial");
	cr_assert(strlen(gtin) > 15, "no unit of WEB-1: %s", gtin);
	gtin[strcspn(gtin, "\n")] = 0;
	char path[128];
	long long serial = atoll(strchr(gtin, ',') + 1);
	*strchr(gtin, ',') = 0;
	snprintf(path, sizeof(path), "/01/%s/21/%012lld", gtin, serial);
	cr_assert_eq(get(&sv, dir, "GET", NULL, path, &body), 200);
	const char *p = strstr(body, "<dt>Promised</dt><dd>");
	char *promised = support_rows(
	    x.db, "SELECT promised FROM promises WHERE order_id = 'WEB-1'");
	promised[strcspn(promised, "\n")] = 0;
	cr_assert(p && strncmp(p + 21, promised, 10) == 0, "%s\n%s", promised,
		  body);
	free(promised);
	free(body);
	free(gtin);
	cr_assert_eq(server_stop(&sv), 0);
	served_free(&x);
}
