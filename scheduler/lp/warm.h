/*
 * warm.h - a solved session's warm start as data: what a related model's
 * session needs of it to start warm (session.h, mc_session_new_warm()),
 * and its file, so a process that never solved the base (a Slurm task of
 * a what-if) starts from the very basis a local worker starts from.
 *
 * It holds the base's back-end, its model's dimensions, the class of each
 * of its orders (by order id), and the basis status of each of its rows
 * and columns under a 64-bit id of what the row or column stands for.
 * mc_session_warm() makes one; mc_warm_free() frees it.
 */
#ifndef MC_WARM_H
#define MC_WARM_H

#include "diag.h"

#include <stdint.h>

/* resources, plants, families, kinds, materials, horizon days, start */
#define MC_WARM_DIMS 7

typedef struct mc_warm {
	char backend[32];	/* the back-end's name (backend.h) */
	int dims[MC_WARM_DIMS]; /* of the base's model, as listed above */
	int norders;
	char **order; /* [norders] the base's order ids */
	int *cls;     /* [norders] the base class of each */
	int n;
	uint64_t *key;	     /* [n] what each row or column stands for */
	unsigned char *stat; /* [n] its basis status (enum mc_be_status) */
	double t_solve;	     /* seconds the base's solve took */
} mc_warm;

/* Frees w and all it holds; accepts NULL. */
void mc_warm_free(mc_warm *w);

/* Writes w to path whole or not at all (models/file.h).  Returns 0, or
 * -1 (MC_EINPUT) with the reason in d. */
int mc_warm_write(const mc_warm *w, const char *path, mc_diag *d);

/* Reads what mc_warm_write() wrote at path.  Returns it (the caller frees
 * it), or NULL with "PATH: ..." (MC_EINPUT) in d when it cannot be read or
 * is not such a file. */
mc_warm *mc_warm_read(const char *path, mc_diag *d);

#endif
