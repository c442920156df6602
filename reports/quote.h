/*
 * quote.h - what `mcsched promise` and `mcsched promises`
 * print: a quote and the promise made of it, and the list of promises, as
 * text a sales desk reads or as JSON (docs/guide.md, "Promising dates").
 */
#ifndef MC_QUOTE_H
#define MC_QUOTE_H

#include "promise.h"

#include <stdio.h>

/* Quote q of order o (read against b's model); rec is the promise made of
 * it (promise --reserve or --confirm), or NULL for a quote only. */
void mc_promise_quote_text(const mc_ctp_base *b, const mc_order *o,
			   const mc_quote *q, const mc_promise_rec *rec,
			   FILE *f);
void mc_promise_quote_json(const mc_ctp_base *b, const mc_order *o,
			   const mc_quote *q, const mc_promise_rec *rec,
			   FILE *f);

/* Promises p[0..n) (mc_store_promise_list()), one line each / a JSON
 * array of objects. */
void mc_promise_list_text(const mc_promise_rec *p, int n, FILE *f);
void mc_promise_list_json(const mc_promise_rec *p, int n, FILE *f);
/* One promise as a JSON object (no newline). */
void mc_promise_rec_json(const mc_promise_rec *p, FILE *f);

#endif
