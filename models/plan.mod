/*
 * plan.mod - the planning model (docs/design.md, "The planning model") at
 * ORDER level, in GNU MathProg.  It is the mathematical reference for the
 * class LP that scheduler/ builds in C: written apart from it, it must
 * reach the same optimum (tests/test_diff.c checks this on random
 * instances).
 *
 *     glpsol --math models/plan.mod --data plan.dat --display out.txt
 *
 * The data file is written from a loaded model by mc_mathprog_write_data()
 * (models/mathprog.h).  It carries the inputs nearly as the YAML gives them;
 * every rule of section 3 (calendars, eligibility, unit minutes, windows,
 * unit costs, material balances) is derived HERE.  The only things the
 * loader resolves before us are defaults: an order's release (horizon start
 * when absent), its late/unmet penalties (the family's unless overridden),
 * its priority (1), a resource's admitted families (all when absent), and
 * receipts dated before the horizon (added to the opening stock).
 *
 * Days.  Production days are horizon indexes t = 0 .. H-1 (date = start + t).
 * Every date in the data (due, release, holiday, calendar, receipt) is given
 * as such an index relative to the horizon start; due and release may lie
 * outside 0 .. H-1.  A unit made on day t is shipped at the end of t and
 * arrives on t + s, s = the lane's transit days.
 *
 * Symbols.  Entities are named by their ids ('GZ-AS1', 'aircon-split', ...)
 * or, where a name is not plain ASCII, by '#<index>' in the model's tables.
 */

/* ------------------------------------------------------------------ */
/* Horizon and calendar                                                */
/* ------------------------------------------------------------------ */

param H integer > 0;			/* horizon length, days */
set DAYS := 0 .. H - 1;			/* production days t */
param start_date symbolic;		/* 'YYYY-MM-DD' of t = 0 */

/* Day of week of t, 0 = Monday .. 6 = Sunday.  Day 0 of the Unix epoch,
 * 1970-01-01, was a Thursday (3). */
param start_epoch_day := floor(str2time(start_date, '%Y-%m-%d') / 86400);
param weekday {t in DAYS} := (start_epoch_day + t + 3) mod 7;

/* ------------------------------------------------------------------ */
/* Catalog                                                              */
/* ------------------------------------------------------------------ */

set KINDS;				/* resource kinds: assembly, test, ... */
set MATERIALS;				/* compressor, fabric, ... */
set REGIONS;				/* customer regions */
set FAMILIES;				/* product families */

/* Catalog minutes per unit of family f on kind k (0 = kind not used). */
param route {FAMILIES, KINDS} >= 0, default 0;
/* Holding cost per unit per day a finished unit arrives before due. */
param hold {FAMILIES} >= 0;
/* Material per unit of the family, before options. */
param fmat {FAMILIES, MATERIALS} >= 0, default 0;

/* Option values (f, option, value) and what each adds to a unit. */
set OPTVAL dimen 3;
check {(f, q, w) in OPTVAL}: f in FAMILIES;
param opt_min {OPTVAL, KINDS} >= 0, default 0;	/* extra minutes */
param opt_cost {OPTVAL} default 0;			/* extra unit cost */
param opt_mat {OPTVAL, MATERIALS} >= 0, default 0;	/* extra material */

/* ------------------------------------------------------------------ */
/* Plants, resources, materials, lanes                                 */
/* ------------------------------------------------------------------ */

set PLANTS;

/* (p, w): weekday w (0 = Monday) is a workday at plant p. */
set WORKDAY within {PLANTS, 0 .. 6};
/* (p, t): day t is a holiday at plant p. */
set HOLIDAY within {PLANTS, DAYS};

/* (p, f): plant p has a per-unit cost for family f, i.e. makes it. */
set MAKES within {PLANTS, FAMILIES};
param pcost {MAKES};

/* (p, f, k): plant p's own minutes for family f on kind k, which replace
 * the catalog's route[f, k] there. */
set PROUTE within {PLANTS, FAMILIES, KINDS};
param proute {PROUTE} >= 0;

set RESOURCES;
param rplant {RESOURCES} symbolic in PLANTS;
param rkind {RESOURCES} symbolic in KINDS;
param hours {RESOURCES} >= 0;		/* regular hours per workday */
param ot_hours {RESOURCES} >= 0;	/* max overtime hours per day */
param ot_cost {RESOURCES} >= 0;		/* cost per overtime hour */
/* (r, f): resource r admits family f. */
set ADMIT within {RESOURCES, FAMILIES};
/* (r, t): the resource's calendar gives cal_hours[r, t] hours on day t. */
set CAL within {RESOURCES, DAYS};
param cal_hours {CAL} >= 0;

