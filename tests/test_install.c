/*
 * test_install.c - mcsched as an operator installs it: the man pages
 * (clean under mandoc -Tlint, and saying what --help says: every option,
 * its text, the command's description), the bash completion (sourced in
 * bash and asked as the shell asks), `make install` / `make uninstall`
 * with DESTDIR and PREFIX into a temporary folder (the installed binary
 * plans the installed samples from another folder), and `make deb`
 * (unpacked with dpkg-deb -x into a temporary root, its binary run from
 * there, its control file read, lintian clean of errors).  Nothing
 * outside tests/tmp/ is touched.
 *
 * Each test installs the binary under test ($MCSCHED: INSTALL_BIN), so
 * no other build starts.  mandoc and lintian come with `make deps`
 * (DEB_PKGS); a test fails, saying so, when one is missing.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "support.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The command names, as `mcsched --help` lists them. */
static const char *const commands[] = {
    "plan",   "status",	 "publish", "whatif",  "check", "runs",
    "report", "compare", "export",  "resolve", "track", "actuals",
    "labels", "serve",	 "gen",	    "version", NULL};

/* A fresh folder under tests/tmp/, by its absolute path (the tests cd
 * elsewhere), malloc'ed. */
static char *tmpdir(const char *tag)
{
	char *rel = support_tmpdir(tag), *abs = realpath(rel, NULL);
	cr_assert_not_null(abs, "%s", rel);
	free(rel);
	return abs;
}

static void need(const char *tool)
{
	cr_assert_eq(support_sh("command -v %s >/dev/null 2>&1", tool), 0,
		     "%s is not installed: `make deps` installs it (DEB_PKGS "
		     "in the Makefile)",
		     tool);
}

/* `make TARGET ARGS` in the repository, out of the make that runs the
 * tests (its jobserver is not ours), output in dir/make.log. */
static void make_in_repo(const char *dir, const char *target, const char *args)
{
	cr_assert_eq(support_sh("cd .. && env -u MAKEFLAGS -u MFLAGS -u "
				"MAKELEVEL make --no-print-directory %s %s "
				"INSTALL_BIN=%s >%s/make.log 2>&1",
				target, args, support_bin(), dir),
		     0, "make %s failed: see %s/make.log", target, dir);
}

/* text with every run of white space one space, malloc'ed. */
static char *squeeze(const char *text)
{
	char *s = malloc(strlen(text) + 1), *o = s;
	cr_assert_not_null(s);
	for (const char *p = text; *p; p++) {
		int space = *p == ' ' || *p == '\n' || *p == '\t';
		if (space && (o == s || o[-1] == ' '))
			continue;
		*o++ = space ? ' ' : *p;
	}
	*o = 0;
	return s;
}

/* mandoc -Tascii's text without its overstrikes (bold is "X\bX",
 * underline "_\bX"): the characters a reader sees.  Works in place. */
static char *plain(char *text)
{
	cr_assert_not_null(text);
	char *o = text;
	for (const char *p = text; *p; p++) {
		if (p[1] == '\b' && p[2]) {
			p++; /* the next character is the one shown */
			continue;
		}
		*o++ = *p;
	}
	*o = 0;
	return text;
}

/* The help of the options of a --help text: each option line's text
 * (from column 26) with its continuation lines, one string each, into
 * v (at most n); returns the count. */
static int option_texts(const char *help, char **v, int n)
{
	int k = 0;
	for (const char *p = help; *p && k < n;) {
		size_t len = strcspn(p, "\n");
		if (len > 3 && p[0] == ' ' && p[1] == ' ' && p[2] == '-') {
			/* the option's text: beside it, or on the next line */
			char *t = calloc(1, 4096);
			const char *q = p;
			size_t tl = 0;
			for (int first = 1;; first = 0) {
				size_t ql = strcspn(q, "\n");
				if (!first &&
				    (ql < 26 || strncmp(q, "      ", 6)))
					break;
				if (ql > 26 && tl + ql < 4000) {
					memcpy(t + tl, q + 26, ql - 26);
					tl += ql - 26;
					t[tl++] = ' ';
				}
				q += ql + (q[ql] == '\n');
				if (!*q)
					break;
			}
			v[k++] = t;
			p = q;
			continue;
		}
		p += len + (p[len] == '\n');
	}
	return k;
}

