/* The end of a job, as every wait reports it (the job-wait poller, log follow). */
#ifndef AML_ML_JOB_FINISH_H
#define AML_ML_JOB_FINISH_H

#include <azureml/jobs.h>

#include "ml/client_impl.h"

/* For a job read in a terminal status: add its run history (best effort:
 * times and failure reason; only AML_ERR_NOMEM is returned from it) to the
 * library-owned `job`, then return the outcome: AML_OK (Completed), AML_ERR_CANCELED, or AML_ERR_OPERATION_FAILED
 * with the status and the service's reason in the message. */
aml_result aml__job_finish(aml_client *client, aml_job *job, aml_error **err);

#endif
