/*
 * access.h - serve's access log: a line per request answered, in the
 * combined log format web servers write and log tools read:
 *   127.0.0.1 - - [07/Dec/2026:17:40:55 +0100] "GET /healthz HTTP/1.1"
 *   200 98 "-" "curl/7.88.1"
 * (one line): the client's address, ident and user (always "-": the
 * bearer token names no user and is never written), the time the request
 * came (local, with its UTC offset), the request line as the client sent
 * it, the status, the bytes of the body sent ("-" for none), and the
 * Referer and User-Agent headers.  A quote, a backslash, a control
 * character or a byte that is not printable ASCII in the request line or
 * a header is written as \" \\ or \xHH, so one request is one line.
 *
 * The log is a file opened for appending (created 0640) or standard
 * error ("-").  Each line goes out in one write(2), so the server's
 * threads never mix their lines; mc_access_reopen() (on SIGHUP, after
 * logrotate moved the file) puts the new file under the same descriptor
 * with dup2(2), so a thread writing at that moment writes whole to the
 * old file or to the new one.  No lock, no shared mutable memory.
 *
 * Memory: an mc_access_log owns its descriptor and a copy of its path.
 */
#ifndef MC_ACCESS_H
#define MC_ACCESS_H

#include "diag.h"

#include <stddef.h>

/* Longest line written (a longer request line is cut, still one line). */
#define MC_ACCESS_LINE 4096

typedef struct mc_access_log mc_access_log;

/* One request answered. */
typedef struct mc_access_rec {
	const char *host;    /* the client's address, NULL: "-" */
	double wall;	     /* Unix time the request came */
	const char *method;  /* as sent */
	const char *target;  /* path and query as sent */
	const char *version; /* "HTTP/1.1" */
	int status;
	size_t bytes;		     /* of the body sent; 0: "-" */
	const char *referer, *agent; /* headers, NULL: "-" */
} mc_access_rec;

/* Opens the log at path ("-": standard error).  Returns it, or NULL with
 * "unable to open the access log '<path>': <why>" (MC_EINPUT) in d. */
mc_access_log *mc_access_open(const char *path, mc_diag *d);
/* Opens the log's path again (logrotate moved the file away) and writes
 * on to the new file.  Returns 0, or -1 with the reason in d and the old
 * file still written; 0 for standard error.  Thread-safe. */
int mc_access_reopen(mc_access_log *l, mc_diag *d);
/* Closes; accepts NULL. */
void mc_access_close(mc_access_log *l);

/* r's line, "\n" included, into buf (size at least 2); its length. */
size_t mc_access_format(const mc_access_rec *r, char *buf, size_t size);
/* Writes r's line to the log with one write(2).  Thread-safe. */
void mc_access_write(mc_access_log *l, const mc_access_rec *r);

#endif