Test(install, man_pages_are_the_help, .timeout = 120)
{
	need("mandoc");
	char *dir = tmpdir("install-man");
	cr_assert_eq(support_sh("%s help --man %s", support_bin(), dir), 0);
	cr_assert_eq(support_sh("cd %s && mandoc -Tlint -Wall *.1 "
				">lint.txt 2>&1",
				dir),
		     0, "mandoc -Tlint: see %s/lint.txt", dir);
	char *lint = support_read_in(dir, "lint.txt");
	cr_assert_str_empty(lint, "%s", lint);
	free(lint);
	/* mcsched(1) names every command and every exit status */
	cr_assert_eq(support_sh("mandoc -Tascii -O width=1000 %s/mcsched.1 "
				">%s/top.txt",
				dir, dir),
		     0);
	char *top = plain(support_read_in(dir, "top.txt"));
	for (int i = 0; commands[i]; i++) {
		char want[64];
		snprintf(want, sizeof(want), "mcsched-%s(1)", commands[i]);
		cr_expect_not_null(strstr(top, want), "%s", want);
	}
	cr_expect_not_null(strstr(top, "plan stored but kept back"), "%s", top);
	free(top);

	for (int i = 0; commands[i]; i++) {
		const char *c = commands[i];
		cr_assert_eq(support_sh("mandoc -Tascii -O width=1000 "
					"%s/mcsched-%s.1 >%s/%s.txt",
					dir, c, dir, c),
			     0);
		cr_assert_eq(support_run_in(dir, "%s --help", c), 0);
		char name[64];
		snprintf(name, sizeof(name), "%s.txt", c);
		char *page = plain(support_read_in(dir, name));
		char *help = support_read_in(dir, "out.txt");
		char *sp = squeeze(page);
		/* the usage line, the description, every option's text */
		const char *usage = help + strlen("usage: mcsched ");
		char *u = strndup(usage, strcspn(usage, "\n"));
		char *su = squeeze(u);
		cr_expect_not_null(strstr(sp, su), "%s: no usage '%s'", c, su);
		const char *about = strstr(help, "\n\n") + 2;
		char *first = strndup(about, strcspn(about, "\n"));
		char *sf = squeeze(first);
		cr_expect_not_null(strstr(sp, sf), "%s: no '%s' in\n%s", c, sf,
				   sp);
		char *texts[64];
		int n = option_texts(help, texts, 64);
		for (int k = 0; k < n; k++) {
			char *st = squeeze(texts[k]);
			if (*st && st[strlen(st) - 1] == ' ')
				st[strlen(st) - 1] = 0;
			cr_expect_not_null(strstr(sp, st),
					   "mcsched-%s(1) lacks '%s'", c, st);
			free(st);
			free(texts[k]);
		}
		/* as many options as --help shows, no more */
		int options = 0;
		for (const char *p = page; (p = strstr(p, "\n       --")); p++)
			options++;
		for (const char *p = page; (p = strstr(p, "\n       -")); p++)
			if (p[9] != '-')
				options++;
		cr_expect_eq(options, n, "mcsched-%s(1): %d options, --help %d",
			     c, options, n);
		free(sf);
		free(first);
		free(su);
		free(u);
		free(sp);
		free(help);
		free(page);
	}
	free(dir);
}

/* The folder of the binary under test (it is called mcsched there), for
 * PATH: the completion asks `mcsched runs` for run ids. */
static char *bin_dir(void)
{
	char *d = strdup(support_bin());
	char *slash = strrchr(d, '/');
	cr_assert_not_null(slash, "%s", d);
	*slash = 0;
	return d;
}

/* The completions bash offers for the words of a line (the last one
 * being completed), cwd dir, space-separated. */
static char *complete(const char *dir, const char *script, const char *line)
{
	char *bin = bin_dir();
	cr_assert_eq(support_sh("cd %s && PATH=%s:$PATH bash -c '"
				"source %s; COMP_WORDS=(%s); "
				"COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
				"_mcsched; echo \"${COMPREPLY[*]}\"' "
				">%s/reply 2>&1",
				dir, bin, script, line, dir),
		     0, "%s", line);
	free(bin);
	char *r = support_read_in(dir, "reply");
	r[strcspn(r, "\n")] = 0;
	return r;
}

