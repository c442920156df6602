/*
 * yread.c - the loader's YAML reading layer (yread.h): files read whole
 * (only a regular file, of at most MC_MAX_FILE_BYTES) or taken from a
 * stored snapshot, hashed (FNV-1a 64), checked for their shape by one pass
 * over libyaml's events (nesting, sizes, aliases, NUL characters; see
 * prepass) and only then parsed into a tree of our own, built from
 * libyaml's events (struct yr_tree); the accessors, typed values, id sets
 * and diagnostics the mappers use.
 *
 * Every scalar is text to us (YAML 1.1 would read a bare `no` as false);
 * numbers and dates are converted here.  The only file that includes
 * <yaml.h>.
 */
#include "yread.h"
#include "date.h"
#include "file.h"
#include "hash.h"

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

/* A message quotes at most this many bytes of a scalar. */
#define QUOTE_MAX 80

/* ---- id sets ---- */

void yr_idset_init(struct idset *s, int n)
{
	s->cap = 16;
	while (s->cap < 2 * (size_t)n)
		s->cap *= 2;
	s->key = mc_xcalloc(s->cap, sizeof(*s->key));
	s->line = mc_xcalloc(s->cap, sizeof(*s->line));
	s->n = 0;
}

void yr_idset_release(struct idset *s)
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
int yr_idset_add(struct idset *s, const char *key, int line)
{
	size_t i = idset_slot(s, key);
	if (s->key[i])
		return s->line[i];
	if (2 * (s->n + 1) > s->cap) {
		struct idset t;
		yr_idset_init(&t, (int)s->cap);
		for (size_t j = 0; j < s->cap; j++)
			if (s->key[j])
				yr_idset_add(&t, s->key[j], s->line[j]);
		yr_idset_release(s);
		*s = t;
		i = idset_slot(s, key);
	}
	s->key[i] = key;
	s->line[i] = line;
	s->n++;
	return 0;
}

/* The line (or index + 1) of key, 0 when it is not in s. */
int yr_idset_find(const struct idset *s, const char *key)
{
	return s->cap ? s->line[idset_slot(s, key)] : 0;
}

/* Indexes the n names (skipping "" and repeats: the first one counts). */
void yr_idset_index(struct idset *s, const char *const *names, int n)
{
	yr_idset_init(s, n);
	for (int i = 0; i < n; i++)
		if (names[i] && *names[i])
			yr_idset_add(s, names[i], i + 1);
}

/* ---- nodes ---- */

enum { YR_SCALAR = 1, YR_SEQ, YR_MAP };

struct yr_node {
	unsigned char type;  /* YR_* */
	unsigned char plain; /* a plain scalar */
	int line, col;	     /* of its start, from 0 */
	const char *text;    /* a scalar's, NUL-terminated */
	size_t kids;	     /* a collection's first child in tree->kids */
	int n;		     /* its children (a mapping's: key, value, ...) */
};

/*
 * A file's tree.  libyaml's document loader keeps its nodes in stacks of
 * at most INT_MAX / 2 bytes: a million orders are 13 million nodes, 1.3 GB
 * of libyaml's, and it stopped with a memory error.  Built here from the
 * parser's events instead, in arrays without that bound and about a third
 * of the size; aliases share their anchor's node, as libyaml's do.
 */
struct yr_tree {
	ynode *nodes;
	size_t nnodes, capnodes;
	size_t *kids; /* the children of each collection, contiguous */
	size_t nkids, capkids;
	char **chunks; /* scalar text */
	size_t nchunks, capchunks, used, room;
};

#define TEXT_CHUNK ((size_t)1 << 20)

static ynode *node(struct ld *l, size_t id)
{
	return &l->s->tree->nodes[id];
}

const char *yr_text(const ynode *n)
{
	return n->text;
}

int yr_is_scalar(const ynode *n)
{
	return n && n->type == YR_SCALAR;
}

/* A plain empty, ~ or null scalar. */
int yr_is_null(const ynode *n)
{
	if (!yr_is_scalar(n) || !n->plain)
		return 0;
	const char *t = yr_text(n);
	return !*t || !strcmp(t, "~") || !strcmp(t, "null") ||
	       !strcmp(t, "Null") || !strcmp(t, "NULL");
}

