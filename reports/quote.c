/*
 * quote.c - a quote, a promise and the list of promises as text and JSON
 * (quote.h).
 */
#include "quote.h"
#include "date.h"
#include "fmt.h"

#include <math.h>
#include <string.h>
#include <time.h>

static const char *day_s(int day, char *buf)
{
	return mc_date_format(day, buf);
}

/* "2026-12-07 20:15 UTC" of unix time t. */
static const char *utc_s(double t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, n, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(buf, n, "?");
	return buf;
}

/* ---- text ---- */

static void way_text(const mc_ctp_base *b, const mc_ctp_way *w, FILE *f)
{
	const mc_model *m = &b->m;
	char d1[11], n1[MC_FMT_NUM];
	fprintf(f, "  plant      %s, arrives %s\n", m->plants[w->plant].id,
		day_s(w->arrive, d1));
	fprintf(f, "  made on   ");
	for (int i = 0; i < w->ndays; i++)
		fprintf(f, "%s %s (%d)", i ? "," : "",
			day_s(w->days[i].day, d1), w->days[i].units);
	fprintf(f, "\n");
	for (int i = 0; i < w->nuses; i++) {
		const mc_ctp_use *u = &w->uses[i];
		fprintf(f, "  %-10s %s %s %s min", i ? "" : "hours",
			m->resources[u->r].id, day_s(m->start + u->t, d1),
			mc_fmt_num(n1, sizeof(n1),
				   u->reg + u->ot + u->displaced, 0));
		if (u->ot > 0)
			fprintf(f, " (%s overtime)",
				mc_fmt_num(n1, sizeof(n1), u->ot, 0));
		if (u->displaced > 0)
			fprintf(f, " (%s from other work)",
				mc_fmt_num(n1, sizeof(n1), u->displaced, 0));
		fprintf(f, "\n");
	}
	for (int i = 0; i < w->nmats; i++) {
		const mc_ctp_mat *x = &w->mats[i];
		fprintf(f, "  %-10s %s at %s: %s on %s", i ? "" : "materials",
			m->materials[x->k], m->plants[x->p].id,
			mc_fmt_num(n1, sizeof(n1), x->qty, 2),
			day_s(m->start + x->t, d1));
		if (x->short_qty > 0)
			fprintf(f, " (%s short: taken from other work)",
				mc_fmt_num(n1, sizeof(n1), x->short_qty, 2));
		fprintf(f, "\n");
	}
	struct {
		const char *name;
		double v;
	} parts[] = {{"make", w->make},		{"options", w->options},
		     {"lane", w->lane},		{"holding", w->holding},
		     {"overtime", w->overtime}, {"other work", w->displaced},
		     {"materials", w->material}};
	fprintf(f, "  cost       %s (", mc_fmt_money(n1, sizeof(n1), w->total));
	int first = 1;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i].v == 0 && i > 0)
			continue;
		fprintf(f, "%s%s %s", first ? "" : ", ", parts[i].name,
			mc_fmt_money(n1, sizeof(n1), parts[i].v));
		first = 0;
	}
	fprintf(f, ")\n");
}

void mc_promise_quote_text(const mc_ctp_base *b, const mc_order *o,
			   const mc_quote *q, const mc_promise_rec *rec,
			   FILE *f)
{
	const mc_model *m = &b->m;
	char d1[11], d2[11], t1[32];
	fprintf(f, "%s: %d x %s to %s, on run %lld\n", o->id ? o->id : "order",
		o->quantity, m->families[o->family].id, m->regions[o->region],
		(long long)b->run);
	switch (q->status) {
	case MC_QUOTE_FIRM:
		fprintf(f, "FIRM       %s", day_s(mc_quote_promised(q), d1));
		if (q->wanted)
			fprintf(f, " (wanted %s)", day_s(q->wanted, d2));
		fprintf(f, "\n");
		way_text(b, &q->firm, f);
		break;
	case MC_QUOTE_LATER:
		fprintf(f, "LATER      firm %s, after the %s wanted\n",
			day_s(q->firm.arrive, d1), day_s(q->wanted, d2));
		way_text(b, &q->firm, f);
		break;
	case MC_QUOTE_NEEDS_PLAN:
		fprintf(f, "NEEDS PLAN no firm date in what the plan leaves "
			   "free\n");
		break;
	default:
		fprintf(f, "IMPOSSIBLE %s: %s\n", mc_reason_name(q->reason),
			q->detail);
		return;
	}
	if (q->status != MC_QUOTE_FIRM)
		fprintf(f, "  why        %s: %s\n", mc_reason_name(q->reason),
			q->detail);
	if (q->has_early) {
		/* by the date wanted when the way meets it, else its own
		 * (earliest) arrival */
		int by = q->wanted && q->early.arrive <= q->wanted;
		fprintf(f, "%s %s needs the next night's plan:\n",
			by ? "by" : "earliest",
			day_s(by ? q->wanted : q->early.arrive, d1));
		way_text(b, &q->early, f);
	} else if (q->early_note) {
		fprintf(f, "  earlier    %s\n", q->early_note);
	}
	if (rec) {
		fprintf(f, "promise %lld %s for %s, arriving %s",
			(long long)rec->id, rec->status, rec->order_id,
			rec->promised);
		if (rec->expires > 0)
			fprintf(f, " (until %s: mcsched promises confirm %lld)",
				utc_s(rec->expires, t1, sizeof(t1)),
				(long long)rec->id);
		fprintf(f, "\n");
	}
}

