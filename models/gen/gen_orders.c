/*
 * gen_orders.c - the generator's orders (see gen.h, gen_impl.h): drawn
 * from stream 1 of the seed, so the orders of a seed do not depend on the
 * plants, sorted by the day they were placed, and orders.yaml.
 */
#include "gen.h"
#include "gen_impl.h"

#include "arena.h"
#include "date.h"

#include <stdlib.h>

/* ---- customers ---- */

static const char *const surnames[] = {
    "陈", "李", "黄", "张", "王", "刘", "梁", "林",   "杨",   "吴",  "何", "罗",
    "郑", "周", "赵", "谢", "徐", "朱", "胡", "郭",   "冯",   "邓",  "曾", "彭",
    "叶", "蔡", "卢", "苏", "许", "潘", "钟", "孙",   "马",   "高",  "宋", "唐",
    "韩", "曹", "肖", "田", "董", "袁", "蒋", "余",   "杜",   "程",  "魏", "吕",
    "丁", "沈", "姚", "姜", "崔", "谭", "陆", "范",   "汪",   "廖",  "石", "金",
    "韦", "夏", "方", "邹", "莫", "麦", "区", "欧阳", "司徒", "上官"};
static const char *const given_names[] = {
    "伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",   "军",
    "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "霞",
    "平",   "刚",   "婷",   "斌",   "鹏",   "辉",   "玲",   "琳",   "慧",
    "颖",   "晨",   "秀英", "桂英", "建华", "建国", "志强", "志明", "海燕",
    "雪梅", "晓东", "晓燕", "俊杰", "嘉怡", "佳琪", "子涵", "浩然", "梓萱",
    "一诺", "欣怡", "宇轩", "思远", "文博", "雨桐", "诗涵", "梓豪", "家豪",
    "嘉欣", "美玲", "伟强", "国华", "丽华", "淑芬", "振华", "永强", "少华",
    "锦荣", "家明", "咏琪", "颖欣", "梓健", "晓琳", "天佑", "紫琪", "若曦",
    "泽宇", "博文", "铭轩", "子墨", "昊天", "秋菊", "德明"};
static const char *const titles[] = {"先生", "女士"};

/* ---- drawing ---- */

static void draw_order(gen_rng *r, const struct gen *g, struct gen_order *o)
{
	int w[16], start = g->start;
	o->family = rng_weighted(r, g->fam_weight, g->nfam);
	const struct gen_family *fam = &g->fam[o->family];
	for (int i = 0; i < fam->nopt; i++) {
		const struct gen_opt *opt = &fam->opts[i];
		for (int v = 0; v < opt->nvals; v++)
			w[v] = opt->vals[v].weight;
		o->opt[i] = (unsigned char)rng_weighted(r, w, opt->nvals);
	}
	for (int i = 0; i < NREG; i++)
		w[i] = gen_regions[i].weight;
	o->region = rng_weighted(r, w, NREG);
	o->qty = rng_weighted(r, fam->base->qty, fam->base->nqty);

	/* due on one of due_spread days from day 2 (by default to just past
	 * the horizon): a third in the first 3/8 of them, the rest in all but
	 * the first 1/8, so the early days carry more than their share */
	int last = g->due_spread - 1;
	int off = rng_unit(r) < 0.35 ? rng_int(r, 2, 2 + last * 12 / 32)
				     : rng_int(r, 2 + last * 4 / 32, 2 + last);
	o->due = start + off;
	o->placed = o->due - rng_int(r, 10, 30);
	if (o->placed > start - 1)
		o->placed = start - 1 - rng_int(r, 0, 2);
	o->release = 0;
	/* released up to 10 days in (in 28; scaled with the horizon) */
	int rmax = 10 * g->days / 28;
	if (off >= 4 && rng_unit(r) < g->s.release_share)
		o->release =
		    start + rng_int(r, 1, off - 2 < rmax ? off - 2 : rmax);

	double u = rng_unit(r);
	o->priority = u < 0.04 ? 2 : u < 0.06 ? 3 : 0;
	o->max_late = -1;
	if (rng_unit(r) < 0.08) {
		static const int late[] = {0, 2, 3, 5, 7};
		static const int lw[] = {2, 2, 3, 2, 1};
		o->max_late = (signed char)late[rng_weighted(r, lw, 5)];
	}
	o->late_pen = o->unmet_pen = 0;
	if (rng_unit(r) < 0.025)
		o->late_pen = fam->late * (rng_int(r, 0, 2) == 0 ? 1.5 : 2);
	if (rng_unit(r) < 0.015)
		o->unmet_pen = fam->unmet * (rng_int(r, 0, 1) ? 1.5 : 2);

	/* surnames are skewed: the common ones far more often */
	int ns = LEN(surnames);
	int a = rng_int(r, 0, ns - 1), b = rng_int(r, 0, ns - 1);
	o->surname = (short)(a < b ? a : b);
	if (rng_unit(r) < 0.18)
		o->given = (short)(-1 - rng_int(r, 0, LEN(titles) - 1));
	else
		o->given = (short)rng_int(r, 0, LEN(given_names) - 1);
}

