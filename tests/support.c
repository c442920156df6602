/*
 * support.c - test helpers (see support.h).
 */
#include "support.h"
#include "date.h"
#include "gen.h"
#include "load.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *support_tmpdir(const char *tag)
{
	char path[512];
	mkdir("tmp", 0777);
	snprintf(path, sizeof(path), "tmp/%s-XXXXXX", tag);
	if (!mkdtemp(path)) {
		perror("mkdtemp");
		abort();
	}
	return strdup(path);
}

char *support_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	snprintf(path, n, "%s/%s", dir, name);
	return path;
}

char *support_write(const char *dir, const char *name, const char *text)
{
	char *path = support_path(dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
	return path;
}

int support_load_dir(mc_arena *a, const char *dir, mc_model *m, mc_diag *d)
{
	char *c = support_path(dir, "catalog.yaml");
	char *p = support_path(dir, "plants.yaml");
	char *o = support_path(dir, "orders.yaml");
	int rc = mc_load_inputs(a, c, p, o, m, d);
	if (rc < 0)
		mc_diag_print(d, stderr, 0);
	free(c);
	free(p);
	free(o);
	return rc;
}

int support_load(mc_arena *a, const char *catalog, const char *plants,
		 const char *orders, mc_model *m, mc_diag *d)
{
	char *dir = support_tmpdir("load");
	free(support_write(dir, "catalog.yaml", catalog));
	free(support_write(dir, "plants.yaml", plants));
	free(support_write(dir, "orders.yaml", orders));
	int rc = support_load_dir(a, dir, m, d);
	free(dir);
	return rc;
}

char *support_gen(const char *tag, int norders, uint64_t seed)
{
	char *dir = support_tmpdir(tag);
	mc_diag d = MC_DIAG_INIT;
	int rc = mc_gen_write(dir, norders, seed, &d);
	if (rc)
		mc_diag_print(&d, stderr, 0);
	cr_assert_eq(rc, 0, "mc_gen_write(%d, %llu) failed", norders,
		     (unsigned long long)seed);
	cr_assert_eq(mc_diag_count(&d), 0);
	mc_diag_release(&d);
	return dir;
}

char *support_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (buf)
		buf[n] = 0;
	return buf;
}

char *support_read_in(const char *dir, const char *name)
{
	char *path = support_path(dir, name);
	char *text = support_read(path);
	free(path);
	return text;
}

/* make check runs the in-process tests only: a test that would run
 * mcsched is skipped there (make test runs it). */
static void skip_in_check(void)
{
	const char *check = getenv("MCSCHED_CHECK");
	if (check && *check)
		cr_skip_test("runs mcsched: make test runs it");
}

const char *support_bin(void)
{
	skip_in_check();
	const char *bin = getenv("MCSCHED");
	return bin && *bin ? bin : "../build/release/mcsched";
}

const char *support_bin_hooks(void)
{
	skip_in_check();
	const char *bin = getenv("MCSCHED_HOOKS");
	return bin && *bin ? bin : "../build/release/mcsched-hooks";
}

