/*
 * made.c - made units as delivered units of a plan run (see made.h).
 *
 * Memory: an index of the model's orders, built and freed in the call;
 * nothing else is allocated.
 */
#include "made.h"

#include <string.h>

/* Transit days from the plant named plant to region, 0 when the plant or
 * its lane is not known. */
static int transit(const mc_model *m, const char *plant, int region)
{
	int p = mc_model_index(&m->plants[0].id, sizeof(mc_plant), m->nplants,
			       plant);
	int lane =
	    p >= 0 && m->lane_of ? m->lane_of[p * m->nregions + region] : -1;
	return lane >= 0 ? m->lanes[lane].days : 0;
}

void mc_plan_account_made(const mc_model *m, const mc_made *made, int nmade,
			  mc_plan *p)
{
	mc_id_index ix;
	p->units_made = p->units_made_late = 0;
	mc_order_index_build(m, &ix);
	for (int i = 0; i < nmade; i++) {
		int o = mc_id_index_find(&ix, made[i].order);
		if (o < 0)
			continue;
		const mc_order *ord = &m->orders[o];
		mc_order_out *out = &p->orders[o];
		out->made = out->made_late = out->made_arrive = 0;
		for (int k = 0; k < made[i].units; k++) {
			const mc_made_unit *u = &made[i].unit[k];
			if (!u->day)
				continue; /* no day: the store writes one */
			int arrive = u->day + transit(m, u->plant, ord->region);
			out->made++;
			out->made_late += arrive > ord->due;
			if (arrive > out->made_arrive)
				out->made_arrive = arrive;
		}
		p->units_made += out->made;
		p->units_made_late += out->made_late;
	}
	mc_id_index_free(&ix);
}
