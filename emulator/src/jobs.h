/* Job records shared by the ARM jobs surface (arm_jobs.c) and the batch
 * scoring URI (scoring.c). */
#ifndef EM_JOBS_H
#define EM_JOBS_H

#include <jansson.h>

#include "store.h"

/* Store key of a job: the workspace key + "/jobs/" + name (job names are
 * case-sensitive, so the name keeps its case). */
char *em_job_key(const char *ws_key, const char *name);
/* The ARM JobBase body of a job row (new ref), status merged in. */
json_t *em_job_arm_body(const em_job *job);
/* Terminal for clients: Completed, Failed, Canceled. */
int em_job_status_terminal(const char *status);

#endif
