/*
 * ids.h - unit identifiers (docs/design.md, "Unit identifiers") and GS1
 * check digits.
 *
 *   <prefix>/<CODE>.<GTIN14>.<SERIAL12>.<C>
 *   88.999.1/AC.09521234300014.000000000001.J
 *
 * prefix is 88.<node>.<enterprise> (digits); CODE 2-4 capitals; GTIN14 with
 * a valid mod-10 check digit; SERIAL12 twelve digits; C the ISO/IEC 7064
 * MOD 37,36 check character over CODE+GTIN14+SERIAL12 (dots removed).
 * Pure functions, no allocation.
 */
#ifndef MC_IDS_H
#define MC_IDS_H

#include <stddef.h>
#include <stdint.h>

#define MC_ID_MAX     128 /* buffer size that holds any identifier */
#define MC_SERIAL_MAX 999999999999ULL

/* ISO/IEC 7064 MOD 37,36 check character over s (characters 0-9 A-Z; dots
 * are skipped).  Returns '0'..'9' or 'A'..'Z', or 0 when s holds another
 * character or nothing to check. */
char mc_id_check_char(const char *s);

/* GS1 mod-10 check digit over the n data digits of s (weights 3,1,3,...
 * from the rightmost).  Returns 0..9, or -1 if a character is not a digit. */
int mc_gtin_check_digit(const char *s, size_t n);
/* 1 if s is 14 digits whose last is the right check digit, else 0. */
int mc_gtin_valid(const char *s);

/* 1 if s has the shape 88.<digits>.<digits>, else 0. */
int mc_id_prefix_valid(const char *s);
/* 1 if s is 2-4 capital letters A-Z, else 0. */
int mc_id_code_valid(const char *s);

/* Writes the identifier into buf (MC_ID_MAX bytes).  Returns 0, or -1 if a
 * part is invalid (nothing useful is written then). */
int mc_id_format(char *buf, size_t n, const char *prefix, const char *code,
		 const char *gtin, uint64_t serial);

/* GS1 element string for labels: (01)<GTIN14>(21)<SERIAL12>. */
int mc_id_gs1(char *buf, size_t n, const char *gtin, uint64_t serial);

typedef struct mc_id_parts {
	char prefix[64];
	char code[5];
	char gtin[15];
	char serial_text[13];
	uint64_t serial;
	char check;
} mc_id_parts;

/* Parses and validates an identifier.  Returns 0, or -1 with a sentence
 * saying what is wrong written to why (e.g. "check character is 'K', the
 * suffix needs 'J'"). */
int mc_id_parse(const char *s, mc_id_parts *out, char *why, size_t whylen);

/* What a scanner or a person may hand `resolve` and `serve`: the three
 * spellings of one unit. */
enum mc_unit_ref_kind {
	MC_REF_ID,	     /* 88.999.1/AC.09521234300014.000000000001.J */
	MC_REF_DIGITAL_LINK, /* https://host/01/09521234300014/21/000000000001
			      * or its path /01/.../21/... alone */
	MC_REF_GS1,	     /* (01)09521234300014(21)000000000001, or the
			      * bracketless 0109521234300014210000000000001
			      * a scanner sends (]C1/]d2/]Q3 in front allowed) */
};

/* The longest reference mc_unit_ref_parse() looks at (a longer one is
 * malformed): room for a Digital Link with a long host and query. */
#define MC_REF_MAX 1024

typedef struct mc_unit_ref {
	int kind;	/* enum mc_unit_ref_kind */
	mc_id_parts id; /* MC_REF_ID only */
	char gtin[15];	/* every kind: the GTIN-14 */
	char serial_text[13];
	uint64_t serial;
} mc_unit_ref;

/* Parses any of the three forms.  A Digital Link's GTIN may be given with
 * 8, 12, 13 or 14 digits (padded to 14 with zeros, as GS1 Digital Link
 * 1.x says), its path may have a prefix before /01/, and other keys (22
 * CPV, 10 lot) and a query or fragment are allowed and ignored; the serial
 * (AI 21) must be twelve digits, the serials mcsched issues.  Anything
 * that is not a Digital Link or an element string is parsed as an
 * identifier, with mc_id_parse()'s messages.  Returns 0, or -1 with the
 * reason in why. */
int mc_unit_ref_parse(const char *s, mc_unit_ref *out, char *why,
		      size_t whylen);

#endif
