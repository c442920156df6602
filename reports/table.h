/*
 * table.h - aligned text tables for the terminal reports, and the display
 * width of UTF-8 text (CJK characters take two columns).
 *
 * A table collects rows of cells (copied onto the heap) and prints them with
 * every column as wide as its widest cell, two spaces between columns, a
 * title row and a rule of dashes.  The last column is never padded, so lines
 * carry no trailing blanks.  mc_table_new() pairs with mc_table_free().
 */
#ifndef MC_TABLE_H
#define MC_TABLE_H

#include <stddef.h>
#include <stdio.h>

/* Terminal columns UTF-8 text s occupies: East Asian wide and fullwidth
 * characters count 2, combining marks and controls 0, the rest 1.  Invalid
 * bytes count 1 each. */
int mc_table_width(const char *s);

/* Writes s to f padded with spaces to width w (left-aligned when right is
 * 0).  Text wider than w is written whole. */
void mc_table_pad(FILE *f, const char *s, int w, int right);

/* Copies s into buf (size n), cut at a character boundary with "..." when
 * it is wider than w columns.  Returns buf. */
char *mc_table_fit(char *buf, size_t n, const char *s, int w);

typedef struct mc_table mc_table;

enum { MC_LEFT = 0, MC_RIGHT = 1 };

/* A table of ncols columns.  Never NULL. */
mc_table *mc_table_new(int ncols);
void mc_table_free(mc_table *t); /* accepts NULL */

/* Sets column c's title, alignment (MC_LEFT / MC_RIGHT) and the widest it
 * may get (0 = no limit; wider cells are cut with "..."). */
void mc_table_col(mc_table *t, int c, const char *title, int align, int maxw);

/* Lets column c give way, down to minw columns, when a line would be
 * wider than mc_table_width_max() allows: its cells are then cut with
 * "..." (the widest such column gives first). */
void mc_table_flex(mc_table *t, int c, int minw);
/* The widest line the table may print, its indent included (0, the
 * default: no limit).  Only the columns that give way narrow. */
void mc_table_width_max(mc_table *t, int width);

/* Appends a cell to the current row; a row is complete after ncols cells.
 * NULL fmt gives an empty cell. */
void mc_table_cell(mc_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A line of text under the last complete row, from its second column
 * (cut to the table's widest line when it has one). */
void mc_table_note(mc_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the title row, a rule, and every row, each line indented by
 * indent spaces. */
void mc_table_print(const mc_table *t, FILE *f, int indent);

#endif
