/*
 * ids.c - unit identifiers (docs/design.md, "Unit identifiers"): formatting,
 * parsing, and the two check computations (ISO/IEC 7064 MOD 37,36 and GS1
 * mod-10).  Pure functions; callers own every buffer.
 */
#include "ids.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* ---- the three spellings of a unit (mc_unit_ref_parse) ---- */

/* Copies a GTIN of 8, 12, 13 or 14 digits, padded to 14 with leading
 * zeros, into out->gtin and checks its check digit. */
static int ref_gtin(const char *g, size_t n, mc_unit_ref *out, char *why,
		    size_t whylen)
{
	if ((n != 8 && n != 12 && n != 13 && n != 14) || !digits(g, n))
		return fail(why, whylen,
			    "GTIN (AI 01) must be 8, 12, 13 or 14 digits");
	memset(out->gtin, '0', 14 - n);
	memcpy(out->gtin + 14 - n, g, n);
	out->gtin[14] = 0;
	if (!mc_gtin_valid(out->gtin)) {
		snprintf(
		    why, whylen, "GTIN check digit is '%c', it should be '%c'",
		    out->gtin[13], '0' + mc_gtin_check_digit(out->gtin, 13));
		return -1;
	}
	return 0;
}

static int ref_serial(const char *sr, size_t n, mc_unit_ref *out, char *why,
		      size_t whylen)
{
	if (n == 0)
		return fail(why, whylen, "no serial (AI 21)");
	if (n != 12 || !digits(sr, 12))
		return fail(why, whylen,
			    "serial (AI 21) must be 12 digits, as mcsched "
			    "issues them");
	memcpy(out->serial_text, sr, 12);
	out->serial_text[12] = 0;
	out->serial = 0;
	for (int i = 0; i < 12; i++)
		out->serial = out->serial * 10 + (uint64_t)(sr[i] - '0');
	return 0;
}

/* The path of a Digital Link, from its first '/' (query and fragment cut
 * off by the caller): [prefix]/01/GTIN[/22/CPV][/10/LOT]/21/SERIAL. */
static int ref_link_path(const char *p, size_t n, mc_unit_ref *out, char *why,
			 size_t whylen)
{
	const char *end = p + n, *seg[64];
	size_t len[64];
	int k = 0;
	while (p < end) {
		if (*p != '/' || k == 64)
			return fail(why, whylen,
				    "Digital Link path is too "
				    "long or malformed");
		const char *s = ++p;
		while (p < end && *p != '/')
			p++;
		seg[k] = s;
		len[k++] = (size_t)(p - s);
	}
	/* the primary key 01 and the key-value pairs after it, to the end */
	int at = -1;
	for (int i = 0; i + 1 < k; i++)
		if (len[i] == 2 && memcmp(seg[i], "01", 2) == 0 &&
		    (k - i) % 2 == 0) {
			at = i;
			break;
		}
	if (at < 0)
		return fail(why, whylen,
			    "Digital Link needs /01/GTIN/21/SERIAL in its "
			    "path");
	if (ref_gtin(seg[at + 1], len[at + 1], out, why, whylen) < 0)
		return -1;
	int serial = -1;
	for (int i = at + 2; i + 1 < k; i += 2) {
		int ai =
		    len[i] == 2 ? (seg[i][0] - '0') * 10 + seg[i][1] - '0' : -1;
		if (ai == 21)
			serial = i + 1;
		else if (ai != 22 && ai != 10)
			return fail(why, whylen,
				    "Digital Link key after the GTIN must be "
				    "22, 10 or 21");
	}
	if (serial < 0)
		return fail(why, whylen,
			    "no serial (AI 21) in the Digital "
			    "Link");
	return ref_serial(seg[serial], len[serial], out, why, whylen);
}

