/*
 * help.c - --help, the top-level usage and docs/reference.md, all written
 * from the rows of the commands (cli.h) and of the plan settings
 * (settings.h): the option lines, their defaults and bounds are never
 * typed twice.
 */
#include "cli.h"

#include <float.h>
#include <limits.h>
#include <string.h>

/* Where the text of an option line starts, and the width it wraps at. */
#define HELP_COL   26
#define HELP_WIDTH 79

/* A command whose first argument is a job file shows the job.yaml key of
 * each plan setting. */
static int takes_job(const mc_command *c)
{
	return c->args[0].name && strcmp(c->args[0].name, "job.yaml") == 0;
}

const char *mc_help_value_name(const mc_setting *o, char *buf, size_t size)
{
	size_t n = 0;
	if (!o->choices)
		return o->arg ? o->arg : "X";
	buf[0] = '\0';
	for (int i = 0; o->choices[i]; i++)
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
				      i ? "|" : "", o->choices[i]);
	return buf;
}

/* o's bounds in words ("0..366", "above 0, at most 86400"), or "" when
 * its type says all. */
static const char *bounds(const mc_setting *o, char *buf, size_t size)
{
	buf[0] = '\0';
	if (o->type == MC_OPT_LIST)
		snprintf(buf, size, "at most %.10g", o->max);
	else if ((o->type == MC_OPT_INT && o->max < INT_MAX) ||
		 (o->type == MC_OPT_NUM && o->max < DBL_MAX))
		snprintf(buf, size,
			 o->open_min ? "above %.10g, at most %.10g"
				     : "%.10g..%.10g",
			 o->min, o->max);
	else if (o->type == MC_OPT_INT && o->min > 0)
		snprintf(buf, size, "from %.10g", o->min);
	return buf;
}

/* "--name VALUE" (or "--name" for a flag; "--name VALUE ..." for a
 * list). */
static void option_form(const mc_setting *o, FILE *f)
{
	char buf[200];
	fprintf(f, "--%s", o->name);
	if (o->type != MC_OPT_FLAG)
		fprintf(f, " %s", mc_help_value_name(o, buf, sizeof(buf)));
	if (o->type == MC_OPT_LIST)
		fputs(" ...", f);
}

static void arg_form(const mc_arg *a, FILE *f)
{
	if (a->optional)
		fprintf(f, "[%s%s]", a->name, a->repeat ? " ..." : "");
	else if (a->repeat)
		fprintf(f, "%s [%s ...]", a->name, a->name);
	else
		fputs(a->name, f);
}

/* A command-line option the command cannot do without (a plan setting's
 * required is job.yaml's). */
static int needed(const mc_setting *o)
{
	return o->required && !o->id;
}

void mc_help_usage(const mc_command *c, FILE *f)
{
	fputs(c->name, f);
	for (const mc_setting *const *o = c->opts; *o; o++)
		if (needed(*o)) {
			fputc(' ', f);
			option_form(*o, f);
		}
	for (const mc_arg *a = c->args; a->name; a++) {
		fputc(' ', f);
		arg_form(a, f);
	}
	for (const mc_setting *const *o = c->opts; *o; o++)
		if (!needed(*o)) {
			fputs(" [", f);
			option_form(*o, f);
			fputc(']', f);
		}
}

/* Writes text from column col (the line already holds col characters),
 * wrapped at HELP_WIDTH with continuation lines indented to indent. */
static void wrap(const char *text, int col, int indent, FILE *f)
{
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t w = strcspn(p, " ");
		if (col > indent && col + 1 + (int)w > HELP_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (int)w;
		p += w;
	}
	fputc('\n', f);
}

void mc_help_option_text(const mc_command *c, const mc_setting *o, char *buf,
			 size_t size)
{
	char b[80];
	size_t n = (size_t)snprintf(buf, size, "%s", o->help);
	const char *sep = " (";
	if (o->def) {
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0,
				      "%sdefault %s", sep, o->def);
		sep = "; ";
	}
	if (*bounds(o, b, sizeof(b))) {
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
				      sep, b);
		sep = "; ";
	}
	if (o->key && takes_job(c)) {
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0,
				      "%sjob.yaml: %s", sep, o->key);
		sep = "; ";
	}
	if (*sep == ';' && n < size)
		snprintf(buf + n, size - n, ")");
}

void mc_help_command(const mc_command *c, FILE *f)
{
	fputs("usage: mcsched ", f);
	mc_help_usage(c, f);
	fprintf(f, "\n\n%s", c->about);
	for (const mc_setting *const *o = c->opts; *o; o++) {
		char left[128], text[1024], v[200];
		int n =
		    (*o)->alias
			? snprintf(left, sizeof(left), "  -%c, --%s",
				   (*o)->alias, (*o)->name)
			: snprintf(left, sizeof(left), "  --%s", (*o)->name);
		if ((*o)->type != MC_OPT_FLAG)
			n += snprintf(left + n, sizeof(left) - (size_t)n, " %s",
				      mc_help_value_name(*o, v, sizeof(v)));
		mc_help_option_text(c, *o, text, sizeof(text));
		/* the text beside the option, or below a long one */
		fputs(left, f);
		if (n + 1 >= HELP_COL)
			fprintf(f, "\n%*s", HELP_COL, "");
		else
			fprintf(f, "%*s", HELP_COL - n, "");
		wrap(text, HELP_COL, HELP_COL, f);
	}
	if (c->more)
		fputs(c->more, f);
}

/* "exit status: 0 ok, 1 usage, ..." */
void mc_help_exits_line(FILE *f)
{
	fputs("exit status:", f);
	for (int i = 0; mc_exits[i].meaning; i++)
		fprintf(f, "%s %d %s", i ? "," : "", mc_exits[i].status,
			mc_exits[i].meaning);
	fputc('\n', f);
}

