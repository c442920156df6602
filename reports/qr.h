/*
 * qr.h - QR codes as SVG, for unit labels (`mcsched labels --qr DIR`).
 *
 * The only module that includes <qrencode.h> (libqrencode); it encodes the
 * text and draws the module matrix itself: one black path on a white
 * square, a quiet zone of four modules all round, one SVG user unit per
 * module, so the picture scales to any label size without blur.
 *
 * Memory: the matrix libqrencode returns is freed before returning;
 * nothing is kept.
 */
#ifndef MC_QR_H
#define MC_QR_H

#include "diag.h"

#include <stdio.h>

/* Modules of white border round the symbol (ISO/IEC 18004 asks for 4). */
#define MC_QR_QUIET 4

/* Writes text (a NUL-terminated byte string, e.g. a GS1 Digital Link URI)
 * as a QR code, error correction level M, to f as a standalone SVG
 * document.  Returns 0, or -1 with an MC_EINPUT message in d when the text
 * cannot be encoded (too long for any QR version) or f reports a write
 * error. */
int mc_qr_svg(const char *text, FILE *f, mc_diag *d);

/* The same QR code as a group inside another SVG document: a square of
 * size user units (quiet zone included) with its top left at (x, y). */
int mc_qr_svg_group(const char *text, double x, double y, double size, FILE *f,
		    mc_diag *d);

/* The version of libqrencode, as the library says at run time. */
const char *mc_qr_version(void);

#endif
