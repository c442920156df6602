/*
 * load.c - reading catalog.yaml, plants.yaml, orders.yaml and job.yaml
 * (DESIGN.md section 2) into an mc_model, with validation.
 *
 * Each file is read whole (only a regular file, of at most
 * MC_MAX_FILE_BYTES), hashed (FNV-1a 64), checked for its shape by one pass
 * over libyaml's events (nesting, sizes, aliases, NUL characters; see
 * prepass) and only then parsed into a libyaml document tree.  Every
 * number and count has a bound of load.h.
 *
 * Loading then goes in two passes over the trees: a forgiving scan interns
 * every resource kind and material name, so that the dense per-kind and
 * per-material arrays can be sized by their final counts, and a checking
 * pass builds the records.  Names are found through hash sets, so the work
 * is linear in the size of the input.  The checking pass reports every
 * problem it meets to the caller's mc_diag at the offending node's 1-based
 * position and carries on, so one run shows as many errors as possible.
 *
 * Every scalar is text to us (YAML 1.1 would read a bare `no` as false);
 * numbers and dates are converted here.
 *
 * Memory: everything the model holds (records, arrays, strings, the file
 * names in positions) comes from the caller's arena.  The file bytes, YAML
 * documents and id sets are this module's and are freed before returning.
 * This is the only module that includes <yaml.h>.
 */
#include "load.h"
#include "date.h"
#include "file.h"
#include "hash.h"
#include "ids.h"

#include <yaml.h>

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One input file: its bytes and its YAML tree. */
struct src {
	const char *path; /* arena copy, used in positions */
	char *buf;
	size_t len;
	yaml_document_t doc;
	int has_doc;
	yaml_node_t *root; /* NULL when the file did not load */
};

/* A growing table of interned names, in the arena, of at most max names;
 * over is where the first name beyond them was seen (line 0: nowhere). */
struct names {
	const char **v;
	int n, cap, max;
	mc_pos over;
};

/* Ids seen so far in one namespace, with the line each was first seen on
 * (or another positive number: an index + 1 when it is an index of names).
 * The keys are borrowed. */
struct idset {
	const char **key;
	int *line;
	size_t cap, n;
};

/* What loading knows while it goes. */
struct ld {
	mc_arena *a;
	mc_model *m;
	mc_diag *d;
	struct src *s; /* the file being read */
	struct names kinds, mats, regions;
	struct names reskinds;	/* kinds some resource has */
	struct names routkinds; /* kinds some routing uses */
	int nres;		/* resources in plants.yaml */
	const char **famids;	/* [nfamilies], "" where unusable */
	const char **plantids;	/* [nplants], "" where unusable */
	int *lane_line;		/* [nplants * nregions] line of the lane, 0 */
	/* indexes + 1 by name, so a million references cost a million
	 * lookups, not a million scans */
	struct idset famidx, plantidx, regidx;
	struct idset choices; /* "o<f>\x1f<option>", "v<f>\x1f<o>\x1f<value>" */
};

/* A key a mapping may have. */
struct field {
	const char *key;
	int required;
};

enum { NUM_NONNEG = 1, NUM_POS = 2, NUM_INT = 4 };

static const char *const weekdays[] = {"mon", "tue", "wed", "thu",
				       "fri", "sat", "sun"};
static const char *const family_kinds[] = {"furniture", "apparel", "aircon"};

/* ---- id sets ---- */

static void idset_init(struct idset *s, int n)
{
	s->cap = 16;
	while (s->cap < 2 * (size_t)n)
		s->cap *= 2;
	s->key = mc_xcalloc(s->cap, sizeof(*s->key));
	s->line = mc_xcalloc(s->cap, sizeof(*s->line));
	s->n = 0;
}

static void idset_release(struct idset *s)
{
	free(s->key);
	free(s->line);
}

/* The slot of key in s: where it is, or the empty one where it would go. */
static size_t idset_slot(const struct idset *s, const char *key)
{
	size_t mask = s->cap - 1;
	size_t i = mc_hash_fnv1a(key, strlen(key)) & mask;
	while (s->key[i] && strcmp(s->key[i], key))
		i = (i + 1) & mask;
	return i;
}

/* Adds key, seen at line (>= 1).  Returns the line it was first seen on if
 * it was there already, else 0.  The set grows to stay at most half full. */
static int idset_add(struct idset *s, const char *key, int line)
{
	size_t i = idset_slot(s, key);
	if (s->key[i])
		return s->line[i];
	if (2 * (s->n + 1) > s->cap) {
		struct idset t;
		idset_init(&t, (int)s->cap);
		for (size_t j = 0; j < s->cap; j++)
			if (s->key[j])
				idset_add(&t, s->key[j], s->line[j]);
		idset_release(s);
		*s = t;
		i = idset_slot(s, key);
	}
	s->key[i] = key;
	s->line[i] = line;
	s->n++;
	return 0;
}

/* The line (or index + 1) of key, 0 when it is not in s. */
static int idset_find(const struct idset *s, const char *key)
{
	return s->cap ? s->line[idset_slot(s, key)] : 0;
}

/* Indexes the n names (skipping "" and repeats: the first one counts). */
static void idset_index(struct idset *s, const char *const *names, int n)
{
	idset_init(s, n);
	for (int i = 0; i < n; i++)
		if (names[i] && *names[i])
			idset_add(s, names[i], i + 1);
}

/* ---- nodes ---- */

static yaml_node_t *node(struct ld *l, int id)
{
	return yaml_document_get_node(&l->s->doc, id);
}

static const char *text(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static int is_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE;
}

/* A plain empty, ~ or null scalar. */
static int is_null(const yaml_node_t *n)
{
	if (!is_scalar(n) || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	const char *t = text(n);
	return !*t || !strcmp(t, "~") || !strcmp(t, "null") ||
	       !strcmp(t, "Null") || !strcmp(t, "NULL");
}

static int line_of(const yaml_node_t *n)
{
	return (int)n->start_mark.line + 1;
}

static mc_pos pos_of(struct ld *l, const yaml_node_t *n)
{
	return (mc_pos){l->s->path, line_of(n), (int)n->start_mark.column + 1};
}

static int npairs(const yaml_node_t *map)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return 0;
	return (int)(map->data.mapping.pairs.top -
		     map->data.mapping.pairs.start);
}

/* Key i of a mapping when it is usable text, else NULL. */
static yaml_node_t *pair_key(struct ld *l, const yaml_node_t *map, int i)
{
	yaml_node_t *k = node(l, map->data.mapping.pairs.start[i].key);
	return is_scalar(k) && !is_null(k) ? k : NULL;
}

static yaml_node_t *pair_val(struct ld *l, const yaml_node_t *map, int i)
{
	return node(l, map->data.mapping.pairs.start[i].value);
}

static int seq_len(const yaml_node_t *seq)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return 0;
	return (int)(seq->data.sequence.items.top -
		     seq->data.sequence.items.start);
}

static yaml_node_t *seq_at(struct ld *l, const yaml_node_t *seq, int i)
{
	return node(l, seq->data.sequence.items.start[i]);
}

/* The value of key in map, or NULL (also when map is not a mapping). */
static yaml_node_t *get(struct ld *l, const yaml_node_t *map, const char *key)
{
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		if (k && !strcmp(text(k), key))
			return pair_val(l, map, i);
	}
	return NULL;
}

/* Like get(), but a null value counts as absent (for optional keys). */
static yaml_node_t *opt(struct ld *l, const yaml_node_t *map, const char *key)
{
	yaml_node_t *v = get(l, map, key);
	return v && is_null(v) ? NULL : v;
}

/* ---- names ---- */

static int names_find(const struct names *t, const char *s)
{
	return mc_model_find(t->v, t->n, s);
}

/* Index of the text of scalar k in t, adding an arena copy when it is
 * new; -1 when t is full (the first such k is noted in t->over). */
static int names_add(struct ld *l, struct names *t, const yaml_node_t *k)
{
	const char *s = text(k);
	int i = names_find(t, s);
	if (i >= 0)
		return i;
	if (t->n == t->max) {
		if (!t->over.line)
			t->over = pos_of(l, k);
		return -1;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		const char **v =
		    mc_arena_calloc(l->a, (size_t)t->cap, sizeof(*v));
		if (t->n)
			memcpy(v, t->v, (size_t)t->n * sizeof(*v));
		t->v = v;
	}
	t->v[t->n] = mc_arena_strdup(l->a, s);
	return t->n++;
}

