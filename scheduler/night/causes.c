/*
 * causes.c - why published units moved (causes.h): the marks of a night's
 * commitments and the moves with their causes.
 *
 * Memory: the moves go to the model's arena with the rest of the plan;
 * scratch arrays are malloc'ed and freed in the call.
 */
#include "causes.h"
#include "tolerance.h"

#include <stdlib.h>
#include <string.h>

#define EPS MC_TOL_FIT

/* Room for one more move in p->moves (malloc'ed while moves are found). */
static void grow_moves(mc_plan *p, int *cap)
{
	if (p->nmoves < *cap)
		return;
	*cap = *cap ? 2 * *cap : 64;
	p->moves = mc_xrealloc(p->moves, (size_t)*cap * sizeof(mc_move));
}

/* ---- the marks ---- */

int mc_causes_changed(const mc_model *m, int o, const mc_view_order *vw)
{
	const mc_order *ord = &m->orders[o];
	const mc_family *f = &m->families[ord->family];
	/* a release before the horizon is the horizon's start: the days
	 * before it are gone either way */
	int was = vw->release_n, now = ord->release;
	was = was > m->start ? was : m->start;
	now = now > m->start ? now : m->start;
	if (ord->quantity != vw->quantity || ord->due != vw->due_n ||
	    was != now || strcmp(f->id, vw->family) != 0 ||
	    strcmp(m->regions[ord->region], vw->region) != 0 ||
	    ord->priority != vw->priority ||
	    ord->late_penalty != vw->late_penalty ||
	    ord->unmet_penalty != vw->unmet_penalty ||
	    ord->max_late_days != vw->max_late_days)
		return 1;
	int *opt = mc_xmalloc(((size_t)f->nopts + 1) * sizeof(int));
	int diff = mc_commit_options(m, ord->family, vw, opt) != 0;
	for (int i = 0; !diff && i < f->nopts; i++)
		diff = opt[i] != ord->opt[i];
	free(opt);
	return diff;
}

void mc_causes_made_room(mc_commit *c, int p, int day)
{
	const mc_model *m = c->m;
	int H = m->horizon_days, t = day - m->start;
	if (p >= 0 && t >= 0 && t < H)
		c->made_room[p * H + t] = 1;
}

void mc_causes_places(mc_commit *c, const mc_run_view *v, const int *o_of,
		      const mc_id_index *plants, const mc_id_index *resources)
{
	const mc_model *m = c->m;
	int H = m->horizon_days;
	for (int i = 0; i < v->ncap; i++) {
		const mc_view_cap *k = &v->cap[i];
		int t = v->horizon_start_n + k->t - m->start;
		int r = mc_id_index_find(resources, k->resource);
		if (t < 0 || t >= H || r < 0)
			continue;
		double now = mc_model_max_minutes(m, r, t),
		       was = MC_MIN_PER_HOUR * (k->hours + k->ot_max);
		if (now + EPS < was)
			c->cap_lower[m->resources[r].plant * H + t] = 1;
		else if (now > was + EPS)
			c->more_room[m->resources[r].plant * H + t] = 1;
	}
	/* materials: what the night's model offers by each day against
	 * what the published run had */
	for (int i = 0; i < v->nmat; i++) {
		const mc_view_mat *k = &v->mat[i];
		int t = v->horizon_start_n + k->t - m->start;
		int p = mc_id_index_find(plants, k->plant);
		int mat =
		    mc_model_find(m->materials, m->nmaterials, k->material);
		if (t < 0 || t >= H || p < 0 || mat < 0 ||
		    !m->plants[p].mat_listed[mat])
			continue;
		/* what the floor used since the published plan's start, it
		 * used in that plan too */
		double now = c->mat_have[((size_t)p * (size_t)m->nmaterials +
					  (size_t)mat) *
					     (size_t)H +
					 (size_t)t] +
			     c->used_since[p * m->nmaterials + mat];
		if (now + EPS < k->available)
			c->cap_lower[p * H + t] = 1;
		else if (now > k->available + EPS)
			c->more_mat[((size_t)p * (size_t)m->nmaterials +
				     (size_t)mat) *
					(size_t)H +
				    (size_t)t] = 1;
	}
	/* days past the published horizon's end are new hours */
	int last = v->horizon_start_n + v->horizon_days - 1;
	for (int t = last - m->start + 1; t < H; t++)
		for (int p = 0; t >= 0 && p < m->nplants; p++)
			c->more_room[p * H + t] = 1;
	for (int i = 0; i < v->nallocs; i++) {
		const mc_view_alloc *al = &v->allocs[i];
		int vo = al->order_idx, o = vo >= 0 ? o_of[vo] : -1;
		int t = v->horizon_start_n + al->t - m->start;
		int p = mc_id_index_find(plants, al->plant);
		if (t < 0 || t >= H || p < 0)
			continue;
		if (o < 0 || m->orders[o].quantity < v->orders[vo].quantity)
			c->freed[p * H + t] = 1;
	}
}

