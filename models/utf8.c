/*
 * utf8.c - well-formed UTF-8 (see utf8.h).
 */
#include "utf8.h"

int mc_utf8_len(const char *s, const char *e)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0];
	int n = c < 0x80		 ? 1
		: c >= 0xC2 && c <= 0xDF ? 2
		: c >= 0xE0 && c <= 0xEF ? 3
		: c >= 0xF0 && c <= 0xF4 ? 4
					 : 0;
	if (n == 0 || e - s < n)
		return 0;
	unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	for (int k = 1; k < n; k++)
		if (p[k] < (k == 1 ? lo : 0x80) || p[k] > (k == 1 ? hi : 0xBF))
			return 0;
	return n;
}