void mc_help_top(FILE *f)
{
	fputs("usage: mcsched COMMAND [options]   (mcsched COMMAND --help)\n",
	      f);
	for (int i = 0; mc_commands[i]; i++) {
		fputs("  mcsched ", f);
		mc_help_usage(mc_commands[i], f);
		fputc('\n', f);
	}
	mc_help_exits_line(f);
}

/* ---- docs/reference.md ---- */

/* text with Markdown's special characters escaped. */
static void md_text(const char *text, size_t len, FILE *f)
{
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		if (ch == '<')
			fputs("&lt;", f);
		else if (ch == '>')
			fputs("&gt;", f);
		else if (ch == '|' || ch == '*' || ch == '\\' || ch == '`')
			fprintf(f, "\\%c", ch);
		else
			fputc(ch, f);
	}
}

/* A block of help lines: the lines indented by two spaces (examples,
 * lists) as a code block, the others as paragraphs. */
static void md_block(const char *text, FILE *f)
{
	int code = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		int indented = strncmp(p, "  ", 2) == 0;
		if (indented != code) {
			fputs(code ? "```\n\n" : "\n```text\n", f);
			code = indented;
		}
		if (code)
			fwrite(p, 1, len, f);
		else
			md_text(p, len, f);
		fputc('\n', f);
		p += len + (p[len] == '\n');
	}
	if (code)
		fputs("```\n", f);
	fputc('\n', f);
}

static const char *const type_names[] = {
    [MC_OPT_FLAG] = "flag",
    [MC_OPT_STR] = "text",
    [MC_OPT_PATH] = "path",
    [MC_OPT_INT] = "whole number",
    [MC_OPT_NUM] = "number",
    [MC_OPT_DAY] = "today or YYYY-MM-DD",
    [MC_OPT_LIST] = "path, repeatable",
};

/* One row of an options table: option, value, default, bounds, job.yaml
 * key, what it does. */
static void md_option(const mc_setting *o, FILE *f)
{
	char v[200], b[80];
	fputs("| ", f);
	if (o->alias)
		fprintf(f, "`-%c`, ", o->alias);
	fprintf(f, "`--%s` | ", o->name);
	if (o->type != MC_OPT_FLAG) { /* a table's | escaped, in code too */
		fputc('`', f);
		for (const char *p = mc_help_value_name(o, v, sizeof(v)); *p;
		     p++) {
			if (*p == '|')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputs("` ", f);
	}
	fprintf(f, "(%s) | ", type_names[o->type]);
	if (o->def)
		fprintf(f, "`%s`", o->def);
	fputs(" | ", f);
	bounds(o, b, sizeof(b));
	md_text(b, strlen(b), f);
	fputs(" | ", f);
	if (o->key)
		fprintf(f, "`%s`%s", o->key, o->required ? " (required)" : "");
	fputs(" | ", f);
	md_text(o->help, strlen(o->help), f);
	if (o->required && !o->id)
		fputs(" (required)", f);
	fputs(" |\n", f);
}

static void md_table_head(FILE *f, const char *first)
{
	fprintf(f,
		"| %s | value | default | bounds | job.yaml | what it "
		"does |\n|---|---|---|---|---|---|\n",
		first);
}

void mc_help_markdown(FILE *f)
{
	fputs("# mcsched command reference\n\n"
	      "Generated by `make reference` from the command line's tables "
	      "(scheduler/cli, the\nplan settings of models/settings.c), as "
	      "`mcsched COMMAND --help` is; a test fails\nwhen this file "
	      "differs from them.  Do not edit it: edit the tables.\n\n"
	      "Every command takes `--help` (`-h`).  Options may come "
	      "anywhere; `--` ends them;\na value follows its option "
	      "(`--db F`) or an equals sign (`--db=F`).\n\n",
	      f);
	for (int i = 0; mc_commands[i]; i++)
		fprintf(f, "- [`%s`](#mcsched-%s)\n", mc_commands[i]->name,
			mc_commands[i]->name);
	fputs("- [Plan settings and job.yaml](#plan-settings-and-jobyaml)\n"
	      "- [Exit statuses](#exit-statuses)\n\n",
	      f);
	for (int i = 0; mc_commands[i]; i++) {
		const mc_command *c = mc_commands[i];
		fprintf(f, "## mcsched %s\n\n```text\nmcsched ", c->name);
		mc_help_usage(c, f);
		fputs("\n```\n\n", f);
		md_block(c->about, f);
		if (c->opts[0]) {
			md_table_head(f, "option");
			for (const mc_setting *const *o = c->opts; *o; o++)
				md_option(*o, f);
			fputc('\n', f);
		}
		if (c->more)
			md_block(c->more, f);
	}
	fputs("## Plan settings and job.yaml\n\n"
	      "A plan's settings, in job.yaml's order.  Each is taken from "
	      "its option when given,\nelse from job.yaml's key, else it is "
	      "its default.  job.yaml's paths are relative\nto the job "
	      "file's folder; `scenario: FILE` is one overlay, before those "
	      "of\n`scenarios`.\n\n",
	      f);
	md_table_head(f, "option");
	for (int id = MC_SET_NONE + 1; id < MC_SET_COUNT; id++)
		md_option(mc_setting_of(id), f);
	fputs("\n## Exit statuses\n\n| status | meaning |\n|---|---|\n", f);
	for (int i = 0; mc_exits[i].meaning; i++)
		fprintf(f, "| %d | %s |\n", mc_exits[i].status,
			mc_exits[i].meaning);
}