/* ---- reporting ---- */

static void err(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Reports a problem at node n of the current file. */
static void err(struct ld *l, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	size_t size = (size_t)(len < 0 ? 0 : len) + 1;
	char *msg = mc_xmalloc(size);
	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	mc_diag_at(l->d, MC_EINPUT, l->s->path, line_of(n),
		   (int)n->start_mark.column + 1, "%s", msg);
	free(msg);
}

/* " (did you mean 'x'?)" when a candidate is close to word, else "" (also
 * when d keeps no more messages: the search is then wasted). */
static const char *hint(const mc_diag *d, const char *word,
			const char *const *cand, int n, char *buf, size_t size)
{
	const char *s = mc_diag_full(d) ? NULL : mc_diag_suggest(word, cand, n);
	if (!s)
		return "";
	snprintf(buf, size, " (did you mean '%s'?)", s);
	return buf;
}

/* "unknown <what> 'word' (did you mean ...?)" at n. */
static void unknown(struct ld *l, const yaml_node_t *n, const char *what,
		    const char *word, const char *const *cand, int count)
{
	char buf[512];
	err(l, n, "unknown %s '%s'%s", what, word,
	    hint(l->d, word, cand, count, buf, sizeof(buf)));
}

/*
 * "expected <what> for <label>, found <what n is>" at n.  label is a key
 * and gets quoted, or a phrase starting "each " used as it is ("each
 * holiday"), or NULL for the top of the file.
 */
static void expected(struct ld *l, const yaml_node_t *n, const char *what,
		     const char *label)
{
	const char *q = label && strncmp(label, "each ", 5) ? "'" : "";
	const char *pre = label ? "for " : "at the top level";
	label = label ? label : "";
	if (is_scalar(n) && !is_null(n))
		err(l, n, "expected %s %s%s%s%s, found '%s'", what, pre, q,
		    label, q, text(n));
	else
		err(l, n, "expected %s %s%s%s%s, found %s", what, pre, q, label,
		    q,
		    n->type == YAML_MAPPING_NODE    ? "a mapping"
		    : n->type == YAML_SEQUENCE_NODE ? "a sequence"
						    : "nothing");
}

/* ---- typed values ---- */

/* Checks that n is a mapping whose keys are text, each there once.
 * Returns 0, or -1 after reporting when n is not a mapping. */
static int want_map(struct ld *l, yaml_node_t *n, const char *label)
{
	if (n->type != YAML_MAPPING_NODE) {
		expected(l, n, "a mapping", label);
		return -1;
	}
	struct idset seen;
	idset_init(&seen, npairs(n));
	for (int i = 0; i < npairs(n); i++) {
		yaml_node_t *k = pair_key(l, n, i);
		if (!k) {
			expected(l, node(l, n->data.mapping.pairs.start[i].key),
				 "a name", "each key");
			continue;
		}
		int first = idset_add(&seen, text(k), line_of(k));
		if (first)
			err(l, k, "duplicate key '%s' (first at line %d)",
			    text(k), first);
	}
	idset_release(&seen);
	return 0;
}

/* Checks a mapping against the keys it may have: unknown keys (with a
 * suggestion), missing required ones.  Returns 0 when n is a mapping, even
 * with bad keys, so checking goes on; -1 otherwise. */
static int check_map(struct ld *l, yaml_node_t *n, const char *label,
		     const struct field *f)
{
	const char *keys[16];
	int nkeys = 0;

	if (want_map(l, n, label))
		return -1;
	for (; f[nkeys].key; nkeys++) {
		assert(nkeys < 16);
		keys[nkeys] = f[nkeys].key;
	}
	for (int i = 0; i < npairs(n); i++) {
		yaml_node_t *k = pair_key(l, n, i);
		if (k && mc_model_find(keys, nkeys, text(k)) < 0)
			unknown(l, k, "key", text(k), keys, nkeys);
	}
	for (int i = 0; i < nkeys; i++)
		if (f[i].required && !get(l, n, keys[i]))
			err(l, n, "missing required key '%s'", keys[i]);
	return 0;
}

static int want_seq(struct ld *l, yaml_node_t *n, const char *label)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return 0;
	expected(l, n, "a sequence", label);
	return -1;
}

/* Reports "<count> <what>, more than the limit of <max>" at n when count
 * is above max (a bound of load.h) and returns -1; else 0. */
static int too_many(struct ld *l, const yaml_node_t *n, long long count,
		    long long max, const char *what)
{
	if (count <= max)
		return 0;
	err(l, n, "%lld %s, more than the limit of %lld", count, what, max);
	return -1;
}

/* Non-empty text, or NULL after reporting. */
static const char *want_str(struct ld *l, yaml_node_t *n, const char *label)
{
	if (is_scalar(n) && !is_null(n) && *text(n))
		return text(n);
	expected(l, n, "a string", label);
	return NULL;
}

/* A decimal number: [+-]digits[.digits][e[+-]digits], finite. */
static int parse_number(const char *s, double *out)
{
	const char *p = s;
	size_t digits = 0;
	if (*p == '+' || *p == '-')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (!digits)
		return -1;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return -1;
	double v = strtod(s, NULL);
	if (!isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* A number with the NUM_* properties in flags, at most max (a bound of
 * load.h), and when fractional either 0 or at least MC_MIN_NONZERO in size.
 * Returns 0, or -1 after reporting (and *out unchanged). */
static int want_num(struct ld *l, yaml_node_t *n, const char *label, int flags,
		    double max, double *out)
{
	static const char *const what[8] = {
	    "a number",		  "a non-negative number",
	    "a positive number",  "a positive number",
	    "an integer",	  "a non-negative integer",
	    "a positive integer", "a positive integer",
	};
	double v;
	int bad = !is_scalar(n) || parse_number(text(n), &v);
	if (!bad && (flags & NUM_INT))
		bad = v != floor(v) || fabs(v) > INT_MAX;
	if (!bad && (flags & NUM_NONNEG))
		bad = v < 0;
	if (!bad && (flags & NUM_POS))
		bad = v <= 0;
	if (bad) {
		expected(l, n, what[flags & 7], label);
		return -1;
	}
	const char *q = strncmp(label, "each ", 5) ? "'" : "";
	if (v > max) {
		err(l, n, "%s%s%s %s is above the limit of %.10g", q, label, q,
		    text(n), max);
		return -1;
	}
	if (v != 0 && fabs(v) < MC_MIN_NONZERO) {
		err(l, n, "%s%s%s %s is below the smallest amount %g (or 0)", q,
		    label, q, text(n), MC_MIN_NONZERO);
		return -1;
	}
	*out = v;
	return 0;
}

static int want_int(struct ld *l, yaml_node_t *n, const char *label, int flags,
		    int max, int *out)
{
	double v;
	if (want_num(l, n, label, flags | NUM_INT, max, &v))
		return -1;
	*out = (int)v;
	return 0;
}

/* An ISO date within MC_DATE_MIN..MC_DATE_MAX. */
static int want_date(struct ld *l, yaml_node_t *n, const char *label, int *out)
{
	int day;
	if (!is_scalar(n) || mc_date_parse(text(n), &day)) {
		expected(l, n, "a date (YYYY-MM-DD)", label);
		return -1;
	}
	if (day < MC_DATE_MIN || day > MC_DATE_MAX) {
		char lo[11], hi[11];
		err(l, n, "date '%s' is outside %s..%s", text(n),
		    mc_date_format(MC_DATE_MIN, lo),
		    mc_date_format(MC_DATE_MAX, hi));
		return -1;
	}
	*out = day;
	return 0;
}

/* The index of n's text among names, found in idx (an index of them)
 * when not NULL, or -1 after reporting "unknown <what> 'x'". */
static int want_ref(struct ld *l, yaml_node_t *n, const char *what,
		    const char *const *names, int count,
		    const struct idset *idx)
{
	const char *t = want_str(l, n, what);
	if (!t)
		return -1;
	int i = idx ? idset_find(idx, t) - 1 : mc_model_find(names, count, t);
	if (i < 0)
		unknown(l, n, what, t, names, count);
	return i;
}

/* Reports an id seen before in the same namespace. */
static void unique(struct ld *l, struct idset *set, yaml_node_t *n,
		   const char *what, const char *id)
{
	int first = idset_add(set, id, line_of(n));
	if (first)
		err(l, n, "duplicate %s '%s' (first at line %d)", what, id,
		    first);
}

static double *dense(struct ld *l, int n, double init)
{
	double *v = mc_arena_calloc(l->a, (size_t)(n > 0 ? n : 1), sizeof(*v));
	for (int i = 0; i < n; i++)
		v[i] = init;
	return v;
}

/*
 * Reads a { name: non-negative number } mapping into dense[] indexed by the
 * name's place in t (interned by the scan).  For a routing (t is the kinds)
 * the kind must also be one that some plant has a resource of.
 */
static void load_amounts(struct ld *l, yaml_node_t *map, const char *label,
			 const struct names *t, double *out)
{
	if (!map || want_map(l, map, label))
		return;
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		if (!k)
			continue;
		int at = names_find(t, text(k));
		assert(at >= 0);
		if (t == &l->kinds && names_find(&l->reskinds, text(k)) < 0) {
			char buf[512];
			const char *h = hint(l->d, text(k), l->reskinds.v,
					     l->reskinds.n, buf, sizeof(buf));
			err(l, k, "no plant has a resource of kind '%s'%s",
			    text(k), h);
		}
		want_num(l, pair_val(l, map, i), text(k), NUM_NONNEG,
			 t == &l->kinds ? MC_MAX_MINUTES : MC_MAX_PER_UNIT,
			 &out[at]);
	}
}

/* Loads item i of a sequence of records whose ids share one namespace. */
typedef void load_item_fn(struct ld *l, yaml_node_t *n, int i,
			  struct idset *ids);

static void load_items(struct ld *l, yaml_node_t *seq, load_item_fn *fn)
{
	struct idset ids;

	idset_init(&ids, seq_len(seq));
	for (int i = 0; i < seq_len(seq); i++)
		fn(l, seq_at(l, seq, i), i, &ids);
	idset_release(&ids);
}

/* The sequence under key in a file that must be a mapping holding only
 * that key (catalog, orders), or NULL after reporting. */
static yaml_node_t *sole_list(struct ld *l, struct src *s, const char *key)
{
	const struct field top[] = {{key, 1}, {NULL, 0}};

	l->s = s;
	if (check_map(l, s->root, NULL, top))
		return NULL;
	yaml_node_t *v = get(l, s->root, key);
	if (!v || want_seq(l, v, key))
		return NULL;
	return v;
}

/* ---- the scan: names first ---- */

/* Reports a table that the scan found full, at the first name beyond it;
 * returns -1 then, else 0. */
static int names_over(struct ld *l, const struct names *t, int max,
		      const char *what)
{
	if (!t->over.line)
		return 0;
	return mc_diag_at(l->d, MC_EINPUT, t->over.file, t->over.line,
			  t->over.col, "more than %d %s (the limit)", max,
			  what);
}

static void intern_keys(struct ld *l, const yaml_node_t *map, struct names *t)
{
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		if (k)
			names_add(l, t, k);
	}
}

