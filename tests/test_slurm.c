/*
 * test_slurm.c - `mcsched whatif --executor slurm` on a real one-node
 * Slurm cluster: tests/slurm.sh brings up munged, slurmctld and slurmd
 * (Debian's slurm-wlm and munge, which `make deps` installs) in a scratch
 * directory and tears them down after, also on failure; inside it
 * tests/slurm-whatif.sh plans 8 scenarios on the samples through one job
 * array and checks they are the plans of local `--jobs 2` (cost and the
 * digest of each run's units), that `--no-wait` and `whatif status` tell
 * the same, and that tasks killed in the middle of saving leave no run
 * and complete when resubmitted.  It runs in both passes of make test:
 * on a shared SQLite file, then on the throwaway PostgreSQL cluster
 * (tests/run.sh).  When Slurm cannot be started the test says why and
 * fails: it never skips.
 *
 * Runs with cwd = tests/ and $MCSCHED, $MCSCHED_HOOKS naming the binaries
 * (make test).
 */
#include "support.h"

#include <criterion/criterion.h>
#include <stdlib.h>

Test(slurm, whatif_on_a_job_array_plans_as_local, .timeout = 240)
{
	const char *bin = support_bin(), *hooks = support_bin_hooks();
	char *dir = support_tmpdir("slurm");
	char *log = support_path(dir, "log.txt");
	/* the shared stores: SQLite files, or PostgreSQL databases in the
	 * PostgreSQL pass (tests/run.sh) */
	char *sdb = support_db(dir, "slurm.db"),
	     *kdb = support_db(dir, "kill.db");
	int st = support_sh("sh slurm.sh %s/cluster sh slurm-whatif.sh %s %s "
			    "%s/t '%s' '%s' >%s 2>&1",
			    dir, bin, hooks, dir, sdb, kdb, log);
	char *out = support_read(log);
	cr_assert_eq(st, 0, "%s%s",
		     st == 3 ? "Slurm could not be started (slurm-wlm and "
			       "munge installed? make deps): "
			     : "",
		     out ? out : "(no output)");
	free(out);
	free(kdb);
	free(sdb);
	free(log);
	free(dir);
}
