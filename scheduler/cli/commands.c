/*
 * commands.c - the table of commands (cli.h): the order usage lists them
 * in, the exit statuses, and what several commands share.
 */
#include "cmd.h"
#include "date.h"
#include "session.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const mc_command *const mc_commands[] = {
    &mc_cmd_plan,   &mc_cmd_status,  &mc_cmd_publish,  &mc_cmd_whatif,
    &mc_cmd_check,  &mc_cmd_runs,    &mc_cmd_report,   &mc_cmd_compare,
    &mc_cmd_export, &mc_cmd_resolve, &mc_cmd_track,    &mc_cmd_actuals,
    &mc_cmd_labels, &mc_cmd_promise, &mc_cmd_promises, &mc_cmd_serve,
    &mc_cmd_store,  &mc_cmd_gen,     &mc_cmd_version,  NULL};

const mc_exit mc_exits[] = {
    {MC_OK, "ok"},
    {MC_EUSAGE, "usage"},
    {MC_EINPUT, "bad input"},
    {MC_ENOPLAN, "no plan"},
    {MC_ESTORE, "store error"},
    {MC_EHELD, "plan stored but kept back (not published)"},
    {0, NULL}};

const mc_setting mc_opt_out = {
    .name = "out",
    .type = MC_OPT_PATH,
    .arg = "PATH",
    .help = "write to PATH instead of standard output, whole or not at "
	    "all: a bad format or a failed write leaves an existing file as "
	    "it was",
    .at = offsetof(mc_args, out)};

const mc_setting mc_opt_bom = {
    .name = "bom",
    .type = MC_OPT_FLAG,
    .help = "start the CSV with a UTF-8 byte order mark, so Excel reads "
	    "Chinese names right in any locale",
    .at = offsetof(mc_args, bom)};

const mc_arg mc_run_arg[] = {{"RUN", MC_OPT_STR, 0, 0}, {0}};

const mc_setting *const mc_db_opts[] = {MC_SETTING(MC_SET_DB), NULL};

const char *const mc_text_json[] = {"text", "json", NULL};

int mc_cmd_text_or_json(const char *cmd, const char *format, mc_diag *d)
{
	if (strcmp(format, "text") && strcmp(format, "json"))
		return mc_diag_error(d, MC_EUSAGE,
				     "%s --format is text or json, not '%s'",
				     cmd, format);
	return 0;
}

const char *mc_cmd_today(const char *given, char iso[16], int *day, mc_diag *d)
{
	if (given) {
		if (mc_date_parse(given, day)) {
			mc_diag_error(d, MC_EUSAGE,
				      "--today is a date YYYY-MM-DD, not '%s'",
				      given);
			return NULL;
		}
		return given;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) ||
	    strftime(iso, 16, "%Y-%m-%d", &tm) == 0 ||
	    mc_date_parse(iso, day)) {
		mc_diag_error(d, MC_EUSAGE, "unable to read the local date");
		return NULL;
	}
	return iso;
}

const char *mc_cmd_arg(const mc_call *x, const char *missing, mc_diag *d)
{
	if (!x->npos) {
		mc_diag_error(d, MC_EUSAGE, "%s", missing);
		return NULL;
	}
	return x->pos[0];
}

int mc_cli_run(const mc_command *c, int argc, char **argv, mc_diag *d)
{
	mc_call *x = mc_xcalloc(1, sizeof(*x));
	x->c = c;
	x->t0 = mc_session_clock();
	assert(c->maxpos <= MC_MAX_POS);
	int rc =
	    mc_cli_parse(c, argc, argv, &x->set, &x->o, x->pos, &x->npos, d);
	if (rc == 0)
		rc = c->run(x, d);
	else if (rc > 0) /* the help, printed */
		rc = 0;
	free(x);
	return rc;
}
