/*
 * utf8.h - well-formed UTF-8, byte by byte: what the actuals reader
 * requires of its file and what JSON output needs of any bytes.
 */
#ifndef MC_UTF8_H
#define MC_UTF8_H

/* Length (1-4) of the well-formed UTF-8 character at s, which ends before
 * e, or 0 when none starts there: a stray or missing continuation byte,
 * an overlong form, a surrogate, a value past U+10FFFF, or a character
 * cut by e. */
int mc_utf8_len(const char *s, const char *e);

#endif