static int ref_link(const char *s, mc_unit_ref *out, char *why, size_t whylen)
{
	const char *p = s;
	if (*p != '/') {
		p = strstr(s, "://") + 3; /* the caller saw the scheme */
		const char *host = p;
		while (*p && *p != '/' && *p != '?' && *p != '#')
			p++;
		if (p == host)
			return fail(why, whylen, "Digital Link has no host");
	}
	size_t n = strcspn(p, "?#");
	return ref_link_path(p, n, out, why, whylen);
}

/* (01)GTIN(21)SERIAL, the two AIs in either order. */
static int ref_element(const char *s, mc_unit_ref *out, char *why,
		       size_t whylen)
{
	const char *v[2] = {NULL, NULL};
	size_t n[2] = {0, 0};
	for (const char *p = s; *p;) {
		if (p[0] != '(' || !p[1] || !p[2] || p[3] != ')')
			return fail(why, whylen,
				    "element string must read "
				    "(01)GTIN(21)SERIAL");
		int i = memcmp(p, "(01)", 4) == 0   ? 0
			: memcmp(p, "(21)", 4) == 0 ? 1
						    : -1;
		if (i < 0)
			return fail(why, whylen,
				    "element string holds an AI other than "
				    "(01) and (21)");
		if (v[i])
			return fail(why, whylen,
				    "element string repeats an AI");
		v[i] = p + 4;
		n[i] = strcspn(v[i], "(");
		p = v[i] + n[i];
	}
	if (!v[0])
		return fail(why, whylen, "no GTIN (01) in the element string");
	if (n[0] != 14)
		return fail(why, whylen, "GTIN (01) must be 14 digits");
	if (ref_gtin(v[0], n[0], out, why, whylen) < 0)
		return -1;
	return ref_serial(v[1], v[1] ? n[1] : 0, out, why, whylen);
}

/* 01 + 14 digits + 21 + serial, as a scanner sends it (an optional
 * symbology identifier ]C1, ]d2, ]Q3 in front, an optional GS after the
 * serial). */
static int ref_raw(const char *s, mc_unit_ref *out, char *why, size_t whylen)
{
	if (s[0] == ']')
		s += strlen(s) >= 3 ? 3 : strlen(s);
	size_t n = strlen(s);
	if (n > 0 && s[n - 1] == '\x1d')
		n--;
	if (n < 18 || memcmp(s, "01", 2) != 0 || !digits(s + 2, 14) ||
	    memcmp(s + 16, "21", 2) != 0)
		return fail(why, whylen,
			    "element string must read 01GTIN21SERIAL");
	if (ref_gtin(s + 2, 14, out, why, whylen) < 0)
		return -1;
	return ref_serial(s + 18, n - 18, out, why, whylen);
}

/* 1 when s starts with http:// or https:// (any case). */
static int is_link(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 ||
	       strncasecmp(s, "http://", 7) == 0;
}

int mc_unit_ref_parse(const char *s, mc_unit_ref *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	if (strlen(s) > MC_REF_MAX)
		return fail(why, whylen, "too long to be a unit reference");
	int rc;
	if (is_link(s) || strncmp(s, "/01/", 4) == 0) {
		out->kind = MC_REF_DIGITAL_LINK;
		rc = ref_link(s, out, why, whylen);
	} else if (s[0] == '(') {
		out->kind = MC_REF_GS1;
		rc = ref_element(s, out, why, whylen);
	} else if (s[0] == ']' || (strncmp(s, "01", 2) == 0 &&
				   !strchr(s, '/') && !strchr(s, '.'))) {
		out->kind = MC_REF_GS1;
		rc = ref_raw(s, out, why, whylen);
	} else {
		out->kind = MC_REF_ID;
		rc = mc_id_parse(s, &out->id, why, whylen);
		if (rc == 0) {
			memcpy(out->gtin, out->id.gtin, sizeof(out->gtin));
			memcpy(out->serial_text, out->id.serial_text,
			       sizeof(out->serial_text));
			out->serial = out->id.serial;
		}
	}
	return rc;
}