int support_sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	int st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int support_run(const char *out, const char *fmt, ...)
{
	char args[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return support_sh("%s %s >%s 2>%s.err", support_bin(), args, out, out);
}

int support_run_in(const char *dir, const char *fmt, ...)
{
	char args[8192];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return support_sh("%s %s >%s/out.txt 2>%s/out.txt.err", support_bin(),
			  args, dir, dir);
}

void support_default_budget(void)
{
	unsetenv("MCSCHED_ROUND_WORK");
}

int support_db_postgres(void)
{
	const char *url = getenv("MCSCHED_TEST_DB");
	return url && *url;
}

void support_sqlite_only(void)
{
	if (support_db_postgres())
		cr_skip_test("about SQLite's files: runs in the SQLite pass");
}

void support_postgres_only(void)
{
	if (!support_db_postgres())
		cr_skip_test("about a PostgreSQL server: runs in the "
			     "PostgreSQL pass (tests/run.sh)");
}

const char *support_beside(const char *db)
{
	static char path[300];
	const char *slash = strrchr(db, '/');
	if (strstr(db, "://") && slash)
		snprintf(path, sizeof(path), "tmp/%s", slash + 1);
	else
		snprintf(path, sizeof(path), "%s", db);
	return path;
}

char *support_db(const char *dir, const char *name)
{
	if (!support_db_postgres())
		return support_path(dir, name);
	return support_db_on(getenv("MCSCHED_TEST_DB"), dir, name);
}

char *support_db_other(const char *dir, const char *name)
{
	if (support_db_postgres())
		return support_path(dir, name);
	const char *url = getenv("MCSCHED_TEST_PG");
	cr_assert(url && *url,
		  "no PostgreSQL cluster: $MCSCHED_TEST_PG is set by "
		  "tests/run.sh (make test)");
	return support_db_on(url, dir, name);
}

char *support_db_on(const char *url, const char *dir, const char *name)
{
	/* a database name from dir and name: letters, digits and _ */
	char db[64];
	uint64_t h = 1469598103934665603ull;
	for (const char *p = dir; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	snprintf(db, sizeof(db), "t%016llx", (unsigned long long)h);
	cr_assert_eq(support_sh("PGOPTIONS='-c client_min_messages=warning' "
				"psql -qX '%s' -c 'DROP DATABASE IF EXISTS %s' "
				"-c 'CREATE DATABASE %s' >/dev/null",
				url, db, db),
		     0, "unable to create database %s on %s", db, url);
	/* the server's URL with this database in place of its own */
	const char *slash = strrchr(url, '/');
	size_t keep = (size_t)(slash - url) + 1;
	char *loc = malloc(keep + strlen(db) + 1);
	memcpy(loc, url, keep);
	strcpy(loc + keep, db);
	return loc;
}

char *support_plan_samples(const char *dir)
{
	char *db = support_db(dir, "mc.db");
	cr_assert_eq(
	    support_run_in(dir, "plan -q ../data/samples/job.yaml --db %s", db),
	    0, "plan of the samples failed: see %s/out.txt.err", dir);
	return db;
}

/* The store at path opened by open (mc_store_open(), ...); the test
 * fails if it cannot be. */
static mc_store *open_with(const char *path,
			   int (*open)(const char *, mc_store **, mc_diag *))
{
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = NULL;
	cr_assert_eq(open(path, &s, &d), 0, "open %s: %s", path,
		     d.n ? d.v[0].msg : "?");
	mc_diag_release(&d);
	return s;
}

mc_store *support_store_open(const char *path)
{
	return open_with(path, mc_store_open);
}

char *support_store_dump(mc_store *s)
{
	char *buf = NULL;
	size_t len = 0;
	mc_diag d = MC_DIAG_INIT;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	cr_assert_eq(mc_store_dump(s, f, &d), 0);
	fclose(f);
	mc_diag_release(&d);
	return buf;
}

char *support_store_rows(const char *db, const char *const *prefix)
{
	mc_store *s = support_store_open(db);
	char *dump = support_store_dump(s);
	mc_store_close(s);
	size_t n = strlen(dump) + 1, len = 0;
	char *out = malloc(n);
	out[0] = '\0';
	for (char *line = strtok(dump, "\n"); line; line = strtok(NULL, "\n"))
		for (int k = 0; prefix[k]; k++)
			if (strncmp(line, prefix[k], strlen(prefix[k])) == 0) {
				len += (size_t)snprintf(out + len, n - len,
							"%s\n", line);
				break;
			}
	free(dump);
	return out;
}

int support_floor_day(const char *dir, const char *db, int run, const char *day,
		      const char *next, int ship, const char *extra)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT u.identifier FROM unit_plan p JOIN units u ON "
		 "u.id = p.unit WHERE p.run = %d AND p.status = 'planned' "
		 "AND p.day = '%s' ORDER BY u.identifier",
		 run, day);
	char *ids = support_rows(db, sql);
	char *csv = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&csv, &len);
	fputs("identifier,status,date\n", f);
	int i = 0;
	for (char *l = ids, *e; *l; l = e + 1, i++) {
		e = strchr(l, '\n');
		fprintf(f, "%.*s,produced,%s\n", (int)(e - l), l, day);
		if (i < ship)
			fprintf(f, "%.*s,shipped,%s\n", (int)(e - l), l, next);
	}
	fputs(extra, f);
	fclose(f);
	cr_assert_gt(i, 0, "no unit planned on %s", day);
	char *path = support_write(dir, "actuals.csv", csv);
	int rc = support_run_in(dir, "actuals %s --db %s", path, db);
	char *err = support_read_in(dir, "out.txt.err");
	cr_assert_eq(rc, 0, "actuals exited %d: %s", rc, err);
	free(err);
	free(path);
	free(csv);
	free(ids);
	return i;
}

