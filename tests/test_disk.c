/*
 * test_disk.c - commands and the store as they meet the disk: commands
 * that only read work where they may not write (a folder without write
 * permission, a read-only file system, a full disk) and leave nothing
 * there; every command's output is checked to its last byte (standard
 * output on /dev/full or a full disk is exit 2, never output lost with
 * exit 0), and --out on a full disk leaves the old file whole.
 *
 * How: the user without write permission is nobody, by setpriv(1) (the
 * tests run as root in CI); the read-only file system is a read-only bind
 * mount and the full disk a 2 MB tmpfs filled up, each in a mount
 * namespace of its own (unshare -m), gone when the test's shell exits.
 * Where this machine allows neither (not root, or no unshare), those
 * tests are skipped and say so.
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include "support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The binary under test, as an absolute path (it runs elsewhere). */
static char *bin_path(void)
{
	char *p = realpath(support_bin(), NULL);
	cr_assert_not_null(p, "no %s", support_bin());
	return p;
}

/* The samples planned into dir/db/s.db, dir a fresh directory (tag):
 * returns dir's absolute path (malloc'ed), with the database's in *db.
 * The folder db holds nothing else. */
static char *planned(const char *tag, char **db)
{
	char *dir = support_tmpdir(tag);
	char *rel = support_plan_samples(dir);
	cr_assert_eq(
	    support_sh("mkdir %s/db && mv %s %s/db/s.db", dir, rel, dir), 0);
	free(rel);
	char *abs = realpath(dir, NULL);
	free(dir);
	size_t n = strlen(abs) + 10;
	*db = malloc(n);
	snprintf(*db, n, "%s/db/s.db", abs);
	return abs;
}

/* tmpl with {DB} replaced by db, into out of size n. */
static void with_db(const char *tmpl, const char *db, char *out, size_t n)
{
	const char *at = strstr(tmpl, "{DB}");
	if (!at)
		snprintf(out, n, "%s", tmpl);
	else
		snprintf(out, n, "%.*s%s%s", (int)(at - tmpl), tmpl, db,
			 at + 4);
}

/* The commands that only read, on database {DB}, each with the words its
 * output must hold (a run, a unit, an order of the samples). */
static const struct {
	const char *args, *words;
} readers[] = {
    {"runs --db {DB}", "published plan"},
    {"runs --db {DB} --format json", "\"kind\": \"plan\""},
    {"report 1 --db {DB}", "MCSCHED PLAN RUN 1"},
    {"report latest --db {DB} --format json", "\"run\""},
    {"compare 1 1 --db {DB}", "1"},
    {"labels 1 --db {DB}", "SO-20261028-0001"},
    {"resolve '(01)09521234200017(21)000000000001' --db {DB}",
     "\"responseCode\": 1"},
    {"track SO-20261028-0001 --db {DB}", "order SO-20261028-0001"},
};
#define NREADERS ((int)(sizeof(readers) / sizeof(*readers)))

/* Writes the shell script dir/readers.sh, which runs every reader on db
 * by the command mc (the binary, or it as another user) and writes each's
 * status and whether its output holds its words into dir/readers.log, a
 * line each. */
static void readers_script(const char *dir, const char *mc, const char *db)
{
	char *path = support_path(dir, "readers.sh");
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "log=%s/readers.log\n: >$log\n", dir);
	for (int i = 0; i < NREADERS; i++) {
		char args[600];
		with_db(readers[i].args, db, args, sizeof(args));
		fprintf(f,
			"%s %s >$log.out 2>$log.err\n"
			"echo \"%d $? $(grep -c -F '%s' $log.out) "
			"$(head -c 200 $log.err | tr '\\n' ' ')\" >>$log\n",
			mc, args, i, readers[i].words);
	}
	fclose(f);
	free(path);
}

/* Checks the log readers_script() wrote: every reader exit 0 with its
 * words in its output. */
