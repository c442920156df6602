/*
 * publish.c - the publish mode and the guards of `--publish auto`
 * (publish.h).  Pure: no store, no printing.
 */
#include "publish.h"
#include "tolerance.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
    [MC_PUBLISH_AUTO] = "auto",
    [MC_PUBLISH_ALWAYS] = "always",
    [MC_PUBLISH_NEVER] = "never",
};
#define NNAMES ((int)(sizeof(names) / sizeof(names[0])))

int mc_publish_mode_parse(const char *text, mc_publish_mode *mode)
{
	for (int i = 0; text && i < NNAMES; i++)
		if (strcmp(text, names[i]) == 0) {
			*mode = (mc_publish_mode)i;
			return 0;
		}
	return -1;
}

const char *mc_publish_mode_name(mc_publish_mode mode)
{
	return (int)mode >= 0 && (int)mode < NNAMES ? names[mode] : "?";
}

int mc_publish_decide(const mc_publish_facts *f, char *why, size_t size)
{
	switch (f->mode) {
	case MC_PUBLISH_ALWAYS:
		return 1;
	case MC_PUBLISH_NEVER:
		snprintf(why, size, "--publish never");
		return 0;
	case MC_PUBLISH_AUTO:
		break;
	}
	/* an empty or shrunken order book is kept back */
	if (f->norders < f->min_orders) {
		snprintf(why, size, "%d orders, fewer than --min-orders %d",
			 f->norders, f->min_orders);
		return 0;
	}
	if (f->published_run &&
	    2 * (int64_t)f->norders < (int64_t)f->published_orders) {
		snprintf(why, size,
			 "%d orders, less than half of the %d of the "
			 "published plan (run %lld)",
			 f->norders, f->published_orders,
			 (long long)f->published_run);
		return 0;
	}
	/* only a proven plan: LP optimal, gap within bound */
	if (!f->lp_status || strcmp(f->lp_status, "optimal") != 0) {
		snprintf(why, size, "the LP is not optimal (%s)",
			 f->lp_status ? f->lp_status : "-");
		return 0;
	}
	if (!(100 * f->gap <= f->max_gap + MC_TOL_TIE)) {
		snprintf(why, size, "its gap %.3f%% is above --max-gap %g%%",
			 100 * f->gap, f->max_gap);
		return 0;
	}
	if (!f->frozen_ok) {
		snprintf(why, size,
			 "a frozen unit's plant can no longer make it or "
			 "is gone (see its conflicts)");
		return 0;
	}
	return 1;
}