const char *support_line_with(const char *text, const char *a, const char *b)
{
	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, n);
		int both = strstr(line, a) && strstr(line, b);
		free(line);
		if (both)
			return p;
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

uint64_t support_store_next_serial(mc_store *s)
{
	mc_diag d = MC_DIAG_INIT;
	uint64_t v = 0;
	cr_assert_eq(mc_store_next_serial(s, &v, &d), 0);
	mc_diag_release(&d);
	return v;
}

/* ---- coverage of the planning model ---- */

static const char *const cov_names[SUPPORT_COV_N] = {
    "material stock",
    "dated receipts",
    "family materials",
    "option materials",
    "release",
    "max_late_days",
    "priority",
    "workdays",
    "holidays",
    "calendar 0 hours",
    "calendar on a day off",
    "calendar other hours",
    "overtime",
    "lane cost_by_family",
    "transit days",
    "plant routing override",
    "option costs",
    "option minutes",
    "resource families",
    "two resources of a kind",
    "order late_penalty",
    "order unmet_penalty",
    "plant not making a family",
    "a family with no lane to a region",
};

const char *support_cover_name(int c)
{
	return cov_names[c];
}

static int is_workday(const mc_model *m, const mc_plant *p, int t)
{
	int wd = mc_date_weekday(m->start + t);
	for (int i = 0; i < p->nholidays; i++)
		if (p->holidays[i] == m->start + t)
			return 0;
	return (p->workdays >> wd) & 1u;
}

