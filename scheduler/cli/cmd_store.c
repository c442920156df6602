/*
 * cmd_store.c - the command on a store as a whole: store copy FROM TO
 * moves a store between back-ends (an SQLite file, a PostgreSQL database)
 * or within one, without loss: the engine copies and checks
 * (mc_store_copy()), this prints what it did.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

static int cmd_store(const mc_call *x, mc_diag *d)
{
	char digest[17];
	long rows = 0;
	int runs = 0;
	if (x->npos < 1 || strcmp(x->pos[0], "copy") != 0)
		return mc_diag_error(
		    d, MC_EUSAGE, "store takes 'copy FROM TO'%s%s%s",
		    x->npos ? ", not '" : "", x->npos ? x->pos[0] : "",
		    x->npos ? "'" : "");
	if (x->npos != 3)
		return mc_diag_error(d, MC_EUSAGE,
				     "store copy needs FROM and TO: two "
				     "stores (SQLite files or PostgreSQL "
				     "URLs)");
	if (strcmp(x->pos[1], x->pos[2]) == 0)
		return mc_diag_error(d, MC_EUSAGE,
				     "store copy needs two stores, not the "
				     "same one twice");
	if (mc_store_copy(x->pos[1], x->pos[2], x->set.wait, digest, &rows,
			  &runs, d))
		return -1;
	if (!x->set.quiet)
		printf("copied %d run%s (%ld rows); both stores' digest %s\n",
		       runs, runs == 1 ? "" : "s", rows, digest);
	return 0;
}

static const mc_arg store_args[] = {{"copy", MC_OPT_STR, 0, 0},
				    {"FROM", MC_OPT_PATH, 0, 0},
				    {"TO", MC_OPT_PATH, 0, 0},
				    {0}};
static const mc_setting *const store_opts[] = {MC_SETTING(MC_SET_WAIT),
					       MC_SETTING(MC_SET_QUIET), NULL};

const mc_command mc_cmd_store = {
    .name = "store",
    .summary = "copy a store between SQLite and PostgreSQL",
    .run = cmd_store,
    .args = store_args,
    .maxpos = 3,
    .opts = store_opts,
    .about =
	"store copy FROM TO copies every run, unit, floor report and promise\n"
	"of the store FROM into the store TO, which is created when missing\n"
	"and must hold none yet: an SQLite file or a PostgreSQL database's\n"
	"URL (postgresql://user@host/dbname, the database created by its\n"
	"owner), either way.  One transaction: a copy that fails leaves TO\n"
	"empty.  Then both stores are read back and must be equal (their\n"
	"digest is printed).  TO is locked as a plan locks it (--wait).\n",
    .more = NULL};
