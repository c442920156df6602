/*
 * date.h - civil dates as day numbers.
 *
 * A date is an int counting days since 1970-01-01 (proleptic Gregorian), so
 * date arithmetic is integer arithmetic.  Text form is ISO YYYY-MM-DD.
 */
#ifndef MC_DATE_H
#define MC_DATE_H

/* Sane bounds for any date in an input file: 2000-01-01 .. 2099-12-31
 * (day 47482 is 2100-01-01).  With these and the bounds of load.h every
 * day sum the planner forms (a date plus horizon, transit or lateness
 * days) stays below 60,000: int day arithmetic cannot overflow. */
#define MC_DATE_MIN 10957
#define MC_DATE_MAX 47481

/* Parses exactly "YYYY-MM-DD" (a real calendar day) into *out.
 * Returns 0, or -1 and leaves *out unchanged. */
int mc_date_parse(const char *s, int *out);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes); returns buf. */
char *mc_date_format(int day, char *buf);
/* Day of week, 0 = Monday .. 6 = Sunday. */
int mc_date_weekday(int day);
/* Days from ISO date from to ISO date to (negative when to is earlier),
 * or 0 when either is NULL or not a date. */
int mc_date_between(const char *from, const char *to);
/* Day number of a civil date (no validation). */
int mc_date_from_civil(int y, int m, int d);

#endif
