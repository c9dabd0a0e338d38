/* What a batch job runs, worked out from its record, its deployment and the
 * assets the deployment references, the way Azure ML resolves a batch
 * deployment: the code asset's folder holds codeConfiguration.scoringScript;
 * the model asset's path becomes AZUREML_MODEL_DIR; the input is the list
 * of files below a uri_folder (or the one uri_file); the invoke's settings
 * override the deployment's (mini-batch size, instance count, concurrency,
 * retries, error threshold, output file). Every reason a job cannot run is
 * reported here, as the message the job fails with. */
#ifndef EM_RUN_SPEC_H
#define EM_RUN_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "fsutil.h"

/* Upper bound of worker processes of one job, whatever instanceCount x
 * maxConcurrencyPerInstance asks for: this is one machine. */
#define EM_RUN_MAX_WORKERS 32

typedef struct em_run_spec {
    char *code_dir;        /* folder of the code asset */
    char *script;          /* scoring script path, relative to code_dir */
    char *model_path;      /* exported as AZUREML_MODEL_DIR; NULL without a model */
    char *input_path;      /* the input folder or file */
    em_strv files;         /* input files, sorted */
    int mini_batch_size;
    int instances, concurrency; /* workers = instances * concurrency (capped) */
    int max_retries;       /* further attempts of a failed mini-batch */
    int64_t timeout_ms;    /* per mini-batch attempt */
    long error_threshold;  /* -1 = ignore failures */
    bool append_row;       /* outputAction AppendRow (else SummaryOnly) */
    char *score_dir;       /* the job's folder: its default output */
    char *log_dir;         /* ExperimentRun/dcid.<job> in the artifact store */
    char *output_file;     /* where AppendRow writes */
    json_t *env;           /* the deployment's environmentVariables (object) */
} em_run_spec;

/* Resolve everything for job (takes the store lock for the lookups, lists
 * the input files after releasing it). 0, or -1 with *err (caller frees). */
int em_run_spec_build(em_app *app, const em_job *job, em_run_spec *spec, char **err);
int em_run_spec_workers(const em_run_spec *spec);
void em_run_spec_free(em_run_spec *spec);

#endif
