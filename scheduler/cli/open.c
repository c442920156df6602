/*
 * open.c - how the commands open the store and guard their outputs
 * (cmd.h).  The one file of the command line with a test hook: built
 * with -DMC_TEST_HOOKS (the test binary mcsched-hooks), a store opened
 * here kills the process at the N-th write of a save when
 * MCSCHED_TEST_KILL_AT=N (or has the server end its connection there,
 * MCSCHED_TEST_DROP_AT=N), so tests can check a crashed run changes
 * nothing.  The release mcsched has no such code.
 */
#include "cmd.h"
#include "file.h"

#include <stdlib.h>
#include <string.h>

mc_store *mc_cmd_open_store(const char *path, int mode, mc_diag *d)
{
	mc_store *s = NULL;
	if ((mode == MC_CMD_CREATE  ? mc_store_open(path, &s, d)
	     : mode == MC_CMD_WRITE ? mc_store_open_existing(path, &s, d)
				    : mc_store_open_read(path, &s, d)) < 0)
		return NULL;
#ifdef MC_TEST_HOOKS
	const char *kill_at = getenv("MCSCHED_TEST_KILL_AT");
	const char *drop_at = getenv("MCSCHED_TEST_DROP_AT");
	if (kill_at)
		mc_store_fault_at(s, atoi(kill_at), MC_FAULT_KILL);
	else if (drop_at)
		mc_store_fault_at(s, atoi(drop_at), MC_FAULT_DROP);
#endif
	return s;
}

mc_store *mc_cmd_open_run(const char *db, int mode, const char *spec,
			  mc_arena *a, mc_run_view *v, mc_diag *d)
{
	int64_t id;
	mc_store *s = mc_cmd_open_store(db, mode, d);
	if (s && (mc_store_resolve_run(s, spec, &id, d) < 0 ||
		  mc_store_load_run(s, id, a, v, d) < 0)) {
		mc_store_close(s);
		s = NULL;
	}
	return s;
}

int mc_cmd_not_the_db(const char *out, const char *db, mc_diag *d)
{
	/* the store knows its files (the database and what lies beside it) */
	if (out && mc_store_owns_path(db, out))
		return mc_diag_error(d, MC_EINPUT,
				     "unable to write '%s': it is the "
				     "database '%s'",
				     out, db);
	return 0;
}