void support_cover(const mc_model *m, int *seen)
{
	for (int p = 0; p < m->nplants; p++) {
		const mc_plant *pl = &m->plants[p];
		if (pl->workdays != 0x1f)
			seen[SUPPORT_COV_WORKDAYS] = 1;
		for (int i = 0; i < pl->nholidays; i++)
			if (pl->holidays[i] >= m->start &&
			    pl->holidays[i] < m->start + m->horizon_days)
				seen[SUPPORT_COV_HOLIDAY] = 1;
		for (int j = 0; j < m->nmaterials; j++) {
			if (!pl->mat_listed[j])
				continue;
			seen[SUPPORT_COV_STOCK] = 1;
			for (int t = 0; t < m->horizon_days; t++)
				if (pl->mat_receipts[j * m->horizon_days + t])
					seen[SUPPORT_COV_RECEIPT] = 1;
		}
		for (int f = 0; f < m->nfamilies; f++) {
			if (!pl->makes[f]) {
				seen[SUPPORT_COV_NO_MAKE] = 1;
				continue;
			}
			for (int k = 0; k < m->nkinds; k++) {
				if (pl->routing[f * m->nkinds + k] >= 0)
					seen[SUPPORT_COV_PROUTE] = 1;
				int n = 0;
				for (int i = 0; i < pl->nresources; i++) {
					const mc_resource *r =
					    &m->resources[pl->resources[i]];
					n += r->kind == k && r->admits[f];
				}
				if (n > 1)
					seen[SUPPORT_COV_SPLIT] = 1;
			}
		}
	}
	for (int i = 0; i < m->nresources; i++) {
		const mc_resource *r = &m->resources[i];
		const mc_plant *pl = &m->plants[r->plant];
		if (r->ot_hours > 0 && r->ot_cost > 0)
			seen[SUPPORT_COV_OVERTIME] = 1;
		for (int f = 0; f < m->nfamilies; f++)
			if (pl->makes[f] && !r->admits[f])
				seen[SUPPORT_COV_ADMITS] = 1;
		for (int c = 0; c < r->cal_n; c++) {
			int t = r->cal_day[c] - m->start;
			if (t < 0 || t >= m->horizon_days)
				continue;
			if (r->cal_hours[c] == 0)
				seen[SUPPORT_COV_CAL_ZERO] = 1;
			else if (!is_workday(m, pl, t))
				seen[SUPPORT_COV_CAL_EXTRA] = 1;
			else if (r->cal_hours[c] != r->hours)
				seen[SUPPORT_COV_CAL_OTHER] = 1;
		}
	}
	for (int l = 0; l < m->nlanes; l++) {
		if (m->lanes[l].days != m->lanes[0].days)
			seen[SUPPORT_COV_TRANSIT] = 1;
		for (int f = 0; f < m->nfamilies; f++)
			if (m->lanes[l].family_cost[f] >= 0)
				seen[SUPPORT_COV_LANE_FAM] = 1;
	}
	for (int f = 0; f < m->nfamilies; f++) {
		const mc_family *fam = &m->families[f];
		for (int g = 0; g < m->nregions; g++) {
			int reach = 0;
			for (int p = 0; p < m->nplants; p++)
				reach |= m->plants[p].makes[f] &&
					 m->lane_of[p * m->nregions + g] >= 0;
			if (!reach)
				seen[SUPPORT_COV_NO_LANE] = 1;
		}
		for (int j = 0; j < m->nmaterials; j++)
			if (fam->materials[j] > 0)
				seen[SUPPORT_COV_FAM_MAT] = 1;
		for (int q = 0; q < fam->nopts; q++)
			for (int w = 0; w < fam->opts[q].nvals; w++) {
				const mc_optval *v = &fam->opts[q].vals[w];
				if (v->cost > 0)
					seen[SUPPORT_COV_OPT_COST] = 1;
				for (int k = 0; k < m->nkinds; k++)
					if (v->routing[k] > 0)
						seen[SUPPORT_COV_OPT_MIN] = 1;
				for (int j = 0; j < m->nmaterials; j++)
					if (v->materials[j] > 0)
						seen[SUPPORT_COV_OPT_MAT] = 1;
			}
	}
	for (int o = 0; o < m->norders; o++) {
		const mc_order *ord = &m->orders[o];
		const mc_family *fam = &m->families[ord->family];
		if (ord->release > m->start)
			seen[SUPPORT_COV_RELEASE] = 1;
		if (ord->max_late_days >= 0)
			seen[SUPPORT_COV_MAX_LATE] = 1;
		if (ord->priority != 1)
			seen[SUPPORT_COV_PRIORITY] = 1;
		if (ord->late_penalty != fam->late_penalty)
			seen[SUPPORT_COV_LATE_OVR] = 1;
		if (ord->unmet_penalty != fam->unmet_penalty)
			seen[SUPPORT_COV_UNMET_OVR] = 1;
	}
}

/* ---- a small JSON checker (support_json_valid) ---- */

struct js {
	const unsigned char *p;
};

static void js_ws(struct js *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
		j->p++;
}

static int js_string(struct js *j)
{
	if (*j->p++ != '"')
		return 0;
	while (*j->p != '"') {
		unsigned c = *j->p;
		if (c < 0x20)
			return 0;
		if (c == '\\') {
			j->p++;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF",
						    j->p[i]) ||
					    !j->p[i])
						return 0;
				j->p += 5;
			} else if (*j->p && strchr("\"\\/bfnrt", *j->p))
				j->p++;
			else
				return 0;
			continue;
		}
		int n = c < 0x80	   ? 1
			: (c >> 5) == 6	   ? 2
			: (c >> 4) == 0xE  ? 3
			: (c >> 3) == 0x1E ? 4
					   : 0;
		if (!n)
			return 0;
		for (int i = 1; i < n; i++)
			if ((j->p[i] & 0xC0) != 0x80)
				return 0;
		j->p += n;
	}
	j->p++;
	return 1;
}

