/*
 * token.c - the bearer token of serve's internal routes (see token.h).
 */
#include "token.h"

#include "arena.h"
#include "file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct mc_token {
	size_t len;
	char text[MC_TOKEN_MAX + 1];
};

/* "unable to read the token file '<path>': <why>", -1. */
static int refuse(const char *path, const char *why, mc_diag *d)
{
	return mc_diag_error(
	    d, MC_EINPUT, "unable to read the token file '%s': %s", path, why);
}

int mc_token_load(const char *path, mc_token **out, mc_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	mc_diag tmp = MC_DIAG_INIT;
	*out = NULL;
	/* the file's own messages name it; this one says what it is for */
	int rc = mc_file_read(path, 64 * 1024, &buf, &len, &tmp);
	if (rc < 0) {
		rc = refuse(path, tmp.n ? tmp.v[0].msg : "?", d);
		mc_diag_release(&tmp);
		return rc;
	}
	mc_diag_release(&tmp);
	size_t n = strcspn(buf, "\r\n");
	int ok = n >= MC_TOKEN_MIN && n <= MC_TOKEN_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = buf[i] > ' ' && buf[i] < 0x7F;
	if (ok) {
		mc_token *t = mc_xcalloc(1, sizeof(*t));
		memcpy(t->text, buf, n);
		t->len = n;
		*out = t;
	}
	memset(buf, 0, len);
	free(buf);
	if (!ok)
		return refuse(path,
			      "its first line must be the token: 16 to 256 "
			      "printable ASCII characters, no space",
			      d);
	return 0;
}

void mc_token_free(mc_token *t)
{
	if (!t)
		return;
	volatile char *p = t->text;
	for (size_t i = 0; i < sizeof(t->text); i++)
		p[i] = 0;
	free(t);
}

int mc_token_check(const mc_token *t, const char *authorization)
{
	static const char scheme[] = "Bearer ";
	const size_t ns = sizeof(scheme) - 1;
	if (!authorization || strlen(authorization) < ns ||
	    strncasecmp(authorization, scheme, ns) != 0)
		return MC_TOKEN_MISSING;
	const char *given = authorization + ns;
	while (*given == ' ')
		given++;
	/* Every byte of the token is compared, whatever the guess is: the
	 * time depends on t->len only.  A guess of another length differs
	 * in diff's length bits; its bytes past its end read as 0. */
	size_t glen = strlen(given);
	unsigned diff = (unsigned)(glen != t->len);
	for (size_t i = 0; i < t->len; i++) {
		unsigned char g = i < glen ? (unsigned char)given[i] : 0;
		diff |= (unsigned)(g ^ (unsigned char)t->text[i]);
	}
	return diff == 0 ? MC_TOKEN_OK : MC_TOKEN_WRONG;
}