static int cmp_order(const void *pa, const void *pb)
{
	const struct gen_order *a = pa, *b = pb;
	if (a->placed != b->placed)
		return a->placed < b->placed ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Draws n orders sorted by placement day and numbered within each day. */
struct gen_order *gen_draw_orders(const struct gen *g, int *seq_width)
{
	gen_rng r;
	rng_init(&r, g->seed, 1);
	int n = g->norders;
	struct gen_order *v = mc_xcalloc((size_t)n, sizeof(*v));
	for (int i = 0; i < n; i++) {
		v[i].idx = i;
		draw_order(&r, g, &v[i]);
	}
	qsort(v, (size_t)n, sizeof(*v), cmp_order);
	int most = 0;
	for (int i = 0; i < n; i++) {
		v[i].seq = i > 0 && v[i - 1].placed == v[i].placed
			       ? v[i - 1].seq + 1
			       : 1;
		if (v[i].seq > most)
			most = v[i].seq;
	}
	int w = 1;
	for (int m = most; m >= 10; m /= 10)
		w++;
	*seq_width = w < 4 ? 4 : w;
	return v;
}

void gen_write_orders(FILE *f, const struct gen *g, const struct gen_order *v,
		      int seq_width)
{
	char b[32], d1[16], d2[16];
	int n = g->norders;
	fprintf(f,
		"# orders.yaml - %d customer orders, drawn by `mcsched gen "
		"%s`.\n"
		"#\n"
		"# Every order names each option of its family; due is the day "
		"the customer\n"
		"# should receive it.  Optional: release (earliest production "
		"day), priority\n"
		"# (weight on the late penalty, default 1), max_late_days, and "
		"late_penalty /\n"
		"# unmet_penalty overriding the family's.\n"
		"orders:\n",
		n, g->args);
	for (int i = 0; i < n; i++) {
		const struct gen_order *o = &v[i];
		const struct gen_family *fam = &g->fam[o->family];
		mc_date_format(o->placed, d1);
		fprintf(f, "  - id: SO-%.4s%.2s%.2s-%0*d\n", d1, d1 + 5, d1 + 8,
			seq_width, o->seq);
		fprintf(f, "    customer: %s%s\n", surnames[o->surname],
			o->given >= 0 ? given_names[o->given]
				      : titles[-1 - o->given]);
		fprintf(f, "    region: %s\n", gen_regions[o->region].name);
		fprintf(f, "    family: %s\n", fam->id);
		fputs("    options: ", f);
		for (int k = 0; k < fam->nopt; k++) {
			fprintf(f, "%s%s: ", k ? ", " : "{ ",
				fam->opts[k].name);
			gen_put_str(f, fam->opts[k].vals[o->opt[k]].name);
		}
		fputs(" }\n", f);
		fprintf(f, "    quantity: %d\n", o->qty);
		fprintf(f, "    due: %s\n", gen_date_text(d2, o->due));
		if (o->release)
			fprintf(f, "    release: %s   # %s\n",
				gen_date_text(d2, o->release),
				fam->base->waiting);
		if (o->priority)
			fprintf(f, "    priority: %d%s\n", o->priority,
				o->priority > 2 ? "   # key customer" : "");
		if (o->late_pen)
			fprintf(f, "    late_penalty: %s\n",
				NUM(b, o->late_pen));
		if (o->unmet_pen)
			fprintf(f, "    unmet_penalty: %s\n",
				NUM(b, o->unmet_pen));
		if (o->max_late >= 0)
			fprintf(f, "    max_late_days: %d%s\n", o->max_late,
				o->max_late == 0 ? "   # fixed date: on time "
						   "or not at all"
						 : "");
	}
}