/* Interns resource kinds and materials from wherever they appear, counts
 * families and resources; forgiving, the checking pass reports. */
static void scan(struct ld *l, struct src *cat, struct src *pl)
{
	l->s = cat;
	yaml_node_t *fams = get(l, cat->root, "families");
	for (int i = 0; i < seq_len(fams); i++) {
		yaml_node_t *f = seq_at(l, fams, i);
		intern_keys(l, get(l, f, "routing"), &l->kinds);
		intern_keys(l, get(l, f, "routing"), &l->routkinds);
		intern_keys(l, get(l, f, "materials"), &l->mats);
		yaml_node_t *opts = get(l, f, "options");
		for (int j = 0; j < npairs(opts); j++) {
			yaml_node_t *vals = pair_val(l, opts, j);
			for (int k = 0; k < npairs(vals); k++) {
				yaml_node_t *v = pair_val(l, vals, k);
				intern_keys(l, get(l, v, "routing"), &l->kinds);
				intern_keys(l, get(l, v, "routing"),
					    &l->routkinds);
				intern_keys(l, get(l, v, "materials"),
					    &l->mats);
			}
		}
	}
	l->m->nfamilies = seq_len(fams);

	l->s = pl;
	yaml_node_t *plants = get(l, pl->root, "plants");
	for (int i = 0; i < seq_len(plants); i++) {
		yaml_node_t *p = seq_at(l, plants, i);
		yaml_node_t *res = get(l, p, "resources");
		for (int j = 0; j < seq_len(res); j++) {
			yaml_node_t *kind = get(l, seq_at(l, res, j), "kind");
			if (is_scalar(kind) && !is_null(kind)) {
				names_add(l, &l->kinds, kind);
				names_add(l, &l->reskinds, kind);
			}
		}
		l->nres += seq_len(res);
		yaml_node_t *routing = get(l, p, "routing");
		for (int j = 0; j < npairs(routing); j++) {
			intern_keys(l, pair_val(l, routing, j), &l->kinds);
			intern_keys(l, pair_val(l, routing, j), &l->routkinds);
		}
		intern_keys(l, get(l, p, "materials"), &l->mats);
	}

	l->m->kinds = l->kinds.v;
	l->m->nkinds = l->kinds.n;
	l->m->materials = l->mats.v;
	l->m->nmaterials = l->mats.n;
}

/* ---- catalog.yaml ---- */

/* The key of option name of family f (o < 0) or of value name of its
 * option o in l->choices, in buf of n >= strlen(name) + 32 bytes. */
static char *choice_key(char *buf, size_t n, int f, int o, const char *name)
{
	if (o < 0)
		snprintf(buf, n, "o%d\x1f%s", f, name);
	else
		snprintf(buf, n, "v%d\x1f%d\x1f%s", f, o, name);
	return buf;
}

/* Notes option (o < 0) or value name at index i for lookups. */
static void add_choice(struct ld *l, int f, int o, const char *name, int i)
{
	size_t n = strlen(name) + 32;
	char *key = mc_arena_alloc(l->a, n);
	idset_add(&l->choices, choice_key(key, n, f, o, name), i + 1);
}

/* The index of option name of family f (o < 0), or of value name of its
 * option o; -1 when there is none. */
static int find_choice(struct ld *l, int f, int o, const char *name)
{
	size_t n = strlen(name) + 32;
	char *key = mc_xmalloc(n);
	int i = idset_find(&l->choices, choice_key(key, n, f, o, name)) - 1;
	free(key);
	return i;
}

static void load_optval(struct ld *l, yaml_node_t *k, yaml_node_t *v,
			mc_optval *ov)
{
	static const struct field fields[] = {
	    {"routing", 0}, {"cost", 0}, {"materials", 0}, {NULL, 0}};
	yaml_node_t *x;

	ov->name = mc_arena_strdup(l->a, text(k));
	ov->pos = pos_of(l, k);
	ov->routing = dense(l, l->m->nkinds, 0);
	ov->materials = dense(l, l->m->nmaterials, 0);
	if (is_null(v) || check_map(l, v, text(k), fields))
		return;
	load_amounts(l, opt(l, v, "routing"), "routing", &l->kinds,
		     ov->routing);
	if ((x = opt(l, v, "cost")))
		want_num(l, x, "cost", NUM_NONNEG, MC_MAX_MONEY, &ov->cost);
	load_amounts(l, opt(l, v, "materials"), "materials", &l->mats,
		     ov->materials);
}

static void load_options(struct ld *l, yaml_node_t *map, int f)
{
	mc_family *fam = &l->m->families[f];
	if (!map || want_map(l, map, "options") ||
	    too_many(l, map, npairs(map), MC_MAX_OPTIONS, "options"))
		return;
	fam->opts =
	    mc_arena_calloc(l->a, (size_t)npairs(map) + 1, sizeof(*fam->opts));
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		yaml_node_t *vals = pair_val(l, map, i);
		if (!k)
			continue;
		int oi = fam->nopts++;
		mc_option *o = &fam->opts[oi];
		o->name = mc_arena_strdup(l->a, text(k));
		add_choice(l, f, -1, o->name, oi);
		o->pos = pos_of(l, k);
		if (want_map(l, vals, o->name) ||
		    too_many(l, vals, npairs(vals), MC_MAX_VALUES, "values"))
			continue;
		if (!npairs(vals))
			err(l, vals, "option '%s' has no values", o->name);
		o->vals = mc_arena_calloc(l->a, (size_t)npairs(vals) + 1,
					  sizeof(*o->vals));
		for (int j = 0; j < npairs(vals); j++) {
			yaml_node_t *vk = pair_key(l, vals, j);
			if (!vk)
				continue;
			add_choice(l, f, oi, text(vk), o->nvals);
			load_optval(l, vk, pair_val(l, vals, j),
				    &o->vals[o->nvals++]);
		}
	}
}

