/*
 * cmd_version.c - version (also `mcsched --version` and `-V`): the
 * release, the commit it was built from, the store's schema and the
 * report's format versions, and the version of every library linked, as
 * each library says at run time through the one module that wraps it.
 *
 * The release (the VERSION file), the commit (`git describe --always
 * --dirty` when built from a clone) and the release's date come from the
 * header the Makefile writes, mc_version.h; nothing else includes it.
 */
#include "backend.h"
#include "cmd.h"
#include "export.h"
#include "mc_version.h"
#include "qr.h"
#include "serve.h"
#include "xlsx.h"
#include "yread.h"

#include <stdio.h>

const char *mc_cmd_release(void)
{
	return MC_RELEASE;
}

const char *mc_cmd_release_date(void)
{
	return MC_RELEASE_DATE;
}

const char *mc_cmd_build(void)
{
	return *MC_GIT ? MC_RELEASE " (git " MC_GIT ")" : MC_RELEASE;
}

static int cmd_version(const mc_call *x, mc_diag *d)
{
	const char *lib, *v;
	int schema;
	(void)x;
	(void)d;
	printf("mcsched %s\n", mc_cmd_build());
	for (int i = 0; (lib = mc_store_library(i, &v, &schema)); i++)
		printf("store schema version %d (%s)\n", schema, lib);
	printf("report format version %d (report --format json)\n",
	       MC_EXPORT_JSON_VERSION);
	for (int i = 0; (lib = mc_be_library(i, &v)); i++)
		printf("%s %s\n", lib, v);
	for (int i = 0; (lib = mc_store_library(i, &v, &schema)); i++)
		printf("%s %s\n", lib, v);
	printf("libyaml %s\n", mc_yread_version());
	printf("libmicrohttpd %s\n", mc_serve_httpd_version());
	printf("libxlsxwriter %s\n", mc_xlsx_version());
	printf("libqrencode %s\n", mc_qr_version());
	return 0;
}

static const mc_arg no_args[] = {{0}};
static const mc_setting *const no_opts[] = {NULL};

const mc_command mc_cmd_version = {
    .name = "version",
    .summary = "the release, store schema and library versions",
    .run = cmd_version,
    .args = no_args,
    .maxpos = 0,
    .opts = no_opts,
    .about =
	"Prints the release of mcsched (and the git commit it was built from,\n"
	"when built from a clone), the schema version of the store it writes,\n"
	"the format version of the JSON report, and the version of each\n"
	"library it runs with (the LP solvers, SQLite, libyaml,\n"
	"libmicrohttpd, libxlsxwriter, libqrencode), as each library says at\n"
	"run time.  `mcsched --version` and `mcsched -V` are the same.\n",
    .more = NULL};