void mc_promise_list_text(const mc_promise_rec *p, int n, FILE *f)
{
	char t1[32];
	if (!n) {
		fprintf(f, "no promises\n");
		return;
	}
	fprintf(f, "%5s  %-16s %-10s %-10s %-8s %5s  %-16s %s\n", "id", "order",
		"status", "promised", "plant", "qty", "family", "region");
	for (int i = 0; i < n; i++) {
		const mc_promise_rec *r = &p[i];
		fprintf(f, "%5lld  %-16s %-10s %-10s %-8s %5d  %-16s %s",
			(long long)r->id, r->order_id, r->status, r->promised,
			r->plant, r->quantity, r->family, r->region);
		if (strcmp(r->status, "held") == 0 && r->expires > 0)
			fprintf(f, "  until %s",
				utc_s(r->expires, t1, sizeof(t1)));
		if (r->read_by)
			fprintf(f, "  planned by run %lld",
				(long long)r->read_by);
		fprintf(f, "\n");
	}
}

/* ---- JSON ---- */

static void way_json(const mc_ctp_base *b, const mc_ctp_way *w, FILE *f)
{
	const mc_model *m = &b->m;
	char d1[11];
	fprintf(f, "{\"plant\": ");
	mc_fmt_json_str(f, m->plants[w->plant].id);
	fprintf(f, ", \"arrives\": \"%s\", \"days\": [", day_s(w->arrive, d1));
	for (int i = 0; i < w->ndays; i++)
		fprintf(f, "%s{\"day\": \"%s\", \"units\": %d}", i ? ", " : "",
			day_s(w->days[i].day, d1), w->days[i].units);
	fprintf(f, "], \"resources\": [");
	for (int i = 0; i < w->nuses; i++) {
		const mc_ctp_use *u = &w->uses[i];
		fprintf(f, "%s{\"resource\": ", i ? ", " : "");
		mc_fmt_json_str(f, m->resources[u->r].id);
		fprintf(f, ", \"day\": \"%s\", \"regular_min\": ",
			day_s(m->start + u->t, d1));
		mc_fmt_json_num(f, u->reg);
		fprintf(f, ", \"overtime_min\": ");
		mc_fmt_json_num(f, u->ot);
		fprintf(f, ", \"other_work_min\": ");
		mc_fmt_json_num(f, u->displaced);
		fprintf(f, "}");
	}
	fprintf(f, "], \"materials\": [");
	for (int i = 0; i < w->nmats; i++) {
		const mc_ctp_mat *x = &w->mats[i];
		fprintf(f, "%s{\"material\": ", i ? ", " : "");
		mc_fmt_json_str(f, m->materials[x->k]);
		fprintf(f, ", \"plant\": ");
		mc_fmt_json_str(f, m->plants[x->p].id);
		fprintf(f, ", \"day\": \"%s\", \"quantity\": ",
			day_s(m->start + x->t, d1));
		mc_fmt_json_num(f, x->qty);
		fprintf(f, ", \"short\": ");
		mc_fmt_json_num(f, x->short_qty);
		fprintf(f, "}");
	}
	fprintf(f, "], \"cost\": {\"make\": ");
	mc_fmt_json_num(f, w->make);
	fprintf(f, ", \"options\": ");
	mc_fmt_json_num(f, w->options);
	fprintf(f, ", \"lane\": ");
	mc_fmt_json_num(f, w->lane);
	fprintf(f, ", \"holding\": ");
	mc_fmt_json_num(f, w->holding);
	fprintf(f, ", \"overtime\": ");
	mc_fmt_json_num(f, w->overtime);
	fprintf(f, ", \"other_work\": ");
	mc_fmt_json_num(f, w->displaced);
	fprintf(f, ", \"materials\": ");
	mc_fmt_json_num(f, w->material);
	fprintf(f, ", \"total\": ");
	mc_fmt_json_num(f, w->total);
	fprintf(f, "}}");
}