static void check_gtin(struct ld *l, yaml_node_t *n, const char *t)
{
	if (strlen(t) != 14 || strspn(t, "0123456789") != 14)
		err(l, n, "gtin '%s' must be 14 digits", t);
	else if (!mc_gtin_valid(t))
		err(l, n, "gtin '%s' has check digit %c, expected %d", t, t[13],
		    mc_gtin_check_digit(t, 13));
}

static void load_family(struct ld *l, yaml_node_t *n, int f, struct idset *ids)
{
	static const struct field fields[] = {{"id", 1},
					      {"kind", 1},
					      {"code", 1},
					      {"gtin", 1},
					      {"routing", 1},
					      {"holding_cost", 1},
					      {"late_penalty", 1},
					      {"unmet_penalty", 1},
					      {"options", 0},
					      {"materials", 0},
					      {NULL, 0}};
	mc_family *fam = &l->m->families[f];
	yaml_node_t *v;
	const char *t;

	fam->routing = dense(l, l->m->nkinds, 0);
	fam->materials = dense(l, l->m->nmaterials, 0);
	l->famids[f] = "";
	if (check_map(l, n, "each family", fields))
		return;
	fam->pos = pos_of(l, n);
	if ((v = get(l, n, "id")) && (t = want_str(l, v, "id"))) {
		if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
		    strlen(t))
			err(l, v,
			    "family id '%s' may use only a-z, 0-9 and '-'", t);
		fam->id = l->famids[f] = mc_arena_strdup(l->a, t);
		unique(l, ids, v, "family", fam->id);
	}
	if ((v = get(l, n, "kind")))
		fam->kind =
		    want_ref(l, v, "family kind", family_kinds, 3, NULL);
	if ((v = get(l, n, "code")) && (t = want_str(l, v, "code"))) {
		if (!mc_id_code_valid(t))
			err(l, v, "code '%s' must be 2-4 capital letters", t);
		fam->code = mc_arena_strdup(l->a, t);
	}
	if ((v = get(l, n, "gtin")) && (t = want_str(l, v, "gtin"))) {
		check_gtin(l, v, t);
		fam->gtin = mc_arena_strdup(l->a, t);
	}
	if ((v = get(l, n, "routing")))
		load_amounts(l, v, "routing", &l->kinds, fam->routing);
	if ((v = get(l, n, "holding_cost")))
		want_num(l, v, "holding_cost", NUM_NONNEG, MC_MAX_MONEY,
			 &fam->holding_cost);
	if ((v = get(l, n, "late_penalty")))
		want_num(l, v, "late_penalty", NUM_NONNEG, MC_MAX_MONEY,
			 &fam->late_penalty);
	if ((v = get(l, n, "unmet_penalty")))
		want_num(l, v, "unmet_penalty", NUM_NONNEG, MC_MAX_MONEY,
			 &fam->unmet_penalty);
	load_options(l, opt(l, n, "options"), f);
	load_amounts(l, opt(l, n, "materials"), "materials", &l->mats,
		     fam->materials);
}

static void load_catalog(struct ld *l, struct src *s)
{
	mc_model *m = l->m;
	yaml_node_t *fams = sole_list(l, s, "families");

	if (!fams ||
	    too_many(l, fams, seq_len(fams), MC_MAX_FAMILIES, "families")) {
		m->nfamilies = 0; /* none loaded: plants and orders see none */
		return;
	}
	assert(m->nfamilies == seq_len(fams));
	m->families = mc_arena_calloc(l->a, (size_t)m->nfamilies + 1,
				      sizeof(*m->families));
	l->famids =
	    mc_arena_calloc(l->a, (size_t)m->nfamilies + 1, sizeof(*l->famids));
	load_items(l, fams, load_family);
	idset_index(&l->famidx, l->famids, m->nfamilies);
}

/* ---- plants.yaml ---- */

static int want_family(struct ld *l, yaml_node_t *n)
{
	return want_ref(l, n, "family", l->famids, l->m->nfamilies, &l->famidx);
}

static void load_enterprise(struct ld *l, yaml_node_t *n)
{
	static const struct field fields[] = {
	    {"name", 1}, {"prefix", 1}, {NULL, 0}};
	yaml_node_t *v;
	const char *t;

	if (check_map(l, n, "enterprise", fields))
		return;
	if ((v = get(l, n, "name")) && (t = want_str(l, v, "name")))
		l->m->enterprise = mc_arena_strdup(l->a, t);
	if ((v = get(l, n, "prefix")) && (t = want_str(l, v, "prefix"))) {
		if (!mc_id_prefix_valid(t))
			err(l, v,
			    "prefix '%s' must look like 88.<digits>.<digits>",
			    t);
		l->m->prefix = mc_arena_strdup(l->a, t);
	}
}

static void load_horizon(struct ld *l, yaml_node_t *n)
{
	static const struct field fields[] = {
	    {"start", 1}, {"days", 1}, {NULL, 0}};
	yaml_node_t *v;
	int start = 0, days = 0;

	if (check_map(l, n, "horizon", fields))
		return;
	v = get(l, n, "start");
	if (v && want_date(l, v, "start", &start))
		return;
	v = get(l, n, "days");
	if (!v || want_int(l, v, "days", NUM_POS, INT_MAX, &days))
		return;
	if (days > MC_MAX_HORIZON) {
		err(l, v, "horizon of %d days is longer than %d", days,
		    MC_MAX_HORIZON);
		return;
	}
	if (start) {
		l->m->start = start;
		l->m->horizon_days = days;
	}
}

static void load_regions(struct ld *l, yaml_node_t *n)
{
	if (want_seq(l, n, "regions") ||
	    too_many(l, n, seq_len(n), MC_MAX_REGIONS, "regions"))
		return;
	for (int i = 0; i < seq_len(n); i++) {
		yaml_node_t *v = seq_at(l, n, i);
		const char *t = want_str(l, v, "each region");
		if (!t)
			continue;
		if (names_find(&l->regions, t) >= 0)
			err(l, v, "duplicate region '%s'", t);
		else
			names_add(l, &l->regions, v);
	}
	l->m->regions = l->regions.v;
	l->m->nregions = l->regions.n;
	idset_index(&l->regidx, l->regions.v, l->regions.n);
}

static void load_calendar(struct ld *l, yaml_node_t *map, mc_resource *r)
{
	if (!map || want_map(l, map, "calendar") ||
	    too_many(l, map, npairs(map), MC_MAX_DATES, "calendar dates"))
		return;
	r->cal_day =
	    mc_arena_calloc(l->a, (size_t)npairs(map) + 1, sizeof(*r->cal_day));
	r->cal_hours = mc_arena_calloc(l->a, (size_t)npairs(map) + 1,
				       sizeof(*r->cal_hours));
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		int day;
		double hours;
		if (!k || want_date(l, k, "each calendar date", &day) ||
		    want_num(l, pair_val(l, map, i), text(k), NUM_NONNEG,
			     MC_MAX_HOURS, &hours))
			continue;
		r->cal_day[r->cal_n] = day;
		r->cal_hours[r->cal_n++] = hours;
	}
}

static void load_overtime(struct ld *l, yaml_node_t *n, mc_resource *r)
{
	static const struct field fields[] = {
	    {"hours", 1}, {"cost", 1}, {NULL, 0}};
	yaml_node_t *v;

	if (check_map(l, n, "overtime", fields))
		return;
	if ((v = get(l, n, "hours")))
		want_num(l, v, "hours", NUM_NONNEG, MC_MAX_HOURS, &r->ot_hours);
	if ((v = get(l, n, "cost")))
		want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY, &r->ot_cost);
}

