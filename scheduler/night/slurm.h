/*
 * slurm.h - a what-if's scenarios as one Slurm job array: its job
 * directory, sbatch and squeue, and how each task stands.
 *
 * The job directory lies on a file system the submitting machine and the
 * cluster's nodes share (as Slurm's own output files do), and holds:
 *   task.sh       the batch script: every task runs the same mcsched
 *                 command, which picks its scenario by $SLURM_ARRAY_TASK_ID
 *   scenarios     the scenario file of each task, one a line, in order
 *   base.warm     the base run's LP as the submitter solved it: the warm
 *                 start every task plans from (warm.h)
 *   base          what the submitter told of the base
 *   jobs          the Slurm job ids submitted for it, one a line
 *   task-K.log    Slurm's output of task K (stdout and stderr, appended
 *                 across attempts)
 *   K.out         what task K tells of its scenario, written whole
 *                 (models/file.h) after its run is stored: the mark that
 *                 task K is done
 * The store holds the runs; the directory only what is told of them.
 * Everything returned comes from the caller's arena.
 */
#ifndef MC_SLURM_H
#define MC_SLURM_H

#include "arena.h"
#include "diag.h"

/* How a task stands. */
enum mc_slurm_state {
	MC_SLURM_PENDING, /* queued */
	MC_SLURM_RUNNING,
	MC_SLURM_DONE,	 /* its run stored, K.out written */
	MC_SLURM_FAILED, /* neither queued nor done */
};

typedef struct mc_slurm_task {
	int state;	      /* enum mc_slurm_state */
	const char *scenario; /* its scenario file */
	const char *out;      /* done: what it told of its scenario */
	const char *log;      /* its Slurm output file */
	const char *last;     /* failed: the last line of its log, or NULL */
} mc_slurm_task;

typedef struct mc_slurm_job {
	const char *dir;
	const char *jobs; /* its Slurm job ids: "12" or "12,15" */
	const char *base; /* what the submitter told of the base */
	int ntasks;
	mc_slurm_task *task;
	int count[4]; /* tasks per enum mc_slurm_state */
} mc_slurm_job;

/* The job directory: dir made (mode 0700 for a new one; an existing one
 * must hold no job yet), or with dir NULL a new ./mcsched-whatif.XXXXXX; its
 * absolute path in *out.  Returns 0 or -1 (MC_EINPUT) with the reason. */
int mc_slurm_dir(const char *dir, mc_arena *a, const char **out, mc_diag *d);

typedef struct mc_slurm_opts {
	const char *dir;	 /* from mc_slurm_dir() */
	const char *partition;	 /* NULL: the cluster's default */
	const char *const *argv; /* the command every task runs, argv[0] the
				  * program: absolute paths throughout */
	int argc;
	const char *const *scenarios; /* one per task, absolute */
	int ntasks;
	const char *base; /* what the submitter tells of the base */
} mc_slurm_opts;

/* Writes the job directory's task.sh, scenarios and base (base.warm is
 * the caller's, mc_slurm_warm()) and submits one job
 * array of o->ntasks tasks (sbatch --array=0-N-1); its id in *jobid.
 * sbatch reads its other settings from the environment (SBATCH_ACCOUNT,
 * SBATCH_TIMELIMIT, ...), which the tasks also inherit.  Returns 0 or -1
 * (MC_ENOPLAN, with what sbatch said) in d. */
int mc_slurm_submit(const mc_slurm_opts *o, mc_arena *a, const char **jobid,
		    mc_diag *d);

/* How the job in dir stands: the tasks' states (one squeue per job id),
 * the results of those done.  Returns 0 or -1 with the reason in d. */
int mc_slurm_read(const char *dir, mc_arena *a, mc_slurm_job *j, mc_diag *d);

/* mc_slurm_read() until no task is queued or running. */
int mc_slurm_wait(const char *dir, mc_arena *a, mc_slurm_job *j, mc_diag *d);

/* Submits the failed tasks of the job in dir again as one job array of
 * those task ids (the same task.sh); *jobid gets its id and *n how many,
 * none (and *jobid NULL) when no task failed.  Returns 0 or -1. */
int mc_slurm_resubmit(const char *dir, mc_arena *a, const char **jobid, int *n,
		      mc_diag *d);

/* The file at path as a task on another machine is given it: absolute
 * (from a; the working directory before a relative path, symbolic links
 * kept, so a scenario's files are found beside it as here), or path as it
 * is when it is absolute or no file is there (a store location that is a
 * URL). */
const char *mc_slurm_path(const char *path, mc_arena *a);

/* The absolute path of the running binary, which the tasks run (on the
 * file system the nodes share), from a; NULL when it cannot be told. */
const char *mc_slurm_self(mc_arena *a);

/* Where the job directory dir keeps the base's warm start, from a. */
const char *mc_slurm_warm(const char *dir, mc_arena *a);

/* What task k tells once its run is stored: out written whole into
 * dir/k.out.  Returns 0 or -1 (MC_EINPUT). */
int mc_slurm_task_done(const char *dir, int k, const char *out, mc_diag *d);

#endif
