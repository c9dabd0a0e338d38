/* Shared by the job output download and the log follow. */
#ifndef AML_ML_JOB_OUTPUTS_IMPL_H
#define AML_ML_JOB_OUTPUTS_IMPL_H

#include <azureml/job_outputs.h>

#include "ml/client_impl.h"

/* The subfolders of a job's default output that hold logs, each with a
 * trailing '/': "logs/" (the runner), "user_logs/" (the scoring script),
 * "azureml-logs/" (older job types). */
#define AML__JOB_LOG_FOLDERS_COUNT 3
extern const char *const aml__job_log_folders[AML__JOB_LOG_FOLDERS_COUNT];

/* The data URI of `output` of a job already read: its reported URI, else
 * (for "default") the artifact store's ExperimentRun/dcid.<job>/, else the
 * first of azure-ai-ml's probe places on the default datastore that holds
 * anything; AML_ERR_NOT_FOUND when none does. *uri_out: aml__free. */
aml_result aml__job_output_uri(aml_client *c, const aml_job *job, const char *output, char **uri_out,
                               aml_error **err);

#endif
