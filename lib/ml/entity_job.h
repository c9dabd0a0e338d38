/* Jobs <-> JSON, for the jobs, job list and invoke operations. */
#ifndef AML_ML_ENTITY_JOB_H
#define AML_ML_ENTITY_JOB_H

#include <azureml/jobs.h>

#include "ml/entity_common.h"

/* A library-owned job from one parsed resource (GET body, list item, invoke answer). */
aml_result aml__job_from_json_value(json_t *item, aml_job **out, aml_error **err);

/* Fill a library-owned job's run-history fields (start/end times, failure
 * code and message; the status when the job had none) from a
 * `runs/{id}/details` body. Strings go into the job's arena. */
aml_result aml__job_apply_history(aml_job *job, json_t *details, aml_error **err);

/* Job input/output types: the data plane's PascalCase ("UriFolder") for a
 * known ARM spelling ("uri_folder", any case), and back. Unknown values are
 * returned as given. */
const char *aml__job_io_type_wire(const char *type);
const char *aml__job_io_type_arm(const char *type);

#endif