/* Regular hours of r on day t: the calendar's where it has the day, else
 * the resource's hours on a workday that is not a holiday, else 0. */
param day_hours {r in RESOURCES, t in DAYS} :=
	if (r, t) in CAL then cal_hours[r, t]
	else if (rplant[r], weekday[t]) in WORKDAY
		and (rplant[r], t) not in HOLIDAY then hours[r]
	else 0;
/* Overtime exists only on days with regular hours. */
param day_ot {r in RESOURCES, t in DAYS} :=
	if day_hours[r, t] > 0 then ot_hours[r] else 0;

/* Resources of kind k at plant p. */
set RES_PK {p in PLANTS, k in KINDS} :=
	setof {r in RESOURCES: rplant[r] = p and rkind[r] = k} r;

/* (p, m): plant p lists material m, with opening stock and dated receipts.
 * A material a plant does not list is not limited there. */
set MLIST within {PLANTS, MATERIALS};
param stock {MLIST} >= 0;
param receipt {MLIST, DAYS} >= 0, default 0;

/* Lanes plant -> region: transit days and per-unit cost, possibly
 * overridden per family by lane_fcost. */
set LANES within {PLANTS, REGIONS};
param transit {LANES} integer >= 0;
param lane_cost {LANES};
set LANE_FAM within {PLANTS, REGIONS, FAMILIES};
check {(p, g, f) in LANE_FAM}: (p, g) in LANES;
param lane_fcost {LANE_FAM};

/* ------------------------------------------------------------------ */
/* Orders                                                               */
/* ------------------------------------------------------------------ */

set ORDERS;
param region {ORDERS} symbolic in REGIONS;
param fam {ORDERS} symbolic in FAMILIES;
param qty {ORDERS} integer > 0;
param due {ORDERS} integer;		/* day index the customer should receive it */
param release {ORDERS} integer;		/* earliest production day index */
param priority {ORDERS} >= 0;		/* weight on the late penalty */
param late_pen {ORDERS} >= 0;		/* per unit per day late */
param unmet_pen {ORDERS} >= 0;		/* per unit not made */
param max_late {ORDERS} integer >= -1;	/* days after due it may arrive; -1 = no limit */

/* (o, q, w): order o chose value w of option q. */
set CHOICE dimen 3;
check {(o, q, w) in CHOICE}: o in ORDERS and (fam[o], q, w) in OPTVAL;
/* Every option of the family gets exactly one value. */
check {o in ORDERS, (f, q, w) in OPTVAL: f = fam[o]}:
	card(setof {(o2, q2, w2) in CHOICE: o2 = o and q2 = q} w2) = 1;

/* ------------------------------------------------------------------ */
/* Derived unit data                                                    */
/* ------------------------------------------------------------------ */

/* What the order's options add to one unit. */
param o_min {o in ORDERS, k in KINDS} :=
	sum {(o2, q, w) in CHOICE: o2 = o} opt_min[fam[o], q, w, k];
param o_cost {o in ORDERS} :=
	sum {(o2, q, w) in CHOICE: o2 = o} opt_cost[fam[o], q, w];

/* Minutes of one unit of o on kind k at plant p: the plant's routing for
 * the family where it has one for k, else the catalog's, plus options. */
param minutes {o in ORDERS, p in PLANTS, k in KINDS} :=
	(if (p, fam[o], k) in PROUTE then proute[p, fam[o], k]
	 else route[fam[o], k])
	+ o_min[o, k];

/* Material m used by one unit of o: the family's plus its options'. */
param use {o in ORDERS, m in MATERIALS} :=
	fmat[fam[o], m]
	+ sum {(o2, q, w) in CHOICE: o2 = o} opt_mat[fam[o], q, w, m];

/* Plant p can serve order o when it has a cost for the family, a lane to
 * the order's region, and for every kind the unit needs (minutes > 0) a
 * resource of that kind at p admitting the family. */
set SERVE := setof {o in ORDERS, p in PLANTS:
	(p, fam[o]) in MAKES
	and (p, region[o]) in LANES
	and forall {k in KINDS: minutes[o, p, k] > 0}
		exists {r in RES_PK[p, k]} (r, fam[o]) in ADMIT} (o, p);