Test(install, bash_completion, .timeout = 120)
{
	char *dir = tmpdir("install-completion");
	char *script = support_path(dir, "mcsched.bash");
	cr_assert_eq(support_sh("%s help --bash-completion >%s && bash -n %s",
				support_bin(), script, script),
		     0);
	char *db = support_plan_samples(dir);
	cr_assert_eq(
	    support_run_in(dir, "plan -q ../data/samples/job.yaml --db %s", db),
	    0);
	free(support_write(dir, "orders-extra.yaml", "orders: []\n"));
	const struct {
		const char *line, *want;
	} cases[] = {
	    /* commands */
	    {"mcsched pl", "plan"},
	    {"mcsched \"\"",
	     "plan status publish whatif check runs report "
	     "compare export resolve track actuals labels promise "
	     "promises serve store "
	     "gen version help --help --version"},
	    /* a command's options, and an option's choices */
	    {"mcsched serve --acc", "--access-log"},
	    {"mcsched plan --log-format \"\"", "text json"},
	    {"mcsched report --format x", "xlsx"},
	    {"mcsched runs \"\"", "prune"},
	    /* run ids of the store --db names */
	    {"mcsched report --db mc.db \"\"", "1 2 latest published"},
	    {"mcsched whatif --db mc.db --base \"\"", "1 2 latest published"},
	    /* file names where a path goes */
	    {"mcsched plan --orders orders-e", "orders-extra.yaml"},
	    {"mcsched actuals orders-", "orders-extra.yaml"},
	    /* nothing for a number */
	    {"mcsched plan --frozen-days \"\"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *r = complete(dir, script, cases[i].line);
		cr_expect_str_eq(r, cases[i].want, "%s", cases[i].line);
		free(r);
	}
	free(db);
	free(script);
	free(dir);
}

Test(install, make_install_and_uninstall, .timeout = 180)
{
	need("mandoc");
	char *dir = tmpdir("install-destdir");
	char args[1200];
	snprintf(args, sizeof(args), "DESTDIR=%s/root PREFIX=/opt/mc", dir);
	make_in_repo(dir, "install", args);
	const char *files[] = {"bin/mcsched",
			       "share/man/man1/mcsched.1",
			       "share/man/man1/mcsched-plan.1",
			       "share/man/man1/mcsched-serve.1",
			       "share/bash-completion/completions/mcsched",
			       "share/mcsched/samples/job.yaml",
			       "share/mcsched/samples/scenarios/line-down.yaml",
			       "share/mcsched/samples/floor/2026-11-25.csv",
			       "share/mcsched/contrib/crontab",
			       "share/mcsched/contrib/mcsched-plan.service",
			       "share/mcsched/contrib/mcsched-plan.timer"};
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		cr_expect_eq(
		    support_sh("test -f %s/root/opt/mc/%s", dir, files[i]), 0,
		    "not installed: %s", files[i]);
	cr_assert_eq(support_sh("test -x %s/root/opt/mc/bin/mcsched", dir), 0);
	/* contrib's units call the installed binary */
	cr_assert_eq(support_sh("grep -q 'ExecStart=/opt/mc/bin/mcsched plan' "
				"%s/root/opt/mc/share/mcsched/contrib/"
				"mcsched-plan.service",
				dir),
		     0);
	cr_assert_neq(support_sh("grep -rq /usr/local %s/root/opt/mc/share/"
				 "mcsched/contrib",
				 dir),
		      0);
	/* the installed man page is one man reads */
	cr_assert_eq(support_sh("mandoc -Tlint %s/root/opt/mc/share/man/man1/"
				"mcsched-plan.1",
				dir),
		     0);
	/* the installed binary plans the installed samples from another
	 * folder */
	cr_assert_eq(support_sh("mkdir -p %s/elsewhere && cd %s/elsewhere && "
				"../root/opt/mc/bin/mcsched plan -q "
				"%s/root/opt/mc/share/mcsched/samples/job.yaml "
				"--db night.db && "
				"../root/opt/mc/bin/mcsched runs --db night.db "
				">runs.txt",
				dir, dir, dir),
		     0);
	char *runs = support_read_in(dir, "elsewhere/runs.txt");
	cr_assert_not_null(strstr(runs, "published"), "%s", runs);
	free(runs);
	/* uninstall leaves no file behind */
	make_in_repo(dir, "uninstall", args);
	cr_assert_eq(support_sh("test -z \"$(find %s/root -type f)\"", dir), 0,
		     "left after uninstall: see find %s/root", dir);
	free(dir);
}

Test(install, debian_package, .timeout = 300)
{
	need("dpkg-deb");
	need("lintian");
	need("mandoc");
	char *dir = tmpdir("install-deb");
	char args[1200], *version = support_read("../VERSION"), deb[600];
	cr_assert_not_null(version);
	version[strcspn(version, "\n")] = 0;
	snprintf(args, sizeof(args), "DEB_OUT=%s", dir);
	make_in_repo(dir, "deb", args);
	snprintf(deb, sizeof(deb), "%s/mcsched_%s_amd64.deb", dir, version);
	cr_assert_eq(support_sh("test -f %s", deb), 0, "no %s", deb);

	/* the control file: the version, runtime libraries, no -dev */
	cr_assert_eq(support_sh("dpkg-deb -f %s >%s/control", deb, dir), 0);
	char *control = support_read_in(dir, "control");
	char want[200];
	snprintf(want, sizeof(want), "\nVersion: %s\n", version);
	cr_assert_not_null(strstr(control, "Package: mcsched\n"), "%s",
			   control);
	cr_assert_not_null(strstr(control, want), "%s", control);
	cr_assert_not_null(strstr(control, "\nArchitecture: amd64\n"), "%s",
			   control);
	const char *depends = strstr(control, "\nDepends: ");
	cr_assert_not_null(depends, "%s", control);
	char *line = strndup(depends + 1, strcspn(depends + 1, "\n"));
	const char *libs[] = {"adduser",       "libc6",	     "libglpk",
			      "coinor-libclp", "libsqlite3", "libyaml",
			      "libmicrohttpd"};
	for (size_t i = 0; i < sizeof(libs) / sizeof(*libs); i++)
		cr_expect_not_null(strstr(line, libs[i]), "%s", line);
	cr_expect_null(strstr(line, "-dev"), "%s", line);
	free(line);
	free(control);

	/* unpacked into a temporary root: the binary runs the samples */
	cr_assert_eq(support_sh("dpkg-deb -x %s %s/root", deb, dir), 0);
	cr_assert_eq(support_sh("mkdir -p %s/work && cd %s/work && "
				"../root/usr/bin/mcsched --version >v.txt && "
				"../root/usr/bin/mcsched plan -q "
				"../root/usr/share/mcsched/samples/job.yaml "
				"--db night.db --log-format json 2>log.json && "
				"../root/usr/bin/mcsched status --db night.db "
				">status.txt",
				dir, dir),
		     0, "the unpacked binary failed: see %s/work", dir);
	char *v = support_read_in(dir, "work/v.txt");
	snprintf(want, sizeof(want), "mcsched %s", version);
	cr_assert_eq(strncmp(v, want, strlen(want)), 0, "%s", v);
	free(v);
	/* the units: installed, disabled (no symlink in a .wants), run as
	 * the mcsched user on /var/lib/mcsched */
	const char *units[] = {"mcsched-plan.service", "mcsched-plan.timer",
			       "mcsched-serve.service"};
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		cr_expect_eq(support_sh("test -f %s/root/lib/systemd/system/%s",
					dir, units[i]),
			     0, "%s", units[i]);
	cr_expect_eq(
	    support_sh("test -z \"$(find %s/root -name '*.wants')\"", dir), 0,
	    "a unit is enabled in the package");
	cr_expect_eq(support_sh("grep -q '^User=mcsched' %s/root/lib/systemd/"
				"system/mcsched-plan.service && grep -q "
				"'/var/lib/mcsched/mcsched.db' %s/root/lib/"
				"systemd/system/mcsched-serve.service",
				dir, dir),
		     0);
	cr_expect_eq(support_sh("test -f %s/root/usr/share/man/man1/"
				"mcsched-plan.1.gz && test -f %s/root/usr/"
				"share/bash-completion/completions/mcsched && "
				"test -f %s/root/etc/mcsched/job.yaml",
				dir, dir, dir),
		     0);
	/* postinst makes the user and the store's folder */
	cr_assert_eq(support_sh("dpkg-deb -e %s %s/DEBIAN && grep -q "
				"'adduser --system' %s/DEBIAN/postinst && "
				"grep -q /var/lib/mcsched %s/DEBIAN/postinst",
				deb, dir, dir, dir),
		     0);

	/* lintian: no error (E:) */
	support_sh("lintian %s >%s/lintian.txt 2>&1", deb, dir);
	char *lint = support_read_in(dir, "lintian.txt");
	cr_assert_null(strstr(lint, "\nE: "), "%s", lint);
	cr_assert_neq(strncmp(lint, "E: ", 3), 0, "%s", lint);
	free(lint);
	free(version);
	free(dir);
}