static int yr_line_of(const ynode *n)
{
	return n->line + 1;
}

mc_pos yr_pos_of(struct ld *l, const ynode *n)
{
	return (mc_pos){l->s->path, yr_line_of(n), n->col + 1};
}

int yr_npairs(const ynode *map)
{
	if (!map || map->type != YR_MAP)
		return 0;
	return map->n / 2;
}

/* Key i of a mapping as it stands. */
static ynode *pair_key(struct ld *l, const ynode *map, int i)
{
	return node(l, l->s->tree->kids[map->kids + 2 * (size_t)i]);
}

/* Key i of a mapping when it is usable text, else NULL. */
ynode *yr_pair_key(struct ld *l, const ynode *map, int i)
{
	ynode *k = pair_key(l, map, i);
	return yr_is_scalar(k) && !yr_is_null(k) ? k : NULL;
}

ynode *yr_pair_val(struct ld *l, const ynode *map, int i)
{
	return node(l, l->s->tree->kids[map->kids + 2 * (size_t)i + 1]);
}

int yr_seq_len(const ynode *seq)
{
	if (!seq || seq->type != YR_SEQ)
		return 0;
	return seq->n;
}

ynode *yr_seq_at(struct ld *l, const ynode *seq, int i)
{
	return node(l, l->s->tree->kids[seq->kids + (size_t)i]);
}

/* The value of key in map, or NULL (also when map is not a mapping). */
ynode *yr_get(struct ld *l, const ynode *map, const char *key)
{
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		if (k && !strcmp(yr_text(k), key))
			return yr_pair_val(l, map, i);
	}
	return NULL;
}

/* Like yr_get(), but a null value counts as absent (for optional keys). */
ynode *yr_opt(struct ld *l, const ynode *map, const char *key)
{
	ynode *v = yr_get(l, map, key);
	return v && yr_is_null(v) ? NULL : v;
}

/* ---- names ---- */

int yr_names_find(const struct names *t, const char *s)
{
	return mc_model_find(t->v, t->n, s);
}

/* Index of the text of scalar k in t, adding an arena copy when it is
 * new; -1 when t is full (the first such k is noted in t->over). */