/* Transit days of the lane serving (o, p). */
param s {(o, p) in SERVE} := transit[p, region[o]];

/* Columns: (o, p, t) with t in the window: t >= release, t within the
 * horizon, and t + s <= due + max_late_days when there is a limit. */
set X := setof {(o, p) in SERVE, t in DAYS:
	t >= release[o]
	and (max_late[o] < 0 or t + s[o, p] <= due[o] + max_late[o])}
	(o, p, t);

/* Orders with a column at plant p on day t. */
set XPT {p in PLANTS, t in DAYS} := setof {(o, p2, t2) in X:
	p2 = p and t2 = t} o;
/* Columns of order o. */
set XO {o in ORDERS} := setof {(o2, p, t) in X: o2 = o} (p, t);

/* Lane cost of a unit of o from p: the family's override, else the lane's. */
param lanec {(o, p) in SERVE} :=
	if (p, region[o], fam[o]) in LANE_FAM then lane_fcost[p, region[o], fam[o]]
	else lane_cost[p, region[o]];

/* Cost of one unit of o made at p on day t, arriving on t + s:
 *   plant cost + option costs + lane cost
 *   + priority * late_penalty * max(0, t + s - due)
 *   + holding_cost * max(0, due - (t + s)). */
param cost {(o, p, t) in X} :=
	pcost[p, fam[o]] + o_cost[o] + lanec[o, p]
	+ priority[o] * late_pen[o] * max(0, t + s[o, p] - due[o])
	+ hold[fam[o]] * max(0, due[o] - (t + s[o, p]));

/* ------------------------------------------------------------------ */
/* Variables                                                            */
/* ------------------------------------------------------------------ */

/* Units of order o made at plant p on day t. */
var x {X} >= 0;
/* Units of order o not made in the horizon. */
var u {ORDERS} >= 0;
/* Overtime hours of resource r on day t. */
var v {r in RESOURCES, t in DAYS} >= 0, <= day_ot[r, t];
/* Minutes resource r works on units of family f on day t (flow of the
 * family's minutes of kind rkind[r] at rplant[r] onto r). */
var y {f in FAMILIES, r in RESOURCES, t in DAYS: (r, f) in ADMIT} >= 0;

/* ------------------------------------------------------------------ */
/* Objective and constraints                                            */
/* ------------------------------------------------------------------ */

minimize total_cost:
	sum {(o, p, t) in X} cost[o, p, t] * x[o, p, t]
	+ sum {o in ORDERS} unmet_pen[o] * u[o]
	+ sum {r in RESOURCES, t in DAYS} ot_cost[r] * v[r, t];

/* Demand: every unit is made once or unmet. */
s.t. demand {o in ORDERS}:
	sum {(p, t) in XO[o]} x[o, p, t] + u[o] = qty[o];

/* Split: the minutes of kind k that family f's units made at p on day t
 * need are carried by the resources of kind k at p admitting f. */
s.t. split {f in FAMILIES, p in PLANTS, k in KINDS, t in DAYS:
		exists {r in RES_PK[p, k]} (r, f) in ADMIT}:
	sum {r in RES_PK[p, k]: (r, f) in ADMIT} y[f, r, t]
	= sum {o in XPT[p, t]: fam[o] = f} minutes[o, p, k] * x[o, p, t];

/* Capacity: a resource's minutes, shared by all families it admits, are
 * at most 60 * (regular + overtime hours) that day. */
s.t. capacity {r in RESOURCES, t in DAYS}:
	sum {f in FAMILIES: (r, f) in ADMIT} y[f, r, t]
	<= 60 * (day_hours[r, t] + v[r, t]);

/* Materials: at a plant listing m, cumulative use through day t is at most
 * the opening stock plus receipts through t. */
s.t. material {(p, m) in MLIST, t in DAYS}:
	sum {t2 in 0 .. t, o in XPT[p, t2]} use[o, m] * x[o, p, t2]
	<= stock[p, m] + sum {t2 in 0 .. t} receipt[p, m, t2];

solve;

printf "objective %.17g\n", total_cost;
printf "planned %.17g\n", sum {(o, p, t) in X} x[o, p, t];
printf "unmet %.17g\n", sum {o in ORDERS} u[o];
printf "overtime %.17g\n", sum {r in RESOURCES, t in DAYS} v[r, t];

end;
