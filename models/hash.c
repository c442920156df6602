/*
 * hash.c - FNV-1a 64-bit (see hash.h).
 */
#include "hash.h"

uint64_t mc_hash_fnv1a(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
