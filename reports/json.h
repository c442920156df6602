/*
 * json.h - a small streaming JSON writer shared by the machine-readable
 * report writers (the run's JSON in export.c, compare's JSON in compare.c).
 *
 * An object is written field by field: mc_json_open() writes "{", each
 * mc_json_<type>() a key and its value, mc_json_close() the "}".  With an
 * indent >= 0 every field sits on its own line at that indent (a record
 * per line keeps diffs readable); with indent < 0 the whole object is one
 * line.  Arrays are written by hand: "[", mc_json_item() before element i,
 * mc_json_arr_close() after the last.  Numbers that are not finite are
 * written as null (mc_fmt_json_num()), NULL strings as null.
 */
#ifndef MC_JSON_H
#define MC_JSON_H

#include <stdio.h>

typedef struct mc_json {
	FILE *f;
	int n, indent;
} mc_json;

/* Writes "{" and starts an object whose fields sit at indent (< 0: one
 * line). */
void mc_json_open(mc_json *o, FILE *f, int indent);
/* Writes the closing "}" (on its own line when indented). */
void mc_json_close(mc_json *o);
/* Writes the separator and "key": of the next field. */
void mc_json_key(mc_json *o, const char *k);
void mc_json_str(mc_json *o, const char *k, const char *v);
void mc_json_num(mc_json *o, const char *k, double v);
void mc_json_int(mc_json *o, const char *k, long long v);
void mc_json_bool(mc_json *o, const char *k, int v);
void mc_json_null(mc_json *o, const char *k);

/* Starts element i of an array whose elements sit at indent. */
void mc_json_item(FILE *f, int i, int indent);
/* Writes "]" after n elements written at indent. */
void mc_json_arr_close(FILE *f, int n, int indent);

#endif
