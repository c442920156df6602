/*
 * slurm.c - a what-if's scenarios as one Slurm job array (slurm.h).
 *
 * Slurm is driven through its commands (sbatch, squeue), found on PATH and
 * run with their output read back, as an operator would run them: no
 * library of Slurm's is linked, so any cluster whose commands answer works.
 * The arena given owns everything returned.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include "slurm.h"
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* What one command printed and how it ended. */
struct ran {
	char *out, *err; /* from the arena, NUL-terminated */
	int status;	 /* its exit status; 127: not started */
};

/* Reads what is left on fd into *buf (mc_x*-grown); 0 at its end. */
static int drain(int fd, char **buf, size_t *len)
{
	char chunk[4096];
	ssize_t r = read(fd, chunk, sizeof(chunk));
	if (r < 0 && errno == EINTR)
		return 1;
	if (r <= 0)
		return 0;
	*buf = mc_xrealloc(*buf, *len + (size_t)r + 1);
	memcpy(*buf + *len, chunk, (size_t)r);
	*len += (size_t)r;
	(*buf)[*len] = '\0';
	return 1;
}

/* Runs argv (argv[0] found on PATH), stdin from /dev/null, and reads
 * its stdout and stderr to their ends.  Returns 0 when it ran (its exit
 * status in r->status), -1 (MC_ENOPLAN) when it could not be started. */
static int run(const char *const *argv, mc_arena *a, struct ran *r, mc_diag *d)
{
	int po[2], pe[2];
	if (pipe(po) < 0)
		return mc_diag_error(d, MC_ENOPLAN, "unable to run '%s': %s",
				     argv[0], strerror(errno));
	if (pipe(pe) < 0) {
		close(po[0]);
		close(po[1]);
		return mc_diag_error(d, MC_ENOPLAN, "unable to run '%s': %s",
				     argv[0], strerror(errno));
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "%s\n", strerror(errno));
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	char *bufs[2] = {NULL, NULL};
	size_t lens[2] = {0, 0};
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	int open_fds = pid > 0 ? 2 : 0;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++)
			if (fds[i].fd >= 0 && fds[i].revents &&
			    !drain(fds[i].fd, &bufs[i], &lens[i])) {
				fds[i].fd = -1;
				open_fds--;
			}
	}
	close(po[0]);
	close(pe[0]);
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		free(bufs[0]);
		free(bufs[1]);
		return mc_diag_error(d, MC_ENOPLAN, "unable to run '%s': %s",
				     argv[0], strerror(errno));
	}
	r->out = mc_arena_strdup(a, bufs[0] ? bufs[0] : "");
	r->err = mc_arena_strdup(a, bufs[1] ? bufs[1] : "");
	free(bufs[0]);
	free(bufs[1]);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	/* its message on one line: what it said, trailing newlines off */
	for (size_t n = strlen(r->err); n > 0 && r->err[n - 1] == '\n'; n--)
		r->err[n - 1] = '\0';
	if (r->status == 127)
		return mc_diag_error(d, MC_ENOPLAN,
				     "unable to run '%s' (is Slurm installed "
				     "and on PATH?): %s",
				     argv[0], r->err);
	return 0;
}

int mc_slurm_dir(const char *dir, mc_arena *a, const char **out, mc_diag *d)
{
	char tmpl[] = "mcsched-whatif.XXXXXX";
	const char *made = dir;
	if (!dir) {
		if (!mkdtemp(tmpl))
			return mc_diag_error(d, MC_EINPUT,
					     "unable to make a job directory "
					     "in '.': %s",
					     strerror(errno));
		made = tmpl;
	} else if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		return mc_diag_error(d, MC_EINPUT, "unable to make '%s': %s",
				     dir, strerror(errno));
	} else {
		char *probe = mc_arena_printf(a, "%s/scenarios", dir);
		if (access(probe, F_OK) == 0)
			return mc_diag_error(
			    d, MC_EINPUT,
			    "'%s' holds a what-if job already: "
			    "give a new directory",
			    dir);
	}
	char *abs = realpath(made, NULL);
	if (!abs)
		return mc_diag_error(d, MC_EINPUT, "unable to resolve '%s': %s",
				     made, strerror(errno));
	*out = mc_arena_strdup(a, abs);
	free(abs);
	return 0;
}

