/*
 * test_ids.c - identifier and GS1 check vectors (docs/design.md,
 * "Unit identifiers"), and malformed identifiers of every kind.
 */
#include "ids.h"

#include <criterion/criterion.h>
#include <string.h>

Test(ids, check_char_vector)
{
	cr_assert_eq(mc_id_check_char("A12425GABC1234002"), 'M');
	/* dots are skipped */
	cr_assert_eq(mc_id_check_char("AC.09521234300014.000000000001"), 'J');
	cr_assert_eq(mc_id_check_char("ac"), 0);
	cr_assert_eq(mc_id_check_char(""), 0);
}

Test(ids, gtin_vector)
{
	cr_assert_eq(mc_gtin_check_digit("0952123430001", 13), 4);
	cr_assert(mc_gtin_valid("09521234300014"));
	cr_assert_not(mc_gtin_valid("09521234300015"));
	cr_assert_not(mc_gtin_valid("0952123430001"));
	cr_assert_not(mc_gtin_valid("0952123430001X"));
	/* GS1's own example: 629104150021 -> 3 (GTIN-13 6291041500213) */
	cr_assert_eq(mc_gtin_check_digit("629104150021", 12), 3);
}

Test(ids, format_design_example)
{
	char buf[MC_ID_MAX];
	cr_assert_eq(mc_id_format(buf, sizeof(buf), "88.999.1", "AC",
				  "09521234300014", 1),
		     0);
	cr_assert_str_eq(buf, "88.999.1/AC.09521234300014.000000000001.J");
	cr_assert_eq(mc_id_gs1(buf, sizeof(buf), "09521234300014", 1), 0);
	cr_assert_str_eq(buf, "(01)09521234300014(21)000000000001");
	cr_assert_eq(
	    mc_id_format(buf, sizeof(buf), "99.1.1", "AC", "09521234300014", 1),
	    -1);
	cr_assert_eq(mc_id_format(buf, sizeof(buf), "88.999.1", "A",
				  "09521234300014", 1),
		     -1);
	cr_assert_eq(mc_id_format(buf, sizeof(buf), "88.999.1", "AC",
				  "09521234300014", MC_SERIAL_MAX + 1),
		     -1);
}

Test(ids, parse_round_trip)
{
	mc_id_parts p;
	char why[128];
	cr_assert_eq(mc_id_parse("88.999.1/AC.09521234300014.000000000001.J",
				 &p, why, sizeof(why)),
		     0, "%s", why);
	cr_assert_str_eq(p.prefix, "88.999.1");
	cr_assert_str_eq(p.code, "AC");
	cr_assert_str_eq(p.gtin, "09521234300014");
	cr_assert_eq(p.serial, 1);
	cr_assert_eq(p.check, 'J');
}

static void assert_malformed(const char *id, const char *words)
{
	mc_id_parts p;
	char why[128] = "";
	cr_assert_eq(mc_id_parse(id, &p, why, sizeof(why)), -1, "%s", id);
	cr_assert(strstr(why, words), "'%s' -> '%s', wanted '%s'", id, why,
		  words);
}

Test(ids, malformed_every_kind)
{
	assert_malformed("88.999.1AC.09521234300014.000000000001.J", "'/'");
	assert_malformed("86.999.1/AC.09521234300014.000000000001.J", "prefix");
	assert_malformed("88.x.1/AC.09521234300014.000000000001.J", "prefix");
	assert_malformed("88.999.1/ac.09521234300014.000000000001.J", "code");
	assert_malformed("88.999.1/ABCDE.09521234300014.000000000001.J",
			 "code");
	assert_malformed("88.999.1/AC.0952123430001.000000000001.J", "GTIN");
	assert_malformed("88.999.1/AC.09521234300015.000000000001.J",
			 "should be '4'");
	assert_malformed("88.999.1/AC.09521234300014.00000000001.J", "serial");
	assert_malformed("88.999.1/AC.09521234300014.000000000001.", "check");
	assert_malformed("88.999.1/AC.09521234300014.000000000001.JJ", "check");
	assert_malformed("88.999.1/AC.09521234300014.000000000001.K",
			 "is 'K', the suffix needs 'J'");
}
