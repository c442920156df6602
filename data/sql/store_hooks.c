/*
 * store_hooks.c - fault injection for tests (store.h, mc_store_fault_at()):
 * at the n-th write step of a save the statement fails, the process
 * kills itself in the middle of the open transaction, or the server ends
 * the connection, so that tests can check a failed or crashed save, or a
 * lost connection, changes nothing.
 *
 * Compiled only with MC_TEST_HOOKS (test builds): without it this file is
 * empty, the write step calls an inline no-op (store_impl.h) and the ops
 * table has no fault_at, so a release binary has no fault injection.
 */
#include "store_impl.h"

#ifdef MC_TEST_HOOKS

#include <signal.h>

void store_hook_begin(sq_store *s)
{
	s->steps = 0;
}

int store_hook_write(sq_store *s, mc_diag *d)
{
	if (s->fail_at <= 0 || ++s->steps != s->fail_at)
		return 0;
	if (s->kill == MC_FAULT_DROP && s->drv->drop) {
		s->drv->drop(s->db); /* the write itself finds it gone */
		return 0;
	}
	if (s->kill == MC_FAULT_KILL)
		raise(SIGKILL); /* mid-transaction, as a real kill */
	return mc_diag_error(d, MC_ESTORE,
			     "unable to save run in '%s': injected failure at "
			     "write %d",
			     s->path, s->fail_at);
}

void sq_fault_at(void *h, int n, int kill)
{
	sq_store *s = h;
	s->fail_at = n;
	s->kill = kill;
}

#else

/* ISO C wants a declaration in every file: a release build has this. */
typedef int store_hooks_off;

#endif
