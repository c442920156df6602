/*
 * cli.h - the commands of mcsched as data, and the option parser they
 * share.  A command is a row (mc_command): its name, what it runs, its
 * positional arguments, its options (mc_setting rows: the plan settings
 * of settings.h it shares, and its own) and its help text.  --help, the
 * top-level usage and docs/reference.md are generated from these rows
 * (help.c); so can man pages and shell completion be.
 */
#ifndef MC_CLI_H
#define MC_CLI_H

#include "diag.h"
#include "settings.h"

#include <stdio.h>

/* A macro's value as a string literal, for help texts: MC_STR(MC_X). */
#define MC_STR_(x) #x
#define MC_STR(x)  MC_STR_(x)

/* A positional argument. */
typedef struct mc_arg {
	const char *name; /* as usage shows it: "RUN", "job.yaml" */
	int type;	  /* MC_OPT_STR, or MC_OPT_PATH for a file */
	int optional;	  /* 1: may be left out */
	int repeat;	  /* 1: may be given again (up to the command's
			   * maxpos positionals in all) */
} mc_arg;

typedef struct mc_command mc_command;
/* A command's line, parsed (cmd.h). */
typedef struct mc_call mc_call;

struct mc_command {
	const char *name;
	const char *summary; /* one line: what it is for (man page NAME,
			      * apropos) */
	/* runs it on its parsed line: 0 ok, -1 with the reason in d, or an
	 * exit status of its own (> 0) that is not an error */
	int (*run)(const mc_call *x, mc_diag *d);
	const mc_arg *args;	       /* {0}-terminated */
	int maxpos;		       /* positionals it takes at most */
	const mc_setting *const *opts; /* NULL-terminated */
	const char *about;	       /* what it does: lines of text before the
					* options, each ending in '\n' */
	const char *more; /* after the options (or NULL): notes, its exit
			   * statuses */
};

/* The commands, in the order usage lists them (commands.c). */
extern const mc_command *const mc_commands[];
/* The command named name, or NULL. */
const mc_command *mc_command_named(const char *name);

/* One exit status of mcsched and what it means. */
typedef struct mc_exit {
	int status;
	const char *meaning;
} mc_exit;
/* Every exit status, {0, NULL}-terminated. */
extern const mc_exit mc_exits[];

/*
 * Parses argv[0..argc) against c's options.  Options may appear anywhere;
 * "--" ends them.  Every option first gets its default (settings.h): a
 * plan setting in *set (mc_settings_init(); each one given gets its bit
 * in set->given), another in *own (the command's struct, at the row's
 * offset; NULL when c has none).  Positional arguments are collected in
 * pos (at most c->maxpos, the count in *npos).  "--help" / "-h" prints
 * c's help on stdout.  Returns 0; 1 after printing the help; or -1 with
 * an MC_EUSAGE message in d.
 */
int mc_cli_parse(const mc_command *c, int argc, char **argv, mc_settings *set,
		 void *own, const char **pos, int *npos, mc_diag *d);

/* Parses argv[0..argc) against c's options (mc_cli_parse()) and runs c
 * on them; what c->run returns, 0 after printing the help, or -1 with an
 * MC_EUSAGE message in d. */
int mc_cli_run(const mc_command *c, int argc, char **argv, mc_diag *d);

/* c's usage line, without "mcsched ": its name, then its required
 * options, its positional arguments, its other options. */
void mc_help_usage(const mc_command *c, FILE *f);
/* c's --help: usage, about, the options with their defaults and bounds,
 * more. */
void mc_help_command(const mc_command *c, FILE *f);
/* The top-level usage: every command's usage line and the exit
 * statuses. */
void mc_help_top(FILE *f);
/* docs/reference.md: every command, its usage, options (type, default,
 * bounds, job.yaml key), notes and exit statuses, and the plan settings
 * job.yaml takes. */
void mc_help_markdown(FILE *f);

/* For the other writers of the same rows (help_man.c): what o's value is
 * called (its arg, or its choices "a|b|c") in buf; o's help with its
 * default, bounds (and job.yaml key, for a command that takes a job
 * file) after it, in buf; "exit status: 0 ok, 1 usage, ..." and '\n'. */
const char *mc_help_value_name(const mc_setting *o, char *buf, size_t size);
void mc_help_option_text(const mc_command *c, const mc_setting *o, char *buf,
			 size_t size);
void mc_help_exits_line(FILE *f);

/* The man pages (help_man.c): mcsched(1), every command's usage and
 * exit statuses, into dir/mcsched.1, and mcsched-COMMAND(1) for each
 * command (its usage, about, options, notes), from the same rows as
 * --help; release and date go in the title line.  Each file is written
 * whole or not at all.  Returns 0, or -1 with an MC_EINPUT message in
 * d. */
int mc_help_man(const char *dir, const char *release, const char *date,
		mc_diag *d);
/* The bash completion script for mcsched: commands, each command's
 * options, their choices, file names where a path goes, and the run ids
 * of the store named by --db (or the default) where a RUN goes. */
void mc_help_bash_completion(FILE *f);

#endif
