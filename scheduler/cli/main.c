/*
 * main.c - the mcsched command line: finds the command (commands.c), runs
 * it, prints what the modules reported and exits with the status of
 * mc_exits (0 ok, 1 usage, 2 bad input, 3 no plan, 4 store error, 5 plan
 * stored but kept back).  The one file that prints diagnostics and exits.
 */
#include "cli.h"
#include "cmd.h"
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Flushes and closes standard output.  A write that failed on the way (a
 * full disk, /dev/full) leaves stdio's error flag, and the last buffer
 * fails here: either is an error (MC_EINPUT, exit 2), never output lost
 * with exit 0. */
static int close_stdout(mc_diag *d)
{
	int bad = ferror(stdout) != 0, err = 0;
	errno = 0;
	if (fflush(stdout) != 0) {
		bad = 1;
		err = errno;
	}
	if (fclose(stdout) != 0 && !bad) {
		bad = 1;
		err = errno;
	}
	if (!bad)
		return 0;
	return mc_diag_error(d, MC_EINPUT,
			     "unable to write standard output: %s",
			     err ? strerror(err) : "an earlier write failed");
}

/* Runs the command of argv; its exit status.  Not listed, for the
 * Makefile: `mcsched help --markdown` writes docs/reference.md, `help
 * --man DIR` the man pages, `help --bash-completion` the completion. */
static int run(int argc, char **argv, mc_diag *d)
{
	if (argc < 2) {
		mc_help_top(stderr);
		return MC_EUSAGE;
	}
	if (argc == 3 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "--markdown") == 0) {
		mc_help_markdown(stdout);
		return MC_OK;
	}
	if (argc == 3 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "--bash-completion") == 0) {
		mc_help_bash_completion(stdout);
		return MC_OK;
	}
	if (argc == 4 && strcmp(argv[1], "help") == 0 &&
	    strcmp(argv[2], "--man") == 0) {
		if (mc_help_man(argv[3], mc_cmd_release(),
				mc_cmd_release_date(), d) == 0)
			return MC_OK;
		mc_diag_print(d, stderr, 1);
		return d->status;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		mc_help_top(stdout);
		return MC_OK;
	}
	/* --version and -V are the version command */
	int v = strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0;
	const mc_command *cmd = mc_command_named(v ? "version" : argv[1]);
	if (!cmd) {
		const char *names[64];
		int n = 0;
		while (mc_commands[n] && n < 64) {
			names[n] = mc_commands[n]->name;
			n++;
		}
		const char *s = mc_diag_suggest(argv[1], names, n);
		if (s) { /* a typo: the hint alone, not every usage line */
			fprintf(stderr,
				"mcsched: unknown command '%s' (did you mean "
				"'%s'?)\nusage: mcsched ",
				argv[1], s);
			mc_help_usage(mc_command_named(s), stderr);
			fputc('\n', stderr);
			return MC_EUSAGE;
		}
		fprintf(stderr, "mcsched: unknown command '%s'\n", argv[1]);
		mc_help_top(stderr);
		return MC_EUSAGE;
	}
	int rc = mc_cli_run(cmd, argc - 2, argv + 2, d);
	if (rc == 0)
		return MC_OK;
	if (rc > 0) /* a command's own status, not an error (plan: 5) */
		return rc;
	int status = d->status == MC_OK ? MC_ENOPLAN : d->status;
	mc_diag_print(d, stderr, 1);
	mc_diag_clear(d);
	if (status == MC_EUSAGE) {
		fputs("usage: mcsched ", stderr);
		mc_help_usage(cmd, stderr);
		fputc('\n', stderr);
	}
	return status;
}

int main(int argc, char **argv)
{
	mc_diag d = MC_DIAG_INIT;
	int status = run(argc, argv, &d);
	/* every command's output, whatever it is, is checked here once */
	if (close_stdout(&d) < 0) {
		mc_diag_print(&d, stderr, 0);
		if (status == MC_OK)
			status = MC_EINPUT;
	}
	mc_diag_release(&d);
	mc_session_shutdown();
	return status;
}
