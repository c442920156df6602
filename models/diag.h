/*
 * diag.h - diagnostics: the errors a library-like module reports to its
 * caller instead of printing them.
 *
 * Modules return 0 on success or -1 on failure and append one or more
 * messages to the caller's mc_diag; only main.c prints.  A message may carry
 * a source position (file, 1-based line and column) so it reads
 *     plants.yaml:12:7: unknown resource kind 'sewng' (did you mean 'sewing'?)
 * Messages are lowercase with no full stop, quoting the subject.
 *
 * The diag owns copies of everything it is given; mc_diag_release() frees
 * them.  A zero-initialised mc_diag (MC_DIAG_INIT) is ready for use.
 */
#ifndef MC_DIAG_H
#define MC_DIAG_H

#include <stdarg.h>
#include <stdio.h>

/* Exit statuses (docs/reference.md), also used as error classes. */
enum mc_status {
	MC_OK = 0,
	MC_EUSAGE = 1,	/* bad command line */
	MC_EINPUT = 2,	/* bad input file */
	MC_ENOPLAN = 3, /* solver failure or limit with no integral plan */
	MC_ESTORE = 4,	/* store (SQLite) error */
	MC_EHELD = 5,	/* a plan run was stored but kept back (not an
			 * error class: `plan`'s own exit status) */
};

typedef struct mc_diag_entry {
	char *file; /* NULL when the message is not about a file */
	int line;   /* 1-based; 0 when unknown */
	int col;    /* 1-based; 0 when unknown */
	char *msg;
} mc_diag_entry;

/* A diag keeps the first MC_DIAG_KEEP messages and counts the rest, so a
 * file with a million mistakes costs neither a million messages' memory
 * nor their "did you mean" searches (see mc_diag_full). */
#define MC_DIAG_KEEP 1000
/* mc_diag_print prints at most this many, then how many there were. */
#define MC_DIAG_SHOW 50

typedef struct mc_diag {
	mc_diag_entry *v;
	int n, cap;
	int status;  /* the worst mc_status seen; MC_OK when empty */
	int dropped; /* messages counted but not kept */
} mc_diag;

#define MC_DIAG_INIT                                                           \
	{                                                                      \
		NULL, 0, 0, MC_OK, 0                                           \
	}

/* Appends a message at file:line:col (file may be NULL, line/col 0) with
 * the given status class.  Always returns -1, so `return mc_diag_at(...)`
 * reports and fails in one step. */
int mc_diag_at(mc_diag *d, int status, const char *file, int line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* mc_diag_at() with the arguments in a va_list, for a module's own
 * reporting helper.  Returns -1. */
int mc_diag_vat(mc_diag *d, int status, const char *file, int line, int col,
		const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
/* A message without a position. Returns -1. */
int mc_diag_error(mc_diag *d, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends the messages of from to d, in order and with from's class,
 * then clears from: a caller that tried one way quietly (into its own
 * diag) reports that attempt only when no other way worked. */
void mc_diag_move(mc_diag *d, mc_diag *from);

/* Number of messages, kept or not. */
int mc_diag_count(const mc_diag *d);
/* 1 when the diag keeps no more messages (it still counts them): a caller
 * may then skip work that only makes a message better. */
int mc_diag_full(const mc_diag *d);
/* Drops every message and resets the status; the diag stays usable. */
void mc_diag_clear(mc_diag *d);
/* Frees what the diag holds; accepts NULL. */
void mc_diag_release(mc_diag *d);

/*
 * Prints the first MC_DIAG_SHOW messages as "file:line:col: msg" to f,
 * then, when there were more, "mcsched: N errors in all, M not shown".
 * When show_source is non-zero and the file is a regular file that can be
 * read, the offending line and a caret under the column follow each
 * positioned message (as jq does).  Bytes a terminal should not get (a
 * control character, one that is not UTF-8) are printed as \xNN in file
 * names, messages and source lines alike.  Each file is read once for messages
 * in file order (as the loaders sort them).
 */
void mc_diag_print(const mc_diag *d, FILE *f, int show_source);

/* The closest of n candidate words to word by edit distance, a letter in
 * the other case counting nothing ('gz-sew1' finds 'GZ-SEW1'), or NULL
 * when none is close enough to be a plausible typo ("did you mean ...?").
 * word itself is never suggested. */
const char *mc_diag_suggest(const char *word, const char *const *cand, int n);

#endif
