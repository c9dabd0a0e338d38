/* One run of one batch job, on its own thread: prepare (resolve the
 * deployment, code, model and input; create the job's folder and log),
 * Running, the mini-batch loop (dispatch.c), then the final status. The
 * runner (runner.c) creates runs for the jobs it claims, pokes them when a
 * job's row was changed by someone else, and stops them at shutdown. */
#ifndef EM_RUN_JOB_H
#define EM_RUN_JOB_H

#include <stdbool.h>

#include "app.h"

/* What every run of this emulator starts its workers with. */
typedef struct em_run_env {
    const char *python; /* interpreter, NULL when none was found */
    const char *driver; /* path of the written aml_batch_worker.py */
} em_run_env;

typedef struct em_run em_run;

/* A run of the job at key, already claimed under run_id. on_done(ctx) is
 * called from the run's thread as its last act. */
em_run *em_run_new(em_app *app, const em_run_env *env, const char *key, const char *run_id,
                   void (*on_done)(void *ctx), void *ctx);
/* Start its thread; -1 when none could be created (the run is then done). */
int em_run_start(em_run *run);
/* The job's row changed: consult it now (cancel, forced status, delete). */
void em_run_poke(em_run *run);
/* The emulator is stopping: kill the workers and write nothing more. */
void em_run_stop(em_run *run);
bool em_run_done(em_run *run);
const char *em_run_key(const em_run *run);
/* Wait for the thread (if any) and free. */
void em_run_free(em_run *run);

#endif
