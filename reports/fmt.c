/*
 * fmt.c - locale-independent number and text formatting (see fmt.h).
 *
 * Memory: writes only into buffers and streams the caller gives.
 */
#include "fmt.h"

#include "date.h"

#include <math.h>
#include <string.h>

char *mc_fmt_num(char *buf, size_t n, double x, int decimals)
{
	char raw[MC_FMT_NUM + 16];
	if (!isfinite(x)) {
		/* NaN is a figure the run does not have (an LP bound
		 * after a time limit) */
		snprintf(buf, n, "%s",
			 isnan(x) ? "none"
			 : x < 0  ? "-inf"
				  : "inf");
		return buf;
	}
	if (fabs(x) >= 1e15) {
		snprintf(buf, n, "%.*e", decimals, x);
		return buf;
	}
	snprintf(raw, sizeof(raw), "%.*f", decimals, x);
	const char *digits = raw;
	int neg = 0;
	if (*digits == '-') {
		digits++;
		/* "-0.00" is zero */
		neg = strspn(digits, "0.") != strlen(digits);
	}
	size_t intlen = strcspn(digits, ".");
	size_t out = 0;
	if (neg && out + 1 < n)
		buf[out++] = '-';
	for (size_t i = 0; i < intlen && out + 1 < n; i++) {
		if (i > 0 && (intlen - i) % 3 == 0 && out + 2 < n)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	snprintf(buf + out, n - out, "%s", digits + intlen);
	return buf;
}

char *mc_fmt_money(char *buf, size_t n, double x)
{
	return mc_fmt_num(buf, n, x, 2);
}

char *mc_fmt_pct(char *buf, size_t n, double fraction, int decimals)
{
	char num[MC_FMT_NUM];
	if (isnan(fraction)) {
		snprintf(buf, n, "none");
		return buf;
	}
	snprintf(buf, n, "%s%%",
		 mc_fmt_num(num, sizeof(num), 100 * fraction, decimals));
	return buf;
}

char *mc_fmt_int(char *buf, size_t n, long long x)
{
	return mc_fmt_num(buf, n, (double)x, 0);
}

char *mc_fmt_date_add(char *buf, size_t n, const char *iso, int days)
{
	int day;
	char tmp[16];
	if (!iso || mc_date_parse(iso, &day)) {
		snprintf(buf, n, "%s", "");
		return buf;
	}
	snprintf(buf, n, "%s", mc_date_format(day + days, tmp));
	return buf;
}

void mc_fmt_json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void mc_fmt_json_num(FILE *f, double x)
{
	if (!isfinite(x)) {
		fputs("null", f);
		return;
	}
	if (x == 0)
		x = 0; /* no "-0" */
	fprintf(f, "%.15g", x);
}

void mc_fmt_csv(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void mc_fmt_html(FILE *f, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}
