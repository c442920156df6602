/*
 * fmt.h - number and text formatting shared by the report writers, all
 * locale-independent so reports are byte-for-byte reproducible.
 *
 * Each formatter writes into a caller's buffer and returns it.
 */
#ifndef MC_FMT_H
#define MC_FMT_H

#include <stddef.h>
#include <stdio.h>

#define MC_FMT_NUM 48 /* buffer size that holds any formatted number */

/* x with `decimals` decimals and a comma every three integer digits:
 * "12,345.60".  Negative zero prints as zero. */
char *mc_fmt_num(char *buf, size_t n, double x, int decimals);
/* Money: mc_fmt_num with 2 decimals. */
char *mc_fmt_money(char *buf, size_t n, double x);
/* A percentage of a fraction: 0.1234 -> "12.34%" (decimals given). */
char *mc_fmt_pct(char *buf, size_t n, double fraction, int decimals);
/* An integer with thousands separators. */
char *mc_fmt_int(char *buf, size_t n, long long x);

/* ISO date d days after ISO date iso ("" when iso is not a date). */
char *mc_fmt_date_add(char *buf, size_t n, const char *iso, int days);

/* Writes s with JSON string escaping, quotes included ("null" for NULL). */
void mc_fmt_json_str(FILE *f, const char *s);
/* Writes a JSON number ("null" when not finite). */
void mc_fmt_json_num(FILE *f, double x);
/* Writes s as a CSV field, quoted when it holds a comma, quote or line
 * break (RFC 4180). */
void mc_fmt_csv(FILE *f, const char *s);
/* Writes s with HTML escaping of & < > " '. */
void mc_fmt_html(FILE *f, const char *s);

#endif
