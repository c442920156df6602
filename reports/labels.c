/*
 * labels.c - ZPL II and A4 SVG labels (see labels.h).
 */
#include "labels.h"

#include "arena.h"
#include "file.h"
#include "fmt.h"
#include "qr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- ZPL II ---- */

/* s as ^FD data after ^FH: '_' (the hex indicator), '^', '~' and control
 * bytes as _XX. */
static void zpl_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++)
		if (*p == '_' || *p == '^' || *p == '~' || *p < 0x20)
			fprintf(f, "_%02X", *p);
		else
			fputc(*p, f);
}

/* A text field at (x, y) of height h dots. */
static void zpl_field(FILE *f, int x, int y, int h, const char *pre,
		      const char *s)
{
	fprintf(f, "^FO%d,%d^A0N,%d,%d^FH^FD", x, y, h, h);
	zpl_text(f, pre);
	zpl_text(f, s);
	fputs("^FS\n", f);
}

/* Option index of "a=1, b=2" into buf: 1, or 0 when there is no such
 * option. */
static int each_option(const char *options, char *buf, size_t size, int index)
{
	const char *o = options ? options : "";
	for (int i = 0; *o; i++) {
		size_t n = strcspn(o, ",");
		if (i == index) {
			snprintf(buf, size, "%.*s", (int)n, o);
			return 1;
		}
		o += n;
		while (*o == ',' || *o == ' ')
			o++;
	}
	return 0;
}

void mc_labels_zpl(const mc_label *l, int n, FILE *f)
{
	char opt[256], unit[64];
	for (int i = 0; i < n; i++) {
		const mc_label *x = &l[i];
		fputs("^XA\n^CI28\n^PW812\n^LL406\n", f);
		/* the QR code: model 2, 7 dots a module, level M, data in
		 * automatic mode */
		fprintf(f, "^FO20,20^BQN,2,7^FH^FDMA,");
		zpl_text(f, x->digital_link);
		fputs("^FS\n", f);
		zpl_field(f, 330, 30, 44, "", x->family);
		int k;
		for (k = 0;
		     k < 4 && each_option(x->options, opt, sizeof(opt), k); k++)
			zpl_field(f, 330, 90 + 34 * k, 28, "", opt);
		if (each_option(x->options, opt, sizeof(opt), k))
			zpl_field(f, 330, 90 + 34 * k, 28, "", "...");
		zpl_field(f, 330, 264, 30, "Order ", x->order);
		snprintf(unit, sizeof(unit), "Unit %d of %d", x->unit, x->of);
		zpl_field(f, 330, 302, 30, "", unit);
		zpl_field(f, 20, 360, 24, "", x->identifier);
		fputs("^XZ\n", f);
	}
}

/* ---- A4 sheets as SVG ---- */

#define SHEET_W	   210.0
#define SHEET_H	   297.0
#define LABEL_W	   99.1
#define LABEL_H	   38.1
#define LEFT	   4.65
#define TOP	   15.15
#define COLUMN_GAP 2.5
#define QR_SIZE	   32.0
#define SHEET_COLS 2

static void svg_text(FILE *f, double x, double y, double size,
		     const char *style, const char *pre, const char *s)
{
	fprintf(f, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\"%s>", x, y,
		size, style);
	mc_fmt_html(f, pre);
	mc_fmt_html(f, s ? s : "");
	fputs("</text>\n", f);
}

/* One label with its top left corner at (x, y), in mm. */
static int svg_label(const mc_label *l, double x, double y, FILE *f, mc_diag *d)
{
	char opt[256], unit[64];
	fprintf(f,
		"<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
		"rx=\"2\" fill=\"none\" stroke=\"#cccccc\" "
		"stroke-width=\"0.2\"/>\n",
		x, y, LABEL_W, LABEL_H);
	if (mc_qr_svg_group(l->digital_link, x + 2, y + 2, QR_SIZE, f, d) < 0)
		return -1;
	double tx = x + QR_SIZE + 4;
	svg_text(f, tx, y + 7.5, 4.6, " font-weight=\"bold\"", "", l->family);
	int k;
	for (k = 0; k < 4 && each_option(l->options, opt, sizeof(opt), k); k++)
		svg_text(f, tx, y + 12.5 + 3.6 * k, 3.0, "", "", opt);
	if (each_option(l->options, opt, sizeof(opt), k))
		svg_text(f, tx, y + 12.5 + 3.6 * k, 3.0, "", "", "...");
	svg_text(f, tx, y + 29.0, 3.2, "", "Order ", l->order);
	snprintf(unit, sizeof(unit), "Unit %d of %d", l->unit, l->of);
	svg_text(f, tx, y + 33.2, 3.2, " font-weight=\"bold\"", "", unit);
	svg_text(f, x + 2, y + LABEL_H - 1.3, 2.1,
		 " font-family=\"DejaVu Sans Mono, Liberation Mono, "
		 "monospace\"",
		 "", l->identifier);
	return 0;
}

typedef struct sheet_ctx {
	const mc_label *l;
	int n;
} sheet_ctx;

static int write_sheet(FILE *f, const void *ctx, mc_diag *d)
{
	const sheet_ctx *c = ctx;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		"width=\"%.0fmm\" height=\"%.0fmm\" viewBox=\"0 0 %.0f %.0f\" "
		"font-family=\"DejaVu Sans, Liberation Sans, sans-serif\">\n"
		"<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
		SHEET_W, SHEET_H, SHEET_W, SHEET_H, SHEET_W, SHEET_H);
	for (int i = 0; i < c->n; i++) {
		double x = LEFT + (i % SHEET_COLS) * (LABEL_W + COLUMN_GAP);
		double y = TOP + (i / SHEET_COLS) * LABEL_H;
		if (svg_label(&c->l[i], x, y, f, d) < 0)
			return -1;
	}
	fputs("</svg>\n", f);
	return 0;
}

int mc_labels_svg(const mc_label *l, int n, const char *dir, int *nsheets,
		  mc_diag *d)
{
	*nsheets = 0;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return mc_diag_error(d, MC_EINPUT,
				     "unable to create directory '%s': %s", dir,
				     strerror(errno));
	for (int i = 0; i < n; i += MC_LABELS_PER_SHEET) {
		sheet_ctx c = {l + i, n - i < MC_LABELS_PER_SHEET
					  ? n - i
					  : MC_LABELS_PER_SHEET};
		size_t len = strlen(dir) + 32;
		char *path = mc_xmalloc(len);
		snprintf(path, len, "%s/sheet-%03d.svg", dir, *nsheets + 1);
		int rc = mc_file_write(path, write_sheet, &c, d);
		free(path);
		if (rc < 0)
			return -1;
		++*nsheets;
	}
	return 0;
}