static void readers_ok(const char *dir, const char *where)
{
	char *text = support_read_in(dir, "readers.log");
	cr_assert_not_null(text, "%s: no readers.log in %s", where, dir);
	const char *line = text;
	for (int i = 0; i < NREADERS; i++) {
		int k, st, words;
		char err[300] = "";
		cr_assert_geq(
		    sscanf(line, "%d %d %d %299[^\n]", &k, &st, &words, err), 3,
		    "%s: %s", where, text);
		cr_assert_eq(st, 0, "%s: mcsched %s: exit %d: %s", where,
			     readers[i].args, st, err);
		cr_assert_gt(words, 0, "%s: mcsched %s: no '%s'", where,
			     readers[i].args, readers[i].words);
		line = strchr(line, '\n');
		cr_assert_not_null(line);
		line++;
	}
	free(text);
}

/* 1 when this machine lets the tests make mount namespaces (root, and
 * unshare allowed). */
static int can_mount(void)
{
	return geteuid() == 0 && support_sh("unshare -m true 2>/dev/null") == 0;
}

/* As nobody, in a folder nobody may not write: every reader works and
 * leaves nothing behind; serve starts and answers. */
Test(disk, readers_without_write_permission, .timeout = 240)
{
	if (geteuid() != 0 || support_sh("command -v setpriv >/dev/null"))
		cr_skip_test("needs root and setpriv to run as nobody");
	char *db, *dir = planned("disk-perm", &db), *bin = bin_path();
	char mc[1200];
	snprintf(mc, sizeof(mc),
		 "setpriv --reuid=nobody --regid=nogroup --clear-groups %s",
		 bin);
	cr_assert_eq(support_sh("chmod 755 %s && chmod 644 %s && chmod 555 "
				"%s/db",
				dir, db, dir),
		     0);
	readers_script(dir, mc, db);
	cr_assert_eq(support_sh("sh %s/readers.sh", dir), 0);
	readers_ok(dir, "as nobody, the folder read-only");
	/* nothing new in the folder: no -wal, no -shm */
	cr_assert_eq(support_sh("test \"$(ls %s/db)\" = s.db", dir), 0,
		     "a reader left a file in the folder");
	/* serve, as nobody: it starts and answers */
	cr_assert_eq(support_sh("cd %s && (%s serve --db %s --listen "
				"127.0.0.1:0 >serve.log 2>&1 & echo $! >pid) "
				"&& for i in $(seq 200); do grep -q "
				"listening serve.log && break; sleep 0.1; "
				"done; port=$(sed -n "
				"'s|.*127.0.0.1:\\([0-9]*\\)/.*|\\1|p' "
				"serve.log); curl -s --max-time 60 -o body "
				"-w '%%{http_code}' "
				"http://127.0.0.1:$port/healthz >code; "
				"kill -TERM $(cat pid)",
				dir, mc, db),
		     0);
	char *code = support_read_in(dir, "code");
	cr_assert_not_null(code);
	cr_assert_str_eq(code, "200", "serve as nobody: see %s/serve.log", dir);
	free(code);
	cr_assert_eq(support_sh("chmod 755 %s/db", dir), 0);
	free(bin);
	free(db);
	free(dir);
}

/* On a read-only file system (a read-only bind mount of the folder):
 * every reader works. */
Test(disk, readers_on_a_read_only_file_system, .timeout = 240)
{
	if (!can_mount())
		cr_skip_test("needs root and unshare -m for a read-only "
			     "bind mount");
	char *db, *dir = planned("disk-ro", &db), *bin = bin_path();
	readers_script(dir, bin, db);
	cr_assert_eq(support_sh("unshare -m sh -c 'mount --bind %s/db %s/db "
				"&& mount -o remount,ro,bind %s/db && ! touch "
				"%s/db/x 2>/dev/null && sh %s/readers.sh'",
				dir, dir, dir, dir, dir),
		     0);
	readers_ok(dir, "on a read-only file system");
	free(bin);
	free(db);
	free(dir);
}