void mc_causes_taken(const mc_commit *c, const mc_plan *p)
{
	int H = c->m->horizon_days;
	for (int i = 0; i < p->nalloc; i++) {
		const mc_alloc *a = &p->alloc[i];
		if (c->order_changed[a->order] && a->day >= 0 && a->day < H)
			c->taken_new[a->plant * H + a->day] = 1;
	}
}

/* ---- the moves ---- */

/* Why units of order o left plant fp on date fd for plant tp on date td
 * (tp -1: unmet). */
static const char *cause_of(const mc_commit *c, int o, int fp, int fd, int tp,
			    int td)
{
	const mc_model *m = c->m;
	int H = m->horizon_days, t = fd - m->start, tt = td - m->start;
	if (c->order_changed[o])
		return mc_move_causes[MC_CAUSE_ORDER];
	if (c->order_actuals[o])
		return mc_move_causes[MC_CAUSE_ACTUALS];
	if (t < 0)
		return mc_move_causes[MC_CAUSE_DAY_PASSED];
	if (t >= H || fp < 0 || c->cap_lower[fp * H + t])
		return mc_move_causes[MC_CAUSE_CAPACITY];
	if (c->taken_new[fp * H + t])
		return mc_move_causes[MC_CAUSE_NEW_ORDERS];
	if (tp >= 0 && tt >= 0 && tt < H && c->freed[tp * H + tt])
		return mc_move_causes[MC_CAUSE_WITHDRAWN];
	if (tp < 0 || tt < 0 || tt >= H)
		return mc_move_causes[MC_CAUSE_COST];
	if (c->made_room[tp * H + tt])
		return mc_move_causes[MC_CAUSE_ACTUALS];
	if (c->more_room[tp * H + tt])
		return mc_move_causes[MC_CAUSE_CAPACITY];
	/* a material it uses: more of it */
	for (int k = 0, nm = m->nmaterials; k < nm; k++) {
		if (!m->plants[tp].mat_listed[k] ||
		    mc_model_unit_material(m, o, k) <= 0)
			continue;
		if (c->more_mat[((size_t)tp * (size_t)nm + (size_t)k) *
				    (size_t)H +
				(size_t)tt])
			return mc_move_causes[MC_CAUSE_CAPACITY];
	}
	return mc_move_causes[MC_CAUSE_COST];
}

/* The published places of one order and its new ones, as multisets of
 * (date, plant): the places it left pair with those it took, in date
 * order; what is left over became unmet. */
static void order_moves(const mc_commit *c, const mc_place *from, int nfrom,
			const mc_place *to, int nto, int *room, mc_plan *p,
			int *cap)
{
	const mc_model *m = c->m;
	int H = m->horizon_days;
	int i = 0, j = 0, nl = 0, na = 0;
	mc_place *left = mc_xmalloc(((size_t)nfrom + 1) * sizeof(mc_place));
	mc_place *took = mc_xmalloc(((size_t)nto + 1) * sizeof(mc_place));
	while (i < nfrom || j < nto) {
		int k = i == nfrom ? 1
			: j == nto ? -1
				   : mc_commit_place_cmp(&from[i], &to[j]);
		if (k == 0)
			i++, j++;
		else if (k < 0)
			left[nl++] = from[i++];
		else
			took[na++] = to[j++];
	}
	/* a changed order's units where it had none take room there */
	for (int a = 0; nfrom && c->order_changed[from[0].order] && a < na; a++)
		if (took[a].plant >= 0 && took[a].day >= m->start &&
		    took[a].day < m->start + H)
			room[took[a].plant * H + took[a].day - m->start]++;
	for (int a = 0, b = 0; a < nl; a++) {
		const mc_place *f = &left[a], *t = b < na ? &took[b++] : NULL;
		int tp = t ? t->plant : -1, td = t ? t->day : 0;
		mc_move *last = p->nmoves ? &p->moves[p->nmoves - 1] : NULL;
		const char *why =
		    cause_of(c, f->order, f->plant, f->day, tp, td);
		p->units_moved++;
		if (why != mc_move_causes[MC_CAUSE_COST] && tp >= 0 &&
		    td >= m->start && td < m->start + H)
			room[tp * H + td - m->start]++;
		if (last && last->order == f->order &&
		    last->from_plant == f->plant && last->from_day == f->day &&
		    last->to_plant == tp && last->to_day == td &&
		    strcmp(last->cause, why) == 0) {
			last->units++;
			continue;
		}
		grow_moves(p, cap);
		p->moves[p->nmoves++] =
		    (mc_move){f->order, f->plant, f->day, tp, td, 1, why};
	}
	free(left);
	free(took);
}