const char *mc_slurm_path(const char *path, mc_arena *a)
{
	char cwd[4096];
	if (path[0] == '/' || access(path, F_OK) != 0 ||
	    !getcwd(cwd, sizeof(cwd)))
		return path;
	return mc_arena_printf(a, "%s/%s", cwd, path);
}

const char *mc_slurm_self(mc_arena *a)
{
	char *abs = realpath("/proc/self/exe", NULL);
	const char *r = abs ? mc_arena_strdup(a, abs) : NULL;
	free(abs);
	return r;
}

/* s in single quotes for sh: 'it'\''s'. */
static const char *sh_quote(const char *s, mc_arena *a)
{
	size_t n = 3;
	for (const char *p = s; *p; p++)
		n += *p == '\'' ? 4 : 1;
	char *q = mc_arena_alloc(a, n), *w = q;
	*w++ = '\'';
	for (const char *p = s; *p; p++) {
		if (*p == '\'') {
			memcpy(w, "'\\''", 4);
			w += 4;
		} else {
			*w++ = *p;
		}
	}
	*w++ = '\'';
	*w = '\0';
	return q;
}

struct script {
	const mc_slurm_opts *o;
	mc_arena *a;
};

static int write_script(FILE *f, const void *ctx, mc_diag *d)
{
	const struct script *s = ctx;
	const mc_slurm_opts *o = s->o;
	(void)d;
	fprintf(f,
		"#!/bin/sh\n"
		"# mcsched whatif on Slurm: task K of this job array plans "
		"line K+1 of\n# %s/scenarios on the base run and "
		"stores it (docs/design.md)\n"
		"#SBATCH --job-name=mcsched-whatif\n"
		"#SBATCH --ntasks=1\n"
		"#SBATCH --cpus-per-task=1\n",
		o->dir);
	if (o->partition)
		fprintf(f, "#SBATCH --partition=%s\n", o->partition);
	fputs("exec", f);
	for (int i = 0; i < o->argc; i++)
		fprintf(f, " %s", sh_quote(o->argv[i], s->a));
	fputc('\n', f);
	return 0;
}

static int write_lines(FILE *f, const void *ctx, mc_diag *d)
{
	const mc_slurm_opts *o = ctx;
	(void)d;
	for (int i = 0; i < o->ntasks; i++)
		fprintf(f, "%s\n", o->scenarios[i]);
	return 0;
}

/* Appends line to dir/name (the jobs file: a line is whole or absent). */
static int append_line(const char *dir, const char *name, const char *line,
		       mc_arena *a, mc_diag *d)
{
	const char *path = mc_arena_printf(a, "%s/%s", dir, name);
	FILE *f = fopen(path, "a");
	int bad = !f || fprintf(f, "%s\n", line) < 0 || fflush(f) != 0 ||
		  fsync(fileno(f)) != 0;
	int err = errno;
	if (f && fclose(f) != 0)
		bad = 1;
	if (bad)
		return mc_diag_error(d, MC_EINPUT, "unable to write '%s': %s",
				     path, strerror(err));
	return 0;
}

/* sbatch --array=spec of dir's task.sh; the job's id in *jobid. */
static int sbatch(const char *dir, const char *spec, mc_arena *a,
		  const char **jobid, mc_diag *d)
{
	const char *argv[] = {
	    "sbatch",
	    "--parsable",
	    mc_arena_printf(a, "--array=%s", spec),
	    mc_arena_printf(a, "--output=%s/task-%%a.log", dir),
	    "--open-mode=append",
	    mc_arena_printf(a, "--chdir=%s", dir),
	    mc_arena_printf(a, "%s/task.sh", dir),
	    NULL};
	struct ran r;
	if (run(argv, a, &r, d) < 0)
		return -1;
	/* "ID" or "ID;cluster" */
	size_t n = strspn(r.out, "0123456789");
	if (r.status != 0 || n == 0)
		return mc_diag_error(d, MC_ENOPLAN,
				     "sbatch did not take the job (exit "
				     "status %d): %s",
				     r.status, *r.err ? r.err : r.out);
	*jobid = mc_arena_strndup(a, r.out, n);
	return append_line(dir, "jobs", *jobid, a, d);
}

