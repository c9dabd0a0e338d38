/* The mini-batch loop of one batch job: the input files cut into
 * mini-batches, handed to idle workers; an attempt that raised, timed out
 * (the worker is then killed and replaced) or lost its worker is retried up
 * to maxRetries times, after which its files count as failed; run()'s rows
 * are appended to the output file as they arrive; the job fails as soon as
 * the failed items exceed errorThreshold, or when init() fails. It knows
 * nothing about the store: ctl tells it when to stop. */
#ifndef EM_DISPATCH_H
#define EM_DISPATCH_H

#include <stdbool.h>
#include <stdio.h>

#include "run_spec.h"
#include "run_state.h"
#include "worker.h"

typedef enum em_dispatch_end {
    EM_DISPATCH_DONE,   /* every mini-batch settled, failures within the threshold */
    EM_DISPATCH_FAILED, /* res->error says why */
    EM_DISPATCH_CANCEL, /* ctl->check answered EM_RUN_CANCEL */
    EM_DISPATCH_LOST,   /* ctl->check answered EM_RUN_LOST or a store error */
    EM_DISPATCH_STOP,   /* ctl->stopping(): the emulator is shutting down */
} em_dispatch_end;

typedef struct em_dispatch_ctl {
    int wake_fd; /* readable when the loop should consult check() at once */
    em_run_hold (*check)(void *ctx); /* is the job still the run's? (also every second) */
    bool (*stopping)(void *ctx);
    void *ctx;
} em_dispatch_ctl;

typedef struct em_dispatch_result {
    int workers;
    long batches, items, succeeded, failed, rows;
    char *error; /* why the job failed (caller frees) */
} em_dispatch_result;

/* Run every mini-batch of spec. log and out (AppendRow's file; NULL for
 * SummaryOnly) stay open; every worker is gone when this returns. */
em_dispatch_end em_dispatch_run(const em_run_spec *spec, const em_worker_launch *launch,
                                FILE *log, FILE *out, const em_dispatch_ctl *ctl,
                                em_dispatch_result *res);

#endif
