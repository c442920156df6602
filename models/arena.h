/*
 * arena.h - memory for one planning run, and allocation that never fails.
 *
 * A run allocates everything it builds (the loaded model, the plan, strings)
 * from one mc_arena and releases it once with mc_arena_free().  Objects that
 * outlive a run use mc_xmalloc() and have their own paired _new/_free.
 *
 * Out of memory is fatal in a batch program: mc_xmalloc() and every arena
 * allocator print a message and exit(4) instead of returning NULL.
 */
#ifndef MC_ARENA_H
#define MC_ARENA_H

#include <stddef.h>

typedef struct mc_arena mc_arena;

/* Allocation that never returns NULL (exits on exhaustion). */
void *mc_xmalloc(size_t n);
void *mc_xcalloc(size_t count, size_t size);
void *mc_xrealloc(void *p, size_t n);
char *mc_xstrdup(const char *s);

/* A new, empty arena.  Never NULL. */
mc_arena *mc_arena_new(void);
/* Releases every block of the arena; accepts NULL. */
void mc_arena_free(mc_arena *a);

/* n zeroed bytes aligned for any object, alive until mc_arena_free(). */
void *mc_arena_alloc(mc_arena *a, size_t n);
/* count * size zeroed bytes; exits on overflow. */
void *mc_arena_calloc(mc_arena *a, size_t count, size_t size);
/* A copy of s (NULL gives NULL). */
char *mc_arena_strdup(mc_arena *a, const char *s);
/* A copy of the first n bytes of s, NUL-terminated. */
char *mc_arena_strndup(mc_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *mc_arena_printf(mc_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Bytes handed out so far (for benchmarks and tests). */
size_t mc_arena_used(const mc_arena *a);

#endif