struct text {
	const char *s;
};

static int write_text(FILE *f, const void *ctx, mc_diag *d)
{
	(void)d;
	fputs(((const struct text *)ctx)->s, f);
	return 0;
}

int mc_slurm_submit(const mc_slurm_opts *o, mc_arena *a, const char **jobid,
		    mc_diag *d)
{
	if (o->partition &&
	    (!*o->partition ||
	     o->partition[strspn(o->partition, "abcdefghijklmnopqrstuvwxyz"
					       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					       "0123456789_.,-")]))
		return mc_diag_error(d, MC_EUSAGE,
				     "'%s' is no Slurm partition name",
				     o->partition);
	for (int i = 0; i < o->ntasks; i++)
		if (strchr(o->scenarios[i], '\n'))
			return mc_diag_error(d, MC_EUSAGE,
					     "a scenario file's name holds a "
					     "newline");
	struct script s = {o, a};
	struct text base = {o->base};
	if (mc_file_write(mc_arena_printf(a, "%s/task.sh", o->dir),
			  write_script, &s, d) < 0 ||
	    mc_file_write(mc_arena_printf(a, "%s/base", o->dir), write_text,
			  &base, d) < 0 ||
	    mc_file_write(mc_arena_printf(a, "%s/scenarios", o->dir),
			  write_lines, o, d) < 0)
		return -1;
	return sbatch(o->dir, mc_arena_printf(a, "0-%d", o->ntasks - 1), a,
		      jobid, d);
}

/* The whole file dir/name into *text, or NULL when it is not there. */
static int slurp(const char *dir, const char *name, mc_arena *a,
		 const char **text, mc_diag *d)
{
	const char *path = mc_arena_printf(a, "%s/%s", dir, name);
	char *buf;
	size_t len;
	*text = NULL;
	if (access(path, F_OK) < 0 && errno == ENOENT)
		return 0;
	if (mc_file_read(path, 1 << 24, &buf, &len, d) < 0)
		return -1;
	*text = mc_arena_strndup(a, buf, len);
	free(buf);
	return 0;
}

/* The last line of text that is not empty, or NULL. */
static const char *last_line(const char *text, mc_arena *a)
{
	if (!text)
		return NULL;
	size_t end = strlen(text);
	while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r'))
		end--;
	size_t start = end;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	return end > start ? mc_arena_strndup(a, text + start, end - start)
			   : NULL;
}

/* The tasks of Slurm job id still queued or running, by their states in
 * j (a task done, K.out written, stays done). */
static int queued(const char *dir, const char *id, mc_arena *a, mc_slurm_job *j,
		  mc_diag *d)
{
	const char *argv[] = {"squeue", "-h", "-r",    "-j",
			      id,	"-o", "%K %T", NULL};
	struct ran r;
	if (run(argv, a, &r, d) < 0)
		return -1;
	if (r.status != 0) {
		/* a job the controller has forgotten: none of it queued */
		if (strstr(r.err, "Invalid job id"))
			return 0;
		return mc_diag_error(d, MC_ENOPLAN,
				     "squeue cannot tell how job %s of '%s' "
				     "stands: %s",
				     id, dir, r.err);
	}
	for (char *line = r.out; line && *line;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		int k;
		char state[64];
		if (sscanf(line, "%d %63s", &k, state) == 2 && k >= 0 &&
		    k < j->ntasks && j->task[k].state != MC_SLURM_DONE) {
			int running = strcmp(state, "PENDING") != 0 &&
				      strcmp(state, "CONFIGURING") != 0 &&
				      strcmp(state, "REQUEUED") != 0;
			j->task[k].state =
			    running ? MC_SLURM_RUNNING : MC_SLURM_PENDING;
		}
		line = next;
	}
	return 0;
}

