/* The end of a job, as every wait reports it (aml_jobs_wait, log follow). */
#ifndef AML_ML_JOB_FINISH_H
#define AML_ML_JOB_FINISH_H

#include <azureml/jobs.h>

#include "ml/client_impl.h"

#include <stdbool.h>

/* For a job read in a terminal status: add its run history (best effort:
 * times and failure reason; only AML_ERR_NOMEM is returned from it) to the
 * library-owned `job`, then return the outcome: AML_OK (Completed), AML_ERR_CANCELED, or AML_ERR_OPERATION_FAILED
 * with the status and the service's reason in the message. */
aml_result aml__job_finish(aml_client *client, aml_job *job, aml_error **err);

/* Sleep until the next poll of a wait that began at `start_ms` (monotonic)
 * with a deadline `timeout_ms` after it (negative: none): `interval_ms`, or
 * what is left before the deadline, in which case *last is set. The
 * client's sleep hook may refuse: its negative code is returned. */
aml_result aml__job_poll_sleep(aml_client *client, int64_t interval_ms, int64_t start_ms, int64_t timeout_ms,
                               bool *last);

#endif
