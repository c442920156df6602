/*
 * fuzz_ids.c - libFuzzer harness for the identifier parser (make fuzz):
 * mc_id_parse on any bytes, then the Handle-style JSON that resolve prints
 * for them (malformed or not), which must escape whatever it is given; and
 * mc_unit_ref_parse, the parser of all three spellings (identifier, GS1
 * Digital Link, element string) that resolve and serve share: a reference
 * it accepts has a valid GTIN-14 and a 12-digit serial.
 */
#include "ids.h"
#include "units.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	mc_id_parts parts;
	char why[160];
	if (mc_id_parse(s, &parts, why, sizeof(why)) < 0)
		mc_units_resolve_json(s, NULL, NULL, why, sink);
	else
		mc_units_resolve_json(s, NULL, NULL, NULL, sink);
	mc_unit_ref r;
	if (mc_unit_ref_parse(s, &r, why, sizeof(why)) == 0 &&
	    (!mc_gtin_valid(r.gtin) || strlen(r.serial_text) != 12 ||
	     r.serial > MC_SERIAL_MAX))
		abort();
	free(s);
	return 0;
}
