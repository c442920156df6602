/*
 * actuals.h - the factory floor's report of what happened to units: the
 * CSV file `mcsched actuals FILE` reads (docs/inputs.md, "actuals.csv").
 *
 *   identifier,status,date
 *   88.999.1/AC.09521234300014.000000000001.J,released,2026-11-26
 *
 * The header is required and exact (surrounding spaces allowed); rows
 * follow, one a line.  A UTF-8 byte order mark, CRLF line ends, blank
 * lines and double-quoted fields ("" for a quote inside) are accepted.
 * Each row's identifier is well formed (mc_id_parse(), check character
 * included), its status one of the floor statuses below and its date a
 * real date within MC_DATE_MIN..MC_DATE_MAX.  Whether the unit exists and
 * the status may follow its last one is for the store to say
 * (mc_store_record_actuals()).
 *
 * Errors are MC_EINPUT messages at file:line:column (columns count
 * characters, 1-based, after a byte order mark); every row is checked, so
 * one load reports every mistake of the file (the diag keeps the first
 * MC_DIAG_KEEP and counts the rest).  A wrong header is reported alone:
 * the rows cannot be read without it.  A line longer than
 * MC_ACTUALS_MAX_LINE bytes is an error at its column 1.
 *
 * Memory: the rows and their text are allocated from the caller's arena;
 * besides them a load keeps one line at a time, however long the file
 * and however many of its rows are bad (no row is kept once one is).
 */
#ifndef MC_ACTUALS_H
#define MC_ACTUALS_H

#include "arena.h"
#include "diag.h"

#include <stddef.h>

/* The largest actuals file read (as for the YAML inputs), and its
 * longest line (a row is some 60 bytes): a longer one is an error. */
#define MC_ACTUALS_MAX_BYTES (256LL << 20)
#define MC_ACTUALS_MAX_LINE  4096

/* A unit's life on the floor, in the order it goes through it: released <
 * produced < shipped; scrapped may end it at any point before shipped. */
enum mc_life {
	MC_LIFE_RELEASED,
	MC_LIFE_PRODUCED,
	MC_LIFE_SHIPPED,
	MC_LIFE_SCRAPPED,
	MC_LIFE_COUNT
};

/* "released", "produced", "shipped", "scrapped"; NULL out of range. */
const char *mc_life_name(int life);
/* The enum mc_life of name, or -1 when it is none of them. */
int mc_life_parse(const char *name);

/* One row of the file, with where each of its fields starts. */
typedef struct mc_actual {
	const char *identifier;
	int status;			  /* enum mc_life */
	int day;			  /* day number (date.h) */
	const char *date;		  /* the date as written, YYYY-MM-DD */
	int line;			  /* 1-based line of the row */
	int col_id, col_status, col_date; /* 1-based columns */
} mc_actual;

/* A parsed file. */
typedef struct mc_actuals {
	const char *path; /* as given: messages and the store name it */
	mc_actual *rows;  /* in file order */
	int nrows;
} mc_actuals;

/* Reads the regular file at path (at most MC_ACTUALS_MAX_BYTES) and
 * parses it into *out.  Returns 0, or -1 with every error in d (class
 * MC_EINPUT); *out then holds no rows. */
int mc_actuals_load(const char *path, mc_arena *a, mc_actuals *out, mc_diag *d);

/* The same for the len bytes at buf (which need no NUL), read from a file
 * named path (for messages). */
int mc_actuals_parse(const char *path, const char *buf, size_t len, mc_arena *a,
		     mc_actuals *out, mc_diag *d);

#endif
