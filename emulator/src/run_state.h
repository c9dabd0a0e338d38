/* The job runner's writes to job rows. The runner owns a job from claiming
 * it (NotStarted -> Preparing, run_id set) until it writes a final status;
 * every write is one transaction that first checks, under the store lock,
 * that the row still carries the run's id. Anyone else who changes the job
 * (ARM cancel, the control API, a delete) therefore wins: the runner sees
 * it at its next write or check and stops. */
#ifndef EM_RUN_STATE_H
#define EM_RUN_STATE_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"

/* Where a run stands after em_run_advance. */
typedef enum em_run_hold {
    EM_RUN_OWNED,       /* the write (or check) was made: carry on */
    EM_RUN_CANCEL,      /* cancel requested through ARM: stop, then write Canceled */
    EM_RUN_LOST,        /* the job was changed or deleted by someone else: stop, write nothing */
    EM_RUN_STORE_ERROR, /* SQLite failed; nothing written */
} em_run_hold;

/* The key in the job's properties.properties that carries why it failed. */
#define EM_JOB_ERROR_PROPERTY "azureml.emulator.error"

/* Claim a NotStarted batch job for a new run (status Preparing). false when
 * the job is no longer NotStarted. run_id receives the new run's id. */
bool em_run_claim(em_app *app, const char *key, char run_id[37]);
/* Move the run's job to status (NULL: only check that the run still owns
 * it), replacing its run_info when info != NULL and recording error (may be
 * NULL) in the job's properties. A final status (Completed, Failed,
 * Canceled) ends the ownership. */
em_run_hold em_run_advance(em_app *app, const char *key, const char *run_id, const char *status,
                           const json_t *info, const char *error);
/* At start: a job still owned by a run belonged to the previous process.
 * CancelRequested ones become Canceled, the others Failed with the reason,
 * also appended to their job log. Returns how many were settled. */
int em_run_recover(em_app *app);

#endif
