/*
 * test_labels.c - `labels --format csv|zpl|svg`: the A4 sheets are
 * rendered to PNG (rsvg-convert) and their QR codes decoded (zbarimg),
 * which must give back exactly the Digital Link URIs of the units on that
 * sheet; the ZPL holds one label per unit with the printer's QR command,
 * the URI and the texts, escaped; the CSV has the new columns and --bom.
 */
#include "labels.h"
#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The samples planned into a fresh directory, and their label CSV
 * (dir/labels.csv). */
static char *planned(const char *tag)
{
	char *dir = support_tmpdir(tag);
	free(support_plan_samples(dir));
	cr_assert_eq(support_run_in(dir,
				    "labels latest --db %s/mc.db --out "
				    "%s/labels.csv",
				    dir, dir),
		     0);
	return dir;
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (; (s = strstr(s, what)); s++)
		n++;
	return n;
}

/* Field k (from 0) of CSV line `line` (from 1) of csv, into buf: the
 * label CSV has no quoted field before options. */
static void field(const char *csv, int line, int k, char *buf, size_t n)
{
	const char *p = csv;
	for (int i = 0; i < line; i++)
		p = strchr(p, '\n') + 1;
	for (int i = 0; i < k; i++)
		p = strchr(p, ',') + 1;
	snprintf(buf, n, "%.*s", (int)strcspn(p, ",\n"), p);
}

/* Decodes every QR code of dir/sheet-NNN.svg; the sorted URIs, one a
 * line, malloc'ed. */
static char *decode_sheet(const char *dir, int sheet)
{
	cr_assert_eq(support_sh("cd %s && rsvg-convert -d 200 -p 200 "
				"sheets/sheet-%03d.svg -o sheet.png "
				"2>/dev/null",
				dir, sheet),
		     0, "rsvg-convert failed");
	support_sh("cd %s && zbarimg -q --raw sheet.png 2>/dev/null | sort "
		   ">decoded",
		   dir);
	return support_read_in(dir, "decoded");
}

Test(labels, svg_sheets_decode_to_the_links, .timeout = 120)
{
	char *dir = planned("labels-svg");
	char *csv = support_read_in(dir, "labels.csv");
	int n = count(csv, "\n") - 1;
	cr_assert_gt(n, 14);
	cr_assert_eq(support_run_in(dir,
				    "labels latest --db %s/mc.db --format svg "
				    "--out %s/sheets",
				    dir, dir),
		     0);
	int sheets = (n + 13) / 14;
	char want[128];
	snprintf(want, sizeof(want), "wrote %d labels of run 1 on %d A4 sheets",
		 n, sheets);
	char *out = support_read_in(dir, "out.txt");
	cr_assert_not_null(strstr(out, want), "%s", out);
	free(out);
	cr_assert_eq(support_sh("test -e %s/sheets/sheet-%03d.svg && ! test "
				"-e %s/sheets/sheet-%03d.svg",
				dir, sheets, dir, sheets + 1),
		     0);
	/* the first and the last sheet: their QR codes are the links of
	 * their labels, in CSV order */
	int first[2] = {1, sheets};
	for (int s = 0; s < 2; s++) {
		int from = (first[s] - 1) * 14 + 1;
		int to = from + 13 < n ? from + 13 : n;
		char *decoded = decode_sheet(dir, first[s]);
		cr_assert_eq(count(decoded, "\n"), to - from + 1,
			     "sheet %d: %s", first[s], decoded);
		for (int line = from; line <= to; line++) {
			char link[200], row[220];
			field(csv, line, 2, link, sizeof(link));
			snprintf(row, sizeof(row), "%s\n", link);
			cr_assert_not_null(strstr(decoded, row),
					   "sheet %d lacks %s", first[s], link);
		}
		free(decoded);
	}
	/* the texts of the first label */
	char *svg = support_read_in(dir, "sheets/sheet-001.svg");
	char id[200], order[64], family[64], of[16];
	field(csv, 1, 0, id, sizeof(id));
	field(csv, 1, 6, order, sizeof(order));
	field(csv, 1, 8, of, sizeof(of));
	field(csv, 1, 9, family, sizeof(family));
	char unit[64];
	snprintf(unit, sizeof(unit), ">Unit 1 of %s<", of);
	cr_assert_not_null(strstr(svg, id));
	cr_assert_not_null(strstr(svg, order));
	cr_assert_not_null(strstr(svg, family));
	cr_assert_not_null(strstr(svg, unit), "%s", unit);
	cr_assert_not_null(strstr(svg, "width=\"210mm\" height=\"297mm\""));
	free(svg);
	free(csv);
	free(dir);
}