void mc_promise_rec_json(const mc_promise_rec *p, FILE *f)
{
	char t1[32];
	fprintf(f, "{\"id\": %lld, \"order\": ", (long long)p->id);
	mc_fmt_json_str(f, p->order_id);
	fprintf(f, ", \"status\": ");
	mc_fmt_json_str(f, p->status);
	fprintf(f, ", \"promised\": ");
	mc_fmt_json_str(f, p->promised);
	fprintf(f, ", \"plant\": ");
	mc_fmt_json_str(f, p->plant);
	fprintf(f, ", \"family\": ");
	mc_fmt_json_str(f, p->family);
	fprintf(f, ", \"region\": ");
	mc_fmt_json_str(f, p->region);
	fprintf(f, ", \"customer\": ");
	mc_fmt_json_str(f, p->customer);
	fprintf(f,
		", \"quantity\": %d, \"run\": %lld, \"created\": ", p->quantity,
		(long long)p->run);
	mc_fmt_json_str(f, p->created);
	fprintf(f, ", \"expires\": ");
	mc_fmt_json_str(f, p->expires > 0 ? utc_s(p->expires, t1, sizeof(t1))
					  : NULL);
	fprintf(f, ", \"confirmed\": ");
	mc_fmt_json_str(f, p->confirmed);
	fprintf(f, ", \"cancelled\": ");
	mc_fmt_json_str(f, p->cancelled);
	fprintf(f, ", \"cost\": ");
	mc_fmt_json_num(f, p->cost);
	fprintf(f, ", \"planned_by_run\": ");
	if (p->read_by)
		fprintf(f, "%lld", (long long)p->read_by);
	else
		fprintf(f, "null");
	fprintf(f, "}");
}

void mc_promise_quote_json(const mc_ctp_base *b, const mc_order *o,
			   const mc_quote *q, const mc_promise_rec *rec,
			   FILE *f)
{
	const mc_model *m = &b->m;
	char d1[11];
	fprintf(f, "{\"order\": ");
	mc_fmt_json_str(f, o->id);
	fprintf(f, ", \"family\": ");
	mc_fmt_json_str(f, m->families[o->family].id);
	fprintf(f, ", \"region\": ");
	mc_fmt_json_str(f, m->regions[o->region]);
	fprintf(f, ", \"quantity\": %d, \"run\": %lld, \"status\": \"%s\"",
		o->quantity, (long long)b->run,
		mc_quote_status_name(q->status));
	fprintf(f, ", \"first_day\": \"%s\", \"wanted\": ",
		day_s(q->first_day, d1));
	mc_fmt_json_str(f, q->wanted ? day_s(q->wanted, d1) : NULL);
	fprintf(f, ", \"promised\": ");
	mc_fmt_json_str(f,
			q->has_firm ? day_s(mc_quote_promised(q), d1) : NULL);
	fprintf(f, ", \"firm\": ");
	if (q->has_firm)
		way_json(b, &q->firm, f);
	else
		fprintf(f, "null");
	fprintf(f, ", \"needs_plan\": ");
	if (q->has_early)
		way_json(b, &q->early, f);
	else
		fprintf(f, "null");
	fprintf(f, ", \"needs_plan_note\": ");
	mc_fmt_json_str(f, q->early_note);
	fprintf(f, ", \"reason\": ");
	mc_fmt_json_str(
	    f, q->status == MC_QUOTE_FIRM ? NULL : mc_reason_name(q->reason));
	fprintf(f, ", \"detail\": ");
	mc_fmt_json_str(f, q->detail);
	fprintf(f, ", \"promise\": ");
	if (rec)
		mc_promise_rec_json(rec, f);
	else
		fprintf(f, "null");
	fprintf(f, "}\n");
}

void mc_promise_list_json(const mc_promise_rec *p, int n, FILE *f)
{
	fprintf(f, "[");
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s\n  ", i ? "," : "");
		mc_promise_rec_json(&p[i], f);
	}
	fprintf(f, "%s]\n", n ? "\n" : "");
}
