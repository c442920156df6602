/*
 * explain.c - reasons for unmet and late orders (see explain.h).
 */
#include "explain.h"
#include "date.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Tally of what blocked a class's slots. */
typedef struct tally {
	int *res_days;	 /* [nresources] slots blocked by the resource */
	int *res_first;	 /* [nresources] first day blocked */
	int *res_last;	 /* [nresources] last day blocked */
	int mat_blocked; /* slots blocked by a material */
	int mat_plant, mat, mat_day;
	int open; /* slots with room left (cost made it unmet) */
	int slots;
	int *adm; /* [nresources] scratch for mc_model_admitting() */
} tally;

/* Which kind blocks a unit of cls at (p,t): the first resource of that
 * kind admitting the family, or -1 when there is room (round.h's test). */
static int blocking_resource(const mc_model *m, const mc_classes *c,
			     const mc_int_plan *ip, int cls, int p, int t,
			     int *adm)
{
	int f = m->orders[c->v[cls].rep].family;
	for (int k = 0; k < m->nkinds; k++) {
		double mins = mc_class_minutes(c, cls, p, k);
		if (mins <= 0)
			continue;
		if (mc_round_room(m, ip, p, k, f, t, adm) + MC_FIT_EPS < mins)
			return mc_model_admitting(m, p, k, f, adm) ? adm[0]
								   : -1;
	}
	return -1;
}

static void tally_slot(const mc_model *m, const mc_classes *c,
		       const mc_int_plan *ip, const mc_lp_x *col, tally *ty)
{
	int r = blocking_resource(m, c, ip, col->cls, col->plant, col->day,
				  ty->adm);
	ty->slots++;
	if (r >= 0) {
		if (!ty->res_days[r] || col->day < ty->res_first[r])
			ty->res_first[r] = col->day;
		if (!ty->res_days[r] || col->day > ty->res_last[r])
			ty->res_last[r] = col->day;
		ty->res_days[r]++;
		return;
	}
	int mat, day = mc_round_material_short(m, c, ip, col->cls, col->plant,
					       col->day, &mat);
	if (day >= 0) {
		if (!ty->mat_blocked || day < ty->mat_day) {
			ty->mat_plant = col->plant;
			ty->mat = mat;
			ty->mat_day = day;
		}
		ty->mat_blocked++;
		return;
	}
	ty->open++;
}

/* "GZ-SEW1 full 2026-11-25..2026-12-04, FS-TEST full ..." (top two). */
static const char *capacity_words(const mc_model *m, const tally *ty,
				  mc_arena *a)
{
	int best[2] = {-1, -1};
	for (int r = 0; r < m->nresources; r++) {
		if (!ty->res_days[r])
			continue;
		if (best[0] < 0 || ty->res_days[r] > ty->res_days[best[0]]) {
			best[1] = best[0];
			best[0] = r;
		} else if (best[1] < 0 ||
			   ty->res_days[r] > ty->res_days[best[1]]) {
			best[1] = r;
		}
	}
	const char *s = "";
	for (int i = 0; i < 2 && best[i] >= 0; i++) {
		char d1[11], d2[11];
		int r = best[i];
		int one = ty->res_first[r] == ty->res_last[r];
		s = mc_arena_printf(
		    a, "%s%s%s full %s%s%s", s, i ? ", " : "",
		    m->resources[r].id,
		    mc_date_format(m->start + ty->res_first[r], d1),
		    one ? "" : "..",
		    one ? "" : mc_date_format(m->start + ty->res_last[r], d2));
	}
	return s;
}

void mc_explain_blocked(const mc_model *m, int o, const int *blocker,
			mc_arena *a, int *reason, const char **detail)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	int makes = 0, lane = 0, servable = 0;
	for (int p = 0; p < m->nplants; p++) {
		int b = blocker[p];
		makes += b != MC_REASON_NO_PLANT;
		lane += b != MC_REASON_NO_PLANT && b != MC_REASON_NO_LANE;
		servable += b == MC_REASON_NONE;
	}
	char d1[11], d2[11];
	if (!makes) {
		*reason = MC_REASON_NO_PLANT;
		*detail = mc_arena_printf(
		    a, "no plant has a cost for family '%s'", f->id);
	} else if (!lane) {
		*reason = MC_REASON_NO_LANE;
		*detail = mc_arena_printf(
		    a, "no plant making '%s' has a lane to region '%s'", f->id,
		    m->regions[ord->region]);
	} else if (!servable) {
		*reason = MC_REASON_NO_RESOURCE;
		*detail = mc_arena_printf(
		    a,
		    "no plant with a lane to '%s' has every resource "
		    "kind '%s' needs",
		    m->regions[ord->region], f->id);
	} else {
		*reason = MC_REASON_WINDOW;
		*detail = mc_arena_printf(
		    a,
		    "no working day between release %s and due %s%s "
		    "inside the horizon",
		    mc_date_format(ord->release, d1),
		    mc_date_format(ord->due, d2),
		    ord->max_late_days >= 0 ? " + max late days" : "");
	}
}

