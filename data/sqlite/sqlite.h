/*
 * sqlite.h - what the files of the SQLite store (data/sqlite/) share
 * besides the SQL store's own (data/sql/store_impl.h): the operations on
 * its location, each as its mc_store_<op> namesake (store.h).  Private to
 * data/sqlite/, whose files are the only ones that include <sqlite3.h>.
 */
#ifndef MC_SQLITE_H
#define MC_SQLITE_H

#include "store_impl.h"

#include <sqlite3.h>

int sq_exists(const char *loc);
int sq_open(const char *loc, enum mc_store_mode mode, void **h, mc_diag *d);
int sq_stale(void *h);
/* lock.c: the database's files */
int sq_owns_path(const char *loc, const char *path);
long long sq_bytes(const char *loc);
int sq_lock(const char *loc, double wait, void **lock, mc_diag *d);
void sq_unlock(void *lock);

#endif