int mc_slurm_read(const char *dir, mc_arena *a, mc_slurm_job *j, mc_diag *d)
{
	const char *lines, *jobs;
	memset(j, 0, sizeof(*j));
	j->dir = dir;
	if (slurp(dir, "scenarios", a, &lines, d) < 0 ||
	    slurp(dir, "jobs", a, &jobs, d) < 0 ||
	    slurp(dir, "base", a, &j->base, d) < 0)
		return -1;
	if (!lines || !jobs || !j->base)
		return mc_diag_error(d, MC_EUSAGE,
				     "'%s' is no what-if job directory (no "
				     "scenarios or jobs file)",
				     dir);
	for (const char *p = lines; *p; p++)
		j->ntasks += *p == '\n';
	j->task = mc_arena_calloc(a, (size_t)j->ntasks + 1, sizeof(*j->task));
	char *l = mc_arena_strdup(a, lines);
	for (int k = 0; k < j->ntasks; k++) {
		char *nl = strchr(l, '\n');
		*nl = '\0';
		mc_slurm_task *t = &j->task[k];
		t->scenario = l;
		t->state = MC_SLURM_FAILED;
		t->log = mc_arena_printf(a, "%s/task-%d.log", dir, k);
		if (slurp(dir, mc_arena_printf(a, "%d.out", k), a, &t->out, d) <
		    0)
			return -1;
		if (t->out)
			t->state = MC_SLURM_DONE;
		l = nl + 1;
	}
	/* the job ids, "12,15": each asked for the tasks it still holds */
	char *ids = mc_arena_strdup(a, jobs), *list = mc_arena_strdup(a, "");
	for (char *id = strtok(ids, "\n"); id; id = strtok(NULL, "\n")) {
		list = mc_arena_printf(a, "%s%s%s", list, *list ? "," : "", id);
		if (queued(dir, id, a, j, d) < 0)
			return -1;
	}
	j->jobs = list;
	for (int k = 0; k < j->ntasks; k++) {
		mc_slurm_task *t = &j->task[k];
		if (t->state == MC_SLURM_FAILED) {
			const char *log;
			if (slurp(dir, mc_arena_printf(a, "task-%d.log", k), a,
				  &log, d) < 0)
				return -1;
			t->last = last_line(log, a);
		}
		j->count[t->state]++;
	}
	return 0;
}

int mc_slurm_wait(const char *dir, mc_arena *a, mc_slurm_job *j, mc_diag *d)
{
	/* a task takes seconds at least: squeue twice a second is no load
	 * on the controller, and adds half a second at most */
	const struct timespec pause = {0, 500 * 1000 * 1000};
	for (;;) { /* each look in an arena of its own: hours of them */
		mc_arena *look = mc_arena_new();
		int rc = mc_slurm_read(dir, look, j, d);
		int busy =
		    rc == 0 &&
		    j->count[MC_SLURM_PENDING] + j->count[MC_SLURM_RUNNING] > 0;
		mc_arena_free(look);
		if (rc < 0)
			return -1;
		if (!busy) /* the last look, kept */
			return mc_slurm_read(dir, a, j, d);
		nanosleep(&pause, NULL);
	}
}

int mc_slurm_resubmit(const char *dir, mc_arena *a, const char **jobid, int *n,
		      mc_diag *d)
{
	mc_slurm_job j;
	*jobid = NULL;
	*n = 0;
	if (mc_slurm_read(dir, a, &j, d) < 0)
		return -1;
	const char *spec = "";
	for (int k = 0; k < j.ntasks; k++)
		if (j.task[k].state == MC_SLURM_FAILED) {
			spec = mc_arena_printf(a, "%s%s%d", spec, *n ? "," : "",
					       k);
			++*n;
		}
	return *n ? sbatch(dir, spec, a, jobid, d) : 0;
}

const char *mc_slurm_warm(const char *dir, mc_arena *a)
{
	return mc_arena_printf(a, "%s/base.warm", dir);
}

int mc_slurm_task_done(const char *dir, int k, const char *out, mc_diag *d)
{
	struct text o = {out};
	mc_arena *a = mc_arena_new();
	int rc = mc_file_write(mc_arena_printf(a, "%s/%d.out", dir, k),
			       write_text, &o, d);
	mc_arena_free(a);
	return rc;
}