static void load_resource(struct ld *l, yaml_node_t *n, int p, int r,
			  struct idset *ids)
{
	static const struct field fields[] = {
	    {"id", 1},	     {"kind", 1},     {"hours", 1}, {"calendar", 0},
	    {"overtime", 0}, {"families", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_resource *res = &m->resources[r];
	yaml_node_t *v;
	const char *t;

	res->plant = p;
	res->kind = -1;
	res->admits = mc_arena_calloc(l->a, (size_t)m->nfamilies + 1, 1);
	memset(res->admits, 1, (size_t)m->nfamilies);
	if (check_map(l, n, "each resource", fields))
		return;
	res->pos = pos_of(l, n);
	if ((v = get(l, n, "id")) && (t = want_str(l, v, "id"))) {
		res->id = mc_arena_strdup(l->a, t);
		unique(l, ids, v, "resource", res->id);
	}
	if ((v = get(l, n, "kind")) && (t = want_str(l, v, "kind"))) {
		res->kind = names_find(&l->kinds, t);
		/* A kind no routing uses is allowed (an idle line), unless it
		 * is a near miss of one that is: then it is a typo. */
		char buf[512];
		if (names_find(&l->routkinds, t) < 0 &&
		    *hint(l->d, t, l->routkinds.v, l->routkinds.n, buf,
			  sizeof(buf)))
			err(l, v, "unknown resource kind '%s'%s", t, buf);
	}
	if ((v = get(l, n, "hours")))
		want_num(l, v, "hours", NUM_NONNEG, MC_MAX_HOURS, &res->hours);
	load_calendar(l, opt(l, n, "calendar"), res);
	if ((v = opt(l, n, "overtime")))
		load_overtime(l, v, res);
	if ((v = opt(l, n, "families")) && !want_seq(l, v, "families")) {
		memset(res->admits, 0, (size_t)m->nfamilies);
		for (int i = 0; i < seq_len(v); i++) {
			int f = want_family(l, seq_at(l, v, i));
			if (f >= 0)
				res->admits[f] = 1;
		}
	}
}

static void load_receipts(struct ld *l, yaml_node_t *map, mc_plant *p, int mat)
{
	int h = l->m->horizon_days;

	if (!map || want_map(l, map, "receipts") ||
	    too_many(l, map, npairs(map), MC_MAX_DATES, "receipt dates"))
		return;
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		int day;
		double q;
		if (!k || want_date(l, k, "each receipt date", &day) ||
		    want_num(l, pair_val(l, map, i), text(k), NUM_NONNEG,
			     MC_MAX_AMOUNT, &q) ||
		    !h)
			continue;
		int t = day - l->m->start;
		if (t < 0)
			p->mat_stock[mat] += q;
		else if (t < h)
			p->mat_receipts[(size_t)mat * (size_t)h + (size_t)t] +=
			    q;
	}
}

static void load_plant_materials(struct ld *l, yaml_node_t *map, mc_plant *p)
{
	static const struct field fields[] = {
	    {"stock", 0}, {"receipts", 0}, {NULL, 0}};

	if (!map || want_map(l, map, "materials"))
		return;
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		yaml_node_t *v = pair_val(l, map, i), *x;
		if (!k)
			continue;
		int mat = names_find(&l->mats, text(k));
		assert(mat >= 0);
		p->mat_listed[mat] = 1;
		if (is_null(v) || check_map(l, v, text(k), fields))
			continue;
		double stock = 0;
		if ((x = opt(l, v, "stock")))
			want_num(l, x, "stock", NUM_NONNEG, MC_MAX_AMOUNT,
				 &stock);
		p->mat_stock[mat] += stock;
		load_receipts(l, opt(l, v, "receipts"), p, mat);
	}
}

static void load_costs(struct ld *l, yaml_node_t *map, mc_plant *p)
{
	if (want_map(l, map, "costs"))
		return;
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		int f = k ? want_family(l, k) : -1;
		if (f >= 0 && !want_num(l, pair_val(l, map, i), text(k),
					NUM_NONNEG, MC_MAX_MONEY, &p->cost[f]))
			p->makes[f] = 1;
	}
}

static void load_plant_routing(struct ld *l, yaml_node_t *map, mc_plant *p)
{
	int nk = l->m->nkinds;

	if (!map || want_map(l, map, "routing"))
		return;
	for (int i = 0; i < npairs(map); i++) {
		yaml_node_t *k = pair_key(l, map, i);
		int f = k ? want_family(l, k) : -1;
		if (f >= 0)
			load_amounts(l, pair_val(l, map, i), text(k), &l->kinds,
				     p->routing + (size_t)f * nk);
	}
}

