/*
 * hash.h - FNV-1a 64-bit: the hash of input digests, id sets and order
 * classes.  Not cryptographic: a digest tells a changed file from an
 * unchanged one, it does not defend against a forged one.
 */
#ifndef MC_HASH_H
#define MC_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a 64 of n bytes at p. */
uint64_t mc_hash_fnv1a(const void *p, size_t n);

#endif
