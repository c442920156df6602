/*
 * jsonlog.h - a command's log as JSON lines on stderr (--log-format
 * json): the command line's second implementation of the engine's
 * progress seam (progress.h; term.h is the first), and the command's own
 * lines.  Every line is one object (logline.h) with the time and its UTC
 * offset, the command, the event and, once known, the run's id:
 *   {"time": "...+01:00", "command": "plan", "event": "phase",
 *    "phase": "solve", "elapsed_s": 0.41, "base_run": 6}
 *   {... "event": "lp", "iteration": 1200, "objective": ..., ...}
 *   {... "event": "stored", "run": 7, "state": "published", "cost": ...}
 *   {... "event": "error", "status": 2, "message": "plants.yaml:3:1: ..."}
 *   {... "event": "exit", "status": 0, "elapsed_s": 12.3}
 * The events and their fields are listed in docs/guide.md (Operations).
 */
#ifndef MC_JSONLOG_H
#define MC_JSONLOG_H

#include "diag.h"
#include "logline.h"
#include "progress.h"

/* A log of command (its name: "plan") writing to fd.  Never NULL. */
mc_progress *mc_jsonlog_new(int fd, const char *command);
/* Frees; accepts NULL. */
void mc_jsonlog_free(mc_progress *p);

/* Starts a line of event on log p (made by mc_jsonlog_new()) with the
 * run's fields known so far; add fields on l->j, then mc_jsonlog_emit(). */
void mc_jsonlog_open(mc_progress *p, mc_logline *l, const char *event);
void mc_jsonlog_emit(mc_progress *p, mc_logline *l);

/* Each message of d as an "error" line (with its file, line and column,
 * and d's status); d is cleared. */
void mc_jsonlog_errors(mc_progress *p, mc_diag *d);
/* The command ends with exit status: each message of d as an "error"
 * line (with its file, line and column), then the "exit" line; d is
 * cleared.  Returns status, for the command to return (main() prints
 * nothing more for a status > 0). */
int mc_jsonlog_exit(mc_progress *p, int status, mc_diag *d);

#endif