static int js_value(struct js *j, int depth);

static int js_members(struct js *j, int depth, char close, int keyed)
{
	j->p++;
	js_ws(j);
	if (*j->p == close) {
		j->p++;
		return 1;
	}
	for (;;) {
		js_ws(j);
		if (keyed) {
			if (!js_string(j))
				return 0;
			js_ws(j);
			if (*j->p++ != ':')
				return 0;
		}
		if (!js_value(j, depth + 1))
			return 0;
		js_ws(j);
		if (*j->p == ',') {
			j->p++;
			continue;
		}
		return *j->p++ == close;
	}
}

static int js_value(struct js *j, int depth)
{
	js_ws(j);
	if (depth > 64)
		return 0;
	switch (*j->p) {
	case '{':
		return js_members(j, depth, '}', 1);
	case '[':
		return js_members(j, depth, ']', 0);
	case '"':
		return js_string(j);
	}
	static const char *const words[] = {"true", "false", "null"};
	for (int i = 0; i < 3; i++)
		if (strncmp((const char *)j->p, words[i], strlen(words[i])) ==
		    0) {
			j->p += strlen(words[i]);
			return 1;
		}
	const unsigned char *start = j->p;
	if (*j->p == '-')
		j->p++;
	if (*j->p < '0' || *j->p > '9')
		return 0;
	j->p += strspn((const char *)j->p, "0123456789");
	if (*j->p == '.')
		j->p += 1 + strspn((const char *)j->p + 1, "0123456789");
	if (*j->p == 'e' || *j->p == 'E') {
		j->p++;
		if (*j->p == '+' || *j->p == '-')
			j->p++;
		size_t n = strspn((const char *)j->p, "0123456789");
		if (n == 0)
			return 0;
		j->p += n;
	}
	return j->p > start;
}

int support_json_valid(const char *s)
{
	struct js j = {(const unsigned char *)s};
	if (!js_value(&j, 0))
		return 0;
	js_ws(&j);
	return *j.p == 0;
}

/* ---- SQL on a database, for checks independent of the store ---- */

/* Runs sql on db with row() for each row; the test fails on an error. */
static void query(const char *db, const char *sql, mc_store_row_fn row,
		  void *ctx)
{
	mc_diag d = MC_DIAG_INIT;
	mc_store *s = open_with(db, mc_store_open_readonly);
	cr_assert_eq(mc_store_query(s, sql, row, ctx, &d), 0, "%s: %s", sql,
		     d.n ? d.v[0].msg : "?");
	mc_store_close(s);
	mc_diag_release(&d);
}

/* The first value of the first row. */
struct first {
	int seen;
	int64_t i;
	double r;
};

static int take_first(void *ctx, int n, const mc_store_value *v)
{
	struct first *f = ctx;
	f->seen = 1;
	if (n > 0)
		f->i = v[0].i, f->r = v[0].r;
	return 1; /* the first row is all */
}

/* Query fmt's first row's first value. */
static struct first first_row(const char *db, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static struct first first_row(const char *db, const char *fmt, va_list ap)
{
	char sql[4096];
	struct first f = {0};
	vsnprintf(sql, sizeof(sql), fmt, ap);
	query(db, sql, take_first, &f);
	cr_assert(f.seen, "%s: no row", sql);
	return f;
}

long long support_q1(const char *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct first f = first_row(db, fmt, ap);
	va_end(ap);
	return (long long)f.i;
}

double support_qd(const char *db, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct first f = first_row(db, fmt, ap);
	va_end(ap);
	return f.r;
}

/* Every row as a line, its values joined by ','. */
static int take_row(void *ctx, int n, const mc_store_value *v)
{
	FILE *f = ctx;
	for (int c = 0; c < n; c++)
		fprintf(f, "%s%s", c ? "," : "", v[c].text ? v[c].text : "");
	fputc('\n', f);
	return 0;
}

char *support_rows(const char *db, const char *sql)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_not_null(f);
	query(db, sql, take_row, f);
	fclose(f);
	return buf;
}