/*
 * A move the LP made for its cost alone, off a place where units arrived
 * for a cause (room[]: units of new or changed orders, and units that
 * moved there for a cause), was pushed out: one unit per unit that
 * arrived.  Its cause becomes "displaced" and it counts as an arrival
 * with a cause at its new place in turn.  A move is split where only
 * some of its units are so explained.
 */
static void displaced(const mc_model *m, int *room, mc_plan *p, int *cap)
{
	int H = m->horizon_days, more = 1;
	while (more) {
		more = 0;
		for (int i = 0; i < p->nmoves; i++) {
			mc_move *mv = &p->moves[i];
			int f = mv->from_day - m->start,
			    t = mv->to_day - m->start;
			if (mv->cause != mc_move_causes[MC_CAUSE_COST] ||
			    mv->from_plant < 0 || f < 0 || f >= H ||
			    !room[mv->from_plant * H + f])
				continue;
			int k = room[mv->from_plant * H + f];
			k = k < mv->units ? k : mv->units;
			room[mv->from_plant * H + f] -= k;
			if (mv->to_plant >= 0 && t >= 0 && t < H)
				room[mv->to_plant * H + t] += k;
			if (k < mv->units) { /* the rest stays a cost move */
				grow_moves(p, cap);
				mv = &p->moves[i];
				p->moves[p->nmoves] = *mv;
				p->moves[p->nmoves++].units = mv->units - k;
				mv->units = k;
			}
			mv->cause = mc_move_causes[MC_CAUSE_DISPLACED];
			more = 1;
		}
	}
}

/* 1 when order o had units in the published plan (c->pub, by order). */
static int published_order(const mc_commit *c, int o)
{
	int lo = 0, hi = c->npub;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (c->pub[mid].order < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->npub && c->pub[lo].order == o;
}

void mc_causes_moves(const mc_commit *c, mc_plan *p)
{
	const mc_model *m = c->m;
	int nto = 0, cap = 0, H = m->horizon_days;
	int *room = mc_xcalloc((size_t)m->nplants * H + 1, sizeof(int));
	for (int i = 0; i < p->nalloc; i++)
		nto += p->alloc[i].units;
	mc_place *to = mc_xmalloc(((size_t)nto + 1) * sizeof(mc_place));
	nto = 0;
	for (int i = 0; i < p->nalloc; i++)
		for (int u = 0; u < p->alloc[i].units; u++)
			to[nto++] =
			    (mc_place){p->alloc[i].order, p->alloc[i].plant,
				       m->start + p->alloc[i].day};
	qsort(to, (size_t)nto, sizeof(mc_place), mc_commit_place_cmp);
	p->moves = NULL;
	p->nmoves = p->units_moved = 0;
	p->units_persisting = c->npub;
	for (int i = 0, j = 0; i < c->npub;) {
		int o = c->pub[i].order, i2 = i, j2;
		while (i2 < c->npub && c->pub[i2].order == o)
			i2++;
		while (j < nto && to[j].order < o)
			j++;
		for (j2 = j; j2 < nto && to[j2].order == o; j2++)
			;
		order_moves(c, &c->pub[i], i2 - i, &to[j], j2 - j, room, p,
			    &cap);
		i = i2;
		j = j2;
	}
	/* new orders (none of their units was published) take room too */
	for (int k = 0; k < nto; k++)
		if (c->order_changed[to[k].order] &&
		    !published_order(c, to[k].order))
			room[to[k].plant * H + to[k].day - m->start]++;
	free(to);
	displaced(m, room, p, &cap);
	free(room);
	/* into the arena with the rest of the plan */
	mc_move *mv =
	    mc_arena_calloc(m->arena, (size_t)p->nmoves + 1, sizeof(mc_move));
	if (p->nmoves)
		memcpy(mv, p->moves, (size_t)p->nmoves * sizeof(mc_move));
	free(p->moves);
	p->moves = mv;
}
