/*
 * commands.c - the table of commands (cli.h): the order usage lists them
 * in, the exit statuses, and what several commands share.
 */
#include "cmd.h"

const mc_command *const mc_commands[] = {
    &mc_cmd_plan,   &mc_cmd_status,  &mc_cmd_publish, &mc_cmd_whatif,
    &mc_cmd_check,  &mc_cmd_runs,    &mc_cmd_report,  &mc_cmd_compare,
    &mc_cmd_export, &mc_cmd_resolve, &mc_cmd_track,   &mc_cmd_actuals,
    &mc_cmd_labels, &mc_cmd_serve,   &mc_cmd_gen,     NULL};

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

int mc_cmd_db_and_arg(const mc_command *c, int argc, char **argv,
		      const char *missing, const char **db, const char **arg,
		      mc_diag *d)
{
	mc_settings set;
	const char *pos[1];
	int npos, rc = mc_cli_parse(c, argc, argv, &set, NULL, pos, &npos, d);
	if (rc)
		return rc;
	if (!npos)
		return mc_diag_error(d, MC_EUSAGE, "%s", missing);
	*db = set.db;
	*arg = pos[0];
	return 0;
}