static const char *not_in_time_words(const mc_model *m, const mc_classes *c,
				     int o, int cls, mc_arena *a)
{
	const mc_order *ord = &m->orders[o];
	int from = ord->release > m->start ? ord->release : m->start;
	int best = -1, arrive = 0;
	char d1[11], d2[11], d3[11];
	for (int p = 0; p < m->nplants; p++) {
		size_t cp = (size_t)cls * (size_t)m->nplants + (size_t)p;
		if (c->blocker[cp] != MC_REASON_NONE)
			continue;
		if (best < 0 || from + c->transit[cp] < arrive) {
			best = p;
			arrive = from + c->transit[cp];
		}
	}
	if (best < 0 || arrive <= ord->due)
		return mc_arena_printf(a,
				       "no plant works on a day early enough "
				       "to arrive by %s",
				       mc_date_format(ord->due, d1));
	int s = arrive - from;
	return mc_arena_printf(
	    a, "earliest arrival %s (%s %s + %d day%s from %s) is after due %s",
	    mc_date_format(arrive, d1),
	    ord->release > m->start ? "release" : "horizon start",
	    mc_date_format(from, d2), s, s == 1 ? "" : "s", m->plants[best].id,
	    mc_date_format(ord->due, d3));
}

void mc_explain_ontime(const mc_model *m, const mc_classes *c, int o, int cls,
		       int status, double price, mc_arena *a, mc_order_out *out)
{
	out->ontime_cost = NAN;
	out->ontime_note = NULL;
	if (out->late_units <= 0)
		return;
	switch (status) {
	case MC_ONTIME_PRICED:
		out->ontime_cost = out->late_units * price;
		break;
	case MC_ONTIME_NO_SLOT:
		/* a late order with no slot arriving in time is late for its
		 * window, and mc_explain_order() has said why already */
		out->ontime_note =
		    mc_arena_printf(a, "impossible: %s",
				    out->reason == MC_REASON_WINDOW
					? out->detail
					: not_in_time_words(m, c, o, cls, a));
		break;
	case MC_ONTIME_FULL:
		out->ontime_note = "impossible: no capacity or material left "
				   "in time, even by delaying other orders";
		break;
	case MC_ONTIME_ROUNDED:
		out->ontime_note = "rounding: the LP has these units on time; "
				   "they are late only in the whole-unit plan "
				   "(part of the gap)";
		break;
	case MC_ONTIME_SKIPPED:
		out->ontime_note = "unknown: on-time pricing stopped at its "
				   "time budget (a quarter of the LP solve "
				   "time)";
		break;
	default: /* unknown: the LP stopped before its optimum */
		break;
	}
}

void mc_explain_order(const mc_model *m, const mc_classes *c,
		      const mc_lp_result *lp, const mc_int_plan *ip, int o,
		      int cls, mc_arena *a, mc_order_out *out)
{
	const mc_order *ord = &m->orders[o];
	out->reason = MC_REASON_NONE;
	out->detail = NULL;
	if (!out->unmet && !out->late_units)
		return;
	tally ty = {0};
	ty.res_days = mc_xcalloc((size_t)m->nresources + 1, sizeof(int));
	ty.res_first = mc_xcalloc((size_t)m->nresources + 1, sizeof(int));
	ty.res_last = mc_xcalloc((size_t)m->nresources + 1, sizeof(int));
	ty.adm = mc_xcalloc((size_t)m->nresources + 1, sizeof(int));
	/* Unmet: every slot of the class.  Late: the slots that arrive in
	 * time. */
	int end;
	for (int i = mc_lp_class_cols(lp->x, lp->nx, cls, &end); i < end; i++) {
		const mc_lp_x *col = &lp->x[i];
		if (!out->unmet &&
		    m->start + col->day + col->transit > ord->due)
			continue;
		tally_slot(m, c, ip, col, &ty);
	}
	char d1[11];
	if (!ty.slots && out->unmet) {
		mc_explain_blocked(
		    m, o, &c->blocker[(size_t)cls * (size_t)m->nplants], a,
		    &out->reason, &out->detail);
	} else if (!ty.slots) {
		out->reason = MC_REASON_WINDOW;
		out->detail = not_in_time_words(m, c, o, cls, a);
	} else if (ty.slots > ty.mat_blocked + ty.open) {
		out->reason = MC_REASON_CAPACITY;
		out->detail = capacity_words(m, &ty, a);
	} else if (ty.mat_blocked) {
		out->reason = MC_REASON_MATERIAL;
		out->detail = mc_arena_printf(
		    a, "%s at %s runs short on %s", m->materials[ty.mat],
		    m->plants[ty.mat_plant].id,
		    mc_date_format(m->start + ty.mat_day, d1));
	} else {
		out->reason = MC_REASON_COST;
		out->detail =
		    out->unmet
			? mc_arena_printf(a,
					  "making it would cost more than "
					  "the unmet penalty %.2f",
					  ord->unmet_penalty)
			: "delivering on time would cost more "
			  "than the late penalty";
	}
	free(ty.res_days);
	free(ty.res_first);
	free(ty.res_last);
	free(ty.adm);
}