/* On a full disk (a 2 MB tmpfs filled up): every reader works; writing
 * standard output there, and a --out file, is exit 2, and --out leaves
 * the file it would replace as it was, with no temporary file. */
Test(disk, full_disk, .timeout = 240)
{
	if (!can_mount())
		cr_skip_test("needs root and unshare -m for a small tmpfs");
	char *db, *dir = planned("disk-full", &db), *bin = bin_path();
	char full[600];
	snprintf(full, sizeof(full), "%s/full/s.db", dir);
	readers_script(dir, bin, full);
	cr_assert_eq(support_sh("cd %s && mkdir full && unshare -m sh -c '"
				"mount -t tmpfs -o size=2m tmpfs full && cp "
				"%s full/ && echo old >full/old.csv && "
				"(dd if=/dev/zero of=full/fill bs=4k "
				"2>/dev/null; true) && sh readers.sh; "
				"%s labels 1 --db full/s.db --out "
				"full/old.csv 2>out.err; echo $? >out.st; "
				"cat full/old.csv >old.now; ls full "
				">files.now; "
				"%s labels 1 --db full/s.db >full/new.csv "
				"2>stdout.err; echo $? >stdout.st'",
				dir, db, bin, bin),
		     0);
	readers_ok(dir, "on a full disk");
	char *st = support_read_in(dir, "out.st");
	char *err = support_read_in(dir, "out.err");
	cr_assert_str_eq(st, "2\n", "labels --out on a full disk: %s", err);
	cr_assert_not_null(strstr(err, "unable to write 'full/old.csv': No "
				       "space left on device"),
			   "%s", err);
	free(st);
	free(err);
	char *old = support_read_in(dir, "old.now");
	cr_assert_str_eq(old, "old\n", "the old file was not kept");
	free(old);
	char *files = support_read_in(dir, "files.now");
	cr_assert_null(strstr(files, "tmp"), "a temporary file is left: %s",
		       files);
	free(files);
	st = support_read_in(dir, "stdout.st");
	err = support_read_in(dir, "stdout.err");
	cr_assert_str_eq(st, "2\n", "labels > a full disk: %s", err);
	cr_assert_not_null(
	    strstr(err, "unable to write standard output: No space left"), "%s",
	    err);
	free(st);
	free(err);
	free(bin);
	free(db);
	free(dir);
}

/* Every command's standard output is checked to its last byte: to
 * /dev/full each is exit 2 with a message, never exit 0. */
Test(disk, output_to_dev_full, .timeout = 240)
{
	char *db, *dir = planned("disk-devfull", &db);
	static const char *const cmds[] = {
	    "runs --db {DB}",
	    "runs --db {DB} --format json",
	    "report 1 --db {DB}",
	    "report 1 --db {DB} --format csv",
	    "compare 1 1 --db {DB}",
	    "labels 1 --db {DB}",
	    "labels 1 --db {DB} --format zpl",
	    "resolve '(01)09521234200017(21)000000000001' --db {DB}",
	    "track SO-20261028-0001 --db {DB}",
	    "runs --help",
	    "check ../data/samples/job.yaml",
	    /* forked workers print their scenarios, and check it */
	    "whatif --base 1 --jobs 2 --db {DB} "
	    "../data/samples/scenarios/line-down.yaml "
	    "../data/samples/scenarios/overtime.yaml",
	};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		char args[600];
		with_db(cmds[i], db, args, sizeof(args));
		cr_assert_eq(support_sh("%s %s >/dev/full 2>%s/err",
					support_bin(), args, dir),
			     2, "mcsched %s > /dev/full", args);
		char *err = support_read_in(dir, "err");
		cr_assert_not_null(strstr(err, "unable to write"),
				   "mcsched %s: %s", args, err);
		free(err);
	}
	free(db);
	free(dir);
}
