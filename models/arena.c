/*
 * arena.c - bump allocator for one planning run, plus the never-failing
 * malloc wrappers.  Blocks are chained; a request larger than a block gets a
 * block of its own.  Everything is released by mc_arena_free().
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (64 * 1024)
#define ALIGN	   (sizeof(max_align_t))

struct block {
	struct block *next;
	size_t size, used;
	max_align_t data[];
};

struct mc_arena {
	struct block *head;
	size_t used;
};

static void oom(size_t n)
{
	fprintf(stderr, "mcsched: out of memory (requesting %zu bytes)\n", n);
	exit(4);
}

void *mc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *mc_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *mc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *mc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(mc_xmalloc(n), s, n);
}

mc_arena *mc_arena_new(void)
{
	return mc_xcalloc(1, sizeof(mc_arena));
}

void mc_arena_free(mc_arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *mc_arena_alloc(mc_arena *a, size_t n)
{
	size_t need = (n + ALIGN - 1) / ALIGN * ALIGN;
	struct block *b = a->head;
	if (need < n)
		oom(n);
	if (!b || b->size - b->used < need) {
		size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;
		b = mc_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		/* A big private block goes behind the head so the head's free
		 * space keeps serving small requests. */
		if (a->head && need > BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += need;
	a->used += need;
	memset(p, 0, n);
	return p;
}

void *mc_arena_calloc(mc_arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		oom(SIZE_MAX);
	return mc_arena_alloc(a, count * size);
}

char *mc_arena_strndup(mc_arena *a, const char *s, size_t n)
{
	char *p = mc_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mc_arena_strdup(mc_arena *a, const char *s)
{
	return s ? mc_arena_strndup(a, s, strlen(s)) : NULL;
}

char *mc_arena_printf(mc_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = mc_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t mc_arena_used(const mc_arena *a)
{
	return a->used;
}