Test(labels, zpl_one_label_a_unit, .timeout = 60)
{
	char *dir = planned("labels-zpl");
	char *csv = support_read_in(dir, "labels.csv");
	int n = count(csv, "\n") - 1;
	cr_assert_eq(support_run_in(
			 dir, "labels latest --db %s/mc.db --format zpl", dir),
		     0);
	char *zpl = support_read_in(dir, "out.txt");
	cr_assert_eq(count(zpl, "^XA\n"), n);
	cr_assert_eq(count(zpl, "^XZ\n"), n);
	cr_assert_eq(count(zpl, "^BQN,2,7"), n);
	for (int line = 1; line <= n; line += 37) {
		char link[200], want[260], of[16], unit[16];
		field(csv, line, 2, link, sizeof(link));
		field(csv, line, 7, unit, sizeof(unit));
		field(csv, line, 8, of, sizeof(of));
		snprintf(want, sizeof(want), "^FH^FDMA,%s^FS", link);
		cr_assert_not_null(strstr(zpl, want), "no %s", want);
		snprintf(want, sizeof(want), "^FDUnit %s of %s^FS", unit, of);
		cr_assert_not_null(strstr(zpl, want), "no %s", want);
	}
	/* --out: the same bytes */
	cr_assert_eq(support_run_in(dir,
				    "labels latest --db %s/mc.db --format zpl "
				    "--out %s/l.zpl",
				    dir, dir),
		     0);
	char *saved = support_read_in(dir, "l.zpl");
	cr_assert_str_eq(saved, zpl);
	free(saved);
	free(zpl);
	free(csv);
	free(dir);
}

Test(labels, zpl_escapes_its_control_characters)
{
	mc_label l = {.identifier = "88.999.1/AC.09521234300014.000000000001.J",
		      .digital_link = "https://h/01/09521234300014/21/"
				      "000000000001",
		      .order = "A_B^C~D",
		      .family = "sofa",
		      .options = "a=1, b=2, c=3, d=4, e=5",
		      .unit = 2,
		      .of = 3};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	mc_labels_zpl(&l, 1, f);
	fclose(f);
	cr_assert_not_null(strstr(buf, "^FH^FDOrder A_5FB_5EC_7ED^FS"), "%s",
			   buf);
	cr_assert_not_null(strstr(buf, "^FDUnit 2 of 3^FS"));
	cr_assert_not_null(strstr(buf, "^FDa=1^FS"));
	cr_assert_not_null(strstr(buf, "^FDd=4^FS"));
	cr_assert_null(strstr(buf, "^FDe=5^FS"), "a fifth option line");
	cr_assert_not_null(strstr(buf, "^FD...^FS"));
	free(buf);
}

Test(labels, csv_columns_bom_and_bad_uses, .timeout = 60)
{
	char *dir = planned("labels-csv");
	char *csv = support_read_in(dir, "labels.csv");
	static const char title[] = "identifier,gs1,digital_link,plant,"
				    "resource,day,order,unit,of,family,"
				    "options\n";
	cr_assert_eq(strncmp(csv, title, strlen(title)), 0, "%s", csv);
	cr_assert_eq(support_run_in(dir,
				    "labels latest --db %s/mc.db --bom --out "
				    "%s/bom.csv",
				    dir, dir),
		     0);
	char *bom = support_read_in(dir, "bom.csv");
	cr_assert_eq(memcmp(bom, "\xEF\xBB\xBF", 3), 0);
	cr_assert_str_eq(bom + 3, csv);
	free(bom);
	static const char *const bad[] = {"--format pdf", "--format svg",
					  "--format zpl --bom",
					  "--format svg --bom --out x"};
	for (int i = 0; i < 4; i++)
		cr_assert_eq(support_run_in(dir,
					    "labels latest --db %s/mc.db %s",
					    dir, bad[i]),
			     1, "%s", bad[i]);
	free(csv);
	free(dir);
}
