/*
 * cmd_log.c - the log a command keeps on stderr (cmd.h): text (term.h)
 * or, with --log-format json, JSON lines (jsonlog.h).
 */
#include "cmd.h"
#include "jsonlog.h"
#include "term.h"

#include <string.h>
#include <unistd.h>

static const char *const log_formats[] = {"text", "json", NULL};

const mc_setting mc_opt_log_format = {
    .name = "log-format",
    .type = MC_OPT_STR,
    .choices = log_formats,
    .def = "text",
    .help = "the log on stderr: text (progress lines, errors) or json (one "
	    "JSON object a line: the time with its UTC offset, the "
	    "command, the event, the run's id once known, the phase and "
	    "its figures; errors and the exit status too), written "
	    "whatever --quiet says",
    .at = offsetof(mc_args, log_format)};

int mc_cmd_log_json(const mc_call *x)
{
	return x->o.log_format && strcmp(x->o.log_format, "json") == 0;
}

mc_progress *mc_cmd_log_new(const mc_call *x, int one_process)
{
	if (mc_cmd_log_json(x))
		return mc_jsonlog_new(STDERR_FILENO, x->c->name);
	return mc_term_new(stderr, mc_term_mode(x->set.quiet, one_process));
}

void mc_cmd_log_free(const mc_call *x, mc_progress *p)
{
	if (mc_cmd_log_json(x))
		mc_jsonlog_free(p);
	else
		mc_term_free(p);
}

int mc_cmd_log_end(const mc_call *x, mc_progress *p, int rc, mc_diag *d)
{
	if (!mc_cmd_log_json(x))
		return rc;
	int status = rc >= 0 ? rc : d->status != MC_OK ? d->status : MC_ENOPLAN;
	return mc_jsonlog_exit(p, status, d);
}
