/* Jobs <-> JSON, for the jobs and invoke operations. */
#ifndef AML_ML_ENTITY_JOB_H
#define AML_ML_ENTITY_JOB_H

#include <azureml/jobs.h>

#include "ml/entity_common.h"

/* A library-owned job from one parsed resource (GET body, list item, invoke answer). */
aml_result aml__job_from_json_value(json_t *item, aml_job **out, aml_error **err);

#endif
