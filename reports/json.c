/*
 * json.c - the streaming JSON writer (see json.h).
 *
 * Memory: writes only to the stream it is given.
 */
#include "json.h"

#include "fmt.h"

void mc_json_open(mc_json *o, FILE *f, int indent)
{
	o->f = f;
	o->n = 0;
	o->indent = indent;
	fputc('{', f);
}

void mc_json_close(mc_json *o)
{
	if (o->indent >= 0 && o->n)
		fprintf(o->f, "\n%*s}", o->indent - 2, "");
	else
		fputc('}', o->f);
}

void mc_json_key(mc_json *o, const char *k)
{
	if (o->n++)
		fputc(',', o->f);
	if (o->indent >= 0)
		fprintf(o->f, "\n%*s", o->indent, "");
	else if (o->n > 1)
		fputc(' ', o->f);
	mc_fmt_json_str(o->f, k);
	fputs(": ", o->f);
}

void mc_json_str(mc_json *o, const char *k, const char *v)
{
	mc_json_key(o, k);
	mc_fmt_json_str(o->f, v);
}

void mc_json_num(mc_json *o, const char *k, double v)
{
	mc_json_key(o, k);
	mc_fmt_json_num(o->f, v);
}

void mc_json_int(mc_json *o, const char *k, long long v)
{
	mc_json_key(o, k);
	fprintf(o->f, "%lld", v);
}

void mc_json_bool(mc_json *o, const char *k, int v)
{
	mc_json_key(o, k);
	fputs(v ? "true" : "false", o->f);
}

void mc_json_null(mc_json *o, const char *k)
{
	mc_json_key(o, k);
	fputs("null", o->f);
}

void mc_json_item(FILE *f, int i, int indent)
{
	fprintf(f, "%s\n%*s", i ? "," : "", indent, "");
}

void mc_json_arr_close(FILE *f, int n, int indent)
{
	if (n)
		fprintf(f, "\n%*s]", indent - 2, "");
	else
		fputc(']', f);
}