int yr_names_add(struct ld *l, struct names *t, const ynode *k)
{
	const char *s = yr_text(k);
	int i = yr_names_find(t, s);
	if (i >= 0)
		return i;
	if (t->n == t->max) {
		if (!t->over.line)
			t->over = yr_pos_of(l, k);
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

/* Reports a problem at node n of the current file. */
void yr_err(struct ld *l, const ynode *n, const char *fmt, ...)
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
	mc_diag_at(l->d, MC_EINPUT, l->s->path, yr_line_of(n), n->col + 1, "%s",
		   msg);
	free(msg);
}

/* " (did you mean 'x'?)" when a candidate is close to word, else "" (also
 * when d keeps no more messages: the search is then wasted). */
const char *yr_hint(const mc_diag *d, const char *word, const char *const *cand,
		    int n, char *buf, size_t size)
{
	const char *s = mc_diag_full(d) ? NULL : mc_diag_suggest(word, cand, n);
	if (!s)
		return "";
	snprintf(buf, size, " (did you mean '%s'?)", s);
	return buf;
}

/* "unknown <what> 'word' (did you mean ...?)" at n. */
static void yr_unknown(struct ld *l, const ynode *n, const char *what,
		       const char *word, const char *const *cand, int count)
{
	char buf[512];
	yr_err(l, n, "unknown %s '%s'%s", what, word,
	       yr_hint(l->d, word, cand, count, buf, sizeof(buf)));
}

/*
 * "expected <what> for <label>, found <what n is>" at n.  label is a key
 * and gets quoted, or a phrase starting "each " used as it is ("each
 * holiday"), or NULL for the top of the file.
 */
void yr_expected(struct ld *l, const ynode *n, const char *what,
		 const char *label)
{
	const char *q = label && strncmp(label, "each ", 5) ? "'" : "";
	const char *pre = label ? "for " : "at the top level";
	label = label ? label : "";
	if (yr_is_scalar(n) && !yr_is_null(n)) {
		/* a long scalar (a file that is not YAML reads as one) is cut
		 * at a character's start: a message quotes, it does not copy */
		const char *t = yr_text(n);
		int k = (int)strlen(t), cut = k > QUOTE_MAX;
		for (k = cut ? QUOTE_MAX : k;
		     cut && k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80; k--)
			;
		yr_err(l, n, "expected %s %s%s%s%s, found '%.*s%s'", what, pre,
		       q, label, q, k, t, cut ? "..." : "");
	} else
		yr_err(l, n, "expected %s %s%s%s%s, found %s", what, pre, q,
		       label, q,
		       n->type == YR_MAP   ? "a mapping"
		       : n->type == YR_SEQ ? "a sequence"
					   : "nothing");
}

int yr_is_map(const ynode *n)
{
	return n->type == YR_MAP;
}

/* ---- typed values ---- */

/* Checks that n is a mapping whose keys are text, each there once.
 * Returns 0, or -1 after reporting when n is not a mapping. */
int yr_want_map(struct ld *l, ynode *n, const char *label)
{
	if (n->type != YR_MAP) {
		yr_expected(l, n, "a mapping", label);
		return -1;
	}
	struct idset seen;
	yr_idset_init(&seen, yr_npairs(n));
	for (int i = 0; i < yr_npairs(n); i++) {
		ynode *k = yr_pair_key(l, n, i);
		if (!k) {
			yr_expected(l, pair_key(l, n, i), "a name", "each key");
			continue;
		}
		int first = yr_idset_add(&seen, yr_text(k), yr_line_of(k));
		if (first)
			yr_err(l, k, "duplicate key '%s' (first at line %d)",
			       yr_text(k), first);
	}
	yr_idset_release(&seen);
	return 0;
}

/* Checks a mapping against the keys it may have: unknown keys (with a
 * suggestion), missing required ones.  Returns 0 when n is a mapping, even
 * with bad keys, so checking goes on; -1 otherwise. */
int yr_check_map(struct ld *l, ynode *n, const char *label,
		 const struct field *f)
{
	const char *keys[16];
	int nkeys = 0;

	if (yr_want_map(l, n, label))
		return -1;
	for (; f[nkeys].key; nkeys++) {
		assert(nkeys < 16);
		keys[nkeys] = f[nkeys].key;
	}
	for (int i = 0; i < yr_npairs(n); i++) {
		ynode *k = yr_pair_key(l, n, i);
		if (k && mc_model_find(keys, nkeys, yr_text(k)) < 0)
			yr_unknown(l, k, "key", yr_text(k), keys, nkeys);
	}
	for (int i = 0; i < nkeys; i++)
		if (f[i].required && !yr_get(l, n, keys[i]))
			yr_err(l, n, "missing required key '%s'", keys[i]);
	return 0;
}

int yr_want_seq(struct ld *l, ynode *n, const char *label)
{
	if (n->type == YR_SEQ)
		return 0;
	yr_expected(l, n, "a sequence", label);
	return -1;
}

/* Reports "<count> <what>, more than the limit of <max>" at n when count
 * is above max (a bound of load.h) and returns -1; else 0. */
int yr_too_many(struct ld *l, const ynode *n, long long count, long long max,
		const char *what)
{
	if (count <= max)
		return 0;
	yr_err(l, n, "%lld %s, more than the limit of %lld", count, what, max);
	return -1;
}

/* Non-empty text, or NULL after reporting. */
const char *yr_want_str(struct ld *l, ynode *n, const char *label)
{
	if (yr_is_scalar(n) && !yr_is_null(n) && *yr_text(n))
		return yr_text(n);
	yr_expected(l, n, "a string", label);
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
int yr_want_num(struct ld *l, ynode *n, const char *label, int flags,
		double max, double *out)
{
	static const char *const what[8] = {
	    "a number",		  "a non-negative number",
	    "a positive number",  "a positive number",
	    "an integer",	  "a non-negative integer",
	    "a positive integer", "a positive integer",
	};
	double v;
	int bad = !yr_is_scalar(n) || parse_number(yr_text(n), &v);
	if (!bad && (flags & NUM_INT))
		bad = v != floor(v) || fabs(v) > INT_MAX;
	if (!bad && (flags & NUM_NONNEG))
		bad = v < 0;
	if (!bad && (flags & NUM_POS))
		bad = v <= 0;
	if (bad) {
		yr_expected(l, n, what[flags & 7], label);
		return -1;
	}
	const char *q = strncmp(label, "each ", 5) ? "'" : "";
	if (v > max) {
		yr_err(l, n, "%s%s%s %s is above the limit of %.10g", q, label,
		       q, yr_text(n), max);
		return -1;
	}
	if (v != 0 && fabs(v) < MC_MIN_NONZERO) {
		yr_err(l, n, "%s%s%s %s is below the smallest amount %g (or 0)",
		       q, label, q, yr_text(n), MC_MIN_NONZERO);
		return -1;
	}
	*out = v;
	return 0;
}

int yr_want_int(struct ld *l, ynode *n, const char *label, int flags, int max,
		int *out)
{
	double v;
	if (yr_want_num(l, n, label, flags | NUM_INT, max, &v))
		return -1;
	*out = (int)v;
	return 0;
}

/* An ISO date within MC_DATE_MIN..MC_DATE_MAX. */
int yr_want_date(struct ld *l, ynode *n, const char *label, int *out)
{
	int day;
	if (!yr_is_scalar(n) || mc_date_parse(yr_text(n), &day)) {
		yr_expected(l, n, "a date (YYYY-MM-DD)", label);
		return -1;
	}
	if (day < MC_DATE_MIN || day > MC_DATE_MAX) {
		char lo[11], hi[11];
		yr_err(l, n, "date '%s' is outside %s..%s", yr_text(n),
		       mc_date_format(MC_DATE_MIN, lo),
		       mc_date_format(MC_DATE_MAX, hi));
		return -1;
	}
	*out = day;
	return 0;
}

/* The index of n's text among names, found in idx (an index of them)
 * when not NULL, or -1 after reporting "unknown <what> 'x'". */
int yr_want_ref(struct ld *l, ynode *n, const char *what,
		const char *const *names, int count, const struct idset *idx)
{
	const char *t = yr_want_str(l, n, what);
	if (!t)
		return -1;
	int i =
	    idx ? yr_idset_find(idx, t) - 1 : mc_model_find(names, count, t);
	if (i < 0)
		yr_unknown(l, n, what, t, names, count);
	return i;
}

/* Reports an id seen before in the same namespace. */
void yr_unique(struct ld *l, struct idset *set, ynode *n, const char *what,
	       const char *id)
{
	int first = yr_idset_add(set, id, yr_line_of(n));
	if (first)
		yr_err(l, n, "duplicate %s '%s' (first at line %d)", what, id,
		       first);
}

double *yr_dense(struct ld *l, int n, double init)
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
void yr_load_amounts(struct ld *l, ynode *map, const char *label,
		     const struct names *t, double *out)
{
	if (!map || yr_want_map(l, map, label))
		return;
	for (int i = 0; i < yr_npairs(map); i++) {
		ynode *k = yr_pair_key(l, map, i);
		if (!k)
			continue;
		int at = yr_names_find(t, yr_text(k));
		assert(at >= 0);
		if (t == &l->kinds &&
		    yr_names_find(&l->reskinds, yr_text(k)) < 0) {
			char buf[512];
			const char *h =
			    yr_hint(l->d, yr_text(k), l->reskinds.v,
				    l->reskinds.n, buf, sizeof(buf));
			yr_err(l, k, "no plant has a resource of kind '%s'%s",
			       yr_text(k), h);
		}
		yr_want_num(l, yr_pair_val(l, map, i), yr_text(k), NUM_NONNEG,
			    t == &l->kinds ? MC_MAX_MINUTES : MC_MAX_PER_UNIT,
			    &out[at]);
	}
}

void yr_load_items(struct ld *l, ynode *seq, yr_item_fn *fn)
{
	struct idset ids;

	yr_idset_init(&ids, yr_seq_len(seq));
	for (int i = 0; i < yr_seq_len(seq); i++)
		fn(l, yr_seq_at(l, seq, i), i, &ids);
	yr_idset_release(&ids);
}

/* The sequence under key in a file that must be a mapping holding only
 * that key (catalog, orders), or NULL after reporting. */
ynode *yr_sole_list(struct ld *l, struct src *s, const char *key)
{
	const struct field top[] = {{key, 1}, {NULL, 0}};

	l->s = s;
	if (yr_check_map(l, s->root, NULL, top))
		return NULL;
	ynode *v = yr_get(l, s->root, key);
	if (!v || yr_want_seq(l, v, key))
		return NULL;
	return v;
}

/* Puts the messages added since base in file order: within each run of
 * messages about one file, by line and column (stable). */
void yr_sort_new(mc_diag *d, int base)
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

/* ---- the tree, from the parser's events ---- */

/* Array v of *cap elements of size sz, grown to hold n. */
static void *grow(void *v, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap)
		return v;
	size_t c = *cap ? *cap : 64;
	while (c < n)
		c *= 2;
	*cap = c;
	return mc_xrealloc(v, c * sz);
}

/* A copy of the len bytes at t in the tree's text, NUL-terminated. */
static const char *keep_text(struct yr_tree *t, const unsigned char *b,
			     size_t len)
{
	if (!t->nchunks || t->used + len + 1 > t->room) {
		size_t room = len + 1 > TEXT_CHUNK ? len + 1 : TEXT_CHUNK;
		t->chunks = grow(t->chunks, &t->capchunks, t->nchunks + 1,
				 sizeof(*t->chunks));
		t->chunks[t->nchunks++] = mc_xmalloc(room);
		t->used = 0;
		t->room = room;
	}
	char *c = t->chunks[t->nchunks - 1] + t->used;
	if (len)
		memcpy(c, b, len);
	c[len] = '\0';
	t->used += len + 1;
	return c;
}

/* A new node of type at mark m; its index. */
static size_t new_node(struct yr_tree *t, int type, yaml_mark_t m)
{
	t->nodes =
	    grow(t->nodes, &t->capnodes, t->nnodes + 1, sizeof(*t->nodes));
	ynode *n = &t->nodes[t->nnodes];
	memset(n, 0, sizeof(*n));
	n->type = (unsigned char)type;
	n->line = (int)m.line;
	n->col = (int)m.column;
	return t->nnodes++;
}

/* What building a tree keeps: the collections open, the children made
 * so far (those of the open collections, in order), the anchors. */
struct building {
	size_t *open, nopen, capopen; /* node, first child in kid */
	size_t *kid, nkid, capkid;
	struct idset anchors; /* name -> node index + 1 */
};

/* Names node id by anchor (the newest one of a name counts). */
static void anchor(struct yr_tree *t, struct building *b,
		   const yaml_char_t *name, size_t id)
{
	if (!name)
		return;
	const char *key = keep_text(t, name, strlen((const char *)name));
	size_t at = idset_slot(&b->anchors, key);
	if (b->anchors.key[at])
		b->anchors.line[at] = (int)id + 1;
	else
		yr_idset_add(&b->anchors, key, (int)id + 1);
}

/* Adds node id as the next child of the innermost open collection, or
 * as the root when none is open. */
static void child(struct building *b, size_t id, size_t *root)
{
	if (!b->nopen) {
		*root = id;
		return;
	}
	b->kid = grow(b->kid, &b->capkid, b->nkid + 1, sizeof(*b->kid));
	b->kid[b->nkid++] = id;
}

/* Parses the file's one document into s->tree and sets s->root; problems
 * go to the diag and leave s->root NULL. */
static void build(struct ld *l, struct src *s, yaml_parser_t *p)
{
	struct yr_tree *t = s->tree;
	struct building b = {0};
	yr_idset_init(&b.anchors, 16);
	yaml_event_t e;
	size_t root = (size_t)-1;
	int docs = 0, ok = 1;
	for (int done = 0; ok && !done;) {
		if (!yaml_parser_parse(p, &e)) {
			syntax_error(l, s, p);
			ok = 0;
			break;
		}
		size_t id;
		switch (e.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs == 2) {
				/* where the second document's root starts */
				yaml_event_t r;
				yaml_mark_t m = e.start_mark;
				if (yaml_parser_parse(p, &r)) {
					m = r.start_mark;
					yaml_event_delete(&r);
				}
				mc_diag_at(l->d, MC_EINPUT, s->path,
					   (int)m.line + 1, (int)m.column + 1,
					   "a second yaml document, expected "
					   "only one");
				ok = 0;
			}
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			id = new_node(t, YR_SCALAR, e.start_mark);
			t->nodes[id].plain =
			    e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			t->nodes[id].text = keep_text(t, e.data.scalar.value,
						      e.data.scalar.length);
			anchor(t, &b, e.data.scalar.anchor, id);
			child(&b, id, &root);
			break;
		case YAML_ALIAS_EVENT: {
			int at = yr_idset_find(
			    &b.anchors, (const char *)e.data.alias.anchor);
			if (!at) {
				mc_diag_at(l->d, MC_EINPUT, s->path,
					   (int)e.start_mark.line + 1,
					   (int)e.start_mark.column + 1,
					   "invalid yaml: found undefined "
					   "alias");
				ok = 0;
				break;
			}
			child(&b, (size_t)at - 1, &root);
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			id = new_node(t,
				      e.type == YAML_SEQUENCE_START_EVENT
					  ? YR_SEQ
					  : YR_MAP,
				      e.start_mark);
			anchor(t, &b,
			       e.type == YAML_SEQUENCE_START_EVENT
				   ? e.data.sequence_start.anchor
				   : e.data.mapping_start.anchor,
			       id);
			b.open = grow(b.open, &b.capopen, b.nopen + 2,
				      sizeof(*b.open));
			b.open[b.nopen++] = id;
			b.open[b.nopen++] = b.nkid;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			size_t first = b.open[--b.nopen];
			id = b.open[--b.nopen];
			size_t n = b.nkid - first;
			t->kids = grow(t->kids, &t->capkids, t->nkids + n,
				       sizeof(*t->kids));
			if (n)
				memcpy(t->kids + t->nkids, b.kid + first,
				       n * sizeof(*t->kids));
			t->nodes[id].kids = t->nkids;
			t->nodes[id].n = (int)n;
			t->nkids += n;
			b.nkid = first;
			child(&b, id, &root);
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	if (ok && root == (size_t)-1)
		mc_diag_at(l->d, MC_EINPUT, s->path, 0, 0,
			   "empty file, expected a mapping");
	else if (ok)
		s->root = &t->nodes[root];
	free(b.open);
	free(b.kid);
	yr_idset_release(&b.anchors);
}

/* Reads (or takes the given bytes of), hashes and parses one file into s,
 * noting it in *in (when not NULL) with an arena copy of its bytes.
 * Problems go to the diag and leave s->root NULL. */
void yr_src_open(struct ld *l, struct src *s, const mc_source *from,
		 mc_input *in)
{
	yaml_parser_t p;
	const char *path = from->path;

	s->path = mc_arena_strdup(l->a, path);
	if (in)
		in->path = s->path;
	if (from->bytes) {
		if (from->len > (size_t)MC_MAX_FILE_BYTES) {
			mc_diag_at(l->d, MC_EINPUT, path, 0, 0,
				   "%zu bytes, more than the limit of %lld",
				   from->len, (long long)MC_MAX_FILE_BYTES);
			return;
		}
		s->buf = mc_xmalloc(from->len + 1);
		memcpy(s->buf, from->bytes, from->len);
		s->buf[from->len] = '\0';
		s->len = from->len;
	} else if (mc_file_read(path, MC_MAX_FILE_BYTES, &s->buf, &s->len,
				l->d) < 0) {
		return;
	}
	if (in) {
		snprintf(in->digest, sizeof(in->digest), "%016" PRIx64,
			 mc_hash_fnv1a(s->buf, s->len));
		char *copy = mc_arena_alloc(l->a, s->len + 1);
		memcpy(copy, s->buf, s->len);
		copy[s->len] = '\0';
		in->bytes = copy;
		in->len = s->len;
	}
	if (prepass(l, s) < 0)
		return;
	if (!yaml_parser_initialize(&p)) {
		mc_diag_at(l->d, MC_EINPUT, path, 0, 0,
			   "unable to start the yaml parser");
		return;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)s->buf, s->len);
	s->tree = mc_xcalloc(1, sizeof(*s->tree));
	build(l, s, &p);
	yaml_parser_delete(&p);
}

void yr_src_release(struct src *s)
{
	struct yr_tree *t = s->tree;
	if (t) {
		for (size_t i = 0; i < t->nchunks; i++)
			free(t->chunks[i]);
		free(t->chunks);
		free(t->nodes);
		free(t->kids);
		free(t);
	}
	free(s->buf);
}

const char *mc_yread_version(void)
{
	return yaml_get_version_string();
}
