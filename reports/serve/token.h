/*
 * token.h - the bearer token that opens the internal routes of `mcsched
 * serve` (run reports and anything else that lists customers or a run's
 * economics) to whoever holds it.
 *
 * The token is read once from a file (mcsched serve --token-file F): the
 * file's first line, 16 to MC_TOKEN_MAX printable ASCII characters with
 * no space.  A request carries it as "Authorization: Bearer <token>"; the
 * comparison takes the same time whatever the request sends, so its
 * timing tells an attacker nothing about how much of a guess was right.
 *
 * Memory: an mc_token owns its copy of the token; mc_token_free() wipes
 * and frees it (and accepts NULL).
 */
#ifndef MC_TOKEN_H
#define MC_TOKEN_H

#include "diag.h"

/* Shortest and longest token accepted. */
#define MC_TOKEN_MIN 16
#define MC_TOKEN_MAX 256

typedef struct mc_token mc_token;

/* Reads the token from the regular file at path into *out.  Returns 0, or
 * -1 with "unable to read the token file '<path>': <why>" (MC_EINPUT) in
 * d; the token itself never appears in a message. */
int mc_token_load(const char *path, mc_token **out, mc_diag *d);
void mc_token_free(mc_token *t);

/* What a request's Authorization header says. */
enum mc_token_check {
	MC_TOKEN_OK,	  /* "Bearer <the token>" */
	MC_TOKEN_MISSING, /* no header, or not a Bearer one */
	MC_TOKEN_WRONG,	  /* a Bearer token, not this one */
};

/* Checks the Authorization header value authorization (NULL when the
 * request has none) against t, in time that depends on the length of t
 * only.  Returns an enum mc_token_check. */
int mc_token_check(const mc_token *t, const char *authorization);

#endif
