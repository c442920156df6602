/*
 * logline.h - log lines an operator's tools can read: one JSON object a
 * line (JSON Lines), each starting with the local time and its UTC offset
 * (the time zone), then what happened:
 *   {"time": "2026-12-08T01:30:02.125+01:00", "command": "plan", ...}
 *
 * A line is built in memory (an mc_json over a memory stream, json.h) and
 * written with one write(2), so lines that threads or processes write to
 * one file or pipe at once never interleave.  mcsched plan, whatif and
 * actuals (--log-format json) and serve write them on stderr.
 *
 * Memory: an mc_logline owns its buffer from mc_logline_open() to
 * mc_logline_write(), which frees it whatever happens.  Out of memory
 * aborts, as serve's answers do.
 */
#ifndef MC_LOGLINE_H
#define MC_LOGLINE_H

#include "json.h"

#include <stddef.h>

/* Longest time mc_logline_time() writes, with its NUL. */
#define MC_LOGLINE_TIME 40

/* Unix time wall (seconds) as local ISO 8601 with its UTC offset into
 * buf (at least MC_LOGLINE_TIME bytes): "2026-12-08T01:30:02+01:00", or
 * with millis "2026-12-08T01:30:02.125+01:00".  Returns buf. */
char *mc_logline_time(double wall, int millis, char *buf);

/* A line being built: add its fields with the mc_json_*() calls on j. */
typedef struct mc_logline {
	mc_json j;
	FILE *f;
	char *buf;
	size_t len;
} mc_logline;

/* Starts a line at Unix time wall: {"time": ..., "command": command (when
 * not NULL), "event": event. */
void mc_logline_open(mc_logline *l, double wall, const char *command,
		     const char *event);
/* A text field whose value may hold any bytes (a message quoting a
 * file, a request's target): bytes that are not UTF-8, and control
 * characters, are written as the text \xNN, so the line stays valid JSON
 * and one line.  NULL is written as null. */
void mc_logline_str(mc_logline *l, const char *k, const char *v);
/* Ends the line and writes it to fd with one write(2); frees it.  Returns
 * 0, or -1 when the line could not be written whole (errno set). */
int mc_logline_write(mc_logline *l, int fd);

#endif
