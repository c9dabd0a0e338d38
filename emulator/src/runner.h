/* The batch job runner: a scheduler thread that claims batch jobs once they
 * have waited --job-start-delay-ms in NotStarted (at most --max-running-jobs
 * at a time) and gives each to a run (run_job.c) on its own thread, so that
 * nothing of a job runs on an HTTP thread. Request handlers only tell it
 * that something changed: notify (a job may have become runnable) and poke
 * (a job's row was changed by someone else: its run must look). */
#ifndef EM_RUNNER_H
#define EM_RUNNER_H

#include "app.h"

typedef struct em_runner em_runner;

/* Write the worker driver (aml_batch_worker.py) into driver_dir and find the
 * interpreter (--python). NULL with *err when the driver cannot be written. */
em_runner *em_runner_new(em_app *app, const char *driver_dir, char **err);
/* Start the scheduler thread. Call with the signals the emulator takes by
 * sigwait already blocked, so that the threads inherit the mask. */
int em_runner_start(em_runner *r);
/* A job may have become runnable (invoke, a status set to NotStarted). */
void em_runner_notify(em_runner *r);
/* The job at key was changed outside the runner; r may be NULL. */
void em_runner_poke(em_runner *r, const char *key);
/* The emulator's clock was moved (POST /_emulator/clock): every run looks
 * at its mini-batch deadlines now, and jobs whose start delay has passed
 * are taken. r may be NULL. */
void em_runner_clock_moved(em_runner *r);
/* The interpreter workers run with, NULL when none was found. */
const char *em_runner_python(const em_runner *r);
/* Stop every run (workers killed, no status written: a restart settles
 * them, see em_run_recover) and the scheduler, then free. */
void em_runner_free(em_runner *r);

#endif
