/*
 * xlsx.h - the report of a run as an Excel workbook (.xlsx) with the sheets
 * Summary, Plan, Late, Unmet, Night, Utilization, Capacity, Bottlenecks,
 * Materials and Dispatch (see xlsx.c).
 * The only module that uses libxlsxwriter.
 */
#ifndef MC_XLSX_H
#define MC_XLSX_H

#include "diag.h"
#include "store.h"

/* Writes the workbook of run v to the file path (created or truncated;
 * mc_report_save() hands a temporary name that it then renames).  Returns
 * 0, or -1 with an MC_EINPUT message in d. */
int mc_xlsx_write(const mc_run_view *v, const char *path, mc_diag *d);

/* The version of libxlsxwriter, as the library says at run time. */
const char *mc_xlsx_version(void);

#endif
