/* A job's log (job.log in its folder): one timestamped line per event of the
 * run (preparation, workers, each mini-batch attempt, the outcome), with the
 * tracebacks of failures indented under their line, so that a user can read
 * why a job did what it did without the emulator's stderr. */
#ifndef EM_JOB_LOG_H
#define EM_JOB_LOG_H

#include <stdio.h>

/* Create (truncate) the log; NULL when it cannot be written. */
FILE *em_job_log_open(const char *path);
/* One line, prefixed by the time. f may be NULL (nothing is written). */
void em_job_log(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A multi-line text (a traceback) under the previous line, indented. */
void em_job_log_block(FILE *f, const char *text);

#endif
