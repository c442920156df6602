/*
 * ids.c - unit identifiers of DESIGN.md section 4: formatting, parsing, and
 * the two check computations (ISO/IEC 7064 MOD 37,36 and GS1 mod-10).
 * Pure functions; callers own every buffer.
 */
#include "ids.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char ALNUM[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static int alnum_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* ISO/IEC 7064 hybrid system, M = 36: p starts at M; for each character
 * s = (p + value) mod M (0 -> M), p = 2s mod (M + 1); the check character
 * makes (p + c) mod M == 1. */
char mc_id_check_char(const char *s)
{
	const int M = 36;
	int p = M, n = 0;
	for (; *s; s++) {
		if (*s == '.')
			continue;
		int v = alnum_value(*s);
		if (v < 0)
			return 0;
		int t = (p + v) % M;
		if (t == 0)
			t = M;
		p = (2 * t) % (M + 1);
		n++;
	}
	if (!n)
		return 0;
	return ALNUM[(M + 1 - p) % M];
}

int mc_gtin_check_digit(const char *s, size_t n)
{
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[n - 1 - i];
		if (c < '0' || c > '9')
			return -1;
		sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
	}
	return (10 - sum % 10) % 10;
}

int mc_gtin_valid(const char *s)
{
	if (strlen(s) != 14)
		return 0;
	int c = mc_gtin_check_digit(s, 13);
	return c >= 0 && s[13] == '0' + c;
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n > 0;
}

int mc_id_prefix_valid(const char *s)
{
	if (strncmp(s, "88.", 3) != 0)
		return 0;
	const char *a = s + 3, *dot = strchr(a, '.');
	if (!dot || !digits(a, (size_t)(dot - a)))
		return 0;
	const char *b = dot + 1;
	return digits(b, strlen(b)) && strlen(s) < 64;
}

int mc_id_code_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

int mc_id_format(char *buf, size_t n, const char *prefix, const char *code,
		 const char *gtin, uint64_t serial)
{
	char suffix[MC_ID_MAX];
	if (!mc_id_prefix_valid(prefix) || !mc_id_code_valid(code) ||
	    !mc_gtin_valid(gtin) || serial > MC_SERIAL_MAX)
		return -1;
	snprintf(suffix, sizeof(suffix), "%s.%s.%012" PRIu64, code, gtin,
		 serial);
	int len = snprintf(buf, n, "%s/%s.%c", prefix, suffix,
			   mc_id_check_char(suffix));
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

int mc_id_gs1(char *buf, size_t n, const char *gtin, uint64_t serial)
{
	if (!mc_gtin_valid(gtin) || serial > MC_SERIAL_MAX)
		return -1;
	int len = snprintf(buf, n, "(01)%s(21)%012" PRIu64, gtin, serial);
	return len < 0 || (size_t)len >= n ? -1 : 0;
}

static int fail(char *why, size_t whylen, const char *msg)
{
	snprintf(why, whylen, "%s", msg);
	return -1;
}

int mc_id_parse(const char *s, mc_id_parts *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	const char *slash = strchr(s, '/');
	if (!slash)
		return fail(why, whylen, "no '/' between prefix and suffix");
	size_t plen = (size_t)(slash - s);
	if (plen >= sizeof(out->prefix))
		return fail(why, whylen, "prefix is too long");
	memcpy(out->prefix, s, plen);
	if (!mc_id_prefix_valid(out->prefix))
		return fail(
		    why, whylen,
		    "prefix must read 88.<node>.<enterprise> in digits");

	const char *p = slash + 1;
	const char *d1 = strchr(p, '.');
	if (!d1)
		return fail(why, whylen,
			    "suffix must read CODE.GTIN14.SERIAL12.C");
	size_t clen = (size_t)(d1 - p);
	if (clen < 2 || clen > 4)
		return fail(why, whylen, "code must be 2-4 capital letters");
	memcpy(out->code, p, clen);
	if (!mc_id_code_valid(out->code))
		return fail(why, whylen, "code must be 2-4 capital letters");

	const char *g = d1 + 1;
	if (strlen(g) < 14 || !digits(g, 14) || g[14] != '.')
		return fail(why, whylen, "GTIN must be 14 digits");
	memcpy(out->gtin, g, 14);
	if (!mc_gtin_valid(out->gtin)) {
		snprintf(
		    why, whylen, "GTIN check digit is '%c', it should be '%c'",
		    out->gtin[13], '0' + mc_gtin_check_digit(out->gtin, 13));
		return -1;
	}

	const char *sr = g + 15;
	if (strlen(sr) < 12 || !digits(sr, 12) || sr[12] != '.')
		return fail(why, whylen, "serial must be 12 digits");
	memcpy(out->serial_text, sr, 12);
	out->serial = 0;
	for (int i = 0; i < 12; i++)
		out->serial = out->serial * 10 + (uint64_t)(sr[i] - '0');

	const char *c = sr + 13;
	if (strlen(c) != 1 || alnum_value(*c) < 0)
		return fail(why, whylen,
			    "check character must be one character 0-9 or A-Z");
	out->check = *c;
	char suffix[64];
	snprintf(suffix, sizeof(suffix), "%s%s%s", out->code, out->gtin,
		 out->serial_text);
	char want = mc_id_check_char(suffix);
	if (want != *c) {
		snprintf(why, whylen,
			 "check character is '%c', the suffix needs '%c'", *c,
			 want);
		return -1;
	}
	return 0;
}