static void load_plant(struct ld *l, yaml_node_t *n, int pi,
		       struct idset *plant_ids, struct idset *res_ids)
{
	static const struct field fields[] = {
	    {"id", 1},	      {"name", 0},	{"workdays", 0},
	    {"holidays", 0},  {"costs", 1},	{"routing", 0},
	    {"resources", 1}, {"materials", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_plant *p = &m->plants[pi];
	size_t nf = (size_t)m->nfamilies, nmat = (size_t)m->nmaterials;
	yaml_node_t *v;
	const char *t;

	p->workdays = 0x1f;
	p->makes = mc_arena_calloc(l->a, nf + 1, 1);
	p->cost = dense(l, m->nfamilies, 0);
	p->routing = dense(l, m->nfamilies * m->nkinds, -1);
	p->mat_listed = mc_arena_calloc(l->a, nmat + 1, 1);
	p->mat_stock = dense(l, m->nmaterials, 0);
	p->mat_receipts = dense(l, m->nmaterials * m->horizon_days, 0);
	l->plantids[pi] = "";
	if (check_map(l, n, "each plant", fields))
		return;
	p->pos = pos_of(l, n);
	if ((v = get(l, n, "id")) && (t = want_str(l, v, "id"))) {
		p->id = l->plantids[pi] = mc_arena_strdup(l->a, t);
		unique(l, plant_ids, v, "plant", p->id);
	}
	p->name = p->id;
	if ((v = opt(l, n, "name")) && (t = want_str(l, v, "name")))
		p->name = mc_arena_strdup(l->a, t);
	if ((v = opt(l, n, "workdays")) && !want_seq(l, v, "workdays")) {
		p->workdays = 0;
		for (int i = 0; i < seq_len(v); i++) {
			int w = want_ref(l, seq_at(l, v, i), "weekday",
					 weekdays, 7, NULL);
			if (w >= 0)
				p->workdays |= 1u << w;
		}
	}
	if ((v = opt(l, n, "holidays")) && !want_seq(l, v, "holidays") &&
	    !too_many(l, v, seq_len(v), MC_MAX_DATES, "holidays")) {
		p->holidays = mc_arena_calloc(l->a, (size_t)seq_len(v) + 1,
					      sizeof(*p->holidays));
		for (int i = 0; i < seq_len(v); i++)
			if (!want_date(l, seq_at(l, v, i), "each holiday",
				       &p->holidays[p->nholidays]))
				p->nholidays++;
	}
	if ((v = get(l, n, "costs")))
		load_costs(l, v, p);
	load_plant_routing(l, opt(l, n, "routing"), p);
	if ((v = get(l, n, "resources")) && !want_seq(l, v, "resources")) {
		p->resources = mc_arena_calloc(l->a, (size_t)seq_len(v) + 1,
					       sizeof(*p->resources));
		for (int i = 0; i < seq_len(v); i++) {
			int r = m->nresources++;
			assert(r < l->nres);
			load_resource(l, seq_at(l, v, i), pi, r, res_ids);
			p->resources[p->nresources++] = r;
		}
	}
	load_plant_materials(l, opt(l, n, "materials"), p);
}

static void load_lane(struct ld *l, yaml_node_t *n, int li)
{
	static const struct field fields[] = {
	    {"plant", 1}, {"region", 1},	 {"days", 1},
	    {"cost", 1},  {"cost_by_family", 0}, {NULL, 0}};
	mc_model *m = l->m;
	mc_lane *ln = &m->lanes[li];
	yaml_node_t *v;

	ln->plant = ln->region = -1;
	ln->family_cost = dense(l, m->nfamilies, -1);
	if (check_map(l, n, "each lane", fields))
		return;
	ln->pos = pos_of(l, n);
	if ((v = get(l, n, "plant")))
		ln->plant = want_ref(l, v, "plant", l->plantids, m->nplants,
				     &l->plantidx);
	if ((v = get(l, n, "region")))
		ln->region = want_ref(l, v, "region", m->regions, m->nregions,
				      &l->regidx);
	if ((v = get(l, n, "days")))
		want_int(l, v, "days", NUM_NONNEG, MC_MAX_LANE_DAYS, &ln->days);
	if ((v = get(l, n, "cost")))
		want_num(l, v, "cost", NUM_NONNEG, MC_MAX_MONEY, &ln->cost);
	if ((v = opt(l, n, "cost_by_family")) &&
	    !want_map(l, v, "cost_by_family")) {
		for (int i = 0; i < npairs(v); i++) {
			yaml_node_t *k = pair_key(l, v, i);
			int f = k ? want_family(l, k) : -1;
			if (f >= 0)
				want_num(l, pair_val(l, v, i), text(k),
					 NUM_NONNEG, MC_MAX_MONEY,
					 &ln->family_cost[f]);
		}
	}
	if (ln->plant < 0 || ln->region < 0)
		return;
	int *first = &l->lane_line[ln->plant * m->nregions + ln->region];
	if (*first)
		err(l, n, "duplicate lane from '%s' to '%s' (first at line %d)",
		    m->plants[ln->plant].id, m->regions[ln->region], *first);
	else
		*first = ln->pos.line;
}

static void load_plants(struct ld *l, struct src *s)
{
	static const struct field top[] = {{"enterprise", 1}, {"horizon", 1},
					   {"regions", 1},    {"plants", 1},
					   {"lanes", 1},      {NULL, 0}};
	mc_model *m = l->m;
	yaml_node_t *v;
	struct idset plant_ids, res_ids;

	l->s = s;
	if (check_map(l, s->root, NULL, top))
		return;
	if ((v = get(l, s->root, "enterprise")))
		load_enterprise(l, v);
	if ((v = get(l, s->root, "horizon")))
		load_horizon(l, v);
	if ((v = get(l, s->root, "regions")))
		load_regions(l, v);

	v = get(l, s->root, "plants");
	if (v && !want_seq(l, v, "plants") &&
	    !too_many(l, v, seq_len(v), MC_MAX_PLANTS, "plants") &&
	    !too_many(l, v, l->nres, MC_MAX_RESOURCES, "resources in all")) {
		m->nplants = seq_len(v);
		m->plants = mc_arena_calloc(l->a, (size_t)m->nplants + 1,
					    sizeof(*m->plants));
		l->plantids = mc_arena_calloc(l->a, (size_t)m->nplants + 1,
					      sizeof(*l->plantids));
		m->resources = mc_arena_calloc(l->a, (size_t)l->nres + 1,
					       sizeof(*m->resources));
		idset_init(&plant_ids, m->nplants);
		idset_init(&res_ids, l->nres);
		for (int p = 0; p < m->nplants; p++)
			load_plant(l, seq_at(l, v, p), p, &plant_ids, &res_ids);
		idset_index(&l->plantidx, l->plantids, m->nplants);
		idset_release(&plant_ids);
		idset_release(&res_ids);
	}

	v = get(l, s->root, "lanes");
	if (v && !want_seq(l, v, "lanes") &&
	    !too_many(l, v, seq_len(v), MC_MAX_LANES, "lanes")) {
		m->nlanes = seq_len(v);
		m->lanes = mc_arena_calloc(l->a, (size_t)m->nlanes + 1,
					   sizeof(*m->lanes));
		l->lane_line = mc_xcalloc(
		    (size_t)m->nplants * (size_t)m->nregions + 1, sizeof(int));
		for (int i = 0; i < m->nlanes; i++)
			load_lane(l, seq_at(l, v, i), i);
		free(l->lane_line);
	}
}

/* ---- orders.yaml ---- */

/* Names of the family's options, or of an option's values, for a "did you
 * mean" (malloc'd; only built when something is wrong). */
static void unknown_choice(struct ld *l, yaml_node_t *n, const char *word,
			   const mc_family *fam, const mc_option *o)
{
	int count = o ? o->nvals : fam->nopts;
	const char **cand = mc_xcalloc((size_t)count + 1, sizeof(*cand));
	char buf[512];
	for (int i = 0; i < count; i++)
		cand[i] = o ? o->vals[i].name : fam->opts[i].name;
	const char *h = hint(l->d, word, cand, count, buf, sizeof(buf));
	if (o)
		err(l, n, "unknown value '%s' for option '%s'%s", word, o->name,
		    h);
	else
		err(l, n, "unknown option '%s' for family '%s'%s", word,
		    fam->id, h);
	free(cand);
}

/* Reads the order's option choices: every option of the family, valid
 * values only.  where is the node to blame for missing ones. */
static void load_choices(struct ld *l, yaml_node_t *map, yaml_node_t *where,
			 mc_order *o, const mc_family *fam)
{
	o->opt = mc_arena_calloc(l->a, (size_t)fam->nopts + 1, sizeof(int));
	for (int i = 0; i < fam->nopts; i++)
		o->opt[i] = -1; /* -1 not given, -2 given but wrong */
	if (map && !want_map(l, map, "options")) {
		where = map;
		for (int i = 0; i < npairs(map); i++) {
			yaml_node_t *k = pair_key(l, map, i);
			yaml_node_t *v = pair_val(l, map, i);
			if (!k)
				continue;
			int at = find_choice(l, o->family, -1, text(k));
			if (at < 0) {
				unknown_choice(l, k, text(k), fam, NULL);
				continue;
			}
			const mc_option *opn = &fam->opts[at];
			const char *t = want_str(l, v, opn->name);
			int val = t ? find_choice(l, o->family, at, t) : -1;
			if (t && val < 0)
				unknown_choice(l, v, t, fam, opn);
			o->opt[at] = val >= 0 ? val : -2;
		}
	}
	for (int i = 0; i < fam->nopts; i++)
		if (o->opt[i] == -1)
			err(l, where, "missing option '%s' for family '%s'",
			    fam->opts[i].name, fam->id);
}

static void load_order(struct ld *l, yaml_node_t *n, int oi, struct idset *ids)
{
	static const struct field fields[] = {{"id", 1},
					      {"customer", 1},
					      {"region", 1},
					      {"family", 1},
					      {"options", 0},
					      {"quantity", 1},
					      {"due", 1},
					      {"release", 0},
					      {"priority", 0},
					      {"late_penalty", 0},
					      {"unmet_penalty", 0},
					      {"max_late_days", 0},
					      {NULL, 0}};
	mc_model *m = l->m;
	mc_order *o = &m->orders[oi];
	yaml_node_t *v;
	const char *t;

	o->region = o->family = -1;
	o->priority = 1;
	o->max_late_days = -1;
	o->release = m->start;
	if (check_map(l, n, "each order", fields))
		return;
	o->pos = pos_of(l, n);
	if ((v = get(l, n, "id")) && (t = want_str(l, v, "id"))) {
		o->id = mc_arena_strdup(l->a, t);
		unique(l, ids, v, "order", o->id);
	}
	if ((v = get(l, n, "customer")) && (t = want_str(l, v, "customer")))
		o->customer = mc_arena_strdup(l->a, t);
	if ((v = get(l, n, "region")))
		o->region = want_ref(l, v, "region", m->regions, m->nregions,
				     &l->regidx);
	if ((v = get(l, n, "family")))
		o->family = want_family(l, v);
	if (o->family >= 0) {
		const mc_family *fam = &m->families[o->family];
		o->late_penalty = fam->late_penalty;
		o->unmet_penalty = fam->unmet_penalty;
		load_choices(l, opt(l, n, "options"), n, o, fam);
	}
	if ((v = get(l, n, "quantity")))
		want_int(l, v, "quantity", NUM_POS, MC_MAX_QUANTITY,
			 &o->quantity);
	if ((v = get(l, n, "due")))
		want_date(l, v, "due", &o->due);
	if ((v = opt(l, n, "release")))
		want_date(l, v, "release", &o->release);
	if ((v = opt(l, n, "priority")))
		want_num(l, v, "priority", NUM_NONNEG, MC_MAX_PRIORITY,
			 &o->priority);
	if ((v = opt(l, n, "late_penalty")))
		want_num(l, v, "late_penalty", NUM_NONNEG, MC_MAX_MONEY,
			 &o->late_penalty);
	if ((v = opt(l, n, "unmet_penalty")))
		want_num(l, v, "unmet_penalty", NUM_NONNEG, MC_MAX_MONEY,
			 &o->unmet_penalty);
	if ((v = opt(l, n, "max_late_days")))
		want_int(l, v, "max_late_days", NUM_NONNEG, MC_MAX_LATE_DAYS,
			 &o->max_late_days);
}

static void load_orders(struct ld *l, struct src *s)
{
	mc_model *m = l->m;
	yaml_node_t *v = sole_list(l, s, "orders");

	if (!v || too_many(l, v, seq_len(v), MC_MAX_ORDERS, "orders"))
		return;
	m->norders = seq_len(v);
	m->orders =
	    mc_arena_calloc(l->a, (size_t)m->norders + 1, sizeof(*m->orders));
	load_items(l, v, load_order);
	long long units = 0;
	for (int i = 0; i < m->norders; i++)
		units += m->orders[i].quantity;
	too_many(l, v, units, MC_MAX_UNITS, "units ordered in all");
}

/* ---- files ---- */

/*
 * The most LP entries one unit-day of family f can have: a slot of f at
 * one plant on one day has an entry on its demand row, one per resource
 * kind f's routing can use (family, option or plant minutes) and one per
 * material f's bill can use; times the plants that make f.
 */
static double family_entries(const mc_model *m, int f)
{
	const mc_family *fam = &m->families[f];
	int plants = 0, kinds = 0, mats = 0;
	for (int p = 0; p < m->nplants; p++)
		plants += m->plants[p].makes[f] != 0;
	for (int k = 0; k < m->nkinds; k++) {
		int used = fam->routing[k] > 0;
		for (int o = 0; o < fam->nopts && !used; o++)
			for (int v = 0; v < fam->opts[o].nvals && !used; v++)
				used = fam->opts[o].vals[v].routing[k] > 0;
		for (int p = 0; p < m->nplants && !used; p++)
			used = m->plants[p].routing[f * m->nkinds + k] > 0;
		kinds += used;
	}
	for (int j = 0; j < m->nmaterials; j++) {
		int used = fam->materials[j] > 0;
		for (int o = 0; o < fam->nopts && !used; o++)
			for (int v = 0; v < fam->opts[o].nvals && !used; v++)
				used = fam->opts[o].vals[v].materials[j] > 0;
		mats += used;
	}
	return (double)plants * (1.0 + kinds + mats);
}

/*
 * Bounds the size of the plan the inputs allow, each part of which is
 * within its own bound: the production entries of the LP (for every order,
 * the plants that make its family x the horizon days x (1 + the resource
 * kinds and materials the family can use): the LP's entries if no two
 * orders shared a class) and the table over families x plants x days x
 * kinds that the LP keeps.  Both then fit an int index.  Linear in the
 * orders.  Returns 0, or -1 after reporting at the top of the orders file.
 */
static int check_size(struct ld *l, const struct src *orders)
{
	const mc_model *m = l->m;
	double *per_family =
	    mc_arena_alloc(l->a, (size_t)m->nfamilies * sizeof(double));
	for (int f = 0; f < m->nfamilies; f++)
		per_family[f] = family_entries(m, f);
	double entries = 0;
	for (int i = 0; i < m->norders; i++)
		entries += per_family[m->orders[i].family];
	entries *= m->horizon_days;
	double grid =
	    (double)m->nfamilies * m->nplants * m->horizon_days * m->nkinds;
	if (entries > MC_MAX_ENTRIES)
		return mc_diag_at(l->d, MC_EINPUT, orders->path, 1, 1,
				  "%d orders over %d days may need %.0f LP "
				  "entries (each order: the plants that make "
				  "its family x (1 + the resource kinds and "
				  "materials the family uses) per day), more "
				  "than the limit of %.0f",
				  m->norders, m->horizon_days, entries,
				  (double)MC_MAX_ENTRIES);
	if (grid > MC_MAX_GRID)
		return mc_diag_at(l->d, MC_EINPUT, orders->path, 1, 1,
				  "%d families x %d plants x %d days x %d "
				  "kinds is %.0f, more than the limit of %.0f",
				  m->nfamilies, m->nplants, m->horizon_days,
				  m->nkinds, grid, (double)MC_MAX_GRID);
	return 0;
}

/* Puts the messages added since base in file order: within each run of
 * messages about one file, by line and column (stable). */
static void sort_new(mc_diag *d, int base)
{
	for (int i = base + 1; i < d->n; i++) {
		mc_diag_entry e = d->v[i];
		int j = i;
		for (; j > base; j--) {
			const mc_diag_entry *p = &d->v[j - 1];
			if (!p->file || !e.file || strcmp(p->file, e.file) ||
			    p->line < e.line ||
			    (p->line == e.line && p->col <= e.col))
				break;
			d->v[j] = *p;
		}
		d->v[j] = e;
	}
}

/* A libyaml failure as "invalid yaml: problem (context at line n)". */
static void syntax_error(struct ld *l, const struct src *s,
			 const yaml_parser_t *p)
{
	int line = (int)p->problem_mark.line + 1;
	int col = (int)p->problem_mark.column + 1;
	const char *problem = p->problem ? p->problem : "unreadable input";

	if (p->error == YAML_READER_ERROR) {
		/* Reader errors carry a byte offset, not a mark. */
		line = col = 1;
		for (size_t i = 0; i < p->problem_offset && i < s->len; i++) {
			unsigned char c = (unsigned char)s->buf[i];
			if (c == '\n') {
				line++;
				col = 1;
			} else if ((c & 0xc0) != 0x80) {
				col++;
			}
		}
	}
	if (p->context)
		mc_diag_at(l->d, MC_EINPUT, s->path, line, col,
			   "invalid yaml: %s (%s at line %d)", problem,
			   p->context, (int)p->context_mark.line + 1);
	else if (p->error == YAML_READER_ERROR && p->problem_value >= 0)
		mc_diag_at(l->d, MC_EINPUT, s->path, line, col,
			   "invalid yaml: %s (byte 0x%02x at offset %zu; the "
			   "file must be UTF-8)",
			   problem, (unsigned)p->problem_value & 0xffu,
			   p->problem_offset);
	else
		mc_diag_at(l->d, MC_EINPUT, s->path, line, col,
			   "invalid yaml: %s", problem);
}

static void mark_err(struct ld *l, const struct src *s, yaml_mark_t m,
		     const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports a problem at mark m of file s. */
static void mark_err(struct ld *l, const struct src *s, yaml_mark_t m,
		     const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mc_diag_at(l->d, MC_EINPUT, s->path, (int)m.line + 1, (int)m.column + 1,
		   "%s", msg);
}

/*
 * Checks the shape of s before it becomes a tree, since a file under the
 * size bound can still nest a million levels, hold a million keys in one
 * mapping or expand aliases without end: nesting depth, keys of a mapping,
 * items of a sequence, bytes of a scalar, NUL characters in a scalar
 * ("\0" escapes, which would cut ids and paths short), and aliases.  One
 * pass over libyaml's events, stopping at the first problem, which it
 * reports.  Returns 0 when the file may be loaded (syntax errors are left
 * to the loader, which reports them), else -1.
 */
static int prepass(struct ld *l, const struct src *s)
{
	yaml_parser_t p;
	yaml_event_t e;
	yaml_mark_t start[MC_MAX_DEPTH + 1];
	long items[MC_MAX_DEPTH + 1];
	int is_map[MC_MAX_DEPTH + 1];
	int depth = 0, aliases = 0, rc = 0, done = 0;

	if (!yaml_parser_initialize(&p))
		return 0; /* the loader reports it */
	yaml_parser_set_input_string(&p, (const unsigned char *)s->buf, s->len);
	while (!done && rc == 0 && yaml_parser_parse(&p, &e)) {
		yaml_event_type_t t = e.type;
		int item = t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT ||
			   t == YAML_SEQUENCE_START_EVENT ||
			   t == YAML_MAPPING_START_EVENT;
		long most = depth > 0 && is_map[depth] ? 2L * MC_MAX_KEYS
						       : (long)MC_MAX_ITEMS;
		if (item && depth > 0 && ++items[depth] > most) {
			mark_err(l, s, start[depth], "%s of more than %d %s",
				 is_map[depth] ? "a mapping" : "a sequence",
				 is_map[depth] ? MC_MAX_KEYS : MC_MAX_ITEMS,
				 is_map[depth] ? "keys" : "items");
			rc = -1;
		} else if (t == YAML_SEQUENCE_START_EVENT ||
			   t == YAML_MAPPING_START_EVENT) {
			if (depth == MC_MAX_DEPTH) {
				mark_err(l, s, e.start_mark,
					 "nested more than %d levels deep",
					 MC_MAX_DEPTH);
				rc = -1;
			} else {
				depth++;
				start[depth] = e.start_mark;
				items[depth] = 0;
				is_map[depth] = t == YAML_MAPPING_START_EVENT;
			}
		} else if (t == YAML_SEQUENCE_END_EVENT ||
			   t == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (t == YAML_SCALAR_EVENT) {
			size_t len = e.data.scalar.length;
			if (len > MC_MAX_TEXT) {
				mark_err(l, s, e.start_mark,
					 "text of %zu bytes, more than the "
					 "limit of %d",
					 len, MC_MAX_TEXT);
				rc = -1;
			} else if (memchr(e.data.scalar.value, 0, len)) {
				mark_err(l, s, e.start_mark,
					 "text with a NUL character ('\\0')");
				rc = -1;
			}
		} else if (t == YAML_ALIAS_EVENT &&
			   ++aliases > MC_MAX_ALIASES) {
			mark_err(l, s, e.start_mark,
				 "more than %d aliases in one file",
				 MC_MAX_ALIASES);
			rc = -1;
		} else if (t == YAML_STREAM_END_EVENT) {
			done = 1;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	return rc;
}

/* Reads, hashes and parses one file into s, noting it in *in (when not
 * NULL).  Problems go to the diag and leave s->root NULL. */
static void src_open(struct ld *l, struct src *s, const char *path,
		     mc_input *in)
{
	yaml_parser_t p;
	yaml_document_t extra;

	s->path = mc_arena_strdup(l->a, path);
	if (in)
		in->path = s->path;
	if (mc_file_read(path, MC_MAX_FILE_BYTES, &s->buf, &s->len, l->d) < 0)
		return;
	if (in)
		snprintf(in->digest, sizeof(in->digest), "%016" PRIx64,
			 mc_hash_fnv1a(s->buf, s->len));
	if (prepass(l, s) < 0)
		return;
	if (!yaml_parser_initialize(&p)) {
		mc_diag_at(l->d, MC_EINPUT, path, 0, 0,
			   "unable to start the yaml parser");
		return;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)s->buf, s->len);
	if (!yaml_parser_load(&p, &s->doc)) {
		syntax_error(l, s, &p);
		goto out;
	}
	s->has_doc = 1;
	s->root = yaml_document_get_root_node(&s->doc);
	if (!s->root) {
		mc_diag_at(l->d, MC_EINPUT, path, 0, 0,
			   "empty file, expected a mapping");
		goto out;
	}
	if (!yaml_parser_load(&p, &extra)) {
		syntax_error(l, s, &p);
		s->root = NULL;
		goto out;
	}
	yaml_node_t *r2 = yaml_document_get_root_node(&extra);
	if (r2) {
		mc_diag_at(l->d, MC_EINPUT, path, (int)r2->start_mark.line + 1,
			   (int)r2->start_mark.column + 1,
			   "a second yaml document, expected only one");
		s->root = NULL;
	}
	yaml_document_delete(&extra);
out:
	yaml_parser_delete(&p);
}

static void src_release(struct src *s)
{
	if (s->has_doc)
		yaml_document_delete(&s->doc);
	free(s->buf);
}

int mc_load_inputs(mc_arena *a, const char *catalog, const char *plants,
		   const char *orders, mc_model *m, mc_diag *d)
{
	static const char *const roles[3] = {"catalog", "plants", "orders"};
	const char *paths[3] = {catalog, plants, orders};
	struct src src[3];
	struct ld l;
	int base = mc_diag_count(d), first = d->n, rc = -1;

	memset(m, 0, sizeof(*m));
	memset(src, 0, sizeof(src));
	memset(&l, 0, sizeof(l));
	m->arena = a;
	l.a = a;
	l.m = m;
	l.d = d;
	for (int i = 0; i < 3; i++) {
		m->inputs[i].role = roles[i];
		src_open(&l, &src[i], paths[i], &m->inputs[i]);
	}
	m->ninputs = 3;
	if (mc_diag_count(d) > base)
		goto out;

	idset_init(&l.choices, 0);
	l.kinds.max = l.reskinds.max = l.routkinds.max = MC_MAX_KINDS;
	l.mats.max = MC_MAX_MATERIALS;
	l.regions.max = MC_MAX_REGIONS;
	scan(&l, &src[0], &src[1]);
	if (names_over(&l, &l.kinds, MC_MAX_KINDS, "resource kinds") ||
	    names_over(&l, &l.mats, MC_MAX_MATERIALS, "materials"))
		goto out;
	load_catalog(&l, &src[0]);
	load_plants(&l, &src[1]);
	load_orders(&l, &src[2]);
	if (mc_diag_count(d) > base || check_size(&l, &src[2]) < 0)
		goto out;
	mc_model_finish(m);
	rc = 0;
out:
	for (int i = 0; i < 3; i++)
		src_release(&src[i]);
	idset_release(&l.famidx);
	idset_release(&l.plantidx);
	idset_release(&l.regidx);
	idset_release(&l.choices);
	sort_new(d, first);
	return rc;
}

/* ---- job.yaml ---- */

/* A path from the job file, made relative to the job file's directory
 * (dirlen bytes of jobpath, or -1 when it has no directory part). */
static const char *job_path(struct ld *l, yaml_node_t *v, const char *label,
			    const char *jobpath, int dirlen)
{
	const char *t = v ? want_str(l, v, label) : NULL;
	if (!t)
		return NULL;
	if (t[0] == '/' || dirlen < 0)
		return mc_arena_strdup(l->a, t);
	return mc_arena_printf(l->a, "%.*s/%s", dirlen, jobpath, t);
}

int mc_load_job(mc_arena *a, const char *path, mc_job *job, mc_diag *d)
{
	static const struct field fields[] = {
	    {"catalog", 1},    {"plants", 1},	{"orders", 1},
	    {"db", 0},	       {"scenario", 0}, {"frozen_days", 0},
	    {"time_limit", 0}, {"publish", 0},	{"min_orders", 0},
	    {"round_time", 0}, {NULL, 0}};
	static const char *const publish[] = {"auto", "always", "never"};
	struct src s;
	struct ld l;
	int base = mc_diag_count(d), first = d->n;
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) : -1;
	yaml_node_t *v;

	memset(job, 0, sizeof(*job));
	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	job->frozen_days = -1;
	job->min_orders = -1;
	job->round_time = -1;
	l.a = a;
	l.d = d;
	l.s = &s;
	src_open(&l, &s, path, NULL);
	if (!s.root || check_map(&l, s.root, NULL, fields))
		goto out;
	job->catalog =
	    job_path(&l, get(&l, s.root, "catalog"), "catalog", path, dirlen);
	job->plants =
	    job_path(&l, get(&l, s.root, "plants"), "plants", path, dirlen);
	job->orders =
	    job_path(&l, get(&l, s.root, "orders"), "orders", path, dirlen);
	job->db = job_path(&l, opt(&l, s.root, "db"), "db", path, dirlen);
	job->scenario =
	    job_path(&l, opt(&l, s.root, "scenario"), "scenario", path, dirlen);
	if ((v = opt(&l, s.root, "frozen_days")))
		want_int(&l, v, "frozen_days", NUM_NONNEG, MC_MAX_HORIZON,
			 &job->frozen_days);
	if ((v = opt(&l, s.root, "time_limit")))
		want_num(&l, v, "time_limit", NUM_POS, MC_MAX_TIME_LIMIT,
			 &job->time_limit);
	if ((v = opt(&l, s.root, "round_time")))
		want_num(&l, v, "round_time", NUM_NONNEG, MC_MAX_TIME_LIMIT,
			 &job->round_time);
	int at;
	if ((v = opt(&l, s.root, "publish")) &&
	    (at = want_ref(&l, v, "publish setting", publish, 3, NULL)) >= 0)
		job->publish = publish[at];
	if ((v = opt(&l, s.root, "min_orders")))
		want_int(&l, v, "min_orders", NUM_NONNEG, MC_MAX_ORDERS,
			 &job->min_orders);
out:
	src_release(&s);
	sort_new(d, first);
	return mc_diag_count(d) > base ? -1 : 0;
}
