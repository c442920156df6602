/*
 * qr.c - QR codes as SVG (see qr.h).  The only file that includes
 * <qrencode.h>.
 *
 * Memory: the QRcode from libqrencode is freed at the out: label.
 */
#include "qr.h"

#include <qrencode.h>

#include <errno.h>
#include <string.h>

/* Module (x, y) of the symbol is dark: libqrencode sets bit 0 of its
 * byte. */
static int dark(const QRcode *q, int x, int y)
{
	return q->data[y * q->width + x] & 1;
}

/* One path: each horizontal run of dark modules is a rectangle
 * "M x y h n v 1 h -n z", coordinates in modules, quiet zone included. */
static void draw_modules(const QRcode *q, FILE *f)
{
	int size = q->width + 2 * MC_QR_QUIET;
	fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
		size, size);
	fputs("<path fill=\"#000000\" d=\"", f);
	for (int y = 0; y < q->width; y++)
		for (int x = 0; x < q->width;) {
			if (!dark(q, x, y)) {
				x++;
				continue;
			}
			int run = 0;
			while (x + run < q->width && dark(q, x + run, y))
				run++;
			fprintf(f, "M%d %dh%dv1h-%dz", x + MC_QR_QUIET,
				y + MC_QR_QUIET, run, run);
			x += run;
		}
	fputs("\"/>\n", f);
}

static void draw(const QRcode *q, FILE *f)
{
	int size = q->width + 2 * MC_QR_QUIET;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
		"viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
		"shape-rendering=\"crispEdges\">\n",
		size, size, 4 * size, 4 * size);
	draw_modules(q, f);
	fputs("</svg>\n", f);
}

/* Encodes text; NULL with d set when it cannot be. */
static QRcode *encode(const char *text, mc_diag *d)
{
	errno = 0;
	/* 8-bit mode, case kept: the text is a URI, read back byte for
	 * byte. */
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		mc_diag_error(d, MC_EINPUT,
			      "unable to encode '%s' as a QR code: %s", text,
			      errno ? strerror(errno) : "unknown error");
	return q;
}

int mc_qr_svg_group(const char *text, double x, double y, double size, FILE *f,
		    mc_diag *d)
{
	QRcode *q = encode(text, d);
	if (!q)
		return -1;
	double module = size / (q->width + 2 * MC_QR_QUIET);
	fprintf(f,
		"<g transform=\"translate(%.3f %.3f) scale(%.5f)\" "
		"shape-rendering=\"crispEdges\">\n",
		x, y, module);
	draw_modules(q, f);
	fputs("</g>\n", f);
	QRcode_free(q);
	return 0;
}

int mc_qr_svg(const char *text, FILE *f, mc_diag *d)
{
	int rc = -1;
	QRcode *q = encode(text, d);
	if (!q)
		goto out;
	draw(q, f);
	if (ferror(f)) {
		mc_diag_error(d, MC_EINPUT,
			      "unable to write the QR code of '%s'", text);
		goto out;
	}
	rc = 0;
out:
	QRcode_free(q);
	return rc;
}

const char *mc_qr_version(void)
{
	return QRcode_APIVersionString();
}
