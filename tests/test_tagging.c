/*
 * test_tagging.c - which unit of an order keeps which identifier
 * (scheduler/night/tagging.h), in process, every case of the rule: keep,
 * keep at the published place, revive, new serial, cancel above the
 * quantity, family change (and back), the newest unit of a seq, frozen
 * units (also released, also above a shrunk quantity), made and scrapped
 * units, an absent order, a hypothetical run, and plan rows no seq can
 * take.
 *
 * The steps are written as text, one word each: C<unit> cancel,
 * K<unit>@<row> keep (or revive) at plan row <row> ("-" unmet),
 * N<seq>@<row> a new unit, R<unit>@<row> recorded by a hypothetical run.
 */
#include "tagging.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

/* A live unit of the family now, for seq, not placed. */
#define LIVE(s)                                                                \
	{                                                                      \
		.seq = (s), .match = 1, .live = 1, .plant = -1, .resource = -1 \
	}
/* The same, with a planned place in the published plan. */
#define AT(s, p, r, d)                                                         \
	{                                                                      \
		.seq = (s), .match = 1, .live = 1, .placed = 1, .plant = (p),  \
		.resource = (r), .day = (d)                                    \
	}
/* A plan row of order 0: plant, resource, day, units, frozen. */
#define ROW(p, r, d, n, f)                                                     \
	{                                                                      \
		.order = 0, .plant = (p), .day = (d), .resource = (r),         \
		.units = (n), .frozen = (f)                                    \
	}

struct order {
	int quantity, planned, unmet;
	const mc_tag_unit *unit;
	int nunits;
	const mc_alloc *alloc;
	int nalloc;
	int frozen_days, hypothetical;
};

/* The steps tagging gives o, as text (see the header comment); "error"
 * when it refuses. */
static const char *steps(const struct order *o)
{
	static char buf[512];
	int idx[16], first[2];
	cr_assert_leq(o->nalloc, 16);
	mc_tag_rows(o->alloc, o->nalloc, 1, idx, first);
	mc_tag_order in = {.quantity = o->quantity,
			   .planned = o->planned,
			   .unmet = o->unmet,
			   .unit = o->unit,
			   .nunits = o->nunits,
			   .alloc = o->alloc,
			   .rows = idx + first[0],
			   .nrows = first[1] - first[0],
			   .horizon_days = 10,
			   .frozen_days = o->frozen_days,
			   .hypothetical = o->hypothetical};
	mc_tag_plan plan = {0};
	size_t len = 0;
	buf[0] = '\0';
	if (mc_tag_decide(&in, &plan) < 0) {
		mc_tag_plan_release(&plan);
		return "error";
	}
	for (int i = 0; i < plan.nsteps; i++) {
		const mc_tag_step *x = &plan.step[i];
		char row[16] = "-";
		if (x->alloc >= 0)
			snprintf(row, sizeof(row), "%d", x->alloc);
		len += (size_t)snprintf(
		    buf + len, sizeof(buf) - len, "%s%c%d%s%s", i ? " " : "",
		    "CKNR"[x->kind],
		    x -> kind == MC_TAG_NEW ? x -> seq : x -> unit,
		    x -> kind == MC_TAG_CANCEL ? "" : "@",
		    x->kind == MC_TAG_CANCEL ? "" : row);
	}
	mc_tag_plan_release(&plan);
	return buf;
}

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Plan rows go to seqs by production day, then plant, then resource. */
Test(tagging, rows_by_day_then_plant)
{
	const mc_alloc a[] = {ROW(1, -1, 3, 1, 0), ROW(0, -1, 5, 1, 0),
			      ROW(2, -1, 3, 1, 0), ROW(0, -1, 1, 1, 0)};
	int idx[4], first[2];
	mc_tag_rows(a, 4, 1, idx, first);
	cr_assert_eq(first[0], 0);
	cr_assert_eq(first[1], 4);
	cr_assert_eq(idx[0], 3);
	cr_assert_eq(idx[1], 0);
	cr_assert_eq(idx[2], 2);
	cr_assert_eq(idx[3], 1);
}

/* A first run: every seq draws a new serial, planned ones first in day
 * order, the rest unmet. */
Test(tagging, new_serials)
{
	const mc_alloc a[] = {ROW(0, -1, 4, 1, 0), ROW(1, -1, 2, 1, 0)};
	struct order o = {3, 2, 1, NULL, 0, a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "N1@1 N2@0 N3@-");
}

/* Units keep their identifiers; one keeps the row at its published
 * place, the other seqs take the rest in day order. */
Test(tagging, keep_at_published_place)
{
	const mc_tag_unit u[] = {AT(1, 1, -1, 6), LIVE(2), LIVE(3)};
	const mc_alloc a[] = {ROW(0, -1, 0, 2, 0), ROW(1, -1, 6, 1, 0)};
	struct order o = {3, 3, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "K0@1 K1@0 K2@0");
}

/* A seq with no unit of the family draws a new serial; a grown order's
 * new seqs too. */
Test(tagging, grown_order_new_serial)
{
	const mc_tag_unit u[] = {LIVE(1)};
	const mc_alloc a[] = {ROW(0, -1, 0, 2, 0)};
	struct order o = {3, 2, 1, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "K0@0 N2@0 N3@-");
}

/* Seqs above a shrunk quantity are cancelled, before any keep. */
Test(tagging, cancel_above_quantity)
{
	const mc_tag_unit u[] = {LIVE(1), LIVE(2), LIVE(3)};
	const mc_alloc a[] = {ROW(0, -1, 0, 1, 0)};
	struct order o = {2, 1, 1, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "C2 K0@0 K1@-");
}

/* A cancelled unit whose seq comes back, of the same family, is revived
 * with its own serial. */
Test(tagging, revive)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2)};
	u[1].live = 0; /* cancelled when the order shrank */
	const mc_alloc a[] = {ROW(0, -1, 0, 2, 0)};
	struct order o = {2, 2, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "K0@0 K1@0");
}

/* A family change cancels the old units and issues new ones; at most one
 * unit per seq is live at any moment, so the cancels come first. */
Test(tagging, family_change)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2)};
	u[0].match = u[1].match = 0;
	const mc_alloc a[] = {ROW(0, -1, 0, 2, 0)};
	struct order o = {2, 2, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "C0 C1 N1@0 N2@0");
}

/* Back to the old family: the old units come back, the live ones of the
 * other family are cancelled first. */
Test(tagging, family_change_back)
{
	/* by seq then issue order: the old (cancelled) unit, then the new */
	mc_tag_unit u[] = {LIVE(1), LIVE(1)};
	u[0].live = 0;
	u[1].match = 0;
	const mc_alloc a[] = {ROW(0, -1, 0, 1, 0)};
	struct order o = {1, 1, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "C1 K0@0");
}

/* Of two units of a seq of the family, the most recent wins. */
Test(tagging, newest_of_a_seq)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(1)};
	u[0].live = u[1].live = 0;
	struct order o = {1, 0, 1, u, N(u), NULL, 0, 0, 0};
	cr_assert_str_eq(steps(&o), "K1@-");
}

/* A frozen unit (its published place in the frozen window) keeps its
 * exact row, resource and all, before any other unit takes one. */
Test(tagging, frozen_keeps_exact_row)
{
	const mc_tag_unit u[] = {LIVE(1), AT(2, 0, 5, 1)};
	const mc_alloc a[] = {ROW(0, 4, 1, 1, 0), ROW(0, 5, 1, 1, 1)};
	struct order o = {2, 2, 0, u, N(u), a, N(a), 2, 0};
	cr_assert_str_eq(steps(&o), "K0@0 K1@1");
}

/* Frozen units above a shrunk quantity keep their rows and identifiers;
 * a unit of a seq no row or unmet unit is left for is cancelled. */
Test(tagging, frozen_above_shrunk_quantity)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2), AT(3, 0, 5, 0)};
	u[0].done = 1; /* made */
	const mc_alloc a[] = {ROW(0, 5, 0, 1, 1)};
	struct order o = {2, 1, 0, u, N(u), a, N(a), 1, 0};
	cr_assert_str_eq(steps(&o), "C1 K2@0");
}

/* Outside the frozen window a unit is frozen only when released: then it
 * keeps its exact frozen row above the quantity too. */
Test(tagging, released_is_frozen)
{
	mc_tag_unit u[] = {LIVE(1), AT(2, 0, 5, 7)};
	u[1].released = 1;
	const mc_alloc a[] = {ROW(0, 5, 7, 1, 1)};
	struct order o = {1, 1, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "C0 K1@0");
	u[1].released = 0; /* not frozen: above the quantity, cancelled */
	struct order p = {1, 1, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&p), "C1 K0@0");
}

/* Units the floor made stay as they are, out of the plan, even above the
 * quantity; a scrapped unit never comes back: its seq gets a new one. */
Test(tagging, made_and_scrapped)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2), LIVE(3)};
	u[0].done = 1;
	u[1].live = 0, u[1].scrapped = 1;
	u[2].done = 1; /* above the quantity of 2, made */
	const mc_alloc a[] = {ROW(0, -1, 0, 1, 0)};
	struct order o = {2, 1, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "N2@0");
}

/* An order absent from the run is tagged as quantity 0 without rows:
 * every live unit not made is cancelled. */
Test(tagging, absent_order)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2), LIVE(3)};
	u[1].done = 1;
	u[2].live = 0;
	struct order o = {0, 0, 0, u, N(u), NULL, 0, 0, 0};
	cr_assert_str_eq(steps(&o), "C0");
}

/* A what-if (or a plan run kept back) draws no serial and changes no
 * unit: the live units of the family take the rows, then the unmet. */
Test(tagging, hypothetical_draws_nothing)
{
	mc_tag_unit u[] = {LIVE(1), LIVE(2), LIVE(3), LIVE(4)};
	u[1].match = 0; /* of another family: no row */
	u[3].done = 1;	/* made: out of the plan */
	const mc_alloc a[] = {ROW(1, -1, 2, 1, 0), ROW(0, -1, 1, 1, 0)};
	struct order o = {5, 2, 3, u, N(u), a, N(a), 0, 1};
	cr_assert_str_eq(steps(&o), "R0@1 R2@0");
	/* no unit yet: nothing at all, where a plan run would issue */
	struct order none = {5, 2, 3, NULL, 0, a, N(a), 0, 1};
	cr_assert_str_eq(steps(&none), "");
}

/* Plan rows holding more units than the order has seqs for (units made
 * since the run was planned): refused, nothing to carry out. */
Test(tagging, rows_without_seqs)
{
	mc_tag_unit u[] = {LIVE(1)};
	u[0].done = 1;
	const mc_alloc a[] = {ROW(0, -1, 0, 1, 0)};
	struct order o = {1, 1, 0, u, N(u), a, N(a), 0, 0};
	cr_assert_str_eq(steps(&o), "error");
}
